//! Unit tests of the coupled simplex against microlp's optimum.

use super::problem::Problem;
use super::sparse::axpy;
use super::*;
use crate::data::{LaneIx, LocationIx, ProductIx};
use crate::model::build::RowKey;
use crate::model::build::{ColumnKey, LpRow};
use crate::scenario::GenerateOptions;

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
    model_of(&GenerateOptions {
        farms,
        stores,
        products: 2,
        weeks: 6,
        lanes_per_farm: 2,
        hubs,
        capacitated_lanes,
        seed,
    })
}

/// The model of `tests/generated.rs`'s tight shape: 24 farms, 6 stores, 3
/// products, 10 weeks, 3 lanes per farm (with `capacitated_lanes` 1.0 and
/// two hubs, the case the dense working basis once declined).
fn tight_model(hubs: usize, capacitated_lanes: f64, seed: u64) -> LpModel {
    model_of(&GenerateOptions {
        farms: 24,
        stores: 6,
        products: 3,
        weeks: 10,
        lanes_per_farm: 3,
        hubs,
        capacitated_lanes,
        seed,
    })
}

/// The model of the scenario `agrimatch generate` makes with `options`.
fn model_of(options: &GenerateOptions) -> LpModel {
    use crate::data::{read_instance_from, MemoryFiles};
    use crate::model::build_model;
    use crate::scenario::generate_scenario;
    let files = generate_scenario(options)
        .into_iter()
        .map(|(name, text)| (name.to_string(), text.into_bytes()))
        .collect();
    build_model(&read_instance_from(&MemoryFiles(files)).expect("generated scenarios are valid"))
}

/// A tight network: every lane capacitated, two hubs (the case of
/// `tests/generated.rs` that the dense working basis once declined: more
/// rows bind than nodes / 8, at least 256). The coupled simplex takes it,
/// its working basis factored and updated through every kind of pivot,
/// and reaches microlp's optimum to 1e-9.
#[test]
fn a_tight_network_reaches_microlps_optimum() {
    for seed in [3, 4] {
        let model = tight_model(2, 1.0, seed);
        let problem = Problem::of(&model).expect("a network plus coupling rows");
        let mut solver = Solver::new(&problem);
        solver.run(None).expect("optimal");
        let binding = solver.kslots.len();
        assert!(
            binding > (problem.nodes / 8).max(256),
            "seed {seed}: {binding} binding rows on {} nodes",
            problem.nodes
        );
        assert_microlp_optimum(&model, &solver.x, &format!("every lane capacitated, seed {seed}"));
    }
}

/// The lists of K's columns by node, kept through every pivot of tight
/// solves (every kind of tree exchange), name each column of K at its two
/// ends and nothing else, and the cycles crossing every tree arc found from
/// them are those a scan of K finds.
#[test]
fn crossing_lists_agree_with_a_scan_of_k() {
    for (hubs, capacitated_lanes, seed) in [(2, 1.0, 3), (1, 0.8, 22), (0, 0.5, 11)] {
        let model = generated_model(12, 4, hubs, capacitated_lanes, seed);
        let problem = Problem::of(&model).expect("a network plus coupling rows");
        let mut solver = Solver::new(&problem);
        solver.run(None).expect("optimal");
        let mut listed: Vec<(usize, usize)> = Vec::new();
        for (node, columns) in solver.k_at_node.iter().enumerate() {
            listed.extend(columns.iter().map(|&column| (node, column)));
        }
        listed.sort_unstable();
        let mut ends: Vec<(usize, usize)> = Vec::new();
        for &s in &solver.kslots {
            let Slot::Column(column) = solver.slots[s] else {
                panic!("seed {seed}: a slot of K holds a slack");
            };
            for node in [solver.source[column], solver.target[column]] {
                if node != NONE {
                    ends.push((node, column));
                }
            }
        }
        ends.sort_unstable();
        assert!(!ends.is_empty(), "seed {seed}: no column of K has ends");
        assert_eq!(listed, ends, "seed {seed}: lists by node");
        let mut crossings = 0;
        for u in 0..problem.nodes {
            solver.mark_subtree(u);
            let by_lists = solver.crossing_by_lists(u);
            crossings += by_lists.len();
            assert_eq!(by_lists, solver.crossing_by_scan(u), "seed {seed}: arc above node {u}");
        }
        assert!(crossings > 0, "seed {seed}: no cycle crosses a tree arc");
    }
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

/// The dual phase from the network optimum (`dual.rs`) reaches microlp's
/// optimum on tight generated networks (every lane or most lanes
/// capacitated, hubs, several seeds) without giving up, every dual pivot
/// keeps every reduced cost at its sign (to the pricing tolerance), and it
/// does the work (it pivots; a pivot row that disagreed with the FTRAN
/// would end the solve with an error).
#[test]
fn the_dual_phase_reaches_microlps_optimum_keeping_dual_feasibility() {
    let mut cases: Vec<(String, LpModel)> = [(0, 1.0, 41), (1, 1.0, 42), (2, 0.8, 43), (0, 0.5, 44)]
        .into_iter()
        .map(|(hubs, capacitated_lanes, seed)| {
            (
                format!("seed {seed}"),
                generated_model(12, 4, hubs, capacitated_lanes, seed),
            )
        })
        .collect();
    cases.push(("every lane capacitated, 3 products".to_string(), tight_model(2, 1.0, 3)));
    for (what, model) in &cases {
        let problem = Problem::of(model).expect("a network plus coupling rows");
        let mut solver = Solver::new(&problem);
        solver.dual_phase = true;
        solver.run(None).expect("optimal through the dual phase");
        let counts = solver.counts;
        assert!(counts.dual_phase_ran && counts.dual > 0, "{what}: {counts:?}");
        let tolerance = 10.0 * solver.epsilon;
        assert!(
            counts.worst_dual_infeasibility <= tolerance,
            "{what}: a dual pivot left a reduced cost {} below zero",
            counts.worst_dual_infeasibility
        );
        assert_microlp_optimum(model, &solver.x, what);
    }
}

/// A solve takes the primal path by default (big-M columns for the rows
/// the network optimum breaks; the dual phase is measured slower) and
/// reaches the same optimum as through the dual phase.
#[test]
fn solves_take_the_primal_path_by_default() {
    for (hubs, capacitated_lanes, seed) in [(1, 1.0, 42), (0, 0.5, 44)] {
        let model = generated_model(12, 4, hubs, capacitated_lanes, seed);
        let problem = Problem::of(&model).expect("a network plus coupling rows");
        let mut solver = Solver::new(&problem);
        solver.run(None).expect("optimal");
        assert!(
            !solver.counts.dual_phase_ran && solver.counts.primal > 0,
            "{:?}",
            solver.counts
        );
        assert_microlp_optimum(&model, &solver.x, &format!("seed {seed}"));
    }
}

/// From exact weights at the start, the dual phase's steepest-edge update
/// (Forrest and Goldfarb's, with `tau = B^-1 rho` routed through the tree
/// and the working basis) keeps every leaving variable's weight equal to
/// the squared norm of its row of the basis inverse, through tree
/// exchanges, columns of K and slacks leaving, to 1e-6 relative.
#[test]
fn steepest_edge_weights_stay_exact_through_dual_pivots() {
    let mut leaving = [0; 3];
    for (hubs, capacitated_lanes, seed) in [(2, 1.0, 3), (1, 0.8, 4)] {
        let model = tight_model(hubs, capacitated_lanes, seed);
        let problem = Problem::of(&model).expect("a network plus coupling rows");
        let mut solver = Solver::new(&problem);
        solver.dual_phase = true;
        solver.exact_start_weights = true;
        solver.run(None).expect("optimal through the dual phase");
        let counts = solver.counts;
        assert!(counts.dual > 10, "seed {seed}: {counts:?}");
        for (total, n) in leaving.iter_mut().zip(counts.dual_leaving) {
            *total += n;
        }
        assert!(
            counts.worst_weight_error <= 1e-6,
            "seed {seed}: a weight {} off its row's squared norm ({counts:?})",
            counts.worst_weight_error
        );
        assert_microlp_optimum(&model, &solver.x, &format!("seed {seed}"));
    }
    // Tree arcs, columns of K and slacks all left at least once.
    assert!(leaving.iter().all(|&n| n > 0), "{leaving:?}");
}

/// The sparse pivot row of the dual phase (columns found by node and by
/// coupling row, node values only under the tree arcs `rho` prices) equals
/// the dense one (every node and column) at every dual pivot, for the
/// leaving variable and for one more basic variable picked by the pivot's
/// number, with its row of the basis inverse and squared norm: tree arcs,
/// columns of K and slacks alike, on tight networks with and without hubs.
#[test]
fn the_sparse_pivot_row_equals_the_dense_one_after_dual_pivots() {
    for (hubs, capacitated_lanes, seed) in [(2, 1.0, 3), (0, 1.0, 41), (1, 0.8, 4)] {
        let model = tight_model(hubs, capacitated_lanes, seed);
        let problem = Problem::of(&model).expect("a network plus coupling rows");
        let mut solver = Solver::new(&problem);
        solver.dual_phase = true;
        solver.check_rows = true;
        solver.run(None).expect("optimal through the dual phase");
        let counts = solver.counts;
        assert!(
            counts.dual > 10 && counts.rows_checked == 2 * counts.dual,
            "seed {seed}: {counts:?}"
        );
        assert!(
            counts.worst_row_error <= 1e-9,
            "seed {seed}: the sparse row is {} off the dense one",
            counts.worst_row_error
        );
        assert_microlp_optimum(&model, &solver.x, &format!("seed {seed}"));
    }
}
