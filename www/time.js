// Dates in the account's IANA time zone (the log's companion file names it; UTC otherwise), with
// nothing but Intl. Epoch ms in, epoch ms out.

const formats = new Map();

function partsFormat(timeZone) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", weekday: "short",
      year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError naming the zone when the browser does not know it. */
export function checkZone(timeZone) {
  try {
    partsFormat(timeZone);
  } catch {
    throw new RangeError(`timezone: unknown IANA time zone ${JSON.stringify(timeZone)}`);
  }
}

/** The wall-clock fields of `ts` in `timeZone`: { y, mo (1-12), d, h, mi, s, weekday }. */
export function zonedParts(ts, timeZone) {
  const p = {};
  for (const { type, value } of partsFormat(timeZone).formatToParts(ts)) p[type] = value;
  return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute, s: +p.second, weekday: p.weekday };
}

/** The zone's offset from UTC at `ts`, in ms (whole seconds). */
function offsetAt(ts, timeZone) {
  const p = zonedParts(ts, timeZone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - (ts - (((ts % 1000) + 1000) % 1000));
}

/** Epoch ms of a wall-clock time in `timeZone` (the earlier instant when the clock repeats). */
export function fromZoned({ y, mo, d, h = 0, mi = 0, s = 0 }, timeZone) {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return Math.min(first, second);
}

/** Local midnight (in `timeZone`) of the day that contains `ts`. */
export function startOfDay(ts, timeZone) {
  const { y, mo, d } = zonedParts(ts, timeZone);
  return fromZoned({ y, mo, d }, timeZone);
}

const two = (n) => String(n).padStart(2, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "HH:MM:SS" */
export function clockTime(ts, timeZone) {
  const p = zonedParts(ts, timeZone);
  return `${two(p.h)}:${two(p.mi)}:${two(p.s)}`;
}

/** "Tue 10 Mar 2026" */
export function dayLabel(ts, timeZone) {
  const p = zonedParts(ts, timeZone);
  return `${p.weekday} ${p.d} ${MONTHS[p.mo - 1]} ${p.y}`;
}

/** The value of an `<input type="datetime-local" step="1">`: "YYYY-MM-DDTHH:MM:SS". */
export function toInputValue(ts, timeZone) {
  const p = zonedParts(ts, timeZone);
  return `${p.y}-${two(p.mo)}-${two(p.d)}T${two(p.h)}:${two(p.mi)}:${two(p.s)}`;
}

/** Parses a datetime-local value as a wall-clock time in `timeZone`; NaN when it is not one. */
export function fromInputValue(value, timeZone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!m) return NaN;
  const [y, mo, d, h, mi, s = 0] = m.slice(1).map(Number);
  return fromZoned({ y, mo, d, h, mi, s }, timeZone);
}
