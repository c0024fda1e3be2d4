//! Sweeps: the base scenario and many what-if variants planned in parallel,
//! each variant's summary compared with the base. One failing variant is
//! reported in its row; the others still finish.

use std::path::{Path, PathBuf};

use super::changes::read_variant;
use crate::data::{read, read_instance, Instance};
use crate::error::{Error, InputProblem, Result};
use crate::lang::t;
use crate::model::ObjectiveWeights;
use crate::scenario::generate::Rng;
use crate::scenario::sweep_record::{read_sweep_record, SWEEP_RECORD};
use crate::solve::compute_figures;
use crate::solve::{
    plan_from_anchor, solve_greedy, solve_instance_from, RunStatus, SolveOptions, SolverChoice, WarmStarts,
};

/// One variant of a sweep: how planning it ended and its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRow {
    /// `base`, or the change file's name.
    pub variant: String,
    /// How planning the variant ended.
    pub status: RunStatus,
    /// The plan's figures, when there is a plan.
    pub figures: Option<VariantFigures>,
    /// With `--baseline`: the greedy plan's figures (its fill rate unused).
    pub greedy: Option<VariantFigures>,
}

/// The figures a sweep compares between variants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VariantFigures {
    /// The plan's total cost.
    pub cost: f64,
    /// Kg spoiled or never shipped.
    pub waste_kg: f64,
    /// Kg ordered but not delivered.
    pub shortfall_kg: f64,
    /// Delivered share of all orders, 0 to 1.
    pub fill_rate: f64,
}

impl VariantFigures {
    fn of(instance: &Instance, verified: &crate::solve::VerifiedPlan) -> VariantFigures {
        let figures = compute_figures(instance, verified);
        VariantFigures {
            cost: verified.costs.total(),
            waste_kg: figures.waste_kg,
            shortfall_kg: figures.shortfall_kg,
            fill_rate: figures.fill_rate(),
        }
    }
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
    /// The scenario as it is.
    Base,
    /// The base with a change file applied.
    Changes(PathBuf),
    /// The base with every harvest row scaled by a random lognormal factor
    /// of mean 1 and coefficient of variation `cv`; sample `index` of `seed`.
    YieldSample {
        /// Which sample, from 0.
        index: usize,
        /// Coefficient of variation of the harvest factor.
        cv: f64,
        /// Seed of all samples of the sweep.
        seed: u64,
    },
}

impl Variant {
    /// The name in `comparison.csv`: `base`, the change file's stem, or the sample's.
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
/// solved gets the reason in its status. The LP starts from `start` (the
/// base plan's bases) where a block has the base's shape; the bases it
/// ended with come back.
pub fn plan_variant(
    base: &Path,
    variant: &Variant,
    (options, start): (&SolveOptions, Option<&WarmStarts>),
    baseline: bool,
) -> (SweepRow, WarmStarts) {
    let empty = |status: RunStatus| SweepRow {
        variant: variant.name(),
        status,
        figures: None,
        greedy: None,
    };
    let instance = match variant.instance(base) {
        Ok(instance) => instance,
        Err(e) => return (empty(RunStatus::Error(e.to_string())), WarmStarts::default()),
    };
    let (outcome, warm) = match solve_instance_from(&instance, &ObjectiveWeights::of(&instance), options, start) {
        Ok(solved) => solved,
        Err(e) => return (empty(RunStatus::Error(e.to_string())), WarmStarts::default()),
    };
    let status = RunStatus::from(&outcome);
    // Every verified plan shows its figures, a truck plan above its gap too
    // (the gap is in the status), as `plan --changes` would write it.
    let row = match outcome.plan().filter(|_| status.is_planned()) {
        Some(verified) => SweepRow {
            variant: variant.name(),
            figures: Some(VariantFigures::of(&instance, verified)),
            greedy: baseline
                .then(|| solve_greedy(&instance).into_plan())
                .flatten()
                .map(|g| VariantFigures::of(&instance, &g)),
            status,
        },
        None => empty(status),
    };
    (row, warm)
}

/// Plans every variant; rows come back in the order given. The base
/// scenario (when listed) is planned first, and the other variants then in
/// parallel, each starting from the base plan's bases (warm starts: a
/// variant changes a few numbers of the same model). Which plan a variant
/// gets depends on the base and the variant only, never on the order the
/// threads finish in. `progress` is called once per finished plan.
pub fn run_sweep(
    base: &Path,
    variants: &[Variant],
    options: &SolveOptions,
    baseline: bool,
    progress: &(dyn Fn() + Sync),
) -> Vec<SweepRow> {
    let base_at = variants.iter().position(|v| matches!(v, Variant::Base));
    plan_from_anchor(variants, base_at, |variant, start| {
        let planned = plan_variant(base, variant, (options, start), baseline);
        progress();
        planned
    })
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

/// How a sweep was made, as recorded in its output folder's `sweep.csv`:
/// shards of one sweep agree on everything but `shard`.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRecord {
    /// [`sweep_fingerprint`] of the base scenario and the change files.
    pub fingerprint: u64,
    /// `(K, N)` for shard K of N; `None` for a whole sweep.
    pub shard: Option<(usize, usize)>,
    /// How many change files the whole sweep has (before sharding).
    pub changes: usize,
    /// How many random harvests the whole sweep has.
    pub samples: usize,
    /// Seed of the random harvests.
    pub seed: u64,
    /// Coefficient of variation of the random harvests.
    pub yield_cv: f64,
    /// The `--solver` every variant was planned with.
    pub solver: SolverChoice,
    /// Whether every variant was also planned with the greedy baseline.
    pub baseline: bool,
}

/// FNV-1a, 64 bits: written here because the fingerprint must stay the same
/// across Rust versions and machines, which std's `DefaultHasher` does not promise.
#[derive(Debug, Clone, Copy)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv64 {
    /// Adds `bytes` to the hash.
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// A length first, so that ("ab", "c") and ("a", "bc") hash apart.
    pub fn write_field(&mut self, bytes: &[u8]) {
        self.write(&(bytes.len() as u64).to_le_bytes());
        self.write(bytes);
    }

    /// The hash of everything written.
    pub fn finish(self) -> u64 {
        self.0
    }
}

/// The files of a scenario folder that planning reads (the others, such as
/// a README or output folders, do not change a plan).
const SCENARIO_FILES: [&str; 11] = [
    read::PRODUCTS.name,
    read::FARMS.name,
    read::STORES.name,
    read::HUBS.name,
    read::SUPPLY.name,
    read::DEMAND.name,
    read::LANES.name,
    read::STOCK.name,
    "scenario.toml",
    read::IN_TRANSIT.name,
    read::SUPPORT.name,
];

/// A fingerprint of what a sweep plans: the base scenario's files (names and
/// bytes; a missing optional file counts too) and the change files in order
/// (file names and bytes, not the folders they sit in, so that shards run
/// from different working folders still agree).
pub fn sweep_fingerprint(base: &Path, change_files: &[PathBuf]) -> Result<u64> {
    let mut hash = Fnv64::default();
    if crate::data::workbook::is_workbook(base) && base.is_file() {
        // A workbook is its bytes, whatever its name or folder.
        hash.write_field(b"workbook");
        match crate::data::read::read_capped(base) {
            Ok(Some(bytes)) => hash.write_field(&bytes),
            Ok(None) => return Err(Error::io(base, std::io::ErrorKind::NotFound.into())),
            Err(why) => return Err(Error::io(base, std::io::Error::other(why))),
        }
    }
    for name in SCENARIO_FILES.iter().filter(|_| !base.is_file()) {
        let path = base.join(name);
        hash.write_field(name.as_bytes());
        match crate::data::read::read_capped(&path) {
            Ok(Some(bytes)) => hash.write_field(&bytes),
            Ok(None) => hash.write(b"absent"),
            Err(why) => return Err(Error::io(path, std::io::Error::other(why))),
        }
    }
    for path in change_files {
        let bytes = crate::data::read::read_capped(path)
            .map_err(|why| Error::io(path, std::io::Error::other(why)))?
            .ok_or_else(|| Error::io(path, std::io::ErrorKind::NotFound.into()))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        hash.write_field(name.as_bytes());
        hash.write_field(&bytes);
    }
    Ok(hash.finish())
}

/// Shards of one sweep joined: the rows of `comparison.csv` as a whole
/// sweep writes them, and the risk bands of all samples.
#[derive(Debug, Clone)]
pub struct MergedSweep {
    /// The shards' record with the shard removed: a whole sweep's record.
    pub record: SweepRecord,
    /// The header of `comparison.csv`, the same in every shard.
    pub header: csv::StringRecord,
    /// The base row, then every variant in the whole sweep's order.
    pub rows: Vec<csv::StringRecord>,
    /// [`percentiles`] of every sample's row (empty without samples).
    pub risk: Vec<(&'static str, [f64; 3])>,
}

/// Reads the shards' output folders (in order 0..N-1) and joins them. Refuses
/// a folder without `sweep.csv`, a shard of another sweep (fingerprint or
/// settings differ), a shard given twice, a missing shard and shards out of order.
pub fn merge_shards(folders: &[PathBuf]) -> Result<MergedSweep> {
    let Some(first_folder) = folders.first() else {
        return Err(Error::Usage(t("ref-merge-no-shard", &[])));
    };
    let records = folders
        .iter()
        .map(|f| read_sweep_record(f))
        .collect::<Result<Vec<_>>>()?;
    let first = &records[0];
    // A whole sweep is shard 0 of 1.
    let n = first.shard.map_or(1, |s| s.1);
    let mut given: Vec<Option<usize>> = vec![None; n];
    for (i, (folder, record)) in folders.iter().zip(&records).enumerate() {
        let (k, this_n) = record.shard.unwrap_or((0, 1));
        let mismatch = |setting: &str, expected: String, found: String| {
            Error::folder(
                folder,
                InputProblem::file(
                    SWEEP_RECORD,
                    t(
                        "ref-shard-other-sweep",
                        &[
                            ("setting", setting),
                            ("expected", &expected),
                            ("first", &first_folder.display().to_string()),
                            ("found", &found),
                        ],
                    ),
                ),
            )
        };
        if this_n != n {
            return Err(mismatch(
                &t("ref-setting-shards-of", &[]),
                n.to_string(),
                t("ref-shard", &[("shard", &format!("{k}/{this_n}"))]),
            ));
        }
        if record.fingerprint != first.fingerprint {
            return Err(mismatch(
                "fingerprint",
                format!("{:016x}", first.fingerprint),
                crate::error::with_note(&format!("{:016x}", record.fingerprint), &t("ref-note-other-base", &[])),
            ));
        }
        let settings = [
            ("changes", first.changes.to_string(), record.changes.to_string()),
            ("samples", first.samples.to_string(), record.samples.to_string()),
            ("seed", first.seed.to_string(), record.seed.to_string()),
            (
                "yield_cv",
                format!("{:?}", first.yield_cv),
                format!("{:?}", record.yield_cv),
            ),
            (
                "solver",
                first.solver.word().to_string(),
                record.solver.word().to_string(),
            ),
            ("baseline", first.baseline.to_string(), record.baseline.to_string()),
        ];
        if let Some((setting, expected, found)) = settings.into_iter().find(|(_, a, b)| a != b) {
            return Err(mismatch(setting, expected, found));
        }
        if let Some(earlier) = given[k] {
            return Err(Error::folder(
                folder,
                InputProblem::file(
                    SWEEP_RECORD,
                    t(
                        "ref-shard-twice",
                        &[
                            ("shard", &format!("{k}/{n}")),
                            ("also", &folders[earlier].display().to_string()),
                        ],
                    ),
                ),
            ));
        }
        given[k] = Some(i);
    }
    let missing: Vec<String> = (0..n)
        .filter(|&k| given[k].is_none())
        .map(|k| t("ref-no-shard", &[("shard", &format!("{k}/{n}"))]))
        .collect();
    if let Some(missing) = missing
        .into_iter()
        .reduce(|first, rest| t("ref-list-comma", &[("first", &first), ("rest", &rest)]))
    {
        return Err(Error::Usage(t(
            "ref-merge-missing-shards",
            &[
                ("first", &format!("0/{n}")),
                ("last", &format!("{}/{n}", n - 1)),
                ("missing", &missing),
            ],
        )));
    }
    for (i, (folder, record)) in folders.iter().zip(&records).enumerate() {
        let k = record.shard.map_or(0, |s| s.0);
        if k != i {
            return Err(Error::folder(
                folder,
                InputProblem::file(
                    SWEEP_RECORD,
                    t(
                        "ref-shard-order",
                        &[
                            ("expected", &format!("{i}/{n}")),
                            ("place", &(i + 1).to_string()),
                            ("last", &(n - 1).to_string()),
                            ("found", &format!("{k}/{n}")),
                        ],
                    ),
                ),
            ));
        }
    }
    let total = first.changes + first.samples;
    let mut header: Option<csv::StringRecord> = None;
    let mut base: Option<csv::StringRecord> = None;
    let mut per_shard: Vec<Vec<csv::StringRecord>> = Vec::new();
    for (k, folder) in folders.iter().enumerate() {
        let (head, mut rows) = read_comparison(folder)?;
        let problem =
            |line: u64, message: String| Error::folder(folder, InputProblem::line("comparison.csv", line, message));
        match &header {
            Some(h) if *h != head => return Err(problem(1, t("ref-shard-header", &[]))),
            _ => header = Some(head),
        }
        if rows.is_empty() || &rows[0][0] != "base" {
            return Err(problem(2, t("ref-shard-no-base", &[])));
        }
        let this_base = rows.remove(0);
        match &base {
            // Every shard plans the same base; a different one means other data.
            Some(b) if *b != this_base => return Err(problem(2, t("ref-shard-other-base", &[]))),
            _ => base = Some(this_base),
        }
        let expected = (0..total).filter(|i| i % n == k).count();
        if rows.len() != expected {
            return Err(problem(
                0,
                t(
                    "ref-shard-rows",
                    &[
                        ("expected", &expected.to_string()),
                        ("shard", &format!("{k}/{n}")),
                        ("total", &total.to_string()),
                        ("found", &rows.len().to_string()),
                    ],
                ),
            ));
        }
        per_shard.push(rows);
    }
    let (Some(header), Some(base)) = (header, base) else {
        return Err(Error::Usage(t("ref-merge-no-shard", &[])));
    };
    let mut rows = vec![base];
    let mut samples = Vec::new();
    for i in 0..total {
        let row = per_shard[i % n][i / n].clone();
        if i >= first.changes {
            samples.extend(row_figures(&row));
        }
        rows.push(row);
    }
    Ok(MergedSweep {
        record: SweepRecord {
            shard: None,
            ..first.clone()
        },
        header,
        rows,
        risk: percentiles(&samples),
    })
}

/// `comparison.csv` of a sweep folder: the header and every row.
fn read_comparison(folder: &Path) -> Result<(csv::StringRecord, Vec<csv::StringRecord>)> {
    let path = folder.join("comparison.csv");
    let text = crate::data::read::read_capped_text(&path)?;
    let bad = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line());
        Error::folder(
            folder,
            InputProblem::line(
                "comparison.csv",
                line,
                t("ref-comparison-csv", &[("error", &e.to_string())]),
            ),
        )
    };
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().map_err(bad)?.clone();
    let rows = reader
        .records()
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(bad)?;
    Ok((header, rows))
}

/// A comparison row's figures (columns cost, waste_kg, shortfall_kg,
/// fill_rate). They were rounded when written; rounding keeps the order, so
/// the percentiles of the rounded values are the rounded percentiles.
fn row_figures(row: &csv::StringRecord) -> Option<VariantFigures> {
    let number = |i: usize| row.get(i).and_then(|x| x.parse::<f64>().ok());
    Some(VariantFigures {
        cost: number(2)?,
        waste_kg: number(3)?,
        shortfall_kg: number(4)?,
        fill_rate: number(5)?,
    })
}

/// P10, P50 and P90 (nearest rank) of the planned samples' figures.
pub fn percentiles(samples: &[VariantFigures]) -> Vec<(&'static str, [f64; 3])> {
    type Figure = (&'static str, fn(&VariantFigures) -> f64);
    let figures: [Figure; 4] = [
        ("cost", |r| r.cost),
        ("waste_kg", |r| r.waste_kg),
        ("shortfall_kg", |r| r.shortfall_kg),
        ("fill_rate", |r| r.fill_rate),
    ];
    figures
        .iter()
        .filter_map(|&(name, get)| {
            let mut values: Vec<f64> = samples.iter().map(get).collect();
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
            start_date: None,
            first_week: 1,
            weeks: 1,
            fair_shortfall: None,
            display_unit: ("kg", 1.0),
            products: Vec::new(),
            locations: Vec::new(),
            lanes: Vec::new(),
            support: Vec::new(),
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
    fn fnv1a_matches_the_published_test_vectors() {
        let hash = |text: &str| {
            let mut h = Fnv64::default();
            h.write(text.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn nearest_rank_percentiles() {
        let samples: Vec<VariantFigures> = (1..=10)
            .map(|i| VariantFigures {
                cost: f64::from(i),
                waste_kg: 0.0,
                shortfall_kg: f64::from(2 * i),
                fill_rate: 0.5,
            })
            .collect();
        assert_eq!(
            percentiles(&samples),
            vec![
                ("cost", [1.0, 5.0, 9.0]),
                ("waste_kg", [0.0, 0.0, 0.0]),
                ("shortfall_kg", [2.0, 10.0, 18.0]),
                ("fill_rate", [0.5, 0.5, 0.5]),
            ]
        );
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
