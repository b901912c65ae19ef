//! Times the text parsers on a generated 1M-event log (2,000 agents), JSON array and NDJSON:
//! `cargo run --release --example profile_parse`.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use std::time::Instant;

use agent_kpis_core::parse::{detect, parse};
use agent_kpis_core::{AgentLog, Window};

fn main() {
    let statuses = ["ready", "incall", "wrapup", "paused", "idle", "ring"];
    let mut rng = common::XorShift::default();
    let mut rnd = || rng.next();
    let mut ts = 1_767_225_600_000u64;
    let mut lines = Vec::new();
    for _ in 0..1_000_000 {
        ts += u64::from(rnd() % 40);
        let s = statuses[(rnd() % 6) as usize];
        let reason = if s == "paused" { "\"break\"" } else { "null" };
        lines.push(format!(
            "{{\"user_id\":\"agent-{}\",\"ts\":{ts},\"status\":\"{s}\",\"reason\":{reason}}}",
            rnd() % 2000
        ));
    }
    let ndjson = lines.join("\n");
    let array = format!("[{}]", lines.join(","));
    for (name, text) in [("ndjson", &ndjson), ("array", &array)] {
        let t0 = Instant::now();
        let mut count = 0u64;
        parse(text.as_bytes(), detect(text.as_bytes()), |e| {
            count += e.ts & 1;
            Ok(())
        })
        .unwrap();
        println!("{name}: parse only {:?} ({count})", t0.elapsed());
        for _ in 0..3 {
            let t0 = Instant::now();
            let mut log = AgentLog::new();
            let n = parse(text.as_bytes(), detect(text.as_bytes()), |e| log.push(e)).unwrap();
            let t1 = Instant::now();
            let r = log.kpis(Window::new(0, ts).unwrap()).unwrap();
            let t2 = Instant::now();
            let mb = text.len() as f64 / 1e6;
            println!(
                "{name}: {n} events, {mb:.0} MB: parse+append {:?} ({:.0} MB/s), kpis {:?}, {} agents",
                t1 - t0,
                mb / (t1 - t0).as_secs_f64(),
                t2 - t1,
                r.agents.len()
            );
        }
    }
}
