//! The greedy baseline: how shipping is done without optimisation. Week by
//! week, each farm sends its oldest usable produce to the cheapest store
//! (directly or through one hub) that still has unmet orders, within lane
//! capacities and shelf life. What would then spoil at the farm goes to a
//! support buyer (`support.csv`) where one buys it, within its budget, as a
//! planner would do by hand; the rest waits at the farm or spoils. Its plan
//! goes through the same `verify` and the same outputs as the LP's.

use std::collections::HashMap;

use super::plan::{Plan, SaleFlow, ShipmentFlow, StockFlow, SupportFlow};
use crate::data::{AgePeriods, Instance, LaneIx, LocationIx, LocationKind, ProductIx, Week};

/// A way from a farm to a store: one lane, or a lane to a hub and one on.
struct Route {
    lanes: Vec<LaneIx>,
    store: LocationIx,
    cost_per_kg: f64,
}

/// Produce at a farm harvested together.
struct Lot {
    product: ProductIx,
    age: AgePeriods,
    kg: f64,
}

/// The greedy plan of `instance`.
pub fn plan_greedy(instance: &Instance) -> Plan {
    let mut routes: Vec<Vec<Route>> = (0..instance.locations.len()).map(|_| Vec::new()).collect();
    for (i, first) in instance.lanes.iter().enumerate() {
        if instance.location(first.from).kind != LocationKind::Farm {
            continue;
        }
        match instance.location(first.to).kind {
            LocationKind::Store => routes[first.from.0].push(Route {
                lanes: vec![LaneIx(i)],
                store: first.to,
                cost_per_kg: first.cost_per_kg,
            }),
            LocationKind::Hub => {
                for (j, second) in instance.lanes.iter().enumerate() {
                    if second.from == first.to && instance.location(second.to).kind == LocationKind::Store {
                        routes[first.from.0].push(Route {
                            lanes: vec![LaneIx(i), LaneIx(j)],
                            store: second.to,
                            cost_per_kg: first.cost_per_kg + second.cost_per_kg,
                        });
                    }
                }
            }
            LocationKind::Farm => {}
        }
    }
    for list in &mut routes {
        list.sort_by(|a, b| a.cost_per_kg.total_cmp(&b.cost_per_kg));
    }

    let mut open_orders: HashMap<(LocationIx, ProductIx, Week), f64> = HashMap::new();
    for d in &instance.demand {
        *open_orders.entry((d.store, d.product, d.week)).or_default() += d.quantity_kg;
    }
    let mut lane_load: HashMap<(LaneIx, Week), f64> = HashMap::new();
    let mut lots: Vec<Vec<Lot>> = (0..instance.locations.len()).map(|_| Vec::new()).collect();
    for s in instance
        .stock
        .iter()
        .filter(|s| s.week == 1 && instance.location(s.location).kind == LocationKind::Farm)
    {
        lots[s.location.0].push(Lot {
            product: s.product,
            age: s.age,
            kg: s.quantity_kg,
        });
    }
    let mut plan = Plan::default();
    // Money each support line has left (`None`: no limit).
    let mut budgets: Vec<Option<f64>> = instance.support.iter().map(|line| line.budget).collect();
    for week in 1..=instance.weeks {
        for s in instance.supply.iter().filter(|s| s.week == week) {
            lots[s.farm.0].push(Lot {
                product: s.product,
                age: 0,
                kg: s.quantity_kg,
            });
        }
        for farm in instance.location_ixs() {
            let farm_lots = &mut lots[farm.0];
            farm_lots.sort_by(|a, b| b.age.cmp(&a.age).then(a.product.cmp(&b.product)));
            for lot in farm_lots.iter_mut() {
                if lot.age > instance.max_age_at(farm, lot.product) {
                    continue;
                }
                for route in &routes[farm.0] {
                    if lot.kg <= 0.0 {
                        break;
                    }
                    ship_on_route(instance, &mut plan, route, lot, week, &mut open_orders, &mut lane_load);
                }
            }
            sell_spoiling_to_support(instance, &mut plan, farm, farm_lots, week, &mut budgets, &mut lane_load);
            carry_over(instance, &mut plan, farm, farm_lots, week);
        }
    }
    plan
}

/// Ships as much of `lot` as the route, the orders and the lanes allow.
fn ship_on_route(
    instance: &Instance,
    plan: &mut Plan,
    route: &Route,
    lot: &mut Lot,
    week: Week,
    open_orders: &mut HashMap<(LocationIx, ProductIx, Week), f64>,
    lane_load: &mut HashMap<(LaneIx, Week), f64>,
) {
    // Week and age at which each lane is entered, and on arrival.
    let mut legs = Vec::new();
    let (mut at_week, mut at_age) = (week, lot.age);
    for &l in &route.lanes {
        let lane = instance.lane(l);
        legs.push((l, at_week, at_age));
        at_week += lane.transit_periods;
        at_age += lane.transit_periods;
        if at_week > instance.weeks || at_age > instance.max_age_at(lane.to, lot.product) {
            return;
        }
    }
    let Some(open) = open_orders.get_mut(&(route.store, lot.product, at_week)) else {
        return;
    };
    let mut kg = lot.kg.min(*open);
    for &(l, w, _) in &legs {
        if let Some(capacity) = instance.lane(l).capacity_in(w) {
            kg = kg.min(capacity - lane_load.get(&(l, w)).copied().unwrap_or(0.0));
        }
    }
    if kg <= 1e-9 {
        return;
    }
    for &(lane, w, age) in &legs {
        *lane_load.entry((lane, w)).or_default() += kg;
        plan.shipments.push(ShipmentFlow {
            lane,
            product: lot.product,
            week: w,
            age,
            quantity_kg: kg,
        });
    }
    plan.sales.push(SaleFlow {
        store: route.store,
        product: lot.product,
        week: at_week,
        age: at_age,
        quantity_kg: kg,
    });
    *open -= kg;
    lot.kg -= kg;
}

/// Sells to support buyers what the farm cannot keep past this week (too
/// old, or no room: the same rule as [`carry_over`]), oldest first, on a
/// lane from the farm to a buyer that buys the product arriving then, within
/// the lane's capacity and the line's budget.
fn sell_spoiling_to_support(
    instance: &Instance,
    plan: &mut Plan,
    farm: LocationIx,
    lots: &mut [Lot],
    week: Week,
    budgets: &mut [Option<f64>],
    lane_load: &mut HashMap<(LaneIx, Week), f64>,
) {
    if instance.support.is_empty() {
        return;
    }
    // What carry_over would keep: youngest first, within the storage room.
    let mut room = instance.location(farm).storage_kg.unwrap_or(f64::INFINITY);
    let mut order: Vec<usize> = (0..lots.len()).collect();
    order.sort_by(|&a, &b| {
        lots[a]
            .age
            .cmp(&lots[b].age)
            .then(lots[a].product.cmp(&lots[b].product))
    });
    let mut spoiling = vec![0.0; lots.len()];
    for &i in &order {
        let lot = &lots[i];
        let keepable = lot.age < instance.max_age_at(farm, lot.product) && week < instance.weeks;
        let kept = if keepable { lot.kg.min(room).max(0.0) } else { 0.0 };
        room -= kept;
        spoiling[i] = lot.kg - kept;
    }
    // Oldest first, as the stores got them.
    for &i in order.iter().rev() {
        for (line_ix, line) in instance.support.iter().enumerate() {
            let lot = &mut lots[i];
            if spoiling[i] <= 1e-9 || line.product != lot.product {
                continue;
            }
            for l in instance
                .support_lanes(line)
                .into_iter()
                .filter(|&l| instance.lane(l).from == farm)
            {
                let lane = instance.lane(l);
                let arrive = week + lane.transit_periods;
                let fresh = lot
                    .age
                    .checked_add(lane.transit_periods)
                    .is_some_and(|a| a <= instance.max_age_at(line.buyer, lot.product));
                if arrive > instance.weeks || !line.buys_in(arrive) || !fresh {
                    continue;
                }
                let mut kg = spoiling[i];
                if let Some(capacity) = lane.capacity_in(week) {
                    kg = kg.min(capacity - lane_load.get(&(l, week)).copied().unwrap_or(0.0));
                }
                if let Some(left) = budgets[line_ix] {
                    kg = kg.min(left / line.price_per_kg.max(f64::MIN_POSITIVE));
                }
                if kg <= 1e-9 {
                    continue;
                }
                *lane_load.entry((l, week)).or_default() += kg;
                if let Some(left) = &mut budgets[line_ix] {
                    *left = (*left - kg * line.price_per_kg).max(0.0);
                }
                plan.support.push(SupportFlow {
                    line: line_ix,
                    lane: l,
                    week,
                    age: lot.age,
                    quantity_kg: kg,
                });
                spoiling[i] -= kg;
                lot.kg -= kg;
            }
        }
    }
}

/// Keeps what the farm can store and is still fresh next week (oldest
/// spoils first when storage is short); the rest is waste.
fn carry_over(instance: &Instance, plan: &mut Plan, farm: LocationIx, lots: &mut Vec<Lot>, week: Week) {
    let mut room = instance.location(farm).storage_kg.unwrap_or(f64::INFINITY);
    // Youngest first: they keep longest, so they get the room.
    lots.sort_by(|a, b| a.age.cmp(&b.age).then(a.product.cmp(&b.product)));
    for lot in lots.iter_mut() {
        let keepable = lot.age < instance.max_age_at(farm, lot.product);
        let kept = if keepable { lot.kg.min(room).max(0.0) } else { 0.0 };
        if kept > 1e-9 {
            room -= kept;
            plan.stocks.push(StockFlow {
                location: farm,
                product: lot.product,
                week,
                age: lot.age,
                quantity_kg: kept,
            });
        }
        lot.kg = if kept > 1e-9 { kept } else { 0.0 };
        lot.age += 1;
    }
    lots.retain(|lot| lot.kg > 0.0 && week < instance.weeks);
}
