//! A form remembers its standard (issue 14): `init` records the standard it was made from (id,
//! version and the SHA-256 of its resolved text), and `check` judges the form against that
//! standard and no other. A local standard is found from `--standard FILE`, `--standards DIR` or
//! `SITECHECK_STANDARDS`; anything else is a located error naming the standard the form names
//! and how to supply it. `--override-standard` lets a planner judge a form against another
//! standard, and every format then says which standard the form names and which judged it.
//!
//! The variant here is `standards/examples/second-district.yaml` (a local standard requiring
//! 250 m² of a district center where Huancui requires 200): a form filled with 240 m² passes
//! under Huancui and fails under the standard it was made from.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::forms::{V, facility_cells, fill, t};
use crate::util::{DATE, finding, json_of, output, sitecheck, tmp, write};

const VARIANT: &str = "standards/examples/second-district.yaml";
const VARIANT_LABEL: &str = "second-district@2026";

/// `init --standard VARIANT` as YAML, filled with 240 m² (the rest left as the template has it).
fn yaml_form(dir: &Path) -> PathBuf {
    let (code, text, err) =
        output(sitecheck().args(["init", "--level", "district_center", "--standard", VARIANT]));
    assert_eq!(code, 0, "{err}");
    let filled = text
        .replacen("floor_area_m2:", "floor_area_m2: 240", 1)
        .replacen("  date:", &format!("  date: {DATE}"), 1);
    assert!(filled.contains("floor_area_m2: 240"), "{filled}");
    write(dir, "form.yaml", filled)
}

/// `init --standard VARIANT --format xlsx`, filled with 240 m² in the floor-area cell.
fn xlsx_form(dir: &Path) -> PathBuf {
    let blank = dir.join("blank.xlsx");
    let (code, _, err) = output(
        sitecheck()
            .args([
                "init",
                "--level",
                "district_center",
                "--standard",
                VARIANT,
                "--format",
                "xlsx",
                "--output",
            ])
            .arg(&blank),
    );
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&blank).unwrap_or_else(|e| panic!("{e}"));
    let (keys, _) = facility_cells(&bytes);
    let cell = |key: &str| {
        keys.iter()
            .find(|(k, _)| k == key)
            .map_or_else(|| panic!("no facility row {key}"), |(_, c)| c.clone())
    };
    let sheet = sitecheck::form::layout::FACILITY.to_owned();
    let values = vec![
        (sheet.clone(), cell("facility.id"), t("wd-center")),
        (
            sheet.clone(),
            cell("facility.name"),
            t("文登区未成年人救助保护中心"),
        ),
        (sheet.clone(), cell("survey.date"), t(DATE)),
        (sheet, cell("floor_area_m2"), V::N(240.0)),
    ];
    write(dir, "form.xlsx", fill(&bytes, &values))
}

/// `check PATH extra… --format json`, with `SITECHECK_STANDARDS` as given (unset otherwise).
fn check(path: &Path, extra: &[&str], env_dir: Option<&Path>) -> (i32, Option<Value>, String) {
    let mut cmd = sitecheck();
    cmd.arg("check")
        .arg(path)
        .args(extra)
        .args(["--format", "json", "--date", DATE, "--lang", "en"])
        .env_remove("SITECHECK_STANDARDS");
    if let Some(d) = env_dir {
        cmd.env("SITECHECK_STANDARDS", d);
    }
    let (code, out, err) = output(&mut cmd);
    let doc = (!out.trim().is_empty()).then(|| json_of(&out, &err));
    (code, doc, err)
}

/// A folder holding the variant and the standard it extends cannot be named by a path in an
/// inventory: the folder is the operator's.
fn standards_dir(dir: &Path) -> PathBuf {
    let d = dir.join("standards");
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(VARIANT, d.join("wendeng.yaml")).unwrap_or_else(|e| panic!("{e}"));
    d
}

fn floor_area(doc: &Value) -> String {
    finding(&doc["reports"][0], "floor_area")["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn init_records_the_standard_s_id_version_and_hash_in_the_yaml_template_and_the_form() {
    let dir = tmp();
    let yaml = std::fs::read_to_string(yaml_form(dir.path())).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(VARIANT).unwrap_or_else(|e| panic!("{e}"));
    let standard =
        sitecheck::registry::load_text(sitecheck::source::SourceText::new(VARIANT, text), &|_| {
            None
        });
    let standard = standard.unwrap_or_else(|(_, p)| panic!("the variant loads: {p:?}"));
    let digest = standard.digest();
    assert!(
        yaml.lines()
            .any(|l| l.starts_with(&format!("standard: {VARIANT_LABEL}"))),
        "{yaml}"
    );
    assert!(
        yaml.contains(&digest),
        "the template records {digest}:\n{yaml}"
    );

    let form = std::fs::read(xlsx_form(dir.path())).unwrap_or_else(|e| panic!("{e}"));
    let wb =
        sitecheck::form::read::read_workbook(&form).unwrap_or_else(|e| panic!("{:?}", e.problem));
    let texts: Vec<String> = wb
        .sheets
        .iter()
        .flat_map(|s| s.cells.values().map(sitecheck::form::read::Value::text))
        .collect();
    assert!(texts.iter().any(|t| t == VARIANT_LABEL), "{texts:?}");
    assert!(texts.iter().any(|t| t == &digest), "{texts:?}");
}

#[test]
fn a_variant_form_checked_plainly_is_an_error_naming_its_standard_not_a_pass_under_huancui() {
    let dir = tmp();
    for form in [yaml_form(dir.path()), xlsx_form(dir.path())] {
        let (code, doc, err) = check(&form, &[], None);
        assert_eq!(code, 2, "{form:?}: {doc:?}\n{err}");
        assert!(
            err.contains(VARIANT_LABEL),
            "names the form's standard: {err}"
        );
        assert!(
            err.contains("--standards") && err.contains("--standard"),
            "says how to supply it: {err}"
        );
        // Never judged under the built-in standard.
        if let Some(doc) = doc {
            let r = &doc["reports"][0];
            assert_eq!(r["status"], "error", "{doc}");
            assert!(
                r["findings"].as_array().is_none_or(Vec::is_empty),
                "no verdict is given: {doc}"
            );
        }
    }
}

#[test]
fn the_form_s_standard_from_a_file_a_folder_or_the_environment_judges_it() {
    let dir = tmp();
    let folder = standards_dir(dir.path());
    let folder_s = folder.to_str().unwrap_or_default();
    for form in [yaml_form(dir.path()), xlsx_form(dir.path())] {
        for (extra, env) in [
            (vec!["--standard", VARIANT], None),
            (vec!["--standards", folder_s], None),
            (vec![], Some(folder.as_path())),
        ] {
            let (code, doc, err) = check(&form, &extra, env);
            let doc = doc.unwrap_or_else(|| panic!("{form:?} {extra:?}: {err}"));
            assert_eq!(floor_area(&doc), "fail", "{form:?} {extra:?}: 240 < 250");
            assert_eq!(doc["reports"][0]["standard"]["id"], "second-district");
            assert_eq!(code, 1, "{err}");
        }
    }
}

#[test]
fn another_standard_on_the_command_line_is_an_error_naming_both_unless_overridden() {
    let dir = tmp();
    for form in [yaml_form(dir.path()), xlsx_form(dir.path())] {
        let (code, _, err) = check(&form, &["--standard", "huancui"], None);
        assert_eq!(code, 2, "{form:?}: {err}");
        assert!(
            err.contains(VARIANT_LABEL) && err.contains("huancui"),
            "{err}"
        );
        assert!(err.contains("--override-standard"), "{err}");

        let (code, doc, err) = check(
            &form,
            &["--standard", "huancui", "--override-standard"],
            None,
        );
        let doc = doc.unwrap_or_else(|| panic!("{err}"));
        assert_eq!(floor_area(&doc), "pass", "judged under Huancui's 200 m²");
        let r = &doc["reports"][0];
        assert_eq!(r["standard"]["id"], "huancui");
        assert_eq!(r["standard"]["named"], VARIANT_LABEL, "{r}");
        assert_ne!(code, 2, "{err}");
    }
}

#[test]
fn an_overridden_standard_is_said_in_every_format() {
    let dir = tmp();
    let form = yaml_form(dir.path());
    for format in ["human", "markdown", "html", "sarif", "junit"] {
        let (_, out, err) = output(
            sitecheck()
                .arg("check")
                .arg(&form)
                .args([
                    "--standard",
                    "huancui",
                    "--override-standard",
                    "--format",
                    format,
                ])
                .args(["--date", DATE, "--lang", "en"]),
        );
        // Markdown writes `@` as `\@`.
        let out = out.replace("\\@", "@");
        assert!(
            out.contains(VARIANT_LABEL) && out.contains("huancui@"),
            "{format} names the form's standard and the judging one:\n{out}\n{err}"
        );
    }
}

#[test]
fn a_changed_text_of_the_same_edition_is_a_mismatch_error() {
    let dir = tmp();
    let form = yaml_form(dir.path());
    let changed = std::fs::read_to_string(VARIANT)
        .unwrap_or_else(|e| panic!("{e}"))
        .replacen("min: 250", "min: 260", 1);
    let file = write(dir.path(), "wendeng-edited.yaml", changed);
    let (code, _, err) = check(
        &form,
        &["--standard", file.to_str().unwrap_or_default()],
        None,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(VARIANT_LABEL), "{err}");
    assert!(err.contains("SHA-256") || err.contains("sha256"), "{err}");
}

#[test]
fn an_inventory_may_name_a_local_standard_by_id_but_never_by_path() {
    let dir = tmp();
    let folder = standards_dir(dir.path());
    let inv = std::fs::read_to_string("samples/huancui-district-center.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let named = inv
        .lines()
        .map(|l| {
            if l.starts_with("standard:") {
                format!("standard: {VARIANT_LABEL}")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        named.contains(&format!("standard: {VARIANT_LABEL}")),
        "{named}"
    );
    let path = write(dir.path(), "dc.yaml", named);
    let (code, _, err) = check(&path, &[], None);
    assert_eq!(code, 2, "unresolvable without the folder: {err}");
    let (_, doc, err) = check(
        &path,
        &["--standards", folder.to_str().unwrap_or_default()],
        None,
    );
    let doc = doc.unwrap_or_else(|| panic!("{err}"));
    assert_eq!(doc["reports"][0]["standard"]["id"], "second-district");
    // A path stays refused, folder or not.
    let path = write(
        dir.path(),
        "p.yaml",
        inv.replacen("standard: huancui", "standard: ./wendeng.yaml", 1),
    );
    let (code, _, err) = check(
        &path,
        &["--standards", folder.to_str().unwrap_or_default()],
        None,
    );
    assert_eq!(code, 2, "{err}");
}
