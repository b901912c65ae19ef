//! Times the live engine's window query on 1M generated events from 2,000 agents (time-ordered,
//! a reason on some paused events): `cargo run --release --example profile_query`.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::time::Instant;

use agent_kpis_core::Query;
use agent_kpis_core::{AgentLog, Window};

mod common;
use common::{Traffic, START_TS};

fn main() {
    let n = 1_000_000;
    let mut ts = START_TS;
    let mut log = AgentLog::new();
    let store = log.store_mut();
    let mut traffic = Traffic::new(store, 2000);
    let first = ts;
    for _ in 0..n {
        let (a, t, s, r) = traffic.next(&mut ts);
        store.push_ids(a, t, s, r).unwrap();
    }
    let since = first + (ts - first) / 20;
    log.kpis(Window::new(since, ts).unwrap()).unwrap();
    let mut times = Vec::new();
    let mut json = Vec::new();
    let rounds = common::env("ROUNDS", 30);
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
