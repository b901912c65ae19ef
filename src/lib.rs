//! agent-kpis in WebAssembly: the wasm-bindgen binding of [`agent_kpis_core`]. It reads JS values,
//! calls the core, builds JS results.
//!
//! Nothing here computes a KPI. Every JS value is checked before use, every error becomes a JS
//! `TypeError` or `RangeError` whose message names the field (`events[17].ts: …`), and no code path
//! panics on user data: a panic in wasm is a trap that would leave the instance unusable.
//! Reading a user object (which may be a `Proxy` or have throwing getters) always goes through a
//! `catch` import, so a throwing getter becomes an error naming the field, never an unwinding
//! exception through Rust frames.

mod engine;
mod js;
mod packed;
mod read;
mod rows;
mod schedules;
mod text;
mod types;
mod write;

use wasm_bindgen::prelude::*;

use agent_kpis_core::schedule::Schedules;
use agent_kpis_core::AgentLog;
use agent_kpis_core::{log_full, Batch, EventStore, MAX_EVENTS};
use agent_kpis_core::{ErrorKind, InputError};

/// What every exported function returns: a value, or a JS exception object.
pub type JsResult<T> = Result<T, JsValue>;

/// Turns a core error into the JS exception thrown to the caller.
pub(crate) fn to_js_error(e: &InputError) -> JsValue {
    let message = e.to_string();
    match e.kind() {
        ErrorKind::Type => js_sys::TypeError::new(&message).into(),
        ErrorKind::Range => js_sys::RangeError::new(&message).into(),
    }
}

/// `agentKpis(events, since, options?)`: the KPIs of every agent over `[since, now]`: an
/// `AgentLog` used once.
///
/// Declared for TypeScript in `types.rs`.
#[wasm_bindgen(js_name = agentKpis, skip_typescript)]
pub fn agent_kpis(events: JsValue, since: JsValue, options: JsValue) -> JsResult<JsValue> {
    let opts = read::query(&since, &options).map_err(|e| to_js_error(&e))?;
    one_shot(opts, |log| read::events(&events, |e| log.push(e)))
}

/// A fresh [`AgentLog`] with the query's schedules, filled by `fill`, queried once.
pub(crate) fn one_shot(
    opts: read::QueryOptions,
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
    write::response(&run().map_err(|e| to_js_error(&e))?)
}

/// The one-shot query of a staged batch, filled by `fill`: folded in one pass
/// ([`agent_kpis_core::onepass`]) unless the query has schedules (adherence reads the engine's timelines).
pub(crate) fn one_shot_batch(
    opts: read::QueryOptions,
    fill: impl FnOnce(&mut EventStore, &mut Batch) -> Result<(), InputError>,
) -> JsResult<JsValue> {
    if opts.schedules.is_some() {
        return one_shot(opts, |log| {
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
        agent_kpis_core::fold_batch(&store, &batch, opts.query.window)
    };
    write::response(&run().map_err(|e| to_js_error(&e))?)
}

/// `wasmMemoryBytes()`: the size of this module's linear memory, for dashboards and benchmarks.
#[wasm_bindgen(js_name = wasmMemoryBytes, skip_typescript)]
pub fn wasm_memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) as f64) * 65536.0
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// `__reserveHeap(bytes)`: [`reserve_heap`] for the JS packer, before it copies its columns into
/// wasm memory (not part of the documented API). Sizes beyond 1 GiB are ignored (the copies then
/// grow the memory themselves, or fail with the allocator's error).
#[wasm_bindgen(js_name = __reserveHeap, skip_typescript)]
pub fn reserve_heap_js(bytes: f64) {
    if bytes.is_finite() && bytes > 0.0 && bytes <= f64::from(1u32 << 30) {
        reserve_heap(bytes as usize);
    }
}

/// Grows the allocator's heap by about `bytes` in one step before a big input is stored.
///
/// In a browser or Node, every growth of wasm memory reports external memory to the JS engine,
/// which may run a full garbage collection; with a large JS heap (say a million event objects
/// alive) the dozens of small growths of a big append cost seconds (measured: 5.5 s instead of
/// 1.1 s for a 75 MB log on the first call). One large allocation, freed at once, stays with the
/// allocator for what comes next. It is not written to: once memory has grown, a call costs next
/// to nothing (a zeroed block cost a 20 MB memset on every 1M-event call).
pub(crate) fn reserve_heap(bytes: usize) {
    let block: Vec<u8> = Vec::with_capacity(bytes);
    std::hint::black_box(&block);
}
