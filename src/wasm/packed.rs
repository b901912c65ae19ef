//! The packed input path: events already split into columns by the JS packer (`npm/packer.js`):
//! dictionaries of strings plus one typed array per field. One call crosses the boundary instead of
//! four property reads per event. The columns are validated again here (never trusted).

use wasm_bindgen::prelude::*;

use crate::error::InputError;
use crate::log::AgentLog;
use crate::store::{check_name, EventStore, MAX_EVENTS, MAX_TS, NO_REASON};
use crate::wasm::{one_shot, read, to_js_error, JsResult};

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
            return Err(InputError::range_error("events", "bad dictionary code"));
        }
        for (i, &t) in self.ts.iter().enumerate() {
            if !(t.is_finite() && t >= 0.0 && t.fract() == 0.0 && t <= MAX_TS as f64) {
                return Err(InputError::range_error(
                    "ts",
                    format!("expected a non-negative integer (epoch ms) <= {MAX_TS}, got {t}"),
                )
                .within(&format!("events[{i}]")));
            }
            // t is an integer in 0..=MAX_TS: the cast is exact.
            store
                .check_ts_in_log(t as u64)
                .map_err(|e| e.within(&format!("events[{i}]")))?;
        }
        if store.len().saturating_add(self.ts.len()) > MAX_EVENTS {
            return Err(InputError::range_error(
                "events",
                format!(
                    "the log is full: at most {MAX_EVENTS} events (compact() or split the input)"
                ),
            ));
        }
        Ok(())
    }

    /// Appends every event to `log`; errors name the event as `events[i].field`.
    pub fn append_to(&self, log: &mut AgentLog) -> Result<(), InputError> {
        let n = self.agent.len();
        let no_reasons = self.reason.is_empty();
        if self.ts.len() != n || self.status.len() != n || (self.reason.len() != n && !no_reasons) {
            return Err(InputError::range_error(
                "events",
                "packed columns have different lengths",
            ));
        }
        let store = log.store_mut();
        let agent_ids = self
            .agents
            .iter()
            .map(|a| store.intern_agent(a))
            .collect::<Result<Vec<u32>, InputError>>()?;
        let status_ids = self
            .statuses
            .iter()
            .map(|s| store.intern_status(s))
            .collect::<Result<Vec<u32>, InputError>>()?;
        let reason_ids = self
            .reasons
            .iter()
            .map(|r| store.intern_reason(Some(r)))
            .collect::<Result<Vec<u32>, InputError>>()?;
        let missing_reasons = if no_reasons { n } else { 0 };
        let reasons = self
            .reason
            .iter()
            .copied()
            .chain(std::iter::repeat_n(0, missing_reasons));
        // Room for the timelines (16 bytes an event) in one step, then each agent's exact share.
        crate::wasm::reserve_heap(n.saturating_mul(16));
        store.reserve_for(
            self.agent
                .iter()
                .filter_map(|&a| agent_ids.get(a as usize).copied()),
        );
        let rows = self.agent.iter().zip(self.ts).zip(self.status).zip(reasons);
        for (i, (((&a, &t), &s), r)) in rows.enumerate() {
            let at = || format!("events[{i}]");
            let agent = *agent_ids.get(a as usize).ok_or_else(|| {
                InputError::range_error("user_id", "bad dictionary code").within(&at())
            })?;
            let status = *status_ids.get(s as usize).ok_or_else(|| {
                InputError::range_error("status", "bad dictionary code").within(&at())
            })?;
            let reason = match r.checked_sub(1) {
                None => NO_REASON,
                Some(k) => *reason_ids.get(k as usize).ok_or_else(|| {
                    InputError::range_error("reason", "bad dictionary code").within(&at())
                })?,
            };
            if !(t.is_finite() && t >= 0.0 && t.fract() == 0.0 && t <= MAX_TS as f64) {
                return Err(InputError::range_error(
                    "ts",
                    format!("expected a non-negative integer (epoch ms) <= {MAX_TS}, got {t}"),
                )
                .within(&at()));
            }
            // t is an integer in 0..=MAX_TS: the cast is exact.
            store
                .push_ids(agent, t as u64, status, reason)
                .map_err(|e| e.within(&at()))?;
        }
        Ok(())
    }
}

/// `agentKpis` on packed columns; called by the JS packer, not part of the documented API.
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
    let opts = read::query(&since, &options).map_err(|e| to_js_error(&e))?;
    let packed = Packed {
        agents: &agents,
        statuses: &statuses,
        reasons: &reasons,
        agent,
        ts,
        status,
        reason,
    };
    one_shot(opts, |log| packed.append_to(log))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::Window;

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
}
