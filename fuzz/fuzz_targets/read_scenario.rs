//! libFuzzer target: arbitrary bytes as the files of a scenario. The input
//! is split on the byte 0x1E into the contents of the files below, in order;
//! files past the end of the input are left out. Reading and validating must
//! never panic, and every rejection must name a file it knows. Valid inputs
//! small enough are also built and solved.
//!
//!     RUSTC_BOOTSTRAP=1 cargo fuzz run read_scenario fuzz/corpus/read_scenario

#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;

use agrimatch::data::{read_instance_from, MemoryFiles};
use agrimatch::model::{build_model, LpSolver};
use agrimatch::solve::{solve_instance, SolveOptions, SolverChoice};

const FILES: [&str; 9] = [
    "products.csv",
    "farms.csv",
    "stores.csv",
    "supply.csv",
    "demand.csv",
    "lanes.csv",
    "hubs.csv",
    "stock.csv",
    "scenario.toml",
];

fuzz_target!(|data: &[u8]| {
    let files: BTreeMap<String, Vec<u8>> =
        FILES.iter().zip(data.split(|&b| b == 0x1e)).map(|(name, bytes)| (name.to_string(), bytes.to_vec())).collect();
    match read_instance_from(&MemoryFiles(files)) {
        Ok(instance) => {
            if build_model(&instance).columns.len() <= 2_000 {
                let options =
                    SolveOptions { solver: SolverChoice::Fixed(LpSolver::Microlp), time_limit_seconds: Some(2.0) };
                let _ = solve_instance(&instance, &options);
            }
        }
        Err(agrimatch::Error::Input(problems)) => {
            assert!(!problems.0.is_empty());
            for p in &problems.0 {
                assert!(FILES.contains(&p.file.as_str()), "problem without a known file: {p}");
            }
        }
        Err(other) => panic!("not an input error: {other}"),
    }
});
