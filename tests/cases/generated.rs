//! Generated scenarios: valid, plannable, and split into blocks exactly
//! when products share no capacitated lane or storage.

use agrimatch::data::{read_instance_from, Instance, MemoryFiles};
use agrimatch::model::LpSolver;
use agrimatch::scenario::{generate_scenario, GenerateOptions};
use agrimatch::solve::PlanStatus;

use crate::common::{assert_close, solve_with};

fn generated(options: &GenerateOptions) -> Instance {
    let files = generate_scenario(options)
        .into_iter()
        .map(|(name, text)| (name.to_string(), text.into_bytes()))
        .collect();
    read_instance_from(&MemoryFiles(files)).unwrap_or_else(|e| panic!("generated scenarios are valid: {e}"))
}

#[test]
fn uncoupled_products_are_separate_blocks_with_the_same_optimum() {
    for (capacitated_lanes, hubs) in [(0.0, 0), (0.0, 2), (0.3, 0)] {
        let options = GenerateOptions {
            farms: 30,
            stores: 6,
            products: 4,
            weeks: 8,
            lanes_per_farm: 3,
            hubs,
            capacitated_lanes,
            seed: 7,
        };
        let instance = generated(&options);
        let split = solve_with(&instance, LpSolver::Microlp, true);
        let whole = solve_with(&instance, LpSolver::Microlp, false);
        assert_eq!(split.status, PlanStatus::Optimal);
        assert_eq!(whole.status, PlanStatus::Optimal);
        if capacitated_lanes == 0.0 {
            assert_eq!(split.blocks, 4, "no shared capacity: one block per product");
        } else {
            assert!(split.blocks < 4, "shared trucks couple products");
        }
        let cost = |o: &agrimatch::solve::PlanOutcome| o.verified.as_ref().expect("verified").costs.total();
        assert_close(
            cost(&split),
            cost(&whole),
            &format!("split vs one LP ({capacitated_lanes}, {hubs} hubs)"),
        );
        if capacitated_lanes == 0.0 {
            let network = solve_with(&instance, LpSolver::Network, true);
            assert_eq!(network.status, PlanStatus::Optimal);
            assert_close(
                cost(&network),
                cost(&whole),
                &format!("network simplex vs one LP ({hubs} hubs)"),
            );
        }
    }
}

#[test]
fn generated_scenarios_of_several_shapes_plan() {
    for seed in 1..=4 {
        let options = GenerateOptions {
            farms: 5 + seed as usize * 7,
            stores: 2 + seed as usize,
            products: seed as usize * 3,
            weeks: 4 * seed as u32,
            lanes_per_farm: seed as usize,
            hubs: seed as usize % 3,
            capacitated_lanes: 0.25 * (seed % 2) as f64,
            seed,
        };
        let instance = generated(&options);
        assert_eq!(instance.products.len(), options.products);
        let outcome = solve_with(&instance, LpSolver::Clarabel, true);
        assert_eq!(outcome.status, PlanStatus::Optimal, "seed {seed}");
    }
}

/// `auto` tries the network simplex on pure networks, microlp first on
/// other models (with a time budget when large), and Clarabel after it.
#[test]
fn auto_tries_solvers_in_the_documented_order() {
    use agrimatch::model::build_model;
    use agrimatch::solve::auto_attempts;
    let small = GenerateOptions {
        farms: 10,
        stores: 3,
        products: 2,
        weeks: 4,
        capacitated_lanes: 0.0,
        ..GenerateOptions::default()
    };
    let network = build_model(&generated(&small));
    let order: Vec<LpSolver> = auto_attempts(&network).into_iter().map(|a| a.0).collect();
    assert_eq!(order[0], LpSolver::Network);
    let coupled = GenerateOptions {
        farms: 80,
        stores: 20,
        products: 4,
        weeks: 26,
        capacitated_lanes: 0.5,
        ..GenerateOptions::default()
    };
    let model = build_model(&generated(&coupled));
    assert!(model.columns.len() > agrimatch::solve::AUTO_MICROLP_MAX_COLUMNS);
    let attempts = auto_attempts(&model);
    if !LpSolver::Highs.is_available() {
        assert_eq!(attempts[0].0, LpSolver::Microlp);
        assert!(attempts[0].1.is_some(), "large models get microlp within a budget");
        assert_eq!(attempts[1], (LpSolver::Clarabel, None));
    }
}
