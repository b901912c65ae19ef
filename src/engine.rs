//! The live engine's JS class, `AgentLog`: a core [`agent_kpis_core::log::AgentLog`] kept across calls.

use wasm_bindgen::prelude::*;

use crate::packed::Packed;
use crate::rows::{self, HeldNameCounts};
use crate::{events, options, schedules, text, value, write, JsResult};
use agent_kpis_core::error::InputError;
use agent_kpis_core::log::{AgentLog, Query};
use agent_kpis_core::parse;
use agent_kpis_core::schedule::Schedules;
use agent_kpis_core::store::{Batch, EventStore};

/// Reads a query's `since` and options for an `AgentLog`, which takes schedules from
/// `setSchedules()` instead of `options.schedules`.
fn engine_query(since: &JsValue, options: &JsValue) -> Result<Query, InputError> {
    let opts = options::read_query(since, options)?;
    if opts.schedules.is_some() {
        return Err(InputError::range_error(
            "options.schedules",
            "an AgentLog takes schedules from setSchedules()",
        ));
    }
    Ok(opts.query)
}

/// `new AgentLog()`: an append-only log for live dashboards. Declared for TypeScript in
/// `types.rs`.
#[wasm_bindgen(js_name = AgentLog, skip_typescript)]
#[derive(Default)]
pub struct AgentLogHandle {
    log: AgentLog,
    /// The last query's rows as numbers, kept for its allocation.
    numbers: Vec<f64>,
}

#[wasm_bindgen(js_class = AgentLog)]
impl AgentLogHandle {
    /// An empty log.
    #[wasm_bindgen(constructor)]
    pub fn new() -> AgentLogHandle {
        AgentLogHandle::default()
    }

    /// Appends a batch of events (any order). All or nothing: on a bad event nothing is appended.
    /// Returns the number of events appended.
    pub fn append(&mut self, events: JsValue) -> JsResult<u32> {
        // Names go to a staging store first: a bad event leaves this log untouched.
        let mut staging = self.log.store().staging();
        let mut batch = Batch::default();
        events::read(&events, |e| batch.push(&mut staging, e))?;
        self.commit(&staging, &batch)
    }

    /// Appends a batch staged in `staging` (see [`agent_kpis_core::store::EventStore::staging`]).
    fn commit(&mut self, staging: &EventStore, batch: &Batch) -> JsResult<u32> {
        self.log
            .store_mut()
            .append_staged(staging, batch)
            .map_err(|e| e.within("events"))?;
        Ok(u32::try_from(batch.len()).unwrap_or(u32::MAX))
    }

    /// Replaces the agents' schedules (the format of `agentKpis`'s `options.schedules`);
    /// `null`/`undefined` removes them. On error the previous schedules stay.
    #[wasm_bindgen(js_name = setSchedules)]
    pub fn set_schedules(&mut self, schedules: JsValue) -> JsResult<()> {
        let raw = schedules::read(&schedules, "schedules")?;
        let compiled = Schedules::compile(&raw.unwrap_or_default())?;
        self.log.set_schedules(compiled);
        Ok(())
    }

    /// `append` on columns packed by the JS packer (`npm/packer.js`); all or nothing. Not part of
    /// the documented API.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = __appendPacked)]
    pub fn append_packed(
        &mut self,
        agents: Vec<String>,
        statuses: Vec<String>,
        reasons: Vec<String>,
        agent: &[u32],
        ts: &[f64],
        status: &[u32],
        reason: &[u32],
    ) -> JsResult<u32> {
        let packed = Packed {
            agents: &agents,
            statuses: &statuses,
            reasons: &reasons,
            agent,
            ts,
            status,
            reason,
        };
        packed.check(self.log.store())?;
        packed.append_to(&mut self.log)?;
        Ok(u32::try_from(ts.len()).unwrap_or(u32::MAX))
    }

    /// Appends a JSON array or NDJSON log (string or `Uint8Array`), parsed in wasm. All or nothing.
    /// Returns the number of events appended.
    #[wasm_bindgen(js_name = appendJson)]
    pub fn append_json(&mut self, input: JsValue) -> JsResult<u32> {
        self.append_text(&input, text::Accept::Json)
    }

    /// Appends a CSV log (string or `Uint8Array`), parsed in wasm. All or nothing.
    #[wasm_bindgen(js_name = appendCsv)]
    pub fn append_csv(&mut self, input: JsValue) -> JsResult<u32> {
        self.append_text(&input, text::Accept::Csv)
    }

    fn append_text(&mut self, input: &JsValue, accept: text::Accept) -> JsResult<u32> {
        let b = text::bytes(input)?;
        let format = text::format(&b, accept)?;
        // Names go to a staging store first: a bad line leaves this log untouched.
        let mut staging = self.log.store().staging();
        let mut batch = Batch::with_capacity(b.len() / 64);
        parse::parse_into(&b, format, &mut staging, &mut batch)?;
        self.commit(&staging, &batch)
    }

    /// KPIs over `[since, now]` as numbers plus the names the caller lacks (see
    /// [`crate::rows`]); `kpis()` in `npm/packer.js` builds the objects, which equal
    /// `agentKpis(all appended events, since, { now, schedules, … })`. Not part of the documented
    /// API.
    #[wasm_bindgen(js_name = __kpisRows)]
    pub fn kpis_rows(
        &mut self,
        since: JsValue,
        options: JsValue,
        held_agents: u32,
        held_statuses: u32,
        held_reasons: u32,
    ) -> JsResult<JsValue> {
        let query = engine_query(&since, &options)?;
        self.log.query_table(&query)?;
        let held = HeldNameCounts {
            agents: held_agents,
            statuses: held_statuses,
            reasons: held_reasons,
        };
        Ok(rows::encode(
            self.log.last_table(),
            self.log.store(),
            held,
            &mut self.numbers,
        ))
    }

    /// Interval report: per agent, one row per `[from + k·step, from + (k+1)·step)` clipped to
    /// `to` and `now`.
    pub fn intervals(
        &mut self,
        from: JsValue,
        to: JsValue,
        step_ms: JsValue,
        options: JsValue,
    ) -> JsResult<JsValue> {
        let from = value::epoch_ms(&from, "from")?;
        let to = value::epoch_ms(&to, "to")?;
        let step = value::positive_ms(&step_ms, "stepMs")?;
        // Only `now` and the adherence settings of the query matter here; the rows have their own
        // windows.
        let query = engine_query(&JsValue::from_f64(0.0), &options)?;
        let rows = self.log.intervals(from, to, step, &query)?;
        write::intervals(&rows)
    }

    /// Drops events no window starting at or after `before` needs; returns them as NDJSON.
    pub fn compact(&mut self, before: JsValue) -> JsResult<String> {
        let before = value::epoch_ms(&before, "before")?;
        Ok(self.log.compact(before)?)
    }

    /// `{ agents, events, bytes, horizon }`.
    pub fn stats(&self) -> JsResult<JsValue> {
        write::stats(&self.log.stats())
    }
}
