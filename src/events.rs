//! Reading `events`, an array of event objects, for `agentKpis` and `AgentLog.append`.

use wasm_bindgen::JsValue;

use std::borrow::Cow;

use crate::{js, value};
use agent_kpis_core::input;
use agent_kpis_core::EventRef;
use agent_kpis_core::{InputError, Problem};

/// Property names of an event, made into JS strings once per call.
struct EventKeys {
    user_id: JsValue,
    ts: JsValue,
    status: JsValue,
    reason: JsValue,
}

/// Reads `events` (an array of event objects), handing each to `sink`. Errors (the reader's or the
/// sink's) name the element: `events[3].ts`.
pub fn read(
    events: &JsValue,
    mut sink: impl FnMut(EventRef<'_>) -> Result<(), InputError>,
) -> Result<(), InputError> {
    if !js::is_array(events, "events")? {
        let got = js::describe(events);
        return Err(InputError::new("events", Problem::NotEventsArray { got }));
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
        let got = js::describe(element);
        return Err(InputError::new("", Problem::NotEventObject { got }));
    }
    let user_id = value::user_id(&js::get(element, &keys.user_id, "user_id")?)?;
    let ts = value::epoch_ms(&js::get(element, &keys.ts, "ts")?, "ts")?;
    let status = value::non_empty_string(&js::get(element, &keys.status, "status")?, "status")?;
    let reason = optional_event_string(&js::get(element, &keys.reason, "reason")?, "reason")?;
    sink(EventRef {
        user_id: &user_id,
        ts,
        status: &status,
        reason: reason.as_deref(),
    })
}

/// Reads an event's optional string field (`reason`): `undefined` and `null` are `None`; anything
/// else but a string is refused as every event source words it, "expected a string, null or
/// undefined".
fn optional_event_string(value: &JsValue, path: &str) -> Result<Option<String>, InputError> {
    input::optional_string(value::scalar(value), path).map(|o| o.map(Cow::into_owned))
}
