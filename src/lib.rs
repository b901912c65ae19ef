//! agent-kpis in WebAssembly: the wasm-bindgen binding of [`agent_kpis_core`]. It reads JS values,
//! calls the core, builds JS results.
//!
//! Nothing here computes a KPI. Every JS value is checked before use, every error becomes a JS
//! `TypeError` or `RangeError` whose message names the field (`events[17].ts: …`), and no code path
//! panics on user data: a panic in wasm is a trap that would leave the instance unusable.
//! Reading a user object (which may be a `Proxy` or have throwing getters) always goes through a
//! `catch` import, so a throwing getter becomes an error naming the field, never an unwinding
//! exception through Rust frames.
//!
//! Modules: the exports are in [`engine`] (the `AgentLog` class), [`packed`] (columns from the JS
//! packer), [`text`] (JSON, NDJSON and CSV parsed in wasm), [`heap`] and this file (`agentKpis`);
//! arguments are read by [`events`], [`options`], [`schedules`], which read single values with
//! [`value`] and JS built-ins with [`js`]; results are built by [`write`] and [`rows`]; [`oneshot`]
//! is the one-shot calls' shared tail, [`throw`] the exception they throw, [`types`] the TypeScript
//! interfaces of the arguments and results.

mod engine;
mod events;
mod heap;
mod js;
mod oneshot;
mod options;
mod packed;
mod read;
mod rows;
mod schedules;
mod text;
mod throw;
mod types;
mod value;
mod write;
mod zoned;

use wasm_bindgen::prelude::*;

use options::ReadKeys;

pub use text::{agent_kpis_from_text, to_agent_events};
pub use throw::{JsResult, JsThrow};

/// Folds an agent-state event log over the window `[since, now]`.
///
/// @throws TypeError or RangeError naming the bad field, e.g. `events[17].ts: …`.
#[wasm_bindgen(js_name = agentKpis, unchecked_return_type = "AgentsResponse")]
pub fn agent_kpis(
    #[wasm_bindgen(
        unchecked_param_type = "readonly AgentEvent[]",
        param_description = "the events, in any order; never modified."
    )]
    events: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "number",
        param_description = "start of the window, epoch ms."
    )]
    since: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "ObjectKpisOptions | null",
        param_description = "`now` (end of the window, default `Date.now()`), schedules and adherence settings, `statusMap`."
    )]
    options: JsValue,
) -> JsResult<JsValue> {
    let (opts, reading) = options::read_query_in(&since, &options, ReadKeys::Objects)?;
    oneshot::kpis_of_new_log(opts, |log| {
        events::read(&events, |e| log.push(reading.map(e)))
    })
}
