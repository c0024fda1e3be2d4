//! The change-file targets beyond the CSV rows of orders and harvests:
//! `support` (support.csv's budgets and prices) and `settings`
//! (`fair_shortfall`). A change file plans to the cost of a copy of the
//! scenario whose files were edited by hand; bad changes exit 2 naming the
//! change file's line and column.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn luodian() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/guiyang-luodian")
}

/// The scenario's own files (not its example folders) in a new folder.
fn copy_of(scenario: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(scenario).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    dir
}

/// `plan SCENARIO [--changes FILE] --json`: (exit code, objective, stderr).
fn plan(scenario: &Path, changes: Option<&str>) -> (i32, Option<f64>, String) {
    let work = tempfile::tempdir().unwrap();
    let mut command = Command::cargo_bin("agrimatch").unwrap();
    command.args(["--lang", "en", "plan"]).arg(scenario);
    if let Some(changes) = changes {
        let file = work.path().join("what-if.csv");
        std::fs::write(&file, changes).unwrap();
        command.arg("--changes").arg(file);
    }
    let output = command
        .arg("--json")
        .arg("--out")
        .arg(work.path().join("plan"))
        .output()
        .unwrap();
    let objective = serde_json::from_slice::<serde_json::Value>(&output.stdout)
        .ok()
        .and_then(|json| json["objective"].as_f64());
    (
        output.status.code().unwrap_or(-1),
        objective,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_same_cost(changed: f64, edited: f64, what: &str) {
    let relative = (changed - edited).abs() / edited.abs().max(1.0);
    assert!(
        relative <= 1e-9,
        "{what}: change file {changed}, edited by hand {edited}"
    );
}

/// support.csv with every line's `budget` cell given by `budget(buyer, product)`.
fn edit_budgets(dir: &Path, budget: impl Fn(&str, &str, &str) -> String) {
    let path = dir.join("support.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|c| *c == name).unwrap();
    let mut out = vec![header.join(",")];
    for line in lines {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        cells[at("budget")] = budget(&cells[at("buyer")], &cells[at("product")], &cells[at("budget")]);
        out.push(cells.join(","));
    }
    std::fs::write(&path, out.join("\n") + "\n").unwrap();
}

/// A line's new `budget` cell from its buyer, product and old cell.
type BudgetEdit = Box<dyn Fn(&str, &str, &str) -> String>;

#[test]
fn a_support_budget_change_equals_support_csv_edited_by_hand() {
    let (code, base, stderr) = plan(&luodian(), None);
    assert_eq!(code, 0, "{stderr}");
    let base = base.unwrap();
    // The plum line's budget cut to 5,000 yuan; every budget halved; the
    // plum line without a limit and the sweet-potato line at 0.
    let cases: [(&str, BudgetEdit); 3] = [
        (
            "support,buyer=Guanshanhu-ecommerce;product=honey-plum,budget,set,5000\n",
            Box::new(|_, product, old| {
                if product == "honey-plum" {
                    "5000".into()
                } else {
                    old.into()
                }
            }),
        ),
        (
            "support,*,budget,scale,0.05\n",
            Box::new(|_, _, old| format!("{}", old.parse::<f64>().unwrap() * 0.05)),
        ),
        (
            "support,farm=Muyin-plum,budget,set,none\nsupport,product=sweet-potato,budget,set,0\n",
            Box::new(|_, product, _| {
                if product == "honey-plum" {
                    String::new()
                } else {
                    "0".into()
                }
            }),
        ),
    ];
    let mut costs = Vec::new();
    for (rows, edit) in cases {
        let changes = format!("target,selector,field,op,value\n{rows}");
        let (code, changed, stderr) = plan(&luodian(), Some(&changes));
        assert_eq!(code, 0, "{rows}: {stderr}");
        let copy = copy_of(&luodian());
        edit_budgets(copy.path(), edit);
        let (code, edited, stderr) = plan(copy.path(), None);
        assert_eq!(code, 0, "{rows}: {stderr}");
        assert_same_cost(changed.unwrap(), edited.unwrap(), rows);
        costs.push(changed.unwrap());
    }
    // The 5,000-yuan budget binds (the base spends about 21,000): a change
    // that did nothing would prove nothing.
    assert!(costs[0] > base + 1.0, "{costs:?} against {base}");
}

#[test]
fn a_support_price_change_equals_support_csv_edited_by_hand() {
    // At 60 yuan/kg the plum line's 100,000 yuan buy less than the 3,540
    // kg it bought at 6: the budget binds and the plan changes.
    let (_, base, _) = plan(&luodian(), None);
    let changes = "target,selector,field,op,value\nsupport,product=honey-plum,price_per_kg,scale,10\n";
    let (code, changed, stderr) = plan(&luodian(), Some(changes));
    assert_eq!(code, 0, "{stderr}");
    let copy = copy_of(&luodian());
    let path = copy.path().join("support.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("honey-plum,6,"), "{text}");
    std::fs::write(&path, text.replace("honey-plum,6,", "honey-plum,60,")).unwrap();
    let (code, edited, stderr) = plan(copy.path(), None);
    assert_eq!(code, 0, "{stderr}");
    assert_same_cost(changed.unwrap(), edited.unwrap(), "price x10");
    assert!(
        (changed.unwrap() - base.unwrap()).abs() > 1.0,
        "{changed:?} against {base:?}"
    );
}

#[test]
fn a_fairness_change_equals_scenario_toml_edited_by_hand() {
    let (_, base, _) = plan(&luodian(), None);
    let base = base.unwrap();
    for (selector, level) in [("-", "0"), ("", "0.1")] {
        let changes = format!("target,selector,field,op,value\nsettings,{selector},fair_shortfall,set,{level}\n");
        let (code, changed, stderr) = plan(&luodian(), Some(&changes));
        assert_eq!(code, 0, "{stderr}");
        let copy = copy_of(&luodian());
        let toml = copy.path().join("scenario.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(&toml, format!("{text}\nfair_shortfall = {level}\n")).unwrap();
        let (code, edited, stderr) = plan(copy.path(), None);
        assert_eq!(code, 0, "{stderr}");
        assert_same_cost(changed.unwrap(), edited.unwrap(), level);
        // Equal shares cost more on the Luodian year (README: 6.23 -> 6.41 million).
        if level == "0" {
            assert!(changed.unwrap() > base * 1.01, "{changed:?} against {base}");
        }
    }
    // `none` switches a scenario's fairness off: the plan without it.
    let copy = copy_of(&luodian());
    let toml = copy.path().join("scenario.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\nfair_shortfall = 0\n")).unwrap();
    let off = "target,selector,field,op,value\nsettings,-,fair_shortfall,set,none\n";
    let (code, changed, stderr) = plan(copy.path(), Some(off));
    assert_eq!(code, 0, "{stderr}");
    assert_same_cost(changed.unwrap(), base, "none");
}

#[test]
fn bad_support_and_settings_changes_exit_2_with_line_and_column() {
    let cases = [
        (
            "settings,farm=Muyin-plum,fair_shortfall,set,0\n",
            "what-if.csv: line 2, column selector: expected \"-\" or an empty cell",
        ),
        (
            "settings,-,period_days,set,3\n",
            "what-if.csv: line 2, column field: expected a field of scenario.toml (fair_shortfall), found \"period_days\"",
        ),
        (
            "settings,-,fair_shortfall,set,1.5\n",
            "what-if.csv: line 2, column value: expected fair_shortfall to stay a share from 0 to 1 after the change, found 1.5",
        ),
        (
            "settings,-,fair_shortfall,scale,none\n",
            "what-if.csv: line 2, column value: expected a number, or none with set (for fair_shortfall), found \"none\"",
        ),
        (
            "support,store=Guanshanhu-ecommerce,budget,set,1\n",
            "what-if.csv: line 2, column selector: expected a key of support.csv (buyer, product, farm), found \"store\"",
        ),
        (
            "support,*,cost_per_kg,set,1\n",
            "what-if.csv: line 2, column field: expected a field of support.csv (budget, price_per_kg), found \"cost_per_kg\"",
        ),
        (
            "support,*,price_per_kg,set,none\n",
            "what-if.csv: line 2, column value: expected a number, or none with set (for budget), found \"none\"",
        ),
        (
            "support,buyer=Nobody,budget,set,1\n",
            "what-if.csv: line 2, column selector: selects no row of support.csv",
        ),
        (
            "support,*,budget,add,-1000000\n",
            "what-if.csv: line 2, column value: expected budget to stay >= 0 after the change",
        ),
    ];
    for (row, message) in cases {
        let changes = format!("target,selector,field,op,value\n{row}");
        let (code, _, stderr) = plan(&luodian(), Some(&changes));
        assert_eq!(code, 2, "{row}: {stderr}");
        assert!(stderr.contains(message), "{row}: {stderr}");
    }
    // A support change on a scenario without support.csv.
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny");
    assert!(!tiny.join("support.csv").exists());
    let (code, _, stderr) = plan(
        &tiny,
        Some("target,selector,field,op,value\nsupport,*,budget,scale,2\n"),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "what-if.csv: line 2, column target: expected a scenario with support purchases (support.csv), found none"
        ),
        "{stderr}"
    );
}
