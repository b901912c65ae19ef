//! An obviously-correct reference for issue 14's blocks, written from the rules' words and
//! independent of the crate's walk: it lists the kept intervals, groups them into status and
//! reason episodes as explicit lists, pairs `incall` episodes with the `wrapup` right after them,
//! and counts each list with the rules' conditions.

use std::collections::BTreeMap;

use agent_kpis_core::{AgentKpis, Contacts, Current, EpisodeStats};

/// One event of one agent: `(ts, status, reason)` (`None` or `""` for no reason).
pub type Ev<'a> = (u64, &'a str, Option<&'a str>);

/// An episode: its key (status, or status and reason), start, end (`now` for the open one) and
/// whether it is open.
#[derive(Clone, Debug)]
struct Episode<K> {
    key: K,
    start: u64,
    end: u64,
    open: bool,
}

/// What the reference computes for one agent and window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefBlocks {
    pub episodes: BTreeMap<String, EpisodeStats>,
    pub reason_episodes: BTreeMap<(String, String), EpisodeStats>,
    pub contacts: Contacts,
    pub current: Current,
}

/// Groups consecutive kept intervals `(start, end, key)` with equal keys into episodes; the last
/// one is open.
fn episodes<K: Clone + PartialEq>(intervals: &[(u64, u64, K)]) -> Vec<Episode<K>> {
    let mut out: Vec<Episode<K>> = Vec::new();
    for (start, end, key) in intervals {
        match out.last_mut() {
            Some(last) if last.key == *key => last.end = *end,
            _ => out.push(Episode {
                key: key.clone(),
                start: *start,
                end: *end,
                open: false,
            }),
        }
    }
    if let Some(last) = out.last_mut() {
        last.open = true;
    }
    out
}

/// Rule 3 over a list of episodes.
fn stats<K: Clone + Ord>(list: &[Episode<K>], since: u64, now: u64) -> BTreeMap<K, EpisodeStats> {
    let mut out: BTreeMap<K, EpisodeStats> = BTreeMap::new();
    for e in list {
        let overlaps = e.start < now && e.end > since;
        if !overlaps {
            continue;
        }
        let s = out.entry(e.key.clone()).or_default();
        let len = e.end - e.start;
        if since <= e.start && e.start < now {
            s.started += 1;
        }
        if !e.open && since < e.end && e.end <= now {
            s.ended += 1;
            s.ended_ms += len;
        }
        s.longest_ms = s.longest_ms.max(len);
    }
    out
}

/// The blocks of one agent's `events` (in input order) over `[since, now]`; `None` when no event
/// has `ts <= now`.
pub fn reference(events: &[Ev<'_>], since: u64, now: u64) -> Option<RefBlocks> {
    // Rule 1: ts <= now, sorted by ts, ties in input order (a stable sort).
    let mut evs: Vec<Ev<'_>> = events.iter().copied().filter(|e| e.0 <= now).collect();
    evs.sort_by_key(|e| e.0);
    let n = evs.len();
    if n == 0 {
        return None;
    }
    // Intervals; 0 ms ones dropped except the last (the state at `now`).
    let mut kept: Vec<(u64, u64, &str, Option<&str>)> = Vec::new();
    for i in 0..n {
        let (ts, status, reason) = evs[i];
        let end = if i + 1 < n { evs[i + 1].0 } else { now };
        let reason = reason.filter(|r| !r.is_empty());
        if end > ts || i + 1 == n {
            kept.push((ts, end, status, reason));
        }
    }
    // Rule 2: status episodes and reason episodes.
    let by_status: Vec<(u64, u64, String)> = kept
        .iter()
        .map(|&(a, b, s, _)| (a, b, s.to_string()))
        .collect();
    let by_reason: Vec<(u64, u64, (String, Option<String>))> = kept
        .iter()
        .map(|&(a, b, s, r)| (a, b, (s.to_string(), r.map(str::to_string))))
        .collect();
    let status_episodes = episodes(&by_status);
    let reason_episodes: Vec<Episode<(String, String)>> = episodes(&by_reason)
        .into_iter()
        .filter_map(|e| {
            let (s, r) = e.key;
            Some(Episode {
                key: (s, r?),
                start: e.start,
                end: e.end,
                open: e.open,
            })
        })
        .collect();
    // Rule 4: contacts.
    let mut contacts = Contacts::default();
    for (k, e) in status_episodes.iter().enumerate() {
        if e.key != "incall" {
            continue;
        }
        let wrapup = status_episodes.get(k + 1).filter(|w| w.key == "wrapup");
        let (end, open, acw) = match wrapup {
            Some(w) => (w.end, w.open, Some(w.end - w.start)),
            None => (e.end, e.open, None),
        };
        if !open && since < end && end <= now {
            contacts.handled += 1;
            contacts.handle_ms += end - e.start;
            contacts.talk_ms += e.end - e.start;
            contacts.acw_ms += acw.unwrap_or(0);
            contacts.with_acw += u64::from(acw.is_some());
        }
    }
    contacts.aht_ms = (contacts.handled > 0).then(|| {
        let (a, b) = (u128::from(contacts.handle_ms), u128::from(contacts.handled));
        ((2 * a + b) / (2 * b)) as u64
    });
    // Rule 5: current.
    let last = status_episodes.last()?;
    let (_, _, status, reason) = *kept.last()?;
    let current = Current {
        status: status.to_string(),
        reason: reason.map(str::to_string),
        since: last.start,
        ms: now - last.start,
    };
    Some(RefBlocks {
        episodes: stats(&status_episodes, since, now),
        reason_episodes: stats(&reason_episodes, since, now),
        contacts,
        current,
    })
}

/// A row's blocks in the reference's shape (the row must include `contacts`, `episodes` and
/// `current`, and have a current status).
pub fn of_row(a: &AgentKpis) -> RefBlocks {
    let episodes = a.episodes.as_ref().expect("episodes included");
    let mut reason_episodes = BTreeMap::new();
    for (s, inner) in &a.reason_episodes.0 {
        assert!(!inner.is_empty(), "an empty reasonEpisodes entry");
        for (r, e) in &inner.0 {
            reason_episodes.insert((s.clone(), r.clone()), *e);
        }
    }
    RefBlocks {
        episodes: episodes.0.iter().cloned().collect(),
        reason_episodes,
        contacts: a.contacts.expect("contacts included"),
        current: a
            .current
            .clone()
            .expect("current included")
            .expect("a current status"),
    }
}
