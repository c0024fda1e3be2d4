//! Per-phase timings of the pipeline on the shipped scenarios:
//! read + validate, build the LP, solve with each solver (the network
//! simplex where the model is a pure network), and the whole `auto` plan.
//! Run with `cargo bench --bench pipeline`; figures go to BENCHMARKS.md.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

use agrimatch::data::read_instance;
use agrimatch::model::network::is_network;
use agrimatch::model::{build_model, solve_lp, LpSolver, LpStatus};
use agrimatch::scenario::{generate_scenario, GenerateOptions};
use agrimatch::solve::{solve_instance, SolveOptions, SolverChoice};

const SCENARIOS: [&str; 3] = ["tiny", "guiyang-luodian", "generated-medium-uncoupled"];

/// Shipped scenarios by name; the generated one is written to a temporary
/// folder (120 farms, 30 stores, 6 products, 26 weeks, no shared capacity).
fn scenario_dir(name: &str) -> std::path::PathBuf {
    if name != "generated-medium-uncoupled" {
        return Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
    }
    let dir = std::env::temp_dir().join(format!("agrimatch-bench-{}-{name}", std::process::id()));
    let options = GenerateOptions {
        farms: 120,
        stores: 30,
        products: 6,
        weeks: 26,
        lanes_per_farm: 5,
        hubs: 0,
        capacitated_lanes: 0.0,
        seed: 1,
    };
    std::fs::create_dir_all(&dir).expect("temporary folder");
    for (file, text) in generate_scenario(&options) {
        std::fs::write(dir.join(file), text).expect("scenario file written");
    }
    dir
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
        // microlp takes minutes per sample on the generated model: left out there.
        let mut solvers = vec![LpSolver::Clarabel];
        if model.columns.len() <= 20_000 {
            solvers.push(LpSolver::Microlp);
        }
        if is_network(&model) {
            solvers.push(LpSolver::Network);
        }
        for solver in solvers {
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
