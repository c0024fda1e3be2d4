//! The lower bound every truck plan is measured against: the LP relaxation
//! with trucks priced per kg, strengthened where a lane-week can carry less
//! than a truck in some optimal plan (its kg then pay a whole truck).

use std::collections::BTreeMap;

use super::variants::priced_instance;
use super::LaneLoads;
use crate::data::{Instance, LaneIx, LocationIx, LocationKind, ProductIx, Week};
use crate::model::states::{build_state_space, StateSpace};
use crate::model::ObjectiveWeights;

/// The relaxation the search takes its lower bound from: as
/// [`relaxed_instance`], but a lane-week that carries less than a truck in
/// some optimal plan ([`load_bounds`]) is priced at `cost_per_truck /
/// bound` per kg. Why its optimum is still a lower bound: in that plan, a
/// lane-week carries `x <= d` kg, and any `x > 0` needs a truck, so its
/// trucks cost at least `cost_per_truck >= cost_per_truck x x / d` (for `x
/// = 0` both are 0); the plan is feasible for the priced LP and costs there
/// no more than it does in trucks. (For `d <= truck_kg` this is the convex
/// hull of one lane-week's truck cost; above a truck the plain price stays.)
pub fn bounding_instance(instance: &Instance, weights: &ObjectiveWeights) -> Instance {
    priced_by_loads(instance, &load_bounds(instance, weights))
}

/// [`bounding_instance`] from load bounds already found.
pub(super) fn priced_by_loads(instance: &Instance, loads: &LaneLoads) -> Instance {
    let slopes = loads
        .iter()
        .filter_map(|(&key, &d)| {
            let truck = instance.lane(key.0).truck?;
            (d > 0.0 && d < truck.kg).then(|| (key, truck.cost / d))
        })
        .collect();
    priced_instance(instance, &slopes)
}

/// Upper bounds on the kg truck lanes carry in a week, which some optimal
/// plan meets on every lane-week at once; lane-weeks without one are left
/// out. Per product that can travel the lane that week (a shipment column
/// exists), the smaller of:
/// - supply: out of a location that no lane leads into (a farm), what is
///   there that week, harvests and stock still fresh enough to leave.
///   Every plan meets it.
/// - demand: into a store, what the store can still sell of it, its orders
///   in the weeks the kg stay fresh after arrival. See [`demand_bounds`]
///   for why an optimal plan meets it (cutting loads to it only lowers
///   loads, so the supply side still holds).
///
/// The lane-week's bound is the sum over those products, and at most the
/// lane's capacity.
pub fn load_bounds(instance: &Instance, weights: &ObjectiveWeights) -> LaneLoads {
    let space = build_state_space(instance);
    let supply = supply_bounds(instance);
    let demand = DemandSide::of(instance, weights);
    let mut bounds = BTreeMap::new();
    for (l, lane) in instance.lanes.iter().enumerate() {
        if lane.truck.is_none() {
            continue;
        }
        'weeks: for week in 1..=instance.weeks {
            let mut kg = 0.0;
            for p in instance.product_ixs() {
                // Support kg may ride the lane without a shipment column.
                if !demand.support_lane[l] && !has_shipments(instance, &space, lane, p, week) {
                    continue;
                }
                let from_supply = supply.get(&(lane.from, p, week)).copied();
                let from_demand = demand.bound(LaneIx(l), p, week);
                match (from_supply, from_demand) {
                    (None, None) => continue 'weeks,
                    (a, b) => kg += a.into_iter().chain(b).fold(f64::INFINITY, f64::min),
                }
            }
            let kg = lane.capacity_in(week).map_or(kg, |c| c.min(kg));
            bounds.insert((LaneIx(l), week), kg);
        }
    }
    bounds
}

/// Whether `lane` has a shipment column of `p` leaving in `week` (the rule
/// of `model::build`: live states at both ends, fresh on arrival).
fn has_shipments(instance: &Instance, space: &StateSpace, lane: &crate::data::Lane, p: ProductIx, week: Week) -> bool {
    let d = lane.transit_periods;
    let max_age = instance.max_age_at(lane.from, p).min(space.age_limit());
    (0..=max_age).any(|age| {
        age.checked_add(d).is_some_and(|a| a <= instance.max_age_at(lane.to, p))
            && space.is_live((lane.from, p, week, age))
            && space.is_live((lane.to, p, week + d, age + d))
    })
}

/// The supply side of [`load_bounds`]: kg of each product at each location
/// that no lane leads into, per week, keyed `(location, product, week)`.
/// A lot harvested (or arriving as stock) in week `h` at age `a` is there
/// in weeks `h..=h + max_age - a`, after which it has spoiled.
fn supply_bounds(instance: &Instance) -> BTreeMap<(LocationIx, ProductIx, Week), f64> {
    let mut fed = vec![false; instance.locations.len()];
    for lane in &instance.lanes {
        fed[lane.to.0] = true;
    }
    let mut present = BTreeMap::new();
    let lots = instance
        .supply
        .iter()
        .map(|s| (s.farm, s.product, s.week, 0, s.quantity_kg))
        .chain(
            instance
                .stock
                .iter()
                .map(|s| (s.location, s.product, s.week, s.age, s.quantity_kg)),
        );
    for (at, product, week, age, kg) in lots {
        if fed[at.0] {
            continue;
        }
        let last = week.saturating_add(instance.max_age_at(at, product).saturating_sub(age));
        for w in week.max(1)..=last.min(instance.weeks) {
            *present.entry((at, product, w)).or_insert(0.0) += kg;
        }
    }
    // Unfed locations have a bound for every product and week (0 if none).
    for (n, _) in fed.iter().enumerate().filter(|(_, &fed)| !fed) {
        for p in instance.product_ixs() {
            for w in 1..=instance.weeks {
                present.entry((LocationIx(n), p, w)).or_insert(0.0);
            }
        }
    }
    present
}

/// The demand side of [`load_bounds`], per lane, product and week (`None`
/// where it does not apply). Kg of `p` leaving on `lane` (into a store) in `week`
/// arrive in week `a = week + transit` and can be sold only in weeks
/// `a..=a + max_sale_age - transit`; `D_p` is the store's orders of `p` in
/// those weeks.
///
/// Why some optimal plan carries at most `D_p` of `p`: take an optimal plan
/// where the lane-week carries more. Produce at a store is sold, kept, or
/// spoils there, and these kg can meet only the orders counted in `D_p`;
/// so at least `load_p - D_p` of them (kg are alike within a state) end up
/// spoiled or as closing stock at the store. Leave that many at the lane's
/// start instead, to spoil there. Nothing else changes, and the cost does
/// not rise when: the lane's price is >= 0 (saved); holding costs are >= 0
/// (saved); spoiling at the start costs no more than at the store (checked,
/// as the waste weights intend); none of them can be closing stock (the
/// window ends before the horizon's last week, so they spoil inside it;
/// else `D_p` is `None`); the store sends nothing on (no lane out of it)
/// and buys no support kg on this lane; and the start is not a farm with a
/// `min_sold_share`, whose shipments count. Trucks and capacities only gain
/// room, and no other load rises, so the cut can be made on every
/// lane-week and product in turn.
pub(super) struct DemandSide<'a> {
    instance: &'a Instance,
    weights: &'a ObjectiveWeights,
    /// Per lane: a support line buys on it.
    support_lane: Vec<bool>,
    /// Per location: some lane leaves it.
    sends_on: Vec<bool>,
    /// Per (store, product): orders up to each week, `[0]` = 0.
    orders_to: std::collections::HashMap<(LocationIx, ProductIx), Vec<f64>>,
}

impl<'a> DemandSide<'a> {
    pub(super) fn of(instance: &'a Instance, weights: &'a ObjectiveWeights) -> DemandSide<'a> {
        let mut support_lane = vec![false; instance.lanes.len()];
        for line in &instance.support {
            for l in instance.support_lanes(line) {
                support_lane[l.0] = true;
            }
        }
        let mut sends_on = vec![false; instance.locations.len()];
        for lane in &instance.lanes {
            sends_on[lane.from.0] = true;
        }
        let weeks = instance.weeks as usize;
        let mut orders_to: std::collections::HashMap<(LocationIx, ProductIx), Vec<f64>> = Default::default();
        for d in &instance.demand {
            let by_week = orders_to
                .entry((d.store, d.product))
                .or_insert_with(|| vec![0.0; weeks + 1]);
            if let Some(kg) = by_week.get_mut(d.week as usize) {
                *kg += d.quantity_kg;
            }
        }
        for by_week in orders_to.values_mut() {
            for w in 1..by_week.len() {
                by_week[w] += by_week[w - 1];
            }
        }
        DemandSide {
            instance,
            weights,
            support_lane,
            sends_on,
            orders_to,
        }
    }

    pub(super) fn bound(&self, l: LaneIx, p: ProductIx, week: Week) -> Option<f64> {
        let (instance, weights) = (self.instance, self.weights);
        let lane = instance.lane(l);
        let (from, to, transit) = (lane.from, lane.to, lane.transit_periods);
        if instance.location(to).kind != LocationKind::Store
            || self.sends_on[to.0]
            || self.support_lane[l.0]
            || instance.location(from).min_sold_share > 0.0
            || lane.cost_in(week) < 0.0
            || weights.waste_cost_per_kg(from, p) > weights.waste_cost_per_kg(to, p)
            || weights.holding_cost_per_kg_period(p) < 0.0
        {
            return None;
        }
        // Arriving spoiled: never shipped.
        let Some(fresh_weeks) = instance.max_age_at(to, p).checked_sub(transit) else {
            return Some(0.0);
        };
        let arrive = week + transit;
        // Still fresh in the last week: may be closing stock. A shelf life
        // of billions of days must not wrap the sum into the horizon (it
        // once made the bound exceed the plan's cost).
        let last = match arrive.checked_add(fresh_weeks) {
            Some(last) if last < instance.weeks => last,
            _ => return None,
        };
        let Some(orders) = self.orders_to.get(&(to, p)) else {
            return Some(0.0);
        };
        Some(orders[last as usize] - orders[arrive as usize - 1])
    }
}
