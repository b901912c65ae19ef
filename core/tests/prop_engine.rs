//! Property test of the live engine: for any sequence of appends (in
//! order, late, duplicated), compactions and queries, `AgentLog::kpis` equals the one-shot
//! `agent_kpis` over every event ever appended, for every window starting at or after the horizon;
//! interval rows equal one-shot queries of their interval. The one-shot call folds in one pass
//! (`agent_kpis_core::onepass`) and only sorts on disorder; `one_pass_equals_engine` checks both of its
//! branches against the engine on time-ordered, nearly ordered and shuffled inputs.
//! The `…with_blocks…` tests (and `one_pass_equals_engine`, half of the time) include every block
//! of issue 14, and check every row against the reference in `episodes_ref.rs` too.
//! `engine_with_schedules_equals_one_shot` does the same with schedules (rules and segments), both
//! adherence modes and random adherent sets, adherence included; its one-shot is a fresh `AgentLog`
//! holding every event (what `agentKpis` with `schedules` runs).

use agent_kpis_core::schedule::raw::{RawRule, RawSchedule};
use agent_kpis_core::schedule::{zone, Schedules};
use agent_kpis_core::{
    agent_kpis_query, AgentKpis, AgentLog, AgentsResponse, EventRef, Include, Query, Window,
};
use proptest::prelude::*;

use crate::episodes_ref::{of_row, reference};

const STATUSES: [&str; 6] = ["ready", "incall", "wrapup", "paused", "offline", "x"];
/// Reasons: mostly none, two names, and the empty reason (none).
const REASONS: [Option<&str>; 5] = [None, None, Some("break"), Some("lunch"), Some("")];

#[derive(Clone, Debug)]
enum Op {
    Append(Vec<(u8, u64, u8, u8)>),
    Compact(u64),
    Query(u64, u64),
    Intervals(u64, u64, u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => prop::collection::vec((0u8..6, 0u64..5000, 0u8..6, 0u8..5), 0..200).prop_map(Op::Append),
        1 => (0u64..5000).prop_map(Op::Compact),
        3 => (0u64..5000, 0u64..3000).prop_map(|(s, l)| Op::Query(s, s + l)),
        1 => (0u64..5000, 1u64..700, 0u64..3000).prop_map(|(f, step, l)| Op::Intervals(f, step, f + l)),
    ]
}

type Owned = (String, u64, &'static str, Option<&'static str>);

fn one_shot(all: &[Owned], since: u64, now: u64) -> agent_kpis_core::AgentsResponse {
    one_shot_with(all, since, now, Include::default())
}

/// The one-shot call with `include` (and a group for every other agent: `a0`, `a2`, … in `even`).
fn one_shot_with(all: &[Owned], since: u64, now: u64, include: Include) -> AgentsResponse {
    agent_kpis_query(
        all.iter().map(|(u, t, s, r)| EventRef {
            user_id: u,
            ts: *t,
            status: s,
            reason: *r,
        }),
        &query_with(since, now, include),
    )
    .unwrap()
}

/// A query with `include`, and groups when it has `team`.
fn query_with(since: u64, now: u64, include: Include) -> Query {
    let mut q = Query::new(Window::new(since, now).unwrap());
    q.include = include;
    if include.team {
        q.groups = Some(
            (0..6)
                .step_by(2)
                .map(|a| (format!("a{a}"), "even"))
                .collect(),
        );
    }
    q
}

/// With every block: each row equals the reference over the agent's events.
fn check_reference(
    all: &[Owned],
    r: &AgentsResponse,
    since: u64,
    now: u64,
) -> Result<(), TestCaseError> {
    for a in &r.agents {
        let events: Vec<(u64, &str, Option<&str>)> = all
            .iter()
            .filter(|e| e.0 == a.user_id)
            .map(|e| (e.1, e.2, e.3))
            .collect();
        let expect = reference(&events, since, now);
        prop_assert!(
            expect.is_some(),
            "{} has no event at or before now",
            a.user_id
        );
        prop_assert_eq!(
            of_row(a),
            expect.unwrap(),
            "{} [{}, {}]",
            &a.user_id,
            since,
            now
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn engine_equals_one_shot(ops in prop::collection::vec(op(), 1..30)) {
        engine_equals_one_shot_with(ops, Include::default())?;
    }

    /// The same with every block (issue 14): engine == one-shot (its one pass) == the
    /// reference, interval rows included.
    #[test]
    fn engine_with_blocks_equals_one_shot(ops in prop::collection::vec(op(), 1..30)) {
        engine_equals_one_shot_with(ops, Include::ALL)?;
    }

    /// A dashboard's loop on long timelines (windows of hundreds of events per agent, where the
    /// engine answers from memos of earlier lookups): every second a few windows with the same
    /// starts and a later `now`, between appends that are mostly in order and sometimes late (before
    /// a remembered lookup), and compactions. Every answer equals the one-shot fold.
    #[test]
    fn dashboard_loop_equals_one_shot(steps in dashboard_steps()) {
        dashboard_loop(steps, Include::default())?;
    }

    /// The same with every block: rows extending kept answers grow only their open episodes.
    #[test]
    fn dashboard_loop_with_blocks_equals_one_shot(steps in dashboard_steps()) {
        dashboard_loop(steps, Include::ALL)?;
    }

    #[test]
    fn compaction_exports_exactly_the_dropped_events(ops in prop::collection::vec((0u8..6, 0u64..5000, 0u8..6), 0..400), before in 0u64..5000) {
        let mut log = AgentLog::new();
        for (agent, ts, status) in &ops {
            log.push(EventRef { user_id: &format!("a{agent}"), ts: *ts, status: STATUSES[*status as usize], reason: None }).unwrap();
        }
        let n = log.stats().events;
        let dropped = log.compact(before).unwrap();
        prop_assert_eq!(dropped.lines().count() + log.stats().events, n);
        // Per agent, all but the last event at or before `before` are dropped.
        let mut expect = 0;
        for agent in 0u8..6 {
            let at_or_before = ops.iter().filter(|(a, ts, _)| *a == agent && *ts <= before).count();
            expect += at_or_before.saturating_sub(1);
        }
        prop_assert_eq!(dropped.lines().count(), expect);
    }

    #[test]
    fn one_pass_equals_engine(
        mut evs in prop::collection::vec((0u8..6, 0u64..5000, 0u8..6, 0u8..5), 0..300),
        order in 0u8..3,
        blocks in any::<bool>(),
        late in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..3),
        (since, len) in (0u64..5000, 0u64..3000),
    ) {
        // 0: time-ordered (the one-pass branch); 1: ordered but for a few swapped events (the sort
        // branch, found mid-way); 2: as generated (usually the sort branch from the start).
        if order < 2 {
            evs.sort_by_key(|e| e.1); // stable: equal ts keep generation order
        }
        if order == 1 && !evs.is_empty() {
            for (i, j) in &late {
                let (i, j) = (i.index(evs.len()), j.index(evs.len()));
                evs.swap(i, j);
            }
        }
        let all: Vec<Owned> = evs
            .iter()
            .map(|&(a, ts, s, r)| (format!("a{a}"), ts, STATUSES[s as usize], REASONS[r as usize]))
            .collect();
        let mut log = AgentLog::new();
        for e in &all {
            log.push(EventRef { user_id: &e.0, ts: e.1, status: e.2, reason: e.3 }).unwrap();
        }
        let now = since + len;
        // With every block or none.
        let include = if blocks { Include::ALL } else { Include::default() };
        let got = log.query(&query_with(since, now, include)).unwrap();
        prop_assert_eq!(one_shot_with(&all, since, now, include), got);
    }
}

/// Appends (in order, late, duplicated, with reasons), compactions, queries and interval reports:
/// every answer with `since` at or after the horizon equals the one-shot's over every event
/// appended; with every block included, every row also equals the reference.
fn engine_equals_one_shot_with(ops: Vec<Op>, include: Include) -> Result<(), TestCaseError> {
    let mut log = AgentLog::new();
    let mut all: Vec<Owned> = Vec::new();
    let mut horizon = 0u64;
    for op in ops {
        match op {
            Op::Append(batch) => {
                for (agent, ts, status, reason) in batch {
                    let e: Owned = (
                        format!("a{agent}"),
                        ts,
                        STATUSES[status as usize],
                        REASONS[reason as usize],
                    );
                    let r = log.push(EventRef {
                        user_id: &e.0,
                        ts: e.1,
                        status: e.2,
                        reason: e.3,
                    });
                    // Events before the horizon are refused; the others are kept.
                    prop_assert_eq!(r.is_ok(), ts >= horizon);
                    if r.is_ok() {
                        all.push(e);
                    }
                }
            }
            Op::Compact(before) => {
                let dropped = log.compact(before).unwrap();
                horizon = horizon.max(before);
                let well_formed = dropped.lines().all(|l| l.starts_with("{\"user_id\":"));
                prop_assert!(well_formed);
            }
            Op::Query(since, now) => {
                let got = log.query(&query_with(since, now, include));
                if since < horizon {
                    prop_assert!(got.is_err());
                } else {
                    let got = got.unwrap();
                    prop_assert_eq!(&got, &one_shot_with(&all, since, now, include));
                    if include == Include::ALL {
                        check_reference(&all, &got, since, now)?;
                    }
                }
            }
            Op::Intervals(from, step, now) => {
                let got = log.intervals(from, now + 500, step, &query_with(0, now, include));
                if from < horizon {
                    prop_assert!(got.is_err());
                    continue;
                }
                for agent in got.unwrap() {
                    for row in agent.rows {
                        let expect = one_shot_with(&all, row.start, row.end, include);
                        let a = expect.agents.iter().find(|a| a.user_id == agent.user_id);
                        // An agent reported for the whole report but without events before this
                        // row's end has an empty row (and no current status).
                        match a {
                            Some(a) => prop_assert_eq!(&row.kpis, a),
                            None => {
                                prop_assert_eq!(
                                    row.kpis.logged_in_ms + row.kpis.status_ms.0.len() as u64,
                                    0
                                );
                                prop_assert_eq!(row.kpis.contacts.map_or(0, |c| c.handled), 0);
                                prop_assert_eq!(
                                    &row.kpis.current,
                                    &include.current.then_some(None)
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// A dashboard's second: a batch of `(agent, jitter, status, reason, late)` and an action
/// (nothing arrives, compact, how far `now` moves).
type Second = (Vec<(u8, u64, u8, u8, u8)>, u8);

/// A dashboard's steps, one a second.
fn dashboard_steps() -> impl Strategy<Value = Vec<Second>> {
    prop::collection::vec(
        (
            prop::collection::vec((0u8..3, 0u64..400, 0u8..6, 0u8..5, 0u8..10), 0..300),
            0u8..12,
        ),
        1..25,
    )
}

/// The dashboard loop of `dashboard_loop_equals_one_shot`, with `include`.
fn dashboard_loop(steps: Vec<Second>, include: Include) -> Result<(), TestCaseError> {
    let mut log = AgentLog::new();
    let mut all: Vec<Owned> = Vec::new();
    let mut clock = 0u64;
    let mut horizon = 0u64;
    for (batch, action) in steps {
        // Some seconds nothing arrives (then every agent's row extends the previous answer).
        let batch = if action % 4 == 1 { Vec::new() } else { batch };
        for (agent, jitter, status, reason, late) in batch {
            // 1 in 10 events is late: up to 40,000 ms before the clock (past remembered lookups).
            let ts = if late == 0 {
                clock.saturating_sub(jitter * 100).max(horizon)
            } else {
                clock + jitter
            };
            clock = clock.max(ts);
            let e: Owned = (
                format!("a{agent}"),
                ts,
                STATUSES[status as usize],
                REASONS[reason as usize],
            );
            log.push(EventRef {
                user_id: &e.0,
                ts: e.1,
                status: e.2,
                reason: e.3,
            })
            .unwrap();
            all.push(e);
        }
        if action == 0 && clock > 60_000 {
            let before = clock - 60_000;
            if before > horizon {
                log.compact(before).unwrap();
                horizon = before;
            }
        }
        let now = clock + u64::from(action) * 7;
        // Shift start, last 20 s of the clock, and one more start.
        // Three windows asked in turn, as a dashboard does, three times (nothing appended
        // between): ending before the last events, at `now`, a little later. Two starts are
        // fixed, one moves with `now`.
        let fixed = [horizon, horizon + (now - horizon) / 3];
        let earlier = now.saturating_sub(u64::from(action) * 50).max(fixed[1]);
        for now in [earlier, now, now + u64::from(action)] {
            for since in [fixed[0], now.saturating_sub(20_000).max(horizon), fixed[1]] {
                let got = log.query(&query_with(since, now, include)).unwrap();
                prop_assert_eq!(
                    got,
                    one_shot_with(&all, since, now, include),
                    "since {} now {}",
                    since,
                    now
                );
            }
        }
    }
    Ok(())
}

/// A late event landing right after a remembered lookup's event (between it and the next one)
/// changes which event is in effect just after it: the remembered lookup must not answer for it.
#[test]
fn late_event_right_after_a_remembered_lookup() {
    let mut log = AgentLog::new();
    let mut all: Vec<Owned> = Vec::new();
    let mut push = |log: &mut AgentLog, ts: u64, status: &'static str| {
        let e: Owned = ("a".to_string(), ts, status, None);
        log.push(EventRef::new(&e.0, ts, status)).unwrap();
        all.push(e);
    };
    // 300 events 10 ms apart, ready/incall alternating: windows span well over two checkpoints.
    for i in 0..300u64 {
        push(
            &mut log,
            i * 10,
            if i % 2 == 0 { "ready" } else { "incall" },
        );
    }
    // Remembers the event in effect at 1005 (ts 1000, the next one at 1010).
    log.kpis(Window::new(1005, 3000).unwrap()).unwrap();
    // Late: at 1007, between the remembered event and its next one.
    push(&mut log, 1007, "paused");
    for since in [1005, 1008] {
        let got = log.kpis(Window::new(since, 3000).unwrap()).unwrap();
        assert_eq!(got, one_shot(&all, since, 3000), "since {since}");
    }
}

const MIN: u64 = 60_000;
/// 2026-03-09, a Monday, 00:00 UTC.
const MON: u64 = 1_773_014_400_000;
/// Events, windows and segments fall on a 5-minute grid (some windows off it by a few ms), so that
/// events share timestamps (0 ms intervals) and bounds land on events.
const SLOT: u64 = 5 * MIN;
/// Two days of slots.
const SLOTS: u64 = 2 * 24 * 12;
/// Agents with schedules: `a0`..`a3` (who have events) and `s` (who has none).
const SCHEDULED: [&str; 5] = ["a0", "a1", "a2", "a3", "s"];

/// An instant: `slot` slots after the start (Monday 00:00 UTC), or after the horizon if `rel`.
type At = (bool, u64);

fn at((rel, slot): At, horizon: u64) -> u64 {
    (if rel { horizon.max(MON) } else { MON }) + slot * SLOT
}

/// How a query measures adherence.
#[derive(Clone, Debug)]
struct Adh {
    sample_ms: u64,
    /// Adherent statuses as a mask over `STATUSES`; `None` = the default set.
    adherent: Option<u8>,
    berlin: bool,
    /// Issue 15: `adherenceGraceMs`.
    grace_ms: u64,
    /// Issue 15: bits 1 `conformance`, 2 `shrinkage`, 4 `team` (with groups).
    blocks: u8,
    /// Issue 15: `adherenceSevereMs`.
    severe_ms: u64,
    /// Issue 15: `plannedReasons` is `["lunch"]` instead of the default.
    lunch_only: bool,
}

#[derive(Clone, Debug)]
enum SOp {
    /// `(agent, at, status, at the previous event's ts, reason)`.
    Append(Vec<(u8, At, u8, bool, u8)>),
    Compact(At),
    /// `since`, its offset in ms, the length in slots.
    Query(At, u64, u64, Adh),
    /// `from`, length in slots, number of intervals.
    Intervals(At, u64, u64, Adh),
    Schedules(Vec<RawSchedule>),
}

fn at_strategy() -> impl Strategy<Value = At> {
    // Mostly just after the horizon, where out-of-adherence stretches cross it.
    prop_oneof![
        2 => (Just(true), 0u64..24),
        1 => (Just(false), 0..SLOTS),
    ]
}

fn adh() -> impl Strategy<Value = Adh> {
    (
        prop_oneof![Just(0u64), Just(0), Just(SLOT), 1u64..4 * SLOT],
        prop::option::of(0u8..64),
        any::<bool>(),
        (
            prop_oneof![2 => Just(0u64), 1 => 1u64..6 * SLOT, 1 => (1u64..6).prop_map(|k| k * SLOT)],
            0u8..8,
            prop_oneof![Just(300_000u64), 1u64..4 * SLOT],
            any::<bool>(),
        ),
    )
        .prop_map(
            |(sample_ms, adherent, berlin, (grace_ms, blocks, severe_ms, lunch_only))| Adh {
                sample_ms,
                adherent,
                berlin,
                grace_ms,
                blocks,
                severe_ms,
                lunch_only,
            },
        )
}

fn hhmm(minute: u64) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

fn rule() -> impl Strategy<Value = RawRule> {
    let times = (0u64..96, 0u64..97).prop_map(|(a, b)| (hhmm(a * 15), hhmm(b * 15)));
    prop_oneof![
        // Weekly, mostly on the two days events fall on (Monday, Tuesday); end <= start is
        // overnight, "24:00" the next midnight.
        4 => (prop_oneof![3 => 1i64..3, 1 => 0i64..7], times.clone())
            .prop_map(|(dow, (a, b))| RawRule::weekly(dow, &a, &b)),
        1 => (any::<bool>(), times).prop_map(|(closed, (a, b))| RawRule {
            kind: "date".into(),
            start_date: Some("2026-03-10".into()),
            is_closed: closed,
            start_time: (!closed).then(|| a.clone()),
            end_time: (!closed).then(|| b.clone()),
            ..RawRule::default()
        }),
    ]
}

fn schedule_set() -> impl Strategy<Value = Vec<RawSchedule>> {
    let one = prop_oneof![
        // Segments: gaps and lengths in slots from Sunday 20:00 on (0 gap: touching segments).
        (prop::collection::vec((0u64..150, 1u64..150), 0..4)).prop_map(|parts| {
            let mut cursor = MON - 48 * SLOT;
            let mut segments = Vec::new();
            for (gap, len) in parts {
                let start = cursor + gap * SLOT;
                cursor = start + len * SLOT;
                segments.push((start, cursor));
            }
            (None, Some(segments), None)
        }),
        (
            prop::collection::vec(rule(), 0..4),
            prop::option::of(prop::sample::select(vec![
                "America/New_York",
                "Asia/Kolkata"
            ]))
        )
            .prop_map(|(rules, tz)| (Some(rules), None, tz.map(String::from))),
    ];
    prop::collection::vec((any::<bool>(), 0u8..8, one), 5).prop_map(|all| {
        SCHEDULED
            .iter()
            .zip(all)
            .filter(|(_, (has, _, _))| *has)
            .map(
                |(user, (_, bypass, (rules, segments, timezone)))| RawSchedule {
                    user_id: user.to_string(),
                    bypass: bypass == 0,
                    timezone,
                    rules,
                    segments,
                },
            )
            .collect()
    })
}

fn sop() -> impl Strategy<Value = SOp> {
    prop_oneof![
        4 => prop::collection::vec((0u8..4, at_strategy(), 0u8..6, prop::bool::weighted(0.2), 0u8..5), 0..40)
            .prop_map(SOp::Append),
        2 => at_strategy().prop_map(SOp::Compact),
        4 => (
            at_strategy(),
            prop_oneof![3 => Just(0u64), 1 => 0..SLOT],
            prop_oneof![3 => 0u64..12, 1 => 0..SLOTS],
            adh(),
        )
            .prop_map(|(since, offset, len, a)| SOp::Query(since, offset, len, a)),
        1 => (at_strategy(), 0u64..48, 1u64..6, adh())
            .prop_map(|(from, len, n, a)| SOp::Intervals(from, len, n, a)),
        1 => schedule_set().prop_map(SOp::Schedules),
    ]
}

fn query_of(window: Window, a: &Adh) -> Query {
    let mut q = Query::new(window);
    q.sample_ms = a.sample_ms;
    if a.berlin {
        q.zone = zone("Europe/Berlin", "zone").unwrap();
    }
    if let Some(mask) = a.adherent {
        q.adherent_statuses = (0..STATUSES.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| STATUSES[i].to_string())
            .collect();
    }
    q.adherence_grace_ms = a.grace_ms;
    q.adherence_severe_ms = a.severe_ms;
    q.include.conformance = a.blocks & 1 != 0;
    q.include.shrinkage = a.blocks & 2 != 0;
    if a.blocks & 4 != 0 {
        q.include.team = true;
        q.groups = Some([("a0", "g"), ("a2", "g"), ("s", "h")].into_iter().collect());
    }
    if a.lunch_only {
        q.planned_reasons = vec!["lunch".into()];
    }
    q
}

/// Issue 15, rule 2: in exact mode without grace, adherent + shrinkage ms = scheduled ms, and
/// the shrinkage parts add up.
fn check_shrinkage_sum(r: &AgentsResponse, q: &Query) -> Result<(), TestCaseError> {
    if q.sample_ms != 0 || q.adherence_grace_ms != 0 || !q.include.shrinkage {
        return Ok(());
    }
    for a in &r.agents {
        let (Some(st), Some(s)) = (a.adherence, a.shrinkage.as_ref()) else {
            continue;
        };
        prop_assert_eq!(st.adherent + s.ms, st.on_shift, "{}", a.user_id);
        let by_status: u64 = s.by_status.0.iter().map(|e| e.1).sum();
        prop_assert_eq!(by_status + s.unknown_ms, s.ms);
        prop_assert_eq!(s.planned_ms + s.unplanned_ms, s.ms);
        if let Some(c) = a.conformance {
            prop_assert_eq!(c.scheduled_ms, st.on_shift);
        }
    }
    Ok(())
}

/// `agentKpis` with schedules: a fresh log of every event appended, queried once.
fn one_shot_scheduled(all: &[Owned], schedules: &[RawSchedule], query: &Query) -> AgentsResponse {
    let mut log = AgentLog::new();
    for (u, t, s, r) in all {
        log.push(EventRef {
            user_id: u,
            ts: *t,
            status: s,
            reason: *r,
        })
        .unwrap();
    }
    log.set_schedules(Schedules::compile(schedules).unwrap());
    log.query(query).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// Appends, compactions, schedule changes, queries and interval reports with schedules: every
    /// row (adherence included) of every query starting at or after the horizon equals the
    /// one-shot's over every event appended.
    #[test]
    fn engine_with_schedules_equals_one_shot(
        first in schedule_set(),
        ops in prop::collection::vec(sop(), 1..30),
    ) {
        let mut log = AgentLog::new();
        let mut all: Vec<Owned> = Vec::new();
        let mut horizon = 0u64;
        let mut schedules = first;
        log.set_schedules(Schedules::compile(&schedules).unwrap());
        for op in ops {
            match op {
                SOp::Append(batch) => {
                    for (agent, when, status, again, reason) in batch {
                        let user = format!("a{agent}");
                        let previous = all.iter().rev().find(|e| e.0 == user).map(|e| e.1);
                        let ts = match previous {
                            Some(t) if again => t,
                            _ => at(when, horizon),
                        };
                        let e: Owned = (user, ts, STATUSES[status as usize], REASONS[reason as usize]);
                        let r = log.push(EventRef { user_id: &e.0, ts: e.1, status: e.2, reason: e.3 });
                        prop_assert_eq!(r.is_ok(), ts >= horizon);
                        if r.is_ok() {
                            all.push(e);
                        }
                    }
                }
                SOp::Compact(when) => {
                    let before = at(when, horizon);
                    log.compact(before).unwrap();
                    horizon = horizon.max(before);
                }
                SOp::Query(when, offset, len, a) => {
                    let since = at(when, horizon) + offset;
                    let window = Window::new(since, since + len * SLOT).unwrap();
                    let query = query_of(window, &a);
                    let got = log.query(&query);
                    if since < horizon {
                        prop_assert!(got.is_err());
                    } else {
                        let expect = one_shot_scheduled(&all, &schedules, &query);
                        check_shrinkage_sum(&expect, &query)?;
                        prop_assert_eq!(got.unwrap(), expect, "since {} now {}", since, window.now());
                    }
                }
                SOp::Intervals(when, len, n, a) => {
                    let from = at(when, horizon);
                    let now = from + len * SLOT;
                    let step = (len * SLOT / n).max(1);
                    let query = query_of(Window::new(from, now).unwrap(), &a);
                    let got = log.intervals(from, now + SLOT, step, &query);
                    if from < horizon {
                        prop_assert!(got.is_err());
                        continue;
                    }
                    for agent in got.unwrap() {
                        for row in agent.rows {
                            let window = Window::new(row.start, row.end).unwrap();
                            let expect = one_shot_scheduled(&all, &schedules, &query_of(window, &a));
                            let found = expect.agents.iter().find(|x| x.user_id == agent.user_id);
                            // An agent without schedule and without events before this row's end
                            // has an empty row.
                            match found {
                                Some(a) => prop_assert_eq!(&row.kpis, a),
                                None => prop_assert_eq!(&row.kpis, &AgentKpis::empty(&agent.user_id)),
                            }
                        }
                    }
                }
                SOp::Schedules(set) => {
                    log.set_schedules(Schedules::compile(&set).unwrap());
                    schedules = set;
                }
            }
        }
    }
}
