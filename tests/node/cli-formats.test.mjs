// The CLI's --log-format (issue 18): a platform's log gives agentKpisFromText's answer, also when
// it is streamed in 8 MB chunks (the adapter's state carried from chunk to chunk) and gzipped;
// errors name the file and the line across chunks; usage errors exit 2.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { AgentLog, agentKpisFromText } from "agent-kpis";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "tests", "out", "cli-formats");
mkdirSync(out, { recursive: true });
const bin = join(root, "node_modules", ".bin", "agent-kpis");
const run = (args, input) => spawnSync(bin, args, { input, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, NODE_NO_WARNINGS: "1" } });
const small = join(root, "tests", "fixtures", "platforms", "wire", "queue_log");
const ASTERISK = { format: "asterisk-queue-log" };
const DAY = 86_400_000;

/** The CLI's default window of a log: 00:00 UTC of its first event's day to its last event. */
function defaultWindow(text, reading) {
  const log = new AgentLog();
  log.appendText(text, reading);
  const { firstTs, lastTs } = log.stats();
  log.free();
  return { since: Math.floor(firstTs / DAY) * DAY, now: lastTs };
}

/**
 * A queue_log of `agents` agents × `rounds` rounds, in time order, about 55 bytes a line: each round
 * an agent joins two queues, pauses on both (and PAUSEALL), unpauses, takes a call, leaves one
 * queue and then the other.
 */
function bigQueueLog(agents, rounds) {
  const lines = [];
  let t = 1709542800;
  for (let r = 0; r < rounds; r++) {
    for (let a = 0; a < agents; a++) {
      const m = `PJSIP/${1000 + a}`;
      const id = `${t}.${a}`;
      lines.push(
        `${t}|NONE|q1|${m}|ADDMEMBER|`, `${t}|NONE|q2|${m}|ADDMEMBER|`,
        `${t + 60}|NONE|q1|${m}|PAUSE|break`, `${t + 60}|NONE|q2|${m}|PAUSE|break`, `${t + 60}|NONE|NONE|${m}|PAUSEALL|break`,
        `${t + 360}|NONE|NONE|${m}|UNPAUSEALL|`,
        `${t + 400}|${id}|q1|${m}|CONNECT|12|${id}|3`, `${t + 700}|${id}|q1|${m}|COMPLETECALLER|12|300|1`,
        `${t + 800}|NONE|q2|${m}|REMOVEMEMBER|`, `${t + 900}|NONE|q1|${m}|REMOVEMEMBER|`,
      );
    }
    t += 1000;
  }
  return lines.join("\n") + "\n";
}

test("--log-format asterisk-queue-log: agentKpisFromText's answer, from a file, gzip and stdin", () => {
  const text = readFileSync(small, "utf8");
  const { since, now } = defaultWindow(text, ASTERISK);
  const want = agentKpisFromText(text, since, { now, ...ASTERISK });
  assert.ok(want.agents.length === 2);
  const gz = join(out, "queue_log.gz");
  writeFileSync(gz, gzipSync(text));
  for (const [args, input] of [[[small], undefined], [[gz], undefined], [["-"], text]]) {
    const r = run([...args, "--log-format", "asterisk-queue-log", "--format", "json"], input);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), want, args[0]);
  }
});

test("a queue_log over 8 MB is streamed in chunks with the adapter's state carried; errors name the file's line", () => {
  const text = bigQueueLog(500, 80); // 400,000 lines, about 19 MB
  assert.ok(text.length > 2 * (8 << 20), `${text.length} bytes: three chunks at least`);
  const file = join(out, "big.queue_log");
  writeFileSync(file, text);
  const { since, now } = defaultWindow(text, ASTERISK);
  const want = agentKpisFromText(text, since, { now, ...ASTERISK });
  const r = run([file, "--log-format", "asterisk-queue-log", "--format", "json"]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), want);
  // A bad line in the third chunk: its number in the file, exit 1, nothing on stdout.
  const lines = text.split("\n");
  const at = 350_000; // 1-based line number of the bad line, about 16.6 MB in
  lines.splice(at - 1, 0, "not-a-time|NONE|q1|PJSIP/1000|PAUSE|break");
  const bad = join(out, "bad.queue_log");
  writeFileSync(bad, lines.join("\n"));
  const e = run([bad, "--log-format", "asterisk-queue-log"]);
  assert.equal(e.status, 1);
  assert.equal(e.stdout, "");
  assert.match(e.stderr, new RegExp(`^agent-kpis: ${bad.replaceAll("/", "\\/").replaceAll(".", "\\.")}: line ${at}: `));
});

test("--log-format usage errors exit 2; --help lists the formats", () => {
  const r = run([small, "--log-format", "queue_log"]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.equal(
    r.stderr,
    `agent-kpis: --log-format: unknown format "queue_log"; expected one of: json, ndjson, csv, asterisk-queue-log, amazon-connect, twilio-taskrouter, genesys-user-details\n(see agent-kpis --help)\n`,
  );
  const z = run([small, "--log-format", "asterisk-queue-log", "--timezone", "Mars/Base"]);
  assert.equal(z.status, 2);
  assert.match(z.stderr, /^agent-kpis: --timezone: unknown IANA time zone "Mars\/Base"/);
  const noValue = run([small, "--log-format"]);
  assert.equal(noValue.status, 2);
  assert.match(noValue.stderr, /--log-format needs a value/);
  const help = run(["--help"]);
  assert.equal(help.status, 0);
  for (const f of ["asterisk-queue-log", "amazon-connect", "twilio-taskrouter", "genesys-user-details", "--log-format"]) {
    assert.ok(help.stdout.includes(f), f);
  }
});

test("--log-format names the package's own formats too (no detection)", () => {
  const events = [{ user_id: "a", ts: 0, status: "ready" }, { user_id: "a", ts: 60_000, status: "offline" }];
  const file = join(out, "events.txt");
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join("\n") + "\n");
  const r = run([file, "--log-format", "ndjson", "--format", "json"]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).agents[0].statusMs, { ready: 60_000 }); // 0 to 60,000 ms
  const e = run([file, "--log-format", "csv"]);
  assert.equal(e.status, 1);
  assert.match(e.stderr, /^agent-kpis: .*events\.txt: /);
});

test("--columns, --status-map, --ts-unit and --timezone read another tool's CSV, in chunks too", () => {
  // Another tool's CSV: its header names, epoch seconds, raw statuses; two agents, 400,000 rows
  // (about 10 MB: two chunks, the header put in front of the second).
  const rows = ["AGENT,TIME,STATE,REASON CODE"];
  for (let i = 0; i < 400_000; i++) rows.push(`a${i % 2},${1709542800 + i},${i % 4 < 2 ? "Avail" : "Lunch"},`);
  const text = rows.join("\n") + "\n";
  assert.ok(text.length > 8 << 20);
  const file = join(out, "other.csv");
  writeFileSync(file, text);
  const mapFile = join(out, "status-map.json");
  writeFileSync(mapFile, JSON.stringify({ Avail: "ready", Lunch: { status: "paused", reason: "lunch" } }));
  const reading = { columns: 'user_id=AGENT,ts=TIME,status=STATE,reason="REASON CODE"', tsUnit: "s", statusMap: { Avail: "ready", Lunch: { status: "paused", reason: "lunch" } } };
  const { since, now } = defaultWindow(text, reading);
  const want = agentKpisFromText(text, since, { now, ...reading });
  // a0 has the even rows i (t = i s after the first): ready at i % 4 == 0, paused at i % 4 == 2,
  // its last row i = 399,998 paused; now = the last row's time, i = 399,999. Ready: 100,000
  // stretches [i, i + 2) = 200,000 s; paused: 99,999 stretches of 2 s + [399,998, 399,999) =
  // 199,999 s.
  const a0 = want.agents.find((a) => a.user_id === "a0");
  assert.deepEqual(a0.statusMs, { ready: 200_000_000, paused: 199_999_000 });
  assert.deepEqual(a0.reasonMs, { paused: { lunch: 199_999_000 } });
  const r = run([file, "--columns", reading.columns, "--ts-unit", "s", "--status-map", mapFile, "--format", "json"]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), want);
  // Bad values: a usage error naming the flag; a bad map: its file named.
  const bad = run([file, "--ts-unit", "sec"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^agent-kpis: --ts-unit must be ms or s, got sec/);
  const cols = run([file, "--columns", "user=AGENT"]);
  assert.equal(cols.status, 2);
  assert.match(cols.stderr, /^agent-kpis: --columns: expected user_id, ts, status or reason, got "user"/);
  const badMap = join(out, "bad-map.json");
  writeFileSync(badMap, JSON.stringify({ Avail: "redy" }));
  const m = run([file, "--columns", reading.columns, "--ts-unit", "s", "--status-map", badMap]);
  assert.equal(m.status, 2); // a bad option's value: a usage error naming the option
  assert.match(m.stderr, new RegExp(`^agent-kpis: --status-map ${badMap.replaceAll("/", "\\/").replaceAll(".", "\\.")}: statusMap\\["Avail"\\]: expected one of the canonical statuses`));
  const missing = run([file, "--status-map", join(out, "nope.json")]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--status-map .*nope\.json: no such file/);
  // Offset-less ISO ts: read in --timezone; without it an error naming the line.
  const local = join(out, "local.ndjson");
  writeFileSync(local, '{"user_id":"z","ts":"2024-03-04T09:00:00","status":"ready"}\n{"user_id":"z","ts":"2024-03-04T09:30:00","status":"offline"}\n');
  const paris = run([local, "--timezone", "Europe/Paris", "--format", "json"]);
  assert.equal(paris.status, 0, paris.stderr);
  assert.deepEqual(JSON.parse(paris.stdout).agents[0].statusMs, { ready: 1_800_000 }); // 09:00 to 09:30
  const noZone = run([local]);
  assert.equal(noZone.status, 1);
  assert.match(noZone.stderr, /local\.ndjson: line 1: ts: "2024-03-04T09:00:00" has no offset and no time zone was given to read it in \(set --timezone\)$/m);
  // A platform's log read without --log-format: the CSV reader's complaint says where to look.
  const qlog = run([small]);
  assert.equal(qlog.status, 1);
  assert.match(qlog.stderr, /the CSV header must name the columns .*\(a platform's log\? name its format with --log-format, e\.g\. asterisk-queue-log\)$/m);
});

test("queue_log chunks end where no later ring reaches back: a ring's start before the cut is not clamped", () => {
  // Hand case (a new user's report): a ring of 15 s logged at 105 s starts at 90 s, before the
  // PAUSE at 100 s that was the last line before the 8 MiB mark. Filler lines (no member) put it
  // there. By hand: ready [0, 90) + [200, 300) = 190 s, ring [90, 105) = 15 s (ring outranks
  // paused), paused [105, 200) = 95 s, logged in 300 s.
  const head = "0|NONE|q1|A|ADDMEMBER|\n";
  const pause = "100|NONE|q1|A|PAUSE|lunch\n";
  const filler = (t) => `${t}|NONE|q1|NONE|QUEUESTART|\n`;
  let body = head;
  const target = (8 << 20) - pause.length;
  const lines = [];
  for (let n = body.length, i = 0; n < target; i++) {
    const line = filler(Math.min(99, Math.floor(i / 2000)));
    lines.push(line);
    n += line.length;
  }
  body += lines.join("") + pause + "105|c1|q1|A|RINGNOANSWER|15000\n200|NONE|q1|A|UNPAUSE|\n300|NONE|q1|A|AGENTLOGOFF|\n";
  const file = join(out, "ring-at-the-cut.queue_log");
  writeFileSync(file, body);
  const r = run([file, "--log-format", "asterisk-queue-log", "--format", "json", "--since", "0", "--now", "300000"]);
  assert.equal(r.status, 0, r.stderr);
  const [a] = JSON.parse(r.stdout).agents;
  assert.deepEqual(a.statusMs, { ring: 15_000, paused: 95_000, ready: 190_000 });
  assert.equal(a.loggedInMs, 300_000);

  // Many members whose rings reach back past their own previous lines, over several chunks: the
  // CLI gives agentKpisFromText's answer whatever the cuts.
  const events = [];
  for (let round = 0, t = 1709542800; round < 150; round++, t += 400) {
    for (let a = 0; a < 400; a++) {
      const m = `PJSIP/${2000 + a}`, s = t + (a % 37);
      events.push([s, `NONE|q1|${m}|ADDMEMBER|`], [s + 40, `NONE|q1|${m}|PAUSE|break`], [s + 50, `NONE|q1|${m}|UNPAUSE|`],
        [s + 60, `r${round}.${a}|q1|${m}|RINGNOANSWER|30000`], [s + 100, `c${round}.${a}|q1|${m}|CONNECT|5|x|1`],
        [s + 200, `c${round}.${a}|q1|${m}|COMPLETEAGENT|5|100|1`], [s + 300, `NONE|q1|${m}|REMOVEMEMBER|`]);
    }
  }
  events.sort((x, y) => x[0] - y[0]);
  const text = events.map(([t, rest]) => `${t}|${rest}`).join("\n") + "\n";
  assert.ok(text.length > 2 * (8 << 20), `${text.length} bytes: three chunks at least`);
  const many = join(out, "rings.queue_log");
  writeFileSync(many, text);
  const { since, now } = defaultWindow(text, ASTERISK);
  const want = agentKpisFromText(text, since, { now, ...ASTERISK });
  const got = run([many, "--log-format", "asterisk-queue-log", "--format", "json"]);
  assert.equal(got.status, 0, got.stderr);
  assert.deepEqual(JSON.parse(got.stdout), want);
});
