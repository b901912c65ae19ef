//! `amazon-connect`: Amazon Connect agent event stream records.
//!
//! Follows *Agent event streams data model in Amazon Connect* (Amazon Connect Administrator
//! Guide, <https://docs.aws.amazon.com/connect/latest/adminguide/agent-event-stream-model.html>)
//! and *About contact states in Amazon Connect*
//! (<https://docs.aws.amazon.com/connect/latest/adminguide/about-contact-states.html>).
//!
//! **Input**: the records as the Kinesis stream carries them — a JSON array, or one object after
//! another (one per line, back to back as Kinesis Data Firehose writes them, or pretty-printed).
//! Fields read (others are ignored): `AgentARN`, `EventId`, `EventTimestamp`, `EventType`, and
//! from `CurrentAgentSnapshot`: `AgentStatus.Name`, `Contacts[].State`,
//! `Contacts[].InitiationMethod`. A missing `AgentARN`, `EventId`, `EventTimestamp` or
//! `EventType` is an error naming the record and the field, and so is a `LOGIN` or
//! `STATE_CHANGE` record without `CurrentAgentSnapshot` (or a snapshot without
//! `AgentStatus.Name`); `Contacts` may be missing or `null` (no contact).
//!
//! **Mapping**:
//! - `user_id` = the last path segment of `AgentARN` (`…/agent/<id>`); `ts` = `EventTimestamp`
//!   (ISO-8601 with `Z`), exact to the millisecond.
//! - A record whose `EventId` was already read (in this call or an earlier one) is dropped: the
//!   stream delivers at least once. (Across calls only the agent's newest record time and the ids
//!   applied at it are kept: an older duplicate is stale anyway, see *Order*.)
//! - `HEART_BEAT` changes nothing (it repeats the snapshot every 120 s while nothing happens).
//! - `LOGOUT` → logged out, nothing else. Event types the document does not list change nothing.
//! - `LOGIN` and `STATE_CHANGE`: each record carries the agent's whole snapshot, so its
//!   dimensions come from that record alone. `AgentStatus.Name` `Available` → ready; `Offline` →
//!   logged out; any other (custom) status → paused with the status name as reason. Each contact
//!   by `State`: `CONNECTED` or `CONNECTED_ONHOLD` → a queue call (an outbound/direct call when
//!   `InitiationMethod` is `OUTBOUND`); `INCOMING`, `PENDING`, `CONNECTING` → ringing (`OUTBOUND`:
//!   an outbound call being placed, so extcall); `ENDED` → wrap-up (after-contact work); `MISSED`
//!   or `ERROR` → unreachable; `PAUSED` (task contacts) and `REJECTED` change nothing. Several
//!   contacts: the dimensions are the OR over them, and the priority order decides (an agent whose
//!   status says `Available` while a contact is `CONNECTED` is in a call: the status alone would
//!   show occupancy 0).
//!
//! **Order**: within one call records are sorted by `EventTimestamp` (ties in input order), so an
//! out-of-order record lands in its place. The stream is at least once and unordered across
//! calls too: a record older than the newest already applied for its agent in an earlier call is
//! dropped, since the newer snapshot is the truth (applying the old one at the later time would
//! invent a state).
//!
//! **What the log cannot tell**: the time a contact spends in after-contact work beyond the
//! `ENDED` snapshot's own time (the next record ends it — *Determine how long an agent spends
//! doing ACW*, <https://docs.aws.amazon.com/connect/latest/adminguide/determine-acw-time.html>,
//! derives it the same way); a queue call's queue; whether a custom status
//! is a break or productive work (it is `paused` with its name); anything between two records (a
//! lost record leaves the previous snapshot in effect until the next).

use std::collections::{HashMap, HashSet};

use jiff::tz::TimeZone;
use serde::Deserialize;

use super::records::{read_records, Record};
use super::{Deriver, Dimensions};
use crate::error::{quote_excerpt, InputError, Problem};
use crate::store::EventRef;
use crate::zoned::parse_instant;

/// One agent event stream record: the fields this adapter reads.
#[derive(Debug, Deserialize)]
struct AgentEvent {
    #[serde(rename = "AgentARN")]
    agent_arn: String,
    #[serde(rename = "EventId")]
    event_id: String,
    #[serde(rename = "EventTimestamp")]
    event_timestamp: String,
    #[serde(rename = "EventType")]
    event_type: String,
    #[serde(rename = "CurrentAgentSnapshot", default)]
    snapshot: Option<AgentSnapshot>,
}

#[derive(Debug, Deserialize)]
struct AgentSnapshot {
    #[serde(rename = "AgentStatus")]
    agent_status: AgentStatus,
    #[serde(rename = "Contacts", default)]
    contacts: Option<Vec<Contact>>,
}

#[derive(Debug, Deserialize)]
struct AgentStatus {
    #[serde(rename = "Name")]
    name: String,
}

#[derive(Debug, Deserialize)]
struct Contact {
    #[serde(rename = "State")]
    state: String,
    #[serde(rename = "InitiationMethod", default)]
    initiation_method: Option<String>,
}

/// What a record does, once read.
enum Change {
    /// Sets the agent's dimensions (`LOGIN`, `STATE_CHANGE`, `LOGOUT`).
    Set(Dimensions),
    /// Nothing (`HEART_BEAT`, an unlisted type, a duplicate `EventId`).
    Nothing,
}

/// An agent's newest applied record time and the `EventId`s applied at that time.
#[derive(Clone, Debug, Default)]
struct Newest {
    /// Epoch ms.
    ts: u64,
    /// The records applied at `ts` (usually one).
    event_ids: Vec<String>,
}

/// What the adapter keeps between calls: per agent, its newest applied record. That is all
/// duplicate detection needs across calls — a record older than it is stale anyway, one at its
/// time is a duplicate when its `EventId` was applied then — so the state stays one entry per
/// agent however long the stream.
#[derive(Clone, Debug, Default)]
pub(super) struct State {
    newest: HashMap<String, Newest>,
}

impl State {
    /// Reads `input`'s records and applies them in time order; see the module doc.
    pub(super) fn read(
        &mut self,
        input: &[u8],
        zone: Option<&TimeZone>,
        deriver: &mut Deriver,
        sink: &mut impl FnMut(EventRef<'_>) -> Result<(), InputError>,
    ) -> Result<usize, InputError> {
        let records = read_records::<AgentEvent>(input)?;
        let n = records.len();
        let mut changes = Vec::with_capacity(n);
        for record in &records {
            let agent = agent_id(record)?;
            let ts = parse_instant(&record.value.event_timestamp, zone, "EventTimestamp")
                .map_err(|e| e.within(&record.at))?;
            let change = dimensions(record)?;
            changes.push((ts, agent, record.value.event_id.as_str(), change));
        }
        // Stable: equal timestamps keep input order.
        changes.sort_by_key(|c| c.0);
        let mut seen: HashSet<&str> = HashSet::with_capacity(n);
        for (ts, agent, event_id, change) in changes {
            if !seen.insert(event_id) {
                continue;
            }
            let Change::Set(dims) = change else { continue };
            let newest = self.newest.entry(agent.to_string()).or_default();
            // Sorted, so only a record older than an earlier call's newest is behind: stale.
            // One at that time whose id was applied then is a duplicate across calls.
            if !newest.event_ids.is_empty()
                && (ts < newest.ts
                    || (ts == newest.ts && newest.event_ids.iter().any(|id| id == event_id)))
            {
                continue;
            }
            if ts > newest.ts || newest.event_ids.is_empty() {
                newest.ts = ts;
                newest.event_ids.clear();
            }
            newest.event_ids.push(event_id.to_string());
            deriver.set(agent, ts, dims, sink)?;
        }
        Ok(n)
    }
}

/// The agent id: the last path segment of `AgentARN` (`…/agent/<id>`).
fn agent_id(record: &Record<AgentEvent>) -> Result<&str, InputError> {
    let arn = record.value.agent_arn.as_str();
    arn.rsplit_once("/agent/")
        .map(|(_, id)| id)
        .filter(|id| !id.is_empty() && !id.contains('/'))
        .ok_or_else(|| {
            record.error(
                "AgentARN",
                Problem::NotAgentArn {
                    got: quote_excerpt(arn),
                },
            )
        })
}

/// What `record` does to its agent's dimensions.
fn dimensions(record: &Record<AgentEvent>) -> Result<Change, InputError> {
    let event = &record.value;
    let snapshot = match event.event_type.as_str() {
        "LOGOUT" => return Ok(Change::Set(Dimensions::default())),
        "LOGIN" | "STATE_CHANGE" => event.snapshot.as_ref().ok_or_else(|| {
            record.error(
                "CurrentAgentSnapshot",
                Problem::NotObject {
                    got: "missing".into(),
                },
            )
        })?,
        // HEART_BEAT repeats the snapshot; other types are not agent states.
        _ => return Ok(Change::Nothing),
    };
    let status = snapshot.agent_status.name.as_str();
    let mut dims = Dimensions {
        logged_in: status != "Offline",
        ready: status == "Available",
        paused: (status != "Available" && status != "Offline").then(|| status.to_string()),
        ..Dimensions::default()
    };
    for contact in snapshot.contacts.iter().flatten() {
        let outbound = contact.initiation_method.as_deref() == Some("OUTBOUND");
        match contact.state.as_str() {
            "CONNECTED" | "CONNECTED_ONHOLD" if outbound => dims.ext_call = true,
            "CONNECTED" | "CONNECTED_ONHOLD" => dims.queue_call = true,
            "INCOMING" | "PENDING" | "CONNECTING" if outbound => dims.ext_call = true,
            "INCOMING" | "PENDING" | "CONNECTING" => dims.ringing = true,
            "ENDED" => dims.wrapup = true,
            "MISSED" | "ERROR" => dims.unreachable = true,
            _ => {}
        }
    }
    Ok(Change::Set(dims))
}
