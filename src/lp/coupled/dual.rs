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
//! The pivot row is accumulated row-wise, as HiGHS's PRICE: node values
//! only under the tree arcs the BTRAN's `rho` prices (found by coupling
//! row), then each node and coupling row where the inverse's row is nonzero
//! adds its entries to the columns it holds. `tau` is routed over that
//! row's nodes and their ancestors only, and the leaving variable is chosen
//! from a list of suspects (what the steps moved) instead of every basic
//! variable.
//!
//! Off by default (`Solver::dual_phase`): it takes fewer pivots than primal
//! phase B on the large block of the every-lane case, but a dual pivot
//! still costs many primal ones (about 5,300 columns priced per row, two
//! more solves with the working basis than a primal pivot, K's cycles for
//! `tau`): BENCHMARKS.md, "A dual phase from the network optimum" and "A
//! sparse dual pivot".

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
    /// Node values whose differences give `rho . dq_j` along tree paths:
    /// zero outside `region`, the subtrees under the tree arcs `rho`
    /// prices (a node value is a sum over the tree arcs above the node).
    node_value: Vec<f64>,
    region: Vec<usize>,
    /// Tree arcs `rho` prices, by the depth of the node below them.
    tops: Vec<(usize, usize)>,
    /// Marks of nodes visited in this pass (`node_now`).
    node_seen: Vec<u32>,
    node_now: u32,
    /// The rows of the LP over the columns, fixed during the phase: by
    /// node, each column with +1 at its target and -1 at its source; by
    /// coupling row, with its coefficients. The pivot row is accumulated
    /// over the rows its `rho` is nonzero on (row-wise, as HiGHS's PRICE).
    arcs_start: Vec<usize>,
    arcs: Vec<(usize, f64)>,
    row_start: Vec<usize>,
    row_columns: Vec<(usize, f64)>,
    /// The pivot row as accumulated, by column, and the columns listed.
    alpha: Vec<f64>,
    alpha_index: Vec<usize>,
    alpha_listed: Vec<bool>,
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
    /// K and slacks over node and coupling rows; zero on the nodes off
    /// `rho_support`), and its squared norm.
    rho_nodes: Vec<f64>,
    rho_support: Vec<usize>,
    rho_rows: Vec<(usize, f64)>,
    row_norm: f64,
    /// `tau`, the basis inverse times that row: by tree arc (the node below
    /// it) and by slot; the nodes it may be nonzero on; the excess routed
    /// up the tree; and the coupling rows' residual while it is solved.
    tau_flow: Vec<f64>,
    tau_nodes: Vec<usize>,
    excess: Vec<f64>,
    tau_slots: Work,
    residual: Vec<f64>,
    residual_rows: Vec<usize>,
    /// Basic variables that may be past a bound (column, or `columns + r`
    /// for the slack of row r): every one that is, is listed. Values move
    /// only in the pivots' steps, which list what they move.
    suspects: Vec<usize>,
    suspected: Vec<bool>,
}

impl DualScratch {
    pub(super) fn new(nodes: usize, columns: usize, sides: usize) -> DualScratch {
        DualScratch {
            rho_nodes: vec![0.0; nodes],
            rho_support: Vec::new(),
            rho_rows: Vec::new(),
            row_norm: 1.0,
            tau_flow: vec![0.0; nodes],
            tau_nodes: Vec::new(),
            excess: vec![0.0; nodes],
            tau_slots: Work::new(sides),
            residual: vec![0.0; sides],
            residual_rows: Vec::new(),
            column_weight: vec![1.0; columns],
            slack_weight: vec![1.0; sides],
            node_value: vec![0.0; nodes],
            region: Vec::new(),
            tops: Vec::new(),
            node_seen: vec![0; nodes],
            node_now: 0,
            alpha: vec![0.0; columns],
            alpha_index: Vec::new(),
            alpha_listed: vec![false; columns],
            arcs_start: Vec::new(),
            arcs: Vec::new(),
            row_start: Vec::new(),
            row_columns: Vec::new(),
            order: Vec::with_capacity(nodes),
            stack: Vec::new(),
            row: Vec::new(),
            suspects: Vec::new(),
            suspected: vec![false; columns + sides],
        }
    }

    /// A fresh mark for nodes.
    fn next_node_mark(&mut self) -> u32 {
        self.node_now = self.node_now.wrapping_add(1);
        if self.node_now == 0 {
            self.node_seen.fill(0);
            self.node_now = 1;
        }
        self.node_now
    }

    /// Lists `var` as possibly past a bound.
    fn suspect(&mut self, var: usize) {
        if !self.suspected[var] {
            self.suspected[var] = true;
            self.suspects.push(var);
        }
    }
}

/// Compressed lists of `items` by key (`keys` of them): a start per key
/// and the items in key order.
fn lists_by<T: Copy + Default>(keys: usize, items: impl Iterator<Item = (usize, T)> + Clone) -> (Vec<usize>, Vec<T>) {
    let mut start = vec![0; keys + 1];
    for (key, _) in items.clone() {
        start[key + 1] += 1;
    }
    for k in 0..keys {
        start[k + 1] += start[k];
    }
    let mut next = start.clone();
    let mut listed = vec![T::default(); start[keys]];
    for (key, item) in items {
        listed[next[key]] = item;
        next[key] += 1;
    }
    (start, listed)
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
        let ends = (0..self.columns)
            .filter(|&j| self.source[j] != NONE)
            .flat_map(|j| [(self.source[j], (j, -1.0)), (self.target[j], (j, 1.0))]);
        (scratch.arcs_start, scratch.arcs) = lists_by(self.p.nodes + 1, ends);
        let coefficients = (0..self.columns).flat_map(|j| self.side_of(j).iter().map(move |&(r, a)| (r, (j, a))));
        (scratch.row_start, scratch.row_columns) = lists_by(self.sides(), coefficients);
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
        self.suspect_all(tolerance, &mut scratch);
        let mut checks_left = FINAL_CHECKS;
        for pivot in 0..max_pivots {
            if pivot % PIVOTS_PER_CLOCK_CHECK == 0 && deadline.is_some_and(|d| Instant::now() >= d) {
                return Err(CoupledError::TimeLimit);
            }
            let Some((leaving, delta)) = self.most_infeasible(tolerance, &mut scratch) else {
                // Feasible for the values as updated: once more from a
                // fresh factorization, to be sure the drift hides nothing.
                if checks_left == 0 {
                    return Err(CoupledError::Numerical("the dual phase keeps finding drift"));
                }
                checks_left -= 1;
                self.refactor()?;
                self.update_duals();
                self.suspect_all(tolerance, &mut scratch);
                if self.most_infeasible(tolerance, &mut scratch).is_none() {
                    return Ok(());
                }
                continue;
            };
            #[cfg(test)]
            if self.check_rows {
                self.check_pivot_rows(leaving, pivot, &mut scratch);
            }
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
            self.suspect_moved(d, &mut scratch);
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

    /// The sparse pivot row against the dense reference, for the leaving
    /// variable and one more basic variable picked by the pivot's number:
    /// the largest difference of an entry, of `rho` on a node and of the
    /// row's squared norm (relative) goes into the counts (tests). Leaves
    /// `scratch` as [`Solver::pivot_row`] of `leaving` would.
    #[cfg(test)]
    fn check_pivot_rows(&mut self, leaving: Leaving, pivot: usize, scratch: &mut DualScratch) {
        let n = self.p.nodes;
        let pick = pivot.wrapping_mul(2_654_435_761) % (n + self.sides());
        let other = if pick < n {
            Leaving::Tree(pick)
        } else {
            match self.slots[pick - n] {
                Slot::Slack(r) => Leaving::Slack(r),
                Slot::Column(_) => Leaving::Key(pick - n),
            }
        };
        let mut reference = DualScratch::new(n + 1, self.columns, self.sides());
        for what in [other, leaving] {
            self.pivot_row(what, scratch);
            self.pivot_row_dense(what, &mut reference);
            // Entries by column, either row's missing ones at zero (both
            // leave out entries below the pivot tolerance).
            let mut entries = vec![[0.0_f64; 2]; self.columns + self.sides()];
            for &(j, alpha) in &scratch.row {
                entries[j][0] = alpha;
            }
            for &(j, alpha) in &reference.row {
                entries[j][1] = alpha;
            }
            let mut error = entries.iter().fold(0.0_f64, |e, [a, b]| e.max((a - b).abs()));
            for v in 0..n {
                error = error.max((scratch.rho_nodes[v] - reference.rho_nodes[v]).abs());
            }
            error = error.max((scratch.row_norm - reference.row_norm).abs() / reference.row_norm.max(1.0));
            self.counts.worst_row_error = self.counts.worst_row_error.max(error);
            self.counts.rows_checked += 1;
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

    /// Every basic variable past a bound (beyond `tolerance`) listed as a
    /// suspect, the list started afresh (the start, and after a
    /// factorization recomputed every value).
    fn suspect_all(&self, tolerance: f64, scratch: &mut DualScratch) {
        for &var in &scratch.suspects {
            scratch.suspected[var] = false;
        }
        scratch.suspects.clear();
        for u in 0..self.p.nodes {
            let arc = self.links.pred[u];
            if past(self.x[arc], self.capacity[arc], tolerance) != 0.0 {
                scratch.suspect(arc);
            }
        }
        for slot in &self.slots {
            match *slot {
                Slot::Slack(r) => {
                    if past(self.slack[r], f64::INFINITY, tolerance) != 0.0 {
                        scratch.suspect(self.columns + r);
                    }
                }
                Slot::Column(column) => {
                    if past(self.x[column], self.capacity[column], tolerance) != 0.0 {
                        scratch.suspect(column);
                    }
                }
            }
        }
    }

    /// Lists what the step of `d` moved (before the basis changes): the
    /// entering column, the tree arcs and the slots of the working basis.
    fn suspect_moved(&self, d: &Direction, scratch: &mut DualScratch) {
        scratch.suspect(d.q);
        for &u in &d.flow_touched {
            scratch.suspect(self.links.pred[u]);
        }
        for &s in &d.rates.index {
            match self.slots[s] {
                Slot::Slack(r) => scratch.suspect(self.columns + r),
                Slot::Column(column) => scratch.suspect(column),
            }
        }
    }

    /// The basic variable furthest past a bound (beyond `tolerance`) over
    /// its weight, and the change that brings it to that bound; ties to
    /// the tree arc of the lowest node, then the lowest slot (as a scan of
    /// the nodes, then the slots, would find). Only the suspects are
    /// looked at; those within their bounds or no longer basic leave the
    /// list.
    fn most_infeasible(&self, tolerance: f64, scratch: &mut DualScratch) -> Option<(Leaving, f64)> {
        let n = self.p.nodes;
        let mut best: Option<(Leaving, f64, f64, usize)> = None;
        let mut k = 0;
        while k < scratch.suspects.len() {
            let var = scratch.suspects[k];
            let found = if var >= self.columns {
                let r = var - self.columns;
                let s = self.slot_of_slack[r];
                (s != NONE).then(|| {
                    let delta = past(self.slack[r], f64::INFINITY, tolerance);
                    (Leaving::Slack(r), delta, scratch.slack_weight[r], n + s)
                })
            } else {
                let delta = past(self.x[var], self.capacity[var], tolerance);
                let weight = scratch.column_weight[var];
                match self.state[var] {
                    ArcState::Tree => {
                        let u = self.node_below(var);
                        Some((Leaving::Tree(u), delta, weight, u))
                    }
                    ArcState::Key => {
                        let s = self.slot_of_column[var];
                        Some((Leaving::Key(s), delta, weight, n + s))
                    }
                    _ => None,
                }
            };
            match found {
                Some((what, delta, weight, key)) if delta != 0.0 => {
                    let merit = delta * delta / weight;
                    if best.is_none_or(|(_, _, b, bkey)| merit > b || (merit == b && key < bkey)) {
                        best = Some((what, delta, merit, key));
                    }
                    k += 1;
                }
                _ => {
                    scratch.suspected[var] = false;
                    scratch.suspects.swap_remove(k);
                }
            }
        }
        best.map(|(what, delta, _, _)| (what, delta))
    }

    /// The node below tree arc `arc` (the node whose parent arc it is).
    fn node_below(&self, arc: usize) -> usize {
        let s = self.source[arc];
        if s < self.p.nodes && self.links.pred[s] == arc {
            s
        } else {
            self.target[arc]
        }
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
        // tau: route rho's node part up the tree (K at zero): the arc above
        // v carries the sum of rho over v's subtree, nonzero only on the
        // nodes rho is nonzero on and their ancestors, taken deepest first.
        // Then the working basis takes the coupling rows' residual, and
        // the columns of K carry their cycles.
        let n = self.p.nodes;
        let now = scratch.next_node_mark();
        scratch.tau_nodes.clear();
        for k in 0..scratch.rho_support.len() {
            let v = scratch.rho_support[k];
            scratch.node_seen[v] = now;
            scratch.tau_nodes.push(v);
            scratch.excess[v] = scratch.rho_nodes[v];
        }
        for k in 0..scratch.rho_support.len() {
            let mut v = self.links.parent[scratch.rho_support[k]];
            while v != n && scratch.node_seen[v] != now {
                scratch.node_seen[v] = now;
                scratch.tau_nodes.push(v);
                v = self.links.parent[v];
            }
        }
        let depth = &self.depth;
        scratch
            .tau_nodes
            .sort_unstable_by_key(|&v| (std::cmp::Reverse(depth[v]), v));
        for k in 0..scratch.tau_nodes.len() {
            let v = scratch.tau_nodes[k];
            let e = scratch.excess[v];
            scratch.tau_flow[v] = if self.links.up[v] { e } else { -e };
            scratch.excess[self.links.parent[v]] += e;
        }
        for &(r, v) in &scratch.rho_rows {
            if scratch.residual[r] == 0.0 {
                scratch.residual_rows.push(r);
            }
            scratch.residual[r] += v;
        }
        for &v in &scratch.tau_nodes {
            let f = scratch.tau_flow[v];
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
                        if scratch.node_seen[u] != now {
                            scratch.node_seen[u] = now;
                            scratch.tau_nodes.push(u);
                        }
                        scratch.tau_flow[u] += sign * z;
                    }
                }
            }
        }
        self.cycle = cycle;
        let change_r = rate * d.dir;
        let w_r = scratch.row_norm;
        let updated = |w: f64, change: f64, tau: f64| {
            let a = change / change_r;
            (w - 2.0 * a * tau + a * a * w_r).max(MIN_WEIGHT)
        };
        for &u in &d.flow_touched {
            let arc = self.links.pred[u];
            scratch.column_weight[arc] = updated(scratch.column_weight[arc], d.dflow[u], scratch.tau_flow[u]);
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
        for &v in &scratch.tau_nodes {
            scratch.tau_flow[v] = 0.0;
            scratch.excess[v] = 0.0;
        }
        scratch.excess[n] = 0.0;
        let entering = (w_r / (change_r * change_r)).max(MIN_WEIGHT);
        if q < self.columns {
            scratch.column_weight[q] = entering;
        } else {
            scratch.slack_weight[q - self.columns] = entering;
        }
    }

    /// `rho`, the coupling side of `leaving`'s row of the basis inverse,
    /// into `row_work` (one BTRAN on the working basis from the leaving
    /// slot, or from the slots of the K columns whose cycles cross a leaving
    /// tree arc); the leaving tree arc's node, its subtree marked, if it is one.
    fn btran_leaving_row(&mut self, leaving: Leaving) -> Option<usize> {
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
        tree_node
    }

    /// The row of `leaving` over the nonbasic columns and the slacks of R,
    /// entries below the pivot tolerance left out, into `scratch.row` (in
    /// no particular order), and its row of the whole basis's inverse.
    /// Only what can be nonzero is visited: node values under the tree
    /// arcs `rho` prices (found by row), then the row accumulated over the
    /// LP's rows (nodes and coupling rows) where the inverse's row is
    /// nonzero.
    fn pivot_row(&mut self, leaving: Leaving, scratch: &mut DualScratch) {
        let tree_node = self.btran_leaving_row(leaving);
        let rho = &self.row_work;
        let any = rho.index.iter().any(|&r| rho.value[r] != 0.0);
        for &v in &scratch.region {
            scratch.node_value[v] = 0.0;
        }
        scratch.region.clear();
        for &v in &scratch.rho_support {
            scratch.rho_nodes[v] = 0.0;
        }
        scratch.rho_support.clear();
        // The tree arcs with a coefficient in a row of rho, shallowest
        // first; the node values under each one not already under another.
        scratch.tops.clear();
        for &r in &rho.index {
            if rho.value[r] == 0.0 {
                continue;
            }
            for &(j, _) in &scratch.row_columns[scratch.row_start[r]..scratch.row_start[r + 1]] {
                if self.state[j] == ArcState::Tree {
                    let below = self.node_below(j);
                    scratch.tops.push((self.depth[below], below));
                }
            }
        }
        scratch.tops.sort_unstable();
        scratch.tops.dedup();
        let now = scratch.next_node_mark();
        for k in 0..scratch.tops.len() {
            let top = scratch.tops[k].1;
            if scratch.node_seen[top] == now {
                continue;
            }
            scratch.stack.push(top);
            while let Some(v) = scratch.stack.pop() {
                scratch.node_seen[v] = now;
                scratch.region.push(v);
                let arc = self.links.pred[v];
                let w: f64 = self.side_of(arc).iter().map(|&(r, a)| rho.value[r] * a).sum();
                let above = scratch.node_value[self.links.parent[v]];
                scratch.node_value[v] = if self.links.up[v] { above - w } else { above + w };
                let mut c = self.links.first_child[v];
                while c != NONE {
                    scratch.stack.push(c);
                    c = self.links.next_sibling[c];
                }
            }
        }
        // The row of the whole basis's inverse: `rho` on the coupling rows,
        // the node values less the crossing indicator on the nodes.
        let marked: &[usize] = if tree_node.is_some() { &self.marked } else { &[] };
        let mut norm = rho_rows_into(rho, &mut scratch.rho_rows);
        let inside = tree_node.map(|u| if self.links.up[u] { -1.0 } else { 1.0 });
        for k in 0..scratch.region.len() {
            let v = scratch.region[k];
            let mut y = if any { scratch.node_value[v] } else { 0.0 };
            if let Some(o) = inside {
                if self.stamp[v] == self.stamp_now {
                    y -= o;
                }
            }
            scratch.rho_nodes[v] = y;
            scratch.rho_support.push(v);
            norm += y * y;
        }
        if let Some(o) = inside {
            for &v in marked {
                if scratch.node_seen[v] != now {
                    scratch.rho_nodes[v] = -o;
                    scratch.rho_support.push(v);
                    norm += o * o;
                }
            }
        }
        // A column's entry is `rho` times its column of the LP, less: its
        // target's entry less its source's, less `rho . side`.
        for &v in &scratch.rho_support {
            let y = scratch.rho_nodes[v];
            if y == 0.0 {
                continue;
            }
            for &(j, sign) in &scratch.arcs[scratch.arcs_start[v]..scratch.arcs_start[v + 1]] {
                if !scratch.alpha_listed[j] {
                    scratch.alpha_listed[j] = true;
                    scratch.alpha_index.push(j);
                }
                scratch.alpha[j] += sign * y;
            }
        }
        for &(r, y) in &scratch.rho_rows {
            for &(j, a) in &scratch.row_columns[scratch.row_start[r]..scratch.row_start[r + 1]] {
                if !scratch.alpha_listed[j] {
                    scratch.alpha_listed[j] = true;
                    scratch.alpha_index.push(j);
                }
                scratch.alpha[j] -= y * a;
            }
        }
        scratch.row.clear();
        for &j in &scratch.alpha_index {
            let alpha = std::mem::replace(&mut scratch.alpha[j], 0.0);
            scratch.alpha_listed[j] = false;
            if matches!(self.state[j], ArcState::Lower | ArcState::Upper) && alpha.abs() >= DUAL_PIVOT_TOLERANCE {
                scratch.row.push((j, alpha));
            }
        }
        scratch.alpha_index.clear();
        for &r in &rho.index {
            let alpha = -rho.value[r];
            if self.slot_of_slack[r] == NONE && alpha.abs() >= DUAL_PIVOT_TOLERANCE {
                scratch.row.push((self.columns + r, alpha));
            }
        }
        scratch.row_norm = norm;
        self.row_work.clear();
    }

    /// [`Solver::pivot_row`] by passes over every node and column: the
    /// reference the sparse row is tested against (`scratch` of its own:
    /// it leaves node values and `rho` on every node).
    #[cfg(test)]
    fn pivot_row_dense(&mut self, leaving: Leaving, scratch: &mut DualScratch) {
        let tree_node = self.btran_leaving_row(leaving);
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
        let mut norm = rho_rows_into(rho, &mut scratch.rho_rows);
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

/// How far `value` is past its bounds `[0, capacity]` beyond `tolerance`,
/// signed as the change back to the bound (0 within them).
fn past(value: f64, capacity: f64, tolerance: f64) -> f64 {
    if value < -tolerance {
        -value
    } else if value > capacity + tolerance {
        capacity - value
    } else {
        0.0
    }
}

/// The nonzeros of `rho` (the coupling side of a row of the basis inverse)
/// into `rows`, and their sum of squares: the start of the row's norm.
fn rho_rows_into(rho: &Work, rows: &mut Vec<(usize, f64)>) -> f64 {
    rows.clear();
    let mut norm = 0.0;
    for &r in &rho.index {
        if rho.value[r] != 0.0 {
            rows.push((r, rho.value[r]));
            norm += rho.value[r] * rho.value[r];
        }
    }
    norm
}
