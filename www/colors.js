// Status colors: the platform's canonical statuses get fixed colors, any other status a stable
// color hashed from its name, so a status looks the same in every row, legend and refresh.

/** Canonical statuses in display order: working, available, away, gone. */
export const CANONICAL = ["incall", "extcall", "ring", "wrapup", "ready", "idle", "paused", "unreachable", "offline"];

// Maps, not object literals: a status is any string, and a plain object would answer
// "constructor" or "toString" with what it inherits.
export const STATUS_COLORS = new Map([
  ["incall", "#1d4ed8"],
  ["extcall", "#7c3aed"],
  ["ring", "#22d3ee"],
  ["wrapup", "#0d9488"],
  ["ready", "#4ade80"],
  ["idle", "#cbd5e1"],
  ["paused", "#f59e0b"],
  ["unreachable", "#dc2626"],
  ["offline", "#64748b"],
]);

export const STATUS_LABELS = new Map([
  ["incall", "In call"], ["extcall", "Outbound call"], ["ring", "Ringing"], ["wrapup", "Wrap-up"], ["ready", "Ready"],
  ["idle", "Idle"], ["paused", "Paused"], ["unreachable", "Unreachable"], ["offline", "Offline"],
]);

/** A stable color for any status. */
export function statusColor(status) {
  const fixed = STATUS_COLORS.get(status);
  if (fixed) return fixed;
  let h = 2166136261;
  for (const c of status) h = Math.imul(h ^ c.codePointAt(0), 16777619) >>> 0;
  return `hsl(${h % 360} 60% ${42 + ((h >>> 9) % 3) * 8}%)`;
}

/** A status's display name ("incall" → "In call"); other statuses as they are. */
export const statusLabel = (status) => STATUS_LABELS.get(status) ?? status;

/** Sort key: canonical order first (offline last), then other statuses by name before offline. */
export function compareStatus(a, b) {
  const rank = (s) => (s === "offline" ? 1e9 : CANONICAL.includes(s) ? CANONICAL.indexOf(s) : CANONICAL.length - 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
