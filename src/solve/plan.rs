//! A plan: what moves where, as the solver left it (dust removed). Waste
//! and shortfall are not stored; `verify` derives them from the data.

use std::collections::BTreeMap;

use crate::data::{AgePeriods, Instance, LaneIx, LocationIx, ProductIx, Week};
use crate::model::{ColumnKey, LpModel, RowKey};

/// Flows smaller than this are always written as zero: interior-point
/// solvers leave tiny positive values on every column.
pub const DUST_KG: f64 = 1e-6;

/// Kg of one product on one lane, leaving in one week at one age.
#[derive(Debug, Clone, PartialEq)]
pub struct ShipmentFlow {
    /// The lane it travels.
    pub lane: LaneIx,
    /// What is shipped.
    pub product: ProductIx,
    /// Week it leaves `lane.from`.
    pub week: Week,
    /// Age when it leaves.
    pub age: AgePeriods,
    /// Kg shipped (> 0).
    pub quantity_kg: f64,
}

/// Kg of one product held at one location over a week's end.
#[derive(Debug, Clone, PartialEq)]
pub struct StockFlow {
    /// Where it is held.
    pub location: LocationIx,
    /// What is held.
    pub product: ProductIx,
    /// Held from the end of this week into the next.
    pub week: Week,
    /// Age in periods in `week`; one more the next week.
    pub age: AgePeriods,
    /// Kg held (> 0).
    pub quantity_kg: f64,
}

/// Kg of one product sold at one store in one week at one age.
#[derive(Debug, Clone, PartialEq)]
pub struct SaleFlow {
    /// The store that sells.
    pub store: LocationIx,
    /// What is sold.
    pub product: ProductIx,
    /// The week of the sale (and of the order it meets).
    pub week: Week,
    /// Age in periods when sold.
    pub age: AgePeriods,
    /// Kg sold (> 0).
    pub quantity_kg: f64,
}

/// Kg bought by a support line: shipped on a lane from a farm straight to
/// the line's buyer, and bought there on arrival.
#[derive(Debug, Clone, PartialEq)]
pub struct SupportFlow {
    /// Index of the line in `Instance::support` (its product is the line's).
    pub line: usize,
    /// The lane from the farm to the buyer.
    pub lane: LaneIx,
    /// Week it leaves the farm.
    pub week: Week,
    /// Age when it leaves.
    pub age: AgePeriods,
    /// Kg bought (> 0).
    pub quantity_kg: f64,
}

/// Trucks leaving on a truck lane in a week (a lane with `truck_kg`).
#[derive(Debug, Clone, PartialEq)]
pub struct TruckCount {
    /// The truck lane.
    pub lane: LaneIx,
    /// Week the trucks leave `lane.from`.
    pub week: Week,
    /// How many trucks: a whole number > 0 in a plan (kept as a float so
    /// that `verify` can reject one that is not).
    pub trucks: f64,
}

/// Every flow of a plan; waste and shortfall follow from them (see `verify`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Shipments on lanes.
    pub shipments: Vec<ShipmentFlow>,
    /// Stock held from one week into the next.
    pub stocks: Vec<StockFlow>,
    /// Sales at stores.
    pub sales: Vec<SaleFlow>,
    /// Support purchases (empty without `support.csv`).
    pub support: Vec<SupportFlow>,
    /// Trucks per truck lane and week, in (lane, week) order; empty
    /// without truck lanes.
    pub trucks: Vec<TruckCount>,
}

impl Plan {
    /// Sets the trucks to the fewest whole trucks that carry each truck
    /// lane's load in each week (see [`crate::data::Truck::needed_for`]).
    pub fn count_trucks(&mut self, instance: &Instance) {
        self.trucks = self
            .truck_lots(instance)
            .into_iter()
            .filter_map(|((lane, week), lots)| {
                let truck = instance.lane(lane).truck?;
                let trucks = truck.needed_for(lots.values().sum());
                (trucks > 0).then_some(TruckCount {
                    lane,
                    week,
                    trucks: f64::from(trucks),
                })
            })
            .collect();
    }

    /// Kg on each truck lane and week, by lot: product, harvest week (may
    /// be before week 1 for opening stock) and whether a support buyer
    /// takes it. Shipments and support purchases ride the same trucks. The
    /// one tally behind truck counts, the truck search's loads and
    /// `truck_loads.csv`.
    pub fn truck_lots(&self, instance: &Instance) -> BTreeMap<(LaneIx, Week), BTreeMap<TruckLot, f64>> {
        let mut lots: BTreeMap<(LaneIx, Week), BTreeMap<TruckLot, f64>> = BTreeMap::new();
        let shipments = self
            .shipments
            .iter()
            .map(|f| (f.lane, f.product, f.week, f.age, false, f.quantity_kg));
        let support = self.support.iter().filter_map(|f| {
            let line = instance.support.get(f.line)?;
            Some((f.lane, line.product, f.week, f.age, true, f.quantity_kg))
        });
        for (lane, product, week, age, support, kg) in shipments.chain(support) {
            if instance.lane(lane).truck.is_some() {
                let lot = TruckLot {
                    product,
                    harvest_week: i64::from(week) - i64::from(age),
                    support,
                };
                *lots.entry((lane, week)).or_default().entry(lot).or_default() += kg;
            }
        }
        lots
    }
}

/// What [`Plan::truck_lots`] tallies kg by: kg of one lot travel together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TruckLot {
    /// What is loaded.
    pub product: ProductIx,
    /// When it was harvested (may be before week 1 for opening stock).
    pub harvest_week: i64,
    /// Bought by a support buyer on arrival (else an order's).
    pub support: bool,
}

/// Column values with dust (below `dust_kg`) and non-finite values set to zero.
pub fn clean_values(values: &[f64], dust_kg: f64) -> Vec<f64> {
    values
        .iter()
        .map(|&x| if x.is_finite() && x >= dust_kg { x } else { 0.0 })
        .collect()
}

/// Makes the values satisfy every balance row exactly: where a solver's
/// tolerance (or removed dust upstream) lets a little more leave a state
/// than entered it, the outflows of that state are scaled down. States are
/// visited in time order, farms before hubs before stores, so a cut
/// propagates downstream; a few passes settle hub-to-hub chains within a week.
/// Only outflows shrink, so capacity and demand rows stay satisfied.
/// Returns the largest cut in kg relative to the block's scale, the most kg
/// that enter any one state (1 kg at least): a solver's tolerance is
/// relative to that scale (an interior point leaves errors of its tolerance
/// times the largest harvest on small states too), and the caller refuses
/// a plan that needed more than such rounding.
pub fn repair_balances(instance: &Instance, model: &LpModel, values: &mut [f64], dust_kg: f64) -> f64 {
    let mut largest_cut_kg: f64 = 0.0;
    let mut order: Vec<(Week, crate::data::LocationKind, usize)> = model
        .rows
        .iter()
        .enumerate()
        .filter_map(|(r, row)| match row.key {
            RowKey::Balance { location, week, .. } => Some((week, instance.location(location).kind, r)),
            _ => None,
        })
        .collect();
    order.sort_unstable();
    for _pass in 0..20 {
        let mut changed = false;
        for &(_, _, r) in &order {
            let row = &model.rows[r];
            let mut inflow = row.rhs;
            let mut outflow = 0.0;
            for &(j, c) in &row.terms {
                if c < 0.0 {
                    inflow -= c * values[j];
                } else {
                    outflow += c * values[j];
                }
            }
            if outflow > inflow.max(0.0) * (1.0 + 1e-12) {
                let factor = inflow.max(0.0) / outflow;
                largest_cut_kg = largest_cut_kg.max(outflow - inflow.max(0.0));
                for &(j, c) in &row.terms {
                    if c > 0.0 {
                        let x = values[j] * factor;
                        values[j] = if x >= dust_kg { x } else { 0.0 };
                    }
                }
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let scale = order
        .iter()
        .fold(1.0_f64, |m, &(_, _, r)| m.max(model.rows[r].rhs.abs()));
    largest_cut_kg / scale
}

/// Turns cleaned column values into a plan; zero columns are left out.
pub fn extract_plan(model: &LpModel, values: &[f64]) -> Plan {
    let mut plan = Plan::default();
    for (key, &quantity_kg) in model.columns.iter().zip(values) {
        if quantity_kg <= 0.0 {
            continue;
        }
        match *key {
            // Gaps of fair shares are not flows: `verify` derives them from the flows.
            ColumnKey::ShareGap { .. } | ColumnKey::FairnessGap { .. } => {}
            ColumnKey::Shipment {
                lane,
                product,
                week,
                age,
            } => plan.shipments.push(ShipmentFlow {
                lane,
                product,
                week,
                age,
                quantity_kg,
            }),
            ColumnKey::Stock {
                location,
                product,
                week,
                age,
            } => plan.stocks.push(StockFlow {
                location,
                product,
                week,
                age,
                quantity_kg,
            }),
            ColumnKey::Support { line, lane, week, age } => plan.support.push(SupportFlow {
                line,
                lane,
                week,
                age,
                quantity_kg,
            }),
            // As the solver left it: `verify` rejects a fractional count.
            ColumnKey::Trucks { lane, week } => plan.trucks.push(TruckCount {
                lane,
                week,
                trucks: quantity_kg,
            }),
            ColumnKey::Sale {
                store,
                product,
                week,
                age,
            } => plan.sales.push(SaleFlow {
                store,
                product,
                week,
                age,
                quantity_kg,
            }),
        }
    }
    plan
}
