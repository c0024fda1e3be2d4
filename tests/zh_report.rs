//! 中文: `report.html` and `plan.xlsx` in Simplified Chinese. Every section
//! of the page, rendered for the shipped Luodian year, reads without an
//! English word besides ids, file names, units and a few allowed terms;
//! the workbook's sheet names and headers are Chinese; the CSV files keep
//! their English names and words.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};

use crate::common::Scenario;

use crate::common::agrimatch_without_locale as agrimatch;

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

/// Terms a Chinese planner reads as they are: the solver's names, LP, CSV,
/// ISO, Excel, and the file names the page points to.
const ALLOWED: [&str; 8] = ["LP", "CSV", "ISO", "Excel", "coupled", "microlp", "highs", "network"];

/// The ids of a scenario (first column of its place and product files) and
/// its folder's name, split where the charts may wrap them: each piece may
/// stand alone.
fn id_pieces(scenario: &Path) -> Vec<String> {
    let mut pieces = Vec::new();
    for file in ["farms.csv", "hubs.csv", "stores.csv", "products.csv"] {
        let Ok(text) = std::fs::read_to_string(scenario.join(file)) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let id = line.split(',').next().unwrap_or("");
            pieces.extend(id.split(|c: char| !c.is_ascii_alphanumeric()).map(str::to_string));
        }
    }
    // The scenario's folder name heads the page: a file name, not a word.
    let name = scenario
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    pieces.extend(name.split('-').map(str::to_string));
    pieces.retain(|p| !p.is_empty());
    pieces
}

/// Words of two or more Latin letters in `text` that are neither an id's
/// piece, an allowed term, nor part of a file name (`dispatch.csv`,
/// `next/stock.csv`): what a planner who reads no English would not read.
fn english_words(text: &str, ids: &[String]) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || !c.is_ascii() || matches!(c, '(' | ')' | ',' | ':' | ';'))
        .filter(|token| !token.contains(".csv") && !token.contains(".xlsx"))
        .flat_map(|token| token.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| w.len() >= 2)
        .filter(|w| !ALLOWED.contains(w) && !ids.iter().any(|id| id == w))
        .map(str::to_string)
        .collect()
}

/// The text a reader sees in `html`: tags and the style left out, entities
/// read, and the labels a phone or screen reader shows (`data-label`,
/// `aria-label`) kept.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        text.push(' ');
        let end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        for name in ["data-label=\"", "aria-label=\""] {
            if let Some(at) = tag.find(name) {
                let value = &tag[at + name.len()..];
                text.push_str(value.split('"').next().unwrap_or(""));
                text.push(' ');
            }
        }
        rest = &rest[end..];
        if tag.starts_with("<style") {
            let close = rest.find("</style>").unwrap_or(rest.len());
            rest = &rest[close..];
        }
    }
    text.push_str(rest);
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

/// The page in sections: what comes before the first `<h2>`, then each
/// `<h2>` with what follows it.
fn sections(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest[1..].find("<h2").map(|i| i + 1) {
        out.push(&rest[..at]);
        rest = &rest[at..];
    }
    out.push(rest);
    out
}

fn plan_zh(extra: &[&str]) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().expect("temp dir");
    agrimatch()
        .arg("plan")
        .arg(shipped("guiyang-luodian"))
        .args(["--lang", "zh-CN", "--quiet", "--out"])
        .arg(tmp.path())
        .args(extra)
        .assert()
        .code(0);
    let page = std::fs::read_to_string(tmp.path().join("report.html")).expect("report.html");
    (tmp, page)
}

#[test]
fn every_section_of_the_luodian_page_reads_in_chinese() {
    let (tmp, page) = plan_zh(&["--baseline", "--marginal-values"]);
    assert!(page.contains("<html lang=\"zh-CN\">"), "{}", &page[..200]);
    let ids = id_pieces(&shipped("guiyang-luodian"));
    let parts = sections(&page);
    assert!(parts.len() >= 9, "the page has its sections: {}", parts.len());
    for part in &parts {
        let text = visible_text(part);
        let heading = text.trim().lines().next().unwrap_or("").to_string();
        assert_eq!(
            english_words(&text, &ids),
            Vec::<String>::new(),
            "section {heading:?}: {text}"
        );
    }
    let text = visible_text(&page);
    for words in [
        "调运计划：共 52 周",
        "2027年1月4日",
        "状态：",
        "最优",
        "资金支出",
        "惩罚成本",
        "万元",
        "订单满足率",
        "与经验法方案对比",
        "帮扶采购",
        "各门店订单满足率",
        "最大的调运流向",
        "公斤",
        // The charts' time axis: dates as a calendar writes them.
        "3月1日",
        "周（按首日）",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    // 2,344,602 元 spent: the headline quotes it in 万元, the paragraph in 元.
    assert!(page.contains("<b>234.5 万元</b>"), "the headline in 万元");
    assert!(text.contains("资金支出 2,344,602 元"), "{text}");
    // The printed page's footer: 第 N 页，共 M 页.
    assert!(
        page.contains("content:\"第 \" counter(page)"),
        "the page numbers in Chinese"
    );
    // `agrimatch report` reads the plan back and says so, in Chinese.
    agrimatch()
        .arg("report")
        .arg(tmp.path())
        .arg("--scenario")
        .arg(shipped("guiyang-luodian"))
        .args(["--lang", "zh-CN", "--quiet"])
        .assert()
        .code(0);
    let again = std::fs::read_to_string(tmp.path().join("report.html")).expect("report.html");
    let text = visible_text(&again);
    assert!(text.contains("状态本身未重新校验"), "{text}");
    assert_eq!(english_words(&text, &ids), Vec::<String>::new(), "{text}");
    // Machine files stay the English contract.
    let summary = std::fs::read_to_string(tmp.path().join("summary.csv")).expect("summary.csv");
    assert!(summary.starts_with("metric,value\nstatus,optimal\n"), "{summary}");
    let shipments = std::fs::read_to_string(tmp.path().join("shipments.csv")).expect("shipments.csv");
    assert!(shipments.starts_with("from,to,product,ship_week"), "{shipments}");
}

#[test]
fn the_monday_page_names_weeks_in_chinese_with_their_iso_week() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let scenario = shipped("guiyang-luodian");
    agrimatch()
        .arg("week")
        .arg(&scenario)
        .args([
            "--from",
            "2027-W10",
            "--horizon",
            "3",
            "--lang",
            "zh-CN",
            "--quiet",
            "--changes",
        ])
        .arg(scenario.join("trucks/refrigerated-trucks.csv"))
        .arg("--out")
        .arg(tmp.path())
        .assert()
        .code(0);
    let page = std::fs::read_to_string(tmp.path().join("report.html")).expect("report.html");
    let ids = id_pieces(&scenario);
    for part in sections(&page) {
        let text = visible_text(part);
        assert_eq!(english_words(&text, &ids), Vec::<String>::new(), "{text}");
    }
    let text = visible_text(&page);
    for words in [
        "本周发货单：第10周（2027-W10，2027年3月8日起）",
        "本周成本",
        "之后几周",
        "数量（公斤）",
        "车辆",
        "平均满载率",
        "第 1 车，共",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    let dispatch = std::fs::read_to_string(tmp.path().join("dispatch.csv")).expect("dispatch.csv");
    assert!(dispatch.starts_with("from,to,product,ship_week"), "{dispatch}");
}

/// Every text cell of `row` of a sheet.
fn row_texts(range: &calamine::Range<Data>, row: usize) -> Vec<String> {
    range
        .rows()
        .nth(row)
        .map(|cells| cells.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn plan_xlsx_has_chinese_sheets_and_headers_and_english_stays() {
    let (tmp, _) = plan_zh(&[]);
    let mut workbook: Xlsx<_> = calamine::open_workbook(tmp.path().join("plan.xlsx")).expect("plan.xlsx");
    assert_eq!(workbook.sheet_names(), ["发运", "逐周", "门店", "基地", "汇总", "流向"]);
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).expect("sheet");
        let header = row_texts(&range, 0);
        assert!(!header.is_empty(), "{name}");
        assert_eq!(
            english_words(&header.join(" "), &[]),
            Vec::<String>::new(),
            "{name}: {header:?}"
        );
    }
    let shipments = workbook.worksheet_range("发运").expect("发运");
    assert!(row_texts(&shipments, 0).contains(&"数量(公斤)".to_string()));
    let summary = workbook.worksheet_range("汇总").expect("汇总");
    assert_eq!(row_texts(&summary, 0), ["指标", "数值"]);
    assert_eq!(row_texts(&summary, 1), ["状态", "最优"]);
    let metrics: Vec<String> = summary.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(
        english_words(&metrics.join(" "), &[]),
        Vec::<String>::new(),
        "{metrics:?}"
    );

    // English: the CSV names, as before.
    let dir = Scenario::base().write();
    let out = dir.path().join("out");
    agrimatch()
        .arg("plan")
        .arg(dir.path())
        .args(["--quiet", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let page = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("content:\"page \" counter(page) \" of \" counter(pages);"));
    let mut workbook: Xlsx<_> = calamine::open_workbook(out.join("plan.xlsx")).expect("plan.xlsx");
    assert_eq!(workbook.sheet_names()[0], "shipments");
    let range = workbook.worksheet_range("shipments").expect("shipments");
    assert_eq!(row_texts(&range, 0)[..3], ["from", "to", "product"]);
}

#[test]
fn the_fairness_chart_reads_in_chinese() {
    let dir = Scenario::base().write();
    let out = dir.path().join("fair");
    agrimatch()
        .arg("fairness")
        .arg(dir.path())
        .args(["--lang", "zh-CN", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let svg = std::fs::read_to_string(out.join("fairness.svg")).expect("fairness.svg");
    let text = visible_text(&svg);
    for words in ["方案成本", "最差门店的订单满足率", "公平缺货上限", "不设公平规则"] {
        assert!(text.contains(words), "{words}: {text}");
    }
    assert_eq!(english_words(&text, &[]), Vec::<String>::new(), "{text}");
}

#[test]
fn every_summary_value_of_plan_xlsx_reads_in_chinese() {
    // microlp gives no duals: the certificate carries its reason, the one
    // summary value that is a sentence.
    let (tmp, _) = plan_zh(&["--solver", "microlp"]);
    let mut workbook: Xlsx<_> = calamine::open_workbook(tmp.path().join("plan.xlsx")).expect("plan.xlsx");
    let summary = workbook.worksheet_range("汇总").expect("汇总");
    let value = |metric: &str| {
        summary
            .rows()
            .find(|r| r[0] == metric)
            .map(|r| r[1].to_string())
            .unwrap_or_else(|| panic!("{metric} in 汇总"))
    };
    assert_eq!(value("最优性证书"), "无：求解器不给出对偶值");
    assert_eq!(value("各求解器分块数"), "microlp 1 块");
    let values: Vec<String> = summary.rows().skip(1).map(|r| r[1].to_string()).collect();
    assert_eq!(
        english_words(&values.join(" "), &["microlp".to_string()]),
        Vec::<String>::new(),
        "{values:?}"
    );
    // The CSV keeps the English contract.
    let csv = std::fs::read_to_string(tmp.path().join("summary.csv")).expect("summary.csv");
    assert!(csv.contains("certificate,none: the solver gives no duals"), "{csv}");
    assert!(csv.contains("blocks_by_solver,microlp 1"), "{csv}");
}
