//! Text input parsers: a JSON array of events, NDJSON (one event object per line) and CSV
//! (`user_id,ts,status,reason` header), read straight from bytes without building JS objects.
//!
//! Field values are checked by [`crate::input`], exactly as on the JS object path, so the same log
//! gives the same results and the same error words in every format. Errors name the position:
//! `events[17].ts: …` in a JSON array, `line 812: ts: …` in NDJSON and CSV.

mod csv;
mod json;

use crate::error::InputError;
use crate::store::EventRef;

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
/// events. Stops at the first error (events before it were already handed over).
pub fn parse(
    input: &[u8],
    format: Format,
    sink: impl FnMut(EventRef<'_>) -> Result<(), InputError>,
) -> Result<usize, InputError> {
    let input = strip_bom(input);
    match format {
        Format::JsonArray => json::parse_array(input, sink),
        Format::Ndjson => json::parse_ndjson(input, sink),
        Format::Csv => csv::parse(input, sink),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        assert_eq!(detect(b"  [ {}"), Format::JsonArray);
        assert_eq!(detect(b"\xEF\xBB\xBF\n{\"a\":1}"), Format::Ndjson);
        assert_eq!(detect(b"user_id,ts,status\n"), Format::Csv);
        assert_eq!(detect(b""), Format::Csv);
    }
}
