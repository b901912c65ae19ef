//! `genesys-user-details`: the Genesys Cloud users details query response.
//!
//! Follows *User Status Detail query*
//! (<https://developer.genesys.cloud/analyticsdatamanagement/analytics/detail/user-query>; the
//! response of `POST /api/v2/analytics/users/details/query`, whose `userDetails[]` items
//! (`AnalyticsUserDetail`) carry `userId`, `primaryPresence[]` records with `startTime`,
//! `endTime`, `systemPresence`, and `routingStatus[]` records with `startTime`, `endTime`,
//! `routingStatus`).
//!
//! **Input**: one response (`{"userDetails": […], "totalHits": …}`, pretty-printed or not), or
//! several — the pages of one query, or several queries — one after another (NDJSON, back to
//! back) or as a JSON array of responses. Every page of the read is merged per user before
//! anything is derived, so the pages' order does not matter. Fields other than those above are
//! ignored; a response without `userDetails` has no user (an empty result: `{"totalHits": 0}`),
//! and an object with neither `userDetails` nor `totalHits` is not a response (an error naming
//! it, so that another format read as this one is not silently empty). A missing `userId`, `startTime`,
//! `systemPresence` or `routingStatus` is an error naming the response (`line N`: the line it
//! starts on, or `records[i]`) and the field (`userDetails[0].primaryPresence[2].startTime`), and
//! so is an `endTime` before its `startTime`. The count a read returns is the number of
//! presence and routing records.
//!
//! **Mapping**: the two timelines are followed separately and folded at every change.
//! - Each record's `startTime` is a change to its value; records of one user and timeline are
//!   taken in `startTime` order, and exact duplicates are read once (the document: a status
//!   spanning two days is stored twice, and duplicates occasionally occur).
//! - A record's `endTime` matters only when the next record of the same timeline does not start
//!   by then (a gap, or the last record): from `endTime` the timeline is unknown — presence as
//!   `OFFLINE`, routing as `OFF_QUEUE` — until the next record. The last record without `endTime`
//!   is open. A next record that starts before `endTime` (an overlap) takes over at its start.
//! - Presence `OFFLINE` (or unknown) → logged out; `BREAK`, `MEAL`, `TRAINING`, `MEETING`,
//!   `AWAY`, `BUSY` → paused with the presence in lower case as reason (any other presence that
//!   is not `AVAILABLE`, `IDLE` or `ON_QUEUE` likewise); `AVAILABLE`, `IDLE` → idle.
//! - Routing `INTERACTING` → a queue call; `COMMUNICATING` → an outbound/direct call;
//!   `NOT_RESPONDING` → unreachable; `IDLE` while the presence is `ON_QUEUE` → ready; `OFF_QUEUE`
//!   → nothing.
//! - Priority decides the overlaps Genesys keeps: an agent who goes to `BREAK` while still
//!   `INTERACTING` is in the call until routing leaves `INTERACTING`, then on break.
//!
//! **Order**: within one call the changes are sorted by time (ties in input order). Across
//! calls each user's presence and routing carry over; a change earlier than one already applied
//! takes effect at the user's latest applied time ([`Deriver`]), so pages of one query belong in
//! one call, or in time order.
//!
//! **What the log cannot tell**: wrap-up (Genesys counts after-call work inside `INTERACTING`,
//! so it shows as `incall`), ringing (alerting is part of `INTERACTING` or `NOT_RESPONDING`),
//! which conversation or queue a record belongs to, and the organization presence behind a
//! system presence (a custom "Lunch" is its system presence `MEAL`).

use std::collections::HashMap;

use jiff::tz::TimeZone;
use serde::Deserialize;

use super::records::{read_records, Record};
use super::{Deriver, Dimensions};
use crate::error::{InputError, Problem};
use crate::store::EventRef;
use crate::zoned::parse_instant;

/// One response of the users details query.
#[derive(Debug, Deserialize)]
struct Response {
    #[serde(rename = "userDetails", default)]
    user_details: Option<Vec<UserDetail>>,
    /// The query's number of matches: an empty result has it (and no `userDetails`).
    #[serde(rename = "totalHits", default)]
    total_hits: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Deserialize)]
struct UserDetail {
    #[serde(rename = "userId")]
    user_id: String,
    #[serde(rename = "primaryPresence", default)]
    primary_presence: Option<Vec<PresenceRecord>>,
    #[serde(rename = "routingStatus", default)]
    routing_status: Option<Vec<RoutingRecord>>,
}

#[derive(Debug, Deserialize)]
struct PresenceRecord {
    #[serde(rename = "startTime")]
    start_time: String,
    #[serde(rename = "endTime", default)]
    end_time: Option<String>,
    #[serde(rename = "systemPresence")]
    system_presence: String,
}

#[derive(Debug, Deserialize)]
struct RoutingRecord {
    #[serde(rename = "startTime")]
    start_time: String,
    #[serde(rename = "endTime", default)]
    end_time: Option<String>,
    #[serde(rename = "routingStatus")]
    routing_status: String,
}

/// One status record, read: `[start, end)` (end `None`: open) with its value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Segment {
    start: u64,
    end: Option<u64>,
    value: String,
}

/// A user's two timelines as read in one call.
#[derive(Debug, Default)]
struct Timelines {
    presence: Vec<Segment>,
    routing: Vec<Segment>,
}

/// A user's current presence and routing status (`None`: unknown).
#[derive(Clone, Debug, Default)]
struct Current {
    presence: Option<String>,
    routing: Option<String>,
}

impl Current {
    fn dimensions(&self) -> Dimensions {
        let presence = self.presence.as_deref();
        let mut dims = Dimensions {
            logged_in: !matches!(presence, None | Some("OFFLINE")),
            ..Dimensions::default()
        };
        match presence {
            None | Some("OFFLINE" | "AVAILABLE" | "IDLE" | "ON_QUEUE") => {}
            Some(other) => dims.paused = Some(other.to_ascii_lowercase()),
        }
        match self.routing.as_deref() {
            Some("INTERACTING") => dims.queue_call = true,
            Some("COMMUNICATING") => dims.ext_call = true,
            Some("NOT_RESPONDING") => dims.unreachable = true,
            Some("IDLE") if presence == Some("ON_QUEUE") => dims.ready = true,
            _ => {}
        }
        dims
    }
}

/// What the adapter keeps between calls: each user's presence and routing status.
#[derive(Clone, Debug, Default)]
pub(super) struct State {
    users: HashMap<String, Current>,
}

/// Which timeline a change belongs to.
#[derive(Clone, Copy)]
enum Line {
    Presence,
    Routing,
}

impl State {
    /// Reads `input`'s responses and applies their changes in time order; see the module doc.
    pub(super) fn read(
        &mut self,
        input: &[u8],
        zone: Option<&TimeZone>,
        deriver: &mut Deriver,
        sink: &mut impl FnMut(EventRef<'_>) -> Result<(), InputError>,
    ) -> Result<usize, InputError> {
        let responses = read_records::<Response>(input)?;
        // Users in order of first appearance, with their records from every response.
        let mut order: Vec<String> = Vec::new();
        let mut users: HashMap<String, Timelines> = HashMap::new();
        let mut n = 0;
        for response in &responses {
            if response.value.user_details.is_none() && response.value.total_hits.is_none() {
                return Err(response.error(
                    "",
                    Problem::NotPlatformRecord {
                        format: "genesys-user-details",
                        expected: "a users details query response (`userDetails` or `totalHits`)",
                        got: "neither".into(),
                    },
                ));
            }
            for (i, user) in response.value.user_details.iter().flatten().enumerate() {
                if user.user_id.is_empty() {
                    let field = format!("userDetails[{i}].userId");
                    return Err(response.error(&field, Problem::EmptyString));
                }
                let timelines = users.entry(user.user_id.clone()).or_insert_with(|| {
                    order.push(user.user_id.clone());
                    Timelines::default()
                });
                for (j, r) in user.primary_presence.iter().flatten().enumerate() {
                    let at = format!("userDetails[{i}].primaryPresence[{j}]");
                    let (start, end) =
                        span(response, &at, &r.start_time, r.end_time.as_deref(), zone)?;
                    let value = r.system_presence.clone();
                    timelines.presence.push(Segment { start, end, value });
                    n += 1;
                }
                for (j, r) in user.routing_status.iter().flatten().enumerate() {
                    let at = format!("userDetails[{i}].routingStatus[{j}]");
                    let (start, end) =
                        span(response, &at, &r.start_time, r.end_time.as_deref(), zone)?;
                    let value = r.routing_status.clone();
                    timelines.routing.push(Segment { start, end, value });
                    n += 1;
                }
            }
        }
        let mut changes: Vec<(u64, &str, Dimensions)> = Vec::new();
        for user in &order {
            let Some(timelines) = users.get_mut(user) else {
                continue;
            };
            let mut points: Vec<(u64, Line, Option<String>)> = Vec::new();
            points.extend(change_points(&mut timelines.presence, Line::Presence));
            points.extend(change_points(&mut timelines.routing, Line::Routing));
            points.sort_by_key(|p| p.0);
            let current = self.users.entry(user.clone()).or_default();
            let mut points = points.into_iter().peekable();
            while let Some((ts, line, value)) = points.next() {
                current.set(line, value);
                // Every change at the same instant before folding: one state per instant.
                while let Some((_, line, value)) = points.next_if(|p| p.0 == ts) {
                    current.set(line, value);
                }
                changes.push((ts, user.as_str(), current.dimensions()));
            }
        }
        changes.sort_by_key(|c| c.0);
        for (ts, user, dims) in changes {
            deriver.set(user, ts, dims, sink)?;
        }
        Ok(n)
    }
}

impl Current {
    fn set(&mut self, line: Line, value: Option<String>) {
        match line {
            Line::Presence => self.presence = value,
            Line::Routing => self.routing = value,
        }
    }
}

/// A record's `startTime` and `endTime` in epoch ms; `endTime` before `startTime` is an error.
fn span(
    response: &Record<Response>,
    at: &str,
    start: &str,
    end: Option<&str>,
    zone: Option<&TimeZone>,
) -> Result<(u64, Option<u64>), InputError> {
    let time = |text: &str, field: &str| {
        parse_instant(text, zone, field).map_err(|e| e.within(at).within(&response.at))
    };
    let start = time(start, "startTime")?;
    let end = end.map(|text| time(text, "endTime")).transpose()?;
    if let Some(end) = end.filter(|&end| end < start) {
        let field = format!("{at}.endTime");
        return Err(response.error(&field, Problem::EndNotAfterStart { start, end }));
    }
    Ok((start, end))
}

/// One timeline's changes: each record's value from its start, and unknown (`None`) from an
/// `endTime` that the next record does not start by. Sorts the records and drops exact
/// duplicates first.
fn change_points(
    segments: &mut Vec<Segment>,
    line: Line,
) -> impl Iterator<Item = (u64, Line, Option<String>)> + '_ {
    segments.sort();
    segments.dedup();
    let next_starts = segments
        .iter()
        .skip(1)
        .map(|s| Some(s.start))
        .chain(std::iter::once(None));
    segments
        .iter()
        .zip(next_starts.collect::<Vec<_>>())
        .flat_map(move |(s, next)| {
            let start = (s.start, line, Some(s.value.clone()));
            let gap = match (s.end, next) {
                (Some(end), Some(next)) if next > end => Some((end, line, None)),
                (Some(end), None) => Some((end, line, None)),
                _ => None,
            };
            std::iter::once(start).chain(gap)
        })
}
