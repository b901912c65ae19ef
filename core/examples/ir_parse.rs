//! `parse_into` (or, with `SINK=1`, `parse` to a closure) once on a generated log, for instruction
//! counts that machine load does not blur: `valgrind --tool=callgrind
//! --toggle-collect='*parse_into*' target/release/examples/ir_parse` (`*parse*` with `SINK=1`;
//! `FORMAT` = csv | ndjson | array, `EVENTS`; only the API of every version since issue 12, so the
//! same file builds before and after a change to compare).
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use agent_kpis_core::parse::{detect, parse, parse_into};
use agent_kpis_core::{Batch, EventStore};

mod common;
use common::{env, START_TS};

fn main() {
    let n = env("EVENTS", 200_000);
    let format = std::env::var("FORMAT").unwrap_or_else(|_| "csv".into());
    let statuses = ["ready", "incall", "wrapup", "paused", "idle", "ring"];
    let mut rng = common::XorShift::default();
    let mut rnd = || rng.next();
    let mut ts = START_TS;
    let mut rows = Vec::new();
    for _ in 0..n {
        ts += u64::from(rnd() % 40);
        let s = statuses[(rnd() % 6) as usize];
        rows.push((
            rnd() % 2000,
            ts,
            s,
            if s == "paused" { "break" } else { "" },
        ));
    }
    let text = match format.as_str() {
        "csv" => {
            let mut out = String::from("user_id,ts,status,reason\n");
            for (a, t, s, r) in &rows {
                out.push_str(&format!("agent-{a},{t},{s},{r}\n"));
            }
            out
        }
        _ => {
            let objects: Vec<String> = rows
                .iter()
                .map(|(a, t, s, r)| {
                    let r = if r.is_empty() {
                        "null".to_string()
                    } else {
                        format!("\"{r}\"")
                    };
                    format!(r#"{{"user_id":"agent-{a}","ts":{t},"status":"{s}","reason":{r}}}"#)
                })
                .collect();
            if format == "ndjson" {
                objects.join("\n")
            } else {
                format!("[{}]", objects.join(","))
            }
        }
    };
    let b = text.as_bytes();
    let mut store = EventStore::new();
    let mut batch = Batch::with_capacity(b.len() / 64);
    let got = if env("SINK", 0) == 1 {
        let mut sum = 0u64;
        let n = parse(b, detect(b), |e| {
            sum = sum.wrapping_add(e.ts ^ e.user_id.len() as u64 ^ e.status.len() as u64);
            Ok(())
        })
        .unwrap();
        println!("checksum {sum}");
        n
    } else {
        parse_into(b, detect(b), &mut store, &mut batch).unwrap()
    };
    assert_eq!(got as u64, n);
    println!("{format}: {got} events, {} bytes", b.len());
}
