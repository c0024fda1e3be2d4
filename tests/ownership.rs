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

/// Every file and folder under `dir` with its bytes (a link as its
/// target, not followed), sorted: a snapshot to compare.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("list") {
            let path = entry.expect("entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("meta");
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).expect("link");
                files.push((path, format!("-> {}", target.display()).into_bytes()));
            } else if meta.is_dir() {
                files.push((path.clone(), b"folder".to_vec()));
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
                // Its marker comes first (naming the run), its files after.
                let complete = agrimatch::report::PLAN_FILES.iter().all(|f| e.path().join(f).is_file());
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
    // Byte for byte as it was (`report` wrote report.html again).
    let but_page = |files: Vec<(PathBuf, Vec<u8>)>| {
        files
            .into_iter()
            .filter(|(p, _)| !p.ends_with("report.html"))
            .collect::<Vec<_>>()
    };
    assert_eq!(but_page(snapshot(&out)), but_page(old), "the old plan is back");
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
    let mut left: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [agrimatch::report::LOCK_FILE, "plan"],
        "only the plan folder and the lock file are left"
    );
}

/// A folder beside `--out results` named like agrimatch's staging
/// (`.results.agrimatch-new-ID`) or set-aside folder (`...-old-ID`) but
/// without a marker naming that run is a user's: never deleted, never put
/// in place of `results`, whether the run is refused or succeeds.
#[test]
fn folders_named_like_a_dead_runs_are_left_alone() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let results = tmp.path().join("results");
    for name in [".results.agrimatch-new-4000001", ".results.agrimatch-old-4000001"] {
        let dir = tmp.path().join(name);
        std::fs::create_dir(&dir).expect("mkdir");
        std::fs::write(dir.join("notes.txt"), "mine").expect("write");
    }
    // Even with agrimatch's own marker text, copied from a plan folder.
    std::fs::write(
        tmp.path()
            .join(".results.agrimatch-old-4000001")
            .join(agrimatch::report::MARKER_FILE),
        "This folder was written by agrimatch.\n\
         The next agrimatch run that writes here replaces the whole folder:\n\
         keep your own files somewhere else.\n",
    )
    .expect("write");

    // Refused: `results` is a user's folder. Nothing at all changes.
    std::fs::create_dir(&results).expect("mkdir");
    std::fs::write(results.join("thesis.docx"), "four years").expect("write");
    let before = snapshot(tmp.path());
    let assert = agrimatch()
        .arg("plan")
        .arg(shipped("tiny"))
        .args(["--quiet", "--out"])
        .arg(&results)
        .assert()
        .code(2);
    assert!(stderr_of(&assert).contains("never deletes"), "{}", stderr_of(&assert));
    assert_eq!(snapshot(tmp.path()), before);

    // Written: `results` is new. The plan goes there; the user's folders stay.
    std::fs::remove_dir_all(&results).expect("rm");
    let before = snapshot(tmp.path());
    agrimatch()
        .arg("plan")
        .arg(shipped("tiny"))
        .args(["--quiet", "--out"])
        .arg(&results)
        .assert()
        .code(0);
    assert!(results.join("summary.csv").is_file());
    assert!(!results.join("notes.txt").exists(), "not the user's folder renamed");
    let others: Vec<_> = snapshot(tmp.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with(&results) && !p.ends_with(agrimatch::report::LOCK_FILE))
        .collect();
    assert_eq!(others, before);
}

/// `agrimatch-output.txt` marks a folder only with agrimatch's exact text:
/// an empty file, other text or a link to a real marker is a user's folder.
#[cfg(unix)]
#[test]
fn a_false_marker_leaves_the_folder_refused_and_untouched() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let real = tmp.path().join("plan");
    agrimatch()
        .arg("plan")
        .arg(shipped("tiny"))
        .args(["--quiet", "--out"])
        .arg(&real)
        .assert()
        .code(0);
    let real_marker = real.join(agrimatch::report::MARKER_FILE);
    let cases = [
        ("empty", "an empty agrimatch-output.txt"),
        ("other-text", "agrimatch-output.txt with other text"),
        ("symlink", "agrimatch-output.txt that is a symbolic link"),
    ];
    for (case, why) in cases {
        let folder = tmp.path().join(case);
        std::fs::create_dir(&folder).expect("mkdir");
        std::fs::write(folder.join("thesis.docx"), "four years").expect("write");
        let marker = folder.join(agrimatch::report::MARKER_FILE);
        match case {
            "empty" => std::fs::write(&marker, "").expect("write"),
            "other-text" => std::fs::write(&marker, "agrimatch output\n").expect("write"),
            _ => std::os::unix::fs::symlink(&real_marker, &marker).expect("symlink"),
        }
        let before = snapshot(tmp.path());
        let assert = agrimatch()
            .arg("plan")
            .arg(shipped("tiny"))
            .args(["--quiet", "--out"])
            .arg(&folder)
            .assert()
            .code(2);
        let stderr = stderr_of(&assert);
        assert!(
            stderr.contains(why) && stderr.contains("never deletes"),
            "{case}: {stderr}"
        );
        assert_eq!(snapshot(tmp.path()), before, "{case}: nothing touched");
    }
}

/// `--write-lp` inside the output folder would be lost with the swap: it is
/// refused before the scenario is even read, with nothing written.
#[cfg(unix)]
#[test]
fn write_lp_inside_the_output_folder_is_refused_before_any_work() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let t = tmp.path();
    let scenario = t.join("scenario");
    Scenario::base().write_to(&scenario);
    // Bad input: had the scenario been read, the error would be about it.
    let broken = t.join("broken");
    Scenario::base().with("supply.csv", "farm,product\n").write_to(&broken);
    let assert = agrimatch()
        .arg("plan")
        .arg(&broken)
        .arg("--out")
        .arg(t.join("o3"))
        .assert()
        .code(2);
    assert!(stderr_of(&assert).contains("supply.csv"), "{}", stderr_of(&assert));
    agrimatch()
        .arg("plan")
        .arg(&scenario)
        .args(["--quiet", "--out"])
        .arg(t.join("o2"))
        .assert()
        .code(0);
    std::os::unix::fs::symlink(t.join("o2"), t.join("link")).expect("symlink");
    let cases: Vec<(&Path, Option<PathBuf>, PathBuf)> = vec![
        // `o1` is new.
        (&scenario, Some(t.join("o1")), t.join("o1").join("model.lp")),
        (&broken, Some(t.join("o1")), t.join("o1").join("model.lp")),
        // `o2` is a plan folder agrimatch wrote.
        (&scenario, Some(t.join("o2")), t.join("o2").join("model.lp")),
        (
            &scenario,
            Some(t.join("o2")),
            t.join("o2").join("sub").join("..").join("model.lp"),
        ),
        (&scenario, Some(t.join("o2")), t.join("link").join("model.lp")),
        (
            &scenario,
            Some(t.join("link").join("..").join("o2")),
            t.join("o2").join("model.lp"),
        ),
        // The default output folder.
        (&scenario, None, scenario.join("out").join("model.lp")),
    ];
    let before = snapshot(t);
    for (input, out, lp) in cases {
        let mut command = agrimatch();
        command.arg("plan").arg(input).arg("--write-lp").arg(&lp);
        if let Some(out) = &out {
            command.arg("--out").arg(out);
        }
        let assert = command.assert().code(2);
        let stderr = stderr_of(&assert);
        assert!(
            stderr.contains("--write-lp: expected a file outside the output folder"),
            "{lp:?} in {out:?}: {stderr}"
        );
        assert_eq!(snapshot(t), before, "{lp:?} in {out:?}: nothing written");
    }
}
