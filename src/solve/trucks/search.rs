//! The search's state: its budget of LP solves, the warm starts, the best
//! verified plan so far.

use std::time::Instant;

use super::variants::merge_overflow;
use super::{relative_gap, LaneLoads, TruckCounts, MAX_SOLVES, PROVEN_GAP};
use crate::data::Instance;
use crate::model::ObjectiveWeights;
use crate::solve::plan::Plan;
use crate::solve::verify::{verify_plan, VerifiedPlan};
use crate::solve::{solve_instance_from, PlanStatus, SolveOptions, WarmStarts};

/// A verified truck plan and its cost.
pub(super) struct Candidate {
    pub(super) verified: VerifiedPlan,
    pub(super) cost: f64,
}

impl Candidate {
    /// Trucks per (lane, week), whole.
    pub(super) fn trucks(&self) -> TruckCounts {
        counted_trucks(&self.verified.plan)
    }
}

/// The search's state: the budget, the best plan so far, the statistics.
pub(super) struct Search<'a> {
    pub(super) instance: &'a Instance,
    pub(super) weights: &'a ObjectiveWeights,
    pub(super) options: SolveOptions,
    pub(super) started: Instant,
    pub(super) solves: usize,
    pub(super) solve_seconds: f64,
    pub(super) build_seconds: f64,
    pub(super) best: Option<Candidate>,
    pub(super) lower_bound: f64,
    pub(super) stopped: bool,
    /// Variants skipped because the fast core gave up or failed on them
    /// (counted in `solves`).
    pub(super) skipped: usize,
    /// The bases the last solve ended with: every variant has the shape of
    /// the relaxation (see [`super::variants::priced_instance`]), so the next one starts there.
    pub(super) warm: WarmStarts,
    /// The same for the variants with lane copies ([`super::variants::sunk_instance`]),
    /// which have a shape of their own.
    pub(super) warm_sunk: WarmStarts,
    pub(super) starts: Starts,
    /// The verified cost of the last solve's plan (`None`: it did not verify).
    pub(super) last_cost: Option<f64>,
    /// Solves before this count may start even when the plan is within
    /// `--gap` (step 10, the polish; 0 until the polish starts).
    pub(super) polish_end: usize,
}

impl<'a> Search<'a> {
    /// A search with no plan yet, its bound `lower_bound` (one solve spent on it).
    pub(super) fn new(
        instance: &'a Instance,
        weights: &'a ObjectiveWeights,
        options: &SolveOptions,
        starts: Starts,
        lower_bound: f64,
    ) -> Search<'a> {
        Search {
            instance,
            weights,
            options: *options,
            started: Instant::now(),
            solves: 1,
            solve_seconds: 0.0,
            build_seconds: 0.0,
            best: None,
            lower_bound,
            stopped: false,
            skipped: 0,
            warm: WarmStarts::default(),
            warm_sunk: WarmStarts::default(),
            starts,
            last_cost: None,
            polish_end: 0,
        }
    }

    /// Whether another LP solve may start: within the budget and
    /// `--time-limit`, and while the plan is above the gap or polishing.
    pub(super) fn may_solve(&self) -> bool {
        let in_time = self
            .options
            .time_limit_seconds
            .is_none_or(|limit| self.started.elapsed().as_secs_f64() < limit);
        !self.stopped && self.solves < MAX_SOLVES && in_time && (self.solves < self.polish_end || !self.close_enough())
    }

    pub(super) fn gap(&self) -> f64 {
        self.best
            .as_ref()
            .map_or(f64::INFINITY, |best| relative_gap(best.cost, self.lower_bound))
    }

    pub(super) fn close_enough(&self) -> bool {
        self.best.is_some() && self.gap() <= self.options.gap.max(PROVEN_GAP)
    }

    /// Solves `variant` (a scenario without trucks); its plan is counted in
    /// trucks and verified against the real scenario, and kept if it is the
    /// cheapest so far. `None` when the variant gave no plan. The plan of
    /// a sunk variant comes back with its lane copies merged (a plan of
    /// the scenario).
    /// A warm start changes which optimal plan of a variant the solver ends
    /// at (not its cost), and so the path of the search; it is still a
    /// function of the input alone. A variant whose block the fast core
    /// gives up or fails on is skipped (`None`, counted in `skipped`): the
    /// search's many re-solves must not each spend minutes in a general LP
    /// solver (the 300-farm fixed-truck variants took 8-50 s each in
    /// microlp when the coupled simplex still declined them by size).
    pub(super) fn solve(&mut self, variant: &Instance) -> crate::Result<Option<Plan>> {
        self.solve_by(variant, true)
    }

    /// [`Search::solve_by`] with `fast_core_only = false`, from the bases of
    /// the last solve, which stay the start of the next one: the solve is a
    /// side trip that does not change the path of the steps after it.
    pub(super) fn solve_aside(&mut self, variant: &Instance) -> crate::Result<Option<Plan>> {
        let (warm, warm_sunk) = (self.warm.clone(), self.warm_sunk.clone());
        let plan = self.solve_by(variant, false)?;
        (self.warm, self.warm_sunk) = (warm, warm_sunk);
        Ok(plan)
    }

    /// [`Search::solve`], where `fast_core_only = false` lets a block the
    /// fast core gave up or failed on go on to a general LP solver (cold).
    /// Only the two rounding solves do that, since every other step may run
    /// many times. (On the 300-farm case rounding up once reached the gap
    /// only through microlp, 26-29 s; the coupled simplex now takes those
    /// blocks itself, see BENCHMARKS.md.)
    pub(super) fn solve_by(&mut self, variant: &Instance, fast_core_only: bool) -> crate::Result<Option<Plan>> {
        // Only the sunk variants have lane copies after the scenario's lanes.
        let sunk = variant.lanes.len() > self.instance.lanes.len();
        let mut options = self.options;
        options.fast_core_only = fast_core_only;
        options.time_limit_seconds = options
            .time_limit_seconds
            .map(|limit| (limit - self.started.elapsed().as_secs_f64()).max(1e-9));
        let slot = if sunk { &mut self.warm_sunk } else { &mut self.warm };
        let start = (self.starts == Starts::Warm).then_some(&*slot);
        let (outcome, warm) = solve_instance_from(variant, self.weights, &options, start)?;
        *slot = warm;
        self.solves += 1;
        self.solve_seconds += outcome.solve_seconds;
        self.build_seconds += outcome.build_seconds;
        self.last_cost = None;
        if matches!(outcome.status(), Some(PlanStatus::TimeLimit)) {
            // The user's time is up: the best plan so far stands.
            self.stopped = true;
        }
        let Some(plan) = outcome.into_plan() else {
            // The fast core gave up or failed (or the variant has no
            // plan): the search goes on with the next.
            self.skipped += 1;
            return Ok(None);
        };
        let mut plan = plan.plan;
        if sunk {
            merge_overflow(self.instance, &mut plan);
        }
        plan.count_trucks(self.instance);
        if let Ok(verified) = verify_plan(self.instance, self.weights, &plan, None) {
            let cost = verified.costs.total();
            self.last_cost = Some(cost);
            if self.best.as_ref().is_none_or(|best| cost < best.cost) {
                self.best = Some(Candidate { verified, cost });
            }
        }
        Ok(Some(plan))
    }
}

/// Whether the search's re-solves start from the last solve's bases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Starts {
    Warm,
    Cold,
}

/// Whole trucks per (lane, week) of a counted plan.
pub(super) fn counted_trucks(plan: &Plan) -> TruckCounts {
    plan.trucks
        .iter()
        .map(|t| ((t.lane, t.week), t.trucks as u32))
        .collect()
}

/// Kg per (truck lane, week) of a plan, support purchases included.
pub(super) fn truck_loads(instance: &Instance, plan: &Plan) -> LaneLoads {
    plan.truck_lots(instance)
        .into_iter()
        .map(|(key, lots)| (key, lots.values().sum()))
        .collect()
}
