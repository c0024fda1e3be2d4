//! The command line: clap arguments, paths, messages and exit codes.
//! Nothing of clap reaches the library.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod bench;

use agrimatch::data::read_instance;
use agrimatch::error::{printable, shown};
use agrimatch::model::{build_model, write_lp_file, LpSolver};
use agrimatch::report::{
    compute_figures, text, text_writers, write_lp_file_at, write_plan_folder, write_text_folder_atomically, FileWriter,
    OutputFolder, PLAN_FILES,
};
use agrimatch::scenario::{generate_scenario, GenerateOptions};
use agrimatch::solve::limits::check_instance_fits;
use agrimatch::solve::{solve_greedy, solve_instance, PlanStatus, SolveOptions, SolverChoice};
use agrimatch::Error;

/// Exit code: plan written.
const EXIT_OK: u8 = 0;
/// Exit code: solved, but no optimal verified plan (time limit, solver trouble).
const EXIT_NOT_OPTIMAL: u8 = 1;
/// Exit code: bad input, I/O error or a solver that could not run.
const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(
    name = "agrimatch",
    version,
    about = "Match farm output to city demand, week by week"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Plan the weekly shipments of a scenario folder and write the plan.
    Plan(PlanArgs),
    /// Render report.html again from an output folder (re-verifying its flows.csv).
    Report(ReportArgs),
    /// Check a scenario folder without solving: what was read, and early warnings.
    Check(CheckArgs),
    /// Write a commented template scenario into a new folder.
    Init(InitArgs),
    /// Write a synthetic scenario of any size (for benchmarks and tests).
    Generate(GenerateArgs),
    /// Plan a base scenario and what-if variants (change files) in parallel; write comparison.csv.
    Sweep(SweepArgs),
    /// Re-plan week by week: plan H weeks, commit the first, move on with actuals.
    Roll(RollArgs),
    /// Join the comparison.csv files of sweep shards into one.
    Merge(MergeArgs),
    /// Plan a scenario at several fair_shortfall levels and show what fairness costs.
    Fairness(FairnessArgs),
    /// Time every phase per solver on generated scenarios of several sizes;
    /// writes bench.csv and bench.svg.
    Bench(BenchCliArgs),
}

#[derive(clap::Args)]
struct SweepArgs {
    /// The base scenario folder.
    base: PathBuf,
    /// Change files, or folders of them (every .csv inside, by name).
    #[arg(required_unless_present = "samples")]
    variants: Vec<PathBuf>,
    /// Also plan N random harvests: every harvest row scaled by a lognormal
    /// factor of mean 1 (see --yield-cv); writes the P10/P50/P90 to risk.csv.
    #[arg(long, value_name = "N")]
    samples: Option<usize>,
    /// Coefficient of variation of the random harvest factors.
    #[arg(long, value_name = "CV", default_value_t = 0.2)]
    yield_cv: f64,
    /// Seed of the random harvests (same seed, same samples).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also plan every variant with the greedy baseline and add what the LP saves over it.
    #[arg(long)]
    baseline: bool,
    /// Plan only shard K of N (0-based): every N-th variant from K, plus the
    /// base. Join the shards' comparison.csv files with `agrimatch merge`.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Folder for comparison.csv [default: BASE/sweep].
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
}

#[derive(clap::Args)]
struct RollArgs {
    /// Scenario folder (the forecast).
    scenario: PathBuf,
    /// Weeks planned ahead in each window.
    #[arg(long, value_name = "WEEKS")]
    horizon: u32,
    /// Folder with supply.csv and/or demand.csv of what really happened; its
    /// rows replace the forecast's for the same farm or store, product and week.
    #[arg(long, value_name = "DIR")]
    actuals: Option<PathBuf>,
    /// Output folder for the committed plan [default: SCENARIO/roll].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Solver for every window (as in `plan --solver`).
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
}

#[derive(clap::Args)]
struct MergeArgs {
    /// The merged comparison.csv to write.
    out: PathBuf,
    /// The shards' comparison.csv files, in shard order 0, 1, ..., N-1.
    #[arg(required = true)]
    shards: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct FairnessArgs {
    /// Scenario folder.
    scenario: PathBuf,
    /// Levels of fair_shortfall to compare (shares from 0 to 1, or `none`).
    #[arg(long, value_delimiter = ',', default_value = "0,0.05,0.1,0.2,none")]
    levels: Vec<String>,
    /// Folder for fairness.csv and fairness.svg [default: SCENARIO/fairness].
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
}

#[derive(clap::Args)]
struct BenchCliArgs {
    /// Sizes to run: tiny, small, medium, large (300 farms, 60 stores, 6 products, 26 weeks).
    #[arg(long, value_delimiter = ',', default_value = "tiny,small,medium,large")]
    sizes: Vec<String>,
    /// Solvers to compare (auto, network, clarabel, microlp, highs).
    #[arg(long, value_delimiter = ',', default_value = "auto,network,clarabel,microlp")]
    solvers: Vec<String>,
    /// Share of lanes with a weekly capacity (0: every product a pure network).
    #[arg(long, value_name = "FRACTION", default_value_t = 0.2)]
    capacitated_lanes: f64,
    /// Plan all products in one LP.
    #[arg(long)]
    no_split: bool,
    /// Time limit per run, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 120.0)]
    time_limit: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder for bench.csv and bench.svg.
    #[arg(long, default_value = "bench-out")]
    out: PathBuf,
}

#[derive(clap::Args)]
struct ReportArgs {
    /// An output folder written by `agrimatch plan`.
    out: PathBuf,
    /// The scenario it was planned from [default: the output folder's parent].
    #[arg(long)]
    scenario: Option<PathBuf>,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Scenario folder.
    scenario: PathBuf,
}

#[derive(clap::Args)]
struct InitArgs {
    /// A new (or empty) folder for the template.
    dir: PathBuf,
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// Folder to write the scenario into: new, empty, or written by agrimatch
    /// before (then replaced as a whole).
    out: PathBuf,
    /// Farms (production bases) in hill regions 80 to 300 km from the city.
    #[arg(long, default_value_t = 20)]
    farms: usize,
    /// Stores (supermarkets, markets, platforms) in city districts.
    #[arg(long, default_value_t = 8)]
    stores: usize,
    /// Products, with shelf lives from 3 days to 4 months.
    #[arg(long, default_value_t = 4)]
    products: usize,
    /// Weekly periods planned.
    #[arg(long, default_value_t = 26)]
    weeks: u32,
    /// Lanes from each farm: to its nearest hub (when there are hubs) and to stores near it.
    #[arg(long, default_value_t = 3)]
    lanes_per_farm: usize,
    /// Collection and distribution hubs (each with lanes to every store).
    #[arg(long, default_value_t = 0)]
    hubs: usize,
    /// Share of lanes (0 to 1) with a weekly capacity shared by all products.
    #[arg(long, value_name = "FRACTION", default_value_t = 0.2)]
    capacitated_lanes: f64,
    /// Seed of the random generator (same seed, same files).
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[derive(clap::Args)]
struct PlanArgs {
    /// Scenario folder with products.csv, farms.csv, stores.csv, supply.csv, demand.csv, lanes.csv.
    scenario: PathBuf,
    /// Output folder [default: SCENARIO/out]; replaced as a whole when the plan is complete.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Solver; `auto` uses the network simplex where a block is a pure
    /// network, else HiGHS when built in, else microlp (clarabel only if
    /// microlp fails). The choice depends on the model alone, never on time.
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
    /// Stop the solver after this many seconds (exit 1 when no optimal plan was found).
    #[arg(long, value_name = "SECONDS")]
    time_limit: Option<f64>,
    /// `lp` (optimise) or `greedy` (the baseline: how shipping is done without optimisation).
    #[arg(long, value_enum, default_value_t = MethodArg::Lp)]
    method: MethodArg,
    /// Also plan with the greedy baseline and print what the LP saves over it.
    #[arg(long)]
    baseline: bool,
    /// A what-if: apply this change file (target,selector,field,op,value) to the scenario first.
    #[arg(long, value_name = "FILE")]
    changes: Option<PathBuf>,
    /// Plan everything in one LP instead of splitting it into blocks (products
    /// that share no capacitated lane or storage, regions no lane joins).
    #[arg(long)]
    no_split: bool,
    /// Also write the linear program in CPLEX LP format to FILE, for an
    /// outside solver (the objective's constant is in the first comment line).
    #[arg(long, value_name = "FILE")]
    write_lp: Option<PathBuf>,
    /// Print nothing on success.
    #[arg(long, short)]
    quiet: bool,
    /// Print the summary as one JSON object on stdout (for scripts) instead of text.
    #[arg(long)]
    json: bool,
    /// Also write marginal_values.csv: what one more kg ordered, harvested, or of
    /// lane or storage capacity changes in the cost (from Clarabel's duals).
    #[arg(long)]
    marginal_values: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MethodArg {
    Lp,
    Greedy,
}

#[derive(Clone, Copy, ValueEnum)]
enum SolverArg {
    Auto,
    Microlp,
    Clarabel,
    Highs,
    Network,
    Coupled,
}

impl SolverArg {
    fn choice(self) -> SolverChoice {
        match self {
            SolverArg::Auto => SolverChoice::Auto,
            SolverArg::Microlp => SolverChoice::Fixed(LpSolver::Microlp),
            SolverArg::Clarabel => SolverChoice::Fixed(LpSolver::Clarabel),
            SolverArg::Highs => SolverChoice::Fixed(LpSolver::Highs),
            SolverArg::Network => SolverChoice::Fixed(LpSolver::Network),
            SolverArg::Coupled => SolverChoice::Fixed(LpSolver::Coupled),
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Plan(args) => run_plan(&args),
        Command::Generate(args) => run_generate(&args),
        Command::Check(args) => run_check(&args),
        Command::Report(args) => run_report(&args),
        Command::Init(args) => run_init(&args),
        Command::Bench(args) => run_bench(&args),
        Command::Fairness(args) => run_fairness(&args),
        Command::Sweep(args) => run_sweep(&args),
        Command::Merge(args) => run_merge(&args),
        Command::Roll(args) => run_roll(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("agrimatch: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn run_plan(args: &PlanArgs) -> Result<u8, Error> {
    if let Some(seconds) = args.time_limit {
        if !(seconds.is_finite() && seconds > 0.0) {
            return Err(Error::Usage(format!(
                "--time-limit: expected a number of seconds > 0, found {seconds}"
            )));
        }
    }
    let out_dir = args.out.clone().unwrap_or_else(|| args.scenario.join("out"));
    let mut inputs = vec![args.scenario.as_path()];
    inputs.extend(args.changes.as_deref());
    // Refused before solving, so that a long run never ends in a refusal.
    let out_folder = OutputFolder::claim(&out_dir, &inputs)?;
    let instance = match &args.changes {
        Some(changes) => agrimatch::scenario::changes::read_variant(&args.scenario, changes)?,
        None => read_instance(&args.scenario)?,
    };
    let options = SolveOptions {
        solver: args.solver.choice(),
        time_limit_seconds: args.time_limit,
        split: !args.no_split,
    };
    if let Some(path) = &args.write_lp {
        // The whole model in one file, whether or not the plan is split.
        check_instance_fits(&instance)?;
        let model = build_model(&instance);
        let write: FileWriter = Box::new(|w| write_lp_file(&model, w));
        write_lp_file_at(path, &write)?;
    }
    // A spinner for a person waiting at a terminal; scripts get clean stderr.
    let spinner = {
        use std::io::IsTerminal;
        if io::stderr().is_terminal() && !args.quiet && !args.json {
            let spinner = indicatif::ProgressBar::new_spinner().with_message("planning");
            spinner.enable_steady_tick(std::time::Duration::from_millis(120));
            spinner
        } else {
            indicatif::ProgressBar::hidden()
        }
    };
    let outcome = match args.method {
        MethodArg::Lp => solve_instance(&instance, &options),
        MethodArg::Greedy => Ok(solve_greedy(&instance)),
    };
    spinner.finish_and_clear();
    let outcome = outcome?;
    if let Some((failed, why)) = &outcome.fallback_from {
        eprintln!(
            "agrimatch: {} did not give a plan ({why}); retried with {}",
            failed.name(),
            outcome.solver.name()
        );
    }
    let Some(verified) = outcome
        .verified
        .as_ref()
        .filter(|_| matches!(outcome.status, PlanStatus::Optimal | PlanStatus::Baseline))
    else {
        eprintln!(
            "agrimatch: no plan written for {}: {} ({})",
            printable(&args.scenario.display().to_string()),
            outcome.status,
            outcome.solver.name()
        );
        return Ok(EXIT_NOT_OPTIMAL);
    };
    let figures = compute_figures(&instance, verified);
    let marginal = if args.marginal_values {
        let values = agrimatch::solve::marginal::marginal_values(&instance).ok_or_else(|| {
            Error::Usage("marginal values: Clarabel could not solve the whole model to optimality".to_string())
        })?;
        Some(values)
    } else {
        None
    };
    let greedy = if args.baseline && args.method == MethodArg::Lp {
        let greedy = solve_greedy(&instance);
        let figures = greedy.verified.as_ref().map(|v| compute_figures(&instance, v));
        greedy.verified.zip(figures)
    } else {
        None
    };
    let baseline = greedy
        .as_ref()
        .map(|(verified, figures)| agrimatch::report::html::Baseline { verified, figures });
    write_plan_folder(
        &out_folder,
        &instance,
        &outcome,
        verified,
        &figures,
        marginal.as_deref(),
        baseline,
    )?;
    if args.json {
        let rows = agrimatch::report::tables::summary_rows(&instance, &outcome, verified, &figures);
        let printed = agrimatch::report::tables::write_summary_json(&rows, io::stdout().lock());
        if let Err(e) = printed {
            if e.kind() != io::ErrorKind::BrokenPipe {
                return Err(Error::io("standard output", e));
            }
        }
    } else if !args.quiet {
        let mut stdout = io::stdout().lock();
        if let Some((base, base_figures)) = &greedy {
            {
                let _ = writeln!(
                    stdout,
                    "vs greedy   the LP saves {} in cost ({} against {}), {} kg of waste and {} kg of shortfall",
                    text::grouped(base.costs.total() - verified.costs.total()),
                    text::grouped(verified.costs.total()),
                    text::grouped(base.costs.total()),
                    text::grouped(base_figures.waste_kg - figures.waste_kg),
                    text::grouped(base_figures.shortfall_kg - figures.shortfall_kg)
                );
            }
        }
        let printed = text::write_plan_text(&instance, &outcome, verified, &figures, &mut stdout)
            .and_then(|()| writeln!(stdout, "wrote       {} ({})", out_dir.display(), PLAN_FILES.join(", ")));
        // A closed pipe (`agrimatch plan ... | head -1`) is not an error.
        if let Err(e) = printed {
            if e.kind() != io::ErrorKind::BrokenPipe {
                return Err(Error::io("standard output", e));
            }
        }
    }
    Ok(EXIT_OK)
}

fn run_generate(args: &GenerateArgs) -> Result<u8, Error> {
    if !(0.0..=1.0).contains(&args.capacitated_lanes) {
        return Err(Error::Usage(format!(
            "--capacitated-lanes: expected a share from 0 to 1, found {}",
            args.capacitated_lanes
        )));
    }
    if args.farms == 0 || args.stores == 0 || args.products == 0 || args.weeks == 0 {
        return Err(Error::Usage(
            "--farms, --stores, --products and --weeks must be at least 1".to_string(),
        ));
    }
    let options = GenerateOptions {
        farms: args.farms,
        stores: args.stores,
        products: args.products,
        weeks: args.weeks,
        lanes_per_farm: args.lanes_per_farm.max(1),
        hubs: args.hubs,
        capacitated_lanes: args.capacitated_lanes,
        seed: args.seed,
    };
    let files = generate_scenario(&options);
    write_text_folder_atomically(&args.out, &files)?;
    Ok(EXIT_OK)
}

fn run_bench(args: &BenchCliArgs) -> Result<u8, Error> {
    let records = bench::run_bench(&bench::BenchArgs {
        sizes: &args.sizes,
        solvers: &args.solvers,
        capacitated_lanes: args.capacitated_lanes,
        split: !args.no_split,
        time_limit_seconds: args.time_limit,
        seed: args.seed,
        out: &args.out,
    })?;
    let mut stdout = io::stdout().lock();
    for r in &records {
        let _ = writeln!(
            stdout,
            "{:<7} {:<9} {:<10} {:>8} variables  build {:>7.3} s  solve {:>8.3} s  total {:>8.3} s  peak {:>7.1} MB",
            r.size,
            r.solver,
            r.status,
            r.variables,
            r.build_seconds,
            r.solve_seconds,
            r.total_seconds,
            r.peak_memory_mb.unwrap_or(f64::NAN)
        );
    }
    let _ = writeln!(stdout, "wrote {}/bench.csv and bench.svg", args.out.display());
    Ok(EXIT_OK)
}

fn run_fairness(args: &FairnessArgs) -> Result<u8, Error> {
    let levels = args
        .levels
        .iter()
        .map(|text| match text.trim() {
            "none" => Ok(None),
            share => match share.parse::<f64>() {
                Ok(x) if (0.0..=1.0).contains(&x) => Ok(Some(x)),
                _ => Err(Error::Usage(format!(
                    "--levels: expected shares from 0 to 1 or `none`, found \"{share}\""
                ))),
            },
        })
        .collect::<Result<Vec<_>, _>>()?;
    let out = args.out.clone().unwrap_or_else(|| args.scenario.join("fairness"));
    let out_folder = OutputFolder::claim(&out, &[&args.scenario])?;
    let instance = read_instance(&args.scenario)?;
    let options = SolveOptions {
        solver: args.solver.choice(),
        ..SolveOptions::default()
    };
    let rows = agrimatch::scenario::fairness::price_of_fairness(&instance, &levels, &options)?;
    let svg = agrimatch::report::fairness::fairness_chart_svg(&rows)
        .map_err(|e| Error::Usage(format!("the chart could not be drawn: {e}")))?;
    let table = rows.clone();
    let files: [(&str, FileWriter); 2] = [
        (
            "fairness.csv",
            Box::new(move |w| {
                agrimatch::report::fairness::write_fairness_csv(&table, w)
                    .map_err(|e| std::io::Error::other(e.to_string()))
            }),
        ),
        ("fairness.svg", Box::new(move |w| w.write_all(svg.as_bytes()))),
    ];
    out_folder.write(&files)?;
    let mut stdout = io::stdout().lock();
    let _ = writeln!(
        stdout,
        "fair_shortfall  status      cost            worst store fill  lowest priority farm sold"
    );
    for r in &rows {
        let _ = writeln!(
            stdout,
            "{:<15} {:<11} {:>15} {:>17} {:>26}",
            r.level.map_or("none".to_string(), |l| l.to_string()),
            r.status,
            r.cost.map_or(String::new(), text::grouped),
            r.worst_store_fill_rate
                .map_or(String::new(), |x| format!("{:.1}%", 100.0 * x)),
            r.lowest_priority_farm_sold_share
                .map_or(String::new(), |x| format!("{:.1}%", 100.0 * x)),
        );
    }
    let _ = writeln!(stdout, "wrote {} (fairness.csv, fairness.svg)", out.display());
    let all_optimal = rows.iter().all(|r| r.status == "optimal");
    Ok(if all_optimal { EXIT_OK } else { EXIT_NOT_OPTIMAL })
}

fn run_sweep(args: &SweepArgs) -> Result<u8, Error> {
    use agrimatch::scenario::sweep::{change_files, percentiles, run_sweep, shard_of, Variant};
    use std::io::IsTerminal;
    let shard = match &args.shard {
        None => None,
        Some(text) => match text
            .split_once('/')
            .map(|(k, n)| (k.parse::<usize>(), n.parse::<usize>()))
        {
            Some((Ok(k), Ok(n))) if k < n => Some((k, n)),
            _ => {
                return Err(Error::Usage(format!(
                    "--shard: expected K/N with 0 <= K < N, found \"{text}\""
                )))
            }
        },
    };
    if !(args.yield_cv.is_finite() && args.yield_cv >= 0.0) {
        return Err(Error::Usage(format!(
            "--yield-cv: expected a number >= 0, found {}",
            args.yield_cv
        )));
    }
    let out = args.out.clone().unwrap_or_else(|| args.base.join("sweep"));
    let mut inputs = vec![args.base.as_path()];
    inputs.extend(args.variants.iter().map(PathBuf::as_path));
    let out_folder = OutputFolder::claim(&out, &inputs)?;
    let files = change_files(&args.variants).map_err(|e| Error::io(&args.base, e))?;
    let mut list: Vec<Variant> = files.into_iter().map(Variant::Changes).collect();
    let samples = args.samples.unwrap_or(0);
    list.extend((0..samples).map(|index| Variant::YieldSample {
        index,
        cv: args.yield_cv,
        seed: args.seed,
    }));
    let variants = shard_of(list, shard);
    let options = SolveOptions {
        solver: args.solver.choice(),
        ..SolveOptions::default()
    };
    // A bar only for a person watching; scripts and CI get clean stderr.
    let bar = if io::stderr().is_terminal() {
        indicatif::ProgressBar::new(variants.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let rows = run_sweep(&args.base, &variants, &options, args.baseline, &|| bar.inc(1));
    bar.finish_and_clear();

    let sampled: Vec<_> = rows
        .iter()
        .filter(|r| r.variant.starts_with("yield-sample-"))
        .cloned()
        .collect();
    let risk = percentiles(&sampled);
    let table = rows.clone();
    let risk_table = risk.clone();
    let mut files: Vec<(&str, FileWriter)> = vec![(
        "comparison.csv",
        Box::new(move |w| {
            agrimatch::report::sweep::write_comparison_csv(&table, w).map_err(|e| std::io::Error::other(e.to_string()))
        }),
    )];
    if samples > 0 {
        files.push((
            "risk.csv",
            Box::new(move |w| {
                agrimatch::report::sweep::write_risk_csv(&risk_table, w)
                    .map_err(|e| std::io::Error::other(e.to_string()))
            }),
        ));
    }
    out_folder.write(&files)?;

    let mut stdout = io::stdout().lock();
    let base_cost = rows.first().and_then(|r| r.cost);
    for r in &rows {
        let change = match (r.cost, base_cost) {
            (Some(c), Some(b)) if r.variant != "base" => {
                format!("  ({:+.1}% cost)", 100.0 * (c - b) / b.abs().max(1.0))
            }
            _ => String::new(),
        };
        let _ = writeln!(
            stdout,
            "{:<10} {}  {}",
            r.status.split(':').next().unwrap_or(""),
            printable(&r.variant),
            r.cost.map_or(String::new(), text::grouped) + &change
        );
    }
    for (metric, [p10, p50, p90]) in &risk {
        let _ = writeln!(stdout, "{metric:<13} P10 {p10:>16.3}  P50 {p50:>16.3}  P90 {p90:>16.3}");
    }
    let also = if samples > 0 { " and risk.csv" } else { "" };
    let _ = writeln!(stdout, "wrote {}/comparison.csv{also}", out.display());
    Ok(if rows.iter().all(|r| r.status == "optimal") {
        EXIT_OK
    } else {
        EXIT_NOT_OPTIMAL
    })
}

fn run_merge(args: &MergeArgs) -> Result<u8, Error> {
    let texts = args
        .shards
        .iter()
        .map(|path| agrimatch::data::read::read_capped_text(path))
        .collect::<Result<Vec<_>, _>>()?;
    let merged = agrimatch::report::sweep::merge_comparisons(&texts).map_err(Error::Usage)?;
    if args.out.exists() {
        return Err(Error::Refused {
            path: args.out.clone(),
            reason: "expected a new file, found one (merge never overwrites)".to_string(),
        });
    }
    std::fs::write(&args.out, merged).map_err(|e| Error::io(&args.out, e))?;
    Ok(EXIT_OK)
}

fn run_roll(args: &RollArgs) -> Result<u8, Error> {
    use agrimatch::scenario::roll::{read_actual, roll};
    let out_dir = args.out.clone().unwrap_or_else(|| args.scenario.join("roll"));
    let mut inputs = vec![args.scenario.as_path()];
    inputs.extend(args.actuals.as_deref());
    let out_folder = OutputFolder::claim(&out_dir, &inputs)?;
    let (forecast, actual) = read_actual(&args.scenario, args.actuals.as_deref())?;
    let options = SolveOptions {
        solver: args.solver.choice(),
        ..SolveOptions::default()
    };
    let rolled = roll(&forecast, &actual, args.horizon, &options)?;
    let outcome = agrimatch::solve::PlanOutcome {
        status: PlanStatus::Rolled,
        solver: options.solver.fixed().unwrap_or(LpSolver::Microlp),
        verified: Some(rolled.verified.clone()),
        variables: rolled.variables,
        constraints: rolled.constraints,
        build_seconds: rolled.build_seconds,
        solve_seconds: rolled.solve_seconds,
        verify_seconds: 0.0,
        fallback_from: None,
        blocks: rolled.windows,
    };
    let figures = compute_figures(&rolled.actual, &rolled.verified);
    write_plan_folder(
        &out_folder,
        &rolled.actual,
        &outcome,
        &rolled.verified,
        &figures,
        None,
        None,
    )?;
    let mut stdout = io::stdout().lock();
    let _ = text::write_plan_text(&rolled.actual, &outcome, &rolled.verified, &figures, &mut stdout);
    let _ = writeln!(
        stdout,
        "balance     {} kg in = {} sold + {} wasted + {} still fresh at the end ({} windows of {} weeks)",
        text::grouped(figures.supply_kg),
        text::grouped(figures.delivered_kg),
        text::grouped(figures.waste_kg),
        text::grouped(figures.closing_stock_kg),
        rolled.windows,
        args.horizon
    );
    let _ = writeln!(stdout, "wrote       {} ({})", out_dir.display(), PLAN_FILES.join(", "));
    Ok(EXIT_OK)
}

fn run_check(args: &CheckArgs) -> Result<u8, Error> {
    use agrimatch::scenario::check::{certain_shortfalls, counts, totals_per_product};
    let instance = read_instance(&args.scenario)?;
    let mut stdout = io::stdout().lock();
    let read: Vec<String> = counts(&instance)
        .iter()
        .map(|(what, n)| format!("{n} {what}"))
        .collect();
    let _ = writeln!(stdout, "read        {}", read.join(", "));
    let _ = writeln!(
        stdout,
        "horizon     {} weeks of {} days",
        instance.weeks, instance.period_days
    );
    for (p, supply, demand) in totals_per_product(&instance) {
        let _ = writeln!(
            stdout,
            "product     {:<20} {:>14} kg harvest and stock, {:>14} kg ordered",
            shown(&instance.product(p).id),
            text::grouped(supply),
            text::grouped(demand)
        );
    }
    let warnings = certain_shortfalls(&instance);
    for (p, week, ordered, reachable) in warnings.iter().take(20) {
        let _ = writeln!(
            stdout,
            "warning     week {week}: {} kg of {} ordered, but at most {} kg harvested fresh enough to sell then",
            text::grouped(*ordered),
            shown(&instance.product(*p).id),
            text::grouped(*reachable)
        );
    }
    if warnings.len() > 20 {
        let _ = writeln!(
            stdout,
            "warning     ... and {} more weeks like these",
            warnings.len() - 20
        );
    }
    for u in agrimatch::scenario::check::unconnected_locations(&instance) {
        let location = instance.location(u.location);
        let (what, fate) = match location.kind {
            agrimatch::data::LocationKind::Store => ("store", "ordered, all of it will go short"),
            _ => ("farm", "harvest and stock, all of it will be wasted"),
        };
        let _ = writeln!(
            stdout,
            "warning     {what} {} has no lane: {} kg {fate}",
            agrimatch::error::shown(&location.id),
            text::grouped(u.kg)
        );
    }
    let unsellable = agrimatch::scenario::check::unsellable_supply(&instance);
    for u in unsellable.iter().take(20) {
        let _ = writeln!(
            stdout,
            "warning     week {}: {} kg of {} {} at {} can reach no order while fresh enough to sell; it will be wasted",
            u.week,
            text::grouped(u.kg),
            agrimatch::error::shown(&instance.product(u.product).id),
            if u.stock { "in stock" } else { "harvested" },
            agrimatch::error::shown(&instance.location(u.location).id),
        );
    }
    if unsellable.len() > 20 {
        let _ = writeln!(
            stdout,
            "warning     ... and {} more harvest or stock rows like these ({} kg in all)",
            unsellable.len() - 20,
            text::grouped(unsellable.iter().map(|u| u.kg).sum())
        );
    }
    if let Err(e) = agrimatch::solve::limits::check_state_count(&instance) {
        let _ = writeln!(stdout, "warning     too large to plan: {e}");
    }
    let _ = writeln!(stdout, "ok          the scenario is valid");
    Ok(EXIT_OK)
}

/// The template of `agrimatch init`: the tiny scenario, with a guide.
const TEMPLATE: [(&str, &str); 9] = [
    ("products.csv", include_str!("../../scenarios/tiny/products.csv")),
    ("farms.csv", include_str!("../../scenarios/tiny/farms.csv")),
    ("hubs.csv", include_str!("../../scenarios/tiny/hubs.csv")),
    ("stores.csv", include_str!("../../scenarios/tiny/stores.csv")),
    ("supply.csv", include_str!("../../scenarios/tiny/supply.csv")),
    ("demand.csv", include_str!("../../scenarios/tiny/demand.csv")),
    ("lanes.csv", include_str!("../../scenarios/tiny/lanes.csv")),
    (
        "scenario.toml",
        "# Length of a planning period in days (7: weekly plans, 1: daily plans).\n\
         period_days = 7\n\
         \n\
         # Uncomment to bound each store's shortfall rate, per product and week,\n\
         # to the overall rate plus this share (0 = equal shares).\n\
         # fair_shortfall = 0.1\n",
    ),
    (
        "README.md",
        "# A scenario for agrimatch\n\n\
         Edit these files in Excel or any editor (save as CSV UTF-8), then run\n\
         `agrimatch check .` to see what was read and `agrimatch plan .` to plan.\n\n\
         - products.csv: what is grown; shelf life in days, value of a spoiled kg.\n\
         - farms.csv: production bases; priority > 0 sells an assisted farm's produce first.\n\
         - hubs.csv: collection and distribution centres (optional file).\n\
         - stores.csv: supermarkets, e-commerce and other buyers.\n\
         - supply.csv: kg each farm harvests each week.\n\
         - demand.csv: kg each store orders each week.\n\
         - lanes.csv: roads from farms or hubs to hubs or stores: cost per kg, days on the road,\n\
           weekly capacity (blank = unlimited).\n\
         - stock.csv (optional): produce on hand at the start, with its age in days.\n\
         - scenario.toml: settings (period length, fair shares).\n\n\
         The agrimatch README lists every column and its default.\n",
    ),
];

fn run_init(args: &InitArgs) -> Result<u8, Error> {
    let folder = OutputFolder::claim_new(&args.dir)?;
    let files: Vec<(&str, String)> = TEMPLATE.iter().map(|(name, text)| (*name, text.to_string())).collect();
    folder.write(&text_writers(&files))?;
    let _ = writeln!(
        io::stdout().lock(),
        "wrote {} ({}); next: agrimatch check {}",
        args.dir.display(),
        TEMPLATE.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
        args.dir.display()
    );
    Ok(EXIT_OK)
}

fn run_report(args: &ReportArgs) -> Result<u8, Error> {
    let scenario = match &args.scenario {
        Some(dir) => dir.clone(),
        None => args
            .out
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    // Claimed first: it also puts back a plan folder a killed run left aside.
    let out_folder = OutputFolder::claim(&args.out, &[&scenario])?;
    let instance = read_instance(&scenario)?;
    let read = |name: &str| {
        let path = args.out.join(name);
        agrimatch::data::read::read_capped_text(&path)
    };
    let plan = agrimatch::report::flows::read_flows_csv(&instance, &read("flows.csv")?).map_err(Error::Usage)?;
    let verified = agrimatch::solve::verify_plan(&instance, &plan, None).map_err(|violations| {
        Error::Usage(format!(
            "the plan in {} does not fit {} ({})",
            args.out.display(),
            scenario.display(),
            violations.first().cloned().unwrap_or_default()
        ))
    })?;
    // Status and solver as the plan recorded them.
    let summary = read("summary.csv")?;
    let recorded = |metric: &str| {
        summary
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{metric},")).map(str::to_string))
            .unwrap_or_default()
    };
    let status = match recorded("status").as_str() {
        "baseline" => PlanStatus::Baseline,
        "rolled" => PlanStatus::Rolled,
        _ => PlanStatus::Optimal,
    };
    let solver = [
        LpSolver::Microlp,
        LpSolver::Clarabel,
        LpSolver::Highs,
        LpSolver::Network,
        LpSolver::Greedy,
    ]
    .into_iter()
    .find(|s| s.name() == recorded("solver"))
    .unwrap_or(LpSolver::Microlp);
    let outcome = agrimatch::solve::PlanOutcome {
        status,
        solver,
        verified: None,
        variables: recorded("variables").parse().unwrap_or(0),
        constraints: recorded("constraints").parse().unwrap_or(0),
        build_seconds: 0.0,
        solve_seconds: 0.0,
        verify_seconds: 0.0,
        fallback_from: None,
        blocks: 1,
    };
    let figures = compute_figures(&instance, &verified);
    let page = agrimatch::report::html::render_report(&instance, &outcome, &verified, &figures, None, None);
    let write: FileWriter = Box::new(move |w| w.write_all(page.as_bytes()));
    out_folder.write_file("report.html", &write)?;
    let _ = writeln!(io::stdout().lock(), "wrote {}", args.out.join("report.html").display());
    Ok(EXIT_OK)
}
