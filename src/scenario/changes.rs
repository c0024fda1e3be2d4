//! What-if change files: `changes.csv` with `target,selector,field,op,value`
//! rows, applied to a scenario's rows before validation, so that a variant
//! is checked exactly like a base scenario. A selector that matches nothing
//! is an error: a typo must not silently do nothing. Besides the CSV files,
//! a change may edit the support lines (`support`) and the settings of
//! `scenario.toml` (`settings`: `fair_shortfall`).

use crate::data::dates::Calendar;
use std::collections::HashMap;
use std::path::Path;

use crate::data::read::{
    self, Bound, FileSpec, LaneRow, LocationRow, ProductRow, QuantityRow, RowReader, ScenarioRows, ScenarioSettings,
    SupportRow,
};
use crate::error::{expected_found, quoted, Error, InputProblem, InputProblems, Result};
use crate::lang::t;

/// Which file a change edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `supply.csv`.
    Supply,
    /// `demand.csv`.
    Demand,
    /// `lanes.csv`.
    Lanes,
    /// `products.csv`.
    Products,
    /// `farms.csv`.
    Farms,
    /// `stores.csv`.
    Stores,
    /// `hubs.csv`.
    Hubs,
    /// `support.csv`: the support buyers' lines.
    Support,
    /// `scenario.toml` (or a workbook's settings sheet): one set of
    /// settings, so a change selects no rows.
    Settings,
}

impl Target {
    const ALL: [Target; 9] = [
        Target::Supply,
        Target::Demand,
        Target::Lanes,
        Target::Products,
        Target::Farms,
        Target::Stores,
        Target::Hubs,
        Target::Support,
        Target::Settings,
    ];

    /// The reader's description of the file a change edits; `None` for
    /// the settings, which are no CSV file.
    fn spec(self) -> Option<&'static FileSpec> {
        Some(match self {
            Target::Supply => &read::SUPPLY,
            Target::Demand => &read::DEMAND,
            Target::Lanes => &read::LANES,
            Target::Products => &read::PRODUCTS,
            Target::Farms => &read::FARMS,
            Target::Stores => &read::STORES,
            Target::Hubs => &read::HUBS,
            Target::Support => &read::SUPPORT,
            Target::Settings => return None,
        })
    }

    fn file(self) -> &'static str {
        self.spec().map_or(SETTINGS_FILE, |spec| spec.name)
    }

    /// The name in a change file's `target` column: the file's, without
    /// `.csv` (`settings` for scenario.toml).
    fn name(self) -> &'static str {
        if self == Target::Settings {
            return "settings";
        }
        let file = self.file();
        file.strip_suffix(".csv").unwrap_or(file)
    }

    /// Selector keys a change may name.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Target::Supply => &["farm", "product", "week", "region"],
            Target::Demand => &["store", "product", "week", "region"],
            Target::Lanes => &["from", "to", "region", "week"],
            Target::Products => &["product"],
            Target::Farms => &["farm", "region"],
            Target::Stores => &["store", "region"],
            Target::Hubs => &["hub", "region"],
            Target::Support => &["buyer", "product", "farm"],
            Target::Settings => &[],
        }
    }

    /// Fields a change may edit, in the order messages list them.
    fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            Target::Supply => &[QuantityKg, SupportPricePerKg],
            Target::Demand => &[QuantityKg, ShortfallPenaltyPerKg],
            Target::Lanes => &[CostPerKg, TransitDays, CapacityKgPerWeek, TruckKg, CostPerTruck],
            Target::Products => &[ValuePerKg, HoldingCostPerKgWeek],
            Target::Farms => &[Priority, StorageKg, MinSoldShare],
            Target::Stores => &[StorageKg, Weight],
            Target::Hubs => &[StorageKg],
            Target::Support => &[Budget, PricePerKg],
            Target::Settings => &[FairShortfall],
        }
    }
}

/// The file the settings are read from, as messages name it.
const SETTINGS_FILE: &str = "scenario.toml";

/// A column a change may edit: one variant per changeable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `quantity_kg` of supply or demand rows.
    QuantityKg,
    /// `support_price_per_kg` of supply rows.
    SupportPricePerKg,
    /// `shortfall_penalty_per_kg` of demand rows.
    ShortfallPenaltyPerKg,
    /// `cost_per_kg` of lanes.
    CostPerKg,
    /// `transit_days` of lanes.
    TransitDays,
    /// `capacity_kg_per_week` of lanes.
    CapacityKgPerWeek,
    /// `truck_kg` of lanes.
    TruckKg,
    /// `cost_per_truck` of lanes.
    CostPerTruck,
    /// `value_per_kg` of products.
    ValuePerKg,
    /// `holding_cost_per_kg_week` of products.
    HoldingCostPerKgWeek,
    /// `priority` of farms.
    Priority,
    /// `storage_kg` of farms, hubs or stores.
    StorageKg,
    /// `min_sold_share` of farms.
    MinSoldShare,
    /// `weight` of stores.
    Weight,
    /// `budget` of support lines (blank: no limit).
    Budget,
    /// `price_per_kg` of support lines.
    PricePerKg,
    /// The `fair_shortfall` setting (none: no limit).
    FairShortfall,
}

/// The invariant behind the `expect`s of the slot lookups.
const FIELD_OF_TARGET: &str = "parse_change accepts only the fields of the change's target";

impl Field {
    /// The column's name in the scenario's files.
    pub fn column(self) -> &'static str {
        match self {
            Field::QuantityKg => "quantity_kg",
            Field::SupportPricePerKg => "support_price_per_kg",
            Field::ShortfallPenaltyPerKg => "shortfall_penalty_per_kg",
            Field::CostPerKg => "cost_per_kg",
            Field::TransitDays => "transit_days",
            Field::CapacityKgPerWeek => "capacity_kg_per_week",
            Field::TruckKg => "truck_kg",
            Field::CostPerTruck => "cost_per_truck",
            Field::ValuePerKg => "value_per_kg",
            Field::HoldingCostPerKgWeek => "holding_cost_per_kg_week",
            Field::Priority => "priority",
            Field::StorageKg => "storage_kg",
            Field::MinSoldShare => "min_sold_share",
            Field::Weight => "weight",
            Field::Budget => "budget",
            Field::PricePerKg => "price_per_kg",
            Field::FairShortfall => "fair_shortfall",
        }
    }

    /// Whether `none` may be set: the fields whose blank means "no limit"
    /// and that a planner switches off as a whole (a budget, fairness).
    fn may_be_none(self) -> bool {
        matches!(self, Field::Budget | Field::FairShortfall)
    }

    /// The number this field is in `row`; `None` when the row has no such column.
    fn slot_in(self, row: Row<'_>) -> Option<Slot<'_>> {
        use Field::*;
        Some(match (self, row) {
            (QuantityKg, Row::Quantity(r)) => Slot::Number(&mut r.quantity_kg),
            (SupportPricePerKg, Row::Quantity(r)) => Slot::Optional(&mut r.support_price_per_kg),
            (ShortfallPenaltyPerKg, Row::Quantity(r)) => Slot::Optional(&mut r.shortfall_penalty_per_kg),
            // For all weeks; a week selector edits `capacity_by_week` instead.
            (CostPerKg, Row::Lane(r)) => Slot::Number(&mut r.cost_per_kg),
            (TransitDays, Row::Lane(r)) => Slot::Number(&mut r.transit_days),
            (CapacityKgPerWeek, Row::Lane(r)) => Slot::Optional(&mut r.capacity_kg_per_week),
            (TruckKg, Row::Lane(r)) => Slot::Optional(&mut r.truck_kg),
            (CostPerTruck, Row::Lane(r)) => Slot::Optional(&mut r.cost_per_truck),
            (ValuePerKg, Row::Product(r)) => Slot::Number(&mut r.value_per_kg),
            (HoldingCostPerKgWeek, Row::Product(r)) => Slot::Number(&mut r.holding_cost_per_kg_week),
            (Priority, Row::Location(r)) => Slot::Number(&mut r.priority),
            (MinSoldShare, Row::Location(r)) => Slot::Number(&mut r.min_sold_share),
            (Weight, Row::Location(r)) => Slot::Number(&mut r.weight),
            (StorageKg, Row::Location(r)) => Slot::Optional(&mut r.storage_kg),
            (Budget, Row::Support(r)) => Slot::Optional(&mut r.budget),
            (PricePerKg, Row::Support(r)) => Slot::Number(&mut r.price_per_kg),
            (FairShortfall, Row::Settings(s)) => Slot::Optional(&mut s.fair_shortfall),
            _ => return None,
        })
    }
}

/// A row a change edits, of any target.
enum Row<'a> {
    Quantity(&'a mut QuantityRow),
    Lane(&'a mut LaneRow),
    Product(&'a mut ProductRow),
    /// A farm, hub or store.
    Location(&'a mut LocationRow),
    Support(&'a mut SupportRow),
    Settings(&'a mut ScenarioSettings),
}

/// How a change applies its value to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Replaces the field's value.
    Set,
    /// Multiplies the field's value.
    Scale,
    /// Adds to the field's value (negative: subtracts).
    Add,
}

/// One condition of a selector: an id or region, or a week range.
#[derive(Debug, Clone, PartialEq)]
enum Condition {
    Text(String, String),
    Weeks(u32, u32),
}

/// One row of a change file.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Line in the change file, for messages.
    pub line: u64,
    /// The scenario file whose rows it edits.
    pub target: Target,
    conditions: Vec<Condition>,
    /// The column it edits.
    pub field: Field,
    /// How it edits it.
    pub op: Op,
    /// The number it sets, scales by or adds; `None` is the word `none`
    /// (only `set`, only fields whose blank means no limit).
    pub value: Option<f64>,
}

/// The columns of a change file, read like any scenario file.
const CHANGES: FileSpec = FileSpec {
    name: "changes.csv",
    required: &["target", "selector", "field", "op", "value"],
    optional: &[],
    file_required: true,
    id_column: None,
    quantity: false,
};

/// The name of a change file in messages.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or(CHANGES.name.to_string(), |n| n.to_string_lossy().into_owned())
}

/// Reads a change file; every problem names the file, line and column.
/// It is read, decoded (UTF-8 or GBK) and split into cells by the same
/// code as the scenario's own files.
pub fn read_changes(path: &Path, calendar: &Calendar) -> Result<Vec<Change>> {
    let file = file_name(path);
    let bytes = match read::read_capped(path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(Error::io(path, std::io::ErrorKind::NotFound.into())),
        Err(why) => {
            return Err(Error::Input(InputProblems(vec![InputProblem::file(
                &file,
                why.to_string(),
            )])))
        }
    };
    let mut problems = Vec::new();
    let changes = parse_changes(&file, &bytes, calendar, &mut problems);
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(Error::Input(InputProblems(problems)))
    }
}

fn parse_changes(file: &str, bytes: &[u8], calendar: &Calendar, problems: &mut Vec<InputProblem>) -> Vec<Change> {
    let mut parse = |r: &mut RowReader| parse_change(r, calendar);
    read::read_csv(file, &CHANGES, bytes, problems, &mut parse, &mut |_| {}).unwrap_or_default()
}

/// One change; `None` after recording every bad cell of the row.
fn parse_change(r: &mut RowReader, calendar: &Calendar) -> Option<Change> {
    let line = r.line;
    let target_text = r.required("target")?.to_string();
    let Some(target) = Target::ALL.into_iter().find(|t| t.name() == target_text) else {
        let names: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
        r.problem(
            "target",
            expected_found(
                &t("err-what-one-of", &[("names", &names.join(", "))]),
                &quoted(&target_text),
            ),
        );
        return None;
    };
    let conditions = if target == Target::Settings {
        parse_settings_selector(r)
    } else {
        let selector = r.required("selector").map(str::to_string);
        selector.and_then(|selector| parse_selector(r, target, target.keys(), &selector, calendar))
    };
    let field = r.required("field").map(str::to_string).and_then(|text| {
        let fields = target.fields();
        let field = fields.iter().copied().find(|f| f.column() == text);
        if field.is_none() {
            let columns: Vec<&str> = fields.iter().map(|f| f.column()).collect();
            r.problem(
                "field",
                expected_found(
                    &t(
                        "err-what-field-of",
                        &[("file", target.file()), ("columns", &columns.join(", "))],
                    ),
                    &quoted(&text),
                ),
            );
        }
        field
    });
    let op = r.required("op").map(str::to_string).and_then(|op| match op.as_str() {
        "set" => Some(Op::Set),
        "scale" => Some(Op::Scale),
        "add" => Some(Op::Add),
        other => {
            r.problem("op", expected_found(&t("err-what-op", &[]), &quoted(other)));
            None
        }
    });
    let value = r
        .required("value")
        .map(str::to_string)
        .and_then(|text| match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Some(Some(v)),
            // `none` switches a limit off; a field that cannot be blank, or
            // an op that needs a number, says so here rather than later.
            _ if text.trim().eq_ignore_ascii_case("none")
                && op == Some(Op::Set)
                && field.is_some_and(Field::may_be_none) =>
            {
                Some(None)
            }
            _ => {
                let with_none: Vec<&str> = target
                    .fields()
                    .iter()
                    .filter(|f| f.may_be_none())
                    .map(|f| f.column())
                    .collect();
                let what = if with_none.is_empty() {
                    t("err-what-number", &[])
                } else {
                    t("err-what-number-or-none", &[("fields", &with_none.join(", "))])
                };
                r.problem("value", expected_found(&what, &quoted(&text)));
                None
            }
        });
    Some(Change {
        line,
        target,
        conditions: conditions?,
        field: field?,
        op: op?,
        value: value?,
    })
}

/// The selector of a settings change: there is one set of settings, so
/// nothing to select: `-`, `*` or an empty cell.
fn parse_settings_selector(r: &mut RowReader) -> Option<Vec<Condition>> {
    match r.cell("selector").map(str::trim) {
        None | Some("" | "-" | "*") => Some(Vec::new()),
        Some(other) => {
            let found = quoted(other);
            r.problem(
                "selector",
                expected_found(&t("err-what-settings-selector", &[]), &found),
            );
            None
        }
    }
}

/// `*`, or `key=value` conditions joined by `;`. Strict, because a
/// condition that is silently dropped widens the change to more rows.
fn parse_selector(
    r: &mut RowReader,
    target: Target,
    keys: &[&str],
    selector: &str,
    calendar: &Calendar,
) -> Option<Vec<Condition>> {
    if selector == "*" {
        return Some(Vec::new());
    }
    let mut conditions = Vec::new();
    let mut good = true;
    let mut bad = |r: &mut RowReader, message: String| {
        r.problem("selector", message);
        good = false;
    };
    for part in selector.split(';').map(str::trim) {
        let Some((key, value)) = part.split_once('=').map(|(k, v)| (k.trim(), v.trim())) else {
            let found = if part.is_empty() {
                t("err-found-empty-condition", &[("selector", &quoted(selector))])
            } else {
                quoted(part)
            };
            bad(r, expected_found(&t("err-what-conditions", &[]), &found));
            continue;
        };
        if !keys.contains(&key) {
            bad(
                r,
                expected_found(
                    &t(
                        "err-what-key-of",
                        &[("file", target.file()), ("keys", &keys.join(", "))],
                    ),
                    &quoted(key),
                ),
            );
        } else if value.is_empty() {
            bad(r, t("err-no-value-after", &[("key", key)]));
        } else if key == "week" {
            // Weeks as numbers, or on the calendar as dates or ISO weeks.
            let (first, last) = value.split_once("..").unwrap_or((value, value));
            let week = |text: &str| calendar.parse_week(text.trim(), read::MAX_WEEK).ok();
            match (week(first), week(last)) {
                (Some(a), Some(b)) if a <= b => conditions.push(Condition::Weeks(a, b)),
                _ => bad(r, expected_found(&t("err-what-week-selector", &[]), &quoted(value))),
            }
        } else {
            // Ids are compared as the reader keeps them (NFC).
            conditions.push(Condition::Text(key.to_string(), read::normalized_id(value)));
        }
    }
    good.then_some(conditions)
}

/// A row's selector values: id columns, region and week.
struct RowKeys<'a> {
    texts: [(&'static str, &'a str); 3],
    week: Option<u32>,
}

impl Change {
    fn matches(&self, row: &RowKeys) -> bool {
        self.conditions.iter().all(|c| match c {
            Condition::Text(key, value) => row.texts.iter().any(|(k, v)| k == key && v == value),
            Condition::Weeks(a, b) => row.week.is_some_and(|w| (*a..=*b).contains(&w)),
        })
    }
}

/// The number a change edits in a row.
enum Slot<'a> {
    Number(&'a mut f64),
    /// Blank means unlimited or the default: `set` gives it a value,
    /// `scale` and `add` leave it blank.
    Optional(&'a mut Option<f64>),
}

#[derive(Default)]
struct Tally {
    matched: usize,
    /// The first value the change would give that its file would refuse,
    /// and what the file expects.
    refused: Option<(f64, String)>,
    /// A week selector on a lane field other than its capacity.
    week_misused: bool,
}

fn edit(change: &Change, slot: Slot, tally: &mut Tally) {
    tally.matched += 1;
    let old = match &slot {
        Slot::Number(v) => Some(**v),
        Slot::Optional(v) => **v,
    };
    let Some(value) = change.value else {
        // `set none`: parse_change allows it only on optional fields.
        if let Slot::Optional(x) = slot {
            *x = None;
        }
        return;
    };
    let new = match (change.op, old) {
        (Op::Set, _) => Some(value),
        (Op::Scale, Some(v)) => Some(v * value),
        (Op::Add, Some(v)) => Some(v + value),
        (_, None) => None,
    };
    let Some(v) = new else {
        return;
    };
    // The same ranges as the reader's: a variant must be a scenario that
    // could have been written as files.
    match Bound::of(change.field.column()).expected(v) {
        Some(words) => {
            // The message names the common mistake plainly.
            let words = if v < 0.0 {
                t("err-what-at-least-zero", &[])
            } else {
                words
            };
            tally.refused.get_or_insert((v, words));
        }
        None => match slot {
            Slot::Number(x) => *x = v,
            Slot::Optional(x) => *x = Some(v),
        },
    }
}

/// New harvest or order rows (a new buyer): when no row matches, a `set` or
/// `add` of `quantity_kg` whose selector names a known farm or store, a
/// known product and weeks creates one row per week.
fn add_quantity_rows(
    change: &Change,
    place_key: &str,
    places: &[&str],
    products: &[&str],
    list: &mut Vec<QuantityRow>,
    tally: &mut Tally,
) {
    let mut place = None;
    let mut product = None;
    let mut weeks = None;
    for condition in &change.conditions {
        match condition {
            Condition::Text(key, value) if key == place_key && places.contains(&value.as_str()) => place = Some(value),
            Condition::Text(key, value) if key == "product" && products.contains(&value.as_str()) => {
                product = Some(value)
            }
            Condition::Weeks(a, b) => weeks = Some((*a, *b)),
            Condition::Text(..) => return,
        }
    }
    let (Some(place), Some(product), Some((first, last)), Field::QuantityKg, Op::Set | Op::Add) =
        (place, product, weeks, change.field, change.op)
    else {
        return;
    };
    for week in first..=last {
        let mut row = QuantityRow {
            line: 0,
            place: place.clone(),
            product: product.clone(),
            week,
            quantity_kg: 0.0,
            shortfall_penalty_per_kg: None,
            support_price_per_kg: None,
        };
        edit(change, Slot::Number(&mut row.quantity_kg), tally);
        list.push(row);
    }
}

/// Applies `changes` in order to the rows of a scenario; each problem names
/// the change file's line.
pub fn apply_changes(rows: &mut ScenarioRows, changes: &[Change], file: &str) -> Vec<InputProblem> {
    let mut region: HashMap<String, String> = HashMap::new();
    for location in rows.farms.iter().chain(&rows.hubs).chain(&rows.stores) {
        region.insert(location.id.clone(), location.region.clone());
    }
    let region_of = |id: &str| region.get(id).cloned().unwrap_or_default();
    let mut problems = Vec::new();
    for change in changes {
        let mut tally = Tally::default();
        let field = change.field;
        match change.target {
            Target::Supply | Target::Demand => {
                let (place, list) = match change.target {
                    Target::Supply => ("farm", &mut rows.supply),
                    _ => ("store", &mut rows.demand),
                };
                for row in list.iter_mut() {
                    let r = region_of(&row.place);
                    let keys = RowKeys {
                        texts: [(place, &row.place), ("product", &row.product), ("region", &r)],
                        week: Some(row.week),
                    };
                    if change.matches(&keys) {
                        let slot = field.slot_in(Row::Quantity(row)).expect(FIELD_OF_TARGET);
                        edit(change, slot, &mut tally);
                    }
                }
                if tally.matched == 0 {
                    let places: Vec<&str> = match change.target {
                        Target::Supply => rows.farms.iter().map(|f| f.id.as_str()).collect(),
                        _ => rows.stores.iter().map(|s| s.id.as_str()).collect(),
                    };
                    let products: Vec<&str> = rows.products.iter().map(|p| p.product.as_str()).collect();
                    add_quantity_rows(change, place, &places, &products, list, &mut tally);
                }
            }
            Target::Lanes => {
                // A week selector changes the capacity of those weeks only.
                let weeks = change.conditions.iter().find_map(|c| match c {
                    Condition::Weeks(a, b) => Some((*a, *b)),
                    Condition::Text(..) => None,
                });
                for row in rows.lanes.iter_mut() {
                    let r = region_of(&row.from);
                    let keys = RowKeys {
                        texts: [("from", &row.from), ("to", &row.to), ("region", &r)],
                        week: weeks.map(|(first, _)| first),
                    };
                    if !change.matches(&keys) {
                        continue;
                    }
                    match (field, weeks) {
                        (Field::CapacityKgPerWeek, Some((first, last))) => {
                            for week in first..=last {
                                let mut capacity =
                                    row.capacity_by_week.get(&week).copied().or(row.capacity_kg_per_week);
                                edit(change, Slot::Optional(&mut capacity), &mut tally);
                                if let Some(capacity) = capacity {
                                    row.capacity_by_week.insert(week, capacity);
                                }
                            }
                        }
                        (_, Some(_)) => tally.week_misused = true,
                        (_, None) => edit(
                            change,
                            field.slot_in(Row::Lane(row)).expect(FIELD_OF_TARGET),
                            &mut tally,
                        ),
                    }
                }
            }
            Target::Products => {
                for row in rows.products.iter_mut() {
                    let keys = RowKeys {
                        texts: [("product", &row.product), ("", ""), ("", "")],
                        week: None,
                    };
                    if change.matches(&keys) {
                        let slot = field.slot_in(Row::Product(row)).expect(FIELD_OF_TARGET);
                        edit(change, slot, &mut tally);
                    }
                }
            }
            Target::Farms | Target::Stores | Target::Hubs => {
                let (kind, list) = match change.target {
                    Target::Farms => ("farm", &mut rows.farms),
                    Target::Stores => ("store", &mut rows.stores),
                    _ => ("hub", &mut rows.hubs),
                };
                for row in list.iter_mut() {
                    let keys = RowKeys {
                        texts: [(kind, &row.id), ("region", &row.region), ("", "")],
                        week: None,
                    };
                    if change.matches(&keys) {
                        let slot = field.slot_in(Row::Location(row)).expect(FIELD_OF_TARGET);
                        edit(change, slot, &mut tally);
                    }
                }
            }
            Target::Support if rows.support.is_empty() => {
                // Not "selects nothing": there is nothing to select from.
                problems.push(InputProblem::cell(
                    file,
                    change.line,
                    "target",
                    t("err-no-support-lines", &[]),
                ));
                continue;
            }
            Target::Support => {
                for row in rows.support.iter_mut() {
                    let farm = row.farm.clone().unwrap_or_default();
                    let keys = RowKeys {
                        texts: [("buyer", &row.buyer), ("product", &row.product), ("farm", &farm)],
                        week: None,
                    };
                    if change.matches(&keys) {
                        let slot = field.slot_in(Row::Support(row)).expect(FIELD_OF_TARGET);
                        edit(change, slot, &mut tally);
                    }
                }
            }
            Target::Settings => {
                let slot = field.slot_in(Row::Settings(&mut rows.settings)).expect(FIELD_OF_TARGET);
                edit(change, slot, &mut tally);
            }
        }
        let at = |message: String| InputProblem::cell(file, change.line, "selector", message);
        if tally.week_misused {
            problems.push(at(t("err-week-selector-misused", &[])));
        } else if tally.matched == 0 {
            problems.push(at(t("err-selects-nothing", &[("file", change.target.file())])));
        }
        if let Some((v, expected)) = tally.refused {
            problems.push(InputProblem::cell(
                file,
                change.line,
                "value",
                t(
                    "err-change-out-of-range",
                    &[
                        ("field", change.field.column()),
                        ("what", &crate::error::spaced(&expected)),
                        ("found", &v.to_string()),
                    ],
                ),
            ));
        }
    }
    problems
}

/// Reads the scenario in `dir`, applies the change file, then validates the
/// variant like any scenario. Problems in the change file and in the
/// resulting data are reported together.
pub fn read_variant(dir: &Path, changes_path: &Path) -> Result<crate::data::Instance> {
    variant_of(dir, &file_name(changes_path), |calendar| {
        read_changes(changes_path, calendar)
    })
}

/// [`read_variant`] for a change file already in memory (`agrimatch
/// serve` gets it as a request's body): `name` is its name in messages,
/// and `bytes` go through the same decoding and cell reader as a file's.
pub fn read_variant_bytes(dir: &Path, name: &str, bytes: &[u8]) -> Result<crate::data::Instance> {
    variant_of(dir, name, |calendar| changes_in(name, bytes, calendar))
}

fn variant_of(
    dir: &Path,
    file: &str,
    read: impl FnOnce(&Calendar) -> Result<Vec<Change>>,
) -> Result<crate::data::Instance> {
    let files = crate::data::open_scenario(dir)?;
    let mut problems = Vec::new();
    let rows = crate::data::read::read_scenario_rows(files.as_ref(), &mut problems);
    variant_of_rows(files.as_ref(), rows, problems, file, read)
}

/// [`read_variant_bytes`] from a scenario already read: `rows` as
/// `read_scenario_rows` gave them for `files` (without problems: a base
/// that was planned). `agrimatch serve` keeps its base's rows, so that a
/// what-if does not read and parse every file of the scenario again.
pub fn variant_from_rows(
    files: &dyn read::ScenarioFiles,
    rows: &ScenarioRows,
    name: &str,
    bytes: &[u8],
) -> Result<crate::data::Instance> {
    variant_of_rows(files, rows.clone(), Vec::new(), name, |calendar| {
        changes_in(name, bytes, calendar)
    })
}

/// The changes of a change file in memory, or its problems.
fn changes_in(name: &str, bytes: &[u8], calendar: &Calendar) -> Result<Vec<Change>> {
    let mut problems = Vec::new();
    let changes = parse_changes(name, bytes, calendar, &mut problems);
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(Error::Input(InputProblems(problems)))
    }
}

fn variant_of_rows(
    files: &dyn read::ScenarioFiles,
    mut rows: ScenarioRows,
    mut problems: Vec<InputProblem>,
    file: &str,
    read: impl FnOnce(&Calendar) -> Result<Vec<Change>>,
) -> Result<crate::data::Instance> {
    // Week selectors read on the base's calendar (dates need its start_date).
    let changes = read(&rows.settings.calendar())?;
    problems.extend(apply_changes(&mut rows, &changes, file));
    let instance = crate::data::validate::validate_instance(&rows, &mut problems);
    let problems = files.locate(problems);
    if problems.is_empty() {
        Ok(instance)
    } else {
        Err(Error::Input(InputProblems(problems)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_reports_every_bad_cell() {
        let mut problems = Vec::new();
        let text =
            "target,selector,field,op,value\nsupply,farm=A;week=3..1,quantity_kg,scale,0.7\nroads,*,x,grow,abc\n";
        let changes = parse_changes("hail.csv", text.as_bytes(), &Calendar::default(), &mut problems);
        assert!(changes.is_empty());
        let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            vec![
                "hail.csv: line 2, column selector: expected week=N or week=A..B, found \"3..1\"".to_string(),
                "hail.csv: line 3, column target: expected one of supply, demand, lanes, products, farms, stores, hubs, support, settings, found \"roads\"".to_string(),
            ]
        );
    }

    #[test]
    fn a_field_is_checked_against_its_target_once() {
        let mut problems = Vec::new();
        let text = "target,selector,field,op,value\nhubs,*,weight,set,2\nstores,*,weight,set,2\n";
        let changes = parse_changes("what-if.csv", text.as_bytes(), &Calendar::default(), &mut problems);
        let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            ["what-if.csv: line 2, column field: expected a field of hubs.csv (storage_kg), found \"weight\""]
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, Field::Weight);
    }

    /// The fields of a target are columns of its file as the reader knows
    /// it, and each has a number to edit in the target's rows.
    #[test]
    fn every_field_is_a_column_of_its_file_with_a_slot() {
        let mut quantity = QuantityRow {
            line: 0,
            place: String::new(),
            product: String::new(),
            week: 1,
            quantity_kg: 0.0,
            shortfall_penalty_per_kg: None,
            support_price_per_kg: None,
        };
        let mut lane = LaneRow {
            line: 0,
            from: String::new(),
            to: String::new(),
            cost_per_kg: 0.0,
            transit_days: 0.0,
            capacity_kg_per_week: None,
            capacity_by_week: Default::default(),
            truck_kg: None,
            cost_per_truck: None,
            max_trucks_per_week: None,
        };
        let mut product = ProductRow {
            line: 0,
            product: String::new(),
            respelled: false,
            shelf_life_days: 1,
            value_per_kg: 0.0,
            holding_cost_per_kg_week: 0.0,
            min_remaining_days: 0,
        };
        let mut location = LocationRow {
            line: 0,
            id: String::new(),
            respelled: false,
            region: String::new(),
            priority: 0.0,
            storage_kg: None,
            min_sold_share: 0.0,
            weight: 1.0,
        };
        let mut support = SupportRow {
            line: 0,
            buyer: String::new(),
            product: String::new(),
            price_per_kg: 0.0,
            budget: None,
            farm: None,
            week_from: None,
            week_to: None,
            cost_per_kg: 0.0,
        };
        let mut settings = ScenarioSettings::default();
        for target in Target::ALL {
            for &field in target.fields() {
                let column = field.column();
                let in_file = match target.spec() {
                    Some(spec) => {
                        spec.required.contains(&column)
                            || spec.optional.contains(&column)
                            || (spec.quantity && field == Field::QuantityKg)
                    }
                    // The settings the reader knows (its unknown-setting message lists them).
                    None => field == Field::FairShortfall,
                };
                assert!(in_file, "{column} is not a column of {}", target.file());
                let row = match target {
                    Target::Supply | Target::Demand => Row::Quantity(&mut quantity),
                    Target::Lanes => Row::Lane(&mut lane),
                    Target::Products => Row::Product(&mut product),
                    Target::Farms | Target::Stores | Target::Hubs => Row::Location(&mut location),
                    Target::Support => Row::Support(&mut support),
                    Target::Settings => Row::Settings(&mut settings),
                };
                let has_slot = field.slot_in(row).is_some();
                assert!(has_slot, "{column} of {}", target.file());
            }
        }
    }
}
