//! The wasm build through its JS boundary, run by `wasm-pack test --node` and, with
//! `WASM_BINDGEN_USE_BROWSER=1`, by `wasm-pack test --headless --chrome --firefox`.
//! Expected values are computed by hand in the comments.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // tests may panic

use agent_kpis::agent_kpis;
use js_sys::{Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn json(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

fn opts(now: u64) -> JsValue {
    js(&format!("{{\"now\":{now}}}"))
}

/// The docs example: ready 5,400,000, incall 2,700,000, wrapup 300,000, paused 600,000 (break).
/// handle = 3,000,000; occupancy = 3.0/8.4 = 35.71 → 36; utilization = 3.0/9.0 = 33.3 → 33.
const DOCS_EXAMPLE: &str = r#"[
  {"user_id": 7, "ts": 0, "status": "ready"},
  {"user_id": "7", "ts": 5400000, "status": "incall"},
  {"user_id": 7, "ts": 8100000, "status": "wrapup"},
  {"user_id": 7, "ts": 8400000, "status": "paused", "reason": "break"},
  {"user_id": 7, "ts": 9000000, "status": "offline"}
]"#;

const DOCS_EXPECTED: &str = concat!(
    r#"{"agents":[{"user_id":"7","statusMs":{"incall":2700000,"paused":600000,"wrapup":300000,"#,
    r#""ready":5400000},"loggedInMs":9000000,"occupancyPct":36,"utilizationPct":33,"#,
    r#""reasonMs":{"paused":{"break":600000}}}]}"#
);

#[wasm_bindgen_test]
fn docs_example_through_the_boundary() {
    let out = agent_kpis(js(DOCS_EXAMPLE), JsValue::from(0), opts(9_000_000)).unwrap();
    assert_eq!(json(&out), DOCS_EXPECTED);
}

fn error_of(events: &str, since: JsValue, options: JsValue) -> (String, String) {
    let err = agent_kpis(js(events), since, options).unwrap_err();
    let err: js_sys::Error = JsValue::from(err).dyn_into().unwrap();
    (String::from(err.name()), String::from(err.message()))
}

#[wasm_bindgen_test]
fn bad_fields_throw_named_errors() {
    let cases = [
        (
            r#"[{"user_id":1,"ts":"abc","status":"ready"}]"#,
            "TypeError",
            "events[0].ts: expected a non-negative integer (epoch ms), got \"abc\"",
        ),
        (
            r#"[{"user_id":1,"ts":1,"status":"ready"},{"user_id":1,"ts":-5,"status":"ready"}]"#,
            "RangeError",
            "events[1].ts: expected a non-negative integer (epoch ms) <= 9007199254740991, got -5",
        ),
        (
            r#"[{"user_id":1,"ts":1.5,"status":"ready"}]"#,
            "RangeError",
            "events[0].ts: expected a non-negative integer (epoch ms) <= 9007199254740991, got 1.5",
        ),
        (
            r#"[{"ts":1,"status":"ready"}]"#,
            "TypeError",
            "events[0].user_id: expected a non-empty string or a safe integer, got missing",
        ),
        (
            r#"[{"user_id":"","ts":1,"status":"ready"}]"#,
            "RangeError",
            "events[0].user_id: expected a non-empty string or a safe integer, got \"\"",
        ),
        (
            r#"[{"user_id":1,"ts":1}]"#,
            "TypeError",
            "events[0].status: expected a non-empty string, got missing",
        ),
        (
            r#"[{"user_id":1,"ts":1,"status":"paused","reason":5}]"#,
            "TypeError",
            "events[0].reason: expected a string, null or undefined, got 5",
        ),
        (
            r#"[7]"#,
            "TypeError",
            "events[0]: expected an event object, got 7",
        ),
        (
            r#"{"a":1}"#,
            "TypeError",
            "events: expected an array of events, got an object",
        ),
    ];
    for (events, name, message) in cases {
        assert_eq!(
            error_of(events, JsValue::from(0), opts(10)),
            (name.to_string(), message.to_string())
        );
    }
    assert_eq!(
        error_of("[]", JsValue::from(11), opts(10)),
        (
            "RangeError".to_string(),
            "since: must be <= now (10), got 11".to_string()
        )
    );
    assert_eq!(
        error_of("[]", JsValue::from(0), JsValue::from(3)),
        (
            "TypeError".to_string(),
            "options: expected an object, got 3".to_string()
        )
    );
    assert_eq!(
        error_of("[]", JsValue::from_f64(f64::NAN), opts(10)).1,
        "since: expected a non-negative integer (epoch ms) <= 9007199254740991, got NaN"
    );
}

/// An array whose `length` is not a valid array length (a Proxy's `get` trap can return anything)
/// is refused, naming the length.
#[wasm_bindgen_test]
fn bad_array_length_is_a_range_error() {
    let handler = js("{}");
    let get =
        js_sys::Function::new_with_args("t, k", "return k === 'length' ? -1 : Reflect.get(t, k)");
    Reflect::set(&handler, &"get".into(), &get).unwrap();
    let events = js_sys::Proxy::new(&js_sys::Array::new(), handler.unchecked_ref());
    let err = agent_kpis(events.into(), JsValue::from(0), opts(10)).unwrap_err();
    let err: js_sys::Error = JsValue::from(err).dyn_into().unwrap();
    assert_eq!(
        (String::from(err.name()), String::from(err.message())),
        (
            "RangeError".to_string(),
            "events.length: not a valid array length".to_string()
        )
    );
}

#[wasm_bindgen_test]
fn instance_keeps_working_after_errors() {
    for _ in 0..3 {
        let _ = agent_kpis(js("[null]"), JsValue::from(0), opts(1));
        let out = agent_kpis(js(DOCS_EXAMPLE), JsValue::from(0), opts(9_000_000)).unwrap();
        assert_eq!(json(&out), DOCS_EXPECTED);
    }
}

#[wasm_bindgen_test]
fn input_is_not_mutated() {
    let events = js(DOCS_EXAMPLE);
    let before = json(&events);
    agent_kpis(events.clone(), JsValue::from(0), opts(9_000_000)).unwrap();
    assert_eq!(json(&events), before);
}

#[wasm_bindgen_test]
fn now_defaults_to_date_now() {
    // An agent ready since ts 0: with now = Date.now(), ready time is at least the value of
    // Date.now() read before the call.
    let before = js_sys::Date::now();
    let out = agent_kpis(
        js(r#"[{"user_id":"a","ts":0,"status":"ready"}]"#),
        JsValue::from(0),
        JsValue::UNDEFINED,
    )
    .unwrap();
    let agents = Reflect::get(&out, &"agents".into()).unwrap();
    let first = Reflect::get_u32(&agents, 0).unwrap();
    let ms = Reflect::get(&first, &"loggedInMs".into())
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(ms >= before, "{ms} < {before}");
}

#[wasm_bindgen_test]
fn proto_status_is_an_own_key() {
    let out = agent_kpis(
        js(r#"[{"user_id":1,"ts":0,"status":"__proto__"}]"#),
        JsValue::from(0),
        opts(10),
    )
    .unwrap();
    assert_eq!(
        json(&out),
        r#"{"agents":[{"user_id":"1","statusMs":{"__proto__":10},"loggedInMs":10,"occupancyPct":0,"utilizationPct":0}]}"#
    );
}

/// The bundled time-zone database works inside wasm in every runtime: a New York overnight shift
/// across the 2026-03-08 spring-forward is 7 h (22:00 EST = 03:00Z to 06:00 EDT = 10:00Z).
/// `now` (00:00Z on 2026-03-09) is off shift, so `severe` (issue 15, rule 4) is false.
#[wasm_bindgen_test]
fn adherence_with_iana_zone_in_wasm() {
    let events = js(r#"[{"user_id":"a","ts":1772841600000,"status":"ready"}]"#);
    let options = js(
        r#"{"now":1773014400000,"adherenceSampleMs":0,"schedules":[{"user_id":"a","timezone":"America/New_York","rules":[{"kind":"weekly","dow":6,"start_time":"22:00","end_time":"06:00"}]}]}"#,
    );
    let out = agent_kpis(events, JsValue::from(1_772_841_600_000_f64), options).unwrap();
    let agents = Reflect::get(&out, &"agents".into()).unwrap();
    let first = Reflect::get_u32(&agents, 0).unwrap();
    let adherence = Reflect::get(&first, &"adherence".into()).unwrap();
    assert_eq!(
        json(&adherence),
        r#"{"onShift":25200000,"adherent":25200000,"unit":"ms","onShiftNow":false,"inAdherenceNow":true,"outSince":null,"severe":false}"#
    );
}

/// Issue 18: `agentKpisFromText` with `options.format` reads an Asterisk queue_log through its
/// adapter. SIP/7 joins q1 at 1,000 s, pauses (lunch) at 1,060 s, unpauses at 1,120 s, leaves at
/// 1,180 s: logged in 1,180 − 1,000 = 180 s = 180,000 ms, paused 1,120 − 1,060 = 60 s = 60,000 ms
/// with reason lunch; the same through `toAgentEvents` and `agentKpis`.
#[wasm_bindgen_test]
fn agent_kpis_from_text_reads_a_queue_log() {
    let log = "1000|NONE|q1|SIP/7|ADDMEMBER|\n1060|NONE|q1|SIP/7|PAUSE|lunch\n\
               1120|NONE|q1|SIP/7|UNPAUSE|\n1180|NONE|q1|SIP/7|REMOVEMEMBER|\n";
    let options = js(r#"{"now":1200000,"format":"asterisk-queue-log"}"#);
    let input = JsValue::from_str(log);
    let out =
        agent_kpis::agent_kpis_from_text(input.clone(), JsValue::from(1_000_000), options).unwrap();
    let agent = Reflect::get_u32(&Reflect::get(&out, &"agents".into()).unwrap(), 0).unwrap();
    assert_eq!(
        json(&Reflect::get(&agent, &"user_id".into()).unwrap()),
        r#""SIP/7""#
    );
    let logged_in = Reflect::get(&agent, &"loggedInMs".into()).unwrap();
    assert_eq!(logged_in.as_f64(), Some(180_000.0));
    let reasons = json(&Reflect::get(&agent, &"reasonMs".into()).unwrap());
    assert_eq!(reasons, r#"{"paused":{"lunch":60000}}"#);
    let events = agent_kpis::to_agent_events(input, js(r#"{"format":"asterisk-queue-log"}"#));
    let again = agent_kpis(events.unwrap(), JsValue::from(1_000_000), opts(1_200_000)).unwrap();
    assert_eq!(json(&again), json(&out));
}

/// An unknown `options.format` is a RangeError listing the names; a non-string one a TypeError.
#[wasm_bindgen_test]
fn unknown_format_is_a_range_error_listing_the_names() {
    let run = |options: &str| {
        let input = JsValue::from_str("x");
        let err = agent_kpis::agent_kpis_from_text(input, JsValue::from(0), js(options));
        let err: js_sys::Error = JsValue::from(err.unwrap_err()).dyn_into().unwrap();
        (String::from(err.name()), String::from(err.message()))
    };
    assert_eq!(
        run(r#"{"format":"queue_log"}"#),
        (
            "RangeError".to_string(),
            "options.format: unknown format \"queue_log\"; expected one of: json, ndjson, csv, \
             asterisk-queue-log, amazon-connect, twilio-taskrouter, genesys-user-details"
                .to_string()
        )
    );
    assert_eq!(
        run(r#"{"format":["csv"]}"#),
        (
            "TypeError".to_string(),
            "options.format: expected a string, got an array".to_string()
        )
    );
}
