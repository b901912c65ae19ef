//! Compaction: [`AgentLog::compact`] drops the events no later window needs and exports them.

use super::AgentLog;
use crate::error::InputError;
use crate::ids::NO_REASON;
use crate::json::Ndjson;

impl AgentLog {
    /// Drops the events no window starting at or after `before` needs: per agent, every event
    /// before the one in effect at `before` (which is kept). Afterwards queries with
    /// `since < before` and events with `ts < before` are refused with errors naming the horizon.
    ///
    /// What a query reports clipped to `since` needs only the kept events. What it reports
    /// unclipped may reach back before them, and for that each agent keeps two things of its
    /// dropped events:
    ///
    /// - per status, the end of the latest interval of positive length in that status (at most
    ///   one entry per distinct status), from which `adherence.outSince` is found exactly for any
    ///   set of adherent statuses (see [`crate::Timeline::dropped_end`]);
    /// - the episode walk's state after the dropped intervals (see
    ///   [`crate::Timeline::carried`]): the status and start of the status episode in progress
    ///   at the first kept event, the reason and start of the reason episode in progress, and the
    ///   start of the contact in progress (its talk part ends where the episode in progress, a
    ///   `wrapup`, began). From it the `episodes`, `reasonEpisodes` and `contacts` of issue 14
    ///   keep the full lengths of episodes and contacts that began before `before`, and
    ///   `current.since` its true start. Four numbers and three ids per agent.
    ///
    /// So every query with `since >= before` answers exactly as the one-shot call over every
    /// event appended.
    ///
    /// Returns the dropped events as NDJSON (one `{"user_id","ts","status","reason"?}` object per
    /// line, ordered by `ts`, ties by agent first appearance then arrival), for export.
    pub fn compact(&mut self, before: u64) -> Result<String, InputError> {
        crate::input::check_ts(before).map_err(|e| e.at("before"))?;
        self.store.prepare();
        let mut dropped: Vec<(u64, u32, u32, u32)> = Vec::new();
        let mut count = 0usize;
        for (agent, timeline) in (0u32..).zip(self.store.timelines_mut().iter_mut()) {
            let in_effect = timeline.ts().partition_point(|&t| t <= before);
            let n = in_effect.saturating_sub(1);
            if n == 0 {
                continue;
            }
            let cols = timeline.columns();
            for j in 0..n {
                if let (Some(&t), Some(&s), Some(&r)) =
                    (cols.ts.get(j), cols.status.get(j), cols.reason.get(j))
                {
                    dropped.push((t, agent, s, r));
                }
            }
            timeline.drop_first(n);
            timeline.shrink_to_fit();
            count += n;
        }
        self.store.compacted(count, before);
        // Stable: equal (ts, agent) keep their timeline order.
        dropped.sort_by_key(|&(t, agent, _, _)| (t, agent));
        let mut out = Ndjson::with_capacity(dropped.len());
        for (t, agent, s, r) in dropped {
            let reason = (r != NO_REASON).then(|| self.store.reasons().name(r));
            out.push(
                self.store.agents().name(agent),
                t,
                self.store.statuses().name(s),
                reason,
            );
        }
        Ok(out.finish())
    }
}
