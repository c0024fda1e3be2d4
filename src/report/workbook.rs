//! `plan.xlsx`: the plan's CSV tables as one Excel workbook, one sheet per
//! table, for planners who live in Excel. Each sheet is made from the CSV
//! text of its table, so it has exactly the CSV's rows: ids and words as
//! text, numbers as numbers (formatted with thousands separators, the
//! header naming the unit), dates as dates. The header row is frozen and
//! filtered, the columns as wide as their text.
//!
//! Sheet names, header labels, the summary's metric names and a few coded
//! words (status, kind, channel) follow the reader's language through the
//! catalog (`xlsx-sheet-<table>`, `xlsx-col-<name>`, `xlsx-value-<word>`);
//! the English catalog maps every name to itself, so the English workbook
//! is the CSV's names, byte for byte. Formats are chosen by the CSV's own
//! (English) column names, whatever the labels say. The CSV files never change.
//!
//! The workbook is the same bytes for the same plan: its creation date is
//! fixed (Excel's own stamp would be the time of writing), and the summary
//! sheet leaves out the two timings of `summary.csv`.

use crate::lang::t;
use crate::solve::certificate::reason;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// The workbook every plan also writes.
pub const PLAN_WORKBOOK: &str = "plan.xlsx";

/// The plan's tables that become sheets, in sheet order: what leaves first
/// (`dispatch.csv` of `agrimatch week`) comes first.
pub const PLAN_SHEETS: [&str; 8] = [
    "dispatch.csv",
    "shipments.csv",
    "weekly.csv",
    "stores.csv",
    "farms.csv",
    "summary.csv",
    "flows.csv",
    "marginal_values.csv",
];

/// Rows an Excel sheet holds, the header included.
pub const MAX_SHEET_ROWS: usize = 1_048_576;

/// Columns never written as numbers, whatever they hold: ids may be `1`.
const TEXT_COLUMNS: [&str; 13] = [
    "from", "to", "product", "farm", "store", "hub", "location", "region", "lane_to", "kind", "metric", "variant",
    "status",
];

/// Widest column, in characters: longer text wraps to the next cell in view.
const MAX_WIDTH: f64 = 50.0;

/// The date every workbook is stamped with, so that a plan's bytes do not
/// depend on when it was written.
fn fixed_date() -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(2000, 1, 1)
}

/// A workbook of `tables` (sheet name, CSV text), in the order given.
pub fn tables_workbook(tables: &[(&str, Vec<u8>)]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&fixed_date()?));
    // The fastest deflate: on the 300-farm case the default level took
    // about a quarter of the whole run for a file a planner opens once.
    workbook.set_zip_compression_level(1);
    for (name, csv) in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(label("sheet", name))?;
        write_table(sheet, csv)?;
    }
    workbook.save_to_buffer()
}

/// A sheet, column or metric name (`kind`: `sheet` or `col`), or a coded
/// word (`value`), as the reader's language labels it; a name the catalog
/// does not know stays as it is.
fn label(kind: &str, name: &str) -> String {
    let key = format!("xlsx-{kind}-{name}");
    match t(&key, &[]) {
        text if text == key => name.to_string(),
        text => text,
    }
}

/// `plan.xlsx` with an empty sheet for each of `tables` (file names) that
/// is one of [`PLAN_SHEETS`], in that order; fill them with
/// [`write_plan_sheet`] (on any thread) before saving. Returns the file
/// name of each sheet, in sheet order.
pub fn empty_plan_workbook(tables: &[&str]) -> std::io::Result<(Workbook, Vec<&'static str>)> {
    let names: Vec<&'static str> = PLAN_SHEETS.into_iter().filter(|t| tables.contains(t)).collect();
    let mut workbook = Workbook::new();
    let setup = |workbook: &mut Workbook| -> Result<(), XlsxError> {
        workbook.set_properties(&DocProperties::new().set_creation_datetime(&fixed_date()?));
        workbook.set_zip_compression_level(1);
        for name in &names {
            workbook
                .add_worksheet()
                .set_name(label("sheet", name.trim_end_matches(".csv")))?;
        }
        Ok(())
    };
    setup(&mut workbook).map_err(|e| std::io::Error::other(format!("{PLAN_WORKBOOK}: {e}")))?;
    Ok((workbook, names))
}

/// Fills a sheet of [`empty_plan_workbook`] with the CSV `table` (its file
/// name) as [`plan_workbook`] would.
pub fn write_plan_sheet(sheet: &mut Worksheet, table: &str, csv: &[u8]) -> std::io::Result<()> {
    let csv = match table {
        "summary.csv" => without_timings(csv),
        _ => csv.to_vec(),
    };
    write_table(sheet, &csv).map_err(|e| std::io::Error::other(format!("{PLAN_WORKBOOK}: {e}")))
}

/// The sheets of `plan.xlsx` from a plan folder's files: each CSV table of
/// [`PLAN_SHEETS`] that `files` (name, CSV bytes) has.
pub fn plan_workbook(files: &[(&str, Vec<u8>)]) -> std::io::Result<Vec<u8>> {
    let mut tables = Vec::new();
    for table in PLAN_SHEETS {
        if let Some((_, csv)) = files.iter().find(|(name, _)| *name == table) {
            let csv = match table {
                "summary.csv" => without_timings(csv),
                _ => csv.clone(),
            };
            tables.push((table.trim_end_matches(".csv"), csv));
        }
    }
    tables_workbook(&tables).map_err(|e| std::io::Error::other(format!("{PLAN_WORKBOOK}: {e}")))
}

/// `summary.csv` without its two measured timings, the only figures that
/// change from run to run: the workbook is the same bytes for the same plan.
fn without_timings(csv: &[u8]) -> Vec<u8> {
    csv.split_inclusive(|&b| b == b'\n')
        .filter(|line| !line.starts_with(b"build_seconds,") && !line.starts_with(b"solve_seconds,"))
        .flatten()
        .copied()
        .collect()
}

/// Whether a scenario cell `true`/`false` becomes an Excel boolean (a
/// setting, as scenario.toml spells it) or stays text (a table's cell).
#[derive(Clone, Copy, PartialEq)]
enum Booleans {
    AsBooleans,
    AsText,
}

/// A scenario cell as a planner would type it: a boolean (where `booleans`
/// says so), a date, a number, else text.
fn write_typed(
    sheet: &mut Worksheet,
    (r, c): (u32, u16),
    cell: &str,
    booleans: Booleans,
    date_format: &Format,
) -> Result<(), XlsxError> {
    match cell.parse::<bool>() {
        Ok(b) if booleans == Booleans::AsBooleans => sheet.write_boolean(r, c, b)?,
        _ => match date_of(cell) {
            Some(date) => sheet.write_datetime_with_format(r, c, &date, date_format)?,
            None => match cell.parse::<f64>().ok().filter(|x| x.is_finite()) {
                Some(x) => sheet.write_number(r, c, x)?,
                None => sheet.write_string(r, c, cell)?,
            },
        },
    };
    Ok(())
}

/// A scenario as one workbook, the form `agrimatch plan scenario.xlsx`
/// reads: one sheet per CSV file (`supply.csv` is sheet `supply`), numbers
/// as numbers and dates as dates, as a planner would type them; then, if
/// given, a `settings` sheet made from `settings` (CSV rows `setting, value,
/// note` under a header row) and a last sheet `guide` (its name, then CSV
/// rows under a header row) with wrapped text. The words of both come from
/// the caller (the template texts of `locales/<lang>/templates/`).
pub fn scenario_workbook(
    files: &[(&str, &str)],
    settings: Option<&str>,
    guide: Option<(&str, &str)>,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&fixed_date()?));
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (name, csv) in files {
        let sheet = workbook.add_worksheet();
        sheet.set_name(crate::data::workbook::sheet_name(name))?;
        let mut widths: Vec<f64> = Vec::new();
        let mut header: Vec<String> = Vec::new();
        for (row, record) in csv_records(csv)?.iter().enumerate() {
            for (col, cell) in record.iter().enumerate() {
                let (r, c) = (row as u32, col as u16);
                let name = header.get(col).map_or("", String::as_str);
                if row == 0 {
                    header.push(cell.to_string());
                    sheet.write_string_with_format(r, c, cell, &bold)?;
                } else if cell.is_empty() {
                    continue;
                } else if TEXT_COLUMNS.contains(&name) {
                    sheet.write_string(r, c, cell)?;
                } else {
                    write_typed(sheet, (r, c), cell, Booleans::AsText, &date_format)?;
                }
                if widths.len() <= col {
                    widths.resize(col + 1, 8.0);
                }
                widths[col] = widths[col].max(text_width(cell) + 2.0);
            }
        }
        for (col, width) in widths.iter().enumerate() {
            sheet.set_column_width(col as u16, width.min(MAX_WIDTH))?;
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    if let Some(settings) = settings {
        let sheet = workbook.add_worksheet();
        sheet.set_name(crate::data::workbook::SETTINGS_SHEET)?;
        for (row, record) in csv_records(settings)?.iter().enumerate() {
            for (col, cell) in record.iter().enumerate() {
                let (r, c) = (row as u32, col as u16);
                if row == 0 {
                    sheet.write_string_with_format(r, c, cell, &bold)?;
                } else if cell.is_empty() {
                    continue;
                } else if col != 1 {
                    sheet.write_string(r, c, cell)?;
                } else {
                    write_typed(sheet, (r, c), cell, Booleans::AsBooleans, &date_format)?;
                }
            }
        }
        sheet.set_column_width(0, 16)?;
        sheet.set_column_width(1, 12)?;
        sheet.set_column_width(2, 80)?;
    }
    if let Some((name, guide)) = guide {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        let wrap = Format::new().set_text_wrap();
        for (row, record) in csv_records(guide)?.iter().enumerate() {
            let format = if row == 0 { &bold } else { &wrap };
            for (col, cell) in record.iter().enumerate() {
                sheet.write_string_with_format(row as u32, col as u16, cell, format)?;
            }
        }
        sheet.set_column_width(0, 12)?;
        sheet.set_column_width(1, 26)?;
        sheet.set_column_width(2, 90)?;
        sheet.set_freeze_panes(1, 0)?;
    }
    workbook.save_to_buffer()
}

/// The rows of a CSV text, its header first; rows may differ in length.
fn csv_records(csv: &str) -> Result<Vec<csv::StringRecord>, XlsxError> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .map_err(|e| XlsxError::ParameterError(e.to_string()))
}

/// How a column's numbers are shown (the value is always the CSV's).
fn number_format(column: &str) -> &'static str {
    if column.ends_with("_per_kg") || column.ends_with("_per_kg_week") {
        "#,##0.0000"
    } else if column.ends_with("_kg") || column.ends_with("_kg_per_week") {
        "#,##0.000"
    } else if is_money(column) {
        // Money to the fen.
        "#,##0.00"
    } else if column.contains("rate") || column.contains("share") || column == "gap" {
        "0.0%"
    } else {
        "General"
    }
}

/// Whether a column (or a `summary` metric) is an amount of money.
fn is_money(column: &str) -> bool {
    column == "cost"
        || column.ends_with("_cost")
        || column.starts_with("cost")
        || column.contains("_cost_")
        || column.contains("spent")
        || column.starts_with("budget")
        || column.ends_with("_budget_left")
        || matches!(
            column,
            "objective" | "penalties" | "sales_value" | "income" | "lower_bound"
        )
}

/// Width of text as Excel shows it: CJK characters take two columns.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            if (c as u32) >= 0x1100 && !c.is_ascii() {
                2.0
            } else {
                1.0
            }
        })
        .sum()
}

/// `2027-03-08` as a date.
fn date_of(text: &str) -> Option<ExcelDateTime> {
    let mut parts = text.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    ExcelDateTime::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// A text cell as the reader's language shows it: the summary's metric
/// names and status, and the coded words of `kind` and `channel` columns;
/// ids, names and notes as they are.
fn shown_word(header: &[String], record: &csv::StringRecord, col: usize, cell: &str) -> String {
    let summary = header.len() == 2 && header[0] == "metric";
    match header.get(col).map(String::as_str) {
        Some("metric") if summary => label("col", cell),
        Some("value") if summary && record.get(0) == Some("status") => super::text::status_word(cell),
        Some("value") if summary && record.get(0) == Some("certificate") => certificate_shown(cell),
        Some("value") if summary && record.get(0) == Some("blocks_by_solver") => blocks_shown(cell),
        Some("kind" | "channel") => label("value", cell),
        _ => cell.to_string(),
    }
}

/// `checked`, or `none: why` with the reason in the reader's language: the
/// reasons a written plan can carry are the fixed sentences of
/// [`CERTIFICATE_REASONS`] (a dual that fails its check fails the plan, so
/// its reason never reaches a plan folder); any other stays as written.
fn certificate_shown(cell: &str) -> String {
    let Some(why) = cell.strip_prefix("none: ") else {
        return label("value", cell);
    };
    let why = CERTIFICATE_REASONS
        .iter()
        .find(|(english, _)| *english == why)
        .map_or_else(|| why.to_string(), |(_, key)| t(key, &[]));
    t("xlsx-certificate-none", &[("why", &why)])
}

/// The certificate reasons of `summary.csv` (English, the file's contract)
/// and their catalog keys.
const CERTIFICATE_REASONS: [(&str, &str); 6] = [
    (reason::NO_DUALS, "xlsx-certificate-no-duals"),
    (reason::TRUCKS, "xlsx-certificate-trucks"),
    (reason::NOT_SOLVED, "xlsx-certificate-not-solved"),
    (reason::GREEDY, "xlsx-certificate-greedy"),
    (reason::UNRECORDED, "xlsx-certificate-unrecorded"),
    (reason::ROLLED, "xlsx-certificate-rolled"),
];

/// `coupled 1, network 3` (solver names, which stay as they are) with the
/// count worded in the reader's language.
fn blocks_shown(cell: &str) -> String {
    let parts: Vec<String> = cell
        .split(", ")
        .filter_map(|part| part.rsplit_once(' '))
        .map(|(solver, count)| t("xlsx-blocks-of-solver", &[("solver", solver), ("count", count)]))
        .collect();
    if parts.is_empty() {
        cell.to_string()
    } else {
        parts.join(&t("xlsx-list-separator", &[]))
    }
}

fn write_table(sheet: &mut Worksheet, csv: &[u8]) -> Result<(), XlsxError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv);
    let header_format = Format::new().set_bold().set_align(FormatAlign::Center);
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let mut header: Vec<String> = Vec::new();
    let mut formats: Vec<Format> = Vec::new();
    let mut widths: Vec<f64> = Vec::new();
    let mut rows = 0usize;
    let mut more = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| XlsxError::ParameterError(e.to_string()))?;
        if rows == 0 {
            header = record.iter().map(str::to_string).collect();
            formats = header
                .iter()
                .map(|h| Format::new().set_num_format(number_format(h)))
                .collect();
            let labels: Vec<String> = header.iter().map(|h| label("col", h)).collect();
            widths = labels.iter().map(|h| text_width(h) + 2.0).collect();
            for (col, name) in labels.iter().enumerate() {
                sheet.write_string_with_format(0, col as u16, name, &header_format)?;
            }
            rows = 1;
            continue;
        }
        if rows == MAX_SHEET_ROWS - 1 {
            // Room for one line that says where the rest is.
            more += 1;
            continue;
        }
        let row = rows as u32;
        for (col, cell) in record.iter().enumerate() {
            let name = header.get(col).map_or("", String::as_str);
            let c = col as u16;
            let width = if cell.is_empty() {
                0.0
            } else if TEXT_COLUMNS.contains(&name) {
                let text = shown_word(&header, &record, col, cell);
                sheet.write_string(row, c, &text)?;
                text_width(&text)
            } else if name == "harvest_week" && cell.parse::<i64>().is_ok_and(|w| w <= 0) {
                // Opening stock: harvested before the plan, `w` weeks before week 1.
                let text = t("xlsx-opening-stock", &[("week", cell)]);
                sheet.write_string(row, c, &text)?;
                text_width(&text)
            } else if let Some(date) = (name.ends_with("_date") || name == "week_start")
                .then(|| date_of(cell))
                .flatten()
            {
                sheet.write_datetime_with_format(row, c, &date, &date_format)?;
                10.0
            } else if let Some(x) = cell.parse::<f64>().ok().filter(|x| x.is_finite()) {
                // `summary` is metric,value: each value as its metric says.
                let by_metric = (header.len() == 2 && header[0] == "metric" && col == 1)
                    .then(|| record.get(0))
                    .flatten()
                    .map(|metric| Format::new().set_num_format(number_format(metric)));
                match by_metric.as_ref().or(formats.get(col)) {
                    Some(format) => sheet.write_number_with_format(row, c, x, format)?,
                    None => sheet.write_number(row, c, x)?,
                };
                // Thousands separators and the shown decimals.
                text_width(cell) * 4.0 / 3.0
            } else {
                let text = shown_word(&header, &record, col, cell);
                sheet.write_string(row, c, &text)?;
                text_width(&text)
            };
            if let Some(w) = widths.get_mut(col) {
                *w = w.max(width + 2.0);
            }
        }
        rows += 1;
    }
    if more > 0 {
        sheet.write_string(
            rows as u32,
            0,
            t(
                "xlsx-more-rows",
                &[("more", &more.to_string()), ("max", &MAX_SHEET_ROWS.to_string())],
            ),
        )?;
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, width.min(MAX_WIDTH))?;
    }
    if !header.is_empty() {
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, (rows.max(2) - 1) as u32, (header.len() - 1) as u16)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sheets filled apart, in any order (as the plan folder fills the
    /// flows sheet on its own thread), make the very bytes of
    /// [`plan_workbook`]: the same strings, formats and sheet order.
    #[test]
    fn sheets_filled_apart_make_the_same_workbook() {
        let files: Vec<(&str, Vec<u8>)> = vec![
            (
                "shipments.csv",
                b"from,to,product,week,quantity_kg\nA,S,plum,1,12.5\n".to_vec(),
            ),
            (
                "summary.csv",
                b"metric,value\nstatus,optimal\nbuild_seconds,0.1\nsolve_seconds,0.2\nobjective,3.5\n".to_vec(),
            ),
            ("report.html", b"<html></html>".to_vec()),
            (
                "flows.csv",
                b"from,to,product,week,quantity_kg\nS,T,plum,2,3\nA,S,plum,1,12.5\n".to_vec(),
            ),
        ];
        let whole = plan_workbook(&files).expect("the tables make a workbook");
        let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
        let (mut book, sheets) = empty_plan_workbook(&names).expect("the sheets can be named");
        assert_eq!(sheets, ["shipments.csv", "summary.csv", "flows.csv"]);
        for (i, name) in sheets.iter().enumerate().rev() {
            let csv = &files.iter().find(|(n, _)| n == name).expect("a sheet of the files").1;
            let sheet = book.worksheet_from_index(i).expect("one sheet per table");
            write_plan_sheet(sheet, name, csv).expect("the table fits a sheet");
        }
        let apart = book.save_to_buffer().expect("the workbook saves");
        assert!(whole == apart, "the workbooks differ");
    }

    #[test]
    fn formats_follow_the_unit_in_the_header() {
        assert_eq!(number_format("quantity_kg"), "#,##0.000");
        assert_eq!(number_format("cost_change_per_kg"), "#,##0.0000");
        assert_eq!(number_format("cost"), "#,##0.00");
        assert_eq!(number_format("fill_rate"), "0.0%");
        assert_eq!(number_format("ship_week"), "General");
        assert_eq!(number_format("sales_value"), "#,##0.00");
        assert_eq!(number_format("support_spent"), "#,##0.00");
        assert_eq!(number_format("money_spent"), "#,##0.00");
        assert_eq!(number_format("objective"), "#,##0.00");
        assert_eq!(number_format("gap"), "0.0%");
        assert_eq!(number_format("worst_store_fill_rate"), "0.0%");
    }

    #[test]
    fn the_same_tables_give_the_same_bytes() {
        let tables = [(
            "shipments",
            b"from,to,quantity_kg\n\xE6\x9C\xA8\xE5\xBC\x95,B,12.500\n".to_vec(),
        )];
        let first = tables_workbook(&tables).expect("workbook");
        assert_eq!(first, tables_workbook(&tables).expect("workbook"));
    }

    #[test]
    fn every_certificate_reason_is_worded_in_both_languages() {
        for (english, key) in CERTIFICATE_REASONS {
            assert_eq!(crate::lang::Lang::En.text(key, &[]), english);
            let chinese = crate::lang::Lang::ZhCn.text(key, &[]);
            assert!(chinese != key && !chinese.is_ascii(), "{key}: {chinese}");
        }
    }

    #[test]
    fn chinese_text_is_twice_as_wide() {
        assert_eq!(text_width("木引-1"), 6.0);
    }
}
