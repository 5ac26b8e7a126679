//! Re-inspection (复查, issue 16): `check --baseline EARLIER` marks every requirement of every
//! facility, matched by facility id and requirement id, as new, fixed, persisting, regressed
//! or unchanged; every format shows it; `--fail-on new` fails only on a required failure the
//! baseline did not have; a facility of the baseline missing now is listed as not resurveyed.
//!
//! The rounds here are the shipped samples: round 1 as shipped; round 2 with 桥头镇's floor
//! area raised to 34 m² (fixed: Art. 11 asks 30), 张村镇's lowered to 22 m² (new), the district
//! center not surveyed again; round 3, compared with round 2, with 桥头镇 back at 24 m²
//! (regressed: it failed, was fixed, fails again) and 张村镇 back at 42 m² (fixed).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{json_of, output, sarif_validator, sitecheck, tmp};

const SHORT: &str = "town-station-short.yaml";
const COMPLIANT: &str = "town-station-compliant.yaml";

fn copy_samples(to: &Path) {
    for entry in walk("samples") {
        let rel = entry
            .strip_prefix("samples")
            .unwrap_or_else(|e| panic!("{e}"));
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap_or(to)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::copy(&entry, &dest).unwrap_or_else(|e| panic!("{e}"));
    }
}

fn walk(dir: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![PathBuf::from(dir)];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d)
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
        {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Sets a sample's floor area (the line `floor_area_m2: N   # …`).
fn floor_area(dir: &Path, file: &str, m2: u32) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut done = false;
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("floor_area_m2:") {
                done = true;
                format!("floor_area_m2: {m2}")
            } else {
                l.to_owned()
            }
        })
        .collect();
    assert!(done, "no floor_area_m2 line in {file}");
    std::fs::write(&path, out.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
}

struct Rounds {
    _dir: tempfile::TempDir,
    round2: PathBuf,
    round3: PathBuf,
    report1: PathBuf,
    report2: PathBuf,
}

/// Round 1 and its report; round 2 as described above, and its report against round 1;
/// round 3's inputs.
fn rounds() -> Rounds {
    let dir = tmp();
    let round1 = dir.path().join("round1");
    copy_samples(&round1);
    let report1 = dir.path().join("r1.json");
    let (code, _, err) = output(sitecheck().args([
        "check",
        round1.to_str().unwrap_or_default(),
        "--format",
        "json",
        "--date",
        "2026-10-01",
        "--output",
        report1.to_str().unwrap_or_default(),
    ]));
    assert_eq!(code, 1, "{err}");
    let round2 = dir.path().join("round2");
    copy_samples(&round2);
    floor_area(&round2, SHORT, 34);
    floor_area(&round2, COMPLIANT, 22);
    std::fs::remove_file(round2.join("huancui-district-center.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let report2 = dir.path().join("r2.json");
    let (code, _, err) = output(sitecheck().args([
        "check",
        round2.to_str().unwrap_or_default(),
        "--baseline",
        report1.to_str().unwrap_or_default(),
        "--format",
        "json",
        "--omit-passes",
        "--date",
        "2026-12-01",
        "--output",
        report2.to_str().unwrap_or_default(),
    ]));
    assert_eq!(code, 1, "{err}");
    let round3 = dir.path().join("round3");
    copy_samples(&round3);
    std::fs::remove_file(round3.join("huancui-district-center.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    Rounds {
        _dir: dir,
        round2,
        round3,
        report1,
        report2,
    }
}

fn check(paths: &[&Path], baseline: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut cmd = sitecheck();
    cmd.arg("check");
    for p in paths {
        cmd.arg(p);
    }
    cmd.args(["--baseline"]).arg(baseline);
    cmd.args(["--date", "2026-12-01"]).args(extra);
    output(&mut cmd)
}

fn report<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["reports"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["facility"]["id"] == id))
        .unwrap_or_else(|| panic!("no report of {id}"))
}

fn state<'a>(r: &'a Value, requirement: &str) -> &'a Value {
    &r["findings"]
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["requirement"] == requirement))
        .unwrap_or_else(|| panic!("no finding {requirement} in {r}"))["baseline_state"]
}

#[test]
fn a_second_round_marks_what_was_fixed_what_is_new_and_what_persists() {
    let r = rounds();
    let text = std::fs::read_to_string(&r.report2).unwrap_or_else(|e| panic!("{e}"));
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let qiaotou = report(&doc, "qiaotou-ts");
    // A fix is kept in the report even with --omit-passes: it is news.
    assert_eq!(state(qiaotou, "floor_area"), "fixed");
    assert_eq!(
        state(qiaotou, "staff:child_welfare_supervisor"),
        "persisting"
    );
    assert_eq!(qiaotou["baseline"]["fixed"], 1);
    assert_eq!(qiaotou["baseline"]["new"], 0);
    assert_eq!(qiaotou["baseline"]["persisting"], 3);
    let zhangcun = report(&doc, "zhangcun-ts");
    assert_eq!(state(zhangcun, "floor_area"), "new");
    assert_eq!(zhangcun["baseline"]["new"], 1);
    let s = &doc["summary"]["baseline"];
    assert_eq!(s["fixed"], 1, "{s}");
    assert_eq!(s["new"], 1, "{s}");
    // 山后村's four required failures and 桥头镇's three remaining.
    assert_eq!(s["persisting"], 7, "{s}");
    assert_eq!(s["regressed"], 0, "{s}");
    assert_eq!(s["compared"], 5, "{s}");
    assert_eq!(s["not_resurveyed_count"], 1, "{s}");
    assert_eq!(s["not_resurveyed"][0]["facility"], "huancui-dc", "{s}");
}

#[test]
fn a_failure_back_after_its_fix_is_regressed() {
    let r = rounds();
    // Round 3 against round 2, whose report carries round 2's fix of 桥头镇's floor area.
    let (code, out, err) = check(&[&r.round3], &r.report2, &["--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let doc = json_of(&out, &err);
    assert_eq!(state(report(&doc, "qiaotou-ts"), "floor_area"), "regressed");
    assert_eq!(state(report(&doc, "zhangcun-ts"), "floor_area"), "fixed");
    let s = &doc["summary"]["baseline"];
    assert_eq!(
        (s["fixed"].as_u64(), s["regressed"].as_u64()),
        (Some(1), Some(1)),
        "{s}"
    );
    assert_eq!(s["new"], 0, "{s}");
}

#[test]
fn every_format_leads_with_the_counts_of_the_comparison() {
    let r = rounds();
    let zh = "已整改 1 项 · 新增问题 1 项 · 仍未整改 7 项";
    let en = "1 fixed · 1 new · 7 persisting";
    for format in ["human", "markdown", "html"] {
        for (lang, counts, facility) in [
            ("zh", zh, "已整改 1 项 · 新增问题 0 项 · 仍未整改 3 项"),
            ("en", en, "1 fixed · 0 new · 3 persisting"),
        ] {
            let (code, out, err) = check(
                &[&r.round2],
                &r.report1,
                &["--format", format, "--lang", lang],
            );
            assert_eq!(code, 1, "{format} {lang}: {err}");
            assert!(
                out.contains(counts),
                "{format} {lang}: no district counts in\n{out}"
            );
            assert!(
                out.contains(facility),
                "{format} {lang}: no facility counts in\n{out}"
            );
            let missing = lang_pick(lang, "未复查 1 处", "1 not surveyed again");
            assert!(out.contains(missing), "{format} {lang}: {out}");
            let tag = lang_pick(lang, "新增问题", "new");
            assert!(out.contains(tag), "{format} {lang}");
        }
    }
    // The terminal's one-line summary too (on stderr when the report goes to a file).
    let dir = tmp();
    let file = dir.path().join("r.md");
    let (_, _, err) = check(
        &[&r.round2],
        &r.report1,
        &[
            "--format",
            "markdown",
            "--lang",
            "zh",
            "--output",
            file.to_str().unwrap_or_default(),
        ],
    );
    assert!(err.contains(&format!("复查：{zh}")), "{err}");
}

fn lang_pick<'a>(lang: &str, zh: &'a str, en: &'a str) -> &'a str {
    if lang == "zh" { zh } else { en }
}

#[test]
fn junit_names_the_state_of_each_failure() {
    let r = rounds();
    let (_, out, err) = check(
        &[&r.round2],
        &r.report1,
        &["--format", "junit", "--lang", "zh"],
    );
    let report = quick_junit::Report::deserialize_from_str(&out)
        .unwrap_or_else(|e| panic!("{e}: {err}\n{out}"));
    let failure_of = |classname: &str, needle: &str| {
        report
            .test_suites
            .iter()
            .flat_map(|s| s.test_cases.iter())
            .filter(|c| {
                c.classname
                    .as_ref()
                    .is_some_and(|n| n.as_str() == classname)
            })
            .filter(|c| c.name.as_str().contains(needle))
            .find_map(|c| match &c.status {
                quick_junit::TestCaseStatus::NonSuccess { message, .. } => {
                    message.as_ref().map(|m| m.as_str().to_owned())
                }
                _ => None,
            })
            .unwrap_or_default()
    };
    assert!(
        failure_of("zhangcun-ts", "floor_area").contains("新增问题"),
        "{out}"
    );
    assert!(
        failure_of("qiaotou-ts", "child_welfare_supervisor").contains("仍未整改"),
        "{out}"
    );
}

#[test]
fn sarif_carries_its_own_baseline_state_and_validates() {
    let r = rounds();
    let (_, out, err) = check(&[&r.round2], &r.report1, &["--format", "sarif"]);
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = doc["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let of = |facility: &str, requirement: &str| {
        results
            .iter()
            .find(|r| {
                r["properties"]["facility"]["id"] == facility
                    && r["properties"]["requirement"] == requirement
            })
            .map_or_else(
                || panic!("no result {facility} {requirement}"),
                |r| (r["baselineState"].clone(), r["kind"].clone()),
            )
    };
    assert_eq!(of("zhangcun-ts", "floor_area").0, "new");
    assert_eq!(
        of("qiaotou-ts", "floor_area"),
        ("absent".into(), "pass".into())
    );
    let persisting = of("qiaotou-ts", "staff:child_welfare_supervisor").0;
    assert!(
        persisting == "unchanged" || persisting == "updated",
        "{persisting}"
    );
    // SARIF asks for the state on every result once one has it.
    assert!(results.iter().all(|r| r["baselineState"].is_string()));
}

#[test]
fn fail_on_new_fails_only_on_a_required_failure_the_baseline_did_not_have() {
    let r = rounds();
    // Round 2 has 张村镇's new floor-area failure: exit 1.
    let (code, _, err) = check(&[&r.round2], &r.report1, &["--fail-on", "new"]);
    assert_eq!(code, 1, "{err}");
    // 桥头镇 alone has only fixes and persisting failures: exit 0 though it is non-compliant.
    let (code, _, err) = check(&[&r.round2.join(SHORT)], &r.report1, &["--fail-on", "new"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = check(&[&r.round2.join(SHORT)], &r.report1, &[]);
    assert_eq!(
        code, 1,
        "without --fail-on new a non-compliant facility still fails"
    );
    // And JUnit agrees with the exit code: no <failure> for what the baseline had.
    let (_, out, _) = check(
        &[&r.round2.join(SHORT)],
        &r.report1,
        &["--fail-on", "new", "--format", "junit"],
    );
    assert!(!out.contains("<failure"), "{out}");
    // --fail-on new without a baseline is refused.
    let (code, _, err) = output(sitecheck().args(["check", "samples", "--fail-on", "new"]));
    assert_eq!(code, 2);
    assert!(err.contains("--baseline"), "{err}");
}

#[test]
fn a_baseline_folder_keeps_each_facilitys_latest_survey() {
    let r = rounds();
    let dir = tmp();
    std::fs::copy(&r.report1, dir.path().join("a.json")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir(dir.path().join("later")).unwrap_or_else(|e| panic!("{e}"));
    // Round 2 surveyed 桥头镇 later than round 1 did (the other surveys keep their dates, so
    // for them the file met first, round 1's, stays).
    let text2 = std::fs::read_to_string(&r.report2).unwrap_or_else(|e| panic!("{e}"));
    let later = text2.replace("\"date\":\"2026-09-18\"", "\"date\":\"2026-11-20\"");
    assert_ne!(later, text2, "round 2's report gives 桥头镇's survey date");
    std::fs::write(dir.path().join("later/b.json"), later).unwrap_or_else(|e| panic!("{e}"));
    let (_, out, err) = check(&[&r.round3], dir.path(), &["--format", "json"]);
    let doc = json_of(&out, &err);
    // Against round 2's survey (its floor area fixed) 24 m² again is a regression; against
    // round 1's it would be persisting.
    assert_eq!(state(report(&doc, "qiaotou-ts"), "floor_area"), "regressed");
    // The district center is only in round 1.
    let s = &doc["summary"]["baseline"];
    assert_eq!(s["not_resurveyed_count"], 1, "{s}");
    assert_eq!(s["compared"], 5, "{s}");
}

#[test]
fn a_baseline_that_is_not_a_sitecheck_report_is_a_located_error() {
    let dir = tmp();
    let other = crate::util::write(
        dir.path(),
        "other.json",
        "{\n  \"tool\": {\"name\": \"ajv\"},\n  \"reports\": []\n}\n",
    );
    let (code, _, err) = output(
        sitecheck()
            .args(["check", "samples", "--baseline"])
            .arg(&other),
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("not-a-report") || err.contains("not a sitecheck"),
        "{err}"
    );
    let broken = crate::util::write(dir.path(), "broken.json", "{\n  \"reports\": [1,\n");
    let (code, _, err) = output(
        sitecheck()
            .args(["check", "samples", "--lang", "zh", "--baseline"])
            .arg(&broken),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("broken.json:2"), "the line is named: {err}");
    assert!(err.contains("不是 sitecheck 的 JSON 报告"), "{err}");
}

#[test]
fn a_baseline_of_another_edition_is_compared_by_requirement_id_and_says_so() {
    let r = rounds();
    let text = std::fs::read_to_string(&r.report1).unwrap_or_else(|e| panic!("{e}"));
    let older = text.replace("\"version\":\"2021-trial\"", "\"version\":\"2019\"");
    assert_ne!(older, text, "the report names its standard's version");
    let dir = tmp();
    let file = crate::util::write(dir.path(), "older.json", older);
    let (_, out, err) = check(&[&r.round2], &file, &["--format", "json"]);
    let doc = json_of(&out, &err);
    assert_eq!(
        report(&doc, "qiaotou-ts")["baseline"]["other_edition"],
        "huancui@2019"
    );
    assert_eq!(state(report(&doc, "qiaotou-ts"), "floor_area"), "fixed");
    assert_eq!(
        doc["summary"]["baseline"]["other_editions"][0],
        "huancui@2019"
    );
    let (_, out, _) = check(&[&r.round2], &file, &["--lang", "zh"]);
    assert!(out.contains("标准版本不同"), "{out}");
}

#[test]
fn an_order_on_what_the_baseline_saw_fail_and_now_passes_is_done_not_stale() {
    let r = rounds();
    // Orders drafted from round 1's report, the responsible units filled in.
    let dir = tmp();
    let orders = dir.path().join("orders.yaml");
    let (code, _, err) = output(
        sitecheck()
            .args(["orders", "draft"])
            .arg(&r.report1)
            .args(["--deadline", "2027-03-31", "--output"])
            .arg(&orders),
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&orders).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        &orders,
        text.replace("responsible: \"\"", "responsible: \"桥头镇人民政府\""),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Round 2's surveys keep round 1's dates (before the orders were issued): only the baseline
    // tells that 桥头镇's floor area failed and was fixed since.
    let (_, out, err) = check(
        &[&r.round2],
        &r.report1,
        &[
            "--orders",
            orders.to_str().unwrap_or_default(),
            "--format",
            "json",
        ],
    );
    let doc = json_of(&out, &err);
    let floor = report(&doc, "qiaotou-ts")["findings"]
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["requirement"] == "floor_area"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(floor["baseline_state"], "fixed");
    assert_eq!(floor["order"]["state"], "done", "{floor}");
    assert!(!err.contains("order-stale"), "{err}");
}
