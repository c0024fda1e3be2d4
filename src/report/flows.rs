//! `flows.csv`: every flow of the plan at full precision (shipments, stock
//! and sales by age), so that `agrimatch report` can rebuild, re-verify and
//! re-render a plan from its output folder.

use std::collections::HashMap;
use std::io::Write;

use crate::data::{Instance, LaneIx, LocationIx, ProductIx};
use crate::error::{expected_found, quoted, with_note, InputProblem, InputProblems};
use crate::lang::t;
use crate::solve::plan::{Plan, SaleFlow, ShipmentFlow, StockFlow, SupportFlow};

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

/// Writes `flows.csv`: every flow at full precision, so that
/// [`read_flows_csv`] gets back the same plan.
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
    // The line is not written: lines never buy the same kg, so lane,
    // product and arrival week name it again on reading.
    for f in &plan.support {
        let lane = instance.lane(f.lane);
        let p = instance.support[f.line].product;
        let (week, age, kg) = (f.week.to_string(), f.age.to_string(), format!("{:?}", f.quantity_kg));
        out.write_record(["support", id(lane.from), id(lane.to), "", product(p), &week, &age, &kg])?;
    }
    out.flush()?;
    Ok(())
}

/// The ids of a scenario's locations, products and lanes (by their two
/// ends), for resolving what an output folder names back to indexes.
pub(crate) struct ScenarioIds<'a> {
    pub location: HashMap<&'a str, LocationIx>,
    pub product: HashMap<&'a str, ProductIx>,
    pub lane: HashMap<(LocationIx, LocationIx), LaneIx>,
}

impl<'a> ScenarioIds<'a> {
    pub fn new(instance: &'a Instance) -> Self {
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
        ScenarioIds {
            location,
            product,
            lane,
        }
    }
}

/// The plan written by [`write_flows_csv`], resolved against `instance`.
/// Every line that does not fit the scenario is a problem with its line and
/// column (the first 20 are shown, as with a scenario's files).
pub fn read_flows_csv(instance: &Instance, text: &str) -> Result<Plan, InputProblems> {
    const FILE: &str = "flows.csv";
    let ids = ScenarioIds::new(instance);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    match reader.headers() {
        Ok(header) if header.iter().eq(HEADER.iter().copied()) => {}
        Ok(header) => {
            return Err(InputProblems(vec![InputProblem::line(
                FILE,
                1,
                t(
                    "ref-header-found",
                    &[
                        ("header", &HEADER.join(",")),
                        ("found", &quoted(&header.iter().collect::<Vec<_>>().join(","))),
                    ],
                ),
            )]))
        }
        Err(e) => {
            return Err(InputProblems(vec![InputProblem::line(
                FILE,
                1,
                t("err-kv-csv", &[("error", &e.to_string())]),
            )]))
        }
    }
    let mut plan = Plan::default();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(InputProblem::line(
                    FILE,
                    line,
                    t("err-kv-csv", &[("error", &e.to_string())]),
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != HEADER.len() {
            problems.push(InputProblem::line(
                FILE,
                line,
                t(
                    "ref-fields",
                    &[
                        ("expected", &HEADER.len().to_string()),
                        ("found", &record.len().to_string()),
                    ],
                ),
            ));
            continue;
        }
        let before = problems.len();
        let mut cell = |column: usize, expected: &str| {
            problems.push(InputProblem::cell(
                FILE,
                line,
                HEADER[column],
                with_note(
                    &expected_found(&t(expected, &[]), &quoted(&record[column])),
                    &t("ref-note-other-scenario", &[]),
                ),
            ));
        };
        let mut at = |column: usize| {
            let found = ids.location.get(&record[column]).copied();
            if found.is_none() {
                cell(column, "ref-what-scenario-location");
            }
            found
        };
        let kind = &record[0];
        let (from, to, place) = match kind {
            "shipment" | "support" => (at(1), at(2), None),
            "stock" | "sale" => (None, None, at(3)),
            _ => {
                cell(0, "ref-what-flow-kind");
                (None, None, None)
            }
        };
        let p = ids.product.get(&record[4]).copied();
        if p.is_none() {
            cell(4, "ref-what-scenario-product");
        }
        let week = record[5].parse::<u32>().ok();
        if week.is_none() {
            cell(5, "ref-what-week-number");
        }
        let age = record[6].parse::<u32>().ok();
        if age.is_none() {
            cell(6, "ref-what-age");
        }
        let quantity_kg = record[7].parse::<f64>().ok().filter(|x| x.is_finite() && *x >= 0.0);
        if quantity_kg.is_none() {
            cell(7, "ref-what-kg");
        }
        let l = match (from, to) {
            (Some(from), Some(to)) => {
                let l = ids.lane.get(&(from, to)).copied();
                if l.is_none() {
                    problems.push(InputProblem::line(
                        FILE,
                        line,
                        t(
                            "ref-no-lane",
                            &[("from", &quoted(&record[1])), ("to", &quoted(&record[2]))],
                        ),
                    ));
                }
                l
            }
            _ => None,
        };
        if problems.len() > before {
            continue;
        }
        let (Some(product), Some(week), Some(age), Some(quantity_kg)) = (p, week, age, quantity_kg) else {
            continue;
        };
        match (kind, l, place) {
            ("shipment", Some(lane), _) => plan.shipments.push(ShipmentFlow {
                lane,
                product,
                week,
                age,
                quantity_kg,
            }),
            ("support", Some(lane), _) => {
                let arrive = week.saturating_add(instance.lane(lane).transit_periods);
                match instance.support_line_of(lane, product, arrive) {
                    Some(line) => plan.support.push(SupportFlow {
                        line,
                        lane,
                        week,
                        age,
                        quantity_kg,
                    }),
                    None => problems.push(InputProblem::line(
                        FILE,
                        line,
                        t(
                            "ref-no-support-line",
                            &[
                                ("product", &quoted(&record[4])),
                                ("from", &quoted(&record[1])),
                                ("to", &quoted(&record[2])),
                                ("week", &arrive.to_string()),
                            ],
                        ),
                    )),
                }
            }
            ("stock", _, Some(location)) => plan.stocks.push(StockFlow {
                location,
                product,
                week,
                age,
                quantity_kg,
            }),
            ("sale", _, Some(store)) => plan.sales.push(SaleFlow {
                store,
                product,
                week,
                age,
                quantity_kg,
            }),
            _ => {}
        }
    }
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(InputProblems(problems))
    }
}
