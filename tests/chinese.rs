//! 中文: the language setting and the Chinese catalog on the terminal. Ids,
//! file names and units stay as they are; everything else a person reads on
//! these lines is Chinese.

use crate::common::Scenario;

use crate::common::agrimatch_without_locale as agrimatch;

/// Words of Latin letters in `text` other than `allowed` ones: what a
/// planner who reads no English would not understand.
fn english_words<'a>(text: &'a str, allowed: &[&str]) -> Vec<&'a str> {
    text.split(|c: char| !c.is_ascii_alphabetic() && c != '_' && c != '.' && c != '-' && c != '/')
        .map(|w| w.trim_matches(|c: char| c == '.' || c == '-' || c == '/'))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
        .filter(|w| !allowed.iter().any(|a| w.contains(a)))
        .collect()
}

#[test]
fn the_plan_summary_reads_in_chinese_with_lang_env_or_locale() {
    let dir = Scenario::base().write();
    let out = dir.path().join("out");
    // Ids, the solver's name, file names and the folder are not words to translate.
    let allowed = [
        "Muyin", "Jingkai", "plum", "network", "coupled", ".csv", ".html", ".xlsx",
    ];
    // (flags, an environment variable to set)
    type Run<'a> = (&'a [&'a str], Option<(&'a str, &'a str)>);
    let runs: [Run; 3] = [
        (&["--lang", "zh-CN"], None),
        (&[], Some(("AGRIMATCH_LANG", "zh-CN"))),
        (&[], Some(("LANG", "zh_CN.UTF-8"))),
    ];
    for (flags, env) in runs {
        let mut command = agrimatch();
        if let Some((name, value)) = env {
            command.env(name, value);
        }
        let assert = command
            .arg("plan")
            .arg(dir.path())
            .args(flags)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(0);
        let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
        assert!(stdout.starts_with("状态        最优"), "{stdout}");
        for label in ["资金支出", "惩罚成本", "目标值", "订单满足率", "损耗", "已写入"] {
            assert!(stdout.contains(label), "{label}: {stdout}");
        }
        let without_folder = stdout.replace(out.to_str().unwrap(), "");
        assert_eq!(english_words(&without_folder, &allowed), Vec::<&str>::new(), "{stdout}");
        // Machine files stay the English contract.
        let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
        assert!(summary.starts_with("metric,value\nstatus,optimal\n"), "{summary}");
    }
    // --lang wins over the environment.
    let assert = agrimatch()
        .env("AGRIMATCH_LANG", "zh-CN")
        .arg("plan")
        .arg(dir.path())
        .args(["--lang", "en", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.starts_with("status      optimal"), "{stdout}");
    let assert = agrimatch()
        .arg("plan")
        .arg(dir.path())
        .args(["--lang", "fr"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("--lang: expected en or zh-CN, found \"fr\""),
        "{stderr}"
    );
}

/// `display_unit` takes 斤, 公斤 and 吨; quantities are then shown in it.
#[test]
fn display_units_in_chinese_are_read_and_shown() {
    for (unit, shown) in [("斤", "160 斤"), ("公斤", "80 公斤"), ("吨", "0 吨"), ("jin", "160 斤")] {
        let dir = Scenario::base()
            .with("scenario.toml", &format!("display_unit = \"{unit}\"\n"))
            .write();
        let assert = agrimatch()
            .arg("plan")
            .arg(dir.path())
            .args(["--lang", "zh-CN", "--out"])
            .arg(dir.path().join("out"))
            .assert()
            .code(0);
        let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
        assert!(stdout.contains(&format!("到货 {shown}")), "{unit}: {stdout}");
    }
}

/// Terminal labels are padded by display width: the text after a Chinese
/// label starts in the same column as after an English one.
#[test]
fn chinese_labels_align_by_display_width() {
    let dir = Scenario::base().write();
    let assert = agrimatch()
        .arg("plan")
        .arg(dir.path())
        .args(["--lang", "zh-CN", "--out"])
        .arg(dir.path().join("out"))
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    for line in stdout.lines().filter(|l| !l.starts_with(' ')) {
        let label: String = line.chars().take_while(|c| *c != ' ').collect();
        let width: usize = label.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
        let spaces = line[label.len()..].chars().take_while(|c| *c == ' ').count();
        assert_eq!(width + spaces, 12, "{line:?}");
    }
}
