//! Small `name,value` CSV files read back by name (`summary.csv` of a plan,
//! `sweep.csv` of a sweep), with the position of every problem.

use std::collections::BTreeMap;

use crate::error::{quoted, InputProblem};
use crate::lang::t;

/// `name,value` rows of a small CSV file by name, with the problems found
/// while reading them (each at its line).
pub(crate) struct KeyValues {
    file: &'static str,
    values: BTreeMap<String, (u64, String)>,
    pub problems: Vec<InputProblem>,
}

impl KeyValues {
    pub(crate) fn read(file: &'static str, text: &str, header: [&str; 2]) -> KeyValues {
        let mut problems = Vec::new();
        let mut values = BTreeMap::new();
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        match reader.headers() {
            Ok(h) if h.iter().eq(header) => {}
            _ => problems.push(InputProblem::line(
                file,
                1,
                t("err-kv-header", &[("header", &header.join(","))]),
            )),
        }
        for record in reader.records() {
            match record {
                Ok(r) if r.len() == 2 => {
                    let line = r.position().map_or(0, |p| p.line());
                    values.insert(r[0].to_string(), (line, r[1].to_string()));
                }
                Ok(r) => problems.push(InputProblem::line(
                    file,
                    r.position().map_or(0, |p| p.line()),
                    t("err-kv-fields", &[("found", &r.len().to_string())]),
                )),
                Err(e) => problems.push(InputProblem::line(
                    file,
                    e.position().map_or(0, |p| p.line()),
                    t("err-kv-csv", &[("error", &e.to_string())]),
                )),
            }
        }
        KeyValues { file, values, problems }
    }

    /// The row's value parsed, or a problem: no such row, or a bad value at its line.
    pub(crate) fn get<T>(&mut self, name: &str, expected: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        if !self.values.contains_key(name) {
            self.problems
                .push(InputProblem::file(self.file, t("err-kv-no-row", &[("name", name)])));
            return None;
        }
        self.optional(name, expected, parse)
    }

    /// Like [`KeyValues::get`], for a row that may be absent.
    pub(crate) fn optional<T>(&mut self, name: &str, expected: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        let (line, value) = self.values.get(name)?;
        let parsed = parse(value);
        if parsed.is_none() {
            self.problems.push(InputProblem::cell(
                self.file,
                *line,
                "value",
                t(
                    "err-kv-value",
                    &[("name", name), ("what", expected), ("found", &quoted(value))],
                ),
            ));
        }
        parsed
    }
}
