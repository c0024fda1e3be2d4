//! The one integration-test binary (one link on a 2-core machine).
//! Each module is a theme; `common` builds scenarios in temporary folders.

#[path = "cases/common.rs"]
mod common;

#[path = "cases/bad_input.rs"]
mod bad_input;
#[path = "cases/changes.rs"]
mod changes;
#[path = "cases/cli.rs"]
mod cli;
#[path = "cases/fair_shares.rs"]
mod fair_shares;
#[path = "cases/fuzz.rs"]
mod fuzz;
#[path = "cases/gallery.rs"]
mod gallery;
#[path = "cases/generated.rs"]
mod generated;
#[path = "cases/known_optima.rs"]
mod known_optima;
#[path = "cases/merge.rs"]
mod merge;
#[path = "cases/outside.rs"]
mod outside;
#[path = "cases/ownership.rs"]
mod ownership;
#[path = "cases/properties.rs"]
mod properties;
#[path = "cases/report.rs"]
mod report;
#[path = "cases/trust.rs"]
mod trust;
#[path = "cases/trust_data.rs"]
mod trust_data;
