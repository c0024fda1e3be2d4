//! What the terminal shows, as writers to any `io::Write`: the few lines
//! after planning (what a planner reads first), the tables of `fairness`,
//! `sweep` and `bench`, and what `check` found.

use std::io::{self, Write};
use std::path::Path;

use super::bench::{BenchRecord, Spread};
use crate::data::{Instance, LocationKind};
use crate::error::{printable, shown};
use crate::scenario::check::CheckFindings;
use crate::scenario::fairness::FairnessLevel;
use crate::scenario::sweep::SweepRow;
use crate::solve::figures::{ratio, PlanFigures};
use crate::solve::{PlanOutcome, VerifiedPlan};

/// Warnings of one kind shown before the rest are only counted.
const WARNINGS_SHOWN: usize = 20;

/// A path as printed: control characters escaped.
pub fn path_text(path: &Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

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

/// Writes the terminal summary of a planning run: how it ended and, with
/// a plan, its headline figures.
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
        outcome.word(),
        outcome.method().solver_name(),
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
    if !instance.support.is_empty() {
        closing += &format!(", support purchases {}", grouped(c.support));
    }
    if c.trucks > 0.0 {
        closing += &format!(", trucks {}", grouped(c.trucks));
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
    if !instance.support.is_empty() {
        let left = figures.support_budget_left().map_or_else(
            || "no budget limit".to_string(),
            |left| format!("{} of the budget left", grouped(left)),
        );
        writeln!(
            w,
            "support     {} bought from assisted farms for {} ({left})",
            amount(instance, figures.support_kg()),
            grouped(figures.support_spent())
        )?;
    }
    if let Some(search) = &outcome.trucks {
        let (trucks, load, room) = super::trucks::truck_totals(instance, &verified.plan);
        writeln!(
            w,
            "trucks      {} trucks, {:.1}% full on average; lower bound {}, gap {:.2}% ({} LP solves{})",
            grouped(trucks),
            100.0 * ratio(load, room),
            grouped(search.lower_bound),
            100.0 * search.gap,
            search.solves,
            match search.skipped {
                0 => String::new(),
                n => format!(", {n} skipped: too many binding rows for the fast core"),
            }
        )?;
    }
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

/// `wrote       OUT (files)`: the last line after a plan.
pub fn write_wrote_line<W: Write>(out: &Path, files: &[&str], mut w: W) -> io::Result<()> {
    writeln!(w, "wrote       {} ({})", path_text(out), files.join(", "))
}

/// What the LP saves over the greedy baseline, in one line.
pub fn write_vs_greedy<W: Write>(
    plan: (&VerifiedPlan, &PlanFigures),
    greedy: (&VerifiedPlan, &PlanFigures),
    mut w: W,
) -> io::Result<()> {
    let ((verified, figures), (base, base_figures)) = (plan, greedy);
    writeln!(
        w,
        "vs greedy   the LP saves {} in cost ({} against {}), {} kg of waste and {} kg of shortfall",
        grouped(base.costs.total() - verified.costs.total()),
        grouped(verified.costs.total()),
        grouped(base.costs.total()),
        grouped(base_figures.waste_kg - figures.waste_kg),
        grouped(base_figures.shortfall_kg - figures.shortfall_kg)
    )
}

/// `roll`'s last check: no kg made or lost between windows.
pub fn write_roll_balance<W: Write>(figures: &PlanFigures, windows: usize, horizon: u32, mut w: W) -> io::Result<()> {
    let support = if figures.support.is_empty() {
        String::new()
    } else {
        format!(" + {} bought by support buyers", grouped(figures.support_kg()))
    };
    writeln!(
        w,
        "balance     {} kg in = {} sold{support} + {} wasted + {} still fresh at the end ({windows} windows of {horizon} weeks)",
        grouped(figures.supply_kg),
        grouped(figures.delivered_kg),
        grouped(figures.waste_kg),
        grouped(figures.closing_stock_kg),
    )
}

/// The table of `agrimatch fairness`: one line per level.
pub fn write_fairness_table<W: Write>(levels: &[FairnessLevel], mut w: W) -> io::Result<()> {
    writeln!(
        w,
        "fair_shortfall  status      cost            worst store fill  lowest priority farm sold"
    )?;
    let percent = |x: Option<f64>| x.map_or(String::new(), |x| format!("{:.1}%", 100.0 * x));
    for r in levels {
        writeln!(
            w,
            "{:<15} {:<11} {:>15} {:>17} {:>26}",
            r.level.map_or("none".to_string(), |l| l.to_string()),
            r.status.to_string(),
            r.cost.map_or(String::new(), grouped),
            percent(r.worst_store_fill_rate),
            percent(r.lowest_priority_farm_sold_share),
        )?;
    }
    Ok(())
}

/// The lines of `agrimatch sweep`: each variant's status and cost, with its
/// change from the base, then the risk bands of random harvests.
pub fn write_sweep_table<W: Write>(rows: &[SweepRow], risk: &[(&str, [f64; 3])], mut w: W) -> io::Result<()> {
    let base_cost = rows.first().and_then(|r| r.figures).map(|f| f.cost);
    for (i, r) in rows.iter().enumerate() {
        let cost = r.figures.map(|f| f.cost);
        let change = match (cost, base_cost) {
            (Some(c), Some(b)) if i > 0 => format!("  ({:+.1}% cost)", 100.0 * (c - b) / b.abs().max(1.0)),
            _ => String::new(),
        };
        writeln!(
            w,
            "{:<10} {}  {}",
            r.status.word(),
            printable(&r.variant),
            cost.map_or(String::new(), grouped) + &change
        )?;
    }
    for (metric, [p10, p50, p90]) in risk {
        writeln!(w, "{metric:<13} P10 {p10:>16.3}  P50 {p50:>16.3}  P90 {p90:>16.3}")?;
    }
    Ok(())
}

/// The lines of `agrimatch bench`: one per size and solver, each figure
/// as its median and, in brackets, the fastest and slowest run; then a
/// note for every figure whose runs lie far apart.
pub fn write_bench_table<W: Write>(records: &[BenchRecord], mut w: W) -> io::Result<()> {
    if let Some(first) = records.first() {
        writeln!(
            w,
            "{} timed runs each after {} warm-up{}; median (min-max); solve CPU is summed over blocks solved in parallel",
            first.runs,
            first.warmup,
            if first.warmup == 1 { "" } else { "s" }
        )?;
    }
    let seconds = |s: Spread| {
        format!(
            "{} s ({}-{})",
            short_seconds(s.median),
            short_seconds(s.min),
            short_seconds(s.max)
        )
    };
    for r in records {
        writeln!(
            w,
            "{:<7} {:<9} {:<10} {:>8} variables  build CPU {:<22} solve CPU {:<24} wall {:<24} peak {:>7.1} MB",
            r.size,
            r.solver,
            r.status.to_string(),
            r.variables,
            seconds(r.build_cpu_seconds),
            seconds(r.solve_cpu_seconds),
            seconds(r.total_wall_seconds),
            r.peak_memory_mb.unwrap_or(f64::NAN)
        )?;
    }
    let noted: Vec<&BenchRecord> = records.iter().filter(|r| !r.note().is_empty()).collect();
    for r in &noted {
        writeln!(w, "note        {} with {}: {}", r.size, r.solver, r.note())?;
    }
    if !noted.is_empty() {
        writeln!(
            w,
            "note        runs more than {}x apart: the machine was busy or the runs too few; \
             try more --runs, a --warmup, or a quieter machine",
            crate::scenario::bench::WIDE_SPREAD
        )?;
    }
    Ok(())
}

/// Seconds with three significant digits: `0.000412`, `0.0123`, `5.63`, `123`.
fn short_seconds(x: f64) -> String {
    if x <= 0.0 || !x.is_finite() {
        return "0".to_string();
    }
    let decimals = (2 - x.log10().floor() as i32).clamp(0, 6) as usize;
    format!("{x:.decimals$}")
}

/// `week 10`, or on the calendar `week 10 (2027-03-08)`.
pub fn week_label(instance: &Instance, week: u32) -> String {
    match instance.calendar().first_day(week) {
        Some(date) => format!("week {week} ({date})"),
        None => format!("week {week}"),
    }
}

/// What `agrimatch check` found: what was read, then every warning.
pub fn write_check_text<W: Write>(instance: &Instance, found: &CheckFindings, mut w: W) -> io::Result<()> {
    let read: Vec<String> = found.counts.iter().map(|(what, n)| format!("{n} {what}")).collect();
    writeln!(w, "read        {}", read.join(", "))?;
    if instance.first_week > 1 {
        writeln!(
            w,
            "horizon     {} to {}: {} weeks of {} days (--from)",
            week_label(instance, instance.first_week),
            week_label(instance, instance.weeks),
            instance.weeks - instance.first_week + 1,
            instance.period_days
        )?;
    } else {
        writeln!(
            w,
            "horizon     {} weeks of {} days",
            instance.weeks, instance.period_days
        )?;
    }
    for &(p, supply, demand) in &found.totals {
        writeln!(
            w,
            "product     {:<20} {:>14} kg harvest and stock, {:>14} kg ordered",
            shown(&instance.product(p).id),
            grouped(supply),
            grouped(demand)
        )?;
    }
    for &(p, week, ordered, reachable) in found.certain_shortfalls.iter().take(WARNINGS_SHOWN) {
        writeln!(
            w,
            "warning     {}: {} kg of {} ordered, but at most {} kg harvested fresh enough to sell then",
            week_label(instance, week),
            grouped(ordered),
            shown(&instance.product(p).id),
            grouped(reachable)
        )?;
    }
    if found.certain_shortfalls.len() > WARNINGS_SHOWN {
        writeln!(
            w,
            "warning     ... and {} more weeks like these",
            found.certain_shortfalls.len() - WARNINGS_SHOWN
        )?;
    }
    for u in &found.unconnected {
        let location = instance.location(u.location);
        let (what, fate) = match location.kind {
            LocationKind::Store => ("store", "ordered, all of it will go short"),
            LocationKind::Farm | LocationKind::Hub => ("farm", "harvest and stock, all of it will be wasted"),
        };
        writeln!(
            w,
            "warning     {what} {} has no lane: {} kg {fate}",
            shown(&location.id),
            grouped(u.kg)
        )?;
    }
    for u in found.unsellable.iter().take(WARNINGS_SHOWN) {
        writeln!(
            w,
            "warning     {}: {} kg of {} {} at {} can reach no order while fresh enough to sell; it will be wasted",
            week_label(instance, u.week),
            grouped(u.kg),
            shown(&instance.product(u.product).id),
            if u.stock { "in stock" } else { "harvested" },
            shown(&instance.location(u.location).id),
        )?;
    }
    if found.unsellable.len() > WARNINGS_SHOWN {
        writeln!(
            w,
            "warning     ... and {} more harvest or stock rows like these ({} kg in all)",
            found.unsellable.len() - WARNINGS_SHOWN,
            grouped(found.unsellable.iter().map(|u| u.kg).sum())
        )?;
    }
    if let Some(why) = &found.too_large {
        writeln!(w, "warning     too large to plan: {why}")?;
    }
    for note in &found.state {
        writeln!(w, "warning     {note}")?;
    }
    writeln!(w, "ok          the scenario is valid")
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
