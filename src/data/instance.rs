//! The validated scenario: ids resolved to indexes, units normalised to kg
//! and planning periods. Everything after `data` works on an [`Instance`].

use super::graph::LaneGraph;

/// Index of a product in [`Instance::products`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProductIx(pub usize);

/// Index of a farm, hub or store in [`Instance::locations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocationIx(pub usize);

/// Index of a lane in [`Instance::lanes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LaneIx(pub usize);

/// A planning period number, 1-based ("week" even when periods are days).
pub type Week = u32;

/// Age of produce in whole periods; harvested in week t means age 0 in week t.
pub type AgePeriods = u32;

#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub id: String,
    pub shelf_life_days: u32,
    pub value_per_kg: f64,
    pub holding_cost_per_kg_week: f64,
    pub min_remaining_days: u32,
    /// Oldest age (periods) at which produce can still be held or shipped:
    /// `floor(shelf_life_days / period_days)`; older is waste.
    pub max_age: AgePeriods,
    /// Oldest age (periods) at which a store accepts it:
    /// `floor((shelf_life_days - min_remaining_days) / period_days)`.
    pub max_sale_age: AgePeriods,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LocationKind {
    Farm,
    Hub,
    Store,
}

impl LocationKind {
    pub fn noun(self) -> &'static str {
        match self {
            LocationKind::Farm => "farm",
            LocationKind::Hub => "hub",
            LocationKind::Store => "store",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    pub id: String,
    pub kind: LocationKind,
    pub region: String,
    /// Shared by all products and ages; `None` is unlimited.
    pub storage_kg: Option<f64>,
    /// Farms only (0 elsewhere): unsold produce costs `value_per_kg * (1 + priority)`
    /// (see `model::costs` for what a spoiled kg costs elsewhere).
    pub priority: f64,
    /// Farms: the least share of the harvest (and opening stock) to sell, 0 to 1.
    pub min_sold_share: f64,
    /// Stores: a short kg here counts `weight` times in fair shares (default 1).
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub from: LocationIx,
    pub to: LocationIx,
    pub cost_per_kg: f64,
    pub transit_days: f64,
    /// `floor(transit_days / period_days)`: periods on the road, which age the produce.
    pub transit_periods: u32,
    /// Shared by all products; already converted from per week to per period.
    pub capacity_kg_per_period: Option<f64>,
    /// Capacity for single weeks (a road closed for a week), per period;
    /// it replaces `capacity_kg_per_period` in those weeks.
    pub capacity_by_week: std::collections::BTreeMap<Week, f64>,
}

impl Lane {
    /// The lane's capacity in `week`, per period (`None`: unlimited).
    pub fn capacity_in(&self, week: Week) -> Option<f64> {
        self.capacity_by_week
            .get(&week)
            .copied()
            .or(self.capacity_kg_per_period)
    }

    /// Whether some week has a capacity.
    pub fn is_capacitated(&self) -> bool {
        self.capacity_kg_per_period.is_some() || !self.capacity_by_week.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Supply {
    pub farm: LocationIx,
    pub product: ProductIx,
    pub week: Week,
    pub quantity_kg: f64,
    /// A buyer's guaranteed price for this harvest (assisted households).
    pub support_price_per_kg: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Demand {
    pub store: LocationIx,
    pub product: ProductIx,
    pub week: Week,
    pub quantity_kg: f64,
    /// As written in demand.csv; blank is `None` (`model::costs` has the default).
    pub shortfall_penalty_per_kg: Option<f64>,
}

/// Stock on hand at a location: at the start of week 1 (`stock.csv`), or
/// arriving in a later week (produce in transit when re-planning).
#[derive(Debug, Clone, PartialEq)]
pub struct OpeningStock {
    pub location: LocationIx,
    pub product: ProductIx,
    /// The week it is at the location (1 for `stock.csv`).
    pub week: Week,
    /// `floor(age_days / period_days)`.
    pub age: AgePeriods,
    pub quantity_kg: f64,
    /// For produce still on the road: the lane's start (its `to` is
    /// `location`); `None` for stock on hand.
    pub via: Option<LocationIx>,
}

/// A validated scenario. Locations are ordered farms, hubs, stores, each in
/// file order; lanes, supply, demand and stock keep file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub period_days: u32,
    /// `scenario.toml`: the first day of period 1, when weeks are on the calendar.
    pub start_date: Option<crate::data::dates::Date>,
    /// The first week planned: 1, or the week `agrimatch week --from` starts
    /// at (earlier weeks are empty; outputs list weeks from here on).
    pub first_week: Week,
    /// The horizon: the last week named by supply or demand.
    pub weeks: Week,
    /// `scenario.toml`: each store's shortfall rate, per product and week,
    /// may exceed the overall rate by at most this (times the store's weight).
    pub fair_shortfall: Option<f64>,
    /// `scenario.toml`: the unit the terminal shows quantities in, with its kg.
    pub display_unit: (&'static str, f64),
    pub products: Vec<Product>,
    pub locations: Vec<Location>,
    pub lanes: Vec<Lane>,
    pub supply: Vec<Supply>,
    pub demand: Vec<Demand>,
    pub stock: Vec<OpeningStock>,
}

impl Instance {
    /// The periods on the calendar.
    pub fn calendar(&self) -> crate::data::dates::Calendar {
        crate::data::dates::Calendar {
            start: self.start_date,
            period_days: self.period_days,
        }
    }

    pub fn product(&self, p: ProductIx) -> &Product {
        &self.products[p.0]
    }

    pub fn location(&self, n: LocationIx) -> &Location {
        &self.locations[n.0]
    }

    pub fn lane(&self, l: LaneIx) -> &Lane {
        &self.lanes[l.0]
    }

    pub fn location_ixs(&self) -> impl Iterator<Item = LocationIx> {
        (0..self.locations.len()).map(LocationIx)
    }

    pub fn product_ixs(&self) -> impl Iterator<Item = ProductIx> {
        (0..self.products.len()).map(ProductIx)
    }

    /// Oldest age at which product `p` is worth keeping at location `n`:
    /// stores keep only what they can still sell.
    pub fn max_age_at(&self, n: LocationIx, p: ProductIx) -> AgePeriods {
        let product = self.product(p);
        match self.location(n).kind {
            LocationKind::Store => product.max_sale_age,
            LocationKind::Farm | LocationKind::Hub => product.max_age,
        }
    }
}

/// The stores of one product and week that share a fair shortfall rate.
#[derive(Debug, Clone, PartialEq)]
pub struct FairGroup {
    pub product: ProductIx,
    pub week: Week,
    /// (store, ordered kg), in the order of demand.csv.
    pub stores: Vec<(LocationIx, f64)>,
}

impl Instance {
    /// Harvest plus opening stock at a farm: what its `min_sold_share` is of.
    pub fn farm_supply_kg(&self, farm: LocationIx) -> f64 {
        self.supply
            .iter()
            .filter(|s| s.farm == farm)
            .map(|s| s.quantity_kg)
            .sum::<f64>()
            + self
                .stock
                .iter()
                .filter(|s| s.location == farm)
                .map(|s| s.quantity_kg)
                .sum::<f64>()
    }

    /// Per product, where it starts: the farms that harvest it and the
    /// locations with opening stock of it (in file order, repeats kept).
    pub fn sources_by_product(&self) -> Vec<Vec<LocationIx>> {
        let mut sources = vec![Vec::new(); self.products.len()];
        let rows = self
            .supply
            .iter()
            .map(|s| (s.product, s.farm))
            .chain(self.stock.iter().map(|s| (s.product, s.location)));
        for (p, n) in rows {
            sources[p.0].push(n);
        }
        sources
    }

    /// With `fair_shortfall` set: per product and week, the stores with an
    /// order that some lane path from a source of the product reaches (a
    /// store no road reaches is left out: its shortfall is no choice).
    /// Groups of fewer than two stores are left out too.
    pub fn fair_groups(&self) -> Vec<FairGroup> {
        if self.fair_shortfall.is_none() {
            return Vec::new();
        }
        // Lane targets only: a store no lane reaches stays out even when it
        // holds opening stock of its own.
        let graph = LaneGraph::of(self);
        let reached: Vec<Vec<bool>> = self
            .sources_by_product()
            .into_iter()
            .map(|sources| graph.reachable_from(sources))
            .collect();
        let mut groups: Vec<FairGroup> = Vec::new();
        let mut index: std::collections::BTreeMap<(ProductIx, Week), usize> = std::collections::BTreeMap::new();
        for d in self
            .demand
            .iter()
            .filter(|d| d.quantity_kg > 0.0 && reached[d.product.0][d.store.0])
        {
            let i = *index.entry((d.product, d.week)).or_insert_with(|| {
                groups.push(FairGroup {
                    product: d.product,
                    week: d.week,
                    stores: Vec::new(),
                });
                groups.len() - 1
            });
            groups[i].stores.push((d.store, d.quantity_kg));
        }
        groups.retain(|g| g.stores.len() >= 2);
        groups
    }
}
