//! `amazon-connect`: the sample files with hand-computed KPIs, Amazon Connect's half-hour worked
//! example, duplicates, stale records across calls, errors, and chunking.

use agent_kpis_core::adapt::{Adapter, LogFormat};
use serde_json::{json, Value};

use crate::adapters_fixtures::{
    assert_ts_nondecreasing, check_case, event, expected, kpis, ms, read, sorted_agents,
    split_lines, Event,
};

const FORMAT: LogFormat = LogFormat::AmazonConnect;
const INSTANCE: &str =
    "arn:aws:connect:us-east-1:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111";

/// A record as the stream writes it (only the fields the adapter reads, plus one it ignores).
fn record(agent: &str, id: &str, iso: &str, kind: &str, status: &str, contacts: Value) -> Value {
    json!({
        "AWSAccountId": "012345678901",
        "AgentARN": format!("{INSTANCE}/agent/{agent}"),
        "EventId": id,
        "EventTimestamp": iso,
        "EventType": kind,
        "CurrentAgentSnapshot": { "AgentStatus": { "Name": status }, "Contacts": contacts },
    })
}

fn contact(state: &str, method: &str) -> Value {
    json!([{ "State": state, "InitiationMethod": method, "Channel": "VOICE" }])
}

fn ndjson(records: &[Value]) -> Vec<u8> {
    records
        .iter()
        .map(|r| format!("{r}\n"))
        .collect::<String>()
        .into_bytes()
}

fn ev(user: &str, iso: &str, status: &str, reason: Option<&str>) -> Event {
    event(user, ms(iso), status, reason)
}

#[test]
fn available_during_call_sample() {
    let events = check_case(FORMAT, "available_during_call");
    assert_ts_nondecreasing(&events);
}

/// The sample read line by line, one call a line: the same events (the out-of-order 09:40 line
/// then comes before the 09:30 one, so it is applied at 09:40 and the 09:30 one, older than
/// 09:40, is stale and dropped — the difference the test pins).
#[test]
fn the_sample_line_by_line_drops_the_stale_line() {
    let want = expected("amazon-connect", "available_during_call");
    let input = crate::adapters_fixtures::fixture("amazon-connect", "available_during_call.ndjson");
    let lines: Vec<&[u8]> = split_lines(&input, &(1..18).collect::<Vec<_>>());
    assert_eq!(lines.len(), 18);
    let (events, counts) = read(FORMAT, &lines).unwrap();
    assert_eq!(counts, vec![1; 18]);
    let a = "11111111-2222-4333-8444-000000000001";
    // Agent A's 09:30 Available (line 14) arrives after its 09:40 Lunch (line 13): dropped, so A
    // goes from wrapup (09:25) straight to paused (09:40).
    let of_a: Vec<&Event> = events.iter().filter(|e| e.0 == a).collect();
    let want_a: Vec<Event> = crate::adapters_fixtures::expected_events(&want)
        .into_iter()
        .filter(|e| e.0 == a && e.1 != ms("2024-03-04T09:30:00Z"))
        .collect();
    assert_eq!(of_a, want_a.iter().collect::<Vec<_>>());
}

/// Amazon Connect's worked numbers: a contact from 05:23 to 06:15 is 7, 30 and 15 minutes in the
/// 05:00, 05:30 and 06:00 half-hours.
#[test]
fn half_hour_intervals_worked_example() {
    let events = check_case(FORMAT, "half_hour_intervals");
    let want = expected("amazon-connect", "half_hour_intervals");
    let mut incall_minutes = Vec::new();
    for window in want["windows"].as_array().unwrap() {
        let (since, now) = (
            ms(window["since"].as_str().unwrap()),
            ms(window["now"].as_str().unwrap()),
        );
        let got = kpis(&events, since, now);
        assert_eq!(got, sorted_agents(&window["agents"]), "{since}");
        incall_minutes.push(got[0]["statusMs"]["incall"].as_u64().unwrap() / 60_000);
    }
    assert_eq!(incall_minutes, vec![7, 30, 15]);
}

/// A duplicate `EventId` is read once: here the duplicate of P comes after Q at the same instant,
/// so reading it again would leave the agent in P's call.
#[test]
fn a_duplicate_event_id_is_read_once() {
    let t = "2024-03-04T09:00:00.000Z";
    let p = record(
        "a",
        "e-1",
        t,
        "STATE_CHANGE",
        "Available",
        contact("CONNECTED", "INBOUND"),
    );
    let q = record("a", "e-2", t, "STATE_CHANGE", "Available", json!([]));
    let (events, counts) = read(FORMAT, &[&ndjson(&[p.clone(), q, p.clone()])]).unwrap();
    // By hand: P -> incall, Q at the same instant -> ready, P again: dropped. One instant, one
    // change: the last (ready; P read again would make it incall).
    assert_eq!(events, vec![ev("a", t, "ready", None)]);
    assert_eq!(counts, vec![3]);
    // Across calls too.
    let (events, _) = read(FORMAT, &[&ndjson(std::slice::from_ref(&p)), &ndjson(&[p])]).unwrap();
    assert_eq!(events, vec![ev("a", t, "incall", None)]);
}

/// A record older than the agent's newest applied in an earlier call is stale: dropped, not
/// applied late (which would invent a call at 09:10).
#[test]
fn a_stale_record_from_a_later_call_is_dropped() {
    let first = ndjson(&[
        record(
            "a",
            "e-1",
            "2024-03-04T09:00:00Z",
            "LOGIN",
            "Available",
            json!([]),
        ),
        record(
            "a",
            "e-2",
            "2024-03-04T09:10:00Z",
            "STATE_CHANGE",
            "Break",
            json!(null),
        ),
    ]);
    let second = ndjson(&[
        record(
            "a",
            "e-3",
            "2024-03-04T09:05:00Z",
            "STATE_CHANGE",
            "Available",
            contact("CONNECTED", "INBOUND"),
        ),
        record(
            "a",
            "e-4",
            "2024-03-04T09:20:00Z",
            "STATE_CHANGE",
            "Available",
            json!([]),
        ),
    ]);
    let (events, counts) = read(FORMAT, &[&first, &second]).unwrap();
    assert_eq!(
        events,
        vec![
            ev("a", "2024-03-04T09:00:00Z", "ready", None),
            ev("a", "2024-03-04T09:10:00Z", "paused", Some("Break")),
            ev("a", "2024-03-04T09:20:00Z", "ready", None),
        ]
    );
    assert_eq!(counts, vec![2, 2]);
}

/// Each contact state, inbound and outbound, and `Offline`.
#[test]
fn contact_states_and_statuses() {
    let cases: &[(&str, &str, &str, &str)] = &[
        // (agent status, contact state, initiation method, bucket)
        ("Available", "CONNECTED", "INBOUND", "incall"),
        ("Available", "CONNECTED_ONHOLD", "TRANSFER", "incall"),
        ("Available", "CONNECTED", "OUTBOUND", "extcall"),
        ("Available", "CONNECTING", "INBOUND", "ring"),
        ("Available", "INCOMING", "CALLBACK", "ring"),
        ("Available", "PENDING", "CALLBACK", "ring"),
        ("Available", "CONNECTING", "OUTBOUND", "extcall"),
        ("Available", "ENDED", "INBOUND", "wrapup"),
        ("Available", "MISSED", "INBOUND", "unreachable"),
        ("Available", "ERROR", "OUTBOUND", "unreachable"),
        ("Available", "REJECTED", "INBOUND", "ready"),
        ("Available", "PAUSED", "API", "ready"),
        ("Training", "ENDED", "INBOUND", "paused"),
        ("Offline", "ENDED", "INBOUND", "offline"),
        ("Offline", "CONNECTED", "INBOUND", "incall"),
    ];
    for (i, (status, state, method, bucket)) in cases.iter().enumerate() {
        let r = record(
            "a",
            "e",
            "2024-03-04T09:00:00Z",
            "STATE_CHANGE",
            status,
            contact(state, method),
        );
        let (events, _) = read(FORMAT, &[&ndjson(&[r])]).unwrap();
        assert_eq!(events.len(), 1, "case {i}");
        assert_eq!(events[0].2, *bucket, "case {i}: {status} {state} {method}");
    }
}

#[test]
fn heartbeats_and_unlisted_types_change_nothing() {
    let input = ndjson(&[
        record(
            "a",
            "e-1",
            "2024-03-04T09:00:00Z",
            "HEART_BEAT",
            "Available",
            json!([]),
        ),
        record(
            "a",
            "e-2",
            "2024-03-04T09:01:00Z",
            "CONFIG_CHANGE",
            "Available",
            json!([]),
        ),
    ]);
    let (events, counts) = read(FORMAT, &[&input]).unwrap();
    assert_eq!((events, counts), (vec![], vec![2]));
}

#[test]
fn errors_name_the_record_and_the_field() {
    let err = |input: &[u8]| {
        let mut adapter = Adapter::new(FORMAT);
        adapter
            .read(input, None, |_| Ok(()))
            .unwrap_err()
            .to_string()
    };
    let good = record(
        "a",
        "e-1",
        "2024-03-04T09:00:00Z",
        "LOGIN",
        "Available",
        json!([]),
    );
    let mut no_id = good.clone();
    no_id.as_object_mut().unwrap().remove("EventId");
    // A mistyped field is named: epoch ms where Connect writes an ISO-8601 string.
    let mut numeric_time = good.clone();
    numeric_time["EventTimestamp"] = json!(1_767_254_400_000u64);
    assert_eq!(
        err(&ndjson(&[numeric_time])),
        "line 1: EventTimestamp: invalid type: integer `1767254400000`, expected a string"
    );
    // A broken third record: named by the line it starts on (3), the place the parser stopped
    // (the end of the text, line 4) in the message.
    let two = String::from_utf8(ndjson(&[good.clone(), good.clone()])).unwrap();
    assert_eq!(
        err(format!("{two}{{\"AgentARN\":\"x\",\n").as_bytes()),
        "line 3: EOF while parsing an object at line 4 column 0"
    );
    // On its own line: the column only. `{"AgentARN" "x"}`: the `"` at column 13 instead of `:`.
    assert_eq!(
        err(format!("{two}{{\"AgentARN\" \"x\"}}\n").as_bytes()),
        "line 3: expected `:` at column 13"
    );
    assert_eq!(
        err(&ndjson(&[good.clone(), no_id.clone()])),
        "line 2: missing field `EventId`"
    );
    assert_eq!(
        err(json!([good.clone(), no_id]).to_string().as_bytes()),
        "records[1]: missing field `EventId`"
    );
    let mut arn = good.clone();
    arn["AgentARN"] = json!("agent-7");
    assert_eq!(
        err(&ndjson(&[arn])),
        r#"line 1: AgentARN: expected an agent ARN ending in /agent/<id>, got "agent-7""#
    );
    let mut ts = good.clone();
    ts["EventTimestamp"] = json!("2024-03-04 09:00");
    assert_eq!(
        err(json!([ts]).to_string().as_bytes()),
        r#"records[0].EventTimestamp: "2024-03-04 09:00" has no offset and no time zone was given to read it in (set the timezone option)"#
    );
    let mut no_snapshot = good.clone();
    no_snapshot["CurrentAgentSnapshot"] = Value::Null;
    assert_eq!(
        err(&ndjson(&[no_snapshot])),
        "line 1: CurrentAgentSnapshot: expected an object, got missing"
    );
    let mut state = good.clone();
    state["CurrentAgentSnapshot"]["Contacts"] = json!([{ "State": 5 }]);
    assert_eq!(
        err(&ndjson(&[state])),
        "line 1: CurrentAgentSnapshot.Contacts[0].State: invalid type: integer `5`, expected a string"
    );
    assert_eq!(
        err(b"\n{\"EventId\": }\n"),
        "line 2: expected value at column 13"
    );
    assert_eq!(err(b"[{}, 5"), "records[0]: missing field `AgentARN`");
    assert_eq!(
        err(b" [\n"),
        "records: EOF while parsing a list at line 2 column 0"
    );
    assert_eq!(
        err(b"[5]"),
        "records[0]: invalid type: integer `5`, expected struct AgentEvent"
    );
    assert_eq!(err(b"\xff"), "invalid UTF-8");
}

/// All or nothing: a bad record leaves the adapter as it was.
#[test]
fn a_bad_call_changes_nothing() {
    let mut adapter = Adapter::new(FORMAT);
    let first = ndjson(&[record(
        "a",
        "e-1",
        "2024-03-04T09:00:00Z",
        "LOGIN",
        "Break",
        json!([]),
    )]);
    adapter.read(&first, None, |_| Ok(())).unwrap();
    let mut bad = record(
        "a",
        "e-3",
        "2024-03-04T09:20:00Z",
        "LOGIN",
        "Available",
        json!([]),
    );
    bad["EventTimestamp"] = json!(5);
    let good = record(
        "a",
        "e-2",
        "2024-03-04T09:10:00Z",
        "STATE_CHANGE",
        "Available",
        json!([]),
    );
    assert!(adapter
        .read(&ndjson(&[good.clone(), bad]), None, |_| Ok(()))
        .is_err());
    // e-2 was not taken as seen, and 09:10 is not stale.
    let mut got = Vec::new();
    adapter
        .read(&ndjson(&[good]), None, |e| {
            got.push((e.ts, e.status.to_string()));
            Ok(())
        })
        .unwrap();
    assert_eq!(got, vec![(ms("2024-03-04T09:10:00Z"), "ready".to_string())]);
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use crate::adapters_fixtures::{assert_chunked_ts_nondecreasing, assert_chunks_equal_one_read};
    use proptest::prelude::*;

    const STATUSES: [&str; 4] = ["Available", "Offline", "Lunch", "Training"];
    const STATES: [&str; 6] = [
        "CONNECTED",
        "CONNECTING",
        "ENDED",
        "MISSED",
        "CONNECTED_ONHOLD",
        "REJECTED",
    ];
    const METHODS: [&str; 2] = ["INBOUND", "OUTBOUND"];

    /// Records with strictly increasing times (a second apart at least), random agents, types,
    /// statuses and contacts; some delivered twice.
    fn records() -> impl Strategy<Value = Vec<Value>> {
        prop::collection::vec(
            (
                0..3usize,
                1..90u64,
                0..6usize,
                0..4usize,
                prop::option::of((0..6usize, 0..2usize)),
                any::<bool>(),
            ),
            1..40,
        )
        .prop_map(|rows| {
            let mut t = ms("2024-03-04T09:00:00Z");
            let mut out = Vec::new();
            for (i, (agent, step, kind, status, contact, twice)) in rows.into_iter().enumerate() {
                t += step * 1000;
                let iso = jiff::Timestamp::from_millisecond(t as i64)
                    .unwrap()
                    .to_string();
                let kind = [
                    "LOGIN",
                    "STATE_CHANGE",
                    "STATE_CHANGE",
                    "STATE_CHANGE",
                    "HEART_BEAT",
                    "LOGOUT",
                ][kind];
                let contacts =
                    contact.map_or(json!([]), |(s, m)| super::contact(STATES[s], METHODS[m]));
                let r = record(
                    &format!("agent-{agent}"),
                    &format!("e-{i}"),
                    &iso,
                    kind,
                    STATUSES[status],
                    contacts,
                );
                if twice {
                    out.push(r.clone());
                }
                out.push(r);
            }
            out
        })
    }

    proptest! {
        /// Time-ordered input: one call or any cut into chunks, the same events.
        #[test]
        fn chunks_equal_one_call(records in records(), cuts in prop::collection::vec(0..80usize, 0..6)) {
            let counts = assert_chunks_equal_one_read(FORMAT, &ndjson(&records), &cuts);
            prop_assert_eq!(counts.iter().sum::<usize>(), records.len());
        }

        /// Any order, any chunks: per agent, output times never decrease.
        #[test]
        fn shuffled_output_ts_never_decreases(
            records in records().prop_shuffle(),
            cuts in prop::collection::vec(0..80usize, 0..6),
        ) {
            assert_chunked_ts_nondecreasing(FORMAT, &ndjson(&records), &cuts);
        }
    }
}
