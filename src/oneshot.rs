//! The tail shared by the one-shot calls (`agentKpis`, its packed form, `agentKpisFromJson`,
//! `agentKpisFromCsv`): load the events into something new, query it once, build the result.

use wasm_bindgen::JsValue;

use crate::options::QueryOptions;
use crate::throw::JsResult;
use crate::write;
use agent_kpis_core::schedule::Schedules;
use agent_kpis_core::AgentLog;
use agent_kpis_core::InputError;
use agent_kpis_core::{log_full, Batch, EventStore, MAX_EVENTS};

/// The KPIs of a new [`AgentLog`] with the query's schedules, filled by `fill`.
pub fn kpis_of_new_log(
    opts: QueryOptions,
    fill: impl FnOnce(&mut AgentLog) -> Result<(), InputError>,
) -> JsResult<JsValue> {
    let run = || -> Result<_, InputError> {
        let mut log = AgentLog::new();
        if let Some(raw) = &opts.schedules {
            log.set_schedules(Schedules::compile(raw)?);
        }
        fill(&mut log)?;
        log.query(&opts.query)
    };
    write::response(&run()?)
}

/// The KPIs of a new batch filled by `fill`, folded in one pass ([`agent_kpis_core::onepass`]);
/// with schedules, appended to a new log instead (adherence reads the engine's timelines).
pub fn kpis_of_new_batch(
    opts: QueryOptions,
    fill: impl FnOnce(&mut EventStore, &mut Batch) -> Result<(), InputError>,
) -> JsResult<JsValue> {
    if opts.schedules.is_some() {
        return kpis_of_new_log(opts, |log| {
            let mut batch = Batch::default();
            fill(log.store_mut(), &mut batch)?;
            log.store_mut()
                .append_batch(&batch)
                .map_err(|e| e.within("events"))
        });
    }
    let run = || -> Result<_, InputError> {
        let mut store = EventStore::new();
        let mut batch = Batch::default();
        fill(&mut store, &mut batch)?;
        if batch.len() > MAX_EVENTS {
            return Err(log_full("").within(&format!("events[{MAX_EVENTS}]")));
        }
        let q = &opts.query;
        agent_kpis_core::fold_batch_with(&store, &batch, q.window, q.include, q.groups.as_ref())
    };
    write::response(&run()?)
}
