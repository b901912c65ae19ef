// The package's entry points export its public API and nothing else: the same names from the Node
// ESM, Node CJS and web entries, no internal `__` export of the wasm module, and in Node one set of
// objects for ESM and CJS. `AgentLog` is a subclass of the generated class, not a patched one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as esm from "agent-kpis";
import * as web from "agent-kpis/web";

const require = createRequire(import.meta.url);
const cjs = require("agent-kpis");
const PUBLIC = [
  "AgentLog", "agentKpis", "agentKpisColumns", "agentKpisFromCsv", "agentKpisFromJson", "agentKpisFromText", "default", "initSync",
  "parseTime", "toAgentEvents", "toAgentEventsNdjson", "wasmMemoryBytes", "zonedStartOfDay", "zonedWallClock",
];

test("ESM, CJS and web entries export the same public names, none internal", () => {
  const sorted = (o) => Object.keys(o).sort();
  assert.deepEqual(sorted(cjs), PUBLIC);
  assert.deepEqual(sorted(esm), PUBLIC);
  assert.deepEqual(sorted(web), PUBLIC);
  for (const names of [sorted(cjs), sorted(esm), sorted(web)]) {
    assert.deepEqual(names.filter((n) => n.startsWith("__")), []);
  }
});

test("Node ESM and CJS share one set of objects", () => {
  for (const name of PUBLIC) assert.equal(esm[name], cjs[name], name);
});

test("AgentLog subclasses the generated class; nothing internal on its prototypes", () => {
  const { AgentLog } = esm;
  const base = Object.getPrototypeOf(AgentLog);
  assert.notEqual(base, Function.prototype);
  for (const method of ["append", "appendJson", "appendCsv", "appendText", "kpis"]) {
    assert.ok(Object.hasOwn(AgentLog.prototype, method), method);
  }
  assert.ok(!("kpis" in base.prototype), "the generated class is left as generated");
  const log = new AgentLog();
  assert.ok(log instanceof base);
  assert.equal(log.append([{ user_id: 1, ts: 0, status: "ready" }]), 1);
  assert.deepEqual(log.kpis(0, { now: 10 }).agents.map((a) => a.statusMs), [{ ready: 10 }]);
  log.free();
  // (`__destroy_into_raw` is wasm-bindgen's own, behind `free()`.)
  const visible = [];
  for (let p = AgentLog.prototype; p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    visible.push(...Object.getOwnPropertyNames(p).filter((n) => n.startsWith("__") && n !== "__destroy_into_raw"));
  }
  assert.deepEqual(visible, []);
});
