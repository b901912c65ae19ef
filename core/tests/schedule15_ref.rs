//! Issue 15's rules 1–4 as an obviously correct reference, written from the issue's text and
//! sharing no code with the crate: the timeline is cut at every boundary (window, shifts, events)
//! into pieces where nothing changes, and each piece is judged by the state at its start. Random
//! logs, segment schedules (gaps and touching segments), windows, sample steps, graces and severe
//! thresholds, queried from a log compacted at or before `since`, must give the reference's
//! `adherencePct`, `adherence` counts, `outSince`, `severe`, `conformance` and `shrinkage`.

use std::collections::BTreeMap;

use agent_kpis_core::schedule::raw::RawSchedule;
use agent_kpis_core::schedule::Schedules;
use agent_kpis_core::{AdherencePct, AgentLog, EventRef, Include, Query, Window};
use proptest::prelude::*;

const STATUSES: [&str; 4] = ["ready", "paused", "idle", "incall"];
const REASONS: [Option<&str>; 4] = [None, Some("break"), Some("lunch"), Some("x")];
const ADHERENT: [&str; 2] = ["ready", "incall"];
const PLANNED: [&str; 2] = ["break", "lunch"];

/// One event: `(ts, status, reason)`, in input order.
type Ev = (u64, &'static str, Option<&'static str>);

#[derive(Debug, Default, PartialEq, Eq)]
struct Expected {
    pct: Option<u64>,
    on_shift: u64,
    adherent: u64,
    out_since: Option<u64>,
    severe: bool,
    worked: u64,
    scheduled: u64,
    shrink: u64,
    planned: u64,
    unknown: u64,
    by_status: BTreeMap<String, u64>,
    by_reason: BTreeMap<(String, String), u64>,
}

/// The event in effect at `t`: the last with `ts <= t`, ties by input order.
fn at(events: &[Ev], t: u64) -> Option<(&'static str, Option<&'static str>)> {
    let mut found = None;
    let mut best = 0;
    for &(ts, s, r) in events {
        if ts <= t && (found.is_none() || ts >= best) {
            found = Some((s, r.filter(|r| !r.is_empty())));
            best = ts;
        }
    }
    found
}

fn on(segments: &[(u64, u64)], t: u64) -> bool {
    segments.iter().any(|&(a, b)| a <= t && t < b)
}

fn good(events: &[Ev], t: u64) -> bool {
    at(events, t).is_some_and(|(s, _)| ADHERENT.contains(&s))
}

fn half_up(p: u64, w: u64) -> u64 {
    (200 * p + w) / (2 * w)
}

fn reference(
    events: &[Ev],
    segments: &[(u64, u64)],
    (since, now): (u64, u64),
    sample: u64,
    grace: u64,
    severe_ms: u64,
) -> Expected {
    let mut cuts: Vec<u64> = vec![0, since, now];
    cuts.extend(segments.iter().flat_map(|&(a, b)| [a, b]));
    cuts.extend(events.iter().map(|e| e.0));
    cuts.retain(|&c| c <= now);
    cuts.sort_unstable();
    cuts.dedup();
    // Pieces [a, b) over [0, now): on shift? adherent? (judged at a: nothing changes inside).
    let pieces: Vec<(u64, u64, bool, bool)> = cuts
        .windows(2)
        .map(|w| (w[0], w[1], on(segments, w[0]), good(events, w[0])))
        .collect();
    let mut x = Expected::default();
    for &(a, b, on_shift, adherent) in pieces.iter().filter(|p| p.0 >= since) {
        if adherent {
            x.worked += b - a;
        }
        if !on_shift {
            continue;
        }
        x.scheduled += b - a;
        if adherent {
            continue;
        }
        x.shrink += b - a;
        match at(events, a) {
            None => x.unknown += b - a,
            Some((s, r)) => {
                *x.by_status.entry(s.to_string()).or_default() += b - a;
                if let Some(r) = r {
                    *x.by_reason.entry((s.into(), r.into())).or_default() += b - a;
                    if PLANNED.contains(&r) {
                        x.planned += b - a;
                    }
                }
            }
        }
    }
    // Exceptions: maximal runs of adjacent pieces on shift and not adherent.
    let mut exceptions: Vec<(u64, u64)> = Vec::new();
    for &(a, b, on_shift, adherent) in &pieces {
        if on_shift && !adherent {
            match exceptions.last_mut() {
                Some(last) if last.1 == a => last.1 = b,
                _ => exceptions.push((a, b)),
            }
        }
    }
    let forgiven = |t: u64| {
        exceptions
            .iter()
            .any(|&(s, e)| e - s < grace && s <= t && t < e)
    };
    if sample == 0 {
        for t in since..now {
            if on(segments, t) {
                x.on_shift += 1;
                if good(events, t) || forgiven(t) {
                    x.adherent += 1;
                }
            }
        }
    } else {
        let mut t = since;
        while t < now {
            if on(segments, t) {
                x.on_shift += 1;
                if good(events, t) || forgiven(t) {
                    x.adherent += 1;
                }
            }
            t += sample;
        }
    }
    x.pct = (x.on_shift > 0).then(|| half_up(x.adherent, x.on_shift));
    // outSince: on shift and out at now; back over the exception running into now.
    if on(segments, now) && !good(events, now) {
        let start = exceptions.iter().find(|e| e.1 == now).map_or(now, |e| e.0);
        x.out_since = Some(start);
        x.severe = now - start >= severe_ms;
    }
    x
}

fn run(
    events: &[Ev],
    segments: &[(u64, u64)],
    (since, now): (u64, u64),
    compact_at: u64,
    sample: u64,
    grace: u64,
    severe_ms: u64,
) -> Expected {
    let mut log = AgentLog::new();
    for &(ts, status, reason) in events {
        log.push(EventRef {
            user_id: "a",
            ts,
            status,
            reason,
        })
        .unwrap();
    }
    log.set_schedules(
        Schedules::compile(&[RawSchedule {
            user_id: "a".into(),
            bypass: false,
            timezone: None,
            rules: None,
            segments: Some(segments.to_vec()),
        }])
        .unwrap(),
    );
    log.compact(compact_at).unwrap();
    let mut q = Query::new(Window::new(since, now).unwrap());
    q.sample_ms = sample;
    q.adherence_grace_ms = grace;
    q.adherence_severe_ms = severe_ms;
    q.adherent_statuses = ADHERENT.iter().map(|s| s.to_string()).collect();
    q.planned_reasons = PLANNED.iter().map(|s| s.to_string()).collect();
    q.include = Include {
        conformance: true,
        shrinkage: true,
        ..Include::default()
    };
    let r = log.query(&q).unwrap();
    let a = r.agents.iter().find(|a| a.user_id == "a").unwrap();
    let st = a.adherence.unwrap();
    let c = a.conformance.unwrap();
    let s = a.shrinkage.as_ref().unwrap();
    let mut by_reason = BTreeMap::new();
    for (status, reasons) in &s.by_reason.0 {
        for (reason, ms) in &reasons.0 {
            by_reason.insert((status.clone(), reason.clone()), *ms);
        }
    }
    assert_eq!(s.unplanned_ms, s.ms - s.planned_ms);
    Expected {
        pct: match a.adherence_pct.unwrap() {
            AdherencePct::Pct(p) => Some(u64::from(p)),
            _ => None,
        },
        on_shift: st.on_shift,
        adherent: st.adherent,
        out_since: st.out_since,
        severe: st.severe,
        worked: c.worked_ms,
        scheduled: c.scheduled_ms,
        shrink: s.ms,
        planned: s.planned_ms,
        unknown: s.unknown_ms,
        by_status: s.by_status.0.iter().cloned().collect(),
        by_reason,
    }
}

fn segments() -> impl Strategy<Value = Vec<(u64, u64)>> {
    (0u64..40, prop::collection::vec((0u64..3, 1u64..50), 0..4)).prop_map(|(first, parts)| {
        let mut cursor = first;
        let mut out = Vec::new();
        for (gap, len) in parts {
            let start = cursor + [0, 1, 7][gap as usize];
            cursor = start + len;
            out.push((start, cursor));
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn engine_equals_the_issue15_reference(
        raw in prop::collection::vec((0u64..160, 0usize..4, 0usize..4), 0..14),
        segments in segments(),
        since in 0u64..120,
        len in 0u64..90,
        compact_back in prop_oneof![Just(None), (0u64..60).prop_map(Some)],
        sample in prop_oneof![2 => Just(0u64), 1 => 1u64..25],
        grace in prop_oneof![1 => Just(0u64), 2 => 1u64..60],
        severe_ms in 1u64..60,
    ) {
        let events: Vec<Ev> = raw.iter().map(|&(ts, s, r)| (ts, STATUSES[s], REASONS[r])).collect();
        let now = since + len;
        // Compacting at or before `since` (never after the first event's ts would matter: the
        // horizon only bounds `since`).
        let compact_at = compact_back.map_or(0, |b| since.saturating_sub(b));
        let want = reference(&events, &segments, (since, now), sample, grace, severe_ms);
        let got = run(&events, &segments, (since, now), compact_at, sample, grace, severe_ms);
        prop_assert_eq!(got, want);
    }
}
