//! 中文 refusals: the texts that once bypassed the catalog, run with
//! `--lang zh-CN`. A value given on the command line, a scenario too large to
//! plan, an output folder of someone else's, the state of another week, a
//! merge of shards that are not a sweep's, actuals that are not there, an
//! output folder read back with a changed flows.csv, and Chinese workbooks
//! (a text `true` setting, a bad setting named by the header as written, a
//! missing sheet, the 期初状态 sheet of next.xlsx read back). Each says its
//! place (file, line, column) first, exits 2 on bad input, and has no
//! English word outside ids, file names, flags and values to type.

use std::path::Path;

use rust_xlsxwriter::Workbook;

use crate::common::{agrimatch_without_locale as agrimatch, Scenario};

/// Words of Latin letters in `text` other than `allowed` ones, after the
/// commands and flags a planner types (`agrimatch week`, `--from`) and the
/// test's own folder (`tmp`) are taken out (`common::english_words` after the folder).
fn english_words(text: &str, dir: &Path, allowed: &[&str]) -> Vec<String> {
    crate::common::english_words(&text.replace(&dir.display().to_string(), " "), allowed)
}

/// Runs agrimatch in zh-CN with `args` in `dir`; its stderr, after checking
/// the exit code.
fn stderr_zh(dir: &Path, args: &[&str], code: i32) -> String {
    let assert = agrimatch()
        .current_dir(dir)
        .args(["--lang", "zh-CN"])
        .args(args)
        .assert()
        .code(code);
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// Asserts that `text` holds `part` and no English word outside `allowed`
/// and file extensions (`情景.xlsx`, `.csv`).
fn reads_in_chinese(text: &str, dir: &Path, part: &str, allowed: &[&str]) {
    assert!(text.contains(part), "expected {part:?} in:\n{text}");
    let allowed: Vec<&str> = allowed.iter().copied().chain(["csv", "xlsx"]).collect();
    let words = english_words(text, dir, &allowed);
    assert!(words.is_empty(), "English words {words:?} in:\n{text}");
}

#[test]
fn values_on_the_command_line_and_too_large_scenarios_are_refused_in_chinese() {
    let dir = Scenario::base().write();
    let stderr = stderr_zh(dir.path(), &["plan", ".", "--gap=-1"], 2);
    reads_in_chinese(
        &stderr,
        dir.path(),
        "--gap：应为不小于 0 的相对差距（0.01 即 1%），实为 -1",
        &[],
    );
    let stderr = stderr_zh(dir.path(), &["sweep", ".", "--samples", "2", "--shard", "3/2"], 2);
    reads_in_chinese(
        &stderr,
        dir.path(),
        "--shard：应为 K/N，且 0 <= K < N，实为 \"3/2\"",
        &["K/N"],
    );
    // 70,000 days of shelf life over 10,000 weeks: more states than are tracked.
    let huge = Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg\nplum,70000,8\n")
        .with("stores.csv", "store,region\nJingkai,Jingkai\nHuaxi,Huaxi\n")
        .with(
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,plum,1,100\nMuyin-1,plum,10000,100\n",
        )
        .write();
    let stderr = stderr_zh(huge.path(), &["plan", "."], 2);
    reads_in_chinese(
        &stderr,
        huge.path(),
        "个状态，超过 agrimatch 能跟踪的",
        &["period_days"],
    );
}

#[test]
fn a_folder_of_someone_else_is_refused_in_chinese_and_kept() {
    let dir = Scenario::base().write();
    let out = dir.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "my notes").unwrap();
    let stderr = stderr_zh(dir.path(), &["plan", ".", "--out", "mine"], 2);
    reads_in_chinese(
        &stderr,
        dir.path(),
        "mine：应为新的或空的文件夹，或 agrimatch 写过的文件夹（内有 agrimatch-output.txt），实为有 1 项别人文件的文件夹",
        &["mine", "output.txt"],
    );
    assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "my notes");
    // A marker of other text is named as such.
    std::fs::write(out.join("agrimatch-output.txt"), "mine").unwrap();
    let stderr = stderr_zh(dir.path(), &["plan", ".", "--out", "mine"], 2);
    reads_in_chinese(
        &stderr,
        dir.path(),
        "实为含有内容不是 agrimatch 所写的 agrimatch-output.txt 的文件夹",
        &["mine", "output.txt"],
    );
}

#[test]
fn the_state_of_another_week_and_a_bad_state_toml_are_refused_in_chinese() {
    let dir = Scenario::base()
        .with("state.toml", "# counted on Monday\nas_of_week = 2\n")
        .write();
    let stderr = stderr_zh(dir.path(), &["week", ".", "--from", "1", "--out", "w"], 2);
    reads_in_chinese(
        &stderr,
        dir.path(),
        "state.toml：第 2 行，as_of_week 列：应为第1周（--from 1），实为第2周：\
         stock.csv、in_transit.csv 和 support.csv 描述的是第2周开始时的状态",
        &[
            "state.toml",
            "as_of_week",
            "stock.csv",
            "in_transit.csv",
            "support.csv",
            "next",
        ],
    );
    assert!(!dir.path().join("w").exists(), "nothing written");
    std::fs::write(dir.path().join("state.toml"), "as_of_week = 1\nweek = 3\n").unwrap();
    let stderr = stderr_zh(dir.path(), &["week", ".", "--from", "1", "--out", "w"], 2);
    reads_in_chinese(
        &stderr,
        dir.path(),
        "state.toml：第 2 行，week 列：未知的键（可用的键：as_of_week, iso_week, week_start）",
        &["state.toml", "as_of_week", "iso_week", "week_start", "week"],
    );
    // The window: --from past the data, and actuals that are not there.
    std::fs::remove_file(dir.path().join("state.toml")).unwrap();
    let stderr = stderr_zh(dir.path(), &["week", ".", "--from", "5", "--out", "w"], 2);
    reads_in_chinese(
        &stderr,
        dir.path(),
        "--from：应为 1 到 1 之间的周次（有数据的最后一周），实为 5",
        &[],
    );
    let stderr = stderr_zh(
        dir.path(),
        &["week", ".", "--from", "1", "--actuals", "monday", "--out", "w"],
        2,
    );
    reads_in_chinese(
        &stderr,
        dir.path(),
        "--actuals monday：应为含 supply.csv 和/或 demand.csv 的文件夹，实际没有这个文件夹",
        &["monday", "supply.csv", "demand.csv"],
    );
}

#[test]
fn merge_and_report_refuse_folders_they_cannot_read_in_chinese() {
    let dir = Scenario::base().write();
    std::fs::create_dir(dir.path().join("shard")).unwrap();
    let stderr = stderr_zh(dir.path(), &["merge", "merged", "shard"], 2);
    reads_in_chinese(
        &stderr,
        dir.path(),
        "sweep.csv：应有 agrimatch sweep 写在输出文件夹里的记录，实际没有这个文件",
        &["shard", "sweep.csv"],
    );
    let stderr = stderr_zh(dir.path(), &["merge", "merged.csv", "shard"], 2);
    reads_in_chinese(
        &stderr,
        dir.path(),
        "merged.csv：应为输出文件夹，实为 .csv 文件名",
        &["merged.csv", "merge", "comparison.csv", "risk.csv", "sweep.csv"],
    );
    // A plan whose flows.csv names a product the scenario does not have.
    agrimatch()
        .current_dir(dir.path())
        .args(["plan", ".", "--out", "p"])
        .assert()
        .code(0);
    let flows_path = dir.path().join("p/flows.csv");
    let flows = std::fs::read_to_string(&flows_path).unwrap();
    std::fs::write(&flows_path, flows.replace(",plum,", ",kiwi,")).unwrap();
    let stderr = stderr_zh(dir.path(), &["report", "p", "--scenario", "."], 2);
    reads_in_chinese(
        &stderr,
        dir.path(),
        "flows.csv：第 2 行，product 列：应为情景中已有的产品，实为 \"kiwi\"（这个计划是不是用别的情景做的？）",
        &["flows.csv", "product", "kiwi"],
    );
}

/// The base scenario as a Chinese workbook at `path` (sheet names and
/// headers as `init --xlsx --lang zh-CN` writes them, every cell text), with
/// `settings` as rows of its 设置 sheet and `skip` left out.
fn chinese_workbook(path: &Path, settings: &[(&str, &str)], skip: &str) {
    let mut workbook = Workbook::new();
    for (file, text) in Scenario::base().0 {
        if file == skip {
            continue;
        }
        let sheet_file = agrimatch::data::workbook::sheet_in_chinese(file);
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_file.trim_end_matches(".csv")).unwrap();
        let text = agrimatch::data::workbook::header_in_chinese(file, &text);
        for (r, line) in text.lines().enumerate() {
            for (c, cell) in line.split(',').enumerate() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name("设置").unwrap();
    sheet.write_string(0, 0, "设置项").unwrap();
    sheet.write_string(0, 1, "值").unwrap();
    for (r, (key, value)) in settings.iter().enumerate() {
        sheet.write_string(r as u32 + 1, 0, *key).unwrap();
        sheet.write_string(r as u32 + 1, 1, *value).unwrap();
    }
    workbook.save(path).unwrap();
}

#[test]
fn chinese_workbooks_read_text_booleans_and_name_what_the_planner_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("情景.xlsx");
    // 带BOM typed as the text "true" (or 是) is the boolean it says.
    for yes in ["true", "是", "TRUE"] {
        chinese_workbook(&book, &[("带BOM", yes)], "");
        agrimatch()
            .current_dir(dir.path())
            .args(["--lang", "zh-CN", "plan", "情景.xlsx", "--out", "out"])
            .assert()
            .code(0);
        let stores = std::fs::read(dir.path().join("out/stores.csv")).unwrap();
        assert!(stores.starts_with(b"\xEF\xBB\xBF"), "{yes}: the BOM is written");
    }
    chinese_workbook(&book, &[("带BOM", "否")], "");
    agrimatch()
        .current_dir(dir.path())
        .args(["--lang", "zh-CN", "plan", "情景.xlsx", "--out", "out"])
        .assert()
        .code(0);
    assert!(!std::fs::read(dir.path().join("out/stores.csv"))
        .unwrap()
        .starts_with(b"\xEF\xBB\xBF"));
    // A bad setting is named by the Chinese name written in column A.
    chinese_workbook(&book, &[("带BOM", "否"), ("显示单位", "磅")], "");
    let stderr = stderr_zh(dir.path(), &["plan", "情景.xlsx", "--out", "out"], 2);
    reads_in_chinese(
        &stderr,
        dir.path(),
        "情景.xlsx：工作表 设置，第 3 行，显示单位 列：应为 \"kg\"、\"jin\" 或 \"t\"（或 公斤、斤、吨），实为 \"磅\"",
        &["kg", "jin"],
    );
    // A missing sheet is said so, not as a missing file.
    chinese_workbook(&book, &[], "products.csv");
    let stderr = stderr_zh(dir.path(), &["plan", "情景.xlsx", "--out", "out"], 2);
    reads_in_chinese(
        &stderr,
        dir.path(),
        "情景.xlsx：工作表 产品（products）：应有名为 产品（products） 的工作表，实际没有（工作簿中的情景工作表：",
        &["products"],
    );
}

#[test]
fn the_state_sheet_of_a_chinese_workbook_is_named_and_read_back_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    agrimatch()
        .current_dir(dir.path())
        .args(["--lang", "zh-CN", "init", "--xlsx", "zh"])
        .assert()
        .code(0);
    agrimatch()
        .current_dir(dir.path())
        .args(["week", "zh/scenario.xlsx", "--from", "1", "--quiet"])
        .assert()
        .code(0);
    use calamine::Reader;
    let next = dir.path().join("zh/scenario-week/period-1/next.xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&next).unwrap();
    assert!(
        book.sheet_names().iter().any(|n| n == "期初状态"),
        "{:?}",
        book.sheet_names()
    );
    let state = book.worksheet_range("期初状态").unwrap();
    let header: Vec<String> = state.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header[0], "状态所属周");
    // A Chinese workbook whose 期初状态 says week 2 is refused for week 1,
    // its place named as the workbook writes it.
    let mut workbook = Workbook::new();
    let mut sheets = Scenario::base().0;
    sheets.insert("state.csv", "as_of_week\n2\n".to_string());
    for (file, text) in sheets {
        let sheet = workbook.add_worksheet();
        let name = agrimatch::data::workbook::sheet_in_chinese(file);
        sheet.set_name(name.trim_end_matches(".csv")).unwrap();
        let text = agrimatch::data::workbook::header_in_chinese(file, &text);
        for (r, line) in text.lines().enumerate() {
            for (c, cell) in line.split(',').enumerate() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    workbook.save(dir.path().join("周.xlsx")).unwrap();
    let stderr = stderr_zh(dir.path(), &["week", "周.xlsx", "--from", "1", "--out", "w"], 2);
    reads_in_chinese(
        &stderr,
        dir.path(),
        "周.xlsx：工作表 期初状态，第 2 行，状态所属周 列：应为第1周（--from 1），实为第2周",
        &["stock", "in_transit", "support", "next"],
    );
}
