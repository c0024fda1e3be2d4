//! The moves of the truck search, one function per step of the module
//! comment in `trucks/mod.rs`: each builds variants (`variants.rs`), spends
//! solves from the search's budget and leaves the cheapest verified plan in
//! [`Search::best`].

use std::collections::{BTreeMap, BTreeSet};

use super::search::{counted_trucks, truck_loads, Candidate, Search};
use super::variants::{closed_weeks, fixed_instance, kept_instance, priced_instance, repriced_instance, sunk_instance};
use super::{
    LaneLoads, LaneWeek, Slopes, TruckCounts, CONSOLIDATE_SOLVES, DESCENT_SOLVES, DROP_SOLVES, FRUITLESS_DROPS,
    OPEN_LANES, OPEN_SLOPES, POLISH_SOLVES, PROVEN_GAP, SLOPE_SOLVES,
};
use crate::data::{Instance, LaneIx, Week};
use crate::solve::plan::Plan;

/// Step 1, slope scaling from the relaxation's plan `relaxed`: each
/// lane-week priced at what its trucks cost per kg in the last plan, until
/// the truck counts repeat or [`SLOPE_SOLVES`] solves are spent.
pub(super) fn scale_slopes(search: &mut Search, relaxed: &Plan) -> crate::Result<()> {
    let instance = search.instance;
    let mut slopes: Slopes = BTreeMap::new();
    let mut seen: BTreeSet<Vec<(LaneWeek, u32)>> = BTreeSet::new();
    let mut last = relaxed.clone();
    let end = search.solves + SLOPE_SOLVES;
    while search.may_solve() && search.solves < end {
        let loads = truck_loads(instance, &last);
        let mut counts = Vec::with_capacity(loads.len());
        for (&key, &kg) in &loads {
            let truck = instance.lane(key.0).truck.expect("loads are of truck lanes");
            let trucks = truck.needed_for(kg);
            counts.push((key, trucks));
            if kg > 0.0 && trucks > 0 {
                slopes.insert(key, truck.cost * f64::from(trucks) / kg);
            }
        }
        if !seen.insert(counts) {
            break;
        }
        match search.solve(&priced_instance(instance, &slopes))? {
            Some(next) => last = next,
            None => break,
        }
    }
    Ok(())
}

/// Step 0: the relaxation's loads rounded up to whole trucks, as fixed
/// capacities. It runs first, before slope scaling, and leaves the warm
/// starts as they were ([`Search::solve_aside`]): where it reaches the gap
/// the search ends after two solves, and where it does not, the steps after
/// it take the same path as without it. This solve may go on to a general LP
/// solver (see [`Search::solve_by`]).
pub(super) fn round_up(search: &mut Search, relaxed_loads: &LaneLoads) -> crate::Result<()> {
    if search.may_solve() {
        let trucks = rounded(search, relaxed_loads, true);
        search.solve_aside(&fixed_instance(search.instance, &trucks))?;
    }
    Ok(())
}

/// Step 2: the relaxation's loads rounded up to whole trucks and down to
/// full ones (leaving the rest may beat another truck, as in the
/// hand-derived case of one full truck and 2 t short), as fixed
/// capacities, each solved from where slope scaling ended (rounding up
/// again: from there the LP may end at another plan than in step 1); both
/// may go on to a general LP solver as [`round_up`].
pub(super) fn round_relaxation(search: &mut Search, relaxed_loads: &LaneLoads) -> crate::Result<()> {
    for up in [true, false] {
        if !search.may_solve() {
            break;
        }
        let trucks = rounded(search, relaxed_loads, up);
        search.solve_by(&fixed_instance(search.instance, &trucks), false)?;
    }
    Ok(())
}

/// `loads` in whole trucks: rounded up, or down to full trucks.
fn rounded(search: &Search, loads: &LaneLoads, up: bool) -> TruckCounts {
    loads
        .iter()
        .filter_map(|(&key, &kg)| {
            let truck = search.instance.lane(key.0).truck?;
            let full = (kg / truck.kg + 1e-9).floor() as u32;
            Some((key, if up { truck.needed_for(kg) } else { full }))
        })
        .collect()
}

/// Where the drop steps (3 to 5) stand between solves.
struct DropWalk {
    /// Truck counts already filled (fixed LP) and already tried as drops
    /// (sunk LP): the two LPs differ, so a count tried in one may still pay
    /// in the other.
    tried: BTreeSet<Vec<(LaneWeek, u32)>>,
    dropped: BTreeSet<Vec<(LaneWeek, u32)>>,
    /// Trucks dropped at once; `usize::MAX`: a quarter of the last trucks
    /// not full, at the next drop.
    group: usize,
    /// Of the last trucks, least filled first, how many the walk skips.
    offset: usize,
    /// Single drops in a row that did not pay.
    fruitless: usize,
    /// Lanes whose closing paid: no truck leaves on them.
    closed: BTreeSet<LaneIx>,
    /// Lanes already emptied by a lane move.
    lanes_tried: BTreeSet<LaneIx>,
}

/// Steps 3 to 5 until [`DROP_SOLVES`]: fill the best plan's trucks, drop the
/// least-filled ones (in groups, then one by one), and close the least
/// filled lanes once single drops stop paying.
pub(super) fn drop_and_close(search: &mut Search) -> crate::Result<()> {
    let mut walk = DropWalk {
        tried: BTreeSet::new(),
        dropped: BTreeSet::new(),
        group: usize::MAX,
        offset: 0,
        fruitless: 0,
        closed: BTreeSet::new(),
        lanes_tried: BTreeSet::new(),
    };
    while search.may_solve() && search.solves < DROP_SOLVES {
        let Some(best) = &search.best else { break };
        let trucks = best.trucks();
        if walk.tried.insert(trucks.iter().map(|(&k, &n)| (k, n)).collect()) {
            let before = search.best.as_ref().map(|b| b.cost);
            search.solve(&fixed_instance(search.instance, &trucks))?;
            if search.best.as_ref().map(|b| b.cost) != before {
                continue;
            }
        }
        // The last truck of each lane-week, least filled first.
        let best = search.best.as_ref().expect("checked above");
        let loads = truck_loads(search.instance, &best.verified.plan);
        let last_fill = last_truck_fills(search.instance, &trucks, &loads);
        if walk.group == usize::MAX {
            walk.group = last_fill.len().div_ceil(4).max(1);
        }
        if walk.group == 0 {
            walk.group = 1;
            walk.offset += 1;
        }
        if walk.offset >= last_fill.len() || walk.fruitless >= FRUITLESS_DROPS {
            if !close_lane(search, &mut walk, trucks, &loads)? {
                break;
            }
            continue;
        }
        drop_trucks(search, &mut walk, trucks, &last_fill)?;
    }
    Ok(())
}

/// Step 4: the next `walk.group` least-filled last trucks taken away, the
/// rest of the best plan's trucks sunk.
fn drop_trucks(
    search: &mut Search,
    walk: &mut DropWalk,
    mut trucks: TruckCounts,
    last_fill: &[(f64, LaneWeek)],
) -> crate::Result<()> {
    for &(_, key) in last_fill.iter().skip(walk.offset).take(walk.group) {
        if let Some(n) = trucks.get_mut(&key) {
            *n = n.saturating_sub(1);
        }
    }
    let before = search.best.as_ref().map(|b| b.cost);
    if !walk.dropped.insert(trucks.iter().map(|(&k, &n)| (k, n)).collect()) {
        walk.group /= 2;
        return Ok(());
    }
    let closed = closed_weeks(search.instance, &walk.closed);
    search.solve(&sunk_instance(search.instance, &trucks, &closed))?;
    if search.best.as_ref().map(|b| b.cost) == before {
        if walk.group == 1 {
            walk.fruitless += 1;
        }
        walk.group /= 2;
    } else {
        walk.offset = 0;
        walk.fruitless = 0;
    }
    Ok(())
}

/// Step 5, a lane move: the truck lane whose trucks are least filled over
/// the horizon (not tried before) emptied, the sunk LP rerouting its kg,
/// and the result's trucks filled. Until one pays, the next lane follows
/// (the drop walk has stopped paying). `false`: no lane left to try.
fn close_lane(
    search: &mut Search,
    walk: &mut DropWalk,
    mut trucks: TruckCounts,
    loads: &LaneLoads,
) -> crate::Result<bool> {
    let instance = search.instance;
    let mut by_lane: BTreeMap<LaneIx, (f64, f64)> = BTreeMap::new();
    for (&(lane, week), &n) in &trucks {
        let Some(truck) = instance.lane(lane).truck else {
            continue;
        };
        let entry = by_lane.entry(lane).or_default();
        entry.0 += loads.get(&(lane, week)).copied().unwrap_or(0.0);
        entry.1 += f64::from(n) * truck.kg;
    }
    let next = by_lane
        .iter()
        .filter(|(l, (_, room))| *room > 0.0 && !walk.lanes_tried.contains(l))
        .map(|(&l, &(kg, room))| (kg / room, l))
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let Some((_, lane)) = next else { return Ok(false) };
    walk.lanes_tried.insert(lane);
    trucks.retain(|&(l, _), _| l != lane);
    let mut shut = walk.closed.clone();
    shut.insert(lane);
    let before = search.best.as_ref().map(|b| b.cost);
    let Some(moved) = search.solve(&sunk_instance(instance, &trucks, &closed_weeks(instance, &shut)))? else {
        return Ok(true);
    };
    if search.may_solve() {
        let moved_trucks = counted_trucks(&moved);
        if walk.tried.insert(moved_trucks.iter().map(|(&k, &n)| (k, n)).collect()) {
            search.solve(&fixed_instance(instance, &moved_trucks))?;
        }
    }
    if search.best.as_ref().map(|b| b.cost) != before {
        walk.closed = shut;
        walk.group = usize::MAX;
        walk.offset = 0;
        walk.fruitless = 0;
    }
    Ok(true)
}

/// Step 8, opening moves: the lanes the bound's LP uses most beyond the
/// best plan, each priced by slope scaling with the rest of the best plan's
/// trucks sunk, then a drop walk from the cheapest plan that gave.
pub(super) fn open_lanes(search: &mut Search, relaxed_loads: &LaneLoads) -> crate::Result<()> {
    let best_loads = search
        .best
        .as_ref()
        .map(|best| truck_loads(search.instance, &best.verified.plan))
        .unwrap_or_default();
    for lane in lanes_to_open(relaxed_loads, &best_loads) {
        if !search.may_solve() {
            break;
        }
        let Some(trucks) = search.best.as_ref().map(Candidate::trucks) else {
            break;
        };
        if let Some((cost, plan)) = open_lane(search, &trucks, lane)? {
            descend(search, plan, cost, DESCENT_SOLVES)?;
        }
    }
    Ok(())
}

/// The truck lanes the bound's LP loads more than the best plan does, over
/// the horizon, most kg first (ties by lane), at most [`OPEN_LANES`]: where
/// the relaxation sees a use for trucks that the search has not opened.
pub(super) fn lanes_to_open(relaxed: &LaneLoads, best: &LaneLoads) -> Vec<LaneIx> {
    let mut more: BTreeMap<LaneIx, f64> = BTreeMap::new();
    for (&(lane, _), &kg) in relaxed {
        *more.entry(lane).or_default() += kg;
    }
    for (&(lane, _), &kg) in best {
        *more.entry(lane).or_default() -= kg;
    }
    let mut ranked: Vec<(f64, LaneIx)> = more
        .into_iter()
        .filter(|&(_, kg)| kg > 1e-6)
        .map(|(lane, kg)| (kg, lane))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().take(OPEN_LANES).map(|(_, lane)| lane).collect()
}

/// An opening move: `lane` free of its trucks' price (only its cost per
/// kg) and the other truck lanes out of the same location at the
/// relaxation's price, with no paid trucks, while every other lane keeps
/// `trucks` sunk: the LP sends `lane` what it can use and may take kg off
/// its sibling lanes, whose trucks are no longer free. Then [`OPEN_SLOPES`]
/// rounds of slope scaling on those lanes alone (each lane-week priced at
/// what its trucks cost per kg in the last plan), each plan's trucks
/// filled. Returns the cheapest verified plan of the move and its cost,
/// which need not beat the best: [`descend`] starts from it. (Re-pricing
/// the lanes into the same place, or out of `lane`'s end, too was slower
/// and did not pay on the Luodian year.)
pub(super) fn open_lane(search: &mut Search, trucks: &TruckCounts, lane: LaneIx) -> crate::Result<Option<(f64, Plan)>> {
    let instance = search.instance;
    let mut slopes = opening_slopes(instance, lane);
    let mut opened: Option<(f64, Plan)> = None;
    let mut keep = |cost: Option<f64>, plan: &Plan| {
        if let Some(cost) = cost.filter(|&c| opened.as_ref().is_none_or(|(o, _)| c < *o)) {
            opened = Some((cost, plan.clone()));
        }
    };
    for _ in 0..OPEN_SLOPES {
        if !search.may_solve() {
            break;
        }
        let Some(next) = search.solve(&repriced_instance(instance, trucks, &slopes))? else {
            break;
        };
        keep(search.last_cost, &next);
        for (&key, &kg) in &truck_loads(instance, &next) {
            let truck = instance.lane(key.0).truck.expect("truck lane");
            let n = truck.needed_for(kg);
            if slopes.contains_key(&key) && kg > 0.0 && n > 0 {
                slopes.insert(key, truck.cost * f64::from(n) / kg);
            }
        }
        if search.may_solve() {
            if let Some(filled) = search.solve(&fixed_instance(instance, &counted_trucks(&next)))? {
                keep(search.last_cost, &filled);
            }
        }
    }
    Ok(opened)
}

/// The first prices of an opening move on `lane`, per kg on top of the
/// lanes' costs, every week: 0 on `lane`, the relaxation's
/// `cost_per_truck / truck_kg` on the other truck lanes out of the same
/// place; the lanes not named keep their sunk trucks.
pub(super) fn opening_slopes(instance: &Instance, lane: LaneIx) -> Slopes {
    let here = instance.lane(lane);
    let mut slopes = BTreeMap::new();
    for (l, other) in instance.lanes.iter().enumerate() {
        let Some(truck) = other.truck else { continue };
        let slope = if l == lane.0 {
            0.0
        } else if other.from == here.from {
            truck.cost / truck.kg
        } else {
            continue;
        };
        for week in 1..=instance.weeks {
            slopes.insert((LaneIx(l), week), slope);
        }
    }
    slopes
}

/// The last truck of each lane-week that is not full, as (its fill, the
/// lane-week), least filled first (ties in lane-week order): the trucks
/// the drop steps try to take away.
pub(super) fn last_truck_fills(
    instance: &Instance,
    trucks: &TruckCounts,
    loads: &BTreeMap<(LaneIx, Week), f64>,
) -> Vec<(f64, LaneWeek)> {
    let mut last_fill: Vec<(f64, LaneWeek)> = trucks
        .iter()
        .filter_map(|(&key, &n)| {
            let truck = instance.lane(key.0).truck?;
            let kg = loads.get(&key).copied().unwrap_or(0.0);
            let fill = (kg - f64::from(n.saturating_sub(1)) * truck.kg) / truck.kg;
            (fill < 1.0 - 1e-9).then_some((fill, key))
        })
        .collect();
    last_fill.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    last_fill
}

/// A drop walk from `plan` (not necessarily the best, cost `cost`): its
/// last trucks, least filled first, dropped one at a time with the rest
/// sunk (as step 4); a drop that lowers the walk's cost moves it there,
/// filled, and the walk starts again from the least-filled truck. At most
/// `budget` solves; every plan is a candidate for the best.
pub(super) fn descend(search: &mut Search, plan: Plan, cost: f64, budget: usize) -> crate::Result<()> {
    walk_drops(search, plan, cost, budget, &[Drop::Sunk])
}

/// How a drop walk treats the lane-week it takes a truck from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Drop {
    /// More trucks may still leave there at the relaxation's price per kg
    /// (as everywhere beyond the paid trucks).
    Sunk,
    /// No truck beyond the ones left may leave there: its kg must move to
    /// room already paid for in other weeks or on other lanes, or onto new
    /// trucks elsewhere. A sunk drop of a lightly loaded truck is often put
    /// back by the LP (the kg pay only a share of a truck there); a capped
    /// one makes the two moves at once that consolidating two weeks' loads
    /// onto one truck takes (the kg leave earlier or later, and the lanes
    /// before or after carry them then).
    Capped,
    /// No truck beyond the ones left may leave anywhere (the fixed LP of
    /// step 3 with one truck fewer): the kg must move to room already paid
    /// for. The sunk and capped drops may still buy trucks elsewhere by the
    /// kg, which the LP prices at a full truck's rate; where the kg would
    /// fill only a share of that truck, the counted plan pays the whole
    /// truck and the drop does not pay, though the paid room elsewhere
    /// would take the kg.
    Fixed,
}

/// Step 7, consolidating: a drop walk from the best plan of at most
/// [`CONSOLIDATE_SOLVES`], each last truck dropped sunk and, where that does
/// not pay, capped ([`Drop::Capped`]).
pub(super) fn consolidate(search: &mut Search) -> crate::Result<()> {
    let Some(best) = &search.best else { return Ok(()) };
    let (plan, cost) = (best.verified.plan.clone(), best.cost);
    walk_drops(search, plan, cost, CONSOLIDATE_SOLVES, &[Drop::Sunk, Drop::Capped])
}

/// A drop walk (see [`descend`]) trying each last truck with the kinds of
/// drop in `drops`, in that order. A drop that did not pay is not tried
/// again while its lane-week keeps the same trucks: after a drop pays the
/// walk starts again from the least-filled truck, and would otherwise spend
/// its budget re-solving the drops that failed before.
fn walk_drops(search: &mut Search, mut plan: Plan, mut cost: f64, budget: usize, drops: &[Drop]) -> crate::Result<()> {
    let instance = search.instance;
    let mut failed: BTreeSet<(LaneWeek, u32, Drop)> = BTreeSet::new();
    let end = search.solves.saturating_add(budget);
    while search.may_solve() && search.solves < end {
        let trucks = counted_trucks(&plan);
        let loads = truck_loads(instance, &plan);
        let last_fill = last_truck_fills(instance, &trucks, &loads);
        let next = last_fill
            .iter()
            .flat_map(|&(_, key)| drops.iter().map(move |&drop| (key, drop)))
            .find(|&(key, drop)| !failed.contains(&(key, trucks.get(&key).copied().unwrap_or(0), drop)));
        let Some((key, drop)) = next else { break };
        let n = trucks.get(&key).copied().unwrap_or(0);
        let mut fewer = trucks.clone();
        if let Some(n) = fewer.get_mut(&key) {
            *n -= 1;
        }
        let variant = match drop {
            Drop::Sunk => sunk_instance(instance, &fewer, &BTreeSet::new()),
            Drop::Capped => sunk_instance(instance, &fewer, &BTreeSet::from([key])),
            Drop::Fixed => fixed_instance(instance, &fewer),
        };
        let dropped = search.solve(&variant)?;
        let Some((next, c)) = dropped.zip(search.last_cost).filter(|&(_, c)| c < cost - 1e-6) else {
            failed.insert((key, n, drop));
            continue;
        };
        plan = next;
        cost = c;
        if search.may_solve() {
            if let Some(filled) = search.solve(&fixed_instance(instance, &counted_trucks(&plan)))? {
                if let Some(c) = search.last_cost.filter(|&c| c < cost - 1e-6) {
                    plan = filled;
                    cost = c;
                }
            }
        }
    }
    Ok(())
}

/// Step 6, splitting lanes between siblings: for each truck lane with weeks of two
/// or more trucks in the best plan (most money on trucks first), one truck
/// fewer in every such week at once, the rest sunk, so that a share of the
/// lane's kg moves to room already paid for on other routes (the direct lane
/// and the one through a hub); the result is filled when it pays. A single
/// week's drop saves too little to rank early in the drop walk; the lane's
/// weeks together do.
pub(super) fn split_lanes(search: &mut Search) -> crate::Result<()> {
    // Rounds while a split pays: a split moves kg onto other lanes' room,
    // after which the next round may split a lane that did not pay before.
    loop {
        let before = search.best.as_ref().map(|b| b.cost);
        split_round(search)?;
        if search.best.as_ref().map(|b| b.cost) == before || !search.may_solve() {
            return Ok(());
        }
    }
}

/// One round of [`split_lanes`], each lane once.
fn split_round(search: &mut Search) -> crate::Result<()> {
    let instance = search.instance;
    let Some(best) = &search.best else { return Ok(()) };
    let mut money: BTreeMap<LaneIx, f64> = BTreeMap::new();
    for (&(lane, _), &n) in best.trucks().iter().filter(|(_, &n)| n >= 2) {
        let truck = instance.lane(lane).truck.expect("trucks are on truck lanes");
        *money.entry(lane).or_default() += truck.cost * f64::from(n);
    }
    let mut lanes: Vec<(f64, LaneIx)> = money.into_iter().map(|(l, m)| (m, l)).collect();
    lanes.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, lane) in lanes {
        if !search.may_solve() {
            break;
        }
        let Some(best) = &search.best else { break };
        let before = best.cost;
        let mut fewer = best.trucks();
        for ((l, _), n) in fewer.iter_mut() {
            if *l == lane && *n >= 2 {
                *n -= 1;
            }
        }
        let Some(split) = search.solve(&sunk_instance(instance, &fewer, &BTreeSet::new()))? else {
            continue;
        };
        if search.last_cost.is_some_and(|c| c < before - 1e-6) && search.may_solve() {
            search.solve(&fixed_instance(instance, &counted_trucks(&split)))?;
        }
    }
    Ok(())
}

/// Step 9, trading, with the solves left after the opening moves: a drop
/// walk from the best plan with every other truck fixed ([`Drop::Fixed`]),
/// then [`exchange`]s. Both solve the fixed LP (the relaxation's shape, so
/// warm and cheap), and find the plans two sunk moves would need: on small
/// cases built to need two moves, a hub truck whose kg fit into another
/// week's paid room, or a truck moved to the week before.
pub(super) fn trade(search: &mut Search) -> crate::Result<()> {
    let Some(best) = &search.best else { return Ok(()) };
    let (plan, cost) = (best.verified.plan.clone(), best.cost);
    walk_drops(search, plan, cost, usize::MAX, &[Drop::Fixed])?;
    exchange(search)
}

/// Exchanges from the best plan, with every other truck fixed: the last
/// truck of a lane-week (least filled first) moved to one of
/// [`exchange_targets`]; the first exchange that lowers the cost is kept
/// and the walk starts again from the new best. A set of trucks is solved
/// once. Ends when no exchange pays or the solves run out.
fn exchange(search: &mut Search) -> crate::Result<()> {
    let instance = search.instance;
    let mut tried: BTreeSet<Vec<(LaneWeek, u32)>> = BTreeSet::new();
    'walk: while search.may_solve() {
        let Some(best) = &search.best else { break };
        let before = best.cost;
        let trucks = best.trucks();
        let loads = truck_loads(instance, &best.verified.plan);
        for (_, key) in last_truck_fills(instance, &trucks, &loads) {
            for target in exchange_targets(instance, key) {
                if !search.may_solve() {
                    break 'walk;
                }
                let mut next = trucks.clone();
                if let Some(n) = next.get_mut(&key) {
                    *n -= 1;
                }
                *next.entry(target).or_default() += 1;
                next.retain(|_, n| *n > 0);
                if !tried.insert(next.iter().map(|(&k, &n)| (k, n)).collect()) {
                    continue;
                }
                search.solve(&fixed_instance(instance, &next))?;
                if search.best.as_ref().is_some_and(|b| b.cost < before - 1e-6) {
                    continue 'walk;
                }
            }
        }
        break;
    }
    Ok(())
}

/// Where a truck taken from `key` may go instead: the week before and the
/// week after on its lane (loads shifted between weeks), and the same week
/// on every other truck lane out of the same place or into the same place
/// (loads moved to a sibling route), in lane order.
pub(super) fn exchange_targets(instance: &Instance, key: LaneWeek) -> Vec<LaneWeek> {
    let (lane, week) = key;
    let here = instance.lane(lane);
    let mut targets = Vec::new();
    if week > 1 {
        targets.push((lane, week - 1));
    }
    if week < instance.weeks {
        targets.push((lane, week + 1));
    }
    for (l, other) in instance.lanes.iter().enumerate() {
        if l != lane.0 && other.truck.is_some() && (other.from == here.from || other.to == here.to) {
            targets.push((LaneIx(l), week));
        }
    }
    targets
}

/// Step 10, polishing a plan within the gap: once the best plan is within
/// `--gap` of the bound (and not proven optimal), [`POLISH_SOLVES`] more
/// solves of group drops ([`drop_groups`]). The bound is weak for trucks, so
/// the first plan within the gap is often well above the best plan (on the
/// 300-farm case of BENCHMARKS.md, 0.3% above HiGHS's after 120 s); a drop of many trucks at once is the
/// move that takes most off a large plan per solve. Nothing happens when the
/// plan is above the gap (the steps before spent the budget) or optimal.
pub(super) fn polish(search: &mut Search) -> crate::Result<()> {
    if !search.close_enough() || search.gap() <= PROVEN_GAP {
        return Ok(());
    }
    search.polish_end = search.solves.saturating_add(POLISH_SOLVES);
    drop_groups(search)?;
    // The walk may end before its solves do; the search ends with it.
    search.polish_end = 0;
    Ok(())
}

/// Group drops from the best plan: the lane-weeks of its least-filled last
/// trucks, a quarter of them at first, re-priced at once as in the
/// relaxation (their trucks bought back by the kg) with every other truck
/// fixed ([`kept_instance`]); a drop that lowers the cost is kept, its
/// trucks filled (fixed LP) and the next group of the same size tried from
/// the new best; one that does not is halved, and once single drops fail
/// the walk moves on to the next lane-week. Every solve has the
/// relaxation's shape and starts warm (on the 300-farm case a sunk group
/// drop, with lane copies, started cold at 2 s a solve and took less off).
fn drop_groups(search: &mut Search) -> crate::Result<()> {
    let instance = search.instance;
    let mut group = usize::MAX;
    let mut offset = 0;
    while search.may_solve() {
        let Some(best) = &search.best else { break };
        let before = best.cost;
        let trucks = best.trucks();
        let loads = truck_loads(instance, &best.verified.plan);
        let last_fill = last_truck_fills(instance, &trucks, &loads);
        if group == usize::MAX {
            group = last_fill.len().div_ceil(4).max(1);
        }
        if group == 0 {
            group = 1;
            offset += 1;
        }
        if offset >= last_fill.len() {
            break;
        }
        // The group's lane-weeks lose all their trucks and buy them back by
        // the kg; every other lane-week keeps its trucks, fixed.
        let mut kept = trucks;
        for &(_, key) in last_fill.iter().skip(offset).take(group) {
            kept.remove(&key);
        }
        let dropped = search.solve(&kept_instance(instance, &kept))?;
        let Some(plan) = dropped.filter(|_| search.last_cost.is_some_and(|c| c < before - 1e-6)) else {
            group /= 2;
            continue;
        };
        offset = 0;
        if search.may_solve() {
            search.solve(&fixed_instance(instance, &counted_trucks(&plan)))?;
        }
    }
    Ok(())
}
