//! Civil time in an IANA time zone, for the callers around the fold: reading a time written by a
//! person (the CLI's `--since`, a dashboard's date picker), the first instant of a local day, and
//! the wall-clock fields of an instant. One engine (jiff, with the bundled tz database) for every
//! caller, so a command line, a browser and a CI machine agree whatever their own zone.
//!
//! Local times that do not exist (a spring-forward gap) move forward by the gap; local times that
//! happen twice (fall-back) take the earlier instant: jiff's `compatible` disambiguation, the rule
//! the schedules follow too.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;

use crate::error::{quote_excerpt, InputError, Problem};
use crate::ids::MAX_TS;

/// The time zone named `name` (an IANA name such as `"Europe/London"`, or `"UTC"`), or an error
/// at `path`.
pub fn zone(name: &str, path: &str) -> Result<TimeZone, InputError> {
    TimeZone::get(name).map_err(|_| {
        let name = name.to_string();
        InputError::new(path, Problem::UnknownZone { name })
    })
}

/// Reads a time written as text, as epoch ms:
/// - digits alone: epoch milliseconds (`"1773129600000"`);
/// - an ISO-8601 / RFC 3339 date-time with `Z` or an offset (`"2026-03-10T08:00:00Z"`,
///   `"2026-03-10T09:00:00+01:00"`): that instant exactly;
/// - a date-time without an offset (`"2026-03-10T08:00"`, seconds and fractions optional) or a
///   date alone (`"2026-03-10"`, its first instant): the wall-clock time in `zone`, never the
///   process's zone.
///
/// Fractions of a millisecond are dropped. Errors (at `path`): text of no such form, or an instant
/// before 1970 or after `MAX_TS` ([`Problem::NotTime`]).
pub fn parse_time(text: &str, zone: &TimeZone, path: &str) -> Result<u64, InputError> {
    let bad = || {
        InputError::new(
            path,
            Problem::NotTime {
                got: quote_excerpt(text),
            },
        )
    };
    let trimmed = text.trim();
    let ms = if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        trimmed.parse::<u64>().ok()
    } else {
        let (dt, offset) = iso_date_time(trimmed.as_bytes()).ok_or_else(bad)?;
        let instant = match offset {
            Some(seconds) => Offset::from_seconds(seconds)
                .ok()
                .and_then(|o| o.to_timestamp(dt).ok()),
            // `compatible`: a gap moves forward, a fold takes the earlier instant.
            None => zone.to_timestamp(dt).ok(),
        };
        epoch_ms(instant)
    };
    ms.filter(|&ms| ms <= MAX_TS).ok_or_else(bad)
}

/// Reads an event timestamp written as an ISO-8601 / RFC 3339 date-time (the forms of
/// [`parse_time`] but digits alone): with `Z` or an offset it is that instant exactly; without
/// one it is the wall-clock time in `zone`, and with no `zone` it is an error
/// ([`Problem::LocalTimeWithoutZone`]: never the process's zone). Fractions of a millisecond are
/// dropped. Errors (at `path`): not such a date-time, or an instant before 1970 or after `MAX_TS`
/// ([`Problem::NotIsoTime`]).
pub fn parse_instant(text: &str, zone: Option<&TimeZone>, path: &str) -> Result<u64, InputError> {
    let got = || quote_excerpt(text);
    let bad = || InputError::new(path, Problem::NotIsoTime { got: got() });
    let (dt, offset) = iso_date_time(text.as_bytes()).ok_or_else(bad)?;
    let instant = match (offset, zone) {
        (Some(seconds), _) => Offset::from_seconds(seconds)
            .ok()
            .and_then(|o| o.to_timestamp(dt).ok()),
        // `compatible`: a gap moves forward, a fold takes the earlier instant.
        (None, Some(zone)) => zone.to_timestamp(dt).ok(),
        (None, None) => {
            return Err(InputError::new(
                path,
                Problem::LocalTimeWithoutZone { got: got() },
            ))
        }
    };
    epoch_ms(instant).filter(|&ms| ms <= MAX_TS).ok_or_else(bad)
}

/// An ISO-8601 / RFC 3339 date-time as people and exports write it: `YYYY-MM-DD`, optionally
/// followed by `T` (or `t` or a space) and `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction` (1–9
/// digits), optionally followed by `Z` or an offset `±HH:MM`, `±HHMM` or `±HH`; the civil
/// date-time and the offset in seconds, if any. Values out of range (month 13, 25:00, …) are
/// `None`.
///
/// Written here rather than with jiff's parser: that one reads every Temporal and RFC 9557 form
/// and adds about 50 KB to the gzipped wasm; this subset is what a command line, a date picker
/// and a CSV export write.
fn iso_date_time(b: &[u8]) -> Option<(DateTime, Option<i32>)> {
    let digits = |at: usize, n: usize| -> Option<i32> {
        let part = b.get(at..at + n)?;
        part.iter().try_fold(0i32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i32::from(c - b'0'))
        })
    };
    let dash = |at: usize| b.get(at) == Some(&b'-');
    if !(dash(4) && dash(7)) {
        return None;
    }
    let date = Date::new(
        i16::try_from(digits(0, 4)?).ok()?,
        i8::try_from(digits(5, 2)?).ok()?,
        i8::try_from(digits(8, 2)?).ok()?,
    )
    .ok()?;
    if b.len() == 10 {
        return Some((date.at(0, 0, 0, 0), None));
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (digits(11, 2)?, digits(14, 2)?);
    let mut at = 16;
    let (mut second, mut nanos) = (0, 0);
    if b.get(at) == Some(&b':') {
        second = digits(at + 1, 2)?;
        at += 3;
        if matches!(b.get(at), Some(b'.' | b',')) {
            let count = b
                .get(at + 1..)?
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if !(1..=9).contains(&count) {
                return None;
            }
            nanos = digits(at + 1, count)? * 10i32.pow(9 - count as u32);
            at += 1 + count;
        }
    }
    let field = |v: i32| i8::try_from(v).ok();
    let time = Time::new(field(hour)?, field(minute)?, field(second)?, nanos).ok()?;
    let dt = DateTime::from_parts(date, time);
    let offset = match b.get(at..)? {
        [] => None,
        [b'Z' | b'z'] => Some(0),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (h, m) = match rest.len() {
                2 => (digits(at + 1, 2)?, 0),
                4 => (digits(at + 1, 2)?, digits(at + 3, 2)?),
                5 if rest.get(2) == Some(&b':') => (digits(at + 1, 2)?, digits(at + 4, 2)?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let seconds = (h * 60 + m) * 60;
            Some(if *sign == b'-' { -seconds } else { seconds })
        }
        _ => return None,
    };
    Some((dt, offset))
}

/// The first instant of the local day (in `zone`) that holds `ts` (epoch ms): local midnight, or
/// the first instant after it where midnight does not exist (a zone whose clocks spring forward at
/// midnight, such as America/Santiago or Africa/Cairo on their DST dates). `None` only beyond
/// jiff's range (never for `ts <= MAX_TS`).
pub fn start_of_day(ts: u64, zone: &TimeZone) -> Option<u64> {
    let instant = Timestamp::from_millisecond(i64::try_from(ts).ok()?).ok()?;
    let midnight = zone.to_datetime(instant).date().at(0, 0, 0, 0);
    // `compatible`: a midnight skipped by a spring-forward gap moves forward to the end of the gap,
    // which is the first instant of the day.
    epoch_ms(zone.to_timestamp(midnight).ok())
}

/// The wall-clock fields of an instant in a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WallClock {
    /// The year, e.g. 2026.
    pub year: i16,
    /// The month, 1–12.
    pub month: i8,
    /// The day of the month, 1–31.
    pub day: i8,
    /// The hour, 0–23.
    pub hour: i8,
    /// The minute, 0–59.
    pub minute: i8,
    /// The second, 0–59.
    pub second: i8,
    /// The weekday, 0 = Sunday … 6 = Saturday (the platform's `dow`).
    pub weekday: i8,
    /// The zone's offset from UTC at that instant, in seconds (east positive).
    pub offset_seconds: i32,
}

/// The wall-clock fields of `ts` (epoch ms) in `zone`; `None` only beyond jiff's range (never for
/// `ts <= MAX_TS`).
pub fn wall_clock(ts: u64, zone: &TimeZone) -> Option<WallClock> {
    let instant = Timestamp::from_millisecond(i64::try_from(ts).ok()?).ok()?;
    let dt = zone.to_datetime(instant);
    Some(WallClock {
        year: dt.year(),
        month: dt.month(),
        day: dt.day(),
        hour: dt.hour(),
        minute: dt.minute(),
        second: dt.second(),
        weekday: dt.weekday().to_sunday_zero_offset(),
        offset_seconds: zone.to_offset(instant).seconds(),
    })
}

/// Epoch ms of a jiff instant at or after 1970, else `None`.
fn epoch_ms(instant: Option<Timestamp>) -> Option<u64> {
    u64::try_from(instant?.as_millisecond()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_timestamps_need_an_offset_or_a_zone() {
        let at =
            |t: &str, z: Option<&TimeZone>| parse_instant(t, z, "ts").map_err(|e| e.to_string());
        // 2024-03-04T08:20Z by hand: 19786 days after 1970-01-01, then 8 h 20 min.
        let ms = 19_786 * 86_400_000 + (8 * 60 + 20) * 60_000;
        assert_eq!(at("2024-03-04T09:20:00+01:00", None), Ok(ms));
        assert_eq!(at("2024-03-04T08:20:00.123456Z", None), Ok(ms + 123));
        assert_eq!(at("2024-03-04T09:20:00", Some(&tz("Europe/Paris"))), Ok(ms));
        assert_eq!(
            at("2024-03-04T09:20:00", None),
            Err(r#"ts: "2024-03-04T09:20:00" has no offset and no time zone was given to read it in (set the timezone option)"#.to_string())
        );
        for bad in ["1709540400000", "yesterday", "1969-12-31T23:59:59Z", ""] {
            assert!(
                at(bad, None)
                    .unwrap_err()
                    .contains("expected an ISO-8601 date-time"),
                "{bad}"
            );
        }
    }

    fn tz(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    /// Epoch ms of a UTC date-time, from the civil-from-days formula (independent of jiff).
    fn utc(y: i64, mo: i64, d: i64, h: i64, mi: i64) -> u64 {
        let (y, m) = if mo <= 2 {
            (y - 1, mo + 9)
        } else {
            (y, mo - 3)
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * m + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        ((days * 24 + h) * 60 + mi) as u64 * 60_000
    }

    #[test]
    fn times_with_an_offset_are_exact_and_without_one_are_read_in_the_zone() {
        let ny = tz("America/New_York");
        let at = |text: &str, zone: &TimeZone| parse_time(text, zone, "t").unwrap();
        assert_eq!(at("1773129600000", &ny), 1_773_129_600_000);
        assert_eq!(at("2026-03-10T08:00:00Z", &ny), utc(2026, 3, 10, 8, 0));
        assert_eq!(at("2026-03-10T09:00:00+01:00", &ny), utc(2026, 3, 10, 8, 0));
        assert_eq!(
            at("2026-03-10T08:00:00.123Z", &ny),
            utc(2026, 3, 10, 8, 0) + 123
        );
        // New York is UTC−4 on 10 March 2026 (DST began on the 8th).
        assert_eq!(at("2026-03-10T08:00:00", &ny), utc(2026, 3, 10, 12, 0));
        assert_eq!(at("2026-03-10T08:00", &ny), utc(2026, 3, 10, 12, 0));
        assert_eq!(at("2026-03-10", &ny), utc(2026, 3, 10, 4, 0));
        assert_eq!(
            at("2026-03-10T08:00:00", &TimeZone::UTC),
            utc(2026, 3, 10, 8, 0)
        );
    }

    #[test]
    fn a_local_time_in_a_spring_forward_gap_moves_forward() {
        // New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist and is read
        // as 03:30 EDT = 07:30 UTC.
        let ny = tz("America/New_York");
        assert_eq!(
            parse_time("2026-03-08T02:30", &ny, "t").unwrap(),
            utc(2026, 3, 8, 7, 30)
        );
        // 1 November 2026: 01:30 happens twice; the earlier (EDT, UTC−4) is 05:30 UTC.
        assert_eq!(
            parse_time("2026-11-01T01:30", &ny, "t").unwrap(),
            utc(2026, 11, 1, 5, 30)
        );
    }

    #[test]
    fn the_iso_forms_people_and_exports_write() {
        let at = |text: &str| parse_time(text, &TimeZone::UTC, "t").ok();
        let base = utc(2026, 3, 10, 8, 0);
        for text in [
            "2026-03-10T08:00",
            "2026-03-10t08:00:00",
            "2026-03-10 08:00:00",
            "2026-03-10T08:00:00Z",
            "2026-03-10T08:00:00z",
            "2026-03-10T09:30:00+01:30",
            "2026-03-10T09:30+0130",
            "2026-03-10T05:00-03",
            " 2026-03-10T08:00:00.000Z ",
        ] {
            assert_eq!(at(text), Some(base), "{text}");
        }
        assert_eq!(at("2026-03-10T08:00:00.5Z"), Some(base + 500));
        assert_eq!(at("2026-03-10T08:00:00,25Z"), Some(base + 250));
        assert_eq!(at("2026-03-10T08:00:00.123456789Z"), Some(base + 123));
        for text in [
            "2026-03-10T08",
            "2026-03-10T8:00",
            "2026-03-10T25:00",
            "2026-03-10T08:60",
            "2026-03-10T08:00:61",
            "2026-02-30",
            "2026-3-10",
            "2026-03-10T08:00:00.",
            "2026-03-10T08:00:00.1234567890Z",
            "2026-03-10T08:00Zx",
            "2026-03-10T08:00+24:00",
            "2026-03-10T08:00+01:",
            "2026-03-10T08:00:00[Europe/London]",
            "+2026-03-10",
        ] {
            assert_eq!(at(text), None, "{text}");
        }
    }

    proptest::proptest! {
        /// The subset parser agrees with jiff's full parser (the reference) on every date-time it
        /// builds from parts, with and without an offset.
        #[test]
        fn iso_subset_agrees_with_jiffs_parser(
            y in 1970i32..2200, mo in 1i32..=12, d in 1i32..=28, h in 0i32..24, mi in 0i32..60,
            sec in proptest::option::of(0i32..60), frac in proptest::option::of(1u32..=9),
            offset in proptest::option::of((proptest::bool::ANY, 0i32..24, 0i32..60)),
        ) {
            let mut text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}");
            if let Some(s) = sec {
                text.push_str(&format!(":{s:02}"));
                if let Some(n) = frac {
                    text.push('.');
                    text.push_str(&"7".repeat(n as usize));
                }
            }
            let ny = tz("America/New_York");
            let expected = match offset {
                Some((minus, oh, om)) => {
                    text.push_str(&format!("{}{oh:02}:{om:02}", if minus { '-' } else { '+' }));
                    text.parse::<Timestamp>().ok().map(|t| t.as_millisecond())
                }
                None => text
                    .parse::<DateTime>()
                    .ok()
                    .and_then(|dt| ny.to_timestamp(dt).ok())
                    .map(|t| t.as_millisecond()),
            };
            let got = parse_time(&text, &ny, "t").ok().map(|ms| ms as i64);
            proptest::prop_assert_eq!(got, expected.filter(|&ms| ms >= 0), "{}", text);
        }
    }

    #[test]
    fn bad_times_name_the_field() {
        for text in [
            "yesterday",
            "",
            "2026-13-01",
            "1969-12-31T23:59:59Z",
            "99999999999999999",
        ] {
            let e = parse_time(text, &TimeZone::UTC, "--since").unwrap_err();
            assert_eq!(
                e.to_string(),
                format!(
                    "--since: expected epoch milliseconds or an ISO-8601 date-time, got {}",
                    quote_excerpt(text)
                )
            );
        }
    }

    #[test]
    fn days_start_at_their_first_instant_even_when_midnight_does_not_exist() {
        // America/Santiago, 6 September 2026: clocks go from 00:00 (UTC−4) to 01:00 (UTC−3); the
        // day starts at 01:00 local = 04:00 UTC.
        let santiago = tz("America/Santiago");
        let noon = utc(2026, 9, 6, 15, 0);
        assert_eq!(start_of_day(noon, &santiago), Some(utc(2026, 9, 6, 4, 0)));
        // Africa/Cairo, 24 April 2026: 00:00 (UTC+2) becomes 01:00 (UTC+3); the day starts at
        // 01:00 local = 22:00 UTC on the 23rd.
        let cairo = tz("Africa/Cairo");
        let noon = utc(2026, 4, 24, 9, 0);
        assert_eq!(start_of_day(noon, &cairo), Some(utc(2026, 4, 23, 22, 0)));
        // An ordinary day: local midnight.
        let london = tz("Europe/London");
        assert_eq!(
            start_of_day(utc(2026, 1, 15, 13, 0), &london),
            Some(utc(2026, 1, 15, 0, 0))
        );
    }

    #[test]
    fn wall_clock_fields() {
        let ny = tz("America/New_York");
        let w = wall_clock(utc(2026, 3, 10, 12, 34) + 56_000, &ny).unwrap();
        assert_eq!(
            (w.year, w.month, w.day, w.hour, w.minute, w.second),
            (2026, 3, 10, 8, 34, 56)
        );
        assert_eq!(w.weekday, 2); // a Tuesday
        assert_eq!(w.offset_seconds, -4 * 3600);
    }
}
