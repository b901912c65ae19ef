//! The one-pass fold of the one-shot calls: a batch of events and one window → every agent's
//! totals, without building the engine's per-agent timelines and checkpoints.
//!
//! An append-only log is almost always in time order. [`OnePass`] walks it once, keeping per agent
//! only the open interval (its current status and since when) and the window's totals so far, in
//! a dense `agents × statuses` table: a few arithmetic operations per event and no allocation. Only
//! when an agent's timestamps go backwards does [`fold_batch`] fall back to a stable sort (by
//! agent, then `ts`, ties in input order), which is the order the engine's timelines use, so the
//! answers are those of [`crate::AgentLog::kpis`] on the same events, exactly (property-tested in
//! `tests/prop_engine.rs`).
//!
//! Interning, validation, [`Totals`] and the KPI math are shared with the engine; only the walk
//! differs. Adherence needs the timelines, so queries with schedules use the engine.

use crate::episode::{step, Open as Episodes, Sums};
use crate::error::{InputError, Problem};
use crate::ids::NO_REASON;
use crate::include::{Groups, Include};
use crate::kpi::{AgentKpis, AgentsResponse, BlocksRef};
use crate::rollup::roll_up_rows;
use crate::store::{Batch, EventStore};
use crate::totals::{reason_entry, Totals};
use crate::window::Window;

/// Why an event could not be folded in the current pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushRefused {
    /// The agent's previous event has a later `ts`: the input is not in time order.
    Disorder,
    /// An agent or status id outside the table (a caller's bug, never user data).
    UnknownId,
}

/// No event yet (as an agent's open `ts`).
const NO_EVENT_YET: u64 = u64::MAX;

/// Cells before the totals in an agent's row: the open `ts`, then `status << 32 | reason`.
const OPEN_CELLS: usize = 2;

/// An agent's open interval: its latest event so far.
#[derive(Clone, Copy, Debug)]
struct Open {
    /// `ts` of the latest event, or [`NO_EVENT_YET`].
    ts: u64,
    /// Its status id.
    status: u32,
    /// Its reason id ([`NO_REASON`] for none).
    reason: u32,
}

/// The fold state of one pass over time-ordered events for one window.
///
/// Each agent has one row of `OPEN_CELLS + statuses` cells: its open interval, then its milliseconds in
/// the window per status. Keeping both in one row means an event (agents interleave, so each one
/// jumps to another row) touches one or two cache lines instead of two separate tables.
#[derive(Clone, Debug)]
pub struct OnePass {
    since: u64,
    now: u64,
    /// Statuses per row.
    stride: usize,
    /// `OPEN_CELLS + stride` cells per agent.
    rows: Vec<u64>,
    /// `ts` of each agent's first event ([`NO_EVENT_YET`] for none yet).
    first: Vec<u64>,
    /// Per agent, `(status, reason, ms)` in order of first contribution (sorted at the end); empty
    /// for most agents, so no allocation.
    reason_ms: Vec<Vec<(u32, u32, u64)>>,
    /// The blocks asked for (issue 14).
    include: Include,
    /// Per agent, the episode walk when `include` has row blocks; empty otherwise.
    walks: Vec<Walk>,
}

/// One agent's episode walk in a pass (see [`crate::episode`]): it is fed each interval once the
/// next event (or `now`) ends it, so that 0 ms intervals can be left out.
#[derive(Clone, Debug, Default)]
struct Walk {
    open: Option<Episodes>,
    sums: Sums,
    /// Whether the state at `now` has been fed (an event after `now` arrived).
    done: bool,
}

impl OnePass {
    /// An empty fold of `window` for agent ids `0..agents` and status ids `0..statuses`.
    pub fn new(window: Window, agents: usize, statuses: usize) -> Self {
        Self::with_include(window, agents, statuses, Include::default())
    }

    /// An empty fold of `window` for agent ids `0..agents` and status ids `0..statuses` whose
    /// rows carry the blocks `include` asks for (issue 14): the episodes are walked in the same
    /// pass.
    pub fn with_include(window: Window, agents: usize, statuses: usize, include: Include) -> Self {
        let width = OPEN_CELLS + statuses;
        let mut rows = vec![0; agents.saturating_mul(width)];
        for row in rows.chunks_exact_mut(width) {
            if let Some(ts) = row.first_mut() {
                *ts = NO_EVENT_YET;
            }
        }
        OnePass {
            since: window.since(),
            now: window.now(),
            stride: statuses,
            rows,
            first: vec![NO_EVENT_YET; agents],
            reason_ms: vec![Vec::new(); agents],
            include,
            walks: if include.rows() {
                vec![Walk::default(); agents]
            } else {
                Vec::new()
            },
        }
    }

    /// Folds the next event of `agent`: closes the agent's open interval at `ts` (adding its part
    /// inside the window) and opens one in `status`. Events of one agent must come in `ts` order
    /// (equal `ts` in input order); an earlier `ts` is refused with [`PushRefused::Disorder`] and changes
    /// nothing.
    #[inline(always)]
    pub fn push(
        &mut self,
        agent: u32,
        ts: u64,
        status: u32,
        reason: u32,
    ) -> Result<(), PushRefused> {
        let (since, now) = (self.since, self.now);
        let width = OPEN_CELLS + self.stride;
        if status as usize >= self.stride {
            return Err(PushRefused::UnknownId);
        }
        let start = (agent as usize).wrapping_mul(width);
        let row = self
            .rows
            .get_mut(start..start.wrapping_add(width))
            .ok_or(PushRefused::UnknownId)?;
        let [open_ts, open_ids, totals @ ..] = row else {
            return Err(PushRefused::UnknownId);
        };
        let prev = Open {
            ts: *open_ts,
            status: (*open_ids >> 32) as u32,
            reason: *open_ids as u32,
        };
        if ts < prev.ts {
            if prev.ts != NO_EVENT_YET {
                return Err(PushRefused::Disorder);
            }
            if let Some(first) = self.first.get_mut(agent as usize) {
                *first = ts;
            }
        } else {
            let ms = ts.min(now).saturating_sub(prev.ts.max(since));
            if ms > 0 {
                if let Some(total) = totals.get_mut(prev.status as usize) {
                    *total += ms;
                }
                if prev.reason != NO_REASON {
                    self.add_reason(agent, prev, ms);
                }
            }
            if !self.walks.is_empty() {
                self.walk(agent, prev, ts);
            }
        }
        let row = self.rows.get_mut(start..start.wrapping_add(OPEN_CELLS));
        if let Some([open_ts, open_ids]) = row {
            *open_ts = ts;
            *open_ids = u64::from(status) << 32 | u64::from(reason);
        }
        Ok(())
    }

    /// Feeds `agent`'s episode walk the interval of its previous event `prev`, ended by an event
    /// at `ts`: a static interval when `ts <= now` (left out when 0 ms long), the state at `now`
    /// when `ts > now` (the first event after `now`: the walk is then done).
    fn walk(&mut self, agent: u32, prev: Open, ts: u64) {
        let (since, now) = (self.since, self.now);
        let Some(w) = self.walks.get_mut(agent as usize) else {
            return;
        };
        if w.done || prev.ts > now {
            w.done = true;
            return;
        }
        if ts > now {
            w.done = true;
        } else if ts <= prev.ts {
            return;
        }
        let s = step(&mut w.open, prev.status, prev.reason, prev.ts);
        w.sums
            .record(&s, prev.ts, (prev.status, prev.reason), since, now);
    }

    /// Adds `ms` to `open`'s (status, reason) in `agent`'s totals.
    #[cold]
    fn add_reason(&mut self, agent: u32, open: Open, ms: u64) {
        let list = self.reason_ms.get_mut(agent as usize);
        if let Some(entry) = list.and_then(|l| reason_entry(l, open.status, open.reason)) {
            *entry += ms;
        }
    }

    /// Closes every open interval at `now` and returns the KPIs of every agent with an event at
    /// `ts <= now`, in agent id order (the order of first appearance), names looked up in `store`,
    /// with the row blocks asked for (see [`OnePass::with_include`]).
    pub fn finish(self, store: &EventStore) -> AgentsResponse {
        self.finish_with(store, None)
    }

    /// [`OnePass::finish`], with `team` (and `groups`, when given) when the pass's `include` has
    /// `team`.
    pub fn finish_with(mut self, store: &EventStore, groups: Option<&Groups>) -> AgentsResponse {
        let mut agents = Vec::new();
        let width = OPEN_CELLS + self.stride;
        let rows = std::mem::take(&mut self.rows);
        let firsts = std::mem::take(&mut self.first);
        for ((agent, row), first) in (0u32..).zip(rows.chunks_exact(width)).zip(firsts) {
            let Some((&[ts, ids], totals)) = row.split_first_chunk::<OPEN_CELLS>() else {
                continue;
            };
            if first == NO_EVENT_YET || first > self.now {
                continue;
            }
            // The open interval runs to `now`.
            let open = Open {
                ts,
                status: (ids >> 32) as u32,
                reason: ids as u32,
            };
            let open_ms = self.now.saturating_sub(ts.max(self.since));
            if open_ms > 0 && open.reason != NO_REASON {
                self.add_reason(agent, open, open_ms);
            }
            let reason_ms = self
                .reason_ms
                .get_mut(agent as usize)
                .map(std::mem::take)
                .unwrap_or_default();
            let row = (0u32..)
                .zip(totals)
                .map(|(s, &ms)| if s == open.status { ms + open_ms } else { ms });
            let totals = Totals::from_dense(row, reason_ms);
            let mut kpis = AgentKpis::from_totals(store, agent, &totals);
            if let Some(w) = self.walks.get_mut(agent as usize) {
                // The state at `now`, unless an event after `now` fed it.
                let mut w = std::mem::take(w);
                if !w.done {
                    let s = step(&mut w.open, open.status, open.reason, ts);
                    w.sums
                        .record(&s, ts, (open.status, open.reason), self.since, self.now);
                }
                let blocks = w.sums.finish(w.open, self.since, self.now);
                kpis.set_blocks(
                    store,
                    self.include,
                    Some(BlocksRef::from(&blocks)),
                    self.now,
                );
            }
            agents.push(kpis);
        }
        let mut response = AgentsResponse {
            agents,
            ..AgentsResponse::default()
        };
        if self.include.team {
            let (team, groups) = roll_up_rows(&response.agents, store, self.include, groups, false);
            response.team = Some(team);
            response.groups = groups;
        }
        response
    }
}

/// An interned event: agent id, `ts`, status id, reason id.
pub type IdEvent = (u32, u64, u32, u32);

/// The KPIs of a batch of events interned by `store` (whose interners give the names; its
/// timelines are not used), over `window`: one pass when every agent's events are in `ts` order,
/// else [`fold_sorted`].
pub fn fold_batch(
    store: &EventStore,
    batch: &Batch,
    window: Window,
) -> Result<AgentsResponse, InputError> {
    fold_batch_with(store, batch, window, Include::default(), None)
}

/// [`fold_batch`] with the blocks `include` asks for (issue 14), and `groups` for the team
/// roll-up.
pub fn fold_batch_with(
    store: &EventStore,
    batch: &Batch,
    window: Window,
    include: Include,
    groups: Option<&Groups>,
) -> Result<AgentsResponse, InputError> {
    let (agents, statuses) = (store.agents().len(), store.statuses().len());
    let mut pass = OnePass::with_include(window, agents, statuses, include);
    for (a, t, s, r) in batch.events() {
        match pass.push(a, t, s, r) {
            Ok(()) => {}
            Err(PushRefused::Disorder) => {
                return fold_sorted_with(store, batch.events(), window, include, groups)
            }
            Err(PushRefused::UnknownId) => return Err(unknown_id()),
        }
    }
    Ok(pass.finish_with(store, groups))
}

/// The KPIs of `events` (interned by `store`, any order) over `window`, in one pass after a stable
/// sort by agent, then `ts` (ties in input order). `events` is iterated twice: a counting sort by
/// agent, then a scatter into one array of 16 bytes an event.
pub fn fold_sorted(
    store: &EventStore,
    events: impl Iterator<Item = IdEvent> + Clone,
    window: Window,
) -> Result<AgentsResponse, InputError> {
    fold_sorted_with(store, events, window, Include::default(), None)
}

/// [`fold_sorted`] with the blocks `include` asks for (issue 14), and `groups` for the team
/// roll-up.
pub fn fold_sorted_with(
    store: &EventStore,
    events: impl Iterator<Item = IdEvent> + Clone,
    window: Window,
    include: Include,
    groups: Option<&Groups>,
) -> Result<AgentsResponse, InputError> {
    let (agents, statuses) = (store.agents().len(), store.statuses().len());
    // `start[a]..start[a + 1]` will hold agent a's events.
    let mut start = vec![0usize; agents + 1];
    for (a, ..) in events.clone() {
        let slot = start.get_mut(a as usize + 1).ok_or_else(unknown_id)?;
        *slot += 1;
    }
    let mut total = 0;
    for slot in &mut start {
        total += *slot;
        *slot = total;
    }
    let mut next = start.clone();
    let mut rows = vec![(0u64, 0u32, 0u32); total];
    for (a, t, s, r) in events {
        let at = next.get_mut(a as usize).ok_or_else(unknown_id)?;
        if let Some(row) = rows.get_mut(*at) {
            *row = (t, s, r);
        }
        *at += 1;
    }
    let mut pass = OnePass::with_include(window, agents, statuses, include);
    for (a, bounds) in (0u32..).zip(start.windows(2)) {
        let &[lo, hi] = bounds else {
            continue;
        };
        let Some(run) = rows.get_mut(lo..hi) else {
            continue;
        };
        if !run.is_sorted_by_key(|e| e.0) {
            run.sort_by_key(|e| e.0); // stable: equal `ts` keep input order
        }
        for &(t, s, r) in run.iter() {
            pass.push(a, t, s, r).map_err(|_| unknown_id())?;
        }
    }
    Ok(pass.finish_with(store, groups))
}

/// The error for an id outside the interners (a caller's bug, never user data).
fn unknown_id() -> InputError {
    let what = "agent or status";
    InputError::new("events", Problem::UnknownId { what })
}
