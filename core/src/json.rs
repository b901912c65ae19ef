//! Results as JSON text, in the shape of `GET /v1/agents`. The wasm boundary hands this text to
//! `JSON.parse`, which builds the result objects far faster than property-by-property calls across
//! the boundary, and defines every key as an own data property (a status named `__proto__` stays an
//! ordinary key).

use std::fmt::Write;

use crate::episode::EpisodeStats;
use crate::kpi::{
    AdherencePct, AgentIntervals, AgentKpis, AgentsResponse, Contacts, Current, Entries, GroupTeam,
    Team, Unit,
};

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
    write_adherence_state(out, a);
    write_blocks(out, a);
}

/// `,"adherence":{…}` of a scheduled, non-bypassed row; nothing otherwise.
fn write_adherence_state(out: &mut String, a: &AgentKpis) {
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

/// The issue-14 blocks of a row that its query included, each after a comma: `contacts`,
/// `episodes`, `reasonEpisodes` (when not empty), `current`.
fn write_blocks(out: &mut String, a: &AgentKpis) {
    if let Some(c) = &a.contacts {
        out.push_str(",\"contacts\":");
        write_contacts(out, c);
    }
    if let Some(e) = &a.episodes {
        out.push_str(",\"episodes\":");
        write_episodes(out, e);
    }
    if !a.reason_episodes.is_empty() {
        out.push_str(",\"reasonEpisodes\":{");
        for (i, (status, reasons)) in a.reason_episodes.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_string(out, status);
            out.push(':');
            write_episodes(out, reasons);
        }
        out.push('}');
    }
    if let Some(c) = &a.current {
        out.push_str(",\"current\":");
        write_current(out, c.as_ref());
    }
}

/// `{"handled":…,"handleMs":…,"talkMs":…,"acwMs":…,"withAcw":…,"ahtMs":…|null}`.
fn write_contacts(out: &mut String, c: &Contacts) {
    out.push_str("{\"handled\":");
    write_u64(out, c.handled);
    out.push_str(",\"handleMs\":");
    write_u64(out, c.handle_ms);
    out.push_str(",\"talkMs\":");
    write_u64(out, c.talk_ms);
    out.push_str(",\"acwMs\":");
    write_u64(out, c.acw_ms);
    out.push_str(",\"withAcw\":");
    write_u64(out, c.with_acw);
    out.push_str(",\"ahtMs\":");
    write_optional_u64(out, c.aht_ms);
    out.push('}');
}

/// `{name: {"started":…,"ended":…,"endedMs":…,"longestMs":…}, …}`.
fn write_episodes(out: &mut String, entries: &Entries<EpisodeStats>) {
    out.push('{');
    for (i, (k, e)) in entries.0.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, k);
        out.push_str(":{\"started\":");
        write_u64(out, e.started);
        out.push_str(",\"ended\":");
        write_u64(out, e.ended);
        out.push_str(",\"endedMs\":");
        write_u64(out, e.ended_ms);
        out.push_str(",\"longestMs\":");
        write_u64(out, e.longest_ms);
        out.push('}');
    }
    out.push('}');
}

/// `{"status":…,"reason":…|null,"since":…,"ms":…}`, or `null`.
fn write_current(out: &mut String, c: Option<&Current>) {
    let Some(c) = c else {
        out.push_str("null");
        return;
    };
    out.push_str("{\"status\":");
    write_string(out, &c.status);
    out.push_str(",\"reason\":");
    match &c.reason {
        Some(r) => write_string(out, r),
        None => out.push_str("null"),
    }
    out.push_str(",\"since\":");
    write_u64(out, c.since);
    out.push_str(",\"ms\":");
    write_u64(out, c.ms);
    out.push('}');
}

/// A number, or `null`.
fn write_optional_u64(out: &mut String, v: Option<u64>) {
    match v {
        Some(v) => write_u64(out, v),
        None => out.push_str("null"),
    }
}

/// The fields of a roll-up (`team`, an entry of `groups`), without braces: `"agents":…,
/// "statusMs":{…},"loggedInMs":…,"occupancyPct":…,"utilizationPct":…`, then `"contacts"` and
/// `"adherencePct"` when present.
fn write_team_fields(out: &mut String, t: &Team) {
    out.push_str("\"agents\":");
    write_u64(out, t.agents);
    out.push_str(",\"statusMs\":");
    write_ms(out, &t.status_ms);
    out.push_str(",\"loggedInMs\":");
    write_u64(out, t.logged_in_ms);
    out.push_str(",\"occupancyPct\":");
    write_u64(out, t.occupancy_pct.into());
    out.push_str(",\"utilizationPct\":");
    write_u64(out, t.utilization_pct.into());
    if let Some(c) = &t.contacts {
        out.push_str(",\"contacts\":");
        write_contacts(out, c);
    }
    match t.adherence_pct {
        Some(AdherencePct::Pct(p)) => {
            out.push_str(",\"adherencePct\":");
            write_u64(out, p.into());
        }
        Some(AdherencePct::NoShift | AdherencePct::Bypass) => {
            out.push_str(",\"adherencePct\":null");
        }
        None => {}
    }
}

/// `,"team":{…}` and `,"groups":[{"group":…,…}]` when the response has them.
fn write_roll_ups(out: &mut String, team: Option<&Team>, groups: Option<&[GroupTeam]>) {
    if let Some(t) = team {
        out.push_str(",\"team\":{");
        write_team_fields(out, t);
        out.push('}');
    }
    if let Some(groups) = groups {
        out.push_str(",\"groups\":[");
        for (i, g) in groups.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"group\":");
            write_string(out, &g.group);
            out.push(',');
            write_team_fields(out, &g.team);
            out.push('}');
        }
        out.push(']');
    }
}

/// `{"agents":[…]}`, then `"team"` and `"groups"` when present.
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
    out.push(']');
    write_roll_ups(&mut out, r.team.as_ref(), r.groups.as_deref());
    out.push('}');
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
        let r = response(&AgentsResponse {
            agents: vec![a],
            ..AgentsResponse::default()
        });
        assert_eq!(
            r,
            r#"{"agents":[{"user_id":"7","statusMs":{"ready":5,"__proto__":1},"loggedInMs":0,"occupancyPct":0,"utilizationPct":0,"adherencePct":null}]}"#
        );
    }
}
