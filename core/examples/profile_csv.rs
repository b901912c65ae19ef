//! Times the text readers on a generated 1M-event log (2,000 agents): CSV (plain, and with `\r\n`
//! line ends and quoted reasons), parsed into a store as the wasm entry points do and handed to a
//! sink, NDJSON and a JSON array parsed into a store, and the append path (`parse` into
//! `AgentLog::push`, every name through the store's interners). Prints the median of several runs:
//! `cargo run --release -p agent-kpis-core --example profile_csv [runs] [only cases containing]`.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use std::time::{Duration, Instant};

use agent_kpis_core::parse::{detect, parse, parse_into};
use agent_kpis_core::AgentLog;
use agent_kpis_core::{Batch, EventStore};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(7);
    let only = std::env::args().nth(2).unwrap_or_default();
    let statuses = ["ready", "incall", "wrapup", "paused", "idle", "ring"];
    let mut rng = common::XorShift::default();
    let mut rnd = || rng.next();
    let mut ts = 1_767_225_600_000u64;
    let mut csv = String::from("user_id,ts,status,reason\n");
    let mut crlf = String::from("user_id,ts,status,reason\r\n");
    let mut ndjson = Vec::new();
    for _ in 0..1_000_000 {
        ts += u64::from(rnd() % 40);
        let s = statuses[(rnd() % 6) as usize];
        let user = rnd() % 2000;
        let reason = if s == "paused" { "break" } else { "" };
        csv.push_str(&format!("agent-{user},{ts},{s},{reason}\n"));
        crlf.push_str(&format!("agent-{user},{ts},{s},\"{reason}\"\r\n"));
        let reason = if s == "paused" { "\"break\"" } else { "null" };
        ndjson.push(format!(
            "{{\"user_id\":\"agent-{user}\",\"ts\":{ts},\"status\":\"{s}\",\"reason\":{reason}}}"
        ));
    }
    let array = format!("[{}]", ndjson.join(","));
    let ndjson = ndjson.join("\n");
    let time = |f: &mut dyn FnMut() -> usize| {
        let mut n = 0;
        let times = (0..runs)
            .map(|_| {
                let t0 = Instant::now();
                n = f();
                t0.elapsed()
            })
            .collect();
        (median(times), n)
    };
    let into = |text: &str| {
        let b = text.as_bytes();
        let mut store = EventStore::new();
        let mut batch = Batch::with_capacity(b.len() / 64);
        parse_into(b, detect(b), &mut store, &mut batch).unwrap()
    };
    let sink = |text: &str| {
        let b = text.as_bytes();
        let mut sum = 0u64;
        parse(b, detect(b), |e| {
            sum = sum.wrapping_add(e.ts ^ e.user_id.len() as u64);
            Ok(())
        })
        .unwrap()
    };
    let append = |text: &str| {
        let b = text.as_bytes();
        let mut log = AgentLog::new();
        parse(b, detect(b), |e| log.push(e)).unwrap()
    };
    type Case<'a> = (&'a str, &'a str, &'a dyn Fn(&str) -> usize);
    let cases: [Case; 7] = [
        ("csv parse_into", &csv, &into),
        ("csv crlf+quoted parse_into", &crlf, &into),
        ("csv parse to a sink", &csv, &sink),
        ("ndjson parse_into", &ndjson, &into),
        ("array parse_into", &array, &into),
        ("csv append (parse + AgentLog::push)", &csv, &append),
        ("ndjson append (parse + AgentLog::push)", &ndjson, &append),
    ];
    for (name, text, f) in cases.into_iter().filter(|c| c.0.contains(&only)) {
        let (t, n) = time(&mut || f(text));
        let mb = text.len() as f64 / 1e6;
        println!(
            "{name:40} {n} events, {mb:.0} MB: median {:.1} ms of {runs}",
            t.as_secs_f64() * 1e3
        );
    }
}
