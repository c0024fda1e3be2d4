//! Hands an [`LpModel`] to a solver through good_lp and brings back the
//! column values with an honest status. The only place that names good_lp.

use good_lp::constraint::ConstraintReference;
use good_lp::solvers::{
    DualValues, ResolutionError, Solution, SolutionStatus, SolutionWithDual, SolverModel, WithTimeLimit,
};
use good_lp::{variable, Expression, ProblemVariables, Variable};

use super::build::LpModel;
use crate::lp::coupled::CoupledBasis;

/// Clarabel's gap and feasibility tolerance.
pub const CLARABEL_TOLERANCE: f64 = 1e-10;

/// The LP solvers agrimatch can call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LpSolver {
    /// Pure-Rust dual simplex: vertex plans, fast on small models.
    Microlp,
    /// Pure-Rust interior point: fast on large models, leaves dust.
    Clarabel,
    /// HiGHS (C++), only with the `highs` cargo feature.
    Highs,
    /// Network simplex (pure Rust), for blocks with no shared capacity.
    Network,
    /// Primal partitioning simplex (pure Rust): a network plus coupling rows.
    Coupled,
}

impl LpSolver {
    /// Every solver, in the order `--solver` lists them.
    pub const ALL: [LpSolver; 5] = [
        LpSolver::Microlp,
        LpSolver::Clarabel,
        LpSolver::Highs,
        LpSolver::Network,
        LpSolver::Coupled,
    ];

    /// The solver called `name` (as in `--solver` and `summary.csv`).
    pub fn from_name(name: &str) -> Option<LpSolver> {
        LpSolver::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The name `--solver` takes and `summary.csv` records.
    pub fn name(self) -> &'static str {
        match self {
            LpSolver::Microlp => "microlp",
            LpSolver::Clarabel => "clarabel",
            LpSolver::Highs => "highs",
            LpSolver::Network => "network",
            LpSolver::Coupled => "coupled",
        }
    }

    /// Whether this build can run the solver.
    pub fn is_available(self) -> bool {
        match self {
            LpSolver::Microlp | LpSolver::Clarabel | LpSolver::Network | LpSolver::Coupled => true,
            LpSolver::Highs => cfg!(feature = "highs"),
        }
    }
}

/// How a solve ended.
#[derive(Debug, Clone, PartialEq)]
pub enum LpStatus {
    /// Solved to the solver's tolerance; the values are a plan to verify.
    Optimal,
    /// No values meet every row.
    Infeasible,
    /// The cost can fall without end (a negative cost with no limit).
    Unbounded,
    /// Stopped by the time limit (values, if any, are not proven optimal).
    TimeLimit,
    /// The solver gave up or reported reduced accuracy; the text says why.
    /// (No solver declines a model: `auto` picks one by its structure.)
    Failed(String),
}

/// Column values (in model order) when the solver produced any.
pub struct LpSolution {
    /// How the solve ended.
    pub status: LpStatus,
    /// One value per column (kg, or gap); `None` when the solver gave none.
    pub values: Option<Vec<f64>>,
    /// One dual per row, d(objective)/d(rhs) (<= 0 on a binding `<=` row),
    /// where the solver gives them: what `verify` checks optimality with.
    /// `None` for microlp, which gives no duals.
    pub duals: Option<Vec<f64>>,
}

/// Solves `model` with `solver`, single-threaded, within `time_limit_seconds`.
pub fn solve_lp(model: &LpModel, solver: LpSolver, time_limit_seconds: Option<f64>) -> LpSolution {
    solve_lp_from(model, solver, time_limit_seconds, None).0
}

/// [`solve_lp`], starting from `start` where the solver can (the coupled
/// simplex), and the basis it ended with for the next nearly equal model.
pub fn solve_lp_from(
    model: &LpModel,
    solver: LpSolver,
    time_limit_seconds: Option<f64>,
    start: Option<&CoupledBasis>,
) -> (LpSolution, Option<CoupledBasis>) {
    if solver == LpSolver::Coupled && !model.columns.is_empty() {
        return coupled_solution(model, time_limit_seconds, start);
    }
    (solve_lp_cold(model, solver, time_limit_seconds), None)
}

fn solve_lp_cold(model: &LpModel, solver: LpSolver, time_limit_seconds: Option<f64>) -> LpSolution {
    if model.columns.is_empty() {
        // Nothing can move: solvers dislike empty problems, and the answer is known.
        return LpSolution {
            status: LpStatus::Optimal,
            values: Some(Vec::new()),
            duals: Some(vec![0.0; model.rows.len()]),
        };
    }
    match solver {
        LpSolver::Network => network_solution(model, time_limit_seconds),
        LpSolver::Coupled => coupled_solution(model, time_limit_seconds, None).0,
        LpSolver::Microlp => {
            let (problem, columns) = good_lp_problem(model);
            let mut lp = problem.using(good_lp::microlp);
            if let Some(seconds) = time_limit_seconds {
                lp = lp.with_time_limit(seconds);
            }
            finish(add_rows(lp, model, &columns).solve(), &columns, |_| Ok(()))
        }
        LpSolver::Clarabel => {
            let (mut lp, columns) = clarabel_problem(model);
            if let Some(seconds) = time_limit_seconds {
                lp.settings().time_limit(seconds);
            }
            // good_lp calls AlmostSolved and DualInfeasible a success; we do not.
            let references = add_rows_kept(&mut lp, model, &columns);
            finish_with_duals(lp.solve(), &columns, &references, |solution| {
                use clarabel_status::*;
                match solution.inner().status {
                    SolverStatus::Solved => Ok(()),
                    // Every column is bounded by the harvest, so the model
                    // cannot be unbounded: this is numerical trouble.
                    SolverStatus::DualInfeasible | SolverStatus::AlmostDualInfeasible => Err(LpStatus::Failed(
                        "clarabel reported the model unbounded, which it cannot be: numerically unreliable".to_string(),
                    )),
                    other => Err(LpStatus::Failed(format!("clarabel stopped with status {other:?}"))),
                }
            })
        }
        #[cfg(feature = "highs")]
        LpSolver::Highs => {
            let (problem, columns) = good_lp_problem(model);
            let mut lp = problem.using(good_lp::highs).set_threads(1);
            lp.set_verbose(false);
            if let Some(seconds) = time_limit_seconds {
                lp = lp.set_time_limit(seconds);
            }
            let references = add_rows_kept(&mut lp, model, &columns);
            finish_with_duals(lp.solve(), &columns, &references, |_| Ok(()))
        }
        #[cfg(not(feature = "highs"))]
        LpSolver::Highs => LpSolution {
            status: LpStatus::Failed("this build has no HiGHS (rebuild with --features highs)".to_string()),
            values: None,
            duals: None,
        },
    }
}

/// The marginal value of every row, d(objective)/d(rhs), from Clarabel's
/// duals (good_lp's "shadow price" convention); `None` when Clarabel does
/// not solve the model to optimality.
pub fn row_duals(model: &LpModel) -> Option<Vec<f64>> {
    if model.columns.is_empty() {
        return Some(vec![0.0; model.rows.len()]);
    }
    let (mut lp, columns) = clarabel_problem(model);
    let references: Vec<_> = model
        .rows
        .iter()
        .map(|row| lp.add_constraint(row_constraint(row, &columns)))
        .collect();
    let mut solution = lp.solve().ok()?;
    if solution.inner().status != clarabel_status::SolverStatus::Solved {
        return None;
    }
    let duals = solution.compute_dual();
    Some(references.into_iter().map(|r| duals.dual(r)).collect())
}

/// The marginal value of every row, d(objective)/d(rhs), from HiGHS's
/// dual simplex (its row duals are in that convention for a minimisation:
/// a binding `<=` row has a dual <= 0); `None` when this build has no
/// HiGHS or HiGHS does not solve the model to optimality.
pub fn highs_row_duals(model: &LpModel) -> Option<Vec<f64>> {
    if model.columns.is_empty() {
        return Some(vec![0.0; model.rows.len()]);
    }
    highs_duals(model)
}

#[cfg(feature = "highs")]
fn highs_duals(model: &LpModel) -> Option<Vec<f64>> {
    let (problem, columns) = good_lp_problem(model);
    let mut lp = problem.using(good_lp::highs).set_threads(1);
    lp.set_verbose(false);
    let references: Vec<_> = model
        .rows
        .iter()
        .map(|row| lp.add_constraint(row_constraint(row, &columns)))
        .collect();
    let mut solution = lp.solve().ok()?;
    if solution.status() != SolutionStatus::Optimal {
        return None;
    }
    let duals = solution.compute_dual();
    Some(references.into_iter().map(|r| duals.dual(r)).collect())
}

#[cfg(not(feature = "highs"))]
fn highs_duals(_model: &LpModel) -> Option<Vec<f64>> {
    None
}

/// The model for Clarabel, without rows, at agrimatch's tolerance: tighter
/// than Clarabel's default (1e-8), because the dust an interior point leaves
/// on every column is removed before `verify`, and at the default accuracy
/// that shifts the objective by ~1e-6 relative.
fn clarabel_problem(model: &LpModel) -> (good_lp::solvers::clarabel::ClarabelProblem, Vec<Variable>) {
    let (problem, columns) = good_lp_problem(model);
    let mut lp = problem.using(good_lp::clarabel);
    lp.settings()
        .tol_gap_abs(CLARABEL_TOLERANCE)
        .tol_gap_rel(CLARABEL_TOLERANCE)
        .tol_feas(CLARABEL_TOLERANCE);
    (lp, columns)
}

/// One row as a good_lp constraint.
fn row_constraint(row: &super::build::LpRow, columns: &[Variable]) -> good_lp::Constraint {
    let mut expression = Expression::with_capacity(row.terms.len());
    for &(j, coefficient) in &row.terms {
        expression.add_mul(coefficient, columns[j]);
    }
    expression.leq(row.rhs)
}

/// The model as good_lp variables and objective (rows are added per solver).
fn good_lp_problem(model: &LpModel) -> (good_lp::variable::UnsolvedProblem, Vec<Variable>) {
    let mut problem_variables = ProblemVariables::new();
    let columns: Vec<Variable> = model
        .columns
        .iter()
        .map(|_| problem_variables.add(variable().min(0.0)))
        .collect();
    let mut objective = Expression::with_capacity(columns.len());
    for (&c, &x) in model.cost.iter().zip(&columns) {
        if c != 0.0 {
            objective.add_mul(c, x);
        }
    }
    (problem_variables.minimise(objective), columns)
}

/// The instant `--time-limit` seconds from now (none without a limit).
fn deadline_after(time_limit_seconds: Option<f64>) -> Option<std::time::Instant> {
    time_limit_seconds
        .and_then(|s| std::time::Duration::try_from_secs_f64(s).ok())
        .and_then(|d| std::time::Instant::now().checked_add(d))
}

fn coupled_solution(
    model: &LpModel,
    time_limit_seconds: Option<f64>,
    start: Option<&CoupledBasis>,
) -> (LpSolution, Option<CoupledBasis>) {
    use crate::lp::coupled::{solve_coupled_with_duals, CoupledError};
    let deadline = deadline_after(time_limit_seconds);
    let status = match solve_coupled_with_duals(model, deadline, start) {
        Ok((values, duals, end)) => {
            let solution = LpSolution {
                status: LpStatus::Optimal,
                values: Some(values),
                duals: Some(duals),
            };
            return (solution, Some(end));
        }
        Err(CoupledError::TimeLimit) => LpStatus::TimeLimit,
        Err(CoupledError::Infeasible) => LpStatus::Infeasible,
        Err(CoupledError::Unbounded) => LpStatus::Unbounded,
        Err(e) => LpStatus::Failed(format!("coupled simplex: {e:?}")),
    };
    let solution = LpSolution {
        status,
        values: None,
        duals: None,
    };
    (solution, None)
}

fn network_solution(model: &LpModel, time_limit_seconds: Option<f64>) -> LpSolution {
    match crate::lp::network::solve_network_with_duals(model, deadline_after(time_limit_seconds)) {
        Ok((values, duals)) => LpSolution {
            status: LpStatus::Optimal,
            values: Some(values),
            duals: Some(duals),
        },
        Err(crate::lp::network::NetworkError::TimeLimit) => LpSolution {
            status: LpStatus::TimeLimit,
            values: None,
            duals: None,
        },
        Err(e) => LpSolution {
            status: LpStatus::Failed(format!("network simplex: {e:?}")),
            values: None,
            duals: None,
        },
    }
}

mod clarabel_status {
    pub use clarabel::solver::SolverStatus;
}

fn add_rows<M: SolverModel>(mut lp: M, model: &LpModel, columns: &[Variable]) -> M {
    for row in &model.rows {
        lp.add_constraint(row_constraint(row, columns));
    }
    lp
}

/// Maps a good_lp result to our status; `check` may veto a solution the
/// wrapper called a success.
fn finish<S: Solution>(
    result: Result<S, ResolutionError>,
    columns: &[Variable],
    check: impl FnOnce(&S) -> Result<(), LpStatus>,
) -> LpSolution {
    let solution = match result {
        Ok(solution) => solution,
        Err(e) => {
            let status = match e {
                ResolutionError::Infeasible => LpStatus::Infeasible,
                ResolutionError::Unbounded => LpStatus::Unbounded,
                ResolutionError::Other(text) if text.contains("Time limit") => LpStatus::TimeLimit,
                other => LpStatus::Failed(other.to_string()),
            };
            return LpSolution {
                status,
                values: None,
                duals: None,
            };
        }
    };
    let values: Vec<f64> = columns.iter().map(|&x| solution.value(x)).collect();
    let status = match check(&solution) {
        Err(status) => status,
        Ok(()) => status_of(&solution),
    };
    LpSolution {
        status,
        values: Some(values),
        duals: None,
    }
}

/// Adds every row and keeps its reference, to read its dual after the solve.
fn add_rows_kept<M: SolverModel>(lp: &mut M, model: &LpModel, columns: &[Variable]) -> Vec<ConstraintReference> {
    model
        .rows
        .iter()
        .map(|row| lp.add_constraint(row_constraint(row, columns)))
        .collect()
}

/// [`finish`] for a solver that gives row duals: the duals of an optimal
/// solve come with its values.
fn finish_with_duals<S>(
    result: Result<S, ResolutionError>,
    columns: &[Variable],
    references: &[ConstraintReference],
    check: impl FnOnce(&S) -> Result<(), LpStatus>,
) -> LpSolution
where
    S: Solution + for<'a> SolutionWithDual<'a>,
{
    let mut solution = match result {
        Ok(solution) => solution,
        Err(e) => return finish::<S>(Err(e), columns, check),
    };
    let status = match check(&solution) {
        Err(status) => status,
        Ok(()) => status_of(&solution),
    };
    let values: Vec<f64> = columns.iter().map(|&x| solution.value(x)).collect();
    let duals = (status == LpStatus::Optimal).then(|| {
        let duals = solution.compute_dual();
        references.iter().map(|r| duals.dual(r.clone())).collect()
    });
    LpSolution {
        status,
        values: Some(values),
        duals,
    }
}

/// Our status for a solution good_lp returned.
fn status_of<S: Solution>(solution: &S) -> LpStatus {
    match solution.status() {
        SolutionStatus::Optimal => LpStatus::Optimal,
        SolutionStatus::TimeLimit => LpStatus::TimeLimit,
        SolutionStatus::GapLimit => LpStatus::Failed("stopped at a gap limit".to_string()),
    }
}
