//! The report reads well at any width: charts scale with the page, their
//! axes count whole weeks (or dates) with thousands separators in the
//! scenario's display unit, legends stay off the lines, and `fairness.svg`
//! does not plot "none" as a level. The browser half (screenshots at 390
//! and 1400 px, no sideways scrolling) is `tests/browser/check_report.sh`.

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
    // Legends are above the plot, one per weekly chart, with the shortfall mark.
    assert_eq!(texts.iter().filter(|t| *t == "orders").count(), 7);
    assert_eq!(texts.iter().filter(|t| *t == "short").count(), 7);
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
    assert_eq!(tags.len(), 7 + 4);
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
