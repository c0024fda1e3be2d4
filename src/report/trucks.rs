//! Trucks of a plan, for the people who load them: `trucks.csv` (trucks,
//! load and fill per lane and week), `truck_loads.csv` (what goes on each
//! truck) and the report's truck section.
//!
//! Loading rule (first-fit decreasing with splitting): on each lane and
//! week, the loads (one per product, harvest week and buyer kind: orders
//! or a support buyer) are taken largest first (ties: product, then
//! harvest week, in file order, orders first). A load goes
//! whole into the first truck with room for it. A load that fits in no
//! truck is split, filling the truck with the most room first, then the
//! next, so that it is spread over as few trucks as the room allows.

use std::collections::BTreeMap;
use std::io::Write;

use maud::{html, Markup};

use super::html::{figure_column, table, text_column};
use super::tables::{csv_writer, kg, money};
use super::text::grouped;
use crate::data::{Instance, LaneIx, Week};
use crate::lang::t;
use crate::solve::plan::TruckLot;
use crate::solve::Plan;

/// Kg of one lot put on one truck.
#[derive(Debug, Clone, PartialEq)]
pub struct TruckItem {
    /// What is loaded, harvested when, for whom.
    pub lot: TruckLot,
    /// Kg of it on this truck.
    pub kg: f64,
}

/// One lane's trucks in one week, loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneWeekTrucks {
    /// The truck lane.
    pub lane: LaneIx,
    /// The week the trucks leave.
    pub week: Week,
    /// Per truck (truck 1 first), what goes on it; a truck may be empty.
    pub trucks: Vec<Vec<TruckItem>>,
    /// All kg on the lane that week.
    pub load_kg: f64,
}

/// Kg below this are not put on a truck of their own (a solver's dust).
const DUST_KG: f64 = 1e-6;

/// The trucks of `plan`, loaded by the rule of the module comment, in
/// (lane, week) order.
pub fn load_trucks(instance: &Instance, plan: &Plan) -> Vec<LaneWeekTrucks> {
    let mut lots = plan.truck_lots(instance);
    plan.trucks
        .iter()
        .filter_map(|t| {
            let truck = instance.lane(t.lane).truck?;
            let lots = lots.remove(&(t.lane, t.week)).unwrap_or_default();
            let mut items: Vec<(TruckLot, f64)> = lots.into_iter().collect();
            items.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let count = t.trucks.max(0.0) as usize;
            let mut room = vec![truck.kg; count];
            let mut trucks: Vec<Vec<TruckItem>> = vec![Vec::new(); count];
            let load_kg = items.iter().map(|i| i.1).sum();
            for (lot, mut left) in items {
                let mut put = |i: usize, kg: f64| trucks[i].push(TruckItem { lot, kg });
                if let Some(i) = room.iter().position(|&r| r >= left - DUST_KG) {
                    room[i] -= left;
                    put(i, left);
                    continue;
                }
                while left > DUST_KG {
                    // The truck with the most room (the first of equals).
                    let Some(i) = (0..room.len()).reduce(|a, b| if room[b] > room[a] { b } else { a }) else {
                        break;
                    };
                    // Verified plans fit their trucks; a last sliver within the
                    // tolerance goes on the roomiest truck.
                    let kg = if room[i] <= DUST_KG { left } else { left.min(room[i]) };
                    room[i] -= kg;
                    left -= kg;
                    put(i, kg);
                }
            }
            Some(LaneWeekTrucks {
                lane: t.lane,
                week: t.week,
                trucks,
                load_kg,
            })
        })
        .collect()
}

/// `trucks.csv`: `from,to,week,trucks,load_kg,fill_share,cost`, one row per
/// truck lane and week with trucks (fill: load over the trucks' kg).
pub fn write_trucks_csv<W: Write>(instance: &Instance, plan: &Plan, w: W) -> csv::Result<()> {
    let mut out = csv_writer(w);
    out.write_record(["from", "to", "week", "trucks", "load_kg", "fill_share", "cost"])?;
    for lw in load_trucks(instance, plan) {
        let lane = instance.lane(lw.lane);
        let Some(truck) = lane.truck else { continue };
        let trucks = lw.trucks.len() as f64;
        out.write_record([
            instance.location(lane.from).id.clone(),
            instance.location(lane.to).id.clone(),
            lw.week.to_string(),
            lw.trucks.len().to_string(),
            kg(lw.load_kg),
            format!("{:.4}", fill(lw.load_kg, trucks * truck.kg)),
            money(truck.cost * trucks),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// `truck_loads.csv`: `from,to,week,truck,product,harvest_week,kg`, what
/// goes on each truck (trucks numbered from 1 per lane and week); with
/// support lines a `channel` (`order` or `support`), as in `shipments.csv`.
pub fn write_truck_loads_csv<W: Write>(instance: &Instance, plan: &Plan, w: W) -> csv::Result<()> {
    let mut out = csv_writer(w);
    let mut header = vec!["from", "to", "week", "truck", "product", "harvest_week", "kg"];
    let marked = !instance.support.is_empty();
    if marked {
        header.push("channel");
    }
    out.write_record(&header)?;
    for lw in load_trucks(instance, plan) {
        let lane = instance.lane(lw.lane);
        for (i, items) in lw.trucks.iter().enumerate() {
            for item in items {
                let mut record = vec![
                    instance.location(lane.from).id.clone(),
                    instance.location(lane.to).id.clone(),
                    lw.week.to_string(),
                    (i + 1).to_string(),
                    instance.product(item.lot.product).id.clone(),
                    item.lot.harvest_week.to_string(),
                    kg(item.kg),
                ];
                if marked {
                    record.push(if item.lot.support { "support" } else { "order" }.to_string());
                }
                out.write_record(&record)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn fill(load: f64, room: f64) -> f64 {
    if room > 0.0 {
        load / room
    } else {
        0.0
    }
}

/// Trucks, kg carried and room over all truck lanes and weeks.
pub fn truck_totals(instance: &Instance, plan: &Plan) -> (f64, f64, f64) {
    let mut totals = (0.0, 0.0, 0.0);
    for lw in load_trucks(instance, plan) {
        let Some(truck) = instance.lane(lw.lane).truck else {
            continue;
        };
        totals.0 += lw.trucks.len() as f64;
        totals.1 += lw.load_kg;
        totals.2 += lw.trucks.len() as f64 * truck.kg;
    }
    totals
}

/// Lane-weeks shown in the report's truck table (the rest are in trucks.csv).
const SHOWN: usize = 20;

/// The report's truck section: totals, the average fill, and per lane the
/// trucks of each week (the lanes with the most trucks first).
pub fn truck_section(instance: &Instance, plan: &Plan) -> Markup {
    let loaded = load_trucks(instance, plan);
    if loaded.is_empty() {
        return html! {};
    }
    let (trucks, load, room) = truck_totals(instance, plan);
    let mut per_lane: BTreeMap<LaneIx, Vec<(Week, usize, f64)>> = BTreeMap::new();
    for lw in &loaded {
        let truck_kg = instance.lane(lw.lane).truck.map_or(0.0, |t| t.kg);
        let n = lw.trucks.len();
        per_lane
            .entry(lw.lane)
            .or_default()
            .push((lw.week, n, fill(lw.load_kg, n as f64 * truck_kg)));
    }
    let mut lanes: Vec<_> = per_lane.into_iter().collect();
    lanes.sort_by_key(|(lane, weeks)| (std::cmp::Reverse(weeks.iter().map(|w| w.1).sum::<usize>()), *lane));
    let rest = lanes.len().saturating_sub(SHOWN);
    let header = |name: &str| t(&format!("report-col-{name}"), &[]);
    let headers = [
        header("from"),
        header("to"),
        header("trucks"),
        header("average-fill"),
        header("weeks-trucks"),
    ];
    html! {
        h2 { (t("report-trucks", &[])) }
        p {
            (t("report-trucks-text", &[
                ("trucks", &grouped(trucks)),
                ("fill", &format!("{:.1}", 100.0 * fill(load, room))),
                ("load", &grouped(load)),
                ("room", &grouped(room)),
            ]))
        }
        // The page's table: labelled cells, cards on a phone, wrapping in print.
        (table(&[text_column(&headers[0]), text_column(&headers[1]), figure_column(&headers[2]), figure_column(&headers[3]), text_column(&headers[4])],
            lanes.iter().take(SHOWN).map(|(lane, weeks)| {
                let l = instance.lane(*lane);
                let n: usize = weeks.iter().map(|w| w.1).sum();
                let avg = weeks.iter().map(|w| w.2 * w.1 as f64).sum::<f64>() / n.max(1) as f64;
                vec![
                    html! { (instance.location(l.from).id) },
                    html! { (instance.location(l.to).id) },
                    html! { (n) },
                    html! { (format!("{:.0}%", 100.0 * avg)) },
                    html! { (weeks.iter().map(|(w, n, f)| t("report-trucks-week", &[("week", &w.to_string()), ("trucks", &n.to_string()), ("fill", &format!("{:.0}", 100.0 * f))])).collect::<Vec<_>>().join(&t("list-separator", &[]))) },
                ]
            })))
        @if rest > 0 {
            p { (t("report-trucks-rest", &[("count", &rest.to_string())])) }
        }
    }
}
