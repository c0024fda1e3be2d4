//! The report reads well at any width: charts scale with the page, their
//! axes count whole weeks (or dates) with thousands separators in the
//! scenario's display unit, legends stay off the lines, and `fairness.svg`
//! does not plot "none" as a level; a phone gets charts drawn for its width
//! and tables whose cells are labelled; the headline parts money spent from
//! penalties; the page prints on A4 with a running header. The browser half
//! (text sizes and columns measured at 390 and 1400 px, no sideways
//! scrolling, the A4 PDF read back) is `tests/browser/check_report.sh`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn agrimatch() -> Command {
    Command::cargo_bin("agrimatch").expect("binary is built")
}

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Plans `scenario` into `out` and returns its report.html.
fn page_of(scenario: &Path, out: &Path) -> String {
    agrimatch()
        .arg("plan")
        .arg(scenario)
        .args(["--quiet", "--out"])
        .arg(out)
        .assert()
        .code(0);
    read(&out.join("report.html"))
}

/// Every text drawn in the SVG charts of `page` (plotters writes each on a line of its own).
fn chart_texts(page: &str) -> Vec<String> {
    page.split("<text ")
        .skip(1)
        .map(|t| {
            let body = &t[t.find('>').expect("a text element") + 1..];
            body[..body.find("</text>").expect("closed")].trim().to_string()
        })
        .collect()
}

#[test]
fn luodian_charts_count_whole_weeks_with_separators_and_scale_with_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let page = page_of(&shipped("guiyang-luodian"), &tmp.path().join("p"));
    let texts = chart_texts(&page);
    // No label in plotters' default float format ("5.0", "0.5", "160000.0").
    let float_label = |t: &str| {
        t.split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && a.chars().all(|c| c.is_ascii_digit()) && b == "0")
    };
    assert!(!texts.iter().any(|t| float_label(t)), "float tick labels: {texts:?}");
    assert!(!texts.iter().any(|t| t == "0.5" || t == "1.5"), "half weeks");
    // Luodian is on the calendar: week ticks are dates, the first with its year.
    assert!(texts.iter().any(|t| t == "2027-01-04"), "first tick a date");
    assert!(texts.iter().any(|t| t == "03-01"), "later ticks month-day");
    assert!(
        texts.iter().any(|t| t == "150,000"),
        "thousands separators on the cabbage axis"
    );
    // Legends are above the plot, one per weekly chart (drawn wide and
    // narrow), with the shortfall mark.
    assert_eq!(texts.iter().filter(|t| *t == "orders").count(), 2 * 7);
    assert_eq!(texts.iter().filter(|t| *t == "short").count(), 2 * 7);
    // Fill-rate bars carry their values.
    assert!(texts.iter().any(|t| t.ends_with('%') && t.contains('.')), "bar values");
    // The flow diagram has a legend with kg.
    for t in ["farm", "hub", "store"] {
        assert!(texts.iter().any(|x| x == t), "flow legend {t}");
    }
    assert!(
        texts.iter().any(|t| t.ends_with(" kg") && t.contains(',')),
        "line widths in kg"
    );
    // Charts scale: no fixed pixel width, a viewBox, a name.
    let tags: Vec<&str> = page
        .split("<svg ")
        .skip(1)
        .map(|t| &t[..t.find('>').unwrap()])
        .collect();
    assert_eq!(tags.len(), 2 * (7 + 4));
    for tag in tags {
        assert!(tag.starts_with("width=\"100%\""), "{tag}");
        assert!(tag.contains("viewBox=\"0 0 ") && tag.contains("aria-label="), "{tag}");
        assert!(!tag.contains("height="), "{tag}");
    }
    // Phones, Chinese fonts, and still self-contained.
    assert!(page.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    assert!(
        page.contains("'Microsoft YaHei','PingFang SC'"),
        "CJK font stack in the page"
    );
    assert!(
        page.contains("font-family=\"&apos;Microsoft YaHei&apos;"),
        "and in the charts"
    );
    for fetch in ["<script", "src=", "href=", "url(", "@import"] {
        assert!(!page.contains(fetch), "report.html fetches or runs nothing: {fetch}");
    }
}

#[test]
fn axes_speak_the_display_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("jin");
    std::fs::create_dir(&scenario).unwrap();
    for file in std::fs::read_dir(shipped("tiny")).unwrap() {
        let file = file.unwrap().path();
        std::fs::copy(&file, scenario.join(file.file_name().unwrap())).unwrap();
    }
    std::fs::write(scenario.join("scenario.toml"), "display_unit = \"jin\"\n").unwrap();
    let jin = page_of(&scenario, &tmp.path().join("jin-out"));
    let texts = chart_texts(&jin);
    assert!(jin.contains("<b>") && jin.contains(" jin</b>"), "the headline in jin");
    assert!(texts.iter().any(|t| t == "jin"), "the weekly charts' axis");
    assert!(texts.iter().any(|t| t == "jin wasted"), "the waste chart's axis");
    assert!(texts.iter().any(|t| t.ends_with(" jin")), "the flow legend");
    assert!(
        !texts
            .iter()
            .any(|t| t == "kg" || t.contains("kg ") || t.ends_with(" kg")),
        "{texts:?}"
    );
    // Tiny has no start_date: weeks are whole numbers from 1.
    assert!(texts.iter().any(|t| t == "1"), "week 1");

    // The same plan in kg says kg.
    std::fs::remove_file(scenario.join("scenario.toml")).unwrap();
    let kg = page_of(&scenario, &tmp.path().join("kg-out"));
    assert!(chart_texts(&kg).iter().any(|t| t == "kg wasted"));
}

#[test]
fn fairness_chart_does_not_plot_none_as_a_level() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("f");
    agrimatch()
        .arg("fairness")
        .arg(shipped("tiny"))
        .args(["--levels", "0,0.1,0.2,none", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let svg = read(&out.join("fairness.svg"));
    // Three levels, two panels: a dot per level and panel, none for "none".
    assert_eq!(svg.matches("<circle").count(), 6, "{svg}");
    // The panels' lines join the three levels only: no fourth point for
    // "none" (plotters writes lines as polylines; the dashes have two points).
    let lengths: Vec<usize> = svg
        .split("<polyline")
        .skip(1)
        .map(|line| {
            let points = &line[line.find("points=\"").unwrap() + 8..];
            points[..points.find('"').unwrap()].split_whitespace().count()
        })
        .collect();
    assert_eq!(lengths.iter().filter(|&&n| n == 3).count(), 2, "{lengths:?}");
    assert!(lengths.iter().all(|&n| n <= 3), "{lengths:?}");
    assert_eq!(svg.matches("none (no rule): ").count(), 2, "a dashed line per panel");
    let texts = chart_texts(&svg);
    assert!(
        !texts.iter().any(|t| t == "1.0" || t == "1.00"),
        "no x = 1 for none: {texts:?}"
    );
}

/// The SVGs in the `<div class="{class}">` of each chart (`wide` or `narrow`).
fn charts_in<'a>(page: &'a str, class: &str) -> Vec<&'a str> {
    let open = format!("<div class=\"{class}\"><svg ");
    page.split(open.as_str())
        .skip(1)
        .map(|t| &t[..t.find("</svg>").expect("a closed svg")])
        .collect()
}

/// Plans Luodian with every section into `out` and returns its page.
fn luodian_page(out: &Path) -> String {
    agrimatch()
        .arg("plan")
        .arg(shipped("guiyang-luodian"))
        .args(["--baseline", "--marginal-values", "--quiet", "--out"])
        .arg(out)
        .assert()
        .code(0);
    read(&out.join("report.html"))
}

/// Issue 22 item 4: a wide chart shrunk onto a 390 px phone drew its text
/// at 6-7 px. Every chart is drawn a second time on a 340-unit canvas with
/// no text under 12 units: the page (a 360 px phone leaves 336 px, see the
/// style's 0.75em padding) shows it at 336/340 of its size or more, so at
/// 11.9 px or more. The browser check measures the rendered sizes.
#[test]
fn a_phone_gets_every_chart_drawn_for_its_width() {
    let tmp = tempfile::tempdir().unwrap();
    let page = luodian_page(&tmp.path().join("p"));
    let (wide, narrow) = (charts_in(&page, "wide"), charts_in(&page, "narrow"));
    assert_eq!((wide.len(), narrow.len()), (11, 11), "each chart twice");
    for svg in &narrow {
        assert!(svg.contains("viewBox=\"0 0 340 "), "{}", &svg[..120]);
        let sizes: Vec<f64> = svg
            .split("font-size=\"")
            .skip(1)
            .map(|t| t[..t.find('"').unwrap()].parse::<f64>().unwrap())
            .collect();
        assert!(!sizes.is_empty());
        let smallest = sizes.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(
            smallest * 336.0 / 340.0 >= 11.0,
            "text of {smallest} units in {}",
            &svg[..160]
        );
    }
    for svg in &wide {
        assert!(svg.contains("viewBox=\"0 0 640 "), "{}", &svg[..120]);
    }
    // Long ids wrap on the narrow canvas instead of running off it: the
    // store is two lines of the fill-rate chart and the flow diagram.
    let narrow_texts = chart_texts(&narrow.concat());
    assert!(narrow_texts.iter().any(|t| t == "Guanshanhu-"), "{narrow_texts:?}");
    assert!(narrow_texts.iter().any(|t| t == "supermarket"));
    assert!(chart_texts(&wide.concat())
        .iter()
        .any(|t| t == "Guanshanhu-supermarket"));
    // The time axis of a narrow chart has at most 4 dates, a wide one 8.
    let ticks = |svg: &str| {
        chart_texts(svg)
            .iter()
            .filter(|t| t.len() == 5 && t.as_bytes()[2] == b'-')
            .count()
            + 1
    };
    assert!(
        ticks(narrow[0]) <= 4 && ticks(wide[0]) > 4,
        "{} {}",
        ticks(narrow[0]),
        ticks(wide[0])
    );
    // The style shows one of each pair: narrow on a screen up to 720 px, wide
    // on wider screens and in print.
    assert!(page.contains(".narrow{display:none}"));
    assert!(page.contains("@media screen and (max-width:720px){"));
    assert!(page.contains(".wide{display:none}.narrow{display:block}"));
}

/// A table row's cells: (data-label, text).
type Row = Vec<(String, String)>;

/// The table cells of `page`: per table, its header row and each row's
/// (data-label, text) cells.
fn tables_of(page: &str) -> Vec<(Vec<String>, Vec<Row>)> {
    let inner = |cell: &str| cell[cell.find('>').unwrap() + 1..].to_string();
    page.split("<table>")
        .skip(1)
        .map(|t| {
            let t = &t[..t.find("</table>").unwrap()];
            let head = &t[t.find("<thead>").expect("a header row")..t.find("</thead>").unwrap()];
            // Past "" and "ead><tr>": "<thead>" splits as a "<th" too.
            let headers = head
                .split("<th")
                .skip(2)
                .map(|c| inner(&c[..c.find("</th>").unwrap()]))
                .collect();
            let rows = t[t.find("<tbody>").expect("a body")..]
                .split("<tr>")
                .skip(1)
                .map(|row| {
                    row.split("<td")
                        .skip(1)
                        .map(|c| {
                            let c = &c[..c.find("</td>").unwrap()];
                            let label = c
                                .split("data-label=\"")
                                .nth(1)
                                .map(|l| l[..l.find('"').unwrap()].to_string());
                            (label.expect("every cell labelled"), inner(c))
                        })
                        .collect()
                })
                .collect();
            (headers, rows)
        })
        .collect()
}

/// Issue 22 item 4: on a phone the dispatch list showed from and to only.
/// Every cell of every table, on the plan's page and the week's, carries its
/// column's header, which a phone shows above it when rows become cards.
#[test]
fn every_table_cell_is_labelled_by_its_column_header() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = luodian_page(&tmp.path().join("p"));
    let week_out = tmp.path().join("w");
    agrimatch()
        .arg("week")
        .arg(shipped("guiyang-luodian"))
        .args(["--from", "46", "--quiet", "--out"])
        .arg(&week_out)
        .assert()
        .code(0);
    let week = read(&week_out.join("report.html"));
    for (name, page, count) in [("plan", &plan, 5), ("week", &week, 5)] {
        let tables = tables_of(page);
        assert_eq!(tables.len(), count, "{name}");
        for (headers, rows) in &tables {
            assert!(!rows.is_empty(), "{name}: {headers:?} has rows");
            for row in rows {
                let labels: Vec<&String> = row.iter().map(|c| &c.0).collect();
                assert_eq!(labels, headers.iter().collect::<Vec<_>>(), "{name}");
            }
        }
    }
    let dispatch = &tables_of(&week)[0];
    assert_eq!(
        dispatch.0,
        ["from", "to", "product", "arrives", "harvested", "age, days", "kg"]
    );
    assert_eq!(dispatch.1.len(), 27, "this week's lane loads");
    // Cards: the label above each cell, two cells to a line, the header row
    // out of sight but read aloud.
    assert!(plan.contains("td::before{content:attr(data-label);display:block;font-size:0.8em"));
    assert!(plan.contains("tr{display:grid;grid-template-columns:1fr 1fr;"));
}

/// A figure of the page: the number after `what` (`Money spent 2,344,602`).
fn figure_after(page: &str, what: &str) -> f64 {
    let at = page.find(what).unwrap_or_else(|| panic!("{what} on the page")) + what.len();
    let digits: String = page[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .collect();
    digits
        .replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("a number after {what}"))
}

/// Issue 22 item 5: "cost 6,232,934" was read as money, though 3.39 M of it
/// is the shortfall penalty. The headline gives money spent and penalties
/// weighed apart, each with its parts, and the objective as their sum; the
/// figures are summary.csv's. The title names the scenario.
#[test]
fn the_headline_separates_money_spent_from_penalties() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let page = luodian_page(&out);
    let summary = read(&out.join("summary.csv"));
    let row = |metric: &str| -> f64 {
        let line = summary
            .lines()
            .find(|l| l.starts_with(&format!("{metric},")))
            .expect(metric);
        line.split(',').nth(1).unwrap().parse().unwrap()
    };
    let spent = row("transport_cost") + row("holding_cost") + row("support_cost");
    let penalties = row("shortfall_cost") + row("waste_cost") + row("closing_stock_cost") + row("fairness_cost");
    assert!((figure_after(&page, "<b>Money spent ") - spent).abs() <= 0.5, "{spent}");
    assert!(
        (figure_after(&page, "<b>Penalties weighed ") - penalties).abs() <= 0.5,
        "{penalties}"
    );
    assert!((figure_after(&page, "<b>Objective ") - row("objective")).abs() <= 0.5);
    assert!(
        (figure_after(&page, "money spent<b>") - spent).abs() <= 0.5,
        "the headline box"
    );
    assert!((figure_after(&page, "penalties weighed<b>") - penalties).abs() <= 0.5);
    // The parts, each in its group: shortfall is a penalty, not money.
    assert!(page.contains("(transport 2,306,500, holding 38,066, support purchases 35)"));
    assert!(page.contains("(shortfall 3,393,168, waste 495,164)"));
    assert!(!page.contains("<div>cost<b>"), "no bare cost");
    assert!(page.contains("<title>guiyang-luodian: agrimatch plan, weeks 1 to 52, 2027-01-04 to 2028-01-02</title>"));
    assert!(page.contains("<h1>guiyang-luodian · Shipment plan: 52 weeks of 7 days</h1>"));
}

/// Issue 22 item 3: printed, the page kept sideways-scrolling tables and
/// stranded headings. The print style: A4 with the running header (the
/// scenario and the plan's dates) and page numbers in @page margin boxes,
/// tables at the page's width with wrapping cells and repeated header rows,
/// headings kept with what follows, charts never split. The browser check
/// prints the page and reads the PDF back.
#[test]
fn the_page_prints_on_a4_with_a_running_header() {
    let tmp = tempfile::tempdir().unwrap();
    let page = luodian_page(&tmp.path().join("p"));
    let style = &page[page.find("<style>").unwrap()..page.find("</style>").unwrap()];
    for rule in [
        "@page{size:A4;",
        "@top-left{content:\"guiyang-luodian · plan weeks 1 to 52, 2027-01-04 to 2028-01-02\"",
        "@bottom-right{content:\"page \" counter(page) \" of \" counter(pages)",
        "h2{font-size:12pt;margin-top:1.2em;break-after:avoid;",
        ".chart,svg{break-inside:avoid;",
        "table{display:table;width:100%;overflow:visible;",
        "thead{display:table-header-group}",
        "td,th{white-space:normal;",
    ] {
        assert!(style.contains(rule), "{rule}");
    }
    let print = &style[style.find("@media print{").expect("a print style")..];
    assert!(!print.contains("overflow-x:auto"), "nothing scrolls in print");
}
