// The `agent-kpis` CLI as a subprocess (the bin of the installed package): the same answers for
// the same log in JSON, NDJSON, CSV, gzip and on stdin; positioned errors with exit 1 across chunk
// boundaries; usage errors with exit 2 and nothing on stdout; a large file in bounded memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { AgentLog, agentKpis } from "agent-kpis";
import { toCsv, toNdjson } from "./formats.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "tests", "out", "cli");
mkdirSync(out, { recursive: true });
const bin = join(root, "node_modules", ".bin", "agent-kpis");
const run = (args, input) => spawnSync(bin, args, { input, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, NODE_NO_WARNINGS: "1" } });

for (const name of ["day-shift", "messy"]) {
  test(`${name}: the same answer from JSON, NDJSON, CSV, gzip and stdin`, () => {
    const file = join(root, "tests", "fixtures", `${name}.json`);
    const events = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(join(out, `${name}.ndjson`), toNdjson(events));
    writeFileSync(join(out, `${name}.csv`), toCsv(events));
    writeFileSync(join(out, `${name}.ndjson.gz`), gzipSync(toNdjson(events)));
    // Defaults: since = 00:00 UTC of the first event's day, now = the last event.
    const ts = events.map((e) => e.ts);
    const now = Math.max(...ts);
    const since = Math.floor(Math.min(...ts) / 86_400_000) * 86_400_000;
    const want = agentKpis(events, since, { now });
    for (const f of [file, `${name}.ndjson`, `${name}.csv`, `${name}.ndjson.gz`]) {
      const r = run([f.startsWith("/") ? f : join(out, f), "--format", "json"]);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), want, f);
    }
    const piped = run(["-", "--format", "json"], readFileSync(join(out, `${name}.csv`)));
    assert.deepEqual(JSON.parse(piped.stdout), want, "stdin");
    // Explicit window with ISO times, ndjson rows.
    const day = name === "messy" ? Date.UTC(2026, 2, 11) : Date.UTC(2026, 2, 10);
    const [from, to] = [day + 9 * 3_600_000, day + 10 * 3_600_000];
    const r = run([file, "--since", new Date(from).toISOString(), "--now", String(to), "--format", "ndjson"]);
    const rows = r.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l));
    assert.ok(rows.length >= 30);
    assert.deepEqual(rows, agentKpis(events, from, { now: to }).agents);
  });
}

test("interval reports and schedules", () => {
  const file = join(root, "tests", "fixtures", "day-shift.json");
  const events = JSON.parse(readFileSync(file, "utf8"));
  const { schedules, timezone } = JSON.parse(readFileSync(join(root, "tests", "fixtures", "day-shift.adherence.json"), "utf8"));
  const from = Date.UTC(2026, 2, 10, 8);
  const to = Date.UTC(2026, 2, 10, 10);
  const r = run([file, "--interval", "30m", "--from", String(from), "--to", String(to), "--now", String(to), "--format", "ndjson",
    "--schedules", join(root, "tests", "fixtures", "day-shift.adherence.json")]);
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(rows.length, 38 * 4);
  for (const row of rows.slice(0, 8)) {
    const one = agentKpis(events, row.start, { now: row.end, schedules, timezone }).agents.find((a) => a.user_id === row.user_id);
    assert.equal(row.occupancyPct, one.occupancyPct);
    assert.deepEqual(row.statusMs, one.statusMs);
    assert.equal(row.adherencePct, one.adherencePct);
  }
  const table = run([file, "--schedules", join(root, "tests", "fixtures", "day-shift.adherence.json")]);
  assert.match(table.stdout.split("\n")[0], /^user_id\s+logged in\s+occupancy\s+utilization\s+adherence/);
});

test("bad data: exit 1, file and line in the message, nothing on stdout", () => {
  const good = (i) => JSON.stringify({ user_id: `a${i % 50}`, ts: 1_000 + i, status: "ready", reason: "x".repeat(40) });
  // ~15 MB: the bad line is in the second 8 MB chunk.
  const lines = Array.from({ length: 200_000 }, (_, i) => good(i));
  lines[150_000 - 1] = '{"user_id":"a","ts":-5,"status":"ready"}';
  const nd = join(out, "bad.ndjson");
  writeFileSync(nd, lines.join("\n") + "\n");
  let r = run([nd]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr.trim(), `agent-kpis: ${nd}: line 150000: ts: expected a non-negative integer (epoch ms) <= 9007199254740991, got -5`);
  // CSV: the header counts as line 1, so event k is on line k + 1.
  const rows = ["user_id,ts,status,reason", ...Array.from({ length: 200_000 }, (_, i) => `a${i % 50},${1000 + i},ready,"${"y".repeat(40)}, quoted"`)];
  rows[170_000] = "a,abc,ready,";
  const csv = join(out, "bad.csv");
  writeFileSync(csv, rows.join("\n") + "\n");
  r = run([csv]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr.trim(), `agent-kpis: ${csv}: line 170001: ts: expected a non-negative integer (epoch ms) or an ISO-8601 date-time with Z or an offset, got "abc"`);
  r = run(["-"], '[{"user_id":1,"ts":1,"status":"a"},{"user_id":1,"ts":2}]');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /<stdin>: events\[1\]\.status: expected a non-empty string, got missing/);
});

test("usage errors: exit 2, nothing on stdout; --help", () => {
  for (const args of [["--format", "xml"], ["--bogus"], ["a", "b"], ["--since", "yesterday", "x"], ["/no/such/file"], ["--interval", "0"],
    [join(root, "tests", "fixtures", "day-shift.json"), "--since", "2030-01-01T00:00:00Z"]]) {
    const r = run(args, "");
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^agent-kpis: /);
  }
  const h = run(["--help"]);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /^Usage: agent-kpis \[LOG\]/);
});

test("a large NDJSON file streams in bounded memory", () => {
  // 1M events, ~70 MB: peak RSS stays far below what the file would take as JS objects.
  const n = 1_000_000;
  const chunks = [];
  let buf = "";
  for (let i = 0; i < n; i++) {
    buf += `{"user_id":"agent-${i % 2000}","ts":${1_767_225_600_000 + i * 20},"status":"${i % 3 ? "ready" : "incall"}"}\n`;
    if (buf.length > 1 << 20) { chunks.push(buf); buf = ""; }
  }
  chunks.push(buf);
  const big = join(out, "big.ndjson");
  writeFileSync(big, chunks.join(""));
  const size = chunks.reduce((a, c) => a + c.length, 0);
  const r = spawnSync(bin, [big, "--format", "csv"], { encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, AGENT_KPIS_REPORT_RSS: "1" } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim().split("\n").length, 2001);
  const rss = Number(/maxRSS (\d+) KiB/.exec(r.stderr)[1]) * 1024;
  console.log(`# ${(size / 1e6).toFixed(0)} MB NDJSON: peak RSS ${(rss / 2 ** 20).toFixed(0)} MiB`);
  assert.ok(rss < 400 * 2 ** 20, `peak RSS ${rss}`);
});

test("usage errors, byte for byte: exit 2, the message and the hint, nothing on stdout", () => {
  const log = join(root, "tests", "fixtures", "day-shift.json");
  const time = (name, got) => `${name}: expected epoch milliseconds or an ISO-8601 date-time, got ${JSON.stringify(got)}`;
  const cases = [
    [["--bogus"], "unknown option --bogus"],
    [["--bogus=5", log], "unknown option --bogus=5"],
    [["--constructor"], "unknown option --constructor"],
    [["--toString=1"], "unknown option --toString=1"],
    [["--__proto__", "x"], "unknown option --__proto__"],
    [["-x"], "unknown option -x"],
    [["-hx"], "unknown option -hx"],
    [["-hh"], "unknown option -hh"],
    [["--help=yes"], "unknown option --help=yes"],
    [["-5"], "unknown option -5"],
    [[log, "--"], "unknown option --"],
    [["--", log], "unknown option --"],
    [["--=x"], "unknown option --=x"],
    [[log, "--format", "json", "--bogus", "--since"], "unknown option --bogus"],
    [["--since"], "--since needs a value"],
    [[log, "--format"], "--format needs a value"],
    [["-h", "--interval"], "--interval needs a value"],
    [["a", "b"], "expected one LOG, got 2"],
    [["a", "-", "c"], "expected one LOG, got 3"],
    [["--format", "xml"], "--format must be table, json, csv or ndjson, got xml"],
    [["--format="], "--format must be table, json, csv or ndjson, got "],
    [["--format", "csv", "--format", "XML"], "--format must be table, json, csv or ndjson, got XML"],
    [["--help", "--format", "xml"], "--format must be table, json, csv or ndjson, got xml"],
    [["--since", "yesterday", "x"], time("--since", "yesterday")],
    [["--since="], time("--since", "")],
    [["--since", "--now", "5"], time("--since", "--now")],
    [["--now", "-1"], time("--now", "-1")],
    [["--from", "2026-13-45T00:00:00Z"], time("--from", "2026-13-45T00:00:00Z")],
    [["--to=1969-12-31T23:59:59Z"], time("--to", "1969-12-31T23:59:59Z")],
    [["--since", "x", "--now", "y"], time("--since", "x")],
    [["--sample-ms", "-1"], "--sample-ms must be a non-negative integer, got -1"],
    [["--sample-ms=1.5"], "--sample-ms must be a non-negative integer, got 1.5"],
    [["--interval", "0"], '--interval: expected a positive duration such as 15m, 1h or 900000, got "0"'],
    [["--interval=15d"], '--interval: expected a positive duration such as 15m, 1h or 900000, got "15d"'],
    [["--interval", "-15m"], '--interval: expected a positive duration such as 15m, 1h or 900000, got "-15m"'],
    [["/no/such/file"], "/no/such/file: no such file"],
    [[log, "--schedules", "/no/such/schedules.json"], "--schedules /no/such/schedules.json: no such file"],
  ];
  for (const [args, message] of cases) {
    const r = run(args, "");
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stdout, "", args.join(" "));
    assert.equal(r.stderr, `agent-kpis: ${message}\n(see agent-kpis --help)\n`, args.join(" "));
  }
});

test("option forms: --name value and --name=value, the last one wins; --help wins over a missing LOG", () => {
  const log = join(root, "tests", "fixtures", "messy.json");
  const want = run([log, "--format", "csv", "--since", "1773187200000"]);
  assert.equal(want.status, 0, want.stderr);
  for (const args of [
    [log, "--format=csv", "--since=1773187200000"],
    ["--format", "json", log, "--format", "csv", "--since", "0", "--since=2026-03-11T00:00:00Z"],
    ["--since", "1773187200000", "--format=ndjson", "--format=csv", log],
  ]) {
    const r = run(args);
    assert.equal(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stdout, want.stdout, args.join(" "));
  }
  for (const args of [["-h"], ["--help", "/no/such/file"], ["/no/such/file", "--format", "csv", "-h"]]) {
    const r = run(args);
    assert.equal(r.status, 0, args.join(" "));
    assert.match(r.stdout, /^Usage: agent-kpis \[LOG\]/);
    assert.equal(r.stderr, "");
  }
});

test("output larger than a pipe's buffer arrives whole (stdout is flushed before exit)", () => {
  const file = join(root, "tests", "fixtures", "day-shift.json");
  const events = JSON.parse(readFileSync(file, "utf8"));
  const now = Math.max(...events.map((e) => e.ts));
  const since = Math.floor(Math.min(...events.map((e) => e.ts)) / 86_400_000) * 86_400_000;
  // Every agent's 5-minute rows over the day: ~1.2 MB of NDJSON (a bare write then exit cut it at
  // 128 KB when stdout was a pipe).
  const r = run([file, "--interval", "5m", "--format", "ndjson"]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.length > 1_000_000, `${r.stdout.length} bytes`);
  const lines = r.stdout.split("\n");
  assert.equal(lines.pop(), "");
  const log = new AgentLog();
  log.append(events);
  const report = log.intervals(since, now, 300_000, { now });
  log.free();
  assert.deepEqual(lines.map((l) => JSON.parse(l)), report.agents.flatMap((a) => a.intervals.map((row) => ({ user_id: a.user_id, ...row }))));
});
