//! A/B of the one-shot fold with and without every block, alternating in one process (medians
//! and the median of the per-round ratios): `cargo run --release -p agent-kpis-core --example
//! ab_blocks` (`AGENTS`, `EVENTS`, `ROUNDS`).
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::time::Instant;

use agent_kpis_core::{fold_batch_with, EventStore, Include, Window};

mod common;
use common::{env, median, Traffic, START_TS};

fn main() {
    let agents = env("AGENTS", 2000) as u32;
    let n = env("EVENTS", 1_000_000);
    let mut staging = EventStore::new();
    let mut traffic = Traffic::new(&mut staging, agents);
    let mut ts = START_TS;
    let first = ts;
    let batch = traffic.batch(n, &mut ts);
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
    ratios.sort_by(f64::total_cmp);
    println!(
        "without {:?}, with all blocks {:?}, median ratio {:.2} (min {:.2}, max {:.2})",
        median(without),
        median(with),
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1]
    );
}
