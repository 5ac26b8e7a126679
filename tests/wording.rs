//! In the inspector's own words (issue 15): a Chinese report or message carries no backtick, no
//! YAML key, no `help:` and no software severity (错误/警告) as a label; the norm's strength
//! words (必改项, 建议项) are used instead, and counts never mix the two.

use crate::util::{DATE, output, sitecheck};

/// The inventory keys a surveyor never needs to read in a Chinese report.
const KEYS: &[&str] = &[
    "facility",
    "staff",
    "zones",
    "services",
    "equipment",
    "floor_area_m2",
    "other_zones",
    "other_equipment",
    "age_bands",
    "topics",
    "capacity",
    "operation",
    "survey",
    "qualifications",
    "roles",
];

/// The lines of a report that are its own words: not a quoted line of the inventory file
/// (` 23 │ floor_area_m2: 24`), and with file names and standard labels taken out.
fn own_words(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| {
            !l.trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
        .filter(|l| !l.contains(" │ ") && !l.trim_start().starts_with('·'))
        .map(|l| {
            l.split_whitespace()
                .filter(|w| !w.contains("samples/") && !w.contains('@') && !w.contains(".yaml"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn is_key_word(w: &str, key: &str) -> bool {
    w.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|part| part == key)
}

#[test]
fn a_chinese_report_has_no_backtick_yaml_key_help_label_or_software_severity() {
    for extra in [
        &["--explain"][..],
        &[],
        &["--roster", "samples/roster.yaml"],
        &["--format", "markdown"],
    ] {
        let (_, out, err) = output(
            sitecheck()
                .args(["check", "samples/", "--lang", "zh", "--date", DATE])
                .args(extra),
        );
        for line in own_words(&format!("{out}\n{err}")) {
            assert!(!line.contains('`'), "{extra:?}: a backtick in: {line}");
            assert!(!line.contains("help:"), "{extra:?}: `help:` in: {line}");
            for label in ["错误", "警告"] {
                assert!(
                    !line.contains(label),
                    "{extra:?}: {label} as a label in: {line}"
                );
            }
            for key in KEYS {
                assert!(
                    !line.split_whitespace().any(|w| is_key_word(w, key)),
                    "{extra:?}: the YAML key `{key}` in: {line}"
                );
            }
        }
    }
}

#[test]
fn strengths_are_named_and_counted_apart() {
    let (_, out, _) = output(sitecheck().args([
        "check",
        "samples/town-station-short.yaml",
        "samples/town-station-compliant.yaml",
        "--lang",
        "zh",
        "--date",
        DATE,
    ]));
    assert!(out.contains("不达标 4 项；建议改进 7 项"), "{out}");
    assert!(out.contains("必改项") && out.contains("建议项"), "{out}");
    assert!(out.contains("整改建议："), "{out}");
    assert!(out.contains("全区汇总"), "{out}");
    assert!(!out.contains("项不符合(其中"), "{out}");
}

#[test]
fn a_compliant_facility_with_advice_says_so_apart() {
    let (_, out, _) = output(sitecheck().args([
        "check",
        "tests/fixtures/reports/fail-on/compliant-with-a-duty-missing.yaml",
        "--lang",
        "zh",
        "--date",
        DATE,
    ]));
    let verdict = out.lines().next().unwrap_or_default();
    assert!(
        verdict.starts_with("✔ 合格（另有 ") && verdict.contains("项建议）"),
        "{out}"
    );
}
