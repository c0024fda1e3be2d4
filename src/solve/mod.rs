//! Stage 4 and 5: choosing a solver, solving, and verifying the plan.
//! The outcome is a value: a plan that is not optimal or fails `verify`
//! comes back with its status, never as a good plan.

pub mod limits;
pub mod plan;
pub mod verify;

use std::fmt;
use std::time::Instant;

use crate::data::Instance;
use crate::model::{build_model, solve_lp, LpModel, LpSolver, LpStatus};
pub use plan::{Plan, DUST_KG};
pub use verify::{verify_plan, PlanCosts, VerifiedPlan};

/// Models with at most this many columns go to microlp under `auto`: it
/// gives vertex plans and is faster there; above it Clarabel wins.
/// Measured on the shipped and generated scenarios (see BENCHMARKS.md).
pub const AUTO_MICROLP_MAX_COLUMNS: usize = 5_000;

/// `--solver`: a fixed solver, or `auto` to pick by model size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolverChoice {
    Auto,
    Fixed(LpSolver),
}

impl SolverChoice {
    pub fn pick(self, columns: usize) -> LpSolver {
        match self {
            SolverChoice::Fixed(solver) => solver,
            SolverChoice::Auto if columns <= AUTO_MICROLP_MAX_COLUMNS => LpSolver::Microlp,
            SolverChoice::Auto => LpSolver::Clarabel,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolveOptions {
    pub solver: SolverChoice,
    pub time_limit_seconds: Option<f64>,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            solver: SolverChoice::Auto,
            time_limit_seconds: None,
        }
    }
}

/// How planning ended.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanStatus {
    /// Solved to optimality and verified.
    Optimal,
    Infeasible,
    Unbounded,
    TimeLimit,
    /// The solver gave up or reported reduced accuracy.
    Failed(String),
    /// The solver said optimal but the plan failed the independent check.
    Unverified(Vec<String>),
}

impl PlanStatus {
    /// The word used in `summary.csv` and messages.
    pub fn word(&self) -> &'static str {
        match self {
            PlanStatus::Optimal => "optimal",
            PlanStatus::Infeasible => "infeasible",
            PlanStatus::Unbounded => "unbounded",
            PlanStatus::TimeLimit => "time_limit",
            PlanStatus::Failed(_) => "failed",
            PlanStatus::Unverified(_) => "unverified",
        }
    }
}

impl fmt::Display for PlanStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanStatus::Failed(why) => write!(f, "failed: {why}"),
            PlanStatus::Unverified(violations) => {
                write!(
                    f,
                    "the solver's plan failed verification ({} problems)",
                    violations.len()
                )?;
                for v in violations.iter().take(crate::error::PROBLEMS_SHOWN) {
                    write!(f, "\n  {v}")?;
                }
                Ok(())
            }
            other => f.write_str(other.word()),
        }
    }
}

/// Everything a report needs about one planning run.
#[derive(Debug, Clone)]
pub struct PlanOutcome {
    pub status: PlanStatus,
    pub solver: LpSolver,
    /// Present only when the status is optimal.
    pub verified: Option<VerifiedPlan>,
    pub variables: usize,
    pub constraints: usize,
    pub build_seconds: f64,
    pub solve_seconds: f64,
    pub verify_seconds: f64,
    /// Under `auto`: the solver that failed first and why, when another one
    /// then produced this outcome.
    pub fallback_from: Option<(LpSolver, String)>,
}

/// Builds, solves and verifies. Errors only when the request cannot be run
/// (a solver this build lacks); every solver outcome is a [`PlanStatus`].
pub fn solve_instance(instance: &Instance, options: &SolveOptions) -> crate::Result<PlanOutcome> {
    limits::check_instance_fits(instance)?;
    let started = Instant::now();
    let model = build_model(instance);
    let build_seconds = started.elapsed().as_secs_f64();
    solve_model(instance, &model, build_seconds, options)
}

/// Solves and verifies a model already built from `instance` (for callers
/// that also write the model out); `build_seconds` is reported as given.
pub fn solve_model(
    instance: &Instance,
    model: &LpModel,
    build_seconds: f64,
    options: &SolveOptions,
) -> crate::Result<PlanOutcome> {
    limits::check_model_fits(model)?;
    let solver = options.solver.pick(model.columns.len());
    let outcome = solve_model_with(instance, model, build_seconds, solver, options.time_limit_seconds)?;
    // Under `auto`, a numerical failure of the interior point is retried with
    // the simplex, which works in exact vertices and copes with wide ranges.
    let retry = options.solver == SolverChoice::Auto
        && solver == LpSolver::Clarabel
        && matches!(outcome.status, PlanStatus::Failed(_) | PlanStatus::Unverified(_));
    if !retry {
        return Ok(outcome);
    }
    let time_left = options
        .time_limit_seconds
        .map(|limit| (limit - outcome.solve_seconds - outcome.verify_seconds).max(0.001));
    let mut second = solve_model_with(instance, model, build_seconds, LpSolver::Microlp, time_left)?;
    second.solve_seconds += outcome.solve_seconds;
    second.fallback_from = Some((solver, outcome.status.to_string()));
    Ok(second)
}

fn solve_model_with(
    instance: &Instance,
    model: &LpModel,
    build_seconds: f64,
    solver: LpSolver,
    time_limit_seconds: Option<f64>,
) -> crate::Result<PlanOutcome> {
    if !solver.is_available() {
        return Err(crate::Error::Usage(format!(
            "solver {} is not in this build (rebuild with `--features {}`)",
            solver.name(),
            solver.name()
        )));
    }
    let started = Instant::now();
    let solution = solve_lp(model, solver, time_limit_seconds);
    let solve_seconds = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let (status, verified) = match (solution.status, solution.values) {
        (LpStatus::Optimal, Some(values)) => {
            let mut values = plan::clean_values(&values, DUST_KG);
            plan::repair_balances(instance, model, &mut values, DUST_KG);
            let plan = plan::extract_plan(model, &values);
            match verify_plan(instance, &plan, model.objective_of(&values)) {
                Ok(verified) => (PlanStatus::Optimal, Some(verified)),
                Err(violations) => (PlanStatus::Unverified(violations), None),
            }
        }
        (LpStatus::Optimal, None) => (PlanStatus::Failed("the solver returned no values".to_string()), None),
        (LpStatus::Infeasible, _) => (PlanStatus::Infeasible, None),
        (LpStatus::Unbounded, _) => (PlanStatus::Unbounded, None),
        (LpStatus::TimeLimit, _) => (PlanStatus::TimeLimit, None),
        (LpStatus::Failed(why), _) => (PlanStatus::Failed(why), None),
    };
    Ok(PlanOutcome {
        status,
        solver,
        verified,
        variables: model.columns.len(),
        constraints: model.rows.len(),
        build_seconds,
        solve_seconds,
        verify_seconds: started.elapsed().as_secs_f64(),
        fallback_from: None,
    })
}
