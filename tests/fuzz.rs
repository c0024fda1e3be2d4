//! Fuzzing the reader and validator with proptest: arbitrary bytes and
//! near-valid CSV never panic, and every rejection names the file (and the
//! line, for problems inside a file). `.ci/run` runs these with a larger
//! budget than plain `cargo test`; `fuzz/` has a libFuzzer target too.

use std::collections::BTreeMap;

use proptest::prelude::*;

use agrimatch::data::{read_instance_from, MemoryFiles};
use agrimatch::model::{build_model, LpSolver};
use agrimatch::solve::{solve_instance, SolveOptions, SolverChoice};

use crate::common::Scenario;

const FILES: [&str; 9] = [
    "products.csv",
    "farms.csv",
    "stores.csv",
    "hubs.csv",
    "supply.csv",
    "demand.csv",
    "lanes.csv",
    "stock.csv",
    "scenario.toml",
];

/// A richer valid scenario than `Scenario::base`, so mutations reach every file.
fn seed_files() -> BTreeMap<String, Vec<u8>> {
    let scenario = Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg,holding_cost_per_kg_week,min_remaining_days\nplum,14,8,0.2,3\ncabbage,7,1.5,,\n")
        .with("farms.csv", "farm,region,priority,storage_kg\nMuyin-1,Luodian,1,\n木引-2,罗甸,0,500\n")
        .with("hubs.csv", "hub,region,storage_kg\nLuodian-hub,Luodian,2000\n")
        .with("stores.csv", "store,region,storage_kg\nJingkai,Jingkai,\nHuaxi,Huaxi,300\n")
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,100\nMuyin-1,cabbage,2,50\n木引-2,cabbage,1,80\n")
        .with("demand.csv", "store,product,week,quantity_kg,shortfall_penalty_per_kg\nJingkai,plum,1,80,\nHuaxi,cabbage,2,60,5\n")
        .with("lanes.csv", "from,to,cost_per_kg,transit_days,capacity_kg_per_week\nMuyin-1,Luodian-hub,0.1,0.5,\nLuodian-hub,Jingkai,0.3,1,100\n木引-2,Huaxi,0.2,,\n")
        .with("stock.csv", "location,product,age_days,quantity_kg\nLuodian-hub,plum,3,20\n")
        .with("scenario.toml", "period_days = 7\n");
    scenario
        .0
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.into_bytes()))
        .collect()
}

/// Reads the files; on rejection checks that every problem is located.
/// Valid scenarios small enough are solved too: the pipeline must not panic.
fn check(files: BTreeMap<String, Vec<u8>>, mutated: &str) -> Result<(), TestCaseError> {
    match read_instance_from(&MemoryFiles(files)) {
        Ok(instance) => {
            if build_model(&instance).columns.len() <= 2_000 {
                let options = SolveOptions {
                    solver: SolverChoice::Fixed(LpSolver::Microlp),
                    time_limit_seconds: Some(5.0),
                    split: true,
                    ..SolveOptions::default()
                };
                solve_instance(&instance, &options).expect("microlp is in the build");
            }
        }
        Err(agrimatch::Error::Input(problems)) => {
            prop_assert!(!problems.0.is_empty());
            for p in &problems.0 {
                prop_assert!(FILES.contains(&p.file.as_str()), "problem without a known file: {}", p);
                let whole_file = p.message.starts_with("expected at least one")
                    || p.message.starts_with("expected a header row")
                    || p.message.starts_with("file not found")
                    || p.file == "scenario.toml";
                prop_assert!(
                    p.file != mutated || p.line.is_some() || whole_file,
                    "problem without a line: {}",
                    p
                );
            }
        }
        Err(other) => prop_assert!(false, "not an input error: {}", other),
    }
    Ok(())
}

/// Pieces that break CSV in interesting ways.
const SPLINTERS: [&str; 16] = [
    ",",
    "\"",
    "\n",
    "\r\n",
    "\r",
    "-",
    "1e400",
    "NaN",
    "inf",
    "木",
    "\u{feff}",
    " ",
    "0",
    "99999999999",
    "\u{0}",
    ",,,",
];

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_in_any_file(file in 0..FILES.len(), bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut files = seed_files();
        files.insert(FILES[file].to_string(), bytes);
        check(files, FILES[file])?;
    }

    #[test]
    fn near_valid_csv(
        file in 0..FILES.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0..SPLINTERS.len(), 0..4usize), 1..6),
    ) {
        let mut files = seed_files();
        let text = String::from_utf8(files[FILES[file]].clone()).expect("seed files are UTF-8");
        let mut chars: Vec<char> = text.chars().collect();
        for (at, splinter, action) in edits {
            let i = at.index(chars.len() + 1);
            match action {
                // Delete a few characters.
                0 => {
                    let end = (i + 3).min(chars.len());
                    chars.drain(i.min(end)..end);
                }
                // Duplicate the line around `i`.
                1 => {
                    let start = chars[..i].iter().rposition(|&c| c == '\n').map_or(0, |p| p + 1);
                    let end = chars[i..].iter().position(|&c| c == '\n').map_or(chars.len(), |p| i + p + 1);
                    let line: Vec<char> = chars[start..end].to_vec();
                    chars.splice(end..end, line);
                }
                // Insert a splinter.
                _ => {
                    chars.splice(i..i, SPLINTERS[splinter].chars());
                }
            }
        }
        files.insert(FILES[file].to_string(), chars.into_iter().collect::<String>().into_bytes());
        check(files, FILES[file])?;
    }
}

#[test]
fn seed_files_are_valid() {
    read_instance_from(&MemoryFiles(seed_files())).expect("the fuzz seed is a valid scenario");
}
