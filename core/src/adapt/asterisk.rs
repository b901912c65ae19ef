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
//! one by one, each by its `callid`; an end for a call never connected changes nothing. A ring
//! time longer than `ts` starts at epoch 0.
//!
//! Lines apply in time order, lines of the same second in file order (a stable sort by `ts`).
//! An [`Adapter`](super::Adapter) keeps each member's queues, pause and calls across reads, so a
//! call connected in one chunk ends in the next. A change earlier than one an earlier read
//! already applied for the member takes effect at that member's latest time: chiefly a
//! `RINGNOANSWER` whose ring started before the previous chunk's last line for that member.
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

use std::collections::HashMap;

use jiff::tz::TimeZone;

use super::{Deriver, Dimensions};
use crate::error::{quote_excerpt, InputError, Problem};
use crate::ids::MAX_TS;
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

/// One dimension change, at `ts` (epoch ms), for `agent`.
#[derive(Clone, Copy, Debug)]
struct Change<'a> {
    ts: u64,
    agent: &'a str,
    op: Op<'a>,
}

/// One member, as the lines read so far left it.
#[derive(Clone, Debug, Default)]
struct Member {
    /// Logged in by `AGENTLOGIN`/`AGENTCALLBACKLOGIN` (until a logoff).
    agent_login: bool,
    /// The queues it is a member of (by `ADDMEMBER`), each once.
    queues: Vec<Box<str>>,
    /// Paused, with its reason (`""`: none).
    paused: Option<Box<str>>,
    /// The `callid`s of its queue calls in progress, each once.
    calls: Vec<Box<str>>,
    /// Unanswered rings in progress (they may overlap: one per queue).
    rings: u32,
}

impl Member {
    fn logged_in(&self) -> bool {
        self.agent_login || !self.queues.is_empty()
    }

    fn apply(&mut self, op: Op<'_>) {
        match op {
            Op::AddQueue(q) => {
                if !self.queues.iter().any(|x| &**x == q) {
                    self.queues.push(q.into());
                }
            }
            Op::RemoveQueue(q) => self.queues.retain(|x| &**x != q),
            Op::Login => self.agent_login = true,
            Op::Logoff => {
                self.agent_login = false;
                self.queues.clear();
            }
            Op::Pause(reason) => {
                if self.logged_in() && self.paused.as_deref() != Some(reason) {
                    self.paused = Some(reason.into());
                }
            }
            Op::Unpause => self.paused = None,
            Op::CallStart(id) => {
                if !self.calls.iter().any(|x| &**x == id) {
                    self.calls.push(id.into());
                }
            }
            Op::CallEnd(id) => self.calls.retain(|x| &**x != id),
            Op::RingStart => self.rings = self.rings.saturating_add(1),
            Op::RingEnd => self.rings = self.rings.saturating_sub(1),
        }
        if !self.logged_in() {
            self.paused = None;
        }
    }

    fn dimensions(&self) -> Dimensions {
        let logged_in = self.logged_in();
        Dimensions {
            logged_in,
            ringing: self.rings > 0,
            paused: self.paused.as_deref().map(str::to_string),
            ready: logged_in,
            queue_call: !self.calls.is_empty(),
            ..Dimensions::default()
        }
    }
}

/// Each member's queues, pause, calls and rings across reads, keyed by the `agent` field.
#[derive(Clone, Debug, Default)]
pub(super) struct State {
    members: HashMap<String, Member>,
}

impl State {
    /// Reads whole `queue_log` lines, applies them in time order and hands `sink` the events
    /// they derive; returns the number of (non-blank) lines read.
    pub(super) fn read(
        &mut self,
        input: &[u8],
        _zone: Option<&TimeZone>,
        deriver: &mut Deriver,
        sink: &mut impl FnMut(EventRef<'_>) -> Result<(), InputError>,
    ) -> Result<usize, InputError> {
        let text = std::str::from_utf8(input).map_err(|e| {
            let before = input.get(..e.valid_up_to()).unwrap_or_default();
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            InputError::new(format!("line {line}"), Problem::InvalidUtf8)
        })?;
        let mut changes = Vec::with_capacity(text.len() / 48 + 1);
        let mut lines = 0;
        for (i, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() {
                continue;
            }
            lines += 1;
            parse_line(line, &mut changes).map_err(|e| e.within(&format!("line {}: ", i + 1)))?;
        }
        // Stable: lines of the same ms keep file order.
        changes.sort_by_key(|c| c.ts);
        for c in changes {
            let member = match self.members.get_mut(c.agent) {
                Some(m) => m,
                None => self.members.entry(c.agent.to_string()).or_default(),
            };
            member.apply(c.op);
            deriver.set(c.agent, c.ts, member.dimensions(), sink)?;
        }
        Ok(lines)
    }
}

/// Reads one non-blank line (without its line end) into `out`.
fn parse_line<'a>(line: &'a str, out: &mut Vec<Change<'a>>) -> Result<(), InputError> {
    let mut fields = line.split('|');
    let mut next = |got: usize| {
        fields
            .next()
            .ok_or(InputError::new("", Problem::QueueLogFieldCount { got }))
    };
    let time = next(0)?;
    let callid = next(1)?;
    let queue = next(2)?;
    let agent = next(3)?;
    let event = next(4)?;
    let data1 = fields.next().unwrap_or("");
    let ts = epoch_seconds_to_ms(time).ok_or_else(|| {
        InputError::new(
            "time",
            Problem::NotEpochSeconds {
                got: quote_excerpt(time),
            },
        )
    })?;
    let op = match event {
        "ADDMEMBER" => Op::AddQueue(queue),
        "REMOVEMEMBER" => Op::RemoveQueue(queue),
        "AGENTLOGIN" | "AGENTCALLBACKLOGIN" => Op::Login,
        "AGENTLOGOFF" | "AGENTCALLBACKLOGOFF" => Op::Logoff,
        "PAUSE" | "PAUSEALL" => Op::Pause(data1),
        "UNPAUSE" | "UNPAUSEALL" => Op::Unpause,
        "CONNECT" => Op::CallStart(callid),
        "COMPLETEAGENT" | "COMPLETECALLER" | "TRANSFER" | "BLINDTRANSFER" | "ATTENDEDTRANSFER" => {
            Op::CallEnd(callid)
        }
        "RINGNOANSWER" => Op::RingEnd,
        _ => return Ok(()),
    };
    if agent == "NONE" {
        return Ok(());
    }
    if agent.is_empty() {
        return Err(InputError::new("agent", Problem::EmptyString));
    }
    if let Op::RingEnd = op {
        let ms = ring_ms(data1).ok_or_else(|| {
            InputError::new(
                "data1",
                Problem::NotRingTimeMs {
                    got: quote_excerpt(data1),
                },
            )
        })?;
        let start = ts.saturating_sub(ms);
        out.push(Change {
            ts: start,
            agent,
            op: Op::RingStart,
        });
    }
    out.push(Change { ts, agent, op });
    Ok(())
}

/// `1700000000` or `1700000000.1234` (epoch seconds) in ms, the fraction rounded half up; `None`
/// for anything else or a time after `MAX_TS`.
fn epoch_seconds_to_ms(text: &str) -> Option<u64> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let mut ms = digits(whole)?.checked_mul(1000)?;
    if let Some(fraction) = fraction {
        let bytes = fraction.as_bytes();
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
    #![allow(clippy::unwrap_used)]

    use super::*;

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
