//! Property tests: the core fold against a deliberately naive reference that walks every
//! millisecond of the window, plus the invariants the README promises (sums, bounds, order, splits). Cases: `PROPTEST_CASES` (make test
//! sets 10,000).

use std::collections::BTreeMap;

use agent_kpis_core::{agent_kpis, AgentsResponse, EventRef};
use proptest::prelude::*;

const STATUSES: [&str; 12] = [
    "ready",
    "incall",
    "wrapup",
    "paused",
    "offline",
    "idle",
    "ring",
    "extcall",
    "unreachable",
    "Ready",
    "dnd",
    "acw",
];
const REASONS: [&str; 4] = ["", "break", "lunch", "training"];

#[derive(Clone, Debug)]
struct Ev {
    agent: u8,
    ts: u64,
    status: u8,
    reason: Option<u8>,
}

fn events() -> impl Strategy<Value = Vec<Ev>> {
    (1u8..=50, 0usize..=2000).prop_flat_map(|(agents, n)| {
        prop::collection::vec(
            (
                0..agents,
                0u64..3000,
                0..STATUSES.len() as u8,
                prop::option::of(0..REASONS.len() as u8),
            )
                .prop_map(|(agent, ts, status, reason)| Ev {
                    agent,
                    ts,
                    status,
                    reason,
                }),
            0..=n,
        )
    })
}

fn window() -> impl Strategy<Value = (u64, u64)> {
    // Windows before, inside and after the events (ts in 0..3000).
    (0u64..3600, 0u64..1200).prop_map(|(since, len)| (since, since + len))
}

fn names(events: &[Ev]) -> Vec<(String, u64, &'static str, Option<&'static str>)> {
    events
        .iter()
        .map(|e| {
            (
                format!("agent-{}", e.agent),
                e.ts,
                STATUSES[e.status as usize],
                e.reason.map(|r| REASONS[r as usize]),
            )
        })
        .collect()
}

fn fold(events: &[Ev], since: u64, now: u64) -> AgentsResponse {
    let named = names(events);
    agent_kpis(
        named.iter().map(|(u, ts, s, r)| EventRef {
            user_id: u,
            ts: *ts,
            status: s,
            reason: *r,
        }),
        since,
        now,
    )
    .unwrap()
}

/// Per agent: status (and reason) → ms, by asking for every millisecond of [since, now) which event
/// is in effect (the last, in input order, of those with the greatest ts <= t).
type Naive = Vec<(
    String,
    BTreeMap<String, u64>,
    BTreeMap<(String, String), u64>,
)>;

fn naive(events: &[Ev], since: u64, now: u64) -> Naive {
    let named = names(events);
    let mut order: Vec<String> = Vec::new();
    for (u, ..) in &named {
        if !order.contains(u) {
            order.push(u.clone());
        }
    }
    let mut out = Vec::new();
    for agent in order {
        let mine: Vec<_> = named.iter().filter(|(u, ..)| *u == agent).collect();
        if !mine.iter().any(|(_, ts, ..)| *ts <= now) {
            continue;
        }
        let mut status_ms = BTreeMap::new();
        let mut reason_ms = BTreeMap::new();
        for t in since..now {
            // The last event (in input order) among those with the greatest ts <= t.
            let mut current: Option<&(String, u64, &str, Option<&str>)> = None;
            for &e in &mine {
                if e.1 <= t && current.is_none_or(|c| e.1 >= c.1) {
                    current = Some(e);
                }
            }
            if let Some((_, _, s, r)) = current {
                *status_ms.entry(s.to_string()).or_insert(0) += 1;
                if let Some(r) = r.filter(|r| !r.is_empty()) {
                    *reason_ms.entry((s.to_string(), r.to_string())).or_insert(0) += 1;
                }
            }
        }
        out.push((agent, status_ms, reason_ms));
    }
    out
}

fn as_maps(r: &AgentsResponse) -> Naive {
    r.agents
        .iter()
        .map(|a| {
            let s = a.status_ms.0.iter().cloned().collect();
            let mut reasons = BTreeMap::new();
            for (st, inner) in &a.reason_ms.0 {
                for (reason, ms) in &inner.0 {
                    reasons.insert((st.clone(), reason.clone()), *ms);
                }
            }
            (a.user_id.clone(), s, reasons)
        })
        .collect()
}

fn pct(part: u64, whole: u64) -> u32 {
    // Independent form of half-up rounding: compare the remainder with half the divisor.
    if whole == 0 {
        return 0;
    }
    let q = 100 * part / whole;
    let rem = 100 * part % whole;
    (q + u64::from(2 * rem >= whole)) as u32
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fold_equals_naive_reference(evs in events(), (since, now) in window()) {
        let got = fold(&evs, since, now);
        prop_assert_eq!(as_maps(&got), naive(&evs, since, now));
        for a in &got.agents {
            let ms = |k: &str| a.status_ms.get(k).copied().unwrap_or(0);
            let handle = ms("incall") + ms("wrapup");
            let logged: u64 = a.status_ms.0.iter().filter(|(k, _)| k != "offline").map(|(_, v)| v).sum();
            prop_assert_eq!(a.logged_in_ms, logged);
            prop_assert_eq!(a.occupancy_pct, pct(handle, handle + ms("ready")));
            prop_assert_eq!(a.utilization_pct, pct(handle, logged));
            prop_assert!(a.utilization_pct <= a.occupancy_pct && a.occupancy_pct <= 100);
            prop_assert!(a.status_ms.0.iter().all(|(_, v)| *v > 0));
        }
    }

    #[test]
    fn totals_cover_the_window_from_the_first_event(evs in events(), (since, now) in window()) {
        let got = fold(&evs, since, now);
        for a in &got.agents {
            let first = evs.iter().filter(|e| format!("agent-{}", e.agent) == a.user_id).map(|e| e.ts).min().unwrap();
            let total: u64 = a.status_ms.0.iter().map(|(_, v)| v).sum();
            prop_assert_eq!(total, now.saturating_sub(since.max(first)));
        }
    }

    #[test]
    fn order_independent_except_ties(evs in events(), (since, now) in window(), seed in any::<u64>()) {
        // Reverse-sort by a key that keeps each (agent, ts) group's relative order: shuffling
        // whole ts groups cannot change the result.
        let mut shuffled = evs.clone();
        shuffled.sort_by_key(|e| (e.ts ^ seed) % 7919);
        let a = as_maps(&fold(&evs, since, now));
        let b = as_maps(&fold(&shuffled, since, now));
        let sorted = |mut v: Naive| { v.sort_by(|x, y| x.0.cmp(&y.0)); v };
        prop_assert_eq!(sorted(a), sorted(b));
    }

    #[test]
    fn splitting_the_window_adds_up(evs in events(), (since, now) in window(), cut in 0u64..=1000) {
        let t = since + cut % (now - since + 1);
        let whole = as_maps(&fold(&evs, since, now));
        let left = as_maps(&fold(&evs, since, t));
        let right = as_maps(&fold(&evs, t, now));
        for (agent, status_ms, _) in &whole {
            for (status, ms) in status_ms {
                let part = |side: &Naive| side.iter().find(|x| &x.0 == agent).and_then(|x| x.1.get(status)).copied().unwrap_or(0);
                prop_assert_eq!(*ms, part(&left) + part(&right));
            }
        }
    }
}
