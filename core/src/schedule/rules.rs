//! The rules form of a schedule: weekly rules per weekday plus `date`/`date_range` overrides,
//! validated once and evaluated per local date.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::error::{quote_excerpt, InputError, Problem};
use crate::ids::MAX_TS;
use crate::schedule::raw::RawRule;

/// Minutes after local midnight; 1440 is `"24:00"` (only as an end).
type Minute = u16;

/// A date or date range that replaces the weekly rules on the dates it covers.
#[derive(Clone, Debug)]
struct Override {
    first: Date,
    last: Date,
    closed: bool,
    times: Option<(Minute, Minute)>,
}

/// Compiled rules of one schedule.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    /// Intervals per weekday, 0 = Sunday.
    weekly: [Vec<(Minute, Minute)>; 7],
    overrides: Vec<Override>,
}

/// Parses `"HH:MM"` (00:00–23:59; `"24:00"` too when `end`).
fn time(value: Option<&str>, path: &str, end: bool) -> Result<Minute, InputError> {
    let Some(s) = value else {
        return Err(InputError::new(path, Problem::MissingTime));
    };
    let bad = || {
        let text = s.to_string();
        InputError::new(path, Problem::BadTime { text, end })
    };
    let b = s.as_bytes();
    if b.len() != 5 || b.get(2) != Some(&b':') {
        return Err(bad());
    }
    let digit = |i: usize| {
        b.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| Minute::from(c - b'0'))
    };
    let (Some(h1), Some(h2), Some(m1), Some(m2)) = (digit(0), digit(1), digit(3), digit(4)) else {
        return Err(bad());
    };
    let (h, m) = (h1 * 10 + h2, m1 * 10 + m2);
    match (h, m) {
        (24, 0) if end => Ok(1440),
        (0..=23, 0..=59) => Ok(h * 60 + m),
        _ => Err(bad()),
    }
}

/// Parses `"YYYY-MM-DD"` (a real calendar date).
fn date(value: Option<&str>, path: &str) -> Result<Date, InputError> {
    let Some(s) = value else {
        return Err(InputError::new(path, Problem::MissingDate));
    };
    let bad = || {
        let text = s.to_string();
        InputError::new(path, Problem::BadDate { text })
    };
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| -> Option<i16> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return Err(bad());
    };
    let (Ok(m), Ok(d)) = (i8::try_from(m), i8::try_from(d)) else {
        return Err(bad());
    };
    Date::new(y, m, d).map_err(|_| bad())
}

impl Rules {
    /// Validates `rules` (path `schedules[i].rules`).
    pub fn compile(rules: &[RawRule], path: &str) -> Result<Rules, InputError> {
        let mut out = Rules::default();
        for (j, r) in rules.iter().enumerate() {
            let at = |field: &str| format!("{path}[{j}].{field}");
            match r.kind.as_str() {
                "weekly" => {
                    let dow = r.dow.ok_or_else(|| {
                        let got = "missing".to_string();
                        InputError::new(at("dow"), Problem::NotDow { got })
                    })?;
                    let slot = usize::try_from(dow)
                        .ok()
                        .and_then(|d| out.weekly.get_mut(d))
                        .ok_or_else(|| {
                            let got = dow.to_string();
                            InputError::new(at("dow"), Problem::DowOutOfRange { got })
                        })?;
                    let start = time(r.start_time.as_deref(), &at("start_time"), false)?;
                    let end = time(r.end_time.as_deref(), &at("end_time"), true)?;
                    slot.push((start, end));
                }
                "date" | "date_range" => {
                    let first = date(r.start_date.as_deref(), &at("start_date"))?;
                    let last = if r.kind == "date" {
                        first
                    } else {
                        let last = date(r.end_date.as_deref(), &at("end_date"))?;
                        if last < first {
                            return Err(InputError::new(
                                at("end_date"),
                                Problem::EndDateBeforeStart {
                                    start: first,
                                    end: last,
                                },
                            ));
                        }
                        last
                    };
                    let times = if r.is_closed {
                        None
                    } else {
                        Some((
                            time(r.start_time.as_deref(), &at("start_time"), false)?,
                            time(r.end_time.as_deref(), &at("end_time"), true)?,
                        ))
                    };
                    out.overrides.push(Override {
                        first,
                        last,
                        closed: r.is_closed,
                        times,
                    });
                }
                other => {
                    let got = quote_excerpt(other);
                    return Err(InputError::new(
                        at("kind"),
                        Problem::UnknownRuleKind { got },
                    ));
                }
            }
        }
        Ok(out)
    }

    /// The on-shift intervals (unmerged, epoch ms) of every local date that can reach `[from, to)`.
    ///
    /// One pass over the dates from the day before `from`'s date (an overnight interval may carry
    /// into it) to `to`'s date, with the overrides swept in order of their first date, so the cost is
    /// O(dates + overrides · log overrides + intervals) and a date allocates nothing.
    pub fn intervals(&self, from: u64, to: u64, zone: &TimeZone) -> Vec<(u64, u64)> {
        let local_date = |ms: u64| -> Date {
            // jiff's Timestamp range (years −9999 to 9999) is narrower than epoch ms up to 2^53 − 1;
            // later instants are clamped to its end (no rule date can lie beyond it anyway).
            let clamped = i64::try_from(ms)
                .unwrap_or(i64::MAX)
                .min(Timestamp::MAX.as_millisecond());
            let ts = Timestamp::from_millisecond(clamped).unwrap_or(Timestamp::MAX);
            zone.to_datetime(ts).date()
        };
        let first = local_date(from).yesterday().unwrap_or(Date::MIN);
        let last = local_date(to.saturating_sub(1));
        let mut pending: Vec<&Override> = self
            .overrides
            .iter()
            .filter(|o| o.last >= first && o.first <= last)
            .collect();
        // Reversed so that the next override to start is at the end (popped in date order).
        pending.sort_by_key(|o| std::cmp::Reverse(o.first));
        let mut active: Vec<&Override> = Vec::new();
        let mut times: Vec<(Minute, Minute)> = Vec::new();
        let mut out = Vec::new();
        let mut day = first;
        while day <= last {
            while pending.last().is_some_and(|o| o.first <= day) {
                active.extend(pending.pop());
            }
            active.retain(|o| o.last >= day);
            self.day(day, &active, &mut times);
            for &(start, end) in &times {
                if let (Some(a), Some(b)) = (
                    instant(zone, day, start),
                    end_instant(zone, day, start, end),
                ) {
                    if a < b && b > from && a < to {
                        out.push((a, b));
                    }
                }
            }
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        out
    }

    /// Fills `times` with the intervals that start on local date `day`, given the overrides that
    /// cover it (`covering`): those replace the weekly rules; any closed one makes the date off.
    fn day(&self, day: Date, covering: &[&Override], times: &mut Vec<(Minute, Minute)>) {
        times.clear();
        if covering.is_empty() {
            let dow = usize::try_from(day.weekday().to_sunday_zero_offset()).unwrap_or(0);
            if let Some(weekly) = self.weekly.get(dow) {
                times.extend_from_slice(weekly);
            }
        } else if !covering.iter().any(|o| o.closed) {
            times.extend(covering.iter().filter_map(|o| o.times));
        }
    }
}

/// Epoch ms of local `day` at `minute` after midnight (1440 = next midnight), gap times moved
/// forward by the gap and fold times at the earlier instant (`TimeZone::to_timestamp` uses jiff's
/// `compatible` disambiguation, which does both).
///
/// Saturates to `[0, MAX_TS]`: no window reaches outside it, so an interval that straddles the epoch
/// (an overnight shift from 1969-12-31) keeps its part after 0 instead of being dropped, and one
/// wholly outside becomes empty.
fn instant(zone: &TimeZone, day: Date, minute: Minute) -> Option<u64> {
    let (day, minute) = if minute >= 1440 {
        (day.tomorrow().ok()?, minute - 1440)
    } else {
        (day, minute)
    };
    let h = i8::try_from(minute / 60).ok()?;
    let m = i8::try_from(minute % 60).ok()?;
    let dt: DateTime = day.at(h, m, 0, 0);
    let ms = zone.to_timestamp(dt).ok()?.as_millisecond();
    Some(u64::try_from(ms).unwrap_or(0).min(MAX_TS))
}

/// The end instant of an interval starting on `day`: overnight when `end <= start`.
fn end_instant(zone: &TimeZone, day: Date, start: Minute, end: Minute) -> Option<u64> {
    if end <= start {
        instant(zone, day.tomorrow().ok()?, end)
    } else {
        instant(zone, day, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_to_minutes() {
        let t = |s: &str, end: bool| time(Some(s), "t", end).ok();
        assert_eq!(t("00:00", false), Some(0));
        assert_eq!(t("07:05", false), Some(7 * 60 + 5));
        assert_eq!(t("23:59", false), Some(1439));
        assert_eq!(t("24:00", true), Some(1440));
        for bad in [
            "24:00", "24:01", "25:00", "5pm", "7:00", "07:60", "0700", "07:00:00", "-1:00",
        ] {
            assert_eq!(t(bad, false), None, "{bad}");
        }
        assert_eq!(t("24:01", true), None);
        assert!(time(None, "t", true).is_err());
    }

    #[test]
    fn dates_parse_to_real_calendar_dates() {
        let d = |s: &str| date(Some(s), "d").ok();
        assert_eq!(d("2026-03-09"), Date::new(2026, 3, 9).ok());
        assert_eq!(d("2028-02-29"), Date::new(2028, 2, 29).ok());
        for bad in [
            "2026-02-29",
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-3-9",
            "20260309",
            "+026-03-09",
            "2026-03-09T00",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }
}
