//! Fuzzes the text parsers (JSON array, NDJSON, CSV, chosen from the content as in production)
//! and the fold of whatever they accept. Seeds: fuzz/seeds/parse/, the head of the messy recorded
//! log in all three formats.
#![no_main]

use agent_kpis_core::parse::{detect, parse};
use agent_kpis_core::{AgentLog, Window};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut log = AgentLog::new();
    if parse(data, detect(data), |e| log.push(e)).is_ok() {
        if let Ok(w) = Window::new(0, 9_007_199_254_740_991) {
            let _ = log.kpis(w);
        }
    }
});
