//! Reading a query's `since` and `options` (`now`, `schedules`, `timezone`, adherence settings,
//! issue 14's `include` and `groups`, issue 15's `adherenceGraceMs`, `adherenceSevereMs` and
//! `plannedReasons`).

use wasm_bindgen::{JsCast, JsValue};

use crate::read::{self, ReadOptions, READ_KEYS};
use crate::value::{epoch_ms, non_empty_string, positive_ms};
use crate::{js, schedules, value};
use agent_kpis_core::schedule::raw::RawSchedule;
use agent_kpis_core::Query;
use agent_kpis_core::Window;
use agent_kpis_core::MAX_TS;
use agent_kpis_core::{quote_excerpt, InputError, Problem};
use agent_kpis_core::{Groups, Include};

/// What a KPI query asks for, read from `since` and `options`.
pub struct QueryOptions {
    /// The window and the adherence settings.
    pub query: Query,
    /// `options.schedules`, type-checked (values are checked by [`Schedules::compile`]).
    pub schedules: Option<Vec<RawSchedule>>,
}

/// The option names `agentKpis` accepts; any other own key is refused as a likely typo.
const OPTION_KEYS: &[&str] = &[
    "now",
    "schedules",
    "timezone",
    "adherenceSampleMs",
    "adherentStatuses",
    "include",
    "groups",
    "adherenceGraceMs",
    "adherenceSevereMs",
    "plannedReasons",
];

/// The option names the text entry points accept: [`OPTION_KEYS`] and [`READ_KEYS`].
const TEXT_OPTION_KEYS: &[&str] = &[
    "now",
    "schedules",
    "timezone",
    "adherenceSampleMs",
    "adherentStatuses",
    "include",
    "groups",
    "adherenceGraceMs",
    "adherenceSevereMs",
    "plannedReasons",
    "format",
    "statusMap",
    "tsUnit",
    "columns",
];

/// Which read options ([`READ_KEYS`]) a query's `options` may carry beside [`OPTION_KEYS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadKeys {
    /// A text entry point: every read option (and `timezone` reads timestamps too).
    Text,
    /// `agentKpis` and its packed form: events are objects; `statusMap` is read, any other read
    /// option refused ([`Problem::TextOnlyOption`]).
    Objects,
    /// `AgentLog.kpis`/`intervals`: read options belong to the append
    /// ([`Problem::ReadOptionInQuery`]).
    Query,
}

/// Reads `since` and `options` (`undefined`, `null` or an object of [`OPTION_KEYS`] and, as `keys`
/// allows, [`READ_KEYS`]), and the read options among them (with [`ReadKeys::Text`], `timezone`
/// is also the zone of offset-less timestamps).
pub fn read_query_in(
    since: &JsValue,
    options: &JsValue,
    keys: ReadKeys,
) -> Result<(QueryOptions, ReadOptions), InputError> {
    let since = epoch_ms(since, "since")?;
    let options = options_object(options, keys)?;
    let field = |name: &str| -> Result<JsValue, InputError> {
        match options {
            Some(o) => js::get(o, &JsValue::from_str(name), &format!("options.{name}")),
            None => Ok(JsValue::UNDEFINED),
        }
    };
    let absent = |v: &JsValue| v.is_undefined() || v.is_null();
    let now = match field("now")? {
        v if absent(&v) => date_now(),
        v => epoch_ms(&v, "options.now")?,
    };
    let mut query = Query::new(Window::new(since, now)?);
    let mut reading = ReadOptions::default();
    if let Some(zone) = read::read_zone(&field("timezone")?, "options.timezone")? {
        query.zone = zone.clone();
        if keys == ReadKeys::Text {
            reading.core.zone = Some(zone);
        }
    }
    if keys == ReadKeys::Text {
        reading.format = read::read_format(&field("format")?, "options.format")?;
        reading.core.ts_unit = read::read_ts_unit(&field("tsUnit")?, "options.tsUnit")?;
        reading.core.columns = read::read_columns(&field("columns")?, "options.columns")?;
    }
    if keys != ReadKeys::Query {
        let map = field("statusMap")?;
        reading.core.status_map = read::read_status_map(&map, "options.statusMap")?;
    }
    let sample = field("adherenceSampleMs")?;
    if !absent(&sample) {
        // Any value epoch_ms refuses, of the wrong type too, is a NotSampleMs (a range error).
        query.sample_ms = epoch_ms(&sample, "options.adherenceSampleMs").map_err(|e| {
            let got = js::describe(&sample);
            InputError::new(e.path(), Problem::NotSampleMs { got })
        })?;
    }
    let statuses = field("adherentStatuses")?;
    if !absent(&statuses) {
        let items = value::array(&statuses, "options.adherentStatuses", |got| {
            Problem::NotStatusesArray { got }
        })?;
        query.adherent_statuses = items
            .iter()
            .enumerate()
            .map(|(i, v)| non_empty_string(v, &format!("options.adherentStatuses[{i}]")))
            .collect::<Result<_, _>>()?;
    }
    let grace = field("adherenceGraceMs")?;
    if !absent(&grace) {
        // Any value epoch_ms refuses, of the wrong type too, is a NotGraceMs (a range error).
        query.adherence_grace_ms = epoch_ms(&grace, "options.adherenceGraceMs").map_err(|e| {
            let got = js::describe(&grace);
            InputError::new(e.path(), Problem::NotGraceMs { got })
        })?;
    }
    let severe = field("adherenceSevereMs")?;
    if !absent(&severe) {
        query.adherence_severe_ms = positive_ms(&severe, "options.adherenceSevereMs")?;
    }
    let planned = field("plannedReasons")?;
    if !absent(&planned) {
        let items = value::array(&planned, "options.plannedReasons", |got| {
            Problem::NotReasonsArray { got }
        })?;
        query.planned_reasons = items
            .iter()
            .enumerate()
            .map(|(i, v)| non_empty_string(v, &format!("options.plannedReasons[{i}]")))
            .collect::<Result<_, _>>()?;
    }
    let include = field("include")?;
    if !absent(&include) {
        query.include = read_include(&include)?;
    }
    let groups = field("groups")?;
    if !absent(&groups) {
        query.groups = Some(read_groups(&groups)?);
    }
    let schedules = schedules::read(&field("schedules")?, "schedules")?;
    Ok((QueryOptions { query, schedules }, reading))
}

/// Reads `options.include`: an array of block names (`"contacts"`, `"episodes"`, `"current"`,
/// `"team"`, `"conformance"`, `"shrinkage"`, repeats allowed). Not an array: a type error at `options.include`; an item that is
/// not a string: a type error at `options.include[i]`; an unknown name: a range error there.
fn read_include(value: &JsValue) -> Result<Include, InputError> {
    const PATH: &str = "options.include";
    let items = value::array(value, PATH, |got| Problem::NotBlocksArray { got })?;
    let names = items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_string().ok_or_else(|| {
                let got = js::describe(v);
                InputError::new(format!("{PATH}[{i}]"), Problem::NotString { got })
            })
        })
        .collect::<Result<Vec<String>, _>>()?;
    Include::parse(names.iter().map(String::as_str)).map_err(|e| e.within(PATH))
}

/// Reads `options.groups`: an object `{ [user_id]: groupName }` whose own string-keyed
/// properties name each agent's group (a non-empty string). Not an object (or an array): a type
/// error at `options.groups`; a bad group name: an error at `options.groups["7"]`.
fn read_groups(value: &JsValue) -> Result<Groups, InputError> {
    const PATH: &str = "options.groups";
    // A Map's entries are no properties: read as an object it would put no agent in any group.
    let collection = value.is_instance_of::<js_sys::Map>() || value.is_instance_of::<js_sys::Set>();
    if !value.is_object() || collection || js::is_array(value, PATH)? {
        let got = js::describe(value);
        return Err(InputError::new(PATH, Problem::NotGroupsObject { got }));
    }
    let keys = js_sys::Reflect::own_keys(value).map_err(|e| js::threw(PATH, &e))?;
    let mut groups = Groups::new();
    // Read once per query (2,000 agents a second on a dashboard): each key is converted once and
    // used as it is for the lookup, and the path is only written for an error.
    for key in keys.iter() {
        let Some(user_id) = key.as_string() else {
            continue; // a symbol
        };
        let path = || format!("{PATH}[{}]", quote_excerpt(&user_id));
        let group = js_sys::Reflect::get(value, &key).map_err(|e| js::threw(&path(), &e))?;
        let group = match group.as_string() {
            Some(name) if !name.is_empty() => name,
            _ => non_empty_string(&group, &path())?,
        };
        groups.insert(user_id, group);
    }
    Ok(groups)
}

fn options_object(options: &JsValue, keys: ReadKeys) -> Result<Option<&JsValue>, InputError> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    if !options.is_object() || js::is_array(options, "options")? {
        let got = js::describe(options);
        return Err(InputError::new("options", Problem::NotObject { got }));
    }
    for key in js::own_string_keys(options, "options")? {
        if OPTION_KEYS.contains(&key.as_str()) {
            continue;
        }
        if READ_KEYS.contains(&key.as_str()) {
            let problem = match keys {
                ReadKeys::Text => continue,
                ReadKeys::Objects if key == "statusMap" => continue,
                ReadKeys::Objects => Problem::TextOnlyOption,
                ReadKeys::Query => Problem::ReadOptionInQuery,
            };
            return Err(InputError::new(format!("options.{key}"), problem));
        }
        {
            let known = match keys {
                ReadKeys::Text => TEXT_OPTION_KEYS,
                _ => OPTION_KEYS,
            };
            return Err(InputError::new(
                format!("options.{key}"),
                Problem::UnknownOption { known },
            ));
        }
    }
    Ok(Some(options))
}

/// The current time in epoch ms, as `Date.now()` gives it.
fn date_now() -> u64 {
    let now = js_sys::Date::now();
    if now.is_finite() && now >= 0.0 {
        // Date.now() is an integer below 2^53; the cast is exact.
        (now as u64).min(MAX_TS)
    } else {
        0
    }
}
