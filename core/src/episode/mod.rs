//! Status episodes, reason episodes and contacts (issue 14, rules 1–5): the walk over one agent's
//! kept intervals, what a window counts of it, and the walk's state that compaction carries over.
//!
//! An agent's events with `ts <= now`, sorted, open the intervals `[ts_i, ts_{i+1})`, the last one
//! `[ts_L, now)`. The *kept* intervals are those of positive length plus the last one (the state at
//! `now`, even when it lasted 0 ms). Consecutive kept intervals in the same status form a *status
//! episode*, in the same (status, reason) a *reason episode*; an `incall` episode and the `wrapup`
//! episode right after it, if any, form a *contact*. [`step`] feeds one kept interval to the walk's
//! state ([`Open`]) and says which episodes and contacts ended and started at its start.
//!
//! A window `[since, now]` counts an episode as *started* when `since <= start < now`, as *ended*
//! when it is not the open one and `since < end <= now` (a closed episode ends at or before `ts_L`,
//! so `end <= now` always holds), a contact as *handled* when it ended so; lengths are full lengths,
//! never clipped ([`Sums`]). [`walk`] is the reference: a plain walk over a timeline's columns. The
//! live engine answers the same from [`index::EpisodeIndex`] in O(log n + K).

pub mod index;

use crate::checkpoints::Columns;
use crate::ids::{INCALL, NO_REASON, WRAPUP};

/// One status's (or one (status, reason)'s) episodes over a window (issue 14, rule 3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeStats {
    /// Episodes that started in the window: `since <= start < now`.
    pub started: u64,
    /// Episodes that ended in the window: not open, `since < end <= now`.
    pub ended: u64,
    /// Sum of the full lengths of the ended ones, in ms (not clipped to `since`).
    pub ended_ms: u64,
    /// The longest full length, in ms, among the episodes overlapping the window
    /// (`start < now` and `end > since`), the open one measured to `now`.
    pub longest_ms: u64,
}

/// The contacts an agent completed in a window (issue 14, rule 4): an `incall` episode and the
/// `wrapup` episode right after it, if any, counted when it ended with `since < end <= now` and is
/// not open. All lengths are full lengths in ms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ContactSums {
    /// Contacts completed in the window.
    pub handled: u64,
    /// Sum of their full lengths (talk plus after-call work), ms.
    pub handle_ms: u64,
    /// Sum of their `incall` parts, ms.
    pub talk_ms: u64,
    /// Sum of their `wrapup` parts, ms.
    pub acw_ms: u64,
    /// How many of them had a `wrapup` part.
    pub with_acw: u64,
}

impl ContactSums {
    /// Adds one completed contact of `talk` ms in `incall` and `acw` ms in `wrapup`.
    pub fn add(&mut self, talk: u64, acw: u64, with_acw: bool) {
        self.handled = self.handled.saturating_add(1);
        self.handle_ms = self.handle_ms.saturating_add(talk.saturating_add(acw));
        self.talk_ms = self.talk_ms.saturating_add(talk);
        self.acw_ms = self.acw_ms.saturating_add(acw);
        self.with_acw = self.with_acw.saturating_add(u64::from(with_acw));
    }

    /// Adds every sum of `other`.
    pub fn add_sums(&mut self, other: &ContactSums) {
        self.handled = self.handled.saturating_add(other.handled);
        self.handle_ms = self.handle_ms.saturating_add(other.handle_ms);
        self.talk_ms = self.talk_ms.saturating_add(other.talk_ms);
        self.acw_ms = self.acw_ms.saturating_add(other.acw_ms);
        self.with_acw = self.with_acw.saturating_add(other.with_acw);
    }

    /// `self − earlier`, where `earlier` is a cumulative sum at an earlier event.
    pub fn minus(&self, earlier: &ContactSums) -> ContactSums {
        ContactSums {
            handled: self.handled.saturating_sub(earlier.handled),
            handle_ms: self.handle_ms.saturating_sub(earlier.handle_ms),
            talk_ms: self.talk_ms.saturating_sub(earlier.talk_ms),
            acw_ms: self.acw_ms.saturating_sub(earlier.acw_ms),
            with_acw: self.with_acw.saturating_sub(earlier.with_acw),
        }
    }

    /// The average handle time `ahtMs`: `handle_ms / handled` in integer ms rounded half-up;
    /// `None` when nothing was handled (issue 14, rule 4).
    pub fn aht_ms(&self) -> Option<u64> {
        div_half_up(self.handle_ms, self.handled)
    }
}

/// `round(a / b)`, half-up, exact; `None` when `b` is 0.
pub fn div_half_up(a: u64, b: u64) -> Option<u64> {
    if b == 0 {
        return None;
    }
    // floor((2a + b) / 2b), in u128 so that nothing overflows.
    let q = (u128::from(a) * 2 + u128::from(b)) / (u128::from(b) * 2);
    Some(u64::try_from(q).unwrap_or(u64::MAX))
}

/// The walk's state after some kept intervals: the open status episode, the open reason episode
/// within it, and the open contact. It is the agent's state at `now` once the last kept interval
/// is in (issue 14, rule 5), and what compaction keeps of the dropped events (see
/// [`crate::Timeline::carried`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Open {
    /// The status of the open status episode (the agent's current status).
    pub status: u32,
    /// Its start, epoch ms (not clipped to any window).
    pub since: u64,
    /// The reason of the open reason episode ([`NO_REASON`] for none).
    pub reason: u32,
    /// Its start, epoch ms (at or after `since`).
    pub reason_since: u64,
    /// The start of the open contact (of its `incall` episode), epoch ms: `Some` while the open
    /// episode is `incall`, or `wrapup` right after `incall`.
    pub contact: Option<u64>,
}

/// What one kept interval changes, at its start `at`: the episodes and the contact that end there
/// and the episodes that start there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Step {
    /// The status episode that ended at `at`: its status and full length in ms.
    pub ended: Option<(u32, u64)>,
    /// Whether a status episode (in the interval's status) started at `at`.
    pub started: bool,
    /// The reason episode with a reason that ended at `at`: status, reason, full length in ms.
    pub reason_ended: Option<(u32, u32, u64)>,
    /// Whether a reason episode with a reason (the interval's) started at `at`.
    pub reason_started: bool,
    /// The contact that ended at `at`: its `incall` part and `wrapup` part in ms, and whether it
    /// had a `wrapup` part.
    pub contact: Option<(u64, u64, bool)>,
}

/// Feeds the kept interval starting at `at` in `status` and `reason` to the walk's state `open`
/// (`None` before the first kept interval), and returns what ended and started at `at`.
#[inline]
pub fn step(open: &mut Option<Open>, status: u32, reason: u32, at: u64) -> Step {
    let mut out = Step::default();
    match open {
        Some(o) if o.status == status => {
            // The same status episode: only the reason episode may change.
            if o.reason != reason {
                if o.reason != NO_REASON {
                    let len = at.saturating_sub(o.reason_since);
                    out.reason_ended = Some((status, o.reason, len));
                }
                out.reason_started = reason != NO_REASON;
                o.reason = reason;
                o.reason_since = at;
            }
        }
        _ => {
            let mut contact = None;
            if let Some(prev) = *open {
                out.ended = Some((prev.status, at.saturating_sub(prev.since)));
                if prev.reason != NO_REASON {
                    let len = at.saturating_sub(prev.reason_since);
                    out.reason_ended = Some((prev.status, prev.reason, len));
                }
                match (prev.status, prev.contact) {
                    // The wrapup right after the call belongs to its contact.
                    (INCALL, Some(start)) if status == WRAPUP => contact = Some(start),
                    (INCALL, Some(start)) => {
                        out.contact = Some((at.saturating_sub(start), 0, false));
                    }
                    (WRAPUP, Some(start)) => {
                        let talk = prev.since.saturating_sub(start);
                        out.contact = Some((talk, at.saturating_sub(prev.since), true));
                    }
                    _ => {}
                }
            }
            if status == INCALL {
                contact = Some(at);
            }
            out.started = true;
            out.reason_started = reason != NO_REASON;
            *open = Some(Open {
                status,
                since: at,
                reason,
                reason_since: at,
                contact,
            });
        }
    }
    out
}

/// The walk's state after the kept intervals of `events` (`(ts, status, reason)` in timeline
/// order), starting from `open`, where `end` is the instant the last event's interval ends at
/// (`None`: it is still open, so not fed). Compaction uses it to carry the state over the events
/// it drops.
pub fn advance(
    open: &mut Option<Open>,
    events: impl Iterator<Item = (u64, u32, u32)>,
    end: Option<u64>,
) {
    let mut events = events.peekable();
    while let Some((ts, status, reason)) = events.next() {
        let next = match events.peek() {
            Some(&(t, _, _)) => t,
            None => match end {
                Some(t) => t,
                None => return,
            },
        };
        if next > ts {
            step(open, status, reason, ts);
        }
    }
}

/// What a window `[since, now]` counts of an agent's episodes and contacts, step by step: the
/// episode statistics per status and per (status, reason with a reason), and the contacts.
#[derive(Clone, Debug, Default)]
pub struct Sums {
    /// `(status, stats)`, unsorted until [`Sums::finish`].
    episodes: Vec<(u32, EpisodeStats)>,
    /// `(status, reason, stats)`, unsorted until [`Sums::finish`].
    reasons: Vec<(u32, u32, EpisodeStats)>,
    contacts: ContactSums,
}

impl Sums {
    /// Sums already counted elsewhere (the one-shot pass keeps them in its rows): `(status,
    /// stats)` and `(status, reason, stats)` entries in any order, and the contacts.
    pub fn from_parts(
        episodes: Vec<(u32, EpisodeStats)>,
        reasons: Vec<(u32, u32, EpisodeStats)>,
        contacts: ContactSums,
    ) -> Sums {
        Sums {
            episodes,
            reasons,
            contacts,
        }
    }

    /// Counts the `step` of a kept interval starting at `at` (`<= now`) in `status` and `reason`.
    pub fn record(
        &mut self,
        step: &Step,
        at: u64,
        (status, reason): (u32, u32),
        since: u64,
        now: u64,
    ) {
        let starts = since <= at && at < now;
        let ends = since < at;
        if step.started && starts {
            update(&mut self.episodes, status, |e| e.started += 1);
        }
        if step.reason_started && starts {
            update_reason(&mut self.reasons, (status, reason), |e| e.started += 1);
        }
        if !ends {
            return;
        }
        if let Some((s, len)) = step.ended {
            update(&mut self.episodes, s, |e| e.end(len));
        }
        if let Some((s, r, len)) = step.reason_ended {
            update_reason(&mut self.reasons, (s, r), |e| e.end(len));
        }
        if let Some((talk, acw, with_acw)) = step.contact {
            self.contacts.add(talk, acw, with_acw);
        }
    }

    /// The window's blocks once every kept interval is recorded, `open` the walk's state then:
    /// the open episodes count toward `longest_ms` when they overlap the window; only statuses
    /// (and reasons) with an episode overlapping the window are listed, sorted by id.
    pub fn finish(mut self, open: Option<Open>, since: u64, now: u64) -> Blocks {
        let mut out = Blocks::default();
        self.finish_into(open, since, now, &mut out);
        out
    }

    /// [`Sums::finish`] into `out`, allocations of both kept (`self` is left to be cleared).
    pub(crate) fn finish_into(
        &mut self,
        open: Option<Open>,
        since: u64,
        now: u64,
        out: &mut Blocks,
    ) {
        if let Some(o) = open.filter(|_| since < now) {
            if o.since < now {
                update(&mut self.episodes, o.status, |e| e.overlap(now - o.since));
            }
            if o.reason != NO_REASON && o.reason_since < now {
                update_reason(&mut self.reasons, (o.status, o.reason), |e| {
                    e.overlap(now - o.reason_since)
                });
            }
        }
        self.episodes.retain(|e| e.1.longest_ms > 0);
        self.episodes.sort_unstable_by_key(|e| e.0);
        self.reasons.retain(|e| e.2.longest_ms > 0);
        self.reasons.sort_unstable_by_key(|e| (e.0, e.1));
        out.episodes.clone_from(&self.episodes);
        out.reason_episodes.clone_from(&self.reasons);
        out.contacts = self.contacts;
        out.open = open;
    }

    /// Every sum back to 0, allocations kept.
    pub(crate) fn clear(&mut self) {
        self.episodes.clear();
        self.reasons.clear();
        self.contacts = ContactSums::default();
    }

    /// Feeds the kept intervals of events `from..=last` of a sorted timeline's `cols` (the last
    /// one the state at `now`) to the walk, from its state `open` before event `from`, recording
    /// each step; returns the state after them.
    pub(crate) fn walk_events(
        &mut self,
        cols: Columns<'_>,
        (from, last): (usize, usize),
        mut open: Option<Open>,
        (since, now): (u64, u64),
    ) -> Option<Open> {
        let (Some(ts), Some(status), Some(reason)) = (
            cols.ts.get(from..=last),
            cols.status.get(from..=last),
            cols.reason.get(from..=last),
        ) else {
            return open;
        };
        let ends = ts.iter().skip(1).copied().chain([now]);
        let rows = ts.iter().zip(status).zip(reason).zip(ends);
        for (i, (((&at, &s), &r), end)) in (from..).zip(rows) {
            // A 0 ms interval is dropped, except the last one: the state at `now`.
            if end <= at && i < last {
                continue;
            }
            let step = step(&mut open, s, r, at);
            self.record(&step, at, (s, r), since, now);
        }
        open
    }
}

impl EpisodeStats {
    /// Counts an episode of `len` ms that ended in the window.
    pub(crate) fn end(&mut self, len: u64) {
        self.ended += 1;
        self.ended_ms = self.ended_ms.saturating_add(len);
        self.overlap(len);
    }

    /// Counts an episode of `len` ms that overlaps the window toward `longest_ms`.
    pub(crate) fn overlap(&mut self, len: u64) {
        self.longest_ms = self.longest_ms.max(len);
    }
}

/// Applies `f` to the entry of `status` in an unsorted list, added (zeros) if missing.
fn update(list: &mut Vec<(u32, EpisodeStats)>, status: u32, f: impl FnOnce(&mut EpisodeStats)) {
    match list.iter_mut().find(|e| e.0 == status) {
        Some(e) => f(&mut e.1),
        None => {
            let mut stats = EpisodeStats::default();
            f(&mut stats);
            list.push((status, stats));
        }
    }
}

/// Applies `f` to the entry of `(status, reason)` in an unsorted list, added (zeros) if missing.
pub(crate) fn update_reason(
    list: &mut Vec<(u32, u32, EpisodeStats)>,
    (status, reason): (u32, u32),
    f: impl FnOnce(&mut EpisodeStats),
) {
    match list.iter_mut().find(|e| (e.0, e.1) == (status, reason)) {
        Some(e) => f(&mut e.2),
        None => {
            let mut stats = EpisodeStats::default();
            f(&mut stats);
            list.push((status, reason, stats));
        }
    }
}

/// One agent's blocks over a window, in ids (issue 14, rules 3–5): what the reference walk ([`crate::Timeline::blocks_walk`]) returns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Blocks {
    /// `(status id, stats)` of every status with an episode overlapping the window, by id.
    pub episodes: Vec<(u32, EpisodeStats)>,
    /// `(status id, reason id, stats)` of every (status, reason) with a reason whose reason
    /// episodes overlap the window, by status then reason id.
    pub reason_episodes: Vec<(u32, u32, EpisodeStats)>,
    /// The contacts completed in the window.
    pub contacts: ContactSums,
    /// The agent's state at `now`: the open episodes and contact; `None` when the agent has no
    /// event at `ts <= now`.
    pub open: Option<Open>,
}

/// The reference walk: the blocks of the window `[since, now]` of a sorted timeline's `cols`,
/// whose dropped events (compaction) left the walk in state `carry`, by feeding every kept
/// interval to [`step`] and [`Sums::record`]. O(events at or before `now`); `None` when no event
/// has `ts <= now`.
pub fn walk(cols: Columns<'_>, carry: Option<Open>, since: u64, now: u64) -> Option<Blocks> {
    let last = cols.ts.partition_point(|&t| t <= now).checked_sub(1)?;
    let mut sums = Sums::default();
    let open = sums.walk_events(cols, (0, last), carry, (since, now));
    Some(sums.finish(open, since, now))
}
