//! agrimatch: matches farm output to city demand week by week.
//!
//! The pipeline is a straight line of stages, one module each:
//! `data` (read + validate) -> `model` (build the LP) -> `solve` (solve +
//! verify, with the solvers of `lp` or a general LP solver) -> `report`
//! (write the plan).

#![warn(missing_docs)]

pub mod data;
pub mod error;
pub mod lang;
pub mod lp;
pub mod model;
pub mod report;
pub mod scenario;
pub mod serve;
pub mod solve;
mod test_hooks;

pub use error::{Error, Result};
