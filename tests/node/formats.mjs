// Writers of the text formats, for tests: NDJSON and CSV (RFC 4180 quoting) from event objects.

/** One JSON object per line. */
export function toNdjson(events) {
  return events.map((e) => JSON.stringify(e)).join("\n") + "\n";
}

/** A `user_id,ts,status,reason` CSV. */
export function toCsv(events) {
  const q = (v) => (v === null || v === undefined ? "" : /[",\n\r]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
  return "user_id,ts,status,reason\n" + events.map((e) => [e.user_id, e.ts, e.status, e.reason].map(q).join(",")).join("\n") + "\n";
}
