//! A/B of the one-shot fold with and without every block, alternating in one process (medians
//! and the median of the per-round ratios): `cargo run --release -p agent-kpis-core --example
//! ab_blocks` (`AGENTS`, `EVENTS`, `ROUNDS`).
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::time::{Duration, Instant};

use agent_kpis_core::{fold_batch_with, Batch, EventStore, Include, Window};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let agents = env("AGENTS", 2000) as u32;
    let n = env("EVENTS", 1_000_000);
    let statuses = [
        "ready", "incall", "wrapup", "ready", "incall", "wrapup", "paused", "idle", "ring",
    ];
    let mut x: u32 = 1;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    };
    let mut staging = EventStore::new();
    let ids: Vec<u32> = (0..agents)
        .map(|a| staging.intern_agent(&format!("agent-{a:05}")).unwrap())
        .collect();
    let st: Vec<u32> = statuses
        .iter()
        .map(|s| staging.intern_status(s).unwrap())
        .collect();
    let reasons: Vec<u32> = ["lunch", "break", "training"]
        .iter()
        .map(|s| staging.intern_reason(Some(s)).unwrap())
        .collect();
    let mut batch = Batch::with_capacity(n as usize);
    let mut ts = 1_767_225_600_000u64;
    let first = ts;
    for _ in 0..n {
        ts += 1 + u64::from(rnd() % 171);
        let s = (rnd() % 9) as usize;
        let r = if s == 6 {
            reasons[(rnd() % 3) as usize]
        } else {
            u32::MAX
        };
        batch.push_ids(ids[(rnd() % agents) as usize], ts, st[s], r);
    }
    let window = Window::new(first + (ts - first) / 20, ts).unwrap();
    let (mut with, mut without, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..env("ROUNDS", 15) {
        let time = |include| {
            let t0 = Instant::now();
            let r = fold_batch_with(&staging, &batch, window, include, None).unwrap();
            let t = t0.elapsed();
            assert_eq!(r.agents.len(), agents as usize);
            t
        };
        let a = time(Include::default());
        let b = time(Include::ALL);
        ratios.push(b.as_secs_f64() / a.as_secs_f64());
        without.push(a);
        with.push(b);
    }
    let med = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    ratios.sort_by(f64::total_cmp);
    println!(
        "without {:?}, with all blocks {:?}, median ratio {:.2} (min {:.2}, max {:.2})",
        med(without),
        med(with),
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1]
    );
}
