//! Shared by the JSON platform adapters' tests: reading `tests/fixtures/platforms/<format>/`
//! samples and their hand-computed `<case>.expected.json`, and running inputs through an
//! [`Adapter`].

use agent_kpis_core::adapt::{Adapter, LogFormat};
use agent_kpis_core::zoned::parse_instant;
use agent_kpis_core::{agent_kpis, EventRef, InputError};
use serde_json::Value;

/// A derived event, owned: `(user_id, ts, status, reason)`.
pub type Event = (String, u64, String, Option<String>);

/// An [`Event`] from borrowed parts: `user_id`, `ts` (epoch ms), `status`, `reason`.
pub fn event(user: &str, ts: u64, status: &str, reason: Option<&str>) -> Event {
    (
        user.to_string(),
        ts,
        status.to_string(),
        reason.map(str::to_string),
    )
}

const PLATFORMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/platforms");

/// The bytes of `tests/fixtures/platforms/<dir>/<name>`.
pub fn fixture(dir: &str, name: &str) -> Vec<u8> {
    let path = format!("{PLATFORMS}/{dir}/{name}");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `<dir>/<case>.expected.json`.
pub fn expected(dir: &str, case: &str) -> Value {
    serde_json::from_slice(&fixture(dir, &format!("{case}.expected.json"))).unwrap()
}

/// Epoch ms of an ISO-8601 date-time with `Z`.
pub fn ms(iso: &str) -> u64 {
    parse_instant(iso, None, "ts").unwrap()
}

/// Runs `chunks` through one adapter, one `read` a chunk: the events, and the records each read.
pub fn read(format: LogFormat, chunks: &[&[u8]]) -> Result<(Vec<Event>, Vec<usize>), InputError> {
    let mut adapter = Adapter::new(format);
    let mut events = Vec::new();
    let mut counts = Vec::new();
    for chunk in chunks {
        let n = adapter.read(chunk, None, |e| {
            events.push(event(e.user_id, e.ts, e.status, e.reason));
            Ok(())
        })?;
        counts.push(n);
    }
    Ok((events, counts))
}

/// Reads `input` (records one a line) in one call and cut at `cuts` (see [`split_lines`]) into
/// several: asserts both give the same events, in time order per agent; returns the records each
/// chunked read counted.
pub fn assert_chunks_equal_one_read(format: LogFormat, input: &[u8], cuts: &[usize]) -> Vec<usize> {
    let (whole, _) = read(format, &[input]).unwrap();
    let (chunked, counts) = read(format, &split_lines(input, cuts)).unwrap();
    assert_eq!(whole, chunked);
    assert_ts_nondecreasing(&whole);
    counts
}

/// Reads `input` (records one a line, in any order) cut at `cuts`: asserts that per agent the
/// output times never decrease.
pub fn assert_chunked_ts_nondecreasing(format: LogFormat, input: &[u8], cuts: &[usize]) {
    let (events, _) = read(format, &split_lines(input, cuts)).unwrap();
    assert_ts_nondecreasing(&events);
}

/// The `events` of an expected file: `[user_id, ISO ts, status, reason|null]`.
pub fn expected_events(expected: &Value) -> Vec<Event> {
    expected["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e[0].as_str().unwrap().to_string(),
                ms(e[1].as_str().unwrap()),
                e[2].as_str().unwrap().to_string(),
                e[3].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// `agent_kpis` over `[since, now]` as JSON, agents sorted by `user_id`.
pub fn kpis(events: &[Event], since: u64, now: u64) -> Value {
    let refs = events.iter().map(|(u, ts, s, r)| EventRef {
        user_id: u,
        ts: *ts,
        status: s,
        reason: r.as_deref(),
    });
    let mut agents = agent_kpis(refs, since, now).unwrap().agents;
    agents.sort_by(|a, b| a.user_id.cmp(&b.user_id));
    serde_json::to_value(&agents).unwrap()
}

/// Expected agents sorted by `user_id`.
pub fn sorted_agents(agents: &Value) -> Value {
    let mut agents = agents.as_array().unwrap().clone();
    agents.sort_by(|a, b| a["user_id"].as_str().cmp(&b["user_id"].as_str()));
    Value::Array(agents)
}

/// Reads `<dir>/<input>` in one call and checks the record count, the derived events and the KPIs
/// over the window against `<dir>/<case>.expected.json`; returns the events.
pub fn check_case(format: LogFormat, case: &str) -> Vec<Event> {
    let dir = format.name();
    let want = expected(dir, case);
    let input = fixture(dir, want["input"].as_str().unwrap());
    let (events, counts) = read(format, &[&input]).unwrap();
    assert_eq!(counts, vec![want["records"].as_u64().unwrap() as usize]);
    assert_eq!(events, expected_events(&want), "{case}: events");
    if let Some(window) = want.get("window") {
        let (since, now) = (
            ms(window["since"].as_str().unwrap()),
            ms(window["now"].as_str().unwrap()),
        );
        assert_eq!(
            kpis(&events, since, now),
            sorted_agents(&want["agents"]),
            "{case}: KPIs"
        );
    }
    events
}

/// Per agent, the `ts` of its events never decreases.
pub fn assert_ts_nondecreasing(events: &[Event]) {
    let mut last = std::collections::HashMap::new();
    for (user, ts, ..) in events {
        let prev = last.insert(user.clone(), *ts).unwrap_or(0);
        assert!(prev <= *ts, "{user}: {ts} after {prev}");
    }
}

/// `input` cut into chunks at the given line boundaries (`cuts`: line counts, any order).
pub fn split_lines<'a>(input: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            input
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let mut at: Vec<usize> = cuts
        .iter()
        .filter_map(|&line| starts.get(line).copied())
        .collect();
    at.push(0);
    at.push(input.len());
    at.sort_unstable();
    at.dedup();
    at.windows(2).map(|w| &input[w[0]..w[1]]).collect()
}

/// The JSON adapters on damaged input: any bytes, and the samples cut short or with a byte
/// changed, read in one call or two — an error or events, never a panic (what the fuzz target
/// checks at length).
#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    const SAMPLES: [(LogFormat, &str); 4] = [
        (LogFormat::AmazonConnect, "available_during_call.ndjson"),
        (LogFormat::AmazonConnect, "half_hour_intervals.json"),
        (LogFormat::TwilioTaskRouter, "reservations.ndjson"),
        (
            LogFormat::GenesysUserDetails,
            "break_while_interacting.json",
        ),
    ];

    proptest! {
        #[test]
        fn damaged_input_never_panics(
            sample in 0..4usize,
            cut in any::<prop::sample::Index>(),
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
            split in any::<prop::sample::Index>(),
            noise in prop::collection::vec(any::<u8>(), 0..64),
        ) {
            let (format, name) = SAMPLES[sample];
            let mut input = fixture(format.name(), name);
            let len = input.len();
            input.truncate(cut.index(len + 1).max(1));
            let i = at.index(input.len());
            input[i] = byte;
            let s = split.index(input.len() + 1);
            let (a, b) = input.split_at(s);
            let _ = read(format, &[a, b]);
            for format in LogFormat::ALL {
                if format != LogFormat::AsteriskQueueLog {
                    let _ = read(format, &[&noise]);
                }
            }
        }
    }
}

/// Every JSON sample read as another JSON format is an error naming its first record, not an
/// empty read: a user who picks the wrong `format` is told.
#[test]
fn a_sample_read_as_another_json_format_is_refused() {
    let samples = [
        (
            LogFormat::AmazonConnect,
            "amazon-connect",
            "available_during_call.ndjson",
        ),
        (
            LogFormat::AmazonConnect,
            "amazon-connect",
            "half_hour_intervals.json",
        ),
        (
            LogFormat::TwilioTaskRouter,
            "twilio-taskrouter",
            "reservations.ndjson",
        ),
        (
            LogFormat::GenesysUserDetails,
            "genesys-user-details",
            "break_while_interacting.json",
        ),
    ];
    for (own, dir, name) in samples {
        let input = fixture(dir, name);
        assert!(read(own, &[&input]).is_ok(), "{name} as {}", own.name());
        for other in [
            LogFormat::AmazonConnect,
            LogFormat::TwilioTaskRouter,
            LogFormat::GenesysUserDetails,
        ] {
            if other == own {
                continue;
            }
            let err = read(other, &[&input]).unwrap_err().to_string();
            assert!(
                err.starts_with("line 1") || err.starts_with("records[0]"),
                "{name} as {}: {err}",
                other.name()
            );
        }
    }
}
