//! Splitting a scenario into blocks that can be planned apart: products
//! share a block only when a capacitated lane or a storage limit could carry
//! both, and regions share a block only when a lane joins them. Blocks are
//! solved in parallel and joined.

use std::collections::HashMap;

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
    // Each region's places and lanes, listed once: a scan of every place
    // and lane per block costs blocks x places, which on a scenario of
    // thousands of unconnected stores is most of the plan.
    let mut places_of: Vec<Vec<LocationIx>> = vec![Vec::new(); n];
    for (i, &root) in region.iter().enumerate() {
        places_of[root].push(LocationIx(i));
    }
    let mut lanes_of: Vec<Vec<LaneIx>> = vec![Vec::new(); n];
    for (l, lane) in instance.lanes.iter().enumerate() {
        lanes_of[region[lane.from.0]].push(LaneIx(l));
    }
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
                locations: places_of[root].clone(),
                lanes: lanes_of[root].clone(),
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

/// The rows of the whole instance that lie in one block, in increasing
/// order: harvests, orders, opening stock and support lines (see
/// [`block_support_lines`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockRows {
    supply: Vec<usize>,
    demand: Vec<usize>,
    stock: Vec<usize>,
    /// Block support line `i` is the whole instance's line `support[i]`.
    pub support: Vec<usize>,
}

/// The rows of each of `blocks` (blocks that share no product and place,
/// as [`split_blocks`] makes them), in one pass over the instance's rows:
/// each block scanning them all would cost blocks x rows, the larger part
/// of planning a scenario of thousands of small blocks.
pub fn block_rows(instance: &Instance, blocks: &[Block]) -> Vec<BlockRows> {
    // Blocks with the same products form a group; a row belongs to the
    // block of its product's group that holds its place.
    let mut group_of_product = vec![usize::MAX; instance.products.len()];
    let mut groups: HashMap<&[ProductIx], usize> = HashMap::new();
    let mut block_at: HashMap<(usize, LocationIx), usize> = HashMap::new();
    for (b, block) in blocks.iter().enumerate() {
        let next = groups.len();
        let group = *groups.entry(block.products.as_slice()).or_insert(next);
        for p in &block.products {
            group_of_product[p.0] = group;
        }
        for &n in &block.locations {
            block_at.insert((group, n), b);
        }
    }
    let block_of = |product: ProductIx, place: LocationIx| {
        let group = *group_of_product.get(product.0)?;
        block_at.get(&(group, place)).copied()
    };
    let mut rows = vec![BlockRows::default(); blocks.len()];
    for (i, s) in instance.supply.iter().enumerate() {
        if let Some(b) = block_of(s.product, s.farm) {
            rows[b].supply.push(i);
        }
    }
    for (i, d) in instance.demand.iter().enumerate() {
        if let Some(b) = block_of(d.product, d.store) {
            rows[b].demand.push(i);
        }
    }
    for (i, s) in instance.stock.iter().enumerate() {
        if let Some(b) = block_of(s.product, s.location) {
            rows[b].stock.push(i);
        }
    }
    for (i, s) in instance.support.iter().enumerate() {
        if let Some(b) = block_of(s.product, s.buyer) {
            if s.farm
                .is_none_or(|farm| blocks[b].locations.binary_search(&farm).is_ok())
            {
                rows[b].support.push(i);
            }
        }
    }
    rows
}

/// The part of the instance in `block`, renumbered: block product `i` is
/// `block.products[i]`, and so on for locations and lanes; with the whole
/// instance's `weights`, restricted alike (a block's own would differ).
pub fn restrict(instance: &Instance, weights: &ObjectiveWeights, block: &Block) -> (Instance, ObjectiveWeights) {
    let rows = block_rows(instance, std::slice::from_ref(block));
    let rows = rows.first().expect("one set of rows per block");
    restrict_rows(instance, weights, block, rows)
}

/// [`restrict`] with the block's rows found beforehand ([`block_rows`]).
pub fn restrict_rows(
    instance: &Instance,
    weights: &ObjectiveWeights,
    block: &Block,
    rows: &BlockRows,
) -> (Instance, ObjectiveWeights) {
    let weights = weights.restrict(&block.products, &block.locations);
    let mut product = vec![None; instance.products.len()];
    for (i, p) in block.products.iter().enumerate() {
        product[p.0] = Some(ProductIx(i));
    }
    // A search in the block's sorted places, not a table of every place:
    // a scenario of thousands of small blocks would fill one per block.
    let location = |n: LocationIx| block.locations.binary_search(&n).ok().map(LocationIx);
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
                    from: location(lane.from)?,
                    to: location(lane.to)?,
                    ..lane.clone()
                })
            })
            .collect(),
        supply: rows
            .supply
            .iter()
            .map(|&i| &instance.supply[i])
            .filter_map(|s| {
                Some(crate::data::Supply {
                    farm: location(s.farm)?,
                    product: product[s.product.0]?,
                    ..s.clone()
                })
            })
            .collect(),
        demand: rows
            .demand
            .iter()
            .map(|&i| &instance.demand[i])
            .filter_map(|d| {
                Some(crate::data::Demand {
                    store: location(d.store)?,
                    product: product[d.product.0]?,
                    ..d.clone()
                })
            })
            .collect(),
        stock: rows
            .stock
            .iter()
            .map(|&i| &instance.stock[i])
            .filter_map(|s| {
                Some(crate::data::OpeningStock {
                    location: location(s.location)?,
                    product: product[s.product.0]?,
                    // The lane's start may lie outside the block: only the
                    // arrival matters to the plan.
                    via: s.via.and_then(location),
                    ..s.clone()
                })
            })
            .collect(),
        support: rows
            .support
            .iter()
            .filter_map(|&i| {
                let s = &instance.support[i];
                Some(crate::data::SupportLine {
                    buyer: location(s.buyer)?,
                    product: product[s.product.0]?,
                    farm: match s.farm {
                        Some(farm) => Some(location(farm)?),
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
    use crate::scenario::generate::{generate_scenario, GenerateOptions};

    /// Rows found for all blocks in one pass are exactly the rows whose
    /// product and place are the block's, on a generated scenario of many
    /// regions and several product groups (capacitated lanes join some).
    #[test]
    fn block_rows_are_the_rows_of_each_block() {
        let files = generate_scenario(&GenerateOptions {
            farms: 40,
            stores: 12,
            products: 4,
            weeks: 6,
            lanes_per_farm: 1,
            hubs: 0,
            capacitated_lanes: 0.3,
            seed: 5,
        });
        let texts: Vec<(&str, &str)> = files.iter().map(|(name, text)| (*name, text.as_str())).collect();
        let instance = read_instance_from(&MemoryFiles::from_texts(&texts)).expect("a generated scenario is valid");
        let blocks = split_blocks(&instance);
        assert!(
            blocks.len() > 8,
            "{} blocks: the case should split into many",
            blocks.len()
        );
        let rows = block_rows(&instance, &blocks);
        let inside =
            |block: &Block, p: ProductIx, n: LocationIx| block.products.contains(&p) && block.locations.contains(&n);
        let mut seen = 0;
        for (block, rows) in blocks.iter().zip(&rows) {
            let supply: Vec<usize> = (0..instance.supply.len())
                .filter(|&i| inside(block, instance.supply[i].product, instance.supply[i].farm))
                .collect();
            let demand: Vec<usize> = (0..instance.demand.len())
                .filter(|&i| inside(block, instance.demand[i].product, instance.demand[i].store))
                .collect();
            assert_eq!(rows.supply, supply);
            assert_eq!(rows.demand, demand);
            assert_eq!(rows.support, block_support_lines(&instance, block));
            seen += supply.len() + demand.len();
            let (alone, _) = restrict(&instance, &ObjectiveWeights::of(&instance), block);
            let (together, _) = restrict_rows(&instance, &ObjectiveWeights::of(&instance), block, rows);
            assert_eq!(alone, together);
        }
        assert!(seen > 0);
    }

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
