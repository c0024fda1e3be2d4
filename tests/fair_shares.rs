//! Fair shares, each constraint with a small case checked by hand (the
//! arithmetic is in each comment).

use agrimatch::model::LpSolver;
use agrimatch::solve::compute_figures;

use crate::common::{assert_close, objective, solve, Scenario, SOLVERS};

/// Two farms, one store ordering 100 kg (penalty 50), produce worth nothing
/// if unsold. P ships at 2/kg, Q at 1/kg; both grow 100 kg.
fn two_farms(p_share: &str) -> Scenario {
    Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,14,0\n")
        .with(
            "farms.csv",
            &format!("farm,region,priority,min_sold_share\nP,a,1,{p_share}\nQ,b,0,\n"),
        )
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nP,plum,1,100\nQ,plum,1,100\n",
        )
        .with(
            "demand.csv",
            "store,product,week,quantity_kg,shortfall_penalty_per_kg\nJingkai,plum,1,100,50\n",
        )
        .with("lanes.csv", "from,to,cost_per_kg\nP,Jingkai,2\nQ,Jingkai,1\n")
}

/// Without a minimum the cheaper farm Q sells: 100 x 1 = 100. With P's
/// minimum share 0.8, P ships 80 (160) and Q 20 (20): 180.
#[test]
fn min_sold_share_makes_the_farm_sell() {
    for solver in SOLVERS {
        assert_close(objective(&two_farms("").instance(), solver), 100.0, "no minimum");
        let instance = two_farms("0.8").instance();
        let outcome = solve(&instance, solver);
        let verified = outcome.into_plan().expect("verified");
        assert_close(verified.costs.total(), 180.0, "P sells 80%");
        assert_close(verified.costs.fairness, 0.0, "the minimum is met");
        let figures = compute_figures(&instance, &verified);
        assert!(figures.farm_notes.is_empty(), "{:?}", figures.farm_notes);
    }
}

/// A farm no lane leaves cannot sell: the gap is penalised (50 kg short of
/// 0.5 x 100) and the report says why.
#[test]
fn an_impossible_minimum_is_a_named_gap_not_an_infeasible_model() {
    let instance = two_farms("0.5")
        .with("lanes.csv", "from,to,cost_per_kg\nQ,Jingkai,1\n")
        .instance();
    for solver in SOLVERS {
        let verified = solve(&instance, solver).into_plan().expect("verified");
        let penalty = agrimatch::model::ObjectiveWeights::of(&instance).fairness_penalty_per_kg();
        assert_close(verified.costs.fairness, 50.0 * penalty, "50 kg below the minimum");
        assert_close(verified.costs.total(), 100.0 + 50.0 * penalty, "Q still sells");
        let figures = compute_figures(&instance, &verified);
        let (share, why) = figures.farm_notes.values().next().expect("P is named");
        assert_eq!(*share, 0.0);
        assert_eq!(why, "no lane leaves the farm");
    }
}

/// One farm with 100 kg; stores A (lane 1/kg) and B (3/kg) order 100 each,
/// penalty 10, produce worthless unsold. The overall shortfall rate is 0.5.
fn two_stores(fair: Option<&str>, b_weight: &str) -> Scenario {
    let scenario = Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,14,0\n")
        .with("stores.csv", &format!("store,region,weight\nA,a,\nB,b,{b_weight}\n"))
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,100\n")
        .with(
            "demand.csv",
            "store,product,week,quantity_kg,shortfall_penalty_per_kg\nA,plum,1,100,10\nB,plum,1,100,10\n",
        )
        .with("lanes.csv", "from,to,cost_per_kg\nMuyin-1,A,1\nMuyin-1,B,3\n");
    match fair {
        Some(level) => scenario.with("scenario.toml", &format!("fair_shortfall = {level}\n")),
        None => scenario,
    }
}

/// No fairness: A gets all, 100 + 1000 short = 1100. Equal shares (0): 50
/// each, 50 + 150 + 1000 = 1200. Within 0.1 of the overall rate: B's rate
/// <= 0.6, so B gets 40: 60 + 120 + 1000 = 1180.
#[test]
fn fair_shortfall_bounds_each_stores_rate() {
    for solver in SOLVERS {
        assert_close(
            objective(&two_stores(None, "").instance(), solver),
            1100.0,
            "no fairness",
        );
        assert_close(
            objective(&two_stores(Some("0"), "").instance(), solver),
            1200.0,
            "equal shares",
        );
        assert_close(
            objective(&two_stores(Some("0.1"), "").instance(), solver),
            1180.0,
            "within 0.1",
        );
    }
    let instance = two_stores(Some("0"), "").instance();
    let figures = compute_figures(
        &instance,
        &solve(&instance, LpSolver::Microlp).into_plan().expect("verified"),
    );
    assert_close(figures.worst_store_fill_rate(), 0.5, "each store half filled");
}

/// B weighs 1.5 (a school): 1.5 (1 - x_B / 100) <= 0.5 + 0.2, so x_B >= 53.33;
/// A takes the rest, 46.67: 46.67 + 160 + 1000 = 1206.67. Weight 1: B >= 30,
/// 70 + 90 + 1000 = 1160.
#[test]
fn store_weight_favours_a_store() {
    for solver in SOLVERS {
        assert_close(
            objective(&two_stores(Some("0.2"), "").instance(), solver),
            1160.0,
            "weight 1",
        );
        assert_close(
            objective(&two_stores(Some("0.2"), "1.5").instance(), solver),
            100.0 - 160.0 / 3.0 + 160.0 + 1000.0,
            "weight 1.5",
        );
    }
}

/// Income at the support price where a buyer guarantees one (1.3 per kg
/// for P's plums), else at the product's value (5 per kg).
#[test]
fn income_uses_the_support_price() {
    let instance = Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,14,5\n")
        .with("farms.csv", "farm,region,priority\nP,a,1\nQ,b,0\n")
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg,support_price_per_kg\nP,plum,1,40,1.3\nQ,plum,1,40,\n",
        )
        .with("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,1,80\n")
        .with("lanes.csv", "from,to,cost_per_kg\nP,Jingkai,0.1\nQ,Jingkai,0.1\n")
        .instance();
    let figures = compute_figures(
        &instance,
        &solve(&instance, LpSolver::Microlp).into_plan().expect("verified"),
    );
    let income: Vec<f64> = figures.farms.values().map(|v| v.income).collect();
    assert_close(income[0], 40.0 * 1.3, "P at the support price");
    assert_close(income[1], 40.0 * 5.0, "Q at the product's value");
}

/// The check on the shipped scenario: raising the least share of
/// the assisted Muyin plum base sells more of its harvest.
#[test]
fn raising_min_sold_share_sells_more_from_the_assisted_farm() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/guiyang-luodian");
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).expect("shipped file");
    let mut scenario = Scenario::base();
    for file in [
        "products.csv",
        "hubs.csv",
        "stores.csv",
        "supply.csv",
        "demand.csv",
        "lanes.csv",
        "stock.csv",
    ] {
        scenario = scenario.with(file, &read(file));
    }
    let farms = read("farms.csv");
    let sold_share = |farms: &str| {
        let instance = scenario.clone().with("farms.csv", farms).instance();
        let verified = solve(&instance, LpSolver::Microlp).into_plan().expect("verified");
        let figures = compute_figures(&instance, &verified);
        let muyin = instance
            .locations
            .iter()
            .position(|l| l.id == "Muyin-plum")
            .expect("Muyin-plum");
        let (supply, sold) = figures
            .farms
            .iter()
            .filter(|((n, _), _)| n.0 == muyin)
            .fold((0.0, 0.0), |(s, t), (_, v)| (s + v.supply_kg, t + v.shipped_kg));
        sold / supply
    };
    let before = sold_share(&farms);
    let mut lines: Vec<String> = farms.lines().map(str::to_string).collect();
    lines[0].push_str(",min_sold_share");
    for line in lines.iter_mut().skip(1) {
        line.push_str(if line.starts_with("Muyin-plum,") { ",0.95" } else { "," });
    }
    let after = sold_share(&(lines.join("\n") + "\n"));
    assert!(after > before + 0.01, "sold share {before} -> {after}");
}

/// A farm whose only road carries 30 kg a week cannot sell 90% of 100 kg:
/// the report blames the full lane.
#[test]
fn a_full_lane_is_named_as_the_reason() {
    let instance = two_farms("0.9")
        .with(
            "lanes.csv",
            "from,to,cost_per_kg,capacity_kg_per_week\nP,Jingkai,2,30\nQ,Jingkai,1,\n",
        )
        .instance();
    let verified = solve(&instance, LpSolver::Microlp).into_plan().expect("verified");
    let figures = compute_figures(&instance, &verified);
    let (share, why) = figures.farm_notes.values().next().expect("P is named");
    assert_close(*share, 0.3, "P sells what the lane carries");
    assert!(why.contains("lanes out of the farm are full"), "{why}");
}
