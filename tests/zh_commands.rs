//! 中文 for every command: what plan, roll, week, sweep, merge, fairness,
//! support, bench, check, report and init print in zh-CN has no English word
//! outside ids, units, file names and commands to type; a scenario's
//! `language` setting speaks Chinese without flags; terminal tables with
//! Chinese ids align by display width; the Chinese template workbook plans to
//! the same CSV files as the English one.

use std::path::Path;

use assert_cmd::Command;

use crate::common::{agrimatch_without_locale as agrimatch, english_words};

/// The tiny example scenario, copied into `dir` with `edit` applied to
/// every file's text.
fn tiny_in(dir: &Path, edit: impl Fn(&str) -> String) {
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny");
    std::fs::create_dir_all(dir).unwrap();
    for entry in std::fs::read_dir(tiny).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(dir.join(path.file_name().unwrap()), edit(&text)).unwrap();
    }
}

/// Runs agrimatch in zh-CN with `args`; its stdout and stderr together.
fn run_zh(args: &[&str], code: i32) -> String {
    let assert = agrimatch().args(["--lang", "zh-CN"]).args(args).assert().code(code);
    let output = assert.get_output();
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn every_command_speaks_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s");
    tiny_in(&scenario, str::to_string);
    // A support buyer, with the lane its purchases take from the priority farm.
    std::fs::write(
        scenario.join("support.csv"),
        "buyer,product,price_per_kg,budget\nJingkai-market,honey-plum,6,500\n",
    )
    .unwrap();
    let lanes = std::fs::read_to_string(scenario.join("lanes.csv")).unwrap();
    std::fs::write(scenario.join("lanes.csv"), lanes + "Muyin-1,Jingkai-market,0.45,1,\n").unwrap();
    let change = dir.path().join("more-cabbage.csv");
    std::fs::write(
        &change,
        "target,selector,field,op,value\nsupply,product=cabbage,quantity_kg,scale,1.2\n",
    )
    .unwrap();
    let s = scenario.to_str().unwrap();
    let c = change.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let runs: Vec<(Vec<String>, i32)> = vec![
        (vec!["check".into(), s.into()], 0),
        (vec!["plan".into(), s.into(), "--baseline".into()], 0),
        (vec!["report".into(), format!("{s}/out")], 0),
        (vec!["roll".into(), s.into(), "--horizon".into(), "2".into()], 0),
        (vec!["week".into(), s.into(), "--from".into(), "2".into()], 0),
        (vec!["check".into(), s.into(), "--from".into(), "2".into()], 0),
        (
            vec!["sweep".into(), s.into(), c.into(), "--samples".into(), "2".into()],
            0,
        ),
        (
            vec![
                "sweep".into(),
                s.into(),
                c.into(),
                "--shard".into(),
                "0/2".into(),
                "--out".into(),
                out("a"),
            ],
            0,
        ),
        (
            vec![
                "sweep".into(),
                s.into(),
                c.into(),
                "--shard".into(),
                "1/2".into(),
                "--out".into(),
                out("b"),
            ],
            0,
        ),
        (vec!["merge".into(), out("m"), out("a"), out("b")], 0),
        (vec!["fairness".into(), s.into()], 0),
        (vec!["support".into(), s.into()], 0),
        (vec!["init".into(), out("new")], 0),
        (vec!["init".into(), "--xlsx".into(), out("book")], 0),
        (
            vec![
                "bench".into(),
                "--sizes".into(),
                "tiny".into(),
                "--solvers".into(),
                "microlp".into(),
                "--runs".into(),
                "1".into(),
                "--out".into(),
                out("bench"),
            ],
            0,
        ),
    ];
    let path = dir.path().to_str().unwrap().to_string();
    // Ids, solver and size names, file names, units and allowed terms.
    let allowed = [
        "honey-plum",
        "cabbage",
        "Muyin",
        "Ziyun",
        "Luodian",
        "Jingkai",
        "Huaxi",
        "yield-sample",
        "tiny",
        "coupled",
        "network",
        "microlp",
        "clarabel",
        "highs",
        ".csv",
        ".html",
        ".xlsx",
        ".svg",
        ".toml",
        ".md",
        "CPU",
        "MB",
        "LP",
        "bench",
        "DIR",
        "next",
    ];
    for (args, code) in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        // The folder's random name may hold digits, which split words: taken out whole.
        let text = run_zh(&args, *code).replace(&path, "DIR");
        assert!(!text.trim().is_empty(), "{args:?} printed something");
        assert!(
            text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{args:?}: {text}"
        );
        assert_eq!(english_words(&text, &allowed), Vec::<String>::new(), "{args:?}: {text}");
    }
}

#[test]
fn a_language_setting_in_the_scenario_speaks_chinese_without_flags() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s");
    tiny_in(&scenario, str::to_string);
    std::fs::write(
        scenario.join("scenario.toml"),
        "period_days = 7\nlanguage = \"zh-CN\"\n",
    )
    .unwrap();
    let first_line = |command: &mut Command| {
        let assert = command.arg("check").arg(&scenario).assert().code(0);
        let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
        stdout.lines().next().unwrap_or_default().to_string()
    };
    assert!(first_line(&mut agrimatch()).starts_with("已读取"));
    // The scenario outranks the machine's locale ...
    assert!(first_line(agrimatch().env("LANG", "en_US.UTF-8")).starts_with("已读取"));
    // ... and yields to the flag and to AGRIMATCH_LANG.
    assert!(first_line(agrimatch().args(["--lang", "en"])).starts_with("read        "));
    assert!(first_line(agrimatch().env("AGRIMATCH_LANG", "en")).starts_with("read        "));
    // An English scenario on a Chinese machine stays English.
    std::fs::write(scenario.join("scenario.toml"), "language = \"en\"\n").unwrap();
    assert!(first_line(agrimatch().env("LANG", "zh_CN.UTF-8")).starts_with("read        "));
    // The Chinese folder template sets it, and speaks Chinese from then on.
    let new = dir.path().join("new");
    agrimatch().args(["--lang", "zh-CN", "init"]).arg(&new).assert().code(0);
    let settings = std::fs::read_to_string(new.join("scenario.toml")).unwrap();
    assert!(settings.contains("\nlanguage = \"zh-CN\"\n"), "{settings}");
    let assert = agrimatch().arg("check").arg(&new).assert().code(0);
    assert!(String::from_utf8_lossy(&assert.get_output().stdout).starts_with("已读取"));
    // A language it does not know is an input error at its line.
    std::fs::write(scenario.join("scenario.toml"), "period_days = 7\nlanguage = \"fr\"\n").unwrap();
    let assert = agrimatch().arg("check").arg(&scenario).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("scenario.toml") && stderr.contains("language"),
        "{stderr}"
    );
}

/// Display width: CJK characters take two columns.
fn width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[test]
fn terminal_tables_with_chinese_ids_align() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s");
    tiny_in(&scenario, |text| {
        text.replace("honey-plum", "蜂糖李").replace("cabbage", "大白菜")
    });
    let s = scenario.to_str().unwrap();
    // check: the figures after each product id start in one column.
    let text = run_zh(&["check", s], 0);
    let starts: Vec<usize> = text
        .lines()
        .filter(|l| l.starts_with("产品"))
        .map(|l| width(&l[..l.find("采收和库存").unwrap()]))
        .collect();
    assert_eq!(starts.len(), 2, "{text}");
    assert!(starts.iter().all(|&s| s == starts[0]), "{text}");
    // The same in English, where the ids are the only Chinese.
    let assert = agrimatch().args(["check", s]).assert().code(0);
    let english = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let starts: Vec<usize> = english
        .lines()
        .filter(|l| l.starts_with("product"))
        .map(|l| width(&l[..l.find(|c: char| c.is_ascii_digit()).unwrap()]))
        .collect();
    assert_eq!(starts.len(), 2, "{english}");
    // fairness: every row's cost ends in the column where the header's
    // third column ends plus its width (Chinese level 不设 and status words).
    let text = run_zh(&["fairness", s], 0);
    let rows: Vec<&str> = text.lines().skip(1).take_while(|l| !l.starts_with("已写入")).collect();
    assert!(rows.len() >= 5, "{text}");
    let ends: Vec<usize> = rows
        .iter()
        .map(|l| {
            let cost = l.split_whitespace().nth(2).unwrap();
            width(&l[..l.find(cost).unwrap() + cost.len()])
        })
        .collect();
    assert!(ends.iter().all(|&e| e == 15 + 1 + 11 + 1 + 15), "{ends:?}\n{text}");
}

#[test]
fn the_chinese_template_plans_byte_identically_to_the_english_one() {
    let dir = tempfile::tempdir().unwrap();
    let (en, zh) = (dir.path().join("en"), dir.path().join("zh"));
    agrimatch().args(["init", "--xlsx"]).arg(&en).assert().code(0);
    agrimatch()
        .args(["--lang", "zh-CN", "init", "--xlsx"])
        .arg(&zh)
        .assert()
        .code(0);
    // Its sheets and headers are Chinese.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(zh.join("scenario.xlsx")).unwrap();
    let names = book.sheet_names();
    for sheet in [
        "产品",
        "基地",
        "中转",
        "商超",
        "供应",
        "需求",
        "线路",
        "库存",
        "在途",
        "帮扶采购",
        "设置",
    ] {
        assert!(names.iter().any(|n| n == sheet), "{sheet}: {names:?}");
    }
    let supply = book.worksheet_range("供应").unwrap();
    let header: Vec<String> = supply.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header, ["基地", "产品", "周", "数量(公斤)"]);
    // Both plan, without flags; the Chinese one speaks Chinese (its 设置 sheet says 语言 zh-CN).
    agrimatch().arg("plan").arg(en.join("scenario.xlsx")).assert().code(0);
    let assert = agrimatch().arg("plan").arg(zh.join("scenario.xlsx")).assert().code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.starts_with("状态        最优"), "{stdout}");
    let mut compared = 0;
    for entry in std::fs::read_dir(en.join("scenario-out")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let name = path.file_name().unwrap();
            let theirs = std::fs::read(zh.join("scenario-out").join(name)).unwrap();
            // Byte for byte, but for summary.csv's timings (a loaded machine
            // once made 0.000 against 0.001 s fail this test).
            let ours = crate::common::without_timings(&std::fs::read(&path).unwrap());
            assert!(ours == crate::common::without_timings(&theirs), "{name:?} differs");
            compared += 1;
        }
    }
    assert!(compared >= 6, "{compared} CSV files compared");
    // The Monday routine's next.xlsx names its sheets as this workbook does,
    // so that they replace the sheets of the same names.
    let assert = agrimatch()
        .arg("week")
        .arg(zh.join("scenario.xlsx"))
        .args(["--from", "1"])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("库存、在途和期初状态工作表"), "{stdout}");
    let next = zh.join("scenario-week/period-1/next.xlsx");
    let book: calamine::Xlsx<_> = calamine::open_workbook(&next).unwrap();
    assert_eq!(book.sheet_names(), ["库存", "在途", "期初状态"]);
}
