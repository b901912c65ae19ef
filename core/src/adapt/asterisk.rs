//! `asterisk-queue-log`: Asterisk's queue log (`/var/log/asterisk/queue_log`) read into events.
//!
//! # The lines
//!
//! One event a line, fields separated by `|`, as Asterisk's `queue_log` documentation ("Queue
//! Logs", docs.asterisk.org; the same list as `doc/queuelog.txt` in older source trees) and
//! Wazo's "Queue logs" page (the same columns in its `queue_log` table) describe them:
//!
//! ```text
//! time|callid|queuename|agent|event|data1|data2|…
//! 1700000000|1700000000.42|sales|PJSIP/2001|CONNECT|12|1700000000.43|3
//! ```
//!
//! - `time`: epoch seconds, whole (`1700000000`) or with a fraction (`1700000000.123`, which
//!   Asterisk writes when `queue_log_realtime_use_gmt`/high-resolution logging or a converted
//!   database table gives one). The event's `ts` is that time in ms, the fraction rounded half up
//!   to the ms. Anything else (a sign, an exponent, a date) is an error.
//! - `agent`: the queue member as written (`PJSIP/2001`, `Agent/1001`, `Local/2001@from-queue`,
//!   or the member name with `log_membername_as_agent`) is the event's `user_id`. `NONE` (a line
//!   about the queue or a caller, e.g. `ENTERQUEUE`) concerns no agent.
//! - `data1…`: the event's parameters. Their number depends on the Asterisk version (newer ones
//!   write `data1`…`data5`; older ones wrote a single `data` that itself holds `|`): either way
//!   the field after `event` is `data1`, and a missing one is empty.
//!
//! Lines end with `\n` or `\r\n`; blank lines are skipped. A line with fewer than five fields, a
//! bad time, a `RINGNOANSWER` whose ring time is not a non-negative integer, or an empty `agent`
//! on an event that concerns one is an error naming it: `line 7: time: expected epoch seconds …`.
//!
//! # The mapping
//!
//! Each member's dimensions (see [`Dimensions`]), from the events that Asterisk's document
//! lists:
//!
//! | event | effect |
//! |---|---|
//! | `ADDMEMBER` | member of `queuename` (logged in) |
//! | `REMOVEMEMBER` | no longer a member of `queuename` (still logged in while a member of another) |
//! | `AGENTLOGIN`, `AGENTCALLBACKLOGIN` | logged in (whatever the queues) |
//! | `AGENTLOGOFF`, `AGENTCALLBACKLOGOFF` | logged out of every queue |
//! | `PAUSE`, `PAUSEALL` | paused, the reason `data1` (an empty `data1`: a pause without a reason) |
//! | `UNPAUSE`, `UNPAUSEALL` | not paused |
//! | `CONNECT` | on the queue call `callid` |
//! | `COMPLETEAGENT`, `COMPLETECALLER`, `TRANSFER`, `BLINDTRANSFER`, `ATTENDEDTRANSFER` | that call ended |
//! | `RINGNOANSWER` | ringing for `[ts − data1 ms, ts)` (a ring that was not answered) |
//! | anything else (`ENTERQUEUE`, `ABANDON`, `EXITWITHTIMEOUT`, `QUEUESTART`, `CONFIGRELOAD`, `RINGCANCELED`, a custom `QueueLog()` event, …) | nothing |
//!
//! A member is logged in after a login event, or while a member of at least one queue; a
//! logged-in member with nothing going on is `ready`. Asterisk writes one `PAUSE` line per queue
//! (and a `PAUSEALL`) for one pause: a member is paused or not, whichever queue the line names, so
//! those copies are one pause (repeats change nothing, and the [`Deriver`] emits nothing for
//! them). A member who is not logged in cannot be paused: a logout clears the pause, and a
//! `PAUSE` while logged out is ignored. A call counts whatever else holds (a `CONNECT` while not
//! logged in or paused is still `incall`, by the priority order); several calls at once end
//! one by one, each by its `callid`; an end for a call never connected changes nothing. Time
//! before a member's first line (in time order, in any read) counts nowhere: a ring that would
//! start before it starts at that line's time (a ring time longer than `ts` likewise).
//!
//! Lines apply in time order, lines of the same ms in file order (a stable sort by `ts`; a ring's
//! start comes just before its `RINGNOANSWER` line's changes at a tie). An
//! [`Adapter`](super::Adapter) keeps each member's queues, pause, calls and rings across reads,
//! so a call connected in one chunk ends in the next. A change earlier than the member's latest
//! change an earlier read applied takes effect at that time (see [`Deriver`]): chiefly a
//! `RINGNOANSWER` whose ring started before the previous chunk's last change for that member. A
//! member's lines of one ms make one event, of the last bucket (see [`Deriver`]): a
//! `RINGNOANSWER|0` is no ring. A log in time order read in chunks split at line ends between
//! two times otherwise gives the events of one read (a read ends its member's last time: a split
//! between two lines of one ms emits the first chunk's bucket at that ms).
//!
//! Cost: one pass over the bytes (`memchr` for line ends, a line's `|`s 8 bytes at a time), the
//! event's name compared as numbers, one probe of a per-read name cache for the member a line
//! (its [`Deriver`] slot, which indexes the members), queue names and `callid`s of at most 16
//! bytes kept inline (no allocation for them), and a sort only when the lines are not in time
//! order (the rings' starts, earlier than their lines, are merged in).
//! [`Adapter::read_into`](super::Adapter::read_into) then interns each member, status and reason
//! once per read.
//!
//! # What the queue log cannot tell
//!
//! - **Wrap-up**: Asterisk's `wrapuptime` leaves no line (Wazo's own `WRAPUPSTART` is not an
//!   Asterisk event); the time after a call is `ready` (or `paused`).
//! - **Outbound and direct calls**: only queue calls are logged; an agent dialing out is `ready`,
//!   never `extcall`.
//! - **Answered rings**: a ring that was answered leaves only the `CONNECT` (its `data1` is the
//!   caller's wait, not the ring), so only unanswered rings are `ring`.
//! - **Unreachable** members (device unavailable) and static members' logins: members listed in
//!   `queues.conf` write no `ADDMEMBER`, so they are logged out until a login line says otherwise.
//! - **Per-queue pauses**: a pause in one queue is a pause (see above).

use std::collections::HashSet;

use jiff::tz::TimeZone;

use super::deriver::set_reason;
use super::hash::FastHash;
use super::{Deriver, Dimensions};
use crate::error::{quote_excerpt, InputError, Problem};
use crate::ids::MAX_TS;
use crate::parse::names::NameCache;
use crate::store::EventRef;

/// What one line does to its member.
#[derive(Clone, Copy, Debug)]
enum Op<'a> {
    AddQueue(&'a str),
    RemoveQueue(&'a str),
    Login,
    Logoff,
    /// The reason (`""`: none).
    Pause(&'a str),
    Unpause,
    /// The call's `callid`.
    CallStart(&'a str),
    CallEnd(&'a str),
    RingStart,
    RingEnd,
}

/// One dimension change, at `ts` (epoch ms), for the member of slot `member` (its
/// [`Deriver::slot`], its index in [`State::members`]);
/// `seq` orders changes of the same ms (their order in the input).
#[derive(Clone, Copy, Debug)]
struct Change<'a> {
    ts: u64,
    member: u32,
    seq: u32,
    op: Op<'a>,
}

/// One line that concerns a member.
struct Line<'a> {
    ts: u64,
    agent: &'a str,
    op: Op<'a>,
    /// For `RINGNOANSWER`: when the ring began (epoch ms).
    ring_start: Option<u64>,
}

/// One member, as the lines read so far left it.
#[derive(Clone, Debug, Default)]
struct Member {
    /// Logged in by `AGENTLOGIN`/`AGENTCALLBACKLOGIN` (until a logoff).
    agent_login: bool,
    /// The queues it is a member of (by `ADDMEMBER`).
    queues: Few,
    /// Paused, with its reason (`""`: none).
    paused: Option<Box<str>>,
    /// The `callid`s of its queue calls in progress.
    calls: Few,
    /// Unanswered rings in progress (they may overlap: one per queue).
    rings: u32,
    /// Whether the deriver has seen it (its first line always reaches the deriver).
    derived: bool,
    /// The time of its first line (in time order, this read's or an earlier one's; epoch ms):
    /// no ring starts before it.
    first_ts: Option<u64>,
}

impl Member {
    fn logged_in(&self) -> bool {
        self.agent_login || !self.queues.is_empty()
    }

    /// What its dimensions depend on, but the pause's reason.
    fn key(&self) -> (bool, bool, bool, bool) {
        let logged_in = self.logged_in();
        (
            logged_in,
            self.rings > 0,
            !self.calls.is_empty(),
            self.paused.is_some(),
        )
    }

    /// Applies `op`; returns whether its dimensions changed.
    fn apply(&mut self, op: Op<'_>) -> bool {
        let before = self.key();
        let mut new_reason = false;
        match op {
            Op::AddQueue(q) => self.queues.insert(q),
            Op::RemoveQueue(q) => self.queues.remove(q),
            Op::Login => self.agent_login = true,
            Op::Logoff => {
                self.agent_login = false;
                self.queues.clear();
            }
            Op::Pause(reason) => {
                let same_pause = self.paused.as_deref().is_some_and(|p| same(p, reason));
                if self.logged_in() && !same_pause {
                    self.paused = Some(reason.into());
                    new_reason = true;
                }
            }
            Op::Unpause => self.paused = None,
            Op::CallStart(id) => self.calls.insert(id),
            Op::CallEnd(id) => self.calls.remove(id),
            Op::RingStart => self.rings = self.rings.saturating_add(1),
            Op::RingEnd => self.rings = self.rings.saturating_sub(1),
        }
        if !self.logged_in() {
            self.paused = None;
        }
        new_reason || self.key() != before
    }

    /// Writes its dimensions into `d` (reusing the pause reason's allocation).
    fn dimensions(&self, d: &mut Dimensions) {
        let logged_in = self.logged_in();
        d.logged_in = logged_in;
        d.unreachable = false;
        d.ringing = self.rings > 0;
        set_reason(&mut d.paused, self.paused.as_deref());
        d.wrapup = false;
        d.ready = logged_in;
        d.queue_call = !self.calls.is_empty();
        d.ext_call = false;
    }
}

/// The most names a member keeps in a list; more go to a hash set (a log that never ends its
/// calls stays linear).
const FEW: usize = 8;

/// A name of the log kept for comparisons only: one of at most 16 bytes as its length and
/// [`key_of`] (which determine it: no allocation, and no pointer to follow to compare it), a
/// longer one as its text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Name {
    Short(usize, u128),
    Long(Box<str>),
}

impl Name {
    #[inline]
    fn new(name: &str) -> Self {
        if name.len() <= 16 {
            Name::Short(name.len(), key_of(name.as_bytes()))
        } else {
            Name::Long(name.into())
        }
    }
}

/// A set of names (`callid`s, queue names): most members have none or one call at a time and a
/// few queues, kept in a short list, else in a hash set.
#[derive(Clone, Debug, Default)]
struct Few {
    list: Vec<Name>,
    /// When there were more than [`FEW`] at once: then they are all here.
    many: HashSet<Name, FastHash>,
}

impl Few {
    fn is_empty(&self) -> bool {
        self.list.is_empty() && self.many.is_empty()
    }

    fn insert(&mut self, id: &str) {
        let id = Name::new(id);
        if !self.many.is_empty() {
            self.many.insert(id);
            return;
        }
        if self.list.contains(&id) {
            return;
        }
        if self.list.len() >= FEW {
            self.many.extend(self.list.drain(..));
            self.many.insert(id);
            return;
        }
        self.list.push(id);
    }

    fn remove(&mut self, id: &str) {
        let id = Name::new(id);
        if !self.many.is_empty() {
            self.many.remove(&id);
            return;
        }
        if let Some(i) = self.list.iter().position(|c| *c == id) {
            self.list.swap_remove(i);
        }
    }

    fn clear(&mut self) {
        self.list.clear();
        self.many.clear();
    }
}

/// Each member's queues, pause, calls and rings across reads, by the [`Deriver`]'s slot of its
/// `agent` field.
#[derive(Clone, Debug, Default)]
pub(super) struct State {
    members: Vec<Member>,
}

impl State {
    /// Reads whole `queue_log` lines, applies them in time order and hands `sink` the events
    /// they derive, each with its agent's [`Deriver`] slot and its static status; returns the number of (non-blank)
    /// lines read.
    ///
    /// Only the lines that change a member's dimensions (and its first line) reach the
    /// [`Deriver`]: the others could not change its bucket.
    pub(super) fn read(
        &mut self,
        input: &[u8],
        _zone: Option<&TimeZone>,
        deriver: &mut Deriver,
        sink: &mut impl FnMut(u32, &'static str, EventRef<'_>) -> Result<(), InputError>,
    ) -> Result<usize, InputError> {
        let text = std::str::from_utf8(input).map_err(|e| {
            let before = input.get(..e.valid_up_to()).unwrap_or_default();
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            InputError::new(format!("line {line}"), Problem::InvalidUtf8)
        })?;
        // The changes the lines make at their time, in input order, and the rings' starts
        // (earlier than their line): two runs that a merge puts in time order.
        let mut changes = Vec::with_capacity(text.len() / 48 + 1);
        let mut rings = Vec::new();
        let mut lines = 0;
        // Each member's slot by its name's bytes, for this read (no hashing of the name with
        // the deriver's map, no `memcmp` of it, for a known member).
        let mut members = NameCache::default();
        for (i, line) in Split::new(text, b'\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let starts_blank = line.as_bytes().first().is_none_or(u8::is_ascii_whitespace);
            if starts_blank && line.trim().is_empty() {
                continue;
            }
            lines += 1;
            let parsed = parse_line(line).map_err(|e| e.within(&format!("line {}: ", i + 1)))?;
            let Some(Line {
                ts,
                agent,
                op,
                ring_start,
            }) = parsed
            else {
                continue;
            };
            let member = members.id(
                agent.as_bytes(),
                |a| deriver.slot(a),
                || InputError::new("", Problem::InvalidUtf8),
            )?;
            if member as usize >= self.members.len() {
                self.members
                    .resize_with(member as usize + 1, Member::default);
            }
            if let Some(m) = self.members.get_mut(member as usize) {
                m.first_ts = Some(m.first_ts.map_or(ts, |f| f.min(ts)));
            }
            // The ring starts just before its line's change: the same seq, first at a tie.
            let seq =
                u32::try_from(changes.len()).map_err(|_| InputError::new("", Problem::LogFull))?;
            if let Some(start) = ring_start {
                rings.push(Change {
                    ts: start,
                    member,
                    seq,
                    op: Op::RingStart,
                });
            }
            changes.push(Change {
                ts,
                member,
                seq,
                op,
            });
        }
        // In time order, same ms in input order: a stable sort by ts of all the changes. A log
        // written in time order needs no sort but of the ring starts.
        if !changes.is_sorted_by_key(|c| c.ts) {
            changes.sort_by_key(|c| c.ts);
        }
        // Time before a member's first line counts nowhere: a ring starts at the latest then.
        for r in &mut rings {
            if let Some(first) = self.members.get(r.member as usize).and_then(|m| m.first_ts) {
                r.ts = r.ts.max(first);
            }
        }
        rings.sort_unstable_by_key(|c| (c.ts, c.seq));
        let mut rings = rings.into_iter().peekable();
        let mut lines_changes = changes.into_iter().peekable();
        let ordered = std::iter::from_fn(|| match (rings.peek(), lines_changes.peek()) {
            (Some(r), Some(l)) if (r.ts, r.seq) <= (l.ts, l.seq) => rings.next(),
            (Some(_), None) => rings.next(),
            _ => lines_changes.next(),
        });
        let mut dimensions = Dimensions::default();
        for c in ordered {
            let Some(member) = self.members.get_mut(c.member as usize) else {
                continue;
            };
            if member.apply(c.op) || !member.derived {
                member.derived = true;
                member.dimensions(&mut dimensions);
                deriver.set_slot(c.member, c.ts, &dimensions, sink)?;
            }
        }
        Ok(lines)
    }
}

/// The pieces of `text` between `sep` bytes (an ASCII separator, so each piece is a `str`).
struct Split<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Split<'a> {
    fn new(text: &'a str, sep: u8) -> Self {
        Split {
            rest: Some(text),
            sep,
        }
    }
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match memchr::memchr(self.sep, rest.as_bytes()) {
            Some(i) => {
                self.rest = rest.get(i + 1..);
                rest.get(..i)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The first six `|`s of a line (the ends of `time` … `data1`), found 8 bytes at a time (a
/// `memchr` call a field cost more on fields this short).
struct Fields<'a> {
    line: &'a str,
    /// Where the `|`s are: `bars[..n]`.
    bars: [usize; 6],
    n: usize,
}

impl<'a> Fields<'a> {
    fn new(line: &'a str) -> Self {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
        let mut f = Fields {
            line,
            bars: [0; 6],
            n: 0,
        };
        let bytes = line.as_bytes();
        let mut words = bytes.chunks_exact(8);
        let mut at = 0;
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            let x = u64::from_le_bytes(word) ^ (ONES * u64::from(b'|'));
            // 0x80 in each byte of `x` that is 0 (a `|`), exactly: no carry crosses a byte.
            let mut bars = !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
            while bars != 0 {
                if !f.add(at + (bars.trailing_zeros() / 8) as usize) {
                    return f;
                }
                bars &= bars - 1;
            }
            at += 8;
        }
        for (i, &b) in words.remainder().iter().enumerate() {
            if b == b'|' && !f.add(at + i) {
                return f;
            }
        }
        f
    }

    /// Records a `|` at `i`; whether there is room for more.
    #[inline]
    fn add(&mut self, i: usize) -> bool {
        if let Some(slot) = self.bars.get_mut(self.n) {
            *slot = i;
            self.n += 1;
        }
        self.n < self.bars.len()
    }

    /// Field `k` (0: `time`, …, 5: `data1`), if the line has it.
    #[inline]
    fn get(&self, k: usize) -> Option<&'a str> {
        if k > self.n {
            return None;
        }
        let start = match k.checked_sub(1) {
            Some(prev) => self.bars.get(prev)? + 1,
            None => 0,
        };
        let end = if k < self.n {
            *self.bars.get(k)?
        } else {
            self.line.len()
        };
        self.line.get(start..end)
    }
}

/// A name of at most 16 bytes as a number: its first and last (up to) 8 bytes, little-endian
/// (overlapping when shorter than 16; 4 and 4 when shorter than 8; every byte when shorter than
/// 4). With the length they determine the name. `const` for the event names below.
const fn ends_key(name: &[u8]) -> u128 {
    /// `n` bytes of `b` from `at`, little-endian.
    const fn word(b: &[u8], at: usize, n: usize) -> u64 {
        let (mut rest, mut skip) = (b, at);
        while let (Some((_, tail)), true) = (rest.split_first(), skip > 0) {
            (rest, skip) = (tail, skip - 1);
        }
        let (mut w, mut k) = (0u64, 0);
        while let (Some((&byte, tail)), true) = (rest.split_first(), k < n) {
            w |= (byte as u64) << (8 * k);
            (rest, k) = (tail, k + 1);
        }
        w
    }
    let n = name.len();
    let (head, tail) = if n >= 8 {
        (word(name, 0, 8), word(name, n - 8, 8))
    } else if n >= 4 {
        (word(name, 0, 4), word(name, n - 4, 4))
    } else {
        (word(name, 0, n), 0)
    };
    (head as u128) | ((tail as u128) << 64)
}

/// Whether two names of the log are equal: by length and [`key_of`] when at most 16 bytes long
/// (no `memcmp` call for a short `callid`, queue or reason).
#[inline]
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && if a.len() <= 16 {
            key_of(a.as_bytes()) == key_of(b.as_bytes())
        } else {
            a == b
        }
}

/// [`ends_key`] of a name read from the log, by whole-word loads.
#[inline]
fn key_of(name: &[u8]) -> u128 {
    let n = name.len();
    let word8 = |at: usize| {
        name.get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map_or(0, u64::from_le_bytes)
    };
    let word4 = |at: usize| {
        name.get(at..at + 4)
            .and_then(|w| <[u8; 4]>::try_from(w).ok())
            .map_or(0, |w| u64::from(u32::from_le_bytes(w)))
    };
    let (head, tail) = if n >= 8 {
        (word8(0), word8(n - 8))
    } else if n >= 4 {
        (word4(0), word4(n - 4))
    } else {
        return ends_key(name);
    };
    u128::from(head) | (u128::from(tail) << 64)
}

/// The change an event makes, by its name: its length and [`ends_key`] for the names of at most
/// 16 bytes (a comparison of numbers instead of a `memcmp` per candidate name).
fn event_op<'a>(event: &str, queue: &'a str, callid: &'a str, data1: &'a str) -> Option<Op<'a>> {
    macro_rules! key {
        ($name:literal) => {
            ($name.len(), ends_key($name))
        };
    }
    const ADDMEMBER: (usize, u128) = key!(b"ADDMEMBER");
    const REMOVEMEMBER: (usize, u128) = key!(b"REMOVEMEMBER");
    const AGENTLOGIN: (usize, u128) = key!(b"AGENTLOGIN");
    const AGENTLOGOFF: (usize, u128) = key!(b"AGENTLOGOFF");
    const PAUSE: (usize, u128) = key!(b"PAUSE");
    const PAUSEALL: (usize, u128) = key!(b"PAUSEALL");
    const UNPAUSE: (usize, u128) = key!(b"UNPAUSE");
    const UNPAUSEALL: (usize, u128) = key!(b"UNPAUSEALL");
    const CONNECT: (usize, u128) = key!(b"CONNECT");
    const COMPLETEAGENT: (usize, u128) = key!(b"COMPLETEAGENT");
    const COMPLETECALLER: (usize, u128) = key!(b"COMPLETECALLER");
    const TRANSFER: (usize, u128) = key!(b"TRANSFER");
    const BLINDTRANSFER: (usize, u128) = key!(b"BLINDTRANSFER");
    const ATTENDEDTRANSFER: (usize, u128) = key!(b"ATTENDEDTRANSFER");
    const RINGNOANSWER: (usize, u128) = key!(b"RINGNOANSWER");
    let bytes = event.as_bytes();
    if bytes.len() > 16 {
        return match event {
            "AGENTCALLBACKLOGIN" => Some(Op::Login),
            "AGENTCALLBACKLOGOFF" => Some(Op::Logoff),
            _ => None,
        };
    }
    Some(match (bytes.len(), key_of(bytes)) {
        ADDMEMBER => Op::AddQueue(queue),
        REMOVEMEMBER => Op::RemoveQueue(queue),
        AGENTLOGIN => Op::Login,
        AGENTLOGOFF => Op::Logoff,
        PAUSE | PAUSEALL => Op::Pause(data1),
        UNPAUSE | UNPAUSEALL => Op::Unpause,
        CONNECT => Op::CallStart(callid),
        COMPLETEAGENT | COMPLETECALLER | TRANSFER | BLINDTRANSFER | ATTENDEDTRANSFER => {
            Op::CallEnd(callid)
        }
        RINGNOANSWER => Op::RingEnd,
        _ => return None,
    })
}

/// Reads one non-blank line (without its line end): the change it makes to its member, if any.
fn parse_line(line: &str) -> Result<Option<Line<'_>>, InputError> {
    let fields = Fields::new(line);
    let next = |k: usize| {
        fields
            .get(k)
            .ok_or_else(|| InputError::new("", Problem::QueueLogFieldCount { got: k }))
    };
    let time = next(0)?;
    let callid = next(1)?;
    let queue = next(2)?;
    let agent = next(3)?;
    let event = next(4)?;
    let data1 = fields.get(5).unwrap_or("");
    let ts = epoch_seconds_to_ms(time).ok_or_else(|| {
        InputError::new(
            "time",
            Problem::NotEpochSeconds {
                got: quote_excerpt(time),
            },
        )
    })?;
    let Some(op) = event_op(event, queue, callid, data1) else {
        return Ok(None);
    };
    if agent == "NONE" {
        return Ok(None);
    }
    if agent.is_empty() {
        return Err(InputError::new("agent", Problem::EmptyString));
    }
    let ring_start = match op {
        Op::RingEnd => {
            let ms = ring_ms(data1).ok_or_else(|| {
                InputError::new(
                    "data1",
                    Problem::NotRingTimeMs {
                        got: quote_excerpt(data1),
                    },
                )
            })?;
            Some(ts.saturating_sub(ms))
        }
        _ => None,
    };
    Ok(Some(Line {
        ts,
        agent,
        op,
        ring_start,
    }))
}

/// `1700000000` or `1700000000.1234` (epoch seconds) in ms, the fraction rounded half up; `None`
/// for anything else or a time after `MAX_TS`.
fn epoch_seconds_to_ms(text: &str) -> Option<u64> {
    // One pass: the whole seconds' digits, then a '.' and the fraction, or the end.
    let text = text.as_bytes();
    let mut whole = 0u64;
    let mut i = 0;
    while let Some(&b) = text.get(i) {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        whole = whole.checked_mul(10)?.checked_add(u64::from(d))?;
        i += 1;
    }
    let fraction = match text.get(i) {
        _ if i == 0 => return None,
        None => None,
        Some(b'.') => text.get(i + 1..),
        Some(_) => return None,
    };
    let mut ms = whole.checked_mul(1000)?;
    if let Some(bytes) = fraction {
        if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let digit = |i: usize| bytes.get(i).map_or(0, |b| u64::from(b - b'0'));
        let round_up = u64::from(digit(3) >= 5);
        ms = ms.checked_add(digit(0) * 100 + digit(1) * 10 + digit(2) + round_up)?;
    }
    (ms <= MAX_TS).then_some(ms)
}

/// A `RINGNOANSWER` ring time: a non-negative integer (ms).
fn ring_ms(text: &str) -> Option<u64> {
    digits(text)
}

/// Decimal digits only (at least one), without overflow.
fn digits(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u64, |n, b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn fields_are_what_split_gives() {
        // Every placement of up to 7 `|`s in lines of 0..=20 bytes (both sides of the 8-byte
        // words), checked against `str::split`: field k is the k-th piece, for k < 6.
        for len in 0..=20usize {
            for mask in 0u32..(1 << len.min(12)) {
                let line: String = (0..len)
                    .map(|i| {
                        if i < 12 && mask & (1 << i) != 0 {
                            '|'
                        } else {
                            'é'
                        }
                    })
                    .collect();
                let f = Fields::new(&line);
                let pieces: Vec<&str> = line.split('|').collect();
                for k in 0..6 {
                    assert_eq!(f.get(k), pieces.get(k).copied(), "{line:?} field {k}");
                }
            }
        }
        let f = Fields::new("1|c|q|m|E|d1|d2|d3|d4");
        assert_eq!(f.get(5), Some("d1"));
    }

    #[test]
    fn events_by_number_are_events_by_name() {
        let names = [
            "ADDMEMBER",
            "REMOVEMEMBER",
            "AGENTLOGIN",
            "AGENTCALLBACKLOGIN",
            "AGENTLOGOFF",
            "AGENTCALLBACKLOGOFF",
            "PAUSE",
            "PAUSEALL",
            "UNPAUSE",
            "UNPAUSEALL",
            "CONNECT",
            "COMPLETEAGENT",
            "COMPLETECALLER",
            "TRANSFER",
            "BLINDTRANSFER",
            "ATTENDEDTRANSFER",
            "RINGNOANSWER",
        ];
        let kind = |op: Option<Op<'_>>| format!("{op:?}");
        for n in names {
            assert_ne!(kind(event_op(n, "q", "c", "d")), "None", "{n}");
            // Neither a prefix, a longer name, a padded one nor another case is the event.
            for other in [
                &n[..n.len() - 1],
                &format!("{n}X"),
                &format!("{n}\0"),
                &n.to_lowercase(),
            ] {
                assert_eq!(kind(event_op(other, "q", "c", "d")), "None", "{other:?}");
            }
        }
        assert_eq!(kind(event_op("PAUSE", "q", "c", "d")), "Some(Pause(\"d\"))");
        assert_eq!(
            kind(event_op("ATTENDEDTRANSFER", "q", "c", "d")),
            "Some(CallEnd(\"c\"))"
        );
        assert_eq!(kind(event_op("ENTERQUEUE", "q", "c", "d")), "None");
    }

    #[test]
    fn few_is_a_set() {
        // Against std's set: inserts and removes of short and long ids, beyond FEW at once and
        // back down to none.
        let ids: Vec<String> = (0..20)
            .map(|i| {
                if i % 3 == 0 {
                    format!("a call id longer than sixteen {i}")
                } else {
                    format!("17000.{i}")
                }
            })
            .collect();
        let mut few = Few::default();
        let mut reference = std::collections::HashSet::new();
        let ops = (0..20)
            .chain((0..20).rev().step_by(2))
            .chain(3..7)
            .chain(0..20);
        for (n, i) in ops.enumerate() {
            let id = &ids[i];
            if n < 34 || n % 2 == 0 {
                few.insert(id);
                reference.insert(id.clone());
            }
            if n >= 20 && n % 2 == 1 {
                few.remove(id);
                reference.remove(id);
            }
            assert_eq!(few.is_empty(), reference.is_empty(), "step {n}");
            for probe in &ids {
                let mut copy = few.clone();
                let had = reference.contains(probe);
                // Present exactly when a remove shrinks it, checked on a copy.
                let before = (copy.list.len(), copy.many.len());
                copy.remove(probe);
                assert_eq!(before != (copy.list.len(), copy.many.len()), had, "{probe}");
            }
        }
        for id in &ids {
            few.remove(id);
        }
        assert!(few.is_empty());
    }

    #[test]
    fn same_is_equality() {
        let names = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abce",
            "abcde",
            "abcdefg",
            "abcdefgh",
            "abcdefgi",
            "abcdefghi",
            "bbcdefghi",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "abcdefgXijklmnop",
            "abcdefghijklmnopq",
            "abcdefghXjklmnopq",
            "1767225600.12345",
            "1767225600.12346",
            "é",
            "\0",
            "\0\0",
            "a\0",
            "\0a",
        ];
        for a in names {
            for b in names {
                assert_eq!(same(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn epoch_seconds() {
        assert_eq!(epoch_seconds_to_ms("0"), Some(0));
        assert_eq!(epoch_seconds_to_ms("1700000000"), Some(1_700_000_000_000));
        assert_eq!(epoch_seconds_to_ms("1700000000.1"), Some(1_700_000_000_100));
        assert_eq!(
            epoch_seconds_to_ms("1700000000.123"),
            Some(1_700_000_000_123)
        );
        // Half up at the fourth digit.
        assert_eq!(
            epoch_seconds_to_ms("1700000000.1234"),
            Some(1_700_000_000_123)
        );
        assert_eq!(
            epoch_seconds_to_ms("1700000000.1235"),
            Some(1_700_000_000_124)
        );
        assert_eq!(epoch_seconds_to_ms("1.9999"), Some(2_000));
        // MAX_TS = 9007199254740991 ms.
        assert_eq!(epoch_seconds_to_ms("9007199254740.991"), Some(MAX_TS));
        assert_eq!(epoch_seconds_to_ms("9007199254740.9915"), None);
        assert_eq!(epoch_seconds_to_ms("9007199254741"), None);
        assert_eq!(epoch_seconds_to_ms("99999999999999999999"), None);
        for bad in [
            "", ".5", "5.", "-1", "+1", "1e9", " 1", "1 ", "1.2.3", "abc", "1.x",
        ] {
            assert_eq!(epoch_seconds_to_ms(bad), None, "{bad:?}");
        }
    }
}
