//! What-if change files: `changes.csv` with `target,selector,field,op,value`
//! rows, applied to a scenario's rows before validation, so that a variant
//! is checked exactly like a base scenario. A selector that matches nothing
//! is an error: a typo must not silently do nothing.

use std::collections::HashMap;
use std::path::Path;

use crate::data::read::ScenarioRows;
use crate::error::{quoted, Error, InputProblem, InputProblems, Result};

/// Which file a change edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Supply,
    Demand,
    Lanes,
    Products,
    Farms,
    Stores,
    Hubs,
}

impl Target {
    const ALL: [(&'static str, Target); 7] = [
        ("supply", Target::Supply),
        ("demand", Target::Demand),
        ("lanes", Target::Lanes),
        ("products", Target::Products),
        ("farms", Target::Farms),
        ("stores", Target::Stores),
        ("hubs", Target::Hubs),
    ];

    fn file(self) -> &'static str {
        match self {
            Target::Supply => "supply.csv",
            Target::Demand => "demand.csv",
            Target::Lanes => "lanes.csv",
            Target::Products => "products.csv",
            Target::Farms => "farms.csv",
            Target::Stores => "stores.csv",
            Target::Hubs => "hubs.csv",
        }
    }

    /// Selector keys and numeric fields a change may name.
    fn keys_and_fields(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Target::Supply => (
                &["farm", "product", "week", "region"],
                &["quantity_kg", "support_price_per_kg"],
            ),
            Target::Demand => (
                &["store", "product", "week", "region"],
                &["quantity_kg", "shortfall_penalty_per_kg"],
            ),
            Target::Lanes => (
                &["from", "to", "region", "week"],
                &["cost_per_kg", "transit_days", "capacity_kg_per_week"],
            ),
            Target::Products => (&["product"], &["value_per_kg", "holding_cost_per_kg_week"]),
            Target::Farms => (&["farm", "region"], &["priority", "storage_kg", "min_sold_share"]),
            Target::Stores => (&["store", "region"], &["storage_kg", "weight"]),
            Target::Hubs => (&["hub", "region"], &["storage_kg"]),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Set,
    Scale,
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
    pub line: u64,
    pub target: Target,
    conditions: Vec<Condition>,
    pub field: String,
    pub op: Op,
    pub value: f64,
}

/// Reads a change file; every problem names the file, line and column.
pub fn read_changes(path: &Path) -> Result<Vec<Change>> {
    let file = path
        .file_name()
        .map_or("changes.csv".to_string(), |n| n.to_string_lossy().into_owned());
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned();
    let mut problems = Vec::new();
    let changes = parse_changes(&file, &text, &mut problems);
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(Error::Input(InputProblems(problems)))
    }
}

fn parse_changes(file: &str, text: &str, problems: &mut Vec<InputProblem>) -> Vec<Change> {
    const COLUMNS: [&str; 5] = ["target", "selector", "field", "op", "value"];
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    match reader.headers() {
        Ok(header) if header.iter().eq(COLUMNS.iter().copied()) => {}
        Ok(header) => {
            problems.push(InputProblem::line(
                file,
                1,
                format!(
                    "expected the header {}, found {}",
                    COLUMNS.join(","),
                    header.iter().collect::<Vec<_>>().join(",")
                ),
            ));
            return Vec::new();
        }
        Err(e) => {
            problems.push(InputProblem::file(file, e.to_string()));
            return Vec::new();
        }
    }
    let mut changes = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(InputProblem::line(file, line, e.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let before = problems.len();
        let mut problem =
            |column: &str, message: String| problems.push(InputProblem::cell(file, line, column, message));
        let target = Target::ALL
            .iter()
            .find(|(name, _)| *name == &record[0])
            .map(|&(_, t)| t);
        let Some(target) = target else {
            let names: Vec<&str> = Target::ALL.iter().map(|(n, _)| *n).collect();
            problem(
                "target",
                format!("expected one of {}, found {}", names.join(", "), quoted(&record[0])),
            );
            continue;
        };
        let (keys, fields) = target.keys_and_fields();
        let mut conditions = Vec::new();
        if &record[1] != "*" {
            for part in record[1].split(';').map(str::trim).filter(|p| !p.is_empty()) {
                let Some((key, value)) = part.split_once('=') else {
                    problem("selector", format!("expected key=value or *, found {}", quoted(part)));
                    continue;
                };
                let (key, value) = (key.trim(), value.trim());
                if !keys.contains(&key) {
                    problem(
                        "selector",
                        format!(
                            "expected a key of {} ({}), found {}",
                            target.file(),
                            keys.join(", "),
                            quoted(key)
                        ),
                    );
                } else if key == "week" {
                    let (first, last) = value.split_once("..").unwrap_or((value, value));
                    match (first.trim().parse::<u32>(), last.trim().parse::<u32>()) {
                        (Ok(a), Ok(b)) if a <= b => conditions.push(Condition::Weeks(a, b)),
                        _ => problem(
                            "selector",
                            format!("expected week=N or week=A..B, found {}", quoted(value)),
                        ),
                    }
                } else {
                    conditions.push(Condition::Text(key.to_string(), value.to_string()));
                }
            }
        }
        if !fields.contains(&&record[2]) {
            problem(
                "field",
                format!(
                    "expected a field of {} ({}), found {}",
                    target.file(),
                    fields.join(", "),
                    quoted(&record[2])
                ),
            );
        }
        let op = match &record[3] {
            "set" => Some(Op::Set),
            "scale" => Some(Op::Scale),
            "add" => Some(Op::Add),
            other => {
                problem("op", format!("expected set, scale or add, found {}", quoted(other)));
                None
            }
        };
        let value = match record[4].parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                problem("value", format!("expected a number, found {}", quoted(&record[4])));
                None
            }
        };
        if let (Some(op), Some(value), true) = (op, value, problems.len() == before) {
            changes.push(Change {
                line,
                target,
                conditions,
                field: record[2].to_string(),
                op,
                value,
            });
        }
    }
    changes
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
    negative: bool,
    /// A week selector on a lane field other than its capacity.
    week_misused: bool,
}

fn edit(change: &Change, slot: Slot, tally: &mut Tally) {
    tally.matched += 1;
    let old = match &slot {
        Slot::Number(v) => Some(**v),
        Slot::Optional(v) => **v,
    };
    let new = match (change.op, old) {
        (Op::Set, _) => Some(change.value),
        (Op::Scale, Some(v)) => Some(v * change.value),
        (Op::Add, Some(v)) => Some(v + change.value),
        (_, None) => None,
    };
    match new {
        Some(v) if v < 0.0 => tally.negative = true,
        Some(v) => match slot {
            Slot::Number(x) => *x = v,
            Slot::Optional(x) => *x = Some(v),
        },
        None => {}
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
    list: &mut Vec<crate::data::read::QuantityRow>,
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
    let (Some(place), Some(product), Some((first, last)), "quantity_kg", Op::Set | Op::Add) =
        (place, product, weeks, change.field.as_str(), change.op)
    else {
        return;
    };
    for week in first..=last {
        let mut row = crate::data::read::QuantityRow {
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
        let field = change.field.as_str();
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
                        let slot = match field {
                            "quantity_kg" => Slot::Number(&mut row.quantity_kg),
                            "support_price_per_kg" => Slot::Optional(&mut row.support_price_per_kg),
                            _ => Slot::Optional(&mut row.shortfall_penalty_per_kg),
                        };
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
                        ("capacity_kg_per_week", Some((first, last))) => {
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
                        ("cost_per_kg", None) => edit(change, Slot::Number(&mut row.cost_per_kg), &mut tally),
                        ("transit_days", None) => edit(change, Slot::Number(&mut row.transit_days), &mut tally),
                        (_, None) => edit(change, Slot::Optional(&mut row.capacity_kg_per_week), &mut tally),
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
                        let slot = match field {
                            "value_per_kg" => Slot::Number(&mut row.value_per_kg),
                            _ => Slot::Number(&mut row.holding_cost_per_kg_week),
                        };
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
                        let slot = match field {
                            "priority" => Slot::Number(&mut row.priority),
                            "min_sold_share" => Slot::Number(&mut row.min_sold_share),
                            "weight" => Slot::Number(&mut row.weight),
                            _ => Slot::Optional(&mut row.storage_kg),
                        };
                        edit(change, slot, &mut tally);
                    }
                }
            }
        }
        let at = |message: String| InputProblem::cell(file, change.line, "selector", message);
        if tally.week_misused {
            problems.push(at(
                "expected week= only with the field capacity_kg_per_week on lanes".to_string()
            ));
        } else if tally.matched == 0 {
            problems.push(at(format!("selects no row of {}", change.target.file())));
        }
        if tally.negative {
            problems.push(InputProblem::cell(
                file,
                change.line,
                "value",
                format!("expected {} to stay >= 0 after the change", change.field),
            ));
        }
    }
    problems
}

/// Reads the scenario in `dir`, applies the change file, then validates the
/// variant like any scenario. Problems in the change file and in the
/// resulting data are reported together.
pub fn read_variant(dir: &Path, changes_path: &Path) -> Result<crate::data::Instance> {
    let changes = read_changes(changes_path)?;
    if !dir.is_dir() {
        // The base's own message for a missing folder.
        return crate::data::read_instance(dir);
    }
    let file = changes_path
        .file_name()
        .map_or("changes.csv".to_string(), |n| n.to_string_lossy().into_owned());
    let mut problems = Vec::new();
    let mut rows = crate::data::read::read_scenario_rows(&crate::data::FolderFiles(dir.to_path_buf()), &mut problems);
    problems.extend(apply_changes(&mut rows, &changes, &file));
    let instance = crate::data::validate::validate_instance(&rows, &mut problems);
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
        let changes = parse_changes("hail.csv", text, &mut problems);
        assert!(changes.is_empty());
        let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            vec![
                "hail.csv: line 2, column selector: expected week=N or week=A..B, found \"3..1\"".to_string(),
                "hail.csv: line 3, column target: expected one of supply, demand, lanes, products, farms, stores, hubs, found \"roads\"".to_string(),
            ]
        );
    }
}
