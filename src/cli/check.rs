//! `agrimatch check`: validate a scenario without solving and say what was
//! read and what will certainly go wrong; with `--from WEEK`, of the window
//! `agrimatch week --from WEEK` would plan.

use std::path::PathBuf;

use agrimatch::data::read_instance;
use agrimatch::data::workbook::is_workbook;
use agrimatch::error::flag_expected_found;
use agrimatch::report::text;
use agrimatch::scenario::check::check_scenario;
use agrimatch::scenario::week::{check_state_week, read_state_week, unknown_state_warning, window_from, StateCheck};
use agrimatch::Error;

use super::{printed, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    pub scenario: PathBuf,
    #[arg(long, value_name = "WEEK")]
    from: Option<String>,
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: &Args) -> Result<u8, Error> {
    let scenario = read_instance(&args.scenario)?;
    let calendar = scenario.calendar();
    let from = match &args.from {
        Some(text) => Some(
            calendar
                .parse_week(text.trim(), agrimatch::data::read::MAX_WEEK)
                .map_err(|expected| {
                    Error::Usage(flag_expected_found(
                        "--from",
                        &expected.to_string(),
                        &format!("\"{text}\""),
                    ))
                })?,
        ),
        None => None,
    };
    let instance = match from {
        Some(from) => window_from(&scenario, &scenario, from, None)?,
        None => scenario,
    };
    let mut found = check_scenario(&instance);
    // The week of the opening state, as `week --from` would judge it; a
    // plan from week 1 takes the state as of week 1.
    let workbook = is_workbook(&args.scenario) && !args.scenario.is_dir();
    let state = read_state_week(&args.scenario, &calendar)?;
    let week = from.unwrap_or(1);
    match check_state_week(state.as_ref(), !instance.stock.is_empty(), week) {
        StateCheck::Matches => {}
        StateCheck::Unknown if from.is_some() => found.state.push(unknown_state_warning(workbook, week)),
        StateCheck::Unknown => {}
        StateCheck::Other(state) => {
            let hint = if from.is_none() {
                agrimatch::lang::t("check-state-hint", &[("week", &state.as_of_week.to_string())])
            } else {
                String::new()
            };
            found.state.push(agrimatch::lang::t(
                "check-state-other",
                &[
                    ("describes", &state.describes()),
                    ("week", &week.to_string()),
                    ("hint", &hint),
                ],
            ));
        }
    }
    printed(text::write_check_text(
        &instance,
        &found,
        super::stdout_unless(args.quiet),
    ))?;
    Ok(EXIT_OK)
}
