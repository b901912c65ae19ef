//! The core's integration tests, as one test binary (one link instead of one per file).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // tests may panic

mod adapters_asterisk;
mod adapters_connect;
mod adapters_fixtures;
mod adapters_genesys;
mod adapters_twilio;
mod adherence;
mod adherence_hand;
mod blocks;
#[cfg(not(target_arch = "wasm32"))]
mod csv_reference;
mod episodes_ref;
#[cfg(not(target_arch = "wasm32"))]
mod json_output;
mod layers;
mod parse;
#[cfg(not(target_arch = "wasm32"))]
mod prop_blocks;
#[cfg(not(target_arch = "wasm32"))]
mod prop_engine;
#[cfg(not(target_arch = "wasm32"))]
mod prop_reference;
mod read_options;
mod rules;
mod schedule15;
#[cfg(not(target_arch = "wasm32"))]
mod schedule15_ref;
#[cfg(not(target_arch = "wasm32"))]
mod schedule_file;
