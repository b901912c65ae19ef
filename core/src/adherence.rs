//! Schedule adherence: when an agent was scheduled to be on the phones, were they?
//!
//! The window `[since, now)` is cut into pieces where both the on-shift state and the agent's
//! status are constant. In sampled mode a piece `[a, b)` weighs the number of sample times
//! `since + k·step` inside it; in exact mode, its length in ms. On-shift pieces add to `on_shift`,
//! and those in an adherent status to `adherent` as well (before the agent's first event the status
//! is unknown: not adherent). Counting samples per piece instead of visiting every sample makes the
//! cost O(events + intervals) whatever the sample step.

use jiff::tz::TimeZone;

use crate::kpi::{percent_half_up, AdherencePct, AdherenceState, Unit};
use crate::schedule::Schedule;
use crate::timeline::Timeline;
use crate::window::Window;

/// The platform's default sample step: 5 minutes.
pub const DEFAULT_SAMPLE_MS: u64 = 300_000;

/// The default statuses that count as "on the phones".
pub const DEFAULT_ADHERENT: [&str; 5] = ["ready", "incall", "wrapup", "ring", "extcall"];

/// How adherence is measured.
#[derive(Clone, Debug)]
pub struct AdherenceOptions {
    /// The account zone, for rules without their own.
    pub zone: TimeZone,
    /// Sample step in ms; 0 = exact mode.
    pub sample_ms: u64,
    /// Adherent status ids (`true` at the id of every adherent status).
    pub adherent: Vec<bool>,
}

impl AdherenceOptions {
    fn is_adherent(&self, status: u32) -> bool {
        self.adherent.get(status as usize).copied().unwrap_or(false)
    }
}

/// Adherence of one agent with `schedule`; `timeline` is `None` for an agent without events.
pub fn adherence(
    schedule: &Schedule,
    timeline: Option<&Timeline>,
    window: Window,
    opts: &AdherenceOptions,
) -> (AdherencePct, Option<AdherenceState>) {
    if schedule.bypass {
        return (AdherencePct::Bypass, None);
    }
    let now = window.now();
    let statuses = Statuses::of(timeline);
    let shifts = schedule.on_shift(window.since(), now, &opts.zone);
    let (on_shift, adherent) = on_shift_and_adherent(&shifts, &statuses, window, opts);
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
    let state = AdherenceState {
        on_shift,
        adherent,
        unit,
        on_shift_now: shift_start.is_some(),
        in_adherence_now,
        out_since,
    };
    (pct, Some(state))
}

/// An agent's `ts` and `status` columns (empty for an agent without events).
struct Statuses<'a> {
    ts: &'a [u64],
    status: &'a [u32],
}

impl<'a> Statuses<'a> {
    fn of(timeline: Option<&'a Timeline>) -> Self {
        match timeline {
            Some(t) => Statuses {
                ts: t.ts(),
                status: t.status(),
            },
            None => Statuses {
                ts: &[],
                status: &[],
            },
        }
    }
}

/// On-shift and adherent amounts in the window (samples, or ms in exact mode): each shift interval
/// `[a, b)` is walked over the status runs overlapping it.
fn on_shift_and_adherent(
    shifts: &[(u64, u64)],
    statuses: &Statuses<'_>,
    window: Window,
    opts: &AdherenceOptions,
) -> (u64, u64) {
    let Statuses { ts, status } = *statuses;
    let since = window.since();
    // Pieces are non-empty sub-ranges of `[since, now)` (a <= b), and `samples_before` grows with
    // its argument, so neither subtraction can underflow (saturating anyway). Sums of pieces are
    // bounded by `now − since` < 2^53, so the additions below cannot overflow either.
    let measure = |a: u64, b: u64| -> u64 {
        if opts.sample_ms == 0 {
            b.saturating_sub(a)
        } else {
            samples_before(b, since, opts.sample_ms).saturating_sub(samples_before(
                a,
                since,
                opts.sample_ms,
            ))
        }
    };
    let (mut on_shift, mut adherent) = (0u64, 0u64);
    for &(a, b) in shifts {
        on_shift = on_shift.saturating_add(measure(a, b));
        // Status runs overlapping [a, b): start at the last event at or before a.
        let mut j = ts.partition_point(|&t| t <= a);
        let mut cursor = a;
        // Before the first event (j == 0) the status is unknown: not adherent.
        let mut current = j.checked_sub(1).and_then(|k| status.get(k)).copied();
        while cursor < b {
            let next = ts.get(j).copied().map_or(b, |t| t.min(b));
            if current.is_some_and(|s| opts.is_adherent(s)) && next > cursor {
                adherent = adherent.saturating_add(measure(cursor, next));
            }
            cursor = cursor.max(next);
            if let Some(&s) = status.get(j) {
                current = Some(s);
            }
            j += 1;
            if j > ts.len() {
                break;
            }
        }
    }
    (on_shift, adherent)
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
    let Statuses { ts, status } = *statuses;
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
