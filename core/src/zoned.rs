//! Civil time in an IANA time zone, for the callers around the fold: reading a time written by a
//! person (the CLI's `--since`, a dashboard's date picker), the first instant of a local day, and
//! the wall-clock fields of an instant. One engine (jiff, with the bundled tz database) for every
//! caller, so a command line, a browser and a CI machine agree whatever their own zone.
//!
//! Local times that do not exist (a spring-forward gap) move forward by the gap; local times that
//! happen twice (fall-back) take the earlier instant: jiff's `compatible` disambiguation, the rule
//! the schedules follow too.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
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
    } else if let Ok(ts) = trimmed.parse::<Timestamp>() {
        u64::try_from(ts.as_millisecond()).ok()
    } else if let Ok(dt) = trimmed.parse::<DateTime>() {
        epoch_ms(
            dt.to_zoned_datetime(zone.clone())
                .ok()
                .map(|z| z.timestamp()),
        )
    } else if let Ok(day) = trimmed.parse::<Date>() {
        epoch_ms(
            day.to_zoned_datetime(zone.clone())
                .ok()
                .map(|z| z.timestamp()),
        )
    } else {
        None
    };
    ms.filter(|&ms| ms <= MAX_TS).ok_or_else(bad)
}

/// The first instant of the local day (in `zone`) that holds `ts` (epoch ms): local midnight, or
/// the first instant after it where midnight does not exist (a zone whose clocks spring forward at
/// midnight, such as America/Santiago or Africa/Cairo on their DST dates). `None` only beyond
/// jiff's range (never for `ts <= MAX_TS`).
pub fn start_of_day(ts: u64, zone: &TimeZone) -> Option<u64> {
    let instant = Timestamp::from_millisecond(i64::try_from(ts).ok()?).ok()?;
    let start = instant
        .to_zoned_datetime(zone.clone())
        .start_of_day()
        .ok()?;
    epoch_ms(Some(start.timestamp()))
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
    let z = instant.to_zoned_datetime(zone.clone());
    Some(WallClock {
        year: z.year(),
        month: z.month(),
        day: z.day(),
        hour: z.hour(),
        minute: z.minute(),
        second: z.second(),
        weekday: z.weekday().to_sunday_zero_offset(),
        offset_seconds: z.offset().seconds(),
    })
}

/// Epoch ms of a jiff instant at or after 1970, else `None`.
fn epoch_ms(instant: Option<Timestamp>) -> Option<u64> {
    u64::try_from(instant?.as_millisecond()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

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
