//! This module's linear memory: its size for JS, and growing it in one step before a big input.

use wasm_bindgen::prelude::*;

/// Bytes of linear memory this wasm instance holds now (it grows, never shrinks; memory freed
/// inside is reused). For dashboards that watch their footprint, and benchmarks.
#[wasm_bindgen(js_name = wasmMemoryBytes)]
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

// Internal: called by npm/packer.js only, which declares its type; the package entries do not
// re-export it, so it is left out of the generated declarations.
/// `__reserveHeap(bytes)`: [`reserve_heap`] for the JS packer, before it copies its columns into
/// wasm memory. Sizes beyond 1 GiB are ignored (the copies then grow the memory themselves, or fail
/// with the allocator's error).
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
pub fn reserve_heap(bytes: usize) {
    let block: Vec<u8> = Vec::with_capacity(bytes);
    std::hint::black_box(&block);
}
