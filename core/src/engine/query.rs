//! The query every second: [`AgentLog::query_table`], and the results it keeps so that an agent
//! with nothing new since the previous query of the same window costs one addition.

use super::{absent_scheduled, reported, AgentLog, Query};
use crate::adherence::{schedule_kpis, AdherenceOptions};
use crate::episode::index::Scratch;
use crate::episode::Blocks;
use crate::error::InputError;
use crate::schedule::Schedules;
use crate::store::EventStore;
use crate::table::KpiTable;
use crate::totals::StatusSums;
use crate::window::Window;

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
pub(super) struct Snapshot {
    pub(super) window: Option<Window>,
    /// Whether the rows carry blocks (issue 14): only such a result extends a query that asks
    /// for them, and only a result without them one that does not.
    pub(super) blocks: bool,
    pub(super) table: KpiTable,
    /// Per row of `table`: the agent's timeline version then (0 for agents without events).
    pub(super) versions: Vec<u64>,
    /// The query count when made.
    pub(super) made: u64,
}

impl Snapshot {
    /// Approximate heap bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        self.table.heap_bytes() + self.versions.capacity() * 8
    }
}

impl AgentLog {
    /// [`AgentLog::query`] into [`AgentLog::last_table`], names left as the store's ids: what a
    /// dashboard's query every second costs, without allocating per agent.
    pub fn query_table(&mut self, query: &Query) -> Result<(), InputError> {
        let window = query.window;
        self.check_window(window, "since")?;
        self.store.prepare();
        let opts = self.adherence_options(query)?;
        let blocks = query.include.rows();
        let (base, target) = self.result_slots(window, blocks);
        let mut current = self
            .results
            .get_mut(target)
            .map(std::mem::take)
            .unwrap_or_default();
        self.clock += 1;
        current.made = self.clock;
        current.window = Some(window);
        current.blocks = blocks;
        current.table.clear();
        current.versions.clear();
        // The result extended, and the `now` it ended at.
        let previous = base
            .and_then(|i| self.results.get(i))
            .and_then(|r| Some((r, r.window?.now())));
        fill(
            &mut current,
            previous,
            &mut self.store,
            &self.schedules,
            window,
            &opts,
            blocks,
        );
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

    /// `(base, target)`: the kept result this window extends, if any (the same `since`, ended at
    /// or before this `now`, with blocks if and only if `blocks`: the latest such), and the slot
    /// to fill (a new one, a superseded one, or the least recently made other than `base`).
    fn result_slots(&mut self, window: Window, blocks: bool) -> (Option<usize>, usize) {
        let base = (0..self.results.len())
            .filter_map(|i| {
                let r = self.results.get(i)?;
                Some((i, r.window?)).filter(|_| r.blocks == blocks)
            })
            .filter(|(_, p)| p.since() == window.since() && p.now() <= window.now())
            .max_by_key(|(_, p)| p.now())
            .map(|(i, _)| i);
        let target = if self.results.len() < KEPT_RESULTS {
            self.results.push(Snapshot::default());
            self.results.len() - 1
        } else {
            (0..self.results.len())
                .filter(|&i| Some(i) != base)
                .min_by_key(|&i| self.results.get(i).map_or(0, |r| r.made))
                .unwrap_or(0)
        };
        (base, target)
    }
}

/// Fills `current` with one row per reported agent, then the absent scheduled agents, with
/// their blocks when `blocks`. An agent without a schedule whose row `previous` (the kept result
/// extended, and its `now`) still holds gets that row plus the time since; every other agent a
/// lookup of its timeline.
fn fill(
    current: &mut Snapshot,
    previous: Option<(&Snapshot, u64)>,
    store: &mut EventStore,
    schedules: &Schedules,
    window: Window,
    opts: &AdherenceOptions,
    blocks: bool,
) {
    let mut cursor = 0;
    let mut sums = StatusSums::default();
    let (mut scratch, mut found) = (Scratch::default(), Blocks::default());
    let (timelines, agents) = store.timelines_with_agents();
    for (timeline, agent) in timelines.iter_mut().zip(0u32..) {
        if !reported(timeline, window.now()) {
            continue;
        }
        // (No name lookup at all without schedules.)
        let schedule = if schedules.is_empty() {
            None
        } else {
            schedules.get(agents.name(agent))
        };
        let version = timeline.version();
        if let (None, Some((previous, then))) = (schedule, previous) {
            // Unchanged since `previous` and its last event at or before that query's `now`:
            // that event's status (and reason) ran on from then to `now`. With blocks, before
            // it: an event at `then` itself opened a 0 ms interval then, which starts an episode
            // only once it lasts.
            let reused = previous
                .table
                .row_of(agent, &mut cursor)
                .filter(|_| previous.versions.get(cursor) == Some(&version))
                .zip(timeline.last())
                .filter(|(_, (ts, _, _))| *ts < then || (*ts == then && !blocks))
                .is_some_and(|(row, (_, status, reason))| {
                    let (delta, id) = (window.now().saturating_sub(then), (status, reason)); // then <= now
                    let table = &mut current.table;
                    if blocks {
                        table.push_shifted_blocks(agent, row, id, delta, window.now())
                    } else {
                        table.push_shifted(agent, row, id, delta)
                    }
                });
            if reused {
                current.versions.push(version);
                continue;
            }
        }
        timeline.window_into(window.since(), window.now(), &mut sums);
        let adherence = schedule.map(|s| {
            let worked = if opts.sums {
                opts.worked_ms(sums.statuses())
            } else {
                0
            };
            schedule_kpis(s, Some(timeline), window, opts, worked)
        });
        current.table.push_sums(agent, &mut sums, adherence);
        if blocks {
            timeline.prepare_blocks();
            let (since, now) = (window.since(), window.now());
            let got = timeline.blocks_into(since, now, &mut scratch, &mut found);
            current.table.set_blocks(got.then_some(&found));
        }
        current.versions.push(version);
    }
    for (schedule, timeline) in absent_scheduled(store, schedules, window.now()) {
        // No event at ts <= now: nothing worked in the window.
        let adherence = schedule_kpis(schedule, timeline, window, opts, 0);
        current.table.push_named(&schedule.user_id, adherence);
        if blocks {
            current.table.set_blocks(None);
        }
        current.versions.push(0);
    }
}
