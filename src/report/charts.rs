//! Every chart of the crate, as SVG text (plotters' SVG backend: no
//! fonts or image libraries needed): the report's weekly, waste and share
//! charts and its flow diagram, the fairness chart and the bench chart.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::bench::BenchRecord;
use crate::data::{Instance, LocationKind, ProductIx};
use crate::scenario::fairness::FairnessLevel;
use crate::solve::figures::{PlanFigures, WeekFigures};

/// Up to this many locations, the flow diagram places every one; beyond,
/// only those on the lanes drawn.
const DIAGRAM_LOCATIONS: usize = 80;

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

/// A chart with the horizon's weeks across and 0 to `top` kg up, its mesh
/// drawn: the frame the weekly and waste charts share.
fn week_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    caption: Option<&str>,
    weeks: u32,
    top: f64,
    y_desc: &str,
) -> Result<ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>, ChartError> {
    let mut builder = ChartBuilder::on(root);
    if let Some(caption) = caption {
        builder.caption(caption, ("sans-serif", 16));
    }
    let mut chart = builder
        .margin(8)
        .x_label_area_size(30)
        .y_label_area_size(70)
        .build_cartesian_2d(0.5..f64::from(weeks) + 0.5, 0.0..top)
        .map_err(to_text)?;
    chart
        .configure_mesh()
        .x_desc("week")
        .y_desc(y_desc)
        .draw()
        .map_err(to_text)?;
    Ok(chart)
}

/// Harvest, orders and deliveries of one product per week.
pub(super) fn weekly_chart(instance: &Instance, figures: &PlanFigures, p: ProductIx) -> Result<String, ChartError> {
    let weeks: Vec<(u32, WeekFigures)> = figures
        .weekly
        .iter()
        .filter(|((_, q), _)| *q == p)
        .map(|(&(w, _), &v)| (w, v))
        .collect();
    let top = weeks
        .iter()
        .map(|(_, v)| v.supply_kg.max(v.demand_kg))
        .fold(1.0, f64::max)
        * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, 260)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        let mut chart = week_chart(&root, Some(&instance.product(p).id), instance.weeks, top, "kg")?;
        type Series = (&'static str, fn(&WeekFigures) -> f64, RGBColor);
        let series: [Series; 3] = [
            ("harvest", |v| v.supply_kg, GREEN),
            ("orders", |v| v.demand_kg, BLACK),
            ("delivered", |v| v.delivered_kg, BLUE),
        ];
        for (name, kg, color) in series {
            chart
                .draw_series(LineSeries::new(
                    weeks.iter().map(|(w, v)| (f64::from(*w), kg(v))),
                    color.stroke_width(2),
                ))
                .map_err(to_text)?
                .label(name)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2)));
        }
        chart
            .draw_series(
                weeks
                    .iter()
                    .filter(|(_, v)| v.demand_kg - v.delivered_kg > 1e-6)
                    .map(|(w, v)| Circle::new((f64::from(*w), v.delivered_kg), 4, RED.filled())),
            )
            .map_err(to_text)?;
        draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        root.present().map_err(to_text)?;
    }
    Ok(svg)
}

/// Kg wasted per week, one line per product of `products` (indexes).
pub(super) fn waste_chart(
    instance: &Instance,
    figures: &PlanFigures,
    products: &[usize],
) -> Result<String, ChartError> {
    let top = figures.weekly.values().map(|v| v.waste_kg).fold(1.0, f64::max) * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, 300)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        let mut chart = week_chart(&root, None, instance.weeks, top, "kg wasted")?;
        for p in products.iter().map(|&p| ProductIx(p)) {
            let color = Palette99::pick(p.0).to_rgba();
            let points: Vec<(f64, f64)> = figures
                .weekly
                .iter()
                .filter(|((_, q), _)| *q == p)
                .map(|(&(w, _), v)| (f64::from(w), v.waste_kg))
                .collect();
            chart
                .draw_series(LineSeries::new(points, color.stroke_width(2)))
                .map_err(to_text)?
                .label(instance.product(p).id.clone())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2)));
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        root.present().map_err(to_text)?;
    }
    Ok(svg)
}

/// Horizontal bars of shares (0 to 1); `marked` bars in green.
pub(super) fn bar_chart(
    title: &str,
    bars: &[(String, f64)],
    marked: impl Fn(&str) -> bool,
) -> Result<String, ChartError> {
    let height = 60 + 22 * bars.len().max(1) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, height)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        let names: Vec<String> = bars.iter().map(|b| b.0.clone()).collect();
        let mut chart = ChartBuilder::on(&root)
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(200)
            .build_cartesian_2d(0.0..1.0, (0..bars.len().max(1)).into_segmented())
            .map_err(to_text)?;
        chart
            .configure_mesh()
            .x_desc(title)
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => names.get(*i).cloned().unwrap_or_default(),
                SegmentValue::Last => String::new(),
            })
            .disable_y_mesh()
            .draw()
            .map_err(to_text)?;
        chart
            .draw_series(bars.iter().enumerate().map(|(i, (name, share))| {
                let color = if marked(name) { GREEN } else { BLUE };
                Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (share.clamp(0.0, 1.0), SegmentValue::Exact(i + 1)),
                    ],
                    color.mix(0.6).filled(),
                )
            }))
            .map_err(to_text)?;
        root.present().map_err(to_text)?;
    }
    Ok(svg)
}

/// A map-like flow diagram: farms left, hubs in the middle, stores right,
/// one line per lane with its width after the kg it carries.
pub(super) fn flow_diagram(instance: &Instance, flows: &[(usize, f64)]) -> Result<String, ChartError> {
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
    let rows = columns.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let height = 40 + 24 * rows as i32;
    let mut position = vec![(0, 0); instance.locations.len()];
    for (c, members) in columns.iter().enumerate() {
        for (i, &n) in members.iter().enumerate() {
            let y = 20 + (i as i32 * (height - 40)) / members.len().max(1) as i32;
            position[n] = (160 + c as i32 * 330, y + 10);
        }
    }
    let largest = flows.iter().map(|f| f.1).fold(1.0, f64::max);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        for &(lane, kg) in flows {
            let lane = &instance.lanes[lane];
            let width = (1.0 + 11.0 * kg / largest) as u32;
            root.draw(&PathElement::new(
                vec![position[lane.from.0], position[lane.to.0]],
                BLUE.mix(0.4).stroke_width(width),
            ))
            .map_err(to_text)?;
        }
        for (n, location) in instance.locations.iter().enumerate().filter(|&(n, _)| drawn(n)) {
            let (x, y) = position[n];
            let color = match location.kind {
                LocationKind::Farm => GREEN,
                LocationKind::Hub => MAGENTA,
                LocationKind::Store => BLACK,
            };
            root.draw(&Circle::new((x, y), 5, color.filled())).map_err(to_text)?;
            let anchor = if location.kind == LocationKind::Store {
                x + 10
            } else {
                x - 150
            };
            root.draw(&Text::new(location.id.clone(), (anchor, y - 6), ("sans-serif", 12)))
                .map_err(to_text)?;
        }
        root.present().map_err(to_text)?;
    }
    Ok(svg)
}

/// Two panels against the level (`none` drawn at 1, where it binds no
/// more): the plan's cost, and the worst store's fill rate.
pub fn fairness_chart_svg(levels: &[FairnessLevel]) -> Result<String, ChartError> {
    let x = |l: &FairnessLevel| l.level.unwrap_or(1.0);
    let mut points: Vec<(f64, f64, f64)> = levels
        .iter()
        .filter_map(|l| Some((x(l), l.cost?, l.worst_store_fill_rate?)))
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let cost_min = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let cost_max = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let (cost_low, cost_high) = if points.is_empty() {
        (0.0, 1.0)
    } else {
        let pad = ((cost_max - cost_min) * 0.1).max(cost_max.abs() * 0.001).max(1.0);
        (cost_min - pad, cost_max + pad)
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        let panels = root.split_evenly((1, 2));
        let err = |e: DrawingAreaErrorKind<_>| ChartError(e.to_string());
        let mut cost = ChartBuilder::on(&panels[0])
            .caption("cost of the plan", ("sans-serif", 18))
            .margin(14)
            .x_label_area_size(40)
            .y_label_area_size(90)
            .build_cartesian_2d(0.0..1.05, cost_low..cost_high)
            .map_err(err)?;
        cost.configure_mesh()
            .x_desc("fair_shortfall (none = 1)")
            .y_desc("cost")
            .draw()
            .map_err(err)?;
        cost.draw_series(LineSeries::new(points.iter().map(|p| (p.0, p.1)), BLUE.stroke_width(2)))
            .map_err(err)?;
        cost.draw_series(points.iter().map(|p| Circle::new((p.0, p.1), 4, BLUE.filled())))
            .map_err(err)?;
        let mut fill = ChartBuilder::on(&panels[1])
            .caption("worst store's fill rate", ("sans-serif", 18))
            .margin(14)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..1.05, 0.0..1.05)
            .map_err(err)?;
        fill.configure_mesh()
            .x_desc("fair_shortfall (none = 1)")
            .y_desc("fill rate")
            .draw()
            .map_err(err)?;
        fill.draw_series(LineSeries::new(points.iter().map(|p| (p.0, p.2)), RED.stroke_width(2)))
            .map_err(err)?;
        fill.draw_series(points.iter().map(|p| Circle::new((p.0, p.2), 4, RED.filled())))
            .map_err(err)?;
        root.present().map_err(to_text)?;
    }
    Ok(svg)
}

/// Solve seconds against variables, log-log, one line per solver; runs
/// without an optimal plan are left out.
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
        / 2.0;
    let x_max = solved.iter().map(|r| r.variables as f64).fold(10.0, f64::max) * 2.0;
    let y_min = solved.iter().map(|r| r.solve_seconds).fold(1.0, f64::min).max(1e-4) / 2.0;
    let y_max = solved.iter().map(|r| r.solve_seconds).fold(1e-3, f64::max) * 2.0;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 560)).into_drawing_area();
        root.fill(&WHITE).map_err(to_text)?;
        let mut chart = ChartBuilder::on(&root)
            .caption("agrimatch: solve time against model size", ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d((x_min..x_max).log_scale(), (y_min..y_max).log_scale())
            .map_err(to_text)?;
        chart
            .configure_mesh()
            .x_desc("variables (columns of the LP, summed over blocks)")
            .y_desc("solve seconds")
            .draw()
            .map_err(to_text)?;
        for (i, solver) in solvers.iter().enumerate() {
            let color = Palette99::pick(i).to_rgba();
            let mut points: Vec<(f64, f64)> = solved
                .iter()
                .filter(|r| r.solver == *solver)
                .map(|r| (r.variables as f64, r.solve_seconds.max(y_min)))
                .collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            chart
                .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
                .map_err(to_text)?
                .label(*solver)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2)));
            chart
                .draw_series(points.into_iter().map(|p| Circle::new(p, 4, color.filled())))
                .map_err(to_text)?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        root.present().map_err(to_text)?;
    }
    Ok(svg)
}

/// The legend of every chart of this crate: a framed box of the series' labels.
fn draw_legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> Result<(), ChartError>
where
    DB: DrawingBackend + 'a,
    CT: plotters::coord::CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(to_text)
}
