//! JSON array and NDJSON event logs: [`scanner`] reads any JSON and is the exact reference,
//! [`fast`] reads the usual event object with word-at-a-time tests and declines anything else;
//! here the drivers that walk a log's events and hand them on ([`Events`]), with errors naming the
//! event and the position.

mod fast;
mod scanner;

use crate::error::{InputError, Problem};
use crate::input::{self, Scalar};
use crate::parse::options::Reading;
use crate::store::EventRef;
pub(crate) use fast::Val;
use scanner::{Cursor, Syntax};

/// The event objects of a log, as read: where they go.
pub(super) trait Events {
    /// An event object the fast path read.
    fn fast(&mut self, fields: &[Val<'_>; 4]) -> Result<(), InputError>;
    /// An event as [`Cursor::event_and_ts_text`] read it (`ts_text`: the `ts` value as written).
    fn slow(
        &mut self,
        parsed: Result<[Scalar<'_>; 4], Scalar<'_>>,
        ts_text: &[u8],
    ) -> Result<(), InputError>;
}

/// Events handed to a sink as [`EventRef`]s, read with `read` (its status map applied).
pub(super) struct Sink<'o, F> {
    pub sink: F,
    pub read: Reading<'o>,
}

impl<F: FnMut(EventRef<'_>) -> Result<(), InputError>> Events for Sink<'_, F> {
    fn fast(&mut self, fields: &[Val<'_>; 4]) -> Result<(), InputError> {
        let ts_text: &[u8] = match fields.get(1) {
            Some(Val::Int(text, _)) => text,
            _ => &[],
        };
        self.slow(Ok(fields.map(Val::scalar)), ts_text)
    }

    fn slow(
        &mut self,
        parsed: Result<[Scalar<'_>; 4], Scalar<'_>>,
        ts_text: &[u8],
    ) -> Result<(), InputError> {
        let read = self.read;
        let sink = &mut self.sink;
        match read.map {
            None => deliver(parsed, ts_text, read, sink),
            Some(map) => deliver(parsed, ts_text, read, &mut |e| sink(map.map(e))),
        }
    }
}

/// Checks an event's fields (`ts` read as `read` says, from its text `ts_text` when a number of
/// seconds) and hands it to `sink`.
pub(super) fn deliver(
    parsed: Result<[Scalar<'_>; 4], Scalar<'_>>,
    ts_text: &[u8],
    read: Reading<'_>,
    sink: &mut impl FnMut(EventRef<'_>) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let [user, ts, status, reason] = parsed.map_err(|v| {
        let got = v.describe();
        InputError::new("", Problem::NotEventObject { got })
    })?;
    let user_id = input::user_id(user)?;
    let ts = read.json_ts(&ts, ts_text)?;
    let status = input::non_empty_string(status, "status")?;
    let reason = input::optional_string(reason, "reason")?;
    sink(EventRef {
        user_id: &user_id,
        ts,
        status: &status,
        reason: reason.as_deref(),
    })
}

fn line_of(b: &[u8], at: usize) -> usize {
    1 + b
        .get(..at)
        .unwrap_or(b)
        .iter()
        .filter(|&&c| c == b'\n')
        .count()
}

fn syntax_error(path: String, b: &[u8], e: &Syntax) -> InputError {
    let problem = Problem::InvalidJson {
        line: Some(line_of(b, e.at)),
        byte: e.at,
        what: e.what,
    };
    InputError::new(path, problem)
}

/// A JSON array of event objects.
pub(super) fn parse_array(b: &[u8], to: &mut impl Events) -> Result<usize, InputError> {
    let mut c = Cursor { b, pos: 0 };
    c.ws();
    c.eat(b'[', "expected '['")
        .map_err(|e| syntax_error("events".into(), b, &e))?;
    c.ws();
    let mut n = 0usize;
    if c.peek() == Some(b']') {
        c.pos += 1;
    } else {
        loop {
            c.ws();
            let at = || format!("events[{n}]");
            let mut fields = [Val::Missing; 4];
            if c.peek() == Some(b'{') && c.fast_event::<true>(&mut fields) {
                to.fast(&fields)
            } else {
                let (parsed, ts_text) = c
                    .event_and_ts_text()
                    .map_err(|e| syntax_error(at(), b, &e))?;
                to.slow(parsed, ts_text)
            }
            .map_err(|e| e.within(&at()))?;
            n += 1;
            c.ws();
            match c.peek() {
                Some(b',') => c.pos += 1,
                Some(b']') => {
                    c.pos += 1;
                    break;
                }
                _ => {
                    return Err(syntax_error(
                        format!("events[{n}]"),
                        b,
                        &Syntax {
                            at: c.pos,
                            what: "expected ',' or ']'",
                        },
                    ))
                }
            }
        }
    }
    c.ws();
    if c.pos < b.len() {
        return Err(syntax_error(
            "events".into(),
            b,
            &Syntax {
                at: c.pos,
                what: "unexpected data after the array",
            },
        ));
    }
    Ok(n)
}

/// NDJSON: one event object per line; blank lines are skipped.
pub(super) fn parse_ndjson(b: &[u8], to: &mut impl Events) -> Result<usize, InputError> {
    let mut n = 0usize;
    let mut start = 0usize;
    let mut line = 0usize;
    while start < b.len() {
        line += 1;
        let at = || format!("line {line}: ");
        // Fast: the line read in place (its end not searched first), when it is blank or a fast
        // event object alone on it (whitespace around it, none of it a line feed).
        let mut c = Cursor {
            b: b.get(start..).unwrap_or_default(),
            pos: 0,
        };
        c.ws_in_line();
        let mut fields = [Val::Missing; 4];
        let blank = matches!(c.peek(), Some(b'\n') | None);
        if blank || c.peek() == Some(b'{') && c.fast_event::<false>(&mut fields) {
            c.ws_in_line();
            if let Some(b'\n') | None = c.peek() {
                if !blank {
                    to.fast(&fields).map_err(|e| e.within(&at()))?;
                    n += 1;
                }
                start += c.pos + 1;
                continue;
            }
        }
        let end = b
            .get(start..)
            .and_then(|rest| rest.iter().position(|&c| c == b'\n'))
            .map_or(b.len(), |i| start + i);
        let text = b.get(start..end).unwrap_or_default();
        let syntax = |e: Syntax| {
            let problem = Problem::InvalidJson {
                line: None,
                byte: e.at,
                what: e.what,
            };
            InputError::new(format!("line {line}"), problem)
        };
        let mut c = Cursor { b: text, pos: 0 };
        c.ws();
        if c.pos < text.len() {
            let (parsed, ts_text) = c.event_and_ts_text().map_err(syntax)?;
            c.ws();
            if c.pos < text.len() {
                return Err(syntax(Syntax {
                    at: c.pos,
                    what: "unexpected data after the object",
                }));
            }
            to.slow(parsed, ts_text).map_err(|e| e.within(&at()))?;
            n += 1;
        }
        start = end + 1;
    }
    Ok(n)
}
