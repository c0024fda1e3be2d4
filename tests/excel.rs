//! Excel in and out: a scenario workbook plans to the same files as the
//! same scenario as CSV, bad cells are named by sheet, row and column,
//! `plan.xlsx` holds the rows of the CSV files, and `csv_bom` round-trips.

use std::path::{Path, PathBuf};

use crate::common::without_timings;
use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

fn agrimatch() -> Command {
    Command::cargo_bin("agrimatch").expect("binary is built")
}

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

/// The files of the scenario contract, in sheet order.
const FILES: [&str; 10] = [
    "products.csv",
    "farms.csv",
    "hubs.csv",
    "stores.csv",
    "supply.csv",
    "demand.csv",
    "lanes.csv",
    "stock.csv",
    "in_transit.csv",
    "support.csv",
];

/// `2027-03-08` as an Excel date.
fn date(text: &str) -> Option<ExcelDateTime> {
    let parts: Vec<&str> = text.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            ExcelDateTime::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
        }
        _ => None,
    }
}

/// A workbook as a planner types one: written here, independently of the
/// program's own writer. Numbers are numbers (whole numbers are stored as
/// floats, as Excel does), dates are date cells, the rest is text; the
/// settings sheet holds `scenario.toml`'s keys with typed values.
pub(crate) fn workbook_of(dir: &Path) -> Workbook {
    let mut workbook = Workbook::new();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for file in FILES {
        let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
            continue;
        };
        let sheet = workbook.add_worksheet();
        sheet.set_name(file.trim_end_matches(".csv")).expect("sheet name");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let id_columns = [
            "product", "farm", "store", "hub", "region", "from", "to", "location", "buyer",
        ];
        let mut header = Vec::new();
        for (r, record) in reader.records().enumerate() {
            let record = record.expect("shipped CSV");
            for (c, cell) in record.iter().enumerate() {
                let (row, col) = (r as u32, c as u16);
                if r == 0 {
                    header.push(cell.to_string());
                    sheet.write_string(row, col, cell).expect("cell");
                } else if cell.is_empty() {
                    continue;
                } else if id_columns.contains(&header[c].as_str()) {
                    sheet.write_string(row, col, cell).expect("cell");
                } else if let Ok(x) = cell.parse::<f64>() {
                    sheet.write_number(row, col, x).expect("cell");
                } else if let Some(d) = date(cell) {
                    sheet
                        .write_datetime_with_format(row, col, &d, &date_format)
                        .expect("cell");
                } else {
                    sheet.write_string(row, col, cell).expect("cell");
                }
            }
        }
    }
    if let Ok(text) = std::fs::read_to_string(dir.join("scenario.toml")) {
        let table: toml::Table = text.parse().expect("shipped TOML");
        let sheet = workbook.add_worksheet();
        sheet.set_name("settings").expect("sheet name");
        sheet.write_string(0, 0, "setting").expect("cell");
        sheet.write_string(0, 1, "value").expect("cell");
        for (i, (key, value)) in table.iter().enumerate() {
            let row = i as u32 + 1;
            sheet.write_string(row, 0, key).expect("cell");
            match value {
                toml::Value::Integer(n) => sheet.write_number(row, 1, *n as f64),
                toml::Value::Float(x) => sheet.write_number(row, 1, *x),
                toml::Value::Boolean(b) => sheet.write_boolean(row, 1, *b),
                toml::Value::Datetime(d) => {
                    let d = date(&d.to_string()).expect("a date");
                    sheet.write_datetime_with_format(row, 1, &d, &date_format)
                }
                other => sheet.write_string(row, 1, other.as_str().expect("text")),
            }
            .expect("cell");
        }
    }
    workbook
}

pub(crate) fn save(mut workbook: Workbook, path: &Path) {
    workbook.save(path).expect("workbook saved");
}

/// The text files of an output folder, `summary.csv` without its timings.
fn csv_files(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(out)
        .expect("output folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| {
            let bytes = std::fs::read(&p).expect("file");
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = if name == "summary.csv" {
                without_timings(&bytes)
            } else {
                bytes
            };
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

fn plan(scenario: &Path, out: &Path) {
    agrimatch()
        .arg("plan")
        .arg(scenario)
        .args(["--quiet", "--out"])
        .arg(out)
        .assert()
        .code(0);
}

#[test]
fn each_shipped_scenario_plans_the_same_from_a_workbook() {
    for name in ["tiny", "guiyang-luodian"] {
        let tmp = tempfile::tempdir().unwrap();
        let xlsx = tmp.path().join(format!("{name}.xlsx"));
        save(workbook_of(&shipped(name)), &xlsx);
        let (from_csv, from_xlsx) = (tmp.path().join("csv"), tmp.path().join("xlsx"));
        plan(&shipped(name), &from_csv);
        plan(&xlsx, &from_xlsx);
        let (a, b) = (csv_files(&from_csv), csv_files(&from_xlsx));
        assert_eq!(a.len(), 6, "{name}: {:?}", a.iter().map(|f| &f.0).collect::<Vec<_>>());
        for ((file, bytes), (_, other)) in a.iter().zip(&b) {
            assert!(
                bytes == other,
                "{name}: {file} differs between the CSV folder and the workbook"
            );
        }
        // Same tables, same workbook.
        assert_eq!(
            std::fs::read(from_csv.join("plan.xlsx")).unwrap(),
            std::fs::read(from_xlsx.join("plan.xlsx")).unwrap(),
            "{name}: plan.xlsx"
        );
    }
}

#[test]
fn the_default_output_folder_is_beside_the_workbook_which_is_never_written() {
    let tmp = tempfile::tempdir().unwrap();
    let xlsx = tmp.path().join("luodian.xlsx");
    save(workbook_of(&shipped("tiny")), &xlsx);
    let before = std::fs::read(&xlsx).unwrap();
    agrimatch().arg("plan").arg(&xlsx).arg("--quiet").assert().code(0);
    assert!(tmp.path().join("luodian-out/plan.xlsx").is_file());
    for out in [&xlsx, &tmp.path().to_path_buf()] {
        let assert = agrimatch()
            .arg("plan")
            .arg(&xlsx)
            .arg("--out")
            .arg(out)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains("expected"), "{stderr}");
    }
    assert_eq!(std::fs::read(&xlsx).unwrap(), before, "the workbook is untouched");
}

/// The tiny scenario's workbook with `change` applied before saving.
fn tiny_workbook_with(path: &Path, change: impl FnOnce(&mut Workbook)) {
    let mut workbook = workbook_of(&shipped("tiny"));
    change(&mut workbook);
    save(workbook, path);
}

fn plan_fails(xlsx: &Path) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let assert = agrimatch()
        .arg("plan")
        .arg(xlsx)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .code(2);
    String::from_utf8_lossy(&assert.get_output().stderr).to_string()
}

#[test]
fn a_bad_cell_is_named_by_sheet_row_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let xlsx = tmp.path().join("scenario.xlsx");
    tiny_workbook_with(&xlsx, |w| {
        let supply = w.worksheet_from_name("supply").unwrap();
        // Row 7 of the sheet (index 6): Ziyun-1's cabbage in week 2.
        supply.write_number(6, 3, -40.0).unwrap();
    });
    let stderr = plan_fails(&xlsx);
    let expected = format!(
        "{}: sheet supply, row 7, column quantity_kg: expected a number >= 0, found \"-40\"",
        xlsx.display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
}

#[test]
fn formula_errors_are_refused_at_their_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let xlsx = tmp.path().join("scenario.xlsx");
    tiny_workbook_with(&xlsx, |w| {
        let demand = w.worksheet_from_name("demand").unwrap();
        demand
            .write_formula(3, 3, Formula::new("=VLOOKUP(A4,X:Y,2,0)").set_result("#N/A"))
            .unwrap();
        let lanes = w.worksheet_from_name("lanes").unwrap();
        lanes
            .write_formula(2, 0, Formula::new("=#REF!").set_result("#REF!"))
            .unwrap();
    });
    let stderr = plan_fails(&xlsx);
    for expected in [
        "sheet demand, row 4, column quantity_kg: expected a value, found the formula error #N/A",
        "sheet lanes, row 3, column from: expected a value, found the formula error #REF!",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    // The blank the reader saw in those cells is not reported a second time.
    assert!(stderr.contains("the scenario has 2 input problems"), "{stderr}");
}

#[test]
fn sheets_are_named_and_rows_counted_as_excel_shows_them() {
    let tmp = tempfile::tempdir().unwrap();
    // No lanes sheet; a duplicate product two rows below a blank row.
    let xlsx = tmp.path().join("scenario.xlsx");
    let mut workbook = Workbook::new();
    let products = workbook.add_worksheet().set_name("Products").unwrap();
    for (r, row) in [["product", "shelf_life_days", "value_per_kg"], ["plum", "14", "8"]]
        .iter()
        .enumerate()
    {
        for (c, cell) in row.iter().enumerate() {
            products.write_string(r as u32 + 2, c as u16, *cell).unwrap();
        }
    }
    products.write_string(5, 0, "plum").unwrap();
    products.write_number(5, 1, 14.0).unwrap();
    products.write_number(5, 2, 8.5).unwrap();
    save(workbook, &xlsx);
    let stderr = plan_fails(&xlsx);
    for expected in [
        "sheet Products, row 6, column product: expected a unique product id, found \"plum\" again (first on row 4)",
        "sheet lanes: expected a sheet named lanes, found none (the workbook's scenario sheets: Products)",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
}

/// A number cell's value (Excel stores whole numbers as floats too).
fn number_of(cell: &Data) -> Option<f64> {
    match cell {
        Data::Float(x) => Some(*x),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// Every sheet of `plan.xlsx` has the header and rows of its CSV file:
/// numbers equal to the CSV's numbers, dates and text equal to its text.
fn assert_workbook_matches_csv(out: &Path, first_sheet: &str) {
    let mut workbook: Xlsx<_> = calamine::open_workbook(out.join("plan.xlsx")).expect("plan.xlsx");
    let names = workbook.sheet_names();
    assert_eq!(names[0], first_sheet);
    assert!(names.len() >= 6, "{names:?}");
    for name in names {
        let range = workbook.worksheet_range(&name).expect("sheet");
        let text = std::fs::read(out.join(format!("{name}.csv"))).expect("its CSV file");
        let text = if name == "summary" {
            without_timings(&text)
        } else {
            text
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_slice());
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("CSV")).collect();
        let rows: Vec<&[Data]> = range.rows().collect();
        assert_eq!(rows.len(), records.len(), "{name}: rows");
        for (r, (row, record)) in rows.iter().zip(&records).enumerate() {
            assert_eq!(row.len(), record.len(), "{name}: row {r}");
            for (cell, expected) in row.iter().zip(record) {
                match (cell, number_of(cell)) {
                    (_, Some(x)) => assert_eq!(Some(x), expected.parse::<f64>().ok(), "{name}: row {r}"),
                    // Opening stock's harvest week (0 or below) is said in words.
                    (Data::String(s), None) if s.starts_with("opening stock (") => {
                        assert_eq!(s, &format!("opening stock ({expected})"), "{name}: row {r}");
                        assert!(expected.parse::<i64>().is_ok_and(|w| w <= 0), "{name}: row {r}");
                    }
                    (Data::String(s), None) => assert_eq!(s, expected, "{name}: row {r}"),
                    (Data::Empty, None) => assert_eq!(expected, "", "{name}: row {r}"),
                    (Data::DateTime(d), None) => {
                        let (y, m, day, ..) = d.to_ymd_hms_milli();
                        assert_eq!(format!("{y:04}-{m:02}-{day:02}"), expected, "{name}: row {r}")
                    }
                    (other, None) => panic!("{name}: row {r}: unexpected cell {other:?}"),
                }
            }
        }
    }
}

/// `week_start` is a date cell, not text; opening stock says so; money and
/// rates carry their formats.
#[test]
fn plan_xlsx_has_dates_as_dates_and_money_to_the_fen() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    plan(&shipped("guiyang-luodian"), &out);
    let mut workbook: Xlsx<_> = calamine::open_workbook(out.join("plan.xlsx")).expect("plan.xlsx");
    let weekly = workbook.worksheet_range("weekly").expect("weekly");
    let header: Vec<String> = weekly.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let at = header
        .iter()
        .position(|h| h == "week_start")
        .expect("a week_start column");
    for row in weekly.rows().skip(1) {
        assert!(matches!(row[at], Data::DateTime(_)), "week_start {:?}", row[at]);
    }
    let shipments = workbook.worksheet_range("shipments").expect("shipments");
    let header: Vec<String> = shipments.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let at = header.iter().position(|h| h == "harvest_week").expect("harvest_week");
    assert!(
        shipments
            .rows()
            .any(|r| r[at] == Data::String("opening stock (-1)".to_string())),
        "the Luodian year ships opening stock harvested a week before the plan"
    );
    // The number formats are in the workbook's styles.
    let styles = unzip_entry(&out.join("plan.xlsx"), "xl/styles.xml");
    assert!(styles.contains("#,##0.00\""), "money to the fen: {styles}");
    assert!(styles.contains("0.0%"), "rates as percentages");
}

fn unzip_entry(xlsx: &Path, entry: &str) -> String {
    let file = std::fs::File::open(xlsx).expect("xlsx");
    let mut archive = zip::ZipArchive::new(file).expect("a zip");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(entry).expect("entry"), &mut text).expect("utf-8");
    text
}

#[test]
fn plan_xlsx_has_the_rows_of_the_csv_files_and_the_same_bytes_each_run() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
    plan(&shipped("guiyang-luodian"), &one);
    assert_workbook_matches_csv(&one, "shipments");
    plan(&shipped("guiyang-luodian"), &two);
    assert_eq!(
        std::fs::read(one.join("plan.xlsx")).unwrap(),
        std::fs::read(two.join("plan.xlsx")).unwrap(),
        "plan.xlsx is the same bytes for the same plan"
    );
    // The Monday routine: what leaves this week is the first sheet.
    let week = tmp.path().join("week");
    agrimatch()
        .arg("week")
        .arg(shipped("guiyang-luodian"))
        .args(["--from", "2027-W10", "--quiet", "--out"])
        .arg(&week)
        .assert()
        .code(0);
    assert_workbook_matches_csv(&week, "dispatch");
}

/// The tiny scenario with Chinese ids for its farms and products.
fn chinese_tiny(dir: &Path, toml: Option<&str>) {
    std::fs::create_dir_all(dir).unwrap();
    for file in [
        "products.csv",
        "farms.csv",
        "hubs.csv",
        "stores.csv",
        "supply.csv",
        "demand.csv",
        "lanes.csv",
    ] {
        let text = std::fs::read_to_string(shipped("tiny").join(file)).unwrap();
        let text = text
            .replace("Muyin-1", "木引-1")
            .replace("honey-plum", "蜂糖李")
            .replace("cabbage", "白菜");
        std::fs::write(dir.join(file), text).unwrap();
    }
    if let Some(toml) = toml {
        std::fs::write(dir.join("scenario.toml"), toml).unwrap();
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

#[test]
fn csv_bom_round_trips_chinese_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("scenario");
    chinese_tiny(&dir, Some("csv_bom = true\n"));
    let out = tmp.path().join("out");
    plan(&dir, &out);
    let shipments = std::fs::read(out.join("shipments.csv")).unwrap();
    assert!(shipments.starts_with(BOM), "a byte-order mark");
    let text = String::from_utf8(shipments[3..].to_vec()).unwrap();
    assert!(text.starts_with("from,to,"), "{text}");
    assert!(text.contains("木引-1,Luodian-hub,蜂糖李,"), "{text}");
    // Every reader of the program's own files takes them: report...
    agrimatch()
        .arg("report")
        .arg(&out)
        .arg("--scenario")
        .arg(&dir)
        .assert()
        .code(0);
    // ... and the Monday routine's next state, read back as the scenario's.
    let week = tmp.path().join("week");
    agrimatch()
        .arg("week")
        .arg(&dir)
        .args(["--from", "1", "--quiet", "--out"])
        .arg(&week)
        .assert()
        .code(0);
    let stock = std::fs::read(week.join("next/stock.csv")).unwrap();
    assert!(stock.starts_with(BOM));
    std::fs::write(dir.join("stock.csv"), &stock).unwrap();
    agrimatch().arg("check").arg(&dir).assert().code(0);
}

#[test]
fn a_gbk_scenario_gets_a_bom_unless_told_not_to() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("scenario");
    chinese_tiny(&dir, None);
    let farms = std::fs::read_to_string(dir.join("farms.csv")).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&farms);
    std::fs::write(dir.join("farms.csv"), gbk.as_ref()).unwrap();
    let out = tmp.path().join("out");
    plan(&dir, &out);
    assert!(std::fs::read(out.join("farms.csv")).unwrap().starts_with(BOM));
    std::fs::write(dir.join("scenario.toml"), "csv_bom = false\n").unwrap();
    plan(&dir, &out);
    let farms_out = std::fs::read(out.join("farms.csv")).unwrap();
    assert!(!farms_out.starts_with(BOM));
    assert!(String::from_utf8(farms_out).unwrap().contains("木引-1"));
}

#[test]
fn merged_shards_keep_the_bom_of_the_sweep() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("scenario");
    chinese_tiny(&dir, Some("csv_bom = true\n"));
    let changes = tmp.path().join("changes");
    std::fs::create_dir_all(&changes).unwrap();
    std::fs::write(
        changes.join("hail.csv"),
        "target,selector,field,op,value\nsupply,*,quantity_kg,scale,0.7\n",
    )
    .unwrap();
    std::fs::write(
        changes.join("more.csv"),
        "target,selector,field,op,value\ndemand,*,quantity_kg,scale,1.2\n",
    )
    .unwrap();
    let sweep = |out: &Path, shard: Option<&str>| {
        let mut cmd = agrimatch();
        cmd.arg("sweep").arg(&dir).arg(&changes).arg("--out").arg(out);
        if let Some(shard) = shard {
            cmd.args(["--shard", shard]);
        }
        cmd.assert().code(0);
    };
    let whole = tmp.path().join("whole");
    sweep(&whole, None);
    let (s0, s1) = (tmp.path().join("s0"), tmp.path().join("s1"));
    sweep(&s0, Some("0/2"));
    sweep(&s1, Some("1/2"));
    let merged = tmp.path().join("merged");
    agrimatch().arg("merge").arg(&merged).arg(&s0).arg(&s1).assert().code(0);
    let comparison = std::fs::read(whole.join("comparison.csv")).unwrap();
    assert!(comparison.starts_with(BOM));
    assert_eq!(std::fs::read(merged.join("comparison.csv")).unwrap(), comparison);
}

#[test]
fn the_workbook_template_plans_like_the_csv_template() {
    let tmp = tempfile::tempdir().unwrap();
    let (csv, xlsx) = (tmp.path().join("csv"), tmp.path().join("xlsx"));
    agrimatch().arg("init").arg(&csv).assert().code(0);
    agrimatch().arg("init").arg(&xlsx).arg("--xlsx").assert().code(0);
    let workbook = xlsx.join("scenario.xlsx");
    let mut read: Xlsx<_> = calamine::open_workbook(&workbook).expect("template");
    let names = read.sheet_names();
    assert_eq!(
        names,
        [
            "products",
            "farms",
            "hubs",
            "stores",
            "supply",
            "demand",
            "lanes",
            // Empty: the opening state that `week` writes into next.xlsx.
            "stock",
            "in_transit",
            "support",
            "state",
            "settings",
            "columns"
        ]
    );
    let columns = read.worksheet_range("columns").unwrap();
    assert!(columns.rows().any(|r| r[1] == Data::String("shelf_life_days".into())));
    plan(&csv, &tmp.path().join("a"));
    plan(&workbook, &tmp.path().join("b"));
    assert_eq!(csv_files(&tmp.path().join("a")), csv_files(&tmp.path().join("b")));
}

/// A bad row of the `support` sheet is named by sheet and row, as every
/// other sheet's, not as `support.csv: line 2`.
#[test]
fn a_bad_support_row_is_named_by_its_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let xlsx = tmp.path().join("scenario.xlsx");
    tiny_workbook_with(&xlsx, |w| {
        let support = w.add_worksheet();
        support.set_name("support").unwrap();
        for (c, h) in ["buyer", "product", "price_per_kg"].iter().enumerate() {
            support.write_string(0, c as u16, *h).unwrap();
        }
        support.write_string(1, 0, "Jingkai-market").unwrap();
        support.write_string(1, 1, "cabbage").unwrap();
        support.write_number(1, 2, -2.6).unwrap();
    });
    let stderr = plan_fails(&xlsx);
    assert!(stderr.contains("sheet support, row 2, column price_per_kg"), "{stderr}");
    assert!(!stderr.contains("support.csv"), "{stderr}");
}
