//! Support purchases (`support.csv`): a buyer of last resort for assisted
//! households, within a budget. Hand-derived optima, the budget as a hard
//! limit that `verify` checks, support kg as sales, and the budget table.

use std::path::Path;

use assert_cmd::Command;

use agrimatch::model::{build_model, LpSolver};
use agrimatch::scenario::support::budget_table;
use agrimatch::solve::plan::SupportFlow;
use agrimatch::solve::{compute_figures, verify_plan, Plan, SolveOptions};

use crate::common::{assert_close, solve, Scenario};

/// An assisted household (priority 1) with 1,000 kg of produce worth 2/kg
/// that keeps 3 days (so it spoils in its week), a market that orders
/// none, and a support office at 2.6/kg (Zhongyang's 1.3 yuan/jin) with
/// `budget`. Lanes cost 0.1/kg.
fn household(budget: &str) -> Scenario {
    Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg\nwalnut,3,2\n")
        .with("farms.csv", "farm,region,priority\nHousehold,a,1\n")
        .with("stores.csv", "store,region\nMarket,c\nOffice,c\n")
        .with("supply.csv", "farm,product,week,quantity_kg\nHousehold,walnut,1,1000\n")
        .with("demand.csv", "store,product,week,quantity_kg\nMarket,walnut,1,0\n")
        .with(
            "lanes.csv",
            "from,to,cost_per_kg\nHousehold,Market,0.1\nHousehold,Office,0.1\n",
        )
        .with(
            "support.csv",
            &format!("buyer,product,price_per_kg,budget\nOffice,walnut,2.6,{budget}\n"),
        )
}

/// 1,300 / 2.6 = 500 kg bought, the other 500 kg spoil. Cost by hand:
/// waste 500 x 2 x (1 + 1) = 2,000, transport 500 x 0.1 = 50, support
/// 500 x 0.01 (the default cost_per_kg) = 5; total 2,055.
#[test]
fn a_budget_of_1300_buys_500_kg_and_500_kg_spoil() {
    let instance = household("1300").instance();
    for solver in [LpSolver::Coupled, LpSolver::Microlp, LpSolver::Clarabel] {
        let outcome = solve(&instance, solver);
        let verified = outcome
            .plan()
            .unwrap_or_else(|| panic!("{}: {:?}", solver.name(), outcome.status()));
        let figures = compute_figures(&instance, verified);
        assert_close(figures.support_kg(), 500.0, solver.name());
        assert_close(figures.waste_kg, 500.0, solver.name());
        assert_close(figures.support_spent(), 1300.0, solver.name());
        assert_close(figures.support_budget_left().expect("a budget"), 0.0, solver.name());
        assert_close(verified.costs.total(), 2055.0, solver.name());
        assert_close(verified.costs.support, 5.0, solver.name());
    }
}

#[test]
fn auto_takes_the_budget_row_with_the_coupled_simplex_and_no_budget_as_a_network() {
    let limited = solve_auto(&household("1300").instance());
    assert_eq!(limited.block_solvers, vec![LpSolver::Coupled]);
    let unlimited = solve_auto(&household("").instance());
    assert_eq!(unlimited.block_solvers, vec![LpSolver::Network]);
    let figures = compute_figures(&household("").instance(), unlimited.plan().expect("verified"));
    assert_close(figures.support_kg(), 1000.0, "no limit buys everything");
    assert_eq!(figures.support_budget_left(), None);
}

fn solve_auto(instance: &agrimatch::data::Instance) -> agrimatch::solve::PlanOutcome {
    agrimatch::solve::solve_instance(instance, &SolveOptions::default()).expect("solves")
}

/// `verify` refuses a plan that spends more than the budget, and one that
/// buys from a farm the line does not buy from.
#[test]
fn verify_never_lets_the_budget_be_exceeded() {
    let instance = household("1300").instance();
    let office = instance
        .lanes
        .iter()
        .position(|l| instance.location(l.to).id == "Office")
        .expect("lane");
    let bought = |kg: f64| Plan {
        support: vec![SupportFlow {
            line: 0,
            lane: agrimatch::data::LaneIx(office),
            week: 1,
            age: 0,
            quantity_kg: kg,
        }],
        ..Plan::default()
    };
    let weights = agrimatch::model::ObjectiveWeights::of(&instance);
    assert!(verify_plan(&instance, &weights, &bought(500.0), None).is_ok());
    let violations = verify_plan(&instance, &weights, &bought(600.0), None).expect_err("over budget");
    assert!(
        violations
            .iter()
            .any(|v| v.0.contains("spends 1560.000000 on walnut, budget 1300")),
        "{violations:?}"
    );
    let market = Plan {
        support: vec![SupportFlow {
            lane: agrimatch::data::LaneIx(1 - office),
            ..bought(100.0).support[0].clone()
        }],
        ..Plan::default()
    };
    let violations = verify_plan(&instance, &weights, &market, None).expect_err("wrong lane");
    assert!(
        violations.iter().any(|v| v.0.contains("not on a lane")),
        "{violations:?}"
    );
}

/// Support kg are sales: they count in the farm's sold share, its income
/// (at the buyer's price) and its `min_sold_share`.
#[test]
fn verify_counts_support_purchases_as_sales() {
    let with_minimum = household("1300").with("farms.csv", "farm,region,priority,min_sold_share\nHousehold,a,1,0.5\n");
    let instance = with_minimum.instance();
    let outcome = solve(&instance, LpSolver::Microlp);
    let verified = outcome.plan().expect("verified");
    assert_eq!(
        verified.costs.fairness, 0.0,
        "500 of 1,000 kg sold meets a share of 0.5"
    );
    let figures = compute_figures(&instance, verified);
    let farm = figures.farms.values().next().expect("one farm row");
    assert_close(farm.shipped_kg, 500.0, "sold kg");
    assert_close(farm.support_kg, 500.0, "support kg");
    assert_close(farm.income, 1300.0, "income at 2.6/kg");
    assert_close(figures.lowest_priority_farm_sold_share(&instance), 0.5, "sold share");
}

/// A budget of zero plans exactly as the scenario without support.csv, on
/// a scenario where commercial orders, hubs and capacities all play.
#[test]
fn a_budget_of_zero_is_todays_plan() {
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny");
    let read = |name: &str| std::fs::read_to_string(tiny.join(name)).expect("tiny scenario");
    let mut today = Scenario(Default::default());
    for name in [
        "products.csv",
        "farms.csv",
        "hubs.csv",
        "stores.csv",
        "supply.csv",
        "demand.csv",
    ] {
        today = today.with(name, &read(name));
    }
    let lanes = read("lanes.csv") + "Muyin-1,Huaxi-market,0.4,0.2,\n";
    let today = today.with("lanes.csv", &lanes);
    let zero = today.clone().with(
        "support.csv",
        "buyer,product,price_per_kg,budget\nHuaxi-market,honey-plum,9,0\n",
    );
    for solver in [LpSolver::Coupled, LpSolver::Microlp, LpSolver::Clarabel] {
        let a = solve(&today.instance(), solver);
        let b = solve(&zero.instance(), solver);
        let (a, b) = (a.plan().expect("verified"), b.plan().expect("verified"));
        assert_close(b.costs.total(), a.costs.total(), solver.name());
        assert!(b.plan.support.is_empty());
    }
    // And with a budget, the plan wastes less.
    let some = today.with(
        "support.csv",
        "buyer,product,price_per_kg,budget\nHuaxi-market,honey-plum,9,900\n",
    );
    let instance = some.instance();
    let verified = solve(&instance, LpSolver::Coupled).into_plan().expect("verified");
    let figures = compute_figures(&instance, &verified);
    assert_close(figures.support_kg(), 100.0, "900 / 9");
    assert_close(
        figures.waste_kg,
        200.0,
        "300 kg of week-1 plums wasted today, 100 bought",
    );
}

/// More budget never raises waste, and a kg of waste avoided per yuan is
/// 1 / price while produce is left to buy.
#[test]
fn the_budget_table_is_monotone() {
    let instance = household("1300").instance();
    let budgets = [
        Some(0.0),
        Some(650.0),
        Some(1300.0),
        Some(2000.0),
        Some(2600.0),
        Some(5000.0),
        None,
    ];
    let rows = budget_table(&instance, &budgets, &SolveOptions::default()).expect("plans");
    for pair in rows.windows(2) {
        let (low, high) = (&pair[0], &pair[1]);
        assert!(
            high.waste_kg.expect("planned") <= low.waste_kg.expect("planned") + 1e-6,
            "{pair:?}"
        );
        assert!(
            high.cost.expect("planned") <= low.cost.expect("planned") + 1e-6,
            "{pair:?}"
        );
    }
    assert_close(
        rows[1].waste_avoided_per_yuan(&rows[0]).expect("two budgets"),
        1.0 / 2.6,
        "per yuan",
    );
    assert_close(rows[0].waste_kg.expect("planned"), 1000.0, "no budget, all spoil");
    assert_close(rows[4].waste_kg.expect("planned"), 0.0, "2,600 buys all");
}

/// The marginal value of the budget: a yuan buys 1/2.6 kg that would spoil
/// at 2 x (1 + 1) = 4 a kg, less 0.1 transport and 0.01 support cost.
#[test]
fn a_yuan_of_budget_saves_what_the_kg_it_buys_would_cost() {
    let instance = household("1300").instance();
    let values = agrimatch::solve::marginal::marginal_values(&instance).expect("duals");
    let budget = values
        .iter()
        .find(|v| v.kind == agrimatch::solve::marginal::MarginalKind::SupportBudget)
        .expect("a budget value");
    assert_close(budget.cost_per_kg, -(4.0 - 0.11) / 2.6, "per yuan");
}

#[test]
fn support_lines_are_validated_with_positions() {
    let problems = household("1300")
        .with("support.csv", "buyer,product,price_per_kg,farm\nMarket,walnut,2.6,\nOffice,walnut,2.6,Household\nHousehold,walnut,1,\nOffice,plum,1,\n")
        .with("lanes.csv", "from,to,cost_per_kg\nHousehold,Office,0.1\n")
        .problems();
    assert_eq!(
        problems,
        [
            "support.csv: line 2, column buyer: expected a lane from a farm with priority > 0 to \"Market\" in lanes.csv (support purchases travel straight from the farm to the buyer), found none",
            "support.csv: line 4, column buyer: expected a store, found \"Household\", which is a farm",
            "support.csv: line 5, column product: expected a product from products.csv, found \"plum\"",
        ]
    );
    let overlap = household("1300")
        .with(
            "support.csv",
            "buyer,product,price_per_kg,farm,week_from\nOffice,walnut,2.6,,1\nOffice,walnut,3,Household,1\n",
        )
        .problems();
    assert_eq!(overlap.len(), 1, "{overlap:?}");
    assert!(
        overlap[0].starts_with("support.csv: line 3: expected support lines that buy different kg"),
        "{overlap:?}"
    );
    let weeks = household("1300")
        .with(
            "support.csv",
            "buyer,product,price_per_kg,week_from,week_to\nOffice,walnut,2.6,3,2\n",
        )
        .problems();
    assert_eq!(
        weeks,
        ["support.csv: line 2, column week_to: expected a week from week_from (3) on, found 2"]
    );
}

/// Only weeks the buyer buys in: arrivals in week 2 only.
#[test]
fn a_line_buys_only_in_its_weeks() {
    let scenario = household("")
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nHousehold,walnut,1,100\nHousehold,walnut,2,100\n",
        )
        .with(
            "support.csv",
            "buyer,product,price_per_kg,week_from,week_to\nOffice,walnut,2.6,2,2\n",
        );
    let instance = scenario.instance();
    let verified = solve(&instance, LpSolver::Microlp).into_plan().expect("verified");
    assert!(verified.plan.support.iter().all(|f| f.week == 2));
    assert_close(compute_figures(&instance, &verified).support_kg(), 100.0, "week 2 only");
    assert_eq!(
        build_model(&instance).columns.len(),
        1,
        "one support column, nothing else can move"
    );
}

/// Through the binary: the files mark support, `report` re-checks the
/// plan (flows.csv reads support back), `support` writes its table, and a
/// scenario without support.csv is refused by `support` with exit 2.
#[test]
fn the_commands_write_and_read_support() {
    let dir = household("1300").write();
    let out = dir.path().join("out");
    Command::cargo_bin("agrimatch")
        .expect("binary")
        .arg("plan")
        .arg(dir.path())
        .args(["--marginal-values", "--quiet"])
        .assert()
        .code(0);
    let shipments = std::fs::read_to_string(out.join("shipments.csv")).expect("shipments");
    assert_eq!(
        shipments,
        "from,to,product,ship_week,arrive_week,harvest_week,quantity_kg,cost,channel\nHousehold,Office,walnut,1,1,1,500.000,50.0000,support\n"
    );
    let summary = std::fs::read_to_string(out.join("summary.csv")).expect("summary");
    for line in [
        "support_kg,500.000\n",
        "support_spent,1300.0000\n",
        "support_budget_left,0.0000\n",
        "support_cost,5.0000\n",
    ] {
        assert!(summary.contains(line), "{line} in {summary}");
    }
    let farms = std::fs::read_to_string(out.join("farms.csv")).expect("farms");
    assert!(farms.contains("sold_kg,support_kg,waste_kg"), "{farms}");
    assert!(std::fs::read_to_string(out.join("marginal_values.csv"))
        .expect("values")
        .contains("support_budget,Office,,walnut,1,"));
    Command::cargo_bin("agrimatch")
        .expect("binary")
        .arg("report")
        .arg(&out)
        .assert()
        .code(0);
    Command::cargo_bin("agrimatch")
        .expect("binary")
        .arg("support")
        .arg(dir.path())
        .args(["--budgets", "0,1300,2600"])
        .assert()
        .code(0);
    let table = std::fs::read_to_string(dir.path().join("support/budgets.csv")).expect("budgets.csv");
    assert!(
        table.contains("\n1300,optimal,2055.0000,500.000,500.000,1300.0000,0.500000,0.384615\n"),
        "{table}"
    );
    let plain = Scenario::base().write();
    let assert = Command::cargo_bin("agrimatch")
        .expect("binary")
        .arg("support")
        .arg(plain.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("expected a support.csv with at least one support line"),
        "{stderr}"
    );
}

/// A rolling plan keeps the budget over the whole horizon: each window
/// gets what is left.
#[test]
fn a_rolling_plan_spends_the_budget_once() {
    let scenario = household("1300").with(
        "supply.csv",
        "farm,product,week,quantity_kg\nHousehold,walnut,1,400\nHousehold,walnut,2,400\nHousehold,walnut,3,400\n",
    );
    let instance = scenario.instance();
    let rolled = agrimatch::scenario::roll::roll(&instance, &instance, 1, &SolveOptions::default()).expect("rolls");
    let verified = rolled
        .outcome
        .plan()
        .expect("the committed plan verifies, budget included");
    let figures = compute_figures(&instance, verified);
    assert_close(figures.support_spent(), 1300.0, "spent once");
    assert_close(figures.support_kg(), 500.0, "1,300 / 2.6");
}

/// A rolling window that ends before the data does leaves to later windows
/// the kg that are still fresh at its end: 1,000 kg of walnuts that keep 4
/// weeks, harvested in week 1 and ordered in week 4. Planned whole, they go
/// to the order. Rolled two weeks at a time, the first window sees no
/// order, and its end values unsold stock at its priority part only (2 per
/// kg), less than the support buyer costs (0.11): without the rule the
/// buyer took all 1,000 kg in week 1 and the order went short. Now the
/// rolled plan is the whole plan.
#[test]
fn a_rolling_window_leaves_fresh_kg_to_later_orders() {
    let scenario = household("")
        .with("products.csv", "product,shelf_life_days,value_per_kg\nwalnut,28,2\n")
        .with("demand.csv", "store,product,week,quantity_kg\nMarket,walnut,4,1000\n");
    let instance = scenario.instance();
    let whole = solve(&instance, LpSolver::Coupled);
    let whole_figures = compute_figures(&instance, whole.plan().expect("planned"));
    assert_close(whole_figures.support_kg(), 0.0, "planned whole, the order takes it");
    assert_close(whole_figures.shortfall_kg, 0.0, "planned whole, nothing short");
    for horizon in [1, 2, 3] {
        let rolled =
            agrimatch::scenario::roll::roll(&instance, &instance, horizon, &SolveOptions::default()).expect("rolls");
        let verified = rolled.outcome.plan().expect("the committed plan verifies");
        let figures = compute_figures(&instance, verified);
        assert_close(
            figures.support_kg(),
            0.0,
            &format!("horizon {horizon}: nothing bought early"),
        );
        assert_close(
            figures.shortfall_kg,
            0.0,
            &format!("horizon {horizon}: the order is met"),
        );
    }
}

/// The greedy baseline sells to a support buyer what would otherwise rot,
/// as a planner by hand would: with 1,300 to spend at 2.6/kg, 500 kg of the
/// household's 1,000 spoiling kg go to the office and 500 kg spoil; the
/// LP's plan (2,055, by hand above) is the same here, so greedy costs it.
#[test]
fn the_greedy_baseline_sells_spoiling_kg_to_support_buyers() {
    let instance = household("1300").instance();
    let outcome = agrimatch::solve::solve_greedy(&instance);
    let verified = outcome.plan().expect("the baseline verifies");
    let figures = compute_figures(&instance, verified);
    assert_close(figures.support_kg(), 500.0, "bought within the budget");
    assert_close(figures.waste_kg, 500.0, "the rest spoils");
    assert_close(figures.support_spent(), 1300.0, "the whole budget");
    assert_close(verified.costs.total(), 2055.0, "as the LP");
    let unlimited = household("").instance();
    let outcome = agrimatch::solve::solve_greedy(&unlimited);
    let figures = compute_figures(&unlimited, outcome.plan().expect("the baseline verifies"));
    assert_close(figures.support_kg(), 1000.0, "no limit: every spoiling kg");
}
