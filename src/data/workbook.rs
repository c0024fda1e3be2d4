//! A scenario kept in one Excel workbook: one sheet per CSV file of the
//! contract (`products`, `farms`, ..., `in_transit`) and a `settings` sheet
//! of key/value rows for `scenario.toml`.
//!
//! Each sheet is turned into the CSV text of its file, row for row, and read
//! by the same reader as a CSV folder, so the rules and messages are the
//! same; [`WorkbookFiles::locate`] then names sheet and row where the reader
//! said file and line. Cells come as Excel stores them: numbers as floats
//! (`7.0` is written `7`, so whole numbers stay whole), dates as dates
//! (written `2027-03-08`), formula results as their cached values. A formula
//! error (`#N/A`, `#REF!`) is a problem at its cell.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{CellErrorType, DataRef, ExcelDateTime, Reader, Xlsx};

use super::read::{self, ReadError, ScenarioFiles};
use super::workbook_scan::{self, MAX_CELLS};
use crate::error::{and_list, quoted, InputProblem};
use crate::lang::t;

/// The name of the sheet that stands for `scenario.toml`.
pub const SETTINGS_SHEET: &str = "settings";

/// The file the settings sheet is read as (see [`SETTINGS_SHEET`]).
pub const SETTINGS_FILE: &str = "scenario.toml";

/// At most this many bytes of cell text are kept from one workbook's scenario
/// sheets (each cell's text is a copy, so a long shared string used in many
/// cells would otherwise multiply).
pub const MAX_CELL_TEXT_BYTES: usize = 64 << 20;

/// Whether `path` names a workbook agrimatch reads (by its extension).
pub fn is_workbook(path: &Path) -> bool {
    matches!(extension(path).as_deref(), Some("xlsx" | "xlsm"))
}

/// Spreadsheet files of other formats, which must be saved as `.xlsx` first.
pub fn is_other_spreadsheet(path: &Path) -> bool {
    matches!(extension(path).as_deref(), Some("xls" | "xlsb" | "ods" | "et"))
}

fn extension(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_lowercase())
}

/// Chinese names a workbook scenario may use for its sheets, column headers
/// and settings (`init --xlsx --lang zh-CN` writes them), each with the
/// English name of the contract it stands for. One table, read in both
/// directions: the reader turns an alias into the English name, the Chinese
/// template turns the English name into its first alias. Round brackets may
/// be full-width (`数量（公斤）`) and spaces are ignored.
///
/// Sheets: 产品 = products, 基地 = farms, 中转 = hubs, 商超 = stores,
/// 供应 = supply, 需求 = demand, 线路 = lanes, 库存 = stock, 在途 =
/// in_transit, 帮扶采购 (or 扶贫采购) = support, 设置 = settings, 期初状态 =
/// state (the week the opening state describes, which `agrimatch week`
/// writes into `next.xlsx`).
///
/// Columns: 产品 = product, 货架期(天) (or 保鲜期(天)) = shelf_life_days, 货值(元/公斤) =
/// value_per_kg, 仓储费(元/公斤·周) = holding_cost_per_kg_week,
/// 到货最少剩余天数 = min_remaining_days, 基地 = farm, 地区 = region,
/// 优先级 = priority, 库容(公斤) = storage_kg, 最低售出比例 =
/// min_sold_share, 商超 (or 门店) = store, 权重 = weight, 中转 = hub, 周 =
/// week, 帮扶收购价(元/公斤) = support_price_per_kg, 缺货惩罚(元/公斤) =
/// shortfall_penalty_per_kg, 起点 = from, 终点 = to, 运费(元/公斤) =
/// cost_per_kg, 在途天数 = transit_days, 每周运力(公斤) =
/// capacity_kg_per_week, 每车载重(公斤) = truck_kg, 每车运费(元) =
/// cost_per_truck, 每周最多车次 = max_trucks_per_week, 到达周 =
/// arrive_week, 采后天数 = age_days, 地点 = location, 采购方 = buyer,
/// 收购价(元/公斤) = price_per_kg, 预算(元) = budget, 起始周 = week_from,
/// 截止周 = week_to, 成本(元/公斤) = cost_per_kg of `support`,
/// 数量(公斤) = quantity_kg, 数量(斤) = quantity_jin, 数量(吨) = quantity_t,
/// 数量 = quantity, 单位 = unit; on 期初状态: 状态所属周 = as_of_week,
/// ISO周 = iso_week, 周一日期 = week_start.
///
/// Settings (column A of 设置, under the header 设置项): 每期天数 =
/// period_days, 开始日期 = start_date, 公平缺货上限 = fair_shortfall,
/// 显示单位 = display_unit, 语言 = language, 带BOM = csv_bom.
pub const SHEET_ALIASES: [(&str, &str); 13] = [
    ("产品", "products"),
    ("基地", "farms"),
    ("中转", "hubs"),
    ("商超", "stores"),
    ("供应", "supply"),
    ("需求", "demand"),
    ("线路", "lanes"),
    ("库存", "stock"),
    ("在途", "in_transit"),
    // 帮扶采购 is the field's word (the glossary); 扶贫采购 is still read.
    ("帮扶采购", "support"),
    ("扶贫采购", "support"),
    ("设置", SETTINGS_SHEET),
    ("期初状态", "state"),
];

/// Chinese column headers and their columns (see [`SHEET_ALIASES`]). The
/// first alias of a column is the one the Chinese template writes.
/// `cost_per_kg` has two: 运费 on lanes, 成本 on support; the template
/// writes each on its own sheet ([`column_alias_in`]).
pub const COLUMN_ALIASES: [(&str, &str); 43] = [
    ("产品", "product"),
    // 货架期 is the produce trade's word; 保鲜期, written before, is still read.
    ("货架期(天)", "shelf_life_days"),
    ("保鲜期(天)", "shelf_life_days"),
    ("货值(元/公斤)", "value_per_kg"),
    ("仓储费(元/公斤·周)", "holding_cost_per_kg_week"),
    ("到货最少剩余天数", "min_remaining_days"),
    ("基地", "farm"),
    ("地区", "region"),
    ("优先级", "priority"),
    ("库容(公斤)", "storage_kg"),
    ("最低售出比例", "min_sold_share"),
    ("商超", "store"),
    ("门店", "store"),
    ("权重", "weight"),
    ("中转", "hub"),
    ("周", "week"),
    ("帮扶收购价(元/公斤)", "support_price_per_kg"),
    ("缺货惩罚(元/公斤)", "shortfall_penalty_per_kg"),
    ("起点", "from"),
    ("终点", "to"),
    ("运费(元/公斤)", "cost_per_kg"),
    ("成本(元/公斤)", "cost_per_kg"),
    ("在途天数", "transit_days"),
    ("每周运力(公斤)", "capacity_kg_per_week"),
    ("每车载重(公斤)", "truck_kg"),
    ("每车运费(元)", "cost_per_truck"),
    ("每周最多车次", "max_trucks_per_week"),
    ("到达周", "arrive_week"),
    ("采后天数", "age_days"),
    ("地点", "location"),
    ("采购方", "buyer"),
    ("收购价(元/公斤)", "price_per_kg"),
    ("预算(元)", "budget"),
    ("起始周", "week_from"),
    ("截止周", "week_to"),
    ("数量(公斤)", "quantity_kg"),
    ("数量(斤)", "quantity_jin"),
    ("数量(吨)", "quantity_t"),
    ("数量", "quantity"),
    ("单位", "unit"),
    ("状态所属周", "as_of_week"),
    ("ISO周", "iso_week"),
    ("周一日期", "week_start"),
];

/// Chinese names of the settings (see [`SHEET_ALIASES`]).
pub const SETTING_ALIASES: [(&str, &str); 6] = [
    ("每期天数", "period_days"),
    ("开始日期", "start_date"),
    ("公平缺货上限", "fair_shortfall"),
    ("显示单位", "display_unit"),
    ("语言", "language"),
    ("带BOM", "csv_bom"),
];

/// The header of column A of the settings sheet, in Chinese.
pub const SETTING_HEADER_ALIAS: &str = "设置项";

/// A name as aliases are compared: full-width brackets as ASCII ones, no spaces.
fn alias_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// The English name `name` stands for in `aliases`, or `name` itself.
pub fn unalias<'a>(aliases: &[(&str, &'a str)], name: &'a str) -> &'a str {
    let key = alias_key(name);
    aliases
        .iter()
        .find(|(alias, _)| alias_key(alias) == key)
        .map_or(name, |(_, english)| english)
}

/// The Chinese header the template writes for `column` of the sheet of
/// `file` (`cost_per_kg` is 运费 on lanes, 成本 on support).
pub fn column_alias_in(file: &str, column: &str) -> Option<&'static str> {
    if column == "cost_per_kg" && file == "support.csv" {
        return Some("成本(元/公斤)");
    }
    COLUMN_ALIASES
        .iter()
        .find(|(_, c)| *c == column)
        .map(|(alias, _)| *alias)
}

/// A CSV text with its header line in Chinese (the aliases the reader
/// accepts), for the sheet of `file`.
pub fn header_in_chinese(file: &str, csv: &str) -> String {
    let (header, rest) = csv.split_once('\n').unwrap_or((csv, ""));
    let header: Vec<&str> = header
        .split(',')
        .map(|column| column_alias_in(file, column).unwrap_or(column))
        .collect();
    format!("{}\n{rest}", header.join(","))
}

/// The Chinese sheet of `file` as a file name (`supply.csv` -> `供应.csv`),
/// or `file` itself when it has no alias.
pub fn sheet_in_chinese(file: &str) -> String {
    let sheet = sheet_name(file);
    SHEET_ALIASES
        .iter()
        .find(|(_, english)| *english == sheet)
        .map_or_else(|| file.to_string(), |(alias, _)| format!("{alias}.csv"))
}

/// The sheet a missing file would be, as the reader would name it: in
/// Chinese its Chinese name with the English one (both are read), in
/// English the English one.
fn sheet_named_for_reader(file: &str) -> String {
    let sheet = sheet_name(file);
    let alias = SHEET_ALIASES
        .iter()
        .find(|(_, english)| *english == sheet)
        .map(|(alias, _)| *alias);
    match (crate::lang::current(), alias) {
        (crate::lang::Lang::ZhCn, Some(alias)) => format!("{alias}（{sheet}）"),
        _ => sheet.to_string(),
    }
}

/// The sheet name of a scenario file: `supply.csv` is sheet `supply`.
pub fn sheet_name(file: &str) -> &str {
    if file == SETTINGS_FILE {
        SETTINGS_SHEET
    } else {
        file.strip_suffix(".csv").unwrap_or(file)
    }
}

/// A workbook's sheets as the files of a scenario folder.
#[derive(Debug, Clone)]
pub struct WorkbookFiles {
    /// The workbook as given, for messages.
    path: PathBuf,
    /// File name (`supply.csv`, `scenario.toml`) -> its text, made from the sheet.
    files: BTreeMap<&'static str, Vec<u8>>,
    /// File name -> the sheet's own name (which may differ in case).
    sheets: BTreeMap<&'static str, String>,
    /// File name -> the sheet row of the header (line 1 of the file); the
    /// other lines of the file are the rows of the same number.
    header_rows: BTreeMap<&'static str, u64>,
    /// Problems found while reading cells, already at their sheet and row.
    problems: Vec<InputProblem>,
    /// Cells already reported (file, line, column): the reader, which saw
    /// them blank, does not report them again.
    reported: HashSet<(&'static str, u64, String)>,
    /// (file, column or setting of the contract) -> the header or setting
    /// name as the workbook writes it (`数量(公斤)`, `带BOM`), where it
    /// differs: a message names what the person typed.
    written: HashMap<(&'static str, String), String>,
    /// Whether the workbook could be opened at all.
    opened: bool,
}

/// Where one cell of a sheet is and what it holds, as text for the reader.
enum CellText {
    Text(String),
    /// A formula error or a value that cannot be text (its description).
    Bad(String),
}

impl WorkbookFiles {
    /// Reads every sheet of the workbook at `path` that stands for a file of
    /// the scenario. Problems with the workbook as a whole (unreadable, too
    /// large, not a workbook) are kept and reported by [`Self::locate`].
    pub fn open(path: &Path) -> WorkbookFiles {
        let mut files = WorkbookFiles::named(path);
        match read::read_capped(path) {
            Ok(Some(bytes)) => files.read_bytes(bytes),
            Ok(None) => files.whole_problem(&t("ref-workbook-missing", &[])),
            Err(why) => files.whole_problem(&why.to_string()),
        }
        files
    }

    /// Reads the workbook in `bytes` as [`Self::open`] reads a file; `path`
    /// names it in messages.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> WorkbookFiles {
        let mut files = WorkbookFiles::named(path);
        files.read_bytes(bytes);
        files
    }

    fn named(path: &Path) -> WorkbookFiles {
        WorkbookFiles {
            path: path.to_path_buf(),
            files: BTreeMap::new(),
            sheets: BTreeMap::new(),
            header_rows: BTreeMap::new(),
            problems: Vec::new(),
            reported: HashSet::new(),
            written: HashMap::new(),
            opened: false,
        }
    }

    fn read_bytes(&mut self, bytes: Vec<u8>) {
        // calamine trusts the counts and references a workbook declares, so the
        // zip is first scanned against the caps of `workbook_scan`, bounded by
        // its bytes; only then does calamine read it.
        if let Err(problem) = workbook_scan::scan_workbook(&bytes) {
            self.whole_problem(&problem.to_string());
            return;
        }
        let mut workbook = match Xlsx::new(Cursor::new(bytes)) {
            Ok(workbook) => workbook,
            Err(e) => {
                self.whole_problem(&t("ref-workbook-unreadable", &[("error", &e.to_string())]));
                return;
            }
        };
        self.opened = true;
        let names = workbook.sheet_names();
        let mut budget = CellBudget::default();
        for file in read::SCENARIO_FILES.iter().map(|spec| spec.name).chain([SETTINGS_FILE]) {
            let wanted = sheet_name(file);
            let matching: Vec<&String> = names
                .iter()
                .filter(|n| {
                    let n = n.trim().to_lowercase();
                    n == wanted || n == file || unalias(&SHEET_ALIASES, &n) == wanted
                })
                .collect();
            let sheet = match matching.as_slice() {
                [] => continue,
                [sheet] => (*sheet).clone(),
                several => {
                    let list: Vec<String> = several.iter().map(|s| quoted(s)).collect();
                    let list: Vec<&str> = list.iter().map(String::as_str).collect();
                    self.whole_problem(&t(
                        "ref-sheet-several",
                        &[("sheet", wanted), ("found", &and_list(&list))],
                    ));
                    continue;
                }
            };
            self.sheets.insert(file, sheet.clone());
            let grid = match read_sheet(&mut workbook, &sheet, &mut budget) {
                Ok(grid) => grid,
                Err(message) => {
                    self.problems.push(InputProblem {
                        sheet: Some(sheet),
                        ..InputProblem::file(&self.name(), message)
                    });
                    continue;
                }
            };
            let text = if file == SETTINGS_FILE {
                self.settings_text(&grid)
            } else {
                self.csv_text(file, &grid)
            };
            self.files.insert(file, text.into_bytes());
        }
    }

    /// The name of the sheet that stands for `file` (`stock.csv`), as the
    /// workbook spells it (`stock`, `库存`), if it has one.
    pub fn sheet_of(&self, file: &str) -> Option<&str> {
        self.sheets.get(file).map(String::as_str)
    }

    /// The workbook's name in messages: the path as given.
    fn name(&self) -> String {
        self.path.display().to_string()
    }

    fn whole_problem(&mut self, message: &str) {
        self.problems.push(InputProblem::file(&self.name(), message));
    }

    /// A problem at a cell of `file`'s sheet, reported in place of what the
    /// reader would say about the blank it sees there.
    fn cell_problem(&mut self, file: &'static str, row: u64, column: &str, message: String) {
        self.reported.insert((file, row, column.to_string()));
        let column = self.written_name(file, column);
        self.problems.push(InputProblem {
            sheet: self.sheets.get(file).cloned(),
            ..InputProblem::cell(&self.name(), row, &column, message)
        });
    }

    /// `column` (or setting) of `file` as the workbook writes it.
    fn written_name(&self, file: &'static str, column: &str) -> String {
        self.written
            .get(&(file, column.to_string()))
            .cloned()
            .unwrap_or_else(|| column.to_string())
    }

    /// Remembers that `file`'s `english` column or setting is written `as_written`.
    fn remember_written(&mut self, file: &'static str, english: &str, as_written: &str) {
        if english != as_written && !english.is_empty() {
            self.written.insert((file, english.to_string()), as_written.to_string());
        }
    }

    /// The CSV text of a data sheet: line N is row N (the reader calls the
    /// header line 1 wherever it is; [`ScenarioFiles::locate`] puts it back).
    fn csv_text(&mut self, file: &'static str, grid: &Grid) -> String {
        let mut text = String::new();
        let Some((&header_row, header_cells)) = grid.rows.iter().next() else {
            return text;
        };
        self.header_rows.insert(file, header_row);
        let header: Vec<String> = header_cells
            .iter()
            .map(|cell| match cell {
                // A Chinese header is its column's English name in the CSV text.
                CellText::Text(t) => unalias(&COLUMN_ALIASES, t).to_string(),
                CellText::Bad(_) => String::new(),
            })
            .collect();
        for (english, cell) in header.iter().zip(header_cells) {
            if let CellText::Text(as_written) = cell {
                self.remember_written(file, english, as_written);
            }
        }
        let width = header.iter().rposition(|h| !h.is_empty()).map_or(0, |i| i + 1);
        // Blank lines stand for the rows above the header: the reader skips
        // them, and its line N is row N.
        let mut next_line = 1;
        for (&row, cells) in &grid.rows {
            // One line per row, so that the reader's line numbers are rows.
            while next_line < row {
                text.push('\n');
                next_line += 1;
            }
            let used = cells
                .iter()
                .rposition(|c| !matches!(c, CellText::Text(t) if t.is_empty()))
                .map_or(0, |i| i + 1);
            let mut fields = Vec::with_capacity(width.max(used));
            for (i, cell) in cells.iter().enumerate().take(width.max(used)) {
                let column = header.get(i).filter(|h| !h.is_empty()).cloned();
                match cell {
                    CellText::Text(value) if value.contains(['\n', '\r']) => {
                        let column = column.unwrap_or_else(|| column_letters(i));
                        self.cell_problem(
                            file,
                            row,
                            &column,
                            crate::error::expected_found(&t("ref-what-one-line", &[]), &quoted(value)),
                        );
                        fields.push(String::new());
                    }
                    CellText::Text(t) if row == header_row => fields.push(unalias(&COLUMN_ALIASES, t).to_string()),
                    CellText::Text(t) => fields.push(t.clone()),
                    CellText::Bad(why) => {
                        let column = column.unwrap_or_else(|| column_letters(i));
                        self.cell_problem(file, row, &column, why.clone());
                        fields.push(String::new());
                    }
                }
            }
            fields.resize(width.max(used), String::new());
            if used > 0 {
                text.push_str(&csv_line(&fields));
            }
            text.push('\n');
            next_line += 1;
        }
        text
    }

    /// The TOML text of the `settings` sheet: one `key = value` line per
    /// row (line N is row N), keys in column A and values in column B;
    /// a first row `setting | value` is a header, later columns are notes.
    fn settings_text(&mut self, grid: &Grid) -> String {
        let mut text = String::new();
        let mut next_line = 1;
        for (i, (&row, cells)) in grid.rows.iter().enumerate() {
            while next_line < row {
                text.push('\n');
                next_line += 1;
            }
            next_line += 1;
            let key = match cells.first() {
                Some(CellText::Text(key)) => key.trim().to_string(),
                Some(CellText::Bad(why)) => {
                    self.cell_problem(SETTINGS_FILE, row, "setting", why.clone());
                    text.push('\n');
                    continue;
                }
                None => String::new(),
            };
            let header = i == 0 && (key.eq_ignore_ascii_case("setting") || key == SETTING_HEADER_ALIAS);
            let written = key.clone();
            let key = unalias(&SETTING_ALIASES, &key).to_string();
            if !header {
                self.remember_written(SETTINGS_FILE, &key, &written);
            }
            let value = match cells.get(1) {
                Some(CellText::Bad(why)) => {
                    self.cell_problem(SETTINGS_FILE, row, &key, why.clone());
                    text.push('\n');
                    continue;
                }
                Some(CellText::Text(value)) => value.clone(),
                None => String::new(),
            };
            if header || key.is_empty() || value.is_empty() {
                // A blank value leaves the setting at its default.
                text.push('\n');
                continue;
            }
            let key_text = if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                key.clone()
            } else {
                toml::Value::String(key.clone()).to_string()
            };
            text.push_str(&format!(
                "{key_text} = {}\n",
                settings_value(&key, &value, grid.kinds(row))
            ));
        }
        text
    }
}

impl ScenarioFiles for WorkbookFiles {
    fn load(&self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        Ok(self.files.get(name).cloned())
    }

    fn describe(&self) -> String {
        self.name()
    }

    fn locate(&self, problems: Vec<InputProblem>) -> Vec<InputProblem> {
        let order = |file: &str| {
            read::SCENARIO_FILES
                .iter()
                .position(|spec| spec.name == file)
                .unwrap_or(usize::MAX)
        };
        let mut located: Vec<(usize, InputProblem)> = self
            .problems
            .iter()
            .map(|p| {
                let file = p
                    .sheet
                    .as_deref()
                    .and_then(|sheet| self.sheets.iter().find(|(_, s)| s.as_str() == sheet))
                    .map_or("", |(file, _)| *file);
                (order(file), p.clone())
            })
            .collect();
        if !self.opened {
            // The reader's "file not found" for every sheet says nothing more.
            return located.into_iter().map(|(_, p)| p).collect();
        }
        for p in problems {
            let Some(file) = self.sheets_or_contract(&p.file) else {
                located.push((usize::MAX, p));
                continue;
            };
            let line = p.line.map(|line| match (line, self.header_rows.get(file)) {
                (1, Some(&header_row)) => header_row,
                (line, _) => line,
            });
            let column = p.column.clone().unwrap_or_default();
            if let Some(line) = line {
                if self.reported.contains(&(file, line, column)) {
                    continue;
                }
            }
            let column = p.column.as_deref().map(|c| self.written_name(file, c));
            // The reader's "file not found", in the language of the run.
            let not_found = t("err-file-not-found", &[("dir", &self.describe())]);
            let message = if p.line.is_none() && p.message == not_found {
                let mut sheets: Vec<&str> = self.sheets.values().map(String::as_str).collect();
                sheets.sort_unstable();
                t(
                    "ref-sheet-missing",
                    &[
                        ("sheet", &sheet_named_for_reader(file)),
                        (
                            "sheets",
                            &if sheets.is_empty() {
                                t("ref-no-sheets", &[])
                            } else {
                                sheets.join(", ")
                            },
                        ),
                    ],
                )
            } else {
                in_sheet_words(&p.message, &self.sheets)
            };
            let sheet = self
                .sheets
                .get(file)
                .cloned()
                .unwrap_or_else(|| sheet_named_for_reader(file));
            located.push((
                order(file),
                InputProblem {
                    file: self.name(),
                    sheet: Some(sheet),
                    line,
                    column,
                    message,
                },
            ));
        }
        // Sheet by sheet in the contract's order, rows in order.
        located.sort_by_key(|(order, p)| (*order, p.line.unwrap_or(0)));
        located.into_iter().map(|(_, p)| p).collect()
    }
}

impl WorkbookFiles {
    /// The contract's file name for a problem's file, if it is one: every
    /// scenario file (`support.csv` too: its problems once kept the CSV
    /// name, "support.csv: line 2", in a workbook) and the settings.
    fn sheets_or_contract(&self, file: &str) -> Option<&'static str> {
        read::SCENARIO_FILES
            .iter()
            .map(|spec| spec.name)
            .chain([SETTINGS_FILE])
            .find(|n| *n == file)
    }
}

/// Messages of the CSV reader as a workbook user reads them: `supply.csv`
/// is sheet `supply` (or the name the workbook gives it in `sheets`, such
/// as 供应), a line is a row.
fn in_sheet_words(message: &str, sheets: &BTreeMap<&'static str, String>) -> String {
    let mut text = message.replace("line ", "row ");
    let sheet = |file: &str| {
        // A sheet the workbook lacks: the name the reader would give it.
        let name = sheets
            .get(file)
            .cloned()
            .unwrap_or_else(|| sheet_named_for_reader(file));
        t("err-sheet", &[("sheet", &name)])
    };
    for spec in read::SCENARIO_FILES {
        text = text.replace(spec.name, &sheet(spec.name));
    }
    text.replace(SETTINGS_FILE, &sheet(SETTINGS_FILE))
}

/// A sheet's non-empty rows: 1-based row number -> cells from column A.
struct Grid {
    rows: BTreeMap<u64, Vec<CellText>>,
    /// (row, column) of cells that held a date, a number or a boolean:
    /// settings write them unquoted.
    typed: BTreeMap<(u64, usize), ValueKind>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum ValueKind {
    Number,
    Date,
    Bool,
}

impl Grid {
    /// The kind of the value cell (column B) of `row`.
    fn kinds(&self, row: u64) -> Option<ValueKind> {
        self.typed.get(&(row, 1)).copied()
    }
}

/// What the scenario sheets of one workbook may cost, counted as their grids
/// are built: the scan bounds the cells a file has, this bounds what they
/// become (a row is as wide as its last cell, each text is a copy).
#[derive(Default)]
struct CellBudget {
    /// Grid cells, the blank ones left of a filled cell included.
    cells: usize,
    /// Bytes of cell text.
    text_bytes: usize,
}

/// The rows of sheet `name`, cell by cell, streamed so that a sparse sheet
/// (one stray cell at XFD1048576) costs no more than its cells.
fn read_sheet(workbook: &mut Xlsx<Cursor<Vec<u8>>>, name: &str, budget: &mut CellBudget) -> Result<Grid, String> {
    let mut reader = workbook
        .worksheet_cells_reader(name)
        .map_err(|e| t("err-cannot-read", &[("error", &e.to_string())]))?;
    let mut grid = Grid {
        rows: BTreeMap::new(),
        typed: BTreeMap::new(),
    };
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| t("err-cannot-read", &[("error", &e.to_string())]))?
    {
        let (row, column) = cell.get_position();
        let (row, column) = (u64::from(row) + 1, column as usize);
        let (text, kind) = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) => (CellText::Text(s.trim().to_string()), None),
            DataRef::SharedString(s) => (CellText::Text(s.trim().to_string()), None),
            DataRef::Float(x) => (CellText::Text(number_text(*x)), Some(ValueKind::Number)),
            DataRef::Int(i) => (CellText::Text(i.to_string()), Some(ValueKind::Number)),
            DataRef::Bool(b) => (
                CellText::Text(if *b { "true" } else { "false" }.to_string()),
                Some(ValueKind::Bool),
            ),
            DataRef::DateTime(dt) if dt.is_datetime() => (CellText::Text(date_text(dt)), Some(ValueKind::Date)),
            DataRef::DateTime(dt) => (CellText::Text(number_text(dt.as_f64())), Some(ValueKind::Number)),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => (CellText::Text(s.clone()), None),
            DataRef::Error(e) => (CellText::Bad(formula_error(e)), None),
        };
        if matches!(&text, CellText::Text(t) if t.is_empty()) {
            continue;
        }
        let at = || {
            t(
                "ref-at-row-column",
                &[("row", &row.to_string()), ("column", &column_letters(column))],
            )
        };
        if let CellText::Text(value) = &text {
            budget.text_bytes += value.len();
            if budget.text_bytes > MAX_CELL_TEXT_BYTES {
                return Err(t(
                    "ref-sheet-text-too-large",
                    &[("at", &at()), ("max", &(MAX_CELL_TEXT_BYTES >> 20).to_string())],
                ));
            }
        }
        let cells = grid.rows.entry(row).or_default();
        if cells.len() <= column {
            // The row is filled with blanks up to this cell: they count.
            budget.cells += column + 1 - cells.len();
            if budget.cells as u64 > MAX_CELLS {
                return Err(t(
                    "ref-sheet-too-many-cells",
                    &[("at", &at()), ("max", &MAX_CELLS.to_string())],
                ));
            }
            cells.resize_with(column + 1, || CellText::Text(String::new()));
        }
        cells[column] = text;
        if let Some(kind) = kind {
            grid.typed.insert((row, column), kind);
        }
    }
    Ok(grid)
}

fn formula_error(e: &CellErrorType) -> String {
    t("ref-formula-error", &[("error", &e.to_string())])
}

/// A number as the CSV reader reads it back exactly: whole numbers without
/// a decimal point (`7`, not `7.0`), others in the shortest form that
/// round-trips.
fn number_text(x: f64) -> String {
    // `-0` is 0 to every reader; Display never writes an exponent.
    format!("{}", x + 0.0)
}

/// A date cell as `2027-03-08`, with the time when it has one (which no
/// date column accepts, so the message shows it).
fn date_text(dt: &ExcelDateTime) -> String {
    let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
    if (hh, mm, ss) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
    }
}

/// A settings value as TOML: numbers, dates and booleans as they are,
/// text quoted. `start_date` also takes a date serial typed as a plain
/// number (45,000 is 2023-03-15).
fn settings_value(key: &str, value: &str, kind: Option<ValueKind>) -> String {
    // A cell formatted as text is common in a planner's workbook: a yes/no
    // setting typed as text reads as the boolean (TRUE, false, 是, 否), a
    // number setting typed as text as the number.
    if kind.is_none() {
        let text = value.trim();
        match key {
            "csv_bom" => match text.to_lowercase().as_str() {
                "true" | "是" => return "true".to_string(),
                "false" | "否" => return "false".to_string(),
                _ => {}
            },
            // Only plain decimals (`7`, `0.5`), which TOML reads as typed.
            "period_days" | "fair_shortfall" if plain_decimal(text) => return text.to_string(),
            _ => {}
        }
    }
    match kind {
        Some(ValueKind::Number) if key == "start_date" => match value.parse::<f64>() {
            Ok(serial) if (1.0..2_958_466.0).contains(&serial) => {
                let dt = ExcelDateTime::new(serial.floor(), calamine::ExcelDateTimeType::DateTime, false);
                date_text(&dt)
            }
            _ => value.to_string(),
        },
        Some(ValueKind::Number | ValueKind::Bool) => value.to_string(),
        Some(ValueKind::Date) if !value.contains(' ') => value.to_string(),
        _ => toml::Value::String(value.to_string()).to_string(),
    }
}

/// Whether `text` is digits with at most one point between digits (`0.5`).
fn plain_decimal(text: &str) -> bool {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

/// One CSV line of `fields`, quoted where the CSV reader needs it.
fn csv_line(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `A`, `B`, ..., `AA`: a column's letters, for cells outside the header.
fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_exactly_and_whole_numbers_stay_whole() {
        assert_eq!(number_text(7.0), "7");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(0.1), "0.1");
        assert_eq!(number_text(1e21), "1000000000000000000000");
        for x in [0.1, 1.0 / 3.0, 2700.0, 1e-7, 123456.789] {
            assert_eq!(number_text(x).parse::<f64>(), Ok(x));
        }
    }

    #[test]
    fn column_letters_count_like_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn settings_values_become_toml() {
        assert_eq!(settings_value("period_days", "7", Some(ValueKind::Number)), "7");
        assert_eq!(
            settings_value("start_date", "2027-01-04", Some(ValueKind::Date)),
            "2027-01-04"
        );
        assert_eq!(
            settings_value("start_date", "46391", Some(ValueKind::Number)),
            "2027-01-04"
        );
        assert_eq!(settings_value("display_unit", "jin", None), "\"jin\"");
        assert_eq!(settings_value("csv_bom", "true", Some(ValueKind::Bool)), "true");
    }

    #[test]
    fn messages_speak_of_sheets_and_rows() {
        assert_eq!(
            in_sheet_words(
                "expected one row per (farm), found (A) again (first on line 3)",
                &BTreeMap::new()
            ),
            "expected one row per (farm), found (A) again (first on row 3)"
        );
        assert_eq!(
            in_sheet_words("expected a product from products.csv, found \"x\"", &BTreeMap::new()),
            "expected a product from sheet products, found \"x\""
        );
    }

    #[test]
    fn settings_typed_as_text_read_as_their_values() {
        assert_eq!(settings_value("csv_bom", "是", None), "true");
        assert_eq!(settings_value("csv_bom", "TRUE", None), "true");
        assert_eq!(settings_value("csv_bom", "否", None), "false");
        assert_eq!(settings_value("csv_bom", "maybe", None), "\"maybe\"");
        assert_eq!(settings_value("fair_shortfall", "0.5", None), "0.5");
        assert_eq!(settings_value("period_days", "7", None), "7");
        // Not a plain decimal: left as text, for the reader to refuse.
        assert_eq!(settings_value("fair_shortfall", ".5", None), "\".5\"");
        assert_eq!(settings_value("display_unit", "1", None), "\"1\"");
    }

    #[test]
    fn chinese_aliases_name_the_contract() {
        assert_eq!(unalias(&COLUMN_ALIASES, "数量（公斤）"), "quantity_kg");
        assert_eq!(unalias(&COLUMN_ALIASES, "数量 (斤)"), "quantity_jin");
        assert_eq!(unalias(&COLUMN_ALIASES, "门店"), "store");
        assert_eq!(unalias(&COLUMN_ALIASES, "quantity_kg"), "quantity_kg");
        assert_eq!(unalias(&SHEET_ALIASES, "供应"), "supply");
        assert_eq!(unalias(&SETTING_ALIASES, "语言"), "language");
        // Every column of the contract has a Chinese header, and each alias one column.
        for spec in read::SCENARIO_FILES {
            for column in spec.required.iter().chain(spec.optional) {
                assert!(column_alias_in(spec.name, column).is_some(), "{}: {column}", spec.name);
            }
        }
        for (i, (alias, _)) in COLUMN_ALIASES.iter().enumerate() {
            assert!(COLUMN_ALIASES[..i].iter().all(|(a, _)| a != alias), "{alias}");
        }
        assert_eq!(
            header_in_chinese("support.csv", "buyer,cost_per_kg\nx,1\n"),
            "采购方,成本(元/公斤)\nx,1\n"
        );
        assert_eq!(sheet_in_chinese("in_transit.csv"), "在途.csv");
        assert_eq!(sheet_in_chinese("state.csv"), "期初状态.csv");
        assert_eq!(unalias(&SHEET_ALIASES, "期初状态"), "state");
        assert_eq!(
            header_in_chinese("state.csv", "as_of_week,iso_week,week_start\n"),
            "状态所属周,ISO周,周一日期\n"
        );
    }
}
