//! Scenarios made by the tool itself: the synthetic generator (and, later,
//! what-if changes and sweeps).

pub mod changes;
pub mod check;
pub mod fairness;
pub mod generate;
pub mod roll;
pub mod sweep;

pub use generate::{generate_scenario, GenerateOptions};
