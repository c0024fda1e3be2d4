//! Splitting a scenario into blocks that can be planned apart: products
//! share a block only when a capacitated lane or a storage limit could carry
//! both, and regions share a block only when a lane joins them. Blocks are
//! solved in parallel and joined.

use crate::data::{Instance, LaneGraph, LaneIx, LocationIx, ProductIx};
use crate::model::ObjectiveWeights;

/// Part of a scenario planned on its own; its indexes are the whole
/// instance's, in increasing order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The block's products.
    pub products: Vec<ProductIx>,
    /// The locations of one region joined by lanes.
    pub locations: Vec<LocationIx>,
    /// The lanes leaving those locations.
    pub lanes: Vec<LaneIx>,
}

impl Block {
    /// The whole instance as one block.
    pub fn whole(instance: &Instance) -> Block {
        Block {
            products: instance.product_ixs().collect(),
            locations: instance.location_ixs().collect(),
            lanes: (0..instance.lanes.len()).map(LaneIx).collect(),
        }
    }

    /// Whether the block is the whole instance (nothing was split off).
    pub fn is_whole(&self, instance: &Instance) -> bool {
        self.products.len() == instance.products.len()
            && self.locations.len() == instance.locations.len()
            && self.lanes.len() == instance.lanes.len()
    }
}

/// Blocks of products (see [`product_blocks`]) times regions joined by
/// lanes; blocks with no harvest, stock or order are left out (they add
/// nothing to the plan or its cost).
pub fn split_blocks(instance: &Instance) -> Vec<Block> {
    let n = instance.locations.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for lane in &instance.lanes {
        let (a, b) = (find(&mut parent, lane.from.0), find(&mut parent, lane.to.0));
        parent[a.max(b)] = a.min(b);
    }
    // Stores that share a fair shortfall rate are planned together.
    for group in instance.fair_groups() {
        let first = group.stores[0].0 .0;
        for &(store, _) in &group.stores[1..] {
            let (a, b) = (find(&mut parent, first), find(&mut parent, store.0));
            parent[a.max(b)] = a.min(b);
        }
    }
    let region: Vec<usize> = (0..n).map(|i| find(&mut parent, i)).collect();
    let mut blocks = Vec::new();
    for products in product_blocks(instance) {
        let mut in_block = vec![false; instance.products.len()];
        products.iter().for_each(|p| in_block[p.0] = true);
        let mut used = vec![false; n];
        let places = instance
            .supply
            .iter()
            .filter(|s| in_block[s.product.0])
            .map(|s| s.farm)
            .chain(
                instance
                    .demand
                    .iter()
                    .filter(|d| in_block[d.product.0])
                    .map(|d| d.store),
            )
            .chain(
                instance
                    .stock
                    .iter()
                    .filter(|s| in_block[s.product.0])
                    .map(|s| s.location),
            );
        for place in places {
            used[region[place.0]] = true;
        }
        for root in (0..n).filter(|&r| used[r]) {
            blocks.push(Block {
                products: products.clone(),
                locations: (0..n).filter(|&i| region[i] == root).map(LocationIx).collect(),
                lanes: (0..instance.lanes.len())
                    .filter(|&l| region[instance.lanes[l].from.0] == root)
                    .map(LaneIx)
                    .collect(),
            });
        }
    }
    blocks
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Groups of products (each sorted, groups ordered by their first product).
pub fn product_blocks(instance: &Instance) -> Vec<Vec<ProductIx>> {
    let n_products = instance.products.len();
    // Where each product can ever be, ignoring time: where it starts, and
    // the lane targets from there.
    let graph = LaneGraph::of(instance);
    let present: Vec<Vec<bool>> = instance
        .sources_by_product()
        .into_iter()
        .map(|sources| {
            let mut seen = graph.reachable_from(sources.iter().copied());
            sources.iter().for_each(|n| seen[n.0] = true);
            seen
        })
        .collect();
    let mut parent: Vec<usize> = (0..n_products).collect();
    fn root(parent: &mut [usize], mut p: usize) -> usize {
        while parent[p] != p {
            parent[p] = parent[parent[p]];
            p = parent[p];
        }
        p
    }
    let mut join_all_at = |n: LocationIx| {
        let mut first: Option<usize> = None;
        for (p, seen) in present.iter().enumerate() {
            if !seen[n.0] {
                continue;
            }
            match first {
                None => first = Some(p),
                Some(q) => {
                    let (a, b) = (root(&mut parent, p), root(&mut parent, q));
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    };
    for lane in instance.lanes.iter().filter(|l| l.is_capacitated()) {
        join_all_at(lane.from);
    }
    // A storage limit, or a farm's least share to sell, counts all products together.
    let shared = |n: LocationIx| {
        let location = instance.location(n);
        location.storage_kg.is_some() || location.min_sold_share > 0.0
    };
    for n in instance.location_ixs().filter(|&n| shared(n)) {
        join_all_at(n);
    }
    let mut blocks: Vec<Vec<ProductIx>> = Vec::new();
    let mut block_of_root = vec![usize::MAX; n_products];
    for p in 0..n_products {
        let r = root(&mut parent, p);
        if block_of_root[r] == usize::MAX {
            block_of_root[r] = blocks.len();
            blocks.push(Vec::new());
        }
        blocks[block_of_root[r]].push(ProductIx(p));
    }
    blocks
}

/// The part of the instance in `block`, renumbered: block product `i` is
/// `block.products[i]`, and so on for locations and lanes; with the whole
/// instance's `weights`, restricted alike (a block's own would differ).
pub fn restrict(instance: &Instance, weights: &ObjectiveWeights, block: &Block) -> (Instance, ObjectiveWeights) {
    let weights = weights.restrict(&block.products, &block.locations);
    let mut product = vec![None; instance.products.len()];
    for (i, p) in block.products.iter().enumerate() {
        product[p.0] = Some(ProductIx(i));
    }
    let mut location = vec![None; instance.locations.len()];
    for (i, n) in block.locations.iter().enumerate() {
        location[n.0] = Some(LocationIx(i));
    }
    let instance = Instance {
        period_days: instance.period_days,
        start_date: instance.start_date,
        first_week: instance.first_week,
        weeks: instance.weeks,
        fair_shortfall: instance.fair_shortfall,
        display_unit: instance.display_unit,
        products: block.products.iter().map(|p| instance.product(*p).clone()).collect(),
        locations: block.locations.iter().map(|n| instance.location(*n).clone()).collect(),
        lanes: block
            .lanes
            .iter()
            .filter_map(|l| {
                let lane = instance.lane(*l);
                Some(crate::data::Lane {
                    from: location[lane.from.0]?,
                    to: location[lane.to.0]?,
                    ..lane.clone()
                })
            })
            .collect(),
        supply: instance
            .supply
            .iter()
            .filter_map(|s| {
                Some(crate::data::Supply {
                    farm: location[s.farm.0]?,
                    product: product[s.product.0]?,
                    ..s.clone()
                })
            })
            .collect(),
        demand: instance
            .demand
            .iter()
            .filter_map(|d| {
                Some(crate::data::Demand {
                    store: location[d.store.0]?,
                    product: product[d.product.0]?,
                    ..d.clone()
                })
            })
            .collect(),
        stock: instance
            .stock
            .iter()
            .filter_map(|s| {
                Some(crate::data::OpeningStock {
                    location: location[s.location.0]?,
                    product: product[s.product.0]?,
                    // The lane's start may lie outside the block: only the
                    // arrival matters to the plan.
                    via: s.via.and_then(|v| location[v.0]),
                    ..s.clone()
                })
            })
            .collect(),
        support: block_support_lines(instance, block)
            .into_iter()
            .filter_map(|i| {
                let s = &instance.support[i];
                Some(crate::data::SupportLine {
                    buyer: location[s.buyer.0]?,
                    product: product[s.product.0]?,
                    farm: match s.farm {
                        Some(farm) => Some(location[farm.0]?),
                        None => None,
                    },
                    ..s.clone()
                })
            })
            .collect(),
    };
    (instance, weights)
}

/// The support lines of `block`, in order: block line `i` is the whole
/// instance's line `block_support_lines(..)[i]`. A line's lanes all end at
/// its buyer, so they lie in the buyer's region.
pub fn block_support_lines(instance: &Instance, block: &Block) -> Vec<usize> {
    (0..instance.support.len())
        .filter(|&i| {
            let s = &instance.support[i];
            block.products.binary_search(&s.product).is_ok()
                && block.locations.binary_search(&s.buyer).is_ok()
                && s.farm.is_none_or(|farm| block.locations.binary_search(&farm).is_ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{read_instance_from, MemoryFiles};

    /// Two regions no lane joins: plums at A (priority 1) for store S, cabbage
    /// at B for store T. Each block alone would weigh less than the whole.
    #[test]
    fn each_block_keeps_the_whole_scenarios_weights() {
        let files = [
            (
                "products.csv",
                "product,shelf_life_days,value_per_kg\nplum,14,8\ncabbage,7,1\n",
            ),
            ("farms.csv", "farm,region,priority\nA,a,1\nB,b,0\n"),
            ("stores.csv", "store,region\nS,a\nT,b\n"),
            (
                "supply.csv",
                "farm,product,week,quantity_kg\nA,plum,1,100\nB,cabbage,1,100\n",
            ),
            (
                "demand.csv",
                "store,product,week,quantity_kg\nS,plum,1,80\nT,cabbage,1,80\n",
            ),
            ("lanes.csv", "from,to,cost_per_kg\nA,S,1\nB,T,5\n"),
        ];
        let instance = read_instance_from(&MemoryFiles::from_texts(&files)).expect("the test scenario is valid");
        let whole = ObjectiveWeights::of(&instance);
        let blocks = split_blocks(&instance);
        assert_eq!(blocks.len(), 2);
        for block in &blocks {
            let (sub, weights) = restrict(&instance, &whole, block);
            assert_eq!(weights.fairness_penalty_per_kg(), whole.fairness_penalty_per_kg());
            assert_ne!(
                ObjectiveWeights::of(&sub).fairness_penalty_per_kg(),
                whole.fairness_penalty_per_kg(),
                "a block's own maxima differ"
            );
            for (i, &n) in block.locations.iter().enumerate() {
                assert_eq!(weights.waste_weight(LocationIx(i)), whole.waste_weight(n));
            }
        }
    }
}
