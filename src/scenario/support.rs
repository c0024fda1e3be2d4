//! How far a support budget goes: one scenario planned at several total
//! budgets of its support buyers (`support.csv`) in parallel, with the
//! waste, the assisted farms' lowest sold share and the cost at each.

use rayon::prelude::*;

use crate::data::Instance;
use crate::model::ObjectiveWeights;
use crate::solve::compute_figures;
use crate::solve::{solve_instance_with, RunStatus, SolveOptions};

/// One budget level of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetLevel {
    /// The total budget of all support lines; `None`: no limit.
    pub budget: Option<f64>,
    /// How planning at this level ended; the figures are `None` without a plan.
    pub status: RunStatus,
    /// The plan's cost (transport, holding, waste, shortfall, closing
    /// stock, fair shares and support purchases).
    pub cost: Option<f64>,
    /// Kg spoiled or never shipped.
    pub waste_kg: Option<f64>,
    /// Kg the support buyers bought.
    pub support_kg: Option<f64>,
    /// Money they spent.
    pub support_spent: Option<f64>,
    /// The lowest share of its harvest sold by any farm with priority > 0, 0 to 1.
    pub lowest_priority_farm_sold_share: Option<f64>,
}

impl BudgetLevel {
    /// Kg of waste avoided per yuan between `lower` (a smaller budget) and
    /// this level; `None` when either has no plan or no finite budget.
    pub fn waste_avoided_per_yuan(&self, lower: &BudgetLevel) -> Option<f64> {
        let (Some(high), Some(low)) = (self.budget, lower.budget) else {
            return None;
        };
        let (Some(waste), Some(lower_waste)) = (self.waste_kg, lower.waste_kg) else {
            return None;
        };
        (high > low).then(|| (lower_waste - waste) / (high - low))
    }
}

/// `instance` with a total support budget of `budget` (`None`: no limit):
/// shared among the lines in proportion to their budgets in support.csv, or
/// equally when some line has none.
pub fn with_total_budget(instance: &Instance, budget: Option<f64>) -> Instance {
    let mut variant = instance.clone();
    let lines = variant.support.len() as f64;
    let given: Option<Vec<f64>> = variant.support.iter().map(|s| s.budget).collect();
    let total_given: f64 = given.iter().flatten().sum();
    for (i, line) in variant.support.iter_mut().enumerate() {
        line.budget = budget.map(|total| match &given {
            Some(given) if total_given > 0.0 => total * given[i] / total_given,
            _ => total / lines,
        });
    }
    variant
}

/// Plans `instance` once per total budget, in parallel, in the order given.
pub fn budget_table(
    instance: &Instance,
    budgets: &[Option<f64>],
    options: &SolveOptions,
) -> crate::Result<Vec<BudgetLevel>> {
    // Budgets are no weight: every level is planned at the same ones.
    let weights = ObjectiveWeights::of(instance);
    budgets
        .par_iter()
        .map(|&budget| {
            let variant = with_total_budget(instance, budget);
            let outcome = solve_instance_with(&variant, &weights, options)?;
            let mut row = BudgetLevel {
                budget,
                status: RunStatus::from(&outcome),
                cost: None,
                waste_kg: None,
                support_kg: None,
                support_spent: None,
                lowest_priority_farm_sold_share: None,
            };
            if let Some(verified) = outcome.plan() {
                let figures = compute_figures(&variant, verified);
                row.cost = Some(verified.costs.total());
                row.waste_kg = Some(figures.waste_kg);
                row.support_kg = Some(figures.support_kg());
                row.support_spent = Some(figures.support_spent());
                row.lowest_priority_farm_sold_share = Some(figures.lowest_priority_farm_sold_share(&variant));
            }
            Ok(row)
        })
        .collect()
}
