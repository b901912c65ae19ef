// Formatting helpers and status colors for the dashboard.

/** Fixed colors for the platform's canonical statuses (priority order). */
export const STATUS_COLORS = {
  extcall: "#7c3aed", incall: "#2563eb", offline: "#9aa4b2", unreachable: "#b42318", ring: "#0891b2",
  paused: "#d97706", wrapup: "#16a34a", ready: "#86efac", idle: "#cbd5e1",
};

/** A stable color for any status: canonical ones fixed, others hashed to a hue. */
export function statusColor(status) {
  if (STATUS_COLORS[status]) return STATUS_COLORS[status];
  let h = 0;
  for (const c of status) h = (h * 31 + c.codePointAt(0)) >>> 0;
  return `hsl(${h % 360} 55% 55%)`;
}

/** ms → h:mm:ss */
export function hms(ms) {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** epoch ms → "YYYY-MM-DD HH:MM:SS UTC" */
export function utc(ms) {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
