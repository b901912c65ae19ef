//! JSON array and NDJSON event logs: a small single-pass scanner that borrows strings from the
//! input when they have no escapes, reads only the four event fields and skips everything else.

use std::borrow::Cow;

use crate::error::{InputError, Problem};
use crate::input::{self, Scalar};
use crate::store::EventRef;

/// Deepest nesting of a skipped value (an unknown field holding objects in arrays in …).
const MAX_DEPTH: usize = 64;

/// A JSON syntax error at a byte offset.
struct Syntax {
    at: usize,
    what: &'static str,
}

struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
}

type Step<T> = Result<T, Syntax>;

impl<'a> Cursor<'a> {
    fn err<T>(&self, what: &'static str) -> Step<T> {
        Err(Syntax { at: self.pos, what })
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8, what: &'static str) -> Step<()> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            self.err(what)
        }
    }

    fn literal(&mut self, word: &'static [u8]) -> Step<()> {
        match self.b.get(self.pos..self.pos + word.len()) {
            Some(s) if s == word => {
                self.pos += word.len();
                Ok(())
            }
            _ => self.err("invalid literal"),
        }
    }

    /// A string; the cursor is on its opening quote.
    fn string(&mut self) -> Step<Cow<'a, str>> {
        self.eat(b'"', "expected '\"'")?;
        let start = self.pos;
        // Fast path: no escape before the closing quote.
        while let Some(&c) = self.b.get(self.pos) {
            match c {
                b'"' => {
                    let raw = self.b.get(start..self.pos).unwrap_or_default();
                    self.pos += 1;
                    return std::str::from_utf8(raw)
                        .map(Cow::Borrowed)
                        .or_else(|_| self.err("invalid UTF-8 in string"));
                }
                b'\\' => break,
                0..=0x1F => return self.err("control character in string"),
                _ => self.pos += 1,
            }
        }
        let mut out: Vec<u8> = self.b.get(start..self.pos).unwrap_or_default().to_vec();
        loop {
            let Some(&c) = self.b.get(self.pos) else {
                return self.err("unterminated string");
            };
            self.pos += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.b.get(self.pos) else {
                        return self.err("unterminated string");
                    };
                    self.pos += 1;
                    match e {
                        b'"' | b'\\' | b'/' => out.push(e),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let ch = self.unicode_escape()?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return self.err("invalid escape in string"),
                    }
                }
                0..=0x1F => return self.err("control character in string"),
                _ => out.push(c),
            }
        }
        String::from_utf8(out)
            .map(Cow::Owned)
            .or_else(|_| self.err("invalid UTF-8 in string"))
    }

    fn hex4(&mut self) -> Step<u32> {
        let digits = self.b.get(self.pos..self.pos + 4).ok_or(Syntax {
            at: self.pos,
            what: "truncated \\u escape",
        })?;
        let text = std::str::from_utf8(digits).map_err(|_| Syntax {
            at: self.pos,
            what: "invalid \\u escape",
        })?;
        let v = u32::from_str_radix(text, 16).map_err(|_| Syntax {
            at: self.pos,
            what: "invalid \\u escape",
        })?;
        self.pos += 4;
        Ok(v)
    }

    /// After `\u`: one code point; a lone surrogate becomes U+FFFD, as JS strings read into Rust do.
    fn unicode_escape(&mut self) -> Step<char> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && self.b.get(self.pos..self.pos + 2) == Some(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            let lo = self.hex4()?;
            if (0xDC00..0xE000).contains(&lo) {
                return Ok(
                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                        .unwrap_or('\u{FFFD}'),
                );
            }
            self.pos = save;
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }

    /// A number, read as JS's `JSON.parse` reads it (nearest f64).
    fn number(&mut self) -> Step<f64> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return self.err("invalid number"),
        }
        let int_end = self.pos;
        let mut simple = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return self.err("invalid number");
            }
            self.digits();
            simple = false;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return self.err("invalid number");
            }
            self.digits();
            simple = false;
        }
        // Fast path: up to 15 digits are exact in an f64.
        if simple && int_end - int_start <= 15 {
            let v = self
                .b
                .get(int_start..int_end)
                .unwrap_or_default()
                .iter()
                // At most 15 digits: no overflow (and no 128-bit checked multiply in wasm).
                .fold(0u64, |a, &d| {
                    a.wrapping_mul(10)
                        .wrapping_add(u64::from(d.wrapping_sub(b'0')))
                });
            let v = v as f64;
            return Ok(if int_start > start { -v } else { v });
        }
        let text = self
            .b
            .get(start..self.pos)
            .and_then(|s| std::str::from_utf8(s).ok())
            .unwrap_or("");
        text.parse::<f64>().or_else(|_| self.err("invalid number"))
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// A field value as a [`Scalar`]; objects and arrays are skipped and described.
    fn scalar(&mut self) -> Step<Scalar<'a>> {
        Ok(match self.peek() {
            Some(b'"') => Scalar::Str(self.string()?),
            Some(b'-' | b'0'..=b'9') => Scalar::Number(self.number()?),
            Some(b't') => {
                self.literal(b"true")?;
                Scalar::Bool(true)
            }
            Some(b'f') => {
                self.literal(b"false")?;
                Scalar::Bool(false)
            }
            Some(b'n') => {
                self.literal(b"null")?;
                Scalar::Null
            }
            Some(b'{') => {
                self.skip(0)?;
                Scalar::Other("an object".to_string())
            }
            Some(b'[') => {
                self.skip(0)?;
                Scalar::Other("an array".to_string())
            }
            _ => return self.err("expected a value"),
        })
    }

    /// Skips any value, nested at most [`MAX_DEPTH`] deep.
    fn skip(&mut self, depth: usize) -> Step<()> {
        if depth > MAX_DEPTH {
            return self.err("nesting too deep");
        }
        match self.peek() {
            Some(open @ (b'{' | b'[')) => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.pos += 1;
                self.ws();
                if self.peek() == Some(close) {
                    self.pos += 1;
                    return Ok(());
                }
                loop {
                    self.ws();
                    if open == b'{' {
                        self.string()?;
                        self.ws();
                        self.eat(b':', "expected ':'")?;
                        self.ws();
                    }
                    self.skip(depth + 1)?;
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(c) if c == close => {
                            self.pos += 1;
                            return Ok(());
                        }
                        _ => {
                            return self.err(if open == b'{' {
                                "expected ',' or '}'"
                            } else {
                                "expected ',' or ']'"
                            })
                        }
                    }
                }
            }
            _ => self.scalar().map(|_| ()),
        }
    }

    /// One event object's four fields (absent ones [`Scalar::Missing`]; a repeated key: the last
    /// wins, as in `JSON.parse`), or the description of a non-object value.
    fn event(&mut self) -> Step<Result<[Scalar<'a>; 4], Scalar<'a>>> {
        if self.peek() != Some(b'{') {
            return self.scalar().map(Err);
        }
        self.pos += 1;
        let mut fields = [
            Scalar::Missing,
            Scalar::Missing,
            Scalar::Missing,
            Scalar::Missing,
        ];
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Ok(fields));
        }
        loop {
            self.ws();
            let key = self.string()?;
            self.ws();
            self.eat(b':', "expected ':'")?;
            self.ws();
            let slot = match key.as_ref() {
                "user_id" => fields.get_mut(0),
                "ts" => fields.get_mut(1),
                "status" => fields.get_mut(2),
                "reason" => fields.get_mut(3),
                _ => None,
            };
            match slot {
                Some(slot) => *slot = self.scalar()?,
                None => self.skip(1)?,
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Ok(fields));
                }
                _ => return self.err("expected ',' or '}'"),
            }
        }
    }

    // The fast path: event objects whose fields are strings without escapes, non-negative integers
    // of at most 15 digits, `null`, `true` or `false`. It reads exactly what [`Cursor::event`]
    // reads; on anything else it gives up (the cursor back where it was) and [`Cursor::event`] reads
    // the event again, errors and all.

    /// An event object, the cursor on its `{`, into `fields` (all [`Val::Missing`] before);
    /// `false` (cursor unmoved, `fields` to be ignored) when it is not a fast one. Line feeds are
    /// whitespace only if `NL` (NDJSON: an object spanning lines is not a fast one).
    #[inline]
    fn fast_event<const NL: bool>(&mut self, fields: &mut [Val<'a>; 4]) -> bool {
        let save = self.pos;
        let done = self.fast_fields::<NL>(fields).is_some();
        if !done {
            self.pos = save;
        }
        done
    }

    /// The next byte that is not whitespace, the cursor moved onto it; line feeds are whitespace
    /// only if `NL`.
    #[inline]
    fn next<const NL: bool>(&mut self) -> Option<u8> {
        let c = *self.b.get(self.pos)?;
        if c > b' ' {
            return Some(c);
        }
        if NL {
            self.ws();
        } else {
            self.ws_in_line();
        }
        self.peek()
    }

    /// Skips whitespace other than line feeds.
    fn ws_in_line(&mut self) {
        while let Some(b' ' | b'\t' | b'\r') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    #[inline]
    fn fast_fields<const NL: bool>(&mut self, fields: &mut [Val<'a>; 4]) -> Option<()> {
        self.pos += 1;
        if self.next::<NL>()? == b'}' {
            self.pos += 1;
            return Some(());
        }
        loop {
            let slot = self.fast_key()?;
            if self.next::<NL>()? != b':' {
                return None;
            }
            self.pos += 1;
            self.next::<NL>()?;
            let value = self.fast_value()?;
            if let Some(slot) = slot.and_then(|i| fields.get_mut(i)) {
                *slot = value;
            }
            match self.next::<NL>()? {
                b',' => {
                    self.pos += 1;
                    self.next::<NL>()?;
                }
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A key, the cursor on its opening quote: `Some(Some(field))` for one of the four fields (0
    /// `user_id`, 1 `ts`, 2 `status`, 3 `reason`), `Some(None)` for another key.
    #[inline(always)]
    fn fast_key(&mut self) -> Option<Option<usize>> {
        let p = self.pos;
        if let Some(w) = word(self.b, p) {
            if w == USER_ID && self.b.get(p + 8) == Some(&b'"') {
                self.pos = p + 9;
                return Some(Some(0));
            }
            if w & 0xFFFF_FFFF == TS {
                self.pos = p + 4;
                return Some(Some(1));
            }
            if w == STATUS {
                self.pos = p + 8;
                return Some(Some(2));
            }
            if w == REASON {
                self.pos = p + 8;
                return Some(Some(3));
            }
        }
        if self.peek() != Some(b'"') {
            return None;
        }
        Some(match self.fast_string()? {
            b"user_id" => Some(0),
            b"ts" => Some(1),
            b"status" => Some(2),
            b"reason" => Some(3),
            _ => None,
        })
    }

    #[inline(always)]
    fn fast_value(&mut self) -> Option<Val<'a>> {
        let p = self.pos;
        match self.peek()? {
            b'"' => self.fast_string().map(Val::Str),
            b'0'..=b'9' => self.fast_int(),
            b'n' if self.b.get(p..p + 4).is_some_and(|w| w == b"null") => {
                self.pos = p + 4;
                Some(Val::Null)
            }
            b't' if self.b.get(p..p + 4).is_some_and(|w| w == b"true") => {
                self.pos = p + 4;
                Some(Val::Bool(true))
            }
            b'f' if self.b.get(p..p + 5).is_some_and(|w| w == b"false") => {
                self.pos = p + 5;
                Some(Val::Bool(false))
            }
            _ => None,
        }
    }

    /// A string without escapes or control characters, the cursor on its opening quote: its bytes
    /// (checked to be UTF-8 when not ASCII).
    #[inline(always)]
    fn fast_string(&mut self) -> Option<&'a [u8]> {
        let start = self.pos + 1;
        let mut i = start;
        // Bytes seen, OR-ed: their high bits tell whether the string is ASCII.
        let mut seen = 0u64;
        while let Some(w) = word(self.b, i) {
            let m = special(w);
            if m != 0 {
                let k = (m.trailing_zeros() / 8) as usize;
                seen |= w & (1u64 << (8 * k)).wrapping_sub(1);
                i += k;
                break;
            }
            seen |= w;
            i += 8;
        }
        // Fewer than 8 bytes left, or `i` is on the special byte found.
        loop {
            let c = *self.b.get(i)?;
            if c == b'"' || c == b'\\' || c < 0x20 {
                break;
            }
            seen |= u64::from(c);
            i += 1;
        }
        if self.b.get(i) != Some(&b'"') {
            return None;
        }
        let raw = self.b.get(start..i)?;
        if seen & HIGH != 0 && std::str::from_utf8(raw).is_err() {
            return None;
        }
        self.pos = i + 1;
        Some(raw)
    }

    /// A number, the cursor on its first digit, if it is an integer of at most 15 digits (exact in
    /// an f64, as [`Cursor::number`] reads it).
    #[inline(always)]
    fn fast_int(&mut self) -> Option<Val<'a>> {
        let start = self.pos;
        let first = *self.b.get(start)?;
        let mut v = u64::from(first.wrapping_sub(b'0'));
        let mut i = start + 1;
        if first != b'0' {
            // Wrapping arithmetic: more than 15 digits are refused below, whatever `v` became.
            if let Some(w) = word(self.b, i).filter(|&w| eight_digits(w)) {
                v = v
                    .wrapping_mul(100_000_000)
                    .wrapping_add(eight_digits_value(w));
                i += 8;
            }
            let four = self
                .b
                .get(i..i + 4)
                .and_then(|w| <[u8; 4]>::try_from(w).ok());
            if let Some(w) = four.map(u32::from_le_bytes).filter(|&w| four_digits(w)) {
                v = v.wrapping_mul(10_000).wrapping_add(four_digits_value(w));
                i += 4;
            }
            while let Some(&c) = self.b.get(i) {
                let d = c.wrapping_sub(b'0');
                if d > 9 || i - start > 15 {
                    break;
                }
                v = v.wrapping_mul(10).wrapping_add(u64::from(d));
                i += 1;
            }
        }
        if i - start > 15 {
            return None;
        }
        if let Some(b'.' | b'e' | b'E') = self.b.get(i) {
            return None;
        }
        self.pos = i;
        Some(Val::Int(self.b.get(start..i)?, v))
    }
}

/// Whether the 8 bytes of `w` are all ASCII digits.
#[inline]
fn eight_digits(w: u64) -> bool {
    // Each byte is 0x30..=0x39 iff its high nibble is 3, and still 3 after adding 6 (a carry out
    // of a byte only comes from a byte that already failed).
    let nibbles = 0xF0F0_F0F0_F0F0_F0F0;
    w & nibbles == 0x3030_3030_3030_3030
        && w.wrapping_add(0x0606_0606_0606_0606) & nibbles == 0x3030_3030_3030_3030
}

/// Whether the 4 bytes of `w` are all ASCII digits (as [`eight_digits`]).
#[inline]
fn four_digits(w: u32) -> bool {
    w & 0xF0F0_F0F0 == 0x3030_3030 && w.wrapping_add(0x0606_0606) & 0xF0F0_F0F0 == 0x3030_3030
}

/// The value of 4 ASCII digits (the first in the lowest byte).
#[inline]
fn four_digits_value(w: u32) -> u64 {
    let w = (w & 0x0F0F_0F0F).wrapping_mul(2561) >> 8;
    u64::from(((w & 0x00FF_00FF).wrapping_mul(6_553_601) >> 16) & 0xFFFF)
}

/// The value of 8 ASCII digits (the first in the lowest byte).
#[inline]
fn eight_digits_value(w: u64) -> u64 {
    let w = (w & 0x0F0F_0F0F_0F0F_0F0F).wrapping_mul(2561) >> 8;
    let w = (w & 0x00FF_00FF_00FF_00FF).wrapping_mul(6_553_601) >> 16;
    ((w & 0x0000_FFFF_0000_FFFF).wrapping_mul(42_949_672_960_001) >> 32) & 0xFFFF_FFFF
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
const USER_ID: u64 = u64::from_le_bytes(*b"\"user_id");
const TS: u64 = u32::from_le_bytes(*b"\"ts\"") as u64;
const STATUS: u64 = u64::from_le_bytes(*b"\"status\"");
const REASON: u64 = u64::from_le_bytes(*b"\"reason\"");

/// The 8 bytes of `b` from `at`, little-endian.
#[inline]
fn word(b: &[u8], at: usize) -> Option<u64> {
    let w = b.get(at..at.checked_add(8)?)?;
    <[u8; 8]>::try_from(w).ok().map(u64::from_le_bytes)
}

/// The high bit of each byte of `w` that is `"`, `\` or a control character (below 0x20); the
/// lowest one set marks the first such byte (bits above it may be spurious).
#[inline]
fn special(w: u64) -> u64 {
    let quote = w ^ (LOW * u64::from(b'"'));
    let backslash = w ^ (LOW * u64::from(b'\\'));
    let zero = |x: u64| x.wrapping_sub(LOW) & !x;
    let control = w.wrapping_sub(LOW * 0x20) & !w;
    (zero(quote) | zero(backslash) | control) & HIGH
}

/// A field value as the fast path reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Val<'a> {
    Missing,
    Null,
    Bool(bool),
    /// A string without escapes: its bytes, UTF-8.
    Str(&'a [u8]),
    /// A non-negative integer of at most 15 digits: its digits and its value.
    Int(&'a [u8], u64),
}

impl<'a> Val<'a> {
    /// The value as [`Cursor::scalar`] reads it.
    pub(super) fn scalar(self) -> Scalar<'a> {
        match self {
            Val::Missing => Scalar::Missing,
            Val::Null => Scalar::Null,
            Val::Bool(b) => Scalar::Bool(b),
            Val::Str(b) => Scalar::Str(Cow::Borrowed(std::str::from_utf8(b).unwrap_or_default())),
            // At most 15 digits: exact.
            Val::Int(_, v) => Scalar::Number(v as f64),
        }
    }
}

/// The event objects of a log, as read: where they go.
pub(super) trait Events {
    /// An event object the fast path read.
    fn fast(&mut self, fields: &[Val<'_>; 4]) -> Result<(), InputError>;
    /// An event as [`Cursor::event`] read it.
    fn slow(&mut self, parsed: Result<[Scalar<'_>; 4], Scalar<'_>>) -> Result<(), InputError>;
}

/// Events handed to a sink as [`EventRef`]s.
pub(super) struct Sink<F>(pub F);

impl<F: FnMut(EventRef<'_>) -> Result<(), InputError>> Events for Sink<F> {
    fn fast(&mut self, fields: &[Val<'_>; 4]) -> Result<(), InputError> {
        deliver(Ok(fields.map(Val::scalar)), &mut self.0)
    }

    fn slow(&mut self, parsed: Result<[Scalar<'_>; 4], Scalar<'_>>) -> Result<(), InputError> {
        deliver(parsed, &mut self.0)
    }
}

/// Checks an event's fields and hands it to `sink`.
pub(super) fn deliver(
    parsed: Result<[Scalar<'_>; 4], Scalar<'_>>,
    sink: &mut impl FnMut(EventRef<'_>) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let [user, ts, status, reason] = parsed.map_err(|v| {
        let got = v.describe();
        InputError::new("", Problem::NotEventObject { got })
    })?;
    let user_id = input::user_id(user)?;
    let ts = input::epoch_ms(&ts, "ts")?;
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
                let parsed = c.event().map_err(|e| syntax_error(at(), b, &e))?;
                to.slow(parsed)
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
            let parsed = c.event().map_err(syntax)?;
            c.ws();
            if c.pos < text.len() {
                return Err(syntax(Syntax {
                    at: c.pos,
                    what: "unexpected data after the object",
                }));
            }
            to.slow(parsed).map_err(|e| e.within(&at()))?;
            n += 1;
        }
        start = end + 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

    use super::*;

    /// Reads the object at the start of `text` both ways. When the fast path takes it, it must read
    /// what [`Cursor::event`] reads and stop where it stops (and, outside arrays, not cross a line
    /// feed). Returns whether the fast path took it (arrays' rules).
    fn same_both_ways(text: &[u8]) -> bool {
        let mut slow = Cursor { b: text, pos: 0 };
        let slow_read = slow.event();
        let mut took = false;
        for nl in [true, false] {
            let mut fast = Cursor { b: text, pos: 0 };
            let mut fields = [Val::Missing; 4];
            let ok = if nl {
                fast.fast_event::<true>(&mut fields)
            } else {
                fast.fast_event::<false>(&mut fields)
            };
            if !ok {
                assert_eq!(fast.pos, 0, "{}", String::from_utf8_lossy(text));
                continue;
            }
            took |= nl;
            let what = String::from_utf8_lossy(text);
            match &slow_read {
                Ok(Ok(scalars)) => assert_eq!(&fields.map(Val::scalar), scalars, "{what}"),
                _ => panic!("fast path took {what}, slow read {:?}", slow_read.is_ok()),
            }
            assert_eq!(fast.pos, slow.pos, "{what}");
            if !nl {
                assert!(!text[..fast.pos].contains(&b'\n'), "{what}");
            }
        }
        took
    }

    #[test]
    fn the_fast_path_reads_what_the_slow_path_reads() {
        let taken: &[&str] = &[
            r#"{"user_id":"agent-1","ts":1700000000086,"status":"ready"}"#,
            r#"{"user_id":"agent-1","ts":1700000000086,"status":"paused","reason":"break"},"#,
            r#"{ "user_id" : 7 , "ts" : 0 , "status" : "ready" , "reason" : null }"#,
            "{\"user_id\":\"é😀\",\n\t\"ts\":999999999999999,\r\"status\":\"x\"}",
            r#"{"status":"a","status":"b","ts":1,"ts":2}"#,
            r#"{"other":"x","n":12,"b":true,"f":false,"z":null,"user_id":"u"}"#,
            r#"{"reason":"","user_id":"","ts":0}"#,
            r#"{"ts":"12","status":5,"reason":true}"#,
            r#"{}"#,
            r#"{ }"#,
            r#"{"usér":"x"}"#,
            r#"{"user_id":"12345678","ts":12345678,"status":"1234567890123"}"#,
        ];
        for t in taken {
            assert!(same_both_ways(t.as_bytes()), "not taken: {t}");
        }
        let refused: &[&[u8]] = &[
            br#"{"user_id":"a\"b","ts":1}"#,
            br#"{"user\u005fid":"a"}"#,
            br#"{"ts":1.5}"#,
            br#"{"ts":1e3}"#,
            br#"{"ts":1E3}"#,
            br#"{"ts":-1}"#,
            br#"{"ts":01}"#,
            br#"{"ts":1234567890123456}"#,
            br#"{"ts":12345678901234567890123}"#,
            br#"{"ts":[1]}"#,
            br#"{"ts":{}}"#,
            br#"{"ts":nul}"#,
            br#"{"ts":tru}"#,
            br#"{"ts":1,}"#,
            br#"{"ts" 1}"#,
            br#"{"ts":1"#,
            br#"{"ts":"#,
            br#"{"us"#,
            br#"{"user_id"#,
            br#"{"#,
            br#"{ts:1}"#,
            b"{\"user_id\":\"a\xffb\"}",
            b"{\"user_id\":\"\xc3\"}",
            b"{\"\xe9\":1}",
            b"{\"user_id\":\"a\tb\"}",
            b"{\"user_id\":\"a\x00b\"}",
            b"{\"user_id\":\"abcdefgh\x1fb\"}",
            b"{\"user_id\":\"abcdefghijklmnop",
        ];
        for t in refused {
            assert!(!same_both_ways(t), "taken: {}", String::from_utf8_lossy(t));
        }
    }

    #[test]
    fn integers_of_every_length_are_read_exactly() {
        let digits = "123456789012345678";
        for n in 1..=digits.len() {
            for tail in ["}", ",\"x\":1}", " }", ".5}", "e1}", "x}"] {
                let text = format!("{{\"ts\":{}{tail}", &digits[..n]);
                let took = same_both_ways(text.as_bytes());
                assert_eq!(
                    took,
                    n <= 15 && !tail.starts_with(['.', 'e', 'x']),
                    "{text}"
                );
            }
        }
        for v in [
            "0",
            "9",
            "10",
            "99999999",
            "100000000",
            "999999999999999",
            "4242",
        ] {
            let text = format!("{{\"ts\":{v}}}");
            let mut c = Cursor {
                b: text.as_bytes(),
                pos: 0,
            };
            let mut fields = [Val::Missing; 4];
            assert!(c.fast_event::<true>(&mut fields));
            assert_eq!(fields[1], Val::Int(v.as_bytes(), v.parse().unwrap()));
        }
    }

    #[test]
    fn digit_words_are_recognised_and_valued() {
        let word = |s: &[u8]| u64::from_le_bytes(s.try_into().unwrap());
        assert!(eight_digits(word(b"01234567")));
        assert_eq!(eight_digits_value(word(b"01234567")), 1_234_567);
        assert_eq!(eight_digits_value(word(b"99999999")), 99_999_999);
        assert_eq!(four_digits_value(u32::from_le_bytes(*b"9870")), 9870);
        for bad in 0..=255u8 {
            for at in 0..8 {
                let mut w = *b"12345678";
                w[at] = bad;
                assert_eq!(
                    eight_digits(word(&w)),
                    bad.is_ascii_digit(),
                    "{bad} at {at}"
                );
                if at < 4 {
                    let mut v = *b"1234";
                    v[at] = bad;
                    assert_eq!(four_digits(u32::from_le_bytes(v)), bad.is_ascii_digit());
                }
            }
        }
    }

    #[test]
    fn special_finds_the_first_quote_backslash_or_control_byte() {
        for first in 0..8 {
            for c in 0..=255u8 {
                for filler in [b'a', 0xC3, 0xFF, b'"', 0x00, b' '] {
                    // Bytes before `first` are plain; then `c`; then `filler`.
                    let mut w = [b'x'; 8];
                    w[first] = c;
                    for b in &mut w[first + 1..] {
                        *b = filler;
                    }
                    let m = special(u64::from_le_bytes(w));
                    let expected = w.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
                    let got = (m != 0).then(|| (m.trailing_zeros() / 8) as usize);
                    assert_eq!(got, expected, "{w:?}");
                }
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod random {
        use super::*;
        use proptest::prelude::*;

        const TOKENS: &[&[u8]] = &[
            b"{",
            b"}",
            b"\"user_id\"",
            b"\"ts\"",
            b"\"status\"",
            b"\"reason\"",
            b"\"x\"",
            b":",
            b",",
            b" ",
            b"\n",
            b"\r",
            b"\"agent-1\"",
            b"\"\xc3\xa9\"",
            b"\"\\u00e9\"",
            b"\"a\\\"b\"",
            b"123",
            b"0",
            b"01",
            b"1700000000086",
            b"1234567890123456",
            b"1.5",
            b"1e2",
            b"-3",
            b"null",
            b"true",
            b"false",
            b"[1]",
            b"{}",
            b"\"\xff\"",
            b"\"",
            b"\t",
            b"\"abcdefghijklmnopq\"",
            b"\"\x01\"",
            b"nul",
            b"\"status",
        ];
        const SPACES: &[&[u8]] = &[b"", b" ", b"\n", b"\r\n "];

        proptest! {
            #![proptest_config(ProptestConfig { failure_persistence: None, cases: 2000, ..ProptestConfig::default() })]

            #[test]
            fn fast_and_slow_agree_on_token_soup(
                tokens in prop::collection::vec(prop::sample::select(TOKENS), 0..24)
            ) {
                let mut text = b"{".to_vec();
                for t in tokens {
                    text.extend_from_slice(t);
                }
                same_both_ways(&text);
            }

            #[test]
            fn fast_and_slow_agree_on_mostly_valid_objects(
                fields in prop::collection::vec(
                    (prop::sample::select(&TOKENS[2..7]), prop::sample::select(&TOKENS[12..31])),
                    0..6,
                ),
                space in prop::sample::select(SPACES),
            ) {
                let mut text = b"{".to_vec();
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        text.push(b',');
                    }
                    for part in [space, k, space, b":", space, v, space] {
                        text.extend_from_slice(part);
                    }
                }
                text.push(b'}');
                same_both_ways(&text);
            }
        }
    }
}
