//! A pre-scan of a workbook's zip, bounded by its bytes, before calamine reads it.
//!
//! calamine trusts what a workbook declares, and so cannot be held to a memory bound by
//! itself: it reserves its shared-string table from `uniqueCount`, turns cell references
//! into `u32` positions without a bound (so `A99999999999` wraps to row 1215752191 and
//! `ZZZZZZ9` becomes a column of 321 million), unzips each part for as long as it lasts,
//! and yields every `<c/>`, empty or not. So every entry of the zip is unzipped here
//! first, through a limit that counts the bytes actually produced (never the declared
//! size), and parsed with the same quick-xml and the same settings calamine uses, so this
//! scan sees the events calamine will see. Everything that costs calamine or
//! [`super::workbook`] memory is counted against the caps below; no count the file
//! declares sizes an allocation here. Only a workbook that passes is handed to calamine.
//!
//! The caps keep any accepted workbook well under 1 GB while reading (README, Excel).

use std::fmt;
use std::io::{self, BufRead, BufReader, Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::ZipArchive;

use crate::lang::t;

/// Rows of an Excel sheet: no reference may point below row 1,048,576.
pub const MAX_ROWS: u64 = 1_048_576;
/// Columns of an Excel sheet: no reference may point right of column XFD (16,384).
pub const MAX_COLUMNS: u64 = 16_384;
/// Entries (files) in the zip.
pub const MAX_ENTRIES: usize = 10_000;
/// Unzipped bytes of any one entry.
pub const MAX_ENTRY_BYTES: u64 = 256 << 20;
/// Unzipped bytes of all entries together.
pub const MAX_UNZIPPED_BYTES: u64 = 1 << 30;
/// Bytes of one XML tag or one run of text: calamine holds one at a time, whole.
/// Excel's longest cell text (32,767 characters) is at most 128 KiB.
pub const MAX_XML_EVENT_BYTES: usize = 1 << 20;
/// `<c>` elements (cells) in all sheets together, empty ones included.
pub const MAX_CELLS: u64 = 4_000_000;
/// `<si>` elements (shared strings), which calamine keeps all of.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;
/// Bytes of text in the shared strings.
pub const MAX_SHARED_TEXT_BYTES: u64 = 64 << 20;
/// Elements that calamine keeps one record for while opening a workbook:
/// cell formats, fonts, fills, borders, number formats, sheets, defined names and
/// relationships. Excel itself allows 64,000 cell formats.
pub const MAX_RECORDS: u64 = 200_000;

/// The elements counted against [`MAX_RECORDS`] (local names).
const RECORDS: [&str; 8] = [
    "xf",
    "font",
    "fill",
    "border",
    "numFmt",
    "sheet",
    "definedName",
    "Relationship",
];

/// What is wrong with a workbook, and where: the zip entry and, inside a sheet, the
/// cell reference or the shared string's number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanProblem {
    /// The zip entry, such as `xl/worksheets/sheet1.xml`.
    pub entry: Option<String>,
    /// Inside the entry: `cell B7`, `string 1000001`, `row 4000000000`.
    pub at: Option<String>,
    /// Expected, then found.
    pub message: String,
}

impl fmt::Display for ScanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.entry, &self.at) {
            (Some(entry), Some(at)) => f.write_str(&t(
                "ref-zip-entry-at",
                &[("entry", entry), ("at", at), ("message", &self.message)],
            )),
            (Some(entry), None) => f.write_str(&t("ref-zip-entry", &[("entry", entry), ("message", &self.message)])),
            (None, _) => write!(f, "{}", self.message),
        }
    }
}

/// What the scan counted in a workbook that passed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanCounts {
    /// Zip entries.
    pub entries: usize,
    /// Bytes of all entries, unzipped.
    pub unzipped_bytes: u64,
    /// `<c>` elements, empty ones included.
    pub cells: u64,
    /// `<si>` elements.
    pub shared_strings: u64,
    /// Elements counted against [`MAX_RECORDS`].
    pub records: u64,
}

/// Scans the zip in `bytes` against every cap. `Ok` also for bytes that are no zip
/// at all: calamine says what is wrong with those, and reads nothing.
pub fn scan_workbook(bytes: &[u8]) -> Result<ScanCounts, ScanProblem> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(ScanCounts::default());
    };
    let mut counts = ScanCounts {
        entries: archive.len(),
        ..ScanCounts::default()
    };
    if archive.len() > MAX_ENTRIES {
        return Err(ScanProblem {
            entry: None,
            at: None,
            message: t(
                "ref-zip-too-many-entries",
                &[("max", &MAX_ENTRIES.to_string()), ("found", &archive.len().to_string())],
            ),
        });
    }
    for index in 0..archive.len() {
        // An entry the zip reader cannot open (encrypted, an unknown compression)
        // cannot be opened by calamine either, which reports it if it needs it.
        let Ok(file) = archive.by_index(index) else {
            continue;
        };
        let name = file.name().map_or_else(
            |_| t("ref-zip-entry-number", &[("n", &(index + 1).to_string())]),
            |name| name.to_string(),
        );
        let limit = MAX_ENTRY_BYTES.min(MAX_UNZIPPED_BYTES - counts.unzipped_bytes);
        let mut entry = EntryScan::new(&name, &mut counts);
        let mut source = Limited {
            inner: file,
            count: 0,
            limit,
        };
        let scanned = entry.scan(&mut source);
        let unzipped = source.count;
        entry.counts.unzipped_bytes += unzipped.min(limit);
        if unzipped > limit {
            let message = if limit == MAX_ENTRY_BYTES {
                t(
                    "ref-zip-entry-too-large",
                    &[("max", &(MAX_ENTRY_BYTES >> 20).to_string())],
                )
            } else {
                t(
                    "ref-zip-total-too-large",
                    &[("max", &(MAX_UNZIPPED_BYTES >> 20).to_string())],
                )
            };
            return Err(ScanProblem {
                entry: Some(name),
                at: None,
                message,
            });
        }
        scanned?;
    }
    Ok(counts)
}

/// A reader that yields at most `limit` bytes and then fails, counting what it
/// produced: the unzipped size, whatever the zip declares.
struct Limited<R> {
    inner: R,
    count: u64,
    limit: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.count > self.limit {
            return Err(io::Error::other("over the limit"));
        }
        // One byte past the limit tells "exactly the limit" from "more".
        let room = usize::try_from(self.limit + 1 - self.count).unwrap_or(usize::MAX);
        let take = buf.len().min(room);
        let n = self.inner.read(&mut buf[..take])?;
        self.count += n as u64;
        Ok(n)
    }
}

/// The scan of one entry: calamine's view of a sheet (row and column it is at), and
/// the counts of the whole workbook.
struct EntryScan<'a> {
    name: &'a str,
    counts: &'a mut ScanCounts,
    /// 0-based row and column where calamine puts a `<c>` without `r`. Where
    /// several `r` attributes could be the one calamine reads, the largest is kept,
    /// so these are never below calamine's own.
    row: u64,
    column: u64,
    in_string: bool,
    shared_text_bytes: u64,
}

impl<'a> EntryScan<'a> {
    fn new(name: &'a str, counts: &'a mut ScanCounts) -> EntryScan<'a> {
        EntryScan {
            name,
            counts,
            row: 0,
            column: 0,
            in_string: false,
            shared_text_bytes: 0,
        }
    }

    fn problem(&self, at: Option<String>, message: String) -> ScanProblem {
        ScanProblem {
            entry: Some(self.name.to_string()),
            at,
            message,
        }
    }

    /// Parses the entry as calamine would, then reads what is left of it (so that
    /// its size is known even when it is no XML).
    fn scan<R: Read>(&mut self, source: &mut Limited<R>) -> Result<(), ScanProblem> {
        let mut head = BufReader::new(&mut *source);
        // Pictures and other binary entries, which calamine never parses, may hold
        // long runs without a `<`: only an entry that starts as XML is held to
        // MAX_XML_EVENT_BYTES (a run in any other one is bounded by its size).
        let starts_as_xml = head.fill_buf().is_ok_and(|bytes| {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
        });
        let mut xml = Reader::from_reader(head);
        // calamine's settings (`xml_reader` in its xlsx module): same events.
        let config = xml.config_mut();
        config.check_end_names = false;
        config.trim_text(false);
        config.check_comments = false;
        config.expand_empty_elements = true;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let before = xml.buffer_position();
            let event = match xml.read_event_into(&mut buf) {
                Ok(Event::Eof) => break,
                Ok(event) => event,
                // Where the parser stops, calamine stops too (same parser, same
                // settings): nothing after it reaches a cell.
                Err(_) => break,
            };
            if starts_as_xml && xml.buffer_position() - before > MAX_XML_EVENT_BYTES as u64 {
                return Err(self.problem(
                    Some(t("ref-at-byte", &[("n", &before.to_string())])),
                    t(
                        "ref-xml-event-too-long",
                        &[("max", &(MAX_XML_EVENT_BYTES >> 20).to_string())],
                    ),
                ));
            }
            match event {
                Event::Start(e) => self.start(e.local_name().as_ref(), e.attributes_raw())?,
                Event::End(e) => match e.local_name().as_ref() {
                    "row" => {
                        self.row += 1;
                        self.column = 0;
                    }
                    "si" => self.in_string = false,
                    _ => {}
                },
                Event::Text(t) if self.in_string => self.shared_text(t.len())?,
                Event::CData(t) if self.in_string => self.shared_text(t.len())?,
                Event::GeneralRef(t) if self.in_string => self.shared_text(t.len())?,
                _ => {}
            }
        }
        drop(xml);
        let _ = io::copy(source, &mut io::sink());
        Ok(())
    }

    fn start(&mut self, name: &str, attributes: &str) -> Result<(), ScanProblem> {
        match name {
            "sheetData" => {
                // calamine's cell reader starts here at row 1, column A.
                self.row = 0;
                self.column = 0;
            }
            "row" => {
                let mut at = None;
                for value in attribute_values(attributes, "r") {
                    let value = value.map_err(|why| self.problem(None, why))?;
                    // calamine reads a row's `r` as a cell reference whose column
                    // it drops: letters too many for the sheet overflow there too.
                    let row = match parse_reference(value) {
                        Some((row, column))
                            if (1..=MAX_ROWS).contains(&row) && column.is_none_or(|c| c <= MAX_COLUMNS) =>
                        {
                            row - 1
                        }
                        _ => {
                            return Err(self.problem(
                                Some(t("ref-at-row", &[("row", &located(value))])),
                                t(
                                    "ref-row-number-range",
                                    &[("max", &MAX_ROWS.to_string()), ("found", &shown(value))],
                                ),
                            ))
                        }
                    };
                    at = Some(at.map_or(row, |r: u64| r.max(row)));
                }
                if let Some(row) = at {
                    self.row = row;
                }
                if self.row >= MAX_ROWS {
                    return Err(self.problem(
                        Some(t("ref-at-row", &[("row", &(self.row + 1).to_string())])),
                        t("ref-row-number-beyond", &[("max", &MAX_ROWS.to_string())]),
                    ));
                }
            }
            "c" => {
                self.counts.cells += 1;
                let mut column = None;
                let mut reference = None;
                for value in attribute_values(attributes, "r") {
                    let value = value.map_err(|why| self.problem(Some(self.here()), why))?;
                    match parse_reference(value) {
                        Some((row, Some(col))) if (1..=MAX_ROWS).contains(&row) && (1..=MAX_COLUMNS).contains(&col) => {
                            column = Some(column.map_or(col - 1, |c: u64| c.max(col - 1)));
                            reference = Some(value.to_string());
                        }
                        _ => {
                            return Err(self.problem(
                                Some(t("ref-at-cell", &[("cell", &located(value))])),
                                t(
                                    "ref-cell-range",
                                    &[
                                        ("rows", &MAX_ROWS.to_string()),
                                        ("columns", &MAX_COLUMNS.to_string()),
                                        ("found", &shown(value)),
                                    ],
                                ),
                            ))
                        }
                    }
                }
                if let Some(column) = column {
                    self.column = column;
                } else {
                    self.check_position()?;
                }
                let at = reference.map_or_else(|| self.here(), |r| t("ref-at-cell", &[("cell", &r)]));
                if self.counts.cells > MAX_CELLS {
                    return Err(self.problem(Some(at), t("ref-too-many-cells", &[("max", &MAX_CELLS.to_string())])));
                }
                self.column += 1;
            }
            "dimension" => {
                for value in attribute_values(attributes, "ref") {
                    let value = value.map_err(|why| self.problem(None, why))?;
                    let inside = value.split(':').all(|part| {
                        matches!(parse_reference(part),
                            Some((row, Some(col))) if (1..=MAX_ROWS).contains(&row) && (1..=MAX_COLUMNS).contains(&col))
                    });
                    if !inside {
                        return Err(self.problem(
                            Some(t("ref-at-dimension", &[("range", &located(value))])),
                            t("ref-dimension-range", &[("found", &shown(value))]),
                        ));
                    }
                }
            }
            "sst" => {
                for value in attribute_values(attributes, "uniqueCount") {
                    let value = value.map_err(|why| self.problem(None, why))?;
                    // calamine reserves this many strings when it reads as a number
                    // (with or without a sign or leading zeros): anything but a
                    // plain number within the cap is refused.
                    let digits = value.strip_prefix('+').unwrap_or(value);
                    let significant = digits.trim_start_matches('0');
                    let within = digits.bytes().all(|b| b.is_ascii_digit())
                        && significant.len() <= 7
                        && significant.parse::<u64>().unwrap_or(0) <= MAX_SHARED_STRINGS;
                    if !within {
                        return Err(self.problem(
                            None,
                            t(
                                "ref-unique-count",
                                &[("max", &MAX_SHARED_STRINGS.to_string()), ("found", &shown(value))],
                            ),
                        ));
                    }
                }
            }
            "si" => {
                self.counts.shared_strings += 1;
                self.in_string = true;
                if self.counts.shared_strings > MAX_SHARED_STRINGS {
                    return Err(self.problem(
                        Some(t("ref-at-string", &[("n", &self.counts.shared_strings.to_string())])),
                        t(
                            "ref-too-many-shared-strings",
                            &[("max", &MAX_SHARED_STRINGS.to_string())],
                        ),
                    ));
                }
            }
            _ if RECORDS.contains(&name) => {
                self.counts.records += 1;
                if self.counts.records > MAX_RECORDS {
                    return Err(self.problem(None, t("ref-too-many-records", &[("max", &MAX_RECORDS.to_string())])));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn shared_text(&mut self, bytes: usize) -> Result<(), ScanProblem> {
        self.shared_text_bytes += bytes as u64;
        if self.shared_text_bytes > MAX_SHARED_TEXT_BYTES {
            return Err(self.problem(
                Some(t("ref-at-string", &[("n", &self.counts.shared_strings.to_string())])),
                t(
                    "ref-shared-text-too-large",
                    &[("max", &(MAX_SHARED_TEXT_BYTES >> 20).to_string())],
                ),
            ));
        }
        Ok(())
    }

    /// The cell calamine is at, for a `<c>` without a reference.
    fn here(&self) -> String {
        if self.row < MAX_ROWS && self.column < MAX_COLUMNS {
            let cell = format!("{}{}", column_letters(self.column), self.row + 1);
            t("ref-at-cell", &[("cell", &cell)])
        } else {
            t(
                "ref-at-row-column",
                &[
                    ("row", &(self.row + 1).to_string()),
                    ("column", &(self.column + 1).to_string()),
                ],
            )
        }
    }

    /// A cell without a reference goes where calamine counts: the next column of
    /// the current row, which must be on the sheet.
    fn check_position(&self) -> Result<(), ScanProblem> {
        if self.row >= MAX_ROWS || self.column >= MAX_COLUMNS {
            return Err(self.problem(
                Some(self.here()),
                t(
                    "ref-cell-beyond",
                    &[("rows", &MAX_ROWS.to_string()), ("columns", &MAX_COLUMNS.to_string())],
                ),
            ));
        }
        Ok(())
    }
}

/// A reference such as `B7` as (row, column), both 1-based; `7` has no column.
/// Letters in either case, then digits, as calamine reads them, but without
/// overflow: a number too large for the sheet saturates.
fn parse_reference(text: &str) -> Option<(u64, Option<u64>)> {
    let bytes = text.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = &bytes[letters..];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let column = bytes[..letters].iter().fold(0u64, |n, b| {
        n.saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1)
    });
    let row = digits
        .iter()
        .fold(0u64, |n, b| n.saturating_mul(10).saturating_add(u64::from(b - b'0')));
    Some((row, (letters > 0).then_some(column)))
}

/// `A`, `B`, ..., `AA` for a 0-based column.
fn column_letters(index: u64) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// A reference as a location: as it is when it looks like one, else quoted.
fn located(value: &str) -> String {
    if !value.is_empty() && value.len() <= 40 && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b':') {
        value.to_string()
    } else {
        shown(value)
    }
}

/// An attribute value as found, shortened for a message.
fn shown(value: &str) -> String {
    const MOST: usize = 40;
    let mut text: String = value.chars().take(MOST).collect();
    if value.chars().nth(MOST).is_some() {
        text.push_str("...");
    }
    crate::error::quoted(&text)
}

/// Every value of attribute `key` in an element's raw attributes, read by the same
/// rules as calamine's `RawAttrIter` (calamine/src/attrs.rs, MIT): a malformed
/// attribute is an error, where calamine stops reading the element too.
fn attribute_values<'a>(raw: &'a str, key: &'a str) -> impl Iterator<Item = Result<&'a str, String>> + 'a {
    RawAttributes { raw, pos: 0 }.filter_map(move |item| match item {
        Ok((k, v)) if k == key => Some(Ok(v)),
        Ok(_) => None,
        Err(()) => Some(Err(t("ref-malformed-attribute", &[]))),
    })
}

struct RawAttributes<'a> {
    raw: &'a str,
    pos: usize,
}

impl<'a> Iterator for RawAttributes<'a> {
    type Item = Result<(&'a str, &'a str), ()>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.raw.as_bytes();
        let len = bytes.len();
        let mut pos = self.pos;
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= len {
            self.pos = pos;
            return None;
        }
        let key_start = pos;
        while pos < len && bytes[pos] != b'=' {
            pos += 1;
        }
        if pos >= len {
            self.pos = len;
            return Some(Err(()));
        }
        let key = self.raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => {
                self.pos = len;
                return Some(Err(()));
            }
        };
        pos += 1;
        let value_start = pos;
        while pos < len && bytes[pos] != quote {
            pos += 1;
        }
        let value = &self.raw[value_start..pos];
        if pos < len {
            pos += 1;
        }
        self.pos = pos;
        Some(Ok((key, value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse_without_overflow() {
        assert_eq!(parse_reference("B7"), Some((7, Some(2))));
        assert_eq!(parse_reference("xfd1048576"), Some((1_048_576, Some(16_384))));
        assert_eq!(parse_reference("12"), Some((12, None)));
        assert_eq!(parse_reference("ZZZZZZ9"), Some((9, Some(321_272_406))));
        assert_eq!(parse_reference("A99999999999999999999999"), Some((u64::MAX, Some(1))));
        assert_eq!(parse_reference("$A$1"), None);
        assert_eq!(parse_reference("A"), None);
        assert_eq!(parse_reference(""), None);
    }

    #[test]
    fn attributes_read_like_calamine() {
        let values: Vec<_> = attribute_values(r#"r="A1" s='3' r = "B2""#, "r").collect();
        assert_eq!(values, vec![Ok("A1"), Ok("B2")]);
        assert!(attribute_values("r=A1", "r").next().is_some_and(|v| v.is_err()));
    }

    #[test]
    fn column_letters_count_like_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(16_383), "XFD");
    }
}
