//! Sweeps: the base scenario and many what-if variants planned in parallel,
//! each variant's summary compared with the base. One failing variant is
//! reported in its row; the others still finish.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::changes::read_variant;
use crate::data::read_instance;
use crate::report::compute_figures;
use crate::solve::{solve_instance, PlanStatus, SolveOptions};

/// Summary figures of one planned variant (all `None` without a plan).
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRow {
    /// `base`, or the change file's name.
    pub variant: String,
    /// `optimal`, a solver status, or `error: ...` for a variant that could not be read.
    pub status: String,
    pub cost: Option<f64>,
    pub waste_kg: Option<f64>,
    pub shortfall_kg: Option<f64>,
    pub fill_rate: Option<f64>,
}

/// Every `.csv` in a folder (sorted by name), or the file itself.
pub fn change_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut in_folder: Vec<PathBuf> = std::fs::read_dir(path)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "csv"))
                .collect();
            in_folder.sort();
            files.extend(in_folder);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Plans the base (`None`) or one variant and summarises it.
pub fn plan_variant(base: &Path, changes: Option<&Path>, options: &SolveOptions) -> SweepRow {
    let variant = changes.map_or("base".to_string(), |c| c.display().to_string());
    let empty = |status: String| SweepRow {
        variant: variant.clone(),
        status,
        cost: None,
        waste_kg: None,
        shortfall_kg: None,
        fill_rate: None,
    };
    let instance = match changes {
        Some(changes) => read_variant(base, changes),
        None => read_instance(base),
    };
    let instance = match instance {
        Ok(instance) => instance,
        Err(e) => return empty(format!("error: {}", e.to_string().replace('\n', "; "))),
    };
    let outcome = match solve_instance(&instance, options) {
        Ok(outcome) => outcome,
        Err(e) => return empty(format!("error: {e}")),
    };
    match (&outcome.status, &outcome.verified) {
        (PlanStatus::Optimal, Some(verified)) => {
            let figures = compute_figures(&instance, verified);
            SweepRow {
                variant,
                status: outcome.status.word().to_string(),
                cost: Some(verified.costs.total()),
                waste_kg: Some(figures.waste_kg),
                shortfall_kg: Some(figures.shortfall_kg),
                fill_rate: Some(figures.fill_rate()),
            }
        }
        _ => empty(outcome.status.word().to_string()),
    }
}

/// Plans the base and every variant in parallel; rows come back in the
/// order given, base first. `progress` is called once per finished plan.
pub fn run_sweep(
    base: &Path,
    variants: &[PathBuf],
    options: &SolveOptions,
    progress: &(dyn Fn() + Sync),
) -> Vec<SweepRow> {
    let jobs: Vec<Option<&Path>> = std::iter::once(None)
        .chain(variants.iter().map(|v| Some(v.as_path())))
        .collect();
    jobs.par_iter()
        .map(|changes| {
            let row = plan_variant(base, *changes, options);
            progress();
            row
        })
        .collect()
}
