//! The TypeScript interfaces of the public API's arguments and results, and the declarations of
//! what `npm/packer.js` adds in JS (`agentKpisColumns`, `AgentLog.kpis`). wasm-bindgen copies this
//! text verbatim into the generated `.d.ts`, beside the signatures it generates from the exports
//! (whose `unchecked_param_type`/`unchecked_return_type` name these interfaces); the strict `tsc`
//! consumer test in `tests/node/package.test.mjs` checks the result.

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
  /**
   * Grace in ms (Genesys Cloud's exception threshold), default 0: a stretch on shift and out of
   * adherence shorter than this, in full length (not clipped to `since`), counts as adherent for
   * `adherencePct`. One still running at `now` is measured up to `now`, so a later query may count
   * it. Changes neither conformance nor shrinkage, nor `outSince` and `severe`.
   * @throws RangeError for a negative or fractional value.
   */
  adherenceGraceMs?: number | null;
  /** `adherence.severe` once out of adherence this long, ms; default 300,000 (5 minutes). A positive integer. */
  adherenceSevereMs?: number | null;
  /** Reasons whose shrinkage is planned (exact, case-sensitive). Default `["break", "lunch", "training", "meeting"]`. */
  plannedReasons?: readonly string[] | null;
  /**
   * The blocks wanted beyond the base KPIs (repeats allowed): `contacts`, `episodes` (with
   * `reasonEpisodes`) and `current` on every row, `team` (and `groups`) on the response,
   * `conformance` and `shrinkage` on scheduled rows (and the team). Without it the result is the
   * base one.
   * @throws RangeError for an unknown name (`options.include[1]: unknown block "aht"; …`).
   */
  include?: readonly BlockName[] | null;
  /**
   * `{ [user_id]: groupName }`: with `include: ["team"]`, `groups` gives each group's rows summed like
   * `team`. Agents without a group are in `team` only; ignored without `"team"`.
   */
  groups?: Readonly<Record<string, string>> | null;
}

/**
 * How a text log is written: the package's own formats (`json`: a JSON array of events, `ndjson`:
 * one event object per line, `csv`: a header naming `user_id`, `ts`, `status`, `reason`) or a
 * platform's log, read into events by its adapter: `asterisk-queue-log` (Asterisk's `queue_log`
 * lines), `amazon-connect` (agent event stream records, NDJSON or a JSON array),
 * `twilio-taskrouter` (TaskRouter events, JSON), `genesys-user-details` (the users details
 * query's response).
 */
export type LogFormat =
  | "json"
  | "ndjson"
  | "csv"
  | "asterisk-queue-log"
  | "amazon-connect"
  | "twilio-taskrouter"
  | "genesys-user-details";

/** The formats `agentKpisFromJson` and `AgentLog.appendJson` read. */
export type JsonLogFormat = "json" | "ndjson" | "amazon-connect" | "twilio-taskrouter" | "genesys-user-details";

/** The platforms' formats: read by an adapter, which knows their timestamps and fields. */
export type PlatformLogFormat = "asterisk-queue-log" | "amazon-connect" | "twilio-taskrouter" | "genesys-user-details";

/** The read options every format takes. */
export interface CommonReadOptions {
  /**
   * The IANA zone of ISO-8601 timestamps written without an offset (`2024-03-04T09:20:00`).
   * Without it such a timestamp is an error naming its line (never read in the machine's zone).
   */
  timezone?: string | null;
  /**
   * Statuses mapped to canonical ones, applied to every event read (with a platform's format: to
   * the events its adapter derives).
   */
  statusMap?: StatusMap | null;
}

/** Read options of the package's own formats (`json`, `ndjson`, `csv`). */
export interface NativeReadOptions extends CommonReadOptions {
  /**
   * The log's format. Default: detected from the content (`[` a JSON array, `{` NDJSON, else CSV).
   * @throws RangeError for an unknown name (`options.format: unknown format "queue_log"; …`).
   */
  format?: "json" | "ndjson" | "csv" | null;
  /**
   * The unit of numeric `ts`: `"ms"` (default) or `"s"` (epoch seconds, fractions allowed,
   * rounded half up to the ms).
   */
  tsUnit?: TsUnit | null;
  /** CSV only: the header names of the fields, as an object or `"user_id=AGENT,ts=TIMESTAMP"`. */
  columns?: Columns | string | null;
}

/** Read options of a platform's log: its format named; `tsUnit` and `columns` do not apply. */
export interface PlatformReadOptions extends CommonReadOptions {
  /** The platform's format (required: a platform's log is not detected). */
  format: PlatformLogFormat;
  /** Not for a platform's format (a RangeError): its adapter reads its own timestamps. */
  tsUnit?: null;
  /** Not for a platform's format (a RangeError). */
  columns?: null;
}

/**
 * How to read a text log (`agentKpisFromText` and the other text entry points, `AgentLog`'s
 * appends, `toAgentEvents`): the package's own formats, or a platform's named in `format`.
 */
export type ReadOptions = NativeReadOptions | PlatformReadOptions;

/** The unit of numeric timestamps: epoch milliseconds or epoch seconds. */
export type TsUnit = "ms" | "s";

/** A canonical status, the only targets of a {@link StatusMap}. */
export type CanonicalStatus = "extcall" | "incall" | "offline" | "unreachable" | "ring" | "paused" | "wrapup" | "ready" | "idle";

/**
 * What a raw status becomes: a canonical status (the event's reason kept), or `{ status, reason }`
 * (`reason` a string replaces the event's, `null` drops it, absent keeps it).
 */
export type StatusRule = CanonicalStatus | { status: CanonicalStatus; reason?: string | null };

/**
 * `{ [rawStatus]: rule }`: raw statuses of another platform's flat log (Five9, NICE, a home-grown
 * CSV) mapped to canonical ones, e.g. `{ "Available": "ready", "Lunch": { status: "paused",
 * reason: "lunch" } }`. Keys match exactly; statuses without a key pass through unchanged.
 */
export type StatusMap = { readonly [rawStatus: string]: StatusRule };

/**
 * CSV header names of the event fields, for CSVs written by other tools; fields not named keep
 * their own names (`user_id`, `ts`, `status`, optional `reason`).
 */
export interface Columns {
  user_id?: string;
  ts?: string;
  status?: string;
  reason?: string;
}

/** {@link ReadOptions} of `agentKpisFromJson` and `AgentLog.appendJson`: the JSON formats. */
export type JsonReadOptions =
  | (CommonReadOptions & { format?: "json" | "ndjson" | null; tsUnit?: TsUnit | null; columns?: null })
  | (CommonReadOptions & { format: "amazon-connect" | "twilio-taskrouter" | "genesys-user-details"; tsUnit?: null; columns?: null });

/** {@link ReadOptions} of `agentKpisFromCsv` and `AgentLog.appendCsv`. */
export interface CsvReadOptions extends Omit<NativeReadOptions, "format"> {
  /** Only `csv`; for any other format use `agentKpisFromText`/`appendText`. */
  format?: "csv" | null;
}

/**
 * Read options of `AgentLog.append` (events given as objects): `statusMap` only; `format`,
 * `timezone`, `tsUnit` and `columns` are refused there (a RangeError: they apply to text logs).
 */
export interface EventReadOptions {
  /** Raw statuses mapped to canonical ones, applied to every event appended. */
  statusMap?: StatusMap | null;
}

/** Options of {@link agentKpis}: the query's, and a status map applied to every event. */
export interface ObjectKpisOptions extends AgentKpisOptions, EventReadOptions {}

/** Options of `agentKpisFromText`: the query's and the read options (`timezone` serves both). */
export type TextKpisOptions = AgentKpisOptions & ReadOptions;

/** Options of `agentKpisFromJson`: the query's and the JSON read options. */
export type JsonKpisOptions = AgentKpisOptions & JsonReadOptions;

/** Options of `agentKpisFromCsv`: the query's and the CSV read options. */
export interface CsvKpisOptions extends AgentKpisOptions, CsvReadOptions {}

/** An event as `toAgentEvents` returns it: `user_id` as written, `reason` only when there is one. */
export interface ReadEvent {
  /** The agent's id as written in the log. */
  user_id: string;
  /** Epoch milliseconds. */
  ts: number;
  /** The status entered. */
  status: string;
  /** Why; absent when there is no reason. */
  reason?: string;
}

/** A block of {@link AgentKpisOptions.include}. */
export type BlockName = "contacts" | "episodes" | "current" | "team" | "conformance" | "shrinkage";

/** `conformance` of a scheduled row (or summed, of `team` and each group): exact ms whatever the sample step. */
export interface Conformance {
  /** Time in the window in an adherent status, on shift or not. */
  workedMs: number;
  /** On-shift time in the window. */
  scheduledMs: number;
}

/** `shrinkage` of a scheduled row (or summed): on-shift time in the window not adherent, exact ms. Entries of 0 ms are left out. */
export interface Shrinkage {
  ms: number;
  /** The part whose reason is in `plannedReasons`. */
  plannedMs: number;
  /** `ms − plannedMs` (unknown time included). */
  unplannedMs: number;
  /** The part with no known status (before the agent's first event). */
  unknownMs: number;
  /** Per known non-adherent status. */
  byStatus: MsByKey;
  /** Per status and non-empty reason. */
  byReason: { [status: string]: MsByKey };
}

/**
 * `contacts` of a row (or summed, of `team` and each group): the contacts completed in the window.
 * A contact is an `incall` status episode and the `wrapup` episode right after it, if any; it is
 * counted when it ends in the window (`since < end <= now`) and is not open. Lengths are full
 * lengths in ms (not clipped to `since`). A state log cannot know two things: calls back to back
 * with no status between them are one contact, and a status chosen before the call ended (say
 * `paused`) hides that contact's after-call work.
 */
export interface Contacts {
  /** Contacts completed in the window. */
  handled: number;
  /** Sum of their full lengths (talk + after-call work), ms. */
  handleMs: number;
  /** Sum of their `incall` parts, ms. */
  talkMs: number;
  /** Sum of their `wrapup` parts (after-call work), ms. */
  acwMs: number;
  /** How many had a `wrapup` part. */
  withAcw: number;
  /** Average handle time: `handleMs / handled` rounded half-up to integer ms; `null` when `handled` is 0. */
  ahtMs: number | null;
}

/**
 * One status's (or (status, reason)'s) episodes over the window. An episode is a run of consecutive
 * intervals in the same status (reason episodes: the same status and reason); lengths are full
 * lengths in ms, never clipped to `since`. Split a window into consecutive windows and `started`,
 * `ended`, `endedMs` add up.
 */
export interface EpisodeStats {
  /** Episodes that started in the window (`since <= start < now`). */
  started: number;
  /** Episodes that ended in the window (not open, `since < end <= now`). */
  ended: number;
  /** Sum of the full lengths of those that ended, ms (an average is `endedMs / ended`). */
  endedMs: number;
  /** The longest full length among the episodes overlapping the window (the open one measured to `now`), ms. */
  longestMs: number;
}

/** `current`: the agent's status at `now`, from its last event at `ts <= now`. */
export interface Current {
  /** That event's status. */
  status: string;
  /** Its reason; `null` when none. */
  reason: string | null;
  /** Start of the open status episode, epoch ms: not clipped to the window, not reset by a reason change. */
  since: number;
  /** `now − since`, ms. */
  ms: number;
}

/** `team` (or one group): the rows summed; percentages from the sums with the rows' exact rounding, never averaged. */
export interface Team {
  /** Rows summed. */
  agents: number;
  /** Milliseconds per status summed (only statuses with more than 0 ms), in the rows' key order. */
  statusMs: MsByKey;
  /** Sum of `statusMs` over every status except `offline`. */
  loggedInMs: number;
  /** round(100 × (incall + wrapup) / (incall + wrapup + ready)) of the sums, half-up. */
  occupancyPct: number;
  /** round(100 × (incall + wrapup) / loggedInMs) of the sums, half-up. */
  utilizationPct: number;
  /** The rows' contacts summed (`ahtMs` from the summed `handleMs` / `handled`); only with `"contacts"` included. */
  contacts?: Contacts;
  /** With schedules: round(100 × Σ adherent / Σ on shift) over scheduled, non-bypassed rows; `null` when Σ on shift is 0. */
  adherencePct?: number | null;
  /** With schedules and `"conformance"`: round(100 × Σ workedMs / Σ scheduledMs) over scheduled, non-bypassed rows; `null` when Σ scheduledMs is 0. */
  conformancePct?: number | null;
  /** With schedules and `"conformance"`: those rows' `conformance` summed. */
  conformance?: Conformance;
  /** With schedules and `"shrinkage"`: round(100 × Σ shrinkage ms / Σ scheduledMs); `null` when Σ scheduledMs is 0. */
  shrinkagePct?: number | null;
  /** With schedules and `"shrinkage"`: those rows' `shrinkage` summed. */
  shrinkage?: Shrinkage;
}

/** One entry of `groups`: a group's name and its rows summed. */
export interface GroupTeam extends Team {
  /** The group's name, as given in `options.groups`. */
  group: string;
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
  /** On shift at `now`, not adherent, and `now − outSince >= adherenceSevereMs`. Ignores the grace. */
  severe: boolean;
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
  /** With `"contacts"` included (always then; zeros when none): the contacts completed in the window. */
  contacts?: Contacts;
  /** With `"episodes"` included (always then; `{}` when no episode overlaps the window): per status. */
  episodes?: { [status: string]: EpisodeStats };
  /** With `"episodes"` included: per status and non-empty reason; absent when there is none. */
  reasonEpisodes?: { [status: string]: { [reason: string]: EpisodeStats } };
  /** With `"current"` included: the state at `now`; `null` for a scheduled agent without an event at `ts <= now`. */
  current?: Current | null;
  /** With `"conformance"`, scheduled agents only: round(100 × workedMs / scheduledMs) (can exceed 100), `null` when scheduledMs is 0, `"bypass"`. */
  conformancePct?: number | null | "bypass";
  /** With `"conformance"`, scheduled non-bypassed agents. */
  conformance?: Conformance;
  /** With `"shrinkage"`, scheduled agents only: round(100 × shrinkage ms / scheduledMs), `null` when scheduledMs is 0, `"bypass"`. */
  shrinkagePct?: number | null | "bypass";
  /** With `"shrinkage"`, scheduled non-bypassed agents. */
  shrinkage?: Shrinkage;
}

/** The result of {@link agentKpis}: the shape of `GET /v1/agents`. */
export interface AgentsResponse {
  /** Every agent with an event at `ts <= now`, in order of first appearance in the events; then scheduled agents without one, in schedule order. */
  agents: AgentKpis[];
  /** With `"team"` included: every row summed. */
  team?: Team;
  /** With `"team"` included and `options.groups` given: per group, in order of first appearance among the rows. */
  groups?: GroupTeam[];
}

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
 * copied into wasm once. Same results as `agentKpis` on the same events. (Implemented in JS, by
 * `npm/packer.js`.)
 *
 * @throws TypeError or RangeError naming the column and position, e.g. `columns.ts[5]: …`.
 */
export function agentKpisColumns(
  columns: EventColumns,
  since: number,
  options?: ObjectKpisOptions | null,
): AgentsResponse;

/**
 * One row of an interval report: the KPIs from `start` to `end`, as {@link AgentLog.kpis} gives them for
 * that window (`kpis(start, { now: end })`: a contact ending exactly at `end` is counted in this row), with the row blocks of `options.include` (`contacts.handled` counts the contacts
 * completed in that interval). An interval report has no `team`.
 */
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


/** The wall-clock fields of an instant in an IANA zone, as {@link zonedWallClock} returns them. */
export interface WallClock {
  /** The year, e.g. 2026. */
  year: number;
  /** The month, 1–12. */
  month: number;
  /** The day of the month, 1–31. */
  day: number;
  /** The hour, 0–23. */
  hour: number;
  /** The minute, 0–59. */
  minute: number;
  /** The second, 0–59. */
  second: number;
  /** The weekday, 0 = Sunday … 6 = Saturday (the schedules' `dow`). */
  weekday: number;
  /** The zone's offset from UTC at that instant, in seconds (east positive). */
  offsetSeconds: number;
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

declare global {
  /**
   * wasm-bindgen declares `[Symbol.dispose](): void` on every generated class (at run time it is
   * defined where `Symbol.dispose` exists). This is the declaration of `Symbol.dispose` that
   * TypeScript's `lib.esnext.disposable` makes, so that the class type-checks with older `lib`
   * settings too; where both are present, the two declarations merge.
   */
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

/**
 * `AgentLog` as the package exports it: the class generated from Rust plus `kpis`, which the
 * package's subclass implements in JS (declaration merging with the generated class).
 */
export interface AgentLog {
  /**
   * KPIs over `[since, now]`: equal to `agentKpis(every appended event, since, { now, schedules, … })`.
   * Each agent remembers its last few lookups, so repeating a window every second (the same `since`,
   * a later `now`) costs per agent only the events appended in between. Every call returns new objects.
   */
  kpis(since: number, options?: Omit<AgentKpisOptions, "schedules"> | null): AgentsResponse;
}
"#;
