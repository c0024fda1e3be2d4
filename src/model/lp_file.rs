//! Writes an [`LpModel`] in the CPLEX LP text format, so that any outside
//! solver (HiGHS, GLPK, CBC) can check our objective independently.

use std::io::{self, Write};

use super::build::{ColumnKey, LpModel, RowKey};

/// Terms per line: LP readers limit line length.
const TERMS_PER_LINE: usize = 8;

/// The column's name: kind and indexes, readable in a solver log.
fn column_name(key: &ColumnKey) -> String {
    match *key {
        ColumnKey::Shipment {
            lane,
            product,
            week,
            age,
        } => format!("ship_l{}_p{}_w{week}_a{age}", lane.0, product.0),
        ColumnKey::Stock {
            location,
            product,
            week,
            age,
        } => {
            format!("stock_n{}_p{}_w{week}_a{age}", location.0, product.0)
        }
        ColumnKey::Sale {
            store,
            product,
            week,
            age,
        } => format!("sale_n{}_p{}_w{week}_a{age}", store.0, product.0),
        ColumnKey::Support { line, lane, week, age } => format!("support_s{line}_l{}_w{week}_a{age}", lane.0),
        ColumnKey::Trucks { lane, week } => format!("trucks_l{}_w{week}", lane.0),
        ColumnKey::ShareGap { farm } => format!("share_gap_n{}", farm.0),
        ColumnKey::FairnessGap { store, product, week } => {
            format!("fair_gap_n{}_p{}_w{week}", store.0, product.0)
        }
    }
}

fn row_name(key: &RowKey) -> String {
    match *key {
        RowKey::Balance {
            location,
            product,
            week,
            age,
        } => {
            format!("balance_n{}_p{}_w{week}_a{age}", location.0, product.0)
        }
        RowKey::Demand { store, product, week } => format!("demand_n{}_p{}_w{week}", store.0, product.0),
        RowKey::LaneCapacity { lane, week } => format!("lane_l{}_w{week}", lane.0),
        RowKey::TruckLoad { lane, week } => format!("truck_load_l{}_w{week}", lane.0),
        RowKey::TruckLimit { lane, week } => format!("truck_limit_l{}_w{week}", lane.0),
        RowKey::Storage { location, week } => format!("storage_n{}_w{week}", location.0),
        RowKey::FarmShare { farm } => format!("farm_share_n{}", farm.0),
        RowKey::SupportBudget { line } => format!("support_budget_s{line}"),
        RowKey::FairShortfall { store, product, week } => format!("fair_n{}_p{}_w{week}", store.0, product.0),
    }
}

/// `+ 1.5 name` pieces, wrapped.
fn write_terms<W: Write>(w: &mut W, terms: impl Iterator<Item = (f64, String)>) -> io::Result<usize> {
    let mut written = 0;
    for (coefficient, name) in terms {
        if written > 0 && written % TERMS_PER_LINE == 0 {
            write!(w, "\n   ")?;
        }
        // `{:?}` prints the shortest text that reads back as the same f64.
        let sign = if coefficient < 0.0 { '-' } else { '+' };
        write!(w, " {sign} {:?} {name}", coefficient.abs())?;
        written += 1;
    }
    Ok(written)
}

/// Writes the model. The objective constant is not part of the LP format:
/// it is given in the first comment line, `\ objective_constant = ...`.
pub fn write_lp_file<W: Write>(model: &LpModel, mut w: W) -> io::Result<()> {
    let names: Vec<String> = model.columns.iter().map(column_name).collect();
    writeln!(w, "\\ objective_constant = {:?}", model.objective_constant)?;
    writeln!(
        w,
        "\\ agrimatch model: {} columns, {} rows",
        model.columns.len(),
        model.rows.len()
    )?;
    writeln!(w, "Minimize")?;
    write!(w, " obj:")?;
    let terms = model
        .cost
        .iter()
        .zip(&names)
        .filter(|(c, _)| **c != 0.0)
        .map(|(c, n)| (*c, n.clone()));
    if write_terms(&mut w, terms)? == 0 {
        write!(w, " 0 dummy_zero")?;
    }
    writeln!(w)?;
    writeln!(w, "Subject To")?;
    for row in &model.rows {
        write!(w, " {}:", row_name(&row.key))?;
        write_terms(&mut w, row.terms.iter().map(|&(j, c)| (c, names[j].clone())))?;
        writeln!(w, " <= {:?}", row.rhs)?;
    }
    // Columns are >= 0 by default in the LP format; list them so that a
    // column in no row still exists for the reader.
    writeln!(w, "Bounds")?;
    for name in &names {
        writeln!(w, " {name} >= 0")?;
    }
    // Truck counts are whole numbers: a MIP solver reads them from here.
    let integers: Vec<&String> = model
        .columns
        .iter()
        .zip(&names)
        .filter(|(key, _)| matches!(key, ColumnKey::Trucks { .. }))
        .map(|(_, name)| name)
        .collect();
    if !integers.is_empty() {
        writeln!(w, "General")?;
        for chunk in integers.chunks(TERMS_PER_LINE) {
            let line: Vec<&str> = chunk.iter().map(|n| n.as_str()).collect();
            writeln!(w, " {}", line.join(" "))?;
        }
    }
    writeln!(w, "End")?;
    Ok(())
}
