//! The Monday routine (`agrimatch week`): plan from this week to the end of
//! the data (or a horizon) from what is in the cold rooms (`stock.csv`) and
//! on the road (`in_transit.csv`), commit this week's shipments, and derive
//! next week's opening state in the files' own formats, so that the planner
//! copies them over the scenario's and runs the routine again.

use std::collections::BTreeMap;

use crate::data::{Instance, LaneIx, LocationIx, OpeningStock, ProductIx, Week};
use crate::error::{Error, Result};
use crate::model::ObjectiveWeights;
use crate::solve::plan::TruckLot;
use crate::solve::{solve_instance_with, PlanOutcome, SolveOptions, VerifiedPlan};

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

/// A row of `next/in_transit.csv`: still on the road at the start of the
/// next week.
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
    /// Age on arrival, in days.
    pub age_days: u32,
    /// Kg on the road.
    pub quantity_kg: f64,
}

/// What the routine decided for the committed week and expects next.
#[derive(Debug, Clone, PartialEq)]
pub struct CommittedWeek {
    /// The week shipped (`--from`).
    pub week: Week,
    /// What leaves this week, one line per lane, product and age.
    pub dispatch: Vec<DispatchLine>,
    /// `next/stock.csv`: on hand at the start of the next week.
    pub next_stock: Vec<NextStock>,
    /// `next/in_transit.csv`: still on the road at the start of the next week.
    pub next_in_transit: Vec<NextInTransit>,
    /// `next/support.csv`: the support lines with what is left of their
    /// budgets after this week's purchases (empty without support lines).
    pub next_support: Vec<crate::data::SupportLine>,
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
        return Err(Error::Usage(format!(
            "--from: expected a week from 1 to {last_data} (the last week with data), found {from}"
        )));
    }
    let last = match horizon {
        Some(0) => {
            return Err(Error::Usage(
                "--horizon: expected a number of weeks >= 1, found 0".to_string(),
            ))
        }
        Some(h) => from.saturating_add(h - 1).min(last_data),
        None => last_data,
    };
    let mut stock = Vec::new();
    for s in &forecast.stock {
        if s.via.is_some() && s.week < from {
            return Err(Error::Usage(format!(
                "in_transit.csv: an arrival in week {} is before the week planned ({from}): count it in stock.csv",
                s.week
            )));
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
pub fn plan_week(
    forecast: &Instance,
    actual: &Instance,
    from: Week,
    horizon: Option<u32>,
    options: &SolveOptions,
) -> Result<WeekPlan> {
    let window = window_from(forecast, actual, from, horizon)?;
    let weights = ObjectiveWeights::of(forecast);
    let outcome = solve_instance_with(&window, &weights, options)?;
    let committed = outcome.plan().map(|verified| commit_week(&window, verified, from));
    Ok(WeekPlan {
        window,
        outcome,
        committed,
    })
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

/// The committed week's loads and the opening state of the week after.
pub fn commit_week(window: &Instance, verified: &VerifiedPlan, week: Week) -> CommittedWeek {
    let period = window.period_days;
    let days = |periods: u32| periods.saturating_mul(period);
    let mut loads: BTreeMap<(LaneIx, ProductIx, u32, bool), f64> = BTreeMap::new();
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
                f.age + lane.transit_periods,
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
    // Produce that was on the road before and is still on it next week.
    for s in window.stock.iter().filter(|s| s.week > week) {
        if let Some(from) = s.via {
            *on_road.entry((from, s.location, s.product, s.week, s.age)).or_default() += s.quantity_kg;
        }
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
    // Truck by truck within a lane (stable: product and age order stay).
    dispatch.sort_by_key(|l| (l.lane, l.truck.map_or(0, |t| t.number)));
    let mut next_support = window.support.clone();
    for f in verified.plan.support.iter().filter(|f| f.week == week) {
        let line = &mut next_support[f.line];
        if let Some(budget) = &mut line.budget {
            *budget = (*budget - f.quantity_kg * line.price_per_kg).max(0.0);
        }
    }
    let mut held: BTreeMap<(LocationIx, ProductIx, u32), f64> = BTreeMap::new();
    for f in verified.plan.stocks.iter().filter(|f| f.week == week) {
        *held.entry((f.location, f.product, f.age + 1)).or_default() += f.quantity_kg;
    }
    CommittedWeek {
        week,
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
            .map(|((from, to, product, arrive_week, age), quantity_kg)| NextInTransit {
                from,
                to,
                product,
                arrive_week,
                age_days: days(age),
                quantity_kg,
            })
            .collect(),
        next_support,
    }
}
