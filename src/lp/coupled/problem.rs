//! The LP of a block in the coupled simplex's terms: arcs of a network
//! (balance and demand rows become nodes, with a sink), free columns, and
//! coupling rows scaled to a largest coefficient of one.

use crate::model::build::{LpModel, RowKey};

use super::CoupledError;
use crate::lp::tree::NONE;

/// The LP in our own terms: columns are arcs of the network (source and
/// target nodes) or free columns (no network part, `source == NONE`); every
/// column has coupling coefficients (rows scaled to a largest coefficient
/// of 1). The columns are the model's, then an arc to the sink per network
/// row (waste, or sales up to the ordered kg), then the artificials.
pub(super) struct Problem {
    pub(super) nodes: usize,
    pub(super) source: Vec<usize>,
    pub(super) target: Vec<usize>,
    pub(super) capacity: Vec<f64>,
    pub(super) cost: Vec<f64>,
    pub(super) side_start: Vec<usize>,
    pub(super) side: Vec<(usize, f64)>,
    pub(super) supply: Vec<f64>,
    pub(super) rhs: Vec<f64>,
    /// Columns from here on are artificial.
    pub(super) artificial_from: usize,
    /// What each model row became, in model order (for its dual).
    pub(super) rows: Vec<RowRef>,
}

/// A model row in the problem's terms.
#[derive(Clone, Copy)]
pub(super) enum RowRef {
    /// A balance row: the supply of `node`.
    Balance { node: usize },
    /// A demand row: the capacity of `arc`, from `node` to the sink.
    Demand { node: usize, arc: usize },
    /// A coupling row, scaled by `scale`.
    Side { side: usize, scale: f64 },
}

impl Problem {
    pub(super) fn of(model: &LpModel) -> Result<Problem, CoupledError> {
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
