//! Formatters for `agrimatch fairness`: the trade-off table and its chart.

use std::io::Write;

use plotters::prelude::*;

use super::tables::{kg, money, rate};
use crate::scenario::fairness::FairnessLevel;

fn level_text(level: Option<f64>) -> String {
    level.map_or("none".to_string(), |l| l.to_string())
}

pub fn write_fairness_csv<W: Write>(levels: &[FairnessLevel], w: W) -> csv::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record([
        "fair_shortfall",
        "status",
        "cost",
        "fairness_penalty",
        "waste_kg",
        "shortfall_kg",
        "worst_store_fill_rate",
        "lowest_priority_farm_sold_share",
    ])?;
    let or_blank = |x: Option<f64>, format: fn(f64) -> String| x.map(format).unwrap_or_default();
    for l in levels {
        out.write_record([
            level_text(l.level),
            l.status.clone(),
            or_blank(l.cost, money),
            or_blank(l.fairness_penalty, money),
            or_blank(l.waste_kg, kg),
            or_blank(l.shortfall_kg, kg),
            or_blank(l.worst_store_fill_rate, rate),
            or_blank(l.lowest_priority_farm_sold_share, rate),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// Two panels against the level (`none` drawn at 1, where it binds no
/// more): the plan's cost, and the worst store's fill rate.
pub fn fairness_chart_svg(levels: &[FairnessLevel]) -> Result<String, String> {
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
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let panels = root.split_evenly((1, 2));
        let err = |e: DrawingAreaErrorKind<_>| e.to_string();
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
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}
