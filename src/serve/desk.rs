//! The planning behind `agrimatch serve`, free of HTTP: the base plan (kept
//! until the scenario's files change), what-if variants warm-started from
//! it, and the Monday routine written into the workspace. Every function
//! here is blocking CPU work; the server runs it on its bounded pool.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

use serde_json::{Map, Number, Value};

use crate::data::read::{read_scenario_rows, ScenarioFiles, ScenarioRows};
use crate::data::validate::validate_instance;
use crate::data::workbook::is_workbook;
use crate::data::{open_scenario, Instance, LocationIx};
use crate::error::{Error, InputProblems, Result};
use crate::model::ObjectiveWeights;
use crate::report::html::{render_report, scenario_name, Checked, Sections};
use crate::report::tables::summary_rows;
use crate::report::{write_plan_folder_with, FileWriter, OutputFolder};
use crate::scenario::changes::variant_from_rows;
use crate::scenario::week::{drop_arrivals_after, read_on_road};
use crate::solve::figures::{ratio, PlanFigures};
use crate::solve::{
    compute_figures, solve_instance_from, solve_instance_keeping, MemoryLimit, PlanOutcome, SolveOptions, WarmStarts,
};

/// The name a what-if's change file has in messages (the body of a request
/// has no name of its own, and a client's name would be no path anyway).
pub const CHANGES_NAME: &str = "changes.csv";

/// What the scenario's files looked like when the base was planned: each
/// file's name, length and modification time. Checked on every request, so
/// that a planner who edits supply.csv sees the new plan on the next click.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp(Vec<(String, u64, Option<SystemTime>)>);

/// The stamp of the scenario at `path`: the workbook itself, or every file
/// directly in the folder (a README counts too; re-planning is cheap).
pub fn stamp_of(path: &Path) -> Stamp {
    let of = |p: &Path| {
        let meta = std::fs::metadata(p).ok();
        (
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            meta.as_ref().map_or(0, std::fs::Metadata::len),
            meta.and_then(|m| m.modified().ok()),
        )
    };
    if !path.is_dir() {
        return Stamp(vec![of(path)]);
    }
    let mut files: Vec<_> = std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| of(&e.path()))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    Stamp(files)
}

/// The base plan as the page shows it and what-ifs start from.
pub struct Base {
    /// The scenario's files when it was planned.
    pub stamp: Stamp,
    /// The scenario as planned (arrivals after its last week taken out, as
    /// `plan` does).
    pub instance: Instance,
    /// How planning ended; always with a verified plan.
    pub outcome: PlanOutcome,
    /// The plan's figures.
    pub figures: PlanFigures,
    /// The bases its blocks ended with: where every what-if starts.
    pub warm: WarmStarts,
    /// The scenario's name, as the report's title shows it.
    name: String,
    /// `report.html` of the plan per language ([`crate::lang::Lang`] as index), each
    /// made when a reader first asks for it in that language.
    pages: [OnceLock<String>; 2],
    /// The scenario's files as read for this base (to place the problems
    /// of a what-if at their sheet and row, for a workbook).
    files: Box<dyn ScenarioFiles>,
    /// The scenario's rows as read: every what-if applies its changes to a
    /// copy of them instead of reading and parsing the files again.
    rows: ScenarioRows,
    /// `summary.csv` as JSON, fill per store and sold share per farm: the
    /// base's side of every what-if answer, made once.
    summary: Value,
    store_fill: Vec<(String, f64)>,
    farm_sold: Vec<(String, f64)>,
}

/// How the desk plans: the options `plan` would use.
#[derive(Debug, Clone)]
pub struct Planner {
    /// The scenario folder or workbook.
    pub scenario: PathBuf,
    /// The memory budget (`--memory`).
    pub memory_limit: MemoryLimit,
}

/// A request that cannot be planned, with the HTTP status it deserves.
#[derive(Debug)]
pub enum DeskError {
    /// Bad input (a change file, counts, a week): 400.
    Input(String),
    /// Planned, but no verified plan (infeasible, time limit): 422.
    NoPlan(String),
    /// Anything else (I/O, a solver that could not run): 500.
    Failed(String),
}

impl DeskError {
    /// The text for the `{"error": ...}` answer.
    pub fn text(&self) -> &str {
        match self {
            DeskError::Input(text) | DeskError::NoPlan(text) | DeskError::Failed(text) => text,
        }
    }
}

impl From<Error> for DeskError {
    fn from(e: Error) -> Self {
        match e {
            Error::Input(_) | Error::Usage(_) | Error::TooLarge(_) => DeskError::Input(e.to_string()),
            other => DeskError::Failed(other.to_string()),
        }
    }
}

impl Planner {
    fn options(&self) -> SolveOptions {
        SolveOptions {
            memory_limit: self.memory_limit,
            ..SolveOptions::default()
        }
    }

    /// Plans the base scenario as `plan` does (cold: nothing to start from).
    pub fn plan_base(&self) -> std::result::Result<Base, DeskError> {
        let stamp = stamp_of(&self.scenario);
        // As `read_instance` reads it, keeping the rows for the what-ifs.
        let files = open_scenario(&self.scenario)?;
        let mut problems = Vec::new();
        let rows = read_scenario_rows(files.as_ref(), &mut problems);
        let instance = validate_instance(&rows, &mut problems);
        let problems = files.locate(problems);
        if !problems.is_empty() {
            return Err(Error::Input(InputProblems(problems)).into());
        }
        let (instance, outcome, warm) = self.plan(instance, None)?;
        let verified = outcome
            .plan()
            .expect("plan() returns only outcomes with a verified plan");
        let figures = compute_figures(&instance, verified);
        let base = Base {
            stamp,
            summary: summary_json(&instance, &outcome, &figures),
            store_fill: store_fill(&instance, &figures),
            farm_sold: farm_sold(&instance, &figures),
            instance,
            outcome,
            figures,
            warm,
            name: scenario_name(&self.scenario),
            pages: Default::default(),
            files,
            rows,
        };
        // The page in the language of the request that planned the base,
        // made now: the desk's first look at it is not kept waiting.
        base.page();
        Ok(base)
    }

    /// `instance` planned as `plan` plans it: produce on the road that
    /// arrives after the last week taken out, then solved (from `start`).
    /// (`plan` also lists that produce in `after_plan.csv`; the desk writes
    /// no plan folder, so it does not read the files again for it.)
    fn plan(
        &self,
        mut instance: Instance,
        start: Option<&WarmStarts>,
    ) -> std::result::Result<(Instance, PlanOutcome, WarmStarts), DeskError> {
        let last = instance.weeks;
        drop_arrivals_after(&mut instance, last);
        let weights = ObjectiveWeights::of(&instance);
        let (outcome, warm) = match start {
            // The base keeps its blocks: a what-if re-solves only the blocks it changed.
            None => solve_instance_keeping(&instance, &weights, &self.options())?,
            Some(start) => solve_instance_from(&instance, &weights, &self.options(), Some(start))?,
        };
        if outcome.plan().is_none() {
            let status = outcome
                .status()
                .map_or_else(|| outcome.word().to_string(), ToString::to_string);
            return Err(DeskError::NoPlan(status));
        }
        Ok((instance, outcome, warm))
    }

    /// The variant that the change file `bytes` makes of the scenario,
    /// planned from the base's bases: the plan `plan --changes` gives (the
    /// same cost; where the optimum is not unique, maybe another optimal plan).
    pub fn plan_whatif(&self, base: &Base, bytes: &[u8]) -> std::result::Result<Value, DeskError> {
        let instance = base.variant(bytes)?;
        let (instance, outcome, _) = self.plan(instance, Some(&base.warm))?;
        let verified = outcome
            .plan()
            .expect("plan() returns only outcomes with a verified plan");
        let figures = compute_figures(&instance, verified);
        let mut answer = Map::new();
        answer.insert("summary".into(), summary_json(&instance, &outcome, &figures));
        answer.insert("base".into(), base.summary());
        answer.insert(
            "stores".into(),
            side_by_side(&base.store_fill, store_fill(&instance, &figures)),
        );
        answer.insert(
            "farms".into(),
            side_by_side(&base.farm_sold, farm_sold(&instance, &figures)),
        );
        Ok(Value::Object(answer))
    }
}

impl Base {
    /// `report.html` of the base plan in the current language (see
    /// [`crate::lang::scoped`]); made once per language.
    pub fn page(&self) -> &str {
        self.pages[crate::lang::current() as usize].get_or_init(|| {
            let verified = self.outcome.plan().expect("a base is made of a verified plan only");
            render_report(
                &self.instance,
                &self.outcome,
                verified,
                &self.figures,
                Sections {
                    scenario: Some(&self.name),
                    ..Sections::default()
                },
                Checked::WhenPlanned,
            )
        })
    }

    /// `{metric: value}` of the base plan's `summary.csv`.
    pub fn summary(&self) -> Value {
        self.summary.clone()
    }

    /// The variant a change file (`bytes`, named [`CHANGES_NAME`] in
    /// messages) makes of the scenario as this base read it, validated as
    /// `plan --changes` validates it.
    pub fn variant(&self, bytes: &[u8]) -> Result<Instance> {
        variant_from_rows(self.files.as_ref(), &self.rows, CHANGES_NAME, bytes)
    }
}

/// The rows of `summary.csv` as one JSON object: numbers as numbers, words
/// as strings (as `plan --json` prints them).
pub fn summary_json(instance: &Instance, outcome: &PlanOutcome, figures: &PlanFigures) -> Value {
    let verified = outcome.plan().expect("summaries are made of verified plans only");
    let rows = summary_rows(instance, outcome, verified, figures);
    Value::Object(
        rows.into_iter()
            .map(|(metric, value)| {
                // Counts stay whole numbers; other figures are f64.
                let number = match value.parse::<i64>() {
                    Ok(whole) => Some(Number::from(whole)),
                    Err(_) => value.parse::<f64>().ok().and_then(Number::from_f64),
                };
                let json = number.map_or(Value::String(value), Value::Number);
                (metric.to_string(), json)
            })
            .collect(),
    )
}

/// Delivered share of all orders per store (over its products), by id.
fn store_fill(instance: &Instance, figures: &PlanFigures) -> Vec<(String, f64)> {
    per_place(
        instance,
        figures
            .stores
            .iter()
            .map(|(&(n, _), s)| (n, s.demand_kg, s.delivered_kg)),
    )
}

/// Sold share of the harvest per farm (over its products), by id.
fn farm_sold(instance: &Instance, figures: &PlanFigures) -> Vec<(String, f64)> {
    per_place(
        instance,
        figures.farms.iter().map(|(&(n, _), f)| (n, f.supply_kg, f.shipped_kg)),
    )
}

fn per_place(instance: &Instance, rows: impl Iterator<Item = (LocationIx, f64, f64)>) -> Vec<(String, f64)> {
    let mut sums: std::collections::BTreeMap<LocationIx, (f64, f64)> = Default::default();
    for (n, whole, part) in rows {
        let sum = sums.entry(n).or_default();
        sum.0 += whole;
        sum.1 += part;
    }
    sums.into_iter()
        .map(|(n, (whole, part))| (instance.location(n).id.clone(), ratio(part, whole)))
        .collect()
}

/// `[{"id", "base", "variant"}]` for every id of either side, in the base's order.
fn side_by_side(base: &[(String, f64)], variant: Vec<(String, f64)>) -> Value {
    let number = |x: Option<f64>| x.and_then(Number::from_f64).map_or(Value::Null, Value::Number);
    let mut ids: Vec<&String> = base.iter().map(|(id, _)| id).collect();
    ids.extend(
        variant
            .iter()
            .map(|(id, _)| id)
            .filter(|id| !base.iter().any(|(b, _)| b == *id)),
    );
    let find = |side: &[(String, f64)], id: &str| side.iter().find(|(i, _)| i == id).map(|(_, x)| *x);
    Value::Array(
        ids.into_iter()
            .map(|id| {
                let mut row = Map::new();
                row.insert("id".into(), Value::String(id.clone()));
                row.insert("base".into(), number(find(base, id)));
                row.insert("variant".into(), number(find(&variant, id)));
                Value::Object(row)
            })
            .collect(),
    )
}

/// The files a week answer names (and the only ones a client may download
/// from a week folder): what `agrimatch week` writes.
pub const WEEK_FILES: [&str; 6] = [
    "dispatch.csv",
    "plan.xlsx",
    "report.html",
    "summary.csv",
    "next/stock.csv",
    "next/in_transit.csv",
];

/// What a client may send for the Monday routine: the counts (the state at
/// the start of the week, in the scenario's `stock.csv` and
/// `in_transit.csv` formats) and what happened (`supply.csv`, `demand.csv`
/// as `--actuals` takes them). Texts only; no client text names a file.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekInput {
    /// `stock.csv` counted on Monday morning.
    #[serde(default)]
    pub stock: Option<String>,
    /// `in_transit.csv` counted on Monday morning.
    #[serde(default)]
    pub in_transit: Option<String>,
    /// What was really harvested.
    #[serde(default)]
    pub supply: Option<String>,
    /// What was really ordered.
    #[serde(default)]
    pub demand: Option<String>,
}

impl WeekInput {
    fn has_counts(&self) -> bool {
        self.stock.is_some() || self.in_transit.is_some()
    }

    fn has_actuals(&self) -> bool {
        self.supply.is_some() || self.demand.is_some()
    }
}

/// The workspace: a folder the server marked as its own (as output folders
/// are marked), where saved what-ifs (`whatif-N.csv`, a change file each:
/// `agrimatch sweep SCENARIO WORKSPACE` plans them all) and week folders
/// (`week/2027-W46/`, `drafts/2027-W46/`) go. Nothing else is ever written.
#[derive(Debug, Clone)]
pub struct Workspace {
    folder: OutputFolder,
}

impl Workspace {
    /// Claims `path` (new, empty or marked by agrimatch; never the scenario
    /// or a folder holding it) and marks it when new.
    pub fn claim(path: &Path, scenario: &Path) -> Result<Workspace> {
        let folder = OutputFolder::claim(path, &[scenario])?;
        if !path.join(crate::report::MARKER_FILE).is_file() {
            folder.write(&[])?;
        }
        Ok(Workspace { folder })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.folder.path()
    }

    /// Saves a change file as `whatif-N.csv` (the first free N) and returns the name.
    pub fn save_changes(&self, bytes: &[u8]) -> Result<String> {
        let taken = |n: usize| self.path().join(format!("whatif-{n}.csv")).exists();
        let n = (1..).find(|&n| !taken(n)).expect("some number is free");
        let name = format!("whatif-{n}.csv");
        let bytes = bytes.to_vec();
        let write: FileWriter = Box::new(move |w| w.write_all(&bytes));
        self.folder.write_file(&name, &write)?;
        Ok(name)
    }

    /// The folder of a week: kept in the history (`week/NAME`) or a draft.
    pub fn week_folder(&self, name: &str, kept: bool) -> PathBuf {
        self.path().join(if kept { "week" } else { "drafts" }).join(name)
    }
}

/// One Monday: the week planned from the scenario (with the counts and
/// actuals given), written as `agrimatch week` writes its folder, into the
/// workspace's history when `kept`, else among the drafts.
pub fn plan_week(
    planner: &Planner,
    workspace: &Workspace,
    from_text: &str,
    input: &WeekInput,
    kept: bool,
) -> std::result::Result<Value, DeskError> {
    use crate::scenario::roll::{read_actuals, read_forecast, ActualWeeks};
    use crate::scenario::week::{
        check_state_week, plan_week_on_road, read_opening, read_state_week, week_folder_name, StateCheck,
    };
    // Counts and actuals become files of a scratch copy inside the
    // workspace, read by the same bounded readers as the CLI's.
    let scratch = Scratch::new(workspace.path())?;
    let scenario = if input.has_counts() {
        scratch.copy_scenario(&planner.scenario, input)?
    } else {
        planner.scenario.clone()
    };
    let actuals = if input.has_actuals() {
        Some(scratch.actuals(input)?)
    } else {
        None
    };
    let forecast = read_forecast(&scenario, None)?;
    let calendar = forecast.calendar();
    let from = calendar
        .parse_week(from_text.trim(), crate::data::read::MAX_WEEK)
        .map_err(|expected| {
            DeskError::Input(crate::lang::t(
                "serve-err-week",
                &[("expected", &expected.to_string()), ("found", from_text)],
            ))
        })?;
    let state = read_state_week(&scenario, &calendar)?;
    if let StateCheck::Other(state) = check_state_week(state.as_ref(), !forecast.stock.is_empty(), from) {
        return Err(DeskError::Input(state.refusal(from, "counts").to_string()));
    }
    let actual = match &actuals {
        Some(folder) => read_actuals(&scenario, &forecast, folder, ActualWeeks::Committed(from))?,
        None => forecast.clone(),
    };
    let road = read_on_road(&scenario, &forecast)?;
    let opening = read_opening(&scenario, actuals.as_deref())?;
    let mut planned = plan_week_on_road(&forecast, &actual, &road, from, None, &planner.options())?;
    if let Some(committed) = &mut planned.committed {
        committed.opening = opening;
    }
    let (Some(verified), Some(committed)) = (planned.outcome.plan(), planned.committed.as_ref()) else {
        let status = planned
            .outcome
            .status()
            .map_or_else(|| planned.outcome.word().to_string(), ToString::to_string);
        return Err(DeskError::NoPlan(status));
    };
    let window = &planned.window;
    let figures = compute_figures(window, verified);
    let name = week_folder_name(&calendar, from);
    let out = workspace.week_folder(&name, kept);
    let folder = OutputFolder::claim(&out, &[scenario.as_path(), &planner.scenario])?
        .with_csv_bom(crate::data::read_csv_style(&planner.scenario)?.bom);
    let scenario_title = scenario_name(&planner.scenario);
    write_plan_folder_with(
        &folder,
        window,
        &planned.outcome,
        verified,
        &figures,
        Sections {
            scenario: Some(&scenario_title),
            this_week: Some(committed),
            ..Sections::default()
        },
        Vec::new(),
    )?;
    drop(scratch);
    let text_of = |file: &str| {
        std::fs::read(out.join(file))
            .map(|bytes| {
                let bytes = bytes.strip_prefix(crate::data::read::UTF8_BOM).unwrap_or(&bytes);
                Value::String(String::from_utf8_lossy(bytes).into_owned())
            })
            .unwrap_or(Value::Null)
    };
    let mut answer = Map::new();
    answer.insert("week".into(), Value::from(from));
    answer.insert("folder".into(), Value::String(name));
    answer.insert("kept".into(), Value::Bool(kept));
    answer.insert(
        "label".into(),
        Value::String(crate::report::text::week_label(window, from)),
    );
    answer.insert(
        "cost".into(),
        Value::String(crate::report::week::week_cost_text(window, &committed.costs)),
    );
    answer.insert("summary".into(), summary_json(window, &planned.outcome, &figures));
    for (key, file) in [
        ("dispatch", "dispatch.csv"),
        ("next_stock", "next/stock.csv"),
        ("next_in_transit", "next/in_transit.csv"),
    ] {
        answer.insert(key.into(), text_of(file));
    }
    Ok(Value::Object(answer))
}

/// A scratch folder inside the workspace (`.upload-RANDOM`), removed when
/// dropped: the server made it and nothing else is in it.
struct Scratch(PathBuf);

impl Scratch {
    fn new(workspace: &Path) -> std::result::Result<Scratch, DeskError> {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).map_err(|e| DeskError::Failed(e.to_string()))?;
        let name: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let path = workspace.join(format!(".upload-{name}"));
        std::fs::create_dir(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Scratch(path))
    }

    fn write(&self, name: &str, text: &str) -> Result<()> {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))
    }

    /// The scenario's files with the counts in place of its own: a folder's
    /// files copied, or a workbook's sheets each as the CSV file it is read
    /// as (its settings as `scenario.toml`), so that the counts replace two
    /// files alike. The workbook itself is never written.
    fn copy_scenario(&self, scenario: &Path, input: &WeekInput) -> Result<PathBuf> {
        let copy = self.0.join("scenario");
        std::fs::create_dir(&copy).map_err(|e| Error::io(&copy, e))?;
        if is_workbook(scenario) && !scenario.is_dir() {
            let files = open_scenario(scenario)?;
            let names = crate::data::read::SCENARIO_FILES.iter().map(|spec| spec.name);
            for name in names.chain([crate::data::workbook::SETTINGS_FILE]) {
                let bytes = files
                    .load(name)
                    .map_err(|why| Error::io(scenario, std::io::Error::other(why.to_string())))?;
                if let Some(bytes) = bytes {
                    std::fs::write(copy.join(name), bytes).map_err(|e| Error::io(copy.join(name), e))?;
                }
            }
        } else {
            copy_folder_files(scenario, &copy)?;
        }
        // Counts replace the state; `state.toml` said which week the old one was.
        let _ = std::fs::remove_file(copy.join(crate::scenario::week::STATE_FILE));
        for (text, name) in [(&input.stock, "stock.csv"), (&input.in_transit, "in_transit.csv")] {
            if let Some(text) = text {
                self.write(&format!("scenario/{name}"), text)?;
            }
        }
        Ok(copy)
    }

    fn actuals(&self, input: &WeekInput) -> Result<PathBuf> {
        for (text, name) in [(&input.supply, "supply.csv"), (&input.demand, "demand.csv")] {
            if let Some(text) = text {
                self.write(&format!("actuals/{name}"), text)?;
            }
        }
        Ok(self.0.join("actuals"))
    }
}

/// The CSV and TOML files of the scenario folder `from`, copied into `to`.
fn copy_folder_files(from: &Path, to: &Path) -> Result<()> {
    let entries = std::fs::read_dir(from).map_err(|e| Error::io(from, e))?;
    for entry in entries.filter_map(|e| e.ok()) {
        let (path, name) = (entry.path(), entry.file_name());
        let wanted =
            entry.file_type().is_ok_and(|t| t.is_file()) && path.extension().is_some_and(|x| x == "csv" || x == "toml");
        if wanted {
            std::fs::copy(&path, to.join(&name)).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
