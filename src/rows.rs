//! A [`KpiTable`] as numbers in wasm memory (read by JS as a `Float64Array` view) plus the names the
//! JS side has not been sent yet.
//!
//! The JS layer (`npm/packer.js`) keeps every name it was sent (ids only grow: interners never
//! renumber) and builds the result objects from the numbers: on 2,000 agents that is ~0.3–0.5 ms
//! where `JSON.parse` of the same rows as text takes ~1.7 ms, and nothing is formatted.
//!
//! The layout is declared once, by the constants below; [`kpis_row_layout`] hands them to the JS
//! reader. Every value is an integer of at most 2^53 − 1, so exact as an f64. The numbers are a
//! [`message`] head (the row count and which of issue 14's blocks the query includes), then per
//! row:
//! - a [`head`]: the agent (its id, or [`EXTRA_NAME_BASE`] − k for the k-th of the extra names:
//!   scheduled agents without events), `loggedInMs`, `occupancyPct`, `utilizationPct`, and the
//!   number n of status entries;
//! - n [`status_entry`]s (status id, ms), in output order;
//! - the number m of reason entries, then m [`reason_entry`]s (status id, reason id, ms), by status
//!   then reason;
//! - `adherencePct` as a [`pct`] block: a tag, then the value (0 unless the tag is
//!   [`pct::NUMBER`]);
//! - `adherence`: [`adherence::ABSENT`], or [`adherence::PRESENT`] then an [`adherence`] block
//!   (booleans as 0 or 1, `outSince` [`adherence::OUT_SINCE_NULL`] for `null`);
//! - only when the query includes them (the head's [`message::BLOCKS`] bits), in the key order of
//!   the JSON results: `contacts` as a [`contacts`] block; `episodes` as the number n of
//!   [`episode_entry`]s, the n entries (by status id), the number m of [`reason_episode_entry`]s
//!   and the m entries (by status then reason id); `current` as a [`current`] block;
//! - issue 15's blocks, only when the query includes them: `conformancePct` as a [`pct`] block and
//!   `conformance` as a presence tag ([`schedule::ABSENT`] for unscheduled and bypassed rows) then a
//!   [`conformance`] block; `shrinkagePct` as a [`pct`] block and `shrinkage` as a presence tag,
//!   a [`shrinkage`] block and its [`shrinkage_part`]s (status, reason, ms; by status then reason).
//!
//! After the rows, when the query includes `team`: the team as a [`team`] block, then the number
//! of groups ([`team::GROUPS_ABSENT`] without `options.groups`) and per group its name's index
//! into the message's group names and its [`team`] block (which ends with issue 15's blocks, as a
//! row does, when included). A query without blocks pays one slot
//! and one test per row for them.

use wasm_bindgen::prelude::*;

use crate::throw::JsResult;
use agent_kpis_core::{AdherencePct, BlocksRef, Contacts, EpisodeStats, Include, Team, Unit};
use agent_kpis_core::{EventStore, GroupTeam, Interner};
use agent_kpis_core::{KpiTable, RowAgent, ScheduleSums, NO_REASON};

/// The slots that start the numbers, before the rows.
pub mod message {
    /// The number of rows.
    pub const ROWS: usize = 0;
    /// The blocks the query includes: a sum of the `*_BIT`s below (0 without `include`).
    pub const BLOCKS: usize = 1;
    /// Slots in the head.
    pub const LEN: usize = 2;
    /// Bit of [`BLOCKS`]: every row has a `contacts` block.
    pub const CONTACTS_BIT: f64 = 1.0;
    /// Bit of [`BLOCKS`]: every row has `episodes` (and its reason episodes).
    pub const EPISODES_BIT: f64 = 2.0;
    /// Bit of [`BLOCKS`]: every row has a `current` block.
    pub const CURRENT_BIT: f64 = 4.0;
    /// Bit of [`BLOCKS`]: the team (and the groups) follow the rows.
    pub const TEAM_BIT: f64 = 8.0;
    /// Bit of [`BLOCKS`]: every row (and team) has `conformancePct` and `conformance` (issue 15).
    pub const CONFORMANCE_BIT: f64 = 16.0;
    /// Bit of [`BLOCKS`]: every row (and team) has `shrinkagePct` and `shrinkage` (issue 15).
    pub const SHRINKAGE_BIT: f64 = 32.0;
}

/// The agent slot of the `k`-th extra name holds `EXTRA_NAME_BASE - k`; ids are non-negative.
pub const EXTRA_NAME_BASE: f64 = -1.0;

/// The fixed slots that start every row.
pub mod head {
    /// The agent: an interned id, or an extra name (see [`super::EXTRA_NAME_BASE`]).
    pub const AGENT: usize = 0;
    /// `loggedInMs`.
    pub const LOGGED_IN_MS: usize = 1;
    /// `occupancyPct`.
    pub const OCCUPANCY_PCT: usize = 2;
    /// `utilizationPct`.
    pub const UTILIZATION_PCT: usize = 3;
    /// How many status entries follow the head.
    pub const STATUS_COUNT: usize = 4;
    /// Slots in a head.
    pub const LEN: usize = 5;
}

/// One status's time: `statusMs[status] = ms`.
pub mod status_entry {
    /// The status id.
    pub const STATUS: usize = 0;
    /// Its milliseconds.
    pub const MS: usize = 1;
    /// Slots in an entry.
    pub const LEN: usize = 2;
}

/// One (status, reason) pair's time: `reasonMs[status][reason] = ms`.
pub mod reason_entry {
    /// The status id.
    pub const STATUS: usize = 0;
    /// The reason id.
    pub const REASON: usize = 1;
    /// Its milliseconds.
    pub const MS: usize = 2;
    /// Slots in an entry.
    pub const LEN: usize = 3;
}

/// `adherencePct`: a tag and a value.
pub mod pct {
    /// The tag's slot.
    pub const TAG: usize = 0;
    /// The value's slot (a percentage under [`NUMBER`], else 0).
    pub const VALUE: usize = 1;
    /// Slots in the block.
    pub const LEN: usize = 2;
    /// Tag: no `adherencePct` (the agent has no schedule).
    pub const ABSENT: f64 = 0.0;
    /// Tag: a number, in the value slot.
    pub const NUMBER: f64 = 1.0;
    /// Tag: `null` (no on-shift time).
    pub const NULL: f64 = 2.0;
    /// Tag: `"bypass"`.
    pub const BYPASS: f64 = 3.0;
}

/// `adherence`: a presence tag, then (when present) a block of slots.
pub mod adherence {
    /// Presence tag: no `adherence`; nothing follows.
    pub const ABSENT: f64 = 0.0;
    /// Presence tag: an `adherence` block of [`LEN`] slots follows.
    pub const PRESENT: f64 = 1.0;
    /// `onShift`.
    pub const ON_SHIFT: usize = 0;
    /// `adherent`.
    pub const ADHERENT: usize = 1;
    /// `unit`: [`UNIT_SAMPLES`] or [`UNIT_MS`].
    pub const UNIT: usize = 2;
    /// `onShiftNow`: 0 or 1.
    pub const ON_SHIFT_NOW: usize = 3;
    /// `inAdherenceNow`: 0 or 1.
    pub const IN_ADHERENCE_NOW: usize = 4;
    /// `outSince`: epoch ms, or [`OUT_SINCE_NULL`].
    pub const OUT_SINCE: usize = 5;
    /// `severe` (issue 15, rule 4): 0 or 1.
    pub const SEVERE: usize = 6;
    /// Slots in the block (after the presence tag).
    pub const LEN: usize = 7;
    /// `unit` is `"samples"`.
    pub const UNIT_SAMPLES: f64 = 0.0;
    /// `unit` is `"ms"`.
    pub const UNIT_MS: f64 = 1.0;
    /// `outSince` is `null`.
    pub const OUT_SINCE_NULL: f64 = -1.0;
}

/// The presence tags of issue 15's `conformance` and `shrinkage` blocks.
pub mod schedule {
    /// No block (an unscheduled or bypassed row); nothing follows.
    pub const ABSENT: f64 = 0.0;
    /// A block follows.
    pub const PRESENT: f64 = 1.0;
}

/// `conformance` (issue 15, rule 1): `{ workedMs, scheduledMs }`.
pub mod conformance {
    /// `workedMs`.
    pub const WORKED_MS: usize = 0;
    /// `scheduledMs`.
    pub const SCHEDULED_MS: usize = 1;
    /// Slots in the block.
    pub const LEN: usize = 2;
}

/// `shrinkage` (issue 15, rule 2): its sums, then the number of [`super::shrinkage_part`]s that
/// follow (`byStatus` and `byReason` are built from them).
pub mod shrinkage {
    /// `ms`.
    pub const MS: usize = 0;
    /// `plannedMs`.
    pub const PLANNED_MS: usize = 1;
    /// `unplannedMs`.
    pub const UNPLANNED_MS: usize = 2;
    /// `unknownMs`.
    pub const UNKNOWN_MS: usize = 3;
    /// How many parts follow.
    pub const PART_COUNT: usize = 4;
    /// Slots in the block.
    pub const LEN: usize = 5;
}

/// One part of `shrinkage`: a known non-adherent status, a reason (or none), its ms.
pub mod shrinkage_part {
    /// The status id.
    pub const STATUS: usize = 0;
    /// The reason id, or [`NO_REASON`].
    pub const REASON: usize = 1;
    /// Its milliseconds.
    pub const MS: usize = 2;
    /// Slots in a part.
    pub const LEN: usize = 3;
    /// The reason slot of the part without a reason.
    pub const NO_REASON: f64 = -1.0;
}

/// `contacts` (issue 14, rule 4), of a row or of a team: sums over the contacts completed in the
/// window, lengths in ms.
pub mod contacts {
    /// `handled`: how many.
    pub const HANDLED: usize = 0;
    /// `handleMs`.
    pub const HANDLE_MS: usize = 1;
    /// `talkMs`.
    pub const TALK_MS: usize = 2;
    /// `acwMs`.
    pub const ACW_MS: usize = 3;
    /// `withAcw`.
    pub const WITH_ACW: usize = 4;
    /// `ahtMs`, or [`AHT_NULL`] for `null` (nothing handled).
    pub const AHT_MS: usize = 5;
    /// Slots in the block.
    pub const LEN: usize = 6;
    /// `ahtMs` is `null`.
    pub const AHT_NULL: f64 = -1.0;
}

/// One status's episodes: `episodes[status] = { started, ended, endedMs, longestMs }`.
pub mod episode_entry {
    /// The status id.
    pub const STATUS: usize = 0;
    /// `started`.
    pub const STARTED: usize = 1;
    /// `ended`.
    pub const ENDED: usize = 2;
    /// `endedMs`.
    pub const ENDED_MS: usize = 3;
    /// `longestMs`.
    pub const LONGEST_MS: usize = 4;
    /// Slots in an entry.
    pub const LEN: usize = 5;
}

/// One (status, reason)'s episodes: `reasonEpisodes[status][reason] = { started, … }`.
pub mod reason_episode_entry {
    /// The status id.
    pub const STATUS: usize = 0;
    /// The reason id.
    pub const REASON: usize = 1;
    /// `started`.
    pub const STARTED: usize = 2;
    /// `ended`.
    pub const ENDED: usize = 3;
    /// `endedMs`.
    pub const ENDED_MS: usize = 4;
    /// `longestMs`.
    pub const LONGEST_MS: usize = 5;
    /// Slots in an entry.
    pub const LEN: usize = 6;
}

/// `current` (issue 14, rule 5): `{ status, reason, since, ms }`, or `null`.
pub mod current {
    /// The status id, or [`NULL`] for `current: null` (no event at `ts <= now`; the other slots
    /// are then 0).
    pub const STATUS: usize = 0;
    /// The reason id, or [`NO_REASON`] for `reason: null`.
    pub const REASON: usize = 1;
    /// `since`: the start of the open status episode, epoch ms.
    pub const SINCE: usize = 2;
    /// `ms`: `now − since`.
    pub const MS: usize = 3;
    /// Slots in the block.
    pub const LEN: usize = 4;
    /// The status slot of `current: null`.
    pub const NULL: f64 = -1.0;
    /// The reason slot of `reason: null`.
    pub const NO_REASON: f64 = -1.0;
}

/// `team`, or one group of `groups` (issue 14, rule 6): a head, `statusMs` as [`super::status_entry`]s,
/// `contacts` (a presence tag, then a [`super::contacts`] block when present) and `adherencePct`
/// (a [`super::pct`] block).
pub mod team {
    /// `agents`: the rows summed.
    pub const AGENTS: usize = 0;
    /// `loggedInMs`.
    pub const LOGGED_IN_MS: usize = 1;
    /// `occupancyPct`.
    pub const OCCUPANCY_PCT: usize = 2;
    /// `utilizationPct`.
    pub const UTILIZATION_PCT: usize = 3;
    /// How many status entries follow the head.
    pub const STATUS_COUNT: usize = 4;
    /// Slots in the head.
    pub const LEN: usize = 5;
    /// Presence tag: no `contacts` (the query does not include them).
    pub const CONTACTS_ABSENT: f64 = 0.0;
    /// Presence tag: a `contacts` block follows.
    pub const CONTACTS_PRESENT: f64 = 1.0;
    /// The group count without `options.groups` (no `groups` key).
    pub const GROUPS_ABSENT: f64 = -1.0;
}

/// Every constant of the layout under the name the JS reader uses (the module path in camel case:
/// `head::LOGGED_IN_MS` is `headLoggedInMs`).
const LAYOUT: &[(&str, f64)] = &[
    ("messageRows", message::ROWS as f64),
    ("messageBlocks", message::BLOCKS as f64),
    ("messageLen", message::LEN as f64),
    ("messageContactsBit", message::CONTACTS_BIT),
    ("messageEpisodesBit", message::EPISODES_BIT),
    ("messageCurrentBit", message::CURRENT_BIT),
    ("messageTeamBit", message::TEAM_BIT),
    ("messageConformanceBit", message::CONFORMANCE_BIT),
    ("messageShrinkageBit", message::SHRINKAGE_BIT),
    ("extraNameBase", EXTRA_NAME_BASE),
    ("headAgent", head::AGENT as f64),
    ("headLoggedInMs", head::LOGGED_IN_MS as f64),
    ("headOccupancyPct", head::OCCUPANCY_PCT as f64),
    ("headUtilizationPct", head::UTILIZATION_PCT as f64),
    ("headStatusCount", head::STATUS_COUNT as f64),
    ("headLen", head::LEN as f64),
    ("statusEntryStatus", status_entry::STATUS as f64),
    ("statusEntryMs", status_entry::MS as f64),
    ("statusEntryLen", status_entry::LEN as f64),
    ("reasonEntryStatus", reason_entry::STATUS as f64),
    ("reasonEntryReason", reason_entry::REASON as f64),
    ("reasonEntryMs", reason_entry::MS as f64),
    ("reasonEntryLen", reason_entry::LEN as f64),
    ("pctTag", pct::TAG as f64),
    ("pctValue", pct::VALUE as f64),
    ("pctLen", pct::LEN as f64),
    ("pctAbsent", pct::ABSENT),
    ("pctNumber", pct::NUMBER),
    ("pctNull", pct::NULL),
    ("pctBypass", pct::BYPASS),
    ("adherenceAbsent", adherence::ABSENT),
    ("adherencePresent", adherence::PRESENT),
    ("adherenceOnShift", adherence::ON_SHIFT as f64),
    ("adherenceAdherent", adherence::ADHERENT as f64),
    ("adherenceUnit", adherence::UNIT as f64),
    ("adherenceOnShiftNow", adherence::ON_SHIFT_NOW as f64),
    (
        "adherenceInAdherenceNow",
        adherence::IN_ADHERENCE_NOW as f64,
    ),
    ("adherenceOutSince", adherence::OUT_SINCE as f64),
    ("adherenceSevere", adherence::SEVERE as f64),
    ("adherenceLen", adherence::LEN as f64),
    ("adherenceUnitSamples", adherence::UNIT_SAMPLES),
    ("adherenceUnitMs", adherence::UNIT_MS),
    ("adherenceOutSinceNull", adherence::OUT_SINCE_NULL),
    ("scheduleAbsent", schedule::ABSENT),
    ("schedulePresent", schedule::PRESENT),
    ("conformanceWorkedMs", conformance::WORKED_MS as f64),
    ("conformanceScheduledMs", conformance::SCHEDULED_MS as f64),
    ("conformanceLen", conformance::LEN as f64),
    ("shrinkageMs", shrinkage::MS as f64),
    ("shrinkagePlannedMs", shrinkage::PLANNED_MS as f64),
    ("shrinkageUnplannedMs", shrinkage::UNPLANNED_MS as f64),
    ("shrinkageUnknownMs", shrinkage::UNKNOWN_MS as f64),
    ("shrinkagePartCount", shrinkage::PART_COUNT as f64),
    ("shrinkageLen", shrinkage::LEN as f64),
    ("shrinkagePartStatus", shrinkage_part::STATUS as f64),
    ("shrinkagePartReason", shrinkage_part::REASON as f64),
    ("shrinkagePartMs", shrinkage_part::MS as f64),
    ("shrinkagePartLen", shrinkage_part::LEN as f64),
    ("shrinkagePartNoReason", shrinkage_part::NO_REASON),
    ("contactsHandled", contacts::HANDLED as f64),
    ("contactsHandleMs", contacts::HANDLE_MS as f64),
    ("contactsTalkMs", contacts::TALK_MS as f64),
    ("contactsAcwMs", contacts::ACW_MS as f64),
    ("contactsWithAcw", contacts::WITH_ACW as f64),
    ("contactsAhtMs", contacts::AHT_MS as f64),
    ("contactsLen", contacts::LEN as f64),
    ("contactsAhtNull", contacts::AHT_NULL),
    ("episodeEntryStatus", episode_entry::STATUS as f64),
    ("episodeEntryStarted", episode_entry::STARTED as f64),
    ("episodeEntryEnded", episode_entry::ENDED as f64),
    ("episodeEntryEndedMs", episode_entry::ENDED_MS as f64),
    ("episodeEntryLongestMs", episode_entry::LONGEST_MS as f64),
    ("episodeEntryLen", episode_entry::LEN as f64),
    (
        "reasonEpisodeEntryStatus",
        reason_episode_entry::STATUS as f64,
    ),
    (
        "reasonEpisodeEntryReason",
        reason_episode_entry::REASON as f64,
    ),
    (
        "reasonEpisodeEntryStarted",
        reason_episode_entry::STARTED as f64,
    ),
    (
        "reasonEpisodeEntryEnded",
        reason_episode_entry::ENDED as f64,
    ),
    (
        "reasonEpisodeEntryEndedMs",
        reason_episode_entry::ENDED_MS as f64,
    ),
    (
        "reasonEpisodeEntryLongestMs",
        reason_episode_entry::LONGEST_MS as f64,
    ),
    ("reasonEpisodeEntryLen", reason_episode_entry::LEN as f64),
    ("currentStatus", current::STATUS as f64),
    ("currentReason", current::REASON as f64),
    ("currentSince", current::SINCE as f64),
    ("currentMs", current::MS as f64),
    ("currentLen", current::LEN as f64),
    ("currentNull", current::NULL),
    ("currentNoReason", current::NO_REASON),
    ("teamAgents", team::AGENTS as f64),
    ("teamLoggedInMs", team::LOGGED_IN_MS as f64),
    ("teamOccupancyPct", team::OCCUPANCY_PCT as f64),
    ("teamUtilizationPct", team::UTILIZATION_PCT as f64),
    ("teamStatusCount", team::STATUS_COUNT as f64),
    ("teamLen", team::LEN as f64),
    ("teamContactsAbsent", team::CONTACTS_ABSENT),
    ("teamContactsPresent", team::CONTACTS_PRESENT),
    ("teamGroupsAbsent", team::GROUPS_ABSENT),
];

/// `__kpisRowLayout()`: the layout's constants as `{ headLoggedInMs: 1, pctNumber: 1, … }` (see
/// [`LAYOUT`]), read once by the JS reader.
// Internal: only npm/packer.js calls it (and declares its type); the package entries do not export it.
#[wasm_bindgen(js_name = __kpisRowLayout, skip_typescript)]
pub fn kpis_row_layout() -> JsResult<JsValue> {
    let layout = js_sys::Object::new();
    for &(name, value) in LAYOUT {
        js_sys::Reflect::set(&layout, &JsValue::from_str(name), &JsValue::from_f64(value))?;
    }
    Ok(layout.into())
}

/// How many names of each interner the JS side already holds (ids `0..count`), as it reports
/// them: only the names after these are sent.
#[derive(Clone, Copy, Debug)]
pub struct HeldNameCounts {
    /// Agent names held.
    pub agents: u32,
    /// Status names held.
    pub statuses: u32,
    /// Reason names held.
    pub reasons: u32,
}

/// What a query asks for beyond the base rows, for [`encode`]: the blocks of its `include`, its
/// `now` (for `current.ms`), and its `team` and `groups` when it includes `team`.
pub struct Extras<'a> {
    /// The blocks included (the rows must carry them when [`Include::rows`]).
    pub include: Include,
    /// The window's end, epoch ms.
    pub now: u64,
    /// The roll-ups, when `include.team`: the team and, with `options.groups`, the groups.
    pub team: Option<(&'a Team, Option<&'a [GroupTeam]>)>,
}

/// `[memory, offset, length, newAgents, newStatuses, newReasons, extraNames, groupNames?]` for the
/// JS builder (`groupNames`, the names the groups' blocks index, only with `options.groups`):
/// the numbers are written to `out` (kept between calls) and JS reads them in place, as
/// `new Float64Array(memory.buffer, offset, length)`, before its next call into wasm (which may
/// move or grow the memory). Copying them out instead (~620 KB for 2,000 agents) cost more than
/// filling them.
pub fn encode(
    table: &KpiTable,
    store: &EventStore,
    held: HeldNameCounts,
    out: &mut Vec<f64>,
    extras: &Extras<'_>,
) -> JsValue {
    out.clear();
    let include = extras.include;
    let mut m = [0.0; message::LEN];
    m[message::ROWS] = table.len() as f64;
    m[message::BLOCKS] = [
        (include.contacts, message::CONTACTS_BIT),
        (include.episodes, message::EPISODES_BIT),
        (include.current, message::CURRENT_BIT),
        (include.team, message::TEAM_BIT),
        (include.conformance, message::CONFORMANCE_BIT),
        (include.shrinkage, message::SHRINKAGE_BIT),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, bit)| bit)
    .sum();
    out.extend(m);
    for v in table.rows() {
        let row = v.row;
        let mut h = [0.0; head::LEN];
        h[head::AGENT] = match row.agent {
            RowAgent::Id(id) => f64::from(id),
            RowAgent::Named(k) => EXTRA_NAME_BASE - k as f64,
        };
        h[head::LOGGED_IN_MS] = row.rates.logged_in_ms as f64;
        h[head::OCCUPANCY_PCT] = f64::from(row.rates.occupancy_pct);
        h[head::UTILIZATION_PCT] = f64::from(row.rates.utilization_pct);
        h[head::STATUS_COUNT] = v.status_ms.len() as f64;
        out.extend(h);
        for &(s, ms) in v.status_ms {
            let mut e = [0.0; status_entry::LEN];
            e[status_entry::STATUS] = f64::from(s);
            e[status_entry::MS] = ms as f64;
            out.extend(e);
        }
        out.push(v.reason_ms.len() as f64);
        for &(s, r, ms) in v.reason_ms {
            let mut e = [0.0; reason_entry::LEN];
            e[reason_entry::STATUS] = f64::from(s);
            e[reason_entry::REASON] = f64::from(r);
            e[reason_entry::MS] = ms as f64;
            out.extend(e);
        }
        out.extend(pct_block(row.adherence_pct));
        match &row.adherence {
            None => out.push(adherence::ABSENT),
            Some(st) => {
                let mut a = [0.0; adherence::LEN];
                a[adherence::ON_SHIFT] = st.on_shift as f64;
                a[adherence::ADHERENT] = st.adherent as f64;
                a[adherence::UNIT] = match st.unit {
                    Unit::Samples => adherence::UNIT_SAMPLES,
                    Unit::Ms => adherence::UNIT_MS,
                };
                a[adherence::ON_SHIFT_NOW] = f64::from(u8::from(st.on_shift_now));
                a[adherence::IN_ADHERENCE_NOW] = f64::from(u8::from(st.in_adherence_now));
                a[adherence::OUT_SINCE] =
                    st.out_since.map_or(adherence::OUT_SINCE_NULL, |t| t as f64);
                a[adherence::SEVERE] = f64::from(u8::from(st.severe));
                out.push(adherence::PRESENT);
                out.extend(a);
            }
        }
        if include.rows() {
            encode_blocks(&v.blocks_ref(), include, extras.now, out);
        }
        if include.schedule() {
            let sums = row.schedule_sums.as_deref();
            let bypass = Some(AdherencePct::Bypass);
            let (c, s) = match (row.adherence_pct, sums) {
                (Some(AdherencePct::Bypass), _) => (bypass, bypass),
                (Some(_), Some(x)) => (Some(x.conformance_pct()), Some(x.shrinkage_pct())),
                _ => (None, None),
            };
            encode_schedule(c, s, sums, include, out);
        }
    }
    let mut group_names = None;
    if let Some((t, groups)) = extras.team {
        encode_team(t, store, include, out);
        match groups {
            None => out.push(team::GROUPS_ABSENT),
            Some(groups) => {
                out.push(groups.len() as f64);
                let names = js_sys::Array::new();
                for (g, k) in groups.iter().zip(0u32..) {
                    out.push(f64::from(k));
                    encode_team(&g.team, store, include, out);
                    names.push(&JsValue::from_str(&g.group));
                }
                group_names = Some(names);
            }
        }
    }
    let result = js_sys::Array::new();
    result.push(&wasm_bindgen::memory());
    // A byte offset into linear memory (wasm32: pointers are 32-bit, exact as f64).
    result.push(&JsValue::from_f64(out.as_ptr() as usize as f64));
    result.push(&JsValue::from_f64(out.len() as f64));
    result.push(&names_after(store.agents(), held.agents));
    result.push(&names_after(store.statuses(), held.statuses));
    result.push(&names_after(store.reasons(), held.reasons));
    let extra = js_sys::Array::new();
    for name in table.names() {
        extra.push(&JsValue::from_str(name));
    }
    result.push(&extra);
    if let Some(names) = group_names {
        result.push(&names);
    }
    result.into()
}

/// A row's blocks, those `include` asks for, in the JSON key order (`contacts`, `episodes` with
/// its reason episodes, `current`); `now` is the window's end.
fn encode_blocks(b: &BlocksRef<'_>, include: Include, now: u64, out: &mut Vec<f64>) {
    if include.contacts {
        encode_contacts(&Contacts::from(b.contacts), out);
    }
    if include.episodes {
        out.push(b.episodes.len() as f64);
        for &(s, e) in b.episodes {
            let mut x = [0.0; episode_entry::LEN];
            x[episode_entry::STATUS] = f64::from(s);
            x[episode_entry::STARTED] = e.started as f64;
            x[episode_entry::ENDED] = e.ended as f64;
            x[episode_entry::ENDED_MS] = e.ended_ms as f64;
            x[episode_entry::LONGEST_MS] = e.longest_ms as f64;
            out.extend(x);
        }
        out.push(b.reason_episodes.len() as f64);
        for &(s, r, e) in b.reason_episodes {
            out.extend(reason_episode(s, r, &e));
        }
    }
    if include.current {
        let mut c = [0.0; current::LEN];
        match b.open {
            None => c[current::STATUS] = current::NULL,
            Some(o) => {
                c[current::STATUS] = f64::from(o.status);
                c[current::REASON] = match o.reason {
                    NO_REASON => current::NO_REASON,
                    r => f64::from(r),
                };
                c[current::SINCE] = o.since as f64;
                c[current::MS] = now.saturating_sub(o.since) as f64;
            }
        }
        out.extend(c);
    }
}

/// One reason episode entry.
fn reason_episode(s: u32, r: u32, e: &EpisodeStats) -> [f64; reason_episode_entry::LEN] {
    let mut x = [0.0; reason_episode_entry::LEN];
    x[reason_episode_entry::STATUS] = f64::from(s);
    x[reason_episode_entry::REASON] = f64::from(r);
    x[reason_episode_entry::STARTED] = e.started as f64;
    x[reason_episode_entry::ENDED] = e.ended as f64;
    x[reason_episode_entry::ENDED_MS] = e.ended_ms as f64;
    x[reason_episode_entry::LONGEST_MS] = e.longest_ms as f64;
    x
}

/// A [`contacts`] block.
fn encode_contacts(c: &Contacts, out: &mut Vec<f64>) {
    let mut x = [0.0; contacts::LEN];
    x[contacts::HANDLED] = c.handled as f64;
    x[contacts::HANDLE_MS] = c.handle_ms as f64;
    x[contacts::TALK_MS] = c.talk_ms as f64;
    x[contacts::ACW_MS] = c.acw_ms as f64;
    x[contacts::WITH_ACW] = c.with_acw as f64;
    x[contacts::AHT_MS] = c.aht_ms.map_or(contacts::AHT_NULL, |ms| ms as f64);
    out.extend(x);
}

/// A [`team`] block; its statuses by id (every status of a roll-up was interned in `store`), and
/// issue 15's blocks when `include` has them.
fn encode_team(t: &Team, store: &EventStore, include: Include, out: &mut Vec<f64>) {
    let mut h = [0.0; team::LEN];
    h[team::AGENTS] = t.agents as f64;
    h[team::LOGGED_IN_MS] = t.logged_in_ms as f64;
    h[team::OCCUPANCY_PCT] = f64::from(t.occupancy_pct);
    h[team::UTILIZATION_PCT] = f64::from(t.utilization_pct);
    let statuses = store.statuses();
    let entries = t.status_ms.0.iter();
    let ids: Vec<(u32, u64)> = entries
        .filter_map(|(name, ms)| Some((statuses.lookup(name)?, *ms)))
        .collect();
    h[team::STATUS_COUNT] = ids.len() as f64;
    out.extend(h);
    for (s, ms) in ids {
        let mut e = [0.0; status_entry::LEN];
        e[status_entry::STATUS] = f64::from(s);
        e[status_entry::MS] = ms as f64;
        out.extend(e);
    }
    match &t.contacts {
        None => out.push(team::CONTACTS_ABSENT),
        Some(c) => {
            out.push(team::CONTACTS_PRESENT);
            encode_contacts(c, out);
        }
    }
    out.extend(pct_block(t.adherence_pct));
    if include.schedule() {
        let sums = t.schedule_sums.as_ref();
        encode_schedule(t.conformance_pct, t.shrinkage_pct, sums, include, out);
    }
}

/// Issue 15's blocks that `include` asks for, of a row or a team: each a [`pct`] block (`pct` of
/// `None`: absent) and, when `sums` are given and the percentage is not `"bypass"`, its block.
fn encode_schedule(
    conformance_pct: Option<AdherencePct>,
    shrinkage_pct: Option<AdherencePct>,
    sums: Option<&ScheduleSums>,
    include: Include,
    out: &mut Vec<f64>,
) {
    let present =
        |pct: Option<AdherencePct>| sums.filter(|_| pct.is_some_and(|p| p != AdherencePct::Bypass));
    if include.conformance {
        out.extend(pct_block(conformance_pct));
        match present(conformance_pct) {
            None => out.push(schedule::ABSENT),
            Some(x) => {
                out.push(schedule::PRESENT);
                let mut c = [0.0; conformance::LEN];
                c[conformance::WORKED_MS] = x.worked_ms as f64;
                c[conformance::SCHEDULED_MS] = x.scheduled_ms as f64;
                out.extend(c);
            }
        }
    }
    if include.shrinkage {
        out.extend(pct_block(shrinkage_pct));
        match present(shrinkage_pct) {
            None => out.push(schedule::ABSENT),
            Some(x) => {
                out.push(schedule::PRESENT);
                let parts = x.parts.iter().filter(|e| e.2 > 0);
                let mut b = [0.0; shrinkage::LEN];
                b[shrinkage::MS] = x.shrinkage_ms as f64;
                b[shrinkage::PLANNED_MS] = x.planned_ms as f64;
                b[shrinkage::UNPLANNED_MS] = x.shrinkage_ms.saturating_sub(x.planned_ms) as f64;
                b[shrinkage::UNKNOWN_MS] = x.unknown_ms as f64;
                b[shrinkage::PART_COUNT] = parts.clone().count() as f64;
                out.extend(b);
                for &(s, r, ms) in parts {
                    let mut e = [0.0; shrinkage_part::LEN];
                    e[shrinkage_part::STATUS] = f64::from(s);
                    e[shrinkage_part::REASON] = match r {
                        NO_REASON => shrinkage_part::NO_REASON,
                        r => f64::from(r),
                    };
                    e[shrinkage_part::MS] = ms as f64;
                    out.extend(e);
                }
            }
        }
    }
}

/// A [`pct`] block of an `adherencePct`.
fn pct_block(value: Option<AdherencePct>) -> [f64; pct::LEN] {
    let mut p = [0.0; pct::LEN];
    (p[pct::TAG], p[pct::VALUE]) = match value {
        None => (pct::ABSENT, 0.0),
        Some(AdherencePct::Pct(value)) => (pct::NUMBER, f64::from(value)),
        Some(AdherencePct::NoShift) => (pct::NULL, 0.0),
        Some(AdherencePct::Bypass) => (pct::BYPASS, 0.0),
    };
    p
}

/// The names of ids `held..` of `interner`, as a JS array of strings.
fn names_after(interner: &Interner, held: u32) -> js_sys::Array {
    let names = js_sys::Array::new();
    for id in held..u32::try_from(interner.len()).unwrap_or(u32::MAX) {
        names.push(&JsValue::from_str(interner.name(id)));
    }
    names
}
