//! The TypeScript declarations of the public API, written by hand and checked by a `tsc --strict`
//! test (`tests/node/types.test.mjs`). wasm-bindgen copies this text verbatim into the `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_API: &'static str = r#"
/**
 * One agent state change.
 */
export interface AgentEvent {
  /** The agent. An integer id is the same agent as its decimal string (`7` and `"7"`). */
  user_id: string | number;
  /** When the agent entered `status`: epoch milliseconds, a non-negative safe integer. */
  ts: number;
  /**
   * The status entered, case-sensitive. The platform's canonical statuses are `extcall`, `incall`,
   * `offline`, `unreachable`, `ring`, `paused`, `wrapup`, `ready`, `idle`; any other string is its
   * own bucket.
   */
  status: string;
  /** Why, e.g. `"break"` or `"lunch"` for `paused`. Empty, `null` or absent means no reason. */
  reason?: string | null;
}

/** Options of {@link agentKpis} (and, without `schedules`, of {@link AgentLog.kpis}). */
export interface AgentKpisOptions {
  /** End of the window, epoch ms. Default: `Date.now()`. */
  now?: number | null;
  /** Agents' schedules, for adherence. Agents with a schedule get `adherencePct` (and `adherence`). */
  schedules?: readonly AgentSchedule[] | null;
  /** The account's IANA time zone, for schedules without their own. Default `"UTC"`. */
  timezone?: string | null;
  /** Adherence sample step in ms (the platform samples every 300,000); `0` = exact mode. */
  adherenceSampleMs?: number | null;
  /** Statuses that count as on the phones. Default `["ready", "incall", "wrapup", "ring", "extcall"]`. */
  adherentStatuses?: readonly string[] | null;
}

/** A time-schedule rule, in the platform's format. Times are local `"HH:MM"` (`"24:00"` allowed as an end; an end not after the start is overnight); dates `"YYYY-MM-DD"`. */
export type ScheduleRule =
  | { kind: "weekly"; /** 0 = Sunday … 6 = Saturday */ dow: number; start_time: string; end_time: string }
  | { kind: "date"; start_date: string; is_closed?: boolean | 0 | 1 | null; start_time?: string | null; end_time?: string | null }
  | { kind: "date_range"; start_date: string; end_date: string; is_closed?: boolean | 0 | 1 | null; start_time?: string | null; end_time?: string | null };

/** One agent's schedule: exactly one of `rules` (the platform's form) or `segments` (absolute `[start, end)` epoch-ms on-shift intervals). */
export interface AgentSchedule {
  user_id: string | number;
  /** Overtime or ad-hoc coverage: `adherencePct` is `"bypass"`. */
  bypass?: boolean | null;
  /** IANA zone of the rules; default the account's `timezone`. */
  timezone?: string | null;
  rules?: readonly ScheduleRule[] | null;
  segments?: readonly { start: number; end: number }[] | null;
}

/** Real-time adherence of a scheduled, non-bypassed agent. */
export interface AdherenceState {
  /** On-shift samples (or ms, in exact mode) in the window. */
  onShift: number;
  /** Of those, the ones in an adherent status. */
  adherent: number;
  unit: "samples" | "ms";
  /** Whether `now` is on shift. */
  onShiftNow: boolean;
  /** Whether the status in effect at `now` is adherent. */
  inAdherenceNow: boolean;
  /** Start (exact, not clipped to `since`) of the current stretch on shift and out of adherence; `null` otherwise. */
  outSince: number | null;
}

/** Milliseconds per key, only keys with more than 0 ms. */
export type MsByKey = { [key: string]: number };

/** One agent's KPIs over the window: an element of `agents` in `GET /v1/agents`. */
export interface AgentKpis {
  /** The agent's id, always a string. */
  user_id: string;
  /** Milliseconds per status in the window (only statuses with more than 0 ms). */
  statusMs: MsByKey;
  /** Sum of `statusMs` over every status except `offline`. */
  loggedInMs: number;
  /** round(100 × (incall + wrapup) / (incall + wrapup + ready)), half-up; 0 when the denominator is 0. */
  occupancyPct: number;
  /** round(100 × (incall + wrapup) / loggedInMs), half-up; 0 when loggedInMs is 0. */
  utilizationPct: number;
  /** `{ status: { reason: ms } }` over intervals whose event had a reason; absent when there is none. */
  reasonMs?: { [status: string]: MsByKey };
  /** Scheduled agents only: round(100 × adherent / on shift), `null` without on-shift time, `"bypass"` for bypassed schedules. */
  adherencePct?: number | null | "bypass";
  /** Scheduled, non-bypassed agents only. */
  adherence?: AdherenceState;
}

/** The result of {@link agentKpis}: the shape of `GET /v1/agents`. */
export interface AgentsResponse {
  /** Every agent with an event at `ts <= now`, in order of first appearance in the events; then scheduled agents without one, in schedule order. */
  agents: AgentKpis[];
}

/**
 * Folds an agent-state event log over the window `[since, now]`.
 *
 * @param events the events, in any order; never modified.
 * @param since start of the window, epoch ms.
 * @param options `now` (end of the window, default `Date.now()`).
 * @throws TypeError or RangeError naming the bad field, e.g. `events[17].ts: …`.
 */
export function agentKpis(
  events: readonly AgentEvent[],
  since: number,
  options?: AgentKpisOptions | null,
): AgentsResponse;

/**
 * {@link agentKpis} on a text log parsed inside wasm (no JS objects are created): a JSON array of
 * events or NDJSON (one event object per line), as a string or UTF-8 bytes. Same results as
 * `agentKpis(JSON.parse(input), …)`. Errors name the position: `events[17].ts: …` in an array,
 * `line 812: ts: …` in NDJSON.
 */
export function agentKpisFromJson(
  input: string | Uint8Array,
  since: number,
  options?: AgentKpisOptions | null,
): AgentsResponse;

/**
 * {@link agentKpis} on a CSV log parsed inside wasm: a header naming `user_id`, `ts`, `status` and
 * optionally `reason` (any order; other columns ignored), RFC 4180 quoting. `user_id` is kept as
 * written (`007`); an empty `reason` is no reason. Errors: `line 812: ts: …`.
 */
export function agentKpisFromCsv(
  input: string | Uint8Array,
  since: number,
  options?: AgentKpisOptions | null,
): AgentsResponse;

/** A column of strings: one per event, or dictionary-encoded (`dict[codes[i]]` is event i's). */
export type StringColumn<T = string> = readonly T[] | { dict: readonly T[]; codes: Uint32Array };

/** Events as columns, all of the length of `ts`. */
export interface EventColumns {
  /** The agents; an integer is the same agent as its decimal string. */
  userIds: StringColumn<string | number>;
  /** Epoch ms per event: non-negative safe integers. */
  ts: Float64Array | BigInt64Array;
  /** The statuses. */
  statuses: StringColumn;
  /** The reasons; `null` or `""` for none. */
  reasons?: StringColumn<string | null> | null;
}

/**
 * {@link agentKpis} for callers that already hold columns: no objects are read, the columns are
 * copied into wasm once. Same results as `agentKpis` on the same events.
 *
 * @throws TypeError or RangeError naming the column and position, e.g. `columns.ts[5]: …`.
 */
export function agentKpisColumns(
  columns: EventColumns,
  since: number,
  options?: AgentKpisOptions | null,
): AgentsResponse;

/**
 * Bytes of linear memory this wasm instance holds now (it grows, never shrinks; memory freed inside
 * is reused). For dashboards that watch their footprint, and benchmarks.
 */
export function wasmMemoryBytes(): number;

/** One row of an interval report: the KPIs over `[start, end)`, as {@link AgentLog.kpis} gives them for that window. */
export interface IntervalRow extends Omit<AgentKpis, "user_id"> {
  /** Start of the interval, epoch ms. */
  start: number;
  /** End of the interval, clipped to `to` and `now`, epoch ms. */
  end: number;
}

/** The result of {@link AgentLog.intervals}. */
export interface IntervalReport {
  agents: { user_id: string; intervals: IntervalRow[] }[];
}

/** The result of {@link AgentLog.stats}. */
export interface AgentLogStats {
  /** Distinct agents seen. */
  agents: number;
  /** Events retained (after compaction). */
  events: number;
  /** Approximate bytes of wasm memory held by the log. */
  bytes: number;
  /**
   * Of `bytes`, recent results of `kpis` (up to four), kept so that the next query with the same `since`
   * extends them for agents without new events (per-agent state, not per event).
   */
  resultBytes: number;
  /** The earliest `since` a query may use, after {@link AgentLog.compact}; `null` before. */
  horizon: number | null;
  /** The earliest retained event's `ts`; `null` for an empty log. */
  firstTs: number | null;
  /** The latest retained event's `ts`; `null` for an empty log. */
  lastTs: number | null;
}

/**
 * A live, append-only agent-state log. Append events as they arrive and query any window every
 * second: a query costs O(agents × log(events per agent)), not O(events).
 *
 * Holds wasm memory: call `free()` when done (a `FinalizationRegistry` also frees it after garbage
 * collection where supported, but do not rely on its timing in long-running dashboards).
 */
export class AgentLog {
  /** An empty log. */
  constructor();
  /**
   * Appends events, in any order (late and duplicate events are fine). All or nothing: if one event
   * is bad, nothing is appended and the error names it (`events[3].ts: …`). Events before the
   * horizon of a compacted log are refused. Returns the number appended.
   */
  append(events: readonly AgentEvent[]): number;
  /** Appends a JSON-array or NDJSON log (string or UTF-8 bytes), parsed in wasm; all or nothing. */
  appendJson(input: string | Uint8Array): number;
  /** Appends a CSV log (string or UTF-8 bytes), parsed in wasm; all or nothing. */
  appendCsv(input: string | Uint8Array): number;
  /** Replaces the schedules used for adherence (`null` removes them). On error the previous ones stay. */
  setSchedules(schedules: readonly AgentSchedule[] | null): void;
  /**
   * KPIs over `[since, now]`: equal to `agentKpis(every appended event, since, { now, schedules, … })`.
   * Each agent remembers its last few lookups, so repeating a window every second (the same `since`,
   * a later `now`) costs per agent only the events appended in between. Every call returns new objects.
   */
  kpis(since: number, options?: Omit<AgentKpisOptions, "schedules"> | null): AgentsResponse;
  /**
   * Interval report: per agent, one row per `[from + k·stepMs, from + (k+1)·stepMs)` that starts
   * before `min(to, now)`, its end clipped to `to` and `now`; each row equals `kpis` over it.
   */
  intervals(from: number, to: number, stepMs: number, options?: Omit<AgentKpisOptions, "schedules"> | null): IntervalReport;
  /**
   * Drops events that no window starting at or after `before` needs (per agent, every event before
   * the one in effect at `before`), and returns them as NDJSON for export. Afterwards `since <
   * before` throws a RangeError naming the horizon. Each agent keeps, per status, the end of its
   * latest dropped interval of positive length, so that `outSince` stays exact when it reaches back
   * past the horizon: every later `kpis` equals `agentKpis` over every event appended.
   */
  compact(before: number): string;
  /** Sizes of the log. */
  stats(): AgentLogStats;
  /** Releases the log's wasm memory; the object is unusable afterwards. */
  free(): void;
}
"#;
