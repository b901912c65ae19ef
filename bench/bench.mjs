// make bench: every input path of agent-kpis against plain JS folds and DuckDB, on the same
// generated logs, in one Node process. Every contender's answer is checked against ours (same
// agents in the same order, statusMs, loggedInMs, occupancyPct, utilizationPct, reasonMs) before
// anything is timed; then contenders alternate within each round and the table shows medians.
//
//   node --expose-gc --max-old-space-size=8192 bench/bench.mjs
//
// Environment:
//   BENCH_QUICK=1         100k and 1M events, 3 rounds; writes bench/RESULTS-quick.md (not committed)
//   BENCH_ONLY=a,b        only these sections: sizes, shuffled, engine, memory, cli, platforms (e.g. BENCH_ONLY=engine);
//                         a partial run also writes bench/RESULTS-quick.md
//   BENCH_ROUNDS=n        rounds per contender (default 7, quick 3)
//   BENCH_SIZES=n,m       log sizes for the "sizes" section (default 100000,1000000,5000000)
//
// The text path (`agentKpisFromJson`) and `wasmMemoryBytes` are used only if the installed package
// exports them, so the harness runs against older builds too.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as pkg from "agent-kpis";
import { agents, rng, step } from "./traffic.mjs";

const { agentKpis, agentKpisColumns, AgentLog } = pkg;
/** Issue 14's four blocks: `options.include` of the blocks rows. */
const ALL_BLOCKS = ["contacts", "episodes", "current", "team"];
const fromJson = typeof pkg.agentKpisFromJson === "function" ? pkg.agentKpisFromJson : null;
const wasmMemory = typeof pkg.wasmMemoryBytes === "function" ? pkg.wasmMemoryBytes : null;

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const QUICK = Boolean(process.env.BENCH_QUICK);
const ROUNDS = Number(process.env.BENCH_ROUNDS) || (QUICK ? 3 : 7);
const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(",").map(Number)
  : QUICK ? [100_000, 1_000_000] : [100_000, 1_000_000, 5_000_000];
const AGENTS = 2000;
const ALL_SECTIONS = ["sizes", "shuffled", "engine", "memory", "cli", "platforms"];
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(",").map((s) => s.trim()) : ALL_SECTIONS;
const PARTIAL = QUICK || ALL_SECTIONS.some((s) => !ONLY.includes(s)) || Boolean(process.env.BENCH_SIZES || process.env.BENCH_ROUNDS);
const gc = globalThis.gc ?? (() => {});
const loadAtStart = loadavg()[0];
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const sizeLabel = (n) => `${n / 1e6}M`;

// ---------------------------------------------------------------------------------------------
// Logs. Each agent is a small state machine (login → ready → ring → incall → wrapup → ready …,
// pauses with reasons, idle, outbound calls, unreachable, logouts); each event moves one agent,
// picked at random, one step. Timestamps are strictly increasing (1–171 ms apart, ~86 ms on
// average: 1M events ≈ one day), so a shuffled copy has the same per-agent numbers (only the
// agents' first-appearance order differs). Deterministic.
// ---------------------------------------------------------------------------------------------
/** n events over `agentCount` agents (traffic.mjs), as plain objects (`reason` only where there is one). */
function generate(n, agentCount, seed = 1) {
  const rnd = rng(seed);
  const pool = agents(agentCount);
  const events = new Array(n);
  let ts = 1_767_225_600_000; // 2026-01-01T00:00:00Z
  for (let i = 0; i < n; i++) {
    ts += 1 + Math.floor(rnd() * 171);
    events[i] = step(rnd, pool, ts);
  }
  return events;
}

function shuffle(events, seed = 7) {
  const rnd = rng(seed);
  const out = events.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = out[i]; out[i] = out[j]; out[j] = t;
  }
  return out;
}

/** Dictionary-encoded columns, as a caller holding columns would pass them. */
function columns(events) {
  const dict = (get) => {
    const index = new Map();
    const values = [];
    const codes = new Uint32Array(events.length);
    for (let i = 0; i < events.length; i++) {
      const v = get(events[i]);
      let c = index.get(v);
      if (c === undefined) { c = values.length; values.push(v); index.set(v, c); }
      codes[i] = c;
    }
    return { dict: values, codes };
  };
  return {
    userIds: dict((e) => e.user_id),
    ts: Float64Array.from(events, (e) => e.ts),
    statuses: dict((e) => e.status),
    reasons: dict((e) => e.reason ?? null),
  };
}

/**
 * One log in every form a contender takes, all prepared outside the timed region: the objects
 * (from JSON.parse of the text, as a backend reading a recorded log has them), the JSON text as a
 * string and as UTF-8 bytes, the columns, and the text in a tmpfs file for DuckDB's read_json.
 */
function prepare(events, label) {
  const text = JSON.stringify(events);
  const objects = JSON.parse(text);
  const bytes = Buffer.from(text, "utf8");
  const file = join(existsSync("/dev/shm") ? "/dev/shm" : join(root, "tests", "out"), `agent-kpis-bench-${process.pid}-${label}.json`);
  writeFileSync(file, bytes);
  tempFiles.push(file);
  return { label, events: objects, text, bytes, file, cols: columns(objects) };
}
const tempFiles = [];
const removeTempFiles = () => { for (const f of tempFiles.splice(0)) rmSync(f, { force: true }); };
process.on("exit", removeTempFiles);

// ---------------------------------------------------------------------------------------------
// Peers. All compute the full answer (reasonMs included), with exact integer arithmetic.
// ---------------------------------------------------------------------------------------------
const pct = (a, b) => (b === 0 ? 0 : Math.floor((200 * a + b) / (2 * b))); // round(100·a/b) half-up

/** An agent's result from its per-status totals and per-status per-reason totals (Maps). */
function agentResult(id, totals, reasons) {
  let loggedIn = 0;
  const kept = [...totals].filter(([, ms]) => ms > 0);
  for (const [s, ms] of kept) if (s !== "offline") loggedIn += ms;
  // Object.fromEntries defines own properties: a status named `__proto__` is an ordinary key.
  const statusMs = Object.fromEntries(kept);
  const g = (s) => totals.get(s) ?? 0;
  const handle = g("incall") + g("wrapup");
  const out = { user_id: id, statusMs, loggedInMs: loggedIn, occupancyPct: pct(handle, handle + g("ready")), utilizationPct: pct(handle, loggedIn) };
  if (reasons && reasons.size) {
    out.reasonMs = Object.fromEntries([...reasons].map(([s, m]) => [s, Object.fromEntries(m)]));
  }
  return out;
}

/** (a) What a first version looks like: group by agent, sort, walk. */
function naiveFold(events, since, now) {
  const groups = new Map();
  events.forEach((e, i) => {
    const id = String(e.user_id);
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id).push({ ts: e.ts, status: e.status, reason: e.reason, i });
  });
  const agents = [];
  for (const [id, list] of groups) {
    list.sort((a, b) => a.ts - b.ts || a.i - b.i);
    if (list[0].ts > now) continue;
    const totals = new Map();
    const reasons = new Map();
    for (let k = 0; k < list.length; k++) {
      const end = k + 1 < list.length ? list[k + 1].ts : now;
      const ms = Math.min(end, now) - Math.max(list[k].ts, since);
      if (ms <= 0) continue;
      const { status, reason } = list[k];
      totals.set(status, (totals.get(status) ?? 0) + ms);
      if (reason) {
        if (!reasons.has(status)) reasons.set(status, new Map());
        const m = reasons.get(status);
        m.set(reason, (m.get(reason) ?? 0) + ms);
      }
    }
    agents.push(agentResult(id, totals, reasons));
  }
  return { agents };
}

/**
 * The shared back half of the tuned folds: statuses and reasons interned to small integers, totals
 * in flat Float64Arrays, agent × status and agent × status × reason, grown by doubling.
 */
class Totals {
  constructor(statusNames, reasonNames) {
    this.statusNames = statusNames; // code → name; may grow while folding (object input)
    this.reasonNames = reasonNames;
    this.agents = 0;
    this.ss = 16; // status stride
    this.rs = 8; // reason stride
    this.ms = new Float64Array(0);
    this.rms = new Float64Array(0);
  }
  /** Room for `agents` agents, `statuses` statuses and `reasons` reasons. */
  grow(agents, statuses, reasons) {
    let { ss, rs } = this;
    while (statuses > ss) ss *= 2;
    while (reasons > rs) rs *= 2;
    if (ss === this.ss && rs === this.rs && agents <= this.agents) return;
    const cap = Math.max(agents <= this.agents ? this.agents : agents * 2, 1024);
    const ms = new Float64Array(cap * ss);
    const rms = new Float64Array(cap * ss * rs);
    for (let a = 0; a < this.agents; a++) {
      for (let s = 0; s < this.ss; s++) {
        ms[a * ss + s] = this.ms[a * this.ss + s];
        for (let r = 0; r < this.rs; r++) rms[(a * ss + s) * rs + r] = this.rms[(a * this.ss + s) * this.rs + r];
      }
    }
    Object.assign(this, { agents: cap, ss, rs, ms, rms });
  }
  clear() { this.ms.fill(0); this.rms.fill(0); }
  add(a, s, r, ms) {
    const k = a * this.ss + s;
    this.ms[k] += ms;
    if (r >= 0) this.rms[k * this.rs + r] += ms;
  }
  result(ids, reported) {
    const { statusNames, reasonNames, ss, rs } = this;
    const agents = [];
    for (let a = 0; a < ids.length; a++) {
      if (!reported(a)) continue;
      const totals = new Map();
      const reasons = new Map();
      for (let s = 0; s < statusNames.length; s++) {
        const ms = this.ms[a * ss + s];
        if (!(ms > 0)) continue;
        totals.set(statusNames[s], ms);
        for (let r = 0; r < reasonNames.length; r++) {
          const rms = this.rms[(a * ss + s) * rs + r];
          if (rms > 0) {
            if (!reasons.has(statusNames[s])) reasons.set(statusNames[s], new Map());
            reasons.get(statusNames[s]).set(reasonNames[r], rms);
          }
        }
      }
      agents.push(agentResult(ids[a], totals, reasons));
    }
    return { agents };
  }
}

/**
 * Sorts one agent's event indices (ascending, from the stable counting sort) by (ts, index): when
 * (ts − min ts) · length + position fits in 2^53 — almost always — as numeric keys with the native
 * Float64Array sort, else with a comparator.
 */
function sortRun(seg, ts) {
  const len = seg.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < len; k++) { const t = ts[seg[k]]; if (t < lo) lo = t; if (t > hi) hi = t; }
  if ((hi - lo + 1) * len > Number.MAX_SAFE_INTEGER) { seg.sort((x, y) => ts[x] - ts[y] || x - y); return; }
  const keys = new Float64Array(len);
  for (let k = 0; k < len; k++) keys[k] = (ts[seg[k]] - lo) * len + k;
  keys.sort();
  const old = seg.slice();
  for (let k = 0; k < len; k++) seg[k] = old[keys[k] % len];
}

/**
 * The tuned folds' fallback for out-of-order input, over parallel arrays (agent slot in
 * first-appearance order, ts, status code, reason index or -1): a stable counting sort by agent,
 * each agent's run sorted by (ts, position) unless already in order, then a walk.
 */
function foldSorted(slot, ts, status, reason, agents, since, now, totals) {
  const n = ts.length;
  totals.clear();
  const offset = new Uint32Array(agents + 1);
  for (let i = 0; i < n; i++) offset[slot[i] + 1]++;
  for (let a = 0; a < agents; a++) offset[a + 1] += offset[a];
  const fill = offset.slice(0, agents);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[fill[slot[i]]++] = i;
  const reported = new Uint8Array(agents);
  for (let a = 0; a < agents; a++) {
    const seg = order.subarray(offset[a], offset[a + 1]);
    let sorted = true;
    for (let k = 1; k < seg.length; k++) if (ts[seg[k]] < ts[seg[k - 1]]) { sorted = false; break; }
    if (!sorted) sortRun(seg, ts);
    if (ts[seg[0]] <= now) reported[a] = 1;
    for (let k = 0; k < seg.length; k++) {
      const i = seg[k];
      const end = k + 1 < seg.length ? ts[seg[k + 1]] : now;
      const ms = (end < now ? end : now) - (ts[i] > since ? ts[i] : since);
      if (ms > 0) totals.add(a, status[i], reason[i], ms);
    }
  }
  return (a) => reported[a] === 1;
}

/**
 * (b) A good JS developer's fold over objects: Map user → slot, interned statuses and reasons,
 * one pass keeping each agent's current status and start; at the first out-of-order event, read
 * everything into typed arrays and fold sorted.
 */
function tunedFold(events, since, now) {
  const n = events.length;
  const slotOf = new Map();
  const statusOf = new Map();
  const reasonOf = new Map();
  const ids = [];
  const statusNames = [];
  const reasonNames = [];
  const totals = new Totals(statusNames, reasonNames);
  let cur = new Int32Array(1024);
  let curReason = new Int32Array(1024);
  let start = new Float64Array(1024);
  let first = new Float64Array(1024);
  for (let i = 0; i < n; i++) {
    const e = events[i];
    const u = e.user_id;
    const id = typeof u === "string" ? u : String(u);
    const t = e.ts;
    let s = statusOf.get(e.status);
    if (s === undefined) { s = statusNames.length; statusOf.set(e.status, s); statusNames.push(e.status); totals.grow(ids.length, statusNames.length, reasonNames.length); }
    let r = -1;
    const rv = e.reason;
    if (rv) {
      r = reasonOf.get(rv);
      if (r === undefined) { r = reasonNames.length; reasonOf.set(rv, r); reasonNames.push(rv); totals.grow(ids.length, statusNames.length, reasonNames.length); }
    }
    let a = slotOf.get(id);
    if (a === undefined) {
      a = ids.length; slotOf.set(id, a); ids.push(id);
      if (a === cur.length) {
        const grow = (x) => { const y = new x.constructor(x.length * 2); y.set(x); return y; };
        cur = grow(cur); curReason = grow(curReason); start = grow(start); first = grow(first);
      }
      first[a] = t;
      totals.grow(ids.length, statusNames.length, reasonNames.length);
    } else {
      const st = start[a];
      if (t < st) return tunedFoldSorted(events, since, now);
      const ms = (t < now ? t : now) - (st > since ? st : since);
      if (ms > 0) totals.add(a, cur[a], curReason[a], ms);
    }
    start[a] = t; cur[a] = s; curReason[a] = r;
  }
  for (let a = 0; a < ids.length; a++) {
    const ms = now - (start[a] > since ? start[a] : since);
    if (ms > 0) totals.add(a, cur[a], curReason[a], ms);
  }
  return totals.result(ids, (a) => first[a] <= now);
}

function tunedFoldSorted(events, since, now) {
  const n = events.length;
  const slotOf = new Map();
  const statusOf = new Map();
  const reasonOf = new Map();
  const ids = [];
  const statusNames = [];
  const reasonNames = [];
  const slot = new Uint32Array(n);
  const ts = new Float64Array(n);
  const status = new Uint32Array(n);
  const reason = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const e = events[i];
    const id = typeof e.user_id === "string" ? e.user_id : String(e.user_id);
    let a = slotOf.get(id);
    if (a === undefined) { a = ids.length; slotOf.set(id, a); ids.push(id); }
    let s = statusOf.get(e.status);
    if (s === undefined) { s = statusNames.length; statusOf.set(e.status, s); statusNames.push(e.status); }
    let r = -1;
    if (e.reason) {
      r = reasonOf.get(e.reason);
      if (r === undefined) { r = reasonNames.length; reasonOf.set(e.reason, r); reasonNames.push(e.reason); }
    }
    slot[i] = a; ts[i] = e.ts; status[i] = s; reason[i] = r;
  }
  const totals = new Totals(statusNames, reasonNames);
  totals.grow(ids.length, statusNames.length, reasonNames.length);
  return totals.result(ids, foldSorted(slot, ts, status, reason, ids.length, since, now, totals));
}

/** (b′) The same one-pass fold over the dictionary-encoded columns the columnar path gets. */
function tunedFoldColumns(cols, since, now) {
  const { userIds, ts, statuses, reasons } = cols;
  const n = ts.length;
  const uc = userIds.codes;
  const sc = statuses.codes;
  const rc = reasons.codes;
  // Slots in first-appearance order (dictionary order need not be); reason code → index or -1.
  const slotOfCode = new Int32Array(userIds.dict.length).fill(-1);
  const ids = [];
  const reasonNames = [];
  const reasonOfCode = Int32Array.from(reasons.dict, (r) => (r ? reasonNames.push(r) - 1 : -1));
  const agents = userIds.dict.length;
  const totals = new Totals(statuses.dict, reasonNames);
  totals.grow(agents, statuses.dict.length, reasonNames.length);
  const cur = new Int32Array(agents);
  const curReason = new Int32Array(agents);
  const start = new Float64Array(agents);
  const first = new Float64Array(agents);
  for (let i = 0; i < n; i++) {
    const t = ts[i];
    let a = slotOfCode[uc[i]];
    if (a < 0) {
      a = slotOfCode[uc[i]] = ids.length;
      ids.push(String(userIds.dict[uc[i]]));
      first[a] = t;
    } else {
      const st = start[a];
      if (t < st) return tunedFoldColumnsSorted(cols, since, now);
      const ms = (t < now ? t : now) - (st > since ? st : since);
      if (ms > 0) totals.add(a, cur[a], curReason[a], ms);
    }
    start[a] = t; cur[a] = sc[i]; curReason[a] = reasonOfCode[rc[i]];
  }
  for (let a = 0; a < ids.length; a++) {
    const ms = now - (start[a] > since ? start[a] : since);
    if (ms > 0) totals.add(a, cur[a], curReason[a], ms);
  }
  return totals.result(ids, (a) => first[a] <= now);
}

function tunedFoldColumnsSorted(cols, since, now) {
  const { userIds, ts, statuses, reasons } = cols;
  const n = ts.length;
  const slotOfCode = new Int32Array(userIds.dict.length).fill(-1);
  const ids = [];
  const slot = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const u = userIds.codes[i];
    let a = slotOfCode[u];
    if (a < 0) { a = slotOfCode[u] = ids.length; ids.push(String(userIds.dict[u])); }
    slot[i] = a;
  }
  const reasonNames = [];
  const reasonOfCode = Int32Array.from(reasons.dict, (r) => (r ? reasonNames.push(r) - 1 : -1));
  const reason = new Int32Array(n);
  for (let i = 0; i < n; i++) reason[i] = reasonOfCode[reasons.codes[i]];
  const totals = new Totals(statuses.dict, reasonNames);
  totals.grow(ids.length, statuses.dict.length, reasonNames.length);
  return totals.result(ids, foldSorted(slot, ts, statuses.codes, reason, ids.length, since, now, totals));
}

// (d) DuckDB, in memory: the fold as one SQL query (LEAD over agent partitions, clipping, per
// status and per reason sums, the KPI formulas), loading included. One instance for the whole run
// (like our wasm module, instantiated once); each run creates and fills the table anew.
const DUCK_SQL = `
WITH ordered AS (
  SELECT user_id, status, NULLIF(reason, '') AS reason, ts,
         LEAD(ts) OVER (PARTITION BY user_id ORDER BY ts, pos) AS next_ts
  FROM events),
counted AS (
  SELECT user_id, status, reason, LEAST(COALESCE(next_ts, $now), $now) - GREATEST(ts, $since) AS ms FROM ordered),
per_reason AS (
  SELECT user_id, status, reason, SUM(ms) AS ms FROM counted WHERE ms > 0 GROUP BY ALL),
per_status AS (
  SELECT user_id, status, SUM(ms)::BIGINT AS ms,
         list(reason ORDER BY reason) FILTER (WHERE reason IS NOT NULL) AS reasons,
         list(ms::DOUBLE ORDER BY reason) FILTER (WHERE reason IS NOT NULL) AS reason_ms
  FROM per_reason GROUP BY ALL),
agents AS (
  SELECT user_id, MIN(pos) AS first_pos FROM events GROUP BY user_id HAVING MIN(ts) <= $now),
totals AS (
  SELECT a.user_id, a.first_pos,
         COALESCE(SUM(p.ms) FILTER (WHERE p.status <> 'offline'), 0)::BIGINT AS logged_in,
         COALESCE(SUM(p.ms) FILTER (WHERE p.status IN ('incall', 'wrapup')), 0)::BIGINT AS handle,
         COALESCE(SUM(p.ms) FILTER (WHERE p.status = 'ready'), 0)::BIGINT AS ready
  FROM agents a LEFT JOIN per_status p USING (user_id) GROUP BY ALL)
SELECT t.first_pos::DOUBLE AS first_pos, t.user_id, t.logged_in::DOUBLE AS logged_in,
       (CASE WHEN t.handle + t.ready = 0 THEN 0 ELSE (200 * t.handle + t.handle + t.ready) // (2 * (t.handle + t.ready)) END)::DOUBLE AS occupancy_pct,
       (CASE WHEN t.logged_in = 0 THEN 0 ELSE (200 * t.handle + t.logged_in) // (2 * t.logged_in) END)::DOUBLE AS utilization_pct,
       p.status, p.ms::DOUBLE AS ms, p.reasons, p.reason_ms
FROM totals t LEFT JOIN per_status p USING (user_id)
ORDER BY t.first_pos, p.status`;

let duck = null;
async function duckdb() {
  if (duck) return duck;
  const { DuckDBInstance, version } = await import("@duckdb/node-api");
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  const threads = (await con.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjectsJS()[0].t;
  duck = { db, con, version: typeof version === "function" ? version() : "?", threads };
  return duck;
}

async function duckQuery(con, since, now) {
  const reader = await con.runAndReadAll(DUCK_SQL, { since: BigInt(since), now: BigInt(now) });
  const [firstPos, userId, loggedIn, occ, util, status, ms, reasons, reasonMs] = reader.getColumnsJS();
  const agents = [];
  let cur = null;
  for (let k = 0; k < firstPos.length; k++) {
    if (cur === null || cur.user_id !== userId[k]) {
      cur = { user_id: userId[k], statusMs: {}, loggedInMs: loggedIn[k], occupancyPct: occ[k], utilizationPct: util[k] };
      agents.push(cur);
    }
    if (status[k] === null) continue;
    // defineProperty: a status named `__proto__` is an ordinary key.
    const own = (o, key, value) => Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
    own(cur.statusMs, status[k], ms[k]);
    if (reasons[k]) {
      cur.reasonMs ??= {};
      own(cur.reasonMs, status[k], Object.fromEntries(reasons[k].map((r, j) => [r, reasonMs[k][j]])));
    }
  }
  return { agents };
}

/** DuckDB from the JS objects: row appender into a fresh table, then the query. */
async function duckFromObjects(events, since, now) {
  const { con } = await duckdb();
  await con.run("CREATE OR REPLACE TABLE events(pos INTEGER, user_id VARCHAR, ts BIGINT, status VARCHAR, reason VARCHAR)");
  const ap = await con.createAppender("events");
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    ap.appendInteger(i);
    ap.appendVarchar(String(e.user_id));
    ap.appendBigInt(BigInt(e.ts));
    ap.appendVarchar(e.status);
    if (typeof e.reason === "string") ap.appendVarchar(e.reason); else ap.appendNull();
    ap.endRow();
  }
  ap.closeSync();
  const out = await duckQuery(con, since, now);
  await con.run("DROP TABLE events");
  return out;
}

/** DuckDB from the JSON text: read_json of the (tmpfs) file into a fresh table, then the query. */
async function duckFromJson(file, since, now) {
  const { con } = await duckdb();
  await con.run(`CREATE OR REPLACE TABLE events AS
    SELECT (row_number() OVER ())::INTEGER - 1 AS pos, user_id, ts, status, reason
    FROM read_json('${file}', format = 'array',
                   columns = {user_id: 'VARCHAR', ts: 'BIGINT', status: 'VARCHAR', reason: 'VARCHAR'})`);
  const out = await duckQuery(con, since, now);
  await con.run("DROP TABLE events");
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checks and timing.
// ---------------------------------------------------------------------------------------------
const sortKeys = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
function normalized(result) {
  return result.agents.map((a) => ({
    user_id: a.user_id,
    statusMs: sortKeys(a.statusMs),
    loggedInMs: a.loggedInMs,
    occupancyPct: a.occupancyPct,
    utilizationPct: a.utilizationPct,
    reasonMs: a.reasonMs ? sortKeys(Object.fromEntries(Object.entries(a.reasonMs).map(([s, m]) => [s, sortKeys(m)]))) : undefined,
  }));
}

/** Throws unless `theirs` is exactly `ours` (agents in the same order; key order ignored). */
function sameAnswer(name, ours, theirs) {
  const a = normalized(ours);
  const b = normalized(theirs);
  if (a.length !== b.length) throw new Error(`${name}: ${b.length} agents, ours ${a.length}`);
  for (let k = 0; k < a.length; k++) {
    const x = JSON.stringify(a[k]);
    const y = JSON.stringify(b[k]);
    if (x !== y) throw new Error(`${name} disagrees with agent-kpis at agents[${k}]:\n  ours:   ${x}\n  theirs: ${y}`);
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/**
 * Runs every contender once per round, in an order rotated each round, gc() before each run (unless
 * collect is false); a
 * contender with maxRuns stops after that many. Returns { name: { ms (median), min, max, runs } }.
 */
async function timeRounds(contenders, rounds, { collect = true } = {}) {
  const times = new Map(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(k + r) % contenders.length];
      if (c.maxRuns !== undefined && times.get(c.name).length >= c.maxRuns) continue;
      if (collect) gc();
      const t = performance.now();
      await c.run();
      times.get(c.name).push(performance.now() - t);
    }
  }
  return Object.fromEntries([...times].map(([n, xs]) => [n, { ms: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length }]));
}

let peakWasm = 0;
const noteWasm = () => { if (wasmMemory) peakWasm = Math.max(peakWasm, wasmMemory()); };

// ---------------------------------------------------------------------------------------------
// Child mode: the live engine on a fresh heap. In the main process, after the sections
// that hold gigabytes of logs, every allocating fold pays for it in GC (measured: a one-shot of 1M
// objects took 172 ms there and 82 ms in a fresh process), which would flatter the ratio; and
// the engine's own logs would weigh on the sections after it.
// A log of n events from `agents` agents, appended in 100k batches; a window query for a fresh
// `now` (a second later each time) vs a one-shot fold of the same events.
// ---------------------------------------------------------------------------------------------
async function engineRun(n, agents) {
  let events = JSON.parse(JSON.stringify(generate(n, agents, 3)));
  const since = events[Math.floor(n / 20)].ts;
  const last = events[n - 1].ts;
  const alog = new AgentLog();
  const t0 = performance.now();
  for (let i = 0; i < n; i += 100_000) alog.append(events.slice(i, i + 100_000));
  const appendMs = performance.now() - t0;
  sameAnswer("AgentLog", agentKpis(events, since, { now: last + 500 }), alog.kpis(since, { now: last + 500 }));
  let k = 0;
  const query = () => alog.kpis(since, { now: last + ++k * 1000 });
  const oneShot = () => agentKpis(events, since, { now: last + 1000 });
  // One-shot folds alone, then alternating with queries (each run after a gc()).
  const single = await timeRounds([{ name: "one-shot", run: oneShot }], ROUNDS);
  const alt = await timeRounds([{ name: "kpis", run: query }, { name: "one-shot", run: oneShot }], ROUNDS);
  // Issue 14: the one-shot fold with all four blocks vs the same call without, alternating.
  const oneShotBlocks = () => agentKpis(events, since, { now: last + 1000, include: ALL_BLOCKS });
  const blocksAlt = await timeRounds([{ name: "without", run: oneShot }, { name: "with", run: oneShotBlocks }], ROUNDS);
  // What the query series below need from the events, taken now: then the events are dropped, as a
  // dashboard that hands its log to the engine does. While this process held its n event objects
  // (1–2 GB at 5M), V8's collection of them landed in timed queries: 4.2–13.8 ms a query at
  // 10,000 agents, from run to run.
  // - a second of traffic (n events over the log's span, ~12 a second for 1M in a day) per query;
  const perSecond = Math.max(1, Math.round((n / (last - events[0].ts)) * 1000));
  const traffic = Array.from({ length: 100 }, (_, q) => Array.from({ length: perSecond }, (_, i) => {
    const e = events[(q * perSecond + i) * 7919 % n];
    return { user_id: e.user_id, offset: Math.floor((i * 1000) / perSecond), status: e.status, reason: e.reason };
  }));
  // - window starts that jump (to the ts of event n/20 + 9,973·j, wrapping in the first half of the
  //   log): each falls on other events than any remembered lookup.
  //   (200 of them: the first 100 without blocks, the next 100 with)
  const starts = Array.from({ length: 200 }, (_, j) => events[Math.floor(n / 20) + (((j + 1) * 9973) % Math.floor(n / 2))].ts);
  // - every agent, for issue 15's series (each scheduled on one shift over the whole log).
  const agentIds = [...new Set(events.map((e) => String(e.user_id)))];
  const shift = { start: events[0].ts, end: last + 86_400_000 };
  events = null;
  gc();
  gc();
  // As a dashboard makes them: 100 queries in a row, no forced GC between (a dashboard forces none);
  // more than a handful, since one GC or a neighbouring process moves a short median.
  const series = await timeRounds([{ name: "kpis", run: query }], 100, { collect: false });
  // As live: before each query, its second of traffic appended (timed apart from the query).
  const live = [];
  for (let q = 0, clock = last + k * 1000; q < 100; q++) {
    const batch = traffic[q].map(({ user_id, offset, status, reason }) => ({ user_id, ts: clock + offset, status, ...(reason ? { reason } : {}) }));
    clock += 1000;
    alog.append(batch);
    const t = performance.now();
    alog.kpis(since, { now: clock });
    live.push(performance.now() - t);
  }
  k += live.length; // later queries' `now` stays past the appended events
  let j = 0;
  const moving = () => alog.kpis(starts[j++], { now: last + ++k * 1000 });
  const movingSeries = await timeRounds([{ name: "kpis", run: moving }], 100, { collect: false });
  const stats = alog.stats();
  // Issue 14: kpis() with all four blocks. The first such query builds the episode index (timed
  // apart); then 100 for a fresh `now` (each extends the previous result with blocks), then 100
  // with a moving start.
  const t1 = performance.now();
  alog.kpis(since, { now: last + ++k * 1000, include: ALL_BLOCKS });
  const firstBlocks = performance.now() - t1;
  const queryBlocks = () => alog.kpis(since, { now: last + ++k * 1000, include: ALL_BLOCKS });
  const blocksSeries = await timeRounds([{ name: "kpis", run: queryBlocks }], 100, { collect: false });
  const movingBlocks = () => alog.kpis(starts[j++], { now: last + ++k * 1000, include: ALL_BLOCKS });
  const movingBlocksSeries = await timeRounds([{ name: "kpis", run: movingBlocks }], 100, { collect: false });
  const statsBlocks = alog.stats();
  // Issue 15: every agent scheduled; kpis() with adherence alone (sampled, the default) vs with
  // conformance and shrinkage included, alternating, 50 of each for a fresh `now`.
  alog.setSchedules(agentIds.map((user_id) => ({ user_id, segments: [shift] })));
  const adherenceOnly = () => alog.kpis(since, { now: last + ++k * 1000 });
  const withSchedule15 = () => alog.kpis(since, { now: last + ++k * 1000, include: ["conformance", "shrinkage"] });
  const schedule15 = await timeRounds([{ name: "adherence", run: adherenceOnly }, { name: "with", run: withSchedule15 }], 50, { collect: false });
  const wasmBytes = wasmMemory ? wasmMemory() : 0;
  alog.free();
  return {
    n, agents, appendMs, query: series.kpis.ms, queryMoving: movingSeries.kpis.ms, queryAlt: alt.kpis.ms, queryLive: median(live), perSecond,
    oneShot: single["one-shot"].ms, oneShotAlt: alt["one-shot"].ms, stats, wasmBytes,
    // Per event: everything but the kept query results, which are per-agent state (reported apart).
    bytesPerEvent: (stats.bytes - (stats.resultBytes ?? 0)) / stats.events, resultBytesPerAgent: (stats.resultBytes ?? 0) / stats.agents,
    blocks: {
      first: firstBlocks, query: blocksSeries.kpis.ms, queryMoving: movingBlocksSeries.kpis.ms,
      oneShotWith: blocksAlt.with.ms, oneShotWithout: blocksAlt.without.ms,
      bytesPerEvent: (statsBlocks.bytes - (statsBlocks.resultBytes ?? 0)) / statsBlocks.events,
    },
    schedule15: { adherence: schedule15.adherence.ms, with: schedule15.with.ms },
  };
}

if (process.argv[2] === "--engine") {
  process.stdout.write(JSON.stringify(await engineRun(Number(process.argv[3]), Number(process.argv[4]))));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Child mode: the columnar path's peak wasm memory in a fresh module (linear memory never shrinks,
// so it must be measured in a process that has done nothing else).
// ---------------------------------------------------------------------------------------------
if (process.argv[2] === "--columnar-memory") {
  const n = Number(process.argv[3]);
  const cols = columns(generate(n, AGENTS, 1));
  gc();
  const before = wasmMemory();
  const r = agentKpisColumns(cols, cols.ts[Math.floor(n / 20)], { now: cols.ts[n - 1] + 60_000 });
  const after = wasmMemory();
  process.stdout.write(JSON.stringify({ n, before, after, agents: r.agents.length }));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// The sections.
// ---------------------------------------------------------------------------------------------
const tables = []; // { label, t: timings, contenders }
const notes = [];
const log = (...a) => console.log(`[${(performance.now() / 1000).toFixed(0)} s]`, ...a);

/** Every contender on one prepared log: check answers, then time. */
async function runLog(p, { since, now, slow }) {
  const { events, text, bytes, file, cols } = p;
  const c = [];
  const add = (name, run, opts = {}) => c.push({ name, run, ...opts });
  add("ours: objects", () => agentKpis(events, since, { now }), { ours: "objects" });
  add("ours: columns", () => agentKpisColumns(cols, since, { now }), { ours: "columns" });
  if (fromJson) {
    add("ours: text (bytes)", () => fromJson(bytes, since, { now }), { ours: "text" });
    add("ours: text (string)", () => fromJson(text, since, { now }), { ours: "text string" });
  }
  add("naive JS", () => naiveFold(events, since, now), { maxRuns: slow ? 3 : undefined });
  add("tuned JS", () => tunedFold(events, since, now));
  add("tuned JS on columns", () => tunedFoldColumns(cols, since, now));
  add("JSON.parse + tuned JS", () => tunedFold(JSON.parse(text), since, now), { maxRuns: slow ? 3 : undefined });
  add("DuckDB: objects via appender", () => duckFromObjects(events, since, now), { maxRuns: slow ? 3 : undefined });
  add("DuckDB: read_json of the text", () => duckFromJson(file, since, now), { maxRuns: slow ? 3 : undefined });

  log(`${p.label}: checking answers`);
  const ours = agentKpis(events, since, { now });
  for (const x of c) sameAnswer(x.name, ours, await x.run());
  log(`${p.label}: timing ${ROUNDS} rounds`);
  const t = await timeRounds(c, ROUNDS);
  noteWasm();
  tables.push({ label: p.label, t, contenders: c });
  log(`${p.label}:`, Object.fromEntries(Object.entries(t).map(([k, v]) => [k, fmt(v.ms)])));
  return t;
}

const want = (s) => ONLY.includes(s);
const results = {};

if (want("sizes") || want("shuffled")) {
  for (const n of SIZES) {
    if (!want("sizes") && n !== 1_000_000) continue;
    let p = prepare(generate(n, AGENTS, 1), `${sizeLabel(n)} time-ordered`);
    const since = p.events[Math.floor(n / 20)].ts; // a shift starting 5% into the log
    const now = p.events[n - 1].ts + 60_000;
    if (want("sizes")) results[n] = await runLog(p, { since, now, slow: n >= 5_000_000 });
    if (n === 1_000_000 && want("shuffled")) {
      const events = p.events;
      removeTempFiles();
      p = null;
      gc();
      results.shuffled = await runLog(prepare(shuffle(events), "1M shuffled"), { since, now, slow: false });
    }
    p = null;
    removeTempFiles();
    gc();
  }
}

// The live engine, each size in a fresh child process (see `engineRun`).
const engine = [];
if (want("engine")) {
  for (const [n, agents] of QUICK ? [[1_000_000, 2000]] : [[1_000_000, 2000], [5_000_000, 10_000]]) {
    const r = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=8192", fileURLToPath(import.meta.url), "--engine", String(n), String(agents)],
      { encoding: "utf8", cwd: root, env: process.env, maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`engine child failed: ${r.stderr}`);
    const e = JSON.parse(r.stdout);
    engine.push(e);
    log(`engine ${n}/${agents}: kpis ${fmt(e.query)} ms (with appends ${fmt(e.queryLive)}, moving since ${fmt(e.queryMoving)}, alternating ${fmt(e.queryAlt)}), one-shot ${fmt(e.oneShot)} ms, ` +
      `${e.bytesPerEvent.toFixed(1)} B/event, wasm memory ${mib(e.wasmBytes)}`);
    const b = e.blocks;
    log(`engine ${n}/${agents} with all blocks: kpis ${fmt(b.query)} ms (first ${fmt(b.first)}, moving since ${fmt(b.queryMoving)}), ` +
      `one-shot with ${fmt(b.oneShotWith)} ms vs without ${fmt(b.oneShotWithout)} ms, ${b.bytesPerEvent.toFixed(1)} B/event`);
    log(`engine ${n}/${agents} all scheduled: kpis with adherence ${fmt(e.schedule15.adherence)} ms, with conformance and shrinkage ${fmt(e.schedule15.with)} ms`);
  }
}

// The columnar path's peak wasm memory per event, in a child process.
let colMem = null;
if (want("memory") && wasmMemory) {
  const n = QUICK ? 1_000_000 : 5_000_000;
  const r = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=8192", fileURLToPath(import.meta.url), "--columnar-memory", String(n)], { encoding: "utf8", cwd: root });
  if (r.status !== 0) throw new Error(`columnar memory child failed: ${r.stderr}`);
  colMem = JSON.parse(r.stdout);
  log(`columnar wasm memory: ${mib(colMem.after)} for ${n} events (${(colMem.after / n).toFixed(1)} B/event; ${mib(colMem.before)} before the call)`);
}

// The CLI streaming a big NDJSON file: 1 GB (quick: 100 MB), written once into tests/out.
let cli = null;
if (want("cli")) {
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
  if (existsSync(bin)) {
    // Peak RSS from /usr/bin/time when there is one: spawned from this multi-GiB process, the CLI's
    // own getrusage() reported 1.0–1.2 GiB where a run from a shell gives ~365 MiB (not understood).
    const time = existsSync("/usr/bin/time") ? ["/usr/bin/time", ["-f", "maxRSS %M KiB", bin]] : [bin, []];
    const t = performance.now();
    const r = spawnSync(time[0], [...time[1], file, "--format", "csv"], { encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, AGENT_KPIS_REPORT_RSS: "1" } });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`CLI failed: ${r.stderr}`);
    const rssKiB = Number([...r.stderr.matchAll(/maxRSS (\d+) KiB/g)].at(-1)?.[1] ?? 0);
    cli = { mb: size / 1e6, ms, rss: rssKiB / 1024 };
    log(`CLI: ${cli.mb.toFixed(0)} MB NDJSON in ${(ms / 1000).toFixed(1)} s = ${((cli.mb * 1000) / ms).toFixed(0)} MB/s, peak RSS ${cli.rss.toFixed(0)} MiB`);
  } else {
    notes.push("The CLI section was skipped: the installed package has no `agent-kpis` bin.");
  }
}

// Issue 18: a 1M-line Asterisk queue_log through AgentLog.appendText and the CLI vs the NDJSON of its
// derived events (bench/platforms.mjs, in a child process).
let platforms = null;
if (want("platforms")) {
  if (typeof pkg.toAgentEvents === "function") {
    const lines = QUICK ? 200_000 : 1_000_000;
    const r = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=8192", join(here, "platforms.mjs"), String(lines)],
      { encoding: "utf8", cwd: root, env: process.env, maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`platforms child failed: ${r.stderr}`);
    platforms = JSON.parse(r.stdout);
    log(`platforms: queue_log ${fmt(platforms.logMB)} MB appendText ${fmt(platforms.appendText)} ms vs NDJSON ${fmt(platforms.appendJson)} ms; ` +
      `CLI ${fmt(platforms.cliQueueLog)} ms vs ${fmt(platforms.cliNdjson)} ms`);
  } else {
    notes.push("The platforms section was skipped: the installed package has no `toAgentEvents`.");
  }
}

// ---------------------------------------------------------------------------------------------
// Report.
// ---------------------------------------------------------------------------------------------
noteWasm();
const rss = process.resourceUsage().maxRSS * 1024;
const wasmFile = [join(root, "node_modules", "agent-kpis", "web", "agent_kpis_bg.wasm"), join(root, "pkg", "web", "agent_kpis_bg.wasm")].find(existsSync);
const wasm = wasmFile ? readFileSync(wasmFile) : null;
const gz = wasm ? gzipSync(wasm, { level: 9 }).length : 0;
const duckInfo = duck ? `DuckDB ${duck.version} (${duck.threads} threads)` : "DuckDB not run";
const ratio = (a, b) => (a / b).toFixed(2);
const OURS = [["objects", "ours: objects"], ["columns", "ours: columns"], ["text", "ours: text (bytes)"]].filter(([, n]) => tables.length === 0 || tables[0].t[n]);

const lines = [];
lines.push("# agent-kpis benchmarks", "");
lines.push(`Machine: ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${duckInfo}; ` +
  `agent-kpis ${pkgVersion()}; ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.` +
  (QUICK ? " **Quick run** (BENCH_QUICK=1)." : ""));
lines.push("", `Logs: generated, deterministic; ${AGENTS.toLocaleString("en")} agents, each a state machine ` +
  "(ready → ring → incall → wrapup …, paused with reasons break/lunch/training/meeting, idle, extcall, unreachable, offline); " +
  "time-ordered, ~86 ms between events (1M events ≈ one day); the window starts 5% into the log and `now` is a minute after its last event. " +
  "The objects are `JSON.parse` of the log's JSON text, as a backend reading a recorded log has them; the text is passed as UTF-8 bytes " +
  "(and as a string), the columns dictionary-encoded (`{dict, codes}`), all prepared outside the timed region.");
lines.push("", `Timing: median of ${ROUNDS} rounds (fewer where the runs column says so); in each round every contender runs once, ` +
  "in an order rotated from round to round, with `gc()` before each run. Before timing, every contender's answer was checked equal to " +
  "`agentKpis` (same agents in the same order, statusMs, loggedInMs, occupancyPct, utilizationPct and reasonMs; key order ignored). " +
  `Load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end on ${cpus().length} cores` +
  (Math.max(loadAtStart, loadavg()[0]) > cpus().length * 0.75 ? ": other jobs shared the machine, so expect noise (min–max shown)." : ".") +
  (globalThis.gc ? "" : " (Run without --expose-gc: no gc() between runs.)"));
lines.push("", "Peers: **naive JS** groups events by agent, sorts each group, walks it. **tuned JS** is one pass with a Map user → slot, " +
  "interned statuses, per-agent totals in a Float64Array, and disorder detection with a counting-sort fallback; **tuned JS on columns** " +
  "is the same fold on the columnar path's input. **DuckDB** (in-memory, one instance for the run) runs the fold as one SQL query " +
  "(`LEAD(ts) OVER (PARTITION BY user_id ORDER BY ts, pos)`, clipping, per-status and per-reason sums, the KPI formulas), " +
  "loading included: from the objects through the row appender, or from the JSON text with `read_json` of a tmpfs file (file written untimed). " +
  "All peers compute reasonMs too, as ours does.");

for (const { label, t } of tables) {
  lines.push("", `## ${label}`, "");
  lines.push(`| contender | runs | median ms | min–max ms | ${OURS.map(([o]) => `${o} ÷ this`).join(" | ")} |`);
  lines.push(`| --- | ---: | ---: | ---: | ${OURS.map(() => "---:").join(" | ")} |`);
  for (const [name, v] of Object.entries(t)) {
    const cells = name.startsWith("ours") ? OURS.map(() => "") : OURS.map(([, o]) => ratio(t[o].ms, v.ms));
    lines.push(`| ${name} | ${v.runs} | ${fmt(v.ms)} | ${fmt(v.min)}–${fmt(v.max)} | ${cells.join(" | ")} |`);
  }
}

const goals = [];
const goal = (ok, text) => goals.push(`- ${ok ? "met" : "**missed**"}: ${text}`);
const m1 = results[1_000_000];
if (m1) {
  goal(m1["ours: objects"].ms <= 0.7 * m1["tuned JS"].ms, `object path ${ratio(m1["ours: objects"].ms, m1["tuned JS"].ms)} × the tuned JS fold (goal ≤ 0.7)`);
  if (fromJson) {
    const parse = m1["JSON.parse + tuned JS"].ms;
    goal(m1["ours: text (bytes)"].ms <= 0.2 * parse, `text path ${ratio(m1["ours: text (bytes)"].ms, parse)} × JSON.parse + tuned JS ` +
      `(bytes; from a string ${ratio(m1["ours: text (string)"].ms, parse)}) (goal ≤ 0.2)`);
  } else {
    goals.push("- not measured: text path (the installed package does not export `agentKpisFromJson`)");
  }
  goal(m1["ours: columns"].ms <= 0.05 * m1["tuned JS"].ms, `columnar path ${ratio(m1["ours: columns"].ms, m1["tuned JS"].ms)} × the tuned JS fold on objects ` +
    `(goal ≤ 0.05; ${ratio(m1["ours: columns"].ms, m1["tuned JS on columns"].ms)} × the tuned JS fold on the same columns)`);
  const duckBest = Math.min(m1["DuckDB: objects via appender"].ms, m1["DuckDB: read_json of the text"].ms);
  const slowest = Math.max(...OURS.map(([, o]) => m1[o].ms));
  goal(slowest < duckBest, `every path faster than DuckDB: slowest of ours ${fmt(slowest)} ms vs DuckDB's faster variant ${fmt(duckBest)} ms (${ratio(slowest, duckBest)} ×)`);
}
const sh = results.shuffled;
if (sh && m1) {
  const parts = OURS.map(([o, name]) => [o, sh[name].ms / m1[name].ms]);
  goal(parts.every(([, r]) => r <= 3), `shuffled 1M vs time-ordered: ${parts.map(([o, r]) => `${o} ${r.toFixed(2)} ×`).join(", ")} (goal ≤ 3)`);
} else if (sh) {
  goals.push("- (shuffled 1M measured without the time-ordered 1M in this run: no ratio)");
}
if (wasm) goal(gz <= 160_000, `.wasm ${wasm.length.toLocaleString("en")} bytes raw, ${gz.toLocaleString("en")} gzipped (zlib level 9; goal ≤ 160 KB gzipped)`);
if (colMem) goal(colMem.after / colMem.n <= 32, `columnar path peak wasm memory ${(colMem.after / colMem.n).toFixed(1)} bytes per event ` +
  `(${mib(colMem.after)} for ${(colMem.n / 1e6).toFixed(0)}M events in a fresh process, ${mib(colMem.before)} of it before the call; goal ≤ 32)`);
if (goals.length) lines.push("", "## Goals (issue 5), ratios from this run on 1M events", "", ...goals);

if (engine.length) {
  lines.push("", "## Live engine (issue 6)", "",
    "`AgentLog` filled with the log in 100k-event appends; `kpis(since, {now})` for a fresh `now` each query (a second later each time), " +
    "window starting 5% into the log, vs a one-shot `agentKpis` of the same events, both in a fresh process per size (the main " +
    "process's heap, holding the other sections' logs, slows every allocating fold). `kpis` median of 100 queries in a row with no forced GC " +
    `(as a dashboard makes them), one-shot median of ${ROUNDS}; in brackets both when alternating with \`gc()\` before each run ` +
    "(the one-shot fold evicts the engine's data from the caches). The query series run after the process dropped its event objects, as a " +
    "dashboard that hands its log to the engine does (while it held them, V8's collection of a 1–2 GB heap landed in timed queries: " +
    "4.2–13.8 ms at 10,000 agents from run to run). Queries with the same `since` find it remembered from the previous " +
    "query (see `Checkpoints` in src/cumulative.rs), and nothing is appended between them, so every agent's row extends its previous one " +
    "(see `Snapshot` in src/log.rs); \"with appends\": before each query a second of traffic is appended (n events over the log's span, " +
    "~12 a second for 1M), timed apart; \"moving since\" also moves the start each time, by ~9,973 events (~14 min), so nothing is remembered.", "",
    "| events | agents | append all ms | kpis() ms | with appends ms | moving since ms | one-shot ms | ratio (goal ≤ 0.01) | with appends ratio | moving since ratio | retained bytes/event (goal ≤ 24 + per-agent state) |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const e of engine) {
    lines.push(`| ${e.n.toLocaleString("en")} | ${e.agents.toLocaleString("en")} | ${fmt(e.appendMs)} | ${fmt(e.query)} (${fmt(e.queryAlt)}) | ${fmt(e.queryLive)} | ${fmt(e.queryMoving)} | ` +
      `${fmt(e.oneShot)} (${fmt(e.oneShotAlt)}) | ${e.query / e.oneShot <= 0.01 ? "met" : "**missed**"} ${(e.query / e.oneShot).toFixed(4)} (${(e.queryAlt / e.oneShotAlt).toFixed(4)}) | ` +
      `${(e.queryLive / e.oneShot).toFixed(4)} | ${(e.queryMoving / e.oneShot).toFixed(4)} | ` +
      `${e.bytesPerEvent <= 24 ? "met" : "**missed**"} ${e.bytesPerEvent.toFixed(1)} |`);
  }
  lines.push("", "Retained bytes per event: `stats().bytes` less `stats().resultBytes` (recent results, kept to extend the next " +
    `query: per-agent state, ${engine.map((e) => `${e.resultBytesPerAgent.toFixed(0)} bytes per agent`).join(" and ")}), over the events retained.`);
  lines.push("", `wasm linear memory of each engine process at its end: ${engine.map((e) => `${mib(e.wasmBytes)} (${e.n.toLocaleString("en")} events)`).join(", ")}.`);
  lines.push("", "## Blocks: contacts, episodes, current, team (issue 14)", "",
    "In the same engine processes, after the series above: `kpis(since, {now, include: [\"contacts\", \"episodes\", \"current\", \"team\"]})`. " +
    "The first such query builds the episode index (\"first\"); then 100 queries for a fresh `now`, each a second later (each extends the " +
    "previous result with blocks), then 100 with a moving start (as above, other starts), medians; ratios to the one-shot fold *without* " +
    `blocks of the table above. One-shot: \`agentKpis\` with all four blocks vs the same call without, alternating (gc() before each), median of ${ROUNDS}. ` +
    "Bytes per event as above, after the blocks' queries (the episode index included).", "",
    "| events | agents | first ms | kpis() ms | ratio (goal ≤ 0.015) | moving since ms | moving since ratio | one-shot with ms | without ms | with / without (goal ≤ 1.5) | retained bytes/event |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const e of engine) {
    const b = e.blocks;
    const r = b.query / e.oneShot, o = b.oneShotWith / b.oneShotWithout;
    lines.push(`| ${e.n.toLocaleString("en")} | ${e.agents.toLocaleString("en")} | ${fmt(b.first)} | ${fmt(b.query)} | ${r <= 0.015 ? "met" : "**missed**"} ${r.toFixed(4)} | ` +
      `${fmt(b.queryMoving)} | ${(b.queryMoving / e.oneShot).toFixed(4)} | ${fmt(b.oneShotWith)} | ${fmt(b.oneShotWithout)} | ` +
      `${o <= 1.5 ? "met" : "**missed**"} ${o.toFixed(2)} | ${b.bytesPerEvent.toFixed(1)} |`);
  }
}

if (engine.length) {
  lines.push("", "## Schedule metrics: conformance and shrinkage (issue 15)", "",
    "In the same engine processes, after the blocks' series: every agent given one shift over the whole log (`setSchedules`), then " +
    "`kpis(since, {now})` (adherence alone, sampled every 5 minutes, the default) and the same with `include: [\"conformance\", \"shrinkage\"]`, " +
    "alternating, 50 of each for a fresh `now`, medians.", "",
    "| events | agents | adherence alone ms | with conformance + shrinkage ms | ratio (goal ≤ 2) |",
    "| ---: | ---: | ---: | ---: | ---: |");
  for (const e of engine) {
    const r = e.schedule15.with / e.schedule15.adherence;
    lines.push(`| ${e.n.toLocaleString("en")} | ${e.agents.toLocaleString("en")} | ${fmt(e.schedule15.adherence)} | ${fmt(e.schedule15.with)} | ${r <= 2 ? "met" : "**missed**"} ${r.toFixed(2)} |`);
  }
}

if (platforms) {
  const p = platforms;
  const speed = (mb, ms) => `${fmt((mb * 1000) / ms)} MB/s`;
  const row = (name, qlMs, ndMs) => {
    const r = qlMs / ndMs;
    return `| ${name} | ${fmt(qlMs)} (${speed(p.logMB, qlMs)}) | ${fmt(ndMs)} (${speed(p.ndjsonMB, ndMs)}) | ${r <= 1.5 ? "met" : "**missed**"} ${r.toFixed(2)} |`;
  };
  lines.push("", "## Platform logs: Asterisk queue_log (issue 18)", "",
    `A generated queue_log of ${p.lines.toLocaleString("en")} lines (${fmt(p.logMB)} MB; 2,000 members of two queues, pauses logged per queue ` +
    "plus PAUSEALL, ENTERQUEUE/QUEUESTART lines that change nothing, unanswered rings, calls, members removed and re-added) vs the NDJSON " +
    `of the ${p.events.toLocaleString("en")} events it derives (${fmt(p.ndjsonMB)} MB; \`toAgentEvents\`), checked to give the same KPIs. ` +
    "`AgentLog`: a new log filled in 8 MB chunks of whole lines, as the CLI reads; the CLI: `agent-kpis FILE [--log-format asterisk-queue-log] " +
    `--format csv\`, a process per run. Medians of ${p.rounds}, alternating; MB/s of each file's own size.`, "",
    "| path | queue_log ms | NDJSON ms | ratio (goal ≤ 1.5) |", "| --- | ---: | ---: | ---: |",
    row("AgentLog append", p.appendText, p.appendJson), row("CLI", p.cliQueueLog, p.cliNdjson));
}

lines.push("", "## Memory and size", "");
lines.push(`- Peak RSS of the benchmark process: ${mib(rss)} (\`process.resourceUsage().maxRSS\`; at its peak it holds the largest log as objects, ` +
  "JSON text (string and bytes) and columns, a second parsed copy inside `JSON.parse + tuned JS`, DuckDB's table, and the wasm memory).");
lines.push(wasmMemory
  ? `- wasm linear memory (\`wasmMemoryBytes()\`, i.e. \`memory.buffer.byteLength\`) at its peak: ${mib(peakWasm)}; it grows and is reused, never shrinks.`
  : "- wasm linear memory: not reported (the installed package does not export `wasmMemoryBytes`).");
if (wasm) lines.push(`- \`agent_kpis_bg.wasm\`: ${wasm.length.toLocaleString("en")} bytes raw, ${gz.toLocaleString("en")} gzipped (zlib level 9).`);
if (cli) lines.push(`- CLI (issue 8): \`agent-kpis\` streamed a ${cli.mb.toFixed(0)} MB NDJSON log in ${(cli.ms / 1000).toFixed(1)} s ` +
  `(${((cli.mb * 1000) / cli.ms).toFixed(0)} MB/s, process start included), peak RSS ${cli.rss.toFixed(0)} MiB.`);
for (const n of notes) lines.push(`- ${n}`);

const report = `${lines.join("\n")}\n`;
process.stdout.write(`\n${report}`);
const out = join(here, PARTIAL ? "RESULTS-quick.md" : "RESULTS.md");
writeFileSync(out, report);
log(`wrote ${out}`);
if (duck) { duck.con.closeSync(); duck.db.closeSync(); }

function pkgVersion() {
  try { return JSON.parse(readFileSync(join(root, "node_modules", "agent-kpis", "package.json"), "utf8")).version; } catch { return "?"; }
}
