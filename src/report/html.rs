//! `report.html`: one self-contained page (charts as inline SVG, style
//! inline, no scripts, nothing fetched) for the people who act on a plan.
//! Headline figures first, then charts, then the tables behind them.

use std::collections::BTreeMap;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::charts::{bar_chart, flow_diagram, waste_chart, weekly_chart, ChartError};
use super::text::grouped;
use crate::data::{Instance, ProductIx};
use crate::solve::figures::{ratio, PlanFigures};
use crate::solve::{PlanOutcome, VerifiedPlan};

/// The sections a page may have besides the plan's own.
#[derive(Default)]
pub struct Sections<'a> {
    /// `plan --baseline`: the greedy plan next to this one.
    pub baseline: Option<Baseline<'a>>,
    /// `plan --marginal-values`: where extra capacity pays most.
    pub marginal: Option<&'a [crate::solve::marginal::MarginalValue]>,
    /// `agrimatch week`: what leaves this week; the page opens with it.
    pub this_week: Option<&'a crate::scenario::week::CommittedWeek>,
}

/// Dispatch rows shown on the page (the CSV has all of them).
const SHOWN_DISPATCH: usize = 60;
/// Weeks after the committed one in the outlook.
const OUTLOOK_WEEKS: u32 = 4;

/// A plan's figures for a second column: the greedy baseline.
pub struct Baseline<'a> {
    /// The baseline plan, verified like any other.
    pub verified: &'a VerifiedPlan,
    /// Its figures, shown beside the plan's.
    pub figures: &'a PlanFigures,
}

/// The page's style. It reflows from a 360 px phone to a wide screen:
/// charts take the page's width (they are drawn to scale, see
/// `charts::scalable`), a table wider than the screen scrolls inside
/// itself, and the page never scrolls sideways. Fonts: the first of the
/// stack that the reader's system has, so that Chinese ids show on
/// Chinese Windows (Microsoft YaHei) and macOS (PingFang SC) alike.
const STYLE: &str = "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\
body{font-family:'Microsoft YaHei','PingFang SC','Hiragino Sans GB','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif;\
margin:0 auto;padding:1em 2em;max-width:1100px;color:#222;line-height:1.45;overflow-wrap:break-word}\
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}\
svg{display:block;width:100%;height:auto;max-width:860px;margin:0.6em 0}\
table{display:block;max-width:100%;overflow-x:auto;border-collapse:collapse;margin:0.5em 0}\
td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #eee;font-variant-numeric:tabular-nums;white-space:nowrap}\
th{background:#f4f4f4}td.t,th.t{text-align:left}.big{display:flex;gap:1em 2em;flex-wrap:wrap}\
.big div{background:#f4f8f4;padding:0.6em 1em;border-radius:6px}.big b{display:block;font-size:1.4em}\
@media (max-width:600px){body{padding:0.5em 0.75em}h1{font-size:1.3em}.big{gap:0.6em}\
.big div{padding:0.4em 0.7em}.big b{font-size:1.2em}td,th{padding:2px 6px}}\
@media print{h2{page-break-before:auto}svg{break-inside:avoid}}";

/// How many products, stores, farms or farm-store pairs a chart or table
/// shows: the largest by kg. The rest are summed in one line, so that the
/// page stays a few MB however large the scenario (20,000 products once made
/// a 352 MB page); the CSV files have every row.
const SHOWN: usize = 20;
/// Rows of the largest-flows tables.
const SHOWN_FLOWS: usize = 15;
/// Lanes drawn in the flow diagram.
const SHOWN_LANES: usize = 60;

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
    sections: Sections,
    checked: Checked,
) -> String {
    let Sections {
        baseline,
        marginal,
        this_week,
    } = sections;
    let week_label = |week: u32| super::text::week_label(instance, week);
    let week_trucks = this_week.map_or(0, |week| week.trucks());
    // In table cells: the date alone when there is one (narrow columns).
    let week_cell = |week: u32| {
        instance
            .calendar()
            .first_day(week)
            .map_or_else(|| format!("week {week}"), |d| d.to_string())
    };
    let (unit, kg_per_unit) = instance.display_unit;
    let q = |kg: f64| format!("{} {unit}", grouped(kg / kg_per_unit));
    let priority_sold: f64 = figures
        .farms
        .iter()
        .filter(|((n, _), _)| instance.location(*n).priority > 0.0)
        .map(|(_, v)| v.shipped_kg)
        .sum();
    let chart = |svg: Result<String, ChartError>| match svg {
        Ok(svg) => PreEscaped(svg),
        Err(e) => html! { p { "(chart not drawn: " (e) ")" } },
    };
    let mut lanes: BTreeMap<usize, f64> = BTreeMap::new();
    for f in &verified.plan.shipments {
        *lanes.entry(f.lane.0).or_default() += f.quantity_kg;
    }
    let mut flows: Vec<(usize, f64)> = lanes.into_iter().collect();
    flows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let farm_to_store = crate::solve::figures::farm_to_store_flows(instance, verified);
    let total_delivered: f64 = farm_to_store.iter().map(|f| f.2).sum();
    let total_shipped: f64 = flows.iter().map(|f| f.1).sum();
    // Per product: [harvest, orders, waste] kg over the plan.
    let mut per_product = vec![[0.0_f64; 3]; instance.products.len()];
    for (&(_, p), v) in &figures.weekly {
        per_product[p.0][0] += v.supply_kg;
        per_product[p.0][1] += v.demand_kg;
        per_product[p.0][2] += v.waste_kg;
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
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "agrimatch plan" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "Shipment plan: " (instance.weeks - instance.first_week + 1) " weeks of " (instance.period_days) " days" }
                @if let Some(week) = this_week {
                    h2 { "This week: " (week_label(week.week)) }
                    p { (week.dispatch.len()) " lane loads leave this week, "
                        (q(week.dispatch.iter().map(|l| l.quantity_kg).sum())) " in all (dispatch.csv). "
                        @if week_trucks > 0 { (week_trucks) " trucks leave on truck lanes; each line says which truck it goes on. " }
                        "Next week's opening state is in next/stock.csv and next/in_transit.csv." }
                    p { "This week costs " (super::week::week_cost_text(instance, &week.costs)) "." }
                    table {
                        tr { th.t { "from" } th.t { "to" } th.t { "product" } th { "arrives" } th { "harvested" } th { "age, days" } th { "kg" } @if week_trucks > 0 { th { "truck" } } }
                        @for line in week.dispatch.iter().take(SHOWN_DISPATCH) {
                            @let lane = instance.lane(line.lane);
                            tr {
                                td.t { (instance.location(lane.from).id) } td.t { (instance.location(lane.to).id) }
                                td.t { (instance.product(line.product).id) } td { (week_cell(line.arrive_week)) }
                                td { (if line.harvest_week >= 1 { week_cell(line.harvest_week as u32) } else { "before the plan".to_string() }) }
                                td { (line.age_days) } td { (grouped(line.quantity_kg)) }
                                @if week_trucks > 0 { td { (line.truck.map_or(String::new(), |t| format!("{} of {}", t.number, t.trucks))) } }
                            }
                        }
                    }
                    @if week.dispatch.len() > SHOWN_DISPATCH {
                        (rest_note(week.dispatch.len() - SHOWN_DISPATCH, "lane loads", q(week.dispatch.iter().skip(SHOWN_DISPATCH).map(|l| l.quantity_kg).sum())))
                    }
                    h2 { "The weeks after" }
                    table {
                        tr { th.t { "week" } th { "ordered" } th { "delivered" } th { "short" } th { "wasted" } }
                        @for w in (week.week + 1)..=(week.week + OUTLOOK_WEEKS).min(instance.weeks) {
                            @let t = figures.weekly.range((w, ProductIx(0))..=(w, ProductIx(usize::MAX))).fold([0.0_f64; 3], |a, (_, v)| [a[0] + v.demand_kg, a[1] + v.delivered_kg, a[2] + v.waste_kg]);
                            tr { td.t { (week_label(w)) } td { (q(t[0])) } td { (q(t[1])) } td { (q((t[0] - t[1]).max(0.0))) } td { (q(t[2])) } }
                        }
                    }
                }
                @match checked {
                    Checked::WhenPlanned => {
                        p { "Status " b { (outcome.word()) } ", solver " (outcome.method().solver_name()) ", "
                            (outcome.variables) " variables. Every figure below was re-checked against the input data." }
                    }
                    Checked::ReadBack => {
                        p { "Status " b { (outcome.word()) } " as recorded by agrimatch plan (solver "
                            (outcome.method().solver_name()) ", " (outcome.variables) " variables). Re-checked by agrimatch report "
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
                @if !instance.support.is_empty() {
                    h2 { "Support purchases" }
                    p { "Buyers of last resort (support.csv) take what assisted farms cannot sell, at their price, while the budget lasts. "
                        (q(figures.support_kg())) " bought for " (grouped(figures.support_spent())) "." }
                    table {
                        tr { th.t { "buyer" } th.t { "product" } th.t { "from" } th { "price per kg" } th { "budget" } th { "kg bought" } th { "spent" } th { "left" } @if marginal.is_some() { th { "saving per extra yuan" } } }
                        @for (i, (line, f)) in instance.support.iter().zip(&figures.support).enumerate().take(SHOWN) {
                            tr {
                                td.t { (instance.location(line.buyer).id) }
                                td.t { (instance.product(line.product).id) }
                                td.t { (line.farm.map_or_else(|| "priority farms".to_string(), |farm| instance.location(farm).id.clone())) }
                                td { (format!("{:.2}", line.price_per_kg)) }
                                td { (line.budget.map_or_else(|| "no limit".to_string(), grouped)) }
                                td { (q(f.kg)) }
                                td { (grouped(f.spent)) }
                                td { (f.budget_left.map_or_else(String::new, grouped)) }
                                @if let Some(values) = marginal {
                                    td { (format!("{:.3}", -budget_value(instance, values, i))) }
                                }
                            }
                        }
                    }
                    (rest_note(instance.support.len().saturating_sub(SHOWN), "support lines", format!("{} bought", q(figures.support.iter().skip(SHOWN).map(|f| f.kg).sum()))))
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
                (super::trucks::truck_section(instance, &verified.plan))
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

/// The marginal value of support line `line`'s budget (0 without a budget
/// row: an unlimited or unused budget saves nothing more).
fn budget_value(instance: &Instance, values: &[crate::solve::marginal::MarginalValue], line: usize) -> f64 {
    let s = &instance.support[line];
    values
        .iter()
        .find(|v| {
            v.kind == crate::solve::marginal::MarginalKind::SupportBudget
                && v.location == Some(s.buyer)
                && v.product == Some(s.product)
                && v.week == s.week_from
        })
        .map_or(0.0, |v| v.cost_per_kg)
}

/// (store, fill rate, kg ordered), in the scenario's order.
fn store_fill(instance: &Instance, figures: &PlanFigures) -> Vec<(String, f64, f64)> {
    let mut per_store: BTreeMap<usize, [f64; 2]> = BTreeMap::new();
    for (&(n, _), v) in &figures.stores {
        let s = per_store.entry(n.0).or_default();
        s[0] += v.demand_kg;
        s[1] += v.delivered_kg;
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
        s[0] += v.supply_kg;
        s[1] += v.shipped_kg;
    }
    per_farm
        .into_iter()
        .map(|(n, [supply, sold])| (instance.locations[n].id.clone(), ratio(sold, supply), supply))
        .collect()
}
