// Dates in the account's IANA time zone (the log's companion file names it; UTC otherwise). Every
// conversion goes through the agent-kpis package (jiff and its bundled tz database), the same
// engine as the KPIs, the schedules and the CLI: a day starts at its first instant even where
// local midnight does not exist, and a local time in a spring-forward gap moves forward.
// Epoch ms in, epoch ms out.

/** @type {null | { parseTime(text: string, timezone?: string | null): number, zonedStartOfDay(ts: number, timezone?: string | null): number, zonedWallClock(ts: number, timezone?: string | null): { year: number, month: number, day: number, hour: number, minute: number, second: number, weekday: number, offsetSeconds: number } }} */
let engine = null;

/** Binds the package's time functions; called once its wasm is initialised, before any other use. */
export function useTimeEngine(pkg) {
  engine = pkg;
}

function bound() {
  if (engine === null) throw new Error("time.js: useTimeEngine(pkg) was not called");
  return engine;
}

/** Throws a RangeError naming the zone when the tz database does not know it. */
export function checkZone(timeZone) {
  try {
    bound().zonedStartOfDay(0, timeZone);
  } catch {
    throw new RangeError(`timezone: unknown IANA time zone ${JSON.stringify(timeZone)}`);
  }
}

/** The wall-clock fields of `ts` in `timeZone`: { year, month (1-12), day, hour, minute, second, weekday (0 = Sunday) }. */
export function zonedParts(ts, timeZone) {
  return bound().zonedWallClock(ts, timeZone);
}

/** The first instant of the local day (in `timeZone`) that contains `ts`. */
export function startOfDay(ts, timeZone) {
  return bound().zonedStartOfDay(ts, timeZone);
}

const two = (n) => String(n).padStart(2, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** "HH:MM:SS" */
export function clockTime(ts, timeZone) {
  const p = zonedParts(ts, timeZone);
  return `${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** "Tue 10 Mar 2026" */
export function dayLabel(ts, timeZone) {
  const p = zonedParts(ts, timeZone);
  return `${WEEKDAYS[p.weekday]} ${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

/** The value of an `<input type="datetime-local" step="1">`: "YYYY-MM-DDTHH:MM:SS". */
export function toInputValue(ts, timeZone) {
  const p = zonedParts(ts, timeZone);
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/**
 * Parses a datetime-local value as a wall-clock time in `timeZone` (a time in a spring-forward gap
 * moves forward by the gap; a repeated one is the earlier instant); NaN when it is not one.
 */
export function fromInputValue(value, timeZone) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(value)) return NaN;
  try {
    return bound().parseTime(value, timeZone);
  } catch {
    return NaN;
  }
}
