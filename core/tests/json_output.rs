//! Results as JSON text (`agent_kpis_core::json`, serde_json) are byte for byte what a
//! hand-written writer (below, the reference) gives: on random logs with schedules (segments and rules, bypassed and
//! event-less agents, both adherence modes), reasons, and names with quotes, backslashes, control
//! characters, `__proto__`, U+2028 and non-ASCII; on interval reports; on the NDJSON lines of
//! compaction; and on the recorded fixtures with their schedules.

use agent_kpis_core::json;
use agent_kpis_core::parse::{self, Format};
use agent_kpis_core::schedule::raw::{parse_schedules, RawRule, RawSchedule};
use agent_kpis_core::schedule::{zone, Schedules};
use agent_kpis_core::{AgentLog, AgentsResponse, EventRef, Query, Window};
use proptest::prelude::*;
use serde_json::Value;

/// A hand-written writer of the same JSON, independent of serde: the reference for the bytes.
mod reference {
    use std::fmt::Write;

    use agent_kpis_core::{AdherencePct, AgentIntervals, AgentKpis, AgentsResponse, Entries, Unit};

    pub fn write_string(out: &mut String, s: &str) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }

    fn write_ms(out: &mut String, entries: &Entries<u64>) {
        out.push('{');
        for (i, (k, v)) in entries.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_string(out, k);
            let _ = write!(out, ":{v}");
        }
        out.push('}');
    }

    fn write_kpis(out: &mut String, a: &AgentKpis) {
        out.push_str("\"statusMs\":");
        write_ms(out, &a.status_ms);
        let _ = write!(
            out,
            ",\"loggedInMs\":{},\"occupancyPct\":{},\"utilizationPct\":{}",
            a.logged_in_ms, a.occupancy_pct, a.utilization_pct
        );
        if !a.reason_ms.is_empty() {
            out.push_str(",\"reasonMs\":{");
            for (i, (status, reasons)) in a.reason_ms.0.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, status);
                out.push(':');
                write_ms(out, reasons);
            }
            out.push('}');
        }
        match a.adherence_pct {
            Some(AdherencePct::Pct(p)) => {
                let _ = write!(out, ",\"adherencePct\":{p}");
            }
            Some(AdherencePct::NoShift) => out.push_str(",\"adherencePct\":null"),
            Some(AdherencePct::Bypass) => out.push_str(",\"adherencePct\":\"bypass\""),
            None => {}
        }
        if let Some(st) = &a.adherence {
            let unit = match st.unit {
                Unit::Samples => "samples",
                Unit::Ms => "ms",
            };
            let _ = write!(
                out,
                ",\"adherence\":{{\"onShift\":{},\"adherent\":{},\"unit\":\"{unit}\",\"onShiftNow\":{},\"inAdherenceNow\":{},\"outSince\":",
                st.on_shift, st.adherent, st.on_shift_now, st.in_adherence_now
            );
            match st.out_since {
                Some(t) => {
                    let _ = write!(out, "{t}");
                }
                None => out.push_str("null"),
            }
            let _ = write!(out, ",\"severe\":{}}}", st.severe);
        }
    }

    pub fn response(r: &AgentsResponse) -> String {
        let mut out = String::from("{\"agents\":[");
        for (i, a) in r.agents.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"user_id\":");
            write_string(&mut out, &a.user_id);
            out.push(',');
            write_kpis(&mut out, a);
            out.push('}');
        }
        out.push_str("]}");
        out
    }

    pub fn intervals(report: &[AgentIntervals]) -> String {
        let mut out = String::from("{\"agents\":[");
        for (i, a) in report.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"user_id\":");
            write_string(&mut out, &a.user_id);
            out.push_str(",\"intervals\":[");
            for (j, r) in a.rows.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{{\"start\":{},\"end\":{},", r.start, r.end);
                write_kpis(&mut out, &r.kpis);
                out.push('}');
            }
            out.push_str("]}");
        }
        out.push_str("]}");
        out
    }

    pub fn ndjson_event(user_id: &str, ts: u64, status: &str, reason: Option<&str>) -> String {
        let mut out = String::from("{\"user_id\":");
        write_string(&mut out, user_id);
        let _ = write!(out, ",\"ts\":{ts},\"status\":");
        write_string(&mut out, status);
        if let Some(r) = reason {
            out.push_str(",\"reason\":");
            write_string(&mut out, r);
        }
        out.push_str("}\n");
        out
    }
}

/// Agent, status and reason names: every escape JSON has, the characters JSON passes raw that JS
/// source would not (U+2028, U+2029), non-ASCII, and keys special to JS objects.
const NAMES: [&str; 16] = [
    "7",
    "__proto__",
    "a\"b",
    "back\\slash",
    "new\nline\r\ttab",
    "bs\u{8}ff\u{c}",
    "nul\u{0}us\u{1f}vt\u{b}",
    "del\u{7f}",
    "é",
    "日本語",
    "😀 smile",
    "ls\u{2028}ps\u{2029}",
    "constructor",
    "/slash/",
    "toString",
    "agent-00042",
];
const STATUSES: [&str; 8] = [
    "ready",
    "incall",
    "wrapup",
    "offline",
    "paused",
    "__proto__",
    "q\"\u{8}",
    "ñ",
];
const REASONS: [&str; 5] = ["", "break", "lunch\u{c}", "__proto__", "日\"本"];
/// Events fall in three hours from the epoch (a Thursday), on a 1 s grid.
const SPAN: u64 = 3 * 3_600_000;

fn schedule(user: &str, kind: u8, bypass: bool) -> RawSchedule {
    let mut s = RawSchedule {
        user_id: user.to_string(),
        bypass,
        ..RawSchedule::default()
    };
    match kind {
        0 => s.segments = Some(vec![(600_000, 2_400_000), (4_000_000, 9_000_000)]),
        1 => s.rules = Some(vec![RawRule::weekly(4, "00:30", "02:10")]),
        _ => {
            s.rules = Some(vec![RawRule::weekly(4, "01:00", "01:00")]);
            s.timezone = Some("Asia/Kolkata".into());
        }
    }
    s
}

fn ndjson(user_id: &str, ts: u64, status: &str, reason: Option<&str>) -> String {
    let mut line = json::Ndjson::default();
    line.push(user_id, ts, status, reason);
    line.finish()
}

fn check(r: &AgentsResponse) {
    let text = json::response(r);
    assert_eq!(text, reference::response(r));
    // serde_json's own writer differs only in writing U+0008 and U+000C as \b and \f: the same
    // JSON value.
    let plain = serde_json::to_string(r).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&plain).unwrap(),
        serde_json::from_str::<Value>(&text).unwrap()
    );
    if !text.contains("\\u0008") && !text.contains("\\u000c") {
        assert_eq!(plain, text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn serde_output_equals_the_hand_written_writer(
        events in prop::collection::vec(
            (0..NAMES.len(), 0..SPAN / 1000, 0..STATUSES.len(), prop::option::of(0..REASONS.len())),
            0..300,
        ),
        // Per name: no schedule, or its form and whether it is bypassed.
        scheduled in prop::collection::vec(prop::option::of((0u8..3, prop::bool::weighted(0.2))), NAMES.len()),
        (since, len) in (0..SPAN, 0..SPAN),
        sample_ms in prop_oneof![Just(0u64), Just(1000), 1u64..900_000],
        (from, step) in (0..SPAN, 1u64..2_000_000),
    ) {
        let mut log = AgentLog::new();
        for &(agent, t, status, reason) in &events {
            let reason = reason.map(|r| REASONS[r]);
            log.push(EventRef { user_id: NAMES[agent], ts: t * 1000, status: STATUSES[status], reason }).unwrap();
            let line = ndjson(NAMES[agent], t * 1000, STATUSES[status], reason);
            prop_assert_eq!(line, reference::ndjson_event(NAMES[agent], t * 1000, STATUSES[status], reason));
        }
        let raw: Vec<RawSchedule> = NAMES
            .iter()
            .zip(&scheduled)
            .filter_map(|(name, s)| s.map(|(kind, bypass)| schedule(name, kind, bypass)))
            .collect();
        log.set_schedules(Schedules::compile(&raw).unwrap());
        let mut query = Query::new(Window::new(since, since + len).unwrap());
        query.sample_ms = sample_ms;
        check(&log.query(&query).unwrap());
        let report = log.intervals(from, from + 3 * step, step, &query).unwrap();
        prop_assert_eq!(json::intervals(&report), reference::intervals(&report));
    }
}

#[test]
fn escapes() {
    for name in NAMES.iter().chain(&STATUSES).chain(&REASONS) {
        let mut r = AgentsResponse::default();
        r.agents.push(agent_kpis_core::AgentKpis::empty(name));
        check(&r);
    }
    let all: String = (0u8..0x80).map(char::from).collect();
    let mut r = AgentsResponse::default();
    r.agents.push(agent_kpis_core::AgentKpis::empty(&all));
    check(&r);
    assert!(json::response(&r).contains(r#"\u0000\u0001"#));
    assert!(json::response(&r).contains(r#"\u0007\u0008\t\n\u000b\u000c\r\u000e"#));
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");

#[test]
fn recorded_fixtures_with_their_schedules() {
    for name in ["day-shift", "evening-shift", "messy"] {
        let events = std::fs::read(format!("{FIXTURES}/{name}.json")).unwrap();
        let mut log = AgentLog::new();
        parse::parse(&events, Format::JsonArray, |e| log.push(e)).unwrap();
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{FIXTURES}/{name}.expected.json")).unwrap(),
        )
        .unwrap();
        let text = std::fs::read_to_string(format!("{FIXTURES}/{name}.adherence.json")).unwrap();
        let file = parse_schedules(&text).unwrap();
        let adherence: Value = serde_json::from_str(&text).unwrap();
        let mut windows: Vec<(u64, u64, u64)> = Vec::new();
        for c in expected["cases"].as_array().unwrap() {
            windows.push((
                c["since"].as_u64().unwrap(),
                c["now"].as_u64().unwrap(),
                300_000,
            ));
        }
        for c in adherence["cases"].as_array().unwrap() {
            windows.push((
                c["since"].as_u64().unwrap(),
                c["now"].as_u64().unwrap(),
                c["sampleMs"].as_u64().unwrap(),
            ));
        }
        for with_schedules in [false, true] {
            log.set_schedules(if with_schedules {
                Schedules::compile(&file.schedules).unwrap()
            } else {
                Schedules::default()
            });
            for &(since, now, sample_ms) in &windows {
                let mut query = Query::new(Window::new(since, now).unwrap());
                query.sample_ms = sample_ms;
                query.zone = zone(file.timezone.as_deref().unwrap(), "timezone").unwrap();
                check(&log.query(&query).unwrap());
                let report = log.intervals(since, now, 3_600_000, &query).unwrap();
                assert_eq!(json::intervals(&report), reference::intervals(&report));
            }
        }
        // Compaction's NDJSON export of half the log.
        let (first, last) = (log.stats().first_ts.unwrap(), log.stats().last_ts.unwrap());
        let dropped = log.compact(first + (last - first) / 2).unwrap();
        assert!(dropped.lines().count() > 1000);
        for line in dropped.lines() {
            let e: Value = serde_json::from_str(line).unwrap();
            let id = match &e["user_id"] {
                Value::String(s) => s.clone(),
                v => panic!("{v}"),
            };
            let want = reference::ndjson_event(
                &id,
                e["ts"].as_u64().unwrap(),
                e["status"].as_str().unwrap(),
                e["reason"].as_str(),
            );
            assert_eq!(format!("{line}\n"), want);
            let reason = e["reason"].as_str();
            assert_eq!(
                ndjson(
                    &id,
                    e["ts"].as_u64().unwrap(),
                    e["status"].as_str().unwrap(),
                    reason
                ),
                want
            );
        }
    }
}
