//! Cases whose optimum is known from outside the code: a textbook model and
//! small cases derived by hand (the derivation is in each comment).

use agrimatch::solve::compute_figures;

use crate::common::{assert_close, every_solver, objective, solve, Scenario};

/// Dantzig's transport problem as in the GAMS model library (`trnsport`):
/// plants Seattle (350 cases) and San Diego (600), markets New York (325),
/// Chicago (300), Topeka (275); freight 90 $ per case per thousand miles, so
/// cost in thousand $ per case = 0.09 x distance in thousand miles. The
/// published optimum is 153.675 (thousand $). Unsold supply is worth 0;
/// demand must be met (a prohibitive shortfall penalty).
fn trnsport() -> Scenario {
    Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg\ncase,7,0\n")
        .with("farms.csv", "farm,region\nseattle,wa\nsan-diego,ca\n")
        .with("stores.csv", "store,region\nnew-york,ny\nchicago,il\ntopeka,ks\n")
        .with("supply.csv", "farm,product,week,quantity_kg\nseattle,case,1,350\nsan-diego,case,1,600\n")
        .with(
            "demand.csv",
            "store,product,week,quantity_kg,shortfall_penalty_per_kg\nnew-york,case,1,325,1000\nchicago,case,1,300,1000\ntopeka,case,1,275,1000\n",
        )
        .with(
            "lanes.csv",
            "from,to,cost_per_kg\n\
             seattle,new-york,0.225\nseattle,chicago,0.153\nseattle,topeka,0.162\n\
             san-diego,new-york,0.225\nsan-diego,chicago,0.162\nsan-diego,topeka,0.126\n",
        )
}

#[test]
fn trnsport_reproduces_the_textbook_optimum() {
    let instance = trnsport().instance();
    for solver in every_solver(&instance) {
        assert_close(objective(&instance, solver), 153.675, solver.name());
    }
}

/// Shelf life 13 days -> produce may be 1 week old at most. 100 kg of
/// opening stock is already 1 week old; 100 kg are harvested in week 1.
/// Orders: 100 kg in week 1 and week 2. Selling the old stock first leaves
/// nothing to waste and nothing short: cost = 200 kg x 1 yuan transport.
/// Selling the fresh harvest first lets the old stock spoil (waste 100 x 5
/// and shortfall 100 x 10 on top). The store holds nothing (storage 0), so the
/// only optimal plan ships harvest week 0 in week 1 and harvest week 1 in week 2.
#[test]
fn old_stock_ships_first() {
    let scenario = Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,13,5\n")
        .with("stores.csv", "store,region,storage_kg\nJingkai,Jingkai,0\n")
        .with(
            "stock.csv",
            "location,product,age_days,quantity_kg\nMuyin-1,plum,7,100\n",
        )
        .with(
            "demand.csv",
            "store,product,week,quantity_kg,shortfall_penalty_per_kg\nJingkai,plum,1,100,10\nJingkai,plum,2,100,10\n",
        )
        .with("lanes.csv", "from,to,cost_per_kg\nMuyin-1,Jingkai,1\n");
    let instance = scenario.instance();
    for solver in every_solver(&instance) {
        let outcome = solve(&instance, solver);
        assert!(outcome.is_optimal(), "{:?}", outcome.status());
        let verified = outcome.into_plan().expect("verified");
        assert_close(verified.costs.total(), 200.0, solver.name());
        let figures = compute_figures(&instance, &verified);
        let lines: Vec<(u32, i64, f64)> = figures
            .shipments
            .iter()
            .map(|l| (l.ship_week, l.harvest_week, (l.quantity_kg * 1e3).round() / 1e3))
            .collect();
        assert_eq!(lines, vec![(1, 0, 100.0), (2, 1, 100.0)], "{}", solver.name());
    }
    // The greedy baseline also sends the oldest produce first: here that is optimal.
    let greedy = agrimatch::solve::solve_greedy(&instance);
    assert_eq!(greedy.word(), "baseline", "{:?}", greedy.status());
    assert_close(greedy.into_plan().expect("verified").costs.total(), 200.0, "greedy");
}

/// Farm A ships at 1/kg but its lane carries 60 kg a week; farm B ships at
/// 3/kg without limit. 100 kg ordered, produce worthless if unsold:
/// 60 x 1 + 40 x 3 = 180.
#[test]
fn lane_capacity_binds() {
    let scenario = Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,14,0\n")
        .with("farms.csv", "farm,region\nA,a\nB,b\n")
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nA,plum,1,100\nB,plum,1,100\n",
        )
        .with(
            "demand.csv",
            "store,product,week,quantity_kg,shortfall_penalty_per_kg\nJingkai,plum,1,100,50\n",
        )
        .with(
            "lanes.csv",
            "from,to,cost_per_kg,capacity_kg_per_week\nA,Jingkai,1,60\nB,Jingkai,3,\n",
        );
    let instance = scenario.instance();
    for solver in every_solver(&instance) {
        assert_close(objective(&instance, solver), 180.0, solver.name());
    }
}

/// 200 kg harvested in week 1; 100 kg ordered in week 1 and in week 2
/// (shelf life 14 days, so week-1 produce still sells in week 2). The farm
/// holds 30 kg, the store 50 kg, at 0.5 per kg and week; transport 1/kg;
/// waste 2/kg; shortfall 10/kg. Best: sell 100 in week 1, carry 30 at the
/// farm and 50 at the store into week 2, waste 20, short 20.
/// Transport 180 + holding 40 + waste 40 + shortfall 200 = 460.
#[test]
fn storage_capacity_binds() {
    let scenario = Scenario::base()
        .with(
            "products.csv",
            "product,shelf_life_days,value_per_kg,holding_cost_per_kg_week\nplum,14,2,0.5\n",
        )
        .with("farms.csv", "farm,region,storage_kg\nMuyin-1,Luodian,30\n")
        .with("stores.csv", "store,region,storage_kg\nJingkai,Jingkai,50\n")
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,200\n")
        .with(
            "demand.csv",
            "store,product,week,quantity_kg,shortfall_penalty_per_kg\nJingkai,plum,1,100,10\nJingkai,plum,2,100,10\n",
        )
        .with("lanes.csv", "from,to,cost_per_kg\nMuyin-1,Jingkai,1\n");
    let instance = scenario.instance();
    for solver in every_solver(&instance) {
        let outcome = solve(&instance, solver);
        let verified = outcome.into_plan().expect("verified");
        assert_close(verified.costs.total(), 460.0, solver.name());
        assert_close(verified.costs.holding, 40.0, "holding");
        assert_close(verified.waste_kg.values().sum(), 20.0, "waste kg");
    }
}

/// A 7-day road ages produce by one week. With shelf life 7 and stores
/// wanting 1 day left, nothing that travels a week can be sold, and the
/// harvest of week 1 is too old to keep past week 2 (the horizon): all of
/// it is waste (100 x 8) and the order of week 2 is short (80 x 16, the
/// default penalty).
#[test]
fn transit_longer_than_sale_window_means_no_shipment() {
    let scenario = Scenario::base()
        .with(
            "products.csv",
            "product,shelf_life_days,value_per_kg,min_remaining_days\nplum,7,8,1\n",
        )
        .with("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,2,80\n")
        .with("lanes.csv", "from,to,cost_per_kg,transit_days\nMuyin-1,Jingkai,0.5,7\n");
    let instance = scenario.instance();
    for solver in every_solver(&instance) {
        let outcome = solve(&instance, solver);
        assert_eq!(outcome.variables, 0, "no variable can be non-zero");
        assert_close(
            outcome.into_plan().expect("verified").costs.total(),
            100.0 * 8.0 + 80.0 * 16.0,
            solver.name(),
        );
    }
}

/// Priority multiplies the value of what is left unsold at a farm: with
/// two farms and room for one, the priority farm sells. Farm P (priority 1)
/// ships at 2/kg, farm Q at 1/kg; both grow 100 kg worth 3/kg; 100 kg
/// ordered. Q first: 100 + waste P 100 x 6 = 700; P first: 200 + waste Q
/// 100 x 3 = 500.
#[test]
fn priority_farm_sells_first() {
    let scenario = Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,5,3\n")
        .with("farms.csv", "farm,region,priority\nP,a,1\nQ,b,0\n")
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nP,plum,1,100\nQ,plum,1,100\n",
        )
        .with("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,1,100\n")
        .with("lanes.csv", "from,to,cost_per_kg\nP,Jingkai,2\nQ,Jingkai,1\n");
    let instance = scenario.instance();
    for solver in every_solver(&instance) {
        assert_close(objective(&instance, solver), 500.0, solver.name());
    }
}

/// Daily periods: a lane of 2 days ages produce by 2 periods; shelf life 3
/// days lets it arrive at age 2 and sell. Harvest day 1, order day 3.
/// Cost: 10 kg x 1 transport = 10; holding cost is per week, so 0 here.
#[test]
fn daily_periods_from_scenario_toml() {
    let scenario = Scenario::base()
        .with("scenario.toml", "period_days = 1\n")
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,3,8\n")
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,10\n")
        .with("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,3,10\n")
        .with("lanes.csv", "from,to,cost_per_kg,transit_days\nMuyin-1,Jingkai,1,2\n");
    let instance = scenario.instance();
    assert_eq!(instance.period_days, 1);
    for solver in every_solver(&instance) {
        assert_close(objective(&instance, solver), 10.0, solver.name());
    }
}

/// A hub on the way: farm -> hub 0.2, hub -> store 0.3, direct 0.6.
/// 50 kg ordered, nothing else matters: 50 x 0.5 = 25.
#[test]
fn hubs_relay_produce() {
    let scenario = Scenario::base()
        .with("hubs.csv", "hub,region\nLuodian-hub,Luodian\n")
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,50\n")
        .with("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,1,50\n")
        .with(
            "lanes.csv",
            "from,to,cost_per_kg\nMuyin-1,Luodian-hub,0.2\nLuodian-hub,Jingkai,0.3\nMuyin-1,Jingkai,0.6\n",
        );
    let instance = scenario.instance();
    for solver in every_solver(&instance) {
        assert_close(objective(&instance, solver), 25.0, solver.name());
    }
}

/// An assisted farm's surplus is not trucked away only to spoil elsewhere:
/// waste at a hub or store downstream of a priority farm costs as much as at
/// the farm. Farm P (priority 1, value 3) grows 100 kg, the store orders 50.
/// Best: ship 50 via the hub (0.1 + 0.1 per kg = 10) and let 50 spoil at the
/// farm (50 x 3 x 2 = 300): 310. Shipping all 100 and dumping 50 at the hub
/// would cost 315.
#[test]
fn priority_surplus_is_not_dumped_downstream() {
    let scenario = Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,5,3\n")
        .with("farms.csv", "farm,region,priority\nP,a,1\n")
        .with("hubs.csv", "hub,region\nH,h\n")
        .with("supply.csv", "farm,product,week,quantity_kg\nP,plum,1,100\n")
        .with("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,1,50\n")
        .with("lanes.csv", "from,to,cost_per_kg\nP,H,0.1\nH,Jingkai,0.1\n");
    let instance = scenario.instance();
    for solver in every_solver(&instance) {
        let verified = solve(&instance, solver).into_plan().expect("verified");
        assert_close(verified.costs.total(), 310.0, solver.name());
        let farm_waste: f64 = verified
            .waste_kg
            .iter()
            .filter(|(k, _)| k.0 .0 == 0)
            .map(|(_, kg)| kg)
            .sum();
        assert_close(farm_waste, 50.0, "all waste stays at the farm");
    }
}

/// Near the end of the horizon, produce left unsold still costs its priority
/// share, so the assisted farm sells first. Farms P (priority 1) and Q both
/// grow 100 kg (value 3, shelf life 14: still fresh after week 1, the
/// horizon); the store orders 100. Sell P's (transport 2/kg): 200, Q's
/// 100 kg are closing stock at no cost. Sell Q's (1/kg): 100 + P's closing
/// stock 100 x 3 x 1 = 400.
#[test]
fn priority_farm_sells_first_at_the_end_of_the_horizon() {
    let scenario = Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,14,3\n")
        .with("farms.csv", "farm,region,priority\nP,a,1\nQ,b,0\n")
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nP,plum,1,100\nQ,plum,1,100\n",
        )
        .with("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,1,100\n")
        .with("lanes.csv", "from,to,cost_per_kg\nP,Jingkai,2\nQ,Jingkai,1\n");
    let instance = scenario.instance();
    for solver in every_solver(&instance) {
        let verified = solve(&instance, solver).into_plan().expect("verified");
        assert_close(verified.costs.total(), 200.0, solver.name());
        assert_close(
            verified.costs.closing_stock,
            0.0,
            "closing stock is the non-priority farm's",
        );
        assert_close(verified.closing_stock_kg, 100.0, "closing stock kg");
    }
}

/// Marginal values against finite differences (re-solve with one kg more):
/// the lane-capacity case above with produce worth 2/kg if it spoils. One
/// more kg of A's capacity replaces a kg from B (3 - 1 = 2 saved, waste
/// unchanged); one more kg ordered comes from B (3) and spoils 1 kg less
/// (-2): +1; one more kg harvested at A cannot leave (its lane is full) and
/// spoils: +2.
#[test]
fn marginal_values_match_finite_differences() {
    use agrimatch::model::LpSolver;
    use agrimatch::solve::marginal::{marginal_values, MarginalKind};
    let scenario = |capacity: f64, ordered: f64, harvest_a: f64| {
        Scenario::base()
            .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,5,2\n")
            .with("farms.csv", "farm,region\nA,a\nB,b\n")
            .with(
                "supply.csv",
                &format!("farm,product,week,quantity_kg\nA,plum,1,{harvest_a}\nB,plum,1,100\n"),
            )
            .with(
                "demand.csv",
                &format!("store,product,week,quantity_kg,shortfall_penalty_per_kg\nJingkai,plum,1,{ordered},50\n"),
            )
            .with(
                "lanes.csv",
                &format!("from,to,cost_per_kg,capacity_kg_per_week\nA,Jingkai,1,{capacity}\nB,Jingkai,3,\n"),
            )
            .instance()
    };
    let base = scenario(60.0, 100.0, 100.0);
    let cost = |i: &agrimatch::data::Instance| objective(i, LpSolver::Microlp);
    let at = cost(&base);
    let values = marginal_values(&base).expect("clarabel solves it");
    let value = |kind: MarginalKind, farm: Option<&str>| {
        values
            .iter()
            .find(|v| v.kind == kind && farm.is_none_or(|f| v.location.is_some_and(|n| base.location(n).id == f)))
            .expect("a value")
            .cost_per_kg
    };
    let tolerance =
        |x: f64, y: f64, what: &str| assert!((x - y).abs() < 1e-4, "{what}: dual {x}, finite difference {y}");
    tolerance(
        value(MarginalKind::LaneCapacity, None),
        cost(&scenario(61.0, 100.0, 100.0)) - at,
        "capacity",
    );
    tolerance(
        value(MarginalKind::Demand, None),
        cost(&scenario(60.0, 101.0, 100.0)) - at,
        "demand",
    );
    tolerance(
        value(MarginalKind::Harvest, Some("A")),
        cost(&scenario(60.0, 100.0, 101.0)) - at,
        "harvest at A",
    );
    tolerance(value(MarginalKind::LaneCapacity, None), -2.0, "capacity by hand");
    tolerance(value(MarginalKind::Demand, None), 1.0, "demand by hand");
    tolerance(value(MarginalKind::Harvest, Some("A")), 2.0, "harvest at A by hand");
}

/// Marginal values of a split scenario against finite differences: plums
/// and cabbage share no capacity, so they are two blocks, each a pure
/// network whose duals come from the network simplex. Plums: A (lane 1)
/// and B (lane 3) harvest 100 kg each for an order of 150, so B ships 50
/// and spoils 50; cabbage: A's 50 kg for an order of 80, 30 kg short. Every
/// figure below is a non-degenerate vertex, so one kg more moves the cost
/// by exactly the marginal value.
#[test]
fn marginal_values_by_block_match_finite_differences() {
    use agrimatch::model::LpSolver;
    use agrimatch::solve::marginal::{marginal_values_with, MarginalKind};
    let scenario = |plum_order: f64, cabbage_order: f64, plum_a: f64, cabbage_a: f64| {
        Scenario::base()
            .with(
                "products.csv",
                "product,shelf_life_days,value_per_kg\nplum,5,2\ncabbage,5,1\n",
            )
            .with("farms.csv", "farm,region\nA,a\nB,b\n")
            .with(
                "supply.csv",
                &format!("farm,product,week,quantity_kg\nA,plum,1,{plum_a}\nB,plum,1,100\nA,cabbage,1,{cabbage_a}\n"),
            )
            .with(
                "demand.csv",
                &format!(
                    "store,product,week,quantity_kg,shortfall_penalty_per_kg\n\
                     Jingkai,plum,1,{plum_order},50\nJingkai,cabbage,1,{cabbage_order},50\n"
                ),
            )
            .with("lanes.csv", "from,to,cost_per_kg\nA,Jingkai,1\nB,Jingkai,3\n")
            .instance()
    };
    let base = scenario(150.0, 80.0, 100.0, 50.0);
    let cost = |i: &agrimatch::data::Instance| objective(i, LpSolver::Microlp);
    let at = cost(&base);
    let (values, solvers) = marginal_values_with(&base, true).expect("duals of every block");
    assert_eq!(
        solvers,
        vec![LpSolver::Network, LpSolver::Network],
        "two pure network blocks"
    );
    let value = |kind: MarginalKind, product: &str, farm: Option<&str>| {
        values
            .iter()
            .find(|v| {
                v.kind == kind
                    && v.product.is_some_and(|p| base.product(p).id == product)
                    && farm.is_none_or(|f| v.location.is_some_and(|n| base.location(n).id == f))
            })
            .expect("a value")
            .cost_per_kg
    };
    let checks = [
        (
            value(MarginalKind::Demand, "plum", None),
            scenario(151.0, 80.0, 100.0, 50.0),
            "plum order",
        ),
        (
            value(MarginalKind::Demand, "cabbage", None),
            scenario(150.0, 81.0, 100.0, 50.0),
            "cabbage order",
        ),
        (
            value(MarginalKind::Harvest, "plum", Some("A")),
            scenario(150.0, 80.0, 101.0, 50.0),
            "plum harvest at A",
        ),
        (
            value(MarginalKind::Harvest, "cabbage", Some("A")),
            scenario(150.0, 80.0, 100.0, 51.0),
            "cabbage harvest at A",
        ),
    ];
    for (dual, more, what) in checks {
        let difference = cost(&more) - at;
        assert!(
            (dual - difference).abs() < 1e-6,
            "{what}: dual {dual}, finite difference {difference}"
        );
    }
    // The other direction as well: one kg less moves the cost by minus the
    // value (non-degenerate), and the plum order's kg comes from B at 3.
    let less = cost(&scenario(149.0, 80.0, 100.0, 50.0)) - at;
    assert!(
        (value(MarginalKind::Demand, "plum", None) + less).abs() < 1e-6,
        "plum order, one kg less"
    );
    assert!(
        value(MarginalKind::Demand, "plum", None) < 3.0,
        "B's kg no longer spoils"
    );
}

/// A GBK file and a jin file plan the same as their UTF-8 kg twins.
#[test]
fn gbk_and_jin_twins_plan_the_same() {
    use agrimatch::model::LpSolver;
    let gallery = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/good");
    let utf8 = agrimatch::data::read_instance(&gallery.join("chinese-ids")).expect("UTF-8 twin");
    let gbk = agrimatch::data::read_instance(&gallery.join("gbk-encoded-chinese-ids")).expect("GBK twin");
    assert_eq!(utf8.locations, gbk.locations, "same ids after decoding");
    assert_close(
        objective(&gbk, LpSolver::Microlp),
        objective(&utf8, LpSolver::Microlp),
        "GBK vs UTF-8",
    );

    let tiny = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny");
    let kg = agrimatch::data::read_instance(&tiny).expect("tiny");
    let supply = std::fs::read_to_string(tiny.join("supply.csv")).unwrap();
    let mut jin = String::from("farm,product,week,quantity_jin\n");
    for line in supply.lines().skip(1) {
        let (head, kg) = line.rsplit_once(',').unwrap();
        jin += &format!("{head},{}\n", kg.parse::<f64>().unwrap() * 2.0);
    }
    let mut twin = Scenario::base();
    for file in [
        "products.csv",
        "farms.csv",
        "hubs.csv",
        "stores.csv",
        "demand.csv",
        "lanes.csv",
    ] {
        twin = twin.with(file, &std::fs::read_to_string(tiny.join(file)).unwrap());
    }
    let twin = twin.with("supply.csv", &jin).instance();
    assert_close(
        objective(&twin, LpSolver::Microlp),
        objective(&kg, LpSolver::Microlp),
        "jin vs kg",
    );
}
