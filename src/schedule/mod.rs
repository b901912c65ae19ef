//! Agent schedules: the platform's time-schedule rules (weekly, date, date_range; IANA zones) or
//! absolute segments, compiled to on-shift intervals.

pub mod raw;
