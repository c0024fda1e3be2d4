//! Generated scenarios: valid, plannable, and split into blocks exactly
//! when products share no capacitated lane or storage.

use agrimatch::data::{read_instance_from, Instance, MemoryFiles};
use agrimatch::model::LpSolver;
use agrimatch::scenario::{generate_scenario, GenerateOptions};

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
        assert!(split.is_optimal(), "{:?}", split.status());
        assert!(whole.is_optimal(), "{:?}", whole.status());
        if capacitated_lanes == 0.0 {
            // Products out of season in these 8 weeks have no rows and no block.
            let mut active: Vec<usize> = instance.supply.iter().map(|s| s.product.0).collect();
            active.extend(instance.demand.iter().map(|d| d.product.0));
            active.sort_unstable();
            active.dedup();
            assert!(active.len() >= 2);
            assert_eq!(
                split.blocks,
                active.len(),
                "no shared capacity: one block per product in season"
            );
        } else {
            assert!(split.blocks < 2, "shared trucks couple the products in season");
        }
        let cost = |o: &agrimatch::solve::PlanOutcome| o.plan().expect("verified").costs.total();
        assert_close(
            cost(&split),
            cost(&whole),
            &format!("split vs one LP ({capacitated_lanes}, {hubs} hubs)"),
        );
        if capacitated_lanes == 0.0 {
            let network = solve_with(&instance, LpSolver::Network, true);
            assert!(network.is_optimal(), "{:?}", network.status());
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
        assert!(outcome.is_optimal(), "seed {seed}: {:?}", outcome.status());
    }
}

/// `auto` tries the network simplex on pure networks, the coupled simplex
/// then microlp on networks with coupling rows (no time budget: the choice never depends on the clock),
/// and Clarabel after it.
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
    let order = auto_attempts(&network);
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
    let attempts = auto_attempts(&model);
    if !LpSolver::Highs.is_available() {
        assert_eq!(attempts, [LpSolver::Coupled, LpSolver::Microlp, LpSolver::Clarabel]);
    }
}

/// Regions that no lane joins are planned apart too, even when trucks are
/// shared within each: two valleys, each a farm, a capped lane and a store.
#[test]
fn regions_without_a_common_lane_are_separate_blocks() {
    let scenario = crate::common::Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,14,8\ncabbage,7,2\n")
        .with("farms.csv", "farm,region\nMuyin-1,Luodian\nZiyun-1,Ziyun\n")
        .with("stores.csv", "store,region\nJingkai,Jingkai\nHuaxi,Huaxi\n")
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,plum,1,100\nMuyin-1,cabbage,1,80\nZiyun-1,plum,2,60\nZiyun-1,cabbage,1,90\n",
        )
        .with(
            "demand.csv",
            "store,product,week,quantity_kg\nJingkai,plum,1,70\nJingkai,cabbage,2,50\nHuaxi,plum,2,90\nHuaxi,cabbage,1,40\n",
        )
        .with(
            "lanes.csv",
            "from,to,cost_per_kg,capacity_kg_per_week\nMuyin-1,Jingkai,0.5,120\nZiyun-1,Huaxi,0.4,100\n",
        );
    let instance = scenario.instance();
    for solver in [LpSolver::Microlp, LpSolver::Clarabel] {
        let split = solve_with(&instance, solver, true);
        let whole = solve_with(&instance, solver, false);
        assert_eq!(split.blocks, 2, "one block per valley (products share trucks)");
        let cost = |o: &agrimatch::solve::PlanOutcome| o.plan().expect("verified").costs.total();
        assert_close(cost(&split), cost(&whole), "split vs one LP");
    }
}

/// The coupled simplex on generated scenarios bigger than the random ones
/// of `properties`: hubs, half or all lanes capacitated, several seeds.
/// Same optimum as microlp (1e-6 relative), plans verified, as one LP and
/// split. No size makes it decline: every lane capacitated with hubs (the
/// case that once outgrew the dense working basis) is solved too.
#[test]
fn coupled_simplex_matches_microlp_on_generated_scenarios() {
    for (hubs, capacitated_lanes, seed) in [(0, 0.5, 1), (2, 0.5, 2), (2, 1.0, 3), (0, 0.2, 4)] {
        let options = GenerateOptions {
            farms: 24,
            stores: 6,
            products: 3,
            weeks: 10,
            lanes_per_farm: 3,
            hubs,
            capacitated_lanes,
            seed,
        };
        let instance = generated(&options);
        for split in [true, false] {
            let what = format!("{hubs} hubs, {capacitated_lanes} capacitated, seed {seed}, split {split}");
            let coupled = solve_with(&instance, LpSolver::Coupled, split);
            let lp = solve_with(&instance, LpSolver::Microlp, split);
            assert!(lp.is_optimal(), "{what}: {:?}", lp.status());
            assert!(coupled.is_optimal(), "{what}: coupled ended {:?}", coupled.status());
            let cost = |o: &agrimatch::solve::PlanOutcome| o.plan().expect("verified").costs.total();
            assert_close(cost(&coupled), cost(&lp), &format!("coupled vs microlp, {what}"));
        }
    }
}
