//! Scenario folders for tests: a small valid base that cases modify.

use std::collections::BTreeMap;
use std::path::Path;

use agrimatch::data::{read_instance, Instance};
use agrimatch::model::LpSolver;
use agrimatch::solve::{solve_instance, PlanOutcome, SolveOptions, SolverChoice};

/// File name -> content; `None` content removes the file.
#[derive(Clone, Debug)]
pub struct Scenario(pub BTreeMap<&'static str, String>);

impl Scenario {
    /// One farm, one store, one product, one week: 100 kg harvested, 80 kg ordered.
    pub fn base() -> Scenario {
        let mut files = BTreeMap::new();
        files.insert(
            "products.csv",
            "product,shelf_life_days,value_per_kg\nplum,14,8\n".to_string(),
        );
        files.insert("farms.csv", "farm,region\nMuyin-1,Luodian\n".to_string());
        files.insert("stores.csv", "store,region\nJingkai,Jingkai\n".to_string());
        files.insert(
            "supply.csv",
            "farm,product,week,quantity_kg\nMuyin-1,plum,1,100\n".to_string(),
        );
        files.insert(
            "demand.csv",
            "store,product,week,quantity_kg\nJingkai,plum,1,80\n".to_string(),
        );
        files.insert("lanes.csv", "from,to,cost_per_kg\nMuyin-1,Jingkai,0.5\n".to_string());
        Scenario(files)
    }

    pub fn with(mut self, file: &'static str, content: &str) -> Scenario {
        self.0.insert(file, content.to_string());
        self
    }

    pub fn without(mut self, file: &'static str) -> Scenario {
        self.0.remove(file);
        self
    }

    pub fn write_to(&self, dir: &Path) {
        std::fs::create_dir_all(dir).expect("test folder can be created");
        for (name, content) in &self.0 {
            std::fs::write(dir.join(name), content).expect("test file can be written");
        }
    }

    /// Writes the files into a new temporary folder.
    pub fn write(&self) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temporary folder");
        self.write_to(dir.path());
        dir
    }

    pub fn instance(&self) -> Instance {
        let dir = self.write();
        read_instance(dir.path()).unwrap_or_else(|e| panic!("scenario should be valid: {e}"))
    }

    /// The problems reported for this scenario, one string each.
    pub fn problems(&self) -> Vec<String> {
        let dir = self.write();
        match read_instance(dir.path()) {
            Ok(_) => Vec::new(),
            Err(agrimatch::Error::Input(problems)) => problems.0.iter().map(|p| p.to_string()).collect(),
            Err(other) => vec![format!("not an input error: {other}")],
        }
    }
}

pub fn solve(instance: &Instance, solver: LpSolver) -> PlanOutcome {
    solve_with(instance, solver, true)
}

/// Solves with blocks split (`split`) or as one LP.
pub fn solve_with(instance: &Instance, solver: LpSolver, split: bool) -> PlanOutcome {
    let options = SolveOptions {
        solver: SolverChoice::Fixed(solver),
        time_limit_seconds: None,
        split,
        ..SolveOptions::default()
    };
    let outcome = solve_instance(instance, &options).expect("solver is in the default build");
    // Every solver but microlp hands its duals over: its optimal LP plans
    // must carry a checked certificate, not only the solver's word.
    if let (Some(_), agrimatch::solve::Method::Lp(used)) = (outcome.plan(), outcome.method()) {
        if used != LpSolver::Microlp {
            assert!(
                outcome.certificate.is_checked(),
                "{}: {}",
                used.name(),
                outcome.certificate
            );
            assert_eq!(outcome.word(), "optimal");
        } else if outcome.variables > 0 {
            assert_eq!(outcome.word(), "solved", "microlp gives no duals");
        }
    }
    outcome
}

/// Every solver `auto` can choose for `instance`: the network simplex where
/// the whole model is a network, the coupled simplex where it is a network
/// with coupling rows, and the general solvers microlp and Clarabel, so that
/// a hand-derived optimum checks the fast cores too.
pub fn every_solver(instance: &Instance) -> Vec<LpSolver> {
    let model = agrimatch::model::build_model(instance);
    let mut solvers = Vec::new();
    if agrimatch::lp::network::is_network(&model) {
        solvers.push(LpSolver::Network);
    }
    if agrimatch::lp::coupled::is_coupled_network(&model) {
        solvers.push(LpSolver::Coupled);
    }
    solvers.extend(SOLVERS);
    solvers
}

/// Solves and returns the verified objective; panics unless optimal.
pub fn objective(instance: &Instance, solver: LpSolver) -> f64 {
    let outcome = solve(instance, solver);
    assert!(
        outcome.is_optimal(),
        "{} should solve to optimality: {:?}",
        solver.name(),
        outcome.status()
    );
    outcome.into_plan().expect("optimal plans are verified").costs.total()
}

pub const SOLVERS: [LpSolver; 2] = [LpSolver::Microlp, LpSolver::Clarabel];

pub fn assert_close(actual: f64, expected: f64, what: &str) {
    let tolerance = 1e-6 * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: expected {expected}, got {actual}"
    );
}

/// `agrimatch generate DIR ARGS` (`args` split at spaces), which must
/// succeed: a generated scenario for tests that need one on disk.
pub fn generate(dir: &Path, args: &str) {
    assert_cmd::Command::cargo_bin("agrimatch")
        .expect("binary is built")
        .arg("generate")
        .arg(dir)
        .args(args.split_whitespace())
        .assert()
        .code(0);
}

/// The binary, its language left to the test: the machine's locale and
/// `AGRIMATCH_LANG` removed, so a test that passes `--lang` (or sets one of
/// them itself) reads the same on every machine.
pub fn agrimatch_without_locale() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("agrimatch").expect("binary is built");
    command
        .env_remove("AGRIMATCH_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    command
}

/// Words of Latin letters in `text` other than `allowed` ones, after the
/// commands and flags a planner types (`agrimatch check x`, `--from`) are
/// taken out: what a planner who reads no English would not understand.
pub fn english_words(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut plain = text.to_string();
    // A command to type (`agrimatch check`) is the program's own name.
    while let Some(at) = plain.find("agrimatch") {
        let rest = &plain[at + "agrimatch".len()..];
        let word = rest.trim_start_matches(' ');
        let end = word.find(|c: char| !c.is_ascii_lowercase()).unwrap_or(word.len());
        let end = plain.len() - word.len() + end;
        plain.replace_range(at..end, " ");
    }
    // Flags (`--from`, also inside brackets) are what a planner types.
    while let Some(at) = plain.find("--") {
        let end = plain[at + 2..]
            .find(|c: char| !c.is_ascii_lowercase() && c != '-')
            .map_or(plain.len(), |i| at + 2 + i);
        plain.replace_range(at..end, " ");
    }
    plain
        .split(|c: char| !c.is_ascii_alphabetic() && c != '_' && c != '.' && c != '-' && c != '/')
        .map(|w| w.trim_matches(|c: char| c == '.' || c == '-' || c == '/'))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
        .filter(|w| !allowed.iter().any(|a| w.contains(a)))
        .map(str::to_string)
        .collect()
}

/// The generator of the test cases built from a seed: `next(n)` draws from
/// `0..n` (xorshift64 from `state`, which must not be 0), the same numbers
/// on every machine.
pub fn xorshift(mut state: u64) -> impl FnMut(u64) -> u64 {
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    }
}

/// A plan file's bytes without `summary.csv`'s timing rows (`build_seconds`,
/// `solve_seconds`), which differ between any two runs: what two plans of
/// the same scenario must agree on to the byte.
pub fn without_timings(bytes: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter(|l| !l.starts_with("build_seconds,") && !l.starts_with("solve_seconds,"))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .into_bytes()
}
