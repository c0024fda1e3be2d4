//! Fuzzing the reader and validator with proptest: arbitrary bytes and
//! near-valid CSV never panic, and every rejection names the file (and the
//! line, for problems inside a file); crafted workbooks (hostile references,
//! counts, entries) never panic and never allocate beyond the caps. `.ci/run`
//! runs these with a larger budget than plain `cargo test`; `fuzz/` has a
//! libFuzzer target too.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;

use agrimatch::data::workbook::WorkbookFiles;
use agrimatch::data::workbook_scan::{scan_workbook, MAX_COLUMNS, MAX_ROWS};
use agrimatch::data::{read_instance_from, MemoryFiles};
use agrimatch::model::{build_model, LpSolver};
use agrimatch::solve::{solve_instance, SolveOptions, SolverChoice};

use crate::common::Scenario;

const FILES: [&str; 9] = [
    "products.csv",
    "farms.csv",
    "stores.csv",
    "hubs.csv",
    "supply.csv",
    "demand.csv",
    "lanes.csv",
    "stock.csv",
    "scenario.toml",
];

/// A richer valid scenario than `Scenario::base`, so mutations reach every file.
fn seed_files() -> BTreeMap<String, Vec<u8>> {
    let scenario = Scenario::base()
        .with("products.csv", "product,shelf_life_days,value_per_kg,holding_cost_per_kg_week,min_remaining_days\nplum,14,8,0.2,3\ncabbage,7,1.5,,\n")
        .with("farms.csv", "farm,region,priority,storage_kg\nMuyin-1,Luodian,1,\n木引-2,罗甸,0,500\n")
        .with("hubs.csv", "hub,region,storage_kg\nLuodian-hub,Luodian,2000\n")
        .with("stores.csv", "store,region,storage_kg\nJingkai,Jingkai,\nHuaxi,Huaxi,300\n")
        .with("supply.csv", "farm,product,week,quantity_kg\nMuyin-1,plum,1,100\nMuyin-1,cabbage,2,50\n木引-2,cabbage,1,80\n")
        .with("demand.csv", "store,product,week,quantity_kg,shortfall_penalty_per_kg\nJingkai,plum,1,80,\nHuaxi,cabbage,2,60,5\n")
        .with("lanes.csv", "from,to,cost_per_kg,transit_days,capacity_kg_per_week\nMuyin-1,Luodian-hub,0.1,0.5,\nLuodian-hub,Jingkai,0.3,1,100\n木引-2,Huaxi,0.2,,\n")
        .with("stock.csv", "location,product,age_days,quantity_kg\nLuodian-hub,plum,3,20\n")
        .with("scenario.toml", "period_days = 7\n");
    scenario
        .0
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.into_bytes()))
        .collect()
}

/// Reads the files; on rejection checks that every problem is located.
/// Valid scenarios small enough are solved too: the pipeline must not panic.
fn check(files: BTreeMap<String, Vec<u8>>, mutated: &str) -> Result<(), TestCaseError> {
    match read_instance_from(&MemoryFiles(files)) {
        Ok(instance) => {
            if build_model(&instance).columns.len() <= 2_000 {
                let options = SolveOptions {
                    solver: SolverChoice::Fixed(LpSolver::Microlp),
                    time_limit_seconds: Some(5.0),
                    split: true,
                    ..SolveOptions::default()
                };
                solve_instance(&instance, &options).expect("microlp is in the build");
            }
        }
        Err(agrimatch::Error::Input(problems)) => {
            prop_assert!(!problems.0.is_empty());
            for p in &problems.0 {
                prop_assert!(FILES.contains(&p.file.as_str()), "problem without a known file: {}", p);
                let whole_file = p.message.starts_with("expected at least one")
                    || p.message.starts_with("expected a header row")
                    || p.message.starts_with("file not found")
                    || p.file == "scenario.toml";
                prop_assert!(
                    p.file != mutated || p.line.is_some() || whole_file,
                    "problem without a line: {}",
                    p
                );
            }
        }
        Err(other) => prop_assert!(false, "not an input error: {}", other),
    }
    Ok(())
}

/// Pieces that break CSV in interesting ways.
const SPLINTERS: [&str; 16] = [
    ",",
    "\"",
    "\n",
    "\r\n",
    "\r",
    "-",
    "1e400",
    "NaN",
    "inf",
    "木",
    "\u{feff}",
    " ",
    "0",
    "99999999999",
    "\u{0}",
    ",,,",
];

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_in_any_file(file in 0..FILES.len(), bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut files = seed_files();
        files.insert(FILES[file].to_string(), bytes);
        check(files, FILES[file])?;
    }

    #[test]
    fn near_valid_csv(
        file in 0..FILES.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0..SPLINTERS.len(), 0..4usize), 1..6),
    ) {
        let mut files = seed_files();
        let text = String::from_utf8(files[FILES[file]].clone()).expect("seed files are UTF-8");
        let mut chars: Vec<char> = text.chars().collect();
        for (at, splinter, action) in edits {
            let i = at.index(chars.len() + 1);
            match action {
                // Delete a few characters.
                0 => {
                    let end = (i + 3).min(chars.len());
                    chars.drain(i.min(end)..end);
                }
                // Duplicate the line around `i`.
                1 => {
                    let start = chars[..i].iter().rposition(|&c| c == '\n').map_or(0, |p| p + 1);
                    let end = chars[i..].iter().position(|&c| c == '\n').map_or(chars.len(), |p| i + p + 1);
                    let line: Vec<char> = chars[start..end].to_vec();
                    chars.splice(end..end, line);
                }
                // Insert a splinter.
                _ => {
                    chars.splice(i..i, SPLINTERS[splinter].chars());
                }
            }
        }
        files.insert(FILES[file].to_string(), chars.into_iter().collect::<String>().into_bytes());
        check(files, FILES[file])?;
    }
}

#[test]
fn seed_files_are_valid() {
    read_instance_from(&MemoryFiles(seed_files())).expect("the fuzz seed is a valid scenario");
}

/// The system allocator, counting each thread's live bytes and their peak, so
/// that a fuzz case can measure what reading one workbook allocated (on its own
/// thread; the workbook reader starts none).
struct Counting;

thread_local! {
    // Const-initialised cells without a destructor: reading them never allocates.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most bytes `f` had allocated at once on this thread, beyond what was live before.
fn peak_allocation<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(start));
    let value = f();
    let peak = PEAK.with(Cell::get);
    (value, (peak - start).max(0) as usize)
}

/// What one fuzz case may allocate to read a workbook of a few KB: the caps allow
/// calamine to reserve 1,000,000 shared strings (24 MB) on a file's word; nothing
/// else of a small file may cost more.
const FUZZ_ALLOCATION_BOUND: usize = 64 << 20;

/// Cell references a hostile file uses, beside random ones.
const HOSTILE_REFERENCES: [&str; 14] = [
    "ZZZZZZ9",
    "A4000000000",
    "A99999999999",
    "A4294967297",
    "XFE1",
    "XFD1048577",
    "XFD1048576",
    "A0",
    "",
    "$A$1",
    "a1",
    "1",
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1",
    "A1:B2",
];

/// `uniqueCount` values: a trillion, the cap and around it, signs, zeros, junk.
const UNIQUE_COUNTS: [&str; 10] = [
    "999999999999",
    "1000000",
    "1000001",
    "+5",
    "0000000000000001000000",
    "-1",
    "abc",
    "18446744073709551616",
    "",
    "3",
];

/// A cell's reference: none, a random one (inside or just outside the sheet), or a hostile one.
fn reference() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        (1..=MAX_COLUMNS + 2, 1..=MAX_ROWS + 2).prop_map(|(c, r)| Some(format!("{}{r}", letters(c)))),
        (1..=8u64, 1..=12u64).prop_map(|(c, r)| Some(format!("{}{r}", letters(c)))),
        (0..HOSTILE_REFERENCES.len()).prop_map(|i| Some(HOSTILE_REFERENCES[i].to_string())),
    ]
}

/// Excel's letters of a 1-based column.
fn letters(mut n: u64) -> String {
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

/// Whether a reference, as calamine would place it, lies on the sheet (`None`
/// when it is no reference calamine reads at all).
fn on_sheet(reference: &str) -> Option<bool> {
    let split = reference.find(|c: char| !c.is_ascii_alphabetic())?;
    let (l, d) = reference.split_at(split);
    if l.is_empty() || d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let column = l.bytes().try_fold(0u64, |n, b| {
        n.checked_mul(26)?
            .checked_add(u64::from(b.to_ascii_uppercase() - b'A') + 1)
    });
    let row = d.parse::<u64>().ok();
    Some(matches!((column, row), (Some(c), Some(r)) if (1..=MAX_COLUMNS).contains(&c) && (1..=MAX_ROWS).contains(&r)))
}

#[derive(Debug, Clone)]
struct CraftedCell {
    reference: Option<String>,
    /// 0: empty `<c/>`, 1: a number, 2: a shared string (index may be out of range),
    /// 3: an inline string, 4: a formula error.
    kind: u8,
    value: u32,
}

fn crafted_cell() -> impl Strategy<Value = CraftedCell> {
    (reference(), 0..5u8, 0..6u32).prop_map(|(reference, kind, value)| CraftedCell { reference, kind, value })
}

/// The sheet's XML: rows of cells, each row with or without its own `r`.
fn sheet_xml(rows: &[(Option<String>, Vec<CraftedCell>)], dimension: &str) -> String {
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>"#
    );
    for (r, cells) in rows {
        match r {
            Some(r) => xml.push_str(&format!(r#"<row r="{r}">"#)),
            None => xml.push_str("<row>"),
        }
        for cell in cells {
            let r = cell
                .reference
                .as_ref()
                .map_or(String::new(), |r| format!(r#" r="{r}""#));
            match cell.kind {
                0 => xml.push_str(&format!("<c{r}/>")),
                1 => xml.push_str(&format!("<c{r}><v>{}</v></c>", cell.value)),
                2 => xml.push_str(&format!(r#"<c{r} t="s"><v>{}</v></c>"#, cell.value)),
                3 => xml.push_str(&format!(
                    r#"<c{r} t="inlineStr"><is><t>farm{}</t></is></c>"#,
                    cell.value
                )),
                _ => xml.push_str(&format!(r#"<c{r} t="e"><v>#N/A</v></c>"#)),
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// Crafted workbooks: hostile references, counts and dimensions, entries cut
    /// short or spliced. Reading never panics, never allocates beyond the caps, a
    /// reference off the sheet is always refused, and every problem names the workbook.
    #[test]
    fn crafted_workbooks_never_panic_or_allocate_beyond_the_caps(
        rows in proptest::collection::vec(
            (reference(), proptest::collection::vec(crafted_cell(), 0..6)),
            0..5,
        ),
        unique_count in 0..UNIQUE_COUNTS.len(),
        strings in 0..4u32,
        dimension in prop_oneof![Just("A1".to_string()), reference().prop_map(|r| r.unwrap_or_default())],
        cut in proptest::option::of(any::<prop::sample::Index>()),
        splice in proptest::option::of((any::<prop::sample::Index>(), 0..SPLINTERS.len())),
        deflate in any::<bool>(),
    ) {
        let mut sheet = sheet_xml(&rows, &dimension);
        if let Some((at, splinter)) = splice {
            let mut chars: Vec<char> = sheet.chars().collect();
            let i = at.index(chars.len() + 1);
            chars.splice(i..i, SPLINTERS[splinter].chars());
            sheet = chars.into_iter().collect();
        }
        let mut shared = format!(
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{}">"#,
            UNIQUE_COUNTS[unique_count]
        );
        for i in 0..strings {
            shared.push_str(&format!("<si><t>product{i}</t></si>"));
        }
        shared.push_str("</sst>");
        let mut parts = crate::workbook_bounds::workbook(b"", Some(shared.as_bytes()));
        parts[4].1 = sheet.clone().into_bytes();
        let mut bytes = crate::workbook_bounds::zipped_with(&parts, deflate);
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        let whole = cut.is_none() && splice.is_none();
        let ((scan, read), allocated) = peak_allocation(|| {
            let scan = scan_workbook(&bytes);
            let files = WorkbookFiles::from_bytes(Path::new("fuzz.xlsx"), bytes.clone());
            (scan, read_instance_from(&files))
        });
        prop_assert!(allocated <= FUZZ_ALLOCATION_BOUND, "allocated {allocated} bytes");
        // A reference off the sheet, in an intact file, is always refused by the scan.
        let off_sheet = rows.iter().flat_map(|(_, cells)| cells).any(|c| {
            c.reference.as_deref().is_some_and(|r| on_sheet(r) == Some(false))
        });
        if whole && off_sheet {
            let problem = scan.as_ref().expect_err("a reference off the sheet is refused");
            prop_assert_eq!(problem.entry.as_deref(), Some("xl/worksheets/sheet1.xml"));
        }
        match read {
            Ok(_) => prop_assert!(false, "a one-sheet workbook is never a whole scenario"),
            Err(agrimatch::Error::Input(problems)) => {
                prop_assert!(!problems.0.is_empty());
                for p in &problems.0 {
                    prop_assert_eq!(&p.file, "fuzz.xlsx", "{}", p);
                }
                if let Err(problem) = &scan {
                    let expected = problem.to_string();
                    prop_assert!(problems.0.iter().any(|p| p.message == expected), "{:?}", problems);
                }
            }
            Err(other) => prop_assert!(false, "not an input error: {}", other),
        }
    }
}
