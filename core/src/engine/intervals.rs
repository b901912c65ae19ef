//! Interval reports: [`AgentLog::intervals`], each agent's KPIs per fixed-length interval, every
//! row equal to a query of its interval.

use super::{absent_scheduled, reported, AgentLog, Query};
use crate::adherence::{schedule_kpis, AdherenceOptions};
use crate::episode::index::Scratch;
use crate::episode::Blocks;
use crate::error::{InputError, Problem};
use crate::ids::{MAX_INTERVALS, MAX_INTERVAL_ROWS};
use crate::include::Include;
use crate::kpi::{AgentIntervals, AgentKpis, BlocksRef, IntervalRow};
use crate::schedule::Schedule;
use crate::store::EventStore;
use crate::timeline::Timeline;
use crate::totals::Totals;
use crate::window::Window;

impl AgentLog {
    /// Interval report: for every agent with an event at `ts <= now`, one row per interval
    /// `[from + k·step, from + (k+1)·step)` that starts before `min(to, now)`, its end clipped to
    /// `to` and `now`. Each row equals [`AgentLog::query`] over that interval, with the row
    /// blocks `query.include` asks for (issue 14, rule 7: a row's `contacts.handled` counts the
    /// contacts completed in its interval). A team per interval is
    /// [`crate::roll_up_rows`] of the interval's rows.
    pub fn intervals(
        &mut self,
        from: u64,
        to: u64,
        step_ms: u64,
        query: &Query,
    ) -> Result<Vec<AgentIntervals>, InputError> {
        let now = query.window.now();
        let bounds = interval_bounds(from, to.min(now), step_ms, to)?;
        self.check_window(Window::new(from, now.max(from))?, "from")?;
        self.store.prepare();
        if query.include.rows() {
            self.store
                .timelines_mut()
                .iter_mut()
                .for_each(Timeline::prepare_blocks);
        }
        let store = &self.store;
        let opts = self.adherence_options(query)?;
        let rows_per_interval = store
            .timelines()
            .iter()
            .filter(|t| reported(t, now))
            .count()
            + self.schedules.iter().count();
        if (rows_per_interval as u64).saturating_mul(bounds.len() as u64) > MAX_INTERVAL_ROWS {
            return Err(InputError::new(
                "stepMs",
                Problem::TooManyRows {
                    agents: rows_per_interval,
                    intervals: bounds.len(),
                },
            ));
        }
        let mut out = Vec::new();
        for (timeline, agent) in store.timelines().iter().zip(0u32..) {
            if reported(timeline, now) {
                let schedule = self.schedules.get(store.agents().name(agent));
                let include = query.include;
                let rows = agent_rows(store, agent, timeline, schedule, &bounds, &opts, include);
                out.push(AgentIntervals {
                    user_id: store.agents().name(agent).to_string(),
                    rows,
                });
            }
        }
        // Scheduled agents without an event at ts <= now, as in `query`: empty KPIs, adherence.
        for (schedule, timeline) in absent_scheduled(&self.store, &self.schedules, now) {
            let rows = bounds
                .iter()
                .map(|&(s, e)| {
                    let mut kpis = AgentKpis::empty(&schedule.user_id);
                    if let Ok(w) = Window::new(s, e) {
                        let k = schedule_kpis(schedule, timeline, w, &opts, 0);
                        kpis.set_schedule(store, query.include, k);
                    }
                    if query.include.rows() {
                        kpis.set_blocks(store, query.include, None, e);
                    }
                    IntervalRow {
                        start: s,
                        end: e,
                        kpis,
                    }
                })
                .collect();
            out.push(AgentIntervals {
                user_id: schedule.user_id.clone(),
                rows,
            });
        }
        Ok(out)
    }
}

/// The intervals `[from + k·step, …)` starting before `end` (the last one clipped to `end`), or the
/// error naming `stepMs` or `from` (`to` is the caller's, for the message).
fn interval_bounds(
    from: u64,
    end: u64,
    step_ms: u64,
    to: u64,
) -> Result<Vec<(u64, u64)>, InputError> {
    if step_ms == 0 {
        return Err(InputError::new("stepMs", Problem::NotPositive));
    }
    if from > to {
        return Err(InputError::new(
            "from",
            Problem::NotAtMost {
                other: "to",
                limit: to,
                got: from,
            },
        ));
    }
    let mut bounds = Vec::new();
    let mut start = from;
    while start < end {
        if bounds.len() as u64 >= MAX_INTERVALS {
            return Err(InputError::new(
                "stepMs",
                Problem::TooManyIntervals { from, to: end },
            ));
        }
        let stop = start.saturating_add(step_ms).min(end);
        bounds.push((start, stop));
        start = stop;
    }
    Ok(bounds)
}

/// One reported agent's rows: each interval's totals as the difference of two cumulative totals
/// (each boundary looked up once), with adherence when the agent has a schedule and the blocks
/// `include` asks for.
fn agent_rows(
    store: &EventStore,
    agent: u32,
    timeline: &Timeline,
    schedule: Option<&Schedule>,
    bounds: &[(u64, u64)],
    opts: &AdherenceOptions,
    include: Include,
) -> Vec<IntervalRow> {
    let mut rows = Vec::with_capacity(bounds.len());
    let (mut scratch, mut found) = (Scratch::default(), Blocks::default());
    let mut before = bounds
        .first()
        .map(|&(s, _)| timeline.totals_at(s))
        .unwrap_or_default();
    for &(s, e) in bounds {
        let after = timeline.totals_at(e);
        let totals: Totals = after.minus(&before);
        let mut kpis = AgentKpis::from_totals(store, agent, &totals);
        if let (Some(schedule), Ok(w)) = (schedule, Window::new(s, e)) {
            let worked = if opts.sums {
                opts.worked_ms(totals.status_ms.iter().copied())
            } else {
                0
            };
            let k = schedule_kpis(schedule, Some(timeline), w, opts, worked);
            kpis.set_schedule(store, include, k);
        }
        if include.rows() {
            let got = timeline.blocks_into(s, e, &mut scratch, &mut found);
            let blocks = got.then(|| BlocksRef::from(&found));
            kpis.set_blocks(store, include, blocks, e);
        }
        rows.push(IntervalRow {
            start: s,
            end: e,
            kpis,
        });
        before = after;
    }
    rows
}
