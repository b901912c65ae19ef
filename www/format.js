// Number and duration formatting for the dashboard.

/** ms → "h:mm:ss" (hours unbounded). */
export function hms(ms) {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** ms → "m:ss" (minutes unbounded): an average handle time. */
export function mss(ms) {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** ms → "1 h 05 min", "15 min", "42 s": a window's length at a glance. */
export function span(ms) {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

const grouped = new Intl.NumberFormat("en");

/** 1234567 → "1,234,567" (one formatter: `toLocaleString` builds one per call) */
export const count = (n) => grouped.format(n);

