//! Standards as living data, end to end: `sitecheck standards list|show|check|test`, the
//! committed JSON Schemas, local variants (the second district's standard), editions, waivers
//! and the audit record. Fixtures are named after the behaviour they show
//! (tests/fixtures/standards/, tests/fixtures/waivers/, tests/fixtures/second-district/).

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::Value;
use sha2::{Digest, Sha256};
use sitecheck::model::standard::Standard;
use sitecheck::source::SourceText;

use crate::util::{DATE, finding, json_of, output, sitecheck};

const SECOND: &str = "standards/examples/second-district.yaml";
const WAIVED: &str = "tests/fixtures/waivers/town-station-28.yaml";
const HOME_OK: &str = "tests/fixtures/waivers/childrens-home-ok.yaml";

/// Runs sitecheck: (exit code, stdout, stderr with diagnostic messages unwrapped).
fn run(args: &[&str]) -> (i32, String, String) {
    let (code, out, err) = output(sitecheck().args(args));
    (code, out, err.replace("\n  │ ", " "))
}

fn json(args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["check", "--format", "json", "--date", DATE];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all);
    (code, json_of(&out, &err), err)
}

fn sha256_of(path: &str) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Sha256::digest(&bytes)
        .iter()
        .fold(String::new(), |mut s, b| {
            use std::fmt::Write as _;
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn load(path: &str) -> Arc<Standard> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    sitecheck::registry::load_text(SourceText::new(path, text), &|_| None)
        .unwrap_or_else(|(_, ps)| panic!("{path}: {ps:?}"))
}

// ---- standards list / show ----

#[test]
fn list_names_each_builtin_edition_and_when_it_is_in_force() {
    let (code, out, _) = run(&["standards", "list"]);
    assert_eq!(code, 0);
    let row = out
        .lines()
        .find(|l| l.starts_with("huancui "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        row.contains("2021-trial") && row.contains("always"),
        "{row}"
    );
    let (code, zh, _) = run(&["standards", "list", "--lang", "zh"]);
    assert_eq!(code, 0);
    assert!(zh.contains("不限") && zh.contains("环翠区"), "{zh}");
}

#[test]
fn show_prints_every_requirement_with_its_article_in_either_language() {
    let standard =
        sitecheck::registry::find_builtin("huancui", None).unwrap_or_else(|p| panic!("{p:?}"));
    for lang in ["en", "zh"] {
        let (code, out, _) = run(&["standards", "show", "huancui@2021-trial", "--lang", lang]);
        assert_eq!(code, 0);
        for (_, r) in standard.all_requirements() {
            let line = out
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{} · ", r.id)))
                .unwrap_or_else(|| panic!("{} missing from show:\n{out}", r.id));
            assert!(line.contains("standards/huancui-2021.yaml:"), "{line}");
        }
        assert!(out.contains("第九条(五)") && out.contains("第十七条(三)"));
    }
    let (_, zh, _) = run(&["standards", "show", "huancui", "--lang", "zh"]);
    assert!(zh.contains("建筑面积：≥ 200 平方米 — 一般应"), "{zh}");
    let (_, en, _) = run(&["standards", "show", "huancui", "--lang", "en"]);
    assert!(
        en.contains("floor area: ≥ 200 m² — generally shall (error, waivable)"),
        "{en}"
    );
}

#[test]
fn show_of_a_variant_prints_the_resolved_result_and_where_each_requirement_comes_from() {
    let (code, out, err) = run(&["standards", "show", SECOND]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("extends: huancui@2021-trial"), "{out}");
    // Overridden: the variant's article and threshold, in the variant's file.
    assert!(out.contains("第三条 floor area: ≥ 250 m²"), "{out}");
    // Scaled thresholds in words.
    assert!(
        out.contains("by capacity.children_served: ≤ 300 → 30 m²; ≤ 1000 → 40 m²; larger → 60 m²"),
        "{out}"
    );
    assert!(
        out.contains("≥ 0.25 sets × capacity.children_served"),
        "{out}"
    );
    assert!(out.contains("0-3, 3-6, 6-12, 12-15, 15-18"), "{out}");
    // Inherited: Huancui's article and file.
    assert!(
        out.contains("第九条(五)") && out.contains("from huancui@2021-trial"),
        "{out}"
    );
    // Removed.
    assert!(!out.contains("service:legal_aid_support"), "{out}");
    // Added.
    assert!(
        out.contains("staff:psychological_counselor · standards/examples/second-district.yaml:"),
        "{out}"
    );
}

#[test]
fn show_of_an_unknown_standard_suggests_the_nearest_and_exits_2() {
    let (code, _, err) = run(&["standards", "show", "huancu"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown standard `huancu`") && err.contains("did you mean `huancui`"),
        "{err}"
    );
    let (code, _, err) = run(&["standards", "show", "huancui@2019"]);
    assert_eq!(code, 2);
    assert!(err.contains("has no edition `2019`"), "{err}");
}

// ---- standards check ----

/// `standards check FIXTURE`: exit 2, and each `(line, words)` reported at `FIXTURE:line:`.
fn invalid(fixture: &str, expected: &[(u32, &str)]) {
    let path = format!("tests/fixtures/standards/{fixture}");
    let (code, _, err) = run(&["standards", "check", &path]);
    assert_eq!(code, 2, "{err}");
    for (line, words) in expected {
        let at = format!("{path}:{line}:");
        assert!(
            err.split("  × ")
                .any(|b| b.contains(&at) && b.contains(words)),
            "nothing reported at {at} says `{words}`:\n{err}"
        );
    }
}

#[test]
fn check_reports_a_duplicate_requirement_id_at_its_line() {
    invalid(
        "duplicate-requirement-id.yaml",
        &[(
            12,
            "requirement id `zone:archive_room` repeats in level `district_center` (line 7)",
        )],
    );
}

#[test]
fn check_reports_an_alias_that_clashes_with_another_name() {
    invalid(
        "alias-clash.yaml",
        &[(
            8,
            "the name `儿童活动区` stands for both `activity_area` and `reading_area`",
        )],
    );
}

#[test]
fn a_clash_within_one_file_is_reported_at_the_later_spelling() {
    // The same alias, once half-width and once full-width (one name after normalising), given
    // to two items of one file: the later one is what to change.
    invalid(
        "alias-clash-in-one-file.yaml",
        &[(
            10,
            "the name `A型柜` stands for both `cabinet_a` and `cabinet_b`",
        )],
    );
}

#[test]
fn check_reports_an_extends_that_does_not_resolve() {
    invalid(
        "extends-unresolved.yaml",
        &[(4, "`extends: huancu` does not resolve")],
    );
    let (_, _, err) = run(&[
        "standards",
        "check",
        "tests/fixtures/standards/extends-unresolved.yaml",
    ]);
    assert!(err.contains("did you mean `huancui`"), "{err}");
}

#[test]
fn check_reports_the_problems_of_a_base_file_at_extends_naming_the_base_line() {
    invalid(
        "extends-broken-base.yaml",
        &[(
            5,
            "tests/fixtures/standards/duplicate-requirement-id.yaml:12:11: requirement id `zone:archive_room` repeats",
        )],
    );
}

#[test]
fn check_reports_an_extends_loop_instead_of_following_it() {
    invalid(
        "extends-cycle-a.yaml",
        &[(
            5,
            "the extends chain loops: extends-cycle-a.yaml → extends-cycle-b.yaml",
        )],
    );
}

#[test]
fn check_reports_a_threshold_of_the_wrong_type_with_every_other_problem() {
    invalid(
        "threshold-wrong-type.yaml",
        &[
            (9, "the threshold has the wrong type"),
            (16, "`reading_room` is not in vocabulary.zones"),
        ],
    );
}

#[test]
fn check_reports_unknown_zone_and_item_ids() {
    invalid(
        "unknown-zone-id.yaml",
        &[
            (13, "`reading_room` is not in vocabulary.zones"),
            (21, "`beanbag` is not in vocabulary.items"),
        ],
    );
}

#[test]
fn check_reports_a_case_whose_inventory_or_expectation_is_wrong_at_its_line() {
    invalid(
        "case-invalid-inventory.yaml",
        &[
            (15, "case `typo-in-zone`: unknown zone `admin_office`"),
            (11, "the standard has no requirement `floor_aera`"),
        ],
    );
}

#[test]
fn check_accepts_the_shipped_standard_and_the_second_district_variant() {
    for path in ["standards/huancui-2021.yaml", SECOND] {
        let (code, out, err) = run(&["standards", "check", path]);
        assert_eq!(code, 0, "{path}: {err}");
        assert!(out.contains("valid"), "{out}");
    }
}

// ---- standards test ----

#[test]
fn test_passes_on_the_shipped_standard() {
    for target in ["standards/huancui-2021.yaml", "huancui"] {
        let (code, out, err) = run(&["standards", "test", target]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains(" 0 fail, 0 invalid"), "{out}");
        assert!(!out.contains("✘"), "{out}");
    }
}

#[test]
fn test_passes_on_the_second_district_variant() {
    let (code, out, err) = run(&["standards", "test", SECOND]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("12 cases, 12 hold"), "{out}");
}

#[test]
fn test_exits_1_and_says_how_a_case_fails() {
    let path = "tests/fixtures/standards/case-fails.yaml";
    let (code, out, _) = run(&["standards", "test", path]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("✔ holds-short-floor-area"), "{out}");
    assert!(
        out.contains(&format!("✘ claims-240-complies ({path}:19)")),
        "{out}"
    );
    assert!(
        out.contains("the verdict must be compliant, it is non_compliant"),
        "{out}"
    );
    assert!(out.contains("unexpected: 第七条"), "{out}");
}

#[test]
fn test_exits_2_on_an_invalid_case_or_standard() {
    let (code, out, err) = run(&[
        "standards",
        "test",
        "tests/fixtures/standards/case-invalid-inventory.yaml",
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("case-invalid-inventory.yaml:15:"), "{err}");
    let (code, _, _) = run(&[
        "standards",
        "test",
        "tests/fixtures/standards/duplicate-requirement-id.yaml",
    ]);
    assert_eq!(code, 2);
}

/// The shipped standard carries, for each level, a compliant baseline, and for each article
/// that can fail (every strength but 可), a case that fails it.
#[test]
fn the_shipped_cases_cover_every_article_and_a_baseline_per_level() {
    let standard = sitecheck::registry::find_in(
        sitecheck::registry::builtin_from_yaml(),
        "huancui@2021-trial",
        None,
    )
    .unwrap_or_else(|p| panic!("{p:?}"));
    let results = sitecheck::check::cases::run(&standard);
    let mut failed: BTreeSet<(String, String)> = BTreeSet::new();
    let mut baselines: BTreeSet<String> = BTreeSet::new();
    for (case, result) in standard.cases.iter().zip(&results) {
        assert!(
            matches!(result.outcome, sitecheck::check::cases::CaseOutcome::Holds),
            "{}: {:?}",
            case.name,
            result.outcome
        );
        let level: Value = serde_json::from_str(&case.inventory.text).unwrap_or_default();
        let level = level["facility"]["level"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let level = standard
            .vocabulary
            .levels
            .resolve(&level)
            .map_or(level, |t| t.id.clone());
        if case.expect == "compliant"
            && case.failing.as_ref().is_some_and(Vec::is_empty)
            && case.fails.is_none()
        {
            baselines.insert(level.clone());
        }
        for (c, _) in case.failing.iter().flatten() {
            failed.insert((level.clone(), c.clone()));
        }
        for (id, _) in case.fails.iter().flatten() {
            if let Some(r) = standard
                .level(&level)
                .and_then(|l| l.requirements.iter().find(|r| r.id == *id))
            {
                failed.insert((level.clone(), r.clause.clone()));
            }
        }
    }
    for level in &standard.levels {
        assert!(
            baselines.contains(&level.id),
            "no compliant baseline for {}",
            level.id
        );
        for r in level.requirements.iter().filter(|r| r.strength != "may") {
            assert!(
                failed.contains(&(level.id.clone(), r.clause.clone())),
                "no case fails {} {} ({})",
                level.id,
                r.clause,
                r.id
            );
        }
    }
}

// ---- schemas ----

#[test]
fn the_committed_schemas_are_the_generated_ones() {
    for kind in ["inventory", "standard"] {
        let (code, generated, _) = run(&["schema", kind]);
        assert_eq!(code, 0);
        let path = format!("schemas/{kind}.schema.json");
        let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(
            committed == generated,
            "{path} is out of date: run `sitecheck schema {kind} > {path}`"
        );
    }
}

#[test]
fn samples_and_standards_point_editors_at_the_committed_schemas() {
    let mut files: Vec<(String, &str)> = Vec::new();
    for entry in std::fs::read_dir("samples").into_iter().flatten().flatten() {
        let p = entry.path().display().to_string();
        if entry.path().extension().is_some_and(|e| e == "yaml") {
            let schema = if p.ends_with("roster.yaml") {
                "# yaml-language-server: $schema=../schemas/roster.schema.json"
            } else {
                "# yaml-language-server: $schema=../schemas/inventory.schema.json"
            };
            files.push((p, schema));
        }
    }
    files.push((
        "standards/huancui-2021.yaml".into(),
        "# yaml-language-server: $schema=../schemas/standard.schema.json",
    ));
    files.push((
        SECOND.into(),
        "# yaml-language-server: $schema=../../schemas/standard.schema.json",
    ));
    assert!(files.len() > 3);
    for (path, first) in files {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(text.lines().next(), Some(first), "{path}");
    }
}

// ---- variants: the second district ----

#[test]
fn a_variant_checks_with_its_own_thresholds_and_cites_the_standard_each_finding_comes_from() {
    let (code, doc, err) = json(&["--standard", SECOND, "tests/fixtures/second-district/"]);
    assert_eq!(code, 1, "{err}");
    let reports = doc["reports"].as_array().unwrap_or_else(|| panic!("{doc}"));
    let by_id = |id: &str| {
        reports
            .iter()
            .find(|r| r["facility"]["id"] == id)
            .unwrap_or_else(|| panic!("no report {id}"))
    };
    for r in reports {
        assert_eq!(
            r["standard"],
            serde_json::json!({"id": "second-district", "version": "2026"})
        );
    }

    // District center: 240 m² passes Huancui's 200 but not the variant's 250 (its 第三条).
    let dc = by_id("sd-dc");
    assert_eq!(dc["status"], "non_compliant");
    let area = finding(dc, "floor_area");
    assert_eq!(
        (
            area["clause"].as_str(),
            area["status"].as_str(),
            &area["expected"]
        ),
        (Some("第三条"), Some("fail"), &serde_json::json!(250))
    );
    assert!(
        area.get("standard").is_none(),
        "the variant's own requirement names no other standard: {area}"
    );
    assert_eq!(area["standard_location"]["file"], SECOND);
    // An inherited requirement cites Huancui, in Huancui's file.
    let wall = finding(dc, "equipment:case_work_room:wall_display");
    assert_eq!(
        (wall["clause"].as_str(), wall["standard"].as_str()),
        (Some("第九条(三)"), Some("huancui@2021-trial"))
    );
    assert_eq!(
        wall["standard_location"]["file"],
        "standards/huancui-2021.yaml"
    );
    // Added and removed requirements.
    assert_eq!(
        finding(dc, "staff:psychological_counselor")["status"],
        "pass"
    );
    assert!(dc["findings"].as_array().is_some_and(|fs| {
        fs.iter()
            .all(|f| f["requirement"] != "service:legal_aid_support")
    }));

    // Town station: a size-class table on children_served (1200 → 60 m²).
    let ts = by_id("sd-ts");
    let area = finding(ts, "floor_area");
    assert_eq!(
        (
            area["status"].as_str(),
            &area["expected"],
            area["clause"].as_str()
        ),
        (Some("fail"), &serde_json::json!(60), Some("第五条"))
    );

    // Children's home: a per-unit rate (48 children × 0.25 = 12 sets), five bands, an alias.
    let ch = by_id("sd-ch");
    assert_eq!(ch["status"], "compliant");
    assert_eq!(
        finding(ch, "equipment:activity_area:child_table_chair_set")["expected"],
        12
    );
    assert_eq!(
        finding(ch, "age_bands")["expected"],
        serde_json::json!(["0-3", "3-6", "6-12", "12-15", "15-18"])
    );
}

#[test]
fn a_scaled_threshold_without_its_capacity_is_not_assessed() {
    let inventory = "facility: {id: ts, level: town_station}\nfloor_area_m2: 80\n";
    let out = sitecheck()
        .args([
            "check",
            "--format",
            "json",
            "--date",
            DATE,
            "--standard",
            SECOND,
            "-",
        ])
        .write_stdin(inventory)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let area = finding(&doc["reports"][0], "floor_area");
    assert_eq!(area["status"], "not_assessed");
    assert!(
        area["message"]
            .as_str()
            .is_some_and(|m| m.contains("children_served")),
        "{area}"
    );
    assert_eq!(doc["reports"][0]["status"], "incomplete");
}

#[test]
fn the_same_inventory_gets_huancui_s_verdict_without_the_variant() {
    let (code, doc, _) = json(&["tests/fixtures/second-district/district-center-240.yaml"]);
    assert_eq!(
        code, 2,
        "the psychological counsellor is not in Huancui's vocabulary"
    );
    assert!(
        doc["reports"][0]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("psychological_counselor")),
        "{doc}"
    );
}

// ---- editions ----

#[test]
fn the_edition_in_force_on_a_date_is_chosen_unless_a_version_is_named() {
    let all = [
        load("tests/fixtures/standards/editions/edition-2026.yaml"),
        load("tests/fixtures/standards/editions/edition-2021.yaml"),
    ];
    let pick = |spec: &str, date: Option<&str>| {
        sitecheck::registry::find_in(&all, spec, date).map_or_else(
            |p| format!("error: {}", p.message.en),
            |s| s.version.clone(),
        )
    };
    assert_eq!(pick("edtest", Some("2026-06-30")), "2021");
    assert_eq!(pick("edtest", Some("2026-07-01")), "2026");
    assert_eq!(pick("edtest", Some("2030-01-01")), "2026");
    assert_eq!(pick("edtest", None), "2026", "without a date, the latest");
    assert_eq!(
        pick("edtest@2021", Some("2030-01-01")),
        "2021",
        "a named version wins over the date"
    );
    assert_eq!(
        pick("edtest@2025", None),
        "error: standard `edtest` has no edition `2025`"
    );
    assert_eq!(pick("edtes", None), "error: unknown standard `edtes`");
}

#[test]
fn the_report_names_the_edition_used() {
    let (code, doc, _) = json(&[WAIVED]);
    assert_eq!(code, 1);
    assert_eq!(
        doc["reports"][0]["standard"],
        serde_json::json!({"id": "huancui", "version": "2021-trial"})
    );
    for spec in ["huancui", "huancui@2021-trial"] {
        let (code, doc, _) = json(&["--standard", spec, WAIVED]);
        assert_eq!(code, 1);
        assert_eq!(doc["reports"][0]["standard"]["version"], "2021-trial");
    }
    let (code, _, err) = run(&["check", "--standard", "huancui@2030", WAIVED]);
    assert_eq!(code, 2);
    assert!(
        err.contains("has no edition `2030`") && err.contains("2021-trial"),
        "{err}"
    );
}

// ---- waivers ----

fn waivers(file: &str) -> (i32, Value, String) {
    json(&[
        WAIVED,
        HOME_OK,
        "--waivers",
        &format!("tests/fixtures/waivers/{file}"),
    ])
}

#[test]
fn a_matching_unexpired_waiver_turns_a_fail_into_waived_with_its_reason_and_approver() {
    let (code, doc, err) = waivers("valid.yaml");
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "nothing to warn about: {err}");
    let ts = &doc["reports"][0];
    assert_eq!(ts["status"], "compliant");
    let area = finding(ts, "floor_area");
    assert_eq!(area["status"], "waived");
    assert_eq!(
        area["waiver"]["reason"],
        "租用村委会用房, 面积由区民政局核定"
    );
    assert_eq!(area["waiver"]["approver"], "环翠区民政局");
    assert_eq!(area["waiver"]["evidence"], "环民发〔2026〕12号");
    assert_eq!(area["waiver"]["expiring_soon"], false);
}

#[test]
fn a_waiver_is_shown_in_every_format() {
    for format in ["human", "json", "markdown", "html", "sarif", "junit"] {
        let (code, out, _) = run(&[
            "check",
            WAIVED,
            "--waivers",
            "tests/fixtures/waivers/valid.yaml",
            "--date",
            DATE,
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{format}");
        assert!(
            out.contains("环翠区民政局"),
            "{format}: no approver:\n{out}"
        );
        assert!(
            out.contains("租用村委会用房"),
            "{format}: no reason:\n{out}"
        );
    }
}

#[test]
fn a_waiver_expiring_within_30_days_still_waives_and_is_warned_about() {
    let (code, doc, err) = waivers("expiring.yaml");
    assert_eq!(code, 0);
    let area = finding(&doc["reports"][0], "floor_area");
    assert_eq!(
        (area["status"].as_str(), &area["waiver"]["expiring_soon"]),
        (Some("waived"), &Value::Bool(true))
    );
    assert!(
        err.contains("expires on 2026-12-15 (16 days left)") && err.contains("expiring.yaml:8:"),
        "{err}"
    );
    let (_, human, _) = run(&[
        "check",
        WAIVED,
        "--waivers",
        "tests/fixtures/waivers/expiring.yaml",
        "--date",
        DATE,
    ]);
    assert!(human.contains("expires within 30 days"), "{human}");
}

#[test]
fn an_expired_waiver_does_not_waive_and_says_so() {
    let (code, doc, err) = waivers("expired.yaml");
    assert_eq!(code, 1);
    let area = finding(&doc["reports"][0], "floor_area");
    assert_eq!(
        (area["status"].as_str(), &area["waiver_expired"]),
        (Some("fail"), &Value::Bool(true))
    );
    assert!(
        err.contains("expired on 2026-06-30") && err.contains("expired.yaml:8:"),
        "{err}"
    );
    let (_, human, _) = run(&[
        "check",
        WAIVED,
        "--waivers",
        "tests/fixtures/waivers/expired.yaml",
        "--date",
        DATE,
    ]);
    assert!(human.contains("the waiver has expired"), "{human}");
    // On a date it was valid, the same file waives.
    let (code, _, _) = run(&[
        "check",
        WAIVED,
        "--waivers",
        "tests/fixtures/waivers/expired.yaml",
        "--date",
        "2026-06-30",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn a_waiver_that_matches_nothing_is_reported_as_stale() {
    let (code, _, err) = waivers("stale.yaml");
    assert_eq!(code, 0, "stale waivers are warnings: {err}");
    assert!(
        err.contains("is stale") && err.contains("stale.yaml:4:"),
        "{err}"
    );
    assert!(
        err.contains("already waived on line 10") && err.contains("stale.yaml:16:"),
        "{err}"
    );
}

#[test]
fn a_waiver_of_a_mandatory_requirement_is_refused_with_its_line() {
    let (code, _, err) = waivers("mandatory.yaml");
    assert_eq!(code, 2);
    assert!(
        err.contains("`staff:child_welfare_supervisor` (第十二条, shall) cannot be waived"),
        "{err}"
    );
    // The located error shows the waiver file's line.
    assert!(
        err.contains("mandatory.yaml:4:18")
            && err.contains("requirement: staff:child_welfare_supervisor"),
        "{err}"
    );
    let (code, _, err) = waivers("unknown-facility.yaml");
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown-facility.yaml:3:") && err.contains("did you mean `ts-28`"),
        "{err}"
    );
}

// ---- the audit record and two-ended locations ----

#[test]
fn the_json_report_carries_an_audit_record() {
    let (_, doc, _) = waivers("valid.yaml");
    let audit = &doc["audit"];
    assert_eq!(audit["tool"], "sitecheck");
    assert_eq!(audit["tool_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(audit["evaluation_date"], DATE);
    // Each input's SHA-256 is in its own report (the audit record stays small however many).
    let digests: Vec<(&str, &str)> = doc["reports"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    (
                        r["source"].as_str().unwrap_or(""),
                        r["sha256"].as_str().unwrap_or(""),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        digests,
        vec![
            (WAIVED, sha256_of(WAIVED).as_str()),
            (HOME_OK, sha256_of(HOME_OK).as_str())
        ]
    );
    assert_eq!(
        audit["waivers"]["sha256"],
        sha256_of("tests/fixtures/waivers/valid.yaml")
    );
    assert_eq!(
        audit["standards"],
        serde_json::json!([{"id": "huancui", "version": "2021-trial", "effective": null, "extends": null, "source": "standards/huancui-2021.yaml", "sha256": sha256_of("standards/huancui-2021.yaml")}])
    );
    // A variant lists itself and its base.
    let (_, doc, _) = json(&[
        "--standard",
        SECOND,
        "tests/fixtures/second-district/town-station-1200-children.yaml",
    ]);
    let used: Vec<(&str, &str)> = doc["audit"]["standards"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s["id"].as_str().unwrap_or(""),
                s["sha256"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let (huancui, second) = (sha256_of("standards/huancui-2021.yaml"), sha256_of(SECOND));
    assert_eq!(
        used,
        vec![
            ("huancui", huancui.as_str()),
            ("second-district", second.as_str())
        ]
    );
}

#[test]
fn reports_are_byte_identical_for_the_same_inputs_and_date() {
    let args = [
        "check",
        WAIVED,
        HOME_OK,
        "--waivers",
        "tests/fixtures/waivers/expiring.yaml",
        "--date",
        DATE,
        "--format",
        "json",
    ];
    let (_, a, _) = run(&args);
    let (_, b, _) = run(&args);
    assert_eq!(a, b);
}

#[test]
fn a_finding_points_at_the_inventory_line_and_at_the_requirement_line_in_the_standard() {
    let (_, human, _) = run(&["check", WAIVED, "--date", DATE, "--explain"]);
    assert!(human.contains("town-station-28.yaml:4:16"), "{human}");
    assert!(human.contains("☞ required by 第十一条"), "{human}");
    let (_, doc, _) = json(&[WAIVED]);
    let at = &finding(&doc["reports"][0], "floor_area")["standard_location"];
    assert_eq!(at["file"], "standards/huancui-2021.yaml");
    let line = usize::try_from(at["line"].as_u64().unwrap_or(0)).unwrap_or(0);
    let text = std::fs::read_to_string("standards/huancui-2021.yaml").unwrap_or_default();
    assert_eq!(
        text.lines().nth(line - 1).map(str::trim),
        Some("- id: floor_area")
    );
    assert!(
        text.lines()
            .nth(line)
            .is_some_and(|l| l.contains("第十一条"))
    );
    assert!(
        human.contains(&format!("standards/huancui-2021.yaml:{line}:")),
        "{human}"
    );
}

#[test]
fn every_standards_command_shows_an_example_in_its_help() {
    for cmd in [
        vec!["standards"],
        vec!["standards", "list"],
        vec!["standards", "show"],
        vec!["standards", "check"],
        vec!["standards", "test"],
    ] {
        let mut args = cmd.clone();
        args.push("--help");
        let (code, out, _) = run(&args);
        assert_eq!(code, 0);
        assert!(
            out.contains("Examples:\n  sitecheck standards"),
            "{cmd:?}: {out}"
        );
    }
}

#[test]
fn the_precompiled_builtin_standards_equal_their_yaml() {
    let fast = sitecheck::registry::builtin_precompiled();
    let slow = sitecheck::registry::builtin_from_yaml();
    assert_eq!(fast.len(), slow.len(), "a built-in standard failed to load");
    assert!(!fast.is_empty());
    for (f, s) in fast.iter().zip(slow) {
        assert_eq!(
            (&f.id, &f.version, &f.effective),
            (&s.id, &s.version, &s.effective)
        );
        assert_eq!(f.vocabulary, s.vocabulary);
        assert_eq!(
            f.levels, s.levels,
            "requirements, clauses and their locations in the YAML"
        );
        assert_eq!(f.strengths, s.strengths);
        assert!(f.cases.is_empty(), "checking needs no example cases");
        assert_eq!(f.source.text, s.source.text);
        // The file's text is the binary's own, not copied on every start.
        assert!(matches!(f.source.text, std::borrow::Cow::Borrowed(_)));
    }
}

#[test]
fn the_label_and_digest_written_at_build_time_are_those_of_the_standard_file() {
    // `--version` names the built-in standards and every report's audit record gives the
    // SHA-256 of the file it used; both are written at build time, and must be the file's own.
    let loaded = sitecheck::registry::builtin_from_yaml();
    assert_eq!(loaded.len(), sitecheck::registry::BUILTINS.len());
    let (code, version, _) = run(&["--version"]);
    assert_eq!(code, 0);
    let fast = sitecheck::registry::builtin_precompiled();
    assert_eq!(fast.len(), loaded.len());
    for ((b, s), f) in sitecheck::registry::BUILTINS.iter().zip(loaded).zip(&fast) {
        assert_eq!(b.label, s.label());
        assert!(version.contains(&s.label()), "{version}");
        let hashed_now = sitecheck::source::sha256_hex(&[b.yaml.as_bytes()]);
        assert_eq!(s.source.sha256(), hashed_now);
        assert_eq!(f.source.sha256(), hashed_now);
    }
}

#[test]
fn the_list_in_chinese_lines_up_by_display_width() {
    // A CJK character takes two terminal columns: the edition column starts at the same
    // display column on the heading and on each standard's line.
    let (code, out, err) = run(&["standards", "list", "--lang", "zh"]);
    assert_eq!(code, 0, "{err}");
    let col = |line: &str, word: &str| {
        line.find(word).map(|i| {
            line[..i]
                .chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<usize>()
        })
    };
    let lines: Vec<&str> = out.lines().collect();
    let heading = col(lines[0], "版本");
    let row = col(lines[1], "2021-trial");
    assert!(heading.is_some() && heading == row, "{out}");
}

#[test]
fn every_requirement_on_an_item_concerns_the_items_zone() {
    // What is "not checked" is looked up zone by zone: a requirement on an item must be found
    // under the item's zone, in every standard sitecheck ships and in the fixtures'.
    let mut standards: Vec<std::sync::Arc<sitecheck::model::standard::Standard>> =
        sitecheck::registry::builtin_from_yaml().to_vec();
    for entry in std::fs::read_dir("tests/fixtures/standards")
        .into_iter()
        .flatten()
        .flatten()
    {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let src = sitecheck::source::SourceText::new(entry.path().display().to_string(), text);
        if let Ok(s) = sitecheck::registry::load_text(src, &|_| None) {
            standards.push(s);
        }
    }
    let mut items = 0;
    for s in &standards {
        for (_, r) in s.all_requirements() {
            if let Some((zone, _)) = sitecheck::kinds::with(&r.check, |k| {
                k.item().map(|(z, i)| (z.to_owned(), i.to_owned()))
            }) {
                items += 1;
                assert_eq!(r.check.zone(), Some(zone.as_str()), "{}", r.id);
            }
        }
    }
    assert!(items > 10, "the standards name items");
}
