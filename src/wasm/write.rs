//! Building the JS result objects.
//!
//! Objects keyed by user data (`statusMs`, `reasonMs`) are made with `Object.fromEntries`, which
//! defines own properties, so a status named `__proto__` is an ordinary key, not a prototype change.

use wasm_bindgen::JsValue;

use crate::kpi::{AgentKpis, AgentsResponse, Entries};
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
    js_sys::Reflect::set(&o, &keys.status_ms, &ms_object(&agent.status_ms)?)?;
    js_sys::Reflect::set(&o, &keys.logged_in_ms, &ms(agent.logged_in_ms))?;
    js_sys::Reflect::set(&o, &keys.occupancy_pct, &JsValue::from(agent.occupancy_pct))?;
    js_sys::Reflect::set(
        &o,
        &keys.utilization_pct,
        &JsValue::from(agent.utilization_pct),
    )?;
    if !agent.reason_ms.is_empty() {
        let pairs = js_sys::Array::new();
        for (status, reasons) in &agent.reason_ms.0 {
            pairs.push(&pair(status, &ms_object(reasons)?));
        }
        js_sys::Reflect::set(
            &o,
            &keys.reason_ms,
            &js_sys::Object::from_entries(&pairs)?.into(),
        )?;
    }
    Ok(o.into())
}

/// Milliseconds as a JS number; every value is at most 2^53 − 1, so it is exact.
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
