//! `agrimatch bench`: a size sweep over generated scenarios, timing every
//! phase per solver, with peak memory; writes `bench.csv` and `bench.svg`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use agrimatch::data::read_instance;
use agrimatch::model::LpSolver;
use agrimatch::report::bench::{bench_chart_svg, write_bench_csv, BenchRecord};
use agrimatch::report::{write_folder_atomically, write_text_folder_atomically, FileWriter};
use agrimatch::scenario::{generate_scenario, GenerateOptions};
use agrimatch::solve::{solve_instance, SolveOptions, SolverChoice};
use agrimatch::Error;

/// Named sizes: (farms, stores, products, weeks, lanes per farm).
pub const SIZES: [(&str, usize, usize, usize, u32, usize); 4] = [
    ("tiny", 10, 4, 3, 13, 3),
    ("small", 40, 10, 4, 26, 4),
    ("medium", 120, 30, 6, 26, 5),
    ("large", 300, 60, 6, 26, 5),
];

pub struct BenchArgs<'a> {
    pub sizes: &'a [String],
    pub solvers: &'a [String],
    pub capacitated_lanes: f64,
    pub split: bool,
    pub time_limit_seconds: f64,
    pub seed: u64,
    pub out: &'a Path,
}

fn solver_choice(name: &str) -> Result<SolverChoice, Error> {
    Ok(match name {
        "auto" => SolverChoice::Auto,
        "microlp" => SolverChoice::Fixed(LpSolver::Microlp),
        "clarabel" => SolverChoice::Fixed(LpSolver::Clarabel),
        "highs" => SolverChoice::Fixed(LpSolver::Highs),
        "network" => SolverChoice::Fixed(LpSolver::Network),
        other => return Err(Error::Usage(format!("--solvers: unknown solver \"{other}\""))),
    })
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

pub fn run_bench(args: &BenchArgs) -> Result<Vec<BenchRecord>, Error> {
    let choices = args
        .solvers
        .iter()
        .map(|s| solver_choice(s))
        .collect::<Result<Vec<_>, _>>()?;
    let scratch = std::env::temp_dir().join(format!("agrimatch-bench-{}", std::process::id()));
    let mut records = Vec::new();
    for size in args.sizes {
        let Some(&(name, farms, stores, products, weeks, lanes_per_farm)) = SIZES.iter().find(|s| s.0 == size) else {
            let known: Vec<&str> = SIZES.iter().map(|s| s.0).collect();
            return Err(Error::Usage(format!(
                "--sizes: unknown size \"{size}\" (known: {})",
                known.join(", ")
            )));
        };
        let options = GenerateOptions {
            farms,
            stores,
            products,
            weeks,
            lanes_per_farm,
            hubs: 0,
            capacitated_lanes: args.capacitated_lanes,
            seed: args.seed,
        };
        let dir: PathBuf = scratch.join(name);
        let files = generate_scenario(&options);
        write_text_folder_atomically(&dir, &files)?;
        for (solver, &choice) in args.solvers.iter().zip(&choices) {
            eprintln!("bench: {name} with {solver}");
            reset_peak_memory();
            let started = Instant::now();
            let instance = read_instance(&dir)?;
            let read_seconds = started.elapsed().as_secs_f64();
            let solve_options = SolveOptions {
                solver: choice,
                time_limit_seconds: Some(args.time_limit_seconds),
                split: args.split,
            };
            let outcome = solve_instance(&instance, &solve_options)?;
            records.push(BenchRecord {
                size: name.to_string(),
                solver: solver.clone(),
                status: outcome.status.word().to_string(),
                blocks: outcome.blocks,
                variables: outcome.variables,
                constraints: outcome.constraints,
                read_seconds,
                build_seconds: outcome.build_seconds,
                solve_seconds: outcome.solve_seconds,
                verify_seconds: outcome.verify_seconds,
                total_seconds: started.elapsed().as_secs_f64(),
                peak_memory_mb: peak_memory_mb(),
                objective: outcome.verified.as_ref().map(|v| v.costs.total()),
            });
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let svg = bench_chart_svg(&records).map_err(|e| Error::Usage(format!("the chart could not be drawn: {e}")))?;
    let csv_records = records.clone();
    let files: [(&str, FileWriter); 2] = [
        (
            "bench.csv",
            Box::new(move |w| write_bench_csv(&csv_records, w).map_err(|e| std::io::Error::other(e.to_string()))),
        ),
        ("bench.svg", Box::new(move |w| w.write_all(svg.as_bytes()))),
    ];
    write_folder_atomically(args.out, &files)?;
    Ok(records)
}
