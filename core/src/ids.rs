//! Ids and limits shared by every room: the canonical status ids, the reason id of "no reason",
//! and the bounds on timestamps, names, log size and interval queries. A leaf: it depends on
//! nothing in the crate.

/// The largest accepted timestamp: `Number.MAX_SAFE_INTEGER`, 2^53 − 1 epoch milliseconds.
pub const MAX_TS: u64 = 9_007_199_254_740_991;

/// The platform's nine canonical statuses, in its priority order. They are interned first, so their
/// ids are their positions here, and outputs list statuses in this order, then any other status in
/// order of first appearance.
pub const CANONICAL_STATUSES: [&str; 9] = [
    "extcall",
    "incall",
    "offline",
    "unreachable",
    "ring",
    "paused",
    "wrapup",
    "ready",
    "idle",
];

/// Interned id of `incall`.
pub const INCALL: u32 = 1;
/// Interned id of `offline`.
pub const OFFLINE: u32 = 2;
/// Interned id of `wrapup`.
pub const WRAPUP: u32 = 6;
/// Interned id of `ready`.
pub const READY: u32 = 7;

/// Longest accepted user id, status or reason, in bytes (UTF-8).
pub const MAX_NAME_BYTES: usize = 1024;

/// Most events one store holds. wasm32 has 4 GiB of memory; at 16 bytes an event plus the transient
/// copies of an input batch, 50 million events stay well inside it, and the 50,000,001st is refused
/// with a `RangeError` instead of an allocation failure (which would trap).
pub const MAX_EVENTS: usize = 50_000_000;

/// Most intervals one [`crate::AgentLog::intervals`] call may produce per agent.
pub const MAX_INTERVALS: u64 = 100_000;

/// Most rows (agents × intervals) one [`crate::AgentLog::intervals`] call may produce.
pub const MAX_INTERVAL_ROWS: u64 = 2_000_000;

/// The reason id of an event without a (non-empty) reason.
pub const NO_REASON: u32 = u32::MAX;

/// The names of the blocks a query may include beyond the base KPIs (issue 14; `conformance` and
/// `shrinkage` from issue 15), in the order error messages list them.
pub const BLOCK_NAMES: [&str; 6] = [
    "contacts",
    "episodes",
    "current",
    "team",
    "conformance",
    "shrinkage",
];
