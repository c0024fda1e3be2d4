//! The language of what a person reads, and the message catalog.
//!
//! One place decides the language ([`decide`]): `--lang`, then
//! `AGRIMATCH_LANG`, then the scenario's `language` setting, then the system
//! locale (`LC_ALL`, `LC_MESSAGES`, `LANG` starting with `zh`: Simplified
//! Chinese), else English. Texts come from one
//! Project Fluent catalog per language (`locales/<lang>/*.ftl`, one file
//! per area: terminal, commands, report, errors, refusals, cli, serve; compiled into
//! the binary),
//! never from strings in the code; the template texts of `agrimatch init`
//! are whole files of `locales/<lang>/templates/` (see `src/cli/init.rs`). File names and
//! CSV column names are not texts: they stay the English contract.
//!
//! The catalog is read once per process; numbers are formatted by the
//! caller (grouped, fixed decimals) and passed as text, so that both
//! languages show the same digits.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language agrimatch speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Simplified Chinese, as planners in Guizhou write it.
    ZhCn,
}

impl Lang {
    /// Every language, in the order `--lang` lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The tag `--lang` takes: `en` or `zh-CN`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language a tag or locale names: `en`, `en-US`, `zh-CN`, `zh`,
    /// `zh_CN.UTF-8`, any case; `None` for any other.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let language = tag.split(['-', '.', '@']).next().unwrap_or("");
        match language {
            "en" | "c" | "posix" => Some(Lang::En),
            "zh" => Some(Lang::ZhCn),
            _ => None,
        }
    }

    /// The catalog files of this language, one per area of the program
    /// (so that work on one area never touches another's file).
    fn sources(self) -> [&'static str; 7] {
        match self {
            Lang::En => [
                include_str!("../../locales/en/terminal.ftl"),
                include_str!("../../locales/en/commands.ftl"),
                include_str!("../../locales/en/report.ftl"),
                include_str!("../../locales/en/errors.ftl"),
                include_str!("../../locales/en/cli.ftl"),
                include_str!("../../locales/en/serve.ftl"),
                include_str!("../../locales/en/refusals.ftl"),
            ],
            Lang::ZhCn => [
                include_str!("../../locales/zh-CN/terminal.ftl"),
                include_str!("../../locales/zh-CN/commands.ftl"),
                include_str!("../../locales/zh-CN/report.ftl"),
                include_str!("../../locales/zh-CN/errors.ftl"),
                include_str!("../../locales/zh-CN/cli.ftl"),
                include_str!("../../locales/zh-CN/serve.ftl"),
                include_str!("../../locales/zh-CN/refusals.ftl"),
            ],
        }
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 2] = [OnceLock::new(), OnceLock::new()];
        BUNDLES[self as usize].get_or_init(|| {
            let id = self.tag().parse().expect("the language tags are valid");
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // No Unicode isolation marks: terminals and CSV cells show them.
            bundle.set_use_isolating(false);
            for source in self.sources() {
                let resource = FluentResource::try_new(source.to_string())
                    .unwrap_or_else(|(_, errors)| panic!("the {} catalog parses: {errors:?}", self.tag()));
                bundle
                    .add_resource(resource)
                    .unwrap_or_else(|errors| panic!("the {} catalog has unique keys: {errors:?}", self.tag()));
            }
            bundle
        })
    }

    /// The text of `key`, its placeholders filled from `args` (name, text).
    /// A key missing from the catalog is a bug that the catalog test finds;
    /// it shows as the key itself rather than stopping the program.
    pub fn text(self, key: &str, args: &[(&str, &str)]) -> String {
        let bundle = self.bundle();
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(*value));
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// The keys of this language's catalog, in file order (for tests).
    pub fn keys(self) -> Vec<&'static str> {
        self.sources()
            .into_iter()
            .flat_map(str::lines)
            .filter_map(|line| line.split_once(" ="))
            .map(|(key, _)| key)
            .filter(|key| !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .collect()
    }

    /// The raw catalog entry of `key` (its lines, for tests of placeholders).
    pub fn entry(self, key: &str) -> Option<String> {
        let mut lines = self
            .sources()
            .into_iter()
            .flat_map(str::lines)
            .skip_while(|l| l.split_once(" =").map(|(k, _)| k) != Some(key));
        let first = lines.next()?;
        let rest: Vec<&str> = lines.take_while(|l| l.starts_with(' ')).collect();
        Some(std::iter::once(first).chain(rest).collect::<Vec<_>>().join("\n"))
    }
}

/// The language of this run: `--lang` (`flag`), then `AGRIMATCH_LANG`, then
/// the scenario's `language` setting (`scenario`, asked only when neither
/// flag nor variable says: reading it costs a look at the scenario), then
/// the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English. A flag or
/// variable that names no language is an error (said in English: no
/// language is known yet).
pub fn decide(flag: Option<&str>, scenario: impl FnOnce() -> Option<Lang>) -> Result<Lang, String> {
    if let Some(tag) = flag {
        return Lang::from_tag(tag).ok_or_else(|| format!("--lang: expected en or zh-CN, found {tag:?}"));
    }
    if let Ok(tag) = std::env::var("AGRIMATCH_LANG") {
        if !tag.is_empty() {
            return Lang::from_tag(&tag).ok_or_else(|| format!("AGRIMATCH_LANG: expected en or zh-CN, found {tag:?}"));
        }
    }
    // The scenario is its planners' own: it outranks the machine's locale.
    if let Some(lang) = scenario() {
        return Ok(lang);
    }
    // The first locale variable that is set decides, as in POSIX.
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(locale) = std::env::var(name) {
            if !locale.is_empty() {
                return Ok(Lang::from_tag(&locale).unwrap_or(Lang::En));
            }
        }
    }
    Ok(Lang::En)
}

static CURRENT: OnceLock<Lang> = OnceLock::new();

/// Sets the language of this process, once, before any text is made (the
/// command line does, from [`decide`]). Later calls change nothing.
pub fn set(lang: Lang) {
    let _ = CURRENT.set(lang);
}

thread_local! {
    /// A language for this thread, for the length of one piece of work:
    /// the desk answers each request in the language its reader chose,
    /// while the process keeps its own (see [`scoped`]).
    static SCOPED: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Runs `work` with every text made on this thread in `lang`, then puts
/// back the language that was there before (also when `work` panics).
/// Only synchronous work: an async task may move to another thread at an
/// `.await`, so the desk scopes each blocking piece of a request apart.
pub fn scoped<R>(lang: Lang, work: impl FnOnce() -> R) -> R {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            SCOPED.with(|scoped| scoped.set(self.0));
        }
    }
    let _restore = Restore(SCOPED.with(|scoped| scoped.replace(Some(lang))));
    work()
}

/// The language of this thread's [`scoped`] work, else of this process:
/// English until [`set`].
pub fn current() -> Lang {
    SCOPED
        .with(std::cell::Cell::get)
        .or_else(|| CURRENT.get().copied())
        .unwrap_or_default()
}

/// The text of `key` in the current language, placeholders from `args`.
pub fn t(key: &str, args: &[(&str, &str)]) -> String {
    current().text(key, args)
}

/// `text` padded with spaces to `width` terminal columns: CJK characters
/// take two columns, so `{:<12}` would misalign a Chinese label.
pub fn pad(text: &str, width: usize) -> String {
    let shown = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(shown)))
}

/// `text` right-aligned in `width` terminal columns.
pub fn pad_left(text: &str, width: usize) -> String {
    let shown = unicode_width::UnicodeWidthStr::width(text);
    format!("{}{text}", " ".repeat(width.saturating_sub(shown)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_locales_name_their_language() {
        for tag in ["en", "en-US", "EN_gb.UTF-8", "C", "POSIX"] {
            assert_eq!(Lang::from_tag(tag), Some(Lang::En), "{tag}");
        }
        for tag in ["zh-CN", "zh", "zh_CN.UTF-8", "ZH-cn", "zh_CN@pinyin"] {
            assert_eq!(Lang::from_tag(tag), Some(Lang::ZhCn), "{tag}");
        }
        for tag in ["fr", "", "chinese"] {
            assert_eq!(Lang::from_tag(tag), None, "{tag}");
        }
        assert!(decide(Some("de"), || None)
            .unwrap_err()
            .contains("expected en or zh-CN"));
        assert_eq!(decide(Some("zh-CN"), || None), Ok(Lang::ZhCn));
        // The flag outranks the scenario's setting, which is not even read.
        assert_eq!(decide(Some("en"), || panic!("not asked")), Ok(Lang::En));
    }

    #[test]
    fn scoped_work_speaks_its_own_language_and_gives_the_old_one_back() {
        let outer = current();
        let other = if outer == Lang::En { Lang::ZhCn } else { Lang::En };
        let inner = scoped(other, || {
            // Nested scopes restore the enclosing one, not the process's.
            let nested = scoped(outer, current);
            assert_eq!(nested, outer);
            (current(), t("serve-nav-base", &[]))
        });
        assert_eq!(inner, (other, other.text("serve-nav-base", &[])));
        assert_ne!(other.text("serve-nav-base", &[]), outer.text("serve-nav-base", &[]));
        assert_eq!(current(), outer);
        // A panic inside does not leave the thread in the other language.
        let caught = std::panic::catch_unwind(|| scoped(other, || panic!("inside")));
        assert!(caught.is_err());
        assert_eq!(current(), outer);
        // Other threads never see this thread's scope.
        scoped(other, || {
            let there = std::thread::spawn(current).join().expect("no panic");
            assert_eq!(there, CURRENT.get().copied().unwrap_or_default());
        });
    }

    #[test]
    fn every_key_is_in_both_catalogs_with_the_same_placeholders() {
        let placeholders = |entry: &str| {
            let mut names: Vec<String> = entry
                .split("{ $")
                .skip(1)
                .filter_map(|rest| rest.split([' ', '}']).next())
                .map(str::to_string)
                .collect();
            names.sort();
            names.dedup();
            names
        };
        let en = Lang::En.keys();
        let zh = Lang::ZhCn.keys();
        assert!(en.len() > 40, "the catalog has its texts: {}", en.len());
        let mut en_sorted = en.clone();
        en_sorted.sort_unstable();
        let mut zh_sorted = zh.clone();
        zh_sorted.sort_unstable();
        assert_eq!(en_sorted, zh_sorted, "the same keys in both languages");
        for key in en {
            let (e, z) = (Lang::En.entry(key).unwrap(), Lang::ZhCn.entry(key).unwrap());
            assert_eq!(
                placeholders(&e),
                placeholders(&z),
                "{key}: every placeholder used in both"
            );
            // Every entry formats (no missing message reference).
            assert_ne!(Lang::ZhCn.text(key, &[]), key, "{key}");
        }
    }

    #[test]
    fn pads_by_display_width() {
        assert_eq!(pad("状态", 6), "状态  ");
        assert_eq!(pad("status", 8), "status  ");
        assert_eq!(pad_left("缺货", 5), " 缺货");
    }
}
