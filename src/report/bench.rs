//! The records of `agrimatch bench` and their formatters: `bench.csv`
//! (per size and solver, each figure as min, median and max of the timed
//! runs), `bench-runs.csv` (every timed run) and, in `charts`, an SVG
//! chart of solve time against model size per solver.

use std::io::Write;

use super::tables::rate;
pub use crate::scenario::bench::{Bench, BenchRecord, BenchRun, Spread};

/// Writes `bench.csv`: one row per size and solver, timings in seconds as
/// `<figure>_min`, `_median` and `_max` over the timed runs, and a note
/// when runs lie far apart.
pub fn write_bench_csv<W: Write>(records: &[BenchRecord], w: W) -> csv::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    let mut header: Vec<String> = [
        "size",
        "solver",
        "status",
        "runs",
        "warmup",
        "blocks",
        "variables",
        "constraints",
    ]
    .map(String::from)
    .to_vec();
    if let Some(first) = records.first() {
        for (name, _) in first.figures() {
            header.extend(["min", "median", "max"].map(|s| format!("{name}_{s}")));
        }
    }
    header.extend(["peak_memory_mb", "objective", "note"].map(String::from));
    out.write_record(&header)?;
    for r in records {
        let mut row = vec![
            r.size.clone(),
            r.solver.clone(),
            r.status.to_string(),
            r.runs.to_string(),
            r.warmup.to_string(),
            r.blocks.to_string(),
            r.variables.to_string(),
            r.constraints.to_string(),
        ];
        for (_, s) in r.figures() {
            row.extend([rate(s.min), rate(s.median), rate(s.max)]);
        }
        row.extend([
            r.peak_memory_mb.map(|m| format!("{m:.1}")).unwrap_or_default(),
            r.objective.map(|o| format!("{o:.4}")).unwrap_or_default(),
            r.note(),
        ]);
        out.write_record(&row)?;
    }
    out.flush()?;
    Ok(())
}

/// Writes `bench-runs.csv`: every timed run, for those who want their own statistics.
pub fn write_bench_runs_csv<W: Write>(runs: &[BenchRun], w: W) -> csv::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    out.write_record([
        "size",
        "solver",
        "run",
        "status",
        "read_seconds",
        "build_cpu_seconds",
        "solve_cpu_seconds",
        "verify_seconds",
        "total_wall_seconds",
        "peak_memory_mb",
        "objective",
    ])?;
    for r in runs {
        out.write_record([
            r.size.clone(),
            r.solver.clone(),
            r.run.to_string(),
            r.status.to_string(),
            rate(r.read_seconds),
            rate(r.build_cpu_seconds),
            rate(r.solve_cpu_seconds),
            rate(r.verify_seconds),
            rate(r.total_wall_seconds),
            r.peak_memory_mb.map(|m| format!("{m:.1}")).unwrap_or_default(),
            r.objective.map(|o| format!("{o:.4}")).unwrap_or_default(),
        ])?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(solver: &str, variables: usize, seconds: [f64; 3]) -> BenchRecord {
        let spread = Spread {
            min: seconds[0],
            median: seconds[1],
            max: seconds[2],
        };
        BenchRecord {
            size: "s".into(),
            solver: solver.into(),
            status: crate::solve::RunStatus::Planned(crate::solve::Method::Lp(crate::model::LpSolver::Microlp)),
            runs: 3,
            warmup: 1,
            blocks: 1,
            variables,
            constraints: variables / 2,
            read_seconds: Spread::default(),
            build_cpu_seconds: Spread::default(),
            solve_cpu_seconds: spread,
            verify_seconds: Spread::default(),
            total_wall_seconds: spread,
            peak_memory_mb: Some(10.0),
            objective: Some(1.0),
            varied: false,
        }
    }

    #[test]
    fn csv_has_min_median_max_and_notes_a_wide_spread() {
        let records = [
            record("clarabel", 1000, [0.1, 0.11, 0.2]),
            record("network", 1000, [0.1, 0.11, 0.12]),
        ];
        let mut out = Vec::new();
        write_bench_csv(&records, &mut out).expect("writes to memory");
        let text = String::from_utf8(out).expect("utf-8");
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
        for column in [
            "runs",
            "warmup",
            "solve_cpu_seconds_min",
            "solve_cpu_seconds_median",
            "solve_cpu_seconds_max",
            "total_wall_seconds_median",
            "note",
        ] {
            assert!(header.contains(&column), "{column} in {header:?}");
        }
        assert!(
            !header.contains(&"solve_seconds"),
            "the sum over blocks is named solve_cpu_seconds"
        );
        let rows: Vec<&str> = lines.collect();
        assert!(
            rows[0].ends_with("solve_cpu_seconds max/min 2.00; total_wall_seconds max/min 2.00"),
            "{}",
            rows[0]
        );
        assert!(rows[1].ends_with(','), "no note for a 1.2x spread: {}", rows[1]);
    }

    #[test]
    fn chart_has_a_line_per_solver() {
        let records = [
            record("clarabel", 1000, [0.1, 0.1, 0.1]),
            record("clarabel", 10000, [0.9, 1.0, 1.3]),
            record("network", 10000, [0.01, 0.01, 0.01]),
        ];
        let svg = crate::report::charts::bench_chart_svg(&records).expect("chart draws");
        assert!(svg.starts_with("<svg"));
        assert!(
            svg.contains(">\nclarabel\n<") && svg.contains(">\nnetwork\n<"),
            "legend names the solvers"
        );
        assert_eq!(svg.matches("<circle").count(), 3, "one median per size and solver");
        for label in ["1,000", "10,000", "0.1", ">\n1\n<"] {
            assert!(svg.contains(label), "axis label {label}");
        }
        assert!(!svg.contains("1.0e"), "no scientific labels");
    }
}
