//! `agrimatch bench`: a size sweep over generated scenarios, timing every
//! phase per solver, with peak memory. The records are formatted by
//! `report::bench` (CSV, chart) and `report::text` (terminal).

use std::time::Instant;

use crate::data::read_instance;
use crate::error::{Error, Result};
use crate::scenario::{generate_scenario, GenerateOptions};
use crate::solve::{solve_instance, RunStatus, SolveOptions, SolverChoice};

/// One planning run of the size sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchRecord {
    /// The size's name from [`SIZES`].
    pub size: String,
    /// The solver as given (`auto` or a name).
    pub solver: String,
    /// How the run ended.
    pub status: crate::solve::RunStatus,
    /// Blocks of products planned apart (1 without `split`).
    pub blocks: usize,
    /// LP columns over all blocks.
    pub variables: usize,
    /// LP rows over all blocks.
    pub constraints: usize,
    /// Seconds to read and validate the generated scenario.
    pub read_seconds: f64,
    /// Seconds to build the LP.
    pub build_seconds: f64,
    /// Seconds in the solver.
    pub solve_seconds: f64,
    /// Seconds to verify the plan.
    pub verify_seconds: f64,
    /// Seconds for the whole run, reading included.
    pub total_seconds: f64,
    /// Peak resident memory of the run, when the system reports it.
    pub peak_memory_mb: Option<f64>,
    /// The plan's cost; `None` without a plan.
    pub objective: Option<f64>,
}

/// Named sizes: (name, farms, stores, products, weeks, lanes per farm).
pub const SIZES: [(&str, usize, usize, usize, u32, usize); 4] = [
    ("tiny", 10, 4, 3, 13, 3),
    ("small", 40, 10, 4, 26, 4),
    ("medium", 120, 30, 6, 26, 5),
    ("large", 300, 60, 6, 26, 5),
];

/// What to run: every size with every solver.
pub struct BenchOptions<'a> {
    /// Names from [`SIZES`].
    pub sizes: &'a [String],
    /// (name as given, choice), e.g. `("auto", SolverChoice::Auto)`.
    pub solvers: &'a [(String, SolverChoice)],
    /// Share of lanes with a capacity, 0 to 1 (see [`GenerateOptions`]).
    pub capacitated_lanes: f64,
    /// Plan independent blocks of products apart.
    pub split: bool,
    /// Seconds each solve may take.
    pub time_limit_seconds: f64,
    /// Seed of the generated scenarios: same seed, same scenarios.
    pub seed: u64,
    /// Memory the run may use (see [`SolveOptions::memory_limit`]).
    pub memory_limit: crate::solve::MemoryLimit,
    /// Called with (size, solver) before each run, for a progress line.
    pub progress: &'a dyn Fn(&str, &str),
}

/// Peak resident memory since the last reset, in MB (Linux only).
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Starts a new peak-memory measurement (Linux: writing 5 to clear_refs).
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Generates each size into a scratch folder of its own (removed at the
/// end), reads and plans it with every solver, and records the phases.
pub fn run_bench(options: &BenchOptions) -> Result<Vec<BenchRecord>> {
    let scratch = std::env::temp_dir().join(format!("agrimatch-bench-{}", std::process::id()));
    let result = bench_in(&scratch, options);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn bench_in(scratch: &std::path::Path, options: &BenchOptions) -> Result<Vec<BenchRecord>> {
    let mut records = Vec::new();
    for size in options.sizes {
        let Some(&(name, farms, stores, products, weeks, lanes_per_farm)) = SIZES.iter().find(|s| s.0 == size) else {
            let known: Vec<&str> = SIZES.iter().map(|s| s.0).collect();
            return Err(Error::Usage(format!(
                "--sizes: unknown size \"{size}\" (known: {})",
                known.join(", ")
            )));
        };
        let generate = GenerateOptions {
            farms,
            stores,
            products,
            weeks,
            lanes_per_farm,
            hubs: 0,
            capacitated_lanes: options.capacitated_lanes,
            seed: options.seed,
        };
        // The scratch folder is this run's own (named by its process id).
        let dir = scratch.join(name);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        for (file, text) in generate_scenario(&generate) {
            std::fs::write(dir.join(file), text).map_err(|e| Error::io(dir.join(file), e))?;
        }
        for (solver, choice) in options.solvers {
            (options.progress)(name, solver);
            reset_peak_memory();
            let started = Instant::now();
            let instance = read_instance(&dir)?;
            let read_seconds = started.elapsed().as_secs_f64();
            let solve_options = SolveOptions {
                solver: *choice,
                time_limit_seconds: Some(options.time_limit_seconds),
                split: options.split,
                memory_limit: options.memory_limit,
                ..SolveOptions::default()
            };
            let outcome = solve_instance(&instance, &solve_options)?;
            records.push(BenchRecord {
                size: name.to_string(),
                solver: solver.clone(),
                status: RunStatus::from(&outcome),
                blocks: outcome.blocks,
                variables: outcome.variables,
                constraints: outcome.constraints,
                read_seconds,
                build_seconds: outcome.build_seconds,
                solve_seconds: outcome.solve_seconds,
                verify_seconds: outcome.verify_seconds,
                total_seconds: started.elapsed().as_secs_f64(),
                peak_memory_mb: peak_memory_mb(),
                objective: outcome.plan().map(|v| v.costs.total()),
            });
        }
    }
    Ok(records)
}
