//! Determinism, safe writes and numeric robustness, through the real binary.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;

use crate::common::{assert_close, Scenario};

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

/// Every output file's bytes; the two measured timings in summary.csv are
/// the only lines allowed to differ between runs.
fn outputs(out: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(out)
        .expect("output folder")
        .map(|e| {
            let path = e.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("UTF-8 output");
            let text: String = text
                .lines()
                .filter(|l| !l.starts_with("build_seconds,") && !l.starts_with("solve_seconds,"))
                .map(|l| format!("{l}\n"))
                .collect();
            (path.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn repeated_runs_give_identical_files_with_any_thread_count() {
    for solver in ["microlp", "clarabel"] {
        let tmp = tempfile::tempdir().unwrap();
        let mut runs = Vec::new();
        for (i, threads) in ["1", "2", "1"].iter().enumerate() {
            let out = tmp.path().join(format!("run{i}"));
            Command::cargo_bin("agrimatch")
                .unwrap()
                .env("RAYON_NUM_THREADS", threads)
                .arg("plan")
                .arg(shipped("guiyang-luodian"))
                .args(["--solver", solver, "--quiet", "--out"])
                .arg(&out)
                .assert()
                .code(0);
            runs.push(outputs(&out));
        }
        assert_eq!(
            runs[0].len(),
            agrimatch::report::PLAN_FILES.len() + 1,
            "the plan files and the marker"
        );
        assert!(
            runs.iter().all(|r| *r == runs[0]),
            "{solver}: outputs differ between runs"
        );
    }
}

/// The shipped Luodian network copied `copies` times: a large model built
/// from realistic parts (ids get a `#k` suffix per copy).
fn copied_scenario(copies: usize) -> Scenario {
    let id_columns: &[(&str, &[usize])] = &[
        ("farms.csv", &[0]),
        ("hubs.csv", &[0]),
        ("stores.csv", &[0]),
        ("supply.csv", &[0]),
        ("demand.csv", &[0]),
        ("lanes.csv", &[0, 1]),
        ("stock.csv", &[0]),
    ];
    let mut scenario = Scenario::base();
    let dir = shipped("guiyang-luodian");
    scenario = scenario.with(
        "products.csv",
        &std::fs::read_to_string(dir.join("products.csv")).unwrap(),
    );
    for (file, columns) in id_columns {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let mut lines = text.lines();
        let mut out = format!("{}\n", lines.next().unwrap());
        let rows: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
        for k in 0..copies {
            for row in &rows {
                let mut fields: Vec<String> = row.split(',').map(str::to_string).collect();
                for &c in columns.iter() {
                    fields[c] = format!("{}#{k}", fields[c]);
                }
                out.push_str(&fields.join(","));
                out.push('\n');
            }
        }
        scenario = scenario.with(file, &out);
    }
    scenario
}

/// A run killed while it solves leaves the previous plan exactly as it was.
#[test]
fn a_killed_run_leaves_the_old_plan_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    Command::cargo_bin("agrimatch")
        .unwrap()
        .arg("plan")
        .arg(shipped("tiny"))
        .arg("--quiet")
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    let before = outputs(&out);

    let big = tmp.path().join("big");
    copied_scenario(12).write_to(&big);
    let binary = assert_cmd::cargo::cargo_bin("agrimatch");
    let mut child = std::process::Command::new(binary)
        .arg("plan")
        .arg(&big)
        .args(["--solver", "microlp", "--quiet", "--out"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    std::thread::sleep(Duration::from_millis(700));
    let finished_early = child.try_wait().expect("child status").is_some();
    child.kill().ok();
    child.wait().ok();
    assert!(
        !finished_early,
        "the large plan should still be solving after 0.7 s; make it larger"
    );
    assert_eq!(outputs(&out), before, "the old plan is untouched");
}

/// Grams next to thousands of tonnes, costs from 1e-4 to 1e4: each solver
/// either writes a verified plan (exit 0) or says the result is unreliable
/// (exit 1, nothing written); never a plan that failed verification.
/// Where both solve, they agree; `auto` always delivers a plan.
#[test]
fn extreme_magnitudes_are_verified_or_refused() {
    let mut supply = String::from("farm,product,week,quantity_kg\n");
    let mut demand = String::from("store,product,week,quantity_kg,shortfall_penalty_per_kg\n");
    for t in 1..=8 {
        supply += &format!(
            "big,rice,{t},{}\ntiny,saffron,{t},0.001\nbig,saffron,{t},1000000\n",
            if t % 2 == 1 { 1e9 } else { 0.001 }
        );
        demand += &format!("s1,rice,{t},700000000,0.0002\ns2,saffron,{t},0.002,10000\ns1,saffron,{t},500000,20000\ns2,rice,{t},0.001,0.0003\n");
    }
    let scenario = Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg,holding_cost_per_kg_week\nsaffron,21,10000,0.0001\nrice,60,0.0001,0.0001\n")
        .with("farms.csv", "farm,region,priority,storage_kg\nbig,a,0,\ntiny,b,2,0.001\n")
        .with("hubs.csv", "hub,region,storage_kg\nh,a,1000000000\n")
        .with("stores.csv", "store,region,storage_kg\ns1,a,\ns2,b,0.5\n")
        .with("supply.csv", &supply)
        .with("demand.csv", &demand)
        .with(
            "lanes.csv",
            "from,to,cost_per_kg,transit_days,capacity_kg_per_week\nbig,h,0.0001,1,\nh,s1,0.0001,1,900000000\nh,s2,10000,0,0.01\ntiny,s2,0.001,0,\nbig,s1,0.0002,3,\ntiny,h,1,0,\n",
        );
    let dir = scenario.write();
    let mut objectives = Vec::new();
    for solver in ["microlp", "clarabel", "auto"] {
        let out = dir.path().join(format!("plan-{solver}"));
        let output = Command::cargo_bin("agrimatch")
            .unwrap()
            .arg("plan")
            .arg(dir.path())
            .args(["--solver", solver, "--quiet", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        let code = output.status.code();
        let stderr = String::from_utf8_lossy(&output.stderr);
        match code {
            Some(0) => {
                let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
                assert!(summary.contains("status,optimal"), "{summary}");
                let objective: f64 = summary
                    .lines()
                    .find_map(|l| l.strip_prefix("objective,"))
                    .unwrap()
                    .parse()
                    .unwrap();
                objectives.push((solver, objective));
            }
            Some(1) => {
                assert!(solver != "auto", "auto must fall back to a plan: {stderr}");
                assert!(stderr.contains("no plan written"), "{stderr}");
                assert!(!out.exists());
            }
            other => panic!("{solver}: unexpected exit {other:?}: {stderr}"),
        }
    }
    for (solver, objective) in &objectives {
        assert_close(*objective, objectives[0].1, &format!("{solver} vs {}", objectives[0].0));
    }
}
