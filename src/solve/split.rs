//! Splitting a scenario into blocks of products that can be planned apart:
//! two products share a block only when a capacitated lane or a storage
//! limit could carry both. Blocks are solved in parallel and joined.

use crate::data::{Instance, LocationIx, ProductIx};

/// Groups of products (each sorted, groups ordered by their first product).
pub fn product_blocks(instance: &Instance) -> Vec<Vec<ProductIx>> {
    let n_products = instance.products.len();
    let n_locations = instance.locations.len();
    let mut lanes_out = vec![Vec::new(); n_locations];
    for lane in &instance.lanes {
        lanes_out[lane.from.0].push(lane.to);
    }
    // Where each product can ever be, ignoring time.
    let mut present = vec![vec![false; n_locations]; n_products];
    let sources = instance
        .supply
        .iter()
        .map(|s| (s.product, s.farm))
        .chain(instance.stock.iter().map(|s| (s.product, s.location)));
    for (p, n) in sources {
        let seen = &mut present[p.0];
        if seen[n.0] {
            continue;
        }
        seen[n.0] = true;
        let mut stack = vec![n];
        while let Some(at) = stack.pop() {
            for &to in &lanes_out[at.0] {
                if !seen[to.0] {
                    seen[to.0] = true;
                    stack.push(to);
                }
            }
        }
    }
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
    for lane in instance.lanes.iter().filter(|l| l.capacity_kg_per_period.is_some()) {
        join_all_at(lane.from);
    }
    for n in instance
        .location_ixs()
        .filter(|&n| instance.location(n).storage_kg.is_some())
    {
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

/// The instance with only `products` (renumbered in the given order);
/// locations, lanes and the horizon stay as they are.
pub fn restrict_to_products(instance: &Instance, products: &[ProductIx]) -> Instance {
    let mut new_index = vec![None; instance.products.len()];
    for (i, p) in products.iter().enumerate() {
        new_index[p.0] = Some(ProductIx(i));
    }
    let keep = |p: ProductIx| new_index[p.0];
    Instance {
        period_days: instance.period_days,
        weeks: instance.weeks,
        products: products.iter().map(|p| instance.product(*p).clone()).collect(),
        locations: instance.locations.clone(),
        lanes: instance.lanes.clone(),
        supply: instance
            .supply
            .iter()
            .filter_map(|s| keep(s.product).map(|product| crate::data::Supply { product, ..s.clone() }))
            .collect(),
        demand: instance
            .demand
            .iter()
            .filter_map(|d| keep(d.product).map(|product| crate::data::Demand { product, ..d.clone() }))
            .collect(),
        stock: instance
            .stock
            .iter()
            .filter_map(|s| keep(s.product).map(|product| crate::data::OpeningStock { product, ..s.clone() }))
            .collect(),
    }
}
