//! The scenarios the search solves: the truck scenario with its truck lanes
//! turned into plain lanes with other prices and capacities (priced, fixed,
//! sunk, re-priced), all without trucks, so the network and coupled simplex
//! take them; and the way back from a sunk variant's plan to the scenario's.

use std::collections::{BTreeMap, BTreeSet};

use super::{LaneWeek, Slopes, TruckCounts};
use crate::data::{Instance, LaneIx, Week};
use crate::solve::plan::Plan;

/// The LP relaxation as a plain scenario: every truck lane priced at
/// `cost_per_truck / truck_kg` per kg on top of its cost, with capacity
/// `max x truck_kg` where trucks are limited, and no trucks.
pub fn relaxed_instance(instance: &Instance) -> Instance {
    priced_instance(instance, &BTreeMap::new())
}

/// Capacity `kg` in every week on top of what the lane had.
fn cap(lane: &mut crate::data::Lane, weeks: Week, limit: impl Fn(Week) -> f64) {
    for week in 1..=weeks {
        let kg = limit(week);
        let capacity = lane.capacity_in(week).map_or(kg, |c| c.min(kg));
        lane.capacity_by_week.insert(week, capacity);
    }
}

/// Truck lanes priced per kg: `slopes[(lane, week)]` where given, else the
/// relaxation's `cost_per_truck / truck_kg`; limits as in the relaxation.
pub(super) fn priced_instance(instance: &Instance, slopes: &Slopes) -> Instance {
    let mut priced = instance.clone();
    for (l, lane) in priced.lanes.iter_mut().enumerate() {
        let Some(truck) = lane.truck.take() else {
            continue;
        };
        let base = lane.cost_per_kg;
        lane.cost_per_kg = base + truck.cost / truck.kg;
        for week in 1..=instance.weeks {
            if let Some(slope) = slopes.get(&(LaneIx(l), week)) {
                lane.cost_by_week.insert(week, base + slope);
            }
        }
        // Every truck lane-week gets a capacity row, a limit that never
        // binds where trucks are unlimited: then the relaxation, the priced
        // variants and the fixed ones (which cap every truck lane-week) are
        // models of one shape, and each solve starts from the last one's
        // basis (see `Search::solve`).
        let limit = truck
            .max_per_period
            .map_or(no_limit_kg(instance), |max| f64::from(max) * truck.kg);
        cap(lane, instance.weeks, |_| limit);
    }
    priced
}

/// The relaxation with the trucks `kept` paid: each lane-week of `kept`
/// carries up to `truck_kg x trucks` at no surcharge and no more (as in
/// [`fixed_instance`]), every other truck lane-week is priced and limited
/// as in the relaxation (its trucks bought by the kg). The relaxation's
/// shape, so it starts warm from the fixed and priced variants, where a
/// [`sunk_instance`] has lane copies and a shape of its own.
pub(super) fn kept_instance(instance: &Instance, kept: &TruckCounts) -> Instance {
    let free: Slopes = kept.keys().map(|&key| (key, 0.0)).collect();
    let mut variant = priced_instance(instance, &free);
    for (&(lane, week), &n) in kept {
        let Some(truck) = instance.lane(lane).truck else {
            continue;
        };
        let lane = &mut variant.lanes[lane.0];
        let kg = f64::from(n) * truck.kg;
        let capacity = lane.capacity_in(week).map_or(kg, |c| c.min(kg));
        lane.capacity_by_week.insert(week, capacity);
    }
    variant
}

/// A capacity no lane-week can reach: twice every kg that enters the
/// scenario. Proof that it changes no optimum: kg enter the network only as
/// harvests (`supply.csv`) and opening stock; every other column moves,
/// keeps, sells or buys kg that are already there, so no lane carries more in
/// a week than supply + stock. The row is slack in every feasible plan, and
/// the LP with it has the same feasible set and optimum as without it.
fn no_limit_kg(instance: &Instance) -> f64 {
    let supply: f64 = instance.supply.iter().map(|s| s.quantity_kg).sum();
    let stock: f64 = instance.stock.iter().map(|s| s.quantity_kg).sum();
    2.0 * (supply + stock) + 1.0
}

/// Truck lanes with their trucks fixed: capacity `truck_kg x trucks` each
/// week (0 where there are none), no surcharge: the trucks are paid anyway.
pub(super) fn fixed_instance(instance: &Instance, trucks: &TruckCounts) -> Instance {
    let mut fixed = instance.clone();
    for (l, lane) in fixed.lanes.iter_mut().enumerate() {
        let Some(truck) = lane.truck.take() else {
            continue;
        };
        cap(lane, instance.weeks, |week| {
            f64::from(trucks.get(&(LaneIx(l), week)).copied().unwrap_or(0)) * truck.kg
        });
    }
    fixed
}

/// Truck lanes with the trucks `trucks` already paid for (and none on the
/// lane-weeks `capped` beyond them): the lane itself
/// carries up to `truck_kg x trucks` a week at no surcharge (as in
/// [`fixed_instance`]), and a copy of it appended after all lanes (its
/// "overflow", `overflow[i]` is the copy of truck lane `i` in lane order)
/// carries what goes beyond, up to the lane's limits, at the relaxation's
/// `cost_per_truck / truck_kg` per kg: more trucks are paid by the kg. The
/// two share the lane's capacity (the lane gets at most `truck_kg x
/// trucks` of it, the copy the rest), so the variant's plans, with the
/// copies' flows put back on their lanes ([`merge_overflow`]), are plans of
/// the scenario.
pub(super) fn sunk_instance(instance: &Instance, trucks: &TruckCounts, capped: &BTreeSet<LaneWeek>) -> Instance {
    let mut sunk = instance.clone();
    let no_limit = no_limit_kg(instance);
    let mut copies = Vec::new();
    for (l, lane) in sunk.lanes.iter_mut().enumerate() {
        let Some(truck) = lane.truck.take() else {
            continue;
        };
        let mut copy = lane.clone();
        copy.cost_per_kg += truck.cost / truck.kg;
        for cost in copy.cost_by_week.values_mut() {
            *cost += truck.cost / truck.kg;
        }
        copy.capacity_kg_per_period = None;
        copy.capacity_by_week.clear();
        for week in 1..=instance.weeks {
            let paid = f64::from(trucks.get(&(LaneIx(l), week)).copied().unwrap_or(0)) * truck.kg;
            let limit = truck.max_per_period.map_or(no_limit, |max| f64::from(max) * truck.kg);
            let limit = lane.capacity_in(week).map_or(limit, |c| c.min(limit));
            lane.capacity_by_week.insert(week, paid.min(limit));
            let room = if capped.contains(&(LaneIx(l), week)) {
                0.0
            } else {
                (limit - paid).max(0.0)
            };
            copy.capacity_by_week.insert(week, room);
        }
        copies.push(copy);
    }
    sunk.lanes.extend(copies);
    sunk
}

/// [`sunk_instance`] with `trucks` sunk outside `slopes`: the lane-weeks
/// in `slopes` have no paid trucks, and their copies charge
/// `slopes[(lane, week)]` per kg on top of the lane's cost (a slope as in
/// step 1) instead of the relaxation's price. The opening moves (step 6)
/// re-price the lanes out of one location this way while the rest of the
/// best plan stays as it is.
pub(super) fn repriced_instance(instance: &Instance, trucks: &TruckCounts, slopes: &Slopes) -> Instance {
    let outside: TruckCounts = trucks
        .iter()
        .filter(|(key, _)| !slopes.contains_key(key))
        .map(|(&key, &n)| (key, n))
        .collect();
    let mut variant = sunk_instance(instance, &outside, &BTreeSet::new());
    let n = instance.lanes.len();
    let truck_lanes = (0..n).filter(|&l| instance.lanes[l].truck.is_some());
    for (copy, l) in truck_lanes.enumerate() {
        let lane = &instance.lanes[l];
        for week in 1..=instance.weeks {
            if let Some(slope) = slopes.get(&(LaneIx(l), week)) {
                variant.lanes[n + copy]
                    .cost_by_week
                    .insert(week, lane.cost_in(week) + slope);
            }
        }
    }
    variant
}

/// Every week of the lanes `closed`: no truck leaves on them.
pub(super) fn closed_weeks(instance: &Instance, closed: &BTreeSet<LaneIx>) -> BTreeSet<LaneWeek> {
    closed
        .iter()
        .flat_map(|&l| (1..=instance.weeks).map(move |w| (l, w)))
        .collect()
}

/// Puts the flows of [`sunk_instance`]'s lane copies back on the lanes they
/// copy, adding up what meets on one lane, week, product and age.
pub(super) fn merge_overflow(instance: &Instance, plan: &mut Plan) {
    let originals: Vec<LaneIx> = (0..instance.lanes.len())
        .filter(|&l| instance.lanes[l].truck.is_some())
        .map(LaneIx)
        .collect();
    let n = instance.lanes.len();
    let back = |lane: LaneIx| if lane.0 >= n { originals[lane.0 - n] } else { lane };
    for f in &mut plan.shipments {
        f.lane = back(f.lane);
    }
    merge_by(
        &mut plan.shipments,
        |f| (f.lane, f.product, f.week, f.age),
        |f| &mut f.quantity_kg,
    );
    for f in &mut plan.support {
        f.lane = back(f.lane);
    }
    merge_by(
        &mut plan.support,
        |f| (f.line, f.lane, f.week, f.age),
        |f| &mut f.quantity_kg,
    );
}

/// Sorts `flows` by `key` and adds up the kg of flows with equal keys into
/// one (in their order, so the sums do not depend on how they were found).
fn merge_by<T, K: Ord>(flows: &mut Vec<T>, key: impl Fn(&T) -> K, kg: impl Fn(&mut T) -> &mut f64) {
    flows.sort_by_key(|f| key(f));
    flows.dedup_by(|later, kept| {
        let same = key(later) == key(kept);
        if same {
            *kg(kept) += *kg(later);
        }
        same
    });
}
