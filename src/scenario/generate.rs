//! A generator of realistic synthetic scenarios, for benchmarks and tests
//! at any size: farms in hill regions far from a city, stores in city
//! districts, seasonal harvests, shelf lives from 3 days to 4 months, and
//! city demand with a winter-spring gap. The same seed gives the same files.

use std::fmt::Write as _;

/// Size and shape of a generated scenario (`agrimatch generate`).
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    /// Number of farms.
    pub farms: usize,
    /// Number of stores.
    pub stores: usize,
    /// Number of products (at least 1); past the 8 built-in ones, they repeat with a suffix.
    pub products: usize,
    /// Weeks in the horizon.
    pub weeks: u32,
    /// Lanes leaving each farm.
    pub lanes_per_farm: usize,
    /// Number of hubs (default 0).
    pub hubs: usize,
    /// Share of lanes with a weekly capacity (shared by all products).
    pub capacitated_lanes: f64,
    /// Seed of the random choices: same options, same files.
    pub seed: u64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            farms: 20,
            stores: 8,
            products: 4,
            weeks: 26,
            lanes_per_farm: 3,
            hubs: 0,
            capacitated_lanes: 0.2,
            seed: 1,
        }
    }
}

/// SplitMix64: tiny, fast and reproducible on every platform (also used
/// by the tests' random scenarios).
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// A kind of produce the generator can grow.
struct ProductTemplate {
    name: &'static str,
    shelf_life_days: u32,
    value_per_kg: f64,
    holding_cost_per_kg_week: f64,
    min_remaining_days: u32,
    /// Harvest season start, as a share of the year.
    season_start: f64,
    season_weeks: u32,
}

const fn template(
    name: &'static str,
    shelf_life_days: u32,
    value_per_kg: f64,
    holding_cost_per_kg_week: f64,
    min_remaining_days: u32,
    season_start: f64,
    season_weeks: u32,
) -> ProductTemplate {
    ProductTemplate {
        name,
        shelf_life_days,
        value_per_kg,
        holding_cost_per_kg_week,
        min_remaining_days,
        season_start,
        season_weeks,
    }
}

/// Shelf lives from 3 days to 4 months; seasons after the Guizhou field facts.
const PRODUCTS: [ProductTemplate; 8] = [
    template("leafy-greens", 3, 4.0, 0.10, 0, 0.0, 52),
    template("fresh-corn", 5, 3.0, 0.08, 1, 0.50, 8),
    template("cabbage", 14, 1.5, 0.03, 2, 0.80, 26),
    template("chili", 10, 6.0, 0.10, 2, 0.45, 14),
    template("honey-plum", 18, 10.0, 0.20, 4, 0.48, 6),
    template("orah-mandarin", 42, 6.0, 0.05, 7, 0.0, 16),
    template("sweet-potato", 90, 2.5, 0.02, 14, 0.70, 10),
    template("walnut", 120, 20.0, 0.05, 14, 0.70, 6),
];

const DISTRICTS: [&str; 7] = [
    "Jingkai",
    "Huaxi",
    "Guanshanhu",
    "Baiyun",
    "Wudang",
    "Nanming",
    "Yunyan",
];

/// The files of a generated scenario: (file name, CSV text).
pub fn generate_scenario(options: &GenerateOptions) -> Vec<(&'static str, String)> {
    let mut rng = Rng(options.seed ^ 0x5EED_A9A1_1CA7_C4E5);
    let weeks = options.weeks.max(1);
    let products: Vec<(String, &ProductTemplate)> = (0..options.products.max(1))
        .map(|i| {
            let template = &PRODUCTS[i % PRODUCTS.len()];
            let name = if i < PRODUCTS.len() {
                template.name.to_string()
            } else {
                format!("{}-{}", template.name, i / PRODUCTS.len() + 1)
            };
            (name, template)
        })
        .collect();

    // Places on a plane, km from the city centre: stores within 15 km,
    // farms in hill regions 80 to 300 km out, hubs half way.
    let regions = (options.farms / 25).max(3);
    let region_angle: Vec<f64> = (0..regions).map(|_| rng.range(0.0, std::f64::consts::TAU)).collect();
    let farm_xy: Vec<(f64, f64)> = (0..options.farms)
        .map(|f| {
            let angle = region_angle[f % regions] + rng.range(-0.3, 0.3);
            let radius = rng.range(80.0, 300.0);
            (radius * angle.cos(), radius * angle.sin())
        })
        .collect();
    let store_xy: Vec<(f64, f64)> = (0..options.stores.max(1))
        .map(|_| (rng.range(-15.0, 15.0), rng.range(-15.0, 15.0)))
        .collect();
    let hub_xy: Vec<(f64, f64)> = (0..options.hubs)
        .map(|h| {
            let angle = region_angle[h % regions];
            (120.0 * angle.cos(), 120.0 * angle.sin())
        })
        .collect();
    let distance = |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();

    let mut out = Vec::new();
    let mut text = String::from("product,shelf_life_days,value_per_kg,holding_cost_per_kg_week,min_remaining_days\n");
    for (name, t) in &products {
        let _ = writeln!(
            text,
            "{name},{},{},{},{}",
            t.shelf_life_days, t.value_per_kg, t.holding_cost_per_kg_week, t.min_remaining_days
        );
    }
    out.push(("products.csv", text));

    let mut text = String::from("farm,region,priority,storage_kg\n");
    for f in 0..options.farms {
        let priority = if rng.unit() < 0.2 { 1 } else { 0 };
        let _ = writeln!(text, "farm-{f:04},hills-{},{priority},", f % regions);
    }
    out.push(("farms.csv", text));
    let mut text = String::from("store,region,storage_kg\n");
    for s in 0..store_xy.len() {
        let _ = writeln!(text, "store-{s:03},{},", DISTRICTS[s % DISTRICTS.len()]);
    }
    out.push(("stores.csv", text));
    let mut text = String::from("hub,region,storage_kg\n");
    for h in 0..options.hubs {
        let _ = writeln!(text, "hub-{h:02},hills-{},", h % regions);
    }
    out.push(("hubs.csv", text));

    // Harvests: each farm grows one to three products in their season,
    // with a triangular seasonal shape and some noise.
    let mut supply = String::from("farm,product,week,quantity_kg\n");
    let mut supply_by_product_week = vec![vec![0.0; weeks as usize]; products.len()];
    let mut farm_weekly_kg = vec![0.0; options.farms];
    for (f, farm_weekly) in farm_weekly_kg.iter_mut().enumerate() {
        let grows = 1 + rng.below(3.min(products.len()));
        let scale = rng.range(2_000.0, 20_000.0);
        for k in 0..grows {
            let p = (f * 3 + k) % products.len();
            let (_, t) = &products[p];
            let length = t.season_weeks;
            let first = (t.season_start * 52.0) as i64 + rng.below(3) as i64 - 1;
            for t in 1..=weeks {
                let in_season = (i64::from(t) - 1 - first).rem_euclid(52);
                if in_season >= i64::from(length) {
                    continue;
                }
                let peak = 1.0 - (2.0 * (in_season as f64 + 0.5) / f64::from(length) - 1.0).abs();
                let kg = (scale * (0.3 + peak) * rng.range(0.8, 1.2)).round();
                supply_by_product_week[p][t as usize - 1] += kg;
                *farm_weekly += kg / f64::from(weeks);
                let _ = writeln!(supply, "farm-{f:04},{},{t},{kg}", products[p].0);
            }
        }
    }
    out.push(("supply.csv", supply));

    // Demand: the city orders about what is grown on average, more in the
    // winter-spring gap (the first and last sixth of the year), less in
    // summer; stores differ in size.
    let store_weight: Vec<f64> = (0..store_xy.len()).map(|_| rng.range(0.5, 2.0)).collect();
    let total_weight: f64 = store_weight.iter().sum();
    let mut demand = String::from("store,product,week,quantity_kg\n");
    for (p, weekly) in supply_by_product_week.iter().enumerate() {
        let mean = weekly.iter().sum::<f64>() / f64::from(weeks);
        for t in 1..=weeks {
            let week_of_year = (t - 1) % 52;
            let gap = if !(9..=43).contains(&week_of_year) { 1.4 } else { 0.9 };
            let city = (mean * 0.5 + weekly[t as usize - 1] * 0.5) * gap;
            for (s, w) in store_weight.iter().enumerate() {
                let kg = (city * w / total_weight * rng.range(0.85, 1.15)).round();
                if kg > 0.0 {
                    let _ = writeln!(demand, "store-{s:03},{},{t},{kg}", products[p].0);
                }
            }
        }
    }
    out.push(("demand.csv", demand));

    // Lanes: each farm to its nearest hub (if any) and to its nearest stores;
    // hubs to every store. Cost and transit grow with distance.
    let mut lanes = String::from("from,to,cost_per_kg,transit_days,capacity_kg_per_week\n");
    let mut lane = |rng: &mut Rng, from: String, to: String, km: f64, weekly_kg: f64| {
        let cost = 0.05 + 0.0025 * km;
        let transit = km / 400.0;
        let capacity = if rng.unit() < options.capacitated_lanes {
            format!("{}", (weekly_kg * rng.range(0.4, 1.0)).round())
        } else {
            String::new()
        };
        let _ = writeln!(lanes, "{from},{to},{cost:.4},{transit:.2},{capacity}");
    };
    for f in 0..options.farms {
        let mut targets: Vec<(f64, String)> = Vec::new();
        if let Some((h, km)) = hub_xy
            .iter()
            .enumerate()
            .map(|(h, &xy)| (h, distance(farm_xy[f], xy)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
        {
            targets.push((km, format!("hub-{h:02}")));
        }
        let mut stores: Vec<(f64, usize)> = store_xy
            .iter()
            .enumerate()
            .map(|(s, &xy)| (distance(farm_xy[f], xy), s))
            .collect();
        stores.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Not always the nearest: a farm's buyers are partly chance.
        let wanted = options.lanes_per_farm.saturating_sub(targets.len()).min(stores.len());
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < wanted {
            let pick = stores[rng.below(stores.len().min(wanted * 2))].1;
            if !chosen.contains(&pick) {
                chosen.push(pick);
            }
        }
        chosen.sort_unstable();
        targets.extend(
            chosen
                .into_iter()
                .map(|s| (distance(farm_xy[f], store_xy[s]), format!("store-{s:03}"))),
        );
        let share = farm_weekly_kg[f] / targets.len().max(1) as f64;
        for (km, to) in targets {
            lane(&mut rng, format!("farm-{f:04}"), to, km, share * 1.5);
        }
    }
    for (h, &xy) in hub_xy.iter().enumerate() {
        for (s, &store) in store_xy.iter().enumerate() {
            lane(
                &mut rng,
                format!("hub-{h:02}"),
                format!("store-{s:03}"),
                distance(xy, store),
                50_000.0,
            );
        }
    }
    out.push(("lanes.csv", lanes));
    out
}

/// `generate --trucks`: every lane of `files` gets 5 t trucks at
/// `300 + 2,000 x cost_per_kg` a truck (a fixed part per trip, and a part
/// that grows with the distance as the cost per kg does).
pub fn add_trucks(files: &mut [(&'static str, String)]) {
    for (name, text) in files.iter_mut() {
        if *name != "lanes.csv" {
            continue;
        }
        let mut with_trucks = String::new();
        for (i, line) in text.lines().enumerate() {
            if i == 0 {
                let _ = writeln!(with_trucks, "{line},truck_kg,cost_per_truck");
                continue;
            }
            let cost_per_kg: f64 = line.split(',').nth(2).and_then(|c| c.parse().ok()).unwrap_or(0.0);
            let _ = writeln!(with_trucks, "{line},5000,{:.2}", 300.0 + 2000.0 * cost_per_kg);
        }
        *text = with_trucks;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_files_other_seed_other_files() {
        let options = GenerateOptions::default();
        assert_eq!(generate_scenario(&options), generate_scenario(&options));
        let other = GenerateOptions { seed: 2, ..options };
        assert_ne!(
            generate_scenario(&other),
            generate_scenario(&GenerateOptions::default())
        );
    }
}
