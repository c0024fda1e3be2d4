//! Scenarios made and run by the tool itself: the synthetic generator,
//! what-if changes, sweeps, rolling horizons, fairness levels, benchmarks
//! and the checks of `agrimatch check`.

pub mod bench;
pub mod changes;
pub mod check;
pub mod fairness;
pub mod generate;
pub mod roll;
pub mod support;
pub mod sweep;
pub mod sweep_record;
pub mod week;

pub use generate::{add_trucks, generate_scenario, GenerateOptions};
