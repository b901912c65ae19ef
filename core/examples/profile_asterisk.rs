//! Times the `asterisk-queue-log` adapter on a generated queue_log (~1M lines, 2,000 members)
//! against the NDJSON reader on the same derived events, both staging into an `EventStore` and a
//! `Batch` (what an append does before folding): `Adapter::read` with `Batch::push`, and the fast
//! path `Adapter::read_into`. `cargo run --release -p agent-kpis-core --example profile_asterisk`.
//! `LINES` sets the number of lines; `ONLY_ADAPTER=1` times nothing but `read_into`, 30 times
//! (for a profiler).
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use agent_kpis_core::adapt::{Adapter, LogFormat};
use agent_kpis_core::parse::{parse_into, Format};
use agent_kpis_core::{Batch, EventStore};

/// A queue_log as a contact center writes it: members join two queues, take calls (each after
/// an ENTERQUEUE line with no member), miss rings, pause with one line per queue plus a PAUSEALL,
/// and leave.
fn generate(lines: u64, agents: u32) -> String {
    #[derive(Clone, Copy, PartialEq)]
    enum Phase {
        Out,
        Ready,
        Call,
        Paused,
    }
    let mut rng = common::XorShift::default();
    let mut phase = vec![Phase::Out; agents as usize];
    let mut calls = vec![String::new(); agents as usize];
    let mut out = String::with_capacity(lines as usize * 56);
    let mut ts = 1_767_225_600u64;
    let mut n = 0u64;
    let mut call = 0u64;
    while n < lines {
        if rng.next() % 8 == 0 {
            ts += 1;
        }
        let a = rng.next() % agents;
        let m = format!("PJSIP/{}", 2000 + a);
        let p = &mut phase[a as usize];
        let mut line = |who: &str, q: &str, callid: &str, event: &str, data: &str| {
            let _ = writeln!(out, "{ts}|{callid}|{q}|{who}|{event}|{data}");
            n += 1;
        };
        match *p {
            Phase::Out => {
                line(&m, "sales", "NONE", "ADDMEMBER", "");
                line(&m, "support", "NONE", "ADDMEMBER", "");
                *p = Phase::Ready;
            }
            Phase::Ready => match rng.next() % 10 {
                0..=5 => {
                    call += 1;
                    let id = format!("{ts}.{call}");
                    calls[a as usize] = id.clone();
                    line("NONE", "sales", &id, "ENTERQUEUE", "|5550100|1");
                    line(&m, "sales", &id, "CONNECT", "4|1767225600.9|3");
                    *p = Phase::Call;
                }
                6 | 7 => line(&m, "sales", "NONE", "RINGNOANSWER", "15000"),
                8 => {
                    line(&m, "sales", "NONE", "PAUSE", "break");
                    line(&m, "support", "NONE", "PAUSE", "break");
                    line(&m, "NONE", "NONE", "PAUSEALL", "break");
                    *p = Phase::Paused;
                }
                _ => {
                    line(&m, "sales", "NONE", "REMOVEMEMBER", "");
                    line(&m, "support", "NONE", "REMOVEMEMBER", "");
                    *p = Phase::Out;
                }
            },
            Phase::Call => {
                let id = std::mem::take(&mut calls[a as usize]);
                line(&m, "sales", &id, "COMPLETEAGENT", "4|120|1");
                *p = Phase::Ready;
            }
            Phase::Paused => {
                line(&m, "sales", "NONE", "UNPAUSE", "");
                line(&m, "support", "NONE", "UNPAUSE", "");
                line(&m, "NONE", "NONE", "UNPAUSEALL", "");
                *p = Phase::Ready;
            }
        }
    }
    out
}

/// This thread's CPU time (Linux: `/proc/thread-self/schedstat`), else the wall clock: the
/// machine may be shared, and CPU time is what the reader costs.
fn cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or_else(
            || Instant::now().duration_since(*START.get_or_init(Instant::now)),
            Duration::from_nanos,
        )
}

static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

fn main() {
    let lines = common::env("LINES", 1_000_000);
    let log = generate(lines, 2000);
    // The derived events, as NDJSON (the same events the adapter stages).
    let mut ndjson = String::new();
    Adapter::new(LogFormat::AsteriskQueueLog)
        .read(log.as_bytes(), None, |e| {
            let reason = e.reason.map_or("null".to_string(), |r| format!("\"{r}\""));
            let _ = writeln!(
                ndjson,
                "{{\"user_id\":\"{}\",\"ts\":{},\"status\":\"{}\",\"reason\":{reason}}}",
                e.user_id, e.ts, e.status
            );
            Ok(())
        })
        .unwrap();
    let events = ndjson.lines().count();
    let (mut adapter_t, mut into_t, mut ndjson_t) = (Vec::new(), Vec::new(), Vec::new());
    let only = common::env("ONLY_ADAPTER", 0) == 1;
    for _ in 0..if only { 30 } else { 5 } {
        let t0 = cpu();
        let (mut store, mut batch) = (EventStore::new(), Batch::default());
        let mut a = Adapter::new(LogFormat::AsteriskQueueLog);
        a.read_into(log.as_bytes(), None, &mut store, &mut batch)
            .unwrap();
        into_t.push(cpu() - t0);
        assert_eq!(batch.len(), events);

        if only {
            continue;
        }
        let t0 = cpu();
        let (mut store, mut batch) = (EventStore::new(), Batch::default());
        let mut a = Adapter::new(LogFormat::AsteriskQueueLog);
        a.read(log.as_bytes(), None, |e| batch.push(&mut store, e))
            .unwrap();
        adapter_t.push(cpu() - t0);
        assert_eq!(batch.len(), events);

        let t0 = cpu();
        let (mut store, mut batch) = (EventStore::new(), Batch::default());
        parse_into(ndjson.as_bytes(), Format::Ndjson, &mut store, &mut batch).unwrap();
        ndjson_t.push(cpu() - t0);
        assert_eq!(batch.len(), events);
    }
    println!("(median of 5, CPU time of this thread)");
    let mbs = |bytes: usize, t: Duration| bytes as f64 / 1e6 / t.as_secs_f64();
    if ndjson_t.is_empty() {
        return;
    }
    let (a, i, j) = (
        common::median(adapter_t),
        common::median(into_t),
        common::median(ndjson_t),
    );
    println!(
        "queue_log read + push: {lines} lines, {:.1} MB -> {events} events: {a:?} ({:.0} MB/s, {:.2} M lines/s)",
        log.len() as f64 / 1e6,
        mbs(log.len(), a),
        lines as f64 / 1e6 / a.as_secs_f64(),
    );
    println!(
        "queue_log read_into:   the same: {i:?} ({:.0} MB/s, {:.2} M lines/s)",
        mbs(log.len(), i),
        lines as f64 / 1e6 / i.as_secs_f64(),
    );
    println!(
        "ndjson:    the same {events} events, {:.1} MB: {j:?} ({:.0} MB/s)",
        ndjson.len() as f64 / 1e6,
        mbs(ndjson.len(), j),
    );
    println!(
        "time ratio on the same events: read + push / ndjson {:.2}x, read_into / ndjson {:.2}x",
        a.as_secs_f64() / j.as_secs_f64(),
        i.as_secs_f64() / j.as_secs_f64()
    );
}
