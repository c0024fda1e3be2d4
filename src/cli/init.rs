//! `agrimatch init`: a commented template scenario (the tiny example) in a
//! new folder, for a planner to edit in Excel.
//!
//! The code says which file goes where; the words a person reads live in
//! `locales/<lang>/templates/` (the same file names in every language),
//! compiled in and chosen by the current language. The CSV tables are data
//! with English columns, the contract, in both languages.

use std::io::Write;
use std::path::PathBuf;

use agrimatch::data::workbook::{header_in_chinese, sheet_in_chinese};
use agrimatch::lang::Lang;
use agrimatch::report::workbook::scenario_workbook;
use agrimatch::report::{text, text_writers, FileWriter, OutputFolder};
use agrimatch::Error;

use super::{printed, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    dir: PathBuf,
    #[arg(long)]
    xlsx: bool,
    #[arg(long, short)]
    quiet: bool,
}

/// The workbook `init --xlsx` writes.
const WORKBOOK: &str = "scenario.xlsx";

/// The texts of the templates in one language.
struct Texts {
    /// `README.md` of the folder template.
    readme: &'static str,
    /// `scenario.toml` of the folder template: the settings, commented.
    settings_toml: &'static str,
    /// `README.md` beside the workbook template.
    workbook_readme: &'static str,
    /// The settings sheet of the workbook template (`setting, value, note`).
    settings_sheet: &'static str,
    /// The last sheet of the workbook template, which explains the others.
    guide_sheet: &'static str,
}

/// The files of `locales/<lang>/templates/`, compiled in.
macro_rules! texts {
    ($lang:literal) => {
        Texts {
            readme: include_str!(concat!("../../locales/", $lang, "/templates/README.md")),
            settings_toml: include_str!(concat!("../../locales/", $lang, "/templates/scenario.toml")),
            workbook_readme: include_str!(concat!("../../locales/", $lang, "/templates/workbook-README.md")),
            settings_sheet: include_str!(concat!("../../locales/", $lang, "/templates/settings.csv")),
            guide_sheet: include_str!(concat!("../../locales/", $lang, "/templates/guide.csv")),
        }
    };
}

/// The template texts of the current language.
fn texts() -> Texts {
    match agrimatch::lang::current() {
        Lang::En => texts!("en"),
        Lang::ZhCn => texts!("zh-CN"),
    }
}

/// The tables of the template: the tiny scenario.
const TABLES: [(&str, &str); 7] = [
    ("products.csv", include_str!("../../scenarios/tiny/products.csv")),
    ("farms.csv", include_str!("../../scenarios/tiny/farms.csv")),
    ("hubs.csv", include_str!("../../scenarios/tiny/hubs.csv")),
    ("stores.csv", include_str!("../../scenarios/tiny/stores.csv")),
    ("supply.csv", include_str!("../../scenarios/tiny/supply.csv")),
    ("demand.csv", include_str!("../../scenarios/tiny/demand.csv")),
    ("lanes.csv", include_str!("../../scenarios/tiny/lanes.csv")),
];

/// Sheets of the template workbook that start empty (a header only): the
/// opening state, which `agrimatch week` writes into `next.xlsx` with the
/// same names and headers, to copy over these.
const EMPTY_SHEETS: [(&str, &str); 4] = [
    ("stock.csv", "location,product,age_days,quantity_kg\n"),
    ("in_transit.csv", "from,to,product,arrive_week,age_days,quantity_kg\n"),
    (
        "support.csv",
        "buyer,product,price_per_kg,budget,farm,week_from,week_to,cost_per_kg\n",
    ),
    ("state.csv", "as_of_week,iso_week,week_start\n"),
];

pub fn run(args: &Args) -> Result<u8, Error> {
    if args.xlsx {
        return run_xlsx(args);
    }
    let folder = OutputFolder::claim_new(&args.dir)?;
    let texts = texts();
    let files: Vec<(&str, String)> = TABLES
        .iter()
        .copied()
        .chain([("scenario.toml", texts.settings_toml), ("README.md", texts.readme)])
        .map(|(name, text)| (name, text.to_string()))
        .collect();
    folder.write(&text_writers(&files))?;
    let dir = text::path_text(&args.dir);
    printed(writeln!(
        super::stdout_unless(args.quiet),
        "{}",
        agrimatch::lang::t(
            "init-wrote",
            &[
                ("folder", &dir),
                ("files", &files.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")),
                ("scenario", &dir),
            ]
        )
    ))?;
    Ok(EXIT_OK)
}

/// `init --xlsx`: the template as `scenario.xlsx` and a README; with
/// `--lang zh-CN`, with Chinese sheet names and headers (the aliases of
/// `data::workbook`), which plan to the same files.
fn run_xlsx(args: &Args) -> Result<u8, Error> {
    let folder = OutputFolder::claim_new(&args.dir)?;
    let texts = texts();
    let guide = agrimatch::lang::t("init-guide-sheet", &[]);
    let tables = TABLES.iter().chain(&EMPTY_SHEETS).copied();
    let bytes = match agrimatch::lang::current() {
        Lang::En => scenario_workbook(
            &tables.collect::<Vec<_>>(),
            Some(texts.settings_sheet),
            Some((&guide, texts.guide_sheet)),
        ),
        // Settings and guide as plain sheets like the tables (the reader
        // finds the settings under their Chinese name, 设置); the English
        // workbook gives them fixed widths and wrapped notes instead.
        Lang::ZhCn => {
            let sheets: Vec<(String, String)> = tables
                .map(|(file, csv)| (sheet_in_chinese(file), header_in_chinese(file, csv)))
                .chain([
                    (sheet_in_chinese("scenario.toml"), texts.settings_sheet.to_string()),
                    (format!("{guide}.csv"), texts.guide_sheet.to_string()),
                ])
                .collect();
            let sheets: Vec<(&str, &str)> = sheets.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
            scenario_workbook(&sheets, None, None)
        }
    }
    .map_err(|e| Error::io(args.dir.join(WORKBOOK), std::io::Error::other(e.to_string())))?;
    let readme = texts.workbook_readme;
    let files: Vec<(&str, FileWriter)> = vec![
        (WORKBOOK, Box::new(move |w| w.write_all(&bytes))),
        ("README.md", Box::new(move |w| w.write_all(readme.as_bytes()))),
    ];
    folder.write(&files)?;
    let workbook = text::path_text(&args.dir.join(WORKBOOK));
    printed(writeln!(
        super::stdout_unless(args.quiet),
        "{}",
        agrimatch::lang::t(
            "init-wrote",
            &[
                ("folder", &text::path_text(&args.dir)),
                ("files", &format!("{WORKBOOK}, README.md")),
                ("scenario", &workbook),
            ]
        )
    ))?;
    Ok(EXIT_OK)
}
