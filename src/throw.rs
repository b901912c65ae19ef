//! The exception an export throws, and the conversion of core errors into it.

use wasm_bindgen::JsValue;

use agent_kpis_core::{ErrorKind, InputError};

/// What every exported function returns: a value, or the exception to throw.
pub type JsResult<T> = Result<T, JsThrow>;

/// A JS exception on its way out of an export: the `TypeError` or `RangeError` built from an
/// [`InputError`], or an exception a JS built-in threw. wasm-bindgen throws it as the value it wraps.
#[derive(Debug)]
pub struct JsThrow(JsValue);

impl From<InputError> for JsThrow {
    /// The `TypeError` or `RangeError` whose message is the error's `path: detail`.
    fn from(e: InputError) -> Self {
        let message = e.to_string();
        JsThrow(match e.kind() {
            ErrorKind::Type => js_sys::TypeError::new(&message).into(),
            ErrorKind::Range => js_sys::RangeError::new(&message).into(),
        })
    }
}

impl From<JsValue> for JsThrow {
    /// An exception thrown by a JS built-in, passed on unchanged.
    fn from(exception: JsValue) -> Self {
        JsThrow(exception)
    }
}

impl From<JsThrow> for JsValue {
    fn from(e: JsThrow) -> Self {
        e.0
    }
}
