//! The bucket deriver: the one mechanism every platform adapter shares.
//!
//! Platforms log an agent's state as several separate dimensions — logged in or not, paused (and
//! why), ringing, on a queue call, on an outbound or direct call, in wrap-up, unreachable, ready
//! for routing. The platform this package mirrors folds them into one of nine canonical buckets by
//! *priority*: the first of `extcall`, `incall`, `offline`, `unreachable`, `ring`, `paused`,
//! `wrapup`, `ready`, `idle` that holds is the agent's status (an agent who is paused and on a
//! call is in the call). An adapter only sets dimensions; [`Deriver::set`] emits an ordinary
//! event whenever the bucket, or its reason, changes, and nothing for a change that leaves both
//! as they were; an agent's changes at one time are one change (the last), so no event lasts
//! 0 ms within a read.

use std::collections::HashMap;

use super::hash::FastHash;
use crate::error::{InputError, Problem};
use crate::store::EventRef;

/// One agent's state along the platform's separate dimensions, as an adapter last set it.
///
/// The default is an agent the log has said nothing about: logged out, nothing else.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dimensions {
    /// Signed in to the contact center (a member of a queue, a routing session, …).
    pub logged_in: bool,
    /// The platform tried to reach the agent and could not (missed, not responding, error).
    pub unreachable: bool,
    /// A contact is being offered (ringing, reserved, connecting).
    pub ringing: bool,
    /// Paused (not routable by choice), with the platform's reason; `Some("")` is a pause without
    /// a reason.
    pub paused: Option<String>,
    /// In after-contact work.
    pub wrapup: bool,
    /// Routable and waiting for a contact (else a logged-in agent with nothing going on is `idle`).
    pub ready: bool,
    /// Handling a queue (inbound, routed) contact.
    pub queue_call: bool,
    /// Handling an outbound or direct (not routed) call.
    pub ext_call: bool,
}

impl Dimensions {
    /// The canonical bucket these dimensions fold into, by the platform's priority order, and its
    /// reason: only `paused` carries one (`None` for a pause without a reason).
    pub fn bucket(&self) -> (&'static str, Option<&str>) {
        let status = if self.ext_call {
            "extcall"
        } else if self.queue_call {
            "incall"
        } else if !self.logged_in {
            "offline"
        } else if self.unreachable {
            "unreachable"
        } else if self.ringing {
            "ring"
        } else if let Some(reason) = &self.paused {
            return ("paused", Some(reason.as_str()).filter(|r| !r.is_empty()));
        } else if self.wrapup {
            "wrapup"
        } else if self.ready {
            "ready"
        } else {
            "idle"
        };
        (status, None)
    }

    /// Makes `self` equal to `from`, reusing the pause reason's allocation.
    pub(super) fn assign(&mut self, from: &Dimensions) {
        let Dimensions {
            logged_in,
            unreachable,
            ringing,
            paused,
            wrapup,
            ready,
            queue_call,
            ext_call,
        } = from;
        self.logged_in = *logged_in;
        self.unreachable = *unreachable;
        self.ringing = *ringing;
        set_reason(&mut self.paused, paused.as_deref());
        self.wrapup = *wrapup;
        self.ready = *ready;
        self.queue_call = *queue_call;
        self.ext_call = *ext_call;
    }
}

/// Sets `to` to `from`, reusing `to`'s allocation when both are some.
pub(super) fn set_reason(to: &mut Option<String>, from: Option<&str>) {
    match (to.as_mut(), from) {
        (Some(t), Some(f)) => {
            if t != f {
                t.clear();
                t.push_str(f);
            }
        }
        (None, Some(f)) => *to = Some(f.to_string()),
        (_, None) => *to = None,
    }
}

/// What the deriver keeps per agent.
#[derive(Clone, Debug)]
struct AgentState {
    /// The agent's id as first given.
    name: Box<str>,
    dimensions: Dimensions,
    /// The time of the latest change applied (epoch ms; 0 before the first).
    last_ts: u64,
    /// The bucket last emitted (`""`: nothing emitted yet, the agent was never set).
    emitted: &'static str,
    /// The reason last emitted.
    emitted_reason: Option<String>,
    /// The bucket of the agent's latest change, at `last_ts`, not emitted yet (`""`: none): a
    /// change at a later time, or [`Deriver::flush`], emits it, another change at the same time
    /// replaces it.
    pending: &'static str,
    /// The pending bucket's reason.
    pending_reason: Option<String>,
    /// Whether its slot is in [`Deriver::pending`] (since the last flush).
    queued: bool,
}

/// Each agent's dimensions across calls, and the events their changes derive.
///
/// Changes must reach [`Deriver::set`] in time order per agent. A change earlier than one already
/// applied for that agent (a record that arrives in a later append than newer ones) cannot rewrite
/// events already emitted: it takes effect at the agent's latest applied time.
///
/// The changes of one agent at one time are one change: the last of them. An event is held until
/// the agent's next change at a later time, or [`Deriver::flush`] (which every read of an
/// [`Adapter`](super::Adapter) ends with), so the buckets an agent passes through within one ms
/// (an Asterisk `RINGNOANSWER|0` line: `ring` and back to `ready` at one time) make no
/// zero-length event.
///
/// Agents are kept by *slot*, a dense index ([`Deriver::slot`]) that an adapter can keep instead
/// of the agent's id, so that a change costs no lookup of the id ([`Deriver::set_slot`]).
#[derive(Clone, Debug, Default)]
pub struct Deriver {
    /// The slot of each agent id.
    index: HashMap<Box<str>, u32, FastHash>,
    /// Each slot's agent.
    agents: Vec<AgentState>,
    /// The slots that had an event pending since the last [`Deriver::flush`] (each once: see
    /// `AgentState::queued`).
    pending: Vec<u32>,
    /// The latest time given to [`Deriver::set_slot`] since the last flush (epoch ms): when a
    /// later one comes, the events pending at earlier times are emitted, so that a read's events
    /// come in the time order of its changes.
    frontier: u64,
}

impl Deriver {
    /// A deriver that has seen no agent.
    pub fn new() -> Self {
        Self::default()
    }

    /// The slot of `agent` (`0, 1, …` in order of first sight), made on first sight. Errors when
    /// there would be more than `u32::MAX` agents.
    pub fn slot(&mut self, agent: &str) -> Result<u32, InputError> {
        if let Some(&slot) = self.index.get(agent) {
            return Ok(slot);
        }
        let slot = u32::try_from(self.agents.len())
            .map_err(|_| InputError::new("", Problem::TooManyDistinct { what: "agents" }))?;
        self.index.insert(agent.into(), slot);
        self.agents.push(AgentState {
            name: agent.into(),
            dimensions: Dimensions::default(),
            last_ts: 0,
            emitted: "",
            emitted_reason: None,
            pending: "",
            pending_reason: None,
            queued: false,
        });
        Ok(slot)
    }

    /// The agent id of `slot` (`""` for a slot never made).
    pub fn name(&self, slot: u32) -> &str {
        self.agents.get(slot as usize).map_or("", |s| &s.name)
    }

    fn state(&self, agent: &str) -> Option<&AgentState> {
        let slot = *self.index.get(agent)?;
        self.agents
            .get(slot as usize)
            .filter(|s| !s.emitted.is_empty() || !s.pending.is_empty())
    }

    /// The dimensions last set for `agent` (the default for an agent not seen yet).
    pub fn dimensions(&self, agent: &str) -> Dimensions {
        self.state(agent)
            .map(|s| s.dimensions.clone())
            .unwrap_or_default()
    }

    /// The time of the latest change applied for `agent`, if any.
    pub fn last_ts(&self, agent: &str) -> Option<u64> {
        self.state(agent).map(|s| s.last_ts)
    }

    /// Sets `agent`'s dimensions at `ts` (epoch ms; an earlier time than the agent's latest is
    /// taken as that latest). The bucket they fold into is the agent's pending event at `ts`
    /// (replacing one pending at the same time); the event pending at an earlier time is handed
    /// to `sink` first, when its bucket or reason differs from the last emitted (always for an
    /// agent's first). Nothing is pending when the new bucket and reason are the last emitted.
    /// Call [`Deriver::flush`] after the last change of a read. Returns the sink's error, if any.
    pub fn set(
        &mut self,
        agent: &str,
        ts: u64,
        dimensions: Dimensions,
        sink: &mut impl FnMut(EventRef<'_>) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        let slot = self.slot(agent)?;
        self.set_slot(slot, ts, &dimensions, &mut |_, _, e| sink(e))
    }

    /// [`Deriver::set`] for the agent of `slot` (made by [`Deriver::slot`]; another number sets
    /// nothing); `sink` also gets the slot, and the event's status as the static name it is
    /// (one of the nine buckets).
    pub fn set_slot(
        &mut self,
        slot: u32,
        ts: u64,
        dimensions: &Dimensions,
        sink: &mut impl FnMut(u32, &'static str, EventRef<'_>) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        if ts > self.frontier {
            self.release(ts, sink)?;
            self.frontier = ts;
        }
        let Some(state) = self.agents.get_mut(slot as usize) else {
            return Ok(());
        };
        let ts = ts.max(state.last_ts);
        if ts > state.last_ts {
            emit_pending(slot, state, sink)?;
        }
        state.last_ts = ts;
        let (status, reason) = dimensions.bucket();
        if state.emitted != status || state.emitted_reason.as_deref() != reason {
            state.pending = status;
            set_reason(&mut state.pending_reason, reason);
            if !state.queued {
                state.queued = true;
                self.pending.push(slot);
            }
        } else {
            state.pending = "";
        }
        state.dimensions.assign(dimensions);
        Ok(())
    }

    /// Hands `sink` every agent's pending event (see [`Deriver::set`]) that differs from the
    /// agent's last emitted: what the changes so far derive is then all emitted. Returns the
    /// sink's error, if any.
    pub fn flush(
        &mut self,
        sink: &mut impl FnMut(EventRef<'_>) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        self.flush_slots(&mut |_, _, e| sink(e))
    }

    /// [`Deriver::flush`] with each event's slot and static status, as [`Deriver::set_slot`]
    /// hands them.
    pub fn flush_slots(
        &mut self,
        sink: &mut impl FnMut(u32, &'static str, EventRef<'_>) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        self.frontier = 0;
        self.release(u64::MAX, sink)
    }

    /// Emits the pending events earlier than `before` (epoch ms), in the order their agents
    /// became pending; the others stay pending. On the sink's error, the slots not yet emitted
    /// stay in the list.
    fn release(
        &mut self,
        before: u64,
        sink: &mut impl FnMut(u32, &'static str, EventRef<'_>) -> Result<(), InputError>,
    ) -> Result<(), InputError> {
        let mut list = std::mem::take(&mut self.pending);
        let mut kept = 0;
        let mut result = Ok(());
        for i in 0..list.len() {
            let Some(&slot) = list.get(i) else { break };
            let Some(state) = self.agents.get_mut(slot as usize) else {
                continue;
            };
            let keep = if result.is_err() || (!state.pending.is_empty() && state.last_ts >= before)
            {
                true
            } else {
                result = emit_pending(slot, state, sink);
                result.is_err()
            };
            if keep {
                list.swap(kept, i);
                kept += 1;
            } else {
                state.queued = false;
            }
        }
        list.truncate(kept);
        self.pending = list;
        result
    }

    /// Number of agents seen.
    pub fn len(&self) -> usize {
        self.agents.len()
    }

    /// Whether no agent was seen.
    pub fn is_empty(&self) -> bool {
        self.agents.is_empty()
    }
}

/// Hands `sink` the event pending for `state` (of `slot`), if any, at its `last_ts`, and makes it
/// the last emitted.
fn emit_pending(
    slot: u32,
    state: &mut AgentState,
    sink: &mut impl FnMut(u32, &'static str, EventRef<'_>) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let status = std::mem::take(&mut state.pending);
    if status.is_empty() {
        return Ok(());
    }
    sink(
        slot,
        status,
        EventRef {
            user_id: &state.name,
            ts: state.last_ts,
            status,
            reason: state.pending_reason.as_deref(),
        },
    )?;
    state.emitted = status;
    set_reason(&mut state.emitted_reason, state.pending_reason.as_deref());
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn derive(changes: &[(&str, u64, Dimensions)]) -> Vec<(String, u64, String, Option<String>)> {
        let mut out = Vec::new();
        let mut sink = |e: EventRef<'_>| {
            out.push((
                e.user_id.to_string(),
                e.ts,
                e.status.to_string(),
                e.reason.map(str::to_string),
            ));
            Ok(())
        };
        let mut d = Deriver::new();
        for (agent, ts, dims) in changes {
            d.set(agent, *ts, dims.clone(), &mut sink).unwrap();
        }
        d.flush(&mut sink).unwrap();
        out
    }

    fn on() -> Dimensions {
        Dimensions {
            logged_in: true,
            ..Dimensions::default()
        }
    }

    #[test]
    fn priority_order_is_the_platforms() {
        // Every dimension at once: each removal in priority order reveals the next bucket.
        let mut d = Dimensions {
            logged_in: false,
            unreachable: true,
            ringing: true,
            paused: Some("break".into()),
            wrapup: true,
            ready: true,
            queue_call: true,
            ext_call: true,
        };
        assert_eq!(d.bucket(), ("extcall", None));
        d.ext_call = false;
        assert_eq!(d.bucket(), ("incall", None));
        d.queue_call = false;
        assert_eq!(d.bucket(), ("offline", None));
        d.logged_in = true;
        assert_eq!(d.bucket(), ("unreachable", None));
        d.unreachable = false;
        assert_eq!(d.bucket(), ("ring", None));
        d.ringing = false;
        assert_eq!(d.bucket(), ("paused", Some("break")));
        d.paused = Some(String::new());
        assert_eq!(d.bucket(), ("paused", None));
        d.paused = None;
        assert_eq!(d.bucket(), ("wrapup", None));
        d.wrapup = false;
        assert_eq!(d.bucket(), ("ready", None));
        d.ready = false;
        assert_eq!(d.bucket(), ("idle", None));
    }

    #[test]
    fn emits_only_changes_of_bucket_or_reason() {
        let paused = |r: &str| Dimensions {
            paused: Some(r.into()),
            ..on()
        };
        let call_while_paused = Dimensions {
            queue_call: true,
            ..paused("lunch")
        };
        let got = derive(&[
            ("a", 10, on()),
            ("a", 20, on()), // repeat: nothing
            ("a", 30, paused("break")),
            ("a", 35, paused("break")), // the per-queue copy of one pause: nothing
            ("a", 40, paused("lunch")), // reason change
            ("a", 50, call_while_paused),
            ("a", 60, paused("lunch")),
            ("b", 15, Dimensions::default()),
        ]);
        let e = |ts, s: &str, r: Option<&str>| {
            ("a".to_string(), ts, s.to_string(), r.map(String::from))
        };
        assert_eq!(
            got,
            vec![
                e(10, "idle", None),
                e(30, "paused", Some("break")),
                e(40, "paused", Some("lunch")),
                e(50, "incall", None),
                e(60, "paused", Some("lunch")),
                ("b".to_string(), 15, "offline".to_string(), None),
            ]
        );
    }

    #[test]
    fn the_changes_of_one_agent_at_one_time_are_one_event_of_the_last() {
        let ready = Dimensions {
            ready: true,
            ..on()
        };
        let ring = Dimensions {
            ringing: true,
            ..ready.clone()
        };
        // By hand: a: ready@0; ring then ready at 10 → ready, as emitted → nothing; ring@20 then
        // offline@20 → offline@20. b: ring@10 then paused@10 → paused@10, flushed at the end.
        let got = derive(&[
            ("a", 0, ready.clone()),
            ("a", 10, ring.clone()),
            ("b", 10, ring.clone()),
            ("a", 10, ready.clone()),
            (
                "b",
                10,
                Dimensions {
                    paused: Some("x".into()),
                    ..on()
                },
            ),
            ("a", 20, ring),
            ("a", 20, Dimensions::default()),
        ]);
        assert_eq!(
            got,
            vec![
                ("a".to_string(), 0, "ready".to_string(), None),
                (
                    "b".to_string(),
                    10,
                    "paused".to_string(),
                    Some("x".to_string())
                ),
                ("a".to_string(), 20, "offline".to_string(), None),
            ]
        );
        // Nothing is emitted before a later time or the flush: the pending event waits.
        let mut d = Deriver::new();
        let mut n = 0;
        d.set("a", 5, ready, &mut |_| {
            n += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!((n, d.last_ts("a")), (0, Some(5)));
        d.flush(&mut |e| {
            assert_eq!((e.ts, e.status), (5, "ready"));
            n += 1;
            Ok(())
        })
        .unwrap();
        d.flush(&mut |_| {
            n += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn a_late_change_takes_effect_at_the_agents_latest_time() {
        // A read (ended by its flush) left `a` idle at 100; a later read's change at 40 takes
        // effect at 100. Within one read the two would be one change at 100 (the last: ready).
        let ready = Dimensions {
            ready: true,
            ..on()
        };
        let mut got = Vec::new();
        let mut d = Deriver::new();
        let mut sink = |e: EventRef<'_>| {
            got.push((e.ts, e.status.to_string()));
            Ok(())
        };
        d.set("a", 100, on(), &mut sink).unwrap();
        d.flush(&mut sink).unwrap();
        d.set("a", 40, ready.clone(), &mut sink).unwrap();
        d.flush(&mut sink).unwrap();
        assert_eq!(
            got,
            vec![(100, "idle".to_string()), (100, "ready".to_string())]
        );
        assert_eq!(
            derive(&[("a", 100, on()), ("a", 40, ready)]),
            vec![("a".to_string(), 100, "ready".to_string(), None)]
        );
    }
}
