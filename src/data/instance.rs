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

/// A product as validated from `products.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    /// The `product` id, as it appears in every other file and report.
    pub id: String,
    /// Days from harvest until the produce is worthless (waste).
    pub shelf_life_days: u32,
    /// What a kg is worth; a spoiled kg costs this (times the farm's priority
    /// weight), and the default shortfall penalty is twice it.
    pub value_per_kg: f64,
    /// Cost of keeping a kg one more week (7 days), whatever the period;
    /// `model::costs` converts it per period. 0 when not given.
    pub holding_cost_per_kg_week: f64,
    /// Days of shelf life a store wants left on arrival (0 when not given).
    pub min_remaining_days: u32,
    /// Oldest age (periods) at which produce can still be held or shipped:
    /// `floor(shelf_life_days / period_days)`; older is waste.
    pub max_age: AgePeriods,
    /// Oldest age (periods) at which a store accepts it:
    /// `floor((shelf_life_days - min_remaining_days) / period_days)`.
    pub max_sale_age: AgePeriods,
}

/// What a location is; it decides what it may do (harvest, hold, sell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LocationKind {
    /// Harvests produce (`farms.csv`); lanes may leave it.
    Farm,
    /// Only passes produce on and may hold it (`hubs.csv`).
    Hub,
    /// Orders and sells produce (`stores.csv`).
    Store,
}

impl LocationKind {
    /// The word for the kind in messages and reports (`farm`, `hub`, `store`).
    pub fn noun(self) -> &'static str {
        match self {
            LocationKind::Farm => "farm",
            LocationKind::Hub => "hub",
            LocationKind::Store => "store",
        }
    }
}

/// A farm, hub or store as validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    /// The id from the `farm`, `hub` or `store` column; unique across all three files.
    pub id: String,
    /// Which file it came from, and so what it may do.
    pub kind: LocationKind,
    /// Free text grouping locations in reports and change-file selectors.
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

/// A road from one location to another, as validated from `lanes.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// Where the produce is loaded.
    pub from: LocationIx,
    /// Where it arrives `transit_periods` later.
    pub to: LocationIx,
    /// Transport cost per kg carried, whatever the product.
    pub cost_per_kg: f64,
    /// Days on the road as written (0 when not given); `transit_periods` is
    /// what the model uses.
    pub transit_days: f64,
    /// `floor(transit_days / period_days)`: periods on the road, which age the produce.
    pub transit_periods: u32,
    /// Shared by all products; already converted from per week to per period.
    pub capacity_kg_per_period: Option<f64>,
    /// Capacity for single weeks (a road closed for a week), per period;
    /// it replaces `capacity_kg_per_period` in those weeks.
    pub capacity_by_week: std::collections::BTreeMap<Week, f64>,
    /// Cost per kg for single weeks; it replaces `cost_per_kg` in those
    /// weeks. Never read from a file: the truck search prices its trucks
    /// per kg this way (see `solve::trucks`).
    pub cost_by_week: std::collections::BTreeMap<Week, f64>,
    /// With `truck_kg` in lanes.csv: the lane is planned in whole trucks.
    pub truck: Option<Truck>,
}

/// The trucks of a lane (`lanes.csv`: `truck_kg`, `cost_per_truck`,
/// `max_trucks_per_week`). Trucks are counted per lane and planning period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Truck {
    /// Kg one truck carries, all products together (> 0).
    pub kg: f64,
    /// Paid for every truck that leaves, on top of `cost_per_kg` (0 when blank).
    pub cost: f64,
    /// Most trucks per period; `None` is no limit.
    pub max_per_period: Option<u32>,
}

impl Truck {
    /// The fewest trucks that carry `load_kg`. A load within 1e-9 relative
    /// of a whole number of trucks (a solver's rounding) needs no extra truck.
    pub fn needed_for(&self, load_kg: f64) -> u32 {
        if load_kg <= 0.0 {
            return 0;
        }
        let exact = load_kg / self.kg;
        (exact - 1e-9 * exact.max(1.0)).ceil().max(1.0) as u32
    }
}

impl Lane {
    /// The lane's capacity in `week`, per period (`None`: unlimited).
    pub fn capacity_in(&self, week: Week) -> Option<f64> {
        self.capacity_by_week
            .get(&week)
            .copied()
            .or(self.capacity_kg_per_period)
    }

    /// The lane's cost per kg in `week` (see `cost_by_week`).
    pub fn cost_in(&self, week: Week) -> f64 {
        self.cost_by_week.get(&week).copied().unwrap_or(self.cost_per_kg)
    }

    /// Whether some week has a capacity.
    pub fn is_capacitated(&self) -> bool {
        self.capacity_kg_per_period.is_some() || !self.capacity_by_week.is_empty()
    }
}

/// A harvest: kg of a product a farm has in a week (`supply.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Supply {
    /// The farm that harvests it.
    pub farm: LocationIx,
    /// What is harvested.
    pub product: ProductIx,
    /// The week it is harvested (age 0 in that week).
    pub week: Week,
    /// Harvested kg, converted from jin or tonnes where the file used them.
    pub quantity_kg: f64,
    /// A buyer's guaranteed price for this harvest (assisted households).
    pub support_price_per_kg: Option<f64>,
}

/// An order: kg of a product a store wants in a week (`demand.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Demand {
    /// The store that orders.
    pub store: LocationIx,
    /// What is ordered.
    pub product: ProductIx,
    /// The week it must be sold in; produce sold later does not count.
    pub week: Week,
    /// Ordered kg, converted from jin or tonnes where the file used them.
    pub quantity_kg: f64,
    /// As written in demand.csv; blank is `None` (`model::costs` has the default).
    pub shortfall_penalty_per_kg: Option<f64>,
}

/// Stock on hand at a location: at the start of week 1 (`stock.csv`), or
/// arriving in a later week (produce in transit when re-planning).
#[derive(Debug, Clone, PartialEq)]
pub struct OpeningStock {
    /// Where the stock is.
    pub location: LocationIx,
    /// What it is.
    pub product: ProductIx,
    /// The week it is at the location (1 for `stock.csv`).
    pub week: Week,
    /// `floor(age_days / period_days)`.
    pub age: AgePeriods,
    /// Kg on hand, converted from jin or tonnes where the file used them.
    pub quantity_kg: f64,
    /// For produce still on the road: the lane's start (its `to` is
    /// `location`); `None` for stock on hand.
    pub via: Option<LocationIx>,
}

/// A buyer of last resort (`support.csv`): it buys any kg of `product`
/// that arrives fresh from an eligible farm on a lane straight to it, at
/// `price_per_kg`, while its budget lasts. It has no orders and no shortfall.
#[derive(Debug, Clone, PartialEq)]
pub struct SupportLine {
    /// The buyer, a store.
    pub buyer: LocationIx,
    /// What it buys.
    pub product: ProductIx,
    /// What it pays per kg: the farm's income, and what the budget counts.
    pub price_per_kg: f64,
    /// Money over the horizon (`None`: no limit).
    pub budget: Option<f64>,
    /// Only from this farm; `None`: from every farm with `priority` > 0.
    pub farm: Option<LocationIx>,
    /// First week it buys in (the week the produce arrives).
    pub week_from: Week,
    /// Last week it buys in (`Week::MAX`: to the end of the horizon).
    pub week_to: Week,
    /// What a kg bought costs the programme, net of any resale.
    pub cost_per_kg: f64,
    /// Set in a window that ends before the data does (`roll`, `week
    /// --horizon`): the buyer takes only kg that would spoil before the
    /// window's last week ends. At the window's end, unsold stock costs only
    /// its priority part, so without this the buyer took kg a later order
    /// (after the window) would have bought.
    pub spoiling_only: bool,
}

impl SupportLine {
    /// Whether the line buys produce arriving in `week`.
    pub fn buys_in(&self, week: Week) -> bool {
        (self.week_from..=self.week_to).contains(&week)
    }
}

/// A validated scenario. Locations are ordered farms, hubs, stores, each in
/// file order; lanes, supply, demand and stock keep file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Days per planning period (`scenario.toml`, default 7).
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
    /// Products in `products.csv` order; indexed by [`ProductIx`].
    pub products: Vec<Product>,
    /// Farms, then hubs, then stores, each in file order; indexed by [`LocationIx`].
    pub locations: Vec<Location>,
    /// Lanes in `lanes.csv` order; indexed by [`LaneIx`].
    pub lanes: Vec<Lane>,
    /// Harvests in `supply.csv` order.
    pub supply: Vec<Supply>,
    /// Orders in `demand.csv` order.
    pub demand: Vec<Demand>,
    /// Stock on hand: `stock.csv` in file order (week 1), then any in transit.
    pub stock: Vec<OpeningStock>,
    /// Support purchases, in `support.csv` order (empty without the file).
    pub support: Vec<SupportLine>,
}

impl Instance {
    /// The periods on the calendar.
    pub fn calendar(&self) -> crate::data::dates::Calendar {
        crate::data::dates::Calendar {
            start: self.start_date,
            period_days: self.period_days,
        }
    }

    /// The product at index `p`.
    pub fn product(&self, p: ProductIx) -> &Product {
        &self.products[p.0]
    }

    /// The location at index `n`.
    pub fn location(&self, n: LocationIx) -> &Location {
        &self.locations[n.0]
    }

    /// The lane at index `l`.
    pub fn lane(&self, l: LaneIx) -> &Lane {
        &self.lanes[l.0]
    }

    /// Every location index, farms first, then hubs, then stores.
    pub fn location_ixs(&self) -> impl Iterator<Item = LocationIx> {
        (0..self.locations.len()).map(LocationIx)
    }

    /// Every product index, in `products.csv` order.
    pub fn product_ixs(&self) -> impl Iterator<Item = ProductIx> {
        (0..self.products.len()).map(ProductIx)
    }

    /// The lanes support line `s` buys on: from each farm it buys from (its
    /// `farm`, or every farm with `priority` > 0) straight to its buyer.
    pub fn support_lanes(&self, s: &SupportLine) -> Vec<LaneIx> {
        (0..self.lanes.len())
            .map(LaneIx)
            .filter(|&l| {
                let lane = self.lane(l);
                let from = self.location(lane.from);
                lane.to == s.buyer
                    && from.kind == LocationKind::Farm
                    && s.farm.map_or(from.priority > 0.0, |farm| farm == lane.from)
            })
            .collect()
    }

    /// The support line that buys `product` arriving at the end of `lane`
    /// in `week` (lines never overlap: validation refuses it).
    pub fn support_line_of(&self, lane: LaneIx, product: ProductIx, week: Week) -> Option<usize> {
        self.support
            .iter()
            .position(|s| s.product == product && s.buys_in(week) && self.support_lanes(s).contains(&lane))
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
    /// The product the stores share a rate for.
    pub product: ProductIx,
    /// The week of the orders.
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
