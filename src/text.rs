//! The text input path: `agentKpisFromJson`, `agentKpisFromCsv` and `AgentLog.appendJson/appendCsv`
//! parse a string or `Uint8Array` inside wasm, without creating JS objects.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::throw::JsResult;
use crate::{heap, js, oneshot, options};
use agent_kpis_core::parse::{self, Format};
use agent_kpis_core::Batch;
use agent_kpis_core::{InputError, Problem};

/// Which text formats an entry point accepts.
#[derive(Clone, Copy)]
pub enum Accept {
    /// A JSON array or NDJSON.
    Json,
    /// CSV with a header.
    Csv,
}

/// The bytes of `input`: a string (as UTF-8) or a `Uint8Array`.
pub fn bytes(input: &JsValue) -> Result<Vec<u8>, InputError> {
    if let Some(s) = input.as_string() {
        return Ok(s.into_bytes());
    }
    if let Some(a) = input.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(a.to_vec());
    }
    let got = js::describe(input);
    Err(InputError::new("input", Problem::NotText { got }))
}

/// Detects the format of `b` and checks it is one `accept` takes.
pub fn format(b: &[u8], accept: Accept) -> Result<Format, InputError> {
    let problem = match (parse::detect(b), accept) {
        (Format::Csv, Accept::Json) => Problem::CsvNotAccepted,
        (f @ (Format::JsonArray | Format::Ndjson), Accept::Csv) => Problem::JsonNotAccepted {
            ndjson: f == Format::Ndjson,
        },
        (f, _) => return Ok(f),
    };
    Err(InputError::new("input", problem))
}

fn from_text(
    input: &JsValue,
    since: &JsValue,
    options: &JsValue,
    accept: Accept,
) -> JsResult<JsValue> {
    let opts = options::read_query(since, options)?;
    let b = bytes(input)?;
    let f = format(&b, accept)?;
    oneshot::kpis_of_new_batch(opts, |store, batch| {
        heap::reserve_heap(b.len() / 4 * 3);
        *batch = Batch::with_capacity(b.len() / 64);
        parse::parse_into(&b, f, store, batch).map(drop)
    })
}

/// {@link agentKpis} on a text log parsed inside wasm (no JS objects are created): a JSON array of
/// events or NDJSON (one event object per line), as a string or UTF-8 bytes. Same results as
/// `agentKpis(JSON.parse(input), …)`. Errors name the position: `events[17].ts: …` in an array,
/// `line 812: ts: …` in NDJSON.
#[wasm_bindgen(js_name = agentKpisFromJson, unchecked_return_type = "AgentsResponse")]
pub fn agent_kpis_from_json(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] since: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AgentKpisOptions | null")] options: JsValue,
) -> JsResult<JsValue> {
    from_text(&input, &since, &options, Accept::Json)
}

/// {@link agentKpis} on a CSV log parsed inside wasm: a header naming `user_id`, `ts`, `status` and
/// optionally `reason` (any order; other columns ignored), RFC 4180 quoting. `user_id` is kept as
/// written (`007`); an empty `reason` is no reason. Errors: `line 812: ts: …`.
#[wasm_bindgen(js_name = agentKpisFromCsv, unchecked_return_type = "AgentsResponse")]
pub fn agent_kpis_from_csv(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] since: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AgentKpisOptions | null")] options: JsValue,
) -> JsResult<JsValue> {
    from_text(&input, &since, &options, Accept::Csv)
}
