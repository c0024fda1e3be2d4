//! Marginal values: how much the plan's cost changes with one more kg
//! ordered at a store, one more kg harvested at a farm, or one more kg of
//! weekly capacity on a lane or of storage at a location. Read from the LP
//! duals (Clarabel) of the whole model.
//!
//! Sign convention: the value is the change in the optimal cost. A negative
//! value saves money: where an extra truck or cold room pays most is where
//! the capacity value is most negative.

use std::collections::HashMap;

use crate::data::{Instance, LaneIx, LocationIx, ProductIx, Week};
use crate::model::{build_model_with, lp::row_duals, ObjectiveWeights, RowKey};

/// What a marginal value is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarginalKind {
    /// One more kg ordered by `location` (a store).
    Demand,
    /// One more kg harvested at `location` (a farm).
    Harvest,
    /// One more kg of weekly capacity on `lane`.
    LaneCapacity,
    /// One more yuan of a support line's budget (`location` is its buyer,
    /// `week` its first week): the value is per yuan, not per kg.
    SupportBudget,
    /// One more kg of storage at `location`.
    Storage,
}

impl MarginalKind {
    /// The word `marginal_values.csv` writes in its `kind` column.
    pub fn word(self) -> &'static str {
        match self {
            MarginalKind::Demand => "demand",
            MarginalKind::Harvest => "harvest",
            MarginalKind::LaneCapacity => "lane_capacity",
            MarginalKind::SupportBudget => "support_budget",
            MarginalKind::Storage => "storage",
        }
    }
}

/// What one more kg of an order, harvest or capacity would change in the
/// optimal cost: a planner's price for relaxing that limit.
#[derive(Debug, Clone, PartialEq)]
pub struct MarginalValue {
    /// What the value is of.
    pub kind: MarginalKind,
    /// The store, farm or storage location; `None` for a lane capacity.
    pub location: Option<LocationIx>,
    /// The lane, for a lane capacity only.
    pub lane: Option<LaneIx>,
    /// The product; `None` for a capacity shared by all products.
    pub product: Option<ProductIx>,
    /// The week of the order, harvest or capacity.
    pub week: Week,
    /// Change in the optimal cost per kg (negative: saves).
    pub cost_per_kg: f64,
}

/// The marginal values of `instance`; `None` when Clarabel cannot solve the
/// whole model to optimality.
pub fn marginal_values(instance: &Instance) -> Option<Vec<MarginalValue>> {
    let weights = ObjectiveWeights::of(instance);
    let model = build_model_with(instance, &weights);
    // The coupled simplex's duals where it takes the model (fast, from its
    // basis); else one Clarabel solve.
    let duals = match crate::model::coupled::is_coupled_network(&model) {
        true => crate::model::coupled::coupled_row_duals(&model).ok(),
        false => None,
    };
    let duals = match duals {
        Some(duals) => duals,
        None => row_duals(&model)?,
    };
    let dual_of: HashMap<RowKey, f64> = model.rows.iter().map(|r| r.key).zip(duals).collect();
    let mut values = Vec::new();
    // The objective holds demand x penalty and harvest x waste cost as a
    // constant; a kg more moves that constant as well as the row's rhs.
    for d in &instance.demand {
        let key = RowKey::Demand {
            store: d.store,
            product: d.product,
            week: d.week,
        };
        values.push(MarginalValue {
            kind: MarginalKind::Demand,
            location: Some(d.store),
            lane: None,
            product: Some(d.product),
            week: d.week,
            cost_per_kg: weights.shortfall_penalty_per_kg(d) + dual_of.get(&key).copied().unwrap_or(0.0),
        });
    }
    for s in &instance.supply {
        let key = RowKey::Balance {
            location: s.farm,
            product: s.product,
            week: s.week,
            age: 0,
        };
        values.push(MarginalValue {
            kind: MarginalKind::Harvest,
            location: Some(s.farm),
            lane: None,
            product: Some(s.product),
            week: s.week,
            cost_per_kg: weights.waste_cost_per_kg(s.farm, s.product) + dual_of.get(&key).copied().unwrap_or(0.0),
        });
    }
    let per_week = 7.0 / f64::from(instance.period_days);
    for row in &model.rows {
        match row.key {
            // The row is per period; capacity is given per week.
            RowKey::LaneCapacity { lane, week } => values.push(MarginalValue {
                kind: MarginalKind::LaneCapacity,
                location: None,
                lane: Some(lane),
                product: None,
                week,
                cost_per_kg: dual_of[&row.key] / per_week,
            }),
            RowKey::Storage { location, week } => values.push(MarginalValue {
                kind: MarginalKind::Storage,
                location: Some(location),
                lane: None,
                product: None,
                week,
                cost_per_kg: dual_of[&row.key],
            }),
            // The row counts money, so its dual is per yuan of budget.
            RowKey::SupportBudget { line } => {
                let s = &instance.support[line];
                values.push(MarginalValue {
                    kind: MarginalKind::SupportBudget,
                    location: Some(s.buyer),
                    lane: None,
                    product: Some(s.product),
                    week: s.week_from,
                    cost_per_kg: dual_of[&row.key],
                });
            }
            _ => {}
        }
    }
    Some(values)
}
