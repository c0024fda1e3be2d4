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

use std::time::Instant;

use super::build::{LpModel, RowKey};

use super::tree::{TreeLinks, NONE};
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
    state: Vec<i8>,
    x: Vec<f64>,
    /// The tree arc above every node but the root.
    pred: Vec<usize>,
    kcols: Vec<usize>,
    rrows: Vec<usize>,
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
/// convention of [`row_duals`](super::lp::row_duals)), from the coupled
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

/// The LP in our own terms: columns are arcs of the network (source and
/// target nodes) or free columns (no network part, `source == NONE`); every
/// column has coupling coefficients (rows scaled to a largest coefficient
/// of 1). The columns are the model's, then an arc to the sink per network
/// row (waste, or sales up to the ordered kg), then the artificials.
struct Problem {
    nodes: usize,
    source: Vec<usize>,
    target: Vec<usize>,
    capacity: Vec<f64>,
    cost: Vec<f64>,
    side_start: Vec<usize>,
    side: Vec<(usize, f64)>,
    supply: Vec<f64>,
    rhs: Vec<f64>,
    /// Columns from here on are artificial.
    artificial_from: usize,
    /// What each model row became, in model order (for its dual).
    rows: Vec<RowRef>,
}

/// A model row in the problem's terms.
#[derive(Clone, Copy)]
enum RowRef {
    /// A balance row: the supply of `node`.
    Balance { node: usize },
    /// A demand row: the capacity of `arc`, from `node` to the sink.
    Demand { node: usize, arc: usize },
    /// A coupling row, scaled by `scale`.
    Side { side: usize, scale: f64 },
}

impl Problem {
    fn of(model: &LpModel) -> Result<Problem, CoupledError> {
        let columns = model.columns.len();
        let mut node_of_row = vec![NONE; model.rows.len()];
        let mut side_of_row = vec![NONE; model.rows.len()];
        let (mut nodes, mut sides) = (0, 0);
        for (r, row) in model.rows.iter().enumerate() {
            if matches!(row.key, RowKey::Balance { .. } | RowKey::Demand { .. }) {
                node_of_row[r] = nodes;
                nodes += 1;
            } else {
                side_of_row[r] = sides;
                sides += 1;
            }
        }
        let sink = nodes;
        let nodes = nodes + 1;
        let mut supply = vec![0.0; nodes];
        let mut source = vec![NONE; columns];
        let mut target = vec![NONE; columns];
        let mut side_terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); columns];
        let mut rhs = vec![0.0; sides];
        let mut row_is_demand = Vec::new();
        let mut rows = Vec::with_capacity(model.rows.len());
        for (r, row) in model.rows.iter().enumerate() {
            if node_of_row[r] != NONE {
                let node = node_of_row[r];
                let is_demand = matches!(row.key, RowKey::Demand { .. });
                // Sink arcs follow the model's columns, one per network row.
                rows.push(if is_demand {
                    RowRef::Demand {
                        node,
                        arc: columns + row_is_demand.len(),
                    }
                } else {
                    RowRef::Balance { node }
                });
                row_is_demand.push((node, is_demand, row.rhs));
                if !is_demand {
                    supply[node] = row.rhs;
                }
                for &(j, c) in &row.terms {
                    if c.abs() != 1.0 {
                        return Err(CoupledError::NotCoupled("a network row has a coefficient other than 1"));
                    }
                    let slot = if c > 0.0 && !is_demand {
                        &mut source[j]
                    } else {
                        &mut target[j]
                    };
                    if std::mem::replace(slot, node) != NONE {
                        return Err(CoupledError::NotCoupled("a column is in two network rows the same way"));
                    }
                }
            } else {
                let s = side_of_row[r];
                let scale = row.terms.iter().fold(0.0_f64, |a, &(_, c)| a.max(c.abs()));
                let scale = if scale > 0.0 { 1.0 / scale } else { 1.0 };
                rows.push(RowRef::Side { side: s, scale });
                rhs[s] = row.rhs * scale;
                for &(j, c) in &row.terms {
                    if c != 0.0 {
                        side_terms[j].push((s, c * scale));
                    }
                }
            }
        }
        for j in 0..columns {
            match (source[j], target[j]) {
                (NONE, NONE) => {}
                (NONE, _) => return Err(CoupledError::NotCoupled("a column enters a state but leaves none")),
                (_, NONE) => target[j] = sink,
                _ => {}
            }
        }
        let mut capacity = vec![f64::INFINITY; columns];
        let mut cost = model.cost.clone();
        // Arcs to the sink: waste (free) and sales up to the ordered kg.
        for &(node, is_demand, row_rhs) in &row_is_demand {
            source.push(node);
            target.push(sink);
            capacity.push(if is_demand { row_rhs } else { f64::INFINITY });
            cost.push(0.0);
            side_terms.push(Vec::new());
        }
        let total: f64 = supply.iter().sum();
        supply[sink] = -total;
        let artificial_from = source.len();
        let mut side_start = Vec::with_capacity(source.len() + 1);
        let mut side = Vec::new();
        for terms in side_terms {
            side_start.push(side.len());
            side.extend(terms);
        }
        side_start.push(side.len());
        Ok(Problem {
            nodes,
            source,
            target,
            capacity,
            cost,
            side_start,
            side,
            supply,
            rhs,
            artificial_from,
            rows,
        })
    }
}

/// A sparse vector over coupling rows, sorted by row.
type Sparse = Vec<(usize, f64)>;

/// `a += beta * b`.
fn axpy(a: &mut Sparse, beta: f64, b: &[(usize, f64)]) {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let (row, value) = if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
            i += 1;
            a[i - 1]
        } else if i == a.len() || b[j].0 < a[i].0 {
            j += 1;
            (b[j - 1].0, beta * b[j - 1].1)
        } else {
            i += 1;
            j += 1;
            (a[i - 1].0, a[i - 1].1 + beta * b[j - 1].1)
        };
        if value.abs() > 1e-13 {
            out.push((row, value));
        }
    }
    *a = out;
}

fn lookup(a: &Sparse, row: usize) -> f64 {
    a.binary_search_by_key(&row, |&(r, _)| r).map_or(0.0, |i| a[i].1)
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

    /// The tree arcs that carry one unit of column `j` around its cycle:
    /// (node whose `pred` arc it is, change of that arc's value).
    fn cycle(&self, j: usize, out: &mut Vec<(usize, f64)>) {
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
    fn cycle_side(&mut self, j: usize, cycle: &[(usize, f64)]) -> (Sparse, f64) {
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
    fn drain_dense(&mut self) -> Sparse {
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

    /// `Q^-1 a` for `a` over coupling rows (only rows in R count).
    fn qinv_times(&self, a: &[(usize, f64)]) -> Vec<f64> {
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
    fn times_qinv(&self, v: &[(usize, f64)]) -> Vec<f64> {
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
    fn full_duals(&mut self) {
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

    /// Copies the duals of R to rows and forgets every potential.
    fn publish_duals(&mut self) {
        self.pi.iter_mut().for_each(|v| *v = 0.0);
        for (&r, &p) in self.rrows.iter().zip(&self.pi_r) {
            self.pi[r] = p;
        }
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
    fn potential_of(&mut self, v: usize) -> f64 {
        if self.phase_a || self.potential_epoch[v] == self.epoch {
            return self.potential[v];
        }
        let mut path = Vec::new();
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
        self.potential[v]
    }

    /// Phase A potentials from scratch (the duals are zero).
    fn all_potentials(&mut self) {
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
    fn priced_cost(&self, j: usize) -> f64 {
        let mut c = self.cost[j];
        for &(r, a) in self.side_of(j) {
            c -= self.pi[r] * a;
        }
        c
    }

    /// Reduced cost of column `j` (or slack `j - columns`).
    fn reduced_cost(&mut self, j: usize) -> f64 {
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
    fn violation(&mut self, j: usize) -> f64 {
        if j >= self.columns {
            let r = j - self.columns;
            return if self.rpos[r] == NONE { 0.0 } else { -self.pi[r] };
        }
        match self.state[j] {
            LOWER => self.reduced_cost(j),
            UPPER => -self.reduced_cost(j),
            _ => 0.0,
        }
    }

    fn mark_subtree(&mut self, v: usize) {
        self.stamp_now += 1;
        let now = self.stamp_now;
        let mut stack = vec![v];
        while let Some(u) = stack.pop() {
            self.stamp[u] = now;
            let mut c = self.links.first_child[u];
            while c != NONE {
                stack.push(c);
                c = self.links.next_sibling[c];
            }
        }
    }

    /// How column `j`'s unit cycle crosses the tree arc above the marked
    /// subtree rooted at `v` (+1 along it, -1 against, 0 not at all).
    fn orientation(&self, j: usize, v: usize) -> f64 {
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
    fn exchange(&mut self, entering: usize, leaving_node: usize) {
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

    /// The next column to enter. Under Bland's rule, the first improving
    /// column by index. Otherwise from a candidate list: a major scan goes
    /// over blocks of columns until it has found `CANDIDATES` improving
    /// ones and keeps the best; the next few pivots price only the list
    /// (in phase B the duals change every pivot, and pricing a column can
    /// cost a walk up the tree).
    fn choose_entering(&mut self, next: &mut usize, bland: bool) -> Option<usize> {
        let total = self.columns + self.rpos.len();
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

    /// Slack of row `entering` (in R) becomes basic, slack of `leaving`
    /// (basic) becomes nonbasic: the row of R changes.
    fn replace_r_row(&mut self, entering: usize, leaving: usize) {
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
    fn border(&mut self, q: usize, r: usize, dq: Sparse, ccq: f64, w: &[f64]) -> Result<(), CoupledError> {
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
    fn leave_key(&mut self, k: usize, q: usize, dq: Sparse, ccq: f64, w: &[f64]) {
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
    fn replace_column(&mut self, k: usize, w: &[f64], cc_new: f64) {
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
    fn tree_takes(&mut self, q: usize, u: usize, oq: f64, dq: &Sparse, ccq: f64, w: &[f64]) {
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
    fn swap_into_tree(&mut self, k: usize, ok: f64, u: usize) {
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
    fn refactor(&mut self) -> Result<(), CoupledError> {
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
    fn recompute_values(&mut self) {
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

    fn p_rhs(&self, r: usize) -> f64 {
        self.p.rhs[r]
    }

    /// Tree arc flows that balance every node given the other columns.
    fn tree_flows(&mut self) {
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

    /// The basis as it stands, for a later warm start.
    /// Column values, row duals and basis of an optimal solve of `model`.
    fn solution(&mut self, model: &LpModel) -> (Vec<f64>, Vec<f64>, CoupledBasis) {
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
                RowRef::Demand { node, arc } if self.state[arc] == UPPER => self.potential_of(node) - pi_sink,
                RowRef::Demand { .. } => 0.0,
                RowRef::Side { side, scale } => self.pi[side] * scale,
            })
            .collect();
        (values, duals, self.basis())
    }

    fn basis(&self) -> CoupledBasis {
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
            kcols: self.kcols.clone(),
            rrows: self.rrows.clone(),
        }
    }

    /// A phase-B solver for `p` at `basis` (from a model of the same shape),
    /// or `None` when it does not fit. The old values stay where the new
    /// bounds allow; every node and coupling row they no longer balance gets
    /// an artificial column, nonbasic at an upper bound equal to the gap, so
    /// the start is primal feasible and the simplex drives the gaps to zero
    /// at the artificial cost (the bounded-artificial warm start).
    fn warm(p: &'a Problem, basis: &CoupledBasis) -> Option<Solver<'a>> {
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
                UPPER => s.capacity[j],
                TREE | KEY => basis.x[j].clamp(0.0, s.capacity[j]),
                _ => 0.0,
            };
        }
        for (k, &column) in basis.kcols.iter().enumerate() {
            s.kpos[column] = k;
        }
        s.kcols = basis.kcols.clone();
        s.kd = vec![Vec::new(); s.kcols.len()];
        s.kcc = vec![0.0; s.kcols.len()];
        for (i, &r) in basis.rrows.iter().enumerate() {
            s.rpos[r] = i;
        }
        s.rrows = basis.rrows.clone();
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
                s.state[column] = UPPER;
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
            let fix = if s.rpos[r] == NONE {
                gap < -tolerance
            } else {
                gap.abs() > tolerance
            };
            if fix {
                let column = s.push_column(NONE, NONE, gap.abs(), s.artificial_cost, &[(r, gap.signum())]);
                s.state[column] = UPPER;
                s.x[column] = gap.abs();
            }
        }
        s.columns = s.source.len();
        s.refactor().ok()?;
        // The basic values must come back as set, within their bounds.
        let bound_tolerance = 1e-7 * scale;
        for j in 0..s.columns {
            if matches!(s.state[j], TREE | KEY)
                && (s.x[j] < -bound_tolerance || s.x[j] > s.capacity[j] + bound_tolerance)
            {
                return None;
            }
        }
        if s.slack.iter().any(|&v| v < -bound_tolerance) {
            return None;
        }
        s.full_duals();
        Some(s)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{LaneIx, LocationIx, ProductIx};
    use crate::model::build::{ColumnKey, LpRow};

    /// Bland's rule after every degenerate pivot (instead of a run of
    /// them) still reaches microlp's optimum on generated coupled models,
    /// tied costs and zero capacities included: the fallback terminates.
    #[test]
    fn blands_rule_reaches_the_optimum() {
        for (hubs, capacitated_lanes, seed) in [(0, 0.5, 11), (1, 1.0, 12), (2, 0.3, 13)] {
            let model = generated_model(8, 3, hubs, capacitated_lanes, seed);
            let problem = Problem::of(&model).expect("a network plus coupling rows");
            let mut solver = Solver::new(&problem);
            solver.degenerate_run = 0;
            solver.run(None).expect("optimal");
            assert_microlp_optimum(&model, &solver.x, &format!("seed {seed}"));
        }
    }

    /// The model of a scenario from `agrimatch generate` (2 products, 2
    /// lanes per farm).
    fn generated_model(farms: usize, stores: usize, hubs: usize, capacitated_lanes: f64, seed: u64) -> LpModel {
        use crate::data::{read_instance_from, MemoryFiles};
        use crate::model::build_model;
        use crate::scenario::{generate_scenario, GenerateOptions};
        let options = GenerateOptions {
            farms,
            stores,
            products: 2,
            weeks: 6,
            lanes_per_farm: 2,
            hubs,
            capacitated_lanes,
            seed,
        };
        let files = generate_scenario(&options)
            .into_iter()
            .map(|(name, text)| (name.to_string(), text.into_bytes()))
            .collect();
        build_model(&read_instance_from(&MemoryFiles(files)).expect("generated scenarios are valid"))
    }

    /// `x` (the model's columns first) costs what microlp's optimum costs, to 1e-9.
    fn assert_microlp_optimum(model: &LpModel, x: &[f64], what: &str) {
        use crate::model::{solve_lp, LpSolver};
        let lp = solve_lp(model, LpSolver::Microlp, None)
            .values
            .expect("microlp solves it");
        let (ours, theirs) = (model.objective_of(&x[..model.columns.len()]), model.objective_of(&lp));
        assert!(
            (ours - theirs).abs() <= 1e-9 * theirs.abs().max(1.0),
            "{what}: {ours} vs {theirs}"
        );
    }

    /// A warm start from the basis of a model with other harvests, orders,
    /// capacities and costs (same shape) is taken, and reaches microlp's
    /// optimum of the new model.
    #[test]
    fn a_warm_start_reaches_the_new_optimum() {
        for (hubs, capacitated_lanes, seed) in [(0, 0.5, 21), (1, 0.8, 22), (2, 0.3, 23), (0, 1.0, 24)] {
            let model = generated_model(10, 4, hubs, capacitated_lanes, seed);
            let (_, basis) = solve_coupled_from(&model, None, None).expect("optimal");
            let mut rng = crate::scenario::generate::Rng(seed);
            for round in 0..4 {
                let mut changed = model.clone();
                for row in &mut changed.rows {
                    // Scale some right-hand sides (harvests, orders,
                    // capacities), cut some to zero.
                    match rng.below(6) {
                        0 => row.rhs *= 0.5,
                        1 => row.rhs *= 1.7,
                        2 if row.rhs > 0.0 => row.rhs = 0.0,
                        _ => {}
                    }
                }
                for c in &mut changed.cost {
                    *c *= rng.range(0.8, 1.25);
                }
                let problem = Problem::of(&changed).expect("the same shape");
                let mut warm = Solver::warm(&problem, &basis).expect("the basis fits the changed model");
                warm.run(None).expect("optimal from the warm start");
                assert_microlp_optimum(&changed, &warm.x, &format!("seed {seed}, round {round}"));
            }
        }
    }

    /// The duals from the basis a plan ended with are the duals of a solve
    /// from scratch (the same model ends at the same basis), and the start
    /// is taken: no pivot is left.
    #[test]
    fn duals_from_the_plans_basis_are_the_cold_duals() {
        for seed in [31, 32] {
            let model = generated_model(10, 4, 1, 0.6, seed);
            let (_, basis) = solve_coupled_from(&model, None, None).expect("optimal");
            let problem = Problem::of(&model).expect("coupled");
            assert!(Solver::warm(&problem, &basis).is_some());
            let cold = coupled_row_duals(&model).expect("optimal");
            let warm = coupled_row_duals_from(&model, Some(&basis)).expect("optimal");
            assert_eq!(warm.len(), cold.len());
            for (w, c) in warm.iter().zip(&cold) {
                assert!((w - c).abs() <= 1e-9 * c.abs().max(1.0), "seed {seed}: {w} vs {c}");
            }
        }
    }

    /// A basis is not used for a model of another shape: the solve starts
    /// cold and still reaches the optimum.
    #[test]
    fn a_basis_of_another_shape_is_not_used() {
        let (small, large) = (generated_model(5, 3, 0, 0.5, 5), generated_model(6, 3, 0, 0.5, 5));
        let (_, basis) = solve_coupled_from(&small, None, None).expect("optimal");
        let problem = Problem::of(&large).expect("coupled");
        assert!(Solver::warm(&problem, &basis).is_none());
        let (warm, _) = solve_coupled_from(&large, None, Some(&basis)).expect("optimal");
        let cold = solve_coupled(&large, None).expect("optimal");
        assert_eq!(warm, cold);
    }

    #[test]
    fn axpy_merges_and_drops_zeros() {
        let mut a = vec![(1, 1.0), (3, 2.0)];
        axpy(&mut a, 2.0, &[(0, 1.0), (3, -1.0), (4, 1.0)]);
        assert_eq!(a, vec![(0, 2.0), (1, 1.0), (4, 2.0)]);
    }

    /// Two products share a lane of capacity 10 from one farm state to one
    /// store: product 0 earns 5 per kg, product 1 earns 3; by hand the lane
    /// carries 10 kg of product 0, and product 1 goes the long way (cost
    /// 1 more per kg) up to its demand.
    #[test]
    fn a_shared_lane_goes_to_the_better_product() {
        let shipment = |p: usize| ColumnKey::Shipment {
            lane: LaneIx(0),
            product: ProductIx(p),
            week: 1,
            age: 0,
        };
        let balance = |p: usize| RowKey::Balance {
            location: LocationIx(0),
            product: ProductIx(p),
            week: 1,
            age: 0,
        };
        let demand = |p: usize| RowKey::Demand {
            store: LocationIx(1),
            product: ProductIx(p),
            week: 1,
        };
        // Columns: 0, 1 shipments on the shared lane (straight into demand,
        // as a sale); 2 product 1 on a free lane.
        let model = LpModel {
            columns: vec![shipment(0), shipment(1), shipment(1)],
            cost: vec![-5.0, -3.0, -2.0],
            rows: vec![
                LpRow {
                    key: balance(0),
                    terms: vec![(0, 1.0)],
                    rhs: 20.0,
                },
                LpRow {
                    key: balance(1),
                    terms: vec![(1, 1.0), (2, 1.0)],
                    rhs: 20.0,
                },
                LpRow {
                    key: demand(0),
                    terms: vec![(0, 1.0)],
                    rhs: 30.0,
                },
                LpRow {
                    key: demand(1),
                    terms: vec![(1, 1.0), (2, 1.0)],
                    rhs: 8.0,
                },
                LpRow {
                    key: RowKey::LaneCapacity {
                        lane: LaneIx(0),
                        week: 1,
                    },
                    terms: vec![(0, 1.0), (1, 1.0)],
                    rhs: 10.0,
                },
            ],
            objective_constant: 0.0,
        };
        let x = solve_coupled(&model, None).expect("solvable");
        assert!((model.objective_of(&x) - (-50.0 - 16.0)).abs() < 1e-9, "{x:?}");
    }
}
