//! The live engine's JS class, `AgentLog`: a core [`crate::log::AgentLog`] kept across calls.

use wasm_bindgen::prelude::*;

use crate::log::AgentLog;
use crate::store::EventRef;
use crate::wasm::{read, to_js_error, write, JsResult};

/// `new AgentLog()`: an append-only log for live dashboards. Declared for TypeScript in
/// [`crate::wasm::types`].
#[wasm_bindgen(js_name = AgentLog, skip_typescript)]
#[derive(Default)]
pub struct AgentLogHandle {
    log: AgentLog,
}

/// An event read from JS and validated, held until the whole batch is known to be good.
struct Staged {
    user_id: String,
    ts: u64,
    status: String,
    reason: Option<String>,
}

#[wasm_bindgen(js_class = AgentLog)]
impl AgentLogHandle {
    /// An empty log.
    #[wasm_bindgen(constructor)]
    pub fn new() -> AgentLogHandle {
        AgentLogHandle::default()
    }

    /// Appends a batch of events (any order). All or nothing: on a bad event nothing is appended.
    /// Returns the number of events appended.
    pub fn append(&mut self, events: JsValue) -> JsResult<u32> {
        let mut staged: Vec<Staged> = Vec::new();
        let store = self.log.store();
        read::events(&events, |e| {
            store.check(&e)?;
            staged.push(Staged {
                user_id: e.user_id.to_string(),
                ts: e.ts,
                status: e.status.to_string(),
                reason: e.reason.map(str::to_string),
            });
            Ok(())
        })
        .map_err(|e| to_js_error(&e))?;
        for (i, e) in staged.iter().enumerate() {
            self.log
                .push(EventRef {
                    user_id: &e.user_id,
                    ts: e.ts,
                    status: &e.status,
                    reason: e.reason.as_deref(),
                })
                .map_err(|err| to_js_error(&err.within(&format!("events[{i}]"))))?;
        }
        Ok(u32::try_from(staged.len()).unwrap_or(u32::MAX))
    }

    /// KPIs over `[since, now]`; equals `agentKpis(all appended events, since, { now })`.
    pub fn kpis(&mut self, since: JsValue, options: JsValue) -> JsResult<JsValue> {
        let query = read::query(&since, &options).map_err(|e| to_js_error(&e))?;
        let response = self.log.kpis(query.window).map_err(|e| to_js_error(&e))?;
        write::response(&response)
    }

    /// Interval report: per agent, one row per `[from + k·step, from + (k+1)·step)` clipped to
    /// `to` and `now`.
    pub fn intervals(
        &mut self,
        from: JsValue,
        to: JsValue,
        step_ms: JsValue,
        options: JsValue,
    ) -> JsResult<JsValue> {
        let from = read::epoch_ms(&from, "from").map_err(|e| to_js_error(&e))?;
        let to = read::epoch_ms(&to, "to").map_err(|e| to_js_error(&e))?;
        let step = read::positive_ms(&step_ms, "stepMs").map_err(|e| to_js_error(&e))?;
        let query =
            read::query(&JsValue::from_f64(from as f64), &options).map_err(|e| to_js_error(&e))?;
        let rows = self
            .log
            .intervals(from, to, step, query.window.now())
            .map_err(|e| to_js_error(&e))?;
        write::intervals(&rows)
    }

    /// Drops events no window starting at or after `before` needs; returns them as NDJSON.
    pub fn compact(&mut self, before: JsValue) -> JsResult<String> {
        let before = read::epoch_ms(&before, "before").map_err(|e| to_js_error(&e))?;
        self.log.compact(before).map_err(|e| to_js_error(&e))
    }

    /// `{ agents, events, bytes, horizon }`.
    pub fn stats(&self) -> JsResult<JsValue> {
        write::stats(&self.log.stats())
    }
}
