//! Marginal values: how much the plan's cost changes with one more kg
//! ordered at a store, one more kg harvested at a farm, or one more kg of
//! weekly capacity on a lane or of storage at a location. Read from the LP
//! duals, block by block as planning splits the scenario (rows of different
//! blocks share no column, so the whole model's duals are the blocks' side
//! by side), each block from the fastest exact source that takes it: the
//! network simplex's node potentials, the coupled simplex's basis, HiGHS
//! when built in, Clarabel as the last resort.
//!
//! Sign convention: the value is the change in the optimal cost. A negative
//! value saves money: where an extra truck or cold room pays most is where
//! the capacity value is most negative.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::data::{Instance, LaneIx, LocationIx, ProductIx, Week};
use crate::lp::coupled::{coupled_row_duals_from, is_coupled_network, CoupledBasis};
use crate::lp::network::{is_network, network_row_duals};
use crate::model::lp::{highs_row_duals, row_duals};
use crate::model::{build_model_with, LpModel, LpSolver, ObjectiveWeights, RowKey};

use super::split::{self, Block};
use super::WarmStarts;

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

/// The marginal values of `instance`, its blocks solved apart; `None` when
/// no solver finds the optimal duals of a block.
pub fn marginal_values(instance: &Instance) -> Option<Vec<MarginalValue>> {
    marginal_values_with(instance, true).map(|(values, _)| values)
}

/// The marginal values of `instance`, split into blocks as planning does
/// when `split` (else one block), and the solver that gave each block's
/// duals, in block order; `None` when no solver finds a block's duals.
pub fn marginal_values_with(instance: &Instance, split: bool) -> Option<(Vec<MarginalValue>, Vec<LpSolver>)> {
    marginal_values_from(instance, split, None)
}

/// [`marginal_values_with`], each coupled block starting from the basis its
/// plan ended with (`start`, from [`solve_instance_from`](super::solve_instance_from)):
/// the duals then cost no second solve.
pub fn marginal_values_from(
    instance: &Instance,
    split: bool,
    start: Option<&WarmStarts>,
) -> Option<(Vec<MarginalValue>, Vec<LpSolver>)> {
    let weights = ObjectiveWeights::of(instance);
    let (duals, solvers) = row_duals_by_block(instance, &weights, (split, start))?;
    Some((values_of(instance, &weights, &duals), solvers))
}

/// Row duals, d(optimal cost)/d(rhs), each with the key of its row.
pub type KeyedDuals = Vec<(RowKey, f64)>;

/// The optimal duals of the rows of `instance`'s model (built with
/// `weights`), d(optimal cost)/d(rhs), in the whole instance's keys: found
/// block by block in parallel when `split` (blocks as planning splits them;
/// rows of blocks left out have none: their duals are 0), and the solver
/// that gave each block's duals, in block order. `None` when no solver
/// finds a block's duals.
pub fn row_duals_by_block(
    instance: &Instance,
    weights: &ObjectiveWeights,
    (split, start): (bool, Option<&WarmStarts>),
) -> Option<(KeyedDuals, Vec<LpSolver>)> {
    let mut blocks = if split {
        split::split_blocks(instance)
    } else {
        Vec::new()
    };
    if blocks.len() <= 1 {
        blocks = vec![Block::whole(instance)];
    }
    let rows = split::block_rows(instance, &blocks);
    let per_block: Vec<Option<(KeyedDuals, LpSolver)>> = blocks
        .par_iter()
        .zip(&rows)
        .map(|(block, rows)| {
            let basis = start.and_then(|s| s.of(block));
            if block.is_whole(instance) {
                let model = build_model_with(instance, weights);
                let (duals, solver) = block_row_duals_from(&model, basis)?;
                return Some((model.rows.iter().map(|r| r.key).zip(duals).collect(), solver));
            }
            let (sub, sub_weights) = split::restrict_rows(instance, weights, block, rows);
            let model = build_model_with(&sub, &sub_weights);
            let (duals, solver) = block_row_duals_from(&model, basis)?;
            let keys = model.rows.iter().map(|r| key_in_whole(r.key, block, &rows.support));
            Some((keys.zip(duals).collect(), solver))
        })
        .collect();
    let mut duals = KeyedDuals::new();
    let mut solvers = Vec::with_capacity(per_block.len());
    for block in per_block {
        let (rows, solver) = block?;
        duals.extend(rows);
        solvers.push(solver);
    }
    Some((duals, solvers))
}

/// The optimal duals of a block's rows, d(optimal cost)/d(rhs), and the
/// solver that gave them: the network or coupled simplex where the block
/// has their structure (exact, from their optimal basis), else HiGHS when
/// built in, else Clarabel (an interior point: slow on large blocks).
pub fn block_row_duals(model: &LpModel) -> Option<(Vec<f64>, LpSolver)> {
    block_row_duals_from(model, None)
}

/// [`block_row_duals`], the coupled simplex starting from `start` where it fits.
fn block_row_duals_from(model: &LpModel, start: Option<&CoupledBasis>) -> Option<(Vec<f64>, LpSolver)> {
    if model.columns.is_empty() {
        // Nothing can move: no row's limit changes the cost.
        return Some((vec![0.0; model.rows.len()], LpSolver::Network));
    }
    let exact = if is_network(model) {
        network_row_duals(model).ok().map(|d| (d, LpSolver::Network))
    } else if is_coupled_network(model) {
        // If it gives up or fails, a general LP takes it.
        coupled_row_duals_from(model, start)
            .ok()
            .map(|d| (d, LpSolver::Coupled))
    } else {
        None
    };
    exact
        .or_else(|| highs_row_duals(model).map(|d| (d, LpSolver::Highs)))
        .or_else(|| row_duals(model).map(|d| (d, LpSolver::Clarabel)))
}

/// A block's row key in the whole instance's indexes (see [`split::restrict`]);
/// `lines` are the block's support lines ([`split::block_support_lines`]).
fn key_in_whole(key: RowKey, block: &Block, lines: &[usize]) -> RowKey {
    let location = |n: LocationIx| block.locations[n.0];
    let product = |p: ProductIx| block.products[p.0];
    let lane = |l: LaneIx| block.lanes[l.0];
    match key {
        RowKey::Balance {
            location: n,
            product: p,
            week,
            age,
        } => RowKey::Balance {
            location: location(n),
            product: product(p),
            week,
            age,
        },
        RowKey::Demand {
            store,
            product: p,
            week,
        } => RowKey::Demand {
            store: location(store),
            product: product(p),
            week,
        },
        RowKey::LaneCapacity { lane: l, week } => RowKey::LaneCapacity { lane: lane(l), week },
        RowKey::TruckLoad { lane: l, week } => RowKey::TruckLoad { lane: lane(l), week },
        RowKey::TruckLimit { lane: l, week } => RowKey::TruckLimit { lane: lane(l), week },
        RowKey::Storage { location: n, week } => RowKey::Storage {
            location: location(n),
            week,
        },
        RowKey::FarmShare { farm } => RowKey::FarmShare { farm: location(farm) },
        RowKey::SupportBudget { line } => RowKey::SupportBudget { line: lines[line] },
        RowKey::FairShortfall {
            store,
            product: p,
            week,
        } => RowKey::FairShortfall {
            store: location(store),
            product: product(p),
            week,
        },
    }
}

/// The marginal values from the duals of every row (in the whole
/// instance's keys; rows of blocks left out have none and count as 0).
fn values_of(instance: &Instance, weights: &ObjectiveWeights, duals: &[(RowKey, f64)]) -> Vec<MarginalValue> {
    // A row in two blocks (a capacity one of them cannot use) has no
    // terms there and a dual of 0 there: the sum is the row's dual.
    let mut dual_of: BTreeMap<RowKey, f64> = BTreeMap::new();
    for &(key, dual) in duals {
        *dual_of.entry(key).or_insert(0.0) += dual;
    }
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
    // By key, so that the order never depends on how the scenario was split.
    let rows = dual_of.iter().filter(|(key, _)| {
        matches!(
            key,
            RowKey::LaneCapacity { .. } | RowKey::Storage { .. } | RowKey::SupportBudget { .. }
        )
    });
    for (&key, &dual) in rows {
        match key {
            // The row is per period; capacity is given per week.
            RowKey::LaneCapacity { lane, week } => values.push(MarginalValue {
                kind: MarginalKind::LaneCapacity,
                location: None,
                lane: Some(lane),
                product: None,
                week,
                cost_per_kg: dual / per_week,
            }),
            RowKey::Storage { location, week } => values.push(MarginalValue {
                kind: MarginalKind::Storage,
                location: Some(location),
                lane: None,
                product: None,
                week,
                cost_per_kg: dual,
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
                    cost_per_kg: dual,
                });
            }
            _ => {}
        }
    }
    values
}
