//! `agrimatch roll`: re-plan week by week with actuals and write the
//! committed plan.

use std::path::PathBuf;

use agrimatch::report::html::Sections;
use agrimatch::report::{csv_file, text, write_plan_folder_with};
use agrimatch::scenario::roll::{read_actual, roll};
use agrimatch::scenario::week::{arriving_after, read_on_road};
use agrimatch::solve::{compute_figures, SolveOptions};
use agrimatch::Error;

use super::{out_or, printed, SolverArg, EXIT_NOT_OPTIMAL, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    pub scenario: PathBuf,
    #[arg(long, value_name = "WEEKS")]
    horizon: u32,
    #[arg(long, value_name = "DIR")]
    actuals: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    changes: Option<PathBuf>,
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: &Args) -> Result<u8, Error> {
    let out_dir = out_or(&args.out, &args.scenario, "roll");
    let mut inputs = vec![args.scenario.as_path()];
    inputs.extend(args.actuals.as_deref());
    inputs.extend(args.changes.as_deref());
    let out_folder = super::claim_out(&out_dir, &inputs, &args.scenario)?;
    let (forecast, actual) = read_actual(&args.scenario, args.actuals.as_deref(), args.changes.as_deref())?;
    let options = SolveOptions {
        solver: args.solver.choice(),
        memory_limit: super::memory_limit(),
        ..SolveOptions::default()
    };
    let rolled = roll(&forecast, &actual, args.horizon, &options)?;
    let outcome = &rolled.outcome;
    let Some(verified) = super::plan_or_say_why(outcome, &args.scenario) else {
        return Ok(EXIT_NOT_OPTIMAL);
    };
    let figures = compute_figures(&rolled.actual, verified);
    // On the road past the last week: listed, not planned.
    let after_plan = arriving_after(&read_on_road(&args.scenario, &forecast)?, rolled.actual.weeks);
    let mut extra = Vec::new();
    if !after_plan.is_empty() {
        extra.push((
            agrimatch::report::week::AFTER_PLAN,
            csv_file(|w| agrimatch::report::week::write_on_road_csv(&rolled.actual, &after_plan, w)),
        ));
    }
    let written = write_plan_folder_with(
        &out_folder,
        &rolled.actual,
        outcome,
        verified,
        &figures,
        Sections {
            scenario: Some(&agrimatch::report::html::scenario_name(&args.scenario)),
            ..Sections::default()
        },
        extra,
    )?;
    let mut stdout = super::stdout_unless(args.quiet);
    printed(
        text::write_plan_text(&rolled.actual, outcome, verified, &figures, &mut stdout)
            .and_then(|()| text::write_roll_balance(&figures, outcome.blocks, args.horizon, &mut stdout))
            .and_then(|()| super::week::write_after_plan_line(&rolled.actual, &after_plan, &mut stdout))
            .and_then(|()| text::write_wrote_line(&out_dir, &written, &mut stdout)),
    )?;
    Ok(EXIT_OK)
}
