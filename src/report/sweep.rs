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
        "greedy_cost",
        "cost_saving_vs_greedy",
        "waste_kg_avoided_vs_greedy",
        "shortfall_kg_avoided_vs_greedy",
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
            or_blank(row.greedy.map(|g| g[0]), money),
            change(row.greedy.map(|g| g[0]), row.cost, money),
            change(row.greedy.map(|g| g[1]), row.waste_kg, kg),
            change(row.greedy.map(|g| g[2]), row.shortfall_kg, kg),
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

/// Joins the comparison.csv texts of shards 0..N-1 of one sweep: one base
/// row, then the variants back in their original order (shard K holds
/// variants K, K+N, K+2N, ...).
pub fn merge_comparisons(shards: &[String]) -> Result<String, String> {
    let mut header: Option<&str> = None;
    let mut base: Option<&str> = None;
    let mut lines: Vec<Vec<&str>> = Vec::new();
    for (k, text) in shards.iter().enumerate() {
        let mut rows = text.lines();
        let head = rows.next().ok_or(format!("shard {k}: the file is empty"))?;
        if *header.get_or_insert(head) != head {
            return Err(format!("shard {k}: expected the header of shard 0, found another"));
        }
        let first = rows
            .next()
            .ok_or(format!("shard {k}: expected a base row, found none"))?;
        if !first.starts_with("base,") {
            return Err(format!("shard {k}: expected the base row first"));
        }
        base.get_or_insert(first);
        lines.push(rows.collect());
    }
    let (Some(header), Some(base)) = (header, base) else {
        return Err("expected at least one shard".to_string());
    };
    let mut out = format!("{header}\n{base}\n");
    let longest = lines.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..longest {
        for shard in &lines {
            if let Some(line) = shard.get(i) {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    Ok(out)
}
