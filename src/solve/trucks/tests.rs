//! Unit tests of the truck search: the bound, the variants and the moves,
//! on hand-derived cases.

use super::bound::DemandSide;
use super::moves::{descend, exchange_targets, lanes_to_open, opening_slopes, polish, trade};
use super::search::{Search, Starts};
use super::variants::{fixed_instance, kept_instance, merge_overflow, repriced_instance, sunk_instance};
use super::*;
use crate::data::{read_instance_from, MemoryFiles, ProductIx};
use crate::solve::plan::Plan;
use crate::solve::verify::verify_plan;
use std::collections::BTreeSet;

/// One farm, one store, one week: 7,000 kg harvested and ordered (worth
/// 5, short at 10 a kg), one lane of 5,000 kg trucks at 100 a truck, no
/// cost per kg, `capacity` kg a week (blank: none).
fn one_lane(capacity: &str) -> Instance {
    let lanes = format!(
        "from,to,cost_per_kg,capacity_kg_per_week,truck_kg,cost_per_truck\nMuyin-1,Jingkai,0,{capacity},5000,100\n"
    );
    let files = [
        ("products.csv", "product,shelf_life_days,value_per_kg\nplum,14,5\n"),
        ("farms.csv", "farm,region\nMuyin-1,Luodian\n"),
        ("stores.csv", "store,region\nJingkai,Jingkai\n"),
        ("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,7000\n"),
        ("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,1,7000\n"),
        ("lanes.csv", lanes.as_str()),
    ];
    read_instance_from(&MemoryFiles::from_texts(&files)).expect("the test scenario is valid")
}

/// A shelf life of 4,294,967,290 days kept in daily periods: arrival
/// week plus fresh weeks passes `u32::MAX`. That sum once wrapped into
/// the horizon, pricing the lane as if its kg spoiled at once: the bound
/// (652) came out above the plan's cost (202). Now the kg may be closing
/// stock, so the demand side gives no bound, and the bound stays below
/// the cost of every plan (in a debug build the old sum panicked).
#[test]
fn a_shelf_life_past_u32_does_not_wrap_the_demand_bound() {
    let files = [
        ("scenario.toml", "period_days = 1\n"),
        (
            "products.csv",
            "product,shelf_life_days,value_per_kg\nplum,4294967290,5\n",
        ),
        ("farms.csv", "farm,region\nMuyin-1,Luodian\n"),
        ("stores.csv", "store,region\nJingkai,Jingkai\n"),
        ("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,7,3000\n"),
        (
            "demand.csv",
            "store,product,week,quantity_kg\nJingkai,plum,7,1000\nJingkai,plum,8,1000\nJingkai,plum,10,1000\n",
        ),
        (
            "lanes.csv",
            "from,to,cost_per_kg,truck_kg,cost_per_truck\nMuyin-1,Jingkai,0.01,5000,100\n",
        ),
    ];
    let instance = read_instance_from(&MemoryFiles::from_texts(&files)).expect("the test scenario is valid");
    let weights = ObjectiveWeights::of(&instance);
    let demand = DemandSide::of(&instance, &weights);
    for week in 1..=instance.weeks {
        assert_eq!(demand.bound(LaneIx(0), ProductIx(0), week), None, "week {week}");
    }
    let outcome =
        crate::solve::solve_instance(&instance, &crate::solve::SolveOptions::default()).expect("the scenario plans");
    let search = outcome.trucks.as_ref().expect("a truck search");
    let cost = outcome.plan().expect("a verified plan").costs.total();
    assert!(
        search.lower_bound <= cost + 1e-9,
        "bound {} above cost {cost}",
        search.lower_bound
    );
    assert!(search.gap >= 0.0, "{search:?}");
}

/// One farm, one store, one week, 7,000 kg harvested and ordered (short
/// at 10 a kg), two routes with 5,000 kg trucks at 100 a truck: `A`
/// straight to the store at no cost per kg, `B` to a hub at 0.01 a kg
/// (and on from the hub, no trucks, no cost). Lanes: 0 `A`, 1 `B`, 2
/// the hub's.
fn two_routes() -> Instance {
    let files = [
        ("products.csv", "product,shelf_life_days,value_per_kg\nplum,14,5\n"),
        ("farms.csv", "farm,region\nMuyin-1,Luodian\n"),
        ("hubs.csv", "hub,region\nGuiyang-DC,Guiyang\n"),
        ("stores.csv", "store,region\nJingkai,Jingkai\n"),
        ("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,7000\n"),
        ("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,1,7000\n"),
        (
            "lanes.csv",
            "from,to,cost_per_kg,truck_kg,cost_per_truck\nMuyin-1,Jingkai,0,5000,100\nMuyin-1,Guiyang-DC,0.01,5000,100\nGuiyang-DC,Jingkai,0,,\n",
        ),
    ];
    read_instance_from(&MemoryFiles::from_texts(&files)).expect("the test scenario is valid")
}

/// Hand-derived: relaxed loads lane 0: 1,000 + 500, lane 1: 300, lane
/// 2: 900; the best plan's: lane 0: 700, lane 1: 400, lane 2: 100. Lane
/// 2 is 800 kg short of the relaxation, lane 0 800 too (ties by lane:
/// 0 first), lane 1 carries more than the relaxation and is left out.
#[test]
fn lanes_to_open_are_the_ones_the_bound_loads_beyond_the_best_plan() {
    let relaxed = BTreeMap::from([
        ((LaneIx(0), 1), 1000.0),
        ((LaneIx(0), 2), 500.0),
        ((LaneIx(1), 1), 300.0),
        ((LaneIx(2), 2), 900.0),
    ]);
    let best = BTreeMap::from([
        ((LaneIx(0), 1), 700.0),
        ((LaneIx(1), 2), 400.0),
        ((LaneIx(2), 1), 100.0),
    ]);
    assert_eq!(lanes_to_open(&relaxed, &best), vec![LaneIx(0), LaneIx(2)]);
}

/// Opening `A` frees it (0 a kg) and prices `B`, out of the same farm,
/// at 100 / 5,000 = 0.02 a kg; the hub's lane has no trucks and is not
/// named. Opening `B` likewise.
#[test]
fn an_opening_move_frees_the_lane_and_prices_its_siblings() {
    let instance = two_routes();
    assert_eq!(
        opening_slopes(&instance, LaneIx(0)),
        BTreeMap::from([((LaneIx(0), 1), 0.0), ((LaneIx(1), 1), 0.02)])
    );
    assert_eq!(
        opening_slopes(&instance, LaneIx(1)),
        BTreeMap::from([((LaneIx(0), 1), 0.02), ((LaneIx(1), 1), 0.0)])
    );
}

/// The re-priced lane-week has no paid trucks: its copy carries the
/// kg at the slope. Hand-derived on `two_lanes`, one truck paid on each:
/// re-pricing `A` at 0 a kg sends `B`'s 2,000 kg onto `A` beyond its
/// paid truck (0 on the copy against 0.01 on `B`'s paid one): plan 7,000
/// kg on `A` in 2 trucks, 200. At a slope of 1 a kg `A` keeps no paid
/// truck and carries nothing: 5,000 on `B`'s paid truck and 2,000 on its
/// copy (0.01 + 0.02 a kg, less than 10 short): 3 trucks... no, `B`:
/// 7,000 kg in 2 trucks, 200 + 70.
#[test]
fn a_repriced_lane_drops_its_paid_trucks_and_charges_the_slope() {
    let instance = two_routes();
    let weights = ObjectiveWeights::of(&instance);
    let paid = BTreeMap::from([((LaneIx(0), 1), 1), ((LaneIx(1), 1), 1)]);
    for (slope, lane, cost) in [(0.0, LaneIx(0), 200.0), (1.0, LaneIx(1), 270.0)] {
        let variant = repriced_instance(&instance, &paid, &BTreeMap::from([((LaneIx(0), 1), slope)]));
        assert_eq!(variant.lanes[0].capacity_in(1), Some(0.0), "no paid trucks on A");
        assert_eq!(variant.lanes.len(), 5, "a copy per truck lane");
        assert_eq!(variant.lanes[3].cost_in(1), slope, "A's copy at the slope");
        assert_eq!(variant.lanes[1].capacity_in(1), Some(5000.0), "B keeps its truck");
        let options = SolveOptions::default();
        let (outcome, _) = solve_instance_from(&variant, &weights, &options, None).expect("solves");
        let mut plan = outcome.plan().expect("a plan").plan.clone();
        merge_overflow(&instance, &mut plan);
        plan.count_trucks(&instance);
        let verified = verify_plan(&instance, &weights, &plan, None).expect("verifies");
        assert!(
            (verified.costs.total() - cost).abs() < 1e-6,
            "slope {slope}: {}",
            verified.costs.total()
        );
        assert_eq!(plan.trucks.iter().filter(|t| t.trucks > 0.0).count(), 1);
        assert_eq!(plan.trucks.iter().find(|t| t.trucks > 0.0).map(|t| t.lane), Some(lane));
    }
}

/// Hand-derived: from the plan with one truck on each lane (5,000 kg on
/// `A`, 2,000 on `B`: 200 + 20), the drop walk drops `B`'s truck (the
/// least filled); with `A`'s truck sunk the 2,000 kg go on a second
/// truck of `A` (0.02 a kg, against 0.03 on `B`): 200, which becomes
/// the search's best although the walk did not start from it.
#[test]
fn the_drop_walk_from_a_dearer_plan_finds_a_cheaper_one() {
    let instance = two_routes();
    let weights = ObjectiveWeights::of(&instance);
    let mut search = Search::new(&instance, &weights, &SolveOptions::default(), Starts::Warm, 140.0);
    let start = BTreeMap::from([((LaneIx(0), 1), 1), ((LaneIx(1), 1), 1)]);
    let plan = search
        .solve(&fixed_instance(&instance, &start))
        .expect("solves")
        .expect("a plan");
    let cost = search.last_cost.expect("verified");
    assert!((cost - 220.0).abs() < 1e-6, "{cost}");
    descend(&mut search, plan, cost, 4).expect("solves");
    let best = search.best.as_ref().expect("a best plan");
    assert!((best.cost - 200.0).abs() < 1e-6, "{}", best.cost);
    assert_eq!(best.trucks(), BTreeMap::from([((LaneIx(0), 1), 2)]));
    assert!(search.solves <= 2 + 4, "the budget holds: {}", search.solves);
}

/// Hand-derived on `two_routes`: from one truck on each lane (220, as
/// above) no fixed drop pays (`A`'s truck is full; without `B`'s, 2,000
/// kg are short at 10 a kg), but moving `B`'s truck to `A` (its sibling
/// out of the same farm) does: 7,000 kg on `A`'s two trucks, 200, the
/// optimum. The hub's lane has no trucks, so `A` is `B`'s only target.
#[test]
fn trading_moves_a_truck_to_a_sibling_lane() {
    let instance = two_routes();
    assert_eq!(exchange_targets(&instance, (LaneIx(1), 1)), vec![(LaneIx(0), 1)]);
    let weights = ObjectiveWeights::of(&instance);
    let mut search = Search::new(&instance, &weights, &SolveOptions::default(), Starts::Warm, 140.0);
    let start = BTreeMap::from([((LaneIx(0), 1), 1), ((LaneIx(1), 1), 1)]);
    search.solve(&fixed_instance(&instance, &start)).expect("solves");
    trade(&mut search).expect("solves");
    let best = search.best.as_ref().expect("a best plan");
    assert!((best.cost - 200.0).abs() < 1e-6, "{}", best.cost);
    assert_eq!(best.trucks(), BTreeMap::from([((LaneIx(0), 1), 2)]));
}

/// A plan within `--gap` (200 against a bound of 199: 0.5%) stops the
/// search's steps, and the polish spends solves past it, at most
/// `POLISH_SOLVES`; a plan at the bound (proven optimal) is not polished.
#[test]
fn a_plan_within_the_gap_is_polished_for_a_bounded_count_of_solves() {
    let instance = two_routes();
    let weights = ObjectiveWeights::of(&instance);
    for (bound, polished) in [(199.0, true), (200.0, false)] {
        let mut search = Search::new(&instance, &weights, &SolveOptions::default(), Starts::Warm, bound);
        let two = BTreeMap::from([((LaneIx(0), 1), 2)]);
        search.solve(&fixed_instance(&instance, &two)).expect("solves");
        assert!(!search.may_solve(), "bound {bound}: within the gap, the steps stop");
        let at_gap = search.solves;
        polish(&mut search).expect("solves");
        if polished {
            assert!(search.solves > at_gap, "the polish solved");
            assert!(search.solves <= at_gap + POLISH_SOLVES, "{}", search.solves);
        } else {
            assert_eq!(search.solves, at_gap, "an optimal plan is not polished");
        }
        assert!(!search.may_solve());
    }
}

/// Hand-derived on `two_routes`, `A`'s one truck kept: `A` carries 5,000
/// kg at no surcharge and no more, `B` (not kept) is priced as in the
/// relaxation, 0.01 + 100 / 5,000 a kg, without copies of lanes: the other
/// 2,000 kg go on `B` (60 by the kg, against 20,000 short), counted as one
/// truck there: 200 + 20.
#[test]
fn a_kept_variant_fixes_the_kept_trucks_and_prices_the_rest() {
    let instance = two_routes();
    let weights = ObjectiveWeights::of(&instance);
    let variant = kept_instance(&instance, &BTreeMap::from([((LaneIx(0), 1), 1)]));
    assert_eq!(variant.lanes.len(), instance.lanes.len(), "no lane copies");
    assert_eq!(variant.lanes[0].capacity_in(1), Some(5000.0));
    assert_eq!(variant.lanes[0].cost_in(1), 0.0);
    assert!((variant.lanes[1].cost_in(1) - 0.03).abs() < 1e-12);
    let (outcome, _) = solve_instance_from(&variant, &weights, &SolveOptions::default(), None).expect("solves");
    let mut plan = outcome.plan().expect("a plan").plan.clone();
    plan.count_trucks(&instance);
    let cost = verify_plan(&instance, &weights, &plan, None)
        .expect("verifies")
        .costs
        .total();
    assert!((cost - 220.0).abs() < 1e-6, "{cost}");
}

/// The sunk variant's plan, its copies merged, counted and verified.
fn sunk_plan(instance: &Instance, paid: u32, capped: &BTreeSet<LaneWeek>) -> (Plan, f64) {
    let weights = ObjectiveWeights::of(instance);
    let trucks = BTreeMap::from([((LaneIx(0), 1), paid)]);
    let variant = sunk_instance(instance, &trucks, capped);
    let (outcome, _) = solve_instance_from(&variant, &weights, &SolveOptions::default(), None).expect("solves");
    let mut plan = outcome.plan().expect("a plan").plan.clone();
    merge_overflow(instance, &mut plan);
    plan.count_trucks(instance);
    let cost = verify_plan(instance, &weights, &plan, None)
        .expect("a merged plan verifies")
        .costs
        .total();
    (plan, cost)
}

/// Hand-derived: with one truck paid, the lane carries 5,000 kg free
/// and its copy the other 2,000 kg at 100 / 5,000 = 0.02 a kg (40, less
/// than 2,000 kg short at 10): the merged plan is one shipment of 7,000
/// kg on the lane, two trucks, 200.
#[test]
fn a_sunk_variant_ships_beyond_the_paid_trucks_and_merges_back() {
    let instance = one_lane("");
    let variant = sunk_instance(&instance, &BTreeMap::from([((LaneIx(0), 1), 1)]), &BTreeSet::new());
    assert_eq!(variant.lanes.len(), 2, "one copy per truck lane");
    assert!(variant.lanes.iter().all(|l| l.truck.is_none()));
    assert_eq!(variant.lanes[0].capacity_in(1), Some(5000.0));
    assert_eq!(variant.lanes[1].cost_in(1), 0.02);
    let (plan, cost) = sunk_plan(&instance, 1, &BTreeSet::new());
    assert_eq!(
        plan.shipments.len(),
        1,
        "the copy's kg are merged: {:?}",
        plan.shipments
    );
    assert_eq!(plan.shipments[0].lane, LaneIx(0));
    assert!((plan.shipments[0].quantity_kg - 7000.0).abs() < 1e-6);
    assert_eq!(plan.trucks.iter().map(|t| t.trucks).sum::<f64>(), 2.0);
    assert!((cost - 200.0).abs() < 1e-6, "{cost}");
}

/// A capped lane-week has no room beyond its paid trucks: one full truck
/// and 2,000 kg short, 100 + 20,000.
#[test]
fn a_capped_lane_week_keeps_to_its_paid_trucks() {
    let instance = one_lane("");
    let (plan, cost) = sunk_plan(&instance, 1, &BTreeSet::from([(LaneIx(0), 1)]));
    assert_eq!(plan.trucks.iter().map(|t| t.trucks).sum::<f64>(), 1.0);
    assert!((cost - 20_100.0).abs() < 1e-6, "{cost}");
}

/// The lane and its copy share the lane's capacity (6,000 kg): 5,000 kg
/// on the paid truck, 1,000 on the copy, never 7,000.
#[test]
fn the_lane_and_its_copy_share_the_capacity() {
    let instance = one_lane("6000");
    let variant = sunk_instance(&instance, &BTreeMap::from([((LaneIx(0), 1), 1)]), &BTreeSet::new());
    assert_eq!(variant.lanes[0].capacity_in(1), Some(5000.0));
    assert_eq!(variant.lanes[1].capacity_in(1), Some(1000.0));
    let (plan, cost) = sunk_plan(&instance, 1, &BTreeSet::new());
    let shipped: f64 = plan.shipments.iter().map(|f| f.quantity_kg).sum();
    assert!((shipped - 6000.0).abs() < 1e-6, "{shipped}");
    // Two trucks (200) and 1,000 kg short (10,000).
    assert!((cost - 10_200.0).abs() < 1e-6, "{cost}");
}
