//! The live engine's JS class, `AgentLog`: a core [`agent_kpis_core::AgentLog`] kept across
//! calls. The package entries export a subclass (`npm/packer.js`) that adds `kpis()` and sends
//! `append()` through the packer; its two internal exports are the free functions at the end.

use wasm_bindgen::prelude::*;

use std::collections::HashMap;

use crate::options::ReadKeys;
use crate::packed::{MappedColumns, Packed};
use crate::read::{self, Entry, TextFormat};
use crate::rows::{self, HeldNameCounts};
use crate::throw::JsResult;
use crate::{events, options, schedules, text, value, write};
use agent_kpis_core::adapt::{Adapter, LogFormat};
use agent_kpis_core::roll_up_table;
use agent_kpis_core::schedule::Schedules;
use agent_kpis_core::{AgentLog, Query};
use agent_kpis_core::{Batch, EventStore};
use agent_kpis_core::{InputError, Problem};

/// Reads a query's `since` and options for an `AgentLog`, which takes schedules from
/// `setSchedules()` instead of `options.schedules`.
fn engine_query(since: &JsValue, options: &JsValue) -> Result<Query, InputError> {
    let (opts, _) = options::read_query_in(since, options, ReadKeys::Query)?;
    if opts.schedules.is_some() {
        return Err(InputError::new(
            "options.schedules",
            Problem::SchedulesInQuery,
        ));
    }
    Ok(opts.query)
}

/// A live, append-only agent-state log. Append events as they arrive and query any window every
/// second: a query costs O(agents × log(events per agent)), not O(events).
///
/// Holds wasm memory: call `free()` when done (a `FinalizationRegistry` also frees it after garbage
/// collection where supported, but do not rely on its timing in long-running dashboards).
#[wasm_bindgen(js_name = AgentLog)]
#[derive(Default)]
pub struct AgentLogHandle {
    log: AgentLog,
    /// The last query's rows as numbers, kept for its allocation.
    numbers: Vec<f64>,
    /// Whether `setSchedules` gave any schedule: then `team` (and each group) has `adherencePct`.
    has_schedules: bool,
    /// One adapter per platform format appended so far, with each agent's state: a platform log
    /// appended in chunks reads as the whole log would.
    adapters: HashMap<LogFormat, Adapter>,
}

#[wasm_bindgen(js_class = AgentLog)]
impl AgentLogHandle {
    /// An empty log.
    #[wasm_bindgen(constructor)]
    pub fn new() -> AgentLogHandle {
        AgentLogHandle::default()
    }

    /// Appends events, in any order (late and duplicate events are fine). All or nothing: if one event
    /// is bad, nothing is appended and the error names it (`events[3].ts: …`). Events before the
    /// horizon of a compacted log are refused. `readOptions.statusMap` maps each event's status
    /// (the other read options apply to text logs and are refused). Returns the number appended.
    pub fn append(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "readonly AgentEvent[]")] events: JsValue,
        #[wasm_bindgen(
            js_name = readOptions,
            unchecked_optional_param_type = "EventReadOptions | null"
        )]
        read_options: JsValue,
    ) -> JsResult<u32> {
        let reading = read::read_append_options(&read_options)?;
        if let Some(key) = reading.text_only() {
            let path = format!("readOptions.{key}");
            return Err(InputError::new(path, Problem::TextOnlyOption).into());
        }
        // Names go to a staging store first: a bad event leaves this log untouched.
        let mut staging = self.log.store().staging();
        let mut batch = Batch::default();
        events::read(&events, |e| batch.push(&mut staging, reading.map(e)))?;
        self.commit(&staging, &batch)
    }

    /// Appends a JSON-array or NDJSON log (string or UTF-8 bytes), parsed in wasm; all or nothing.
    /// `readOptions.format` may also name a JSON-based platform log (see `appendText`). Returns
    /// the number of events appended.
    #[wasm_bindgen(js_name = appendJson)]
    pub fn append_json(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
        #[wasm_bindgen(
            js_name = readOptions,
            unchecked_optional_param_type = "JsonReadOptions | null"
        )]
        read_options: JsValue,
    ) -> JsResult<u32> {
        self.append_read(&input, &read_options, Entry::Json("appendJson"))
    }

    /// Appends a CSV log (string or UTF-8 bytes), parsed in wasm; all or nothing. Returns the number
    /// appended.
    #[wasm_bindgen(js_name = appendCsv)]
    pub fn append_csv(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
        #[wasm_bindgen(
            js_name = readOptions,
            unchecked_optional_param_type = "CsvReadOptions | null"
        )]
        read_options: JsValue,
    ) -> JsResult<u32> {
        self.append_read(&input, &read_options, Entry::Csv("appendCsv"))
    }

    /// Appends a text log in any format (string or UTF-8 bytes), parsed in wasm: the package's own
    /// (detected when `readOptions.format` is not given) or a platform's, read by its adapter.
    /// This log keeps one adapter per platform format, with each agent's state across appends, so
    /// a platform log may arrive in chunks of whole records (lines; whole documents for JSON
    /// arrays): the result is that of the whole log. All or nothing: on an error (named by line
    /// or record) neither the events nor the adapter's state change. Returns the number of events
    /// appended (derived events for a platform's log, not records read).
    #[wasm_bindgen(js_name = appendText)]
    pub fn append_text(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
        #[wasm_bindgen(
            js_name = readOptions,
            unchecked_optional_param_type = "ReadOptions | null"
        )]
        read_options: JsValue,
    ) -> JsResult<u32> {
        self.append_read(&input, &read_options, Entry::Text("appendText"))
    }

    /// Replaces the schedules used for adherence (`null` removes them). On error the previous ones
    /// stay.
    #[wasm_bindgen(js_name = setSchedules)]
    pub fn set_schedules(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "readonly AgentSchedule[] | null")]
        schedules: JsValue,
    ) -> JsResult<()> {
        let raw = schedules::read(&schedules, "schedules")?;
        let compiled = Schedules::compile(&raw.unwrap_or_default())?;
        self.has_schedules = !compiled.is_empty();
        self.log.set_schedules(compiled);
        Ok(())
    }

    /// Interval report: per agent, one row per `[from + k·stepMs, from + (k+1)·stepMs)` that starts
    /// before `min(to, now)`, its end clipped to `to` and `now`; each row equals `kpis` over it.
    #[wasm_bindgen(unchecked_return_type = "IntervalReport")]
    pub fn intervals(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] to: JsValue,
        #[wasm_bindgen(js_name = stepMs, unchecked_param_type = "number")] step_ms: JsValue,
        #[wasm_bindgen(
            unchecked_optional_param_type = "Omit<AgentKpisOptions, \"schedules\"> | null"
        )]
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

    /// Drops events that no window starting at or after `before` needs (per agent, every event before
    /// the one in effect at `before`), and returns them as NDJSON for export. Afterwards `since <
    /// before` throws a RangeError naming the horizon. Each agent keeps, per status, the end of its
    /// latest dropped interval of positive length, so that `outSince` stays exact when it reaches
    /// back past the horizon: every later `kpis` equals `agentKpis` over every event appended.
    pub fn compact(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] before: JsValue,
    ) -> JsResult<String> {
        let before = value::epoch_ms(&before, "before")?;
        Ok(self.log.compact(before)?)
    }

    /// Sizes of the log.
    #[wasm_bindgen(unchecked_return_type = "AgentLogStats")]
    pub fn stats(&self) -> JsResult<JsValue> {
        write::stats(&self.log.stats())
    }
}

impl AgentLogHandle {
    /// Appends a batch staged in `staging` (see [`agent_kpis_core::EventStore::staging`]).
    fn commit(&mut self, staging: &EventStore, batch: &Batch) -> JsResult<u32> {
        self.log
            .store_mut()
            .append_staged(staging, batch)
            .map_err(|e| e.within("events"))?;
        Ok(u32::try_from(batch.len()).unwrap_or(u32::MAX))
    }

    /// Appends `input` read with `read_options` as `entry` reads it; all or nothing.
    fn append_read(
        &mut self,
        input: &JsValue,
        read_options: &JsValue,
        entry: Entry,
    ) -> JsResult<u32> {
        let reading = read::read_append_options(read_options)?;
        let b = text::bytes(input)?;
        let format = read::resolve(&reading, &b, entry, "readOptions")?;
        // Names go to a staging store first: a bad line leaves this log untouched.
        let mut staging = self.log.store().staging();
        let mut batch = Batch::with_capacity(b.len() / 64);
        let TextFormat::Adapter(f) = format else {
            read::read_into(&b, format, &reading, None, &mut staging, &mut batch)?;
            return self.commit(&staging, &batch);
        };
        // The adapter reads into a copy, kept only once the events are committed: a commit that
        // fails (an event before the horizon, a full log) leaves the adapter as it was.
        let mut adapter = match self.adapters.get(&f) {
            Some(a) => a.clone(),
            None => Adapter::new(f),
        };
        let adapted = Some(&mut adapter);
        read::read_into(&b, format, &reading, adapted, &mut staging, &mut batch)?;
        let n = self.commit(&staging, &batch)?;
        self.adapters.insert(f, adapter);
        Ok(n)
    }
}

/// `append` on columns packed by the JS packer (`npm/packer.js`), with `readOptions` as
/// `AgentLog.append` reads them (`statusMap` only); all or nothing.
// Internal: only npm/packer.js calls it (and declares its type); the package entries do not export it.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = __appendPacked, skip_typescript)]
pub fn append_packed(
    log: &mut AgentLogHandle,
    agents: Vec<String>,
    statuses: Vec<String>,
    reasons: Vec<String>,
    agent: &[u32],
    ts: &[f64],
    status: &[u32],
    reason: &[u32],
    read_options: JsValue,
) -> JsResult<u32> {
    let reading = read::read_append_options(&read_options)?;
    if let Some(key) = reading.text_only() {
        let path = format!("readOptions.{key}");
        return Err(InputError::new(path, Problem::TextOnlyOption).into());
    }
    let mapped = (reading.core.status_map.as_ref())
        .map(|m| MappedColumns::new(m, &statuses, &reasons, status, reason));
    let (statuses, reasons, reason) = match &mapped {
        Some(m) => (&m.statuses, &m.reasons, &m.reason[..]),
        None => (&statuses, &reasons, reason),
    };
    let packed = Packed {
        agents: &agents,
        statuses,
        reasons,
        agent,
        ts,
        status,
        reason,
    };
    packed.check(log.log.store())?;
    packed.append_to(&mut log.log)?;
    Ok(u32::try_from(ts.len()).unwrap_or(u32::MAX))
}

/// KPIs over `[since, now]` as numbers plus the names the caller lacks (see [`crate::rows`]);
/// `kpis()` in `npm/packer.js` builds the objects, which equal `agentKpis(all appended events,
/// since, { now, schedules, … })`.
// Internal: only npm/packer.js calls it (and declares its type); the package entries do not export it.
#[wasm_bindgen(js_name = __kpisRows, skip_typescript)]
pub fn kpis_rows(
    log: &mut AgentLogHandle,
    since: JsValue,
    options: JsValue,
    held_agents: u32,
    held_statuses: u32,
    held_reasons: u32,
) -> JsResult<JsValue> {
    let query = engine_query(&since, &options)?;
    log.log.query_table(&query)?;
    let held = HeldNameCounts {
        agents: held_agents,
        statuses: held_statuses,
        reasons: held_reasons,
    };
    let (table, store) = (log.log.last_table(), log.log.store());
    // `team` and `groups` as the core's `query` rolls them up, from the same table.
    let rollup = query.include.team.then(|| {
        let groups = query.groups.as_ref();
        roll_up_table(table, store, query.include, groups, log.has_schedules)
    });
    let extras = rows::Extras {
        include: query.include,
        now: query.window.now(),
        team: rollup.as_ref().map(|(t, g)| (t, g.as_deref())),
    };
    Ok(rows::encode(table, store, held, &mut log.numbers, &extras))
}
