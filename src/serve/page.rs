//! The desk's one page: HTML rendered here (texts from the catalog,
//! `serve.ftl`), its script and style embedded in the binary and served
//! from `/app.js` and `/app.css` (no inline script: the page's
//! Content-Security-Policy allows none). The base plan is `report.html`
//! itself, in a frame.

use maud::{html, Markup, DOCTYPE};
use serde_json::{json, Map, Value};

use super::desk::Base;
use crate::data::{Instance, LocationKind};
use crate::lang::{current, t, Lang};

/// The page's script.
pub const APP_JS: &str = include_str!("app.js");
/// The page's style.
pub const APP_CSS: &str = include_str!("app.css");

/// Every `serve-` text of the catalog in the server's language: the
/// script's words (it builds tables and messages).
pub fn script_texts() -> Value {
    let lang = current();
    let texts: Map<String, Value> = lang
        .keys()
        .into_iter()
        .filter(|key| key.starts_with("serve-js-"))
        .map(|key| (key.to_string(), Value::String(lang.text(key, &[]))))
        .collect();
    Value::Object(texts)
}

/// The ids the what-if forms offer: farms, stores, products, lanes, weeks.
pub fn scenario_ids(instance: &Instance) -> Value {
    let of_kind = |kind: LocationKind| -> Vec<&str> {
        instance
            .locations
            .iter()
            .filter(|l| l.kind == kind)
            .map(|l| l.id.as_str())
            .collect()
    };
    let lanes: Vec<[&str; 2]> = instance
        .lanes
        .iter()
        .map(|l| {
            [
                instance.location(l.from).id.as_str(),
                instance.location(l.to).id.as_str(),
            ]
        })
        .collect();
    json!({
        "farms": of_kind(LocationKind::Farm),
        "hubs": of_kind(LocationKind::Hub),
        "stores": of_kind(LocationKind::Store),
        "products": instance.products.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        "lanes": lanes,
        "first_week": instance.first_week.max(1),
        "weeks": instance.weeks,
    })
}

fn options(all: &str, ids: &[&str]) -> Markup {
    html! {
        option value="*" { (all) }
        @for id in ids { option value=(id) { (id) } }
    }
}

/// A pair of week fields (from, to) for a form.
fn weeks(prefix: &str, first: u32, last: u32) -> Markup {
    html! {
        label { (t("serve-week-from", &[]))
            input type="number" id=(format!("{prefix}-from")) min=(first) max=(last) placeholder=(first); }
        label { (t("serve-week-to", &[]))
            input type="number" id=(format!("{prefix}-to")) min=(first) max=(last) placeholder=(last); }
    }
}

/// An editable table of counts for the Monday routine: the script adds
/// rows and turns them into the CSV an upload would send.
fn count_table(id: &str, caption: &str, columns: &[&str]) -> Markup {
    html! {
        div.counts {
            h3 { (t(caption, &[])) }
            table.edit id=(id) {
                thead { tr {
                    @for column in columns { th.t { (t(column, &[])) } }
                    th {}
                } }
                tbody {}
            }
            button type="button" .add-row data-table=(id) { (t("serve-monday-add-row", &[])) }
        }
    }
}

/// The page; `base` is None when the scenario cannot be planned now (the
/// page then shows why, from `/api/plan`).
pub fn index(name: &str, token: Option<&str>, base: Option<&Base>) -> String {
    let ids = |kind: LocationKind| -> Vec<&str> {
        base.map(|b| {
            b.instance
                .locations
                .iter()
                .filter(|l| l.kind == kind)
                .map(|l| l.id.as_str())
                .collect()
        })
        .unwrap_or_default()
    };
    let (farms, stores) = (ids(LocationKind::Farm), ids(LocationKind::Store));
    let products: Vec<&str> = base
        .map(|b| b.instance.products.iter().map(|p| p.id.as_str()).collect())
        .unwrap_or_default();
    let lanes: Vec<(String, String)> = base
        .map(|b| {
            b.instance
                .lanes
                .iter()
                .map(|l| {
                    let (from, to) = (&b.instance.location(l.from).id, &b.instance.location(l.to).id);
                    (format!("from={from};to={to}"), format!("{from} → {to}"))
                })
                .collect()
        })
        .unwrap_or_default();
    // The buyers of support.csv, each once, in the file's order.
    let mut buyers: Vec<&str> = Vec::new();
    for line in base.map(|b| b.instance.support.as_slice()).unwrap_or_default() {
        let id = base.map_or("", |b| b.instance.location(line.buyer).id.as_str());
        if !buyers.contains(&id) {
            buyers.push(id);
        }
    }
    let (first, last) = base.map_or((1, 1), |b| (b.instance.first_week.max(1), b.instance.weeks));
    let title = t("serve-title", &[("name", name)]);
    let all = t("serve-all", &[]);
    let other = match current() {
        Lang::En => Lang::ZhCn,
        Lang::ZhCn => Lang::En,
    };
    let page = html! {
        (DOCTYPE)
        html lang=(current().tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if let Some(token) = token { meta name="agrimatch-token" content=(token); }
                title { (title) }
                // No favicon request (and no 404 in the console).
                link rel="icon" href="data:,";
                link rel="stylesheet" href="/app.css";
                script src="/app.js" defer {}
            }
            body {
                header {
                    h1 { (title) }
                    p.sub { (t("serve-intro", &[])) }
                    nav {
                        a href="#whatif" { (t("serve-nav-whatif", &[])) }
                        a href="#monday" { (t("serve-nav-monday", &[])) }
                        a href="#base" { (t("serve-nav-base", &[])) }
                        // The other language, named in itself: a reader who
                        // cannot read this page can still find the way out.
                        a.lang href={ "/?lang=" (other.tag()) } lang=(other.tag()) hreflang=(other.tag()) {
                            (t("serve-switch-lang", &[]))
                        }
                    }
                }
                p #problem .problem hidden {}
                main {
                    section #whatif .panel {
                        h2 { (t("serve-whatif-heading", &[])) }
                        p.hint { (t("serve-whatif-hint", &[])) }
                        div.builders {
                            fieldset #harvest {
                                legend { (t("serve-harvest", &[])) }
                                label { (t("serve-farm", &[])) select #h-farm { (options(&all, &farms)) } }
                                label { (t("serve-product", &[])) select #h-product { (options(&all, &products)) } }
                                (weeks("h", first, last))
                                label { (t("serve-harvest-percent", &[]))
                                    input type="number" #h-percent value="-30" step="any"; }
                                button type="button" #h-add { (t("serve-add", &[])) }
                            }
                            fieldset #lane {
                                legend { (t("serve-lane", &[])) }
                                label { (t("serve-lane-which", &[])) select #l-lane {
                                    option value="*" { (all) }
                                    @for (value, shown) in &lanes { option value=(value) { (shown) } }
                                } }
                                label { (t("serve-lane-what", &[])) select #l-what {
                                    option value="closed" { (t("serve-lane-closed", &[])) }
                                    option value="capacity" { (t("serve-lane-capacity", &[])) }
                                    option value="trucks" { (t("serve-lane-trucks", &[])) }
                                } }
                                (weeks("l", first, last))
                                label #l-capacity-label { (t("serve-lane-capacity-kg", &[]))
                                    input type="number" #l-capacity min="0" step="any" value="0"; }
                                label #l-truck-label { (t("serve-lane-truck-kg", &[]))
                                    input type="number" #l-truck-kg min="0" step="any" value="5000"; }
                                label #l-truck-cost-label { (t("serve-lane-truck-cost", &[]))
                                    input type="number" #l-truck-cost min="0" step="any" value="460"; }
                                button type="button" #l-add { (t("serve-add", &[])) }
                            }
                            fieldset #order {
                                legend { (t("serve-order", &[])) }
                                label { (t("serve-store", &[])) select #o-store { (options(&all, &stores)) } }
                                label { (t("serve-product", &[])) select #o-product { (options(&all, &products)) } }
                                (weeks("o", first, last))
                                label { (t("serve-order-how", &[])) select #o-op {
                                    option value="set" { (t("serve-order-set", &[])) }
                                    option value="percent" { (t("serve-order-percent", &[])) }
                                    option value="add" { (t("serve-order-add", &[])) }
                                } }
                                label { (t("serve-order-value", &[]))
                                    input type="number" #o-value step="any" value="20000"; }
                                button type="button" #o-add { (t("serve-add", &[])) }
                            }
                            fieldset #support {
                                legend { (t("serve-support", &[])) }
                                @if buyers.is_empty() {
                                    p.hint { (t("serve-support-none", &[])) }
                                } @else {
                                    label { (t("serve-support-buyer", &[])) select #s-buyer { (options(&all, &buyers)) } }
                                    label { (t("serve-support-how", &[])) select #s-how {
                                        option value="set" { (t("serve-support-set", &[])) }
                                        option value="percent" { (t("serve-support-percent", &[])) }
                                        option value="none" { (t("serve-support-unlimited", &[])) }
                                    } }
                                    label #s-value-label { (t("serve-support-value", &[]))
                                        input type="number" #s-value step="any" value="50000"; }
                                    button type="button" #s-add { (t("serve-add", &[])) }
                                }
                            }
                            fieldset #fairness {
                                legend { (t("serve-fair", &[])) }
                                p.hint { (t("serve-fair-hint", &[])) }
                                label { (t("serve-fair-how", &[])) select #f-how {
                                    option value="level" { (t("serve-fair-level", &[])) }
                                    option value="off" { (t("serve-fair-off", &[])) }
                                } }
                                label #f-points-label { (t("serve-fair-points", &[]))
                                    input type="number" #f-points min="0" max="100" step="any" value="0"; }
                                button type="button" #f-add { (t("serve-add", &[])) }
                            }
                        }
                        label.file-label for="changes" { (t("serve-changes-file", &[])) }
                        textarea #changes rows="6" spellcheck="false" {
                            "target,selector,field,op,value\n"
                        }
                        div.actions {
                            button type="button" #run .primary { (t("serve-run", &[])) }
                            button type="button" #clear { (t("serve-clear", &[])) }
                        }
                        p #status role="status" {}
                    }
                    section #result .panel hidden {
                        h2 { (t("serve-result-heading", &[])) }
                        div #compare {}
                    }
                    section #session .panel {
                        h2 { (t("serve-session-heading", &[])) }
                        p.hint #session-empty { (t("serve-session-empty", &[])) }
                        ol #session-list {}
                    }
                    section #monday .panel {
                        h2 { (t("serve-monday-heading", &[])) }
                        p.hint { (t("serve-monday-hint", &[])) }
                        div.monday-form {
                            label { (t("serve-monday-week", &[]))
                                input type="text" #m-week value=(first) autocomplete="off"; }
                            label { (t("serve-monday-stock", &[])) input type="file" #m-stock accept=".csv,text/csv"; }
                            label { (t("serve-monday-in-transit", &[])) input type="file" #m-in-transit accept=".csv,text/csv"; }
                            label { (t("serve-monday-supply", &[])) input type="file" #m-supply accept=".csv,text/csv"; }
                            label { (t("serve-monday-demand", &[])) input type="file" #m-demand accept=".csv,text/csv"; }
                            label.check { input type="checkbox" #m-keep; (t("serve-monday-keep", &[])) }
                        }
                        details #m-typed {
                            summary { (t("serve-monday-typed", &[])) }
                            p.hint { (t("serve-monday-typed-hint", &[])) }
                            (count_table("m-stock-rows", "serve-monday-typed-stock",
                                &["serve-col-place", "serve-col-product", "serve-col-age", "serve-col-kg"]))
                            (count_table("m-transit-rows", "serve-monday-typed-transit",
                                &["serve-col-from", "serve-col-to", "serve-col-product", "serve-col-arrive",
                                  "serve-col-age", "serve-col-kg"]))
                            datalist #ids-places {}
                            datalist #ids-products {}
                        }
                        div.actions { button type="button" #m-run .primary { (t("serve-monday-run", &[])) } }
                        p #m-status role="status" {}
                        div #m-result {}
                    }
                    section #base .panel .wide-panel {
                        h2 { (t("serve-base-heading", &[])) }
                        iframe #report src="/report" title=(t("serve-base-heading", &[])) {}
                    }
                }
            }
        }
    };
    page.into_string()
}
