//! Property tests of issue 14's blocks beyond engine == one-shot (`prop_engine.rs`): consecutive
//! windows add up (`started`, `ended`, `endedMs`, `handled`, `handleMs` and the other contact
//! sums), and `team` and `groups` are the sums of their rows with percentages computed here from
//! the sums.

use std::collections::BTreeMap;

use agent_kpis_core::{
    agent_kpis_query, AgentKpis, AgentLog, AgentsResponse, Contacts, EpisodeStats, EventRef,
    Groups, Include, Query, Team, Window,
};
use proptest::prelude::*;

const STATUSES: [&str; 6] = ["ready", "incall", "wrapup", "paused", "offline", "ring"];
const REASONS: [Option<&str>; 4] = [None, None, Some("break"), Some("lunch")];

type Owned = (String, u64, &'static str, Option<&'static str>);

fn events() -> impl Strategy<Value = Vec<Owned>> {
    prop::collection::vec((0u8..5, 0u64..3000, 0u8..6, 0u8..4), 0..250).prop_map(|v| {
        v.into_iter()
            .map(|(a, ts, s, r)| {
                (
                    format!("a{a}"),
                    ts,
                    STATUSES[s as usize],
                    REASONS[r as usize],
                )
            })
            .collect()
    })
}

fn one_shot(all: &[Owned], since: u64, now: u64) -> AgentsResponse {
    let mut q = Query::new(Window::new(since, now).unwrap());
    q.include = Include::ALL;
    let events = all.iter().map(|(u, t, s, r)| EventRef {
        user_id: u,
        ts: *t,
        status: s,
        reason: *r,
    });
    agent_kpis_query(events, &q).unwrap()
}

/// The additive parts of a row: per status and per (status, reason) `(started, ended,
/// endedMs)`, and the contact sums.
#[derive(Debug, Default, PartialEq, Eq)]
struct Additive {
    episodes: BTreeMap<(String, String), (u64, u64, u64)>,
    contacts: [u64; 5],
}

impl Additive {
    fn add(&mut self, a: &AgentKpis) {
        let mut put = |key: (String, String), e: &EpisodeStats| {
            let slot = self.episodes.entry(key).or_default();
            slot.0 += e.started;
            slot.1 += e.ended;
            slot.2 += e.ended_ms;
        };
        for (s, e) in &a.episodes.as_ref().unwrap().0 {
            put((s.clone(), String::new()), e);
        }
        for (s, inner) in &a.reason_episodes.0 {
            for (r, e) in &inner.0 {
                put((s.clone(), r.clone()), e);
            }
        }
        let c = a.contacts.unwrap();
        for (slot, v) in
            self.contacts
                .iter_mut()
                .zip([c.handled, c.handle_ms, c.talk_ms, c.acw_ms, c.with_acw])
        {
            *slot += v;
        }
        self.episodes.retain(|_, v| *v != (0, 0, 0));
    }
}

fn half_up(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        0
    } else {
        ((200 * u128::from(part) + u128::from(whole)) / (2 * u128::from(whole))) as u64
    }
}

/// A roll-up computed here from `rows`.
fn expected_team(rows: &[&AgentKpis]) -> (u64, BTreeMap<String, u64>, u64, u64, u64, Contacts) {
    let mut ms: BTreeMap<String, u64> = BTreeMap::new();
    let mut c = Contacts::default();
    for a in rows {
        for (s, v) in &a.status_ms.0 {
            *ms.entry(s.clone()).or_default() += v;
        }
        let x = a.contacts.unwrap();
        c.handled += x.handled;
        c.handle_ms += x.handle_ms;
        c.talk_ms += x.talk_ms;
        c.acw_ms += x.acw_ms;
        c.with_acw += x.with_acw;
    }
    let get = |k: &str| ms.get(k).copied().unwrap_or(0);
    let handle = get("incall") + get("wrapup");
    let logged_in: u64 = ms
        .iter()
        .filter(|(k, _)| *k != "offline")
        .map(|(_, v)| v)
        .sum();
    c.aht_ms = (c.handled > 0).then(|| {
        let (a, b) = (u128::from(c.handle_ms), u128::from(c.handled));
        ((2 * a + b) / (2 * b)) as u64
    });
    let occupancy = half_up(handle, handle + get("ready"));
    let utilization = half_up(handle, logged_in);
    (rows.len() as u64, ms, logged_in, occupancy, utilization, c)
}

fn actual(t: &Team) -> (u64, BTreeMap<String, u64>, u64, u64, u64, Contacts) {
    (
        t.agents,
        t.status_ms.0.iter().cloned().collect(),
        t.logged_in_ms,
        t.occupancy_pct.into(),
        t.utilization_pct.into(),
        t.contacts.unwrap(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// Any split of a window into consecutive windows adds up (rule 3 and rule 4).
    #[test]
    fn window_splits_add_up(
        all in events(),
        since in 0u64..3000,
        cuts in prop::collection::vec(0u64..1500, 0..4),
        len in 0u64..1500,
    ) {
        let now = since + len;
        let mut bounds: Vec<u64> = cuts.iter().map(|c| since + c % (len + 1)).collect();
        bounds.push(since);
        bounds.push(now);
        bounds.sort_unstable();
        let whole = one_shot(&all, since, now);
        let parts: Vec<AgentsResponse> = bounds.windows(2).map(|w| one_shot(&all, w[0], w[1])).collect();
        for a in &whole.agents {
            let mut expect = Additive::default();
            expect.add(a);
            let mut sum = Additive::default();
            for p in &parts {
                if let Some(x) = p.agents.iter().find(|x| x.user_id == a.user_id) {
                    sum.add(x);
                }
            }
            prop_assert_eq!(sum, expect, "{} split at {:?}", &a.user_id, &bounds);
        }
    }

    /// `team` and every group are the sums of their rows, percentages from the sums (rule 6).
    #[test]
    fn team_and_groups_are_the_sums_of_their_rows(
        all in events(),
        (since, len) in (0u64..3000, 0u64..2000),
        membership in prop::collection::vec(prop::option::of(0u8..3), 5),
    ) {
        let mut log = AgentLog::new();
        for (u, t, s, r) in &all {
            log.push(EventRef { user_id: u, ts: *t, status: s, reason: *r }).unwrap();
        }
        let groups: Groups = membership
            .iter()
            .enumerate()
            .filter_map(|(a, g)| Some((format!("a{a}"), format!("g{}", (*g)?))))
            .collect();
        let mut q = Query::new(Window::new(since, since + len).unwrap());
        q.include = Include::ALL;
        q.groups = Some(groups.clone());
        let r = log.query(&q).unwrap();
        let rows: Vec<&AgentKpis> = r.agents.iter().collect();
        prop_assert_eq!(actual(r.team.as_ref().unwrap()), expected_team(&rows));
        // Groups in order of first appearance among the rows.
        let mut order: Vec<&str> = Vec::new();
        for a in &r.agents {
            if let Some(g) = groups.get(&a.user_id) {
                if !order.contains(&g) {
                    order.push(g);
                }
            }
        }
        let got = r.groups.as_ref().unwrap();
        prop_assert_eq!(got.iter().map(|g| g.group.as_str()).collect::<Vec<_>>(), order);
        for g in got {
            let members: Vec<&AgentKpis> = r
                .agents
                .iter()
                .filter(|a| groups.get(&a.user_id) == Some(g.group.as_str()))
                .collect();
            prop_assert_eq!(actual(&g.team), expected_team(&members), "{}", &g.group);
        }
    }
}

/// An operation on a log of long timelines.
#[derive(Clone, Debug)]
enum Op {
    /// `(agent, step, status, reason, late)`: `step` ms after the clock (0: the same instant, a
    /// 0 ms interval), or with `late`, up to 2,000 ms before it.
    Append(Vec<(u8, u64, u8, u8, bool)>),
    /// Compact at this far behind the clock.
    Compact(u64),
    /// A window: since this far behind the clock, this long.
    Window(u64, u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => prop::collection::vec(
            (0u8..3, prop_oneof![1 => Just(0u64), 4 => 1u64..40], 0u8..6, 0u8..4, prop::bool::weighted(0.05)),
            0..400,
        )
        .prop_map(Op::Append),
        1 => (0u64..8000).prop_map(Op::Compact),
        4 => (0u64..12_000, 0u64..12_000).prop_map(|(back, len)| Op::Window(back, len)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// The episode index (O(log n + K) a window) answers exactly as the reference walk over the
    /// timeline, for any window, after appends in order and late, 0 ms intervals and compactions
    /// (timelines of hundreds of events: many blocks, several pyramid levels).
    #[test]
    fn index_equals_walk(ops in prop::collection::vec(op(), 1..20)) {
        let mut log = AgentLog::new();
        let mut clock = 0u64;
        let mut horizon = 0u64;
        for op in ops {
            match op {
                Op::Append(batch) => {
                    for (agent, step, status, reason, late) in batch {
                        let ts = if late { clock.saturating_sub(step * 50).max(horizon) } else { clock + step };
                        clock = clock.max(ts);
                        let user = format!("a{agent}");
                        let e = EventRef { user_id: &user, ts, status: STATUSES[status as usize], reason: REASONS[reason as usize] };
                        log.push(e).unwrap();
                    }
                }
                Op::Compact(back) => {
                    let before = clock.saturating_sub(back).max(horizon);
                    log.compact(before).unwrap();
                    horizon = before;
                }
                Op::Window(back, len) => {
                    let since = clock.saturating_sub(back);
                    let now = since + len;
                    for t in log.store_mut().timelines_mut() {
                        t.prepare_blocks();
                        prop_assert_eq!(t.blocks(since, now), t.blocks_walk(since, now), "[{}, {}]", since, now);
                    }
                }
            }
        }
    }
}
