//! The command line: clap arguments, paths, messages and exit codes, one
//! file per subcommand (its `Args` and its `run`). Nothing of clap reaches
//! the library; tables and messages are written by `report::text`.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use agrimatch::model::LpSolver;
use agrimatch::report::OutputFolder;
use agrimatch::solve::{MemoryLimit, PlanOutcome, SolverChoice, VerifiedPlan};
use agrimatch::Error;

/// `eprintln!` that never panics: stderr closed early (`agrimatch ... 2>&1 |
/// head`) is not an error (a broken pipe), and a panic there exited 101.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use say;

mod bench;
mod check;
mod fairness;
mod generate;
mod help;
mod init;
mod merge;
mod plan;
mod report;
mod roll;
mod serve;
mod support;
mod sweep;
mod week;

/// Exit code: plan written.
pub const EXIT_OK: u8 = 0;
/// Exit code: solved, but no optimal verified plan (time limit, solver trouble).
pub const EXIT_NOT_OPTIMAL: u8 = 1;
/// Exit code: bad input, I/O error or a solver that could not run.
pub const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
// Every text of the command line (this line, each command's, each
// option's) comes from the catalog: see help.rs.
#[command(name = "agrimatch", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[arg(long, global = true, value_parser = parse_memory)]
    memory: Option<MemoryLimit>,
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
}

fn parse_memory(text: &str) -> Result<MemoryLimit, String> {
    // Parsed before the language is set: worded in the command line's.
    MemoryLimit::parse(text)
        .ok_or_else(|| help::words().text("cli-memory-expected", &[("found", &agrimatch::error::quoted(text))]))
}

/// `--memory`, once parsed (every command's options read it through [`memory_limit`]).
static MEMORY: std::sync::OnceLock<MemoryLimit> = std::sync::OnceLock::new();

#[derive(Subcommand)]
enum Command {
    Plan(plan::Args),
    Report(report::Args),
    Check(check::Args),
    Init(init::Args),
    Generate(generate::Args),
    Sweep(sweep::Args),
    Roll(roll::Args),
    Week(week::Args),
    Merge(merge::Args),
    Fairness(fairness::Args),
    Support(support::Args),
    Bench(bench::Args),
    Serve(serve::Args),
}

/// `--solver` of every command that plans.
#[derive(Clone, Copy, ValueEnum)]
pub enum SolverArg {
    Auto,
    Microlp,
    Clarabel,
    Highs,
    Network,
    Coupled,
}

impl SolverArg {
    pub fn choice(self) -> SolverChoice {
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

/// The memory budget of a run: `--memory`, else `AGRIMATCH_MEMORY_BYTES`
/// (tests, or a planner who shares the machine), else the fixed default.
pub fn memory_limit() -> MemoryLimit {
    if let Some(limit) = MEMORY.get() {
        return *limit;
    }
    std::env::var("AGRIMATCH_MEMORY_BYTES")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .map_or_else(MemoryLimit::default, MemoryLimit::Bytes)
}

/// Standard output, or nowhere with `--quiet` (every command has it: a
/// script that only wants the files gets silence on success; errors still
/// go to stderr).
pub fn stdout_unless(quiet: bool) -> Box<dyn io::Write> {
    if quiet {
        Box::new(io::sink())
    } else {
        Box::new(io::stdout().lock())
    }
}

/// What was printed on stdout went out, or the reader closed the pipe
/// (`agrimatch plan ... | head -1`), which is not an error.
pub fn printed(result: io::Result<()>) -> Result<(), Error> {
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::io("standard output", e)),
        _ => Ok(()),
    }
}

/// `wrote FOLDER (files)`: the last line of a command that writes a folder.
pub fn wrote(folder: &Path, files: &str) -> String {
    agrimatch::lang::t(
        "cli-wrote",
        &[
            ("folder", &agrimatch::report::text::path_text(folder)),
            ("files", files),
        ],
    )
}

/// The verified plan, or `None` after saying on stderr why there is none.
pub fn plan_or_say_why<'a>(outcome: &'a PlanOutcome, scenario: &Path) -> Option<&'a VerifiedPlan> {
    if let Some(status) = outcome.status() {
        let status = match agrimatch::lang::current() {
            agrimatch::lang::Lang::En => status.to_string(),
            // The word in the reader's language; the solver's own reason
            // (if any) as it gave it.
            _ => {
                let word = agrimatch::report::text::status_word(status.word());
                let text = status.to_string();
                match text.strip_prefix(status.word()) {
                    Some(rest) => format!("{word}{rest}"),
                    None if text == status.word() => word,
                    None => format!("{word}: {text}"),
                }
            }
        };
        say!(
            "agrimatch: {}",
            agrimatch::lang::t(
                "cli-no-plan",
                &[
                    ("scenario", &agrimatch::report::text::path_text(scenario)),
                    ("status", &status),
                    ("solver", outcome.method().solver_name()),
                ]
            )
        );
    }
    outcome.plan()
}

/// The default output folder: `name` inside the scenario folder, or for a
/// workbook `luodian.xlsx` the folder `luodian-NAME` beside it (a workbook
/// is a file: nothing is ever written into or over it).
pub fn out_or(out: &Option<PathBuf>, scenario: &Path, name: &str) -> PathBuf {
    out.clone().unwrap_or_else(|| default_out(scenario, name))
}

fn default_out(scenario: &Path, name: &str) -> PathBuf {
    if agrimatch::data::workbook::is_workbook(scenario) && !scenario.is_dir() {
        let stem = scenario
            .file_stem()
            .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned());
        return scenario.with_file_name(format!("{stem}-{name}"));
    }
    scenario.join(name)
}

/// The output folder claimed for a run on `scenario`, with its CSV files
/// written as the scenario asks (`csv_bom`).
pub fn claim_out(out_dir: &Path, inputs: &[&Path], scenario: &Path) -> Result<OutputFolder, Error> {
    let folder = OutputFolder::claim(out_dir, inputs)?;
    let style = agrimatch::data::read_csv_style(scenario)?;
    Ok(folder.with_csv_bom(style.bom))
}

/// The `language` setting of the scenario a command reads, if any (a
/// scenario that cannot be read says nothing here: its problems are
/// reported, in the language decided without it, when the command reads it).
fn scenario_language(command: &Command) -> Option<agrimatch::lang::Lang> {
    let path = match command {
        Command::Plan(args) => args.scenario.clone(),
        Command::Check(args) => args.scenario.clone(),
        Command::Report(args) => args.scenario_path(),
        Command::Sweep(args) => args.base.clone(),
        Command::Roll(args) => args.scenario.clone(),
        Command::Week(args) => args.scenario.clone(),
        Command::Fairness(args) => args.scenario.clone(),
        Command::Support(args) => args.scenario.clone(),
        Command::Serve(args) => args.scenario.clone(),
        Command::Init(_) | Command::Generate(_) | Command::Merge(_) | Command::Bench(_) => return None,
    };
    let files = agrimatch::data::open_scenario(&path).ok()?;
    agrimatch::data::read::language_of(files.as_ref())
}

pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let words = help::early_language(&args);
    help::set_words(words);
    let parsed = help::localized(Cli::command(), words)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = e.exit_code();
            match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    let _ = e.print();
                }
                // `agrimatch` alone: the (worded) help, on stderr, exit 2.
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => say!("{}", e.render()),
                _ => say!("{}", help::error_text(&e, words)),
            }
            return ExitCode::from(u8::try_from(code).unwrap_or(EXIT_ERROR));
        }
    };
    match agrimatch::lang::decide(cli.lang.as_deref(), || scenario_language(&cli.command)) {
        Ok(lang) => agrimatch::lang::set(lang),
        Err(why) => {
            say!("agrimatch: {why}");
            return ExitCode::from(EXIT_ERROR);
        }
    }
    if let Some(limit) = cli.memory {
        // Set once, before any command runs.
        let _ = MEMORY.set(limit);
    }
    let result = match cli.command {
        Command::Plan(args) => plan::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Fairness(args) => fairness::run(&args),
        Command::Support(args) => support::run(&args),
        Command::Sweep(args) => sweep::run(&args),
        Command::Merge(args) => merge::run(&args),
        Command::Roll(args) => roll::run(&args),
        Command::Week(args) => week::run(&args),
        Command::Serve(args) => serve::run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            say!("agrimatch: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}
