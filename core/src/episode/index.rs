//! The episode index of one timeline: any window's blocks (issue 14) in O(log n + K), the same
//! answer as the reference walk ([`super::walk`]).
//!
//! Every kept interval's [`Step`] depends only on the events up to the next one, so its effects
//! are facts of the timeline, not of a window: an episode (or contact) that ends at event `i` ends
//! there in every window that sees event `i + 1` — and in a window whose last event is `i`, that
//! event's interval is the state at `now`, kept whatever its length, with the same step. So for a
//! window `[since, now]` with last event `L` (the last `ts <= now`):
//!
//! - `started`, `ended`, `endedMs` and the contact sums are differences of cumulative counts over
//!   the kept intervals before two events (the first with `ts >= since`, resp. `ts > since`, and
//!   `L`), plus the step of `L` itself;
//! - `longestMs` is the largest ended length over the intervals between those events (a range
//!   maximum), the step of `L`, and the open episode measured to `now`.
//!
//! Every [`EPISODE_EVERY`] events the index keeps the walk's state and the cumulative counts
//! before that event ([`Point`]); a lookup starts at the point before it and walks at most that
//! many events. A window of at most two blocks is walked whole from the point before it. The range maximum of whole blocks of [`EPISODE_EVERY`] events comes from a pyramid
//! of block maxima (each level pairs the nodes of the level below, appended as blocks complete),
//! so a window costs two walks of at most two blocks plus O(log n) nodes.

use super::{step, Blocks, ContactSums, EpisodeStats, Open, Step, Sums};
use crate::checkpoints::Columns;
use crate::ids::NO_REASON;

/// Events between two points of the episode index (the same spacing as the totals' checkpoints).
pub const EPISODE_EVERY: usize = 64;

/// The key of a status episode, `(status, NO_REASON)`, or of a reason episode, `(status,
/// reason)`.
type Key = (u32, u32);

/// Cumulative episode counts of one key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    started: u32,
    ended: u32,
    ended_ms: u64,
}

/// Cumulative counts over the kept intervals before some event: per status (dense: the index is
/// the status id), per (status, reason) with a reason (sorted), and the contacts ended.
#[derive(Clone, Debug, Default)]
struct Cum {
    statuses: Vec<Counts>,
    reasons: Vec<(Key, Counts)>,
    contacts: ContactSums,
}

impl Cum {
    /// Applies `f` to the counts of `status`, grown on demand.
    fn status(&mut self, status: u32, f: impl FnOnce(&mut Counts)) {
        let i = status as usize;
        if i >= self.statuses.len() {
            self.statuses.resize(i + 1, Counts::default());
        }
        if let Some(c) = self.statuses.get_mut(i) {
            f(c);
        }
    }

    /// Applies `f` to the counts of `key`, added (zeros) at its place if missing.
    fn reason(&mut self, key: Key, f: impl FnOnce(&mut Counts)) {
        match self.reasons.binary_search_by_key(&key, |e| e.0) {
            Ok(i) => {
                if let Some(e) = self.reasons.get_mut(i) {
                    f(&mut e.1);
                }
            }
            Err(i) => {
                let mut c = Counts::default();
                f(&mut c);
                self.reasons.insert(i, (key, c));
            }
        }
    }

    /// Counts the step of a kept interval in `status` and `reason` (counts fit a `u32`: there
    /// are fewer events than [`crate::MAX_EVENTS`]).
    #[inline]
    fn apply(&mut self, st: &Step, status: u32, reason: u32) {
        if st.started {
            self.status(status, |c| c.started += 1);
        }
        if st.reason_started {
            self.reason((status, reason), |c| c.started += 1);
        }
        if let Some((s, len)) = st.ended {
            self.status(s, |c| c.end(len));
        }
        if let Some((s, r, len)) = st.reason_ended {
            self.reason((s, r), |c| c.end(len));
        }
        if let Some((talk, acw, with_acw)) = st.contact {
            self.contacts.add(talk, acw, with_acw);
        }
    }

    fn copy_from(&mut self, other: &Cum) {
        self.statuses.clone_from(&other.statuses);
        self.reasons.clone_from(&other.reasons);
        self.contacts = other.contacts;
    }

    fn shrink_to_fit(&mut self) {
        self.statuses.shrink_to_fit();
        self.reasons.shrink_to_fit();
    }

    fn heap_bytes(&self) -> usize {
        self.statuses.capacity() * std::mem::size_of::<Counts>()
            + self.reasons.capacity() * std::mem::size_of::<(Key, Counts)>()
    }
}

impl Counts {
    /// `self − earlier` (counts at an earlier event).
    fn minus(&self, earlier: &Counts) -> EpisodeStats {
        EpisodeStats {
            started: u64::from(self.started.saturating_sub(earlier.started)),
            ended: u64::from(self.ended.saturating_sub(earlier.ended)),
            ended_ms: self.ended_ms.saturating_sub(earlier.ended_ms),
            longest_ms: 0,
        }
    }
}

/// A window's episode statistics while they are summed: per status (dense) and per (status,
/// reason) (sorted).
#[derive(Clone, Debug, Default)]
struct WindowStats {
    statuses: Vec<EpisodeStats>,
    reasons: Vec<(Key, EpisodeStats)>,
}

impl WindowStats {
    /// Applies `f` to the stats of `key` (a status episode's when its reason is
    /// [`NO_REASON`]), added (zeros) if missing.
    fn update(&mut self, (status, reason): Key, f: impl FnOnce(&mut EpisodeStats)) {
        if reason == NO_REASON {
            let i = status as usize;
            if i >= self.statuses.len() {
                self.statuses.resize(i + 1, EpisodeStats::default());
            }
            if let Some(e) = self.statuses.get_mut(i) {
                f(e);
            }
            return;
        }
        update(&mut self.reasons, (status, reason), f);
    }
}

impl Counts {
    fn end(&mut self, len: u64) {
        self.ended += 1;
        self.ended_ms = self.ended_ms.saturating_add(len);
    }
}

/// The largest ended length per key among some steps: a short unsorted list.
#[derive(Clone, Debug, Default)]
struct Maxima(Vec<(Key, u64)>);

impl Maxima {
    fn add(&mut self, key: Key, len: u64) {
        match self.0.iter_mut().find(|e| e.0 == key) {
            Some(e) => e.1 = e.1.max(len),
            None => self.0.push((key, len)),
        }
    }

    fn add_step(&mut self, st: &Step) {
        if let Some((s, len)) = st.ended {
            self.add((s, NO_REASON), len);
        }
        if let Some((s, r, len)) = st.reason_ended {
            self.add((s, r), len);
        }
    }
}

/// The walk's state and the cumulative counts before event `c · EPISODE_EVERY`.
#[derive(Clone, Debug, Default)]
struct Point {
    open: Option<Open>,
    cum: Cum,
}

/// One level of the pyramid of block maxima: node `j` covers `2^level` blocks from block
/// `j · 2^level`; its `(key, longest ended length)` entries, sorted by key, are
/// `entries[ends[j − 1]..ends[j]]`.
#[derive(Clone, Debug, Default)]
struct Level {
    ends: Vec<usize>,
    entries: Vec<(Key, u64)>,
}

impl Level {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn node(&self, j: usize) -> &[(Key, u64)] {
        let from = j.checked_sub(1).and_then(|p| self.ends.get(p)).copied();
        let to = self.ends.get(j).copied().unwrap_or(0);
        self.entries.get(from.unwrap_or(0)..to).unwrap_or_default()
    }

    fn truncate(&mut self, nodes: usize) {
        self.ends.truncate(nodes);
        self.entries
            .truncate(self.ends.last().copied().unwrap_or(0));
    }
}

/// The episode index of a sorted timeline (see the module documentation). Built on demand by
/// [`EpisodeIndex::build`] (only queries with blocks need it); late events and compaction
/// invalidate it as they do the totals' checkpoints.
#[derive(Clone, Debug, Default)]
pub struct EpisodeIndex {
    points: Vec<Point>,
    /// The pyramid of block maxima: `levels[0]` has one node per complete block (block `c`
    /// holds the steps of events `c · K .. (c + 1) · K`, complete once point `c + 1` exists).
    levels: Vec<Level>,
}

/// The reused buffers of window lookups (one per query, shared by its agents).
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    cum: Cum,
    since_start: Cum,
    since_end: Cum,
    maxima: Maxima,
    list: WindowStats,
    sums: Sums,
}

/// `x` rounded up to a multiple of [`EPISODE_EVERY`].
fn up(x: usize) -> usize {
    x.div_ceil(EPISODE_EVERY) * EPISODE_EVERY
}

/// `x` rounded down to a multiple of [`EPISODE_EVERY`].
fn down(x: usize) -> usize {
    x / EPISODE_EVERY * EPISODE_EVERY
}

/// A walk over a sorted timeline's events, feeding the kept intervals among events `pos..` to the
/// walk's state and the cumulative counts (static intervals only: each one's end is the next
/// event, which must exist).
struct Cursor<'a> {
    cols: Columns<'a>,
    pos: usize,
    open: Option<Open>,
}

impl Cursor<'_> {
    /// Walks to event `to` (exclusive), adding each kept interval's step to `cum`, and its ended
    /// lengths to `maxima` from event `collect_from` on.
    fn run(&mut self, to: usize, cum: &mut Cum, maxima: Option<(&mut Maxima, usize)>) {
        let from = self.pos;
        if to <= from {
            return;
        }
        let (Some(ts), Some(next), Some(status), Some(reason)) = (
            self.cols.ts.get(from..to),
            self.cols.ts.get(from + 1..=to),
            self.cols.status.get(from..to),
            self.cols.reason.get(from..to),
        ) else {
            return;
        };
        let mut maxima = maxima;
        let rows = ts.iter().zip(next).zip(status).zip(reason);
        for (j, (((&at, &end), &s), &r)) in (from..).zip(rows) {
            if end <= at {
                continue;
            }
            let st = step(&mut self.open, s, r, at);
            cum.apply(&st, s, r);
            if let Some((m, first)) = maxima.as_mut() {
                if j >= *first {
                    m.add_step(&st);
                }
            }
        }
        self.pos = to;
    }
}

impl EpisodeIndex {
    /// Forgets what depends on events at index `>= first_changed` (a late event moved them).
    pub fn truncate(&mut self, first_changed: usize) {
        // Point c depends on the events up to c·K (each interval's end is the next event).
        self.points.truncate(first_changed.div_ceil(EPISODE_EVERY));
        let blocks = self.points.len().saturating_sub(1);
        for (k, level) in self.levels.iter_mut().enumerate() {
            level.truncate(blocks >> k);
        }
    }

    /// Forgets everything (compaction).
    pub fn clear(&mut self) {
        self.points.clear();
        self.levels.clear();
    }

    /// Adds the points and block maxima missing for the events of `cols` (sorted), the walk
    /// starting from `carry` (the state compaction carried over).
    pub fn build(&mut self, cols: Columns<'_>, carry: Option<Open>) {
        let len = cols.ts.len();
        if self.points.is_empty() {
            if len == 0 {
                return;
            }
            self.points.push(Point {
                open: carry,
                cum: Cum::default(),
            });
        }
        let mut maxima = Maxima::default();
        while let Some(prev) = self.points.last() {
            let c = self.points.len();
            if c * EPISODE_EVERY >= len {
                break;
            }
            let mut cursor = Cursor {
                cols,
                pos: (c - 1) * EPISODE_EVERY,
                open: prev.open,
            };
            let mut cum = prev.cum.clone();
            maxima.0.clear();
            cursor.run(c * EPISODE_EVERY, &mut cum, Some((&mut maxima, 0)));
            cum.shrink_to_fit();
            self.points.push(Point {
                open: cursor.open,
                cum,
            });
            self.push_block(&mut maxima.0);
        }
    }

    /// Appends a complete block's maxima as a leaf, and the pyramid's nodes it completes.
    fn push_block(&mut self, leaf: &mut [(Key, u64)]) {
        leaf.sort_unstable_by_key(|e| e.0);
        if self.levels.is_empty() {
            self.levels.push(Level::default());
        }
        if let Some(level) = self.levels.first_mut() {
            level.entries.extend_from_slice(leaf);
            level.ends.push(level.entries.len());
        }
        let mut k = 1;
        while let Some(below) = self.levels.get(k - 1).map(Level::len) {
            let here = self.levels.get(k).map_or(0, Level::len);
            if below < 2 * (here + 1) {
                break;
            }
            if self.levels.len() == k {
                self.levels.push(Level::default());
            }
            let merged = match self.levels.get(k - 1) {
                Some(b) => merge(b.node(2 * here), b.node(2 * here + 1)),
                None => break,
            };
            if let Some(level) = self.levels.get_mut(k) {
                level.entries.extend_from_slice(&merged);
                level.ends.push(level.entries.len());
            }
            k += 1;
        }
    }

    /// Adds to `maxima` the maxima of blocks `lo..hi` (each complete), from O(log n) nodes.
    fn blocks_max(&self, mut lo: usize, mut hi: usize, maxima: &mut Maxima) {
        let mut k = 0;
        while lo < hi {
            let Some(level) = self.levels.get(k) else {
                return;
            };
            if lo % 2 == 1 {
                level
                    .node(lo)
                    .iter()
                    .for_each(|&(key, m)| maxima.add(key, m));
                lo += 1;
            }
            if hi % 2 == 1 {
                hi -= 1;
                level
                    .node(hi)
                    .iter()
                    .for_each(|&(key, m)| maxima.add(key, m));
            }
            lo /= 2;
            hi /= 2;
            k += 1;
        }
    }

    /// Whether the index covers every event of a timeline of `len` events (built since its last
    /// change).
    pub fn covers(&self, len: usize) -> bool {
        len == 0 || self.points.len() == len.div_ceil(EPISODE_EVERY)
    }

    /// A cursor at point `c`, its counts copied into `cum`.
    fn cursor_at<'a>(&self, cols: Columns<'a>, c: usize, cum: &mut Cum) -> Option<Cursor<'a>> {
        let point = self.points.get(c)?;
        cum.copy_from(&point.cum);
        Some(Cursor {
            cols,
            pos: c * EPISODE_EVERY,
            open: point.open,
        })
    }

    /// The blocks of `[since, now]` into `out` (see the module documentation); false, `out`
    /// untouched, when no event has `ts <= now` or the index does not cover `cols` (see
    /// [`EpisodeIndex::covers`]).
    pub fn window_into(
        &self,
        cols: Columns<'_>,
        since: u64,
        now: u64,
        scratch: &mut Scratch,
        out: &mut Blocks,
    ) -> bool {
        if !self.covers(cols.ts.len()) {
            return false;
        }
        let Some(last) = cols.ts.partition_point(|&t| t <= now).checked_sub(1) else {
            return false;
        };
        // Kept intervals before `last`: started ones from the first event at or after `since`,
        // ended ones (and contacts, maxima) from the first event after `since`.
        let start_from = cols.ts.partition_point(|&t| t < since).min(last);
        let end_from = cols.ts.partition_point(|&t| t <= since).min(last);
        if last - down(start_from) <= 2 * EPISODE_EVERY {
            // A short window: walk it from the point before it, as the reference does (the steps
            // before `since` count for nothing).
            let Some(point) = self.points.get(start_from / EPISODE_EVERY) else {
                return false;
            };
            let sums = &mut scratch.sums;
            sums.clear();
            let range = (down(start_from), last);
            let open = sums.walk_events(cols, range, point.open, (since, now));
            sums.finish_into(open, since, now, out);
            return true;
        }
        let Scratch {
            cum,
            since_start,
            since_end,
            maxima,
            list,
            ..
        } = scratch;
        maxima.0.clear();
        let Some(mut cursor) = self.cursor_at(cols, start_from / EPISODE_EVERY, cum) else {
            return false;
        };
        cursor.run(start_from, cum, None);
        since_start.copy_from(cum);
        cursor.run(end_from, cum, None);
        since_end.copy_from(cum);
        if down(last) <= up(end_from) {
            // At most two blocks apart: walk on to `last`.
            cursor.run(last, cum, Some((maxima, end_from)));
        } else {
            cursor.run(up(end_from), cum, Some((maxima, end_from)));
            self.blocks_max(up(end_from) / EPISODE_EVERY, last / EPISODE_EVERY, maxima);
            let Some(c) = self.cursor_at(cols, last / EPISODE_EVERY, cum) else {
                return false;
            };
            cursor = c;
            cursor.run(last, cum, Some((maxima, 0)));
        }
        let mut open = cursor.open;
        let (Some(&at), Some(&s), Some(&r)) = (
            cols.ts.get(last),
            cols.status.get(last),
            cols.reason.get(last),
        ) else {
            return false;
        };
        // The differences, then the longest lengths of the range.
        list.statuses.clear();
        for (i, l) in cum.statuses.iter().enumerate() {
            let s0 = since_start.statuses.get(i).copied().unwrap_or_default();
            let e0 = since_end.statuses.get(i).copied().unwrap_or_default();
            let mut e = l.minus(&e0);
            e.started = l.minus(&s0).started;
            list.statuses.push(e);
        }
        list.reasons.clear();
        let mut at_start = since_start.reasons.iter().peekable();
        let mut at_end = since_end.reasons.iter().peekable();
        for &(key, l) in &cum.reasons {
            let s0 = at_start.next_if(|e| e.0 == key).map(|e| e.1);
            let e0 = at_end.next_if(|e| e.0 == key).map(|e| e.1);
            let mut e = l.minus(&e0.unwrap_or_default());
            e.started = l.minus(&s0.unwrap_or_default()).started;
            if e != EpisodeStats::default() {
                list.reasons.push((key, e));
            }
        }
        for &(key, m) in &maxima.0 {
            list.update(key, |e| e.overlap(m));
        }
        let mut contacts = cum.contacts.minus(&since_end.contacts);
        // The last event's interval: the state at `now`, kept whatever its length.
        let st = step(&mut open, s, r, at);
        let starts = since <= at && at < now;
        if st.started && starts {
            list.update((s, NO_REASON), |e| e.started += 1);
        }
        if st.reason_started && starts {
            list.update((s, r), |e| e.started += 1);
        }
        if since < at {
            if let Some((p, len)) = st.ended {
                list.update((p, NO_REASON), |e| e.end(len));
            }
            if let Some((p, q, len)) = st.reason_ended {
                list.update((p, q), |e| e.end(len));
            }
            if let Some((talk, acw, with_acw)) = st.contact {
                contacts.add(talk, acw, with_acw);
            }
        }
        // The open episodes, measured to `now`.
        if let Some(o) = open.filter(|_| since < now) {
            if o.since < now {
                list.update((o.status, NO_REASON), |e| e.overlap(now - o.since));
            }
            if o.reason != NO_REASON && o.reason_since < now {
                let len = now - o.reason_since;
                list.update((o.status, o.reason), |e| e.overlap(len));
            }
        }
        out.episodes.clear();
        let by_status = (0u32..).zip(list.statuses.iter().copied());
        out.episodes
            .extend(by_status.filter(|e| e.1.longest_ms > 0));
        out.reason_episodes.clear();
        let by_reason = list.reasons.iter().filter(|e| e.1.longest_ms > 0);
        out.reason_episodes
            .extend(by_reason.map(|&((s, r), e)| (s, r, e)));
        out.contacts = contacts;
        out.open = open;
        true
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        let points: usize = self.points.iter().map(|p| p.cum.heap_bytes()).sum();
        let levels: usize = self
            .levels
            .iter()
            .map(|l| {
                l.ends.capacity() * std::mem::size_of::<usize>()
                    + l.entries.capacity() * std::mem::size_of::<(Key, u64)>()
            })
            .sum();
        points
            + self.points.capacity() * std::mem::size_of::<Point>()
            + levels
            + self.levels.capacity() * std::mem::size_of::<Level>()
    }
}

/// Applies `f` to the stats of `key` in a list sorted by key, added (zeros) at its place if
/// missing.
fn update(list: &mut Vec<(Key, EpisodeStats)>, key: Key, f: impl FnOnce(&mut EpisodeStats)) {
    match list.binary_search_by_key(&key, |e| e.0) {
        Ok(i) => {
            if let Some(e) = list.get_mut(i) {
                f(&mut e.1);
            }
        }
        Err(i) => {
            let mut stats = EpisodeStats::default();
            f(&mut stats);
            list.insert(i, (key, stats));
        }
    }
}

/// The maxima of two nodes, merged (both sorted by key).
fn merge(a: &[(Key, u64)], b: &[(Key, u64)]) -> Vec<(Key, u64)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x.0 == y.0 => {
                out.push((x.0, x.1.max(y.1)));
                i += 1;
                j += 1;
            }
            (Some(&x), Some(&y)) if x.0 < y.0 => {
                out.push(x);
                i += 1;
            }
            (_, Some(&y)) => {
                out.push(y);
                j += 1;
            }
            (Some(&x), None) => {
                out.push(x);
                i += 1;
            }
            (None, None) => return out,
        }
    }
}
