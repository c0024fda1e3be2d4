//! `agrimatch plan`: plan a scenario (or a what-if variant), verify the
//! plan and write it.

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use agrimatch::data::read_instance;
use agrimatch::error::flag_expected_found;
use agrimatch::lang::t;
use agrimatch::model::{build_truck_model, write_lp_file, ObjectiveWeights};
use agrimatch::report::html::{Baseline, Sections};
use agrimatch::report::tables::{summary_rows, write_summary_json};
use agrimatch::report::{check_outside, csv_file, text, write_lp_file_at, write_plan_folder_with, FileWriter};
use agrimatch::scenario::changes::read_variant;
use agrimatch::scenario::week::{arriving_after, drop_arrivals_after, read_on_road};
use agrimatch::solve::limits::check_instance_fits;
use agrimatch::solve::marginal::marginal_values_from;
use agrimatch::solve::{compute_figures, solve_greedy, solve_instance_from, SolveOptions, WarmStarts};
use agrimatch::Error;

use super::{out_or, printed, SolverArg, EXIT_NOT_OPTIMAL, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    pub scenario: PathBuf,
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
    #[arg(long, value_name = "SECONDS")]
    time_limit: Option<f64>,
    #[arg(long, value_name = "G", default_value_t = agrimatch::solve::trucks::DEFAULT_GAP)]
    gap: f64,
    #[arg(long, value_enum, default_value_t = MethodArg::Lp)]
    method: MethodArg,
    #[arg(long)]
    baseline: bool,
    #[arg(long, value_name = "FILE")]
    changes: Option<PathBuf>,
    #[arg(long)]
    no_split: bool,
    #[arg(long, value_name = "FILE")]
    write_lp: Option<PathBuf>,
    #[arg(long, short)]
    quiet: bool,
    #[arg(long)]
    json: bool,
    #[arg(long)]
    marginal_values: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum MethodArg {
    Lp,
    Greedy,
}

/// A spinner for a person waiting at a terminal; scripts get clean stderr.
fn spinner(shown: bool) -> indicatif::ProgressBar {
    if shown && io::stderr().is_terminal() {
        let spinner = indicatif::ProgressBar::new_spinner().with_message("planning");
        spinner.enable_steady_tick(std::time::Duration::from_millis(120));
        spinner
    } else {
        indicatif::ProgressBar::hidden()
    }
}

pub fn run(args: &Args) -> Result<u8, Error> {
    if let Some(seconds) = args.time_limit {
        if !(seconds.is_finite() && seconds > 0.0) {
            return Err(Error::Usage(flag_expected_found(
                "--time-limit",
                &t("ref-what-seconds", &[]),
                &seconds.to_string(),
            )));
        }
    }
    if !(args.gap.is_finite() && args.gap >= 0.0) {
        return Err(Error::Usage(flag_expected_found(
            "--gap",
            &t("ref-what-gap", &[]),
            &args.gap.to_string(),
        )));
    }
    let out_dir = out_or(&args.out, &args.scenario, "out");
    if let Some(path) = &args.write_lp {
        // The output folder is replaced whole: a file inside it would be lost.
        check_outside(&out_dir, path, "--write-lp")?;
    }
    let mut inputs = vec![args.scenario.as_path()];
    inputs.extend(args.changes.as_deref());
    // Refused before solving, so that a long run never ends in a refusal.
    let out_folder = super::claim_out(&out_dir, &inputs, &args.scenario)?;
    let instance = match &args.changes {
        Some(changes) => read_variant(&args.scenario, changes)?,
        None => read_instance(&args.scenario)?,
    };
    // Produce on the road that arrives after the data's last week is
    // neither sold nor wasted in the plan: listed in after_plan.csv, as
    // `week` and `roll` list it.
    let after_plan = arriving_after(&read_on_road(&args.scenario, &instance)?, instance.weeks);
    let mut instance = instance;
    // In place: a copy of a large scenario costs a tenth of a second.
    let last = instance.weeks;
    drop_arrivals_after(&mut instance, last);
    let options = SolveOptions {
        solver: args.solver.choice(),
        time_limit_seconds: args.time_limit,
        split: !args.no_split,
        memory_limit: super::memory_limit(),
        gap: args.gap,
        ..SolveOptions::default()
    };
    if let Some(path) = &args.write_lp {
        // The whole model in one file, whether or not the plan is split.
        check_instance_fits(&instance, options.memory_limit)?;
        // With truck lanes, the trucks as integer columns (a MIP).
        let model = build_truck_model(&instance);
        let write: FileWriter = Box::new(|w| write_lp_file(&model, w));
        write_lp_file_at(path, &write)?;
    }
    let spinner = spinner(!args.quiet && !args.json);
    let planned = match args.method {
        MethodArg::Lp => solve_instance_from(&instance, &ObjectiveWeights::of(&instance), &options, None),
        MethodArg::Greedy => Ok((solve_greedy(&instance), WarmStarts::default())),
    };
    spinner.finish_and_clear();
    let (outcome, bases) = planned?;
    if let Some(fallback) = &outcome.fallback_from {
        super::say!(
            "agrimatch: {}",
            agrimatch::lang::t(
                "cli-fallback",
                &[
                    ("failed", fallback.failed.name()),
                    ("why", &fallback.why.to_string()),
                    ("then", fallback.then.name()),
                ]
            )
        );
    }
    let Some(verified) = super::plan_or_say_why(&outcome, &args.scenario) else {
        return Ok(EXIT_NOT_OPTIMAL);
    };
    let figures = compute_figures(&instance, verified);
    let marginal = if args.marginal_values {
        // Split as the plan was, so each block's duals come from its own solver.
        // The coupled blocks' duals come from the bases their plans ended with.
        let (values, _) =
            marginal_values_from(&instance, options.split, Some(&bases)).ok_or_else(|| Error::Solver {
                solver: "clarabel".to_string(),
                message: t("ref-no-duals", &[]),
            })?;
        Some(values)
    } else {
        None
    };
    let greedy = (args.baseline && args.method == MethodArg::Lp)
        .then(|| solve_greedy(&instance).into_plan())
        .flatten()
        .map(|plan| {
            let figures = compute_figures(&instance, &plan);
            (plan, figures)
        });
    let baseline = greedy
        .as_ref()
        .map(|(verified, figures)| Baseline { verified, figures });
    let mut extra = Vec::new();
    if !after_plan.is_empty() {
        extra.push((
            agrimatch::report::week::AFTER_PLAN,
            csv_file(|w| agrimatch::report::week::write_on_road_csv(&instance, &after_plan, w)),
        ));
    }
    let written = write_plan_folder_with(
        &out_folder,
        &instance,
        &outcome,
        verified,
        &figures,
        Sections {
            scenario: Some(&agrimatch::report::html::scenario_name(&args.scenario)),
            baseline,
            marginal: marginal.as_deref(),
            this_week: None,
        },
        extra,
    )?;
    if args.json {
        let rows = summary_rows(&instance, &outcome, verified, &figures);
        printed(write_summary_json(&rows, io::stdout().lock()))?;
    } else if !args.quiet {
        let mut stdout = io::stdout().lock();
        let vs_greedy = match &greedy {
            Some((base, base_figures)) => {
                text::write_vs_greedy((verified, &figures), (base, base_figures), &mut stdout)
            }
            None => Ok(()),
        };
        printed(
            vs_greedy
                .and_then(|()| text::write_plan_text(&instance, &outcome, verified, &figures, &mut stdout))
                .and_then(|()| super::week::write_after_plan_line(&instance, &after_plan, &mut stdout))
                .and_then(|()| text::write_wrote_line(&out_dir, &written, &mut stdout)),
        )?;
    }
    Ok(EXIT_OK)
}
