//! Turns an [`Instance`] into a linear program in our own sparse form.
//!
//! Columns: shipments (lane, product, week, age), stock held at the end of
//! a week (location, product, week, age) and sales (store, product, week,
//! age). Waste and shortfall are not columns: they are the slacks of the
//! balance and demand rows (`waste = inflow - outflow >= 0`,
//! `shortfall = demand - sales >= 0`), and their cost is folded into the
//! column costs plus a constant. This is the same LP with fewer columns.

use std::collections::HashMap;

use super::states::{build_state_space, State, StateSpace};
use crate::data::{AgePeriods, Instance, LaneIx, LocationIx, LocationKind, ProductIx, Week};

/// What an LP column stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnKey {
    /// Leaves `lane.from` in `week` at `age`; arrives `transit_periods` later, that much older.
    Shipment {
        lane: LaneIx,
        product: ProductIx,
        week: Week,
        age: AgePeriods,
    },
    /// Held at `location` from the end of `week` into the next one.
    Stock {
        location: LocationIx,
        product: ProductIx,
        week: Week,
        age: AgePeriods,
    },
    /// Sold at `store` in `week`.
    Sale {
        store: LocationIx,
        product: ProductIx,
        week: Week,
        age: AgePeriods,
    },
}

/// What an LP row stands for; kept so that duals map back to the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowKey {
    /// Outflow of a state <= its inflow (the slack is waste).
    Balance {
        location: LocationIx,
        product: ProductIx,
        week: Week,
        age: AgePeriods,
    },
    /// Sales <= demand (the slack is shortfall).
    Demand {
        store: LocationIx,
        product: ProductIx,
        week: Week,
    },
    LaneCapacity {
        lane: LaneIx,
        week: Week,
    },
    Storage {
        location: LocationIx,
        week: Week,
    },
}

/// One row `sum(coefficient * column) <= rhs`.
#[derive(Debug, Clone, PartialEq)]
pub struct LpRow {
    pub key: RowKey,
    pub terms: Vec<(usize, f64)>,
    pub rhs: f64,
}

/// `minimise objective_constant + cost . x  subject to rows, x >= 0`.
#[derive(Debug, Clone, PartialEq)]
pub struct LpModel {
    pub columns: Vec<ColumnKey>,
    pub cost: Vec<f64>,
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

/// Builds the LP; see the module comment for the formulation.
pub fn build_model(instance: &Instance) -> LpModel {
    let space = build_state_space(instance);
    let mut builder = Builder {
        instance,
        space: &space,
        columns: Vec::new(),
        cost: Vec::new(),
        balance: HashMap::new(),
        balance_rhs: HashMap::new(),
        objective_constant: 0.0,
    };
    builder.add_sources();
    let lane_columns = builder.add_shipments();
    let storage_columns = builder.add_stock();
    let demand_columns = builder.add_sales();
    let Builder {
        columns,
        cost,
        balance,
        balance_rhs,
        objective_constant,
        ..
    } = builder;

    let mut rows = Vec::with_capacity(balance.len() + demand_columns.len());
    let mut balance: Vec<(State, Vec<(usize, f64)>)> = balance.into_iter().collect();
    balance.sort_unstable_by_key(|(state, _)| *state);
    for ((location, product, week, age), terms) in balance {
        // A state with nothing flowing out cannot violate its balance.
        if terms.iter().any(|&(_, c)| c > 0.0) {
            let rhs = balance_rhs.get(&(location, product, week, age)).copied().unwrap_or(0.0);
            rows.push(LpRow {
                key: RowKey::Balance {
                    location,
                    product,
                    week,
                    age,
                },
                terms,
                rhs,
            });
        }
    }
    for d in &instance.demand {
        if let Some(terms) = demand_columns.get(&(d.store, d.product, d.week)) {
            rows.push(LpRow {
                key: RowKey::Demand {
                    store: d.store,
                    product: d.product,
                    week: d.week,
                },
                terms: terms.iter().map(|&j| (j, 1.0)).collect(),
                rhs: d.quantity_kg,
            });
        }
    }
    let mut lane_weeks: Vec<_> = lane_columns.into_iter().collect();
    lane_weeks.sort_unstable_by_key(|(key, _)| *key);
    for ((lane, week), terms) in lane_weeks {
        if let Some(capacity) = instance.lane(lane).capacity_kg_per_period {
            rows.push(LpRow {
                key: RowKey::LaneCapacity { lane, week },
                terms: terms.iter().map(|&j| (j, 1.0)).collect(),
                rhs: capacity,
            });
        }
    }
    let mut storage_weeks: Vec<_> = storage_columns.into_iter().collect();
    storage_weeks.sort_unstable_by_key(|(key, _)| *key);
    for ((location, week), terms) in storage_weeks {
        if let Some(capacity) = instance.location(location).storage_kg {
            rows.push(LpRow {
                key: RowKey::Storage { location, week },
                terms: terms.iter().map(|&j| (j, 1.0)).collect(),
                rhs: capacity,
            });
        }
    }
    LpModel {
        columns,
        cost,
        rows,
        objective_constant,
    }
}

struct Builder<'a> {
    instance: &'a Instance,
    space: &'a StateSpace,
    columns: Vec<ColumnKey>,
    cost: Vec<f64>,
    /// Balance row terms per state: +1 for outflow, -1 for inflow.
    balance: HashMap<State, Vec<(usize, f64)>>,
    /// Harvest and opening stock entering a state.
    balance_rhs: HashMap<State, f64>,
    objective_constant: f64,
}

impl Builder<'_> {
    fn add_column(&mut self, key: ColumnKey, cost: f64, out_of: State, into: Option<State>) -> usize {
        let j = self.columns.len();
        self.columns.push(key);
        self.cost.push(cost);
        self.balance.entry(out_of).or_default().push((j, 1.0));
        if let Some(into) = into {
            self.balance.entry(into).or_default().push((j, -1.0));
        }
        j
    }

    /// Every source kg starts as waste in the objective constant; moving it
    /// on earns the waste value back through the column costs.
    fn add_sources(&mut self) {
        let instance = self.instance;
        let sources = instance
            .supply
            .iter()
            .map(|s| ((s.farm, s.product, s.week, 0), s.quantity_kg))
            .chain(
                instance
                    .stock
                    .iter()
                    .map(|s| ((s.location, s.product, 1, s.age), s.quantity_kg)),
            );
        for (state @ (n, p, _, _), kg) in sources {
            self.objective_constant += kg * instance.waste_cost_per_kg(n, p);
            *self.balance_rhs.entry(state).or_default() += kg;
        }
        for d in &instance.demand {
            self.objective_constant += d.quantity_kg * d.shortfall_penalty_per_kg;
        }
    }

    fn add_shipments(&mut self) -> HashMap<(LaneIx, Week), Vec<usize>> {
        let instance = self.instance;
        let mut per_lane_week: HashMap<(LaneIx, Week), Vec<usize>> = HashMap::new();
        for (l, lane) in instance.lanes.iter().enumerate() {
            let lane_ix = LaneIx(l);
            let d = lane.transit_periods;
            for p in instance.product_ixs() {
                let waste_from = instance.waste_cost_per_kg(lane.from, p);
                let waste_to = instance.waste_cost_per_kg(lane.to, p);
                let cost = lane.cost_per_kg - waste_from + waste_to;
                let max_age = instance.max_age_at(lane.from, p).min(self.space.age_limit());
                for week in 1..=instance.weeks.saturating_sub(d) {
                    for age in 0..=max_age {
                        let from = (lane.from, p, week, age);
                        let to = (lane.to, p, week + d, age + d);
                        if age + d > instance.max_age_at(lane.to, p)
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
                        let j = self.add_column(key, cost, from, Some(to));
                        per_lane_week.entry((lane_ix, week)).or_default().push(j);
                    }
                }
            }
        }
        per_lane_week
    }

    fn add_stock(&mut self) -> HashMap<(LocationIx, Week), Vec<usize>> {
        let instance = self.instance;
        let mut per_location_week: HashMap<(LocationIx, Week), Vec<usize>> = HashMap::new();
        for n in instance.location_ixs() {
            for p in instance.product_ixs() {
                let max_age = instance.max_age_at(n, p).min(self.space.age_limit() + 1);
                let holding = instance.holding_cost_per_kg_period(p);
                let waste = instance.waste_cost_per_kg(n, p);
                let closing = instance.closing_stock_cost_per_kg(n, p);
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
                        per_location_week.entry((n, week)).or_default().push(j);
                    }
                }
            }
        }
        per_location_week
    }

    fn add_sales(&mut self) -> HashMap<(LocationIx, ProductIx, Week), Vec<usize>> {
        let instance = self.instance;
        let mut per_demand: HashMap<(LocationIx, ProductIx, Week), Vec<usize>> = HashMap::new();
        for d in instance.demand.iter().filter(|d| d.quantity_kg > 0.0) {
            debug_assert_eq!(instance.location(d.store).kind, LocationKind::Store);
            let waste = instance.waste_cost_per_kg(d.store, d.product);
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
                let j = self.add_column(key, -waste - d.shortfall_penalty_per_kg, state, None);
                per_demand.entry((d.store, d.product, d.week)).or_default().push(j);
            }
        }
        per_demand
    }
}
