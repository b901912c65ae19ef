//! Reading and validating JS arguments: events, `since`, options.

use wasm_bindgen::JsValue;

use std::borrow::Cow;

use crate::{js, schedules};
use agent_kpis_core::input::{self, Scalar};
use agent_kpis_core::schedule::raw::RawSchedule;
use agent_kpis_core::InputError;
use agent_kpis_core::Query;
use agent_kpis_core::Window;
use agent_kpis_core::{EventRef, MAX_TS};

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
];

/// Reads `since` and `options` (`undefined`, `null` or an object of [`OPTION_KEYS`]).
pub fn query(since: &JsValue, options: &JsValue) -> Result<QueryOptions, InputError> {
    let since = epoch_ms(since, "since")?;
    let options = options_object(options)?;
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
    let tz = field("timezone")?;
    if !absent(&tz) {
        let name = tz.as_string().ok_or_else(|| {
            InputError::type_error(
                "options.timezone",
                format!("expected an IANA time zone name, got {}", js::describe(&tz)),
            )
        })?;
        query.zone = agent_kpis_core::schedule::zone(&name, "options.timezone")?;
    }
    let sample = field("adherenceSampleMs")?;
    if !absent(&sample) {
        query.sample_ms = epoch_ms(&sample, "options.adherenceSampleMs").map_err(|e| {
            InputError::range_error(
                e.path(),
                format!(
                    "expected a non-negative integer (ms; 0 = exact), got {}",
                    js::describe(&sample)
                ),
            )
        })?;
    }
    let statuses = field("adherentStatuses")?;
    if !absent(&statuses) {
        let items = schedules::array(
            &statuses,
            "options.adherentStatuses",
            "an array of statuses",
        )?;
        query.adherent_statuses = items
            .iter()
            .enumerate()
            .map(|(i, v)| non_empty_string(v, &format!("options.adherentStatuses[{i}]")))
            .collect::<Result<_, _>>()?;
    }
    let schedules = schedules::schedules(&field("schedules")?, "schedules")?;
    Ok(QueryOptions { query, schedules })
}

fn options_object(options: &JsValue) -> Result<Option<&JsValue>, InputError> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    if !options.is_object() || js::is_array(options, "options")? {
        return Err(InputError::type_error(
            "options",
            format!("expected an object, got {}", js::describe(options)),
        ));
    }
    for key in js::own_string_keys(options, "options")? {
        if !OPTION_KEYS.contains(&key.as_str()) {
            return Err(InputError::range_error(
                format!("options.{key}"),
                format!(
                    "unknown option; expected one of: {}",
                    OPTION_KEYS.join(", ")
                ),
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

/// A JS value as the shared field validators ([`agent_kpis_core::input`]) see it.
pub fn scalar(value: &JsValue) -> Scalar<'static> {
    if let Some(n) = value.as_f64() {
        Scalar::Number(n)
    } else if let Some(s) = value.as_string() {
        Scalar::Str(s.into())
    } else if value.is_undefined() {
        Scalar::Missing
    } else if value.is_null() {
        Scalar::Null
    } else if let Some(b) = value.as_bool() {
        Scalar::Bool(b)
    } else {
        Scalar::Other(js::describe(value))
    }
}

/// Reads an epoch-ms value: a number that is a non-negative safe integer.
pub fn epoch_ms(value: &JsValue, path: &str) -> Result<u64, InputError> {
    input::epoch_ms(&scalar(value), path)
}

/// Reads a duration in ms that must be a positive safe integer.
pub fn positive_ms(value: &JsValue, path: &str) -> Result<u64, InputError> {
    let ms = epoch_ms(value, path).map_err(|e| match e.kind() {
        agent_kpis_core::ErrorKind::Type => InputError::type_error(
            path,
            format!(
                "expected a positive integer (ms), got {}",
                js::describe(value)
            ),
        ),
        agent_kpis_core::ErrorKind::Range => InputError::range_error(
            path,
            format!(
                "expected a positive integer (ms), got {}",
                js::describe(value)
            ),
        ),
    })?;
    if ms == 0 {
        return Err(InputError::range_error(
            path,
            "expected a positive integer (ms), got 0",
        ));
    }
    Ok(ms)
}

/// Property names of an event, made into JS strings once per call.
struct EventKeys {
    user_id: JsValue,
    ts: JsValue,
    status: JsValue,
    reason: JsValue,
}

/// Reads `events` (an array of event objects), handing each to `sink`. Errors (the reader's or the
/// sink's) name the element: `events[3].ts`.
pub fn events(
    events: &JsValue,
    mut sink: impl FnMut(EventRef<'_>) -> Result<(), InputError>,
) -> Result<(), InputError> {
    if !js::is_array(events, "events")? {
        return Err(InputError::type_error(
            "events",
            format!("expected an array of events, got {}", js::describe(events)),
        ));
    }
    let len = js::array_len(events, "events.length")?;
    let keys = EventKeys {
        user_id: JsValue::from_str("user_id"),
        ts: JsValue::from_str("ts"),
        status: JsValue::from_str("status"),
        reason: JsValue::from_str("reason"),
    };
    for i in 0..len {
        let element = js::get_index(events, i, &format!("events[{i}]"))?;
        read_event(&element, &keys, &mut sink).map_err(|e| e.within(&format!("events[{i}]")))?;
    }
    Ok(())
}

fn read_event(
    element: &JsValue,
    keys: &EventKeys,
    sink: &mut impl FnMut(EventRef<'_>) -> Result<(), InputError>,
) -> Result<(), InputError> {
    if !element.is_object() || js::is_array(element, "")? {
        return Err(InputError::type_error(
            "",
            format!("expected an event object, got {}", js::describe(element)),
        ));
    }
    let user_id = user_id(&js::get(element, &keys.user_id, "user_id")?)?;
    let ts = epoch_ms(&js::get(element, &keys.ts, "ts")?, "ts")?;
    let status = non_empty_string(&js::get(element, &keys.status, "status")?, "status")?;
    let reason = optional_string(&js::get(element, &keys.reason, "reason")?, "reason")?;
    sink(EventRef {
        user_id: &user_id,
        ts,
        status: &status,
        reason: reason.as_deref(),
    })
}

/// Reads a `user_id`: a non-empty string, or a safe integer (which becomes its decimal string).
pub fn user_id(value: &JsValue) -> Result<String, InputError> {
    input::user_id(scalar(value)).map(Cow::into_owned)
}

/// Reads a required, non-empty string.
pub fn non_empty_string(value: &JsValue, path: &str) -> Result<String, InputError> {
    input::non_empty_string(scalar(value), path).map(Cow::into_owned)
}

/// Reads an optional string: `undefined` and `null` are `None`.
pub fn optional_string(value: &JsValue, path: &str) -> Result<Option<String>, InputError> {
    input::optional_string(scalar(value), path).map(|o| o.map(Cow::into_owned))
}
