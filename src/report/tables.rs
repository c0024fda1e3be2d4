//! CSV formatters for the plan's output files. Each writes to any
//! `io::Write`; numbers use a fixed number of decimals so that the same
//! plan always gives the same bytes.

use std::io::Write;

use crate::data::{Instance, LaneIx, LocationIx, ProductIx, Week};
use crate::solve::figures::{ratio, PlanFigures};
use crate::solve::{PlanOutcome, VerifiedPlan};

/// `text` as a CSV cell a spreadsheet shows and never runs: text that
/// would start a formula (`= + - @`, also after leading white space) gets a
/// leading `'` (OWASP's advice for CSV injection). Numbers, negative ones
/// included, stay as they are. For text agrimatch did not check at input,
/// such as file names; scenario text is refused at input instead.
pub fn spreadsheet_text(text: &str) -> std::borrow::Cow<'_, str> {
    let start = text.trim_start();
    if start.starts_with(['=', '+', '-', '@']) && start.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Kilograms: grams are the finest unit anyone weighs produce in.
pub fn kg(x: f64) -> String {
    fixed(x, 3)
}

/// Money (yuan, or the scenario's unit of cost).
pub fn money(x: f64) -> String {
    fixed(x, 4)
}

/// Shares and rates between 0 and 1.
pub fn rate(x: f64) -> String {
    fixed(x, 6)
}

/// Fixed decimals, never "-0.000".
fn fixed(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_string()
    } else {
        text
    }
}

/// The first cells of a row about a lot on a lane: from, to, product, ship,
/// arrival and harvest weeks, and with `dated` their first days.
pub(crate) fn lot_cells(
    instance: &Instance,
    lane: LaneIx,
    product: ProductIx,
    (ship_week, arrive_week, harvest_week): (Week, Week, i64),
    dated: bool,
) -> Vec<String> {
    let lane = instance.lane(lane);
    let mut cells = vec![
        instance.location(lane.from).id.clone(),
        instance.location(lane.to).id.clone(),
        instance.product(product).id.clone(),
        ship_week.to_string(),
        arrive_week.to_string(),
        harvest_week.to_string(),
    ];
    if dated {
        cells.extend([
            week_date(instance, i64::from(ship_week)),
            week_date(instance, i64::from(arrive_week)),
            week_date(instance, harvest_week),
        ]);
    }
    cells
}

/// The first day of `week` as `YYYY-MM-DD`; blank before period 1 (stock
/// harvested earlier) or without `start_date`.
pub fn week_date(instance: &Instance, week: i64) -> String {
    u32::try_from(week)
        .ok()
        .filter(|&w| w >= 1)
        .and_then(|w| instance.calendar().first_day(w))
        .map_or(String::new(), |d| d.to_string())
}

pub(crate) fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w)
}

/// Writes `shipments.csv`: one line per lane, product, week and harvest week.
pub fn write_shipments_csv<W: Write>(instance: &Instance, figures: &PlanFigures, w: W) -> csv::Result<()> {
    let mut out = csv_writer(w);
    // Dates only on the calendar: without start_date the file is as it was.
    let dated = instance.start_date.is_some();
    let mut header = vec!["from", "to", "product", "ship_week", "arrive_week", "harvest_week"];
    if dated {
        header.extend(["ship_date", "arrive_date", "harvest_date"]);
    }
    header.extend(["quantity_kg", "cost"]);
    // Only scenarios with support.csv say which lines a support buyer took.
    let marked = !instance.support.is_empty();
    if marked {
        header.push("channel");
    }
    out.write_record(&header)?;
    for line in &figures.shipments {
        let weeks = (line.ship_week, line.arrive_week, line.harvest_week);
        let mut record = lot_cells(instance, LaneIx(line.lane), line.product, weeks, dated);
        record.extend([kg(line.quantity_kg), money(line.cost)]);
        if marked {
            record.push(if line.support { "support" } else { "order" }.to_string());
        }
        out.write_record(&record)?;
    }
    out.flush()?;
    Ok(())
}

/// `metric,value` rows; the names are stable for scripts.
pub fn summary_rows(
    instance: &Instance,
    outcome: &PlanOutcome,
    verified: &VerifiedPlan,
    figures: &PlanFigures,
) -> Vec<(&'static str, String)> {
    let costs = &verified.costs;
    let mut rows = vec![
        ("status", outcome.word().to_string()),
        ("solver", outcome.method().solver_name().to_string()),
        ("objective", money(costs.total())),
        ("transport_cost", money(costs.transport)),
        ("holding_cost", money(costs.holding)),
        ("waste_cost", money(costs.waste)),
        ("shortfall_cost", money(costs.shortfall)),
        ("closing_stock_cost", money(costs.closing_stock)),
        ("fairness_cost", money(costs.fairness)),
        ("worst_store_fill_rate", rate(figures.worst_store_fill_rate())),
        (
            "lowest_priority_farm_sold_share",
            rate(figures.lowest_priority_farm_sold_share(instance)),
        ),
        ("shipments", figures.shipments.len().to_string()),
        ("supply_kg", kg(figures.supply_kg)),
        ("demand_kg", kg(figures.demand_kg)),
        ("delivered_kg", kg(figures.delivered_kg)),
        ("shortfall_kg", kg(figures.shortfall_kg)),
        ("waste_kg", kg(figures.waste_kg)),
        ("closing_stock_kg", kg(figures.closing_stock_kg)),
        ("fill_rate", rate(figures.fill_rate())),
        ("weeks", instance.weeks.to_string()),
        ("period_days", instance.period_days.to_string()),
        ("variables", outcome.variables.to_string()),
        ("constraints", outcome.constraints.to_string()),
        ("blocks", outcome.blocks.to_string()),
        ("blocks_by_solver", outcome.blocks_by_solver()),
        ("build_seconds", fixed(outcome.build_seconds, 3)),
        ("solve_seconds", fixed(outcome.solve_seconds, 3)),
        ("certificate", outcome.certificate.to_string()),
        (
            "duality_gap",
            outcome
                .certificate
                .duality_gap()
                .map_or_else(String::new, |gap| format!("{gap:e}")),
        ),
        ("balance_repair", format!("{:e}", outcome.balance_repair)),
        ("money_spent", money(costs.money_spent())),
        ("penalties", money(costs.penalties())),
    ];
    // Only scenarios with support.csv: the others keep their bytes.
    if !instance.support.is_empty() {
        let at = rows
            .iter()
            .position(|(m, _)| *m == "fairness_cost")
            .map_or(rows.len(), |i| i + 1);
        rows.insert(at, ("support_cost", money(costs.support)));
        let at = rows
            .iter()
            .position(|(m, _)| *m == "closing_stock_kg")
            .map_or(rows.len(), |i| i + 1);
        let left = figures
            .support_budget_left()
            .map_or_else(|| "unlimited".to_string(), money);
        rows.splice(
            at..at,
            [
                ("support_kg", kg(figures.support_kg())),
                ("support_spent", money(figures.support_spent())),
                ("support_budget_left", left),
            ],
        );
    }
    // Only with truck lanes, so that other plans' files stay as they were.
    if crate::solve::trucks::has_trucks(instance) {
        let trucks: f64 = verified.plan.trucks.iter().map(|t| t.trucks).sum();
        let at = rows
            .iter()
            .position(|(m, _)| *m == "fairness_cost")
            .map_or(rows.len(), |i| i + 1);
        rows.insert(at, ("truck_cost", money(costs.trucks)));
        rows.push(("trucks", format!("{trucks}")));
        if let Some(search) = &outcome.trucks {
            rows.push(("lower_bound", money(search.lower_bound)));
            rows.push(("gap", format!("{:.6}", search.gap)));
            rows.push(("lp_solves", search.solves.to_string()));
            rows.push(("lp_solves_skipped", search.skipped.to_string()));
        }
    }
    rows
}

/// `marginal_values.csv`: one row per order, harvest, lane-week and
/// storage-week, sorted by kind and then by value (the biggest saving first).
pub fn write_marginal_values_csv<W: Write>(
    instance: &Instance,
    values: &[crate::solve::marginal::MarginalValue],
    w: W,
) -> csv::Result<()> {
    let mut out = csv_writer(w);
    out.write_record(["kind", "location", "lane_to", "product", "week", "cost_change_per_kg"])?;
    let mut sorted: Vec<_> = values.iter().collect();
    sorted.sort_by(|a, b| a.kind.cmp(&b.kind).then(a.cost_per_kg.total_cmp(&b.cost_per_kg)));
    for v in sorted {
        let (location, lane_to) = match v.lane {
            Some(lane) => {
                let lane = instance.lane(lane);
                (
                    instance.location(lane.from).id.as_str(),
                    instance.location(lane.to).id.as_str(),
                )
            }
            None => (v.location.map_or("", |n| instance.location(n).id.as_str()), ""),
        };
        out.write_record([
            v.kind.word(),
            location,
            lane_to,
            v.product.map_or("", |p| instance.product(p).id.as_str()),
            &v.week.to_string(),
            &money(v.cost_per_kg),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// The summary as one JSON object for scripts: numbers as numbers, words as
/// strings, in the order of `summary.csv`.
pub fn write_summary_json<W: Write>(rows: &[(&'static str, String)], mut w: W) -> std::io::Result<()> {
    let fields: Vec<String> = rows
        .iter()
        .map(|(metric, value)| {
            let json_value = match value.parse::<f64>() {
                Ok(x) if x.is_finite() => value.clone(),
                _ => format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")),
            };
            format!("\"{metric}\":{json_value}")
        })
        .collect();
    writeln!(w, "{{{}}}", fields.join(","))
}

/// Writes `summary.csv`: one `key,value` row each, in the order given.
pub fn write_summary_csv<W: Write>(rows: &[(&'static str, String)], w: W) -> csv::Result<()> {
    let mut out = csv_writer(w);
    out.write_record(["metric", "value"])?;
    for (metric, value) in rows {
        out.write_record([metric, value.as_str()])?;
    }
    out.flush()?;
    Ok(())
}

/// The cost columns at the end of `weekly.csv`: the plan's cost parts that
/// fall in the row's week for its product, money spent first, then
/// penalties (see `VerifiedPlan::week_costs`).
pub const WEEKLY_COST_COLUMNS: [&str; 9] = [
    "transport_cost",
    "truck_cost",
    "holding_cost",
    "support_cost",
    "money_spent",
    "waste_cost",
    "shortfall_cost",
    "closing_stock_cost",
    "penalties",
];

/// Writes `weekly.csv`: harvest, orders, deliveries and waste per week and
/// product, kg, then the cost parts of the row ([`WEEKLY_COST_COLUMNS`]).
pub fn write_weekly_csv<W: Write>(instance: &Instance, figures: &PlanFigures, w: W) -> csv::Result<()> {
    let mut out = csv_writer(w);
    let dated = instance.start_date.is_some();
    let mut header = vec!["week"];
    if dated {
        header.push("week_start");
    }
    header.extend([
        "product",
        "supply_kg",
        "demand_kg",
        "delivered_kg",
        "shortfall_kg",
        "waste_kg",
    ]);
    // Only scenarios with support.csv: the others keep their bytes.
    let marked = !instance.support.is_empty();
    if marked {
        header.push("support_kg");
    }
    // Appended last, so that scripts that read columns by name or by
    // position keep working.
    header.extend(WEEKLY_COST_COLUMNS);
    out.write_record(&header)?;
    for (&(week, p), w) in &figures.weekly {
        let mut record = vec![week.to_string()];
        if dated {
            record.push(week_date(instance, i64::from(week)));
        }
        record.extend([
            instance.product(p).id.clone(),
            kg(w.supply_kg),
            kg(w.demand_kg),
            kg(w.delivered_kg),
            kg((w.demand_kg - w.delivered_kg).max(0.0)),
            kg(w.waste_kg),
        ]);
        if marked {
            record.push(kg(w.support_kg));
        }
        let c = &w.costs;
        record.extend(
            [
                c.transport,
                c.trucks,
                c.holding,
                c.support,
                c.money_spent(),
                c.waste,
                c.shortfall,
                c.closing_stock,
                c.penalties(),
            ]
            .map(money),
        );
        out.write_record(&record)?;
    }
    out.flush()?;
    Ok(())
}

/// Writes `stores.csv`: ordered and delivered kg and fill rate per store and product.
pub fn write_stores_csv<W: Write>(instance: &Instance, figures: &PlanFigures, w: W) -> csv::Result<()> {
    let mut out = csv_writer(w);
    out.write_record([
        "store",
        "region",
        "product",
        "demand_kg",
        "delivered_kg",
        "shortfall_kg",
        "fill_rate",
    ])?;
    for (&(n, p), s) in &figures.stores {
        let (demand, delivered) = (s.demand_kg, s.delivered_kg);
        let store = instance.location(n);
        out.write_record([
            store.id.as_str(),
            store.region.as_str(),
            instance.product(p).id.as_str(),
            &kg(demand),
            &kg(delivered),
            &kg((demand - delivered).max(0.0)),
            &rate(ratio(delivered, demand)),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// The farm income report: assisted (priority) farms first. `sales_value`
/// values the kg sold at the support price where `supply.csv` gives one,
/// else at `value_per_kg` (what a spoiled kg is worth, not a market price):
/// named for what it is, not "income".
pub fn write_farms_csv<W: Write>(instance: &Instance, figures: &PlanFigures, w: W) -> csv::Result<()> {
    let mut out = csv_writer(w);
    // Only scenarios with support.csv get the support column.
    let marked = !instance.support.is_empty();
    let mut header = vec![
        "farm",
        "region",
        "priority",
        "min_sold_share",
        "product",
        "supply_kg",
        "sold_kg",
    ];
    if marked {
        header.push("support_kg");
    }
    header.extend(["waste_kg", "sold_share", "sales_value", "note"]);
    out.write_record(&header)?;
    let mut rows: Vec<_> = figures.farms.iter().collect();
    rows.sort_by(|a, b| {
        let priority = |n: LocationIx| instance.location(n).priority;
        priority(b.0 .0).total_cmp(&priority(a.0 .0)).then(a.0.cmp(b.0))
    });
    for (&(n, p), f) in rows {
        let (supply, shipped, waste, income) = (f.supply_kg, f.shipped_kg, f.waste_kg, f.income);
        let farm = instance.location(n);
        let note = figures.farm_notes.get(&n).map_or(String::new(), |(share, why)| {
            format!(
                "sells {:.1}% of its harvest, below its minimum {:.1}%: {why}",
                100.0 * share,
                100.0 * farm.min_sold_share
            )
        });
        let mut record = vec![
            farm.id.clone(),
            farm.region.clone(),
            farm.priority.to_string(),
            farm.min_sold_share.to_string(),
            instance.product(p).id.clone(),
            kg(supply),
            kg(shipped),
        ];
        if marked {
            record.push(kg(f.support_kg));
        }
        record.extend([kg(waste), rate(ratio(shipped, supply)), money(income), note]);
        out.write_record(&record)?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_json_keeps_numbers_and_quotes_words() {
        let rows = vec![("status", "optimal".to_string()), ("objective", "40.0000".to_string())];
        let mut out = Vec::new();
        write_summary_json(&rows, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"status\":\"optimal\",\"objective\":40.0000}\n"
        );
    }

    #[test]
    fn fixed_never_prints_negative_zero() {
        assert_eq!(kg(-0.0), "0.000");
        assert_eq!(kg(-0.0000001), "0.000");
        assert_eq!(kg(-1.5), "-1.500");
        assert_eq!(money(153.675), "153.6750");
    }
}
