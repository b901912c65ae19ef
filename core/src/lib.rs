//! Contact-center agent KPIs from an agent-state event log.
//!
//! Every agent state change is an event `{user_id, ts, status, reason?}`. Over a window
//! `[since, now]` the log is folded per agent into milliseconds per status (`statusMs`),
//! `loggedInMs`, `occupancyPct`, `utilizationPct` and milliseconds per reason (`reasonMs`), in the
//! shape of the platform's `GET /v1/agents` API.
//!
//! This crate is the pure Rust core of agent-kpis: the event store, windows and checkpoints, the
//! one-pass fold, the KPI math with exact integer rounding, schedules and adherence, and the text
//! readers. It has no JS types; the `agent-kpis` crate is the thin wasm-bindgen binding over it.
//! [`design`] describes the rooms, the path of an event and the invariants.
//!
//! Entry points: [`agent_kpis`] (one window over a list of events), [`AgentLog`] (the live engine:
//! append, query every second, interval reports, compaction), [`parse`] (text logs),
//! [`schedule::Schedules`] (schedules for adherence). Errors are [`InputError`]s naming the field.
//!
//! ```
//! use agent_kpis_core::{agent_kpis, EventRef};
//! let events = [EventRef::new("7", 0, "ready"), EventRef::new("7", 60_000, "incall")];
//! let res = agent_kpis(events, 0, 120_000).unwrap();
//! assert_eq!(res.agents[0].occupancy_pct, 50);
//! ```

/// The design of agent-kpis: its rooms, the path of an event, the invariants, the caches.
#[doc = include_str!("../../DESIGN.md")]
pub mod design {}

pub mod adapt;
mod adherence;
mod checkpoints;
mod engine;
mod episode;
mod error;
mod ids;
mod include;
pub mod input;
mod interner;
pub mod json;
mod kpi;
mod onepass;
pub mod parse;
mod rollup;
pub mod schedule;
mod statusmap;
mod store;
mod table;
mod timeline;
mod totals;
mod window;
pub mod zoned;

pub use adherence::{
    adherence, schedule_kpis, AdherenceOptions, DEFAULT_ADHERENT, DEFAULT_PLANNED,
    DEFAULT_SAMPLE_MS, DEFAULT_SEVERE_MS,
};
pub use engine::{AgentLog, LogStats, Query, KEPT_RESULTS};
pub use episode::{div_half_up, Blocks, ContactSums, EpisodeStats, Open};
pub use error::{describe_number, quote_excerpt, ErrorKind, InputError, Problem, FORMAT_NAMES};
pub use ids::{
    BLOCK_NAMES, CANONICAL_STATUSES, INCALL, MAX_EVENTS, MAX_INTERVALS, MAX_INTERVAL_ROWS,
    MAX_NAME_BYTES, MAX_TS, NO_REASON, OFFLINE, READY, WRAPUP,
};
pub use include::{Groups, Include};
pub use interner::Interner;
pub use kpi::{
    percent_half_up, AdherencePct, AdherenceState, AgentIntervals, AgentKpis, AgentsResponse,
    BlocksRef, Conformance, Contacts, Current, Entries, GroupTeam, IntervalRow, Rates,
    ScheduleKpis, ScheduleSums, Shrinkage, Team, Unit,
};
pub use onepass::{
    fold_batch, fold_batch_with, fold_sorted, fold_sorted_with, IdEvent, OnePass, PushRefused,
};
pub use rollup::{roll_up_rows, roll_up_table, Rollup};
pub use statusmap::StatusMap;
pub use store::{log_full, Batch, EventRef, EventStore};
pub use table::{KpiTable, RowAgent, RowBlocks, RowView, TableRow};
pub use timeline::Timeline;
pub use totals::{StatusSums, Totals};
pub use window::Window;

/// Folds `events` (any order) over `[since, now]` in one pass (see [`design`]); the same answer as an
/// [`AgentLog`] holding the same events.
///
/// Errors name the event by its position: `events[3].ts: …`.
pub fn agent_kpis<'a>(
    events: impl IntoIterator<Item = EventRef<'a>>,
    since: u64,
    now: u64,
) -> Result<AgentsResponse, InputError> {
    let window = Window::new(since, now)?;
    let (store, batch) = stage(events)?;
    onepass::fold_batch(&store, &batch, window)
}

/// [`agent_kpis`] over `query.window` with the blocks `query.include` asks for and `query.groups`
/// (issue 14); the rest of `query` (adherence settings) is unused without schedules. The same
/// answer as [`AgentLog::query`] on a log holding the same events.
pub fn agent_kpis_query<'a>(
    events: impl IntoIterator<Item = EventRef<'a>>,
    query: &Query,
) -> Result<AgentsResponse, InputError> {
    let (store, batch) = stage(events)?;
    let groups = query.groups.as_ref();
    onepass::fold_batch_with(&store, &batch, query.window, query.include, groups)
}

/// Validates and interns `events` into a fresh store and a batch; errors name the event by its
/// position.
fn stage<'a>(
    events: impl IntoIterator<Item = EventRef<'a>>,
) -> Result<(EventStore, Batch), InputError> {
    let mut store = store::EventStore::new();
    let mut batch = store::Batch::default();
    for (i, event) in events.into_iter().enumerate() {
        let at = || format!("events[{i}]");
        if i >= MAX_EVENTS {
            return Err(store::log_full("").within(&at()));
        }
        batch.push(&mut store, event).map_err(|e| e.within(&at()))?;
    }
    Ok((store, batch))
}
