//! `agrimatch report` re-checks an output folder honestly: tampered flows
//! are refused, the status is shown as recorded, and every section the
//! folder had (greedy baseline, marginal values) is kept.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::common::{generate, Scenario};

fn agrimatch() -> Command {
    Command::cargo_bin("agrimatch").expect("binary is built")
}

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The page without its status paragraph, the one part `report` words differently.
fn without_status(page: &str) -> String {
    let start = page.find("<p>Status ").expect("a status paragraph");
    let end = start + page[start..].find("</p>").expect("the paragraph ends");
    format!("{}{}", &page[..start], &page[end..])
}

/// Plans the tiny scenario into `out` with `flags`.
fn plan(out: &Path, flags: &[&str]) {
    agrimatch()
        .arg("plan")
        .arg(tiny())
        .args(flags)
        .args(["--quiet", "--out"])
        .arg(out)
        .assert()
        .code(0);
}

/// Runs `report OUT --scenario tiny`; returns (exit code, stderr).
fn report(out: &Path) -> (i32, String) {
    let output = agrimatch()
        .arg("report")
        .arg(out)
        .arg("--scenario")
        .arg(tiny())
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn report_keeps_the_baseline_and_marginal_value_sections() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    plan(&out, &["--baseline", "--marginal-values"]);
    let planned = read(&out.join("report.html"));
    assert!(planned.contains("Against the greedy baseline"));
    assert!(planned.contains("Where an extra truck or cold room pays most"));
    let (code, stderr) = report(&out);
    assert_eq!(code, 0, "{stderr}");
    let reported = read(&out.join("report.html"));
    assert_eq!(without_status(&reported), without_status(&planned));
    assert!(
        reported.contains("as recorded by agrimatch plan") && !reported.contains("Every figure below was re-checked"),
        "the status is shown as recorded, not as established: {}",
        &reported[reported.find("<p>Status").unwrap()..][..400]
    );
    assert!(read(&out.join("summary.csv")).contains("\ngreedy_cost,"));
}

#[test]
fn tampered_flows_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    plan(&out, &[]);
    let flows = read(&out.join("flows.csv"));
    let summary = read(&out.join("summary.csv"));
    let recorded = summary
        .lines()
        .find_map(|l| l.strip_prefix("objective,"))
        .expect("objective recorded")
        .to_string();
    let lines: Vec<&str> = flows.lines().collect();
    let zeroed: String = std::iter::once(lines[0].to_string())
        .chain(lines[1..].iter().map(|l| {
            let (head, _) = l.rsplit_once(',').unwrap();
            format!("{head},0.0")
        }))
        .map(|l| l + "\n")
        .collect();
    let first_shipment = lines.iter().position(|l| l.starts_with("shipment,")).unwrap();
    let plus_one: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == first_shipment {
                let (head, kg) = l.rsplit_once(',').unwrap();
                format!("{head},{:?}\n", kg.parse::<f64>().unwrap() + 1.0)
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    for (what, text) in [("zeroed", zeroed), ("+1 kg", plus_one)] {
        std::fs::write(out.join("flows.csv"), &text).unwrap();
        std::fs::write(out.join("report.html"), "kept").unwrap();
        let (code, stderr) = report(&out);
        assert_eq!(code, 2, "{what}: {stderr}");
        for part in ["flows.csv", "summary.csv", &format!("records ({recorded})")] {
            assert!(stderr.contains(part), "{what}: expected {part:?} in {stderr}");
        }
        assert_eq!(read(&out.join("report.html")), "kept", "{what}: nothing written");
    }
}

#[test]
fn bad_lines_are_named_by_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    plan(&out, &[]);
    let summary = read(&out.join("summary.csv"));
    std::fs::write(
        out.join("summary.csv"),
        summary.replace("status,optimal", "status,great"),
    )
    .unwrap();
    let (code, stderr) = report(&out);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "summary.csv: line 2, column value: expected status optimal, solved, within_gap, above_gap, baseline or rolled"
        ),
        "{stderr}"
    );
    std::fs::write(out.join("summary.csv"), summary.replace("solver,", "solver,cplex-")).unwrap();
    let (code, stderr) = report(&out);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("column value: expected solver a solver's name"),
        "{stderr}"
    );
    std::fs::write(out.join("summary.csv"), &summary).unwrap();

    let flows = read(&out.join("flows.csv"));
    let second = flows.lines().nth(1).unwrap();
    let fields: Vec<&str> = second.split(',').collect();
    let broken = second.replacen(&format!(",{},", fields[4]), ",kiwi,", 1);
    std::fs::write(out.join("flows.csv"), flows.replacen(second, &broken, 1)).unwrap();
    let (code, stderr) = report(&out);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("flows.csv: line 2, column product: expected a product of the scenario, found \"kiwi\""),
        "{stderr}"
    );
}

/// A scenario that is not the plan's, with the same ids: the flows no longer fit.
#[test]
fn a_folder_of_another_scenario_does_not_fit() {
    let dir = Scenario::base().write();
    agrimatch().arg("plan").arg(dir.path()).arg("--quiet").assert().code(0);
    let other = Scenario::base()
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,10\n")
        .write();
    let output = agrimatch()
        .arg("report")
        .arg(dir.path().join("out"))
        .arg("--scenario")
        .arg(other.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("flows.csv: expected a plan that fits the scenario"),
        "{stderr}"
    );
}

/// Thousands of products or stores: the page shows the largest 20 of each
/// and sums the rest, so that it stays small (unbounded, 400 products gave
/// about 8 MB, one chart each; 20,000 products once gave 352 MB).
#[test]
fn the_page_stays_bounded_with_many_products_and_stores() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("big");
    generate(&scenario, "--products 400 --stores 400 --farms 60 --weeks 4");
    let out = tmp.path().join("p");
    agrimatch()
        .arg("plan")
        .arg(&scenario)
        .args(["--method", "greedy", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let page = read(&out.join("report.html"));
    assert!(page.len() < 1_000_000, "report.html has {} bytes", page.len());
    for note in ["... and 380 more products", "... and 380 more stores", " more farms, "] {
        assert!(page.contains(note), "expected {note:?}");
    }
    // 20 weekly charts, waste, two bar charts, the flow diagram; each
    // drawn for a wide page and for a phone.
    assert_eq!(page.matches("<svg").count(), 2 * 24);
}

/// The shipped Luodian year (7 products, 9 farms, 11 stores) is below every
/// bound: all its sections and charts, with nothing summed away but the
/// smaller flows.
#[test]
fn the_luodian_page_keeps_every_section() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    agrimatch()
        .arg("plan")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/guiyang-luodian"))
        .args(["--baseline", "--marginal-values", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let page = read(&out.join("report.html"));
    let sections: Vec<&str> = page
        .split("<h2>")
        .skip(1)
        .map(|s| &s[..s.find("</h2>").unwrap()])
        .collect();
    assert_eq!(
        sections,
        [
            "Against the greedy baseline",
            "Support purchases",
            "Where an extra truck or cold room pays most",
            "Week by week",
            "Waste by product and week",
            "Fill rate per store",
            "Share of harvest sold per farm",
            "Largest flows"
        ]
    );
    // 7 weekly charts, waste, two bar charts, the flow diagram; each
    // drawn for a wide page and for a phone.
    assert_eq!(page.matches("<svg").count(), 2 * 11);
    for summed in ["more products", "more stores", "more farms", "busiest lanes"] {
        assert!(!page.contains(summed), "nothing summed away: {summed}");
    }
}
