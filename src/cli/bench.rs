//! `agrimatch bench`: every size with every solver, each a few times after
//! warm-up runs; writes `bench.csv`, `bench-runs.csv` and `bench.svg` and
//! prints one line per size and solver.

use std::io::Write;
use std::path::PathBuf;

use agrimatch::model::LpSolver;
use agrimatch::report::bench::{write_bench_csv, write_bench_runs_csv};
use agrimatch::report::charts::bench_chart_svg;
use agrimatch::report::{csv_file, text, write_folder_atomically, FileWriter};
use agrimatch::scenario::bench::{run_bench, BenchOptions, Progress};
use agrimatch::solve::SolverChoice;
use agrimatch::Error;

use super::{printed, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_delimiter = ',', default_value = "tiny,small,medium,large")]
    sizes: Vec<String>,
    #[arg(long, value_delimiter = ',', default_value = "auto,network,clarabel,microlp")]
    solvers: Vec<String>,
    #[arg(long, value_name = "FRACTION", default_value_t = 0.2)]
    capacitated_lanes: f64,
    #[arg(long)]
    no_split: bool,
    #[arg(long, value_name = "SECONDS", default_value_t = 120.0)]
    time_limit: f64,
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    #[arg(long, value_name = "K", default_value_t = 0)]
    warmup: u32,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, default_value = "bench-out")]
    out: PathBuf,
    #[arg(long, short)]
    quiet: bool,
}

fn solver_choice(name: &str) -> Result<SolverChoice, Error> {
    match name {
        "auto" => Ok(SolverChoice::Auto),
        other => LpSolver::from_name(other)
            .map(SolverChoice::Fixed)
            .ok_or_else(|| Error::Usage(agrimatch::lang::t("ref-unknown-solver", &[("solver", other)]))),
    }
}

pub fn run(args: &Args) -> Result<u8, Error> {
    let solvers = args
        .solvers
        .iter()
        .map(|name| solver_choice(name).map(|choice| (name.clone(), choice)))
        .collect::<Result<Vec<_>, _>>()?;
    let progress = |p: &Progress| {
        if args.quiet {
            return;
        }
        let key = if p.warmup {
            "bench-progress-warmup"
        } else {
            "bench-progress-run"
        };
        let args = [
            ("size", p.size),
            ("solver", p.solver),
            ("run", &p.run.to_string()),
            ("of", &p.of.to_string()),
        ];
        super::say!("bench: {}", agrimatch::lang::t(key, &args));
    };
    let bench = run_bench(&BenchOptions {
        sizes: &args.sizes,
        solvers: &solvers,
        capacitated_lanes: args.capacitated_lanes,
        split: !args.no_split,
        time_limit_seconds: args.time_limit,
        seed: args.seed,
        memory_limit: super::memory_limit(),
        runs: args.runs as usize,
        warmup: args.warmup as usize,
        progress: &progress,
    })?;
    let records = &bench.records;
    let svg = bench_chart_svg(records)?;
    let files: [(&str, FileWriter); 3] = [
        ("bench.csv", csv_file(|w| write_bench_csv(records, w))),
        ("bench-runs.csv", csv_file(|w| write_bench_runs_csv(&bench.runs, w))),
        ("bench.svg", Box::new(|w| w.write_all(svg.as_bytes()))),
    ];
    write_folder_atomically(&args.out, &files)?;
    let mut stdout = super::stdout_unless(args.quiet);
    printed(text::write_bench_table(records, &mut stdout).and_then(|()| {
        let files = "bench.csv, bench-runs.csv, bench.svg";
        writeln!(stdout, "{}", super::wrote(&args.out, files))
    }))?;
    Ok(EXIT_OK)
}
