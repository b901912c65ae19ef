//! Text input parsers: a JSON array of events, NDJSON (one event object per line) and CSV
//! (`user_id,ts,status,reason` header), read straight from bytes without building JS objects.
//!
//! Field values are checked by [`crate::input`], exactly as on the JS object path, so the same log
//! gives the same results and the same error words in every format. Errors name the position:
//! `events[17].ts: …` in a JSON array, `line 812: ts: …` in NDJSON and CSV.

mod csv;
mod intern;
mod json;
pub(crate) mod names;
pub mod options;

use crate::error::InputError;
use crate::store::{Batch, EventRef, EventStore};
pub use options::{Columns, ReadOptions, TsUnit};

/// The format of a text log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `[ {…}, {…} ]`
    JsonArray,
    /// One JSON object per line.
    Ndjson,
    /// A header line with `user_id`, `ts`, `status` (and optionally `reason`), then one row per event.
    Csv,
}

/// Guesses the format from the first non-blank byte (after an optional UTF-8 byte-order mark):
/// `[` is a JSON array, `{` NDJSON, anything else CSV.
pub fn detect(input: &[u8]) -> Format {
    match strip_bom(input).iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => Format::JsonArray,
        Some(b'{') => Format::Ndjson,
        _ => Format::Csv,
    }
}

/// `input` without a leading UTF-8 byte-order mark.
pub fn strip_bom(input: &[u8]) -> &[u8] {
    input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input)
}

/// Parses `input` in `format`, handing each event to `sink` in input order; returns the number of
/// events. Stops at the first error (events before it were already handed over). The same as
/// [`parse_with`] with `ReadOptions::default()`.
pub fn parse(
    input: &[u8],
    format: Format,
    sink: impl FnMut(EventRef<'_>) -> Result<(), InputError>,
) -> Result<usize, InputError> {
    parse_with(input, format, &ReadOptions::default(), sink)
}

/// Parses `input` in `format` as `options` say (timestamps' unit and zone, CSV column names, a
/// status map applied to every event; see [`options`]), handing each event to `sink` in input
/// order; returns the number of events. Stops at the first error (events before it were already
/// handed over); errors name the line (or array element) and the field.
pub fn parse_with(
    input: &[u8],
    format: Format,
    options: &ReadOptions,
    sink: impl FnMut(EventRef<'_>) -> Result<(), InputError>,
) -> Result<usize, InputError> {
    let input = strip_bom(input);
    let read = options.reading();
    match format {
        Format::JsonArray => json::parse_array(input, &mut json::Sink { sink, read }),
        Format::Ndjson => json::parse_ndjson(input, &mut json::Sink { sink, read }),
        Format::Csv => csv::parse(input, options.columns.as_ref(), read, sink),
    }
}

/// Parses `input` in `format` into `batch`, interning its names in `store`: the same events, ids
/// and errors as `parse(input, format, |e| batch.push(store, e))`, faster (each name is looked up
/// by its bytes in a cache kept for this call; only names not seen before reach the store's
/// interners, and only they are validated as UTF-8 again). Returns the number of events. The same
/// as [`parse_into_with`] with `ReadOptions::default()`.
pub fn parse_into(
    input: &[u8],
    format: Format,
    store: &mut EventStore,
    batch: &mut Batch,
) -> Result<usize, InputError> {
    parse_into_with(input, format, &ReadOptions::default(), store, batch)
}

/// [`parse_into`] reading as `options` say: the same events, ids and errors as
/// `parse_with(input, format, options, |e| batch.push(store, e))`. A status map is applied before
/// interning (a raw status that is mapped is never interned, each distinct raw status is looked up
/// in the map once per call), so the store's tables are those of that `parse_with`.
pub fn parse_into_with(
    input: &[u8],
    format: Format,
    options: &ReadOptions,
    store: &mut EventStore,
    batch: &mut Batch,
) -> Result<usize, InputError> {
    let input = strip_bom(input);
    let mut to = intern::Interning::new(store, batch, options.reading());
    match format {
        Format::JsonArray => json::parse_array(input, &mut to),
        Format::Ndjson => json::parse_ndjson(input, &mut to),
        Format::Csv => csv::parse_rows(input, options.columns.as_ref(), options.reading(), &mut to),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::ids::{MAX_NAME_BYTES, NO_REASON};
    use crate::interner::Interner;

    #[test]
    fn detects_formats() {
        assert_eq!(detect(b"  [ {}"), Format::JsonArray);
        assert_eq!(detect(b"\xEF\xBB\xBF\n{\"a\":1}"), Format::Ndjson);
        assert_eq!(detect(b"user_id,ts,status\n"), Format::Csv);
        assert_eq!(detect(b""), Format::Csv);
    }

    /// Everything a parse into a store leaves: the result, the staged events with their names, and
    /// the interners' tables.
    fn outcome(store: &EventStore, batch: &Batch, r: Result<usize, InputError>) -> String {
        let name = |t: &Interner, id: u32| t.name(id).to_string();
        let events: Vec<_> = batch
            .events()
            .map(|(a, ts, s, r)| {
                let reason = (r != NO_REASON).then(|| name(store.reasons(), r));
                let names = (name(store.agents(), a), name(store.statuses(), s), reason);
                (a, ts, s, r, names)
            })
            .collect();
        let table =
            |t: &Interner| -> Vec<String> { (0..t.len() as u32).map(|i| name(t, i)).collect() };
        format!(
            "{r:?}\n{events:?}\n{:?}\n{:?}\n{:?}\n{}",
            table(store.agents()),
            table(store.statuses()),
            table(store.reasons()),
            store.timelines().len()
        )
    }

    /// Checks that `parse_into` leaves what `parse` with `batch.push` leaves (optionally after a
    /// compaction to `horizon`); returns that.
    fn into_is_push(input: &[u8], horizon: Option<u64>) -> String {
        let into = into_is_push_with(input, horizon, &ReadOptions::default());
        let run = |into: bool| {
            let mut store = EventStore::new();
            if let Some(h) = horizon {
                store.compacted(0, h);
            }
            let mut batch = Batch::default();
            let format = detect(input);
            let r = if into {
                parse_into(input, format, &mut store, &mut batch)
            } else {
                parse(input, format, |e| batch.push(&mut store, e))
            };
            outcome(&store, &batch, r)
        };
        let (push, plain) = (run(false), run(true));
        assert_eq!(push, plain, "{}", String::from_utf8_lossy(input));
        assert_eq!(plain, into, "{}", String::from_utf8_lossy(input));
        into
    }

    /// Checks that `parse_into_with` leaves what `parse_with` with `batch.push` leaves, with
    /// `options` (optionally after a compaction to `horizon`); returns that.
    fn into_is_push_with(input: &[u8], horizon: Option<u64>, options: &ReadOptions) -> String {
        let run = |into: bool| {
            let mut store = EventStore::new();
            if let Some(h) = horizon {
                store.compacted(0, h);
            }
            let mut batch = Batch::default();
            let format = detect(input);
            let r = if into {
                parse_into_with(input, format, options, &mut store, &mut batch)
            } else {
                parse_with(input, format, options, |e| batch.push(&mut store, e))
            };
            outcome(&store, &batch, r)
        };
        let (push, into) = (run(false), run(true));
        assert_eq!(
            push,
            into,
            "{}\n{options:?}",
            String::from_utf8_lossy(input)
        );
        into
    }

    /// Read options over a few logs: every combination of unit, zone and status map stages the
    /// same through `parse_into_with` as through `parse_with` and `Batch::push`.
    #[test]
    fn parse_into_with_stages_what_push_stages() {
        let map = crate::StatusMap::from_json(
            br#"{"Available": "ready", "Lunch": {"status": "paused", "reason": "lunch"},
                 "Busy": {"status": "paused", "reason": null}, "Away": {"status": "paused"},
                 "ready": "idle", "Long": {"status": "paused", "reason": "a reason longer than sixteen"}}"#,
        )
        .unwrap();
        let paris = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        let mut all = Vec::new();
        for ts_unit in [TsUnit::Ms, TsUnit::Seconds] {
            for zone in [None, Some(paris.clone())] {
                for status_map in [None, Some(crate::StatusMap::new()), Some(map.clone())] {
                    all.push(ReadOptions {
                        ts_unit,
                        zone: zone.clone(),
                        columns: None,
                        status_map,
                    });
                }
            }
        }
        let long = "n".repeat(MAX_NAME_BYTES + 1);
        let logs: Vec<String> = vec![
            // Numbers, ISO strings with and without an offset, fractions (seconds only).
            [
                event(r#""a""#, "1709540400", r#""Available""#, Some(r#""x""#)),
                event(r#""b""#, r#""2024-03-04T09:20:00+01:00""#, r#""Lunch""#, Some(r#""own""#)),
                event("7", "1709540400.1235", r#""Busy""#, Some(r#""own""#)),
                event(r#""a""#, r#""2024-03-31T02:30:00""#, r#""Away""#, Some(r#""own""#)),
                event(r#""b""#, "1.0005", r#""ready""#, None),
                event(r#""c""#, "12", r#""Other""#, Some(r#""r""#)),
                event(r#""c""#, "13", r#""Long""#, Some(&format!("\"{long}\""))),
                event(r#""a""#, "1e3", r#""Lunch""#, None),
                event(r#""a""#, "14", r#""Lunch""#, Some(r#""lunch""#)),
            ]
            .join("\n"),
            // Errors: a bad ISO text, a negative number, a non-string, a seconds overflow.
            [event(r#""a""#, "1", r#""Available""#, None), event(r#""a""#, r#""09:20""#, r#""ready""#, None)].join("\n"),
            [event(r#""a""#, "1", r#""Lunch""#, None), event(r#""a""#, "-1.5", r#""ready""#, None)].join("\n"),
            [event(r#""a""#, "1", r#""Lunch""#, None), event(r#""a""#, "true", r#""ready""#, None)].join("\n"),
            [event(r#""a""#, "1", r#""Lunch""#, None), event(r#""a""#, "9007199254741", r#""ready""#, None)].join("\n"),
            [event(r#""a""#, "1", r#""Lunch""#, None), event(r#""a""#, r#""1""#, r#""ready""#, None)].join("\n"),
            // CSV: numbers, fractions, ISO, spaces; then an error.
            "user_id,ts,status,reason\na,1709540400,Available,x\nb,2024-03-04T09:20:00Z,Lunch,own\n             7, 12.5 ,Busy,own\na,2024-03-31T02:30:00,Away,\nc,1.0005,ready,\nc,13,Other,r\n"
                .to_string(),
            "user_id,ts,status,reason\na,1,Lunch,\na,2024-13-01T00:00Z,ready,\n".to_string(),
            "user_id,ts,status,reason\na,1,Lunch,\na,-2,ready,\n".to_string(),
        ];
        for log in &logs {
            let array = if log.starts_with('{') {
                Some(format!("[{}]", log.replace('\n', ",")))
            } else {
                None
            };
            for input in std::iter::once(log.clone()).chain(array) {
                for options in &all {
                    for horizon in [None, Some(2)] {
                        into_is_push_with(input.as_bytes(), horizon, options);
                    }
                }
            }
        }
        // The map applied: targets interned, mapped raw statuses never.
        let options = ReadOptions {
            ts_unit: TsUnit::Seconds,
            zone: Some(paris),
            columns: None,
            status_map: Some(map),
        };
        let staged = into_is_push_with(logs[0].as_bytes(), None, &options);
        assert!(staged.starts_with("Ok(9)\n"), "{staged}");
        assert!(
            !staged.contains("Available") && !staged.contains("Lunch"),
            "{staged}"
        );
        assert!(staged.contains(r#""Other""#), "{staged}");
    }

    fn event(user: &str, ts: &str, status: &str, reason: Option<&str>) -> String {
        let reason = reason.map_or(String::new(), |r| format!(r#","reason":{r}"#));
        format!(r#"{{"user_id":{user},"ts":{ts},"status":{status}{reason}}}"#)
    }

    #[test]
    fn parse_into_stages_what_push_stages() {
        let long = format!("\"{}\"", "n".repeat(MAX_NAME_BYTES));
        let longer = format!("\"{}\"", "n".repeat(MAX_NAME_BYTES + 1));
        let logs: Vec<Vec<String>> = vec![
            vec![
                event(r#""a""#, "5", r#""ready""#, None),
                event(r#""b""#, "6", r#""paused""#, Some(r#""break""#)),
                event(r#""a""#, "7", r#""incall""#, Some("null")),
            ],
            // Integer and string ids are one agent; escaped and raw names are one name.
            vec![
                event("7", "1", r#""ready""#, None),
                event(r#""7""#, "2", r#""re\u0061dy""#, None),
                event(r#""\u0037""#, "3", r#""ready""#, Some(r#""b""#)),
                event("70", "4", r#""x""#, Some(r#""\u0062""#)),
            ],
            // Non-ASCII names, names longer than 16 bytes, an empty reason.
            vec![
                event(r#""é😀""#, "1", r#""ü""#, None),
                event(r#""\u00e9\ud83d\ude00""#, "2", r#""\u00fc""#, Some(r#""""#)),
                event(
                    r#""a name longer than sixteen""#,
                    "3",
                    r#""a status longer than 16""#,
                    None,
                ),
                event(
                    r#""a name longer than sixteen""#,
                    "4",
                    r#""a status longer than 16""#,
                    None,
                ),
            ],
            vec![
                event(&long, "1", &long, Some(&long)),
                event(&long, "2", r#""ready""#, None),
            ],
            vec![
                event(r#""a""#, "1", r#""ready""#, None),
                event(&longer, "2", r#""ready""#, None),
            ],
            vec![event(r#""a""#, "1", &longer, None)],
            vec![event(r#""a""#, "1", r#""paused""#, Some(&longer))],
            // Errors after a staged event, in every field.
            vec![
                event(r#""a""#, "1", r#""ready""#, None),
                event(r#""""#, "1", r#""ready""#, None),
            ],
            vec![
                event(r#""a""#, "1", r#""ready""#, None),
                event("1.5", "1", r#""ready""#, None),
            ],
            vec![
                event(r#""a""#, "1", r#""ready""#, None),
                event(r#""a""#, r#""1""#, r#""ready""#, None),
            ],
            vec![
                event(r#""a""#, "1", r#""ready""#, None),
                event(r#""a""#, "1", r#""""#, None),
            ],
            vec![
                event(r#""a""#, "1", r#""ready""#, None),
                event(r#""a""#, "1", r#""r""#, Some("5")),
            ],
            vec![event(r#""a""#, "1", r#""ready""#, None), "7".to_string()],
            vec![event(r#""a""#, "12345678901234567", r#""ready""#, None)],
            vec![event(r#""a""#, "9007199254740991", r#""ready""#, None)],
            vec![event("123456789012345678", "1", r#""ready""#, None)],
            vec![
                event("-0", "1", r#""ready""#, None),
                event("0", "2", r#""ready""#, None),
            ],
        ];
        for log in &logs {
            let array = format!("[{}]", log.join(","));
            let ndjson = log.join("\n");
            for input in [array, ndjson] {
                for horizon in [None, Some(2)] {
                    into_is_push(input.as_bytes(), horizon);
                }
            }
        }
        let ids = into_is_push(format!("[{}]", logs[1].join(",")).as_bytes(), None);
        assert!(ids.contains(r#"["7", "70"]"#), "{ids}");
        for other in [
            "{\"user_id\":\"a\",\"ts\":1,\"status\":\"ready\"}\r\n\n  \n{\"user_id\":\"b\",\n\"ts\":2,\"status\":\"ready\"}\n",
            "{\"user_id\":\"a\",\"ts\":1,\"status\":\"ready\"} {}\n",
            "[{\"user_id\":\"a\",\"ts\":1,\"status\":\"ready\"} x",
            "user_id,ts,status,reason\na,1,ready,\nb,2,paused,break\na,3,ready,x\n",
            "user_id,ts,status\na,1,ready\n,2,ready\n",
        ] {
            into_is_push(other.as_bytes(), None);
            into_is_push(other.as_bytes(), Some(2));
        }
    }

    #[test]
    fn parse_into_keeps_many_distinct_names_apart() {
        let mut log = Vec::new();
        for i in 0..30_000u32 {
            let user = match i % 3 {
                0 => format!("\"agent-{}\"", i % 7919),
                1 => format!("{}", i % 5003),
                _ => format!("\"ü-{}-a-longer-identifier-{}\"", i % 101, i % 13),
            };
            let status = format!("\"s{}\"", i % 40);
            let reason = format!("\"r{}\"", i % 17);
            log.push(event(&user, &i.to_string(), &status, Some(&reason)));
        }
        into_is_push(format!("[{}]", log.join(",")).as_bytes(), None);
        into_is_push(log.join("\n").as_bytes(), None);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod random {
        use super::*;
        use proptest::prelude::*;

        const PIECES: &[&str] = &[
            r#"{"user_id":"a","ts":1,"status":"ready"}"#,
            r#"{"user_id":"b","ts":2,"status":"paused","reason":"break"}"#,
            r#"{"user_id":7,"ts":3000,"status":"ready","reason":null}"#,
            r#"{"user_id":"\u0061","ts":4,"status":"re\u0061dy"}"#,
            r#"{"user_id":"é","ts":0,"status":"ü","reason":""}"#,
            r#"{"ts":5,"user_id":"c","status":"x","extra":{"a":[1,2]}}"#,
            r#"{"user_id":"","ts":1,"status":"ready"}"#,
            r#"{"user_id":"a","ts":-1,"status":"ready"}"#,
            r#"{"user_id":"a","ts":1.5,"status":"ready"}"#,
            r#"{"user_id":"a","ts":1,"status":7}"#,
            r#"{"user_id":"a","ts":1}"#,
            "{\"user_id\":\"a\",\n\"ts\":1,\"status\":\"s\"}",
            "null",
            "{",
            "}",
            ",",
            "\n",
            " ",
            "\"",
            "x",
            "\u{FEFF}",
        ];
        const SEPARATORS: &[&str] = &[",", "\n", ", ", "\r\n"];

        proptest! {
            #![proptest_config(ProptestConfig { failure_persistence: None, cases: 1000, ..ProptestConfig::default() })]

            #[test]
            fn parse_into_is_push_on_random_logs(
                pieces in prop::collection::vec(prop::sample::select(PIECES), 0..12),
                sep in prop::sample::select(SEPARATORS),
                array in any::<bool>(),
                horizon in prop::option::of(0u64..5),
            ) {
                let body = pieces.join(sep);
                let input = if array { format!("[{body}]") } else { body };
                into_is_push(input.as_bytes(), horizon);
            }
        }
    }
}
