//! Platform adapters: logs that are not the platform's own `agent_event` shape — Asterisk's
//! `queue_log`, Amazon Connect agent event streams, Twilio TaskRouter events, Genesys Cloud user
//! details — read into ordinary events.
//!
//! Every adapter is a thin reader that sets an agent's separate dimensions (logged in, paused and
//! why, ringing, on a queue call, on an outbound call, in wrap-up, unreachable, ready); the
//! [`Deriver`] folds them into the platform's nine canonical buckets by priority and emits an event
//! whenever the bucket or its reason changes.
//!
//! Records are applied in time order: each call sorts its records by timestamp, ties in input
//! order. An [`Adapter`] keeps each agent's state across calls, so a log can arrive in chunks (an
//! `AgentLog` append, the CLI's streamed read); a record older than what an earlier call already
//! applied for the same agent takes effect at that agent's latest time (see [`Deriver`]).

mod deriver;
mod records;

mod asterisk;
mod connect;
mod genesys;
mod twilio;

use jiff::tz::TimeZone;

pub use deriver::{Deriver, Dimensions};

use crate::error::InputError;
use crate::store::EventRef;

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
    /// derived event to `sink`, in time order per agent; returns the number of records read.
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
            State::Asterisk(s) => s.read(input, zone, deriver, &mut sink)?,
            State::Connect(s) => s.read(input, zone, deriver, &mut sink)?,
            State::Twilio(s) => s.read(input, zone, deriver, &mut sink)?,
            State::Genesys(s) => s.read(input, zone, deriver, &mut sink)?,
        };
        *self = next;
        Ok(n)
    }
}
