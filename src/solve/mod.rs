//! Stage 4 and 5: choosing a solver, solving, and verifying the plan.
//! The outcome is a value: a plan that is not optimal or fails `verify`
//! comes back with its status, never as a good plan.

pub mod certificate;
pub mod figures;
pub mod greedy;
pub mod limits;
pub mod marginal;
pub mod plan;
pub mod split;
pub mod status;
pub mod trucks;
pub mod verify;

use std::fmt;
use std::time::Instant;

use rayon::prelude::*;

use crate::data::Instance;
use crate::lp::coupled::is_coupled_network;
use crate::lp::coupled::CoupledBasis;
use crate::lp::network::is_network;
use crate::model::lp::solve_lp_from;
use crate::model::{build_model_with, LpModel, LpSolver, LpStatus, ObjectiveWeights};
pub use certificate::Certificate;
use certificate::{check_block_duals, BlockBound};
pub use figures::{compute_figures, PlanFigures};
pub use limits::MemoryLimit;
pub use plan::{Plan, TruckCount, DUST_KG};
pub use status::Status;
pub use trucks::{solve_trucks_cold, GapStatus, TruckSearch};
pub use verify::{verify_plan, PlanCosts, VerifiedPlan, Violation};

/// `--solver`: a fixed solver, or `auto` (see [`auto_attempts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolverChoice {
    /// Try solvers in turn until one gives a verified plan.
    Auto,
    /// Only this solver.
    Fixed(LpSolver),
}

impl SolverChoice {
    /// The `--solver` word: `auto` or the solver's name.
    pub fn word(self) -> &'static str {
        self.fixed().map_or("auto", LpSolver::name)
    }

    /// The choice a `--solver` word names.
    pub fn from_word(word: &str) -> Option<SolverChoice> {
        match word {
            "auto" => Some(SolverChoice::Auto),
            name => LpSolver::from_name(name).map(SolverChoice::Fixed),
        }
    }

    /// The solver named by `--solver`, if one is.
    pub fn fixed(self) -> Option<LpSolver> {
        match self {
            SolverChoice::Fixed(solver) => Some(solver),
            SolverChoice::Auto => None,
        }
    }
}

/// How to plan: solver, time limit, splitting, memory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolveOptions {
    /// Which solver (`--solver`).
    pub solver: SolverChoice,
    /// Seconds the solver may take (`--time-limit`); `None`: no limit.
    pub time_limit_seconds: Option<f64>,
    /// Plan independent blocks of products apart (`--no-split` turns it off).
    pub split: bool,
    /// Models larger than this are refused before they are built.
    pub memory_limit: MemoryLimit,
    /// With truck lanes: the truck search stops [`trucks::POLISH_SOLVES`]
    /// solves after its plan is within this relative gap of the lower bound
    /// (`--gap`).
    pub gap: f64,
    /// Under `auto`, a block that the network or coupled simplex gives up
    /// or fails on is not handed on to a general LP solver: the solve ends
    /// without a plan. The truck search sets it for its re-solves, which may
    /// skip a variant but should not spend minutes on one (a rule on the
    /// model, never on the clock). Neither declines a block by size.
    pub fast_core_only: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            solver: SolverChoice::Auto,
            time_limit_seconds: None,
            split: true,
            memory_limit: MemoryLimit::default(),
            gap: trucks::DEFAULT_GAP,
            fast_core_only: false,
        }
    }
}

/// The largest balance repair accepted, relative to the block's largest
/// harvest: what a solver's tolerance can leave over (its rounding), not a
/// plan it did not find.
pub const MAX_BALANCE_REPAIR: f64 = 1e-6;

/// Who made a plan: how it came about, apart from how solving ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Optimised by an LP solver (the one of the largest block when split).
    Lp(LpSolver),
    /// The greedy baseline: feasible, not optimised (`--method greedy`).
    Greedy,
    /// Committed window by window over a rolling horizon; the solver is the
    /// one of the largest window.
    Rolled(LpSolver),
    /// Planned in whole trucks by the truck search on top of an LP solver
    /// (the relaxation's), ending as the [`GapStatus`] says.
    Trucks(LpSolver, GapStatus),
}

impl Method {
    /// The solver's name as `summary.csv` records it (`greedy` for the baseline).
    pub fn solver_name(self) -> &'static str {
        match self {
            Method::Lp(solver) | Method::Rolled(solver) | Method::Trucks(solver, _) => solver.name(),
            Method::Greedy => "greedy",
        }
    }
}

/// How solving ended when it gave no plan to write.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanStatus {
    /// No plan meets every constraint.
    Infeasible,
    /// The cost can fall without end.
    Unbounded,
    /// Stopped by `--time-limit` before an optimal plan was proven.
    TimeLimit,
    /// The solver gave up or reported reduced accuracy.
    Failed(String),
    /// The solver said optimal but the plan failed the independent check.
    Unverified(Vec<Violation>),
}

impl PlanStatus {
    /// Its word in the one vocabulary.
    pub fn ended(&self) -> Status {
        match self {
            PlanStatus::Infeasible => Status::Infeasible,
            PlanStatus::Unbounded => Status::Unbounded,
            PlanStatus::TimeLimit => Status::TimeLimit,
            PlanStatus::Failed(_) => Status::Failed,
            PlanStatus::Unverified(_) => Status::Unverified,
        }
    }

    /// The word used in `summary.csv`, tables and messages.
    pub fn word(&self) -> &'static str {
        self.ended().word()
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

/// What a planning run produced: a verified plan and who made it, or the
/// reason there is none.
// One per planning run, moved a handful of times: boxing the plan would buy
// nothing but a `Box` at every match.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A plan that passed [`verify_plan`].
    Planned {
        /// The plan, verified.
        plan: VerifiedPlan,
        /// Who made it.
        method: Method,
    },
    /// No plan to write.
    NotPlanned {
        /// How solving ended.
        status: PlanStatus,
        /// Who tried.
        method: Method,
    },
}

impl Outcome {
    /// How it ended, its certificate taken as checked (see
    /// [`PlanOutcome::ended`] for the one that knows).
    pub fn ended(&self) -> Status {
        match self {
            Outcome::Planned { method, .. } => method.ended(),
            Outcome::NotPlanned { status, .. } => status.ended(),
        }
    }

    /// The word `summary.csv` and the terminal show: `optimal` for an LP
    /// plan, `baseline` for the greedy one, `rolled`, or the status.
    pub fn word(&self) -> &'static str {
        self.ended().word()
    }
}

/// How one run in a table of runs ended (a sweep variant, a fairness
/// level, a benchmark run).
#[derive(Debug, Clone, PartialEq)]
pub enum RunStatus {
    /// A verified plan (optimal LP with its certificate checked, greedy
    /// baseline, rolled or in trucks).
    Planned(Method),
    /// A verified LP plan that its solver calls optimal but whose
    /// optimality no checked certificate proves (microlp gives no duals).
    Solved(LpSolver),
    /// Solved, but no plan to show.
    NotPlanned(PlanStatus),
    /// The run could not start: its input is bad, or its solver is not built in.
    Error(String),
}

impl RunStatus {
    /// Its word in the one vocabulary.
    pub fn ended(&self) -> Status {
        match self {
            RunStatus::Planned(method) => method.ended(),
            RunStatus::Solved(_) => Status::Solved,
            RunStatus::NotPlanned(status) => status.ended(),
            RunStatus::Error(_) => Status::Error,
        }
    }

    /// One word: `optimal`, `baseline`, `rolled`, a [`PlanStatus::word`] or `error`.
    pub fn word(&self) -> &'static str {
        self.ended().word()
    }

    /// A verified plan was written or shown, however it ended: an LP plan
    /// (`optimal` or `solved`), the baseline, a rolled plan, or a truck plan
    /// at any gap. What `plan`'s exit code 0 means, so every command that
    /// plans many variants shows these figures and exits as `plan` would.
    pub fn is_planned(&self) -> bool {
        self.ended().is_planned()
    }

    /// An LP plan was solved to its solver's optimum and verified (a truck
    /// plan: within the gap asked for). Whether a certificate proves it is
    /// the difference between `optimal` and `solved`.
    pub fn is_optimal(&self) -> bool {
        self.ended().is_optimal()
    }
}

/// As written in tables: the word, and for an error its reason
/// (`error: ...`, on one line).
impl fmt::Display for RunStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunStatus::Error(why) => write!(f, "error: {}", why.replace('\n', "; ")),
            other => f.write_str(other.word()),
        }
    }
}

impl From<&PlanOutcome> for RunStatus {
    fn from(outcome: &PlanOutcome) -> Self {
        match &outcome.outcome {
            Outcome::Planned {
                method: Method::Lp(solver),
                ..
            } if !outcome.certificate.is_checked() => RunStatus::Solved(*solver),
            Outcome::Planned { method, .. } => RunStatus::Planned(*method),
            Outcome::NotPlanned { status, .. } => RunStatus::NotPlanned(status.clone()),
        }
    }
}

/// Everything a report needs about one planning run.
#[derive(Debug, Clone)]
pub struct PlanOutcome {
    /// The plan and who made it, or why there is none.
    pub outcome: Outcome,
    /// LP columns (over all blocks; 0 for a plan no LP made).
    pub variables: usize,
    /// LP rows (over all blocks).
    pub constraints: usize,
    /// Seconds to build the LP.
    pub build_seconds: f64,
    /// Seconds in the solver.
    pub solve_seconds: f64,
    /// Seconds to verify the plan.
    pub verify_seconds: f64,
    /// Under `auto`: the solver that failed first and why, when another one
    /// then produced this outcome.
    pub fallback_from: Option<Fallback>,
    /// Blocks of products planned apart (windows, for a rolled plan).
    pub blocks: usize,
    /// The solver that planned each block, in block order (empty for the
    /// greedy baseline and rolled plans), so that which rule sent a block
    /// where is visible in `summary.csv`.
    pub block_solvers: Vec<LpSolver>,
    /// With truck lanes: the lower bound, gap and trucks of the truck search.
    pub trucks: Option<TruckSearch>,
    /// An LP plan's certificate of optimality (see [`certificate`]); `none`
    /// for plans no single LP made (greedy, rolled, in trucks).
    pub certificate: Certificate,
    /// The most kg cut from a state to balance the solver's values, relative
    /// to its block's largest harvest (0 when none was; never above
    /// [`MAX_BALANCE_REPAIR`]).
    pub balance_repair: f64,
}

/// Under `auto`, a solver that gave no plan for a block, and the one that then did.
#[derive(Debug, Clone, PartialEq)]
pub struct Fallback {
    /// The solver tried first.
    pub failed: LpSolver,
    /// Why it gave no plan (its status, or why it gave up).
    pub why: String,
    /// The solver tried last on that block.
    pub then: LpSolver,
}

impl PlanOutcome {
    /// `coupled 1, microlp 1`: how many blocks each solver planned, in the
    /// order of [`LpSolver::ALL`]; empty when no LP planned blocks.
    pub fn blocks_by_solver(&self) -> String {
        LpSolver::ALL
            .iter()
            .filter_map(|s| {
                let n = self.block_solvers.iter().filter(|b| *b == s).count();
                (n > 0).then(|| format!("{} {n}", s.name()))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl PlanOutcome {
    /// The verified plan, if there is one.
    pub fn plan(&self) -> Option<&VerifiedPlan> {
        match &self.outcome {
            Outcome::Planned { plan, .. } => Some(plan),
            Outcome::NotPlanned { .. } => None,
        }
    }

    /// The verified plan, if there is one, by value.
    pub fn into_plan(self) -> Option<VerifiedPlan> {
        match self.outcome {
            Outcome::Planned { plan, .. } => Some(plan),
            Outcome::NotPlanned { .. } => None,
        }
    }

    /// Who made the plan, or tried to.
    pub fn method(&self) -> Method {
        match &self.outcome {
            Outcome::Planned { method, .. } | Outcome::NotPlanned { method, .. } => *method,
        }
    }

    /// Why there is no plan, if there is none.
    pub fn status(&self) -> Option<&PlanStatus> {
        match &self.outcome {
            Outcome::Planned { .. } => None,
            Outcome::NotPlanned { status, .. } => Some(status),
        }
    }

    /// An LP plan, solved to optimality and verified (a truck plan: within
    /// the gap asked for).
    pub fn is_optimal(&self) -> bool {
        RunStatus::from(self).is_optimal()
    }

    /// See [`Outcome::ended`]; an LP plan without a checked certificate is
    /// `solved`, not `optimal`.
    pub fn ended(&self) -> Status {
        RunStatus::from(self).ended()
    }

    /// The word of [`PlanOutcome::ended`].
    pub fn word(&self) -> &'static str {
        self.ended().word()
    }
}

/// Builds, solves and verifies a whole scenario at its own
/// [`ObjectiveWeights`]. Errors only when the request cannot be run (a
/// solver this build lacks, a model too large for memory); every solver
/// outcome is a [`PlanStatus`]. Unless `options.split` is off, products that
/// share no capacitated lane or storage are planned as separate blocks, in
/// parallel, and the joined plan is verified as a whole.
pub fn solve_instance(instance: &Instance, options: &SolveOptions) -> crate::Result<PlanOutcome> {
    solve_instance_with(instance, &ObjectiveWeights::of(instance), options)
}

/// [`solve_instance`] at given `weights`: a part of a larger scenario (such
/// as a window of a rolling plan) is planned at the larger one's weights.
pub fn solve_instance_with(
    instance: &Instance,
    weights: &ObjectiveWeights,
    options: &SolveOptions,
) -> crate::Result<PlanOutcome> {
    solve_instance_from(instance, weights, options, None).map(|(outcome, _)| outcome)
}

/// The bases a plan's blocks ended with (blocks the coupled simplex
/// solved), where the plans of nearly equal scenarios can start: a sweep's
/// variants start from the base plan's.
#[derive(Debug, Clone, Default)]
pub struct WarmStarts {
    by_block: Vec<(split::Block, CoupledBasis)>,
    /// Only from [`solve_instance_keeping`]: every block's data and what
    /// solving it gave, so that a later plan whose block holds the very same
    /// data (a what-if that changed another block) takes that block's plan
    /// instead of building and solving the same LP again.
    solved: Vec<SolvedBlock>,
}

/// A block as it was solved: its data (restricted to the block, as solved)
/// and its outcome, in the whole instance's indexes.
#[derive(Debug, Clone)]
struct SolvedBlock {
    block: split::Block,
    data: Instance,
    weights: ObjectiveWeights,
    outcome: BlockOutcome,
}

impl WarmStarts {
    pub(crate) fn of(&self, block: &split::Block) -> Option<&CoupledBasis> {
        self.by_block.iter().find(|(b, _)| b == block).map(|(_, basis)| basis)
    }

    /// The outcome of `block` when it was solved with exactly this data and
    /// these weights and gave a plan: the same LP, so the same plan. No
    /// time was spent on it now.
    fn solved_same(&self, block: &split::Block, data: &Instance, weights: &ObjectiveWeights) -> Option<BlockOutcome> {
        let kept = self
            .solved
            .iter()
            .find(|s| s.block == *block && s.outcome.result.is_ok() && s.weights == *weights && s.data == *data)?;
        let mut outcome = kept.outcome.clone();
        outcome.build_seconds = 0.0;
        outcome.solve_seconds = 0.0;
        Some(outcome)
    }

    /// Blocks with a basis to start from.
    pub fn len(&self) -> usize {
        self.by_block.len()
    }

    /// Whether no block has a basis.
    pub fn is_empty(&self) -> bool {
        self.by_block.is_empty()
    }
}

/// Plans `items[anchor]` first, then every other item in parallel, each
/// starting from the anchor's bases (`plan` gets no start for the anchor):
/// a sweep's variants from its base, fairness levels from the first with
/// fair-share rows. Results come back in item order; which plan an item
/// gets never depends on the order the threads finish in.
pub fn plan_from_anchor<I: Sync, T: Send>(
    items: &[I],
    anchor: Option<usize>,
    plan: impl Fn(&I, Option<&WarmStarts>) -> (T, WarmStarts) + Sync,
) -> Vec<T> {
    let first = anchor.map(|i| plan(&items[i], None));
    let start = first.as_ref().map(|(_, warm)| warm);
    let mut results: Vec<Option<T>> = items
        .par_iter()
        .enumerate()
        .map(|(i, item)| (Some(i) != anchor).then(|| plan(item, start).0))
        .collect();
    if let (Some(i), Some((result, _))) = (anchor, first) {
        results[i] = Some(result);
    }
    results
        .into_iter()
        .map(|result| result.expect("every item was planned"))
        .collect()
}

/// [`solve_instance_with`], each block starting from the basis `start`
/// holds for the same block (same products, places and lanes) where the
/// model has the same shape, and the bases the blocks ended with. The plan
/// is verified as any other; its cost equals a cold start's, and where the
/// optimum is not unique it may be another of the optimal plans.
pub fn solve_instance_from(
    instance: &Instance,
    weights: &ObjectiveWeights,
    options: &SolveOptions,
    start: Option<&WarmStarts>,
) -> crate::Result<(PlanOutcome, WarmStarts)> {
    solve_blocks(instance, weights, options, start, false)
}

/// [`solve_instance_from`] with no start, keeping in the returned
/// [`WarmStarts`] each block's data and plan as well as its basis: a later
/// [`solve_instance_from`] from them (with the same `options`) takes the
/// plan of every block whose data did not change, and solves only the
/// others. `agrimatch serve` plans its base so: most what-ifs change one
/// block of many. The joined plan is verified as a whole either way.
pub fn solve_instance_keeping(
    instance: &Instance,
    weights: &ObjectiveWeights,
    options: &SolveOptions,
) -> crate::Result<(PlanOutcome, WarmStarts)> {
    solve_blocks(instance, weights, options, None, true)
}

fn solve_blocks(
    instance: &Instance,
    weights: &ObjectiveWeights,
    options: &SolveOptions,
    start: Option<&WarmStarts>,
    keep: bool,
) -> crate::Result<(PlanOutcome, WarmStarts)> {
    if trucks::has_trucks(instance) {
        return trucks::solve_trucks(instance, weights, options).map(|outcome| (outcome, WarmStarts::default()));
    }
    limits::check_instance_fits(instance, options.memory_limit)?;
    let mut blocks = if options.split {
        split::split_blocks(instance)
    } else {
        Vec::new()
    };
    if blocks.len() <= 1 {
        blocks = vec![split::Block::whole(instance)];
    }
    let rows = split::block_rows(instance, &blocks);
    let results: Vec<crate::Result<BlockOutcome>> = blocks
        .par_iter()
        .zip(&rows)
        .map(|(block, rows)| {
            let block_start = start.and_then(|s| s.of(block));
            let whole = block.is_whole(instance);
            let restricted = (!whole).then(|| split::restrict_rows(instance, weights, block, rows));
            let (data, data_weights) = restricted.as_ref().map_or((instance, weights), |(d, w)| (d, w));
            if let Some(same) = start.and_then(|s| s.solved_same(block, data, data_weights)) {
                return Ok(same);
            }
            let mut outcome = solve_block(data, data_weights, options, block_start)?;
            if !whole {
                outcome.remap(block, &rows.support);
            }
            Ok(outcome)
        })
        .collect();
    let mut results = results.into_iter().collect::<crate::Result<Vec<_>>>()?;
    let solved = if keep {
        // Restricted again rather than held through the parallel solves: a
        // keeping plan is made once (a base), its what-ifs many times.
        blocks
            .iter()
            .zip(&results)
            .zip(&rows)
            .map(|((block, outcome), rows)| {
                let (data, weights) = if block.is_whole(instance) {
                    (instance.clone(), weights.clone())
                } else {
                    split::restrict_rows(instance, weights, block, rows)
                };
                SolvedBlock {
                    block: block.clone(),
                    data,
                    weights,
                    outcome: outcome.clone(),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let warm = WarmStarts {
        by_block: blocks
            .iter()
            .zip(&mut results)
            .filter_map(|(block, result)| result.basis.take().map(|basis| (block.clone(), basis)))
            .collect(),
        solved,
    };

    let largest = results.iter().max_by_key(|r| r.variables).expect("at least one block");
    let mut outcome = PlanOutcome {
        outcome: Outcome::NotPlanned {
            status: PlanStatus::Failed("not solved".to_string()),
            method: Method::Lp(largest.solver),
        },
        variables: results.iter().map(|r| r.variables).sum(),
        constraints: results.iter().map(|r| r.constraints).sum(),
        build_seconds: results.iter().map(|r| r.build_seconds).sum(),
        solve_seconds: results.iter().map(|r| r.solve_seconds).sum(),
        verify_seconds: 0.0,
        fallback_from: results.iter().find_map(|r| r.fallback_from.clone()),
        blocks: results.len(),
        block_solvers: results.iter().map(|r| r.solver).collect(),
        trucks: None,
        certificate: Certificate::None(certificate::reason::NOT_SOLVED.to_string()),
        balance_repair: results.iter().map(|r| r.balance_repair).fold(0.0, f64::max),
    };
    let method = Method::Lp(largest.solver);
    if let Some(failed) = results.iter().find(|r| r.result.is_err()) {
        if let Err(status) = &failed.result {
            outcome.outcome = Outcome::NotPlanned {
                status: status.clone(),
                method: Method::Lp(failed.solver),
            };
        }
        return Ok((outcome, warm));
    }
    let started = Instant::now();
    let mut plan = Plan::default();
    let mut objective = 0.0;
    let mut bounds = Vec::with_capacity(results.len());
    for result in results {
        let (part, part_objective, bound) = result.result.expect("every block was checked to carry a plan");
        plan.shipments.extend(part.shipments);
        plan.stocks.extend(part.stocks);
        plan.sales.extend(part.sales);
        plan.support.extend(part.support);
        objective += part_objective;
        bounds.push(bound);
    }
    outcome.outcome = match verify_plan(instance, weights, &plan, Some(objective)) {
        Ok(verified) => {
            // Only a plan that passed verify is costed against the bound:
            // the certificate compares the data's cost, not the solver's.
            outcome.certificate = certificate::certify(verified.costs.total(), &bounds);
            Outcome::Planned { plan: verified, method }
        }
        Err(violations) => Outcome::NotPlanned {
            status: PlanStatus::Unverified(violations),
            method,
        },
    };
    outcome.verify_seconds = started.elapsed().as_secs_f64();
    Ok((outcome, warm))
}

/// One block's result before the joined plan is verified.
#[derive(Debug, Clone)]
struct BlockOutcome {
    /// The block's verified plan, its objective and the lower bound its
    /// duals prove, or why there is none.
    result: Result<(Plan, f64, BlockBound), PlanStatus>,
    solver: LpSolver,
    variables: usize,
    constraints: usize,
    build_seconds: f64,
    solve_seconds: f64,
    fallback_from: Option<Fallback>,
    /// Where the next solve of this block may start (coupled simplex only).
    basis: Option<CoupledBasis>,
    /// The largest balance repair (see [`plan::repair_balances`]).
    balance_repair: f64,
}

impl BlockOutcome {
    /// Back to the whole instance's indexes (see [`split::restrict`]).
    fn remap(&mut self, block: &split::Block, support_lines: &[usize]) {
        if let Ok((plan, _, _)) = &mut self.result {
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
            for f in &mut plan.support {
                f.line = support_lines[f.line];
                f.lane = block.lanes[f.lane.0];
            }
        }
    }
}

/// Builds and solves one block. A fixed solver gets one try; `auto` tries
/// the solvers of [`auto_attempts`] in turn until one gives a verified plan.
/// Which solver runs depends on the model alone, never on the clock: only
/// the user's `--time-limit` stops a solver, and then the search ends.
fn solve_block(
    instance: &Instance,
    weights: &ObjectiveWeights,
    options: &SolveOptions,
    start: Option<&CoupledBasis>,
) -> crate::Result<BlockOutcome> {
    let started = Instant::now();
    let model = build_model_with(instance, weights);
    let build_seconds = started.elapsed().as_secs_f64();
    limits::check_model_fits(&model, options.memory_limit)?;
    let mut attempts = match options.solver {
        SolverChoice::Fixed(solver) => vec![solver],
        SolverChoice::Auto => auto_attempts(&model),
    };
    if options.fast_core_only && matches!(attempts.first(), Some(LpSolver::Network | LpSolver::Coupled)) {
        attempts.truncate(1);
    }
    let mut spent = 0.0;
    let mut first_failure: Option<(LpSolver, String)> = None;
    let mut last = None;
    for (i, &solver) in attempts.iter().enumerate() {
        let limit = options.time_limit_seconds.map(|limit| (limit - spent).max(1e-9));
        let mut outcome = solve_model_with((instance, weights), &model, (solver, start), limit)?;
        spent += outcome.solve_seconds;
        outcome.build_seconds = build_seconds;
        outcome.solve_seconds = spent;
        outcome.fallback_from = first_failure.clone().map(|(failed, why)| Fallback {
            failed,
            why,
            then: solver,
        });
        let failure = match &outcome.result {
            Ok(_) | Err(PlanStatus::TimeLimit) => None,
            Err(status) => Some(status.to_string()),
        };
        let Some(why) = failure.filter(|_| i + 1 < attempts.len()) else {
            return Ok(outcome);
        };
        first_failure.get_or_insert((solver, why));
        last = Some(outcome);
    }
    last.ok_or_else(|| crate::Error::Usage(crate::lang::t("ref-no-solver-to-try", &[])))
}

/// The solvers `auto` tries, in order: the network simplex for a pure
/// network; the coupled simplex for a network plus coupling rows (at any
/// count of binding rows: its working basis is a sparse LU); HiGHS when built in; then microlp, and Clarabel only when microlp fails
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
    (instance, weights): (&Instance, &ObjectiveWeights),
    model: &LpModel,
    (solver, start): (LpSolver, Option<&CoupledBasis>),
    time_limit_seconds: Option<f64>,
) -> crate::Result<BlockOutcome> {
    if !solver.is_available() {
        return Err(crate::Error::Usage(crate::lang::t(
            "ref-solver-not-built",
            &[("solver", solver.name())],
        )));
    }
    let started = Instant::now();
    crate::test_hooks::pause("solving");
    let (solution, basis) = solve_lp_from(model, solver, time_limit_seconds, start);
    let solve_seconds = started.elapsed().as_secs_f64();

    let mut balance_repair = 0.0;
    let result = match (solution.status, solution.values) {
        (LpStatus::Optimal, Some(values)) => {
            let (result, repair) = checked_plan((instance, weights), model, solver, &values, solution.duals.as_deref());
            balance_repair = repair;
            result
        }
        (LpStatus::Optimal, None) => Err(PlanStatus::Failed("the solver returned no values".to_string())),
        (LpStatus::Infeasible, _) => Err(PlanStatus::Infeasible),
        (LpStatus::Unbounded, _) => Err(PlanStatus::Unbounded),
        (LpStatus::TimeLimit, _) => Err(PlanStatus::TimeLimit),
        (LpStatus::Failed(why), _) => Err(PlanStatus::Failed(why)),
    };
    Ok(BlockOutcome {
        result,
        solver,
        variables: model.columns.len(),
        constraints: model.rows.len(),
        build_seconds: 0.0,
        solve_seconds,
        fallback_from: None,
        basis,
        balance_repair,
    })
}

/// A solver's optimal values made a plan: dust removed, balances repaired
/// (refused beyond rounding), verified, and proven by the solver's duals
/// where it gave them. Also the largest repair made.
fn checked_plan(
    (instance, weights): (&Instance, &ObjectiveWeights),
    model: &LpModel,
    solver: LpSolver,
    values: &[f64],
    duals: Option<&[f64]>,
) -> (Result<(Plan, f64, BlockBound), PlanStatus>, f64) {
    let mut values = plan::clean_values(values, DUST_KG);
    let repair = plan::repair_balances(instance, model, &mut values, DUST_KG);
    if repair > MAX_BALANCE_REPAIR {
        // More than a solver's rounding: the values are not a plan the
        // solver found, and scaling them would hide that.
        let why = format!(
            "{} left a balance over-shipped by {repair:e} of the block's largest harvest, more than \
             the {MAX_BALANCE_REPAIR:e} agrimatch repairs",
            solver.name()
        );
        return (Err(PlanStatus::Failed(why)), repair);
    }
    let plan = plan::extract_plan(model, &values);
    let objective = model.objective_of(&values);
    // Checked per block too, so that `auto` can fall back on the block.
    if let Err(violations) = verify_plan(instance, weights, &plan, Some(objective)) {
        return (Err(PlanStatus::Unverified(violations)), repair);
    }
    let bound = check_block_duals(model, duals);
    let result = match certificate::certify(objective, std::slice::from_ref(&bound)) {
        // A solver that gave duals must prove its plan: one that stopped
        // short of the optimum (the coupled simplex once accepted "no
        // entering column" after its last refactor without pricing again)
        // is a failure, and `auto` moves on to the next solver.
        Certificate::None(why) if duals.is_some() => Err(PlanStatus::Failed(format!(
            "{}: the plan is not proven optimal ({why})",
            solver.name()
        ))),
        _ => Ok((plan, objective, bound)),
    };
    (result, repair)
}

/// Plans with the greedy baseline instead of an LP, and verifies the plan.
pub fn solve_greedy(instance: &Instance) -> PlanOutcome {
    let started = Instant::now();
    // On truck lanes, greedy keeps within the trucks allowed and then
    // counts the trucks its loads need (it does not weigh their cost).
    let mut plan = if trucks::has_trucks(instance) {
        greedy::plan_greedy(&trucks::relaxed_instance(instance))
    } else {
        greedy::plan_greedy(instance)
    };
    plan.count_trucks(instance);
    let solve_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let outcome = match verify_plan(instance, &ObjectiveWeights::of(instance), &plan, None) {
        Ok(verified) => Outcome::Planned {
            plan: verified,
            method: Method::Greedy,
        },
        Err(violations) => Outcome::NotPlanned {
            status: PlanStatus::Unverified(violations),
            method: Method::Greedy,
        },
    };
    PlanOutcome {
        outcome,
        variables: 0,
        constraints: 0,
        build_seconds: 0.0,
        solve_seconds,
        verify_seconds: started.elapsed().as_secs_f64(),
        fallback_from: None,
        blocks: 1,
        block_solvers: Vec::new(),
        trucks: None,
        certificate: Certificate::None(certificate::reason::GREEDY.to_string()),
        balance_repair: 0.0,
    }
}
