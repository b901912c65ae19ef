//! A/B of the text readers with and without read options (issue 18), alternating in one process:
//! the same 1M events (2,000 agents) as CSV, NDJSON and a JSON array, read by `parse_into` (A) and
//! by `parse_into_with` with a status map, with `ts` written as epoch seconds with 3 decimals
//! (`TsUnit::Seconds`), and as ISO-8601 strings with `Z`. Prints medians and the median of the
//! per-round ratios to A: `cargo run --release -p agent-kpis-core --example ab_read` (`EVENTS`,
//! `ROUNDS`).
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::time::{Duration, Instant};

use agent_kpis_core::parse::{detect, parse_into, parse_into_with, ReadOptions, TsUnit};
use agent_kpis_core::{Batch, EventStore, StatusMap};

mod common;
use common::{env, median, START_TS};

/// `ms` as `YYYY-MM-DDTHH:MM:SS.mmmZ` (jiff's formatter: the example times the reader, not this).
fn iso_z(ms: u64) -> String {
    let t = jiff::Timestamp::from_millisecond(i64::try_from(ms).unwrap()).unwrap();
    t.strftime("%Y-%m-%dT%H:%M:%S.%3fZ").to_string()
}

fn main() {
    let n = env("EVENTS", 1_000_000);
    // Raw statuses as another platform writes them; the map sends them to canonical ones.
    let raw = ["Available", "On Call", "ACW", "Lunch", "Idle", "Ringing"];
    let map = StatusMap::from_json(
        br#"{"Available": "ready", "On Call": "incall", "ACW": "wrapup",
             "Lunch": {"status": "paused", "reason": "lunch"}, "Idle": "idle", "Ringing": "ring"}"#,
    )
    .unwrap();
    let mut rng = common::XorShift::default();
    let mut rnd = || rng.next();
    let mut ts = START_TS;
    let rows: Vec<(u32, u64, &str)> = (0..n)
        .map(|_| {
            ts += u64::from(rnd() % 40);
            (rnd() % 2000, ts, raw[(rnd() % 6) as usize])
        })
        .collect();
    let write = |fmt: &str, t: &dyn Fn(u64) -> String| -> String {
        let mut out = String::new();
        match fmt {
            "csv" => {
                out.push_str("user_id,ts,status\n");
                for &(a, ts, s) in &rows {
                    out.push_str(&format!("agent-{a},{},{s}\n", t(ts)));
                }
            }
            _ => {
                let objects: Vec<String> = rows
                    .iter()
                    .map(|&(a, ts, s)| {
                        format!(r#"{{"user_id":"agent-{a}","ts":{},"status":"{s}"}}"#, t(ts))
                    })
                    .collect();
                out = if fmt == "ndjson" {
                    objects.join("\n")
                } else {
                    format!("[{}]", objects.join(","))
                };
            }
        }
        out
    };
    let plain = ReadOptions::default();
    let mapped = ReadOptions {
        status_map: Some(map),
        ..ReadOptions::default()
    };
    let seconds = ReadOptions {
        ts_unit: TsUnit::Seconds,
        ..ReadOptions::default()
    };
    let read = |text: &str, options: Option<&ReadOptions>| -> Duration {
        let b = text.as_bytes();
        let mut store = EventStore::new();
        let mut batch = Batch::with_capacity(b.len() / 64);
        let t0 = Instant::now();
        let got = match options {
            None => parse_into(b, detect(b), &mut store, &mut batch),
            Some(o) => parse_into_with(b, detect(b), o, &mut store, &mut batch),
        }
        .unwrap();
        let t = t0.elapsed();
        assert_eq!(got as u64, n);
        t
    };
    let rounds = env("ROUNDS", 9);
    for fmt in ["csv", "ndjson", "array"] {
        let ms = write(fmt, &|t| t.to_string());
        let secs = write(fmt, &|t| format!("{}.{:03}", t / 1000, t % 1000));
        let iso = if fmt == "csv" {
            write(fmt, &iso_z)
        } else {
            write(fmt, &|t| format!("\"{}\"", iso_z(t)))
        };
        let cases: [(&str, &str, Option<&ReadOptions>); 5] = [
            ("parse_into", &ms, None),
            ("parse_into_with(default)", &ms, Some(&plain)),
            ("with a status map", &ms, Some(&mapped)),
            ("ts in seconds (3 decimals)", &secs, Some(&seconds)),
            ("ts as ISO-8601 Z", &iso, Some(&plain)),
        ];
        let mut times = vec![Vec::new(); cases.len()];
        let mut ratios = vec![Vec::new(); cases.len()];
        for _ in 0..rounds {
            let a = read(cases[0].1, cases[0].2);
            for (i, (_, text, options)) in cases.iter().enumerate() {
                let t = if i == 0 { a } else { read(text, *options) };
                times[i].push(t);
                ratios[i].push(t.as_secs_f64() / a.as_secs_f64());
            }
        }
        for (i, (name, text, _)) in cases.iter().enumerate() {
            let mut r = ratios[i].clone();
            r.sort_by(f64::total_cmp);
            println!(
                "{fmt:6} {name:28} {:5.0} MB: median {:7.1} ms, ratio to parse_into {:.3} (min {:.3}, max {:.3})",
                text.len() as f64 / 1e6,
                median(times[i].clone()).as_secs_f64() * 1e3,
                r[r.len() / 2],
                r[0],
                r[r.len() - 1]
            );
        }
    }
}
