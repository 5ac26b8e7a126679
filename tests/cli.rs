//! The command line end to end: exit codes, and every bad-input kind of the contract giving
//! exit 2 and a located diagnostic (file, line, column, the offending line, the fix).

use serde_json::Value;

use crate::util::{DATE, check_json, output, sitecheck, tmp};

fn human(args: &[&str]) -> (i32, String) {
    let (code, out, _) = output(sitecheck().arg("check").args(args).args(["--date", DATE]));
    (code, out)
}

/// A bad input: exit 2, status error, the first problem at `line`:`column`, its message and help
/// containing the given words, and the human report showing the file, the position and the line.
fn assert_bad(fixture: &str, line: u64, column: u64, words: &[&str]) {
    let path = format!("tests/fixtures/bad/{fixture}");
    let (code, doc) = check_json(&[&path]);
    assert_eq!(code, 2, "{fixture}: exit code");
    let r = &doc["reports"][0];
    assert_eq!(r["status"], "error", "{fixture}");
    assert_eq!(r["source"], path.as_str());
    let e = &r["error"];
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(line), Some(column)),
        "{fixture}: {e}"
    );
    let text = format!("{} {}", e["message"], e["help"]);
    for w in words {
        assert!(text.contains(w), "{fixture}: `{w}` not in {text}");
    }
    assert_eq!(doc["summary"]["error"], 1);
    let (code, out) = human(&[&path]);
    assert_eq!(code, 2);
    assert!(
        out.contains(&format!("{path}:{line}:{column}")),
        "{fixture}: no {path}:{line}:{column} in\n{out}"
    );
    let offending = std::fs::read(&path)
        .map(|b| {
            String::from_utf8_lossy(&b)
                .lines()
                .nth((line - 1) as usize)
                .unwrap_or_default()
                .to_owned()
        })
        .unwrap_or_default();
    let shown: String = offending.chars().take(30).collect();
    if offending.len() < 200 && !fixture.contains("utf8") {
        assert!(
            out.contains(shown.trim()),
            "{fixture}: the offending line `{shown}` is not shown in\n{out}"
        );
    }
}

#[test]
fn malformed_yaml_is_located() {
    assert_bad("malformed-yaml.yaml", 5, 32, &["unclosed"]);
}

#[test]
fn the_human_heading_counts_columns_in_characters_as_the_json_report_does() {
    // 行政办公区域 and 电脑 before the bad count: 27 characters, 43 bytes. The inspector reads
    // one column in both reports.
    assert_bad(
        "chinese-before-the-error.yaml",
        8,
        28,
        &["三台", "whole number"],
    );
}

#[test]
fn yaml_syntax_errors_are_told_in_chinese_in_a_chinese_report() {
    // The slips of a survey typed by hand: the Chinese report says what is wrong in Chinese
    // (the YAML parser's English — `unclosed bracket`, `mapping values are not allowed in this
    // context` — is for the English report), at the same line and column.
    let cases: &[(&str, &str, (u64, u64))] = &[
        ("facility: [\n", "括号 `[` 没有闭合", (1, 11)),
        ("facility:\n  name: \"张村\n", "引号没有闭合", (2, 9)),
        ("facility:\n\tid: x\n", "制表符", (2, 1)),
        ("facility:\n  id: a: b\n", "此处不能再写“键: 值”", (2, 8)),
        ("facility: {a:[b]}\n", "冒号“:”的位置不对", (1, 13)),
        ("facility:\n  id: x\n name: y\n", "缩进不对齐", (3, 2)),
        ("a: *nope\n", "锚点", (1, 4)),
        ("facility: [a, b}\n", "括号 `[` 与 `}` 不配对", (1, 11)),
        (
            "facility:\n  id: 'x'y\n",
            "引号结束后还有多余的文字",
            (2, 10),
        ),
        ("facility:\n  - a\n  b: c\n", "缩进不对齐", (3, 3)),
        ("facility: ]\n", "多出了一个右括号", (1, 11)),
        ("facility: @x\n", "此处不能出现字符 `@`", (1, 11)),
    ];
    let dir = tmp();
    for (i, (text, words, at)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("slip{i}.yaml"));
        std::fs::write(&path, text).unwrap();
        let path = path.to_str().unwrap();
        let (code, doc) = check_json(&[path, "--lang", "zh"]);
        assert_eq!(code, 2, "{text:?}");
        let e = &doc["reports"][0]["error"];
        let message = e["message"].as_str().unwrap_or_default();
        assert!(message.contains(words), "{text:?}: {message}");
        // No English word but the format's name; what the file holds is quoted in `…`.
        let unquoted: String = message.split('`').step_by(2).collect();
        assert!(
            !unquoted
                .replace("YAML", "")
                .chars()
                .any(|c| c.is_ascii_alphabetic()),
            "{text:?}: {message}"
        );
        assert_eq!(
            (e["line"].as_u64(), e["column"].as_u64()),
            (Some(at.0), Some(at.1)),
            "{text:?}"
        );
        let (_, en) = check_json(&[path, "--lang", "en"]);
        let en = en["reports"][0]["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) || en.contains("张村"),
            "{en}"
        );
    }
    // A control character is named by its code point, not in Rust's `\u{1}`.
    let path = dir.path().join("control.yaml");
    std::fs::write(&path, "facility:\n  id: abc\u{1} d\n").unwrap();
    let (code, doc) = check_json(&[path.to_str().unwrap(), "--lang", "zh"]);
    assert_eq!(code, 2);
    let message = doc["reports"][0]["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        message.contains("控制字符 U+0001") && !message.contains("\\u{"),
        "{message}"
    );
}

#[test]
fn a_duty_written_as_a_number_is_told_what_a_duty_takes_not_what_a_count_does() {
    // `services: {work_planning: 1}`: a duty is performed or not (the norm lists duties, not
    // things counted); the message must not ask for a count or {count, kinds, topics}.
    let dir = tmp();
    let base = std::fs::read_to_string("tests/fixtures/at-minimum/town-station.yaml").unwrap();
    let (head, _) = base.split_once("services:").unwrap();
    let path = dir.path().join("duty.yaml");
    std::fs::write(&path, format!("{head}services:\n  work_planning: 1\n")).unwrap();
    for (lang, said, not) in [
        ("zh", "服务应写 true（已开展）、false（未开展）", "数量"),
        (
            "en",
            "a duty is true (performed), false (not performed)",
            "count",
        ),
    ] {
        let (code, doc) = check_json(&[path.to_str().unwrap(), "--lang", lang]);
        assert_eq!(code, 2);
        let message = doc["reports"][0]["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            message.contains(said) && !message.contains(not),
            "{message}"
        );
    }
}

#[test]
fn the_chinese_report_names_the_file_a_repeated_key_and_a_missing_folder_in_chinese() {
    // "the inventory 缺少必填的键", "重复的键：duplicate mapping key: …", "标准目录无法读取：No
    // such file or directory (os error 2)": each half English. The trial of issue 17.
    let dir = tmp();
    let file = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_owned()
    };
    let head = "facility:\n  id: x\n  name: 站\n  level: town_station\n";
    let cases = [
        (
            file("no-facility.yaml", "survey:\n  kind: site_survey\n"),
            "清单缺少必填的键 `facility`",
        ),
        (
            file("unknown.yaml", &format!("{head}zzz: 1\n")),
            "清单中有未知的键 `zzz`（允许的键：capacity、facility、",
        ),
        (
            file(
                "twice.yaml",
                &format!("{head}floor_area_m2: 30\nfloor_area_m2: 40\n"),
            ),
            "键 `floor_area_m2` 在同一层重复出现",
        ),
        (
            file("duty.yaml", &format!("{head}services: 3\n")),
            "服务应写成所开展服务的列表",
        ),
    ];
    for (path, said) in &cases {
        let (code, doc) = check_json(&[path, "--lang", "zh"]);
        assert_eq!(code, 2);
        let message = doc["reports"][0]["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(message.contains(said), "{message}");
        assert!(
            !message.contains("the inventory") && !message.contains("duplicate"),
            "{message}"
        );
    }
    let (code, out, err) = output(sitecheck().args([
        "check",
        &cases[0].0,
        "--standards",
        "no-such-folder",
        "--lang",
        "zh",
    ]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("标准文件夹无法读取：文件不存在") && !err.contains("os error"),
        "{err}"
    );
}

#[test]
fn a_chinese_colon_after_a_key_is_named_as_the_cause() {
    // Typed with a Chinese input method, `level：town_station` (or `facility：`) is no key at
    // all to YAML; the advice names the full-width colon and its line.
    let dir = tmp();
    for (text, line) in [
        ("facility:\n  id: x\n  name: 站\n  level：town_station\n", 4),
        ("facility：\n  id: x\n", 1),
    ] {
        let path = dir.path().join("colon.yaml");
        std::fs::write(&path, text).unwrap();
        let (code, doc) = check_json(&[path.to_str().unwrap(), "--lang", "zh"]);
        assert_eq!(code, 2);
        let help = doc["reports"][0]["error"]["help"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            help.contains(&format!("第 {line} 行的“：”是中文冒号")),
            "{text:?}: {help}"
        );
    }
}

#[test]
fn a_wrong_type_says_what_was_expected() {
    assert_bad("wrong-type.yaml", 4, 16, &["expected a number", "forty"]);
}

#[test]
fn an_unknown_key_lists_the_allowed_keys_and_suggests_the_nearest() {
    assert_bad(
        "unknown-key.yaml",
        4,
        1,
        &["flor_area_m2", "allowed", "did you mean `floor_area_m2`"],
    );
}

#[test]
fn a_duplicate_key_is_refused() {
    assert_bad("duplicate-key.yaml", 5, 1, &["duplicate", "floor_area_m2"]);
}

#[test]
fn a_negative_area_is_refused() {
    assert_bad("negative-area.yaml", 4, 16, &["-30"]);
}

#[test]
fn a_negative_count_is_refused() {
    assert_bad("negative-count.yaml", 7, 17, &["-1", "negative"]);
}

#[test]
fn a_non_numeric_count_is_refused() {
    assert_bad("non-numeric-count.yaml", 7, 16, &["one", "count"]);
}

#[test]
fn unknown_names_suggest_the_nearest_valid_name() {
    assert_bad(
        "unknown-level.yaml",
        3,
        10,
        &["town_statoin", "did you mean `town_station`"],
    );
    assert_bad(
        "unknown-zone.yaml",
        5,
        3,
        &[
            "administrativ_office",
            "did you mean `administrative_office`",
        ],
    );
    assert_bad(
        "unknown-item.yaml",
        6,
        17,
        &["printr", "did you mean `printer`"],
    );
    assert_bad(
        "unknown-role.yaml",
        5,
        11,
        &[
            "child_welfare_supervisr",
            "did you mean `child_welfare_supervisor`",
        ],
    );
    assert_bad(
        "unknown-qualification.yaml",
        6,
        22,
        &["social_wrok", "did you mean `social_work`"],
    );
    assert_bad(
        "unknown-service.yaml",
        4,
        12,
        &["hotlne", "did you mean `hotline`"],
    );
}

#[test]
fn an_unknown_standard_id_is_refused() {
    assert_bad(
        "unknown-standard.yaml",
        4,
        11,
        &["huancuii", "did you mean `huancui`"],
    );
}

#[test]
fn an_inventory_may_not_name_a_standard_file() {
    assert_bad(
        "standard-as-path.yaml",
        4,
        11,
        &["standard's id, not a path", "--standard"],
    );
}

#[test]
fn a_file_that_is_not_utf8_is_located_at_the_first_bad_byte() {
    assert_bad("not-utf8.yaml", 3, 9, &["not UTF-8"]);
}

#[test]
fn an_alias_bomb_is_stopped() {
    let (code, doc) = check_json(&["tests/fixtures/bad/alias-bomb.yaml"]);
    assert_eq!(code, 2);
    let e = &doc["reports"][0]["error"];
    assert!(
        e["message"].as_str().unwrap_or_default().contains("alias"),
        "{e}"
    );
    assert!(e["line"].as_u64().is_some_and(|l| l > 1));
}

#[test]
fn absurdly_deep_nesting_is_stopped_without_overflowing_the_stack() {
    assert_bad("deep-nesting.yaml", 4, 72, &["64 levels"]);
}

#[test]
fn two_spellings_of_one_item_are_a_duplicate() {
    assert_bad(
        "two-spellings-of-one-item.yaml",
        8,
        7,
        &["电脑", "computer", "line 7"],
    );
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    let (code, doc) = check_json(&["tests/fixtures/bad/many-problems.yaml"]);
    assert_eq!(code, 2);
    let lines: Vec<u64> = doc["reports"][0]["errors"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["line"].as_u64()).collect())
        .unwrap_or_default();
    assert_eq!(lines, vec![4, 6, 10, 11]);
}

#[test]
fn a_dangling_symlink_is_an_unreadable_file() {
    let dir = tmp();
    let link = dir.path().join("gone.yaml");
    std::os::unix::fs::symlink(dir.path().join("nowhere.yaml"), &link)
        .unwrap_or_else(|e| panic!("{e}"));
    let (code, doc) = check_json(&[link.to_str().unwrap_or_default()]);
    assert_eq!(code, 2);
    assert_eq!(doc["reports"][0]["status"], "error");
    assert!(
        doc["reports"][0]["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("cannot read")
    );
}

#[test]
fn unreadable_entries_inside_a_walk_are_errors_and_the_others_are_still_checked() {
    let dir = tmp();
    std::fs::create_dir(dir.path().join("a.yaml")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(dir.path().join("missing.yaml"), dir.path().join("b.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        "tests/fixtures/at-minimum/town-station.yaml",
        dir.path().join("c.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().to_str().unwrap_or_default();
    let (code, doc) = check_json(&[root]);
    assert_eq!(code, 2, "an unreadable file makes exit 2");
    let got: Vec<(String, String)> = doc["reports"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    (
                        r["source"].as_str().unwrap_or_default().to_owned(),
                        r["status"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let want: Vec<(String, String)> = [
        ("a.yaml", "error"),
        ("b.yaml", "error"),
        ("c.yaml", "compliant"),
    ]
    .iter()
    .map(|(f, s)| (format!("{root}/{f}"), (*s).to_owned()))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn a_directory_named_like_an_inventory_given_as_a_path_is_unreadable() {
    let dir = tmp();
    let d = dir.path().join("survey.yaml");
    std::fs::create_dir(&d).unwrap_or_else(|e| panic!("{e}"));
    let (code, doc) = check_json(&[
        d.to_str().unwrap_or_default(),
        "tests/fixtures/at-minimum/town-station.yaml",
    ]);
    assert_eq!(code, 2);
    assert_eq!(doc["reports"][0]["status"], "error");
    assert!(
        doc["reports"][0]["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("directory")
    );
    assert_eq!(doc["reports"][1]["status"], "compliant");
}

#[test]
fn an_empty_directory_holds_no_inventory() {
    let dir = tmp();
    let out = sitecheck()
        .args(["check", dir.path().to_str().unwrap_or_default()])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no inventory found"));
}

#[test]
fn a_missing_path_is_an_error_and_the_others_are_still_checked() {
    let (code, doc) = check_json(&[
        "no/such/file.yaml",
        "tests/fixtures/at-minimum/town-station.yaml",
    ]);
    assert_eq!(code, 2);
    assert_eq!(doc["summary"]["total"], 2);
    assert_eq!(doc["summary"]["error"], 1);
    assert_eq!(doc["summary"]["compliant"], 1);
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    let dir = tmp();
    let big = dir.path().join("big.yaml");
    let mut text = String::from("facility: {id: big, level: town_station}\n");
    let pad = format!("# {}\n", "x".repeat(1022));
    while text.len() <= 33 * 1024 * 1024 {
        text.push_str(&pad);
    }
    std::fs::write(&big, text).unwrap_or_else(|e| panic!("{e}"));
    let (code, doc) = check_json(&[big.to_str().unwrap_or_default()]);
    assert_eq!(code, 2);
    assert!(
        doc["reports"][0]["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("too large")
    );
}

#[test]
fn a_16_mib_file_is_accepted() {
    let dir = tmp();
    let big = dir.path().join("big.yaml");
    let mut text =
        std::fs::read_to_string("tests/fixtures/at-minimum/town-station.yaml").unwrap_or_default();
    let pad = format!("# {}\n", "备注".repeat(300));
    while text.len() <= 16 * 1024 * 1024 {
        text.push_str(&pad);
    }
    std::fs::write(&big, text).unwrap_or_else(|e| panic!("{e}"));
    let (code, doc) = check_json(&[big.to_str().unwrap_or_default()]);
    assert_eq!(
        (code, doc["reports"][0]["status"].as_str()),
        (0, Some("compliant"))
    );
}

#[test]
fn exit_codes_follow_the_verdicts() {
    assert_eq!(human(&["tests/fixtures/at-minimum/town-station.yaml"]).0, 0);
    assert_eq!(human(&["samples/town-station-short.yaml"]).0, 1);
    assert_eq!(
        human(&["samples/childrens-home-not-surveyed.yaml"]).0,
        1,
        "incomplete is exit 1"
    );
}

#[test]
fn fail_on_warning_counts_warning_failures_without_changing_statuses() {
    // The compliant town station run by the government fails only the 第五条 encouragement.
    let dir = tmp();
    let text = std::fs::read_to_string("tests/fixtures/at-minimum/town-station.yaml")
        .unwrap_or_default()
        .replace("mode: mixed", "mode: government");
    let p = dir.path().join("ts.yaml");
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
    let path = p.to_str().unwrap_or_default();
    let (code, doc) = check_json(&[path]);
    assert_eq!(
        (code, doc["reports"][0]["status"].as_str()),
        (0, Some("compliant"))
    );
    let (code, doc) = check_json(&[path, "--fail-on", "warning"]);
    assert_eq!(
        (code, doc["reports"][0]["status"].as_str()),
        (1, Some("compliant"))
    );
}

#[test]
fn standard_input_is_read_when_the_path_is_a_dash() {
    let text = std::fs::read_to_string("tests/fixtures/at-minimum/childrens-home.yaml")
        .unwrap_or_default();
    let out = sitecheck()
        .args(["check", "-", "--format", "json"])
        .write_stdin(text)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(doc["reports"][0]["source"], "-");
}

#[test]
fn a_directory_is_walked_in_byte_order_of_paths_skipping_dot_entries() {
    // Every file below samples/, subfolders (samples/layouts/) included.
    fn files(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir).map_or(0, |d| {
            d.filter_map(Result::ok)
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                // The district roster kept among the samples is not an inventory.
                .filter(|e| !e.file_name().to_string_lossy().starts_with("roster."))
                .map(|e| {
                    if e.path().is_dir() {
                        files(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
    }
    let (_, doc) = check_json(&["samples"]);
    let sources: Vec<&str> = doc["reports"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["source"].as_str()).collect())
        .unwrap_or_default();
    let mut sorted = sources.clone();
    sorted.sort_unstable();
    assert_eq!(sources, sorted);
    assert!(sources.iter().all(|s| s.starts_with("samples/")));
    assert_eq!(sources.len(), files(std::path::Path::new("samples")));
}

#[test]
fn omit_passes_leaves_only_findings_that_are_not_passes() {
    let (_, doc) = check_json(&["samples/town-station-short.yaml", "--omit-passes"]);
    let statuses: Vec<&str> = doc["reports"][0]["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["status"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        !statuses.is_empty() && statuses.iter().all(|s| *s != "pass"),
        "{statuses:?}"
    );
}

#[test]
fn the_same_inputs_give_byte_identical_reports() {
    let run = || {
        sitecheck()
            .args([
                "check", "samples", "--format", "json", "--date", DATE, "--lang", "zh",
            ])
            .output()
            .map(|o| o.stdout)
            .unwrap_or_default()
    };
    assert_eq!(run(), run());
}

#[test]
fn the_language_comes_from_the_locale_when_not_given() {
    let out = sitecheck()
        .env("LANG", "zh_CN.UTF-8")
        .args(["check", "samples/town-station-short.yaml", "--date", DATE])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("不合格"));
    let out = sitecheck()
        .env("LC_ALL", "en_US.UTF-8")
        .env("LANG", "zh_CN.UTF-8")
        .args(["check", "samples/town-station-short.yaml"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("non-compliant"),
        "LC_ALL wins over LANG"
    );
}

#[test]
fn known_names_the_level_does_not_require_are_shown_not_checked() {
    // A desk in the office and an archive room at a children's home are valid names that the
    // children's home requirements do not ask for: accepted, listed, not checked.
    let dir = tmp();
    let text = std::fs::read_to_string("tests/fixtures/at-minimum/childrens-home.yaml")
        .unwrap_or_default()
        .replace(
            "zones:\n",
            "zones:\n  archive_room:\n    equipment: {filing_cabinet: 2}\n",
        )
        .replace("movable_screen: 1,", "movable_screen: 1, desk: 1,");
    let p = dir.path().join("ch.yaml");
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
    let (code, doc) = check_json(&[p.to_str().unwrap_or_default()]);
    assert_eq!(code, 0);
    assert_eq!(
        doc["reports"][0]["not_checked"],
        serde_json::json!([
            "zones.archive_room",
            "zones.admin_case_office.equipment.desk"
        ])
    );
}

#[test]
fn a_walk_orders_files_by_the_bytes_of_their_full_path() {
    // `a-c/x.yaml` sorts before `a/b.yaml` ('-' < '/'), and `a/b.yaml` before `a0.yaml`.
    let dir = tmp();
    let base =
        std::fs::read_to_string("tests/fixtures/at-minimum/town-station.yaml").unwrap_or_default();
    for (i, f) in [
        "a/b.yaml",
        "a-c/x.yaml",
        "a0.yaml",
        "a/z/y.json",
        "B.yaml",
        ".hidden/h.yaml",
        "a/.h.yaml",
    ]
    .iter()
    .enumerate()
    {
        let p = dir.path().join(f);
        std::fs::create_dir_all(p.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        let text = base.replace("ts-at-minimum", &format!("ts-{i}"));
        let text = if f.to_ascii_lowercase().ends_with(".json") {
            serde_json::to_string(&serde_saphyr::from_str::<Value>(&text).unwrap_or_default())
                .unwrap_or_default()
        } else {
            text
        };
        std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
    }
    let root = dir.path().to_str().unwrap_or_default();
    let (_, doc) = check_json(&[root]);
    let got: Vec<String> = doc["reports"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["source"].as_str())
                .map(|s| s.trim_start_matches(root).to_owned())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        got,
        [
            "/B.yaml",
            "/a-c/x.yaml",
            "/a/b.yaml",
            "/a/z/y.json",
            "/a0.yaml"
        ]
    );
}

#[test]
fn the_readme_lists_every_problem_code_and_only_those() {
    // The codes are one enum: the README's table is checked against it, both ways.
    let readme = std::fs::read_to_string("README.md").unwrap_or_else(|e| panic!("{e}"));
    let listed: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| `sitecheck::"))
        .filter_map(|l| l.split('`').next())
        .collect();
    let known: Vec<String> = sitecheck::diagnostic::Code::ALL
        .iter()
        .map(|c| c.as_str().trim_start_matches("sitecheck::").to_owned())
        .collect();
    assert_eq!(listed, known, "README's table of problem codes");
    for c in sitecheck::diagnostic::Code::ALL {
        let s = c.summary();
        assert!(!s.zh.is_empty() && !s.en.is_empty(), "{c}");
    }
}

/// The help lines of `sitecheck ARGS --help` that are sentences in English: two English words
/// in a row, once the usage line, the example command lines, option names and placeholders
/// are set aside.
fn english_help_lines(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("用法") || t.starts_with("sitecheck ") || t.starts_with("cat "))
        })
        .filter(|l| {
            let words: Vec<&str> = l
                .split_whitespace()
                .filter(|w| !w.starts_with('-') && !w.starts_with('<') && !w.starts_with('['))
                .collect();
            words.windows(2).any(|p| {
                p.iter()
                    .all(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic()))
            })
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn help_is_chinese_under_a_chinese_locale_or_lang_zh() {
    // Issue 15: `sitecheck --help --lang zh` and `sitecheck check --help` under
    // LANG=zh_CN.UTF-8 are Chinese, and so is every command's help.
    let commands: [&[&str]; 19] = [
        &[],
        &["check"],
        &["orders"],
        &["orders", "draft"],
        &["compare"],
        &["init"],
        &["schema"],
        &["standards"],
        &["standards", "list"],
        &["standards", "show"],
        &["standards", "check"],
        &["standards", "test"],
        &["serve"],
        &["users"],
        &["users", "add"],
        &["users", "list"],
        &["users", "disable"],
        &["completions"],
        &["man"],
    ];
    for path in commands {
        for (how, env, extra) in [
            ("--lang zh", None, &["--lang", "zh"][..]),
            ("LANG=zh_CN.UTF-8", Some(("LANG", "zh_CN.UTF-8")), &[][..]),
            (
                "LC_ALL=zh_CN.UTF-8",
                Some(("LC_ALL", "zh_CN.UTF-8")),
                &[][..],
            ),
            (
                "LC_MESSAGES=zh_CN.UTF-8",
                Some(("LC_MESSAGES", "zh_CN.UTF-8")),
                &[][..],
            ),
        ] {
            // `--help` is acted on where it stands: `--lang zh` after it is read for the
            // language only, also by the commands that have no `--lang`.
            let mut cmd = sitecheck();
            cmd.args(path).arg("--help").args(extra);
            if let Some((k, v)) = env {
                cmd.env(k, v);
            }
            let (code, out, err) = crate::util::output(&mut cmd);
            assert_eq!(code, 0, "{path:?} {how}: {err}");
            assert!(out.contains("用法"), "{path:?} {how}:\n{out}");
            let english = english_help_lines(&out);
            assert!(
                english.is_empty(),
                "{path:?} {how}: English left in the help:\n{}\n\n{out}",
                english.join("\n")
            );
        }
    }
    // English stays English, and so does the manual page.
    let (_, out, _) = crate::util::output(sitecheck().args(["check", "--help"]));
    assert!(
        out.contains("Usage:") && !english_help_lines(&out).is_empty(),
        "{out}"
    );
    let (_, man, _) = crate::util::output(sitecheck().arg("man").env("LANG", "zh_CN.UTF-8"));
    assert!(
        man.contains("Check inventories"),
        "the man page stays English"
    );
}

#[test]
fn a_report_written_to_a_file_leaves_one_summary_line_on_standard_error() {
    // Issue 15: with --output, a CI log is never empty.
    let dir = tmp();
    let report = dir.path().join("report.json");
    let (code, out, err) = output(
        sitecheck()
            .args([
                "check", "samples/", "--format", "json", "--date", DATE, "--output",
            ])
            .arg(&report),
    );
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "{out}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains("checked") && lines[0].contains("non-compliant"),
        "{err}"
    );
    assert!(lines[0].contains("report.json"), "{err}");
}

#[test]
fn compare_help_names_sample_files_that_exist_and_takes_forms() {
    for lang in ["en", "zh"] {
        let (_, out, _) = output(sitecheck().args(["compare", "--help", "--lang", lang]));
        assert!(out.contains(".xlsx"), "{lang}: {out}");
        let named: Vec<&str> = out
            .split_whitespace()
            .filter(|w| w.starts_with("samples/"))
            .collect();
        assert!(!named.is_empty(), "{lang}: {out}");
        for path in named {
            assert!(
                std::path::Path::new(path).is_file(),
                "{lang}: {path} does not exist"
            );
        }
    }
}

#[test]
fn shell_completion_offers_the_level_names() {
    let (_, out, _) = output(sitecheck().args(["completions", "bash"]));
    let level = out
        .split("--level)")
        .nth(1)
        .and_then(|s| s.split(";;").next())
        .unwrap_or_else(|| panic!("{out}"));
    for id in ["district_center", "town_station", "childrens_home"] {
        assert!(level.contains(id), "{id} is not offered: {level}");
    }
    // A level name is still any text: a Chinese name works as before.
    let (code, _, err) = output(sitecheck().args(["init", "--level", "儿童之家"]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_free_text_wall_display_topic_near_a_missing_one_gets_the_nearest_name() {
    // Issue 15: topics are an open list, so 疏散路线 is accepted as written; the missing
    // 紧急疏散路线 is then named beside it as the likely meaning.
    let dir = tmp();
    let path = crate::util::write(
        dir.path(),
        "topics.yaml",
        "facility: {id: ch1, name: 新庄村儿童之家, level: childrens_home}\n\
         zones:\n  activity_area:\n    equipment:\n      wall_display: {count: 1, topics: [活动注意事项, 安全须知, 疏散路线]}\n",
    );
    for (lang, guess) in [
        ("zh", "“疏散路线”是否即“紧急疏散路线”"),
        ("en", "“疏散路线”"),
    ] {
        let (_, doc) = check_json(&[path.to_str().unwrap_or_default(), "--lang", lang]);
        let f = crate::util::finding(&doc["reports"][0], "wall_display:topics");
        assert_eq!(f["status"], "fail", "{f}");
        let short = f["shortfall"].as_str().unwrap_or_default();
        assert!(short.contains(guess), "{lang}: {short}");
    }
    // A topic near none of the missing ones gets no guess.
    let other = crate::util::write(
        dir.path(),
        "other.yaml",
        "facility: {id: ch2, name: 东村儿童之家, level: childrens_home}\n\
         zones:\n  activity_area:\n    equipment:\n      wall_display: {count: 1, topics: [活动注意事项, 安全须知, 值班表]}\n",
    );
    let (_, doc) = check_json(&[other.to_str().unwrap_or_default(), "--lang", "zh"]);
    let f = crate::util::finding(&doc["reports"][0], "wall_display:topics");
    assert!(
        !f["shortfall"]
            .as_str()
            .unwrap_or_default()
            .contains("是否即"),
        "{f}"
    );
}

#[test]
fn a_comparison_written_to_a_file_leaves_one_line_on_standard_error() {
    let dir = tmp();
    let out_file = dir.path().join("layouts.json");
    let (code, out, err) = output(
        sitecheck()
            .args([
                "compare",
                "samples/layouts/dongshan-plan-a.yaml",
                "samples/layouts/dongshan-plan-b.yaml",
                "--format",
                "json",
                "--date",
                DATE,
                "--output",
            ])
            .arg(&out_file),
    );
    assert!(code == 0 || code == 1, "{err}");
    assert!(out.is_empty(), "{out}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("2 layouts compared") && err.contains("layouts.json"),
        "{err}"
    );
}

/// Every README excerpt marked `<!-- output: ARGS -->` is what `sitecheck ARGS` prints: each of
/// its lines, but `…`, is a line of the output, in the same order (trailing spaces aside).
#[test]
fn the_readme_excerpts_are_what_the_binary_prints() {
    let readme = std::fs::read_to_string("README.md").unwrap_or_else(|e| panic!("{e}"));
    let mut checked = 0;
    for part in readme.split("<!-- output: ").skip(1) {
        let (args, rest) = part
            .split_once(" -->\n")
            .unwrap_or_else(|| panic!("{part}"));
        let block = rest
            .strip_prefix("```")
            .and_then(|b| b.split_once('\n'))
            .and_then(|(_, b)| b.split_once("\n```").map(|(b, _)| b))
            .unwrap_or_else(|| panic!("no ``` block after the marker `{args}`"));
        let args: Vec<&str> = args.split_whitespace().collect();
        let (_, out, err) = crate::util::output(sitecheck().args(&args));
        let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
        let mut at = 0;
        for want in block.lines().map(str::trim_end) {
            if want.trim() == "…" {
                continue;
            }
            match lines[at..].iter().position(|l| *l == want) {
                Some(k) => at += k + 1,
                None => panic!(
                    "README excerpt of `sitecheck {}`: line not printed (in order):\n{want}\n---\n{out}{err}",
                    args.join(" ")
                ),
            }
        }
        checked += 1;
    }
    assert!(checked >= 2, "the README marks its output excerpts");
}

#[test]
fn usage_errors_are_chinese_under_lang_zh() {
    // An unknown option, a value not among the allowed ones, a malformed date, a missing path:
    // said in Chinese, with clap's usage line in the help's words.
    for (args, says) in [
        (
            &["check", "--bogus", "x", "--lang", "zh"][..],
            "无法识别的选项 --bogus",
        ),
        (
            &["check", "samples", "--format", "pdf", "--lang", "zh"][..],
            "可选值：",
        ),
        (
            &["check", "samples", "--date", "2026-13-01", "--lang", "zh"][..],
            "格式不对",
        ),
        (&["check", "--lang", "zh"][..], "缺少必需的参数"),
        (
            &["chek", "samples", "--lang", "zh"][..],
            "无法识别的命令 chek",
        ),
    ] {
        let (code, out, err) = crate::util::output(crate::util::sitecheck().args(args));
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(err.contains(says), "{args:?}: {err}");
        for english in ["error:", "Usage:", "For more information", "tip:"] {
            assert!(
                !err.contains(english),
                "{args:?}: English {english:?} in\n{err}"
            );
        }
    }
    // English stays English.
    let (_, _, err) = crate::util::output(
        crate::util::sitecheck().args(["check", "--bogus", "x", "--lang", "en"]),
    );
    assert!(err.contains("error: unexpected argument"), "{err}");
}
