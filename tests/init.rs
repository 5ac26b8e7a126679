//! `sitecheck init`: the survey template of every level round-trips through `check` — left
//! untouched it is `incomplete` (exit 1, no error); filled with the minimums the template's own
//! model names, it is `compliant`. Levels by id or Chinese name; comments name the article and
//! the required count; the schema line; --output.

// A test fails by panicking.
#![allow(clippy::panic)]

use std::path::Path;

use serde_json::{Value, json};
use sitecheck::form::template::{self, RowKind};

use crate::util::{DATE, json_of, output, sitecheck, tmp};

fn init(args: &[&str]) -> (i32, String, String) {
    output(sitecheck().arg("init").args(args))
}

/// Checks a file: (exit code, its report).
fn check(path: &Path, extra: &[&str]) -> (i32, Value) {
    let (code, out, err) = output(
        sitecheck()
            .arg("check")
            .arg(path)
            .args(["--format", "json", "--date", DATE])
            .args(extra),
    );
    (code, json_of(&out, &err)["reports"][0].clone())
}

const LEVELS: [&str; 3] = ["district_center", "town_station", "childrens_home"];

fn standard() -> std::sync::Arc<sitecheck::model::standard::Standard> {
    sitecheck::registry::find_builtin("huancui", None).unwrap_or_else(|p| panic!("{p:?}"))
}

#[test]
fn an_untouched_template_checks_incomplete_not_an_error() {
    let dir = tmp();
    for level in LEVELS {
        let path = dir.path().join(format!("{level}.yaml"));
        let out = path.to_string_lossy().into_owned();
        let (code, _, err) = init(&["--level", level, "--output", &out]);
        assert_eq!(code, 0, "{level}: {err}");
        let (code, report) = check(&path, &[]);
        assert_eq!(report["status"], "incomplete", "{level}: {report}");
        assert_eq!(code, 1, "{level}");
        assert!(report.get("errors").is_none(), "{level}: {report}");
        // Nothing fails: what was not surveyed is not assessed.
        let findings = report["findings"].as_array().cloned().unwrap_or_default();
        assert!(findings.iter().all(|f| f["status"] != "fail"), "{level}");
        assert!(findings.iter().any(|f| f["status"] == "not_assessed"));
    }
}

/// Sets `value` at `key` in `doc`; a count goes to an item's `count` when the item is a
/// mapping (it has kinds or topics too).
fn set(doc: &mut Value, key: &[String], value: Value) {
    let mut at = doc;
    for k in key {
        if !at.is_object() {
            *at = json!({});
        }
        at = &mut at[k.as_str()];
    }
    if at.is_object() {
        at["count"] = value;
    } else {
        *at = value;
    }
}

fn push(doc: &mut Value, list: &str, value: Value) {
    if !doc[list].is_array() {
        doc[list] = json!([]);
    }
    if let Some(a) = doc[list].as_array_mut() {
        a.push(value);
    }
}

/// Fills a template's YAML with the minimums its model names: counts, kinds, areas, topics,
/// bands, staff, services, an accepted operation mode.
fn fill(yaml: &str, level: &str) -> Value {
    let mut doc: Value = serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("{e}"));
    let tpl = template::build(&standard(), level);
    for section in &tpl.sections {
        for row in &section.rows {
            match &row.kind {
                RowKind::Count | RowKind::Kinds | RowKind::Area => {
                    if let Some(min) = row.min {
                        set(&mut doc, &row.key, json!(min));
                    }
                }
                RowKind::Topics { topics } => set(&mut doc, &row.key, json!(topics)),
                RowKind::AgeBands { bands } => set(&mut doc, &row.key, json!(bands)),
                RowKind::Choice { accepted, .. } => {
                    if let Some(first) = accepted.first() {
                        set(&mut doc, &row.key, json!(first));
                    }
                }
                RowKind::Staff {
                    role,
                    qualification,
                } => {
                    for _ in 0..row.min.unwrap_or(1.0) as usize {
                        push(
                            &mut doc,
                            "staff",
                            json!({"role": role, "qualifications": qualification.iter().collect::<Vec<_>>()}),
                        );
                    }
                }
                RowKind::Service { service } => push(&mut doc, "services", json!(service)),
                RowKind::Text | RowKind::Date | RowKind::Capacity => {}
            }
        }
    }
    // More kinds than pieces is refused: an item's count is at least its kinds.
    for section in &tpl.sections {
        for row in &section.rows {
            if matches!(row.kind, RowKind::Kinds) {
                let mut count_key = row.key.clone();
                count_key.pop();
                let at = count_key.iter().try_fold(&doc, |d, k| d.get(k));
                let count = at
                    .and_then(|v| v.get("count").or(Some(v)))
                    .and_then(Value::as_f64)
                    .unwrap_or(0.0);
                let kinds = row.min.unwrap_or(0.0);
                if count < kinds {
                    set(&mut doc, &count_key, json!(kinds));
                }
            }
        }
    }
    doc
}

#[test]
fn a_template_filled_with_the_minimums_checks_compliant() {
    let dir = tmp();
    for level in LEVELS {
        let (code, yaml, err) = init(&["--level", level]);
        assert_eq!(code, 0, "{err}");
        let doc = fill(&yaml, level);
        let path = dir.path().join(format!("{level}.json"));
        std::fs::write(
            &path,
            serde_json::to_string_pretty(&doc).unwrap_or_default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let (code, report) = check(&path, &[]);
        assert_eq!(report["status"], "compliant", "{level}: {report}");
        assert_eq!(code, 0);
        let findings = report["findings"].as_array().cloned().unwrap_or_default();
        let open: Vec<&Value> = findings.iter().filter(|f| f["status"] != "pass").collect();
        assert!(
            open.is_empty(),
            "{level}: every requirement passes: {open:?}"
        );
    }
}

#[test]
fn the_template_names_every_zone_item_and_role_with_its_article_and_count() {
    let (code, yaml, _) = init(&["--level", "childrens_home"]);
    assert_eq!(code, 0);
    for needle in [
        "level: childrens_home",
        "standard: huancui",
        "reading_area:",
        "bookshelf:",
        "第十七条(三) 书架 ≥ 4 组 / bookshelf ≥ 4 sets",
        "floor_area_m2:",
        "第十五条 建筑面积 ≥ 100 平方米 / floor area ≥ 100 m²",
        "# - role: children_director",
        "age_bands:",
        "must include 0-3, 3-6, 6-12, 12-18",
        "topics:",
        "# - child_assessment",
    ] {
        assert!(yaml.contains(needle), "no `{needle}` in:\n{yaml}");
    }
    // One language when asked.
    let (_, en, _) = init(&["--level", "childrens_home", "--lang", "en"]);
    assert!(en.contains("bookshelf ≥ 4 sets") && !en.contains("书架"));
    let (_, zh, _) = init(&["--level", "childrens_home", "--lang", "zh"]);
    assert!(zh.contains("书架 ≥ 4 组") && !zh.contains("bookshelf ≥"));
    insta::assert_snapshot!("init_childrens_home", yaml);
}

#[test]
fn levels_are_named_by_id_or_chinese_name_and_a_typo_is_refused() {
    let (code, by_alias, _) = init(&["--level", "儿童之家"]);
    assert_eq!(code, 0);
    let (_, by_id, _) = init(&["--level", "childrens_home"]);
    assert_eq!(by_alias, by_id);
    let (code, _, _) = init(&["--level", "区级中心"]);
    assert_eq!(code, 0);
    let (code, out, err) = init(&["--level", "childrens_hom"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("childrens_hom") && err.contains("childrens_home"),
        "{err}"
    );
}

#[test]
fn the_schema_line_points_at_the_committed_schema_or_the_one_given() {
    // Written inside the repository (in a dot-directory, which walks skip): a path relative
    // to the file.
    let tmp = tempfile::Builder::new()
        .prefix(".init-schema-")
        .tempdir_in(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().join("sub");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("survey.yaml");
    let (code, _, _) = init(&[
        "--level",
        "town_station",
        "--output",
        &path.to_string_lossy(),
    ]);
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let first = text.lines().next().unwrap_or_default();
    let rel = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("{first}"));
    assert!(rel.ends_with("schemas/inventory.schema.json"), "{rel}");
    assert!(
        dir.join(rel).is_file(),
        "{rel} does not resolve from {}",
        dir.display()
    );
    // Given: written as given.
    let (_, yaml, _) = init(&[
        "--level",
        "town_station",
        "--schema",
        "https://example.org/inventory.schema.json",
    ]);
    assert!(yaml.starts_with(
        "# yaml-language-server: $schema=https://example.org/inventory.schema.json\n"
    ));
}

#[test]
fn a_variant_standard_gets_its_own_template() {
    let dir = tmp();
    let variant = "standards/examples/second-district.yaml";
    let path = dir.path().join("ts.yaml");
    let (code, _, err) = init(&[
        "--level",
        "town_station",
        "--standard",
        variant,
        "--output",
        &path.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    // The template names its standard by id and edition, never by its file's path; the
    // operator supplies the file.
    assert!(text.contains("\nstandard: second-district@2026"), "{text}");
    assert!(!text.contains(variant), "{text}");
    assert!(
        text.contains("capacity:"),
        "its floor area scales with a capacity:\n{text}"
    );
    let (code, report) = check(&path, &["--standard", variant]);
    assert_eq!((code, report["status"].as_str()), (1, Some("incomplete")));
}

#[test]
fn help_shows_an_example() {
    let out = sitecheck()
        .args(["init", "--help"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Examples:") && help.contains("sitecheck init --level"));
}

/// A duty not surveyed in a filled template points at the `services:` key, never at the word
/// "services:" in the template's header comment (a supervisor's trial found it at line 9).
#[test]
fn a_key_is_never_found_inside_a_comment() {
    let dir = tmp();
    let (code, text, err) =
        crate::util::output(crate::util::sitecheck().args(["init", "--level", "town_station"]));
    assert_eq!(code, 0, "{err}");
    let key_line = text
        .lines()
        .position(|l| l.starts_with("services:"))
        .unwrap_or_else(|| panic!("{text}"))
        + 1;
    let path = dir.path().join("t.yaml");
    std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    let (_, report) = check(&path, &[]);
    let duty = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| {
            f["requirement"]
                .as_str()
                .is_some_and(|r| r.starts_with("service:"))
        })
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(duty["location"]["line"], key_line, "{duty}");
}
