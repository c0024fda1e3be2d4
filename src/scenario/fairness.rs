//! The price of fairness: one scenario planned at several `fair_shortfall`
//! levels in parallel, with what each level costs and whom it helps.

use rayon::prelude::*;

use crate::data::Instance;
use crate::model::ObjectiveWeights;
use crate::solve::compute_figures;
use crate::solve::{solve_instance_from, PlanOutcome, RunStatus, SolveOptions, WarmStarts};

/// One level of the trade-off table.
#[derive(Debug, Clone, PartialEq)]
pub struct FairnessLevel {
    /// `None`: no fairness constraint.
    pub level: Option<f64>,
    /// How planning at this level ended; the figures are `None` without a plan.
    pub status: RunStatus,
    /// Transport, holding, waste, shortfall and closing stock: the plan's
    /// cost without the penalties of missed fair shares.
    pub cost: Option<f64>,
    /// Penalties where fairness could not be met (0 when it could).
    pub fairness_penalty: Option<f64>,
    /// Kg spoiled or never shipped.
    pub waste_kg: Option<f64>,
    /// Kg ordered but not delivered.
    pub shortfall_kg: Option<f64>,
    /// The lowest fill rate of any store over all its products, 0 to 1.
    pub worst_store_fill_rate: Option<f64>,
    /// The lowest share of its harvest sold by any farm with priority > 0, 0 to 1.
    pub lowest_priority_farm_sold_share: Option<f64>,
}

/// Plans `instance` once per level, in parallel, in the order given.
pub fn price_of_fairness(
    instance: &Instance,
    levels: &[Option<f64>],
    options: &SolveOptions,
) -> crate::Result<Vec<FairnessLevel>> {
    // `fair_shortfall` is no weight: every level is planned at the same ones.
    let weights = ObjectiveWeights::of(instance);
    // The first level with fair-share rows is planned first; the other
    // levels with such rows have the same model but for their bands, and
    // start from its bases (a level without the rows has another shape and
    // starts cold). Each level's plan depends on the levels given, never
    // on which thread finishes first.
    let anchor = levels.iter().position(|l| l.is_some()).unwrap_or(0);
    let plan_level = |level: Option<f64>, start: Option<&WarmStarts>| {
        let variant = Instance {
            fair_shortfall: level,
            ..instance.clone()
        };
        solve_instance_from(&variant, &weights, options, start).map(|(outcome, warm)| (variant, outcome, warm))
    };
    let first = levels.get(anchor).map(|&level| plan_level(level, None)).transpose()?;
    let start = first.as_ref().map(|(_, _, warm)| warm);
    let mut rest: Vec<Option<(Instance, PlanOutcome)>> = levels
        .par_iter()
        .enumerate()
        .map(|(i, &level)| {
            if i == anchor {
                return Ok(None);
            }
            plan_level(level, start).map(|(variant, outcome, _)| Some((variant, outcome)))
        })
        .collect::<crate::Result<_>>()?;
    if let Some((variant, outcome, _)) = first {
        rest[anchor] = Some((variant, outcome));
    }
    levels
        .iter()
        .zip(rest)
        .map(|(&level, planned)| {
            let (variant, outcome) = planned.expect("every level was planned");
            let mut row = FairnessLevel {
                level,
                status: RunStatus::from(&outcome),
                cost: None,
                fairness_penalty: None,
                waste_kg: None,
                shortfall_kg: None,
                worst_store_fill_rate: None,
                lowest_priority_farm_sold_share: None,
            };
            if let Some(verified) = outcome.plan() {
                let figures = compute_figures(&variant, verified);
                row.cost = Some(verified.costs.total() - verified.costs.fairness);
                row.fairness_penalty = Some(verified.costs.fairness);
                row.waste_kg = Some(figures.waste_kg);
                row.shortfall_kg = Some(figures.shortfall_kg);
                row.worst_store_fill_rate = Some(figures.worst_store_fill_rate());
                row.lowest_priority_farm_sold_share = Some(figures.lowest_priority_farm_sold_share(&variant));
            }
            Ok(row)
        })
        .collect()
}
