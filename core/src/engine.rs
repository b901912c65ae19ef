//! [`AgentLog`]: the event store plus the queries over it. The one-shot [`crate::agent_kpis`] is an
//! `AgentLog` used once; the live engine keeps one, appends to it and queries it every second.

use jiff::tz::TimeZone;
use serde::Serialize;

use crate::adherence::{adherence, AdherenceOptions, DEFAULT_ADHERENT, DEFAULT_SAMPLE_MS};
use crate::error::InputError;
use crate::ids::NO_REASON;
use crate::json::Ndjson;
use crate::kpi::{AgentIntervals, AgentKpis, AgentsResponse, IntervalRow};
use crate::schedule::{Schedule, Schedules};
use crate::store::{EventRef, EventStore};
use crate::table::KpiTable;
use crate::timeline::Timeline;
use crate::totals::{StatusSums, Totals};
use crate::window::Window;

/// Most intervals one [`AgentLog::intervals`] call may produce per agent.
pub const MAX_INTERVALS: u64 = 100_000;

/// Most rows (agents × intervals) one [`AgentLog::intervals`] call may produce.
pub const MAX_INTERVAL_ROWS: u64 = 2_000_000;

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

/// Most query results an [`AgentLog`] keeps: a dashboard asks every second for a few windows, some
/// with a fixed start (since the start of the shift), whose next query extends the kept result
/// (a window whose start moves with `now`, the last hour, cannot reuse one). A result extended by a
/// newer one is dropped, so up to three windows with fixed starts, queried in turn with any number
/// of moving ones, each find theirs.
pub const KEPT_RESULTS: usize = 4;

/// A query's result, kept for later queries: an agent nothing has happened to since (no event
/// appended or compacted, no schedule) gets its row from a query with the same `since` and an
/// earlier `now` plus the time since in its current status, instead of a lookup. In one second
/// most agents have no new event.
#[derive(Clone, Debug, Default)]
struct Snapshot {
    window: Option<Window>,
    table: KpiTable,
    /// Per row of `table`: the agent's timeline version then (0 for agents without events).
    versions: Vec<u64>,
    /// The query count when made.
    made: u64,
}

/// A KPI query: the window and how adherence is measured.
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
}

impl Query {
    /// A query of `window` with the default adherence settings.
    pub fn new(window: Window) -> Self {
        Query {
            window,
            zone: TimeZone::UTC,
            sample_ms: DEFAULT_SAMPLE_MS,
            adherent_statuses: DEFAULT_ADHERENT.iter().map(|s| s.to_string()).collect(),
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
            Some(h) if window.since() < h => Err(InputError::range_error(
                path,
                format!(
                    "{} is before the log's horizon {h}: events before it were compacted",
                    window.since()
                ),
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
    /// Costs O(agents × (log n + K)) however many events are retained (see [`crate::checkpoints`]),
    /// plus the schedule evaluation of scheduled agents.
    pub fn query(&mut self, query: &Query) -> Result<AgentsResponse, InputError> {
        self.query_table(query)?;
        Ok(self.last_table().to_response(&self.store))
    }

    /// [`AgentLog::query`] into [`AgentLog::last_table`], names left as the store's ids: what a
    /// dashboard's query every second costs, without allocating per agent.
    pub fn query_table(&mut self, query: &Query) -> Result<(), InputError> {
        let window = query.window;
        self.check_window(window, "since")?;
        self.store.prepare();
        let opts = self.adherence_options(query);
        // A kept result this window extends: the same `since`, ended at or before this `now` (the
        // latest such).
        let base = (0..self.results.len())
            .filter_map(|i| Some((i, self.results.get(i)?.window?)))
            .filter(|(_, p)| p.since() == window.since() && p.now() <= window.now())
            .max_by_key(|(_, p)| p.now())
            .map(|(i, _)| i);
        // The slot to fill: a new one, or a superseded one, or the least recently made other than
        // `base`.
        let target = if self.results.len() < KEPT_RESULTS {
            self.results.push(Snapshot::default());
            self.results.len() - 1
        } else {
            (0..self.results.len())
                .filter(|&i| Some(i) != base)
                .min_by_key(|&i| self.results.get(i).map_or(0, |r| r.made))
                .unwrap_or(0)
        };
        let mut current = self
            .results
            .get_mut(target)
            .map(std::mem::take)
            .unwrap_or_default();
        self.clock += 1;
        current.made = self.clock;
        current.window = Some(window);
        current.table.clear();
        current.versions.clear();
        // The result extended, and the `now` it ended at.
        let previous = base
            .and_then(|i| self.results.get(i))
            .and_then(|r| Some((r, r.window?.now())));
        let mut cursor = 0;
        let mut sums = StatusSums::default();
        let (timelines, agents) = self.store.timelines_with_agents();
        for (timeline, agent) in timelines.iter_mut().zip(0u32..) {
            if !reported(timeline, window.now()) {
                continue;
            }
            // (No name lookup at all without schedules.)
            let schedule = if self.schedules.is_empty() {
                None
            } else {
                self.schedules.get(agents.name(agent))
            };
            let version = timeline.version();
            if let (None, Some((previous, then))) = (schedule, previous) {
                // Unchanged since `previous` and its last event at or before that query's `now`:
                // that event's status (and reason) ran on from then to `now`.
                let reused = previous
                    .table
                    .row_of(agent, &mut cursor)
                    .filter(|_| previous.versions.get(cursor) == Some(&version))
                    .zip(timeline.last())
                    .filter(|(_, (ts, _, _))| *ts <= then)
                    .is_some_and(|(row, (_, status, reason))| {
                        let delta = window.now().saturating_sub(then); // then <= now
                        current
                            .table
                            .push_shifted(agent, row, (status, reason), delta)
                    });
                if reused {
                    current.versions.push(version);
                    continue;
                }
            }
            timeline.window_into(window.since(), window.now(), &mut sums);
            let adherence = schedule.map(|s| adherence(s, Some(timeline), window, &opts));
            current.table.push_sums(agent, &mut sums, adherence);
            current.versions.push(version);
        }
        for (schedule, timeline) in absent_scheduled(&self.store, &self.schedules, window.now()) {
            let adherence = adherence(schedule, timeline, window, &opts);
            current.table.push_named(&schedule.user_id, adherence);
            current.versions.push(0);
        }
        if let Some(slot) = self.results.get_mut(target) {
            *slot = current;
        }
        // The result just extended is superseded: its slot is the next to be filled.
        if let Some(old) = base.and_then(|i| self.results.get_mut(i)) {
            old.window = None;
            old.made = 0;
        }
        self.last = target;
        Ok(())
    }

    /// The result of the last [`AgentLog::query_table`] (or [`AgentLog::query`]).
    pub fn last_table(&self) -> &KpiTable {
        static EMPTY: KpiTable = KpiTable::new();
        self.results.get(self.last).map_or(&EMPTY, |r| &r.table)
    }

    fn adherence_options(&self, query: &Query) -> AdherenceOptions {
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
        AdherenceOptions {
            zone: query.zone.clone(),
            sample_ms: query.sample_ms,
            adherent,
        }
    }

    /// Interval report: for every agent with an event at `ts <= now`, one row per interval
    /// `[from + k·step, from + (k+1)·step)` that starts before `min(to, now)`, its end clipped to
    /// `to` and `now`. Each row equals [`AgentLog::kpis`] over that interval.
    pub fn intervals(
        &mut self,
        from: u64,
        to: u64,
        step_ms: u64,
        query: &Query,
    ) -> Result<Vec<AgentIntervals>, InputError> {
        let now = query.window.now();
        if step_ms == 0 {
            return Err(InputError::range_error("stepMs", "must be > 0"));
        }
        if from > to {
            return Err(InputError::range_error(
                "from",
                format!("must be <= to ({to}), got {from}"),
            ));
        }
        let end = to.min(now);
        let mut bounds = Vec::new();
        let mut start = from;
        while start < end {
            if bounds.len() as u64 >= MAX_INTERVALS {
                return Err(InputError::range_error(
                    "stepMs",
                    format!("more than {MAX_INTERVALS} intervals from {from} to {end}; use a larger step"),
                ));
            }
            let stop = start.saturating_add(step_ms).min(end);
            bounds.push((start, stop));
            start = stop;
        }
        self.check_window(Window::new(from, now.max(from))?, "from")?;
        self.store.prepare();
        let store = &self.store;
        let opts = self.adherence_options(query);
        let rows_per_interval = store
            .timelines()
            .iter()
            .filter(|t| reported(t, now))
            .count()
            + self.schedules.iter().count();
        if (rows_per_interval as u64).saturating_mul(bounds.len() as u64) > MAX_INTERVAL_ROWS {
            return Err(InputError::range_error(
                "stepMs",
                format!(
                    "{rows_per_interval} agents × {} intervals is more than {MAX_INTERVAL_ROWS} rows; use a larger step or a shorter range",
                    bounds.len()
                ),
            ));
        }
        let mut out = Vec::new();
        for (timeline, agent) in store.timelines().iter().zip(0u32..) {
            if !reported(timeline, now) {
                continue;
            }
            let mut rows = Vec::with_capacity(bounds.len());
            let mut before = bounds
                .first()
                .map(|&(s, _)| timeline.totals_at(s))
                .unwrap_or_default();
            let schedule = self.schedules.get(store.agents().name(agent));
            for &(s, e) in &bounds {
                let after = timeline.totals_at(e);
                let totals: Totals = after.minus(&before);
                let mut kpis = AgentKpis::from_totals(store, agent, &totals);
                if let (Some(schedule), Ok(w)) = (schedule, Window::new(s, e)) {
                    kpis.set_adherence(adherence(schedule, Some(timeline), w, &opts));
                }
                rows.push(IntervalRow {
                    start: s,
                    end: e,
                    kpis,
                });
                before = after;
            }
            out.push(AgentIntervals {
                user_id: store.agents().name(agent).to_string(),
                rows,
            });
        }
        // Scheduled agents without an event at ts <= now, as in `query`: empty KPIs, adherence.
        for (schedule, timeline) in absent_scheduled(&self.store, &self.schedules, now) {
            let rows = bounds
                .iter()
                .map(|&(s, e)| {
                    let mut kpis = AgentKpis::empty(&schedule.user_id);
                    if let Ok(w) = Window::new(s, e) {
                        kpis.set_adherence(adherence(schedule, timeline, w, &opts));
                    }
                    IntervalRow {
                        start: s,
                        end: e,
                        kpis,
                    }
                })
                .collect();
            out.push(AgentIntervals {
                user_id: schedule.user_id.clone(),
                rows,
            });
        }
        Ok(out)
    }

    /// Drops the events no window starting at or after `before` needs: per agent, every event
    /// before the one in effect at `before` (which is kept). Afterwards queries with
    /// `since < before` and events with `ts < before` are refused with errors naming the horizon.
    ///
    /// What a query reports clipped to `since` needs only the kept events. What it reports
    /// unclipped may reach back before them: for that each agent keeps, per status, the end of the
    /// latest interval of positive length in that status among its dropped events (at most one
    /// entry per distinct status), from which `adherence.outSince` is found exactly for any set of
    /// adherent statuses (see [`Timeline::dropped_end`]). So every query with `since >= before`
    /// answers exactly as the one-shot call over every event appended.
    ///
    /// Returns the dropped events as NDJSON (one `{"user_id","ts","status","reason"?}` object per
    /// line, ordered by `ts`, ties by agent first appearance then arrival), for export.
    pub fn compact(&mut self, before: u64) -> Result<String, InputError> {
        crate::input::check_ts(before)
            .map_err(|e| InputError::range_error("before", e.detail()))?;
        self.store.prepare();
        let mut dropped: Vec<(u64, u32, u32, u32)> = Vec::new();
        let mut count = 0usize;
        for (agent, timeline) in (0u32..).zip(self.store.timelines_mut().iter_mut()) {
            let in_effect = timeline.ts().partition_point(|&t| t <= before);
            let n = in_effect.saturating_sub(1);
            if n == 0 {
                continue;
            }
            let cols = timeline.columns();
            for j in 0..n {
                if let (Some(&t), Some(&s), Some(&r)) =
                    (cols.ts.get(j), cols.status.get(j), cols.reason.get(j))
                {
                    dropped.push((t, agent, s, r));
                }
            }
            timeline.drop_first(n);
            timeline.shrink_to_fit();
            count += n;
        }
        self.store.compacted(count, before);
        // Stable: equal (ts, agent) keep their timeline order.
        dropped.sort_by_key(|&(t, agent, _, _)| (t, agent));
        let mut out = Ndjson::with_capacity(dropped.len());
        for (t, agent, s, r) in dropped {
            let reason = (r != NO_REASON).then(|| self.store.reasons().name(r));
            out.push(
                self.store.agents().name(agent),
                t,
                self.store.statuses().name(s),
                reason,
            );
        }
        Ok(out.finish())
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

impl Snapshot {
    /// Approximate heap bytes held.
    fn heap_bytes(&self) -> usize {
        self.table.heap_bytes() + self.versions.capacity() * 8
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
