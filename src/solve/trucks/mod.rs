//! Plans in whole trucks: a deterministic search on top of the LP solvers.
//!
//! A lane with `truck_kg` carries `load <= truck_kg x trucks` each week and
//! pays `cost_per_truck x trucks`, trucks whole. With trucks continuous (the
//! LP relaxation) a truck lane is the same as a per-kg surcharge
//! `cost_per_truck / truck_kg` and a capacity `max_trucks x truck_kg`: the
//! relaxation is the scenario's own LP with other prices and capacities,
//! which the network and coupled simplex solve fast. Its cost is a lower
//! bound on every truck plan, and where a lane-week can carry less than a
//! truck it prices that lane-week's kg higher (`bound.rs`). Beside the
//! search, on the other core, the truck model's LP with cutting planes
//! (`cuts.rs`) proves a higher bound on models up to
//! [`MAX_CUT_COLUMNS`]; the gap reported is to the higher of the two. The
//! search steers and stops by the per-kg bound only, so its plan does not
//! depend on which thread finishes first.
//!
//! The search then changes only prices and capacities of the scenario and
//! re-solves it with [`super::solve_instance_from`], each solve starting
//! from the bases the last one ended with (every variant has the
//! relaxation's rows and columns, see [`variants::priced_instance`]):
//! 0. rounding up first: the relaxation's loads in whole trucks as fixed
//!    capacities, solved aside (the next solve starts where this one did),
//!    so that a case it brings within `--gap` ends at once;
//! 1. slope scaling: each lane-week is priced at what its trucks cost per kg
//!    in the last plan (`cost_per_truck x trucks / load`), so that half-empty
//!    trucks look dear and full ones cheap, until the truck counts repeat;
//! 2. rounding: the relaxation's loads in whole trucks, rounded up, then
//!    down (full trucks only), as fixed capacities (below);
//! 3. filling: with the best plan's trucks fixed, the lane-weeks become plain
//!    capacities `truck_kg x trucks` at no surcharge, so the LP fills the
//!    trucks it pays for anyway;
//! 4. dropping: the least-filled last trucks are taken away in groups
//!    (largest group first, halved when it does not pay) and the rest of
//!    the best plan's trucks treated as paid ("sunk", [`variants::sunk_instance`]):
//!    free up to `truck_kg x trucks`, and beyond that more trucks at the
//!    relaxation's price per kg, so the kg of a dropped truck may move to
//!    room in other trucks, to other lanes or weeks, or onto a new truck
//!    where that is cheapest. A change that lowers the cost is kept (and
//!    filled, step 3). Once single drops stop paying, the next
//!    least-filled trucks are tried one by one;
//! 5. closing lanes: after [`FRUITLESS_DROPS`] single drops in a row that
//!    did not pay, the truck lane whose trucks are least filled over the
//!    horizon (kg carried / kg of trucks, each lane once) is emptied, the
//!    sunk LP reroutes its kg and its trucks are filled; a lane whose
//!    closing lowers the cost stays closed for the later drops, and the drop
//!    walk starts again. The steps 3 to 5 repeat until [`DROP_SOLVES`];
//! 6. splitting lanes: per lane with weeks of two or more trucks (most
//!    money on trucks first), one truck fewer in every such week at once,
//!    the rest sunk, so that a share of its kg moves to room paid for on
//!    sibling routes; in rounds while a split pays;
//! 7. consolidating: a drop walk ([`CONSOLIDATE_SOLVES`]) whose drops are
//!    tried sunk and, where that does not pay, capped (no new truck on the
//!    lane-week), so the kg must move to room paid for in other weeks or
//!    on other lanes; a drop that did not pay is not tried again;
//! 8. opening moves, which make a lane cheaper to use where the closing
//!    and dropping only take trucks away: the [`OPEN_LANES`] truck lanes
//!    that the bound's LP loads most beyond the best plan (kg over the
//!    horizon) are, one at a time, freed of their truck price while the
//!    other lanes out of the same place lose their paid trucks (priced per
//!    kg as in the relaxation) and all other lanes keep theirs sunk; slope
//!    scaling on those lanes and a fill follow, and a drop walk (as step 4,
//!    [`DESCENT_SOLVES`]) starts from the move's cheapest plan even when it
//!    costs more than the best, so that a new route can be trimmed before it
//!    is judged;
//! 9. trading, with the solves left: a drop walk from the best plan with
//!    every other truck fixed (no new truck anywhere, so the kg must move to
//!    room already paid for), then exchanges: a last truck moved to the week
//!    before or after on its lane, or to the same week on a lane out of or
//!    into the same place, the rest fixed. Fixed LPs have the relaxation's
//!    shape, so these solves start warm and are cheap; they find what two
//!    sunk moves would need (a load moved to another week's paid room, a
//!    truck moved to a sibling route).
//! 10. polishing: once the plan is within `--gap` (not proven optimal),
//!     [`POLISH_SOLVES`] more solves of group drops: the lane-weeks of the
//!     least-filled last trucks, many at once, priced as in the relaxation
//!     with every other truck fixed ([`variants::kept_instance`], the
//!     relaxation's shape, so warm), each drop that pays filled. The bound
//!     is weak for trucks, so the first plan within the gap can be well
//!     above the best plan; these solves take most off a large plan per
//!     solve.
//!
//! Every candidate is counted in whole trucks and verified against the real
//! scenario; the cheapest verified one is the plan. The steps stop when the
//! plan is within `--gap` of the bound (then the polish of step 10 follows)
//! or after [`MAX_SOLVES`] LP solves, in a fixed order: the same input gives
//! the same plan on any machine. Only `--time-limit` may stop the search
//! earlier.
//!
//! Rooms: `bound.rs` (the per-kg bound), `cuts.rs` (the cut bound),
//! `variants.rs` (the scenarios each step solves), `search.rs` (budget, warm
//! starts, best plan), `moves.rs` (the steps).

mod bound;
mod cuts;
mod moves;
mod search;
mod variants;

use std::collections::BTreeMap;
use std::time::Instant;

use super::verify::verify_plan;
use super::{solve_instance_from, Method, Outcome, PlanOutcome, PlanStatus, SolveOptions};
use crate::data::{Instance, LaneIx, Week};
use crate::model::ObjectiveWeights;
use search::{truck_loads, Candidate, Search, Starts};

use bound::priced_by_loads;
pub use bound::{bounding_instance, load_bounds};
pub use cuts::{cut_bound, MAX_CUT_COLUMNS};
pub use variants::relaxed_instance;

/// A truck lane in one week: where trucks are counted.
pub type LaneWeek = (LaneIx, Week);
/// Whole trucks per lane-week (lane-weeks not named have none).
pub type TruckCounts = BTreeMap<LaneWeek, u32>;
/// Kg per lane-week: what a plan loads, or what a lane-week can carry.
pub type LaneLoads = BTreeMap<LaneWeek, f64>;
/// A price per kg per lane-week, on top of the lane's cost per kg: what a
/// lane-week's trucks are charged at in a variant.
pub type Slopes = BTreeMap<LaneWeek, f64>;

/// `--gap` when not given: a plan within 1% of the lower bound is accepted.
pub const DEFAULT_GAP: f64 = 0.01;
/// A plan this close to the bound is proven optimal.
pub const PROVEN_GAP: f64 = 1e-6;
/// LP solves the search may spend, the relaxation included. The count, not
/// the clock, ends the search, so the plan never depends on the machine;
/// the steps share it out in order: 0 to 5 up to [`DROP_SOLVES`], then
/// the splits while they pay, [`CONSOLIDATE_SOLVES`], the opening moves
/// (step 8) up to their own counts, trading (step 9) the rest.
pub const MAX_SOLVES: usize = 170;
/// Solves of step 10, the polish of a plan within `--gap`: the search stops
/// at most this many solves after its plan is within the gap (and within
/// [`MAX_SOLVES`]). A count, not a time, so `--gap` stays a rule a user can
/// read and the plan a function of the input.
pub const POLISH_SOLVES: usize = 8;
/// Solves of the steps 0 to 5, the relaxation included.
pub const DROP_SOLVES: usize = 41;
/// Solves of the consolidating walk (step 7).
pub const CONSOLIDATE_SOLVES: usize = 80;
/// Lanes the opening moves (step 8) try, most promising first; each costs
/// up to `2 x OPEN_SLOPES + DESCENT_SOLVES` solves.
pub const OPEN_LANES: usize = 3;
/// Slope-scaling solves per opened lane, each followed by a fill.
pub const OPEN_SLOPES: usize = 3;
/// Solves of the drop walk from an opened lane's plan.
pub const DESCENT_SOLVES: usize = 20;
/// Of [`DROP_SOLVES`], at most this many for slope scaling (step 1), which
/// need not repeat its truck counts and so need not stop by itself.
pub const SLOPE_SOLVES: usize = 10;

/// Single drops in a row that do not pay before the search closes a lane
/// instead (step 5): the walk has reached a plan whose single drops the
/// sunk LP mostly puts back.
pub const FRUITLESS_DROPS: usize = 10;

/// How a truck search ended: the gap between its plan and the lower bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapStatus {
    /// The plan costs the lower bound (gap <= [`PROVEN_GAP`]).
    Optimal,
    /// Within the gap asked for (`--gap`), not proven optimal.
    WithinGap,
    /// The search ended (its budget of solves, or `--time-limit`) with a
    /// larger gap; the plan is verified, only its distance to the bound is
    /// larger than asked.
    AboveGap,
}

impl GapStatus {
    /// The word in `summary.csv`: `optimal`, `within_gap` or `above_gap`
    /// (the one vocabulary's, [`crate::solve::Status`]).
    pub fn word(self) -> &'static str {
        crate::solve::Status::from(self).word()
    }
}

/// What the truck search found, for `summary.csv` and the report.
#[derive(Debug, Clone, PartialEq)]
pub struct TruckSearch {
    /// No truck plan costs less: the per-kg relaxation's cost, or the cut
    /// bound's where it proves more (`cuts.rs`).
    pub lower_bound: f64,
    /// `(cost - lower_bound) / cost`: how far the plan may be from the best.
    pub gap: f64,
    /// How the search ended.
    pub status: GapStatus,
    /// Trucks in the plan, over all lanes and weeks.
    pub trucks: u64,
    /// What they cost.
    pub truck_cost: f64,
    /// LP solves spent, the relaxation included.
    pub solves: usize,
    /// Of those, variants skipped without a plan: the fast core gave up or
    /// failed on them and no general LP solver was tried (see
    /// [`SolveOptions::fast_core_only`]). Since the coupled simplex declines
    /// no block by size, only a solver failure counts here; `summary.csv`
    /// keeps the column (`lp_solves_skipped`) because scripts read it.
    pub skipped: usize,
}

/// Whether any lane is planned in trucks.
pub fn has_trucks(instance: &Instance) -> bool {
    instance.lanes.iter().any(|l| l.truck.is_some())
}

/// `(cost - bound) / cost`. A bound above the cost is a bug in the bound
/// (the truck search checks it), so it is not clamped to 0 here.
pub fn relative_gap(cost: f64, lower_bound: f64) -> f64 {
    (cost - lower_bound) / cost.abs().max(1.0)
}

/// Plans `instance` (with truck lanes) by the search of the module comment.
/// The outcome's plan is verified with its trucks; `trucks` says how close
/// it is to the bound.
pub fn solve_trucks(
    instance: &Instance,
    weights: &ObjectiveWeights,
    options: &SolveOptions,
) -> crate::Result<PlanOutcome> {
    search_trucks(instance, weights, options, Starts::Warm)
}

/// [`solve_trucks`] with every LP solved from scratch: the same steps,
/// which may end at other optimal plans of the variants and so take another
/// path. For tests and benchmarks that measure what warm starts change.
pub fn solve_trucks_cold(
    instance: &Instance,
    weights: &ObjectiveWeights,
    options: &SolveOptions,
) -> crate::Result<PlanOutcome> {
    search_trucks(instance, weights, options, Starts::Cold)
}

/// The search of the module comment, step by step; `starts` says whether
/// each re-solve starts from the last one's bases.
fn search_trucks(
    instance: &Instance,
    weights: &ObjectiveWeights,
    options: &SolveOptions,
    starts: Starts,
) -> crate::Result<PlanOutcome> {
    let started = Instant::now();
    let loads = load_bounds(instance, weights);
    // `--time-limit` ends the cut bound too (a limit too far to represent is none).
    let stop_at = options.time_limit_seconds.and_then(|limit| {
        let limit = std::time::Duration::try_from_secs_f64(limit.max(0.0)).ok()?;
        started.checked_add(limit)
    });
    // The cut bound runs beside the search on the other core. The search
    // never reads it (its steps and stop stay those of the per-kg bound, so
    // the plan does not hang on which thread finishes first); only the gap
    // reported at the end does.
    std::thread::scope(|scope| {
        let cut = scope.spawn(|| cuts::cut_bound(instance, weights, &loads, stop_at));
        let relaxed = priced_by_loads(instance, &loads);
        let (first, first_warm) = solve_instance_from(&relaxed, weights, options, None)?;
        let Some(relaxed_plan) = first.plan() else {
            return Ok(first);
        };
        let mut search = Search::new(instance, weights, options, starts, relaxed_plan.costs.total());
        search.solve_seconds = first.solve_seconds;
        search.build_seconds = first.build_seconds;
        search.warm = first_warm;
        // `--time-limit` counts from the start, the relaxation included.
        search.started = started;
        let mut plan = relaxed_plan.plan.clone();
        plan.count_trucks(instance);
        if let Ok(verified) = verify_plan(instance, weights, &plan, None) {
            let cost = verified.costs.total();
            search.best = Some(Candidate { verified, cost });
        }
        let relaxed_plan = relaxed_plan.plan.clone();
        let relaxed_loads = truck_loads(instance, &relaxed_plan);

        moves::round_up(&mut search, &relaxed_loads)?;
        moves::scale_slopes(&mut search, &relaxed_plan)?;
        moves::round_relaxation(&mut search, &relaxed_loads)?;
        moves::drop_and_close(&mut search)?;
        moves::split_lanes(&mut search)?;
        moves::consolidate(&mut search)?;
        moves::open_lanes(&mut search, &relaxed_loads)?;
        moves::trade(&mut search)?;
        moves::polish(&mut search)?;
        let cut = cut.join().ok().flatten();
        finish(search, first, options, cut)
    })
}

/// The search's outcome: its best plan with the gap to the bound (the
/// larger of the per-kg bound and `cut_bound`), or why there is none.
fn finish(
    mut search: Search,
    first: PlanOutcome,
    options: &SolveOptions,
    cut_bound: Option<f64>,
) -> crate::Result<PlanOutcome> {
    if let Some(cut) = cut_bound {
        search.lower_bound = search.lower_bound.max(cut);
    }
    // A bound that proves the plan optimal may come out above its cost by
    // rounding (a cut's coefficients, microlp's tolerances); within
    // PROVEN_GAP it is the plan's cost, beyond that the check below fails.
    if let Some(best) = &search.best {
        if search.lower_bound > best.cost && relative_gap(best.cost, search.lower_bound) >= -PROVEN_GAP {
            search.lower_bound = best.cost;
        }
    }
    let gap = search.gap();
    let Search {
        best,
        solves,
        skipped,
        solve_seconds,
        build_seconds,
        lower_bound,
        ..
    } = search;
    let mut outcome = first;
    outcome.solve_seconds = solve_seconds;
    outcome.build_seconds = build_seconds;
    outcome.trucks = None;
    let Method::Lp(solver) = outcome.method() else {
        // `solve_instance_with` plans a scenario without trucks by LP only.
        return Ok(outcome);
    };
    let Some(best) = best else {
        outcome.outcome = Outcome::NotPlanned {
            status: PlanStatus::Failed("no truck plan passed verification".to_string()),
            method: Method::Trucks(solver, GapStatus::AboveGap),
        };
        return Ok(outcome);
    };
    // Every truck plan costs at least the bound; a bound above the verified
    // plan's cost (beyond rounding) means the bound is wrong, and then
    // neither `optimal` nor the gap may be claimed.
    if gap < -PROVEN_GAP {
        outcome.outcome = Outcome::NotPlanned {
            status: PlanStatus::Failed(format!(
                "the truck lower bound {lower_bound} is above the verified plan's cost {}: a bug in the bound, please report it",
                best.cost
            )),
            method: Method::Trucks(solver, GapStatus::AboveGap),
        };
        return Ok(outcome);
    }
    let status = if gap <= PROVEN_GAP {
        GapStatus::Optimal
    } else if gap <= options.gap {
        GapStatus::WithinGap
    } else {
        GapStatus::AboveGap
    };
    let found = TruckSearch {
        lower_bound,
        gap,
        status,
        trucks: best.verified.plan.trucks.iter().map(|t| t.trucks as u64).sum(),
        truck_cost: best.verified.costs.trucks,
        solves,
        skipped,
    };
    outcome.outcome = Outcome::Planned {
        plan: best.verified,
        method: Method::Trucks(solver, status),
    };
    outcome.trucks = Some(found);
    // The LP certificates of the relaxation say nothing of whole trucks:
    // a truck plan's proof is its lower bound and gap.
    outcome.certificate = crate::solve::Certificate::None(crate::solve::certificate::reason::TRUCKS.to_string());
    Ok(outcome)
}

#[cfg(test)]
mod tests;
