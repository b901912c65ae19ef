//! `twilio-taskrouter`: Twilio TaskRouter events, as Event Callbacks or Event Streams.
//!
//! Follows *TaskRouter Events reference* (<https://www.twilio.com/docs/taskrouter/api/event/reference>:
//! the callback parameters `EventType`, `ResourceSid`, `Timestamp` and the per-event field data
//! — `WorkerSid`, `WorkerActivityName`, `ReservationSid`, `TimestampMs` …), the Event Streams
//! event types *Worker* and *Reservation*
//! (<https://www.twilio.com/docs/events/event-types/taskrouter/worker>,
//! <https://www.twilio.com/docs/events/event-types/taskrouter/reservation>: CloudEvents with
//! `type` `com.twilio.taskrouter.…` and the event in `data.payload`, snake_case), and *Activity
//! Resource* (<https://twilio.com/docs/taskrouter/activities>: every Activity has an
//! availability flag; new Workspaces have `Offline`, `Unavailable` and `Available`).
//!
//! **Input**: JSON only — a JSON array, or objects one per line (or back to back). A callback
//! arrives form-encoded (`EventType=…&WorkerSid=…`): store it as a JSON object with the same
//! keys (a web framework's parsed form is that object). Each object is either a callback
//! (`EventType`, `WorkerSid`, `ReservationSid` or `ResourceSid`, `WorkerActivityName`,
//! `TimestampMs` or `Timestamp`, and `WorkerActivityAvailable` if the sender adds it — the
//! reference does not list it) or an Event Streams CloudEvent (`type`,
//! `data.payload.worker_sid`, `…reservation_sid`, `…worker_activity_name`, `…timestamp`, and
//! `…worker_activity_available` if present; the time falls back to
//! `data.timestamp`, then the CloudEvent's `time`). Other fields are ignored. Numbers may be
//! JSON numbers or strings of digits (a form value is a string).
//!
//! **Mapping**:
//! - `user_id` = the worker sid; `ts` = `TimestampMs`, else `Timestamp` × 1000 (epoch seconds,
//!   fractions rounded to the ms; an ISO-8601 date-time is also read), else the stream's ISO
//!   `timestamp`.
//! - `worker.activity.update`: `WorkerActivityAvailable` true (or, when the event does not say,
//!   an activity named `Available`) → ready; an activity named `Offline` → logged out; any other
//!   → paused with the activity name as reason.
//! - Reservations, kept per worker by reservation sid (several at once in a multitasking
//!   Workspace; the dimensions are the OR over them): `reservation.created` → ringing,
//!   `.accepted` → a queue call, `.wrapup` → wrap-up; `.completed`, `.canceled`, `.rescinded`,
//!   `.timeout`, `.rejected`, `.failed` end the reservation, so the worker is back to the
//!   activity alone.
//! - Every other TaskRouter event (task, queue, workflow, activity definitions) changes
//!   nothing; only the types of the fields above are checked in it (a string where one belongs).
//!   An object that is not a TaskRouter event is an error naming the record, so that another
//!   format read as this one is not silently empty: one with neither `EventType` nor `type`, an
//!   `EventType` that names none of the reference's resources (`activity`, `reservation`,
//!   `task`, `task-channel`, `task-queue`, `worker`, `workflow`, `workspace`: `<resource>.<event>`,
//!   e.g. Amazon Connect's `"STATE_CHANGE"` is none), or a `type` that does not start with
//!   `com.twilio.taskrouter.`. A worker or reservation event without a worker sid, or a
//!   reservation event without a reservation sid, or without a time, is an error naming the
//!   record and the field.
//!
//! A worker seen only through reservations is taken as logged in (TaskRouter reserves only
//! available workers). Priority decides overlaps: a call in progress shows `incall` whatever the
//! activity; but wrap-up under an unavailable activity (a single-tasking Workspace moves the
//! worker to its `AssignmentActivity`, e.g. "Busy") shows `paused` with that name, since paused
//! comes before wrap-up.
//!
//! **Order**: within one call events are sorted by time (ties in input order). Across calls a
//! late event takes effect at the worker's latest applied time ([`Deriver`]).
//!
//! **What the log cannot tell**: whether a task is a call or another channel (every accepted
//! reservation is a queue call), outbound calls (not TaskRouter tasks), and a worker's activity
//! before the first `worker.activity.update` read.

use std::collections::{BTreeMap, HashMap};

use jiff::tz::TimeZone;
use serde::Deserialize;
use serde_json::Value;

use super::records::{describe, read_records, Record};
use super::{Deriver, Dimensions};
use crate::error::{quote_excerpt, InputError, Problem};
use crate::ids::MAX_TS;
use crate::store::EventRef;
use crate::zoned::parse_instant;

/// An Event Callback's fields or an Event Streams CloudEvent's, whichever the object has.
#[derive(Debug, Deserialize)]
struct RawEvent {
    #[serde(rename = "EventType", default)]
    event_type: Option<String>,
    #[serde(rename = "WorkerSid", default)]
    worker_sid: Option<String>,
    #[serde(rename = "ReservationSid", default)]
    reservation_sid: Option<String>,
    #[serde(rename = "ResourceSid", default)]
    resource_sid: Option<String>,
    #[serde(rename = "WorkerActivityName", default)]
    worker_activity_name: Option<String>,
    #[serde(rename = "WorkerActivityAvailable", default)]
    worker_activity_available: Option<Value>,
    #[serde(rename = "TimestampMs", default)]
    timestamp_ms: Option<Value>,
    #[serde(rename = "Timestamp", default)]
    timestamp: Option<Value>,
    /// CloudEvents `type`: `com.twilio.taskrouter.worker.activity.update`.
    #[serde(rename = "type", default)]
    cloud_type: Option<String>,
    /// CloudEvents `time`.
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    data: Option<StreamData>,
}

#[derive(Debug, Deserialize)]
struct StreamData {
    #[serde(default)]
    timestamp: Option<String>,
    #[serde(default)]
    payload: Option<Payload>,
}

#[derive(Debug, Deserialize)]
struct Payload {
    #[serde(default)]
    worker_sid: Option<String>,
    #[serde(default)]
    reservation_sid: Option<String>,
    #[serde(default)]
    worker_activity_name: Option<String>,
    #[serde(default)]
    worker_activity_available: Option<Value>,
    #[serde(default)]
    timestamp: Option<String>,
}

/// A worker's activity as the last `worker.activity.update` set it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Activity {
    Available,
    Offline,
    /// Any other activity, by name.
    Other(String),
}

/// A reservation's state while it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reservation {
    Ringing,
    Accepted,
    Wrapup,
}

/// What an event does to its worker.
enum Change {
    Activity(Activity),
    /// A reservation's new state, `None` when it ends.
    Reservation(String, Option<Reservation>),
}

/// One worker's state.
#[derive(Clone, Debug, Default)]
struct Worker {
    /// `None` until the first `worker.activity.update`.
    activity: Option<Activity>,
    reservations: BTreeMap<String, Reservation>,
}

impl Worker {
    fn dimensions(&self) -> Dimensions {
        let mut dims = Dimensions {
            logged_in: self.activity != Some(Activity::Offline),
            ready: self.activity == Some(Activity::Available),
            paused: match &self.activity {
                Some(Activity::Other(name)) => Some(name.clone()),
                _ => None,
            },
            ..Dimensions::default()
        };
        for r in self.reservations.values() {
            match r {
                Reservation::Ringing => dims.ringing = true,
                Reservation::Accepted => dims.queue_call = true,
                Reservation::Wrapup => dims.wrapup = true,
            }
        }
        dims
    }
}

/// What the adapter keeps between calls: each worker's activity and open reservations.
#[derive(Clone, Debug, Default)]
pub(super) struct State {
    workers: HashMap<String, Worker>,
}

impl State {
    /// Reads `input`'s events and applies them in time order; see the module doc.
    pub(super) fn read(
        &mut self,
        input: &[u8],
        zone: Option<&TimeZone>,
        deriver: &mut Deriver,
        sink: &mut impl FnMut(EventRef<'_>) -> Result<(), InputError>,
    ) -> Result<usize, InputError> {
        let records = read_records::<RawEvent>(input)?;
        let n = records.len();
        let mut changes = Vec::with_capacity(n);
        for record in records {
            if let Some(change) = read_event(&record, zone)? {
                changes.push(change);
            }
        }
        changes.sort_by_key(|c| c.0);
        for (ts, worker_sid, change) in changes {
            let worker = self.workers.entry(worker_sid.clone()).or_default();
            match change {
                Change::Activity(activity) => worker.activity = Some(activity),
                Change::Reservation(sid, Some(r)) => {
                    worker.reservations.insert(sid, r);
                }
                Change::Reservation(sid, None) => {
                    worker.reservations.remove(&sid);
                }
            }
            let dims = worker.dimensions();
            deriver.set(&worker_sid, ts, dims, sink)?;
        }
        Ok(n)
    }
}

/// The type of an event, either shape: `worker.activity.update`, `reservation.created`, ….
fn event_type(event: &RawEvent) -> Option<&str> {
    event.event_type.as_deref().or_else(|| {
        event
            .cloud_type
            .as_deref()
            .map(|t| t.strip_prefix("com.twilio.taskrouter.").unwrap_or(t))
    })
}

/// The change `record` makes, with its time and worker, or `None` for an event that changes no
/// worker's state.
fn read_event(
    record: &Record<RawEvent>,
    zone: Option<&TimeZone>,
) -> Result<Option<(u64, String, Change)>, InputError> {
    let event = &record.value;
    let payload = event.data.as_ref().and_then(|d| d.payload.as_ref());
    let stream = event.event_type.is_none() && event.cloud_type.is_some();
    let Some(kind) = event_type(event) else {
        return Err(record.error(
            "",
            Problem::NotPlatformRecord {
                format: "twilio-taskrouter",
                expected: "an object with `EventType` (an Event Callback) or `type` (an Event \
                           Streams event)",
                got: "neither".into(),
            },
        ));
    };
    if !is_taskrouter_type(event, kind) {
        let (field, written) = match (&event.event_type, &event.cloud_type) {
            (Some(t), _) => ("EventType", t.as_str()),
            (None, Some(t)) => ("type", t.as_str()),
            (None, None) => ("EventType", kind),
        };
        return Err(record.error(
            field,
            Problem::NotPlatformRecord {
                format: "twilio-taskrouter",
                expected: "a TaskRouter event type (`worker.…`, `reservation.…`, `task.…`, \
                           `activity.…`, `workflow.…`, `task-queue.…`, `task-channel.…`, \
                           `workspace.…`; an Event Streams `type` starts with \
                           `com.twilio.taskrouter.`)",
                got: quote_excerpt(written),
            },
        ));
    }
    let missing = |field: &str| {
        record.error(
            field,
            Problem::NotNonEmptyString {
                got: "missing".into(),
            },
        )
    };
    let change = match kind {
        "worker.activity.update" => {
            let (name, available, field) = match payload.filter(|_| stream) {
                Some(p) => (
                    p.worker_activity_name.as_deref(),
                    p.worker_activity_available.as_ref(),
                    "data.payload.worker_activity_name",
                ),
                None => (
                    event.worker_activity_name.as_deref(),
                    event.worker_activity_available.as_ref(),
                    "WorkerActivityName",
                ),
            };
            let name = name
                .filter(|n| !n.is_empty())
                .ok_or_else(|| missing(field))?;
            let available = available.and_then(flag);
            Change::Activity(match (available, name) {
                (Some(true), _) | (None, "Available") => Activity::Available,
                (_, "Offline") => Activity::Offline,
                (_, other) => Activity::Other(other.to_string()),
            })
        }
        kind => {
            let Some(state) = kind
                .strip_prefix("reservation.")
                .and_then(reservation_state)
            else {
                return Ok(None);
            };
            let (sid, field) = match payload.filter(|_| stream) {
                Some(p) => (p.reservation_sid.as_deref(), "data.payload.reservation_sid"),
                None => (
                    event
                        .reservation_sid
                        .as_deref()
                        .or(event.resource_sid.as_deref()),
                    "ReservationSid",
                ),
            };
            let sid = sid
                .filter(|s| !s.is_empty())
                .ok_or_else(|| missing(field))?;
            Change::Reservation(sid.to_string(), state)
        }
    };
    let (worker, field) = match payload.filter(|_| stream) {
        Some(p) => (p.worker_sid.as_deref(), "data.payload.worker_sid"),
        None => (event.worker_sid.as_deref(), "WorkerSid"),
    };
    let worker = worker
        .filter(|w| !w.is_empty())
        .ok_or_else(|| missing(field))?;
    let ts = event_time(record, zone)?;
    Ok(Some((ts, worker.to_string(), change)))
}

/// The resources whose events the TaskRouter Events reference lists (`EventType` is
/// `<resource>.<event>`).
const RESOURCES: [&str; 8] = [
    "activity.",
    "reservation.",
    "task.",
    "task-channel.",
    "task-queue.",
    "worker.",
    "workflow.",
    "workspace.",
];

/// Whether `kind` (the event's type, an Event Streams one without its prefix) is a TaskRouter
/// event's: an Event Streams `type` starts with `com.twilio.taskrouter.`, an `EventType` names
/// one of [`RESOURCES`] (Amazon Connect's `"STATE_CHANGE"`, say, is none).
fn is_taskrouter_type(event: &RawEvent, kind: &str) -> bool {
    let stream_prefixed = event.event_type.is_none()
        && event
            .cloud_type
            .as_deref()
            .is_some_and(|t| t.starts_with("com.twilio.taskrouter."));
    let named = RESOURCES
        .iter()
        .any(|r| kind.strip_prefix(r).is_some_and(|rest| !rest.is_empty()));
    named && (event.event_type.is_some() || stream_prefixed)
}

/// A reservation event's new state: `Some(None)` when it ends the reservation, `None` for a
/// reservation event that is no state change (e.g. `reservation.updated`… none documented).
fn reservation_state(suffix: &str) -> Option<Option<Reservation>> {
    match suffix {
        "created" => Some(Some(Reservation::Ringing)),
        "accepted" => Some(Some(Reservation::Accepted)),
        "wrapup" => Some(Some(Reservation::Wrapup)),
        "completed" | "canceled" | "rescinded" | "timeout" | "rejected" | "failed" => Some(None),
        _ => None,
    }
}

/// A JSON boolean, or the strings `true`/`false` a form-encoded callback sends.
fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The event's time in epoch ms: `TimestampMs`, else `Timestamp` (epoch seconds or ISO-8601),
/// else the stream's `data.payload.timestamp`, `data.timestamp` or `time` (ISO-8601).
fn event_time(record: &Record<RawEvent>, zone: Option<&TimeZone>) -> Result<u64, InputError> {
    let event = &record.value;
    if let Some(v) = &event.timestamp_ms {
        return epoch_ms(v).map_err(|problem| record.error("TimestampMs", problem));
    }
    if let Some(v) = &event.timestamp {
        if let Value::String(s) = v {
            if s.contains('-') {
                return parse_instant(s, zone, "Timestamp").map_err(|e| e.within(&record.at));
            }
        }
        return epoch_seconds(v).map_err(|problem| record.error("Timestamp", problem));
    }
    let data = event.data.as_ref();
    let iso = [
        (
            data.and_then(|d| d.payload.as_ref())
                .and_then(|p| p.timestamp.as_deref()),
            "data.payload.timestamp",
        ),
        (data.and_then(|d| d.timestamp.as_deref()), "data.timestamp"),
        (event.time.as_deref(), "time"),
    ];
    for (text, field) in iso {
        if let Some(text) = text {
            return parse_instant(text, zone, field).map_err(|e| e.within(&record.at));
        }
    }
    Err(record.error(
        "TimestampMs",
        Problem::NotEpochMs {
            got: "missing".into(),
        },
    ))
}

/// `TimestampMs`: a non-negative integer, as a JSON number or a string of digits.
fn epoch_ms(value: &Value) -> Result<u64, Problem> {
    let got = || describe(value);
    let ms = match value {
        // A negative integer is out of range; a fraction is no integer.
        Value::Number(n) if n.is_f64() => return Err(Problem::NotEpochMs { got: got() }),
        Value::Number(n) => n.as_u64(),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            Some(s.parse::<u64>().unwrap_or(u64::MAX))
        }
        _ => return Err(Problem::NotEpochMs { got: got() }),
    };
    match ms {
        Some(ms) if ms <= MAX_TS => Ok(ms),
        _ => Err(Problem::EpochMsOutOfRange { got: got() }),
    }
}

/// `Timestamp`: non-negative epoch seconds (fractions allowed, rounded to the ms), as a JSON
/// number or a string.
fn epoch_seconds(value: &Value) -> Result<u64, Problem> {
    let seconds = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') => {
            s.parse::<f64>().ok()
        }
        _ => None,
    };
    let ms = seconds
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| (s * 1000.0).round())
        .filter(|&ms| ms <= MAX_TS as f64);
    match ms {
        // In range and integral: the cast is exact.
        Some(ms) => Ok(ms as u64),
        None => Err(Problem::NotSecondsOrIso {
            got: describe(value),
        }),
    }
}
