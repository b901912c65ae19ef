//! Read options (issue 18): how a text log is read — its `format` (a native one or a platform
//! adapter's), and the `timezone` that reads its offset-less ISO-8601 timestamps — and the text
//! paths that use them: the one-shot entry points, `AgentLog`'s appends and `toAgentEvents`.
//!
//! Where each option is taken:
//! - `agentKpisFromText`, `agentKpisFromJson`, `agentKpisFromCsv`: in `options`, beside the query's
//!   options (`timezone` serves both: schedules and timestamps).
//! - `AgentLog.appendText/appendJson/appendCsv/append`: in the second argument, `readOptions`.
//! - `toAgentEvents`: in `options` (plus `output`).
//! - `agentKpis` (objects): `format` is refused ([`Problem::TextOnlyOption`]).
//! - `AgentLog.kpis`/`intervals`: refused ([`Problem::ReadOptionInQuery`]).

use wasm_bindgen::JsValue;

use jiff::tz::TimeZone;

use crate::js;
use agent_kpis_core::adapt::{Adapter, LogFormat};
use agent_kpis_core::parse::{self, Format};
use agent_kpis_core::{Batch, EventRef, EventStore};
use agent_kpis_core::{InputError, Problem};

/// The read option names beside a query's (`timezone` is a query option too).
pub const READ_KEYS: &[&str] = &["format"];

/// The names `readOptions` (an append's second argument) accepts.
pub const APPEND_KEYS: &[&str] = &["format", "timezone"];

/// The names `toAgentEvents`'s `options` accepts.
pub const TO_EVENTS_KEYS: &[&str] = &["format", "timezone"];

/// How a text log is written: one of the package's own formats, or a platform's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    /// A JSON array, NDJSON or CSV of `{ user_id, ts, status, reason }` events.
    Native(Format),
    /// A platform log read by its adapter into events.
    Adapter(LogFormat),
}

impl TextFormat {
    /// The name users give it (`options.format`).
    pub fn name(self) -> &'static str {
        match self {
            TextFormat::Native(Format::JsonArray) => "json",
            TextFormat::Native(Format::Ndjson) => "ndjson",
            TextFormat::Native(Format::Csv) => "csv",
            TextFormat::Adapter(f) => f.name(),
        }
    }

    /// The format named `name` (exactly, case-sensitive).
    pub fn from_name(name: &str) -> Option<TextFormat> {
        match name {
            "json" => Some(TextFormat::Native(Format::JsonArray)),
            "ndjson" => Some(TextFormat::Native(Format::Ndjson)),
            "csv" => Some(TextFormat::Native(Format::Csv)),
            _ => LogFormat::from_name(name).map(TextFormat::Adapter),
        }
    }
}

/// Which formats an entry point reads (a named format outside them is refused, naming the entry
/// point that reads it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// `agentKpisFromJson`, `AgentLog.appendJson`: a JSON array or NDJSON (detected), or a
    /// JSON-based platform log (`amazon-connect`, `twilio-taskrouter`, `genesys-user-details`).
    Json(&'static str),
    /// `agentKpisFromCsv`, `AgentLog.appendCsv`: CSV.
    Csv(&'static str),
    /// `agentKpisFromText`, `AgentLog.appendText`, `toAgentEvents`: every format.
    Text(&'static str),
}

/// The read options of one text read.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// `format`, when given (else a native format is detected from the content).
    pub format: Option<TextFormat>,
    /// `timezone`, when given: reads timestamps written without an offset.
    pub zone: Option<TimeZone>,
}

/// Reads `format` (absent: `None`). Not a string: a type error; an unknown name: a range error
/// listing the names.
pub fn read_format(value: &JsValue, path: &str) -> Result<Option<TextFormat>, InputError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let Some(name) = value.as_string() else {
        let got = js::describe(value);
        return Err(InputError::new(path, Problem::NotString { got }));
    };
    TextFormat::from_name(&name)
        .map(Some)
        .ok_or_else(|| InputError::new(path, Problem::UnknownFormat { name }))
}

/// Reads a zone name (absent: `None`).
pub fn read_zone(value: &JsValue, path: &str) -> Result<Option<TimeZone>, InputError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let name = value.as_string().ok_or_else(|| {
        let got = js::describe(value);
        InputError::new(path, Problem::NotZoneName { got })
    })?;
    agent_kpis_core::zoned::zone(&name, path).map(Some)
}

/// Reads `readOptions`, an append's second argument: `undefined`, `null` or an object of
/// [`APPEND_KEYS`]. Errors are at `readOptions.{key}`.
pub fn read_append_options(value: &JsValue) -> Result<ReadOptions, InputError> {
    read_options(value, "readOptions", APPEND_KEYS).map(|(o, _)| o)
}

/// Reads `toAgentEvents`'s `options` (`undefined`, `null` or an object of [`TO_EVENTS_KEYS`]).
/// Errors are at `options.{key}`.
pub fn read_to_events_options(value: &JsValue) -> Result<ReadOptions, InputError> {
    read_options(value, "options", TO_EVENTS_KEYS).map(|(o, _)| o)
}

/// Reads `value` (`undefined`, `null` or an object whose own keys are among `known`) at `path`:
/// its read options, and the object itself for the caller's other keys.
fn read_options<'v>(
    value: &'v JsValue,
    path: &str,
    known: &'static [&'static str],
) -> Result<(ReadOptions, Option<&'v JsValue>), InputError> {
    if value.is_undefined() || value.is_null() {
        return Ok((ReadOptions::default(), None));
    }
    if !value.is_object() || js::is_array(value, path)? {
        let got = js::describe(value);
        return Err(InputError::new(path, Problem::NotObject { got }));
    }
    for key in js::own_string_keys(value, path)? {
        if !known.contains(&key.as_str()) {
            return Err(InputError::new(
                format!("{path}.{key}"),
                Problem::UnknownOption { known },
            ));
        }
    }
    let at = |name: &str| format!("{path}.{name}");
    let field = |name: &str| js::get(value, &JsValue::from_str(name), &at(name));
    let opts = ReadOptions {
        format: read_format(&field("format")?, &at("format"))?,
        zone: read_zone(&field("timezone")?, &at("timezone"))?,
    };
    Ok((opts, Some(value)))
}

/// The format to read `input` in at `entry`: `named` when given (checked to be one the entry
/// point reads), else detected from the content (`[` a JSON array, `{` NDJSON, else CSV) and
/// checked as before issue 18 (`agentKpisFromJson` refuses CSV, `agentKpisFromCsv` JSON). Errors
/// are at `{options}.format` for a named format, `input` for a detected one.
pub fn resolve(
    named: Option<TextFormat>,
    input: &[u8],
    entry: Entry,
    options: &str,
) -> Result<TextFormat, InputError> {
    let Some(f) = named else {
        let detected = parse::detect(input);
        let problem = match (detected, entry) {
            (Format::Csv, Entry::Json(_)) => Problem::CsvNotAccepted,
            (f @ (Format::JsonArray | Format::Ndjson), Entry::Csv(_)) => Problem::JsonNotAccepted {
                ndjson: f == Format::Ndjson,
            },
            (f, _) => return Ok(TextFormat::Native(f)),
        };
        return Err(InputError::new("input", problem));
    };
    let refuse = |entry: &'static str, instead: &'static str| {
        let problem = Problem::FormatNotHere {
            name: f.name(),
            entry,
            instead,
        };
        Err(InputError::new(format!("{options}.format"), problem))
    };
    match (entry, f) {
        (Entry::Json(e), TextFormat::Native(Format::Csv)) => refuse(e, csv_instead(e)),
        (Entry::Json(e), TextFormat::Adapter(LogFormat::AsteriskQueueLog)) => {
            refuse(e, text_instead(e))
        }
        (Entry::Csv(e), f) if f != TextFormat::Native(Format::Csv) => refuse(e, text_instead(e)),
        _ => Ok(f),
    }
}

fn text_instead(entry: &str) -> &'static str {
    if entry.starts_with("agentKpis") {
        "agentKpisFromText"
    } else {
        "appendText"
    }
}

fn csv_instead(entry: &str) -> &'static str {
    if entry.starts_with("agentKpis") {
        "agentKpisFromCsv or agentKpisFromText"
    } else {
        "appendCsv or appendText"
    }
}

/// Reads `input` in `format` into `batch`, interning names in `store`; `adapter` is the adapter
/// state to continue (an `AgentLog`'s, across appends) when `format` is a platform's, else unused.
/// Returns the number of events. On an error `adapter` is as before (the adapter's read is all or
/// nothing) but `store` and `batch` may hold part of the input: read into a staging store.
pub fn read_into(
    input: &[u8],
    format: TextFormat,
    opts: &ReadOptions,
    adapter: Option<&mut Adapter>,
    store: &mut EventStore,
    batch: &mut Batch,
) -> Result<usize, InputError> {
    match format {
        TextFormat::Native(f) => parse::parse_into(input, f, store, batch),
        TextFormat::Adapter(f) => {
            let mut fresh;
            let adapter = match adapter {
                Some(a) => a,
                None => {
                    fresh = Adapter::new(f);
                    &mut fresh
                }
            };
            let before = batch.len();
            adapter.read(input, opts.zone.as_ref(), |e| batch.push(store, e))?;
            Ok(batch.len().saturating_sub(before))
        }
    }
}

/// Reads `input` in `format`, handing each event to `sink` (native formats: in input order; a
/// platform's: in the order its adapter derives them, time order per agent).
pub fn read_events(
    input: &[u8],
    format: TextFormat,
    opts: &ReadOptions,
    mut sink: impl FnMut(EventRef<'_>) -> Result<(), InputError>,
) -> Result<usize, InputError> {
    match format {
        TextFormat::Native(f) => parse::parse(input, f, sink),
        TextFormat::Adapter(f) => {
            let mut n = 0;
            Adapter::new(f).read(input, opts.zone.as_ref(), |e| {
                n += 1;
                sink(e)
            })?;
            Ok(n)
        }
    }
}
