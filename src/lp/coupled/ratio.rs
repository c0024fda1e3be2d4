//! The ratio test: how far the entering column can move before a basic
//! variable (tree arc, column of K, slack of a coupling row) or the column
//! itself reaches a bound, and which one leaves. Harris's two passes with a
//! tolerance, the largest rate among the near-ties; under Bland's rule the
//! smallest index among exact ties.

use super::{Direction, Leaving, Slot, Solver, PIVOT_TOLERANCE, PRIMAL_TOLERANCE};

/// A basic variable that blocks the move: what leaves if it is chosen, how
/// far it is from the bound it moves to, its rate, and its index for ties.
#[derive(Clone, Copy)]
pub(super) struct Blocking {
    what: Leaving,
    room: f64,
    rate: f64,
    index: usize,
}

impl<'a> Solver<'a> {
    /// What leaves, and the step, for the move `d`; `None`: nothing bounds
    /// the move (unbounded).
    pub(super) fn ratio_test(&mut self, d: &Direction, bland: bool) -> Option<(Leaving, f64)> {
        let mut candidates = std::mem::take(&mut self.blocking);
        candidates.clear();
        let mut consider = |what: Leaving, value: f64, capacity: f64, change: f64, index: usize| {
            let g = d.dir * change;
            if g < -PIVOT_TOLERANCE {
                candidates.push(Blocking {
                    what,
                    room: value.max(0.0),
                    rate: -g,
                    index,
                });
            } else if g > PIVOT_TOLERANCE && capacity.is_finite() {
                candidates.push(Blocking {
                    what,
                    room: (capacity - value).max(0.0),
                    rate: g,
                    index,
                });
            }
        };
        for &u in &d.flow_touched {
            let arc = self.links.pred[u];
            consider(Leaving::Tree(u), self.x[arc], self.capacity[arc], d.dflow[u], arc);
        }
        if !self.phase_a {
            for &s in &d.rates.index {
                let rate = -d.rates.value[s];
                match self.slots[s] {
                    Slot::Column(column) => {
                        consider(Leaving::Key(s), self.x[column], self.capacity[column], rate, column)
                    }
                    Slot::Slack(r) => consider(Leaving::Slack(r), self.slack[r], f64::INFINITY, rate, self.columns + r),
                }
            }
        }
        let own_capacity = if d.q < self.columns {
            self.capacity[d.q]
        } else {
            f64::INFINITY
        };
        let own = own_capacity.is_finite().then_some((Leaving::Itself, own_capacity));
        let best = if bland {
            bland_choice(&candidates)
        } else {
            harris_choice(&candidates)
        };
        self.blocking = candidates;
        match (own, best) {
            (Some((_, t)), Some((what, theta))) if theta < t => Some((what, theta)),
            (Some(own), _) => Some(own),
            (None, best) => best,
        }
    }
}

/// The smallest step; ties to the smallest index.
fn bland_choice(candidates: &[Blocking]) -> Option<(Leaving, f64)> {
    let mut best: Option<(f64, usize, Leaving)> = None;
    for c in candidates {
        let theta = c.room / c.rate;
        let better = match best {
            None => true,
            Some((t, i, _)) => theta < t || (theta == t && c.index < i),
        };
        if better {
            best = Some((theta, c.index, c.what));
        }
    }
    best.map(|(theta, _, what)| (what, theta))
}

/// Harris: the bound on the step with every room widened by the primal
/// tolerance, then among the candidates within it the largest rate (the
/// most stable pivot); ties to the smallest index.
fn harris_choice(candidates: &[Blocking]) -> Option<(Leaving, f64)> {
    let bound = candidates
        .iter()
        .map(|c| (c.room + PRIMAL_TOLERANCE) / c.rate)
        .fold(f64::INFINITY, f64::min);
    let mut best: Option<(f64, usize, Leaving, f64)> = None;
    for c in candidates {
        let theta = c.room / c.rate;
        if theta > bound {
            continue;
        }
        let better = match best {
            None => true,
            Some((r, i, _, _)) => c.rate > r || (c.rate == r && c.index < i),
        };
        if better {
            best = Some((c.rate, c.index, c.what, theta));
        }
    }
    best.map(|(_, _, what, theta)| (what, theta))
}
