//! The status map (issue 18, item 3): raw statuses of another platform's flat log (Five9, NICE,
//! FreeSWITCH exports, a home-grown CSV) → the platform's canonical statuses, optionally with a
//! reason: `{ "Available": "ready", "Lunch": { "status": "paused", "reason": "lunch" } }`.
//!
//! Rules:
//! - Keys are raw statuses, matched exactly (case-sensitive, as statuses are everywhere else);
//!   statuses with no key pass through unchanged (the rule without a map).
//! - A target must be one of the nine canonical statuses ([`crate::CANONICAL_STATUSES`]): a map
//!   exists to reach the canonical KPIs (occupancy, ready, paused), so a typo such as `"redy"`
//!   would silently make a new status; it is a range error naming the key instead.
//! - The reason: a string target keeps the event's own reason; an object's `"reason": "lunch"`
//!   replaces it, `"reason": null` (or `""`) drops it, and no `reason` key keeps it.
//! - The map is applied once, to the status as read: a target is never looked up again (so
//!   `{ "ready": "idle", "idle": "ready" }` swaps the two).

use std::collections::HashMap;

use crate::error::{describe_number, quote_excerpt, InputError, Problem};
use crate::ids::{CANONICAL_STATUSES, MAX_NAME_BYTES, NO_REASON};
use crate::input::check_name;
use crate::store::{Batch, EventRef, EventStore};

/// Raw status → canonical status (and reason); see the module documentation for the rules.
#[derive(Clone, Debug, Default)]
pub struct StatusMap {
    rules: HashMap<Box<str>, Rule>,
}

/// What one raw status becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    /// The target's index in [`CANONICAL_STATUSES`] (also its id in every store).
    pub status: usize,
    pub reason: ReasonRule,
}

/// What a mapped event's reason becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ReasonRule {
    /// The event's own.
    Keep,
    /// None.
    Drop,
    /// This one.
    Set(Box<str>),
}

impl Rule {
    /// The target status's name.
    pub(crate) fn status_name(&self) -> &'static str {
        CANONICAL_STATUSES.get(self.status).copied().unwrap_or("")
    }
}

impl StatusMap {
    /// An empty map (every status passes through).
    pub fn new() -> Self {
        StatusMap::default()
    }

    /// Maps the raw status `raw` to `status`. `reason`: `None` keeps the event's own reason,
    /// `Some(None)` (or `Some(Some(""))`) drops it, `Some(Some(r))` replaces it with `r`. A second
    /// insert of the same `raw` replaces the first.
    ///
    /// Errors, all at `path` (the caller's name for this entry, e.g. `statusMap["Lunch"]`):
    /// [`Problem::NotCanonicalStatus`] when `status` is not one of the nine canonical statuses;
    /// [`Problem::Empty`] for an empty `raw`; [`Problem::TooLong`] for a `raw` or a reason longer
    /// than [`MAX_NAME_BYTES`].
    pub fn insert(
        &mut self,
        raw: &str,
        status: &str,
        reason: Option<Option<&str>>,
        path: &str,
    ) -> Result<(), InputError> {
        check_name(raw, path)?;
        let index = canonical(status, path)?;
        let reason = match reason {
            None => ReasonRule::Keep,
            Some(None | Some("")) => ReasonRule::Drop,
            Some(Some(r)) => {
                check_name(r, path)?;
                ReasonRule::Set(r.into())
            }
        };
        let rule = Rule {
            status: index,
            reason,
        };
        self.rules.insert(raw.into(), rule);
        Ok(())
    }

    /// Reads a map from JSON text (an optional UTF-8 byte-order mark first), as the CLI's
    /// `--status-map FILE` and the dashboard give it: an object whose keys are raw statuses and
    /// whose values are a canonical status (`"ready"`) or an object `{ "status": "paused",
    /// "reason": "lunch" }` (`reason` optional: a string replaces the event's reason, `null` drops
    /// it, absent keeps it; no other key).
    ///
    /// Errors name the place: `statusMap: invalid JSON: …` ([`Problem::StatusMapJson`]),
    /// `statusMap: expected an object …` ([`Problem::NotStatusMapObject`]),
    /// `statusMap["Lunch"]: expected a canonical status or an object { status, reason }, got 5`,
    /// `statusMap["Avail"]: expected one of the canonical statuses …, got "redy"`,
    /// `statusMap["Lunch"].status: …`, `statusMap["Lunch"].reason: …`, `statusMap["Lunch"]:
    /// unknown key "statu"; …`. Keys are checked in sorted order, so the first error is the same
    /// on every run.
    pub fn from_json(text: &[u8]) -> Result<StatusMap, InputError> {
        use serde_json::Value;
        const PATH: &str = "statusMap";
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        let value: Value = serde_json::from_slice(text).map_err(|e| {
            let message = e.to_string();
            InputError::new(PATH, Problem::StatusMapJson { message })
        })?;
        let Value::Object(entries) = value else {
            let got = describe(&value);
            return Err(InputError::new(PATH, Problem::NotStatusMapObject { got }));
        };
        let mut map = StatusMap::new();
        for (raw, target) in &entries {
            let path = format!("{PATH}[{}]", quote_excerpt(raw));
            match target {
                Value::String(status) => map.insert(raw, status, None, &path)?,
                Value::Object(rule) => {
                    if let Some(key) = rule.keys().find(|k| *k != "status" && *k != "reason") {
                        let name = key.clone();
                        return Err(InputError::new(
                            path,
                            Problem::UnknownStatusRuleKey { name },
                        ));
                    }
                    let status = match rule.get("status") {
                        Some(Value::String(s)) => s.as_str(),
                        other => {
                            let got = other.map_or_else(|| "missing".to_string(), describe);
                            let path = format!("{path}.status");
                            return Err(InputError::new(path, Problem::NotString { got }));
                        }
                    };
                    let reason_path = format!("{path}.reason");
                    let reason = match rule.get("reason") {
                        None => None,
                        Some(Value::Null) => Some(None),
                        Some(Value::String(r)) => {
                            if r.len() > MAX_NAME_BYTES {
                                check_name(r, &reason_path)?;
                            }
                            Some(Some(r.as_str()))
                        }
                        Some(other) => {
                            let got = describe(other);
                            return Err(InputError::new(
                                reason_path,
                                Problem::NotOptionalString { got },
                            ));
                        }
                    };
                    map.insert(raw, status, reason, &format!("{path}.status"))?;
                }
                other => {
                    let got = describe(other);
                    return Err(InputError::new(path, Problem::NotStatusRule { got }));
                }
            }
        }
        Ok(map)
    }

    /// The rule for a raw status, if it has one.
    #[inline]
    pub(crate) fn rule(&self, raw: &str) -> Option<&Rule> {
        self.rules.get(raw)
    }

    /// `event` with its status mapped (and its reason, as the rule says); unmapped statuses
    /// unchanged. The per-event path (a hash lookup an event); for events already staged in a
    /// [`Batch`], [`StatusMap::apply`] is cheaper.
    pub fn map<'a>(&'a self, event: EventRef<'a>) -> EventRef<'a> {
        let Some(rule) = self.rule(event.status) else {
            return event;
        };
        let reason = match &rule.reason {
            ReasonRule::Keep => event.reason,
            ReasonRule::Drop => None,
            ReasonRule::Set(r) => Some(&**r),
        };
        EventRef {
            status: rule.status_name(),
            reason,
            ..event
        }
    }

    /// Rewrites the staged events of `batch` (their ids interned in `store`) through the map:
    /// a table of what each of the store's status ids becomes is built once (one lookup per
    /// distinct status, not per event), then one pass over the batch. Replacement reasons are
    /// interned in `store` when first used, in event order. Unmapped statuses are left as they
    /// are.
    ///
    /// The raw statuses stay in the store's status table (they were interned when the events
    /// were staged); a reader that maps before interning ([`crate::parse::parse_into_with`]) never
    /// interns them. Errors (nothing rewritten): `UnknownId` for a status id `store` did not give;
    /// `TooManyDistinct` when a replacement reason does not fit in the reason table.
    pub fn apply(&self, store: &mut EventStore, batch: &mut Batch) -> Result<(), InputError> {
        if self.is_empty() || batch.is_empty() {
            return Ok(());
        }
        // Per status id: its target and reason rule, if mapped.
        let names = store.statuses();
        let mut table: Vec<Option<(u32, &ReasonRule)>> = (0..names.len() as u32)
            .map(|id| {
                self.rule(names.name(id))
                    .map(|r| (r.status as u32, &r.reason))
            })
            .collect();
        let (statuses, reasons) = batch.statuses_and_reasons_mut();
        // First pass: check the ids and intern the replacement reasons in first-use order (so a
        // failure rewrites nothing).
        let mut set_reason: Vec<Option<u32>> = vec![None; table.len()];
        for &s in statuses.iter() {
            let entry = table
                .get(s as usize)
                .ok_or_else(|| InputError::new("", Problem::UnknownId { what: "status" }))?;
            if let (Some((_, ReasonRule::Set(r))), Some(slot @ None)) =
                (entry, set_reason.get_mut(s as usize))
            {
                *slot = Some(store.intern_reason(Some(r))?);
            }
        }
        // The targets are canonical: their ids are their indexes in every store. Fold the reason
        // rule into an id (`None`: keep).
        let rewrite: Vec<Option<(u32, Option<u32>)>> = table
            .drain(..)
            .zip(set_reason)
            .map(|(entry, set)| {
                entry.map(|(target, rule)| {
                    let reason = match rule {
                        ReasonRule::Keep => None,
                        ReasonRule::Drop => Some(NO_REASON),
                        ReasonRule::Set(_) => set,
                    };
                    (target, reason)
                })
            })
            .collect();
        for (s, r) in statuses.iter_mut().zip(reasons.iter_mut()) {
            if let Some(Some((target, reason))) = rewrite.get(*s as usize) {
                *s = *target;
                if let Some(reason) = reason {
                    *r = *reason;
                }
            }
        }
        Ok(())
    }

    /// Whether the map has no entry (every status passes through).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Number of mapped raw statuses.
    pub fn len(&self) -> usize {
        self.rules.len()
    }
}

/// The index of a canonical status, or the error naming `path`.
fn canonical(status: &str, path: &str) -> Result<usize, InputError> {
    CANONICAL_STATUSES
        .iter()
        .position(|&c| c == status)
        .ok_or_else(|| {
            let got = status.to_string();
            InputError::new(path, Problem::NotCanonicalStatus { got })
        })
}

/// How messages name a JSON value.
fn describe(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), describe_number),
        Value::String(s) => quote_excerpt(s),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}
