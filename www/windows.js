// The window's start (`since`) for each choice in the Window selector.

const MIN = 60_000;

/** Window choice → its label, in menu order. A Map: the choice can come from a URL parameter. */
export const WINDOWS = new Map([
  ["day", "Since start of day"],
  ["shift", "Since shift start"],
  ["hour", "Last hour"],
  ["15m", "Last 15 minutes"],
  ["custom", "Custom…"],
]);

/**
 * `since` for a window choice at replay time `now`. `data` carries the log's day start and first
 * login; relative windows never start before the epoch. A custom start after `now` is returned as
 * is: the package rejects it with a RangeError, which the page shows.
 */
export function sinceFor(mode, now, { dayStart, firstLogin, custom }) {
  switch (mode) {
    case "shift": return Math.min(firstLogin, now);
    case "hour": return Math.max(0, now - 60 * MIN);
    case "15m": return Math.max(0, now - 15 * MIN);
    case "custom": return custom;
    default: return Math.min(dayStart, now);
  }
}
