//! The general JSON reader: a single-pass scanner over bytes that borrows strings from the input
//! when they have no escapes, reads an event object's four fields and skips everything else, with
//! precise syntax errors. Every event goes through it when the fast path ([`super::fast`]) declines.

use std::borrow::Cow;

use crate::input::Scalar;

/// An event object's four fields, or the description of a value that is no object.
pub(super) type Parsed<'a> = Result<[Scalar<'a>; 4], Scalar<'a>>;

/// Deepest nesting of a skipped value (an unknown field holding objects in arrays in …).
const MAX_DEPTH: usize = 64;

/// A JSON syntax error at a byte offset.
pub(super) struct Syntax {
    pub(super) at: usize,
    pub(super) what: &'static str,
}

/// A read position in a JSON text.
pub(super) struct Cursor<'a> {
    pub(super) b: &'a [u8],
    pub(super) pos: usize,
}

pub(super) type Step<T> = Result<T, Syntax>;

impl<'a> Cursor<'a> {
    pub(super) fn err<T>(&self, what: &'static str) -> Step<T> {
        Err(Syntax { at: self.pos, what })
    }

    pub(super) fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Skips whitespace other than line feeds.
    pub(super) fn ws_in_line(&mut self) {
        while let Some(b' ' | b'\t' | b'\r') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    pub(super) fn eat(&mut self, c: u8, what: &'static str) -> Step<()> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            self.err(what)
        }
    }

    pub(super) fn literal(&mut self, word: &'static [u8]) -> Step<()> {
        match self.b.get(self.pos..self.pos + word.len()) {
            Some(s) if s == word => {
                self.pos += word.len();
                Ok(())
            }
            _ => self.err("invalid literal"),
        }
    }

    /// A string; the cursor is on its opening quote.
    pub(super) fn string(&mut self) -> Step<Cow<'a, str>> {
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

    pub(super) fn hex4(&mut self) -> Step<u32> {
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
    pub(super) fn unicode_escape(&mut self) -> Step<char> {
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
    pub(super) fn number(&mut self) -> Step<f64> {
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

    pub(super) fn digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// A field value as a [`Scalar`]; objects and arrays are skipped and described.
    pub(super) fn scalar(&mut self) -> Step<Scalar<'a>> {
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
    pub(super) fn skip(&mut self, depth: usize) -> Step<()> {
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
    #[cfg(test)]
    pub(super) fn event(&mut self) -> Step<Parsed<'a>> {
        self.event_and_ts_text().map(|(event, _)| event)
    }

    /// [`Cursor::event`], and the text of the `ts` value as written (empty if absent): a number's
    /// digits, for reading it exactly as epoch seconds.
    pub(super) fn event_and_ts_text(&mut self) -> Step<(Parsed<'a>, &'a [u8])> {
        let mut ts_text: &'a [u8] = &[];
        if self.peek() != Some(b'{') {
            return self.scalar().map(|v| (Err(v), ts_text));
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
            return Ok((Ok(fields), ts_text));
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
                Some(slot) => {
                    let start = self.pos;
                    *slot = self.scalar()?;
                    if key == "ts" {
                        ts_text = self.b.get(start..self.pos).unwrap_or_default();
                    }
                }
                None => self.skip(1)?,
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok((Ok(fields), ts_text));
                }
                _ => return self.err("expected ',' or '}'"),
            }
        }
    }
}
