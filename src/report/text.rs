//! What the terminal shows, as writers to any `io::Write`: the few lines
//! after planning (what a planner reads first), the tables of `fairness`,
//! `sweep` and `bench`, and what `check` found.

use std::io::{self, Write};
use std::path::Path;

use super::bench::{BenchRecord, Spread};
use crate::data::{Instance, LocationKind};
use crate::error::{printable, shown};
use crate::lang::{pad, pad_left, t};
use crate::scenario::check::CheckFindings;
use crate::scenario::fairness::FairnessLevel;
use crate::scenario::sweep::SweepRow;
use crate::solve::figures::{ratio, PlanFigures};
use crate::solve::{PlanOutcome, RunStatus, VerifiedPlan};

/// Warnings of one kind shown before the rest are only counted.
const WARNINGS_SHOWN: usize = 20;

/// A path as printed: control characters escaped.
pub fn path_text(path: &Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

/// A quantity in the unit the scenario shows (`display_unit`, default kg),
/// the unit's name in the reader's language.
fn amount(instance: &Instance, kg: f64) -> String {
    let (unit, kg_per_unit) = instance.display_unit;
    format!("{} {}", grouped(kg / kg_per_unit), t(&format!("unit-{unit}"), &[]))
}

/// A line of the terminal summary: the label (from the catalog) padded to
/// 12 columns by display width, then the text.
fn line<W: Write>(w: &mut W, label: &str, text: &str) -> io::Result<()> {
    writeln!(w, "{}{text}", pad(&t(label, &[]), 12))
}

/// A status word as a person reads it (`summary.csv` keeps the English word).
pub fn status_word(word: &str) -> String {
    t(&format!("status-{word}"), &[])
}

/// Parts of a cost, `name amount` each, joined as the language joins a list.
fn parts(list: &[(&str, f64)]) -> String {
    list.iter()
        .map(|(key, amount)| t(key, &[("amount", &grouped(*amount))]))
        .collect::<Vec<_>>()
        .join(&t("list-separator", &[]))
}

/// Thousands separators for readability on a terminal (never in CSV files).
pub fn grouped(x: f64) -> String {
    let rounded = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in rounded.chars().enumerate() {
        if i > 0 && (rounded.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < -0.5 {
        out.insert(0, '-');
    }
    out
}

/// Writes the terminal summary of a planning run: how it ended and, with
/// a plan, its headline figures.
pub fn write_plan_text<W: Write>(
    instance: &Instance,
    outcome: &PlanOutcome,
    verified: &VerifiedPlan,
    figures: &PlanFigures,
    mut w: W,
) -> io::Result<()> {
    let c = &verified.costs;
    let blocks = if outcome.blocks > 1 {
        t("plan-blocks", &[("blocks", &outcome.blocks.to_string())])
    } else {
        String::new()
    };
    let status = t(
        "plan-status",
        &[
            ("word", &status_word(outcome.word())),
            ("solver", outcome.method().solver_name()),
            ("blocks", &blocks),
            ("variables", &outcome.variables.to_string()),
            ("constraints", &outcome.constraints.to_string()),
            ("build", &format!("{:.2}", outcome.build_seconds)),
            ("solve", &format!("{:.2}", outcome.solve_seconds)),
        ],
    );
    line(&mut w, "label-status", &status)?;
    if let Some(meaning) = status_meaning(outcome.word()) {
        writeln!(w, "{}{} = {meaning}", pad("", 12), status_word(outcome.word()))?;
    }
    // Money and penalties apart: a bureau quotes "the plan costs X", and
    // most of the objective is penalties nobody pays.
    let mut spent = vec![("part-transport", c.transport), ("part-holding", c.holding)];
    if c.trucks > 0.0 {
        spent.push(("part-trucks", c.trucks));
    }
    if !instance.support.is_empty() {
        spent.push(("part-support", c.support));
    }
    let mut weighed = vec![("part-shortfall", c.shortfall), ("part-waste", c.waste)];
    if c.closing_stock > 0.0 {
        weighed.push(("part-closing-stock", c.closing_stock));
    }
    if c.fairness > 0.0 {
        weighed.push(("part-fairness", c.fairness));
    }
    line(
        &mut w,
        "label-money",
        &t(
            "plan-money",
            &[("amount", &grouped(c.money_spent())), ("parts", &parts(&spent))],
        ),
    )?;
    line(
        &mut w,
        "label-penalties",
        &t(
            "plan-penalties",
            &[("amount", &grouped(c.penalties())), ("parts", &parts(&weighed))],
        ),
    )?;
    line(
        &mut w,
        "label-objective",
        &t("plan-objective", &[("amount", &grouped(c.total()))]),
    )?;
    line(
        &mut w,
        "label-fill-rate",
        &t(
            "plan-fill-rate",
            &[
                ("rate", &format!("{:.1}", 100.0 * figures.fill_rate())),
                ("delivered", &amount(instance, figures.delivered_kg)),
                ("ordered", &amount(instance, figures.demand_kg)),
                ("short", &amount(instance, figures.shortfall_kg)),
            ],
        ),
    )?;
    line(
        &mut w,
        "label-waste",
        &t(
            "plan-waste",
            &[
                ("waste", &amount(instance, figures.waste_kg)),
                (
                    "share",
                    &format!("{:.1}", 100.0 * ratio(figures.waste_kg, figures.supply_kg)),
                ),
                ("supply", &amount(instance, figures.supply_kg)),
                ("closing", &amount(instance, figures.closing_stock_kg)),
            ],
        ),
    )?;
    if !instance.support.is_empty() {
        let left = figures.support_budget_left().map_or_else(
            || t("plan-support-unlimited", &[]),
            |left| t("plan-support-left", &[("amount", &grouped(left))]),
        );
        line(
            &mut w,
            "label-support",
            &t(
                "plan-support",
                &[
                    ("kg", &amount(instance, figures.support_kg())),
                    ("spent", &grouped(figures.support_spent())),
                    ("left", &left),
                ],
            ),
        )?;
    }
    if let Some(search) = &outcome.trucks {
        let (trucks, load, room) = super::trucks::truck_totals(instance, &verified.plan);
        let skipped = match search.skipped {
            0 => String::new(),
            n => t("plan-trucks-skipped", &[("skipped", &n.to_string())]),
        };
        line(
            &mut w,
            "label-trucks",
            &t(
                "plan-trucks",
                &[
                    ("trucks", &grouped(trucks)),
                    ("full", &format!("{:.1}", 100.0 * ratio(load, room))),
                    ("bound", &grouped(search.lower_bound)),
                    ("gap", &format!("{:.2}", 100.0 * search.gap)),
                    ("solves", &search.solves.to_string()),
                    ("skipped", &skipped),
                ],
            ),
        )?;
    }
    for (farm, (share, why)) in &figures.farm_notes {
        let location = &instance.locations[farm.0];
        line(
            &mut w,
            "label-farm",
            &t(
                "plan-farm-note",
                &[
                    ("farm", &shown(&location.id)),
                    ("share", &format!("{:.1}", 100.0 * share)),
                    ("minimum", &format!("{:.1}", 100.0 * location.min_sold_share)),
                    ("why", why),
                ],
            ),
        )?;
    }
    Ok(())
}

/// `wrote       OUT (files)`: the last line after a plan.
pub fn write_wrote_line<W: Write>(out: &Path, files: &[&str], mut w: W) -> io::Result<()> {
    let text = t(
        "plan-wrote",
        &[("folder", &path_text(out)), ("files", &files.join(", "))],
    );
    line(&mut w, "label-wrote", &text)
}

/// What the LP saves over the greedy baseline, in one line.
pub fn write_vs_greedy<W: Write>(
    plan: (&VerifiedPlan, &PlanFigures),
    greedy: (&VerifiedPlan, &PlanFigures),
    mut w: W,
) -> io::Result<()> {
    let ((verified, figures), (base, base_figures)) = (plan, greedy);
    let text = t(
        "plan-vs-greedy",
        &[
            ("saving", &grouped(base.costs.total() - verified.costs.total())),
            ("cost", &grouped(verified.costs.total())),
            ("greedy", &grouped(base.costs.total())),
            ("waste", &grouped(base_figures.waste_kg - figures.waste_kg)),
            ("shortfall", &grouped(base_figures.shortfall_kg - figures.shortfall_kg)),
        ],
    );
    line(&mut w, "label-vs-greedy", &text)
}

/// `roll`'s last check: no kg made or lost between windows.
pub fn write_roll_balance<W: Write>(figures: &PlanFigures, windows: usize, horizon: u32, mut w: W) -> io::Result<()> {
    let support = if figures.support.is_empty() {
        String::new()
    } else {
        t("roll-balance-support", &[("kg", &grouped(figures.support_kg()))])
    };
    let text = t(
        "roll-balance",
        &[
            ("supply", &grouped(figures.supply_kg)),
            ("sold", &grouped(figures.delivered_kg)),
            ("support", &support),
            ("wasted", &grouped(figures.waste_kg)),
            ("closing", &grouped(figures.closing_stock_kg)),
            ("windows", &windows.to_string()),
            ("horizon", &horizon.to_string()),
        ],
    );
    line(&mut w, "label-balance", &text)
}

/// What a status word means, said once under a table that shows it
/// (nothing for `optimal`, which needs no explanation).
pub fn status_meaning(word: &str) -> Option<String> {
    let key = format!("meaning-{word}");
    let text = t(&key, &[]);
    (text != key).then_some(text)
}

/// Under a table of runs: the reason of every run that has one (`why`
/// lines, labelled as the table labels the run), then what each status
/// word shown means (once per word).
pub fn write_status_notes<'a, W: Write>(
    runs: impl IntoIterator<Item = (String, &'a RunStatus)>,
    mut w: W,
) -> io::Result<()> {
    let mut words: Vec<&'static str> = Vec::new();
    for (label, status) in runs {
        let reason = match status {
            RunStatus::Error(why) => Some(why.clone()),
            RunStatus::NotPlanned(plan_status) => {
                let text = plan_status.to_string();
                (text != plan_status.word()).then_some(text)
            }
            RunStatus::Planned(_) | RunStatus::Solved(_) => None,
        };
        if let Some(reason) = reason {
            // A multi-line error (its problems, indented) on one line.
            let reason: Vec<&str> = reason.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            writeln!(
                w,
                "{}{}: {}",
                pad(&t("label-why", &[]), 12),
                printable(&label),
                printable(&reason.join("; "))
            )?;
        }
        if !words.contains(&status.word()) {
            words.push(status.word());
        }
    }
    for word in words {
        if let Some(meaning) = status_meaning(word) {
            writeln!(w, "{} = {meaning}", pad(&status_word(word), 11))?;
        }
    }
    Ok(())
}

/// A run's status in a table column: in English its full text (as
/// before), in another language the status word (the reason follows under
/// the table, as the `why` lines).
pub fn status_cell(status: &RunStatus) -> String {
    match crate::lang::current() {
        crate::lang::Lang::En => status.to_string(),
        _ => status_word(status.word()),
    }
}

/// A table's header: the labels of its text columns left-aligned, those of
/// its number columns right-aligned over their figures (widths by display
/// width, one space between): a Chinese label is shorter in characters than
/// its English one, and a left-aligned one then floats away from its numbers.
pub fn header(text_columns: &[(&str, usize)], number_columns: &[(&str, usize)]) -> String {
    let mut cells: Vec<String> = text_columns
        .iter()
        .map(|(key, width)| pad(&t(key, &[]), *width))
        .collect();
    cells.extend(number_columns.iter().map(|(key, width)| pad_left(&t(key, &[]), *width)));
    cells.join(" ").trim_end().to_string()
}

/// The table of `agrimatch fairness`: one line per level.
pub fn write_fairness_table<'a, W: Write>(levels: &'a [FairnessLevel], mut w: W) -> io::Result<()> {
    writeln!(
        w,
        "{}",
        header(
            &[("fairness-level", 15), ("table-status", 11)],
            &[
                ("table-cost", 15),
                ("fairness-worst-store", 17),
                ("fairness-lowest-farm", 26)
            ]
        )
    )?;
    let percent = |x: Option<f64>| x.map_or(String::new(), |x| format!("{:.1}%", 100.0 * x));
    let label = |r: &'a FairnessLevel| r.level.map_or_else(|| t("table-none", &[]), |l| l.to_string());
    for r in levels {
        writeln!(
            w,
            "{} {} {:>15} {:>17} {:>26}",
            pad(&label(r), 15),
            pad(&status_cell(&r.status), 11),
            r.cost.map_or(String::new(), grouped),
            percent(r.worst_store_fill_rate),
            percent(r.lowest_priority_farm_sold_share),
        )?;
    }
    write_status_notes(
        levels
            .iter()
            .map(|r| (t("fairness-run", &[("level", &label(r))]), &r.status)),
        w,
    )
}

/// The lines of `agrimatch sweep`: each variant's status and cost, with its
/// change from the base, then the risk bands of random harvests.
pub fn write_sweep_table<W: Write>(rows: &[SweepRow], risk: &[(&str, [f64; 3])], mut w: W) -> io::Result<()> {
    let base_cost = rows.first().and_then(|r| r.figures).map(|f| f.cost);
    for (i, r) in rows.iter().enumerate() {
        let cost = r.figures.map(|f| f.cost);
        let change = match (cost, base_cost) {
            (Some(c), Some(b)) if i > 0 => t(
                "sweep-change",
                &[("change", &format!("{:+.1}", 100.0 * (c - b) / b.abs().max(1.0)))],
            ),
            _ => String::new(),
        };
        // The base's name in the reader's language (comparison.csv keeps `base`).
        let variant = if i == 0 && r.variant == "base" {
            t("sweep-base", &[])
        } else {
            printable(&r.variant).into_owned()
        };
        writeln!(
            w,
            "{} {}  {}",
            pad(&status_word(r.status.word()), 10),
            variant,
            cost.map_or(String::new(), grouped) + &change
        )?;
    }
    write_status_notes(rows.iter().map(|r| (r.variant.clone(), &r.status)), &mut w)?;
    for (metric, [p10, p50, p90]) in risk {
        let metric = t(&format!("sweep-risk-{metric}"), &[]);
        writeln!(
            w,
            "{} P10 {p10:>16.3}  P50 {p50:>16.3}  P90 {p90:>16.3}",
            pad(&metric, 13)
        )?;
    }
    Ok(())
}

/// The lines of `agrimatch bench`: one per size and solver, each figure
/// as its median and, in brackets, the fastest and slowest run; then a
/// note for every figure whose runs lie far apart.
pub fn write_bench_table<W: Write>(records: &[BenchRecord], mut w: W) -> io::Result<()> {
    if let Some(first) = records.first() {
        let key = if first.warmup == 1 {
            "bench-head-one"
        } else {
            "bench-head"
        };
        writeln!(
            w,
            "{}",
            t(
                key,
                &[("runs", &first.runs.to_string()), ("warmup", &first.warmup.to_string())]
            )
        )?;
    }
    let seconds = |s: Spread| {
        t(
            "bench-seconds",
            &[
                ("median", &short_seconds(s.median)),
                ("min", &short_seconds(s.min)),
                ("max", &short_seconds(s.max)),
            ],
        )
    };
    for r in records {
        writeln!(
            w,
            "{:<7} {:<9} {} {}",
            r.size,
            r.solver,
            pad(&status_cell(&r.status), 10),
            t(
                "bench-row",
                &[
                    ("variables", &format!("{:>8}", r.variables)),
                    ("build", &pad(&seconds(r.build_cpu_seconds), 22)),
                    ("solve", &pad(&seconds(r.solve_cpu_seconds), 24)),
                    ("wall", &pad(&seconds(r.total_wall_seconds), 24)),
                    ("peak", &format!("{:>7.1}", r.peak_memory_mb.unwrap_or(f64::NAN))),
                ]
            )
        )?;
    }
    write_status_notes(records.iter().map(|r| (bench_run(r), &r.status)), &mut w)?;
    let noted: Vec<&BenchRecord> = records.iter().filter(|r| !r.note().is_empty()).collect();
    for r in &noted {
        writeln!(
            w,
            "{}{}: {}",
            pad(&t("bench-label-note", &[]), 12),
            bench_run(r),
            bench_note(r)
        )?;
    }
    if !noted.is_empty() {
        writeln!(
            w,
            "{}{}",
            pad(&t("bench-label-note", &[]), 12),
            t(
                "bench-wide-spread",
                &[("ratio", &crate::scenario::bench::WIDE_SPREAD.to_string())]
            )
        )?;
    }
    Ok(())
}

/// [`BenchRecord::note`] in the reader's language (bench.csv keeps the English).
fn bench_note(r: &BenchRecord) -> String {
    let figures = [
        ("bench-spread-solve", r.solve_cpu_seconds),
        ("bench-spread-wall", r.total_wall_seconds),
    ];
    let mut notes: Vec<String> = figures
        .iter()
        .filter(|(_, s)| s.is_wide())
        .map(|(key, s)| t(key, &[("ratio", &format!("{:.2}", s.ratio()))]))
        .collect();
    if r.varied {
        notes.push(t("bench-varied", &[]));
    }
    notes.join("; ")
}

/// `small with highs`: one size and solver of `bench`, as its notes name it.
fn bench_run(r: &BenchRecord) -> String {
    t(
        "bench-run",
        &[("size", &r.size.to_string()), ("solver", &r.solver.to_string())],
    )
}

/// Seconds with three significant digits: `0.000412`, `0.0123`, `5.63`, `123`.
fn short_seconds(x: f64) -> String {
    if x <= 0.0 || !x.is_finite() {
        return "0".to_string();
    }
    let decimals = (2 - x.log10().floor() as i32).clamp(0, 6) as usize;
    format!("{x:.decimals$}")
}

/// `week 10`, or on the calendar `week 10 (2027-03-08)`.
pub fn week_label(instance: &Instance, week: u32) -> String {
    let number = week.to_string();
    match instance.calendar().first_day(week) {
        Some(date) => t(
            "week-label-dated",
            &[("week", &number), ("date", &date_text(&date.to_string()))],
        ),
        None => t("week-label", &[("week", &number)]),
    }
}

/// A `2027-03-08` date as the reader's language writes it (2027年3月8日).
pub fn date_text(iso: &str) -> String {
    let mut parts = iso.splitn(3, '-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(year), Some(month), Some(day)) if crate::lang::current() != crate::lang::Lang::En => {
            let number = |x: &str| x.trim_start_matches('0').to_string();
            t(
                "date",
                &[("year", year), ("month", &number(month)), ("day", &number(day))],
            )
        }
        _ => iso.to_string(),
    }
}

/// What `agrimatch check` found: what was read, then every warning.
pub fn write_check_text<W: Write>(instance: &Instance, found: &CheckFindings, mut w: W) -> io::Result<()> {
    let label = |key: &str| pad(&t(key, &[]), 12);
    let warning = label("check-label-warning");
    let read: Vec<String> = found
        .counts
        .iter()
        .map(|(what, n)| {
            t(
                &format!("check-count-{}", what.replace(' ', "-")),
                &[("count", &n.to_string())],
            )
        })
        .collect();
    writeln!(
        w,
        "{}{}",
        label("check-label-read"),
        read.join(&t("list-separator", &[]))
    )?;
    let horizon = if instance.first_week > 1 {
        t(
            "check-horizon-from",
            &[
                ("first", &week_label(instance, instance.first_week)),
                ("last", &week_label(instance, instance.weeks)),
                ("weeks", &(instance.weeks - instance.first_week + 1).to_string()),
                ("days", &instance.period_days.to_string()),
            ],
        )
    } else {
        t(
            "check-horizon",
            &[
                ("weeks", &instance.weeks.to_string()),
                ("days", &instance.period_days.to_string()),
            ],
        )
    };
    writeln!(w, "{}{horizon}", label("check-label-horizon"))?;
    for &(p, supply, demand) in &found.totals {
        writeln!(
            w,
            "{}{}",
            label("check-label-product"),
            t(
                "check-product",
                &[
                    ("product", &pad(&shown(&instance.product(p).id), 20)),
                    ("supply", &format!("{:>14}", grouped(supply))),
                    ("demand", &format!("{:>14}", grouped(demand))),
                ],
            )
        )?;
    }
    for &(p, week, ordered, reachable) in found.certain_shortfalls.iter().take(WARNINGS_SHOWN) {
        writeln!(
            w,
            "{warning}{}",
            t(
                "check-certain-shortfall",
                &[
                    ("week", &week_label(instance, week)),
                    ("ordered", &grouped(ordered)),
                    ("product", &shown(&instance.product(p).id)),
                    ("reachable", &grouped(reachable)),
                ],
            )
        )?;
    }
    if found.certain_shortfalls.len() > WARNINGS_SHOWN {
        writeln!(
            w,
            "{warning}{}",
            t(
                "check-more-weeks",
                &[("count", &(found.certain_shortfalls.len() - WARNINGS_SHOWN).to_string())],
            )
        )?;
    }
    for u in &found.unconnected {
        let location = instance.location(u.location);
        let key = match location.kind {
            LocationKind::Store => "check-store-no-lane",
            LocationKind::Farm | LocationKind::Hub => "check-farm-no-lane",
        };
        writeln!(
            w,
            "{warning}{}",
            t(key, &[("id", &shown(&location.id)), ("kg", &grouped(u.kg))])
        )?;
    }
    for u in found.unsellable.iter().take(WARNINGS_SHOWN) {
        let key = if u.stock {
            "check-unsellable-stock"
        } else {
            "check-unsellable-harvest"
        };
        writeln!(
            w,
            "{warning}{}",
            t(
                key,
                &[
                    ("week", &week_label(instance, u.week)),
                    ("kg", &grouped(u.kg)),
                    ("product", &shown(&instance.product(u.product).id)),
                    ("location", &shown(&instance.location(u.location).id)),
                ],
            )
        )?;
    }
    if found.unsellable.len() > WARNINGS_SHOWN {
        writeln!(
            w,
            "{warning}{}",
            t(
                "check-more-rows",
                &[
                    ("count", &(found.unsellable.len() - WARNINGS_SHOWN).to_string()),
                    ("kg", &grouped(found.unsellable.iter().map(|u| u.kg).sum())),
                ],
            )
        )?;
    }
    if let Some(why) = &found.too_large {
        writeln!(w, "{warning}{}", t("check-too-large", &[("why", why)]))?;
    }
    for note in &found.state {
        writeln!(w, "{warning}{note}")?;
    }
    writeln!(w, "{}{}", label("check-label-ok"), t("check-valid", &[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_inserts_thousands_separators() {
        assert_eq!(grouped(0.0), "0");
        assert_eq!(grouped(999.4), "999");
        assert_eq!(grouped(1234567.0), "1,234,567");
        assert_eq!(grouped(-4000.0), "-4,000");
    }

    #[test]
    fn the_bench_note_in_english_is_the_csv_note() {
        let wide = Spread {
            min: 1.0,
            median: 2.0,
            max: 3.0,
        };
        let narrow = Spread {
            min: 1.0,
            median: 1.0,
            max: 1.0,
        };
        for (solve, wall, varied) in [(wide, wide, true), (narrow, wide, false), (narrow, narrow, false)] {
            let record = BenchRecord {
                size: "small".into(),
                solver: "highs".into(),
                status: RunStatus::Error("x".into()),
                runs: 3,
                warmup: 0,
                blocks: 1,
                variables: 10,
                constraints: 5,
                read_seconds: narrow,
                build_cpu_seconds: narrow,
                solve_cpu_seconds: solve,
                verify_seconds: narrow,
                total_wall_seconds: wall,
                peak_memory_mb: None,
                objective: None,
                varied,
            };
            assert_eq!(bench_note(&record), record.note());
        }
    }
}
