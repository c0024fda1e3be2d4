//! The files of the Monday routine: `dispatch.csv` (what leaves this week,
//! one row per lane load), the next week's opening state in the
//! scenario's own formats (`next/stock.csv`, `next/in_transit.csv`,
//! `next/support.csv`), `after_plan.csv` (on the road past the plan's last
//! week) and `opening/` (what the week was planned from).

use std::io::Write;

use super::folder::{csv_file, FileWriter};
use super::tables::{csv_writer, kg, lot_cells, money};
use crate::data::Instance;
use crate::scenario::week::{week_folder_name, CommittedWeek, NextInTransit, OPENING_WEEKS, STATE_SHEET};

/// Kg in a file the next week reads back: the shortest text that reads as
/// the same f64, so that a chain of weeks carries exactly what the plan
/// expects (rounding to the gram drifts from it week after week).
fn exact_kg(x: f64) -> String {
    // Never `-0` or a negative rounding remainder: the reader wants >= 0.
    if x > 0.0 {
        format!("{x}")
    } else {
        "0".to_string()
    }
}

/// A budget in `next/support.csv`: to the fen (the budget was rounded
/// when the week was committed), in the shortest text that reads back.
fn fen(x: f64) -> String {
    format!("{}", crate::scenario::week::budget_to_fen(x))
}

/// Every file of a week folder besides the plan's own: `dispatch.csv`,
/// `next/`, `after_plan.csv` (when produce arrives after the plan) and
/// `opening/`.
pub fn week_files<'a>(instance: &'a Instance, week: &'a CommittedWeek) -> Vec<(&'static str, FileWriter<'a>)> {
    let mut files: Vec<(&'static str, FileWriter<'a>)> = vec![
        ("dispatch.csv", csv_file(move |w| write_dispatch_csv(instance, week, w))),
        (
            "next/stock.csv",
            csv_file(move |w| write_next_stock_csv(instance, week, w)),
        ),
        (
            "next/in_transit.csv",
            csv_file(move |w| write_next_in_transit_csv(instance, week, w)),
        ),
    ];
    files.push((
        "next/state.toml",
        Box::new(move |w: &mut dyn Write| write_state_toml(instance, week, w)),
    ));
    if !instance.support.is_empty() {
        files.push((
            "next/support.csv",
            csv_file(move |w| write_next_support_csv(instance, week, w)),
        ));
    }
    if !week.after_plan.is_empty() {
        files.push((
            AFTER_PLAN,
            csv_file(move |w| write_on_road_csv(instance, &week.after_plan, w)),
        ));
    }
    for (name, text) in &week.opening {
        files.push((name, Box::new(move |w: &mut dyn Write| w.write_all(text.as_bytes()))));
    }
    let (from, last) = (week.week, week.last_week);
    files.push((
        OPENING_WEEKS,
        Box::new(move |w: &mut dyn Write| write!(w, "metric,value\nfrom_week,{from}\nlast_week,{last}\n")),
    ));
    files
}

/// The committed week's cost in words, for the terminal and the page:
/// the total, the money spent (transport, trucks, holding, support
/// purchases) and the penalties (waste, shortfall, closing stock), each
/// rounded to whole units; `weekly.csv` has them to 4 decimals.
pub fn week_cost_text(instance: &Instance, costs: &crate::solve::PlanCosts) -> String {
    use super::text::grouped;
    use crate::lang::t;
    let part = |key: &str, amount: f64| t(key, &[("amount", &grouped(amount))]);
    let mut spent = vec![part("part-transport", costs.transport)];
    if crate::solve::trucks::has_trucks(instance) {
        spent.push(part("part-trucks", costs.trucks));
    }
    spent.push(part("part-holding", costs.holding));
    if !instance.support.is_empty() {
        spent.push(part("part-support", costs.support));
    }
    let mut penalties = vec![part("part-waste", costs.waste), part("part-shortfall", costs.shortfall)];
    if costs.closing_stock > 0.0 {
        penalties.push(part("part-closing-stock", costs.closing_stock));
    }
    let separator = t("list-separator", &[]);
    t(
        "week-cost",
        &[
            ("total", &grouped(costs.total())),
            ("money", &grouped(costs.money_spent())),
            ("spent", &spent.join(&separator)),
            ("penalties", &grouped(costs.penalties())),
            ("weighed", &penalties.join(&separator)),
        ],
    )
}

/// The week `next/` describes: the one after the committed week.
fn next_week(week: &CommittedWeek) -> crate::data::Week {
    week.week + 1
}

/// `next/state.toml`: the week whose start `next/` describes, and with
/// `start_date` its ISO week (or first day) and date, for the reader.
pub fn write_state_toml(instance: &Instance, week: &CommittedWeek, w: &mut dyn Write) -> std::io::Result<()> {
    let next = next_week(week);
    writeln!(
        w,
        "# The week whose start stock.csv, in_transit.csv and support.csv beside this file\n\
         # describe (written by agrimatch week). Copy it into the scenario with them:\n\
         # agrimatch week --from WEEK refuses a state of another week.\n\
         as_of_week = {next}"
    )?;
    let calendar = instance.calendar();
    if let Some(first) = calendar.first_day(next) {
        let label = week_folder_name(&calendar, next);
        if label != first.to_string() {
            writeln!(w, "iso_week = \"{label}\"")?;
        }
        writeln!(w, "week_start = {first}")?;
    }
    Ok(())
}

/// `next.xlsx`, for a workbook scenario: the sheets `stock`, `in_transit`,
/// `support` (with support lines) and `state`, as the scenario workbook's
/// sheets of the same names read them, to copy into it; `chinese`: named
/// and headed as a Chinese workbook's (库存, 在途, 帮扶采购; `state` keeps
/// its name).
pub fn next_workbook(instance: &Instance, week: &CommittedWeek, chinese: bool) -> std::io::Result<Vec<u8>> {
    let text = |write: &dyn Fn(&mut Vec<u8>) -> csv::Result<()>| -> std::io::Result<String> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
        String::from_utf8(bytes).map_err(std::io::Error::other)
    };
    let mut sheets = vec![
        ("stock.csv", text(&|w| write_next_stock_csv(instance, week, w))?),
        (
            "in_transit.csv",
            text(&|w| write_next_in_transit_csv(instance, week, w))?,
        ),
    ];
    if !instance.support.is_empty() {
        sheets.push(("support.csv", text(&|w| write_next_support_csv(instance, week, w))?));
    }
    let next = next_week(week);
    let calendar = instance.calendar();
    let state = match calendar.first_day(next) {
        Some(first) => format!(
            "as_of_week,iso_week,week_start\n{next},{},{first}\n",
            week_folder_name(&calendar, next)
        ),
        None => format!("as_of_week\n{next}\n"),
    };
    let state_file = format!("{STATE_SHEET}.csv");
    sheets.push((&state_file, state));
    let sheets: Vec<(String, String)> = sheets
        .into_iter()
        .map(|(file, text)| match chinese {
            true => (
                crate::data::workbook::sheet_in_chinese(file),
                crate::data::workbook::header_in_chinese(file, &text),
            ),
            false => (file.to_string(), text),
        })
        .collect();
    let tables: Vec<(&str, &str)> = sheets.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    super::workbook::scenario_workbook(&tables, None, None)
        .map_err(|e| std::io::Error::other(format!("{NEXT_WORKBOOK}: {e}")))
}

/// The workbook of the next state that `agrimatch week` writes for a
/// workbook scenario.
pub const NEXT_WORKBOOK: &str = "next.xlsx";

/// The file that lists produce on the road arriving after the plan's last
/// week (`week` and `roll` folders, only when there is some).
pub const AFTER_PLAN: &str = "after_plan.csv";

/// Produce on the road in `in_transit.csv`'s format (weeks as numbers,
/// ages in days, kg exact): `next/in_transit.csv` and `after_plan.csv`.
pub fn write_on_road_csv<W: Write>(instance: &Instance, road: &[NextInTransit], w: W) -> csv::Result<()> {
    let mut out = csv_writer(w);
    out.write_record(["from", "to", "product", "arrive_week", "age_days", "quantity_kg"])?;
    for s in road {
        out.write_record([
            instance.location(s.from).id.clone(),
            instance.location(s.to).id.clone(),
            instance.product(s.product).id.clone(),
            s.arrive_week.to_string(),
            s.age_days.to_string(),
            exact_kg(s.quantity_kg),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// `dispatch.csv`: from, to, product, the weeks and (with `start_date`) the
/// dates of shipping, arrival and harvest, age and kg; with support lines a
/// `channel`; with truck lanes `truck` and `trucks` (truck number of the
/// lane's trucks this week, blank on lanes without trucks).
pub fn write_dispatch_csv<W: Write>(instance: &Instance, week: &CommittedWeek, w: W) -> csv::Result<()> {
    let mut out = csv_writer(w);
    let mut header = vec![
        "from",
        "to",
        "product",
        "ship_week",
        "arrive_week",
        "harvest_week",
        "ship_date",
        "arrive_date",
        "harvest_date",
        "age_days",
        "quantity_kg",
    ];
    // Only scenarios with support.csv say which loads a support buyer takes.
    let marked = !instance.support.is_empty();
    if marked {
        header.push("channel");
    }
    // Only scenarios with truck lanes get the truck columns: the file of
    // any other scenario stays as it was, to the byte.
    let trucked = instance.lanes.iter().any(|l| l.truck.is_some());
    if trucked {
        header.extend(["truck", "trucks"]);
    }
    // Money last, so that scripts that read columns by name or position
    // keep working: the load's transport, and its share of the trucks.
    header.push("transport_cost");
    if trucked {
        header.push("truck_cost");
    }
    out.write_record(&header)?;
    for line in &week.dispatch {
        let weeks = (line.ship_week, line.arrive_week, line.harvest_week);
        // Dates always have their columns here: blank without start_date.
        let mut record = lot_cells(instance, line.lane, line.product, weeks, true);
        record.extend([line.age_days.to_string(), kg(line.quantity_kg)]);
        if marked {
            record.push(if line.support { "support" } else { "order" }.to_string());
        }
        if trucked {
            let (number, trucks) = line.truck.map_or((String::new(), String::new()), |t| {
                (t.number.to_string(), t.trucks.to_string())
            });
            record.extend([number, trucks]);
        }
        record.push(money(line.transport_cost));
        if trucked {
            record.push(money(line.truck_cost));
        }
        out.write_record(&record)?;
    }
    out.flush()?;
    Ok(())
}

/// `next/stock.csv`, as `stock.csv` reads it.
pub fn write_next_stock_csv<W: Write>(instance: &Instance, week: &CommittedWeek, w: W) -> csv::Result<()> {
    let mut out = csv_writer(w);
    out.write_record(["location", "product", "age_days", "quantity_kg"])?;
    for s in &week.next_stock {
        out.write_record([
            instance.location(s.location).id.clone(),
            instance.product(s.product).id.clone(),
            s.age_days.to_string(),
            exact_kg(s.quantity_kg),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// `next/in_transit.csv`, as `in_transit.csv` reads it (weeks as numbers,
/// which read the same with or without `start_date`).
pub fn write_next_in_transit_csv<W: Write>(instance: &Instance, week: &CommittedWeek, w: W) -> csv::Result<()> {
    write_on_road_csv(instance, &week.next_in_transit, w)
}

/// `next/support.csv`, as `support.csv` reads it: every line, its budget
/// what is left after the committed week (weeks as numbers).
pub fn write_next_support_csv<W: Write>(instance: &Instance, week: &CommittedWeek, w: W) -> csv::Result<()> {
    let mut out = csv_writer(w);
    out.write_record([
        "buyer",
        "product",
        "price_per_kg",
        "budget",
        "farm",
        "week_from",
        "week_to",
        "cost_per_kg",
    ])?;
    for s in &week.next_support {
        out.write_record([
            instance.location(s.buyer).id.clone(),
            instance.product(s.product).id.clone(),
            format!("{:?}", s.price_per_kg),
            // Money to the fen: what is left of a spent budget is 0.
            s.budget.map_or(String::new(), fen),
            s.farm.map_or(String::new(), |f| instance.location(f).id.clone()),
            s.week_from.to_string(),
            if s.week_to == crate::data::Week::MAX {
                String::new()
            } else {
                s.week_to.to_string()
            },
            format!("{:?}", s.cost_per_kg),
        ])?;
    }
    out.flush()?;
    Ok(())
}
