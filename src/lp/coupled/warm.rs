//! Warm starts: the basis a solve ends with, and a phase-B start from it
//! for a model of the same shape (a sweep's variant).

use crate::model::build::LpModel;

use super::problem::{Problem, RowRef};
use super::{ArcState, Slot, Solver};
use crate::lp::tree::{TreeLinks, NONE};

/// The optimal basis a solve ended with: where the solve of a nearly equal
/// model (a sweep's variant: other harvests, orders, capacities or costs on
/// the same lanes, weeks and products) can start instead of from nothing.
#[derive(Debug, Clone)]
pub struct CoupledBasis {
    /// Network nodes, coupling rows and real columns of the model it fits.
    nodes: usize,
    sides: usize,
    artificial_from: usize,
    /// Ends and coupling rows of every column, artificials included (the
    /// shape a model must have for the basis to fit it).
    source: Vec<usize>,
    target: Vec<usize>,
    side_start: Vec<usize>,
    side_rows: Vec<usize>,
    /// Coupling coefficients of the artificial columns added in phase B.
    extra_side: Vec<(usize, f64)>,
    state: Vec<ArcState>,
    x: Vec<f64>,
    /// The tree arc above every node but the root.
    pred: Vec<usize>,
    kcols: Vec<usize>,
    rrows: Vec<usize>,
}

impl<'a> Solver<'a> {
    /// Column values, row duals and basis of an optimal solve of `model`.
    pub(super) fn solution(&mut self, model: &LpModel) -> (Vec<f64>, Vec<f64>, CoupledBasis) {
        let values = self.x[..model.columns.len()].iter().map(|&v| v.max(0.0)).collect();
        let sink = self.p.nodes - 1;
        let pi_sink = self.potential_of(sink);
        let duals = self
            .p
            .rows
            .iter()
            .map(|row| match *row {
                // One more kg at `node` flows on to the sink along the tree.
                RowRef::Balance { node } => pi_sink - self.potential_of(node),
                // A kg more of the order lifts the sink arc's bound: its
                // reduced cost, where the arc is at that bound.
                RowRef::Demand { node, arc } if self.state[arc] == ArcState::Upper => self.potential_of(node) - pi_sink,
                RowRef::Demand { .. } => 0.0,
                RowRef::Side { side, scale } => self.pi[side] * scale,
            })
            .collect();
        (values, duals, self.basis())
    }

    /// The basis as it stands, for a later warm start.
    pub(super) fn basis(&self) -> CoupledBasis {
        let n = self.p.nodes;
        let extra_from = self.p.artificial_from + n;
        CoupledBasis {
            nodes: n,
            sides: self.p.rhs.len(),
            artificial_from: self.p.artificial_from,
            source: self.source.clone(),
            target: self.target.clone(),
            side_start: self.side_start.clone(),
            side_rows: self.side.iter().map(|&(r, _)| r).collect(),
            extra_side: self.side[self.side_start[extra_from.min(self.columns)]..].to_vec(),
            state: self.state.clone(),
            x: self.x.clone(),
            pred: self.links.pred[..n].to_vec(),
            kcols: self
                .kslots
                .iter()
                .filter_map(|&s| match self.slots[s] {
                    Slot::Column(column) => Some(column),
                    Slot::Slack(_) => None,
                })
                .collect(),
            rrows: (0..self.sides()).filter(|&r| self.slot_of_slack[r] == NONE).collect(),
        }
    }

    /// A phase-B solver for `p` at `basis` (from a model of the same shape),
    /// or `None` when it does not fit. The old values stay where the new
    /// bounds allow; every node and coupling row they no longer balance gets
    /// an artificial column, nonbasic at an upper bound equal to the gap, so
    /// the start is primal feasible and the simplex drives the gaps to zero
    /// at the artificial cost (the bounded-artificial warm start).
    pub(super) fn warm(p: &'a Problem, basis: &CoupledBasis) -> Option<Solver<'a>> {
        let n = p.nodes;
        let real = p.artificial_from;
        let fits = basis.nodes == n
            && basis.sides == p.rhs.len()
            && basis.artificial_from == real
            && basis.source[..real] == p.source[..]
            && basis.target[..real] == p.target[..]
            && basis.side_start[..=real] == p.side_start[..]
            && p.side
                .iter()
                .map(|&(r, _)| r)
                .eq(basis.side_rows[..p.side.len()].iter().copied());
        if !fits {
            return None;
        }
        let mut s = Solver::new(p);
        let root = n;
        // The root arcs as they were (their direction followed the old supply).
        for j in real..real + n {
            s.source[j] = basis.source[j];
            s.target[j] = basis.target[j];
        }
        // The phase-B artificials of the old solve keep their indexes.
        for j in real + n..basis.source.len() {
            let from = basis.side_start[j] - basis.side_start[real + n];
            let to = basis.side_start[j + 1] - basis.side_start[real + n];
            let side = basis.extra_side[from..to].to_vec();
            s.push_column(
                basis.source[j],
                basis.target[j],
                f64::INFINITY,
                s.artificial_cost,
                &side,
            );
        }
        s.state.copy_from_slice(&basis.state);
        s.phase_a = false;
        // The tree.
        s.links = TreeLinks::new(n + 1, root);
        for u in 0..n {
            let arc = basis.pred[u];
            let parent = if s.source[arc] == u {
                s.target[arc]
            } else {
                s.source[arc]
            };
            let parent = if parent == NONE { root } else { parent };
            s.links.pred[u] = arc;
            s.links.up[u] = s.source[arc] == u;
            s.links.attach(u, parent);
        }
        let mut reached = 1;
        let mut stack = vec![root];
        s.depth[root] = 0;
        while let Some(u) = stack.pop() {
            let mut c = s.links.first_child[u];
            while c != NONE {
                s.depth[c] = s.depth[u] + 1;
                reached += 1;
                if reached > n + 1 {
                    return None;
                }
                stack.push(c);
                c = s.links.next_sibling[c];
            }
        }
        if reached != n + 1 {
            return None;
        }
        // Values: the old ones, held to the new bounds.
        for j in 0..basis.state.len() {
            s.x[j] = match s.state[j] {
                _ if j >= real => 0.0,
                ArcState::Upper => s.capacity[j],
                ArcState::Tree | ArcState::Key => basis.x[j].clamp(0.0, s.capacity[j]),
                _ => 0.0,
            };
        }
        // Column i of K takes the slot of row i of R (any pairing will do:
        // the factorization chooses its own pivots).
        if basis.kcols.len() != basis.rrows.len() {
            return None;
        }
        for (&column, &r) in basis.kcols.iter().zip(&basis.rrows) {
            s.hold(r, Slot::Column(column), Vec::new(), 0.0);
        }
        // Node gaps.
        let scale = p.supply.iter().fold(1.0_f64, |a, v| a.max(v.abs()));
        let tolerance = 1e-12 * scale;
        let mut excess: Vec<f64> = p.supply.clone();
        excess.push(0.0);
        for j in 0..s.source.len() {
            if s.source[j] != NONE && s.x[j] != 0.0 {
                excess[s.source[j]] -= s.x[j];
                excess[s.target[j]] += s.x[j];
            }
        }
        for (u, &gap) in excess.iter().enumerate().take(n) {
            if gap.abs() > tolerance {
                let (from, to) = if gap > 0.0 { (u, root) } else { (root, u) };
                let column = s.push_column(from, to, gap.abs(), s.artificial_cost, &[]);
                s.state[column] = ArcState::Upper;
                s.x[column] = gap.abs();
            }
        }
        // Coupling row gaps: a row whose slack is basic may not be over its
        // bound; a row in R must hold with equality.
        let mut activity = vec![0.0; p.rhs.len()];
        for j in 0..s.source.len() {
            if s.x[j] != 0.0 {
                for &(r, a) in s.side_of(j) {
                    activity[r] += a * s.x[j];
                }
            }
        }
        for (r, (&rhs, &used)) in p.rhs.iter().zip(&activity).enumerate() {
            let gap = rhs - used;
            let fix = if s.slot_of_slack[r] != NONE {
                gap < -tolerance
            } else {
                gap.abs() > tolerance
            };
            if fix {
                let column = s.push_column(NONE, NONE, gap.abs(), s.artificial_cost, &[(r, gap.signum())]);
                s.state[column] = ArcState::Upper;
                s.x[column] = gap.abs();
            }
        }
        s.columns = s.source.len();
        s.refactor().ok()?;
        // The basic values must come back as set, within their bounds.
        let bound_tolerance = 1e-7 * scale;
        for j in 0..s.columns {
            if matches!(s.state[j], ArcState::Tree | ArcState::Key)
                && (s.x[j] < -bound_tolerance || s.x[j] > s.capacity[j] + bound_tolerance)
            {
                return None;
            }
        }
        if s.slack.iter().any(|&v| v < -bound_tolerance) {
            return None;
        }
        s.update_duals();
        Some(s)
    }
}
