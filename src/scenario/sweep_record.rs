//! `sweep.csv` read back: how a sweep was made (the base scenario's
//! fingerprint, the shard and the settings), so that `merge` can tell
//! whether shards belong together. `report::sweep` writes it.

use std::path::Path;

use crate::data::key_values::KeyValues;
use crate::error::{Error, InputProblem, Result};
use crate::lang::t;
use crate::scenario::sweep::SweepRecord;
use crate::solve::SolverChoice;

/// The file in every sweep output folder that says how the sweep was made.
pub const SWEEP_RECORD: &str = "sweep.csv";

/// Reads `folder/sweep.csv` back; every missing or unreadable setting is a
/// problem with its line.
pub fn read_sweep_record(folder: &Path) -> Result<SweepRecord> {
    let path = folder.join(SWEEP_RECORD);
    let text = match crate::data::read::read_capped_text(&path) {
        Ok(text) => text,
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::folder(
                folder,
                InputProblem::file(SWEEP_RECORD, t("ref-no-sweep-record", &[])),
            ))
        }
        Err(e) => return Err(e),
    };
    parse_sweep_record(&text).map_err(|problems| Error::Folder {
        folder: folder.to_path_buf(),
        problems,
    })
}

/// The settings of a `sweep.csv` text, with the line of each.
pub fn parse_sweep_record(text: &str) -> std::result::Result<SweepRecord, Vec<InputProblem>> {
    let mut found = KeyValues::read(SWEEP_RECORD, text, ["setting", "value"]);
    let fingerprint = found.get("fingerprint", &t("ref-what-fingerprint", &[]), parse_fingerprint);
    let shard = found.get("shard", &t("ref-what-shard-or-none", &[]), parse_shard);
    let changes = found.get("changes", &t("ref-what-count", &[]), |v| v.parse::<usize>().ok());
    let samples = found.get("samples", &t("ref-what-count", &[]), |v| v.parse::<usize>().ok());
    let seed = found.get("seed", &t("ref-what-whole", &[]), |v| v.parse::<u64>().ok());
    let yield_cv = found.get("yield_cv", &t("err-what-non-negative", &[]), |v| {
        v.parse::<f64>().ok().filter(|x| x.is_finite() && *x >= 0.0)
    });
    let solver = found.get("solver", &t("ref-what-solver-auto", &[]), SolverChoice::from_word);
    let baseline = found.get("baseline", &t("ref-what-yes-no", &[]), |v| match v {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    });
    match (fingerprint, shard, changes, samples, seed, yield_cv, solver, baseline) {
        (
            Some(fingerprint),
            Some(shard),
            Some(changes),
            Some(samples),
            Some(seed),
            Some(yield_cv),
            Some(solver),
            Some(baseline),
        ) if found.problems.is_empty() => Ok(SweepRecord {
            fingerprint,
            shard,
            changes,
            samples,
            seed,
            yield_cv,
            solver,
            baseline,
        }),
        _ => Err(found.problems),
    }
}

fn parse_fingerprint(text: &str) -> Option<u64> {
    let hex = text.strip_prefix("fnv1a64:")?;
    (hex.len() == 16).then(|| u64::from_str_radix(hex, 16).ok())?
}

/// `none` -> `Some(None)`; `K/N` -> `Some(Some((k, n)))`.
fn parse_shard(text: &str) -> Option<Option<(usize, usize)>> {
    if text == "none" {
        return Some(None);
    }
    let (k, n) = text.split_once('/')?;
    let (k, n) = (k.parse::<usize>().ok()?, n.parse::<usize>().ok()?);
    (k < n).then_some(Some((k, n)))
}
