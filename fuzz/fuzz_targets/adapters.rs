//! Fuzzes every platform adapter (`LogFormat::ALL`): arbitrary bytes read in one or two chunks
//! (the first two bytes choose the format and where to cut) must not panic, and the events
//! derived must be in non-decreasing `ts` per agent, whatever the input's order. Seeds:
//! fuzz/seeds/adapters/.
#![no_main]

use std::collections::HashMap;

use agent_kpis_core::adapt::{Adapter, LogFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (Some(&pick), Some(&cut)) = (data.first(), data.get(1)) else {
        return;
    };
    let input = &data[2..];
    let format = LogFormat::ALL[usize::from(pick) % LogFormat::ALL.len()];
    // cut 0: one chunk; else cut at a line boundary near cut/255 of the input.
    let at = if cut == 0 {
        input.len()
    } else {
        let guess = input.len() * usize::from(cut) / 255;
        input[guess..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(input.len(), |i| guess + i + 1)
    };
    let mut adapter = Adapter::new(format);
    let mut last: HashMap<String, u64> = HashMap::new();
    for chunk in [&input[..at], &input[at..]] {
        // A failed read keeps nothing (all or nothing): check only the events of one that read.
        let mut seen = last.clone();
        let ok = adapter.read(chunk, None, |e| {
            let prev = seen.entry(e.user_id.to_string()).or_insert(e.ts);
            assert!(e.ts >= *prev, "{} went back from {} to {}", e.user_id, prev, e.ts);
            assert!(!e.status.is_empty());
            *prev = e.ts;
            Ok(())
        });
        if ok.is_ok() {
            last = seen;
        }
    }
});
