//! Parsing straight into a [`Batch`]: the events [`super::parse`] would hand to
//! `|e| batch.push(store, e)`, with the same checks, ids and errors, but names looked up by their
//! bytes in per-parse [`NameCache`]s before the store's interners.

use crate::error::{InputError, Problem};
use crate::ids::{CANONICAL_STATUSES, MAX_NAME_BYTES, MAX_TS, NO_REASON};
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
/// With a status map, the statuses' cache gives the store's id of the raw status's target, or,
/// when the rule replaces or drops the reason, an index into `mapped` (see [`status_id`]); either
/// is found once per distinct raw status. Raw statuses that are mapped are never interned, and
/// targets and replacement reasons are interned when first met, as [`Batch::push`] of the mapped
/// events would intern them: the same ids.
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

/// Marks a statuses' cache id that is an index into `Interning::mapped` (the rest of the bits)
/// rather than a store id.
const VIA_TABLE: u32 = 1 << 31;

/// The statuses' cache id of the raw status `raw` (a cache miss): the store's id of what it
/// becomes under `map` (itself without a map), or, when the rule replaces or drops the reason (or
/// the id has the [`VIA_TABLE`] bit, which no real log reaches), [`VIA_TABLE`] and the index in
/// `mapped` of the status and reason ids. So the usual event pays one bit test for the map.
#[cold]
#[inline(never)]
fn status_id(
    map: Option<&StatusMap>,
    store: &mut EventStore,
    mapped: &mut Vec<(u32, Option<u32>)>,
    raw: &str,
) -> Result<u32, InputError> {
    let (status, reason) = match map {
        None => (store.intern_status(raw)?, None),
        Some(map) => resolve(map, store, raw)?,
    };
    if reason.is_none() && status & VIA_TABLE == 0 {
        return Ok(status);
    }
    let index = u32::try_from(mapped.len())
        .ok()
        .filter(|&i| i & VIA_TABLE == 0)
        .ok_or_else(|| InputError::new("status", Problem::TooManyDistinct { what: "statuses" }))?;
    mapped.push((status, reason));
    Ok(index | VIA_TABLE)
}

/// The status and reason ids a [`VIA_TABLE`] cache id stands for.
#[cold]
#[inline(never)]
fn from_table(mapped: &[(u32, Option<u32>)], id: u32) -> Result<(u32, Option<u32>), InputError> {
    mapped
        .get((id & !VIA_TABLE) as usize)
        .copied()
        .ok_or_else(|| InputError::new("", Problem::UnknownId { what: "status" }))
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
        let map = self.read.map;
        let mapped = &mut self.mapped;
        let status = self
            .statuses
            .id(status, |s| status_id(map, store, mapped, s), not_utf8)?;
        let (status, replaced) = if status & VIA_TABLE == 0 {
            (status, None)
        } else {
            from_table(&self.mapped, status)?
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
            _ => self.fast_other(fields),
        }
    }

    fn slow(
        &mut self,
        parsed: Result<[Scalar<'_>; 4], Scalar<'_>>,
        ts_text: &[u8],
    ) -> Result<(), InputError> {
        let read = self.read;
        json::deliver(parsed, ts_text, read, &mut |e| self.push_checked(e))
    }
}

impl Interning<'_, '_> {
    /// An event the general scanner read and [`json::deliver`] checked: through the name caches
    /// when its names fit (as [`Interning::push_valid`] requires: then the same checks, ids and
    /// errors as [`Batch::push`]), else the slow way for the store's message.
    fn push_checked(&mut self, e: EventRef<'_>) -> Result<(), InputError> {
        let fits = |s: &str| !s.is_empty() && s.len() <= MAX_NAME_BYTES;
        let reason = e.reason.unwrap_or_default();
        if fits(e.user_id) && fits(e.status) && reason.len() <= MAX_NAME_BYTES && e.ts <= MAX_TS {
            self.push_valid(
                e.user_id.as_bytes(),
                e.ts,
                e.status.as_bytes(),
                reason.as_bytes(),
            )
        } else {
            self.push(e)
        }
    }
}

impl Interning<'_, '_> {
    /// A fast-path event whose `ts` is not an integer of ms: an integer of seconds, an ISO-8601
    /// string, or an error; or whose names are too long. Kept out of [`Events::fast`] so that the
    /// usual event pays nothing for it.
    #[cold]
    #[inline(never)]
    fn fast_other(&mut self, fields: &[Val<'_>; 4]) -> Result<(), InputError> {
        let fits = |b: &[u8]| !b.is_empty() && b.len() <= MAX_NAME_BYTES;
        let [user, ts, status, reason] = *fields;
        let valid = match (user, status, reason) {
            (Val::Str(u) | Val::Int(u, _), Val::Str(s), Val::Missing | Val::Null | Val::Str(_))
                if fits(u) && fits(s) =>
            {
                match reason {
                    Val::Str(r) if r.len() > MAX_NAME_BYTES => None,
                    Val::Str(r) => Some((u, s, r)),
                    _ => Some((u, s, &b""[..])),
                }
            }
            _ => None,
        };
        let ts_text: &[u8] = match ts {
            Val::Int(text, _) => text,
            _ => &[],
        };
        let ms = match ts {
            Val::Int(_, t) => self.read.scale(t),
            // An ISO-8601 date-time (an error goes the slow way, for its message).
            Val::Str(t) => std::str::from_utf8(t)
                .ok()
                .and_then(|t| self.read.iso(t).ok()),
            _ => None,
        };
        match (valid, ms) {
            (Some((u, s, r)), Some(t)) => self.push_valid(u, t, s, r),
            // Anything else (an error, or a name too long) the slow way, for the same message.
            _ => self.slow(Ok(fields.map(Val::scalar)), ts_text),
        }
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
