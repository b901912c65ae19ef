//! Reading the JSON platform logs (`amazon-connect`, `twilio-taskrouter`,
//! `genesys-user-details`): a JSON array of records, or records one after another — one JSON
//! object per line (NDJSON), or objects written back to back or pretty-printed, as Kinesis Data
//! Firehose and API exports write them.
//!
//! Every record is first read as a JSON value, then as the format's serde struct: unknown fields
//! are ignored; a missing or mistyped required field is an error naming the record
//! (`records[3]`, or `line 4` — the line the record starts on) and the field. serde_json's
//! recursion limit (128) bounds nesting.

use serde::de::DeserializeOwned;
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
pub(super) fn read_records<T: DeserializeOwned>(
    input: &[u8],
) -> Result<Vec<Record<T>>, InputError> {
    let text = std::str::from_utf8(input).map_err(|_| InputError::new("", Problem::InvalidUtf8))?;
    let values = read_values(text)?;
    values
        .into_iter()
        .map(|(at, value)| {
            let value = serde_path_to_error::deserialize::<_, T>(&value).map_err(|e| {
                let path = path_of(e.path());
                let problem = Problem::PlatformJson {
                    message: without_position(&e.into_inner()),
                };
                InputError::new(path, problem).within(&at)
            })?;
            Ok(Record { at, value })
        })
        .collect()
}

/// The JSON values of `text` with their places: the elements of an array (`records[i]`), or the
/// values one after another (`line N: `, N the line each starts on).
fn read_values(text: &str) -> Result<Vec<(String, Value)>, InputError> {
    let bytes = text.as_bytes();
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace());
    if first.and_then(|i| bytes.get(i)) == Some(&b'[') {
        let values: Vec<Value> = serde_json::from_str(text).map_err(|e| {
            InputError::new(
                "",
                Problem::PlatformJson {
                    message: e.to_string(),
                },
            )
        })?;
        return Ok(values
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("records[{i}]"), v))
            .collect());
    }
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
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
            Some(Ok(value)) => out.push((format!("line {line}: "), value)),
            Some(Err(e)) => {
                let message = format!("{} at column {}", without_position(&e), e.column());
                let at = format!("line {}: ", e.line());
                return Err(InputError::new("", Problem::PlatformJson { message }).within(&at));
            }
        }
    }
    Ok(out)
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
