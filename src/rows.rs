//! A [`KpiTable`] as numbers in wasm memory (read by JS as a `Float64Array` view) plus the names the
//! JS side has not been sent yet.
//!
//! The JS layer (`npm/packer.js`) keeps every name it was sent (ids only grow: interners never
//! renumber) and builds the result objects from the numbers: on 2,000 agents that is ~0.3–0.5 ms
//! where `JSON.parse` of the same rows as text takes ~1.7 ms, and nothing is formatted.
//!
//! The layout is declared once, by the constants below; [`kpis_row_layout`] hands them to the JS
//! reader. Every value is an integer of at most 2^53 − 1, so exact as an f64. The numbers are the
//! row count, then per row:
//! - a [`head`]: the agent (its id, or [`EXTRA_NAME_BASE`] − k for the k-th of the extra names:
//!   scheduled agents without events), `loggedInMs`, `occupancyPct`, `utilizationPct`, and the
//!   number n of status entries;
//! - n [`status_entry`]s (status id, ms), in output order;
//! - the number m of reason entries, then m [`reason_entry`]s (status id, reason id, ms), by status
//!   then reason;
//! - `adherencePct` as a [`pct`] block: a tag, then the value (0 unless the tag is
//!   [`pct::NUMBER`]);
//! - `adherence`: [`adherence::ABSENT`], or [`adherence::PRESENT`] then an [`adherence`] block
//!   (booleans as 0 or 1, `outSince` [`adherence::OUT_SINCE_NULL`] for `null`).

use wasm_bindgen::prelude::*;

use crate::throw::JsResult;
use agent_kpis_core::{AdherencePct, Unit};
use agent_kpis_core::{EventStore, Interner};
use agent_kpis_core::{KpiTable, RowAgent};

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
    /// Slots in the block (after the presence tag).
    pub const LEN: usize = 6;
    /// `unit` is `"samples"`.
    pub const UNIT_SAMPLES: f64 = 0.0;
    /// `unit` is `"ms"`.
    pub const UNIT_MS: f64 = 1.0;
    /// `outSince` is `null`.
    pub const OUT_SINCE_NULL: f64 = -1.0;
}

/// Every constant of the layout under the name the JS reader uses (the module path in camel case:
/// `head::LOGGED_IN_MS` is `headLoggedInMs`).
const LAYOUT: &[(&str, f64)] = &[
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
    ("adherenceLen", adherence::LEN as f64),
    ("adherenceUnitSamples", adherence::UNIT_SAMPLES),
    ("adherenceUnitMs", adherence::UNIT_MS),
    ("adherenceOutSinceNull", adherence::OUT_SINCE_NULL),
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

/// `[memory, offset, length, newAgents, newStatuses, newReasons, extraNames]` for the JS builder:
/// the numbers are written to `out` (kept between calls) and JS reads them in place, as
/// `new Float64Array(memory.buffer, offset, length)`, before its next call into wasm (which may
/// move or grow the memory). Copying them out instead (~620 KB for 2,000 agents) cost more than
/// filling them.
pub fn encode(
    table: &KpiTable,
    store: &EventStore,
    held: HeldNameCounts,
    out: &mut Vec<f64>,
) -> JsValue {
    out.clear();
    out.push(table.len() as f64);
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
        let mut p = [0.0; pct::LEN];
        (p[pct::TAG], p[pct::VALUE]) = match row.adherence_pct {
            None => (pct::ABSENT, 0.0),
            Some(AdherencePct::Pct(value)) => (pct::NUMBER, f64::from(value)),
            Some(AdherencePct::NoShift) => (pct::NULL, 0.0),
            Some(AdherencePct::Bypass) => (pct::BYPASS, 0.0),
        };
        out.extend(p);
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
                out.push(adherence::PRESENT);
                out.extend(a);
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
    result.into()
}

/// The names of ids `held..` of `interner`, as a JS array of strings.
fn names_after(interner: &Interner, held: u32) -> js_sys::Array {
    let names = js_sys::Array::new();
    for id in held..u32::try_from(interner.len()).unwrap_or(u32::MAX) {
        names.push(&JsValue::from_str(interner.name(id)));
    }
    names
}
