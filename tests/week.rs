//! The Monday routine: `agrimatch week`, dates and ISO weeks, produce in
//! transit. Through the real binary, with the files a planner would copy.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::common::{assert_close, Scenario};

fn agrimatch() -> Command {
    Command::cargo_bin("agrimatch").expect("binary")
}

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

/// Rows of a CSV file as maps from column name to cell.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).expect("an output file");
    let header = reader.headers().expect("a header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("a row");
            header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn number(row: &BTreeMap<String, String>, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} is a number: {row:?}"))
}

/// Kg a support buyer bought, in scenarios with support.csv.
fn support_kg(row: &BTreeMap<String, String>) -> f64 {
    row.get("support_kg").map_or(0.0, |_| number(row, "support_kg"))
}

/// The kg of a file's `quantity_kg` column.
fn total_kg(path: &Path) -> f64 {
    rows(path).iter().map(|r| number(r, "quantity_kg")).sum()
}

fn copy_scenario(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("scenario") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
        }
    }
}

/// 52 Mondays on the Luodian year, each run on the `next/` files of the one
/// before, commit what `roll --horizon 52` commits: the same kg shipped,
/// sold and wasted. And every week the kg balance holds: what is on hand,
/// on the road and harvested = sold + wasted + next week's stock and road.
#[test]
fn fifty_two_mondays_commit_what_roll_commits() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let scenario = tmp.path().join("luodian");
    copy_scenario(&shipped("guiyang-luodian"), &scenario);
    let out = tmp.path().join("monday");
    let (mut shipped_kg, mut sold_kg, mut wasted_kg) = (0.0, 0.0, 0.0);
    let supply = rows(&scenario.join("supply.csv"));
    for week in 1..=52u32 {
        let on_hand = total_kg(&scenario.join("stock.csv"));
        let on_road = if scenario.join("in_transit.csv").exists() {
            total_kg(&scenario.join("in_transit.csv"))
        } else {
            0.0
        };
        agrimatch()
            .arg("week")
            .arg(&scenario)
            .args(["--from", &week.to_string(), "--out"])
            .arg(&out)
            .assert()
            .code(0);
        let this_week = |r: &BTreeMap<String, String>| r["week"] == week.to_string();
        let weekly: Vec<_> = rows(&out.join("weekly.csv")).into_iter().filter(this_week).collect();
        let sold: f64 = weekly.iter().map(|r| number(r, "delivered_kg") + support_kg(r)).sum();
        let wasted: f64 = weekly.iter().map(|r| number(r, "waste_kg")).sum();
        let harvested: f64 = supply
            .iter()
            .filter(|r| r["week"] == week.to_string())
            .map(|r| number(r, "quantity_kg"))
            .sum();
        let next_hand = total_kg(&out.join("next/stock.csv"));
        let next_road = total_kg(&out.join("next/in_transit.csv"));
        if week < 52 {
            assert_close(
                on_hand + on_road + harvested,
                sold + wasted + next_hand + next_road,
                &format!("kg balance of week {week}"),
            );
        }
        shipped_kg += total_kg(&out.join("dispatch.csv"));
        sold_kg += sold;
        wasted_kg += wasted;
        // Monday next: what the plan expects is what is counted.
        std::fs::copy(out.join("next/stock.csv"), scenario.join("stock.csv")).expect("copy");
        std::fs::copy(out.join("next/in_transit.csv"), scenario.join("in_transit.csv")).expect("copy");
        // The budget left after this week's support purchases.
        if out.join("next/support.csv").exists() {
            std::fs::copy(out.join("next/support.csv"), scenario.join("support.csv")).expect("copy");
        }
    }
    let roll = tmp.path().join("roll");
    agrimatch()
        .arg("roll")
        .arg(shipped("guiyang-luodian"))
        .args(["--horizon", "52", "--out"])
        .arg(&roll)
        .assert()
        .code(0);
    let weekly = rows(&roll.join("weekly.csv"));
    assert_close(
        sold_kg,
        weekly.iter().map(|r| number(r, "delivered_kg") + support_kg(r)).sum(),
        "kg sold (and bought by support buyers)",
    );
    assert_close(
        wasted_kg,
        weekly.iter().map(|r| number(r, "waste_kg")).sum(),
        "kg wasted",
    );
    assert_close(shipped_kg, total_kg(&roll.join("shipments.csv")), "kg shipped");
}

/// A scenario written with dates and ISO weeks plans exactly as the same
/// scenario with period numbers; the outputs gain the dates.
#[test]
fn dates_and_iso_weeks_plan_as_period_numbers() {
    let calendar = "start_date = 2026-12-21\n";
    let numbers = Scenario::base()
        .with("scenario.toml", calendar)
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,plum,1,100\nMuyin-1,plum,2,50\nMuyin-1,plum,3,70\n",
        )
        .with(
            "demand.csv",
            "store,product,week,quantity_kg\nJingkai,plum,1,80\nJingkai,plum,2,90\nJingkai,plum,3,40\n",
        )
        .write();
    // 2026 has an ISO week 53 (2026-12-28), then 2027-W01 (2027-01-04).
    let dates = Scenario::base()
        .with("scenario.toml", calendar)
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,plum,2026-12-23,100\nMuyin-1,plum,2026-W53,50\nMuyin-1,plum,2027-W01,70\n",
        )
        .with(
            "demand.csv",
            "store,product,week,quantity_kg\nJingkai,plum,2026-12-21,80\nJingkai,plum,2027-01-03,90\nJingkai,plum,2027-01-10,40\n",
        )
        .write();
    let plan = |dir: &Path| {
        let out = dir.join("out");
        agrimatch().arg("plan").arg(dir).arg("--quiet").assert().code(0);
        let files = ["shipments.csv", "weekly.csv", "flows.csv", "stores.csv", "farms.csv"];
        files.map(|f| std::fs::read_to_string(out.join(f)).expect("output"))
    };
    let by_number = plan(numbers.path());
    assert_eq!(by_number, plan(dates.path()));
    assert!(by_number[0]
        .starts_with("from,to,product,ship_week,arrive_week,harvest_week,ship_date,arrive_date,harvest_date,"));
    assert!(by_number[1].contains("\n3,2027-01-04,plum,"), "{}", by_number[1]);
}

/// Produce on the road arrives and sells; produce that arrives older than
/// its shelf life is wasted, never sold.
#[test]
fn produce_in_transit_arrives_and_sells_unless_too_old() {
    let base = Scenario::base()
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,2,10\n")
        .with(
            "demand.csv",
            "store,product,week,quantity_kg\nJingkai,plum,1,80\nJingkai,plum,2,10\n",
        );
    let fresh = base
        .clone()
        .with(
            "in_transit.csv",
            "from,to,product,arrive_week,age_days,quantity_kg\nMuyin-1,Jingkai,plum,1,3,60\n",
        )
        .instance();
    let outcome = crate::common::solve(&fresh, agrimatch::model::LpSolver::Microlp);
    let figures = agrimatch::solve::compute_figures(&fresh, outcome.plan().expect("a plan"));
    assert_close(figures.delivered_kg, 70.0, "60 kg on the road and 10 harvested sell");
    let stale = base
        .with(
            "in_transit.csv",
            "from,to,product,arrive_week,age_days,quantity_kg\nMuyin-1,Jingkai,plum,1,15,60\n",
        )
        .instance();
    let outcome = crate::common::solve(&stale, agrimatch::model::LpSolver::Microlp);
    let figures = agrimatch::solve::compute_figures(&stale, outcome.plan().expect("a plan"));
    assert_close(figures.delivered_kg, 10.0, "15 days old: past its 14-day shelf life");
    assert_close(figures.waste_kg, 60.0, "wasted on arrival");
}

/// `--from` takes a week number, a date or an ISO week; one before the
/// data's first week or past its last is refused.
#[test]
fn week_from_takes_dates_and_refuses_weeks_without_data() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let scenario = tmp.path().join("luodian");
    copy_scenario(&shipped("guiyang-luodian"), &scenario);
    let run = |from: &str| {
        let mut cmd = agrimatch();
        cmd.arg("week")
            .arg(&scenario)
            .args(["--from", from, "--horizon", "3", "--quiet"]);
        cmd
    };
    let by_week = |from: &str| {
        let out = scenario.join("week");
        run(from).arg("--out").arg(&out).assert().code(0);
        std::fs::read_to_string(out.join("dispatch.csv")).expect("dispatch.csv")
    };
    let dispatch = by_week("10");
    assert_eq!(dispatch, by_week("2027-W10"));
    assert_eq!(dispatch, by_week("2027-03-10"));
    assert!(dispatch
        .lines()
        .skip(1)
        .all(|l| l.contains(",10,") && l.contains("2027-03-08")));
    let stderr = run("53").assert().code(2).get_output().stderr.clone();
    assert!(String::from_utf8_lossy(&stderr).contains("--from: expected a week from 1 to 52"));
}

/// Change-file week selectors read on the scenario's calendar: the hail
/// variant written with ISO weeks plans as the shipped one with numbers.
#[test]
fn change_files_select_weeks_by_iso_week() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let shipped_hail = shipped("guiyang-luodian").join("changes/hail-plums.csv");
    let text = std::fs::read_to_string(&shipped_hail).expect("hail-plums.csv");
    assert!(text.contains("week=27..28"), "{text}");
    let iso = tmp.path().join("hail-iso.csv");
    std::fs::write(&iso, text.replace("week=27..28", "week=2027-W27..2027-07-14")).expect("write");
    let objective = |changes: &Path, out: &Path| {
        agrimatch()
            .arg("plan")
            .arg(shipped("guiyang-luodian"))
            .arg("--changes")
            .arg(changes)
            .args(["--quiet", "--out"])
            .arg(out)
            .assert()
            .code(0);
        let summary = std::fs::read_to_string(out.join("summary.csv")).expect("summary");
        summary
            .lines()
            .find(|l| l.starts_with("objective,"))
            .expect("objective")
            .to_string()
    };
    assert_eq!(
        objective(&shipped_hail, &tmp.path().join("a")),
        objective(&iso, &tmp.path().join("b"))
    );
}

/// `--actuals`: what was really harvested in the committed week is what the
/// week ships and carries on; the kg balance holds with the actual harvest.
#[test]
fn week_with_actuals_ships_what_was_really_harvested() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let scenario = tmp.path().join("luodian");
    copy_scenario(&shipped("guiyang-luodian"), &scenario);
    let actuals = tmp.path().join("actuals");
    std::fs::create_dir(&actuals).expect("mkdir");
    // Twice the forecast cabbage at Muyin in week 10 (57,520 kg forecast).
    std::fs::write(
        actuals.join("supply.csv"),
        "farm,product,week,quantity_kg\nMuyin-winter-veg,cabbage,2027-W10,115040\n",
    )
    .expect("write");
    let run = |out: &Path, with_actuals: bool| {
        let mut cmd = agrimatch();
        cmd.arg("week")
            .arg(&scenario)
            .args(["--from", "10", "--horizon", "4", "--quiet", "--out"])
            .arg(out);
        if with_actuals {
            cmd.arg("--actuals").arg(&actuals);
        }
        cmd.assert().code(0);
    };
    let (forecast, actual) = (tmp.path().join("forecast"), tmp.path().join("actual"));
    run(&forecast, false);
    run(&actual, true);
    let cabbage_out_of_muyin = |out: &Path| -> f64 {
        rows(&out.join("dispatch.csv"))
            .iter()
            .filter(|r| r["from"] == "Muyin-winter-veg" && r["product"] == "cabbage")
            .map(|r| number(r, "quantity_kg"))
            .sum()
    };
    assert!(
        cabbage_out_of_muyin(&actual) > cabbage_out_of_muyin(&forecast) + 1.0,
        "the extra cabbage is shipped"
    );
    let harvested: f64 = rows(&scenario.join("supply.csv"))
        .iter()
        .filter(|r| r["week"] == "10")
        .map(|r| number(r, "quantity_kg"))
        .sum::<f64>()
        + 57_520.0;
    let weekly: Vec<_> = rows(&actual.join("weekly.csv"))
        .into_iter()
        .filter(|r| r["week"] == "10")
        .collect();
    let sold: f64 = weekly.iter().map(|r| number(r, "delivered_kg") + support_kg(r)).sum();
    let wasted: f64 = weekly.iter().map(|r| number(r, "waste_kg")).sum();
    assert_close(
        total_kg(&scenario.join("stock.csv")) + harvested,
        sold + wasted + total_kg(&actual.join("next/stock.csv")) + total_kg(&actual.join("next/in_transit.csv")),
        "kg balance with the actual harvest",
    );
}
