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
//!   off the tree (the set K) and the dense inverse of the working basis
//!   `Q[r][k]` = coupling coefficients of the tree cycle of column k in row r.
//!
//! Every pivot updates `Q^-1` by a rank-one formula (no refactorisation
//! unless at the end, to clean the figures), so a pivot costs a walk of the
//! tree plus O(|K|^2). Ties are broken by index and, after a run of
//! degenerate pivots, Bland's rule takes over until the objective moves:
//! the method terminates on degenerate and tied models. Nothing depends on
//! the clock except the user's optional deadline.

mod basis;
mod cycles;
mod pricing;
mod problem;
mod sparse;
#[cfg(test)]
mod tests;
mod warm;

use std::time::Instant;

use crate::model::build::LpModel;

use super::tree::{TreeLinks, NONE};
use problem::Problem;
use sparse::Sparse;
pub use warm::CoupledBasis;
/// Nonbasic at 0.
const LOWER: i8 = 1;
/// Nonbasic at its capacity.
const UPPER: i8 = -1;
/// Basic, in the spanning tree.
const TREE: i8 = 0;
/// Basic, off the tree (in K).
const KEY: i8 = 2;
/// An artificial column that left the basis: it never comes back.
const OUT: i8 = 3;

/// Pivots between two looks at the clock under `--time-limit`.
const PIVOTS_PER_CLOCK_CHECK: usize = 256;
/// Degenerate pivots in a row before Bland's rule takes over.
const DEGENERATE_RUN: usize = 200;
/// Columns kept by a major pricing scan, and pivots that price only them.
const CANDIDATES: usize = 16;
const MINOR_PIVOTS: usize = 8;
/// The pricing tolerance over the final polish's (1e-9 and 3.3e-12 of the
/// largest cost), and the polish's pivot budget beside one per binding row.
/// Measured on the 300-farm case with fair shares at 0.05: the coarse
/// tolerance alone ended 493 (8e-7) above microlp's optimum, this polish at
/// it; 1e-12 with a budget of a quarter of the columns spent it all on the
/// plain 300-farm case (0.74 s to 1.5 s).
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
    /// More coupling rows bind than [`max_working_basis`] allows: the dense
    /// working basis would cost more than a general LP solver.
    TooManyBindingRows {
        /// Coupling rows in the working basis when it gave up.
        rows: usize,
        /// The most it may hold for this network.
        limit: usize,
    },
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

/// The largest working basis (binding coupling rows) the method takes on a
/// network of `nodes` nodes. Each pivot costs O(|K|^2) on the dense inverse
/// plus a walk of the tree, so the method pays while |K| is small next to
/// the network. Measured per block against microlp (BENCHMARKS.md): 873
/// rows on 9,544 nodes 7x faster, 1,046 on 10,812 3.5x faster, 1,311 on
/// 4,741 about even, 2,846 on 9,591 2.3x slower, 5,703 on 3,810 thirty
/// times slower. The cap of 4,096 bounds the dense inverse's memory
/// (134 MB). A count, not a clock: the same model always gives up at the
/// same pivot.
pub fn max_working_basis(nodes: usize) -> usize {
    (nodes / 8).clamp(256, 4096)
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
/// What leaves the basis in a pivot.
#[derive(Clone, Copy, PartialEq)]
enum Leaving {
    /// The entering column reaches its other bound.
    Itself,
    /// The tree arc above this node.
    Tree(usize),
    /// The column at this position of K.
    Key(usize),
    /// The slack of this coupling row.
    Slack(usize),
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
    state: Vec<i8>,
    slack: Vec<f64>,
    // The spanning tree, rooted at node `p.nodes`.
    links: TreeLinks,
    depth: Vec<usize>,
    potential: Vec<f64>,
    // The working basis.
    kcols: Vec<usize>,
    kpos: Vec<usize>,
    kd: Vec<Sparse>,
    kcc: Vec<f64>,
    rrows: Vec<usize>,
    rpos: Vec<usize>,
    qinv: Vec<Vec<f64>>,
    pi: Vec<f64>,
    /// The duals of R by position (kept in step with `rrows`).
    pi_r: Vec<f64>,
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
    dense: Vec<f64>,
    touched: Vec<usize>,
    /// Pricing tolerance: a column enters when it improves the cost by
    /// more than this per unit.
    epsilon: f64,
    /// The tolerance of the final polish.
    fine_epsilon: f64,
    artificial_cost: f64,
    /// Phase A: the coupling rows are ignored (a plain network simplex).
    phase_a: bool,
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
            state: vec![LOWER; p.source.len()],
            slack: vec![0.0; sides],
            links: TreeLinks::new(n + 1, root),
            depth: vec![1; n + 1],
            potential: vec![0.0; n + 1],
            kcols: Vec::new(),
            kpos: vec![NONE; p.source.len()],
            kd: Vec::new(),
            kcc: Vec::new(),
            rrows: Vec::new(),
            rpos: vec![NONE; sides],
            qinv: Vec::new(),
            pi: vec![0.0; sides],
            pi_r: Vec::new(),
            potential_epoch: vec![0; n + 1],
            epoch: 0,
            candidate_list: Vec::new(),
            minor_left: 0,
            degenerate_run: DEGENERATE_RUN,
            stamp: vec![0; n + 1],
            stamp_now: 0,
            dense: vec![0.0; sides],
            touched: Vec::new(),
            epsilon: 1e-9 * max_cost.max(1.0),
            fine_epsilon: 1e-9 / COARSE_OVER_FINE * max_cost.max(1.0),
            artificial_cost,
            phase_a: true,
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
            s.state[arc] = TREE;
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
        self.state.push(LOWER);
        if self.kpos.len() < self.source.len() {
            self.kpos.resize(self.source.len(), NONE);
        }
        self.source.len() - 1
    }

    fn side_of(&self, j: usize) -> &[(usize, f64)] {
        &self.side[self.side_start[j]..self.side_start[j + 1]]
    }

    fn run(&mut self, deadline: Option<Instant>) -> Result<(), CoupledError> {
        let max_pivots = 100 * (self.columns + self.rpos.len()) + 100_000;
        let mut next = 0;
        let mut degenerate = 0;
        let mut bland = false;
        let mut cycle_q = Vec::new();
        let mut cycle_k = Vec::new();
        let mut dflow = vec![0.0; self.p.nodes + 1];
        let mut flow_touched: Vec<usize> = Vec::new();
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
                    self.start_phase_b()?;
                    continue;
                }
                // Optimal for the basis as updated; refactor once to be sure
                // the figures are exact, then price again.
                self.refactor()?;
                self.full_duals();
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
                    polish_left = Some(POLISH_PIVOTS + self.kcols.len());
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
            let dir = if q < self.columns && self.state[q] == UPPER {
                -1.0
            } else {
                1.0
            };
            // Direction of every basic variable per unit of q moved.
            self.cycle(q, &mut cycle_q);
            let (dq, ccq) = self.cycle_side(q, &cycle_q);
            let w = self.qinv_times(&dq);
            let y: Vec<f64> = w.iter().map(|v| -v).collect();
            for &(u, sign) in &cycle_q {
                if dflow[u] == 0.0 {
                    flow_touched.push(u);
                }
                dflow[u] += sign;
            }
            for &(r, v) in &dq {
                if self.rpos[r] == NONE {
                    self.dense[r] += v;
                    self.touched.push(r);
                }
            }
            for (k, &yk) in y.iter().enumerate() {
                if yk == 0.0 {
                    continue;
                }
                self.cycle(self.kcols[k], &mut cycle_k);
                for &(u, sign) in &cycle_k {
                    if dflow[u] == 0.0 {
                        flow_touched.push(u);
                    }
                    dflow[u] += sign * yk;
                }
                for &(r, v) in &self.kd[k] {
                    if self.rpos[r] == NONE {
                        self.dense[r] += yk * v;
                        self.touched.push(r);
                    }
                }
            }
            self.touched.sort_unstable();
            self.touched.dedup();
            // Slack change is minus the row activity change.
            let dslack: Vec<(usize, f64)> = self.touched.iter().map(|&r| (r, -self.dense[r])).collect();
            for &r in &self.touched {
                self.dense[r] = 0.0;
            }
            self.touched.clear();
            flow_touched.sort_unstable();
            flow_touched.dedup();

            // Ratio test (Harris, two passes; Bland: smallest index on ties).
            let mut candidates: Vec<(Leaving, f64, f64, usize)> = Vec::new(); // (what, room, rate, index)
            let mut consider = |what: Leaving, value: f64, capacity: f64, change: f64, index: usize| {
                let g = dir * change;
                if g < -PIVOT_TOLERANCE {
                    candidates.push((what, value.max(0.0), -g, index));
                } else if g > PIVOT_TOLERANCE && capacity.is_finite() {
                    candidates.push((what, (capacity - value).max(0.0), g, index));
                }
            };
            for &u in &flow_touched {
                let arc = self.links.pred[u];
                consider(Leaving::Tree(u), self.x[arc], self.capacity[arc], dflow[u], arc);
            }
            for (k, &yk) in y.iter().enumerate() {
                let column = self.kcols[k];
                consider(Leaving::Key(k), self.x[column], self.capacity[column], yk, column);
            }
            for &(r, g) in dslack.iter().filter(|_| !self.phase_a) {
                consider(Leaving::Slack(r), self.slack[r], f64::INFINITY, g, self.columns + r);
            }
            let own_capacity = if q < self.columns {
                self.capacity[q]
            } else {
                f64::INFINITY
            };
            let mut chosen: Option<(Leaving, f64)> =
                own_capacity.is_finite().then_some((Leaving::Itself, own_capacity));
            if bland {
                let mut best: Option<(f64, usize, Leaving)> = None;
                for &(what, room, rate, index) in &candidates {
                    let theta = room / rate;
                    let better = match best {
                        None => true,
                        Some((t, i, _)) => theta < t || (theta == t && index < i),
                    };
                    if better {
                        best = Some((theta, index, what));
                    }
                }
                if let Some((theta, _, what)) = best {
                    if chosen.is_none_or(|(_, t)| theta < t) {
                        chosen = Some((what, theta));
                    }
                }
            } else {
                let bound = candidates
                    .iter()
                    .map(|&(_, room, rate, _)| (room + PRIMAL_TOLERANCE) / rate)
                    .fold(f64::INFINITY, f64::min);
                let mut best: Option<(f64, usize, Leaving, f64)> = None;
                for &(what, room, rate, index) in &candidates {
                    let theta = room / rate;
                    if theta > bound {
                        continue;
                    }
                    let better = match best {
                        None => true,
                        Some((r, i, _, _)) => rate > r || (rate == r && index < i),
                    };
                    if better {
                        best = Some((rate, index, what, theta));
                    }
                }
                if let Some((_, _, what, theta)) = best {
                    if chosen.is_none_or(|(_, t)| theta < t) {
                        chosen = Some((what, theta));
                    }
                }
            }
            let Some((leaving, theta)) = chosen else {
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

            // Move.
            if theta > 0.0 {
                let step = dir * theta;
                if q < self.columns {
                    self.x[q] += step;
                } else {
                    self.slack[q - self.columns] += step;
                }
                for &u in &flow_touched {
                    self.x[self.links.pred[u]] += step * dflow[u];
                }
                for (k, &yk) in y.iter().enumerate() {
                    self.x[self.kcols[k]] += step * yk;
                }
                for &(r, g) in &dslack {
                    self.slack[r] += step * g;
                }
                degenerate = 0;
                bland = false;
            } else {
                degenerate += 1;
                if degenerate > self.degenerate_run {
                    bland = true;
                }
            }
            let leaving_tree_change = match leaving {
                Leaving::Tree(u) => dflow[u],
                _ => 0.0,
            };
            for &u in &flow_touched {
                dflow[u] = 0.0;
            }
            flow_touched.clear();

            // Change the basis.
            match leaving {
                Leaving::Itself => {
                    self.state[q] = if dir > 0.0 { UPPER } else { LOWER };
                    self.x[q] = if dir > 0.0 { self.capacity[q] } else { 0.0 };
                }
                Leaving::Slack(r) => {
                    self.slack[r] = 0.0;
                    if q >= self.columns {
                        self.replace_r_row(q - self.columns, r);
                    } else {
                        self.border(q, r, dq, ccq, &w)?;
                    }
                }
                Leaving::Key(k) => {
                    let column = self.kcols[k];
                    self.settle(column, y[k] * dir);
                    self.leave_key(k, q, dq, ccq, &w);
                }
                Leaving::Tree(u) => {
                    let arc = self.links.pred[u];
                    self.settle(arc, leaving_tree_change * dir);
                    self.mark_subtree(u);
                    let oq = self.orientation(q, u);
                    if oq != 0.0 {
                        self.tree_takes(q, u, oq, &dq, ccq, &w);
                    } else {
                        // A column of K whose cycle crosses the leaving arc
                        // joins the tree; the leaving arc takes its place in
                        // K and then leaves K.
                        let mut pick: Option<(usize, f64)> = None;
                        for (k, &yk) in y.iter().enumerate() {
                            let o = self.orientation(self.kcols[k], u);
                            if o != 0.0 && pick.is_none_or(|(best, _)| yk.abs() > y[best].abs()) {
                                pick = Some((k, o));
                            }
                        }
                        let Some((k, ok)) = pick else {
                            return Err(CoupledError::Numerical("no column of K crosses the leaving arc"));
                        };
                        self.swap_into_tree(k, ok, u);
                        let w = self.qinv_times(&dq);
                        self.leave_key(k, q, dq, ccq, &w);
                    }
                }
            }
            if !self.phase_a {
                // Updated duals drift: recompute them now and then.
                if pivot % 256 == 0 {
                    self.full_duals();
                } else {
                    self.publish_duals();
                }
            }
        }
        Err(CoupledError::Numerical("pivot limit reached"))
    }

    /// From the network optimum to phase B: every coupling row it violates
    /// gets an artificial overflow column (cost as the artificial arcs) in
    /// K, and the row joins R.
    fn start_phase_b(&mut self) -> Result<(), CoupledError> {
        self.phase_a = false;
        self.recompute_values();
        let tolerance = PRIMAL_TOLERANCE;
        for r in 0..self.rpos.len() {
            if self.slack[r] >= -tolerance {
                continue;
            }
            let column = self.push_column(NONE, NONE, f64::INFINITY, self.artificial_cost, &[(r, -1.0)]);
            self.x[column] = -self.slack[r];
            self.slack[r] = 0.0;
            self.state[column] = KEY;
            self.kpos[column] = self.kcols.len();
            self.kcols.push(column);
            self.kd.push(vec![(r, -1.0)]);
            self.kcc.push(self.artificial_cost);
            self.rpos[r] = self.rrows.len();
            self.rrows.push(r);
        }
        let size = self.kcols.len();
        let limit = max_working_basis(self.p.nodes);
        if size > limit {
            return Err(CoupledError::TooManyBindingRows { rows: size, limit });
        }
        self.qinv = (0..size)
            .map(|k| (0..size).map(|i| if i == k { -1.0 } else { 0.0 }).collect())
            .collect();
        self.columns = self.source.len();
        self.full_duals();
        Ok(())
    }

    /// A basic column leaving at a bound: exactly at it, never to return
    /// if artificial. `change` is its rate of change in the pivot.
    fn settle(&mut self, column: usize, change: f64) {
        if change > 0.0 {
            self.x[column] = self.capacity[column];
            self.state[column] = UPPER;
        } else {
            self.x[column] = 0.0;
            self.state[column] = LOWER;
        }
        // An artificial that leaves at zero never comes back. One with a
        // finite bound (a warm start's gap) may leave at that bound: it
        // stays a candidate to move down.
        if column >= self.p.artificial_from && self.state[column] == LOWER {
            self.state[column] = OUT;
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
