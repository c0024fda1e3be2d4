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

/// A small routine scenario with a lane of two weeks (14 days) and one of
/// none: produce goes on the road, stock and road ages in days that are not
/// whole weeks, kg that are not whole grams.
fn road_scenario() -> Scenario {
    Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg,holding_cost_per_kg_week\nplum,28,8,0.1\n")
        .with("hubs.csv", "hub,region,storage_kg\nLuodian-hub,Luodian,\n")
        .with(
            "lanes.csv",
            "from,to,cost_per_kg,transit_days\nMuyin-1,Jingkai,0.2,14\nMuyin-1,Luodian-hub,0.1,0\nLuodian-hub,Jingkai,0.45,7\n",
        )
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,plum,1,100.37\nMuyin-1,plum,2,93.1234567\nMuyin-1,plum,3,120.5\nMuyin-1,plum,4,33.3333333\nMuyin-1,plum,5,80\n",
        )
        .with(
            "demand.csv",
            "store,product,week,quantity_kg\nJingkai,plum,1,30\nJingkai,plum,2,80.25\nJingkai,plum,3,95.5\nJingkai,plum,4,120\nJingkai,plum,5,70.125\nJingkai,plum,6,60\n",
        )
        .with("stock.csv", "location,product,age_days,quantity_kg\nMuyin-1,plum,3,20.5\n")
        .with(
            "in_transit.csv",
            "from,to,product,arrive_week,age_days,quantity_kg\nMuyin-1,Jingkai,plum,2,10,12.75\n",
        )
}

fn run_week(scenario: &Path, from: u32, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    agrimatch()
        .arg("week")
        .arg(scenario)
        .args(["--from", &from.to_string(), "--out"])
        .arg(out)
        .args(extra)
        .assert()
}

/// Probe: produce on the road arriving after the plan's last week (here
/// week 3 with `--horizon 2`, and week 10000, long after the data) was
/// booked as waste in weekly.csv rows past the horizon and carried in
/// next/in_transit.csv as well. It is listed in after_plan.csv and the
/// terminal, carried once, and no weekly.csv row is past the plan.
#[test]
fn produce_arriving_after_the_plan_is_listed_not_wasted() {
    let dir = road_scenario()
        .with(
            "in_transit.csv",
            "from,to,product,arrive_week,age_days,quantity_kg\nMuyin-1,Jingkai,plum,3,10,50\nMuyin-1,Jingkai,plum,10000,3,40\n",
        )
        .write();
    let out = dir.path().join("week");
    let assert = run_week(dir.path(), 1, &out, &["--horizon", "2"]).code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        stdout.contains("after plan  90 kg on the road arrive after week 2, the plan's last"),
        "{stdout}"
    );
    let weekly = rows(&out.join("weekly.csv"));
    assert!(weekly.iter().all(|r| number(r, "week") <= 2.0), "{weekly:?}");
    let wasted: f64 = weekly.iter().map(|r| number(r, "waste_kg")).sum();
    assert_close(wasted, 0.0, "nothing the plan could sell is wasted in two weeks");
    let after = rows(&out.join("after_plan.csv"));
    assert_eq!(after.len(), 2, "{after:?}");
    assert_close(total_kg(&out.join("after_plan.csv")), 90.0, "listed after the plan");
    // Carried once: next/in_transit.csv holds the 90 kg and this week's
    // shipments on the two-week lane, no more.
    let road = rows(&out.join("next/in_transit.csv"));
    let late: f64 = road
        .iter()
        .filter(|r| r["arrive_week"] == "3" && r["age_days"] == "10" || r["arrive_week"] == "10000")
        .map(|r| number(r, "quantity_kg"))
        .sum();
    assert_close(late, 90.0, "carried once in next/in_transit.csv");
    // `roll` lists it too and plans no week past the data.
    let roll = dir.path().join("roll");
    let assert = agrimatch()
        .arg("roll")
        .arg(dir.path())
        .args(["--horizon", "2", "--out"])
        .arg(&roll)
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        stdout.contains("after plan  40 kg on the road arrive after week 6"),
        "{stdout}"
    );
    assert!(rows(&roll.join("weekly.csv")).iter().all(|r| number(r, "week") <= 6.0));
    assert_close(total_kg(&roll.join("after_plan.csv")), 40.0, "roll lists week 10000");
}

fn actuals(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

/// Probe: an actuals row for week 60 of a 6-week scenario stretched the
/// plan to 60 weeks. It is refused with file, line and column, in `roll`
/// and in `week`.
#[test]
fn actuals_past_the_data_are_refused() {
    let dir = road_scenario().write();
    let late = actuals(&[(
        "supply.csv",
        "farm,product,week,quantity_kg\nMuyin-1,plum,2,90\nMuyin-1,plum,60,100\n",
    )]);
    let stderr = |assert: assert_cmd::assert::Assert| String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let roll = agrimatch()
        .arg("roll")
        .arg(dir.path())
        .args(["--horizon", "3", "--actuals"])
        .arg(late.path())
        .arg("--out")
        .arg(dir.path().join("roll"))
        .assert()
        .code(2);
    let message = stderr(roll);
    assert!(
        message.contains(
            "supply.csv: line 3, column week: expected a week from 1 to 6 (the weeks of the forecast), found 60"
        ),
        "{message}"
    );
    let week = agrimatch()
        .arg("week")
        .arg(dir.path())
        .args(["--from", "2", "--actuals"])
        .arg(late.path())
        .assert()
        .code(2);
    let message = stderr(week);
    assert!(
        message.contains("supply.csv: line 3, column week: expected week 2 (the week committed, --from), found 60"),
        "{message}"
    );
}

/// Probe: actuals of a week other than the committed one were ignored
/// without a word. They are refused with file, line and column.
#[test]
fn actuals_of_another_week_are_refused() {
    let dir = road_scenario().write();
    let other = actuals(&[("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,3,90\n")]);
    let assert = agrimatch()
        .arg("week")
        .arg(dir.path())
        .args(["--from", "2", "--actuals"])
        .arg(other.path())
        .assert()
        .code(2);
    let message = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let file = other.path().join("demand.csv").display().to_string();
    assert!(
        message.contains(&format!(
            "{file}: line 2, column week: expected week 2 (the week committed, --from), found 3"
        )),
        "{message}"
    );
}

/// Probe: a header-only actuals file was refused. It means "no rows": the
/// week plans as without actuals.
#[test]
fn header_only_actuals_are_no_rows() {
    let dir = road_scenario().write();
    let none = actuals(&[
        ("supply.csv", "farm,product,week,quantity_kg\n"),
        ("demand.csv", "store,product,week,quantity_kg\n"),
    ]);
    let (with, without) = (dir.path().join("with"), dir.path().join("without"));
    agrimatch()
        .arg("week")
        .arg(dir.path())
        .args(["--from", "2", "--quiet", "--actuals"])
        .arg(none.path())
        .arg("--out")
        .arg(&with)
        .assert()
        .code(0);
    run_week(dir.path(), 2, &without, &["--quiet"]).code(0);
    for file in ["dispatch.csv", "flows.csv", "next/stock.csv", "next/in_transit.csv"] {
        assert_eq!(
            std::fs::read_to_string(with.join(file)).expect("written"),
            std::fs::read_to_string(without.join(file)).expect("written"),
            "{file}"
        );
    }
}

/// Probe: next/ was written to the gram, so a chain of weeks drifted from
/// the plan. Every kg in next/ reads back as the f64 the plan holds
/// (flows.csv is exact), and road ages stay in days as given (10, not 7).
/// Today's plan ships 53.36999999999999 kg (100.37 + 20.5 - 67.5).
#[test]
fn next_files_are_exact_and_keep_road_ages_in_days() {
    let dir = road_scenario().write();
    let out = dir.path().join("week");
    run_week(dir.path(), 1, &out, &["--quiet"]).code(0);
    let flows = rows(&out.join("flows.csv"));
    // This week's shipments to Jingkai are on the road next week, kg for kg.
    let mut shipped: Vec<f64> = flows
        .iter()
        .filter(|r| r["kind"] == "shipment" && r["week"] == "1" && r["to"] == "Jingkai")
        .map(|r| number(r, "quantity_kg"))
        .collect();
    let mut next: Vec<f64> = rows(&out.join("next/in_transit.csv"))
        .iter()
        .filter(|r| r["age_days"] != "10")
        .map(|r| number(r, "quantity_kg"))
        .collect();
    assert_eq!(shipped.len(), 2, "{flows:?}");
    // One shipment per lane and age, one next/in_transit.csv row each.
    shipped.sort_by(f64::total_cmp);
    next.sort_by(f64::total_cmp);
    assert_eq!(shipped, next, "exactly the kg shipped");
    assert!(
        next.iter().any(|kg| (kg * 1000.0).fract() != 0.0),
        "not whole grams: {next:?}"
    );
    // The road's 12.75 kg arrive in week 2 at 10 days, as in_transit.csv says.
    let road = rows(&out.join("next/in_transit.csv"));
    let given = road
        .iter()
        .find(|r| r["arrive_week"] == "2" && r["to"] == "Jingkai" && number(r, "quantity_kg") == 12.75)
        .unwrap_or_else(|| panic!("the lot on the road is carried: {road:?}"));
    assert_eq!(given["age_days"], "10");
}

/// Probe: next/support.csv held `9.094947017729282e-13` once a budget was
/// spent. Budgets are to the fen, and a spent one is 0.
#[test]
fn spent_support_budget_is_zero_to_the_fen() {
    // 777 / 2.6 kg cost 777 less 1.1e-13 in floating point.
    let dir = Scenario::base()
        // Plums that keep 6 days: what is not sold or bought spoils.
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,6,8\n")
        .with("stores.csv", "store,region\nJingkai,Jingkai\nEcom,Guanshanhu\n")
        .with(
            "lanes.csv",
            "from,to,cost_per_kg\nMuyin-1,Jingkai,0.5\nMuyin-1,Ecom,0.5\n",
        )
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,plum,1,1000\nMuyin-1,plum,2,10\n",
        )
        .with(
            "demand.csv",
            "store,product,week,quantity_kg\nJingkai,plum,1,80\nJingkai,plum,2,10\n",
        )
        .with(
            "support.csv",
            "buyer,product,price_per_kg,budget,farm\nEcom,plum,2.6,777,Muyin-1\n",
        )
        .write();
    let out = dir.path().join("week");
    run_week(dir.path(), 1, &out, &["--quiet"]).code(0);
    let support = rows(&out.join("next/support.csv"));
    let budgets: Vec<&str> = support.iter().map(|r| r["budget"].as_str()).collect();
    assert_eq!(budgets[0], "0", "{support:?}");
    for b in budgets {
        let decimals = b.split_once('.').map_or(0, |(_, d)| d.len());
        assert!(decimals <= 2 && !b.contains('e'), "to the fen: {b}");
    }
}

/// Probe: `report` refused every week folder from `--from 2` on and
/// dropped "This week" from week 1's. Both re-render, with "This week",
/// also after next/ was copied over the scenario's files.
#[test]
fn report_re_renders_week_folders() {
    let dir = road_scenario().write();
    let scenario = dir.path();
    for from in [1, 2] {
        let out = scenario.join(format!("week{from}"));
        run_week(scenario, from, &out, &["--quiet"]).code(0);
        let planned = std::fs::read_to_string(out.join("report.html")).expect("report.html");
        // The routine goes on: next week's state replaces this week's.
        for file in ["stock.csv", "in_transit.csv"] {
            std::fs::copy(out.join("next").join(file), scenario.join(file)).expect("copy");
        }
        agrimatch()
            .arg("report")
            .arg(&out)
            .arg("--scenario")
            .arg(scenario)
            .assert()
            .code(0);
        let page = std::fs::read_to_string(out.join("report.html")).expect("report.html");
        let heading = format!("This week: week {from}");
        assert!(page.contains(&heading), "{heading} in the re-rendered page");
        let lines = |html: &str| html.matches("<tr>").count();
        assert_eq!(lines(&page), lines(&planned), "the same tables as when planned");
    }
}

/// The Monday routine, chained: each week planned from the files the week
/// before wrote into next/. By the principle of optimality, the re-plan of
/// weeks k+1.. from the state week k's plan reaches costs what that plan
/// spends on them, so the weeks as committed (each folder's own week of
/// flows) form one plan of the whole scenario whose cost, recomputed by
/// `verify_plan`, is week 1's plan cost. next/ at full precision makes the
/// carried state exact; what is left is the solver's tolerance.
#[test]
fn a_chain_of_weeks_costs_what_the_first_plan_costs() {
    use agrimatch::model::ObjectiveWeights;
    use agrimatch::report::flows::read_flows_csv;
    use agrimatch::solve::{plan::Plan, verify_plan};
    let dir = road_scenario().write();
    let scenario = dir.path();
    let whole = agrimatch::data::read_instance(scenario).expect("a valid scenario");
    let weights = ObjectiveWeights::of(&whole);
    let flows_of = |out: &Path| {
        let text = std::fs::read_to_string(out.join("flows.csv")).expect("flows.csv");
        read_flows_csv(&whole, &text).expect("flows of the scenario's ids")
    };
    let mut committed = Plan::default();
    let mut first_cost = None;
    for week in 1..=whole.weeks {
        let out = scenario.join(format!("week{week}"));
        run_week(scenario, week, &out, &["--quiet"]).code(0);
        let plan = flows_of(&out);
        if week == 1 {
            // Week 1's window is the whole scenario.
            let verified = verify_plan(&whole, &weights, &plan, None).expect("week 1's plan verifies");
            first_cost = Some(verified.costs.total());
        }
        committed
            .shipments
            .extend(plan.shipments.into_iter().filter(|f| f.week == week));
        committed
            .stocks
            .extend(plan.stocks.into_iter().filter(|f| f.week == week));
        committed
            .sales
            .extend(plan.sales.into_iter().filter(|f| f.week == week));
        committed
            .support
            .extend(plan.support.into_iter().filter(|f| f.week == week));
        for file in ["stock.csv", "in_transit.csv"] {
            std::fs::copy(out.join("next").join(file), scenario.join(file)).expect("copy");
        }
    }
    let first_cost = first_cost.expect("week 1 was planned");
    let chained = verify_plan(&whole, &weights, &committed, None)
        .unwrap_or_else(|v| panic!("the committed weeks form a plan of the scenario: {v:?}"));
    let chained_cost = chained.costs.total();
    let relative = (chained_cost - first_cost).abs() / first_cost.abs();
    assert!(
        relative <= 1e-9,
        "committed weeks cost {chained_cost}, week 1's plan {first_cost} ({relative:e} relative)"
    );
}

// ---- A Monday with a history (issue 22, item 2) ----

/// The money columns of `weekly.csv` that add up to a row's cost (the
/// derived `money_spent` and `penalties` are their two sums).
const COST_PARTS: [&str; 7] = [
    "transport_cost",
    "truck_cost",
    "holding_cost",
    "support_cost",
    "waste_cost",
    "shortfall_cost",
    "closing_stock_cost",
];

/// Half the last printed decimal of money (4 decimals): how far a printed
/// cost is from the cost it stands for.
const MONEY_ROUNDING: f64 = 0.00005;

fn summary_value(out: &Path, metric: &str) -> f64 {
    let summary = rows(&out.join("summary.csv"));
    let row = summary
        .iter()
        .find(|r| r["metric"] == metric)
        .unwrap_or_else(|| panic!("summary.csv has {metric}"));
    number(row, "value")
}

/// The cost parts of `weekly.csv`'s rows of `week`, added up (all
/// products), and the number of printed figures added.
fn week_cost(out: &Path, week: u32) -> (f64, usize) {
    let weekly: Vec<_> = rows(&out.join("weekly.csv"))
        .into_iter()
        .filter(|r| r["week"] == week.to_string())
        .collect();
    assert!(!weekly.is_empty(), "weekly.csv has week {week}");
    let mut sum = 0.0;
    for row in &weekly {
        let parts: Vec<f64> = COST_PARTS.iter().map(|c| number(row, c)).collect();
        // The two derived columns are the sums of their parts.
        let spent = parts[..4].iter().sum::<f64>();
        let penalties = parts[4..].iter().sum::<f64>();
        assert!(
            (number(row, "money_spent") - spent).abs() <= 5.0 * MONEY_ROUNDING,
            "{row:?}"
        );
        assert!(
            (number(row, "penalties") - penalties).abs() <= 4.0 * MONEY_ROUNDING,
            "{row:?}"
        );
        sum += spent + penalties;
    }
    (sum, weekly.len() * COST_PARTS.len())
}

/// The money of a folder's weekly.csv, every week, is its plan's cost:
/// every part of the objective falls in one week and product, but
/// fairness, which is the window's (summary.csv `fairness_cost`).
fn assert_weekly_costs_add_up_to_the_objective(out: &Path) {
    let weekly = rows(&out.join("weekly.csv"));
    let sum: f64 = weekly
        .iter()
        .map(|r| COST_PARTS.iter().map(|c| number(r, c)).sum::<f64>())
        .sum();
    let objective = summary_value(out, "objective");
    let fairness = summary_value(out, "fairness_cost");
    let printed = weekly.len() * COST_PARTS.len() + 2;
    let tolerance = MONEY_ROUNDING * printed as f64 + 1e-9 * objective.abs();
    assert!(
        (sum + fairness - objective).abs() <= tolerance,
        "{}: weekly.csv costs {sum} + fairness {fairness}, summary.csv objective {objective}",
        out.display()
    );
}

/// A scenario's files as they are now (what is copied back each Monday).
fn state_files(scenario: &Path) -> Vec<(String, Option<String>)> {
    ["stock.csv", "in_transit.csv", "state.toml"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read_to_string(scenario.join(f)).ok()))
        .collect()
}

/// Probe: each `week` run replaced `week/`, so last Monday's dispatch.csv
/// was gone, and no file gave the committed week's cost. Four Mondays in a
/// row (next/ copied back each time, state.toml with it) leave four dated
/// folders, each with its own dispatch.csv and its week's cost; and each
/// week's plan costs its committed week plus the next week's plan (the
/// principle of optimality: the re-plan from the state the plan reaches
/// costs what the plan spends after the week), to the printed rounding.
#[test]
fn four_mondays_leave_four_dated_folders_each_with_its_dispatch_and_cost() {
    let dir = road_scenario()
        // Monday 1 March 2027 is ISO week 2027-W09.
        .with("scenario.toml", "start_date = 2027-03-01\n")
        .write();
    let scenario = dir.path();
    let folders = ["2027-W09", "2027-W10", "2027-W11", "2027-W12"];
    for (i, folder) in folders.iter().enumerate() {
        let week = i as u32 + 1;
        let before = state_files(scenario);
        let assert = agrimatch()
            .arg("week")
            .arg(scenario)
            .args(["--from", &week.to_string()])
            .assert()
            .code(0);
        let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        // Week 1's state.toml is missing (a scenario of before); after
        // that, state.toml says the week asked for: no warning.
        assert_eq!(stderr.contains("do not say which week"), week == 1, "{stderr}");
        let out = scenario.join("week").join(folder);
        assert!(stdout.contains(&format!("wrote       {}", out.display())), "{stdout}");
        // The terminal says the week's cost: weekly.csv's rows of the week.
        let (cost, _) = week_cost(&out, week);
        let line = stdout
            .lines()
            .find(|l| l.starts_with("week cost   "))
            .unwrap_or_else(|| panic!("a week cost line: {stdout}"));
        let total: f64 = line["week cost   ".len()..]
            .split(':')
            .next()
            .expect("a total")
            .replace(',', "")
            .parse()
            .expect("a number");
        assert!((total - cost).abs() <= 0.5 + 1e-3, "{line} against weekly.csv's {cost}");
        let state = std::fs::read_to_string(out.join("next/state.toml")).expect("next/state.toml");
        assert!(state.contains(&format!("as_of_week = {}\n", week + 1)), "{state}");
        assert!(
            state.contains(&format!("iso_week = \"2027-W{:02}\"", week + 9)),
            "{state}"
        );
        for file in ["stock.csv", "in_transit.csv", "state.toml"] {
            std::fs::copy(out.join("next").join(file), scenario.join(file)).expect("copy");
        }
        assert_ne!(before, state_files(scenario), "next/ is a new state");
    }
    let mut found: Vec<String> = std::fs::read_dir(scenario.join("week"))
        .expect("week/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        // The lock file agrimatch keeps beside the folders it writes.
        .filter(|name| !name.starts_with('.'))
        .collect();
    found.sort();
    assert_eq!(found, folders);
    for (i, folder) in folders.iter().enumerate() {
        let week = i as u32 + 1;
        let out = scenario.join("week").join(folder);
        let dispatch = rows(&out.join("dispatch.csv"));
        assert!(!dispatch.is_empty(), "{folder} ships");
        assert!(
            dispatch.iter().all(|r| r["ship_week"] == week.to_string()),
            "{folder}: {dispatch:?}"
        );
        // The loads' money is the week's transport in weekly.csv.
        let loads: f64 = dispatch.iter().map(|r| number(r, "transport_cost")).sum();
        let transport: f64 = rows(&out.join("weekly.csv"))
            .iter()
            .filter(|r| r["week"] == week.to_string())
            .map(|r| number(r, "transport_cost"))
            .sum();
        let tolerance = MONEY_ROUNDING * (dispatch.len() + 1) as f64;
        assert!(
            (loads - transport).abs() <= tolerance,
            "{folder}: {loads} against {transport}"
        );
        assert_weekly_costs_add_up_to_the_objective(&out);
        if let Some(next) = folders.get(i + 1) {
            let next = scenario.join("week").join(next);
            let (committed, printed) = week_cost(&out, week);
            let (this_plan, next_plan) = (summary_value(&out, "objective"), summary_value(&next, "objective"));
            let tolerance = MONEY_ROUNDING * (printed + 2) as f64 + 1e-9 * this_plan.abs();
            assert!(
                (this_plan - committed - next_plan).abs() <= tolerance,
                "{folder}: plan {this_plan} = week {committed} + next plan {next_plan}?"
            );
        }
    }
}

/// A workbook's sheets as CSV text, cell by cell as the reader takes them.
fn sheet_csv(workbook: &Path, sheet: &str) -> String {
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(workbook).expect("a workbook");
    let range = book.worksheet_range(sheet).expect("the sheet");
    let mut out = csv::Writer::from_writer(Vec::new());
    for row in range.rows() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Data::Float(x) => format!("{x}"),
                Data::Int(i) => i.to_string(),
                Data::String(s) => s.clone(),
                Data::DateTime(dt) => {
                    let (y, m, d, ..) = dt.to_ymd_hms_milli();
                    format!("{y:04}-{m:02}-{d:02}")
                }
                Data::Empty => String::new(),
                other => panic!("an unexpected cell {other:?}"),
            })
            .collect();
        out.write_record(&cells).expect("csv");
    }
    String::from_utf8(out.into_inner().expect("csv")).expect("utf-8")
}

/// The same four Mondays with a workbook scenario: `week` writes the next
/// state as next.xlsx (sheets stock, in_transit, state), the planner puts
/// those sheets in place of the workbook's, and every Monday's folder stays
/// beside the workbook in NAME-week/period-N.
#[test]
fn four_mondays_with_a_workbook_scenario_use_next_xlsx() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let base = road_scenario();
    let write_workbook = |path: &Path, state: &BTreeMap<&str, String>| {
        let mut refs: Vec<(&str, &str)> = base
            .0
            .iter()
            .filter(|(n, _)| !state.contains_key(*n))
            .map(|(n, t)| (*n, t.as_str()))
            .collect();
        refs.extend(state.iter().map(|(n, t)| (*n, t.as_str())));
        let bytes = agrimatch::report::workbook::scenario_workbook(&refs, None, None).expect("a workbook");
        std::fs::write(path, bytes).expect("write");
    };
    let xlsx = tmp.path().join("luodian.xlsx");
    write_workbook(&xlsx, &BTreeMap::new());
    for week in 1..=4u32 {
        let assert = agrimatch()
            .arg("week")
            .arg(&xlsx)
            .args(["--from", &week.to_string()])
            .assert()
            .code(0);
        let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert_eq!(stderr.contains("do not say which week"), week == 1, "{stderr}");
        let out = tmp.path().join("luodian-week").join(format!("period-{week}"));
        let next = out.join("next.xlsx");
        assert!(
            stdout.contains(&format!(
                "next        copy the sheets stock, in_transit and state of {} into the scenario workbook",
                next.display()
            )),
            "{stdout}"
        );
        // The sheets hold what next/ holds, to the bit.
        let stock = sheet_csv(&next, "stock");
        assert_eq!(
            rows(&out.join("next/stock.csv"))
                .iter()
                .map(|r| number(r, "quantity_kg"))
                .collect::<Vec<_>>(),
            csv::Reader::from_reader(stock.as_bytes())
                .deserialize::<BTreeMap<String, String>>()
                .map(|r| number(&r.expect("a row"), "quantity_kg"))
                .collect::<Vec<_>>()
        );
        let state = sheet_csv(&next, "state");
        assert!(state.starts_with(&format!("as_of_week\n{}\n", week + 1)), "{state}");
        // The planner replaces the three sheets.
        let copied: BTreeMap<&str, String> = [
            ("stock.csv", stock),
            ("in_transit.csv", sheet_csv(&next, "in_transit")),
            ("state.csv", state),
        ]
        .into_iter()
        .collect();
        write_workbook(&xlsx, &copied);
        assert!(out.join("dispatch.csv").is_file());
        assert_weekly_costs_add_up_to_the_objective(&out);
    }
    for week in 1..=4u32 {
        let out = tmp.path().join("luodian-week").join(format!("period-{week}"));
        let dispatch = rows(&out.join("dispatch.csv"));
        assert!(
            dispatch.iter().all(|r| r["ship_week"] == week.to_string()),
            "{dispatch:?}"
        );
    }
    // The workbook's state says week 5: week 3 again is refused at its sheet.
    let assert = agrimatch()
        .arg("week")
        .arg(&xlsx)
        .args(["--from", "3"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains(&format!(
            "{}: sheet state, row 2, column as_of_week: expected week 3 (--from 3), found 5",
            xlsx.display()
        )),
        "{stderr}"
    );
    // And the template workbook has the sheets to replace, empty.
    let template = tmp.path().join("template");
    agrimatch().arg("init").arg(&template).arg("--xlsx").assert().code(0);
    let book = template.join("scenario.xlsx");
    assert_eq!(sheet_csv(&book, "stock"), "location,product,age_days,quantity_kg\n");
    assert_eq!(
        sheet_csv(&book, "in_transit"),
        "from,to,product,arrive_week,age_days,quantity_kg\n"
    );
    assert!(sheet_csv(&book, "support").starts_with("buyer,product,price_per_kg,budget,"));
    assert!(sheet_csv(&book, "state").starts_with("as_of_week,"));
    agrimatch()
        .arg("week")
        .arg(&book)
        .args(["--from", "1", "--quiet"])
        .assert()
        .code(0);
}

/// Probe: `week --from 30` took January's stock.csv as July's without a
/// word. A state.toml of another week is refused with exit 2 (its file,
/// line and column, what it says and what was asked), accepted with
/// --accept-state-week and a warning; stock without state.toml is a
/// warning; a scenario with no state at all plans without one.
#[test]
fn a_state_of_another_week_is_refused_and_accepted_with_the_flag() {
    let dir = road_scenario().write();
    let scenario = dir.path();
    std::fs::write(scenario.join("state.toml"), "# counted on Monday\nas_of_week = 2\n").expect("write");
    let out = scenario.join("out");
    let assert = run_week(scenario, 3, &out, &[]).code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let file = scenario.join("state.toml").display().to_string();
    assert!(
        stderr.contains(&format!(
            "{file}: line 2, column as_of_week: expected week 3 (--from 3), found 2: stock.csv, in_transit.csv and support.csv describe the start of week 2"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("--accept-state-week"), "{stderr}");
    assert!(!out.exists(), "nothing written");
    // Accepted with the flag (week 2: in_transit.csv arrives in week 2,
    // so week 3 would be refused for that arrival instead).
    std::fs::write(scenario.join("state.toml"), "as_of_week = 1\n").expect("write");
    let assert = run_week(scenario, 2, &out, &["--accept-state-week", "--quiet"]).code(0);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains(&format!(
            "agrimatch: warning: {file}: line 1, column as_of_week: stock.csv, in_transit.csv and support.csv describe the start of week 1, taken as the start of week 2 as asked"
        )),
        "{stderr}"
    );
    // The week it says: no word.
    let assert = run_week(scenario, 1, &out, &["--quiet"]).code(0);
    assert_eq!(String::from_utf8_lossy(&assert.get_output().stderr), "");
    // Without state.toml: planned, with a warning that the week is unknown.
    std::fs::remove_file(scenario.join("state.toml")).expect("remove");
    let assert = run_week(scenario, 2, &out, &["--quiet"]).code(0);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("agrimatch: warning: stock.csv and in_transit.csv do not say which week they describe (no state.toml): taken as the state at the start of week 2"),
        "{stderr}"
    );
    // Without state at all: nothing to say.
    let bare = road_scenario().without("stock.csv").without("in_transit.csv").write();
    let assert = run_week(bare.path(), 2, &bare.path().join("out"), &["--quiet"]).code(0);
    assert_eq!(String::from_utf8_lossy(&assert.get_output().stderr), "");
    // A state.toml that says two weeks is refused at the one that disagrees.
    std::fs::write(scenario.join("state.toml"), "as_of_week = 2\nweek_start = 3\n").expect("write");
    let assert = run_week(scenario, 2, &out, &["--quiet"]).code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains(&format!(
            "{file}: line 2, column week_start: expected week 2 (as_of_week), found week 3"
        )),
        "{stderr}"
    );
}

/// Probe: `check` had no --from and checked all weeks after next/ was
/// copied. `check --from 2` checks the window `week --from 2` plans: weeks
/// 2 to 6, stock and the road at the start of week 2, and says when the
/// state describes another week.
#[test]
fn check_from_checks_what_week_from_would_plan() {
    let dir = road_scenario().with("state.toml", "as_of_week = 2\n").write();
    let check = |args: &[&str]| {
        let assert = agrimatch().arg("check").arg(dir.path()).args(args).assert().code(0);
        String::from_utf8_lossy(&assert.get_output().stdout).to_string()
    };
    let from = check(&["--from", "2"]);
    // Weeks 2..6: 4 harvests (weeks 2-5), 5 orders, stock and the road.
    assert!(
        from.contains(
            "read        1 products, 1 farms, 1 hubs, 1 stores, 3 lanes, 4 supply rows, 5 demand rows, 2 stock rows"
        ),
        "{from}"
    );
    assert!(
        from.contains("horizon     week 2 to week 6: 5 weeks of 7 days (--from)"),
        "{from}"
    );
    assert!(!from.contains("describe the start of week"), "{from}");
    // The whole scenario, from week 1, with a state of week 2: said.
    let whole = check(&[]);
    assert!(whole.contains("5 supply rows, 6 demand rows"), "{whole}");
    assert!(
        whole.contains("describe the start of week 2, not of week 1: agrimatch week --from 1 refuses it without --accept-state-week; check --from 2 checks from the state's week"),
        "{whole}"
    );
    // The same refusals as `week`: an arrival before the week planned.
    let assert = agrimatch()
        .arg("check")
        .arg(dir.path())
        .args(["--from", "3"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("in_transit.csv: an arrival in week 2 is before the week planned (3)"),
        "{stderr}"
    );
}

/// Probe: in the last week with data the terminal said "then run
/// --from 9" (there is no week 9). It says the plan has ended.
#[test]
fn the_last_weeks_next_line_says_the_plan_has_ended() {
    let dir = road_scenario().without("in_transit.csv").write();
    let out = dir.path().join("week6");
    let assert = run_week(dir.path(), 6, &out, &[]).code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let next = stdout.lines().find(|l| l.starts_with("next ")).expect("a next line");
    assert_eq!(
        next,
        "next        none: week 6 is the last week with data, so the plan has ended (add later weeks to the supply and demand to plan on)"
    );
    assert!(!stdout.contains("--from 7"), "{stdout}");
    // The week before still goes on.
    let assert = run_week(dir.path(), 5, &dir.path().join("week5"), &[]).code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        stdout.contains("then run agrimatch week ") && stdout.contains(" --from 6"),
        "{stdout}"
    );
}

/// Probe: no output gave the committed week's cost. On a scenario with a
/// truck lane and a support buyer, dispatch.csv's transport_cost and
/// truck_cost add up to the committed week's in weekly.csv (loads carry
/// transport and the trucks' money; support purchases ride the same
/// lanes); weekly.csv's costs over all weeks and products, with fairness,
/// are the plan's objective; and in the library, with no rounding, the
/// verified plan's week costs add up to its cost within 1e-12.
#[test]
fn cost_parts_add_up_to_the_committed_weeks_share_of_the_plan() {
    let dir = road_scenario()
        .with(
            "lanes.csv",
            "from,to,cost_per_kg,transit_days,truck_kg,cost_per_truck\nMuyin-1,Jingkai,0.2,14,,\nMuyin-1,Luodian-hub,0.1,0,40,7.5\nLuodian-hub,Jingkai,0.45,7,,\n",
        )
        .with("stores.csv", "store,region\nJingkai,Jingkai\nEcom,Guanshanhu\n")
        .with(
            "lanes.csv",
            "from,to,cost_per_kg,transit_days,capacity_kg_per_week,truck_kg,cost_per_truck\nMuyin-1,Jingkai,0.2,14,,,\nMuyin-1,Luodian-hub,0.1,0,,40,7.5\nLuodian-hub,Jingkai,0.45,7,,,\nMuyin-1,Ecom,0.3,0,,,\nMuyin-2,Jingkai,0.2,0,10,,\n",
        )
        .with(
            "support.csv",
            "buyer,product,price_per_kg,budget,farm,cost_per_kg\nEcom,plum,2.6,100,Muyin-1,0.05\n",
        )
        // Muyin-2 must sell all it harvests, through a lane of 10 kg a
        // week: it cannot, and the plan pays a fairness penalty.
        .with(
            "farms.csv",
            "farm,region,min_sold_share\nMuyin-1,Luodian,0\nMuyin-2,Luodian,1\n",
        )
        // More plums in week 1 than the orders take: the support buyer buys.
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,plum,1,2000.37\nMuyin-1,plum,2,93.1234567\nMuyin-1,plum,3,120.5\nMuyin-2,plum,1,100\n",
        )
        .write();
    let scenario = dir.path();
    let (mut support_loads, mut truck_money) = (0, 0.0);
    for week in [1u32, 2] {
        let out = scenario.join(format!("w{week}"));
        run_week(scenario, week, &out, &["--quiet", "--accept-state-week"]).code(0);
        let dispatch = rows(&out.join("dispatch.csv"));
        let weekly: Vec<_> = rows(&out.join("weekly.csv"))
            .into_iter()
            .filter(|r| r["week"] == week.to_string())
            .collect();
        for (load, part) in [("transport_cost", "transport_cost"), ("truck_cost", "truck_cost")] {
            let loads: f64 = dispatch.iter().map(|r| number(r, load)).sum();
            let weeks: f64 = weekly.iter().map(|r| number(r, part)).sum();
            let tolerance = MONEY_ROUNDING * (dispatch.len() + weekly.len()) as f64;
            assert!(
                (loads - weeks).abs() <= tolerance,
                "week {week} {part}: {loads} against {weeks}"
            );
        }
        assert_weekly_costs_add_up_to_the_objective(&out);
        truck_money += dispatch.iter().map(|r| number(r, "truck_cost")).sum::<f64>();
        if week == 1 {
            let fairness = summary_value(&out, "fairness_cost");
            assert!(fairness > 0.0, "a fairness penalty outside the weeks");
        }
        support_loads += dispatch.iter().filter(|r| r["channel"] == "support").count();
    }
    assert!(support_loads > 0, "support purchases leave in weeks 1 and 2");
    assert!(truck_money > 0.0, "trucks leave in weeks 1 and 2");
    // The library, unrounded: the week costs are the verified cost's parts.
    let instance = agrimatch::data::read_instance(scenario).expect("valid");
    let outcome = crate::common::solve(&instance, agrimatch::model::LpSolver::Microlp);
    let plan = outcome.plan().expect("a plan");
    let parts: f64 = plan.week_costs.values().map(|c| c.total()).sum::<f64>() + plan.costs.fairness;
    let total = plan.costs.total();
    assert!(
        (parts - total).abs() <= 1e-12 * total.abs(),
        "week costs {parts}, plan cost {total}"
    );
    for (week, c) in &plan.week_costs {
        assert_eq!(c.fairness, 0.0, "{week:?}: fairness is the window's");
    }
}
