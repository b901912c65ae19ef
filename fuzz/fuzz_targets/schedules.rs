//! Fuzzes schedule compilation and evaluation: arbitrary rules (times, dates, weekdays, zones,
//! overrides), segments and windows, evaluated for adherence. Errors are fine; panics are bugs.
#![no_main]

use agent_kpis_core::Query;
use agent_kpis_core::schedule::raw::{RawRule, RawSchedule};
use agent_kpis_core::schedule::Schedules;
use agent_kpis_core::{AgentLog, EventRef, Window};
use libfuzzer_sys::fuzz_target;

const TIMES: [&str; 10] = ["00:00", "09:00", "17:30", "23:59", "24:00", "25:00", "5pm", "", "02:30", "01:30"];
const DATES: [&str; 8] = ["2026-03-08", "2026-11-01", "2026-02-29", "2024-02-29", "2026-13-01", "x", "2026-03-10", "9999-12-31"];
const ZONES: [&str; 6] = ["UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Nope/Nope", "Europe/London"];
const KINDS: [&str; 4] = ["weekly", "date", "date_range", "monthly"];

fuzz_target!(|data: &[u8]| {
    let byte = |i: usize| data.get(i).copied().unwrap_or(0) as usize;
    let mut schedules = Vec::new();
    for (k, chunk) in data.chunks(12).take(8).enumerate() {
        let b = |i: usize| chunk.get(i).copied().unwrap_or(0) as usize;
        let rules: Vec<RawRule> = (0..b(0) % 4)
            .map(|j| RawRule {
                kind: KINDS[b(1 + j) % 4].into(),
                dow: Some((b(2 + j) % 9) as i64 - 1),
                start_date: Some(DATES[b(3 + j) % 8].into()),
                end_date: Some(DATES[b(4 + j) % 8].into()),
                is_closed: b(5 + j) % 3 == 0,
                start_time: Some(TIMES[b(6 + j) % 10].into()),
                end_time: Some(TIMES[b(7 + j) % 10].into()),
            })
            .collect();
        let segments = (b(8) % 2 == 0).then(|| vec![(b(9) as u64 * 1_000_000, b(10) as u64 * 1_000_000)]);
        schedules.push(RawSchedule {
            user_id: format!("a{}", k % 5),
            bypass: b(11) % 7 == 0,
            timezone: (b(11) % 2 == 0).then(|| ZONES[b(11) % 6].into()),
            rules: if segments.is_some() && b(0) % 3 == 0 { None } else { Some(rules) },
            segments,
        });
    }
    let Ok(compiled) = Schedules::compile(&schedules) else { return };
    let mut log = AgentLog::new();
    for i in 0..20u64 {
        let _ = log.push(EventRef { user_id: "a1", ts: 1_772_841_600_000 + i * 3_000_000, status: if i % 3 == 0 { "paused" } else { "ready" }, reason: None });
    }
    log.set_schedules(compiled);
    let since = 1_772_841_600_000 + (byte(0) as u64) * 3_600_000;
    if let Ok(w) = Window::new(since, since + (byte(1) as u64 + 1) * 3_600_000) {
        let mut q = Query::new(w);
        q.sample_ms = [0, 1, 60_000, 300_000][byte(2) % 4];
        // Issue 15: a grace, a severe threshold, conformance and shrinkage.
        q.adherence_grace_ms = [0, 1, 600_000, u64::MAX][byte(3) % 4];
        q.adherence_severe_ms = [1, 300_000, u64::MAX][byte(4) % 3];
        q.include.conformance = byte(5) % 2 == 0;
        q.include.shrinkage = byte(6) % 2 == 0;
        let _ = log.query(&q);
    }
});
