//! CSV event logs (RFC 4180): a header naming `user_id`, `ts`, `status` and optionally `reason`
//! (any order, names trimmed, other columns ignored), then one row per event. `user_id` is text as
//! written (`007` stays `007`); `ts` an integer; an empty `reason` is no reason.

use std::borrow::Cow;

use crate::error::{InputError, Problem};
use crate::input::{self, Scalar};
use crate::store::EventRef;

/// Splits the next record starting at `*pos` into fields; `None` at the end of input. Quoted fields
/// may hold commas, quotes (`""`) and newlines.
fn record<'a>(
    b: &'a [u8],
    pos: &mut usize,
    lines: &mut usize,
) -> Result<Option<Vec<Cow<'a, str>>>, &'static str> {
    if *pos >= b.len() {
        return Ok(None);
    }
    let mut fields = Vec::with_capacity(4);
    loop {
        if b.get(*pos) == Some(&b'"') {
            *pos += 1;
            let mut out = Vec::new();
            loop {
                match b.get(*pos) {
                    None => return Err("unterminated quoted field"),
                    Some(b'"') if b.get(*pos + 1) == Some(&b'"') => {
                        out.push(b'"');
                        *pos += 2;
                    }
                    Some(b'"') => {
                        *pos += 1;
                        break;
                    }
                    Some(&c) => {
                        if c == b'\n' {
                            *lines += 1;
                        }
                        out.push(c);
                        *pos += 1;
                    }
                }
            }
            fields.push(Cow::Owned(
                String::from_utf8(out).map_err(|_| "invalid UTF-8")?,
            ));
        } else {
            let start = *pos;
            while let Some(&c) = b.get(*pos) {
                if c == b',' || c == b'\n' || c == b'\r' {
                    break;
                }
                if c == b'"' {
                    return Err("quote inside an unquoted field");
                }
                *pos += 1;
            }
            let raw = b.get(start..*pos).unwrap_or_default();
            fields.push(Cow::Borrowed(
                std::str::from_utf8(raw).map_err(|_| "invalid UTF-8")?,
            ));
        }
        match b.get(*pos) {
            Some(b',') => *pos += 1,
            Some(b'\r') if b.get(*pos + 1) == Some(&b'\n') => {
                *pos += 2;
                *lines += 1;
                return Ok(Some(fields));
            }
            Some(b'\n') => {
                *pos += 1;
                *lines += 1;
                return Ok(Some(fields));
            }
            None => return Ok(Some(fields)),
            Some(_) => return Err("expected ',' or the end of the line after a quoted field"),
        }
    }
}

/// Column positions of the fields we read.
struct Columns {
    user_id: usize,
    ts: usize,
    status: usize,
    reason: Option<usize>,
}

fn header(fields: &[Cow<'_, str>]) -> Result<Columns, InputError> {
    let find = |name: &str| fields.iter().position(|f| f.trim() == name);
    let need = |name: &'static str| {
        find(name).ok_or_else(|| InputError::new("line 1", Problem::MissingCsvColumn { name }))
    };
    Ok(Columns {
        user_id: need("user_id")?,
        ts: need("ts")?,
        status: need("status")?,
        reason: find("reason"),
    })
}

/// Parses a CSV log, handing each row's event to `sink`.
pub fn parse(
    b: &[u8],
    mut sink: impl FnMut(EventRef<'_>) -> Result<(), InputError>,
) -> Result<usize, InputError> {
    let mut pos = 0usize;
    let mut lines = 0usize;
    let bad = |line: usize, what: &'static str| {
        InputError::new(format!("line {line}"), Problem::InvalidCsv { what })
    };
    let head = record(b, &mut pos, &mut lines)
        .map_err(|e| bad(1, e))?
        .unwrap_or_default();
    let cols = header(&head)?;
    let mut n = 0usize;
    loop {
        let line = lines + 1;
        let Some(fields) = record(b, &mut pos, &mut lines).map_err(|e| bad(line, e))? else {
            break;
        };
        if fields.len() == 1 && fields.first().is_some_and(|f| f.trim().is_empty()) {
            continue; // a blank line
        }
        if fields.len() != head.len() {
            return Err(InputError::new(
                format!("line {line}"),
                Problem::FieldCount {
                    expected: head.len(),
                    got: fields.len(),
                },
            ));
        }
        let at = format!("line {line}: ");
        let field = |i: usize| fields.get(i).cloned().unwrap_or_default();
        let mut deliver = || -> Result<(), InputError> {
            let user_id = input::user_id(Scalar::Str(field(cols.user_id)))?;
            let ts_text = field(cols.ts);
            let ts = integer(&ts_text).ok_or_else(|| {
                let got = Scalar::Str(ts_text.clone()).describe();
                InputError::new("ts", Problem::NotEpochMs { got })
            })?;
            let ts = input::epoch_ms(&Scalar::Number(ts), "ts")?;
            let status = input::non_empty_string(Scalar::Str(field(cols.status)), "status")?;
            let reason = cols.reason.map(field).filter(|r| !r.is_empty());
            sink(EventRef {
                user_id: &user_id,
                ts,
                status: &status,
                reason: reason.as_deref(),
            })
        };
        deliver().map_err(|e| e.within(&at))?;
        n += 1;
    }
    Ok(n)
}

/// A CSV `ts`: an optional minus sign and digits (surrounding spaces allowed), as an f64 so the
/// shared check words its range errors as the other formats do.
fn integer(text: &str) -> Option<f64> {
    let t = text.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse::<f64>().ok()
}
