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
//! With issue 14's row blocks ([`OnePass::with_include`]), each agent's row also holds its
//! episode walk (the state of [`crate::episode::step`]) and its window sums per status, fed each
//! interval once the next event (or `now`) ends it: still one pass, no timeline.
//!
//! Interning, validation, [`Totals`] and the KPI math are shared with the engine; only the walk
//! differs. Adherence needs the timelines, so queries with schedules use the engine.

use crate::episode::{
    step, update_reason, Blocks, ContactSums, EpisodeStats, Open as Episode, Step, Sums,
};
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

/// Cells after the totals in an agent's row when the pass computes blocks (issue 14): the episode
/// walk's state and the agent's contacts, at these offsets, then [`STAT_CELLS`] per status.
const WALK_CELLS: usize = 8;
/// The open status episode's start, or [`NO_EVENT_YET`] before the first kept interval.
const EPISODE_SINCE: usize = 0;
/// The open episodes' `status << 32 | reason`.
const EPISODE_IDS: usize = 1;
/// The open reason episode's start.
const REASON_SINCE: usize = 2;
/// The open contact's start, or [`NO_EVENT_YET`] for none.
const CONTACT_SINCE: usize = 3;
/// 1 once the state at `now` was fed (an event after `now` arrived).
const DONE: usize = 4;
/// `handled << 32 | with_acw` of the contacts completed in the window.
const HANDLED: usize = 5;
/// Their talk ms.
const TALK_MS: usize = 6;
/// Their after-call-work ms.
const ACW_MS: usize = 7;
/// Cells per status after the walk cells: `started << 32 | ended`, ended ms, longest ms (counts
/// fit 32 bits: there are fewer events than [`crate::MAX_EVENTS`]).
const STAT_CELLS: usize = 3;

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
    /// Cells per agent: `OPEN_CELLS + stride`, plus the walk's cells with blocks.
    width: usize,
    /// The blocks asked for (issue 14).
    include: Include,
    /// Per agent with blocks, the reason episodes, `(status, reason, stats)` (few agents have
    /// any, so no allocation for most).
    reason_episodes: Vec<Vec<(u32, u32, EpisodeStats)>>,
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
        let blocks = include.rows();
        let extra = if blocks {
            WALK_CELLS + STAT_CELLS * statuses
        } else {
            0
        };
        let width = OPEN_CELLS + statuses + extra;
        let mut rows = vec![0; agents.saturating_mul(width)];
        for row in rows.chunks_exact_mut(width) {
            if let Some(ts) = row.first_mut() {
                *ts = NO_EVENT_YET;
            }
            if let Some(walk) = row.get_mut(OPEN_CELLS + statuses..) {
                for at in [EPISODE_SINCE, CONTACT_SINCE] {
                    if let Some(cell) = walk.get_mut(at) {
                        *cell = NO_EVENT_YET;
                    }
                }
            }
        }
        OnePass {
            since: window.since(),
            now: window.now(),
            stride: statuses,
            rows,
            first: vec![NO_EVENT_YET; agents],
            reason_ms: vec![Vec::new(); agents],
            width,
            include,
            reason_episodes: if blocks {
                vec![Vec::new(); agents]
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
        if self.width > OPEN_CELLS + self.stride {
            return self.push_walked(agent, ts, status, reason);
        }
        self.push_totals(agent, ts, status, reason)
    }

    /// [`OnePass::push`] with blocks: the totals, then the episode walk of the interval the event
    /// ends.
    #[inline(never)]
    fn push_walked(
        &mut self,
        agent: u32,
        ts: u64,
        status: u32,
        reason: u32,
    ) -> Result<(), PushRefused> {
        let start = (agent as usize).wrapping_mul(self.width);
        let cells = self.rows.get(start..start.wrapping_add(OPEN_CELLS));
        let Some(&[open_ts, open_ids]) = cells.and_then(|c| c.first_chunk::<OPEN_CELLS>()) else {
            return Err(PushRefused::UnknownId);
        };
        self.push_totals(agent, ts, status, reason)?;
        if open_ts != NO_EVENT_YET {
            let prev = Open {
                ts: open_ts,
                status: (open_ids >> 32) as u32,
                reason: open_ids as u32,
            };
            self.walk(agent, prev, ts);
        }
        Ok(())
    }

    /// [`OnePass::push`]'s totals: the previous interval's part inside the window, the new open
    /// interval.
    #[inline(always)]
    fn push_totals(
        &mut self,
        agent: u32,
        ts: u64,
        status: u32,
        reason: u32,
    ) -> Result<(), PushRefused> {
        let (since, now) = (self.since, self.now);
        let width = self.width;
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
    /// when `ts > now` (the first event after `now`, or [`NO_EVENT_YET`] at the end: the walk is
    /// then done). Its state and sums live in the agent's row, after the totals.
    fn walk(&mut self, agent: u32, prev: Open, ts: u64) {
        let (since, now) = (self.since, self.now);
        let start = (agent as usize).wrapping_mul(self.width);
        let from = start.wrapping_add(OPEN_CELLS + self.stride);
        let Some(cells) = self.rows.get_mut(from..start.wrapping_add(self.width)) else {
            return;
        };
        let Some((walk, stats)) = cells.split_first_chunk_mut::<WALK_CELLS>() else {
            return;
        };
        if walk[DONE] != 0 {
            return;
        }
        if prev.ts > now {
            walk[DONE] = 1;
            return;
        }
        if ts > now {
            walk[DONE] = 1;
        } else if ts <= prev.ts {
            return;
        }
        let ids = u64::from(prev.status) << 32 | u64::from(prev.reason);
        if walk[EPISODE_IDS] == ids && walk[EPISODE_SINCE] != NO_EVENT_YET {
            // The same status and reason as the open episodes: nothing ends or starts.
            return;
        }
        let mut open = episode_of(walk);
        let st = step(&mut open, prev.status, prev.reason, prev.ts);
        if let Some(o) = open {
            walk[EPISODE_SINCE] = o.since;
            walk[EPISODE_IDS] = u64::from(o.status) << 32 | u64::from(o.reason);
            walk[REASON_SINCE] = o.reason_since;
            walk[CONTACT_SINCE] = o.contact.unwrap_or(NO_EVENT_YET);
        }
        let at = prev.ts;
        let starts = since <= at && at < now;
        let ends = since < at;
        if st.started && starts {
            if let Some(c) = stat_cells(stats, prev.status) {
                c[0] += 1 << 32;
            }
        }
        if ends {
            if let Some((s, len)) = st.ended {
                if let Some(c) = stat_cells(stats, s) {
                    c[0] += 1;
                    c[1] = c[1].saturating_add(len);
                    c[2] = c[2].max(len);
                }
            }
            if let Some((talk, acw, with_acw)) = st.contact {
                walk[HANDLED] += 1 << 32 | u64::from(with_acw);
                walk[TALK_MS] = walk[TALK_MS].saturating_add(talk);
                walk[ACW_MS] = walk[ACW_MS].saturating_add(acw);
            }
        }
        if (st.reason_started && starts) || (st.reason_ended.is_some() && ends) {
            self.reason_step(agent, &st, (prev.status, prev.reason), starts, ends);
        }
    }

    /// Counts a step's reason episodes (few agents have reasons).
    #[cold]
    fn reason_step(&mut self, agent: u32, st: &Step, key: (u32, u32), starts: bool, ends: bool) {
        let Some(list) = self.reason_episodes.get_mut(agent as usize) else {
            return;
        };
        if st.reason_started && starts {
            update_reason(list, key, |e| e.started += 1);
        }
        if let Some((s, r, len)) = st.reason_ended.filter(|_| ends) {
            update_reason(list, (s, r), |e| e.end(len));
        }
    }

    /// The blocks of `agent` once its walk is done: its state, the window's sums.
    fn blocks(&mut self, agent: u32) -> Blocks {
        let start = (agent as usize).wrapping_mul(self.width);
        let from = start.wrapping_add(OPEN_CELLS + self.stride);
        let cells = self.rows.get(from..start.wrapping_add(self.width));
        let Some((walk, stats)) = cells.and_then(|c| c.split_first_chunk::<WALK_CELLS>()) else {
            return Blocks::default();
        };
        let episodes = (0u32..)
            .zip(stats.chunks_exact(STAT_CELLS))
            .filter_map(|(s, c)| {
                let &[counts, ended_ms, longest_ms] = c else {
                    return None;
                };
                let e = EpisodeStats {
                    started: counts >> 32,
                    ended: counts & u64::from(u32::MAX),
                    ended_ms,
                    longest_ms,
                };
                (e != EpisodeStats::default()).then_some((s, e))
            })
            .collect();
        let (talk_ms, acw_ms) = (walk[TALK_MS], walk[ACW_MS]);
        let contacts = ContactSums {
            handled: walk[HANDLED] >> 32,
            handle_ms: talk_ms.saturating_add(acw_ms),
            talk_ms,
            acw_ms,
            with_acw: walk[HANDLED] & u64::from(u32::MAX),
        };
        let open = episode_of(walk);
        let reasons = self
            .reason_episodes
            .get_mut(agent as usize)
            .map(std::mem::take)
            .unwrap_or_default();
        Sums::from_parts(episodes, reasons, contacts).finish(open, self.since, self.now)
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
        let firsts = std::mem::take(&mut self.first);
        for (agent, first) in (0u32..).zip(firsts) {
            let start = (agent as usize).wrapping_mul(self.width);
            let cells = self.rows.get(start..start.wrapping_add(OPEN_CELLS));
            let Some(&[ts, ids]) = cells.and_then(|c| c.first_chunk::<OPEN_CELLS>()) else {
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
            let from = start.wrapping_add(OPEN_CELLS);
            let totals = self.rows.get(from..from.wrapping_add(self.stride));
            let row = (0u32..).zip(totals.unwrap_or_default()).map(|(s, &ms)| {
                if s == open.status {
                    ms + open_ms
                } else {
                    ms
                }
            });
            let totals = Totals::from_dense(row, reason_ms);
            let mut kpis = AgentKpis::from_totals(store, agent, &totals);
            if self.width > OPEN_CELLS + self.stride {
                // The state at `now`, unless an event after `now` fed it.
                self.walk(agent, open, NO_EVENT_YET);
                let blocks = self.blocks(agent);
                let b = Some(BlocksRef::from(&blocks));
                kpis.set_blocks(store, self.include, b, self.now);
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

/// The cells of `status` among an agent's per-status walk cells.
fn stat_cells(stats: &mut [u64], status: u32) -> Option<&mut [u64; STAT_CELLS]> {
    let i = (status as usize).checked_mul(STAT_CELLS)?;
    stats
        .get_mut(i..i.checked_add(STAT_CELLS)?)?
        .first_chunk_mut()
}

/// The episode walk's state in an agent's walk cells.
fn episode_of(walk: &[u64; WALK_CELLS]) -> Option<Episode> {
    (walk[EPISODE_SINCE] != NO_EVENT_YET).then(|| Episode {
        status: (walk[EPISODE_IDS] >> 32) as u32,
        since: walk[EPISODE_SINCE],
        reason: walk[EPISODE_IDS] as u32,
        reason_since: walk[REASON_SINCE],
        contact: (walk[CONTACT_SINCE] != NO_EVENT_YET).then_some(walk[CONTACT_SINCE]),
    })
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
