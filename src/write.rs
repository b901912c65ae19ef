//! Building the JS result objects.
//!
//! Results cross as JSON text and are built by `JSON.parse` (see [`agent_kpis_core::json`]).

use wasm_bindgen::JsValue;

use crate::throw::JsResult;
use agent_kpis_core::json;
use agent_kpis_core::AgentsResponse;
use agent_kpis_core::{AgentIntervals, LogStats};

/// `{ agents: [...] }` as a plain JS object, built by `JSON.parse` from [`agent_kpis_core::json::response`].
pub fn response(response: &AgentsResponse) -> JsResult<JsValue> {
    Ok(js_sys::JSON::parse(&json::response(response))?)
}

/// `{ agents: [{ user_id, intervals: [{ start, end, statusMs, … }] }] }`.
pub fn intervals(report: &[AgentIntervals]) -> JsResult<JsValue> {
    Ok(js_sys::JSON::parse(&json::intervals(report))?)
}

/// `{ agents, events, bytes, resultBytes, horizon, firstTs, lastTs }` (`horizon` null until the first
/// compaction; the time range null for an empty log).
pub fn stats(stats: &LogStats) -> JsResult<JsValue> {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &JsValue::from_str("agents"), &ms(stats.agents as u64))?;
    js_sys::Reflect::set(&o, &JsValue::from_str("events"), &ms(stats.events as u64))?;
    js_sys::Reflect::set(&o, &JsValue::from_str("bytes"), &ms(stats.bytes as u64))?;
    js_sys::Reflect::set(
        &o,
        &JsValue::from_str("resultBytes"),
        &ms(stats.result_bytes as u64),
    )?;
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

/// A count or ms as a JS number; every value is at most 2^53 − 1, so it is exact.
fn ms(value: u64) -> JsValue {
    JsValue::from_f64(value as f64)
}
