//! CSV event logs (RFC 4180): a header naming `user_id`, `ts`, `status` and optionally `reason`
//! (any order, names trimmed, other columns ignored), then one row per event. `user_id` is text as
//! written (`007` stays `007`); `ts` an integer of epoch ms, or as [`super::ReadOptions`] say
//! (seconds, an ISO-8601 date-time; see [`super::options`]); an empty `reason` is no reason. With
//! [`Columns`], the header's names of the four fields are the ones given.
//!
//! Records are split by `csv-core`, which never fails: it reads any bytes as *some* CSV. This
//! reader is strict: a quote inside an unquoted field, anything but a comma or the line end after
//! a closing quote, a `\r` not followed by `\n`, and a field that is not UTF-8 are errors, named by
//! the line the record starts on. A record without `"` or a stray `\r`, all UTF-8 (nearly every
//! record), is taken as csv-core split it, its fields borrowed from the input (the input's UTF-8
//! prefix and its next `"` or `\r` are found once, not per record); any other is first walked field
//! by field, in order, for the first such error.

use std::borrow::Cow;
use std::cell::Cell;

use csv_core::{ReadRecordResult, Reader, ReaderBuilder, Terminator};

use crate::error::{InputError, Problem};
use crate::ids::MAX_NAME_BYTES;
use crate::input::{self, Scalar};
use crate::parse::options::{Columns, Reading};
use crate::store::EventRef;

const UNTERMINATED: &str = "unterminated quoted field";
const QUOTE_INSIDE: &str = "quote inside an unquoted field";
const AFTER_QUOTED: &str = "expected ',' or the end of the line after a quoted field";
const NOT_UTF8: &str = "invalid UTF-8";

/// Where the rows' events go.
pub(super) trait Rows {
    /// An event that passes every check of [`crate::store::Batch::push`] except the store's own
    /// (horizon, table sizes): `user` and `status` non-empty, every name at most
    /// [`MAX_NAME_BYTES`] long, `reason` empty for none, `ts` at most [`crate::store::MAX_TS`].
    fn valid(&mut self, user: &str, ts: u64, status: &str, reason: &str) -> Result<(), InputError>;

    /// Any other row's event (its fields passed the reader's own checks).
    fn event(&mut self, event: EventRef<'_>) -> Result<(), InputError>;
}

/// A closure taking every event, read with `read` (its status map applied).
struct Sink<'o, F> {
    sink: F,
    read: Reading<'o>,
}

impl<F: FnMut(EventRef<'_>) -> Result<(), InputError>> Rows for Sink<'_, F> {
    fn valid(&mut self, user: &str, ts: u64, status: &str, reason: &str) -> Result<(), InputError> {
        self.event(EventRef {
            user_id: user,
            ts,
            status,
            reason: (!reason.is_empty()).then_some(reason),
        })
    }

    fn event(&mut self, event: EventRef<'_>) -> Result<(), InputError> {
        match self.read.map {
            Some(map) => (self.sink)(map.map(event)),
            None => (self.sink)(event),
        }
    }
}

/// The fields of one record.
enum Fields<'a, 'r> {
    /// Unquoted fields: `text` is the record without its line end, and field `i` ends at
    /// `ends[i] + i` in it (csv-core's ends, in its output without the commas).
    Plain { text: &'a str, ends: &'r [usize] },
    /// Fields as csv-core unescaped them, one after another in `out` (checked to be UTF-8); field
    /// `i` ends at `ends[i]`.
    Unescaped { out: &'r [u8], ends: &'r [usize] },
}

impl Fields<'_, '_> {
    fn len(&self) -> usize {
        match self {
            Fields::Plain { ends, .. } | Fields::Unescaped { ends, .. } => ends.len(),
        }
    }

    /// Field `i` (`""` past the end).
    #[inline]
    fn get(&self, i: usize) -> &str {
        let (ends, commas) = match self {
            Fields::Plain { ends, .. } => (ends, i),
            Fields::Unescaped { ends, .. } => (ends, 0),
        };
        let start = match i.checked_sub(1) {
            Some(j) => ends.get(j).map_or(0, |&e| e + commas),
            None => 0,
        };
        let end = ends.get(i).map_or(start, |&e| e + commas);
        match self {
            Fields::Plain { text, .. } => text.get(start..end),
            Fields::Unescaped { out, .. } => out
                .get(start..end)
                .and_then(|f| std::str::from_utf8(f).ok()),
        }
        .unwrap_or_default()
    }
}

thread_local! {
    /// The reader of the last parse, kept for the next: building its tables costs more than
    /// reading a short log (and csv-core's `Clone` of a reader does not copy them).
    static KEPT: Cell<Option<Reader>> = const { Cell::new(None) };
}

/// Splits a CSV text into records with csv-core and checks them.
struct Records<'a> {
    b: &'a [u8],
    /// The longest prefix of `b` that is UTF-8.
    utf8: &'a str,
    pos: usize,
    /// Where a `"` or `\r` is, with none from the current record's start to it (`b.len()` if
    /// none): searched for again only when a record starts after it.
    special: usize,
    /// Newlines read so far: a record starts on line `lines + 1`.
    lines: usize,
    reader: Reader,
    /// The current record's fields as csv-core wrote them, one after another.
    out: Vec<u8>,
    /// Where each of them ends in `out`.
    ends: Vec<usize>,
}

impl<'a> Records<'a> {
    fn new(b: &'a [u8]) -> Self {
        let utf8 = match std::str::from_utf8(b) {
            Ok(s) => s,
            Err(e) => b
                .get(..e.valid_up_to())
                .and_then(|v| std::str::from_utf8(v).ok())
                .unwrap_or_default(),
        };
        let mut reader = match KEPT.with(Cell::take) {
            Some(mut r) => {
                r.reset();
                r
            }
            None => ReaderBuilder::new()
                .terminator(Terminator::Any(b'\n'))
                .build(),
        };
        // csv-core skips a byte-order mark in its first input; callers removed the one allowed,
        // so a second is data. A first call that reads nothing (no room for output) ends that.
        let _ = reader.read_record(b"\n", &mut [], &mut []);
        Records {
            b,
            utf8,
            pos: 0,
            special: memchr::memchr2(b'"', b'\r', b).unwrap_or(b.len()),
            lines: 0,
            reader,
            out: vec![0; 256],
            ends: vec![0; 16],
        }
    }

    /// The next record's fields; `None` at the end of input. An error is one of the messages
    /// above (the caller names the line: the record starts on `self.lines + 1` as it was before
    /// this call).
    fn next(&mut self) -> Result<Option<Fields<'a, '_>>, &'static str> {
        let start = self.pos;
        let rest = self.b.get(start..).unwrap_or_default();
        match rest.first() {
            None => return Ok(None),
            // An empty line is a record of one empty field (csv-core would skip it).
            Some(b'\n') => {
                self.pos += 1;
                self.lines += 1;
                self.ends.clear();
                self.ends.push(0);
                return Ok(Some(Fields::Plain {
                    text: "",
                    ends: &self.ends,
                }));
            }
            Some(_) => {}
        }
        let (mut nin, mut nout, mut nend) = (0, 0, 0);
        let ended_by_newline = loop {
            let input = rest.get(nin..).unwrap_or_default();
            let (res, i, o, e) = self.reader.read_record(
                input,
                self.out.get_mut(nout..).unwrap_or_default(),
                self.ends.get_mut(nend..).unwrap_or_default(),
            );
            (nin, nout, nend) = (nin + i, nout + o, nend + e);
            match res {
                ReadRecordResult::Record => break !input.is_empty(),
                // The rest of the input is one record: the next call (with no input) ends it.
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::End => return Ok(None),
            }
        };
        self.pos += nin;
        self.ends.truncate(nend);
        // The record without its line end; a `\r` before the `\n` ends the last field.
        let mut end = self.pos;
        let mut crlf = false;
        if ended_by_newline {
            end -= 1;
            if end > start && self.b.get(end - 1) == Some(&b'\r') {
                end -= 1;
                crlf = true;
            }
        }
        if self.special < start {
            self.special = memchr::memchr2(b'"', b'\r', rest).map_or(self.b.len(), |i| start + i);
        }
        let plain = if self.special >= end {
            self.utf8.get(start..end)
        } else {
            None
        };
        if plain.is_none() {
            let raw = rest.get(..nin).unwrap_or_default();
            let out = self.out.get(..nout).unwrap_or_default();
            self.lines += check(raw, out, &self.ends)?;
        }
        self.lines += usize::from(ended_by_newline);
        if crlf {
            // csv-core kept the `\r` as the last field's last byte.
            if let Some(last) = self.ends.last_mut() {
                *last = last.saturating_sub(1);
            }
        }
        Ok(Some(match plain {
            Some(text) => Fields::Plain {
                text,
                ends: &self.ends,
            },
            None => Fields::Unescaped {
                out: self.out.get(..nout).unwrap_or_default(),
                ends: &self.ends,
            },
        }))
    }
}

impl Drop for Records<'_> {
    fn drop(&mut self) {
        let reader = std::mem::take(&mut self.reader);
        KEPT.with(|k| k.set(Some(reader)));
    }
}

/// Checks the record csv-core read from `raw` (including its line end) into `out` and `ends`,
/// field by field in order: the first error RFC 4180 reading finds, or the number of newlines
/// inside its quoted fields. Until the first error, csv-core splits fields where RFC 4180 does.
fn check(raw: &[u8], out: &[u8], ends: &[usize]) -> Result<usize, &'static str> {
    let utf8 = |b: &[u8]| std::str::from_utf8(b).map(drop).map_err(|_| NOT_UTF8);
    let mut newlines = 0;
    let mut p = 0; // where the field starts in `raw`
    let mut start = 0; // and in `out`
    for &end in ends {
        let field = out.get(start..end).unwrap_or_default();
        start = end;
        if raw.get(p) == Some(&b'"') {
            let mut i = p + 1;
            loop {
                match raw.get(i) {
                    None => return Err(UNTERMINATED),
                    Some(b'"') if raw.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => break,
                    Some(&c) => {
                        newlines += usize::from(c == b'\n');
                        i += 1;
                    }
                }
            }
            // Dropping one quote of each `""` changes no UTF-8 sequence.
            utf8(raw.get(p + 1..i).unwrap_or_default())?;
            p = i + 1;
        } else {
            // csv-core copied an unquoted field as it is, up to the comma or the line end.
            match field.iter().position(|&c| c == b'"' || c == b'\r') {
                Some(j) if field.get(j) == Some(&b'"') => return Err(QUOTE_INSIDE),
                Some(j) => {
                    utf8(field.get(..j).unwrap_or_default())?;
                    p += j;
                }
                None => {
                    utf8(field)?;
                    p += field.len();
                }
            }
        }
        match raw.get(p) {
            Some(b',') => p += 1,
            // The end of the record (and so this was its last field).
            None | Some(b'\n') => {}
            Some(b'\r') if raw.get(p + 1) == Some(&b'\n') => {}
            Some(_) => return Err(AFTER_QUOTED),
        }
    }
    Ok(newlines)
}

/// Column positions of the fields we read, and the header's number of fields.
struct Positions {
    user_id: usize,
    ts: usize,
    status: usize,
    reason: Option<usize>,
    len: usize,
}

fn header(fields: &Fields<'_, '_>, columns: Option<&Columns>) -> Result<Positions, InputError> {
    let find = |name: &str| (0..fields.len()).find(|&i| fields.get(i).trim() == name.trim());
    let Some(columns) = columns else {
        let need = |name: &'static str| {
            find(name).ok_or_else(|| InputError::new("line 1", Problem::MissingCsvColumn { name }))
        };
        return Ok(Positions {
            user_id: need("user_id")?,
            ts: need("ts")?,
            status: need("status")?,
            reason: find("reason"),
            len: fields.len(),
        });
    };
    let need = |field: &'static str, name: &str| {
        find(name).ok_or_else(|| {
            let header = (0..fields.len())
                .map(|i| fields.get(i).trim().to_string())
                .collect();
            let name = name.to_string();
            let problem = Problem::MissingNamedCsvColumn {
                field,
                name,
                header,
            };
            InputError::new("line 1", problem)
        })
    };
    Ok(Positions {
        user_id: need("user_id", &columns.user_id)?,
        ts: need("ts", &columns.ts)?,
        status: need("status", &columns.status)?,
        reason: match &columns.reason {
            Some(name) => Some(need("reason", name)?),
            None => find("reason"),
        },
        len: fields.len(),
    })
}

/// Parses a CSV log, handing each row's event to `sink`.
pub fn parse(
    b: &[u8],
    columns: Option<&Columns>,
    read: Reading<'_>,
    sink: impl FnMut(EventRef<'_>) -> Result<(), InputError>,
) -> Result<usize, InputError> {
    parse_rows(b, columns, read, &mut Sink { sink, read })
}

/// Parses a CSV log, handing each row's event to `rows`: the header names the fields as
/// `columns` says (or as without the option), `ts` read as `read` says.
pub(super) fn parse_rows(
    b: &[u8],
    columns: Option<&Columns>,
    read: Reading<'_>,
    rows: &mut impl Rows,
) -> Result<usize, InputError> {
    let bad = |line: usize, what: &'static str| {
        InputError::new(format!("line {line}"), Problem::InvalidCsv { what })
    };
    let mut records = Records::new(b);
    let cols = match records.next().map_err(|e| bad(1, e))? {
        Some(head) => header(&head, columns)?,
        None => header(
            &Fields::Plain {
                text: "",
                ends: &[],
            },
            columns,
        )?,
    };
    let mut n = 0usize;
    loop {
        let line = records.lines + 1;
        let Some(fields) = records.next().map_err(|e| bad(line, e))? else {
            break;
        };
        if fields.len() == 1 && fields.get(0).trim().is_empty() {
            continue; // a blank line
        }
        if fields.len() != cols.len {
            return Err(InputError::new(
                format!("line {line}"),
                Problem::FieldCount {
                    expected: cols.len,
                    got: fields.len(),
                },
            ));
        }
        deliver(&fields, &cols, read, rows).map_err(|e| e.within(&format!("line {line}: ")))?;
        n += 1;
    }
    Ok(n)
}

/// Checks a row's fields and hands its event to `rows`.
#[inline]
fn deliver(
    fields: &Fields<'_, '_>,
    cols: &Positions,
    read: Reading<'_>,
    rows: &mut impl Rows,
) -> Result<(), InputError> {
    let user = fields.get(cols.user_id);
    let ts_text = fields.get(cols.ts);
    let status = fields.get(cols.status);
    let reason = cols.reason.map_or("", |i| fields.get(i));
    let fits = |s: &str| !s.is_empty() && s.len() <= MAX_NAME_BYTES;
    if fits(user) && fits(status) && reason.len() <= MAX_NAME_BYTES {
        let ts = match digits(ts_text) {
            Some(ts) if !read.seconds => Some(ts),
            // Seconds, a fraction, an ISO-8601 date-time (errors below, for their messages).
            _ => read.csv_ts(ts_text).ok(),
        };
        if let Some(ts) = ts {
            return rows.valid(user, ts, status, reason);
        }
    }
    // Anything else goes through the shared checks, for their messages.
    let user_id = input::user_id(Scalar::Str(Cow::Borrowed(user)))?;
    let ts = read.csv_ts(ts_text)?;
    let status = input::non_empty_string(Scalar::Str(Cow::Borrowed(status)), "status")?;
    rows.event(EventRef {
        user_id: &user_id,
        ts,
        status: &status,
        reason: (!reason.is_empty()).then_some(reason),
    })
}

/// A `ts` of 1 to 15 ASCII digits and nothing else (below [`crate::store::MAX_TS`], and what
/// [`Reading::csv_ts`] reads it as in ms): the common case, read without going through an f64.
#[inline]
fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 15 {
        return None;
    }
    // At most 15 digits cannot overflow; wrapping arithmetic spares the overflow check (in wasm, a
    // call to a 128-bit multiply).
    text.bytes().try_fold(0u64, |v, c| {
        let d = c.wrapping_sub(b'0');
        (d <= 9).then(|| v.wrapping_mul(10).wrapping_add(u64::from(d)))
    })
}
