//! Agent schedules: the platform's time-schedule rules (weekly, date, date_range; IANA zones,
//! DST-aware) or absolute segments, compiled once and evaluated to on-shift intervals.
//!
//! Rules are evaluated per local date in the schedule's zone (else the account zone, else UTC): if
//! any `date`/`date_range` rule covers the date, those rules replace the weekly rules for that date
//! (any `is_closed` makes the whole date off shift, otherwise their times apply); else the weekly
//! rules of that weekday apply. An interval whose end is not after its start is overnight and ends on
//! the next date; `"24:00"` is the next date's midnight; an interval belongs to the date it starts on.
//! Local times in a spring-forward gap move forward by the gap; ambiguous fall-back times take the
//! earlier instant (jiff's `compatible` disambiguation).

pub mod raw;
mod rules;

use std::collections::HashMap;

use jiff::tz::TimeZone;

use crate::error::{InputError, Problem};
use crate::ids::MAX_TS;
use crate::input::check_name;
pub use crate::zoned::zone;
use raw::RawSchedule;
use rules::Rules;

/// Longest look-back when finding where the shift in progress at `now` started.
const MAX_LOOKBACK_MS: u64 = 400 * 86_400_000;

/// One agent's compiled schedule.
#[derive(Clone, Debug)]
pub struct Schedule {
    /// The agent.
    pub user_id: String,
    /// Overtime / ad-hoc coverage: adherence is reported as `"bypass"`.
    pub bypass: bool,
    shape: Shape,
}

#[derive(Clone, Debug)]
enum Shape {
    Rules {
        zone: Option<TimeZone>,
        rules: Rules,
    },
    Segments(Vec<(u64, u64)>),
}

/// All agents' schedules, in the order given.
#[derive(Clone, Debug, Default)]
pub struct Schedules {
    list: Vec<Schedule>,
    by_user: HashMap<String, usize>,
}

impl Schedules {
    /// Validates every schedule; errors name the place (`schedules[2].rules[0].start_time`).
    pub fn compile(raw: &[RawSchedule]) -> Result<Schedules, InputError> {
        let mut list: Vec<Schedule> = Vec::with_capacity(raw.len());
        let mut by_user = HashMap::with_capacity(raw.len());
        for (i, r) in raw.iter().enumerate() {
            let at = format!("schedules[{i}]");
            check_name(&r.user_id, "user_id").map_err(|e| e.within(&at))?;
            if by_user.insert(r.user_id.clone(), i).is_some() {
                let user_id = r.user_id.clone();
                return Err(InputError::new(
                    format!("{at}.user_id"),
                    Problem::DuplicateSchedule { user_id },
                ));
            }
            let shape = match (&r.rules, &r.segments) {
                (Some(rules), None) => {
                    let zone = r
                        .timezone
                        .as_deref()
                        .map(|z| zone(z, &format!("{at}.timezone")))
                        .transpose()?;
                    Shape::Rules {
                        zone,
                        rules: Rules::compile(rules, &format!("{at}.rules"))?,
                    }
                }
                (None, Some(segments)) => {
                    Shape::Segments(compile_segments(segments, &format!("{at}.segments"))?)
                }
                (Some(_), Some(_)) | (None, None) => {
                    let both = r.rules.is_some();
                    return Err(InputError::new(at, Problem::RulesOrSegments { both }));
                }
            };
            list.push(Schedule {
                user_id: r.user_id.clone(),
                bypass: r.bypass,
                shape,
            });
        }
        Ok(Schedules { list, by_user })
    }

    /// The schedules, in the order given.
    pub fn iter(&self) -> impl Iterator<Item = &Schedule> {
        self.list.iter()
    }

    /// The schedule of `user_id`, if any.
    pub fn get(&self, user_id: &str) -> Option<&Schedule> {
        self.by_user.get(user_id).and_then(|&i| self.list.get(i))
    }

    /// Whether there are no schedules.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

fn compile_segments(segments: &[(u64, u64)], path: &str) -> Result<Vec<(u64, u64)>, InputError> {
    let mut out: Vec<(u64, u64, usize)> = Vec::with_capacity(segments.len());
    for (i, &(start, end)) in segments.iter().enumerate() {
        let at = format!("{path}[{i}]");
        for (v, name) in [(start, "start"), (end, "end")] {
            if v > MAX_TS {
                let got = v.to_string();
                return Err(InputError::new(
                    format!("{at}.{name}"),
                    Problem::EpochMsOutOfRange { got },
                ));
            }
        }
        if end <= start {
            return Err(InputError::new(
                at,
                Problem::EndNotAfterStart { start, end },
            ));
        }
        out.push((start, end, i));
    }
    out.sort_unstable();
    for pair in out.windows(2) {
        if let [a, b] = pair {
            if b.0 < a.1 {
                let other = format!("{path}[{}]", b.2.min(a.2));
                return Err(InputError::new(
                    format!("{path}[{}]", b.2.max(a.2)),
                    Problem::Overlaps { other },
                ));
            }
        }
    }
    Ok(out.into_iter().map(|(s, e, _)| (s, e)).collect())
}

impl Schedule {
    /// On-shift time in `[from, to)`: sorted, merged, half-open intervals. `account` is the zone
    /// for rules without their own.
    pub fn on_shift(&self, from: u64, to: u64, account: &TimeZone) -> Vec<(u64, u64)> {
        if to <= from {
            return Vec::new();
        }
        let intervals = match &self.shape {
            Shape::Segments(s) => {
                // Sorted and disjoint (checked by `compile`), so their ends are sorted too: only
                // the run with `end > from` and `start < to` can reach the range.
                let lo = s.partition_point(|&(_, b)| b <= from);
                let hi = s.partition_point(|&(a, _)| a < to).max(lo);
                s.get(lo..hi).unwrap_or_default().to_vec()
            }
            Shape::Rules { zone, rules } => {
                rules.intervals(from, to, zone.as_ref().unwrap_or(account))
            }
        };
        clip_merge(intervals, from, to)
    }

    /// The start of the merged on-shift interval containing `now`, or `None` when `now` is off
    /// shift (intervals are half-open: at exactly an interval's end, `now` is off shift).
    ///
    /// The look-back grows 2, 8, 32, 128, then 400 days and stops there: a stretch on shift without
    /// a break for more than 400 days (a 24/7 schedule) is reported as starting 400 days before
    /// `now` (or at 0).
    pub fn shift_start_at(&self, now: u64, account: &TimeZone) -> Option<u64> {
        let mut lookback = 2 * 86_400_000u64;
        loop {
            let from = now.saturating_sub(lookback);
            let on = self.on_shift(from, now.saturating_add(1), account);
            let (start, _) = *on.iter().find(|&&(a, b)| a <= now && now < b)?;
            if start > from || from == 0 || lookback >= MAX_LOOKBACK_MS {
                return Some(start);
            }
            lookback = lookback.saturating_mul(4).min(MAX_LOOKBACK_MS);
        }
    }
}

/// Sorts, merges overlapping or touching intervals, and clips them to `[from, to)`.
fn clip_merge(mut intervals: Vec<(u64, u64)>, from: u64, to: u64) -> Vec<(u64, u64)> {
    intervals.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::with_capacity(intervals.len());
    for (a, b) in intervals {
        let (a, b) = (a.max(from), b.min(to));
        if a >= b {
            continue;
        }
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}
