// Every recorded log of the repository, as events: tests/fixtures/*.json (with the windows of their
// .expected.json), the hand logs of tests/fixtures/hand/ (with their own window), and the platform
// samples of tests/fixtures/platforms/<format>/ read by the package's adapters (`toAgentEvents`).
import { readFileSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { toAgentEvents } from "agent-kpis";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const read = (p) => JSON.parse(readFileSync(p, "utf8"));

/**
 * @typedef {{ user_id: string | number, ts: number, status: string, reason?: string }} Event
 * @typedef {object} RecordedLog
 * @property {string} name          the log's path under tests/fixtures/
 * @property {Event[]} events       its events, in source order
 * @property {[string, number, number][]} extra  windows recorded with it: [label, since, now]
 * @property {{ file: string, format?: string } | null} source  the file as the CLI reads it (with
 *   its --log-format), or null when the events sit inside a test document (hand logs)
 */

/** @returns {RecordedLog[]} */
export function recordedLogs() {
  const logs = readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json") && !f.endsWith(".adherence.json"))
    .map((f) => {
      let extra = [];
      try {
        extra = read(join(FIXTURES, f.replace(/\.json$/, ".expected.json"))).cases.map((c) => [`expected.json: ${c.label}`, c.since, c.now]);
      } catch {
        // no recorded windows for this log
      }
      return { name: f, events: read(join(FIXTURES, f)), extra, source: { file: join(FIXTURES, f) } };
    });
  for (const f of readdirSync(join(FIXTURES, "hand")).filter((f) => f.endsWith(".json"))) {
    const hand = read(join(FIXTURES, "hand", f));
    if (hand.events.length) logs.push({ name: `hand/${f}`, events: hand.events, extra: [["its own window", hand.since, hand.now]], source: null });
  }
  const platforms = join(FIXTURES, "platforms");
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
  for (const expectedFile of walk(platforms).filter((p) => p.endsWith(".expected.json"))) {
    const expected = read(expectedFile);
    const format = expected.format ?? basename(dirname(expectedFile)).replace(/^wazo$/, "asterisk-queue-log");
    const input = join(dirname(expectedFile), expected.input ?? basename(expectedFile).replace(/\.expected\.json$/, ".log"));
    const events = toAgentEvents(readFileSync(input, "utf8"), { format });
    if (!events.length) continue;
    const msOf = (t) => (typeof t === "number" ? t : Date.parse(t));
    const windows = expected.windows ?? [expected.window ?? { since: expected.since, now: expected.now }];
    const extra = windows.map((w, i) => [`expected.json window ${i}`, msOf(w.since), msOf(w.now)]);
    logs.push({ name: input.slice(FIXTURES.length + 1), events, extra, source: { file: input, format } });
  }
  // Two expected files may share one input (amazon-connect): keep each log once.
  return logs.filter((l, i) => logs.findIndex((m) => m.name === l.name) === i);
}
