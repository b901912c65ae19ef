//! Building the JS result objects.
//!
//! Results (`{ agents: [...] }`, interval reports) cross as JSON text and are built by `JSON.parse`
//! (see [`agent_kpis_core::json`]): one call, and faster than building them property by property
//! from wasm (which per-property serializers such as serde-wasm-bindgen do). The small, off-hot-path
//! `stats()` object is built by serde-wasm-bindgen from [`LogStats`]'s `Serialize`.

use serde::Serialize;
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
/// compaction; the time range null for an empty log), every value a number (each is at most
/// 2^53 − 1, so exact).
pub fn stats(stats: &LogStats) -> JsResult<JsValue> {
    // JSON-compatible: `None` as `null` (not `undefined`), integers as numbers (not BigInt).
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    // The serializer's error is a JS `Error` value already: thrown as it is.
    Ok(stats.serialize(&serializer).map_err(JsValue::from)?)
}
