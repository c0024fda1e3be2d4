//! The bad-input gallery: every folder in `tests/data/bad/` is a scenario
//! with one defect and an `expected.txt` holding the problem line the tool
//! must print. Each ends in exit 2 with no output folder. Folders in
//! `tests/data/good/` are edge cases that must plan.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::common::Scenario;

fn gallery(kind: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(kind);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.expect("readable gallery entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

fn plan(scenario: &Path, out: &Path) -> (i32, String) {
    let output = Command::cargo_bin("agrimatch")
        .expect("binary is built")
        .arg("plan")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .output()
        .expect("binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_bad_scenario_exits_2_with_its_message_and_writes_nothing() {
    let cases = gallery("bad");
    assert!(
        cases.len() >= 30,
        "the gallery has {} cases, expected at least 30",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let expected = std::fs::read_to_string(case.join("expected.txt")).expect("each case has expected.txt");
        // `{dir}` stands for the case's folder, wherever the checkout is.
        let expected = expected.trim().replace("{dir}", &case.display().to_string());
        let out = tempfile::tempdir().expect("temporary folder");
        let out = out.path().join("plan");
        let (code, stderr) = plan(case, &out);
        let name = case.file_name().unwrap().to_string_lossy();
        if code != 2 || !stderr.lines().any(|l| l.trim() == expected) || out.exists() {
            failures.push(format!(
                "{name}: exit {code}, expected line\n    {expected}\n  stderr:\n{stderr}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_good_edge_case_plans() {
    for case in gallery("good") {
        let out = tempfile::tempdir().expect("temporary folder");
        let (code, stderr) = plan(&case, &out.path().join("plan"));
        assert_eq!(code, 0, "{}: {stderr}", case.display());
    }
}

/// 1 GiB of junk (a sparse file: no disk space, generated, not committed)
/// is refused by its size before it is read.
#[test]
fn a_gigabyte_of_junk_is_refused_before_reading() {
    let dir = Scenario::base().write();
    let file = std::fs::File::create(dir.path().join("supply.csv")).unwrap();
    file.set_len(1 << 30).unwrap();
    let out = dir.path().join("plan");
    let (code, stderr) = plan(dir.path(), &out);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("supply.csv: expected a file of at most 256 MiB, found 1024 MiB (is this the right file?)"),
        "{stderr}"
    );
    assert!(!out.exists());
}
