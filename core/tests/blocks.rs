//! Issue 14's blocks (`contacts`, `episodes`, `current`, `team`): its Semantics rules 1–8, one
//! named test each (some rules several), and the hand-checked example with its two variants,
//! pinned. Expected values are worked out by hand in the comments (M = 60,000 ms); every row is
//! also checked against the reference in `episodes_ref.rs`, and every answer is the same from the
//! one-shot call and the live engine.

use agent_kpis_core::schedule::raw::RawSchedule;
use agent_kpis_core::schedule::Schedules;
use agent_kpis_core::{
    agent_kpis, agent_kpis_query, AdherencePct, AgentKpis, AgentLog, AgentsResponse, Contacts,
    Current, EpisodeStats, ErrorKind, EventRef, Groups, Include, Query, Window,
};

use crate::episodes_ref::{of_row, reference, Ev};

const M: u64 = 60_000;

/// An event of agent `user`: `(user, ts, status, reason)`.
type Tagged<'a> = (&'a str, u64, &'a str, Option<&'a str>);

fn query(since: u64, now: u64, include: Include) -> Query {
    let mut q = Query::new(Window::new(since, now).unwrap());
    q.include = include;
    q
}

fn event<'a>(&(user, ts, status, reason): &Tagged<'a>) -> EventRef<'a> {
    EventRef {
        user_id: user,
        ts,
        status,
        reason,
    }
}

/// The answer of the one-shot call, checked equal to the live engine's (a fresh log, and a log
/// queried first at an earlier `now`, so that the answer extends a kept one).
fn all_paths(events: &[Tagged<'_>], q: &Query) -> AgentsResponse {
    let one_shot = agent_kpis_query(events.iter().map(event), q).unwrap();
    let mut log = AgentLog::new();
    for e in events {
        log.push(event(e)).unwrap();
    }
    assert_eq!(log.query(q).unwrap(), one_shot, "fresh engine");
    let mut log = AgentLog::new();
    for e in events {
        log.push(event(e)).unwrap();
    }
    let (since, now) = (q.window.since(), q.window.now());
    let mut earlier = q.clone();
    earlier.window = Window::new(since, since.max(now.saturating_sub(7))).unwrap();
    log.query(&earlier).unwrap();
    assert_eq!(
        log.query(q).unwrap(),
        one_shot,
        "engine extending a kept answer"
    );
    one_shot
}

/// Agent `a`'s row with every block over `[since, now]`, the same by every path and equal to the
/// reference.
fn row(events: &[Ev<'_>], since: u64, now: u64) -> AgentKpis {
    let tagged: Vec<Tagged<'_>> = events.iter().map(|&(t, s, r)| ("a", t, s, r)).collect();
    let r = all_paths(&tagged, &query(since, now, Include::ALL));
    let a = r.agents.into_iter().find(|a| a.user_id == "a").unwrap();
    assert_eq!(
        of_row(&a),
        reference(events, since, now).unwrap(),
        "reference"
    );
    a
}

fn st(started: u64, ended: u64, ended_ms: u64, longest_ms: u64) -> EpisodeStats {
    EpisodeStats {
        started,
        ended,
        ended_ms,
        longest_ms,
    }
}

fn episodes(a: &AgentKpis) -> Vec<(&str, EpisodeStats)> {
    let e = a.episodes.as_ref().unwrap();
    e.0.iter().map(|(k, v)| (k.as_str(), *v)).collect()
}

fn reason_episodes(a: &AgentKpis) -> Vec<(&str, &str, EpisodeStats)> {
    let mut out = Vec::new();
    for (s, inner) in &a.reason_episodes.0 {
        for (r, e) in &inner.0 {
            out.push((s.as_str(), r.as_str(), *e));
        }
    }
    out
}

fn contacts(
    handled: u64,
    handle_ms: u64,
    talk_ms: u64,
    acw_ms: u64,
    with_acw: u64,
    aht_ms: Option<u64>,
) -> Contacts {
    Contacts {
        handled,
        handle_ms,
        talk_ms,
        acw_ms,
        with_acw,
        aht_ms,
    }
}

fn current(status: &str, reason: Option<&str>, since: u64, ms: u64) -> Option<Option<Current>> {
    Some(Some(Current {
        status: status.into(),
        reason: reason.map(String::from),
        since,
        ms,
    }))
}

/// The issue's example: `ready@0, incall@10M, wrapup@16M, ready@18M, paused(break)@20M,
/// ready@30M, incall@40M`.
const HAND: [Ev<'static>; 7] = [
    (0, "ready", None),
    (10 * M, "incall", None),
    (16 * M, "wrapup", None),
    (18 * M, "ready", None),
    (20 * M, "paused", Some("break")),
    (30 * M, "ready", None),
    (40 * M, "incall", None),
];

#[test]
fn hand_example() {
    // Window [12M, 45M]. Status episodes: ready [0,10M), incall [10M,16M), wrapup [16M,18M),
    // ready [18M,20M), paused [20M,30M), ready [30M,40M), incall [40M,45M) open.
    // Contact 1 = incall [10M,16M) + wrapup [16M,18M): ends 18M ∈ (12M, 45M]: handled, 8M = 6M
    // talk + 2M acw. Contact 2 (incall from 40M) is open.
    let a = row(&HAND, 12 * M, 45 * M);
    assert_eq!(
        a.contacts,
        Some(contacts(1, 8 * M, 6 * M, 2 * M, 1, Some(8 * M)))
    );
    // incall: started 1 (40M; 10M < since), ended 1 (16M), endedMs 6M, longest max(6M, 5M).
    // paused [20M,30M): 1, 1, 10M, 10M. wrapup [16M,18M): 1, 1, 2M, 2M. ready [18M,20M) and
    // [30M,40M): 2, 2, 12M, longest 10M ([0,10M) ends before since: not overlapping).
    assert_eq!(
        episodes(&a),
        [
            ("incall", st(1, 1, 6 * M, 6 * M)),
            ("paused", st(1, 1, 10 * M, 10 * M)),
            ("wrapup", st(1, 1, 2 * M, 2 * M)),
            ("ready", st(2, 2, 12 * M, 10 * M)),
        ]
    );
    assert_eq!(
        reason_episodes(&a),
        [("paused", "break", st(1, 1, 10 * M, 10 * M))]
    );
    assert_eq!(a.current, current("incall", None, 40 * M, 5 * M));
}

#[test]
fn hand_example_json_is_pinned() {
    let tagged: Vec<Tagged<'_>> = HAND.iter().map(|&(t, s, r)| ("a", t, s, r)).collect();
    let r = all_paths(&tagged, &query(12 * M, 45 * M, Include::ALL));
    // statusMs in [12M, 45M]: incall 4M + 5M = 540000, paused 600000, wrapup 120000, ready
    // 2M + 10M = 720000; loggedIn 1980000; occupancy 11M / 23M = 47.8 → 48; utilization
    // 11M / 33M = 33.3 → 33.
    let base = r#""statusMs":{"incall":540000,"paused":600000,"wrapup":120000,"ready":720000},"loggedInMs":1980000,"occupancyPct":48,"utilizationPct":33"#;
    let contacts = r#""contacts":{"handled":1,"handleMs":480000,"talkMs":360000,"acwMs":120000,"withAcw":1,"ahtMs":480000}"#;
    let expected = format!(
        concat!(
            r#"{{"agents":[{{"user_id":"a",{base},"reasonMs":{{"paused":{{"break":600000}}}},{contacts},"#,
            r#""episodes":{{"incall":{{"started":1,"ended":1,"endedMs":360000,"longestMs":360000}},"#,
            r#""paused":{{"started":1,"ended":1,"endedMs":600000,"longestMs":600000}},"#,
            r#""wrapup":{{"started":1,"ended":1,"endedMs":120000,"longestMs":120000}},"#,
            r#""ready":{{"started":2,"ended":2,"endedMs":720000,"longestMs":600000}}}},"#,
            r#""reasonEpisodes":{{"paused":{{"break":{{"started":1,"ended":1,"endedMs":600000,"longestMs":600000}}}}}},"#,
            r#""current":{{"status":"incall","reason":null,"since":2400000,"ms":300000}}}}],"#,
            r#""team":{{"agents":1,{base},{contacts}}}}}"#
        ),
        base = base,
        contacts = contacts
    );
    assert_eq!(agent_kpis_core::json::response(&r), expected);
}

#[test]
fn hand_example_with_ready_at_now() {
    // + ready@45M: the incall from 40M ends at now and its contact (no wrapup) is handled:
    // handled 2, handleMs 8M + 5M = 13M, talk 6M + 5M, ahtMs 13M / 2 = 6.5M exactly.
    let mut events = HAND.to_vec();
    events.push((45 * M, "ready", None));
    let a = row(&events, 12 * M, 45 * M);
    assert_eq!(
        a.contacts,
        Some(contacts(2, 13 * M, 11 * M, 2 * M, 1, Some(6 * M + M / 2)))
    );
    // incall [40M,45M) ended now: ended 2, endedMs 11M. The ready opened at 45M lasts 0 ms: not
    // started (45M < 45M fails), overlapping nothing.
    assert_eq!(
        episodes(&a),
        [
            ("incall", st(1, 2, 11 * M, 6 * M)),
            ("paused", st(1, 1, 10 * M, 10 * M)),
            ("wrapup", st(1, 1, 2 * M, 2 * M)),
            ("ready", st(2, 2, 12 * M, 10 * M)),
        ]
    );
    assert_eq!(a.current, current("ready", None, 45 * M, 0));
}

#[test]
fn hand_example_with_wrapup_at_now() {
    // + wrapup@45M instead: the incall episode ends at now, but its contact goes on in the
    // wrapup (open): handled stays 1.
    let mut events = HAND.to_vec();
    events.push((45 * M, "wrapup", None));
    let a = row(&events, 12 * M, 45 * M);
    assert_eq!(
        a.contacts,
        Some(contacts(1, 8 * M, 6 * M, 2 * M, 1, Some(8 * M)))
    );
    assert_eq!(
        episodes(&a),
        [
            ("incall", st(1, 2, 11 * M, 6 * M)),
            ("paused", st(1, 1, 10 * M, 10 * M)),
            ("wrapup", st(1, 1, 2 * M, 2 * M)),
            ("ready", st(2, 2, 12 * M, 10 * M)),
        ]
    );
    assert_eq!(a.current, current("wrapup", None, 45 * M, 0));
}

#[test]
fn rule1_zero_ms_intervals_never_split_or_start_anything() {
    // paused@10 then ready@10 (input order): paused lasts 0 ms and is dropped, so ready [0,20) is
    // one episode; incall [20,30) open.
    let a = row(
        &[
            (0, "ready", None),
            (10, "paused", None),
            (10, "ready", None),
            (20, "incall", None),
        ],
        0,
        30,
    );
    assert_eq!(
        episodes(&a),
        [("incall", st(1, 0, 0, 10)), ("ready", st(1, 1, 20, 20))]
    );
    assert_eq!(a.current, current("incall", None, 20, 10));
    // Two events at now: incall@30 lasts 0 ms (dropped, no contact); paused@30 is the state at
    // now (kept): ready [0,30) ends at 30, paused opens with 0 ms.
    let a = row(
        &[
            (0, "ready", None),
            (30, "incall", None),
            (30, "paused", None),
        ],
        0,
        30,
    );
    assert_eq!(episodes(&a), [("ready", st(1, 1, 30, 30))]);
    assert_eq!(a.contacts, Some(contacts(0, 0, 0, 0, 0, None)));
    assert_eq!(a.current, current("paused", None, 30, 0));
}

#[test]
fn rule1_ties_keep_input_order() {
    // incall@10 and wrapup@10 in this order: wrapup is the later one, incall lasts 0 ms. So no
    // contact, and the wrapup [10, 50) is not preceded by an incall episode.
    let a = row(
        &[
            (0, "ready", None),
            (10, "incall", None),
            (10, "wrapup", None),
            (50, "ready", None),
        ],
        0,
        60,
    );
    assert_eq!(a.contacts, Some(contacts(0, 0, 0, 0, 0, None)));
    assert_eq!(
        episodes(&a),
        [("wrapup", st(1, 1, 40, 40)), ("ready", st(2, 1, 10, 10))]
    );
}

#[test]
fn rule2_a_reason_change_starts_a_reason_episode_not_a_status_episode() {
    // paused(break) [0,10), paused(lunch) [10,25), paused [25,30): one status episode [0,30);
    // reason episodes break [0,10) and lunch [10,25) (the one without reason is not reported).
    let a = row(
        &[
            (0, "paused", Some("break")),
            (10, "paused", Some("lunch")),
            (25, "paused", None),
            (30, "ready", None),
        ],
        0,
        40,
    );
    assert_eq!(
        episodes(&a),
        [("paused", st(1, 1, 30, 30)), ("ready", st(1, 0, 0, 10))]
    );
    assert_eq!(
        reason_episodes(&a),
        [
            ("paused", "break", st(1, 1, 10, 10)),
            ("paused", "lunch", st(1, 1, 15, 15)),
        ]
    );
}

#[test]
fn rule2_lengths_are_full_lengths_never_clipped_to_since() {
    // paused [100,400) overlaps [300,1000]: not started in it, ended in it, full length 300 (not
    // 100). ready [0,100) ends before since; ready [400,1000) open, 600.
    let a = row(
        &[
            (0, "ready", None),
            (100, "paused", None),
            (400, "ready", None),
        ],
        300,
        1000,
    );
    assert_eq!(
        episodes(&a),
        [("paused", st(0, 1, 300, 300)), ("ready", st(1, 0, 0, 600))]
    );
}

#[test]
fn rule2_an_empty_window_overlaps_no_episode() {
    // since == now: no episode overlaps (episodes {}), no contact, but a current status.
    let a = row(&[(0, "ready", None), (50, "incall", None)], 100, 100);
    assert_eq!(episodes(&a), []);
    assert_eq!(a.contacts, Some(contacts(0, 0, 0, 0, 0, None)));
    assert_eq!(a.current, current("incall", None, 50, 50));
    let json = agent_kpis_core::json::response(&AgentsResponse {
        agents: vec![a],
        ..AgentsResponse::default()
    });
    assert!(json.contains(r#""episodes":{}"#), "{json}");
}

#[test]
fn rule2_an_event_at_now_ends_the_episode_before_it() {
    // incall [0,100), ready@100 = now: the incall episode ends at now (ended, handled), the
    // ready one opens with 0 ms.
    let a = row(&[(0, "incall", None), (100, "ready", None)], 0, 100);
    assert_eq!(episodes(&a), [("incall", st(1, 1, 100, 100))]);
    assert_eq!(a.contacts, Some(contacts(1, 100, 100, 0, 0, Some(100))));
    assert_eq!(a.current, current("ready", None, 100, 0));
    // The same status at now splits nothing: one open ready episode since 0.
    let a = row(&[(0, "ready", None), (100, "ready", None)], 0, 100);
    assert_eq!(episodes(&a), [("ready", st(1, 0, 0, 100))]);
    assert_eq!(a.current, current("ready", None, 0, 100));
}

#[test]
fn rule3_windows_split_add_up() {
    // [12M, 45M] split at 30M and at 18M (a contact's end) and 16M (an episode boundary).
    let whole = row(&HAND, 12 * M, 45 * M);
    for mid in [16 * M, 18 * M, 30 * M] {
        let (a, b) = (row(&HAND, 12 * M, mid), row(&HAND, mid, 45 * M));
        for status in ["incall", "paused", "wrapup", "ready"] {
            let get = |r: &AgentKpis| {
                r.episodes
                    .as_ref()
                    .unwrap()
                    .get(status)
                    .copied()
                    .unwrap_or_default()
            };
            let (w, x, y) = (get(&whole), get(&a), get(&b));
            assert_eq!(w.started, x.started + y.started, "{status} split at {mid}");
            assert_eq!(w.ended, x.ended + y.ended, "{status} split at {mid}");
            assert_eq!(
                w.ended_ms,
                x.ended_ms + y.ended_ms,
                "{status} split at {mid}"
            );
        }
        let (w, x, y) = (
            whole.contacts.unwrap(),
            a.contacts.unwrap(),
            b.contacts.unwrap(),
        );
        assert_eq!(w.handled, x.handled + y.handled);
        assert_eq!(w.handle_ms, x.handle_ms + y.handle_ms);
    }
    // Split at 18M: the contact ending at 18M is in the first part.
    assert_eq!(row(&HAND, 12 * M, 18 * M).contacts.unwrap().handled, 1);
}

#[test]
fn rule3_reason_episodes_only_when_not_empty() {
    let a = row(&[(0, "ready", None), (10, "incall", None)], 0, 20);
    assert!(a.reason_episodes.is_empty());
    let json = agent_kpis_core::json::response(&AgentsResponse {
        agents: vec![a],
        ..AgentsResponse::default()
    });
    assert!(!json.contains("reasonEpisodes"), "{json}");
    assert!(json.contains(r#""episodes":{"#), "{json}");
}

#[test]
fn rule4_a_contact_is_an_incall_and_the_wrapup_right_after_it() {
    // incall [0,100) + wrapup [100,130): contact A, talk 100, acw 30.
    // wrapup [300,330) after ready: no contact. ring [400,410) is not part of a contact.
    // incall [410,450) + wrapup [450,470): contact B, talk 40, acw 20; the incall at 470 after
    // the wrapup is a new contact C [470,500), ended by extcall (not part of it): talk 30.
    // incall from 550 is open at now: not handled.
    let events = [
        (0, "incall", None),
        (100, "wrapup", None),
        (130, "ready", None),
        (300, "wrapup", None),
        (330, "ready", None),
        (400, "ring", None),
        (410, "incall", None),
        (450, "wrapup", None),
        (470, "incall", None),
        (500, "extcall", None),
        (520, "ready", None),
        (550, "incall", None),
    ];
    let a = row(&events, 0, 600);
    // handled 3, handleMs 130 + 60 + 30 = 220, talk 170, acw 50, withAcw 2, AHT 73.33 → 73.
    assert_eq!(a.contacts, Some(contacts(3, 220, 170, 50, 2, Some(73))));
    // incall [0,100) [410,450) [470,500) [550,600): 4 started, 3 ended (170), longest 100.
    // ready [130,300) [330,400) [520,550). wrapup [100,130) [300,330) [450,470).
    assert_eq!(
        episodes(&a),
        [
            ("extcall", st(1, 1, 20, 20)),
            ("incall", st(4, 3, 170, 100)),
            ("ring", st(1, 1, 10, 10)),
            ("wrapup", st(3, 3, 80, 30)),
            ("ready", st(3, 3, 270, 170)),
        ]
    );
    assert_eq!(a.current, current("incall", None, 550, 50));
}

#[test]
fn rule4_handled_at_completion_with_full_length_and_aht_half_up() {
    // One call [0,1001): in [500, 2000] it is handled with its full length 1001; in [0, 1000]
    // it is still open (not handled, ahtMs null).
    let events = [(0, "incall", None), (1001, "ready", None)];
    let a = row(&events, 500, 2000);
    assert_eq!(a.contacts, Some(contacts(1, 1001, 1001, 0, 0, Some(1001))));
    let a = row(&events, 0, 1000);
    assert_eq!(a.contacts, Some(contacts(0, 0, 0, 0, 0, None)));
    // Two calls of 500 and 501: AHT 500.5 → 501 (half-up).
    let events = [
        (0, "incall", None),
        (500, "ready", None),
        (600, "incall", None),
        (1101, "ready", None),
    ];
    let a = row(&events, 0, 2000);
    assert_eq!(a.contacts, Some(contacts(2, 1001, 1001, 0, 0, Some(501))));
}

#[test]
fn rule4_what_a_state_log_cannot_know() {
    // Back-to-back calls with no status between them are one incall episode: one contact.
    let a = row(
        &[
            (0, "incall", None),
            (60, "incall", None),
            (100, "ready", None),
        ],
        0,
        200,
    );
    assert_eq!(a.contacts, Some(contacts(1, 100, 100, 0, 0, Some(100))));
    // A pause chosen before the call ended hides its wrap-up: the contact is [0,50) with no
    // acw, and the wrapup after the pause is no contact.
    let a = row(
        &[
            (0, "incall", None),
            (50, "paused", Some("break")),
            (60, "wrapup", None),
            (90, "ready", None),
        ],
        0,
        200,
    );
    assert_eq!(a.contacts, Some(contacts(1, 50, 50, 0, 0, Some(50))));
}

#[test]
fn rule5_current_is_the_open_status_episode_since_its_true_start() {
    // A reason change does not reset `since`; it is not clipped to the window's start.
    let a = row(
        &[(0, "paused", Some("break")), (10, "paused", Some("lunch"))],
        5,
        40,
    );
    assert_eq!(a.current, current("paused", Some("lunch"), 0, 40));
    // An empty reason is none.
    let a = row(&[(0, "ready", None), (10, "paused", Some(""))], 0, 40);
    assert_eq!(a.current, current("paused", None, 10, 30));
    assert!(a.reason_episodes.is_empty());
}

/// Schedules with segments `[start, end)` (or bypass).
fn schedules(list: &[(&str, bool, (u64, u64))]) -> Schedules {
    let raw: Vec<RawSchedule> = list
        .iter()
        .map(|&(user, bypass, segment)| RawSchedule {
            user_id: user.into(),
            bypass,
            timezone: None,
            rules: None,
            segments: Some(vec![segment]),
        })
        .collect();
    Schedules::compile(&raw).unwrap()
}

#[test]
fn rule5_current_is_null_for_an_absent_scheduled_agent() {
    let mut log = AgentLog::new();
    log.push(EventRef::new("a", 0, "ready")).unwrap();
    log.set_schedules(schedules(&[("s", false, (0, 100))]));
    let r = log.query(&query(0, 100, Include::ALL)).unwrap();
    let s = &r.agents[1];
    assert_eq!((s.user_id.as_str(), &s.current), ("s", &Some(None)));
    assert_eq!(s.contacts, Some(contacts(0, 0, 0, 0, 0, None)));
    assert_eq!(s.episodes.as_ref().map(|e| e.0.len()), Some(0));
    let json = agent_kpis_core::json::response(&r);
    assert!(json.contains(r#""user_id":"s","statusMs":{}"#), "{json}");
    // (issue 15's blocks follow `current`: `Include::ALL` has them)
    assert!(
        json.contains(r#""current":null,"conformancePct":0,"#),
        "{json}"
    );
}

/// a, b, c over [0, 300] (c has no group):
/// a: ready [0,100), incall [100,160), wrapup [160,180), ready [180,300): ready 220, incall 60,
///    wrapup 20; a contact of 80 (talk 60, acw 20). b: incall [0,50), ready [50,200), paused
///    [200,300): incall 50, ready 150, paused 100; a contact of 50. c: offline [0,250), ready
///    [250,300).
const TEAM: [Tagged<'static>; 9] = [
    ("a", 0, "ready", None),
    ("b", 0, "incall", None),
    ("c", 0, "offline", None),
    ("a", 100, "incall", None),
    ("b", 50, "ready", None),
    ("a", 160, "wrapup", None),
    ("a", 180, "ready", None),
    ("b", 200, "paused", None),
    ("c", 250, "ready", None),
];

#[test]
fn rule6_team_and_groups_sum_the_rows_exactly() {
    let mut q = query(0, 300, Include::ALL);
    q.groups = Some(Groups::from_iter([("b", "south"), ("a", "north")]));
    let r = all_paths(&TEAM, &q);
    // Team: incall 110, offline 250, paused 100, wrapup 20, ready 420; loggedIn 650; handle 130:
    // occupancy 130 / 550 = 23.6 → 24 (the rows' 27, 25 and 0 average 17), utilization
    // 130 / 650 = 20. Contacts 2, 130 ms: AHT 65.
    let team = r.team.as_ref().unwrap();
    let names: Vec<(&str, u64)> = team
        .status_ms
        .0
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        names,
        [
            ("incall", 110),
            ("offline", 250),
            ("paused", 100),
            ("wrapup", 20),
            ("ready", 420)
        ]
    );
    assert_eq!(
        (
            team.agents,
            team.logged_in_ms,
            team.occupancy_pct,
            team.utilization_pct
        ),
        (3, 650, 24, 20)
    );
    assert_eq!(team.contacts, Some(contacts(2, 130, 110, 20, 1, Some(65))));
    assert_eq!(team.adherence_pct, None);
    // Groups in order of first appearance among the rows (a, then b); c is in the team only.
    // north = a: loggedIn 300, occupancy 80 / 300 = 26.7 → 27, utilization 27. south = b:
    // occupancy 50 / 200 = 25, utilization 50 / 300 = 16.7 → 17.
    let json = agent_kpis_core::json::response(&r);
    let tail = concat!(
        r#""team":{"agents":3,"statusMs":{"incall":110,"offline":250,"paused":100,"wrapup":20,"ready":420},"loggedInMs":650,"occupancyPct":24,"utilizationPct":20,"contacts":{"handled":2,"handleMs":130,"talkMs":110,"acwMs":20,"withAcw":1,"ahtMs":65}},"#,
        r#""groups":[{"group":"north","agents":1,"statusMs":{"incall":60,"wrapup":20,"ready":220},"loggedInMs":300,"occupancyPct":27,"utilizationPct":27,"contacts":{"handled":1,"handleMs":80,"talkMs":60,"acwMs":20,"withAcw":1,"ahtMs":80}},"#,
        r#"{"group":"south","agents":1,"statusMs":{"incall":50,"paused":100,"ready":150},"loggedInMs":300,"occupancyPct":25,"utilizationPct":17,"contacts":{"handled":1,"handleMs":50,"talkMs":50,"acwMs":0,"withAcw":0,"ahtMs":50}}]}"#
    );
    assert!(json.ends_with(tail), "{json}");
    // Without `contacts`, the roll-ups have none either; `groups` needs `team`.
    let mut q2 = q.clone();
    q2.include = Include::parse(["team"]).unwrap();
    let r = all_paths(&TEAM, &q2);
    assert_eq!(r.team.as_ref().unwrap().contacts, None);
    assert_eq!(r.groups.as_ref().map(Vec::len), Some(2));
    q2.include = Include::parse(["contacts"]).unwrap();
    let r = all_paths(&TEAM, &q2);
    assert_eq!((r.team.is_some(), r.groups.is_some()), (false, false));
}

#[test]
fn rule6_team_adherence_sums_on_shift_and_adherent_time() {
    // Exact mode, segments [0,300): a adherent 300 of 300; b 200 of 300 (paused is not
    // adherent); c bypass (left out); s scheduled without events: 0 of 300.
    // Team 500 / 900 = 55.6 → 56; north (a) 100; south (b, s) 200 / 600 = 33.3 → 33.
    let mut log = AgentLog::new();
    for e in &TEAM {
        log.push(event(e)).unwrap();
    }
    log.set_schedules(schedules(&[
        ("a", false, (0, 300)),
        ("b", false, (0, 300)),
        ("c", true, (0, 300)),
        ("s", false, (0, 300)),
    ]));
    let mut q = query(0, 300, Include::parse(["team"]).unwrap());
    q.sample_ms = 0;
    q.groups = Some(Groups::from_iter([
        ("a", "north"),
        ("b", "south"),
        ("s", "south"),
    ]));
    let r = log.query(&q).unwrap();
    let team = r.team.as_ref().unwrap();
    assert_eq!(
        (team.agents, team.adherence_pct),
        (4, Some(AdherencePct::Pct(56)))
    );
    let groups: Vec<(&str, u64, Option<AdherencePct>)> = r
        .groups
        .as_ref()
        .unwrap()
        .iter()
        .map(|g| (g.group.as_str(), g.team.agents, g.team.adherence_pct))
        .collect();
    assert_eq!(
        groups,
        [
            ("north", 1, Some(AdherencePct::Pct(100))),
            ("south", 2, Some(AdherencePct::Pct(33)))
        ]
    );
    // Nobody on shift in [400, 500]: null.
    let mut q = query(400, 500, Include::parse(["team"]).unwrap());
    q.sample_ms = 0;
    let r = log.query(&q).unwrap();
    assert_eq!(r.team.unwrap().adherence_pct, Some(AdherencePct::NoShift));
    let json = agent_kpis_core::json::response(&log.query(&q).unwrap());
    assert!(
        json.contains(r#""utilizationPct":0,"adherencePct":null}"#),
        "{json}"
    );
}

#[test]
fn rule7_interval_rows_are_the_kpis_of_their_interval() {
    // Rows [0,15M), [15M,30M), [30M,45M): the contact [10M,18M) completes in the second.
    let mut log = AgentLog::new();
    for &(t, s, r) in &HAND {
        log.push(EventRef {
            user_id: "a",
            ts: t,
            status: s,
            reason: r,
        })
        .unwrap();
    }
    let q = query(0, 45 * M, Include::ALL);
    let report = log.intervals(0, 45 * M, 15 * M, &q).unwrap();
    let handled: Vec<u64> = report[0]
        .rows
        .iter()
        .map(|r| r.kpis.contacts.unwrap().handled)
        .collect();
    assert_eq!(handled, [0, 1, 0]);
    for r in &report[0].rows {
        let expect = log.query(&query(r.start, r.end, Include::ALL)).unwrap();
        assert_eq!(r.kpis, expect.agents[0], "[{}, {}]", r.start, r.end);
    }
    // The second row ends at 30M, where ready@30M opens a 0 ms episode: current ready since 30M.
    // The first ends at 15M in the incall since 10M.
    assert_eq!(
        report[0].rows[1].kpis.current,
        current("ready", None, 30 * M, 0)
    );
    assert_eq!(
        report[0].rows[0].kpis.current,
        current("incall", None, 10 * M, 5 * M)
    );
}

#[test]
fn rule8_compaction_keeps_full_lengths_and_current_since() {
    let fresh = |since: u64, now: u64| {
        let mut log = AgentLog::new();
        for &(t, s, r) in &HAND {
            log.push(EventRef {
                user_id: "a",
                ts: t,
                status: s,
                reason: r,
            })
            .unwrap();
        }
        log.query(&query(since, now, Include::ALL)).unwrap()
    };
    // compact(17M) drops ready@0 and incall@10M (wrapup@16M is in effect at 17M). The contact
    // [10M,18M) began before the horizon: in [17M, 45M] it is handled with its full 8M, talk 6M;
    // the wrapup [16M,18M) ended with its full 2M.
    let mut log = AgentLog::new();
    for &(t, s, r) in &HAND {
        log.push(EventRef {
            user_id: "a",
            ts: t,
            status: s,
            reason: r,
        })
        .unwrap();
    }
    log.compact(17 * M).unwrap();
    let r = log.query(&query(17 * M, 45 * M, Include::ALL)).unwrap();
    assert_eq!(r, fresh(17 * M, 45 * M));
    let a = &r.agents[0];
    assert_eq!(
        a.contacts,
        Some(contacts(1, 8 * M, 6 * M, 2 * M, 1, Some(8 * M)))
    );
    assert_eq!(
        a.episodes.as_ref().unwrap().get("wrapup"),
        Some(&st(0, 1, 2 * M, 2 * M))
    );
    // compact(35M) keeps ready@30M on: `current.since` is its true start.
    log.compact(35 * M).unwrap();
    let r = log.query(&query(35 * M, 38 * M, Include::ALL)).unwrap();
    assert_eq!(r, fresh(35 * M, 38 * M));
    assert_eq!(r.agents[0].current, current("ready", None, 30 * M, 8 * M));
    // An episode spanning dropped events of the same status: ready@0, ready@10, paused@20;
    // compact(15) drops ready@0; [15, 30] sees the ready episode [0,20) whole (20 ms).
    let mut log = AgentLog::new();
    for (t, s) in [(0, "ready"), (10, "ready"), (20, "paused")] {
        log.push(EventRef::new("a", t, s)).unwrap();
    }
    log.compact(15).unwrap();
    let r = log.query(&query(15, 30, Include::ALL)).unwrap();
    assert_eq!(
        r.agents[0].episodes.as_ref().unwrap().get("ready"),
        Some(&st(0, 1, 20, 20))
    );
}

#[test]
fn include_names_and_the_unknown_block_error() {
    assert_eq!(
        Include::parse(Vec::<&str>::new()).unwrap(),
        Include::default()
    );
    let all = Include::parse([
        "team",
        "shrinkage",
        "current",
        "episodes",
        "conformance",
        "contacts",
        "team",
    ])
    .unwrap();
    assert_eq!(all, Include::ALL);
    assert_eq!(
        all.names().collect::<Vec<_>>(),
        [
            "contacts",
            "episodes",
            "current",
            "team",
            "conformance",
            "shrinkage"
        ]
    );
    let e = Include::parse(["contacts", "Episodes"])
        .unwrap_err()
        .within("options.include");
    assert_eq!(
        e.to_string(),
        r#"options.include[1]: unknown block "Episodes"; expected one of: contacts, episodes, current, team, conformance, shrinkage"#
    );
    assert_eq!(e.kind(), ErrorKind::Range);
}

#[test]
fn without_include_every_result_is_the_base_one() {
    let tagged: Vec<Tagged<'_>> = HAND.iter().map(|&(t, s, r)| ("a", t, s, r)).collect();
    let base = agent_kpis(tagged.iter().map(event), 12 * M, 45 * M).unwrap();
    let r = all_paths(&tagged, &query(12 * M, 45 * M, Include::default()));
    assert_eq!(r, base);
    let json = agent_kpis_core::json::response(&r);
    for key in ["contacts", "episodes", "current", "team", "groups"] {
        assert!(!json.contains(key), "{json}");
    }
}
