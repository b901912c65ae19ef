//! Read options of the text logs (issue 18, items 3 and 7): ISO-8601 timestamps, epoch seconds,
//! CSV column names and the status map, in every format, through `parse_with` and
//! `parse_into_with` (and `StatusMap::apply`). Expected epoch values are computed by hand in the
//! comments (days since 1970-01-01, then hours and minutes), never by the code under test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use agent_kpis_core::parse::{
    detect, parse_into, parse_into_with, parse_with, Columns, ReadOptions, TsUnit,
};
use agent_kpis_core::{Batch, EventStore, InputError, StatusMap, NO_REASON};
use jiff::tz::TimeZone;

type Owned = (String, u64, String, Option<String>);

/// The events `parse_with` hands over.
fn events(input: &str, options: &ReadOptions) -> Result<Vec<Owned>, InputError> {
    let mut out = Vec::new();
    let b = input.as_bytes();
    parse_with(b, detect(b), options, |e| {
        out.push((
            e.user_id.to_string(),
            e.ts,
            e.status.to_string(),
            e.reason.filter(|r| !r.is_empty()).map(str::to_string),
        ));
        Ok(())
    })?;
    Ok(out)
}

fn err(input: &str, options: &ReadOptions) -> String {
    events(input, options).unwrap_err().to_string()
}

/// The events staged in `batch`, by name.
fn named(store: &EventStore, batch: &Batch) -> Vec<Owned> {
    batch
        .events()
        .map(|(a, ts, s, r)| {
            let reason = (r != NO_REASON).then(|| store.reasons().name(r).to_string());
            let agent = store.agents().name(a).to_string();
            (agent, ts, store.statuses().name(s).to_string(), reason)
        })
        .collect()
}

/// The events `parse_into_with` stages, by name (after checking they are the events `parse_with`
/// hands over, and the ids and tables those give through `Batch::push`).
fn staged(input: &str, options: &ReadOptions) -> Result<Vec<Owned>, String> {
    let b = input.as_bytes();
    let mut store = EventStore::new();
    let mut batch = Batch::default();
    let into = parse_into_with(b, detect(b), options, &mut store, &mut batch);
    let mut store2 = EventStore::new();
    let mut batch2 = Batch::default();
    let push = parse_with(b, detect(b), options, |e| batch2.push(&mut store2, e));
    assert_eq!(into, push, "{input}");
    let ids = |b: &Batch| b.events().collect::<Vec<_>>();
    assert_eq!(ids(&batch), ids(&batch2), "{input}");
    let table = |t: &agent_kpis_core::Interner| -> Vec<String> {
        (0..t.len() as u32).map(|i| t.name(i).to_string()).collect()
    };
    assert_eq!(table(store.statuses()), table(store2.statuses()));
    assert_eq!(table(store.reasons()), table(store2.reasons()));
    assert_eq!(table(store.agents()), table(store2.agents()));
    into.map_err(|e| e.to_string())?;
    Ok(named(&store, &batch))
}

fn zone(name: &str) -> ReadOptions {
    ReadOptions {
        zone: Some(TimeZone::get(name).unwrap()),
        ..ReadOptions::default()
    }
}

fn seconds() -> ReadOptions {
    ReadOptions {
        ts_unit: TsUnit::Seconds,
        ..ReadOptions::default()
    }
}

// 2024-03-04: 54 years 1970..=2023 with 13 leap days (1972 … 2020) = 54 × 365 + 13 = 19,723 days to
// 2024-01-01, + 31 (January) + 29 (February, a leap year) + 3 = 19,786 days.
const MAR_4_2024: u64 = 19_786 * 86_400_000; // 1,709,510,400,000
/// 2024-03-04T08:20:00Z: + 8 h 20 min = 30,000,000 ms.
const T0: u64 = MAR_4_2024 + 30_000_000; // 1,709,540,400,000
                                         // 2024-03-31: 19,786 + 27 days.
const MAR_31_2024: u64 = (19_786 + 27) * 86_400_000; // 1,711,843,200,000

#[test]
fn iso_timestamps_with_z_or_an_offset_are_exact() {
    assert_eq!(T0, 1_709_540_400_000);
    let log = [
        // 08:20:00Z.
        ("2024-03-04T08:20:00Z", T0),
        // 09:20 at +01:00 is 08:20Z.
        ("2024-03-04T09:20:00+01:00", T0),
        // 03:50:00.250 at −05:30 is 09:20:00.250Z: T0 + 1 h + 250 ms.
        ("2024-03-04T03:50:00.250-05:30", T0 + 3_600_000 + 250),
        // Lower-case t and z, a space, ±HHMM and ±HH offsets.
        ("2024-03-04t08:20:00z", T0),
        ("2024-03-04 10:20:00+0200", T0),
        // 07:20 at −01 is 08:20Z.
        ("2024-03-04T07:20:00-01", T0),
    ];
    for (text, want) in log {
        let json = format!(r#"[{{"user_id":"a","ts":"{text}","status":"ready"}}]"#);
        let ndjson = format!(r#"{{"user_id":"a","ts":"{text}","status":"ready"}}"#);
        let csv = format!("user_id,ts,status\na,{text},ready\n");
        for input in [&json, &ndjson, &csv] {
            for options in [ReadOptions::default(), seconds(), zone("Asia/Tokyo")] {
                // The zone and the unit change nothing when there is an offset.
                let got = events(input, &options).unwrap();
                assert_eq!(
                    got,
                    vec![("a".into(), want, "ready".into(), None)],
                    "{input}"
                );
                assert_eq!(staged(input, &options).unwrap(), got);
            }
        }
    }
}

#[test]
fn iso_timestamps_without_an_offset_are_read_in_the_zone_across_a_dst_change() {
    // Europe/Paris moved from CET (+01:00) to CEST (+02:00) at 2024-03-31T02:00 local
    // (01:00Z): 01:30 local is 00:30Z; 03:30 local is 01:30Z; 02:30 does not exist and is read
    // forward (jiff's `compatible`), as 03:30 CEST = 01:30Z; a date alone is local midnight, 23:00Z
    // the day before.
    let paris = zone("Europe/Paris");
    let csv = "user_id,ts,status\n\
               a,2024-03-31T01:30:00,ready\n\
               a,2024-03-31T03:30:00,incall\n\
               b,2024-03-31T02:30,ready\n\
               b,2024-03-31,idle\n";
    let want = vec![
        ("a".into(), MAR_31_2024 + 1_800_000, "ready".into(), None), // 1,711,845,000,000
        ("a".into(), MAR_31_2024 + 5_400_000, "incall".into(), None), // 1,711,848,600,000
        ("b".into(), MAR_31_2024 + 5_400_000, "ready".into(), None),
        ("b".into(), MAR_31_2024 - 3_600_000, "idle".into(), None),
    ];
    assert_eq!(MAR_31_2024 + 1_800_000, 1_711_845_000_000);
    assert_eq!(events(csv, &paris).unwrap(), want);
    assert_eq!(staged(csv, &paris).unwrap(), want);
    let ndjson: String = want
        .iter()
        .zip([
            "2024-03-31T01:30:00",
            "2024-03-31T03:30:00",
            "2024-03-31T02:30",
            "2024-03-31",
        ])
        .map(|((u, _, s, _), t)| {
            format!("{{\"user_id\":\"{u}\",\"ts\":\"{t}\",\"status\":\"{s}\"}}\n")
        })
        .collect();
    assert_eq!(events(&ndjson, &paris).unwrap(), want);
    assert_eq!(staged(&ndjson, &paris).unwrap(), want);

    // Without a zone: an error naming the line (or element) and the field, never the process's
    // zone.
    let none = ReadOptions::default();
    let message = r#"ts: "2024-03-31T01:30:00" has no offset and no time zone was given to read it in (set the timezone option)"#;
    assert_eq!(err(csv, &none), format!("line 2: {message}"));
    assert_eq!(staged(csv, &none), Err(format!("line 2: {message}")));
    assert_eq!(err(&ndjson, &none), format!("line 1: {message}"));
    let array = format!("[{}]", ndjson.trim_end().replace('\n', ","));
    assert_eq!(err(&array, &none), format!("events[0].{message}"));
    assert_eq!(staged(&array, &none), Err(format!("events[0].{message}")));
}

#[test]
fn bad_timestamp_texts_say_what_is_accepted() {
    let ms =
        "expected a non-negative integer (epoch ms) or an ISO-8601 date-time with Z or an offset";
    let s = "expected a non-negative number (epoch seconds) or an ISO-8601 date-time with Z or an offset";
    let csv = |t: &str| format!("user_id,ts,status\na,1,ready\na,{t},ready\n");
    for (text, got) in [
        ("abc", r#""abc""#),
        ("2024-02-30T00:00Z", r#""2024-02-30T00:00Z""#),
        ("1969-12-31T23:59:59Z", r#""1969-12-31T23:59:59Z""#),
        ("09:20", r#""09:20""#),
        (" 1e3 ", r#"" 1e3 ""#),
    ] {
        assert_eq!(
            err(&csv(text), &ReadOptions::default()),
            format!("line 3: ts: {ms}, got {got}")
        );
        assert_eq!(
            err(&csv(text), &seconds()),
            format!("line 3: ts: {s}, got {got}")
        );
    }
    // A fraction is a number only in seconds.
    assert_eq!(
        err(&csv("1.5"), &ReadOptions::default()),
        format!("line 3: ts: {ms}, got \"1.5\"")
    );
    // JSON: a string that is no date-time, a string of digits (JSON has numbers: refused, as
    // before), and values of other types (type errors).
    let json = |t: &str| format!(r#"[{{"user_id":"a","ts":{t},"status":"ready"}}]"#);
    assert_eq!(
        err(&json(r#""abc""#), &ReadOptions::default()),
        format!("events[0].ts: {ms}, got \"abc\"")
    );
    assert_eq!(
        err(&json(r#""1709540400000""#), &ReadOptions::default()),
        format!("events[0].ts: {ms}, got \"1709540400000\"")
    );
    assert_eq!(
        err(&json("true"), &seconds()),
        format!("events[0].ts: {s}, got true")
    );
    assert_eq!(
        err(
            r#"{"user_id":"a","status":"ready"}"#,
            &ReadOptions::default()
        ),
        format!("line 1: ts: {ms}, got missing")
    );
    let kind = |input: &str| events(input, &ReadOptions::default()).unwrap_err().kind();
    assert_eq!(kind(&json("null")), agent_kpis_core::ErrorKind::Type);
    assert_eq!(kind(&csv("x")), agent_kpis_core::ErrorKind::Type);
    // Range errors keep their words.
    assert_eq!(
        err(&csv("-5"), &ReadOptions::default()),
        "line 3: ts: expected a non-negative integer (epoch ms) <= 9007199254740991, got -5"
    );
}

#[test]
fn epoch_seconds_with_fractions_round_half_up_exactly() {
    let cases: [(&str, u64); 9] = [
        ("1709540400", 1_709_540_400_000),
        // .1235 s = 123.5 ms → 124 (half up); .1234 → 123.4 → 123.
        ("1709540400.1235", 1_709_540_400_124),
        ("1709540400.1234", 1_709_540_400_123),
        // 1.0005 s = 1000.5 ms → 1001 (as an f64, 1.0005 × 1000 is 1000.4999…, which rounds to
        // 1000: the digits are read, not the f64).
        ("1.0005", 1001),
        ("1.0004999", 1000),
        ("0.0005", 1),
        ("0.0004", 0),
        ("2.5", 2500),
        // MAX_TS = 9,007,199,254,740,991 ms.
        ("9007199254740.991", 9_007_199_254_740_991),
    ];
    for (text, want) in cases {
        let json = format!(r#"[{{"user_id":"a","ts":{text},"status":"ready"}}]"#);
        let ndjson = format!(r#"{{"user_id":"a","ts":{text},"status":"ready"}}"#);
        let csv = format!("user_id,ts,status\na, {text} ,ready\n");
        for input in [&json, &ndjson, &csv] {
            let one = vec![("a".into(), want, "ready".into(), None)];
            assert_eq!(events(input, &seconds()).unwrap(), one, "{input}");
            assert_eq!(staged(input, &seconds()).unwrap(), one, "{input}");
        }
    }
    // JSON exponents are numbers too: 1.7095404001235e9 s = 1709540400.1235 s.
    let json = r#"{"user_id":"a","ts":1.7095404001235e9,"status":"ready"}"#;
    assert_eq!(events(json, &seconds()).unwrap()[0].1, 1_709_540_400_124);
    // ISO strings are unaffected by the unit.
    let iso = r#"{"user_id":"a","ts":"2024-03-04T08:20:00.5Z","status":"ready"}"#;
    assert_eq!(events(iso, &seconds()).unwrap()[0].1, T0 + 500);
    // Out of range: negative, or above MAX_TS once in ms.
    let range = "expected a non-negative number (epoch seconds) <= 9007199254740.991";
    assert_eq!(
        err(r#"{"user_id":"a","ts":-1.5,"status":"ready"}"#, &seconds()),
        format!("line 1: ts: {range}, got -1.5")
    );
    assert_eq!(
        err("user_id,ts,status\na,9007199254740.992,ready\n", &seconds()),
        format!("line 2: ts: {range}, got 9007199254740.992")
    );
    assert_eq!(
        err(
            r#"[{"user_id":"a","ts":9007199254741,"status":"ready"}]"#,
            &seconds()
        ),
        format!("events[0].ts: {range}, got 9007199254741")
    );
    assert_eq!(
        staged(
            r#"[{"user_id":"a","ts":9007199254741,"status":"ready"}]"#,
            &seconds()
        ),
        Err(format!("events[0].ts: {range}, got 9007199254741"))
    );
    // Without the option a fraction is still refused.
    assert_eq!(
        err(
            r#"{"user_id":"a","ts":1.5,"status":"ready"}"#,
            &ReadOptions::default()
        ),
        "line 1: ts: expected a non-negative integer (epoch ms) <= 9007199254740991, got 1.5"
    );
}

#[test]
fn csv_columns_map_other_tools_headers() {
    let columns = Columns::parse_spec(
        r#"user_id=AGENT,ts=TIMESTAMP,status=STATE,reason="REASON CODE""#,
        "--columns",
    )
    .unwrap();
    let options = ReadOptions {
        columns: Some(columns.clone()),
        ..ReadOptions::default()
    };
    let csv = "TIMESTAMP,\"REASON CODE\",Queue, AGENT ,STATE\n\
               2024-03-04T08:20:00Z,,sales,7,ready\n\
               1709540460000,\"lunch, long\",sales,7,paused\n";
    let want = vec![
        ("7".into(), T0, "ready".into(), None),
        // + 60 s.
        (
            "7".into(),
            T0 + 60_000,
            "paused".into(),
            Some("lunch, long".into()),
        ),
    ];
    assert_eq!(events(csv, &options).unwrap(), want);
    assert_eq!(staged(csv, &options).unwrap(), want);
    // Without the option, the same file lacks user_id.
    assert_eq!(
        err(csv, &ReadOptions::default()),
        "line 1: the CSV header must name the columns user_id, ts and status (and optionally reason); user_id is missing"
    );
    // A named column missing: the error names it and lists the header.
    let missing = "TIMESTAMP,AGENT,STATE\n1,7,ready\n";
    let msg = r#"line 1: the CSV header has no column "REASON CODE" (the columns option's reason); its columns are "TIMESTAMP", "AGENT", "STATE""#;
    assert_eq!(err(missing, &options), msg);
    assert_eq!(staged(missing, &options), Err(msg.to_string()));
    // Fields not named keep their names; reason stays optional then.
    let options = ReadOptions {
        columns: Some(Columns::from_pairs([("user_id", "AGENT")], "columns").unwrap()),
        ..ReadOptions::default()
    };
    assert_eq!(
        events("AGENT,ts,status,reason\n7,5,paused,break\n", &options).unwrap(),
        vec![("7".into(), 5, "paused".into(), Some("break".into()))]
    );
    assert_eq!(
        events("AGENT,ts,status\n7,5,paused\n", &options).unwrap(),
        vec![("7".into(), 5, "paused".into(), None)]
    );
    assert_eq!(
        err("user_id,ts,status\n7,5,paused\n", &options),
        r#"line 1: the CSV header has no column "AGENT" (the columns option's user_id); its columns are "user_id", "ts", "status""#
    );
    assert_eq!(
        Columns::from_pairs([("agent", "A")], "columns")
            .unwrap_err()
            .to_string(),
        r#"columns: expected user_id, ts, status or reason, got "agent""#
    );
}

const MAP: &str = r#"{
  "Available": "ready",
  "On Call": {"status": "incall"},
  "Lunch": {"status": "paused", "reason": "lunch"},
  "Break": {"status": "paused", "reason": null},
  "Not Ready": "paused"
}"#;

/// One log with raw statuses: each rule form, an unmapped status, a case-different one.
const RAW: &str = "user_id,ts,status,reason\n\
                   a,1000,Available,x\n\
                   a,2000,On Call,inbound\n\
                   a,3000,Lunch,own\n\
                   b,4000,Break,own\n\
                   b,5000,Not Ready,meeting\n\
                   b,6000,Training,\n\
                   b,7000,available,\n";

fn mapped() -> Vec<Owned> {
    vec![
        // A string target keeps the event's reason; so does an object without `reason`.
        ("a".into(), 1000, "ready".into(), Some("x".into())),
        ("a".into(), 2000, "incall".into(), Some("inbound".into())),
        // `"reason": "lunch"` replaces it; `null` drops it.
        ("a".into(), 3000, "paused".into(), Some("lunch".into())),
        ("b".into(), 4000, "paused".into(), None),
        ("b".into(), 5000, "paused".into(), Some("meeting".into())),
        // Unmapped statuses pass through; keys are case-sensitive.
        ("b".into(), 6000, "Training".into(), None),
        ("b".into(), 7000, "available".into(), None),
    ]
}

#[test]
fn a_status_map_applies_in_every_format_and_on_every_path() {
    let map = StatusMap::from_json(MAP.as_bytes()).unwrap();
    assert_eq!(map.len(), 5);
    let options = ReadOptions {
        status_map: Some(map.clone()),
        ..ReadOptions::default()
    };
    // The same log in the three formats.
    let ndjson: String = RAW
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let reason = if f[3].is_empty() {
                String::new()
            } else {
                format!(",\"reason\":\"{}\"", f[3])
            };
            format!(
                "{{\"user_id\":\"{}\",\"ts\":{},\"status\":\"{}\"{reason}}}\n",
                f[0], f[1], f[2]
            )
        })
        .collect();
    let array = format!("[{}]", ndjson.trim_end().replace('\n', ","));
    for input in [RAW, &ndjson, &array] {
        assert_eq!(events(input, &options).unwrap(), mapped(), "{input}");
        assert_eq!(staged(input, &options).unwrap(), mapped(), "{input}");
        // parse_into, then apply: the same events by name.
        let b = input.as_bytes();
        let mut store = EventStore::new();
        let mut batch = Batch::default();
        parse_into(b, detect(b), &mut store, &mut batch).unwrap();
        map.apply(&mut store, &mut batch).unwrap();
        assert_eq!(named(&store, &batch), mapped(), "{input}");
    }
    // `map` on one event.
    let e = agent_kpis_core::EventRef::new("a", 1, "Lunch").with_reason("own");
    assert_eq!(
        map.map(e),
        agent_kpis_core::EventRef::new("a", 1, "paused").with_reason("lunch")
    );
    let e = agent_kpis_core::EventRef::new("a", 1, "Training");
    assert_eq!(map.map(e), e);
}

#[test]
fn apply_rewrites_only_the_mapped_events_and_checks_ids() {
    let mut map = StatusMap::new();
    map.insert("Lunch", "paused", Some(Some("lunch")), "m")
        .unwrap();
    map.insert("Gone", "offline", Some(None), "m").unwrap();
    let mut store = EventStore::new();
    let mut batch = Batch::default();
    let events = [
        agent_kpis_core::EventRef::new("a", 1, "Lunch").with_reason("own"),
        agent_kpis_core::EventRef::new("a", 2, "ready").with_reason("r"),
        agent_kpis_core::EventRef::new("b", 3, "Gone").with_reason("r"),
        agent_kpis_core::EventRef::new("b", 4, "Lunch"),
    ];
    for e in events {
        batch.push(&mut store, e).unwrap();
    }
    map.apply(&mut store, &mut batch).unwrap();
    assert_eq!(
        named(&store, &batch),
        vec![
            ("a".into(), 1, "paused".into(), Some("lunch".into())),
            ("a".into(), 2, "ready".into(), Some("r".into())),
            ("b".into(), 3, "offline".into(), None),
            ("b".into(), 4, "paused".into(), Some("lunch".into())),
        ]
    );
    // An empty map changes nothing; a status id the store did not give is refused.
    let before: Vec<_> = batch.events().collect();
    StatusMap::new().apply(&mut store, &mut batch).unwrap();
    assert_eq!(batch.events().collect::<Vec<_>>(), before);
    let mut bad = Batch::default();
    bad.push_ids(0, 1, 999, NO_REASON);
    assert_eq!(
        map.apply(&mut store, &mut bad).unwrap_err().to_string(),
        "unknown status id"
    );
}

#[test]
fn status_map_errors_name_the_key() {
    let e = |json: &str| StatusMap::from_json(json.as_bytes()).unwrap_err();
    let canon = "expected one of the canonical statuses extcall, incall, offline, unreachable, ring, paused, wrapup, ready, idle";
    let typo = e(r#"{"Available": "redy"}"#);
    assert_eq!(
        typo.to_string(),
        format!(r#"statusMap["Available"]: {canon}, got "redy""#)
    );
    assert_eq!(typo.kind(), agent_kpis_core::ErrorKind::Range);
    assert_eq!(
        e(r#"{"Lunch": {"status": "Paused", "reason": "lunch"}}"#).to_string(),
        format!(r#"statusMap["Lunch"].status: {canon}, got "Paused""#)
    );
    assert_eq!(
        e(r#"{"Lunch": {"reason": "lunch"}}"#).to_string(),
        r#"statusMap["Lunch"].status: expected a string, got missing"#
    );
    assert_eq!(
        e(r#"{"Lunch": {"status": "paused", "reason": 5}}"#).to_string(),
        r#"statusMap["Lunch"].reason: expected a string, null or undefined, got 5"#
    );
    assert_eq!(
        e(r#"{"Lunch": {"status": "paused", "why": "x"}}"#).to_string(),
        r#"statusMap["Lunch"]: unknown key "why"; expected status and reason"#
    );
    assert_eq!(
        e(r#"{"Lunch": 5}"#).to_string(),
        r#"statusMap["Lunch"]: expected a canonical status or an object { status, reason }, got 5"#
    );
    assert_eq!(
        e(r#"{"": "ready"}"#).to_string(),
        r#"statusMap[""]: must not be empty"#
    );
    assert_eq!(
        e("[]").to_string(),
        "statusMap: expected an object { rawStatus: status or { status, reason } }, got an array"
    );
    assert!(e("{")
        .to_string()
        .starts_with("statusMap: invalid JSON: EOF while parsing"));
    // insert names the caller's path.
    let mut map = StatusMap::new();
    assert_eq!(
        map.insert("x", "redy", None, "--status-map[\"x\"]")
            .unwrap_err()
            .to_string(),
        format!(r#"--status-map["x"]: {canon}, got "redy""#)
    );
    assert!(map.is_empty());
    // A byte-order mark first is allowed (files saved by Windows editors).
    let bom = [b"\xEF\xBB\xBF".as_slice(), br#"{"A": "ready"}"#].concat();
    assert_eq!(StatusMap::from_json(&bom).unwrap().len(), 1);
}

/// The civil date-time of epoch ms `ms` as `YYYY-MM-DDTHH:MM:SS.mmmZ`, from Howard Hinnant's
/// civil-from-days algorithm (independent of jiff).
fn iso_z(ms: u64) -> String {
    let days = (ms / 86_400_000) as i64;
    let rem = ms % 86_400_000;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let (h, mi, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

#[test]
fn the_reference_formatter_is_right() {
    assert_eq!(iso_z(0), "1970-01-01T00:00:00.000Z");
    assert_eq!(iso_z(T0 + 7), "2024-03-04T08:20:00.007Z");
    assert_eq!(iso_z(MAR_31_2024 - 1), "2024-03-30T23:59:59.999Z");
}

#[cfg(not(target_arch = "wasm32"))]
mod random {
    use super::*;
    use proptest::prelude::*;

    /// One log written three ways: `ts` as epoch ms, as an ISO-8601 string with Z, and as epoch
    /// seconds with 3 decimals (read with `TsUnit::Seconds`).
    fn three_ways(log: &[(u8, u64, u8)], format: u8) -> [(String, ReadOptions); 3] {
        let write = |ts: &dyn Fn(u64) -> String| -> String {
            let rows = log.iter().map(|&(a, t, s)| {
                (
                    format!("agent-{a}"),
                    ts(t),
                    ["ready", "incall", "Lunch"][s as usize % 3],
                )
            });
            match format {
                0 => {
                    let mut out = String::from("user_id,ts,status\n");
                    for (a, t, s) in rows {
                        out.push_str(&format!("{a},{t},{s}\n"));
                    }
                    out
                }
                _ => {
                    let objects: Vec<String> = rows
                        .map(|(a, t, s)| format!(r#"{{"user_id":"{a}","ts":{t},"status":"{s}"}}"#))
                        .collect();
                    if format == 1 {
                        objects.join("\n")
                    } else {
                        format!("[{}]", objects.join(","))
                    }
                }
            }
        };
        let quoted = format != 0;
        let iso = move |t: u64| {
            if quoted {
                format!("\"{}\"", iso_z(t))
            } else {
                iso_z(t)
            }
        };
        [
            (write(&|t| t.to_string()), ReadOptions::default()),
            (write(&iso), ReadOptions::default()),
            (
                write(&|t| format!("{}.{:03}", t / 1000, t % 1000)),
                seconds(),
            ),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn epoch_ms_iso_z_and_seconds_read_the_same(
            log in prop::collection::vec((0u8..5, 0u64..=253_402_300_799_999, 0u8..3), 1..20),
            format in 0u8..3,
            mapped in any::<bool>(),
        ) {
            let map = StatusMap::from_json(br#"{"Lunch": {"status": "paused", "reason": "lunch"}}"#).unwrap();
            let results: Vec<_> = three_ways(&log, format)
                .into_iter()
                .map(|(text, mut options)| {
                    if mapped {
                        options.status_map = Some(map.clone());
                    }
                    let read = events(&text, &options).unwrap();
                    prop_assert_eq!(&staged(&text, &options).unwrap(), &read);
                    Ok(read)
                })
                .collect::<Result<Vec<_>, TestCaseError>>()?;
            let want: Vec<Owned> = log
                .iter()
                .map(|&(a, t, s)| {
                    let (status, reason) = match (s, mapped) {
                        (0, _) => ("ready", None),
                        (1, _) => ("incall", None),
                        (_, true) => ("paused", Some("lunch".to_string())),
                        (_, false) => ("Lunch", None),
                    };
                    (format!("agent-{a}"), t, status.to_string(), reason)
                })
                .collect();
            for r in &results {
                prop_assert_eq!(r, &want);
            }
        }
    }
}
