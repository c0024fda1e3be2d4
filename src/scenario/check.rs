//! `agrimatch check`: what was read, without solving, and early warnings a
//! planner can act on before the plan runs.

use std::collections::BTreeMap;

use crate::data::{Instance, LaneGraph, LocationIx, LocationKind, ProductIx, Week};

/// Everything `check` reports about a valid scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckFindings {
    /// What was read, in the order of the input files.
    pub counts: Vec<(&'static str, usize)>,
    /// Per product: harvest and opening stock kg, ordered kg.
    pub totals: Vec<(ProductIx, f64, f64)>,
    /// See [`certain_shortfalls`].
    pub certain_shortfalls: Vec<(ProductIx, Week, f64, f64)>,
    /// Farms and stores no lane touches.
    pub unconnected: Vec<Unconnected>,
    /// Harvest or stock no order can use.
    pub unsellable: Vec<Unsellable>,
    /// Why the scenario is too large to plan, when it is.
    pub too_large: Option<String>,
    /// What is amiss with the week of the opening state (`state.toml`),
    /// said as `week --from` would (filled in by the caller, which knows
    /// the week asked for).
    pub state: Vec<String>,
}

/// Runs every check on a valid scenario (nothing is solved).
pub fn check_scenario(instance: &Instance) -> CheckFindings {
    CheckFindings {
        counts: counts(instance),
        totals: totals_per_product(instance),
        certain_shortfalls: certain_shortfalls(instance),
        unconnected: unconnected_locations(instance),
        unsellable: unsellable_supply(instance),
        too_large: crate::solve::limits::check_state_count(instance)
            .err()
            .map(|e| e.to_string()),
        state: Vec::new(),
    }
}

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
/// window, at a farm some lane leaves): shortfall there is certain. The
/// opening state counts from the first week planned (`first_week`: 1, or
/// `--from`).
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
        let first = week.saturating_sub(window).max(instance.first_week);
        let reachable: f64 = (first..=week)
            .map(|w| harvest.get(&(p, w)).copied().unwrap_or(0.0))
            .sum::<f64>()
            + if first == instance.first_week { stock[p.0] } else { 0.0 };
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

/// A farm or store that no lane touches, and the kg it holds or orders
/// (all of it wasted or short, whatever the plan).
#[derive(Debug, Clone, PartialEq)]
pub struct Unconnected {
    /// The farm or store.
    pub location: LocationIx,
    /// Harvest and opening stock (farms) or orders (stores), kg.
    pub kg: f64,
}

/// Farms and stores without any lane, in the order of their files.
pub fn unconnected_locations(instance: &Instance) -> Vec<Unconnected> {
    let mut touched = vec![false; instance.locations.len()];
    for lane in &instance.lanes {
        touched[lane.from.0] = true;
        touched[lane.to.0] = true;
    }
    let mut kg = vec![0.0; instance.locations.len()];
    for s in &instance.supply {
        kg[s.farm.0] += s.quantity_kg;
    }
    for s in &instance.stock {
        kg[s.location.0] += s.quantity_kg;
    }
    for d in &instance.demand {
        kg[d.store.0] += d.quantity_kg;
    }
    instance
        .location_ixs()
        .filter(|&n| !touched[n.0] && instance.location(n).kind != LocationKind::Hub)
        .map(|n| Unconnected {
            location: n,
            kg: kg[n.0],
        })
        .collect()
}

/// Harvest or opening stock that no order can use: no store reachable from
/// where it is orders the product while it is still fresh enough to sell.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsellable {
    /// Where it is (a farm, or wherever the stock is).
    pub location: LocationIx,
    /// The product.
    pub product: ProductIx,
    /// The week it becomes available (1 for opening stock).
    pub week: Week,
    /// Kg that can only be wasted.
    pub kg: f64,
    /// Opening stock (`true`) rather than a harvest.
    pub stock: bool,
}

/// Every harvest and opening stock row that cannot reach any order in time.
/// A lane's transit counts towards the age, so this is a certainty, not a guess.
pub fn unsellable_supply(instance: &Instance) -> Vec<Unsellable> {
    // ordered[p][store] = weeks with a positive order, sorted.
    let mut ordered: Vec<BTreeMap<LocationIx, Vec<Week>>> = vec![BTreeMap::new(); instance.products.len()];
    for d in instance.demand.iter().filter(|d| d.quantity_kg > 0.0) {
        ordered[d.product.0].entry(d.store).or_default().push(d.week);
    }
    for stores in &mut ordered {
        for weeks in stores.values_mut() {
            weeks.sort_unstable();
        }
    }
    let graph = LaneGraph::of(instance);
    let mut reach: BTreeMap<LocationIx, Vec<bool>> = BTreeMap::new();
    let rows = instance
        .supply
        .iter()
        .map(|s| (s.farm, s.product, s.week, 0, s.quantity_kg, false))
        .chain(
            instance
                .stock
                .iter()
                .map(|s| (s.location, s.product, s.week, s.age, s.quantity_kg, true)),
        );
    let mut found = Vec::new();
    for (n, p, week, age, kg, stock) in rows.filter(|r| r.4 > 0.0) {
        // Lane targets, and the place itself: produce can be sold where it is.
        let reached = reach.entry(n).or_insert_with(|| graph.reachable_from([n]));
        let product = instance.product(p);
        // The last week it can still be on a store's shelf for sale.
        let last = week.saturating_add(product.max_sale_age.saturating_sub(age));
        let sellable = age <= product.max_sale_age
            && ordered[p.0].iter().any(|(store, weeks)| {
                let here = *store == n || reached[store.0];
                here && weeks.iter().any(|&w| w >= week && w <= last)
            });
        if !sellable {
            found.push(Unsellable {
                location: n,
                product: p,
                week,
                kg,
                stock,
            });
        }
    }
    found
}
