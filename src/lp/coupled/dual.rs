//! A dual simplex phase between the network optimum and primal phase B.
//!
//! The network optimum (phase A, coupling rows ignored) with every coupling
//! slack basic is dual feasible: the coupling duals are zero and every
//! reduced cost is the network's. It is primal infeasible only where it
//! breaks coupling rows. Instead of giving each broken row a big-M
//! artificial column and repairing it by primal pivots, the dual phase
//! takes a basic variable past a bound out of the basis at that bound (the
//! largest infeasibility over its dual steepest-edge weight; Forrest and
//! Goldfarb's update from the start's weights), and brings in the nonbasic
//! column whose reduced cost reaches zero first along that variable's row
//! of `B^-1 A` (Harris's two passes: the largest pivot among the
//! near-ties), so every reduced cost keeps its sign. A pivot may push other basic variables past their bounds; they
//! leave in later pivots. The phase ends primal feasible, hence optimal to
//! the tolerances, and primal phase B only polishes.
//!
//! The row of basic variable `b` over nonbasic column `j` is how `b` moves
//! per unit of `j`: `o_j - rho . dq_j`, where `dq_j` is the coupling
//! coefficients of `j`'s tree cycle, `rho = g^T B^-1` for the working
//! basis `B` (`g` is the unit vector of `b`'s slot when `b` is a slack or a
//! column of K, the crossing orientations of K's cycles when `b` is a tree
//! arc) and `o_j` is how `j`'s cycle crosses `b` (tree arcs only).
//! `rho . dq_j` is a cycle sum, so it is read off node values computed
//! down the tree once per pivot, as reduced costs are from potentials.
//!
//! The same working basis, the same FTRAN, step and basis change as the
//! primal pivots: only the choice of who leaves and who enters differs.
//!
//! Off by default (`Solver::dual_phase`): it takes fewer pivots than primal
//! phase B on the large blocks of tight networks, but its pivot row, its
//! weights' `tau` and its choice of the leaving variable each pass over
//! every node and column, so a pivot costs many primal ones (BENCHMARKS.md,
//! "A dual phase from the network optimum").

use std::time::Instant;

use super::factor::Work;
use super::{ArcState, CoupledError, Direction, Leaving, Slot, Solver, PIVOTS_PER_CLOCK_CHECK};
use crate::lp::tree::NONE;

/// Smallest entry of the pivot row accepted as a pivot: the rows are
/// computed through the factored basis (BTRAN), with rounding well below
/// it; coefficients are of order one (network rows are +-1, coupling rows
/// are scaled to a largest coefficient of one).
const DUAL_PIVOT_TOLERANCE: f64 = 1e-7;
/// How far a basic value may stray past a bound before it must leave, per
/// unit of the largest supply (values are kg).
const INFEASIBILITY_TOLERANCE: f64 = 1e-9;
/// Smallest steepest-edge weight kept (the update's rounding may take a
/// weight to zero or below; a weight is a squared norm of a row with a one).
const MIN_WEIGHT: f64 = 1e-6;
/// Factorizations at the end of the phase that may still find values past
/// their bounds (drift of the updates) before the phase gives up.
const FINAL_CHECKS: usize = 5;

/// Scratch of the dual phase, sized once per solve.
pub(super) struct DualScratch {
    /// Node values whose differences give `rho . dq_j` along tree paths.
    node_value: Vec<f64>,
    /// Preorder of the tree, and a stack to build it.
    order: Vec<usize>,
    stack: Vec<usize>,
    /// The pivot row: nonbasic column (or `columns + r`, the slack of row
    /// r of R) and its entry.
    row: Vec<(usize, f64)>,
    /// Dual steepest-edge weights of the basic variables (the squared norm
    /// of their row of the basis inverse, as updated): by column, and by
    /// coupling row for the slacks.
    column_weight: Vec<f64>,
    slack_weight: Vec<f64>,
    /// The leaving variable's row of the inverse of the whole basis (tree,
    /// K and slacks over node and coupling rows), and its squared norm.
    rho_nodes: Vec<f64>,
    rho_rows: Vec<(usize, f64)>,
    row_norm: f64,
    /// `tau`, the basis inverse times that row: by tree arc (the node below
    /// it) and by slot, and the coupling rows' residual while it is solved.
    tau_tree: Vec<f64>,
    tau_slots: Work,
    residual: Vec<f64>,
    residual_rows: Vec<usize>,
}

impl DualScratch {
    pub(super) fn new(nodes: usize, columns: usize, sides: usize) -> DualScratch {
        DualScratch {
            rho_nodes: vec![0.0; nodes],
            rho_rows: Vec::new(),
            row_norm: 1.0,
            tau_tree: vec![0.0; nodes],
            tau_slots: Work::new(sides),
            residual: vec![0.0; sides],
            residual_rows: Vec::new(),
            column_weight: vec![1.0; columns],
            slack_weight: vec![1.0; sides],
            node_value: vec![0.0; nodes],
            order: Vec::with_capacity(nodes),
            stack: Vec::new(),
            row: Vec::new(),
        }
    }
}

impl<'a> Solver<'a> {
    /// From the network optimum to a primal feasible basis of the whole
    /// block by dual pivots; then primal phase B runs from there. An error
    /// other than the time limit means the phase gave up (pivot limit, a
    /// pivot the FTRAN contradicts, no column to enter): the caller solves
    /// again without it.
    pub(super) fn run_dual(&mut self, deadline: Option<Instant>, d: &mut Direction) -> Result<(), CoupledError> {
        self.phase_a = false;
        self.recompute_values();
        self.factor_basis()?;
        self.update_duals();
        let scale = self.p.supply.iter().fold(1.0_f64, |a, s| a.max(s.abs()));
        let tolerance = INFEASIBILITY_TOLERANCE * scale;
        let max_pivots = 20 * (self.sides() + self.p.nodes) + 10_000;
        let mut scratch = DualScratch::new(self.p.nodes + 1, self.columns, self.sides());
        // Steepest-edge weights, exact for the tree arcs at the start (the
        // working basis is the identity: a tree arc's row of the inverse
        // is +-1 on the nodes under it).
        self.preorder(&mut scratch);
        let mut under = vec![1.0_f64; self.p.nodes + 1];
        for &v in scratch.order.iter().rev() {
            if v != self.p.nodes {
                scratch.column_weight[self.links.pred[v]] = under[v];
                under[self.links.parent[v]] += under[v];
            }
        }
        // A slack's row is 1 on its coupling row and its tree arcs'
        // coefficients on the nodes under them (overlaps ignored).
        for (v, &size) in under.iter().enumerate().take(self.p.nodes) {
            for &(r, a) in self.side_of(self.links.pred[v]) {
                scratch.slack_weight[r] += a * a * size;
            }
        }
        #[cfg(test)]
        if self.exact_start_weights {
            self.exact_weights(&mut scratch);
        }
        let mut checks_left = FINAL_CHECKS;
        for pivot in 0..max_pivots {
            if pivot % PIVOTS_PER_CLOCK_CHECK == 0 && deadline.is_some_and(|d| Instant::now() >= d) {
                return Err(CoupledError::TimeLimit);
            }
            let Some((leaving, delta)) = self.most_infeasible(tolerance, &scratch) else {
                // Feasible for the values as updated: once more from a
                // fresh factorization, to be sure the drift hides nothing.
                if checks_left == 0 {
                    return Err(CoupledError::Numerical("the dual phase keeps finding drift"));
                }
                checks_left -= 1;
                self.refactor()?;
                self.update_duals();
                if self.most_infeasible(tolerance, &scratch).is_none() {
                    return Ok(());
                }
                continue;
            };
            self.pivot_row(leaving, &mut scratch);
            #[cfg(test)]
            {
                // The updated weight against the row's squared norm.
                let error = (self.weight_of(leaving, &scratch) - scratch.row_norm).abs() / scratch.row_norm;
                self.counts.worst_weight_error = self.counts.worst_weight_error.max(error);
            }
            let Some(q) = self.dual_ratio_test(&scratch.row, delta) else {
                return Err(CoupledError::Numerical("no column can enter in the dual phase"));
            };
            self.direction(q, d);
            // How the leaving variable moves per unit of q, from the FTRAN
            // (the row above came from the BTRAN: the two must agree in sign).
            let rate = match leaving {
                Leaving::Slack(r) => -d.rates.value[self.slot_of_slack[r]],
                Leaving::Key(s) => -d.rates.value[s],
                Leaving::Tree(u) => {
                    if d.flow_listed[u] {
                        d.dflow[u]
                    } else {
                        0.0
                    }
                }
                Leaving::Itself => unreachable!("a basic variable leaves in the dual phase"),
            } * d.dir;
            if rate * delta <= 0.0 || rate.abs() < DUAL_PIVOT_TOLERANCE {
                return Err(CoupledError::Numerical("the dual pivot row disagrees with the FTRAN"));
            }
            self.update_steepest_edge(q, rate, d, &mut scratch);
            self.step(d, delta / rate);
            self.change_basis(d, leaving, Some(delta < 0.0))?;
            for &u in &d.flow_touched {
                d.dflow[u] = 0.0;
                d.flow_listed[u] = false;
            }
            d.flow_touched.clear();
            if self.duals_stale {
                self.update_duals();
            } else {
                self.forget_potentials();
            }
            #[cfg(test)]
            {
                let worst = self.dual_infeasibility();
                self.counts.worst_dual_infeasibility = self.counts.worst_dual_infeasibility.max(worst);
            }
            self.counts.dual += 1;
            self.counts.dual_leaving[match leaving {
                Leaving::Tree(_) => 0,
                Leaving::Key(_) => 1,
                _ => 2,
            }] += 1;
        }
        Err(CoupledError::Numerical("pivot limit reached in the dual phase"))
    }

    /// How far the most improving nonbasic column (or slack of R) is from
    /// pricing at zero: 0 when the basis is dual feasible. Tests only (a
    /// full pricing pass).
    #[cfg(test)]
    pub(super) fn dual_infeasibility(&mut self) -> f64 {
        let total = self.columns + self.sides();
        (0..total).fold(0.0_f64, |worst, j| worst.max(-self.violation(j)))
    }

    /// Every basic variable's weight set to its row's squared norm (tests:
    /// a pivot row per basic variable).
    #[cfg(test)]
    fn exact_weights(&mut self, scratch: &mut DualScratch) {
        for u in 0..self.p.nodes {
            self.pivot_row(Leaving::Tree(u), scratch);
            scratch.column_weight[self.links.pred[u]] = scratch.row_norm;
        }
        for s in 0..self.sides() {
            let what = match self.slots[s] {
                Slot::Slack(r) => Leaving::Slack(r),
                Slot::Column(_) => Leaving::Key(s),
            };
            self.pivot_row(what, scratch);
            match self.slots[s] {
                Slot::Slack(r) => scratch.slack_weight[r] = scratch.row_norm,
                Slot::Column(column) => scratch.column_weight[column] = scratch.row_norm,
            }
        }
    }

    /// The weight kept for basic variable `what` (tests).
    #[cfg(test)]
    fn weight_of(&self, what: Leaving, scratch: &DualScratch) -> f64 {
        match what {
            Leaving::Slack(r) => scratch.slack_weight[r],
            Leaving::Key(s) => match self.slots[s] {
                Slot::Slack(r) => scratch.slack_weight[r],
                Slot::Column(column) => scratch.column_weight[column],
            },
            Leaving::Tree(u) => scratch.column_weight[self.links.pred[u]],
            Leaving::Itself => unreachable!("a basic variable leaves in the dual phase"),
        }
    }

    /// The basic variable furthest past a bound (beyond `tolerance`), and
    /// the change that brings it to that bound; ties to the first found
    /// (tree arcs by node, then slots).
    fn most_infeasible(&self, tolerance: f64, scratch: &DualScratch) -> Option<(Leaving, f64)> {
        let past = |value: f64, capacity: f64| {
            if value < -tolerance {
                -value
            } else if value > capacity + tolerance {
                capacity - value
            } else {
                0.0
            }
        };
        let mut best: Option<(Leaving, f64, f64)> = None;
        let mut consider = |what: Leaving, delta: f64, weight: f64| {
            if delta == 0.0 {
                return;
            }
            let merit = delta * delta / weight;
            if best.is_none_or(|(_, _, b)| merit > b) {
                best = Some((what, delta, merit));
            }
        };
        for u in 0..self.p.nodes {
            let arc = self.links.pred[u];
            consider(
                Leaving::Tree(u),
                past(self.x[arc], self.capacity[arc]),
                scratch.column_weight[arc],
            );
        }
        for (s, slot) in self.slots.iter().enumerate() {
            match *slot {
                Slot::Slack(r) => consider(
                    Leaving::Slack(r),
                    past(self.slack[r], f64::INFINITY),
                    scratch.slack_weight[r],
                ),
                Slot::Column(column) => consider(
                    Leaving::Key(s),
                    past(self.x[column], self.capacity[column]),
                    scratch.column_weight[column],
                ),
            }
        }
        best.map(|(what, delta, _)| (what, delta))
    }

    /// The tree in preorder from the root, into `scratch.order`.
    fn preorder(&self, scratch: &mut DualScratch) {
        scratch.order.clear();
        scratch.stack.clear();
        scratch.stack.push(self.p.nodes);
        while let Some(v) = scratch.stack.pop() {
            scratch.order.push(v);
            let mut c = self.links.first_child[v];
            while c != NONE {
                scratch.stack.push(c);
                c = self.links.next_sibling[c];
            }
        }
    }

    /// Dual steepest edge (Forrest and Goldfarb): after the pivot `d` on
    /// the leaving variable's row `rho`, every basic variable's weight
    /// `|e_i^T B^-1|^2` becomes `w_i - 2 a_i tau_i + a_i^2 |rho|^2` with
    /// `a_i` its entry of the pivot column over the leaving one's and `tau
    /// = B^-1 rho`; the entering column takes `|rho|^2 / alpha_r^2`.
    /// `rate` is the leaving variable's entry of `d`, in `d`'s direction.
    fn update_steepest_edge(&mut self, q: usize, rate: f64, d: &Direction, scratch: &mut DualScratch) {
        // tau: route rho's node part down the tree (K at zero), then the
        // working basis takes the coupling rows' residual, and the columns
        // of K carry their cycles.
        self.preorder(scratch);
        let n = self.p.nodes;
        let mut excess = std::mem::take(&mut scratch.tau_tree);
        excess[..n].copy_from_slice(&scratch.rho_nodes[..n]);
        excess[n] = 0.0;
        let mut flow = vec![0.0; n + 1];
        for &v in scratch.order.iter().rev() {
            if v == n {
                continue;
            }
            flow[v] = if self.links.up[v] { excess[v] } else { -excess[v] };
            let e = excess[v];
            excess[self.links.parent[v]] += e;
        }
        for &(r, v) in &scratch.rho_rows {
            if scratch.residual[r] == 0.0 {
                scratch.residual_rows.push(r);
            }
            scratch.residual[r] += v;
        }
        for (v, &f) in flow.iter().enumerate().take(n) {
            if f != 0.0 {
                for &(r, a) in self.side_of(self.links.pred[v]) {
                    if scratch.residual[r] == 0.0 {
                        scratch.residual_rows.push(r);
                    }
                    scratch.residual[r] -= a * f;
                }
            }
        }
        scratch.residual_rows.sort_unstable();
        scratch.residual_rows.dedup();
        let residual: Vec<(usize, f64)> = scratch
            .residual_rows
            .iter()
            .map(|&r| (r, std::mem::replace(&mut scratch.residual[r], 0.0)))
            .collect();
        scratch.residual_rows.clear();
        let factor = self
            .factor
            .as_mut()
            .expect("the dual phase has a factored working basis");
        factor.ftran(&residual, &mut scratch.tau_slots);
        let mut cycle = std::mem::take(&mut self.cycle);
        for k in 0..scratch.tau_slots.index.len() {
            let s = scratch.tau_slots.index[k];
            let z = scratch.tau_slots.value[s];
            if let Slot::Column(column) = self.slots[s] {
                if z != 0.0 {
                    self.cycle(column, &mut cycle);
                    for &(u, sign) in &cycle {
                        flow[u] += sign * z;
                    }
                }
            }
        }
        self.cycle = cycle;
        scratch.tau_tree = excess;
        let change_r = rate * d.dir;
        let w_r = scratch.row_norm;
        let updated = |w: f64, change: f64, tau: f64| {
            let a = change / change_r;
            (w - 2.0 * a * tau + a * a * w_r).max(MIN_WEIGHT)
        };
        for &u in &d.flow_touched {
            let arc = self.links.pred[u];
            scratch.column_weight[arc] = updated(scratch.column_weight[arc], d.dflow[u], flow[u]);
        }
        for &s in &d.rates.index {
            let (change, tau) = (-d.rates.value[s], scratch.tau_slots.value[s]);
            match self.slots[s] {
                Slot::Slack(r) => scratch.slack_weight[r] = updated(scratch.slack_weight[r], change, tau),
                Slot::Column(column) => {
                    scratch.column_weight[column] = updated(scratch.column_weight[column], change, tau)
                }
            }
        }
        scratch.tau_slots.clear();
        let entering = (w_r / (change_r * change_r)).max(MIN_WEIGHT);
        if q < self.columns {
            scratch.column_weight[q] = entering;
        } else {
            scratch.slack_weight[q - self.columns] = entering;
        }
    }

    /// The row of `leaving` over the nonbasic columns and the slacks of R,
    /// entries below the pivot tolerance left out, into `scratch.row`.
    fn pivot_row(&mut self, leaving: Leaving, scratch: &mut DualScratch) {
        let tree_node = match leaving {
            Leaving::Slack(r) => {
                self.slot_work.set(self.slot_of_slack[r], 1.0);
                None
            }
            Leaving::Key(s) => {
                self.slot_work.set(s, 1.0);
                None
            }
            Leaving::Tree(u) => Some(u),
            Leaving::Itself => unreachable!("a basic variable leaves in the dual phase"),
        };
        if let Some(u) = tree_node {
            self.mark_subtree(u);
            for (s, o) in self.crossing(u) {
                self.slot_work.set(s, o);
            }
        }
        let factor = self
            .factor
            .as_mut()
            .expect("the dual phase has a factored working basis");
        factor.btran(&mut self.slot_work, &mut self.row_work);
        let rho = &self.row_work;
        let any = rho.index.iter().any(|&r| rho.value[r] != 0.0);
        // Node values down the tree: the tree arcs price at `rho . side`.
        let values = &mut scratch.node_value;
        if any {
            let root = self.p.nodes;
            scratch.order.clear();
            scratch.stack.clear();
            scratch.stack.push(root);
            values[root] = 0.0;
            while let Some(v) = scratch.stack.pop() {
                let mut c = self.links.first_child[v];
                while c != NONE {
                    let arc = self.links.pred[c];
                    let w: f64 = self.side_of(arc).iter().map(|&(r, a)| rho.value[r] * a).sum();
                    values[c] = if self.links.up[c] { values[v] - w } else { values[v] + w };
                    scratch.stack.push(c);
                    c = self.links.next_sibling[c];
                }
            }
        }
        scratch.row.clear();
        for j in 0..self.columns {
            if !matches!(self.state[j], ArcState::Lower | ArcState::Upper) {
                continue;
            }
            let (source, target) = (self.source[j], self.target[j]);
            let mut along = 0.0;
            if any {
                along = self.side_of(j).iter().map(|&(r, a)| rho.value[r] * a).sum::<f64>();
                if source != NONE {
                    along += values[source] - values[target];
                }
            }
            let crosses = match tree_node {
                Some(u) => self.orientation(j, u),
                None => 0.0,
            };
            let alpha = crosses - along;
            if alpha.abs() >= DUAL_PIVOT_TOLERANCE {
                scratch.row.push((j, alpha));
            }
        }
        for &r in &rho.index {
            let alpha = -rho.value[r];
            if self.slot_of_slack[r] == NONE && alpha.abs() >= DUAL_PIVOT_TOLERANCE {
                scratch.row.push((self.columns + r, alpha));
            }
        }
        // The row of the whole basis's inverse: `rho` on the coupling rows,
        // the node values less the crossing indicator on the nodes.
        scratch.rho_rows.clear();
        let mut norm = 0.0;
        for &r in &rho.index {
            if rho.value[r] != 0.0 {
                scratch.rho_rows.push((r, rho.value[r]));
                norm += rho.value[r] * rho.value[r];
            }
        }
        let inside = tree_node.map(|u| if self.links.up[u] { -1.0 } else { 1.0 });
        for (v, &value) in values.iter().enumerate().take(self.p.nodes) {
            let mut y = if any { value } else { 0.0 };
            if let Some(o) = inside {
                if self.stamp[v] == self.stamp_now {
                    y -= o;
                }
            }
            scratch.rho_nodes[v] = y;
            norm += y * y;
        }
        scratch.row_norm = norm;
        self.row_work.clear();
    }

    /// The entering column for a leaving variable that must move by
    /// `delta`: among the row's columns that move it that way, the one whose
    /// reduced cost reaches zero first (Harris: the bound widened by the
    /// pricing tolerance, then the largest entry within it; ties by index).
    /// No bound flipping: on the 100-farm every-lane case it flipped 200
    /// columns in 25,000 pivots and saved none.
    fn dual_ratio_test(&mut self, row: &[(usize, f64)], delta: f64) -> Option<usize> {
        let mut eligible: Vec<(usize, f64, f64)> = Vec::new();
        for &(j, alpha) in row {
            let dir = if j < self.columns && self.state[j] == ArcState::Upper {
                -1.0
            } else {
                1.0
            };
            if alpha * dir * delta <= 0.0 {
                continue;
            }
            let v = self.violation(j).max(0.0);
            eligible.push((j, alpha.abs(), v));
        }
        let bound = eligible
            .iter()
            .map(|&(_, a, v)| (v + self.epsilon) / a)
            .fold(f64::INFINITY, f64::min);
        let mut best: Option<(f64, usize)> = None;
        for &(j, a, v) in &eligible {
            if v / a > bound {
                continue;
            }
            if best.is_none_or(|(b, i)| a > b || (a == b && j < i)) {
                best = Some((a, j));
            }
        }
        best.map(|(_, j)| j)
    }
}
