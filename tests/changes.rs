//! What-if change files: applied to the rows, then validated like any
//! scenario; a selector that matches nothing is an error.

use assert_cmd::Command;

use crate::common::{assert_close, Scenario};

fn plan_with_changes(scenario: &Scenario, changes: &str) -> (i32, String, String) {
    let dir = scenario.write();
    std::fs::write(dir.path().join("what-if.csv"), changes).unwrap();
    let out = dir.path().join("plan");
    let output = Command::cargo_bin("agrimatch")
        .unwrap()
        .arg("plan")
        .arg(dir.path())
        .arg("--changes")
        .arg(dir.path().join("what-if.csv"))
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .output()
        .unwrap();
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap_or_default();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        summary,
    )
}

fn objective(summary: &str) -> f64 {
    summary
        .lines()
        .find_map(|l| l.strip_prefix("objective,"))
        .expect("objective")
        .parse()
        .unwrap()
}

/// Base: 100 kg harvested, 80 ordered, lane 0.5/kg: 40. Hail takes 30% of
/// the harvest: 70 kg sold (35) and 10 kg short at 16 (the default 2 x
/// value): 195. Hail takes 50%: 50 kg sold (25) and 30 short: 505.
#[test]
fn scaling_the_harvest() {
    let base = Scenario::base();
    let hail = |share: f64| {
        format!("target,selector,field,op,value\nsupply,farm=Muyin-1;week=1..2,quantity_kg,scale,{share}\n")
    };
    let (code, stderr, summary) = plan_with_changes(&base, &hail(0.7));
    assert_eq!(code, 0, "{stderr}");
    assert_close(objective(&summary), 35.0 + 10.0 * 16.0, "30% hail");
    let (_, _, summary) = plan_with_changes(&base, &hail(0.5));
    assert_close(objective(&summary), 25.0 + 30.0 * 16.0, "50% hail");
}

/// A closed road (capacity 0) ships nothing: 80 x 16 short; the harvest is
/// still fresh at the end of the one-week horizon (closing stock, not waste).
#[test]
fn closing_a_road() {
    let changes = "target,selector,field,op,value\nlanes,from=Muyin-1;to=Jingkai,capacity_kg_per_week,set,0\n";
    let (code, stderr, summary) = plan_with_changes(&Scenario::base(), changes);
    assert_eq!(code, 0, "{stderr}");
    assert_close(objective(&summary), 80.0 * 16.0, "closed road");
}

/// A bigger order: add 20 kg to the store's week-1 order (100 in all, all
/// harvest sold): 50.
#[test]
fn adding_to_an_order() {
    let changes = "target,selector,field,op,value\ndemand,store=Jingkai;product=plum;week=1,quantity_kg,add,20\n";
    let (code, stderr, summary) = plan_with_changes(&Scenario::base(), changes);
    assert_eq!(code, 0, "{stderr}");
    assert_close(objective(&summary), 50.0, "order of 100");
}

#[test]
fn a_selector_that_matches_nothing_is_an_error() {
    let changes = "target,selector,field,op,value\nsupply,farm=Muyin-9,quantity_kg,scale,0.5\n";
    let (code, stderr, _) = plan_with_changes(&Scenario::base(), changes);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("what-if.csv: line 2, column selector: selects no row of supply.csv"),
        "{stderr}"
    );
}

#[test]
fn a_change_that_makes_a_number_negative_is_an_error() {
    let changes = "target,selector,field,op,value\nsupply,*,quantity_kg,add,-500\n";
    let (code, stderr, _) = plan_with_changes(&Scenario::base(), changes);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("what-if.csv: line 2, column value: expected quantity_kg to stay >= 0 after the change"),
        "{stderr}"
    );
}

/// The change files shipped next to the Luodian scenario all plan.
#[test]
fn the_shipped_change_files_plan() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/guiyang-luodian");
    for file in [
        "hail-plums.csv",
        "road-closed-week-28.csv",
        "winter-order.csv",
        "new-buyer-winter-vegetables.csv",
    ] {
        let out = tempfile::tempdir().unwrap();
        Command::cargo_bin("agrimatch")
            .unwrap()
            .arg("plan")
            .arg(&root)
            .arg("--changes")
            .arg(root.join("changes").join(file))
            .arg("--quiet")
            .arg("--out")
            .arg(out.path().join("p"))
            .assert()
            .code(0);
    }
}

/// A sweep gives, per variant, exactly what planning it alone gives; a
/// broken variant is reported in its row and the others still finish.
#[test]
fn sweep_equals_planning_one_by_one_and_survives_a_broken_variant() {
    let dir = Scenario::base().write();
    let variants = dir.path().join("variants");
    std::fs::create_dir_all(&variants).unwrap();
    let hail = "target,selector,field,op,value\nsupply,*,quantity_kg,scale,0.7\n";
    let order = "target,selector,field,op,value\ndemand,*,quantity_kg,add,15\n";
    let typo = "target,selector,field,op,value\nsupply,farm=Nowhere,quantity_kg,scale,0.7\n";
    std::fs::write(variants.join("a-hail.csv"), hail).unwrap();
    std::fs::write(variants.join("b-order.csv"), order).unwrap();
    std::fs::write(variants.join("c-typo.csv"), typo).unwrap();
    let out = dir.path().join("sweep");
    Command::cargo_bin("agrimatch")
        .unwrap()
        .arg("sweep")
        .arg(dir.path())
        .arg(&variants)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1);
    let table = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    let records: Vec<csv::StringRecord> = csv::Reader::from_reader(table.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect();
    let rows: Vec<Vec<&str>> = records.iter().map(|r| r.iter().collect()).collect();
    assert_eq!(rows.len(), 4, "{table}");
    assert_eq!(rows[0][0], "base");
    assert!(rows[3][1].starts_with("error: "), "{table}");
    assert!(rows[3][1].contains("selects no row of supply.csv"), "{table}");
    // Each variant alone, through `plan --changes`.
    for (row, changes) in [(&rows[1], hail), (&rows[2], order)] {
        let (code, stderr, summary) = plan_with_changes(&Scenario::base(), changes);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(row[1], "optimal");
        assert_close(row[2].parse().unwrap(), objective(&summary), "sweep vs plan");
    }
    // Differences are against the base row.
    let base_cost: f64 = rows[0][2].parse().unwrap();
    let hail_cost: f64 = rows[1][2].parse().unwrap();
    assert_close(rows[1][6].parse().unwrap(), hail_cost - base_cost, "cost_change");
}

fn sweep(args: &[&str], base: &std::path::Path, out: &std::path::Path) -> String {
    Command::cargo_bin("agrimatch")
        .unwrap()
        .arg("sweep")
        .arg(base)
        .args(args)
        .arg("--out")
        .arg(out)
        .assert()
        .code(0);
    std::fs::read_to_string(out.join("comparison.csv")).unwrap()
}

/// Random harvests are reproducible from the seed, and the P10 <= P50 <= P90.
#[test]
fn random_yield_samples_are_reproducible() {
    let dir = Scenario::base().write();
    let samples = ["--samples", "6", "--yield-cv", "0.3", "--seed", "5"];
    let a = sweep(&samples, dir.path(), &dir.path().join("a"));
    let b = sweep(&samples, dir.path(), &dir.path().join("b"));
    assert_eq!(a, b, "same seed, same samples");
    assert_eq!(a.lines().count(), 1 + 1 + 6);
    let risk = std::fs::read_to_string(dir.path().join("a/risk.csv")).unwrap();
    for line in risk.lines().skip(1) {
        let v: Vec<f64> = line.split(',').skip(1).map(|x| x.parse().unwrap()).collect();
        assert!(v[0] <= v[1] && v[1] <= v[2], "{line}");
    }
    let other = sweep(
        &["--samples", "6", "--yield-cv", "0.3", "--seed", "6"],
        dir.path(),
        &dir.path().join("c"),
    );
    assert_ne!(a, other, "another seed, other samples");
}

/// Shards planned apart and merged give the full sweep's table.
#[test]
fn shards_merge_into_the_full_sweep() {
    let dir = Scenario::base().write();
    let variants = dir.path().join("variants");
    std::fs::create_dir_all(&variants).unwrap();
    for (i, scale) in [0.5, 0.7, 0.9, 1.1, 1.3].iter().enumerate() {
        let text = format!("target,selector,field,op,value\nsupply,*,quantity_kg,scale,{scale}\n");
        std::fs::write(variants.join(format!("v{i}.csv")), text).unwrap();
    }
    let v = variants.to_string_lossy().to_string();
    let full = sweep(&[&v], dir.path(), &dir.path().join("full"));
    let mut shards = Vec::new();
    for k in 0..3 {
        sweep(
            &[&v, "--shard", &format!("{k}/3")],
            dir.path(),
            &dir.path().join(format!("s{k}")),
        );
        shards.push(dir.path().join(format!("s{k}/comparison.csv")));
    }
    let merged = dir.path().join("merged");
    Command::cargo_bin("agrimatch")
        .unwrap()
        .arg("merge")
        .arg(&merged)
        .args(&shards)
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(merged.join("comparison.csv")).unwrap(), full);
}

/// Rolling with a window as long as the plan re-plans the rest of an
/// optimal plan each week: the committed plan costs what the one plan costs.
#[test]
fn rolling_over_the_whole_horizon_matches_the_plan() {
    use agrimatch::model::LpSolver;
    use agrimatch::scenario::roll::{read_actual, roll};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny");
    let (forecast, actual) = read_actual(&root, None, None).unwrap();
    let options = agrimatch::solve::SolveOptions::default();
    let rolled = roll(&forecast, &actual, forecast.weeks, &options).expect("rolls");
    let plan = crate::common::objective(&forecast, LpSolver::Microlp);
    assert_close(
        rolled.outcome.plan().expect("verified").costs.total(),
        plan,
        "rolled vs one plan",
    );
}

/// Stock is never made or lost between windows: on the Luodian year with
/// actuals, total kg in = kg sold + kg wasted + closing stock, and the
/// actual harvest replaced the forecast where given.
#[test]
fn rolling_keeps_every_kg_and_uses_the_actuals() {
    use agrimatch::scenario::roll::{read_actual, roll};
    use agrimatch::solve::compute_figures;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/guiyang-luodian");
    let (forecast, actual) = read_actual(&root, Some(&root.join("actuals")), None).unwrap();
    let total = |i: &agrimatch::data::Instance| i.supply.iter().map(|s| s.quantity_kg).sum::<f64>();
    assert!(total(&actual) != total(&forecast), "the actuals changed the harvest");
    assert_eq!(
        actual.supply.len(),
        forecast.supply.len(),
        "actual rows replace forecast rows"
    );
    let rolled = roll(&forecast, &actual, 6, &agrimatch::solve::SolveOptions::default()).expect("rolls");
    let figures = compute_figures(&rolled.actual, rolled.outcome.plan().expect("verified"));
    assert_close(
        figures.supply_kg,
        figures.delivered_kg + figures.support_kg() + figures.waste_kg + figures.closing_stock_kg,
        "kg in = sold + bought by support + wasted + closing",
    );
    assert_eq!(rolled.outcome.blocks, 52);
}

/// A road closed in week 1 only: the harvest of week 1 (shelf life 14, so
/// still sellable in week 2) goes out in week 2 to the order of week 2.
/// Orders: 40 in week 1 (short: 40 x 16) and 60 in week 2 (60 x 0.5).
#[test]
fn closing_a_road_for_one_week() {
    let scenario = Scenario::base().with(
        "demand.csv",
        "store,product,week,quantity_kg\nJingkai,plum,1,40\nJingkai,plum,2,60\n",
    );
    let closed = "target,selector,field,op,value\nlanes,from=Muyin-1;week=1,capacity_kg_per_week,set,0\n";
    let (code, stderr, summary) = plan_with_changes(&scenario, closed);
    assert_eq!(code, 0, "{stderr}");
    assert_close(objective(&summary), 40.0 * 16.0 + 60.0 * 0.5, "closed in week 1");
    let misuse = "target,selector,field,op,value\nlanes,week=1,cost_per_kg,scale,2\n";
    let (code, stderr, _) = plan_with_changes(&scenario, misuse);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("expected week= only with the field capacity_kg_per_week on lanes"),
        "{stderr}"
    );
}

/// With `--baseline`, every row says what the LP saves over greedy (never < 0).
#[test]
fn sweep_reports_the_saving_over_greedy() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny");
    let out = tempfile::tempdir().unwrap();
    let changes = out.path().join("hail.csv");
    std::fs::write(
        &changes,
        "target,selector,field,op,value\nsupply,*,quantity_kg,scale,0.8\n",
    )
    .unwrap();
    let table = sweep(&[changes.to_str().unwrap(), "--baseline"], &root, &out.path().join("s"));
    let records: Vec<csv::StringRecord> = csv::Reader::from_reader(table.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    for r in &records {
        let saving: f64 = r[11].parse().expect("a saving");
        assert!(saving >= -1e-6, "{table}");
    }
    assert_close(
        records[0][11].parse().unwrap(),
        968.0,
        "the LP saves 968 on tiny (see the CLI test)",
    );
}

/// A new order where none was: the store and product exist, the week had
/// no row. Harvest 100 in week 1, orders 80 (week 1) and a new 20 (week 2);
/// plums keep 14 days, so all 100 kg sell: 100 x 0.5 = 50.
#[test]
fn a_change_can_add_a_new_order() {
    let changes = "target,selector,field,op,value\ndemand,store=Jingkai;product=plum;week=2,quantity_kg,set,20\n";
    let (code, stderr, summary) = plan_with_changes(&Scenario::base(), changes);
    assert_eq!(code, 0, "{stderr}");
    assert_close(objective(&summary), 50.0, "new order in week 2");
    assert!(summary.contains("\nweeks,2\n"), "{summary}");
    // An unknown store still matches nothing.
    let typo = "target,selector,field,op,value\ndemand,store=Jingkai-new;product=plum;week=2,quantity_kg,set,20\n";
    let (code, stderr, _) = plan_with_changes(&Scenario::base(), typo);
    assert_eq!(code, 2, "{stderr}");
}
