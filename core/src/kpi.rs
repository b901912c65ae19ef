//! KPI math and the result objects, in the shape of the platform's `GET /v1/agents` (as JSON:
//! [`crate::json`]).
//!
//! All arithmetic is on integer milliseconds; percentages are rounded half-up exactly (what
//! `Math.round` does for non-negative numbers) without ever going through floating point.

use serde::{Serialize, Serializer};

use crate::ids::{INCALL, OFFLINE, READY, WRAPUP};
use crate::store::EventStore;
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
}

/// The whole result: `{ agents: [...] }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AgentsResponse {
    /// One entry per reported agent, in order of first appearance.
    pub agents: Vec<AgentKpis>,
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
        }
    }

    /// Records a scheduled agent's adherence (as [`crate::adherence::adherence`] returns it).
    pub fn set_adherence(&mut self, (pct, state): (AdherencePct, Option<AdherenceState>)) {
        self.adherence_pct = Some(pct);
        self.adherence = state;
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
