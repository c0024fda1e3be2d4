//! `agrimatch merge`: shards of one sweep join into exactly what a single
//! sweep writes; a shard that is missing, twice, out of place or of another
//! sweep is refused with exit 2 and named.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::common::Scenario;

fn agrimatch() -> Command {
    Command::cargo_bin("agrimatch").expect("binary is built")
}

/// A base with five harvest-scaling change files.
fn sweep_scenario() -> (tempfile::TempDir, PathBuf) {
    let dir = Scenario::base()
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,plum,1,100\nMuyin-1,plum,2,60\n",
        )
        .with(
            "demand.csv",
            "store,product,week,quantity_kg\nJingkai,plum,1,80\nJingkai,plum,2,90\n",
        )
        .write();
    let variants = dir.path().join("variants");
    std::fs::create_dir_all(&variants).unwrap();
    for (i, scale) in [0.5, 0.7, 0.9, 1.1, 1.3].iter().enumerate() {
        let text = format!("target,selector,field,op,value\nsupply,*,quantity_kg,scale,{scale}\n");
        std::fs::write(variants.join(format!("v{i}.csv")), text).unwrap();
    }
    (dir, variants)
}

/// `sweep BASE VARIANTS --samples 7 --seed 5 --yield-cv 0.3 [--shard K/N]
/// --out OUT`, with `extra` (flag, value) pairs replacing those settings.
fn sweep(base: &Path, variants: &Path, shard: Option<&str>, extra: &[&str], out: &Path) {
    let mut cmd = agrimatch();
    cmd.arg("sweep").arg(base).arg(variants);
    for (flag, value) in [("--samples", "7"), ("--seed", "5"), ("--yield-cv", "0.3")] {
        if !extra.contains(&flag) {
            cmd.args([flag, value]);
        }
    }
    cmd.args(extra).arg("--out").arg(out);
    if let Some(shard) = shard {
        cmd.args(["--shard", shard]);
    }
    cmd.assert().code(0);
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs merge; returns (exit code, stderr).
fn merge(out: &Path, shards: &[PathBuf]) -> (i32, String) {
    let output = agrimatch().arg("merge").arg(out).args(shards).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Shards 0..3 of 3 of the sweep in `dir`.
fn shards(dir: &Path, variants: &Path) -> Vec<PathBuf> {
    (0..3)
        .map(|k| {
            let out = dir.join(format!("shard-{k}"));
            sweep(dir, variants, Some(&format!("{k}/3")), &[], &out);
            out
        })
        .collect()
}

#[test]
fn merged_shards_equal_the_single_sweep() {
    let (dir, variants) = sweep_scenario();
    let full = dir.path().join("full");
    sweep(dir.path(), &variants, None, &[], &full);
    let shards = shards(dir.path(), &variants);
    // Each shard's own risk bands come from its own 2 or 3 samples only.
    assert_ne!(read(&shards[0].join("risk.csv")), read(&full.join("risk.csv")));
    let merged = dir.path().join("merged");
    let (code, stderr) = merge(&merged, &shards);
    assert_eq!(code, 0, "{stderr}");
    for file in ["comparison.csv", "risk.csv", "sweep.csv"] {
        assert_eq!(read(&merged.join(file)), read(&full.join(file)), "{file}");
    }
    assert_eq!(read(&full.join("comparison.csv")).lines().count(), 1 + 1 + 5 + 7);

    // A shard's comparison.csv stands for its folder.
    let files: Vec<PathBuf> = shards.iter().map(|s| s.join("comparison.csv")).collect();
    let again = dir.path().join("again");
    let (code, stderr) = merge(&again, &files);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(read(&again.join("comparison.csv")), read(&full.join("comparison.csv")));
}

#[test]
fn merge_refuses_every_kind_of_bad_shard() {
    let (dir, variants) = sweep_scenario();
    let s = shards(dir.path(), &variants);
    let root = dir.path();
    // A shard of the same sweep but another seed, and one of another base.
    let other_seed = root.join("other-seed");
    sweep(root, &variants, Some("1/3"), &["--seed", "6"], &other_seed);
    let other_base = Scenario::base()
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,plum,1,100\nMuyin-1,plum,2,61\n",
        )
        .with(
            "demand.csv",
            "store,product,week,quantity_kg\nJingkai,plum,1,80\nJingkai,plum,2,90\n",
        )
        .write();
    let other_scenario = root.join("other-scenario");
    sweep(other_base.path(), &variants, Some("1/3"), &[], &other_scenario);
    let other_samples = root.join("other-samples");
    sweep(root, &variants, Some("1/3"), &["--samples", "8"], &other_samples);
    let other_cv = root.join("other-cv");
    sweep(root, &variants, Some("1/3"), &["--yield-cv", "0.25"], &other_cv);
    // A folder that is not a sweep's (no record).
    let unrecorded = root.join("unrecorded");
    std::fs::create_dir_all(&unrecorded).unwrap();
    std::fs::copy(s[1].join("comparison.csv"), unrecorded.join("comparison.csv")).unwrap();

    let name = |p: &Path| p.display().to_string();
    let cases: Vec<(&str, Vec<PathBuf>, Vec<String>)> = vec![
        (
            "missing",
            vec![s[0].clone(), s[2].clone()],
            vec!["no shard 1/3".to_string()],
        ),
        (
            "duplicate",
            vec![s[0].clone(), s[1].clone(), s[1].clone(), s[2].clone()],
            vec![name(&s[1]), "found shard 1/3 again".to_string()],
        ),
        (
            "out of order",
            vec![s[1].clone(), s[0].clone(), s[2].clone()],
            vec![name(&s[1]), "expected shard 0/3 in place 1".to_string()],
        ),
        (
            "another seed",
            vec![s[0].clone(), other_seed.clone(), s[2].clone()],
            vec![name(&other_seed), "expected seed 5".to_string(), "found 6".to_string()],
        ),
        (
            "another scenario",
            vec![s[0].clone(), other_scenario.clone(), s[2].clone()],
            vec![name(&other_scenario), "expected fingerprint".to_string()],
        ),
        (
            "other samples",
            vec![s[0].clone(), other_samples.clone(), s[2].clone()],
            vec![name(&other_samples), "expected samples 7".to_string()],
        ),
        (
            "other cv",
            vec![s[0].clone(), other_cv.clone(), s[2].clone()],
            vec![name(&other_cv), "expected yield_cv 0.3".to_string()],
        ),
        (
            "no record",
            vec![s[0].clone(), unrecorded.clone(), s[2].clone()],
            vec![name(&unrecorded.join("sweep.csv")), "found no file".to_string()],
        ),
    ];
    for (what, given, expected) in cases {
        let out = root.join(format!("merged-{}", what.replace(' ', "-")));
        let (code, stderr) = merge(&out, &given);
        assert_eq!(code, 2, "{what}: {stderr}");
        for part in expected {
            assert!(stderr.contains(&part), "{what}: expected {part:?} in {stderr}");
        }
        assert!(!out.exists(), "{what}: nothing written");
    }
}

/// A change file's bytes are part of the fingerprint: a shard run after a
/// variant was edited does not join the others.
#[test]
fn an_edited_change_file_changes_the_fingerprint() {
    let (dir, variants) = sweep_scenario();
    let s0 = dir.path().join("s0");
    sweep(dir.path(), &variants, Some("0/2"), &[], &s0);
    std::fs::write(
        variants.join("v3.csv"),
        "target,selector,field,op,value\nsupply,*,quantity_kg,scale,1.2\n",
    )
    .unwrap();
    let s1 = dir.path().join("s1");
    sweep(dir.path(), &variants, Some("1/2"), &[], &s1);
    let (code, stderr) = merge(&dir.path().join("m"), &[s0, s1.clone()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&s1.display().to_string()) && stderr.contains("fingerprint"),
        "{stderr}"
    );
}

/// The old usage, `merge merged.csv ...`, is refused plainly instead of
/// making a folder named `merged.csv`.
#[test]
fn an_output_named_like_a_csv_file_is_refused() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("merged.csv");
    let assert = assert_cmd::Command::cargo_bin("agrimatch")
        .expect("binary")
        .arg("merge")
        .arg(&out)
        .arg(tmp.path().join("shard-0"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("expected an output folder, found a .csv file name"),
        "{stderr}"
    );
    assert!(!out.exists());
}
