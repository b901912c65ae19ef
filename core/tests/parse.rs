//! The text parsers (JSON array, NDJSON, CSV): the same log in every format gives the same events
//! as the hand-written list; every error names its position; no input makes them panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use agent_kpis_core::parse::{detect, parse, Format};
use agent_kpis_core::InputError;

type Owned = (String, u64, String, Option<String>);

fn events(input: &[u8]) -> Result<Vec<Owned>, InputError> {
    let mut out = Vec::new();
    parse(input, detect(input), |e| {
        out.push((
            e.user_id.to_string(),
            e.ts,
            e.status.to_string(),
            // An empty reason means no reason on every path; compare it as None.
            e.reason.filter(|r| !r.is_empty()).map(str::to_string),
        ));
        Ok(())
    })?;
    Ok(out)
}

fn err(input: &str) -> String {
    events(input.as_bytes()).unwrap_err().to_string()
}

fn expected() -> Vec<Owned> {
    vec![
        ("7".into(), 0, "ready".into(), None),
        ("7".into(), 5_400_000, "incall".into(), None),
        ("007".into(), 8_100_000, "wrapup".into(), None),
        (
            "a \"b\", c".into(),
            8_400_000,
            "paused".into(),
            Some("lunch, long".into()),
        ),
        ("é😀".into(), 9_000_000, "offline".into(), None),
    ]
}

const JSON: &str = r#"[
  {"user_id": 7, "ts": 0, "status": "ready", "extra": {"nested": [1, {"x": null}]}},
  {"ts": 5.4e6, "user_id": "7", "status": "incall", "reason": null},
  {"user_id": "007", "ts": 8100000, "status": "wrapup", "reason": ""},
  {"user_id": "a \"b\", c", "ts": 8400000, "status": "paused", "reason": "lunch, long"},
  {"user_id": "\u00e9\ud83d\ude00", "ts": 9000000, "status": "ignored", "status": "offline"}
]"#;

const NDJSON: &str = "{\"user_id\": 7, \"ts\": 0, \"status\": \"ready\"}\r\n\
{\"user_id\": \"7\", \"ts\": 5400000, \"status\": \"incall\"}\n\
\n\
{\"user_id\": \"007\", \"ts\": 8100000, \"status\": \"wrapup\", \"reason\": \"\"}\n\
{\"user_id\": \"a \\\"b\\\", c\", \"ts\": 8400000, \"status\": \"paused\", \"reason\": \"lunch, long\"}\n\
{\"user_id\": \"é😀\", \"ts\": 9000000, \"status\": \"offline\"}\n";

const CSV: &str = "\u{FEFF}ts, user_id ,status,reason,site\r\n\
0,7,ready,,x\r\n\
5400000,7,incall,,x\n\
8100000,007,wrapup,,x\n\
8400000,\"a \"\"b\"\", c\",paused,\"lunch, long\",x\n\
\n\
9000000,é😀,offline,,x\n";

#[test]
fn same_events_in_every_format() {
    assert_eq!(detect(JSON.as_bytes()), Format::JsonArray);
    assert_eq!(detect(NDJSON.as_bytes()), Format::Ndjson);
    assert_eq!(detect(CSV.as_bytes()), Format::Csv);
    assert_eq!(events(JSON.as_bytes()).unwrap(), expected());
    assert_eq!(events(NDJSON.as_bytes()).unwrap(), expected());
    assert_eq!(events(CSV.as_bytes()).unwrap(), expected());
}

#[test]
fn errors_name_the_position() {
    assert_eq!(
        err(r#"[{"user_id":1,"ts":1,"status":"a"},{"user_id":1,"ts":"abc","status":"a"}]"#),
        "events[1].ts: expected a non-negative integer (epoch ms), got \"abc\""
    );
    assert_eq!(
        err(r#"[{"user_id":1,"ts":1.5,"status":"a"}]"#),
        "events[0].ts: expected a non-negative integer (epoch ms) <= 9007199254740991, got 1.5"
    );
    assert_eq!(err(r#"[{"user_id":1,"ts":9007199254740992,"status":"a"}]"#), "events[0].ts: expected a non-negative integer (epoch ms) <= 9007199254740991, got 9007199254740992");
    assert_eq!(
        err(r#"[{"user_id":true,"ts":1,"status":"a"}]"#),
        "events[0].user_id: expected a non-empty string or a safe integer, got true"
    );
    assert_eq!(
        err(r#"[{"user_id":1,"ts":1,"status":{}}]"#),
        "events[0].status: expected a non-empty string, got an object"
    );
    assert_eq!(
        err(r#"[{"user_id":1,"ts":1,"status":"a","reason":[1]}]"#),
        "events[0].reason: expected a string, null or undefined, got an array"
    );
    assert_eq!(
        err(r#"[{"user_id":1,"ts":1,"status":"a"}, 7]"#),
        "events[1]: expected an event object, got 7"
    );
    assert_eq!(
        err("[{\"user_id\":1,\n\"ts\":1 \"status\":\"a\"}]"),
        "events[0]: invalid JSON at line 2, byte 22: expected ',' or '}'"
    );
    assert_eq!(
        err("[{\"user_id\":1,\"ts\":1,\"status\":\"a\"}"),
        "events[1]: invalid JSON at line 1, byte 34: expected ',' or ']'"
    );
    assert_eq!(
        err("[] x"),
        "events: invalid JSON at line 1, byte 3: unexpected data after the array"
    );
    assert_eq!(
        err(
            "{\"user_id\":1,\"ts\":1,\"status\":\"a\"}\n{\"user_id\":1,\"ts\":-1,\"status\":\"a\"}"
        ),
        "line 2: ts: expected a non-negative integer (epoch ms) <= 9007199254740991, got -1"
    );
    assert_eq!(err("{\"user_id\":1,\"ts\":1,\"status\":\"a\"}\n\n{\"user_id\":1,\"ts\":1,\"status\":\"a\"} x"), "line 3: invalid JSON at byte 34: unexpected data after the object");
    assert_eq!(
        err("{\"user_id\":1,\"ts\":1,\"status\":\"a\"}\n[1]"),
        "line 2: expected an event object, got an array"
    );
    assert_eq!(
        err("user_id,ts,status\n1,1,a\n1,x,a\n"),
        "line 3: ts: expected a non-negative integer (epoch ms), got \"x\""
    );
    assert_eq!(
        err("user_id,ts,status\n1,1\n"),
        "line 2: expected 3 fields (as in the header), got 2"
    );
    assert_eq!(err("user_id,time,status\n"), "line 1: the CSV header must name the columns user_id, ts and status (and optionally reason); ts is missing");
    assert_eq!(
        err("user_id,ts,status\n\"1,1,a\n"),
        "line 2: invalid CSV: unterminated quoted field"
    );
    assert_eq!(
        err("user_id,ts,status\n,1,a\n"),
        "line 2: user_id: expected a non-empty string or a safe integer, got \"\""
    );
    // A quoted field with a newline: the next record's line number counts it.
    assert_eq!(
        err("user_id,ts,status,reason\n1,1,a,\"two\nlines\"\n1,-5,a,\n"),
        "line 4: ts: expected a non-negative integer (epoch ms) <= 9007199254740991, got -5"
    );
}

#[test]
fn escapes_and_surrogates() {
    let got =
        events(br#"[{"user_id":"\ud83d\ude00\u0041\n\t\/","ts":1,"status":"\ud800x"}]"#).unwrap();
    assert_eq!(got[0].0, "😀A\n\t/");
    assert_eq!(got[0].2, "\u{FFFD}x"); // a lone surrogate becomes U+FFFD
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = format!(
        "[{{\"x\":{}1{}, \"user_id\":1,\"ts\":1,\"status\":\"a\"}}]",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(err(&deep).contains("nesting too deep"));
}

#[test]
fn every_prefix_of_valid_input_is_handled() {
    for doc in [JSON, NDJSON, CSV] {
        for cut in 0..=doc.len() {
            let _ = events(&doc.as_bytes()[..cut]);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod random {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let _ = events(&bytes);
        }

        #[test]
        fn random_json_like_text_never_panics(s in r#"[\[\]{}",:0-9a-z\\ \n.eE+-]{0,200}"#) {
            let _ = events(s.as_bytes());
            let _ = events(format!("[{s}").as_bytes());
            let _ = events(format!("{{{s}").as_bytes());
        }
    }
}
