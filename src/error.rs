//! The one error type of the library. Input problems carry their position
//! (file, line, column name) so that a planner can find the cell in Excel.
//! Every text of a problem, its place included, comes from the catalog
//! (`locales/*/errors.ftl`) in the language of the run; file names, column
//! names and values stay as written.

use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;

use crate::lang::t;

/// `expected {what}, found {found}` in the current language: the one shape
/// of most input problems. `what` and `found` are already in that language.
pub fn expected_found(what: &str, found: &str) -> String {
    t("err-expected-found", &[("what", &spaced(what)), ("found", found)])
}

/// `--flag: expected {what}, found {found}`: a value given on the command
/// line refused, in the current language.
pub fn flag_expected_found(flag: &str, what: &str, found: &str) -> String {
    t("ref-flag", &[("flag", flag), ("message", &expected_found(what, found))])
}

/// `text` as it follows a Chinese word: Chinese typesetting puts a space
/// between Chinese and a Latin word or a number (应为 1 到 366 之间的整数),
/// none before more Chinese (应为不小于 0 的数). English is left as it is.
pub fn spaced(text: &str) -> String {
    let latin = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '"' || c == '>');
    if latin && crate::lang::current() == crate::lang::Lang::ZhCn {
        format!(" {text}")
    } else {
        text.to_string()
    }
}

/// `text (note)`: a hint after a value, with the brackets of the language.
pub fn with_note(text: &str, note: &str) -> String {
    t("err-with-note", &[("text", text), ("note", note)])
}

/// `a and b and c`, as lists of names read in a message.
pub fn and_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| item.to_string())
        .reduce(|first, rest| t("err-list-and", &[("first", &first), ("rest", &rest)]))
        .unwrap_or_default()
}

/// `a or b or c`, as the kinds or files a value may name.
pub fn or_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| item.to_string())
        .reduce(|first, rest| t("err-list-or", &[("first", &first), ("rest", &rest)]))
        .unwrap_or_default()
}

/// How many input problems are printed before the rest are only counted.
pub const PROBLEMS_SHOWN: usize = 20;

/// Longest value shown whole in a message.
const SHOWN_CHARS: usize = 60;

/// Line breaks, tabs and invisible characters written as escapes, so that
/// `"Ziyun-1\u{200b}"` does not read like `"Ziyun-1"`.
fn escaped(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '"' || c == '\'' || c == '\\' {
                c.to_string()
            } else {
                c.escape_debug().to_string()
            }
        })
        .collect()
}

/// User text (an id, a file or folder name) as it may be printed on a
/// terminal: control and invisible characters escaped, nothing cut. Text
/// without them is borrowed as it is.
pub fn printable(text: &str) -> Cow<'_, str> {
    if text
        .chars()
        .all(|c| c == '"' || c == '\'' || c == '\\' || c.escape_debug().len() == 1)
    {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(escaped(text))
    }
}

/// A cell's text in quotes, as shown in a message. Long values (a pasted
/// paragraph, a runaway quote) are cut so that one problem stays one line.
pub fn quoted(text: &str) -> String {
    let count = text.chars().count();
    if count <= SHOWN_CHARS {
        format!("\"{}\"", escaped(text))
    } else {
        let head: String = text.chars().take(SHOWN_CHARS).collect();
        t(
            "err-quoted-long",
            &[("head", &escaped(&head)), ("count", &count.to_string())],
        )
    }
}

/// An id inside a list such as `(Muyin-1, plum, 1)`: as it is when short and
/// plain, quoted and cut like [`quoted`] otherwise.
pub fn shown(text: &str) -> String {
    if text.chars().count() <= SHOWN_CHARS && escaped(text) == text {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// One thing wrong with the input, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    /// File name inside the scenario folder, e.g. `supply.csv`, or the workbook.
    pub file: String,
    /// The sheet of a workbook (`supply`); `line` is then its row.
    pub sheet: Option<String>,
    /// 1-based line in the file (row in the sheet); `None` when the problem
    /// concerns the whole file.
    pub line: Option<u64>,
    /// Column name (header), when the problem is in one cell or one column.
    pub column: Option<String>,
    /// `expected ..., found ...` or a plain statement of the problem, in the
    /// language of the run (from `locales/*/errors.ftl`); values quoted as written.
    pub message: String,
}

impl InputProblem {
    /// A problem with a whole file (missing, unreadable, no header).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        InputProblem {
            file: file.to_string(),
            sheet: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A problem with one line of a file.
    pub fn line(file: &str, line: u64, message: impl Into<String>) -> Self {
        InputProblem {
            line: Some(line),
            ..InputProblem::file(file, message)
        }
    }

    /// A problem with one cell: line and column (header) name.
    pub fn cell(file: &str, line: u64, column: &str, message: impl Into<String>) -> Self {
        InputProblem {
            line: Some(line),
            column: Some(column.to_string()),
            ..InputProblem::file(file, message)
        }
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The file and column names come from the user too (a change
        // file's name, a header cell); values in the message are quoted.
        // A workbook is read in sheets and rows, as Excel shows them.
        let mut places: Vec<String> = Vec::new();
        if let Some(sheet) = &self.sheet {
            places.push(t("err-sheet", &[("sheet", &shown(sheet))]));
        }
        if let Some(line) = self.line {
            let key = if self.sheet.is_some() { "err-row" } else { "err-line" };
            places.push(t(key, &[("line", &line.to_string())]));
        }
        if let Some(column) = &self.column {
            places.push(t("err-column", &[("column", &shown(column))]));
        }
        let file = printable(&self.file);
        let message = printable(&self.message);
        let text = match places
            .into_iter()
            .reduce(|first, rest| t("err-place-and", &[("first", &first), ("rest", &rest)]))
        {
            Some(place) => t("err-at", &[("file", &file), ("place", &place), ("message", &message)]),
            None => t("err-at-file", &[("file", &file), ("message", &message)]),
        };
        f.write_str(&text)
    }
}

/// All problems found in one scenario, printed as the first
/// [`PROBLEMS_SHOWN`] and then a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblems(pub Vec<InputProblem>);

impl fmt::Display for InputProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        let key = if n == 1 { "err-count-one" } else { "err-count" };
        f.write_str(&t(key, &[("n", &n.to_string())]))?;
        for problem in self.0.iter().take(PROBLEMS_SHOWN) {
            write!(f, "\n  {problem}")?;
        }
        if n > PROBLEMS_SHOWN {
            write!(f, "\n  {}", more(n - PROBLEMS_SHOWN))?;
        }
        Ok(())
    }
}

/// `... and N more`, after the problems shown.
fn more(n: usize) -> String {
    t("err-more", &[("n", &n.to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_failures_a_planner_can_act_on_are_worded_in_the_readers_language() {
        use crate::lang::{scoped, Lang};
        let missing = || Error::io("/data/supply.csv", std::io::Error::from_raw_os_error(2)).to_string();
        assert_eq!(
            scoped(Lang::En, missing),
            "/data/supply.csv: no such file or folder (system error 2)"
        );
        assert_eq!(
            scoped(Lang::ZhCn, missing),
            "/data/supply.csv：找不到此文件或文件夹（系统错误 2）"
        );
        // ENOSPC: the disk is full, whatever the system calls it.
        let full = || Error::io("out/plan.xlsx", std::io::Error::from_raw_os_error(28)).to_string();
        assert_eq!(scoped(Lang::ZhCn, full), "out/plan.xlsx：磁盘已满（系统错误 28）");
        // Without a system error number, no number is shown.
        let exists = || Error::io("out", std::io::ErrorKind::AlreadyExists.into()).to_string();
        assert_eq!(scoped(Lang::En, exists), "out: it exists already");
        // Anything else keeps the system's own words, made printable.
        let other = || Error::io("a\u{1b}b", std::io::Error::other("odd \u{7}failure")).to_string();
        assert_eq!(scoped(Lang::ZhCn, other), "a\\u{1b}b：odd \\u{7}failure");
    }

    #[test]
    fn printable_escapes_control_characters_and_borrows_plain_text() {
        assert!(matches!(printable("Muyin-1 \"东\""), Cow::Borrowed(_)));
        assert_eq!(printable("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(printable("a\u{202e}b\tc"), "a\\u{202e}b\\tc");
        // Escaping twice changes nothing: messages may hold quoted values.
        assert_eq!(printable(&printable("a\u{1b}b")), printable("a\u{1b}b"));
    }

    #[test]
    fn quoted_cuts_long_values() {
        assert_eq!(quoted("Muyin-1"), "\"Muyin-1\"");
        let long = "x".repeat(5000);
        assert_eq!(quoted(&long), format!("\"{}...\" (5000 characters)", "x".repeat(60)));
    }
}

/// The one error type of the library; `main` maps it to exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario's files are wrong; nothing was solved or written.
    #[error("{0}")]
    Input(InputProblems),
    /// Reading or writing a file failed.
    #[error("{}", io_text(path, source))]
    Io {
        /// The file or folder that could not be read or written.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The solver could not be run at all (not: it ran and found no plan).
    #[error("{}", t("err-solver-failed", &[("solver", solver), ("message", &printable(message))]))]
    Solver {
        /// The solver's name.
        solver: String,
        /// What it reported.
        message: String,
    },
    /// A request that cannot be honoured, such as a solver not compiled in.
    #[error("{}", printable(.0))]
    Usage(String),
    /// A path the program will not write: not its own output, or an input.
    /// Nothing was written or deleted.
    #[error("{}", t("err-at-file", &[("file", &path.display().to_string()), ("message", reason)]))]
    Refused {
        /// The path that was refused.
        path: PathBuf,
        /// Why, and what to do instead.
        reason: String,
    },
    /// A chart could not be drawn (a page or file that would show it is not written).
    #[error("{}", t("err-chart", &[("error", .0)]))]
    Chart(String),
    /// The model would not fit in memory; nothing was built or solved.
    #[error("{0}")]
    TooLarge(String),
    /// An output folder read back (by `report` or `merge`) is not what
    /// agrimatch wrote, or does not fit what it is used with; each problem
    /// names its file inside the folder. Nothing was written.
    #[error("{}", folder_problems(folder, problems))]
    Folder {
        /// The output folder as given.
        folder: PathBuf,
        /// Every problem found, each with its file inside `folder`.
        problems: Vec<InputProblem>,
    },
}

/// `path: reason` of a failed read or write, the reason worded from the
/// catalog for the failures a planner can act on (missing, no permission,
/// disk full, ...) with the system's error number, so that a Chinese reader
/// does not get the operating system's English; any other failure keeps
/// the system's own words.
fn io_text(path: &std::path::Path, source: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let key = match source.kind() {
        ErrorKind::NotFound => Some("err-io-not-found"),
        ErrorKind::PermissionDenied => Some("err-io-permission"),
        ErrorKind::AlreadyExists => Some("err-io-exists"),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Some("err-io-full"),
        ErrorKind::ReadOnlyFilesystem => Some("err-io-read-only"),
        ErrorKind::IsADirectory => Some("err-io-is-folder"),
        ErrorKind::NotADirectory => Some("err-io-not-folder"),
        ErrorKind::DirectoryNotEmpty => Some("err-io-not-empty"),
        _ => None,
    };
    let reason = match (key, source.raw_os_error()) {
        (Some(key), Some(code)) => t("err-io-code", &[("reason", &t(key, &[])), ("code", &code.to_string())]),
        (Some(key), None) => t(key, &[]),
        (None, _) => printable(&source.to_string()).into_owned(),
    };
    t(
        "err-at-file",
        &[("file", &printable(&path.display().to_string())), ("message", &reason)],
    )
}

/// `folder/file: line 3, column x: ...`, one problem a line: the first
/// [`PROBLEMS_SHOWN`], then a count.
fn folder_problems(folder: &std::path::Path, problems: &[InputProblem]) -> String {
    let mut lines: Vec<String> = problems
        .iter()
        .take(PROBLEMS_SHOWN)
        .map(|p| {
            InputProblem {
                file: folder.join(&p.file).display().to_string(),
                ..p.clone()
            }
            .to_string()
        })
        .collect();
    if problems.len() > PROBLEMS_SHOWN {
        lines.push(more(problems.len() - PROBLEMS_SHOWN));
    }
    lines.join("\n  ")
}

impl Error {
    /// One problem with one file of an output folder.
    pub fn folder(folder: impl Into<PathBuf>, problem: InputProblem) -> Self {
        Error::Folder {
            folder: folder.into(),
            problems: vec![problem],
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The library's result; the error is [`Error`] unless said otherwise.
pub type Result<T, E = Error> = std::result::Result<T, E>;
