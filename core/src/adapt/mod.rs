//! Platform adapters: logs that are not the platform's own `agent_event` shape — Asterisk's
//! `queue_log`, Amazon Connect agent event streams, Twilio TaskRouter events, Genesys Cloud user
//! details — read into ordinary events.
//!
//! Every adapter is a thin reader that sets an agent's separate dimensions (logged in, paused and
//! why, ringing, on a queue call, on an outbound call, in wrap-up, unreachable, ready); the
//! [`Deriver`] folds them into the platform's nine canonical buckets by priority and emits an event
//! whenever the bucket or its reason changes (an agent's changes at one ms: one event, the last).
//!
//! Records are applied in time order: each call sorts its records by timestamp, ties in input
//! order. An [`Adapter`] keeps each agent's state across calls, so a log can arrive in chunks (an
//! `AgentLog` append, the CLI's streamed read); a record older than what an earlier call already
//! applied for the same agent takes effect at that agent's latest time (see [`Deriver`]).

mod deriver;
mod hash;
mod records;

mod asterisk;
mod connect;
mod genesys;
mod twilio;

use jiff::tz::TimeZone;

pub use deriver::{Deriver, Dimensions};

use crate::error::{InputError, Problem};
use crate::ids::NO_REASON;
use crate::parse::names::NameCache;
use crate::store::{Batch, EventRef, EventStore};

/// A platform log format, by the name users give it (`format` option, `--log-format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LogFormat {
    /// Asterisk `queue_log`: `epoch_seconds|callid|queue|member|EVENT|data…` lines.
    AsteriskQueueLog,
    /// Amazon Connect agent event stream records (one JSON object per line, or a JSON array).
    AmazonConnect,
    /// Twilio TaskRouter event callbacks or Event Streams events (JSON).
    TwilioTaskRouter,
    /// The Genesys Cloud users details query response (`userDetails[]`).
    GenesysUserDetails,
}

impl LogFormat {
    /// Every format, in the order documentation lists them.
    pub const ALL: [LogFormat; 4] = [
        LogFormat::AsteriskQueueLog,
        LogFormat::AmazonConnect,
        LogFormat::TwilioTaskRouter,
        LogFormat::GenesysUserDetails,
    ];

    /// The format's name: `asterisk-queue-log`, `amazon-connect`, `twilio-taskrouter`,
    /// `genesys-user-details`.
    pub fn name(self) -> &'static str {
        match self {
            LogFormat::AsteriskQueueLog => "asterisk-queue-log",
            LogFormat::AmazonConnect => "amazon-connect",
            LogFormat::TwilioTaskRouter => "twilio-taskrouter",
            LogFormat::GenesysUserDetails => "genesys-user-details",
        }
    }

    /// The format named `name` (exactly, case-sensitive), if any.
    pub fn from_name(name: &str) -> Option<LogFormat> {
        LogFormat::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// What an adapter keeps of one format between calls.
#[derive(Clone, Debug)]
enum State {
    Asterisk(asterisk::State),
    Connect(connect::State),
    Twilio(twilio::State),
    Genesys(genesys::State),
}

/// Reads one platform's log into ordinary events, keeping each agent's state across calls.
#[derive(Clone, Debug)]
pub struct Adapter {
    format: LogFormat,
    state: State,
    deriver: Deriver,
}

impl Adapter {
    /// An adapter for `format` that has read nothing yet.
    pub fn new(format: LogFormat) -> Self {
        let state = match format {
            LogFormat::AsteriskQueueLog => State::Asterisk(asterisk::State::default()),
            LogFormat::AmazonConnect => State::Connect(connect::State::default()),
            LogFormat::TwilioTaskRouter => State::Twilio(twilio::State::default()),
            LogFormat::GenesysUserDetails => State::Genesys(genesys::State::default()),
        };
        Adapter {
            format,
            state,
            deriver: Deriver::new(),
        }
    }

    /// The format this adapter reads.
    pub fn format(&self) -> LogFormat {
        self.format
    }

    /// Reads `input` (the whole text of a log, or its next chunk of whole records) and hands each
    /// derived event to `sink`, in time order per agent (an agent's changes at one time make one
    /// event, of the last: see [`Deriver`]); returns the number of records read.
    /// `zone` reads timestamps written without an offset (none given: such a timestamp is an
    /// error). All or nothing: on an error (a bad record, named by its line or index, or the
    /// sink's error) the adapter's state is as before the call.
    pub fn read(
        &mut self,
        input: &[u8],
        zone: Option<&TimeZone>,
        mut sink: impl FnMut(EventRef<'_>) -> Result<(), InputError>,
    ) -> Result<usize, InputError> {
        let mut next = self.clone();
        let input = crate::parse::strip_bom(input);
        let deriver = &mut next.deriver;
        let n = match &mut next.state {
            State::Asterisk(s) => s.read(input, zone, deriver, &mut |_, _, e| sink(e))?,
            State::Connect(s) => s.read(input, zone, deriver, &mut sink)?,
            State::Twilio(s) => s.read(input, zone, deriver, &mut sink)?,
            State::Genesys(s) => s.read(input, zone, deriver, &mut sink)?,
        };
        deriver.flush(&mut sink)?;
        *self = next;
        Ok(n)
    }

    /// Reads `input` as [`Adapter::read`] does and stages its events in `batch`, interned by
    /// `store`: exactly what `read(input, zone, |e| batch.push(store, e))` stages, with the same
    /// ids, interner tables and errors, but each agent's id, status and reason interned once per
    /// call (the `asterisk-queue-log` reader hands over its agents by [`Deriver`] slot; the other
    /// formats go through [`Batch::push`]). Returns the number of records read.
    ///
    /// All or nothing for the adapter: on an error its state is as before the call. `store` and
    /// `batch` are then left as that `read` with `push` leaves them (names and events staged before
    /// the error): stage into an [`EventStore::staging`] store to keep a failed read out of a log.
    pub fn read_into(
        &mut self,
        input: &[u8],
        zone: Option<&TimeZone>,
        store: &mut EventStore,
        batch: &mut Batch,
    ) -> Result<usize, InputError> {
        if !matches!(self.state, State::Asterisk(_)) {
            return self.read(input, zone, |e| batch.push(store, e));
        }
        let mut next = self.clone();
        let input = crate::parse::strip_bom(input);
        let mut to = Staging::new(store, batch);
        let deriver = &mut next.deriver;
        let mut sink = |slot: u32, status: &'static str, e: EventRef<'_>| to.push(slot, status, e);
        let n = match &mut next.state {
            State::Asterisk(s) => s.read(input, zone, deriver, &mut sink)?,
            _ => 0,
        };
        deriver.flush_slots(&mut sink)?;
        *self = next;
        Ok(n)
    }
}

/// The most statuses [`Staging`] remembers (derived events have 9: more only if the same name
/// were at several places).
const MAX_STATUS_KEYS: usize = 32;

/// No id yet for this slot in [`Staging::agents`].
const UNSEEN: u32 = u32::MAX;

/// A store and the batch its events are staged in, with each name's id once interned in this
/// call: agents by [`Deriver`] slot, the (few, static) statuses by address, reasons by their bytes.
struct Staging<'s> {
    store: &'s mut EventStore,
    batch: &'s mut Batch,
    agents: Vec<u32>,
    /// By where the status's text is and its length: a derived event's status is one of the
    /// deriver's static names, so one comparison of two numbers finds it.
    statuses: Vec<((usize, usize), u32)>,
    reasons: NameCache,
}

impl<'s> Staging<'s> {
    fn new(store: &'s mut EventStore, batch: &'s mut Batch) -> Self {
        Staging {
            store,
            batch,
            agents: Vec::new(),
            statuses: Vec::new(),
            reasons: NameCache::default(),
        }
    }

    /// Stages `event` (of the agent of `slot`, whose status is `status`, a static name) as
    /// [`Batch::push`] would: the store's whole check before the first interning
    /// of any of its names, else only the time's (its names passed that check before).
    fn push(
        &mut self,
        slot: u32,
        status: &'static str,
        event: EventRef<'_>,
    ) -> Result<(), InputError> {
        let store = &mut *self.store;
        let mut checked = false;
        let cached = self.agents.get(slot as usize).copied().unwrap_or(UNSEEN);
        let agent = if cached == UNSEEN {
            check_once(store, &event, &mut checked)?;
            let id = store.intern_agent(event.user_id)?;
            if slot as usize >= self.agents.len() {
                self.agents.resize(slot as usize + 1, UNSEEN);
            }
            if let Some(a) = self.agents.get_mut(slot as usize) {
                *a = id;
            }
            id
        } else {
            cached
        };
        // `status` is static: its address and length name it for good.
        let key = (status.as_ptr() as usize, status.len());
        let status = match self.statuses.iter().find(|(k, _)| *k == key) {
            Some(&(_, id)) => id,
            None => {
                check_once(store, &event, &mut checked)?;
                let id = store.intern_status(status)?;
                if self.statuses.len() < MAX_STATUS_KEYS {
                    self.statuses.push((key, id));
                }
                id
            }
        };
        let reason = match event.reason {
            None | Some("") => NO_REASON,
            Some(r) => self.reasons.id(
                r.as_bytes(),
                |r| {
                    check_once(store, &event, &mut checked)?;
                    store.intern_reason(Some(r))
                },
                || InputError::new("", Problem::InvalidUtf8),
            )?,
        };
        if !checked {
            store.check_ts_in_log(event.ts)?;
        }
        self.batch.push_ids(agent, event.ts, status, reason);
        Ok(())
    }
}

/// [`EventStore::check`] of `event`, unless `checked` says it was made.
fn check_once(
    store: &EventStore,
    event: &EventRef<'_>,
    checked: &mut bool,
) -> Result<(), InputError> {
    if !*checked {
        store.check(event)?;
        *checked = true;
    }
    Ok(())
}
