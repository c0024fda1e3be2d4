//! The price of fairness: one scenario planned at several `fair_shortfall`
//! levels in parallel, with what each level costs and whom it helps.

use crate::data::Instance;
use crate::model::ObjectiveWeights;
use crate::solve::compute_figures;
use crate::solve::{plan_from_anchor, solve_instance_from, PlanOutcome, RunStatus, SolveOptions, WarmStarts};

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
    let anchor = (!levels.is_empty()).then(|| levels.iter().position(|l| l.is_some()).unwrap_or(0));
    let mut planned = plan_from_anchor(levels, anchor, |&level, start| {
        let variant = Instance {
            fair_shortfall: level,
            ..instance.clone()
        };
        match solve_instance_from(&variant, &weights, options, start) {
            Ok((outcome, warm)) => (Ok((variant, outcome)), warm),
            Err(e) => (Err(e), WarmStarts::default()),
        }
    });
    // The anchor's error first, as when it was planned alone.
    if let Some(i) = anchor.filter(|&i| planned[i].is_err()) {
        return Err(planned.swap_remove(i).expect_err("checked to be an error"));
    }
    let planned = planned
        .into_iter()
        .collect::<crate::Result<Vec<(Instance, PlanOutcome)>>>()?;
    levels
        .iter()
        .zip(planned)
        .map(|(&level, (variant, outcome))| {
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
