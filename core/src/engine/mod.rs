//! [`AgentLog`]: the event store plus the queries over it. The one-shot [`crate::agent_kpis`] is an
//! `AgentLog` used once; the live engine keeps one, appends to it and queries it every second.

use jiff::tz::TimeZone;
use serde::Serialize;

mod compact;
mod intervals;
mod query;

use query::Snapshot;
pub use query::KEPT_RESULTS;

use crate::adherence::{AdherenceOptions, DEFAULT_ADHERENT, DEFAULT_SAMPLE_MS};
use crate::adherence::{DEFAULT_PLANNED, DEFAULT_SEVERE_MS};
use crate::error::{InputError, Problem};
use crate::include::{Groups, Include};
use crate::kpi::AgentsResponse;
use crate::rollup::roll_up_table;
use crate::schedule::{Schedule, Schedules};
use crate::store::{EventRef, EventStore};
use crate::table::KpiTable;
use crate::timeline::Timeline;
use crate::window::Window;

/// An append-only agent-state log, the agents' schedules, and the KPI queries over them.
#[derive(Clone, Debug, Default)]
pub struct AgentLog {
    store: EventStore,
    schedules: Schedules,
    /// Recent query results (at most [`KEPT_RESULTS`], see [`Snapshot`]).
    results: Vec<Snapshot>,
    /// Index in `results` of the last query's.
    last: usize,
    /// Queries so far, to find the least recently used result.
    clock: u64,
}

/// A KPI query: the window, how adherence is measured, and the blocks included beyond the base
/// KPIs.
#[derive(Clone, Debug)]
pub struct Query {
    /// The window `[since, now]`.
    pub window: Window,
    /// The account's time zone, for schedule rules without their own (default UTC).
    pub zone: TimeZone,
    /// Adherence sample step in ms (default 300,000); 0 = exact mode.
    pub sample_ms: u64,
    /// Statuses that count as adherent (default ready, incall, wrapup, ring, extcall).
    pub adherent_statuses: Vec<String>,
    /// The blocks included beyond the base KPIs (issue 14's `options.include`; default none:
    /// the result is exactly the base one).
    pub include: Include,
    /// The agents' groups for `groups` next to `team` (issue 14's `options.groups`; only used
    /// when `include` has `team`).
    pub groups: Option<Groups>,
    /// `adherenceGraceMs` (issue 15, rule 3; default 0): an exception (a stretch on shift and out
    /// of adherence) shorter than this in full length counts as adherent for `adherencePct`.
    pub adherence_grace_ms: u64,
    /// `adherenceSevereMs` (issue 15, rule 4; default 300,000, positive): `adherence.severe`
    /// once the agent has been out of adherence this long.
    pub adherence_severe_ms: u64,
    /// `plannedReasons` (issue 15, rule 2; default break, lunch, training, meeting; exact,
    /// case-sensitive, non-empty): the reasons whose shrinkage is planned.
    pub planned_reasons: Vec<String>,
}

impl Query {
    /// A query of `window` with the default adherence settings.
    pub fn new(window: Window) -> Self {
        Query {
            window,
            zone: TimeZone::UTC,
            sample_ms: DEFAULT_SAMPLE_MS,
            adherent_statuses: DEFAULT_ADHERENT.iter().map(|s| s.to_string()).collect(),
            include: Include::default(),
            groups: None,
            adherence_grace_ms: 0,
            adherence_severe_ms: DEFAULT_SEVERE_MS,
            planned_reasons: DEFAULT_PLANNED.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// Size of a log, as [`AgentLog::stats`] reports it; serialized with camelCase names
/// (`resultBytes`, `firstTs`, …), absent values as `None` (`null` in JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogStats {
    /// Distinct agents seen.
    pub agents: usize,
    /// Events retained.
    pub events: usize,
    /// Approximate heap bytes held: the store plus [`LogStats::result_bytes`].
    pub bytes: usize,
    /// Of `bytes`, the recent query results kept to extend later ones (per-agent state:
    /// about a hundred bytes per agent and status).
    pub result_bytes: usize,
    /// The earliest allowed `since` after compaction, if any.
    pub horizon: Option<u64>,
    /// The earliest retained event's `ts`, if any.
    pub first_ts: Option<u64>,
    /// The latest retained event's `ts`, if any.
    pub last_ts: Option<u64>,
}

impl AgentLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Validates and appends one event; on error nothing is appended. Events may come in any order,
    /// but not before the horizon of a compacted log.
    pub fn push(&mut self, event: EventRef<'_>) -> Result<(), InputError> {
        self.store.push(event)
    }

    /// The underlying store, for fast input paths that intern strings themselves.
    pub fn store_mut(&mut self) -> &mut EventStore {
        &mut self.store
    }

    /// The underlying store.
    pub fn store(&self) -> &EventStore {
        &self.store
    }

    /// Checks that a window does not start before the horizon of a compacted log.
    pub fn check_window(&self, window: Window, path: &str) -> Result<(), InputError> {
        match self.store.horizon() {
            Some(horizon) if window.since() < horizon => Err(InputError::new(
                path,
                Problem::WindowBeforeHorizon {
                    since: window.since(),
                    horizon,
                },
            )),
            _ => Ok(()),
        }
    }

    /// Replaces the agents' schedules (used for adherence by every later query).
    pub fn set_schedules(&mut self, schedules: Schedules) {
        self.schedules = schedules;
    }

    /// The KPIs of every agent with an event at `ts <= now`, in order of first appearance, with
    /// default adherence settings.
    pub fn kpis(&mut self, window: Window) -> Result<AgentsResponse, InputError> {
        self.query(&Query::new(window))
    }

    /// The KPIs of every agent with an event at `ts <= now`, in order of first appearance; then
    /// scheduled agents without such an event, in schedule order. Scheduled agents get adherence.
    ///
    /// With `query.include`, the rows carry the blocks asked for and the response `team` (and
    /// `groups`) over the rows.
    ///
    /// Costs O(agents × (log n + K)) however many events are retained (see the cumulative checkpoints in [`design`](crate::design)),
    /// plus the schedule evaluation of scheduled agents.
    pub fn query(&mut self, query: &Query) -> Result<AgentsResponse, InputError> {
        self.query_table(query)?;
        let (table, store) = (self.last_table(), &self.store);
        let now = query.window.now();
        let mut response = table.to_response_with(store, query.include, now);
        if query.include.team {
            let schedules = !self.schedules.is_empty();
            // (`roll_up_table` takes the include: conformance and shrinkage summed when asked.)
            let groups = query.groups.as_ref();
            let (team, groups) = roll_up_table(table, store, query.include, groups, schedules);
            response.team = Some(team);
            response.groups = groups;
        }
        Ok(response)
    }

    /// The result of the last [`AgentLog::query_table`] (or [`AgentLog::query`]).
    pub fn last_table(&self) -> &KpiTable {
        static EMPTY: KpiTable = KpiTable::new();
        self.results.get(self.last).map_or(&EMPTY, |r| &r.table)
    }

    /// The adherence options of `query`, ids from the store; an error names a bad
    /// `adherenceSevereMs` (0) or an empty planned reason.
    fn adherence_options(&self, query: &Query) -> Result<AdherenceOptions, InputError> {
        if query.adherence_severe_ms == 0 {
            return Err(InputError::new("adherenceSevereMs", Problem::NotPositive));
        }
        let reasons = self.store.reasons();
        let mut planned = vec![false; reasons.len()];
        for (i, name) in query.planned_reasons.iter().enumerate() {
            if name.is_empty() {
                let path = format!("plannedReasons[{i}]");
                return Err(InputError::new(path, Problem::EmptyString));
            }
            if let Some(slot) = reasons
                .lookup(name)
                .and_then(|id| planned.get_mut(id as usize))
            {
                *slot = true;
            }
        }
        let statuses = self.store.statuses();
        let mut adherent = vec![false; statuses.len()];
        for name in &query.adherent_statuses {
            if let Some(slot) = statuses
                .lookup(name)
                .and_then(|id| adherent.get_mut(id as usize))
            {
                *slot = true;
            }
        }
        Ok(AdherenceOptions {
            zone: query.zone.clone(),
            sample_ms: query.sample_ms,
            adherent,
            grace_ms: query.adherence_grace_ms,
            severe_ms: query.adherence_severe_ms,
            planned,
            sums: query.include.schedule(),
        })
    }

    /// Sizes: agents, retained events, approximate bytes, horizon, and the retained time range.
    pub fn stats(&self) -> LogStats {
        let timelines = self.store.timelines();
        // Timelines may hold late events not yet sorted: scan them (O(events) only then).
        let range = |t: &Timeline| -> Option<(u64, u64)> {
            if t.is_sorted() {
                Some((*t.ts().first()?, *t.ts().last()?))
            } else {
                Some((*t.ts().iter().min()?, *t.ts().iter().max()?))
            }
        };
        let ranges = timelines.iter().filter_map(range);
        let (first_ts, last_ts) = ranges.fold(
            (None, None),
            |(lo, hi): (Option<u64>, Option<u64>), (a, b)| {
                (
                    Some(lo.map_or(a, |x| x.min(a))),
                    Some(hi.map_or(b, |x| x.max(b))),
                )
            },
        );
        let result_bytes = self.results.iter().map(Snapshot::heap_bytes).sum();
        LogStats {
            first_ts,
            last_ts,
            agents: self.store.agents().len(),
            events: self.store.len(),
            bytes: self.store.heap_bytes() + result_bytes,
            result_bytes,
            horizon: self.store.horizon(),
        }
    }
}

/// Whether an agent is reported by a query ending at `now`: it has an event at `ts <= now`.
fn reported(timeline: &Timeline, now: u64) -> bool {
    timeline.first_ts().is_some_and(|first| first <= now)
}

/// Scheduled agents without an event at `ts <= now` (reported after the others, in schedule
/// order), with their timeline if they have later events.
fn absent_scheduled<'a>(
    store: &'a EventStore,
    schedules: &'a Schedules,
    now: u64,
) -> impl Iterator<Item = (&'a Schedule, Option<&'a Timeline>)> {
    schedules.iter().filter_map(move |schedule| {
        let timeline = store
            .agents()
            .lookup(&schedule.user_id)
            .and_then(|id| store.timelines().get(id as usize));
        let reported = timeline.is_some_and(|t| reported(t, now));
        (!reported).then_some((schedule, timeline))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_keeps_the_state_in_effect_and_exports_the_rest() {
        let mut log = AgentLog::new();
        for e in [
            EventRef::new("a", 0, "ready"),
            EventRef::new("a", 10, "incall"),
            EventRef::new("a", 30, "wrapup"),
            EventRef::new("b", 5, "idle"),
        ] {
            log.push(e).unwrap();
        }
        // At 20, a is incall (since 10): ready@0 is dropped; b's only event is kept.
        let out = log.compact(20).unwrap();
        assert_eq!(out, "{\"user_id\":\"a\",\"ts\":0,\"status\":\"ready\"}\n");
        assert_eq!(log.stats().events, 3);
        assert_eq!(log.stats().horizon, Some(20));
        // [20, 40]: a incall 20..30 = 10, wrapup 30..40 = 10; b idle 20.
        let r = log.kpis(Window::new(20, 40).unwrap()).unwrap();
        assert_eq!(
            r.agents[0].status_ms.0,
            [("incall".to_string(), 10), ("wrapup".to_string(), 10)]
        );
        assert_eq!(r.agents[1].status_ms.0, [("idle".to_string(), 20)]);
        let e = log.kpis(Window::new(19, 40).unwrap()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "since: 19 is before the log's horizon 20: events before it were compacted"
        );
        let e = log.push(EventRef::new("a", 19, "ready")).unwrap_err();
        assert_eq!(e.path(), "ts");
    }

    #[test]
    fn intervals_are_clipped_to_now() {
        let mut log = AgentLog::new();
        log.push(EventRef::new("a", 0, "ready")).unwrap();
        log.push(EventRef::new("a", 15, "incall")).unwrap();
        // from 0 to 100 step 10, now 25: rows [0,10) [10,20) [20,25).
        let r = log
            .intervals(0, 100, 10, &Query::new(Window::new(0, 25).unwrap()))
            .unwrap();
        let rows: Vec<(u64, u64, u64)> = r[0]
            .rows
            .iter()
            .map(|x| (x.start, x.end, x.kpis.logged_in_ms))
            .collect();
        assert_eq!(rows, [(0, 10, 10), (10, 20, 10), (20, 25, 5)]);
        // [10, 20): ready 5, incall 5 → occupancy 50.
        assert_eq!(r[0].rows[1].kpis.occupancy_pct, 50);
    }
}
