//! Schedules read from JSON text (`schedule::raw::parse_schedules`): the recorded fixtures'
//! schedules (`tests/fixtures/*.adherence.json`) give the adherence of the independent reference
//! that the Node tests check on the JS path, and type errors name the place.

use agent_kpis_core::parse::{self, Format};
use agent_kpis_core::schedule::raw::{parse_schedules, RawRule, RawSchedule};
use agent_kpis_core::schedule::{zone, Schedules};
use agent_kpis_core::{AdherencePct, AgentKpis, AgentLog, ErrorKind, Query, Unit, Window};
use serde_json::{json, Value};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");

/// `{adherencePct, adherence}` of a row as the expected files write them (`adherence` null when
/// absent).
fn adherence_of(a: &AgentKpis) -> (Value, Value) {
    let pct = match a.adherence_pct {
        Some(AdherencePct::Pct(p)) => json!(p),
        Some(AdherencePct::NoShift) => Value::Null,
        Some(AdherencePct::Bypass) => json!("bypass"),
        None => panic!("{}: no adherencePct", a.user_id),
    };
    let state = a.adherence.map_or(Value::Null, |s| {
        json!({
            "onShift": s.on_shift,
            "adherent": s.adherent,
            "unit": match s.unit { Unit::Samples => "samples", Unit::Ms => "ms" },
            "onShiftNow": s.on_shift_now,
            "inAdherenceNow": s.in_adherence_now,
            "outSince": s.out_since,
            "severe": s.severe,
        })
    });
    (pct, state)
}

#[test]
fn fixture_schedules_give_the_reference_adherence() {
    for name in ["day-shift", "evening-shift", "messy"] {
        let events = std::fs::read(format!("{FIXTURES}/{name}.json")).unwrap();
        let text = std::fs::read_to_string(format!("{FIXTURES}/{name}.adherence.json")).unwrap();
        let file = parse_schedules(&text).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(file.timezone.as_deref(), doc["timezone"].as_str());
        assert_eq!(
            file.schedules.len(),
            doc["schedules"].as_array().unwrap().len()
        );
        let mut log = AgentLog::new();
        parse::parse(&events, Format::JsonArray, |e| log.push(e)).unwrap();
        log.set_schedules(Schedules::compile(&file.schedules).unwrap());
        let scheduled: Vec<&str> = file.schedules.iter().map(|s| s.user_id.as_str()).collect();
        for case in doc["cases"].as_array().unwrap() {
            let (since, now) = (
                case["since"].as_u64().unwrap(),
                case["now"].as_u64().unwrap(),
            );
            let mut query = Query::new(Window::new(since, now).unwrap());
            query.sample_ms = case["sampleMs"].as_u64().unwrap();
            query.zone = zone(file.timezone.as_deref().unwrap(), "timezone").unwrap();
            let agents = log.query(&query).unwrap().agents;
            let label = format!("{name} [{since}, {now}] step {}", query.sample_ms);
            for a in &agents {
                if !scheduled.contains(&a.user_id.as_str()) {
                    assert!(
                        a.adherence_pct.is_none() && a.adherence.is_none(),
                        "{label}: {}",
                        a.user_id
                    );
                    continue;
                }
                let want = &case["expected"][&a.user_id];
                let want = (
                    want["adherencePct"].clone(),
                    want.get("adherence").cloned().unwrap_or(Value::Null),
                );
                assert_eq!(adherence_of(a), want, "{label}: {}", a.user_id);
            }
            let reported = agents.iter().filter(|a| a.adherence_pct.is_some()).count();
            assert_eq!(reported, scheduled.len(), "{label}");
        }
    }
}

/// Issue 15: every case of the fixtures (`cases` with the default options, `scheduleCases` with a
/// grace, a severe threshold and planned reasons), sampled and exact, rules and segments, gives
/// the independent reference's `adherencePct`, `adherence` (with `severe`), `conformancePct`,
/// `conformance`, `shrinkagePct` and `shrinkage`, from a fresh log and from an interval report of
/// one interval.
#[test]
fn fixture_schedules_give_the_reference_schedule_metrics() {
    const KEYS: [&str; 6] = [
        "adherencePct",
        "adherence",
        "conformancePct",
        "conformance",
        "shrinkagePct",
        "shrinkage",
    ];
    let mut compared = 0;
    for name in ["day-shift", "evening-shift", "messy"] {
        let events = std::fs::read(format!("{FIXTURES}/{name}.json")).unwrap();
        let text = std::fs::read_to_string(format!("{FIXTURES}/{name}.adherence.json")).unwrap();
        let file = parse_schedules(&text).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        let mut log = AgentLog::new();
        parse::parse(&events, Format::JsonArray, |e| log.push(e)).unwrap();
        log.set_schedules(Schedules::compile(&file.schedules).unwrap());
        let all = doc["cases"].as_array().unwrap().iter();
        let cases: Vec<&Value> = all
            .chain(doc["scheduleCases"].as_array().unwrap())
            .collect();
        assert!(cases.len() > 10);
        for case in cases {
            let (since, now) = (
                case["since"].as_u64().unwrap(),
                case["now"].as_u64().unwrap(),
            );
            let mut query = Query::new(Window::new(since, now).unwrap());
            query.sample_ms = case["sampleMs"].as_u64().unwrap();
            query.zone = zone(file.timezone.as_deref().unwrap(), "timezone").unwrap();
            query.include.conformance = true;
            query.include.shrinkage = true;
            if let Some(g) = case.get("graceMs") {
                query.adherence_grace_ms = g.as_u64().unwrap();
            }
            if let Some(s) = case.get("severeMs") {
                query.adherence_severe_ms = s.as_u64().unwrap();
            }
            if let Some(list) = case.get("plannedReasons") {
                let names = list.as_array().unwrap().iter();
                query.planned_reasons = names.map(|n| n.as_str().unwrap().to_string()).collect();
            }
            let label = format!(
                "{name} [{since}, {now}] step {} grace {}",
                query.sample_ms, query.adherence_grace_ms
            );
            let agents = log.query(&query).unwrap().agents;
            let report = log.intervals(since, now, now - since, &query).unwrap();
            for a in &agents {
                let Some(want) = case["expected"].get(&a.user_id) else {
                    continue;
                };
                let got = serde_json::to_value(a).unwrap();
                for key in KEYS {
                    let w = want.get(key).unwrap_or(&Value::Null);
                    let g = got.get(key).unwrap_or(&Value::Null);
                    assert_eq!(g, w, "{label}: {} {key}", a.user_id);
                }
                let row = report.iter().find(|r| r.user_id == a.user_id).unwrap();
                assert_eq!(&row.rows[0].kpis, a, "{label}: {} interval", a.user_id);
                compared += 1;
            }
        }
    }
    assert!(compared > 1000, "{compared}");
}

#[test]
fn both_file_forms_and_every_field() {
    let one = r#"{"user_id": 17, "bypass": null, "timezone": "Europe/Paris", "rules": [
        {"kind": "weekly", "dow": 1.0, "start_time": "09:00", "end_time": "17:00", "extra": [1, {}]},
        {"kind": "date", "start_date": "2026-03-10", "is_closed": 1},
        {"kind": "date_range", "start_date": "2026-03-11", "end_date": "2026-03-12", "is_closed": false,
         "start_time": "10:00", "end_time": "24:00"}
    ], "segments": null, "name": "ignored"}"#;
    let want = RawSchedule {
        user_id: "17".into(),
        bypass: false,
        timezone: Some("Europe/Paris".into()),
        rules: Some(vec![
            RawRule::weekly(1, "09:00", "17:00"),
            RawRule {
                kind: "date".into(),
                start_date: Some("2026-03-10".into()),
                is_closed: true,
                ..RawRule::default()
            },
            RawRule {
                kind: "date_range".into(),
                start_date: Some("2026-03-11".into()),
                end_date: Some("2026-03-12".into()),
                start_time: Some("10:00".into()),
                end_time: Some("24:00".into()),
                ..RawRule::default()
            },
        ]),
        segments: None,
    };
    let array = parse_schedules(&format!("\u{feff} [{one}]")).unwrap();
    assert_eq!(array.schedules, vec![want.clone()]);
    assert_eq!(array.timezone, None);
    let object =
        parse_schedules(&format!(r#"{{"timezone": "UTC", "schedules": [{one}]}}"#)).unwrap();
    assert_eq!(object.schedules, vec![want]);
    assert_eq!(object.timezone.as_deref(), Some("UTC"));
    let seg = parse_schedules(
        r#"[{"user_id": "b", "bypass": true, "segments": [{"start": 0, "end": 1e3}]}]"#,
    )
    .unwrap();
    assert_eq!(seg.schedules[0].segments, Some(vec![(0, 1000)]));
    assert!(seg.schedules[0].bypass);
}

#[test]
fn type_errors_name_the_place() {
    let cases = [
        (
            r#"[{"user_id": 1.5, "rules": []}]"#,
            "schedules[0].user_id",
            "expected a non-empty string or a safe integer, got 1.5",
        ),
        (
            r#"[{"user_id": "", "rules": []}]"#,
            "schedules[0].user_id",
            "expected a non-empty string or a safe integer, got \"\"",
        ),
        (
            r#"[{"rules": []}]"#,
            "schedules[0]",
            "missing field `user_id`",
        ),
        (
            r#"[{"user_id": "a", "bypass": 1, "rules": []}]"#,
            "schedules[0].bypass",
            "expected a boolean, got 1",
        ),
        (
            r#"[{"user_id": "a", "timezone": 5, "rules": []}]"#,
            "schedules[0].timezone",
            "expected a string, got 5",
        ),
        (
            r#"[{"user_id": "a", "rules": {}}]"#,
            "schedules[0].rules",
            "invalid type: map, expected a sequence",
        ),
        (
            r#"[{"user_id": "a", "rules": [5]}]"#,
            "schedules[0].rules[0]",
            "invalid type: integer `5`, expected struct RawRule",
        ),
        (
            r#"[{"user_id": "a", "rules": [{"kind": "weekly"}, {"kind": 1}]}]"#,
            "schedules[0].rules[1].kind",
            "expected \"weekly\", \"date\" or \"date_range\", got 1",
        ),
        (
            r#"[{"user_id": "a", "rules": [{"dow": 1}]}]"#,
            "schedules[0].rules[0]",
            "missing field `kind`",
        ),
        (
            r#"[{"user_id": "a", "rules": [{"kind": "weekly", "dow": 1.5}]}]"#,
            "schedules[0].rules[0].dow",
            "expected an integer 0 (Sunday) to 6 (Saturday), got 1.5",
        ),
        (
            r#"[{"user_id": "a", "rules": [{"kind": "weekly", "dow": "1"}]}]"#,
            "schedules[0].rules[0].dow",
            "expected an integer 0 (Sunday) to 6 (Saturday), got \"1\"",
        ),
        (
            r#"[{"user_id": "a", "rules": [{"kind": "date", "is_closed": 2}]}]"#,
            "schedules[0].rules[0].is_closed",
            "expected a boolean, 0 or 1, got 2",
        ),
        (
            r#"[{"user_id": "a", "rules": [{"kind": "date", "start_date": [2026]}]}]"#,
            "schedules[0].rules[0].start_date",
            "expected a string, got an array",
        ),
        (
            r#"[{"user_id": "a", "segments": [{"start": -1, "end": 10}]}]"#,
            "schedules[0].segments[0].start",
            "expected a non-negative integer (epoch ms) <= 9007199254740991, got -1",
        ),
        (
            r#"[{"user_id": "a", "segments": [{"start": 0, "end": "10"}]}]"#,
            "schedules[0].segments[0].end",
            "expected a non-negative integer (epoch ms), got \"10\"",
        ),
        (
            r#"[{"user_id": "a", "segments": [{"start": 0}]}]"#,
            "schedules[0].segments[0]",
            "missing field `end`",
        ),
        (
            r#"[null]"#,
            "schedules[0]",
            "invalid type: null, expected struct RawSchedule",
        ),
        (
            r#"{"schedules": [{"user_id": "a"}, {"user_id": true}]}"#,
            "schedules[1].user_id",
            "expected a non-empty string or a safe integer, got true",
        ),
        (r#"{"timezone": "UTC"}"#, "", "missing field `schedules`"),
        (
            r#"{"schedules": 5}"#,
            "schedules",
            "invalid type: integer `5`, expected a sequence",
        ),
        (r#"[] x"#, "", "trailing characters"),
        (
            r#"[{"user_id": "a",]"#,
            "schedules[0]",
            "key must be a string",
        ),
    ];
    for (text, path, detail) in cases {
        let e = parse_schedules(text).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Type, "{text}");
        assert_eq!(e.path(), path, "{text}: {e}");
        assert!(e.problem().to_string().starts_with(detail), "{text}: {e}");
        assert!(
            e.problem().to_string().contains(" at line 1 column "),
            "{text}: {e}"
        );
    }
}

/// A few of the errors above in full, as the CLI prints them: serde's message with its position,
/// after the path (none for an error after the schedules).
#[test]
fn type_errors_in_full() {
    let cases = [
        (
            r#"[{"user_id": "a", "bypass": 1, "rules": []}]"#,
            "schedules[0].bypass: expected a boolean, got 1 at line 1 column 29",
        ),
        (
            r#"[{"rules": []}]"#,
            "schedules[0]: missing field `user_id` at line 1 column 14",
        ),
        (r#"[] x"#, "trailing characters at line 1 column 4"),
    ];
    for (text, message) in cases {
        let e = parse_schedules(text).unwrap_err();
        assert_eq!(
            (e.to_string().as_str(), e.kind()),
            (message, ErrorKind::Type),
            "{text}"
        );
    }
}
