//! The command line's own texts in Chinese: `--help` of every command, and
//! clap's usage errors, read without English words; English stays as it was.

use crate::common::agrimatch_without_locale;

/// Words of `text` with two or more ASCII letters that are not an option
/// (`--out`), a placeholder (`<SCENARIO>`, `WEEK`), a file name or a value a
/// user types: what a reader of Chinese would have to translate.
fn english_words(text: &str) -> Vec<String> {
    let allowed = [
        "agrimatch",
        "serve",
        "auto",
        "microlp",
        "clarabel",
        "highs",
        "HiGHS",
        "Clarabel",
        "network",
        "coupled",
        "lp",
        "greedy",
        "en",
        "zh-CN",
        "none",
        "tiny",
        "small",
        "medium",
        "large",
        "LP",
        "CSV",
        "ISO",
        "JSON",
        "SVG",
        "AGRIMATCH_LANG",
        "AGRIMATCH_MEMORY_BYTES",
        "start_date",
        "fair_shortfall",
        "budget",
        "sweep",
        "plan",
        "week",
        "roll",
        "init",
        "check",
        "report",
        "generate",
        "merge",
        "fairness",
        "support",
        "bench",
        "help",
        "in_transit",
        "stock",
        "Excel",
        "cost_per_kg",
        "target",
        "selector",
        "field",
        "op",
        "value",
        "language",
        "display_unit",
    ];
    text.split(|c: char| c.is_whitespace() || "，。；：（）()[]［］、,;:'\"`|=…？".contains(c))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
        // Options, placeholders, file names and paths made of placeholders
        // (`SCENARIO/out`, `NAME-out`).
        .filter(|w| !w.starts_with('-') && !w.starts_with('<') && !w.contains('.') && !w.contains('/'))
        .filter(|w| !w.starts_with("period-") && !w.starts_with("bench-"))
        .filter(|w| {
            !w.split('-')
                .next()
                .is_some_and(|head| head.len() > 1 && head.chars().all(|c| c.is_ascii_uppercase()))
        })
        .filter(|w| {
            !w.chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
        })
        .filter(|w| !allowed.contains(w))
        .map(str::to_string)
        .collect()
}

const COMMANDS: [&str; 14] = [
    "", "plan", "report", "check", "init", "generate", "sweep", "roll", "week", "merge", "fairness", "support",
    "bench", "serve",
];

#[test]
fn every_commands_help_reads_in_chinese() {
    let mut found = Vec::new();
    for command in COMMANDS {
        let mut run = agrimatch_without_locale();
        run.args(["--lang", "zh-CN"]);
        if !command.is_empty() {
            run.arg(command);
        }
        let output = run.arg("--help").assert().code(0).get_output().stdout.clone();
        let help = String::from_utf8(output).expect("utf-8");
        for heading in ["用法：", "选项"] {
            assert!(help.contains(heading), "{command}: {heading}\n{help}");
        }
        found.extend(english_words(&help).into_iter().map(|w| format!("{command}: {w}")));
    }
    assert!(found.is_empty(), "English words: {found:?}");
}

#[test]
fn the_language_variable_words_the_help_too() {
    let output = agrimatch_without_locale()
        .env("AGRIMATCH_LANG", "zh-CN")
        .args(["plan", "--help"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(output).expect("utf-8");
    assert!(help.contains("用法：") && help.contains("--changes"), "{help}");
}

#[test]
fn english_help_is_claps_own_layout() {
    let output = agrimatch_without_locale()
        .args(["plan", "--help"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(output).expect("utf-8");
    assert!(help.starts_with("Plan the weekly shipments of a scenario"), "{help}");
    for line in [
        "Usage: agrimatch plan [OPTIONS] <SCENARIO>",
        "Arguments:",
        "Options:",
        "[default: auto] [possible values: auto, microlp, clarabel, highs, network, coupled]",
        "  -h, --help                  Print help",
    ] {
        assert!(help.contains(line), "{line}\n{help}");
    }
}

#[test]
fn a_usage_error_is_said_in_chinese_with_its_argument_and_exit_2() {
    let cases: [(&[&str], &str); 3] = [
        (&["plan", "--solver", "simplex", "x"], "simplex"),
        (&["plna"], "plna"),
        (&["plan", "x", "--gapp", "0.1"], "--gapp"),
    ];
    for (args, named) in cases {
        let zh_args: Vec<&str> = ["--lang", "zh-CN"].iter().chain(args.iter()).copied().collect();
        let text = usage_error(&zh_args);
        assert!(text.starts_with("错误：") && text.contains(named), "{args:?}: {text}");
        // The user's own word is theirs.
        let english: Vec<String> = english_words(&text).into_iter().filter(|w| w != named).collect();
        assert!(english.is_empty(), "{args:?}: English words {english:?}\n{text}");
    }
    // A value parser's own reason is worded too.
    let text = usage_error(&["--lang", "zh-CN", "--memory", "8X", "plan", "x"]);
    assert!(
        text.contains("--memory") && text.contains("应为 8G、512M 这样的大小，实为 \"8X\""),
        "{text}"
    );
    // English keeps clap's message, with its suggestion.
    let text = usage_error(&["plna"]);
    assert!(
        text.contains("error: unrecognized subcommand 'plna'")
            && text.contains("tip: a similar subcommand exists: 'plan'"),
        "{text}"
    );
}

/// What `agrimatch ARGS` says on stderr, after checking it exits 2 (a
/// usage error).
fn usage_error(args: &[&str]) -> String {
    let output = agrimatch_without_locale()
        .args(args)
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    String::from_utf8(output).expect("utf-8")
}
