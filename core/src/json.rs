//! Results as JSON text, in the shape of `GET /v1/agents`. The wasm boundary hands this text to
//! `JSON.parse`, which builds the result objects far faster than property-by-property calls across
//! the boundary, and defines every key as an own data property (a status named `__proto__` stays an
//! ordinary key).

use std::fmt::Write;
use std::io;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

use crate::kpi::{
    AdherencePct, AdherenceState, AgentIntervals, AgentKpis, AgentsResponse, Entries, Unit,
};

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

/// The fields of an [`AgentKpis`] but `user_id`: an interval row's fields after `start` and `end`
/// (its agent is named once, in [`AgentIntervals`]).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KpiFields<'a> {
    status_ms: &'a Entries<u64>,
    logged_in_ms: u64,
    occupancy_pct: u32,
    utilization_pct: u32,
    #[serde(skip_serializing_if = "Entries::is_empty")]
    reason_ms: &'a Entries<Entries<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    adherence_pct: Option<AdherencePct>,
    #[serde(skip_serializing_if = "Option::is_none")]
    adherence: Option<AdherenceState>,
}

/// Serializes `kpis` without its `user_id` (for `#[serde(flatten, serialize_with)]`).
pub(crate) fn kpi_fields<S: Serializer>(
    kpis: &AgentKpis,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    KpiFields {
        status_ms: &kpis.status_ms,
        logged_in_ms: kpis.logged_in_ms,
        occupancy_pct: kpis.occupancy_pct,
        utilization_pct: kpis.utilization_pct,
        reason_ms: &kpis.reason_ms,
        adherence_pct: kpis.adherence_pct,
        adherence: kpis.adherence,
    }
    .serialize(serializer)
}

/// serde_json's compact output, except that backspace and form feed are written `\u0008` and
/// `\u000c` (serde_json writes `\b` and `\f`): every control character below U+0020 but `\n`,
/// `\r` and `\t` as `\u00xx`, so names come out the same as the writer before serde.
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

/// `{"agents":[…]}` through serde.
pub fn serde_response(r: &AgentsResponse) -> String {
    to_json(r, 64 + r.agents.len() * 320)
}

/// `{"agents":[{"user_id":…,"intervals":[…]}]}` through serde.
pub fn serde_intervals(report: &[AgentIntervals]) -> String {
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

/// Appends `s` as a JSON string literal.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    // Most names need no escape: copy them whole.
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `v` in decimal (what `write!` does, without the formatting machinery).
pub fn write_u64(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        if let Some(d) = digits.get_mut(start) {
            *d = b'0' + (v % 10) as u8;
        }
        v /= 10;
        if v == 0 || start == 0 {
            break;
        }
    }
    // ASCII digits: always valid UTF-8.
    let text = digits.get(start..).unwrap_or_default();
    out.push_str(std::str::from_utf8(text).unwrap_or_default());
}

fn write_ms(out: &mut String, entries: &Entries<u64>) {
    out.push('{');
    for (i, (k, v)) in entries.0.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, k);
        out.push(':');
        write_u64(out, *v);
    }
    out.push('}');
}

/// The KPI fields of a row (everything but `user_id`), without braces.
fn write_kpis(out: &mut String, a: &AgentKpis) {
    out.push_str("\"statusMs\":");
    write_ms(out, &a.status_ms);
    out.push_str(",\"loggedInMs\":");
    write_u64(out, a.logged_in_ms);
    out.push_str(",\"occupancyPct\":");
    write_u64(out, a.occupancy_pct.into());
    out.push_str(",\"utilizationPct\":");
    write_u64(out, a.utilization_pct.into());
    if !a.reason_ms.is_empty() {
        out.push_str(",\"reasonMs\":{");
        for (i, (status, reasons)) in a.reason_ms.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_string(out, status);
            out.push(':');
            write_ms(out, reasons);
        }
        out.push('}');
    }
    match a.adherence_pct {
        Some(AdherencePct::Pct(p)) => {
            let _ = write!(out, ",\"adherencePct\":{p}");
        }
        Some(AdherencePct::NoShift) => out.push_str(",\"adherencePct\":null"),
        Some(AdherencePct::Bypass) => out.push_str(",\"adherencePct\":\"bypass\""),
        None => {}
    }
    if let Some(st) = &a.adherence {
        let unit = match st.unit {
            Unit::Samples => "samples",
            Unit::Ms => "ms",
        };
        let _ = write!(
            out,
            ",\"adherence\":{{\"onShift\":{},\"adherent\":{},\"unit\":\"{unit}\",\"onShiftNow\":{},\"inAdherenceNow\":{},\"outSince\":",
            st.on_shift, st.adherent, st.on_shift_now, st.in_adherence_now
        );
        match st.out_since {
            Some(t) => {
                let _ = write!(out, "{t}}}");
            }
            None => out.push_str("null}"),
        }
    }
}

/// `{"agents":[…]}`.
pub fn response(r: &AgentsResponse) -> String {
    let mut out = String::with_capacity(64 + r.agents.len() * 320);
    out.push_str("{\"agents\":[");
    for (i, a) in r.agents.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"user_id\":");
        write_string(&mut out, &a.user_id);
        out.push(',');
        write_kpis(&mut out, a);
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// `{"agents":[{"user_id":…,"intervals":[{"start":…,"end":…,…}]}]}`.
pub fn intervals(report: &[AgentIntervals]) -> String {
    let mut out = String::new();
    out.push_str("{\"agents\":[");
    for (i, a) in report.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"user_id\":");
        write_string(&mut out, &a.user_id);
        out.push_str(",\"intervals\":[");
        for (j, r) in a.rows.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            let _ = write!(out, "{{\"start\":{},\"end\":{},", r.start, r.end);
            write_kpis(&mut out, &r.kpis);
            out.push('}');
        }
        out.push_str("]}");
    }
    out.push_str("]}");
    out
}

/// Appends one event as a line of NDJSON.
pub fn write_ndjson_event(
    out: &mut String,
    user_id: &str,
    ts: u64,
    status: &str,
    reason: Option<&str>,
) {
    out.push_str("{\"user_id\":");
    write_string(out, user_id);
    out.push_str(",\"ts\":");
    out.push_str(&ts.to_string());
    out.push_str(",\"status\":");
    write_string(out, status);
    if let Some(r) = reason {
        out.push_str(",\"reason\":");
        write_string(out, r);
    }
    out.push_str("}\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_as_write_formats_them() {
        for v in [
            0,
            7,
            10,
            99,
            100,
            12_345,
            u64::from(u32::MAX),
            9_007_199_254_740_991,
            u64::MAX,
        ] {
            let mut s = String::new();
            write_u64(&mut s, v);
            assert_eq!(s, v.to_string());
        }
    }

    #[test]
    fn strings_are_escaped() {
        let mut s = String::new();
        write_string(&mut s, "a\"b\\c\nd\u{1}é");
        assert_eq!(s, "\"a\\\"b\\\\c\\nd\\u0001é\"");
    }

    #[test]
    fn a_row_in_the_api_shape() {
        let mut a = AgentKpis::empty("7");
        a.status_ms = Entries(vec![("ready".into(), 5), ("__proto__".into(), 1)]);
        a.adherence_pct = Some(AdherencePct::NoShift);
        let r = response(&AgentsResponse { agents: vec![a] });
        assert_eq!(
            r,
            r#"{"agents":[{"user_id":"7","statusMs":{"ready":5,"__proto__":1},"loggedInMs":0,"occupancyPct":0,"utilizationPct":0,"adherencePct":null}]}"#
        );
    }
}
