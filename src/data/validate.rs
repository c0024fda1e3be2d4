//! Validation: resolves ids across files, rejects duplicates and impossible
//! lanes, converts days and weeks into planning periods, and builds the
//! [`Instance`]. All problems are collected before giving up.

use std::collections::HashMap;
use std::path::Path;

use super::instance::*;
use super::read::{self, LocationRow, QuantityRow, ScenarioRows};
use super::workbook;
use crate::error::{expected_found, or_list, quoted, shown, with_note, Error, InputProblem, InputProblems, Result};
use crate::lang::t;

/// Reads and validates the scenario at `path`: a folder of CSV files, or a
/// workbook (`.xlsx`) with one sheet per file.
pub fn read_instance(path: &Path) -> Result<Instance> {
    read_instance_from(open_scenario(path)?.as_ref())
}

/// The files of the scenario at `path`: a folder, or a workbook's sheets.
/// A missing folder, or a spreadsheet of another format, is an input problem.
pub fn open_scenario(path: &Path) -> Result<Box<dyn read::ScenarioFiles>> {
    let refuse = |key: &str| {
        Error::Input(InputProblems(vec![InputProblem::file(
            &path.display().to_string(),
            t(key, &[]),
        )]))
    };
    if workbook::is_workbook(path) && !path.is_dir() {
        return Ok(Box::new(workbook::WorkbookFiles::open(path)));
    }
    if workbook::is_other_spreadsheet(path) && path.is_file() {
        return Err(refuse("err-not-scenario-spreadsheet"));
    }
    if !path.is_dir() {
        return Err(refuse(if path.is_file() {
            "err-not-scenario-file"
        } else {
            "err-no-such-folder"
        }));
    }
    Ok(Box::new(read::FolderFiles(path.to_path_buf())))
}

/// How agrimatch writes CSV files for the scenario at `path` (see
/// [`read::csv_style_of`]); problems with the scenario itself are left to
/// [`read_instance`].
pub fn read_csv_style(path: &Path) -> Result<read::CsvStyle> {
    Ok(read::csv_style_of(open_scenario(path)?.as_ref()))
}

/// Reads and validates a scenario from any source of files.
pub fn read_instance_from(files: &dyn read::ScenarioFiles) -> Result<Instance> {
    let mut problems = Vec::new();
    let rows = read::read_scenario_rows(files, &mut problems);
    let instance = validate_instance(&rows, &mut problems);
    let problems = files.locate(problems);
    if problems.is_empty() {
        Ok(instance)
    } else {
        Err(Error::Input(InputProblems(problems)))
    }
}

/// Builds the instance from rows; the result is meaningful only when no
/// problem was added.
pub fn validate_instance(rows: &ScenarioRows, problems: &mut Vec<InputProblem>) -> Instance {
    let period_days = rows.settings.period_days;
    let products = validate_products(rows, period_days, problems);
    let product_ix: HashMap<&str, ProductIx> = products
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), ProductIx(i)))
        .collect();

    let mut locations = Vec::new();
    let mut location_ix: HashMap<String, LocationIx> = HashMap::new();
    let mut space = IdSpace::default();
    for (spec, kind, rows) in [
        (&read::FARMS, LocationKind::Farm, &rows.farms),
        (&read::HUBS, LocationKind::Hub, &rows.hubs),
        (&read::STORES, LocationKind::Store, &rows.stores),
    ] {
        add_locations(spec, kind, rows, &mut space, &mut locations, &mut location_ix, problems);
    }
    if rows.farms.is_empty() && !problems.iter().any(|p| p.file == read::FARMS.name) {
        problems.push(InputProblem::file(
            read::FARMS.name,
            t("err-at-least-one", &[("kind", &kind_word(LocationKind::Farm))]),
        ));
    }
    if rows.stores.is_empty() && !problems.iter().any(|p| p.file == read::STORES.name) {
        problems.push(InputProblem::file(
            read::STORES.name,
            t("err-at-least-one", &[("kind", &kind_word(LocationKind::Store))]),
        ));
    }
    let ids = Ids {
        unchecked: &rows.unchecked,
        products: &product_ix,
        locations: &location_ix,
        location_list: &locations,
        hints: Hints::default(),
    };

    let supply = validate_quantities(&read::SUPPLY, "farm", LocationKind::Farm, &rows.supply, &ids, problems)
        .into_iter()
        .map(|(farm, product, week, row)| Supply {
            farm,
            product,
            week,
            quantity_kg: row.quantity_kg,
            support_price_per_kg: row.support_price_per_kg,
        })
        .collect::<Vec<_>>();
    let demand = validate_quantities(
        &read::DEMAND,
        "store",
        LocationKind::Store,
        &rows.demand,
        &ids,
        problems,
    )
    .into_iter()
    .map(|(store, product, week, row)| Demand {
        store,
        product,
        week,
        quantity_kg: row.quantity_kg,
        shortfall_penalty_per_kg: row.shortfall_penalty_per_kg,
    })
    .collect::<Vec<_>>();
    let lanes = validate_lanes(rows, &ids, period_days, problems);
    let mut stock = validate_stock(rows, &products, &ids, period_days, problems);
    stock.extend(validate_in_transit(
        rows,
        &products,
        &ids,
        &lanes,
        period_days,
        problems,
    ));

    let support = validate_support(rows, &ids, &lanes, &locations, problems);

    let weeks = supply
        .iter()
        .map(|s| s.week)
        .chain(demand.iter().map(|d| d.week))
        .max()
        .unwrap_or(0);
    let nothing_to_plan = rows.supply.is_empty() && rows.demand.is_empty();
    if nothing_to_plan
        && !problems
            .iter()
            .any(|p| p.file == read::SUPPLY.name || p.file == read::DEMAND.name)
    {
        problems.push(InputProblem::file(read::DEMAND.name, t("err-no-supply-or-demand", &[])));
    }
    Instance {
        period_days,
        start_date: rows.settings.start_date,
        first_week: 1,
        weeks: weeks.max(1),
        fair_shortfall: rows.settings.fair_shortfall,
        display_unit: rows.settings.display_unit,
        products,
        locations,
        lanes,
        supply,
        demand,
        stock,
        support,
    }
}

/// `support.csv`: ids resolved, weeks in order, a lane from some farm the
/// line buys from straight to its buyer, and no two lines buying the same
/// kg (a kg bought counts against one budget only).
fn validate_support(
    rows: &ScenarioRows,
    ids: &Ids,
    lanes: &[Lane],
    locations: &[Location],
    problems: &mut Vec<InputProblem>,
) -> Vec<SupportLine> {
    let file = read::SUPPORT.name;
    // (line, lanes, the line itself) of the good rows so far.
    let mut good: Vec<(u64, Vec<usize>, SupportLine)> = Vec::new();
    for row in &rows.support {
        let buyer = ids.location((file, row.line, "buyer"), &row.buyer, &[LocationKind::Store], problems);
        let product = ids.product(file, row.line, &row.product, problems);
        let farm = match &row.farm {
            Some(id) => ids
                .location((file, row.line, "farm"), id, &[LocationKind::Farm], problems)
                .map(Some),
            None => Some(None),
        };
        let (Some(buyer), Some(product), Some(farm)) = (buyer, product, farm) else {
            continue;
        };
        let week_from = row.week_from.unwrap_or(1);
        let week_to = row.week_to.unwrap_or(Week::MAX);
        if week_to < week_from {
            problems.push(InputProblem::cell(
                file,
                row.line,
                "week_to",
                t(
                    "err-week-to-before-from",
                    &[("from", &week_from.to_string()), ("to", &week_to.to_string())],
                ),
            ));
            continue;
        }
        let line = SupportLine {
            buyer,
            product,
            price_per_kg: row.price_per_kg,
            budget: row.budget,
            farm,
            week_from,
            week_to,
            cost_per_kg: row.cost_per_kg,
            spoiling_only: false,
        };
        let on: Vec<usize> = (0..lanes.len())
            .filter(|&l| {
                let lane = &lanes[l];
                let from = &locations[lane.from.0];
                lane.to == buyer
                    && from.kind == LocationKind::Farm
                    && farm.map_or(from.priority > 0.0, |f| f == lane.from)
            })
            .collect();
        if on.is_empty() {
            let (column, expected) = match &row.farm {
                Some(id) => (
                    "farm",
                    t(
                        "err-what-support-lane",
                        &[("farm", &quoted(id)), ("buyer", &quoted(&row.buyer))],
                    ),
                ),
                None => (
                    "buyer",
                    t("err-what-support-lane-priority", &[("buyer", &quoted(&row.buyer))]),
                ),
            };
            problems.push(InputProblem::cell(
                file,
                row.line,
                column,
                t("err-support-no-lane", &[("what", &expected)]),
            ));
            continue;
        }
        let overlap = good.iter().find(|(_, lanes, other)| {
            other.product == product
                && other.week_from <= week_to
                && week_from <= other.week_to
                && lanes.iter().any(|l| on.contains(l))
        });
        if let Some((first, _, _)) = overlap {
            problems.push(InputProblem::line(
                file,
                row.line,
                t(
                    "err-support-overlap",
                    &[("product", &shown(&row.product)), ("first", &first.to_string())],
                ),
            ));
            continue;
        }
        good.push((row.line, on, line));
    }
    good.into_iter().map(|(_, _, line)| line).collect()
}

struct Ids<'a> {
    unchecked: &'a read::Unchecked,
    products: &'a HashMap<&'a str, ProductIx>,
    locations: &'a HashMap<String, LocationIx>,
    location_list: &'a [Location],
    hints: Hints,
}

/// Did-you-mean hints, memoised by (which ids, unknown text) and computed
/// for at most [`Hints::MOST`] distinct texts: each costs an edit distance
/// to every known id, and 200,000 rows naming unknown farms must not take
/// minutes. Only the first problems are printed anyway.
#[derive(Default)]
struct Hints(std::cell::RefCell<HashMap<(u8, String), Option<String>>>);

impl Hints {
    const MOST: usize = 100;

    /// The hint for `id` among the ids of space `space`, from `known` only
    /// when it is not memoised yet.
    fn get<'a>(&self, space: u8, id: &str, known: impl FnOnce() -> Vec<&'a str>) -> Option<String> {
        let key = (space, id.to_string());
        if let Some(hint) = self.0.borrow().get(&key) {
            return hint.clone();
        }
        let mut memo = self.0.borrow_mut();
        if memo.len() >= Self::MOST {
            return None;
        }
        let hint = did_you_mean(id, known().into_iter());
        memo.insert(key, hint.clone());
        hint
    }
}

impl Ids<'_> {
    fn product(&self, file: &str, line: u64, id: &str, problems: &mut Vec<InputProblem>) -> Option<ProductIx> {
        let found = self.products.get(id).copied();
        let known_bad = self.unchecked.ids.contains(id) || self.unchecked.files.contains(read::PRODUCTS.name);
        if found.is_none() && !known_bad {
            let hint = self.hints.get(0, id, || self.products.keys().copied().collect());
            problems.push(InputProblem::cell(
                file,
                line,
                "product",
                expected_found(&t("err-what-product", &[]), &hinted(quoted(id), hint)),
            ));
        }
        found
    }

    /// Resolves a location id and checks that it is one of `allowed`;
    /// `why` explains the rule when the kind is wrong.
    /// The `from` and `to` columns of a lane (or of produce on one): a farm
    /// or hub, and a hub or store.
    fn lane_ends(
        &self,
        file: &str,
        line: u64,
        (from, to): (&str, &str),
        problems: &mut Vec<InputProblem>,
    ) -> (Option<LocationIx>, Option<LocationIx>) {
        (
            self.location(
                (file, line, "from"),
                from,
                &[LocationKind::Farm, LocationKind::Hub],
                problems,
            ),
            self.location(
                (file, line, "to"),
                to,
                &[LocationKind::Hub, LocationKind::Store],
                problems,
            ),
        )
    }

    fn location(
        &self,
        (file, line, column): (&str, u64, &str),
        id: &str,
        allowed: &[LocationKind],
        problems: &mut Vec<InputProblem>,
    ) -> Option<LocationIx> {
        let words: Vec<String> = allowed.iter().map(|&k| kind_word(k)).collect();
        let expected = or_list(&words.iter().map(String::as_str).collect::<Vec<_>>());
        match self.locations.get(id) {
            Some(&ix) if allowed.contains(&self.location_list[ix.0].kind) => Some(ix),
            Some(&ix) => {
                let kind = self.location_list[ix.0].kind;
                let rule = match (column, kind) {
                    ("from", LocationKind::Store) => Some("err-note-lane-from-store"),
                    ("to", LocationKind::Farm) => Some("err-note-lane-into-farm"),
                    _ => None,
                };
                let message = t(
                    "err-wrong-kind",
                    &[
                        ("expected", &expected),
                        ("found", &quoted(id)),
                        ("kind", &kind_word(kind)),
                    ],
                );
                let message = match rule {
                    Some(rule) => with_note(&message, &t(rule, &[])),
                    None => message,
                };
                problems.push(InputProblem::cell(file, line, column, message));
                None
            }
            None if self.unchecked.ids.contains(id)
                || allowed.iter().any(|k| self.unchecked.files.contains(location_file(*k))) =>
            {
                None
            }
            None => {
                let space = allowed.iter().fold(0, |bits, k| bits | 1 << (*k as u8 + 1));
                let hint = self.hints.get(space, id, || {
                    self.location_list
                        .iter()
                        .filter(|l| allowed.contains(&l.kind))
                        .map(|l| l.id.as_str())
                        .collect()
                });
                let files: Vec<&str> = allowed.iter().map(|&k| location_file(k)).collect();
                problems.push(InputProblem::cell(
                    file,
                    line,
                    column,
                    expected_found(
                        &t(
                            "err-what-location-id",
                            &[("kinds", &expected), ("files", &names_or(&files))],
                        ),
                        &hinted(quoted(id), hint),
                    ),
                ));
                None
            }
        }
    }
}

/// The word for a kind of location in messages (the column stays `farm`...).
fn kind_word(kind: LocationKind) -> String {
    match kind {
        LocationKind::Farm => t("err-kind-farm", &[]),
        LocationKind::Hub => t("err-kind-hub", &[]),
        LocationKind::Store => t("err-kind-store", &[]),
    }
}

/// File or column names joined by "or" (names stay as they are written).
fn names_or(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| name.to_string())
        .reduce(|first, rest| t("err-names-or", &[("first", &first), ("rest", &rest)]))
        .unwrap_or_default()
}

/// A value shown with its did-you-mean hint, if there is one.
fn hinted(found: String, hint: Option<String>) -> String {
    match hint {
        Some(hint) => with_note(&found, &hint),
        None => found,
    }
}

fn location_file(kind: LocationKind) -> &'static str {
    match kind {
        LocationKind::Farm => read::FARMS.name,
        LocationKind::Hub => read::HUBS.name,
        LocationKind::Store => read::STORES.name,
    }
}

/// A hint for a near-miss id (a typo of one or two characters).
fn did_you_mean<'a>(id: &str, known: impl Iterator<Item = &'a str>) -> Option<String> {
    let length = id.chars().count();
    // The distance is at least the difference in length: skip the rest.
    let best = known
        .filter(|k| k.chars().count().abs_diff(length) <= 2)
        .map(|k| (edit_distance(id, k), k))
        .filter(|&(d, _)| d <= 2)
        .min();
    best.map(|(_, k)| t("err-note-did-you-mean", &[("id", &quoted(k))]))
}

/// Levenshtein distance over characters (ids may be Chinese).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

fn validate_products(rows: &ScenarioRows, period_days: u32, problems: &mut Vec<InputProblem>) -> Vec<Product> {
    let file = read::PRODUCTS.name;
    let mut space = IdSpace::default();
    let mut products = Vec::new();
    for row in &rows.products {
        let here = Sighting {
            id: &row.product,
            file,
            line: row.line,
            respelled: row.respelled,
        };
        if let Some(first) = space.add(here, "product", problems) {
            problems.push(InputProblem::cell(
                file,
                row.line,
                "product",
                respelling_note(
                    t(
                        "err-duplicate-product",
                        &[("found", &quoted(&row.product)), ("first", &first.line.to_string())],
                    ),
                    &first,
                    &here,
                ),
            ));
            continue;
        }
        if row.min_remaining_days >= row.shelf_life_days {
            problems.push(InputProblem::cell(
                file,
                row.line,
                "min_remaining_days",
                t(
                    "err-min-remaining",
                    &[
                        ("shelf", &row.shelf_life_days.to_string()),
                        ("found", &row.min_remaining_days.to_string()),
                    ],
                ),
            ));
        }
        products.push(Product {
            id: row.product.clone(),
            shelf_life_days: row.shelf_life_days,
            value_per_kg: row.value_per_kg,
            holding_cost_per_kg_week: row.holding_cost_per_kg_week,
            min_remaining_days: row.min_remaining_days,
            max_age: row.shelf_life_days / period_days,
            max_sale_age: row.shelf_life_days.saturating_sub(row.min_remaining_days) / period_days,
        });
    }
    if rows.products.is_empty() && !problems.iter().any(|p| p.file == file) {
        problems.push(InputProblem::file(
            file,
            t("err-at-least-one", &[("kind", &t("err-kind-product", &[]))]),
        ));
    }
    products
}

fn add_locations<'r>(
    spec: &read::FileSpec,
    kind: LocationKind,
    rows: &'r [LocationRow],
    space: &mut IdSpace<'r>,
    locations: &mut Vec<Location>,
    location_ix: &mut HashMap<String, LocationIx>,
    problems: &mut Vec<InputProblem>,
) {
    let column = kind.noun();
    for row in rows {
        let here = Sighting {
            id: &row.id,
            file: spec.name,
            line: row.line,
            respelled: row.respelled,
        };
        if let Some(first) = space.add(here, column, problems) {
            // Lanes and stock name locations without saying which file, so
            // ids must be unique across farms, hubs and stores together.
            let key = if first.file == spec.name {
                "err-duplicate-id-same-file"
            } else {
                "err-duplicate-id-other-file"
            };
            let message = t(key, &[("found", &quoted(&row.id)), ("file", first.file)]);
            problems.push(InputProblem::cell(
                spec.name,
                row.line,
                column,
                respelling_note(message, &first, &here),
            ));
            continue;
        }
        location_ix.insert(row.id.clone(), LocationIx(locations.len()));
        locations.push(Location {
            id: row.id.clone(),
            kind,
            region: row.region.clone(),
            storage_kg: row.storage_kg,
            priority: row.priority,
            min_sold_share: row.min_sold_share,
            weight: row.weight,
        });
    }
}

/// Where an id was defined.
#[derive(Debug, Clone, Copy)]
struct Sighting<'a> {
    id: &'a str,
    file: &'static str,
    line: u64,
    /// Written in another Unicode form than NFC (see [`read::normalized_id`]).
    respelled: bool,
}

/// The ids of one id space (products; or farms, hubs and stores together),
/// to find duplicates and ids a reader would take for the same one.
#[derive(Default)]
struct IdSpace<'a> {
    exact: HashMap<&'a str, Sighting<'a>>,
    /// By [`lookalike_key`].
    folded: HashMap<String, Sighting<'a>>,
}

impl<'a> IdSpace<'a> {
    /// Records `here`; returns the first sighting of the same id (a
    /// duplicate, for the caller to report), and reports a look-alike of an
    /// earlier id itself, since the row is otherwise good.
    fn add(&mut self, here: Sighting<'a>, column: &str, problems: &mut Vec<InputProblem>) -> Option<Sighting<'a>> {
        if let Some(first) = self.exact.get(here.id) {
            return Some(*first);
        }
        self.exact.insert(here.id, here);
        let key = lookalike_key(here.id);
        match self.folded.get(&key) {
            Some(first) => {
                let key = if first.file == here.file {
                    "err-lookalike-same-file"
                } else {
                    "err-lookalike-other-file"
                };
                let message = t(
                    key,
                    &[
                        ("id", &quoted(here.id)),
                        ("other", &quoted(first.id)),
                        ("file", first.file),
                        ("line", &first.line.to_string()),
                    ],
                );
                problems.push(InputProblem::cell(here.file, here.line, column, message));
            }
            None => {
                self.folded.insert(key, here);
            }
        }
        None
    }
}

/// Ids that read the same to a person: equal after folding width and
/// compatibility forms (NFKC: "Ｃａｆé" is "Café") and case.
fn lookalike_key(id: &str) -> String {
    unicode_normalization::UnicodeNormalization::nfkc(id)
        .collect::<String>()
        .to_lowercase()
}

/// Why two ids that look different on screen are one id: they were written
/// in different Unicode forms of the same letters.
/// `message`, with a note when either id was written in another Unicode form.
fn respelling_note(message: String, first: &Sighting, here: &Sighting) -> String {
    if first.respelled || here.respelled {
        with_note(&message, &t("err-note-respelled", &[]))
    } else {
        message
    }
}

/// Whether `key` was already seen on an earlier line of `file`; if so, a
/// problem names the `columns` that must not repeat and the values `found`.
fn repeated_row<K: std::hash::Hash + Eq>(
    seen: &mut HashMap<K, u64>,
    key: K,
    (file, line): (&str, u64),
    columns: [&str; 3],
    found: impl FnOnce() -> [String; 3],
    problems: &mut Vec<InputProblem>,
) -> bool {
    let Some(first) = seen.insert(key, line) else {
        return false;
    };
    problems.push(InputProblem::line(
        file,
        line,
        t(
            "err-repeated-row",
            &[
                ("columns", &columns.join(", ")),
                ("found", &found().join(", ")),
                ("first", &first.to_string()),
            ],
        ),
    ));
    true
}

fn validate_quantities<'r>(
    spec: &read::FileSpec,
    place_column: &str,
    kind: LocationKind,
    rows: &'r [QuantityRow],
    ids: &Ids,
    problems: &mut Vec<InputProblem>,
) -> Vec<(LocationIx, ProductIx, Week, &'r QuantityRow)> {
    let mut seen: HashMap<(LocationIx, ProductIx, Week), u64> = HashMap::new();
    let mut out = Vec::new();
    for row in rows {
        let place = ids.location((spec.name, row.line, place_column), &row.place, &[kind], problems);
        let product = ids.product(spec.name, row.line, &row.product, problems);
        let (Some(place), Some(product)) = (place, product) else {
            continue;
        };
        let key = (place, product, row.week);
        let columns = [place_column, "product", "week"];
        let found = || [shown(&row.place), shown(&row.product), row.week.to_string()];
        if repeated_row(&mut seen, key, (spec.name, row.line), columns, found, problems) {
            continue;
        }
        out.push((place, product, row.week, row));
    }
    out
}

fn validate_lanes(rows: &ScenarioRows, ids: &Ids, period_days: u32, problems: &mut Vec<InputProblem>) -> Vec<Lane> {
    let file = read::LANES.name;
    let mut seen: HashMap<(LocationIx, LocationIx), u64> = HashMap::new();
    let mut lanes = Vec::new();
    for row in &rows.lanes {
        let (from, to) = ids.lane_ends(file, row.line, (&row.from, &row.to), problems);
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        if from == to {
            problems.push(InputProblem::cell(
                file,
                row.line,
                "to",
                t("err-lane-to-itself", &[("found", &quoted(&row.to))]),
            ));
            continue;
        }
        if let Some(first) = seen.insert((from, to), row.line) {
            problems.push(InputProblem::line(
                file,
                row.line,
                t(
                    "err-repeated-lane",
                    &[
                        ("from", &shown(&row.from)),
                        ("to", &shown(&row.to)),
                        ("first", &first.to_string()),
                    ],
                ),
            ));
            continue;
        }
        let period_fraction = f64::from(period_days) / 7.0;
        let truck = validate_truck(file, row, problems);
        lanes.push(Lane {
            from,
            to,
            cost_per_kg: row.cost_per_kg,
            transit_days: row.transit_days,
            // A lane slower than the longest horizon can never deliver; the cap
            // keeps week and age arithmetic far from overflow.
            transit_periods: (row.transit_days / f64::from(period_days))
                .floor()
                .min(f64::from(read::MAX_WEEK + 1)) as u32,
            capacity_kg_per_period: row.capacity_kg_per_week.map(|c| c * period_fraction),
            capacity_by_week: row
                .capacity_by_week
                .iter()
                .map(|(&w, &c)| (w, c * period_fraction))
                .collect(),
            cost_by_week: Default::default(),
            truck,
        });
    }
    lanes
}

/// The lane's trucks: `truck_kg` makes a lane a truck lane; a cost or a
/// limit without it would silently do nothing, so it is an error.
fn validate_truck(file: &str, row: &read::LaneRow, problems: &mut Vec<InputProblem>) -> Option<Truck> {
    match row.truck_kg {
        Some(kg) => Some(Truck {
            kg,
            cost: row.cost_per_truck.unwrap_or(0.0),
            max_per_period: row.max_trucks_per_week,
        }),
        None => {
            let given = [
                ("cost_per_truck", row.cost_per_truck.is_some()),
                ("max_trucks_per_week", row.max_trucks_per_week.is_some()),
            ];
            if let Some((column, _)) = given.iter().find(|(_, set)| *set) {
                problems.push(InputProblem::cell(
                    file,
                    row.line,
                    "truck_kg",
                    t("err-truck-kg-missing", &[("column", column)]),
                ));
            }
            None
        }
    }
}

fn validate_stock(
    rows: &ScenarioRows,
    products: &[Product],
    ids: &Ids,
    period_days: u32,
    problems: &mut Vec<InputProblem>,
) -> Vec<OpeningStock> {
    let file = read::STOCK.name;
    let all_kinds = [LocationKind::Farm, LocationKind::Hub, LocationKind::Store];
    let mut seen = HashMap::new();
    let mut stock = Vec::new();
    for row in &rows.stock {
        let location = ids.location((file, row.line, "location"), &row.location, &all_kinds, problems);
        let product = ids.product(file, row.line, &row.product, problems);
        let (Some(location), Some(product)) = (location, product) else {
            continue;
        };
        let key = (location, product, row.age_days);
        let columns = ["location", "product", "age_days"];
        let found = || [shown(&row.location), shown(&row.product), row.age_days.to_string()];
        if repeated_row(&mut seen, key, (file, row.line), columns, found, problems) {
            continue;
        }
        stock.push(OpeningStock {
            location,
            product,
            week: 1,
            age: age_in_periods(&products[product.0], row.age_days, period_days),
            quantity_kg: row.quantity_kg,
            via: None,
        });
    }
    stock
}

/// Age in whole periods. Produce older than its shelf life is one period
/// past the oldest age kept, so that it is wasted, never sold: rounding its
/// days down to periods would make it look sellable.
fn age_in_periods(product: &Product, age_days: u32, period_days: u32) -> AgePeriods {
    if age_days > product.shelf_life_days {
        product.max_age + 1
    } else {
        age_days / period_days
    }
}

/// `in_transit.csv`: produce on a lane when the plan starts, stock of its
/// destination from its arrival week on.
fn validate_in_transit(
    rows: &ScenarioRows,
    products: &[Product],
    ids: &Ids,
    lanes: &[Lane],
    period_days: u32,
    problems: &mut Vec<InputProblem>,
) -> Vec<OpeningStock> {
    let file = read::IN_TRANSIT.name;
    let mut arrivals = Vec::new();
    for row in &rows.in_transit {
        let (from, to) = ids.lane_ends(file, row.line, (&row.from, &row.to), problems);
        let product = ids.product(file, row.line, &row.product, problems);
        let (Some(from), Some(to), Some(product)) = (from, to, product) else {
            continue;
        };
        if !lanes.iter().any(|l| l.from == from && l.to == to) {
            problems.push(InputProblem::cell(
                file,
                row.line,
                "to",
                t(
                    "err-no-lane-for-transit",
                    &[("from", &shown(&row.from)), ("to", &shown(&row.to))],
                ),
            ));
            continue;
        }
        arrivals.push(OpeningStock {
            location: to,
            product,
            week: row.arrive_week,
            age: age_in_periods(&products[product.0], row.age_days, period_days),
            quantity_kg: row.quantity_kg,
            via: Some(from),
        });
    }
    arrivals
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookalike_keys_fold_width_and_case() {
        assert_eq!(lookalike_key("Ｃａｆé"), lookalike_key("Café"));
        assert_eq!(lookalike_key("PLUM"), lookalike_key("plum"));
        assert_ne!(lookalike_key("Muyin-1"), lookalike_key("Muyin-2"));
    }

    #[test]
    fn hints_are_memoised_and_capped() {
        let hints = Hints::default();
        let mut computed = 0;
        for i in 0..Hints::MOST + 50 {
            let id = format!("Muyin-{}", i % (Hints::MOST + 10));
            hints.get(1, &id, || {
                computed += 1;
                vec!["Muyin-1"]
            });
        }
        assert_eq!(computed, Hints::MOST);
        assert_eq!(
            hints.get(1, "Muyin-1", Vec::new).as_deref(),
            Some("did you mean \"Muyin-1\"?")
        );
    }

    #[test]
    fn edit_distance_counts_characters_not_bytes() {
        assert_eq!(edit_distance("Muyin-1", "Muyin-1"), 0);
        assert_eq!(edit_distance("Muyin-l", "Muyin-1"), 1);
        assert_eq!(edit_distance("木引", "木引镇"), 1);
        assert_eq!(
            did_you_mean("Muyin-l", ["Muyin-1", "Ziyun"].into_iter()).as_deref(),
            Some("did you mean \"Muyin-1\"?")
        );
        assert_eq!(did_you_mean("Xyz", ["Muyin-1"].into_iter()), None);
    }
}
