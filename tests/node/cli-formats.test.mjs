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
