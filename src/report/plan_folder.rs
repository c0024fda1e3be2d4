//! An output folder of `agrimatch plan` read back, for `agrimatch report`:
//! `summary.csv` as typed values, `flows.csv` as a plan, `marginal_values.csv`
//! when it is there, and the re-check that the flows still fit the scenario
//! and still cost what the plan recorded.

use std::path::Path;

use crate::data::key_values::KeyValues;
use crate::data::Instance;
use crate::error::{expected_found, quoted, Error, InputProblem, Result};
use crate::lang::t;
use crate::model::{LpSolver, ObjectiveWeights};
use crate::report::flows::ScenarioIds;
use crate::solve::marginal::{MarginalKind, MarginalValue};
use crate::solve::plan::Plan;
use crate::solve::{
    solve_greedy, verify_plan, Certificate, GapStatus, Method, Outcome, PlanCosts, PlanOutcome, Status, TruckSearch,
};

const SUMMARY: &str = "summary.csv";
const FLOWS: &str = "flows.csv";
const MARGINAL: &str = "marginal_values.csv";

/// What an output folder says about its plan. Costs are as recorded
/// (rounded to 4 decimals), not recomputed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFolder {
    /// Who made the plan, as `plan` recorded it in `status` (optimal,
    /// baseline or rolled: no other plan is ever written) and `solver`.
    pub method: Method,
    /// The recorded `objective`.
    pub cost: f64,
    /// The recorded cost parts.
    pub costs: PlanCosts,
    /// Columns of the LP, as recorded (0 for a plan no LP made).
    pub variables: usize,
    /// Rows of the LP, as recorded.
    pub constraints: usize,
    /// The greedy baseline's cost when the page showed it (`plan --baseline`).
    pub greedy_cost: Option<f64>,
    /// `flows.csv` resolved against the scenario, not yet verified.
    pub plan: Plan,
    /// `marginal_values.csv`, when the plan wrote it (`plan --marginal-values`).
    pub marginal: Option<Vec<MarginalValue>>,
    /// A truck plan's search as recorded (`lower_bound`, `gap`, `lp_solves`, `lp_solves_skipped`).
    pub truck_search: Option<TruckSearch>,
    /// The certificate as recorded (`certificate`, `duality_gap`): `report`
    /// shows it, it does not re-derive it (that would need the solver's duals).
    pub certificate: Certificate,
}

/// A folder's plan after the re-check: verified against the scenario, its
/// cost recomputed and equal to the recorded one, the greedy baseline (when
/// the folder had it) planned again.
#[derive(Debug, Clone)]
pub struct RecheckedPlan {
    /// Planned, with the verified plan and the recorded method.
    pub outcome: PlanOutcome,
    /// The greedy baseline planned again, when the folder recorded one.
    pub greedy: Option<crate::solve::VerifiedPlan>,
    /// `marginal_values.csv`, when the folder has it.
    pub marginal: Option<Vec<MarginalValue>>,
}

/// Costs recorded with 4 decimals agree with recomputed ones to 1e-6
/// relative, plus half the last recorded digit (the rounding).
pub fn same_cost(recomputed: f64, recorded: f64) -> bool {
    (recomputed - recorded).abs() <= 1e-6 * recomputed.abs().max(recorded.abs()) + 0.5e-4
}

/// Reads `summary.csv`, `flows.csv` and (when present) `marginal_values.csv`
/// of `folder`, resolved against `instance`; every bad line is a problem with
/// its file, line and column.
pub fn read_plan_folder(folder: &Path, instance: &Instance) -> Result<PlanFolder> {
    let read = |name: &str| crate::data::read::read_capped_text(&folder.join(name));
    let summary = read(SUMMARY)?;
    let flows = read(FLOWS)?;
    let marginal_text = match folder.join(MARGINAL).exists() {
        true => Some(read(MARGINAL)?),
        false => None,
    };
    let mut problems = Vec::new();
    let mut rows = KeyValues::read(SUMMARY, &summary, ["metric", "value"]);
    // Only the words of a written plan: a folder without a plan is not one.
    let status = rows.get("status", &t("ref-what-status", &[]), |v| {
        Status::from_word(v).filter(|s| s.is_planned())
    });
    // Only truck plans record their search (see `TruckSearch`).
    let number = |v: &str| v.parse::<f64>().ok().filter(|x| x.is_finite());
    let truck_cost = rows.optional("truck_cost", &t("err-what-number", &[]), number);
    let lower_bound = rows.optional("lower_bound", &t("err-what-number", &[]), number);
    let gap = rows.optional("gap", &t("err-what-number", &[]), number);
    let solves = rows.optional("lp_solves", &t("ref-what-count", &[]), |v| v.parse::<usize>().ok());
    let skipped = rows.optional("lp_solves_skipped", &t("ref-what-count", &[]), |v| {
        v.parse::<usize>().ok()
    });
    let solver = rows.get("solver", &t("ref-what-solver-name", &[]), |v| match v {
        "greedy" => Some(None),
        name => LpSolver::from_name(name).map(Some),
    });
    let searched = lower_bound.is_some();
    // Blank where no certificate was checked.
    let duality_gap = rows
        .optional("duality_gap", &t("ref-what-number-or-nothing", &[]), |v| match v {
            "" => Some(None),
            v => number(v).map(Some),
        })
        .flatten();
    let certificate_word = rows.optional("certificate", &t("ref-what-certificate", &[]), |v| Some(v.to_string()));
    let certificate = match (certificate_word.as_deref(), duality_gap) {
        (Some("checked"), Some(duality_gap)) => Certificate::Checked { duality_gap },
        (Some(word), _) => Certificate::None(word.strip_prefix("none: ").unwrap_or(word).to_string()),
        // Written back into summary.csv (`none: why`): the English contract.
        (None, _) => Certificate::None(crate::solve::certificate::reason::UNRECORDED.to_string()),
    };
    let method = match (status, solver) {
        (Some(Status::Baseline), Some(None)) => Some(Method::Greedy),
        (Some(Status::Optimal), Some(Some(solver))) if searched => Some(Method::Trucks(solver, GapStatus::Optimal)),
        (Some(Status::WithinGap), Some(Some(solver))) if searched => Some(Method::Trucks(solver, GapStatus::WithinGap)),
        (Some(Status::AboveGap), Some(Some(solver))) if searched => Some(Method::Trucks(solver, GapStatus::AboveGap)),
        (Some(Status::Optimal | Status::Solved), Some(Some(solver))) => Some(Method::Lp(solver)),
        (Some(Status::Rolled), Some(Some(solver))) => Some(Method::Rolled(solver)),
        (Some(_), Some(_)) => {
            problems.push(InputProblem::file(SUMMARY, t("ref-status-solver-pair", &[])));
            None
        }
        _ => None,
    };
    let cost = rows.get("objective", &t("err-what-number", &[]), number);
    let mut part = |name: &str| rows.get(name, &t("err-what-number", &[]), number);
    let parts = [
        part("transport_cost"),
        part("holding_cost"),
        part("waste_cost"),
        part("shortfall_cost"),
        part("closing_stock_cost"),
        part("fairness_cost"),
    ];
    let variables = rows.get("variables", &t("ref-what-count", &[]), |v| v.parse::<usize>().ok());
    let constraints = rows.get("constraints", &t("ref-what-count", &[]), |v| v.parse::<usize>().ok());
    let greedy_cost = rows.optional("greedy_cost", &t("err-what-number", &[]), number);
    // Only plans of scenarios with support.csv record it.
    let support = rows
        .optional("support_cost", &t("err-what-number", &[]), number)
        .unwrap_or(0.0);
    problems.append(&mut rows.problems);
    let plan = crate::report::flows::read_flows_csv(instance, &flows).map_err(|p| p.0);
    let plan = match plan {
        Ok(mut plan) => {
            // A plan never pays for a truck it does not need, so its trucks
            // are the fewest that carry each lane-week's load; verify then
            // checks them and their cost against the recorded one.
            plan.count_trucks(instance);
            Some(plan)
        }
        Err(mut p) => {
            problems.append(&mut p);
            None
        }
    };
    let marginal = match marginal_text.map(|text| read_marginal_values_csv(instance, &text)) {
        None => None,
        Some(Ok(values)) => Some(values),
        Some(Err(mut p)) => {
            problems.append(&mut p);
            None
        }
    };
    let [Some(transport), Some(holding), Some(waste), Some(shortfall), Some(closing_stock), Some(fairness)] = parts
    else {
        return Err(Error::Folder {
            folder: folder.to_path_buf(),
            problems,
        });
    };
    match (method, cost, variables, constraints, plan) {
        (Some(method), Some(cost), Some(variables), Some(constraints), Some(plan)) if problems.is_empty() => {
            Ok(PlanFolder {
                method,
                cost,
                costs: PlanCosts {
                    transport,
                    holding,
                    waste,
                    shortfall,
                    closing_stock,
                    fairness,
                    support,
                    trucks: truck_cost.unwrap_or(0.0),
                },
                variables,
                constraints,
                greedy_cost,
                truck_search: match (method, lower_bound, gap) {
                    (Method::Trucks(_, status), Some(lower_bound), Some(gap)) => Some(TruckSearch {
                        lower_bound,
                        gap,
                        status,
                        trucks: plan.trucks.iter().map(|t| t.trucks as u64).sum(),
                        truck_cost: truck_cost.unwrap_or(0.0),
                        solves: solves.unwrap_or(0),
                        skipped: skipped.unwrap_or(0),
                    }),
                    _ => None,
                },
                plan,
                marginal,
                certificate,
            })
        }
        _ => Err(Error::Folder {
            folder: folder.to_path_buf(),
            problems,
        }),
    }
}

/// Reads `folder` and re-checks it against `instance` (read from `scenario`):
/// the flows must pass the independent verification and give the recorded
/// cost; a recorded greedy baseline is planned again and must cost what was
/// recorded. Optimality itself is not re-checked: it stays as recorded.
pub fn recheck_plan_folder(folder: &Path, instance: &Instance, scenario: &Path) -> Result<RecheckedPlan> {
    let read = read_plan_folder(folder, instance)?;
    let refuse = |file: &str, message: String| Error::folder(folder, InputProblem::file(file, message));
    let verified = verify_plan(instance, &ObjectiveWeights::of(instance), &read.plan, None).map_err(|violations| {
        refuse(
            FLOWS,
            t(
                "ref-plan-does-not-fit",
                &[
                    ("scenario", &scenario.display().to_string()),
                    (
                        "violation",
                        &violations.first().cloned().unwrap_or_default().to_string(),
                    ),
                    (
                        "more",
                        &match violations.len() {
                            0 | 1 => String::new(),
                            n => t("ref-and-more", &[("n", &(n - 1).to_string())]),
                        },
                    ),
                ],
            ),
        )
    })?;
    let recomputed = verified.costs.total();
    if !same_cost(recomputed, read.cost) {
        return Err(refuse(
            FLOWS,
            t(
                "ref-cost-changed",
                &[
                    ("summary", SUMMARY),
                    ("flows", FLOWS),
                    ("recorded", &crate::report::tables::money(read.cost)),
                    ("recomputed", &crate::report::tables::money(recomputed)),
                ],
            ),
        ));
    }
    // Each recorded part too: a cost moved from one part to another (or a
    // truck cost edited with the total) is a changed file.
    let (r, v) = (&read.costs, &verified.costs);
    let parts = [
        ("transport_cost", r.transport, v.transport),
        ("holding_cost", r.holding, v.holding),
        ("waste_cost", r.waste, v.waste),
        ("shortfall_cost", r.shortfall, v.shortfall),
        ("closing_stock_cost", r.closing_stock, v.closing_stock),
        ("fairness_cost", r.fairness, v.fairness),
        ("support_cost", r.support, v.support),
        ("truck_cost", r.trucks, v.trucks),
    ];
    if let Some((name, recorded, recomputed)) = parts.into_iter().find(|&(_, a, b)| !same_cost(b, a)) {
        return Err(refuse(
            SUMMARY,
            t(
                "ref-part-changed",
                &[
                    ("name", name),
                    ("flows", FLOWS),
                    ("recorded", &crate::report::tables::money(recorded)),
                    ("recomputed", &crate::report::tables::money(recomputed)),
                ],
            ),
        ));
    }
    let greedy = match read.greedy_cost {
        None => None,
        Some(recorded) => {
            let greedy = solve_greedy(instance).into_plan();
            let recomputed = greedy.as_ref().map(|g| g.costs.total());
            match (greedy, recomputed) {
                (Some(greedy), Some(cost)) if same_cost(cost, recorded) => Some(greedy),
                (_, cost) => {
                    return Err(refuse(
                        SUMMARY,
                        t(
                            "ref-greedy-changed",
                            &[
                                ("recorded", &crate::report::tables::money(recorded)),
                                (
                                    "found",
                                    &cost.map_or_else(|| t("ref-no-greedy-plan", &[]), crate::report::tables::money),
                                ),
                            ],
                        ),
                    ))
                }
            }
        }
    };
    let outcome = PlanOutcome {
        outcome: Outcome::Planned {
            plan: verified,
            method: read.method,
        },
        variables: read.variables,
        constraints: read.constraints,
        build_seconds: 0.0,
        solve_seconds: 0.0,
        verify_seconds: 0.0,
        fallback_from: None,
        blocks: 1,
        // Not recorded per block in the folder; the page does not show it.
        block_solvers: Vec::new(),
        trucks: read.truck_search,
        certificate: read.certificate,
        balance_repair: 0.0,
    };
    Ok(RecheckedPlan {
        outcome,
        greedy,
        marginal: read.marginal,
    })
}

/// `marginal_values.csv` as written by
/// [`write_marginal_values_csv`](crate::report::tables::write_marginal_values_csv).
pub fn read_marginal_values_csv(
    instance: &Instance,
    text: &str,
) -> std::result::Result<Vec<MarginalValue>, Vec<InputProblem>> {
    const HEADER: [&str; 6] = ["kind", "location", "lane_to", "product", "week", "cost_change_per_kg"];
    let ids = ScenarioIds::new(instance);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    match reader.headers() {
        Ok(h) if h.iter().eq(HEADER) => {}
        _ => {
            return Err(vec![InputProblem::line(
                MARGINAL,
                1,
                t("err-kv-header", &[("header", &HEADER.join(","))]),
            )])
        }
    }
    let mut values = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) if r.len() == HEADER.len() => r,
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                problems.push(InputProblem::line(
                    MARGINAL,
                    line,
                    t(
                        "ref-fields",
                        &[("expected", &HEADER.len().to_string()), ("found", &r.len().to_string())],
                    ),
                ));
                continue;
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(InputProblem::line(
                    MARGINAL,
                    line,
                    t("err-kv-csv", &[("error", &e.to_string())]),
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let before = problems.len();
        let mut bad = |column: usize, expected: &str| {
            problems.push(InputProblem::cell(
                MARGINAL,
                line,
                HEADER[column],
                expected_found(&t(expected, &[]), &quoted(&record[column])),
            ))
        };
        let kind = [
            MarginalKind::Demand,
            MarginalKind::Harvest,
            MarginalKind::LaneCapacity,
            MarginalKind::Storage,
            MarginalKind::SupportBudget,
        ]
        .into_iter()
        .find(|k| k.word() == &record[0]);
        if kind.is_none() {
            bad(0, "ref-what-marginal-kind");
        }
        let place = ids.location.get(&record[1]).copied();
        if place.is_none() {
            bad(1, "ref-what-scenario-location");
        }
        let lane_ix = match (kind, place) {
            (Some(MarginalKind::LaneCapacity), Some(from)) => {
                let found = ids
                    .location
                    .get(&record[2])
                    .and_then(|&to| ids.lane.get(&(from, to)))
                    .copied();
                if found.is_none() {
                    bad(2, "ref-what-lane-end");
                }
                found
            }
            _ => None,
        };
        let product_ix = match &record[3] {
            "" => None,
            id => {
                let found = ids.product.get(id).copied();
                if found.is_none() {
                    bad(3, "ref-what-scenario-product-or-nothing");
                }
                found
            }
        };
        let week = record[4].parse::<u32>().ok();
        if week.is_none() {
            bad(4, "ref-what-week-number");
        }
        let cost_per_kg = record[5].parse::<f64>().ok().filter(|x| x.is_finite());
        if cost_per_kg.is_none() {
            bad(5, "err-what-number");
        }
        if problems.len() > before {
            continue;
        }
        if let (Some(kind), Some(week), Some(cost_per_kg)) = (kind, week, cost_per_kg) {
            let lane_capacity = kind == MarginalKind::LaneCapacity;
            values.push(MarginalValue {
                kind,
                location: if lane_capacity { None } else { place },
                lane: lane_ix,
                product: product_ix,
                week,
                cost_per_kg,
            });
        }
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}
