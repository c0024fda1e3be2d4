//! Every weight of the objective, computed once from a whole [`Instance`]:
//! what a spoiled kg costs where it spoils, what unsold fresh produce costs at
//! the end, holding per period, the default shortfall penalty and the penalty
//! for missed fair shares. The data keeps only what the user wrote; the
//! model, `verify`, marginal values and the scenario tools read the weights
//! here. A block of a split scenario keeps the whole scenario's weights (see
//! [`ObjectiveWeights::restrict`]): weights that depend on maxima over the
//! scenario would differ if a block computed its own.

use crate::data::{Demand, Instance, LaneGraph, LocationIx, LocationKind, ProductIx};

/// The objective's parameters of one scenario, indexed like its instance
/// (or like a block's, after [`ObjectiveWeights::restrict`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveWeights {
    /// Per location, see [`ObjectiveWeights::waste_weight`].
    waste_weight: Vec<f64>,
    /// Per product.
    value_per_kg: Vec<f64>,
    /// Per product: holding one kg for one period.
    holding_cost_per_kg_period: Vec<f64>,
    /// Per product: the penalty of a demand row that leaves it blank.
    default_shortfall_penalty_per_kg: Vec<f64>,
    fairness_penalty_per_kg: f64,
}

impl ObjectiveWeights {
    /// The weights of a whole scenario.
    pub fn of(instance: &Instance) -> ObjectiveWeights {
        let mut weights = ObjectiveWeights {
            waste_weight: waste_weights(instance),
            value_per_kg: instance.products.iter().map(|p| p.value_per_kg).collect(),
            holding_cost_per_kg_period: instance
                .products
                .iter()
                .map(|p| p.holding_cost_per_kg_week * f64::from(instance.period_days) / 7.0)
                .collect(),
            default_shortfall_penalty_per_kg: instance
                .products
                .iter()
                .map(|p| default_shortfall_penalty_per_kg(p.value_per_kg))
                .collect(),
            fairness_penalty_per_kg: 0.0,
        };
        weights.fairness_penalty_per_kg = weights.compute_fairness_penalty_per_kg(instance);
        weights
    }

    /// The weights of a block made of `products` and `locations` of the
    /// whole (block product `i` is `products[i]`, and so on), unchanged:
    /// a block is planned at the whole scenario's prices.
    pub fn restrict(&self, products: &[ProductIx], locations: &[LocationIx]) -> ObjectiveWeights {
        let per_product = |values: &[f64]| products.iter().map(|p| values[p.0]).collect();
        ObjectiveWeights {
            waste_weight: locations.iter().map(|n| self.waste_weight[n.0]).collect(),
            value_per_kg: per_product(&self.value_per_kg),
            holding_cost_per_kg_period: per_product(&self.holding_cost_per_kg_period),
            default_shortfall_penalty_per_kg: per_product(&self.default_shortfall_penalty_per_kg),
            fairness_penalty_per_kg: self.fairness_penalty_per_kg,
        }
    }

    /// What a spoiled kg at `n` costs, in units of `value_per_kg`: `1 +
    /// priority` at a farm; at a hub or store, `1 +` the highest priority of
    /// the farms whose lanes reach it, so that shipping an assisted farm's
    /// surplus downstream only to let it spoil there never pays.
    pub fn waste_weight(&self, n: LocationIx) -> f64 {
        self.waste_weight[n.0]
    }

    /// What one kg of `p` that spoils at `n` costs.
    pub fn waste_cost_per_kg(&self, n: LocationIx, p: ProductIx) -> f64 {
        self.value_per_kg[p.0] * self.waste_weight[n.0]
    }

    /// What one kg of `p` still fresh at `n` at the end of the horizon costs:
    /// the priority part of its waste cost. It is not waste, but not sold
    /// either, so assisted farms still sell first near the end of the horizon.
    pub fn closing_stock_cost_per_kg(&self, n: LocationIx, p: ProductIx) -> f64 {
        self.waste_cost_per_kg(n, p) - self.value_per_kg[p.0]
    }

    /// Holding cost of one kg of `p` for one period.
    pub fn holding_cost_per_kg_period(&self, p: ProductIx) -> f64 {
        self.holding_cost_per_kg_period[p.0]
    }

    /// What one kg short of the order `d` costs: its own penalty, or by
    /// default 2 x `value_per_kg`, at least 1.
    pub fn shortfall_penalty_per_kg(&self, d: &Demand) -> f64 {
        d.shortfall_penalty_per_kg
            .unwrap_or(self.default_shortfall_penalty_per_kg[d.product.0])
    }

    /// Penalty per kg for a plan that cannot meet a farm's `min_sold_share`
    /// or a fair shortfall rate: ten times anything else a kg can cost, so
    /// the plan gives up fairness only where it is physically impossible.
    pub fn fairness_penalty_per_kg(&self) -> f64 {
        self.fairness_penalty_per_kg
    }

    fn compute_fairness_penalty_per_kg(&self, instance: &Instance) -> f64 {
        let max_of = |values: &mut dyn Iterator<Item = f64>| values.fold(0.0_f64, f64::max);
        let value = max_of(&mut self.value_per_kg.iter().copied());
        let weight = max_of(&mut self.waste_weight.iter().copied());
        let penalty = max_of(&mut instance.demand.iter().map(|d| self.shortfall_penalty_per_kg(d)));
        let lane = max_of(&mut instance.lanes.iter().map(|l| l.cost_per_kg));
        let holding = max_of(&mut self.holding_cost_per_kg_period.iter().copied());
        1.0 + 10.0 * (value * weight + penalty + 3.0 * lane + holding * f64::from(instance.weeks))
    }
}

fn default_shortfall_penalty_per_kg(value_per_kg: f64) -> f64 {
    (2.0 * value_per_kg).max(1.0)
}

/// See [`ObjectiveWeights::waste_weight`]. A farm keeps its own weight (no
/// lane ends at a farm), so the lane targets of each farm are what it raises.
fn waste_weights(instance: &Instance) -> Vec<f64> {
    let mut weights: Vec<f64> = instance.locations.iter().map(|l| 1.0 + l.priority).collect();
    let graph = LaneGraph::of(instance);
    for farm in instance.location_ixs() {
        if instance.location(farm).kind != LocationKind::Farm {
            continue;
        }
        let weight = weights[farm.0];
        let reached = graph.reachable_from([farm]);
        for (n, _) in reached.iter().enumerate().filter(|(_, &r)| r) {
            weights[n] = weights[n].max(weight);
        }
    }
    weights
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{read_instance_from, MemoryFiles};

    /// Farm A (priority 2) ships to hub H, H to store S; farm B (priority 0)
    /// ships to hub G only. Plums are worth 8, cabbage 0.2; S orders plums
    /// with a blank penalty and cabbage at 30.
    fn instance() -> Instance {
        let files = [
            (
                "products.csv",
                "product,shelf_life_days,value_per_kg,holding_cost_per_kg_week\nplum,14,8,0.7\ncabbage,7,0.2,0\n",
            ),
            ("farms.csv", "farm,region,priority\nA,a,2\nB,b,0\n"),
            ("hubs.csv", "hub,region\nH,a\nG,b\n"),
            ("stores.csv", "store,region\nS,a\n"),
            (
                "supply.csv",
                "farm,product,week,quantity_kg\nA,plum,1,100\nB,cabbage,1,100\n",
            ),
            (
                "demand.csv",
                "store,product,week,quantity_kg,shortfall_penalty_per_kg\nS,plum,1,80,\nS,cabbage,2,50,30\n",
            ),
            ("lanes.csv", "from,to,cost_per_kg\nA,H,1\nH,S,2\nB,G,0.5\n"),
        ];
        read_instance_from(&MemoryFiles::from_texts(&files)).expect("the test scenario is valid")
    }

    fn ix(instance: &Instance, id: &str) -> LocationIx {
        LocationIx(instance.locations.iter().position(|l| l.id == id).expect("known id"))
    }

    #[test]
    fn a_hub_reached_by_an_assisted_farm_weighs_like_the_farm() {
        let instance = instance();
        let weights = ObjectiveWeights::of(&instance);
        let weight = |id| weights.waste_weight(ix(&instance, id));
        assert_eq!(weight("A"), 3.0, "1 + priority 2");
        assert_eq!(weight("H"), 3.0, "reached from A");
        assert_eq!(weight("S"), 3.0, "reached from A through H");
        assert_eq!(weight("B"), 1.0);
        assert_eq!(weight("G"), 1.0, "reached from B only");
        let plum = ProductIx(0);
        assert_eq!(weights.waste_cost_per_kg(ix(&instance, "H"), plum), 24.0);
        assert_eq!(weights.closing_stock_cost_per_kg(ix(&instance, "H"), plum), 16.0);
        assert_eq!(weights.holding_cost_per_kg_period(plum), 0.7);
    }

    #[test]
    fn a_blank_penalty_is_twice_the_value_and_at_least_one() {
        let instance = instance();
        let weights = ObjectiveWeights::of(&instance);
        assert_eq!(
            instance.demand[0].shortfall_penalty_per_kg, None,
            "the data keeps the blank"
        );
        assert_eq!(weights.shortfall_penalty_per_kg(&instance.demand[0]), 16.0, "2 x 8");
        assert_eq!(
            weights.shortfall_penalty_per_kg(&instance.demand[1]),
            30.0,
            "as written"
        );
        let blank_cabbage = Demand {
            shortfall_penalty_per_kg: None,
            ..instance.demand[1].clone()
        };
        assert_eq!(
            weights.shortfall_penalty_per_kg(&blank_cabbage),
            1.0,
            "2 x 0.2 is below 1"
        );
    }

    /// 1 + 10 x (8 x 3 + 30 + 3 x 2 + 0.7 x 2 weeks) = 615.
    #[test]
    fn a_block_keeps_the_whole_scenarios_weights() {
        let instance = instance();
        let whole = ObjectiveWeights::of(&instance);
        assert!((whole.fairness_penalty_per_kg() - 615.0).abs() < 1e-9);
        // The cabbage block of farm B and hub G alone would weigh less.
        let (products, locations) = ([ProductIx(1)], [ix(&instance, "B"), ix(&instance, "G")]);
        let block = whole.restrict(&products, &locations);
        assert_eq!(block.fairness_penalty_per_kg(), whole.fairness_penalty_per_kg());
        assert_eq!(block.waste_weight(LocationIx(1)), 1.0, "G");
        assert_eq!(block.holding_cost_per_kg_period(ProductIx(0)), 0.0, "cabbage");
        let block_demand = Demand {
            product: ProductIx(0),
            shortfall_penalty_per_kg: None,
            ..instance.demand[1].clone()
        };
        assert_eq!(block.shortfall_penalty_per_kg(&block_demand), 1.0, "cabbage's default");
    }
}
