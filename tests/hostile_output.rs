//! Hostile inputs against the reporting side: error reporting that must stay linear however
//! many problems a file holds, repeated names that must not multiply a huge value, and strings
//! from any input file (inventory, standard, waivers, file names) that must not forge or
//! colour what a reader sees. Each run is bounded in time and memory the way
//! `tests/hostile.rs` bounds its runs.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::util::{DATE, run, tmp, write};

/// Problems listed per input before the rest are counted (`limits::MAX_PROBLEMS_PER_INPUT`).
const LISTED: usize = sitecheck::load::limits::MAX_PROBLEMS_PER_INPUT;

fn sample(name: &str) -> String {
    format!("{}/samples/{name}", env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------------------
// Error reporting stays linear.

/// The listed problems and the last line counting the rest: `and N more of the same kinds`.
fn assert_capped(out: &str, more: usize, code: &str) {
    let shown = out.matches("  × ").count() + out.matches("  ⚠ ").count();
    assert_eq!(shown, LISTED + 1, "{shown} snippets shown");
    let line = format!("and {more} more of the same kinds ({code}: {more})");
    assert!(out.contains(&line), "no `{line}` in:\n{}", tail(out));
}

fn tail(s: &str) -> &str {
    &s[s.len().saturating_sub(2000)..]
}

#[test]
fn many_problems_in_one_inventory_are_listed_up_to_the_cap_then_counted_in_linear_time() {
    let dir = tmp();
    let n = 20_000;
    let mut yaml = String::from(
        "facility:\n  id: x\n  level: town_station\nfloor_area_m2: 40\nzones:\n  \
         administrative_office:\n    equipment:\n",
    );
    for i in 0..n {
        let _ = writeln!(yaml, "      bogus_{i}: 1");
    }
    let path = write(dir.path(), "many.yaml", yaml);
    let r = run(&["check", path.to_str().unwrap(), "--date", DATE]);
    assert_eq!(r.code, Some(2));
    assert_capped(&r.stdout, n - LISTED, "unknown-name");
    assert!(
        r.stdout.contains(&format!("{n} problems")),
        "the header counts them all"
    );
    // The machine formats carry the same capped list.
    let r = run(&["check", path.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let errors = doc["reports"][0]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), LISTED + 1);
    assert_eq!(errors[LISTED]["code"], "sitecheck::more-problems");
}

#[test]
fn many_repeated_waivers_are_audited_in_linear_time_and_listed_up_to_the_cap() {
    let dir = tmp();
    let n = 20_000;
    let mut yaml = String::from("waivers:\n");
    for _ in 0..n {
        yaml.push_str(
            "  - facility: qiaotou-ts\n    requirement: floor_area\n    reason: r\n    \
             approver: a\n    granted: 2026-01-01\n    expires: 2027-12-31\n",
        );
    }
    let waivers = write(dir.path(), "waivers.yaml", yaml);
    let r = run(&[
        "check",
        &sample("town-station-short.yaml"),
        "--waivers",
        waivers.to_str().unwrap(),
        "--date",
        DATE,
    ]);
    assert_eq!(r.code, Some(1), "{}", tail(&r.stderr));
    assert_capped(&r.stderr, n - 1 - LISTED, "waiver-repeated");
}

#[test]
fn a_standard_with_many_bad_cases_is_checked_in_bounded_time_and_listed_up_to_the_cap() {
    let dir = tmp();
    let n = 3_000;
    let mut yaml = String::from(
        "id: many-cases\nversion: \"1\"\nextends: huancui\ntitle: {zh: 测试, en: test}\ncases:\n",
    );
    for i in 0..n {
        let _ = write!(
            yaml,
            "  - name: c{i}\n    expect: compliant\n    inventory:\n      \
             facility: {{id: t{i}, level: bogus}}\n      floor_area_m2: 10\n"
        );
    }
    let path = write(dir.path(), "many-cases.yaml", yaml);
    let r = run(&["standards", "check", path.to_str().unwrap()]);
    assert_eq!(r.code, Some(2));
    assert_capped(&r.stderr, n - LISTED, "unknown-name");
}

// ---------------------------------------------------------------------------------------------
// A huge name is not repeated.

#[test]
fn a_huge_facility_id_is_not_copied_into_every_sarif_fingerprint_or_junit_class_name() {
    let dir = tmp();
    let id = "x".repeat(1_000_000);
    let yaml = std::fs::read_to_string(sample("town-station-short.yaml"))
        .unwrap()
        .replace("id: qiaotou-ts", &format!("id: {id}"));
    let path = write(dir.path(), "big-id.yaml", yaml);
    let out = |format: &str| {
        let r = run(&["check", path.to_str().unwrap(), "--format", format]);
        assert_eq!(r.code, Some(1), "{format}: {}", r.stderr);
        r.stdout
    };
    let sarif: serde_json::Value = serde_json::from_str(&out("sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 5);
    for r in results {
        let fp = r["partialFingerprints"]["facilityRequirement/v1"]
            .as_str()
            .unwrap();
        assert_eq!(fp.len(), 64, "a fingerprint is a SHA-256, not the id");
        let shown = r["properties"]["facility"]["id"].as_str().unwrap();
        assert!(shown.chars().count() <= 121 && shown.ends_with('…'));
    }
    let xml = out("junit");
    // Several cases, yet the id is there once per suite (its name and a property), not once
    // per case.
    assert!(xml.matches("<testcase").count() > 5);
    assert!(xml.len() < 3 * id.len(), "{} bytes of JUnit", xml.len());
}

// ---------------------------------------------------------------------------------------------
// Strings from any input file are neutralised at every sink.

/// A character that must never reach a reader raw: a control character other than a line
/// break or a tab, or a bidirectional control.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A name that, printed raw, would start lines of its own (a forged verdict, a live YAML
/// value after a comment), colour the terminal and reverse the text after it.
const FORGING: &str = "名\n✔ compliant\nforged: 1 \u{1b}[31m red \u{202e}x";

/// Lines that begin with a verdict mark (`✔ compliant`, `✘ …`): one per input, never more.
fn verdict_lines(out: &str) -> usize {
    out.lines()
        .filter(|l| ["✔ ", "✘ ", "? ", "! "].iter().any(|m| l.starts_with(m)))
        .count()
}

#[test]
fn a_line_break_in_a_facility_or_file_name_cannot_forge_a_verdict_line() {
    let dir = tmp();
    let yaml = std::fs::read_to_string(sample("town-station-short.yaml"))
        .unwrap()
        .replace(
            "name: 桥头镇未成年人保护工作站",
            &format!("name: {}", serde_json::to_string(FORGING).unwrap()),
        );
    let path = write(dir.path(), "a\n✔ compliant\n.yaml", yaml);
    let r = run(&["check", path.to_str().unwrap(), "--date", DATE]);
    assert_eq!(r.code, Some(1));
    assert_eq!(verdict_lines(&r.stdout), 1, "{}", r.stdout);
    assert!(r.stdout.starts_with("✘ non-compliant"), "{}", r.stdout);
    assert!(!r.stdout.lines().any(|l| l.starts_with("forged")));
    if let Some(c) = r.stdout.chars().find(|&c| unsafe_char(c)) {
        panic!("passes {c:?} raw:\n{}", r.stdout);
    }
}

/// A standard that extends Huancui with the forging string as its title, a zone's and an
/// item's name and unit, and a requirement's clause, name and wording.
fn hostile_standard(dir: &Path) -> PathBuf {
    let h = serde_json::to_string(FORGING).unwrap();
    write(
        dir,
        "hostile-standard.yaml",
        format!(
            "id: hostile-std\nversion: \"1\"\neffective: 2020-01-01\nextends: huancui\n\
             title: {{zh: {h}, en: {h}}}\nvocabulary:\n  zones:\n    \
             administrative_office: {{zh: {h}, en: {h}}}\n  items:\n    \
             computer: {{zh: {h}, en: {h}, unit: {{zh: {h}, en: {h}}}}}\n\
             levels:\n  town_station:\n    - id: floor_area\n      clause: {h}\n      \
             name: {{zh: {h}, en: {h}}}\n      text: {{zh: {h}, en: {h}}}\n      min: 30\n"
        ),
    )
}

#[test]
fn a_hostile_standards_names_reach_the_terminal_neutralised_in_findings_shortfalls_and_help() {
    let dir = tmp();
    let st = hostile_standard(dir.path());
    for lang in ["en", "zh"] {
        let r = run(&[
            "check",
            &sample("town-station-short.yaml"),
            "--standard",
            st.to_str().unwrap(),
            "--override-standard",
            "--date",
            DATE,
            "--lang",
            lang,
        ]);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert!(r.stdout.contains("名␤✔ compliant␤forged"), "{}", r.stdout);
        assert_eq!(verdict_lines(&r.stdout), 1, "{}", r.stdout);
        assert!(!r.stdout.lines().any(|l| l.starts_with("forged")));
        if let Some(c) = r.stdout.chars().find(|&c| unsafe_char(c)) {
            panic!("the terminal report passes {c:?} raw:\n{}", r.stdout);
        }
    }
}

#[test]
fn a_hostile_standards_names_reach_sarif_neutralised_in_rules_results_and_properties() {
    let dir = tmp();
    let st = hostile_standard(dir.path());
    let r = run(&[
        "check",
        &sample("town-station-short.yaml"),
        "--standard",
        st.to_str().unwrap(),
        "--override-standard",
        "--format",
        "sarif",
        "--date",
        DATE,
    ]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut all = Vec::new();
    strings(&v["runs"][0]["tool"], &mut all);
    strings(&v["runs"][0]["results"], &mut all);
    assert!(
        all.iter().any(|s| s.contains("forged")),
        "the names are there"
    );
    for s in &all {
        if let Some(c) = s.chars().find(|&c| unsafe_char(c)) {
            panic!("a SARIF string passes {c:?} raw: {s:?}");
        }
    }
}

fn strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

#[test]
fn a_hostile_standards_names_stay_inside_the_comments_of_an_init_template() {
    let dir = tmp();
    let st = hostile_standard(dir.path());
    for lang in [None, Some("zh"), Some("en")] {
        let mut args = vec![
            "init",
            "--level",
            "town_station",
            "--standard",
            st.to_str().unwrap(),
        ];
        if let Some(l) = lang {
            args.extend(["--lang", l]);
        }
        let r = run(&args);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert!(r.stdout.contains("forged"), "the names are there");
        for l in r.stdout.lines() {
            assert!(
                !l.trim_start().starts_with("forged") && !l.trim_start().starts_with('✔'),
                "a name broke out of its comment: {l}"
            );
        }
        if let Some(c) = r.stdout.chars().find(|&c| unsafe_char(c)) {
            panic!("the template passes {c:?} raw");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Names that look alike, and numbers that lie.

/// A standard that extends Huancui with `extra` appended (YAML under the top level).
fn variant(dir: &Path, extra: &str) -> PathBuf {
    write(
        dir,
        "variant.yaml",
        format!(
            "id: variant\nversion: \"1\"\neffective: 2020-01-01\nextends: huancui\n\
             title: {{zh: 测试, en: test}}\n{extra}"
        ),
    )
}

#[test]
fn look_alike_vocabulary_ids_are_one_name_and_refused_as_duplicates() {
    let dir = tmp();
    // Composed and decomposed accents; full-width and half-width letters.
    for (a, b) in [
        ("caf\u{e9}", "cafe\u{301}"),
        ("ｃｏｍｐｕｔｅｒ", "computer"),
    ] {
        let st = variant(
            dir.path(),
            &format!(
                "vocabulary:\n  items:\n    \"{a}\": {{zh: 甲, en: one}}\n    \
                 \"{b}\": {{zh: 乙, en: two}}\n"
            ),
        );
        let r = run(&["standards", "check", st.to_str().unwrap()]);
        assert_eq!(r.code, Some(2), "{a:?} and {b:?} accepted as two ids");
        assert!(r.stderr.contains("stands for both"), "{}", r.stderr);
    }
}

#[test]
fn a_value_just_below_a_threshold_never_prints_as_the_threshold() {
    let dir = tmp();
    for area in ["29.995", "29.9999", "29.999999"] {
        let path = write(
            dir.path(),
            "below.yaml",
            format!("facility: {{id: t, level: town_station}}\nfloor_area_m2: {area}\n"),
        );
        let r = run(&["check", path.to_str().unwrap(), "--date", DATE]);
        assert_eq!(r.code, Some(1));
        let label = r
            .stdout
            .lines()
            .find(|l| l.contains("found") && l.contains("m²"))
            .unwrap();
        assert!(label.contains(&format!("found {area} m²")), "{label}");
        let short = r.stdout.lines().find(|l| l.contains("short by")).unwrap();
        assert!(!short.contains("short by 0 m²"), "{short}");
    }
}

#[test]
fn whole_numbers_too_large_to_hold_exactly_are_refused_at_their_line() {
    let dir = tmp();
    let exact = sitecheck::load::limits::MAX_EXACT_INTEGER;
    for (key, line) in [("floor_area_m2", 2), ("capacity", 3)] {
        for n in [exact + 1, u64::MAX] {
            let yaml = match key {
                "capacity" => format!(
                    "facility: {{id: t, level: town_station}}\nfloor_area_m2: 40\n\
                     capacity: {{children_served: {n}}}\n"
                ),
                _ => format!("facility: {{id: t, level: town_station}}\nfloor_area_m2: {n}\n"),
            };
            let path = write(dir.path(), "big.yaml", yaml);
            let r = run(&["check", path.to_str().unwrap(), "--format", "json"]);
            assert_eq!(r.code, Some(2), "{key}: {n} accepted");
            let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
            assert_eq!(doc["reports"][0]["error"]["line"], line, "{key}");
        }
    }
    // The largest exact one is a number like any other.
    let path = write(
        dir.path(),
        "edge.yaml",
        format!("facility: {{id: t, level: town_station}}\nfloor_area_m2: {exact}\n"),
    );
    assert_eq!(run(&["check", path.to_str().unwrap()]).code, Some(1));
}

#[test]
fn thresholds_that_overflow_or_scale_by_no_capacity_name_are_refused_by_standards_check() {
    let dir = tmp();
    for min in [
        "1e308",
        "{per: children_served, rate: 1e308}",
        "{per: children_served, table: [{upto: 100, min: 1e300}, {min: 4}]}",
        "{per: \"children served\\nforged\", rate: 1}",
    ] {
        let st = variant(
            dir.path(),
            &format!(
                "levels:\n  town_station:\n    - id: floor_area\n      clause: 第一条\n      \
                 text: {{zh: 面积, en: area}}\n      min: {min}\n"
            ),
        );
        let r = run(&["standards", "check", st.to_str().unwrap()]);
        assert_eq!(r.code, Some(2), "min: {min} accepted:\n{}", r.stdout);
        assert!(r.stderr.contains("floor_area"), "{}", r.stderr);
    }
    // An ordinary scaled threshold is fine.
    let st = variant(
        dir.path(),
        "levels:\n  town_station:\n    - id: floor_area\n      clause: 第一条\n      \
         text: {zh: 面积, en: area}\n      min: {per: children_served, rate: 0.25}\n",
    );
    assert_eq!(
        run(&["standards", "check", st.to_str().unwrap()]).code,
        Some(0)
    );
}

// ---------------------------------------------------------------------------------------------
// A batch of large files.

#[test]
fn a_batch_of_large_files_is_checked_in_chunks_bounded_by_bytes() {
    let dir = tmp();
    // 12 files of 16 MB: a chunk of them all would hold each text, its long name and its
    // report at once (over 600 MB).
    let name = "名".repeat(16 * 1024 * 1024 / 3);
    let yaml = format!(
        "facility:\n  id: big\n  level: town_station\n  name: \"{name}\"\nfloor_area_m2: 40\n"
    );
    let files: Vec<String> = (0..12)
        .map(|i| {
            let p = write(dir.path(), &format!("big-{i:02}.yaml"), &yaml);
            p.to_str().unwrap().to_owned()
        })
        .collect();
    let out = dir.path().join("report.json");
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend(files.iter().map(String::as_str));
    let r = run(&args);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(report["reports"].as_array().unwrap().len(), 12);
}

#[test]
fn a_run_of_several_chunks_writes_each_report_once_in_input_order_with_its_own_verdict() {
    // 700 files are three chunks of at most 256: each chunk is checked while the one before is
    // written. Compliant, short and broken files in turn, so that a report written under
    // another file's name, twice, or out of order shows.
    let dir = tmp();
    let compliant = std::fs::read_to_string("samples/town-station-compliant.yaml").unwrap();
    let short = std::fs::read_to_string("samples/town-station-short.yaml").unwrap();
    let mut expected = Vec::new();
    for i in 0..700 {
        let name = format!("f{i:04}.yaml");
        let (text, status) = match i % 3 {
            0 => (
                compliant.replacen("id: zhangcun-ts", &format!("id: c-{i}"), 1),
                "compliant",
            ),
            1 => (
                short.replacen("id: qiaotou-ts", &format!("id: s-{i}"), 1),
                "non_compliant",
            ),
            _ => ("facility: [unclosed\n".to_owned(), "error"),
        };
        write(dir.path(), &name, text);
        expected.push((
            format!("{}/{name}", dir.path().display()),
            status.to_owned(),
        ));
    }
    let r = run(&[
        "check",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
        "--date",
        "2026-11-29",
    ]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let got: Vec<(String, String)> = doc["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["source"].as_str().unwrap().to_owned(),
                x["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    assert_eq!(doc["summary"]["total"], 700);
    // One report a line, as streamed.
    assert_eq!(r.stdout.matches("\n{\"source\":").count(), 700);
}

#[test]
fn an_8_mb_line_is_never_printed_whole_in_any_format() {
    let dir = tmp();
    // Minified JSON: the whole inventory, and the problem in it, on one line.
    let path = write(
        dir.path(),
        "one-line.json",
        format!(
            "{{\"facility\": {{\"id\": \"t\", \"level\": \"town_station\"}}, \
             \"floor_area_m2\": \"abc\", \"x\": \"{}\"}}",
            "z".repeat(8_000_000)
        ),
    );
    for format in ["human", "json", "sarif", "junit", "html", "markdown"] {
        let r = run(&["check", path.to_str().unwrap(), "--format", format]);
        assert_eq!(r.code, Some(2), "{format}");
        for (what, out) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
            assert!(out.len() < 100_000, "{format} {what}: {} bytes", out.len());
        }
    }
}

#[test]
fn a_hostile_standards_names_cannot_forge_lines_of_standards_show() {
    let dir = tmp();
    let st = hostile_standard(dir.path());
    for lang in ["en", "zh"] {
        let r = run(&["standards", "show", st.to_str().unwrap(), "--lang", lang]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert!(r.stdout.contains("forged"), "the names are there");
        for l in r.stdout.lines() {
            assert!(
                !l.starts_with("forged") && !l.starts_with('✔'),
                "a forged line: {l}"
            );
        }
        if let Some(c) = r.stdout.chars().find(|&c| unsafe_char(c)) {
            panic!("standards show passes {c:?} raw");
        }
    }
}
