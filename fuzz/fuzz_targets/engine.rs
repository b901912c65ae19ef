//! Fuzzes the live engine: an arbitrary sequence of appends, compactions, queries and interval
//! reports, with or without every block of issue 14 (episodes, contacts, current, team). Errors
//! are fine; a panic, an overflow or a runaway allocation is a bug.
#![no_main]

use agent_kpis_core::{AgentLog, EventRef, Include, Query, Window};
use libfuzzer_sys::fuzz_target;

const STATUSES: [&str; 5] = ["ready", "incall", "wrapup", "paused", "offline"];

/// A query of `win`, with every block when bit 9 of `w` is set.
fn query(win: Window, w: u64) -> Query {
    let mut q = Query::new(win);
    if w & 0x200 != 0 {
        q.include = Include::ALL;
    }
    q
}

fuzz_target!(|data: &[u8]| {
    let mut log = AgentLog::new();
    let ids: Vec<String> = (0..8).map(|i| format!("a{i}")).collect();
    for chunk in data.chunks_exact(9) {
        let w = u64::from_le_bytes(chunk[1..9].try_into().unwrap_or([0; 8]));
        let small = w >> 20;
        match chunk[0] % 8 {
            0..=3 => {
                let _ = log.push(EventRef {
                    user_id: &ids[(w & 7) as usize],
                    ts: w >> 3 >> (chunk[0] / 8 % 32),
                    status: STATUSES[((w >> 3) % 5) as usize],
                    reason: if w & 0x100 != 0 { Some("break") } else { None },
                });
            }
            4 => {
                let _ = log.compact(small);
            }
            5 | 6 => {
                if let Ok(win) = Window::new(small, small.saturating_add(w & 0xFFFFF)) {
                    let _ = log.query(&query(win, w));
                }
            }
            _ => {
                if let Ok(win) = Window::new(0, small + (w & 0xFFFF)) {
                    let _ = log.intervals(
                        small,
                        small.saturating_add(w & 0xFFFFFF),
                        (w & 0xFFF) + 1,
                        &query(win, w),
                    );
                }
            }
        }
    }
    let _ = log.stats();
});
