//! The text input path: `agentKpisFromJson`, `agentKpisFromCsv`, `agentKpisFromText` and
//! `AgentLog.appendJson/appendCsv/appendText` parse a string or `Uint8Array` inside wasm, without
//! creating JS objects; `toAgentEvents` returns the events a text log reads into.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::options::ReadKeys;
use crate::read::{self, Entry};
use crate::throw::JsResult;
use crate::{heap, js, oneshot, options};
use agent_kpis_core::json::Ndjson;
use agent_kpis_core::{Batch, EventRef};
use agent_kpis_core::{InputError, Problem};

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

fn from_text(
    input: &JsValue,
    since: &JsValue,
    options: &JsValue,
    entry: Entry,
) -> JsResult<JsValue> {
    let (opts, reading) = options::read_query_in(since, options, ReadKeys::Text)?;
    let b = bytes(input)?;
    let format = read::resolve(&reading, &b, entry, "options")?;
    oneshot::kpis_of_new_batch(opts, |store, batch| {
        heap::reserve_heap(b.len() / 4 * 3);
        *batch = Batch::with_capacity(b.len() / 64);
        read::read_into(&b, format, &reading, None, store, batch).map(drop)
    })
}

/// {@link agentKpis} on a text log parsed inside wasm (no JS objects are created): a JSON array of
/// events or NDJSON (one event object per line), as a string or UTF-8 bytes. Same results as
/// `agentKpis(JSON.parse(input), …)`. Errors name the position: `events[17].ts: …` in an array,
/// `line 812: ts: …` in NDJSON. `options.format` may name the format (`"json"`, `"ndjson"`) or a
/// JSON-based platform log (`amazon-connect`, `twilio-taskrouter`, `genesys-user-details`).
#[wasm_bindgen(js_name = agentKpisFromJson, unchecked_return_type = "AgentsResponse")]
pub fn agent_kpis_from_json(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] since: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "JsonKpisOptions | null")] options: JsValue,
) -> JsResult<JsValue> {
    from_text(&input, &since, &options, Entry::Json("agentKpisFromJson"))
}

/// {@link agentKpis} on a CSV log parsed inside wasm: a header naming `user_id`, `ts`, `status` and
/// optionally `reason` (any order; other columns ignored), RFC 4180 quoting. `user_id` is kept as
/// written (`007`); an empty `reason` is no reason. Errors: `line 812: ts: …`. `options.format`,
/// if given, is `"csv"`.
#[wasm_bindgen(js_name = agentKpisFromCsv, unchecked_return_type = "AgentsResponse")]
pub fn agent_kpis_from_csv(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] since: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsvKpisOptions | null")] options: JsValue,
) -> JsResult<JsValue> {
    from_text(&input, &since, &options, Entry::Csv("agentKpisFromCsv"))
}

/// {@link agentKpis} on a text log in any format, parsed inside wasm: the package's own formats
/// (a JSON array, NDJSON or CSV, detected from the content when `options.format` is not given)
/// or a platform's log read by its adapter (`options.format` names it: `asterisk-queue-log`,
/// `amazon-connect`, `twilio-taskrouter`, `genesys-user-details`). Same results as
/// `agentKpis(toAgentEvents(input, options), since, options)`. Errors name the line or record
/// (`line 812: …`, `records[3].…`); an unknown `options.format` is a RangeError listing the names.
#[wasm_bindgen(js_name = agentKpisFromText, unchecked_return_type = "AgentsResponse")]
pub fn agent_kpis_from_text(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "the log, as text or UTF-8 bytes."
    )]
    input: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "number",
        param_description = "start of the window, epoch ms."
    )]
    since: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "TextKpisOptions | null",
        param_description = "the query's options and the read options (`format`; `timezone` also reads timestamps without an offset)."
    )]
    options: JsValue,
) -> JsResult<JsValue> {
    from_text(&input, &since, &options, Entry::Text("agentKpisFromText"))
}

/// The ordinary events a text log reads into, for export or inspection: `{ user_id, ts, status,
/// reason? }` objects (`user_id` a string as written, `reason` left out when there is none), in
/// input order for the package's own formats and in derived order for a platform's (time order
/// per agent). `agentKpis(toAgentEvents(input, options), since)` equals
/// `agentKpisFromText(input, since, options)`. For a big export, {@link toAgentEventsNdjson}
/// gives the same events as text without a JS object per event.
#[wasm_bindgen(js_name = toAgentEvents, unchecked_return_type = "ReadEvent[]")]
pub fn to_agent_events(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "the log, as text or UTF-8 bytes."
    )]
    input: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "ReadOptions | null",
        param_description = "how to read it: `format` (detected for the package's own formats), `timezone`."
    )]
    options: JsValue,
) -> JsResult<JsValue> {
    // Written as JSON text and parsed by the engine's JSON.parse: a tenth of the time of setting
    // four properties per object across the boundary (1M events: ~0.5 s instead of ~5.6 s).
    let ndjson = ndjson_of(&input, &options, "toAgentEvents")?;
    let mut array = String::with_capacity(ndjson.len() + 2);
    array.push('[');
    // Each line is one JSON object (serde_json escapes line breaks inside strings).
    array.push_str(&ndjson.trim_end_matches('\n').replace('\n', ","));
    array.push(']');
    Ok(js_sys::JSON::parse(&array)?)
}

/// {@link toAgentEvents} as NDJSON text: one `{"user_id":…,"ts":…,"status":…,"reason":…}` line
/// per event (`reason` left out when there is none), each line ending in `\n`; what
/// `agentKpisFromJson` and the CLI read back. No JS object is made per event, so it suits big
/// exports.
#[wasm_bindgen(js_name = toAgentEventsNdjson)]
pub fn to_agent_events_ndjson(
    #[wasm_bindgen(
        unchecked_param_type = "string | Uint8Array",
        param_description = "the log, as text or UTF-8 bytes."
    )]
    input: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "ReadOptions | null",
        param_description = "how to read it, as for `toAgentEvents`."
    )]
    options: JsValue,
) -> JsResult<String> {
    ndjson_of(&input, &options, "toAgentEventsNdjson")
}

/// The NDJSON of the events `input` reads into with `options` (`toAgentEvents`'s).
fn ndjson_of(input: &JsValue, options: &JsValue, entry: &'static str) -> JsResult<String> {
    let mut out = Ndjson::with_capacity(0);
    each_event(input, options, entry, |e| {
        out.push(
            e.user_id,
            e.ts,
            e.status,
            e.reason.filter(|r| !r.is_empty()),
        );
        Ok(())
    })?;
    Ok(out.finish())
}

/// Reads `input` with `options` (`toAgentEvents`'s), handing each event to `sink`.
fn each_event(
    input: &JsValue,
    options: &JsValue,
    entry: &'static str,
    sink: impl FnMut(EventRef<'_>) -> Result<(), InputError>,
) -> JsResult<()> {
    let reading = read::read_to_events_options(options)?;
    let b = bytes(input)?;
    let format = read::resolve(&reading, &b, Entry::Text(entry), "options")?;
    read::read_events(&b, format, &reading, sink)?;
    Ok(())
}
