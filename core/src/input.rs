//! Validation of event fields, shared by every input path (JS objects, JSON, NDJSON, CSV), so that
//! each path accepts the same values and words its errors the same way.
//!
//! A source first reduces a field to a [`Scalar`] (what JS's `typeof` would see), then the
//! functions here check it: `ts` must be a non-negative safe integer, `user_id` a non-empty string
//! or a safe integer (which becomes its decimal string), `status` a non-empty string, `reason` a
//! string, `null` or absent.

use std::borrow::Cow;

use crate::error::{describe_number, quote_excerpt, InputError, Problem};
use crate::ids::{MAX_NAME_BYTES, MAX_TS};

/// A field's value as a source sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar<'a> {
    /// The field is absent (or `undefined`).
    Missing,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (JSON numbers are read as JS reads them, to the nearest f64).
    Number(f64),
    /// A string.
    Str(Cow<'a, str>),
    /// Anything else, already described for messages (`an object`, `a BigInt (5n)`, …).
    Other(String),
}

impl Scalar<'_> {
    /// How messages name this value: `"abc"`, `1.5`, `NaN`, `null`, `missing`, `an object`, …
    pub fn describe(&self) -> String {
        match self {
            Scalar::Missing => "missing".to_string(),
            Scalar::Null => "null".to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Number(n) => describe_number(*n),
            Scalar::Str(s) => quote_excerpt(s),
            Scalar::Other(d) => d.clone(),
        }
    }
}

/// Reads an epoch-ms value: a number that is a non-negative safe integer.
pub fn epoch_ms(value: &Scalar<'_>, path: &str) -> Result<u64, InputError> {
    let Scalar::Number(n) = *value else {
        let got = value.describe();
        return Err(InputError::new(path, Problem::NotEpochMs { got }));
    };
    if !n.is_finite() || n < 0.0 || n.fract() != 0.0 || n > MAX_TS as f64 {
        let got = describe_number(n);
        return Err(InputError::new(path, Problem::EpochMsOutOfRange { got }));
    }
    // n is an integer in 0..=2^53-1, so the cast is exact.
    Ok(n as u64)
}

/// Reads a `user_id`: a non-empty string, or a safe integer (which becomes its decimal string, as
/// `String(n)` does; `-0` is `"0"`).
pub fn user_id<'a>(value: Scalar<'a>) -> Result<Cow<'a, str>, InputError> {
    let problem = match value {
        Scalar::Str(s) if !s.is_empty() => return Ok(s),
        Scalar::Number(n) if n.is_finite() && n.fract() == 0.0 && n.abs() <= MAX_TS as f64 => {
            // A safe integer: the cast is exact.
            return Ok(Cow::Owned((n as i64).to_string()));
        }
        // The right type: `""` or a number that is not a safe integer.
        Scalar::Str(_) | Scalar::Number(_) => Problem::UserIdOutOfRange {
            got: value.describe(),
        },
        other => Problem::NotUserId {
            got: other.describe(),
        },
    };
    Err(InputError::new("user_id", problem))
}

/// Reads a required, non-empty string (`status`).
pub fn non_empty_string<'a>(value: Scalar<'a>, path: &str) -> Result<Cow<'a, str>, InputError> {
    match value {
        Scalar::Str(s) if !s.is_empty() => Ok(s),
        Scalar::Str(_) => Err(InputError::new(path, Problem::EmptyString)),
        other => Err(InputError::new(
            path,
            Problem::NotNonEmptyString {
                got: other.describe(),
            },
        )),
    }
}

/// Reads an optional string (`reason`): absent and `null` are `None`.
pub fn optional_string<'a>(
    value: Scalar<'a>,
    path: &str,
) -> Result<Option<Cow<'a, str>>, InputError> {
    match value {
        Scalar::Missing | Scalar::Null => Ok(None),
        Scalar::Str(s) => Ok(Some(s)),
        other => Err(InputError::new(
            path,
            Problem::NotOptionalString {
                got: other.describe(),
            },
        )),
    }
}

/// Checks a timestamp is an epoch-ms value JS can hold exactly.
pub fn check_ts(ts: u64) -> Result<(), InputError> {
    if ts > MAX_TS {
        let got = ts.to_string();
        return Err(InputError::new("ts", Problem::EpochMsOutOfRange { got }));
    }
    Ok(())
}

/// Checks a user id, status or reason: non-empty and at most [`MAX_NAME_BYTES`] bytes.
pub fn check_name(name: &str, path: &str) -> Result<(), InputError> {
    if name.is_empty() {
        return Err(InputError::new(path, Problem::Empty));
    }
    if name.len() > MAX_NAME_BYTES {
        let bytes = name.len();
        return Err(InputError::new(path, Problem::TooLong { bytes }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_ms_accepts_exactly_the_safe_non_negative_integers() {
        assert_eq!(epoch_ms(&Scalar::Number(0.0), "ts"), Ok(0));
        assert_eq!(epoch_ms(&Scalar::Number(-0.0), "ts"), Ok(0));
        assert_eq!(epoch_ms(&Scalar::Number(MAX_TS as f64), "ts"), Ok(MAX_TS));
        let e = epoch_ms(&Scalar::Number(1.5), "ts").unwrap_err();
        assert_eq!(
            e.to_string(),
            "ts: expected a non-negative integer (epoch ms) <= 9007199254740991, got 1.5"
        );
        let e = epoch_ms(&Scalar::Str("abc".into()), "ts").unwrap_err();
        assert_eq!(
            e.to_string(),
            "ts: expected a non-negative integer (epoch ms), got \"abc\""
        );
        assert!(epoch_ms(&Scalar::Number(9_007_199_254_740_992.0), "ts").is_err());
        assert!(epoch_ms(&Scalar::Number(f64::NAN), "ts").is_err());
    }

    #[test]
    fn integer_user_ids_become_decimal_strings() {
        assert_eq!(user_id(Scalar::Number(7.0)).unwrap(), "7");
        assert_eq!(user_id(Scalar::Number(-0.0)).unwrap(), "0");
        assert_eq!(user_id(Scalar::Number(-12.0)).unwrap(), "-12");
        assert!(user_id(Scalar::Number(1.5)).is_err());
        assert!(user_id(Scalar::Str("".into())).is_err());
        assert_eq!(
            user_id(Scalar::Missing).unwrap_err().to_string(),
            "user_id: expected a non-empty string or a safe integer, got missing"
        );
    }
}
