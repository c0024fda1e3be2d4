//! `agrimatch bench`: a size sweep over generated scenarios, timing every
//! phase per solver, with peak memory. The records are formatted by
//! `report::bench` (CSV, chart) and `report::text` (terminal).

use std::time::Instant;

use crate::data::read_instance;
use crate::error::{Error, Result};
use crate::scenario::{generate_scenario, GenerateOptions};
use crate::solve::{solve_instance, RunStatus, SolveOptions, SolverChoice};

/// How far apart the slowest and the fastest run of a figure may be
/// (max / min) before `bench` notes that the figure is unsteady.
pub const WIDE_SPREAD: f64 = 1.25;

/// Below this many seconds a figure is timer noise: its spread is not noted.
const NOISE_SECONDS: f64 = 0.001;

/// The fastest, the median and the slowest of repeated runs.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Spread {
    /// The smallest value.
    pub min: f64,
    /// The middle value (of an even count, the mean of the two middle ones).
    pub median: f64,
    /// The largest value.
    pub max: f64,
}

impl Spread {
    /// The spread of `values`; all zero when there are none.
    pub fn of(values: &[f64]) -> Spread {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        if n == 0 {
            return Spread::default();
        }
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        Spread {
            min: sorted[0],
            median,
            max: sorted[n - 1],
        }
    }

    /// max / min (1 when both are 0).
    pub fn ratio(&self) -> f64 {
        if self.max <= 0.0 {
            1.0
        } else {
            self.max / self.min.max(f64::MIN_POSITIVE)
        }
    }

    /// Whether the runs are far enough apart to say so (see [`WIDE_SPREAD`]).
    pub fn is_wide(&self) -> bool {
        self.max >= NOISE_SECONDS && self.ratio() > WIDE_SPREAD
    }
}

/// One timed planning run of one size with one solver.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchRun {
    /// The size's name from [`SIZES`].
    pub size: String,
    /// The solver as given (`auto` or a name).
    pub solver: String,
    /// 1 for the first timed run (warm-up runs are not recorded).
    pub run: usize,
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
    /// Seconds building the LPs, summed over blocks built in parallel.
    pub build_cpu_seconds: f64,
    /// Seconds in the solver, summed over blocks solved in parallel: more
    /// than the wall time when blocks ran side by side.
    pub solve_cpu_seconds: f64,
    /// Seconds to verify the joined plan.
    pub verify_seconds: f64,
    /// Wall-clock seconds of the whole run, reading included.
    pub total_wall_seconds: f64,
    /// Peak resident memory of the run, when the system reports it.
    pub peak_memory_mb: Option<f64>,
    /// The plan's cost; `None` without a plan.
    pub objective: Option<f64>,
}

/// The timed runs of one size with one solver, summed up.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchRecord {
    /// The size's name from [`SIZES`].
    pub size: String,
    /// The solver as given (`auto` or a name).
    pub solver: String,
    /// How the first timed run ended (see `varied` for the others).
    pub status: crate::solve::RunStatus,
    /// Timed runs behind the figures.
    pub runs: usize,
    /// Untimed runs before them.
    pub warmup: usize,
    /// Blocks of products planned apart (1 without `split`).
    pub blocks: usize,
    /// LP columns over all blocks.
    pub variables: usize,
    /// LP rows over all blocks.
    pub constraints: usize,
    /// See [`BenchRun::read_seconds`].
    pub read_seconds: Spread,
    /// See [`BenchRun::build_cpu_seconds`].
    pub build_cpu_seconds: Spread,
    /// See [`BenchRun::solve_cpu_seconds`].
    pub solve_cpu_seconds: Spread,
    /// See [`BenchRun::verify_seconds`].
    pub verify_seconds: Spread,
    /// See [`BenchRun::total_wall_seconds`].
    pub total_wall_seconds: Spread,
    /// The highest peak memory of the runs.
    pub peak_memory_mb: Option<f64>,
    /// The first run's plan cost; `None` without a plan.
    pub objective: Option<f64>,
    /// Some run ended otherwise than the first, or with another cost (a
    /// time limit reached in some runs only).
    pub varied: bool,
}

impl BenchRecord {
    /// Sums up the timed `runs` of one size and solver (at least one).
    pub fn of(runs: &[BenchRun], warmup: usize) -> Option<BenchRecord> {
        let first = runs.first()?;
        let spread = |figure: fn(&BenchRun) -> f64| Spread::of(&runs.iter().map(figure).collect::<Vec<_>>());
        let same_cost = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
            (a, b) => a.is_none() && b.is_none(),
        };
        Some(BenchRecord {
            size: first.size.clone(),
            solver: first.solver.clone(),
            status: first.status.clone(),
            runs: runs.len(),
            warmup,
            blocks: first.blocks,
            variables: first.variables,
            constraints: first.constraints,
            read_seconds: spread(|r| r.read_seconds),
            build_cpu_seconds: spread(|r| r.build_cpu_seconds),
            solve_cpu_seconds: spread(|r| r.solve_cpu_seconds),
            verify_seconds: spread(|r| r.verify_seconds),
            total_wall_seconds: spread(|r| r.total_wall_seconds),
            peak_memory_mb: runs.iter().filter_map(|r| r.peak_memory_mb).reduce(f64::max),
            objective: first.objective,
            varied: runs
                .iter()
                .any(|r| r.status != first.status || !same_cost(r.objective, first.objective)),
        })
    }

    /// The figures, by column name.
    pub fn figures(&self) -> [(&'static str, Spread); 5] {
        [
            ("read_seconds", self.read_seconds),
            ("build_cpu_seconds", self.build_cpu_seconds),
            ("solve_cpu_seconds", self.solve_cpu_seconds),
            ("verify_seconds", self.verify_seconds),
            ("total_wall_seconds", self.total_wall_seconds),
        ]
    }

    /// What a careful reader should know about these figures: the headline
    /// ones (solve CPU and total wall time) whose runs lie more than
    /// [`WIDE_SPREAD`] apart, and runs that ended differently. The small
    /// phases (read, build, verify: milliseconds) jitter with any load and
    /// are left to `bench-runs.csv`. Empty when there is nothing to say.
    pub fn note(&self) -> String {
        let headline = [
            ("solve_cpu_seconds", self.solve_cpu_seconds),
            ("total_wall_seconds", self.total_wall_seconds),
        ];
        let mut notes: Vec<String> = headline
            .iter()
            .filter(|(_, s)| s.is_wide())
            .map(|(name, s)| format!("{name} max/min {:.2}", s.ratio()))
            .collect();
        if self.varied {
            notes.push("runs ended differently (status or cost)".to_string());
        }
        notes.join("; ")
    }
}

/// What `bench` measured: every timed run, and per size and solver their summary.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bench {
    /// One per size and solver, in the order run.
    pub records: Vec<BenchRecord>,
    /// Every timed run, in the order run.
    pub runs: Vec<BenchRun>,
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
    /// Timed runs of each size with each solver (at least 1).
    pub runs: usize,
    /// Untimed runs before them, to fill caches and fault in memory.
    pub warmup: usize,
    /// Called before each run, for a progress line.
    pub progress: &'a dyn Fn(&Progress),
}

/// Which run is about to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress<'a> {
    /// The size's name.
    pub size: &'a str,
    /// The solver as given.
    pub solver: &'a str,
    /// A warm-up run (untimed) or a timed one.
    pub warmup: bool,
    /// Counted from 1 within its kind.
    pub run: usize,
    /// Runs of its kind.
    pub of: usize,
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
pub fn run_bench(options: &BenchOptions) -> Result<Bench> {
    // Named by process and call: two benches in one process (tests run in
    // parallel) must not remove each other's scenarios.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let scratch = std::env::temp_dir().join(format!("agrimatch-bench-{}-{call}", std::process::id()));
    let result = bench_in(&scratch, options);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn bench_in(scratch: &std::path::Path, options: &BenchOptions) -> Result<Bench> {
    if options.runs == 0 {
        return Err(Error::Usage(crate::error::flag_expected_found(
            "--runs",
            &crate::lang::t("ref-what-runs", &[]),
            "0",
        )));
    }
    let mut bench = Bench::default();
    for size in options.sizes {
        let Some(&(name, farms, stores, products, weeks, lanes_per_farm)) = SIZES.iter().find(|s| s.0 == size) else {
            let known: Vec<&str> = SIZES.iter().map(|s| s.0).collect();
            return Err(Error::Usage(crate::lang::t(
                "ref-unknown-size",
                &[("size", size), ("known", &known.join(", "))],
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
        // The scratch folder is this call's own (named by process id and call).
        let dir = scratch.join(name);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        for (file, text) in generate_scenario(&generate) {
            std::fs::write(dir.join(file), text).map_err(|e| Error::io(dir.join(file), e))?;
        }
        for (solver, choice) in options.solvers {
            let solve_options = SolveOptions {
                solver: *choice,
                time_limit_seconds: Some(options.time_limit_seconds),
                split: options.split,
                memory_limit: options.memory_limit,
                ..SolveOptions::default()
            };
            let kinds = [(true, options.warmup), (false, options.runs)];
            let mut runs = Vec::with_capacity(options.runs);
            for (warmup, of) in kinds {
                for run in 1..=of {
                    (options.progress)(&Progress {
                        size: name,
                        solver,
                        warmup,
                        run,
                        of,
                    });
                    let timed = time_run(&dir, &solve_options)?;
                    if !warmup {
                        runs.push(BenchRun {
                            size: name.to_string(),
                            solver: solver.clone(),
                            run,
                            ..timed
                        });
                    }
                }
            }
            bench.records.extend(BenchRecord::of(&runs, options.warmup));
            bench.runs.extend(runs);
        }
    }
    Ok(bench)
}

/// Reads and plans the scenario in `dir` once, timing every phase; the
/// size, solver and run number are left for the caller to fill in.
fn time_run(dir: &std::path::Path, solve_options: &SolveOptions) -> Result<BenchRun> {
    reset_peak_memory();
    let started = Instant::now();
    let instance = read_instance(dir)?;
    let read_seconds = started.elapsed().as_secs_f64();
    let outcome = solve_instance(&instance, solve_options)?;
    Ok(BenchRun {
        size: String::new(),
        solver: String::new(),
        run: 0,
        status: RunStatus::from(&outcome),
        blocks: outcome.blocks,
        variables: outcome.variables,
        constraints: outcome.constraints,
        read_seconds,
        build_cpu_seconds: outcome.build_seconds,
        solve_cpu_seconds: outcome.solve_seconds,
        verify_seconds: outcome.verify_seconds,
        total_wall_seconds: started.elapsed().as_secs_f64(),
        peak_memory_mb: peak_memory_mb(),
        objective: outcome.plan().map(|v| v.costs.total()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_is_min_median_max() {
        let s = Spread::of(&[3.0, 1.0, 2.0]);
        assert_eq!((s.min, s.median, s.max), (1.0, 2.0, 3.0));
        let s = Spread::of(&[4.0, 1.0, 2.0, 3.0]);
        assert_eq!((s.min, s.median, s.max), (1.0, 2.5, 4.0));
        assert_eq!(Spread::of(&[0.5]).median, 0.5);
        assert_eq!(Spread::of(&[]), Spread::default());
        assert!(Spread::of(&[1.0, 1.3]).is_wide());
        assert!(!Spread::of(&[1.0, 1.2]).is_wide());
        // Timer noise is not a spread worth noting.
        assert!(!Spread::of(&[0.0001, 0.0005]).is_wide());
    }

    #[test]
    fn runs_and_warmups_are_counted_and_only_timed_runs_recorded() {
        let sizes = ["tiny".to_string()];
        let solvers = [
            ("auto".to_string(), SolverChoice::Auto),
            (
                "microlp".to_string(),
                SolverChoice::Fixed(crate::model::LpSolver::Microlp),
            ),
        ];
        let started = std::cell::RefCell::new(Vec::new());
        let progress = |p: &Progress| started.borrow_mut().push((p.solver.to_string(), p.warmup, p.run, p.of));
        let bench = run_bench(&BenchOptions {
            sizes: &sizes,
            solvers: &solvers,
            capacitated_lanes: 0.2,
            split: true,
            time_limit_seconds: 60.0,
            seed: 1,
            memory_limit: crate::solve::MemoryLimit::default(),
            runs: 3,
            warmup: 2,
            progress: &progress,
        })
        .expect("the tiny size plans");
        let started = started.into_inner();
        assert_eq!(started.len(), 2 * (2 + 3), "every run started: {started:?}");
        assert_eq!(started.iter().filter(|s| s.1).count(), 4, "two warm-ups per solver");
        assert_eq!(started[0], ("auto".to_string(), true, 1, 2));
        assert_eq!(started[2], ("auto".to_string(), false, 1, 3));
        assert_eq!(bench.runs.len(), 6, "timed runs only");
        assert_eq!(bench.records.len(), 2);
        for r in &bench.records {
            assert_eq!((r.runs, r.warmup), (3, 2));
            assert!(r.status.is_optimal() && !r.varied, "{r:?}");
            let s = r.solve_cpu_seconds;
            assert!(s.min <= s.median && s.median <= s.max);
        }
        let runs: Vec<usize> = bench.runs.iter().map(|r| r.run).collect();
        assert_eq!(runs, [1, 2, 3, 1, 2, 3]);
    }

    #[test]
    fn zero_runs_is_a_usage_error() {
        let options = BenchOptions {
            sizes: &[],
            solvers: &[],
            capacitated_lanes: 0.0,
            split: true,
            time_limit_seconds: 1.0,
            seed: 1,
            memory_limit: crate::solve::MemoryLimit::default(),
            runs: 0,
            warmup: 0,
            progress: &|_| {},
        };
        assert!(matches!(run_bench(&options), Err(Error::Usage(_))));
    }
}
