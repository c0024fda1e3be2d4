//! The command line's own texts in the reader's language: every command's
//! line and every option's help come from the catalog (`locales/*/cli.ftl`),
//! and so do clap's words around them (headings, `[default: ...]`, the help
//! and version flags) and, in Chinese, its error messages. The structure
//! (names, flags, value parsers) stays in the `Args` structs; this file only
//! puts words on it.

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};

use agrimatch::lang::Lang;

/// The clap command tree of `agrimatch` with every text from `lang`'s catalog.
pub fn localized(mut command: Command, lang: Lang) -> Command {
    // Built first, so that the flags clap adds itself (help, version, the
    // `help` subcommand) and the propagated global options are there to be
    // worded too.
    command.build();
    localize(command, "agrimatch", lang)
}

fn localize(command: Command, name: &str, lang: Lang) -> Command {
    let about = if name == "agrimatch" {
        "cli-about".to_string()
    } else {
        format!("cli-about-{name}")
    };
    let usage_heading = lang.text("cli-heading-usage", &[]);
    let mut command = command
        .about(lang.text(&about, &[]))
        .help_template(format!(
            "{{about-with-newline}}\n{usage_heading}{{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .subcommand_help_heading(lang.text("cli-heading-commands", &[]))
        .mut_args(|arg| word_arg(arg, name, lang));
    // A subcommand's options are keyed by the subcommand; the global ones
    // (`--memory`, `--lang`) keep the root's key wherever they show.
    let subcommands: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for sub in subcommands {
        command = command.mut_subcommand(&sub, |c| localize(c, &sub, lang));
    }
    command
}

/// One option's help, its heading, and its default and possible values in
/// the catalog's words (clap's own `[default: auto]` would stay English).
fn word_arg(arg: Arg, command: &str, lang: Lang) -> Arg {
    let id = arg.get_id().as_str().to_string();
    let key = match id.as_str() {
        "help" | "version" => format!("cli-{id}"),
        _ if arg.is_global_set() => format!("cli-agrimatch-{id}"),
        "subcommand" if command == "help" => "cli-help-subcommand".to_string(),
        _ => format!("cli-{command}-{id}"),
    };
    let mut help = lang.text(&key, &[]);
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() && arg.get_num_args().is_none_or(|n| n.takes_values()) {
        help.push_str(&lang.text("cli-default", &[("value", &defaults.join(" "))]));
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && !arg.is_hide_possible_values_set() && arg.get_action().takes_values() {
        help.push_str(&lang.text("cli-possible-values", &[("values", &values.join(", "))]));
    }
    let heading = if arg.is_positional() {
        "cli-heading-arguments"
    } else {
        "cli-heading-options"
    };
    arg.help(help)
        .help_heading(lang.text(heading, &[]))
        .hide_default_value(true)
        .hide_possible_values(true)
}

/// A command-line error as the reader's language says it: English keeps
/// clap's own message (with its suggestions); Chinese says the kind of
/// error from the catalog, with the argument and value clap names.
pub fn error_text(error: &clap::Error, lang: Lang) -> StyledStr {
    if lang == Lang::En {
        return error.render();
    }
    let context = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        _ => String::new(),
    };
    let key = match error.kind() {
        ErrorKind::InvalidValue => "cli-error-invalid-value",
        ErrorKind::UnknownArgument => "cli-error-unknown-argument",
        ErrorKind::InvalidSubcommand => "cli-error-invalid-subcommand",
        ErrorKind::NoEquals => "cli-error-no-equals",
        ErrorKind::ValueValidation => "cli-error-value-validation",
        ErrorKind::TooManyValues => "cli-error-too-many-values",
        ErrorKind::TooFewValues => "cli-error-too-few-values",
        ErrorKind::WrongNumberOfValues => "cli-error-wrong-number-of-values",
        ErrorKind::ArgumentConflict => "cli-error-argument-conflict",
        ErrorKind::MissingRequiredArgument => "cli-error-missing-required-argument",
        ErrorKind::MissingSubcommand => "cli-error-missing-subcommand",
        _ => "cli-error-other",
    };
    let invalid = context(ContextKind::InvalidArg);
    let invalid = if invalid.is_empty() {
        context(ContextKind::InvalidSubcommand)
    } else {
        invalid
    };
    let mut text = lang.text(
        key,
        &[
            ("arg", &invalid),
            ("value", &context(ContextKind::InvalidValue)),
            ("valid", &context(ContextKind::ValidValue)),
        ],
    );
    // A value parser's own reason (`--memory`'s is worded from the catalog;
    // a number's is Rust's, and left out rather than shown in English).
    if let Some(reason) = std::error::Error::source(error).map(ToString::to_string) {
        if !reason.is_ascii() {
            text.push_str(&lang.text("cli-error-reason", &[("reason", &reason)]));
        }
    }
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(context)
    .find(|s| !s.is_empty());
    if let Some(suggested) = suggested {
        text.push('\n');
        text.push_str(&lang.text("cli-error-suggested", &[("suggested", &suggested)]));
    }
    let usage = context(ContextKind::Usage);
    let usage = usage.trim_start_matches("Usage:").trim();
    let mut shown = format!("{}{text}\n", lang.text("cli-error-prefix", &[]));
    if !usage.is_empty() {
        shown.push_str(&format!("\n{}{usage}\n", lang.text("cli-heading-usage", &[])));
    }
    shown.push_str(&format!("\n{}\n", lang.text("cli-error-more", &[])));
    StyledStr::from(shown)
}

static WORDS: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// Keeps the command line's language for the value parsers clap calls
/// (`--memory`'s), which run before the run's language is set.
pub fn set_words(lang: Lang) {
    let _ = WORDS.set(lang);
}

/// The command line's language (English until [`set_words`]).
pub fn words() -> Lang {
    WORDS.get().copied().unwrap_or_default()
}

/// The language the command line is worded in, before clap has parsed it:
/// `--lang X` / `--lang=X` as written, else what [`agrimatch::lang::decide`]
/// says without a scenario (help and usage errors come before one is read).
pub fn early_language(args: &[std::ffi::OsString]) -> Lang {
    let mut flag = None;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if let Some(tag) = word.strip_prefix("--lang=") {
            flag = Some(tag.to_string());
        } else if word == "--lang" {
            flag = words.next().map(|w| w.to_string());
        }
    }
    agrimatch::lang::decide(flag.as_deref(), || None).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::CommandFactory;

    /// Every command and option of the tree, with the key its text has.
    fn every_text(command: &Command, name: &str, out: &mut Vec<(String, String)>) {
        let about = if name == "agrimatch" {
            "cli-about".to_string()
        } else {
            format!("cli-about-{name}")
        };
        out.push((name.to_string(), about));
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            let key = match id {
                "help" | "version" => format!("cli-{id}"),
                _ if arg.is_global_set() => format!("cli-agrimatch-{id}"),
                "subcommand" if name == "help" => "cli-help-subcommand".to_string(),
                _ => format!("cli-{name}-{id}"),
            };
            out.push((format!("{name} --{id}"), key));
        }
        for sub in command.get_subcommands() {
            every_text(sub, sub.get_name(), out);
        }
    }

    #[test]
    fn every_command_and_option_has_its_text_in_both_languages() {
        let mut command = Cli::command();
        command.build();
        let mut texts = Vec::new();
        every_text(&command, "agrimatch", &mut texts);
        assert!(texts.len() > 100, "the tree has its options: {}", texts.len());
        for lang in Lang::ALL {
            for (what, key) in &texts {
                let text = lang.text(key, &[]);
                assert!(
                    text != *key && !text.trim().is_empty(),
                    "{}: {what} has no text ({key})",
                    lang.tag()
                );
            }
        }
    }

    #[test]
    fn the_worded_tree_keeps_every_option_and_shows_its_text() {
        for lang in Lang::ALL {
            let mut worded = localized(Cli::command(), lang);
            let help = worded
                .find_subcommand_mut("plan")
                .expect("plan exists")
                .render_help()
                .to_string();
            assert!(help.contains("--changes") && help.contains("--solver"), "{help}");
            let expected = lang.text("cli-plan-changes", &[]);
            let start: String = expected.chars().take(12).collect();
            assert!(help.contains(&start), "{help}");
            assert!(
                help.contains(&lang.text("cli-default", &[("value", "auto")]).trim().to_string()),
                "{help}"
            );
        }
    }

    #[test]
    fn a_chinese_error_names_the_argument_and_its_value() {
        let error = localized(Cli::command(), Lang::ZhCn)
            .try_get_matches_from(["agrimatch", "plan", "--solver", "simplex", "x"])
            .expect_err("simplex is no solver");
        let text = error_text(&error, Lang::ZhCn).to_string();
        assert!(text.contains("--solver") && text.contains("simplex"), "{text}");
        assert!(text.starts_with(&Lang::ZhCn.text("cli-error-prefix", &[])), "{text}");
    }

    #[test]
    fn the_early_language_reads_the_flag_in_both_spellings() {
        let args = |words: &[&str]| words.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            early_language(&args(&["agrimatch", "--lang", "zh-CN", "plan"])),
            Lang::ZhCn
        );
        assert_eq!(early_language(&args(&["agrimatch", "plan", "--lang=zh"])), Lang::ZhCn);
        assert_eq!(early_language(&args(&["agrimatch", "plan", "--lang=en"])), Lang::En);
        // After `--` it is a value, not the flag.
        assert_eq!(
            early_language(&args(&["agrimatch", "--lang", "en", "--", "--lang=zh"])),
            Lang::En
        );
    }
}
