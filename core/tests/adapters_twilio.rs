//! `twilio-taskrouter`: the sample with hand-computed KPIs, reservations several at once, both
//! event shapes, timestamps, errors, and chunking.

use agent_kpis_core::adapt::{Adapter, LogFormat};
use serde_json::{json, Value};

use crate::adapters_fixtures::{assert_ts_nondecreasing, check_case, event as ev, read};

const FORMAT: LogFormat = LogFormat::TwilioTaskRouter;
const T0: u64 = 1_709_542_800_000; // 2024-03-04T09:00:00Z
const MIN: u64 = 60_000;

/// An Event Callback as JSON (the form parameters as keys).
fn callback(kind: &str, worker: &str, at: u64, extra: Value) -> Value {
    let mut v = json!({
        "EventType": kind,
        "WorkerSid": worker,
        "TimestampMs": at.to_string(),
        "AccountSid": "AC00000000000000000000000000000001",
    });
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

fn activity(worker: &str, at: u64, name: &str) -> Value {
    callback(
        "worker.activity.update",
        worker,
        at,
        json!({ "WorkerActivityName": name }),
    )
}

fn reservation(kind: &str, worker: &str, at: u64, sid: &str) -> Value {
    callback(
        &format!("reservation.{kind}"),
        worker,
        at,
        json!({ "ReservationSid": sid }),
    )
}

fn ndjson(records: &[Value]) -> Vec<u8> {
    records
        .iter()
        .map(|r| format!("{r}\n"))
        .collect::<String>()
        .into_bytes()
}

#[test]
fn reservations_sample() {
    let events = check_case(FORMAT, "reservations");
    assert_ts_nondecreasing(&events);
}

/// Two reservations accepted at once (a multitasking Workspace): the worker is in a call until
/// both are done; wrap-up of one while the other is connected is still a call.
#[test]
fn several_reservations_at_once() {
    let input = ndjson(&[
        activity("w", T0, "Available"),
        reservation("created", "w", T0 + MIN, "r1"),
        reservation("accepted", "w", T0 + 2 * MIN, "r1"),
        reservation("created", "w", T0 + 3 * MIN, "r2"),
        reservation("accepted", "w", T0 + 4 * MIN, "r2"),
        reservation("wrapup", "w", T0 + 5 * MIN, "r1"),
        reservation("completed", "w", T0 + 6 * MIN, "r1"),
        reservation("wrapup", "w", T0 + 7 * MIN, "r2"),
        reservation("timeout", "w", T0 + 8 * MIN, "r-unknown"),
        reservation("completed", "w", T0 + 9 * MIN, "r2"),
    ]);
    let (events, _) = read(FORMAT, &[&input]).unwrap();
    // By hand: ready; ring; incall (r1); r2 ringing under the call: incall; r1 wrap-up while r2
    // connected: incall; r1 done: incall; r2 wrap-up: wrapup; an unknown reservation ending:
    // nothing; r2 done: ready.
    assert_eq!(
        events,
        vec![
            ev("w", T0, "ready", None),
            ev("w", T0 + MIN, "ring", None),
            ev("w", T0 + 2 * MIN, "incall", None),
            ev("w", T0 + 7 * MIN, "wrapup", None),
            ev("w", T0 + 9 * MIN, "ready", None),
        ]
    );
}

/// A reservation's timeout and the activity update TaskRouter makes for it in the same ms are
/// one change: no 0 ms `ready` between the ring and the new activity.
#[test]
fn a_timeout_and_an_activity_update_at_one_time_are_one_change() {
    let input = ndjson(&[
        activity("w", T0, "Available"),
        reservation("created", "w", T0 + MIN, "r"),
        reservation("timeout", "w", T0 + 2 * MIN, "r"),
        activity("w", T0 + 2 * MIN, "Unavailable"),
    ]);
    let (events, _) = read(FORMAT, &[&input]).unwrap();
    // By hand: ready@T0; ring@T0+1min; at T0+2min the timeout gives ready, the update at the
    // same ms gives paused (Unavailable): one change, the last.
    assert_eq!(
        events,
        vec![
            ev("w", T0, "ready", None),
            ev("w", T0 + MIN, "ring", None),
            ev("w", T0 + 2 * MIN, "paused", Some("Unavailable")),
        ]
    );
}

/// Each way a reservation ends takes the worker back to its activity.
#[test]
fn every_ending_returns_to_the_activity() {
    for end in [
        "completed",
        "canceled",
        "rescinded",
        "timeout",
        "rejected",
        "failed",
    ] {
        let input = ndjson(&[
            activity("w", T0, "Busy"),
            reservation("created", "w", T0 + MIN, "r"),
            reservation(end, "w", T0 + 2 * MIN, "r"),
        ]);
        let (events, _) = read(FORMAT, &[&input]).unwrap();
        assert_eq!(
            events,
            vec![
                ev("w", T0, "paused", Some("Busy")),
                ev("w", T0 + MIN, "ring", None),
                ev("w", T0 + 2 * MIN, "paused", Some("Busy")),
            ],
            "{end}"
        );
    }
}

/// Availability: the event's flag when it has one, else the name `Available`; `Offline` logs out.
#[test]
fn activities() {
    let one = |v: Value| read(FORMAT, &[&ndjson(&[v])]).unwrap().0;
    let with = |name: &str, available: Value| {
        one(callback(
            "worker.activity.update",
            "w",
            T0,
            json!({ "WorkerActivityName": name, "WorkerActivityAvailable": available }),
        ))
    };
    assert_eq!(
        with("Idle", json!("true")),
        vec![ev("w", T0, "ready", None)]
    );
    assert_eq!(with("Idle", json!(true)), vec![ev("w", T0, "ready", None)]);
    assert_eq!(
        with("Available", json!("false")),
        vec![ev("w", T0, "paused", Some("Available"))]
    );
    assert_eq!(
        one(activity("w", T0, "Offline")),
        vec![ev("w", T0, "offline", None)]
    );
    assert_eq!(
        one(activity("w", T0, "Unavailable")),
        vec![ev("w", T0, "paused", Some("Unavailable"))]
    );
    // A worker seen only through a reservation: logged in, ringing.
    assert_eq!(
        one(reservation("created", "w", T0, "r")),
        vec![ev("w", T0, "ring", None)]
    );
}

/// Both shapes and every time field.
#[test]
fn shapes_and_times() {
    let stream = json!({
        "specversion": "1.0",
        "type": "com.twilio.taskrouter.reservation.accepted",
        "time": "2024-03-04T09:03:00.000Z",
        "data": { "payload": { "worker_sid": "w", "reservation_sid": "r", "timestamp": "2024-03-04T09:02:00.000Z" } },
    });
    let stream_data_time = json!({
        "type": "com.twilio.taskrouter.reservation.wrapup",
        "time": "2024-03-04T09:09:00Z",
        "data": { "timestamp": "2024-03-04T09:04:00Z", "payload": { "worker_sid": "w", "reservation_sid": "r" } },
    });
    let stream_time = json!({
        "type": "com.twilio.taskrouter.reservation.completed",
        "time": "2024-03-04T09:05:00Z",
        "data": { "payload": { "worker_sid": "w", "reservation_sid": "r" } },
    });
    let input = ndjson(&[
        json!({ "EventType": "worker.activity.update", "WorkerSid": "w", "WorkerActivityName": "Available", "Timestamp": 1_709_542_800 }),
        // Fractional seconds, rounded to the ms; ResourceSid standing for ReservationSid.
        json!({ "EventType": "reservation.created", "WorkerSid": "w", "ResourceSid": "r", "Timestamp": "1709542860.0004" }),
        json!({ "EventType": "task.created", "TaskSid": "t" }),
        stream,
        stream_data_time,
        stream_time,
        json!({ "EventType": "reservation.created", "WorkerSid": "w", "ReservationSid": "r2", "Timestamp": "2024-03-04T10:06:00+01:00" }),
    ]);
    let (events, counts) = read(FORMAT, &[&input]).unwrap();
    assert_eq!(counts, vec![7]);
    assert_eq!(
        events,
        vec![
            ev("w", T0, "ready", None),
            ev("w", T0 + MIN, "ring", None),
            ev("w", T0 + 2 * MIN, "incall", None),
            ev("w", T0 + 4 * MIN, "wrapup", None),
            ev("w", T0 + 5 * MIN, "ready", None),
            ev("w", T0 + 6 * MIN, "ring", None),
        ]
    );
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
    let no_worker =
        json!({ "EventType": "reservation.created", "ReservationSid": "r", "TimestampMs": "1" });
    assert_eq!(
        err(&ndjson(&[activity("w", T0, "Available"), no_worker])),
        "line 2: WorkerSid: expected a non-empty string, got missing"
    );
    let no_sid =
        json!([{ "EventType": "reservation.accepted", "WorkerSid": "w", "TimestampMs": 1 }]);
    assert_eq!(
        err(no_sid.to_string().as_bytes()),
        "records[0].ReservationSid: expected a non-empty string, got missing"
    );
    let no_time = json!({ "EventType": "worker.activity.update", "WorkerSid": "w", "WorkerActivityName": "Available" });
    assert_eq!(
        err(&ndjson(&[no_time])),
        "line 1: TimestampMs: expected a non-negative integer (epoch ms), got missing"
    );
    let bad_ms = callback(
        "worker.activity.update",
        "w",
        0,
        json!({ "WorkerActivityName": "A", "TimestampMs": "12.5" }),
    );
    assert_eq!(
        err(&ndjson(&[bad_ms])),
        r#"line 1: TimestampMs: expected a non-negative integer (epoch ms), got "12.5""#
    );
    let big_ms = callback(
        "worker.activity.update",
        "w",
        0,
        json!({ "WorkerActivityName": "A", "TimestampMs": 9_007_199_254_740_992u64 }),
    );
    assert_eq!(
        err(&ndjson(&[big_ms])),
        "line 1: TimestampMs: expected a non-negative integer (epoch ms) <= 9007199254740991, got 9007199254740992"
    );
    let fraction = callback(
        "worker.activity.update",
        "w",
        0,
        json!({ "WorkerActivityName": "A", "TimestampMs": 1.5 }),
    );
    assert_eq!(
        err(&ndjson(&[fraction])),
        "line 1: TimestampMs: expected a non-negative integer (epoch ms), got 1.5"
    );
    let negative = callback(
        "worker.activity.update",
        "w",
        0,
        json!({ "WorkerActivityName": "A", "TimestampMs": -1 }),
    );
    assert_eq!(
        err(&ndjson(&[negative])),
        "line 1: TimestampMs: expected a non-negative integer (epoch ms) <= 9007199254740991, got -1"
    );
    let bad_s = json!({ "EventType": "worker.activity.update", "WorkerSid": "w", "WorkerActivityName": "A", "Timestamp": "noon" });
    assert_eq!(
        err(&ndjson(&[bad_s])),
        r#"line 1: Timestamp: expected epoch seconds (a number or a string of digits) or an ISO-8601 date-time, got "noon""#
    );
    let stream = json!({ "type": "com.twilio.taskrouter.worker.activity.update", "data": { "payload": { "worker_sid": "w", "timestamp": "2024-03-04T09:00:00Z" } } });
    assert_eq!(
        err(&ndjson(&[stream])),
        "line 1: data.payload.worker_activity_name: expected a non-empty string, got missing"
    );
    let wrong = json!({ "EventType": 5 });
    assert_eq!(
        err(&ndjson(&[wrong])),
        "line 1: EventType: invalid type: integer `5`, expected a string"
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use crate::adapters_fixtures::{assert_chunked_ts_nondecreasing, assert_chunks_equal_one_read};
    use proptest::prelude::*;

    const ACTIVITIES: [&str; 4] = ["Available", "Offline", "Break", "Busy"];
    const KINDS: [&str; 5] = ["created", "accepted", "wrapup", "completed", "rejected"];

    /// Events at strictly increasing times for two workers and three reservation sids.
    fn events() -> impl Strategy<Value = Vec<Value>> {
        prop::collection::vec(
            (
                0..2usize,
                1..120u64,
                prop::option::of(0..4usize),
                0..5usize,
                0..3usize,
            ),
            1..40,
        )
        .prop_map(|rows| {
            let mut t = T0;
            rows.into_iter()
                .map(|(w, step, act, kind, sid)| {
                    t += step * 1000;
                    let worker = format!("w{w}");
                    match act {
                        Some(a) => activity(&worker, t, ACTIVITIES[a]),
                        None => reservation(KINDS[kind], &worker, t, &format!("r{sid}")),
                    }
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn chunks_equal_one_call(events in events(), cuts in prop::collection::vec(0..40usize, 0..6)) {
            assert_chunks_equal_one_read(FORMAT, &ndjson(&events), &cuts);
        }

        #[test]
        fn shuffled_output_ts_never_decreases(
            events in events().prop_shuffle(),
            cuts in prop::collection::vec(0..40usize, 0..6),
        ) {
            assert_chunked_ts_nondecreasing(FORMAT, &ndjson(&events), &cuts);
        }
    }
}

/// Records of another format are refused, naming the record and what a TaskRouter event has.
#[test]
fn records_of_another_format_are_refused() {
    let err = |input: &str| {
        Adapter::new(FORMAT)
            .read(input.as_bytes(), None, |_| Ok(()))
            .unwrap_err()
            .to_string()
    };
    // An Amazon Connect record: its EventType is not a TaskRouter one.
    assert_eq!(
        err(r#"{"AgentARN":"arn:aws:connect:r:1:instance/i/agent/a","EventType":"STATE_CHANGE"}"#),
        "line 1: EventType: not a twilio-taskrouter record: expected a TaskRouter event type \
         (`worker.…`, `reservation.…`, `task.…`, `activity.…`, `workflow.…`, `task-queue.…`, \
         `task-channel.…`, `workspace.…`; an Event Streams `type` starts with \
         `com.twilio.taskrouter.`), got \"STATE_CHANGE\""
    );
    // A Genesys response: neither EventType nor type.
    assert_eq!(
        err(r#"[{"userDetails":[],"totalHits":0}]"#),
        "records[0]: not a twilio-taskrouter record: expected an object with `EventType` (an \
         Event Callback) or `type` (an Event Streams event), got neither"
    );
    // Another product's CloudEvent, and a resource TaskRouter has not.
    assert!(err(r#"{"type":"com.twilio.messaging.message.sent"}"#).starts_with("line 1: type: "));
    assert!(err(r#"{"EventType":"call.ended"}"#).starts_with("line 1: EventType: "));
    assert!(err(r#"{"EventType":"worker."}"#).starts_with("line 1: EventType: "));
    // Every resource of the reference is one (an event that changes nothing: no events).
    for kind in [
        "activity.created",
        "task.created",
        "task-channel.updated",
        "task-queue.entered",
        "workflow.timeout",
        "workspace.updated",
    ] {
        let input = format!(r#"{{"EventType":"{kind}"}}"#);
        let (events, counts) = read(FORMAT, &[input.as_bytes()]).unwrap();
        assert_eq!((events.len(), counts), (0, vec![1]), "{kind}");
    }
}
