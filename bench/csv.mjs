// Times the text readers of one or more nodejs builds of the package on a generated 1M-event log
// (2,000 agents, the log of core/examples/profile_csv.rs): agentKpisFromCsv (as bytes and as a
// string) and AgentLog.appendCsv on CSV (plain, and with \r\n line ends and quoted reasons),
// agentKpisFromJson on the same log as NDJSON. Builds given together are loaded side by side and
// run in turn, so that a busy machine slows them alike; each case runs once untimed first (a fresh
// instance's first big input pays for growing its memory). Prints each build's median and minimum
// in milliseconds and, for two builds, the median of the per-round ratios second ÷ first.
//   node bench/csv.mjs [runs] [agent_kpis.js of a nodejs build …] (default: 7 pkg/node/agent_kpis.js)
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const runs = Number(process.argv[2] ?? 7);
const files = process.argv.slice(3);
if (files.length === 0) files.push("pkg/node/agent_kpis.js");
const builds = files.map((f) => require(path.resolve(f)));

const statuses = ["ready", "incall", "wrapup", "paused", "idle", "ring"];
let x = 1;
const rnd = () => {
  x ^= x << 13;
  x >>>= 0;
  x ^= x >>> 17;
  x ^= x << 5;
  x >>>= 0;
  return x;
};
let ts = 1_767_225_600_000;
const since = ts;
const csv = ["user_id,ts,status,reason"];
const crlf = ["user_id,ts,status,reason"];
const ndjson = [];
for (let i = 0; i < 1_000_000; i++) {
  ts += rnd() % 40;
  const s = statuses[rnd() % 6];
  const user = rnd() % 2000;
  const reason = s === "paused" ? "break" : "";
  csv.push(`agent-${user},${ts},${s},${reason}`);
  crlf.push(`agent-${user},${ts},${s},"${reason}"`);
  ndjson.push(JSON.stringify({ user_id: `agent-${user}`, ts, status: s, reason: reason || null }));
}
const bytes = (lines, end) => new TextEncoder().encode(lines.join(end) + end);
const texts = { csv: bytes(csv, "\n"), crlf: bytes(crlf, "\r\n"), ndjson: bytes(ndjson, "\n") };
const csvString = csv.join("\n") + "\n";
const options = { now: ts };

const append = (pkg, text) => {
  const log = new pkg.AgentLog();
  try {
    return log.appendCsv(text);
  } finally {
    log.free();
  }
};
const cases = [
  ["agentKpisFromCsv bytes", (pkg) => pkg.agentKpisFromCsv(texts.csv, since, options).agents.length],
  ["agentKpisFromCsv string", (pkg) => pkg.agentKpisFromCsv(csvString, since, options).agents.length],
  ["agentKpisFromCsv crlf+quoted", (pkg) => pkg.agentKpisFromCsv(texts.crlf, since, options).agents.length],
  ["AgentLog.appendCsv bytes", (pkg) => append(pkg, texts.csv)],
  ["agentKpisFromJson ndjson", (pkg) => pkg.agentKpisFromJson(texts.ndjson, since, options).agents.length],
];
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
for (const [name, f] of cases) {
  const times = builds.map(() => []);
  const counts = builds.map((pkg) => f(pkg));
  for (let r = 0; r < runs; r++) {
    const order = builds.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) {
      const t0 = performance.now();
      f(builds[i]);
      times[i].push(performance.now() - t0);
    }
  }
  const cells = times.map((t, i) => `${files[i]}: median ${median(t).toFixed(1)}, min ${Math.min(...t).toFixed(1)} (${counts[i]})`);
  let ratio = "";
  if (builds.length === 2) ratio = `  ratio ${median(times[1].map((t, r) => t / times[0][r])).toFixed(2)}`;
  console.log(`${name.padEnd(30)} ${cells.join("; ")}${ratio}`);
}
