//! Issue #10 ("Trust 2"), data layer: ids that look alike or would run as
//! spreadsheet formulas, numbers too large to plan with, bounded reading,
//! change files held to the same rules as scenario files, and terminal
//! output that cannot be steered by control characters in the input.

use std::ffi::OsStr;
use std::path::Path;

use assert_cmd::Command;

use crate::common::Scenario;

fn agrimatch() -> Command {
    Command::cargo_bin("agrimatch").expect("binary is built")
}

/// Runs `agrimatch ARGS`; (exit code, stdout, stderr).
fn run(args: &[&OsStr]) -> (i32, String, String) {
    let output = agrimatch().args(args).output().expect("binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `agrimatch plan DIR [--changes FILE] --out DIR/plan`; (exit code,
/// stdout, stderr), after checking that a failed plan wrote nothing.
fn plan(dir: &Path, changes: Option<&Path>) -> (i32, String, String) {
    let out = dir.join("plan");
    let mut args = vec![OsStr::new("plan"), dir.as_os_str(), "--out".as_ref(), out.as_os_str()];
    if let Some(changes) = changes {
        args.extend([OsStr::new("--changes"), changes.as_os_str()]);
    }
    let (code, stdout, stderr) = run(&args);
    assert!(code == 0 || !out.exists(), "nothing is written on failure");
    (code, stdout, stderr)
}

/// The problems reported for `scenario`, one line each.
fn problems_of(scenario: &Scenario) -> Vec<String> {
    scenario.problems()
}

// ---- bounded cost -------------------------------------------------------

/// 200,000 supply rows naming farms that do not exist, against 2,000 known
/// farms: every row is reported, and the near-miss hint still appears.
/// (Before the hints were memoised and capped this took 113 s.)
#[test]
fn many_unknown_farms_are_reported_at_a_bounded_cost() {
    let farms = "farm,region\n".to_string() + &(0..2000).map(|i| format!("Farm-{i},R\n")).collect::<String>();
    let lanes =
        "from,to,cost_per_kg\n".to_string() + &(0..2000).map(|i| format!("Farm-{i},Jingkai,1\n")).collect::<String>();
    let supply = "farm,product,week,quantity_kg\n".to_string()
        + &(0..200_000)
            .map(|i| format!("Farm-{}x,plum,{},1\n", i % 5000, 1 + i / 5000))
            .collect::<String>();
    let started = std::time::Instant::now();
    let problems = problems_of(
        &Scenario::base()
            .with("farms.csv", &farms)
            .with("lanes.csv", &lanes)
            .with("supply.csv", &supply),
    );
    eprintln!("200,000 unknown farms: {:.1} s", started.elapsed().as_secs_f64());
    assert_eq!(problems.len(), 200_000);
    assert_eq!(
        problems[0],
        "supply.csv: line 2, column farm: expected a farm id from farms.csv, found \"Farm-0x\" (did you mean \"Farm-0\"?)"
    );
}

/// `scenario.toml` with 100,000 unknown keys: each is reported on its own
/// line (finding the lines was quadratic: 200,000 keys took over a minute).
#[test]
fn many_unknown_settings_are_read_in_linear_time() {
    let toml: String = (0..100_000).map(|i| format!("key_{i} = 1\n")).collect();
    let problems = problems_of(&Scenario::base().with("scenario.toml", &toml));
    assert_eq!(problems.len(), 100_000);
    assert!(problems.contains(
        &"scenario.toml: line 99999, column key_99998: unknown setting (known settings: period_days, start_date, fair_shortfall, display_unit, csv_bom, language)"
            .to_string()
    ));
}

/// A setting's value is echoed cut like a cell, never whole.
#[test]
fn a_huge_setting_value_is_not_echoed_whole() {
    let toml = format!("display_unit = \"{}\"\n", "k".repeat(1_000_000));
    let problems = problems_of(&Scenario::base().with("scenario.toml", &toml));
    assert_eq!(
        problems,
        vec![format!(
            "scenario.toml: line 1, column display_unit: expected \"kg\", \"jin\" or \"t\" (or 公斤, 斤, 吨), found \"{}...\" (1000000 characters)",
            "k".repeat(60)
        )]
    );
}

/// A link to `/dev/zero` reports no size: the read itself must stop.
#[cfg(unix)]
#[test]
fn an_endless_file_is_refused_after_the_size_limit() {
    let dir = Scenario::base().write();
    std::fs::remove_file(dir.path().join("supply.csv")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("supply.csv")).unwrap();
    let (code, _, stderr) = plan(dir.path(), None);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("supply.csv: expected a file of at most 256 MiB, found more (is this the right file?)"),
        "{stderr}"
    );
}

// ---- ids ----------------------------------------------------------------

#[test]
fn ids_are_compared_in_nfc() {
    // "Café" with a combining accent (as macOS writes it) in farms.csv, and
    // with a precomposed é (as Windows writes it) everywhere else.
    let nfd = "Cafe\u{301}";
    let instance = Scenario::base()
        .with("farms.csv", &format!("farm,region\n{nfd},Luodian\n"))
        .with("supply.csv", "farm,product,week,quantity_kg\nCafé,plum,1,100\n")
        .with("lanes.csv", "from,to,cost_per_kg\nCafé,Jingkai,0.5\n")
        .instance();
    assert_eq!(instance.locations[0].id, "Café");
}

#[test]
fn formula_ids_are_refused() {
    let problems = problems_of(&Scenario::base().with(
        "farms.csv",
        "farm,region\nMuyin-1,Luodian\n\"=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\",Luodian\n@SUM(A1),Luodian\n",
    ));
    assert_eq!(
        problems,
        vec![
            "farms.csv: line 3, column farm: expected an id that does not start with =, +, - or @ (a spreadsheet would run it as a formula), found \"=HYPERLINK(\"http://example.com\",\"x\")\"".to_string(),
            "farms.csv: line 4, column farm: expected an id that does not start with =, +, - or @ (a spreadsheet would run it as a formula), found \"@SUM(A1)\"".to_string(),
        ]
    );
    // References are ids too.
    let problems =
        problems_of(&Scenario::base().with("demand.csv", "store,product,week,quantity_kg\nJingkai,+plum,1,80\n"));
    assert_eq!(
        problems,
        vec!["demand.csv: line 2, column product: expected an id that does not start with =, +, - or @ (a spreadsheet would run it as a formula), found \"+plum\"".to_string()]
    );
}

#[test]
fn ids_with_control_characters_are_refused() {
    for (id, shown) in [
        ("Muyin\u{1b}[31m", "Muyin\\u{1b}[31m"),
        ("Mu\u{7}yin", "Mu\\u{7}yin"),
        ("Mu\u{85}yin", "Mu\\u{85}yin"),
    ] {
        let problems = problems_of(&Scenario::base().with("stores.csv", &format!("store,region\nJingkai,J\n{id},J\n")));
        assert_eq!(
            problems,
            vec![format!(
                "stores.csv: line 3, column store: expected an id without control characters, found \"{shown}\""
            )]
        );
    }
}

#[test]
fn ids_that_look_the_same_are_refused() {
    let problems = problems_of(&Scenario::base().with("farms.csv", "farm,region\nMuyin-1,L\nCafé,L\nX,L\nＣａｆé,L\n"));
    assert_eq!(
        problems,
        vec!["farms.csv: line 5, column farm: \"Ｃａｆé\" looks the same as \"Café\" on line 3".to_string()]
    );
    // Farms, hubs and stores are one id space; case counts as looking the same.
    let problems = problems_of(&Scenario::base().with("stores.csv", "store,region\nJingkai,J\nmuyin-1,J\n"));
    assert_eq!(
        problems,
        vec![
            "stores.csv: line 3, column store: \"muyin-1\" looks the same as \"Muyin-1\" in farms.csv, line 2"
                .to_string()
        ]
    );
    let problems = problems_of(&Scenario::base().with(
        "products.csv",
        "product,shelf_life_days,value_per_kg\nplum,14,8\nPLUM,14,8\n",
    ));
    assert_eq!(
        problems,
        vec!["products.csv: line 3, column product: \"PLUM\" looks the same as \"plum\" on line 2".to_string()]
    );
}

#[test]
fn nfc_and_nfd_spellings_are_one_id_and_the_duplicate_says_why() {
    let problems = problems_of(&Scenario::base().with("farms.csv", "farm,region\nMuyin-1,L\nCafé,L\nCafe\u{301},L\n"));
    assert_eq!(
        problems,
        vec!["farms.csv: line 4, column farm: expected a unique id, found \"Café\", already used earlier in farms.csv (the same letters, encoded differently: ids are compared in Unicode NFC)".to_string()]
    );
}

// ---- numeric bounds -----------------------------------------------------

#[test]
fn numbers_beyond_their_bounds_are_refused_with_their_position() {
    let cases = [
        (
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,plum,1,1e308\n",
            "supply.csv: line 2, column quantity_kg: expected a number from 0 to 1e12, found \"1e308\"",
        ),
        (
            "supply.csv",
            "farm,product,week,quantity_t\nMuyin-1,plum,1,2e9\n",
            "supply.csv: line 2, column quantity_t: expected at most 1e12 kg, found 2e12 kg after conversion",
        ),
        (
            "products.csv",
            "product,shelf_life_days,value_per_kg\nplum,14,2e9\n",
            "products.csv: line 2, column value_per_kg: expected a number from 0 to 1e9, found \"2e9\"",
        ),
        (
            "lanes.csv",
            "from,to,cost_per_kg,capacity_kg_per_week\nMuyin-1,Jingkai,0.5,1e13\n",
            "lanes.csv: line 2, column capacity_kg_per_week: expected a number from 0 to 1e12, found \"1e13\"",
        ),
        (
            "farms.csv",
            "farm,region,priority\nMuyin-1,Luodian,1e7\n",
            "farms.csv: line 2, column priority: expected a number from 0 to 1e6, found \"1e7\"",
        ),
        (
            "stores.csv",
            "store,region,storage_kg,weight\nJingkai,J,,2e6\n",
            "stores.csv: line 2, column weight: expected a number > 0 and at most 1e6, found \"2e6\"",
        ),
        (
            "demand.csv",
            "store,product,week,quantity_kg,shortfall_penalty_per_kg\nJingkai,plum,1,80,1e10\n",
            "demand.csv: line 2, column shortfall_penalty_per_kg: expected a number from 0 to 1e9, found \"1e10\"",
        ),
    ];
    for (file, content, expected) in cases {
        assert_eq!(
            problems_of(&Scenario::base().with(file, content)),
            vec![expected.to_string()]
        );
    }
    // The bounds themselves are accepted.
    Scenario::base()
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,1e12\n")
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,14,1e9\n")
        .instance();
}

#[test]
fn check_refuses_the_same_values() {
    let dir = Scenario::base()
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,1e308\n")
        .write();
    let (code, _, stderr) = run(&["check".as_ref(), dir.path().as_os_str()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("supply.csv: line 2, column quantity_kg: expected a number from 0 to 1e12, found \"1e308\""),
        "{stderr}"
    );
}

// ---- change files -------------------------------------------------------

/// Plans the base scenario with a change file of these bytes; (exit code, stderr).
fn plan_with_change_bytes(name: &str, changes: &[u8]) -> (i32, String) {
    let dir = Scenario::base().write();
    let path = dir.path().join(name);
    std::fs::write(&path, changes).unwrap();
    let (code, _, stderr) = plan(dir.path(), Some(&path));
    (code, stderr)
}

#[test]
fn changes_are_held_to_the_bounds_of_the_files() {
    let header = "target,selector,field,op,value\n";
    for (change, expected) in [
        (
            "supply,*,quantity_kg,scale,1e308",
            "what-if.csv: line 2, column value: expected quantity_kg to stay a number from 0 to 1e12 after the change, found inf",
        ),
        (
            "farms,*,min_sold_share,set,2",
            "what-if.csv: line 2, column value: expected min_sold_share to stay a share from 0 to 1 after the change, found 2",
        ),
        (
            "stores,*,weight,set,0",
            "what-if.csv: line 2, column value: expected weight to stay a number > 0 and at most 1e6 after the change, found 0",
        ),
        (
            "products,*,value_per_kg,add,1e10",
            "what-if.csv: line 2, column value: expected value_per_kg to stay a number from 0 to 1e9 after the change, found 10000000008",
        ),
        (
            "farms,*,priority,set,1e7",
            "what-if.csv: line 2, column value: expected priority to stay a number from 0 to 1e6 after the change, found 10000000",
        ),
    ] {
        let (code, stderr) = plan_with_change_bytes("what-if.csv", format!("{header}{change}\n").as_bytes());
        assert_eq!(code, 2, "{change}: {stderr}");
        assert!(stderr.lines().any(|l| l.trim() == expected), "{change}:\n{stderr}");
    }
}

#[test]
fn selectors_are_strict() {
    let header = "target,selector,field,op,value\n";
    for (selector, expected) in [
        (
            ";;;",
            "what-if.csv: line 2, column selector: expected key=value conditions joined by ; or *, found an empty condition in \";;;\"",
        ),
        (
            "farm=Muyin-1;",
            "what-if.csv: line 2, column selector: expected key=value conditions joined by ; or *, found an empty condition in \"farm=Muyin-1;\"",
        ),
        ("farm=", "what-if.csv: line 2, column selector: expected a value after farm=, found none"),
        (
            "colour=red",
            "what-if.csv: line 2, column selector: expected a key of supply.csv (farm, product, week, region), found \"colour\"",
        ),
        ("\"\"", "what-if.csv: line 2, column selector: expected a value, found an empty cell"),
    ] {
        let change = format!("{header}supply,{selector},quantity_kg,scale,0.5\n");
        let (code, stderr) = plan_with_change_bytes("what-if.csv", change.as_bytes());
        assert_eq!(code, 2, "{selector}: {stderr}");
        assert!(stderr.lines().any(|l| l.trim() == expected), "{selector}:\n{stderr}");
    }
}

#[test]
fn change_files_with_crlf_count_lines_right() {
    let change = "target,selector,field,op,value\r\nsupply,*,quantity_kg,scale,0.5\r\nsupply,farm=Nobody,quantity_kg,scale,0.5\r\n";
    let (code, stderr) = plan_with_change_bytes("what-if.csv", change.as_bytes());
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("what-if.csv: line 3, column selector: selects no row of supply.csv"),
        "{stderr}"
    );
}

#[test]
fn change_files_in_gbk_with_chinese_ids_work() {
    let scenario = Scenario::base()
        .with("farms.csv", "farm,region\n木引-1,罗甸\n")
        .with("supply.csv", "farm,product,week,quantity_kg\n木引-1,plum,1,100\n")
        .with("lanes.csv", "from,to,cost_per_kg\n木引-1,Jingkai,0.5\n");
    let dir = scenario.write();
    let text = "target,selector,field,op,value\nsupply,farm=木引-1;region=罗甸,quantity_kg,scale,0.5\n";
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "the file is really GBK");
    let path = dir.path().join("减产.csv");
    std::fs::write(&path, &bytes).unwrap();
    let (code, _, stderr) = plan(dir.path(), Some(&path));
    assert_eq!(code, 0, "{stderr}");
    let summary = std::fs::read_to_string(dir.path().join("plan/summary.csv")).unwrap();
    // 50 kg left, 80 ordered: 30 short.
    assert!(summary.contains("\nshortfall_kg,30"), "{summary}");
}

// ---- terminal output ----------------------------------------------------

/// Ids may hold invisible characters (zero-width space, right-to-left
/// override); printed on a terminal they are escaped and quoted.
#[test]
fn ids_are_printed_escaped() {
    let scenario = Scenario::base()
        .with(
            "products.csv",
            "product,shelf_life_days,value_per_kg\npl\u{202e}um,14,8\n",
        )
        // A second farm without a lane sells nothing, below its minimum.
        .with(
            "farms.csv",
            "farm,region,min_sold_share\nMuyin-1,L,0\nMu\u{200b}yin,L,0.5\n",
        )
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,pl\u{202e}um,1,100\nMu\u{200b}yin,pl\u{202e}um,1,10\n",
        )
        .with(
            "demand.csv",
            "store,product,week,quantity_kg\nJingkai,pl\u{202e}um,1,80\n",
        );
    let dir = scenario.write();
    let (code, stdout, stderr) = run(&["check".as_ref(), dir.path().as_os_str()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("product     \"pl\\u{202e}um\""), "{stdout}");
    let (code, stdout, stderr) = plan(dir.path(), None);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("farm        \"Mu\\u{200b}yin\" sells 0.0% of its harvest"),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{202e}') && !stdout.contains('\u{200b}'), "{stdout}");
}

/// A change file named with an escape sequence: its name is printed
/// escaped in the sweep's rows and in error messages.
#[test]
fn file_names_are_printed_escaped() {
    let dir = Scenario::base().write();
    let variants = dir.path().join("variants");
    std::fs::create_dir(&variants).unwrap();
    let name = "red\u{1b}[31m.csv";
    std::fs::write(
        variants.join(name),
        "target,selector,field,op,value\nsupply,farm=Nobody,quantity_kg,scale,0.5\n",
    )
    .unwrap();
    let out = dir.path().join("sweep");
    let (code, stdout, stderr) = run(&[
        "sweep".as_ref(),
        dir.path().as_os_str(),
        variants.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("red\\u{1b}[31m.csv"), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}') && !stderr.contains('\u{1b}'),
        "{stdout}{stderr}"
    );
    let (code, _, stderr) = plan(dir.path(), Some(&variants.join(name)));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("red\\u{1b}[31m.csv: line 2, column selector: selects no row of supply.csv"),
        "{stderr}"
    );
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
}
