//! `flows.csv`: every flow of the plan at full precision (shipments, stock
//! and sales by age), so that `agrimatch report` can rebuild, re-verify and
//! re-render a plan from its output folder.

use std::collections::HashMap;
use std::io::Write;

use crate::data::{Instance, LaneIx, LocationIx, ProductIx};
use crate::solve::plan::{Plan, SaleFlow, ShipmentFlow, StockFlow};

const HEADER: [&str; 8] = [
    "kind",
    "from",
    "to",
    "location",
    "product",
    "week",
    "age",
    "quantity_kg",
];

pub fn write_flows_csv<W: Write>(instance: &Instance, plan: &Plan, w: W) -> csv::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record(HEADER)?;
    let id = |n: LocationIx| instance.location(n).id.as_str();
    let product = |p: ProductIx| instance.product(p).id.as_str();
    // `{:?}` writes the shortest text that reads back as the same number.
    for f in &plan.shipments {
        let lane = instance.lane(f.lane);
        let (week, age, kg) = (f.week.to_string(), f.age.to_string(), format!("{:?}", f.quantity_kg));
        out.write_record([
            "shipment",
            id(lane.from),
            id(lane.to),
            "",
            product(f.product),
            &week,
            &age,
            &kg,
        ])?;
    }
    for f in &plan.stocks {
        let (week, age, kg) = (f.week.to_string(), f.age.to_string(), format!("{:?}", f.quantity_kg));
        out.write_record(["stock", "", "", id(f.location), product(f.product), &week, &age, &kg])?;
    }
    for f in &plan.sales {
        let (week, age, kg) = (f.week.to_string(), f.age.to_string(), format!("{:?}", f.quantity_kg));
        out.write_record(["sale", "", "", id(f.store), product(f.product), &week, &age, &kg])?;
    }
    out.flush()?;
    Ok(())
}

/// The plan written by [`write_flows_csv`], resolved against `instance`;
/// the error names the line that does not fit the scenario.
pub fn read_flows_csv(instance: &Instance, text: &str) -> Result<Plan, String> {
    let location: HashMap<&str, LocationIx> = instance
        .locations
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), LocationIx(i)))
        .collect();
    let product: HashMap<&str, ProductIx> = instance
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), ProductIx(i)))
        .collect();
    let lane: HashMap<(LocationIx, LocationIx), LaneIx> = instance
        .lanes
        .iter()
        .enumerate()
        .map(|(i, l)| ((l.from, l.to), LaneIx(i)))
        .collect();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| format!("flows.csv: {e}"))?.clone();
    if !header.iter().eq(HEADER.iter().copied()) {
        return Err("flows.csv: line 1: expected the header written by agrimatch plan".to_string());
    }
    let mut plan = Plan::default();
    for record in reader.records() {
        let record = record.map_err(|e| format!("flows.csv: {e}"))?;
        let line = record.position().map_or(0, |p| p.line());
        let bad = |what: &str| {
            format!("flows.csv: line {line}: {what} does not fit the scenario (was it planned from another one?)")
        };
        let at = |name: &str| {
            location
                .get(name)
                .copied()
                .ok_or_else(|| bad(&format!("location \"{name}\"")))
        };
        let p = *product.get(&record[4]).ok_or_else(|| bad("the product"))?;
        let week: u32 = record[5].parse().map_err(|_| bad("the week"))?;
        let age: u32 = record[6].parse().map_err(|_| bad("the age"))?;
        let quantity_kg: f64 = record[7].parse().map_err(|_| bad("the quantity"))?;
        match &record[0] {
            "shipment" => {
                let l = *lane
                    .get(&(at(&record[1])?, at(&record[2])?))
                    .ok_or_else(|| bad("the lane"))?;
                plan.shipments.push(ShipmentFlow {
                    lane: l,
                    product: p,
                    week,
                    age,
                    quantity_kg,
                });
            }
            "stock" => plan.stocks.push(StockFlow {
                location: at(&record[3])?,
                product: p,
                week,
                age,
                quantity_kg,
            }),
            "sale" => plan.sales.push(SaleFlow {
                store: at(&record[3])?,
                product: p,
                week,
                age,
                quantity_kg,
            }),
            _ => return Err(bad("the kind")),
        }
    }
    Ok(plan)
}
