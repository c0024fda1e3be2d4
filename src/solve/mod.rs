//! Stage 4 and 5: choosing a solver, solving, and verifying the plan.
//! The outcome is a value: a plan that is not optimal or fails `verify`
//! comes back with its status, never as a good plan.

pub mod greedy;
pub mod limits;
pub mod marginal;
pub mod plan;
pub mod split;
pub mod verify;

use std::fmt;
use std::time::Instant;

use rayon::prelude::*;

use crate::data::Instance;
use crate::model::coupled::is_coupled_network;
use crate::model::network::is_network;
use crate::model::{build_model, solve_lp, LpModel, LpSolver, LpStatus};
pub use plan::{Plan, DUST_KG};
pub use verify::{verify_plan, PlanCosts, VerifiedPlan};

/// `--solver`: a fixed solver, or `auto` (see [`auto_attempts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolverChoice {
    Auto,
    Fixed(LpSolver),
}

impl SolverChoice {
    /// The solver named by `--solver`, if one is.
    pub fn fixed(self) -> Option<LpSolver> {
        match self {
            SolverChoice::Fixed(solver) => Some(solver),
            SolverChoice::Auto => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolveOptions {
    pub solver: SolverChoice,
    pub time_limit_seconds: Option<f64>,
    /// Plan independent blocks of products apart (`--no-split` turns it off).
    pub split: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            solver: SolverChoice::Auto,
            time_limit_seconds: None,
            split: true,
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
    /// A verified plan of the greedy baseline (feasible, not optimised).
    Baseline,
    /// A verified plan committed week by week over a rolling horizon.
    Rolled,
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
            PlanStatus::Baseline => "baseline",
            PlanStatus::Rolled => "rolled",
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
    /// Blocks of products planned apart (1 when not split).
    pub blocks: usize,
}

/// Builds, solves and verifies. Errors only when the request cannot be run
/// (a solver this build lacks, a model too large for memory); every solver
/// outcome is a [`PlanStatus`]. Unless `options.split` is off, products that
/// share no capacitated lane or storage are planned as separate blocks, in
/// parallel, and the joined plan is verified as a whole.
pub fn solve_instance(instance: &Instance, options: &SolveOptions) -> crate::Result<PlanOutcome> {
    limits::check_instance_fits(instance)?;
    let mut blocks = if options.split {
        split::split_blocks(instance)
    } else {
        Vec::new()
    };
    if blocks.len() <= 1 {
        blocks = vec![split::Block::whole(instance)];
    }
    let results: Vec<crate::Result<BlockOutcome>> = blocks
        .par_iter()
        .map(|block| {
            if block.is_whole(instance) {
                return solve_block(instance, options);
            }
            let sub = split::restrict(instance, block);
            solve_block(&sub, options).map(|mut outcome| {
                outcome.remap(block);
                outcome
            })
        })
        .collect();
    let results = results.into_iter().collect::<crate::Result<Vec<_>>>()?;

    let largest = results.iter().max_by_key(|r| r.variables).expect("at least one block");
    let mut outcome = PlanOutcome {
        status: PlanStatus::Optimal,
        solver: largest.solver,
        verified: None,
        variables: results.iter().map(|r| r.variables).sum(),
        constraints: results.iter().map(|r| r.constraints).sum(),
        build_seconds: results.iter().map(|r| r.build_seconds).sum(),
        solve_seconds: results.iter().map(|r| r.solve_seconds).sum(),
        verify_seconds: 0.0,
        fallback_from: results.iter().find_map(|r| r.fallback_from.clone()),
        blocks: results.len(),
    };
    if let Some(failed) = results.iter().find(|r| r.status != PlanStatus::Optimal) {
        outcome.status = failed.status.clone();
        outcome.solver = failed.solver;
        return Ok(outcome);
    }
    let started = Instant::now();
    let mut plan = Plan::default();
    let mut objective = 0.0;
    for result in results {
        let part = result.plan.expect("optimal blocks carry a plan");
        plan.shipments.extend(part.shipments);
        plan.stocks.extend(part.stocks);
        plan.sales.extend(part.sales);
        objective += result.objective;
    }
    match verify_plan(instance, &plan, Some(objective)) {
        Ok(verified) => outcome.verified = Some(verified),
        Err(violations) => outcome.status = PlanStatus::Unverified(violations),
    }
    outcome.verify_seconds = started.elapsed().as_secs_f64();
    Ok(outcome)
}

/// One block's result before the joined plan is verified.
struct BlockOutcome {
    status: PlanStatus,
    solver: LpSolver,
    plan: Option<Plan>,
    objective: f64,
    variables: usize,
    constraints: usize,
    build_seconds: f64,
    solve_seconds: f64,
    fallback_from: Option<(LpSolver, String)>,
}

impl BlockOutcome {
    /// Back to the whole instance's indexes (see [`split::restrict`]).
    fn remap(&mut self, block: &split::Block) {
        if let Some(plan) = &mut self.plan {
            for f in &mut plan.shipments {
                f.product = block.products[f.product.0];
                f.lane = block.lanes[f.lane.0];
            }
            for f in &mut plan.stocks {
                f.product = block.products[f.product.0];
                f.location = block.locations[f.location.0];
            }
            for f in &mut plan.sales {
                f.product = block.products[f.product.0];
                f.store = block.locations[f.store.0];
            }
        }
    }
}

/// Builds and solves one block. A fixed solver gets one try; `auto` tries
/// the solvers of [`auto_attempts`] in turn until one gives a verified plan.
/// Which solver runs depends on the model alone, never on the clock: only
/// the user's `--time-limit` stops a solver, and then the search ends.
fn solve_block(instance: &Instance, options: &SolveOptions) -> crate::Result<BlockOutcome> {
    let started = Instant::now();
    let model = build_model(instance);
    let build_seconds = started.elapsed().as_secs_f64();
    limits::check_model_fits(&model)?;
    let attempts = match options.solver {
        SolverChoice::Fixed(solver) => vec![solver],
        SolverChoice::Auto => auto_attempts(&model),
    };
    let mut spent = 0.0;
    let mut first_failure: Option<(LpSolver, String)> = None;
    let mut last = None;
    for (i, &solver) in attempts.iter().enumerate() {
        let limit = options.time_limit_seconds.map(|limit| (limit - spent).max(1e-9));
        let mut outcome = solve_model_with(instance, &model, solver, limit)?;
        spent += outcome.solve_seconds;
        outcome.build_seconds = build_seconds;
        outcome.solve_seconds = spent;
        outcome.fallback_from = first_failure.clone();
        let done = matches!(outcome.status, PlanStatus::Optimal | PlanStatus::TimeLimit);
        if done || i + 1 == attempts.len() {
            return Ok(outcome);
        }
        first_failure.get_or_insert((solver, outcome.status.to_string()));
        last = Some(outcome);
    }
    last.ok_or_else(|| crate::Error::Usage("no solver to try".to_string()))
}

/// The solvers `auto` tries, in order: the network simplex for a pure
/// network; the coupled simplex for a network plus coupling rows (it gives
/// up, by a count of binding rows, where a general LP solver is faster);
/// HiGHS when built in; then microlp, and Clarabel only when microlp fails
/// (not when it is slow). The choice depends on the model's structure
/// alone, so the same input gives the same plan on a loaded machine.
/// (Measured: the coupled simplex was 5 to 14 times faster than microlp on
/// the 300-farm coupled case's blocks, and microlp 1.2 to 7 times faster
/// than Clarabel on generated scenarios of 15,000 to 75,000 variables; see
/// BENCHMARKS.md.)
pub fn auto_attempts(model: &LpModel) -> Vec<LpSolver> {
    let mut attempts = Vec::new();
    if is_network(model) {
        attempts.push(LpSolver::Network);
    } else if is_coupled_network(model) {
        attempts.push(LpSolver::Coupled);
    }
    if LpSolver::Highs.is_available() {
        attempts.push(LpSolver::Highs);
    }
    attempts.extend([LpSolver::Microlp, LpSolver::Clarabel]);
    attempts
}

fn solve_model_with(
    instance: &Instance,
    model: &LpModel,
    solver: LpSolver,
    time_limit_seconds: Option<f64>,
) -> crate::Result<BlockOutcome> {
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

    let mut outcome = BlockOutcome {
        status: PlanStatus::Optimal,
        solver,
        plan: None,
        objective: 0.0,
        variables: model.columns.len(),
        constraints: model.rows.len(),
        build_seconds: 0.0,
        solve_seconds,
        fallback_from: None,
    };
    outcome.status = match (solution.status, solution.values) {
        (LpStatus::Optimal, Some(values)) => {
            let mut values = plan::clean_values(&values, DUST_KG);
            plan::repair_balances(instance, model, &mut values, DUST_KG);
            let plan = plan::extract_plan(model, &values);
            let objective = model.objective_of(&values);
            // Checked per block too, so that `auto` can fall back on the block.
            match verify_plan(instance, &plan, Some(objective)) {
                Ok(_) => {
                    outcome.plan = Some(plan);
                    outcome.objective = objective;
                    PlanStatus::Optimal
                }
                Err(violations) => PlanStatus::Unverified(violations),
            }
        }
        (LpStatus::Optimal, None) => PlanStatus::Failed("the solver returned no values".to_string()),
        (LpStatus::Infeasible, _) => PlanStatus::Infeasible,
        (LpStatus::Unbounded, _) => PlanStatus::Unbounded,
        (LpStatus::TimeLimit, _) => PlanStatus::TimeLimit,
        (LpStatus::Failed(why), _) => PlanStatus::Failed(why),
    };
    Ok(outcome)
}

/// Plans with the greedy baseline instead of an LP, and verifies the plan.
pub fn solve_greedy(instance: &Instance) -> PlanOutcome {
    let started = Instant::now();
    let plan = greedy::plan_greedy(instance);
    let solve_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let (status, verified) = match verify_plan(instance, &plan, None) {
        Ok(verified) => (PlanStatus::Baseline, Some(verified)),
        Err(violations) => (PlanStatus::Unverified(violations), None),
    };
    PlanOutcome {
        status,
        solver: LpSolver::Greedy,
        verified,
        variables: 0,
        constraints: 0,
        build_seconds: 0.0,
        solve_seconds,
        verify_seconds: started.elapsed().as_secs_f64(),
        fallback_from: None,
        blocks: 1,
    }
}
