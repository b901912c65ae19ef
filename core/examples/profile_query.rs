//! Times the live engine's window query on 1M generated events from 2,000 agents (time-ordered,
//! a reason on some paused events): `cargo run --release --example profile_query`.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::time::Instant;

use agent_kpis_core::Query;
use agent_kpis_core::{AgentLog, Window};

fn main() {
    let statuses = [
        "ready", "incall", "wrapup", "ready", "incall", "wrapup", "paused", "idle", "ring",
    ];
    let mut x: u32 = 1;
    let mut rnd = || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    };
    let n = 1_000_000;
    let mut ts = 1_767_225_600_000u64;
    let mut log = AgentLog::new();
    let store = log.store_mut();
    let agents: Vec<u32> = (0..2000)
        .map(|a| store.intern_agent(&format!("agent-{a:05}")).unwrap())
        .collect();
    let st: Vec<u32> = statuses
        .iter()
        .map(|s| store.intern_status(s).unwrap())
        .collect();
    let reasons: Vec<u32> = ["lunch", "break", "training"]
        .iter()
        .map(|s| store.intern_reason(Some(s)).unwrap())
        .collect();
    let first = ts;
    for _ in 0..n {
        ts += 1 + u64::from(rnd() % 171);
        let s = (rnd() % 9) as usize;
        let r = if s == 6 {
            reasons[(rnd() % 3) as usize]
        } else {
            u32::MAX
        };
        store
            .push_ids(agents[(rnd() % 2000) as usize], ts, st[s], r)
            .unwrap();
    }
    let since = first + (ts - first) / 20;
    log.kpis(Window::new(since, ts).unwrap()).unwrap();
    let mut times = Vec::new();
    let mut json = Vec::new();
    let rounds: u64 = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(30);
    for k in 1..=rounds {
        let query = Query::new(Window::new(since, ts + k * 1000).unwrap());
        let t0 = Instant::now();
        log.query_table(&query).unwrap();
        let t1 = Instant::now();
        let text = if std::env::var("NOJSON").is_ok() {
            String::new()
        } else {
            agent_kpis_core::json::response(&log.last_table().to_response(log.store()))
        };
        let t2 = Instant::now();
        times.push(t1 - t0);
        json.push((t2 - t1, text.len()));
    }
    times.sort();
    json.sort();
    println!(
        "query_table median {:?}  naming + json median {:?} ({} bytes)",
        times[15], json[15].0, json[15].1
    );
}
