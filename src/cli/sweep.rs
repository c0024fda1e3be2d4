//! `agrimatch sweep`: the base and what-if variants planned in parallel.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use agrimatch::error::flag_expected_found;
use agrimatch::lang::t;
use agrimatch::report::sweep::{write_comparison_csv, write_risk_csv, write_sweep_record, SWEEP_RECORD};
use agrimatch::report::{csv_file, text, FileWriter};
use agrimatch::scenario::sweep::{
    change_files, percentiles, run_sweep, shard_of, sweep_fingerprint, SweepRecord, Variant,
};
use agrimatch::solve::SolveOptions;
use agrimatch::Error;

use super::{out_or, printed, SolverArg, EXIT_NOT_OPTIMAL, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    pub base: PathBuf,
    #[arg(required_unless_present = "samples")]
    variants: Vec<PathBuf>,
    #[arg(long, value_name = "N")]
    samples: Option<usize>,
    #[arg(long, value_name = "CV", default_value_t = 0.2)]
    yield_cv: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long)]
    baseline: bool,
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    solver: SolverArg,
    #[arg(long, short)]
    quiet: bool,
}

/// `K/N` with 0 <= K < N.
fn parse_shard(text: &str) -> Result<(usize, usize), Error> {
    match text
        .split_once('/')
        .map(|(k, n)| (k.parse::<usize>(), n.parse::<usize>()))
    {
        Some((Ok(k), Ok(n))) if k < n => Ok((k, n)),
        _ => Err(Error::Usage(flag_expected_found(
            "--shard",
            &t("ref-what-shard", &[]),
            &format!("\"{text}\""),
        ))),
    }
}

pub fn run(args: &Args) -> Result<u8, Error> {
    let shard = args.shard.as_deref().map(parse_shard).transpose()?;
    if !(args.yield_cv.is_finite() && args.yield_cv >= 0.0) {
        return Err(Error::Usage(flag_expected_found(
            "--yield-cv",
            &t("err-what-non-negative", &[]),
            &args.yield_cv.to_string(),
        )));
    }
    let out = out_or(&args.out, &args.base, "sweep");
    let mut inputs = vec![args.base.as_path()];
    inputs.extend(args.variants.iter().map(PathBuf::as_path));
    let out_folder = super::claim_out(&out, &inputs, &args.base)?;
    let files = change_files(&args.variants).map_err(|e| Error::io(&args.base, e))?;
    let samples = args.samples.unwrap_or(0);
    let options = SolveOptions {
        solver: args.solver.choice(),
        memory_limit: super::memory_limit(),
        ..SolveOptions::default()
    };
    let record = SweepRecord {
        fingerprint: sweep_fingerprint(&args.base, &files)?,
        shard,
        changes: files.len(),
        samples,
        seed: args.seed,
        yield_cv: args.yield_cv,
        solver: options.solver,
        baseline: args.baseline,
    };
    let mut list: Vec<Variant> = files.into_iter().map(Variant::Changes).collect();
    list.extend((0..samples).map(|index| Variant::YieldSample {
        index,
        cv: args.yield_cv,
        seed: args.seed,
    }));
    let variants = shard_of(list, shard);
    // A bar only for a person watching; scripts and CI get clean stderr.
    let bar = if !args.quiet && io::stderr().is_terminal() {
        indicatif::ProgressBar::new(variants.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let rows = run_sweep(&args.base, &variants, &options, args.baseline, &|| bar.inc(1));
    bar.finish_and_clear();

    // By kind, not by name: a change file may be called yield-sample-1.csv.
    let sampled: Vec<_> = rows
        .iter()
        .zip(&variants)
        .filter(|(_, v)| matches!(v, Variant::YieldSample { .. }))
        .filter_map(|(r, _)| r.figures)
        .collect();
    let risk = percentiles(&sampled);
    let mut files: Vec<(&str, FileWriter)> = vec![
        ("comparison.csv", csv_file(|w| write_comparison_csv(&rows, w))),
        (SWEEP_RECORD, csv_file(|w| write_sweep_record(&record, w))),
    ];
    if samples > 0 {
        files.push(("risk.csv", csv_file(|w| write_risk_csv(&risk, w))));
    }
    out_folder.write(&files)?;

    let also = if samples > 0 { ", risk.csv" } else { "" };
    let mut stdout = super::stdout_unless(args.quiet);
    printed(text::write_sweep_table(&rows, &risk, &mut stdout).and_then(|()| {
        let files = format!("comparison.csv{also}, {SWEEP_RECORD}");
        writeln!(stdout, "{}", super::wrote(&out, &files))
    }))?;
    Ok(if rows.iter().all(|r| r.status.is_planned()) {
        EXIT_OK
    } else {
        EXIT_NOT_OPTIMAL
    })
}
