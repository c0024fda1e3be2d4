//! An independent re-check of a plan against the data alone. Nothing here
//! uses the LP: balances, capacities and shelf life are re-derived from the
//! instance, and the objective is recomputed from the flows at the
//! scenario's [`ObjectiveWeights`] (the same cost rules, no LP values).

use std::collections::{BTreeMap, HashMap};

use super::plan::Plan;
use crate::data::{AgePeriods, Instance, LaneIx, LocationIx, LocationKind, ProductIx, Week};
use crate::model::ObjectiveWeights;

/// Relative tolerance on every balance, capacity and the objective.
pub const RELATIVE_TOLERANCE: f64 = 1e-6;
/// Absolute slack per term of a sum (covers dust removed from the plan).
pub const ABSOLUTE_TOLERANCE_KG: f64 = 1e-6;

type State = (LocationIx, ProductIx, Week, AgePeriods);
/// Kg per lane and week, and the flows summed (for the tolerance).
type LaneLoad = HashMap<(LaneIx, Week), (f64, usize)>;
/// Kg per lane, week and product (for the trucks' shares).
type LaneProducts = BTreeMap<(LaneIx, Week), BTreeMap<ProductIx, f64>>;
/// Cost parts per week and product (see [`VerifiedPlan::week_costs`]).
type WeekCosts = BTreeMap<(Week, ProductIx), PlanCosts>;

/// One rule of the data that a plan breaks, said in words (what, where, by
/// how much).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Violation(pub String);

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The cost of a plan, split the way the summary shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PlanCosts {
    /// Lane cost of every kg shipped.
    pub transport: f64,
    /// Holding cost of every kg held over a week's end.
    pub holding: f64,
    /// Value of produce spoiled or never shipped, weighted by farm priority.
    pub waste: f64,
    /// Penalty of ordered kg not delivered.
    pub shortfall: f64,
    /// The priority part of produce still unsold at the end of the horizon.
    pub closing_stock: f64,
    /// Penalties where a farm's least share or a fair shortfall rate is missed.
    pub fairness: f64,
    /// What support purchases cost the programme (`cost_per_kg` of
    /// `support.csv`; the price paid is the farms' income, not a cost).
    pub support: f64,
    /// `cost_per_truck` of every truck that leaves (0 without truck lanes).
    pub trucks: f64,
}

impl PlanCosts {
    /// Money the plan pays out: transport, holding, trucks and what support
    /// purchases cost the programme.
    pub fn money_spent(&self) -> f64 {
        self.transport + self.holding + self.trucks + self.support
    }

    /// Penalties the plan weighs but nobody pays: the shortfall penalty of
    /// ordered kg not delivered, the value of produce wasted, unsold priority
    /// stock at the end and fair shares missed. `money_spent() + penalties()`
    /// is the objective.
    pub fn penalties(&self) -> f64 {
        self.shortfall + self.waste + self.closing_stock + self.fairness
    }

    /// The plan's objective: every part added up.
    pub fn total(&self) -> f64 {
        self.transport
            + self.holding
            + self.waste
            + self.shortfall
            + self.closing_stock
            + self.fairness
            + self.support
            + self.trucks
    }
}

/// A plan that passed [`verify_plan`], with the figures derived while checking it.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedPlan {
    /// The plan as checked.
    pub plan: Plan,
    /// Its cost, recomputed from the data (not the solver's figure).
    pub costs: PlanCosts,
    /// Kg spoiled or never shipped, by (location, product, week); only > 0 entries.
    pub waste_kg: BTreeMap<(LocationIx, ProductIx, Week), f64>,
    /// Kg sold per demand row (store, product, week), including zero.
    pub delivered_kg: BTreeMap<(LocationIx, ProductIx, Week), f64>,
    /// Kg still fresh and held at the end of the horizon.
    pub closing_stock_kg: f64,
    /// The same cost parts by the week they fall in and the product:
    /// transport and support by ship week, holding by the week held over,
    /// waste by the week it spoils, shortfall by the order's week, closing
    /// stock in the last week; a truck's cost is shared among the products
    /// on its lane that week by kg. Fairness is the window's as a whole and
    /// stays 0 here, so `costs.total()` is the sum of these plus
    /// `costs.fairness` (up to the order of additions).
    pub week_costs: BTreeMap<(Week, ProductIx), PlanCosts>,
}

/// How a violation names a flow held at one place: `stock` or `sale` of a
/// product at a location in a week at an age (periods).
fn at_location(instance: &Instance, kind: &str, p: ProductIx, n: LocationIx, week: Week, age: AgePeriods) -> String {
    format!(
        "{kind} of {} at {} in week {week} at age {age}",
        instance.product(p).id,
        instance.location(n).id
    )
}

/// Adds `kg` to the total at `key` and counts the term: the tolerance of a
/// limit (lane or storage capacity, an order) grows with the flows summed.
fn tally<K: std::hash::Hash + Eq>(totals: &mut HashMap<K, (f64, usize)>, key: K, kg: f64) {
    let entry = totals.entry(key).or_default();
    entry.0 += kg;
    entry.1 += 1;
}

/// Re-checks `plan`, costed at `weights` (those of the whole scenario, also
/// for a block); `claimed_objective` is the solver's figure, which must
/// match the recomputed one (`None` for a plan no solver made, such as the
/// greedy baseline). Returns every violation found.
pub fn verify_plan(
    instance: &Instance,
    weights: &ObjectiveWeights,
    plan: &Plan,
    claimed_objective: Option<f64>,
) -> Result<VerifiedPlan, Vec<Violation>> {
    let mut check = Checker { violations: Vec::new() };
    // Each state: (inflow, outflow, number of terms).
    let mut balance: BTreeMap<State, (f64, f64, usize)> = BTreeMap::new();
    let mut add = |state: State, inflow: f64, outflow: f64| {
        let entry = balance.entry(state).or_default();
        entry.0 += inflow;
        entry.1 += outflow;
        entry.2 += 1;
    };
    for s in &instance.supply {
        add((s.farm, s.product, s.week, 0), s.quantity_kg, 0.0);
    }
    for s in &instance.stock {
        add((s.location, s.product, s.week, s.age), s.quantity_kg, 0.0);
    }

    let mut costs = PlanCosts::default();
    let mut week_costs = WeekCosts::new();
    let mut lane_load: HashMap<(LaneIx, Week), (f64, usize)> = HashMap::new();
    // Kg per lane, week and product, for the trucks' shares.
    let mut lane_products = LaneProducts::new();
    for f in &plan.shipments {
        let Some(lane) = instance.lanes.get(f.lane.0) else {
            check.fail(format!("shipment on lane #{} which does not exist", f.lane.0));
            continue;
        };
        let what = || {
            format!(
                "shipment {} -> {} of {} in week {} at age {}",
                instance.location(lane.from).id,
                instance.location(lane.to).id,
                instance.product(f.product).id,
                f.week,
                f.age
            )
        };
        let arrive = f.week + lane.transit_periods;
        check.quantity(&f.quantity_kg, &what);
        check.rule(f.week >= 1 && arrive <= instance.weeks, || {
            format!("{} arrives after the horizon", what())
        });
        check.rule(f.age <= instance.max_age_at(lane.from, f.product), || {
            format!("{} leaves spoiled", what())
        });
        check.rule(
            f.age
                .checked_add(lane.transit_periods)
                .is_some_and(|a| a <= instance.max_age_at(lane.to, f.product)),
            || format!("{} arrives past its usable age", what()),
        );
        add((lane.from, f.product, f.week, f.age), 0.0, f.quantity_kg);
        add(
            (lane.to, f.product, arrive, f.age + lane.transit_periods),
            f.quantity_kg,
            0.0,
        );
        tally(&mut lane_load, (f.lane, f.week), f.quantity_kg);
        *lane_products
            .entry((f.lane, f.week))
            .or_default()
            .entry(f.product)
            .or_default() += f.quantity_kg;
        costs.transport += lane.cost_in(f.week) * f.quantity_kg;
        week_costs.entry((f.week, f.product)).or_default().transport += lane.cost_in(f.week) * f.quantity_kg;
    }

    let mut storage_load: HashMap<(LocationIx, Week), (f64, usize)> = HashMap::new();
    let mut closing_stock_kg = 0.0;
    for f in &plan.stocks {
        let what = || at_location(instance, "stock", f.product, f.location, f.week, f.age);
        check.quantity(&f.quantity_kg, &what);
        check.rule(f.week >= 1 && f.week <= instance.weeks, || {
            format!("{} is outside the horizon", what())
        });
        check.rule(f.age < instance.max_age_at(f.location, f.product), || {
            format!("{} is kept past its usable age", what())
        });
        add((f.location, f.product, f.week, f.age), 0.0, f.quantity_kg);
        if f.week < instance.weeks {
            add((f.location, f.product, f.week + 1, f.age + 1), f.quantity_kg, 0.0);
        } else {
            closing_stock_kg += f.quantity_kg;
            let closing = weights.closing_stock_cost_per_kg(f.location, f.product) * f.quantity_kg;
            costs.closing_stock += closing;
            week_costs.entry((f.week, f.product)).or_default().closing_stock += closing;
        }
        tally(&mut storage_load, (f.location, f.week), f.quantity_kg);
        costs.holding += weights.holding_cost_per_kg_period(f.product) * f.quantity_kg;
        week_costs.entry((f.week, f.product)).or_default().holding +=
            weights.holding_cost_per_kg_period(f.product) * f.quantity_kg;
    }

    let mut sold: HashMap<(LocationIx, ProductIx, Week), (f64, usize)> = HashMap::new();
    for f in &plan.sales {
        let what = || at_location(instance, "sale", f.product, f.store, f.week, f.age);
        check.quantity(&f.quantity_kg, &what);
        check.rule(instance.location(f.store).kind == LocationKind::Store, || {
            format!("{} is not at a store", what())
        });
        check.rule(f.age <= instance.product(f.product).max_sale_age, || {
            format!("{} has less shelf life left than the store accepts", what())
        });
        add((f.store, f.product, f.week, f.age), 0.0, f.quantity_kg);
        tally(&mut sold, (f.store, f.product, f.week), f.quantity_kg);
    }

    verify_support(
        instance,
        plan,
        &mut check,
        &mut add,
        (&mut lane_load, &mut lane_products),
        (&mut costs, &mut week_costs),
    );

    // Balances: nothing leaves a state that did not enter it; the rest is waste.
    let mut waste_kg: BTreeMap<(LocationIx, ProductIx, Week), f64> = BTreeMap::new();
    for (&(n, p, t, a), &(inflow, outflow, terms)) in &balance {
        let tolerance = check.tolerance(inflow.max(outflow), terms);
        check.rule(outflow <= inflow + tolerance, || {
            format!(
                "{} of {} at age {} in week {}: {outflow:.6} kg leave but only {inflow:.6} kg are there",
                instance.location(n).id,
                instance.product(p).id,
                a,
                t
            )
        });
        // Counted exactly, however small, so the recomputed objective is
        // comparable with the solver's to 1e-6 relative.
        let spoiled = inflow - outflow;
        if spoiled > 0.0 {
            *waste_kg.entry((n, p, t)).or_default() += spoiled;
        }
    }
    for (&(n, p, t), &kg) in &waste_kg {
        costs.waste += kg * weights.waste_cost_per_kg(n, p);
        week_costs.entry((t, p)).or_default().waste += kg * weights.waste_cost_per_kg(n, p);
    }

    let mut delivered_kg = BTreeMap::new();
    for d in &instance.demand {
        let (kg, terms) = sold.remove(&(d.store, d.product, d.week)).unwrap_or((0.0, 0));
        let tolerance = check.tolerance(d.quantity_kg, terms);
        check.rule(kg <= d.quantity_kg + tolerance, || {
            format!(
                "{} sells {kg:.6} kg of {} in week {} but ordered {} kg",
                instance.location(d.store).id,
                instance.product(d.product).id,
                d.week,
                d.quantity_kg
            )
        });
        let kg = kg.min(d.quantity_kg);
        costs.shortfall += (d.quantity_kg - kg) * weights.shortfall_penalty_per_kg(d);
        week_costs.entry((d.week, d.product)).or_default().shortfall +=
            (d.quantity_kg - kg) * weights.shortfall_penalty_per_kg(d);
        delivered_kg.insert((d.store, d.product, d.week), kg);
    }
    for ((n, p, t), _) in sold {
        check.fail(format!(
            "{} sells {} in week {} without an order",
            instance.location(n).id,
            instance.product(p).id,
            t
        ));
    }

    costs.trucks = check_trucks(instance, plan, &lane_load, &mut check);
    share_trucks(instance, plan, &lane_products, &mut week_costs);
    for ((l, t), (kg, terms)) in lane_load {
        let lane = instance.lane(l);
        if let Some(capacity) = lane.capacity_in(t) {
            let tolerance = check.tolerance(capacity, terms);
            check.rule(kg <= capacity + tolerance, || {
                format!(
                    "lane {} -> {} carries {kg:.6} kg in week {t}, capacity {capacity} kg",
                    instance.location(lane.from).id,
                    instance.location(lane.to).id
                )
            });
        }
    }
    for ((n, t), (kg, terms)) in storage_load {
        if let Some(capacity) = instance.location(n).storage_kg {
            let tolerance = check.tolerance(capacity, terms);
            check.rule(kg <= capacity + tolerance, || {
                format!(
                    "{} holds {kg:.6} kg at the end of week {t}, storage {capacity} kg",
                    instance.location(n).id
                )
            });
        }
    }

    costs.fairness = fairness_cost(instance, weights, plan, &delivered_kg);

    let objective = costs.total();
    if let Some(claimed_objective) = claimed_objective {
        let gap = (objective - claimed_objective).abs();
        check.rule(
            gap <= RELATIVE_TOLERANCE * objective.abs().max(claimed_objective.abs()).max(1.0),
            || {
                format!(
                    "the objective recomputed from the plan is {objective:.6}, the solver claimed {claimed_objective:.6}"
                )
            },
        );
    }

    if check.violations.is_empty() {
        Ok(VerifiedPlan {
            plan: plan.clone(),
            costs,
            waste_kg,
            delivered_kg,
            closing_stock_kg,
            week_costs,
        })
    } else {
        check.violations.sort();
        Err(check.violations)
    }
}

/// Support purchases: each on a lane from a farm its line buys from
/// straight to its buyer, arriving fresh in the line's weeks; each leaves
/// its farm state (a sale, so not waste) and loads its lane; and no line
/// spends more than its budget.
fn verify_support(
    instance: &Instance,
    plan: &Plan,
    check: &mut Checker,
    add: &mut impl FnMut(State, f64, f64),
    (lane_load, lane_products): (&mut LaneLoad, &mut LaneProducts),
    (costs, week_costs): (&mut PlanCosts, &mut WeekCosts),
) {
    let lanes: Vec<Vec<LaneIx>> = instance.support.iter().map(|s| instance.support_lanes(s)).collect();
    let mut spent = vec![(0.0, 0usize); instance.support.len()];
    for f in &plan.support {
        let (Some(line), Some(lane)) = (instance.support.get(f.line), instance.lanes.get(f.lane.0)) else {
            check.fail(format!(
                "support purchase of line #{} on lane #{}, which do not exist",
                f.line, f.lane.0
            ));
            continue;
        };
        let p = line.product;
        let what = || {
            format!(
                "support purchase {} -> {} of {} in week {} at age {}",
                instance.location(lane.from).id,
                instance.location(lane.to).id,
                instance.product(p).id,
                f.week,
                f.age
            )
        };
        let arrive = f.week + lane.transit_periods;
        check.quantity(&f.quantity_kg, &what);
        check.rule(lanes[f.line].contains(&f.lane), || {
            format!(
                "{} is not on a lane from a farm its line buys from to its buyer",
                what()
            )
        });
        check.rule(f.week >= 1 && arrive <= instance.weeks, || {
            format!("{} arrives after the horizon", what())
        });
        check.rule(line.buys_in(arrive), || {
            format!("{} arrives outside the weeks the buyer buys in", what())
        });
        check.rule(f.age <= instance.max_age_at(lane.from, p), || {
            format!("{} leaves spoiled", what())
        });
        check.rule(
            f.age
                .checked_add(lane.transit_periods)
                .is_some_and(|a| a <= instance.max_age_at(line.buyer, p)),
            || format!("{} arrives past its usable age", what()),
        );
        add((lane.from, p, f.week, f.age), 0.0, f.quantity_kg);
        tally(lane_load, (f.lane, f.week), f.quantity_kg);
        *lane_products.entry((f.lane, f.week)).or_default().entry(p).or_default() += f.quantity_kg;
        costs.transport += lane.cost_in(f.week) * f.quantity_kg;
        costs.support += line.cost_per_kg * f.quantity_kg;
        let week = week_costs.entry((f.week, p)).or_default();
        week.transport += lane.cost_in(f.week) * f.quantity_kg;
        week.support += line.cost_per_kg * f.quantity_kg;
        spent[f.line].0 += line.price_per_kg * f.quantity_kg;
        spent[f.line].1 += 1;
    }
    for (line, &(money, terms)) in instance.support.iter().zip(&spent) {
        if let Some(budget) = line.budget {
            let tolerance = check.tolerance(budget, terms) * line.price_per_kg.max(1.0);
            check.rule(money <= budget + tolerance, || {
                format!(
                    "support buyer {} spends {money:.6} on {}, budget {budget}",
                    instance.location(line.buyer).id,
                    instance.product(line.product).id
                )
            });
        }
    }
}

/// Every truck of the plan: on a truck lane, a whole number, within the
/// week's maximum, carrying the lane's load; a truck lane that carries kg
/// needs trucks. Returns the trucks' cost, recomputed from `cost_per_truck`.
fn check_trucks(
    instance: &Instance,
    plan: &Plan,
    lane_load: &HashMap<(LaneIx, Week), (f64, usize)>,
    check: &mut Checker,
) -> f64 {
    let lane_name = |l: LaneIx| {
        let lane = instance.lane(l);
        format!(
            "lane {} -> {}",
            instance.location(lane.from).id,
            instance.location(lane.to).id
        )
    };
    let mut cost = 0.0;
    let mut counted: HashMap<(LaneIx, Week), f64> = HashMap::new();
    for t in &plan.trucks {
        let Some(lane) = instance.lanes.get(t.lane.0) else {
            check.fail(format!("trucks on lane #{} which does not exist", t.lane.0));
            continue;
        };
        let Some(truck) = lane.truck else {
            check.fail(format!(
                "{} has {} trucks in week {} but no truck_kg",
                lane_name(t.lane),
                t.trucks,
                t.week
            ));
            continue;
        };
        check.rule(
            t.trucks.is_finite() && t.trucks >= 0.0 && t.trucks.fract() == 0.0,
            || {
                format!(
                    "{} has {} trucks in week {}: not a whole number",
                    lane_name(t.lane),
                    t.trucks,
                    t.week
                )
            },
        );
        if let Some(max) = truck.max_per_period {
            check.rule(t.trucks <= f64::from(max), || {
                format!(
                    "{} has {} trucks in week {}, max_trucks_per_week {max}",
                    lane_name(t.lane),
                    t.trucks,
                    t.week
                )
            });
        }
        check.rule(counted.insert((t.lane, t.week), t.trucks).is_none(), || {
            format!("{} has its trucks of week {} twice", lane_name(t.lane), t.week)
        });
        cost += truck.cost * t.trucks;
    }
    for (&(l, t), &(kg, terms)) in lane_load {
        let Some(truck) = instance.lane(l).truck else {
            continue;
        };
        let trucks = counted.get(&(l, t)).copied().unwrap_or(0.0);
        let room = truck.kg * trucks;
        let tolerance = check.tolerance(room.max(kg), terms);
        check.rule(kg <= room + tolerance, || {
            format!(
                "{} carries {kg:.6} kg in week {t} on {trucks} trucks of {} kg",
                lane_name(l),
                truck.kg
            )
        });
    }
    cost
}

/// Each lane-week's trucks (`cost_per_truck` of each) shared among the
/// products on the lane that week by kg; trucks that carry nothing (never
/// in an optimal plan) count on the first product, so that no money is
/// lost between the weeks and the whole.
fn share_trucks(instance: &Instance, plan: &Plan, lane_products: &LaneProducts, week_costs: &mut WeekCosts) {
    for t in &plan.trucks {
        let Some(truck) = instance.lanes.get(t.lane.0).and_then(|l| l.truck) else {
            continue;
        };
        let cost = truck.cost * t.trucks;
        let loads = lane_products.get(&(t.lane, t.week));
        let kg: f64 = loads.map_or(0.0, |l| l.values().sum());
        match loads {
            Some(loads) if kg > 0.0 => {
                for (&p, &product_kg) in loads {
                    week_costs.entry((t.week, p)).or_default().trucks += cost * (product_kg / kg);
                }
            }
            _ => week_costs.entry((t.week, ProductIx(0))).or_default().trucks += cost,
        }
    }
}

/// Penalties of fair shares, derived from the flows: kg a farm sells short
/// of its `min_sold_share`, and rate by which a store's weighted shortfall
/// exceeds the group's rate plus `fair_shortfall` (worth the store's order).
fn fairness_cost(
    instance: &Instance,
    weights: &ObjectiveWeights,
    plan: &Plan,
    delivered_kg: &BTreeMap<(LocationIx, ProductIx, Week), f64>,
) -> f64 {
    let penalty = weights.fairness_penalty_per_kg();
    let mut shipped = vec![0.0; instance.locations.len()];
    for f in &plan.shipments {
        shipped[instance.lane(f.lane).from.0] += f.quantity_kg;
    }
    // A support purchase is a sale of the farm's produce.
    for f in &plan.support {
        if let Some(lane) = instance.lanes.get(f.lane.0) {
            shipped[lane.from.0] += f.quantity_kg;
        }
    }
    let mut cost = 0.0;
    for farm in instance.location_ixs() {
        let share = instance.location(farm).min_sold_share;
        if share > 0.0 {
            cost += penalty * (share * instance.farm_supply_kg(farm) - shipped[farm.0]).max(0.0);
        }
    }
    if let Some(fair) = instance.fair_shortfall {
        for group in instance.fair_groups() {
            let sold = |store: LocationIx| {
                delivered_kg
                    .get(&(store, group.product, group.week))
                    .copied()
                    .unwrap_or(0.0)
            };
            let total: f64 = group.stores.iter().map(|&(_, kg)| kg).sum();
            let total_sold: f64 = group.stores.iter().map(|&(store, _)| sold(store)).sum();
            let overall_rate = 1.0 - total_sold / total;
            for &(store, ordered) in &group.stores {
                let weight = instance.location(store).weight;
                let rate = weight * (1.0 - sold(store) / ordered);
                cost += penalty * ordered * (rate - overall_rate - fair).max(0.0);
            }
        }
    }
    cost
}

struct Checker {
    violations: Vec<Violation>,
}

impl Checker {
    fn fail(&mut self, message: String) {
        self.violations.push(Violation(message));
    }

    fn rule(&mut self, holds: bool, message: impl FnOnce() -> String) {
        if !holds {
            self.violations.push(Violation(message()));
        }
    }

    fn quantity(&mut self, kg: &f64, what: &dyn Fn() -> String) {
        if !(kg.is_finite() && *kg >= 0.0) {
            self.violations
                .push(Violation(format!("{} has quantity {kg} kg", what())));
        }
    }

    /// Allowed excess on a sum of `terms` flows of about `magnitude` kg.
    fn tolerance(&self, magnitude: f64, terms: usize) -> f64 {
        RELATIVE_TOLERANCE * magnitude.abs() + ABSOLUTE_TOLERANCE_KG * (1 + terms) as f64
    }
}
