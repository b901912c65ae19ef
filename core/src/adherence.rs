//! Schedule adherence: when an agent was scheduled to be on the phones, were they?
//!
//! The window `[since, now)` is cut into pieces where both the on-shift state and the agent's
//! status are constant. In sampled mode a piece `[a, b)` weighs the number of sample times
//! `since + k·step` inside it; in exact mode, its length in ms. On-shift pieces add to `on_shift`,
//! and those in an adherent status to `adherent` as well (before the agent's first event the status
//! is unknown: not adherent). Counting samples per piece instead of visiting every sample makes the
//! cost O(events + intervals) whatever the sample step.
//!
//! Issue 15 adds, in the same walk: the grace (an *exception*, a maximal stretch on shift and not
//! adherent inside one continuous on-shift stretch, shorter than `adherenceGraceMs` in full length
//! counts as adherent for `adherencePct`), `severe`, and the exact sums of conformance and
//! shrinkage ([`ScheduleSums`]).
//!
//! A forgiven exception still running at `now` is measured up to `now`: a later query, whose `now`
//! is later, may find it at or over the grace and count it whole — the `adherencePct` of a window
//! ending at `now` can go down when `now` moves on without any new event.

use jiff::tz::TimeZone;

use crate::ids::NO_REASON;
use crate::kpi::{percent_half_up, AdherencePct, AdherenceState, ScheduleKpis, ScheduleSums, Unit};
use crate::schedule::Schedule;
use crate::timeline::Timeline;
use crate::window::Window;

/// The platform's default sample step: 5 minutes.
pub const DEFAULT_SAMPLE_MS: u64 = 300_000;

/// The default statuses that count as "on the phones".
pub const DEFAULT_ADHERENT: [&str; 5] = ["ready", "incall", "wrapup", "ring", "extcall"];

/// The default `adherenceSevereMs` (issue 15, rule 4): Genesys Cloud flags an exception as
/// severe after 5 minutes.
pub const DEFAULT_SEVERE_MS: u64 = 300_000;

/// The default `plannedReasons` (issue 15, rule 2), matched exactly (case-sensitive).
pub const DEFAULT_PLANNED: [&str; 4] = ["break", "lunch", "training", "meeting"];

/// How adherence is measured.
#[derive(Clone, Debug)]
pub struct AdherenceOptions {
    /// The account zone, for rules without their own.
    pub zone: TimeZone,
    /// Sample step in ms; 0 = exact mode.
    pub sample_ms: u64,
    /// Adherent status ids (`true` at the id of every adherent status).
    pub adherent: Vec<bool>,
    /// `adherenceGraceMs` (issue 15, rule 3; Genesys Cloud's exception threshold): an exception
    /// shorter than this, in full length, counts as adherent for `adherencePct`. 0 = none.
    pub grace_ms: u64,
    /// `adherenceSevereMs` (issue 15, rule 4), ms, positive.
    pub severe_ms: u64,
    /// Planned reason ids (`true` at the id of every planned reason; issue 15, rule 2).
    pub planned: Vec<bool>,
    /// Whether to compute [`ScheduleSums`] (the query includes `conformance` or `shrinkage`).
    pub sums: bool,
}

impl AdherenceOptions {
    /// Options with `zone`, `sample_ms` and the `adherent` status bitset; no grace, the default
    /// severe threshold, no planned reason, no schedule sums.
    pub fn new(zone: TimeZone, sample_ms: u64, adherent: Vec<bool>) -> Self {
        AdherenceOptions {
            zone,
            sample_ms,
            adherent,
            grace_ms: 0,
            severe_ms: DEFAULT_SEVERE_MS,
            planned: Vec::new(),
            sums: false,
        }
    }

    fn is_adherent(&self, status: u32) -> bool {
        self.adherent.get(status as usize).copied().unwrap_or(false)
    }

    fn is_planned(&self, reason: u32) -> bool {
        self.planned.get(reason as usize).copied().unwrap_or(false)
    }

    /// `workedMs` (issue 15, rule 1) from a window's `(status id, ms)` entries: the sum over the
    /// adherent statuses.
    pub fn worked_ms(&self, status_ms: impl IntoIterator<Item = (u32, u64)>) -> u64 {
        status_ms
            .into_iter()
            .filter(|&(s, _)| self.is_adherent(s))
            .fold(0u64, |acc, (_, ms)| acc.saturating_add(ms))
    }
}

/// Adherence of one agent with `schedule`; `timeline` is `None` for an agent without events.
pub fn adherence(
    schedule: &Schedule,
    timeline: Option<&Timeline>,
    window: Window,
    opts: &AdherenceOptions,
) -> (AdherencePct, Option<AdherenceState>) {
    let k = schedule_kpis(schedule, timeline, window, opts, 0);
    (k.pct, k.state)
}

/// Adherence of one agent with `schedule` (`timeline` is `None` for an agent without events),
/// with issue 15's grace and `severe`, and, when `opts.sums`, its conformance and shrinkage;
/// `worked_ms` is the agent's time in an adherent status in the window
/// ([`AdherenceOptions::worked_ms`] of its window totals).
pub fn schedule_kpis(
    schedule: &Schedule,
    timeline: Option<&Timeline>,
    window: Window,
    opts: &AdherenceOptions,
    worked_ms: u64,
) -> ScheduleKpis {
    if schedule.bypass {
        return ScheduleKpis {
            pct: AdherencePct::Bypass,
            state: None,
            sums: None,
        };
    }
    let now = window.now();
    let statuses = Statuses::of(timeline);
    let shifts = schedule.on_shift(window.since(), now, &opts.zone);
    let walk = Walk {
        statuses: &statuses,
        timeline,
        schedule,
        window,
        opts,
    };
    let (on_shift, adherent, sums) = walk.run(&shifts);
    let pct = if on_shift == 0 {
        AdherencePct::NoShift
    } else {
        AdherencePct::Pct(percent_half_up(adherent, on_shift))
    };
    let shift_start = schedule.shift_start_at(now, &opts.zone);
    let at_now = statuses.ts.partition_point(|&t| t <= now);
    let in_adherence_now = at_now
        .checked_sub(1)
        .and_then(|k| statuses.status.get(k))
        .is_some_and(|&s| opts.is_adherent(s));
    let out_since = match shift_start {
        Some(start) if !in_adherence_now => {
            let run_start = out_of_adherence_since(&statuses, timeline, at_now, now, opts);
            Some(start.max(run_start))
        }
        _ => None,
    };
    let unit = if opts.sample_ms == 0 {
        Unit::Ms
    } else {
        Unit::Samples
    };
    let severe = out_since.is_some_and(|o| now.saturating_sub(o) >= opts.severe_ms);
    let state = AdherenceState {
        on_shift,
        adherent,
        unit,
        on_shift_now: shift_start.is_some(),
        in_adherence_now,
        out_since,
        severe,
    };
    ScheduleKpis {
        pct,
        state: Some(state),
        sums: sums.map(|mut s| {
            s.worked_ms = worked_ms;
            s.sort();
            s
        }),
    }
}

/// An agent's `ts`, `status` and `reason` columns (empty for an agent without events).
struct Statuses<'a> {
    ts: &'a [u64],
    status: &'a [u32],
    reason: &'a [u32],
}

impl<'a> Statuses<'a> {
    fn of(timeline: Option<&'a Timeline>) -> Self {
        match timeline {
            Some(t) => Statuses {
                ts: t.ts(),
                status: t.status(),
                reason: t.reason(),
            },
            None => Statuses {
                ts: &[],
                status: &[],
                reason: &[],
            },
        }
    }
}

/// One agent's adherence walk over its on-shift intervals in a window.
struct Walk<'a> {
    statuses: &'a Statuses<'a>,
    timeline: Option<&'a Timeline>,
    schedule: &'a Schedule,
    window: Window,
    opts: &'a AdherenceOptions,
}

/// An exception being walked (issue 15, rule 3): its full start, and the amount (samples, or ms)
/// of its part in the window.
#[derive(Clone, Copy, Debug)]
struct Exception {
    start: u64,
    in_window: u64,
}

impl Walk<'_> {
    /// Sample times (or ms in exact mode) in `[a, b)`, a sub-range of the window.
    fn measure(&self, a: u64, b: u64) -> u64 {
        let since = self.window.since();
        if self.opts.sample_ms == 0 {
            b.saturating_sub(a)
        } else {
            let step = self.opts.sample_ms;
            samples_before(b, since, step).saturating_sub(samples_before(a, since, step))
        }
    }

    /// On-shift and adherent amounts in the window (samples, or ms in exact mode; exceptions
    /// shorter than the grace count as adherent), and the schedule sums when asked for (worked
    /// time left at 0: the caller's). Each shift interval `[a, b)` (sorted, merged: a gap between
    /// two is off shift) is walked over the status runs overlapping it.
    fn run(&self, shifts: &[(u64, u64)]) -> (u64, u64, Option<ScheduleSums>) {
        let Statuses { ts, status, reason } = *self.statuses;
        let opts = self.opts;
        let grace = opts.grace_ms;
        let mut sums = opts.sums.then(ScheduleSums::default);
        // Pieces are non-empty sub-ranges of `[since, now)`, so their sums are bounded by
        // `now − since` < 2^53: no addition below can overflow (saturating anyway).
        let (mut on_shift, mut adherent) = (0u64, 0u64);
        for &(a, b) in shifts {
            on_shift = on_shift.saturating_add(self.measure(a, b));
            if let Some(s) = sums.as_mut() {
                s.scheduled_ms = s.scheduled_ms.saturating_add(b.saturating_sub(a));
            }
            let mut exception: Option<Exception> = None;
            // Status runs overlapping [a, b): start at the last event at or before a. `current`
            // is the index of the event in effect; before the first event (None) the status is
            // unknown: not adherent.
            let mut j = ts.partition_point(|&t| t <= a);
            let mut cursor = a;
            let mut current = j.checked_sub(1);
            while cursor < b {
                let next = ts.get(j).copied().map_or(b, |t| t.min(b));
                if next > cursor {
                    let known = current.and_then(|k| status.get(k)).copied();
                    if known.is_some_and(|s| opts.is_adherent(s)) {
                        adherent = adherent.saturating_add(self.measure(cursor, next));
                        if let Some(e) = exception.take() {
                            adherent = adherent.saturating_add(forgiven(e, cursor, grace));
                        }
                    } else {
                        if grace > 0 {
                            let e = exception.get_or_insert_with(|| Exception {
                                start: self.exception_start(cursor),
                                in_window: 0,
                            });
                            e.in_window = e.in_window.saturating_add(self.measure(cursor, next));
                        }
                        if let Some(s) = sums.as_mut() {
                            let r = current.and_then(|k| reason.get(k)).copied();
                            let r = r.unwrap_or(NO_REASON);
                            let planned = r != NO_REASON && opts.is_planned(r);
                            let key = known.map(|s| (s, r));
                            s.add_shrinkage(key, next - cursor, planned);
                        }
                    }
                }
                cursor = cursor.max(next);
                if j < status.len() {
                    current = Some(j);
                }
                j += 1;
                if j > ts.len() {
                    break;
                }
            }
            // The end of an on-shift stretch (a gap, or `now`) ends the exception.
            if let Some(e) = exception.take() {
                adherent = adherent.saturating_add(forgiven(e, b, grace));
            }
        }
        (on_shift, adherent, sums)
    }

    /// The full start of an exception whose part in the window begins at `at`: `at` itself,
    /// unless `at` is `since`, where it may have begun earlier: at the latest of the start of the
    /// on-shift stretch containing `since` and the start of the agent's stretch out of adherence
    /// in effect at `since` (rule 3: not clipped to `since`).
    fn exception_start(&self, at: u64) -> u64 {
        let since = self.window.since();
        if at != since {
            return at;
        }
        let shift = self.schedule.shift_start_at(since, &self.opts.zone);
        let upto = self.statuses.ts.partition_point(|&t| t <= since);
        let run = out_of_adherence_since(self.statuses, self.timeline, upto, since, self.opts);
        shift.unwrap_or(since).max(run).min(since)
    }
}

/// The amount an exception adds to the adherent amount once it ends at `end`: its part in the
/// window when its full length is shorter than `grace` (forgiven whole), else 0 (it counts whole).
fn forgiven(e: Exception, end: u64, grace: u64) -> u64 {
    if end.saturating_sub(e.start) < grace {
        e.in_window
    } else {
        0
    }
}

/// Where the agent's current stretch out of adherence began (before clipping to the shift start),
/// for an agent not adherent at `now`; `at_now` is the number of events at or before `now`.
///
/// The trailing run of events ending at `now` during which the agent was out of adherence: walk
/// back over non-adherent events and over adherent ones that lasted 0 ms (an adherent status at
/// the same instant as the next event does not interrupt the stretch). If it reaches the first
/// kept event of a compacted timeline, it goes on where the walk over the dropped events would have
/// stopped ([`Timeline::dropped_end`]); if it reaches the first event ever, the unknown time before
/// it is out too (0).
fn out_of_adherence_since(
    statuses: &Statuses<'_>,
    timeline: Option<&Timeline>,
    at_now: usize,
    now: u64,
    opts: &AdherenceOptions,
) -> u64 {
    let Statuses { ts, status, .. } = *statuses;
    let mut k = at_now;
    while let Some(prev) = k.checked_sub(1) {
        let begin = ts.get(prev).copied().unwrap_or(now);
        let end = ts.get(k).copied().unwrap_or(now).min(now);
        let out = status.get(prev).is_some_and(|&s| !opts.is_adherent(s));
        if out || begin >= end {
            k = prev;
        } else {
            break;
        }
    }
    if k == 0 {
        timeline
            .and_then(|t| t.dropped_end(|s| opts.is_adherent(s)))
            .unwrap_or(0)
    } else {
        ts.get(k).copied().unwrap_or(now)
    }
}

/// Number of sample times `since + k·step` (k ≥ 0) strictly before `t`: ⌈(t − since) / step⌉, 0 for
/// `t <= since`. Counting instead of stepping `since + k·step` needs no multiplication, so nothing
/// can overflow. `step` is never 0 here (0 is exact mode).
fn samples_before(t: u64, since: u64, step: u64) -> u64 {
    t.saturating_sub(since).div_ceil(step)
}
