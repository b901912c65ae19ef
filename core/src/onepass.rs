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

use crate::episode::{Blocks, ContactSums, EpisodeStats, Open as Episode, Sums};
use crate::error::{InputError, Problem};
use crate::ids::{INCALL, NO_REASON, WRAPUP};
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
/// The open interval's `ts` among an agent's cells.
const OPEN_TS: usize = 0;
/// Its `status << 32 | reason`.
const OPEN_IDS: usize = 1;

/// Cells before the per-status blocks in an agent's row when the pass computes blocks (issue
/// 14): the open interval ([`OPEN_CELLS`]), the episode walk's state and the agent's contacts, at
/// these offsets. Then [`STAT_CELLS`] per status, so that one event touches the header and the
/// cells of at most two statuses (the interval's and the episode it ends), not four places.
const HEAD_CELLS: usize = 9;
/// The open status episode's start, or [`NO_EVENT_YET`] before the first kept interval.
const EPISODE_SINCE: usize = 2;
/// The open episodes' `status << 32 | reason`.
const EPISODE_IDS: usize = 3;
/// The open reason episode's start.
const REASON_SINCE: usize = 4;
/// The open contact's start, or [`NO_EVENT_YET`] for none.
const CONTACT_SINCE: usize = 5;
/// `handled << 32 | with_acw` of the contacts completed in the window.
const HANDLED: usize = 6;
/// Their talk ms.
const TALK_MS: usize = 7;
/// Their after-call-work ms.
const ACW_MS: usize = 8;
/// Cells per status with blocks: the window's ms in the status, `started << 32 | ended` of its
/// episodes, their ended ms, longest ms (counts fit 32 bits: there are fewer events than
/// [`crate::MAX_EVENTS`]).
const STAT_CELLS: usize = 4;
/// The window's ms in the status, among its [`STAT_CELLS`].
const STAT_MS: usize = 0;
/// `started << 32 | ended`, among its [`STAT_CELLS`].
const STAT_COUNTS: usize = 1;
/// Ended ms, among its [`STAT_CELLS`].
const STAT_ENDED_MS: usize = 2;
/// Longest ms, among its [`STAT_CELLS`].
const STAT_LONGEST: usize = 3;

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

/// A (status, reason) entry of an agent with blocks: its ms in the window and its reason
/// episodes.
type ReasonEntry = (u32, u32, u64, EpisodeStats);

/// The fold state of one pass over time-ordered events for one window.
///
/// Each agent has one row of `OPEN_CELLS + statuses` cells: its open interval, then its milliseconds in
/// the window per status. Keeping both in one row means an event (agents interleave, so each one
/// jumps to another row) touches one or two cache lines instead of two separate tables. With
/// blocks, a row is [`HEAD_CELLS`] (the open interval, the episode walk, the contacts), then
/// [`STAT_CELLS`] per status (its ms and its episodes' sums side by side).
#[derive(Clone, Debug)]
pub struct OnePass {
    since: u64,
    now: u64,
    /// Statuses per row.
    stride: usize,
    /// `width` cells per agent.
    rows: Vec<u64>,
    /// `ts` of each agent's first event ([`NO_EVENT_YET`] for none yet).
    first: Vec<u64>,
    /// Per agent, `(status, reason, ms)` in order of first contribution (sorted at the end); empty
    /// for most agents, so no allocation. Unused with blocks (see `reasons`).
    reason_ms: Vec<Vec<(u32, u32, u64)>>,
    /// Cells per agent: `OPEN_CELLS + stride`, or with blocks `HEAD_CELLS + STAT_CELLS × stride`.
    width: usize,
    /// Whether the rows carry the episode walk (some row block is included).
    blocks: bool,
    /// The blocks asked for (issue 14).
    include: Include,
    /// Per agent with blocks, its (status, reason) entries: ms and reason episodes together, so
    /// that an interval with a reason looks its entry up once (few agents have any, so no
    /// allocation for most).
    reasons: Vec<Vec<ReasonEntry>>,
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
        let width = if blocks {
            HEAD_CELLS + STAT_CELLS * statuses
        } else {
            OPEN_CELLS + statuses
        };
        let mut rows = vec![0; agents.saturating_mul(width)];
        for row in rows.chunks_exact_mut(width) {
            if let Some(ts) = row.first_mut() {
                *ts = NO_EVENT_YET;
            }
            if let Some(head) = row.first_chunk_mut::<HEAD_CELLS>().filter(|_| blocks) {
                head[EPISODE_SINCE] = NO_EVENT_YET;
                head[CONTACT_SINCE] = NO_EVENT_YET;
            }
        }
        OnePass {
            since: window.since(),
            now: window.now(),
            stride: statuses,
            rows,
            first: vec![NO_EVENT_YET; agents],
            reason_ms: if blocks {
                Vec::new()
            } else {
                vec![Vec::new(); agents]
            },
            width,
            blocks,
            include,
            reasons: if blocks {
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
        if self.blocks {
            return self.push_walked_call(agent, ts, status, reason);
        }
        self.push_totals(agent, ts, status, reason)
    }

    /// [`OnePass::push_walked`] as a call, so that a caller's loop inlines only the totals'
    /// path ([`fold_batch_with`] inlines the walk in a loop of its own).
    #[inline(never)]
    fn push_walked_call(
        &mut self,
        agent: u32,
        ts: u64,
        status: u32,
        reason: u32,
    ) -> Result<(), PushRefused> {
        self.push_walked(agent, ts, status, reason)
    }

    /// [`OnePass::push`] with blocks: the interval the event ends, its ms in the window and its
    /// step of the episode walk ([`crate::episode::step`], inlined on the row's cells), all in
    /// the agent's row. An interval is fed to the walk when it is kept: it lasted, or it is the
    /// state at `now` (its end is after `now`: the first event after `now`, or [`NO_EVENT_YET`]
    /// from [`OnePass::finish`]); intervals starting after `now` are not.
    #[inline(always)]
    fn push_walked(
        &mut self,
        agent: u32,
        ts: u64,
        status: u32,
        reason: u32,
    ) -> Result<(), PushRefused> {
        let (since, now) = (self.since, self.now);
        if status as usize >= self.stride {
            return Err(PushRefused::UnknownId);
        }
        let start = (agent as usize).wrapping_mul(self.width);
        let row = self
            .rows
            .get_mut(start..start.wrapping_add(self.width))
            .ok_or(PushRefused::UnknownId)?;
        let Some((head, stats)) = row.split_first_chunk_mut::<HEAD_CELLS>() else {
            return Err(PushRefused::UnknownId);
        };
        let (at, ids) = (head[OPEN_TS], head[OPEN_IDS]);
        let new_ids = u64::from(status) << 32 | u64::from(reason);
        if ts < at {
            if at != NO_EVENT_YET {
                return Err(PushRefused::Disorder);
            }
            if let Some(first) = self.first.get_mut(agent as usize) {
                *first = ts;
            }
            head[OPEN_TS] = ts;
            head[OPEN_IDS] = new_ids;
            return Ok(());
        }
        head[OPEN_TS] = ts;
        head[OPEN_IDS] = new_ids;
        let (s, r) = ((ids >> 32) as u32, ids as u32);
        let ms = ts.min(now).saturating_sub(at.max(since));
        // The walk's step, without branches on the statuses (they are unpredictable: agents
        // interleave): every cell is written, with 0 added or its own value kept when nothing
        // happens to it.
        let (open_since, open_ids) = (head[EPISODE_SINCE], head[EPISODE_IDS]);
        let (open_status, open_reason) = ((open_ids >> 32) as u32, open_ids as u32);
        let has_open = open_since != NO_EVENT_YET;
        // Fed to the walk: kept (it lasted, or it is the state at `now`), and not in the same
        // status and reason as the open episodes (then nothing ends or starts).
        let steps = (at <= now) & (ts > at) & ((open_ids != ids) | !has_open);
        // A status episode starts at `at` (else only the reason episode changes).
        let new_episode = steps & ((open_status != s) | !has_open);
        let starts = (since <= at) & (at < now);
        let ends = since < at;
        let ended = new_episode & has_open & ends;
        let contact_since = head[CONTACT_SINCE];
        let in_contact = new_episode & has_open & (contact_since != NO_EVENT_YET);
        // The wrapup right after the call belongs to its contact.
        let carried = in_contact & (open_status == INCALL) & (s == WRAPUP);
        let handled = in_contact & !carried & ends;
        let len = at.wrapping_sub(open_since) & mask(ended);
        if let Some(c) = stat_cells(stats, open_status) {
            c[STAT_COUNTS] += u64::from(ended);
            c[STAT_ENDED_MS] = c[STAT_ENDED_MS].saturating_add(len);
            c[STAT_LONGEST] = c[STAT_LONGEST].max(len);
        }
        if let Some(c) = stat_cells(stats, s) {
            c[STAT_MS] += ms;
            c[STAT_COUNTS] += u64::from(new_episode && starts) << 32;
        }
        // A contact ends with an `incall` episode (talk to `at`) or the `wrapup` after it (talk
        // to its start, after-call work from there).
        let wrapup = open_status == WRAPUP;
        let talk_end = if wrapup { open_since } else { at };
        let talk = talk_end.wrapping_sub(contact_since) & mask(handled);
        let acw = at.wrapping_sub(open_since) & mask(handled & wrapup);
        head[HANDLED] += (1 << 32 | u64::from(wrapup)) & mask(handled);
        head[TALK_MS] = head[TALK_MS].saturating_add(talk);
        head[ACW_MS] = head[ACW_MS].saturating_add(acw);
        let contact = if s == INCALL {
            at
        } else if carried {
            contact_since
        } else {
            NO_EVENT_YET
        };
        head[EPISODE_SINCE] = if new_episode { at } else { open_since };
        head[CONTACT_SINCE] = if new_episode { contact } else { contact_since };
        head[EPISODE_IDS] = if steps { ids } else { open_ids };
        let reason_since = head[REASON_SINCE];
        head[REASON_SINCE] = if steps { at } else { reason_since };
        let old_reason_ends = (open_reason != NO_REASON) & steps & has_open;
        if (r != NO_REASON) | old_reason_ends {
            let list = self.reasons.get_mut(agent as usize);
            let old = (open_status, open_reason, at.saturating_sub(reason_since));
            reason_step(
                list,
                (s, r, ms),
                steps && starts,
                old_reason_ends && ends,
                old,
            );
        }
        Ok(())
    }

    /// Reads the head cell and the cells of `status` in `agent`'s row (with blocks), so that they
    /// are in the cache when its event comes: see [`fold_batch_with`].
    #[inline(always)]
    fn touch(&self, agent: u32, status: u32) -> u64 {
        let start = (agent as usize).wrapping_mul(self.width);
        let at = start.wrapping_add(HEAD_CELLS + STAT_CELLS * status as usize);
        let head = self.rows.get(start).copied().unwrap_or(0);
        head ^ self.rows.get(at).copied().unwrap_or(0)
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

    /// The blocks of `agent` once its walk is done (the state at `now` fed): its state, the
    /// window's sums; and its ms per (status, reason).
    fn blocks(&mut self, agent: u32) -> (Blocks, Vec<(u32, u32, u64)>) {
        let start = (agent as usize).wrapping_mul(self.width);
        let cells = self.rows.get(start..start.wrapping_add(self.width));
        let Some((head, stats)) = cells.and_then(|c| c.split_first_chunk::<HEAD_CELLS>()) else {
            return (Blocks::default(), Vec::new());
        };
        let episodes = (0u32..)
            .zip(stats.chunks_exact(STAT_CELLS))
            .filter_map(|(s, c)| {
                let &[_, counts, ended_ms, longest_ms] = c else {
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
        let (talk_ms, acw_ms) = (head[TALK_MS], head[ACW_MS]);
        let contacts = ContactSums {
            handled: head[HANDLED] >> 32,
            handle_ms: talk_ms.saturating_add(acw_ms),
            talk_ms,
            acw_ms,
            with_acw: head[HANDLED] & u64::from(u32::MAX),
        };
        let open = episode_of(head);
        let entries = self
            .reasons
            .get_mut(agent as usize)
            .map(std::mem::take)
            .unwrap_or_default();
        let reason_ms = entries.iter().map(|&(s, r, ms, _)| (s, r, ms)).collect();
        let reasons = entries
            .into_iter()
            .filter(|e| e.3 != EpisodeStats::default())
            .map(|(s, r, _, e)| (s, r, e))
            .collect();
        let blocks =
            Sums::from_parts(episodes, reasons, contacts).finish(open, self.since, self.now);
        (blocks, reason_ms)
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
            if first == NO_EVENT_YET || first > self.now {
                continue;
            }
            let kpis = if self.blocks {
                self.finish_walked(store, agent)
            } else {
                self.finish_totals(store, agent)
            };
            agents.extend(kpis);
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

    /// The row of an agent with an event at `ts <= now`, without blocks: the open interval runs
    /// to `now`.
    fn finish_totals(&mut self, store: &EventStore, agent: u32) -> Option<AgentKpis> {
        let start = (agent as usize).wrapping_mul(self.width);
        let cells = self.rows.get(start..start.wrapping_add(OPEN_CELLS));
        let &[ts, ids] = cells.and_then(|c| c.first_chunk::<OPEN_CELLS>())?;
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
        Some(AgentKpis::from_totals(store, agent, &totals))
    }

    /// The row of an agent with an event at `ts <= now`, with blocks: an event at
    /// [`NO_EVENT_YET`] closes the open interval at `now` and feeds the state at `now` to the
    /// walk (unless an event after `now` did).
    fn finish_walked(&mut self, store: &EventStore, agent: u32) -> Option<AgentKpis> {
        let start = (agent as usize).wrapping_mul(self.width);
        let ids = *self.rows.get(start.wrapping_add(OPEN_IDS))?;
        let (status, reason) = ((ids >> 32) as u32, ids as u32);
        self.push_walked(agent, NO_EVENT_YET, status, reason).ok()?;
        let (blocks, reason_ms) = self.blocks(agent);
        let cells = self
            .rows
            .get(start.wrapping_add(HEAD_CELLS)..start.wrapping_add(self.width));
        let stats = cells.unwrap_or_default().chunks_exact(STAT_CELLS);
        let row = stats.map(|c| c.first().copied().unwrap_or(0));
        let totals = Totals::from_dense(row, reason_ms);
        let mut kpis = AgentKpis::from_totals(store, agent, &totals);
        let b = Some(BlocksRef::from(&blocks));
        kpis.set_blocks(store, self.include, b, self.now);
        Some(kpis)
    }
}

/// The reason episodes and reason ms of a walk's step (few agents have reasons): the interval's
/// `(status, reason, ms in the window)` when it has a reason, its reason episode started in the
/// window when `started`; the reason episode `(status, reason, full length)` that ended in the
/// window when `ended`.
#[cold]
#[inline(never)]
fn reason_step(
    list: Option<&mut Vec<ReasonEntry>>,
    (s, r, ms): (u32, u32, u64),
    started: bool,
    ended: bool,
    (old_s, old_r, len): (u32, u32, u64),
) {
    let Some(list) = list else {
        return;
    };
    if r != NO_REASON && (ms > 0 || started) {
        let e = reason_entry_with_stats(list, (s, r));
        e.2 += ms;
        e.3.started += u64::from(started);
    }
    if ended {
        reason_entry_with_stats(list, (old_s, old_r)).3.end(len);
    }
}

/// All ones when `b`, else 0.
#[inline(always)]
fn mask(b: bool) -> u64 {
    u64::from(b).wrapping_neg()
}

/// The entry of `key` in `list`, added (zeros) if missing.
fn reason_entry_with_stats(list: &mut Vec<ReasonEntry>, key: (u32, u32)) -> &mut ReasonEntry {
    if let Some(i) = list.iter().position(|e| (e.0, e.1) == key) {
        list.swap(0, i); // the most recent key first: intervals repeat it
    } else {
        list.insert(0, (key.0, key.1, 0, EpisodeStats::default()));
    }
    match list.first_mut() {
        Some(e) => e,
        None => unreachable!("an entry was just put first"),
    }
}

/// The cells of `status` among an agent's per-status cells (with blocks).
#[inline(always)]
fn stat_cells(stats: &mut [u64], status: u32) -> Option<&mut [u64; STAT_CELLS]> {
    let i = (status as usize).checked_mul(STAT_CELLS)?;
    stats
        .get_mut(i..i.checked_add(STAT_CELLS)?)?
        .first_chunk_mut()
}

/// The episode walk's state in an agent's head cells.
fn episode_of(head: &[u64; HEAD_CELLS]) -> Option<Episode> {
    (head[EPISODE_SINCE] != NO_EVENT_YET).then(|| Episode {
        status: (head[EPISODE_IDS] >> 32) as u32,
        since: head[EPISODE_SINCE],
        reason: head[EPISODE_IDS] as u32,
        reason_since: head[REASON_SINCE],
        contact: (head[CONTACT_SINCE] != NO_EVENT_YET).then_some(head[CONTACT_SINCE]),
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
    if pass.blocks {
        // Rows with blocks are larger than the caches hold at a few thousand agents: read the
        // cells of the event `AHEAD` places on first, so that their cache misses overlap the
        // work (and the mispredicted branches) of the events before it.
        let mut ahead = batch.events().skip(AHEAD);
        let mut sink = 0;
        for (a, t, s, r) in batch.events() {
            if let Some((a, _, s, _)) = ahead.next() {
                sink ^= pass.touch(a, s);
            }
            match pass.push_walked(a, t, s, r) {
                Ok(()) => {}
                Err(PushRefused::Disorder) => {
                    return fold_sorted_with(store, batch.events(), window, include, groups)
                }
                Err(PushRefused::UnknownId) => return Err(unknown_id()),
            }
        }
        std::hint::black_box(sink);
        return Ok(pass.finish_with(store, groups));
    }
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

/// How many events ahead [`fold_batch_with`] reads the row cells an event will use, with blocks.
const AHEAD: usize = 8;

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
