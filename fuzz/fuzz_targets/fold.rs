//! Fuzzes the one-shot fold: arbitrary events (any ts, including past 2^53) and windows, and the
//! same fold with every block of issue 14. Errors are fine; a panic, an overflow or a runaway
//! allocation is a bug.
#![no_main]

use agent_kpis_core::{agent_kpis, agent_kpis_query, EventRef, Include, Query, Window};
use libfuzzer_sys::fuzz_target;

const STATUSES: [&str; 8] = [
    "ready", "incall", "wrapup", "paused", "offline", "", "Ready", "x",
];
const REASONS: [Option<&str>; 4] = [None, Some(""), Some("break"), Some("lunch")];

fuzz_target!(|data: &[u8]| {
    let mut words = data
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
    let since = words.next().unwrap_or(0) >> (data.first().copied().unwrap_or(0) % 64);
    let now = words.next().unwrap_or(0) >> (data.get(1).copied().unwrap_or(0) % 64);
    let ids: Vec<String> = (0..16).map(|i| format!("a{i}")).collect();
    let events: Vec<EventRef<'_>> = words
        .map(|w| EventRef {
            user_id: &ids[(w & 15) as usize],
            ts: w >> 11 >> ((w >> 4) & 7),
            status: STATUSES[((w >> 7) & 7) as usize],
            reason: REASONS[((w >> 9) & 3) as usize],
        })
        .collect();
    if let Ok(res) = agent_kpis(events.iter().copied(), since, now) {
        for a in &res.agents {
            assert!(a.utilization_pct <= a.occupancy_pct.max(100));
            let total: u64 = a.status_ms.0.iter().map(|(_, v)| v).sum();
            assert!(total <= now - since);
        }
    }
    // The same with every block: contacts are disjoint stretches of the window's events.
    if let Ok(window) = Window::new(since, now) {
        let mut q = Query::new(window);
        q.include = Include::ALL;
        if let Ok(res) = agent_kpis_query(events.iter().copied(), &q) {
            for a in &res.agents {
                let c = a.contacts.unwrap_or_default();
                assert!(c.handled <= events.len() as u64 && c.talk_ms + c.acw_ms == c.handle_ms);
            }
        }
    }
});
