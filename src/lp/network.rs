//! A primal network simplex for blocks that are pure min-cost flows: no
//! lane capacity or storage limit shared between arcs. Such a block's LP is
//! a time-expanded network (states by location, week and age), and this
//! solves it orders of magnitude faster than a general LP solver.
//!
//! The LP `min c.x, balance rows (outflow - inflow <= harvest), demand rows
//! (sales <= ordered), x >= 0` becomes a flow problem: every balance row is
//! a node supplying its harvest, every demand row a node with an arc of
//! capacity `ordered` to a sink, and every balance node has a free arc to
//! the sink (waste). Columns are arcs; their flows are the column values.

use std::time::Instant;

use super::tree::{TreeLinks, NONE};
use crate::model::build::{LpModel, RowKey};

/// Pricing scans blocks of sqrt(arcs) / this many arcs (see `network_simplex`).
const PRICING_BLOCK_DIVISOR: usize = 16;

/// Pivots between two looks at the clock under `--time-limit` (a look costs
/// more than a pivot on small networks).
const PIVOTS_PER_CLOCK_CHECK: usize = 1024;

/// Whether the model is a pure network: only balance and demand rows, and
/// every column in at most one balance row as outflow, one as inflow and
/// one demand row.
pub fn is_network(model: &LpModel) -> bool {
    model
        .rows
        .iter()
        .all(|r| matches!(r.key, RowKey::Balance { .. } | RowKey::Demand { .. }))
}

/// Why the network simplex gave no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum NetworkError {
    /// The model has rows that couple arcs (capacities): not a network.
    NotANetwork,
    /// The pivot limit was reached (cycling or a numerical problem).
    PivotLimit,
    /// Flow was left on an artificial arc: the supplies cannot all reach the sink.
    Infeasible,
    /// The user's time limit passed before the optimum was reached.
    TimeLimit,
}

/// The flow problem: arcs with capacity and cost, node supplies summing to 0.
struct Network {
    source: Vec<usize>,
    target: Vec<usize>,
    capacity: Vec<f64>,
    cost: Vec<f64>,
    supply: Vec<f64>,
    /// Where the first tree may start without artificial flow: a node `hub`
    /// (the sink) and, per node, an arc from it to the hub able to carry
    /// the node's supply (a waste or sale arc), or [`NONE`]. Empty: every
    /// node starts on an artificial arc.
    crash: Option<(usize, Vec<usize>)>,
}

/// Column values of an optimal solution of a network-form model, unless
/// `deadline` (the user's `--time-limit`) passes first.
pub fn solve_network(model: &LpModel, deadline: Option<Instant>) -> Result<Vec<f64>, NetworkError> {
    solve_network_with_duals(model, deadline).map(|(values, _)| values)
}

/// The optimal duals of every model row, d(optimal cost)/d(rhs) (the
/// convention of [`coupled_row_duals`](super::coupled::coupled_row_duals)),
/// from the network simplex's final tree: node potentials for balance rows,
/// the sink arc's reduced cost for demand rows at their bound. At a
/// degenerate vertex these are one valid set of optimal duals.
pub fn network_row_duals(model: &LpModel) -> Result<Vec<f64>, NetworkError> {
    solve_network_with_duals(model, None).map(|(_, duals)| duals)
}

/// Column values and row duals (see [`network_row_duals`]) of one solve:
/// the duals are what `verify` checks the plan's optimality with.
pub fn solve_network_with_duals(
    model: &LpModel,
    deadline: Option<Instant>,
) -> Result<(Vec<f64>, Vec<f64>), NetworkError> {
    if !is_network(model) {
        return Err(NetworkError::NotANetwork);
    }
    let (network, columns) = network_of(model)?;
    let optimum = network_simplex(&network, deadline)?;
    let sink = model.rows.len();
    let pi_sink = optimum.potential[sink];
    // The sink arcs follow the columns, one per row in row order.
    let sink_arc = |r: usize| columns.len() + r;
    let duals = model
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| match row.key {
            // A kg more of the order lifts the sink arc's bound: worth its
            // reduced cost (<= 0) where the arc is at that bound.
            RowKey::Demand { .. } if optimum.state[sink_arc(r)] == UPPER => optimum.potential[r] - pi_sink,
            RowKey::Demand { .. } => 0.0,
            // One more kg at the node flows on to the sink along the tree.
            _ => pi_sink - optimum.potential[r],
        })
        .collect();
    let values = columns.iter().map(|&arc| optimum.flow[arc].max(0.0)).collect();
    Ok((values, duals))
}

/// Nodes: one per row, then the sink. Arcs: the columns first (in order),
/// then waste arcs and demand arcs to the sink.
fn network_of(model: &LpModel) -> Result<(Network, Vec<usize>), NetworkError> {
    let sink = model.rows.len();
    let mut supply = vec![0.0; sink + 1];
    let mut out_of = vec![None; model.columns.len()];
    let mut into = vec![None; model.columns.len()];
    for (r, row) in model.rows.iter().enumerate() {
        let is_demand = matches!(row.key, RowKey::Demand { .. });
        if !is_demand {
            supply[r] = row.rhs;
        }
        for &(j, c) in &row.terms {
            // A sale leaves its state (+1 in the balance row) and enters the
            // demand node (+1 in the demand row); other columns are -1 where
            // they enter a state.
            let slot = if c > 0.0 && !is_demand {
                &mut out_of[j]
            } else {
                &mut into[j]
            };
            if slot.replace(r).is_some() || c.abs() != 1.0 {
                return Err(NetworkError::NotANetwork);
            }
        }
    }
    let mut network = Network {
        source: Vec::new(),
        target: Vec::new(),
        capacity: Vec::new(),
        cost: Vec::new(),
        supply,
        crash: None,
    };
    let mut columns = Vec::with_capacity(model.columns.len());
    for j in 0..model.columns.len() {
        // A column that leaves no balance row cannot carry flow; one that
        // enters no row ends in the sink (closing stock, or a state where
        // everything is waste).
        let Some(from) = out_of[j] else {
            return Err(NetworkError::NotANetwork);
        };
        columns.push(network.source.len());
        network.source.push(from);
        network.target.push(into[j].unwrap_or(sink));
        network.capacity.push(f64::INFINITY);
        network.cost.push(model.cost[j]);
    }
    let total: f64 = network.supply.iter().sum();
    for (r, row) in model.rows.iter().enumerate() {
        network.source.push(r);
        network.target.push(sink);
        network.cost.push(0.0);
        network.capacity.push(match row.key {
            RowKey::Demand { .. } => row.rhs,
            _ => f64::INFINITY,
        });
    }
    network.supply[sink] = -total;
    // Every row's own arc to the sink: a balance row's waste arc takes its
    // harvest, a demand row's sale arc starts empty.
    let to_sink = (0..model.rows.len()).map(|r| columns.len() + r).chain([NONE]).collect();
    network.crash = Some((sink, to_sink));
    Ok((network, columns))
}

// An arc's state is the sign its reduced cost takes in pricing, so that
// pricing multiplies without a branch: a tree arc's 0 gives a violation of
// 0, which never beats the best so far.
const LOWER: i8 = 1;
const TREE: i8 = 0;
const UPPER: i8 = -1;

/// A real arc as pricing reads it: packed, so that a scan of the arcs
/// (most of the time of a large solve) streams half the bytes.
#[derive(Clone, Copy)]
struct PricedArc {
    cost: f64,
    source: u32,
    target: u32,
}

/// Where the network simplex ended: arc flows, arc states and the tree's
/// node potentials (an arc's reduced cost is its cost plus its source's
/// potential minus its target's).
struct Optimum {
    flow: Vec<f64>,
    state: Vec<i8>,
    potential: Vec<f64>,
}

/// The spanning tree of the simplex, rooted at an artificial node.
struct Tree {
    links: TreeLinks,
    depth: Vec<usize>,
    potential: Vec<f64>,
}

/// A minimum-cost flow (supplies must sum to zero).
fn network_simplex(net: &Network, deadline: Option<Instant>) -> Result<Optimum, NetworkError> {
    let n = net.supply.len();
    let m = net.source.len();
    let root = n;
    let max_cost = net.cost.iter().fold(0.0_f64, |a, c| a.max(c.abs()));
    // Artificial arcs must be dearer than any path of real arcs.
    let artificial_cost = 1.0 + max_cost * (n as f64 + 1.0);
    let epsilon = 1e-12 * max_cost.max(1.0);

    let mut source = net.source.clone();
    let mut target = net.target.clone();
    let mut capacity = net.capacity.clone();
    let mut cost = net.cost.clone();
    let mut flow = vec![0.0; m + n];
    let mut state = vec![LOWER; m + n];
    let mut tree = Tree {
        links: TreeLinks::new(n + 1, root),
        depth: vec![1; n + 1],
        potential: vec![0.0; n + 1],
    };
    tree.depth[root] = 0;
    // The crash start: a node whose own arc to the hub can carry its
    // supply hangs from the hub by that arc (flow = its supply; an arc
    // with no flow can still carry flow up, so the tree is strongly
    // feasible), and the hub's artificial arc carries what is left. This
    // saves the pivots that would replace each node's artificial arc.
    let mut crashed = vec![NONE; n];
    let mut hub_supply = 0.0;
    if let Some((hub, to_hub)) = &net.crash {
        hub_supply = net.supply[*hub];
        for (u, crash) in crashed.iter_mut().enumerate() {
            let arc = to_hub.get(u).copied().unwrap_or(NONE);
            let fits = arc != NONE
                && u != *hub
                && net.source[arc] == u
                && net.target[arc] == *hub
                && net.supply[u] >= 0.0
                && net.supply[u] <= net.capacity[arc]
                && net.capacity[arc] > 0.0;
            if fits {
                *crash = arc;
                hub_supply += net.supply[u];
            }
        }
    }
    let hub = net.crash.as_ref().map_or(NONE, |(hub, _)| *hub);
    for (u, &crash) in crashed.iter().enumerate() {
        let arc = m + u;
        let supply = if u == hub { hub_supply } else { net.supply[u] };
        if supply >= 0.0 {
            source.push(u);
            target.push(root);
            tree.links.up[u] = true;
            tree.potential[u] = -artificial_cost;
        } else {
            source.push(root);
            target.push(u);
            tree.potential[u] = artificial_cost;
        }
        capacity.push(f64::INFINITY);
        cost.push(artificial_cost);
        if crash != NONE {
            continue;
        }
        flow[arc] = supply.abs();
        state[arc] = TREE;
        tree.links.pred[u] = arc;
        tree.links.attach(u, root);
    }
    for u in (0..n).filter(|&u| crashed[u] != NONE) {
        let arc = crashed[u];
        flow[arc] = net.supply[u];
        state[arc] = TREE;
        tree.links.pred[u] = arc;
        tree.links.up[u] = true;
        tree.links.attach(u, hub);
        tree.depth[u] = 2;
        tree.potential[u] = tree.potential[hub] - cost[arc];
    }

    // Artificial arcs are never priced: once out of the tree they stay out
    // (as LEMON does), and a crashed node's never enters.
    let total = m;
    let node = |u: usize| u32::try_from(u).expect("a network in memory has fewer than 2^32 nodes");
    let priced: Vec<PricedArc> = (0..m)
        .map(|a| PricedArc {
            cost: cost[a],
            source: node(source[a]),
            target: node(target[a]),
        })
        .collect();
    // Blocks of a sixteenth of LEMON's sqrt(arcs): in a time-expanded
    // network arcs that improve the cost lie all along the arc list, so a
    // short block finds one nearly as good as a long one, and a pivot scans
    // far fewer arcs (scans were most of the time of large solves).
    let block = ((total as f64).sqrt() as usize / PRICING_BLOCK_DIVISOR).max(10);
    let mut next_arc = 0;
    let max_pivots = 50 * (m + n) + 10_000;
    let mut stack = Vec::new();
    for pivot in 0..max_pivots {
        // The clock only stops work the user asked to bound; it never
        // changes which pivots are made.
        if pivot % PIVOTS_PER_CLOCK_CHECK == 0 && deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(NetworkError::TimeLimit);
        }
        // Block search: the most violating arc of the next block that has one.
        let mut entering = NONE;
        let mut best = 0.0;
        let mut scanned = 0;
        while scanned < total {
            let end = (scanned + block).min(total);
            let mut count = end - scanned;
            scanned = end;
            // The block in at most two runs of arcs (it may wrap around).
            while count > 0 {
                let stop = (next_arc + count).min(total);
                let arcs = priced[next_arc..stop].iter().zip(&state[next_arc..stop]);
                for (i, (arc, &sign)) in arcs.enumerate() {
                    let reduced = arc.cost + tree.potential[arc.source as usize] - tree.potential[arc.target as usize];
                    let violation = f64::from(sign) * reduced;
                    if violation < best {
                        best = violation;
                        entering = next_arc + i;
                    }
                }
                count -= stop - next_arc;
                next_arc = if stop == total { 0 } else { stop };
            }
            if entering != NONE && best < -epsilon {
                break;
            }
            entering = NONE;
            best = 0.0;
        }
        if entering == NONE {
            // Optimal; flow left on an artificial arc means infeasible.
            if (m..m + n).any(|a| flow[a] > 1e-9 * (1.0 + net.supply[a - m].abs())) {
                return Err(NetworkError::Infeasible);
            }
            flow.truncate(m);
            state.truncate(m);
            return Ok(Optimum {
                flow,
                state,
                potential: tree.potential,
            });
        }

        // The cycle: `first` -> `second` along the entering arc, then back
        // from `second` to `first` through the tree.
        let (first, second) = if state[entering] == LOWER {
            (source[entering], target[entering])
        } else {
            (target[entering], source[entering])
        };
        let join = {
            let (mut a, mut b) = (first, second);
            while a != b {
                if tree.depth[a] >= tree.depth[b] {
                    a = tree.links.parent[a];
                } else {
                    b = tree.links.parent[b];
                }
            }
            a
        };
        // Residual capacities along the cycle; the leaving arc is the first
        // minimum found on the `second` side, else on the `first` side.
        let mut delta = capacity[entering];
        let mut leaving_node = NONE;
        let mut leaving_on_first_side = false;
        let mut u = second;
        while u != join {
            let arc = tree.links.pred[u];
            let residual = if tree.links.up[u] {
                capacity[arc] - flow[arc]
            } else {
                flow[arc]
            };
            // Ties go to the arc nearest the join on this side: the last
            // blocking arc in cycle order keeps the tree strongly feasible.
            if residual <= delta {
                delta = residual;
                leaving_node = u;
            }
            u = tree.links.parent[u];
        }
        let mut u = first;
        while u != join {
            let arc = tree.links.pred[u];
            let residual = if tree.links.up[u] {
                flow[arc]
            } else {
                capacity[arc] - flow[arc]
            };
            if residual < delta {
                delta = residual;
                leaving_node = u;
                leaving_on_first_side = true;
            }
            u = tree.links.parent[u];
        }
        if delta.is_infinite() {
            // A cycle of negative cost with no capacity: cannot happen for
            // our models (every cycle's waste weights cancel out).
            return Err(NetworkError::Infeasible);
        }

        // Push `delta` around the cycle.
        if delta > 0.0 {
            if state[entering] == LOWER {
                flow[entering] += delta;
            } else {
                flow[entering] -= delta;
            }
            let mut u = second;
            while u != join {
                let arc = tree.links.pred[u];
                flow[arc] += if tree.links.up[u] { delta } else { -delta };
                u = tree.links.parent[u];
            }
            let mut u = first;
            while u != join {
                let arc = tree.links.pred[u];
                flow[arc] += if tree.links.up[u] { -delta } else { delta };
                u = tree.links.parent[u];
            }
        }

        if leaving_node == NONE {
            // The entering arc itself hits its bound: it stays out of the tree.
            state[entering] = if state[entering] == LOWER { UPPER } else { LOWER };
            continue;
        }

        // Replace the leaving arc by the entering one: the subtree below
        // `leaving_node` hangs from the entering arc instead.
        let leaving_arc = tree.links.pred[leaving_node];
        state[leaving_arc] = if flow[leaving_arc] <= 0.0 { LOWER } else { UPPER };
        if state[leaving_arc] == LOWER {
            flow[leaving_arc] = 0.0;
        }
        state[entering] = TREE;
        let (inside, outside) = if leaving_on_first_side {
            (first, second)
        } else {
            (second, first)
        };
        tree.links.rehang(entering, (inside, outside), leaving_node, &source);

        // New potentials and depths in the moved subtree.
        let wanted = if tree.links.up[inside] {
            tree.potential[outside] - cost[entering]
        } else {
            tree.potential[outside] + cost[entering]
        };
        let shift = wanted - tree.potential[inside];
        tree.links
            .shift_subtree(inside, shift, (&mut tree.potential, &mut tree.depth), &mut stack);
    }
    Err(NetworkError::PivotLimit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solve(supply: Vec<f64>, arcs: &[(usize, usize, f64, f64)]) -> (Vec<f64>, f64) {
        let net = Network {
            source: arcs.iter().map(|a| a.0).collect(),
            target: arcs.iter().map(|a| a.1).collect(),
            capacity: arcs.iter().map(|a| a.2).collect(),
            cost: arcs.iter().map(|a| a.3).collect(),
            supply,
            crash: None,
        };
        let flow = network_simplex(&net, None).expect("solvable").flow;
        let total = flow.iter().zip(&net.cost).map(|(f, c)| f * c).sum();
        (flow, total)
    }

    /// The crash start (nodes hung from the sink by their own arcs) ends at
    /// the cost of the all-artificial start, on random networks shaped as
    /// the model's: supplies into a sink, arcs to the sink per node (some
    /// with no room, so those nodes start on artificial arcs), and
    /// capacities that bind.
    #[test]
    fn crash_start_reaches_the_same_optimum() {
        let mut seed = 12345_u64;
        let mut next = move |k: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % k
        };
        let mut solved = 0;
        for _ in 0..200 {
            let nodes = 3 + next(12) as usize;
            let sink = nodes;
            let mut supply: Vec<f64> = (0..nodes).map(|_| next(4) as f64 * 10.0).collect();
            let total: f64 = supply.iter().sum();
            supply.push(-total);
            let (mut source, mut target, mut capacity, mut cost) = (vec![], vec![], vec![], vec![]);
            for _ in 0..nodes * 3 {
                let (u, v) = (next(nodes as u64) as usize, next(nodes as u64) as usize);
                if u != v {
                    source.push(u);
                    target.push(v);
                    capacity.push(if next(3) == 0 { next(30) as f64 } else { f64::INFINITY });
                    // No negative cycle: only arcs into the sink gain.
                    cost.push(next(11) as f64);
                }
            }
            let mut to_sink = Vec::new();
            for u in 0..nodes {
                to_sink.push(source.len());
                source.push(u);
                target.push(sink);
                // Some arcs to the sink cannot take their node's supply.
                capacity.push(if next(4) == 0 { next(20) as f64 } else { f64::INFINITY });
                cost.push(next(9) as f64 - 6.0);
            }
            to_sink.push(NONE);
            let plain = Network {
                source,
                target,
                capacity,
                cost,
                supply,
                crash: None,
            };
            let crash = Network {
                crash: Some((sink, to_sink)),
                source: plain.source.clone(),
                target: plain.target.clone(),
                capacity: plain.capacity.clone(),
                cost: plain.cost.clone(),
                supply: plain.supply.clone(),
            };
            let cost_of = |net: &Network| {
                network_simplex(net, None)
                    .ok()
                    .map(|o| o.flow.iter().zip(&net.cost).map(|(f, c)| f * c).sum::<f64>())
            };
            let (a, b) = (cost_of(&plain), cost_of(&crash));
            match (a, b) {
                (Some(a), Some(b)) => assert!((a - b).abs() <= 1e-9 * (1.0 + a.abs()), "{a} against {b}"),
                (a, b) => assert_eq!(a.is_some(), b.is_some(), "one start found the network infeasible"),
            }
            solved += usize::from(b.is_some());
        }
        assert!(solved >= 100, "only {solved} of 200 networks had an optimum");
    }

    /// Dantzig's transport problem (GAMS `trnsport`) as a flow to a sink:
    /// plants 0, 1; markets 2, 3, 4; the sink 5 takes unsold supply free.
    /// Published optimum 153.675.
    #[test]
    fn trnsport() {
        let inf = f64::INFINITY;
        let big = -1000.0;
        let (_, cost) = solve(
            vec![350.0, 600.0, 0.0, 0.0, 0.0, -950.0],
            &[
                (0, 2, inf, 0.225),
                (0, 3, inf, 0.153),
                (0, 4, inf, 0.162),
                (1, 2, inf, 0.225),
                (1, 3, inf, 0.162),
                (1, 4, inf, 0.126),
                (2, 5, 325.0, big),
                (3, 5, 300.0, big),
                (4, 5, 275.0, big),
                (0, 5, inf, 0.0),
                (1, 5, inf, 0.0),
            ],
        );
        assert!((cost - (153.675 + 900.0 * big)).abs() < 1e-9, "{cost}");
    }

    /// Capacities bind and a negative-cost arc pulls flow: by hand, 2 units
    /// go 0 -> 1 -> 3 (cost -5 each), 1 unit 0 -> 2 -> 3 (cost 1).
    #[test]
    fn capacities_and_negative_costs() {
        let inf = f64::INFINITY;
        let (flow, cost) = solve(
            vec![3.0, 0.0, 0.0, -3.0],
            &[(0, 1, 2.0, 1.0), (1, 3, inf, -6.0), (0, 2, inf, 0.5), (2, 3, inf, 0.5)],
        );
        assert_eq!(flow, vec![2.0, 2.0, 1.0, 1.0]);
        assert!((cost - (-10.0 + 1.0)).abs() < 1e-12);
    }
}
