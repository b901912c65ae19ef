// @ts-check
// The JS packer in front of the wasm build: reads event objects in JS (where reading is cheap),
// interns user ids, statuses and reasons into dictionaries, fills typed arrays, and crosses into
// wasm once. Any event it does not accept as plainly valid (or any exception while reading) sends
// the call down the wasm object path instead, which re-reads everything and throws the precise
// error — so errors and results are those of the wasm object path by construction. It also builds
// `AgentLog.kpis()` results from the numeric rows of src/rows.rs, and exports the public API
// (`makeApi`), with `AgentLog` as a subclass of the generated class.
//
// Written as an ES module; scripts/entries.cjs also emits a CommonJS copy for the Node build.
// Type-checked by `tsc -p tsconfig.check.json` (`make lint`); the public types are generated from
// the Rust exports (src/types.rs), so the types here only describe what this file uses.

/**
 * The generated `AgentLog` class's instance, as the subclass uses it.
 * @typedef {{
 *   append(events: unknown, readOptions?: unknown): number,
 *   appendJson(input: unknown, readOptions?: unknown): number,
 *   appendCsv(input: unknown, readOptions?: unknown): number,
 *   appendText(input: unknown, readOptions?: unknown): number,
 * }} WasmAgentLog
 */

/**
 * The numeric layout of a `kpis()` row, as src/rows.rs declares it (`__kpisRowLayout()`): slots
 * of each block, block lengths and tags.
 * @typedef {object} RowLayout
 * @property {number} extraNameBase
 * @property {number} headAgent
 * @property {number} headLoggedInMs
 * @property {number} headOccupancyPct
 * @property {number} headUtilizationPct
 * @property {number} headStatusCount
 * @property {number} headLen
 * @property {number} statusEntryStatus
 * @property {number} statusEntryMs
 * @property {number} statusEntryLen
 * @property {number} reasonEntryStatus
 * @property {number} reasonEntryReason
 * @property {number} reasonEntryMs
 * @property {number} reasonEntryLen
 * @property {number} pctTag
 * @property {number} pctValue
 * @property {number} pctLen
 * @property {number} pctAbsent
 * @property {number} pctNumber
 * @property {number} pctNull
 * @property {number} pctBypass
 * @property {number} adherenceAbsent
 * @property {number} adherencePresent
 * @property {number} adherenceOnShift
 * @property {number} adherenceAdherent
 * @property {number} adherenceUnit
 * @property {number} adherenceOnShiftNow
 * @property {number} adherenceInAdherenceNow
 * @property {number} adherenceOutSince
 * @property {number} adherenceSevere
 * @property {number} adherenceLen
 * @property {number} adherenceUnitSamples
 * @property {number} adherenceUnitMs
 * @property {number} adherenceOutSinceNull
 * @property {number} messageRows
 * @property {number} messageBlocks
 * @property {number} messageLen
 * @property {number} messageContactsBit
 * @property {number} messageEpisodesBit
 * @property {number} messageCurrentBit
 * @property {number} messageTeamBit
 * @property {number} messageConformanceBit
 * @property {number} messageShrinkageBit
 * @property {number} scheduleAbsent
 * @property {number} schedulePresent
 * @property {number} conformanceWorkedMs
 * @property {number} conformanceScheduledMs
 * @property {number} conformanceLen
 * @property {number} shrinkageMs
 * @property {number} shrinkagePlannedMs
 * @property {number} shrinkageUnplannedMs
 * @property {number} shrinkageUnknownMs
 * @property {number} shrinkagePartCount
 * @property {number} shrinkageLen
 * @property {number} shrinkagePartStatus
 * @property {number} shrinkagePartReason
 * @property {number} shrinkagePartMs
 * @property {number} shrinkagePartLen
 * @property {number} shrinkagePartNoReason
 * @property {number} contactsHandled
 * @property {number} contactsHandleMs
 * @property {number} contactsTalkMs
 * @property {number} contactsAcwMs
 * @property {number} contactsWithAcw
 * @property {number} contactsAhtMs
 * @property {number} contactsLen
 * @property {number} contactsAhtNull
 * @property {number} episodeEntryStatus
 * @property {number} episodeEntryStarted
 * @property {number} episodeEntryEnded
 * @property {number} episodeEntryEndedMs
 * @property {number} episodeEntryLongestMs
 * @property {number} episodeEntryLen
 * @property {number} reasonEpisodeEntryStatus
 * @property {number} reasonEpisodeEntryReason
 * @property {number} reasonEpisodeEntryStarted
 * @property {number} reasonEpisodeEntryEnded
 * @property {number} reasonEpisodeEntryEndedMs
 * @property {number} reasonEpisodeEntryLongestMs
 * @property {number} reasonEpisodeEntryLen
 * @property {number} currentStatus
 * @property {number} currentReason
 * @property {number} currentSince
 * @property {number} currentMs
 * @property {number} currentLen
 * @property {number} currentNull
 * @property {number} currentNoReason
 * @property {number} teamAgents
 * @property {number} teamLoggedInMs
 * @property {number} teamOccupancyPct
 * @property {number} teamUtilizationPct
 * @property {number} teamStatusCount
 * @property {number} teamLen
 * @property {number} teamContactsAbsent
 * @property {number} teamContactsPresent
 * @property {number} teamGroupsAbsent
 */

/**
 * What `__kpisRows` returns: the rows as numbers in wasm memory (read in place, before any other
 * call into wasm), the agent, status and reason names this log has not sent before, the extra
 * names (scheduled agents without events) and, with `options.groups`, the group names.
 * @typedef {[memory: WebAssembly.Memory, offset: number, length: number, agents: string[],
 *   statuses: string[], reasons: string[], extra: string[], groups?: string[]]} RowsMessage
 */

/**
 * The wasm-bindgen module's exports this file uses (the Node build's CommonJS object or the web
 * build's namespace). The `__` functions are internal: the package entries do not re-export them.
 * @typedef {object} WasmModule
 * @property {new () => WasmAgentLog} AgentLog
 * @property {(events: unknown, since: unknown, options?: unknown) => object} agentKpis
 * @property {(input: unknown, since: unknown, options?: unknown) => object} agentKpisFromJson
 * @property {(input: unknown, since: unknown, options?: unknown) => object} agentKpisFromCsv
 * @property {(input: unknown, since: unknown, options?: unknown) => object} agentKpisFromText
 * @property {(input: unknown, options?: unknown) => object[]} toAgentEvents
 * @property {(input: unknown, options?: unknown) => string} toAgentEventsNdjson
 * @property {() => number} wasmMemoryBytes
 * @property {(text: unknown, timezone?: unknown) => number} parseTime
 * @property {(ts: unknown, timezone?: unknown) => number} zonedStartOfDay
 * @property {(ts: unknown, timezone?: unknown) => object} zonedWallClock
 * @property {(bytes: number) => void} __reserveHeap
 * @property {(agents: string[], statuses: string[], reasons: string[], agent: Uint32Array,
 *   ts: Float64Array, status: Uint32Array, reason: Uint32Array, since: unknown, options: unknown) => object} __agentKpisPacked
 * @property {(log: WasmAgentLog, agents: string[], statuses: string[], reasons: string[],
 *   agent: Uint32Array, ts: Float64Array, status: Uint32Array, reason: Uint32Array, readOptions: unknown) => number} __appendPacked
 * @property {(log: WasmAgentLog, since: unknown, options: unknown, heldAgents: number,
 *   heldStatuses: number, heldReasons: number) => RowsMessage} __kpisRows
 * @property {() => RowLayout} __kpisRowLayout
 */

/**
 * Events as dictionaries plus one typed array per field, as `__agentKpisPacked` and
 * `__appendPacked` take them: event `i` is agent `agents[agent[i]]`, time `ts[i]`, status
 * `statuses[status[i]]`, reason `reasons[reason[i] - 1]` (0 = no reason; an empty `reason` column
 * means no event has one).
 * @typedef {object} Packed
 * @property {string[]} agents
 * @property {string[]} statuses
 * @property {string[]} reasons
 * @property {Uint32Array} agent
 * @property {Float64Array} ts
 * @property {Uint32Array} status
 * @property {Uint32Array} reason
 */

/**
 * A reusable set of typed arrays with room for `n` events.
 * @typedef {object} Columns
 * @property {number} n
 * @property {Uint32Array} agent
 * @property {Float64Array} ts
 * @property {Uint32Array} status
 * @property {Uint32Array} reason
 */

const MAX_TS = 9007199254740991;
// Strings longer than this many UTF-16 units might exceed the 1,024-byte limit; the object path
// decides (and names the event in its error).
const MAX_FAST_LENGTH = 341;

// The packer's typed arrays are reused from call to call while the garbage collector lets them
// live (a WeakRef): allocating 20 bytes an event of fresh external memory on every call made V8
// run a full mark-compact of the caller's heap each time (5M events: ~0.4 s a call). A call takes
// the spare set and gives it back once wasm has copied it, so a call made from inside a getter
// during packing (which finds no spare set) cannot overwrite the outer call's columns.
/** @type {WeakRef<Columns> | null} */
let spare = null;

/**
 * A set of columns for `n` events, owned by the caller until `giveBack`.
 * @param {number} n
 * @returns {Columns}
 */
function takeColumns(n) {
  const s = spare?.deref();
  spare = null;
  if (s && s.n >= n) return s;
  return { n, agent: new Uint32Array(n), ts: new Float64Array(n), status: new Uint32Array(n), reason: new Uint32Array(n) };
}

/**
 * Makes a set of columns from `takeColumns` the spare set again.
 * @param {Columns} columns
 */
function giveBack(columns) {
  spare = new WeakRef(columns);
}

/**
 * Packs `events` into `cols` (from `takeColumns`), or returns null when the object path must
 * handle them.
 * @param {readonly unknown[]} events
 * @param {Columns} cols
 * @returns {(Packed & { columns: Columns }) | null}
 */
function pack(events, cols) {
  const n = events.length;
  /** @type {Map<string, number>} */
  const agentCodes = new Map();
  /** @type {Map<number, number>} */
  const numericAgentCodes = new Map();
  /** @type {Map<string, number>} */
  const statusCodes = new Map();
  /** @type {Map<string, number>} */
  const reasonCodes = new Map();
  /** @type {string[]} */
  const agents = [];
  /** @type {string[]} */
  const statuses = [];
  /** @type {string[]} */
  const reasons = [];
  const agent = cols.agent.subarray(0, n);
  const ts = cols.ts.subarray(0, n);
  const status = cols.status.subarray(0, n);
  const reason = cols.reason.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const e = /** @type {{ user_id?: unknown, ts?: unknown, status?: unknown, reason?: unknown } | null} */ (events[i]);
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
  return { agents, statuses, reasons, agent, ts, status, reason: reasons.length ? reason : EMPTY, columns: cols };
}

// An empty reason column stands for "no event has a reason" (nothing to copy into wasm).
const EMPTY = new Uint32Array(0);

/**
 * Packs `events`, or returns null for the object path. A packing's `columns` go back to the spare
 * set (`giveBack`) once wasm has copied them.
 * @param {unknown} events
 */
function packOrNull(events) {
  let cols = null;
  let p = null;
  try {
    if (!Array.isArray(events)) return null;
    cols = takeColumns(events.length);
    p = pack(events, cols);
  } catch {
    // A throwing getter or Proxy trap (even Array.isArray throws on a revoked Proxy): the object
    // path reports it, naming the field.
  }
  if (p === null && cols !== null) giveBack(cols);
  return p;
}

// ---- The columnar path: agentKpisColumns({ userIds, ts, statuses, reasons? }, since, options) ----

/**
 * A value as messages name it: `"abc"`, `1.5`, `a BigInt (5n)`, `an array`, `a Uint32Array`, …
 * @param {unknown} v
 * @returns {string}
 */
function describe(v) {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "bigint") return `a BigInt (${v}n)`;
  if (typeof v === "number") return String(v);
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return "an array";
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/**
 * A string column: `string[]` (integers allowed for user ids) or `{ dict, codes: Uint32Array }`.
 * With `check` false, dictionary codes are not checked here (wasm checks them again anyway).
 * @param {unknown} col
 * @param {string} path
 * @param {number} n
 * @param {{ integers: boolean, optional: boolean, check: boolean }} how
 * @returns {{ dict: string[], codes: Uint32Array }}
 */
function stringColumn(col, path, n, { integers, optional, check }) {
  /** @type {(v: unknown, at: string) => string} */
  const entry = (v, at) => {
    if (typeof v === "string" && (v.length > 0 || optional)) return v;
    if (integers && typeof v === "number" && Number.isSafeInteger(v)) return String(v);
    if (optional && (v === null || v === undefined)) return "";
    const want = integers ? "a non-empty string or a safe integer" : optional ? "a string or null" : "a non-empty string";
    const Err = typeof v === "string" ? RangeError : TypeError;
    throw new Err(`${at}: expected ${want}, got ${describe(v)}`);
  };
  if (Array.isArray(col)) {
    if (col.length !== n) throw new RangeError(`${path}: expected ${n} entries (the length of ts), got ${col.length}`);
    /** @type {Map<string, number>} */
    const index = new Map();
    /** @type {string[]} */
    const dict = [];
    const codes = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const key = entry(col[i], `${path}[${i}]`);
      let c = index.get(key);
      if (c === undefined) {
        c = dict.length;
        dict.push(key);
        index.set(key, c);
      }
      codes[i] = c;
    }
    return { dict, codes };
  }
  const coded = /** @type {{ dict?: unknown, codes?: unknown } | null} */ (col);
  if (coded !== null && typeof coded === "object" && Array.isArray(coded.dict) && coded.codes instanceof Uint32Array) {
    const codes = coded.codes;
    if (codes.length !== n) {
      throw new RangeError(`${path}.codes: expected ${n} entries (the length of ts), got ${codes.length}`);
    }
    const dict = coded.dict.map((v, k) => entry(v, `${path}.dict[${k}]`));
    for (let i = 0; check && i < n; i++) {
      if (codes[i] >= dict.length) {
        throw new RangeError(`${path}.codes[${i}]: ${codes[i]} is not an index of ${path}.dict (length ${dict.length})`);
      }
    }
    return { dict, codes };
  }
  throw new TypeError(`${path}: expected an array or { dict: string[], codes: Uint32Array }, got ${describe(col)}`);
}

/**
 * Converts the `ts` column to a Float64Array; validates it unless `check` is false.
 * @param {unknown} ts
 * @param {boolean} check
 * @returns {Float64Array}
 */
function tsColumn(ts, check) {
  if (ts instanceof Float64Array) {
    for (let i = 0; check && i < ts.length; i++) {
      const t = ts[i];
      if (!(t >= 0 && t <= MAX_TS) || Math.floor(t) !== t) {
        throw new RangeError(`columns.ts[${i}]: expected a non-negative integer (epoch ms) <= ${MAX_TS}, got ${t}`);
      }
    }
    return ts;
  }
  if (ts instanceof BigInt64Array) {
    const out = new Float64Array(ts.length);
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i];
      if (t < 0n || t > BigInt(MAX_TS)) {
        throw new RangeError(`columns.ts[${i}]: expected a non-negative integer (epoch ms) <= ${MAX_TS}, got ${t}n`);
      }
      out[i] = Number(t);
    }
    return out;
  }
  throw new TypeError(`columns.ts: expected a Float64Array or BigInt64Array, got ${describe(ts)}`);
}

/**
 * Packs the columns for wasm. With `check` false, the per-value checks of typed columns (`ts`
 * values, dictionary codes) are left to wasm, which repeats them all; on an error from wasm the
 * columns are packed again with `check` true, so a bad value is reported by its column name.
 */
/**
 * @param {unknown} input
 * @param {boolean} check
 * @returns {Packed}
 */
function packColumns(input, check) {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new TypeError(`columns: expected { userIds, ts, statuses, reasons? }, got ${describe(input)}`);
  }
  const columns = /** @type {{ userIds?: unknown, ts?: unknown, statuses?: unknown, reasons?: unknown }} */ (input);
  const ts = tsColumn(columns.ts, check);
  const n = ts.length;
  const users = stringColumn(columns.userIds, "columns.userIds", n, { integers: true, optional: false, check });
  const statuses = stringColumn(columns.statuses, "columns.statuses", n, { integers: false, optional: false, check });
  /** @type {string[]} */
  const reasons = [];
  let reason = EMPTY;
  if (columns.reasons !== undefined && columns.reasons !== null) {
    // Always checked: its codes are remapped here, and a bad one must not become "no reason".
    const r = stringColumn(columns.reasons, "columns.reasons", n, { integers: false, optional: true, check: true });
    // Packed reason codes: 0 = no reason (null or ""), else 1 + index into `reasons`.
    const remap = r.dict.map((v) => (v === "" ? 0 : reasons.push(v)));
    if (reasons.length) reason = r.codes.map((c) => remap[c]);
  }
  return { agents: users.dict, statuses: statuses.dict, reasons, agent: users.codes, ts, status: statuses.codes, reason };
}

// ---- The text path: a string input is encoded to UTF-8 here, natively ----

const encoder = new TextEncoder();

/**
 * A string as UTF-8 bytes (anything else unchanged, for wasm to check). wasm-bindgen would copy a
 * string into wasm memory one UTF-16 unit at a time in a JS loop while it is ASCII; `encodeInto`
 * does the same natively (a 63 MB log: about 110 ms → 30 ms). Lone surrogates become U+FFFD either
 * way, so the bytes, and every result and error, are the same.
 * @param {unknown} input
 * @returns {unknown}
 */
function utf8(input) {
  if (typeof input !== "string") return input;
  const ascii = new Uint8Array(input.length);
  const { read, written } = encoder.encodeInto(input, ascii);
  return read === input.length ? ascii.subarray(0, written) : encoder.encode(input);
}

/**
 * The names a log has been sent by `__kpisRows` (ids only grow: the interners never renumber).
 * Statuses and reasons are kept as V8's internalized copies (what a property key is), so that
 * setting them as keys on every query does not look each one up in the string table again.
 * @typedef {object} HeldNames
 * @property {string[]} agents
 * @property {string[]} statuses
 * @property {string[]} reasons
 * @property {boolean[]} inheritedStatus per status id: whether every object inherits that name
 *   (`__proto__`, `constructor`, …), so it is defined rather than assigned
 * @property {boolean[]} inheritedReason the same per reason id
 * @property {boolean} canonical whether statuses 0–8 are the canonical nine, as `putStatus` assumes
 */

/**
 * One agent's KPIs as `kpis()` builds them: the `AgentKpis` interface of src/types.rs.
 * @typedef {object} KpiRow
 * @property {string} user_id
 * @property {Record<string, number>} statusMs
 * @property {number} loggedInMs
 * @property {number} occupancyPct
 * @property {number} utilizationPct
 * @property {Record<string, Record<string, number>>} [reasonMs]
 * @property {number | null | "bypass"} [adherencePct]
 * @property {{ onShift: number, adherent: number, unit: "samples" | "ms", onShiftNow: boolean,
 *   inAdherenceNow: boolean, outSince: number | null, severe: boolean }} [adherence]
 * @property {ContactsBlock} [contacts]
 * @property {Record<string, EpisodeBlock>} [episodes]
 * @property {Record<string, Record<string, EpisodeBlock>>} [reasonEpisodes]
 * @property {{ status: string, reason: string | null, since: number, ms: number } | null} [current]
 * @property {number | null | "bypass"} [conformancePct]
 * @property {ConformanceBlock} [conformance]
 * @property {number | null | "bypass"} [shrinkagePct]
 * @property {ShrinkageBlock} [shrinkage]
 */

/**
 * `conformance` of a row or a team (issue 15): the `Conformance` interface of src/types.rs.
 * @typedef {{ workedMs: number, scheduledMs: number }} ConformanceBlock
 */

/**
 * `shrinkage` of a row or a team (issue 15): the `Shrinkage` interface of src/types.rs.
 * @typedef {{ ms: number, plannedMs: number, unplannedMs: number, unknownMs: number,
 *   byStatus: Record<string, number>, byReason: Record<string, Record<string, number>> }} ShrinkageBlock
 */

/**
 * `contacts` of a row or a team: the `Contacts` interface of src/types.rs.
 * @typedef {{ handled: number, handleMs: number, talkMs: number, acwMs: number, withAcw: number,
 *   ahtMs: number | null }} ContactsBlock
 */

/**
 * One status's (or reason's) episodes: the `EpisodeStats` interface of src/types.rs.
 * @typedef {{ started: number, ended: number, endedMs: number, longestMs: number }} EpisodeBlock
 */

/**
 * `team` or one of `groups` (then with `group` first): the `Team` interface of src/types.rs.
 * @typedef {object} TeamBlock
 * @property {string} [group]
 * @property {number} agents
 * @property {Record<string, number>} statusMs
 * @property {number} loggedInMs
 * @property {number} occupancyPct
 * @property {number} utilizationPct
 * @property {ContactsBlock} [contacts]
 * @property {number | null | "bypass"} [adherencePct]
 * @property {number | null | "bypass"} [conformancePct]
 * @property {ConformanceBlock} [conformance]
 * @property {number | null | "bypass"} [shrinkagePct]
 * @property {ShrinkageBlock} [shrinkage]
 */

/**
 * The result `kpis()` builds: the `AgentsResponse` interface of src/types.rs.
 * @typedef {{ agents: KpiRow[], team?: TeamBlock, groups?: TeamBlock[] }} KpisResponse

/**
 * The package's public API on a wasm-bindgen module (loaded or not: nothing here calls into wasm
 * before the API is used). The package entries export exactly these names.
 * @param {WasmModule} wasm
 */
export function makeApi(wasm) {
  // wasm memory grown once for all the columns: each growth can make V8 run a full garbage
  // collection of the caller's heap, and the copies would otherwise grow it column by column.
  /** @param {Packed} p */
  const reserve = (p) => wasm.__reserveHeap(p.agent.byteLength + p.ts.byteLength + p.status.byteLength + p.reason.byteLength);
  /**
   * @param {Packed} p
   * @param {unknown} since
   * @param {unknown} options
   */
  const packed = (p, since, options) => {
    reserve(p);
    return wasm.__agentKpisPacked(p.agents, p.statuses, p.reasons, p.agent, p.ts, p.status, p.reason, since, options);
  };

  /**
   * @param {unknown} events
   * @param {unknown} since
   * @param {unknown} [options]
   */
  function agentKpis(events, since, options) {
    const p = packOrNull(events);
    if (p === null) return wasm.agentKpis(events, since, options);
    try {
      return packed(p, since, options);
    } finally {
      giveBack(p.columns);
    }
  }

  /**
   * @param {unknown} columns
   * @param {unknown} since
   * @param {unknown} [options]
   */
  function agentKpisColumns(columns, since, options) {
    const p = packColumns(columns, false);
    try {
      return packed(p, since, options);
    } catch (e) {
      packColumns(columns, true); // throws the error naming the column, if a value is bad
      throw e;
    }
  }

  /** @type {WasmModule["agentKpisFromJson"]} */
  const agentKpisFromJson = (input, since, options) => wasm.agentKpisFromJson(utf8(input), since, options);
  /** @type {WasmModule["agentKpisFromCsv"]} */
  const agentKpisFromCsv = (input, since, options) => wasm.agentKpisFromCsv(utf8(input), since, options);
  /** @type {WasmModule["agentKpisFromText"]} */
  const agentKpisFromText = (input, since, options) => wasm.agentKpisFromText(utf8(input), since, options);
  /** @type {WasmModule["toAgentEvents"]} */
  const toAgentEvents = (input, options) => wasm.toAgentEvents(utf8(input), options);
  /** @type {WasmModule["toAgentEventsNdjson"]} */
  const toAgentEventsNdjson = (input, options) => wasm.toAgentEventsNdjson(utf8(input), options);

  /** The row layout, read from wasm on the first `kpis()` (the web build is not loaded before). */
  /** @type {RowLayout | null} */
  let layout = null;
  /** The readers of the blocks, made from the layout with it. */
  /** @type {BlockReader | null} */
  let blockReader = null;

  /**
   * The generated class with `append` sent through the packer (its read options too: a status map
   * is applied to the packed dictionaries), `appendJson`/`appendCsv`/`appendText` through `utf8`,
   * and `kpis`, which builds its objects here from the rows wasm sends as numbers
   * (src/rows.rs): on 2,000 rows ~0.3–0.5 ms, where `JSON.parse` of the same rows as text takes
   * ~1.7 ms.
   */
  class AgentLog extends wasm.AgentLog {
    /** @type {HeldNames} */
    #names = { agents: [], statuses: [], reasons: [], inheritedStatus: [], inheritedReason: [], canonical: false };

    /**
     * @param {unknown} events
     * @param {unknown} [readOptions]
     */
    append(events, readOptions) {
      const p = packOrNull(events);
      if (p === null) return super.append(events, readOptions);
      try {
        reserve(p);
        return wasm.__appendPacked(this, p.agents, p.statuses, p.reasons, p.agent, p.ts, p.status, p.reason, readOptions);
      } finally {
        giveBack(p.columns);
      }
    }

    /**
     * @param {unknown} input
     * @param {unknown} [readOptions]
     */
    appendJson(input, readOptions) {
      return super.appendJson(utf8(input), readOptions);
    }

    /**
     * @param {unknown} input
     * @param {unknown} [readOptions]
     */
    appendCsv(input, readOptions) {
      return super.appendCsv(utf8(input), readOptions);
    }

    /**
     * @param {unknown} input
     * @param {unknown} [readOptions]
     */
    appendText(input, readOptions) {
      return super.appendText(utf8(input), readOptions);
    }

    /**
     * @param {unknown} since
     * @param {unknown} [options]
     * @returns {KpisResponse}
     */
    kpis(since, options) {
      const names = this.#names;
      const [memory, offset, length, agents, statuses, reasons, extra, groups] =
        wasm.__kpisRows(this, since, options, names.agents.length, names.statuses.length, names.reasons.length);
      // Copied into an object literal: fast properties (the one wasm builds key by key may not be).
      layout ??= { ...wasm.__kpisRowLayout() };
      blockReader ??= makeBlockReader(layout);
      learn(names, agents, statuses, reasons);
      // Read in place, before any other call into wasm (which could move or grow the memory).
      const numbers = new Float64Array(memory.buffer, offset, length);
      return rowsToObjects(numbers, names, extra, groups, layout, blockReader);
    }
  }

  return {
    AgentLog,
    agentKpis,
    agentKpisColumns,
    agentKpisFromJson,
    agentKpisFromCsv,
    agentKpisFromText,
    toAgentEvents,
    toAgentEventsNdjson,
    wasmMemoryBytes: wasm.wasmMemoryBytes,
    parseTime: wasm.parseTime,
    zonedStartOfDay: wasm.zonedStartOfDay,
    zonedWallClock: wasm.zonedWallClock,
  };
}

/**
 * Adds names sent by wasm (ids continue where the held ones end) to `names`. Statuses and reasons
 * become object keys: they are kept as V8's internalized copies (what a property key is), so that
 * setting them as keys on every query does not look each one up in the string table again. Names
 * that every object inherits (`__proto__`, `constructor`, `toString`, …) are marked: those are
 * defined, not assigned (see `defineOwn`).
 * @param {HeldNames} names
 * @param {readonly string[]} agents
 * @param {readonly string[]} statuses
 * @param {readonly string[]} reasons
 */
function learn(names, agents, statuses, reasons) {
  /** @param {string} s */
  const key = (s) => Object.keys({ [s]: 0 })[0];
  for (const a of agents) names.agents.push(a);
  for (const s of statuses) {
    names.inheritedStatus.push(s in Object.prototype);
    names.statuses.push(key(s));
  }
  for (const r of reasons) {
    names.inheritedReason.push(r in Object.prototype);
    names.reasons.push(key(r));
  }
  names.canonical = CANONICAL.every((c, i) => names.statuses[i] === c);
}

/**
 * Sets `o[key] = value` as an own data property, for a key every object inherits. Assignment would
 * call the `__proto__` setter for `__proto__`, and throws for any inherited name once
 * `Object.prototype` is frozen (a common defense against prototype pollution). JSON.parse, which
 * the one-shot results come from, defines such keys like any other.
 * @param {object} o
 * @param {string} key
 * @param {unknown} value
 */
function defineOwn(o, key, value) {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

// The platform's nine statuses, ids 0–8 in every log (core/src/store.rs, CANONICAL_STATUSES).
const CANONICAL = ["extcall", "incall", "offline", "unreachable", "ring", "paused", "wrapup", "ready", "idle"];

/**
 * Sets status `s`'s entry of `o` to `v`. The canonical statuses are set by name in the source: a
 * property store V8 caches per site, where `o[name]` with a different name each time goes through
 * its generic lookup (measured on 2,000 rows: 0.68 → 0.51 ms for the whole build).
 * @template V
 * @param {Record<string, V>} o
 * @param {number} s
 * @param {V} v
 * @param {HeldNames} names
 */
function putStatus(o, s, v, names) {
  switch (s) {
    case 0: o.extcall = v; return;
    case 1: o.incall = v; return;
    case 2: o.offline = v; return;
    case 3: o.unreachable = v; return;
    case 4: o.ring = v; return;
    case 5: o.paused = v; return;
    case 6: o.wrapup = v; return;
    case 7: o.ready = v; return;
    case 8: o.idle = v; return;
    default:
      if (names.inheritedStatus[s]) defineOwn(o, names.statuses[s], v);
      else o[names.statuses[s]] = v;
  }
}

/**
 * @param {string} what
 * @param {number} tag
 * @returns {never}
 */
function badTag(what, tag) {
  throw new Error(`agent-kpis: unknown ${what} tag ${tag} in the rows from wasm`);
}

/**
 * A `kpis()` response from the numbers of src/rows.rs, read by the layout it declares.
 * @param {Float64Array} f
 * @param {HeldNames} names
 * @param {readonly string[]} extra
 * @param {readonly string[] | undefined} groupNames
 * @param {RowLayout} layout
 * @param {BlockReader} read the readers of the blocks, made from `layout`
 * @returns {KpisResponse}
 */
function rowsToObjects(f, names, extra, groupNames, layout, read) {
  if (!names.canonical) throw new Error("agent-kpis: the wasm module's first statuses are not the canonical nine");
  const {
    extraNameBase, headAgent, headLoggedInMs, headOccupancyPct, headUtilizationPct, headStatusCount, headLen,
    statusEntryStatus, statusEntryMs, statusEntryLen, reasonEntryStatus, reasonEntryReason, reasonEntryMs, reasonEntryLen,
    pctTag, pctValue, pctLen, pctAbsent, pctNumber, pctNull, pctBypass,
    adherenceAbsent, adherencePresent, adherenceOnShift, adherenceAdherent, adherenceUnit, adherenceOnShiftNow,
    adherenceInAdherenceNow, adherenceOutSince, adherenceSevere, adherenceLen, adherenceUnitSamples, adherenceUnitMs,
    adherenceOutSinceNull,
    messageRows, messageBlocks, messageLen, messageContactsBit, messageEpisodesBit, messageCurrentBit, messageTeamBit,
    messageConformanceBit, messageShrinkageBit,
  } = layout;
  const { agents, reasons, inheritedReason } = names;
  const count = f[messageRows];
  const blocks = f[messageBlocks];
  const rowBlocks = blocks & (messageContactsBit | messageEpisodesBit | messageCurrentBit);
  const scheduleBlocks = blocks & (messageConformanceBit | messageShrinkageBit);
  /** @type {KpiRow[]} */
  const out = new Array(count);
  let p = messageLen;
  for (let k = 0; k < count; k++) {
    const agent = f[p + headAgent];
    const user_id = agent >= 0 ? agents[agent] : extra[extraNameBase - agent];
    const loggedInMs = f[p + headLoggedInMs], occupancyPct = f[p + headOccupancyPct], utilizationPct = f[p + headUtilizationPct];
    let n = f[p + headStatusCount];
    p += headLen;
    /** @type {Record<string, number>} */
    const statusMs = {};
    for (let i = 0; i < n; i++, p += statusEntryLen) putStatus(statusMs, f[p + statusEntryStatus], f[p + statusEntryMs], names);
    /** @type {KpiRow} */
    const row = { user_id, statusMs, loggedInMs, occupancyPct, utilizationPct };
    n = f[p++];
    if (n > 0) {
      /** @type {Record<string, Record<string, number>>} */
      const reasonMs = {};
      let current = -1;
      /** @type {Record<string, number>} */
      let inner = {};
      for (let i = 0; i < n; i++, p += reasonEntryLen) {
        const s = f[p + reasonEntryStatus], r = f[p + reasonEntryReason];
        if (s !== current) {
          inner = {};
          putStatus(reasonMs, s, inner, names);
          current = s;
        }
        if (inheritedReason[r]) defineOwn(inner, reasons[r], f[p + reasonEntryMs]);
        else inner[reasons[r]] = f[p + reasonEntryMs];
      }
      row.reasonMs = reasonMs;
    }
    const pct = f[p + pctTag];
    if (pct === pctNumber) row.adherencePct = f[p + pctValue];
    else if (pct === pctNull) row.adherencePct = null;
    else if (pct === pctBypass) row.adherencePct = "bypass";
    else if (pct !== pctAbsent) badTag("adherencePct", pct);
    p += pctLen;
    const adherence = f[p++];
    if (adherence === adherencePresent) {
      const unit = f[p + adherenceUnit], outSince = f[p + adherenceOutSince];
      row.adherence = {
        onShift: f[p + adherenceOnShift],
        adherent: f[p + adherenceAdherent],
        unit: unit === adherenceUnitSamples ? "samples" : unit === adherenceUnitMs ? "ms" : badTag("unit", unit),
        onShiftNow: f[p + adherenceOnShiftNow] === 1,
        inAdherenceNow: f[p + adherenceInAdherenceNow] === 1,
        outSince: outSince === adherenceOutSinceNull ? null : outSince,
        severe: f[p + adherenceSevere] === 1,
      };
      p += adherenceLen;
    } else if (adherence !== adherenceAbsent) {
      badTag("adherence", adherence);
    }
    if (rowBlocks !== 0) p = read.row(f, p, row, blocks, names);
    if (scheduleBlocks !== 0) p = read.schedule(f, p, row, blocks, names);
    out[k] = row;
  }
  /** @type {KpisResponse} */
  const response = { agents: out };
  if ((blocks & messageTeamBit) !== 0) {
    /** @type {TeamBlock} */
    const team = { agents: 0, statusMs: {}, loggedInMs: 0, occupancyPct: 0, utilizationPct: 0 };
    p = readTeam(f, p, team, names, layout, read, blocks);
    response.team = team;
    const groups = f[p++];
    if (groups !== layout.teamGroupsAbsent) {
      /** @type {TeamBlock[]} */
      const list = new Array(groups);
      for (let g = 0; g < groups; g++) {
        const group = groupNames?.[f[p++]] ?? badTag("group", f[p - 1]);
        /** @type {TeamBlock} */
        const t = { group, agents: 0, statusMs: {}, loggedInMs: 0, occupancyPct: 0, utilizationPct: 0 };
        p = readTeam(f, p, t, names, layout, read, blocks);
        list[g] = t;
      }
      response.groups = list;
    }
  }
  return response;
}

/**
 * The readers of a row's blocks, with the layout's slots as constants of their closure (read once
 * per layout: a property load from the layout object per slot and row cost more than the objects).
 * @param {RowLayout} L
 */
function makeBlockReader(L) {
  const {
    messageContactsBit, messageEpisodesBit, messageCurrentBit,
    contactsHandled, contactsHandleMs, contactsTalkMs, contactsAcwMs, contactsWithAcw, contactsAhtMs, contactsLen, contactsAhtNull,
    episodeEntryStatus, episodeEntryStarted, episodeEntryEnded, episodeEntryEndedMs, episodeEntryLongestMs, episodeEntryLen,
    reasonEpisodeEntryStatus, reasonEpisodeEntryReason, reasonEpisodeEntryStarted, reasonEpisodeEntryEnded,
    reasonEpisodeEntryEndedMs, reasonEpisodeEntryLongestMs, reasonEpisodeEntryLen,
    currentStatus, currentReason, currentSince, currentMs, currentLen, currentNull, currentNoReason,
    messageConformanceBit, messageShrinkageBit, pctTag, pctValue, pctLen, pctAbsent, pctNumber, pctNull, pctBypass,
    scheduleAbsent, schedulePresent, conformanceWorkedMs, conformanceScheduledMs, conformanceLen,
    shrinkageMs, shrinkagePlannedMs, shrinkageUnplannedMs, shrinkageUnknownMs, shrinkagePartCount, shrinkageLen,
    shrinkagePartStatus, shrinkagePartReason, shrinkagePartMs, shrinkagePartLen, shrinkagePartNoReason,
  } = L;

  /**
   * A pct block at `p`: the value, or `undefined` when absent.
   * @param {Float64Array} f
   * @param {number} p
   * @param {string} what
   * @returns {number | null | "bypass" | undefined}
   */
  const pct = (f, p, what) => {
    const tag = f[p + pctTag];
    if (tag === pctNumber) return f[p + pctValue];
    if (tag === pctNull) return null;
    if (tag === pctBypass) return "bypass";
    if (tag !== pctAbsent) badTag(what, tag);
    return undefined;
  };

  /**
   * Reads issue 15's blocks at `p` into `o` (a row or a team: `conformancePct`, `conformance`,
   * `shrinkagePct`, `shrinkage`, those the message's bits include, in that order); returns the
   * position after them.
   * @param {Float64Array} f
   * @param {number} p
   * @param {KpiRow | TeamBlock} o
   * @param {number} blocks the message's block bits
   * @param {HeldNames} names
   * @returns {number}
   */
  const readSchedule = (f, p, o, blocks, names) => {
    if ((blocks & messageConformanceBit) !== 0) {
      const value = pct(f, p, "conformancePct");
      if (value !== undefined) o.conformancePct = value;
      p += pctLen;
      const tag = f[p++];
      if (tag === schedulePresent) {
        o.conformance = { workedMs: f[p + conformanceWorkedMs], scheduledMs: f[p + conformanceScheduledMs] };
        p += conformanceLen;
      } else if (tag !== scheduleAbsent) {
        badTag("conformance", tag);
      }
    }
    if ((blocks & messageShrinkageBit) !== 0) {
      const value = pct(f, p, "shrinkagePct");
      if (value !== undefined) o.shrinkagePct = value;
      p += pctLen;
      const tag = f[p++];
      if (tag === schedulePresent) {
        const ms = f[p + shrinkageMs], plannedMs = f[p + shrinkagePlannedMs];
        const unplannedMs = f[p + shrinkageUnplannedMs], unknownMs = f[p + shrinkageUnknownMs];
        const n = f[p + shrinkagePartCount];
        p += shrinkageLen;
        /** @type {Record<string, number>} */
        const byStatus = {};
        /** @type {Record<string, Record<string, number>>} */
        const byReason = {};
        // Parts come by status then reason id: each status's total is set once its parts end.
        let status = -1, total = 0, reasonsOf = -1;
        /** @type {Record<string, number>} */
        let inner = {};
        for (let i = 0; i < n; i++, p += shrinkagePartLen) {
          const s = f[p + shrinkagePartStatus], r = f[p + shrinkagePartReason], v = f[p + shrinkagePartMs];
          if (s !== status) {
            if (status >= 0) putStatus(byStatus, status, total, names);
            status = s;
            total = 0;
          }
          total += v;
          if (r !== shrinkagePartNoReason) {
            if (reasonsOf !== s) {
              inner = {};
              putStatus(byReason, s, inner, names);
              reasonsOf = s;
            }
            if (names.inheritedReason[r]) defineOwn(inner, names.reasons[r], v);
            else inner[names.reasons[r]] = v;
          }
        }
        if (status >= 0) putStatus(byStatus, status, total, names);
        o.shrinkage = { ms, plannedMs, unplannedMs, unknownMs, byStatus, byReason };
      } else if (tag !== scheduleAbsent) {
        badTag("shrinkage", tag);
      }
    }
    return p;
  };

  /**
   * A contacts block at `p`.
   * @param {Float64Array} f
   * @param {number} p
   * @returns {ContactsBlock}
   */
  const contacts = (f, p) => {
    const aht = f[p + contactsAhtMs];
    return {
      handled: f[p + contactsHandled],
      handleMs: f[p + contactsHandleMs],
      talkMs: f[p + contactsTalkMs],
      acwMs: f[p + contactsAcwMs],
      withAcw: f[p + contactsWithAcw],
      ahtMs: aht === contactsAhtNull ? null : aht,
    };
  };

  /**
   * Reads a row's blocks at `p` into `row` (`contacts`, `episodes`, `reasonEpisodes`, `current`,
   * in that order: the key order of the JSON results); returns the position after them.
   * @param {Float64Array} f
   * @param {number} p
   * @param {KpiRow} row
   * @param {number} blocks the message's block bits
   * @param {HeldNames} names
   * @returns {number}
   */
  const readRow = (f, p, row, blocks, names) => {
    if ((blocks & messageContactsBit) !== 0) {
      row.contacts = contacts(f, p);
      p += contactsLen;
    }
    if ((blocks & messageEpisodesBit) !== 0) {
      /** @type {Record<string, EpisodeBlock>} */
      const episodes = {};
      const n = f[p++];
      for (let i = 0; i < n; i++, p += episodeEntryLen) {
        const e = {
          started: f[p + episodeEntryStarted],
          ended: f[p + episodeEntryEnded],
          endedMs: f[p + episodeEntryEndedMs],
          longestMs: f[p + episodeEntryLongestMs],
        };
        putStatus(episodes, f[p + episodeEntryStatus], e, names);
      }
      row.episodes = episodes;
      const m = f[p++];
      if (m > 0) {
        /** @type {Record<string, Record<string, EpisodeBlock>>} */
        const reasonEpisodes = {};
        let current = -1;
        /** @type {Record<string, EpisodeBlock>} */
        let inner = {};
        for (let i = 0; i < m; i++, p += reasonEpisodeEntryLen) {
          const s = f[p + reasonEpisodeEntryStatus], r = f[p + reasonEpisodeEntryReason];
          if (s !== current) {
            inner = {};
            putStatus(reasonEpisodes, s, inner, names);
            current = s;
          }
          const e = {
            started: f[p + reasonEpisodeEntryStarted],
            ended: f[p + reasonEpisodeEntryEnded],
            endedMs: f[p + reasonEpisodeEntryEndedMs],
            longestMs: f[p + reasonEpisodeEntryLongestMs],
          };
          if (names.inheritedReason[r]) defineOwn(inner, names.reasons[r], e);
          else inner[names.reasons[r]] = e;
        }
        row.reasonEpisodes = reasonEpisodes;
      }
    }
    if ((blocks & messageCurrentBit) !== 0) {
      const s = f[p + currentStatus], r = f[p + currentReason];
      row.current = s === currentNull ? null : {
        status: names.statuses[s],
        reason: r === currentNoReason ? null : names.reasons[r],
        since: f[p + currentSince],
        ms: f[p + currentMs],
      };
      p += currentLen;
    }
    return p;
  };
  return { row: readRow, contacts, schedule: readSchedule };
}

/** @typedef {ReturnType<typeof makeBlockReader>} BlockReader */

/**
 * Reads a team block at `p` into `t` (whose keys exist already, in the JSON results' order; a
 * group's `group` first); returns the position after it.
 * @param {Float64Array} f
 * @param {number} p
 * @param {TeamBlock} t
 * @param {HeldNames} names
 * @param {RowLayout} L
 * @param {BlockReader} read
 * @param {number} blocks the message's block bits
 * @returns {number}
 */
function readTeam(f, p, t, names, L, read, blocks) {
  t.agents = f[p + L.teamAgents];
  t.loggedInMs = f[p + L.teamLoggedInMs];
  t.occupancyPct = f[p + L.teamOccupancyPct];
  t.utilizationPct = f[p + L.teamUtilizationPct];
  const n = f[p + L.teamStatusCount];
  p += L.teamLen;
  for (let i = 0; i < n; i++, p += L.statusEntryLen) putStatus(t.statusMs, f[p + L.statusEntryStatus], f[p + L.statusEntryMs], names);
  const contacts = f[p++];
  if (contacts === L.teamContactsPresent) {
    t.contacts = read.contacts(f, p);
    p += L.contactsLen;
  } else if (contacts !== L.teamContactsAbsent) {
    badTag("team contacts", contacts);
  }
  const pct = f[p + L.pctTag];
  if (pct === L.pctNumber) t.adherencePct = f[p + L.pctValue];
  else if (pct === L.pctNull) t.adherencePct = null;
  else if (pct === L.pctBypass) t.adherencePct = "bypass";
  else if (pct !== L.pctAbsent) badTag("adherencePct", pct);
  p += L.pctLen;
  if ((blocks & (L.messageConformanceBit | L.messageShrinkageBit)) !== 0) p = read.schedule(f, p, t, blocks, names);
  return p;
}
