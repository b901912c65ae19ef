//! Cumulative totals and checkpoints: any window of a timeline in O(log n + K) instead of O(n).
//!
//! `F(t)` is the time each status (and each status+reason) has accumulated from an agent's first
//! event up to `t`. A window `[since, now]` is `F(now) − F(since)`: exactly the clipped fold (each
//! interval counted only inside the window), since an interval `[ts_j, ts_{j+1})` contributes `overlap([ts_j, ts_{j+1}), [since, now))`
//! = its part before `now` minus its part before `since`. Every [`CHECKPOINT_EVERY`] events the
//! timeline keeps `F(ts[c·K])`; `F(t)` is the checkpoint before `t` plus a walk of at most K events.
//!
//! Window lookups also leave memos: `F` at the event in effect at a looked-up time (at most
//! [`MEMOS`] per timeline, least recently used replaced). A dashboard repeats its windows every
//! second with the same starts and a later `now`: the starts then hit their memos (no search, no
//! walk) and `now` walks on from the previous `now`'s memo over the events appended since. Late
//! events and compaction drop the memos they invalidate, as they do checkpoints.

use crate::totals::{StatusSums, Totals};

/// Events between two checkpoints.
pub const CHECKPOINT_EVERY: usize = 64;

/// `F(ts[c·K])` for c = 0, 1, …: the cumulative totals at every K-th event of a sorted timeline.
#[derive(Clone, Debug, Default)]
pub struct Checkpoints {
    points: Vec<Totals>,
    /// `F` at the events of recent window lookups (see [`Memo`]), at most [`MEMOS`].
    memos: Vec<Memo>,
    /// Lookups so far, to find the least recently used memo.
    clock: u64,
}

/// Most memos a timeline keeps: the starts of up to three windows a dashboard asks for every
/// second (say shift start, last hour, last 30 minutes) plus their common end, `now`.
pub const MEMOS: usize = 4;

/// `F(ts[at])` remembered from a window lookup. A later lookup at event `at` needs neither a search
/// nor a walk, and one at a later event walks from here instead of from a checkpoint: a dashboard
/// asks for the same `since` and a `now` past the last event every second, so both of its lookups
/// cost O(events appended since the last query) per agent instead of O(log n + K).
#[derive(Clone, Debug, Default)]
struct Memo {
    at: usize,
    /// `ts[at]`, `status[at]` and `reason[at]` (they cannot change while the memo is valid): a
    /// lookup reads them here instead of in the columns.
    ts: u64,
    status: u32,
    reason: u32,
    /// `ts[at + 1]`, or `u64::MAX` when `at` was the last event (later appends may have added
    /// one: then it is read from the columns).
    next: u64,
    sums: StatusSums,
    /// The lookup count when last used.
    used: u64,
}

/// The columns of a sorted timeline, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct Columns<'a> {
    /// Sorted timestamps.
    pub ts: &'a [u64],
    /// Status ids.
    pub status: &'a [u32],
    /// Reason ids.
    pub reason: &'a [u32],
}

impl Columns<'_> {
    /// Adds to (or, with `add` false, takes from) `acc` the part before `t` of the intervals of
    /// events `from..to`.
    fn walk_dense(&self, acc: &mut StatusSums, from: usize, to: usize, t: u64, add: bool) {
        let end = to.min(self.ts.len());
        let (Some(ts), Some(status), Some(reason)) = (
            self.ts.get(from..end),
            self.status.get(from..end),
            self.reason.get(from..end),
        ) else {
            return;
        };
        let next = self.ts.get(from + 1..).unwrap_or_default();
        let ends = next.iter().copied().chain(std::iter::repeat(t));
        for (((&begin, &s), &r), next) in ts.iter().zip(status).zip(reason).zip(ends) {
            if begin >= t {
                return;
            }
            let ms = next.min(t) - begin;
            if add {
                acc.add(s, r, ms);
            } else {
                acc.sub(s, r, ms);
            }
        }
    }

    /// Adds to `totals` the part before `t` of the intervals of events `from..to`.
    fn walk(&self, totals: &mut Totals, from: usize, to: usize, t: u64) {
        for j in from..to {
            let (Some(&begin), Some(&s), Some(&r)) =
                (self.ts.get(j), self.status.get(j), self.reason.get(j))
            else {
                return;
            };
            if begin >= t {
                return;
            }
            let end = self.ts.get(j + 1).map_or(t, |&next| next.min(t));
            totals.add(s, r, end.saturating_sub(begin));
        }
    }
}

impl Checkpoints {
    /// Forgets checkpoints that depend on events at index `>= first_changed`.
    pub fn truncate(&mut self, first_changed: usize) {
        // Checkpoint c covers events before c·K and the timestamp ts[c·K]: valid iff c·K < first_changed.
        self.points
            .truncate(first_changed.div_ceil(CHECKPOINT_EVERY));
        // A memo covers events up to `at` and the timestamp ts[at + 1].
        self.memos.retain(|m| m.at + 1 < first_changed);
    }

    /// Forgets every checkpoint.
    pub fn clear(&mut self) {
        self.points.clear();
        self.memos.clear();
    }

    /// Adds the checkpoints missing for the events of `cols` (which must be sorted).
    #[inline]
    pub fn build(&mut self, cols: Columns<'_>) {
        // Usually none is missing: the check stays inline, the work does not.
        if self.points.len() * CHECKPOINT_EVERY < cols.ts.len() {
            self.build_missing(cols);
        }
    }

    fn build_missing(&mut self, cols: Columns<'_>) {
        let len = cols.ts.len();
        let mut c = self.points.len();
        while c * CHECKPOINT_EVERY < len {
            let next = match (c.checked_sub(1), cols.ts.get(c * CHECKPOINT_EVERY)) {
                (None, _) => Totals::default(),
                (Some(prev), Some(&t)) => {
                    let mut totals = self.points.get(prev).cloned().unwrap_or_default();
                    cols.walk(
                        &mut totals,
                        prev * CHECKPOINT_EVERY,
                        c * CHECKPOINT_EVERY,
                        t,
                    );
                    totals
                }
                (Some(_), None) => break,
            };
            self.points.push(next);
            c += 1;
        }
    }

    /// `F(t)`: the cumulative totals from the first event up to `t`.
    pub fn at(&self, cols: Columns<'_>, t: u64) -> Totals {
        // Events at index < i start at or before t.
        let i = cols.ts.partition_point(|&x| x <= t);
        if i == 0 {
            return Totals::default();
        }
        // Start at the last built checkpoint at or before event i − 1.
        let c = ((i - 1) / CHECKPOINT_EVERY).min(self.points.len().saturating_sub(1));
        let (mut totals, from) = match self.points.get(c) {
            Some(p) => (p.clone(), c * CHECKPOINT_EVERY),
            None => (Totals::default(), 0),
        };
        cols.walk(&mut totals, from, i, t);
        totals
    }

    /// The last built checkpoint at or before event `e` and its index.
    fn checkpoint_for(&self, e: usize) -> Option<(&Totals, usize)> {
        let c = (e / CHECKPOINT_EVERY).min(self.points.len().checked_sub(1)?);
        self.points.get(c).map(|p| (p, c * CHECKPOINT_EVERY))
    }

    /// The number of events at or before `t` (`ts[..i] <= t < ts[i..]`), searching only between
    /// the memos around `t` (none when a memo's event is the one in effect at `t`).
    fn count_until(&self, ts: &[u64], t: u64) -> usize {
        let (mut lo, mut hi) = (0, ts.len());
        let mut next = u64::MAX;
        for m in &self.memos {
            if m.ts <= t {
                if m.at + 1 > lo {
                    lo = m.at + 1;
                    next = m.next;
                }
            } else {
                hi = hi.min(m.at);
            }
        }
        // The event after the memo at or before `t` starts after `t`: the memo's event is in
        // effect (known from the memo, without reading the column).
        if (next != u64::MAX && next > t) || ts.get(lo).is_none_or(|&x| x > t) {
            return lo;
        }
        let between = ts.get(lo..hi.max(lo)).unwrap_or_default();
        lo + between.partition_point(|&x| x <= t)
    }

    /// Adds (or, with `add` false, takes) `F(t)` to `acc`, where `i >= 1` events start at or
    /// before `t`: `F(ts[i − 1])` from a memo (made or moved here if needed) plus the open part of
    /// event `i − 1` up to `t`.
    fn accumulate(&mut self, acc: &mut StatusSums, cols: Columns<'_>, t: u64, i: usize, add: bool) {
        let Some(e) = i.checked_sub(1) else {
            return;
        };
        self.clock += 1;
        let Some(memo) = self.memo_at(cols, e).and_then(|k| self.memos.get_mut(k)) else {
            return;
        };
        memo.used = self.clock;
        acc.add_dense(&memo.sums, add);
        let open = t.saturating_sub(memo.ts);
        if add {
            acc.add(memo.status, memo.reason, open);
        } else {
            acc.sub(memo.status, memo.reason, open);
        }
    }

    /// The index of a memo of `F(ts[e])`: an existing one, or one made from the nearest memo or
    /// checkpoint before `e` plus a walk. The memo walked from is moved when it is the latest one
    /// (the end of the windows, chasing `now`); otherwise a new memo is added, or the least recently
    /// used one is replaced.
    fn memo_at(&mut self, cols: Columns<'_>, e: usize) -> Option<usize> {
        let mut from: Option<usize> = None;
        for (k, m) in self.memos.iter().enumerate() {
            if m.at == e {
                return Some(k);
            }
            if m.at < e && from.is_none_or(|f| self.memos.get(f).is_some_and(|x| x.at < m.at)) {
                from = Some(k);
            }
        }
        let checkpoint = self.checkpoint_for(e).map_or(0, |(_, c)| c);
        let from = from.filter(|&k| self.memos.get(k).is_some_and(|m| m.at >= checkpoint));
        let latest = self.memos.iter().map(|m| m.at).max();
        let slot = match from {
            Some(k) if self.memos.get(k).map(|m| m.at) == latest => k,
            _ if self.memos.len() < MEMOS => {
                self.memos.push(Memo::default());
                self.memos.len() - 1
            }
            _ => (0..self.memos.len())
                .min_by_key(|&k| self.memos.get(k).map_or(0, |m| m.used))
                .unwrap_or(0),
        };
        // Start the slot at the memo walked from, or at the checkpoint.
        let mut sums = self
            .memos
            .get_mut(slot)
            .map(|m| std::mem::take(&mut m.sums))
            .unwrap_or_default();
        let start = match from.and_then(|k| self.memos.get(k).map(|m| (k, m))) {
            Some((k, m)) => {
                if k != slot {
                    sums.copy_from(&m.sums);
                }
                m.at
            }
            None => {
                match self.checkpoint_for(e) {
                    Some((point, _)) => sums.set_totals(point),
                    None => sums.clear(),
                }
                checkpoint
            }
        };
        let (Some(&ts), Some(&status), Some(&reason)) =
            (cols.ts.get(e), cols.status.get(e), cols.reason.get(e))
        else {
            // Not reached (`e` is an event of `cols`); the slot holds no valid memo.
            self.memos.swap_remove(slot);
            return None;
        };
        cols.walk_dense(&mut sums, start, e, ts, true);
        let next = cols.ts.get(e + 1).copied().unwrap_or(u64::MAX);
        if let Some(m) = self.memos.get_mut(slot) {
            *m = Memo {
                at: e,
                ts,
                status,
                reason,
                next,
                sums,
                used: m.used,
            };
        }
        Some(slot)
    }

    /// The totals of the window `[since, now]`: `F(now) − F(since)`, summed in a dense array. When
    /// the window holds fewer than two checkpoint blocks of events, its events are walked directly
    /// (clipped) instead.
    #[cfg(test)]
    pub fn window(&mut self, cols: Columns<'_>, since: u64, now: u64) -> Totals {
        let mut acc = StatusSums::default();
        self.window_into(cols, since, now, &mut acc);
        acc.into_totals()
    }

    /// [`Checkpoints::window`] into `acc` (cleared first), without allocating once `acc` has
    /// grown to the statuses seen.
    pub fn window_into(&mut self, cols: Columns<'_>, since: u64, now: u64, acc: &mut StatusSums) {
        acc.clear();
        let first = self.count_until(cols.ts, since);
        let last = self.count_until(cols.ts, now);
        if first == 0 || last.saturating_sub(first) >= 2 * CHECKPOINT_EVERY {
            self.accumulate(acc, cols, now, last, true);
            if first > 0 {
                self.accumulate(acc, cols, since, first, false);
            }
            return;
        }
        // From the event in effect at `since` to the last one starting before `now`.
        for j in first - 1..last {
            let (Some(&begin), Some(&s), Some(&r)) =
                (cols.ts.get(j), cols.status.get(j), cols.reason.get(j))
            else {
                break;
            };
            let end = cols.ts.get(j + 1).map_or(now, |&next| next.min(now));
            acc.add(s, r, end.saturating_sub(begin.max(since)));
        }
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.points.iter().map(Totals::heap_bytes).sum::<usize>()
            + self.points.capacity() * 48
            + self
                .memos
                .iter()
                .map(|m| m.sums.heap_bytes())
                .sum::<usize>()
            + self.memos.capacity() * std::mem::size_of::<Memo>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::NO_REASON;

    #[test]
    fn window_is_difference_of_cumulative_totals() {
        // ready@0, incall@10, ready@25 (one per checkpoint block would need 64; walk covers it).
        let ts = [0, 10, 25];
        let status = [7, 1, 7];
        let reason = [NO_REASON; 3];
        let cols = Columns {
            ts: &ts,
            status: &status,
            reason: &reason,
        };
        let mut cp = Checkpoints::default();
        cp.build(cols);
        // F(30): ready 10 + 5 = 15, incall 15. F(5): ready 5. Window [5, 30]: ready 10, incall 15.
        let w = cp.at(cols, 30).minus(&cp.at(cols, 5));
        assert_eq!(w.status_ms, [(1, 15), (7, 10)]);
    }

    /// 1,000 events, strictly increasing timestamps, 4 statuses, a reason on every third.
    fn sample() -> (Vec<u64>, Vec<u32>, Vec<u32>) {
        let n = 1000u64;
        let ts = (0..n).map(|i| i * 5 + (i % 5)).collect();
        let status = (0..n).map(|i| (i % 4) as u32).collect();
        let reason = (0..n)
            .map(|i| if i % 3 == 0 { 1 } else { NO_REASON })
            .collect();
        (ts, status, reason)
    }

    #[test]
    fn direct_and_checkpointed_windows_agree() {
        let (ts, status, reason) = sample();
        let cols = Columns {
            ts: &ts,
            status: &status,
            reason: &reason,
        };
        let mut cp = Checkpoints::default();
        cp.build(cols);
        for (since, now) in [
            (0, 10),
            (3, 700),
            (321, 1000),
            (100, 4999),
            (4000, 9000),
            (700, 700),
        ] {
            let subtracted = cp.at(cols, now).minus(&cp.at(cols, since));
            assert_eq!(cp.window(cols, since, now), subtracted, "[{since}, {now}]");
        }
    }

    #[test]
    fn checkpoints_agree_with_a_plain_walk() {
        let (ts, status, reason) = sample();
        let cols = Columns {
            ts: &ts,
            status: &status,
            reason: &reason,
        };
        let mut cp = Checkpoints::default();
        cp.build(cols);
        for t in [0, 1, 100, 319, 320, 321, 2500, 4999, 5000, 9000] {
            let mut plain = Totals::default();
            cols.walk(&mut plain, 0, ts.len(), t);
            assert_eq!(cp.at(cols, t), plain, "t = {t}");
        }
    }
}
