//! The working basis: one slot per coupling row, holding the row's slack
//! when it does not bind or a basic column off the tree (K) when it does
//! (the rows of R). Its matrix (unit columns for slacks, the coupling
//! coefficients of the tree cycle for columns of K) is kept factored
//! (`factor.rs`); here are the changes every kind of pivot makes to it,
//! the duals it gives, and the values it implies.

use super::factor::Work;
use super::sparse::{axpy, Sparse};
use super::{ArcState, CoupledError, Direction, Factor, Leaving, Slot, Solver};
use crate::lp::tree::NONE;

/// When the working basis is factored again: once its eta file holds more
/// nonzeros than this share of the factors' (L and U off the diagonal and
/// one per row), or after a count of updates. What each keeps bounded: the
/// share, the work the updates add to the solves that meet them; the count,
/// the drift of the values and duals the updates carry between
/// factorizations (a factorization recomputes them) and the per-slot lists
/// the solves walk. Where a refactorization falls also decides which of
/// several optimal vertices a solve ends at, and the truck search's path
/// follows those vertices: values that were a few percent faster on plain
/// LPs moved the truck plans (BENCHMARKS.md, "Updates a vector meets").
/// Nonzeros and counts, never a clock, so the same model always pivots the
/// same way.
const ETA_SHARE_OF_FACTORS: f64 = 0.5;
const REFACTOR_AT_MOST: usize = 2048;

impl<'a> Solver<'a> {
    /// `slot` now holds `holds`, whose column of the working basis is `d`
    /// and cost `cc`. Only the bookkeeping: the factor is updated apart.
    pub(super) fn hold(&mut self, slot: usize, holds: Slot, d: Sparse, cc: f64) {
        match self.slots[slot] {
            Slot::Column(column) => {
                self.slot_of_column[column] = NONE;
                self.unlist_key(column);
            }
            Slot::Slack(r) => self.slot_of_slack[r] = NONE,
        }
        let was_column = matches!(self.slots[slot], Slot::Column(_));
        match holds {
            Slot::Column(column) => {
                self.slot_of_column[column] = slot;
                self.state[column] = ArcState::Key;
                self.list_key(column);
                if !was_column {
                    self.kslot_at[slot] = self.kslots.len();
                    self.kslots.push(slot);
                }
            }
            Slot::Slack(r) => {
                self.slot_of_slack[r] = slot;
                if was_column {
                    let at = self.kslot_at[slot];
                    self.kslots.swap_remove(at);
                    if at < self.kslots.len() {
                        self.kslot_at[self.kslots[at]] = at;
                    }
                    self.kslot_at[slot] = NONE;
                }
            }
        }
        self.slots[slot] = holds;
        self.kd[slot] = d;
        self.kcc[slot] = cc;
    }

    /// Factors the working basis from the slots' columns as they stand.
    pub(super) fn factor_basis(&mut self) -> Result<(), CoupledError> {
        let kd = &self.kd;
        let factor = Factor::new(kd.len(), |s| &kd[s][..])
            .map_err(|_| CoupledError::Numerical("the working basis is singular"))?;
        self.factor = Some(factor);
        self.duals_stale = true;
        Ok(())
    }

    /// `B^-1 dq` again (after a factorization in the middle of a pivot).
    fn refresh_rates(&mut self, d: &mut Direction) {
        if let Some(factor) = self.factor.as_mut() {
            factor.ftran(&d.dq, &mut d.rates);
        }
    }

    /// The duals of the coupling rows, `pi = cc_B^T B^-1` (zero outside R),
    /// from the factored basis; every node potential is forgotten.
    pub(super) fn update_duals(&mut self) {
        let factor = self.factor.as_mut().expect("phase B has a factored working basis");
        for &s in &self.kslots {
            if self.kcc[s] != 0.0 {
                self.slot_work.set(s, self.kcc[s]);
            }
        }
        factor.btran(&mut self.slot_work, &mut self.row_work);
        for &r in &self.pi_rows {
            self.pi[r] = 0.0;
        }
        self.pi_rows.clear();
        for &r in &self.row_work.index {
            let v = self.row_work.value[r];
            if v != 0.0 && self.slot_of_slack[r] == NONE {
                self.pi[r] = v;
                self.pi_rows.push(r);
            }
        }
        self.row_work.clear();
        self.duals_stale = false;
        self.forget_potentials();
    }

    /// The entering column's reduced cost under the working basis's duals:
    /// its cycle's cost less the duals times its cycle's coupling coefficients.
    fn cycle_reduced_cost(&self, d: &Direction) -> f64 {
        d.ccq - d.dq.iter().map(|&(r, v)| self.pi[r] * v).sum::<f64>()
    }

    /// `pi += f * row_work` on the rows of R (the rest stay at zero), and
    /// `row_work` cleared: the duals after an update of the working basis,
    /// without a full BTRAN.
    fn add_to_duals(&mut self, f: f64) {
        for k in 0..self.row_work.index.len() {
            let r = self.row_work.index[k];
            let v = self.row_work.value[r];
            if v != 0.0 && self.slot_of_slack[r] == NONE {
                if self.pi[r] == 0.0 {
                    self.pi_rows.push(r);
                }
                self.pi[r] += f * v;
            }
        }
        self.row_work.clear();
    }

    /// The basis after the pivot `d` in which `leaving` left (the values
    /// have moved already). A leaving column settles at the bound it moves
    /// towards, or at its upper bound when `to_upper` says so (the dual
    /// phase: a value past a bound moves back to it).
    pub(super) fn change_basis(
        &mut self,
        d: &mut Direction,
        leaving: Leaving,
        to_upper: Option<bool>,
    ) -> Result<(), CoupledError> {
        let toward = |change: f64| match to_upper {
            Some(true) => 1.0,
            Some(false) => -1.0,
            None => change,
        };
        let q = d.q;
        match leaving {
            Leaving::Itself => {
                self.state[q] = if d.dir > 0.0 { ArcState::Upper } else { ArcState::Lower };
                self.x[q] = if d.dir > 0.0 { self.capacity[q] } else { 0.0 };
            }
            Leaving::Slack(r) => {
                self.slack[r] = 0.0;
                let slot = self.slot_of_slack[r];
                self.enter_slot(slot, d)?;
            }
            Leaving::Key(slot) => {
                let Slot::Column(column) = self.slots[slot] else {
                    unreachable!("the ratio test names a slot of K only for a column")
                };
                self.settle(column, toward(-d.rates.value[slot] * d.dir));
                self.enter_slot(slot, d)?;
            }
            Leaving::Tree(u) => {
                let arc = self.links.pred[u];
                self.settle(arc, toward(d.dflow[u] * d.dir));
                self.mark_subtree(u);
                let oq = self.orientation(q, u);
                if oq != 0.0 {
                    self.tree_takes(d, u, oq)?;
                } else {
                    // A column of K whose cycle crosses the leaving arc
                    // joins the tree; the leaving arc takes its slot and
                    // then leaves it to the entering column (or slack).
                    let crossing = self.crossing(u);
                    let mut pick: Option<(usize, f64)> = None;
                    for &(s, o) in &crossing {
                        if pick.is_none_or(|(best, _)| d.rates.value[s].abs() > d.rates.value[best].abs()) {
                            pick = Some((s, o));
                        }
                    }
                    let Some((slot, ok)) = pick else {
                        return Err(CoupledError::Numerical("no column of K crosses the leaving arc"));
                    };
                    self.swap_into_tree(slot, ok, u, &crossing, d)?;
                    self.enter_slot(slot, d)?;
                }
            }
        }
        Ok(())
    }

    /// Column `column` joins K: listed at its two ends.
    pub(super) fn list_key(&mut self, column: usize) {
        for (end, node) in [self.source[column], self.target[column]].into_iter().enumerate() {
            if node != NONE {
                self.k_at[column][end] = self.k_at_node[node].len();
                self.k_at_node[node].push(column);
            }
        }
    }

    /// Column `column` leaves K: taken off its ends' lists.
    pub(super) fn unlist_key(&mut self, column: usize) {
        for (end, node) in [self.source[column], self.target[column]].into_iter().enumerate() {
            if node == NONE {
                continue;
            }
            let at = std::mem::replace(&mut self.k_at[column][end], NONE);
            let list = &mut self.k_at_node[node];
            list.swap_remove(at);
            if let Some(&moved) = list.get(at) {
                let moved_end = usize::from(self.source[moved] != node);
                self.k_at[moved][moved_end] = at;
            }
        }
    }

    /// The slots of K whose column's cycle crosses the tree arc above the
    /// marked `u`, with the orientation of the crossing, by slot. A cycle
    /// crosses the arc when exactly one end of its column is under it: the
    /// lists of the marked nodes name those columns, unless the subtree
    /// is larger than K, where a scan of K is cheaper.
    pub(super) fn crossing(&self, u: usize) -> Vec<(usize, f64)> {
        let crossing = if self.marked.len() <= self.kslots.len() {
            self.crossing_by_lists(u)
        } else {
            self.crossing_by_scan(u)
        };
        debug_assert_eq!(crossing, self.crossing_by_scan(u), "crossing lists against a scan of K");
        crossing
    }

    /// [`Solver::crossing`] from the lists of the marked nodes, by slot.
    pub(super) fn crossing_by_lists(&self, u: usize) -> Vec<(usize, f64)> {
        let mut crossing: Vec<(usize, f64)> = self
            .marked
            .iter()
            .flat_map(|&v| self.k_at_node[v].iter())
            .filter_map(|&column| {
                let o = self.orientation(column, u);
                (o != 0.0).then_some((self.slot_of_column[column], o))
            })
            .collect();
        crossing.sort_unstable_by_key(|&(s, _)| s);
        crossing
    }

    /// [`Solver::crossing`] by a scan of every column of K, by slot.
    pub(super) fn crossing_by_scan(&self, u: usize) -> Vec<(usize, f64)> {
        let mut crossing: Vec<(usize, f64)> = self
            .kslots
            .iter()
            .filter_map(|&s| match self.slots[s] {
                Slot::Column(column) => {
                    let o = self.orientation(column, u);
                    (o != 0.0).then_some((s, o))
                }
                Slot::Slack(_) => None,
            })
            .collect();
        crossing.sort_unstable_by_key(|&(s, _)| s);
        crossing
    }

    /// The entering column (or slack) of `d` takes `slot`: the column
    /// replaced in the factor is the one `d.rates` is the FTRAN of.
    fn enter_slot(&mut self, slot: usize, d: &mut Direction) -> Result<(), CoupledError> {
        // The duals move along row `slot` of B^-1 (taken before the update):
        // pi' = pi + (reduced cost / pivot) e_slot^T B^-1.
        let reduced_cost = self.cycle_reduced_cost(d);
        let factor = self.factor.as_mut().expect("phase B has a factored working basis");
        self.slot_work.set(slot, 1.0);
        factor.btran(&mut self.slot_work, &mut self.row_work);
        let pivot = d.rates.value[slot];
        let updated = factor.replace(slot, &d.rates).is_ok();
        let refactor = !updated || refactor_due(factor);
        let holds = if d.q < self.columns {
            Slot::Column(d.q)
        } else {
            Slot::Slack(d.q - self.columns)
        };
        // A slack's column is its unit column, its cost zero: as `d` has them.
        let dq = std::mem::take(&mut d.dq);
        self.hold(slot, holds, dq, d.ccq);
        if let Slot::Slack(r) = holds {
            self.pi[r] = 0.0;
        }
        if refactor {
            self.row_work.clear();
            self.factor_basis()?;
        } else {
            self.add_to_duals(reduced_cost / pivot);
        }
        Ok(())
    }

    /// Arc `q` enters the tree in place of the arc above `u` (marked);
    /// cycles of K that crossed it now go round `q`'s cycle instead: `B' = B
    /// + dq beta^T = B (I + (B^-1 dq) beta^T)`.
    fn tree_takes(&mut self, d: &mut Direction, u: usize, oq: f64) -> Result<(), CoupledError> {
        let beta: Vec<(usize, f64)> = self.crossing(u).into_iter().map(|(s, o)| (s, -o * oq)).collect();
        if !beta.is_empty() {
            // The duals move along beta^T B^-1 (taken before the update):
            // pi' = pi + reduced cost / (1 + beta.B^-1 dq) beta^T B^-1.
            let reduced_cost = self.cycle_reduced_cost(d);
            let rates = d.rates.entries();
            let factor = self.factor.as_mut().expect("phase B has a factored working basis");
            let mut denominator = 1.0;
            for &(s, b) in &beta {
                self.slot_work.set(s, b);
                denominator += b * d.rates.value[s];
            }
            factor.btran(&mut self.slot_work, &mut self.row_work);
            let updated = factor.rank_one(&rates, &beta).is_ok();
            for &(s, b) in &beta {
                axpy(&mut self.kd[s], b, &d.dq);
                self.kcc[s] += b * d.ccq;
            }
            if !updated || self.factor.as_ref().is_some_and(refactor_due) {
                self.row_work.clear();
                self.factor_basis()?;
            } else {
                self.add_to_duals(reduced_cost / denominator);
            }
        }
        self.state[d.q] = ArcState::Tree;
        self.exchange(d.q, u);
        Ok(())
    }

    /// The column in `slot` (orientation `ok` across the arc above the
    /// marked `u`) joins the tree; the arc above `u` takes the slot. The
    /// other columns of K crossing that arc change by the joining column's
    /// cycle: `B' = B (I + e_slot g^T)`. `d.rates` becomes the FTRAN of the
    /// entering column under the new basis.
    fn swap_into_tree(
        &mut self,
        slot: usize,
        ok: f64,
        u: usize,
        crossing: &[(usize, f64)],
        d: &mut Direction,
    ) -> Result<(), CoupledError> {
        let Slot::Column(entering) = self.slots[slot] else {
            unreachable!("only columns of K join the tree")
        };
        let leaving_arc = self.links.pred[u];
        let mut g = vec![(slot, ok - 1.0)];
        g.extend(crossing.iter().filter(|&&(s, _)| s != slot).map(|&(s, o)| (s, -o * ok)));
        let dk = std::mem::take(&mut self.kd[slot]);
        let cck = self.kcc[slot];
        for &(s, gs) in &g[1..] {
            axpy(&mut self.kd[s], gs, &dk);
            self.kcc[s] += gs * cck;
        }
        self.kd[slot] = dk.into_iter().map(|(r, v)| (r, ok * v)).collect();
        self.kcc[slot] = ok * cck;
        let factor = self.factor.as_mut().expect("phase B has a factored working basis");
        let updated = factor.rank_one(&[(slot, 1.0)], &g).is_ok();
        // M^-1 x = x - e_slot (g.x) / (1 + g_slot), and 1 + g_slot = ok.
        let gx: f64 = g.iter().map(|&(s, gs)| gs * d.rates.value[s]).sum();
        let at_slot = d.rates.value[slot];
        d.rates.set(slot, at_slot - gx / ok);
        self.slot_of_column[entering] = NONE;
        self.unlist_key(entering);
        self.slot_of_column[leaving_arc] = slot;
        self.list_key(leaving_arc);
        self.slots[slot] = Slot::Column(leaving_arc);
        self.state[entering] = ArcState::Tree;
        self.exchange(entering, u);
        if !updated || self.factor.as_ref().is_some_and(refactor_due) {
            self.factor_basis()?;
            self.refresh_rates(d);
        }
        Ok(())
    }

    /// Recomputes the working basis's columns from the tree, factors it,
    /// and recomputes the basic values from the nonbasic ones, removing the
    /// drift of the updates.
    pub(super) fn refactor(&mut self) -> Result<(), CoupledError> {
        let mut cycle = Vec::new();
        for k in 0..self.kslots.len() {
            let s = self.kslots[k];
            let Slot::Column(column) = self.slots[s] else {
                continue;
            };
            self.cycle(column, &mut cycle);
            let (d, cc) = self.cycle_side(column, &cycle);
            self.kd[s] = d;
            self.kcc[s] = cc;
        }
        self.factor_basis()?;
        self.recompute_values();
        Ok(())
    }

    /// Basic values from the nonbasic ones: tree flows with K at zero,
    /// then K from the rows in R, then the tree flows and slacks again.
    pub(super) fn recompute_values(&mut self) {
        for &s in &self.kslots {
            if let Slot::Column(column) = self.slots[s] {
                self.x[column] = 0.0;
            }
        }
        self.tree_flows();
        let activity = self.activity();
        if let Some(factor) = self.factor.as_mut() {
            let residual: Vec<(usize, f64)> = (0..self.slots.len())
                .filter(|&r| self.slot_of_slack[r] == NONE)
                .map(|r| (r, self.p.rhs[r] - activity[r]))
                .collect();
            let mut values = Work::new(self.slots.len());
            factor.ftran(&residual, &mut values);
            for &s in &self.kslots {
                if let Slot::Column(column) = self.slots[s] {
                    self.x[column] = values.value[s];
                }
            }
        }
        self.tree_flows();
        let activity = self.activity();
        for (r, slack) in self.slack.iter_mut().enumerate() {
            *slack = if self.slot_of_slack[r] == NONE {
                0.0
            } else {
                self.p.rhs[r] - activity[r]
            };
        }
    }

    /// Every coupling row's activity at the current values.
    fn activity(&self) -> Vec<f64> {
        let mut activity = vec![0.0; self.slots.len()];
        for j in 0..self.columns {
            if self.x[j] != 0.0 {
                for &(r, a) in self.side_of(j) {
                    activity[r] += a * self.x[j];
                }
            }
        }
        activity
    }

    /// Tree arc flows that balance every node given the other columns.
    pub(super) fn tree_flows(&mut self) {
        let n = self.p.nodes;
        let mut excess: Vec<f64> = self.p.supply.clone();
        excess.push(0.0);
        for j in 0..self.columns {
            if self.state[j] == ArcState::Tree || self.source[j] == NONE || self.x[j] == 0.0 {
                continue;
            }
            excess[self.source[j]] -= self.x[j];
            excess[self.target[j]] += self.x[j];
        }
        // Preorder from the root, then children before parents.
        let mut order = Vec::with_capacity(n + 1);
        let mut stack = vec![n];
        while let Some(u) = stack.pop() {
            order.push(u);
            let mut c = self.links.first_child[u];
            while c != NONE {
                stack.push(c);
                c = self.links.next_sibling[c];
            }
        }
        for &v in order.iter().rev() {
            if v == n {
                continue;
            }
            let arc = self.links.pred[v];
            // What is left at v leaves by its tree arc.
            self.x[arc] = if self.links.up[v] { excess[v] } else { -excess[v] };
            excess[self.links.parent[v]] += excess[v];
        }
    }
}

/// Whether `factor`'s updates are due to be folded into a new factorization.
fn refactor_due(factor: &Factor) -> bool {
    factor.etas_outweigh(ETA_SHARE_OF_FACTORS) || factor.updates() >= REFACTOR_AT_MOST
}
