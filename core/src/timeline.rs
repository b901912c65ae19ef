//! [`Timeline`]: one agent's events as columns (`ts`, `status`, `reason`, 16 bytes an event),
//! kept sorted by `ts` (ties in arrival order), with the checkpoints that make any window of it
//! O(log n + K).

use crate::checkpoints::{Checkpoints, Columns};
use crate::episode::index::{EpisodeIndex, Scratch};
use crate::episode::{self, Blocks, Open};
use crate::totals::{StatusSums, Totals};

/// One agent's events, as columns kept sorted by `ts` (ties in arrival order) once
/// [`Timeline::prepare`] has run, with checkpoints of cumulative totals for fast window queries.
#[derive(Clone, Debug)]
pub struct Timeline {
    ts: Vec<u64>,
    status: Vec<u32>,
    reason: Vec<u32>,
    /// Length of the leading run of events known to be sorted.
    sorted_len: usize,
    /// The smallest `ts` (`u64::MAX` when empty), kept so that a query can skip an agent without
    /// reading its columns.
    earliest: u64,
    /// Changes whenever the events change (an append, a compaction).
    version: u64,
    /// The latest event's `(ts, status, reason)` (largest `ts`, the last to arrive among equal
    /// ones: the last event once sorted), kept so that a query can read it without the columns.
    latest: Option<(u64, u32, u32)>,
    checkpoints: Checkpoints,
    /// The episode index (issue 14's blocks), made by the first query that asks for blocks
    /// (boxed: a timeline without it stays as small as before).
    episodes: Option<Box<EpisodeIndex>>,
    /// What the values reported unclipped need of the events compaction dropped.
    dropped: Dropped,
}

/// What a timeline keeps of the events [`Timeline::drop_first`] removed, for the values a query
/// reports without clipping them to `since`.
#[derive(Clone, Debug, Default)]
struct Dropped {
    /// Per status, the end of the latest interval of positive length in that status, `(status id,
    /// end)` by status id, at most one entry per distinct status (see [`Timeline::dropped_end`]).
    last_end: Vec<(u32, u64)>,
    /// The episode walk's state after the dropped events' intervals (see [`Timeline::carried`]);
    /// boxed, as it is read only by queries with blocks.
    carry: Option<Box<Open>>,
}

impl Default for Timeline {
    fn default() -> Self {
        Timeline {
            ts: Vec::new(),
            status: Vec::new(),
            reason: Vec::new(),
            sorted_len: 0,
            earliest: u64::MAX,
            version: 0,
            latest: None,
            checkpoints: Checkpoints::default(),
            episodes: None,
            dropped: Dropped::default(),
        }
    }
}

impl Timeline {
    /// Appends one event; an out-of-order event leaves the tail for [`Timeline::prepare`] to sort.
    pub(crate) fn push(&mut self, ts: u64, status: u32, reason: u32) {
        let in_order = self.ts.last().is_none_or(|&last| ts >= last);
        if in_order && self.sorted_len == self.ts.len() {
            self.sorted_len += 1;
        }
        self.ts.push(ts);
        self.status.push(status);
        self.reason.push(reason);
        self.earliest = self.earliest.min(ts);
        if self.latest.is_none_or(|(t, _, _)| ts >= t) {
            self.latest = Some((ts, status, reason));
        }
        self.version += 1;
    }

    /// Sorts what arrived late and builds missing checkpoints.
    ///
    /// Only the tail from the first position a late event moves to is re-sorted (stably, so equal
    /// timestamps keep their arrival order), and only checkpoints from there on are rebuilt.
    #[inline]
    pub fn prepare(&mut self) {
        if self.sorted_len < self.ts.len() {
            self.sort_late();
        }
        let cols = Columns {
            ts: &self.ts,
            status: &self.status,
            reason: &self.reason,
        };
        self.checkpoints.build(cols);
    }

    /// Sorts the events from the first position a late event moves to, and forgets what depended
    /// on them (checkpoints, memos, the episode index from there on).
    #[cold]
    fn sort_late(&mut self) {
        let head = self.ts.get(..self.sorted_len).unwrap_or_default();
        let tail_min = self
            .ts
            .get(self.sorted_len..)
            .and_then(|t| t.iter().min())
            .copied();
        let first_changed = tail_min.map_or(self.sorted_len, |m| head.partition_point(|&t| t <= m));
        let mut order: Vec<u32> = (first_changed as u32..self.ts.len() as u32).collect();
        order.sort_by_key(|&i| self.ts.get(i as usize).copied().unwrap_or(u64::MAX));
        permute_tail(&mut self.ts, first_changed, &order);
        permute_tail(&mut self.status, first_changed, &order);
        permute_tail(&mut self.reason, first_changed, &order);
        self.sorted_len = self.ts.len();
        self.checkpoints.truncate(first_changed);
        if let Some(index) = &mut self.episodes {
            index.truncate(first_changed);
        }
    }

    /// [`Timeline::prepare`], and builds the missing part of the episode index that
    /// [`Timeline::blocks`] reads (issue 14's blocks; built only for queries that ask for them).
    pub fn prepare_blocks(&mut self) {
        self.prepare();
        let cols = Columns {
            ts: &self.ts,
            status: &self.status,
            reason: &self.reason,
        };
        let carry = self.carried();
        self.episodes
            .get_or_insert_with(Box::default)
            .build(cols, carry);
    }

    /// The columns, borrowed (sorted once [`Timeline::prepare`] has run).
    pub fn columns(&self) -> Columns<'_> {
        Columns {
            ts: &self.ts,
            status: &self.status,
            reason: &self.reason,
        }
    }

    /// The totals of `[since, now]` into `sums` (cleared first; call [`Timeline::prepare`] first).
    pub fn window_into(&mut self, since: u64, now: u64, sums: &mut StatusSums) {
        let cols = Columns {
            ts: &self.ts,
            status: &self.status,
            reason: &self.reason,
        };
        self.checkpoints.window_into(cols, since, now, sums);
    }

    /// `F(t)`: cumulative totals from the first event up to `t` (call [`Timeline::prepare`] first).
    pub fn totals_at(&self, t: u64) -> Totals {
        self.checkpoints.at(self.columns(), t)
    }

    /// Drops the first `n` events (compaction; call [`Timeline::prepare`] first), keeping what the
    /// values reported unclipped need of them (see [`Timeline::dropped_end`]). Cumulative totals
    /// restart at the new first event.
    pub fn drop_first(&mut self, n: usize) {
        let n = n.min(self.ts.len());
        // Event j's interval ends where event j + 1 begins: the last dropped one's at the first
        // kept event (none if every event is dropped: its interval is open).
        let begins = self.ts.get(..n).unwrap_or_default();
        let ends = self.ts.get(1..).unwrap_or_default();
        for ((&begin, &end), &status) in begins.iter().zip(ends).zip(&self.status) {
            if end > begin {
                self.dropped.ended(status, end);
            }
        }
        let dropped = begins.iter().zip(&self.status).zip(&self.reason);
        let events = dropped.map(|((&t, &s), &r)| (t, s, r));
        let mut carry = self.carried();
        episode::advance(&mut carry, events, self.ts.get(n).copied());
        self.dropped.carry = carry.map(Box::new);
        self.ts.drain(..n);
        self.status.drain(..n);
        self.reason.drain(..n);
        self.sorted_len = self.sorted_len.saturating_sub(n);
        self.earliest = self.ts.iter().copied().min().unwrap_or(u64::MAX);
        if self.ts.is_empty() {
            self.latest = None;
        }
        self.version += 1;
        self.checkpoints.clear();
        if let Some(index) = &mut self.episodes {
            index.clear();
        }
    }

    /// Among the intervals of the events compaction dropped, the end of the latest one of positive
    /// length in a status `adherent` accepts; `None` if there is none (or nothing was dropped).
    ///
    /// This is where the out-of-adherence walk-back ([`crate::adherence`]) that reaches the first
    /// kept event stops: over all events it would go on over the dropped events' intervals, latest
    /// first, past the non-adherent ones and those of 0 ms, and stop at the first adherent one of
    /// positive length; the stretch starts at its end (`None`: at the first event ever, the unknown
    /// time before it counting as out). Intervals of positive length of a sorted timeline end at
    /// strictly increasing instants (one ends at or before the next begins, which ends after it
    /// begins), so that latest adherent one is the one with the largest end among the adherent
    /// statuses' latest ends: one end per status answers for any adherent set.
    ///
    /// Exact because the dropped events stay a prefix of the agent's events in the engine's order
    /// (by `ts`, ties in arrival order): later events have `ts >= horizon`, at or after every
    /// dropped one, and among equal timestamps they arrived later.
    pub fn dropped_end(&self, adherent: impl Fn(u32) -> bool) -> Option<u64> {
        self.dropped
            .last_end
            .iter()
            .filter(|&&(s, _)| adherent(s))
            .map(|&(_, end)| end)
            .max()
    }

    /// The episode walk's state after the intervals of every event compaction dropped (`None` if
    /// nothing was dropped, or no dropped interval lasted more than 0 ms): the status episode, the
    /// reason episode and the contact in progress at the first kept event, with their true starts.
    ///
    /// A walk over the kept events that starts from this state is the walk over every event from
    /// the first kept event on ([`Timeline::blocks_walk`]): the dropped events are a prefix of the
    /// agent's events in the engine's order, and their intervals (each ending where the next
    /// event begins, the last one at the first kept event) cannot change. So the episodes and
    /// contacts that began before the horizon keep their full lengths, and `current.since` reaches
    /// back past it.
    pub fn carried(&self) -> Option<Open> {
        self.dropped.carry.as_deref().copied()
    }

    /// The blocks of `[since, now]` by the reference walk over every kept event (call
    /// [`Timeline::prepare`] first); `None` when no event has `ts <= now`. O(events).
    pub fn blocks_walk(&self, since: u64, now: u64) -> Option<Blocks> {
        episode::walk(self.columns(), self.carried(), since, now)
    }

    /// The blocks of `[since, now]` from the episode index in O(log n + K) (call
    /// [`Timeline::prepare_blocks`] first; without it, the reference walk): the same as
    /// [`Timeline::blocks_walk`]. `None` when no event has `ts <= now`.
    pub fn blocks(&self, since: u64, now: u64) -> Option<Blocks> {
        let mut out = Blocks::default();
        self.blocks_into(since, now, &mut Scratch::default(), &mut out)
            .then_some(out)
    }

    /// [`Timeline::blocks`] into `out`, with reused buffers; false when no event has
    /// `ts <= now`.
    pub(crate) fn blocks_into(
        &self,
        since: u64,
        now: u64,
        scratch: &mut Scratch,
        out: &mut Blocks,
    ) -> bool {
        let cols = self.columns();
        if let Some(index) = self.episodes.as_ref().filter(|i| i.covers(cols.ts.len())) {
            return index.window_into(cols, since, now, scratch, out);
        }
        match self.blocks_walk(since, now) {
            Some(b) => {
                *out = b;
                true
            }
            None => false,
        }
    }

    /// Reserves room for `additional` more events.
    pub fn reserve(&mut self, additional: usize) {
        self.ts.reserve_exact(additional);
        self.status.reserve_exact(additional);
        self.reason.reserve_exact(additional);
    }

    /// Releases spare capacity.
    pub fn shrink_to_fit(&mut self) {
        self.ts.shrink_to_fit();
        self.status.shrink_to_fit();
        self.reason.shrink_to_fit();
    }

    /// Timestamps, sorted.
    pub fn ts(&self) -> &[u64] {
        &self.ts
    }

    /// Status ids, parallel to [`Timeline::ts`].
    pub fn status(&self) -> &[u32] {
        &self.status
    }

    /// Reason ids ([`crate::NO_REASON`] for none), parallel to [`Timeline::ts`].
    pub fn reason(&self) -> &[u32] {
        &self.reason
    }

    /// Number of events.
    pub fn len(&self) -> usize {
        self.ts.len()
    }

    /// A number that changes whenever the timeline's events change (appends, compaction): equal
    /// versions mean equal events.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The latest event's `(ts, status, reason)`: the largest `ts`, the last to arrive among
    /// equal ones (the last event once sorted), sorted or not.
    pub fn last(&self) -> Option<(u64, u32, u32)> {
        self.latest
    }

    /// The earliest event's `ts`, sorted or not (`None` when empty).
    pub fn first_ts(&self) -> Option<u64> {
        (!self.ts.is_empty()).then_some(self.earliest)
    }

    /// Whether the agent has no events.
    pub fn is_empty(&self) -> bool {
        self.ts.is_empty()
    }

    /// Whether the timeline is sorted (no late event since the last [`Timeline::prepare`]).
    pub fn is_sorted(&self) -> bool {
        self.sorted_len == self.ts.len()
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.ts.capacity() * 8
            + self.status.capacity() * 4
            + self.reason.capacity() * 4
            + self.checkpoints.heap_bytes()
            + self
                .episodes
                .as_ref()
                .map_or(0, |i| i.heap_bytes() + std::mem::size_of::<EpisodeIndex>())
            + self.dropped.heap_bytes()
            + std::mem::size_of::<Self>()
    }
}

impl Dropped {
    /// Records an interval of positive length in `status` ending at `end` (dropped in time order,
    /// so a later call for the same status has a later end; the max anyway).
    fn ended(&mut self, status: u32, end: u64) {
        match self.last_end.binary_search_by_key(&status, |&(s, _)| s) {
            Ok(i) => {
                if let Some(slot) = self.last_end.get_mut(i) {
                    slot.1 = slot.1.max(end);
                }
            }
            Err(i) => self.last_end.insert(i, (status, end)),
        }
    }

    fn heap_bytes(&self) -> usize {
        self.last_end.capacity() * std::mem::size_of::<(u32, u64)>()
            + self
                .carry
                .as_ref()
                .map_or(0, |_| std::mem::size_of::<Open>())
    }
}

/// Reorders `column[from..]` so that its k-th element is the old `column[order[k]]`.
fn permute_tail<T: Copy + Default>(column: &mut Vec<T>, from: usize, order: &[u32]) {
    let tail: Vec<T> = order
        .iter()
        .map(|&i| column.get(i as usize).copied().unwrap_or_default())
        .collect();
    column.truncate(from);
    column.extend(tail);
}
