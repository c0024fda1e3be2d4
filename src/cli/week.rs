//! `agrimatch week`: the Monday routine. Plan from this week on, commit
//! this week's shipments (dispatch.csv) and write next week's opening state.

use std::io::{self, Write};
use std::path::PathBuf;

use agrimatch::data::workbook::{is_workbook, sheet_in_chinese};
use agrimatch::error::flag_expected_found;
use agrimatch::lang::{pad, t};
use agrimatch::report::html::Sections;
use agrimatch::report::week::{next_workbook, week_cost_text, NEXT_WORKBOOK};
use agrimatch::report::{text, write_plan_folder_with, FileWriter};
use agrimatch::scenario::roll::{read_actuals, read_forecast, ActualWeeks};
use agrimatch::scenario::week::{
    check_state_week, plan_week_on_road, read_on_road, read_opening, read_state_week, unknown_state_warning,
    week_folder_name, StateCheck,
};
use agrimatch::solve::{compute_figures, SolveOptions};
use agrimatch::Error;

use super::{out_or, printed, SolverArg, EXIT_NOT_OPTIMAL, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    pub scenario: PathBuf,
    #[arg(long, value_name = "WEEK")]
    from: String,
    #[arg(long, value_name = "WEEKS")]
    horizon: Option<u32>,
    #[arg(long, value_name = "DIR")]
    actuals: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    changes: Option<PathBuf>,
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long)]
    accept_state_week: bool,
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: &Args) -> Result<u8, Error> {
    let forecast = read_forecast(&args.scenario, args.changes.as_deref())?;
    let calendar = forecast.calendar();
    let from = calendar
        .parse_week(args.from.trim(), agrimatch::data::read::MAX_WEEK)
        .map_err(|expected| {
            Error::Usage(flag_expected_found(
                "--from",
                &expected.to_string(),
                &format!("\"{}\"", args.from),
            ))
        })?;
    // One folder per Monday, so that last Monday's dispatch.csv stays.
    let out_dir = match &args.out {
        Some(out) => out.clone(),
        None => out_or(&None, &args.scenario, "week").join(week_folder_name(&calendar, from)),
    };
    let mut inputs = vec![args.scenario.as_path()];
    inputs.extend(args.actuals.as_deref());
    inputs.extend(args.changes.as_deref());
    let out_folder = super::claim_out(&out_dir, &inputs, &args.scenario)?;
    let workbook = is_workbook(&args.scenario) && !args.scenario.is_dir();
    // next.xlsx names its sheets as the scenario workbook does (库存 or
    // stock), so that they replace the sheets of the same names.
    let chinese_sheets = workbook && {
        let files = agrimatch::data::workbook::WorkbookFiles::open(&args.scenario);
        ["stock.csv", "in_transit.csv", "supply.csv"]
            .iter()
            .find_map(|file| {
                files
                    .sheet_of(file)
                    .map(|sheet| sheet_in_chinese(file).starts_with(sheet))
            })
            .unwrap_or(false)
    };
    let state = read_state_week(&args.scenario, &calendar)?;
    match check_state_week(state.as_ref(), !forecast.stock.is_empty(), from) {
        StateCheck::Matches => {}
        StateCheck::Unknown => super::say!(
            "agrimatch: {}",
            t("cli-warning", &[("text", &unknown_state_warning(workbook, from))])
        ),
        StateCheck::Other(state) if args.accept_state_week => {
            super::say!("agrimatch: {}", t("cli-warning", &[("text", &state.accepted(from))]));
        }
        StateCheck::Other(state) => return Err(state.refusal(from, "--accept-state-week")),
    }
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
    // A workbook scenario gets its next state as sheets to copy in.
    let mut extra: Vec<(&'static str, FileWriter)> = Vec::new();
    if workbook {
        let bytes =
            next_workbook(window, committed, chinese_sheets).map_err(|e| Error::io(out_dir.join(NEXT_WORKBOOK), e))?;
        extra.push((NEXT_WORKBOOK, Box::new(move |w| w.write_all(&bytes))));
    }
    let written = write_plan_folder_with(
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
        extra,
    )?;
    if args.quiet {
        return Ok(EXIT_OK);
    }
    let mut stdout = io::stdout().lock();
    let shipped: f64 = committed.dispatch.iter().map(|l| l.quantity_kg).sum();
    let when = text::week_label(window, from);
    let last_data = forecast.weeks.max(actual.weeks);
    let next = if from >= last_data {
        t("week-next-none", &[("week", &text::week_label(window, from))])
    } else {
        let support = !window.support.is_empty();
        let (key, what, place) = if workbook {
            (
                "week-next-workbook",
                match (support, chinese_sheets) {
                    (false, false) => "week-sheets",
                    (true, false) => "week-sheets-support",
                    (false, true) => "week-sheets-chinese",
                    (true, true) => "week-sheets-support-chinese",
                },
                out_dir.join(NEXT_WORKBOOK),
            )
        } else {
            (
                "week-next-folder",
                if support { "week-files-support" } else { "week-files" },
                out_dir.join("next"),
            )
        };
        t(
            key,
            &[
                ("what", &t(what, &[])),
                ("place", &text::path_text(&place)),
                ("scenario", &text::path_text(&args.scenario)),
                ("next", &(from + 1).to_string()),
            ],
        )
    };
    let label = |key: &str| pad(&t(key, &[]), 12);
    let trucks = match committed.trucks() {
        0 => String::new(),
        trucks => t("week-this-trucks", &[("trucks", &trucks.to_string())]),
    };
    let this_week = t(
        "week-this",
        &[
            ("week", &when),
            ("loads", &committed.dispatch.len().to_string()),
            ("kg", &text::grouped(shipped)),
            ("trucks", &trucks),
        ],
    );
    printed(
        writeln!(stdout, "{}{this_week}", label("week-label-this"))
            .and_then(|()| {
                writeln!(
                    stdout,
                    "{}{}",
                    label("week-label-cost"),
                    week_cost_text(window, &committed.costs)
                )
            })
            .and_then(|()| text::write_plan_text(window, &planned.outcome, verified, &figures, &mut stdout))
            .and_then(|()| write_after_plan_line(window, &committed.after_plan, &mut stdout))
            .and_then(|()| text::write_wrote_line(&out_dir, &written, &mut stdout))
            .and_then(|()| writeln!(stdout, "{}{next}", label("week-label-next"))),
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
        "{}{}",
        pad(&t("week-label-after-plan", &[]), 12),
        t(
            "week-after-plan",
            &[
                ("kg", &text::grouped(kg)),
                ("week", &text::week_label(window, window.weeks)),
                ("file", agrimatch::report::week::AFTER_PLAN),
            ]
        )
    )
}
