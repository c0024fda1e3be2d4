//! The tree side of the basis: the cycle a column closes with the spanning
//! tree, its coupling coefficients and cost, and the exchange of a tree arc.

use super::sparse::Sparse;
use super::Solver;
use crate::lp::tree::NONE;

impl<'a> Solver<'a> {
    /// The tree arcs that carry one unit of column `j` around its cycle:
    /// (node whose `pred` arc it is, change of that arc's value).
    pub(super) fn cycle(&self, j: usize, out: &mut Vec<(usize, f64)>) {
        out.clear();
        if j >= self.columns || self.source[j] == NONE {
            return;
        }
        // Flow arrives at the target and returns to the source through the tree.
        let (mut a, mut b) = (self.target[j], self.source[j]);
        while a != b {
            if self.depth[a] >= self.depth[b] {
                out.push((a, if self.links.up[a] { 1.0 } else { -1.0 }));
                a = self.links.parent[a];
            } else {
                out.push((b, if self.links.up[b] { -1.0 } else { 1.0 }));
                b = self.links.parent[b];
            }
        }
    }

    /// Coupling coefficients and cost of column `j`'s cycle (`j >=
    /// columns` is the slack of row `j - columns`).
    pub(super) fn cycle_side(&mut self, j: usize, cycle: &[(usize, f64)]) -> (Sparse, f64) {
        if j >= self.columns {
            return (vec![(j - self.columns, 1.0)], 0.0);
        }
        let mut cc = self.cost[j];
        for &(r, c) in &self.side[self.side_start[j]..self.side_start[j + 1]] {
            if self.dense[r] == 0.0 {
                self.touched.push(r);
            }
            self.dense[r] += c;
        }
        for &(u, sign) in cycle {
            let arc = self.links.pred[u];
            cc += sign * self.cost[arc];
            for k in self.side_start[arc]..self.side_start[arc + 1] {
                let (r, c) = self.side[k];
                if self.dense[r] == 0.0 {
                    self.touched.push(r);
                }
                self.dense[r] += sign * c;
                if self.dense[r] == 0.0 {
                    // Keep it listed: mark with a tiny value removed below.
                    self.dense[r] = f64::MIN_POSITIVE;
                }
            }
        }
        (self.drain_dense(), cc)
    }

    /// The scratch vector as a sorted sparse vector; the scratch is zeroed.
    pub(super) fn drain_dense(&mut self) -> Sparse {
        self.touched.sort_unstable();
        self.touched.dedup();
        let mut out = Vec::with_capacity(self.touched.len());
        for &r in &self.touched {
            let v = self.dense[r];
            if v.abs() > 1e-13 {
                out.push((r, v));
            }
            self.dense[r] = 0.0;
        }
        self.touched.clear();
        out
    }

    /// Marks the subtree under `v` (and lists its nodes in `marked`).
    pub(super) fn mark_subtree(&mut self, v: usize) {
        self.stamp_now += 1;
        let now = self.stamp_now;
        self.marked.clear();
        let mut stack = vec![v];
        while let Some(u) = stack.pop() {
            self.stamp[u] = now;
            self.marked.push(u);
            let mut c = self.links.first_child[u];
            while c != NONE {
                stack.push(c);
                c = self.links.next_sibling[c];
            }
        }
    }

    /// How column `j`'s unit cycle crosses the tree arc above the marked
    /// subtree rooted at `v` (+1 along it, -1 against, 0 not at all).
    pub(super) fn orientation(&self, j: usize, v: usize) -> f64 {
        if j >= self.columns || self.source[j] == NONE {
            return 0.0;
        }
        let inside = |u: usize| self.stamp[u] == self.stamp_now;
        match (inside(self.source[j]), inside(self.target[j])) {
            (false, true) => {
                if self.links.up[v] {
                    1.0
                } else {
                    -1.0
                }
            }
            (true, false) => {
                if self.links.up[v] {
                    -1.0
                } else {
                    1.0
                }
            }
            _ => 0.0,
        }
    }

    /// Arc `entering` takes the place of the tree arc above `leaving_node`
    /// (the subtree of `leaving_node` must be marked).
    pub(super) fn exchange(&mut self, entering: usize, leaving_node: usize) {
        let (a, b) = (self.source[entering], self.target[entering]);
        let (inside, outside) = if self.stamp[a] == self.stamp_now {
            (a, b)
        } else {
            (b, a)
        };
        self.links
            .rehang(entering, (inside, outside), leaving_node, &self.source);
        // In phase A the duals are zero: shift the moved subtree's potentials
        // so that the entering arc prices at zero (phase B recomputes all).
        let shift = if self.phase_a {
            let wanted = if self.links.up[inside] {
                self.potential[outside] - self.cost[entering]
            } else {
                self.potential[outside] + self.cost[entering]
            };
            wanted - self.potential[inside]
        } else {
            0.0
        };
        let mut stack = Vec::new();
        self.links
            .shift_subtree(inside, shift, (&mut self.potential, &mut self.depth), &mut stack);
    }
}
