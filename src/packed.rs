//! The packed input path: events already split into columns by the JS packer (`npm/packer.js`):
//! dictionaries of strings plus one typed array per field. One call crosses the boundary instead of
//! four property reads per event. The columns are validated again here (never trusted).

use wasm_bindgen::prelude::*;

use crate::options::ReadKeys;
use crate::throw::JsResult;
use crate::{heap, oneshot, options, write};
use agent_kpis_core::input::check_name;
use agent_kpis_core::AgentLog;
use agent_kpis_core::AgentsResponse;
use agent_kpis_core::Query;
use agent_kpis_core::{log_full, EventStore, CANONICAL_STATUSES, MAX_EVENTS, MAX_TS, NO_REASON};
use agent_kpis_core::{EventRef, StatusMap};
use agent_kpis_core::{InputError, Problem};
use agent_kpis_core::{OnePass, PushRefused};
use std::collections::HashMap;

/// Events as parallel columns: event `i` is agent `agents[agent[i]]`, time `ts[i]`, status
/// `statuses[status[i]]`, and reason `reasons[reason[i] - 1]` (0 = no reason).
pub struct Packed<'a> {
    /// Distinct user ids (integers already in decimal form).
    pub agents: &'a [String],
    /// Distinct statuses.
    pub statuses: &'a [String],
    /// Distinct reasons.
    pub reasons: &'a [String],
    /// Index into `agents`, per event.
    pub agent: &'a [u32],
    /// Epoch ms, per event (a safe non-negative integer as an f64).
    pub ts: &'a [f64],
    /// Index into `statuses`, per event.
    pub status: &'a [u32],
    /// 0 for no reason, else 1 + index into `reasons`, per event; empty when no event has a reason
    /// (saves copying a column of zeros into wasm memory).
    pub reason: &'a [u32],
}

/// The status and reason columns of packed events after a status map: what [`StatusMap::map`]
/// makes of each event, computed once per distinct status (not per event).
pub struct MappedColumns {
    /// The statuses, each mapped.
    pub statuses: Vec<String>,
    /// The reasons, then the replacement reasons the map sets.
    pub reasons: Vec<String>,
    /// The reason column as the map leaves it (same encoding as [`Packed::reason`], never empty).
    pub reason: Vec<u32>,
}

/// What a status map does to the reason of an event of one status.
enum ReasonOf {
    /// The event's own.
    Keep,
    /// This reason code (0: none).
    Code(u32),
}

impl MappedColumns {
    /// `map` applied to the columns `statuses`, `reasons`, `status`, `reason` (of [`Packed`]).
    /// A status code outside `statuses` is left as it is, for [`Packed::check`] to report.
    pub fn new(
        map: &StatusMap,
        statuses: &[String],
        reasons: &[String],
        status: &[u32],
        reason: &[u32],
    ) -> Self {
        let mut out = MappedColumns {
            statuses: Vec::with_capacity(statuses.len()),
            reasons: reasons.to_vec(),
            reason: Vec::with_capacity(status.len()),
        };
        let mut added: HashMap<String, u32> = HashMap::new();
        let rules: Vec<ReasonOf> = statuses
            .iter()
            .map(|name| {
                // Two probes tell the rule apart: a kept reason comes back as given, a set or
                // dropped one is the same for both.
                let probe = |r| EventRef {
                    user_id: "",
                    ts: 0,
                    status: name,
                    reason: Some(r),
                };
                let (a, b) = (map.map(probe("a")), map.map(probe("b")));
                out.statuses.push(a.status.to_string());
                match (a.reason, b.reason) {
                    (Some("a"), Some("b")) => ReasonOf::Keep,
                    (None | Some(""), _) => ReasonOf::Code(0),
                    (Some(r), _) => {
                        let next = u32::try_from(out.reasons.len() + 1).unwrap_or(u32::MAX);
                        let code = *added.entry(r.to_string()).or_insert_with(|| {
                            out.reasons.push(r.to_string());
                            next
                        });
                        ReasonOf::Code(code)
                    }
                }
            })
            .collect();
        for (i, &s) in status.iter().enumerate() {
            let own = reason.get(i).copied().unwrap_or(0);
            out.reason.push(match rules.get(s as usize) {
                Some(ReasonOf::Code(code)) => *code,
                Some(ReasonOf::Keep) | None => own,
            });
        }
        out
    }
}

impl Packed<'_> {
    /// Checks everything [`Packed::append_to`] checks, without changing `store`: dictionary
    /// entries, codes, timestamps (valid, not before a compacted log's horizon) and the size limit.
    pub fn check(&self, store: &EventStore) -> Result<(), InputError> {
        for (dict, path) in [
            (self.agents, "user_id"),
            (self.statuses, "status"),
            (self.reasons, "reason"),
        ] {
            for name in dict {
                check_name(name, path)?;
            }
        }
        let codes_ok = |codes: &[u32], len: usize, offset: u32| {
            codes
                .iter()
                .all(|&c| c.checked_sub(offset).is_none_or(|c| (c as usize) < len))
        };
        if !codes_ok(self.agent, self.agents.len(), 0)
            || !codes_ok(self.status, self.statuses.len(), 0)
            || !codes_ok(self.reason, self.reasons.len(), 1)
        {
            return Err(InputError::new("events", Problem::BadDictionaryCode));
        }
        for (i, &t) in self.ts.iter().enumerate() {
            if !(t.is_finite() && t >= 0.0 && t.fract() == 0.0 && t <= MAX_TS as f64) {
                return Err(bad_ts(t).within(&format!("events[{i}]")));
            }
            // t is an integer in 0..=MAX_TS: the cast is exact.
            store
                .check_ts_in_log(t as u64)
                .map_err(|e| e.within(&format!("events[{i}]")))?;
        }
        if store.len().saturating_add(self.ts.len()) > MAX_EVENTS {
            return Err(log_full("events"));
        }
        Ok(())
    }

    /// Checks that the columns have one entry per event (the reason column may be empty).
    fn check_lengths(&self) -> Result<usize, InputError> {
        let n = self.agent.len();
        let reasons_ok = self.reason.is_empty() || self.reason.len() == n;
        if self.ts.len() != n || self.status.len() != n || !reasons_ok {
            return Err(InputError::new("events", Problem::ColumnLengths));
        }
        Ok(n)
    }

    /// The events in order as `(agent code, ts, status code, reason code)`.
    fn rows(&self) -> impl Iterator<Item = (u32, f64, u32, u32)> + Clone + '_ {
        let missing_reasons = if self.reason.is_empty() {
            self.agent.len()
        } else {
            0
        };
        let reasons = self
            .reason
            .iter()
            .copied()
            .chain(std::iter::repeat_n(0, missing_reasons));
        let rows = self.agent.iter().zip(self.ts).zip(self.status).zip(reasons);
        rows.map(|(((&a, &t), &s), r)| (a, t, s, r))
    }

    /// Appends every event to `log`; errors name the event as `events[i].field`.
    pub fn append_to(&self, log: &mut AgentLog) -> Result<(), InputError> {
        let n = self.check_lengths()?;
        let store = log.store_mut();
        let mut ids = Ids::new(self);
        // Agents interned in order of first appearance (invalid names are left for the main loop to
        // report in event order), so each timeline gets its exact room at once.
        for &a in self.agent {
            let _ = id(&mut ids.agent, self.agents, a, "user_id", |name| {
                store.intern_agent(name)
            });
        }
        heap::reserve_heap(n.saturating_mul(16));
        store.reserve_for(
            self.agent
                .iter()
                .filter_map(|&a| ids.agent.get(a as usize).copied())
                .filter(|&id| id != NOT_INTERNED),
        );
        for (i, row) in self.rows().enumerate() {
            let at = || format!("events[{i}]");
            let (agent, ts, status, reason) =
                ids.event(self, store, row).map_err(|e| e.within(&at()))?;
            store
                .push_ids(agent, ts, status, reason)
                .map_err(|e| e.within(&at()))?;
        }
        Ok(())
    }

    /// The one-shot KPIs of these events over `query`'s window, with the blocks of its `include`
    /// (and `groups`), in one pass ([`agent_kpis_core::onepass`]) when every
    /// agent's events are in time order, else after a stable sort. Same errors as
    /// [`Packed::append_to`] into an empty log.
    pub fn fold_once(&self, query: &Query) -> Result<AgentsResponse, InputError> {
        let (window, include, groups) = (query.window, query.include, query.groups.as_ref());
        let n = self.check_lengths()?;
        if n > MAX_EVENTS {
            return Err(log_full("").within(&format!("events[{MAX_EVENTS}]")));
        }
        let mut store = EventStore::new();
        let mut ids = Ids::new(self);
        let statuses = CANONICAL_STATUSES.len() + self.statuses.len();
        let mut pass = OnePass::with_include(window, self.agents.len(), statuses, include);
        let (agent, ts, status) = (self.agent.iter(), self.ts.iter(), self.status.iter());
        let codes = agent.zip(ts).zip(status);
        // Two copies of the loop, so the common case without reasons reads no reason column.
        let sorted = if self.reason.is_empty() {
            let rows = codes.map(|((&a, &t), &s)| (a, t, s, 0));
            fold_rows(self, rows, &mut ids, &mut store, &mut pass)?
        } else {
            let rows = codes
                .zip(self.reason)
                .map(|(((&a, &t), &s), &r)| (a, t, s, r));
            fold_rows(self, rows, &mut ids, &mut store, &mut pass)?
        };
        if sorted {
            return Ok(pass.finish_with(&store, groups));
        }
        // Every code in the input was interned (and every ts checked) by the loop above.
        let events = self.rows().map(|row| ids.lookup(row));
        agent_kpis_core::fold_sorted_with(&store, events, window, include, groups)
    }
}

/// Reads, interns and folds `rows` (the events of `packed`, in order) into `pass`; returns
/// `Ok(false)`, having still read and checked every row, when an agent's events are out of order.
#[inline(always)]
fn fold_rows(
    packed: &Packed<'_>,
    rows: impl Iterator<Item = (u32, f64, u32, u32)>,
    ids: &mut Ids,
    store: &mut EventStore,
    pass: &mut OnePass,
) -> Result<bool, InputError> {
    let mut sorted = true;
    for (i, row) in rows.enumerate() {
        let (a, t, s, r) = ids
            .event(packed, store, row)
            .map_err(|e| e.within(&format!("events[{i}]")))?;
        if sorted {
            match pass.push(a, t, s, r) {
                Ok(()) => {}
                Err(PushRefused::Disorder) => sorted = false,
                Err(PushRefused::UnknownId) => {
                    return Err(InputError::new("events", Problem::UnknownId { what: "" }))
                }
            }
        }
    }
    Ok(sorted)
}

/// Dictionary code → interned id ([`NOT_INTERNED`] until the code first occurs in the events), so that
/// agents, statuses and reasons get ids (hence output order) by first appearance in the events, as
/// on the object path, whatever the order of the dictionaries.
struct Ids {
    agent: Vec<u32>,
    status: Vec<u32>,
    reason: Vec<u32>,
}

/// A dictionary entry not interned yet: never an id, since interners hold fewer than `u32::MAX - 1`
/// strings, and not [`NO_REASON`] either.
const NOT_INTERNED: u32 = u32::MAX - 1;

impl Ids {
    fn new(packed: &Packed<'_>) -> Self {
        Ids {
            agent: vec![NOT_INTERNED; packed.agents.len()],
            status: vec![NOT_INTERNED; packed.statuses.len()],
            reason: vec![NOT_INTERNED; packed.reasons.len()],
        }
    }

    /// The ids of every code, once the events have all been read (unused codes stay [`NOT_INTERNED`]).
    fn lookup(&self, (a, t, s, r): (u32, f64, u32, u32)) -> (u32, u64, u32, u32) {
        let get =
            |table: &[u32], code: u32| table.get(code as usize).copied().unwrap_or(NOT_INTERNED);
        let reason = r.checked_sub(1).map_or(NO_REASON, |k| get(&self.reason, k));
        // Read after validation: t is an integer in 0..=MAX_TS, the cast is exact.
        (get(&self.agent, a), t as u64, get(&self.status, s), reason)
    }

    /// Validates one row and interns its strings in `store` on first use.
    #[inline(always)]
    fn event(
        &mut self,
        packed: &Packed<'_>,
        store: &mut EventStore,
        (a, t, s, r): (u32, f64, u32, u32),
    ) -> Result<(u32, u64, u32, u32), InputError> {
        let agent = id(&mut self.agent, packed.agents, a, "user_id", |name| {
            store.intern_agent(name)
        })?;
        let status = id(&mut self.status, packed.statuses, s, "status", |name| {
            store.intern_status(name)
        })?;
        let reason = match r.checked_sub(1) {
            None => NO_REASON,
            Some(k) => id(&mut self.reason, packed.reasons, k, "reason", |name| {
                store.intern_reason(Some(name))
            })?,
        };
        // In range (NaN fails both comparisons) and an integer: the cast is exact then.
        let ms = t as u64;
        if !(t >= 0.0 && t <= MAX_TS as f64 && ms as f64 == t) {
            return Err(bad_ts(t));
        }
        Ok((agent, ms, status, reason))
    }
}

/// The error for a `ts` that is not an integer epoch ms in `0..=MAX_TS`. The value is shown as Rust
/// formats an f64 (`inf`, `-1`, `1.5`), not as JS would (`Infinity`).
#[cold]
fn bad_ts(t: f64) -> InputError {
    let got = t.to_string();
    InputError::new("ts", Problem::EpochMsOutOfRange { got })
}

/// The interned id of dictionary entry `code` (at `path`), interned by `intern` on first use.
#[inline(always)]
fn id(
    table: &mut [u32],
    names: &[String],
    code: u32,
    path: &str,
    intern: impl FnOnce(&str) -> Result<u32, InputError>,
) -> Result<u32, InputError> {
    match table.get(code as usize) {
        Some(&id) if id != NOT_INTERNED => Ok(id),
        _ => first_use(table, names, code, path, intern),
    }
}

/// [`id`] of a code not seen before: checks it and interns its entry.
#[cold]
#[inline(never)]
fn first_use(
    table: &mut [u32],
    names: &[String],
    code: u32,
    path: &str,
    intern: impl FnOnce(&str) -> Result<u32, InputError>,
) -> Result<u32, InputError> {
    let (Some(slot), Some(name)) = (table.get_mut(code as usize), names.get(code as usize)) else {
        return Err(InputError::new(path, Problem::BadDictionaryCode));
    };
    let id = intern(name)?;
    *slot = id;
    Ok(id)
}

/// `agentKpis` on packed columns.
// Internal: only npm/packer.js calls it (and declares its type); the package entries do not export it.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = __agentKpisPacked, skip_typescript)]
pub fn agent_kpis_packed(
    agents: Vec<String>,
    statuses: Vec<String>,
    reasons: Vec<String>,
    agent: &[u32],
    ts: &[f64],
    status: &[u32],
    reason: &[u32],
    since: JsValue,
    options: JsValue,
) -> JsResult<JsValue> {
    let (opts, reading) = options::read_query_in(&since, &options, ReadKeys::Objects)?;
    let mapped = (reading.core.status_map.as_ref())
        .map(|m| MappedColumns::new(m, &statuses, &reasons, status, reason));
    let packed = match &mapped {
        Some(m) => Packed {
            agents: &agents,
            statuses: &m.statuses,
            reasons: &m.reasons,
            agent,
            ts,
            status,
            reason: &m.reason,
        },
        None => Packed {
            agents: &agents,
            statuses: &statuses,
            reasons: &reasons,
            agent,
            ts,
            status,
            reason,
        },
    };
    if opts.schedules.is_none() {
        return write::response(&packed.fold_once(&opts.query)?);
    }
    oneshot::kpis_of_new_log(opts, |log| packed.append_to(log))
}

#[cfg(test)]
mod tests {
    use super::*;
    use agent_kpis_core::ErrorKind::{self, Range};
    use agent_kpis_core::Window;

    #[test]
    fn empty_reason_column_means_no_reasons() {
        let agents = ["a".to_string()];
        let statuses = ["ready".to_string(), "incall".to_string()];
        let packed = Packed {
            agents: &agents,
            statuses: &statuses,
            reasons: &[],
            agent: &[0, 0],
            ts: &[0.0, 4.0],
            status: &[0, 1],
            reason: &[],
        };
        let mut log = AgentLog::new();
        packed.append_to(&mut log).unwrap();
        // ready 0..4, incall 4..10.
        let r = log.kpis(Window::new(0, 10).unwrap()).unwrap();
        assert_eq!(
            r.agents[0].status_ms.0,
            [("incall".to_string(), 6), ("ready".to_string(), 4)]
        );
    }

    /// One event of agent code `agent`, `ts`, status code `status` and reason code `reason`
    /// against dictionaries of one agent, one status and one reason.
    fn one_event<T>(
        agent: u32,
        ts: f64,
        status: u32,
        reason: u32,
        f: impl FnOnce(&Packed<'_>) -> T,
    ) -> T {
        let (agents, statuses, reasons) =
            (["a".to_string()], ["ready".to_string()], ["r".to_string()]);
        f(&Packed {
            agents: &agents,
            statuses: &statuses,
            reasons: &reasons,
            agent: &[agent],
            ts: &[ts],
            status: &[status],
            reason: &[reason],
        })
    }

    /// An error as the exports throw it: message and class.
    fn message(e: InputError) -> (String, ErrorKind) {
        (e.to_string(), e.kind())
    }

    /// The packed path's own messages, exact (the JS packer checks the columns first, so only
    /// direct callers of the exports meet them).
    #[test]
    fn bad_columns_are_named() {
        let window = Window::new(0, 10).unwrap();
        let store = EventStore::new();
        let range = |s: &str| (s.to_string(), Range);
        let check = |a, t, s, r| one_event(a, t, s, r, |p| p.check(&store).map_err(message));
        let fold = |a, t, s, r| {
            one_event(a, t, s, r, |p| {
                p.fold_once(&Query::new(window)).map(drop).map_err(message)
            })
        };
        assert_eq!(
            check(1, 0.0, 0, 0),
            Err(range("events: bad dictionary code"))
        );
        assert_eq!(
            check(0, 0.0, 0, 2),
            Err(range("events: bad dictionary code"))
        );
        assert_eq!(
            fold(1, 0.0, 0, 0),
            Err(range("events[0].user_id: bad dictionary code"))
        );
        assert_eq!(
            fold(0, 0.0, 1, 0),
            Err(range("events[0].status: bad dictionary code"))
        );
        assert_eq!(
            fold(0, 0.0, 0, 2),
            Err(range("events[0].reason: bad dictionary code"))
        );
        let bad_ts = |got: &str| {
            range(&format!(
                "events[0].ts: expected a non-negative integer (epoch ms) <= 9007199254740991, got {got}"
            ))
        };
        for (t, got) in [
            (-1.0, "-1"),
            (1.5, "1.5"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (9_007_199_254_740_992.0, "9007199254740992"),
        ] {
            assert_eq!(check(0, t, 0, 0), Err(bad_ts(got)), "{t}");
            assert_eq!(fold(0, t, 0, 0), Err(bad_ts(got)), "{t}");
        }
        let agents = ["a".to_string()];
        let uneven = Packed {
            agents: &agents,
            statuses: &[],
            reasons: &[],
            agent: &[0, 0],
            ts: &[0.0],
            status: &[0, 0],
            reason: &[],
        };
        let lengths = range("events: packed columns have different lengths");
        assert_eq!(
            uneven
                .fold_once(&Query::new(window))
                .map(drop)
                .map_err(message),
            Err(lengths.clone())
        );
        assert_eq!(
            uneven.append_to(&mut AgentLog::new()).map_err(message),
            Err(lengths)
        );
    }
}
