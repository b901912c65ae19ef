//! What the profiling examples share: their settings from the environment, medians, and the
//! generated traffic (`profile_query`, `profile_blocks`, `ab_blocks` time the same events).
#![allow(dead_code)] // each example uses a part

use std::time::Duration;

use agent_kpis_core::{Batch, EventStore};

/// The integer in environment variable `name`, or `default`.
pub fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The median of `v` (the upper one for an even count).
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// xorshift32 from seed 1: the examples' deterministic random numbers.
pub struct XorShift(u32);

impl Default for XorShift {
    fn default() -> Self {
        XorShift(1)
    }
}

impl XorShift {
    /// The next number of the sequence.
    pub fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }
}

/// The first generated timestamp's predecessor: 2026-01-01T00:00:00Z, epoch ms.
pub const START_TS: u64 = 1_767_225_600_000;

/// Generated traffic, deterministic: `agents` agents named `agent-00000`…, nine statuses weighted
/// as a contact center's (ready, incall and wrapup twice), a reason (lunch, break or training) on
/// every `paused`, 1–171 ms between events (about 1M events a day), agents picked at random.
pub struct Traffic {
    rng: XorShift,
    agents: Vec<u32>,
    statuses: Vec<u32>,
    reasons: Vec<u32>,
}

impl Traffic {
    /// The traffic's names interned in `store` (their ids are what [`Traffic::next`] returns).
    pub fn new(store: &mut EventStore, agents: u32) -> Self {
        let statuses = [
            "ready", "incall", "wrapup", "ready", "incall", "wrapup", "paused", "idle", "ring",
        ];
        Traffic {
            rng: XorShift::default(),
            agents: (0..agents)
                .map(|a| store.intern_agent(&format!("agent-{a:05}")).unwrap())
                .collect(),
            statuses: statuses
                .iter()
                .map(|s| store.intern_status(s).unwrap())
                .collect(),
            reasons: ["lunch", "break", "training"]
                .iter()
                .map(|s| store.intern_reason(Some(s)).unwrap())
                .collect(),
        }
    }

    fn rnd(&mut self) -> u32 {
        self.rng.next()
    }

    /// The next event after `ts` (which it advances): `(agent, ts, status, reason)` as ids,
    /// `u32::MAX` for no reason.
    pub fn next(&mut self, ts: &mut u64) -> (u32, u64, u32, u32) {
        *ts += 1 + u64::from(self.rnd() % 171);
        let s = (self.rnd() % 9) as usize;
        let r = if s == 6 {
            let k = (self.rnd() % 3) as usize;
            self.reasons[k]
        } else {
            u32::MAX
        };
        let k = (self.rnd() as usize) % self.agents.len();
        let a = self.agents[k];
        (a, *ts, self.statuses[s], r)
    }

    /// A batch of the next `n` events after `ts` (which it advances to the last one's).
    pub fn batch(&mut self, n: u64, ts: &mut u64) -> Batch {
        let mut batch = Batch::with_capacity(n as usize);
        for _ in 0..n {
            let (a, t, s, r) = self.next(ts);
            batch.push_ids(a, t, s, r);
        }
        batch
    }
}
