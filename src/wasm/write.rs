//! Building the JS result objects.
//!
//! Objects keyed by user data (`statusMs`, `reasonMs`) are made with `Object.fromEntries`, which
//! defines own properties, so a status named `__proto__` is an ordinary key, not a prototype change.

use wasm_bindgen::JsValue;

use crate::adherence::{AdherencePct, AdherenceState, Unit};
use crate::kpi::{AgentKpis, AgentsResponse, Entries};
use crate::log::{AgentIntervals, LogStats};
use crate::wasm::JsResult;

/// `{ agents: [...] }` as a plain JS object.
pub fn response(response: &AgentsResponse) -> JsResult<JsValue> {
    let keys = RowKeys::new();
    let agents = js_sys::Array::new_with_length(0);
    for agent in &response.agents {
        agents.push(&row(agent, &keys)?);
    }
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &JsValue::from_str("agents"), &agents)?;
    Ok(out.into())
}

struct RowKeys {
    user_id: JsValue,
    status_ms: JsValue,
    logged_in_ms: JsValue,
    occupancy_pct: JsValue,
    utilization_pct: JsValue,
    reason_ms: JsValue,
}

impl RowKeys {
    fn new() -> Self {
        RowKeys {
            user_id: JsValue::from_str("user_id"),
            status_ms: JsValue::from_str("statusMs"),
            logged_in_ms: JsValue::from_str("loggedInMs"),
            occupancy_pct: JsValue::from_str("occupancyPct"),
            utilization_pct: JsValue::from_str("utilizationPct"),
            reason_ms: JsValue::from_str("reasonMs"),
        }
    }
}

fn row(agent: &AgentKpis, keys: &RowKeys) -> JsResult<JsValue> {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &keys.user_id, &JsValue::from_str(&agent.user_id))?;
    fill_kpis(&o, agent, keys)?;
    Ok(o.into())
}

/// Sets the KPI fields (everything but `user_id`) of `agent` on `o`.
fn fill_kpis(o: &js_sys::Object, agent: &AgentKpis, keys: &RowKeys) -> JsResult<()> {
    js_sys::Reflect::set(o, &keys.status_ms, &ms_object(&agent.status_ms)?)?;
    js_sys::Reflect::set(o, &keys.logged_in_ms, &ms(agent.logged_in_ms))?;
    js_sys::Reflect::set(o, &keys.occupancy_pct, &JsValue::from(agent.occupancy_pct))?;
    js_sys::Reflect::set(
        o,
        &keys.utilization_pct,
        &JsValue::from(agent.utilization_pct),
    )?;
    if !agent.reason_ms.is_empty() {
        let pairs = js_sys::Array::new();
        for (status, reasons) in &agent.reason_ms.0 {
            pairs.push(&pair(status, &ms_object(reasons)?));
        }
        let reason_ms: JsValue = js_sys::Object::from_entries(&pairs)?.into();
        js_sys::Reflect::set(o, &keys.reason_ms, &reason_ms)?;
    }
    if let Some(pct) = agent.adherence_pct {
        let value = match pct {
            AdherencePct::Bypass => JsValue::from_str("bypass"),
            AdherencePct::NoShift => JsValue::NULL,
            AdherencePct::Pct(p) => JsValue::from(p),
        };
        js_sys::Reflect::set(o, &JsValue::from_str("adherencePct"), &value)?;
    }
    if let Some(state) = &agent.adherence {
        js_sys::Reflect::set(o, &JsValue::from_str("adherence"), &adherence(state)?)?;
    }
    Ok(())
}

/// `{ onShift, adherent, unit, onShiftNow, inAdherenceNow, outSince }`.
fn adherence(state: &AdherenceState) -> JsResult<JsValue> {
    let a = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&a, &JsValue::from_str(k), v);
    set("onShift", &ms(state.on_shift))?;
    set("adherent", &ms(state.adherent))?;
    let unit = match state.unit {
        Unit::Samples => "samples",
        Unit::Ms => "ms",
    };
    set("unit", &JsValue::from_str(unit))?;
    set("onShiftNow", &JsValue::from_bool(state.on_shift_now))?;
    set(
        "inAdherenceNow",
        &JsValue::from_bool(state.in_adherence_now),
    )?;
    set("outSince", &state.out_since.map_or(JsValue::NULL, ms))?;
    Ok(a.into())
}

/// `{ agents: [{ user_id, intervals: [{ start, end, statusMs, … }] }] }`.
pub fn intervals(report: &[AgentIntervals]) -> JsResult<JsValue> {
    let keys = RowKeys::new();
    let start = JsValue::from_str("start");
    let end = JsValue::from_str("end");
    let intervals = JsValue::from_str("intervals");
    let agents = js_sys::Array::new();
    for agent in report {
        let rows = js_sys::Array::new();
        for r in &agent.rows {
            let o = js_sys::Object::new();
            js_sys::Reflect::set(&o, &start, &ms(r.start))?;
            js_sys::Reflect::set(&o, &end, &ms(r.end))?;
            fill_kpis(&o, &r.kpis, &keys)?;
            rows.push(&o);
        }
        let a = js_sys::Object::new();
        js_sys::Reflect::set(&a, &keys.user_id, &JsValue::from_str(&agent.user_id))?;
        js_sys::Reflect::set(&a, &intervals, &rows)?;
        agents.push(&a);
    }
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &JsValue::from_str("agents"), &agents)?;
    Ok(out.into())
}

/// `{ agents, events, bytes, horizon, firstTs, lastTs }` (`horizon` null until the first
/// compaction; the time range null for an empty log).
pub fn stats(stats: &LogStats) -> JsResult<JsValue> {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &JsValue::from_str("agents"), &ms(stats.agents as u64))?;
    js_sys::Reflect::set(&o, &JsValue::from_str("events"), &ms(stats.events as u64))?;
    js_sys::Reflect::set(&o, &JsValue::from_str("bytes"), &ms(stats.bytes as u64))?;
    let horizon = stats.horizon.map_or(JsValue::NULL, ms);
    js_sys::Reflect::set(&o, &JsValue::from_str("horizon"), &horizon)?;
    js_sys::Reflect::set(
        &o,
        &JsValue::from_str("firstTs"),
        &stats.first_ts.map_or(JsValue::NULL, ms),
    )?;
    js_sys::Reflect::set(
        &o,
        &JsValue::from_str("lastTs"),
        &stats.last_ts.map_or(JsValue::NULL, ms),
    )?;
    Ok(o.into())
}

/// Milliseconds (or a count) as a JS number; every value is at most 2^53 − 1, so it is exact.
fn ms(value: u64) -> JsValue {
    JsValue::from_f64(value as f64)
}

fn ms_object(entries: &Entries<u64>) -> JsResult<JsValue> {
    let pairs = js_sys::Array::new();
    for (key, value) in &entries.0 {
        pairs.push(&pair(key, &ms(*value)));
    }
    Ok(js_sys::Object::from_entries(&pairs)?.into())
}

fn pair(key: &str, value: &JsValue) -> JsValue {
    js_sys::Array::of2(&JsValue::from_str(key), value).into()
}
