//! Issue 2's semantic rules, one test each, on the pure core. Expected values are hand-computed in
//! the comments.

use agent_kpis_core::{agent_kpis, AgentKpis, AgentsResponse, EventRef};

fn run(events: &[EventRef<'_>], since: u64, now: u64) -> AgentsResponse {
    agent_kpis(events.iter().copied(), since, now).unwrap()
}

fn status_ms(agent: &AgentKpis) -> Vec<(&str, u64)> {
    agent
        .status_ms
        .0
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect()
}

#[test]
fn rule1_grouped_by_agent_ordered_by_ts_ties_stable() {
    // Input order for agent a: ready@10, incall@0, wrapup@10 (same ts as ready, later in input).
    // Sorted stably: incall@0, ready@10, wrapup@10. Intervals: incall 0..10, ready 10..10 (0 ms),
    // wrapup 10..30. b: idle 5..30.
    let r = run(
        &[
            EventRef::new("a", 10, "ready"),
            EventRef::new("b", 5, "idle"),
            EventRef::new("a", 0, "incall"),
            EventRef::new("a", 10, "wrapup"),
        ],
        0,
        30,
    );
    assert_eq!(r.agents.len(), 2);
    assert_eq!(status_ms(&r.agents[0]), [("incall", 10), ("wrapup", 20)]);
    assert_eq!(status_ms(&r.agents[1]), [("idle", 25)]);
}

#[test]
fn rule2_intervals_clipped_to_window() {
    // ready@0, paused@100, offline@400, ready@900 (after now). Window [50, 300]:
    // ready 50..100 = 50, paused 100..300 = 200 (clipped at now), offline and later: 0.
    let r = run(
        &[
            EventRef::new("a", 0, "ready"),
            EventRef::new("a", 100, "paused"),
            EventRef::new("a", 400, "offline"),
            EventRef::new("a", 900, "ready"),
        ],
        50,
        300,
    );
    assert_eq!(status_ms(&r.agents[0]), [("paused", 200), ("ready", 50)]);
}

#[test]
fn rule3_time_before_first_event_not_counted() {
    // First event at 400 in window [0, 1000]: only 400..1000 = 600 ms counted.
    let r = run(&[EventRef::new("a", 400, "ready")], 0, 1000);
    assert_eq!(status_ms(&r.agents[0]), [("ready", 600)]);
    assert_eq!(r.agents[0].logged_in_ms, 600);
}

#[test]
fn rule4_any_status_is_its_own_case_sensitive_bucket() {
    // Ready 0..10, ready(lowercase) 10..25, ringing 25..30; canonical `ready` listed before the
    // others, which follow in first-appearance order.
    let r = run(
        &[
            EventRef::new("a", 0, "Ready"),
            EventRef::new("a", 10, "ready"),
            EventRef::new("a", 25, "ringing"),
            EventRef::new("a", 30, "zero"),
        ],
        0,
        30,
    );
    assert_eq!(
        status_ms(&r.agents[0]),
        [("ready", 15), ("Ready", 10), ("ringing", 5)]
    );
}

#[test]
fn rule5_logged_in_is_everything_but_offline() {
    // offline 0..100, ready 100..160, weird 160..200: loggedIn = 60 + 40 = 100.
    let r = run(
        &[
            EventRef::new("a", 0, "offline"),
            EventRef::new("a", 100, "ready"),
            EventRef::new("a", 160, "weird"),
        ],
        0,
        200,
    );
    assert_eq!(r.agents[0].logged_in_ms, 100);
}

#[test]
fn rule6_occupancy_and_utilization_formulas() {
    // incall 0..30, wrapup 30..40, ready 40..80, paused 80..100. handle = 40, ready = 40.
    // occupancy = 40/80 = 50; loggedIn = 100, utilization = 40/100 = 40.
    let r = run(
        &[
            EventRef::new("a", 0, "incall"),
            EventRef::new("a", 30, "wrapup"),
            EventRef::new("a", 40, "ready"),
            EventRef::new("a", 80, "paused"),
        ],
        0,
        100,
    );
    assert_eq!(
        (r.agents[0].occupancy_pct, r.agents[0].utilization_pct),
        (50, 40)
    );
    // Zero denominators: only paused → occupancy 0 (0/0), utilization 0 (0/100).
    let r = run(&[EventRef::new("a", 0, "paused")], 0, 100);
    assert_eq!(
        (r.agents[0].occupancy_pct, r.agents[0].utilization_pct),
        (0, 0)
    );
    // Only offline → loggedIn 0 → utilization 0.
    let r = run(&[EventRef::new("a", 0, "offline")], 0, 100);
    assert_eq!(
        (r.agents[0].logged_in_ms, r.agents[0].utilization_pct),
        (0, 0)
    );
}

#[test]
fn rule7_docs_example_rounds_to_36_not_35() {
    // ready 5,400,000, incall 2,700,000, wrapup 300,000, paused 600,000.
    // handle 3,000,000; occupancy 3.0/8.4 = 35.714… → 36; utilization 3.0/9.0 = 33.33… → 33.
    let r = run(
        &[
            EventRef::new("7", 0, "ready"),
            EventRef::new("7", 5_400_000, "incall"),
            EventRef::new("7", 8_100_000, "wrapup"),
            EventRef::new("7", 8_400_000, "paused"),
        ],
        0,
        9_000_000,
    );
    assert_eq!(
        (r.agents[0].occupancy_pct, r.agents[0].utilization_pct),
        (36, 33)
    );
}

#[test]
fn rule7_exact_half_rounds_up() {
    // incall 0..1, ready 1..8: occupancy 1/8 = 12.5 → 13; utilization 1/8 → 13.
    let r = run(
        &[
            EventRef::new("a", 0, "incall"),
            EventRef::new("a", 1, "ready"),
        ],
        0,
        8,
    );
    assert_eq!(
        (r.agents[0].occupancy_pct, r.agents[0].utilization_pct),
        (13, 13)
    );
    // incall 0..3, ready 3..8: 3/8 = 37.5 → 38. And 1/200 = 0.5 → 1.
    let r = run(
        &[
            EventRef::new("a", 0, "incall"),
            EventRef::new("a", 3, "ready"),
        ],
        0,
        8,
    );
    assert_eq!(r.agents[0].occupancy_pct, 38);
    let r = run(
        &[
            EventRef::new("a", 0, "incall"),
            EventRef::new("a", 1, "ready"),
        ],
        0,
        200,
    );
    assert_eq!(r.agents[0].occupancy_pct, 1);
}

#[test]
fn rule8_reasons_clipped_and_only_when_present() {
    // paused(break) 0..100, paused(no reason) 100..150, paused(lunch) 150..300, paused("") 300..400.
    // Window [50, 350]: break 50, lunch 150; statusMs paused = 50+50+150+50 = 300.
    let r = run(
        &[
            EventRef::new("a", 0, "paused").with_reason("break"),
            EventRef::new("a", 100, "paused"),
            EventRef::new("a", 150, "paused").with_reason("lunch"),
            EventRef::new("a", 300, "paused").with_reason(""),
        ],
        50,
        350,
    );
    let a = &r.agents[0];
    assert_eq!(status_ms(a), [("paused", 300)]);
    let reasons = a.reason_ms.get("paused").unwrap();
    assert_eq!(
        reasons.0,
        [("break".to_string(), 50), ("lunch".to_string(), 150)]
    );
    // No reasoned time in the window → field absent.
    let r = run(
        &[
            EventRef::new("a", 0, "paused").with_reason("break"),
            EventRef::new("a", 100, "ready"),
        ],
        100,
        200,
    );
    assert!(r.agents[0].reason_ms.is_empty());
}

#[test]
fn rule9_agents_in_first_appearance_order_future_only_absent_offline_present() {
    // c first appears, then a, then z (only after now), then b offline all window.
    let r = run(
        &[
            EventRef::new("c", 10, "ready"),
            EventRef::new("a", 0, "ready"),
            EventRef::new("z", 500, "ready"),
            EventRef::new("b", 0, "offline"),
        ],
        0,
        100,
    );
    let ids: Vec<&str> = r.agents.iter().map(|a| a.user_id.as_str()).collect();
    assert_eq!(ids, ["c", "a", "b"]);
    assert_eq!(status_ms(&r.agents[2]), [("offline", 100)]);
    // An agent whose first appearance is after now but who has an earlier event still counts, at
    // its first-appearance position.
    let r = run(
        &[
            EventRef::new("x", 500, "ready"),
            EventRef::new("y", 0, "ready"),
            EventRef::new("x", 0, "idle"),
        ],
        0,
        100,
    );
    let ids: Vec<&str> = r.agents.iter().map(|a| a.user_id.as_str()).collect();
    assert_eq!(ids, ["x", "y"]);
}

#[test]
fn rule10_exact_integers_at_max_safe_integer() {
    // ts near 2^53 − 1: ready from MAX−10, incall from MAX−4, now = MAX: ready 6, incall 4.
    let max = 9_007_199_254_740_991u64;
    let r = run(
        &[
            EventRef::new("a", max - 10, "ready"),
            EventRef::new("a", max - 4, "incall"),
        ],
        0,
        max,
    );
    assert_eq!(status_ms(&r.agents[0]), [("incall", 4), ("ready", 6)]);
    // A window of the whole range: one status for 2^53 − 1 ms, exactly.
    let r = run(&[EventRef::new("a", 0, "ready")], 0, max);
    assert_eq!(r.agents[0].logged_in_ms, max);
}

#[test]
fn bad_event_is_named_by_position() {
    let e = agent_kpis(
        [EventRef::new("a", 0, "ready"), EventRef::new("a", 1, "")],
        0,
        5,
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "events[1].status: must not be empty");
}
