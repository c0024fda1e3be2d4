//! `report.html`: one self-contained page (charts as inline SVG, style
//! inline, no scripts, nothing fetched) for the people who act on a plan.
//! Headline figures first, then charts, then the tables behind them.

use std::collections::BTreeMap;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::charts::{bar_chart, flow_diagram, waste_chart, weekly_chart, ChartError, Layout};
use super::text::{date_text, grouped, status_word};
use crate::data::{Instance, ProductIx};
use crate::lang::{t, Lang};
use crate::solve::figures::{ratio, PlanFigures};
use crate::solve::verify::PlanCosts;
use crate::solve::{PlanOutcome, VerifiedPlan};

/// The sections a page may have besides the plan's own.
#[derive(Default)]
pub struct Sections<'a> {
    /// The scenario's name (its folder's, see [`scenario_name`]): in the
    /// page's title, its heading and the running header of every printed page.
    pub scenario: Option<&'a str>,
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

/// The page's style. It reflows from a 360 px phone to a wide screen and
/// prints on A4, and the page never scrolls sideways.
/// - Wide (from 721 px): each chart as drawn for a wide page
///   ([`Layout::WIDE`]), at most 860 px; a table wider than the screen
///   scrolls inside itself.
/// - Narrow (a phone, up to 720 px): each chart as drawn for a phone
///   ([`Layout::NARROW`]), and each table row a card of cells labelled by
///   their column's header (`data-label`), two to a line, so that every
///   column shows without sideways scrolling.
/// - Print: wide charts at the page's width, never split; tables at the
///   page's width with wrapping cells, their header row repeated on each
///   page; a heading never ends a page; no scroll boxes. The running header
///   and the page numbers are `@page` margin boxes (see [`page_rule`]).
///
/// Fonts: the first of the stack that the reader's system has, so that
/// Chinese ids show on Chinese Windows (Microsoft YaHei) and macOS
/// (PingFang SC) alike.
const STYLE: &str = "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\
body{font-family:'Microsoft YaHei','PingFang SC','Hiragino Sans GB','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif;\
margin:0 auto;padding:1em 2em;max-width:1100px;color:#222;line-height:1.45;overflow-wrap:break-word}\
h1{font-size:1.6em;margin-bottom:0.2em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}.when{margin-top:0;color:#555}\
svg{display:block;width:100%;height:auto;max-width:860px;margin:0.6em 0}.narrow{display:none}\
table{display:block;max-width:100%;overflow-x:auto;border-collapse:collapse;margin:0.5em 0}\
td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #eee;font-variant-numeric:tabular-nums;white-space:nowrap}\
th{white-space:normal}\
th{background:#f4f4f4}td.t,th.t{text-align:left}.big{display:flex;gap:1em 2em;flex-wrap:wrap}\
.big div{background:#f4f8f4;padding:0.6em 1em;border-radius:6px}.big b{display:block;font-size:1.4em}\
.costs{max-width:50em}\
@media screen and (max-width:720px){body{padding:0.5em 0.75em}h1{font-size:1.3em}.big{gap:0.6em}\
.big div{padding:0.4em 0.7em}.big b{font-size:1.2em}\
.wide{display:none}.narrow{display:block}.narrow svg{max-width:560px}\
table,tbody,td{display:block}table{overflow:visible}\
thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}\
tr{display:grid;grid-template-columns:1fr 1fr;gap:0.2em 1em;border:1px solid #ddd;border-radius:6px;padding:0.4em 0.6em;margin:0.5em 0}\
td{white-space:normal;text-align:left;border:0;padding:0;overflow-wrap:anywhere}td.t,td{text-align:left}\
td::before{content:attr(data-label);display:block;font-size:0.8em;color:#555}\
td[data-label='']{font-weight:bold}td[data-label='']::before{content:none}\
td:last-child:nth-child(odd){grid-column:1/-1}}\
@media print{body{max-width:none;padding:0;font-size:10pt;line-height:1.3}\
h1{font-size:15pt;margin-top:0}h2{font-size:12pt;margin-top:1.2em;break-after:avoid;page-break-after:avoid}\
h2+p{break-after:avoid;page-break-after:avoid}\
.chart,svg{break-inside:avoid;page-break-inside:avoid}svg{max-width:100%;margin:0.3em 0}\
table{display:table;width:100%;overflow:visible;font-size:8.5pt}thead{display:table-header-group}\
tr{break-inside:avoid;page-break-inside:avoid}td,th{white-space:normal;padding:1px 5px}th{white-space:nowrap}\
.big{gap:0.5em 1em}.big div{background:none;border:1px solid #ccc;padding:0.3em 0.6em}.big b{font-size:1.2em}}";

/// `text` as a CSS string: quoted, every character but letters, digits,
/// spaces and a few marks escaped (`\22 ` for `"`), so that no scenario name
/// can end the string or the style element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_alphanumeric() && !c.is_control() || matches!(c, ' ' | '-' | '_' | '.' | ',' | ':' | '(' | ')' | '·') {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out.push('"');
    out
}

/// The printed page: A4, the running header (`header`: scenario and
/// dates) at the top left of every page and `page N of M` (第 N 页，共 M 页) at the bottom
/// right. Chromium (from 131) draws `@page` margin boxes; a browser that
/// does not still has the page's own heading on page 1, and its print
/// dialog's header and footer carry the page's title and page numbers.
fn page_rule(header: &str) -> String {
    // English has nothing after the page count; Chinese closes with 页.
    let after = match t("report-page-after", &[]) {
        text if text.is_empty() => String::new(),
        text => format!(" {}", css_string(&text)),
    };
    format!(
        "@page{{size:A4;margin:16mm 12mm 14mm 12mm;\
         @top-left{{content:{};font-size:8pt;color:#555}}\
         @bottom-right{{content:{} counter(page) {} counter(pages){after};font-size:8pt;color:#555}}}}",
        css_string(header),
        css_string(&t("report-page-before", &[])),
        css_string(&t("report-page-between", &[])),
    )
}

/// The name of the scenario at `path`: its folder's (or workbook's) name, as
/// the page's title and running header show it. `.` and other paths without
/// a name of their own are resolved first.
pub fn scenario_name(path: &std::path::Path) -> String {
    let path = if path.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        path
    };
    let named = |p: &std::path::Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    named(path)
        .filter(|n| n != "." && n != "..")
        .or_else(|| path.canonicalize().ok().as_deref().and_then(named))
        .unwrap_or_else(|| path.display().to_string())
}

/// A column of a page table: its header, and whether it holds text (left
/// aligned) or figures (right aligned).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column<'a> {
    header: &'a str,
    text: bool,
}

/// A column of text: ids, names, weeks.
pub(crate) fn text_column(header: &str) -> Column<'_> {
    Column { header, text: true }
}

/// A column of figures.
pub(crate) fn figure_column(header: &str) -> Column<'_> {
    Column { header, text: false }
}

/// Columns from (holds text, header) pairs.
fn columns(headers: &[(bool, String)]) -> Vec<Column<'_>> {
    headers
        .iter()
        .map(|(text, h)| if *text { text_column(h) } else { figure_column(h) })
        .collect()
}

/// A table of the page: the header row in `thead` (repeated on each printed
/// page), and every cell labelled with its column's header (`data-label`),
/// which a phone shows above the cell when rows become cards. `rows` have a
/// cell per column.
pub(crate) fn table(columns: &[Column], rows: impl IntoIterator<Item = Vec<Markup>>) -> Markup {
    let class = |c: &Column| c.text.then_some("t");
    html! {
        table {
            thead { tr { @for c in columns { th class=[class(c)] { (c.header) } } } }
            tbody {
                @for row in rows {
                    tr { @for (c, cell) in columns.iter().zip(row) { td class=[class(c)] data-label=(c.header) { (cell) } } }
                }
            }
        }
    }
}

/// A chart drawn twice, for a wide page and for a phone; the style shows
/// one (print: the wide one). A chart that cannot be drawn is left out
/// with a note.
fn chart_pair(draw: impl Fn(Layout) -> Result<String, ChartError>) -> Markup {
    match (draw(Layout::WIDE), draw(Layout::NARROW)) {
        (Ok(wide), Ok(narrow)) => html! {
            div.chart { div.wide { (PreEscaped(wide)) } div.narrow { (PreEscaped(narrow)) } }
        },
        (Err(e), _) | (_, Err(e)) => html! { p { (t("report-chart-not-drawn", &[("error", &e.to_string())])) } },
    }
}

/// The headline's cost: money spent apart from the penalties the plan
/// weighs, each with its parts (those that are not 0) and what it is. The
/// objective is their sum; quoting it as "what the plan costs" would count
/// undelivered orders and wasted produce as money paid out.
fn cost_headline(costs: &PlanCosts) -> (f64, f64, Markup) {
    let spent_parts = [
        ("report-part-transport", costs.transport),
        ("report-part-holding", costs.holding),
        ("report-part-trucks", costs.trucks),
        ("report-part-support", costs.support),
    ];
    let penalty_parts = [
        ("report-part-shortfall", costs.shortfall),
        ("report-part-waste", costs.waste),
        ("report-part-closing", costs.closing_stock),
        ("report-part-fairness", costs.fairness),
    ];
    let sum = |parts: &[(&str, f64)]| parts.iter().map(|p| p.1).sum::<f64>();
    let (spent, penalties) = (sum(&spent_parts), sum(&penalty_parts));
    let listed = |parts: &[(&str, f64)]| -> String {
        let shown: Vec<String> = parts
            .iter()
            .filter(|p| p.1.abs() >= 0.5)
            .map(|(key, x)| t(key, &[("amount", &grouped(*x))]))
            .collect();
        if shown.is_empty() {
            t("report-parts-none", &[])
        } else {
            shown.join(&t("list-separator", &[]))
        }
    };
    let text = html! {
        p.costs {
            b { (t("report-cost-spent", &[("amount", &grouped(spent))])) }
            (t("report-cost-spent-note", &[("parts", &listed(&spent_parts))]))
            b { (t("report-cost-penalties", &[("amount", &grouped(penalties))])) }
            (t("report-cost-penalties-note", &[("parts", &listed(&penalty_parts))]))
            b { (t("report-cost-objective", &[("amount", &grouped(costs.total()))])) }
            (t("report-cost-objective-note", &[]))
        }
    };
    (spent, penalties, text)
}

/// A sum of money as the headline shows it: grouped, in English as it
/// always was; in Chinese with 元, and from 10,000 元 in 万元 to one
/// decimal (6,232,934 is "623.3 万元"), as Chinese reports quote large sums.
fn headline_money(amount: f64) -> String {
    match crate::lang::current() {
        Lang::ZhCn if amount.abs() >= 10_000.0 => {
            t("report-money-wan", &[("amount", &format!("{:.1}", amount / 10_000.0))])
        }
        _ => t("report-money", &[("amount", &grouped(amount))]),
    }
}

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

/// `... and 12 more stores, 3,400 kg ordered`, when there are more: the
/// catalog's `key` with `count` and the other `args`.
fn rest_note(count: usize, key: &str, args: &[(&str, &str)]) -> Markup {
    let count = count.to_string();
    let mut all = vec![("count", count.as_str())];
    all.extend_from_slice(args);
    html! {
        @if count != "0" {
            p { (t(key, &all)) }
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
        scenario,
        baseline,
        marginal,
        this_week,
    } = sections;
    let week_label = |week: u32| page_week_label(instance, week);
    let week_trucks = this_week.map_or(0, |week| week.trucks());
    // In table cells: the date alone when there is one (narrow columns).
    let week_cell = |week: u32| {
        instance.calendar().first_day(week).map_or_else(
            || t("week-label", &[("week", &week.to_string())]),
            |d| date_text(&d.to_string()),
        )
    };
    let (unit, kg_per_unit) = instance.display_unit;
    let unit = t(&format!("unit-{unit}"), &[]);
    let q = |kg: f64| format!("{} {unit}", grouped(kg / kg_per_unit));
    let priority_sold: f64 = figures
        .farms
        .iter()
        .filter(|((n, _), _)| instance.location(*n).priority > 0.0)
        .map(|(_, v)| v.shipped_kg)
        .sum();
    let calendar = instance.calendar();
    // When the plan runs: its weeks, and their dates on the calendar.
    let when = match (
        calendar.first_day(instance.first_week.max(1)),
        calendar.first_day(instance.weeks + 1),
    ) {
        (Some(first), Some(after)) => t(
            "report-when-dated",
            &[
                ("first", &instance.first_week.max(1).to_string()),
                ("last", &instance.weeks.to_string()),
                ("from", &date_text(&first.to_string())),
                ("to", &date_text(&after.plus_days(-1).to_string())),
            ],
        ),
        _ => t(
            "report-when",
            &[
                ("first", &instance.first_week.max(1).to_string()),
                ("last", &instance.weeks.to_string()),
            ],
        ),
    };
    let name = scenario.unwrap_or("agrimatch");
    let (running, title) = match this_week {
        Some(week) => {
            let week = week_label(week.week);
            let args = [("name", name), ("week", week.as_str()), ("when", when.as_str())];
            (t("report-running-week", &args), t("report-title-week", &args))
        }
        None => {
            let args = [("name", name), ("when", when.as_str())];
            (t("report-running", &args), t("report-title", &args))
        }
    };
    let (spent, penalties, cost_text) = cost_headline(&verified.costs);
    // Column headers from the catalog (`report-col-<name>`), owned here
    // because a column borrows its header.
    let header = |name: &str| t(&format!("report-col-{name}"), &[]);
    let mut dispatch_headers = vec![
        (true, header("from")),
        (true, header("to")),
        (true, header("product")),
        (false, header("arrives")),
        (false, header("harvested")),
        (false, header("age")),
        (false, header("quantity-kg")),
    ];
    if week_trucks > 0 {
        dispatch_headers.push((false, header("truck")));
    }
    let mut support_headers = vec![
        (true, header("buyer")),
        (true, header("product")),
        (true, header("from")),
        (false, header("price")),
        (false, header("budget")),
        (false, header("kg-bought")),
        (false, header("spent")),
        (false, header("left")),
    ];
    if marginal.is_some() {
        support_headers.push((false, header("saving-per-yuan")));
    }
    let dispatch_columns = columns(&dispatch_headers);
    let support_columns = columns(&support_headers);
    let outlook_headers = [
        (true, header("week")),
        (false, header("ordered")),
        (false, header("delivered")),
        (false, header("short")),
        (false, header("wasted")),
    ];
    let baseline_headers = [
        (true, String::new()),
        (false, header("this-plan")),
        (false, header("greedy")),
        (false, header("saved")),
    ];
    let marginal_headers = [
        (true, header("where")),
        (false, header("week")),
        (false, header("saving-per-kg")),
    ];
    let farm_store_headers = [
        (true, header("farm")),
        (true, header("store")),
        (false, header("kg")),
        (false, header("share-delivered")),
    ];
    let lane_headers = [
        (true, header("from")),
        (true, header("to")),
        (false, header("kg")),
        (false, header("share-shipped")),
    ];
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
        html lang=(crate::lang::current().tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) (PreEscaped(page_rule(&running))) }
            }
            body {
                h1 { @if let Some(name) = scenario { (name) " · " } (heading(instance)) }
                p.when { (t("report-plan-when", &[("when", &when)])) }
                @if let Some(week) = this_week {
                    h2 { (t("report-this-week", &[("week", &week_label(week.week))])) }
                    p { (t("report-this-week-loads", &[("loads", &week.dispatch.len().to_string()), ("amount", &q(week.dispatch.iter().map(|l| l.quantity_kg).sum()))]))
                        @if week_trucks > 0 { (t("report-this-week-trucks", &[("trucks", &week_trucks.to_string())])) }
                        (t("report-this-week-next", &[])) }
                    p { (week_cost(instance, &week.costs)) }
                    (table(&dispatch_columns, week.dispatch.iter().take(SHOWN_DISPATCH).map(|line| {
                        let lane = instance.lane(line.lane);
                        let mut cells = vec![
                            html! { (instance.location(lane.from).id) },
                            html! { (instance.location(lane.to).id) },
                            html! { (instance.product(line.product).id) },
                            html! { (week_cell(line.arrive_week)) },
                            html! { (if line.harvest_week >= 1 { week_cell(line.harvest_week as u32) } else { t("report-before-plan", &[]) }) },
                            html! { (line.age_days) },
                            html! { (grouped(line.quantity_kg)) },
                        ];
                        if week_trucks > 0 {
                            cells.push(html! { (line.truck.map_or(String::new(), |n| t("report-truck-of", &[("number", &n.number.to_string()), ("trucks", &n.trucks.to_string())]))) });
                        }
                        cells
                    })))
                    @if week.dispatch.len() > SHOWN_DISPATCH {
                        (rest_note(week.dispatch.len() - SHOWN_DISPATCH, "report-rest-lane-loads", &[("amount", &q(week.dispatch.iter().skip(SHOWN_DISPATCH).map(|l| l.quantity_kg).sum()))]))
                    }
                    h2 { (t("report-weeks-after", &[])) }
                    (table(&columns(&outlook_headers),
                        ((week.week + 1)..=(week.week + OUTLOOK_WEEKS).min(instance.weeks)).map(|w| {
                            let t = figures.weekly.range((w, ProductIx(0))..=(w, ProductIx(usize::MAX))).fold([0.0_f64; 3], |a, (_, v)| [a[0] + v.demand_kg, a[1] + v.delivered_kg, a[2] + v.waste_kg]);
                            vec![html! { (week_label(w)) }, html! { (q(t[0])) }, html! { (q(t[1])) }, html! { (q((t[0] - t[1]).max(0.0))) }, html! { (q(t[2])) }]
                        })))
                }
                @match checked {
                    Checked::WhenPlanned => {
                        p { (t("report-status", &[])) b { (status_word(outcome.word())) }
                            (t("report-status-planned", &[("solver", outcome.method().solver_name()), ("variables", &outcome.variables.to_string())])) }
                    }
                    Checked::ReadBack => {
                        p { (t("report-status", &[])) b { (status_word(outcome.word())) }
                            (t("report-status-read-back", &[("solver", outcome.method().solver_name()), ("variables", &outcome.variables.to_string())])) }
                    }
                }
                div.big {
                    div { (t("report-big-money", &[])) b { (headline_money(spent)) } }
                    div { (t("report-big-penalties", &[])) b { (headline_money(penalties)) } }
                    div { (t("report-big-fill-rate", &[])) b { (format!("{:.1}%", 100.0 * figures.fill_rate())) } }
                    div { (t("report-big-waste", &[])) b { (q(figures.waste_kg)) } (t("report-big-waste-share", &[("share", &format!("{:.1}", 100.0 * ratio(figures.waste_kg, figures.supply_kg)))])) }
                    div { (t("report-big-shortfall", &[])) b { (q(figures.shortfall_kg)) } }
                    div { (t("report-big-priority", &[])) b { (q(priority_sold)) } }
                }
                (cost_text)
                @if let Some(base) = &baseline {
                    h2 { (t("report-baseline", &[])) }
                    @let (base_spent, base_penalties, _) = cost_headline(&base.verified.costs);
                    @let money_row = |what: &str, this: f64, greedy: f64| vec![html! { (what) }, html! { (grouped(this)) }, html! { (grouped(greedy)) }, html! { (grouped(greedy - this)) }];
                    @let kg_row = |what: &str, this: f64, greedy: f64| vec![html! { (what) }, html! { (q(this)) }, html! { (q(greedy)) }, html! { (q(greedy - this)) }];
                    (table(&columns(&baseline_headers), [
                        money_row(&t("report-row-money", &[]), spent, base_spent),
                        money_row(&t("report-row-penalties", &[]), penalties, base_penalties),
                        money_row(&t("report-row-objective", &[]), verified.costs.total(), base.verified.costs.total()),
                        kg_row(&t("report-row-waste", &[]), figures.waste_kg, base.figures.waste_kg),
                        kg_row(&t("report-row-shortfall", &[]), figures.shortfall_kg, base.figures.shortfall_kg),
                    ]))
                }
                @if !instance.support.is_empty() {
                    h2 { (t("report-support", &[])) }
                    p { (t("report-support-text", &[("amount", &q(figures.support_kg())), ("spent", &grouped(figures.support_spent()))])) }
                    (table(&support_columns, instance.support.iter().zip(&figures.support).enumerate().take(SHOWN).map(|(i, (line, f))| {
                        let mut cells = vec![
                            html! { (instance.location(line.buyer).id) },
                            html! { (instance.product(line.product).id) },
                            html! { (line.farm.map_or_else(|| t("report-support-priority-farms", &[]), |farm| instance.location(farm).id.clone())) },
                            html! { (format!("{:.2}", line.price_per_kg)) },
                            html! { (line.budget.map_or_else(|| t("report-support-no-limit", &[]), grouped)) },
                            html! { (q(f.kg)) },
                            html! { (grouped(f.spent)) },
                            html! { (f.budget_left.map_or_else(String::new, grouped)) },
                        ];
                        if let Some(values) = marginal {
                            let saving = -budget_value(instance, values, i);
                            // A budget worth nothing shows 0.000, not -0.000.
                            let saving = if saving.abs() < 5e-4 { 0.0 } else { saving };
                            cells.push(html! { (format!("{saving:.3}")) });
                        }
                        cells
                    })))
                    (rest_note(instance.support.len().saturating_sub(SHOWN), "report-rest-support", &[("amount", &q(figures.support.iter().skip(SHOWN).map(|f| f.kg).sum()))]))
                }
                @if let Some(values) = marginal {
                    h2 { (t("report-marginal", &[])) }
                    p { (t("report-marginal-text", &[])) }
                    (table(&columns(&marginal_headers),
                        top_capacity_values(values).iter().map(|v| vec![
                            html! { (capacity_place(instance, v)) },
                            html! { (v.week) },
                            html! { (format!("{:.2}", -v.cost_per_kg)) },
                        ])))
                }
                h2 { (t("report-weekly", &[])) }
                p { (t("report-weekly-text", &[])) }
                @for &p in &charted {
                    (chart_pair(|layout| weekly_chart(layout, instance, figures, ProductIx(p))))
                }
                (rest_note(uncharted.len(), "report-rest-products", &[("harvested", &q(uncharted_kg(0))), ("ordered", &q(uncharted_kg(1)))]))
                h2 { (t("report-waste", &[])) }
                (chart_pair(|layout| waste_chart(layout, instance, figures, &waste_lines)))
                (rest_note(waste_rest.len(), "report-rest-waste", &[("amount", &q(waste_rest.iter().map(|&p| waste_size[p]).sum()))]))
                h2 { (t("report-stores", &[])) }
                (chart_pair(|layout| bar_chart(layout, &t("report-stores-chart", &[]), &bars(&stores, &stores_shown), |_| false)))
                (rest_note(stores_rest.len(), "report-rest-stores", &[("amount", &q(sum_of(&stores, &stores_rest)))]))
                h2 { (t("report-farms", &[])) }
                p { (t("report-farms-text", &[])) }
                (chart_pair(|layout| bar_chart(layout, &t("report-farms-chart", &[]), &bars(&farms, &farms_shown), |name| {
                    instance.locations.iter().any(|l| l.id == name && l.priority > 0.0)
                })))
                (rest_note(farms_rest.len(), "report-rest-farms", &[("amount", &q(sum_of(&farms, &farms_rest)))]))
                (super::trucks::truck_section(instance, &verified.plan))
                h2 { (t("report-flows", &[])) }
                p { (t("report-flows-text", &[])) }
                (table(&columns(&farm_store_headers),
                    farm_to_store.iter().take(SHOWN_FLOWS).map(|(farm, store, kg)| vec![
                        html! { (farm) }, html! { (store) }, html! { (q(*kg)) },
                        html! { (format!("{:.1}%", 100.0 * ratio(*kg, total_delivered))) },
                    ])))
                (rest_note(farm_to_store.len().saturating_sub(SHOWN_FLOWS), "report-rest-pairs",
                    &[("amount", &q(farm_to_store.iter().skip(SHOWN_FLOWS).map(|f| f.2).sum()))]))
                p { (t("report-flows-lanes", &[])) }
                (table(&columns(&lane_headers),
                    flows.iter().take(SHOWN_FLOWS).map(|&(lane, kg)| vec![
                        html! { (instance.location(instance.lanes[lane].from).id) },
                        html! { (instance.location(instance.lanes[lane].to).id) },
                        html! { (q(kg)) },
                        html! { (format!("{:.1}%", 100.0 * ratio(kg, total_shipped))) },
                    ])))
                (rest_note(flows.len().saturating_sub(SHOWN_FLOWS), "report-rest-lanes",
                    &[("amount", &q(flows.iter().skip(SHOWN_FLOWS).map(|f| f.1).sum()))]))
                (chart_pair(|layout| flow_diagram(layout, instance, &flows[..flows.len().min(SHOWN_LANES)])))
                @if flows.len() > SHOWN_LANES {
                    p { (t("report-flows-diagram", &[("lanes", &SHOWN_LANES.to_string())])) }
                }
            }
        }
    };
    markup.into_string()
}

/// A week as the page names it: in English `week 10 (2027-03-08)` as the
/// terminal says it; in Chinese 第10周 with its ISO week and first day in
/// brackets when the plan has a calendar of weeks (第10周（2027-W10，2027年3月8日起）).
fn page_week_label(instance: &Instance, week: u32) -> String {
    let calendar = instance.calendar();
    match (crate::lang::current(), calendar.first_day(week)) {
        (Lang::ZhCn, Some(first)) => {
            let iso = crate::scenario::week::week_folder_name(&calendar, week);
            if iso == first.to_string() {
                super::text::week_label(instance, week)
            } else {
                t(
                    "report-week-iso",
                    &[
                        ("week", &week.to_string()),
                        ("iso", &iso),
                        ("date", &date_text(&first.to_string())),
                    ],
                )
            }
        }
        _ => super::text::week_label(instance, week),
    }
}

/// The page's heading: how many periods of how many days (in Chinese a
/// plan of weeks says 共 52 周, as a planner counts).
fn heading(instance: &Instance) -> String {
    let weeks = (instance.weeks - instance.first_week + 1).to_string();
    if instance.period_days == 7 {
        t("report-heading-weeks", &[("weeks", &weeks)])
    } else {
        t(
            "report-heading",
            &[("weeks", &weeks), ("days", &instance.period_days.to_string())],
        )
    }
}

/// The committed week's cost in words, as `week::week_cost_text` says it
/// on the terminal (the same parts, in the same order), from the catalog.
fn week_cost(instance: &Instance, costs: &PlanCosts) -> String {
    let part = |key: &str, x: f64| t(key, &[("amount", &grouped(x))]);
    let mut spent = vec![part("report-part-transport", costs.transport)];
    if crate::solve::trucks::has_trucks(instance) {
        spent.push(part("report-part-trucks", costs.trucks));
    }
    spent.push(part("report-part-holding", costs.holding));
    if !instance.support.is_empty() {
        spent.push(part("report-part-support", costs.support));
    }
    let mut penalties = vec![
        part("report-part-waste", costs.waste),
        part("report-part-shortfall", costs.shortfall),
    ];
    if costs.closing_stock > 0.0 {
        penalties.push(part("report-week-part-closing", costs.closing_stock));
    }
    let separator = t("list-separator", &[]);
    t(
        "report-this-week-cost",
        &[
            ("total", &grouped(costs.total())),
            ("spent", &grouped(costs.money_spent())),
            ("spent_parts", &spent.join(&separator)),
            ("penalties", &grouped(costs.penalties())),
            ("penalty_parts", &penalties.join(&separator)),
        ],
    )
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
            t(
                "report-marginal-trucks",
                &[
                    ("from", &instance.location(lane.from).id),
                    ("to", &instance.location(lane.to).id),
                ],
            )
        }
        (None, Some(n)) => t("report-marginal-cold-room", &[("location", &instance.location(n).id)]),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_name_cannot_end_the_css_string_or_the_style() {
        assert_eq!(css_string("guiyang-luodian · plan"), "\"guiyang-luodian · plan\"");
        let quoted = css_string("a\"b\\c</style><script>");
        assert_eq!(quoted, "\"a\\22 b\\5c c\\3c \\2f style\\3e \\3c script\\3e \"");
        assert!(!quoted[1..quoted.len() - 1].contains(['"', '<', '>']));
        assert_eq!(css_string("罗甸"), "\"罗甸\"");
        assert!(page_rule("x\ny").contains("content:\"x\\a y\""));
    }

    #[test]
    fn a_scenario_is_named_by_its_folder() {
        assert_eq!(
            scenario_name(std::path::Path::new("scenarios/guiyang-luodian")),
            "guiyang-luodian"
        );
        assert_eq!(
            scenario_name(std::path::Path::new("scenarios/guiyang-luodian/")),
            "guiyang-luodian"
        );
        assert_eq!(scenario_name(std::path::Path::new("book.xlsx")), "book.xlsx");
        let here = std::env::current_dir().expect("a current folder");
        let name = here.file_name().expect("not the root").to_string_lossy().into_owned();
        assert_eq!(scenario_name(std::path::Path::new(".")), name);
        assert_eq!(scenario_name(std::path::Path::new("")), name);
    }
}
