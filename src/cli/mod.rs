//! The command line: clap arguments, paths, messages and exit codes.
//! Nothing of clap reaches the library.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use agrimatch::data::read_instance;
use std::time::Instant;

use agrimatch::model::{build_model, write_lp_file, LpSolver};
use agrimatch::report::{compute_figures, text, write_file_atomically, write_plan_folder, FileWriter, PLAN_FILES};
use agrimatch::solve::limits::check_instance_fits;
use agrimatch::solve::{solve_model, PlanStatus, SolveOptions, SolverChoice};
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
}

#[derive(clap::Args)]
struct PlanArgs {
    /// Scenario folder with products.csv, farms.csv, stores.csv, supply.csv, demand.csv, lanes.csv.
    scenario: PathBuf,
    /// Output folder [default: SCENARIO/out]; replaced as a whole when the plan is complete.
    #[arg(long)]
    out: Option<PathBuf>,
    /// LP solver; `auto` picks microlp for small models and clarabel for large ones.
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
    /// Stop the solver after this many seconds (exit 1 when no optimal plan was found).
    #[arg(long, value_name = "SECONDS")]
    time_limit: Option<f64>,
    /// Also write the linear program in CPLEX LP format to FILE, for an
    /// outside solver (the objective's constant is in the first comment line).
    #[arg(long, value_name = "FILE")]
    write_lp: Option<PathBuf>,
    /// Print nothing on success.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum SolverArg {
    Auto,
    Microlp,
    Clarabel,
    Highs,
}

impl SolverArg {
    fn choice(self) -> SolverChoice {
        match self {
            SolverArg::Auto => SolverChoice::Auto,
            SolverArg::Microlp => SolverChoice::Fixed(LpSolver::Microlp),
            SolverArg::Clarabel => SolverChoice::Fixed(LpSolver::Clarabel),
            SolverArg::Highs => SolverChoice::Fixed(LpSolver::Highs),
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Plan(args) => run_plan(&args),
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
    let instance = read_instance(&args.scenario)?;
    let options = SolveOptions {
        solver: args.solver.choice(),
        time_limit_seconds: args.time_limit,
    };
    check_instance_fits(&instance)?;
    let started = Instant::now();
    let model = build_model(&instance);
    let build_seconds = started.elapsed().as_secs_f64();
    if let Some(path) = &args.write_lp {
        let write: FileWriter = Box::new(|w| write_lp_file(&model, w));
        write_file_atomically(path, &write)?;
    }
    let outcome = solve_model(&instance, &model, build_seconds, &options)?;
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
        .filter(|_| outcome.status == PlanStatus::Optimal)
    else {
        eprintln!(
            "agrimatch: no plan written for {}: {} ({})",
            args.scenario.display(),
            outcome.status,
            outcome.solver.name()
        );
        return Ok(EXIT_NOT_OPTIMAL);
    };
    let figures = compute_figures(&instance, verified);
    let out_dir = args.out.clone().unwrap_or_else(|| args.scenario.join("out"));
    write_plan_folder(&out_dir, &instance, &outcome, verified, &figures)?;
    if !args.quiet {
        let mut stdout = io::stdout().lock();
        let printed = text::write_plan_text(&outcome, verified, &figures, &mut stdout)
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
