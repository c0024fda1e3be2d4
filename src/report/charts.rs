//! Every chart of the crate, as SVG text (plotters' SVG backend: no
//! fonts or image libraries needed): the report's weekly, waste and share
//! charts and its flow diagram, the fairness chart and the bench chart.
//!
//! The charts share one look: legends in a strip above the plot (never over
//! a line), whole weeks or dates along the time axis, thousands separators
//! on every axis, quantities in the scenario's `display_unit`, and a font
//! stack that Chinese Windows and macOS both have. The report's charts are
//! drawn twice, for a wide page ([`Layout::WIDE`]) and for a phone
//! ([`Layout::NARROW`]), and each scales with the page (viewBox,
//! `width="100%"`, see [`scalable`]): the page shows one of the two, so
//! that a phone gets a chart laid out for its width instead of a wide one
//! shrunk until its text cannot be read.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::bench::BenchRecord;
use super::text::grouped;
use crate::data::{Instance, LocationKind, ProductIx};
use crate::lang::t;
use crate::scenario::fairness::FairnessLevel;
use crate::solve::figures::{PlanFigures, WeekFigures};

/// Up to this many locations, the flow diagram places every one; beyond,
/// only those on the lanes drawn.
const DIAGRAM_LOCATIONS: usize = 80;

/// How a report chart is laid out: its canvas width and how much it puts
/// along an axis. The page scales a chart to its width, so the canvas width
/// sets the ratio of text to plot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// Canvas width in the chart's own units.
    pub width: u32,
    /// Height of a weekly or waste chart's plot.
    pub plot_height: u32,
    /// At most this many ticks on a time axis on the calendar (dates), and without one.
    pub time_ticks: (usize, usize),
    /// The smallest text of the chart (bar values), in canvas units.
    pub small_text: f64,
}

impl Layout {
    /// For a page at least [`Layout::WIDE`]`.width` px wide (the page shows it from
    /// 721 px on, where 12-unit labels are at least 12 px; it caps charts at 860 px).
    pub const WIDE: Layout = Layout {
        width: 640,
        plot_height: 250,
        time_ticks: (8, 14),
        small_text: 11.0,
    };
    /// For a phone: on a 360 px screen (336 px of chart) the smallest,
    /// 12-unit, text is 11.9 px; at 390 px, 12.9 px. Labels wrap instead of
    /// running off the canvas, and the time axis has fewer ticks.
    pub const NARROW: Layout = Layout {
        width: 340,
        plot_height: 220,
        time_ticks: (4, 6),
        small_text: 12.0,
    };

    fn w(self) -> i32 {
        self.width as i32
    }
}

/// Fonts for every text of every chart: the first that the reader's system
/// has draws Chinese ids (Windows, macOS, Linux), then any sans-serif.
pub const FONTS: &str = "'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', 'Noto Sans CJK SC', \
                         'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif";

/// Height of one legend row above a plot.
const LEGEND_ROW: u32 = 20;

/// Why a chart could not be drawn (plotters' message).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<ChartError> for crate::Error {
    fn from(e: ChartError) -> Self {
        crate::Error::Chart(e.0)
    }
}

fn to_text(e: impl std::fmt::Display) -> ChartError {
    ChartError(e.to_string())
}

/// Text of `size` units in [`FONTS`]. plotters shrinks sizes by 1.24 when
/// it writes SVG; this undoes that, so that `size` is the size on the canvas.
fn font(size: f64) -> TextStyle<'static> {
    TextStyle::from((FontFamily::Name(FONTS), size * 1.24))
}

/// Width of `text` at `size` on the canvas, roughly: wide (CJK) characters
/// take a full em, others six tenths. Legends and label areas are sized by
/// it; overestimating only leaves space.
pub(crate) fn text_width(text: &str, size: f64) -> i32 {
    let ems: f64 = text.chars().map(|c| if c.is_ascii() { 0.62 } else { 1.0 }).sum();
    (ems * size).ceil() as i32
}

/// A chart's SVG made to scale with the page: the fixed width and height
/// give way to `width="100%"` (the viewBox keeps the proportions), and
/// the chart is named for screen readers.
pub fn scalable(svg: &str, label: &str) -> String {
    let Some(start) = svg.find("<svg ") else {
        return svg.to_string();
    };
    let Some(view_box) = svg.find("viewBox=") else {
        return svg.to_string();
    };
    let mut name = String::new();
    for c in label.chars() {
        match c {
            '<' => name.push_str("&lt;"),
            '>' => name.push_str("&gt;"),
            '&' => name.push_str("&amp;"),
            '"' => name.push_str("&quot;"),
            c => name.push(c),
        }
    }
    format!(
        "{}<svg width=\"100%\" role=\"img\" aria-label=\"{name}\" {}",
        &svg[..start],
        &svg[view_box..]
    )
}

/// `x` with thousands separators and `decimals` decimals: `160,000`, `2.5`.
pub fn axis_number(x: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    // No "-0": a sign only when a digit shows.
    if x < 0.0 && text.chars().any(|c| matches!(c, '1'..='9')) {
        out.insert(0, '-');
    }
    out
}

/// Ticks from 0 to at least `top` at a round step (1, 2 or 5 times a power
/// of ten), at most `most` steps, and the decimals their labels need.
pub fn value_ticks(top: f64, most: usize) -> (Vec<f64>, usize) {
    let top = if top.is_finite() && top > 0.0 { top } else { 1.0 };
    let rough = top / most.max(1) as f64;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&s| (top / s).ceil() as usize <= most.max(1))
        .unwrap_or(10.0 * power);
    let count = (top / step - 1e-9).ceil().max(1.0) as usize;
    let ticks = (0..=count).map(|i| i as f64 * step).collect();
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    (ticks, decimals)
}

/// Whole weeks from `first` to `last` to mark on a time axis, at most
/// `most`: the first week, then every multiple of a round step (1, 2, 5,
/// 10, ... weeks; on the calendar 1, 2, 4, 8, 13, 26, 52, ..., about
/// months and quarters), each a whole week.
pub fn week_ticks(first: u32, last: u32, most: usize, on_calendar: bool) -> Vec<u32> {
    let last = last.max(first);
    let span = last - first + 1;
    let steps: &[u32] = if on_calendar {
        &[1, 2, 4, 8, 13, 26, 52, 104, 260, 520, 1040, 2600, 5200]
    } else {
        &[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]
    };
    let mut chosen = Vec::new();
    for &step in steps {
        chosen = if on_calendar {
            // From the first week on: every step-th period is a like date.
            (first..=last).step_by(step as usize).collect()
        } else {
            let mut ticks = vec![first];
            let mut w = (first / step + 1) * step;
            // Not a tick so near the first that their labels touch.
            if step > 2 && w - first < step / 2 {
                w += step;
            }
            while w <= last {
                ticks.push(w);
                w += step;
            }
            ticks
        };
        if chosen.len() <= most.max(1) || span <= step {
            break;
        }
    }
    chosen
}

/// The label of week tick `week`: the week's number, or with a start date
/// its first day, `01-04` (1月4日), with the year where the axis starts or a new year begins.
fn week_tick_label(instance: &Instance, week: u32, ticks: &[u32]) -> String {
    let calendar = instance.calendar();
    let Some(date) = calendar.first_day(week) else {
        return week.to_string();
    };
    let (year, month, day) = date.ymd();
    let previous = ticks
        .iter()
        .rev()
        .find(|&&t| t < week)
        .and_then(|&t| calendar.first_day(t));
    let new_year = !matches!(previous, Some(p) if p.ymd().0 == year);
    // English as it always was; Chinese as a calendar says it (3月1日,
    // 2027年1月4日), about as wide.
    match (crate::lang::current(), new_year) {
        (crate::lang::Lang::En, false) => format!("{month:02}-{day:02}"),
        (crate::lang::Lang::En, true) => format!("{year}-{month:02}-{day:02}"),
        (_, false) => t(
            "chart-month-day",
            &[("month", &month.to_string()), ("day", &day.to_string())],
        ),
        (_, true) => super::text::date_text(&date.to_string()),
    }
}

/// A display unit's name in the reader's language (`kg`, 公斤).
fn unit_name(unit: &str) -> String {
    t(&format!("unit-{unit}"), &[])
}

/// The time axis's description: weeks, or other periods, or the dates they start on.
fn week_axis_desc(instance: &Instance) -> String {
    let period = if instance.period_days == 7 {
        t("chart-week", &[])
    } else if instance.period_days == 1 {
        t("chart-day", &[])
    } else {
        t("chart-period", &[("days", &instance.period_days.to_string())])
    };
    if instance.start_date.is_some() && instance.period_days != 1 {
        t("chart-by-first-day", &[("period", &period)])
    } else {
        period
    }
}

/// A mark in a legend: a line, a dot, or none (a note).
#[derive(Clone, Copy)]
enum Mark {
    Line(u32),
    Dot,
    Note,
}

/// One entry of a legend strip.
struct Entry {
    label: String,
    color: RGBAColor,
    mark: Mark,
}

impl Entry {
    fn new(label: impl Into<String>, color: impl Color, mark: Mark) -> Entry {
        Entry {
            label: label.into(),
            color: color.to_rgba(),
            mark,
        }
    }

    fn width(&self) -> i32 {
        let mark = match self.mark {
            Mark::Line(_) => 28,
            Mark::Dot => 12,
            Mark::Note => -6,
        };
        mark + 6 + text_width(&self.label, 12.0) + 16
    }
}

/// The entries of a legend laid out in rows no wider than `width`: (row, x) of each.
fn legend_layout(entries: &[Entry], width: i32) -> Vec<(u32, i32)> {
    let mut row = 0;
    let mut x = 0;
    entries
        .iter()
        .map(|e| {
            if x > 0 && x + e.width() > width {
                row += 1;
                x = 0;
            }
            let at = (row, x);
            x += e.width();
            at
        })
        .collect()
}

/// Rows a legend takes in `width`.
fn legend_rows(entries: &[Entry], width: i32) -> u32 {
    legend_layout(entries, width).last().map_or(0, |&(row, _)| row + 1)
}

/// Draws a legend strip at (x, y), rows of [`LEGEND_ROW`].
fn draw_legend(
    area: &DrawingArea<SVGBackend, Shift>,
    entries: &[Entry],
    (x0, y0): (i32, i32),
    width: i32,
) -> Result<(), ChartError> {
    for (entry, (row, x)) in entries.iter().zip(legend_layout(entries, width)) {
        let x = x0 + x;
        let y = y0 + (row * LEGEND_ROW) as i32 + LEGEND_ROW as i32 / 2;
        let text_x = match entry.mark {
            Mark::Line(w) => {
                area.draw(&PathElement::new(
                    vec![(x, y), (x + 22, y)],
                    entry.color.stroke_width(w),
                ))
                .map_err(to_text)?;
                x + 28
            }
            Mark::Dot => {
                area.draw(&Circle::new((x + 6, y), 4, entry.color.filled()))
                    .map_err(to_text)?;
                x + 18
            }
            Mark::Note => x,
        };
        area.draw(&Text::new(
            entry.label.clone(),
            (text_x, y),
            font(12.0).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(to_text)?;
    }
    Ok(())
}

/// An axis with its ticks where we put them, not where plotters would
/// (which gives `5.0` or `0.5, 1.5` on a week axis). Light mesh lines are
/// left out: the ticks' lines are the grid.
struct Ticks<R> {
    inner: R,
    points: Vec<f64>,
}

impl<R: Ranged<ValueType = f64>> Ranged for Ticks<R> {
    // Labels always come from our formatters; the default is never shown.
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.points.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }

    fn axis_pixel_range(&self, limit: (i32, i32)) -> Range<i32> {
        self.inner.axis_pixel_range(limit)
    }
}

/// `range` with ticks at `points`.
fn ticked(range: Range<f64>, points: Vec<f64>) -> Ticks<RangedCoordf64> {
    Ticks {
        inner: range.into(),
        points,
    }
}

/// A plot's cartesian coordinates with ticks where we put them.
type Ticked = Cartesian2d<Ticks<RangedCoordf64>, Ticks<RangedCoordf64>>;

/// Ticks and decimals of a quantity axis from 0 to the largest of `values`.
fn quantity_ticks(values: impl Iterator<Item = f64>) -> (Vec<f64>, usize) {
    let largest = values.fold(0.0, f64::max);
    value_ticks(if largest > 0.0 { largest * 1.02 } else { 1.0 }, 6)
}

/// The room the y labels take: the widest label and the axis description.
fn y_label_room(ticks: &[f64], decimals: usize) -> i32 {
    let widest = ticks
        .iter()
        .map(|&t| text_width(&axis_number(t, decimals), 12.0))
        .max()
        .unwrap_or(0);
    widest + 34
}

/// A chart with the horizon's weeks across and the quantity ticks up,
/// its mesh drawn: the frame of the weekly and waste charts.
fn week_chart<'a, 'b>(
    area: &'a DrawingArea<SVGBackend<'b>, Shift>,
    layout: Layout,
    instance: &Instance,
    (y_ticks, decimals): &(Vec<f64>, usize),
    y_desc: &str,
) -> Result<ChartContext<'a, SVGBackend<'b>, Ticked>, ChartError> {
    let first = instance.first_week.max(1);
    let on_calendar = instance.start_date.is_some();
    let most = if on_calendar {
        layout.time_ticks.0
    } else {
        layout.time_ticks.1
    };
    let ticks = week_ticks(first, instance.weeks, most, on_calendar);
    let top = y_ticks.last().copied().unwrap_or(1.0);
    let x_range = ticked(
        f64::from(first) - 0.5..f64::from(instance.weeks) + 0.5,
        ticks.iter().map(|&w| f64::from(w)).collect(),
    );
    let y_range = ticked(0.0..top, y_ticks.clone());
    let mut chart = ChartBuilder::on(area)
        .margin_right(14)
        .margin_left(4)
        .margin_top(10)
        .x_label_area_size(38)
        .y_label_area_size(y_label_room(y_ticks, *decimals))
        .build_cartesian_2d(x_range, y_range)
        .map_err(to_text)?;
    let x_label = |x: &f64| week_tick_label(instance, x.round() as u32, &ticks);
    let y_label = |y: &f64| axis_number(*y, *decimals);
    chart
        .configure_mesh()
        .x_desc(week_axis_desc(instance))
        .y_desc(y_desc)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .label_style(font(12.0))
        .axis_desc_style(font(12.0))
        .bold_line_style(BLACK.mix(0.12))
        .draw()
        .map_err(to_text)?;
    Ok(chart)
}

/// Harvest, orders and deliveries of one product per week, in the
/// scenario's display unit; dots mark the weeks with shortfall.
pub(super) fn weekly_chart(
    layout: Layout,
    instance: &Instance,
    figures: &PlanFigures,
    p: ProductIx,
) -> Result<String, ChartError> {
    let (unit, kg_per_unit) = instance.display_unit;
    let unit = &unit_name(unit);
    let weeks: Vec<(u32, WeekFigures)> = figures
        .weekly
        .iter()
        .filter(|((_, q), _)| *q == p)
        .map(|(&(w, _), &v)| (w, v))
        .collect();
    let y_ticks = quantity_ticks(weeks.iter().map(|(_, v)| v.supply_kg.max(v.demand_kg) / kg_per_unit));
    type Series = (&'static str, fn(&WeekFigures) -> f64, RGBColor);
    let series: [Series; 3] = [
        ("chart-harvest", |v| v.supply_kg, RGBColor(60, 170, 60)),
        ("chart-orders", |v| v.demand_kg, BLACK),
        ("chart-delivered", |v| v.delivered_kg, RGBColor(30, 90, 200)),
    ];
    let mut entries: Vec<Entry> = series
        .iter()
        .map(|&(key, _, color)| Entry::new(t(key, &[]), color, Mark::Line(2)))
        .collect();
    entries.push(Entry::new(t("chart-short", &[]), RED, Mark::Dot));
    let name = &instance.product(p).id;
    // The product's name, then the legend on the same row when it fits.
    let name_room = text_width(name, 15.0) + 30;
    // The legend beside the name, or below a long one.
    let (legend_at, legend_width) = if name_room <= layout.w() / 2 {
        ((name_room, 6), layout.w() - name_room - 16)
    } else {
        ((8, 6 + LEGEND_ROW as i32), layout.w() - 16)
    };
    let head = legend_at.1 as u32 + LEGEND_ROW * legend_rows(&entries, legend_width).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (layout.width, layout.plot_height + head)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        root.draw(&Text::new(
            name.clone(),
            (8, 6 + LEGEND_ROW as i32 / 2),
            font(15.0).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(to_text)?;
        draw_legend(&root, &entries, legend_at, legend_width)?;
        let (_, plot) = root.split_vertically(head);
        let mut chart = week_chart(&plot, layout, instance, &y_ticks, unit)?;
        for (_, kg, color) in series {
            chart
                .draw_series(LineSeries::new(
                    weeks.iter().map(|(w, v)| (f64::from(*w), kg(v) / kg_per_unit)),
                    color.stroke_width(2),
                ))
                .map_err(to_text)?;
        }
        chart
            .draw_series(
                weeks
                    .iter()
                    .filter(|(_, v)| v.demand_kg - v.delivered_kg > 1e-6)
                    .map(|(w, v)| Circle::new((f64::from(*w), v.delivered_kg / kg_per_unit), 3, RED.filled())),
            )
            .map_err(to_text)?;
        root.present().map_err(to_text)?;
    }
    Ok(scalable(
        &svg,
        &t("chart-weekly-label", &[("product", name), ("unit", unit)]),
    ))
}

/// Waste per week in the display unit, one line per product of `products` (indexes).
pub(super) fn waste_chart(
    layout: Layout,
    instance: &Instance,
    figures: &PlanFigures,
    products: &[usize],
) -> Result<String, ChartError> {
    let (unit, kg_per_unit) = instance.display_unit;
    let unit = &unit_name(unit);
    let y_ticks = quantity_ticks(figures.weekly.values().map(|v| v.waste_kg / kg_per_unit));
    let entries: Vec<Entry> = products
        .iter()
        .map(|&p| {
            let id = instance.product(ProductIx(p)).id.clone();
            Entry::new(id, Palette99::pick(p).to_rgba(), Mark::Line(2))
        })
        .collect();
    let head = 6 + LEGEND_ROW * legend_rows(&entries, layout.w() - 16);
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (layout.width, layout.plot_height + 30 + head)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        draw_legend(&root, &entries, (8, 6), layout.w() - 16)?;
        let (_, plot) = root.split_vertically(head);
        let mut chart = week_chart(&plot, layout, instance, &y_ticks, &t("chart-wasted", &[("unit", unit)]))?;
        for p in products.iter().map(|&p| ProductIx(p)) {
            let color = Palette99::pick(p.0).to_rgba();
            let points: Vec<(f64, f64)> = figures
                .weekly
                .iter()
                .filter(|((_, q), _)| *q == p)
                .map(|(&(w, _), v)| (f64::from(w), v.waste_kg / kg_per_unit))
                .collect();
            chart
                .draw_series(LineSeries::new(points, color.stroke_width(2)))
                .map_err(to_text)?;
        }
        root.present().map_err(to_text)?;
    }
    Ok(scalable(&svg, &t("chart-waste-label", &[("unit", unit)])))
}

/// `87.3%`: a share as the bar charts label it.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", 100.0 * share)
}

/// `text` in lines no wider than `room` at `size`: broken after a hyphen,
/// underscore, slash or space where it can be, inside a word where it must
/// (an id longer than the room). On a narrow chart a long store name takes
/// two lines instead of running off the canvas.
pub(crate) fn wrap_label(text: &str, room: i32, size: f64) -> Vec<String> {
    // Pieces that end at a break: "Guanshanhu-", "supermarket".
    let mut pieces: Vec<String> = Vec::new();
    let mut piece = String::new();
    for c in text.chars() {
        piece.push(c);
        if matches!(c, '-' | '_' | '/' | ' ') {
            pieces.push(std::mem::take(&mut piece));
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces {
        if !line.is_empty() && text_width(&format!("{line}{piece}"), size) > room {
            lines.push(std::mem::take(&mut line).trim_end().to_string());
        }
        for c in piece.chars() {
            // A piece wider than the room on its own: split inside it.
            if !line.is_empty() && text_width(&format!("{line}{c}"), size) > room {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    let line = line.trim_end().to_string();
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws `lines` of text centred as a block on `y`, one line every `step` units.
fn draw_lines(
    area: &DrawingArea<SVGBackend, Shift>,
    lines: &[String],
    (x, y): (i32, i32),
    step: i32,
    style: &TextStyle,
) -> Result<(), ChartError> {
    let top = y - step * (lines.len() as i32 - 1) / 2;
    for (i, line) in lines.iter().enumerate() {
        area.draw(&Text::new(line.clone(), (x, top + step * i as i32), style.clone()))
            .map_err(to_text)?;
    }
    Ok(())
}

/// Horizontal bars of shares (0 to 1), first at the top, with a gap
/// between bars and each bar's value at its end; `marked` bars in green.
/// Names longer than a third of the canvas wrap (a bar then gets the
/// height of its name's lines).
pub(super) fn bar_chart(
    layout: Layout,
    title: &str,
    bars: &[(String, f64)],
    marked: impl Fn(&str) -> bool,
) -> Result<String, ChartError> {
    const BAR: u32 = 24;
    const LINE: u32 = 14;
    let most_room = layout.w() / 3;
    let names: Vec<Vec<String>> = bars.iter().map(|b| wrap_label(&b.0, most_room, 12.0)).collect();
    let lines = names.iter().map(Vec::len).max().unwrap_or(1) as u32;
    // Every bar the same height: the scale is one slot per bar.
    let bar = BAR.max(LINE * lines + 8);
    let count = bars.len().max(1);
    let height = 56 + bar * count as u32;
    let name_room = names
        .iter()
        .flatten()
        .map(|line| text_width(line, 12.0))
        .max()
        .unwrap_or(0)
        .clamp(40, most_room)
        + 12;
    // Every 20% on a wide canvas, every 25% on a narrow one (five labels
    // of "100%" would touch).
    let steps = if layout.width < Layout::WIDE.width { 4 } else { 5 };
    let x_ticks: Vec<f64> = (0..=steps).map(|i| f64::from(i) / f64::from(steps)).collect();
    // Room after a full bar for its value (1.12 on the wide canvas): the
    // value's width over the plot's (the canvas less margins and names).
    let plot = (layout.w() - 24 - name_room).max(60);
    let value_room = text_width("100.0%", layout.small_text) + 8;
    let x_top = (f64::from(plot) / f64::from((plot - value_room).max(30))).max(1.12);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (layout.width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(8)
            .margin_right(16)
            .x_label_area_size(40)
            .y_label_area_size(name_room)
            .build_cartesian_2d(ticked(0.0..x_top, x_ticks), ticked(0.0..count as f64, Vec::new()))
            .map_err(to_text)?;
        chart
            .configure_mesh()
            .x_desc(title)
            .x_label_formatter(&|x| {
                if *x <= 1.0 {
                    format!("{:.0}%", 100.0 * x)
                } else {
                    String::new()
                }
            })
            .label_style(font(12.0))
            .axis_desc_style(font(12.0))
            .bold_line_style(BLACK.mix(0.12))
            .disable_y_mesh()
            .draw()
            .map_err(to_text)?;
        // Bar i (from the top) fills the middle 70% of its slot: the rest is the gap.
        let slot = |i: usize| (count - 1 - i) as f64;
        for (i, ((name, share), lines)) in bars.iter().zip(&names).enumerate() {
            let color = if marked(name) {
                RGBColor(60, 170, 60)
            } else {
                RGBColor(30, 90, 200)
            };
            let share = share.clamp(0.0, 1.0);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, slot(i) + 0.15), (share, slot(i) + 0.85)],
                    color.mix(0.7).filled(),
                )))
                .map_err(to_text)?;
            let (x, y) = chart.backend_coord(&(share, slot(i) + 0.5));
            root.draw(&Text::new(
                percent(share),
                (x + 4, y),
                font(layout.small_text).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(to_text)?;
            let (x, _) = chart.backend_coord(&(0.0, 0.0));
            draw_lines(
                &root,
                lines,
                (x - 6, y),
                LINE as i32,
                &font(12.0).pos(Pos::new(HPos::Right, VPos::Center)),
            )?;
        }
        root.present().map_err(to_text)?;
    }
    Ok(scalable(&svg, title))
}

/// A map-like flow diagram: farms left, hubs in the middle, stores right,
/// one line per lane with its width after the quantity it carries; a legend
/// names the kinds of place and gives the quantities of three widths.
/// Ids wider than a column's room (a quarter of a narrow canvas, a third of
/// a wide one) wrap, and rows are spaced for the most lines a label takes.
pub(super) fn flow_diagram(layout: Layout, instance: &Instance, flows: &[(usize, f64)]) -> Result<String, ChartError> {
    let (unit, kg_per_unit) = instance.display_unit;
    let unit = &unit_name(unit);
    let on_lanes: std::collections::BTreeSet<usize> = flows
        .iter()
        .flat_map(|&(lane, _)| [instance.lanes[lane].from.0, instance.lanes[lane].to.0])
        .collect();
    let drawn = |n: usize| instance.locations.len() <= DIAGRAM_LOCATIONS || on_lanes.contains(&n);
    let column = |kind: LocationKind| -> Vec<usize> {
        (0..instance.locations.len())
            .filter(|&n| instance.locations[n].kind == kind && drawn(n))
            .collect()
    };
    let columns = [
        column(LocationKind::Farm),
        column(LocationKind::Hub),
        column(LocationKind::Store),
    ];
    let largest = flows.iter().map(|f| f.1).fold(0.0, f64::max);
    let line_width = |kg: f64| (1.0 + 11.0 * kg / largest.max(1e-9)).round() as u32;
    let colors = [RGBColor(60, 170, 60), MAGENTA, BLACK];
    let mut entries = vec![
        Entry::new(t("chart-farm", &[]), colors[0], Mark::Dot),
        Entry::new(t("chart-hub", &[]), colors[1], Mark::Dot),
        Entry::new(t("chart-store", &[]), colors[2], Mark::Dot),
    ];
    if largest > 0.0 {
        for share in [1.0, 0.5, 0.1] {
            let kg = largest * share;
            let label = format!("{} {unit}", grouped(kg / kg_per_unit));
            entries.push(Entry::new(label, BLUE.mix(0.4), Mark::Line(line_width(kg))));
        }
    }
    let title = wrap_label(&t("chart-flow-title", &[("unit", unit)]), layout.w() - 16, 13.0);
    let title_height = 10 + 16 * title.len() as i32;
    let head = title_height as u32 + LEGEND_ROW * legend_rows(&entries, layout.w() - 16) + 22;
    // Labels: farms' left of their dot, stores' right of it, hubs' above;
    // the columns leave room for the longest (at most `most_room`, beyond
    // which a label wraps).
    let most_room = if layout.width < Layout::WIDE.width {
        layout.w() * 3 / 10
    } else {
        layout.w() / 3
    };
    let labels: Vec<Vec<String>> = instance
        .locations
        .iter()
        .map(|l| wrap_label(&l.id, most_room, 12.0))
        .collect();
    let lines = (0..instance.locations.len())
        .filter(|&n| drawn(n))
        .map(|n| labels[n].len())
        .max()
        .unwrap_or(1) as i32;
    let row = 26.max(14 * lines + 8);
    let rows = columns.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let body = row * rows as i32;
    let height = head as i32 + body + 24;
    let label_room = |c: usize| {
        columns[c]
            .iter()
            .flat_map(|&n| &labels[n])
            .map(|line| text_width(line, 12.0))
            .max()
            .unwrap_or(0)
            .clamp(40, most_room)
            + 18
    };
    let xs = [label_room(0), layout.w() / 2, layout.w() - label_room(2)];
    let mut position = vec![(0, 0); instance.locations.len()];
    for (c, members) in columns.iter().enumerate() {
        for (i, &n) in members.iter().enumerate() {
            let y = head as i32 + row + (i as i32 * body) / members.len().max(1) as i32;
            position[n] = (xs[c], y);
        }
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (layout.width, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        for (i, line) in title.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (8, 14 + 16 * i as i32),
                font(13.0).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(to_text)?;
        }
        draw_legend(&root, &entries, (8, title_height), layout.w() - 16)?;
        for (c, heading) in ["chart-farms", "chart-hubs", "chart-stores"].iter().enumerate() {
            if !columns[c].is_empty() {
                root.draw(&Text::new(
                    t(heading, &[]),
                    (xs[c], head as i32 - 8),
                    font(12.0).pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(to_text)?;
            }
        }
        for &(lane, kg) in flows {
            let lane = &instance.lanes[lane];
            root.draw(&PathElement::new(
                vec![position[lane.from.0], position[lane.to.0]],
                BLUE.mix(0.4).stroke_width(line_width(kg)),
            ))
            .map_err(to_text)?;
        }
        for (n, location) in instance.locations.iter().enumerate().filter(|&(n, _)| drawn(n)) {
            let (x, y) = position[n];
            let lines = &labels[n];
            let (color, anchor, at) = match location.kind {
                LocationKind::Farm => (colors[0], HPos::Right, (x - 10, y)),
                // Above the dot, its last line 12 units up.
                LocationKind::Hub => (colors[1], HPos::Center, (x, y - 12 - 7 * (lines.len() as i32 - 1))),
                LocationKind::Store => (colors[2], HPos::Left, (x + 10, y)),
            };
            root.draw(&Circle::new((x, y), 5, color.filled())).map_err(to_text)?;
            draw_lines(&root, lines, at, 14, &font(12.0).pos(Pos::new(anchor, VPos::Center)))?;
        }
        root.present().map_err(to_text)?;
    }
    Ok(scalable(&svg, &t("chart-flow-label", &[("unit", unit)])))
}

/// Draws a horizontal dashed line at `y` across a plot, labelled at its right end.
fn reference_line(
    chart: &mut ChartContext<SVGBackend, Ticked>,
    y: f64,
    label: &str,
    color: RGBColor,
) -> Result<(), ChartError> {
    let range = chart.x_range();
    let style = color.mix(0.8).stroke_width(2);
    // Dashes of 1/60 of the axis, as many gaps.
    let dash = (range.end - range.start) / 60.0;
    chart
        .draw_series((0..30).map(|i| {
            let x = range.start + 2.0 * f64::from(i) * dash;
            PathElement::new(vec![(x, y), (x + dash, y)], style)
        }))
        .map_err(to_text)?;
    chart
        .draw_series(std::iter::once(
            EmptyElement::at((range.end, y))
                + Text::new(
                    label.to_string(),
                    (-4, -10),
                    font(12.0).pos(Pos::new(HPos::Right, VPos::Center)).color(&color),
                ),
        ))
        .map_err(to_text)?;
    Ok(())
}

/// Two panels against the level of `fair_shortfall`: the plan's cost, and
/// the worst store's fill rate. Levels are points on a line; `none` (no
/// rule) is not a level and is drawn as a dashed line across each panel.
pub fn fairness_chart_svg(levels: &[FairnessLevel]) -> Result<String, ChartError> {
    let mut points: Vec<(f64, f64, f64)> = levels
        .iter()
        .filter_map(|l| Some((l.level?, l.cost?, l.worst_store_fill_rate?)))
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let unruled = levels
        .iter()
        .find(|l| l.level.is_none())
        .and_then(|l| Some((l.cost?, l.worst_store_fill_rate?)));
    let costs = || points.iter().map(|p| p.1).chain(unruled.map(|u| u.0));
    let cost_min = costs().fold(f64::INFINITY, f64::min);
    let cost_max = costs().fold(f64::NEG_INFINITY, f64::max);
    let (cost_ticks, cost_decimals) = if cost_min.is_finite() {
        let pad = ((cost_max - cost_min) * 0.15).max(cost_max.abs() * 0.002).max(1.0);
        let (low, high) = ((cost_min - pad).max(0.0), cost_max + pad);
        let (ticks, decimals) = value_ticks(high - low, 5);
        let step = ticks.get(1).copied().unwrap_or(1.0);
        let base = (low / step).floor() * step;
        let ticks: Vec<f64> = (0..)
            .map(|i| base + f64::from(i) * step)
            .take_while(|&t| t <= high + step)
            .collect();
        (ticks, decimals)
    } else {
        (vec![0.0, 1.0], 0)
    };
    let level_max = points.iter().map(|p| p.0).fold(0.0, f64::max);
    let (x_ticks, x_decimals) = value_ticks(level_max.max(0.05), 5);
    let x_top = x_ticks.last().copied().unwrap_or(1.0) * 1.04;
    let x_label = |x: &f64| axis_number(*x, x_decimals.max(1));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        let panels = root.split_evenly((1, 2));
        let err = |e: DrawingAreaErrorKind<_>| ChartError(e.to_string());
        let low = cost_ticks.first().copied().unwrap_or(0.0);
        let high = cost_ticks.last().copied().unwrap_or(1.0);
        let mut cost = ChartBuilder::on(&panels[0])
            .caption(t("chart-fair-cost", &[]), font(16.0))
            .margin(14)
            .x_label_area_size(40)
            .y_label_area_size(y_label_room(&cost_ticks, cost_decimals))
            .build_cartesian_2d(
                ticked(0.0..x_top, x_ticks.clone()),
                ticked(low..high, cost_ticks.clone()),
            )
            .map_err(err)?;
        cost.configure_mesh()
            .x_desc(t("chart-fair-x", &[]))
            .y_desc(t("chart-fair-y-cost", &[]))
            .x_label_formatter(&x_label)
            .y_label_formatter(&|y| axis_number(*y, cost_decimals))
            .label_style(font(12.0))
            .axis_desc_style(font(12.0))
            .bold_line_style(BLACK.mix(0.12))
            .draw()
            .map_err(err)?;
        cost.draw_series(LineSeries::new(points.iter().map(|p| (p.0, p.1)), BLUE.stroke_width(2)))
            .map_err(err)?;
        cost.draw_series(points.iter().map(|p| Circle::new((p.0, p.1), 4, BLUE.filled())))
            .map_err(err)?;
        if let Some((c, _)) = unruled {
            reference_line(&mut cost, c, &t("chart-fair-none", &[("value", &grouped(c))]), BLACK)?;
        }
        let mut fill = ChartBuilder::on(&panels[1])
            .caption(t("chart-fair-fill", &[]), font(16.0))
            .margin(14)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(
                ticked(0.0..x_top, x_ticks.clone()),
                ticked(0.0..1.05, (0..=5).map(|i| f64::from(i) * 0.2).collect()),
            )
            .map_err(err)?;
        fill.configure_mesh()
            .x_desc(t("chart-fair-x", &[]))
            .y_desc(t("chart-fair-y-fill", &[]))
            .x_label_formatter(&x_label)
            .y_label_formatter(&|y| format!("{:.0}%", 100.0 * y))
            .label_style(font(12.0))
            .axis_desc_style(font(12.0))
            .bold_line_style(BLACK.mix(0.12))
            .draw()
            .map_err(err)?;
        fill.draw_series(LineSeries::new(points.iter().map(|p| (p.0, p.2)), RED.stroke_width(2)))
            .map_err(err)?;
        fill.draw_series(points.iter().map(|p| Circle::new((p.0, p.2), 4, RED.filled())))
            .map_err(err)?;
        if let Some((_, f)) = unruled {
            reference_line(&mut fill, f, &t("chart-fair-none", &[("value", &percent(f))]), BLACK)?;
        }
        root.present().map_err(to_text)?;
    }
    Ok(svg)
}

/// Ticks of a log axis from `low` to `high`: the powers of ten between
/// them, and 2 and 5 times them too when there are fewer than three.
pub fn log_ticks(low: f64, high: f64) -> Vec<f64> {
    let first = low.max(1e-12).log10().floor() as i32;
    let last = high.max(1e-12).log10().ceil() as i32;
    let within = |multiples: &[f64]| -> Vec<f64> {
        (first..=last.max(first))
            .flat_map(|e| multiples.iter().map(move |m| m * 10f64.powi(e)))
            .filter(|&t| t >= low * 0.999 && t <= high * 1.001)
            .collect()
    };
    let decades = within(&[1.0]);
    if decades.len() >= 3 {
        decades
    } else {
        within(&[1.0, 2.0, 5.0])
    }
}

/// A log-axis tick as a label: `0.002`, `1`, `10,000`.
fn log_label(x: f64) -> String {
    let decimals = (-x.log10().floor()).max(0.0) as usize;
    axis_number(x, decimals)
}

/// Median solve CPU seconds against variables, log-log, one line per solver,
/// with a whisker from the fastest run to the slowest; sizes without an
/// optimal plan are left out. The solvers of one size are set a little
/// apart along the axis so that their whiskers do not hide each other.
pub fn bench_chart_svg(records: &[BenchRecord]) -> Result<String, ChartError> {
    let solved: Vec<&BenchRecord> = records.iter().filter(|r| r.status.is_optimal()).collect();
    let mut solvers: Vec<&str> = solved.iter().map(|r| r.solver.as_str()).collect();
    solvers.sort_unstable();
    solvers.dedup();
    let x_min = solved
        .iter()
        .map(|r| r.variables as f64)
        .fold(f64::INFINITY, f64::min)
        .clamp(1.0, 1e12)
        / 1.6;
    let x_max = solved.iter().map(|r| r.variables as f64).fold(10.0, f64::max) * 1.6;
    let y_min = solved
        .iter()
        .map(|r| r.solve_cpu_seconds.min)
        .fold(1.0, f64::min)
        .max(1e-5)
        / 1.6;
    let y_max = solved.iter().map(|r| r.solve_cpu_seconds.max).fold(1e-3, f64::max) * 1.6;
    let entries: Vec<Entry> = solvers
        .iter()
        .enumerate()
        .map(|(i, s)| Entry::new(*s, Palette99::pick(i).to_rgba(), Mark::Line(2)))
        .chain(std::iter::once(Entry::new(
            "(dot: median of the runs; whisker: fastest to slowest)",
            BLACK,
            Mark::Note,
        )))
        .collect();
    let width = 900;
    let head = 40 + LEGEND_ROW * legend_rows(&entries, width - 32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width as u32, 560 + head)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        root.draw(&Text::new(
            "agrimatch: solve time against model size",
            (16, 18),
            font(18.0).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(to_text)?;
        draw_legend(&root, &entries, (16, 34), width - 32)?;
        let (_, plot) = root.split_vertically(head);
        let mut chart = ChartBuilder::on(&plot)
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(
                Ticks {
                    inner: LogCoord::<f64>::from((x_min..x_max).log_scale()),
                    points: log_ticks(x_min, x_max),
                },
                Ticks {
                    inner: LogCoord::<f64>::from((y_min..y_max).log_scale()),
                    points: log_ticks(y_min, y_max),
                },
            )
            .map_err(to_text)?;
        chart
            .configure_mesh()
            .x_desc("variables (columns of the LP, summed over blocks)")
            .y_desc("solve CPU seconds (summed over blocks), median of the runs")
            .x_label_formatter(&|x| log_label(*x))
            .y_label_formatter(&|y| log_label(*y))
            .label_style(font(13.0))
            .axis_desc_style(font(13.0))
            .bold_line_style(BLACK.mix(0.12))
            .draw()
            .map_err(to_text)?;
        let n = solvers.len() as f64;
        for (i, solver) in solvers.iter().enumerate() {
            let color = Palette99::pick(i).to_rgba();
            let dodge = 1.06f64.powf(i as f64 - (n - 1.0) / 2.0);
            let mut points: Vec<(f64, [f64; 3])> = solved
                .iter()
                .filter(|r| r.solver == *solver)
                .map(|r| {
                    let s = &r.solve_cpu_seconds;
                    (
                        r.variables as f64 * dodge,
                        [s.min, s.median, s.max].map(|t| t.max(y_min)),
                    )
                })
                .collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            chart
                .draw_series(LineSeries::new(
                    points.iter().map(|p| (p.0, p.1[1])),
                    color.stroke_width(2),
                ))
                .map_err(to_text)?;
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|p| PathElement::new(vec![(p.0, p.1[0]), (p.0, p.1[2])], color.stroke_width(1))),
                )
                .map_err(to_text)?;
            for end in [0, 2] {
                chart
                    .draw_series(points.iter().map(|p| {
                        EmptyElement::at((p.0, p.1[end]))
                            + PathElement::new(vec![(-4, 0), (4, 0)], color.stroke_width(1))
                    }))
                    .map_err(to_text)?;
            }
            chart
                .draw_series(points.iter().map(|p| Circle::new((p.0, p.1[1]), 4, color.filled())))
                .map_err(to_text)?;
        }
        root.present().map_err(to_text)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn week_ticks_are_whole_weeks_and_few() {
        let ticks = week_ticks(1, 52, 14, false);
        assert_eq!(ticks, vec![1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
        assert_eq!(week_ticks(1, 3, 14, false), vec![1, 2, 3]);
        assert_eq!(week_ticks(1, 1, 14, false), vec![1]);
        // On the calendar: every 8th week from the first, like dates apart.
        assert_eq!(week_ticks(1, 52, 8, true), vec![1, 9, 17, 25, 33, 41, 49]);
        for (first, last) in [(1, 10_000), (7, 19), (40, 52), (1, 2)] {
            let ticks = week_ticks(first, last, 12, false);
            assert!(ticks.len() <= 12, "{first}..{last}: {ticks:?}");
            assert!(ticks.iter().all(|w| (first..=last).contains(w)));
            assert_eq!(ticks[0], first);
        }
    }

    #[test]
    fn value_ticks_are_round_and_labelled_without_needless_decimals() {
        let (ticks, decimals) = value_ticks(163_000.0, 6);
        assert_eq!(ticks, vec![0.0, 50_000.0, 100_000.0, 150_000.0, 200_000.0]);
        assert_eq!(decimals, 0);
        let labels: Vec<String> = ticks.iter().map(|&t| axis_number(t, decimals)).collect();
        assert_eq!(labels, ["0", "50,000", "100,000", "150,000", "200,000"]);
        let (ticks, decimals) = value_ticks(1.1, 6);
        assert_eq!(decimals, 1);
        assert_eq!(axis_number(ticks[1], decimals), "0.2");
        assert_eq!(axis_number(1_234_567.25, 2), "1,234,567.25");
        assert_eq!(axis_number(0.96, 1), "1.0");
        assert_eq!(axis_number(-2500.5, 1), "-2,500.5");
    }

    #[test]
    fn log_ticks_stay_inside_the_axis() {
        assert_eq!(log_ticks(500.0, 120_000.0), vec![1_000.0, 10_000.0, 100_000.0]);
        assert_eq!(log_ticks(500.0, 9_000.0), vec![500.0, 1_000.0, 2_000.0, 5_000.0]);
        let labels: Vec<String> = log_ticks(0.0005, 0.2).into_iter().map(log_label).collect();
        assert_eq!(labels, ["0.001", "0.01", "0.1"]);
    }

    #[test]
    fn a_chart_scales_with_the_page() {
        let svg =
            "<svg width=\"720\" height=\"260\" viewBox=\"0 0 720 260\" xmlns=\"http://www.w3.org/2000/svg\">\n</svg>";
        let scaled = scalable(svg, "a & b");
        assert!(scaled.starts_with("<svg width=\"100%\" role=\"img\" aria-label=\"a &amp; b\" viewBox=\"0 0 720 260\""));
        assert!(!scaled.contains("height=\"260\""));
    }

    #[test]
    fn long_labels_wrap_at_their_hyphens_or_inside_a_word() {
        assert_eq!(
            wrap_label("Guanshanhu-supermarket", 102, 12.0),
            ["Guanshanhu-", "supermarket"]
        );
        assert_eq!(wrap_label("kale", 102, 12.0), ["kale"]);
        assert_eq!(wrap_label("", 102, 12.0), [""]);
        assert_eq!(wrap_label("a b c", 1000, 12.0), ["a b c"]);
        // No break: split where the room ends, nothing lost.
        let lines = wrap_label("abcdefghijklmnopqrstuvwxyz", 60, 12.0);
        assert!(
            lines.len() > 1 && lines.concat() == "abcdefghijklmnopqrstuvwxyz",
            "{lines:?}"
        );
        assert!(lines.iter().all(|l| text_width(l, 12.0) <= 60), "{lines:?}");
        assert_eq!(wrap_label("白菜合作社", 30, 12.0), ["白菜", "合作", "社"]);
    }

    #[test]
    fn legends_wrap_inside_their_width() {
        let entries: Vec<Entry> = (0..20)
            .map(|i| Entry::new(format!("product-{i}"), BLACK, Mark::Line(2)))
            .collect();
        let layout = legend_layout(&entries, 700);
        assert!(layout.iter().zip(&entries).all(|(&(_, x), e)| x + e.width() <= 700));
        assert!(legend_rows(&entries, 700) > 1);
        assert_eq!(text_width("白菜", 12.0), 24);
        assert_eq!(text_width("kale", 10.0), 25);
    }
}
