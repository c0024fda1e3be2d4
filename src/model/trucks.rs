//! The truck model as one mixed-integer program: the LP of `build` plus, per
//! truck lane and week, a column of trucks (integer in a plan, cost
//! `cost_per_truck` each), a row `load - truck_kg x trucks <= 0` and, with
//! `max_trucks_per_week`, a row `trucks <= max`. `--write-lp` writes it with
//! the trucks in the `General` section, for an outside MIP solver. Our own
//! truck search (`solve::trucks`) never builds it: with trucks continuous it
//! is the same LP as per-kg truck prices (see there), which keeps the model a
//! network with coupling rows.

use super::build::{build_model_with, ColumnKey, LpModel, LpRow, RowKey};
use super::ObjectiveWeights;
use crate::data::{Instance, LaneIx, Week};

/// The model of `instance` with truck columns and rows (see the module comment).
/// Without truck lanes it is [`super::build_model`]'s model.
pub fn build_truck_model(instance: &Instance) -> LpModel {
    build_truck_model_with(instance, &ObjectiveWeights::of(instance))
}

/// [`build_truck_model`] at `weights` (the truck search's).
pub fn build_truck_model_with(instance: &Instance, weights: &ObjectiveWeights) -> LpModel {
    let mut model = build_model_with(instance, weights);
    let weeks = instance.weeks as usize;
    let mut per_lane_week: Vec<Vec<usize>> = vec![Vec::new(); instance.lanes.len() * weeks];
    for (j, key) in model.columns.iter().enumerate() {
        // Support purchases ride the lane's trucks like shipments.
        if let ColumnKey::Shipment { lane, week, .. } | ColumnKey::Support { lane, week, .. } = *key {
            if instance.lane(lane).truck.is_some() {
                per_lane_week[lane.0 * weeks + week as usize - 1].push(j);
            }
        }
    }
    for (i, shipments) in per_lane_week.into_iter().enumerate() {
        if shipments.is_empty() {
            continue;
        }
        let lane = LaneIx(i / weeks);
        let week = (i % weeks) as Week + 1;
        let truck = instance.lane(lane).truck.expect("only truck lanes gather shipments");
        model.columns.push(ColumnKey::Trucks { lane, week });
        model.cost.push(truck.cost);
        let y = model.columns.len() - 1;
        let mut terms: Vec<(usize, f64)> = shipments.into_iter().map(|j| (j, 1.0)).collect();
        terms.push((y, -truck.kg));
        model.rows.push(LpRow {
            key: RowKey::TruckLoad { lane, week },
            terms,
            rhs: 0.0,
        });
        if let Some(max) = truck.max_per_period {
            model.rows.push(LpRow {
                key: RowKey::TruckLimit { lane, week },
                terms: vec![(y, 1.0)],
                rhs: f64::from(max),
            });
        }
    }
    model
}
