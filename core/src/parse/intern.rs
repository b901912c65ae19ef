//! Parsing straight into a [`Batch`]: the events [`super::parse`] would hand to
//! `|e| batch.push(store, e)`, with the same checks, ids and errors, but names looked up by their
//! bytes in per-parse [`NameCache`]s before the store's interners.

use crate::error::{InputError, Problem};
use crate::ids::{MAX_NAME_BYTES, NO_REASON};
use crate::input::Scalar;
use crate::parse::csv::Rows;
use crate::parse::json::{self, Events, Val};
use crate::parse::names::NameCache;
use crate::store::{Batch, EventRef, EventStore};

/// A store and the batch its events are staged in, with a name cache per interner.
pub(super) struct Interning<'s> {
    store: &'s mut EventStore,
    batch: &'s mut Batch,
    agents: NameCache,
    statuses: NameCache,
    reasons: NameCache,
}

/// The error for bytes a cache was given that are not UTF-8 (never: callers validate them).
fn not_utf8() -> InputError {
    InputError::new("", Problem::InvalidUtf8)
}

impl<'s> Interning<'s> {
    pub(super) fn new(store: &'s mut EventStore, batch: &'s mut Batch) -> Self {
        Interning {
            store,
            batch,
            agents: NameCache::default(),
            statuses: NameCache::default(),
            reasons: NameCache::default(),
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
        let status = self
            .statuses
            .id(status, |s| store.intern_status(s), not_utf8)?;
        let reason = if reason.is_empty() {
            NO_REASON
        } else {
            self.reasons
                .id(reason, |s| store.intern_reason(Some(s)), not_utf8)?
        };
        self.batch.push_ids(agent, ts, status, reason);
        Ok(())
    }
}

impl Events for Interning<'_> {
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
            Val::Int(_, t) => Some(t),
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
            _ => self.slow(Ok(fields.map(Val::scalar))),
        }
    }

    fn slow(&mut self, parsed: Result<[Scalar<'_>; 4], Scalar<'_>>) -> Result<(), InputError> {
        json::deliver(parsed, &mut |e| self.batch.push(self.store, e))
    }
}

impl Rows for Interning<'_> {
    fn valid(&mut self, user: &str, ts: u64, status: &str, reason: &str) -> Result<(), InputError> {
        self.push_valid(user.as_bytes(), ts, status.as_bytes(), reason.as_bytes())
    }

    fn event(&mut self, event: EventRef<'_>) -> Result<(), InputError> {
        self.batch.push(self.store, event)
    }
}
