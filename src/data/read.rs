//! Reading the scenario's CSV files into typed rows, cell by cell, with the
//! position of every problem. Cross-file rules (unknown ids, duplicates) are
//! checked later, in `validate`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::dates::{Calendar, Date};
use crate::error::{and_list, expected_found, quoted, shown, with_note, InputProblem};
use crate::lang::t;

/// Largest week number accepted; a guard against typos such as `20250101`
/// that would otherwise ask for a model of millions of periods.
pub const MAX_WEEK: u32 = 10_000;

/// Largest input file read. Real scenarios are a few MB; a bigger file is
/// almost always the wrong file, and it is refused before it is loaded.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Where a scenario's files come from: a folder, or memory (tests, fuzzing).
/// Shareable between threads: `agrimatch serve` keeps the base scenario's
/// files to place the problems of every what-if read from its rows.
pub trait ScenarioFiles: Send + Sync {
    /// The bytes of file `name`; `Ok(None)` when it does not exist, `Err`
    /// with the reason when it exists but cannot be read.
    fn load(&self, name: &str) -> Result<Option<Vec<u8>>, ReadError>;
    /// Where the files are, for messages ("file not found in ...").
    fn describe(&self) -> String;
    /// The problems of a read, each at the position a person finds it at:
    /// a workbook turns `supply.csv: line 7` into `sheet supply, row 7` and
    /// adds what it found while reading its cells (formula errors).
    fn locate(&self, problems: Vec<InputProblem>) -> Vec<InputProblem> {
        problems
    }
}

/// A scenario folder on disk.
pub struct FolderFiles(pub PathBuf);

impl ScenarioFiles for FolderFiles {
    fn load(&self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        read_capped(&self.0.join(name))
    }

    fn describe(&self) -> String {
        self.0.display().to_string()
    }
}

/// The bytes of the file at `path`, at most [`MAX_FILE_BYTES`] of them;
/// `Ok(None)` when it does not exist. The size on disk is only a shortcut:
/// a device or pipe (a link to `/dev/zero`) reports none, so the read
/// itself stops one byte past the limit.
pub fn read_capped(path: &Path) -> Result<Option<Vec<u8>>, ReadError> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ReadError::Io(e)),
    };
    if let Ok(metadata) = file.metadata() {
        if metadata.is_file() && metadata.len() > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge {
                found: format!("{} MiB", metadata.len() >> 20),
            });
        }
    }
    let mut bytes = Vec::new();
    match file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > MAX_FILE_BYTES => Err(ReadError::TooLarge {
            found: "more".to_string(),
        }),
        Ok(_) => Ok(Some(bytes)),
        Err(e) => Err(ReadError::Io(e)),
    }
}

/// Why a file that exists could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Over [`MAX_FILE_BYTES`]: almost always the wrong file.
    #[error("{}", t("err-file-too-large", &[("max", &(MAX_FILE_BYTES >> 20).to_string()), ("found", found)]))]
    TooLarge {
        /// How large the file is, as shown to the user.
        found: String,
    },
    /// What the operating system said.
    #[error("{}", t("err-cannot-read", &[("error", &.0.to_string())]))]
    Io(std::io::Error),
}

/// The byte-order mark that tells Excel a CSV file is UTF-8 (see `csv_bom`).
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A UTF-8 text file read besides a scenario (a sweep shard, a plan's own
/// output files), capped like them by [`read_capped`]. A byte-order mark,
/// which agrimatch writes with `csv_bom`, is dropped.
pub fn read_capped_text(path: &Path) -> crate::Result<String> {
    let io = |e: std::io::Error| crate::Error::io(path, e);
    match read_capped(path) {
        Ok(Some(mut bytes)) => {
            if bytes.starts_with(UTF8_BOM) {
                bytes.drain(..UTF8_BOM.len());
            }
            String::from_utf8(bytes).map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
        }
        Ok(None) => Err(io(std::io::ErrorKind::NotFound.into())),
        Err(why) => Err(io(std::io::Error::other(why))),
    }
}

/// A scenario held in memory: file name -> bytes.
#[derive(Debug, Clone, Default)]
pub struct MemoryFiles(pub BTreeMap<String, Vec<u8>>);

impl MemoryFiles {
    /// A scenario of (file name, text) pairs.
    pub fn from_texts(files: &[(&str, &str)]) -> MemoryFiles {
        MemoryFiles(
            files
                .iter()
                .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
                .collect(),
        )
    }
}

impl ScenarioFiles for MemoryFiles {
    fn load(&self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        Ok(self.0.get(name).cloned())
    }

    fn describe(&self) -> String {
        t("err-the-scenario", &[])
    }
}

/// The columns a file must have and the ones it may have.
pub struct FileSpec {
    /// The file's name inside the scenario folder, as messages show it.
    pub name: &'static str,
    /// Columns every row must have a header for.
    pub required: &'static [&'static str],
    /// Columns that may be left out (their default applies).
    pub optional: &'static [&'static str],
    /// A missing optional file is simply empty.
    pub file_required: bool,
    /// The id column of files that define ids (products, farms, hubs, stores).
    pub id_column: Option<&'static str>,
    /// Files with a quantity, which may come in kg, jin or tonnes (see [`QUANTITY_COLUMNS`]).
    pub quantity: bool,
}

/// The ways a quantity may be given, one per file: `quantity_kg`,
/// `quantity_jin` (0.5 kg), `quantity_t` (1,000 kg), or `quantity` with a
/// `unit` column (kg, jin or t) on every row.
pub const QUANTITY_COLUMNS: [&str; 5] = ["quantity_kg", "quantity_jin", "quantity_t", "quantity", "unit"];

/// Largest quantity, storage or lane capacity accepted, in kg (after unit
/// conversion): a million tonnes is far beyond any one harvest, and the
/// bound keeps sums of quantities times costs well inside what an LP
/// solver can tell apart.
pub const MAX_KG: f64 = 1e12;
/// Largest value, cost, penalty or price per kg accepted.
pub const MAX_PER_KG: f64 = 1e9;
/// Largest support budget accepted (money over the horizon): a trillion is
/// beyond any programme, and larger sums would swamp the LP's other terms.
pub const MAX_BUDGET: f64 = 1e12;
/// Largest farm priority or store weight accepted: both multiply costs.
pub const MAX_FACTOR: f64 = 1e6;

/// What a numeric column accepts beyond "a finite number >= 0": the one
/// table the reader and change files both check against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// Any finite number from 0 to the number.
    AtMost(f64),
    /// From 0 to 1.
    Share,
    /// Greater than 0, at most the number.
    PositiveAtMost(f64),
    /// Any finite number >= 0.
    Unbounded,
}

impl Bound {
    /// The bound of a numeric column, by its name (`quantity_kg` for
    /// quantities in any unit, which are checked after conversion).
    pub fn of(column: &str) -> Bound {
        match column {
            "quantity_kg" | "storage_kg" | "capacity_kg_per_week" => Bound::AtMost(MAX_KG),
            "truck_kg" => Bound::PositiveAtMost(MAX_KG),
            // A truck costs what many kg do; the bound only keeps sums finite.
            "cost_per_truck" => Bound::AtMost(MAX_PER_KG),
            "value_per_kg"
            | "cost_per_kg"
            | "holding_cost_per_kg_week"
            | "shortfall_penalty_per_kg"
            | "support_price_per_kg" => Bound::AtMost(MAX_PER_KG),
            "price_per_kg" => Bound::AtMost(MAX_PER_KG),
            "budget" => Bound::AtMost(MAX_BUDGET),
            "priority" => Bound::AtMost(MAX_FACTOR),
            "weight" => Bound::PositiveAtMost(MAX_FACTOR),
            // A setting, not a column: bounded alike where a change edits it.
            "min_sold_share" | "fair_shortfall" => Bound::Share,
            _ => Bound::Unbounded,
        }
    }

    /// `None` when `value` is accepted, else what was expected, as in
    /// "expected {a number from 0 to 1e12}, found ...".
    pub fn expected(self, value: f64) -> Option<String> {
        let ok = value.is_finite()
            && value >= 0.0
            && match self {
                Bound::AtMost(max) => value <= max,
                Bound::Share => value <= 1.0,
                Bound::PositiveAtMost(max) => value > 0.0 && value <= max,
                Bound::Unbounded => true,
            };
        (!ok).then(|| self.words())
    }

    fn words(self) -> String {
        match self {
            Bound::AtMost(max) => t("err-what-number-at-most", &[("max", &format!("{max:e}"))]),
            Bound::Share => t("err-what-share", &[]),
            Bound::PositiveAtMost(max) => t("err-what-positive-at-most", &[("max", &format!("{max:e}"))]),
            Bound::Unbounded => t("err-what-finite", &[]),
        }
    }
}

/// Kg per unit, by the unit's name.
pub fn kg_per_unit(unit: &str) -> Option<f64> {
    match unit {
        "kg" => Some(1.0),
        "jin" | "斤" => Some(0.5),
        "t" | "吨" => Some(1000.0),
        _ => None,
    }
}

/// `products.csv`: one row per product.
pub const PRODUCTS: FileSpec = FileSpec {
    name: "products.csv",
    required: &["product", "shelf_life_days", "value_per_kg"],
    optional: &["holding_cost_per_kg_week", "min_remaining_days"],
    file_required: true,
    id_column: Some("product"),
    quantity: false,
};
/// `farms.csv`: one row per farm.
pub const FARMS: FileSpec = FileSpec {
    name: "farms.csv",
    required: &["farm", "region"],
    optional: &["priority", "storage_kg", "min_sold_share"],
    file_required: true,
    id_column: Some("farm"),
    quantity: false,
};
/// `stores.csv`: one row per store.
pub const STORES: FileSpec = FileSpec {
    name: "stores.csv",
    required: &["store", "region"],
    optional: &["storage_kg", "weight"],
    file_required: true,
    id_column: Some("store"),
    quantity: false,
};
/// `hubs.csv` (optional): one row per hub.
pub const HUBS: FileSpec = FileSpec {
    name: "hubs.csv",
    required: &["hub", "region"],
    optional: &["storage_kg"],
    file_required: false,
    id_column: Some("hub"),
    quantity: false,
};
/// `supply.csv`: harvests per farm, product and week.
pub const SUPPLY: FileSpec = FileSpec {
    name: "supply.csv",
    required: &["farm", "product", "week"],
    optional: &["support_price_per_kg"],
    file_required: true,
    id_column: None,
    quantity: true,
};
/// `demand.csv`: orders per store, product and week.
pub const DEMAND: FileSpec = FileSpec {
    name: "demand.csv",
    required: &["store", "product", "week"],
    optional: &["shortfall_penalty_per_kg"],
    file_required: true,
    id_column: None,
    quantity: true,
};
/// `lanes.csv`: one row per road from one location to another.
pub const LANES: FileSpec = FileSpec {
    name: "lanes.csv",
    required: &["from", "to", "cost_per_kg"],
    optional: &[
        "transit_days",
        "capacity_kg_per_week",
        "truck_kg",
        "cost_per_truck",
        "max_trucks_per_week",
    ],
    file_required: true,
    id_column: None,
    quantity: false,
};
/// `in_transit.csv` (optional): produce on the road when the plan starts.
pub const IN_TRANSIT: FileSpec = FileSpec {
    name: "in_transit.csv",
    required: &["from", "to", "product", "arrive_week", "age_days"],
    optional: &[],
    file_required: false,
    id_column: None,
    quantity: true,
};
/// `stock.csv` (optional): produce on hand at the start of week 1.
pub const STOCK: FileSpec = FileSpec {
    name: "stock.csv",
    required: &["location", "product", "age_days"],
    optional: &[],
    file_required: false,
    id_column: None,
    quantity: true,
};

/// Every file of the scenario contract, in the order they are read.
pub const SCENARIO_FILES: [&FileSpec; 10] = [
    &PRODUCTS,
    &FARMS,
    &HUBS,
    &STORES,
    &SUPPLY,
    &DEMAND,
    &LANES,
    &STOCK,
    &IN_TRANSIT,
    &SUPPORT,
];

/// How agrimatch writes its own CSV files for one scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsvStyle {
    /// Start every CSV file with a UTF-8 byte-order mark, which Excel needs
    /// to read it as UTF-8 (without one, Excel on Chinese Windows reads GBK
    /// and garbles every Chinese name).
    pub bom: bool,
}

/// The CSV style for the scenario in `files`: `csv_bom` of `scenario.toml`
/// when it is set, else a byte-order mark when a CSV file of the scenario
/// was saved by Excel as GBK or with a byte-order mark. (A workbook's sheets
/// are neither: its planner has `plan.xlsx`, and its CSV files are the
/// same bytes as those of the same scenario as CSV.) Problems with the
/// settings are left to [`read_scenario_rows`] to report.
pub fn csv_style_of(files: &dyn ScenarioFiles) -> CsvStyle {
    let settings = read_settings(files, &mut Vec::new());
    let bom = settings.csv_bom.unwrap_or_else(|| {
        SCENARIO_FILES.iter().any(|spec| match files.load(spec.name) {
            Ok(Some(bytes)) => bytes.starts_with(UTF8_BOM) || std::str::from_utf8(&bytes).is_err(),
            _ => false,
        })
    });
    CsvStyle { bom }
}

/// The `language` of the scenario in `files`, if it sets a known one;
/// problems with the settings are left to [`read_scenario_rows`] to report.
pub fn language_of(files: &dyn ScenarioFiles) -> Option<crate::lang::Lang> {
    read_settings(files, &mut Vec::new()).language
}

/// `support.csv` (optional): buyers of last resort for struggling
/// households, each with a price and an optional budget.
pub const SUPPORT: FileSpec = FileSpec {
    name: "support.csv",
    required: &["buyer", "product", "price_per_kg"],
    optional: &["budget", "farm", "week_from", "week_to", "cost_per_kg"],
    file_required: false,
    id_column: None,
    quantity: false,
};

/// What a support purchase costs the programme per kg when `cost_per_kg`
/// is left blank: small and positive, so that a kg goes to a commercial
/// order first, to the support buyer second, and spoils last.
pub const DEFAULT_SUPPORT_COST_PER_KG: f64 = 0.01;

/// A row of `support.csv`.
#[derive(Debug, Clone)]
pub struct SupportRow {
    /// Line in the file (the header is line 1), for messages.
    pub line: u64,
    /// The buyer, an id from `stores.csv`.
    pub buyer: String,
    /// The product it buys.
    pub product: String,
    /// What the buyer pays per kg (what the farm earns).
    pub price_per_kg: f64,
    /// Money over the horizon; `None` (blank) is no limit.
    pub budget: Option<f64>,
    /// Only from this farm; `None`: from every farm with `priority` > 0.
    pub farm: Option<String>,
    /// First week the buyer buys in (arrival week); 1 when blank.
    pub week_from: Option<u32>,
    /// Last week the buyer buys in; the horizon's end when blank.
    pub week_to: Option<u32>,
    /// What a kg bought costs the programme, net of resale.
    pub cost_per_kg: f64,
}

/// A row of `products.csv`.
#[derive(Debug, Clone)]
pub struct ProductRow {
    /// Line in the file (the header is line 1), for messages.
    pub line: u64,
    /// The product id, normalised to Unicode NFC.
    pub product: String,
    /// The cell was not in Unicode NFC and was normalised (see [`normalized_id`]).
    pub respelled: bool,
    /// Days from harvest until the produce is waste.
    pub shelf_life_days: u32,
    /// What a kg is worth.
    pub value_per_kg: f64,
    /// Cost per kg held one week; 0 when left out.
    pub holding_cost_per_kg_week: f64,
    /// Days of shelf life a store wants left; 0 when left out.
    pub min_remaining_days: u32,
}

/// A row of `farms.csv`, `hubs.csv` or `stores.csv`.
#[derive(Debug, Clone)]
pub struct LocationRow {
    /// Line in the file (the header is line 1), for messages.
    pub line: u64,
    /// The `farm`, `hub` or `store` id, normalised to Unicode NFC.
    pub id: String,
    /// The cell was not in Unicode NFC and was normalised (see [`normalized_id`]).
    pub respelled: bool,
    /// Free text grouping locations in reports and change-file selectors.
    pub region: String,
    /// Farms: how much more than its value an unsold kg costs (>= 0, default 0).
    pub priority: f64,
    /// Kg the location can hold at once; `None` (left out) is unlimited.
    pub storage_kg: Option<f64>,
    /// Farms: the least share of the harvest to sell (0 to 1).
    pub min_sold_share: f64,
    /// Stores: how much a short kg here counts in fair shares (> 0, default 1).
    pub weight: f64,
}

/// A row of `supply.csv` (`place` is the farm) or `demand.csv` (the store).
#[derive(Debug, Clone)]
pub struct QuantityRow {
    /// Line in the file (the header is line 1), for messages.
    pub line: u64,
    /// The farm (supply) or store (demand) id, as written.
    pub place: String,
    /// The product id, as written.
    pub product: String,
    /// The period number, 1-based.
    pub week: u32,
    /// Kg, converted from jin or tonnes where the file used them.
    pub quantity_kg: f64,
    /// Demand only: cost per kg not delivered; `None` uses the default (see `model::costs`).
    pub shortfall_penalty_per_kg: Option<f64>,
    /// Supply only: a buyer's guaranteed price for this harvest.
    pub support_price_per_kg: Option<f64>,
}

/// A row of `lanes.csv`.
#[derive(Debug, Clone)]
pub struct LaneRow {
    /// Line in the file (the header is line 1), for messages.
    pub line: u64,
    /// The id where the lane starts, as written.
    pub from: String,
    /// The id where the lane ends, as written.
    pub to: String,
    /// Transport cost per kg carried.
    pub cost_per_kg: f64,
    /// Days on the road; 0 when left out.
    pub transit_days: f64,
    /// Kg the lane carries per 7 days, all products together; `None` is unlimited.
    pub capacity_kg_per_week: Option<f64>,
    /// Set only by change files: capacity for single weeks.
    pub capacity_by_week: std::collections::BTreeMap<u32, f64>,
    /// Kg one truck carries (> 0); with it, the lane is planned in whole trucks.
    pub truck_kg: Option<f64>,
    /// Paid per truck that leaves, on top of `cost_per_kg`; `None` when blank.
    pub cost_per_truck: Option<f64>,
    /// Most trucks per week (per planning period); `None` is no limit.
    pub max_trucks_per_week: Option<u32>,
}

/// A row of `stock.csv`.
#[derive(Debug, Clone)]
pub struct StockRow {
    /// Line in the file (the header is line 1), for messages.
    pub line: u64,
    /// The farm, hub or store id where the stock is, as written.
    pub location: String,
    /// The product id, as written.
    pub product: String,
    /// Days since harvest at the start of week 1.
    pub age_days: u32,
    /// Kg, converted from jin or tonnes where the file used them.
    pub quantity_kg: f64,
}

/// Produce on the road when the plan starts: it arrives at `to` in
/// `arrive_week` at `age_days` (its age on arrival).
#[derive(Debug, Clone)]
pub struct InTransitRow {
    /// 1-based line in `in_transit.csv`.
    pub line: u64,
    /// The lane's start (a farm or hub).
    pub from: String,
    /// The lane's end (a hub or store), where it arrives.
    pub to: String,
    /// Product id.
    pub product: String,
    /// Week of arrival (a number, or a date or ISO week with `start_date`).
    pub arrive_week: u32,
    /// Age on arrival, days since harvest.
    pub age_days: u32,
    /// Kg on the road, converted from jin or tonnes where the file used them.
    pub quantity_kg: f64,
}

/// Settings from the optional `scenario.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioSettings {
    /// Days per planning period, 1 to 366 (default 7: weeks).
    pub period_days: u32,
    /// The first day of period 1; with it, week cells may be dates or ISO weeks.
    pub start_date: Option<Date>,
    /// Each store's shortfall rate may exceed the overall rate by at most this.
    pub fair_shortfall: Option<f64>,
    /// The unit quantities are shown in on the terminal: ("kg" | "jin" | "t", kg per unit).
    pub display_unit: (&'static str, f64),
    /// Write output CSV files with a UTF-8 byte-order mark; `None` (not set)
    /// decides by the input (see [`read_csv_style`]).
    pub csv_bom: Option<bool>,
    /// The language its planners read (`language = "zh-CN"`), used when
    /// neither `--lang` nor `AGRIMATCH_LANG` says (see [`crate::lang::decide`]).
    pub language: Option<crate::lang::Lang>,
}

fn default_period_days() -> u32 {
    7
}

impl ScenarioSettings {
    /// The periods on the calendar (no dates without `start_date`).
    pub fn calendar(&self) -> Calendar {
        Calendar {
            start: self.start_date,
            period_days: self.period_days,
        }
    }
}

impl Default for ScenarioSettings {
    fn default() -> Self {
        ScenarioSettings {
            period_days: default_period_days(),
            start_date: None,
            fair_shortfall: None,
            display_unit: ("kg", 1.0),
            csv_bom: None,
            language: None,
        }
    }
}

/// Every file of a scenario as typed rows. Rows with a bad cell are left
/// out (their problem is recorded), so later checks see only good rows.
#[derive(Debug, Clone, Default)]
pub struct ScenarioRows {
    /// Ids whose defining row was rejected, and files that could not be read
    /// at all: references to them are not reported again as unknown.
    pub unchecked: Unchecked,
    /// `scenario.toml`, or the defaults without one.
    pub settings: ScenarioSettings,
    /// Good rows of `products.csv`.
    pub products: Vec<ProductRow>,
    /// Good rows of `farms.csv`.
    pub farms: Vec<LocationRow>,
    /// Good rows of `hubs.csv` (none without the file).
    pub hubs: Vec<LocationRow>,
    /// Good rows of `stores.csv`.
    pub stores: Vec<LocationRow>,
    /// Good rows of `supply.csv`.
    pub supply: Vec<QuantityRow>,
    /// Good rows of `demand.csv`.
    pub demand: Vec<QuantityRow>,
    /// Good rows of `lanes.csv`.
    pub lanes: Vec<LaneRow>,
    /// Good rows of `stock.csv` (none without the file).
    pub stock: Vec<StockRow>,
    /// Good rows of `in_transit.csv` (none without the file).
    pub in_transit: Vec<InTransitRow>,
    /// Good rows of `support.csv` (none without the file).
    pub support: Vec<SupportRow>,
}

/// What later checks must not report again: a problem there is already known.
#[derive(Debug, Clone, Default)]
pub struct Unchecked {
    /// Ids from rejected rows of products.csv, farms.csv, hubs.csv, stores.csv.
    pub ids: std::collections::HashSet<String>,
    /// Files (by name) that could not be read at all.
    pub files: std::collections::HashSet<&'static str>,
}

/// Reads all files of the scenario folder, recording every problem.
pub fn read_scenario_rows(dir: &dyn ScenarioFiles, problems: &mut Vec<InputProblem>) -> ScenarioRows {
    let settings = read_settings(dir, problems);
    let calendar = settings.calendar();
    let mut unchecked = Unchecked::default();
    let problems = &mut Problems {
        list: problems,
        unchecked: &mut unchecked,
    };
    let products = read_rows(dir, &PRODUCTS, problems, |r| {
        Some(ProductRow {
            line: r.line,
            product: r.id("product")?,
            respelled: r.respelled("product"),
            shelf_life_days: r.integer("shelf_life_days", 1, u32::MAX)?,
            value_per_kg: r.number("value_per_kg")?,
            holding_cost_per_kg_week: r.opt_number("holding_cost_per_kg_week")?.unwrap_or(0.0),
            min_remaining_days: r.opt_integer("min_remaining_days", 0, u32::MAX)?.unwrap_or(0),
        })
    });
    // Optional columns a file does not have read as blank: one reader serves
    // farms, hubs and stores.
    let location = |id_column: &'static str| {
        move |r: &mut RowReader| {
            Some(LocationRow {
                line: r.line,
                id: r.id(id_column)?,
                respelled: r.respelled(id_column),
                region: r.text("region")?,
                priority: r.opt_number("priority")?.unwrap_or(0.0),
                storage_kg: r.opt_number("storage_kg")?,
                min_sold_share: r.opt_share("min_sold_share")?.unwrap_or(0.0),
                weight: r.opt_positive("weight")?.unwrap_or(1.0),
            })
        }
    };
    let farms = read_rows(dir, &FARMS, problems, location("farm"));
    let hubs = read_rows(dir, &HUBS, problems, location("hub"));
    let stores = read_rows(dir, &STORES, problems, location("store"));
    let quantity = |place_column: &'static str| {
        move |r: &mut RowReader| {
            Some(QuantityRow {
                line: r.line,
                place: r.id(place_column)?,
                product: r.id("product")?,
                week: r.week("week", &calendar)?,
                quantity_kg: r.quantity_kg()?,
                shortfall_penalty_per_kg: r.opt_number("shortfall_penalty_per_kg")?,
                support_price_per_kg: r.opt_number("support_price_per_kg")?,
            })
        }
    };
    let supply = read_rows(dir, &SUPPLY, problems, quantity("farm"));
    let demand = read_rows(dir, &DEMAND, problems, quantity("store"));
    let lanes = read_rows(dir, &LANES, problems, |r| {
        Some(LaneRow {
            line: r.line,
            from: r.id("from")?,
            to: r.id("to")?,
            cost_per_kg: r.number("cost_per_kg")?,
            transit_days: r.opt_number("transit_days")?.unwrap_or(0.0),
            capacity_kg_per_week: r.opt_number("capacity_kg_per_week")?,
            capacity_by_week: Default::default(),
            truck_kg: r.opt_positive("truck_kg")?,
            cost_per_truck: r.opt_number("cost_per_truck")?,
            max_trucks_per_week: r.opt_integer("max_trucks_per_week", 0, u32::MAX)?,
        })
    });
    let stock = read_rows(dir, &STOCK, problems, |r| {
        Some(StockRow {
            line: r.line,
            location: r.id("location")?,
            product: r.id("product")?,
            age_days: r.integer("age_days", 0, u32::MAX)?,
            quantity_kg: r.quantity_kg()?,
        })
    });
    let in_transit = read_rows(dir, &IN_TRANSIT, problems, |r| {
        Some(InTransitRow {
            line: r.line,
            from: r.id("from")?,
            to: r.id("to")?,
            product: r.id("product")?,
            arrive_week: r.week("arrive_week", &calendar)?,
            age_days: r.integer("age_days", 0, u32::MAX)?,
            quantity_kg: r.quantity_kg()?,
        })
    });
    let support = read_rows(dir, &SUPPORT, problems, |r| {
        Some(SupportRow {
            line: r.line,
            buyer: r.id("buyer")?,
            product: r.id("product")?,
            price_per_kg: r.number("price_per_kg")?,
            budget: r.opt_number("budget")?,
            farm: r.opt_id("farm")?,
            week_from: r.opt_week("week_from", &calendar)?,
            week_to: r.opt_week("week_to", &calendar)?,
            cost_per_kg: r.opt_number("cost_per_kg")?.unwrap_or(DEFAULT_SUPPORT_COST_PER_KG),
        })
    });
    ScenarioRows {
        unchecked,
        settings,
        in_transit,
        support,
        products,
        farms,
        hubs,
        stores,
        supply,
        demand,
        lanes,
        stock,
    }
}

fn read_settings(dir: &dyn ScenarioFiles, problems: &mut Vec<InputProblem>) -> ScenarioSettings {
    const FILE: &str = "scenario.toml";
    let bytes = match dir.load(FILE) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return ScenarioSettings::default(),
        Err(why) => {
            problems.push(InputProblem::file(FILE, why.to_string()));
            return ScenarioSettings::default();
        }
    };
    let Some(text) = decode_text(FILE, &bytes, problems) else {
        return ScenarioSettings::default();
    };
    let text = text.as_ref();
    let table = match toml::from_str::<toml::Table>(text) {
        Ok(table) => table,
        Err(e) => {
            let message = e.message().to_string();
            problems.push(match e.span() {
                Some(span) => InputProblem::line(FILE, line_of(text.as_bytes(), span.start), message),
                None => InputProblem::file(FILE, message),
            });
            return ScenarioSettings::default();
        }
    };
    // The line of each `key =`, found in one pass: looking each key up in
    // all lines was quadratic in the number of keys.
    let mut key_lines: HashMap<&str, u64> = HashMap::new();
    for (i, l) in text.lines().enumerate() {
        if let Some((key, _)) = l.split_once('=') {
            key_lines.entry(key.trim()).or_insert(i as u64 + 1);
        }
    }
    let mut settings = ScenarioSettings::default();
    for (key, value) in &table {
        // Settings are reported like CSV cells: the key is the column.
        let line = key_lines.get(key.as_str()).copied().unwrap_or(1);
        match key.as_str() {
            "period_days" => match value.as_integer() {
                Some(days) if (1..=366).contains(&days) => settings.period_days = days as u32,
                _ => problems.push(InputProblem::cell(
                    FILE,
                    line,
                    key,
                    expected_found(
                        &t("err-what-whole-range", &[("min", "1"), ("max", "366")]),
                        &found(value),
                    ),
                )),
            },
            "start_date" => {
                // A TOML date (start_date = 2026-11-30) or a string.
                let text = value
                    .as_datetime()
                    .map(|d| d.to_string())
                    .or_else(|| value.as_str().map(str::to_string));
                match text.as_deref().and_then(Date::parse) {
                    Some(date) => settings.start_date = Some(date),
                    None => problems.push(InputProblem::cell(
                        FILE,
                        line,
                        key,
                        expected_found(&t("err-what-date-example", &[]), &found(value)),
                    )),
                }
            }
            "fair_shortfall" => match value.as_float().or_else(|| value.as_integer().map(|i| i as f64)) {
                Some(share) if (0.0..=1.0).contains(&share) => settings.fair_shortfall = Some(share),
                _ => problems.push(InputProblem::cell(
                    FILE,
                    line,
                    key,
                    expected_found(&t("err-what-share", &[]), &found(value)),
                )),
            },
            "display_unit" => match value.as_str() {
                // The Chinese names are the same units: 公斤, 斤 (500 g), 吨.
                Some("kg" | "公斤") => settings.display_unit = ("kg", 1.0),
                Some("jin" | "斤") => settings.display_unit = ("jin", 0.5),
                Some("t" | "吨") => settings.display_unit = ("t", 1000.0),
                _ => problems.push(InputProblem::cell(
                    FILE,
                    line,
                    key,
                    expected_found(&t("err-what-display-unit", &[]), &found(value)),
                )),
            },
            "csv_bom" => match value.as_bool() {
                Some(bom) => settings.csv_bom = Some(bom),
                None => problems.push(InputProblem::cell(
                    FILE,
                    line,
                    key,
                    expected_found(&t("err-what-bool", &[]), &found(value)),
                )),
            },
            "language" => match value.as_str().and_then(crate::lang::Lang::from_tag) {
                Some(lang) => settings.language = Some(lang),
                None => problems.push(InputProblem::cell(
                    FILE,
                    line,
                    key,
                    expected_found(&t("ref-what-language", &[]), &found(value)),
                )),
            },
            _ => problems.push(InputProblem::cell(
                FILE,
                line,
                key,
                t(
                    "err-unknown-setting",
                    &[(
                        "known",
                        "period_days, start_date, fair_shortfall, display_unit, csv_bom, language",
                    )],
                ),
            )),
        }
    }
    settings
}

/// A setting's value as echoed in a message: strings quoted and cut like
/// cells, other values as TOML writes them, cut when long.
fn found(value: &toml::Value) -> String {
    match value.as_str() {
        Some(text) => quoted(text),
        None => shown(&value.to_string()),
    }
}

/// 1-based line number of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> u64 {
    1 + bytes[..offset.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() as u64
}

/// The text of a file: UTF-8 (a byte-order mark, as Excel writes it, is
/// dropped), or else GB18030, the superset of GBK that Excel uses for "CSV"
/// on Chinese Windows. A file that is neither is a problem.
fn decode_text<'a>(file: &str, bytes: &'a [u8], problems: &mut Vec<InputProblem>) -> Option<Cow<'a, str>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(Cow::Borrowed(text)),
        Err(e) => match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
            Some(text) => Some(Cow::Owned(text.into_owned())),
            None => {
                problems.push(InputProblem::line(
                    file,
                    line_of(bytes, e.valid_up_to()),
                    t("err-not-text", &[]),
                ));
                None
            }
        },
    }
}

/// Reads one CSV file; `parse` turns a record into a row or returns `None`
/// after recording why through the [`RowReader`].
fn read_rows<T>(
    dir: &dyn ScenarioFiles,
    spec: &FileSpec,
    problems: &mut Problems,
    mut parse: impl FnMut(&mut RowReader) -> Option<T>,
) -> Vec<T> {
    let before = problems.list.len();
    let rows = read_rows_inner(dir, spec, problems, &mut parse);
    if rows.is_none() && problems.list.len() > before {
        problems.unchecked.files.insert(spec.name);
    }
    rows.unwrap_or_default()
}

/// `None` when the file as a whole could not be read.
fn read_rows_inner<T>(
    dir: &dyn ScenarioFiles,
    spec: &FileSpec,
    problems: &mut Problems,
    parse: &mut impl FnMut(&mut RowReader) -> Option<T>,
) -> Option<Vec<T>> {
    let unchecked = &mut *problems.unchecked;
    let problems = &mut *problems.list;
    let file = spec.name;
    let bytes = match dir.load(file) {
        Ok(Some(bytes)) => bytes,
        Ok(None) if spec.file_required => {
            problems.push(InputProblem::file(
                file,
                t("err-file-not-found", &[("dir", &dir.describe())]),
            ));
            return None;
        }
        Ok(None) => return Some(Vec::new()),
        Err(why) => {
            problems.push(InputProblem::file(file, why.to_string()));
            return None;
        }
    };
    // A rejected row's id is still known to exist: references to it are
    // not reported again as unknown.
    let mut rejected = |row: &RowReader| {
        if let Some(id) = spec.id_column.and_then(|c| row.cell(c)) {
            unchecked.ids.insert(normalized_id(id));
        }
    };
    read_csv(file, spec, &bytes, problems, parse, &mut rejected)
}

/// Reads the CSV text `bytes` of file `file` (the name in messages) with the
/// columns of `spec`: decoding, line endings, header and cells exactly as
/// for every scenario file. `rejected` sees each row `parse` refused.
pub(crate) fn read_csv<T>(
    file: &str,
    spec: &FileSpec,
    bytes: &[u8],
    problems: &mut Vec<InputProblem>,
    parse: &mut impl FnMut(&mut RowReader) -> Option<T>,
    rejected: &mut impl FnMut(&RowReader),
) -> Option<Vec<T>> {
    let text = decode_text(file, bytes, problems)?;
    // Old Mac files end lines with a lone CR, which the CSV reader splits
    // on but does not count as a line: make every line end in LF.
    let text: Cow<str> = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text
    };
    if text.trim().is_empty() {
        problems.push(InputProblem::file(file, t("err-empty-file", &[])));
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(header) => header.clone(),
        Err(e) => {
            problems.push(csv_problem(file, &e));
            return None;
        }
    };
    if header.len() == 1 && header[0].contains(';') {
        problems.push(InputProblem::line(file, 1, t("err-semicolons", &[])));
        return None;
    }
    let columns = check_header(file, spec, &header, problems)?;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| {
                    // The reader's position of a record that follows blank
                    // lines is the first blank line: count them.
                    let blank = text.as_bytes()[(p.byte() as usize).min(text.len())..]
                        .iter()
                        .take_while(|&&b| b == b'\n')
                        .count();
                    p.line() + blank as u64
                });
                // A line break inside a cell is almost always a missing
                // closing quote that swallowed the following rows.
                if let Some(i) = record.iter().position(|field| field.contains('\n')) {
                    problems.push(InputProblem::cell(
                        file,
                        line,
                        &header[i],
                        t("err-multiline", &[("found", &quoted(&record[i]))]),
                    ));
                    continue;
                }
                let mut row = RowReader {
                    file,
                    line,
                    columns: &columns,
                    record: &record,
                    problems,
                };
                match parse(&mut row) {
                    Some(parsed) => rows.push(parsed),
                    None => rejected(&row),
                }
            }
            Err(e) => {
                problems.push(csv_problem(file, &e));
                // A malformed record does not stop the reader: report all of them.
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    return None;
                }
            }
        }
    }
    Some(rows)
}

/// The problem list plus what later checks should not report again.
struct Problems<'a> {
    list: &'a mut Vec<InputProblem>,
    unchecked: &'a mut Unchecked,
}

fn csv_problem(file: &str, e: &csv::Error) -> InputProblem {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { pos, expected_len, len } => InputProblem::line(
            file,
            pos.as_ref().map_or(0, |p| p.line()),
            t(
                "err-field-count",
                &[("expected", &expected_len.to_string()), ("found", &len.to_string())],
            ),
        ),
        _ => match e.position() {
            Some(pos) => InputProblem::line(file, pos.line(), e.to_string()),
            None => InputProblem::file(file, e.to_string()),
        },
    }
}

/// Maps column names to positions; reports missing, unknown and repeated columns.
fn check_header(
    file: &str,
    spec: &FileSpec,
    header: &csv::StringRecord,
    problems: &mut Vec<InputProblem>,
) -> Option<HashMap<String, usize>> {
    let before = problems.len();
    let mut columns = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if name.is_empty() {
            problems.push(InputProblem::line(
                file,
                1,
                t("err-header-empty-name", &[("n", &(i + 1).to_string())]),
            ));
        } else if columns.insert(name.to_string(), i).is_some() {
            problems.push(InputProblem::cell(file, 1, name, t("err-column-twice", &[])));
        } else if !(spec.required.contains(&name)
            || spec.optional.contains(&name)
            || spec.quantity && QUANTITY_COLUMNS.contains(&name))
        {
            let mut known: Vec<&str> = spec.required.to_vec();
            if spec.quantity {
                known.extend_from_slice(&QUANTITY_COLUMNS[..4]);
            }
            known.extend_from_slice(spec.optional);
            problems.push(InputProblem::cell(
                file,
                1,
                name,
                t("err-unknown-column", &[("known", &known.join(", "))]),
            ));
        }
    }
    if spec.quantity {
        let given: Vec<&str> = QUANTITY_COLUMNS[..4]
            .iter()
            .copied()
            .filter(|c| columns.contains_key(*c))
            .collect();
        match given.as_slice() {
            [] => problems.push(InputProblem::cell(
                file,
                1,
                "quantity_kg",
                t("err-missing-quantity-column", &[]),
            )),
            ["quantity"] if !columns.contains_key("unit") => {
                problems.push(InputProblem::cell(file, 1, "unit", t("err-missing-unit-column", &[])))
            }
            [_] => {}
            several => problems.push(InputProblem::line(
                file,
                1,
                expected_found(&t("err-what-one-quantity-column", &[]), &and_list(several)),
            )),
        }
    }
    for required in spec.required {
        if !columns.contains_key(*required) {
            problems.push(InputProblem::cell(file, 1, required, t("err-missing-column", &[])));
        }
    }
    (problems.len() == before).then_some(columns)
}

/// One record being parsed; each getter records a problem and returns `None`
/// when the cell is bad, so `?` skips the rest of the row.
pub struct RowReader<'a> {
    file: &'a str,
    /// Line of the record in its file, for the problems the getters record.
    pub line: u64,
    columns: &'a HashMap<String, usize>,
    record: &'a csv::StringRecord,
    problems: &'a mut Vec<InputProblem>,
}

impl RowReader<'_> {
    /// The cell's text, or `None` when the column is absent or the cell blank.
    pub(crate) fn cell(&self, column: &str) -> Option<&str> {
        let i = *self.columns.get(column)?;
        self.record.get(i).filter(|text| !text.is_empty())
    }

    pub(crate) fn problem(&mut self, column: &str, message: String) {
        self.problems
            .push(InputProblem::cell(self.file, self.line, column, message));
    }

    pub(crate) fn required<'s>(&'s mut self, column: &str) -> Option<&'s str> {
        if self.cell(column).is_none() {
            self.problem(column, t("err-empty-cell", &[]));
            return None;
        }
        self.cell(column)
    }

    /// Free text (a region): copied into output CSV files as it is, so it
    /// may not start as a formula or hold control characters, as ids may not.
    fn text(&mut self, column: &str) -> Option<String> {
        let text = self.required(column)?.to_string();
        match text_problem(&text) {
            None => Some(text),
            Some(message) => {
                self.problem(column, message);
                None
            }
        }
    }

    /// An id (of a product, farm, hub or store, or a reference to one), in
    /// NFC; `None` after recording why it cannot be an id.
    fn id(&mut self, column: &str) -> Option<String> {
        let text = self.required(column)?.to_string();
        match id_problem(&text) {
            None => Some(normalized_id(&text)),
            Some(message) => {
                self.problem(column, message);
                None
            }
        }
    }

    /// An id, or `Some(None)` when the cell is blank.
    fn opt_id(&mut self, column: &str) -> Option<Option<String>> {
        match self.cell(column) {
            None => Some(None),
            Some(_) => self.id(column).map(Some),
        }
    }

    /// A week, or `Some(None)` when the cell is blank.
    fn opt_week(&mut self, column: &str, calendar: &Calendar) -> Option<Option<u32>> {
        match self.cell(column) {
            None => Some(None),
            Some(_) => self.week(column, calendar).map(Some),
        }
    }

    /// Whether the id in `column` was written in another form than NFC.
    fn respelled(&self, column: &str) -> bool {
        self.cell(column)
            .is_some_and(|text| !unicode_normalization::is_nfc(text))
    }

    fn number(&mut self, column: &str) -> Option<f64> {
        let text = self.required(column)?.to_string();
        self.parse_number(column, &text)
    }

    /// `Some(None)` for an absent column or blank cell, `None` for a bad cell.
    fn opt_number(&mut self, column: &str) -> Option<Option<f64>> {
        match self.cell(column).map(str::to_string) {
            None => Some(None),
            Some(text) => self.parse_number(column, &text).map(Some),
        }
    }

    /// The row's quantity in kg, from whichever quantity column the file has.
    fn quantity_kg(&mut self) -> Option<f64> {
        let (column, kg) = if self.columns.contains_key("quantity_jin") {
            ("quantity_jin", self.number("quantity_jin")? * 0.5)
        } else if self.columns.contains_key("quantity_t") {
            ("quantity_t", self.number("quantity_t")? * 1000.0)
        } else if self.columns.contains_key("quantity") {
            let amount = self.number("quantity")?;
            let unit = self.required("unit")?.to_string();
            match kg_per_unit(&unit) {
                Some(factor) => ("quantity", amount * factor),
                None => {
                    self.problem("unit", expected_found(&t("err-what-unit", &[]), &quoted(&unit)));
                    return None;
                }
            }
        } else {
            // Checked against MAX_KG as it is parsed.
            return self.number("quantity_kg");
        };
        if kg > MAX_KG {
            self.problem(
                column,
                t(
                    "err-too-much-after-conversion",
                    &[("max", &format!("{MAX_KG:e}")), ("found", &format!("{kg:e}"))],
                ),
            );
            return None;
        }
        Some(kg)
    }

    /// A share from 0 to 1; `Some(None)` when blank.
    fn opt_share(&mut self, column: &str) -> Option<Option<f64>> {
        match self.opt_number(column)? {
            Some(share) if share > 1.0 => {
                self.problem(column, expected_found(&t("err-what-share", &[]), &share.to_string()));
                None
            }
            other => Some(other),
        }
    }

    /// A number > 0; `Some(None)` when blank.
    fn opt_positive(&mut self, column: &str) -> Option<Option<f64>> {
        match self.opt_number(column)? {
            Some(x) if x <= 0.0 => {
                self.problem(column, expected_found(&t("err-what-positive", &[]), &x.to_string()));
                None
            }
            other => Some(other),
        }
    }

    /// A week: a period number, or with `start_date` a date or an ISO week.
    fn week(&mut self, column: &str, calendar: &Calendar) -> Option<u32> {
        let text = self.required(column)?.to_string();
        let looks_like_date = Date::parse(&text).is_some() || Date::parse_iso_week(&text).is_some();
        if calendar.start.is_none() && !looks_like_date {
            // Without a calendar, weeks read as the whole numbers they always were.
            return self.parse_integer(column, &text, 1, MAX_WEEK);
        }
        match calendar.parse_week(&text, MAX_WEEK) {
            Ok(week) => Some(week),
            Err(expected) => {
                self.problem(column, expected_found(&expected.0, &quoted(&text)));
                None
            }
        }
    }

    fn integer(&mut self, column: &str, min: u32, max: u32) -> Option<u32> {
        let text = self.required(column)?.to_string();
        self.parse_integer(column, &text, min, max)
    }

    fn opt_integer(&mut self, column: &str, min: u32, max: u32) -> Option<Option<u32>> {
        match self.cell(column).map(str::to_string) {
            None => Some(None),
            Some(text) => self.parse_integer(column, &text, min, max).map(Some),
        }
    }

    /// Every number in the input is a finite quantity, cost or weight >= 0.
    fn parse_number(&mut self, column: &str, text: &str) -> Option<f64> {
        match parse_non_negative(text) {
            Ok(value) => match Bound::of(column) {
                // Shares and the "> 0" of weights have their own messages
                // (opt_share, opt_positive).
                bound @ (Bound::AtMost(max) | Bound::PositiveAtMost(max)) if value > max => {
                    let expected = bound.words();
                    self.problem(column, expected_found(&expected, &quoted(text)));
                    None
                }
                _ => Some(value),
            },
            Err(note) => {
                let found = match note {
                    Some(note) => with_note(&quoted(text), &t(note, &[])),
                    None => quoted(text),
                };
                self.problem(column, expected_found(&t("err-what-non-negative", &[]), &found));
                None
            }
        }
    }

    fn parse_integer(&mut self, column: &str, text: &str, min: u32, max: u32) -> Option<u32> {
        match text.parse::<u32>() {
            Ok(value) if (min..=max).contains(&value) => Some(value),
            _ => {
                let expected = if max == u32::MAX {
                    t("err-what-whole-at-least", &[("min", &min.to_string())])
                } else {
                    t(
                        "err-what-whole-range",
                        &[("min", &min.to_string()), ("max", &max.to_string())],
                    )
                };
                self.problem(column, expected_found(&expected, &quoted(text)));
                None
            }
        }
    }
}

/// An id as the program keeps it: in Unicode NFC, so that "Café" typed on
/// a Mac (NFD, "e" + accent) and on Windows (NFC, "é") is one id.
pub fn normalized_id(text: &str) -> String {
    if unicode_normalization::is_nfc(text) {
        text.to_string()
    } else {
        unicode_normalization::UnicodeNormalization::nfc(text).collect()
    }
}

/// Why `text` cannot be an id, or `None`. Ids are copied into the output
/// CSV files, which a planner opens in a spreadsheet: there a leading `=`,
/// `+`, `-` or `@` would run as a formula. Control characters would move
/// the cursor or recolour the terminal when the id is printed.
fn id_problem(text: &str) -> Option<String> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Some(expected_found(&t("err-what-id-no-formula", &[]), &quoted(text)))
    } else if text.chars().any(char::is_control) {
        Some(expected_found(&t("err-what-id-no-control", &[]), &quoted(text)))
    } else {
        None
    }
}

/// Why `text` cannot be free text copied into an output file, or `None`:
/// the rules of [`id_problem`], after any leading white space (a spreadsheet
/// skips it too before it runs a formula).
fn text_problem(text: &str) -> Option<String> {
    let start = text.trim_start();
    if start.starts_with(['=', '+', '-', '@']) {
        Some(expected_found(&t("err-what-text-no-formula", &[]), &quoted(text)))
    } else if text.chars().any(char::is_control) {
        Some(expected_found(&t("err-what-text-no-control", &[]), &quoted(text)))
    } else {
        None
    }
}

/// `0,10` or `12,5`: one comma followed by one or two digits (three would
/// be a thousands separator).
fn is_decimal_comma(text: &str) -> bool {
    match text.split_once(',') {
        Some((whole, decimals)) => {
            !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && (1..=2).contains(&decimals.len())
                && decimals.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// Parses a finite number >= 0; the error is a hint appended to the message.
fn parse_non_negative(text: &str) -> Result<f64, Option<&'static str>> {
    let value: f64 = match text.parse() {
        Ok(value) => value,
        Err(_) if is_decimal_comma(text) => return Err(Some("err-note-decimal-comma")),
        Err(_) if text.contains(',') => return Err(Some("err-note-thousands")),
        Err(_) => return Err(None),
    };
    if value == f64::INFINITY && text.bytes().any(|b| b.is_ascii_digit()) {
        Err(Some("err-note-too-large"))
    } else if value.is_nan() || value.is_infinite() || value < 0.0 {
        Err(None)
    } else {
        // `-0` is a valid zero; normalise it so that outputs never show "-0.000".
        Ok(value + 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_reject_nan_infinities_and_negatives() {
        assert_eq!(parse_non_negative("1.5"), Ok(1.5));
        assert_eq!(parse_non_negative("0"), Ok(0.0));
        assert!(parse_non_negative("-0").unwrap().is_sign_positive());
        assert!(parse_non_negative("NaN").is_err());
        assert!(parse_non_negative("inf").is_err());
        assert_eq!(parse_non_negative("1e400"), Err(Some("err-note-too-large")));
        assert!(parse_non_negative("-40").is_err());
        assert!(parse_non_negative("abc").is_err());
        assert_eq!(parse_non_negative("1,200"), Err(Some("err-note-thousands")));
    }

    #[test]
    fn ids_are_nfc_and_never_formulas_or_control_characters() {
        assert_eq!(normalized_id("Cafe\u{301}"), "Café");
        assert_eq!(normalized_id("木引-1"), "木引-1");
        assert_eq!(id_problem("Muyin-1"), None);
        assert_eq!(id_problem("Muyin 1 (东)"), None);
        for formula in ["=1+1", " =1+1", "\u{3000}=1", "+86", "-1", "@SUM(A1)"] {
            assert!(text_problem(formula).unwrap().contains("formula"), "{formula:?}");
        }
        for control in ["a\tb", "a\nb", "\u{1b}[31m"] {
            assert!(text_problem(control).unwrap().contains("control"), "{control:?}");
        }
        assert_eq!(text_problem("Luodian county, hills"), None);
        assert_eq!(text_problem("黔南州 罗甸县"), None);
        for formula in ["=1+1", "+86", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(id_problem(formula).unwrap().contains("formula"), "{formula:?}");
        }
        for control in ["a\u{1b}b", "a\u{0}b", "a\u{7f}b", "a\u{9b}b", "a\nb"] {
            assert!(id_problem(control).unwrap().contains("control"), "{control:?}");
        }
    }

    #[test]
    fn bounds_name_what_was_expected() {
        assert_eq!(Bound::of("quantity_kg").expected(1e12), None);
        assert_eq!(
            Bound::of("quantity_kg").expected(1e13).as_deref(),
            Some("a number from 0 to 1e12")
        );
        assert!(Bound::of("cost_per_kg").expected(f64::INFINITY).is_some());
        assert!(Bound::of("transit_days").expected(f64::NAN).is_some());
        assert_eq!(Bound::of("transit_days").expected(1e300), None);
        assert!(Bound::of("min_sold_share").expected(1.5).is_some());
        assert!(Bound::of("weight").expected(0.0).is_some());
        assert!(Bound::of("priority").expected(-1.0).is_some());
    }

    #[test]
    fn rows_after_blank_lines_are_named_by_their_own_line() {
        let mut problems = Vec::new();
        let text = "\n\nproduct,shelf_life_days,value_per_kg\nplum,14,8\n\n\nfig,x,8\n";
        let mut parse = |r: &mut RowReader| r.integer("shelf_life_days", 1, 100);
        read_csv(
            "products.csv",
            &PRODUCTS,
            text.as_bytes(),
            &mut problems,
            &mut parse,
            &mut |_| {},
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, Some(7), "{}", problems[0]);
    }

    #[test]
    fn line_of_counts_newlines_before_offset() {
        assert_eq!(line_of(b"a\nb\nc", 0), 1);
        assert_eq!(line_of(b"a\nb\nc", 2), 2);
        assert_eq!(line_of(b"a\nb\nc", 4), 3);
    }
}
