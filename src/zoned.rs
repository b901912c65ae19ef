//! The exports of the core's time-zone engine ([`agent_kpis_core::zoned`]): times written by a
//! person and local days, for the CLI and the dashboard, so that every caller converts civil time
//! with the same rules and tz database as the schedules.

use wasm_bindgen::prelude::*;

use agent_kpis_core::zoned;
use agent_kpis_core::{InputError, Problem};
use jiff::tz::TimeZone;

use crate::js;
use crate::throw::JsResult;
use crate::value;

/// `timezone`: an IANA zone name, or `undefined`/`null` for UTC.
fn read_zone(timezone: &JsValue) -> Result<TimeZone, InputError> {
    if timezone.is_undefined() || timezone.is_null() {
        return Ok(TimeZone::UTC);
    }
    let name = timezone.as_string().ok_or_else(|| {
        let got = js::describe(timezone);
        InputError::new("timezone", Problem::NotZoneName { got })
    })?;
    zoned::zone(&name, "timezone")
}

/// `ts` (epoch ms) and `timezone` (an IANA name, default UTC), read and checked.
fn instant_in_zone(ts: &JsValue, timezone: &JsValue) -> Result<(u64, TimeZone), InputError> {
    Ok((value::epoch_ms(ts, "ts")?, read_zone(timezone)?))
}

/// Reads a time written as text, as epoch ms: digits alone are epoch milliseconds; an ISO-8601
/// date-time with `Z` or an offset is that instant; one without an offset, or a date alone, is
/// that wall-clock time in `timezone` (default UTC, never the machine's zone). A local time in a
/// spring-forward gap moves forward by the gap; a repeated one is the earlier instant.
///
/// @throws TypeError when `text` is not a string; RangeError naming `text` for text of no such
/// form (or before 1970), naming `timezone` for an unknown zone.
#[wasm_bindgen(js_name = parseTime, unchecked_return_type = "number")]
pub fn parse_time(
    #[wasm_bindgen(
        unchecked_param_type = "string",
        param_description = "`\"1773129600000\"`, `\"2026-03-10T08:00:00Z\"`, `\"2026-03-10T09:00+01:00\"`, `\"2026-03-10T08:00\"` or `\"2026-03-10\"`."
    )]
    text: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "string | null",
        param_description = "the IANA zone of a time without an offset; default `\"UTC\"`."
    )]
    timezone: JsValue,
) -> JsResult<f64> {
    let text = text.as_string().ok_or_else(|| {
        let got = js::describe(&text);
        InputError::new("text", Problem::NotString { got })
    })?;
    let zone = read_zone(&timezone)?;
    Ok(zoned::parse_time(&text, &zone, "text")? as f64)
}

/// The first instant of the local day (in `timezone`) that holds `ts`: local midnight, or the
/// first instant after it where midnight does not exist (a zone whose clocks spring forward at
/// midnight, such as America/Santiago or Africa/Cairo on their DST dates).
///
/// @throws TypeError or RangeError naming `ts` (epoch ms) or `timezone`.
#[wasm_bindgen(js_name = zonedStartOfDay, unchecked_return_type = "number")]
pub fn zoned_start_of_day(
    #[wasm_bindgen(
        unchecked_param_type = "number",
        param_description = "an instant, epoch ms."
    )]
    ts: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "string | null",
        param_description = "an IANA zone; default `\"UTC\"`."
    )]
    timezone: JsValue,
) -> JsResult<f64> {
    let (ts, zone) = instant_in_zone(&ts, &timezone)?;
    // `ts <= MAX_TS` is within jiff's range, so there is always a start of day.
    Ok(zoned::start_of_day(ts, &zone).unwrap_or(ts) as f64)
}

/// The wall-clock fields of `ts` in `timezone`: `{ year, month (1–12), day, hour, minute, second,
/// weekday (0 = Sunday … 6 = Saturday), offsetSeconds (east of UTC) }`.
///
/// @throws TypeError or RangeError naming `ts` (epoch ms) or `timezone`.
#[wasm_bindgen(js_name = zonedWallClock, unchecked_return_type = "WallClock")]
pub fn zoned_wall_clock(
    #[wasm_bindgen(
        unchecked_param_type = "number",
        param_description = "an instant, epoch ms."
    )]
    ts: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "string | null",
        param_description = "an IANA zone; default `\"UTC\"`."
    )]
    timezone: JsValue,
) -> JsResult<JsValue> {
    let (ts, zone) = instant_in_zone(&ts, &timezone)?;
    let o = js_sys::Object::new();
    // `ts <= MAX_TS` is within jiff's range: the fields always exist.
    if let Some(w) = zoned::wall_clock(ts, &zone) {
        let fields: [(&str, f64); 8] = [
            ("year", f64::from(w.year)),
            ("month", f64::from(w.month)),
            ("day", f64::from(w.day)),
            ("hour", f64::from(w.hour)),
            ("minute", f64::from(w.minute)),
            ("second", f64::from(w.second)),
            ("weekday", f64::from(w.weekday)),
            ("offsetSeconds", f64::from(w.offset_seconds)),
        ];
        for (key, number) in fields {
            js_sys::Reflect::set(&o, &JsValue::from_str(key), &JsValue::from_f64(number))?;
        }
    }
    Ok(o.into())
}
