//! Plans in whole trucks: a deterministic search on top of the LP solvers.
//!
//! A lane with `truck_kg` carries `load <= truck_kg x trucks` each week and
//! pays `cost_per_truck x trucks`, trucks whole. With trucks continuous (the
//! LP relaxation) a truck lane is the same as a per-kg surcharge
//! `cost_per_truck / truck_kg` and a capacity `max_trucks x truck_kg`: the
//! relaxation is the scenario's own LP with other prices and capacities,
//! which the network and coupled simplex solve fast. Its cost is the lower
//! bound every truck plan is measured against.
//!
//! The search then changes only prices and capacities of the scenario and
//! re-solves it with [`super::solve_instance_from`], each solve starting
//! from the bases the last one ended with (every variant has the
//! relaxation's rows and columns, see [`priced_instance`]):
//! 1. slope scaling: each lane-week is priced at what its trucks cost per kg
//!    in the last plan (`cost_per_truck x trucks / load`), so that half-empty
//!    trucks look dear and full ones cheap, until the truck counts repeat;
//! 2. rounding: the relaxation's loads in whole trucks, rounded up, then
//!    down (full trucks only), as fixed capacities (below);
//! 3. filling: with the best plan's trucks fixed, the lane-weeks become plain
//!    capacities `truck_kg x trucks` at no surcharge, so the LP fills the
//!    trucks it pays for anyway;
//! 4. dropping: the least-filled last trucks are taken away in groups
//!    (largest group first, halved when it does not pay) and the rest of
//!    the best plan's trucks treated as paid ("sunk", [`sunk_instance`]):
//!    free up to `truck_kg x trucks`, and beyond that more trucks at the
//!    relaxation's price per kg, so the kg of a dropped truck may move to
//!    room in other trucks, to other lanes or weeks, or onto a new truck
//!    where that is cheapest. A change that lowers the cost is kept (and
//!    filled, step 3). Once single drops stop paying, the next
//!    least-filled trucks are tried one by one;
//! 5. closing lanes: after [`FRUITLESS_DROPS`] single drops in a row that
//!    did not pay, the truck lane whose trucks are least filled over the
//!    horizon (kg carried / kg of trucks, each lane once) is emptied, the
//!    sunk LP reroutes its kg and its trucks are filled; a lane whose
//!    closing lowers the cost stays closed for the later drops, and the drop
//!    walk starts again. The steps 3 to 5 repeat until [`DROP_SOLVES`];
//! 6. opening moves, which make a lane cheaper to use where the closing
//!    and dropping only take trucks away: the [`OPEN_LANES`] truck lanes
//!    that the bound's LP loads most beyond the best plan (kg over the
//!    horizon) are, one at a time, freed of their truck price while the
//!    other lanes out of the same place lose their paid trucks (priced per
//!    kg as in the relaxation) and all other lanes keep theirs sunk; slope
//!    scaling on those lanes and a fill follow, and a drop walk (as step 4,
//!    [`DESCENT_SOLVES`]) starts from the move's cheapest plan even when it
//!    costs more than the best, so that a new route can be trimmed before it
//!    is judged.
//!
//! Every candidate is counted in whole trucks and verified against the real
//! scenario; the cheapest verified one is the plan. The steps stop when the
//! plan is within `--gap` of the bound or after [`MAX_SOLVES`] LP solves, in
//! a fixed order: the same input gives the same plan on any machine. Only
//! `--time-limit` may stop the search earlier.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use super::plan::Plan;
use super::verify::{verify_plan, VerifiedPlan};
use super::{solve_instance_from, Method, Outcome, PlanOutcome, PlanStatus, SolveOptions, WarmStarts};
use crate::data::{Instance, LaneIx, LocationIx, LocationKind, ProductIx, Week};
use crate::model::states::{build_state_space, StateSpace};
use crate::model::ObjectiveWeights;

/// `--gap` when not given: a plan within 1% of the lower bound is accepted.
pub const DEFAULT_GAP: f64 = 0.01;
/// A plan this close to the bound is proven optimal.
pub const PROVEN_GAP: f64 = 1e-6;
/// LP solves the search may spend, the relaxation included. The count, not
/// the clock, ends the search (so the plan never depends on the machine).
/// 140: the steps 1 to 5 get [`DROP_SOLVES`], the opening moves (step 6)
/// the rest; 140 solves take about 3.2 s on the Luodian year.
pub const MAX_SOLVES: usize = 140;
/// Solves of the steps 1 to 5, the relaxation included: on the Luodian year
/// the drops and lane moves still paid between 40 and 60 and little after.
pub const DROP_SOLVES: usize = 60;
/// Lanes the opening moves (step 6) try, most promising first: on the
/// Luodian year the third still paid, six gave the same plan as three.
pub const OPEN_LANES: usize = 3;
/// Slope-scaling solves per opened lane, each followed by a fill.
pub const OPEN_SLOPES: usize = 3;
/// Solves of the drop walk from an opened lane's plan.
pub const DESCENT_SOLVES: usize = 20;
/// Of those, at most this many for slope scaling: it improves fast at
/// first and then circles (measured on the Luodian year).
pub const SLOPE_SOLVES: usize = 10;

/// Single drops in a row that do not pay before the search closes a lane
/// instead (measured on the Luodian year: most single drops after the
/// first few give back the plan they started from).
pub const FRUITLESS_DROPS: usize = 10;

/// How a truck search ended: the gap between its plan and the lower bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapStatus {
    /// The plan costs the lower bound (gap <= [`PROVEN_GAP`]).
    Optimal,
    /// Within the gap asked for (`--gap`), not proven optimal.
    WithinGap,
    /// The search ended (its budget of solves, or `--time-limit`) with a
    /// larger gap; the plan is verified, only its distance to the bound is
    /// larger than asked.
    AboveGap,
}

impl GapStatus {
    /// The word in `summary.csv`: `optimal`, `within_gap` or `above_gap`.
    pub fn word(self) -> &'static str {
        match self {
            GapStatus::Optimal => "optimal",
            GapStatus::WithinGap => "within_gap",
            GapStatus::AboveGap => "above_gap",
        }
    }
}

/// What the truck search found, for `summary.csv` and the report.
#[derive(Debug, Clone, PartialEq)]
pub struct TruckSearch {
    /// The LP relaxation's cost: no truck plan costs less.
    pub lower_bound: f64,
    /// `(cost - lower_bound) / cost`: how far the plan may be from the best.
    pub gap: f64,
    /// How the search ended.
    pub status: GapStatus,
    /// Trucks in the plan, over all lanes and weeks.
    pub trucks: u64,
    /// What they cost.
    pub truck_cost: f64,
    /// LP solves spent, the relaxation included.
    pub solves: usize,
    /// Of those, variants skipped without a plan: the fast core gave up or
    /// failed on them and no general LP solver was tried (see
    /// [`SolveOptions::fast_core_only`]). Since the coupled simplex declines
    /// no block by size, only a solver failure counts here; `summary.csv`
    /// keeps the column (`lp_solves_skipped`) because scripts read it.
    pub skipped: usize,
}

/// Whether any lane is planned in trucks.
pub fn has_trucks(instance: &Instance) -> bool {
    instance.lanes.iter().any(|l| l.truck.is_some())
}

/// The LP relaxation as a plain scenario: every truck lane priced at
/// `cost_per_truck / truck_kg` per kg on top of its cost, with capacity
/// `max x truck_kg` where trucks are limited, and no trucks.
pub fn relaxed_instance(instance: &Instance) -> Instance {
    priced_instance(instance, &BTreeMap::new())
}

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
    let slopes = load_bounds(instance, weights)
        .into_iter()
        .filter_map(|(key, d)| {
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
pub fn load_bounds(instance: &Instance, weights: &ObjectiveWeights) -> BTreeMap<(LaneIx, Week), f64> {
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
struct DemandSide<'a> {
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
    fn of(instance: &'a Instance, weights: &'a ObjectiveWeights) -> DemandSide<'a> {
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

    fn bound(&self, l: LaneIx, p: ProductIx, week: Week) -> Option<f64> {
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
fn priced_instance(instance: &Instance, slopes: &BTreeMap<(LaneIx, Week), f64>) -> Instance {
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
fn fixed_instance(instance: &Instance, trucks: &BTreeMap<(LaneIx, Week), u32>) -> Instance {
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
fn sunk_instance(
    instance: &Instance,
    trucks: &BTreeMap<(LaneIx, Week), u32>,
    capped: &BTreeSet<(LaneIx, Week)>,
) -> Instance {
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
fn repriced_instance(
    instance: &Instance,
    trucks: &BTreeMap<(LaneIx, Week), u32>,
    slopes: &BTreeMap<(LaneIx, Week), f64>,
) -> Instance {
    let outside: BTreeMap<(LaneIx, Week), u32> = trucks
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
fn closed_weeks(instance: &Instance, closed: &BTreeSet<LaneIx>) -> BTreeSet<(LaneIx, Week)> {
    closed
        .iter()
        .flat_map(|&l| (1..=instance.weeks).map(move |w| (l, w)))
        .collect()
}

/// Puts the flows of [`sunk_instance`]'s lane copies back on the lanes they
/// copy, adding up what meets on one lane, week, product and age.
fn merge_overflow(instance: &Instance, plan: &mut Plan) {
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

/// A verified truck plan and its cost.
struct Candidate {
    verified: VerifiedPlan,
    cost: f64,
}

impl Candidate {
    /// Trucks per (lane, week), whole.
    fn trucks(&self) -> BTreeMap<(LaneIx, Week), u32> {
        counted_trucks(&self.verified.plan)
    }
}

/// The search's state: the budget, the best plan so far, the statistics.
struct Search<'a> {
    instance: &'a Instance,
    weights: &'a ObjectiveWeights,
    options: SolveOptions,
    started: Instant,
    solves: usize,
    solve_seconds: f64,
    build_seconds: f64,
    best: Option<Candidate>,
    lower_bound: f64,
    stopped: bool,
    /// Variants skipped because the fast core gave up or failed on them
    /// (counted in `solves`).
    skipped: usize,
    /// The bases the last solve ended with: every variant has the shape of
    /// the relaxation (see [`priced_instance`]), so the next one starts there.
    warm: WarmStarts,
    /// The same for the variants with lane copies ([`sunk_instance`]),
    /// which have a shape of their own.
    warm_sunk: WarmStarts,
    starts: Starts,
    /// The verified cost of the last solve's plan (`None`: it did not verify).
    last_cost: Option<f64>,
}

impl<'a> Search<'a> {
    /// A search with no plan yet, its bound `lower_bound` (one solve spent on it).
    fn new(
        instance: &'a Instance,
        weights: &'a ObjectiveWeights,
        options: &SolveOptions,
        starts: Starts,
        lower_bound: f64,
    ) -> Search<'a> {
        Search {
            instance,
            weights,
            options: *options,
            started: Instant::now(),
            solves: 1,
            solve_seconds: 0.0,
            build_seconds: 0.0,
            best: None,
            lower_bound,
            stopped: false,
            skipped: 0,
            warm: WarmStarts::default(),
            warm_sunk: WarmStarts::default(),
            starts,
            last_cost: None,
        }
    }

    /// Whether another LP solve may start.
    fn may_solve(&self) -> bool {
        let in_time = self
            .options
            .time_limit_seconds
            .is_none_or(|limit| self.started.elapsed().as_secs_f64() < limit);
        !self.stopped && self.solves < MAX_SOLVES && in_time && !self.close_enough()
    }

    fn gap(&self) -> f64 {
        self.best
            .as_ref()
            .map_or(f64::INFINITY, |best| relative_gap(best.cost, self.lower_bound))
    }

    fn close_enough(&self) -> bool {
        self.best.is_some() && self.gap() <= self.options.gap.max(PROVEN_GAP)
    }

    /// Solves `variant` (a scenario without trucks); its plan is counted in
    /// trucks and verified against the real scenario, and kept if it is the
    /// cheapest so far. `None` when the variant gave no plan. The plan of
    /// a sunk variant comes back with its lane copies merged (a plan of
    /// the scenario).
    /// A warm start changes which optimal plan of a variant the solver ends
    /// at (not its cost), and so the path of the search; it is still a
    /// function of the input alone. A variant whose block the fast core
    /// gives up or fails on is skipped (`None`, counted in `skipped`): the
    /// search's many re-solves must not each spend minutes in a general LP
    /// solver (the 300-farm fixed-truck variants took 8-50 s each in
    /// microlp when the coupled simplex still declined them by size).
    fn solve(&mut self, variant: &Instance) -> crate::Result<Option<Plan>> {
        self.solve_by(variant, true)
    }

    /// [`Search::solve`], where `fast_core_only = false` lets a block the
    /// fast core gave up or failed on go on to a general LP solver (cold).
    /// Only the two rounding solves do that, since every other step may run
    /// many times. (On the 300-farm case rounding up once reached the gap
    /// only through microlp, 26-29 s; the coupled simplex now takes those
    /// blocks itself, see BENCHMARKS.md.)
    fn solve_by(&mut self, variant: &Instance, fast_core_only: bool) -> crate::Result<Option<Plan>> {
        // Only the sunk variants have lane copies after the scenario's lanes.
        let sunk = variant.lanes.len() > self.instance.lanes.len();
        let mut options = self.options;
        options.fast_core_only = fast_core_only;
        options.time_limit_seconds = options
            .time_limit_seconds
            .map(|limit| (limit - self.started.elapsed().as_secs_f64()).max(1e-9));
        let slot = if sunk { &mut self.warm_sunk } else { &mut self.warm };
        let start = (self.starts == Starts::Warm).then_some(&*slot);
        let (outcome, warm) = solve_instance_from(variant, self.weights, &options, start)?;
        *slot = warm;
        self.solves += 1;
        self.solve_seconds += outcome.solve_seconds;
        self.build_seconds += outcome.build_seconds;
        self.last_cost = None;
        if matches!(outcome.status(), Some(PlanStatus::TimeLimit)) {
            // The user's time is up: the best plan so far stands.
            self.stopped = true;
        }
        let Some(plan) = outcome.into_plan() else {
            // The fast core gave up or failed (or the variant has no
            // plan): the search goes on with the next.
            self.skipped += 1;
            return Ok(None);
        };
        let mut plan = plan.plan;
        if sunk {
            merge_overflow(self.instance, &mut plan);
        }
        plan.count_trucks(self.instance);
        if let Ok(verified) = verify_plan(self.instance, self.weights, &plan, None) {
            let cost = verified.costs.total();
            self.last_cost = Some(cost);
            if self.best.as_ref().is_none_or(|best| cost < best.cost) {
                self.best = Some(Candidate { verified, cost });
            }
        }
        Ok(Some(plan))
    }
}

/// The truck lanes the bound's LP loads more than the best plan does, over
/// the horizon, most kg first (ties by lane), at most [`OPEN_LANES`]: where
/// the relaxation sees a use for trucks that the search has not opened.
fn lanes_to_open(relaxed: &BTreeMap<(LaneIx, Week), f64>, best: &BTreeMap<(LaneIx, Week), f64>) -> Vec<LaneIx> {
    let mut more: BTreeMap<LaneIx, f64> = BTreeMap::new();
    for (&(lane, _), &kg) in relaxed {
        *more.entry(lane).or_default() += kg;
    }
    for (&(lane, _), &kg) in best {
        *more.entry(lane).or_default() -= kg;
    }
    let mut ranked: Vec<(f64, LaneIx)> = more
        .into_iter()
        .filter(|&(_, kg)| kg > 1e-6)
        .map(|(lane, kg)| (kg, lane))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().take(OPEN_LANES).map(|(_, lane)| lane).collect()
}

/// An opening move: `lane` free of its trucks' price (only its cost per
/// kg) and the other truck lanes out of the same location at the
/// relaxation's price, with no paid trucks, while every other lane keeps
/// `trucks` sunk: the LP sends `lane` what it can use and may take kg off
/// its sibling lanes, whose trucks are no longer free. Then [`OPEN_SLOPES`]
/// rounds of slope scaling on those lanes alone (each lane-week priced at
/// what its trucks cost per kg in the last plan), each plan's trucks
/// filled. Returns the cheapest verified plan of the move and its cost,
/// which need not beat the best: [`descend`] starts from it. (Re-pricing
/// the lanes into the same place, or out of `lane`'s end, too was slower
/// and did not pay on the Luodian year.)
fn open_lane(
    search: &mut Search,
    trucks: &BTreeMap<(LaneIx, Week), u32>,
    lane: LaneIx,
) -> crate::Result<Option<(f64, Plan)>> {
    let instance = search.instance;
    let mut slopes = opening_slopes(instance, lane);
    let mut opened: Option<(f64, Plan)> = None;
    let mut keep = |cost: Option<f64>, plan: &Plan| {
        if let Some(cost) = cost.filter(|&c| opened.as_ref().is_none_or(|(o, _)| c < *o)) {
            opened = Some((cost, plan.clone()));
        }
    };
    for _ in 0..OPEN_SLOPES {
        if !search.may_solve() {
            break;
        }
        let Some(next) = search.solve(&repriced_instance(instance, trucks, &slopes))? else {
            break;
        };
        keep(search.last_cost, &next);
        for (&key, &kg) in &truck_loads(instance, &next) {
            let truck = instance.lane(key.0).truck.expect("truck lane");
            let n = truck.needed_for(kg);
            if slopes.contains_key(&key) && kg > 0.0 && n > 0 {
                slopes.insert(key, truck.cost * f64::from(n) / kg);
            }
        }
        if search.may_solve() {
            if let Some(filled) = search.solve(&fixed_instance(instance, &counted_trucks(&next)))? {
                keep(search.last_cost, &filled);
            }
        }
    }
    Ok(opened)
}

/// The first prices of an opening move on `lane`, per kg on top of the
/// lanes' costs, every week: 0 on `lane`, the relaxation's
/// `cost_per_truck / truck_kg` on the other truck lanes out of the same
/// place; the lanes not named keep their sunk trucks.
fn opening_slopes(instance: &Instance, lane: LaneIx) -> BTreeMap<(LaneIx, Week), f64> {
    let here = instance.lane(lane);
    let mut slopes = BTreeMap::new();
    for (l, other) in instance.lanes.iter().enumerate() {
        let Some(truck) = other.truck else { continue };
        let slope = if l == lane.0 {
            0.0
        } else if other.from == here.from {
            truck.cost / truck.kg
        } else {
            continue;
        };
        for week in 1..=instance.weeks {
            slopes.insert((LaneIx(l), week), slope);
        }
    }
    slopes
}

/// Whole trucks per (lane, week) of a counted plan.
fn counted_trucks(plan: &Plan) -> BTreeMap<(LaneIx, Week), u32> {
    plan.trucks
        .iter()
        .map(|t| ((t.lane, t.week), t.trucks as u32))
        .collect()
}

/// The last truck of each lane-week that is not full, as (its fill, the
/// lane-week), least filled first (ties in lane-week order): the trucks
/// the drop steps try to take away.
fn last_truck_fills(
    instance: &Instance,
    trucks: &BTreeMap<(LaneIx, Week), u32>,
    loads: &BTreeMap<(LaneIx, Week), f64>,
) -> Vec<(f64, (LaneIx, Week))> {
    let mut last_fill: Vec<(f64, (LaneIx, Week))> = trucks
        .iter()
        .filter_map(|(&key, &n)| {
            let truck = instance.lane(key.0).truck?;
            let kg = loads.get(&key).copied().unwrap_or(0.0);
            let fill = (kg - f64::from(n.saturating_sub(1)) * truck.kg) / truck.kg;
            (fill < 1.0 - 1e-9).then_some((fill, key))
        })
        .collect();
    last_fill.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    last_fill
}

/// A drop walk from `plan` (not necessarily the best, cost `cost`): its
/// last trucks, least filled first, dropped one at a time with the rest
/// sunk (as step 4); a drop that lowers the walk's cost moves it there,
/// filled, and the walk starts again from the least-filled truck. At most
/// `budget` solves; every plan is a candidate for the best.
fn descend(search: &mut Search, mut plan: Plan, mut cost: f64, budget: usize) -> crate::Result<()> {
    let instance = search.instance;
    let mut offset = 0;
    let end = search.solves + budget;
    while search.may_solve() && search.solves < end {
        let trucks = counted_trucks(&plan);
        let loads = truck_loads(instance, &plan);
        let last_fill = last_truck_fills(instance, &trucks, &loads);
        let Some(&(_, key)) = last_fill.get(offset) else { break };
        let mut fewer = trucks.clone();
        if let Some(n) = fewer.get_mut(&key) {
            *n -= 1;
        }
        let Some(next) = search.solve(&sunk_instance(instance, &fewer, &BTreeSet::new()))? else {
            offset += 1;
            continue;
        };
        match search.last_cost {
            Some(c) if c < cost - 1e-6 => {
                plan = next;
                cost = c;
                offset = 0;
                if search.may_solve() {
                    if let Some(filled) = search.solve(&fixed_instance(instance, &counted_trucks(&plan)))? {
                        if let Some(c) = search.last_cost.filter(|&c| c < cost - 1e-6) {
                            plan = filled;
                            cost = c;
                        }
                    }
                }
            }
            _ => offset += 1,
        }
    }
    Ok(())
}

/// `(cost - bound) / cost`. A bound above the cost is a bug in the bound
/// (the truck search checks it), so it is not clamped to 0 here.
pub fn relative_gap(cost: f64, lower_bound: f64) -> f64 {
    (cost - lower_bound) / cost.abs().max(1.0)
}

/// Kg per (truck lane, week) of a plan, support purchases included.
fn truck_loads(instance: &Instance, plan: &Plan) -> BTreeMap<(LaneIx, Week), f64> {
    plan.truck_lots(instance)
        .into_iter()
        .map(|(key, lots)| (key, lots.values().sum()))
        .collect()
}

/// Plans `instance` (with truck lanes) by the search of the module comment.
/// The outcome's plan is verified with its trucks; `trucks` says how close
/// it is to the bound.
pub fn solve_trucks(
    instance: &Instance,
    weights: &ObjectiveWeights,
    options: &SolveOptions,
) -> crate::Result<PlanOutcome> {
    search_trucks(instance, weights, options, Starts::Warm)
}

/// [`solve_trucks`] with every LP solved from scratch: the same steps,
/// which may end at other optimal plans of the variants and so take another
/// path. For tests and benchmarks that measure what warm starts change.
pub fn solve_trucks_cold(
    instance: &Instance,
    weights: &ObjectiveWeights,
    options: &SolveOptions,
) -> crate::Result<PlanOutcome> {
    search_trucks(instance, weights, options, Starts::Cold)
}

/// Whether the search's re-solves start from the last solve's bases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Starts {
    Warm,
    Cold,
}

fn search_trucks(
    instance: &Instance,
    weights: &ObjectiveWeights,
    options: &SolveOptions,
    starts: Starts,
) -> crate::Result<PlanOutcome> {
    let started = Instant::now();
    let relaxed = bounding_instance(instance, weights);
    let (first, first_warm) = solve_instance_from(&relaxed, weights, options, None)?;
    let Some(relaxed_plan) = first.plan() else {
        return Ok(first);
    };
    let mut search = Search::new(instance, weights, options, starts, relaxed_plan.costs.total());
    search.solve_seconds = first.solve_seconds;
    search.build_seconds = first.build_seconds;
    search.warm = first_warm;
    // `--time-limit` counts from the start, the relaxation included.
    search.started = started;
    let mut plan = relaxed_plan.plan.clone();
    plan.count_trucks(instance);
    if let Ok(verified) = verify_plan(instance, weights, &plan, None) {
        let cost = verified.costs.total();
        search.best = Some(Candidate { verified, cost });
    }

    // 1. Slope scaling, until the truck counts repeat.
    let mut slopes: BTreeMap<(LaneIx, Week), f64> = BTreeMap::new();
    let mut seen: BTreeSet<Vec<((LaneIx, Week), u32)>> = BTreeSet::new();
    let relaxed_plan = relaxed_plan.clone();
    let mut last = relaxed_plan.plan.clone();
    while search.may_solve() && search.solves <= SLOPE_SOLVES {
        let loads = truck_loads(instance, &last);
        let mut counts = Vec::with_capacity(loads.len());
        for (&key, &kg) in &loads {
            let truck = instance.lane(key.0).truck.expect("loads are of truck lanes");
            let trucks = truck.needed_for(kg);
            counts.push((key, trucks));
            if kg > 0.0 && trucks > 0 {
                slopes.insert(key, truck.cost * f64::from(trucks) / kg);
            }
        }
        if !seen.insert(counts) {
            break;
        }
        match search.solve(&priced_instance(instance, &slopes))? {
            Some(next) => last = next,
            None => break,
        }
    }

    // 2. The relaxation's loads rounded to whole trucks, up and then down
    // (only full trucks: leaving the rest may beat another truck, as in
    // the hand-derived case of one full truck and 2 t short).
    let relaxed_loads = truck_loads(instance, &relaxed_plan.plan);
    for round_up in [true, false] {
        if !search.may_solve() {
            break;
        }
        let trucks: BTreeMap<(LaneIx, Week), u32> = relaxed_loads
            .iter()
            .filter_map(|(&key, &kg)| {
                let truck = instance.lane(key.0).truck?;
                let full = (kg / truck.kg + 1e-9).floor() as u32;
                Some((key, if round_up { truck.needed_for(kg) } else { full }))
            })
            .collect();
        search.solve_by(&fixed_instance(instance, &trucks), false)?;
    }

    // 3. to 5. Fill the best plan's trucks, drop the least-filled ones,
    // close the least-filled lanes.
    // Truck counts already filled (fixed LP) and already tried as drops
    // (sunk LP): the two LPs differ, so a count tried in one may still pay
    // in the other.
    let mut tried: BTreeSet<Vec<((LaneIx, Week), u32)>> = BTreeSet::new();
    let mut dropped: BTreeSet<Vec<((LaneIx, Week), u32)>> = BTreeSet::new();
    let mut group = usize::MAX;
    let mut offset = 0;
    let mut fruitless = 0;
    let mut closed: BTreeSet<LaneIx> = BTreeSet::new();
    let mut lanes_tried: BTreeSet<LaneIx> = BTreeSet::new();
    while search.may_solve() && search.solves < DROP_SOLVES {
        let Some(best) = &search.best else { break };
        let mut trucks = best.trucks();
        let key: Vec<_> = trucks.iter().map(|(&k, &n)| (k, n)).collect();
        if tried.insert(key) {
            let before = search.best.as_ref().map(|b| b.cost);
            search.solve(&fixed_instance(instance, &trucks))?;
            if search.best.as_ref().map(|b| b.cost) != before {
                continue;
            }
        }
        // The last truck of each lane-week, least filled first.
        let best = search.best.as_ref().expect("checked above");
        let loads = truck_loads(instance, &best.verified.plan);
        let last_fill = last_truck_fills(instance, &trucks, &loads);
        if group == usize::MAX {
            group = last_fill.len().div_ceil(4).max(1);
        }
        if group == 0 {
            group = 1;
            offset += 1;
        }
        if offset >= last_fill.len() || fruitless >= FRUITLESS_DROPS {
            // 5. A lane move: the truck lane whose trucks are least filled
            // over the horizon, emptied. Until one pays, the next lane
            // follows (the drop walk has stopped paying).
            let mut by_lane: BTreeMap<LaneIx, (f64, f64)> = BTreeMap::new();
            for (&(lane, week), &n) in &trucks {
                let Some(truck) = instance.lane(lane).truck else {
                    continue;
                };
                let entry = by_lane.entry(lane).or_default();
                entry.0 += loads.get(&(lane, week)).copied().unwrap_or(0.0);
                entry.1 += f64::from(n) * truck.kg;
            }
            let next = by_lane
                .iter()
                .filter(|(l, (_, room))| *room > 0.0 && !lanes_tried.contains(l))
                .map(|(&l, &(kg, room))| (kg / room, l))
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let Some((_, lane)) = next else { break };
            lanes_tried.insert(lane);
            trucks.retain(|&(l, _), _| l != lane);
            let mut shut = closed.clone();
            shut.insert(lane);
            let before = search.best.as_ref().map(|b| b.cost);
            let Some(moved) = search.solve(&sunk_instance(instance, &trucks, &closed_weeks(instance, &shut)))? else {
                continue;
            };
            if search.may_solve() {
                let moved_trucks = counted_trucks(&moved);
                if tried.insert(moved_trucks.iter().map(|(&k, &n)| (k, n)).collect()) {
                    search.solve(&fixed_instance(instance, &moved_trucks))?;
                }
            }
            if search.best.as_ref().map(|b| b.cost) != before {
                closed = shut;
                group = usize::MAX;
                offset = 0;
                fruitless = 0;
            }
            continue;
        }
        for &(_, key) in last_fill.iter().skip(offset).take(group) {
            if let Some(n) = trucks.get_mut(&key) {
                *n = n.saturating_sub(1);
            }
        }
        let before = search.best.as_ref().map(|b| b.cost);
        if !dropped.insert(trucks.iter().map(|(&k, &n)| (k, n)).collect()) {
            group /= 2;
            continue;
        }
        search.solve(&sunk_instance(instance, &trucks, &closed_weeks(instance, &closed)))?;
        if search.best.as_ref().map(|b| b.cost) == before {
            if group == 1 {
                fruitless += 1;
            }
            group /= 2;
        } else {
            offset = 0;
            fruitless = 0;
        }
    }

    // 6. Opening moves: the lanes the bound's LP uses most beyond the best
    // plan, each priced by slope scaling with the rest of the best plan's
    // trucks sunk, then a drop walk from the cheapest plan that gave.
    let best_loads = search
        .best
        .as_ref()
        .map(|best| truck_loads(instance, &best.verified.plan))
        .unwrap_or_default();
    for lane in lanes_to_open(&relaxed_loads, &best_loads) {
        if !search.may_solve() {
            break;
        }
        let Some(trucks) = search.best.as_ref().map(Candidate::trucks) else {
            break;
        };
        if let Some((cost, plan)) = open_lane(&mut search, &trucks, lane)? {
            descend(&mut search, plan, cost, DESCENT_SOLVES)?;
        }
    }

    let gap = search.gap();
    let Search {
        best,
        solves,
        skipped,
        solve_seconds,
        build_seconds,
        lower_bound,
        ..
    } = search;
    let mut outcome = first;
    outcome.solve_seconds = solve_seconds;
    outcome.build_seconds = build_seconds;
    outcome.trucks = None;
    let Method::Lp(solver) = outcome.method() else {
        // `solve_instance_with` plans a scenario without trucks by LP only.
        return Ok(outcome);
    };
    let Some(best) = best else {
        outcome.outcome = Outcome::NotPlanned {
            status: PlanStatus::Failed("no truck plan passed verification".to_string()),
            method: Method::Trucks(solver, GapStatus::AboveGap),
        };
        return Ok(outcome);
    };
    // Every truck plan costs at least the bound; a bound above the verified
    // plan's cost (beyond rounding) means the bound is wrong, and then
    // neither `optimal` nor the gap may be claimed.
    if gap < -PROVEN_GAP {
        outcome.outcome = Outcome::NotPlanned {
            status: PlanStatus::Failed(format!(
                "the truck lower bound {lower_bound} is above the verified plan's cost {}: a bug in the bound, please report it",
                best.cost
            )),
            method: Method::Trucks(solver, GapStatus::AboveGap),
        };
        return Ok(outcome);
    }
    let status = if gap <= PROVEN_GAP {
        GapStatus::Optimal
    } else if gap <= options.gap {
        GapStatus::WithinGap
    } else {
        GapStatus::AboveGap
    };
    let found = TruckSearch {
        lower_bound,
        gap,
        status,
        trucks: best.verified.plan.trucks.iter().map(|t| t.trucks as u64).sum(),
        truck_cost: best.verified.costs.trucks,
        solves,
        skipped,
    };
    outcome.outcome = Outcome::Planned {
        plan: best.verified,
        method: Method::Trucks(solver, status),
    };
    outcome.trucks = Some(found);
    // The LP certificates of the relaxation say nothing of whole trucks:
    // a truck plan's proof is its lower bound and gap.
    outcome.certificate = crate::solve::Certificate::None(crate::solve::certificate::reason::TRUCKS.to_string());
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{read_instance_from, MemoryFiles};

    /// One farm, one store, one week: 7,000 kg harvested and ordered (worth
    /// 5, short at 10 a kg), one lane of 5,000 kg trucks at 100 a truck, no
    /// cost per kg, `capacity` kg a week (blank: none).
    fn one_lane(capacity: &str) -> Instance {
        let lanes = format!(
            "from,to,cost_per_kg,capacity_kg_per_week,truck_kg,cost_per_truck\nMuyin-1,Jingkai,0,{capacity},5000,100\n"
        );
        let files = [
            ("products.csv", "product,shelf_life_days,value_per_kg\nplum,14,5\n"),
            ("farms.csv", "farm,region\nMuyin-1,Luodian\n"),
            ("stores.csv", "store,region\nJingkai,Jingkai\n"),
            ("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,7000\n"),
            ("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,1,7000\n"),
            ("lanes.csv", lanes.as_str()),
        ];
        read_instance_from(&MemoryFiles::from_texts(&files)).expect("the test scenario is valid")
    }

    /// A shelf life of 4,294,967,290 days kept in daily periods: arrival
    /// week plus fresh weeks passes `u32::MAX`. That sum once wrapped into
    /// the horizon, pricing the lane as if its kg spoiled at once: the bound
    /// (652) came out above the plan's cost (202). Now the kg may be closing
    /// stock, so the demand side gives no bound, and the bound stays below
    /// the cost of every plan (in a debug build the old sum panicked).
    #[test]
    fn a_shelf_life_past_u32_does_not_wrap_the_demand_bound() {
        let files = [
            ("scenario.toml", "period_days = 1\n"),
            (
                "products.csv",
                "product,shelf_life_days,value_per_kg\nplum,4294967290,5\n",
            ),
            ("farms.csv", "farm,region\nMuyin-1,Luodian\n"),
            ("stores.csv", "store,region\nJingkai,Jingkai\n"),
            ("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,7,3000\n"),
            (
                "demand.csv",
                "store,product,week,quantity_kg\nJingkai,plum,7,1000\nJingkai,plum,8,1000\nJingkai,plum,10,1000\n",
            ),
            (
                "lanes.csv",
                "from,to,cost_per_kg,truck_kg,cost_per_truck\nMuyin-1,Jingkai,0.01,5000,100\n",
            ),
        ];
        let instance = read_instance_from(&MemoryFiles::from_texts(&files)).expect("the test scenario is valid");
        let weights = ObjectiveWeights::of(&instance);
        let demand = DemandSide::of(&instance, &weights);
        for week in 1..=instance.weeks {
            assert_eq!(demand.bound(LaneIx(0), ProductIx(0), week), None, "week {week}");
        }
        let outcome = crate::solve::solve_instance(&instance, &crate::solve::SolveOptions::default())
            .expect("the scenario plans");
        let search = outcome.trucks.as_ref().expect("a truck search");
        let cost = outcome.plan().expect("a verified plan").costs.total();
        assert!(
            search.lower_bound <= cost + 1e-9,
            "bound {} above cost {cost}",
            search.lower_bound
        );
        assert!(search.gap >= 0.0, "{search:?}");
    }

    /// One farm, one store, one week, 7,000 kg harvested and ordered (short
    /// at 10 a kg), two routes with 5,000 kg trucks at 100 a truck: `A`
    /// straight to the store at no cost per kg, `B` to a hub at 0.01 a kg
    /// (and on from the hub, no trucks, no cost). Lanes: 0 `A`, 1 `B`, 2
    /// the hub's.
    fn two_routes() -> Instance {
        let files = [
            ("products.csv", "product,shelf_life_days,value_per_kg\nplum,14,5\n"),
            ("farms.csv", "farm,region\nMuyin-1,Luodian\n"),
            ("hubs.csv", "hub,region\nGuiyang-DC,Guiyang\n"),
            ("stores.csv", "store,region\nJingkai,Jingkai\n"),
            ("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,7000\n"),
            ("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,1,7000\n"),
            (
                "lanes.csv",
                "from,to,cost_per_kg,truck_kg,cost_per_truck\nMuyin-1,Jingkai,0,5000,100\nMuyin-1,Guiyang-DC,0.01,5000,100\nGuiyang-DC,Jingkai,0,,\n",
            ),
        ];
        read_instance_from(&MemoryFiles::from_texts(&files)).expect("the test scenario is valid")
    }

    /// Hand-derived: relaxed loads lane 0: 1,000 + 500, lane 1: 300, lane
    /// 2: 900; the best plan's: lane 0: 700, lane 1: 400, lane 2: 100. Lane
    /// 2 is 800 kg short of the relaxation, lane 0 800 too (ties by lane:
    /// 0 first), lane 1 carries more than the relaxation and is left out.
    #[test]
    fn lanes_to_open_are_the_ones_the_bound_loads_beyond_the_best_plan() {
        let relaxed = BTreeMap::from([
            ((LaneIx(0), 1), 1000.0),
            ((LaneIx(0), 2), 500.0),
            ((LaneIx(1), 1), 300.0),
            ((LaneIx(2), 2), 900.0),
        ]);
        let best = BTreeMap::from([
            ((LaneIx(0), 1), 700.0),
            ((LaneIx(1), 2), 400.0),
            ((LaneIx(2), 1), 100.0),
        ]);
        assert_eq!(lanes_to_open(&relaxed, &best), vec![LaneIx(0), LaneIx(2)]);
    }

    /// Opening `A` frees it (0 a kg) and prices `B`, out of the same farm,
    /// at 100 / 5,000 = 0.02 a kg; the hub's lane has no trucks and is not
    /// named. Opening `B` likewise.
    #[test]
    fn an_opening_move_frees_the_lane_and_prices_its_siblings() {
        let instance = two_routes();
        assert_eq!(
            opening_slopes(&instance, LaneIx(0)),
            BTreeMap::from([((LaneIx(0), 1), 0.0), ((LaneIx(1), 1), 0.02)])
        );
        assert_eq!(
            opening_slopes(&instance, LaneIx(1)),
            BTreeMap::from([((LaneIx(0), 1), 0.02), ((LaneIx(1), 1), 0.0)])
        );
    }

    /// The re-priced lane-week has no paid trucks: its copy carries the
    /// kg at the slope. Hand-derived on `two_lanes`, one truck paid on each:
    /// re-pricing `A` at 0 a kg sends `B`'s 2,000 kg onto `A` beyond its
    /// paid truck (0 on the copy against 0.01 on `B`'s paid one): plan 7,000
    /// kg on `A` in 2 trucks, 200. At a slope of 1 a kg `A` keeps no paid
    /// truck and carries nothing: 5,000 on `B`'s paid truck and 2,000 on its
    /// copy (0.01 + 0.02 a kg, less than 10 short): 3 trucks... no, `B`:
    /// 7,000 kg in 2 trucks, 200 + 70.
    #[test]
    fn a_repriced_lane_drops_its_paid_trucks_and_charges_the_slope() {
        let instance = two_routes();
        let weights = ObjectiveWeights::of(&instance);
        let paid = BTreeMap::from([((LaneIx(0), 1), 1), ((LaneIx(1), 1), 1)]);
        for (slope, lane, cost) in [(0.0, LaneIx(0), 200.0), (1.0, LaneIx(1), 270.0)] {
            let variant = repriced_instance(&instance, &paid, &BTreeMap::from([((LaneIx(0), 1), slope)]));
            assert_eq!(variant.lanes[0].capacity_in(1), Some(0.0), "no paid trucks on A");
            assert_eq!(variant.lanes.len(), 5, "a copy per truck lane");
            assert_eq!(variant.lanes[3].cost_in(1), slope, "A's copy at the slope");
            assert_eq!(variant.lanes[1].capacity_in(1), Some(5000.0), "B keeps its truck");
            let options = SolveOptions::default();
            let (outcome, _) = solve_instance_from(&variant, &weights, &options, None).expect("solves");
            let mut plan = outcome.plan().expect("a plan").plan.clone();
            merge_overflow(&instance, &mut plan);
            plan.count_trucks(&instance);
            let verified = verify_plan(&instance, &weights, &plan, None).expect("verifies");
            assert!(
                (verified.costs.total() - cost).abs() < 1e-6,
                "slope {slope}: {}",
                verified.costs.total()
            );
            assert_eq!(plan.trucks.iter().filter(|t| t.trucks > 0.0).count(), 1);
            assert_eq!(plan.trucks.iter().find(|t| t.trucks > 0.0).map(|t| t.lane), Some(lane));
        }
    }

    /// Hand-derived: from the plan with one truck on each lane (5,000 kg on
    /// `A`, 2,000 on `B`: 200 + 20), the drop walk drops `B`'s truck (the
    /// least filled); with `A`'s truck sunk the 2,000 kg go on a second
    /// truck of `A` (0.02 a kg, against 0.03 on `B`): 200, which becomes
    /// the search's best although the walk did not start from it.
    #[test]
    fn the_drop_walk_from_a_dearer_plan_finds_a_cheaper_one() {
        let instance = two_routes();
        let weights = ObjectiveWeights::of(&instance);
        let mut search = Search::new(&instance, &weights, &SolveOptions::default(), Starts::Warm, 140.0);
        let start = BTreeMap::from([((LaneIx(0), 1), 1), ((LaneIx(1), 1), 1)]);
        let plan = search
            .solve(&fixed_instance(&instance, &start))
            .expect("solves")
            .expect("a plan");
        let cost = search.last_cost.expect("verified");
        assert!((cost - 220.0).abs() < 1e-6, "{cost}");
        descend(&mut search, plan, cost, 4).expect("solves");
        let best = search.best.as_ref().expect("a best plan");
        assert!((best.cost - 200.0).abs() < 1e-6, "{}", best.cost);
        assert_eq!(best.trucks(), BTreeMap::from([((LaneIx(0), 1), 2)]));
        assert!(search.solves <= 2 + 4, "the budget holds: {}", search.solves);
    }

    /// The sunk variant's plan, its copies merged, counted and verified.
    fn sunk_plan(instance: &Instance, paid: u32, capped: &BTreeSet<(LaneIx, Week)>) -> (Plan, f64) {
        let weights = ObjectiveWeights::of(instance);
        let trucks = BTreeMap::from([((LaneIx(0), 1), paid)]);
        let variant = sunk_instance(instance, &trucks, capped);
        let (outcome, _) = solve_instance_from(&variant, &weights, &SolveOptions::default(), None).expect("solves");
        let mut plan = outcome.plan().expect("a plan").plan.clone();
        merge_overflow(instance, &mut plan);
        plan.count_trucks(instance);
        let cost = verify_plan(instance, &weights, &plan, None)
            .expect("a merged plan verifies")
            .costs
            .total();
        (plan, cost)
    }

    /// Hand-derived: with one truck paid, the lane carries 5,000 kg free
    /// and its copy the other 2,000 kg at 100 / 5,000 = 0.02 a kg (40, less
    /// than 2,000 kg short at 10): the merged plan is one shipment of 7,000
    /// kg on the lane, two trucks, 200.
    #[test]
    fn a_sunk_variant_ships_beyond_the_paid_trucks_and_merges_back() {
        let instance = one_lane("");
        let variant = sunk_instance(&instance, &BTreeMap::from([((LaneIx(0), 1), 1)]), &BTreeSet::new());
        assert_eq!(variant.lanes.len(), 2, "one copy per truck lane");
        assert!(variant.lanes.iter().all(|l| l.truck.is_none()));
        assert_eq!(variant.lanes[0].capacity_in(1), Some(5000.0));
        assert_eq!(variant.lanes[1].cost_in(1), 0.02);
        let (plan, cost) = sunk_plan(&instance, 1, &BTreeSet::new());
        assert_eq!(
            plan.shipments.len(),
            1,
            "the copy's kg are merged: {:?}",
            plan.shipments
        );
        assert_eq!(plan.shipments[0].lane, LaneIx(0));
        assert!((plan.shipments[0].quantity_kg - 7000.0).abs() < 1e-6);
        assert_eq!(plan.trucks.iter().map(|t| t.trucks).sum::<f64>(), 2.0);
        assert!((cost - 200.0).abs() < 1e-6, "{cost}");
    }

    /// A capped lane-week has no room beyond its paid trucks: one full truck
    /// and 2,000 kg short, 100 + 20,000.
    #[test]
    fn a_capped_lane_week_keeps_to_its_paid_trucks() {
        let instance = one_lane("");
        let (plan, cost) = sunk_plan(&instance, 1, &BTreeSet::from([(LaneIx(0), 1)]));
        assert_eq!(plan.trucks.iter().map(|t| t.trucks).sum::<f64>(), 1.0);
        assert!((cost - 20_100.0).abs() < 1e-6, "{cost}");
    }

    /// The lane and its copy share the lane's capacity (6,000 kg): 5,000 kg
    /// on the paid truck, 1,000 on the copy, never 7,000.
    #[test]
    fn the_lane_and_its_copy_share_the_capacity() {
        let instance = one_lane("6000");
        let variant = sunk_instance(&instance, &BTreeMap::from([((LaneIx(0), 1), 1)]), &BTreeSet::new());
        assert_eq!(variant.lanes[0].capacity_in(1), Some(5000.0));
        assert_eq!(variant.lanes[1].capacity_in(1), Some(1000.0));
        let (plan, cost) = sunk_plan(&instance, 1, &BTreeSet::new());
        let shipped: f64 = plan.shipments.iter().map(|f| f.quantity_kg).sum();
        assert!((shipped - 6000.0).abs() < 1e-6, "{shipped}");
        // Two trucks (200) and 1,000 kg short (10,000).
        assert!((cost - 10_200.0).abs() < 1e-6, "{cost}");
    }
}
