//! The event store: interned agents, statuses and reasons, and one columnar timeline per agent.
//!
//! Events are appended in any order. Each agent's events live in their own columns (`ts`, `status`,
//! `reason`), 16 bytes an event. Appending keeps the common case (an agent's events arrive in time
//! order) at one push per column; an out-of-order event only marks the timeline unsorted, and the
//! timeline is stably re-sorted (by `ts`, ties in arrival order) the next time it is read.

use crate::error::{InputError, Problem};
use crate::ids::{CANONICAL_STATUSES, MAX_EVENTS, MAX_NAME_BYTES, NO_REASON};
use crate::input::{check_name, check_ts};
use crate::interner::Interner;
use crate::timeline::Timeline;

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
/// at once instead of growing it by doubling (in wasm, every growth of linear memory is costly, and
/// doubling grows it many times during one big append).
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

    /// The staged events' status and reason ids, to rewrite in place ([`crate::StatusMap::apply`]).
    pub(crate) fn statuses_and_reasons_mut(&mut self) -> (&mut [u32], &mut [u32]) {
        (&mut self.status, &mut self.reason)
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
            Some(horizon) if ts < horizon => Err(InputError::new(
                "ts",
                Problem::EventBeforeHorizon { ts, horizon },
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
            .ok_or_else(|| too_many("user_id", "agents"))?;
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
            .ok_or_else(|| too_many("status", "statuses"))
    }

    /// Interns a reason; `None` and `""` give [`NO_REASON`].
    pub fn intern_reason(&mut self, reason: Option<&str>) -> Result<u32, InputError> {
        match reason {
            None | Some("") => Ok(NO_REASON),
            Some(r) => {
                check_name(r, "reason")?;
                self.reasons
                    .intern(r)
                    .ok_or_else(|| too_many("reason", "reasons"))
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
            return Err(unknown_id("status", "status"));
        }
        if reason != NO_REASON && reason as usize >= self.reasons.len() {
            return Err(unknown_id("reason", "reason"));
        }
        let timeline = self
            .timelines
            .get_mut(agent as usize)
            .ok_or_else(|| unknown_id("user_id", "agent"))?;
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
        let unknown = || unknown_id("", "staged");
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

    /// The earliest `since` a query may use after [`crate::engine::AgentLog::compact`]; `None` if never
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
    InputError::new(path, Problem::LogFull)
}

/// The error for an interner that holds as many names as ids can number (at `path`).
fn too_many(path: &str, what: &'static str) -> InputError {
    InputError::new(path, Problem::TooManyDistinct { what })
}

/// The error for an interned id that no interner of this store gave (at `path`).
fn unknown_id(path: &str, what: &'static str) -> InputError {
    InputError::new(path, Problem::UnknownId { what })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{INCALL, MAX_TS, OFFLINE, READY, WRAPUP};

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
