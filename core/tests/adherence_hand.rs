//! Issue 3 on the pure core, called directly: [`Schedules::compile`], [`Schedule::on_shift`] and
//! [`adherence`]. Every expected value is hand-computed; the arithmetic is in the comments. Epoch
//! values of local times were cross-checked with Python's `zoneinfo`, never with this crate.

use agent_kpis_core::schedule::raw::{RawRule, RawSchedule};
use agent_kpis_core::schedule::{Schedule, Schedules};
use agent_kpis_core::ErrorKind;
use agent_kpis_core::{adherence, AdherenceOptions, AdherencePct, AdherenceState, Unit};
use agent_kpis_core::{EventRef, Window};
use agent_kpis_core::{EventStore, MAX_TS};
use jiff::tz::TimeZone;

const MIN: u64 = 60_000;
const HOUR: u64 = 3_600_000;
const DAY: u64 = 86_400_000;
/// 2026-03-09 00:00Z, a Monday (1,773,014,400,000 = 20,521 days × 86,400,000).
const MON: u64 = 1_773_014_400_000;
/// 2026-03-07 00:00Z, a Saturday (MON − 2 days).
const SAT_MAR7: u64 = MON - 2 * DAY;
/// 2026-10-31 00:00Z, a Saturday.
const SAT_OCT31: u64 = 1_793_404_800_000;
const FIVE_MIN: u64 = 5 * MIN;

// ---------------------------------------------------------------- builders

fn weekly(dow: i64, start: &str, end: &str) -> RawRule {
    RawRule::weekly(dow, start, end)
}

fn date(day: &str, start: &str, end: &str) -> RawRule {
    RawRule {
        kind: "date".into(),
        start_date: Some(day.into()),
        start_time: Some(start.into()),
        end_time: Some(end.into()),
        ..RawRule::default()
    }
}

fn closed(first: &str, last: Option<&str>) -> RawRule {
    RawRule {
        kind: if last.is_some() { "date_range" } else { "date" }.into(),
        start_date: Some(first.into()),
        end_date: last.map(Into::into),
        is_closed: true,
        ..RawRule::default()
    }
}

fn range(first: &str, last: &str, start: &str, end: &str) -> RawRule {
    RawRule {
        kind: "date_range".into(),
        start_date: Some(first.into()),
        end_date: Some(last.into()),
        start_time: Some(start.into()),
        end_time: Some(end.into()),
        ..RawRule::default()
    }
}

fn with_rules(tz: Option<&str>, rules: Vec<RawRule>) -> RawSchedule {
    RawSchedule {
        user_id: "a".into(),
        timezone: tz.map(Into::into),
        rules: Some(rules),
        ..RawSchedule::default()
    }
}

fn with_segments(segments: Vec<(u64, u64)>) -> RawSchedule {
    RawSchedule {
        user_id: "a".into(),
        segments: Some(segments),
        ..RawSchedule::default()
    }
}

/// Compiles one schedule.
fn one(raw: RawSchedule) -> Schedule {
    Schedules::compile(&[raw])
        .unwrap()
        .iter()
        .next()
        .unwrap()
        .clone()
}

fn utc_shift(raw: RawSchedule, from: u64, to: u64) -> Vec<(u64, u64)> {
    one(raw).on_shift(from, to, &TimeZone::UTC)
}

/// Agent "a"'s events (input order kept for equal `ts`) and adherence options with `adherent`.
struct Log {
    store: EventStore,
}

impl Log {
    fn new(events: &[(u64, &str)]) -> Log {
        let mut store = EventStore::new();
        // Intern every default adherent status and "paused" so that the bitset is complete.
        for s in [
            "ready", "incall", "wrapup", "ring", "extcall", "paused", "idle",
        ] {
            store.intern_status(s).unwrap();
        }
        for &(ts, status) in events {
            store.push(EventRef::new("a", ts, status)).unwrap();
        }
        store.prepare();
        Log { store }
    }

    fn opts(&self, sample_ms: u64, adherent: &[&str]) -> AdherenceOptions {
        let statuses = self.store.statuses();
        let mut bits = vec![false; statuses.len()];
        for name in adherent {
            bits[statuses.lookup(name).unwrap() as usize] = true;
        }
        AdherenceOptions::new(TimeZone::UTC, sample_ms, bits)
    }

    /// Adherence of agent "a" with the default adherent statuses.
    fn run(
        &self,
        schedule: &Schedule,
        since: u64,
        now: u64,
        sample_ms: u64,
    ) -> (AdherencePct, Option<AdherenceState>) {
        let opts = self.opts(sample_ms, &["ready", "incall", "wrapup", "ring", "extcall"]);
        self.run_with(schedule, since, now, &opts)
    }

    fn run_with(
        &self,
        schedule: &Schedule,
        since: u64,
        now: u64,
        opts: &AdherenceOptions,
    ) -> (AdherencePct, Option<AdherenceState>) {
        let timeline = self
            .store
            .agents()
            .lookup("a")
            .map(|id| &self.store.timelines()[id as usize]);
        adherence(schedule, timeline, Window::new(since, now).unwrap(), opts)
    }

    fn state(&self, schedule: &Schedule, since: u64, now: u64, sample_ms: u64) -> AdherenceState {
        self.run(schedule, since, now, sample_ms).1.unwrap()
    }
}

/// Weekly Monday 09:00–17:00 UTC.
fn mon_9_17() -> Schedule {
    one(with_rules(None, vec![weekly(1, "09:00", "17:00")]))
}

fn at(h: u64, m: u64) -> u64 {
    MON + h * HOUR + m * MIN
}

// ---------------------------------------------------------------- rule 1: shift evaluation

#[test]
fn weekly_intervals_are_merged_when_adjacent_or_overlapping() {
    // Monday 09–12, 12–17 (adjacent) and 16–18 (overlapping) → one interval 09:00–18:00.
    // Monday 20:00–24:00 and Tuesday 00:00–02:00 touch at midnight → 20:00–26:00.
    let raw = with_rules(
        None,
        vec![
            weekly(1, "09:00", "12:00"),
            weekly(1, "12:00", "17:00"),
            weekly(1, "16:00", "18:00"),
            weekly(1, "20:00", "24:00"),
            weekly(2, "00:00", "02:00"),
        ],
    );
    assert_eq!(
        utc_shift(raw, MON, MON + 2 * DAY),
        vec![(at(9, 0), at(18, 0)), (at(20, 0), at(26, 0))]
    );
}

#[test]
fn on_shift_is_clipped_and_half_open() {
    let s = mon_9_17();
    let utc = TimeZone::UTC;
    assert_eq!(
        s.on_shift(at(10, 0), at(12, 0), &utc),
        vec![(at(10, 0), at(12, 0))]
    );
    // [17:00, 18:00) starts at the shift's (exclusive) end → nothing.
    assert!(s.on_shift(at(17, 0), at(18, 0), &utc).is_empty());
    // [08:00, 09:00) ends where the shift starts → nothing; empty or reversed ranges → nothing.
    assert!(s.on_shift(at(8, 0), at(9, 0), &utc).is_empty());
    assert!(s.on_shift(at(10, 0), at(10, 0), &utc).is_empty());
    assert!(s.on_shift(at(12, 0), at(10, 0), &utc).is_empty());
}

#[test]
fn overnight_interval_carries_into_the_next_date() {
    // Sunday 22:00–06:00 starts 2026-03-08 22:00Z = MON − 2 h and ends MON + 6 h. A query
    // [MON 01:00, MON 03:00) lies entirely inside the part after midnight → the whole query.
    let raw = with_rules(None, vec![weekly(0, "22:00", "06:00")]);
    assert_eq!(
        utc_shift(raw.clone(), at(1, 0), at(3, 0)),
        vec![(at(1, 0), at(3, 0))]
    );
    assert_eq!(
        utc_shift(raw, MON - DAY, MON + DAY),
        vec![(MON - 2 * HOUR, at(6, 0))]
    );
}

#[test]
fn overnight_interval_before_the_epoch_is_clipped_not_dropped() {
    // 1970-01-01 was a Thursday, so 1969-12-31 is a Wednesday (dow 3). Wednesday 22:00–06:00 UTC
    // runs from −2 h to +6 h: its part in [0, 10 h) is [0, 6 h).
    let raw = with_rules(None, vec![weekly(3, "22:00", "06:00")]);
    assert_eq!(utc_shift(raw, 0, 10 * HOUR), vec![(0, 6 * HOUR)]);
    // New York: Wednesday 18:00–02:00. 1969-12-31 18:00 EST = 23:00Z = −3,600,000; it ends on
    // 1970-01-01 02:00 EST = 07:00Z = 25,200,000. Thursday has no rule → [(0, 7 h)].
    let raw = with_rules(
        Some("America/New_York"),
        vec![weekly(3, "18:00", "02:00"), weekly(4, "18:00", "19:00")],
    );
    // Thursday 1970-01-01 18:00 EST = 23:00Z = 82,800,000 to 19:00 EST = 24:00Z = 86,400,000.
    assert_eq!(
        utc_shift(raw, 0, DAY),
        vec![(0, 7 * HOUR), (23 * HOUR, 24 * HOUR)]
    );
}

#[test]
fn schedule_zone_else_account_zone() {
    // Monday 09:00–17:00 on 2026-03-09: Berlin is UTC+1 (CET) → 08:00Z–16:00Z; Tokyo UTC+9 →
    // 00:00Z–08:00Z.
    let s = one(with_rules(None, vec![weekly(1, "09:00", "17:00")]));
    let berlin = TimeZone::get("Europe/Berlin").unwrap();
    assert_eq!(
        s.on_shift(MON, MON + DAY, &berlin),
        vec![(at(8, 0), at(16, 0))]
    );
    let s = one(with_rules(
        Some("Asia/Tokyo"),
        vec![weekly(1, "09:00", "17:00")],
    ));
    assert_eq!(s.on_shift(MON, MON + DAY, &berlin), vec![(MON, at(8, 0))]);
}

#[test]
fn date_rule_replaces_the_weekly_rules_of_that_date_only() {
    // Weekly Mon and Tue 09–17; Tuesday 2026-03-10 overridden to 13:00–15:00.
    let raw = with_rules(
        None,
        vec![
            weekly(1, "09:00", "17:00"),
            weekly(2, "09:00", "17:00"),
            date("2026-03-10", "13:00", "15:00"),
        ],
    );
    assert_eq!(
        utc_shift(raw, MON, MON + 2 * DAY),
        vec![(at(9, 0), at(17, 0)), (at(37, 0), at(39, 0))]
    );
}

#[test]
fn date_range_override_and_closed_wins_on_a_shared_date() {
    // Weekly Mon–Thu 09–17. date_range 03-09..03-11 10–12, date 03-10 14–16, 03-11 closed.
    //   Mon 03-09: range only       → 10–12
    //   Tue 03-10: range + date     → 10–12, 14–16
    //   Wed 03-11: range + closed   → off all day
    //   Thu 03-12: no override      → weekly 09–17
    let mut rules: Vec<RawRule> = (1..=4).map(|d| weekly(d, "09:00", "17:00")).collect();
    rules.push(range("2026-03-09", "2026-03-11", "10:00", "12:00"));
    rules.push(date("2026-03-10", "14:00", "16:00"));
    rules.push(closed("2026-03-11", None));
    assert_eq!(
        utc_shift(with_rules(None, rules), MON, MON + 4 * DAY),
        vec![
            (at(10, 0), at(12, 0)),
            (at(24 + 10, 0), at(24 + 12, 0)),
            (at(24 + 14, 0), at(24 + 16, 0)),
            (at(72 + 9, 0), at(72 + 17, 0)),
        ]
    );
}

#[test]
fn closed_date_range_is_off_and_does_not_cut_the_previous_night() {
    // Every day 22:00–06:00; 03-09..03-10 closed. Sunday 03-08's night runs to Monday 06:00 (it
    // belongs to Sunday); Monday's and Tuesday's nights are off; Wednesday 03-11 22:00 is on again.
    let mut rules: Vec<RawRule> = (0..=6).map(|d| weekly(d, "22:00", "06:00")).collect();
    rules.push(closed("2026-03-09", Some("2026-03-10")));
    assert_eq!(
        utc_shift(with_rules(None, rules), MON, MON + 3 * DAY),
        vec![(MON, at(6, 0)), (at(48 + 22, 0), MON + 3 * DAY)]
    );
}

#[test]
fn end_at_24_00_and_equal_start_end_are_next_midnight() {
    // "20:00"–"24:00" ends at the next midnight (4 h); "00:00"–"24:00" is the whole date (24 h);
    // "06:00"–"06:00" is overnight: 06:00 to the next date's 06:00 (24 h).
    let raw = with_rules(None, vec![date("2026-03-09", "20:00", "24:00")]);
    assert_eq!(
        utc_shift(raw, MON, MON + 2 * DAY),
        vec![(at(20, 0), at(24, 0))]
    );
    let raw = with_rules(None, vec![date("2026-03-09", "00:00", "24:00")]);
    assert_eq!(
        utc_shift(raw, MON - DAY, MON + 2 * DAY),
        vec![(MON, MON + DAY)]
    );
    let raw = with_rules(None, vec![date("2026-03-09", "06:00", "06:00")]);
    assert_eq!(
        utc_shift(raw, MON - DAY, MON + 2 * DAY),
        vec![(at(6, 0), at(30, 0))]
    );
}

#[test]
fn whole_spring_forward_date_is_23_hours() {
    // New York 2026-03-08 00:00 EST = 05:00Z to 24:00 = 03-09 00:00 EDT = 04:00Z: 23 h.
    let raw = with_rules(
        Some("America/New_York"),
        vec![date("2026-03-08", "00:00", "24:00")],
    );
    assert_eq!(
        utc_shift(raw, SAT_MAR7, MON + DAY),
        vec![(MON - DAY + 5 * HOUR, MON + 4 * HOUR)]
    );
}

#[test]
fn spring_forward_overnight_shift_is_7_hours() {
    // Saturday 2026-03-07 22:00 EST (UTC−5) = 03-08 03:00Z = 1,772,938,800,000; Sunday 06:00 EDT
    // (UTC−4) = 10:00Z. 10 − 3 = 7 h (not 8).
    let raw = with_rules(Some("America/New_York"), vec![weekly(6, "22:00", "06:00")]);
    let start = SAT_MAR7 + DAY + 3 * HOUR;
    assert_eq!(start, 1_772_938_800_000);
    assert_eq!(
        utc_shift(raw, SAT_MAR7, SAT_MAR7 + 3 * DAY),
        vec![(start, start + 7 * HOUR)]
    );
}

#[test]
fn spring_forward_gap_times_move_forward_by_the_gap() {
    // 2026-03-08 New York: 02:00–03:00 does not exist. A start at 02:30 → 03:30 EDT = 07:30Z;
    // end 04:00 EDT = 08:00Z. An end at 02:30 (from 01:00 EST = 06:00Z) → 07:30Z as well.
    let sun = SAT_MAR7 + DAY;
    let raw = with_rules(
        Some("America/New_York"),
        vec![date("2026-03-08", "02:30", "04:00")],
    );
    assert_eq!(
        utc_shift(raw, SAT_MAR7, MON + DAY),
        vec![(sun + 7 * HOUR + 30 * MIN, sun + 8 * HOUR)]
    );
    let raw = with_rules(
        Some("America/New_York"),
        vec![date("2026-03-08", "01:00", "02:30")],
    );
    assert_eq!(
        utc_shift(raw, SAT_MAR7, MON + DAY),
        vec![(sun + 6 * HOUR, sun + 7 * HOUR + 30 * MIN)]
    );
}

#[test]
fn fall_back_overnight_shift_is_9_hours_and_ambiguous_times_take_the_earlier_instant() {
    // Saturday 2026-10-31 22:00 EDT (UTC−4) = 11-01 02:00Z; Sunday 06:00 EST (UTC−5) = 11:00Z: 9 h.
    let sun = SAT_OCT31 + DAY;
    let raw = with_rules(Some("America/New_York"), vec![weekly(6, "22:00", "06:00")]);
    assert_eq!(
        utc_shift(raw, SAT_OCT31, SAT_OCT31 + 3 * DAY),
        vec![(sun + 2 * HOUR, sun + 11 * HOUR)]
    );
    // 01:30 on 11-01 happens twice: 05:30Z (EDT) and 06:30Z (EST) → the earlier, 05:30Z. As an end
    // it is also the earlier: 00:30 EDT = 04:30Z to 05:30Z = 1 h.
    let raw = with_rules(
        Some("America/New_York"),
        vec![date("2026-11-01", "01:30", "03:00")],
    );
    // 03:00 EST = 08:00Z.
    assert_eq!(
        utc_shift(raw, SAT_OCT31, SAT_OCT31 + 3 * DAY),
        vec![(sun + 5 * HOUR + 30 * MIN, sun + 8 * HOUR)]
    );
    let raw = with_rules(
        Some("America/New_York"),
        vec![date("2026-11-01", "00:30", "01:30")],
    );
    assert_eq!(
        utc_shift(raw, SAT_OCT31, SAT_OCT31 + 3 * DAY),
        vec![(sun + 4 * HOUR + 30 * MIN, sun + 5 * HOUR + 30 * MIN)]
    );
}

#[test]
fn segments_are_sorted_merged_and_clipped() {
    // [30, 40) and [10, 20) and [20, 25) (adjacent to [10, 20)) → [10, 25), [30, 40); clipped to
    // [15, 35) → [15, 25), [30, 35).
    let raw = with_segments(vec![(30, 40), (10, 20), (20, 25)]);
    assert_eq!(utc_shift(raw, 15, 35), vec![(15, 25), (30, 35)]);
}

// ---------------------------------------------------------------- compile errors

fn compile_err(raw: Vec<RawSchedule>) -> (String, ErrorKind) {
    let e = Schedules::compile(&raw).unwrap_err();
    (e.to_string(), e.kind())
}

#[test]
fn bad_rules_name_the_place() {
    let mut no_dow = weekly(1, "09:00", "17:00");
    no_dow.dow = None;
    let (msg, kind) = compile_err(vec![
        with_rules(None, vec![]),
        RawSchedule {
            user_id: "b".into(),
            rules: Some(vec![weekly(1, "09:00", "17:00"), no_dow]),
            ..RawSchedule::default()
        },
    ]);
    assert_eq!(
        msg,
        "schedules[1].rules[1].dow: expected an integer 0 (Sunday) to 6 (Saturday), got missing"
    );
    assert_eq!(kind, ErrorKind::Type);
    let (msg, kind) = compile_err(vec![with_rules(None, vec![weekly(-1, "09:00", "17:00")])]);
    assert_eq!(
        msg,
        "schedules[0].rules[0].dow: expected an integer 0 (Sunday) to 6 (Saturday), got -1"
    );
    assert_eq!(kind, ErrorKind::Range);
    for bad in ["23:60", "7:00", "07:5x", "24:01", "", "07:00 "] {
        let (msg, kind) = compile_err(vec![with_rules(None, vec![weekly(1, "09:00", bad)])]);
        assert!(
            msg.starts_with(
                "schedules[0].rules[0].end_time: expected a time \"HH:MM\" (00:00 to 24:00), got"
            ),
            "{msg}"
        );
        assert_eq!(kind, ErrorKind::Range);
    }
    // An open date rule needs both times; a closed one needs none.
    let mut open = date("2026-03-09", "09:00", "17:00");
    open.end_time = None;
    let (msg, _) = compile_err(vec![with_rules(None, vec![open])]);
    assert_eq!(
        msg,
        "schedules[0].rules[0].end_time: expected a time \"HH:MM\", got missing"
    );
    assert!(Schedules::compile(&[with_rules(None, vec![closed("2026-03-09", None)])]).is_ok());
    for bad in ["2026-13-01", "2026-3-1", "2026-02-29", "26-03-09"] {
        let (msg, kind) = compile_err(vec![with_rules(None, vec![closed(bad, None)])]);
        assert_eq!(
            msg,
            format!(
                "schedules[0].rules[0].start_date: expected a date \"YYYY-MM-DD\", got \"{bad}\""
            )
        );
        assert_eq!(kind, ErrorKind::Range);
    }
    // 2028 is a leap year.
    assert!(Schedules::compile(&[with_rules(None, vec![closed("2028-02-29", None)])]).is_ok());
    let mut no_end = range("2026-03-09", "2026-03-10", "09:00", "17:00");
    no_end.end_date = None;
    let (msg, _) = compile_err(vec![with_rules(None, vec![no_end])]);
    assert_eq!(
        msg,
        "schedules[0].rules[0].end_date: expected a date \"YYYY-MM-DD\", got missing"
    );
    // end_date == start_date is a one-day range, fine.
    assert!(Schedules::compile(&[with_rules(
        None,
        vec![range("2026-03-09", "2026-03-09", "09:00", "17:00")]
    )])
    .is_ok());
}

#[test]
fn bad_schedules_name_the_place() {
    let neither = RawSchedule {
        user_id: "a".into(),
        ..RawSchedule::default()
    };
    assert_eq!(
        compile_err(vec![neither]),
        (
            "schedules[0]: expected exactly one of rules or segments, got neither".into(),
            ErrorKind::Type
        )
    );
    let (msg, kind) = compile_err(vec![with_segments(vec![(0, MAX_TS + 1)])]);
    assert!(msg.starts_with("schedules[0].segments[0].end: "), "{msg}");
    assert_eq!(kind, ErrorKind::Range);
    assert!(Schedules::compile(&[with_segments(vec![(0, MAX_TS)])]).is_ok());
    let (msg, _) = compile_err(vec![with_segments(vec![(10, 5)])]);
    assert_eq!(
        msg,
        "schedules[0].segments[0]: end (5) must be after start (10)"
    );
    let mut empty_id = with_rules(None, vec![]);
    empty_id.user_id = String::new();
    let (msg, _) = compile_err(vec![empty_id]);
    assert!(msg.starts_with("schedules[0].user_id: "), "{msg}");
    let (msg, kind) = compile_err(vec![with_rules(Some("America/Nowhere"), vec![])]);
    assert_eq!(
        msg,
        "schedules[0].timezone: unknown IANA time zone \"America/Nowhere\""
    );
    assert_eq!(kind, ErrorKind::Range);
}

#[test]
fn schedule_order_and_lookup_are_kept() {
    let mk = |id: &str| RawSchedule {
        user_id: id.into(),
        rules: Some(vec![]),
        ..RawSchedule::default()
    };
    let s = Schedules::compile(&[mk("c"), mk("a"), mk("b")]).unwrap();
    let ids: Vec<&str> = s.iter().map(|x| x.user_id.as_str()).collect();
    assert_eq!(ids, ["c", "a", "b"]);
    assert_eq!(s.get("a").unwrap().user_id, "a");
    assert!(s.get("z").is_none());
}

// ---------------------------------------------------------------- rules 2–5: counting

#[test]
fn sampled_vs_exact_with_since_off_the_grid() {
    // Shift 09:00–17:00; window [09:02, 10:30); ready at 09:00, paused at 09:30.
    // Samples 09:02, 09:07, …, 10:27 (18). On shift: 09:02 … 09:57 = 12 (the 10:02 … 10:27 ones
    // would be on shift too: shift runs to 17:00) → on shift 18. Adherent: 09:02 … 09:27 = 6.
    // 6/18 = 33.3 % → 33.
    let log = Log::new(&[(at(9, 0), "ready"), (at(9, 30), "paused")]);
    let (pct, st) = log.run(&mon_9_17(), at(9, 2), at(10, 30), FIVE_MIN);
    let st = st.unwrap();
    assert_eq!((st.on_shift, st.adherent, st.unit), (18, 6, Unit::Samples));
    assert_eq!(pct, AdherencePct::Pct(33));
    // Exact: on shift 88 min (09:02–10:30), adherent 28 min (09:02–09:30): 28/88 = 31.8 % → 32.
    let (pct, st) = log.run(&mon_9_17(), at(9, 2), at(10, 30), 0);
    let st = st.unwrap();
    assert_eq!(
        (st.on_shift, st.adherent, st.unit),
        (88 * MIN, 28 * MIN, Unit::Ms)
    );
    assert_eq!(pct, AdherencePct::Pct(32));
}

#[test]
fn off_shift_samples_are_skipped() {
    // Shift 09:00–17:00; window [08:00, 18:00), paused all the time it is off shift and ready on
    // shift. 120 samples in the window, 96 on shift (09:00 … 16:55), all ready → 96/96 = 100; the
    // 24 paused off-shift samples count neither way.
    let log = Log::new(&[
        (at(8, 0), "paused"),
        (at(9, 0), "ready"),
        (at(17, 0), "paused"),
    ]);
    let (pct, st) = log.run(&mon_9_17(), at(8, 0), at(18, 0), FIVE_MIN);
    assert_eq!(pct, AdherencePct::Pct(100));
    assert_eq!(st.map(|s| (s.on_shift, s.adherent)), Some((96, 96)));
}

#[test]
fn sample_at_now_is_not_taken_and_event_at_a_sample_counts() {
    // Window [09:00, 09:10): samples 09:00 and 09:05 only (09:10 is not < now). Ready at 09:05
    // exactly → the 09:05 sample is adherent, the 09:00 one has no known status → 1/2 = 50.
    let log = Log::new(&[(at(9, 5), "ready")]);
    let (pct, st) = log.run(&mon_9_17(), at(9, 0), at(9, 10), FIVE_MIN);
    assert_eq!(st.map(|s| (s.on_shift, s.adherent)), Some((2, 1)));
    assert_eq!(pct, AdherencePct::Pct(50));
}

#[test]
fn equal_timestamps_the_later_input_wins() {
    // Events: 09:00 ready; 09:05 paused then ready; 09:10 ready then paused. Window [09:00, 09:15),
    // samples 09:00 (ready), 09:05 (ready: the later of the tie), 09:10 (paused) → 2/3 = 66.7 → 67.
    // Exact: ready 09:00–09:10 = 10 min of 15 → 66.7 → 67.
    let log = Log::new(&[
        (at(9, 0), "ready"),
        (at(9, 5), "paused"),
        (at(9, 5), "ready"),
        (at(9, 10), "ready"),
        (at(9, 10), "paused"),
    ]);
    let (pct, st) = log.run(&mon_9_17(), at(9, 0), at(9, 15), FIVE_MIN);
    assert_eq!(st.map(|s| (s.on_shift, s.adherent)), Some((3, 2)));
    assert_eq!(pct, AdherencePct::Pct(67));
    let (pct, st) = log.run(&mon_9_17(), at(9, 0), at(9, 15), 0);
    assert_eq!(
        st.map(|s| (s.on_shift, s.adherent)),
        Some((15 * MIN, 10 * MIN))
    );
    assert_eq!(pct, AdherencePct::Pct(67));
    // The now-status follows the same tie rule: at now = 09:10 the agent is paused.
    let st = log.state(&mon_9_17(), at(9, 0), at(9, 10), 0);
    assert!(!st.in_adherence_now);
    assert_eq!(st.out_since, Some(at(9, 10)));
}

#[test]
fn half_up_rounding_is_exact() {
    // Shift 09:00–09:40 (date rule) → 8 samples 09:00 … 09:35. Ready only at 09:35 → 1/8 = 12.5 % →
    // 13 (half-up). Exact: ready 09:35–09:40 = 5 of 40 min = 12.5 % → 13.
    let s = one(with_rules(None, vec![date("2026-03-09", "09:00", "09:40")]));
    let log = Log::new(&[(at(9, 35), "ready")]);
    let (pct, st) = log.run(&s, at(9, 0), at(10, 0), FIVE_MIN);
    assert_eq!(st.map(|s| (s.on_shift, s.adherent)), Some((8, 1)));
    assert_eq!(pct, AdherencePct::Pct(13));
    let (pct, _) = log.run(&s, at(9, 0), at(10, 0), 0);
    assert_eq!(pct, AdherencePct::Pct(13));
}

#[test]
fn events_after_now_count_for_nothing() {
    // Ready at 09:00, paused at 11:00 but now = 10:00 → 60/60 min adherent, in adherence now.
    let log = Log::new(&[(at(9, 0), "ready"), (at(11, 0), "paused")]);
    let (pct, st) = log.run(&mon_9_17(), at(9, 0), at(10, 0), 0);
    let st = st.unwrap();
    assert_eq!(pct, AdherencePct::Pct(100));
    assert!(st.on_shift_now && st.in_adherence_now && st.out_since.is_none());
}

#[test]
fn adherent_statuses_are_configurable() {
    // Only incall adheres. 09:00 ready, 09:20 incall, 09:50 wrapup; window [09:00, 10:00) exact:
    // adherent 30 of 60 min = 50; with the defaults all 60 are adherent = 100.
    let log = Log::new(&[
        (at(9, 0), "ready"),
        (at(9, 20), "incall"),
        (at(9, 50), "wrapup"),
    ]);
    let opts = log.opts(0, &["incall"]);
    let (pct, st) = log.run_with(&mon_9_17(), at(9, 0), at(10, 0), &opts);
    assert_eq!(st.map(|s| s.adherent), Some(30 * MIN));
    assert_eq!(pct, AdherencePct::Pct(50));
    assert_eq!(
        log.run(&mon_9_17(), at(9, 0), at(10, 0), 0).0,
        AdherencePct::Pct(100)
    );
}

#[test]
fn no_shift_is_null_and_bypass_has_no_state() {
    // Window Sunday 03-08 entirely: no Monday shift → null, counts 0, off shift now.
    let log = Log::new(&[(MON - DAY, "ready")]);
    let (pct, st) = log.run(&mon_9_17(), MON - DAY, MON - HOUR, FIVE_MIN);
    assert_eq!(pct, AdherencePct::NoShift);
    let st = st.unwrap();
    assert_eq!((st.on_shift, st.adherent), (0, 0));
    assert!(!st.on_shift_now && st.in_adherence_now && st.out_since.is_none());
    // Empty window [09:30, 09:30] on shift: no sample, no ms → null; now is on shift.
    let (pct, st) = log.run(&mon_9_17(), at(9, 30), at(9, 30), FIVE_MIN);
    assert_eq!(pct, AdherencePct::NoShift);
    assert!(st.unwrap().on_shift_now);
    // Bypass: "bypass", no real-time state, whatever the shift.
    let mut raw = with_rules(None, vec![weekly(1, "09:00", "17:00")]);
    raw.bypass = true;
    assert_eq!(
        log.run(&one(raw), at(9, 0), at(10, 0), 0),
        (AdherencePct::Bypass, None)
    );
}

#[test]
fn absent_agent_is_out_whenever_on_shift() {
    // No events at all. Shift 09–17, window [08:00, 10:00): 12 on-shift samples (09:00 … 09:55),
    // 0 adherent → 0 %. On shift now (10:00), out since the shift start 09:00.
    let log = Log::new(&[]);
    let (pct, st) = log.run(&mon_9_17(), at(8, 0), at(10, 0), FIVE_MIN);
    let st = st.unwrap();
    assert_eq!(pct, AdherencePct::Pct(0));
    assert_eq!((st.on_shift, st.adherent), (12, 0));
    assert!(st.on_shift_now && !st.in_adherence_now);
    assert_eq!(st.out_since, Some(at(9, 0)));
    // An agent whose only events are after now is absent too: same numbers.
    let log = Log::new(&[(at(11, 0), "ready")]);
    assert_eq!(log.state(&mon_9_17(), at(8, 0), at(10, 0), FIVE_MIN), st);
}

#[test]
fn spring_forward_night_sampled_hourly() {
    // Saturday 22:00–06:00 New York = 03-08 03:00Z to 10:00Z (7 h). Window 03-08 00:00Z to 12:00Z,
    // hourly samples 00Z … 11Z (12); on shift 03Z … 09Z = 7, all ready → 7/7 = 100.
    let s = one(with_rules(
        Some("America/New_York"),
        vec![weekly(6, "22:00", "06:00")],
    ));
    let sun = SAT_MAR7 + DAY;
    let log = Log::new(&[(SAT_MAR7, "ready")]);
    let (pct, st) = log.run(&s, sun, sun + 12 * HOUR, HOUR);
    assert_eq!(st.map(|s| (s.on_shift, s.adherent)), Some((7, 7)));
    assert_eq!(pct, AdherencePct::Pct(100));
    // Exact over the fall-back night: 9 h on shift, paused for the last 3 (08:00Z–11:00Z) →
    // 6/9 = 66.7 → 67.
    let sun = SAT_OCT31 + DAY;
    let log = Log::new(&[(SAT_OCT31, "ready"), (sun + 8 * HOUR, "paused")]);
    let (pct, st) = log.run(&s, SAT_OCT31, SAT_OCT31 + 2 * DAY, 0);
    assert_eq!(
        st.map(|s| (s.on_shift, s.adherent)),
        Some((9 * HOUR, 6 * HOUR))
    );
    assert_eq!(pct, AdherencePct::Pct(67));
}

#[test]
fn several_intervals_a_day_with_a_lunch_gap() {
    // Monday 09–12 and 13–17, window the whole day, 30-min samples: 6 + 8 = 14 on shift.
    // Ready 09:00, paused (lunch) 12:00, ready 13:15. Sampled: 09:00 … 11:30 (6) adherent; 13:00
    // paused; 13:30 … 16:30 (7) adherent → 13/14 = 92.9 → 93. Exact: 3 h + 3 h 45 min = 405 of
    // 420 min = 96.4 → 96.
    let s = one(with_rules(
        None,
        vec![weekly(1, "09:00", "12:00"), weekly(1, "13:00", "17:00")],
    ));
    let log = Log::new(&[
        (at(9, 0), "ready"),
        (at(12, 0), "paused"),
        (at(13, 15), "ready"),
    ]);
    let (pct, st) = log.run(&s, MON, MON + DAY, 30 * MIN);
    assert_eq!(st.map(|s| (s.on_shift, s.adherent)), Some((14, 13)));
    assert_eq!(pct, AdherencePct::Pct(93));
    let (pct, st) = log.run(&s, MON, MON + DAY, 0);
    assert_eq!(
        st.map(|s| (s.on_shift, s.adherent)),
        Some((420 * MIN, 405 * MIN))
    );
    assert_eq!(pct, AdherencePct::Pct(96));
}

#[test]
fn sample_step_larger_than_the_window() {
    // Step 1 day: the only sample is since itself (09:30, on shift, ready) → 1/1.
    let log = Log::new(&[(at(9, 0), "ready")]);
    let (pct, st) = log.run(&mon_9_17(), at(9, 30), at(16, 0), DAY);
    assert_eq!(st.map(|s| (s.on_shift, s.adherent)), Some((1, 1)));
    assert_eq!(pct, AdherencePct::Pct(100));
    // A huge window to MAX_TS with a huge step does not overflow: samples at 0 and 2^52 only, both
    // off this 2026 shift → null.
    let (pct, _) = log.run(&mon_9_17(), 0, MAX_TS, 1 << 52);
    assert_eq!(pct, AdherencePct::NoShift);
}

// ---------------------------------------------------------------- rule 7: real-time state

#[test]
fn out_since_starts_before_since_and_is_not_clipped() {
    // Ready 09:00, paused 09:30; window [10:00, 10:30] → out since 09:30.
    let log = Log::new(&[(at(9, 0), "ready"), (at(9, 30), "paused")]);
    let st = log.state(&mon_9_17(), at(10, 0), at(10, 30), 0);
    assert!(st.on_shift_now && !st.in_adherence_now);
    assert_eq!(st.out_since, Some(at(9, 30)));
}

#[test]
fn out_since_status_change_inside_the_shift() {
    // Ready 09:00, paused 10:15; now 10:30 → 10:15. Then idle at 10:20 (still out) → still 10:15.
    let log = Log::new(&[(at(9, 0), "ready"), (at(10, 15), "paused")]);
    assert_eq!(
        log.state(&mon_9_17(), at(9, 0), at(10, 30), 0).out_since,
        Some(at(10, 15))
    );
    let log = Log::new(&[
        (at(9, 0), "ready"),
        (at(10, 15), "paused"),
        (at(10, 20), "idle"),
    ]);
    assert_eq!(
        log.state(&mon_9_17(), at(9, 0), at(10, 30), 0).out_since,
        Some(at(10, 15))
    );
    // An adherent spell in between restarts it: paused 09:10, ready 09:20, paused 09:40 → 09:40.
    let log = Log::new(&[
        (at(9, 0), "ready"),
        (at(9, 10), "paused"),
        (at(9, 20), "ready"),
        (at(9, 40), "paused"),
    ]);
    assert_eq!(
        log.state(&mon_9_17(), at(9, 0), at(10, 0), 0).out_since,
        Some(at(9, 40))
    );
}

#[test]
fn out_since_on_shift_start_later_than_the_status_change() {
    // Ready 08:00, paused 08:30, shift from 09:00, now 09:20 → max(09:00, 08:30) = 09:00.
    let log = Log::new(&[(at(8, 0), "ready"), (at(8, 30), "paused")]);
    assert_eq!(
        log.state(&mon_9_17(), at(9, 0), at(9, 20), FIVE_MIN)
            .out_since,
        Some(at(9, 0))
    );
}

#[test]
fn out_since_follows_merged_intervals_and_overnight_shifts() {
    // Monday 09–12 and 12–17 are one stretch: paused since 08:00, now 13:00 → 09:00 (not 12:00).
    let s = one(with_rules(
        None,
        vec![weekly(1, "09:00", "12:00"), weekly(1, "12:00", "17:00")],
    ));
    let log = Log::new(&[(at(8, 0), "paused")]);
    assert_eq!(
        log.state(&s, at(12, 30), at(13, 0), 0).out_since,
        Some(at(9, 0))
    );
    // Sunday 22:00–06:00: paused since Sunday 20:00, window [Mon 00:30, Mon 01:00] → the shift
    // started Sunday 22:00 = MON − 2 h (before since and before the day of now).
    let s = one(with_rules(None, vec![weekly(0, "22:00", "06:00")]));
    let log = Log::new(&[(MON - 4 * HOUR, "paused")]);
    let st = log.state(&s, at(0, 30), at(1, 0), 0);
    assert_eq!(st.out_since, Some(MON - 2 * HOUR));
    // Exact counts are still clipped to the window: 30 min on shift, 0 adherent.
    assert_eq!((st.on_shift, st.adherent), (30 * MIN, 0));
}

#[test]
fn out_since_finds_shifts_that_started_long_ago() {
    // A segment from MON − 10 days to MON + 1 day; no events; now = MON → out since MON − 10 d
    // (beyond a first look-back of 2 days).
    let s = one(with_segments(vec![(MON - 10 * DAY, MON + DAY)]));
    let log = Log::new(&[]);
    assert_eq!(
        log.state(&s, MON - HOUR, MON, 0).out_since,
        Some(MON - 10 * DAY)
    );
    // Every day 00:00–24:00 merges into one endless stretch: the look-back stops at its bound,
    // 400 days before now.
    let s = one(with_rules(
        None,
        (0..=6).map(|d| weekly(d, "00:00", "24:00")).collect(),
    ));
    assert_eq!(
        log.state(&s, MON - HOUR, MON, 0).out_since,
        Some(MON - 400 * DAY)
    );
    // An agent whose first event is out of adherence was out before it too (unknown status is
    // not adherent): paused since MON − 3 h, no earlier event → still MON − 400 d.
    let log = Log::new(&[(MON - 3 * HOUR, "paused")]);
    assert_eq!(
        log.state(&s, MON - HOUR, MON, 0).out_since,
        Some(MON - 400 * DAY)
    );
    // A more recent status change bounds it: ready at MON − 5 h, paused at MON − 3 h → MON − 3 h.
    let log = Log::new(&[(MON - 5 * HOUR, "ready"), (MON - 3 * HOUR, "paused")]);
    assert_eq!(
        log.state(&s, MON - HOUR, MON, 0).out_since,
        Some(MON - 3 * HOUR)
    );
}

#[test]
fn zero_length_adherent_status_does_not_interrupt_the_stretch() {
    // Paused 10:00; at 10:30 ready then paused (the ready lasts 0 ms); now 11:00 → 10:00.
    let log = Log::new(&[
        (at(9, 0), "ready"),
        (at(10, 0), "paused"),
        (at(10, 30), "ready"),
        (at(10, 30), "paused"),
    ]);
    assert_eq!(
        log.state(&mon_9_17(), at(9, 0), at(11, 0), 0).out_since,
        Some(at(10, 0))
    );
}

#[test]
fn not_out_when_adherent_or_off_shift_and_shift_end_is_exclusive() {
    let log = Log::new(&[(at(9, 0), "ready")]);
    let st = log.state(&mon_9_17(), at(9, 0), at(10, 0), 0);
    assert!(st.on_shift_now && st.in_adherence_now && st.out_since.is_none());
    let log = Log::new(&[(at(9, 0), "paused")]);
    // now = 17:00 exactly: the interval [09:00, 17:00) is half-open → off shift, no out_since.
    let st = log.state(&mon_9_17(), at(9, 0), at(17, 0), 0);
    assert!(!st.on_shift_now && !st.in_adherence_now && st.out_since.is_none());
    // now = 09:00 exactly: on shift, paused since 09:00 → out since 09:00.
    let st = log.state(&mon_9_17(), at(9, 0), at(9, 0), 0);
    assert!(st.on_shift_now);
    assert_eq!(st.out_since, Some(at(9, 0)));
}

#[test]
fn extreme_instants_do_not_panic() {
    // Every day 00:00–24:00 in the zones with the largest offsets (+14, −12) and UTC, over windows at
    // both ends of the accepted range: no panic; the shift is found wherever jiff's calendar
    // (years up to 9999, ≈ 2.5e14 ms) reaches, and nothing beyond it.
    for tz in ["Pacific/Kiritimati", "Etc/GMT+12", "UTC"] {
        let s = one(with_rules(
            Some(tz),
            (0..=6).map(|d| weekly(d, "00:00", "24:00")).collect(),
        ));
        let log = Log::new(&[(0, "ready")]);
        // [0, 1 h): whole window on shift (the day before the epoch carries no further back).
        let (pct, st) = log.run(&s, 0, HOUR, 0);
        assert_eq!(pct, AdherencePct::Pct(100), "{tz}");
        assert_eq!(st.unwrap().on_shift, HOUR, "{tz}");
        // Past year 9999 there are no local dates: null, off shift.
        let (pct, st) = log.run(&s, MAX_TS - HOUR, MAX_TS, FIVE_MIN);
        assert_eq!(pct, AdherencePct::NoShift, "{tz}");
        assert!(!st.unwrap().on_shift_now, "{tz}");
        let s = one(with_segments(vec![(MAX_TS - 10, MAX_TS)]));
        let (pct, st) = log.run(&s, MAX_TS - 20, MAX_TS, 0);
        // Segment [MAX − 10, MAX) inside [MAX − 20, MAX): 10 ms on shift, all ready.
        assert_eq!(pct, AdherencePct::Pct(100));
        assert_eq!(st.unwrap().on_shift, 10);
    }
}
