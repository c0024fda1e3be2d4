//! Stage 6: formatting a verified plan. `figures` derives the totals once;
//! `tables` and `text` format them to any writer; `folder` writes the
//! output folder atomically.

pub mod bench;
pub mod charts;
pub mod fairness;
pub mod flows;
pub mod folder;
pub mod html;
pub mod plan_folder;
pub mod support;
pub mod sweep;
pub mod tables;
pub mod text;
pub mod trucks;
pub mod week;
pub mod workbook;

use crate::data::Instance;
use crate::error::Result;
use crate::solve::{PlanFigures, PlanOutcome, VerifiedPlan};
pub use folder::{
    check_outside, csv_file, text_writers, write_folder_atomically, write_lp_file_at, write_text_folder_atomically,
    FileWriter, OutputFolder, LOCK_FILE, MARKER_FILE,
};
pub use plan_folder::{read_plan_folder, recheck_plan_folder, PlanFolder, RecheckedPlan};

/// The plan's table of every flow (see [`flows`]).
const FLOWS: &str = "flows.csv";

/// The files `agrimatch plan` writes, in the order listed in the README.
pub const PLAN_FILES: [&str; 8] = [
    "shipments.csv",
    "summary.csv",
    "weekly.csv",
    "stores.csv",
    "farms.csv",
    "report.html",
    "flows.csv",
    workbook::PLAN_WORKBOOK,
];

/// Writes every output file of a verified plan into `out_dir`, and the
/// files of its extra sections: `marginal_values.csv`, and for the weekly
/// routine `dispatch.csv` and `next/`; `plan.xlsx` has the tables as sheets.
/// Returns the names of the files written, for the terminal's `wrote` line.
pub fn write_plan_folder(
    out_dir: &OutputFolder,
    instance: &Instance,
    outcome: &PlanOutcome,
    verified: &VerifiedPlan,
    figures: &PlanFigures,
    sections: html::Sections,
) -> Result<Vec<&'static str>> {
    write_plan_folder_with(out_dir, instance, outcome, verified, figures, sections, Vec::new())
}

/// [`write_plan_folder`] with `extra` files of the command's own (written
/// in the same atomic step), e.g. `roll`'s `after_plan.csv`.
pub fn write_plan_folder_with<'a>(
    out_dir: &OutputFolder,
    instance: &'a Instance,
    outcome: &PlanOutcome,
    verified: &VerifiedPlan,
    figures: &PlanFigures,
    sections: html::Sections<'a>,
    extra: Vec<(&'static str, FileWriter<'a>)>,
) -> Result<Vec<&'static str>> {
    let mut summary = tables::summary_rows(instance, outcome, verified, figures);
    // Recorded so that `agrimatch report` knows to plan the baseline again
    // and can check that it still costs the same.
    if let Some(base) = &sections.baseline {
        summary.push(("greedy_cost", tables::money(base.verified.costs.total())));
    }
    let marginal = sections.marginal;
    let this_week = sections.this_week;
    let io = |e: csv::Error| std::io::Error::other(e.to_string());
    // flows.csv, the largest table and the largest sheet of plan.xlsx, is
    // rendered and made a sheet on a thread of its own while this one
    // renders the page and the other tables; it takes its place in the
    // list below once done.
    let mut files: Vec<(&'static str, FileWriter)> = vec![
        (
            "shipments.csv",
            Box::new(|w| tables::write_shipments_csv(instance, figures, w).map_err(io)),
        ),
        (
            "summary.csv",
            Box::new(|w| tables::write_summary_csv(&summary, w).map_err(io)),
        ),
        (
            "weekly.csv",
            Box::new(|w| tables::write_weekly_csv(instance, figures, w).map_err(io)),
        ),
        (
            "stores.csv",
            Box::new(|w| tables::write_stores_csv(instance, figures, w).map_err(io)),
        ),
        (
            "farms.csv",
            Box::new(|w| tables::write_farms_csv(instance, figures, w).map_err(io)),
        ),
    ];
    let flows_at = files.len() + 1;
    if crate::solve::trucks::has_trucks(instance) {
        files.extend([
            (
                "trucks.csv",
                csv_file(move |w| self::trucks::write_trucks_csv(instance, &verified.plan, w)),
            ),
            (
                "truck_loads.csv",
                csv_file(move |w| self::trucks::write_truck_loads_csv(instance, &verified.plan, w)),
            ),
        ]);
    }
    if let Some(values) = marginal {
        files.push((
            "marginal_values.csv",
            Box::new(move |w| tables::write_marginal_values_csv(instance, values, w).map_err(io)),
        ));
    }
    if let Some(week) = this_week {
        files.extend(self::week::week_files(instance, week));
    }
    files.extend(extra);
    let mut names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    names.push(FLOWS);
    let (mut book, sheet_names) =
        workbook::empty_plan_workbook(&names).map_err(|e| crate::Error::io(out_dir.path(), e))?;
    // Every table is formatted once, into memory, for its file and its
    // sheet; all before anything is written, so that a table that cannot
    // become a sheet stops the run with the old folder in place.
    let (page, rendered, flows) = std::thread::scope(|scope| {
        let mut sheets: Vec<(&str, &mut rust_xlsxwriter::Worksheet)> = sheet_names
            .iter()
            .copied()
            .zip(book.worksheets_mut().iter_mut())
            .collect();
        let flows_sheet = sheets
            .iter()
            .position(|(name, _)| *name == FLOWS)
            .map(|i| sheets.remove(i).1);
        let flows = scope.spawn(move || -> std::io::Result<Vec<u8>> {
            let mut bytes = Vec::new();
            flows::write_flows_csv(instance, &verified.plan, &mut bytes).map_err(io)?;
            if let Some(sheet) = flows_sheet {
                workbook::write_plan_sheet(sheet, FLOWS, &bytes)?;
            }
            Ok(bytes)
        });
        let page = html::render_report(
            instance,
            outcome,
            verified,
            figures,
            sections,
            html::Checked::WhenPlanned,
        );
        let rendered = files
            .iter()
            .map(|(name, write)| {
                let mut bytes = Vec::new();
                write(&mut bytes)?;
                if let Some((_, sheet)) = sheets.iter_mut().find(|(sheet, _)| sheet == name) {
                    workbook::write_plan_sheet(sheet, name, &bytes)?;
                }
                Ok((*name, bytes))
            })
            .collect::<std::io::Result<Vec<_>>>();
        let flows = flows.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (page, rendered, flows)
    });
    let mut rendered = rendered.map_err(|e| crate::Error::io(out_dir.path(), e))?;
    let flows = flows.map_err(|e| crate::Error::io(out_dir.path(), e))?;
    rendered.insert(flows_at - 1, ("report.html", page.into_bytes()));
    rendered.insert(flows_at, (FLOWS, flows));
    let xlsx = book.save_to_buffer().map_err(|e| {
        crate::Error::io(
            out_dir.path(),
            std::io::Error::other(format!("{}: {e}", workbook::PLAN_WORKBOOK)),
        )
    })?;
    let mut files: Vec<(&'static str, FileWriter)> = rendered
        .iter()
        .map(|(name, bytes)| {
            (
                *name,
                Box::new(move |w: &mut dyn std::io::Write| w.write_all(bytes)) as FileWriter,
            )
        })
        .collect();
    files.push((workbook::PLAN_WORKBOOK, Box::new(move |w| w.write_all(&xlsx))));
    out_dir.write(&files)?;
    Ok(files.iter().map(|(name, _)| *name).collect())
}
