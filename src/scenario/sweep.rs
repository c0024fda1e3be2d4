//! Sweeps: the base scenario and many what-if variants planned in parallel,
//! each variant's summary compared with the base. One failing variant is
//! reported in its row; the others still finish.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::changes::read_variant;
use crate::data::{read_instance, Instance};
use crate::report::compute_figures;
use crate::scenario::generate::Rng;
use crate::solve::{solve_greedy, solve_instance, PlanStatus, SolveOptions};

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
    /// With `--baseline`: the greedy plan's cost, waste kg and shortfall kg.
    pub greedy: Option<[f64; 3]>,
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

/// One plan of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub enum Variant {
    Base,
    /// The base with a change file applied.
    Changes(PathBuf),
    /// The base with every harvest row scaled by a random lognormal factor
    /// of mean 1 and coefficient of variation `cv`; sample `index` of `seed`.
    YieldSample {
        index: usize,
        cv: f64,
        seed: u64,
    },
}

impl Variant {
    pub fn name(&self) -> String {
        match self {
            Variant::Base => "base".to_string(),
            Variant::Changes(path) => path.display().to_string(),
            Variant::YieldSample { index, .. } => format!("yield-sample-{}", index + 1),
        }
    }

    fn instance(&self, base: &Path) -> crate::Result<Instance> {
        match self {
            Variant::Base => read_instance(base),
            Variant::Changes(path) => read_variant(base, path),
            Variant::YieldSample { index, cv, seed } => {
                let mut instance = read_instance(base)?;
                scale_yields(&mut instance, *cv, *seed, *index);
                Ok(instance)
            }
        }
    }
}

/// Multiplies every harvest by an independent lognormal factor (mean 1,
/// coefficient of variation `cv`), reproducible from `seed` and `index`.
pub fn scale_yields(instance: &mut Instance, cv: f64, seed: u64, index: usize) {
    let sigma2 = (1.0 + cv * cv).ln();
    let (mu, sigma) = (-sigma2 / 2.0, sigma2.sqrt());
    let mut rng = Rng(seed ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    for supply in &mut instance.supply {
        // Box-Muller: a standard normal from two uniforms.
        let (u1, u2) = (1.0 - rng.unit(), rng.unit());
        let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        supply.quantity_kg *= (mu + sigma * z).exp();
    }
}

/// Plans one variant and summarises it; a variant that cannot be read or
/// solved gets the reason in its status.
pub fn plan_variant(base: &Path, variant: &Variant, options: &SolveOptions, baseline: bool) -> SweepRow {
    let empty = |status: String| SweepRow {
        variant: variant.name(),
        status,
        cost: None,
        waste_kg: None,
        shortfall_kg: None,
        fill_rate: None,
        greedy: None,
    };
    let instance = match variant.instance(base) {
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
            let greedy = baseline.then(|| solve_greedy(&instance)).and_then(|g| {
                let v = g.verified?;
                let f = compute_figures(&instance, &v);
                Some([v.costs.total(), f.waste_kg, f.shortfall_kg])
            });
            SweepRow {
                variant: variant.name(),
                status: outcome.status.word().to_string(),
                cost: Some(verified.costs.total()),
                waste_kg: Some(figures.waste_kg),
                shortfall_kg: Some(figures.shortfall_kg),
                fill_rate: Some(figures.fill_rate()),
                greedy,
            }
        }
        _ => empty(outcome.status.word().to_string()),
    }
}

/// Plans every variant in parallel; rows come back in the order given.
/// `progress` is called once per finished plan.
pub fn run_sweep(
    base: &Path,
    variants: &[Variant],
    options: &SolveOptions,
    baseline: bool,
    progress: &(dyn Fn() + Sync),
) -> Vec<SweepRow> {
    variants
        .par_iter()
        .map(|variant| {
            let row = plan_variant(base, variant, options, baseline);
            progress();
            row
        })
        .collect()
}

/// The base, then every `shard.1`-th variant starting at `shard.0` (both
/// 0-based): shard K of N of a sweep. The base is in every shard, so that
/// each shard's differences are against it.
pub fn shard_of(variants: Vec<Variant>, shard: Option<(usize, usize)>) -> Vec<Variant> {
    let (k, n) = shard.unwrap_or((0, 1));
    std::iter::once(Variant::Base)
        .chain(
            variants
                .into_iter()
                .enumerate()
                .filter(|(i, _)| i % n == k)
                .map(|(_, v)| v),
        )
        .collect()
}

/// P10, P50 and P90 (nearest rank) of the optimal rows' figures.
pub fn percentiles(rows: &[SweepRow]) -> Vec<(&'static str, [f64; 3])> {
    type Figure = (&'static str, fn(&SweepRow) -> Option<f64>);
    let figures: [Figure; 4] = [
        ("cost", |r| r.cost),
        ("waste_kg", |r| r.waste_kg),
        ("shortfall_kg", |r| r.shortfall_kg),
        ("fill_rate", |r| r.fill_rate),
    ];
    figures
        .iter()
        .filter_map(|&(name, get)| {
            let mut values: Vec<f64> = rows.iter().filter_map(get).collect();
            if values.is_empty() {
                return None;
            }
            values.sort_by(f64::total_cmp);
            let rank = |q: f64| values[((q * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1];
            Some((name, [rank(0.1), rank(0.5), rank(0.9)]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yield_factors_have_mean_one_and_the_asked_spread() {
        let mut instance = crate::data::Instance {
            period_days: 7,
            weeks: 1,
            fair_shortfall: None,
            fairness_penalty_per_kg: 1.0,
            display_unit: ("kg", 1.0),
            products: Vec::new(),
            locations: Vec::new(),
            lanes: Vec::new(),
            supply: (0..20_000)
                .map(|_| crate::data::Supply {
                    farm: crate::data::LocationIx(0),
                    product: crate::data::ProductIx(0),
                    week: 1,
                    quantity_kg: 1.0,
                    support_price_per_kg: None,
                })
                .collect(),
            demand: Vec::new(),
            stock: Vec::new(),
        };
        scale_yields(&mut instance, 0.2, 7, 0);
        let n = instance.supply.len() as f64;
        let mean = instance.supply.iter().map(|s| s.quantity_kg).sum::<f64>() / n;
        let var = instance
            .supply
            .iter()
            .map(|s| (s.quantity_kg - mean).powi(2))
            .sum::<f64>()
            / n;
        assert!((mean - 1.0).abs() < 0.01, "mean {mean}");
        assert!((var.sqrt() / mean - 0.2).abs() < 0.01, "cv {}", var.sqrt() / mean);
    }

    #[test]
    fn nearest_rank_percentiles() {
        let rows: Vec<SweepRow> = (1..=10)
            .map(|i| SweepRow {
                variant: i.to_string(),
                status: "optimal".into(),
                cost: Some(f64::from(i)),
                waste_kg: None,
                shortfall_kg: None,
                fill_rate: None,
                greedy: None,
            })
            .collect();
        assert_eq!(percentiles(&rows), vec![("cost", [1.0, 5.0, 9.0])]);
    }

    #[test]
    fn shards_take_every_nth_variant_and_the_base() {
        let variants: Vec<Variant> = (0..5)
            .map(|i| Variant::Changes(PathBuf::from(format!("{i}.csv"))))
            .collect();
        let names = |v: Vec<Variant>| v.iter().map(Variant::name).collect::<Vec<_>>();
        assert_eq!(
            names(shard_of(variants.clone(), Some((1, 2)))),
            vec!["base", "1.csv", "3.csv"]
        );
        assert_eq!(names(shard_of(variants, None)).len(), 6);
    }
}
