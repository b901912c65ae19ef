//! Schedules as a caller gives them, before validation: the platform's time-schedule objects, with
//! every value already of the right primitive type (the JS boundary and the file parsers check
//! types; [`crate::schedule`] checks values).

/// One agent's schedule: `{ user_id, bypass?, timezone?, rules? | segments? }`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawSchedule {
    /// The agent (an integer id already in decimal form).
    pub user_id: String,
    /// Overtime / ad-hoc coverage: adherence is reported as `"bypass"`.
    pub bypass: bool,
    /// IANA zone of the rules; `None` = the account zone.
    pub timezone: Option<String>,
    /// The platform's rules form (exactly one of `rules` and `segments` is `Some`).
    pub rules: Option<Vec<RawRule>>,
    /// Absolute on-shift intervals `[start, end)` in epoch ms.
    pub segments: Option<Vec<(u64, u64)>>,
}

/// One rule: `{ kind, dow?, start_date?, end_date?, is_closed?, start_time?, end_time? }`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawRule {
    /// `"weekly"`, `"date"` or `"date_range"`.
    pub kind: String,
    /// Weekday for `weekly`: 0 = Sunday … 6 = Saturday.
    pub dow: Option<i64>,
    /// `"YYYY-MM-DD"` for `date` and `date_range`.
    pub start_date: Option<String>,
    /// `"YYYY-MM-DD"` for `date_range` (inclusive).
    pub end_date: Option<String>,
    /// Whether the date(s) are closed (off shift all day); `0/1` are read as booleans.
    pub is_closed: bool,
    /// `"HH:MM"` local wall-clock start.
    pub start_time: Option<String>,
    /// `"HH:MM"` local wall-clock end (`"24:00"` allowed; `<= start_time` means overnight).
    pub end_time: Option<String>,
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
