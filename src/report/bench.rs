//! The records of `agrimatch bench` and their formatters: a CSV of
//! per-phase seconds, model size and peak memory, and an SVG chart of solve
//! time against model size per solver.

use std::io::Write;

use plotters::prelude::*;

use super::tables::rate;

/// One planning run of the size sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchRecord {
    pub size: String,
    pub solver: String,
    pub status: String,
    pub blocks: usize,
    pub variables: usize,
    pub constraints: usize,
    pub read_seconds: f64,
    pub build_seconds: f64,
    pub solve_seconds: f64,
    pub verify_seconds: f64,
    pub total_seconds: f64,
    /// Peak resident memory of the run, when the system reports it.
    pub peak_memory_mb: Option<f64>,
    pub objective: Option<f64>,
}

pub fn write_bench_csv<W: Write>(records: &[BenchRecord], w: W) -> csv::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record([
        "size",
        "solver",
        "status",
        "blocks",
        "variables",
        "constraints",
        "read_seconds",
        "build_seconds",
        "solve_seconds",
        "verify_seconds",
        "total_seconds",
        "peak_memory_mb",
        "objective",
    ])?;
    for r in records {
        out.write_record([
            r.size.as_str(),
            &r.solver,
            &r.status,
            &r.blocks.to_string(),
            &r.variables.to_string(),
            &r.constraints.to_string(),
            &rate(r.read_seconds),
            &rate(r.build_seconds),
            &rate(r.solve_seconds),
            &rate(r.verify_seconds),
            &rate(r.total_seconds),
            &r.peak_memory_mb.map(|m| format!("{m:.1}")).unwrap_or_default(),
            &r.objective.map(|o| format!("{o:.4}")).unwrap_or_default(),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// Solve seconds against variables, log-log, one line per solver; runs
/// without an optimal plan are left out.
pub fn bench_chart_svg(records: &[BenchRecord]) -> Result<String, String> {
    let solved: Vec<&BenchRecord> = records.iter().filter(|r| r.status == "optimal").collect();
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
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .caption("agrimatch: solve time against model size", ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d((x_min..x_max).log_scale(), (y_min..y_max).log_scale())
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc("variables (columns of the LP, summed over blocks)")
            .y_desc("solve seconds")
            .draw()
            .map_err(|e| e.to_string())?;
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
                .map_err(|e| e.to_string())?
                .label(*solver)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2)));
            chart
                .draw_series(points.into_iter().map(|p| Circle::new(p, 4, color.filled())))
                .map_err(|e| e.to_string())?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// The legend of every chart of this crate: a framed box of the series' labels.
pub(super) fn draw_legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> Result<(), String>
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
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(solver: &str, variables: usize, seconds: f64) -> BenchRecord {
        BenchRecord {
            size: "s".into(),
            solver: solver.into(),
            status: "optimal".into(),
            blocks: 1,
            variables,
            constraints: variables / 2,
            read_seconds: 0.0,
            build_seconds: 0.0,
            solve_seconds: seconds,
            verify_seconds: 0.0,
            total_seconds: seconds,
            peak_memory_mb: Some(10.0),
            objective: Some(1.0),
        }
    }

    #[test]
    fn chart_has_a_line_per_solver() {
        let records = [
            record("clarabel", 1000, 0.1),
            record("clarabel", 10000, 1.0),
            record("network", 10000, 0.01),
        ];
        let svg = bench_chart_svg(&records).expect("chart draws");
        assert!(svg.starts_with("<svg"));
        assert!(
            svg.contains(">\nclarabel\n<") && svg.contains(">\nnetwork\n<"),
            "legend names the solvers"
        );
        assert_eq!(svg.matches("<circle").count(), 3, "one point per run");
    }
}
