//! `comparison.csv` of a sweep: one row per variant with its figures and
//! their difference from the base.

use std::io::Write;

use super::tables::{kg, money, rate, spreadsheet_text};
use crate::scenario::sweep::{SweepRecord, SweepRow, VariantFigures};
pub use crate::scenario::sweep_record::{parse_sweep_record, SWEEP_RECORD};

/// Rows in the order given; the first row is the base the others are compared with.
pub fn write_comparison_csv<W: Write>(rows: &[SweepRow], w: W) -> csv::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record([
        "variant",
        "status",
        "cost",
        "waste_kg",
        "shortfall_kg",
        "fill_rate",
        "cost_change",
        "waste_kg_change",
        "shortfall_kg_change",
        "fill_rate_change",
        "greedy_cost",
        "cost_saving_vs_greedy",
        "waste_kg_avoided_vs_greedy",
        "shortfall_kg_avoided_vs_greedy",
    ])?;
    let base = rows.first().and_then(|r| r.figures);
    let change = |x: Option<f64>, b: Option<f64>, format: fn(f64) -> String| match (x, b) {
        (Some(x), Some(b)) => format(x - b),
        _ => String::new(),
    };
    let or_blank = |x: Option<f64>, format: fn(f64) -> String| x.map(format).unwrap_or_default();
    for row in rows {
        let mine = |f: fn(&VariantFigures) -> f64| row.figures.as_ref().map(f);
        let base = |f: fn(&VariantFigures) -> f64| base.as_ref().map(f);
        let greedy = |f: fn(&VariantFigures) -> f64| row.greedy.as_ref().map(f);
        out.write_record([
            spreadsheet_text(&row.variant).into_owned(),
            spreadsheet_text(&row.status.to_string()).into_owned(),
            or_blank(mine(|f| f.cost), money),
            or_blank(mine(|f| f.waste_kg), kg),
            or_blank(mine(|f| f.shortfall_kg), kg),
            or_blank(mine(|f| f.fill_rate), rate),
            change(mine(|f| f.cost), base(|f| f.cost), money),
            change(mine(|f| f.waste_kg), base(|f| f.waste_kg), kg),
            change(mine(|f| f.shortfall_kg), base(|f| f.shortfall_kg), kg),
            change(mine(|f| f.fill_rate), base(|f| f.fill_rate), rate),
            or_blank(greedy(|f| f.cost), money),
            change(greedy(|f| f.cost), mine(|f| f.cost), money),
            change(greedy(|f| f.waste_kg), mine(|f| f.waste_kg), kg),
            change(greedy(|f| f.shortfall_kg), mine(|f| f.shortfall_kg), kg),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// `metric,p10,p50,p90` of the random-harvest samples.
pub fn write_risk_csv<W: Write>(risk: &[(&'static str, [f64; 3])], w: W) -> csv::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record(["metric", "p10", "p50", "p90"])?;
    for (metric, values) in risk {
        let format: fn(f64) -> String = if metric.ends_with("_kg") {
            kg
        } else if *metric == "fill_rate" {
            rate
        } else {
            money
        };
        out.write_record([
            metric.to_string(),
            format(values[0]),
            format(values[1]),
            format(values[2]),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// Writes `comparison.csv` rows read back from shards, byte for byte as
/// [`write_comparison_csv`] wrote them (same quoting, same terminator).
pub fn write_comparison_records<W: Write>(
    header: &csv::StringRecord,
    rows: &[csv::StringRecord],
    w: W,
) -> csv::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record(header)?;
    // Shards are files a person may have edited: every cell is made safe
    // again (cells agrimatch wrote come through unchanged).
    for row in rows {
        out.write_record(row.iter().map(|cell| spreadsheet_text(cell).into_owned()))?;
    }
    out.flush()?;
    Ok(())
}

/// `setting,value` rows of `sweep.csv`, in a fixed order.
fn record_rows(record: &SweepRecord) -> [(&'static str, String); 8] {
    [
        ("fingerprint", format!("fnv1a64:{:016x}", record.fingerprint)),
        (
            "shard",
            record.shard.map_or("none".to_string(), |(k, n)| format!("{k}/{n}")),
        ),
        ("changes", record.changes.to_string()),
        ("samples", record.samples.to_string()),
        ("seed", record.seed.to_string()),
        // `{:?}`: the shortest text that reads back as the same number.
        ("yield_cv", format!("{:?}", record.yield_cv)),
        ("solver", record.solver.word().to_string()),
        ("baseline", if record.baseline { "yes" } else { "no" }.to_string()),
    ]
}

/// `sweep.csv`: the base scenario's fingerprint, the shard and the settings
/// of a sweep, so that `merge` can tell whether shards belong together.
pub fn write_sweep_record<W: Write>(record: &SweepRecord, w: W) -> csv::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record(["setting", "value"])?;
    for (setting, value) in record_rows(record) {
        out.write_record([setting, value.as_str()])?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LpSolver;
    use crate::solve::SolverChoice;

    #[test]
    fn sweep_record_reads_back_as_written() {
        let record = SweepRecord {
            fingerprint: 0x0123_4567_89ab_cdef,
            shard: Some((2, 3)),
            changes: 5,
            samples: 7,
            seed: 11,
            yield_cv: 0.3,
            solver: SolverChoice::Fixed(LpSolver::Clarabel),
            baseline: true,
        };
        let mut text = Vec::new();
        write_sweep_record(&record, &mut text).expect("writing to memory");
        let text = String::from_utf8(text).expect("UTF-8");
        assert_eq!(parse_sweep_record(&text), Ok(record));
        let broken = text.replace("seed,11", "seed,eleven");
        let problems = parse_sweep_record(&broken).expect_err("a bad seed");
        assert_eq!(
            problems[0].to_string(),
            "sweep.csv: line 6, column value: expected seed a whole number, found \"eleven\""
        );
    }
}
