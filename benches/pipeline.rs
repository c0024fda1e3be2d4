//! Per-phase timings of the pipeline on the shipped and generated scenarios:
//! read + validate, build the LP, solve with each solver (the network
//! simplex where the model is a pure network), and the whole `auto` plan.
//! Run with `cargo bench --bench pipeline`; figures go to BENCHMARKS.md.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

use agrimatch::data::read_instance;
use agrimatch::lp::network::is_network;
use agrimatch::model::{build_model, solve_lp, LpSolver, LpStatus};
use agrimatch::scenario::{generate_scenario, GenerateOptions};
use agrimatch::solve::{solve_instance, SolveOptions};

/// (name, generated size): shipped scenarios have no size; generated ones
/// are written to a temporary folder. Sizes as in `agrimatch bench`.
/// (farms, stores, products, lanes per farm, share of capacitated lanes); 26 weeks.
type GeneratedSize = (usize, usize, usize, usize, f64);

const SCENARIOS: [(&str, Option<GeneratedSize>); 6] = [
    ("tiny", None),
    ("guiyang-luodian", None),
    ("generated-small", Some((40, 10, 4, 4, 0.2))),
    ("generated-medium", Some((120, 30, 6, 5, 0.2))),
    ("generated-medium-uncoupled", Some((120, 30, 6, 5, 0.0))),
    ("generated-large-uncoupled", Some((300, 60, 6, 5, 0.0))),
];

/// General LP solvers are timed only up to this many variables: above it
/// one sample takes many seconds (see `agrimatch bench` for large sizes).
const LP_SOLVER_MAX_VARIABLES: usize = 30_000;

fn scenario_dir(name: &str, size: Option<GeneratedSize>) -> std::path::PathBuf {
    let Some((farms, stores, products, lanes_per_farm, capacitated_lanes)) = size else {
        return Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
    };
    let dir = std::env::temp_dir().join(format!("agrimatch-bench-{}-{name}", std::process::id()));
    let options = GenerateOptions {
        farms,
        stores,
        products,
        weeks: 26,
        lanes_per_farm,
        hubs: 0,
        capacitated_lanes,
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
    for (name, size) in SCENARIOS {
        let dir = scenario_dir(name, size);
        let instance = read_instance(&dir).expect("shipped scenarios are valid");
        let model = build_model(&instance);
        group.bench_with_input(BenchmarkId::new("read", name), &dir, |b, dir| {
            b.iter(|| read_instance(dir).expect("valid"))
        });
        group.bench_with_input(BenchmarkId::new("build", name), &instance, |b, instance| {
            b.iter(|| build_model(instance))
        });
        let mut solvers = Vec::new();
        if model.columns.len() <= LP_SOLVER_MAX_VARIABLES {
            solvers.extend([LpSolver::Microlp, LpSolver::Clarabel]);
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
            let options = SolveOptions::default();
            b.iter(|| solve_instance(instance, &options).expect("solver available"))
        });
    }
    group.finish();
}

criterion_group!(benches, phases);
criterion_main!(benches);
