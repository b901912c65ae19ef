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

/**
 * Parses RFC 4180 CSV (quoted fields may hold commas, quotes as "" and line breaks) into rows of
 * strings. A final line break ends the last row; it does not start an empty one.
 */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') {
      if (field !== "") throw new SyntaxError(`CSV: a quote inside an unquoted field at offset ${i}`);
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (quoted) throw new SyntaxError("CSV: unterminated quoted field");
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
