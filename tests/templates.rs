//! The texts of `agrimatch init` live in `locales/<lang>/templates/`: every
//! language has the same files, and `init` and `init --xlsx` write exactly
//! their words (folder files verbatim, the settings and guide sheets cell for
//! cell), then plan.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use calamine::Reader;

use crate::common::agrimatch_without_locale as agrimatch;

/// The template folder of a language.
fn templates(lang: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang)
        .join("templates")
}

/// The text of one template file.
fn template(lang: &str, file: &str) -> String {
    std::fs::read_to_string(templates(lang).join(file)).unwrap()
}

/// The rows of a CSV text, its header first.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The cells of a sheet as text, row by row, empty cells left out at a row's end.
fn sheet_rows(book: &mut calamine::Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(sheet).unwrap_or_else(|e| panic!("{sheet}: {e}"));
    range
        .rows()
        .map(|row| {
            let mut cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            cells
        })
        .collect()
}

#[test]
fn every_language_has_the_same_template_files() {
    let names = |lang: &str| -> BTreeSet<String> {
        std::fs::read_dir(templates(lang))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect()
    };
    let english = names("en");
    assert!(english.len() >= 5, "{english:?}");
    assert_eq!(english, names("zh-CN"));
    for lang in ["en", "zh-CN"] {
        for name in &english {
            assert!(
                !template(lang, name).trim().is_empty(),
                "{lang}/templates/{name} is empty"
            );
        }
    }
}

#[test]
fn init_writes_the_words_of_its_language_and_plans() {
    // (language, guide sheet, settings sheet) as the workbook names them.
    for (lang, guide, settings) in [("en", "columns", "settings"), ("zh-CN", "说明", "设置")] {
        let dir = tempfile::tempdir().unwrap();
        let (folder, book) = (dir.path().join("folder"), dir.path().join("book"));
        agrimatch().args(["--lang", lang, "init"]).arg(&folder).assert().code(0);
        for file in ["README.md", "scenario.toml"] {
            let written = std::fs::read_to_string(folder.join(file)).unwrap();
            assert_eq!(written, template(lang, file), "{lang}: {file}");
        }
        agrimatch().args(["--lang", lang, "plan"]).arg(&folder).assert().code(0);

        agrimatch()
            .args(["--lang", lang, "init", "--xlsx"])
            .arg(&book)
            .assert()
            .code(0);
        let readme = std::fs::read_to_string(book.join("README.md")).unwrap();
        assert_eq!(readme, template(lang, "workbook-README.md"), "{lang}");
        let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(book.join("scenario.xlsx")).unwrap();
        assert_eq!(workbook.sheet_names().last().map(String::as_str), Some(guide), "{lang}");
        for (sheet, file) in [(guide, "guide.csv"), (settings, "settings.csv")] {
            let expected = csv_rows(&template(lang, file));
            assert!(expected.len() >= 2, "{lang}/{file}");
            assert_eq!(sheet_rows(&mut workbook, sheet), expected, "{lang}: sheet {sheet}");
        }
        agrimatch().arg("plan").arg(book.join("scenario.xlsx")).assert().code(0);
    }
}
