//! `agrimatch report`: render report.html again from an output folder,
//! after re-checking its plan against the scenario.

use std::io::Write;
use std::path::{Path, PathBuf};

use agrimatch::data::read_instance;
use agrimatch::report::html::{render_report, Baseline, Checked, Sections};
use agrimatch::report::week::AFTER_PLAN;
use agrimatch::report::{recheck_plan_folder, text, FileWriter, OutputFolder};
use agrimatch::scenario::changes::read_variant;
use agrimatch::scenario::week::{
    commit_week, is_week_folder, read_week_folder_window, without_arrivals_after, CommittedWeek,
};
use agrimatch::solve::compute_figures;
use agrimatch::Error;

use super::{printed, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    out: PathBuf,
    #[arg(long)]
    scenario: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    changes: Option<PathBuf>,
    #[arg(long, short)]
    quiet: bool,
}

impl Args {
    /// The scenario the plan was made from: `--scenario`, else found from the folder.
    pub fn scenario_path(&self) -> PathBuf {
        match &self.scenario {
            Some(dir) => dir.clone(),
            None => default_scenario(&self.out),
        }
    }
}

pub fn run(args: &Args) -> Result<u8, Error> {
    let scenario = args.scenario_path();
    // Claimed first: it also puts back a plan folder a killed run left aside.
    let mut inputs: Vec<&Path> = vec![&scenario];
    inputs.extend(args.changes.as_deref());
    let out_folder = OutputFolder::claim(&args.out, &inputs)?;
    // A week folder is re-checked against its window: the scenario with the
    // opening state and actuals the folder recorded (the scenario's own
    // stock.csv may be next week's by now).
    let week = if is_week_folder(&args.out) {
        Some(read_week_folder_window(&args.out, &scenario, args.changes.as_deref())?)
    } else {
        None
    };
    let instance = match (&week, &args.changes) {
        (Some(week), _) => week.window.clone(),
        (None, Some(changes)) => read_variant(&scenario, changes)?,
        (None, None) => read_instance(&scenario)?,
    };
    // A rolled plan leaves out what arrives after its last week (it wrote
    // after_plan.csv for it).
    let instance = if week.is_none() && args.out.join(AFTER_PLAN).is_file() {
        without_arrivals_after(&instance, instance.weeks)
    } else {
        instance
    };
    let rechecked = recheck_plan_folder(&args.out, &instance, &scenario)?;
    let verified = rechecked
        .outcome
        .plan()
        .expect("a re-checked folder always holds a verified plan");
    let figures = compute_figures(&instance, verified);
    let greedy_figures = rechecked.greedy.as_ref().map(|g| compute_figures(&instance, g));
    let baseline = rechecked
        .greedy
        .as_ref()
        .zip(greedy_figures.as_ref())
        .map(|(verified, figures)| Baseline { verified, figures });
    let this_week = week.map(|week| CommittedWeek {
        opening: week.opening,
        ..commit_week(&instance, verified, week.from, &week.road)
    });
    let page = render_report(
        &instance,
        &rechecked.outcome,
        verified,
        &figures,
        Sections {
            scenario: Some(&agrimatch::report::html::scenario_name(&scenario)),
            baseline,
            marginal: rechecked.marginal.as_deref(),
            this_week: this_week.as_ref(),
        },
        Checked::ReadBack,
    );
    let write: FileWriter = Box::new(move |w| w.write_all(page.as_bytes()));
    out_folder.write_file("report.html", &write)?;
    printed(writeln!(
        super::stdout_unless(args.quiet),
        "{}",
        agrimatch::lang::t(
            "report-wrote",
            &[("file", &text::path_text(&args.out.join("report.html")))]
        )
    ))?;
    Ok(EXIT_OK)
}

/// The scenario an output folder was planned from when `--scenario` is not
/// given: the workbook `NAME.xlsx` beside a folder `NAME-out` (where `plan
/// NAME.xlsx` writes), else the folder's parent (where `plan DIR` writes).
fn default_scenario(out: &Path) -> PathBuf {
    // `agrimatch week` writes one folder per week inside `SCENARIO/week/`
    // (or `NAME-week/` beside NAME.xlsx): the scenario is one level up.
    if is_week_folder(out) {
        if let Some(week) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            let name = week.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.as_deref() == Some("week") || name.as_deref().is_some_and(|n| n.ends_with("-week")) {
                return default_scenario(week);
            }
        }
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(stem) = ["-out", "-roll", "-week"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
    {
        let workbook = parent.join(format!("{stem}.xlsx"));
        if workbook.is_file() {
            return workbook;
        }
    }
    parent
}
