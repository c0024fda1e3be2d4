//! `agrimatch merge`: the output folders of sweep shards joined into the
//! folder one sweep would have written, after checking they belong together.

use std::io::Write;
use std::path::{Path, PathBuf};

use agrimatch::report::sweep::{write_comparison_records, write_risk_csv, write_sweep_record, SWEEP_RECORD};
use agrimatch::report::{csv_file, text, FileWriter, OutputFolder};
use agrimatch::scenario::sweep::merge_shards;
use agrimatch::Error;

use super::{printed, EXIT_OK};

#[derive(clap::Args)]
pub struct Args {
    out: PathBuf,
    #[arg(required = true)]
    shards: Vec<PathBuf>,
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: &Args) -> Result<u8, Error> {
    // `merge merged.csv ...` was the old usage: it would make a folder named so.
    if args.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
        return Err(Error::Usage(agrimatch::lang::t(
            "ref-merge-out-csv",
            &[("path", &text::path_text(&args.out))],
        )));
    }
    // A shard's comparison.csv stands for its folder (the way merge was used before).
    let folders: Vec<PathBuf> = args
        .shards
        .iter()
        .map(|path| {
            if path.is_file() {
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), PathBuf::from)
            } else {
                path.clone()
            }
        })
        .collect();
    let inputs: Vec<&Path> = folders.iter().map(PathBuf::as_path).collect();
    let out_folder = OutputFolder::claim(&args.out, &inputs)?;
    let merged = merge_shards(&folders)?;
    // As the sweep wrote its shards (csv_bom), so that the merged table is
    // byte for byte what one sweep writes.
    let bom = folders.first().is_some_and(|first| {
        matches!(agrimatch::data::read::read_capped(&first.join("comparison.csv")),
            Ok(Some(bytes)) if bytes.starts_with(agrimatch::data::read::UTF8_BOM))
    });
    let out_folder = out_folder.with_csv_bom(bom);
    let mut files: Vec<(&str, FileWriter)> = vec![
        (
            "comparison.csv",
            csv_file(|w| write_comparison_records(&merged.header, &merged.rows, w)),
        ),
        (SWEEP_RECORD, csv_file(|w| write_sweep_record(&merged.record, w))),
    ];
    if merged.record.samples > 0 {
        files.push(("risk.csv", csv_file(|w| write_risk_csv(&merged.risk, w))));
    }
    out_folder.write(&files)?;
    let also = if merged.record.samples > 0 { ", risk.csv" } else { "" };
    printed(writeln!(
        super::stdout_unless(args.quiet),
        "{}",
        agrimatch::lang::t(
            "merge-wrote",
            &[
                ("folder", &text::path_text(&args.out)),
                ("files", &format!("comparison.csv{also}, {SWEEP_RECORD}")),
                ("shards", &folders.len().to_string()),
                ("variants", &(merged.rows.len() - 1).to_string()),
            ]
        )
    ))?;
    Ok(EXIT_OK)
}
