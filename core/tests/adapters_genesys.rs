//! `genesys-user-details`: the sample with hand-computed KPIs (break while interacting, a gap,
//! two pages, a duplicate record), overlaps, state across calls, errors.

use agent_kpis_core::adapt::{Adapter, LogFormat};
use serde_json::{json, Value};

use crate::adapters_fixtures::{assert_ts_nondecreasing, check_case, event, ms, read, Event};

const FORMAT: LogFormat = LogFormat::GenesysUserDetails;

fn at(hm: &str) -> String {
    format!("2024-03-04T{hm}:00.000Z")
}

fn presence(start: &str, end: Option<&str>, value: &str) -> Value {
    let mut v =
        json!({ "startTime": at(start), "systemPresence": value, "organizationPresenceId": "x" });
    if let Some(end) = end {
        v["endTime"] = json!(at(end));
    }
    v
}

fn routing(start: &str, end: Option<&str>, value: &str) -> Value {
    let mut v = json!({ "startTime": at(start), "routingStatus": value });
    if let Some(end) = end {
        v["endTime"] = json!(at(end));
    }
    v
}

fn response(user: &str, presences: Vec<Value>, routings: Vec<Value>) -> Vec<u8> {
    json!({ "userDetails": [{ "userId": user, "primaryPresence": presences, "routingStatus": routings }] })
        .to_string()
        .into_bytes()
}

fn ev(user: &str, hm: &str, status: &str, reason: Option<&str>) -> Event {
    event(user, ms(&at(hm)), status, reason)
}

#[test]
fn break_while_interacting_sample() {
    let events = check_case(FORMAT, "break_while_interacting");
    assert_ts_nondecreasing(&events);
}

/// A record overlapping the next: the next takes over at its start; the end of the earlier one
/// is ignored. COMMUNICATING is an outbound/direct call.
#[test]
fn overlaps_and_communicating() {
    let input = response(
        "u",
        vec![
            presence("09:00", Some("09:30"), "ON_QUEUE"),
            presence("09:20", None, "AVAILABLE"),
        ],
        vec![
            routing("09:00", Some("09:10"), "IDLE"),
            routing("09:10", Some("09:15"), "COMMUNICATING"),
            routing("09:15", None, "OFF_QUEUE"),
        ],
    );
    let (events, counts) = read(FORMAT, &[&input]).unwrap();
    assert_eq!(counts, vec![5]);
    // By hand: 09:00 ready; 09:10 extcall; 09:15 on queue, off routing: idle; 09:20 AVAILABLE
    // (the ON_QUEUE record's 09:30 end is inside the AVAILABLE one): idle, no event.
    assert_eq!(
        events,
        vec![
            ev("u", "09:00", "ready", None),
            ev("u", "09:10", "extcall", None),
            ev("u", "09:15", "idle", None),
        ]
    );
}

/// Every presence off queue, by hand.
#[test]
fn presences() {
    for (value, bucket, reason) in [
        ("BREAK", "paused", Some("break")),
        ("MEAL", "paused", Some("meal")),
        ("TRAINING", "paused", Some("training")),
        ("MEETING", "paused", Some("meeting")),
        ("AWAY", "paused", Some("away")),
        ("BUSY", "paused", Some("busy")),
        ("AVAILABLE", "idle", None),
        ("IDLE", "idle", None),
        ("ON_QUEUE", "idle", None),
        ("OFFLINE", "offline", None),
    ] {
        let input = response("u", vec![presence("09:00", None, value)], vec![]);
        let (events, _) = read(FORMAT, &[&input]).unwrap();
        assert_eq!(events, vec![ev("u", "09:00", bucket, reason)], "{value}");
    }
    // IDLE routing off queue (inconsistent timelines at a page edge) is not ready.
    let input = response(
        "u",
        vec![presence("09:00", None, "BREAK")],
        vec![routing("09:00", None, "IDLE")],
    );
    assert_eq!(
        read(FORMAT, &[&input]).unwrap().0,
        vec![ev("u", "09:00", "paused", Some("break"))]
    );
}

/// Presence carries over to a later call: routing IDLE read later is ready under it.
#[test]
fn state_carries_across_calls() {
    let first = response("u", vec![presence("09:00", None, "ON_QUEUE")], vec![]);
    let second = response("u", vec![], vec![routing("09:05", None, "IDLE")]);
    let (events, counts) = read(FORMAT, &[&first, &second]).unwrap();
    assert_eq!(counts, vec![1, 1]);
    assert_eq!(
        events,
        vec![
            ev("u", "09:00", "idle", None),
            ev("u", "09:05", "ready", None)
        ]
    );
}

/// Responses as a JSON array; a response without `userDetails` has no user.
#[test]
fn array_of_responses() {
    let input = json!([
        { "userDetails": [{ "userId": "u", "primaryPresence": [presence("09:00", None, "MEAL")] }] },
        { "totalHits": 0 },
    ]);
    let (events, counts) = read(FORMAT, &[input.to_string().as_bytes()]).unwrap();
    assert_eq!(counts, vec![1]);
    assert_eq!(events, vec![ev("u", "09:00", "paused", Some("meal"))]);
}

#[test]
fn errors_name_the_response_and_the_field() {
    let err = |input: &[u8]| {
        let mut adapter = Adapter::new(FORMAT);
        adapter
            .read(input, None, |_| Ok(()))
            .unwrap_err()
            .to_string()
    };
    let page = "{\n  \"userDetails\": []\n}\n";
    let no_user = format!(
        "{page}{}",
        json!({ "userDetails": [{ "primaryPresence": [] }] })
    );
    assert_eq!(
        err(no_user.as_bytes()),
        "line 4: userDetails[0]: missing field `userId`"
    );
    let backwards = response("u", vec![presence("09:30", Some("09:00"), "BREAK")], vec![]);
    assert_eq!(
        err(&backwards),
        format!(
            "line 1: userDetails[0].primaryPresence[0].endTime: end ({}) must be after start ({})",
            ms(&at("09:00")),
            ms(&at("09:30"))
        )
    );
    let bad = json!([{ "userDetails": [{ "userId": "u", "routingStatus": [{ "startTime": "9am", "routingStatus": "IDLE" }] }] }]);
    assert_eq!(
        err(bad.to_string().as_bytes()),
        r#"records[0].userDetails[0].routingStatus[0].startTime: expected an ISO-8601 date-time with Z or an offset, got "9am""#
    );
    let no_value = response("u", vec![], vec![json!({ "startTime": at("09:00") })]);
    assert_eq!(
        err(&no_value),
        "line 1: userDetails[0].routingStatus[0]: missing field `routingStatus`"
    );
    let empty = response("", vec![], vec![]);
    assert_eq!(
        err(&empty),
        r#"line 1: userDetails[0].userId: expected a non-empty string, got """#
    );
    // Not a response: another format's record, or an empty object (an empty query result has
    // `totalHits: 0`, read above as no user).
    let not_response = "not a genesys-user-details record: expected a users details query \
                        response (`userDetails` or `totalHits`), got neither";
    assert_eq!(err(br#"{"results":[]}"#), format!("line 1: {not_response}"));
    let connect =
        r#"{"AgentARN":"arn:aws:connect:r:1:instance/i/agent/a","EventType":"STATE_CHANGE"}"#;
    assert_eq!(
        err(format!("{page}{connect}\n").as_bytes()),
        format!("line 4: {not_response}")
    );
    assert_eq!(err(b"[{}]"), format!("records[0]: {not_response}"));
    assert_eq!(
        read(FORMAT, &[br#"{"totalHits":0}"#]).unwrap(),
        (vec![], vec![0])
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    const PRESENCES: [&str; 5] = ["ON_QUEUE", "BREAK", "OFFLINE", "AVAILABLE", "MEAL"];
    const ROUTINGS: [&str; 5] = [
        "IDLE",
        "INTERACTING",
        "OFF_QUEUE",
        "NOT_RESPONDING",
        "COMMUNICATING",
    ];

    /// Random records (any order, overlaps, gaps, open ends) for two users, in several responses.
    fn responses() -> impl Strategy<Value = Vec<Vec<u8>>> {
        prop::collection::vec(
            prop::collection::vec(
                (
                    0..2usize,
                    any::<bool>(),
                    0..120u64,
                    prop::option::of(0..60u64),
                    0..5usize,
                ),
                0..12,
            ),
            1..4,
        )
        .prop_map(|pages| {
            pages
                .into_iter()
                .map(|records| {
                    let details: Vec<Value> = records
                        .into_iter()
                        .map(|(user, is_presence, start, len, value)| {
                            let iso = |m: u64| {
                                jiff::Timestamp::from_millisecond(
                                    (ms(&at("09:00")) + m * 60_000) as i64,
                                )
                                .unwrap()
                                .to_string()
                            };
                            let mut r = json!({ "startTime": iso(start) });
                            if let Some(len) = len {
                                r["endTime"] = json!(iso(start + len));
                            }
                            if is_presence {
                                r["systemPresence"] = json!(PRESENCES[value]);
                                json!({ "userId": format!("u{user}"), "primaryPresence": [r] })
                            } else {
                                r["routingStatus"] = json!(ROUTINGS[value]);
                                json!({ "userId": format!("u{user}"), "routingStatus": [r] })
                            }
                        })
                        .collect();
                    json!({ "userDetails": details }).to_string().into_bytes()
                })
                .collect()
        })
    }

    proptest! {
        /// One call or one call a response: per user, output times never decrease; and in one
        /// call the responses' order does not matter.
        #[test]
        fn output_ts_never_decreases(pages in responses()) {
            let chunks: Vec<&[u8]> = pages.iter().map(Vec::as_slice).collect();
            let (events, _) = read(FORMAT, &chunks).unwrap();
            assert_ts_nondecreasing(&events);
            let whole: Vec<u8> = pages.join(&b'\n');
            let (one, _) = read(FORMAT, &[&whole]).unwrap();
            assert_ts_nondecreasing(&one);
            let reversed: Vec<u8> = pages.iter().rev().cloned().collect::<Vec<_>>().join(&b'\n');
            let (other, _) = read(FORMAT, &[&reversed]).unwrap();
            let sorted = |mut e: Vec<Event>| { e.sort(); e };
            prop_assert_eq!(sorted(one), sorted(other));
        }
    }
}
