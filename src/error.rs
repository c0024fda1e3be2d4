//! The one error type of the library. Input problems carry their position
//! (file, line, column name) so that a planner can find the cell in Excel.

use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;

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
        format!("\"{}...\" ({count} characters)", escaped(&head))
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
    /// `expected ..., found ...` or a plain statement of the problem.
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
        write!(f, "{}", printable(&self.file))?;
        // A workbook is read in sheets and rows, as Excel shows them.
        let line_word = match &self.sheet {
            Some(sheet) => {
                write!(f, ": sheet {}", shown(sheet))?;
                if self.line.is_some() || self.column.is_some() {
                    write!(f, ",")?;
                }
                "row"
            }
            None => {
                if self.line.is_some() || self.column.is_some() {
                    write!(f, ":")?;
                }
                "line"
            }
        };
        match (self.line, self.column.as_deref().map(shown)) {
            (Some(line), Some(column)) => write!(f, " {line_word} {line}, column {column}")?,
            (Some(line), None) => write!(f, " {line_word} {line}")?,
            (None, Some(column)) => write!(f, " column {column}")?,
            (None, None) => {}
        }
        write!(f, ": {}", printable(&self.message))
    }
}

/// All problems found in one scenario, printed as the first
/// [`PROBLEMS_SHOWN`] and then a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblems(pub Vec<InputProblem>);

impl fmt::Display for InputProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        let noun = if n == 1 { "problem" } else { "problems" };
        write!(f, "the scenario has {n} input {noun}")?;
        for problem in self.0.iter().take(PROBLEMS_SHOWN) {
            write!(f, "\n  {problem}")?;
        }
        if n > PROBLEMS_SHOWN {
            write!(f, "\n  ... and {} more", n - PROBLEMS_SHOWN)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    #[error("{}: {source}", printable(&path.display().to_string()))]
    Io {
        /// The file or folder that could not be read or written.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The solver could not be run at all (not: it ran and found no plan).
    #[error("solver {solver} failed: {}", printable(message))]
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
    #[error("{}: {reason}", path.display())]
    Refused {
        /// The path that was refused.
        path: PathBuf,
        /// Why, and what to do instead.
        reason: String,
    },
    /// A chart could not be drawn (a page or file that would show it is not written).
    #[error("the chart could not be drawn: {0}")]
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
        lines.push(format!("... and {} more", problems.len() - PROBLEMS_SHOWN));
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
