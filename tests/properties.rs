//! Properties on random small scenarios: the two solvers agree, every plan
//! verifies, and metamorphic facts hold (scaling costs, shuffling rows,
//! adding supply).

use proptest::prelude::*;

use agrimatch::model::LpSolver;

use crate::common::{assert_close, objective, solve_with, Scenario};

/// The generator's SplitMix64, so that a failing seed replays.
struct Rng(agrimatch::scenario::generate::Rng);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0.below(n as usize) as u64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// A number with two decimals in [lo, hi).
    fn amount(&mut self, lo: f64, hi: f64) -> f64 {
        (self.0.range(lo, hi) * 100.0).round() / 100.0
    }
}

/// The parts of a random scenario, kept as rows so that tests can scale,
/// shuffle or extend them before writing CSV.
#[derive(Clone, Debug)]
struct Random {
    /// (id, shelf_life_days, value_per_kg, holding_cost, min_remaining_days)
    products: Vec<(String, u32, f64, f64, u32)>,
    /// (id, priority, storage)
    farms: Vec<(String, f64, Option<f64>)>,
    hubs: Vec<(String, Option<f64>)>,
    stores: Vec<(String, Option<f64>)>,
    supply: Vec<(usize, usize, u32, f64)>,
    /// (store, product, week, kg, penalty)
    demand: Vec<(usize, usize, u32, f64, f64)>,
    /// (from id, to id, cost, transit days, capacity)
    lanes: Vec<(String, String, f64, f64, Option<f64>)>,
    /// (location id, product, age days, kg)
    stock: Vec<(String, usize, u32, f64)>,
    /// Per farm: `min_sold_share` (empty: none), and `fair_shortfall`.
    min_sold_shares: Vec<f64>,
    fair_shortfall: Option<f64>,
    /// support.csv: (buyer store, product, price, budget, farm id or blank).
    support: Vec<(usize, usize, f64, Option<f64>, String)>,
}

fn random_scenario(seed: u64) -> Random {
    let mut rng = Rng(agrimatch::scenario::generate::Rng(seed));
    let weeks = 1 + rng.below(4) as u32;
    let products = (0..1 + rng.below(2))
        .map(|i| {
            let shelf = 3 + rng.below(28) as u32;
            let min_remaining = rng.below(u64::from(shelf) / 2 + 1) as u32;
            (
                format!("p{i}"),
                shelf,
                rng.amount(0.0, 10.0),
                rng.amount(0.0, 1.0),
                min_remaining,
            )
        })
        .collect::<Vec<_>>();
    let storage = |rng: &mut Rng| rng.chance(30).then(|| rng.amount(0.0, 150.0));
    let farms = (0..1 + rng.below(3))
        .map(|i| (format!("farm{i}"), rng.amount(0.0, 2.0), storage(&mut rng)))
        .collect::<Vec<_>>();
    let hubs = (0..rng.below(2))
        .map(|i| (format!("hub{i}"), storage(&mut rng)))
        .collect::<Vec<_>>();
    let stores = (0..1 + rng.below(3))
        .map(|i| (format!("store{i}"), storage(&mut rng)))
        .collect::<Vec<_>>();
    let mut supply = Vec::new();
    let mut demand = Vec::new();
    for t in 1..=weeks {
        for p in 0..products.len() {
            for f in 0..farms.len() {
                if rng.chance(60) {
                    supply.push((f, p, t, rng.amount(0.0, 200.0)));
                }
            }
            for s in 0..stores.len() {
                if rng.chance(60) {
                    demand.push((s, p, t, rng.amount(0.0, 150.0), rng.amount(1.0, 30.0)));
                }
            }
        }
    }
    let mut lanes = Vec::new();
    let mut lane = |rng: &mut Rng, from: &str, to: &str| {
        if rng.chance(70) {
            let capacity = rng.chance(30).then(|| rng.amount(0.0, 200.0));
            lanes.push((
                from.to_string(),
                to.to_string(),
                rng.amount(0.0, 3.0),
                rng.amount(0.0, 10.0),
                capacity,
            ));
        }
    };
    for (farm, _, _) in &farms {
        for (to, _) in hubs.iter().chain(&stores) {
            lane(&mut rng, farm, to);
        }
    }
    for (hub, _) in &hubs {
        for (store, _) in &stores {
            lane(&mut rng, hub, store);
        }
    }
    let mut stock = Vec::new();
    if rng.chance(40) {
        let location = farms[0].0.clone();
        let age_days = rng.below(u64::from(products[0].1) + 1) as u32;
        stock.push((location, 0, age_days, rng.amount(0.0, 100.0)));
    }
    Random {
        products,
        farms,
        hubs,
        stores,
        supply,
        demand,
        lanes,
        stock,
        min_sold_shares: Vec::new(),
        fair_shortfall: None,
        support: Vec::new(),
    }
}

fn opt(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

impl Random {
    /// Writes CSV text; `reverse` lists every file's rows in reverse order.
    fn scenario(&self, reverse: bool) -> Scenario {
        let table = |header: &str, mut rows: Vec<String>| {
            if reverse {
                rows.reverse();
            }
            format!(
                "{header}\n{}",
                rows.iter().map(|r| format!("{r}\n")).collect::<String>()
            )
        };
        let products = self
            .products
            .iter()
            .map(|(id, s, v, h, m)| format!("{id},{s},{v},{h},{m}"))
            .collect();
        let farms = self
            .farms
            .iter()
            .enumerate()
            .map(|(i, (id, pr, st))| {
                let share = self.min_sold_shares.get(i).map(|s| s.to_string()).unwrap_or_default();
                format!("{id},r,{pr},{},{share}", opt(*st))
            })
            .collect();
        let hubs = self
            .hubs
            .iter()
            .map(|(id, st)| format!("{id},r,{}", opt(*st)))
            .collect();
        let stores = self
            .stores
            .iter()
            .map(|(id, st)| format!("{id},r,{}", opt(*st)))
            .collect();
        let supply = self
            .supply
            .iter()
            .map(|(f, p, t, q)| format!("{},{},{t},{q}", self.farms[*f].0, self.products[*p].0))
            .collect();
        let demand = self
            .demand
            .iter()
            .map(|(s, p, t, q, pen)| format!("{},{},{t},{q},{pen}", self.stores[*s].0, self.products[*p].0))
            .collect();
        let lanes = self
            .lanes
            .iter()
            .map(|(f, t, c, d, cap)| format!("{f},{t},{c},{d},{}", opt(*cap)))
            .collect();
        let stock = self
            .stock
            .iter()
            .map(|(l, p, a, q)| format!("{l},{},{a},{q}", self.products[*p].0))
            .collect();
        let support: Vec<String> = self
            .support
            .iter()
            .map(|(s, p, price, budget, farm)| {
                format!(
                    "{},{},{price},{},{farm}",
                    self.stores[*s].0,
                    self.products[*p].0,
                    opt(*budget)
                )
            })
            .collect();
        let scenario = if support.is_empty() {
            Scenario::base()
        } else {
            Scenario::base().with("support.csv", &table("buyer,product,price_per_kg,budget,farm", support))
        };
        scenario
            .with(
                "products.csv",
                &table(
                    "product,shelf_life_days,value_per_kg,holding_cost_per_kg_week,min_remaining_days",
                    products,
                ),
            )
            .with(
                "farms.csv",
                &table("farm,region,priority,storage_kg,min_sold_share", farms),
            )
            .with("hubs.csv", &table("hub,region,storage_kg", hubs))
            .with("stores.csv", &table("store,region,storage_kg", stores))
            .with("supply.csv", &table("farm,product,week,quantity_kg", supply))
            .with(
                "demand.csv",
                &table("store,product,week,quantity_kg,shortfall_penalty_per_kg", demand),
            )
            .with(
                "lanes.csv",
                &table("from,to,cost_per_kg,transit_days,capacity_kg_per_week", lanes),
            )
            .with("stock.csv", &table("location,product,age_days,quantity_kg", stock))
            .with(
                "scenario.toml",
                &self
                    .fair_shortfall
                    .map(|f| format!("fair_shortfall = {f}\n"))
                    .unwrap_or_default(),
            )
    }

    /// Multiplies every cost, value and penalty by `k`.
    fn scaled(&self, k: f64) -> Random {
        let mut r = self.clone();
        for p in &mut r.products {
            p.2 *= k;
            p.3 *= k;
        }
        for d in &mut r.demand {
            d.4 *= k;
        }
        for l in &mut r.lanes {
            l.2 *= k;
        }
        r
    }

    /// Cuts every lane and storage capacity to a multiple of 5 kg a quarter
    /// its size (zeros included): many rows bind, many pivots are degenerate.
    fn tighten(&mut self) {
        let cut = |c: &mut Option<f64>| {
            if let Some(c) = c {
                *c = (*c / 20.0).floor() * 5.0
            }
        };
        self.lanes.iter_mut().for_each(|l| cut(&mut l.4));
        self.farms.iter_mut().for_each(|f| cut(&mut f.2));
        self.hubs.iter_mut().for_each(|h| cut(&mut h.1));
        self.stores.iter_mut().for_each(|s| cut(&mut s.1));
    }

    /// Drops every lane and storage capacity: each product's network is
    /// then a pure min-cost flow.
    fn uncapacitated(&mut self) {
        self.lanes.iter_mut().for_each(|l| l.4 = None);
        self.farms.iter_mut().for_each(|f| f.2 = None);
        self.hubs.iter_mut().for_each(|h| h.1 = None);
        self.stores.iter_mut().for_each(|s| s.1 = None);
    }

    /// True when at least one supply or demand row exists (else the scenario is rejected).
    fn has_rows(&self) -> bool {
        !self.supply.is_empty() || !self.demand.is_empty()
    }
}

/// Every row is `terms . x <= rhs`, so optimal duals of the model must be
/// <= 0, price every column at a reduced cost >= 0, and give microlp's
/// optimal cost (strong duality): checked from the model alone.
fn assert_optimal_duals(model: &agrimatch::model::LpModel, duals: &[f64], what: &str) {
    use agrimatch::model::{solve_lp, LpStatus};
    let solution = solve_lp(model, LpSolver::Microlp, None);
    assert_eq!(solution.status, LpStatus::Optimal, "{what}");
    let x = solution.values.expect("values");
    let scale = 1.0 + model.cost.iter().fold(0.0_f64, |a, c| a.max(c.abs()));
    let mut reduced = model.cost.clone();
    for (row, &y) in model.rows.iter().zip(duals) {
        assert!(y <= 1e-7 * scale, "{what}: {:?}: dual {y} > 0", row.key);
        for &(j, a) in &row.terms {
            reduced[j] -= a * y;
        }
    }
    for (j, r) in reduced.iter().enumerate() {
        assert!(
            *r >= -1e-6 * scale,
            "{what}: column {:?} prices at {r}",
            model.columns[j]
        );
    }
    let primal: f64 = model.cost.iter().zip(&x).map(|(c, v)| c * v).sum();
    let dual: f64 = model.rows.iter().zip(duals).map(|(row, y)| row.rhs * y).sum();
    assert_close(dual, primal, &format!("strong duality, {what}"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn solvers_agree_and_plans_verify(seed in any::<u64>()) {
        let random = random_scenario(seed);
        prop_assume!(random.has_rows());
        let instance = random.scenario(false).instance();
        // `objective` asserts an optimal status, which includes passing verify.
        let microlp = objective(&instance, LpSolver::Microlp);
        let clarabel = objective(&instance, LpSolver::Clarabel);
        assert_close(clarabel, microlp, &format!("clarabel vs microlp, seed {seed}"));
    }

    #[test]
    fn scaling_costs_scales_the_objective(seed in any::<u64>()) {
        let random = random_scenario(seed);
        prop_assume!(random.has_rows());
        let base = objective(&random.scenario(false).instance(), LpSolver::Microlp);
        let scaled = objective(&random.scaled(3.0).scenario(false).instance(), LpSolver::Microlp);
        assert_close(scaled, 3.0 * base, &format!("3 x costs, seed {seed}"));
    }

    #[test]
    fn shuffling_rows_changes_nothing(seed in any::<u64>()) {
        let random = random_scenario(seed);
        prop_assume!(random.has_rows());
        let forward = objective(&random.scenario(false).instance(), LpSolver::Microlp);
        let reversed = objective(&random.scenario(true).instance(), LpSolver::Microlp);
        assert_close(reversed, forward, &format!("rows reversed, seed {seed}"));
    }

    /// Blocks of products planned apart give the optimum of the one big LP.
    #[test]
    fn split_blocks_match_the_monolithic_lp(seed in any::<u64>()) {
        let mut random = random_scenario(seed);
        prop_assume!(random.has_rows());
        // More products than the base generator makes, so that blocks form.
        let extra = random.products.len();
        for i in 0..2 {
            let mut p = random.products[i % extra].clone();
            p.0 = format!("q{i}");
            random.products.push(p);
        }
        let supply: Vec<_> = random.supply.iter().map(|&(f, p, t, q)| (f, p + extra, t, q * 0.5)).collect();
        let demand: Vec<_> = random.demand.iter().map(|&(s, p, t, q, pen)| (s, p + extra, t, q * 0.7, pen)).collect();
        random.supply.extend(supply);
        random.demand.extend(demand);
        let instance = random.scenario(false).instance();
        let split = solve_with(&instance, LpSolver::Microlp, true);
        let whole = solve_with(&instance, LpSolver::Microlp, false);
        prop_assert!(split.is_optimal(), "{:?}", split.status());
        prop_assert!(whole.is_optimal(), "{:?}", whole.status());
        prop_assert_eq!(whole.blocks, 1);
        let cost = |o: &agrimatch::solve::PlanOutcome| o.plan().expect("verified").costs.total();
        assert_close(cost(&split), cost(&whole), &format!("split ({} blocks) vs one LP, seed {seed}", split.blocks));
    }

    /// Without shared capacity every block is a pure network: the network
    /// simplex reaches the LP optimum and its plan verifies.
    #[test]
    fn network_simplex_matches_the_lp(seed in any::<u64>()) {
        let mut random = random_scenario(seed);
        prop_assume!(random.has_rows());
        random.lanes.iter_mut().for_each(|l| l.4 = None);
        random.farms.iter_mut().for_each(|f| f.2 = None);
        random.hubs.iter_mut().for_each(|h| h.1 = None);
        random.stores.iter_mut().for_each(|s| s.1 = None);
        let instance = random.scenario(false).instance();
        let network = objective(&instance, LpSolver::Network);
        let lp = objective(&instance, LpSolver::Microlp);
        assert_close(network, lp, &format!("network vs microlp, seed {seed}"));
    }

    /// Fair shares (farm minimums, fair shortfall rates) keep the solvers in
    /// agreement, split or not, and every plan verifies.
    #[test]
    fn fair_shares_agree_across_solvers_and_blocks(seed in any::<u64>(), fair in 0.0f64..0.5, share in 0.0f64..1.0) {
        let mut random = random_scenario(seed);
        prop_assume!(random.has_rows());
        random.min_sold_shares = (0..random.farms.len()).map(|i| if i == 0 { (share * 100.0).round() / 100.0 } else { 0.0 }).collect();
        random.fair_shortfall = Some((fair * 100.0).round() / 100.0);
        let instance = random.scenario(false).instance();
        let split = solve_with(&instance, LpSolver::Microlp, true);
        let whole = solve_with(&instance, LpSolver::Clarabel, false);
        prop_assert!(split.is_optimal(), "{:?}", split.status());
        prop_assert!(whole.is_optimal(), "{:?}", whole.status());
        let cost = |o: &agrimatch::solve::PlanOutcome| o.plan().expect("verified").costs.total();
        assert_close(cost(&whole), cost(&split), &format!("clarabel one LP vs microlp split, seed {seed}"));
    }

    /// The coupled simplex (a network plus coupling rows) reaches the LP
    /// optimum with lane capacities, storage limits, farm minimum shares and
    /// fair shortfall rates, split into blocks or as one LP; its plans
    /// verify. `tight` cuts capacities to multiples of 5 kg (zeros
    /// included): many rows bind and many pivots are degenerate.
    #[test]
    fn coupled_simplex_matches_the_lp(
        seed in any::<u64>(),
        fair in proptest::option::of(0.0f64..0.5),
        share in 0.0f64..1.0,
        tight in any::<bool>(),
    ) {
        let mut random = random_scenario(seed);
        prop_assume!(random.has_rows());
        if tight {
            random.tighten();
        }
        let share = (share * 100.0).round() / 100.0;
        random.min_sold_shares = (0..random.farms.len()).map(|i| if i % 2 == 0 { share } else { 0.0 }).collect();
        random.fair_shortfall = fair.map(|f| (f * 100.0).round() / 100.0);
        let instance = random.scenario(false).instance();
        for split in [true, false] {
            let coupled = solve_with(&instance, LpSolver::Coupled, split);
            let lp = solve_with(&instance, LpSolver::Microlp, split);
            prop_assert_eq!(coupled.status(), lp.status(), "seed {}, split {}", seed, split);
            prop_assert!(coupled.is_optimal(), "{:?}", coupled.status());
            let cost = |o: &agrimatch::solve::PlanOutcome| o.plan().expect("verified").costs.total();
            assert_close(cost(&coupled), cost(&lp), &format!("coupled vs microlp, seed {seed}, split {split}"));
        }
    }

    /// Support purchases (a buyer of last resort with or without a budget,
    /// on lanes straight from the farms, some capacitated): the coupled
    /// simplex, microlp and Clarabel agree, split or not; `auto` takes the
    /// budget row as a coupling row; every plan verifies (budget included);
    /// and the coupled simplex's budget dual is an optimal one (<= 0).
    #[test]
    fn support_purchases_agree_across_solvers(
        seed in any::<u64>(),
        price in 0.5f64..5.0,
        budget in proptest::option::of(0.0f64..400.0),
    ) {
        use agrimatch::lp::coupled;
        use agrimatch::model::{build_model, RowKey};
        let mut random = random_scenario(seed);
        prop_assume!(random.has_rows());
        let assisted = random.farms.iter().any(|f| f.1 > 0.0);
        let farm = if assisted { String::new() } else { random.farms[0].0.clone() };
        let buyer = random.stores[0].0.clone();
        for (i, (id, priority, _)) in random.farms.clone().into_iter().enumerate() {
            let buys = if assisted { priority > 0.0 } else { i == 0 };
            if buys && !random.lanes.iter().any(|l| l.0 == id && l.1 == buyer) {
                let capacity = (i % 2 == 1).then_some(60.0);
                random.lanes.push((id, buyer.clone(), 0.3, 0.0, capacity));
            }
        }
        let (price, budget) = ((price * 100.0).round() / 100.0, budget.map(|b| b.round()));
        random.support.push((0, 0, price, budget, farm));
        let instance = random.scenario(false).instance();
        let cost = |o: &agrimatch::solve::PlanOutcome| o.plan().expect("verified").costs.total();
        for split in [true, false] {
            let coupled = solve_with(&instance, LpSolver::Coupled, split);
            prop_assert!(coupled.is_optimal(), "seed {}: {:?}", seed, coupled.status());
            for other in [LpSolver::Microlp, LpSolver::Clarabel] {
                let lp = solve_with(&instance, other, split);
                prop_assert!(lp.is_optimal(), "seed {}, {}: {:?}", seed, other.name(), lp.status());
                assert_close(cost(&coupled), cost(&lp), &format!("coupled vs {}, seed {seed}, split {split}", other.name()));
            }
        }
        let model = build_model(&instance);
        let budget_rows = model.rows.iter().filter(|r| matches!(r.key, RowKey::SupportBudget { .. })).count();
        prop_assert_eq!(budget_rows > 0, budget.is_some() && model.columns.iter().any(|c| matches!(c, agrimatch::model::ColumnKey::Support { .. })));
        prop_assert!(coupled::is_coupled_network(&model), "a budget is a coupling row");
        let attempts = agrimatch::solve::auto_attempts(&model);
        prop_assert!(matches!(attempts[0], LpSolver::Network | LpSolver::Coupled), "{:?}", attempts);
        if let Ok(duals) = coupled::coupled_row_duals(&model) {
            for (row, y) in model.rows.iter().zip(duals) {
                if matches!(row.key, RowKey::SupportBudget { .. }) {
                    prop_assert!(y <= 1e-9, "a budget yuan never costs: {}", y);
                }
            }
        }
    }

    /// The coupled simplex's row duals (used for marginal values) are an
    /// optimal dual solution, checked from the model alone: every row is
    /// `terms . x <= rhs`, so the duals must be <= 0, price every column at a
    /// reduced cost >= 0, and give the primal optimum's cost (strong duality).
    #[test]
    fn coupled_duals_are_optimal_duals(seed in any::<u64>()) {
        use agrimatch::lp::coupled;
        use agrimatch::model::build_model;
        let random = random_scenario(seed);
        prop_assume!(random.has_rows());
        let model = build_model(&random.scenario(false).instance());
        prop_assume!(coupled::is_coupled_network(&model));
        let Ok(duals) = coupled::coupled_row_duals(&model) else {
            // Declined by its count of binding rows: nothing to check.
            return Ok(());
        };
        assert_optimal_duals(&model, &duals, &format!("seed {seed}"));
    }

    /// The network simplex's row duals (used for marginal values of pure
    /// network blocks) are an optimal dual solution, checked from the model
    /// alone as for the coupled simplex above: duals <= 0, reduced costs
    /// >= 0, and the dual objective equals microlp's optimum.
    #[test]
    fn network_duals_are_optimal_duals(seed in any::<u64>()) {
        use agrimatch::lp::network;
        use agrimatch::model::build_model;
        let mut random = random_scenario(seed);
        prop_assume!(random.has_rows());
        random.uncapacitated();
        let model = build_model(&random.scenario(false).instance());
        prop_assert!(network::is_network(&model), "no capacity left: a network");
        let duals = network::network_row_duals(&model).expect("the network simplex solves it");
        assert_optimal_duals(&model, &duals, &format!("seed {seed}"));
    }

    /// Marginal values block by block (each block's duals from its own
    /// solver, mapped back to the whole scenario's rows) are an optimal dual
    /// solution of the whole model: duals <= 0, reduced costs >= 0, and the
    /// same dual objective as the monolithic Clarabel duals and microlp's
    /// optimum. (Values may differ row by row at a degenerate vertex.)
    /// `from_plan`: the coupled blocks start from the bases their plan ended
    /// with, as `plan --marginal-values` does.
    #[test]
    fn duals_by_block_are_optimal_duals_of_the_whole(seed in any::<u64>(), capacitated in any::<bool>(), from_plan in any::<bool>()) {
        use agrimatch::model::{build_model_with, lp::row_duals, solve_lp, LpStatus, ObjectiveWeights};
        use agrimatch::solve::marginal::row_duals_by_block;
        use std::collections::HashMap;
        let mut random = random_scenario(seed);
        prop_assume!(random.has_rows());
        if !capacitated {
            random.uncapacitated();
        }
        let instance = random.scenario(false).instance();
        let weights = ObjectiveWeights::of(&instance);
        let model = build_model_with(&instance, &weights);
        let planned = from_plan.then(|| {
            agrimatch::solve::solve_instance_from(&instance, &weights, &agrimatch::solve::SolveOptions::default(), None)
                .expect("planned")
                .1
        });
        let (by_block, solvers) = row_duals_by_block(&instance, &weights, (true, planned.as_ref())).expect("every block's duals");
        if !capacitated {
            prop_assert!(solvers.iter().all(|&s| s == LpSolver::Network), "{:?}", solvers);
        }
        let mut dual_of: HashMap<_, f64> = HashMap::new();
        for (key, y) in by_block {
            *dual_of.entry(key).or_insert(0.0) += y;
        }
        let solution = solve_lp(&model, LpSolver::Microlp, None);
        prop_assert_eq!(&solution.status, &LpStatus::Optimal);
        let x = solution.values.expect("values");
        let scale = 1.0 + model.cost.iter().fold(0.0_f64, |a, c| a.max(c.abs()));
        let mut reduced = model.cost.clone();
        let mut dual = 0.0;
        for row in &model.rows {
            let y = dual_of.remove(&row.key).unwrap_or(0.0);
            prop_assert!(y <= 1e-7 * scale, "{:?}: dual {} > 0", row.key, y);
            for &(j, a) in &row.terms {
                reduced[j] -= a * y;
            }
            dual += row.rhs * y;
        }
        prop_assert!(dual_of.is_empty(), "rows the whole model lacks: {:?}", dual_of.keys().collect::<Vec<_>>());
        for (j, r) in reduced.iter().enumerate() {
            prop_assert!(*r >= -1e-6 * scale, "column {:?} prices at {}", model.columns[j], r);
        }
        let primal: f64 = model.cost.iter().zip(&x).map(|(c, v)| c * v).sum();
        assert_close(dual, primal, &format!("strong duality by block, seed {seed}"));
        let monolithic = row_duals(&model).expect("clarabel solves it");
        let monolithic: f64 = model.rows.iter().zip(&monolithic).map(|(row, y)| row.rhs * y).sum();
        assert_close(dual, monolithic, &format!("by block vs monolithic clarabel, seed {seed}"));
    }

    /// Coupling rows that never bind (every lane and location capped far
    /// above any flow): the coupled simplex still finds the LP optimum.
    #[test]
    fn coupled_simplex_matches_the_lp_when_nothing_binds(seed in any::<u64>()) {
        let mut random = random_scenario(seed);
        prop_assume!(random.has_rows());
        let loose = Some(1e7);
        random.lanes.iter_mut().for_each(|l| l.4 = loose);
        random.farms.iter_mut().for_each(|f| f.2 = loose);
        random.hubs.iter_mut().for_each(|h| h.1 = loose);
        random.stores.iter_mut().for_each(|s| s.1 = loose);
        let instance = random.scenario(false).instance();
        let coupled = objective(&instance, LpSolver::Coupled);
        let lp = objective(&instance, LpSolver::Microlp);
        assert_close(coupled, lp, &format!("coupled vs microlp, seed {seed}"));
    }

    /// A variant planned from the base plan's bases (a sweep's warm start:
    /// harvests, orders, lane capacities and costs changed) is optimal,
    /// verifies, and costs what microlp's cold plan of the variant costs.
    #[test]
    fn warm_started_variants_match_the_lp(seed in any::<u64>(), tight in any::<bool>(), split in any::<bool>()) {
        use agrimatch::model::ObjectiveWeights;
        use agrimatch::solve::{solve_instance_from, SolveOptions, SolverChoice};
        let mut random = random_scenario(seed);
        prop_assume!(random.has_rows());
        if tight {
            random.tighten();
        }
        let options = SolveOptions { solver: SolverChoice::Fixed(LpSolver::Coupled), split, ..SolveOptions::default() };
        let base = random.scenario(false).instance();
        let (base_outcome, warm) = solve_instance_from(&base, &ObjectiveWeights::of(&base), &options, None).expect("solved");
        prop_assume!(base_outcome.is_optimal());
        let mut rng = Rng(agrimatch::scenario::generate::Rng(seed ^ 0x5eed));
        let mut variant = random.clone();
        for s in &mut variant.supply {
            s.3 = (s.3 * rng.amount(0.3, 1.6)).round();
        }
        for d in &mut variant.demand {
            d.3 = (d.3 * rng.amount(0.5, 2.0)).round();
        }
        for l in &mut variant.lanes {
            l.2 *= rng.amount(0.5, 1.5);
            if let Some(c) = &mut l.4 {
                *c = if rng.chance(20) { 0.0 } else { (*c * rng.amount(0.3, 1.5)).round() };
            }
        }
        let instance = variant.scenario(false).instance();
        let (outcome, _) = solve_instance_from(&instance, &ObjectiveWeights::of(&instance), &options, Some(&warm)).expect("solved");
        prop_assert!(outcome.is_optimal(), "seed {}: {:?}", seed, outcome.status());
        let cost = outcome.plan().expect("verified").costs.total();
        assert_close(cost, objective(&instance, LpSolver::Microlp), &format!("warm coupled vs microlp, seed {seed}"));
    }

    /// A base planned keeping its blocks (as `agrimatch serve` plans it):
    /// the same scenario again takes every block's plan (no time spent),
    /// and a variant that changes one farm's harvest costs what a cold plan
    /// of the variant costs: a block is reused only when its data is the same.
    #[test]
    fn kept_blocks_are_reused_only_where_the_data_is_the_same(seed in any::<u64>(), factor in 0.2f64..1.8) {
        use agrimatch::model::ObjectiveWeights;
        use agrimatch::solve::{solve_instance_from, solve_instance_keeping, SolveOptions};
        let random = random_scenario(seed);
        prop_assume!(random.has_rows());
        let options = SolveOptions::default();
        let base = random.scenario(false).instance();
        let weights = ObjectiveWeights::of(&base);
        let (base_outcome, kept) = solve_instance_keeping(&base, &weights, &options).expect("solved");
        prop_assume!(base_outcome.plan().is_some());
        let base_cost = base_outcome.plan().expect("verified").costs.total();
        let (again, _) = solve_instance_from(&base, &weights, &options, Some(&kept)).expect("solved");
        prop_assert_eq!(again.build_seconds + again.solve_seconds, 0.0, "seed {}: a block was solved again", seed);
        prop_assert_eq!(again.plan().expect("verified").costs.total(), base_cost);
        prop_assume!(!random.supply.is_empty());
        let mut variant = random.clone();
        let farm = variant.supply[0].0;
        for s in variant.supply.iter_mut().filter(|s| s.0 == farm) {
            s.3 = (s.3 * factor).round();
        }
        let instance = variant.scenario(false).instance();
        let weights = ObjectiveWeights::of(&instance);
        let (outcome, _) = solve_instance_from(&instance, &weights, &options, Some(&kept)).expect("solved");
        let (cold, _) = solve_instance_from(&instance, &weights, &options, None).expect("solved");
        prop_assert_eq!(outcome.plan().is_some(), cold.plan().is_some(), "seed {}", seed);
        if let (Some(reused), Some(cold)) = (outcome.plan(), cold.plan()) {
            assert_close(reused.costs.total(), cold.costs.total(), &format!("kept blocks vs cold, seed {seed}"));
        }
    }

    /// The greedy baseline's plan always passes `verify`, and never beats the LP.
    #[test]
    fn greedy_baseline_verifies_and_never_beats_the_lp(seed in any::<u64>()) {
        let random = random_scenario(seed);
        prop_assume!(random.has_rows());
        let instance = random.scenario(false).instance();
        let greedy = agrimatch::solve::solve_greedy(&instance);
        prop_assert_eq!(greedy.word(), "baseline");
        let greedy_cost = greedy.into_plan().expect("verified").costs.total();
        let lp = objective(&instance, LpSolver::Microlp);
        prop_assert!(lp <= greedy_cost + 1e-6 * greedy_cost.abs().max(1.0), "seed {}: LP {} > greedy {}", seed, lp, greedy_cost);
    }

    /// With unsold produce worth nothing, more supply can only help.
    #[test]
    fn extra_supply_never_raises_the_objective(seed in any::<u64>(), extra in 1.0f64..300.0) {
        let mut random = random_scenario(seed);
        prop_assume!(random.has_rows());
        for p in &mut random.products {
            p.2 = 0.0;
        }
        let before = objective(&random.scenario(false).instance(), LpSolver::Microlp);
        let mut more = random.clone();
        match more.supply.first_mut() {
            Some(row) => row.3 += extra,
            None => more.supply.push((0, 0, 1, extra)),
        }
        let after = objective(&more.scenario(false).instance(), LpSolver::Microlp);
        prop_assert!(after <= before + 1e-6 * before.abs().max(1.0), "seed {}: {} -> {}", seed, before, after);
    }
}
