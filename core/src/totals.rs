//! Milliseconds per status and per (status, reason): [`Totals`], sparse and sorted by id, and
//! [`StatusSums`], the dense accumulator a query sums a window into.

use crate::ids::NO_REASON;

/// Milliseconds per status id and per (status id, reason id), sparse, sorted by id; zeros dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// `(status id, ms)`, by status id.
    pub status_ms: Vec<(u32, u64)>,
    /// `(status id, reason id, ms)`, by status then reason id.
    pub reason_ms: Vec<(u32, u32, u64)>,
}

impl Totals {
    /// Adds `ms` to `status` (and to `(status, reason)` unless `reason` is [`NO_REASON`]).
    pub fn add(&mut self, status: u32, reason: u32, ms: u64) {
        if ms == 0 {
            return;
        }
        match self.status_ms.binary_search_by_key(&status, |&(s, _)| s) {
            Ok(i) => {
                if let Some(slot) = self.status_ms.get_mut(i) {
                    slot.1 += ms;
                }
            }
            Err(i) => self.status_ms.insert(i, (status, ms)),
        }
        if reason == NO_REASON {
            return;
        }
        match self
            .reason_ms
            .binary_search_by_key(&(status, reason), |&(s, r, _)| (s, r))
        {
            Ok(i) => {
                if let Some(slot) = self.reason_ms.get_mut(i) {
                    slot.2 += ms;
                }
            }
            Err(i) => self.reason_ms.insert(i, (status, reason, ms)),
        }
    }

    /// `self − earlier`, where `earlier` is a cumulative total at an earlier time (so every entry
    /// of `earlier` is at most the matching entry of `self`); entries that become 0 are dropped.
    pub fn minus(&self, earlier: &Totals) -> Totals {
        let status_ms = self
            .status_ms
            .iter()
            .filter_map(|&(s, ms)| {
                let before = earlier
                    .status_ms
                    .iter()
                    .find(|&&(e, _)| e == s)
                    .map_or(0, |e| e.1);
                let d = ms.saturating_sub(before);
                (d > 0).then_some((s, d))
            })
            .collect();
        let reason_ms = self
            .reason_ms
            .iter()
            .filter_map(|&(s, r, ms)| {
                let before = earlier
                    .reason_ms
                    .iter()
                    .find(|&&(es, er, _)| (es, er) == (s, r))
                    .map_or(0, |e| e.2);
                let d = ms.saturating_sub(before);
                (d > 0).then_some((s, r, d))
            })
            .collect();
        Totals {
            status_ms,
            reason_ms,
        }
    }

    /// Sparse totals from milliseconds per status id (dense: the index is the id) and
    /// `(status, reason, ms)` entries in any order: the entries above 0, sorted by id.
    pub fn from_dense(
        status_ms: impl IntoIterator<Item = u64>,
        mut reason_ms: Vec<(u32, u32, u64)>,
    ) -> Totals {
        reason_ms.retain(|e| e.2 > 0);
        reason_ms.sort_unstable_by_key(|&(s, r, _)| (s, r));
        Totals {
            status_ms: (0u32..).zip(status_ms).filter(|&(_, ms)| ms > 0).collect(),
            reason_ms,
        }
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.status_ms.capacity() * 16 + self.reason_ms.capacity() * 16 + 48
    }
}

/// A window's totals while they are summed: milliseconds per status id in a dense array (an
/// index instead of a search per event), reasons sparse (few agents have many). Entries only grow
/// and shrink by exact pieces of one `F(now) − F(since)`, so no entry goes below 0.
///
/// One `StatusSums` is reused across the agents of a query ([`StatusSums::clear`] keeps its allocations).
#[derive(Clone, Debug, Default)]
pub struct StatusSums {
    ms: Vec<u64>,
    reasons: Vec<(u32, u32, u64)>,
}

impl StatusSums {
    /// Every entry back to 0, allocations kept.
    pub fn clear(&mut self) {
        self.ms.fill(0);
        self.reasons.clear();
    }

    /// `(status id, ms)` of every status above 0, by id.
    pub fn statuses(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        (0u32..)
            .zip(self.ms.iter().copied())
            .filter(|&(_, ms)| ms > 0)
    }

    /// `(status, reason, ms)` of every entry above 0, sorted by status then reason id.
    pub fn reasons(&mut self) -> &[(u32, u32, u64)] {
        if !self.reasons.is_empty() {
            self.reasons.retain(|e| e.2 > 0);
            self.reasons.sort_unstable_by_key(|&(s, r, _)| (s, r));
        }
        &self.reasons
    }

    /// Becomes a copy of `other` (allocations reused).
    pub(crate) fn copy_from(&mut self, other: &StatusSums) {
        self.ms.clone_from(&other.ms);
        self.reasons.clone_from(&other.reasons);
    }

    /// Becomes the sparse totals `t`.
    pub(crate) fn set_totals(&mut self, t: &Totals) {
        self.clear();
        self.add_totals(t);
    }

    /// Adds (or, with `add` false, takes) every entry of `other`.
    pub(crate) fn add_dense(&mut self, other: &StatusSums, add: bool) {
        if self.ms.len() < other.ms.len() {
            self.ms.resize(other.ms.len(), 0);
        }
        let pairs = self.ms.iter_mut().zip(&other.ms);
        if add {
            pairs.for_each(|(a, &b)| *a += b);
        } else {
            pairs.for_each(|(a, &b)| *a = a.saturating_sub(b));
        }
        for &(s, r, ms) in &other.reasons {
            if let Some(slot) = self.reason(s, r) {
                *slot = if add {
                    *slot + ms
                } else {
                    slot.saturating_sub(ms)
                };
            }
        }
    }

    /// Approximate heap bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.ms.capacity() * 8 + self.reasons.capacity() * 16
    }

    /// The slot of `status`, grown on demand.
    #[inline]
    fn slot(&mut self, status: u32) -> Option<&mut u64> {
        let i = status as usize;
        if i >= self.ms.len() {
            self.ms.resize(i + 1, 0);
        }
        self.ms.get_mut(i)
    }

    /// The entry of `(status, reason)`, added on demand.
    fn reason(&mut self, status: u32, reason: u32) -> Option<&mut u64> {
        reason_entry(&mut self.reasons, status, reason)
    }

    /// Adds `ms` to `status` (and to `(status, reason)` unless it is [`NO_REASON`]).
    #[inline]
    pub(crate) fn add(&mut self, status: u32, reason: u32, ms: u64) {
        if ms == 0 {
            return;
        }
        if let Some(slot) = self.slot(status) {
            *slot += ms;
        }
        if reason != NO_REASON {
            if let Some(slot) = self.reason(status, reason) {
                *slot += ms;
            }
        }
    }

    /// Takes `ms` back from `status` (and `(status, reason)`); see the type's note on why it
    /// cannot go below 0 (saturating anyway).
    #[inline]
    pub(crate) fn sub(&mut self, status: u32, reason: u32, ms: u64) {
        if ms == 0 {
            return;
        }
        if let Some(slot) = self.slot(status) {
            *slot = slot.saturating_sub(ms);
        }
        if reason != NO_REASON {
            if let Some(slot) = self.reason(status, reason) {
                *slot = slot.saturating_sub(ms);
            }
        }
    }

    pub(crate) fn add_totals(&mut self, t: &Totals) {
        for &(s, ms) in &t.status_ms {
            self.add(s, NO_REASON, ms);
        }
        for &(s, r, ms) in &t.reason_ms {
            if let Some(slot) = self.reason(s, r) {
                *slot += ms;
            }
        }
    }

    /// The sparse [`Totals`]: entries above 0, sorted by id.
    #[cfg(test)]
    pub(crate) fn into_totals(self) -> Totals {
        Totals::from_dense(self.ms, self.reasons)
    }
}

/// The milliseconds of `(status, reason)` in an unsorted list of such entries, the entry added (at
/// 0) if it is not there yet.
pub fn reason_entry(list: &mut Vec<(u32, u32, u64)>, status: u32, reason: u32) -> Option<&mut u64> {
    let at = match list
        .iter()
        .position(|&(s, r, _)| (s, r) == (status, reason))
    {
        Some(i) => i,
        None => {
            list.push((status, reason, 0));
            list.len() - 1
        }
    };
    list.get_mut(at).map(|e| &mut e.2)
}
