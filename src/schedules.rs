//! Reading `schedules` (the platform's time-schedule format) from JS into [`RawSchedule`]s: types
//! are checked here, values (times, dates, zones, overlaps) by [`agent_kpis_core::schedule`].

use wasm_bindgen::JsValue;

use crate::js;
use crate::value::{array, epoch_ms, user_id};
use agent_kpis_core::schedule::raw::{RawRule, RawSchedule};
use agent_kpis_core::{InputError, Problem};

/// Reads `options.schedules`: `undefined`/`null` (no schedules) or an array of schedule objects.
pub fn read(value: &JsValue, path: &str) -> Result<Option<Vec<RawSchedule>>, InputError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let items = array(value, path, |got| Problem::NotSchedulesArray { got })?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}[{i}]");
        out.push(schedule(item, &at)?);
    }
    Ok(Some(out))
}

fn schedule(value: &JsValue, path: &str) -> Result<RawSchedule, InputError> {
    object(value, path, |got| Problem::NotScheduleObject { got })?;
    let field = |name: &str| js::get(value, &JsValue::from_str(name), &format!("{path}.{name}"));
    let user = user_id(&field("user_id")?).map_err(|e| e.within(path))?;
    let bypass = match field("bypass")? {
        v if v.is_undefined() || v.is_null() => false,
        v => v.as_bool().ok_or_else(|| {
            let got = js::describe(&v);
            InputError::new(format!("{path}.bypass"), Problem::NotBoolean { got })
        })?,
    };
    let timezone = optional_schedule_string(&field("timezone")?, &format!("{path}.timezone"))?;
    let rules = match field("rules")? {
        v if v.is_undefined() || v.is_null() => None,
        v => {
            let at = format!("{path}.rules");
            let items = array(&v, &at, |got| Problem::NotRulesArray { got })?;
            let mut rules = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                rules.push(rule(item, &format!("{at}[{i}]"))?);
            }
            Some(rules)
        }
    };
    let segments = match field("segments")? {
        v if v.is_undefined() || v.is_null() => None,
        v => {
            let at = format!("{path}.segments");
            let items = array(&v, &at, |got| Problem::NotSegmentsArray { got })?;
            let mut segments = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let seg = format!("{at}[{i}]");
                object(item, &seg, |got| Problem::NotSegmentObject { got })?;
                let start = epoch_ms(
                    &js::get(item, &JsValue::from_str("start"), &seg)?,
                    &format!("{seg}.start"),
                )?;
                let end = epoch_ms(
                    &js::get(item, &JsValue::from_str("end"), &seg)?,
                    &format!("{seg}.end"),
                )?;
                segments.push((start, end));
            }
            Some(segments)
        }
    };
    Ok(RawSchedule {
        user_id: user,
        bypass,
        timezone,
        rules,
        segments,
    })
}

fn rule(value: &JsValue, path: &str) -> Result<RawRule, InputError> {
    object(value, path, |got| Problem::NotRuleObject { got })?;
    let field = |name: &str| js::get(value, &JsValue::from_str(name), &format!("{path}.{name}"));
    let at = |name: &str| format!("{path}.{name}");
    let kind = match field("kind")?.as_string() {
        Some(k) => k,
        None => {
            let v = field("kind")?;
            let got = if v.is_undefined() {
                "missing".to_string()
            } else {
                js::describe(&v)
            };
            return Err(InputError::new(at("kind"), Problem::NotRuleKind { got }));
        }
    };
    let dow = match field("dow")? {
        v if v.is_undefined() || v.is_null() => None,
        v => match v.as_f64() {
            Some(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 => Some(n as i64),
            Some(n) => {
                let got = js::describe_number(n);
                return Err(InputError::new(at("dow"), Problem::DowOutOfRange { got }));
            }
            None => {
                let got = js::describe(&v);
                return Err(InputError::new(at("dow"), Problem::NotDow { got }));
            }
        },
    };
    let is_closed = match field("is_closed")? {
        v if v.is_undefined() || v.is_null() => false,
        v => match (v.as_bool(), v.as_f64()) {
            (Some(b), _) => b,
            (_, Some(n)) if n == 0.0 || n == 1.0 => n == 1.0,
            _ => {
                let got = js::describe(&v);
                return Err(InputError::new(at("is_closed"), Problem::NotFlag { got }));
            }
        },
    };
    Ok(RawRule {
        kind,
        dow,
        start_date: optional_schedule_string(&field("start_date")?, &at("start_date"))?,
        end_date: optional_schedule_string(&field("end_date")?, &at("end_date"))?,
        is_closed,
        start_time: optional_schedule_string(&field("start_time")?, &at("start_time"))?,
        end_time: optional_schedule_string(&field("end_time")?, &at("end_time"))?,
    })
}

/// Checks that `value` is an object and not an array; else the problem `not_object` makes of the
/// value's description, e.g. `|got| Problem::NotRuleObject { got }`.
fn object(
    value: &JsValue,
    path: &str,
    not_object: fn(String) -> Problem,
) -> Result<(), InputError> {
    if !value.is_object() || js::is_array(value, path)? {
        return Err(InputError::new(path, not_object(js::describe(value))));
    }
    Ok(())
}

/// Reads a schedule's optional string field: `undefined` and `null` are `None`; anything else but a
/// string is refused as "expected a string" (the schedule format's wording).
fn optional_schedule_string(value: &JsValue, path: &str) -> Result<Option<String>, InputError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| {
        let got = js::describe(value);
        InputError::new(path, Problem::NotString { got })
    })
}
