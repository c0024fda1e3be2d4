//! The few lines printed after planning: what a planner reads first.

use std::io::{self, Write};

use super::figures::{ratio, PlanFigures};
use crate::data::Instance;
use crate::error::shown;
use crate::solve::{PlanOutcome, VerifiedPlan};

/// A quantity in the unit the scenario shows (`display_unit`, default kg).
fn amount(instance: &Instance, kg: f64) -> String {
    let (unit, kg_per_unit) = instance.display_unit;
    format!("{} {unit}", grouped(kg / kg_per_unit))
}

/// Thousands separators for readability on a terminal (never in CSV files).
pub fn grouped(x: f64) -> String {
    let rounded = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in rounded.chars().enumerate() {
        if i > 0 && (rounded.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < -0.5 {
        out.insert(0, '-');
    }
    out
}

pub fn write_plan_text<W: Write>(
    instance: &Instance,
    outcome: &PlanOutcome,
    verified: &VerifiedPlan,
    figures: &PlanFigures,
    mut w: W,
) -> io::Result<()> {
    let c = &verified.costs;
    writeln!(
        w,
        "status      {} ({}{}, {} variables, {} constraints, built in {:.2} s, solved in {:.2} s)",
        outcome.status.word(),
        outcome.solver.name(),
        if outcome.blocks > 1 {
            format!(", {} blocks", outcome.blocks)
        } else {
            String::new()
        },
        outcome.variables,
        outcome.constraints,
        outcome.build_seconds,
        outcome.solve_seconds
    )?;
    let mut closing = if c.closing_stock > 0.0 {
        format!(", unsold priority stock at the end {}", grouped(c.closing_stock))
    } else {
        String::new()
    };
    if c.fairness > 0.0 {
        closing += &format!(", fair shares missed {}", grouped(c.fairness));
    }
    writeln!(
        w,
        "cost        {} (transport {}, holding {}, waste {}, shortfall {}{closing})",
        grouped(c.total()),
        grouped(c.transport),
        grouped(c.holding),
        grouped(c.waste),
        grouped(c.shortfall)
    )?;
    writeln!(
        w,
        "fill rate   {:.1}% ({} of {} ordered delivered, {} short)",
        100.0 * figures.fill_rate(),
        amount(instance, figures.delivered_kg),
        amount(instance, figures.demand_kg),
        amount(instance, figures.shortfall_kg)
    )?;
    writeln!(
        w,
        "waste       {} ({:.1}% of {} harvest and stock), {} still fresh at the end",
        amount(instance, figures.waste_kg),
        100.0 * ratio(figures.waste_kg, figures.supply_kg),
        amount(instance, figures.supply_kg),
        amount(instance, figures.closing_stock_kg)
    )?;
    for (farm, (share, why)) in &figures.farm_notes {
        let location = &instance.locations[farm.0];
        writeln!(
            w,
            "farm        {} sells {:.1}% of its harvest, below its minimum {:.1}%: {why}",
            shown(&location.id),
            100.0 * share,
            100.0 * location.min_sold_share
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_inserts_thousands_separators() {
        assert_eq!(grouped(0.0), "0");
        assert_eq!(grouped(999.4), "999");
        assert_eq!(grouped(1234567.0), "1,234,567");
        assert_eq!(grouped(-4000.0), "-4,000");
    }
}
