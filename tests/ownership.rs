//! No user file is ever lost: output folders the program does not own are
//! refused, a kill at any instant leaves a complete folder, concurrent runs
//! take turns. Through the real binary.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;

use crate::common::Scenario;

fn agrimatch() -> Command {
    Command::cargo_bin("agrimatch").expect("binary")
}

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

/// Every file under `dir` with its bytes, sorted: a snapshot to compare.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).expect("read")));
            }
        }
    }
    files.sort();
    files
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn a_folder_of_the_users_is_refused_untouched_by_every_command() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let scenario = tmp.path().join("scenario");
    Scenario::base().write_to(&scenario);
    let desktop = tmp.path().join("Desktop");
    std::fs::create_dir(&desktop).expect("mkdir");
    std::fs::write(desktop.join("thesis.docx"), "four years").expect("write");
    let before = snapshot(tmp.path());
    let s = scenario.to_str().expect("utf-8 path").to_string();
    let d = desktop.to_str().expect("utf-8 path").to_string();
    let runs: Vec<Vec<String>> = vec![
        vec!["plan".into(), s.clone(), "--out".into(), d.clone()],
        vec![
            "fairness".into(),
            s.clone(),
            "--levels".into(),
            "0".into(),
            "--out".into(),
            d.clone(),
        ],
        vec![
            "roll".into(),
            s.clone(),
            "--horizon".into(),
            "2".into(),
            "--out".into(),
            d.clone(),
        ],
        vec!["generate".into(), d.clone(), "--farms".into(), "2".into()],
        vec!["init".into(), d.clone()],
        vec!["report".into(), d.clone(), "--scenario".into(), s.clone()],
    ];
    for args in runs {
        let assert = agrimatch().args(&args).assert().code(2);
        let stderr = stderr_of(&assert);
        assert!(stderr.contains("Desktop"), "{args:?}: {stderr}");
        assert_eq!(snapshot(tmp.path()), before, "{args:?} changed a file");
    }
}

#[test]
fn the_scenario_folder_and_its_parent_are_never_an_output() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let scenario = tmp.path().join("scenario");
    Scenario::base().write_to(&scenario);
    let before = snapshot(tmp.path());
    for out in [
        scenario.clone(),
        tmp.path().to_path_buf(),
        scenario.join("..").join("scenario"),
    ] {
        let assert = agrimatch()
            .arg("plan")
            .arg(&scenario)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2);
        assert!(stderr_of(&assert).contains("input"), "{}", stderr_of(&assert));
        assert_eq!(snapshot(tmp.path()), before);
    }
}

#[test]
fn write_lp_never_overwrites_an_input() {
    let dir = Scenario::base().write();
    let supply = dir.path().join("supply.csv");
    let before = std::fs::read(&supply).expect("read");
    agrimatch()
        .arg("plan")
        .arg(dir.path())
        .arg("--write-lp")
        .arg(&supply)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&supply).expect("read"), before);
    // Its own LP file is replaced on the next run.
    let lp = dir.path().join("model.lp");
    for _ in 0..2 {
        agrimatch()
            .arg("plan")
            .arg(dir.path())
            .args(["--quiet", "--write-lp"])
            .arg(&lp)
            .assert()
            .code(0);
    }
}

/// Starts a plan that pauses at `at` (test builds only), kills it in the
/// pause and returns what is at `out` afterwards.
fn kill_during_pause(scenario: &Path, out: &Path, at: &str, swap: &str) {
    let binary = assert_cmd::cargo::cargo_bin("agrimatch");
    let mut child = std::process::Command::new(binary)
        .arg("plan")
        .arg(scenario)
        .arg("--quiet")
        .arg("--out")
        .arg(out)
        .env("AGRIMATCH_TEST_PAUSE", format!("{at}:20000"))
        .env("AGRIMATCH_TEST_SWAP", swap)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    // Wait until the run is in its pause: its staging folder is complete.
    let parent = out.parent().expect("parent");
    let started = std::time::Instant::now();
    loop {
        let staged = std::fs::read_dir(parent)
            .expect("list")
            .filter_map(|e| e.ok())
            .any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let complete = e.path().join(agrimatch::report::MARKER_FILE).is_file();
                (name.contains(".agrimatch-new-") && complete && at == "before the swap")
                    || (name.contains(".agrimatch-old-") && at == "between the two renames")
            });
        if staged {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the run never reached {at}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("kill");
    child.wait().expect("wait");
}

#[test]
fn a_kill_at_the_swap_leaves_a_complete_folder_and_the_next_run_cleans_up() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("plan");
    agrimatch()
        .arg("plan")
        .arg(shipped("tiny"))
        .args(["--quiet", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let old = snapshot(&out);

    // Killed just before the swap: the old folder is untouched.
    kill_during_pause(&shipped("tiny"), &out, "before the swap", "exchange");
    assert_eq!(snapshot(&out), old);

    // Killed between the two renames of the fallback swap: nothing is at the
    // path for that instant, and the next run of any kind puts it back first.
    kill_during_pause(&shipped("tiny"), &out, "between the two renames", "two-renames");
    assert!(!out.exists());
    agrimatch()
        .arg("report")
        .arg(&out)
        .arg("--scenario")
        .arg(shipped("tiny"))
        .assert()
        .code(0);
    let names = |files: &[(PathBuf, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&snapshot(&out)), names(&old), "the old plan is back");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".agrimatch-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders of dead runs are removed: {leftovers:?}"
    );
}

#[test]
fn concurrent_runs_on_one_folder_take_turns() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("plan");
    let binary = assert_cmd::cargo::cargo_bin("agrimatch");
    let children: Vec<_> = (0..12)
        .map(|_| {
            std::process::Command::new(&binary)
                .arg("plan")
                .arg(shipped("tiny"))
                .arg("--quiet")
                .arg("--out")
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("binary starts")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("wait");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    assert!(out.join("summary.csv").is_file());
    let leftovers = std::fs::read_dir(tmp.path()).expect("list").count();
    assert_eq!(leftovers, 1, "only the plan folder is left");
}
