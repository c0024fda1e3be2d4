//! Truck plans on small cases built to need two moves at once (issue 25):
//! two weeks' loads on one truck through a hub, hub routes cheap in trucks,
//! direct lanes dear in trucks (loads shifted between weeks and lanes).
//! Against the exact optimum of microlp's branch and bound on the truck
//! model (as in `trucks.rs`): the bound is never above it, and the plan at
//! the default gap is within 1% of it (issue 25).

use agrimatch::solve::{solve_instance, SolveOptions};

use crate::common::Scenario;
use crate::trucks::{mip_optimum, Mip};

/// A case of kind `seed % 3`: 0 plain, 1 hub lanes' trucks a quarter of the
/// price (a hub route the relaxation barely uses can pay), 2 direct lanes'
/// trucks twice the price (loads move to hubs and between weeks). Two
/// farms, a hub, two stores, four weeks, two products with shelf lives of
/// one to four weeks, trucks of 2 to 10 t on most lanes.
fn two_move_case(seed: u64) -> Scenario {
    let mut next = crate::common::xorshift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let kind = seed % 3;
    let mut supply = String::from("farm,product,week,quantity_kg\n");
    let mut demand = String::from("store,product,week,quantity_kg\n");
    for week in 1..=4 {
        for (farm, product) in [("F1", "plum"), ("F2", "plum"), ("F2", "kale")] {
            if next(10) < 7 {
                supply += &format!("{farm},{product},{week},{}\n", 100 * (5 + next(36)));
            }
        }
        for (store, product) in [("S1", "plum"), ("S2", "plum"), ("S2", "kale"), ("S1", "kale")] {
            if next(10) < 7 {
                demand += &format!("{store},{product},{week},{}\n", 100 * (3 + next(23)));
            }
        }
    }
    let truck_kg = [2000, 3000, 5000][next(3) as usize];
    let mut lanes = String::from("from,to,cost_per_kg,truck_kg,cost_per_truck\n");
    for (from, to) in [
        ("F1", "S1"),
        ("F1", "H"),
        ("F2", "H"),
        ("H", "S1"),
        ("H", "S2"),
        ("F2", "S2"),
        ("F1", "S2"),
    ] {
        let cost = format!("0.{:02}", 1 + next(30));
        let hub = from == "H" || to == "H";
        let mut per_truck = [100, 200, 400, 800][next(4) as usize];
        if kind == 1 && hub {
            per_truck /= 4;
        }
        if kind == 2 && !hub {
            per_truck *= 2;
        }
        let kg = if next(10) < 7 { truck_kg } else { 2 * truck_kg };
        if next(100) < 15 {
            lanes += &format!("{from},{to},{cost},,\n");
        } else {
            lanes += &format!("{from},{to},{cost},{kg},{per_truck}\n");
        }
    }
    let products = format!(
        "product,shelf_life_days,value_per_kg\nplum,{},3\nkale,{},2\n",
        [14, 21, 28][next(3) as usize],
        [7, 14, 21][next(3) as usize]
    );
    Scenario::base()
        .with("products.csv", &products)
        .with("farms.csv", "farm,region\nF1,a\nF2,b\n")
        .with("hubs.csv", "hub,region\nH,c\n")
        .with("stores.csv", "store,region\nS1,d\nS2,e\n")
        .with("supply.csv", &supply)
        .with("demand.csv", &demand)
        .with("lanes.csv", &lanes)
}

/// 30 built cases (ten of each kind): the bound never above the optimum,
/// the plan within 1% of it at the default gap. Seeds 8, 15, 18, 26 and 30
/// were 1.2% to 6.0% above before the trading step (fixed drops and
/// exchanges, `solve/trucks/moves.rs`); 28 of the 30 are now exact.
#[test]
fn two_move_cases_plan_within_one_percent_of_the_optimum() {
    let mut report = Vec::new();
    let mut misses = Vec::new();
    for seed in 1..=30 {
        let instance = two_move_case(seed).instance();
        let outcome = solve_instance(&instance, &SolveOptions::default()).expect("solves");
        let cost = outcome.plan().expect("a verified plan").costs.total();
        let search = outcome.trucks.as_ref().expect("a truck search");
        let tolerance = 1e-6 * cost.abs().max(1.0);
        let optimum = match mip_optimum(&instance) {
            Mip::Optimum(optimum) => optimum,
            Mip::Incumbent(plan) => {
                assert!(
                    search.lower_bound <= plan + tolerance,
                    "seed {seed}: bound above a plan"
                );
                continue;
            }
            Mip::Unknown => continue,
        };
        assert!(
            search.lower_bound <= optimum + tolerance,
            "seed {seed}: bound {} above the optimum {optimum}",
            search.lower_bound
        );
        let above = (cost - optimum) / optimum;
        report.push(format!(
            "seed {seed}: plan {cost} optimum {optimum} above {:.3}%",
            100.0 * above
        ));
        if above > 0.01 {
            misses.push(format!("seed {seed}: {:.4}%", 100.0 * above));
        }
    }
    assert!(
        misses.is_empty(),
        "plans above 1% of the optimum: {misses:?}\n{}",
        report.join("\n")
    );
    assert!(
        report.len() >= 20,
        "too few cases proved their optimum: {}",
        report.len()
    );
}
