//! The records of `agrimatch bench` and their formatters: a CSV of
//! per-phase seconds, model size and peak memory, and an SVG chart of solve
//! time against model size per solver.

use std::io::Write;

use super::tables::rate;
pub use crate::scenario::bench::BenchRecord;

/// Writes `bench.csv`: one row per size and solver, timings in seconds.
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
            &r.status.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn record(solver: &str, variables: usize, seconds: f64) -> BenchRecord {
        BenchRecord {
            size: "s".into(),
            solver: solver.into(),
            status: crate::solve::RunStatus::Planned(crate::solve::Method::Lp(crate::model::LpSolver::Microlp)),
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
        let svg = crate::report::charts::bench_chart_svg(&records).expect("chart draws");
        assert!(svg.starts_with("<svg"));
        assert!(
            svg.contains(">\nclarabel\n<") && svg.contains(">\nnetwork\n<"),
            "legend names the solvers"
        );
        assert_eq!(svg.matches("<circle").count(), 3, "one point per run");
    }
}
