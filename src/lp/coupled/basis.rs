//! The working basis: the coupling rows that bind (R), as many basic
//! columns off the tree (K), and the inverse of their square matrix Q with
//! the updates every kind of pivot makes to it.

use super::sparse::{axpy, lookup, Sparse};
use super::{max_working_basis, CoupledError, Solver, KEY, TREE};
use crate::lp::tree::NONE;

impl<'a> Solver<'a> {
    /// `Q^-1 a` for `a` over coupling rows (only rows in R count).
    pub(super) fn qinv_times(&self, a: &[(usize, f64)]) -> Vec<f64> {
        let mut w = vec![0.0; self.kcols.len()];
        for &(r, v) in a {
            let i = self.rpos[r];
            if i == NONE {
                continue;
            }
            for (k, row) in self.qinv.iter().enumerate() {
                w[k] += row[i] * v;
            }
        }
        w
    }

    /// `v^T Q^-1` for `v` over positions of K.
    pub(super) fn times_qinv(&self, v: &[(usize, f64)]) -> Vec<f64> {
        let mut z = vec![0.0; self.rrows.len()];
        for &(k, value) in v {
            for (zi, q) in z.iter_mut().zip(&self.qinv[k]) {
                *zi += value * q;
            }
        }
        z
    }

    /// Duals of the coupling rows in R from scratch, `pi_R = cc_K^T Q^-1`
    /// (row by row: Q^-1 is stored by rows).
    pub(super) fn full_duals(&mut self) {
        let mut pi_r = vec![0.0; self.rrows.len()];
        for (row, &cc) in self.qinv.iter().zip(&self.kcc) {
            if cc != 0.0 {
                for (p, q) in pi_r.iter_mut().zip(row) {
                    *p += cc * q;
                }
            }
        }
        self.pi_r = pi_r;
        self.publish_duals();
    }

    /// Slack of row `entering` (in R) becomes basic, slack of `leaving`
    /// (basic) becomes nonbasic: the row of R changes.
    pub(super) fn replace_r_row(&mut self, entering: usize, leaving: usize) {
        let i = self.rpos[entering];
        let v: Vec<(usize, f64)> = (0..self.kcols.len())
            .filter_map(|k| {
                let d = lookup(&self.kd[k], leaving);
                (d != 0.0).then_some((k, d))
            })
            .collect();
        let z = self.times_qinv(&v);
        let u: Vec<f64> = self.qinv.iter().map(|row| row[i]).collect();
        let zi = z[i];
        let ccu = self.kcc.iter().zip(&u).map(|(c, u)| c * u).sum::<f64>() / zi;
        for (c, p) in self.pi_r.iter_mut().enumerate() {
            *p -= ccu * (z[c] - if c == i { 1.0 } else { 0.0 });
        }
        for (k, row) in self.qinv.iter_mut().enumerate() {
            let f = u[k] / zi;
            if f == 0.0 {
                continue;
            }
            for (c, value) in row.iter_mut().enumerate() {
                let delta = z[c] - if c == i { 1.0 } else { 0.0 };
                *value -= f * delta;
            }
        }
        self.rrows[i] = leaving;
        self.rpos[leaving] = i;
        self.rpos[entering] = NONE;
    }

    /// Column `q` joins K and row `r` joins R (its slack left the basis).
    pub(super) fn border(&mut self, q: usize, r: usize, dq: Sparse, ccq: f64, w: &[f64]) -> Result<(), CoupledError> {
        let size = self.kcols.len();
        let limit = max_working_basis(self.p.nodes);
        if size + 1 > limit {
            return Err(CoupledError::TooManyBindingRows { rows: size + 1, limit });
        }
        let v: Vec<(usize, f64)> = (0..size)
            .filter_map(|k| {
                let d = lookup(&self.kd[k], r);
                (d != 0.0).then_some((k, d))
            })
            .collect();
        let z = self.times_qinv(&v);
        let alpha = lookup(&dq, r);
        let s = alpha - v.iter().map(|&(k, d)| d * w[k]).sum::<f64>();
        let ccw = self.kcc.iter().zip(w).map(|(c, w)| c * w).sum::<f64>();
        for (p, zi) in self.pi_r.iter_mut().zip(&z) {
            *p += zi * (ccw - ccq) / s;
        }
        self.pi_r.push((ccq - ccw) / s);
        for (k, row) in self.qinv.iter_mut().enumerate() {
            let f = w[k] / s;
            if f != 0.0 {
                for (value, zi) in row.iter_mut().zip(&z) {
                    *value += f * zi;
                }
            }
            row.push(-f);
        }
        let mut last: Vec<f64> = z.iter().map(|zi| -zi / s).collect();
        last.push(1.0 / s);
        self.qinv.push(last);
        self.kpos[q] = size;
        self.state[q] = KEY;
        self.kcols.push(q);
        self.kd.push(dq);
        self.kcc.push(ccq);
        self.rpos[r] = self.rrows.len();
        self.rrows.push(r);
        Ok(())
    }

    /// The column at K position `k` has left; `q` (column or slack) enters.
    /// `w` is `Q^-1 dq`.
    pub(super) fn leave_key(&mut self, k: usize, q: usize, dq: Sparse, ccq: f64, w: &[f64]) {
        let old = self.kcols[k];
        self.kpos[old] = NONE;
        if q < self.columns {
            // Column replacement.
            self.replace_column(k, w, ccq);
            self.kcols[k] = q;
            self.kpos[q] = k;
            self.state[q] = KEY;
            self.kd[k] = dq;
            self.kcc[k] = ccq;
            return;
        }
        // The slack of row r enters: K loses k, R loses r.
        let r = q - self.columns;
        let i = self.rpos[r];
        let a: Vec<f64> = self.qinv.iter().map(|row| row[i]).collect();
        self.replace_column(k, &a, 0.0);
        self.pi_r.swap_remove(i);
        self.qinv.swap_remove(k);
        for row in &mut self.qinv {
            row.swap_remove(i);
        }
        self.kcols.swap_remove(k);
        self.kd.swap_remove(k);
        self.kcc.swap_remove(k);
        if k < self.kcols.len() {
            self.kpos[self.kcols[k]] = k;
        }
        self.rrows.swap_remove(i);
        if i < self.rrows.len() {
            self.rpos[self.rrows[i]] = i;
        }
        self.rpos[r] = NONE;
    }

    /// Product-form update: column `k` of Q replaced by a column `a` with `Q^-1 a = w`.
    pub(super) fn replace_column(&mut self, k: usize, w: &[f64], cc_new: f64) {
        let pivot = w[k];
        let f = (cc_new - self.kcc.iter().zip(w).map(|(c, w)| c * w).sum::<f64>()) / pivot;
        for (p, q) in self.pi_r.iter_mut().zip(&self.qinv[k]) {
            *p += f * q;
        }
        let row_k: Vec<f64> = self.qinv[k].iter().map(|v| v / pivot).collect();
        for (l, row) in self.qinv.iter_mut().enumerate() {
            if l == k || w[l] == 0.0 {
                continue;
            }
            let f = w[l];
            for (value, rk) in row.iter_mut().zip(&row_k) {
                *value -= f * rk;
            }
        }
        self.qinv[k] = row_k;
    }

    /// Arc `q` enters the tree in place of the arc above `u` (marked);
    /// cycles of K that crossed it now go round `q`'s cycle instead.
    pub(super) fn tree_takes(&mut self, q: usize, u: usize, oq: f64, dq: &Sparse, ccq: f64, w: &[f64]) {
        let size = self.kcols.len();
        let mut beta = Vec::new();
        for k in 0..size {
            let o = self.orientation(self.kcols[k], u);
            if o != 0.0 {
                beta.push((k, -o * oq));
            }
        }
        if !beta.is_empty() {
            // Q' = Q + (dq)_R beta^T.
            let zb = self.times_qinv(&beta);
            let denominator = 1.0 + beta.iter().map(|&(k, b)| b * w[k]).sum::<f64>();
            // pi' = pi + ccq zb - (cc'.w) zb / denominator, cc' = cc + beta ccq.
            let ccw = self.kcc.iter().zip(w).map(|(c, w)| c * w).sum::<f64>()
                + beta.iter().map(|&(k, b)| b * ccq * w[k]).sum::<f64>();
            let f = ccq - ccw / denominator;
            for (p, z) in self.pi_r.iter_mut().zip(&zb) {
                *p += f * z;
            }
            for (k, row) in self.qinv.iter_mut().enumerate() {
                let f = w[k] / denominator;
                if f == 0.0 {
                    continue;
                }
                for (value, z) in row.iter_mut().zip(&zb) {
                    *value -= f * z;
                }
            }
            for &(k, b) in &beta {
                axpy(&mut self.kd[k], b, dq);
                self.kcc[k] += b * ccq;
            }
        }
        self.state[q] = TREE;
        self.exchange(q, u);
    }

    /// Column at K position `k` (orientation `ok` across the arc above the
    /// marked `u`) joins the tree; the arc above `u` takes position `k`.
    pub(super) fn swap_into_tree(&mut self, k: usize, ok: f64, u: usize) {
        let size = self.kcols.len();
        let entering = self.kcols[k];
        let leaving_arc = self.links.pred[u];
        let mut crossing = Vec::new();
        for l in 0..size {
            if l == k {
                continue;
            }
            let o = self.orientation(self.kcols[l], u);
            if o != 0.0 {
                crossing.push((l, o));
            }
        }
        let dk = self.kd[k].clone();
        let cck = self.kcc[k];
        for &(l, o) in &crossing {
            axpy(&mut self.kd[l], -o * ok, &dk);
            self.kcc[l] -= o * ok * cck;
        }
        let mut new_row: Vec<f64> = self.qinv[k].iter().map(|v| ok * v).collect();
        for &(l, o) in &crossing {
            for (value, q) in new_row.iter_mut().zip(&self.qinv[l]) {
                *value += o * q;
            }
        }
        self.qinv[k] = new_row;
        self.kd[k] = dk.into_iter().map(|(r, v)| (r, ok * v)).collect();
        self.kcc[k] = ok * cck;
        self.kcols[k] = leaving_arc;
        self.kpos[entering] = NONE;
        self.kpos[leaving_arc] = k;
        self.state[entering] = TREE;
        self.exchange(entering, u);
    }

    /// Recomputes the working basis and the basic values from the
    /// nonbasic ones, removing the drift of the updates.
    pub(super) fn refactor(&mut self) -> Result<(), CoupledError> {
        let size = self.kcols.len();
        let mut cycle = Vec::new();
        for k in 0..size {
            let column = self.kcols[k];
            self.cycle(column, &mut cycle);
            let (d, cc) = self.cycle_side(column, &cycle);
            self.kd[k] = d;
            self.kcc[k] = cc;
        }
        // Gauss-Jordan with partial pivoting on [Q | I].
        let mut a: Vec<Vec<f64>> = vec![vec![0.0; size]; size];
        for (k, d) in self.kd.iter().enumerate() {
            for &(r, v) in d {
                let i = self.rpos[r];
                if i != NONE {
                    a[i][k] = v;
                }
            }
        }
        let mut inv: Vec<Vec<f64>> = (0..size)
            .map(|i| (0..size).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
            .collect();
        for col in 0..size {
            let pivot_row = (col..size)
                .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()).then(j.cmp(&i)))
                .expect("a square matrix");
            if a[pivot_row][col].abs() < 1e-12 {
                return Err(CoupledError::Numerical("the working basis is singular"));
            }
            a.swap(col, pivot_row);
            inv.swap(col, pivot_row);
            let p = a[col][col];
            a[col].iter_mut().for_each(|v| *v /= p);
            inv[col].iter_mut().for_each(|v| *v /= p);
            let (pa, pi) = (a[col].clone(), inv[col].clone());
            for i in 0..size {
                if i == col || a[i][col] == 0.0 {
                    continue;
                }
                let f = a[i][col];
                a[i].iter_mut().zip(&pa).for_each(|(v, p)| *v -= f * p);
                inv[i].iter_mut().zip(&pi).for_each(|(v, p)| *v -= f * p);
            }
        }
        // inv = Q^-1 with rows by K position (Q's columns) and columns by R position.
        self.qinv = inv;
        self.recompute_values();
        Ok(())
    }

    /// Basic values from the nonbasic ones: tree flows with K at zero,
    /// then K from the rows in R, then the tree flows and slacks again.
    pub(super) fn recompute_values(&mut self) {
        let size = self.kcols.len();
        for k in 0..size {
            self.x[self.kcols[k]] = 0.0;
        }
        self.tree_flows();
        let mut activity = vec![0.0; self.rpos.len()];
        for j in 0..self.columns {
            if self.x[j] != 0.0 {
                for &(r, a) in self.side_of(j) {
                    activity[r] += a * self.x[j];
                }
            }
        }
        let residual: Vec<(usize, f64)> = self.rrows.iter().map(|&r| (r, self.p_rhs(r) - activity[r])).collect();
        let xk = self.qinv_times(&residual);
        for (&column, value) in self.kcols.iter().zip(xk) {
            self.x[column] = value;
        }
        self.tree_flows();
        let mut activity = vec![0.0; self.rpos.len()];
        for j in 0..self.columns {
            if self.x[j] != 0.0 {
                for &(r, a) in self.side_of(j) {
                    activity[r] += a * self.x[j];
                }
            }
        }
        for (r, slack) in self.slack.iter_mut().enumerate() {
            *slack = if self.rpos[r] == NONE {
                self.p.rhs[r] - activity[r]
            } else {
                0.0
            };
        }
    }

    pub(super) fn p_rhs(&self, r: usize) -> f64 {
        self.p.rhs[r]
    }

    /// Tree arc flows that balance every node given the other columns.
    pub(super) fn tree_flows(&mut self) {
        let n = self.p.nodes;
        let mut excess: Vec<f64> = self.p.supply.clone();
        excess.push(0.0);
        for j in 0..self.columns {
            if self.state[j] == TREE || self.source[j] == NONE || self.x[j] == 0.0 {
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
