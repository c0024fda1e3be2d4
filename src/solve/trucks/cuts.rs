//! A lower bound that proves more than per-kg truck prices: the LP of the
//! truck model (truck columns relaxed), raised by rounds of mixed-integer
//! rounding (MIR) cuts and re-solved by microlp after each cut.
//!
//! Where the per-kg bound loses: the relaxation sends 3 t down a 10 t lane
//! and pays 0.3 trucks, while a plan pays a whole truck, or leaves the
//! harvest to waste, or lets a store go short. A cut says so for one truck
//! row at a time: the row `load - capacity x trucks <= 0` is added to the
//! balance rows its load comes from (a farm's harvest: the kg that do not
//! leave are its stock or waste) and goes to (a store's orders: the kg that
//! do not arrive are its shortfall), each as an equality with its slack, until
//! the sum has a constant (harvest or orders) against whole trucks. Dividing
//! that sum by a truck's kg and rounding (MIR) gives an inequality every plan
//! with whole trucks meets and the relaxation does not. Trucks of other lanes
//! the load meets on the way may stand in for their kg (`kg = capacity x trucks
//! - unused room`), so one cut can count the trucks of both lanes.
//!
//! Before any cut, each truck row's capacity is cut to the lane-week's load
//! bound (`bound::load_bounds`) where that is below a truck: some optimal plan
//! carries at most that much there, so `load <= bound x trucks` holds in it.
//! (That is the per-kg bound's own argument; as a row it lets the cuts use it.)
//! Every cut holds for that plan, so the LP's optimum after the cuts is still
//! at most the optimum.
//!
//! The LP is microlp's (a general simplex that re-solves warm after each cut
//! it is given; the fast core takes no rows with truck columns), which is
//! why it runs only up to [`MAX_CUT_COLUMNS`]: a count, never the clock.

use std::collections::BTreeMap;
use std::time::Instant;

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem, SolveOutcome, Variable};

use super::LaneLoads;
use crate::data::Instance;
use crate::model::{build_truck_model_with, ColumnKey, LpModel, ObjectiveWeights, RowKey};

/// Rounds of cuts: each separates from the last LP optimum and re-solves.
/// Most of the rise comes in the first two; later rounds find few violated
/// cuts and move the bound by little.
pub const CUT_ROUNDS: usize = 3;

/// Passes that replace a load's kg by the rows they come from or go to;
/// each pass goes one row further (through a hub is one more). More passes
/// reach few more constants and make longer cuts.
const AGGREGATION_PASSES: usize = 3;

/// Models with more columns keep the per-kg bound alone. The cut bound runs
/// beside the truck search and should not cost much more than it: microlp's
/// first solve grows about with the square of the columns, the search about
/// in proportion, so the cut bound's share of a run grows with its size; near
/// this count it already takes about as long as the search, at twice the
/// count twice as long (BENCHMARKS.md, "The cut bound").
pub const MAX_CUT_COLUMNS: usize = 12_000;

/// The truck model's LP with load bounds and [`CUT_ROUNDS`] rounds of cuts:
/// its optimum (objective constant included), a lower bound on every truck
/// plan's cost. `None` when the model is too large, microlp fails, or
/// `stop_at` (the user's `--time-limit`) passes before the first optimum;
/// then the per-kg bound stands alone. Once past the first optimum, a stop
/// keeps the last one (every optimum along the way is a bound).
pub fn cut_bound(
    instance: &Instance,
    weights: &ObjectiveWeights,
    loads: &LaneLoads,
    stop_at: Option<Instant>,
) -> Option<f64> {
    let mut model = build_truck_model_with(instance, weights);
    if model.columns.len() > MAX_CUT_COLUMNS {
        return None;
    }
    strengthen_truck_rows(instance, &mut model, loads);
    let rows = Rows::of(&model);
    let mut problem = Problem::new(OptimizationDirection::Minimize);
    if let Some(stop_at) = stop_at {
        problem.set_time_limit(stop_at.saturating_duration_since(Instant::now()));
    }
    let columns: Vec<Variable> = model
        .cost
        .iter()
        .map(|&cost| problem.add_var(cost, (0.0, f64::INFINITY)))
        .collect();
    for row in &model.rows {
        let lhs: LinearExpr = row.terms.iter().map(|&(j, a)| (columns[j], a)).collect();
        problem.add_constraint(lhs, ComparisonOp::Le, row.rhs);
    }
    let mut solution = problem.solve().ok()?.into_solution().ok()?;
    let out_of_time = || stop_at.is_some_and(|t| Instant::now() >= t);
    'rounds: for _ in 0..CUT_ROUNDS {
        let x: Vec<f64> = columns.iter().map(|&v| solution.var_value_raw(v)).collect();
        let cuts = rows.separate(&model, &x);
        if cuts.is_empty() {
            break;
        }
        for cut in cuts {
            if out_of_time() {
                break 'rounds;
            }
            let lhs: LinearExpr = cut.terms.iter().map(|(&j, &a)| (columns[j], a)).collect();
            let last = model.objective_constant + solution.objective();
            solution = match solution.add_constraint(lhs, ComparisonOp::Le, cut.rhs) {
                Ok(SolveOutcome::Solution(solution)) => solution,
                // Interrupted by the time limit, or a failure: the last
                // optimum is still a bound.
                _ => return Some(last),
            };
        }
    }
    Some(model.objective_constant + solution.objective())
}

/// Each truck row's `- truck_kg x trucks` becomes `- bound x trucks` where
/// the lane-week's load bound is below a truck (see the module comment).
fn strengthen_truck_rows(instance: &Instance, model: &mut LpModel, loads: &LaneLoads) {
    for row in &mut model.rows {
        let RowKey::TruckLoad { lane, week } = row.key else {
            continue;
        };
        let Some(&bound) = loads.get(&(lane, week)) else {
            continue;
        };
        let Some(truck) = instance.lane(lane).truck else {
            continue;
        };
        if bound < truck.kg {
            for (j, a) in &mut row.terms {
                if matches!(model.columns[*j], ColumnKey::Trucks { .. }) {
                    *a = -bound.max(0.0);
                }
            }
        }
    }
}

/// A cut `terms . x <= rhs` over the model's columns.
struct Cut {
    terms: BTreeMap<usize, f64>,
    rhs: f64,
}

/// A sum of rows, each taken as an equality with its slack: `terms . x +
/// slack terms = rhs`, with `slacks[row]` the multiplier of that row's slack
/// (>= 0 slack; a positive multiplier may be dropped, a negative one stays).
#[derive(Clone, Default)]
struct Aggregate {
    terms: BTreeMap<usize, f64>,
    rhs: f64,
    slacks: BTreeMap<usize, f64>,
}

/// The model's rows by column, and what the separator needs of them.
struct Rows {
    /// Per column: the rows it is in, with its coefficient.
    by_column: Vec<Vec<(usize, f64)>>,
    /// Per column: a truck column (integer in a plan).
    integer: Vec<bool>,
    /// Per column: the truck row it is a load of, if any.
    truck_row_of: Vec<Option<usize>>,
    /// Per column: an upper bound rows imply (a sale is at most its orders).
    upper: Vec<f64>,
    /// The truck rows, where every cut starts.
    truck_rows: Vec<usize>,
}

impl Rows {
    fn of(model: &LpModel) -> Rows {
        let n = model.columns.len();
        let integer: Vec<bool> = model
            .columns
            .iter()
            .map(|c| matches!(c, ColumnKey::Trucks { .. }))
            .collect();
        let mut by_column = vec![Vec::new(); n];
        let mut truck_row_of = vec![None; n];
        let mut upper = vec![f64::INFINITY; n];
        let mut truck_rows = Vec::new();
        for (i, row) in model.rows.iter().enumerate() {
            for &(j, a) in &row.terms {
                by_column[j].push((i, a));
            }
            match row.key {
                RowKey::TruckLoad { .. } => {
                    truck_rows.push(i);
                    for &(j, _) in &row.terms {
                        if !integer[j] {
                            truck_row_of[j] = Some(i);
                        }
                    }
                }
                RowKey::Demand { .. } if row.rhs >= 0.0 && row.terms.iter().all(|&(_, a)| a > 0.0) => {
                    for &(j, a) in &row.terms {
                        upper[j] = upper[j].min(row.rhs / a);
                    }
                }
                _ => {}
            }
        }
        Rows {
            by_column,
            integer,
            truck_row_of,
            upper,
            truck_rows,
        }
    }

    /// One cut per truck row that the LP point `x` violates, the most
    /// violated of the aggregations and divisors tried.
    fn separate(&self, model: &LpModel, x: &[f64]) -> Vec<Cut> {
        let mut cuts = Vec::new();
        for &start in &self.truck_rows {
            let plain = self.aggregate(model, start, x);
            let mut substituted = plain.clone();
            self.substitute_truck_room(model, &mut substituted);
            let best = [plain, substituted]
                .iter()
                .flat_map(|agg| {
                    divisors(self, agg)
                        .into_iter()
                        .filter_map(|delta| self.mir(model, agg, delta))
                })
                .map(|cut| {
                    let violation = cut.terms.iter().map(|(&j, &a)| a * x[j]).sum::<f64>() - cut.rhs;
                    (violation, cut)
                })
                .filter(|(violation, cut)| *violation > 1e-6 * cut.rhs.abs().max(1.0))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, cut)) = best {
                cuts.push(cut);
            }
        }
        cuts
    }

    /// The truck row `start`, with the kg the LP moves (`x > 0`) replaced,
    /// pass by pass, each through the first balance or demand row it is in
    /// that the sum has not used yet (most kg first).
    fn aggregate(&self, model: &LpModel, start: usize, x: &[f64]) -> Aggregate {
        let mut agg = Aggregate::default();
        agg.add(model, start, 1.0);
        for _ in 0..AGGREGATION_PASSES {
            let mut moving: Vec<usize> = agg
                .terms
                .iter()
                .filter(|&(&j, &a)| !self.integer[j] && a > 1e-12 && x[j] > 1e-9)
                .map(|(&j, _)| j)
                .collect();
            // Most kg first; ties by column, so the cut is the same every run.
            moving.sort_by(|&a, &b| x[b].total_cmp(&x[a]).then(a.cmp(&b)));
            let mut changed = false;
            for j in moving {
                let a = agg.terms.get(&j).copied().unwrap_or(0.0);
                if a <= 1e-12 {
                    continue;
                }
                let through = self.by_column[j].iter().find(|&&(i, _)| {
                    matches!(model.rows[i].key, RowKey::Balance { .. } | RowKey::Demand { .. })
                        && !agg.slacks.contains_key(&i)
                });
                if let Some(&(i, v)) = through {
                    agg.add(model, i, -a / v);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        agg
    }

    /// Loads of other truck lane-weeks that `agg` holds whole (every kg of
    /// the row with one negative multiplier) become `capacity x trucks -
    /// unused room`; the room then has a positive multiplier and drops out.
    fn substitute_truck_room(&self, model: &LpModel, agg: &mut Aggregate) {
        let mut groups: BTreeMap<usize, f64> = BTreeMap::new();
        for (&j, &a) in &agg.terms {
            if let Some(i) = self.truck_row_of[j] {
                if a < -1e-12 && !agg.slacks.contains_key(&i) {
                    groups.entry(i).or_insert(a);
                }
            }
        }
        for (i, a) in groups {
            let whole = model.rows[i]
                .terms
                .iter()
                .filter(|&&(k, _)| !self.integer[k])
                .all(|&(k, _)| agg.terms.get(&k).is_some_and(|&b| (b - a).abs() < 1e-9));
            if whole {
                agg.add(model, i, -a);
            }
        }
    }

    /// The MIR cut of `agg` divided by `delta`, if its right-hand side is
    /// fractional. Integer terms round; continuous terms with a negative
    /// multiplier (and slacks) stay, scaled; positive ones are complemented
    /// at an upper bound the rows imply, or dropped (they are >= 0).
    fn mir(&self, model: &LpModel, agg: &Aggregate, delta: f64) -> Option<Cut> {
        let mut b = agg.rhs;
        for (&j, &a) in &agg.terms {
            if !self.integer[j] && a > 1e-9 && self.upper[j].is_finite() {
                b -= a * self.upper[j];
            }
        }
        let beta = b / delta;
        let f0 = beta - beta.floor();
        if !(1e-3..=1.0 - 1e-3).contains(&f0) {
            return None;
        }
        let s = 1.0 / (delta * (1.0 - f0));
        let mut cut = Cut {
            terms: BTreeMap::new(),
            rhs: beta.floor(),
        };
        for (&j, &a) in &agg.terms {
            if a.abs() <= 1e-9 {
                continue;
            }
            let coefficient = if self.integer[j] {
                let g = a / delta;
                g.floor() + (g - g.floor() - f0).max(0.0) / (1.0 - f0)
            } else if a < 0.0 {
                a * s
            } else if self.upper[j].is_finite() {
                // a x = a u - a (u - x): the complement has multiplier -a < 0.
                cut.rhs += a * s * self.upper[j];
                a * s
            } else {
                continue;
            };
            *cut.terms.entry(j).or_insert(0.0) += coefficient;
        }
        for (&i, &m) in &agg.slacks {
            if m < -1e-12 {
                // m x slack = m (rhs - row).
                let row = &model.rows[i];
                for &(k, w) in &row.terms {
                    *cut.terms.entry(k).or_insert(0.0) -= m * s * w;
                }
                cut.rhs -= m * s * row.rhs;
            }
        }
        cut.terms.retain(|_, a| a.abs() > 1e-12);
        Some(cut)
    }
}

impl Aggregate {
    /// Adds `multiplier x (row + slack = rhs)`.
    fn add(&mut self, model: &LpModel, i: usize, multiplier: f64) {
        let row = &model.rows[i];
        for &(j, a) in &row.terms {
            *self.terms.entry(j).or_insert(0.0) += multiplier * a;
        }
        self.rhs += multiplier * row.rhs;
        *self.slacks.entry(i).or_insert(0.0) += multiplier;
    }
}

/// The divisors the MIR tries: each truck term's kg per truck, half and
/// twice that.
fn divisors(rows: &Rows, agg: &Aggregate) -> Vec<f64> {
    let mut kg: Vec<f64> = agg
        .terms
        .iter()
        .filter(|&(&j, &a)| rows.integer[j] && a.abs() > 1.0)
        .flat_map(|(_, &a)| [a.abs(), a.abs() / 2.0, a.abs() * 2.0])
        .collect();
    kg.sort_by(f64::total_cmp);
    kg.dedup_by(|a, b| (*a - *b).abs() <= 1e-9 * b.abs());
    kg
}
