//! KPI math and the result objects, in the shape of the platform's `GET /v1/agents` (as JSON:
//! [`crate::json`]).
//!
//! All arithmetic is on integer milliseconds; percentages are rounded half-up exactly (what
//! `Math.round` does for non-negative numbers) without ever going through floating point.

use serde::{Serialize, Serializer};

use crate::episode::{Blocks, ContactSums, EpisodeStats, Open};
use crate::ids::{INCALL, NO_REASON, OFFLINE, READY, WRAPUP};
use crate::include::Include;
use crate::store::EventStore;
use crate::totals::reason_entry;
use crate::totals::Totals;

/// `round(100 × part / whole)`, half-up, exact; 0 when `whole` is 0.
///
/// ```
/// use agent_kpis_core::percent_half_up;
/// assert_eq!(percent_half_up(1, 8), 13); // 12.5 rounds up
/// assert_eq!(percent_half_up(3_000_000, 8_400_000), 36); // 35.71…
/// assert_eq!(percent_half_up(5, 0), 0);
/// ```
pub fn percent_half_up(part: u64, whole: u64) -> u32 {
    if whole == 0 {
        return 0;
    }
    // floor((100·part + whole/2) / whole) == floor((200·part + whole) / (2·whole)). Up to 2^53
    // (every millisecond total) 200·part + whole < 2^61 fits a u64; beyond, u128 (no product can
    // overflow), which wasm divides in software.
    const U64_SAFE: u64 = 1 << 53;
    let q = if part <= U64_SAFE && whole <= U64_SAFE {
        u128::from((part * 200 + whole) / (whole * 2))
    } else {
        (u128::from(part) * 200 + u128::from(whole)) / (u128::from(whole) * 2)
    };
    u32::try_from(q).unwrap_or(u32::MAX)
}

/// A list of `(key, value)` pairs in output order (written as a JSON object by [`crate::json`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entries<V>(pub Vec<(String, V)>);

impl<V> Entries<V> {
    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value for `key`, if present.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// One agent's KPIs over a window: one element of `agents` in `GET /v1/agents`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentKpis {
    /// The agent's id, always a string (integer ids in decimal).
    #[serde(rename = "user_id")]
    pub user_id: String,
    /// Milliseconds per status in the window; only statuses with more than 0 ms, canonical statuses
    /// first in the platform's priority order, then others in order of first appearance.
    pub status_ms: Entries<u64>,
    /// Sum of `status_ms` over every status except `offline`.
    pub logged_in_ms: u64,
    /// `round(100 × handle / (handle + ready))`, handle = incall + wrapup; 0 when the denominator is 0.
    pub occupancy_pct: u32,
    /// `round(100 × handle / logged_in_ms)`; 0 when `logged_in_ms` is 0.
    pub utilization_pct: u32,
    /// `{status: {reason: ms}}` over intervals whose event has a non-empty reason; omitted when empty.
    #[serde(skip_serializing_if = "Entries::is_empty")]
    pub reason_ms: Entries<Entries<u64>>,
    /// Schedule adherence; only for agents with a schedule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adherence_pct: Option<AdherencePct>,
    /// Real-time adherence state; only for scheduled, non-bypassed agents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adherence: Option<AdherenceState>,
    /// `contacts`: the contacts completed in the window (issue 14, rule 4); only when the query
    /// includes `contacts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Contacts>,
    /// `episodes`: `{status: stats}` of the status episodes overlapping the window (issue 14,
    /// rule 3), in the order of `status_ms`; only when the query includes `episodes` (then
    /// always, empty when no episode overlaps the window).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub episodes: Option<Entries<EpisodeStats>>,
    /// `reasonEpisodes`: `{status: {reason: stats}}` of the reason episodes with a reason that
    /// overlap the window (issue 14, rule 3); only when the query includes `episodes`, and
    /// omitted when empty.
    #[serde(skip_serializing_if = "Entries::is_empty")]
    pub reason_episodes: Entries<Entries<EpisodeStats>>,
    /// `current`: `Some(Some(_))` the status in effect at `now` and since when (issue 14, rule 5),
    /// `Some(None)` (`null`) for a scheduled agent without an event at `ts <= now`; `None` when
    /// the query does not include `current`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<Option<Current>>,
    /// `conformancePct` (issue 15, rule 1): round-half-up(100 × workedMs / scheduledMs), which
    /// can exceed 100; [`AdherencePct::NoShift`] (`null`) when scheduledMs is 0,
    /// [`AdherencePct::Bypass`] (`"bypass"`) for a bypassed schedule. Only for scheduled agents,
    /// when the query includes `conformance`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conformance_pct: Option<AdherencePct>,
    /// `conformance` beside it (issue 15, rule 1); absent for a bypassed schedule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conformance: Option<Conformance>,
    /// `shrinkagePct` (issue 15, rule 2): round-half-up(100 × shrinkage ms / scheduledMs);
    /// `null` when scheduledMs is 0, `"bypass"` for a bypassed schedule. Only for scheduled
    /// agents, when the query includes `shrinkage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shrinkage_pct: Option<AdherencePct>,
    /// `shrinkage` beside it (issue 15, rule 2); absent for a bypassed schedule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shrinkage: Option<Shrinkage>,
    /// The sums behind `conformance` and `shrinkage`, in the ids of the store the row was named
    /// from: what [`crate::roll_up_rows`] sums (a row with only `shrinkage` does not show its
    /// scheduled time). Not serialized; `None` whenever both blocks are.
    #[serde(skip)]
    pub schedule_sums: Option<ScheduleSums>,
}

/// What a scheduled agent gets: `adherencePct`, the `adherence` block (`None` when bypassed),
/// and the conformance and shrinkage sums when the options ask for them (`None` when bypassed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleKpis {
    /// `adherencePct`.
    pub pct: AdherencePct,
    /// `adherence`.
    pub state: Option<AdherenceState>,
    /// Conformance and shrinkage in ids (issue 15); `None` when not asked for or bypassed.
    pub sums: Option<ScheduleSums>,
}

/// `conformance` of a scheduled row or of a roll-up (issue 15, rule 1), exact milliseconds over
/// `[since, now)` whatever the adherence sample step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Conformance {
    /// `workedMs`: time in the window in an adherent status, on shift or not.
    pub worked_ms: u64,
    /// `scheduledMs`: on-shift time in the window.
    pub scheduled_ms: u64,
}

/// `shrinkage` of a scheduled row or of a roll-up (issue 15, rule 2): the on-shift time in the
/// window when the agent was not adherent (a non-adherent status, or no known status), exact
/// milliseconds whatever the adherence sample step. Entries of 0 ms are left out of both
/// breakdowns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shrinkage {
    /// `ms`: all of it.
    pub ms: u64,
    /// `plannedMs`: the part whose reason is one of the query's planned reasons.
    pub planned_ms: u64,
    /// `unplannedMs`: `ms − plannedMs` (unknown time included).
    pub unplanned_ms: u64,
    /// `unknownMs`: the part with no known status (before the agent's first event).
    pub unknown_ms: u64,
    /// `byStatus`: `{ [status]: ms }` over known non-adherent statuses, in the order of
    /// `statusMs` (by status id).
    pub by_status: Entries<u64>,
    /// `byReason`: `{ [status]: { [reason]: ms } }`, the part with a non-empty reason, by status
    /// then reason id.
    pub by_reason: Entries<Entries<u64>>,
}

/// A row's (or a roll-up's) conformance and shrinkage sums in ids (issue 15, rules 1 and 2), as
/// the adherence walk finds them; named by [`ScheduleSums::conformance`] and
/// [`ScheduleSums::shrinkage`]. All values are exact milliseconds in the window.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScheduleSums {
    /// Time in an adherent status, on shift or not.
    pub worked_ms: u64,
    /// On-shift time.
    pub scheduled_ms: u64,
    /// On-shift time not adherent (known non-adherent status or unknown).
    pub shrinkage_ms: u64,
    /// Of it, the part whose reason is planned.
    pub planned_ms: u64,
    /// Of it, the part with no known status.
    pub unknown_ms: u64,
    /// `(status id, reason id, ms)` of the known part (reason [`NO_REASON`] for none), by
    /// status then reason id once [`ScheduleSums::sort`] ran; no entry of 0 ms.
    pub parts: Vec<(u32, u32, u64)>,
}

impl ScheduleSums {
    /// Adds `ms` of shrinkage in `(status, reason)` (`None`: unknown status), planned or not.
    pub fn add_shrinkage(&mut self, known: Option<(u32, u32)>, ms: u64, planned: bool) {
        if ms == 0 {
            return;
        }
        self.shrinkage_ms = self.shrinkage_ms.saturating_add(ms);
        if planned {
            self.planned_ms = self.planned_ms.saturating_add(ms);
        }
        match known {
            None => self.unknown_ms = self.unknown_ms.saturating_add(ms),
            Some((s, r)) => {
                if let Some(e) = reason_entry(&mut self.parts, s, r) {
                    *e = e.saturating_add(ms);
                }
            }
        }
    }

    /// Adds another row's sums (a roll-up).
    pub fn add(&mut self, other: &ScheduleSums) {
        self.worked_ms = self.worked_ms.saturating_add(other.worked_ms);
        self.scheduled_ms = self.scheduled_ms.saturating_add(other.scheduled_ms);
        self.shrinkage_ms = self.shrinkage_ms.saturating_add(other.shrinkage_ms);
        self.planned_ms = self.planned_ms.saturating_add(other.planned_ms);
        self.unknown_ms = self.unknown_ms.saturating_add(other.unknown_ms);
        for &(s, r, ms) in &other.parts {
            if let Some(e) = reason_entry(&mut self.parts, s, r) {
                *e = e.saturating_add(ms);
            }
        }
    }

    /// Sorts the parts by status then reason id (the breakdowns' order).
    pub fn sort(&mut self) {
        self.parts.sort_unstable_by_key(|&(s, r, _)| (s, r));
    }

    /// `conformancePct`: `null` when nothing was scheduled.
    pub fn conformance_pct(&self) -> AdherencePct {
        match self.scheduled_ms {
            0 => AdherencePct::NoShift,
            all => AdherencePct::Pct(percent_half_up(self.worked_ms, all)),
        }
    }

    /// `shrinkagePct`: `null` when nothing was scheduled.
    pub fn shrinkage_pct(&self) -> AdherencePct {
        match self.scheduled_ms {
            0 => AdherencePct::NoShift,
            all => AdherencePct::Pct(percent_half_up(self.shrinkage_ms, all)),
        }
    }

    /// The `conformance` block.
    pub fn conformance(&self) -> Conformance {
        Conformance {
            worked_ms: self.worked_ms,
            scheduled_ms: self.scheduled_ms,
        }
    }

    /// The `shrinkage` block, names from `store` (parts sorted: see [`ScheduleSums::sort`]).
    pub fn shrinkage(&self, store: &EventStore) -> Shrinkage {
        let statuses = store.statuses();
        let mut by_status: Vec<(String, u64)> = Vec::new();
        let mut by_reason: Vec<(String, Entries<u64>)> = Vec::new();
        let mut last: Option<u32> = None;
        for &(s, r, ms) in self.parts.iter().filter(|e| e.2 > 0) {
            let name = statuses.name(s);
            match by_status.last_mut() {
                Some((_, total)) if last == Some(s) => *total = total.saturating_add(ms),
                _ => by_status.push((name.to_string(), ms)),
            }
            last = Some(s);
            if r != NO_REASON {
                let reason = store.reasons().name(r).to_string();
                match by_reason.last_mut() {
                    Some((n, inner)) if n == name => inner.0.push((reason, ms)),
                    _ => by_reason.push((name.to_string(), Entries(vec![(reason, ms)]))),
                }
            }
        }
        Shrinkage {
            ms: self.shrinkage_ms,
            planned_ms: self.planned_ms,
            unplanned_ms: self.shrinkage_ms.saturating_sub(self.planned_ms),
            unknown_ms: self.unknown_ms,
            by_status: Entries(by_status),
            by_reason: Entries(by_reason),
        }
    }
}

/// `contacts` of a row or of a roll-up (issue 14, rule 4): sums over the contacts completed in
/// the window, an `incall` episode with the `wrapup` episode right after it, if any. All lengths
/// are full lengths in ms.
///
/// What an agent-state log cannot know: two calls back to back with no status between them are
/// one `incall` episode, so one contact; and a status chosen before the call ended (say `paused`
/// right after `incall`) hides the after-call work, so that contact has no `wrapup` part.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contacts {
    /// `handled`: contacts completed in the window (not open, `since < end <= now`).
    pub handled: u64,
    /// `handleMs`: the sum of their full lengths, ms.
    pub handle_ms: u64,
    /// `talkMs`: the sum of their `incall` parts, ms.
    pub talk_ms: u64,
    /// `acwMs`: the sum of their `wrapup` parts (after-call work), ms.
    pub acw_ms: u64,
    /// `withAcw`: how many had a `wrapup` part.
    pub with_acw: u64,
    /// `ahtMs`: average handle time, `handle_ms / handled` rounded half-up to integer ms; `None`
    /// (`null`) when `handled` is 0.
    pub aht_ms: Option<u64>,
}

impl From<ContactSums> for Contacts {
    fn from(c: ContactSums) -> Self {
        Contacts {
            handled: c.handled,
            handle_ms: c.handle_ms,
            talk_ms: c.talk_ms,
            acw_ms: c.acw_ms,
            with_acw: c.with_acw,
            aht_ms: c.aht_ms(),
        }
    }
}

/// `current` of a row (issue 14, rule 5): the agent's status at `now`, from its last event at
/// `ts <= now`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Current {
    /// The status of that event.
    pub status: String,
    /// Its reason; `None` (`null`) when it has none.
    pub reason: Option<String>,
    /// The start of the open status episode, epoch ms: not clipped to the window, and not reset
    /// by a change of reason alone.
    pub since: u64,
    /// `now − since`, ms.
    pub ms: u64,
}

/// `team`, or one entry of `groups` (issue 14, rule 6): the rows summed, the percentages computed
/// from the sums with the rows' exact rounding (not averaged).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    /// The number of rows summed.
    pub agents: u64,
    /// Milliseconds per status summed over the rows, in the rows' order (canonical statuses
    /// first, then others in order of first appearance); only statuses above 0.
    pub status_ms: Entries<u64>,
    /// The sum of `status_ms` over every status except `offline`.
    pub logged_in_ms: u64,
    /// `round(100 × handle / (handle + ready))` over the sums (see [`Rates`]).
    pub occupancy_pct: u32,
    /// `round(100 × handle / logged_in_ms)` over the sums (see [`Rates`]).
    pub utilization_pct: u32,
    /// The rows' contacts summed, `aht_ms` from the summed `handle_ms` and `handled`; only when
    /// the query includes `contacts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Contacts>,
    /// Σ adherent / Σ on-shift over the scheduled, non-bypassed rows (in the query's unit),
    /// rounded half-up; [`AdherencePct::NoShift`] (`null`) when Σ on-shift is 0. Only when the
    /// query has schedules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adherence_pct: Option<AdherencePct>,
    /// Σ workedMs / Σ scheduledMs over the scheduled, non-bypassed rows (issue 15, rule 5),
    /// rounded half-up; `null` when Σ scheduledMs is 0. Only when the query includes
    /// `conformance` and has schedules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conformance_pct: Option<AdherencePct>,
    /// Those rows' `conformance` summed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conformance: Option<Conformance>,
    /// Σ shrinkage ms / Σ scheduledMs over the scheduled, non-bypassed rows (issue 15, rule 5);
    /// `null` when Σ scheduledMs is 0. Only when the query includes `shrinkage` and has
    /// schedules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shrinkage_pct: Option<AdherencePct>,
    /// Those rows' `shrinkage` summed, breakdowns included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shrinkage: Option<Shrinkage>,
    /// The sums behind `conformance` and `shrinkage` in the store's ids (for the binding's numeric
    /// rows). Not serialized; `None` whenever both blocks are.
    #[serde(skip)]
    pub schedule_sums: Option<ScheduleSums>,
}

/// One entry of `groups` (issue 14, rule 6): a group's name and its rows summed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupTeam {
    /// The group's name, as given in the query's groups.
    pub group: String,
    /// Its rows summed, as `team` sums all rows.
    #[serde(flatten)]
    pub team: Team,
}

/// The whole result: `{ agents: [...] }`, and `team` and `groups` when asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AgentsResponse {
    /// One entry per reported agent, in order of first appearance.
    pub agents: Vec<AgentKpis>,
    /// `team`: every row summed (issue 14, rule 6); only when the query includes `team`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<Team>,
    /// `groups`: per group, its rows summed, in order of first appearance among the rows (issue
    /// 14, rule 6); only when the query includes `team` and gives groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupTeam>>,
}

/// The numbers of one agent's window that follow from its milliseconds per status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rates {
    /// Sum over every status except `offline`.
    pub logged_in_ms: u64,
    /// `round(100 × handle / (handle + ready))`, handle = incall + wrapup; 0 when the denominator is 0.
    pub occupancy_pct: u32,
    /// `round(100 × handle / logged_in_ms)`; 0 when `logged_in_ms` is 0.
    pub utilization_pct: u32,
}

impl Rates {
    /// The rates of a window's `(status id, ms)` entries (each status at most once).
    pub fn of(status_ms: impl IntoIterator<Item = (u32, u64)>) -> Rates {
        let (mut handle, mut ready, mut logged_in_ms) = (0u64, 0u64, 0u64);
        for (s, ms) in status_ms {
            match s {
                INCALL | WRAPUP => handle += ms,
                READY => ready += ms,
                _ => {}
            }
            if s != OFFLINE {
                logged_in_ms += ms;
            }
        }
        Rates {
            logged_in_ms,
            occupancy_pct: percent_half_up(handle, handle + ready),
            utilization_pct: percent_half_up(handle, logged_in_ms),
        }
    }
}

impl AgentKpis {
    /// The KPIs of agent `agent` from its fold totals, names looked up in `store`.
    pub fn from_totals(store: &EventStore, agent: u32, totals: &Totals) -> Self {
        let user_id = store.agents().name(agent);
        Self::named(store, user_id, &totals.status_ms, &totals.reason_ms)
    }

    /// The KPIs of `user_id` from a window's `(status, ms)` entries (by status id) and
    /// `(status, reason, ms)` entries (by status then reason id), names looked up in `store`.
    pub fn named(
        store: &EventStore,
        user_id: &str,
        status_ms: &[(u32, u64)],
        reason_ms: &[(u32, u32, u64)],
    ) -> Self {
        let rates = Rates::of(status_ms.iter().copied());
        let statuses = store.statuses();
        let status_ms = Entries(
            status_ms
                .iter()
                .map(|&(s, ms)| (statuses.name(s).to_string(), ms))
                .collect(),
        );
        let mut by_status: Vec<(String, Entries<u64>)> = Vec::new();
        for &(s, r, ms) in reason_ms {
            let name = statuses.name(s);
            let reason = store.reasons().name(r).to_string();
            match by_status.last_mut() {
                Some((last, inner)) if last == name => inner.0.push((reason, ms)),
                _ => by_status.push((name.to_string(), Entries(vec![(reason, ms)]))),
            }
        }
        AgentKpis {
            user_id: user_id.to_string(),
            status_ms,
            logged_in_ms: rates.logged_in_ms,
            occupancy_pct: rates.occupancy_pct,
            utilization_pct: rates.utilization_pct,
            reason_ms: Entries(by_status),
            adherence_pct: None,
            adherence: None,
            contacts: None,
            episodes: None,
            reason_episodes: Entries::default(),
            current: None,
            conformance_pct: None,
            conformance: None,
            shrinkage_pct: None,
            shrinkage: None,
            schedule_sums: None,
        }
    }

    /// Records the blocks `include` asks for, from the agent's blocks in ids over a window ending
    /// at `now` (`None`: an agent without an event at `ts <= now`, whose `current` is `null`),
    /// names looked up in `store`.
    pub fn set_blocks(
        &mut self,
        store: &EventStore,
        include: Include,
        blocks: Option<BlocksRef<'_>>,
        now: u64,
    ) {
        let blocks = blocks.unwrap_or_default();
        if include.contacts {
            self.contacts = Some(Contacts::from(blocks.contacts));
        }
        if include.episodes {
            let statuses = store.statuses();
            let by_status = blocks.episodes.iter();
            let named = by_status.map(|&(s, e)| (statuses.name(s).to_string(), e));
            self.episodes = Some(Entries(named.collect()));
            let mut by_reason: Vec<(String, Entries<EpisodeStats>)> = Vec::new();
            for &(s, r, e) in blocks.reason_episodes {
                let name = statuses.name(s);
                let reason = store.reasons().name(r).to_string();
                match by_reason.last_mut() {
                    Some((last, inner)) if last == name => inner.0.push((reason, e)),
                    _ => by_reason.push((name.to_string(), Entries(vec![(reason, e)]))),
                }
            }
            self.reason_episodes = Entries(by_reason);
        }
        if include.current {
            self.current = Some(blocks.open.map(|o| Current {
                status: store.statuses().name(o.status).to_string(),
                reason: (o.reason != NO_REASON).then(|| store.reasons().name(o.reason).to_string()),
                since: o.since,
                ms: now.saturating_sub(o.since),
            }));
        }
    }

    /// Records a scheduled agent's adherence and the schedule blocks `include` asks for (as
    /// [`crate::adherence::schedule_kpis`] returns them), names from `store`.
    pub fn set_schedule(&mut self, store: &EventStore, include: Include, k: ScheduleKpis) {
        self.adherence_pct = Some(k.pct);
        self.adherence = k.state;
        if include.schedule() {
            self.set_schedule_blocks(store, include, k.sums.as_ref());
        }
    }

    /// Records a scheduled agent's adherence (as [`crate::adherence::adherence`] returns it).
    pub fn set_adherence(&mut self, (pct, state): (AdherencePct, Option<AdherenceState>)) {
        self.adherence_pct = Some(pct);
        self.adherence = state;
    }

    /// Records a scheduled agent's schedule blocks that `include` asks for (issue 15, rules 1
    /// and 2): `sums` from the adherence walk, `None` for a bypassed schedule (then the
    /// percentages are `"bypass"` and the blocks absent). Names from `store`.
    pub fn set_schedule_blocks(
        &mut self,
        store: &EventStore,
        include: Include,
        sums: Option<&ScheduleSums>,
    ) {
        if include.conformance {
            self.conformance_pct = Some(sums.map_or(AdherencePct::Bypass, |s| s.conformance_pct()));
            self.conformance = sums.map(ScheduleSums::conformance);
        }
        if include.shrinkage {
            self.shrinkage_pct = Some(sums.map_or(AdherencePct::Bypass, |s| s.shrinkage_pct()));
            self.shrinkage = sums.map(|s| s.shrinkage(store));
        }
        self.schedule_sums = sums.cloned();
    }

    /// An agent with no time in the window (scheduled but without events).
    pub fn empty(user_id: &str) -> Self {
        AgentKpis {
            user_id: user_id.to_string(),
            status_ms: Entries::default(),
            logged_in_ms: 0,
            occupancy_pct: 0,
            utilization_pct: 0,
            reason_ms: Entries::default(),
            adherence_pct: None,
            adherence: None,
            contacts: None,
            episodes: None,
            reason_episodes: Entries::default(),
            current: None,
            conformance_pct: None,
            conformance: None,
            shrinkage_pct: None,
            shrinkage: None,
            schedule_sums: None,
        }
    }
}

/// One agent's blocks in ids, borrowed (from a [`Blocks`] or a table row): episodes per status
/// and per (status, reason), contacts, the state at `now`.
#[derive(Clone, Copy, Debug, Default)]
pub struct BlocksRef<'a> {
    /// `(status id, stats)`, by id.
    pub episodes: &'a [(u32, EpisodeStats)],
    /// `(status id, reason id, stats)`, by status then reason id.
    pub reason_episodes: &'a [(u32, u32, EpisodeStats)],
    /// The contacts completed in the window.
    pub contacts: ContactSums,
    /// The state at `now`; `None` without an event at `ts <= now`.
    pub open: Option<Open>,
}

impl<'a> From<&'a Blocks> for BlocksRef<'a> {
    fn from(b: &'a Blocks) -> Self {
        BlocksRef {
            episodes: &b.episodes,
            reason_episodes: &b.reason_episodes,
            contacts: b.contacts,
            open: b.open,
        }
    }
}

/// `adherencePct`: a percentage, `null` when nothing was on shift, or `"bypass"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdherencePct {
    /// The schedule is bypassed (overtime, ad-hoc coverage).
    Bypass,
    /// No on-shift sample (or ms) in the window.
    NoShift,
    /// round(100 × adherent / on-shift), half-up.
    Pct(u32),
}

/// What `on_shift` and `adherent` count (`"samples"` or `"ms"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Sample times (sampled mode).
    Samples,
    /// Milliseconds (exact mode).
    Ms,
}

/// Real-time adherence of one scheduled, non-bypassed agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdherenceState {
    /// On-shift samples (or ms) in the window.
    pub on_shift: u64,
    /// Of those, adherent ones.
    pub adherent: u64,
    /// Samples or ms.
    pub unit: Unit,
    /// Whether `now` is on shift (intervals are half-open: the end instant is off shift).
    pub on_shift_now: bool,
    /// Whether the status in effect at `now` is adherent.
    pub in_adherence_now: bool,
    /// Start of the current uninterrupted stretch that is on shift and out of adherence (exact, not
    /// clipped to `since`); `None` when on shift and adherent, or off shift.
    pub out_since: Option<u64>,
    /// `severe` (issue 15, rule 4): true when the agent is on shift at `now`, not adherent at
    /// `now`, and `now − outSince >= adherenceSevereMs` (Genesys Cloud flags an exception
    /// severe after 5 minutes, the default); else false. Like `outSince`, it ignores the grace.
    pub severe: bool,
}

/// One row of an interval report: one agent's KPIs over `[start, end)`, written as
/// `{start, end, statusMs, …}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IntervalRow {
    /// Start of the interval, epoch ms.
    pub start: u64,
    /// End of the interval (clipped to `to` and to `now`), epoch ms.
    pub end: u64,
    /// The KPIs over `[start, end]`, equal to a [`crate::AgentLog::kpis`] query of that window.
    #[serde(flatten, serialize_with = "kpi_fields")]
    pub kpis: AgentKpis,
}

/// One agent's interval report: `{user_id, intervals: [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgentIntervals {
    /// The agent's id.
    pub user_id: String,
    /// One row per interval, in time order.
    #[serde(rename = "intervals")]
    pub rows: Vec<IntervalRow>,
}

/// The fields of an [`AgentKpis`] but `user_id`: an interval row's fields after `start` and `end`
/// (its agent is named once, in [`AgentIntervals`]).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KpiFields<'a> {
    status_ms: &'a Entries<u64>,
    logged_in_ms: u64,
    occupancy_pct: u32,
    utilization_pct: u32,
    #[serde(skip_serializing_if = "Entries::is_empty")]
    reason_ms: &'a Entries<Entries<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    adherence_pct: Option<AdherencePct>,
    #[serde(skip_serializing_if = "Option::is_none")]
    adherence: Option<AdherenceState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contacts: Option<Contacts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    episodes: Option<&'a Entries<EpisodeStats>>,
    #[serde(skip_serializing_if = "Entries::is_empty")]
    reason_episodes: &'a Entries<Entries<EpisodeStats>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<Option<&'a Current>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    conformance_pct: Option<AdherencePct>,
    #[serde(skip_serializing_if = "Option::is_none")]
    conformance: Option<Conformance>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shrinkage_pct: Option<AdherencePct>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shrinkage: Option<&'a Shrinkage>,
}

/// Serializes `kpis` without its `user_id` (for `#[serde(flatten, serialize_with)]`).
pub(crate) fn kpi_fields<S: Serializer>(
    kpis: &AgentKpis,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    KpiFields {
        status_ms: &kpis.status_ms,
        logged_in_ms: kpis.logged_in_ms,
        occupancy_pct: kpis.occupancy_pct,
        utilization_pct: kpis.utilization_pct,
        reason_ms: &kpis.reason_ms,
        adherence_pct: kpis.adherence_pct,
        adherence: kpis.adherence,
        contacts: kpis.contacts,
        episodes: kpis.episodes.as_ref(),
        reason_episodes: &kpis.reason_episodes,
        current: kpis.current.as_ref().map(Option::as_ref),
        conformance_pct: kpis.conformance_pct,
        conformance: kpis.conformance,
        shrinkage_pct: kpis.shrinkage_pct,
        shrinkage: kpis.shrinkage.as_ref(),
    }
    .serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_up_at_exactly_one_half() {
        assert_eq!(percent_half_up(1, 200), 1); // 0.5 → 1
        assert_eq!(percent_half_up(1, 8), 13); // 12.5 → 13
        assert_eq!(percent_half_up(3, 8), 38); // 37.5 → 38
        assert_eq!(percent_half_up(1, 3), 33); // 33.33 → 33
        assert_eq!(percent_half_up(2, 3), 67); // 66.67 → 67
        assert_eq!(percent_half_up(1, 201), 0); // 0.497… → 0
    }

    #[test]
    fn no_overflow_at_max_safe_integer() {
        let max = crate::ids::MAX_TS;
        assert_eq!(percent_half_up(max, max), 100);
        assert_eq!(percent_half_up(max / 2, max), 50);
        assert_eq!(percent_half_up(0, max), 0);
        // Both sides of the u64/u128 switch at 2^53, and far beyond it.
        let big = 1u64 << 53;
        assert_eq!(percent_half_up(big, big), 100);
        assert_eq!(percent_half_up(big + 1, big + 1), 100);
        assert_eq!(percent_half_up(u64::MAX / 3, u64::MAX), 33);
        assert_eq!(percent_half_up(u64::MAX, u64::MAX), 100);
    }

    #[test]
    fn u64_and_u128_paths_agree() {
        // The u128 formula on its own, as the reference.
        let wide =
            |p: u64, w: u64| ((u128::from(p) * 200 + u128::from(w)) / (u128::from(w) * 2)) as u32;
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let w = (x >> 11) | 1; // up to 2^53
            let p = (x >> 3) % (w + 1);
            assert_eq!(percent_half_up(p, w), wide(p, w), "{p} / {w}");
        }
    }
}
