//! The fold: one agent's sorted timeline and a window `[since, now]` → milliseconds per status and
//! per (status, reason).
//!
//! Each event opens an interval in its status from its `ts` to the agent's next event's `ts` (or to
//! `now` for the last one); every interval is clipped to `[since, now]` and only the clipped part
//! counts. Time before the agent's first event counts nowhere. The walk starts at the last event at or
//! before `since` (found by binary search) and stops at the first event at or after `now`, so its cost
//! is the number of events inside the window, not the length of the timeline.

use std::collections::HashMap;

use crate::error::InputError;
use crate::store::{check_ts, Timeline, NO_REASON};

/// A validated window `[since, now]` in epoch milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    since: u64,
    now: u64,
}

impl Window {
    /// The window `[since, now]`; both must be valid timestamps and `since <= now`.
    pub fn new(since: u64, now: u64) -> Result<Self, InputError> {
        check_ts(since).map_err(|e| InputError::range_error("since", e.detail()))?;
        check_ts(now).map_err(|e| InputError::range_error("now", e.detail()))?;
        if since > now {
            return Err(InputError::range_error(
                "since",
                format!("must be <= now ({now}), got {since}"),
            ));
        }
        Ok(Window { since, now })
    }

    /// The window's start.
    pub fn since(&self) -> u64 {
        self.since
    }

    /// The window's end.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// The part of `[start, end)` inside the window, in ms.
    pub fn clip(&self, start: u64, end: u64) -> u64 {
        end.min(self.now).saturating_sub(start.max(self.since))
    }
}

/// What one agent did in a window.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgentTotals {
    /// `(status id, ms)` for every status with more than 0 ms, by status id.
    pub status_ms: Vec<(u32, u64)>,
    /// `(status id, reason id, ms)` for every reasoned interval total above 0, by status then reason id.
    pub reason_ms: Vec<(u32, u32, u64)>,
}

/// Reusable scratch space for folding many agents; one per query.
#[derive(Debug, Default)]
pub struct Folder {
    totals: Vec<u64>,
    touched: Vec<u32>,
    reasons: HashMap<(u32, u32), u64>,
}

impl Folder {
    /// A folder with no scratch allocated yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Folds a sorted timeline over `window`. `None` when the agent has no event at `ts <= now`
    /// (such an agent is not reported).
    pub fn fold(&mut self, timeline: &Timeline, window: Window) -> Option<AgentTotals> {
        let ts = timeline.ts();
        let first = *ts.first()?;
        if first > window.now {
            return None;
        }
        let status = timeline.status();
        let reason = timeline.reason();
        // The last event at or before `since` carries the state in effect at `since`.
        let start = ts.partition_point(|&t| t <= window.since).saturating_sub(1);
        self.touched.clear();
        self.reasons.clear();
        for i in start..ts.len() {
            let Some(&begin) = ts.get(i) else { break };
            if begin >= window.now {
                break;
            }
            let end = ts.get(i + 1).copied().unwrap_or(window.now);
            let ms = window.clip(begin, end);
            if ms == 0 {
                continue;
            }
            let (Some(&s), Some(&r)) = (status.get(i), reason.get(i)) else {
                break;
            };
            self.add(s, ms);
            if r != NO_REASON {
                *self.reasons.entry((s, r)).or_insert(0) += ms;
            }
        }
        Some(self.take())
    }

    fn add(&mut self, status: u32, ms: u64) {
        let i = status as usize;
        if i >= self.totals.len() {
            self.totals.resize(i + 1, 0);
        }
        if let Some(slot) = self.totals.get_mut(i) {
            if *slot == 0 {
                self.touched.push(status);
            }
            *slot += ms;
        }
    }

    fn take(&mut self) -> AgentTotals {
        self.touched.sort_unstable();
        let mut status_ms = Vec::with_capacity(self.touched.len());
        for &s in &self.touched {
            if let Some(slot) = self.totals.get_mut(s as usize) {
                status_ms.push((s, *slot));
                *slot = 0;
            }
        }
        let mut reason_ms: Vec<(u32, u32, u64)> = self
            .reasons
            .drain()
            .map(|((s, r), ms)| (s, r, ms))
            .collect();
        reason_ms.sort_unstable();
        AgentTotals {
            status_ms,
            reason_ms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{EventRef, EventStore};

    fn totals(events: &[(u64, &str)], since: u64, now: u64) -> Option<Vec<(String, u64)>> {
        let mut store = EventStore::new();
        for &(ts, status) in events {
            store
                .push(EventRef {
                    user_id: "a",
                    ts,
                    status,
                    reason: None,
                })
                .unwrap();
        }
        store.sort();
        let t = Folder::new().fold(&store.timelines()[0], Window::new(since, now).unwrap())?;
        Some(
            t.status_ms
                .iter()
                .map(|&(s, ms)| (store.statuses().name(s).to_string(), ms))
                .collect(),
        )
    }

    #[test]
    fn window_rejects_since_after_now() {
        let e = Window::new(10, 5).unwrap_err();
        assert_eq!(e.to_string(), "since: must be <= now (5), got 10");
    }

    #[test]
    fn state_at_since_counts_from_since() {
        // ready from 0, incall from 100; window [50, 150]: ready 50..100, incall 100..150.
        let got = totals(&[(0, "ready"), (100, "incall")], 50, 150).unwrap();
        assert_eq!(got, [("incall".into(), 50), ("ready".into(), 50)]);
    }

    #[test]
    fn events_after_now_end_the_interval_at_now() {
        let got = totals(&[(0, "ready"), (500, "incall")], 0, 200).unwrap();
        assert_eq!(got, [("ready".into(), 200)]);
    }

    #[test]
    fn agent_with_only_future_events_is_absent() {
        assert_eq!(totals(&[(300, "ready")], 0, 200), None);
    }

    #[test]
    fn event_exactly_at_now_reports_the_agent_with_nothing_counted() {
        assert_eq!(totals(&[(200, "ready")], 0, 200), Some(vec![]));
    }
}
