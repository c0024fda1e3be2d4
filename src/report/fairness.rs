//! Formatters for `agrimatch fairness`: the trade-off table and its chart.

use std::io::Write;

use super::tables::{kg, money, rate};
use crate::scenario::fairness::FairnessLevel;

fn level_text(level: Option<f64>) -> String {
    level.map_or("none".to_string(), |l| l.to_string())
}

/// Writes `fairness.csv`: one row per fairness level.
pub fn write_fairness_csv<W: Write>(levels: &[FairnessLevel], w: W) -> csv::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record([
        "fair_shortfall",
        "status",
        "cost",
        "fairness_penalty",
        "waste_kg",
        "shortfall_kg",
        "worst_store_fill_rate",
        "lowest_priority_farm_sold_share",
    ])?;
    let or_blank = |x: Option<f64>, format: fn(f64) -> String| x.map(format).unwrap_or_default();
    for l in levels {
        out.write_record([
            level_text(l.level),
            l.status.to_string(),
            or_blank(l.cost, money),
            or_blank(l.fairness_penalty, money),
            or_blank(l.waste_kg, kg),
            or_blank(l.shortfall_kg, kg),
            or_blank(l.worst_store_fill_rate, rate),
            or_blank(l.lowest_priority_farm_sold_share, rate),
        ])?;
    }
    out.flush()?;
    Ok(())
}
