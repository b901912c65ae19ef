//! Errors for bad input, each naming the place of the bad value.
//!
//! Every entry point of the crate validates what it is given and, on the first bad value, returns an
//! [`InputError`]: the path of the value (`events[17].ts`, `schedules[2].rules[0].start_time`,
//! `line 812: ts`) and what is wrong with it. The wasm boundary turns it into a JS `TypeError` or
//! `RangeError` according to its [`ErrorKind`].

use std::fmt;

/// Which JS error class an [`InputError`] becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The value has the wrong type (a string where a number belongs, a missing field, …).
    Type,
    /// The value has the right type but is outside what is allowed (negative `ts`, `since > now`, …).
    Range,
}

/// One bad input value: where it is and what is wrong with it.
///
/// Displayed as `"{path}: {detail}"`, for example
/// `events[17].ts: expected a non-negative integer (epoch ms), got "abc"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    path: String,
    detail: String,
    kind: ErrorKind,
}

impl InputError {
    /// An error of the wrong-type kind at `path`.
    pub fn type_error(path: impl Into<String>, detail: impl Into<String>) -> Self {
        InputError {
            path: path.into(),
            detail: detail.into(),
            kind: ErrorKind::Type,
        }
    }

    /// An error of the out-of-range kind at `path`.
    pub fn range_error(path: impl Into<String>, detail: impl Into<String>) -> Self {
        InputError {
            path: path.into(),
            detail: detail.into(),
            kind: ErrorKind::Range,
        }
    }

    /// The same error with `prefix` put in front of its path (`"events[3]"` + `"ts"` →
    /// `"events[3].ts"`; a path starting with `[` is joined without a dot).
    pub fn within(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }

    /// Where the bad value is, e.g. `events[17].ts`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong with it, e.g. `expected a non-negative integer (epoch ms), got "abc"`.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// Whether this is a type error or a range error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

/// Joins two path pieces: `join_path("events[3]", "ts") == "events[3].ts"`.
pub fn join_path(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (_, true) => prefix.trim_end_matches(": ").to_string(),
        _ if rest.starts_with('[') || prefix.ends_with(": ") => format!("{prefix}{rest}"),
        _ => format!("{prefix}.{rest}"),
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.detail)
        } else {
            write!(f, "{}: {}", self.path, self.detail)
        }
    }
}

impl std::error::Error for InputError {}

/// Shortens a user-supplied string for an error message (at most 40 characters, quoted).
pub fn quote_excerpt(s: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::with_capacity(MAX + 8);
    out.push('"');
    for (n, c) in s.chars().enumerate() {
        if n == MAX {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&c.escape_default().to_string()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as JS prints it, for the cases messages need (`NaN`, `Infinity`, `-1`, `1.5`, `1e+21`).
pub fn describe_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_string()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_joins_path_and_detail() {
        let e = InputError::range_error("ts", "must be <= 9007199254740991").within("events[17]");
        assert_eq!(e.to_string(), "events[17].ts: must be <= 9007199254740991");
        assert_eq!(e.kind(), ErrorKind::Range);
    }

    #[test]
    fn index_paths_join_without_dot() {
        assert_eq!(join_path("schedules", "[2].rules"), "schedules[2].rules");
        assert_eq!(join_path("", "since"), "since");
        assert_eq!(join_path("line 3: ", "ts"), "line 3: ts");
    }

    #[test]
    fn excerpts_are_bounded_and_escaped() {
        assert_eq!(quote_excerpt("a\"b"), "\"a\\\"b\"");
        let long = "x".repeat(100);
        assert_eq!(quote_excerpt(&long).chars().count(), 40 + 3);
    }
}
