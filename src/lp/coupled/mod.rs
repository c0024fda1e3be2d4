//! An exact primal simplex for blocks that are a network plus coupling rows
//! (lane capacity per lane-week over products and ages, storage per
//! location-week, farm minimum shares, fair-shortfall rows): primal
//! partitioning (Kennington & Helgason 1980; Ahuja, Magnanti & Orlin 1993,
//! ch. 17). It lives apart from `network.rs` because its basis is richer:
//!
//! - a spanning tree of the network (balance and demand rows, a sink and an
//!   artificial root), as in the network simplex;
//! - the coupling rows whose slack is basic cost nothing: they are only
//!   checked in the ratio test;
//! - for the coupling rows whose slack is not basic (the set R: rows that
//!   bind, about 1,100 of 7,566 on the 300-farm case), as many basic columns
//!   off the tree (the set K); with the basic slacks they make the working
//!   basis, one slot per coupling row, whose column for a column k of K is
//!   the coupling coefficients of k's tree cycle.
//!
//! The working basis is kept as a sparse LU with product-form updates
//! (`factor`), factored again once its eta file outgrows a share of the
//! factors, so a pivot costs a walk of the tree plus work in proportion to
//! the nonzeros it touches, at
//! any |K|: the method takes every block that is a network plus coupling
//! rows. The files: `problem` (the LP in network terms), `cycles` (the tree
//! side), `basis` and `factor` (the working basis), `pricing`, `ratio`,
//! `warm` (warm starts), `dual` (a dual phase from the network optimum,
//! measured and kept off). Ties are broken by index and, after a run of
//! degenerate pivots, Bland's rule takes over until the objective moves:
//! the method terminates on degenerate and tied models. Nothing depends on
//! the clock except the user's optional deadline.

mod basis;
mod cycles;
mod dual;
mod factor;
mod pricing;
mod problem;
mod ratio;
mod sparse;
#[cfg(test)]
mod tests;
mod warm;

use std::time::Instant;

use crate::model::build::LpModel;

use super::tree::{TreeLinks, NONE};
use factor::{Factor, Work};
use problem::Problem;
use sparse::Sparse;
pub use warm::CoupledBasis;
/// Pivots between two looks at the clock under `--time-limit`.
const PIVOTS_PER_CLOCK_CHECK: usize = 256;
/// Degenerate pivots in a row before Bland's rule takes over.
const DEGENERATE_RUN: usize = 200;
/// Columns kept by a major pricing scan, and pivots that price only them.
const CANDIDATES: usize = 16;
const MINOR_PIVOTS: usize = 8;
/// The pricing tolerance over the final polish's (1e-9 and 3.3e-12 of the
/// largest cost), and the polish's pivot budget beside one per binding row.
/// What they keep: the coarse tolerance never pivots on rounding noise, the
/// fine one takes the last reduced costs that, times millions of kg, would
/// leave a plan measurably above the optimum (a fair-share case ended 8e-7
/// above microlp's without it), and the budget keeps the polish from
/// growing with the model (a budget of a quarter of the columns doubled a
/// plain solve).
const COARSE_OVER_FINE: f64 = 300.0;
const POLISH_PIVOTS: usize = 1000;
/// Pivots over which the polish's gain is measured.
const POLISH_WINDOW: usize = 100;
/// Smallest pivot element accepted in the ratio test.
const PIVOT_TOLERANCE: f64 = 1e-9;
/// How far a basic value may stray past a bound in the ratio test (Harris).
const PRIMAL_TOLERANCE: f64 = 1e-9;

/// Why the method gave no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum CoupledError {
    /// The balance and demand rows are not a network (the text says why).
    NotCoupled(&'static str),
    /// The pivot limit was reached, or the working basis became singular.
    Numerical(&'static str),
    /// No plan meets every row (cannot happen for agrimatch's models).
    Infeasible,
    /// The cost has no lower bound (cannot happen for agrimatch's models).
    Unbounded,
    /// The user's time limit passed before the optimum was reached.
    TimeLimit,
}

/// Whether the model is a network plus coupling rows: every column leaves
/// at most one balance row, enters at most one balance or demand row, with
/// coefficients of one, and may appear in any number of other rows.
pub fn is_coupled_network(model: &LpModel) -> bool {
    Problem::of(model).is_ok()
}

/// Column values of an optimal basic solution, unless `deadline` (the
/// user's `--time-limit`) passes first.
pub fn solve_coupled(model: &LpModel, deadline: Option<Instant>) -> Result<Vec<f64>, CoupledError> {
    solve_coupled_from(model, deadline, None).map(|(values, _)| values)
}

/// [`solve_coupled`], starting from `start` when it fits the model, and
/// the basis the solve ended with. A start that does not fit (another
/// shape) or breaks down (a singular working basis) is dropped for a cold
/// start, so the answer never depends on more than the model and `start`.
/// A warm start may end at another optimal vertex than a cold one where
/// the optimum is not unique: the cost is the same.
pub fn solve_coupled_from(
    model: &LpModel,
    deadline: Option<Instant>,
    start: Option<&CoupledBasis>,
) -> Result<(Vec<f64>, CoupledBasis), CoupledError> {
    solve_coupled_with_duals(model, deadline, start).map(|(values, _, basis)| (values, basis))
}

/// [`solve_coupled_from`], with the row duals of the final basis (see
/// [`coupled_row_duals`]) read off the same solve: what `verify` checks
/// the plan's optimality with.
pub fn solve_coupled_with_duals(
    model: &LpModel,
    deadline: Option<Instant>,
    start: Option<&CoupledBasis>,
) -> Result<(Vec<f64>, Vec<f64>, CoupledBasis), CoupledError> {
    let problem = Problem::of(model)?;
    if let Some(mut solver) = start.and_then(|basis| Solver::warm(&problem, basis)) {
        match solver.run(deadline) {
            Ok(()) => return Ok(solver.solution(model)),
            Err(CoupledError::TimeLimit) => return Err(CoupledError::TimeLimit),
            // Fall through to a cold start.
            Err(_) => {}
        }
    }
    let mut solver = Solver::new(&problem);
    match solver.run(deadline) {
        Ok(()) => return Ok(solver.solution(model)),
        Err(CoupledError::TimeLimit) => return Err(CoupledError::TimeLimit),
        // The dual phase gave up (or led the primal phase astray): the
        // primal path alone, with big-M columns for the broken rows.
        Err(_) if solver.counts.dual_phase_ran => {}
        Err(error) => return Err(error),
    }
    let mut solver = Solver::new(&problem);
    solver.dual_phase = false;
    solver.run(deadline)?;
    Ok(solver.solution(model))
}

/// The optimal duals of every model row, d(optimal cost)/d(rhs) (the
/// convention of [`row_duals`](crate::model::lp::row_duals)), from the coupled
/// simplex's basis: node potentials for balance rows, the sink arc's reduced
/// cost for demand rows at their bound, the working basis's duals for
/// coupling rows. At a degenerate vertex these are one valid set of duals.
pub fn coupled_row_duals(model: &LpModel) -> Result<Vec<f64>, CoupledError> {
    coupled_row_duals_from(model, None)
}

/// [`coupled_row_duals`], starting from `start` where it fits (the basis the
/// plan of the same model ended with: then no pivot is left to make).
pub fn coupled_row_duals_from(model: &LpModel, start: Option<&CoupledBasis>) -> Result<Vec<f64>, CoupledError> {
    solve_coupled_with_duals(model, None, start).map(|(_, duals, _)| duals)
}

/// Where a column or slack stands in the basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ArcState {
    /// Nonbasic at 0.
    Lower,
    /// Nonbasic at its capacity.
    Upper,
    /// Basic, in the spanning tree.
    Tree,
    /// Basic, off the tree (in K, holding a slot of the working basis).
    Key,
    /// An artificial column that left the basis: it never comes back.
    Out,
}

/// Pivots made in each phase of a solve (read by tests, and printed by
/// hand when measuring).
#[derive(Debug, Clone, Copy, Default)]
#[cfg_attr(not(test), allow(dead_code))]
pub(super) struct PivotCounts {
    /// Phase A: the network simplex, coupling rows ignored.
    pub(super) network: usize,
    /// The dual phase from the network optimum.
    pub(super) dual: usize,
    /// Primal phase B.
    pub(super) primal: usize,
    /// Dual pivots whose leaving variable was a tree arc, a column of K, a slack.
    pub(super) dual_leaving: [usize; 3],
    /// Whether the dual phase started.
    pub(super) dual_phase_ran: bool,
    /// The largest amount by which a column priced below zero after a dual
    /// pivot (checked in tests only: it costs a full pricing pass).
    #[cfg(test)]
    pub(super) worst_dual_infeasibility: f64,
    /// The largest relative gap between a leaving variable's steepest-edge
    /// weight and its row's squared norm (tests only).
    #[cfg(test)]
    pub(super) worst_weight_error: f64,
    /// The largest difference between the sparse pivot row (and its `rho`
    /// and squared norm) and the dense reference, over the rows checked
    /// (tests only).
    #[cfg(test)]
    pub(super) worst_row_error: f64,
    #[cfg(test)]
    pub(super) rows_checked: usize,
}

/// What a slot of the working basis holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// The slack of this coupling row (its row does not bind).
    Slack(usize),
    /// This column off the tree (in K).
    Column(usize),
}

/// What leaves the basis in a pivot.
#[derive(Clone, Copy, PartialEq)]
enum Leaving {
    /// The entering column reaches its other bound.
    Itself,
    /// The tree arc above this node.
    Tree(usize),
    /// The column of K in this slot.
    Key(usize),
    /// The slack of this coupling row.
    Slack(usize),
}

/// How the basic variables move per unit of the entering column: the
/// FTRAN of a pivot, shared by the ratio test, the move and the update.
struct Direction {
    /// The entering column (or `columns + r`, the slack of row r).
    q: usize,
    /// +1 if it rises from its lower bound, -1 if it falls from its upper.
    dir: f64,
    /// Coupling coefficients and cost of its cycle.
    dq: Sparse,
    ccq: f64,
    /// `B^-1 dq` over slots: every basic slack and column of K moves by
    /// minus its entry.
    rates: Work,
    /// Change of every tree arc's value (by the node below it), and the
    /// nodes whose arc changes.
    dflow: Vec<f64>,
    flow_touched: Vec<usize>,
    /// Whether a node is in `flow_touched` (a sum may cancel to zero and
    /// grow again: the list names each node once).
    flow_listed: Vec<bool>,
}

struct Solver<'a> {
    p: &'a Problem,
    /// Columns (arcs, free columns, artificials); slacks are apart.
    columns: usize,
    source: Vec<usize>,
    target: Vec<usize>,
    capacity: Vec<f64>,
    cost: Vec<f64>,
    side_start: Vec<usize>,
    side: Vec<(usize, f64)>,
    x: Vec<f64>,
    state: Vec<ArcState>,
    slack: Vec<f64>,
    // The spanning tree, rooted at node `p.nodes`.
    links: TreeLinks,
    depth: Vec<usize>,
    potential: Vec<f64>,
    // The working basis: one slot per coupling row; a slot holds a basic
    // slack or a column of K. The rows whose slack is not basic are R.
    slots: Vec<Slot>,
    /// The slot of every column in K (NONE elsewhere).
    slot_of_column: Vec<usize>,
    /// The slot of every basic slack (NONE: the row is in R).
    slot_of_slack: Vec<usize>,
    /// The slots that hold columns (K), and where each sits in that list.
    kslots: Vec<usize>,
    kslot_at: Vec<usize>,
    /// The columns of K at every node (at either end), and where each
    /// column of K sits in its source's and target's lists: a leaving tree
    /// arc finds the cycles crossing it from the nodes under it, not by a
    /// scan of all of K.
    k_at_node: Vec<Vec<usize>>,
    k_at: Vec<[usize; 2]>,
    /// Every slot's column of the working basis (a unit column for a slack,
    /// the coupling coefficients of the cycle for a column of K) and cost
    /// (0 for a slack, the cycle's cost for a column).
    kd: Vec<Sparse>,
    kcc: Vec<f64>,
    /// The factored working basis (phase B only).
    factor: Option<Factor>,
    /// Duals of the coupling rows (zero outside R), and the rows where they
    /// may be nonzero.
    pi: Vec<f64>,
    pi_rows: Vec<usize>,
    /// The working basis was factored since the duals were computed: they
    /// are computed afresh, not updated.
    duals_stale: bool,
    /// Potentials are valid where `potential_epoch` equals `epoch` (phase B
    /// computes them on demand, once per pivot).
    potential_epoch: Vec<u32>,
    epoch: u32,
    candidate_list: Vec<usize>,
    minor_left: usize,
    /// Degenerate pivots in a row before Bland's rule (tests lower it).
    degenerate_run: usize,
    // Scratch.
    stamp: Vec<u32>,
    stamp_now: u32,
    /// The nodes of the subtree marked last.
    marked: Vec<usize>,
    /// Scratch: a path up the tree, a cycle.
    path: Vec<usize>,
    cycle: Vec<(usize, f64)>,
    /// Scratch of the ratio test.
    blocking: Vec<ratio::Blocking>,
    dense: Vec<f64>,
    touched: Vec<usize>,
    /// Scratch over slots and rows for BTRAN.
    slot_work: Work,
    row_work: Work,
    /// Pricing tolerance: a column enters when it improves the cost by
    /// more than this per unit.
    epsilon: f64,
    /// The tolerance of the final polish.
    fine_epsilon: f64,
    artificial_cost: f64,
    /// Phase A: the coupling rows are ignored (a plain network simplex).
    phase_a: bool,
    /// From the network optimum, a dual phase (`dual.rs`) instead of
    /// big-M columns for the coupling rows it breaks. Off: on the 300-farm
    /// every-lane case it takes 36% fewer pivots than primal phase B on the
    /// large block and as many on the other, but each costs about 20 times
    /// a primal pivot (its row, weights and infeasibility scan pass over
    /// every node and column; BENCHMARKS.md, "A dual phase from the network
    /// optimum").
    dual_phase: bool,
    counts: PivotCounts,
    /// Tests: the dual phase starts from exact steepest-edge weights.
    #[cfg(test)]
    exact_start_weights: bool,
    /// Tests: every dual pivot checks its sparse pivot row against the dense one.
    #[cfg(test)]
    check_rows: bool,
}

impl<'a> Solver<'a> {
    fn new(p: &'a Problem) -> Solver<'a> {
        let n = p.nodes;
        let sides = p.rhs.len();
        let root = n;
        let max_cost = p.cost.iter().fold(0.0_f64, |a, c| a.max(c.abs()));
        // Artificials must be dearer than any path of real arcs.
        let artificial_cost = 1.0 + max_cost * (n as f64 + 1.0);
        let mut s = Solver {
            p,
            columns: 0,
            source: p.source.clone(),
            target: p.target.clone(),
            capacity: p.capacity.clone(),
            cost: p.cost.clone(),
            side_start: p.side_start.clone(),
            side: p.side.clone(),
            x: vec![0.0; p.source.len()],
            state: vec![ArcState::Lower; p.source.len()],
            slack: vec![0.0; sides],
            links: TreeLinks::new(n + 1, root),
            depth: vec![1; n + 1],
            potential: vec![0.0; n + 1],
            // Every slack basic, each in the slot of its row.
            slots: (0..sides).map(Slot::Slack).collect(),
            slot_of_column: vec![NONE; p.source.len()],
            slot_of_slack: (0..sides).collect(),
            kslots: Vec::new(),
            kslot_at: vec![NONE; sides],
            k_at_node: vec![Vec::new(); n + 1],
            k_at: vec![[NONE; 2]; p.source.len()],
            kd: (0..sides).map(|r| vec![(r, 1.0)]).collect(),
            kcc: vec![0.0; sides],
            factor: None,
            pi: vec![0.0; sides],
            pi_rows: Vec::new(),
            duals_stale: false,
            potential_epoch: vec![0; n + 1],
            epoch: 0,
            candidate_list: Vec::new(),
            minor_left: 0,
            degenerate_run: DEGENERATE_RUN,
            stamp: vec![0; n + 1],
            stamp_now: 0,
            marked: Vec::new(),
            path: Vec::new(),
            cycle: Vec::new(),
            blocking: Vec::new(),
            dense: vec![0.0; sides],
            touched: Vec::new(),
            slot_work: Work::new(sides),
            row_work: Work::new(sides),
            epsilon: 1e-9 * max_cost.max(1.0),
            fine_epsilon: 1e-9 / COARSE_OVER_FINE * max_cost.max(1.0),
            artificial_cost,
            phase_a: true,
            dual_phase: false,
            counts: PivotCounts::default(),
            #[cfg(test)]
            exact_start_weights: false,
            #[cfg(test)]
            check_rows: false,
        };
        s.depth[root] = 0;
        // Every node hangs from the root by an artificial arc carrying its supply.
        for u in 0..n {
            let arc = s.push_column(NONE, NONE, f64::INFINITY, artificial_cost, &[]);
            if p.supply[u] >= 0.0 {
                s.source[arc] = u;
                s.target[arc] = root;
                s.links.up[u] = true;
            } else {
                s.source[arc] = root;
                s.target[arc] = u;
            }
            s.x[arc] = p.supply[u].abs();
            s.state[arc] = ArcState::Tree;
            s.links.pred[u] = arc;
            s.links.attach(u, root);
        }
        s.depth[root] = 0;
        s.slack.copy_from_slice(&p.rhs);
        s.artificial_cost = artificial_cost;
        s.columns = s.source.len();
        s
    }

    fn push_column(&mut self, source: usize, target: usize, capacity: f64, cost: f64, side: &[(usize, f64)]) -> usize {
        self.source.push(source);
        self.target.push(target);
        self.capacity.push(capacity);
        self.cost.push(cost);
        self.side.extend_from_slice(side);
        self.side_start.push(self.side.len());
        self.x.push(0.0);
        self.state.push(ArcState::Lower);
        self.slot_of_column.push(NONE);
        self.k_at.push([NONE; 2]);
        self.source.len() - 1
    }

    fn side_of(&self, j: usize) -> &[(usize, f64)] {
        &self.side[self.side_start[j]..self.side_start[j + 1]]
    }

    /// Coupling rows.
    fn sides(&self) -> usize {
        self.slots.len()
    }

    fn run(&mut self, deadline: Option<Instant>) -> Result<(), CoupledError> {
        let max_pivots = 100 * (self.columns + self.sides()) + 100_000;
        let mut next = 0;
        let mut degenerate = 0;
        let mut bland = false;
        let mut d = Direction {
            q: 0,
            dir: 1.0,
            dq: Vec::new(),
            ccq: 0.0,
            rates: Work::new(self.sides()),
            dflow: vec![0.0; self.p.nodes + 1],
            flow_touched: Vec::new(),
            flow_listed: vec![false; self.p.nodes + 1],
        };
        let mut refactored_at_optimum = 0;
        let mut polish_left: Option<usize> = None;
        let (mut polish_scale, mut polish_gain, mut polish_pivots) = (0.0, 0.0, 0);
        self.all_potentials();
        for pivot in 0..max_pivots {
            if pivot % PIVOTS_PER_CLOCK_CHECK == 0 && deadline.is_some_and(|d| Instant::now() >= d) {
                return Err(CoupledError::TimeLimit);
            }
            let Some(q) = self.choose_entering(&mut next, bland) else {
                if self.phase_a {
                    if self.dual_phase {
                        self.counts.dual_phase_ran = true;
                        self.run_dual(deadline, &mut d)?;
                    } else {
                        self.start_phase_b()?;
                    }
                    continue;
                }
                // Optimal for the basis as updated; refactor once to be sure
                // the figures are exact, then price again.
                self.refactor()?;
                self.update_duals();
                if refactored_at_optimum < 3 && self.choose_entering(&mut next, true).is_some() {
                    refactored_at_optimum += 1;
                    continue;
                }
                // Optimal to the pricing tolerance: polish with a finer one.
                // Reduced costs just under the coarse tolerance, times
                // millions of kg, left plans 1e-6 above the optimum on
                // models with large penalties; a finer tolerance from the
                // start pivots on rounding noise. The polish has a pivot
                // budget (a count), and every pivot in it improves the plan.
                if polish_left.is_none() {
                    self.epsilon = self.fine_epsilon;
                    polish_left = Some(POLISH_PIVOTS + self.kslots.len());
                    polish_scale = (0..self.columns).map(|j| (self.cost[j] * self.x[j]).abs()).sum();
                    if self.choose_entering(&mut next, false).is_some() {
                        continue;
                    }
                }
                return self.finish();
            };
            // What a unit of q saves, to measure the polish's gain.
            let polish_rate = match polish_left {
                Some(left) if left > 0 => -self.violation(q),
                _ => 0.0,
            };
            self.direction(q, &mut d);
            let Some((leaving, theta)) = self.ratio_test(&d, bland) else {
                return Err(CoupledError::Unbounded);
            };
            if let Some(left) = polish_left.as_mut().filter(|left| **left > 0) {
                // The polish ends after its budget, or after a window of
                // pivots that together saved less than 1e-12 of the cost.
                *left -= 1;
                polish_gain += theta * polish_rate;
                polish_pivots += 1;
                if polish_pivots == POLISH_WINDOW {
                    if polish_gain < 1e-12 * polish_scale {
                        *left = 0;
                    }
                    (polish_gain, polish_pivots) = (0.0, 0);
                }
                if *left == 0 {
                    self.epsilon = self.fine_epsilon * COARSE_OVER_FINE;
                }
            }
            if theta > 0.0 {
                self.step(&d, theta);
                degenerate = 0;
                bland = false;
            } else {
                degenerate += 1;
                if degenerate > self.degenerate_run {
                    bland = true;
                }
            }
            if self.phase_a {
                self.counts.network += 1;
            } else {
                self.counts.primal += 1;
            }
            self.change_basis(&mut d, leaving, None)?;
            for &u in &d.flow_touched {
                d.dflow[u] = 0.0;
                d.flow_listed[u] = false;
            }
            d.flow_touched.clear();
            if !self.phase_a {
                if self.duals_stale {
                    self.update_duals();
                } else {
                    self.forget_potentials();
                }
            }
        }
        Err(CoupledError::Numerical("pivot limit reached"))
    }

    /// The direction of the pivot on `q`: its cycle, `B^-1` of the cycle's
    /// coupling coefficients, and the tree arcs that move with it and with
    /// the columns of K.
    fn direction(&mut self, q: usize, d: &mut Direction) {
        d.q = q;
        d.dir = if q < self.columns && self.state[q] == ArcState::Upper {
            -1.0
        } else {
            1.0
        };
        let mut cycle = std::mem::take(&mut self.cycle);
        self.cycle(q, &mut cycle);
        // Phase A ignores the coupling rows: no working basis to solve with.
        (d.dq, d.ccq) = if self.phase_a {
            (Vec::new(), 0.0)
        } else {
            self.cycle_side(q, &cycle)
        };
        for &(u, sign) in &cycle {
            if !d.flow_listed[u] {
                d.flow_listed[u] = true;
                d.flow_touched.push(u);
            }
            d.dflow[u] += sign;
        }
        match self.factor.as_mut() {
            // Phase B: every basic slack and column of K moves by minus its
            // entry of B^-1 dq; a column of K carries its cycle along.
            Some(factor) => factor.ftran(&d.dq, &mut d.rates),
            // Phase A: the coupling rows are ignored.
            None => d.rates.clear(),
        }
        d.rates.index.sort_unstable();
        for k in 0..d.rates.index.len() {
            let s = d.rates.index[k];
            let rate = -d.rates.value[s];
            let Slot::Column(column) = self.slots[s] else {
                continue;
            };
            if rate == 0.0 {
                continue;
            }
            self.cycle(column, &mut cycle);
            for &(u, sign) in &cycle {
                if !d.flow_listed[u] {
                    d.flow_listed[u] = true;
                    d.flow_touched.push(u);
                }
                d.dflow[u] += sign * rate;
            }
        }
        self.cycle = cycle;
    }

    /// Moves `theta` along `d`.
    fn step(&mut self, d: &Direction, theta: f64) {
        let step = d.dir * theta;
        if d.q < self.columns {
            self.x[d.q] += step;
        } else {
            self.slack[d.q - self.columns] += step;
        }
        for &u in &d.flow_touched {
            self.x[self.links.pred[u]] += step * d.dflow[u];
        }
        if self.phase_a {
            return;
        }
        for &s in &d.rates.index {
            let rate = -d.rates.value[s];
            match self.slots[s] {
                Slot::Column(column) => self.x[column] += step * rate,
                Slot::Slack(r) => self.slack[r] += step * rate,
            }
        }
    }

    /// From the network optimum to phase B: every coupling row it violates
    /// gets an artificial overflow column (cost as the artificial arcs) in
    /// K, in the slot of the row's slack, and the row joins R.
    fn start_phase_b(&mut self) -> Result<(), CoupledError> {
        self.phase_a = false;
        self.recompute_values();
        let tolerance = PRIMAL_TOLERANCE;
        for r in 0..self.sides() {
            if self.slack[r] >= -tolerance {
                continue;
            }
            let column = self.push_column(NONE, NONE, f64::INFINITY, self.artificial_cost, &[(r, -1.0)]);
            self.x[column] = -self.slack[r];
            self.slack[r] = 0.0;
            let slot = self.slot_of_slack[r];
            self.slot_of_slack[r] = NONE;
            self.hold(slot, Slot::Column(column), vec![(r, -1.0)], self.artificial_cost);
        }
        self.columns = self.source.len();
        self.factor_basis()?;
        self.update_duals();
        Ok(())
    }

    /// A basic column leaving at a bound: exactly at it, never to return
    /// if artificial. `change` is its rate of change in the pivot.
    fn settle(&mut self, column: usize, change: f64) {
        if change > 0.0 {
            self.x[column] = self.capacity[column];
            self.state[column] = ArcState::Upper;
        } else {
            self.x[column] = 0.0;
            self.state[column] = ArcState::Lower;
        }
        // An artificial that leaves at zero never comes back. One with a
        // finite bound (a warm start's gap) may leave at that bound: it
        // stays a candidate to move down.
        if column >= self.p.artificial_from && self.state[column] == ArcState::Lower {
            self.state[column] = ArcState::Out;
        }
    }

    /// Checks the final basis: artificials empty, values within bounds.
    fn finish(&mut self) -> Result<(), CoupledError> {
        let scale = self.p.supply.iter().fold(1.0_f64, |a, s| a.max(s.abs()));
        let tolerance = 1e-7 * scale;
        for j in self.p.artificial_from..self.columns {
            if self.x[j] > tolerance {
                return Err(CoupledError::Infeasible);
            }
        }
        for j in 0..self.p.artificial_from {
            if self.x[j] < -tolerance || self.x[j] > self.capacity[j] + tolerance {
                return Err(CoupledError::Numerical("a basic value is out of its bounds"));
            }
        }
        if self.slack.iter().any(|&s| s < -tolerance) {
            return Err(CoupledError::Numerical("a coupling row is violated"));
        }
        Ok(())
    }
}
