//! Reading the JSON platform logs (`amazon-connect`, `twilio-taskrouter`,
//! `genesys-user-details`): a JSON array of records, or records one after another — one JSON
//! object per line (NDJSON), or objects written back to back or pretty-printed, as Kinesis Data
//! Firehose and API exports write them.
//!
//! Every record is read as the format's serde struct: unknown fields are ignored; a missing or
//! mistyped required field is an error naming the record (`records[3]`, or `line 4` — the line
//! the record starts on) and the field (`line 4: EventTimestamp: invalid type: …`). A syntax
//! error in a stream of records names the line its record starts on, and in its message the
//! place where reading stopped (`line 3: EOF while parsing an object at line 4 column 0`). serde_json's
//! recursion limit (128) bounds nesting.

use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::error::Category;
use serde_json::Value;
use serde_path_to_error::Segment;

use crate::error::{join_path, quote_excerpt, InputError, Problem};

/// One record and where it is: `records[3]` or `line 4: ` (a prefix for [`InputError::within`]).
#[derive(Debug)]
pub(super) struct Record<T> {
    /// The record's place, as error paths start.
    pub(super) at: String,
    /// The record.
    pub(super) value: T,
}

impl<T> Record<T> {
    /// An error at `field` (a path inside the record, possibly empty) of this record.
    pub(super) fn error(&self, field: &str, problem: Problem) -> InputError {
        InputError::new(field, problem).within(&self.at)
    }
}

/// Reads `input` (UTF-8, without a byte-order mark) as records of `T`, in input order.
///
/// Each record is deserialized straight from its text (no intermediate JSON value): a JSON array
/// at once, the values of a stream one by one after a first pass that only finds where each
/// ends.
pub(super) fn read_records<T: DeserializeOwned>(
    input: &[u8],
) -> Result<Vec<Record<T>>, InputError> {
    let text = std::str::from_utf8(input).map_err(|_| InputError::new("", Problem::InvalidUtf8))?;
    let bytes = text.as_bytes();
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace());
    if first.and_then(|i| bytes.get(i)) == Some(&b'[') {
        let mut de = serde_json::Deserializer::from_str(text);
        let values: Vec<T> = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = join_path("records", &path_of(e.path()));
            InputError::new(path, problem(e.inner()))
        })?;
        de.end().map_err(|e| InputError::new("", problem(&e)))?;
        return Ok(values
            .into_iter()
            .enumerate()
            .map(|(i, value)| Record {
                at: format!("records[{i}]"),
                value,
            })
            .collect());
    }
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<IgnoredAny>();
    // Lines counted up to `counted` (a byte offset): `line` is the line at that offset.
    let (mut line, mut counted) = (1usize, 0usize);
    loop {
        let after_previous = stream.byte_offset();
        let start = bytes
            .get(after_previous..)
            .and_then(|rest| rest.iter().position(|b| !b.is_ascii_whitespace()))
            .map_or(bytes.len(), |i| after_previous + i);
        line += bytes
            .get(counted..start)
            .map_or(0, |gap| gap.iter().filter(|&&b| b == b'\n').count());
        counted = start;
        match stream.next() {
            None => break,
            Some(Ok(IgnoredAny)) => {
                let at = format!("line {line}: ");
                let one = text.get(start..stream.byte_offset()).unwrap_or_default();
                let mut de = serde_json::Deserializer::from_str(one);
                let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
                    InputError::new(path_of(e.path()), problem(e.inner())).within(&at)
                })?;
                out.push(Record { at, value });
            }
            Some(Err(e)) => {
                // Named by the line the broken record starts on; the place of the error is
                // added to the message (its line too when that is another).
                let message = if e.line() == line {
                    format!("{} at column {}", without_position(&e), e.column())
                } else {
                    let (l, c) = (e.line(), e.column());
                    format!("{} at line {l} column {c}", without_position(&e))
                };
                let at = format!("line {line}: ");
                return Err(InputError::new("", Problem::PlatformJson { message }).within(&at));
            }
        }
    }
    Ok(out)
}

/// The problem of a record serde_json could not read: a data error (a missing or mistyped
/// field) without its position, which the path names; a syntax error with it.
fn problem(e: &serde_json::Error) -> Problem {
    let message = match e.classify() {
        Category::Data => without_position(e),
        _ => e.to_string(),
    };
    Problem::PlatformJson { message }
}

/// serde_json's message without its ` at line L column C` (the path names the place).
fn without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match message.strip_suffix(&suffix) {
        Some(m) => m.to_string(),
        None => message,
    }
}

/// `CurrentAgentSnapshot.Contacts[0].State`, from serde_path_to_error's segments.
fn path_of(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => out = join_path(&out, key),
            Segment::Enum { variant } => out = join_path(&out, variant),
            Segment::Unknown => {}
        }
    }
    out
}

/// A JSON value as messages show it: strings quoted and shortened, numbers and literals as
/// written, `an object`, `an array`.
pub(super) fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => quote_excerpt(s),
        Value::Object(_) => "an object".to_string(),
        Value::Array(_) => "an array".to_string(),
        other => other.to_string(),
    }
}
