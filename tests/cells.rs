//! No output cell runs as a formula: free text in a scenario that would is
//! refused at input with its position; text agrimatch did not check (file
//! names of what-ifs) is neutralised with a leading `'`. Every CSV cell of
//! every command's output is scanned, and `plan.xlsx` holds no formula.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;

use crate::common::Scenario;

fn agrimatch() -> Command {
    Command::cargo_bin("agrimatch").expect("binary is built")
}

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

/// A cell a spreadsheet would run: text (not a number) that starts with
/// `= + - @` once leading white space is skipped.
fn runs_as_formula(cell: &str) -> bool {
    let start = cell.trim_start();
    start.starts_with(['=', '+', '-', '@']) && start.parse::<f64>().is_err()
}

/// Every CSV file under `folder`, with each cell that would run.
fn formula_cells(folder: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut csv_files = 0;
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("output folder is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "csv") {
                csv_files += 1;
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_path(&path)
                    .expect("csv opens");
                for record in reader.records() {
                    let record = record.expect("agrimatch writes valid CSV");
                    for cell in record.iter().filter(|c| runs_as_formula(c)) {
                        found.push(format!("{}: {cell:?}", path.display()));
                    }
                }
            } else if path.extension().is_some_and(|e| e == "xlsx") {
                use calamine::Reader;
                let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("xlsx opens");
                for name in book.sheet_names() {
                    let formulas = book.worksheet_formula(&name).expect("sheet reads");
                    for cell in formulas.used_cells() {
                        found.push(format!("{} sheet {name}: formula {:?}", path.display(), cell.2));
                    }
                }
            }
        }
    }
    assert!(csv_files > 0, "{} holds no CSV file to check", folder.display());
    found
}

#[test]
fn a_region_that_would_run_as_a_formula_is_refused_where_it_stands() {
    for region in [
        "\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\"",
        "\"\t=1+1\"",
        "\" @SUM(A1)\"",
        "+86 851",
        "-Luodian",
    ] {
        let dir = Scenario::base()
            .with("farms.csv", &format!("farm,region\nMuyin-1,{region}\n"))
            .write();
        let out = dir.path().join("out");
        let assert = agrimatch()
            .arg("plan")
            .arg(dir.path())
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(
            stderr.contains("farms.csv: line 2, column region: expected text that does not start with =, +, - or @"),
            "{region}: {stderr}"
        );
        assert!(!out.exists(), "nothing is written");
    }
}

/// What-if files named as formulas, planned by `sweep`, then `merge`d: the
/// `variant` column shows each name with a leading `'`.
#[test]
fn what_if_file_names_are_neutralised_in_comparison_csv() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let changes = tmp.path().join("changes");
    std::fs::create_dir(&changes).expect("folder");
    let hail = std::fs::read_to_string(shipped("guiyang-luodian").join("changes/hail-plums.csv")).expect("shipped");
    let names = ["=HYPERLINK(1)+1.csv", "@SUM(1).csv", "+1.csv", "-x.csv"];
    for name in names {
        std::fs::write(changes.join(name), &hail).expect("change file");
    }
    let out = tmp.path().join("sweep");
    agrimatch()
        .current_dir(&changes)
        .arg("sweep")
        .arg("--out")
        .arg(&out)
        .arg(shipped("guiyang-luodian"))
        .arg("--")
        .args(names)
        .assert()
        .code(0);
    let comparison = std::fs::read_to_string(out.join("comparison.csv")).expect("written");
    for name in ["'=HYPERLINK(1)+1.csv", "'@SUM(1).csv", "'+1.csv", "'-x.csv"] {
        assert!(comparison.contains(name), "{name}: {comparison}");
    }
    assert_eq!(formula_cells(&out), Vec::<String>::new());
    let merged = tmp.path().join("merged");
    agrimatch().arg("merge").arg(&merged).arg(&out).assert().code(0);
    assert_eq!(formula_cells(&merged), Vec::<String>::new());
}

/// Every command that writes files, on the tiny scenario with a what-if
/// whose name would run: no cell of any output would.
#[test]
fn no_output_cell_of_any_command_runs_as_a_formula() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let scenario = tmp.path().join("tiny");
    std::fs::create_dir(&scenario).expect("folder");
    for entry in std::fs::read_dir(shipped("tiny")).expect("shipped") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), scenario.join(entry.file_name())).expect("copied");
    }
    let what_if = tmp.path().join("=cmd|' -C calc'!A0.csv");
    std::fs::write(
        &what_if,
        "target,selector,field,op,value\nsupply,farm=Muyin-1,quantity_kg,scale,0.5\n",
    )
    .expect("change file");
    let run = |args: &[&str], out: &Path| {
        let assert = agrimatch().args(args).arg("--out").arg(out).assert();
        let output = assert.get_output();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        out.to_path_buf()
    };
    let s = scenario.to_str().expect("utf-8 path");
    let w = what_if.to_str().expect("utf-8 path");
    let outputs = [
        run(
            &["plan", s, "--baseline", "--marginal-values", "--quiet"],
            &tmp.path().join("plan"),
        ),
        run(&["plan", s, "--changes", w, "--quiet"], &tmp.path().join("what-if")),
        run(&["sweep", s, w, "--baseline"], &tmp.path().join("sweep")),
        run(&["fairness", s, "--levels", "0,none"], &tmp.path().join("fairness")),
        run(&["roll", s, "--horizon", "2"], &tmp.path().join("roll")),
        run(&["week", s, "--from", "1"], &tmp.path().join("week")),
    ];
    for out in outputs {
        assert_eq!(formula_cells(&out), Vec::<String>::new(), "{}", out.display());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any region whose text, after white space, starts a formula is
    /// refused with its line and column; any other printable text plans.
    #[test]
    fn hostile_regions_never_reach_an_output(
        lead in "[ \t]{0,2}",
        first in prop::sample::select(vec!['=', '+', '-', '@', 'L', '罗', '(']),
        rest in "[A-Za-z0-9()\",. ]{0,12}",
    ) {
        let region = format!("{lead}{first}{rest}");
        let quoted = format!("\"{}\"", region.replace('"', "\"\""));
        let dir = Scenario::base()
            .with("farms.csv", &format!("farm,region\nMuyin-1,{quoted}\n"))
            .write();
        let out = dir.path().join("out");
        let output = agrimatch().arg("plan").arg(dir.path()).arg("--quiet").arg("--out").arg(&out).output().expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        // Scenario text is refused by its first character (a number such
        // as -5 is no region either); outputs are checked for what runs.
        if region.trim_start().starts_with(['=', '+', '-', '@']) {
            prop_assert_eq!(output.status.code(), Some(2), "{}", stderr);
            prop_assert!(stderr.contains("farms.csv: line 2, column region"), "{}", stderr);
            prop_assert!(!out.exists());
        } else {
            prop_assert_eq!(output.status.code(), Some(0), "{}", stderr);
            prop_assert!(formula_cells(&out).is_empty());
        }
    }
}
