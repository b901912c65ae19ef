//! Read options of the text logs (issue 18, items 3 and 7): how `ts` is read (epoch ms or epoch
//! seconds when a number, ISO-8601 when a string), the zone of ISO-8601 timestamps written without
//! an offset, the CSV header's names of the four fields, and a status map applied to every event.
//!
//! Timestamps, in every text format (JSON array, NDJSON, CSV):
//! - A number (a JSON number; a CSV field of ASCII digits, optionally signed, spaces around) is
//!   epoch ms ([`TsUnit::Ms`], as before), or epoch seconds with [`TsUnit::Seconds`]: fractions
//!   allowed, converted to ms *exactly* from the decimal digits as written (never through an f64
//!   times 1000), rounded half up (`1.0005` s → 1001 ms, `1709540400.1235` → 1709540400124). A
//!   negative number of seconds other than zero is out of range (`-0.0004` too, though it rounds
//!   to 0 ms: the sign says it is before 1970).
//! - A string (a JSON string; any other CSV text, trimmed) is an ISO-8601 / RFC 3339 date-time read
//!   by [`crate::zoned::parse_instant`]: exact to the ms, `Z` or an offset
//!   (`2024-03-04T09:20:00+01:00`); one without an offset is read in [`ReadOptions::zone`]
//!   (jiff's `compatible` disambiguation: a time in a spring-forward gap moves forward, one in a
//!   fall-back fold is the earlier instant) and is an error without one, never read in the
//!   process's zone. The unit does not apply to strings.
//! - A JSON *string* of digits (`"ts":"1709540400000"`) is refused, as before: JSON has numbers,
//!   and a quoted one does not say its unit; a JSON string is read as ISO-8601 only. A CSV field
//!   has no type, so there digits are a number.
//! - Anything else is `NotTs`, whose message lists what is accepted.

use jiff::tz::TimeZone;

use crate::error::{describe_number, quote_excerpt, InputError, Problem};
use crate::ids::MAX_TS;
use crate::input::{self, Scalar};
use crate::statusmap::StatusMap;
use crate::zoned::parse_instant;

/// How the text readers read a log: [`super::parse_with`] and [`super::parse_into_with`].
/// `ReadOptions::default()` reads exactly as [`super::parse`] and [`super::parse_into`].
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// How numeric timestamps are read (epoch ms by default).
    pub ts_unit: TsUnit,
    /// The zone that ISO-8601 timestamps written without an offset are read in (`None`: such a
    /// timestamp is an error naming its line and field).
    pub zone: Option<TimeZone>,
    /// CSV only: the header names of the four fields (`None`: `user_id`, `ts`, `status` and an
    /// optional `reason`).
    pub columns: Option<Columns>,
    /// Applied to every event read (`None` or empty: statuses as written).
    pub status_map: Option<StatusMap>,
}

/// The unit of numeric timestamps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TsUnit {
    /// Epoch milliseconds, integers only (`tsUnit: "ms"`, the default).
    #[default]
    Ms,
    /// Epoch seconds, fractions allowed, rounded half up to the ms (`tsUnit: "s"`; Unix time as
    /// most exports and Asterisk write it).
    Seconds,
}

impl TsUnit {
    /// `"ms"` → [`TsUnit::Ms`], `"s"` → [`TsUnit::Seconds`]; any other name `None` (the caller's
    /// error is [`Problem::UnknownTsUnit`]).
    pub fn from_name(name: &str) -> Option<TsUnit> {
        match name {
            "ms" => Some(TsUnit::Ms),
            "s" => Some(TsUnit::Seconds),
            _ => None,
        }
    }
}

/// The CSV header names of the four event fields, for CSV files written by other tools
/// (`--columns user_id=AGENT,ts=TIMESTAMP,status=STATE,reason="REASON CODE"`).
///
/// Header fields are matched trimmed, exactly (case-sensitive), against the names trimmed. The
/// three required fields' columns must be in the header; `reason` given (`Some`) must be too,
/// while `None` reads a column named `reason` if there is one (the rule without this option).
/// Two fields may name the same column. Columns not named are ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    /// The column of the agent's id.
    pub user_id: String,
    /// The column of the timestamp.
    pub ts: String,
    /// The column of the status.
    pub status: String,
    /// The column of the reason (`None`: `reason`, if the header has it).
    pub reason: Option<String>,
}

/// The event fields, in the order messages list them.
const FIELDS: [&str; 4] = ["user_id", "ts", "status", "reason"];

impl Default for Columns {
    /// The names without the option: `user_id`, `ts`, `status`, and an optional `reason`.
    fn default() -> Self {
        Columns {
            user_id: "user_id".to_string(),
            ts: "ts".to_string(),
            status: "status".to_string(),
            reason: None,
        }
    }
}

impl Columns {
    /// Parses the CLI form `user_id=AGENT,ts=TIMESTAMP,status=STATE,reason="REASON CODE"`: pairs
    /// `FIELD=NAME` separated by commas, FIELD one of `user_id`, `ts`, `status`, `reason`; a NAME
    /// that holds a comma or a quote is written in double quotes (a quote inside doubled, `""`, as
    /// in CSV); names are trimmed. Fields not named keep their own names (see
    /// [`Columns::from_pairs`]).
    ///
    /// Errors (at `path`): [`Problem::BadColumnsSpec`] for text of another shape,
    /// [`Problem::UnknownColumnField`], [`Problem::DuplicateColumnField`], and [`Problem::Empty`]
    /// for an empty name.
    pub fn parse_spec(spec: &str, path: &str) -> Result<Columns, InputError> {
        let bad = || {
            InputError::new(
                path,
                Problem::BadColumnsSpec {
                    got: spec.to_string(),
                },
            )
        };
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let mut rest = spec;
        loop {
            let (field, after) = rest.split_once('=').ok_or_else(bad)?;
            let field = field.trim();
            let after = after.trim_start();
            let (name, after) = match after.strip_prefix('"') {
                Some(quoted) => {
                    // Up to the first quote not doubled.
                    let mut name = String::new();
                    let mut chars = quoted.char_indices();
                    let end = loop {
                        match chars.next() {
                            None => return Err(bad()),
                            Some((i, '"')) => {
                                if quoted.get(i + 1..).is_some_and(|r| r.starts_with('"')) {
                                    name.push('"');
                                    chars.next();
                                } else {
                                    break i + 1;
                                }
                            }
                            Some((_, c)) => name.push(c),
                        }
                    };
                    let after = quoted.get(end..).unwrap_or_default().trim_start();
                    if !(after.is_empty() || after.starts_with(',')) {
                        return Err(bad());
                    }
                    (name, after)
                }
                None => {
                    let end = after.find(',').unwrap_or(after.len());
                    let name = after.get(..end).unwrap_or_default();
                    if name.contains('"') {
                        return Err(bad());
                    }
                    (
                        name.trim().to_string(),
                        after.get(end..).unwrap_or_default(),
                    )
                }
            };
            pairs.push((field, name));
            match after.strip_prefix(',') {
                Some(next) => rest = next,
                None => break,
            }
        }
        let mut seen = [false; 4];
        for (field, _) in &pairs {
            if let Some(i) = FIELDS.iter().position(|f| f == field) {
                if let Some(s) = seen.get_mut(i) {
                    if *s {
                        let field = FIELDS.get(i).copied().unwrap_or_default();
                        return Err(InputError::new(
                            path,
                            Problem::DuplicateColumnField { field },
                        ));
                    }
                    *s = true;
                }
            }
        }
        Columns::from_pairs(pairs.iter().map(|(f, n)| (*f, n.as_str())), path)
    }

    /// The columns from `(field, name)` pairs, as the JS option `{ user_id: "AGENT", ts:
    /// "TIMESTAMP", … }` gives them: fields not named keep their own names (`user_id`, `ts`,
    /// `status`; `reason` stays optional). A field named twice: the last name wins (as in a JS
    /// object literal).
    ///
    /// Errors: [`Problem::UnknownColumnField`] at `path` for a field that is no event field;
    /// [`Problem::Empty`] or [`Problem::TooLong`] at `{path}.{field}` for an empty name or one
    /// longer than [`crate::ids::MAX_NAME_BYTES`].
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        path: &str,
    ) -> Result<Columns, InputError> {
        let mut columns = Columns::default();
        for (field, name) in pairs {
            let slot = match field {
                "user_id" => &mut columns.user_id,
                "ts" => &mut columns.ts,
                "status" => &mut columns.status,
                "reason" => columns.reason.get_or_insert_with(String::new),
                _ => {
                    let got = field.to_string();
                    return Err(InputError::new(path, Problem::UnknownColumnField { got }));
                }
            };
            let name = name.trim();
            input::check_name(name, field).map_err(|e| e.within(path))?;
            *slot = name.to_string();
        }
        Ok(columns)
    }
}

/// What the readers need of the options, borrowed: made once a parse.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Reading<'o> {
    /// Numeric timestamps are epoch seconds.
    pub seconds: bool,
    /// The zone of offset-less ISO-8601 timestamps.
    pub zone: Option<&'o TimeZone>,
    /// A status map with at least one entry.
    pub map: Option<&'o StatusMap>,
}

impl ReadOptions {
    pub(crate) fn reading(&self) -> Reading<'_> {
        Reading {
            seconds: self.ts_unit == TsUnit::Seconds,
            zone: self.zone.as_ref(),
            map: self.status_map.as_ref().filter(|m| !m.is_empty()),
        }
    }
}

impl Reading<'_> {
    /// The `NotTs` error for a value described as `got`.
    fn not_ts(&self, got: String) -> InputError {
        let seconds = self.seconds;
        InputError::new("ts", Problem::NotTs { got, seconds })
    }

    /// A timestamp given as text: an ISO-8601 date-time (with an offset, or read in the zone).
    pub(crate) fn iso(&self, text: &str) -> Result<u64, InputError> {
        self.iso_as_written(text, text)
    }

    /// [`Reading::iso`] of `text`, which is `written` trimmed (errors quote `written`).
    fn iso_as_written(&self, text: &str, written: &str) -> Result<u64, InputError> {
        parse_instant(text, self.zone, "ts").map_err(|e| match e.problem() {
            Problem::NotIsoTime { .. } => self.not_ts(quote_excerpt(written)),
            _ => e,
        })
    }

    /// A JSON `ts` as read (`raw`: the number's text as written, for seconds).
    pub(crate) fn json_ts(&self, ts: &Scalar<'_>, raw: &[u8]) -> Result<u64, InputError> {
        match ts {
            Scalar::Number(n) if self.seconds => seconds_to_ms(raw)
                .flatten()
                .ok_or_else(|| seconds_out_of_range(describe_number(*n))),
            Scalar::Number(_) => input::epoch_ms(ts, "ts"),
            Scalar::Str(s) => self.iso(s),
            other => Err(self.not_ts(other.describe())),
        }
    }

    /// A CSV `ts` field: digits (optionally signed; with seconds, a fraction too; spaces around)
    /// are a number, anything else an ISO-8601 date-time.
    pub(crate) fn csv_ts(&self, text: &str) -> Result<u64, InputError> {
        let t = text.trim();
        let unsigned = t.strip_prefix('-').unwrap_or(t);
        let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, "1"));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
        if self.seconds && digits(int) && digits(frac) {
            // A decimal: `got` as JS would print the number.
            let got = || describe_number(t.parse::<f64>().unwrap_or(f64::NAN));
            return seconds_to_ms(t.as_bytes())
                .flatten()
                .ok_or_else(|| seconds_out_of_range(got()));
        }
        if digits(unsigned) {
            // An integer of ms: range errors worded as the other formats word them.
            let n = t.parse::<f64>().unwrap_or(f64::NAN);
            return input::epoch_ms(&Scalar::Number(n), "ts");
        }
        self.iso_as_written(t, text)
    }

    /// A valid ts from a number of ms as read: seconds converted, `None` when out of range.
    #[inline]
    pub(crate) fn scale(&self, n: u64) -> Option<u64> {
        if self.seconds {
            n.checked_mul(1000).filter(|&ms| ms <= MAX_TS)
        } else {
            (n <= MAX_TS).then_some(n)
        }
    }
}

fn seconds_out_of_range(got: String) -> InputError {
    InputError::new("ts", Problem::EpochSecondsOutOfRange { got })
}

/// A decimal number of seconds, `-?D+(.D+)?([eE][+-]?D+)?` (JSON's number syntax), in ms rounded
/// half up, computed from its digits (exact at any length): `None` when `text` is not such a
/// number, `Some(None)` when it is out of range (negative and not zero, or above
/// [`MAX_TS`] ms once rounded).
pub(crate) fn seconds_to_ms(text: &[u8]) -> Option<Option<u64>> {
    let is_digit = |c: &u8| c.is_ascii_digit();
    let (negative, rest) = match text.split_first() {
        Some((b'-', r)) => (true, r),
        _ => (false, text),
    };
    let int_len = rest.iter().take_while(|c| is_digit(c)).count();
    if int_len == 0 {
        return None;
    }
    let (int, rest) = rest.split_at(int_len);
    let (frac, rest) = match rest.split_first() {
        Some((b'.', r)) => {
            let n = r.iter().take_while(|c| is_digit(c)).count();
            if n == 0 {
                return None;
            }
            r.split_at(n)
        }
        _ => (&[][..], rest),
    };
    let exponent: i64 = match rest.split_first() {
        None => 0,
        Some((b'e' | b'E', r)) => {
            let (sign, r) = match r.split_first() {
                Some((b'-', r)) => (-1, r),
                Some((b'+', r)) => (1, r),
                _ => (1, r),
            };
            if r.is_empty() || !r.iter().all(is_digit) {
                return None;
            }
            // Saturated far beyond any exponent that can matter (digits are at most the input's
            // length, and 10^30 ms is out of range).
            let e = r.iter().fold(0i64, |a, &c| {
                (a * 10 + i64::from(c - b'0')).min(1_000_000_000)
            });
            sign * e
        }
        _ => return None,
    };
    // The value is the integer D = int·frac (all digits) × 10^(exponent − |frac|) s, so D ×
    // 10^shift ms: its whole ms are the first `keep` digits of D (followed by zeros when `keep`
    // is past them), and the digit after them decides the rounding (≥ 5: up).
    let n = (int.len() + frac.len()) as i64;
    let shift = exponent.saturating_add(3) - frac.len() as i64;
    let keep = n.saturating_add(shift);
    let mut ms = 0u64;
    let mut over = false;
    let mut round_up = false;
    let mut nonzero = false;
    for (i, &c) in int.iter().chain(frac).enumerate() {
        let d = u64::from(c - b'0');
        nonzero |= d != 0;
        let i = i as i64;
        if i < keep {
            match ms.checked_mul(10).and_then(|v| v.checked_add(d)) {
                Some(v) => ms = v,
                None => over = true,
            }
        } else if i == keep {
            round_up = d >= 5;
        }
    }
    if !nonzero {
        return Some(Some(0));
    }
    if negative {
        return Some(None);
    }
    let mut zeros = keep - n;
    while zeros > 0 && ms != 0 && !over {
        match ms.checked_mul(10) {
            Some(v) => ms = v,
            None => over = true,
        }
        zeros -= 1;
    }
    let ms = ms.checked_add(u64::from(round_up)).filter(|_| !over);
    Some(ms.filter(|&ms| ms <= MAX_TS))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn seconds_convert_exactly_and_round_half_up() {
        let ms = |t: &str| seconds_to_ms(t.as_bytes());
        assert_eq!(ms("0"), Some(Some(0)));
        assert_eq!(ms("-0"), Some(Some(0)));
        assert_eq!(ms("-0.000"), Some(Some(0)));
        assert_eq!(ms("1"), Some(Some(1000)));
        // 1.0005 s = 1000.5 ms: half up → 1001 (as an f64, 1.0005 × 1000 = 1000.4999…).
        assert_eq!(ms("1.0005"), Some(Some(1001)));
        assert_eq!(ms("1.00049999999999999999999"), Some(Some(1000)));
        assert_eq!(ms("1.0004"), Some(Some(1000)));
        assert_eq!(ms("1709540400.1235"), Some(Some(1_709_540_400_124)));
        assert_eq!(ms("1709540400.1234"), Some(Some(1_709_540_400_123)));
        assert_eq!(ms("0.0005"), Some(Some(1)));
        assert_eq!(ms("0.00049"), Some(Some(0)));
        assert_eq!(ms("00012.5"), Some(Some(12_500)));
        assert_eq!(ms("1.7095404001235e9"), Some(Some(1_709_540_400_124)));
        assert_eq!(ms("17095404001235E-4"), Some(Some(1_709_540_400_124)));
        assert_eq!(ms("1e-3"), Some(Some(1)));
        assert_eq!(ms("5e-4"), Some(Some(1)));
        assert_eq!(ms("4e-4"), Some(Some(0)));
        assert_eq!(ms("1e-400"), Some(Some(0)));
        assert_eq!(ms("0e999999999999"), Some(Some(0)));
        // MAX_TS = 9007199254740991 ms = 9007199254740.991 s.
        assert_eq!(ms("9007199254740.991"), Some(Some(MAX_TS)));
        assert_eq!(ms("9007199254740.9914"), Some(Some(MAX_TS)));
        assert_eq!(ms("9007199254740.9915"), Some(None));
        assert_eq!(ms("9007199254741"), Some(None));
        assert_eq!(ms("1e13"), Some(None));
        assert_eq!(ms("1e999999999999"), Some(None));
        assert_eq!(ms("99999999999999999999999"), Some(None));
        assert_eq!(ms("-1"), Some(None));
        assert_eq!(ms("-0.0004"), Some(None));
        for bad in [
            "", "-", "1.", ".5", "1e", "1e+", "+1", "1.5x", "1,5", "0x10", " 1",
        ] {
            assert_eq!(ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn ts_units_have_names() {
        assert_eq!(TsUnit::from_name("ms"), Some(TsUnit::Ms));
        assert_eq!(TsUnit::from_name("s"), Some(TsUnit::Seconds));
        assert_eq!(TsUnit::from_name("S"), None);
        assert_eq!(TsUnit::from_name("sec"), None);
        assert_eq!(TsUnit::default(), TsUnit::Ms);
    }

    #[test]
    fn columns_specs() {
        let spec = |s: &str| Columns::parse_spec(s, "--columns").map_err(|e| e.to_string());
        let cols = |u: &str, t: &str, s: &str, r: Option<&str>| Columns {
            user_id: u.into(),
            ts: t.into(),
            status: s.into(),
            reason: r.map(Into::into),
        };
        assert_eq!(
            spec(r#"user_id=AGENT,ts=TIMESTAMP,status=STATE,reason="REASON CODE""#),
            Ok(cols("AGENT", "TIMESTAMP", "STATE", Some("REASON CODE")))
        );
        assert_eq!(
            spec(r#" ts = Time , reason="a, ""b""" "#),
            Ok(cols("user_id", "Time", "status", Some(r#"a, "b""#)))
        );
        // Names are trimmed (header fields are matched trimmed).
        assert_eq!(
            spec(r#"status=" State ""#),
            Ok(cols("user_id", "ts", "State", None))
        );
        let bad = |s: &str| {
            format!(
                "--columns: expected FIELD=NAME pairs separated by commas (NAME in double quotes \
                 if it holds a comma or a quote), got {}",
                quote_excerpt(s)
            )
        };
        for s in [
            "",
            "user_id",
            "ts=T,",
            r#"ts="T"x"#,
            r#"ts="T"#,
            r#"ts=T"x"#,
        ] {
            assert_eq!(spec(s), Err(bad(s)), "{s}");
        }
        assert_eq!(
            spec("agent=A"),
            Err(r#"--columns: expected user_id, ts, status or reason, got "agent""#.into())
        );
        assert_eq!(
            spec("ts=A,ts=B"),
            Err("--columns: ts is named twice".into())
        );
        assert_eq!(spec("ts= "), Err("--columns.ts: must not be empty".into()));
        assert_eq!(
            Columns::from_pairs([("ts", "T"), ("ts", "U")], "columns"),
            Ok(cols("user_id", "U", "status", None))
        );
    }
}
