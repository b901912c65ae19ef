//! Read options (issue 18): how a text log is read — its `format` (a native one or a platform
//! adapter's), `statusMap` (raw statuses to canonical ones), `tsUnit` (`"ms"` or `"s"`), `columns`
//! (CSV header names) and the `timezone` that reads offset-less ISO-8601 timestamps — and the text
//! paths that use them: the one-shot entry points, `AgentLog`'s appends and `toAgentEvents`.
//!
//! Where each option is taken:
//! - `agentKpisFromText`, `agentKpisFromJson`, `agentKpisFromCsv`: in `options`, beside the query's
//!   options (`timezone` serves both: schedules and timestamps).
//! - `AgentLog.appendText/appendJson/appendCsv/append`: in the second argument, `readOptions`.
//! - `toAgentEvents` and `toAgentEventsNdjson`: in `options`.
//! - `agentKpis` and `AgentLog.append` (objects): `statusMap` only; `format`, `tsUnit`, `columns`
//!   (and an append's `timezone`) are refused ([`Problem::TextOnlyOption`]).
//! - `tsUnit` and `columns` read the package's own formats (`columns` CSV only); with a platform's
//!   format they are refused ([`Problem::NotForFormat`]): its adapter knows its timestamps and
//!   fields. `statusMap` applies to the events of every format, a platform's too (after its
//!   adapter derives them).
//! - `AgentLog.kpis`/`intervals`: refused ([`Problem::ReadOptionInQuery`]).

use wasm_bindgen::{JsCast, JsValue};

use jiff::tz::TimeZone;

use crate::js;
use agent_kpis_core::adapt::{Adapter, LogFormat};
use agent_kpis_core::parse::{self, Columns, Format, TsUnit};
use agent_kpis_core::{quote_excerpt, InputError, Problem, StatusMap};
use agent_kpis_core::{Batch, EventRef, EventStore};

/// The read option names beside a query's (`timezone` is a query option too).
pub const READ_KEYS: &[&str] = &["format", "statusMap", "tsUnit", "columns"];

/// The names `readOptions` (an append's second argument) and `toAgentEvents`'s `options` accept.
pub const APPEND_KEYS: &[&str] = &["format", "timezone", "statusMap", "tsUnit", "columns"];

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
    /// The core's: `timezone` (reads timestamps written without an offset), `tsUnit`, `columns`,
    /// `statusMap`.
    pub core: parse::ReadOptions,
}

impl ReadOptions {
    /// Whether a text-only option (`format`, `timezone`, `tsUnit`, `columns`) is set, and which
    /// (the first in that order).
    pub fn text_only(&self) -> Option<&'static str> {
        let core = &self.core;
        [
            ("format", self.format.is_some()),
            ("timezone", core.zone.is_some()),
            ("tsUnit", core.ts_unit != TsUnit::Ms),
            ("columns", core.columns.is_some()),
        ]
        .into_iter()
        .find_map(|(k, set)| set.then_some(k))
    }

    /// `event` through the status map, if any.
    pub fn map<'a>(&'a self, event: EventRef<'a>) -> EventRef<'a> {
        match &self.core.status_map {
            Some(m) => m.map(event),
            None => event,
        }
    }

    /// Checks that `tsUnit` and `columns` apply to `format` (errors at `{options}.tsUnit`,
    /// `{options}.columns`): `columns` to CSV only, `tsUnit` to the package's own formats.
    pub fn check_for(&self, format: TextFormat, options: &str) -> Result<(), InputError> {
        let not_for = |key: &str| {
            let problem = Problem::NotForFormat {
                format: format.name(),
            };
            Err(InputError::new(format!("{options}.{key}"), problem))
        };
        if self.core.ts_unit != TsUnit::Ms && matches!(format, TextFormat::Adapter(_)) {
            return not_for("tsUnit");
        }
        if self.core.columns.is_some() && format != TextFormat::Native(Format::Csv) {
            return not_for("columns");
        }
        Ok(())
    }
}

/// Reads `tsUnit` (absent: ms): `"ms"` or `"s"`. Not a string: a type error; another name: a
/// range error.
pub fn read_ts_unit(value: &JsValue, path: &str) -> Result<TsUnit, InputError> {
    if value.is_undefined() || value.is_null() {
        return Ok(TsUnit::Ms);
    }
    let Some(name) = value.as_string() else {
        let got = js::describe(value);
        return Err(InputError::new(path, Problem::NotString { got }));
    };
    TsUnit::from_name(&name).ok_or_else(|| {
        let got = quote_excerpt(&name);
        InputError::new(path, Problem::UnknownTsUnit { got })
    })
}

/// Reads `columns` (absent: `None`): an object `{ user_id?, ts?, status?, reason? }` of CSV header
/// names, or the CLI's text form `"user_id=AGENT,ts=TIMESTAMP,reason=\"REASON CODE\""`
/// ([`Columns::parse_spec`]). Errors name the field: `options.columns.ts: …`.
pub fn read_columns(value: &JsValue, path: &str) -> Result<Option<Columns>, InputError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if let Some(spec) = value.as_string() {
        return Columns::parse_spec(&spec, path).map(Some);
    }
    if !value.is_object() || js::is_array(value, path)? {
        let got = js::describe(value);
        return Err(InputError::new(path, Problem::NotColumnsObject { got }));
    }
    let mut pairs = Vec::new();
    for key in js::own_string_keys(value, path)? {
        let at = format!("{path}.{key}");
        let name = js::get(value, &JsValue::from_str(&key), &at)?;
        let name = name.as_string().ok_or_else(|| {
            let got = js::describe(&name);
            InputError::new(at.as_str(), Problem::NotString { got })
        })?;
        pairs.push((key, name));
    }
    Columns::from_pairs(pairs.iter().map(|(k, n)| (k.as_str(), n.as_str())), path).map(Some)
}

/// Reads `statusMap` (absent: `None`): an object whose own keys are raw statuses and whose values
/// are a canonical status (`"ready"`) or `{ status, reason? }` (`reason` a string replaces the
/// event's, `null` or `""` drops it, absent keeps it), as [`StatusMap::from_json`] reads the CLI's file.
/// Errors name the entry: `options.statusMap["Lunch"].status: …`.
pub fn read_status_map(value: &JsValue, path: &str) -> Result<Option<StatusMap>, InputError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    // A Map's entries are no properties: read as an object it would map nothing.
    let collection = value.is_instance_of::<js_sys::Map>() || value.is_instance_of::<js_sys::Set>();
    if !value.is_object() || collection || js::is_array(value, path)? {
        let got = js::describe(value);
        return Err(InputError::new(path, Problem::NotStatusMapObject { got }));
    }
    let (status_key, reason_key) = (JsValue::from_str("status"), JsValue::from_str("reason"));
    let mut map = StatusMap::new();
    for raw in js::own_string_keys(value, path)? {
        let at = format!("{path}[{}]", quote_excerpt(&raw));
        let target = js::get(value, &JsValue::from_str(&raw), &at)?;
        if let Some(status) = target.as_string() {
            map.insert(&raw, &status, None, &at)?;
            continue;
        }
        if !target.is_object() || js::is_array(&target, &at)? {
            let got = js::describe(&target);
            return Err(InputError::new(at, Problem::NotStatusRule { got }));
        }
        if let Some(name) = js::own_string_keys(&target, &at)?
            .into_iter()
            .find(|k| k != "status" && k != "reason")
        {
            return Err(InputError::new(at, Problem::UnknownStatusRuleKey { name }));
        }
        let status_at = format!("{at}.status");
        let status = js::get(&target, &status_key, &status_at)?;
        let status = status.as_string().ok_or_else(|| {
            let got = js::describe(&status);
            InputError::new(status_at.as_str(), Problem::NotString { got })
        })?;
        let reason_at = format!("{at}.reason");
        let reason = js::get(&target, &reason_key, &reason_at)?;
        let reason = if reason.is_undefined() {
            None
        } else if reason.is_null() {
            Some(None)
        } else {
            let r = reason.as_string().ok_or_else(|| {
                let got = js::describe(&reason);
                InputError::new(reason_at.as_str(), Problem::NotOptionalString { got })
            })?;
            // `""` is no reason, as an event's empty reason is.
            if !r.is_empty() {
                agent_kpis_core::input::check_name(&r, &reason_at)?;
            }
            Some(Some(r))
        };
        map.insert(
            &raw,
            &status,
            reason.as_ref().map(|r| r.as_deref()),
            &status_at,
        )?;
    }
    Ok(Some(map))
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

/// Reads `toAgentEvents`'s `options` (`undefined`, `null` or an object of [`APPEND_KEYS`]).
/// Errors are at `options.{key}`.
pub fn read_to_events_options(value: &JsValue) -> Result<ReadOptions, InputError> {
    read_options(value, "options", APPEND_KEYS).map(|(o, _)| o)
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
        core: parse::ReadOptions {
            zone: read_zone(&field("timezone")?, &at("timezone"))?,
            status_map: read_status_map(&field("statusMap")?, &at("statusMap"))?,
            ts_unit: read_ts_unit(&field("tsUnit")?, &at("tsUnit"))?,
            columns: read_columns(&field("columns")?, &at("columns"))?,
        },
    };
    Ok((opts, Some(value)))
}

/// The format to read `input` in at `entry`, with `opts` checked to apply to it: `opts.format`
/// when given (checked to be one the entry point reads), else detected from the content (`[` a
/// JSON array, `{` NDJSON, else CSV) and checked as before issue 18 (`agentKpisFromJson` refuses
/// CSV, `agentKpisFromCsv` JSON). Errors are at `{options}.format` for a named format, `input` for
/// a detected one, `{options}.tsUnit`/`.columns` for an option that does not apply.
pub fn resolve(
    opts: &ReadOptions,
    input: &[u8],
    entry: Entry,
    options: &str,
) -> Result<TextFormat, InputError> {
    let format = resolve_format(opts.format, input, entry, options)?;
    opts.check_for(format, options)?;
    Ok(format)
}

fn resolve_format(
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
        TextFormat::Native(f) => parse::parse_into_with(input, f, &opts.core, store, batch),
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
            let zone = opts.core.zone.as_ref();
            match opts.core.status_map {
                // The adapter's fast path: names interned once per call, ids staged directly.
                None => adapter.read_into(input, zone, store, batch)?,
                Some(_) => adapter.read(input, zone, |e| batch.push(store, opts.map(e)))?,
            };
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
        TextFormat::Native(f) => parse::parse_with(input, f, &opts.core, sink),
        TextFormat::Adapter(f) => {
            let mut n = 0;
            Adapter::new(f).read(input, opts.core.zone.as_ref(), |e| {
                n += 1;
                sink(opts.map(e))
            })?;
            Ok(n)
        }
    }
}
