//! `agrimatch support`: how far a support budget goes, one plan per budget.

use std::io::Write;
use std::path::PathBuf;

use agrimatch::data::read_instance;
use agrimatch::error::flag_expected_found;
use agrimatch::lang::t;
use agrimatch::report::support::{write_budget_table, write_budgets_csv};
use agrimatch::report::{csv_file, text, FileWriter, OutputFolder};
use agrimatch::scenario::support::budget_table;
use agrimatch::solve::SolveOptions;
use agrimatch::Error;

use super::{out_or, printed, SolverArg, EXIT_NOT_OPTIMAL, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    pub scenario: PathBuf,
    #[arg(long, value_delimiter = ',', default_value = "0,50000,100000,200000,none")]
    budgets: Vec<String>,
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
    #[arg(long, short)]
    quiet: bool,
}

/// Money >= 0, or `none` (no limit).
fn parse_budget(text: &str) -> Result<Option<f64>, Error> {
    match text.trim() {
        "none" => Ok(None),
        money => match money.parse::<f64>() {
            Ok(x) if (0.0..=agrimatch::data::read::MAX_BUDGET).contains(&x) => Ok(Some(x)),
            _ => Err(Error::Usage(flag_expected_found(
                "--budgets",
                &t("ref-what-budgets", &[]),
                &format!("\"{money}\""),
            ))),
        },
    }
}

pub fn run(args: &Args) -> Result<u8, Error> {
    let budgets = args
        .budgets
        .iter()
        .map(|text| parse_budget(text))
        .collect::<Result<Vec<_>, _>>()?;
    let instance = read_instance(&args.scenario)?;
    if instance.support.is_empty() {
        return Err(Error::Usage(t(
            "ref-support-none",
            &[("path", &text::path_text(&args.scenario))],
        )));
    }
    let out = out_or(&args.out, &args.scenario, "support");
    let out_folder = OutputFolder::claim(&out, &[&args.scenario])?;
    let options = SolveOptions {
        solver: args.solver.choice(),
        memory_limit: super::memory_limit(),
        ..SolveOptions::default()
    };
    let rows = budget_table(&instance, &budgets, &options)?;
    let files: [(&str, FileWriter); 1] = [("budgets.csv", csv_file(|w| write_budgets_csv(&rows, w)))];
    out_folder.write(&files)?;
    let mut stdout = super::stdout_unless(args.quiet);
    printed(
        write_budget_table(&rows, &mut stdout).and_then(|()| writeln!(stdout, "{}", super::wrote(&out, "budgets.csv"))),
    )?;
    let all_planned = rows.iter().all(|r| r.status.is_planned());
    Ok(if all_planned { EXIT_OK } else { EXIT_NOT_OPTIMAL })
}
