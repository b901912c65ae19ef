// The platform samples (tests/fixtures/platforms/<format>/, each with its hand-computed
// <case>.expected.json: the derived events and the KPIs of one or more windows) through every JS
// entry point that takes `format`: agentKpisFromText, agentKpisFromJson, toAgentEvents(+Ndjson),
// AgentLog.appendText/appendJson, in one piece and, for a log of one record per line, split at
// every line boundary where the lines before are no later than the lines after (an adapter sorts
// the records of one call; a record older than one an earlier call applied takes effect at that
// agent's latest time instead, by design, so other splits may differ).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { agentKpis, agentKpisFromJson, agentKpisFromText, AgentLog, toAgentEvents, toAgentEventsNdjson } from "agent-kpis";

const platforms = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "platforms");
const JSON_FORMATS = new Set(["amazon-connect", "twilio-taskrouter", "genesys-user-details"]);
const cases = readdirSync(platforms, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "wire")
  .flatMap((d) => readdirSync(join(platforms, d.name)).filter((f) => f.endsWith(".expected.json")).map((f) => join(platforms, d.name, f)));

/** The lines of `text`, each with its line break. */
const linesOf = (text) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/**
 * A record line's time in epoch ms, read here independently of the adapters: queue_log's first
 * field (epoch seconds), Connect's
 * `EventTimestamp`, TaskRouter's `TimestampMs` (else `Timestamp` seconds); null when it has none
 * (a record no agent's state depends on, or another shape).
 */
function lineTs(format, line) {
  if (format === "asterisk-queue-log") return Number(line.split("|")[0]) * 1000;
  const r = JSON.parse(line);
  if (format === "amazon-connect") return r.EventTimestamp ? Date.parse(r.EventTimestamp) : null;
  if (r.TimestampMs != null) return Number(r.TimestampMs);
  return r.Timestamp != null ? Number(r.Timestamp) * 1000 : null;
}

/** KPIs of a new AgentLog filled by `fill`. */
function kpisOf(fill, since, now) {
  const log = new AgentLog();
  try {
    fill(log);
    return log.kpis(since, { now });
  } finally {
    log.free();
  }
}

test("there are platform samples to read", () => {
  assert.ok(cases.length >= 4, cases.join(", "));
});

for (const file of cases) {
  // Two shapes: { format, input, window | windows, events, agents } (the JSON formats' samples) and
  // { since, now, agents } beside <case>.log (asterisk-queue-log's).
  const expected = JSON.parse(readFileSync(file, "utf8"));
  const format = expected.format ?? basename(dirname(file));
  const inputName = expected.input ?? basename(file).replace(/\.expected\.json$/, ".log");
  const input = readFileSync(join(dirname(file), inputName), "utf8");
  const read = { format };
  const windows = expected.windows ?? [{ ...(expected.window ?? { since: expected.since, now: expected.now }), agents: expected.agents }];
  const msOf = (t) => (typeof t === "number" ? t : Date.parse(t));
  test(`${format} ${inputName}: the hand-computed events and KPIs from every entry point`, () => {
    const events = toAgentEvents(input, read);
    if (expected.events) {
    const want = expected.events.map(([user_id, ts, status, reason]) => ({ user_id, ts: Date.parse(ts), status, ...(reason ? { reason } : {}) }));
    // The hand-computed events, in derived order (time order per agent).
    const byAgent = (list) => {
      const groups = new Map();
      for (const e of list) groups.set(e.user_id, [...(groups.get(e.user_id) ?? []), e]);
      return groups;
    };
    assert.deepEqual(byAgent(events), byAgent(want));
    }
    assert.equal(toAgentEventsNdjson(input, read), events.map((e) => JSON.stringify(e) + "\n").join(""));
    const lines = linesOf(input);
    const perLine = (format === "asterisk-queue-log" || input.trimStart().startsWith("{")) && lines.length > 1 && format !== "genesys-user-details";
    for (const w of windows) {
      const since = msOf(w.since);
      const now = msOf(w.now);
      const res = agentKpisFromText(input, since, { now, ...read });
      assert.deepEqual(res.agents, w.agents, `${w.since}..${w.now}`);
      assert.deepEqual(agentKpis(events, since, { now }), res, "agentKpis(toAgentEvents)");
      assert.deepEqual(agentKpisFromText(new TextEncoder().encode(input), since, { now, ...read }), res, "bytes");
      if (JSON_FORMATS.has(format)) assert.deepEqual(agentKpisFromJson(input, since, { now, ...read }), res, "agentKpisFromJson");
      assert.deepEqual(kpisOf((l) => l.appendText(input, read), since, now), res, "appendText");
      if (JSON_FORMATS.has(format)) assert.deepEqual(kpisOf((l) => l.appendJson(input, read), since, now), res, "appendJson");
      if (perLine) {
        const ts = lines.map((l) => (l.trim() ? lineTs(format, l) : null));
        const known = (list) => list.filter((t) => t !== null);
        // Splitting before line k + 1 keeps time order when no line before is later than one after.
        const inOrder = (k) => Math.max(-Infinity, ...known(ts.slice(0, k))) <= Math.min(Infinity, ...known(ts.slice(k)));
        const everywhere = lines.every((_, k) => inOrder(k));
        if (everywhere) assert.deepEqual(kpisOf((l) => lines.forEach((c) => l.appendText(c, read)), since, now), res, "a line per append");
        let splits = 0;
        for (let k = 1; k < lines.length; k++) {
          if (!inOrder(k)) continue;
          splits += 1;
          const split = (l) => {
            l.appendText(lines.slice(0, k).join(""), read);
            l.appendText(lines.slice(k).join(""), read);
          };
          assert.deepEqual(kpisOf(split, since, now), res, `split before line ${k + 1}`);
        }
        assert.ok(splits >= 2, `${splits} splits in time order`);
      }
    }
  });
}
