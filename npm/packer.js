// The JS packer in front of the wasm build: reads event objects in JS (where reading is cheap),
// interns user ids, statuses and reasons into dictionaries, fills typed arrays, and crosses into
// wasm once. Any event it does not accept as plainly valid (or any exception while reading) sends
// the call down the wasm object path instead, which re-reads everything and throws the precise
// error — so errors and results are those of the wasm object path by construction.
//
// Written as an ES module; scripts/build-pkg.sh also emits a CommonJS copy for the Node build.

const MAX_TS = 9007199254740991;
// Strings longer than this many UTF-16 units might exceed the 1,024-byte limit; the object path
// decides (and names the event in its error).
const MAX_FAST_LENGTH = 341;

/** Packs `events` into columns, or returns null when the object path must handle them. */
function pack(events) {
  if (!Array.isArray(events)) return null;
  const n = events.length;
  const agentCodes = new Map();
  const numericAgentCodes = new Map();
  const statusCodes = new Map();
  const reasonCodes = new Map();
  const agents = [];
  const statuses = [];
  const reasons = [];
  const agent = new Uint32Array(n);
  const ts = new Float64Array(n);
  const status = new Uint32Array(n);
  const reason = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const e = events[i];
    if (typeof e !== "object" || e === null) return null;
    const u = e.user_id;
    const t = e.ts;
    const s = e.status;
    const r = e.reason;
    if (typeof t !== "number" || !(t >= 0 && t <= MAX_TS) || Math.floor(t) !== t) return null;
    ts[i] = t;

    let a;
    if (typeof u === "string") {
      a = agentCodes.get(u);
      if (a === undefined) {
        if (u.length === 0 || u.length > MAX_FAST_LENGTH) return null;
        a = agents.length;
        agents.push(u);
        agentCodes.set(u, a);
      }
    } else if (typeof u === "number") {
      a = numericAgentCodes.get(u);
      if (a === undefined) {
        if (!Number.isSafeInteger(u)) return null;
        const key = String(u);
        a = agentCodes.get(key);
        if (a === undefined) {
          a = agents.length;
          agents.push(key);
          agentCodes.set(key, a);
        }
        numericAgentCodes.set(u, a);
      }
    } else {
      return null;
    }
    agent[i] = a;

    if (typeof s !== "string") return null;
    let c = statusCodes.get(s);
    if (c === undefined) {
      if (s.length === 0 || s.length > MAX_FAST_LENGTH) return null;
      c = statuses.length;
      statuses.push(s);
      statusCodes.set(s, c);
    }
    status[i] = c;

    if (r === undefined || r === null || r === "") {
      reason[i] = 0;
    } else if (typeof r === "string") {
      let k = reasonCodes.get(r);
      if (k === undefined) {
        if (r.length > MAX_FAST_LENGTH) return null;
        reasons.push(r);
        k = reasons.length;
        reasonCodes.set(r, k);
      }
      reason[i] = k;
    } else {
      return null;
    }
  }
  return { agents, statuses, reasons, agent, ts, status, reason };
}

function packOrNull(events) {
  try {
    return pack(events);
  } catch {
    // A throwing getter or Proxy trap: the object path reports it, naming the field.
    return null;
  }
}

/** The public functions, built on a loaded wasm-bindgen module. */
export function makeApi(wasm) {
  function agentKpis(events, since, options) {
    const p = packOrNull(events);
    if (p === null) return wasm.agentKpis(events, since, options);
    return wasm.__agentKpisPacked(p.agents, p.statuses, p.reasons, p.agent, p.ts, p.status, p.reason, since, options);
  }
  return { agentKpis };
}
