//! The fold: one agent's sorted timeline and a window `[since, now]` → milliseconds per status and
//! per (status, reason).
//!
//! Each event opens an interval in its status from its `ts` to the agent's next event's `ts` (or to
//! `now` for the last one); every interval is clipped to `[since, now]` and only the clipped part
//! counts. Time before the agent's first event counts nowhere. The window's totals are the
//! difference of two cumulative totals ([`crate::checkpoints`]), so a query costs O(log n + K) per
//! agent whatever the window; [`crate::engine::AgentLog::query_table`] runs it per agent.

use crate::error::{InputError, Problem};
use crate::input::check_ts;

/// A validated window `[since, now]` in epoch milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    since: u64,
    now: u64,
}

impl Window {
    /// The window `[since, now]`; both must be valid timestamps and `since <= now`.
    pub fn new(since: u64, now: u64) -> Result<Self, InputError> {
        check_ts(since).map_err(|e| e.at("since"))?;
        check_ts(now).map_err(|e| e.at("now"))?;
        if since > now {
            return Err(InputError::new(
                "since",
                Problem::NotAtMost {
                    other: "now",
                    limit: now,
                    got: since,
                },
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::AgentLog;
    use crate::store::EventRef;

    /// Agent "a"'s milliseconds per status in the window, through a live log's query; `None` when
    /// it is not reported.
    fn totals(events: &[(u64, &str)], since: u64, now: u64) -> Option<Vec<(String, u64)>> {
        let mut log = AgentLog::new();
        for &(ts, status) in events {
            log.push(EventRef::new("a", ts, status)).unwrap();
        }
        let r = log.kpis(Window::new(since, now).unwrap()).unwrap();
        let a = r.agents.into_iter().find(|a| a.user_id == "a")?;
        Some(a.status_ms.0)
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
