//! `agrimatch check`: what was read, without solving, and early warnings a
//! planner can act on before the plan runs.

use std::collections::BTreeMap;

use crate::data::{Instance, LocationKind, ProductIx, Week};

/// Totals per product: (harvest and opening stock kg, ordered kg).
pub fn totals_per_product(instance: &Instance) -> Vec<(ProductIx, f64, f64)> {
    let mut totals = vec![(0.0, 0.0); instance.products.len()];
    for s in &instance.supply {
        totals[s.product.0].0 += s.quantity_kg;
    }
    for s in &instance.stock {
        totals[s.product.0].0 += s.quantity_kg;
    }
    for d in &instance.demand {
        totals[d.product.0].1 += d.quantity_kg;
    }
    totals
        .into_iter()
        .enumerate()
        .map(|(p, (s, d))| (ProductIx(p), s, d))
        .collect()
}

/// Weeks in which a product's orders exceed all the harvest that could
/// still be fresh enough to sell that week (harvested within its sale
/// window, at a farm some lane leaves): shortfall there is certain.
pub fn certain_shortfalls(instance: &Instance) -> Vec<(ProductIx, Week, f64, f64)> {
    let shipping: Vec<bool> = instance
        .location_ixs()
        .map(|n| instance.lanes.iter().any(|l| l.from == n))
        .collect();
    let mut harvest: BTreeMap<(ProductIx, Week), f64> = BTreeMap::new();
    for s in instance.supply.iter().filter(|s| shipping[s.farm.0]) {
        *harvest.entry((s.product, s.week)).or_default() += s.quantity_kg;
    }
    let mut ordered: BTreeMap<(ProductIx, Week), f64> = BTreeMap::new();
    for d in &instance.demand {
        *ordered.entry((d.product, d.week)).or_default() += d.quantity_kg;
    }
    let stock: Vec<f64> = totals_stock(instance);
    let mut warnings = Vec::new();
    for (&(p, week), &kg) in &ordered {
        let window = instance.product(p).max_sale_age;
        let first = week.saturating_sub(window).max(1);
        let reachable: f64 = (first..=week)
            .map(|w| harvest.get(&(p, w)).copied().unwrap_or(0.0))
            .sum::<f64>()
            + if first == 1 { stock[p.0] } else { 0.0 };
        if kg > reachable + 1e-9 {
            warnings.push((p, week, kg, reachable));
        }
    }
    warnings
}

fn totals_stock(instance: &Instance) -> Vec<f64> {
    let mut stock = vec![0.0; instance.products.len()];
    for s in &instance.stock {
        stock[s.product.0] += s.quantity_kg;
    }
    stock
}

/// Counts of what was read, in the order of the input files.
pub fn counts(instance: &Instance) -> Vec<(&'static str, usize)> {
    let kind = |k: LocationKind| instance.locations.iter().filter(|l| l.kind == k).count();
    vec![
        ("products", instance.products.len()),
        ("farms", kind(LocationKind::Farm)),
        ("hubs", kind(LocationKind::Hub)),
        ("stores", kind(LocationKind::Store)),
        ("lanes", instance.lanes.len()),
        ("supply rows", instance.supply.len()),
        ("demand rows", instance.demand.len()),
        ("stock rows", instance.stock.len()),
    ]
}
