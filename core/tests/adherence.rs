//! Issue 3's adherence rules on the pure core, each with hand-computed expected values (the
//! arithmetic is in the comments; UTC offsets of the DST cases were checked with Python's zoneinfo).

use agent_kpis_core::schedule::raw::{RawRule, RawSchedule};
use agent_kpis_core::schedule::Schedules;
use agent_kpis_core::Query;
use agent_kpis_core::{AdherencePct, Unit};
use agent_kpis_core::{AgentKpis, AgentLog, EventRef, Window};

const MIN: u64 = 60_000;
const HOUR: u64 = 3_600_000;
/// 2026-03-09, a Monday, 00:00 UTC.
const MON: u64 = 1_773_014_400_000;

fn weekly(dow: i64, start: &str, end: &str) -> RawRule {
    RawRule::weekly(dow, start, end)
}

fn on_date(
    kind: &str,
    start: &str,
    end: Option<&str>,
    closed: bool,
    times: Option<(&str, &str)>,
) -> RawRule {
    RawRule {
        kind: kind.into(),
        start_date: Some(start.into()),
        end_date: end.map(Into::into),
        is_closed: closed,
        start_time: times.map(|t| t.0.into()),
        end_time: times.map(|t| t.1.into()),
        ..RawRule::default()
    }
}

fn rules(user: &str, tz: Option<&str>, rules: Vec<RawRule>) -> RawSchedule {
    RawSchedule {
        user_id: user.into(),
        timezone: tz.map(Into::into),
        rules: Some(rules),
        ..RawSchedule::default()
    }
}

fn run(
    events: &[(&str, u64, &str)],
    schedules: Vec<RawSchedule>,
    since: u64,
    now: u64,
    sample_ms: u64,
) -> Vec<AgentKpis> {
    let mut log = AgentLog::new();
    for &(user_id, ts, status) in events {
        log.push(EventRef {
            user_id,
            ts,
            status,
            reason: None,
        })
        .unwrap();
    }
    log.set_schedules(Schedules::compile(&schedules).unwrap());
    let mut q = Query::new(Window::new(since, now).unwrap());
    q.sample_ms = sample_ms;
    log.query(&q).unwrap().agents
}

fn pct(rows: &[AgentKpis], user: &str) -> AdherencePct {
    rows.iter()
        .find(|a| a.user_id == user)
        .unwrap()
        .adherence_pct
        .unwrap()
}

/// Monday 09:00–17:00 UTC; ready at 09:00, paused 10:01–10:04, ready until 17:00.
fn monday_day() -> Vec<(&'static str, u64, &'static str)> {
    vec![
        ("a", MON + 9 * HOUR, "ready"),
        ("a", MON + 10 * HOUR + MIN, "paused"),
        ("a", MON + 10 * HOUR + 4 * MIN, "ready"),
        ("a", MON + 17 * HOUR, "offline"),
    ]
}

#[test]
fn rule2_3_sampled_mode_skips_off_shift_samples() {
    // Window 08:00–18:00, samples every 5 min. On shift 09:00–17:00: 96 samples (09:00 … 16:55).
    // The pause 10:01–10:04 contains no sample → 96/96 = 100. Samples 08:00–08:55 and 17:00–17:55
    // are off shift and skipped.
    let rows = run(
        &monday_day(),
        vec![rules("a", None, vec![weekly(1, "09:00", "17:00")])],
        MON + 8 * HOUR,
        MON + 18 * HOUR,
        300_000,
    );
    assert_eq!(pct(&rows, "a"), AdherencePct::Pct(100));
    let st = rows[0].adherence.unwrap();
    assert_eq!((st.on_shift, st.adherent, st.unit), (96, 96, Unit::Samples));
}

#[test]
fn rule4_exact_mode_counts_milliseconds() {
    // On shift 480 min; out of adherence 3 min → 477/480 = 99.375 % → 99.
    let rows = run(
        &monday_day(),
        vec![rules("a", None, vec![weekly(1, "09:00", "17:00")])],
        MON + 8 * HOUR,
        MON + 18 * HOUR,
        0,
    );
    assert_eq!(pct(&rows, "a"), AdherencePct::Pct(99));
    let st = rows[0].adherence.unwrap();
    assert_eq!(
        (st.on_shift, st.adherent, st.unit),
        (480 * MIN, 477 * MIN, Unit::Ms)
    );
}

#[test]
fn rule2_no_known_status_is_not_adherent() {
    // Agent's first event at 09:30 (ready): 09:00–09:30 unknown → out. Exact: 30/60 = 50 on [09:00, 10:00].
    let rows = run(
        &[("a", MON + 9 * HOUR + 30 * MIN, "ready")],
        vec![rules("a", None, vec![weekly(1, "09:00", "17:00")])],
        MON + 9 * HOUR,
        MON + 10 * HOUR,
        0,
    );
    assert_eq!(pct(&rows, "a"), AdherencePct::Pct(50));
}

#[test]
fn rule5_null_without_shift_and_bypass() {
    // Sunday 2026-03-08: the Monday rule gives no on-shift time → null.
    let rows = run(
        &monday_day(),
        vec![rules("a", None, vec![weekly(1, "09:00", "17:00")])],
        MON - 24 * HOUR,
        MON - 12 * HOUR,
        0,
    );
    assert_eq!(pct(&rows, "a"), AdherencePct::NoShift);
    let mut bypassed = rules("a", None, vec![weekly(1, "09:00", "17:00")]);
    bypassed.bypass = true;
    let rows = run(
        &monday_day(),
        vec![bypassed],
        MON + 8 * HOUR,
        MON + 18 * HOUR,
        0,
    );
    assert_eq!(pct(&rows, "a"), AdherencePct::Bypass);
    assert!(rows[0].adherence.is_none());
}

#[test]
fn rule6_absent_scheduled_agents_follow_in_schedule_order() {
    // b and c have no event; each on shift 09:00–10:00 → 12 samples, none adherent → 0.
    let sched = vec![
        rules("c", None, vec![weekly(1, "09:00", "17:00")]),
        rules("a", None, vec![weekly(1, "09:00", "17:00")]),
        rules("b", None, vec![weekly(1, "09:00", "17:00")]),
    ];
    let rows = run(
        &monday_day(),
        sched,
        MON + 9 * HOUR,
        MON + 10 * HOUR,
        300_000,
    );
    let ids: Vec<&str> = rows.iter().map(|a| a.user_id.as_str()).collect();
    assert_eq!(ids, ["a", "c", "b"]);
    assert_eq!(pct(&rows, "c"), AdherencePct::Pct(0));
    assert!(rows[1].status_ms.is_empty() && rows[1].logged_in_ms == 0);
    assert_eq!(rows[1].adherence.unwrap().on_shift, 12);
}

#[test]
fn rule1_spring_forward_overnight_shift_is_seven_hours() {
    // America/New_York, Saturday 2026-03-07 22:00 EST (03-08 03:00Z) to Sunday 06:00 EDT (10:00Z):
    // 7 h, not 8. Ready throughout → exact on-shift 25,200,000 ms, 100 %.
    let sched = vec![rules(
        "a",
        Some("America/New_York"),
        vec![weekly(6, "22:00", "06:00")],
    )];
    let t0 = MON - 2 * 24 * HOUR; // 2026-03-07 00:00Z
    let rows = run(&[("a", t0, "ready")], sched, t0, t0 + 48 * HOUR, 0);
    let st = rows[0].adherence.unwrap();
    assert_eq!((st.on_shift, st.adherent), (7 * HOUR, 7 * HOUR));
}

#[test]
fn rule1_fall_back_overnight_shift_is_nine_hours_and_ambiguous_takes_earlier() {
    // Saturday 2026-10-31 22:00 EDT (11-01 02:00Z) to Sunday 06:00 EST (11:00Z) = 9 h.
    let oct31 = 1_793_404_800_000; // 2026-10-31 00:00Z
    let sched = vec![rules(
        "a",
        Some("America/New_York"),
        vec![weekly(6, "22:00", "06:00")],
    )];
    let rows = run(&[("a", oct31, "ready")], sched, oct31, oct31 + 48 * HOUR, 0);
    assert_eq!(rows[0].adherence.unwrap().on_shift, 9 * HOUR);
    // A date rule 2026-11-01 01:30–03:00: 01:30 is ambiguous → the earlier (EDT) instant 05:30Z;
    // 03:00 EST = 08:00Z → 2.5 h.
    let sched = vec![rules(
        "a",
        Some("America/New_York"),
        vec![on_date(
            "date",
            "2026-11-01",
            None,
            false,
            Some(("01:30", "03:00")),
        )],
    )];
    let rows = run(&[("a", oct31, "ready")], sched, oct31, oct31 + 48 * HOUR, 0);
    assert_eq!(rows[0].adherence.unwrap().on_shift, 5 * HOUR / 2);
}

#[test]
fn rule1_spring_forward_gap_start_moves_forward() {
    // Date rule 2026-03-08 02:30–04:00 New York: 02:30 does not exist → 03:30 EDT (07:30Z); 04:00 EDT
    // = 08:00Z → 30 min.
    let sched = vec![rules(
        "a",
        Some("America/New_York"),
        vec![on_date(
            "date",
            "2026-03-08",
            None,
            false,
            Some(("02:30", "04:00")),
        )],
    )];
    let t0 = MON - 2 * 24 * HOUR;
    let rows = run(&[("a", t0, "ready")], sched, t0, t0 + 72 * HOUR, 0);
    assert_eq!(rows[0].adherence.unwrap().on_shift, 30 * MIN);
}

#[test]
fn rule1_closed_date_and_date_range_override() {
    // Weekly Mon 09–17, but 2026-03-09 closed → no shift on Monday → null.
    let sched = vec![rules(
        "a",
        None,
        vec![
            weekly(1, "09:00", "17:00"),
            on_date("date", "2026-03-09", None, true, None),
        ],
    )];
    let rows = run(&monday_day(), sched, MON, MON + 24 * HOUR, 0);
    assert_eq!(pct(&rows, "a"), AdherencePct::NoShift);
    // A date_range 03-09..03-10 with 10:00–12:00 replaces Monday's 09–17 → 2 h on shift.
    let sched = vec![rules(
        "a",
        None,
        vec![
            weekly(1, "09:00", "17:00"),
            on_date(
                "date_range",
                "2026-03-09",
                Some("2026-03-10"),
                false,
                Some(("10:00", "12:00")),
            ),
        ],
    )];
    let rows = run(&monday_day(), sched, MON, MON + 24 * HOUR, 0);
    assert_eq!(rows[0].adherence.unwrap().on_shift, 2 * HOUR);
}

#[test]
fn rule1_overnight_interval_belongs_to_its_start_date() {
    // Sunday 22:00–06:00 plus Monday closed: the Sunday night interval still runs to Monday 06:00.
    // Window Monday 00:00–12:00 → 6 h on shift.
    let sched = vec![rules(
        "a",
        None,
        vec![
            weekly(0, "22:00", "06:00"),
            on_date("date", "2026-03-09", None, true, None),
        ],
    )];
    let rows = run(
        &[("a", MON - HOUR, "ready")],
        sched,
        MON,
        MON + 12 * HOUR,
        0,
    );
    assert_eq!(rows[0].adherence.unwrap().on_shift, 6 * HOUR);
}

#[test]
fn rule1_midnight_end_and_several_intervals_a_day() {
    // Monday 09:00–12:00 and 13:00–17:00 and 20:00–24:00 → 3 + 4 + 4 = 11 h.
    let sched = vec![rules(
        "a",
        None,
        vec![
            weekly(1, "09:00", "12:00"),
            weekly(1, "13:00", "17:00"),
            weekly(1, "20:00", "24:00"),
        ],
    )];
    let rows = run(&[("a", MON, "ready")], sched, MON, MON + 48 * HOUR, 0);
    assert_eq!(rows[0].adherence.unwrap().on_shift, 11 * HOUR);
}

#[test]
fn segments_form() {
    // Segments 09:00–10:00 and 11:00–11:30; ready from 09:00, paused 11:10 → adherent 60 + 10 = 70
    // of 90 min → 77.8 → 78.
    let sched = vec![RawSchedule {
        user_id: "a".into(),
        segments: Some(vec![
            (MON + 11 * HOUR, MON + 11 * HOUR + 30 * MIN),
            (MON + 9 * HOUR, MON + 10 * HOUR),
        ]),
        ..RawSchedule::default()
    }];
    let rows = run(
        &[
            ("a", MON + 9 * HOUR, "ready"),
            ("a", MON + 11 * HOUR + 10 * MIN, "paused"),
        ],
        sched,
        MON,
        MON + 24 * HOUR,
        0,
    );
    assert_eq!(pct(&rows, "a"), AdherencePct::Pct(78));
}

#[test]
fn rule7_real_time_state() {
    let sched = || vec![rules("a", None, vec![weekly(1, "09:00", "17:00")])];
    // Paused since 10:00 (before since = 10:30); now 11:00 → out since 10:00, not clipped.
    let rows = run(
        &[
            ("a", MON + 9 * HOUR, "ready"),
            ("a", MON + 10 * HOUR, "paused"),
        ],
        sched(),
        MON + 10 * HOUR + 30 * MIN,
        MON + 11 * HOUR,
        0,
    );
    let st = rows[0].adherence.unwrap();
    assert!(st.on_shift_now && !st.in_adherence_now);
    assert_eq!(st.out_since, Some(MON + 10 * HOUR));
    // Paused since 08:30, shift starts 09:00, now 09:30 → out since 09:00.
    let rows = run(
        &[("a", MON + 8 * HOUR + 30 * MIN, "paused")],
        sched(),
        MON + 9 * HOUR,
        MON + 9 * HOUR + 30 * MIN,
        0,
    );
    assert_eq!(rows[0].adherence.unwrap().out_since, Some(MON + 9 * HOUR));
    // Paused then idle (both out): the stretch starts at the first of them, 10:00.
    let rows = run(
        &[
            ("a", MON + 9 * HOUR, "ready"),
            ("a", MON + 10 * HOUR, "paused"),
            ("a", MON + 10 * HOUR + 20 * MIN, "idle"),
        ],
        sched(),
        MON + 9 * HOUR,
        MON + 11 * HOUR,
        0,
    );
    assert_eq!(rows[0].adherence.unwrap().out_since, Some(MON + 10 * HOUR));
    // paused 10:00, then ready and paused again at the same instant 10:30 (the ready lasts 0 ms):
    // the stretch is uninterrupted since 10:00.
    let rows = run(
        &[
            ("a", MON + 9 * HOUR, "ready"),
            ("a", MON + 10 * HOUR, "paused"),
            ("a", MON + 10 * HOUR + 30 * MIN, "ready"),
            ("a", MON + 10 * HOUR + 30 * MIN, "paused"),
        ],
        sched(),
        MON + 9 * HOUR,
        MON + 11 * HOUR,
        0,
    );
    assert_eq!(rows[0].adherence.unwrap().out_since, Some(MON + 10 * HOUR));
    // In adherence now → none. Off shift now (18:00) → not on shift, none.
    let rows = run(
        &[("a", MON + 9 * HOUR, "ready")],
        sched(),
        MON + 9 * HOUR,
        MON + 11 * HOUR,
        0,
    );
    let st = rows[0].adherence.unwrap();
    assert!(st.on_shift_now && st.in_adherence_now && st.out_since.is_none());
    let rows = run(
        &[("a", MON + 9 * HOUR, "paused")],
        sched(),
        MON + 9 * HOUR,
        MON + 18 * HOUR,
        0,
    );
    let st = rows[0].adherence.unwrap();
    assert!(!st.on_shift_now && st.out_since.is_none());
    // At exactly the shift end (17:00) now is off shift (half-open intervals).
    let rows = run(
        &[("a", MON + 9 * HOUR, "ready")],
        sched(),
        MON + 9 * HOUR,
        MON + 17 * HOUR,
        0,
    );
    assert!(!rows[0].adherence.unwrap().on_shift_now);
}

#[test]
fn bad_schedules_name_the_place() {
    let err = |s: Vec<RawSchedule>| Schedules::compile(&s).unwrap_err().to_string();
    assert_eq!(
        err(vec![rules("a", None, vec![weekly(7, "09:00", "17:00")])]),
        "schedules[0].rules[0].dow: expected an integer 0 (Sunday) to 6 (Saturday), got 7"
    );
    assert_eq!(err(vec![rules("a", None, vec![weekly(1, "25:00", "17:00")])]), "schedules[0].rules[0].start_time: expected a time \"HH:MM\" (00:00 to 23:59), got \"25:00\"");
    assert_eq!(
        err(vec![rules("a", None, vec![weekly(1, "5pm", "17:00")])]),
        "schedules[0].rules[0].start_time: expected a time \"HH:MM\" (00:00 to 23:59), got \"5pm\""
    );
    assert_eq!(err(vec![rules("a", None, vec![weekly(1, "24:00", "17:00")])]), "schedules[0].rules[0].start_time: expected a time \"HH:MM\" (00:00 to 23:59), got \"24:00\"");
    assert_eq!(
        err(vec![rules(
            "a",
            None,
            vec![on_date("date", "2026-02-30", None, true, None)]
        )]),
        "schedules[0].rules[0].start_date: expected a date \"YYYY-MM-DD\", got \"2026-02-30\""
    );
    assert_eq!(err(vec![rules("a", None, vec![on_date("date_range", "2026-03-10", Some("2026-03-09"), true, None)])]), "schedules[0].rules[0].end_date: must not be before start_date (2026-03-10), got 2026-03-09");
    assert_eq!(
        err(vec![rules("a", Some("Mars/Olympus"), vec![])]),
        "schedules[0].timezone: unknown IANA time zone \"Mars/Olympus\""
    );
    assert_eq!(
        err(vec![rules("a", None, vec![]), rules("a", None, vec![])]),
        "schedules[1].user_id: duplicate schedule for agent \"a\""
    );
    let mut kind = weekly(1, "09:00", "17:00");
    kind.kind = "monthly".into();
    assert_eq!(err(vec![rules("a", None, vec![kind])]), "schedules[0].rules[0].kind: expected \"weekly\", \"date\" or \"date_range\", got \"monthly\"");
    let both = RawSchedule {
        user_id: "a".into(),
        rules: Some(vec![]),
        segments: Some(vec![]),
        ..RawSchedule::default()
    };
    assert_eq!(
        err(vec![both]),
        "schedules[0]: expected exactly one of rules or segments, got both"
    );
    let overlap = RawSchedule {
        user_id: "a".into(),
        segments: Some(vec![(0, 10), (20, 30), (5, 8)]),
        ..RawSchedule::default()
    };
    assert_eq!(
        err(vec![overlap]),
        "schedules[0].segments[2]: overlaps schedules[0].segments[0]"
    );
    let backwards = RawSchedule {
        user_id: "a".into(),
        segments: Some(vec![(10, 10)]),
        ..RawSchedule::default()
    };
    assert_eq!(
        err(vec![backwards]),
        "schedules[0].segments[0]: end (10) must be after start (10)"
    );
}

/// `outSince` of agent `a` after `compactions`, each query `[since, now]` in exact mode with
/// `adherent` as the adherent statuses.
fn out_since_after_compaction(
    events: &[(&str, u64, &str)],
    segments: Vec<(u64, u64)>,
    compactions: &[u64],
    (since, now): (u64, u64),
    adherent: &[&str],
) -> Option<u64> {
    let mut log = AgentLog::new();
    for &(user_id, ts, status) in events {
        log.push(EventRef::new(user_id, ts, status)).unwrap();
    }
    log.set_schedules(
        Schedules::compile(&[RawSchedule {
            user_id: "a".into(),
            segments: Some(segments),
            ..RawSchedule::default()
        }])
        .unwrap(),
    );
    for &before in compactions {
        log.compact(before).unwrap();
    }
    let mut q = Query::new(Window::new(since, now).unwrap());
    q.sample_ms = 0;
    q.adherent_statuses = adherent.iter().map(|s| s.to_string()).collect();
    log.query(&q).unwrap().agents[0]
        .adherence
        .unwrap()
        .out_since
}

#[test]
fn out_since_reaches_back_past_the_horizon() {
    let default = ["ready", "incall", "wrapup", "ring", "extcall"];
    // ready 0..20 s, idle 20..40 s, ready 40..60 s, idle from 60 s; on shift 0..100 s. Compacted at
    // 70 s (idle@60 s is in effect, the rest dropped), asked at 80 s: the agent is out since 60 s,
    // when the ready that began at 40 s ended.
    let day = [
        ("a", 0, "ready"),
        ("a", 20_000, "idle"),
        ("a", 40_000, "ready"),
        ("a", 60_000, "idle"),
    ];
    let ask = |compactions: &[u64], adherent: &[&str]| {
        out_since_after_compaction(
            &day,
            vec![(0, 100_000)],
            compactions,
            (70_000, 80_000),
            adherent,
        )
    };
    assert_eq!(ask(&[], &default), Some(60_000));
    assert_eq!(ask(&[70_000], &default), Some(60_000));
    // The same after two compactions (30 s drops ready@0; 70 s idle@20 s and ready@40 s).
    assert_eq!(ask(&[30_000, 70_000], &default), Some(60_000));
    // With idle adherent and ready not: in adherence at 80 s, no stretch.
    assert_eq!(ask(&[70_000], &["idle"]), None);
    // With nothing adherent: out since before the first event, clipped to the shift start, 0.
    assert_eq!(ask(&[70_000], &[]), Some(0));

    // ready 0..20 s, idle 20..40 s, ready 40..40 s (0 ms), idle 40..60 s, paused from 60 s. The
    // 0 ms ready does not interrupt the stretch: out since 20 s, where the first ready ended.
    let zero = [
        ("a", 0, "ready"),
        ("a", 20_000, "idle"),
        ("a", 40_000, "ready"),
        ("a", 40_000, "idle"),
        ("a", 60_000, "paused"),
    ];
    for compactions in [&[][..], &[70_000], &[40_000, 70_000], &[50_000, 65_000]] {
        let got = out_since_after_compaction(
            &zero,
            vec![(0, 100_000)],
            compactions,
            (70_000, 80_000),
            &default,
        );
        assert_eq!(got, Some(20_000), "compacted at {compactions:?}");
    }
    // With idle adherent too, the stretch is paused alone: out since 60 s.
    let got = out_since_after_compaction(
        &zero,
        vec![(0, 100_000)],
        &[70_000],
        (70_000, 80_000),
        &["ready", "idle"],
    );
    assert_eq!(got, Some(60_000));
    // A shift starting at 30 s (inside the dropped stretch) clips it: out since 30 s.
    let got = out_since_after_compaction(
        &zero,
        vec![(30_000, 100_000)],
        &[70_000],
        (70_000, 80_000),
        &default,
    );
    assert_eq!(got, Some(30_000));
}
