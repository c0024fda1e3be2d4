//! Formatters for `agrimatch support`: the table over budgets, as CSV and
//! as text for the terminal.

use std::io::{self, Write};

use super::tables::{kg, money, rate};
use super::text::grouped;
use crate::lang::{pad, t};
use crate::scenario::support::BudgetLevel;

fn budget_text(budget: Option<f64>) -> String {
    budget.map_or("none".to_string(), |b| b.to_string())
}

/// `budget 5000`: one budget's run, as the notes under the table name it.
fn support_run(budget: Option<f64>) -> String {
    let budget = budget.map_or_else(|| t("table-none", &[]), |b| b.to_string());
    t("support-run", &[("budget", &budget)])
}

/// Waste avoided per yuan against the row before, where both have a budget
/// and this one is larger.
fn per_yuan(levels: &[BudgetLevel], i: usize) -> Option<f64> {
    i.checked_sub(1)
        .and_then(|before| levels[i].waste_avoided_per_yuan(&levels[before]))
}

/// Writes `budgets.csv`: one row per total budget.
pub fn write_budgets_csv<W: Write>(levels: &[BudgetLevel], w: W) -> csv::Result<()> {
    let mut out = super::tables::csv_writer(w);
    out.write_record([
        "budget",
        "status",
        "cost",
        "waste_kg",
        "support_kg",
        "support_spent",
        "lowest_priority_farm_sold_share",
        "waste_kg_avoided_per_yuan",
    ])?;
    let or_blank = |x: Option<f64>, format: fn(f64) -> String| x.map(format).unwrap_or_default();
    for (i, l) in levels.iter().enumerate() {
        out.write_record([
            budget_text(l.budget),
            l.status.to_string(),
            or_blank(l.cost, money),
            or_blank(l.waste_kg, kg),
            or_blank(l.support_kg, kg),
            or_blank(l.support_spent, money),
            or_blank(l.lowest_priority_farm_sold_share, rate),
            or_blank(per_yuan(levels, i), |x| format!("{x:.6}")),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// The table of `agrimatch support`: one line per budget.
pub fn write_budget_table<W: Write>(levels: &[BudgetLevel], mut w: W) -> io::Result<()> {
    writeln!(
        w,
        "{}",
        crate::report::text::header(
            &[("support-budget", 15), ("table-status", 11)],
            &[
                ("table-cost", 15),
                ("support-waste", 12),
                ("support-bought", 12),
                ("support-spent", 12),
                ("support-lowest-farm", 26),
                ("support-per-yuan", 26),
            ],
        )
    )?;
    let percent = |x: Option<f64>| x.map_or(String::new(), |x| format!("{:.1}%", 100.0 * x));
    let number = |x: Option<f64>| x.map_or(String::new(), grouped);
    for (i, r) in levels.iter().enumerate() {
        writeln!(
            w,
            "{} {} {:>15} {:>12} {:>12} {:>12} {:>26} {:>26}",
            pad(&r.budget.map_or_else(|| t("table-none", &[]), grouped), 15),
            pad(&crate::report::text::status_cell(&r.status), 11),
            number(r.cost),
            number(r.waste_kg),
            number(r.support_kg),
            number(r.support_spent),
            percent(r.lowest_priority_farm_sold_share),
            per_yuan(levels, i).map_or(String::new(), |x| format!("{x:.3}")),
        )?;
    }
    crate::report::text::write_status_notes(levels.iter().map(|r| (support_run(r.budget), &r.status)), w)
}
