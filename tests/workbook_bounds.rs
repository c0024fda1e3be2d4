//! Workbooks bounded by their bytes (issue 21): each crafted file of the issue is
//! refused with exit 2, naming the zip entry and the cell or string, before calamine
//! reads it. The files are written here by hand with the `zip` crate, so nothing of
//! the program's own writer is trusted.

use std::io::{Cursor, Write};

use assert_cmd::Command;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use agrimatch::data::workbook_scan::{MAX_CELLS, MAX_SHARED_STRINGS};

/// The parts of a workbook with one sheet, `supply`, holding `sheet_data` (the
/// inside of `<sheetData>`), and `shared` as `xl/sharedStrings.xml` if given.
pub fn workbook(sheet_data: &[u8], shared: Option<&[u8]>) -> Vec<(String, Vec<u8>)> {
    let mut sheet = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/><sheetData>"#
        .to_vec();
    sheet.extend_from_slice(sheet_data);
    sheet.extend_from_slice(b"</sheetData></worksheet>");
    let mut parts = vec![
        (
            "[Content_Types].xml".to_string(),
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_vec(),
        ),
        (
            "_rels/.rels".to_string(),
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec(),
        ),
        (
            "xl/workbook.xml".to_string(),
            br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="supply" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec(),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_string(),
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_vec(),
        ),
        ("xl/worksheets/sheet1.xml".to_string(), sheet),
    ];
    if let Some(shared) = shared {
        parts.push(("xl/sharedStrings.xml".to_string(), shared.to_vec()));
    }
    parts
}

/// The parts zipped (deflated, as Excel saves them).
pub fn zipped(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    zipped_with(parts, true)
}

/// The parts zipped, deflated or stored.
pub fn zipped_with(parts: &[(String, Vec<u8>)], deflate: bool) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let method = if deflate {
        CompressionMethod::Deflated
    } else {
        CompressionMethod::Stored
    };
    let options = SimpleFileOptions::default().compression_method(method).large_file(true);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).expect("zip entry");
        zip.write_all(bytes).expect("zip entry written");
    }
    zip.finish().expect("zip finished").into_inner()
}

/// `agrimatch check` on the workbook: exit 2; its messages.
fn refused(bytes: &[u8]) -> String {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let path = tmp.path().join("scenario.xlsx");
    std::fs::write(&path, bytes).expect("workbook written");
    let assert = Command::cargo_bin("agrimatch")
        .expect("binary is built")
        .arg("check")
        .arg(&path)
        .assert()
        .code(2);
    String::from_utf8_lossy(&assert.get_output().stderr).to_string()
}

fn assert_says(stderr: &str, expected: &str) {
    assert!(stderr.contains(expected), "expected {expected:?} in:\n{stderr}");
}

/// Shared strings `<si><t>s{i}</t></si>` for `i` in `0..n`, declaring `unique_count`.
fn shared_strings(n: u64, unique_count: &str) -> Vec<u8> {
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{unique_count}">"#
    )
    .into_bytes();
    for i in 0..n {
        write!(xml, "<si><t>s{i}</t></si>").expect("in memory");
    }
    xml.extend_from_slice(b"</sst>");
    xml
}

#[test]
fn the_skeleton_is_read_by_calamine_and_its_cells_reach_the_reader() {
    // The control for every case below: the same parts with sane cells are read,
    // and the cells are checked as a supply sheet (shared string 0 is "s0").
    let data = br#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>product</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>"#;
    let stderr = refused(&zipped(&workbook(data, Some(&shared_strings(1, "1")))));
    assert_says(&stderr, "scenario.xlsx: sheet supply, row 1, column s0: unknown column");
}

#[test]
fn a_unique_count_of_a_trillion_is_refused_before_any_allocation() {
    let bytes = zipped(&workbook(b"", Some(&shared_strings(3, "999999999999"))));
    assert!(bytes.len() < 12_000, "a small file: {} bytes", bytes.len());
    let stderr = refused(&bytes);
    assert_says(
        &stderr,
        "scenario.xlsx: entry xl/sharedStrings.xml: expected uniqueCount at most 1000000 (shared strings), found \"999999999999\"",
    );
}

#[test]
fn a_column_beyond_xfd_is_refused_at_its_cell() {
    let stderr = refused(&zipped(&workbook(
        br#"<row r="9"><c r="ZZZZZZ9"><v>1</v></c></row>"#,
        None,
    )));
    assert_says(
        &stderr,
        "entry xl/worksheets/sheet1.xml, cell ZZZZZZ9: expected a cell within A1:XFD1048576 (1048576 rows x 16384 columns), found \"ZZZZZZ9\"",
    );
}

#[test]
fn a_row_beyond_the_sheet_is_refused_at_its_cell() {
    let stderr = refused(&zipped(&workbook(br#"<c r="A4000000000"><v>1</v></c>"#, None)));
    assert_says(
        &stderr,
        "entry xl/worksheets/sheet1.xml, cell A4000000000: expected a cell within A1:XFD1048576",
    );
}

#[test]
fn a_row_past_u32_is_refused_not_wrapped() {
    let stderr = refused(&zipped(&workbook(
        br#"<row r="99999999999"><c r="A99999999999"><v>1</v></c></row>"#,
        None,
    )));
    assert_says(
        &stderr,
        "entry xl/worksheets/sheet1.xml, row 99999999999: expected a row number from 1 to 1048576, found \"99999999999\"",
    );
    assert!(!stderr.contains("1215752191"), "{stderr}");
    // The same cell without its row element.
    let stderr = refused(&zipped(&workbook(br#"<c r="A99999999999"><v>1</v></c>"#, None)));
    assert_says(&stderr, "cell A99999999999: expected a cell within A1:XFD1048576");
    assert!(!stderr.contains("1215752191"), "{stderr}");
}

#[test]
fn cells_without_references_cannot_walk_off_the_sheet() {
    // 16,385 cells in one row: the last would be column 16,385.
    let data = format!("<row r=\"3\">{}</row>", "<c><v>1</v></c>".repeat(16_385));
    let stderr = refused(&zipped(&workbook(data.as_bytes(), None)));
    assert_says(
        &stderr,
        "entry xl/worksheets/sheet1.xml, row 3, column 16385: expected a cell within A1:XFD1048576",
    );
}

#[test]
fn more_shared_strings_than_the_cap_are_refused_at_the_first_one_over() {
    // Highly compressible, as the issue's 10.9 MB file: the count is what costs.
    let stderr = refused(&zipped(&workbook(
        b"",
        Some(&shared_strings(MAX_SHARED_STRINGS + 1, "1")),
    )));
    assert_says(
        &stderr,
        "entry xl/sharedStrings.xml, string 1000001: expected at most 1000000 shared strings, found more",
    );
}

/// `n` cells of `cell` in rows of 10,000 without references.
fn many_cells(n: u64, cell: &str) -> Vec<u8> {
    let mut xml = Vec::new();
    let mut left = n;
    while left > 0 {
        let row = left.min(10_000);
        xml.extend_from_slice(b"<row>");
        xml.extend_from_slice(cell.repeat(row as usize).as_bytes());
        xml.extend_from_slice(b"</row>");
        left -= row;
    }
    xml
}

#[test]
fn more_cells_than_the_cap_are_refused_at_the_first_one_over() {
    let stderr = refused(&zipped(&workbook(&many_cells(MAX_CELLS + 1, "<c><v>7</v></c>"), None)));
    // The first cell over the cap is the first of its row of 10,000.
    assert_says(
        &stderr,
        &format!("entry xl/worksheets/sheet1.xml, cell A{}: expected at most {MAX_CELLS} cells in the workbook (empty ones count too), found more", MAX_CELLS / 10_000 + 1),
    );
}

#[test]
fn empty_cells_count_against_the_cap_too() {
    let stderr = refused(&zipped(&workbook(&many_cells(MAX_CELLS + 1, "<c/>"), None)));
    assert_says(
        &stderr,
        &format!("entry xl/worksheets/sheet1.xml, cell A{}: expected at most {MAX_CELLS} cells in the workbook (empty ones count too), found more", MAX_CELLS / 10_000 + 1),
    );
}

#[test]
fn an_entry_that_unzips_past_its_cap_is_refused_whatever_it_declares() {
    // 257 MiB of spaces in a picture's entry: a few hundred KB zipped.
    let mut parts = workbook(b"", None);
    parts.push(("xl/media/image1.png".to_string(), vec![b' '; 257 << 20]));
    let bytes = zipped(&parts);
    assert!(bytes.len() < 2 << 20, "a small file: {} bytes", bytes.len());
    let stderr = refused(&bytes);
    assert_says(
        &stderr,
        "entry xl/media/image1.png: expected at most 256 MiB unzipped, found more",
    );
}

#[test]
fn a_dimension_beyond_the_sheet_is_refused() {
    let mut parts = workbook(b"", None);
    parts[4].1 = br#"<worksheet><dimension ref="A1:ZZZZZZ99999999999"/><sheetData/></worksheet>"#.to_vec();
    let stderr = refused(&zipped(&parts));
    assert_says(
        &stderr,
        "entry xl/worksheets/sheet1.xml, dimension A1:ZZZZZZ99999999999: expected a range within A1:XFD1048576",
    );
}

#[test]
fn a_stray_cell_far_right_in_every_row_is_bounded_by_its_width() {
    // Under the cell cap, but each row would be 16,384 cells wide: 400 rows of
    // (A, XFD) would fill 6.5 million grid cells; the first row over the cap is named.
    let mut data = String::new();
    for row in 1..=400 {
        data.push_str(&format!(
            r#"<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>farm</t></is></c><c r="XFD{row}"><v>1</v></c></row>"#
        ));
    }
    let stderr = refused(&zipped(&workbook(data.as_bytes(), None)));
    let row = MAX_CELLS / 16_384 + 1;
    assert_says(
        &stderr,
        &format!("sheet supply: row {row}, column XFD: expected at most {MAX_CELLS} cells in the scenario sheets (blanks left of a filled cell count too), found more"),
    );
}

#[test]
fn a_tag_longer_than_the_event_cap_is_refused() {
    // One cell whose text is 2 MiB: calamine would hold it whole.
    let data = format!(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>{}</t></is></c></row>"#,
        "x".repeat(2 << 20)
    );
    let stderr = refused(&zipped(&workbook(data.as_bytes(), None)));
    assert_says(
        &stderr,
        "entry xl/worksheets/sheet1.xml, byte 207: expected XML tags and texts of at most 1 MiB each, found a longer one",
    );
}
