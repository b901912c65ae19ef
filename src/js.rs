//! Imports of JS built-ins that can throw (on proxies, revoked proxies, throwing getters), all with
//! `catch`, and helpers that describe a JS value for an error message.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use agent_kpis_core::{quote_excerpt, InputError, Problem};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// `Array.isArray(value)`; a revoked proxy reads as an error at `path`.
pub fn is_array(value: &JsValue, path: &str) -> Result<bool, InputError> {
    array_is_array(value).map_err(|e| threw(path, &e))
}

/// `value[key]`, with a throwing getter or proxy trap reported as an error at `path`.
pub fn get(value: &JsValue, key: &JsValue, path: &str) -> Result<JsValue, InputError> {
    js_sys::Reflect::get(value, key).map_err(|e| threw(path, &e))
}

/// `value[index]`, with a throwing getter or proxy trap reported as an error at `path`.
pub fn get_index(value: &JsValue, index: u32, path: &str) -> Result<JsValue, InputError> {
    js_sys::Reflect::get_u32(value, index).map_err(|e| threw(path, &e))
}

/// The length of an array-like `value` (checked to be a valid array length).
pub fn array_len(value: &JsValue, path: &str) -> Result<u32, InputError> {
    let len = get(value, &JsValue::from_str("length"), path)?
        .as_f64()
        .filter(|n| *n >= 0.0 && *n <= f64::from(u32::MAX) && n.fract() == 0.0)
        .ok_or_else(|| InputError::new(path, Problem::BadArrayLength))?;
    // len is an integer in 0..=u32::MAX: the cast is exact.
    Ok(len as u32)
}

/// The own string keys of `value` (symbols skipped).
pub fn own_string_keys(value: &JsValue, path: &str) -> Result<Vec<String>, InputError> {
    let keys = js_sys::Reflect::own_keys(value).map_err(|e| threw(path, &e))?;
    Ok(keys.iter().filter_map(|k| k.as_string()).collect())
}

/// The error for a getter or trap that threw while reading `path`.
pub fn threw(path: &str, exception: &JsValue) -> InputError {
    let message = exception
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| exception.as_string())
        .unwrap_or_else(|| "a non-Error value".to_string());
    InputError::new(path, Problem::Threw { message })
}

/// A short description of a JS value for messages: `"abc"`, `1.5`, `NaN`, `a BigInt (12n)`,
/// `undefined`, `null`, `an array`, `an object`, …
pub fn describe(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        return quote_excerpt(&s);
    }
    if let Some(n) = value.as_f64() {
        return describe_number(n);
    }
    if value.is_undefined() {
        return "undefined".to_string();
    }
    if value.is_null() {
        return "null".to_string();
    }
    if let Some(b) = value.as_bool() {
        return b.to_string();
    }
    if value.is_bigint() {
        let digits = js_sys::BigInt::from(value.clone())
            .to_string(10)
            .map(String::from)
            .unwrap_or_default();
        return format!("a BigInt ({}n)", quote_excerpt(&digits).trim_matches('"'));
    }
    if value.is_symbol() {
        return "a symbol".to_string();
    }
    if value.is_function() {
        return "a function".to_string();
    }
    if array_is_array(value).unwrap_or(false) {
        return "an array".to_string();
    }
    if value.is_instance_of::<js_sys::Map>() {
        return "a Map".to_string();
    }
    if value.is_instance_of::<js_sys::Set>() {
        return "a Set".to_string();
    }
    "an object".to_string()
}

pub use agent_kpis_core::describe_number;
