// make bench: every input path of agent-kpis against plain JS folds and DuckDB, on the same
// generated logs, in one Node process. Contenders alternate within each round; the table shows
// medians. Every contender's answer is checked against ours before anything is timed.
//   node --expose-gc --max-old-space-size=8192 bench/bench.mjs      (BENCH_QUICK=1: 100k and 1M, 3 rounds)
import { cpus } from "node:os";
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { agentKpis, agentKpisColumns, agentKpisFromJson, AgentLog, wasmMemoryBytes } from "agent-kpis";
import { duckdbKpis } from "../tests/tools/duckdb-kpis.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const QUICK = Boolean(process.env.BENCH_QUICK);
const ROUNDS = QUICK ? 3 : 7;
const SIZES = QUICK ? [100_000, 1_000_000] : [100_000, 1_000_000, 5_000_000];
const gc = globalThis.gc ?? (() => {});

// ---- logs ----
function generate(n, agents, seed = 1) {
  let x = seed >>> 0;
  const rnd = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
  const statuses = ["ready", "incall", "wrapup", "ready", "incall", "wrapup", "paused", "idle", "ring", "extcall", "offline"];
  const events = new Array(n);
  let ts = 1_767_225_600_000;
  for (let i = 0; i < n; i++) {
    ts += 1 + Math.floor(rnd() * 30); // strictly increasing: shuffling cannot reorder equal timestamps
    const status = statuses[Math.floor(rnd() * statuses.length)];
    events[i] = { user_id: `agent-${Math.floor(rnd() * agents)}`, ts, status, reason: status === "paused" ? (rnd() < 0.5 ? "break" : "lunch") : null };
  }
  return events;
}

function shuffled(events, seed = 7) {
  let x = seed;
  const rnd = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
  const out = events.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function columns(events) {
  const dict = (values) => {
    const index = new Map();
    const out = [];
    const codes = new Uint32Array(values.length);
    values.forEach((v, i) => {
      let c = index.get(v);
      if (c === undefined) { c = out.length; out.push(v); index.set(v, c); }
      codes[i] = c;
    });
    return { dict: out, codes };
  };
  return {
    userIds: dict(events.map((e) => e.user_id)),
    ts: Float64Array.from(events, (e) => e.ts),
    statuses: dict(events.map((e) => e.status)),
    reasons: dict(events.map((e) => e.reason)),
  };
}

// ---- peers ----
const pct = (a, b) => (b === 0 ? 0 : Math.floor((200 * a + b) / (2 * b)));

function kpisOf(id, totals) {
  let loggedIn = 0;
  for (const [s, ms] of totals) if (s !== "offline") loggedIn += ms;
  const g = (s) => totals.get(s) ?? 0;
  const handle = g("incall") + g("wrapup");
  const statusMs = {};
  for (const [s, ms] of totals) if (ms > 0) statusMs[s] = ms;
  return { user_id: id, statusMs, loggedInMs: loggedIn, occupancyPct: pct(handle, handle + g("ready")), utilizationPct: pct(handle, loggedIn) };
}

/** (a) What a first version looks like: group by agent, sort, walk. */
function naiveFold(events, since, now) {
  const groups = new Map();
  events.forEach((e, i) => {
    const id = String(e.user_id);
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id).push({ ts: e.ts, status: e.status, i });
  });
  const agents = [];
  for (const [id, list] of groups) {
    list.sort((a, b) => a.ts - b.ts || a.i - b.i);
    if (list[0].ts > now) continue;
    const totals = new Map();
    for (let k = 0; k < list.length; k++) {
      const end = k + 1 < list.length ? list[k + 1].ts : now;
      const ms = Math.min(end, now) - Math.max(list[k].ts, since);
      if (ms > 0) totals.set(list[k].status, (totals.get(list[k].status) ?? 0) + ms);
    }
    agents.push(kpisOf(id, totals));
  }
  return { agents };
}

/** (b) A good JS developer's one-pass fold: slots per agent, disorder detection, sort fallback. */
function tunedFold(events, since, now) {
  const slot = new Map();
  const ids = [];
  const cur = [];
  const start = [];
  const totals = [];
  const first = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const id = typeof e.user_id === "string" ? e.user_id : String(e.user_id);
    let a = slot.get(id);
    if (a === undefined) {
      a = ids.length;
      slot.set(id, a);
      ids.push(id); cur.push(null); start.push(0); totals.push(new Map()); first.push(e.ts);
    } else if (e.ts < start[a]) {
      return naiveFold(events, since, now); // out of order: fall back to sorting
    }
    const prev = cur[a];
    if (prev !== null) {
      const ms = Math.min(e.ts, now) - Math.max(start[a], since);
      if (ms > 0) totals[a].set(prev, (totals[a].get(prev) ?? 0) + ms);
    }
    cur[a] = e.status;
    start[a] = e.ts;
  }
  const agents = [];
  for (let a = 0; a < ids.length; a++) {
    if (first[a] > now) continue;
    const ms = now - Math.max(start[a], since);
    if (ms > 0) totals[a].set(cur[a], (totals[a].get(cur[a]) ?? 0) + ms);
    agents.push(kpisOf(ids[a], totals[a]));
  }
  return { agents };
}

// ---- checks and timing ----
function normalized(result) {
  return result.agents.map((a) => ({
    user_id: a.user_id,
    statusMs: Object.fromEntries(Object.entries(a.statusMs).sort()),
    loggedInMs: a.loggedInMs,
    occupancyPct: a.occupancyPct,
    utilizationPct: a.utilizationPct,
  })).sort((x, y) => (x.user_id < y.user_id ? -1 : 1));
}

function sameAnswer(name, ours, theirs) {
  const a = JSON.stringify(normalized(ours));
  const b = JSON.stringify(normalized(theirs));
  if (a !== b) throw new Error(`${name} disagrees with agent-kpis`);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function timeRounds(contenders, rounds, { collect = true } = {}) {
  const times = Object.fromEntries(contenders.map(([n]) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn, maxRounds] of contenders) {
      if (maxRounds !== undefined && r >= maxRounds) continue;
      if (collect) gc();
      const t = performance.now();
      await fn();
      times[name].push(performance.now() - t);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([n, xs]) => [n, { ms: median(xs), runs: xs.length }]));
}

const rows = [];
const notes = [];
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

const ONLY_ENGINE = process.env.BENCH_ONLY === "engine";
for (const n of ONLY_ENGINE ? [] : SIZES) {
  const events = generate(n, 2000);
  const since = events[0].ts;
  const now = events[n - 1].ts;
  const cols = columns(events);
  const arrayText = new TextEncoder().encode(JSON.stringify(events));
  const textStr = n <= 1_000_000 ? new TextDecoder().decode(arrayText) : null;
  const ours = agentKpis(events, since, { now });
  sameAnswer("columns", ours, agentKpisColumns(cols, since, { now }));
  sameAnswer("text", ours, agentKpisFromJson(arrayText, since, { now }));
  sameAnswer("naive JS", ours, naiveFold(events, since, now));
  sameAnswer("tuned JS", ours, tunedFold(events, since, now));
  const withDuck = n <= 1_000_000;
  if (withDuck) sameAnswer("DuckDB", ours, await duckdbKpis(events, since, now));
  const slow = n >= 5_000_000 ? 3 : undefined;
  const contenders = [
    ["ours: objects", () => agentKpis(events, since, { now })],
    ["ours: columns", () => agentKpisColumns(cols, since, { now })],
    ["ours: text (bytes)", () => agentKpisFromJson(arrayText, since, { now })],
    ["naive JS", () => naiveFold(events, since, now), slow],
    ["tuned JS", () => tunedFold(events, since, now)],
    ["JSON.parse + tuned JS", () => tunedFold(JSON.parse(textStr ?? new TextDecoder().decode(arrayText)), since, now), slow],
  ];
  if (withDuck) contenders.push(["DuckDB (load + SQL)", () => duckdbKpis(events, since, now), 3]);
  const t = await timeRounds(contenders, ROUNDS);
  rows.push({ label: `${(n / 1e6).toString()}M time-ordered`, t });
  console.log(`${n} events:`, Object.fromEntries(Object.entries(t).map(([k, v]) => [k, fmt(v.ms)])));
}

// 1M shuffled vs time-ordered.
if (!ONLY_ENGINE) {
  const ordered = generate(1_000_000, 2000);
  const events = shuffled(ordered);
  const since = ordered[0].ts;
  const now = ordered.at(-1).ts;
  sameAnswer("shuffled", agentKpis(ordered, since, { now }), agentKpis(events, since, { now }));
  sameAnswer("tuned JS shuffled", agentKpis(events, since, { now }), tunedFold(events, since, now));
  const t = await timeRounds([
    ["ours: objects", () => agentKpis(events, since, { now })],
    ["ours: objects, time-ordered", () => agentKpis(ordered, since, { now })],
    ["tuned JS", () => tunedFold(events, since, now)],
  ], ROUNDS);
  rows.push({ label: "1M shuffled", t });
  console.log("1M shuffled:", Object.fromEntries(Object.entries(t).map(([k, v]) => [k, fmt(v.ms)])));
}

// The live engine: a fresh `now` each query vs a one-shot fold of the same events.
const engine = [];
for (const [n, agents] of QUICK ? [[1_000_000, 2000]] : [[1_000_000, 2000], [5_000_000, 10_000]]) {
  const events = generate(n, agents, 3);
  const since = events[0].ts;
  const last = events.at(-1).ts;
  const log = new AgentLog();
  for (let i = 0; i < n; i += 100_000) log.append(events.slice(i, i + 100_000));
  sameAnswer("AgentLog", agentKpis(events, since, { now: last }), log.kpis(since, { now: last }));
  // A dashboard queries every second without one-shot folds in between: the queries run as a
  // series of their own (30), the one-shot folds as another, both in this run.
  let k = 0;
  const t = {
    // No forced GC between them either: a dashboard does not force one.
    ...(await timeRounds([["kpis", () => log.kpis(since, { now: last + ++k * 1000 })]], 30, { collect: false })),
    ...(await timeRounds([["one-shot", () => agentKpis(events, since, { now: last })]], Math.max(ROUNDS, 7))),
  };
  const s = log.stats();
  engine.push({ n, agents, query: t.kpis.ms, oneShot: t["one-shot"].ms, bytesPerEvent: s.bytes / s.events });
  console.log(`engine ${n}/${agents}: kpis ${fmt(t.kpis.ms)} ms, one-shot ${fmt(t["one-shot"].ms)} ms, ${(s.bytes / s.events).toFixed(1)} B/event`);
  log.free();
}

// The CLI streaming a big NDJSON file (issue 8): 1 GB (BENCH_QUICK: 100 MB), written once.
let cli = null;
if (!ONLY_ENGINE) {
  const target = QUICK ? 100e6 : 1e9;
  const file = join(root, "tests", "out", `bench-${QUICK ? "100MB" : "1GB"}.ndjson`);
  mkdirSync(dirname(file), { recursive: true });
  let size = existsSync(file) ? statSync(file).size : 0;
  if (size < target) {
    const fd = openSync(file, "w");
    let ts = 1_767_225_600_000;
    size = 0;
    while (size < target) {
      let chunk = "";
      for (let i = 0; i < 50_000; i++) {
        ts += 1 + (i % 7);
        chunk += `{"user_id":"agent-${(i * 7919) % 2000}","ts":${ts},"status":"${["ready", "incall", "wrapup", "paused"][i % 4]}"${i % 4 === 3 ? ',"reason":"break"' : ""}}\n`;
      }
      writeSync(fd, chunk);
      size += Buffer.byteLength(chunk);
    }
    closeSync(fd);
  }
  const bin = join(root, "node_modules", ".bin", "agent-kpis");
  const t = performance.now();
  const r = spawnSync(bin, [file, "--format", "csv"], { encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, AGENT_KPIS_REPORT_RSS: "1" } });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`CLI failed: ${r.stderr}`);
  const rssKiB = Number(/maxRSS (\d+) KiB/.exec(r.stderr)?.[1] ?? 0);
  cli = { mb: size / 1e6, ms, rss: rssKiB / 1024 };
  console.log(`CLI: ${cli.mb.toFixed(0)} MB NDJSON in ${(ms / 1000).toFixed(1)} s = ${((cli.mb * 1000) / ms).toFixed(0)} MB/s, peak RSS ${cli.rss.toFixed(0)} MiB`);
}

const wasm = readFileSync(join(root, "node_modules", "agent-kpis", "web", "agent_kpis_bg.wasm"));
const rss = process.resourceUsage().maxRSS * 1024;
const mem = wasmMemoryBytes();

// ---- report ----
const ratio = (a, b) => (a / b).toFixed(2);
const lines = [];
lines.push(`# agent-kpis benchmarks`, "");
lines.push(`Machine: ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}. ` +
  `Medians of ${ROUNDS} alternating rounds (fewer where marked), after checking every contender's answer equals ours.`, "");
lines.push("| log | contender | median ms | ours ÷ this |", "| --- | --- | ---: | ---: |");
for (const { label, t } of rows) {
  const ours = t["ours: objects"].ms;
  for (const [name, v] of Object.entries(t)) {
    const runs = v.runs < ROUNDS ? ` (${v.runs} runs)` : "";
    lines.push(`| ${label} | ${name}${runs} | ${fmt(v.ms)} | ${name.startsWith("ours") ? "" : ratio(ours, v.ms)} |`);
  }
}
const m1 = rows.find((r) => r.label === "1M time-ordered")?.t;
const sh = rows.find((r) => r.label === "1M shuffled")?.t;
if (m1 && sh) lines.push("", "Goals (issue 5), measured in this run on 1M events:", "");
const goal = (ok, text) => lines.push(`- ${ok ? "met" : "**missed**"}: ${text}`);
if (m1 && sh) {
goal(m1["ours: objects"].ms <= 0.7 * m1["tuned JS"].ms, `object path ${ratio(m1["ours: objects"].ms, m1["tuned JS"].ms)} × the tuned JS fold (goal ≤ 0.7)`);
goal(m1["ours: text (bytes)"].ms <= 0.2 * m1["JSON.parse + tuned JS"].ms, `text path ${ratio(m1["ours: text (bytes)"].ms, m1["JSON.parse + tuned JS"].ms)} × JSON.parse + tuned JS (goal ≤ 0.2)`);
goal(m1["ours: columns"].ms <= 0.05 * m1["tuned JS"].ms, `columnar path ${ratio(m1["ours: columns"].ms, m1["tuned JS"].ms)} × the tuned JS fold on objects (goal ≤ 0.05)`);
if (m1["DuckDB (load + SQL)"]) {
  const duck = m1["DuckDB (load + SQL)"].ms;
  goal(["ours: objects", "ours: columns", "ours: text (bytes)"].every((k) => m1[k].ms < duck), `every path faster than DuckDB (DuckDB ${fmt(duck)} ms)`);
}
goal(sh["ours: objects"].ms <= 3 * sh["ours: objects, time-ordered"].ms, `shuffled 1M ${ratio(sh["ours: objects"].ms, sh["ours: objects, time-ordered"].ms)} × time-ordered (goal ≤ 3)`);
}
const gz = gzipSync(wasm, { level: 9 }).length;
goal(gz <= 160_000, `.wasm ${wasm.length.toLocaleString("en")} bytes raw, ${gz.toLocaleString("en")} gzipped (goal ≤ 160 KB gzipped)`);
lines.push("", "Live engine (issue 6): `kpis()` for a fresh `now` (median of 30 queries in a row, as a dashboard makes them) vs a one-shot `agentKpis` of the same events:", "");
lines.push("| events | agents | kpis() ms | one-shot ms | ratio (goal ≤ 0.01) | retained bytes/event (goal ≤ 24) |", "| ---: | ---: | ---: | ---: | ---: | ---: |");
for (const e of engine) lines.push(`| ${e.n.toLocaleString("en")} | ${e.agents.toLocaleString("en")} | ${fmt(e.query)} | ${fmt(e.oneShot)} | ${(e.query / e.oneShot).toFixed(4)} | ${e.bytesPerEvent.toFixed(1)} |`);
lines.push("", `Peak RSS of the benchmark process: ${(rss / 2 ** 20).toFixed(0)} MiB; wasm memory at the end: ${(mem / 2 ** 20).toFixed(0)} MiB ` +
  "(wasm memory grows and is reused, never shrinks). The columnar path's peak wasm memory per event is measured by `tests/node/big.test.mjs` (10M events).");
if (cli) lines.push("", `CLI (issue 8): \`agent-kpis\` streamed a ${cli.mb.toFixed(0)} MB NDJSON log in ${(cli.ms / 1000).toFixed(1)} s ` +
  `(${((cli.mb * 1000) / cli.ms).toFixed(0)} MB/s, process start included), peak RSS ${cli.rss.toFixed(0)} MiB.`);
const report = `${lines.join("\n")}\n`;
process.stdout.write(`\n${report}`);
writeFileSync(join(here, QUICK || ONLY_ENGINE ? "RESULTS-quick.md" : "RESULTS.md"), report);
