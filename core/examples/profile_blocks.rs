//! Times issue 14's blocks natively on generated events (default 2,000 agents × 1M events, the
//! events of `profile_query`; `AGENTS` and `EVENTS` change them): the one-shot fold with and
//! without every block, and the live engine's `query_table` with and without every block — for a
//! fresh `now` (kept answers extended), with a second of appends before each query, and with a
//! moving `since` (nothing reused) — plus memory per event before and after the episode index is
//! built. `cargo run --release -p agent-kpis-core --example profile_blocks` (`ONE_SHOT_ONLY=with`
//! or `=without`: only that one-shot fold).
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::time::Instant;

use agent_kpis_core::{fold_batch_with, AgentLog, EventStore, Include, Query, Window};

mod common;
use common::{env, median, Traffic, START_TS};

fn main() {
    let agents = env("AGENTS", 2000) as u32;
    let n = env("EVENTS", 1_000_000);
    let rounds = env("ROUNDS", 31);
    let mut staging = EventStore::new();
    let mut traffic = Traffic::new(&mut staging, agents);
    let mut ts = START_TS;
    let first = ts;
    let batch = traffic.batch(n, &mut ts);
    let since = first + (ts - first) / 20;
    let window = Window::new(since, ts).unwrap();

    // The one-shot fold of the same events, without and with every block.
    let only = std::env::var("ONE_SHOT_ONLY").ok();
    for (label, include) in [
        ("without blocks", Include::default()),
        ("with all blocks", Include::ALL),
    ] {
        if only
            .as_deref()
            .is_some_and(|o| label.split(' ').next() != Some(o))
        {
            continue;
        }
        let mut times = Vec::new();
        for _ in 0..env("ONE_SHOT_ROUNDS", 5) {
            let t0 = Instant::now();
            let r = fold_batch_with(&staging, &batch, window, include, None).unwrap();
            times.push(t0.elapsed());
            assert_eq!(r.agents.len(), agents as usize);
        }
        println!("one-shot fold {label}: median {:?}", median(times));
    }

    if only.is_none() {
        // The alternative: the one-shot as an engine used once (timelines, checkpoints and the
        // episode index built, then one query).
        let mut times = Vec::new();
        for _ in 0..3 {
            let t0 = Instant::now();
            let mut log = AgentLog::new();
            log.store_mut().append_staged(&staging, &batch).unwrap();
            let mut q = Query::new(window);
            q.include = Include::ALL;
            log.query_table(&q).unwrap();
            times.push(t0.elapsed());
        }
        println!(
            "one-shot as a fresh engine with all blocks: median {:?}",
            median(times)
        );
    }
    if only.is_some() {
        return;
    }
    let mut log = AgentLog::new();
    log.store_mut().append_staged(&staging, &batch).unwrap();
    log.store_mut().prepare();
    let events = log.stats().events as f64;
    println!(
        "memory before blocks: {:.1} bytes/event (store {:.1})",
        log.stats().bytes as f64 / events,
        log.store().heap_bytes() as f64 / events
    );
    for (label, include) in [
        ("without blocks", Include::default()),
        ("with all blocks", Include::ALL),
    ] {
        let query = |since: u64, now: u64| {
            let mut q = Query::new(Window::new(since, now).unwrap());
            q.include = include;
            q
        };
        // First query (builds the episode index when blocks are asked for).
        let t0 = Instant::now();
        log.query_table(&query(since, ts)).unwrap();
        println!("engine {label}: first query {:?}", t0.elapsed());
        // A fresh `now` every round, nothing appended: kept answers extended.
        let mut fresh = Vec::new();
        for k in 1..=rounds {
            let q = query(since, ts + k * 1000);
            let t0 = Instant::now();
            log.query_table(&q).unwrap();
            fresh.push(t0.elapsed());
        }
        // A second of traffic (12 events a second for 1M a day) before each query.
        let mut appends = Vec::new();
        let mut clock = ts + rounds * 1000;
        for _ in 0..rounds {
            for _ in 0..12 {
                let (a, _, s, r) = traffic.next(&mut clock);
                log.store_mut().push_ids(a, clock, s, r).unwrap();
            }
            clock += 1000;
            let q = query(since, clock);
            let t0 = Instant::now();
            log.query_table(&q).unwrap();
            appends.push(t0.elapsed());
        }
        ts = clock;
        // `since` moves with `now`: nothing kept is reused.
        let mut moving = Vec::new();
        for k in 1..=rounds {
            let now = ts + k * 1000;
            let q = query(now - 3_600_000, now);
            let t0 = Instant::now();
            log.query_table(&q).unwrap();
            moving.push(t0.elapsed());
        }
        ts += rounds * 1000;
        println!(
            "engine {label}: fresh now median {:?}, with appends {:?}, moving since {:?}",
            median(fresh),
            median(appends),
            median(moving)
        );
    }
    let events = log.stats().events as f64;
    println!(
        "memory after blocks: {:.1} bytes/event (store {:.1})",
        log.stats().bytes as f64 / events,
        log.store().heap_bytes() as f64 / events
    );
    // Naming and JSON with every block, for scale.
    let mut q = Query::new(Window::new(since, ts).unwrap());
    q.include = Include::ALL;
    let t0 = Instant::now();
    let r = log.query(&q).unwrap();
    let json = agent_kpis_core::json::response(&r);
    println!(
        "query + naming + JSON with all blocks: {:?} ({} bytes)",
        t0.elapsed(),
        json.len()
    );
}
