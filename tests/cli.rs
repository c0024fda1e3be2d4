//! The real binary: exit codes, files written, messages.

use assert_cmd::Command;

use crate::common::Scenario;

fn agrimatch() -> Command {
    Command::cargo_bin("agrimatch").expect("binary is built")
}

#[test]
fn plan_writes_every_file_and_exits_0() {
    let dir = Scenario::base().write();
    let out = dir.path().join("plan");
    let assert = agrimatch()
        .arg("plan")
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("status      optimal"), "{stdout}");
    for file in agrimatch::report::PLAN_FILES {
        assert!(out.join(file).is_file(), "{file} written");
    }
    let shipments = std::fs::read_to_string(out.join("shipments.csv")).unwrap();
    assert_eq!(
        shipments,
        "from,to,product,ship_week,arrive_week,harvest_week,quantity_kg,cost\nMuyin-1,Jingkai,plum,1,1,1,80.000,40.0000\n"
    );
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    // 80 kg at 0.5; 20 kg still fresh at the end of week 1 (shelf life 14).
    assert!(summary.contains("\nobjective,40.0000\n"), "{summary}");
    assert!(summary.contains("\nclosing_stock_kg,20.000\n"), "{summary}");
    assert!(summary.contains("\nfill_rate,1.000000\n"), "{summary}");
}

#[test]
fn default_output_folder_is_inside_the_scenario() {
    let dir = Scenario::base().write();
    agrimatch()
        .arg("plan")
        .arg(dir.path())
        .arg("--quiet")
        .assert()
        .code(0)
        .stdout("");
    assert!(dir.path().join("out/summary.csv").is_file());
}

#[test]
fn rerun_replaces_the_old_plan_and_leaves_no_staging_folder() {
    let dir = Scenario::base().write();
    let out = dir.path().join("plan");
    for _ in 0..2 {
        agrimatch()
            .arg("plan")
            .arg(dir.path())
            .arg("--out")
            .arg(&out)
            .assert()
            .code(0);
        // A file left in a folder the program wrote goes with the folder.
        std::fs::write(out.join("stale.csv"), "old").unwrap();
    }
    assert!(out.join(agrimatch::report::MARKER_FILE).is_file());
    agrimatch()
        .arg("plan")
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    assert!(!out.join("stale.csv").exists(), "the old folder is replaced as a whole");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".agrimatch-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn bad_input_exits_2_names_the_cell_and_writes_nothing() {
    let dir = Scenario::base()
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,-40\n")
        .write();
    let out = dir.path().join("plan");
    let assert = agrimatch()
        .arg("plan")
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("supply.csv: line 2, column quantity_kg: expected a number >= 0, found \"-40\""),
        "{stderr}"
    );
    assert!(!out.exists(), "no output folder for a bad scenario");
}

#[test]
fn missing_scenario_folder_exits_2() {
    let assert = agrimatch()
        .args(["plan", "/nonexistent/agrimatch-scenario"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("expected a scenario folder"), "{stderr}");
}

#[test]
fn time_limit_without_a_plan_exits_1_and_writes_nothing() {
    let dir = Scenario::base().write();
    let out = dir.path().join("plan");
    let assert = agrimatch()
        .arg("plan")
        .arg(dir.path())
        .args(["--solver", "microlp", "--time-limit", "0.000000001", "--out"])
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("no plan written"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn the_shipped_tiny_scenario_plans() {
    let out = tempfile::tempdir().unwrap();
    let scenario = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny");
    agrimatch()
        .arg("plan")
        .arg(scenario)
        .arg("--out")
        .arg(out.path().join("p"))
        .assert()
        .code(0);
}

#[test]
fn a_model_too_large_for_memory_is_refused_with_its_size() {
    let dir = Scenario::base().write();
    let assert = agrimatch()
        .env("AGRIMATCH_MEMORY_BYTES", "20000")
        .arg("plan")
        .arg(dir.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("the model would have 4 variables and 3 constraints and need about"),
        "{stderr}"
    );
    assert!(stderr.contains("more than the budget of"), "{stderr}");
    assert!(!dir.path().join("out").exists());

    let assert = agrimatch()
        .env("AGRIMATCH_MEMORY_BYTES", "1")
        .arg("plan")
        .arg(dir.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("the scenario spans 2 locations x 1 products x 1 weeks x ages"),
        "{stderr}"
    );
}

#[test]
fn generate_writes_the_same_scenario_for_the_same_seed() {
    let tmp = tempfile::tempdir().unwrap();
    for run in ["a", "b"] {
        agrimatch()
            .args([
                "generate",
                "--farms",
                "12",
                "--stores",
                "3",
                "--products",
                "3",
                "--weeks",
                "6",
                "--seed",
                "9",
            ])
            .arg(tmp.path().join(run))
            .assert()
            .code(0);
    }
    for file in [
        "products.csv",
        "farms.csv",
        "stores.csv",
        "hubs.csv",
        "supply.csv",
        "demand.csv",
        "lanes.csv",
    ] {
        let a = std::fs::read(tmp.path().join("a").join(file)).unwrap();
        let b = std::fs::read(tmp.path().join("b").join(file)).unwrap();
        assert_eq!(a, b, "{file}");
    }
    agrimatch()
        .arg("plan")
        .arg(tmp.path().join("a"))
        .arg("--quiet")
        .assert()
        .code(0);
}

#[test]
fn bench_writes_a_csv_and_a_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("bench");
    let assert = agrimatch()
        .args([
            "bench",
            "--sizes",
            "tiny",
            "--solvers",
            "auto,clarabel",
            "--runs",
            "2",
            "--warmup",
            "1",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert_eq!(stderr.matches("warm-up 1 of 1").count(), 2, "{stderr}");
    assert_eq!(stderr.matches(", run 2 of 2").count(), 2, "{stderr}");
    let csv = std::fs::read_to_string(out.join("bench.csv")).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(
        csv.lines().skip(1).all(|l| l.contains(",optimal,2,1,")),
        "2 runs after 1 warm-up: {csv}"
    );
    let header = csv.lines().next().unwrap();
    assert!(header.contains(",solve_cpu_seconds_min,solve_cpu_seconds_median,solve_cpu_seconds_max,"));
    let runs = std::fs::read_to_string(out.join("bench-runs.csv")).unwrap();
    assert_eq!(runs.lines().count(), 1 + 2 * 2, "one row per timed run: {runs}");
    let svg = std::fs::read_to_string(out.join("bench.svg")).unwrap();
    assert!(svg.contains(">\nclarabel\n<"), "the legend names each solver");
    agrimatch()
        .args(["bench", "--sizes", "tiny", "--runs", "0", "--out"])
        .arg(tmp.path().join("none"))
        .assert()
        .code(2);
}

#[test]
fn fairness_writes_the_trade_off_table_and_chart() {
    let out = tempfile::tempdir().unwrap();
    let scenario = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny");
    let assert = agrimatch()
        .arg("fairness")
        .arg(scenario)
        .args(["--levels", "0,0.1,none", "--out"])
        .arg(out.path().join("f"))
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("worst store fill"), "{stdout}");
    let table = std::fs::read_to_string(out.path().join("f/fairness.csv")).unwrap();
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows.len(), 4, "{table}");
    assert!(
        rows[1].starts_with("0,optimal,") && rows[3].starts_with("none,optimal,"),
        "{table}"
    );
    // Equal shares never cost less than no constraint.
    let cost = |row: &str| row.split(',').nth(2).unwrap().parse::<f64>().unwrap();
    assert!(cost(rows[1]) >= cost(rows[3]) - 1e-6, "{table}");
    assert!(out.path().join("f/fairness.svg").is_file());
    let bad = agrimatch()
        .args(["fairness", "scenarios/tiny", "--levels", "2"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&bad.get_output().stderr).contains("--levels: expected shares from 0 to 1"));
}

#[test]
fn greedy_baseline_writes_a_verified_plan_and_the_lp_reports_its_saving() {
    let out = tempfile::tempdir().unwrap();
    let scenario = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny");
    agrimatch()
        .arg("plan")
        .arg(&scenario)
        .args(["--method", "greedy", "--quiet", "--out"])
        .arg(out.path().join("greedy"))
        .assert()
        .code(0);
    let summary = std::fs::read_to_string(out.path().join("greedy/summary.csv")).unwrap();
    assert!(summary.contains("status,baseline\nsolver,greedy\n"), "{summary}");
    let assert = agrimatch()
        .arg("plan")
        .arg(&scenario)
        .args(["--baseline", "--out"])
        .arg(out.path().join("lp"))
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        stdout.contains("vs greedy   the LP saves 968 in cost (14,691 against 15,659)"),
        "{stdout}"
    );
}

#[test]
fn roll_writes_the_committed_plan() {
    let out = tempfile::tempdir().unwrap();
    let scenario = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny");
    let assert = agrimatch()
        .arg("roll")
        .arg(&scenario)
        .args(["--horizon", "2", "--out"])
        .arg(out.path().join("roll"))
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("status      rolled"), "{stdout}");
    assert!(stdout.contains("balance     11,100 kg in = "), "{stdout}");
    let summary = std::fs::read_to_string(out.path().join("roll/summary.csv")).unwrap();
    assert!(summary.contains("status,rolled\n"), "{summary}");
}

#[test]
fn init_writes_a_template_that_checks_and_plans() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    agrimatch().arg("init").arg(&dir).assert().code(0);
    let assert = agrimatch().arg("check").arg(&dir).assert().code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        stdout.contains("read        2 products, 2 farms, 1 hubs, 2 stores, 5 lanes"),
        "{stdout}"
    );
    assert!(stdout.contains("ok          the scenario is valid"), "{stdout}");
    agrimatch().arg("plan").arg(&dir).arg("--quiet").assert().code(0);
    // init never overwrites.
    agrimatch().arg("init").arg(&dir).assert().code(2);
}

/// 100 kg harvested, 150 ordered in the same week: shortfall is certain.
#[test]
fn check_warns_of_certain_shortfall_and_rejects_bad_input() {
    let dir = Scenario::base()
        .with("demand.csv", "store,product,week,quantity_kg\nJingkai,plum,1,150\n")
        .write();
    let assert = agrimatch().arg("check").arg(dir.path()).assert().code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        stdout.contains(
            "warning     week 1: 150 kg of plum ordered, but at most 100 kg harvested fresh enough to sell then"
        ),
        "{stdout}"
    );
    assert!(!dir.path().join("out").exists(), "check writes nothing");
    let bad = Scenario::base()
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,-1\n")
        .write();
    agrimatch().arg("check").arg(bad.path()).assert().code(2);
}

#[test]
fn json_summary_for_scripts() {
    let dir = Scenario::base().write();
    let assert = agrimatch().arg("plan").arg(dir.path()).arg("--json").assert().code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    // One farm, one store, no capacity: a pure network.
    assert!(
        stdout.starts_with("{\"status\":\"optimal\",\"solver\":\"network\",\"objective\":40.0000,"),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with('}'), "{stdout}");
}

#[test]
fn marginal_values_file_on_request() {
    let dir = Scenario::base().write();
    let out = dir.path().join("plan");
    agrimatch()
        .arg("plan")
        .arg(dir.path())
        .args(["--quiet", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    assert!(!out.join("marginal_values.csv").exists(), "only on request");
    agrimatch()
        .arg("plan")
        .arg(dir.path())
        .args(["--quiet", "--marginal-values", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let text = std::fs::read_to_string(out.join("marginal_values.csv")).unwrap();
    assert!(
        text.starts_with("kind,location,lane_to,product,week,cost_change_per_kg\n"),
        "{text}"
    );
    // 80 kg ordered, 100 harvested and the rest still fresh at the end of the
    // one-week horizon: one more kg ordered costs its transport (0.5); one
    // more kg harvested is closing stock (0).
    assert!(text.contains("demand,Jingkai,,plum,1,0.5000\n"), "{text}");
    assert!(text.contains("harvest,Muyin-1,,plum,1,0.0000\n"), "{text}");
}

#[test]
fn the_terminal_shows_the_chosen_unit() {
    let dir = Scenario::base()
        .with("scenario.toml", "display_unit = \"jin\"\n")
        .write();
    let assert = agrimatch().arg("plan").arg(dir.path()).assert().code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    // 80 kg delivered = 160 jin; files stay in kg.
    assert!(
        stdout.contains("fill rate   100.0% (160 jin of 160 jin ordered delivered, 0 jin short)"),
        "{stdout}"
    );
    let summary = std::fs::read_to_string(dir.path().join("out/summary.csv")).unwrap();
    assert!(summary.contains("\ndelivered_kg,80.000\n"), "{summary}");
}

/// report.html is one self-contained page: no scripts, nothing fetched,
/// a chart per product and the headline figures.
#[test]
fn report_html_is_self_contained() {
    let out = tempfile::tempdir().unwrap();
    let scenario = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny");
    agrimatch()
        .arg("plan")
        .arg(&scenario)
        .args(["--baseline", "--quiet", "--out"])
        .arg(out.path().join("p"))
        .assert()
        .code(0);
    let page = std::fs::read_to_string(out.path().join("p/report.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..80]);
    for banned in ["<script", "src=\"http", "href=\"http", "@import", "url("] {
        assert!(!page.contains(banned), "the page must not contain {banned}");
    }
    assert!(page.contains("Shipment plan: 4 weeks of 7 days"));
    assert!(page.contains("Against the greedy baseline"));
    // 2 products + waste + 2 bar charts + the flow diagram.
    assert!(
        page.matches("<svg").count() >= 6,
        "charts: {}",
        page.matches("<svg").count()
    );
    // Muyin-1 reaches the stores only through the Luodian hub: its produce
    // is traced through it (plums 3,400 + cabbage 1,600 to Jingkai).
    assert!(
        page.contains(
            "<td class=\"t\" data-label=\"farm\">Muyin-1</td><td class=\"t\" data-label=\"store\">Jingkai-market</td>\
             <td data-label=\"kg\">5,000 kg</td>"
        ),
        "farm -> store through the hub"
    );
    assert!(
        !page.contains("Where an extra truck"),
        "marginal values only on request"
    );
    agrimatch()
        .arg("plan")
        .arg(&scenario)
        .args(["--marginal-values", "--quiet", "--out"])
        .arg(out.path().join("m"))
        .assert()
        .code(0);
    let page = std::fs::read_to_string(out.path().join("m/report.html")).unwrap();
    assert!(page.contains("Where an extra truck or cold room pays most"));
}

/// `report` rebuilds the page from the output folder's flows.csv, verified
/// again: byte for byte the page `plan` wrote but for the status line, which
/// says the status is as recorded; a folder planned from another scenario is refused.
#[test]
fn report_renders_an_existing_output_folder() {
    let dir = Scenario::base().write();
    let out = dir.path().join("out");
    agrimatch().arg("plan").arg(dir.path()).arg("--quiet").assert().code(0);
    let first = std::fs::read_to_string(out.join("report.html")).unwrap();
    std::fs::remove_file(out.join("report.html")).unwrap();
    agrimatch().arg("report").arg(&out).assert().code(0);
    let again = std::fs::read_to_string(out.join("report.html")).unwrap();
    let status = |page: &str| {
        let start = page.find("<p>Status ").unwrap();
        let end = start + page[start..].find("</p>").unwrap();
        (
            format!("{}{}", &page[..start], &page[end..]),
            page[start..end].to_string(),
        )
    };
    assert_eq!(status(&again).0, status(&first).0);
    assert!(
        status(&again).1.contains("as recorded by agrimatch plan"),
        "{}",
        status(&again).1
    );

    let other = Scenario::base()
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,10\n")
        .write();
    let assert = agrimatch()
        .arg("report")
        .arg(&out)
        .arg("--scenario")
        .arg(other.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("does not fit"), "{stderr}");
}

/// `check` warns, with week and kg, about produce no order can use (stock
/// on hand in week 1 when orders start in week 14) and about a farm or store
/// without any lane.
#[test]
fn check_warns_about_unsellable_stock_and_places_without_lanes() {
    let dir = Scenario::base()
        .with("farms.csv", "farm,region\nMuyin-1,Luodian\nDadi,Luodian\n")
        .with("stores.csv", "store,region\nJingkai,Jingkai\nHuaxi,Huaxi\n")
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,plum,14,100\nDadi,plum,14,4000\n",
        )
        .with(
            "demand.csv",
            "store,product,week,quantity_kg\nJingkai,plum,14,80\nJingkai,plum,17,80\nHuaxi,plum,15,30\n",
        )
        .with(
            "stock.csv",
            "location,product,age_days,quantity_kg\nMuyin-1,plum,0,500\n",
        )
        .write();
    let assert = agrimatch().arg("check").arg(dir.path()).assert().code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        stdout.contains("warning     week 1: 500 kg of plum in stock at Muyin-1 can reach no order"),
        "{stdout}"
    );
    assert!(
        stdout.contains("warning     farm Dadi has no lane: 4,000 kg"),
        "{stdout}"
    );
    assert!(
        stdout.contains("warning     store Huaxi has no lane: 30 kg"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("week 14: 100 kg"),
        "the week-14 harvest sells: {stdout}"
    );
}

/// `roll --actuals`: a missing or empty folder is said plainly, and a
/// problem in an actual file names the actuals folder.
#[test]
fn roll_actuals_problems_name_the_actuals_folder() {
    let dir = Scenario::base().write();
    let actuals = dir.path().join("actuals");
    let roll = || {
        let mut cmd = agrimatch();
        cmd.arg("roll")
            .arg(dir.path())
            .args(["--horizon", "1", "--actuals"])
            .arg(&actuals);
        cmd
    };
    let stderr = |assert: assert_cmd::assert::Assert| String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let missing = stderr(roll().assert().code(2));
    assert!(missing.contains("found no such folder"), "{missing}");
    std::fs::create_dir(&actuals).unwrap();
    let empty = stderr(roll().assert().code(2));
    assert!(empty.contains("found neither"), "{empty}");
    std::fs::write(
        actuals.join("supply.csv"),
        "farm,product,week,quantity_kg\nMuyin-1,plum,1,-5\n",
    )
    .unwrap();
    let bad = stderr(roll().assert().code(2));
    let named = actuals.join("supply.csv").display().to_string();
    assert!(bad.contains(&format!("{named}: line 2, column quantity_kg")), "{bad}");
    // Only supply.csv: the forecast's orders stand.
    std::fs::write(
        actuals.join("supply.csv"),
        "farm,product,week,quantity_kg\nMuyin-1,plum,1,90\n",
    )
    .unwrap();
    roll().assert().code(0);
}

/// `--memory` is a budget the model's counts are checked against, the same
/// on every machine: too small refuses before any work, a size word is read.
#[test]
fn the_memory_budget_is_a_flag_not_a_reading_of_the_machine() {
    let dir = Scenario::base().write();
    let out = dir.path().join("out");
    let assert = agrimatch()
        .args(["plan", "--memory", "1K"])
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("more than the budget of"), "{stderr}");
    assert!(!out.exists());
    agrimatch()
        .args(["plan", "--memory", "1G", "--quiet"])
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    let assert = agrimatch()
        .args(["plan", "--memory", "lots"])
        .arg(dir.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("expected a size such as 8G or 512M"), "{stderr}");
}

/// `summary.csv` says how optimality was proven: a checked certificate with
/// its duality gap for solvers that give duals, `none` and status `solved`
/// for microlp, which gives none.
#[test]
fn summary_records_the_certificate_of_each_solver() {
    let dir = Scenario::base().write();
    for (solver, status, certificate) in [
        ("network", "optimal", "checked"),
        ("coupled", "optimal", "checked"),
        ("clarabel", "optimal", "checked"),
        ("microlp", "solved", "none: the solver gives no duals"),
    ] {
        let out = dir.path().join(solver);
        agrimatch()
            .arg("plan")
            .arg(dir.path())
            .args(["--solver", solver, "--quiet", "--out"])
            .arg(&out)
            .assert()
            .code(0);
        let summary = std::fs::read_to_string(out.join("summary.csv")).expect("summary.csv");
        assert!(summary.contains(&format!("\nstatus,{status}\n")), "{solver}: {summary}");
        assert!(
            summary.contains(&format!("\ncertificate,{certificate}\n")),
            "{solver}: {summary}"
        );
        let gap = summary
            .lines()
            .find_map(|l| l.strip_prefix("duality_gap,"))
            .expect("a duality_gap row");
        if certificate == "checked" {
            let gap: f64 = gap.parse().expect("a number");
            assert!(gap.abs() <= 1e-6 * 41.0, "{solver}: gap {gap}");
        } else {
            assert_eq!(gap, "", "{solver}");
        }
    }
}

/// Money and penalties apart: the terminal and `summary.csv` split the
/// objective into money spent and penalties weighed, which add up to it;
/// `farms.csv` names its value column for what it is.
#[test]
fn money_spent_and_penalties_add_up_to_the_objective() {
    // 100 kg harvested, 80 ordered at 0.5 a kg transport: 40 spent; the
    // 20 kg left are still fresh at the end (no priority): no penalty.
    let dir = Scenario::base()
        .with(
            "demand.csv",
            "store,product,week,quantity_kg,shortfall_penalty_per_kg\nJingkai,plum,1,130,3\n",
        )
        .write();
    let out = dir.path().join("out");
    let assert = agrimatch()
        .arg("plan")
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    // 100 kg shipped (50 spent), 30 kg short at 3 (90 weighed).
    assert!(
        stdout.contains("money       50 spent (transport 50, holding 0)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("penalties   90 weighed, not paid (shortfall 90, waste 0)"),
        "{stdout}"
    );
    assert!(stdout.contains("objective   140 = money + penalties"), "{stdout}");
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    for row in ["objective,140.0000", "money_spent,50.0000", "penalties,90.0000"] {
        assert!(summary.lines().any(|l| l == row), "{row}: {summary}");
    }
    let farms = std::fs::read_to_string(out.join("farms.csv")).unwrap();
    assert!(farms.lines().next().unwrap().contains(",sales_value,"), "{farms}");
}

/// `-q` on every command that prints a summary: silence on success, the
/// files still written.
#[test]
fn every_command_takes_quiet() {
    let dir = Scenario::base().write();
    let half = dir.path().join("half.csv");
    std::fs::write(
        &half,
        "target,selector,field,op,value\nsupply,farm=Muyin-1,quantity_kg,scale,0.5\n",
    )
    .unwrap();
    let s = dir.path().to_str().unwrap();
    let h = half.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let runs: Vec<Vec<String>> = vec![
        vec!["plan".into(), s.into(), "--out".into(), out("plan")],
        vec!["sweep".into(), s.into(), h.into(), "--out".into(), out("sweep")],
        vec![
            "roll".into(),
            s.into(),
            "--horizon".into(),
            "1".into(),
            "--out".into(),
            out("roll"),
        ],
        vec![
            "fairness".into(),
            s.into(),
            "--levels".into(),
            "0".into(),
            "--out".into(),
            out("fair"),
        ],
        vec!["merge".into(), out("merged"), out("sweep")],
        vec!["report".into(), out("plan"), "--scenario".into(), s.into()],
        vec!["init".into(), out("template")],
        vec!["check".into(), s.into()],
    ];
    for args in runs {
        let assert = agrimatch().args(&args).arg("-q").assert();
        let output = assert.get_output();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            output.stdout.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

/// A sweep variant that could not run says why on the terminal, and what
/// each status word shown means.
#[test]
fn sweep_says_why_a_variant_failed_and_what_its_status_means() {
    let dir = Scenario::base().write();
    let typo = dir.path().join("typo.csv");
    std::fs::write(
        &typo,
        "target,selector,field,op,value\nsupply,farm=Nobody,quantity_kg,scale,0.5\n",
    )
    .unwrap();
    let assert = agrimatch()
        .arg("sweep")
        .arg(dir.path())
        .arg(&typo)
        .arg("--out")
        .arg(dir.path().join("sweep"))
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        stdout.contains("typo.csv: line 2, column selector: selects no row of supply.csv"),
        "{stdout}"
    );
    assert!(stdout.contains("error       = the run could not start"), "{stdout}");
}

/// The template shows every setting (commented out), and each one, once
/// uncommented, is read as valid: the template is the manual of settings.
#[test]
fn the_template_shows_every_setting_and_each_one_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("t");
    agrimatch().arg("init").arg(&dir).arg("-q").assert().code(0);
    let toml = std::fs::read_to_string(dir.join("scenario.toml")).unwrap();
    for key in ["period_days", "start_date", "fair_shortfall", "display_unit", "csv_bom"] {
        assert!(toml.contains(&format!("{key} = ")), "{key}: {toml}");
    }
    let uncommented: String = toml
        .lines()
        .map(|l| {
            l.strip_prefix("# ")
                .filter(|r| {
                    r.split_once(" = ")
                        .is_some_and(|(key, _)| key.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                })
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.join("scenario.toml"), uncommented).unwrap();
    let assert = agrimatch().arg("check").arg(&dir).assert().code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("the scenario is valid"), "{stdout}");
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    for mention in ["support.csv", "truck_kg", "csv_bom"] {
        assert!(readme.contains(mention), "{mention}: {readme}");
    }
}

/// Produce on the road that arrives after the data's last week is neither
/// sold nor wasted in `plan`: listed in after_plan.csv and on the terminal,
/// and `report` re-checks the folder the same way.
#[test]
fn plan_lists_produce_arriving_after_its_last_week_instead_of_wasting_it() {
    let dir = Scenario::base()
        .with(
            "in_transit.csv",
            "from,to,product,arrive_week,age_days,quantity_kg\nMuyin-1,Jingkai,plum,30,2,500\n",
        )
        .write();
    let out = dir.path().join("out");
    let assert = agrimatch()
        .arg("plan")
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        stdout.contains("after plan  500 kg on the road arrive after week 1"),
        "{stdout}"
    );
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    // 100 kg harvested, 80 sold, 20 still fresh: the 500 kg on the road count nowhere.
    assert!(summary.lines().any(|l| l == "waste_kg,0.000"), "{summary}");
    assert!(summary.lines().any(|l| l == "supply_kg,100.000"), "{summary}");
    let after = std::fs::read_to_string(out.join("after_plan.csv")).unwrap();
    assert!(after.contains("Muyin-1,Jingkai,plum,30,2,500"), "{after}");
    agrimatch()
        .arg("report")
        .arg(&out)
        .arg("--scenario")
        .arg(dir.path())
        .assert()
        .code(0);
}

/// Stderr closed early (`agrimatch ... 2>&1 | head`) is a broken pipe, not
/// a crash: the exit code is the run's own (2 here), never a panic's 101.
#[test]
fn a_closed_stderr_is_not_a_crash() {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("agrimatch"))
        .args(["plan", "/nonexistent/scenario"])
        .stdout(std::process::Stdio::null())
        .stderr(writer)
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(2));
}
