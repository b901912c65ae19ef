//! Errors for bad input, each naming the place of the bad value.
//!
//! Every entry point of the crate validates what it is given and, on the first bad value, returns an
//! [`InputError`]: the path of the value (`events[17].ts`, `schedules[2].rules[0].start_time`,
//! `line 812: ts`) and what is wrong with it, a [`Problem`]. Every message is written once, in
//! `Problem`'s `Display`. The wasm boundary turns the error into a JS `TypeError` or `RangeError`
//! according to its [`ErrorKind`].

use std::fmt;

use crate::ids::{
    BLOCK_NAMES, CANONICAL_STATUSES, MAX_EVENTS, MAX_INTERVALS, MAX_INTERVAL_ROWS, MAX_NAME_BYTES,
    MAX_TS,
};

/// Which JS error class an [`InputError`] becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The value has the wrong type (a string where a number belongs, a missing field, …).
    Type,
    /// The value has the right type but is outside what is allowed (negative `ts`, `since > now`, …).
    Range,
}

/// What is wrong with a bad input value: one variant per kind of problem, carrying the data its
/// message needs. Its [`Display`](fmt::Display) writes every message of the crate (and of the
/// binding), each once; [`Problem::kind`] gives the JS error class.
///
/// A `got` field is the description of the offending value as messages show it (`"abc"`, `1.5`,
/// `NaN`, `missing`, `an object`, …; see [`describe_number`], [`quote_excerpt`] and
/// [`crate::input::Scalar::describe`]). A `name` or `text` field is the raw string, quoted and
/// shortened by the message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    // Event fields and timestamps.
    /// `expected a non-negative integer (epoch ms), got {got}` (type error).
    NotEpochMs {
        /// The value given.
        got: String,
    },
    /// `expected a non-negative integer (epoch ms) <= 9007199254740991, got {got}` (range error).
    EpochMsOutOfRange {
        /// The value given.
        got: String,
    },
    /// `expected a non-empty string or a safe integer, got {got}` (type error).
    NotUserId {
        /// The value given.
        got: String,
    },
    /// `expected a non-empty string or a safe integer, got {got}` (range error: `""` or a number
    /// that is not a safe integer).
    UserIdOutOfRange {
        /// The value given.
        got: String,
    },
    /// `expected a non-empty string, got {got}` (type error).
    NotNonEmptyString {
        /// The value given.
        got: String,
    },
    /// `expected a non-empty string, got ""` (range error).
    EmptyString,
    /// `expected a string, null or undefined, got {got}` (type error).
    NotOptionalString {
        /// The value given.
        got: String,
    },
    /// `must not be empty` (range error).
    Empty,
    /// `must be at most 1024 bytes, got {bytes} bytes` (range error).
    TooLong {
        /// The length given, in bytes.
        bytes: usize,
    },
    /// `expected an event object, got {got}` (type error).
    NotEventObject {
        /// The value given.
        got: String,
    },

    // Windows, queries and the log.
    /// `must be <= {other} ({limit}), got {got}` (range error), e.g. `since` after `now`.
    NotAtMost {
        /// The name of the bound (`now`, `to`).
        other: &'static str,
        /// The bound's value.
        limit: u64,
        /// The value given.
        got: u64,
    },
    /// `must be > 0` (range error).
    NotPositive,
    /// `{since} is before the log's horizon {horizon}: events before it were compacted` (range
    /// error): a query window starting before a compacted log's horizon.
    WindowBeforeHorizon {
        /// The window's start.
        since: u64,
        /// The log's horizon.
        horizon: u64,
    },
    /// `{ts} is before the log's horizon {horizon} (events before it were compacted)` (range
    /// error): an event appended before a compacted log's horizon.
    EventBeforeHorizon {
        /// The event's `ts`.
        ts: u64,
        /// The log's horizon.
        horizon: u64,
    },
    /// `more than 100000 intervals from {from} to {to}; use a larger step` (range error).
    TooManyIntervals {
        /// The first interval's start.
        from: u64,
        /// The last interval's end.
        to: u64,
    },
    /// `{agents} agents × {intervals} intervals is more than 2000000 rows; use a larger step or a
    /// shorter range` (range error).
    TooManyRows {
        /// Rows per interval.
        agents: usize,
        /// Intervals.
        intervals: usize,
    },
    /// `the log is full: at most 50000000 events (compact() or split the input)` (range error).
    LogFull,
    /// `too many distinct {what}` (range error), e.g. `too many distinct agents`.
    TooManyDistinct {
        /// What there are too many of (`agents`, `statuses`, `reasons`).
        what: &'static str,
    },
    /// `unknown {what} id` (range error), or `unknown id` when `what` is empty: an interned id
    /// that no interner gave (a caller's bug, never user data).
    UnknownId {
        /// Which id (`agent`, `status`, `reason`, `agent or status`, `staged`, or empty).
        what: &'static str,
    },
    /// `invalid UTF-8` (range error).
    InvalidUtf8,

    // Schedules.
    /// `unknown IANA time zone {name}` (range error; the name quoted).
    UnknownZone {
        /// The name given.
        name: String,
    },
    /// `duplicate schedule for agent {user_id}` (range error; the id quoted).
    DuplicateSchedule {
        /// The agent.
        user_id: String,
    },
    /// `expected exactly one of rules or segments, got both` or `…, got neither` (type error).
    RulesOrSegments {
        /// Whether both were given (else neither).
        both: bool,
    },
    /// `end ({end}) must be after start ({start})` (range error).
    EndNotAfterStart {
        /// The segment's start.
        start: u64,
        /// The segment's end.
        end: u64,
    },
    /// `overlaps {other}` (range error).
    Overlaps {
        /// The path of the segment it overlaps, e.g. `schedules[0].segments[1]`.
        other: String,
    },
    /// `expected a time "HH:MM", got missing` (type error).
    MissingTime,
    /// `expected a time "HH:MM" (00:00 to 23:59), got {text}` (range error; `24:00` when `end`;
    /// the text quoted).
    BadTime {
        /// The text given.
        text: String,
        /// Whether this is an end time (which may be `24:00`).
        end: bool,
    },
    /// `expected a date "YYYY-MM-DD", got missing` (type error).
    MissingDate,
    /// `expected a date "YYYY-MM-DD", got {text}` (range error; the text quoted).
    BadDate {
        /// The text given.
        text: String,
    },
    /// `must not be before start_date ({start}), got {end}` (range error).
    EndDateBeforeStart {
        /// The range's first date.
        start: jiff::civil::Date,
        /// The range's last date.
        end: jiff::civil::Date,
    },
    /// `expected an integer 0 (Sunday) to 6 (Saturday), got {got}` (type error).
    NotDow {
        /// The value given.
        got: String,
    },
    /// `expected an integer 0 (Sunday) to 6 (Saturday), got {got}` (range error).
    DowOutOfRange {
        /// The value given.
        got: String,
    },
    /// `expected "weekly", "date" or "date_range", got {got}` (type error).
    NotRuleKind {
        /// The value given.
        got: String,
    },
    /// `expected "weekly", "date" or "date_range", got {got}` (range error).
    UnknownRuleKind {
        /// The value given.
        got: String,
    },
    /// `{message}` (type error): a schedules file that does not deserialize, with serde's message
    /// and position, e.g. ``missing field `user_id` at line 1 column 14``.
    SchedulesJson {
        /// serde_json's message.
        message: String,
    },

    // Text logs.
    /// `invalid JSON at line {line}, byte {byte}: {what}`, or `invalid JSON at byte {byte}: {what}`
    /// without a line (range error).
    InvalidJson {
        /// The line (in a JSON array; NDJSON errors name the line in their path).
        line: Option<usize>,
        /// The byte offset (in the input, or in the line without `line`).
        byte: usize,
        /// What the parser found wrong, e.g. `expected ',' or ']'`.
        what: &'static str,
    },
    /// `invalid CSV: {what}` (range error).
    InvalidCsv {
        /// What the parser found wrong, e.g. `unterminated quoted field`.
        what: &'static str,
    },
    /// `the CSV header must name the columns user_id, ts and status (and optionally reason); {name}
    /// is missing` (range error).
    MissingCsvColumn {
        /// The column missing.
        name: &'static str,
    },
    /// `expected {expected} fields (as in the header), got {got}` (range error).
    FieldCount {
        /// The header's field count.
        expected: usize,
        /// The row's field count.
        got: usize,
    },
    /// `expected a JSON array or NDJSON (starting with '[' or '{'); for CSV use the Csv variant`
    /// (range error).
    CsvNotAccepted,
    /// `expected CSV, got what looks like NDJSON`, or `… like a JSON array` (range error).
    JsonNotAccepted {
        /// Whether the input looks like NDJSON (else a JSON array).
        ndjson: bool,
    },
    /// `expected a string or a Uint8Array, got {got}` (type error).
    NotText {
        /// The value given.
        got: String,
    },

    // JS values (the binding's structural checks).
    /// `expected an object, got {got}` (type error).
    NotObject {
        /// The value given.
        got: String,
    },
    /// `expected an array of events, got {got}` (type error).
    NotEventsArray {
        /// The value given.
        got: String,
    },
    /// `expected an array of schedules, got {got}` (type error).
    NotSchedulesArray {
        /// The value given.
        got: String,
    },
    /// `expected a schedule object, got {got}` (type error).
    NotScheduleObject {
        /// The value given.
        got: String,
    },
    /// `expected an array of rules, got {got}` (type error).
    NotRulesArray {
        /// The value given.
        got: String,
    },
    /// `expected a rule object, got {got}` (type error).
    NotRuleObject {
        /// The value given.
        got: String,
    },
    /// `expected an array of {start, end} segments, got {got}` (type error).
    NotSegmentsArray {
        /// The value given.
        got: String,
    },
    /// `expected a {start, end} object, got {got}` (type error).
    NotSegmentObject {
        /// The value given.
        got: String,
    },
    /// `expected an array of statuses, got {got}` (type error).
    NotStatusesArray {
        /// The value given.
        got: String,
    },
    /// `expected an array of reasons, got {got}` (type error): `options.plannedReasons` (issue
    /// 15).
    NotReasonsArray {
        /// The value given.
        got: String,
    },
    /// `expected an array of block names, got {got}` (type error): `options.include`.
    NotBlocksArray {
        /// The value given.
        got: String,
    },
    /// `expected an object { user_id: group name }, got {got}` (type error): `options.groups`.
    NotGroupsObject {
        /// The value given.
        got: String,
    },
    /// `expected a string, got {got}` (type error).
    NotString {
        /// The value given.
        got: String,
    },
    /// `expected a boolean, got {got}` (type error).
    NotBoolean {
        /// The value given.
        got: String,
    },
    /// `expected a boolean, 0 or 1, got {got}` (type error).
    NotFlag {
        /// The value given.
        got: String,
    },
    /// `expected epoch milliseconds or an ISO-8601 date-time, got {got}` (range error): a time
    /// given as text, `got` the text quoted.
    NotTime {
        /// The text given, quoted.
        got: String,
    },
    /// `expected an ISO-8601 date-time with Z or an offset, got {got}` (range error): an event
    /// timestamp given as text that is no such date-time, or outside 1970..=`MAX_TS`.
    NotIsoTime {
        /// The text given, quoted.
        got: String,
    },
    /// `{got} has no offset and no time zone was given to read it in (set the timezone option)`
    /// (range error): a local date-time as an event timestamp without a zone.
    LocalTimeWithoutZone {
        /// The text given, quoted.
        got: String,
    },
    /// `expected an IANA time zone name, got {got}` (type error).
    NotZoneName {
        /// The value given.
        got: String,
    },
    /// `expected a positive integer (ms), got {got}` (type error).
    NotPositiveMs {
        /// The value given.
        got: String,
    },
    /// `expected a positive integer (ms), got {got}` (range error).
    PositiveMsOutOfRange {
        /// The value given.
        got: String,
    },
    /// `expected a non-negative integer (ms; 0 = exact), got {got}` (range error).
    NotSampleMs {
        /// The value given.
        got: String,
    },
    /// `expected a non-negative integer (ms; 0 = no grace), got {got}` (range error):
    /// `options.adherenceGraceMs` (issue 15).
    NotGraceMs {
        /// The value given.
        got: String,
    },
    /// `unknown option; expected one of: {known}` (range error; the names joined by `, `).
    UnknownOption {
        /// The option names accepted.
        known: &'static [&'static str],
    },
    /// `unknown block {name}; expected one of: contacts, episodes, current, team, conformance,
    /// shrinkage` (range error;
    /// the name quoted): a name in a query's `include` that is no block (issue 14).
    UnknownBlock {
        /// The name given.
        name: String,
    },
    /// `an AgentLog takes schedules from setSchedules()` (range error).
    SchedulesInQuery,
    /// `reading it threw: {message}` (type error; the message quoted): a getter or proxy trap
    /// threw.
    Threw {
        /// The exception's message.
        message: String,
    },
    /// `not a valid array length` (range error).
    BadArrayLength,
    /// `bad dictionary code` (range error).
    BadDictionaryCode,
    /// `packed columns have different lengths` (range error).
    ColumnLengths,

    // Binding read options (issue 18: `format`, `statusMap`, `tsUnit`, `columns`).
    /// `unknown format {name}; expected one of: json, ndjson, csv, asterisk-queue-log,
    /// amazon-connect, twilio-taskrouter, genesys-user-details` (range error; the name quoted).
    UnknownFormat {
        /// The name given.
        name: String,
    },
    /// `{entry} does not read "{name}"; use {instead}` (range error): a `format` the entry point
    /// cannot parse, e.g. `"csv"` given to `agentKpisFromJson`.
    FormatNotHere {
        /// The format named.
        name: &'static str,
        /// The entry point, e.g. `agentKpisFromJson`.
        entry: &'static str,
        /// The entry point that reads it, e.g. `agentKpisFromText`.
        instead: &'static str,
    },
    /// `applies to text logs (agentKpisFromText, AgentLog.appendText, toAgentEvents); events given
    /// as objects are read as they are` (range error): `format`, `tsUnit` or `columns` with events
    /// given as objects.
    TextOnlyOption,
    /// `read options belong to the append (AgentLog.append, appendJson, appendCsv, appendText),
    /// not to a query` (range error): `statusMap`, `format`, `tsUnit` or `columns` given to
    /// `AgentLog.kpis` or `intervals`.
    ReadOptionInQuery,
    /// `does not apply to "{format}" logs` (range error): `tsUnit` with a platform's format (its
    /// adapter reads its own timestamps), `columns` with any format but CSV.
    NotForFormat {
        /// The format's name.
        format: &'static str,
    },
    /// `expected an object { user_id, ts, status, reason } of column names or
    /// "user_id=NAME,…", got {got}` (type error): `options.columns`.
    NotColumnsObject {
        /// The value given.
        got: String,
    },

    // Read options: timestamps, CSV columns and the status map of the text logs (issue 18, items 3
    // and 7).
    /// `expected a non-negative integer (epoch ms) or an ISO-8601 date-time with Z or an offset,
    /// got {got}`, or with `seconds` `expected a non-negative number (epoch seconds) or an ISO-8601
    /// date-time with Z or an offset, got {got}` (type error): an event's `ts` in a text log that is
    /// neither (a CSV text, a JSON string, `true`, `null`, missing, …).
    NotTs {
        /// The value given.
        got: String,
        /// Whether numeric timestamps are read as epoch seconds (`tsUnit: "s"`).
        seconds: bool,
    },
    /// `expected a non-negative number (epoch seconds) <= 9007199254740.991, got {got}` (range
    /// error): a numeric `ts` read as seconds that is negative or, in ms, above `MAX_TS`.
    EpochSecondsOutOfRange {
        /// The value given.
        got: String,
    },
    /// `expected "ms" or "s", got {got}` (range error): a `tsUnit` name.
    UnknownTsUnit {
        /// The value given, quoted.
        got: String,
    },
    /// `the CSV header has no column {name} (the columns option's {field}); its columns are
    /// {header}` (range error; the names quoted, at most 20 of the header's listed).
    MissingNamedCsvColumn {
        /// The field the column was named for (`user_id`, `ts`, `status` or `reason`).
        field: &'static str,
        /// The column name given.
        name: String,
        /// The header's column names, trimmed.
        header: Vec<String>,
    },
    /// `expected user_id, ts, status or reason, got {got}` (range error; the name quoted): a key of
    /// the columns option that is no event field.
    UnknownColumnField {
        /// The key given.
        got: String,
    },
    /// `{field} is named twice` (range error): a field named twice in a `--columns` spec.
    DuplicateColumnField {
        /// The field.
        field: &'static str,
    },
    /// `expected FIELD=NAME pairs separated by commas (NAME in double quotes if it holds a comma or
    /// a quote), got {got}` (range error; the text quoted).
    BadColumnsSpec {
        /// The text given (the whole spec).
        got: String,
    },
    /// `expected one of the canonical statuses extcall, incall, offline, unreachable, ring, paused,
    /// wrapup, ready, idle, got {got}` (range error; the text quoted): a status map's target.
    NotCanonicalStatus {
        /// The text given.
        got: String,
    },
    /// `expected a canonical status or an object { status, reason }, got {got}` (type error): a
    /// status map's value.
    NotStatusRule {
        /// The value given.
        got: String,
    },
    /// `unknown key {name}; expected status and reason` (range error; the key quoted): a key of a
    /// status map's `{ status, reason }` value.
    UnknownStatusRuleKey {
        /// The key given.
        name: String,
    },
    /// `expected an object { rawStatus: status or { status, reason } }, got {got}` (type error).
    NotStatusMapObject {
        /// The value given.
        got: String,
    },
    /// `invalid JSON: {message}` (range error): a status map file that is not JSON, with
    /// serde_json's message and position.
    StatusMapJson {
        /// serde_json's message.
        message: String,
    },

    // Adapters: JSON platform logs (amazon-connect, twilio-taskrouter, genesys-user-details).
    /// `{message}` (type error): a platform record that does not deserialize (a missing or
    /// mistyped field, a syntax error), with serde_json's message, e.g. ``missing field
    /// `EventId` ``; the error's path names the record (`records[3]`, `line 4`).
    PlatformJson {
        /// serde_json's message (its position kept only where the path cannot name the place).
        message: String,
    },
    /// `expected an agent ARN ending in /agent/<id>, got {got}` (range error): Amazon Connect's
    /// `AgentARN`.
    NotAgentArn {
        /// The text given, quoted.
        got: String,
    },
    /// `expected epoch seconds (a number or a string of digits) or an ISO-8601 date-time, got
    /// {got}` (range error): Twilio TaskRouter's `Timestamp`.
    NotSecondsOrIso {
        /// The value given.
        got: String,
    },
    /// `not a {format} record: expected {expected}, got {got}` (type error): a record of another
    /// format (or none) read as a platform's, e.g. an Amazon Connect record read as
    /// `twilio-taskrouter`.
    NotPlatformRecord {
        /// The format read, e.g. `twilio-taskrouter`.
        format: &'static str,
        /// What a record of that format has.
        expected: &'static str,
        /// What the record has instead (a value quoted).
        got: String,
    },

    // Adapters: asterisk-queue-log.
    /// `expected at least 5 fields (time|callid|queuename|agent|event|data…), got {got}` (range
    /// error): a `queue_log` line with too few `|`-separated fields.
    QueueLogFieldCount {
        /// The number of fields on the line.
        got: usize,
    },
    /// `expected epoch seconds (digits, optionally with a fraction) <= 9007199254740.991, got
    /// {got}` (range error; `got` quoted): a `queue_log` line's time.
    NotEpochSeconds {
        /// The text given, quoted.
        got: String,
    },
    /// `expected the ring time in ms (a non-negative integer), got {got}` (range error; `got`
    /// quoted): a `RINGNOANSWER` line's `data1`.
    NotRingTimeMs {
        /// The text given, quoted.
        got: String,
    },
}

/// The `format` names the text entry points accept: the native ones, then every
/// [`crate::adapt::LogFormat`]'s.
pub const FORMAT_NAMES: [&str; 7] = [
    "json",
    "ndjson",
    "csv",
    "asterisk-queue-log",
    "amazon-connect",
    "twilio-taskrouter",
    "genesys-user-details",
];

// Phrases that several messages share.
const EPOCH_MS: &str = "a non-negative integer (epoch ms)";
const EPOCH_SECONDS: &str = "a non-negative number (epoch seconds)";
const USER_ID: &str = "a non-empty string or a safe integer";
const NON_EMPTY_STRING: &str = "a non-empty string";
const TIME: &str = "a time \"HH:MM\"";
const DATE: &str = "a date \"YYYY-MM-DD\"";
const DOW: &str = "an integer 0 (Sunday) to 6 (Saturday)";
const RULE_KIND: &str = "\"weekly\", \"date\" or \"date_range\"";
const POSITIVE_MS: &str = "a positive integer (ms)";
const BEFORE_HORIZON: &str = "is before the log's horizon";

impl Problem {
    /// Whether this is a type error (the value has the wrong type: a string where a number
    /// belongs, a missing field, …) or a range error (the right type, a value not allowed).
    pub fn kind(&self) -> ErrorKind {
        use Problem::*;
        match self {
            NotEpochMs { .. }
            | NotUserId { .. }
            | NotNonEmptyString { .. }
            | NotOptionalString { .. }
            | NotEventObject { .. }
            | RulesOrSegments { .. }
            | MissingTime
            | MissingDate
            | NotDow { .. }
            | NotRuleKind { .. }
            | SchedulesJson { .. }
            | NotText { .. }
            | NotObject { .. }
            | NotEventsArray { .. }
            | NotSchedulesArray { .. }
            | NotScheduleObject { .. }
            | NotRulesArray { .. }
            | NotRuleObject { .. }
            | NotSegmentsArray { .. }
            | NotSegmentObject { .. }
            | NotStatusesArray { .. }
            | NotReasonsArray { .. }
            | NotBlocksArray { .. }
            | NotGroupsObject { .. }
            | NotString { .. }
            | NotBoolean { .. }
            | NotFlag { .. }
            | NotZoneName { .. }
            | NotPositiveMs { .. }
            | NotColumnsObject { .. }
            | Threw { .. }
            | PlatformJson { .. }
            | NotPlatformRecord { .. } => ErrorKind::Type,
            EpochMsOutOfRange { .. }
            | NotTime { .. }
            | NotIsoTime { .. }
            | LocalTimeWithoutZone { .. }
            | UserIdOutOfRange { .. }
            | EmptyString
            | Empty
            | TooLong { .. }
            | NotAtMost { .. }
            | NotPositive
            | WindowBeforeHorizon { .. }
            | EventBeforeHorizon { .. }
            | TooManyIntervals { .. }
            | TooManyRows { .. }
            | LogFull
            | TooManyDistinct { .. }
            | UnknownId { .. }
            | InvalidUtf8
            | UnknownZone { .. }
            | DuplicateSchedule { .. }
            | EndNotAfterStart { .. }
            | Overlaps { .. }
            | BadTime { .. }
            | BadDate { .. }
            | EndDateBeforeStart { .. }
            | DowOutOfRange { .. }
            | UnknownRuleKind { .. }
            | InvalidJson { .. }
            | InvalidCsv { .. }
            | MissingCsvColumn { .. }
            | FieldCount { .. }
            | CsvNotAccepted
            | JsonNotAccepted { .. }
            | PositiveMsOutOfRange { .. }
            | NotSampleMs { .. }
            | NotGraceMs { .. }
            | UnknownOption { .. }
            | UnknownBlock { .. }
            | SchedulesInQuery
            | BadArrayLength
            | BadDictionaryCode
            | ColumnLengths
            | NotAgentArn { .. }
            | NotSecondsOrIso { .. }
            // Adapters: asterisk-queue-log.
            | QueueLogFieldCount { .. }
            | NotEpochSeconds { .. }
            | NotRingTimeMs { .. }
            | UnknownFormat { .. }
            | FormatNotHere { .. }
            | TextOnlyOption
            | ReadOptionInQuery
            | NotForFormat { .. } => ErrorKind::Range,
            // Read options.
            NotTs { .. } | NotStatusRule { .. } | NotStatusMapObject { .. } => ErrorKind::Type,
            EpochSecondsOutOfRange { .. }
            | UnknownTsUnit { .. }
            | MissingNamedCsvColumn { .. }
            | UnknownColumnField { .. }
            | DuplicateColumnField { .. }
            | BadColumnsSpec { .. }
            | NotCanonicalStatus { .. }
            | UnknownStatusRuleKey { .. }
            | StatusMapJson { .. } => ErrorKind::Range,
        }
    }
}

/// Writes `expected {what}, got {got}`, the shape of most messages.
fn expected(
    f: &mut fmt::Formatter<'_>,
    what: impl fmt::Display,
    got: impl fmt::Display,
) -> fmt::Result {
    write!(f, "expected {what}, got {got}")
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        match self {
            NotEpochMs { got } => expected(f, EPOCH_MS, got),
            EpochMsOutOfRange { got } => expected(f, format_args!("{EPOCH_MS} <= {MAX_TS}"), got),
            NotUserId { got } | UserIdOutOfRange { got } => expected(f, USER_ID, got),
            NotNonEmptyString { got } => expected(f, NON_EMPTY_STRING, got),
            EmptyString => expected(f, NON_EMPTY_STRING, "\"\""),
            NotOptionalString { got } => expected(f, "a string, null or undefined", got),
            Empty => f.write_str("must not be empty"),
            TooLong { bytes } => {
                write!(
                    f,
                    "must be at most {MAX_NAME_BYTES} bytes, got {bytes} bytes"
                )
            }
            NotEventObject { got } => expected(f, "an event object", got),
            NotAtMost { other, limit, got } => write!(f, "must be <= {other} ({limit}), got {got}"),
            NotPositive => f.write_str("must be > 0"),
            WindowBeforeHorizon { since, horizon } => write!(
                f,
                "{since} {BEFORE_HORIZON} {horizon}: events before it were compacted"
            ),
            EventBeforeHorizon { ts, horizon } => write!(
                f,
                "{ts} {BEFORE_HORIZON} {horizon} (events before it were compacted)"
            ),
            TooManyIntervals { from, to } => write!(
                f,
                "more than {MAX_INTERVALS} intervals from {from} to {to}; use a larger step"
            ),
            TooManyRows { agents, intervals } => write!(
                f,
                "{agents} agents × {intervals} intervals is more than {MAX_INTERVAL_ROWS} rows; \
                 use a larger step or a shorter range"
            ),
            LogFull => write!(
                f,
                "the log is full: at most {MAX_EVENTS} events (compact() or split the input)"
            ),
            TooManyDistinct { what } => write!(f, "too many distinct {what}"),
            UnknownId { what: "" } => f.write_str("unknown id"),
            UnknownId { what } => write!(f, "unknown {what} id"),
            InvalidUtf8 => f.write_str("invalid UTF-8"),
            UnknownZone { name } => write!(f, "unknown IANA time zone {}", quote_excerpt(name)),
            DuplicateSchedule { user_id } => {
                write!(f, "duplicate schedule for agent {}", quote_excerpt(user_id))
            }
            RulesOrSegments { both } => expected(
                f,
                "exactly one of rules or segments",
                if *both { "both" } else { "neither" },
            ),
            EndNotAfterStart { start, end } => {
                write!(f, "end ({end}) must be after start ({start})")
            }
            Overlaps { other } => write!(f, "overlaps {other}"),
            MissingTime => expected(f, TIME, "missing"),
            BadTime { text, end } => expected(
                f,
                format_args!("{TIME} (00:00 to {})", if *end { "24:00" } else { "23:59" }),
                quote_excerpt(text),
            ),
            MissingDate => expected(f, DATE, "missing"),
            BadDate { text } => expected(f, DATE, quote_excerpt(text)),
            EndDateBeforeStart { start, end } => {
                write!(f, "must not be before start_date ({start}), got {end}")
            }
            NotDow { got } | DowOutOfRange { got } => expected(f, DOW, got),
            NotRuleKind { got } | UnknownRuleKind { got } => expected(f, RULE_KIND, got),
            SchedulesJson { message } => f.write_str(message),
            InvalidJson {
                line: Some(line),
                byte,
                what,
            } => write!(f, "invalid JSON at line {line}, byte {byte}: {what}"),
            InvalidJson {
                line: None,
                byte,
                what,
            } => write!(f, "invalid JSON at byte {byte}: {what}"),
            InvalidCsv { what } => write!(f, "invalid CSV: {what}"),
            MissingCsvColumn { name } => write!(
                f,
                "the CSV header must name the columns user_id, ts and status (and optionally \
                 reason); {name} is missing"
            ),
            FieldCount {
                expected: want,
                got,
            } => {
                write!(f, "expected {want} fields (as in the header), got {got}")
            }
            CsvNotAccepted => f.write_str(
                "expected a JSON array or NDJSON (starting with '[' or '{'); for CSV use the Csv \
                 variant",
            ),
            JsonNotAccepted { ndjson } => expected(
                f,
                "CSV",
                format_args!(
                    "what looks like {}",
                    if *ndjson { "NDJSON" } else { "a JSON array" }
                ),
            ),
            NotText { got } => expected(f, "a string or a Uint8Array", got),
            NotObject { got } => expected(f, "an object", got),
            NotEventsArray { got } => expected(f, "an array of events", got),
            NotSchedulesArray { got } => expected(f, "an array of schedules", got),
            NotScheduleObject { got } => expected(f, "a schedule object", got),
            NotRulesArray { got } => expected(f, "an array of rules", got),
            NotRuleObject { got } => expected(f, "a rule object", got),
            NotSegmentsArray { got } => expected(f, "an array of {start, end} segments", got),
            NotSegmentObject { got } => expected(f, "a {start, end} object", got),
            NotStatusesArray { got } => expected(f, "an array of statuses", got),
            NotReasonsArray { got } => expected(f, "an array of reasons", got),
            NotBlocksArray { got } => expected(f, "an array of block names", got),
            NotGroupsObject { got } => expected(f, "an object { user_id: group name }", got),
            NotString { got } => expected(f, "a string", got),
            NotBoolean { got } => expected(f, "a boolean", got),
            NotFlag { got } => expected(f, "a boolean, 0 or 1", got),
            NotZoneName { got } => expected(f, "an IANA time zone name", got),
            NotIsoTime { got } => expected(f, "an ISO-8601 date-time with Z or an offset", got),
            LocalTimeWithoutZone { got } => write!(
                f,
                "{got} has no offset and no time zone was given to read it in (set the timezone option)"
            ),
            NotTime { got } => expected(f, "epoch milliseconds or an ISO-8601 date-time", got),
            NotPositiveMs { got } | PositiveMsOutOfRange { got } => expected(f, POSITIVE_MS, got),
            NotSampleMs { got } => expected(f, "a non-negative integer (ms; 0 = exact)", got),
            NotGraceMs { got } => expected(f, "a non-negative integer (ms; 0 = no grace)", got),
            UnknownOption { known } => {
                write!(f, "unknown option; expected one of: {}", known.join(", "))
            }
            UnknownBlock { name } => write!(
                f,
                "unknown block {}; expected one of: {}",
                quote_excerpt(name),
                BLOCK_NAMES.join(", ")
            ),
            SchedulesInQuery => f.write_str("an AgentLog takes schedules from setSchedules()"),
            Threw { message } => write!(f, "reading it threw: {}", quote_excerpt(message)),
            BadArrayLength => f.write_str("not a valid array length"),
            BadDictionaryCode => f.write_str("bad dictionary code"),
            ColumnLengths => f.write_str("packed columns have different lengths"),
            NotForFormat { format } => write!(f, "does not apply to \"{format}\" logs"),
            NotColumnsObject { got } => expected(
                f,
                "an object { user_id, ts, status, reason } of column names or \"user_id=NAME,…\"",
                got,
            ),
            UnknownFormat { name } => write!(
                f,
                "unknown format {}; expected one of: {}",
                quote_excerpt(name),
                FORMAT_NAMES.join(", ")
            ),
            FormatNotHere {
                name,
                entry,
                instead,
            } => write!(f, "{entry} does not read \"{name}\"; use {instead}"),
            TextOnlyOption => f.write_str(
                "applies to text logs (agentKpisFromText, AgentLog.appendText, toAgentEvents); \
                 events given as objects are read as they are",
            ),
            ReadOptionInQuery => f.write_str(
                "read options belong to the append (AgentLog.append, appendJson, appendCsv, \
                 appendText), not to a query",
            ),

            // Read options.
            NotTs { got, seconds } => expected(
                f,
                format_args!(
                    "{} or an ISO-8601 date-time with Z or an offset",
                    if *seconds { EPOCH_SECONDS } else { EPOCH_MS }
                ),
                got,
            ),
            EpochSecondsOutOfRange { got } => expected(
                f,
                format_args!(
                    "{EPOCH_SECONDS} <= {}.{:03}",
                    MAX_TS / 1000,
                    MAX_TS % 1000
                ),
                got,
            ),
            UnknownTsUnit { got } => expected(f, "\"ms\" or \"s\"", got),
            MissingNamedCsvColumn {
                field,
                name,
                header,
            } => {
                write!(
                    f,
                    "the CSV header has no column {} (the columns option's {field}); its columns are ",
                    quote_excerpt(name)
                )?;
                for (i, h) in header.iter().take(20).enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(&quote_excerpt(h))?;
                }
                if header.len() > 20 {
                    f.write_str(", …")?;
                }
                Ok(())
            }
            UnknownColumnField { got } => {
                expected(f, "user_id, ts, status or reason", quote_excerpt(got))
            }
            DuplicateColumnField { field } => write!(f, "{field} is named twice"),
            BadColumnsSpec { got } => expected(
                f,
                "FIELD=NAME pairs separated by commas (NAME in double quotes if it holds a comma \
                 or a quote)",
                quote_excerpt(got),
            ),
            NotCanonicalStatus { got } => expected(
                f,
                format_args!(
                    "one of the canonical statuses {}",
                    CANONICAL_STATUSES.join(", ")
                ),
                quote_excerpt(got),
            ),
            NotStatusRule { got } => {
                expected(f, "a canonical status or an object { status, reason }", got)
            }
            UnknownStatusRuleKey { name } => write!(
                f,
                "unknown key {}; expected status and reason",
                quote_excerpt(name)
            ),
            NotStatusMapObject { got } => expected(
                f,
                "an object { rawStatus: status or { status, reason } }",
                got,
            ),
            StatusMapJson { message } => write!(f, "invalid JSON: {message}"),
            PlatformJson { message } => f.write_str(message),
            NotAgentArn { got } => expected(f, "an agent ARN ending in /agent/<id>", got),
            NotSecondsOrIso { got } => expected(
                f,
                "epoch seconds (a number or a string of digits) or an ISO-8601 date-time",
                got,
            ),
            NotPlatformRecord {
                format,
                expected: what,
                got,
            } => {
                write!(f, "not a {format} record: ")?;
                expected(f, what, got)
            }
            // Adapters: asterisk-queue-log.
            QueueLogFieldCount { got } => write!(
                f,
                "expected at least 5 fields (time|callid|queuename|agent|event|data…), got {got}"
            ),
            NotEpochSeconds { got } => expected(
                f,
                "epoch seconds (digits, optionally with a fraction) <= 9007199254740.991",
                got,
            ),
            NotRingTimeMs { got } => {
                expected(f, "the ring time in ms (a non-negative integer)", got)
            }
        }
    }
}

/// One bad input value: where it is and what is wrong with it.
///
/// Displayed as `"{path}: {problem}"` (just the problem when the path is empty), for example
/// `events[17].ts: expected a non-negative integer (epoch ms), got "abc"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    path: String,
    problem: Problem,
}

impl InputError {
    /// `problem` at `path`.
    pub fn new(path: impl Into<String>, problem: Problem) -> Self {
        InputError {
            path: path.into(),
            problem,
        }
    }

    /// The same error with `prefix` put in front of its path (`"events[3]"` + `"ts"` →
    /// `"events[3].ts"`; a path starting with `[` is joined without a dot).
    pub fn within(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }

    /// The same problem at another path (a check made on a value under another name, e.g. a
    /// timestamp checked as `ts` that is the query's `since`).
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Where the bad value is, e.g. `events[17].ts`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong with it.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// Whether this is a type error or a range error.
    pub fn kind(&self) -> ErrorKind {
        self.problem.kind()
    }
}

/// Joins two path pieces: `join_path("events[3]", "ts") == "events[3].ts"`.
pub fn join_path(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (_, true) => prefix.trim_end_matches(": ").to_string(),
        _ if rest.starts_with('[') || prefix.ends_with(": ") => format!("{prefix}{rest}"),
        _ => format!("{prefix}.{rest}"),
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            self.problem.fmt(f)
        } else {
            write!(f, "{}: {}", self.path, self.problem)
        }
    }
}

impl std::error::Error for InputError {}

/// Shortens a user-supplied string for an error message (at most 40 characters, quoted).
pub fn quote_excerpt(s: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::with_capacity(MAX + 8);
    out.push('"');
    for (n, c) in s.chars().enumerate() {
        if n == MAX {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&c.escape_default().to_string()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as JS prints it, for the cases messages need (`NaN`, `Infinity`, `-1`, `1.5`, `1e+21`).
pub fn describe_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_string()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_joins_path_and_problem() {
        let got = "9007199254740992".to_string();
        let e = InputError::new("ts", Problem::EpochMsOutOfRange { got }).within("events[17]");
        assert_eq!(
            e.to_string(),
            "events[17].ts: expected a non-negative integer (epoch ms) <= 9007199254740991, \
             got 9007199254740992"
        );
        assert_eq!(e.kind(), ErrorKind::Range);
        assert_eq!(e.path(), "events[17].ts");
        let e = e.at("since");
        assert_eq!(e.path(), "since");
        assert_eq!(
            e.problem(),
            &Problem::EpochMsOutOfRange {
                got: "9007199254740992".into()
            }
        );
        assert_eq!(
            InputError::new("", Problem::InvalidUtf8).to_string(),
            "invalid UTF-8"
        );
    }

    /// Every message, written out by hand: a changed word fails here first.
    #[test]
    fn every_message() {
        use ErrorKind::{Range, Type};
        use Problem::*;
        let date = |d| jiff::civil::date(2024, 2, d);
        // One line a message, wider than rustfmt's width: a table, left as written.
        #[rustfmt::skip]
        let cases: Vec<(Problem, ErrorKind, &str)> = vec![
            (NotEpochMs { got: r#""abc""#.into() }, Type, r#"expected a non-negative integer (epoch ms), got "abc""#),
            (EpochMsOutOfRange { got: "-1".into() }, Range, "expected a non-negative integer (epoch ms) <= 9007199254740991, got -1"),
            (NotUserId { got: "null".into() }, Type, "expected a non-empty string or a safe integer, got null"),
            (UserIdOutOfRange { got: "1.5".into() }, Range, "expected a non-empty string or a safe integer, got 1.5"),
            (NotNonEmptyString { got: "5".into() }, Type, "expected a non-empty string, got 5"),
            (EmptyString, Range, r#"expected a non-empty string, got """#),
            (NotOptionalString { got: "true".into() }, Type, "expected a string, null or undefined, got true"),
            (Empty, Range, "must not be empty"),
            (TooLong { bytes: 1025 }, Range, "must be at most 1024 bytes, got 1025 bytes"),
            (NotEventObject { got: "an array".into() }, Type, "expected an event object, got an array"),
            (NotAtMost { other: "now", limit: 5, got: 10 }, Range, "must be <= now (5), got 10"),
            (NotPositive, Range, "must be > 0"),
            (WindowBeforeHorizon { since: 10, horizon: 250 }, Range, "10 is before the log's horizon 250: events before it were compacted"),
            (EventBeforeHorizon { ts: 5, horizon: 250 }, Range, "5 is before the log's horizon 250 (events before it were compacted)"),
            (TooManyIntervals { from: 0, to: 4 }, Range, "more than 100000 intervals from 0 to 4; use a larger step"),
            (TooManyRows { agents: 100, intervals: 100_000 }, Range, "100 agents × 100000 intervals is more than 2000000 rows; use a larger step or a shorter range"),
            (LogFull, Range, "the log is full: at most 50000000 events (compact() or split the input)"),
            (TooManyDistinct { what: "statuses" }, Range, "too many distinct statuses"),
            (UnknownId { what: "agent or status" }, Range, "unknown agent or status id"),
            (UnknownId { what: "" }, Range, "unknown id"),
            (InvalidUtf8, Range, "invalid UTF-8"),
            (UnknownZone { name: "Mars/\"Base".into() }, Range, r#"unknown IANA time zone "Mars/\"Base""#),
            (DuplicateSchedule { user_id: "7".into() }, Range, r#"duplicate schedule for agent "7""#),
            (RulesOrSegments { both: true }, Type, "expected exactly one of rules or segments, got both"),
            (RulesOrSegments { both: false }, Type, "expected exactly one of rules or segments, got neither"),
            (EndNotAfterStart { start: 5, end: 5 }, Range, "end (5) must be after start (5)"),
            (Overlaps { other: "schedules[0].segments[1]".into() }, Range, "overlaps schedules[0].segments[1]"),
            (MissingTime, Type, r#"expected a time "HH:MM", got missing"#),
            (BadTime { text: "25:00".into(), end: false }, Range, r#"expected a time "HH:MM" (00:00 to 23:59), got "25:00""#),
            (BadTime { text: "24:01".into(), end: true }, Range, r#"expected a time "HH:MM" (00:00 to 24:00), got "24:01""#),
            (MissingDate, Type, r#"expected a date "YYYY-MM-DD", got missing"#),
            (BadDate { text: "2024-02-30".into() }, Range, r#"expected a date "YYYY-MM-DD", got "2024-02-30""#),
            (EndDateBeforeStart { start: date(3), end: date(1) }, Range, "must not be before start_date (2024-02-03), got 2024-02-01"),
            (NotDow { got: "missing".into() }, Type, "expected an integer 0 (Sunday) to 6 (Saturday), got missing"),
            (DowOutOfRange { got: "7".into() }, Range, "expected an integer 0 (Sunday) to 6 (Saturday), got 7"),
            (NotRuleKind { got: "5".into() }, Type, r#"expected "weekly", "date" or "date_range", got 5"#),
            (UnknownRuleKind { got: r#""monthly""#.into() }, Range, r#"expected "weekly", "date" or "date_range", got "monthly""#),
            (SchedulesJson { message: "missing field `user_id` at line 1 column 14".into() }, Type, "missing field `user_id` at line 1 column 14"),
            (InvalidJson { line: Some(2), byte: 50, what: "expected a value" }, Range, "invalid JSON at line 2, byte 50: expected a value"),
            (InvalidJson { line: None, byte: 12, what: "expected ':'" }, Range, "invalid JSON at byte 12: expected ':'"),
            (InvalidCsv { what: "unterminated quoted field" }, Range, "invalid CSV: unterminated quoted field"),
            (MissingCsvColumn { name: "ts" }, Range, "the CSV header must name the columns user_id, ts and status (and optionally reason); ts is missing"),
            (FieldCount { expected: 3, got: 2 }, Range, "expected 3 fields (as in the header), got 2"),
            (CsvNotAccepted, Range, "expected a JSON array or NDJSON (starting with '[' or '{'); for CSV use the Csv variant"),
            (JsonNotAccepted { ndjson: false }, Range, "expected CSV, got what looks like a JSON array"),
            (JsonNotAccepted { ndjson: true }, Range, "expected CSV, got what looks like NDJSON"),
            (NotText { got: "5".into() }, Type, "expected a string or a Uint8Array, got 5"),
            (NotObject { got: "5".into() }, Type, "expected an object, got 5"),
            (NotEventsArray { got: "an object".into() }, Type, "expected an array of events, got an object"),
            (NotSchedulesArray { got: "5".into() }, Type, "expected an array of schedules, got 5"),
            (NotScheduleObject { got: "5".into() }, Type, "expected a schedule object, got 5"),
            (NotRulesArray { got: "5".into() }, Type, "expected an array of rules, got 5"),
            (NotRuleObject { got: "5".into() }, Type, "expected a rule object, got 5"),
            (NotSegmentsArray { got: "5".into() }, Type, "expected an array of {start, end} segments, got 5"),
            (NotSegmentObject { got: "5".into() }, Type, "expected a {start, end} object, got 5"),
            (NotStatusesArray { got: "5".into() }, Type, "expected an array of statuses, got 5"),
            (NotReasonsArray { got: "\"break\"".into() }, Type, r#"expected an array of reasons, got "break""#),
            (NotBlocksArray { got: r#""team""#.into() }, Type, r#"expected an array of block names, got "team""#),
            (NotGroupsObject { got: "an array".into() }, Type, "expected an object { user_id: group name }, got an array"),
            (NotString { got: "5".into() }, Type, "expected a string, got 5"),
            (NotBoolean { got: "5".into() }, Type, "expected a boolean, got 5"),
            (NotFlag { got: "2".into() }, Type, "expected a boolean, 0 or 1, got 2"),
            (NotZoneName { got: "5".into() }, Type, "expected an IANA time zone name, got 5"),
            (NotIsoTime { got: "\"9am\"".into() }, Range, r#"expected an ISO-8601 date-time with Z or an offset, got "9am""#),
            (LocalTimeWithoutZone { got: "\"2024-03-04T09:00\"".into() }, Range, r#""2024-03-04T09:00" has no offset and no time zone was given to read it in (set the timezone option)"#),
            (NotTime { got: "\"yesterday\"".into() }, Range, r#"expected epoch milliseconds or an ISO-8601 date-time, got "yesterday""#),
            (NotPositiveMs { got: "undefined".into() }, Type, "expected a positive integer (ms), got undefined"),
            (PositiveMsOutOfRange { got: "0".into() }, Range, "expected a positive integer (ms), got 0"),
            (NotSampleMs { got: "-1".into() }, Range, "expected a non-negative integer (ms; 0 = exact), got -1"),
            (NotGraceMs { got: "1.5".into() }, Range, "expected a non-negative integer (ms; 0 = no grace), got 1.5"),
            (UnknownOption { known: &["now", "timezone"] }, Range, "unknown option; expected one of: now, timezone"),
            (UnknownBlock { name: "contact".into() }, Range, r#"unknown block "contact"; expected one of: contacts, episodes, current, team, conformance, shrinkage"#),
            (SchedulesInQuery, Range, "an AgentLog takes schedules from setSchedules()"),
            (Threw { message: "trap".into() }, Type, r#"reading it threw: "trap""#),
            (BadArrayLength, Range, "not a valid array length"),
            (BadDictionaryCode, Range, "bad dictionary code"),
            (ColumnLengths, Range, "packed columns have different lengths"),
            (UnknownFormat { name: "queue_log".into() }, Range, r#"unknown format "queue_log"; expected one of: json, ndjson, csv, asterisk-queue-log, amazon-connect, twilio-taskrouter, genesys-user-details"#),
            (FormatNotHere { name: "csv", entry: "agentKpisFromJson", instead: "agentKpisFromCsv or agentKpisFromText" }, Range, r#"agentKpisFromJson does not read "csv"; use agentKpisFromCsv or agentKpisFromText"#),
            (TextOnlyOption, Range, "applies to text logs (agentKpisFromText, AgentLog.appendText, toAgentEvents); events given as objects are read as they are"),
            (ReadOptionInQuery, Range, "read options belong to the append (AgentLog.append, appendJson, appendCsv, appendText), not to a query"),

            // Read options.
            (NotTs { got: r#""x""#.into(), seconds: false }, Type, r#"expected a non-negative integer (epoch ms) or an ISO-8601 date-time with Z or an offset, got "x""#),
            (NotTs { got: "true".into(), seconds: true }, Type, "expected a non-negative number (epoch seconds) or an ISO-8601 date-time with Z or an offset, got true"),
            (EpochSecondsOutOfRange { got: "-1.5".into() }, Range, "expected a non-negative number (epoch seconds) <= 9007199254740.991, got -1.5"),
            (UnknownTsUnit { got: r#""sec""#.into() }, Range, r#"expected "ms" or "s", got "sec""#),
            (MissingNamedCsvColumn { field: "reason", name: "REASON CODE".into(), header: vec!["AGENT".into(), "TIME".into()] }, Range, r#"the CSV header has no column "REASON CODE" (the columns option's reason); its columns are "AGENT", "TIME""#),
            (MissingNamedCsvColumn { field: "ts", name: "T".into(), header: (0..21).map(|i| i.to_string()).collect() }, Range, r#"the CSV header has no column "T" (the columns option's ts); its columns are "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", …"#),
            (UnknownColumnField { got: "agent".into() }, Range, r#"expected user_id, ts, status or reason, got "agent""#),
            (DuplicateColumnField { field: "ts" }, Range, "ts is named twice"),
            (BadColumnsSpec { got: "user_id".into() }, Range, r#"expected FIELD=NAME pairs separated by commas (NAME in double quotes if it holds a comma or a quote), got "user_id""#),
            (NotCanonicalStatus { got: "redy".into() }, Range, r#"expected one of the canonical statuses extcall, incall, offline, unreachable, ring, paused, wrapup, ready, idle, got "redy""#),
            (NotStatusRule { got: "5".into() }, Type, "expected a canonical status or an object { status, reason }, got 5"),
            (UnknownStatusRuleKey { name: "statu".into() }, Range, r#"unknown key "statu"; expected status and reason"#),
            (NotStatusMapObject { got: "an array".into() }, Type, "expected an object { rawStatus: status or { status, reason } }, got an array"),
            (StatusMapJson { message: "EOF while parsing an object at line 1 column 1".into() }, Range, "invalid JSON: EOF while parsing an object at line 1 column 1"),
            (NotForFormat { format: "amazon-connect" }, Range, r#"does not apply to "amazon-connect" logs"#),
            (NotColumnsObject { got: "5".into() }, Type, r#"expected an object { user_id, ts, status, reason } of column names or "user_id=NAME,…", got 5"#),
            (PlatformJson { message: "missing field `EventId`".into() }, Type, "missing field `EventId`"),
            (NotAgentArn { got: r#""agent-7""#.into() }, Range, r#"expected an agent ARN ending in /agent/<id>, got "agent-7""#),
            (NotSecondsOrIso { got: r#""noon""#.into() }, Range, r#"expected epoch seconds (a number or a string of digits) or an ISO-8601 date-time, got "noon""#),
            (NotPlatformRecord { format: "genesys-user-details", expected: "`userDetails` or `totalHits`", got: "neither".into() }, Type, "not a genesys-user-details record: expected `userDetails` or `totalHits`, got neither"),
            // Adapters: asterisk-queue-log.
            (QueueLogFieldCount { got: 3 }, Range, "expected at least 5 fields (time|callid|queuename|agent|event|data…), got 3"),
            (NotEpochSeconds { got: r#""17e9""#.into() }, Range, r#"expected epoch seconds (digits, optionally with a fraction) <= 9007199254740.991, got "17e9""#),
            (NotRingTimeMs { got: r#""-5""#.into() }, Range, r#"expected the ring time in ms (a non-negative integer), got "-5""#),
        ];
        for (problem, kind, message) in cases {
            assert_eq!(problem.to_string(), message, "{problem:?}");
            assert_eq!(problem.kind(), kind, "{problem:?}");
        }
    }

    /// The adapter names of [`FORMAT_NAMES`] are [`crate::adapt::LogFormat`]'s, in its order.
    #[test]
    fn format_names_list_every_adapter() {
        let adapters: Vec<&str> = crate::adapt::LogFormat::ALL
            .iter()
            .map(|f| f.name())
            .collect();
        assert_eq!(FORMAT_NAMES[3..], adapters[..]);
    }

    #[test]
    fn index_paths_join_without_dot() {
        assert_eq!(join_path("schedules", "[2].rules"), "schedules[2].rules");
        assert_eq!(join_path("", "since"), "since");
        assert_eq!(join_path("line 3: ", "ts"), "line 3: ts");
    }

    #[test]
    fn excerpts_are_bounded_and_escaped() {
        assert_eq!(quote_excerpt("a\"b"), "\"a\\\"b\"");
        let long = "x".repeat(100);
        assert_eq!(quote_excerpt(&long).chars().count(), 40 + 3);
    }
}
