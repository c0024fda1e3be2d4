//! `agrimatch init`: a commented template scenario (the tiny example) in a
//! new folder, for a planner to edit in Excel.

use std::io::{self, Write};
use std::path::PathBuf;

use agrimatch::report::{text, text_writers, OutputFolder};
use agrimatch::Error;

use super::{printed, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    /// A new (or empty) folder for the template.
    dir: PathBuf,
}

/// The template of `agrimatch init`: the tiny scenario, with a guide.
const TEMPLATE: [(&str, &str); 9] = [
    ("products.csv", include_str!("../../scenarios/tiny/products.csv")),
    ("farms.csv", include_str!("../../scenarios/tiny/farms.csv")),
    ("hubs.csv", include_str!("../../scenarios/tiny/hubs.csv")),
    ("stores.csv", include_str!("../../scenarios/tiny/stores.csv")),
    ("supply.csv", include_str!("../../scenarios/tiny/supply.csv")),
    ("demand.csv", include_str!("../../scenarios/tiny/demand.csv")),
    ("lanes.csv", include_str!("../../scenarios/tiny/lanes.csv")),
    (
        "scenario.toml",
        "# Length of a planning period in days (7: weekly plans, 1: daily plans).\n\
         period_days = 7\n\
         \n\
         # Uncomment to bound each store's shortfall rate, per product and week,\n\
         # to the overall rate plus this share (0 = equal shares).\n\
         # fair_shortfall = 0.1\n",
    ),
    (
        "README.md",
        "# A scenario for agrimatch\n\n\
         Edit these files in Excel or any editor (save as CSV UTF-8), then run\n\
         `agrimatch check .` to see what was read and `agrimatch plan .` to plan.\n\n\
         - products.csv: what is grown; shelf life in days, value of a spoiled kg.\n\
         - farms.csv: production bases; priority > 0 sells an assisted farm's produce first.\n\
         - hubs.csv: collection and distribution centres (optional file).\n\
         - stores.csv: supermarkets, e-commerce and other buyers.\n\
         - supply.csv: kg each farm harvests each week.\n\
         - demand.csv: kg each store orders each week.\n\
         - lanes.csv: roads from farms or hubs to hubs or stores: cost per kg, days on the road,\n\
           weekly capacity (blank = unlimited).\n\
         - stock.csv (optional): produce on hand at the start, with its age in days.\n\
         - scenario.toml: settings (period length, fair shares).\n\n\
         The agrimatch README lists every column and its default.\n",
    ),
];

pub fn run(args: &Args) -> Result<u8, Error> {
    let folder = OutputFolder::claim_new(&args.dir)?;
    let files: Vec<(&str, String)> = TEMPLATE.iter().map(|(name, text)| (*name, text.to_string())).collect();
    folder.write(&text_writers(&files))?;
    let dir = text::path_text(&args.dir);
    printed(writeln!(
        io::stdout().lock(),
        "wrote {dir} ({}); next: agrimatch check {dir}",
        TEMPLATE.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
    ))?;
    Ok(EXIT_OK)
}
