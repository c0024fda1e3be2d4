//! Turns an [`Instance`] into a linear program in our own sparse form.
//!
//! Columns: shipments (lane, product, week, age), stock held at the end of
//! a week (location, product, week, age) and sales (store, product, week,
//! age). Waste and shortfall are not columns: they are the slacks of the
//! balance and demand rows (`waste = inflow - outflow >= 0`,
//! `shortfall = demand - sales >= 0`), and their cost is folded into the
//! column costs plus a constant. This is the same LP with fewer columns.

use super::costs::ObjectiveWeights;
use super::states::{build_state_space, State, StateSpace};
use crate::data::{AgePeriods, Instance, LaneIx, LocationIx, LocationKind, ProductIx, Week};

/// What an LP column stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnKey {
    /// Leaves `lane.from` in `week` at `age`; arrives `transit_periods` later, that much older.
    Shipment {
        /// The lane it travels.
        lane: LaneIx,
        /// What is shipped.
        product: ProductIx,
        /// The week it leaves `lane.from`.
        week: Week,
        /// Age in periods when it leaves.
        age: AgePeriods,
    },
    /// Held at `location` from the end of `week` into the next one.
    Stock {
        /// Where it is held.
        location: LocationIx,
        /// What is held.
        product: ProductIx,
        /// The week at whose end it is held.
        week: Week,
        /// Age in periods in `week`.
        age: AgePeriods,
    },
    /// Kg by which `farm` sells less than its `min_sold_share` (penalised).
    ShareGap {
        /// The farm with a `min_sold_share`.
        farm: LocationIx,
    },
    /// Shortfall rate by which `store` exceeds the fair rate (penalised).
    FairnessGap {
        /// The store whose rate is too high.
        store: LocationIx,
        /// The product of the orders.
        product: ProductIx,
        /// The week of the orders.
        week: Week,
    },
    /// Bought by support line `line` (`Instance::support`): leaves the
    /// farm at `lane.from` in `week` at `age` and is bought on arrival.
    Support {
        /// Index of the line in `Instance::support`.
        line: usize,
        /// The lane from the farm straight to the line's buyer.
        lane: LaneIx,
        /// The week it leaves the farm.
        week: Week,
        /// Age in periods when it leaves.
        age: AgePeriods,
    },
    /// Trucks leaving on a truck lane in a week (whole numbers in a plan;
    /// continuous in the LP relaxation). Only in [`super::trucks::build_truck_model`].
    Trucks {
        /// The lane with `truck_kg`.
        lane: LaneIx,
        /// The week the trucks leave.
        week: Week,
    },
    /// Sold at `store` in `week`.
    Sale {
        /// The store that sells.
        store: LocationIx,
        /// What is sold.
        product: ProductIx,
        /// The week of the sale (and of the order it meets).
        week: Week,
        /// Age in periods when sold.
        age: AgePeriods,
    },
}

/// What an LP row stands for; kept so that duals map back to the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowKey {
    /// Outflow of a state <= its inflow (the slack is waste).
    Balance {
        /// Where the produce is.
        location: LocationIx,
        /// Which product.
        product: ProductIx,
        /// Which week.
        week: Week,
        /// Age in periods.
        age: AgePeriods,
    },
    /// Sales <= demand (the slack is shortfall).
    Demand {
        /// The store that ordered.
        store: LocationIx,
        /// The product ordered.
        product: ProductIx,
        /// The week of the order.
        week: Week,
    },
    /// Kg shipped on a lane in a week <= its capacity that week.
    LaneCapacity {
        /// The capacitated lane.
        lane: LaneIx,
        /// The week the shipments leave.
        week: Week,
    },
    /// Kg shipped on a truck lane in a week <= `truck_kg` x trucks.
    TruckLoad {
        /// The lane with `truck_kg`.
        lane: LaneIx,
        /// The week the trucks leave.
        week: Week,
    },
    /// Trucks on a lane in a week <= `max_trucks_per_week`.
    TruckLimit {
        /// The lane with a limit.
        lane: LaneIx,
        /// The week the trucks leave.
        week: Week,
    },
    /// Kg held at a location at the end of a week <= its `storage_kg`.
    Storage {
        /// The location with limited storage.
        location: LocationIx,
        /// The week at whose end the stock is held.
        week: Week,
    },
    /// Shipments out of a farm + gap >= its `min_sold_share` of its harvest.
    FarmShare {
        /// The farm with a `min_sold_share`.
        farm: LocationIx,
    },
    /// Money a support line spends over the horizon <= its budget.
    SupportBudget {
        /// Index of the line in `Instance::support`.
        line: usize,
    },
    /// A store's weighted shortfall rate <= the overall rate + `fair_shortfall` + gap.
    FairShortfall {
        /// The store whose rate is bounded.
        store: LocationIx,
        /// The product of the orders.
        product: ProductIx,
        /// The week of the orders.
        week: Week,
    },
}

/// One row `sum(coefficient * column) <= rhs`.
#[derive(Debug, Clone, PartialEq)]
pub struct LpRow {
    /// What the row stands for; its dual is reported against this.
    pub key: RowKey,
    /// (column index, coefficient), each column at most once.
    pub terms: Vec<(usize, f64)>,
    /// Right-hand side: kg for balances and capacities.
    pub rhs: f64,
}

/// `minimise objective_constant + cost . x  subject to rows, x >= 0`.
#[derive(Debug, Clone, PartialEq)]
pub struct LpModel {
    /// What each column stands for, in column order.
    pub columns: Vec<ColumnKey>,
    /// Objective coefficient of each column (cost per kg, or per unit of gap).
    pub cost: Vec<f64>,
    /// Every `<=` row; the constraints of the model.
    pub rows: Vec<LpRow>,
    /// Value of wasting every source kg and missing every demanded kg.
    pub objective_constant: f64,
}

impl LpModel {
    /// The objective of a vector of column values.
    pub fn objective_of(&self, values: &[f64]) -> f64 {
        self.objective_constant + self.cost.iter().zip(values).map(|(c, x)| c * x).sum::<f64>()
    }
}

/// Builds the LP of a whole scenario, at its own [`ObjectiveWeights`].
pub fn build_model(instance: &Instance) -> LpModel {
    build_model_with(instance, &ObjectiveWeights::of(instance))
}

/// Builds the LP at `weights` (a block's: the whole scenario's, restricted);
/// see the module comment for the formulation. Rows are gathered in dense
/// arrays indexed by state, lane-week and location-week: no hashing per term.
pub fn build_model_with(instance: &Instance, weights: &ObjectiveWeights) -> LpModel {
    let space = build_state_space(instance);
    let weeks = instance.weeks as usize;
    let mut builder = Builder {
        instance,
        weights,
        space: &space,
        columns: Vec::new(),
        cost: Vec::new(),
        balance_row: vec![NO_ROW; space.dense_len()],
        balance: Vec::new(),
        objective_constant: 0.0,
    };
    builder.add_sources();
    let lane_weeks = builder.add_shipments();
    let mut lane_weeks = lane_weeks;
    let storage_weeks = builder.add_stock();
    let demand_rows = builder.add_sales();
    let budget_rows = builder.add_support(&mut lane_weeks);
    let Builder {
        mut columns,
        mut cost,
        mut balance,
        objective_constant,
        ..
    } = builder;

    // Balance rows in state order; a state with nothing flowing out cannot
    // violate its balance, so it needs no row.
    balance.retain(|b| b.terms.iter().any(|&(_, c)| c > 0.0));
    balance.sort_unstable_by_key(|b| b.dense);
    let mut rows = Vec::with_capacity(balance.len() + demand_rows.len());
    rows.extend(balance.into_iter().map(|b| {
        let (location, product, week, age) = b.state;
        LpRow {
            key: RowKey::Balance {
                location,
                product,
                week,
                age,
            },
            terms: b.terms,
            rhs: b.rhs,
        }
    }));
    let fairness_rows = fairness_rows(instance, weights, &demand_rows, &mut columns, &mut cost);
    rows.extend(demand_rows);
    rows.extend(fairness_rows);
    rows.extend(budget_rows);
    rows.extend(capacity_rows(lane_weeks, weeks, |i, week| {
        let lane = LaneIx(i);
        let key = RowKey::LaneCapacity { lane, week };
        instance.lane(lane).capacity_in(week).map(|capacity| (key, capacity))
    }));
    rows.extend(capacity_rows(storage_weeks, weeks, |i, week| {
        let location = LocationIx(i);
        let key = RowKey::Storage { location, week };
        instance.location(location).storage_kg.map(|capacity| (key, capacity))
    }));
    LpModel {
        columns,
        cost,
        rows,
        objective_constant,
    }
}

/// The rows of fair shares, each with a penalised gap column so that the
/// model stays feasible when fairness is physically impossible.
/// One `<=` row per (index, week) with a capacity and at least one column:
/// `per_week` holds the columns of index `i` in week `w` at `i * weeks + w - 1`,
/// and `limit` gives the row's key and capacity in kg (`None`: no limit).
fn capacity_rows(
    per_week: Vec<Vec<usize>>,
    weeks: usize,
    limit: impl Fn(usize, Week) -> Option<(RowKey, f64)>,
) -> impl Iterator<Item = LpRow> {
    per_week.into_iter().enumerate().filter_map(move |(i, columns)| {
        let (key, capacity) = limit(i / weeks, (i % weeks) as Week + 1)?;
        (!columns.is_empty()).then(|| LpRow {
            key,
            terms: columns.into_iter().map(|j| (j, 1.0)).collect(),
            rhs: capacity,
        })
    })
}

fn fairness_rows(
    instance: &Instance,
    weights: &ObjectiveWeights,
    demand_rows: &[LpRow],
    columns: &mut Vec<ColumnKey>,
    cost: &mut Vec<f64>,
) -> Vec<LpRow> {
    let penalty = weights.fairness_penalty_per_kg();
    let mut rows = Vec::new();

    // Farm side: -(shipments out of the farm) - gap <= -share x supply.
    let mut shipped_from: Vec<Vec<usize>> = vec![Vec::new(); instance.locations.len()];
    for (j, key) in columns.iter().enumerate() {
        // Support purchases leave the farm too: they are sales.
        if let ColumnKey::Shipment { lane, .. } | ColumnKey::Support { lane, .. } = key {
            shipped_from[instance.lane(*lane).from.0].push(j);
        }
    }
    for farm in instance.location_ixs() {
        let share = instance.location(farm).min_sold_share;
        // Summing a farm's supply scans every supply row: only for farms with a minimum.
        if share <= 0.0 {
            continue;
        }
        let supply = instance.farm_supply_kg(farm);
        if supply <= 0.0 {
            continue;
        }
        columns.push(ColumnKey::ShareGap { farm });
        cost.push(penalty);
        let gap = columns.len() - 1;
        let mut terms: Vec<(usize, f64)> = shipped_from[farm.0].iter().map(|&j| (j, -1.0)).collect();
        terms.push((gap, -1.0));
        rows.push(LpRow {
            key: RowKey::FarmShare { farm },
            terms,
            rhs: -share * supply,
        });
    }

    // Store side, per product and week (x = kg sold, X and D the group's totals):
    // w_s (1 - x_s / D_s) - (1 - X / D) <= f + gap, that is
    // -w_s / D_s x_s + X / D - gap <= f + 1 - w_s.
    let Some(fair) = instance.fair_shortfall else {
        return rows;
    };
    let mut sales_of = std::collections::HashMap::new();
    for row in demand_rows {
        sales_of.insert(row.key, row.terms.iter().map(|&(j, _)| j).collect::<Vec<_>>());
    }
    for group in instance.fair_groups() {
        let total: f64 = group.stores.iter().map(|&(_, kg)| kg).sum();
        let sales: Vec<&[usize]> = group
            .stores
            .iter()
            .map(|&(store, _)| {
                let key = RowKey::Demand {
                    store,
                    product: group.product,
                    week: group.week,
                };
                sales_of.get(&key).map_or(&[][..], |v| v.as_slice())
            })
            .collect();
        for (i, &(store, ordered)) in group.stores.iter().enumerate() {
            let weight = instance.location(store).weight;
            columns.push(ColumnKey::FairnessGap {
                store,
                product: group.product,
                week: group.week,
            });
            // A unit of rate gap at this store is worth its ordered kg.
            cost.push(penalty * ordered);
            let gap = columns.len() - 1;
            let mut terms = Vec::new();
            for (k, columns) in sales.iter().enumerate() {
                let coefficient = 1.0 / total - if k == i { weight / ordered } else { 0.0 };
                terms.extend(columns.iter().map(|&j| (j, coefficient)));
            }
            terms.push((gap, -1.0));
            rows.push(LpRow {
                key: RowKey::FairShortfall {
                    store,
                    product: group.product,
                    week: group.week,
                },
                terms,
                rhs: fair + 1.0 - weight,
            });
        }
    }
    rows
}

const NO_ROW: u32 = u32::MAX;

/// A balance row being gathered.
struct BalanceRow {
    state: State,
    dense: usize,
    /// +1 for outflow, -1 for inflow.
    terms: Vec<(usize, f64)>,
    /// Harvest and opening stock entering the state.
    rhs: f64,
}

struct Builder<'a> {
    instance: &'a Instance,
    weights: &'a ObjectiveWeights,
    space: &'a StateSpace,
    columns: Vec<ColumnKey>,
    cost: Vec<f64>,
    /// Index into `balance` per dense state, or `NO_ROW`.
    balance_row: Vec<u32>,
    balance: Vec<BalanceRow>,
    objective_constant: f64,
}

impl Builder<'_> {
    /// The balance row of a state in the space (created on first use).
    fn balance_of(&mut self, state: State) -> Option<&mut BalanceRow> {
        let dense = self.space.dense_index(state)?;
        let mut row = self.balance_row[dense];
        if row == NO_ROW {
            row = self.balance.len() as u32;
            self.balance_row[dense] = row;
            self.balance.push(BalanceRow {
                state,
                dense,
                terms: Vec::new(),
                rhs: 0.0,
            });
        }
        Some(&mut self.balance[row as usize])
    }

    fn add_column(&mut self, key: ColumnKey, cost: f64, out_of: State, into: Option<State>) -> usize {
        let j = self.columns.len();
        self.columns.push(key);
        self.cost.push(cost);
        if let Some(row) = self.balance_of(out_of) {
            row.terms.push((j, 1.0));
        }
        if let Some(row) = into.and_then(|state| self.balance_of(state)) {
            row.terms.push((j, -1.0));
        }
        j
    }

    /// Every source kg starts as waste in the objective constant; moving it
    /// on earns the waste value back through the column costs.
    fn add_sources(&mut self) {
        let (instance, weights) = (self.instance, self.weights);
        let sources = instance
            .supply
            .iter()
            .map(|s| ((s.farm, s.product, s.week, 0), s.quantity_kg))
            .chain(
                instance
                    .stock
                    .iter()
                    .map(|s| ((s.location, s.product, s.week, s.age), s.quantity_kg)),
            );
        for (state @ (n, p, _, _), kg) in sources {
            self.objective_constant += kg * weights.waste_cost_per_kg(n, p);
            // Stock already too old to keep is waste: it has no row.
            if let Some(row) = self.balance_of(state) {
                row.rhs += kg;
            }
        }
        for d in &instance.demand {
            self.objective_constant += d.quantity_kg * weights.shortfall_penalty_per_kg(d);
        }
    }

    /// Adds shipment columns; returns, per lane and week (`lane * weeks +
    /// week - 1`), the columns of capacitated lanes.
    fn add_shipments(&mut self) -> Vec<Vec<usize>> {
        let (instance, weights) = (self.instance, self.weights);
        let weeks = instance.weeks as usize;
        let mut per_lane_week: Vec<Vec<usize>> = vec![Vec::new(); instance.lanes.len() * weeks];
        for (l, lane) in instance.lanes.iter().enumerate() {
            let lane_ix = LaneIx(l);
            let d = lane.transit_periods;
            for p in instance.product_ixs() {
                let waste_from = weights.waste_cost_per_kg(lane.from, p);
                let waste_to = weights.waste_cost_per_kg(lane.to, p);
                let max_age = instance.max_age_at(lane.from, p).min(self.space.age_limit());
                for week in 1..=instance.weeks.saturating_sub(d) {
                    for age in 0..=max_age {
                        let from = (lane.from, p, week, age);
                        // Checked: ages of produce kept for billions of days
                        // must not wrap into fresh ones.
                        let Some(arrive_age) = age.checked_add(d) else {
                            continue;
                        };
                        let to = (lane.to, p, week + d, arrive_age);
                        if arrive_age > instance.max_age_at(lane.to, p)
                            || !self.space.is_live(from)
                            || !self.space.is_live(to)
                        {
                            continue;
                        }
                        let key = ColumnKey::Shipment {
                            lane: lane_ix,
                            product: p,
                            week,
                            age,
                        };
                        let j = self.add_column(key, lane.cost_in(week) - waste_from + waste_to, from, Some(to));
                        if lane.is_capacitated() {
                            per_lane_week[l * weeks + week as usize - 1].push(j);
                        }
                    }
                }
            }
        }
        per_lane_week
    }

    /// Adds stock columns; returns, per location and week (`location *
    /// weeks + week - 1`), the columns of locations with a storage limit.
    fn add_stock(&mut self) -> Vec<Vec<usize>> {
        let (instance, weights) = (self.instance, self.weights);
        let weeks = instance.weeks as usize;
        let mut per_location_week: Vec<Vec<usize>> = vec![Vec::new(); instance.locations.len() * weeks];
        for n in instance.location_ixs() {
            for p in instance.product_ixs() {
                let max_age = instance.max_age_at(n, p).min(self.space.age_limit() + 1);
                let holding = weights.holding_cost_per_kg_period(p);
                let waste = weights.waste_cost_per_kg(n, p);
                let closing = weights.closing_stock_cost_per_kg(n, p);
                for week in 1..=instance.weeks {
                    for age in 0..max_age {
                        let from = (n, p, week, age);
                        if !self.space.is_live(from) {
                            continue;
                        }
                        let key = ColumnKey::Stock {
                            location: n,
                            product: p,
                            week,
                            age,
                        };
                        let j = if week == instance.weeks {
                            // Closing stock: still fresh at the end, so not waste,
                            // but it keeps the priority part of the waste cost.
                            self.add_column(key, holding - waste + closing, from, None)
                        } else {
                            let to = (n, p, week + 1, age + 1);
                            if !self.space.is_live(to) {
                                continue;
                            }
                            self.add_column(key, holding, from, Some(to))
                        };
                        if instance.location(n).storage_kg.is_some() {
                            per_location_week[n.0 * weeks + week as usize - 1].push(j);
                        }
                    }
                }
            }
        }
        per_location_week
    }

    /// Adds support purchase columns (a lane from the farm straight to the
    /// buyer, bought on arrival: no waste at the farm, no order to meet)
    /// into `lane_weeks` of capacitated lanes; returns the budget rows.
    fn add_support(&mut self, lane_weeks: &mut [Vec<usize>]) -> Vec<LpRow> {
        let (instance, weights) = (self.instance, self.weights);
        let weeks = instance.weeks as usize;
        let mut rows = Vec::new();
        for (i, line) in instance.support.iter().enumerate() {
            let p = line.product;
            let buyer_max_age = instance.max_age_at(line.buyer, p);
            let mut terms = Vec::new();
            for lane_ix in instance.support_lanes(line) {
                let lane = instance.lane(lane_ix);
                let d = lane.transit_periods;
                let cost_but_lane = line.cost_per_kg - weights.waste_cost_per_kg(lane.from, p);
                let max_age = instance.max_age_at(lane.from, p).min(self.space.age_limit());
                for week in 1..=instance.weeks.saturating_sub(d) {
                    if !line.buys_in(week + d) {
                        continue;
                    }
                    for age in 0..=max_age {
                        let from = (lane.from, p, week, age);
                        if age.checked_add(d).is_none_or(|a| a > buyer_max_age) || !self.space.is_live(from) {
                            continue;
                        }
                        // Still fresh at the farm when the window ends: the
                        // next window decides (see `SupportLine::spoiling_only`).
                        let last_fresh_week =
                            week.saturating_add(instance.max_age_at(lane.from, p).saturating_sub(age));
                        if line.spoiling_only && last_fresh_week > instance.weeks {
                            continue;
                        }
                        let key = ColumnKey::Support {
                            line: i,
                            lane: lane_ix,
                            week,
                            age,
                        };
                        // The lane's price of the week, as for shipments (the
                        // truck search prices lane-weeks apart).
                        let j = self.add_column(key, lane.cost_in(week) + cost_but_lane, from, None);
                        terms.push((j, line.price_per_kg));
                        if lane.is_capacitated() {
                            lane_weeks[lane_ix.0 * weeks + week as usize - 1].push(j);
                        }
                    }
                }
            }
            if let Some(budget) = line.budget.filter(|_| !terms.is_empty()) {
                rows.push(LpRow {
                    key: RowKey::SupportBudget { line: i },
                    terms,
                    rhs: budget,
                });
            }
        }
        rows
    }

    /// Adds sale columns and the demand rows (in the order of demand.csv).
    fn add_sales(&mut self) -> Vec<LpRow> {
        let (instance, weights) = (self.instance, self.weights);
        let mut rows = Vec::new();
        for d in instance.demand.iter().filter(|d| d.quantity_kg > 0.0) {
            debug_assert_eq!(instance.location(d.store).kind, LocationKind::Store);
            let waste = weights.waste_cost_per_kg(d.store, d.product);
            let shortfall = weights.shortfall_penalty_per_kg(d);
            let mut terms = Vec::new();
            for age in 0..=instance.max_age_at(d.store, d.product).min(self.space.age_limit()) {
                let state = (d.store, d.product, d.week, age);
                if !self.space.is_live(state) {
                    continue;
                }
                let key = ColumnKey::Sale {
                    store: d.store,
                    product: d.product,
                    week: d.week,
                    age,
                };
                let j = self.add_column(key, -waste - shortfall, state, None);
                terms.push((j, 1.0));
            }
            if !terms.is_empty() {
                rows.push(LpRow {
                    key: RowKey::Demand {
                        store: d.store,
                        product: d.product,
                        week: d.week,
                    },
                    terms,
                    rhs: d.quantity_kg,
                });
            }
        }
        rows
    }
}
