//! `agrimatch week`: the Monday routine. Plan from this week on, commit
//! this week's shipments (dispatch.csv) and write next week's opening state.

use std::io::{self, Write};
use std::path::PathBuf;

use agrimatch::report::html::Sections;
use agrimatch::report::{text, write_plan_folder};
use agrimatch::scenario::roll::{read_actuals, read_forecast, ActualWeeks};
use agrimatch::scenario::week::{plan_week_on_road, read_on_road, read_opening};
use agrimatch::solve::{compute_figures, SolveOptions};
use agrimatch::Error;

use super::{out_or, printed, SolverArg, EXIT_NOT_OPTIMAL, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// Scenario folder or .xlsx workbook; its stock and in_transit are the state at the start of WEEK.
    scenario: PathBuf,
    /// The week to plan and ship: a period number, or with start_date a date
    /// (2026-12-07) or an ISO week (2026-W50).
    #[arg(long, value_name = "WEEK")]
    from: String,
    /// Weeks planned ahead [default: to the last week with data].
    #[arg(long, value_name = "WEEKS")]
    horizon: Option<u32>,
    /// Folder with supply.csv and/or demand.csv of what really happened in
    /// the week (as `roll` takes them); they replace the forecast's rows.
    #[arg(long, value_name = "DIR")]
    actuals: Option<PathBuf>,
    /// A what-if (as in `plan --changes`): apply this change file to the
    /// scenario first, e.g. trucks on its lanes; the actuals still replace
    /// supply and demand rows.
    #[arg(long, value_name = "FILE")]
    changes: Option<PathBuf>,
    /// Output folder [default: SCENARIO/week, or NAME-week beside NAME.xlsx].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Solver (as in `plan --solver`).
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
    /// Print nothing on success.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: &Args) -> Result<u8, Error> {
    let out_dir = out_or(&args.out, &args.scenario, "week");
    let mut inputs = vec![args.scenario.as_path()];
    inputs.extend(args.actuals.as_deref());
    inputs.extend(args.changes.as_deref());
    let out_folder = super::claim_out(&out_dir, &inputs, &args.scenario)?;
    let forecast = read_forecast(&args.scenario, args.changes.as_deref())?;
    let from = forecast
        .calendar()
        .parse_week(args.from.trim(), agrimatch::data::read::MAX_WEEK)
        .map_err(|expected| Error::Usage(format!("--from: expected {expected}, found \"{}\"", args.from)))?;
    // What happened is known for the week committed only.
    let actual = match &args.actuals {
        Some(actuals) => read_actuals(&args.scenario, &forecast, actuals, ActualWeeks::Committed(from))?,
        None => forecast.clone(),
    };
    let road = read_on_road(&args.scenario, &forecast)?;
    let opening = read_opening(&args.scenario, args.actuals.as_deref())?;
    let options = SolveOptions {
        solver: args.solver.choice(),
        memory_limit: super::memory_limit(),
        ..SolveOptions::default()
    };
    let mut planned = plan_week_on_road(&forecast, &actual, &road, from, args.horizon, &options)?;
    if let Some(committed) = &mut planned.committed {
        committed.opening = opening;
    }
    let (Some(verified), Some(committed)) = (
        super::plan_or_say_why(&planned.outcome, &args.scenario),
        planned.committed.as_ref(),
    ) else {
        return Ok(EXIT_NOT_OPTIMAL);
    };
    let window = &planned.window;
    let figures = compute_figures(window, verified);
    let written = write_plan_folder(
        &out_folder,
        window,
        &planned.outcome,
        verified,
        &figures,
        Sections {
            scenario: Some(&agrimatch::report::html::scenario_name(&args.scenario)),
            this_week: Some(committed),
            ..Sections::default()
        },
    )?;
    if args.quiet {
        return Ok(EXIT_OK);
    }
    let mut stdout = io::stdout().lock();
    let shipped: f64 = committed.dispatch.iter().map(|l| l.quantity_kg).sum();
    let when = text::week_label(window, from);
    let next = if window.support.is_empty() {
        "next/stock.csv and next/in_transit.csv"
    } else {
        "next/stock.csv, next/in_transit.csv and next/support.csv"
    };
    printed(
        writeln!(
            stdout,
            "this week   {when}: {} lane loads, {} kg leave{} (dispatch.csv)",
            committed.dispatch.len(),
            text::grouped(shipped),
            match committed.trucks() {
                0 => String::new(),
                trucks => format!(", {trucks} trucks"),
            }
        )
        .and_then(|()| text::write_plan_text(window, &planned.outcome, verified, &figures, &mut stdout))
        .and_then(|()| write_after_plan_line(window, &committed.after_plan, &mut stdout))
        .and_then(|()| text::write_wrote_line(&out_dir, &written, &mut stdout))
        .and_then(|()| {
            writeln!(
                stdout,
                "next        copy {next} over the scenario's, then run --from {}",
                from + 1
            )
        }),
    )?;
    Ok(EXIT_OK)
}

/// The terminal's line about produce on the road that arrives after the
/// plan's last week (nothing when there is none).
pub fn write_after_plan_line(
    window: &agrimatch::data::Instance,
    after_plan: &[agrimatch::scenario::week::NextInTransit],
    w: &mut impl Write,
) -> io::Result<()> {
    if after_plan.is_empty() {
        return Ok(());
    }
    let kg: f64 = after_plan.iter().map(|s| s.quantity_kg).sum();
    writeln!(
        w,
        "after plan  {} kg on the road arrive after {}, the plan's last: not sold or wasted in the plan ({})",
        text::grouped(kg),
        text::week_label(window, window.weeks),
        agrimatch::report::week::AFTER_PLAN
    )
}
