//! Determinism, safe writes and numeric robustness, through the real binary.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;

use crate::common::{assert_close, generate, Scenario};

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
            let bytes = std::fs::read(&path).expect("output");
            // plan.xlsx is compared byte for byte: it holds no timings.
            let Ok(text) = String::from_utf8(bytes.clone()) else {
                return (
                    path.file_name().unwrap().to_string_lossy().into_owned(),
                    format!("{bytes:?}"),
                );
            };
            let text = String::from_utf8(crate::common::without_timings(text.as_bytes())).expect("UTF-8 in, UTF-8 out");
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

    // The run stops inside the solve (the pause hook of debug builds) and
    // says so; it is killed there, however fast the machine solves.
    let binary = assert_cmd::cargo::cargo_bin("agrimatch");
    let mut child = std::process::Command::new(binary)
        .arg("plan")
        .arg(shipped("tiny"))
        .args(["--quiet", "--out"])
        .arg(&out)
        .env("AGRIMATCH_TEST_PAUSE", "solving:60000")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let mut stderr = std::io::BufReader::new(child.stderr.take().expect("stderr is piped"));
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut line).expect("stderr reads");
    assert_eq!(line.trim_end(), "agrimatch: test pause at solving");
    child.kill().expect("the paused run is killed");
    child.wait().ok();
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
                // microlp gives no duals: its plans are `solved`, not `optimal`.
                let status = if solver == "microlp" {
                    "status,solved"
                } else {
                    "status,optimal"
                };
                assert!(summary.contains(status), "{summary}");
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

/// A shelf life far beyond the horizon costs nothing: ages past the horizon
/// are never enumerated. And 10,000 weeks of produce that keeps 10,000 weeks
/// is refused from counts alone, with exit 2 and what to change.
#[test]
fn long_shelf_lives_and_horizons_are_bounded_before_any_work() {
    let years = Scenario::base()
        .with(
            "products.csv",
            "product,shelf_life_days,value_per_kg\nplum,1000000000,8\n",
        )
        .with("scenario.toml", "period_days = 1\n")
        .with("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,10,80\n")
        .write();
    let started = std::time::Instant::now();
    Command::cargo_bin("agrimatch")
        .unwrap()
        .arg("plan")
        .arg(years.path())
        .arg("--quiet")
        .assert()
        .code(0);
    let summary = std::fs::read_to_string(years.path().join("out/summary.csv")).unwrap();
    assert!(summary.contains("\nfill_rate,1.000000\n"), "{summary}");
    eprintln!("shelf life 1e9 days, 10 daily periods: {:?}", started.elapsed());

    let huge = Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,70000,8\n")
        .with("stores.csv", "store,region\nJingkai,Jingkai\nHuaxi,Huaxi\n")
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,plum,1,100\nMuyin-1,plum,10000,100\n",
        )
        .write();
    let assert = Command::cargo_bin("agrimatch")
        .unwrap()
        .arg("plan")
        .arg(huge.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("states") && stderr.contains("fewer weeks"), "{stderr}");
    let assert = Command::cargo_bin("agrimatch")
        .unwrap()
        .arg("check")
        .arg(huge.path())
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("warning     too large to plan"), "{stdout}");
}

/// `--time-limit` stops the network simplex too: exit 1, nothing written.
#[test]
fn the_time_limit_stops_a_network_block() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("network");
    generate(
        &scenario,
        "--farms 150 --stores 30 --products 2 --weeks 26 --lanes-per-farm 4 --capacitated-lanes 0",
    );
    let out = tmp.path().join("out");
    let assert = Command::cargo_bin("agrimatch")
        .unwrap()
        .arg("plan")
        .arg(&scenario)
        .args(["--solver", "network", "--no-split", "--time-limit", "0.000001", "--out"])
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("time_limit (network)"), "{stderr}");
    assert!(!out.exists());
}

/// The same scenario planned while busy threads take every core gives the
/// same files, byte for byte: no solver is chosen by the clock.
#[test]
fn a_plan_under_load_is_byte_identical() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("coupled");
    generate(
        &scenario,
        "--farms 40 --stores 10 --products 3 --weeks 12 --capacitated-lanes 0.5",
    );
    let plan = |out: &Path| {
        Command::cargo_bin("agrimatch")
            .unwrap()
            .arg("plan")
            .arg(&scenario)
            .arg("--quiet")
            .arg("--out")
            .arg(out)
            .assert()
            .code(0);
        outputs(out)
    };
    let quiet = plan(&tmp.path().join("quiet"));
    let stop = Arc::new(AtomicBool::new(false));
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let busy: Vec<_> = (0..2 * cores)
        .map(|_| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut x = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
                }
            })
        })
        .collect();
    let loaded = plan(&tmp.path().join("loaded"));
    stop.store(true, Ordering::Relaxed);
    for b in busy {
        b.join().unwrap();
    }
    assert_eq!(quiet, loaded);
}

/// `--time-limit` stops the coupled simplex too; and under `auto` the
/// coupled block goes to the coupled simplex whatever its count of binding
/// rows, with every block's solver in summary.csv.
#[test]
fn the_time_limit_stops_the_coupled_simplex_and_auto_names_every_blocks_solver() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("coupled");
    generate(
        &scenario,
        "--farms 60 --stores 15 --products 3 --weeks 12 --capacitated-lanes 0.5",
    );
    let out = tmp.path().join("limited");
    let assert = Command::cargo_bin("agrimatch")
        .unwrap()
        .arg("plan")
        .arg(&scenario)
        .args(["--solver", "coupled", "--no-split", "--time-limit", "0.000001", "--out"])
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("time_limit (coupled)"), "{stderr}");
    assert!(!out.exists());

    let out = tmp.path().join("auto");
    let assert = Command::cargo_bin("agrimatch")
        .unwrap()
        .arg("plan")
        .arg(&scenario)
        .args(["--quiet", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    assert!(assert.get_output().stderr.is_empty(), "a quiet plan prints nothing");
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.contains("\nblocks,3\nblocks_by_solver,\"network 2, coupled 1\"\n"),
        "{summary}"
    );
    // The Luodian year is one block of shared trucks: the coupled simplex's.
    let out = tmp.path().join("luodian");
    Command::cargo_bin("agrimatch")
        .unwrap()
        .arg("plan")
        .arg(shipped("guiyang-luodian"))
        .args(["--quiet", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(summary.contains("\nblocks_by_solver,coupled 1\n"), "{summary}");
}
