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
