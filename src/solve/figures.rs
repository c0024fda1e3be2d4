//! Totals derived from a verified plan, computed once and shared by every
//! formatter so that the files and the terminal summary always agree.

use std::collections::BTreeMap;

use super::VerifiedPlan;
use crate::data::{Instance, LocationIx, LocationKind, ProductIx, Week};

/// Shipment lines below half a gram are not listed in `shipments.csv`
/// (interior-point solvers spread such crumbs over tied alternatives).
pub const SMALLEST_LINE_KG: f64 = 0.0005;

/// One line of `shipments.csv`: flows of one lane, product, week and
/// harvest week added up over the model's age index.
#[derive(Debug, Clone, PartialEq)]
pub struct ShipmentLine {
    /// Index of the lane in [`Instance::lanes`](crate::data::Instance).
    pub lane: usize,
    /// What is shipped.
    pub product: ProductIx,
    /// The week it leaves.
    pub ship_week: Week,
    /// The week it arrives (`ship_week + transit_periods`).
    pub arrive_week: Week,
    /// `ship_week - age`; 0 or below for opening stock harvested before week 1.
    pub harvest_week: i64,
    /// Kg shipped.
    pub quantity_kg: f64,
    /// Transport cost: `quantity_kg * cost_per_kg` of the lane.
    pub cost: f64,
    /// Bought by a support buyer on arrival (not for an order).
    pub support: bool,
}

/// One support line of `support.csv` over the plan.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SupportFigures {
    /// Kg bought.
    pub kg: f64,
    /// Money spent: kg x `price_per_kg`.
    pub spent: f64,
    /// Budget not spent (`None`: the line has no budget).
    pub budget_left: Option<f64>,
}

/// Headline and per-week figures of a verified plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFigures {
    /// Harvest plus opening stock, kg.
    pub supply_kg: f64,
    /// Ordered kg.
    pub demand_kg: f64,
    /// Kg sold at stores.
    pub delivered_kg: f64,
    /// Ordered kg not delivered.
    pub shortfall_kg: f64,
    /// Kg spoiled or never shipped.
    pub waste_kg: f64,
    /// Kg still held at the end of the horizon (not counted as waste).
    pub closing_stock_kg: f64,
    /// The lines of `shipments.csv`.
    pub shipments: Vec<ShipmentLine>,
    /// Per (week, product).
    pub weekly: BTreeMap<(Week, ProductIx), WeekFigures>,
    /// Per (store, product), for ordered pairs only.
    pub stores: BTreeMap<(LocationIx, ProductIx), StoreFigures>,
    /// Per (farm, product).
    pub farms: BTreeMap<(LocationIx, ProductIx), FarmFigures>,
    /// Farms that sell less than their `min_sold_share`: (share sold, why).
    pub farm_notes: BTreeMap<LocationIx, (f64, String)>,
    /// Per line of `support.csv`, in its order (empty without the file).
    pub support: Vec<SupportFigures>,
}

/// One product in one week, kg.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WeekFigures {
    /// Harvested that week.
    pub supply_kg: f64,
    /// Ordered for that week.
    pub demand_kg: f64,
    /// Sold that week.
    pub delivered_kg: f64,
    /// Spoiled that week, anywhere.
    pub waste_kg: f64,
    /// Bought by support buyers that week (by arrival).
    pub support_kg: f64,
    /// The plan's cost parts that fall in this week for this product (see
    /// `VerifiedPlan::week_costs`; fairness is the window's, never here).
    pub costs: super::PlanCosts,
}

/// One product at one store over the plan, kg.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StoreFigures {
    /// Ordered over the horizon.
    pub demand_kg: f64,
    /// Delivered over the horizon.
    pub delivered_kg: f64,
}

/// One product of one farm over the plan.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FarmFigures {
    /// Harvest and opening stock, kg.
    pub supply_kg: f64,
    /// Shipped out of the farm (sold), kg.
    pub shipped_kg: f64,
    /// Spoiled at the farm or never shipped, kg.
    pub waste_kg: f64,
    /// Shipped kg at the support price where given, else at `value_per_kg`;
    /// support purchases at the buyer's `price_per_kg`.
    pub income: f64,
    /// Of `shipped_kg`, bought by support buyers, kg.
    pub support_kg: f64,
}

/// The lowest `ratio` of part to whole over locations, each summed over its
/// products first (1 with no locations).
fn lowest_ratio(kg: impl Iterator<Item = (LocationIx, f64, f64)>) -> f64 {
    let mut per_location: BTreeMap<LocationIx, (f64, f64)> = BTreeMap::new();
    for (n, part_kg, whole_kg) in kg {
        let s = per_location.entry(n).or_default();
        s.0 += part_kg;
        s.1 += whole_kg;
    }
    per_location
        .values()
        .map(|&(part_kg, whole_kg)| ratio(part_kg, whole_kg))
        .fold(1.0, f64::min)
}

impl PlanFigures {
    /// Kg bought by support buyers, all lines.
    pub fn support_kg(&self) -> f64 {
        self.support.iter().map(|s| s.kg).sum()
    }

    /// Money support buyers spent, all lines.
    pub fn support_spent(&self) -> f64 {
        self.support.iter().map(|s| s.spent).sum()
    }

    /// Budget left over the lines with a budget; `None` when no line has one.
    pub fn support_budget_left(&self) -> Option<f64> {
        self.support
            .iter()
            .filter_map(|s| s.budget_left)
            .fold(None, |sum, left| Some(sum.unwrap_or(0.0) + left))
    }

    /// Delivered share of all orders, 0 to 1 (1 with no orders).
    pub fn fill_rate(&self) -> f64 {
        ratio(self.delivered_kg, self.demand_kg)
    }

    /// The lowest fill rate of any store over all its products (1 with no orders).
    pub fn worst_store_fill_rate(&self) -> f64 {
        lowest_ratio(self.stores.iter().map(|(&(n, _), v)| (n, v.delivered_kg, v.demand_kg)))
    }

    /// The lowest share of its harvest sold by any farm with priority > 0
    /// (1 when there is none).
    pub fn lowest_priority_farm_sold_share(&self, instance: &Instance) -> f64 {
        lowest_ratio(
            self.farms
                .iter()
                .filter(|(&(n, _), _)| instance.location(n).priority > 0.0)
                .map(|(&(n, _), v)| (n, v.shipped_kg, v.supply_kg)),
        )
    }
}

/// `part / whole`, and 1 when there is nothing to fill (no demand is fully met).
pub fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        1.0
    }
}

/// Derives every figure of a verified plan once.
pub fn compute_figures(instance: &Instance, verified: &VerifiedPlan) -> PlanFigures {
    let mut weekly: BTreeMap<(Week, ProductIx), WeekFigures> = BTreeMap::new();
    for t in instance.first_week..=instance.weeks {
        for p in instance.product_ixs() {
            weekly.insert((t, p), WeekFigures::default());
        }
    }
    let mut farms: BTreeMap<(LocationIx, ProductIx), FarmFigures> = BTreeMap::new();
    let support_price: std::collections::HashMap<(LocationIx, ProductIx, i64), f64> = instance
        .supply
        .iter()
        .filter_map(|s| {
            s.support_price_per_kg
                .map(|price| ((s.farm, s.product, i64::from(s.week)), price))
        })
        .collect();
    let mut supply_kg = 0.0;
    for s in &instance.supply {
        supply_kg += s.quantity_kg;
        weekly.entry((s.week, s.product)).or_default().supply_kg += s.quantity_kg;
        farms.entry((s.farm, s.product)).or_default().supply_kg += s.quantity_kg;
    }
    for s in &instance.stock {
        supply_kg += s.quantity_kg;
        if instance.location(s.location).kind == LocationKind::Farm {
            farms.entry((s.location, s.product)).or_default().supply_kg += s.quantity_kg;
        }
    }
    let mut stores: BTreeMap<(LocationIx, ProductIx), StoreFigures> = BTreeMap::new();
    let mut demand_kg = 0.0;
    let mut delivered_kg = 0.0;
    for d in &instance.demand {
        let delivered = verified
            .delivered_kg
            .get(&(d.store, d.product, d.week))
            .copied()
            .unwrap_or(0.0);
        demand_kg += d.quantity_kg;
        delivered_kg += delivered;
        let w = weekly.entry((d.week, d.product)).or_default();
        w.demand_kg += d.quantity_kg;
        w.delivered_kg += delivered;
        if d.quantity_kg > 0.0 {
            let s = stores.entry((d.store, d.product)).or_default();
            s.demand_kg += d.quantity_kg;
            s.delivered_kg += delivered;
        }
    }
    for (&key, costs) in &verified.week_costs {
        weekly.entry(key).or_default().costs = *costs;
    }
    let mut waste_kg = 0.0;
    for (&(n, p, t), &kg) in &verified.waste_kg {
        waste_kg += kg;
        weekly.entry((t, p)).or_default().waste_kg += kg;
        if instance.location(n).kind == LocationKind::Farm {
            farms.entry((n, p)).or_default().waste_kg += kg;
        }
    }

    // (ship week, lane, product, harvest week) -> (arrive week, kg, cost)
    type LineKey = (Week, usize, ProductIx, i64);
    let mut lines: BTreeMap<LineKey, (Week, f64, f64)> = BTreeMap::new();
    for f in &verified.plan.shipments {
        let lane = instance.lane(f.lane);
        let from_farm = instance.location(lane.from).kind == LocationKind::Farm;
        let harvest_week = i64::from(f.week) - i64::from(f.age);
        if from_farm {
            let price = support_price
                .get(&(lane.from, f.product, harvest_week))
                .copied()
                .unwrap_or(instance.product(f.product).value_per_kg);
            let farm = farms.entry((lane.from, f.product)).or_default();
            farm.shipped_kg += f.quantity_kg;
            farm.income += f.quantity_kg * price;
        }
        let line = lines.entry((f.week, f.lane.0, f.product, harvest_week)).or_default();
        line.0 = f.week + lane.transit_periods;
        line.1 += f.quantity_kg;
        line.2 += f.quantity_kg * lane.cost_per_kg;
    }
    let mut support: Vec<SupportFigures> = instance
        .support
        .iter()
        .map(|s| SupportFigures {
            budget_left: s.budget,
            ..SupportFigures::default()
        })
        .collect();
    let mut support_lines: BTreeMap<LineKey, (Week, f64, f64)> = BTreeMap::new();
    for f in &verified.plan.support {
        let lane = instance.lane(f.lane);
        let line = &instance.support[f.line];
        let farm = farms.entry((lane.from, line.product)).or_default();
        farm.shipped_kg += f.quantity_kg;
        farm.support_kg += f.quantity_kg;
        farm.income += f.quantity_kg * line.price_per_kg;
        let arrive = f.week + lane.transit_periods;
        weekly.entry((arrive, line.product)).or_default().support_kg += f.quantity_kg;
        let figures = &mut support[f.line];
        figures.kg += f.quantity_kg;
        figures.spent += f.quantity_kg * line.price_per_kg;
        let harvest_week = i64::from(f.week) - i64::from(f.age);
        let entry = support_lines
            .entry((f.week, f.lane.0, line.product, harvest_week))
            .or_default();
        entry.0 = f.week + lane.transit_periods;
        entry.1 += f.quantity_kg;
        entry.2 += f.quantity_kg * lane.cost_per_kg;
    }
    for (figures, line) in support.iter_mut().zip(&instance.support) {
        figures.budget_left = line.budget.map(|budget| (budget - figures.spent).max(0.0));
    }
    let marked = |support: bool| {
        move |((ship_week, lane, product, harvest_week), (arrive_week, quantity_kg, cost)): (
            LineKey,
            (Week, f64, f64),
        )| {
            ShipmentLine {
                lane,
                product,
                ship_week,
                arrive_week,
                harvest_week,
                quantity_kg,
                cost,
                support,
            }
        }
    };
    let mut shipments: Vec<ShipmentLine> = lines
        .into_iter()
        // A line that would print as 0.000 kg is no truckload; its grams stay in the totals.
        .filter(|(_, (_, quantity_kg, _))| *quantity_kg >= SMALLEST_LINE_KG)
        .map(marked(false))
        .chain(
            support_lines
                .into_iter()
                .filter(|(_, (_, quantity_kg, _))| *quantity_kg >= SMALLEST_LINE_KG)
                .map(marked(true)),
        )
        .collect();
    // By week first, like the commercial lines; a support line after the
    // commercial one on the same lane.
    shipments.sort_by_key(|l| (l.ship_week, l.lane, l.product, l.harvest_week, l.support));
    PlanFigures {
        supply_kg,
        demand_kg,
        delivered_kg,
        shortfall_kg: (demand_kg - delivered_kg).max(0.0),
        waste_kg,
        closing_stock_kg: verified.closing_stock_kg,
        shipments,
        weekly,
        stores,
        farm_notes: farm_notes(instance, &farms, verified),
        farms,
        support,
    }
}

/// Kg from each farm to each store over the plan, largest first. Flows
/// through hubs are attributed to farms in proportion to each farm's share
/// of what entered the hub (per product; hub-to-hub chains propagate).
pub fn farm_to_store_flows(instance: &Instance, verified: &VerifiedPlan) -> Vec<(String, String, f64)> {
    let n = instance.locations.len();
    let mut result: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    // kg per product and (from, to) lane, in one pass over the shipments
    // (a pass per product is slow with thousands of products).
    let mut by_product: BTreeMap<ProductIx, BTreeMap<(usize, usize), f64>> = BTreeMap::new();
    for f in &verified.plan.shipments {
        let lane = instance.lane(f.lane);
        *by_product
            .entry(f.product)
            .or_default()
            .entry((lane.from.0, lane.to.0))
            .or_default() += f.quantity_kg;
    }
    for carried in by_product.values() {
        // Origin mix of every location: a farm is its own origin; a hub mixes
        // what enters it. A few passes settle chains of hubs.
        let mut mix: Vec<BTreeMap<usize, f64>> = (0..n)
            .map(|i| {
                let mut m = BTreeMap::new();
                if instance.locations[i].kind == LocationKind::Farm {
                    m.insert(i, 1.0);
                }
                m
            })
            .collect();
        for _ in 0..n.min(8) {
            for hub in (0..n).filter(|&i| instance.locations[i].kind == LocationKind::Hub) {
                let inflow: f64 = carried.iter().filter(|((_, to), _)| *to == hub).map(|(_, kg)| kg).sum();
                if inflow <= 0.0 {
                    continue;
                }
                let mut m: BTreeMap<usize, f64> = BTreeMap::new();
                for (&(from, _), &kg) in carried.iter().filter(|((_, to), _)| *to == hub) {
                    for (&origin, &share) in &mix[from] {
                        *m.entry(origin).or_default() += share * kg / inflow;
                    }
                }
                mix[hub] = m;
            }
        }
        for (&(from, to), &kg) in carried {
            if instance.locations[to].kind != LocationKind::Store {
                continue;
            }
            for (&origin, &share) in &mix[from] {
                *result.entry((origin, to)).or_default() += share * kg;
            }
        }
    }
    let mut flows: Vec<(String, String, f64)> = result
        .into_iter()
        .filter(|(_, kg)| *kg > 0.0005)
        .map(|((farm, store), kg)| {
            (
                instance.locations[farm].id.clone(),
                instance.locations[store].id.clone(),
                kg,
            )
        })
        .collect();
    flows.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    flows
}

/// Why a farm sells less than its `min_sold_share`, in words a planner can act on.
fn farm_notes(
    instance: &Instance,
    farms: &BTreeMap<(LocationIx, ProductIx), FarmFigures>,
    verified: &VerifiedPlan,
) -> BTreeMap<LocationIx, (f64, String)> {
    let mut notes = BTreeMap::new();
    // Load per capacitated lane and week, computed once.
    let mut load: BTreeMap<(usize, Week), f64> = BTreeMap::new();
    for f in &verified.plan.shipments {
        if instance.lane(f.lane).is_capacitated() {
            *load.entry((f.lane.0, f.week)).or_default() += f.quantity_kg;
        }
    }
    for farm in instance.location_ixs() {
        let minimum = instance.location(farm).min_sold_share;
        let (supply, sold) = farms
            .range((farm, ProductIx(0))..=(farm, ProductIx(usize::MAX)))
            .fold((0.0, 0.0), |(s, t), (_, v)| (s + v.supply_kg, t + v.shipped_kg));
        let share = ratio(sold, supply);
        if minimum <= 0.0 || share >= minimum - 1e-6 {
            continue;
        }
        let lanes: Vec<usize> = (0..instance.lanes.len())
            .filter(|&l| instance.lanes[l].from == farm)
            .collect();
        let full_lane = load.iter().any(|(&(lane, week), &kg)| {
            lanes.contains(&lane)
                && instance.lanes[lane]
                    .capacity_in(week)
                    .is_some_and(|capacity| kg >= capacity * (1.0 - 1e-6))
        });
        let why = if lanes.is_empty() {
            "no lane leaves the farm".to_string()
        } else if full_lane {
            "the lanes out of the farm are full in some weeks (capacity_kg_per_week)".to_string()
        } else if sold <= 0.0 {
            "its produce spoils before any lane brings it to a store that orders it (shelf life too short for the transit, or no order in reach)".to_string()
        } else {
            "the stores within reach do not order more of its produce while it is fresh".to_string()
        };
        notes.insert(farm, (share, why));
    }
    notes
}
