//! The event store: interned agents, statuses and reasons, and one columnar timeline per agent.
//!
//! Events are appended in any order. Each agent's events live in their own columns (`ts`, `status`,
//! `reason`), 16 bytes an event. Appending keeps the common case (an agent's events arrive in time
//! order) at one push per column; an out-of-order event only marks the timeline unsorted, and the
//! timeline is stably re-sorted (by `ts`, ties in arrival order) the next time it is read.

use std::collections::HashMap;

use crate::cumulative::{Checkpoints, Columns, Dense, Totals};
use crate::error::InputError;

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

/// The reason id of an event without a (non-empty) reason.
pub const NO_REASON: u32 = u32::MAX;

/// Most distinct values an [`Interner`] holds (ids are `u32`, and `u32::MAX` is reserved).
const MAX_INTERNED: usize = (u32::MAX - 1) as usize;

/// A string table: each distinct string gets a dense `u32` id, in order of first appearance.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    names: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
}

impl Interner {
    /// The id of `name`, adding it if new. `None` when the table is full (over 4 billion names).
    pub fn intern(&mut self, name: &str) -> Option<u32> {
        if let Some(&id) = self.ids.get(name) {
            return Some(id);
        }
        if self.names.len() >= MAX_INTERNED {
            return None;
        }
        let id = u32::try_from(self.names.len()).ok()?;
        let boxed: Box<str> = name.into();
        self.names.push(boxed.clone());
        self.ids.insert(boxed, id);
        Some(id)
    }

    /// The id of `name` if it was interned.
    pub fn lookup(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    /// The string with id `id`.
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", |s| s)
    }

    /// How many distinct strings are interned.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether nothing is interned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.names.iter().map(|s| 2 * s.len() + 40).sum()
    }
}

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
    /// What the values reported unclipped need of the events compaction dropped.
    dropped: Dropped,
}

/// What a timeline keeps of the events [`Timeline::drop_first`] removed, for the values a query
/// reports without clipping them to `since` (see [`Timeline::dropped_end`]): per status, the end
/// of the latest interval of positive length in that status, `(status id, end)` by status id, at
/// most one entry per distinct status.
#[derive(Clone, Debug, Default)]
struct Dropped {
    last_end: Vec<(u32, u64)>,
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
            dropped: Dropped::default(),
        }
    }
}

impl Timeline {
    /// Appends one event; an out-of-order event leaves the tail for [`Timeline::prepare`] to sort.
    fn push(&mut self, ts: u64, status: u32, reason: u32) {
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
    pub fn prepare(&mut self) {
        if self.sorted_len < self.ts.len() {
            let head = self.ts.get(..self.sorted_len).unwrap_or_default();
            let tail_min = self
                .ts
                .get(self.sorted_len..)
                .and_then(|t| t.iter().min())
                .copied();
            let first_changed =
                tail_min.map_or(self.sorted_len, |m| head.partition_point(|&t| t <= m));
            let mut order: Vec<u32> = (first_changed as u32..self.ts.len() as u32).collect();
            order.sort_by_key(|&i| self.ts.get(i as usize).copied().unwrap_or(u64::MAX));
            permute_tail(&mut self.ts, first_changed, &order);
            permute_tail(&mut self.status, first_changed, &order);
            permute_tail(&mut self.reason, first_changed, &order);
            self.sorted_len = self.ts.len();
            self.checkpoints.truncate(first_changed);
        }
        let cols = Columns {
            ts: &self.ts,
            status: &self.status,
            reason: &self.reason,
        };
        self.checkpoints.build(cols);
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
    pub fn window_into(&mut self, since: u64, now: u64, sums: &mut Dense) {
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

    /// Reason ids ([`NO_REASON`] for none), parallel to [`Timeline::ts`].
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

/// One event as given by a caller, before interning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventRef<'a> {
    /// The agent's id (an integer id already in its decimal form).
    pub user_id: &'a str,
    /// Epoch milliseconds, `0..=MAX_TS`.
    pub ts: u64,
    /// The status the agent entered, case-sensitive, non-empty.
    pub status: &'a str,
    /// Why (e.g. `break` for `paused`); `None` or `""` for no reason.
    pub reason: Option<&'a str>,
}

/// Events already interned by one [`EventStore`], as flat columns in input order: the staging area of
/// a bulk append. [`EventStore::append_batch`] then gives every agent's timeline its exact capacity
/// at once instead of growing it by doubling (in wasm, many small memory growths made a first big
/// append over 10× slower than later ones).
#[derive(Clone, Debug, Default)]
pub struct Batch {
    agent: Vec<u32>,
    ts: Vec<u64>,
    status: Vec<u32>,
    reason: Vec<u32>,
}

impl Batch {
    /// An empty batch with room for `n` events.
    pub fn with_capacity(n: usize) -> Self {
        Batch {
            agent: Vec::with_capacity(n),
            ts: Vec::with_capacity(n),
            status: Vec::with_capacity(n),
            reason: Vec::with_capacity(n),
        }
    }

    /// Validates `event` as [`EventStore::push`] would, interns its strings in `store`, and stages it.
    pub fn push(&mut self, store: &mut EventStore, event: EventRef<'_>) -> Result<(), InputError> {
        store.check(&event)?;
        let agent = store.intern_agent(event.user_id)?;
        let status = store.intern_status(event.status)?;
        let reason = store.intern_reason(event.reason)?;
        self.push_ids(agent, event.ts, status, reason);
        Ok(())
    }

    /// Stages an event whose strings `store` already interned.
    pub fn push_ids(&mut self, agent: u32, ts: u64, status: u32, reason: u32) {
        self.agent.push(agent);
        self.ts.push(ts);
        self.status.push(status);
        self.reason.push(reason);
    }

    /// The staged events as `(agent, ts, status, reason)` ids, in input order.
    pub fn events(&self) -> impl Iterator<Item = (u32, u64, u32, u32)> + Clone + '_ {
        let rows = self.agent.iter().zip(&self.ts).zip(&self.status);
        rows.zip(&self.reason)
            .map(|(((&a, &t), &s), &r)| (a, t, s, r))
    }

    /// Number of staged events.
    pub fn len(&self) -> usize {
        self.agent.len()
    }

    /// Whether nothing is staged.
    pub fn is_empty(&self) -> bool {
        self.agent.is_empty()
    }
}

impl<'a> EventRef<'a> {
    /// An event without a reason.
    pub fn new(user_id: &'a str, ts: u64, status: &'a str) -> Self {
        EventRef {
            user_id,
            ts,
            status,
            reason: None,
        }
    }

    /// The same event with `reason`.
    pub fn with_reason(self, reason: &'a str) -> Self {
        EventRef {
            reason: Some(reason),
            ..self
        }
    }
}

/// All events appended so far, grouped into per-agent timelines.
#[derive(Clone, Debug)]
pub struct EventStore {
    agents: Interner,
    statuses: Interner,
    reasons: Interner,
    timelines: Vec<Timeline>,
    events: usize,
    horizon: Option<u64>,
}

impl Default for EventStore {
    fn default() -> Self {
        Self::new()
    }
}

impl EventStore {
    /// An empty store, with the canonical statuses pre-interned.
    pub fn new() -> Self {
        let mut statuses = Interner::default();
        for s in CANONICAL_STATUSES {
            statuses.intern(s);
        }
        EventStore {
            agents: Interner::default(),
            statuses,
            reasons: Interner::default(),
            timelines: Vec::new(),
            events: 0,
            horizon: None,
        }
    }

    /// Validates and appends one event. On error nothing is appended.
    ///
    /// The error's path is the field (`user_id`, `ts`, `status`); callers prefix it with the event's
    /// place (`events[17]`, `line 812: `).
    pub fn push(&mut self, event: EventRef<'_>) -> Result<(), InputError> {
        self.check(&event)?;
        let agent = self.intern_agent(event.user_id)?;
        let status = self.intern_status(event.status)?;
        let reason = self.intern_reason(event.reason)?;
        self.push_ids(agent, event.ts, status, reason)
    }

    /// Checks that [`EventStore::push`] would accept `event`, without appending it.
    pub fn check(&self, event: &EventRef<'_>) -> Result<(), InputError> {
        check_event(event)?;
        self.check_horizon(event.ts)
    }

    /// Checks a timestamp for this log: a valid epoch ms, not before the horizon.
    pub fn check_ts_in_log(&self, ts: u64) -> Result<(), InputError> {
        check_ts(ts)?;
        self.check_horizon(ts)
    }

    fn check_horizon(&self, ts: u64) -> Result<(), InputError> {
        match self.horizon {
            Some(h) if ts < h => Err(InputError::range_error(
                "ts",
                format!("{ts} is before the log's horizon {h} (events before it were compacted)"),
            )),
            _ => Ok(()),
        }
    }

    /// Interns an agent id (non-empty), returning its dense id.
    pub fn intern_agent(&mut self, user_id: &str) -> Result<u32, InputError> {
        check_name(user_id, "user_id")?;
        let id = self
            .agents
            .intern(user_id)
            .ok_or_else(|| InputError::range_error("user_id", "too many distinct agents"))?;
        if id as usize == self.timelines.len() {
            self.timelines.push(Timeline::default());
        }
        Ok(id)
    }

    /// Interns a status (non-empty), returning its dense id.
    pub fn intern_status(&mut self, status: &str) -> Result<u32, InputError> {
        check_name(status, "status")?;
        self.statuses
            .intern(status)
            .ok_or_else(|| InputError::range_error("status", "too many distinct statuses"))
    }

    /// Interns a reason; `None` and `""` give [`NO_REASON`].
    pub fn intern_reason(&mut self, reason: Option<&str>) -> Result<u32, InputError> {
        match reason {
            None | Some("") => Ok(NO_REASON),
            Some(r) => {
                check_name(r, "reason")?;
                self.reasons
                    .intern(r)
                    .ok_or_else(|| InputError::range_error("reason", "too many distinct reasons"))
            }
        }
    }

    /// Appends an event whose strings were interned by this store.
    pub fn push_ids(
        &mut self,
        agent: u32,
        ts: u64,
        status: u32,
        reason: u32,
    ) -> Result<(), InputError> {
        check_ts(ts)?;
        self.check_horizon(ts)?;
        if self.events >= MAX_EVENTS {
            return Err(log_full(""));
        }
        if status as usize >= self.statuses.len() {
            return Err(InputError::range_error("status", "unknown status id"));
        }
        if reason != NO_REASON && reason as usize >= self.reasons.len() {
            return Err(InputError::range_error("reason", "unknown reason id"));
        }
        let timeline = self
            .timelines
            .get_mut(agent as usize)
            .ok_or_else(|| InputError::range_error("user_id", "unknown agent id"))?;
        timeline.push(ts, status, reason);
        self.events += 1;
        Ok(())
    }

    /// Reserves room for `additional` more events of agent `agent` (when a batch's size per agent is
    /// known, this avoids growing by doubling, which can hold twice the memory at peak).
    pub fn reserve(&mut self, agent: u32, additional: usize) {
        if let Some(t) = self.timelines.get_mut(agent as usize) {
            t.reserve(additional);
        }
    }

    /// Appends a staged batch (interned by this store), reserving each agent's exact room first.
    /// Errors name the batch position (`[17]`); events before it stay appended.
    pub fn append_batch(&mut self, batch: &Batch) -> Result<(), InputError> {
        self.reserve_for(batch.agent.iter().copied());
        let rows = batch
            .agent
            .iter()
            .zip(&batch.ts)
            .zip(&batch.status)
            .zip(&batch.reason);
        for (i, (((&a, &ts), &s), &r)) in rows.enumerate() {
            self.push_ids(a, ts, s, r)
                .map_err(|e| e.within(&format!("[{i}]")))?;
        }
        Ok(())
    }

    /// An empty store with this one's horizon: the staging area of an all-or-nothing append. Names
    /// are interned there while the input is read; [`EventStore::append_staged`] interns them here
    /// only once the whole input proved good, so a bad input leaves no trace in this store.
    pub fn staging(&self) -> EventStore {
        EventStore {
            horizon: self.horizon,
            ..EventStore::new()
        }
    }

    /// Appends `batch`, interned by `staging` (made by [`EventStore::staging`]), interning its
    /// names here in the order `staging` first saw them (the events' order of first appearance).
    pub fn append_staged(&mut self, staging: &EventStore, batch: &Batch) -> Result<(), InputError> {
        let agents = (0..staging.agents.len())
            .map(|k| self.intern_agent(staging.agents.name(k as u32)))
            .collect::<Result<Vec<u32>, _>>()?;
        let statuses = (0..staging.statuses.len())
            .map(|k| self.intern_status(staging.statuses.name(k as u32)))
            .collect::<Result<Vec<u32>, _>>()?;
        let reasons = (0..staging.reasons.len())
            .map(|k| self.intern_reason(Some(staging.reasons.name(k as u32))))
            .collect::<Result<Vec<u32>, _>>()?;
        let unknown = || InputError::range_error("", "unknown staged id");
        let mut here = Batch::with_capacity(batch.len());
        for (a, ts, s, r) in batch.events() {
            let reason = match r {
                NO_REASON => NO_REASON,
                r => *reasons.get(r as usize).ok_or_else(unknown)?,
            };
            let agent = *agents.get(a as usize).ok_or_else(unknown)?;
            let status = *statuses.get(s as usize).ok_or_else(unknown)?;
            here.push_ids(agent, ts, status, reason);
        }
        self.append_batch(&here)
    }

    /// Gives every agent's timeline room for the events of `agents` (one agent id per event).
    pub fn reserve_for(&mut self, agents: impl Iterator<Item = u32>) {
        let mut counts = vec![0usize; self.timelines.len()];
        for a in agents {
            if let Some(c) = counts.get_mut(a as usize) {
                *c += 1;
            }
        }
        for (t, &c) in self.timelines.iter_mut().zip(&counts) {
            if c > 0 {
                t.reserve(c);
            }
        }
    }

    /// Sorts late events and builds checkpoints in every timeline.
    pub fn prepare(&mut self) {
        for t in &mut self.timelines {
            t.prepare();
        }
    }

    /// The agents' timelines, mutable (window lookups remember where they were), with the agents'
    /// names.
    pub fn timelines_with_agents(&mut self) -> (&mut [Timeline], &Interner) {
        (&mut self.timelines, &self.agents)
    }

    /// The agents' timelines, mutable (for compaction).
    pub fn timelines_mut(&mut self) -> &mut [Timeline] {
        &mut self.timelines
    }

    /// Records a compaction: `n` events were removed and windows must start at or after `horizon`.
    pub fn compacted(&mut self, n: usize, horizon: u64) {
        self.events = self.events.saturating_sub(n);
        self.horizon = Some(self.horizon.map_or(horizon, |h| h.max(horizon)));
    }

    /// The earliest `since` a query may use after [`crate::log::AgentLog::compact`]; `None` if never
    /// compacted.
    pub fn horizon(&self) -> Option<u64> {
        self.horizon
    }

    /// The agents' timelines, indexed by agent id (order of first appearance). Call
    /// [`EventStore::prepare`] first for sorted timelines.
    pub fn timelines(&self) -> &[Timeline] {
        &self.timelines
    }

    /// The agent ids table.
    pub fn agents(&self) -> &Interner {
        &self.agents
    }

    /// The status table (canonical statuses first).
    pub fn statuses(&self) -> &Interner {
        &self.statuses
    }

    /// The reason table.
    pub fn reasons(&self) -> &Interner {
        &self.reasons
    }

    /// Number of events stored.
    pub fn len(&self) -> usize {
        self.events
    }

    /// Whether no event is stored.
    pub fn is_empty(&self) -> bool {
        self.events == 0
    }

    /// Approximate heap bytes held by the store.
    pub fn heap_bytes(&self) -> usize {
        let columns: usize = self.timelines.iter().map(Timeline::heap_bytes).sum();
        columns + self.agents.heap_bytes() + self.statuses.heap_bytes() + self.reasons.heap_bytes()
    }
}

/// The error for an event beyond [`MAX_EVENTS`] (at `path`).
pub fn log_full(path: &str) -> InputError {
    InputError::range_error(
        path,
        format!("the log is full: at most {MAX_EVENTS} events (compact() or split the input)"),
    )
}

/// Checks a timestamp is an epoch-ms value JS can hold exactly.
pub fn check_ts(ts: u64) -> Result<(), InputError> {
    if ts > MAX_TS {
        return Err(InputError::range_error(
            "ts",
            format!("expected a non-negative integer (epoch ms) <= {MAX_TS}, got {ts}"),
        ));
    }
    Ok(())
}

fn check_event(event: &EventRef<'_>) -> Result<(), InputError> {
    check_name(event.user_id, "user_id")?;
    check_ts(event.ts)?;
    check_name(event.status, "status")?;
    match event.reason {
        Some(r) if r.len() > MAX_NAME_BYTES => check_name(r, "reason"),
        _ => Ok(()),
    }
}

/// Checks a user id, status or reason: non-empty and at most [`MAX_NAME_BYTES`] bytes.
pub fn check_name(name: &str, path: &str) -> Result<(), InputError> {
    if name.is_empty() {
        return Err(InputError::range_error(path, "must not be empty"));
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(InputError::range_error(
            path,
            format!(
                "must be at most {MAX_NAME_BYTES} bytes, got {} bytes",
                name.len()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_statuses_have_fixed_ids() {
        let s = EventStore::new();
        assert_eq!(s.statuses().lookup("incall"), Some(INCALL));
        assert_eq!(s.statuses().lookup("offline"), Some(OFFLINE));
        assert_eq!(s.statuses().lookup("wrapup"), Some(WRAPUP));
        assert_eq!(s.statuses().lookup("ready"), Some(READY));
    }

    #[test]
    fn late_events_are_sorted_stably() {
        let mut s = EventStore::new();
        for (ts, st) in [(10, "ready"), (5, "incall"), (10, "wrapup"), (5, "paused")] {
            s.push(EventRef::new("a", ts, st)).unwrap();
        }
        assert!(!s.timelines()[0].is_sorted());
        s.prepare();
        let t = &s.timelines()[0];
        assert_eq!(t.ts(), &[5, 5, 10, 10]);
        let names: Vec<&str> = t.status().iter().map(|&i| s.statuses().name(i)).collect();
        assert_eq!(names, ["incall", "paused", "ready", "wrapup"]);
    }

    #[test]
    fn bad_events_are_refused_and_not_stored() {
        let mut s = EventStore::new();
        assert_eq!(
            s.push(EventRef::new("", 1, "ready")).unwrap_err().path(),
            "user_id"
        );
        assert_eq!(
            s.push(EventRef::new("a", MAX_TS + 1, "ready"))
                .unwrap_err()
                .path(),
            "ts"
        );
        assert_eq!(
            s.push(EventRef::new("a", 1, "")).unwrap_err().path(),
            "status"
        );
        let long = "x".repeat(MAX_NAME_BYTES + 1);
        let e = s.push(EventRef::new(&long, 1, "ready")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "user_id: must be at most 1024 bytes, got 1025 bytes"
        );
        let e = s
            .push(EventRef {
                reason: Some(&long),
                ..EventRef::new("a", 1, "paused")
            })
            .unwrap_err();
        assert_eq!(e.path(), "reason");
        s.push(EventRef::new(&long[..MAX_NAME_BYTES], 1, "ready"))
            .unwrap();
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn empty_reason_is_no_reason() {
        let mut s = EventStore::new();
        s.push(EventRef {
            reason: Some(""),
            ..EventRef::new("a", 1, "paused")
        })
        .unwrap();
        assert_eq!(s.timelines()[0].reason(), &[NO_REASON]);
    }
}
