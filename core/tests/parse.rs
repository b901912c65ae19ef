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
        "events[1].ts: expected a non-negative integer (epoch ms) or an ISO-8601 date-time with Z \
         or an offset, got \"abc\""
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
        "line 3: ts: expected a non-negative integer (epoch ms) or an ISO-8601 date-time with Z or \
         an offset, got \"x\""
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

/// What `parse_into` leaves for `input` (the result, then each staged event with its names), after
/// checking that it is what `parse` with `Batch::push` leaves.
fn stored(input: &[u8]) -> String {
    use agent_kpis_core::parse::parse_into;
    use agent_kpis_core::{Batch, EventStore, NO_REASON};
    let run = |into: bool| {
        let mut store = EventStore::new();
        let mut batch = Batch::default();
        let format = detect(input);
        let r = if into {
            parse_into(input, format, &mut store, &mut batch)
        } else {
            parse(input, format, |e| batch.push(&mut store, e))
        };
        let r = r.map_err(|e| e.to_string());
        let events: Vec<_> = batch
            .events()
            .map(|(a, ts, s, r)| {
                let reason = (r != NO_REASON).then(|| store.reasons().name(r).to_string());
                (
                    store.agents().name(a).to_string(),
                    ts,
                    store.statuses().name(s).to_string(),
                    reason,
                )
            })
            .collect();
        format!("{r:?} {events:?}")
    };
    let (push, into) = (run(false), run(true));
    assert_eq!(push, into, "{}", String::from_utf8_lossy(input));
    into
}

fn ev(user: &str, ts: u64, status: &str, reason: Option<&str>) -> Owned {
    (user.into(), ts, status.into(), reason.map(Into::into))
}

/// Today's CSV rules, pinned: RFC 4180 quoting, `\n` and `\r\n` line ends, blank lines skipped,
/// every structural error with the line the record starts on.
#[test]
fn csv_structure_and_its_errors() {
    let h = "user_id,ts,status,reason\n";
    let csv = |body: &str| format!("{h}{body}");
    let ok = |input: &str| events(input.as_bytes()).unwrap();
    let one = vec![ev("1", 2, "a", None)];

    // Line ends: a last line with or without a newline, `\r\n`, blank and white lines skipped.
    assert_eq!(ok(&csv("1,2,a,")), one);
    assert_eq!(ok(&csv("1,2,a,\n")), one);
    assert_eq!(ok("user_id,ts,status\n1,2,a"), one);
    assert_eq!(ok("user_id,ts,status,reason\r\n1,2,a,\r\n"), one);
    assert_eq!(ok("user_id,ts,status,reason\r\n1,2,a,\r\n\r\n"), one);
    assert_eq!(ok(&csv("\n\n1,2,a,\n\n  \n\r\n\"\"\n\"\n\"\n\n")), one);
    assert_eq!(ok(&csv("\n")), vec![]);
    assert_eq!(ok(&csv("")), vec![]);
    assert_eq!(ok("user_id,ts,status"), vec![]);
    // Empty fields; names are taken as written (not trimmed); a white reason is a reason.
    assert_eq!(
        ok("user_id,ts,status,reason,x,y\n1,2,a,,,\n 7 , 3 , b , ,,\n"),
        vec![ev("1", 2, "a", None), ev(" 7 ", 3, " b ", Some(" "))]
    );
    // Quoting: `""`, commas, newlines and `\r\n` inside quotes; a quoted header.
    assert_eq!(
        ok("\"user_id\",\"ts\",\"status\",\"reason\"\n\"a \"\"b\"\"\",\"2\",\"x,\ny\",\"\"\"\"\n\"7\",1,\"\r\n\",\"\"\n"),
        vec![ev("a \"b\"", 2, "x,\ny", Some("\"")), ev("7", 1, "\r\n", None)]
    );
    // Errors, with the line the record starts on; a quoted newline counts as a line.
    let e = |input: &str| err(input);
    assert_eq!(
        e(&csv("1,2,a,\n\"x,1,a,\n")),
        "line 3: invalid CSV: unterminated quoted field"
    );
    assert_eq!(
        e(&csv("1,2,a,\"two\nlines\"\n1,1,a,\"open\nmore\n")),
        "line 4: invalid CSV: unterminated quoted field"
    );
    assert_eq!(
        e(&csv("1,2,a,\"\"\"\"\"")),
        "line 2: invalid CSV: unterminated quoted field"
    );
    assert_eq!(
        e(&csv("1,2,a,\"")),
        "line 2: invalid CSV: unterminated quoted field"
    );
    assert_eq!(
        e("\"user_id,ts,status\n"),
        "line 1: invalid CSV: unterminated quoted field"
    );
    assert_eq!(
        e(&csv("1,2,a,\n1,2,a\"b,\n")),
        "line 3: invalid CSV: quote inside an unquoted field"
    );
    assert_eq!(
        e(&csv("1,2, \"a\",\n")),
        "line 2: invalid CSV: quote inside an unquoted field"
    );
    assert_eq!(
        e(&csv("1,2,a,b\"")),
        "line 2: invalid CSV: quote inside an unquoted field"
    );
    assert_eq!(
        e("user_id,ts,sta\"tus\n"),
        "line 1: invalid CSV: quote inside an unquoted field"
    );
    assert_eq!(
        e(&csv("\"1\"x,2,a,\n")),
        "line 2: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    assert_eq!(
        e(&csv("\"1\" ,2,a,\n")),
        "line 2: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    assert_eq!(
        e(&csv("1,2,a,\"r\"\"\"x\n")),
        "line 2: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    assert_eq!(
        e(&csv("1,2,a,\"r\"\"")),
        "line 2: invalid CSV: unterminated quoted field"
    );
    assert_eq!(
        e(&csv("1,2,a,\"a\nb\"\"\"x\n")),
        "line 2: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    assert_eq!(
        e(&csv("1,2,a,\"r\"\r")),
        "line 2: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    // A `\r` not followed by `\n` ends an unquoted field and is refused with the same words.
    assert_eq!(
        e(&csv("1,2,a\rb,\n")),
        "line 2: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    assert_eq!(
        e(&csv("1,2,a,\r")),
        "line 2: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    assert_eq!(
        e(&csv("1,2,a,\r\r\n")),
        "line 2: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    assert_eq!(
        e(&csv("\r")),
        "line 2: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    assert_eq!(
        e("user_id,ts,status\r"),
        "line 1: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    assert_eq!(
        e("user_id,ts,status\r\r\n"),
        "line 1: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    // A bad record spanning lines is named by its first line; later lines count its newlines.
    assert_eq!(
        e(&csv("1,2,a,\"x\ny\nz\"q\n")),
        "line 2: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    assert_eq!(
        e(&csv("1,2,a,\"x\r\ny\r\nz\"\r\n\r\n\n1,-5,a,\n")),
        "line 7: ts: expected a non-negative integer (epoch ms) <= 9007199254740991, got -5"
    );
    assert_eq!(
        e(&csv("1,2,\"a\n\",\"\n\n\"\n\n1,2,\"x\"y,\n")),
        "line 7: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    assert_eq!(
        e(&csv("\n\n  \n1,x,a,\n")),
        "line 5: ts: expected a non-negative integer (epoch ms) or an ISO-8601 date-time with Z or \
         an offset, got \"x\""
    );
    // Invalid UTF-8, in any column (even one not read), quoted or not.
    let eb = |input: &[u8]| events(input).unwrap_err().to_string();
    assert_eq!(
        eb(b"user_id,ts,status,reason\n\xff,1,a,\n"),
        "line 2: invalid CSV: invalid UTF-8"
    );
    assert_eq!(
        eb(b"user_id,ts,status,reason\n1,1,a,\"\xc3\"\n"),
        "line 2: invalid CSV: invalid UTF-8"
    );
    assert_eq!(
        eb(b"user_id,ts,status,x\n1,1,a,\xe2\x82\n"),
        "line 2: invalid CSV: invalid UTF-8"
    );
    assert_eq!(
        eb(b"user_id,ts,status\n1,1\xff\n"),
        "line 2: invalid CSV: invalid UTF-8"
    );
    assert_eq!(
        eb(b"user_\xffid,ts,status\n"),
        "line 1: invalid CSV: invalid UTF-8"
    );
    // The first bad field of a record decides; within a field, a stray quote before its UTF-8.
    assert_eq!(
        eb(b"user_id,ts,status\n\xff,1,a\"\n"),
        "line 2: invalid CSV: invalid UTF-8"
    );
    assert_eq!(
        eb(b"user_id,ts,status\n1,a\"b,\xff\n"),
        "line 2: invalid CSV: quote inside an unquoted field"
    );
    assert_eq!(
        eb(b"user_id,ts,status\n1,\xff\"\n"),
        "line 2: invalid CSV: quote inside an unquoted field"
    );
    assert_eq!(
        eb(b"user_id,ts,status\n1,\xff\rx\n"),
        "line 2: invalid CSV: invalid UTF-8"
    );
    assert_eq!(
        eb(b"user_id,ts,status\n1,\"\xff\"x\n"),
        "line 2: invalid CSV: invalid UTF-8"
    );
    assert_eq!(
        eb(b"user_id,ts,status\n1,\"\xff\n"),
        "line 2: invalid CSV: unterminated quoted field"
    );
    assert_eq!(
        eb(b"user_id,ts,status\n1,\"a\"x,\xff\n"),
        "line 2: invalid CSV: expected ',' or the end of the line after a quoted field"
    );
    // ... and structural errors come before the field count.
    assert_eq!(
        eb(b"user_id,ts,status\n1,\xff\n"),
        "line 2: invalid CSV: invalid UTF-8"
    );
    assert_eq!(
        e(&csv("1,2,a\"\n")),
        "line 2: invalid CSV: quote inside an unquoted field"
    );
    // Field counts: more or fewer than the header.
    assert_eq!(
        e(&csv("1,2,a,,\n")),
        "line 2: expected 4 fields (as in the header), got 5"
    );
    assert_eq!(
        e(&csv("1,2,a\n")),
        "line 2: expected 4 fields (as in the header), got 3"
    );
    assert_eq!(
        e(&csv(",,\n")),
        "line 2: expected 4 fields (as in the header), got 3"
    );
    assert_eq!(
        e(&csv(",,,\n")),
        "line 2: user_id: expected a non-empty string or a safe integer, got \"\""
    );
}

/// The header: any order, names trimmed, other columns ignored, `reason` optional; a BOM skipped.
#[test]
fn csv_header_rules() {
    let ok = |input: &str| events(input.as_bytes()).unwrap();
    let missing = |name: &str| {
        format!("line 1: the CSV header must name the columns user_id, ts and status (and optionally reason); {name} is missing")
    };
    assert_eq!(
        ok(" x , ts\t, user_id ,status , reason ,y\r\n-,5,u,s,r,-\r\n"),
        vec![ev("u", 5, "s", Some("r"))]
    );
    assert_eq!(
        ok("\u{FEFF}status,user_id,ts\n s,u, 7 \n"),
        vec![ev("u", 7, " s", None)]
    );
    assert_eq!(
        ok("\u{FEFF}\"user_id\",ts,status\n1,2,a"),
        vec![ev("1", 2, "a", None)]
    );
    // A column named twice: the first is read.
    assert_eq!(
        ok("user_id,ts,status,ts\n1,2,a,3\n"),
        vec![ev("1", 2, "a", None)]
    );
    assert_eq!(err(""), missing("user_id"));
    assert_eq!(err("\u{FEFF}"), missing("user_id"));
    // Only one byte-order mark is skipped.
    assert_eq!(
        err("\u{FEFF}\u{FEFF}user_id,ts,status\n"),
        missing("user_id")
    );
    assert_eq!(err("\u{FEFF}\u{FEFF}ts,user_id,status\n"), missing("ts"));
    assert_eq!(
        err("\u{FEFF}\u{FEFF}\"ts\",user_id,status\n"),
        "line 1: invalid CSV: quote inside an unquoted field"
    );
    assert_eq!(
        ok("\u{FEFF}user_id,ts,status\n\u{FEFF}1,2,a\n"),
        vec![ev("\u{FEFF}1", 2, "a", None)]
    );
    assert_eq!(err("\n"), missing("user_id"));
    assert_eq!(err("\nuser_id,ts,status\n1,2,a\n"), missing("user_id"));
    assert_eq!(err("\r\nuser_id,ts,status\n1,2,a\n"), missing("user_id"));
    assert_eq!(err("  \nuser_id,ts,status\n"), missing("user_id"));
    assert_eq!(err("user_id,ts\n"), missing("status"));
    assert_eq!(err("user_id,status,reason\n"), missing("ts"));
    assert_eq!(err("user,ts,status"), missing("user_id"));
    assert_eq!(err("USER_ID,ts,status"), missing("user_id"));
    assert_eq!(err("\"user_id,ts\",status\n"), missing("user_id"));
    // A header without the columns is refused even before a bad record.
    assert_eq!(err("user_id,ts\n\"\n"), missing("status"));
}

/// `ts` in CSV: digits with an optional minus sign and surrounding white space.
#[test]
fn csv_timestamps() {
    let h = "user_id,ts,status\n";
    let ts = |t: &str| {
        events(format!("{h}1,{t},a\n").as_bytes())
            .map(|v| v[0].1)
            .map_err(|e| e.to_string())
    };
    assert_eq!(ts("0"), Ok(0));
    assert_eq!(ts("007"), Ok(7));
    assert_eq!(ts(" 5 "), Ok(5));
    assert_eq!(ts("\t5\u{A0}"), Ok(5));
    assert_eq!(ts("-0"), Ok(0));
    assert_eq!(ts("9007199254740991"), Ok(9_007_199_254_740_991));
    assert_eq!(ts("\"12\""), Ok(12));
    let not_int = |got: &str| {
        Err(format!(
            "line 2: ts: expected a non-negative integer (epoch ms) or an ISO-8601 date-time with Z \
             or an offset, got {got}"
        ))
    };
    let range = |got: &str| {
        Err(format!(
            "line 2: ts: expected a non-negative integer (epoch ms) <= 9007199254740991, got {got}"
        ))
    };
    assert_eq!(ts(""), not_int("\"\""));
    assert_eq!(ts(" "), not_int("\" \""));
    assert_eq!(ts("+5"), not_int("\"+5\""));
    assert_eq!(ts("1e3"), not_int("\"1e3\""));
    assert_eq!(ts("1.0"), not_int("\"1.0\""));
    assert_eq!(ts("-"), not_int("\"-\""));
    assert_eq!(ts("- 1"), not_int("\"- 1\""));
    assert_eq!(ts("0x10"), not_int("\"0x10\""));
    assert_eq!(ts("-1"), range("-1"));
    assert_eq!(ts("9007199254740992"), range("9007199254740992"));
    assert_eq!(ts("9007199254740993"), range("9007199254740992"));
    assert_eq!(
        ts("99999999999999999999999"),
        range("100000000000000000000000")
    );
}

/// `parse_into` on CSV: the events, ids and errors `parse` with `Batch::push` gives, including the
/// errors only the store raises (names too long).
#[test]
fn csv_into_a_store() {
    let long = "n".repeat(1025);
    let fits = "n".repeat(1024);
    let h = "user_id,ts,status,reason\n";
    for body in [
        "a,1,ready,\nb,2,paused,break\na,3,ready,x\n\"a\",4,\"ready\",\"x\"\n".to_string(),
        format!("{fits},1,{fits},{fits}\n{fits},2,a,\n"),
        format!("a,1,a,\n{long},2,a,\n"),
        format!("a,1,{long},\n"),
        format!("a,1,a,{long}\n"),
        "é😀,1,ü,ß\n\"é😀\",2,ü,\n".to_string(),
        "a,1,ready,\n,2,ready,\n".to_string(),
        "a,1,ready,\nb,x,ready,\n".to_string(),
        "a,1,ready,\nb,1,,\n".to_string(),
        "a,1,ready,\nb,-1,a,\n".to_string(),
        "a,1,ready,\nb,9007199254740992,a,\n".to_string(),
        "a,1,ready,\nb,1,a\"\n".to_string(),
        "0,1,a,\n-0,2,a,\n00,3,a,\n".to_string(),
    ] {
        stored(format!("{h}{body}").as_bytes());
    }
    assert_eq!(
        stored(format!("{h}a,1,a,\n{long},2,a,\n").as_bytes()),
        r#"Err("line 3: user_id: must be at most 1024 bytes, got 1025 bytes") [("a", 1, "a", None)]"#
    );
    assert_eq!(
        stored(format!("{h}a,1,ready,\n\"b\",2,\"paused\",\"\"\"\"\n").as_bytes()),
        r#"Ok(2) [("a", 1, "ready", None), ("b", 2, "paused", Some("\""))]"#
    );
}

/// Parses in turn on one thread read each input afresh, whatever the one before read or where it
/// stopped.
#[test]
fn csv_parses_in_turn_are_independent() {
    let missing_ts = "line 1: the CSV header must name the columns user_id, ts and status (and optionally reason); ts is missing";
    for _ in 0..3 {
        assert_eq!(
            err("user_id,ts,status\n1,2,\"a\nb"),
            "line 2: invalid CSV: unterminated quoted field"
        );
        assert_eq!(err("\u{FEFF}\u{FEFF}ts,user_id,status\n"), missing_ts);
        assert_eq!(
            err("user_id,ts,status\n1,2,a\n1,2"),
            "line 3: expected 3 fields (as in the header), got 2"
        );
        assert_eq!(
            events(b"\xEF\xBB\xBFts,user_id,status\n5,u,s").unwrap(),
            vec![ev("u", 5, "s", None)]
        );
    }
}
