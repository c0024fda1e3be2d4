//! The one integration-test binary (one link on a 2-core machine), as
//! ripgrep has it: `[[test]] name = "integration"` in Cargo.toml, one module
//! per theme beside this file.

/// Scenario folders for tests: a small valid base that cases modify.
mod common;

/// One test per kind of bad input: each names file, line and column.
mod bad_input;
/// No output cell runs as a formula: hostile text refused or neutralised.
mod cells;
/// What-if change files: applied, validated like scenario files, planned.
mod changes;
/// Change files on support.csv and the settings: equal to the files edited by hand.
mod changes_targets;
/// 中文: the language setting and the Chinese terminal.
mod chinese;
/// The real binary: exit codes, files written, messages.
mod cli;
/// Excel in and out: workbook scenarios, plan.xlsx, csv_bom.
mod excel;
/// Fair shares and minimum sold shares, each checked by hand on a small case.
mod fair_shares;
/// Fuzzing the reader and validator: arbitrary bytes and near-valid CSV.
mod fuzz;
/// The bad-input gallery of `tests/data/bad/`: every folder exits 2 with its message.
mod gallery;
/// Generated scenarios: valid, plannable, split into blocks exactly.
mod generated;
/// Optima known from outside the code: a textbook model and hand-derived cases.
mod known_optima;
/// `agrimatch merge`: shards join into what one sweep writes, bad shards are refused.
mod merge;
/// The outside check: the `--write-lp` model solved by HiGHS gives our objective.
mod outside;
/// No user file is ever lost: ownership of output folders, kills, concurrent runs.
mod ownership;
/// report.html at any width: charts' axes, legends, units and scaling; fairness.svg.
mod page;
/// Properties on random scenarios: solvers agree, plans verify, metamorphic facts.
mod properties;
/// `agrimatch report` re-checks an output folder honestly.
mod report;
/// `agrimatch serve`: the planner's desk over HTTP, what-ifs equal `plan --changes`, 4xx for bad requests.
mod serve;
/// Support purchases: a buyer of last resort with a budget.
mod support;
/// `init`'s texts from `locales/<lang>/templates/`: the same files in every language, written word for word.
mod templates;
/// Whole trucks per lane and week: hand-derived cases, verify, the relaxation bound.
mod trucks;
/// Truck plans against the exact optimum on cases built to need two moves.
mod trucks_moves;
/// The truck search's warm re-solves, and trucks in dispatch.csv.
mod trucks_search;
/// Determinism, the clock, bounds before work and numeric robustness.
mod trust;
/// Ids that look alike or run as formulas, bounded numbers and reads, strict change files.
mod trust_data;
/// The Monday routine: `agrimatch week`, dates and ISO weeks, produce in transit.
mod week;
/// Workbooks bounded by their bytes: crafted zips are refused before calamine reads them.
mod workbook_bounds;
/// 中文 for every command, the scenario's language setting, Chinese workbooks.
mod zh_commands;
/// 中文 input errors: every problem of the bad-input gallery in Chinese, file, line and column first.
mod zh_errors;
/// The command line's help and usage errors in Chinese.
mod zh_help;
/// 中文 refusals and usage errors: flags, folders, week states, merges, workbooks.
mod zh_refusals;
/// 中文: report.html and plan.xlsx in Chinese (every section of the Luodian page, the workbook's sheets).
mod zh_report;
