//! Per-phase timings of the pipeline on the shipped scenarios:
//! read + validate, build the LP, solve with each solver, verify.
//! Run with `cargo bench --bench pipeline`; figures go to BENCHMARKS.md.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

use agrimatch::data::read_instance;
use agrimatch::model::{build_model, solve_lp, LpSolver, LpStatus};
use agrimatch::solve::{solve_instance, SolveOptions, SolverChoice};

const SCENARIOS: [&str; 2] = ["tiny", "guiyang-luodian"];

fn scenario_dir(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

fn phases(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    for name in SCENARIOS {
        let dir = scenario_dir(name);
        let instance = read_instance(&dir).expect("shipped scenarios are valid");
        let model = build_model(&instance);
        group.bench_with_input(BenchmarkId::new("read", name), &dir, |b, dir| {
            b.iter(|| read_instance(dir).expect("valid"))
        });
        group.bench_with_input(BenchmarkId::new("build", name), &instance, |b, instance| {
            b.iter(|| build_model(instance))
        });
        for solver in [LpSolver::Microlp, LpSolver::Clarabel] {
            group.bench_with_input(
                BenchmarkId::new(format!("solve/{}", solver.name()), name),
                &model,
                |b, model| {
                    b.iter(|| {
                        let solution = solve_lp(model, solver, None);
                        assert_eq!(solution.status, LpStatus::Optimal);
                    })
                },
            );
        }
        group.bench_with_input(BenchmarkId::new("plan/auto", name), &instance, |b, instance| {
            let options = SolveOptions {
                solver: SolverChoice::Auto,
                time_limit_seconds: None,
                split: true,
            };
            b.iter(|| solve_instance(instance, &options).expect("solver available"))
        });
    }
    group.finish();
}

criterion_group!(benches, phases);
criterion_main!(benches);
