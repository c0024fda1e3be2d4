//! `agrimatch fairness`: the price of fair shares, one plan per level.

use std::io::Write;
use std::path::PathBuf;

use agrimatch::data::read_instance;
use agrimatch::error::flag_expected_found;
use agrimatch::lang::t;
use agrimatch::report::charts::fairness_chart_svg;
use agrimatch::report::fairness::write_fairness_csv;
use agrimatch::report::{csv_file, text, FileWriter};
use agrimatch::scenario::fairness::price_of_fairness;
use agrimatch::solve::SolveOptions;
use agrimatch::Error;

use super::{out_or, printed, SolverArg, EXIT_NOT_OPTIMAL, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    pub scenario: PathBuf,
    #[arg(long, value_delimiter = ',', default_value = "0,0.05,0.1,0.2,none")]
    levels: Vec<String>,
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
    #[arg(long, short)]
    quiet: bool,
}

/// A share from 0 to 1, or `none` (no fairness constraint).
fn parse_level(text: &str) -> Result<Option<f64>, Error> {
    match text.trim() {
        "none" => Ok(None),
        share => match share.parse::<f64>() {
            Ok(x) if (0.0..=1.0).contains(&x) => Ok(Some(x)),
            _ => Err(Error::Usage(flag_expected_found(
                "--levels",
                &t("ref-what-levels", &[]),
                &format!("\"{share}\""),
            ))),
        },
    }
}

pub fn run(args: &Args) -> Result<u8, Error> {
    let levels = args
        .levels
        .iter()
        .map(|text| parse_level(text))
        .collect::<Result<Vec<_>, _>>()?;
    let out = out_or(&args.out, &args.scenario, "fairness");
    let out_folder = super::claim_out(&out, &[&args.scenario], &args.scenario)?;
    let instance = read_instance(&args.scenario)?;
    let options = SolveOptions {
        solver: args.solver.choice(),
        memory_limit: super::memory_limit(),
        ..SolveOptions::default()
    };
    let rows = price_of_fairness(&instance, &levels, &options)?;
    let svg = fairness_chart_svg(&rows)?;
    let files: [(&str, FileWriter); 2] = [
        ("fairness.csv", csv_file(|w| write_fairness_csv(&rows, w))),
        ("fairness.svg", Box::new(|w| w.write_all(svg.as_bytes()))),
    ];
    out_folder.write(&files)?;
    let mut stdout = super::stdout_unless(args.quiet);
    printed(
        text::write_fairness_table(&rows, &mut stdout)
            .and_then(|()| writeln!(stdout, "{}", super::wrote(&out, "fairness.csv, fairness.svg"))),
    )?;
    let all_planned = rows.iter().all(|r| r.status.is_planned());
    Ok(if all_planned { EXIT_OK } else { EXIT_NOT_OPTIMAL })
}
