// The packed npm package as a user gets it (`npm pack` of pkg/, installed into node_modules by
// `make install-pkg`): Node ESM, Node CJS, the web build's files, and the TypeScript types.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import init, { agentKpis } from "agent-kpis";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

// Docs example, by hand: handle 3,000,000; occupancy 3.0/8.4 = 35.7 → 36; utilization 3/9 → 33.
const events = [
  { user_id: 7, ts: 0, status: "ready" },
  { user_id: "7", ts: 5_400_000, status: "incall" },
  { user_id: 7, ts: 8_100_000, status: "wrapup" },
  { user_id: 7, ts: 8_400_000, status: "paused", reason: "break" },
];
const expected = {
  agents: [{
    user_id: "7",
    statusMs: { incall: 2_700_000, paused: 600_000, wrapup: 300_000, ready: 5_400_000 },
    loggedInMs: 9_000_000, occupancyPct: 36, utilizationPct: 33,
    reasonMs: { paused: { break: 600_000 } },
  }],
};

test("Node ESM import works, and init() resolves at once", async () => {
  await init();
  assert.deepEqual(agentKpis(events, 0, { now: 9_000_000 }), expected);
});

test("Node CJS require works", () => {
  const cjs = require("agent-kpis");
  assert.deepEqual(cjs.agentKpis(events, 0, { now: 9_000_000 }), expected);
  assert.equal(typeof cjs.default, "function");
});

test("the package ships the web build and an exports map per runtime", () => {
  const pkgDir = dirname(require.resolve("agent-kpis/package.json"));
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  assert.equal(pkg.exports["."].node.import.default, "./node/index.mjs");
  assert.equal(pkg.exports["."].node.require.default, "./node/index.cjs");
  assert.equal(pkg.exports["."].default, "./web/index.js");
  for (const f of ["web/index.js", "web/index.d.ts", "web/packer.js", "web/agent_kpis.js", "web/agent_kpis_bg.wasm", "web/agent_kpis.d.ts", "node/agent_kpis_bg.wasm"]) {
    assert.ok(existsSync(join(pkgDir, f)), f);
  }
  const web = readFileSync(join(pkgDir, "web/agent_kpis.js"), "utf8");
  assert.match(web, /__wbg_init as default/);
});

test("TypeScript: the .d.ts has no `any` and a strict consumer type-checks", () => {
  const pkgDir = dirname(require.resolve("agent-kpis/package.json"));
  // The generated web/agent_kpis.d.ts is checked without its `InitOutput`: there wasm-bindgen types
  // the raw wasm exports, with `any` for externref arguments. The public web/index.d.ts does not
  // re-export it (its `init` resolves to `unknown`).
  const files = ["node/agent_kpis.d.ts", "web/agent_kpis.d.ts", "web/index.d.ts", "node/index.d.ts", "node/index.d.mts"];
  for (const f of files) {
    let dts = readFileSync(join(pkgDir, f), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    if (f === "web/agent_kpis.d.ts") {
      const initOutput = /^export interface InitOutput \{\n[^}]*^\}\n/m;
      assert.match(dts, initOutput);
      dts = dts.replace(initOutput, "");
    }
    assert.doesNotMatch(dts, /\bany\b/, `${f} mentions any`);
    if (f.includes("index")) assert.doesNotMatch(dts, /\bInitOutput\b/, `${f} exposes InitOutput`);
  }
  // Inside the repo, so that `agent-kpis` resolves through node_modules and the exports map.
  const dir = mkdtempSync(join(root, "tests", "out", "ts-consumer-"));
  writeFileSync(join(dir, "consumer.ts"), `
    import init, {
      agentKpis, agentKpisFromJson, agentKpisFromText, AgentLog, toAgentEvents, toAgentEventsNdjson,
      type AgentEvent, type AgentsResponse, type AgentKpis, type LogFormat, type ReadEvent, type ReadOptions, type PlatformReadOptions,
    } from "agent-kpis";
    const events: AgentEvent[] = [{ user_id: 7, ts: 0, status: "ready" }, { user_id: "7", ts: 5, status: "paused", reason: null }];
    await init();
    const res: AgentsResponse = agentKpis(events, 0, { now: 10 });
    const first: AgentKpis | undefined = res.agents[0];
    const occ: number = first?.occupancyPct ?? 0;
    const lunch: number | undefined = first?.reasonMs?.paused?.lunch;
    const id: string = first?.user_id ?? "";
    console.log(occ, lunch, id);
    // @ts-expect-error ts must be a number
    agentKpis([{ user_id: 1, ts: "0", status: "ready" }], 0);
    // @ts-expect-error unknown option
    agentKpis(events, 0, { nwo: 5 });
    // Issue 18: read options and formats.
    const format: LogFormat = "asterisk-queue-log";
    const read: ReadOptions = { format, timezone: "Europe/Paris" };
    const fromText: AgentsResponse = agentKpisFromText("", 0, { now: 10, ...read });
    const back: ReadEvent[] = toAgentEvents(new Uint8Array(0), read);
    const line: string = toAgentEventsNdjson("", { format: "amazon-connect" });
    const log = new AgentLog();
    const n: number = log.appendText("", read) + log.appendJson("[]", { format: "genesys-user-details" }) + log.appendCsv("", { format: "csv" });
    console.log(fromText, back[0]?.user_id.length, line, n);
    // @ts-expect-error unknown format
    agentKpisFromText("", 0, { format: "queue_log" });
    // @ts-expect-error agentKpisFromJson reads no CSV
    agentKpisFromJson("", 0, { format: "csv" });
    // @ts-expect-error appendCsv reads CSV only
    log.appendCsv("", { format });
    // @ts-expect-error tsUnit does not apply to a platform's format
    toAgentEvents("", { format: "asterisk-queue-log", tsUnit: "s" });
    // @ts-expect-error columns do not apply to a platform's format
    agentKpisFromText("", 0, { format: "twilio-taskrouter", columns: "ts=TIME" });
    // @ts-expect-error a platform's log must be named, not detected
    const unnamed: PlatformReadOptions = { timezone: "UTC" };
    console.log(unnamed);
  `);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext",
      noUncheckedIndexedAccess: true, typeRoots: [], types: [],
    },
    files: ["consumer.ts"],
  }));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test("TypeScript: AgentLog.kpis, agentKpisColumns and the web entry type-check strictly", () => {
  const dir = mkdtempSync(join(root, "tests", "out", "ts-consumer-"));
  writeFileSync(join(dir, "consumer.ts"), `
    import { AgentLog, agentKpisColumns, type AgentsResponse, type AgentLogStats, type IntervalReport } from "agent-kpis";
    import type { BlockName, Contacts, Current, EpisodeStats, GroupTeam, Team } from "agent-kpis";
    import initWeb, { AgentLog as WebAgentLog, agentKpisFromCsv } from "agent-kpis/web";
    const log = new AgentLog();
    const appended: number = log.append([{ user_id: 7, ts: 0, status: "ready" }]);
    log.setSchedules(null);
    const live: AgentsResponse = log.kpis(0, { now: 10, adherenceSampleMs: 0 });
    const report: IntervalReport = log.intervals(0, 10, 5);
    const stats: AgentLogStats = log.stats();
    const exported: string = log.compact(0);
    log.free();
    const cols: AgentsResponse = agentKpisColumns({ userIds: ["7"], ts: new Float64Array([0]), statuses: ["ready"] }, 0, { now: 1 });
    const loaded: Promise<unknown> = initWeb();
    const fromWeb: number = new WebAgentLog().appendCsv("user_id,ts,status\\n7,0,ready\\n");
    const csv: AgentsResponse = agentKpisFromCsv(new Uint8Array(), 0);
    console.log(appended, live, report, stats, exported, cols, loaded, fromWeb, csv);
    // @ts-expect-error kpis takes no schedules (setSchedules does)
    log.kpis(0, { schedules: [] });
    // @ts-expect-error since is a number
    log.kpis("0");
    // Issue 14's blocks: every field typed, names of include checked.
    const withBlocks: AgentsResponse = log.kpis(0, { now: 10, include: ["contacts", "episodes", "current", "team"], groups: { "7": "east" } });
    const row = withBlocks.agents[0];
    const handled: number | undefined = row?.contacts?.handled;
    const aht: number | null | undefined = row?.contacts?.ahtMs;
    const longest: number | undefined = row?.episodes?.ready?.longestMs;
    const breaks: number | undefined = row?.reasonEpisodes?.paused?.break?.started;
    const cur: Current | null | undefined = row?.current;
    const curReason: string | null | undefined = cur?.reason;
    const team: Team | undefined = withBlocks.team;
    const teamAht: number | null | undefined = team?.contacts?.ahtMs;
    const group: GroupTeam | undefined = withBlocks.groups?.[0];
    const groupName: string | undefined = group?.group;
    const block: BlockName = "episodes";
    const stats2: EpisodeStats | undefined = report.agents[0]?.intervals[0]?.episodes?.ready;
    const c: Contacts | undefined = row?.contacts;
    console.log(handled, aht, longest, breaks, curReason, teamAht, groupName, block, stats2, c);
    // @ts-expect-error unknown block name
    log.kpis(0, { include: ["aht"] });
    // @ts-expect-error group names are strings
    log.kpis(0, { include: ["team"], groups: { "7": 1 } });
  `);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext",
      noUncheckedIndexedAccess: true, lib: ["es2022", "dom"], typeRoots: [], types: [],
    },
    files: ["consumer.ts"],
  }));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});
