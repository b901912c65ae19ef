//! Reading single JS values for every argument reader: numbers (epoch ms, durations), user ids,
//! strings and arrays. Type errors name the value as [`js::describe`] does.

use wasm_bindgen::JsValue;

use std::borrow::Cow;

use crate::js;
use agent_kpis_core::input::{self, Scalar};
use agent_kpis_core::{ErrorKind, InputError, Problem};

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
    let ms = epoch_ms(value, path).map_err(|e| {
        let got = js::describe(value);
        let problem = match e.kind() {
            ErrorKind::Type => Problem::NotPositiveMs { got },
            ErrorKind::Range => Problem::PositiveMsOutOfRange { got },
        };
        InputError::new(path, problem)
    })?;
    if ms == 0 {
        // `0` also for `-0`, which JS would describe as `-0`.
        let got = "0".to_string();
        return Err(InputError::new(path, Problem::PositiveMsOutOfRange { got }));
    }
    Ok(ms)
}

/// Reads a `user_id`: a non-empty string, or a safe integer (which becomes its decimal string).
/// Errors are at path `user_id`, for the caller to place.
pub fn user_id(value: &JsValue) -> Result<String, InputError> {
    input::user_id(scalar(value)).map(Cow::into_owned)
}

/// Reads a required, non-empty string.
pub fn non_empty_string(value: &JsValue, path: &str) -> Result<String, InputError> {
    input::non_empty_string(scalar(value), path).map(Cow::into_owned)
}

/// The elements of a JS array (holes read as `undefined`); anything else is refused with the
/// problem `not_array` makes of the value's description, e.g. `|got| Problem::NotRulesArray { got }`.
pub fn array(
    value: &JsValue,
    path: &str,
    not_array: fn(String) -> Problem,
) -> Result<Vec<JsValue>, InputError> {
    if !js::is_array(value, path)? {
        return Err(InputError::new(path, not_array(js::describe(value))));
    }
    (0..js::array_len(value, path)?)
        .map(|i| js::get_index(value, i, &format!("{path}[{i}]")))
        .collect()
}
