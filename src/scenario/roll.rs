//! Rolling-horizon planning: plan weeks 1..H, commit week 1, move on one
//! week carrying stock by age and shipments still in transit, with the
//! actual harvest and orders of the week being committed (where given)
//! instead of the forecast, until the end. The committed plan is verified
//! as a whole against the actual data.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::data::{read_instance, Instance, LocationIx, MemoryFiles, OpeningStock, ProductIx, ScenarioFiles, Week};
use crate::error::{Error, Result};
use crate::lang::t;
use crate::model::{LpSolver, ObjectiveWeights};
use crate::solve::{solve_instance_with, verify_plan, Method, Outcome, Plan, PlanOutcome, PlanStatus, SolveOptions};

/// The committed plan and what it took, or why there is none (a window
/// without an optimal plan, or a committed plan that fails verification:
/// outcomes, not errors).
pub struct RollOutcome {
    /// The scenario as it happened: the forecast with the actuals in place.
    pub actual: Instance,
    /// Method [`Method::Rolled`] with the solver of the largest window;
    /// `blocks` counts the windows.
    pub outcome: PlanOutcome,
}

/// The weeks an actuals row may name: what happened is known only for
/// weeks that are planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActualWeeks {
    /// `roll`: any week of the forecast's data (1 to its last week).
    Data,
    /// `week`: only the week being committed (`--from`).
    Committed(Week),
}

/// The scenario as planned: the base, with a change file applied when given.
pub fn read_forecast(base: &Path, changes: Option<&Path>) -> Result<Instance> {
    // A change file (trucks on lanes, a closed road) is part of the plan's
    // world: both the forecast and what happened see it. The actuals then
    // replace supply and demand rows, changed or not: they are what happened.
    match changes {
        Some(changes) => crate::scenario::changes::read_variant(base, changes),
        None => read_instance(base),
    }
}

/// The forecast with actual supply and demand rows in place of forecast
/// rows of the same (farm or store, product, week); `actuals` holds
/// `supply.csv` and/or `demand.csv` in the scenario's format, (for `roll`)
/// the forecast's own and nothing read.
pub fn read_actual(base: &Path, actuals: Option<&Path>, changes: Option<&Path>) -> Result<(Instance, Instance)> {
    let forecast = read_forecast(base, changes)?;
    let actual = match actuals {
        Some(actuals) => read_actuals(base, &forecast, actuals, ActualWeeks::Data)?,
        None => forecast.clone(),
    };
    Ok((forecast, actual))
}

/// The header a missing actuals file reads as: no rows.
fn no_rows(name: &str) -> &'static [u8] {
    match name {
        "supply.csv" => b"farm,product,week,quantity_kg\n",
        _ => b"store,product,week,quantity_kg\n",
    }
}

/// `forecast` with the rows of the actuals folder in place of its own. A
/// row of a week `weeks` does not allow is refused with its file, line and
/// column (it would otherwise stretch the plan or be ignored); a file with
/// only its header has no rows and replaces nothing.
pub fn read_actuals(base: &Path, forecast: &Instance, actuals: &Path, weeks: ActualWeeks) -> Result<Instance> {
    if !actuals.is_dir() {
        return Err(Error::Usage(t(
            "ref-actuals-no-folder",
            &[("folder", &actuals.display().to_string())],
        )));
    }
    // The actuals are read against the base's ids: the base's files with
    // the actual supply and demand in place of the forecast ones.
    let base_files = crate::data::open_scenario(base)?;
    let base_files = base_files.as_ref();
    let actual_files = crate::data::FolderFiles(actuals.to_path_buf());
    let mut files = MemoryFiles::default();
    for name in [
        "products.csv",
        "farms.csv",
        "stores.csv",
        "hubs.csv",
        "lanes.csv",
        "scenario.toml",
    ] {
        if let Some(bytes) = load_file(base_files, name)? {
            files.0.insert(name.to_string(), bytes);
        }
    }
    let mut found = 0;
    for name in ["supply.csv", "demand.csv"] {
        // A file the actuals lack has no rows: the forecast's stand.
        let bytes = match load_file(&actual_files, name)? {
            Some(bytes) => {
                found += 1;
                bytes
            }
            None => no_rows(name).to_vec(),
        };
        files.0.insert(name.to_string(), bytes);
    }
    if found == 0 {
        return Err(Error::Usage(t(
            "ref-actuals-no-files",
            &[("folder", &actuals.display().to_string())],
        )));
    }
    let mut problems = Vec::new();
    let rows = crate::data::read::read_scenario_rows(&files, &mut problems);
    let (allowed, expected) = match weeks {
        ActualWeeks::Data => (
            1..=forecast.weeks,
            t("ref-what-forecast-week", &[("last", &forecast.weeks.to_string())]),
        ),
        ActualWeeks::Committed(week) => (
            week..=week,
            t("ref-what-committed-week", &[("week", &week.to_string())]),
        ),
    };
    for (name, list) in [("supply.csv", &rows.supply), ("demand.csv", &rows.demand)] {
        for row in list.iter().filter(|r| !allowed.contains(&r.week)) {
            problems.push(crate::error::InputProblem::cell(
                name,
                row.line,
                "week",
                crate::error::expected_found(&expected, &row.week.to_string()),
            ));
        }
    }
    // Header-only files: nothing happened that the forecast did not say.
    if problems.is_empty() && rows.supply.is_empty() && rows.demand.is_empty() {
        return Ok(forecast.clone());
    }
    let known = crate::data::validate::validate_instance(&rows, &mut problems);
    let problems = files.locate(problems);
    if !problems.is_empty() {
        // Problems in the actual files name the actuals folder, not the scenario's.
        let mut problems = problems;
        for p in problems
            .iter_mut()
            .filter(|p| p.file == "supply.csv" || p.file == "demand.csv")
        {
            p.file = actuals.join(&p.file).display().to_string();
        }
        return Err(Error::Input(crate::error::InputProblems(problems)));
    }
    let mut actual = forecast.clone();
    let replaced: HashSet<(LocationIx, ProductIx, Week)> =
        known.supply.iter().map(|s| (s.farm, s.product, s.week)).collect();
    actual
        .supply
        .retain(|s| !replaced.contains(&(s.farm, s.product, s.week)));
    actual.supply.extend(known.supply);
    let replaced: HashSet<(LocationIx, ProductIx, Week)> =
        known.demand.iter().map(|d| (d.store, d.product, d.week)).collect();
    actual
        .demand
        .retain(|d| !replaced.contains(&(d.store, d.product, d.week)));
    actual.demand.extend(known.demand);
    Ok(actual)
}

/// The window of weeks `start..start + horizon` (cut at the end), renumbered
/// from 1: actual data for its first week, forecast after, and `carried`
/// stock and arrivals.
/// Support lines keep to their weeks, renumbered, with what is left of
/// their budgets after `spent` (per line) in the committed weeks.
fn window(
    forecast: &Instance,
    actual: &Instance,
    (start, horizon): (Week, u32),
    carried: &[OpeningStock],
    spent: &[f64],
) -> Instance {
    let last = (start + horizon - 1).min(actual.weeks);
    let shift = |week: Week| week - start + 1;
    let pick = |week: Week| if week == start { actual } else { forecast };
    let support = forecast
        .support
        .iter()
        .zip(spent)
        .map(|(s, &spent)| crate::data::SupportLine {
            week_from: s.week_from.saturating_sub(start - 1).max(1),
            // A line that ended before the window buys nothing (week_to 0).
            week_to: match s.week_to {
                Week::MAX => Week::MAX,
                to => to.saturating_sub(start - 1),
            },
            budget: s.budget.map(|budget| (budget - spent).max(0.0)),
            spoiling_only: last < actual.weeks,
            ..s.clone()
        })
        .collect();
    let weeks = last - start + 1;
    let mut w = Instance {
        weeks,
        supply: Vec::new(),
        demand: Vec::new(),
        // Arrivals after the window are carried on, not wasted in it.
        stock: carried.iter().filter(|s| s.week <= weeks).cloned().collect(),
        support,
        ..forecast.clone()
    };
    for week in start..=last {
        let source = pick(week);
        w.supply.extend(
            source
                .supply
                .iter()
                .filter(|s| s.week == week)
                .map(|s| crate::data::Supply {
                    week: shift(week),
                    ..s.clone()
                }),
        );
        w.demand.extend(
            source
                .demand
                .iter()
                .filter(|d| d.week == week)
                .map(|d| crate::data::Demand {
                    week: shift(week),
                    ..d.clone()
                }),
        );
    }
    w
}

/// Plans the whole horizon window by window. Produce on the road that
/// arrives after the last week is left out of every window and of the
/// committed plan (neither sold nor wasted: see `after_plan.csv`).
pub fn roll(forecast: &Instance, actual: &Instance, horizon: u32, options: &SolveOptions) -> Result<RollOutcome> {
    if horizon == 0 {
        return Err(Error::Usage(crate::error::flag_expected_found(
            "--horizon",
            &t("ref-what-horizon", &[]),
            "0",
        )));
    }
    let forecast = &crate::scenario::week::without_arrivals_after(forecast, actual.weeks);
    let actual = &crate::scenario::week::without_arrivals_after(actual, actual.weeks);
    // Every window, and the committed plan, is costed at the forecast's
    // weights: a window's own maxima would differ from week to week.
    let weights = ObjectiveWeights::of(forecast);
    let mut carried: Vec<OpeningStock> = forecast.stock.clone();
    let mut committed = Plan::default();
    let mut totals = (0, 0, 0.0, 0.0);
    // The solver of the largest window so far: (variables, solver).
    let mut largest: Option<(usize, LpSolver)> = None;
    let ended = |outcome: Outcome, totals: (usize, usize, f64, f64)| RollOutcome {
        actual: actual.clone(),
        outcome: PlanOutcome {
            outcome,
            variables: totals.0,
            constraints: totals.1,
            build_seconds: totals.2,
            solve_seconds: totals.3,
            verify_seconds: 0.0,
            fallback_from: None,
            blocks: actual.weeks as usize,
            block_solvers: Vec::new(),
            trucks: None,
            // Written into summary.csv (`none: why`): the English contract.
            certificate: crate::solve::Certificate::None(crate::solve::certificate::reason::ROLLED.to_string()),
            balance_repair: 0.0,
        },
    };
    let mut spent = vec![0.0; forecast.support.len()];
    for start in 1..=actual.weeks {
        let instance = window(forecast, actual, (start, horizon), &carried, &spent);
        let outcome = solve_instance_with(&instance, &weights, options)?;
        let (Method::Lp(solver) | Method::Trucks(solver, _)) = outcome.method() else {
            unreachable!("solve_instance plans with an LP solver");
        };
        if largest.is_none_or(|(variables, _)| outcome.variables > variables) {
            largest = Some((outcome.variables, solver));
        }
        if let Some(status) = outcome.status() {
            // A status's reason may be written into CSV files: the English contract.
            let status = PlanStatus::Failed(format!(
                "the window starting in week {start} has no optimal plan: {status}"
            ));
            let method = Method::Rolled(solver);
            return Ok(ended(Outcome::NotPlanned { status, method }, totals));
        }
        totals = (
            totals.0 + outcome.variables,
            totals.1 + outcome.constraints,
            totals.2 + outcome.build_seconds,
            totals.3 + outcome.solve_seconds,
        );
        let plan = outcome.into_plan().expect("a window without a status has a plan").plan;
        // Arrivals carried from earlier windows that are still to come.
        let mut next: Vec<OpeningStock> = carried
            .iter()
            .filter(|s| s.week >= 2)
            .map(|s| OpeningStock {
                week: s.week - 1,
                ..s.clone()
            })
            .collect();
        let absolute = |week: Week| week + start - 1;
        for f in plan.shipments.iter().filter(|f| f.week == 1) {
            let d = instance.lane(f.lane).transit_periods;
            if d >= 1 {
                // Still on the road when the next window starts.
                next.push(OpeningStock {
                    location: instance.lane(f.lane).to,
                    product: f.product,
                    week: d,
                    age: f.age + d,
                    quantity_kg: f.quantity_kg,
                    via: Some(instance.lane(f.lane).from),
                });
            }
            committed.shipments.push(crate::solve::plan::ShipmentFlow {
                week: absolute(f.week),
                ..f.clone()
            });
        }
        for f in plan.stocks.iter().filter(|f| f.week == 1) {
            if start < actual.weeks {
                next.push(OpeningStock {
                    location: f.location,
                    product: f.product,
                    week: 1,
                    age: f.age + 1,
                    quantity_kg: f.quantity_kg,
                    via: None,
                });
            }
            committed.stocks.push(crate::solve::plan::StockFlow {
                week: absolute(f.week),
                ..f.clone()
            });
        }
        // Bought on arrival: nothing is carried, the money is spent.
        for f in plan.support.iter().filter(|f| f.week == 1) {
            spent[f.line] += f.quantity_kg * forecast.support[f.line].price_per_kg;
            committed.support.push(crate::solve::plan::SupportFlow {
                week: absolute(f.week),
                ..f.clone()
            });
        }
        for f in plan.sales.iter().filter(|f| f.week == 1) {
            committed.sales.push(crate::solve::plan::SaleFlow {
                week: absolute(f.week),
                ..f.clone()
            });
        }
        // Merge lots of the same location, product, week and age (where
        // they come from no longer matters to the next window).
        let mut merged: BTreeMap<(LocationIx, ProductIx, Week, u32), f64> = BTreeMap::new();
        for s in next {
            *merged.entry((s.location, s.product, s.week, s.age)).or_default() += s.quantity_kg;
        }
        carried = merged
            .into_iter()
            .map(|((location, product, week, age), quantity_kg)| OpeningStock {
                location,
                product,
                week,
                age,
                quantity_kg,
                via: None,
            })
            .collect();
    }
    let (_, solver) = largest.expect("a scenario has at least one week, so one window");
    let method = Method::Rolled(solver);
    // Trucks of the committed weeks, counted from what they carry.
    committed.count_trucks(actual);
    let outcome = match verify_plan(actual, &weights, &committed, None) {
        Ok(plan) => Outcome::Planned { plan, method },
        Err(violations) => Outcome::NotPlanned {
            status: PlanStatus::Unverified(violations),
            method,
        },
    };
    Ok(ended(outcome, totals))
}
/// A scenario file's bytes (`None`: absent), an unreadable one an input
/// problem of that file.
pub(crate) fn load_file(source: &dyn ScenarioFiles, name: &str) -> Result<Option<Vec<u8>>> {
    source.load(name).map_err(|why| {
        Error::Input(crate::error::InputProblems(vec![crate::error::InputProblem::file(
            name,
            why.to_string(),
        )]))
    })
}
