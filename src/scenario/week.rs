//! The Monday routine (`agrimatch week`): plan from this week to the end of
//! the data (or a horizon) from what is in the cold rooms (`stock.csv`) and
//! on the road (`in_transit.csv`), commit this week's shipments, and derive
//! next week's opening state in the files' own formats, so that the planner
//! copies them over the scenario's and runs the routine again.

use std::collections::BTreeMap;

use crate::data::{Instance, LaneIx, LocationIx, OpeningStock, ProductIx, Week};
use crate::error::{expected_found, Error, Result};
use crate::lang::t;
use crate::model::ObjectiveWeights;
use crate::solve::plan::TruckLot;
use crate::solve::{solve_instance_with, PlanCosts, PlanOutcome, SolveOptions, VerifiedPlan};

/// One lane load of the committed week: what leaves, for the dispatcher.
#[derive(Debug, Clone, PartialEq)]
pub struct DispatchLine {
    /// The lane driven.
    pub lane: LaneIx,
    /// What is on it.
    pub product: ProductIx,
    /// The committed week.
    pub ship_week: Week,
    /// `ship_week` plus the lane's transit in whole periods.
    pub arrive_week: Week,
    /// `ship_week - age`; 0 or below for stock harvested before period 1.
    pub harvest_week: i64,
    /// Age when it leaves, in days (whole periods).
    pub age_days: u32,
    /// Kg of this lot on the lane.
    pub quantity_kg: f64,
    /// For a support buyer (bought on arrival), not for an order.
    pub support: bool,
    /// On a truck lane: which of the lane's trucks this week the kg go on.
    /// A lot split over trucks is one line per truck.
    pub truck: Option<TruckSlot>,
    /// `quantity_kg` at the lane's cost per kg this week.
    pub transport_cost: f64,
    /// On a truck lane: the lane's trucks this week (`cost_per_truck` each)
    /// shared among its lines by kg; 0 elsewhere.
    pub truck_cost: f64,
}

/// A dispatch line's place on a truck lane: truck `number` of `trucks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TruckSlot {
    /// 1 for the lane's first truck this week.
    pub number: u32,
    /// The lane's trucks this week.
    pub trucks: u32,
}

/// A row of `next/stock.csv`: on hand at the start of the next week.
#[derive(Debug, Clone, PartialEq)]
pub struct NextStock {
    /// Where it is held (farm, hub or store).
    pub location: LocationIx,
    /// What it is.
    pub product: ProductIx,
    /// Age at the start of the next week, days (whole periods).
    pub age_days: u32,
    /// Kg held.
    pub quantity_kg: f64,
}

/// Produce on the road: a row of `in_transit.csv` (ages in days as
/// written), of `next/in_transit.csv` (still on the road at the start of
/// the next week), or of `after_plan.csv` (arriving after the plan's last
/// week).
#[derive(Debug, Clone, PartialEq)]
pub struct NextInTransit {
    /// The lane's start.
    pub from: LocationIx,
    /// The lane's end, where it arrives.
    pub to: LocationIx,
    /// What is on the road.
    pub product: ProductIx,
    /// Week of arrival, as the scenario numbers weeks.
    pub arrive_week: Week,
    /// Age on arrival, in days: as `in_transit.csv` gave it for produce
    /// already on the road, whole periods for this week's shipments.
    pub age_days: u32,
    /// Kg on the road.
    pub quantity_kg: f64,
}

/// What the routine decided for the committed week and expects next.
#[derive(Debug, Clone, PartialEq)]
pub struct CommittedWeek {
    /// The week shipped (`--from`).
    pub week: Week,
    /// The plan's cost parts that fall in this week (all products): what
    /// committing it spends and the penalties it takes (see
    /// `VerifiedPlan::week_costs`; fairness is the window's, so 0 here).
    pub costs: PlanCosts,
    /// What leaves this week, one line per lane, product and age.
    pub dispatch: Vec<DispatchLine>,
    /// `next/stock.csv`: on hand at the start of the next week.
    pub next_stock: Vec<NextStock>,
    /// `next/in_transit.csv`: still on the road at the start of the next week.
    pub next_in_transit: Vec<NextInTransit>,
    /// `next/support.csv`: the support lines with what is left of their
    /// budgets after this week's purchases (empty without support lines).
    pub next_support: Vec<crate::data::SupportLine>,
    /// The window's last week.
    pub last_week: Week,
    /// `after_plan.csv`: produce on the road that arrives after `last_week`.
    /// The plan neither sells nor wastes it; it is carried (once) in
    /// `next_in_transit` while it is on the road.
    pub after_plan: Vec<NextInTransit>,
    /// `opening/`: the state the week was planned from, as read (see
    /// [`read_opening`]), so that `agrimatch report` can plan the same
    /// window after the scenario's files were replaced by `next/`'s.
    pub opening: Vec<(&'static str, String)>,
}

/// The files of a week folder's `opening/`, each with the scenario's (or
/// the actuals folder's) file it copies.
pub const OPENING_FILES: [(&str, &str); 5] = [
    ("opening/stock.csv", "stock.csv"),
    ("opening/in_transit.csv", "in_transit.csv"),
    ("opening/support.csv", "support.csv"),
    ("opening/actuals/supply.csv", "supply.csv"),
    ("opening/actuals/demand.csv", "demand.csv"),
];

/// The week folder's record of the window: `from_week` and `last_week`.
pub const OPENING_WEEKS: &str = "opening/week.csv";

/// The text of a scenario file as UTF-8 (a byte-order mark dropped; GBK,
/// as Excel saves CSV on Chinese Windows, converted), for `opening/`.
fn as_utf8(name: &str, bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|t| t.into_owned())
            .ok_or_else(|| {
                Error::Input(crate::error::InputProblems(vec![crate::error::InputProblem::file(
                    name,
                    t("ref-not-text", &[]),
                )]))
            }),
    }
}

/// What the week starts from, as read: the scenario's `stock.csv`,
/// `in_transit.csv` and `support.csv` (those it has) and the actuals'
/// `supply.csv` and `demand.csv` (those given), named as in `opening/`.
pub fn read_opening(base: &std::path::Path, actuals: Option<&std::path::Path>) -> Result<Vec<(&'static str, String)>> {
    let scenario = crate::data::open_scenario(base)?;
    let actual_files = actuals.map(|a| crate::data::FolderFiles(a.to_path_buf()));
    let mut opening = Vec::new();
    for (i, (to, name)) in OPENING_FILES.into_iter().enumerate() {
        let source: &dyn crate::data::ScenarioFiles = match (i < 3, &actual_files) {
            (true, _) => scenario.as_ref(),
            (false, Some(files)) => files,
            (false, None) => continue,
        };
        let bytes = source.load(name).map_err(|why| {
            Error::Input(crate::error::InputProblems(vec![crate::error::InputProblem::file(
                name,
                why.to_string(),
            )]))
        })?;
        if let Some(bytes) = bytes {
            opening.push((to, as_utf8(name, &bytes)?));
        }
    }
    Ok(opening)
}

/// The name of a week's folder under `week/`: with `start_date` and 7-day
/// periods the ISO week whose Monday the period holds (`2027-W10`, as
/// `--from 2027-W10` reads it), with other periods the first day
/// (`2027-03-08`), without `start_date` `period-10`.
pub fn week_folder_name(calendar: &crate::data::dates::Calendar, week: Week) -> String {
    let Some(first) = calendar.first_day(week) else {
        return format!("period-{week}");
    };
    if calendar.period_days == 7 {
        if let Some(label) = iso_week_label(first) {
            return label;
        }
    }
    first.to_string()
}

/// `YYYY-Www` of the Monday in the 7 days from `first` (`None` for years
/// that do not have 4 digits).
fn iso_week_label(first: crate::data::dates::Date) -> Option<String> {
    let monday = first.plus_days((7 - first.weekday()) % 7);
    // The ISO year is the year of the week's Thursday.
    let (year, ..) = monday.plus_days(3).ymd();
    if !(1..=9999).contains(&year) {
        return None;
    }
    let week_one = crate::data::dates::Date::parse_iso_week(&format!("{year:04}-W01"))?;
    let week = monday.days_since(week_one) / 7 + 1;
    Some(format!("{year:04}-W{week:02}"))
}

/// The file beside a folder scenario's `stock.csv` that says which week its
/// opening state (`stock.csv`, `in_transit.csv`, `support.csv`) describes.
pub const STATE_FILE: &str = "state.toml";

/// The sheet of a workbook scenario that says the same as [`STATE_FILE`]:
/// a header row (`as_of_week`, `iso_week`, `week_start`) and one row below.
pub const STATE_SHEET: &str = "state";

/// Which week a scenario's opening state describes, and where that is said.
#[derive(Debug, Clone, PartialEq)]
pub struct StateWeek {
    /// The week whose start the state files describe.
    pub as_of_week: Week,
    /// Where `as_of_week` is written: a problem there names file (or
    /// workbook and sheet), line (or row) and column `as_of_week`.
    pub at: crate::error::InputProblem,
    /// Whether it is a workbook's sheet (messages then say sheets).
    pub workbook: bool,
}

/// What `week --from WEEK` makes of the scenario's state.
#[derive(Debug, Clone, PartialEq)]
pub enum StateCheck {
    /// The state describes WEEK, or there is no state to describe.
    Matches,
    /// Stock or produce on the road, but nothing says of which week.
    Unknown,
    /// The state describes another week.
    Other(StateWeek),
}

/// Compares the state of a scenario with `from`: `has_state` is whether
/// it has stock or produce on the road.
pub fn check_state_week(state: Option<&StateWeek>, has_state: bool, from: Week) -> StateCheck {
    match state {
        Some(s) if s.as_of_week != from => StateCheck::Other(s.clone()),
        Some(_) => StateCheck::Matches,
        None if has_state => StateCheck::Unknown,
        None => StateCheck::Matches,
    }
}

impl StateWeek {
    /// The refusal of `week --from`: where the state's week is written,
    /// what it says and what was asked.
    pub fn refusal(&self, from: Week, flag: &str) -> Error {
        Error::Input(crate::error::InputProblems(vec![crate::error::InputProblem {
            message: t(
                "ref-state-other-week",
                &[
                    ("from", &from.to_string()),
                    ("week", &self.as_of_week.to_string()),
                    ("files", &t(self.files_key(), &[])),
                    ("flag", flag),
                ],
            ),
            ..self.at.clone()
        }]))
    }

    /// The warning when the state of another week is accepted.
    pub fn accepted(&self, from: Week) -> String {
        crate::lang::t(
            "state-accepted",
            &[("describes", &self.describes()), ("from", &from.to_string())],
        )
    }

    /// Where the state's week is written and what it says.
    pub fn describes(&self) -> String {
        crate::error::InputProblem {
            message: crate::lang::t(
                "state-describes",
                &[
                    ("files", &crate::lang::t(self.files_key(), &[])),
                    ("week", &self.as_of_week.to_string()),
                ],
            ),
            ..self.at.clone()
        }
        .to_string()
    }

    /// The catalog key of [`StateWeek::files`], for the warnings.
    fn files_key(&self) -> &'static str {
        if self.workbook {
            "state-files-workbook"
        } else {
            "state-files-folder"
        }
    }
}

/// The warning for a state without its week: what is taken, and how to say it.
pub fn unknown_state_warning(workbook: bool, from: Week) -> String {
    let key = if workbook {
        "state-unknown-workbook"
    } else {
        "state-unknown-folder"
    };
    crate::lang::t(key, &[("from", &from.to_string())])
}

/// Reads the week the opening state of the scenario at `base` describes:
/// `state.toml` beside a folder's files, the sheet `state` of a workbook;
/// `None` when there is neither. Weeks may be numbers or, with
/// `start_date`, dates or ISO weeks, as in the scenario's files.
pub fn read_state_week(base: &std::path::Path, calendar: &crate::data::dates::Calendar) -> Result<Option<StateWeek>> {
    if crate::data::workbook::is_workbook(base) && !base.is_dir() {
        return read_state_sheet(base, calendar);
    }
    let path = base.join(STATE_FILE);
    let name = path.display().to_string();
    let problem = |line: Option<u64>, column: Option<&str>, message: String| {
        Error::Input(crate::error::InputProblems(vec![crate::error::InputProblem {
            line,
            column: column.map(str::to_string),
            ..crate::error::InputProblem::file(&name, message)
        }]))
    };
    let bytes = match crate::data::read::read_capped(&path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Ok(None),
        Err(why) => return Err(problem(None, None, why.to_string())),
    };
    let text = as_utf8(&name, &bytes)?;
    let table = text.parse::<toml::Table>().map_err(|e| {
        let line = e
            .span()
            .map(|s| 1 + text[..s.start.min(text.len())].matches('\n').count() as u64);
        problem(line, None, t("ref-state-toml", &[("error", e.message())]))
    })?;
    let line_of = |key: &str| {
        text.lines()
            .position(|l| l.split_once('=').is_some_and(|(k, _)| k.trim() == key))
            .map(|i| i as u64 + 1)
    };
    let mut weeks = Vec::new();
    for (key, value) in &table {
        let text = value
            .as_integer()
            .map(|n| n.to_string())
            .or_else(|| value.as_datetime().map(|d| d.to_string()))
            .or_else(|| value.as_str().map(str::to_string));
        if !matches!(key.as_str(), "as_of_week" | "iso_week" | "week_start") {
            return Err(problem(
                line_of(key),
                Some(key),
                t(
                    "ref-state-unknown-key",
                    &[("known", "as_of_week, iso_week, week_start")],
                ),
            ));
        }
        let week = text
            .as_deref()
            .map(|t| calendar.parse_week(t.trim(), crate::data::read::MAX_WEEK));
        match week {
            Some(Ok(week)) => weeks.push((key.clone(), week)),
            Some(Err(expected)) => {
                return Err(problem(
                    line_of(key),
                    Some(key),
                    expected_found(&expected.to_string(), &crate::error::quoted(&value.to_string())),
                ))
            }
            None => {
                return Err(problem(
                    line_of(key),
                    Some(key),
                    expected_found(&t("ref-what-week", &[]), &crate::error::quoted(&value.to_string())),
                ))
            }
        }
    }
    let Some(&(_, as_of_week)) = weeks.iter().find(|(k, _)| k == "as_of_week") else {
        return Err(problem(None, None, t("ref-state-no-as-of-week", &[])));
    };
    // iso_week and week_start say the same week for a reader; one edited
    // without the other is a state of unknown week.
    if let Some((key, week)) = weeks.iter().find(|(_, w)| *w != as_of_week) {
        return Err(problem(
            line_of(key),
            Some(key),
            t(
                "ref-state-weeks-differ",
                &[("as_of_week", &as_of_week.to_string()), ("week", &week.to_string())],
            ),
        ));
    }
    Ok(Some(StateWeek {
        as_of_week,
        at: crate::error::InputProblem {
            line: line_of("as_of_week"),
            column: Some("as_of_week".to_string()),
            ..crate::error::InputProblem::file(&name, "")
        },
        workbook: false,
    }))
}

/// Cells of the sheet `state` read at most: it has two rows.
const MAX_STATE_CELLS: usize = 1000;

/// [`read_state_week`] of a workbook: the sheet `state`, its first row the
/// header, `as_of_week` in the row below.
fn read_state_sheet(path: &std::path::Path, calendar: &crate::data::dates::Calendar) -> Result<Option<StateWeek>> {
    use crate::data::workbook::{unalias, COLUMN_ALIASES, SHEET_ALIASES};
    use calamine::{DataRef, Reader};
    let name = path.display().to_string();
    // Named as the workbook names them (期初状态, 状态所属周 in a Chinese one).
    let problem = |sheet: &str, row: Option<u64>, column: &str, message: String| {
        Error::Input(crate::error::InputProblems(vec![crate::error::InputProblem {
            sheet: Some(sheet.to_string()),
            line: row,
            column: row.map(|_| column.to_string()),
            ..crate::error::InputProblem::file(&name, message)
        }]))
    };
    // The scenario was read already: a workbook that cannot be opened
    // was refused there, so here it only has no state.
    let Ok(Some(bytes)) = crate::data::read::read_capped(path) else {
        return Ok(None);
    };
    let Ok(mut workbook) = calamine::Xlsx::new(std::io::Cursor::new(bytes)) else {
        return Ok(None);
    };
    let Some(sheet) = workbook
        .sheet_names()
        .into_iter()
        .find(|n| unalias(&SHEET_ALIASES, n.trim()).eq_ignore_ascii_case(STATE_SHEET))
    else {
        return Ok(None);
    };
    let mut reader = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(|e| problem(&sheet, None, "", t("err-cannot-read", &[("error", &e.to_string())])))?;
    let (mut header_row, mut column, mut value) = (None, None, None);
    for _ in 0..MAX_STATE_CELLS {
        let Some(cell) = reader
            .next_cell()
            .map_err(|e| problem(&sheet, None, "", t("err-cannot-read", &[("error", &e.to_string())])))?
        else {
            break;
        };
        let (row, col) = cell.get_position();
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.trim().to_string(),
            DataRef::SharedString(s) => s.trim().to_string(),
            DataRef::Float(x) => format!("{}", x + 0.0),
            DataRef::Int(i) => i.to_string(),
            DataRef::Bool(b) => b.to_string(),
            DataRef::DateTime(dt) => format!("{}", dt.as_f64()),
            DataRef::Error(e) => format!("#{e:?}"),
        };
        if text.is_empty() {
            continue;
        }
        let header = *header_row.get_or_insert(row);
        if row == header && unalias(&COLUMN_ALIASES, &text).eq_ignore_ascii_case("as_of_week") {
            column = Some((col, text));
        } else if row > header && column.as_ref().is_some_and(|(c, _)| *c == col) {
            value = Some((row, text));
            break;
        } else if row > header + 1 {
            break;
        }
    }
    let Some((row, text)) = value else {
        // A header alone (the template's) says no week, as no sheet does.
        if column.is_some() {
            return Ok(None);
        }
        return Err(problem(&sheet, None, "", t("ref-state-sheet-empty", &[])));
    };
    let header = column.map_or_else(|| "as_of_week".to_string(), |(_, header)| header);
    let row = u64::from(row) + 1;
    let as_of_week = calendar
        .parse_week(&text, crate::data::read::MAX_WEEK)
        .map_err(|expected| {
            problem(
                &sheet,
                Some(row),
                &header,
                expected_found(&expected.to_string(), &crate::error::quoted(&text)),
            )
        })?;
    Ok(Some(StateWeek {
        as_of_week,
        at: crate::error::InputProblem {
            sheet: Some(sheet),
            line: Some(row),
            column: Some(header),
            ..crate::error::InputProblem::file(&name, "")
        },
        workbook: true,
    }))
}

/// The planned window and what it commits.
pub struct WeekPlan {
    /// Weeks `from..=last` of the scenario, numbered as in the scenario
    /// (`first_week` = `from`); the opening state is at `from`.
    pub window: Instance,
    /// How planning the window ended.
    pub outcome: PlanOutcome,
    /// Present when the window has a verified plan.
    pub committed: Option<CommittedWeek>,
}

/// The scenario's weeks `from..from + horizon - 1` (default: to the last
/// week with data), with `stock.csv` on hand at the start of `from` and
/// `in_transit.csv` arriving when due. `actual` replaces `forecast` in the
/// committed week (what really was harvested and ordered, when known).
pub fn window_from(forecast: &Instance, actual: &Instance, from: Week, horizon: Option<u32>) -> Result<Instance> {
    let last_data = forecast.weeks.max(actual.weeks);
    if from == 0 || from > last_data {
        return Err(Error::Usage(crate::error::flag_expected_found(
            "--from",
            &t("ref-what-from-week", &[("last", &last_data.to_string())]),
            &from.to_string(),
        )));
    }
    let last = match horizon {
        Some(0) => {
            return Err(Error::Usage(crate::error::flag_expected_found(
                "--horizon",
                &t("ref-what-horizon", &[]),
                "0",
            )))
        }
        Some(h) => from.saturating_add(h - 1).min(last_data),
        None => last_data,
    };
    let mut stock = Vec::new();
    for s in &forecast.stock {
        if s.via.is_some() && s.week < from {
            return Err(Error::Usage(t(
                "ref-arrival-before-window",
                &[("week", &s.week.to_string()), ("from", &from.to_string())],
            )));
        }
        // Arriving after the window: not the plan's to sell or waste
        // (`after_plan` lists it).
        if s.via.is_some() && s.week > last {
            continue;
        }
        // stock.csv is what is on hand now, at the start of the week planned.
        let week = if s.via.is_some() { s.week } else { from };
        stock.push(OpeningStock { week, ..s.clone() });
    }
    let pick = |week: Week| if week == from { actual } else { forecast };
    let supply = (from..=last)
        .flat_map(|week| pick(week).supply.iter().filter(move |s| s.week == week))
        .cloned()
        .collect();
    let demand = (from..=last)
        .flat_map(|week| pick(week).demand.iter().filter(move |d| d.week == week))
        .cloned()
        .collect();
    let support = forecast
        .support
        .iter()
        .map(|s| crate::data::SupportLine {
            spoiling_only: last < last_data,
            ..s.clone()
        })
        .collect();
    Ok(Instance {
        weeks: last,
        first_week: from,
        supply,
        demand,
        stock,
        support,
        ..forecast.clone()
    })
}

/// Plans the window at the whole scenario's objective weights (so that the
/// routine week after week plans as `roll` does) and commits its first week.
/// Produce on the road is carried with its age in whole periods; see
/// [`plan_week_on_road`] for ages in days as `in_transit.csv` gives them.
pub fn plan_week(
    forecast: &Instance,
    actual: &Instance,
    from: Week,
    horizon: Option<u32>,
    options: &SolveOptions,
) -> Result<WeekPlan> {
    plan_week_on_road(forecast, actual, &on_road_in_periods(forecast), from, horizon, options)
}

/// [`plan_week`] with `road`, the scenario's `in_transit.csv` rows (see
/// [`read_on_road`]), carried into `next/in_transit.csv` as written.
pub fn plan_week_on_road(
    forecast: &Instance,
    actual: &Instance,
    road: &[NextInTransit],
    from: Week,
    horizon: Option<u32>,
    options: &SolveOptions,
) -> Result<WeekPlan> {
    let window = window_from(forecast, actual, from, horizon)?;
    let weights = ObjectiveWeights::of(forecast);
    let outcome = solve_instance_with(&window, &weights, options)?;
    let committed = outcome
        .plan()
        .map(|verified| commit_week(&window, verified, from, road));
    Ok(WeekPlan {
        window,
        outcome,
        committed,
    })
}

/// The instance's produce on the road, ages in whole periods (when the
/// days as written are not at hand).
pub fn on_road_in_periods(instance: &Instance) -> Vec<NextInTransit> {
    instance
        .stock
        .iter()
        .filter_map(|s| {
            s.via.map(|from| NextInTransit {
                from,
                to: s.location,
                product: s.product,
                arrive_week: s.week,
                age_days: s.age.saturating_mul(instance.period_days),
                quantity_kg: s.quantity_kg,
            })
        })
        .collect()
}

/// The rows of `in_transit.csv` among `files` (a scenario, or a week
/// folder's `opening/`), resolved against `instance` read from them, with
/// their ages in days as written (the instance keeps whole periods).
pub fn on_road_from(files: &dyn crate::data::ScenarioFiles, instance: &Instance) -> Vec<NextInTransit> {
    let mut problems = Vec::new();
    let rows = crate::data::read::read_scenario_rows(files, &mut problems);
    let arrivals: Vec<&crate::data::OpeningStock> = instance.stock.iter().filter(|s| s.via.is_some()).collect();
    // The instance was validated from these very rows: one arrival per row,
    // in the file's order (change files never touch in_transit.csv).
    if rows.in_transit.len() != arrivals.len() {
        return on_road_in_periods(instance);
    }
    rows.in_transit
        .iter()
        .zip(arrivals)
        .map(|(row, s)| NextInTransit {
            from: s.via.expect("filtered to arrivals"),
            to: s.location,
            product: s.product,
            arrive_week: s.week,
            age_days: row.age_days,
            quantity_kg: s.quantity_kg,
        })
        .collect()
}

/// [`on_road_from`] the scenario at `base` (a folder or a workbook).
pub fn read_on_road(base: &std::path::Path, instance: &Instance) -> Result<Vec<NextInTransit>> {
    // Nothing on the road: no need to read every file of the scenario again.
    if instance.stock.iter().all(|s| s.via.is_none()) {
        return Ok(Vec::new());
    }
    let files = crate::data::open_scenario(base)?;
    Ok(on_road_from(files.as_ref(), instance))
}

/// `instance` without the produce on the road that arrives after `last`:
/// a plan that ends in `last` neither sells nor wastes it (`after_plan.csv`
/// lists it).
pub fn without_arrivals_after(instance: &Instance, last: Week) -> Instance {
    let mut instance = instance.clone();
    drop_arrivals_after(&mut instance, last);
    instance
}

/// [`without_arrivals_after`] in place, for an instance that is not kept
/// (a large one is not copied for it).
pub fn drop_arrivals_after(instance: &mut Instance, last: Week) {
    instance.stock.retain(|s| s.via.is_none() || s.week <= last);
}

/// The produce of `road` that arrives after `last`.
pub fn arriving_after(road: &[NextInTransit], last: Week) -> Vec<NextInTransit> {
    road.iter().filter(|s| s.arrive_week > last).cloned().collect()
}

/// A budget left, to the fen: money is counted in 0.01, and a remainder of
/// float arithmetic (`9.09e-13` of a spent budget) is no money at all.
pub fn budget_to_fen(budget: f64) -> f64 {
    let fen = (budget * 100.0).round();
    if !fen.is_finite() {
        budget
    } else if fen <= 0.0 {
        0.0
    } else {
        fen / 100.0
    }
}

/// The cost parts of `verified` that fall in `week`, over all products.
pub fn week_costs(verified: &VerifiedPlan, week: Week) -> PlanCosts {
    let mut sum = PlanCosts::default();
    for c in verified
        .week_costs
        .range((week, crate::data::ProductIx(0))..=(week, crate::data::ProductIx(usize::MAX)))
        .map(|(_, c)| c)
    {
        sum.transport += c.transport;
        sum.holding += c.holding;
        sum.waste += c.waste;
        sum.shortfall += c.shortfall;
        sum.closing_stock += c.closing_stock;
        sum.fairness += c.fairness;
        sum.support += c.support;
        sum.trucks += c.trucks;
    }
    sum
}

impl CommittedWeek {
    /// Trucks that leave this week, over all truck lanes (0 without them).
    pub fn trucks(&self) -> u32 {
        let per_lane: BTreeMap<LaneIx, u32> = self
            .dispatch
            .iter()
            .filter_map(|l| l.truck.map(|t| (l.lane, t.trucks)))
            .collect();
        per_lane.values().sum()
    }
}

/// The committed week's loads and the opening state of the week after;
/// `road` is the produce that was on the road when the window opened.
pub fn commit_week(window: &Instance, verified: &VerifiedPlan, week: Week, road: &[NextInTransit]) -> CommittedWeek {
    let period = window.period_days;
    let days = |periods: u32| periods.saturating_mul(period);
    let mut loads: BTreeMap<(LaneIx, ProductIx, u32, bool), f64> = BTreeMap::new();
    // Keyed by age in days: produce already on the road keeps the days
    // `in_transit.csv` gave it.
    let mut on_road: BTreeMap<(LocationIx, LocationIx, ProductIx, Week, u32), f64> = BTreeMap::new();
    for f in verified.plan.shipments.iter().filter(|f| f.week == week) {
        *loads.entry((f.lane, f.product, f.age, false)).or_default() += f.quantity_kg;
        let lane = window.lane(f.lane);
        if lane.transit_periods >= 1 {
            let arrival = (
                lane.from,
                lane.to,
                f.product,
                week + lane.transit_periods,
                days(f.age + lane.transit_periods),
            );
            *on_road.entry(arrival).or_default() += f.quantity_kg;
        }
    }
    // Support loads leave too; they are bought on arrival, so none is
    // carried into next/in_transit.csv.
    for f in verified.plan.support.iter().filter(|f| f.week == week) {
        let product = window.support[f.line].product;
        *loads.entry((f.lane, product, f.age, true)).or_default() += f.quantity_kg;
    }
    // Produce that was on the road before and is still on it next week,
    // arriving inside the window or after it: its age in days as given.
    for s in road.iter().filter(|s| s.arrive_week > week) {
        *on_road
            .entry((s.from, s.to, s.product, s.arrive_week, s.age_days))
            .or_default() += s.quantity_kg;
    }
    // Truck lanes: each lot goes on the trucks `truck_loads.csv` puts it on
    // (one line per truck it is on), so that the dispatcher loads truck by
    // truck. Support loads ride the same trucks, as lots of their own.
    let loaded: BTreeMap<(LaneIx, TruckLot), Vec<(TruckSlot, f64)>> = {
        let mut loaded: BTreeMap<_, Vec<_>> = BTreeMap::new();
        for lw in crate::report::trucks::load_trucks(window, &verified.plan) {
            if lw.week != week {
                continue;
            }
            let trucks = lw.trucks.len() as u32;
            for (i, items) in lw.trucks.iter().enumerate() {
                let slot = TruckSlot {
                    number: i as u32 + 1,
                    trucks,
                };
                for item in items {
                    loaded.entry((lw.lane, item.lot)).or_default().push((slot, item.kg));
                }
            }
        }
        loaded
    };
    let mut dispatch: Vec<DispatchLine> = Vec::new();
    // The trucks' money of each truck lane this week, shared among its
    // lines by kg below (as `VerifiedPlan::week_costs` shares it).
    let mut lane_trucks: BTreeMap<LaneIx, (f64, f64)> = BTreeMap::new();
    for t in verified.plan.trucks.iter().filter(|t| t.week == week) {
        if let Some(truck) = window.lane(t.lane).truck {
            lane_trucks.entry(t.lane).or_default().0 += truck.cost * t.trucks;
        }
    }
    for (&(lane, ..), &kg) in &loads {
        if let Some(entry) = lane_trucks.get_mut(&lane) {
            entry.1 += kg;
        }
    }
    for ((lane, product, age, support), quantity_kg) in loads {
        let transit = window.lane(lane).transit_periods;
        let harvest_week = i64::from(week) - i64::from(age);
        let line = DispatchLine {
            lane,
            product,
            ship_week: week,
            arrive_week: week + transit,
            harvest_week,
            age_days: days(age),
            quantity_kg,
            support,
            truck: None,
            transport_cost: 0.0,
            truck_cost: 0.0,
        };
        let lot = TruckLot {
            product,
            harvest_week,
            support,
        };
        match loaded.get(&(lane, lot)) {
            Some(on_trucks) => dispatch.extend(on_trucks.iter().map(|&(slot, kg)| DispatchLine {
                quantity_kg: kg,
                truck: Some(slot),
                ..line.clone()
            })),
            None => dispatch.push(line),
        }
    }
    for line in &mut dispatch {
        line.transport_cost = line.quantity_kg * window.lane(line.lane).cost_in(week);
        if let Some(&(cost, kg)) = lane_trucks.get(&line.lane).filter(|(_, kg)| *kg > 0.0) {
            line.truck_cost = cost * (line.quantity_kg / kg);
        }
    }
    // Truck by truck within a lane (stable: product and age order stay).
    dispatch.sort_by_key(|l| (l.lane, l.truck.map_or(0, |t| t.number)));
    let costs = week_costs(verified, week);
    let mut next_support = window.support.clone();
    for f in verified.plan.support.iter().filter(|f| f.week == week) {
        let line = &mut next_support[f.line];
        if let Some(budget) = &mut line.budget {
            *budget -= f.quantity_kg * line.price_per_kg;
        }
    }
    for line in &mut next_support {
        line.budget = line.budget.map(budget_to_fen);
    }
    let mut held: BTreeMap<(LocationIx, ProductIx, u32), f64> = BTreeMap::new();
    for f in verified.plan.stocks.iter().filter(|f| f.week == week) {
        *held.entry((f.location, f.product, f.age + 1)).or_default() += f.quantity_kg;
    }
    CommittedWeek {
        week,
        costs,
        dispatch,
        next_stock: held
            .into_iter()
            .map(|((location, product, age), quantity_kg)| NextStock {
                location,
                product,
                age_days: days(age),
                quantity_kg,
            })
            .collect(),
        next_in_transit: on_road
            .into_iter()
            .map(
                |((from, to, product, arrive_week, age_days), quantity_kg)| NextInTransit {
                    from,
                    to,
                    product,
                    arrive_week,
                    age_days,
                    quantity_kg,
                },
            )
            .collect(),
        next_support,
        last_week: window.weeks,
        after_plan: arriving_after(road, window.weeks),
        opening: Vec::new(),
    }
}

/// A week folder's window planned again for `agrimatch report`: the
/// scenario (with `changes`) with the opening state the folder recorded in
/// `opening/` in place of the scenario's (which `next/` has replaced
/// since), the recorded actuals, and the recorded weeks.
pub struct WeekFolderWindow {
    /// The window, as `agrimatch week` planned it.
    pub window: Instance,
    /// The week committed.
    pub from: Week,
    /// Produce on the road when the week opened, ages as written.
    pub road: Vec<NextInTransit>,
    /// The files of `opening/`, as the folder has them.
    pub opening: Vec<(&'static str, String)>,
}

/// Whether `folder` was written by `agrimatch week` (it has `opening/`).
pub fn is_week_folder(folder: &std::path::Path) -> bool {
    folder.join(OPENING_WEEKS).is_file()
}

/// Reads a week folder's `opening/` and plans nothing: see [`WeekFolderWindow`].
pub fn read_week_folder_window(
    folder: &std::path::Path,
    scenario: &std::path::Path,
    changes: Option<&std::path::Path>,
) -> Result<WeekFolderWindow> {
    use crate::error::InputProblem;
    let refuse = |problem: InputProblem| Error::folder(folder, problem);
    let text = crate::data::read::read_capped_text(&folder.join(OPENING_WEEKS))?;
    let mut weeks = [None, None];
    for (i, line) in text.lines().enumerate().skip(1) {
        let (metric, value) = line.split_once(',').unwrap_or((line, ""));
        let slot = match metric {
            "from_week" => 0,
            "last_week" => 1,
            _ => continue,
        };
        weeks[slot] = Some(value.trim().parse::<Week>().map_err(|_| {
            refuse(InputProblem::cell(
                OPENING_WEEKS,
                i as u64 + 1,
                "value",
                expected_found(&t("ref-what-week-number", &[]), &crate::error::quoted(value)),
            ))
        })?);
    }
    let [Some(from), Some(last)] = weeks else {
        return Err(refuse(InputProblem::file(
            OPENING_WEEKS,
            t("ref-week-folder-rows-missing", &[]),
        )));
    };
    if last < from {
        return Err(refuse(InputProblem::file(
            OPENING_WEEKS,
            t(
                "ref-week-folder-last-before-from",
                &[("from", &from.to_string()), ("last", &last.to_string())],
            ),
        )));
    }
    let mut opening = Vec::new();
    for (name, _) in OPENING_FILES {
        let path = folder.join(name);
        if path.is_file() {
            opening.push((name, crate::data::read::read_capped_text(&path)?));
        }
    }
    // The scenario's files, its opening state replaced by the recorded one.
    let base = crate::data::open_scenario(scenario)?;
    let mut files = crate::data::MemoryFiles::default();
    for name in [
        "products.csv",
        "farms.csv",
        "stores.csv",
        "hubs.csv",
        "lanes.csv",
        "scenario.toml",
        "supply.csv",
        "demand.csv",
    ] {
        if let Some(bytes) = crate::scenario::roll::load_file(base.as_ref(), name)? {
            files.0.insert(name.to_string(), bytes);
        }
    }
    for (to, name) in &OPENING_FILES[..3] {
        if let Some((_, text)) = opening.iter().find(|(n, _)| n == to) {
            files.0.insert(name.to_string(), text.as_bytes().to_vec());
        }
    }
    let mut problems = Vec::new();
    let mut rows = crate::data::read::read_scenario_rows(&files, &mut problems);
    if let Some(changes) = changes {
        let list = crate::scenario::changes::read_changes(changes, &rows.settings.calendar())?;
        let name = changes
            .file_name()
            .map_or("changes.csv".to_string(), |n| n.to_string_lossy().into_owned());
        problems.extend(crate::scenario::changes::apply_changes(&mut rows, &list, &name));
    }
    let forecast = crate::data::validate::validate_instance(&rows, &mut problems);
    if !problems.is_empty() {
        // The opening state's files are the folder's, the rest the scenario's.
        for p in problems.iter_mut() {
            if let Some((to, _)) = OPENING_FILES[..3].iter().find(|(_, name)| *name == p.file) {
                p.file = folder.join(to).display().to_string();
            }
        }
        return Err(Error::Input(crate::error::InputProblems(base.locate(problems))));
    }
    let actuals = folder.join("opening/actuals");
    let actual = if actuals.is_dir() {
        crate::scenario::roll::read_actuals(
            scenario,
            &forecast,
            &actuals,
            crate::scenario::roll::ActualWeeks::Committed(from),
        )?
    } else {
        forecast.clone()
    };
    let road = on_road_from(&files, &forecast);
    let window = window_from(&forecast, &actual, from, Some(last - from + 1))?;
    Ok(WeekFolderWindow {
        window,
        from,
        road,
        opening,
    })
}

#[cfg(test)]
mod tests {
    use super::budget_to_fen;

    #[test]
    fn budgets_are_kept_to_the_fen() {
        assert_eq!(budget_to_fen(9.094947017729282e-13), 0.0);
        assert_eq!(budget_to_fen(0.004999), 0.0);
        assert_eq!(budget_to_fen(0.005), 0.01);
        assert_eq!(budget_to_fen(-1e-9), 0.0);
        assert_eq!(budget_to_fen(78760.00000000001), 78760.0);
        assert_eq!(format!("{}", budget_to_fen(1234.5678)), "1234.57");
    }
}
