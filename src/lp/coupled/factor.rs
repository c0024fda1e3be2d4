//! A sparse LU factorization of the working basis with a product-form
//! update file: what replaced the dense explicit inverse (O(|K|^2) per
//! pivot, up to 134 MB).
//!
//! The matrix is square over all coupling rows: one column per *slot*, and
//! a slot holds either a basic slack (a unit column) or a basic column off
//! the tree (the coupling coefficients of its cycle). Keeping the basic
//! slacks in makes the dimension fixed, so every change the simplex makes
//! is an update of one kind, whether or not the set of binding rows grows
//! or shrinks: a column replaced in a slot, or a rank-one change `B (I + u
//! v^T)` (a tree exchange changes the cycles of several columns at once).
//! Unit columns cost nothing in the factors: they pivot first, with empty
//! columns of L and U.
//!
//! The layout follows the usual one of simplex codes (HiGHS's HFactor,
//! Suhl & Suhl's MA28 descendants): a left-looking LU (Gilbert & Peierls
//! 1988) in a fixed column order, threshold partial pivoting that prefers
//! short rows, L and U stored by columns in pivot order, and the updates as
//! eta vectors applied after `B0^-1` in FTRAN and before it in BTRAN.
//! Both solves find the updates their vector meets through per-slot lists
//! and a bitset over the eta file, so they skip the rest in order (a heap
//! instead of the bitset cost more than the full pass it replaced).
//! The caller refactors once the eta file outgrows a share of the factors
//! (or after a count of updates). No crate was taken: a sparse
//! LU with updates is not among the dependencies (faer is not in the tree,
//! and its sparse LU has no update), and the pieces needed here are small.

use crate::lp::tree::NONE;

/// A pivot smaller than this (after the threshold choice) means the matrix
/// is singular to working precision.
const SINGULAR: f64 = 1e-11;
/// Threshold partial pivoting: a pivot may be chosen for its short row if it
/// is at least this fraction of the largest candidate (the textbook 0.1:
/// growth stays bounded by 10 per step on the column).
const THRESHOLD: f64 = 0.1;
/// Entries smaller than this are dropped from L, U and eta vectors: below
/// rounding noise for coefficients of order one (rows are scaled to a
/// largest coefficient of one).
const DROP: f64 = 1e-14;

/// A sparse vector over `0..n` held densely, with the list of positions
/// that may be nonzero (each listed once).
#[derive(Debug, Clone)]
pub(super) struct Work {
    pub(super) value: Vec<f64>,
    pub(super) index: Vec<usize>,
    listed: Vec<bool>,
}

impl Work {
    pub(super) fn new(n: usize) -> Work {
        Work {
            value: vec![0.0; n],
            index: Vec::new(),
            listed: vec![false; n],
        }
    }

    pub(super) fn add(&mut self, i: usize, v: f64) {
        if !self.listed[i] {
            self.listed[i] = true;
            self.index.push(i);
        }
        self.value[i] += v;
    }

    pub(super) fn set(&mut self, i: usize, v: f64) {
        if !self.listed[i] {
            self.listed[i] = true;
            self.index.push(i);
        }
        self.value[i] = v;
    }

    pub(super) fn clear(&mut self) {
        for &i in &self.index {
            self.value[i] = 0.0;
            self.listed[i] = false;
        }
        self.index.clear();
    }

    /// The nonzero entries, in index order (the order never depends on how
    /// they were reached).
    pub(super) fn entries(&mut self) -> Vec<(usize, f64)> {
        self.index.sort_unstable();
        self.index
            .iter()
            .map(|&i| (i, self.value[i]))
            .filter(|&(_, v)| v != 0.0)
            .collect()
    }
}

/// The matrix is singular to working precision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Singular;

/// One update since the factorization.
#[derive(Debug, Clone, Copy)]
enum Eta {
    /// The column in `slot` was replaced by one whose FTRAN is the stored
    /// vector (its entry at `slot` is `pivot`).
    Replace {
        slot: usize,
        pivot: f64,
        from: usize,
        to: usize,
    },
    /// `B' = B (I + u v^T)`: u in `from..mid`, v in `mid..to`;
    /// `denominator = 1 + v.u`.
    RankOne {
        denominator: f64,
        from: usize,
        mid: usize,
        to: usize,
    },
}

/// `B = B0 E1 ... Ek` with `B0 = P^T L U` in pivot order and the `Ei` the
/// updates since.
#[derive(Debug, Clone)]
pub(super) struct Factor {
    /// Row and slot of pivot `t`, and the pivot of every row and slot.
    row_of: Vec<usize>,
    slot_of: Vec<usize>,
    pivot_of_row: Vec<usize>,
    pivot_of_slot: Vec<usize>,
    /// L's column of pivot `t` (rows pivoted after `t`), for the pivots
    /// whose column is not empty, in pivot order.
    l_pivots: Vec<usize>,
    l_start: Vec<usize>,
    l_index: Vec<usize>,
    l_value: Vec<f64>,
    /// U's column of pivot `t` above the diagonal (rows pivoted before `t`)
    /// and its diagonal, for the pivots whose column is not a unit column.
    u_pivots: Vec<usize>,
    u_start: Vec<usize>,
    u_index: Vec<usize>,
    u_value: Vec<f64>,
    u_diagonal: Vec<f64>,
    /// Every pivot's diagonal entry of U.
    diagonal: Vec<f64>,
    /// L and U below and above the diagonal, by columns and by rows, in
    /// pivot indexes: FTRAN walks the columns, BTRAN the rows, so the work
    /// of either follows the nonzeros it meets (hypersparse solves).
    l_columns: Csr,
    l_rows: Csr,
    u_columns: Csr,
    u_rows: Csr,
    /// Scratch of the triangular solves: the pivots waiting, one bit each.
    queued: Vec<u64>,
    etas: Vec<Eta>,
    eta_index: Vec<usize>,
    eta_value: Vec<f64>,
    /// The eta file by slots: for every slot, the updates whose BTRAN dot
    /// reads it (a replaced column's other entries, a rank-one update's
    /// `u`), with the weight, in update order. BTRAN pushes each change of
    /// a slot's value to those dots instead of taking every dot in full,
    /// so its pass over the updates costs what the vector meets (the
    /// row-wise eta file of Forrest–Tomlin codes, here for product form).
    dots_of_slot: Vec<Vec<(usize, f64)>>,
    /// Scratch of BTRAN: the dot of every update so far.
    dot: Vec<f64>,
    /// The eta file by slots: for every slot, the updates that read its
    /// value in FTRAN (a replaced column's slot, a rank-one update's `v`),
    /// in update order. FTRAN visits only the updates whose slots hold a
    /// value, and BTRAN the replacements of slots that hold one (besides
    /// the dots pushed to), found through `pending`, instead of every
    /// update: a vector meets a few dozen of the thousand-odd updates of a
    /// long eta file.
    reads_of_slot: Vec<Vec<usize>>,
    /// Scratch of FTRAN and BTRAN: the updates still to visit, one bit each.
    pending: Vec<u64>,
    /// Scratch over rows.
    rows: Work,
}

impl Factor {
    /// Factors the `m` x `m` matrix whose column `s` is `column(s)` (row,
    /// value pairs). Columns with one entry go first, then the others by
    /// their count of entries (ties by slot), so that unit columns pivot
    /// for free and the rest fills in little.
    pub(super) fn new<'c>(m: usize, column: impl Fn(usize) -> &'c [(usize, f64)]) -> Result<Factor, Singular> {
        let mut row_count = vec![0usize; m];
        for s in 0..m {
            for &(r, _) in column(s) {
                row_count[r] += 1;
            }
        }
        let mut order: Vec<usize> = (0..m).collect();
        order.sort_by_key(|&s| (column(s).len().max(1), s));
        let mut f = Factor {
            row_of: Vec::with_capacity(m),
            slot_of: Vec::with_capacity(m),
            pivot_of_row: vec![NONE; m],
            pivot_of_slot: vec![NONE; m],
            l_pivots: Vec::new(),
            l_start: Vec::new(),
            l_index: Vec::new(),
            l_value: Vec::new(),
            u_pivots: Vec::new(),
            u_start: Vec::new(),
            u_index: Vec::new(),
            u_value: Vec::new(),
            u_diagonal: Vec::new(),
            diagonal: Vec::with_capacity(m),
            l_columns: Csr::default(),
            l_rows: Csr::default(),
            u_columns: Csr::default(),
            u_rows: Csr::default(),
            queued: Vec::new(),
            etas: Vec::new(),
            eta_index: Vec::new(),
            eta_value: Vec::new(),
            dots_of_slot: vec![Vec::new(); m],
            dot: Vec::new(),
            reads_of_slot: vec![Vec::new(); m],
            pending: Vec::new(),
            rows: Work::new(m),
        };
        // Per pivot: where its L column sits in `l_pivots` (NONE if empty).
        let mut l_column_of = vec![NONE; m];
        let mut visited = vec![false; m];
        let mut topo: Vec<usize> = Vec::new();
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for s in order {
            let t = f.row_of.len();
            if let [(row, pivot)] = *column(s) {
                // A column with one entry pivots on it: nothing to solve.
                if f.pivot_of_row[row] != NONE || pivot.abs() < SINGULAR {
                    return Err(Singular);
                }
                let u_from = f.u_index.len();
                f.record_pivot((t, row, s), pivot, u_from);
                continue;
            }
            let x = &mut f.rows;
            x.clear();
            for &(r, v) in column(s) {
                x.add(r, v);
            }
            // The pivots whose L columns this column reaches, in an order
            // that solves L (reverse postorder of a depth-first search).
            topo.clear();
            for k in 0..x.index.len() {
                let start = f.pivot_of_row[x.index[k]];
                if start == NONE || l_column_of[start] == NONE || visited[start] {
                    continue;
                }
                visited[start] = true;
                stack.push((start, 0));
                while let Some(&mut (p, ref mut next)) = stack.last_mut() {
                    let c = l_column_of[p];
                    let (from, to) = (f.l_start[c], f.l_start[c + 1]);
                    let mut descended = false;
                    while from + *next < to {
                        let child = f.pivot_of_row[f.l_index[from + *next]];
                        *next += 1;
                        if child != NONE && l_column_of[child] != NONE && !visited[child] {
                            visited[child] = true;
                            stack.push((child, 0));
                            descended = true;
                            break;
                        }
                    }
                    if !descended {
                        topo.push(p);
                        stack.pop();
                    }
                }
            }
            for &p in topo.iter().rev() {
                visited[p] = false;
                let v = x.value[f.row_of[p]];
                if v == 0.0 {
                    continue;
                }
                let c = l_column_of[p];
                for k in f.l_start[c]..f.l_start[c + 1] {
                    x.add(f.l_index[k], -f.l_value[k] * v);
                }
            }
            // The pivot: the largest candidate, or within the threshold of
            // it the one in the shortest row (ties by row, so the choice
            // never depends on the order of `x.index`).
            let largest = x
                .index
                .iter()
                .filter(|&&r| f.pivot_of_row[r] == NONE)
                .fold(0.0_f64, |a, &r| a.max(x.value[r].abs()));
            if largest < SINGULAR {
                return Err(Singular);
            }
            let pivot_row = x
                .index
                .iter()
                .copied()
                .filter(|&r| f.pivot_of_row[r] == NONE && x.value[r].abs() >= THRESHOLD * largest)
                .min_by_key(|&r| (row_count[r], r))
                .expect("the largest candidate passes its own threshold");
            let pivot = x.value[pivot_row];
            let l_from = f.l_index.len();
            let u_from = f.u_index.len();
            for &r in &x.index {
                let v = x.value[r];
                if r == pivot_row || v.abs() <= DROP {
                    continue;
                }
                if f.pivot_of_row[r] == NONE {
                    f.l_index.push(r);
                    f.l_value.push(v / pivot);
                } else {
                    f.u_index.push(r);
                    f.u_value.push(v);
                }
            }
            if f.l_index.len() > l_from {
                if f.l_start.is_empty() {
                    f.l_start.push(l_from);
                }
                l_column_of[t] = f.l_pivots.len();
                f.l_pivots.push(t);
                f.l_start.push(f.l_index.len());
            }
            f.record_pivot((t, pivot_row, s), pivot, u_from);
        }
        f.rows.clear();
        if f.l_start.is_empty() {
            f.l_start.push(0);
        }
        if f.u_start.is_empty() {
            f.u_start.push(0);
        }
        f.arrange();
        Ok(f)
    }

    /// L and U by columns and by rows, every entry named by its pivot:
    /// what the solves walk.
    /// Pivot `t` of the factorization is `pivot` at (`row`, slot `s`); its
    /// U column, written from `u_from` on, is listed when it has entries
    /// above the diagonal or a diagonal other than 1 (a unit column needs none).
    fn record_pivot(&mut self, (t, row, s): (usize, usize, usize), pivot: f64, u_from: usize) {
        if self.u_index.len() > u_from || pivot != 1.0 {
            if self.u_start.is_empty() {
                self.u_start.push(u_from);
            }
            self.u_pivots.push(t);
            self.u_diagonal.push(pivot);
            self.u_start.push(self.u_index.len());
        }
        self.diagonal.push(pivot);
        self.row_of.push(row);
        self.slot_of.push(s);
        self.pivot_of_row[row] = t;
        self.pivot_of_slot[s] = t;
    }

    fn arrange(&mut self) {
        let m = self.row_of.len();
        let of_row = &self.pivot_of_row;
        // (pivot of the column, pivot of the row, value) of every entry.
        let entries = |pivots: &[usize], start: &[usize], index: &[usize], value: &[f64]| {
            let mut all = Vec::with_capacity(index.len());
            for (c, &t) in pivots.iter().enumerate() {
                for k in start[c]..start[c + 1] {
                    all.push((t, of_row[index[k]], value[k]));
                }
            }
            all
        };
        let l = entries(&self.l_pivots, &self.l_start, &self.l_index, &self.l_value);
        let u = entries(&self.u_pivots, &self.u_start, &self.u_index, &self.u_value);
        self.l_columns = Csr::of(m, l.iter().map(|&(c, r, v)| (c, r, v)));
        self.l_rows = Csr::of(m, l.iter().map(|&(c, r, v)| (r, c, v)));
        self.u_columns = Csr::of(m, u.iter().map(|&(c, r, v)| (c, r, v)));
        self.u_rows = Csr::of(m, u.iter().map(|&(c, r, v)| (r, c, v)));
        self.queued = vec![0; m.div_ceil(64)];
    }

    /// Updates since the factorization.
    pub(super) fn updates(&self) -> usize {
        self.etas.len()
    }

    /// Whether the eta file holds more nonzeros than `ratio` times the
    /// factors (L and U off the diagonal, plus one per row).
    pub(super) fn etas_outweigh(&self, ratio: f64) -> bool {
        let factors = self.l_index.len() + self.u_index.len() + self.row_of.len();
        self.eta_index.len() as f64 > ratio * factors as f64
    }

    /// `B^-1 a`: `a` over rows in, the result over slots out (`out` is
    /// cleared first).
    pub(super) fn ftran(&mut self, a: &[(usize, f64)], out: &mut Work) {
        let w = &mut self.rows;
        w.clear();
        for &(r, v) in a {
            w.add(self.pivot_of_row[r], v);
        }
        // L forward, then U backward, each over the pivots reached only.
        sweep(w, &self.l_columns, None, true, &mut self.queued);
        sweep(w, &self.u_columns, Some(&self.diagonal), false, &mut self.queued);
        out.clear();
        for &t in &w.index {
            let v = w.value[t];
            if v != 0.0 {
                out.set(self.slot_of[t], v);
            }
        }
        // The updates in the order they were made, those that read a slot
        // holding a value only: the others would leave `out` as it is. A
        // slot that comes to hold a value marks the later updates reading it.
        let pending = &mut self.pending;
        pending.clear();
        pending.resize(self.etas.len().div_ceil(64), 0);
        let reads_of_slot = &self.reads_of_slot;
        let mark = |pending: &mut [u64], slot: usize, after: Option<usize>| {
            for &k in reads_of_slot[slot].iter().rev() {
                if after.is_some_and(|after| k <= after) {
                    break;
                }
                pending[k / 64] |= 1 << (k % 64);
            }
        };
        for &i in &out.index {
            mark(pending, i, None);
        }
        let mut listed = out.index.len();
        let (mut lo, mut hi) = (0, pending.len());
        while let Some(k) = take_bit(pending, (&mut lo, &mut hi), true) {
            match self.etas[k] {
                Eta::Replace { slot, pivot, from, to } => {
                    let xp = out.value[slot];
                    if xp == 0.0 {
                        continue;
                    }
                    let xp = xp / pivot;
                    out.value[slot] = xp;
                    for e in from..to {
                        let i = self.eta_index[e];
                        if i != slot {
                            out.add(i, -self.eta_value[e] * xp);
                        }
                    }
                }
                Eta::RankOne {
                    denominator,
                    from,
                    mid,
                    to,
                } => {
                    let dot: f64 = (mid..to)
                        .map(|e| self.eta_value[e] * out.value[self.eta_index[e]])
                        .sum();
                    if dot == 0.0 {
                        continue;
                    }
                    let f = dot / denominator;
                    for e in from..mid {
                        out.add(self.eta_index[e], -self.eta_value[e] * f);
                    }
                }
            }
            for &i in &out.index[listed..] {
                mark(pending, i, Some(k));
            }
            listed = out.index.len();
        }
    }

    /// `c^T B^-1`: `c` over slots in (consumed), the result over rows out
    /// (`out` is cleared first).
    pub(super) fn btran(&mut self, c: &mut Work, out: &mut Work) {
        // The updates last to first. `dot[k]` holds update k's dot with
        // `c` as it stands when k's turn comes: every change of an entry
        // is pushed to the dots of the earlier updates that read it. Only
        // the updates with something to do are visited (`pending`): a dot
        // that was pushed to, or a replaced slot that holds a value.
        let dots_of_slot = &self.dots_of_slot;
        let reads_of_slot = &self.reads_of_slot;
        let etas = &self.etas;
        let dot = &mut self.dot;
        dot.clear();
        dot.resize(etas.len(), 0.0);
        let pending = &mut self.pending;
        pending.clear();
        pending.resize(etas.len().div_ceil(64), 0);
        let push = |dot: &mut [f64], pending: &mut [u64], i: usize, change: f64, before: usize| {
            for &(k, w) in dots_of_slot[i].iter().take_while(|&&(k, _)| k < before) {
                dot[k] += w * change;
                pending[k / 64] |= 1 << (k % 64);
            }
        };
        // A slot listed in `c` marks the earlier updates that replaced it.
        let mark = |pending: &mut [u64], slot: usize, before: usize| {
            for &k in reads_of_slot[slot].iter().take_while(|&&k| k < before) {
                if matches!(etas[k], Eta::Replace { .. }) {
                    pending[k / 64] |= 1 << (k % 64);
                }
            }
        };
        for &i in &c.index {
            push(dot, pending, i, c.value[i], etas.len());
            mark(pending, i, etas.len());
        }
        let mut listed = c.index.len();
        let (mut lo, mut hi) = (0, pending.len());
        while let Some(k) = take_bit(pending, (&mut lo, &mut hi), false) {
            match etas[k] {
                Eta::Replace { slot, pivot, .. } => {
                    let old = c.value[slot];
                    if old == 0.0 && dot[k] == 0.0 {
                        continue;
                    }
                    let new = (old - dot[k]) / pivot;
                    c.set(slot, new);
                    push(dot, pending, slot, new - old, k);
                }
                Eta::RankOne {
                    denominator, mid, to, ..
                } => {
                    if dot[k] == 0.0 {
                        continue;
                    }
                    let f = dot[k] / denominator;
                    for e in mid..to {
                        let change = -self.eta_value[e] * f;
                        c.add(self.eta_index[e], change);
                        push(dot, pending, self.eta_index[e], change, k);
                    }
                }
            }
            for &i in &c.index[listed..] {
                mark(pending, i, k);
            }
            listed = c.index.len();
        }
        // Into pivot order; U^T forward, then L^T backward, each over the
        // pivots reached only.
        let w = &mut self.rows;
        w.clear();
        for &s in &c.index {
            let v = c.value[s];
            if v != 0.0 {
                w.set(self.pivot_of_slot[s], v);
            }
        }
        c.clear();
        sweep(w, &self.u_rows, Some(&self.diagonal), true, &mut self.queued);
        sweep(w, &self.l_rows, None, false, &mut self.queued);
        out.clear();
        for &t in &w.index {
            let v = w.value[t];
            if v != 0.0 {
                out.set(self.row_of[t], v);
            }
        }
    }

    /// The column in `slot` is replaced by one whose FTRAN (under the
    /// current `B`) is `w`. Fails if `w`'s entry at `slot` is too small for
    /// a stable update (the caller refactors).
    pub(super) fn replace(&mut self, slot: usize, w: &Work) -> Result<(), Singular> {
        let pivot = w.value[slot];
        if pivot.abs() < SINGULAR {
            return Err(Singular);
        }
        let from = self.eta_index.len();
        for &i in &w.index {
            let v = w.value[i];
            if i != slot && v.abs() > DROP {
                self.eta_index.push(i);
                self.eta_value.push(v);
            }
        }
        let to = self.eta_index.len();
        for e in from..to {
            self.dots_of_slot[self.eta_index[e]].push((self.etas.len(), self.eta_value[e]));
        }
        self.reads_of_slot[slot].push(self.etas.len());
        self.etas.push(Eta::Replace { slot, pivot, from, to });
        Ok(())
    }

    /// `B' = B (I + u v^T)`, with `u` and `v` over slots.
    pub(super) fn rank_one(&mut self, u: &[(usize, f64)], v: &[(usize, f64)]) -> Result<(), Singular> {
        let mut dot = 0.0;
        // Both are short: a merge by index.
        let (mut i, mut j) = (0, 0);
        let (mut us, mut vs) = (u.to_vec(), v.to_vec());
        us.sort_unstable_by_key(|e| e.0);
        vs.sort_unstable_by_key(|e| e.0);
        while i < us.len() && j < vs.len() {
            match us[i].0.cmp(&vs[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += us[i].1 * vs[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        let denominator = 1.0 + dot;
        if denominator.abs() < SINGULAR {
            return Err(Singular);
        }
        let from = self.eta_index.len();
        for &(i, x) in us.iter().filter(|e| e.1.abs() > DROP) {
            self.eta_index.push(i);
            self.eta_value.push(x);
        }
        let mid = self.eta_index.len();
        for e in from..mid {
            self.dots_of_slot[self.eta_index[e]].push((self.etas.len(), self.eta_value[e]));
        }
        for &(i, x) in vs.iter().filter(|e| e.1.abs() > DROP) {
            self.eta_index.push(i);
            self.eta_value.push(x);
        }
        let to = self.eta_index.len();
        for e in mid..to {
            self.reads_of_slot[self.eta_index[e]].push(self.etas.len());
        }
        self.etas.push(Eta::RankOne {
            denominator,
            from,
            mid,
            to,
        });
        Ok(())
    }
}

/// A sparse matrix by rows (or columns), over pivots.
#[derive(Debug, Clone, Default)]
struct Csr {
    start: Vec<usize>,
    to: Vec<usize>,
    value: Vec<f64>,
}

impl Csr {
    /// From (line, entry, value) triples, `m` lines; entries keep their order within a line.
    fn of(m: usize, triples: impl Iterator<Item = (usize, usize, f64)> + Clone) -> Csr {
        let mut start = vec![0usize; m + 1];
        for (line, _, _) in triples.clone() {
            start[line + 1] += 1;
        }
        for t in 0..m {
            start[t + 1] += start[t];
        }
        let mut next = start.clone();
        let n = start[m];
        let (mut to, mut value) = (vec![0usize; n], vec![0.0; n]);
        for (line, entry, v) in triples {
            to[next[line]] = entry;
            value[next[line]] = v;
            next[line] += 1;
        }
        Csr { start, to, value }
    }
}

/// Clears and returns the lowest (`ascending`) or highest set bit in the
/// words `lo..hi` of `bits`, moving the range past the empty words it
/// meets: the next update or pivot in order, for the solves' scans. Bits set
/// later must lie ahead of the one taken (and inside the range, which the
/// caller widens).
fn take_bit(bits: &mut [u64], (lo, hi): (&mut usize, &mut usize), ascending: bool) -> Option<usize> {
    while *lo < *hi {
        let word = if ascending { *lo } else { *hi - 1 };
        let b = bits[word];
        if b == 0 {
            if ascending {
                *lo += 1;
            } else {
                *hi -= 1;
            }
            continue;
        }
        let bit = if ascending {
            b.trailing_zeros()
        } else {
            63 - b.leading_zeros()
        } as usize;
        bits[word] &= !(1 << bit);
        return Some(word * 64 + bit);
    }
    None
}

/// One triangular solve over pivots in place: every pivot holding a value,
/// in ascending (or descending) order, is divided by its diagonal entry if
/// there is one, then taken off the pivots its line of `m` reaches, which
/// come later in that order. A bitset over the pivots keeps the ones
/// reached, scanned between the lowest and highest word that holds one, so
/// the work follows the entries met (a heap did the same at a logarithm
/// per pivot; the scan of a few hundred words costs less).
fn sweep(w: &mut Work, m: &Csr, diagonal: Option<&[f64]>, ascending: bool, queued: &mut [u64]) {
    // Only pivots whose line has entries need their turn in order (most
    // lines are empty: the slacks' unit columns); the others are divided
    // by their diagonal entry at the end, when nothing adds to them any more.
    let reaches = |t: usize| m.start[t] < m.start[t + 1];
    // The words that may hold a bit: `lo..hi`.
    let (mut lo, mut hi) = (usize::MAX, 0);
    for &t in &w.index {
        if reaches(t) {
            queued[t / 64] |= 1 << (t % 64);
            lo = lo.min(t / 64);
            hi = hi.max(t / 64 + 1);
        }
    }
    while let Some(t) = take_bit(queued, (&mut lo, &mut hi), ascending) {
        let mut v = w.value[t];
        if v == 0.0 {
            continue;
        }
        if let Some(diagonal) = diagonal {
            v /= diagonal[t];
            w.value[t] = v;
        }
        // Every pivot a line reaches comes later in the order, so the
        // range only grows ahead of the one taken.
        for e in m.start[t]..m.start[t + 1] {
            let p = m.to[e];
            w.add(p, -m.value[e] * v);
            if reaches(p) {
                queued[p / 64] |= 1 << (p % 64);
                lo = lo.min(p / 64);
                hi = hi.max(p / 64 + 1);
            }
        }
    }
    if let Some(diagonal) = diagonal {
        for &t in &w.index {
            if !reaches(t) {
                w.value[t] /= diagonal[t];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::generate::Rng;

    /// A random sparse matrix that is well conditioned enough to solve: a
    /// permuted diagonal of entries in 1..2 plus `extra` entries per column.
    fn random_matrix(rng: &mut Rng, m: usize, extra: usize, units: usize) -> Vec<Vec<(usize, f64)>> {
        let mut perm: Vec<usize> = (0..m).collect();
        for i in (1..m).rev() {
            perm.swap(i, rng.below(i + 1));
        }
        (0..m)
            .map(|s| {
                if s < units {
                    return vec![(perm[s], 1.0)];
                }
                let mut column = vec![(
                    perm[s],
                    rng.range(1.0, 2.0) * if rng.below(2) == 0 { 1.0 } else { -1.0 },
                )];
                for _ in 0..extra {
                    let r = rng.below(m);
                    if column.iter().all(|&(q, _)| q != r) {
                        column.push((r, rng.range(-0.5, 0.5)));
                    }
                }
                column
            })
            .collect()
    }

    /// `B^-1 a` by Gaussian elimination with partial pivoting on the dense matrix.
    fn dense_solve(columns: &[Vec<(usize, f64)>], a: &[f64]) -> Vec<f64> {
        let m = columns.len();
        let mut b = vec![vec![0.0; m + 1]; m];
        for (s, column) in columns.iter().enumerate() {
            for &(r, v) in column {
                b[r][s] = v;
            }
        }
        for (r, row) in b.iter_mut().enumerate() {
            row[m] = a[r];
        }
        for c in 0..m {
            let p = (c..m)
                .max_by(|&i, &j| b[i][c].abs().total_cmp(&b[j][c].abs()))
                .expect("rows left");
            b.swap(c, p);
            let pivot_row = b[c].clone();
            for (i, row) in b.iter_mut().enumerate() {
                let f = row[c] / pivot_row[c];
                if i != c && f != 0.0 {
                    row.iter_mut().zip(&pivot_row).skip(c).for_each(|(v, p)| *v -= f * p);
                }
            }
        }
        (0..m).map(|c| b[c][m] / b[c][c]).collect()
    }

    fn transpose(columns: &[Vec<(usize, f64)>]) -> Vec<Vec<(usize, f64)>> {
        let m = columns.len();
        let mut rows = vec![Vec::new(); m];
        for (s, column) in columns.iter().enumerate() {
            for &(r, v) in column {
                rows[r].push((s, v));
            }
        }
        rows
    }

    fn random_vector(rng: &mut Rng, m: usize, count: usize) -> Vec<(usize, f64)> {
        let mut v: Vec<(usize, f64)> = Vec::new();
        for _ in 0..count {
            let i = rng.below(m);
            if v.iter().all(|&(j, _)| j != i) {
                v.push((i, rng.range(-1.0, 1.0)));
            }
        }
        v
    }

    fn assert_close(ours: &Work, theirs: &[f64], what: &str) {
        let scale = theirs.iter().fold(1.0_f64, |a, v| a.max(v.abs()));
        for (i, t) in theirs.iter().enumerate() {
            let o = ours.value[i];
            assert!((o - t).abs() <= 1e-9 * scale, "{what}: entry {i}: {o} vs {t}");
        }
    }

    /// FTRAN and BTRAN agree with a dense solve of the same matrix (and of
    /// its transpose) on random sparse matrices, before any update and
    /// after column replacements and rank-one updates of both kinds the
    /// simplex makes.
    #[test]
    fn solves_match_a_dense_solve_through_updates() {
        let mut rng = Rng(7);
        for case in 0..12 {
            let m = 5 + rng.below(60);
            let units = rng.below(m);
            let mut columns = random_matrix(&mut rng, m, 1 + case % 4, units);
            let mut factor = Factor::new(m, |s| &columns[s]).expect("nonsingular");
            let mut out = Work::new(m);
            let mut c = Work::new(m);
            let mut y = Work::new(m);
            for update in 0..=20 {
                let what = format!("case {case}, after {update} updates");
                // FTRAN against the dense solve.
                let count = 1 + rng.below(4);
                let a = random_vector(&mut rng, m, count);
                let mut dense = vec![0.0; m];
                for &(i, v) in &a {
                    dense[i] = v;
                }
                factor.ftran(&a, &mut out);
                assert_close(&out, &dense_solve(&columns, &dense), &format!("ftran, {what}"));
                // BTRAN: y^T B = c^T is B^T y = c; with many entries, and
                // with one (a slot's row of the inverse, as the simplex
                // asks): then the slots the updates replaced come to hold
                // values only through later updates.
                for count in [1 + rng.below(m), 1] {
                    let cv = random_vector(&mut rng, m, count);
                    let mut dense_c = vec![0.0; m];
                    for &(i, v) in &cv {
                        c.set(i, v);
                        dense_c[i] = v;
                    }
                    factor.btran(&mut c, &mut y);
                    assert_close(
                        &y,
                        &dense_solve(&transpose(&columns), &dense_c),
                        &format!("btran of {count} entries, {what}"),
                    );
                }
                // Then an update.
                let slot = rng.below(m);
                match rng.below(3) {
                    0 => {
                        // A column replaced (the new column keeps a strong
                        // entry in the leaving slot's pivot row).
                        let mut column = random_vector(&mut rng, m, 3);
                        let keep = columns[slot][0];
                        column.retain(|&(r, _)| r != keep.0);
                        column.push((keep.0, keep.1 * 1.5));
                        factor.ftran(&column, &mut out);
                        if factor.replace(slot, &out).is_ok() {
                            columns[slot] = column;
                        }
                    }
                    1 => {
                        // B' = B + a beta^T (a tree arc taken by the entering
                        // column: cycles change by multiples of its column).
                        let a = random_vector(&mut rng, m, 3);
                        let beta = random_vector(&mut rng, m, 2);
                        factor.ftran(&a, &mut out);
                        let u = out.entries();
                        if factor.rank_one(&u, &beta).is_ok() {
                            for &(s, b) in &beta {
                                let mut column = columns[s].clone();
                                for &(r, v) in &a {
                                    match column.iter_mut().find(|e| e.0 == r) {
                                        Some(e) => e.1 += b * v,
                                        None => column.push((r, b * v)),
                                    }
                                }
                                columns[s] = column;
                            }
                        }
                    }
                    _ => {
                        // B' = B (I + e_k g^T): a column of K joins the tree
                        // and the others crossing it change by its column.
                        let sign = if rng.below(2) == 0 { 1.0 } else { -1.0 };
                        let mut g = random_vector(&mut rng, m, 2);
                        g.retain(|&(s, _)| s != slot);
                        g.iter_mut().for_each(|e| e.1 = e.1.signum());
                        let mut v = g.clone();
                        v.push((slot, sign - 1.0));
                        if factor.rank_one(&[(slot, 1.0)], &v).is_ok() {
                            let base = columns[slot].clone();
                            for &(s, gs) in &g {
                                let mut column = columns[s].clone();
                                for &(r, b) in &base {
                                    match column.iter_mut().find(|e| e.0 == r) {
                                        Some(e) => e.1 += gs * b,
                                        None => column.push((r, gs * b)),
                                    }
                                }
                                columns[s] = column;
                            }
                            columns[slot] = base.iter().map(|&(r, b)| (r, sign * b)).collect();
                        }
                    }
                }
            }
        }
    }

    /// The eta file outweighs the factors once its nonzeros pass the
    /// share asked for, and not before: what the refactor trigger reads.
    #[test]
    fn the_eta_file_outweighs_the_factors_as_it_grows() {
        let mut rng = Rng(11);
        let m = 40;
        let columns = random_matrix(&mut rng, m, 2, 10);
        let mut factor = Factor::new(m, |s| &columns[s]).expect("nonsingular");
        let factors = factor.l_index.len() + factor.u_index.len() + m;
        assert!(!factor.etas_outweigh(0.5), "an empty eta file");
        let mut out = Work::new(m);
        let mut updates = 0;
        while !factor.etas_outweigh(0.5) {
            let slot = rng.below(m);
            let mut column = random_vector(&mut rng, m, 3);
            let keep = columns[slot][0];
            column.retain(|&(r, _)| r != keep.0);
            column.push((keep.0, keep.1 * 1.5));
            factor.ftran(&column, &mut out);
            updates += usize::from(factor.replace(slot, &out).is_ok());
            assert!(updates <= m * m, "the eta file never outweighed the factors");
        }
        assert!(
            factor.eta_index.len() * 2 > factors,
            "{} of {factors}",
            factor.eta_index.len()
        );
        assert!(updates > 0);
    }

    /// A matrix with two equal columns is reported singular.
    #[test]
    fn a_singular_matrix_is_refused() {
        let columns = [vec![(0, 1.0), (1, 2.0)], vec![(0, 1.0), (1, 2.0)], vec![(2, 1.0)]];
        assert_eq!(Factor::new(3, |s| &columns[s]).err(), Some(Singular));
    }
}
