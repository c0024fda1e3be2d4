//! `comparison.csv` of a sweep: one row per variant with its figures and
//! their difference from the base.

use std::io::Write;

use super::tables::{kg, money, rate};
use crate::scenario::sweep::SweepRow;

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
    ])?;
    let base = rows.first();
    let change = |x: Option<f64>, b: Option<f64>, format: fn(f64) -> String| match (x, b) {
        (Some(x), Some(b)) => format(x - b),
        _ => String::new(),
    };
    let or_blank = |x: Option<f64>, format: fn(f64) -> String| x.map(format).unwrap_or_default();
    for row in rows {
        let b = |f: fn(&SweepRow) -> Option<f64>| base.and_then(f);
        out.write_record([
            row.variant.clone(),
            row.status.clone(),
            or_blank(row.cost, money),
            or_blank(row.waste_kg, kg),
            or_blank(row.shortfall_kg, kg),
            or_blank(row.fill_rate, rate),
            change(row.cost, b(|r| r.cost), money),
            change(row.waste_kg, b(|r| r.waste_kg), kg),
            change(row.shortfall_kg, b(|r| r.shortfall_kg), kg),
            change(row.fill_rate, b(|r| r.fill_rate), rate),
        ])?;
    }
    out.flush()?;
    Ok(())
}
