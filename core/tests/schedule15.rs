//! Issue 15's schedule metrics (conformance, shrinkage, adherence grace, `severe`, their team
//! roll-up): the hand-checked example pinned with its numbers, and a hand case for each rule.
//! Expected values are worked out by hand in the comments (M = 60,000 ms), never from the code
//! under test. Every answer is checked equal from a fresh log (the one-shot call with schedules),
//! from a log that first answered an earlier `now` (kept results), and from a one-interval report.

use agent_kpis_core::schedule::raw::RawSchedule;
use agent_kpis_core::schedule::Schedules;
use agent_kpis_core::{
    json, AdherencePct, AgentKpis, AgentLog, AgentsResponse, Conformance, Entries, ErrorKind,
    EventRef, Groups, Include, Query, Shrinkage, Window,
};

const M: u64 = 60_000;

/// An event: `(user, ts, status, reason)`.
type Ev<'a> = (&'a str, u64, &'a str, Option<&'a str>);

/// A schedule: `(user, bypass, segments)`.
type Sched<'a> = (&'a str, bool, &'a [(u64, u64)]);

fn schedules(list: &[Sched<'_>]) -> Schedules {
    let raw: Vec<RawSchedule> = list
        .iter()
        .map(|&(user, bypass, segments)| RawSchedule {
            user_id: user.into(),
            bypass,
            timezone: None,
            rules: None,
            segments: Some(segments.to_vec()),
        })
        .collect();
    Schedules::compile(&raw).unwrap()
}

fn log_of(events: &[Ev<'_>], list: &[Sched<'_>]) -> AgentLog {
    let mut log = AgentLog::new();
    for &(user_id, ts, status, reason) in events {
        log.push(EventRef {
            user_id,
            ts,
            status,
            reason,
        })
        .unwrap();
    }
    log.set_schedules(schedules(list));
    log
}

/// A query of `[since, now]`, sample step `sample_ms` (0 = exact), grace `grace_ms`, with
/// `conformance` and `shrinkage`.
fn query(since: u64, now: u64, sample_ms: u64, grace_ms: u64) -> Query {
    let mut q = Query::new(Window::new(since, now).unwrap());
    q.sample_ms = sample_ms;
    q.adherence_grace_ms = grace_ms;
    q.include = Include {
        conformance: true,
        shrinkage: true,
        ..Include::default()
    };
    q
}

/// The answer of a fresh log, checked equal to a log that answered an earlier `now` first and
/// to each agent's row of a one-interval report.
fn all_paths(events: &[Ev<'_>], list: &[Sched<'_>], q: &Query) -> AgentsResponse {
    let fresh = log_of(events, list).query(q).unwrap();
    let mut log = log_of(events, list);
    let mut earlier = q.clone();
    let (since, now) = (q.window.since(), q.window.now());
    earlier.window = Window::new(since, since.max(now.saturating_sub(7))).unwrap();
    log.query(&earlier).unwrap();
    assert_eq!(
        log.query(q).unwrap(),
        fresh,
        "engine extending a kept answer"
    );
    if now > since {
        let report = log.intervals(since, now, now - since, q).unwrap();
        for agent in report {
            let row = &agent.rows[0].kpis;
            let want = fresh.agents.iter().find(|a| a.user_id == agent.user_id);
            assert_eq!(Some(row), want, "interval report of {}", agent.user_id);
        }
    }
    fresh
}

fn agent<'r>(r: &'r AgentsResponse, user: &str) -> &'r AgentKpis {
    r.agents.iter().find(|a| a.user_id == user).unwrap()
}

fn entries(list: &[(&str, u64)]) -> Entries<u64> {
    Entries(list.iter().map(|&(k, v)| (k.to_string(), v)).collect())
}

/// The issue's example: segments [0, 70M); ready@0, paused(break)@10M, ready@13M, idle@30M,
/// ready@40M, paused(lunch)@50M.
const EXAMPLE: [Ev<'static>; 6] = [
    ("a", 0, "ready", None),
    ("a", 10 * M, "paused", Some("break")),
    ("a", 13 * M, "ready", None),
    ("a", 30 * M, "idle", None),
    ("a", 40 * M, "ready", None),
    ("a", 50 * M, "paused", Some("lunch")),
];
const EXAMPLE_SHIFT: [(u64, u64); 1] = [(0, 70 * M)];

#[test]
fn example_pinned() {
    let list: [Sched<'_>; 1] = [("a", false, &EXAMPLE_SHIFT)];
    let r = all_paths(&EXAMPLE, &list, &query(0, 60 * M, 0, 0));
    let a = agent(&r, "a");
    // Adherent: ready 0–10M, 13M–30M, 40M–50M = 10 + 17 + 10 = 37M of 60M on shift: 61.67 → 62.
    assert_eq!(a.adherence_pct, Some(AdherencePct::Pct(62)));
    assert_eq!(a.conformance_pct, Some(AdherencePct::Pct(62)));
    assert_eq!(
        a.conformance,
        Some(Conformance {
            worked_ms: 37 * M,
            scheduled_ms: 60 * M
        })
    );
    // Not adherent on shift: paused 10–13M (break) and 50–60M (lunch) = 13M, idle 30–40M = 10M.
    assert_eq!(a.shrinkage_pct, Some(AdherencePct::Pct(38))); // 23/60 = 38.3
    let want = Shrinkage {
        ms: 23 * M,
        planned_ms: 13 * M,
        unplanned_ms: 10 * M,
        unknown_ms: 0,
        by_status: entries(&[("paused", 13 * M), ("idle", 10 * M)]),
        by_reason: Entries(vec![(
            "paused".into(),
            entries(&[("break", 3 * M), ("lunch", 10 * M)]),
        )]),
    };
    assert_eq!(a.shrinkage.as_ref(), Some(&want));
    // Out since 50M, 10 minutes at now: severe.
    let st = a.adherence.unwrap();
    assert_eq!((st.out_since, st.severe), (Some(50 * M), true));
    let text = json::response(&r);
    assert!(
        text.contains(r#""outSince":3000000,"severe":true}"#),
        "{text}"
    );
    assert!(
        text.contains(concat!(
            r#""conformancePct":62,"conformance":{"workedMs":2220000,"scheduledMs":3600000},"#,
            r#""shrinkagePct":38,"shrinkage":{"ms":1380000,"plannedMs":780000,"unplannedMs":600000,"#,
            r#""unknownMs":0,"byStatus":{"paused":780000,"idle":600000},"#,
            r#""byReason":{"paused":{"break":180000,"lunch":600000}}}"#
        )),
        "{text}"
    );
    // Grace 5M: the 3-minute break is forgiven: 40/60 = 66.67 → 67. Grace 11M: every exception
    // (3M, 10M, and 10M up to now) is forgiven: 100. Conformance, shrinkage and severe unchanged.
    for (grace, pct) in [(5 * M, 67), (11 * M, 100)] {
        let r = all_paths(&EXAMPLE, &list, &query(0, 60 * M, 0, grace));
        let g = agent(&r, "a");
        assert_eq!(
            g.adherence_pct,
            Some(AdherencePct::Pct(pct)),
            "grace {grace}"
        );
        assert_eq!(g.conformance, a.conformance);
        assert_eq!(g.shrinkage, a.shrinkage);
        assert_eq!(g.shrinkage_pct, a.shrinkage_pct);
        let gs = g.adherence.unwrap();
        assert_eq!((gs.out_since, gs.severe), (Some(50 * M), true));
        // (the adherence block's counts follow the grace too: on shift 60M, adherent 40M / 60M)
        assert_eq!(gs.on_shift, 60 * M);
    }
}

#[test]
fn rule3_an_exception_at_the_grace_counts_whole() {
    let list: [Sched<'_>; 1] = [("a", false, &EXAMPLE_SHIFT)];
    // Grace 10M: the break (3M) is forgiven; idle (10M) and lunch (10M to now) are at the grace:
    // they count whole. 40/60 → 67. One ms more forgives them all.
    let r = all_paths(&EXAMPLE, &list, &query(0, 60 * M, 0, 10 * M));
    assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(67)));
    let r = all_paths(&EXAMPLE, &list, &query(0, 60 * M, 0, 10 * M + 1));
    assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(100)));
}

#[test]
fn rule3_grace_in_sampled_mode() {
    let list: [Sched<'_>; 1] = [("a", false, &EXAMPLE_SHIFT)];
    // Samples every 5M at 0, 5M, …, 55M (12): not adherent at 10M (paused), 30M, 35M (idle),
    // 50M, 55M (lunch): 7/12 = 58.3 → 58.
    let r = all_paths(&EXAMPLE, &list, &query(0, 60 * M, 5 * M, 0));
    let a = agent(&r, "a");
    assert_eq!(a.adherence_pct, Some(AdherencePct::Pct(58)));
    let st = a.adherence.unwrap();
    assert_eq!((st.on_shift, st.adherent), (12, 7));
    // Conformance and shrinkage stay exact milliseconds whatever the step.
    assert_eq!(a.conformance.unwrap().worked_ms, 37 * M);
    assert_eq!(a.conformance.unwrap().scheduled_ms, 60 * M);
    assert_eq!(a.shrinkage.as_ref().unwrap().ms, 23 * M);
    // Grace 5M forgives the break: its sample at 10M counts: 8/12 = 66.7 → 67.
    let r = all_paths(&EXAMPLE, &list, &query(0, 60 * M, 5 * M, 5 * M));
    let st = agent(&r, "a").adherence.unwrap();
    assert_eq!((st.on_shift, st.adherent), (12, 8));
    assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(67)));
    // Grace 11M forgives all: 12/12.
    let r = all_paths(&EXAMPLE, &list, &query(0, 60 * M, 5 * M, 11 * M));
    assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(100)));
}

#[test]
fn rule3_an_exception_begun_before_since_keeps_its_full_length() {
    // ready@0, idle@20M, ready@26M; shift [0, 70M); window [22M, 60M]: on shift 38M, idle 22–26M
    // in the window (4M) but the exception is 20–26M: 6M.
    let events: [Ev<'_>; 3] = [
        ("a", 0, "ready", None),
        ("a", 20 * M, "idle", None),
        ("a", 26 * M, "ready", None),
    ];
    let shift = [(0, 70 * M)];
    let list: [Sched<'_>; 1] = [("a", false, &shift)];
    // Grace 5M: 6M is not forgiven: 34/38 = 89.5 → 89 (clipped to since it would be: 100).
    let r = all_paths(&events, &list, &query(22 * M, 60 * M, 0, 5 * M));
    assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(89)));
    // Grace 7M forgives it: 100.
    let r = all_paths(&events, &list, &query(22 * M, 60 * M, 0, 7 * M));
    assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(100)));
    // The shift begins at 21M: the exception begins there, 5M long: at a 5M grace it counts
    // (89), one ms more forgives it (100).
    let late = [(21 * M, 70 * M)];
    let list: [Sched<'_>; 1] = [("a", false, &late)];
    let r = all_paths(&events, &list, &query(22 * M, 60 * M, 0, 5 * M));
    assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(89)));
    let r = all_paths(&events, &list, &query(22 * M, 60 * M, 0, 5 * M + 1));
    assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(100)));
    // Unknown time before the first event is out of adherence too: first event idle@20M, the
    // exception runs from the shift start 0 to 26M (26M): not forgiven by 10M.
    let events: [Ev<'_>; 2] = [("a", 20 * M, "idle", None), ("a", 26 * M, "ready", None)];
    let list: [Sched<'_>; 1] = [("a", false, &shift)];
    let r = all_paths(&events, &list, &query(22 * M, 60 * M, 0, 10 * M));
    assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(89)));
    let r = all_paths(&events, &list, &query(22 * M, 60 * M, 0, 26 * M + 1));
    assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(100)));
}

#[test]
fn rule3_an_exception_begun_before_the_horizon_keeps_its_full_length() {
    // As above, compacted at 21M (idle@20M is the event in effect, kept) and at 23M (idle@20M
    // still in effect: kept); then compacted at 27M with a window from 28M: nothing to extend.
    let events: [Ev<'_>; 4] = [
        ("a", 0, "ready", None),
        ("a", 18 * M, "paused", None),
        ("a", 20 * M, "idle", None),
        ("a", 26 * M, "ready", None),
    ];
    let shift = [(0, 70 * M)];
    let list: [Sched<'_>; 1] = [("a", false, &shift)];
    // The exception is 18–26M: 8M. Window [22M, 60M]: 4M of it inside.
    for before in [19 * M, 21 * M] {
        let mut log = log_of(&events, &list);
        log.compact(before).unwrap();
        let r = log.query(&query(22 * M, 60 * M, 0, 7 * M)).unwrap();
        assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(89)));
        let r = log.query(&query(22 * M, 60 * M, 0, 8 * M + 1)).unwrap();
        assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(100)));
    }
}

#[test]
fn rule3_a_gap_between_shifts_splits_an_exception() {
    // Shifts [0, 10M) and [12M, 30M); ready@0, idle@8M, ready@14M: two exceptions of 2M
    // (8–10M, 12–14M), each forgiven by a 3M grace: 28/28 = 100. Without grace: 24/28 → 86.
    let events: [Ev<'_>; 3] = [
        ("a", 0, "ready", None),
        ("a", 8 * M, "idle", None),
        ("a", 14 * M, "ready", None),
    ];
    let gap = [(0, 10 * M), (12 * M, 30 * M)];
    let list: [Sched<'_>; 1] = [("a", false, &gap)];
    let r = all_paths(&events, &list, &query(0, 30 * M, 0, 3 * M));
    let a = agent(&r, "a");
    assert_eq!(a.adherence_pct, Some(AdherencePct::Pct(100)));
    let r = all_paths(&events, &list, &query(0, 30 * M, 0, 0));
    assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(86)));
    // Conformance counts worked time off shift too: ready 0–8M and 14–30M = 24M of 28M → 86.
    assert_eq!(
        a.conformance,
        Some(Conformance {
            worked_ms: 24 * M,
            scheduled_ms: 28 * M
        })
    );
    assert_eq!(a.conformance_pct, Some(AdherencePct::Pct(86)));
    // Shrinkage: idle on shift 8–10M and 12–14M = 4M (the gap is not scheduled): 14.3 → 14.
    let s = a.shrinkage.as_ref().unwrap();
    assert_eq!((s.ms, s.planned_ms, s.unplanned_ms), (4 * M, 0, 4 * M));
    assert_eq!(s.by_status, entries(&[("idle", 4 * M)]));
    assert!(s.by_reason.is_empty());
    assert_eq!(a.shrinkage_pct, Some(AdherencePct::Pct(14)));
    // Touching shifts [0, 10M) [10M, 30M) are one stretch: ready@0, idle@8M, ready@12M is one
    // 4M exception, not forgiven by 3M: 26/30 = 86.7 → 87.
    let events: [Ev<'_>; 3] = [
        ("a", 0, "ready", None),
        ("a", 8 * M, "idle", None),
        ("a", 12 * M, "ready", None),
    ];
    let touching = [(0, 10 * M), (10 * M, 30 * M)];
    let list: [Sched<'_>; 1] = [("a", false, &touching)];
    let r = all_paths(&events, &list, &query(0, 30 * M, 0, 3 * M));
    assert_eq!(agent(&r, "a").adherence_pct, Some(AdherencePct::Pct(87)));
}

#[test]
fn rules1_2_an_absent_agent_is_all_shrinkage() {
    // Scheduled [0, 70M), no event at all; window [0, 60M]: all unknown.
    let events: [Ev<'_>; 1] = [("other", 0, "ready", None)];
    let shift = [(0, 70 * M)];
    let list: [Sched<'_>; 1] = [("s", false, &shift)];
    let r = all_paths(&events, &list, &query(0, 60 * M, 0, 0));
    let s = agent(&r, "s");
    assert_eq!(s.adherence_pct, Some(AdherencePct::Pct(0)));
    assert_eq!(s.conformance_pct, Some(AdherencePct::Pct(0)));
    assert_eq!(
        s.conformance,
        Some(Conformance {
            worked_ms: 0,
            scheduled_ms: 60 * M
        })
    );
    assert_eq!(s.shrinkage_pct, Some(AdherencePct::Pct(100)));
    let want = Shrinkage {
        ms: 60 * M,
        planned_ms: 0,
        unplanned_ms: 60 * M,
        unknown_ms: 60 * M,
        by_status: Entries::default(),
        by_reason: Entries::default(),
    };
    assert_eq!(s.shrinkage.as_ref(), Some(&want));
    // On shift at now, out since the shift start 0: severe. (The unscheduled agent has none of it.)
    assert!(s.adherence.unwrap().severe);
    let o = agent(&r, "other");
    assert!(o.conformance_pct.is_none() && o.shrinkage_pct.is_none() && o.adherence.is_none());
    let text = json::response(&r);
    assert!(
        text.contains(r#""byStatus":{},"byReason":{}}"#),
        "empty breakdowns are written: {text}"
    );
}

#[test]
fn rules1_2_a_bypassed_agent() {
    let shift = [(0, 70 * M)];
    let list: [Sched<'_>; 1] = [("a", true, &shift)];
    let r = all_paths(&EXAMPLE, &list, &query(0, 60 * M, 0, 5 * M));
    let a = agent(&r, "a");
    assert_eq!(a.adherence_pct, Some(AdherencePct::Bypass));
    assert_eq!(a.conformance_pct, Some(AdherencePct::Bypass));
    assert_eq!(a.shrinkage_pct, Some(AdherencePct::Bypass));
    assert!(a.adherence.is_none() && a.conformance.is_none() && a.shrinkage.is_none());
    let text = json::response(&r);
    assert!(
        text.contains(
            r#""adherencePct":"bypass","conformancePct":"bypass","shrinkagePct":"bypass"}"#
        ),
        "{text}"
    );
}

#[test]
fn rules1_2_nothing_scheduled_in_the_window_is_null() {
    // Shift [70M, 80M); window [0, 60M].
    let shift = [(70 * M, 80 * M)];
    let list: [Sched<'_>; 1] = [("a", false, &shift)];
    let r = all_paths(&EXAMPLE, &list, &query(0, 60 * M, 0, 0));
    let a = agent(&r, "a");
    assert_eq!(a.conformance_pct, Some(AdherencePct::NoShift));
    assert_eq!(a.shrinkage_pct, Some(AdherencePct::NoShift));
    // Worked 37M off shift: conformance can be anything; here its denominator is 0.
    assert_eq!(
        a.conformance,
        Some(Conformance {
            worked_ms: 37 * M,
            scheduled_ms: 0
        })
    );
    assert_eq!(a.shrinkage.as_ref().unwrap().ms, 0);
    let text = json::response(&r);
    assert!(text.contains(r#""conformancePct":null,"#), "{text}");
}

#[test]
fn rule1_conformance_can_exceed_100() {
    // Shift [0, 30M); ready from 0 to 60M: worked 60M of 30M scheduled → 200.
    let events: [Ev<'_>; 1] = [("a", 0, "ready", None)];
    let shift = [(0, 30 * M)];
    let list: [Sched<'_>; 1] = [("a", false, &shift)];
    let r = all_paths(&events, &list, &query(0, 60 * M, 0, 0));
    assert_eq!(agent(&r, "a").conformance_pct, Some(AdherencePct::Pct(200)));
}

#[test]
fn rule2_planned_reasons_match_exactly() {
    let list: [Sched<'_>; 1] = [("a", false, &EXAMPLE_SHIFT)];
    // Only "lunch" planned: planned 10M, unplanned 3M (break) + 10M (idle) = 13M.
    let mut q = query(0, 60 * M, 0, 0);
    q.planned_reasons = vec!["lunch".into()];
    let r = all_paths(&EXAMPLE, &list, &q);
    let s = agent(&r, "a").shrinkage.clone().unwrap();
    assert_eq!((s.planned_ms, s.unplanned_ms), (10 * M, 13 * M));
    // Case-sensitive: "Break" and "LUNCH" plan nothing.
    q.planned_reasons = vec!["Break".into(), "LUNCH".into()];
    let r = all_paths(&EXAMPLE, &list, &q);
    let s = agent(&r, "a").shrinkage.clone().unwrap();
    assert_eq!((s.planned_ms, s.unplanned_ms), (0, 23 * M));
    // Only one of the blocks: the other is absent.
    q.include = Include {
        shrinkage: true,
        ..Include::default()
    };
    let r = all_paths(&EXAMPLE, &list, &q);
    let a = agent(&r, "a");
    assert!(a.conformance_pct.is_none() && a.conformance.is_none());
    assert_eq!(a.shrinkage_pct, Some(AdherencePct::Pct(38)));
}

#[test]
fn rule4_severe() {
    // ready@0, idle@56M; shift [0, 70M): out since 56M.
    let events: [Ev<'_>; 2] = [("a", 0, "ready", None), ("a", 56 * M, "idle", None)];
    let shift = [(0, 70 * M)];
    let list: [Sched<'_>; 1] = [("a", false, &shift)];
    let severe = |now: u64, grace: u64, severe_ms: u64| {
        let mut q = query(0, now, 0, grace);
        q.adherence_severe_ms = severe_ms;
        let r = all_paths(&events, &list, &q);
        let st = agent(&r, "a").adherence.unwrap();
        (st.out_since, st.severe)
    };
    // 4 minutes out: not severe; 5 minutes: severe (>=); a grace does not change it.
    assert_eq!(severe(60 * M, 0, 5 * M), (Some(56 * M), false));
    assert_eq!(severe(61 * M, 0, 5 * M), (Some(56 * M), true));
    assert_eq!(severe(61 * M, 30 * M, 5 * M), (Some(56 * M), true));
    assert_eq!(severe(60 * M, 0, 4 * M), (Some(56 * M), true));
    // Off shift at now (the shift's end instant is off shift): no outSince, not severe.
    assert_eq!(severe(70 * M, 0, M), (None, false));
    // Adherent at now: not severe.
    assert_eq!(severe(50 * M, 0, M), (None, false));
    // Without the blocks, `severe` is there too (it belongs to `adherence`).
    let mut q = Query::new(Window::new(0, 61 * M).unwrap());
    q.sample_ms = 0;
    let r = log_of(&events, &list).query(&q).unwrap();
    assert!(r.agents[0].adherence.unwrap().severe);
    assert!(r.agents[0].conformance_pct.is_none());
}

#[test]
fn rule5_team_and_groups_sum_scheduled_non_bypassed_rows() {
    // a: the example (worked 37M, scheduled 60M, shrinkage 23M: break 3M, lunch 10M, idle
    // 10M); s: absent, scheduled [0, 70M) (worked 0, scheduled 60M, unknown 60M); b: bypassed;
    // u: unscheduled. Groups: a, s in "g1"; b, u in "g2".
    let mut events = EXAMPLE.to_vec();
    events.push(("b", 0, "idle", None));
    events.push(("u", 0, "idle", None));
    let list: [Sched<'_>; 3] = [
        ("a", false, &EXAMPLE_SHIFT),
        ("s", false, &EXAMPLE_SHIFT),
        ("b", true, &EXAMPLE_SHIFT),
    ];
    let mut q = query(0, 60 * M, 0, 0);
    q.include.team = true;
    q.groups = Some(Groups::from_iter([
        ("a", "g1"),
        ("s", "g1"),
        ("b", "g2"),
        ("u", "g2"),
    ]));
    let r = all_paths(&events, &list, &q);
    let team = r.team.as_ref().unwrap();
    // Σ worked 37M / Σ scheduled 120M = 30.8 → 31; Σ shrinkage 83M / 120M = 69.2 → 69.
    assert_eq!(team.conformance_pct, Some(AdherencePct::Pct(31)));
    assert_eq!(
        team.conformance,
        Some(Conformance {
            worked_ms: 37 * M,
            scheduled_ms: 120 * M
        })
    );
    assert_eq!(team.shrinkage_pct, Some(AdherencePct::Pct(69)));
    let want = Shrinkage {
        ms: 83 * M,
        planned_ms: 13 * M,
        unplanned_ms: 70 * M,
        unknown_ms: 60 * M,
        by_status: entries(&[("paused", 13 * M), ("idle", 10 * M)]),
        by_reason: Entries(vec![(
            "paused".into(),
            entries(&[("break", 3 * M), ("lunch", 10 * M)]),
        )]),
    };
    assert_eq!(team.shrinkage.as_ref(), Some(&want));
    let groups = r.groups.as_ref().unwrap();
    let g1 = &groups.iter().find(|g| g.group == "g1").unwrap().team;
    assert_eq!(g1.conformance, team.conformance);
    assert_eq!(g1.shrinkage, team.shrinkage);
    // g2: only a bypassed and an unscheduled agent: nothing scheduled, null.
    let g2 = &groups.iter().find(|g| g.group == "g2").unwrap().team;
    assert_eq!(g2.conformance_pct, Some(AdherencePct::NoShift));
    assert_eq!(g2.shrinkage_pct, Some(AdherencePct::NoShift));
    assert_eq!(g2.conformance, Some(Conformance::default()));
    // Each only when its block is included.
    q.include.shrinkage = false;
    let r = all_paths(&events, &list, &q);
    let team = r.team.as_ref().unwrap();
    assert!(team.shrinkage_pct.is_none() && team.shrinkage.is_none());
    assert_eq!(team.conformance_pct, Some(AdherencePct::Pct(31)));
    // The team of an interval report's rows (roll_up_rows) is the query's.
    let mut log = log_of(&events, &list);
    q.include.shrinkage = true;
    let report = log.intervals(0, 60 * M, 60 * M, &q).unwrap();
    let rows: Vec<AgentKpis> = report.iter().map(|a| a.rows[0].kpis.clone()).collect();
    let (team, _) = agent_kpis_core::roll_up_rows(&rows, log.store(), q.include, None, true);
    let whole = log.query(&q).unwrap();
    assert_eq!(Some(team), whole.team);
}

#[test]
fn interval_rows_have_their_own_exceptions() {
    // The example in two 30M intervals. [0, 30M): paused 10–13M (break): adherent 27/30 = 90,
    // shrinkage 3M planned. [30M, 60M): idle 30–40M, lunch 50–60M: adherent 10/30 = 33.
    let list: [Sched<'_>; 1] = [("a", false, &EXAMPLE_SHIFT)];
    let mut log = log_of(&EXAMPLE, &list);
    let q = query(0, 60 * M, 0, 0);
    let report = log.intervals(0, 60 * M, 30 * M, &q).unwrap();
    let rows = &report[0].rows;
    assert_eq!(rows[0].kpis.adherence_pct, Some(AdherencePct::Pct(90)));
    assert_eq!(rows[1].kpis.adherence_pct, Some(AdherencePct::Pct(33)));
    let s0 = rows[0].kpis.shrinkage.as_ref().unwrap();
    assert_eq!((s0.ms, s0.planned_ms), (3 * M, 3 * M));
    let s1 = rows[1].kpis.shrinkage.as_ref().unwrap();
    assert_eq!(
        (s1.ms, s1.planned_ms, s1.unplanned_ms),
        (20 * M, 10 * M, 10 * M)
    );
    // Grace 10M in the second row: idle (10M) counts, lunch (10M up to the row's end) counts:
    // 33. Grace 10M + 1: both forgiven: 100. The first row's break is forgiven by both: 100.
    let q = query(0, 60 * M, 0, 10 * M + 1);
    let report = log.intervals(0, 60 * M, 30 * M, &q).unwrap();
    let pcts: Vec<_> = report[0]
        .rows
        .iter()
        .map(|r| r.kpis.adherence_pct)
        .collect();
    assert_eq!(
        pcts,
        [Some(AdherencePct::Pct(100)), Some(AdherencePct::Pct(100))]
    );
}

#[test]
fn bad_options_name_the_option() {
    let list: [Sched<'_>; 1] = [("a", false, &EXAMPLE_SHIFT)];
    let mut log = log_of(&EXAMPLE, &list);
    let mut q = query(0, 60 * M, 0, 0);
    q.adherence_severe_ms = 0;
    let e = log.query(&q).unwrap_err();
    assert_eq!(e.path(), "adherenceSevereMs");
    assert_eq!(e.kind(), ErrorKind::Range);
    let e = log.intervals(0, 60 * M, 30 * M, &q).unwrap_err();
    assert_eq!(e.path(), "adherenceSevereMs");
    let mut q = query(0, 60 * M, 0, 0);
    q.planned_reasons = vec!["break".into(), String::new()];
    let e = log.query(&q).unwrap_err();
    assert_eq!(e.path(), "plannedReasons[1]");
    assert_eq!(e.kind(), ErrorKind::Range);
}
