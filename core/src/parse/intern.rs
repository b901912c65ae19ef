//! Parsing straight into a [`Batch`]: the events [`super::parse`] would hand to
//! `|e| batch.push(store, e)`, with the same checks, ids and errors, but names looked up by their
//! bytes in per-parse [`NameCache`]s before the store's interners.

use crate::error::{InputError, Problem};
use crate::ids::{CANONICAL_STATUSES, MAX_NAME_BYTES, NO_REASON};
use crate::input::Scalar;
use crate::parse::csv::Rows;
use crate::parse::json::{self, Events, Val};
use crate::parse::names::NameCache;
use crate::parse::options::Reading;
use crate::statusmap::{ReasonRule, StatusMap};
use crate::store::{Batch, EventRef, EventStore};

/// A store and the batch its events are staged in, with a name cache per interner, reading as
/// `read` says.
///
/// With a status map, the statuses' cache gives an index into `mapped` instead of a store id:
/// what the raw status becomes (the store's id of its target, and the reason's id when the rule
/// replaces or drops the reason), found once per distinct raw status. Raw statuses that are
/// mapped are never interned, and targets and replacement reasons are interned when first met,
/// as [`Batch::push`] of the mapped events would intern them: the same ids.
pub(super) struct Interning<'s, 'o> {
    store: &'s mut EventStore,
    batch: &'s mut Batch,
    agents: NameCache,
    statuses: NameCache,
    reasons: NameCache,
    read: Reading<'o>,
    mapped: Vec<(u32, Option<u32>)>,
}

/// The error for bytes a cache was given that are not UTF-8 (never: callers validate them).
fn not_utf8() -> InputError {
    InputError::new("", Problem::InvalidUtf8)
}

/// What the raw status `raw` becomes under `map`: its target's id in `store` and, when the rule
/// replaces or drops the reason, the reason's id (interned in `store` in that order, as
/// [`Batch::push`] interns the mapped event's).
fn resolve(
    map: &StatusMap,
    store: &mut EventStore,
    raw: &str,
) -> Result<(u32, Option<u32>), InputError> {
    let Some(rule) = map.rule(raw) else {
        return Ok((store.intern_status(raw)?, None));
    };
    let status =
        store.intern_status(CANONICAL_STATUSES.get(rule.status).copied().unwrap_or(raw))?;
    let reason = match &rule.reason {
        ReasonRule::Keep => None,
        ReasonRule::Drop => Some(NO_REASON),
        ReasonRule::Set(r) => Some(store.intern_reason(Some(r))?),
    };
    Ok((status, reason))
}

impl<'s, 'o> Interning<'s, 'o> {
    pub(super) fn new(store: &'s mut EventStore, batch: &'s mut Batch, read: Reading<'o>) -> Self {
        Interning {
            store,
            batch,
            agents: NameCache::default(),
            statuses: NameCache::default(),
            reasons: NameCache::default(),
            read,
            mapped: Vec::new(),
        }
    }

    /// Stages a valid event given as bytes (UTF-8): `user` and `status` non-empty, every name at
    /// most [`MAX_NAME_BYTES`] long, `ts` at most [`crate::ids::MAX_TS`]. The same checks, in the
    /// same order, as [`Batch::push`] makes of such an event (only the horizon can fail).
    #[inline]
    fn push_valid(
        &mut self,
        user: &[u8],
        ts: u64,
        status: &[u8],
        reason: &[u8],
    ) -> Result<(), InputError> {
        self.store.check_ts_in_log(ts)?;
        let store = &mut *self.store;
        let agent = self.agents.id(user, |s| store.intern_agent(s), not_utf8)?;
        let (status, replaced) = match self.read.map {
            None => (
                self.statuses
                    .id(status, |s| store.intern_status(s), not_utf8)?,
                None,
            ),
            Some(map) => {
                let mapped = &mut self.mapped;
                let i = self.statuses.id(
                    status,
                    |s| {
                        mapped.push(resolve(map, store, s)?);
                        Ok(mapped.len() as u32 - 1)
                    },
                    not_utf8,
                )?;
                self.mapped
                    .get(i as usize)
                    .copied()
                    .ok_or_else(|| InputError::new("", Problem::UnknownId { what: "status" }))?
            }
        };
        let reason = match replaced {
            Some(r) => r,
            None if reason.is_empty() => NO_REASON,
            None => self
                .reasons
                .id(reason, |s| store.intern_reason(Some(s)), not_utf8)?,
        };
        self.batch.push_ids(agent, ts, status, reason);
        Ok(())
    }

    /// Stages an event the slow way, its status mapped.
    fn push(&mut self, event: EventRef<'_>) -> Result<(), InputError> {
        let event = match self.read.map {
            Some(map) => map.map(event),
            None => event,
        };
        self.batch.push(self.store, event)
    }
}

impl Events for Interning<'_, '_> {
    fn fast(&mut self, fields: &[Val<'_>; 4]) -> Result<(), InputError> {
        let fits = |b: &[u8]| !b.is_empty() && b.len() <= MAX_NAME_BYTES;
        // A user id string, or an integer (whose digits are its `String(n)`: JSON has no leading
        // zeros, and at most 15 digits are exact).
        let [user, ts, status, reason] = *fields;
        let user = match user {
            Val::Str(u) | Val::Int(u, _) if fits(u) => Some(u),
            _ => None,
        };
        let ts = match ts {
            Val::Int(_, t) if !self.read.seconds => Some(t),
            Val::Int(_, t) => self.read.scale(t),
            // An ISO-8601 date-time (an error goes the slow way, for its message).
            Val::Str(t) => std::str::from_utf8(t)
                .ok()
                .and_then(|t| self.read.iso(t).ok()),
            _ => None,
        };
        let status = match status {
            Val::Str(s) if fits(s) => Some(s),
            _ => None,
        };
        let reason: Option<&[u8]> = match reason {
            Val::Missing | Val::Null => Some(b""),
            Val::Str(r) if r.len() <= MAX_NAME_BYTES => Some(r),
            _ => None,
        };
        match (user, ts, status, reason) {
            (Some(u), Some(t), Some(s), Some(r)) => self.push_valid(u, t, s, r),
            // Anything else (an error, or a name too long) the slow way, for the same message.
            _ => {
                let ts_text: &[u8] = match fields.get(1) {
                    Some(Val::Int(text, _)) => text,
                    _ => &[],
                };
                self.slow(Ok(fields.map(Val::scalar)), ts_text)
            }
        }
    }

    fn slow(
        &mut self,
        parsed: Result<[Scalar<'_>; 4], Scalar<'_>>,
        ts_text: &[u8],
    ) -> Result<(), InputError> {
        let read = self.read;
        json::deliver(parsed, ts_text, read, &mut |e| self.push(e))
    }
}

impl Rows for Interning<'_, '_> {
    fn valid(&mut self, user: &str, ts: u64, status: &str, reason: &str) -> Result<(), InputError> {
        self.push_valid(user.as_bytes(), ts, status.as_bytes(), reason.as_bytes())
    }

    fn event(&mut self, event: EventRef<'_>) -> Result<(), InputError> {
        self.push(event)
    }
}
