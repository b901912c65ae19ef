//! Property test of the live engine (issue 6, behaviour 1): for any sequence of appends (in
//! order, late, duplicated), compactions and queries, `AgentLog::kpis` equals the one-shot
//! `agent_kpis` over every event ever appended, for every window starting at or after the horizon;
//! interval rows equal one-shot queries of their interval. The one-shot call folds in one pass
//! (`agent_kpis_core::onepass`) and only sorts on disorder; `one_pass_equals_engine` checks both of its
//! branches against the engine on time-ordered, nearly ordered and shuffled inputs.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use agent_kpis_core::Query;
use agent_kpis_core::{agent_kpis, AgentLog, EventRef, Window};
use proptest::prelude::*;

const STATUSES: [&str; 6] = ["ready", "incall", "wrapup", "paused", "offline", "x"];

#[derive(Clone, Debug)]
enum Op {
    Append(Vec<(u8, u64, u8, bool)>),
    Compact(u64),
    Query(u64, u64),
    Intervals(u64, u64, u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => prop::collection::vec((0u8..6, 0u64..5000, 0u8..6, any::<bool>()), 0..200).prop_map(Op::Append),
        1 => (0u64..5000).prop_map(Op::Compact),
        3 => (0u64..5000, 0u64..3000).prop_map(|(s, l)| Op::Query(s, s + l)),
        1 => (0u64..5000, 1u64..700, 0u64..3000).prop_map(|(f, step, l)| Op::Intervals(f, step, f + l)),
    ]
}

type Owned = (String, u64, &'static str, Option<&'static str>);

fn one_shot(all: &[Owned], since: u64, now: u64) -> agent_kpis_core::AgentsResponse {
    agent_kpis(
        all.iter().map(|(u, t, s, r)| EventRef {
            user_id: u,
            ts: *t,
            status: s,
            reason: *r,
        }),
        since,
        now,
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn engine_equals_one_shot(ops in prop::collection::vec(op(), 1..30)) {
        let mut log = AgentLog::new();
        let mut all: Vec<Owned> = Vec::new();
        let mut horizon = 0u64;
        for op in ops {
            match op {
                Op::Append(batch) => {
                    for (agent, ts, status, reason) in batch {
                        let e: Owned = (format!("a{agent}"), ts, STATUSES[status as usize], reason.then_some("break"));
                        let r = log.push(EventRef { user_id: &e.0, ts: e.1, status: e.2, reason: e.3 });
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
                    let got = log.kpis(Window::new(since, now).unwrap());
                    if since < horizon {
                        prop_assert!(got.is_err());
                    } else {
                        prop_assert_eq!(got.unwrap(), one_shot(&all, since, now));
                    }
                }
                Op::Intervals(from, step, now) => {
                    let got = log.intervals(from, now + 500, step, &Query::new(Window::new(0, now).unwrap()));
                    if from < horizon {
                        prop_assert!(got.is_err());
                        continue;
                    }
                    for agent in got.unwrap() {
                        for row in agent.rows {
                            let expect = one_shot(&all, row.start, row.end);
                            let a = expect.agents.iter().find(|a| a.user_id == agent.user_id);
                            // An agent reported for the whole report but without events before this
                            // row's end has an empty row.
                            match a {
                                Some(a) => prop_assert_eq!(&row.kpis, a),
                                None => prop_assert_eq!(row.kpis.logged_in_ms + row.kpis.status_ms.0.len() as u64, 0),
                            }
                        }
                    }
                }
            }
        }
    }

    /// A dashboard's loop on long timelines (windows of hundreds of events per agent, where the
    /// engine answers from memos of earlier lookups): every second a few windows with the same
    /// starts and a later `now`, between appends that are mostly in order and sometimes late (before
    /// a remembered lookup), and compactions. Every answer equals the one-shot fold.
    #[test]
    fn dashboard_loop_equals_one_shot(
        steps in prop::collection::vec(
            (prop::collection::vec((0u8..3, 0u64..400, 0u8..6, any::<bool>(), 0u8..10), 0..300), 0u8..12),
            1..25,
        ),
    ) {
        let mut log = AgentLog::new();
        let mut all: Vec<Owned> = Vec::new();
        let mut clock = 0u64;
        let mut horizon = 0u64;
        for (batch, action) in steps {
            // Some seconds nothing arrives (then every agent's row extends the previous answer).
            let batch = if action % 4 == 1 { Vec::new() } else { batch };
            for (agent, jitter, status, reason, late) in batch {
                // 1 in 10 events is late: up to 40,000 ms before the clock (past remembered lookups).
                let ts = if late == 0 { clock.saturating_sub(jitter * 100).max(horizon) } else { clock + jitter };
                clock = clock.max(ts);
                let e: Owned = (format!("a{agent}"), ts, STATUSES[status as usize], reason.then_some("break"));
                log.push(EventRef { user_id: &e.0, ts: e.1, status: e.2, reason: e.3 }).unwrap();
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
                    let got = log.kpis(Window::new(since, now).unwrap()).unwrap();
                    prop_assert_eq!(got, one_shot(&all, since, now), "since {} now {}", since, now);
                }
            }
        }
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
        mut evs in prop::collection::vec((0u8..6, 0u64..5000, 0u8..6, any::<bool>()), 0..300),
        order in 0u8..3,
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
            .map(|&(a, ts, s, r)| (format!("a{a}"), ts, STATUSES[s as usize], r.then_some("break")))
            .collect();
        let mut log = AgentLog::new();
        for e in &all {
            log.push(EventRef { user_id: &e.0, ts: e.1, status: e.2, reason: e.3 }).unwrap();
        }
        let now = since + len;
        prop_assert_eq!(one_shot(&all, since, now), log.kpis(Window::new(since, now).unwrap()).unwrap());
    }
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
