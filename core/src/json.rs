//! Results as JSON text, in the shape of `GET /v1/agents`. The wasm boundary hands this text to
//! `JSON.parse`, which builds the result objects far faster than property-by-property calls across
//! the boundary, and defines every key as an own data property (a status named `__proto__` stays an
//! ordinary key).
//!
//! The text is serde_json's, from the result types' `Serialize` (derived where they are defined,
//! with the API's names; [`Entries`] and [`AdherencePct`] here), compact, with one change to its
//! escapes (see `Compact`). `serde_json::to_string` of a result gives the same JSON value.

use std::io;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

use crate::kpi::{AdherencePct, AgentIntervals, AgentsResponse, Entries};

/// A JSON object of the pairs, in their order.
impl<V: Serialize> Serialize for Entries<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A number, `null` (no shift) or `"bypass"`.
impl Serialize for AdherencePct {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            AdherencePct::Pct(p) => serializer.serialize_u32(p),
            AdherencePct::NoShift => serializer.serialize_none(),
            AdherencePct::Bypass => serializer.serialize_str("bypass"),
        }
    }
}

/// serde_json's compact output with one change: backspace and form feed are written `\u0008` and
/// `\u000c` (serde_json writes `\b` and `\f`), so every control character below U+0020 but `\n`,
/// `\r` and `\t` is `\u00xx`. The JSON value is the same either way; the text stays the package's
/// for callers who store or compare it (`compact()`'s NDJSON).
#[derive(Clone, Copy, Debug, Default)]
struct Compact;

impl Formatter for Compact {
    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        match char_escape {
            CharEscape::Backspace => writer.write_all(b"\\u0008"),
            CharEscape::FormFeed => writer.write_all(b"\\u000c"),
            other => CompactFormatter.write_char_escape(writer, other),
        }
    }
}

/// Writes `value` as JSON into a buffer of `capacity` bytes to start with.
fn to_json(value: &impl Serialize, capacity: usize) -> String {
    let mut out = Vec::with_capacity(capacity);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Compact);
    // Cannot fail: writing to memory, and every map key is a string.
    if value.serialize(&mut serializer).is_err() {
        return String::new();
    }
    // serde_json writes valid UTF-8 (the check is a fast scan).
    String::from_utf8(out).unwrap_or_default()
}

/// `{"agents":[…]}`.
pub fn response(r: &AgentsResponse) -> String {
    to_json(r, 64 + r.agents.len() * 320)
}

/// `{"agents":[{"user_id":…,"intervals":[{"start":…,"end":…,"statusMs":…,…}]}]}`.
pub fn intervals(report: &[AgentIntervals]) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        agents: &'a [AgentIntervals],
    }
    let rows: usize = report.iter().map(|a| a.rows.len() + 1).sum();
    to_json(&Report { agents: report }, 64 + rows * 320)
}

/// Compaction's export: events as NDJSON lines, one `{"user_id":…,"ts":…,"status":…,"reason"?:…}`
/// per line.
#[derive(Debug, Default)]
pub struct Ndjson {
    buf: Vec<u8>,
}

/// One line of [`Ndjson`].
#[derive(Serialize)]
struct Event<'a> {
    user_id: &'a str,
    ts: u64,
    status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

impl Ndjson {
    /// An empty export with room for about `events` lines.
    pub fn with_capacity(events: usize) -> Self {
        Ndjson {
            buf: Vec::with_capacity(events.saturating_mul(64)),
        }
    }

    /// Appends one event's line.
    pub fn push(&mut self, user_id: &str, ts: u64, status: &str, reason: Option<&str>) {
        let event = Event {
            user_id,
            ts,
            status,
            reason,
        };
        let mut serializer = serde_json::Serializer::with_formatter(&mut self.buf, Compact);
        // Cannot fail: writing to memory.
        let _ = event.serialize(&mut serializer);
        self.buf.push(b'\n');
    }

    /// The lines as text.
    pub fn finish(self) -> String {
        // serde_json writes valid UTF-8 (the check is a fast scan).
        String::from_utf8(self.buf).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::AgentKpis;

    #[test]
    fn a_row_in_the_api_shape() {
        let mut a = AgentKpis::empty("7");
        a.status_ms = Entries(vec![("ready".into(), 5), ("__proto__".into(), 1)]);
        a.adherence_pct = Some(AdherencePct::NoShift);
        let r = response(&AgentsResponse {
            agents: vec![a],
            ..AgentsResponse::default()
        });
        assert_eq!(
            r,
            r#"{"agents":[{"user_id":"7","statusMs":{"ready":5,"__proto__":1},"loggedInMs":0,"occupancyPct":0,"utilizationPct":0,"adherencePct":null}]}"#
        );
    }

    #[test]
    fn strings_are_escaped() {
        let r = response(&AgentsResponse {
            agents: vec![AgentKpis::empty("a\"b\\c\nd\u{1}\u{8}\u{c}\u{2028}é")],
            ..AgentsResponse::default()
        });
        assert!(r.starts_with(
            "{\"agents\":[{\"user_id\":\"a\\\"b\\\\c\\nd\\u0001\\u0008\\u000c\u{2028}é\","
        ));
    }

    #[test]
    fn ndjson_lines() {
        let mut out = Ndjson::with_capacity(2);
        out.push("7", 5, "ready", None);
        out.push("8", 6, "paused", Some("lunch"));
        assert_eq!(
            out.finish(),
            "{\"user_id\":\"7\",\"ts\":5,\"status\":\"ready\"}\n{\"user_id\":\"8\",\"ts\":6,\"status\":\"paused\",\"reason\":\"lunch\"}\n"
        );
    }
}
