//! `report.html`: one self-contained page (charts as inline SVG, style
//! inline, no scripts, nothing fetched) for the people who act on a plan.
//! Headline figures first, then charts, then the tables behind them.

use std::collections::BTreeMap;

use maud::{html, Markup, PreEscaped, DOCTYPE};
use plotters::prelude::*;

use super::bench::draw_legend;
use super::figures::{ratio, PlanFigures};
use super::text::grouped;
use crate::data::{Instance, LocationKind, ProductIx};
use crate::solve::{PlanOutcome, VerifiedPlan};

/// A plan's figures for a second column: the greedy baseline.
pub struct Baseline<'a> {
    pub verified: &'a VerifiedPlan,
    pub figures: &'a PlanFigures,
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}\
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:0.5em 0}td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #eee}\
th{background:#f4f4f4}td.t,th.t{text-align:left}.big{display:flex;gap:2em;flex-wrap:wrap}\
.big div{background:#f4f8f4;padding:0.6em 1em;border-radius:6px}.big b{display:block;font-size:1.4em}\
@media print{h2{page-break-before:auto}}";

/// How many products, stores, farms or farm-store pairs a chart or table
/// shows: the largest by kg. The rest are summed in one line, so that the
/// page stays a few MB however large the scenario (20,000 products once made
/// a 352 MB page); the CSV files have every row.
const SHOWN: usize = 20;
/// Rows of the largest-flows tables.
const SHOWN_FLOWS: usize = 15;
/// Lanes drawn in the flow diagram.
const SHOWN_LANES: usize = 60;
/// Up to this many locations, the flow diagram places every one; beyond,
/// only those on the lanes drawn.
const DIAGRAM_LOCATIONS: usize = 80;

/// Indexes of the `shown` largest of `kg` (ties: the first), in their
/// given order, and the indexes of the rest.
fn largest(kg: &[f64], shown: usize) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..kg.len()).collect();
    order.sort_by(|&a, &b| kg[b].total_cmp(&kg[a]).then(a.cmp(&b)));
    let rest = order.split_off(shown.min(order.len()));
    order.sort_unstable();
    (order, rest)
}

/// `... and 12 more stores, 3,400 kg ordered`, when there are more.
fn rest_note(count: usize, what: &str, amount: String) -> Markup {
    html! {
        @if count > 0 {
            p { "... and " (count) " more " (what) ", " (amount) }
        }
    }
}

/// Who established the status the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// `plan` solved and verified the plan just now.
    WhenPlanned,
    /// `report` read the plan back: the status is as `plan` recorded it; the
    /// balances, capacities and cost were checked again, optimality was not.
    ReadBack,
}

/// Renders the page; charts that cannot be drawn are left out with a note.
pub fn render_report(
    instance: &Instance,
    outcome: &PlanOutcome,
    verified: &VerifiedPlan,
    figures: &PlanFigures,
    baseline: Option<Baseline>,
    marginal: Option<&[crate::solve::marginal::MarginalValue]>,
    checked: Checked,
) -> String {
    let (unit, kg_per_unit) = instance.display_unit;
    let q = |kg: f64| format!("{} {unit}", grouped(kg / kg_per_unit));
    let priority_sold: f64 = figures
        .farms
        .iter()
        .filter(|((n, _), _)| instance.location(*n).priority > 0.0)
        .map(|(_, v)| v[1])
        .sum();
    let chart = |svg: Result<String, String>| match svg {
        Ok(svg) => PreEscaped(svg),
        Err(e) => html! { p { "(chart not drawn: " (e) ")" } },
    };
    let mut lanes: BTreeMap<usize, f64> = BTreeMap::new();
    for f in &verified.plan.shipments {
        *lanes.entry(f.lane.0).or_default() += f.quantity_kg;
    }
    let mut flows: Vec<(usize, f64)> = lanes.into_iter().collect();
    flows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let farm_to_store = farm_to_store_flows(instance, verified);
    let total_delivered: f64 = farm_to_store.iter().map(|f| f.2).sum();
    let total_shipped: f64 = flows.iter().map(|f| f.1).sum();
    // Per product: [harvest, orders, waste] kg over the plan.
    let mut per_product = vec![[0.0_f64; 3]; instance.products.len()];
    for (&(_, p), v) in &figures.weekly {
        per_product[p.0][0] += v[0];
        per_product[p.0][1] += v[1];
        per_product[p.0][2] += v[3];
    }
    let product_size: Vec<f64> = per_product.iter().map(|v| v[0] + v[1]).collect();
    let (charted, uncharted) = largest(&product_size, SHOWN);
    let uncharted_kg = |i: usize| uncharted.iter().map(|&p| per_product[p][i]).sum::<f64>();
    let waste_size: Vec<f64> = per_product.iter().map(|v| v[2]).collect();
    let (waste_lines, waste_rest) = largest(&waste_size, SHOWN);
    let stores = store_fill(instance, figures);
    let (stores_shown, stores_rest) = largest(&stores.iter().map(|s| s.2).collect::<Vec<_>>(), SHOWN);
    let farms = farm_shares(instance, figures);
    let (farms_shown, farms_rest) = largest(&farms.iter().map(|f| f.2).collect::<Vec<_>>(), SHOWN);
    let bars = |rows: &[(String, f64, f64)], shown: &[usize]| -> Vec<(String, f64)> {
        shown.iter().map(|&i| (rows[i].0.clone(), rows[i].1)).collect()
    };
    let sum_of = |rows: &[(String, f64, f64)], rest: &[usize]| rest.iter().map(|&i| rows[i].2).sum::<f64>();
    let markup: Markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "agrimatch plan" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "Shipment plan: " (instance.weeks) " weeks of " (instance.period_days) " days" }
                @match checked {
                    Checked::WhenPlanned => {
                        p { "Status " b { (outcome.status.word()) } ", solver " (outcome.solver.name()) ", "
                            (outcome.variables) " variables. Every figure below was re-checked against the input data." }
                    }
                    Checked::ReadBack => {
                        p { "Status " b { (outcome.status.word()) } " as recorded by agrimatch plan (solver "
                            (outcome.solver.name()) ", " (outcome.variables) " variables). Re-checked by agrimatch report "
                            "against the input data: every balance, every capacity and the cost; the status itself was not re-checked." }
                    }
                }
                div.big {
                    div { "cost" b { (grouped(verified.costs.total())) } }
                    div { "fill rate" b { (format!("{:.1}%", 100.0 * figures.fill_rate())) } }
                    div { "waste" b { (q(figures.waste_kg)) } (format!("{:.1}% of the harvest", 100.0 * ratio(figures.waste_kg, figures.supply_kg))) }
                    div { "shortfall" b { (q(figures.shortfall_kg)) } }
                    div { "sold from priority farms" b { (q(priority_sold)) } }
                }
                @if let Some(base) = &baseline {
                    h2 { "Against the greedy baseline" }
                    table {
                        tr { th.t { "" } th { "this plan" } th { "greedy" } th { "saved" } }
                        tr { td.t { "cost" } td { (grouped(verified.costs.total())) } td { (grouped(base.verified.costs.total())) }
                             td { (grouped(base.verified.costs.total() - verified.costs.total())) } }
                        tr { td.t { "waste" } td { (q(figures.waste_kg)) } td { (q(base.figures.waste_kg)) }
                             td { (q(base.figures.waste_kg - figures.waste_kg)) } }
                        tr { td.t { "shortfall" } td { (q(figures.shortfall_kg)) } td { (q(base.figures.shortfall_kg)) }
                             td { (q(base.figures.shortfall_kg - figures.shortfall_kg)) } }
                    }
                }
                @if let Some(values) = marginal {
                    h2 { "Where an extra truck or cold room pays most" }
                    p { "What one more kg of weekly lane capacity or of storage would save (from the LP's marginal values; they hold for small additions)." }
                    table {
                        tr { th.t { "where" } th { "week" } th { "saving per kg" } }
                        @for v in top_capacity_values(values) {
                            tr {
                                td.t { (capacity_place(instance, &v)) }
                                td { (v.week) }
                                td { (format!("{:.2}", -v.cost_per_kg)) }
                            }
                        }
                    }
                }
                h2 { "Week by week" }
                p { "Harvest, orders and deliveries per product; red marks the weeks with shortfall." }
                @for &p in &charted {
                    (chart(weekly_chart(instance, figures, ProductIx(p))))
                }
                (rest_note(uncharted.len(), "products", format!("{} harvested, {} ordered (weekly.csv has every product)", q(uncharted_kg(0)), q(uncharted_kg(1)))))
                h2 { "Waste by product and week" }
                (chart(waste_chart(instance, figures, &waste_lines)))
                (rest_note(waste_rest.len(), "products", format!("{} wasted", q(waste_rest.iter().map(|&p| waste_size[p]).sum()))))
                h2 { "Fill rate per store" }
                (chart(bar_chart("fill rate per store", &bars(&stores, &stores_shown), |_| false)))
                (rest_note(stores_rest.len(), "stores", format!("{} ordered (stores.csv has every store)", q(sum_of(&stores, &stores_rest)))))
                h2 { "Share of harvest sold per farm" }
                p { "Priority farms (assisted households) in green." }
                (chart(bar_chart("share of harvest sold", &bars(&farms, &farms_shown), |name| {
                    instance.locations.iter().any(|l| l.id == name && l.priority > 0.0)
                })))
                (rest_note(farms_rest.len(), "farms", format!("{} harvested (farms.csv has every farm)", q(sum_of(&farms, &farms_rest)))))
                h2 { "Largest flows" }
                p { "From farm to store; produce that passes through hubs is traced back to its farms in proportion to what each farm sent into the hub." }
                table {
                    tr { th.t { "farm" } th.t { "store" } th { "kg" } th { "share of all delivered" } }
                    @for (farm, store, kg) in farm_to_store.iter().take(SHOWN_FLOWS) {
                        tr { td.t { (farm) } td.t { (store) } td { (q(*kg)) } td { (format!("{:.1}%", 100.0 * ratio(*kg, total_delivered))) } }
                    }
                }
                (rest_note(farm_to_store.len().saturating_sub(SHOWN_FLOWS), "farm-store pairs",
                    q(farm_to_store.iter().skip(SHOWN_FLOWS).map(|f| f.2).sum())))
                p { "Lane by lane, as the trucks run:" }
                table {
                    tr { th.t { "from" } th.t { "to" } th { "kg" } th { "share of all shipped" } }
                    @for &(lane, kg) in flows.iter().take(SHOWN_FLOWS) {
                        tr {
                            td.t { (instance.location(instance.lanes[lane].from).id) }
                            td.t { (instance.location(instance.lanes[lane].to).id) }
                            td { (q(kg)) }
                            td { (format!("{:.1}%", 100.0 * ratio(kg, total_shipped))) }
                        }
                    }
                }
                (rest_note(flows.len().saturating_sub(SHOWN_FLOWS), "lanes",
                    q(flows.iter().skip(SHOWN_FLOWS).map(|f| f.1).sum())))
                (chart(flow_diagram(instance, &flows[..flows.len().min(SHOWN_LANES)])))
                @if flows.len() > SHOWN_LANES {
                    p { "The diagram draws the " (SHOWN_LANES) " busiest lanes." }
                }
            }
        }
    };
    markup.into_string()
}

/// The ten lane or storage capacities whose extra kg saves most. Values are
/// taken as `marginal_values.csv` records them (4 decimals) and ties are
/// broken by place and week, so that `report`, reading the file back,
/// shows the same rows as `plan`.
fn top_capacity_values(values: &[crate::solve::marginal::MarginalValue]) -> Vec<crate::solve::marginal::MarginalValue> {
    use crate::solve::marginal::MarginalKind;
    let recorded = |x: f64| {
        super::tables::money(x)
            .parse::<f64>()
            .expect("a number formatted by money reads back")
    };
    let mut capacity: Vec<_> = values
        .iter()
        .filter(|v| matches!(v.kind, MarginalKind::LaneCapacity | MarginalKind::Storage))
        .map(|v| crate::solve::marginal::MarginalValue {
            cost_per_kg: recorded(v.cost_per_kg),
            ..v.clone()
        })
        .filter(|v| v.cost_per_kg < 0.0)
        .collect();
    capacity.sort_by(|a, b| {
        a.cost_per_kg
            .total_cmp(&b.cost_per_kg)
            .then(a.kind.cmp(&b.kind))
            .then(a.lane.map(|l| l.0).cmp(&b.lane.map(|l| l.0)))
            .then(a.location.map(|n| n.0).cmp(&b.location.map(|n| n.0)))
            .then(a.week.cmp(&b.week))
    });
    capacity.truncate(10);
    capacity
}

fn capacity_place(instance: &Instance, v: &crate::solve::marginal::MarginalValue) -> String {
    match (v.lane, v.location) {
        (Some(lane), _) => {
            let lane = instance.lane(lane);
            format!(
                "trucks {} -> {}",
                instance.location(lane.from).id,
                instance.location(lane.to).id
            )
        }
        (None, Some(n)) => format!("cold room at {}", instance.location(n).id),
        (None, None) => String::new(),
    }
}

/// Kg from each farm to each store over the plan, largest first. Flows
/// through hubs are attributed to farms in proportion to each farm's share
/// of what entered the hub (per product; hub-to-hub chains propagate).
fn farm_to_store_flows(instance: &Instance, verified: &VerifiedPlan) -> Vec<(String, String, f64)> {
    let n = instance.locations.len();
    let mut result: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    // kg per product and (from, to) lane, in one pass over the shipments
    // (a pass per product is slow with thousands of products).
    let mut by_product: BTreeMap<ProductIx, BTreeMap<(usize, usize), f64>> = BTreeMap::new();
    for f in &verified.plan.shipments {
        let lane = instance.lane(f.lane);
        *by_product
            .entry(f.product)
            .or_default()
            .entry((lane.from.0, lane.to.0))
            .or_default() += f.quantity_kg;
    }
    for carried in by_product.values() {
        // Origin mix of every location: a farm is its own origin; a hub mixes
        // what enters it. A few passes settle chains of hubs.
        let mut mix: Vec<BTreeMap<usize, f64>> = (0..n)
            .map(|i| {
                let mut m = BTreeMap::new();
                if instance.locations[i].kind == LocationKind::Farm {
                    m.insert(i, 1.0);
                }
                m
            })
            .collect();
        for _ in 0..n.min(8) {
            for hub in (0..n).filter(|&i| instance.locations[i].kind == LocationKind::Hub) {
                let inflow: f64 = carried.iter().filter(|((_, to), _)| *to == hub).map(|(_, kg)| kg).sum();
                if inflow <= 0.0 {
                    continue;
                }
                let mut m: BTreeMap<usize, f64> = BTreeMap::new();
                for (&(from, _), &kg) in carried.iter().filter(|((_, to), _)| *to == hub) {
                    for (&origin, &share) in &mix[from] {
                        *m.entry(origin).or_default() += share * kg / inflow;
                    }
                }
                mix[hub] = m;
            }
        }
        for (&(from, to), &kg) in carried {
            if instance.locations[to].kind != LocationKind::Store {
                continue;
            }
            for (&origin, &share) in &mix[from] {
                *result.entry((origin, to)).or_default() += share * kg;
            }
        }
    }
    let mut flows: Vec<(String, String, f64)> = result
        .into_iter()
        .filter(|(_, kg)| *kg > 0.0005)
        .map(|((farm, store), kg)| {
            (
                instance.locations[farm].id.clone(),
                instance.locations[store].id.clone(),
                kg,
            )
        })
        .collect();
    flows.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    flows
}

/// (store, fill rate, kg ordered), in the scenario's order.
fn store_fill(instance: &Instance, figures: &PlanFigures) -> Vec<(String, f64, f64)> {
    let mut per_store: BTreeMap<usize, [f64; 2]> = BTreeMap::new();
    for (&(n, _), &[demand, delivered]) in &figures.stores {
        let s = per_store.entry(n.0).or_default();
        s[0] += demand;
        s[1] += delivered;
    }
    per_store
        .into_iter()
        .map(|(n, [d, x])| (instance.locations[n].id.clone(), ratio(x, d), d))
        .collect()
}

/// (farm, share of harvest sold, kg harvested), in the scenario's order.
fn farm_shares(instance: &Instance, figures: &PlanFigures) -> Vec<(String, f64, f64)> {
    let mut per_farm: BTreeMap<usize, [f64; 2]> = BTreeMap::new();
    for (&(n, _), v) in &figures.farms {
        let s = per_farm.entry(n.0).or_default();
        s[0] += v[0];
        s[1] += v[1];
    }
    per_farm
        .into_iter()
        .map(|(n, [supply, sold])| (instance.locations[n].id.clone(), ratio(sold, supply), supply))
        .collect()
}

fn to_text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Harvest, orders and deliveries of one product per week.
fn weekly_chart(instance: &Instance, figures: &PlanFigures, p: ProductIx) -> Result<String, String> {
    let weeks: Vec<(u32, [f64; 4])> = figures
        .weekly
        .iter()
        .filter(|((_, q), _)| *q == p)
        .map(|(&(w, _), &v)| (w, v))
        .collect();
    let top = weeks.iter().map(|(_, v)| v[0].max(v[1])).fold(1.0, f64::max) * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, 260)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(&instance.product(p).id, ("sans-serif", 16))
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(70)
            .build_cartesian_2d(0.5..f64::from(instance.weeks) + 0.5, 0.0..top)
            .map_err(to_text)?;
        chart
            .configure_mesh()
            .x_desc("week")
            .y_desc("kg")
            .draw()
            .map_err(to_text)?;
        let series: [(&str, usize, RGBColor); 3] =
            [("harvest", 0, GREEN), ("orders", 1, BLACK), ("delivered", 2, BLUE)];
        for (name, i, color) in series {
            chart
                .draw_series(LineSeries::new(
                    weeks.iter().map(|(w, v)| (f64::from(*w), v[i])),
                    color.stroke_width(2),
                ))
                .map_err(to_text)?
                .label(name)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2)));
        }
        chart
            .draw_series(
                weeks
                    .iter()
                    .filter(|(_, v)| v[1] - v[2] > 1e-6)
                    .map(|(w, v)| Circle::new((f64::from(*w), v[2]), 4, RED.filled())),
            )
            .map_err(to_text)?;
        draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        root.present().map_err(to_text)?;
    }
    Ok(svg)
}

/// Kg wasted per week, one line per product of `products` (indexes).
fn waste_chart(instance: &Instance, figures: &PlanFigures, products: &[usize]) -> Result<String, String> {
    let top = figures.weekly.values().map(|v| v[3]).fold(1.0, f64::max) * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, 300)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(70)
            .build_cartesian_2d(0.5..f64::from(instance.weeks) + 0.5, 0.0..top)
            .map_err(to_text)?;
        chart
            .configure_mesh()
            .x_desc("week")
            .y_desc("kg wasted")
            .draw()
            .map_err(to_text)?;
        for p in products.iter().map(|&p| ProductIx(p)) {
            let color = Palette99::pick(p.0).to_rgba();
            let points: Vec<(f64, f64)> = figures
                .weekly
                .iter()
                .filter(|((_, q), _)| *q == p)
                .map(|(&(w, _), v)| (f64::from(w), v[3]))
                .collect();
            chart
                .draw_series(LineSeries::new(points, color.stroke_width(2)))
                .map_err(to_text)?
                .label(instance.product(p).id.clone())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2)));
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        root.present().map_err(to_text)?;
    }
    Ok(svg)
}

/// Horizontal bars of shares (0 to 1); `marked` bars in green.
fn bar_chart(title: &str, bars: &[(String, f64)], marked: impl Fn(&str) -> bool) -> Result<String, String> {
    let height = 60 + 22 * bars.len().max(1) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, height)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        let names: Vec<String> = bars.iter().map(|b| b.0.clone()).collect();
        let mut chart = ChartBuilder::on(&root)
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(200)
            .build_cartesian_2d(0.0..1.0, (0..bars.len().max(1)).into_segmented())
            .map_err(to_text)?;
        chart
            .configure_mesh()
            .x_desc(title)
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => names.get(*i).cloned().unwrap_or_default(),
                SegmentValue::Last => String::new(),
            })
            .disable_y_mesh()
            .draw()
            .map_err(to_text)?;
        chart
            .draw_series(bars.iter().enumerate().map(|(i, (name, share))| {
                let color = if marked(name) { GREEN } else { BLUE };
                Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (share.clamp(0.0, 1.0), SegmentValue::Exact(i + 1)),
                    ],
                    color.mix(0.6).filled(),
                )
            }))
            .map_err(to_text)?;
        root.present().map_err(to_text)?;
    }
    Ok(svg)
}

/// A map-like flow diagram: farms left, hubs in the middle, stores right,
/// one line per lane with its width after the kg it carries.
fn flow_diagram(instance: &Instance, flows: &[(usize, f64)]) -> Result<String, String> {
    let on_lanes: std::collections::BTreeSet<usize> = flows
        .iter()
        .flat_map(|&(lane, _)| [instance.lanes[lane].from.0, instance.lanes[lane].to.0])
        .collect();
    let drawn = |n: usize| instance.locations.len() <= DIAGRAM_LOCATIONS || on_lanes.contains(&n);
    let column = |kind: LocationKind| -> Vec<usize> {
        (0..instance.locations.len())
            .filter(|&n| instance.locations[n].kind == kind && drawn(n))
            .collect()
    };
    let columns = [
        column(LocationKind::Farm),
        column(LocationKind::Hub),
        column(LocationKind::Store),
    ];
    let rows = columns.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let height = 40 + 24 * rows as i32;
    let mut position = vec![(0, 0); instance.locations.len()];
    for (c, members) in columns.iter().enumerate() {
        for (i, &n) in members.iter().enumerate() {
            let y = 20 + (i as i32 * (height - 40)) / members.len().max(1) as i32;
            position[n] = (160 + c as i32 * 330, y + 10);
        }
    }
    let largest = flows.iter().map(|f| f.1).fold(1.0, f64::max);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        for &(lane, kg) in flows {
            let lane = &instance.lanes[lane];
            let width = (1.0 + 11.0 * kg / largest) as u32;
            root.draw(&PathElement::new(
                vec![position[lane.from.0], position[lane.to.0]],
                BLUE.mix(0.4).stroke_width(width),
            ))
            .map_err(to_text)?;
        }
        for (n, location) in instance.locations.iter().enumerate().filter(|&(n, _)| drawn(n)) {
            let (x, y) = position[n];
            let color = match location.kind {
                LocationKind::Farm => GREEN,
                LocationKind::Hub => MAGENTA,
                LocationKind::Store => BLACK,
            };
            root.draw(&Circle::new((x, y), 5, color.filled())).map_err(to_text)?;
            let anchor = if location.kind == LocationKind::Store {
                x + 10
            } else {
                x - 150
            };
            root.draw(&Text::new(location.id.clone(), (anchor, y - 6), ("sans-serif", 12)))
                .map_err(to_text)?;
        }
        root.present().map_err(to_text)?;
    }
    Ok(svg)
}
