//! The optimality certificate: a plan is called optimal only when row duals
//! prove it, checked here from the model's own coefficients, never from the
//! solver's bookkeeping.
//!
//! Every block is `min const + c.x` subject to `A x <= b`, `x >= 0`. For any
//! duals `y <= 0` with reduced costs `d = c - A'y >= 0`, every feasible plan
//! costs at least `const + b.y` (weak duality: `c.x = d.x + y.Ax >= y.b`).
//! So a plan whose cost, recomputed by `verify` from the data, is within a
//! small gap of the sum of its blocks' dual bounds is optimal to that gap,
//! whichever solver produced it. The solver's duals are only a candidate:
//! positive ones are cut to 0 (which keeps the bound valid) and the reduced
//! costs are recomputed from `A` and `c` here.

use std::fmt;

use crate::model::LpModel;

/// A reduced cost below `-REDUCED_COST_TOLERANCE * (1 + largest |cost|)`
/// makes the duals infeasible. Measured: the network and coupled simplex
/// leave reduced costs above -1e-12 of the largest cost and Clarabel (at its
/// 1e-10 tolerance) above -1e-9 on the shipped and generated scenarios.
pub const REDUCED_COST_TOLERANCE: f64 = 1e-8;

/// The plan is called optimal when its cost is at most this much above the
/// dual bound, relative to `1 + |cost|`: verify's own tolerance on costs.
pub const DUALITY_GAP_TOLERANCE: f64 = 1e-6;

/// The reasons a written plan's certificate can be `none` for, as
/// `summary.csv` says them (the English contract; `plan.xlsx` words them
/// in the reader's language from this list).
pub mod reason {
    /// microlp (and any solver without duals).
    pub const NO_DUALS: &str = "the solver gives no duals";
    /// A plan in truckloads: its proof is the search's bound and gap.
    pub const TRUCKS: &str = "a truck plan is proven by its lower_bound and gap";
    /// No LP was solved (nothing to plan, or it failed).
    pub const NOT_SOLVED: &str = "the plan was not solved";
    /// `--method greedy`.
    pub const GREEDY: &str = "the greedy baseline is not optimised";
    /// A plan folder read back whose summary.csv has no certificate row.
    pub const UNRECORDED: &str = "the folder records no certificate";
    /// `agrimatch roll`: windows committed one after another.
    pub const ROLLED: &str = "a rolled plan is committed window by window, not optimised as a whole";
}

/// One block's dual bound, or why its duals prove nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockBound {
    /// Every feasible plan of the block costs at least `bound`.
    Proven {
        /// `const + b.y`, with the duals cut to `y <= 0`.
        bound: f64,
    },
    /// No bound: the solver gave no duals, or they are not dual feasible.
    None(String),
}

/// A plan's certificate of optimality, as `summary.csv` reports it.
#[derive(Debug, Clone, PartialEq)]
pub enum Certificate {
    /// The plan's recomputed cost is within [`DUALITY_GAP_TOLERANCE`] of a
    /// proven lower bound.
    Checked {
        /// Plan cost minus the dual bound (may be a rounding hair below 0).
        duality_gap: f64,
    },
    /// Not proven optimal; the text says why.
    None(String),
}

impl Certificate {
    /// `checked`, or `none`, as in `summary.csv`.
    pub fn word(&self) -> &'static str {
        match self {
            Certificate::Checked { .. } => "checked",
            Certificate::None(_) => "none",
        }
    }

    /// Whether the plan's optimality was proven.
    pub fn is_checked(&self) -> bool {
        matches!(self, Certificate::Checked { .. })
    }

    /// The duality gap, where one was checked.
    pub fn duality_gap(&self) -> Option<f64> {
        match self {
            Certificate::Checked { duality_gap } => Some(*duality_gap),
            Certificate::None(_) => None,
        }
    }
}

/// `checked` or `none: why`.
impl fmt::Display for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Certificate::Checked { .. } => f.write_str("checked"),
            Certificate::None(why) => write!(f, "none: {why}"),
        }
    }
}

/// The lower bound that `duals` (one per row, d(objective)/d(rhs)) prove for
/// `model`, after checking their feasibility against the model's own rows.
pub fn check_block_duals(model: &LpModel, duals: Option<&[f64]>) -> BlockBound {
    let Some(duals) = duals else {
        return BlockBound::None(reason::NO_DUALS.to_string());
    };
    if duals.len() != model.rows.len() {
        return BlockBound::None(format!(
            "the solver gave {} duals for {} rows",
            duals.len(),
            model.rows.len()
        ));
    }
    if let Some(i) = duals.iter().position(|y| !y.is_finite()) {
        return BlockBound::None(format!("the dual of row {i} is not a number"));
    }
    // A positive dual of a `<=` row would break weak duality: cut it to 0.
    // The reduced costs below then say whether the cut duals still hold.
    let dual = |i: usize| duals[i].min(0.0);
    let mut reduced = model.cost.clone();
    let mut bound = model.objective_constant;
    for (i, row) in model.rows.iter().enumerate() {
        let y = dual(i);
        if y == 0.0 {
            continue;
        }
        bound += row.rhs * y;
        for &(j, a) in &row.terms {
            reduced[j] -= a * y;
        }
    }
    let largest_cost = model.cost.iter().fold(0.0_f64, |m, c| m.max(c.abs()));
    let tolerance = REDUCED_COST_TOLERANCE * (1.0 + largest_cost);
    let worst = reduced
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .filter(|(_, d)| **d < -tolerance);
    match worst {
        Some((j, d)) => BlockBound::None(format!(
            "the duals are not feasible: column {j} has reduced cost {d:e} (tolerance {tolerance:e})"
        )),
        None if bound.is_finite() => BlockBound::Proven { bound },
        None => BlockBound::None("the dual bound is not a number".to_string()),
    }
}

/// The certificate of a plan of recomputed cost `plan_cost` whose blocks
/// have `bounds`: checked when every block is proven and the cost is within
/// [`DUALITY_GAP_TOLERANCE`] of their sum.
pub fn certify(plan_cost: f64, bounds: &[BlockBound]) -> Certificate {
    let mut total = 0.0;
    for bound in bounds {
        match bound {
            BlockBound::Proven { bound } => total += bound,
            BlockBound::None(why) => return Certificate::None(why.clone()),
        }
    }
    let duality_gap = plan_cost - total;
    let allowed = DUALITY_GAP_TOLERANCE * (1.0 + plan_cost.abs());
    if duality_gap > allowed {
        return Certificate::None(format!(
            "the plan costs {plan_cost} and the duals prove only {total} (gap {duality_gap:e})"
        ));
    }
    if duality_gap < -allowed {
        // Weak duality forbids a bound above a feasible plan's cost: the
        // plan or the bound is wrong, and neither may be called optimal.
        return Certificate::None(format!(
            "the dual bound {total} is above the plan's cost {plan_cost}: a bug, please report it"
        ));
    }
    Certificate::Checked { duality_gap }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::{ColumnKey, LpRow, RowKey};

    /// `min 2 x0 + 3 x1 - 10 s` with `s <= x0 + x1` (s sold out of what is
    /// shipped) and `s <= 4`: the optimum ships 4 on x0 and costs 8 - 40 = -32.
    fn small_model() -> LpModel {
        let key = ColumnKey::ShareGap {
            farm: crate::data::LocationIx(0),
        };
        let row_key = RowKey::FarmShare {
            farm: crate::data::LocationIx(0),
        };
        LpModel {
            columns: vec![key; 3],
            cost: vec![2.0, 3.0, -10.0],
            rows: vec![
                LpRow {
                    key: row_key,
                    terms: vec![(0, -1.0), (1, -1.0), (2, 1.0)],
                    rhs: 0.0,
                },
                LpRow {
                    key: row_key,
                    terms: vec![(2, 1.0)],
                    rhs: 4.0,
                },
            ],
            objective_constant: 0.0,
        }
    }

    #[test]
    fn optimal_duals_prove_the_optimum_and_others_do_not() {
        let model = small_model();
        // y0 = -2 (a kg more of room at row 0 saves 2), y1 = -8.
        let bound = check_block_duals(&model, Some(&[-2.0, -8.0]));
        assert_eq!(bound, BlockBound::Proven { bound: -32.0 });
        assert!(certify(-32.0, std::slice::from_ref(&bound)).is_checked());
        // A plan costing more than the bound is not optimal.
        assert!(!certify(-30.0, std::slice::from_ref(&bound)).is_checked());
        // A bound above the cost is a bug, never a zero gap.
        let above = certify(-40.0, &[bound]);
        assert!(
            matches!(&above, Certificate::None(why) if why.contains("bug")),
            "{above}"
        );
        // Duals that price x0 below zero are infeasible.
        assert!(matches!(
            check_block_duals(&model, Some(&[-3.0, -7.0])),
            BlockBound::None(_)
        ));
        // No duals, no certificate.
        assert!(matches!(check_block_duals(&model, None), BlockBound::None(_)));
        assert!(matches!(check_block_duals(&model, Some(&[-2.0])), BlockBound::None(_)));
    }

    #[test]
    fn positive_duals_are_cut_to_zero_before_pricing() {
        let model = small_model();
        // y1 = +5 would lift the bound to +20: cut to 0, the duals then
        // leave s with reduced cost -10 + 2 = -8, infeasible.
        assert!(matches!(
            check_block_duals(&model, Some(&[-2.0, 5.0])),
            BlockBound::None(_)
        ));
    }
}
