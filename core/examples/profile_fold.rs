//! Times the stages of a one-shot fold of 1M generated events (2,000 agents, time-ordered):
//! `cargo run --release --example profile_fold`.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::time::Instant;

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
    let mut cols = Vec::with_capacity(n);
    for _ in 0..n {
        ts += u64::from(rnd() % 40);
        cols.push((rnd() % 2000, ts, (rnd() % 9) as usize));
    }
    for _ in 0..3 {
        let t0 = Instant::now();
        let mut log = AgentLog::new();
        let store = log.store_mut();
        let agents: Vec<u32> = (0..2000)
            .map(|a| store.intern_agent(&format!("agent-{a}")).unwrap())
            .collect();
        let st: Vec<u32> = statuses
            .iter()
            .map(|s| store.intern_status(s).unwrap())
            .collect();
        for &(a, t, s) in &cols {
            store
                .push_ids(agents[a as usize], t, st[s], u32::MAX)
                .unwrap();
        }
        let t1 = Instant::now();
        store.prepare();
        let t2 = Instant::now();
        let r = log.kpis(Window::new(cols[0].1, ts).unwrap()).unwrap();
        let t3 = Instant::now();
        println!(
            "push {:?}  prepare {:?}  kpis {:?}  agents {}",
            t1 - t0,
            t2 - t1,
            t3 - t2,
            r.agents.len()
        );
    }
}
