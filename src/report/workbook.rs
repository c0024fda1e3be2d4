//! `plan.xlsx`: the plan's CSV tables as one Excel workbook, one sheet per
//! table, for planners who live in Excel. Each sheet is made from the CSV
//! text of its table, so it has exactly the CSV's rows: ids and words as
//! text, numbers as numbers (formatted with thousands separators, the
//! header naming the unit), dates as dates. The header row is frozen and
//! filtered, the columns as wide as their text.
//!
//! The workbook is the same bytes for the same plan: its creation date is
//! fixed (Excel's own stamp would be the time of writing), and the summary
//! sheet leaves out the two timings of `summary.csv`.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::report::FileWriter;

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
    for (name, csv) in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name)?;
        write_table(sheet, csv)?;
    }
    workbook.save_to_buffer()
}

/// The sheets of `plan.xlsx` from a plan folder's files: each CSV table of
/// [`PLAN_SHEETS`] that `files` has, rendered once more into memory.
pub fn plan_workbook(files: &[(&str, FileWriter)]) -> std::io::Result<Vec<u8>> {
    let mut tables = Vec::new();
    for table in PLAN_SHEETS {
        if let Some((_, write)) = files.iter().find(|(name, _)| *name == table) {
            let mut csv = Vec::new();
            write(&mut csv)?;
            if table == "summary.csv" {
                csv = without_timings(&csv);
            }
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

/// How a column's numbers are shown (the value is always the CSV's).
fn number_format(column: &str) -> &'static str {
    if column.ends_with("_per_kg") || column.ends_with("_per_kg_week") {
        "#,##0.0000"
    } else if column.ends_with("_kg") || column.ends_with("_kg_per_week") {
        "#,##0.000"
    } else if column == "cost" || column.ends_with("_cost") || column.starts_with("cost") {
        "#,##0.00"
    } else if column.contains("rate") || column.contains("share") {
        "0.0%"
    } else {
        "General"
    }
}

/// Width of text as Excel shows it: CJK characters take two columns.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x1100 && !c.is_ascii() { 2.0 } else { 1.0 })
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
            widths = header.iter().map(|h| text_width(h) + 2.0).collect();
            for (col, name) in header.iter().enumerate() {
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
                sheet.write_string(row, c, cell)?;
                text_width(cell)
            } else if let Some(date) = name.ends_with("_date").then(|| date_of(cell)).flatten() {
                sheet.write_datetime_with_format(row, c, &date, &date_format)?;
                10.0
            } else if let Some(x) = cell.parse::<f64>().ok().filter(|x| x.is_finite()) {
                match formats.get(col) {
                    Some(format) => sheet.write_number_with_format(row, c, x, format)?,
                    None => sheet.write_number(row, c, x)?,
                };
                // Thousands separators and the shown decimals.
                text_width(cell) * 4.0 / 3.0
            } else {
                sheet.write_string(row, c, cell)?;
                text_width(cell)
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
            format!("... and {more} more rows: Excel holds {MAX_SHEET_ROWS} rows a sheet; the CSV file has them all"),
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

    #[test]
    fn formats_follow_the_unit_in_the_header() {
        assert_eq!(number_format("quantity_kg"), "#,##0.000");
        assert_eq!(number_format("cost_change_per_kg"), "#,##0.0000");
        assert_eq!(number_format("cost"), "#,##0.00");
        assert_eq!(number_format("fill_rate"), "0.0%");
        assert_eq!(number_format("ship_week"), "General");
    }

    #[test]
    fn the_same_tables_give_the_same_bytes() {
        let tables = [("shipments", b"from,to,quantity_kg\n\xE6\x9C\xA8\xE5\xBC\x95,B,12.500\n".to_vec())];
        let first = tables_workbook(&tables).expect("workbook");
        assert_eq!(first, tables_workbook(&tables).expect("workbook"));
    }

    #[test]
    fn chinese_text_is_twice_as_wide() {
        assert_eq!(text_width("木引-1"), 6.0);
    }
}
