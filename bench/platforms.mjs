// make bench, section "platforms" (issue 18): a 1M-line Asterisk queue_log read through the CLI
// (`--log-format asterisk-queue-log`) and through `AgentLog.appendText`, against the NDJSON path
// on the same agent events (the log's derived events written as NDJSON). Run by bench.mjs in a
// child process (a fresh heap); prints one JSON object on standard output.
//
//   node --expose-gc bench/platforms.mjs [lines]
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AgentLog, agentKpis, toAgentEvents, toAgentEventsNdjson } from "agent-kpis";
import { rng } from "./traffic.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const LINES = Number(process.argv[2]) || 1_000_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 5;
const AGENTS = 2000;
const FORMAT = "asterisk-queue-log";
const gc = globalThis.gc ?? (() => {});
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];


/**
 * A queue_log of about `lines` lines as Asterisk writes it: every agent a member of two queues,
 * pauses logged once per queue plus PAUSEALL, calls entering (ENTERQUEUE with member NONE),
 * ringing unanswered (RINGNOANSWER), connecting and completing, members removed and added back.
 * Seconds 0–2 apart, in time order.
 */
function queueLog(lines) {
  const rand = rng(18);
  const member = (a) => `PJSIP/${1000 + a}`;
  const state = Array.from({ length: AGENTS }, () => ({ on: false, paused: false, call: null }));
  const out = [];
  let t = 1_767_225_600; // 2026-01-01T00:00:00Z
  let calls = 0;
  // `callid` is the caller channel's unique id: the same on a call's ENTERQUEUE, CONNECT and
  // COMPLETE* lines; "NONE" on lines about no call.
  const line = (callid, queue, who, event, ...data) => out.push(`${t}|${callid}|${queue}|${who}|${event}|${data.join("|")}`);
  while (out.length < lines) {
    t += Math.floor(rand() * 3);
    const a = Math.floor(rand() * AGENTS);
    const s = state[a];
    const m = member(a);
    const r = rand();
    if (!s.on) {
      line("NONE", "sales", m, "ADDMEMBER", "");
      line("NONE", "support", m, "ADDMEMBER", "");
      s.on = true;
    } else if (s.call) {
      line(s.call, "sales", m, r < 0.9 ? "COMPLETEAGENT" : "COMPLETECALLER", "12", String(60 + Math.floor(rand() * 400)), "1");
      s.call = null;
    } else if (s.paused) {
      line("NONE", "sales", m, "UNPAUSE", "");
      line("NONE", "support", m, "UNPAUSE", "");
      line("NONE", "NONE", m, "UNPAUSEALL", "");
      s.paused = false;
    } else if (r < 0.45) {
      const callid = `${t}.${++calls}`;
      line(callid, "sales", "NONE", "ENTERQUEUE", "", "5551234", "1");
      if (rand() < 0.15) line(callid, "sales", m, "RINGNOANSWER", String(1000 + Math.floor(rand() * 14000)));
      else {
        line(callid, "sales", m, "CONNECT", "12", `${t}.${calls + 1e6}`, "3");
        s.call = callid;
      }
    } else if (r < 0.6) {
      const reason = ["break", "lunch", "training", ""][Math.floor(rand() * 4)];
      line("NONE", "sales", m, "PAUSE", reason);
      line("NONE", "support", m, "PAUSE", reason);
      line("NONE", "NONE", m, "PAUSEALL", reason);
      s.paused = true;
    } else if (r < 0.63) {
      line("NONE", "support", m, "REMOVEMEMBER", "");
      line("NONE", "sales", m, "REMOVEMEMBER", "");
      s.on = false;
    } else {
      line("NONE", "sales", "NONE", "QUEUESTART", "");
    }
  }
  return `${out.join("\n")}\n`;
}

const outDir = join(root, "tests", "out");
mkdirSync(outDir, { recursive: true });
// Generated afresh every run (a few seconds): a file left by another version of the generator
// would be measured silently otherwise.
const logFile = join(outDir, `bench-queue_log-${LINES}.log`);
const ndjsonFile = join(outDir, `bench-queue_log-${LINES}.ndjson`);
writeFileSync(logFile, queueLog(LINES));
const logBytes = readFileSync(logFile);
writeFileSync(ndjsonFile, toAgentEventsNdjson(logBytes, { format: FORMAT }));
const ndjsonBytes = readFileSync(ndjsonFile);
const lineCount = logBytes.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 0);
const eventCount = ndjsonBytes.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 0);

// The same answer both ways before anything is timed.
const since = 1_767_225_600_000;
const now = since + 10 * 86_400_000;
const viaText = new AgentLog();
viaText.appendText(logBytes, { format: FORMAT });
const viaJson = new AgentLog();
viaJson.appendJson(ndjsonBytes);
const a = JSON.stringify(viaText.kpis(since, { now }));
const b = JSON.stringify(viaJson.kpis(since, { now }));
if (a !== b) throw new Error("queue_log and its NDJSON give different KPIs");
if (JSON.stringify(agentKpis(toAgentEvents(logBytes, { format: FORMAT }), since, { now })) !== a) {
  throw new Error("AgentLog and agentKpis(toAgentEvents(...)) differ");
}

/** `AgentLog` filled in 8 MB chunks of whole lines, as the CLI reads. */
function appendChunks(bytes, append) {
  const alog = new AgentLog();
  const CHUNK = 8 << 20;
  for (let at = 0; at < bytes.length; ) {
    let end = Math.min(bytes.length, at + CHUNK);
    if (end < bytes.length) end = bytes.lastIndexOf(0x0a, end - 1) + 1;
    append(alog, bytes.subarray(at, end));
    at = end;
  }
  alog.free();
}
const contenders = {
  "AgentLog.appendText (queue_log)": () => appendChunks(logBytes, (l, c) => l.appendText(c, { format: FORMAT })),
  "AgentLog.appendJson (NDJSON)": () => appendChunks(ndjsonBytes, (l, c) => l.appendJson(c)),
};
const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, run] of Object.entries(contenders)) {
    gc();
    const t = performance.now();
    run();
    times[name].push(performance.now() - t);
  }
}

// The CLI, a process per run (start-up included), alternating.
const bin = join(root, "node_modules", ".bin", "agent-kpis");
const cliRuns = { queue_log: [], ndjson: [] };
const cliArgs = { queue_log: [logFile, "--log-format", FORMAT], ndjson: [ndjsonFile] };
const sinceIso = new Date(since).toISOString();
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, args] of Object.entries(cliArgs)) {
    const t = performance.now();
    const p = spawnSync(bin, [...args, "--since", sinceIso, "--now", new Date(now).toISOString(), "--format", "csv"], { encoding: "utf8", maxBuffer: 1 << 26 });
    cliRuns[name].push(performance.now() - t);
    if (p.status !== 0) throw new Error(`CLI ${name} failed: ${p.stderr}`);
  }
}

const mb = (bytes) => bytes / 1e6;
process.stdout.write(JSON.stringify({
  lines: lineCount,
  events: eventCount,
  logMB: mb(logBytes.length),
  ndjsonMB: mb(ndjsonBytes.length),
  appendText: median(times["AgentLog.appendText (queue_log)"]),
  appendJson: median(times["AgentLog.appendJson (NDJSON)"]),
  cliQueueLog: median(cliRuns.queue_log),
  cliNdjson: median(cliRuns.ndjson),
  rounds: ROUNDS,
  statSize: statSync(logFile).size,
}));
