//! Schedules as a caller gives them, before validation: the platform's time-schedule objects, with
//! every value already of the right primitive type (the JS boundary and [`parse_schedules`] check
//! types; [`crate::schedule`] checks values).
//!
//! [`RawSchedule`] and [`RawRule`] deserialize (serde) from the platform's JSON, with the types the
//! JS boundary accepts: `user_id` a non-empty string or a safe integer, `null` as absent, `is_closed`
//! a boolean or 0/1, `segments` as `[{start, end}]` in epoch ms; unknown keys are ignored.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_path_to_error::Segment;

use crate::error::{InputError, Problem};
use crate::input::{self, Scalar};

/// One agent's schedule: `{ user_id, bypass?, timezone?, rules? | segments? }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RawSchedule {
    /// The agent (an integer id already in decimal form).
    #[serde(deserialize_with = "user_id")]
    pub user_id: String,
    /// Overtime / ad-hoc coverage: adherence is reported as `"bypass"`.
    #[serde(default, deserialize_with = "flag")]
    pub bypass: bool,
    /// IANA zone of the rules; `None` = the account zone.
    #[serde(default, deserialize_with = "optional_string")]
    pub timezone: Option<String>,
    /// The platform's rules form (exactly one of `rules` and `segments` is `Some`).
    #[serde(default)]
    pub rules: Option<Vec<RawRule>>,
    /// Absolute on-shift intervals `[start, end)` in epoch ms (in JSON `[{start, end}]`).
    #[serde(default, deserialize_with = "segments")]
    pub segments: Option<Vec<(u64, u64)>>,
}

/// One rule: `{ kind, dow?, start_date?, end_date?, is_closed?, start_time?, end_time? }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RawRule {
    /// `"weekly"`, `"date"` or `"date_range"`.
    #[serde(deserialize_with = "kind")]
    pub kind: String,
    /// Weekday for `weekly`: 0 = Sunday … 6 = Saturday.
    #[serde(default, deserialize_with = "dow")]
    pub dow: Option<i64>,
    /// `"YYYY-MM-DD"` for `date` and `date_range`.
    #[serde(default, deserialize_with = "optional_string")]
    pub start_date: Option<String>,
    /// `"YYYY-MM-DD"` for `date_range` (inclusive).
    #[serde(default, deserialize_with = "optional_string")]
    pub end_date: Option<String>,
    /// Whether the date(s) are closed (off shift all day); `0/1` are read as booleans.
    #[serde(default, deserialize_with = "closed")]
    pub is_closed: bool,
    /// `"HH:MM"` local wall-clock start.
    #[serde(default, deserialize_with = "optional_string")]
    pub start_time: Option<String>,
    /// `"HH:MM"` local wall-clock end (`"24:00"` allowed; `<= start_time` means overnight).
    #[serde(default, deserialize_with = "optional_string")]
    pub end_time: Option<String>,
}

/// A schedules file: its schedules and, if it names one, the account's time zone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ScheduleFile {
    /// The schedules, in file order.
    pub schedules: Vec<RawSchedule>,
    /// `timezone` of the object form: the zone for schedules without their own.
    #[serde(default, deserialize_with = "optional_string")]
    pub timezone: Option<String>,
}

/// Reads a schedules file (what the CLI's `--schedules` takes): a JSON array of schedules, or an
/// object `{ "schedules": [...], "timezone"?: "..." }` (other keys ignored). Types are checked
/// here, values by [`crate::schedule::Schedules::compile`]; a type error names the place and the
/// line: `schedules[2].rules[0].is_closed: expected a boolean, 0 or 1, got 2 at line 9 column 21`.
///
/// ```
/// use agent_kpis_core::schedule::{raw::parse_schedules, Schedules};
/// let file = parse_schedules(r#"[{"user_id": 7, "rules": [
///     {"kind": "weekly", "dow": 1, "start_time": "09:00", "end_time": "17:00"}]}]"#).unwrap();
/// assert_eq!(file.schedules[0].user_id, "7");
/// assert!(Schedules::compile(&file.schedules).is_ok());
/// let e = parse_schedules(r#"{"schedules": [{"user_id": "a", "bypass": 1}]}"#).unwrap_err();
/// assert_eq!(e.path(), "schedules[0].bypass");
/// ```
pub fn parse_schedules(text: &str) -> Result<ScheduleFile, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let array = text
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .starts_with('[');
    let mut de = serde_json::Deserializer::from_str(text);
    let read = if array {
        serde_path_to_error::deserialize(&mut de).map(|schedules| ScheduleFile {
            schedules,
            timezone: None,
        })
    } else {
        serde_path_to_error::deserialize(&mut de)
    };
    let file = read.map_err(|e| {
        // `[2].rules[0]`, without the segments serde_path_to_error could not name (`?`).
        let mut path = String::new();
        for segment in e.path().iter() {
            match segment {
                Segment::Seq { index } => path.push_str(&format!("[{index}]")),
                Segment::Map { key } => path.push_str(&format!(".{key}")),
                Segment::Enum { variant } => path.push_str(&format!(".{variant}")),
                Segment::Unknown => {}
            }
        }
        let path = path.strip_prefix('.').unwrap_or(&path);
        // The array form's paths start at the index: `[2].user_id` is `schedules[2].user_id`.
        let path = if array {
            crate::error::join_path("schedules", path)
        } else {
            path.to_string()
        };
        InputError::new(path, json_error(&e.into_inner()))
    })?;
    de.end().map_err(|e| InputError::new("", json_error(&e)))?;
    Ok(file)
}

/// The problem of a schedules file that serde_json could not read.
fn json_error(e: &serde_json::Error) -> Problem {
    Problem::SchedulesJson {
        message: e.to_string(),
    }
}

/// A JSON value as the shared validators ([`crate::input`]) see it (objects and arrays skipped).
#[derive(Debug)]
struct Json(Scalar<'static>);

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor).map(Json)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Scalar<'static>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(v))
    }

    // JSON numbers are read as JS reads them: to the nearest f64.
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Number(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Scalar::Number(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Scalar::Number(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(v.to_string())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other("an array".to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other("an object".to_string()))
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar<'static>, D::Error> {
    Json::deserialize(d).map(|j| j.0)
}

// The field deserializers below fail with a `Problem`'s message as serde's custom error; the file
// error around it is a `SchedulesJson` (a type error), so only the message of that `Problem`
// counts, not its kind.

fn user_id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    input::user_id(scalar(d)?)
        .map(Cow::into_owned)
        .map_err(|e| de::Error::custom(e.problem()))
}

fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match scalar(d)? {
        Scalar::Missing | Scalar::Null => Ok(false),
        Scalar::Bool(b) => Ok(b),
        other => Err(de::Error::custom(Problem::NotBoolean {
            got: other.describe(),
        })),
    }
}

fn closed<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match scalar(d)? {
        Scalar::Missing | Scalar::Null => Ok(false),
        Scalar::Bool(b) => Ok(b),
        Scalar::Number(n) if n == 0.0 || n == 1.0 => Ok(n == 1.0),
        other => Err(de::Error::custom(Problem::NotFlag {
            got: other.describe(),
        })),
    }
}

fn optional_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match scalar(d)? {
        Scalar::Missing | Scalar::Null => Ok(None),
        Scalar::Str(s) => Ok(Some(s.into_owned())),
        other => Err(de::Error::custom(Problem::NotString {
            got: other.describe(),
        })),
    }
}

fn kind<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match scalar(d)? {
        Scalar::Str(s) => Ok(s.into_owned()),
        other => Err(de::Error::custom(Problem::NotRuleKind {
            got: other.describe(),
        })),
    }
}

fn dow<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match scalar(d)? {
        Scalar::Missing | Scalar::Null => Ok(None),
        // An integer below 10^15: the cast is exact (its range is checked on compiling).
        Scalar::Number(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 => {
            Ok(Some(n as i64))
        }
        other => Err(de::Error::custom(Problem::NotDow {
            got: other.describe(),
        })),
    }
}

/// `[{start, end}]`, each an epoch-ms value.
fn segments<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<(u64, u64)>>, D::Error> {
    #[derive(Deserialize)]
    struct Segment {
        #[serde(deserialize_with = "epoch_ms")]
        start: u64,
        #[serde(deserialize_with = "epoch_ms")]
        end: u64,
    }
    let segments: Option<Vec<Segment>> = Option::deserialize(d)?;
    Ok(segments.map(|v| v.into_iter().map(|s| (s.start, s.end)).collect()))
}

fn epoch_ms<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    input::epoch_ms(&scalar(d)?, "").map_err(|e| de::Error::custom(e.problem()))
}

impl RawRule {
    /// A `weekly` rule: on weekday `dow` (0 = Sunday) from `start` to `end` (`"HH:MM"`).
    ///
    /// ```
    /// use agent_kpis_core::schedule::raw::RawRule;
    /// let monday = RawRule::weekly(1, "09:00", "17:00");
    /// assert_eq!(monday.kind, "weekly");
    /// ```
    pub fn weekly(dow: i64, start: &str, end: &str) -> Self {
        RawRule {
            kind: "weekly".into(),
            dow: Some(dow),
            start_time: Some(start.into()),
            end_time: Some(end.into()),
            ..RawRule::default()
        }
    }
}
