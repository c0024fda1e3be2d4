//! `agrimatch check`: validate a scenario without solving and say what was
//! read and what will certainly go wrong.

use std::io;
use std::path::PathBuf;

use agrimatch::data::read_instance;
use agrimatch::report::text;
use agrimatch::scenario::check::check_scenario;
use agrimatch::Error;

use super::{printed, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// Scenario folder or .xlsx workbook.
    scenario: PathBuf,
}

pub fn run(args: &Args) -> Result<u8, Error> {
    let instance = read_instance(&args.scenario)?;
    let found = check_scenario(&instance);
    printed(text::write_check_text(&instance, &found, io::stdout().lock()))?;
    Ok(EXIT_OK)
}
