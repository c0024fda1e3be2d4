//! Pricing: node potentials under the coupling duals, reduced costs, and
//! the choice of the entering column (candidate lists, Bland's rule).

use super::{ArcState, Solver, CANDIDATES, MINOR_PIVOTS};
use crate::lp::tree::NONE;

impl<'a> Solver<'a> {
    /// Forgets every potential (the duals changed).
    pub(super) fn forget_potentials(&mut self) {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.potential_epoch.iter_mut().for_each(|e| *e = u32::MAX);
            self.epoch = 1;
        }
        self.potential[self.p.nodes] = 0.0;
        self.potential_epoch[self.p.nodes] = self.epoch;
    }

    /// The potential of node `v` for the costs less the coupling duals:
    /// every tree arc prices at zero. Computed up the tree to the nearest
    /// node already known in this pivot.
    pub(super) fn potential_of(&mut self, v: usize) -> f64 {
        if self.phase_a || self.potential_epoch[v] == self.epoch {
            return self.potential[v];
        }
        let mut path = std::mem::take(&mut self.path);
        path.clear();
        let mut u = v;
        while self.potential_epoch[u] != self.epoch {
            path.push(u);
            u = self.links.parent[u];
        }
        for &c in path.iter().rev() {
            let arc = self.links.pred[c];
            let reduced = self.priced_cost(arc);
            let parent = self.potential[self.links.parent[c]];
            self.potential[c] = if self.links.up[c] {
                parent - reduced
            } else {
                parent + reduced
            };
            self.potential_epoch[c] = self.epoch;
        }
        self.path = path;
        self.potential[v]
    }

    /// Phase A potentials from scratch (the duals are zero).
    pub(super) fn all_potentials(&mut self) {
        let root = self.p.nodes;
        self.potential[root] = 0.0;
        let mut stack = vec![root];
        while let Some(u) = stack.pop() {
            let mut c = self.links.first_child[u];
            while c != NONE {
                let arc = self.links.pred[c];
                let reduced = self.priced_cost(arc);
                self.potential[c] = if self.links.up[c] {
                    self.potential[u] - reduced
                } else {
                    self.potential[u] + reduced
                };
                stack.push(c);
                c = self.links.next_sibling[c];
            }
        }
    }

    /// Cost less the coupling duals.
    pub(super) fn priced_cost(&self, j: usize) -> f64 {
        let mut c = self.cost[j];
        if self.phase_a {
            // The duals are zero until phase B.
            return c;
        }
        for &(r, a) in self.side_of(j) {
            c -= self.pi[r] * a;
        }
        c
    }

    /// Reduced cost of column `j` (or slack `j - columns`).
    pub(super) fn reduced_cost(&mut self, j: usize) -> f64 {
        if j >= self.columns {
            return -self.pi[j - self.columns];
        }
        let c = self.priced_cost(j);
        if self.source[j] == NONE {
            c
        } else {
            c + self.potential_of(self.source[j]) - self.potential_of(self.target[j])
        }
    }

    /// How much a nonbasic column would improve the objective per unit
    /// moved (negative: it should enter); 0 for basic columns.
    pub(super) fn violation(&mut self, j: usize) -> f64 {
        if j >= self.columns {
            let r = j - self.columns;
            return if self.slot_of_slack[r] != NONE {
                0.0
            } else {
                -self.pi[r]
            };
        }
        match self.state[j] {
            ArcState::Lower => self.reduced_cost(j),
            ArcState::Upper => -self.reduced_cost(j),
            _ => 0.0,
        }
    }

    /// The next column to enter. Under Bland's rule, the first improving
    /// column by index. Otherwise from a candidate list: a major scan goes
    /// over blocks of columns until it has found `CANDIDATES` improving
    /// ones and keeps the best; the next few pivots price only the list
    /// (in phase B the duals change every pivot, and pricing a column can
    /// cost a walk up the tree).
    pub(super) fn choose_entering(&mut self, next: &mut usize, bland: bool) -> Option<usize> {
        let total = self.columns + self.sides();
        if bland {
            return (0..total).find(|&j| self.violation(j) < -self.epsilon);
        }
        if self.minor_left > 0 {
            self.minor_left -= 1;
            let mut list = std::mem::take(&mut self.candidate_list);
            let mut best = (-self.epsilon, None);
            list.retain(|&j| {
                let v = self.violation(j);
                if v < best.0 {
                    best = (v, Some(j));
                }
                v < -self.epsilon
            });
            self.candidate_list = list;
            if best.1.is_some() {
                return best.1;
            }
        }
        let block = ((total as f64).sqrt() as usize).max(10);
        let mut found: Vec<(f64, usize)> = Vec::new();
        let mut scanned = 0;
        while scanned < total {
            let end = (scanned + block).min(total);
            while scanned < end {
                let j = *next;
                *next = if j + 1 == total { 0 } else { j + 1 };
                scanned += 1;
                let v = self.violation(j);
                if v < -self.epsilon {
                    found.push((v, j));
                }
            }
            if found.len() >= CANDIDATES {
                break;
            }
        }
        // Most improving first; ties by index (deterministic).
        found.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        found.truncate(CANDIDATES);
        let entering = found.first().map(|&(_, j)| j);
        self.candidate_list = found.into_iter().skip(1).map(|(_, j)| j).collect();
        self.minor_left = MINOR_PIVOTS;
        entering
    }
}
