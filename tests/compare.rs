//! `sitecheck compare`: two proposed layouts of the Dongshan children's home side by side —
//! plan A complies, plan B falls short on six requirements. The terminal table and the
//! Markdown are snapshot-tested; the JSON carries the margins; exit codes 0 (one complies),
//! 1 (none does), 2 (layouts of different levels, an invalid layout).

// A test fails by panicking.
#![allow(clippy::panic)]

use serde_json::Value;
use sitecheck::report::width::width;

use crate::util::{DATE, output, sitecheck, tmp};

const A: &str = "samples/layouts/dongshan-plan-a.yaml";
const B: &str = "samples/layouts/dongshan-plan-b.yaml";

fn compare(args: &[&str]) -> (i32, String, String) {
    output(sitecheck().arg("compare").args(args).args(["--date", DATE]))
}

#[test]
fn the_human_table_shows_both_plans_and_fits_a_terminal() {
    for lang in ["en", "zh"] {
        let (code, out, err) = compare(&[A, B, "--lang", lang]);
        assert_eq!(code, 0, "plan A complies: {err}");
        for line in out.lines() {
            // The table and the lists fit 100 columns (a CJK character takes two); only the
            // legend lines, which end in a file name, may be longer.
            if !line.contains("samples/layouts/") {
                assert!(width(line) <= 100, "{} columns: {line}", width(line));
            }
        }
        insta::assert_snapshot!(format!("compare_human_{lang}"), out);
    }
}

#[test]
fn the_markdown_highlights_where_the_plans_differ() {
    let (code, out, _) = compare(&[A, B, "--format", "markdown", "--lang", "en"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "| 第十五条 | **floor area** | ≥ 100 m² | ✅ 128 m² (+28 m²) | ❌ 96 m² (−4 m²) | ≠ |"
        ),
        "{out}"
    );
    insta::assert_snapshot!("compare_markdown_en", out);
}

#[test]
fn the_json_has_margins_the_differences_and_each_shortfall() {
    let (code, out, _) = compare(&[A, B, "--format", "json", "--lang", "en"]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["complying"], serde_json::json!(["A"]));
    assert_eq!(doc["level"]["id"], "childrens_home");
    let row = |id: &str| {
        doc["requirements"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["requirement"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let floor = row("floor_area");
    assert_eq!(floor["outcome_differs"], true);
    assert_eq!(floor["cells"][0]["margin"], 28.0);
    assert_eq!(floor["cells"][1]["margin"], -4.0);
    assert_eq!(floor["cells"][1]["shortfall"], "short by 4 m²");
    let printer = row("equipment:admin_case_office:printer");
    assert_eq!(printer["cells"][1]["margin"], -1.0);
    let toys = row("equipment:activity_area:toys");
    assert_eq!(
        (
            toys["outcome_differs"].as_bool(),
            toys["value_differs"].as_bool()
        ),
        (Some(false), Some(true))
    );
    let differing: Vec<&str> = doc["differing"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        differing,
        [
            "floor_area",
            "operation",
            "equipment:admin_case_office:printer",
            "equipment:activity_area:child_table_chair_set",
            "equipment:reading_area:bookshelf",
            "age_bands"
        ]
    );
    let b = &doc["layouts"][1];
    assert_eq!(b["status"], "non_compliant");
    let short: Vec<&str> = b["shortfall"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["shortfall"].as_str())
        .collect();
    assert!(
        short.contains(&"administrative and case-management office: add 1 printer"),
        "{short:?}"
    );
    assert!(
        short.contains(&"children's reading area: add the 12-18 age band"),
        "{short:?}"
    );
    assert!(
        doc["layouts"][0]["shortfall"]
            .as_array()
            .is_some_and(Vec::is_empty)
    );
}

#[test]
fn the_html_page_is_self_contained_and_marks_the_differing_rows() {
    let (code, out, _) = compare(&[A, B, "--format", "html", "--lang", "zh"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("<!DOCTYPE html>"));
    assert_eq!(out.matches("<tr class=\"differs\">").count(), 6);
    for forbidden in ["<script", "http://", "https://", "<link"] {
        assert!(!out.contains(forbidden), "{forbidden}");
    }
    assert!(out.contains("儿童阅读区：增设 12-18 岁年龄段"));
}

#[test]
fn exit_1_when_no_layout_complies() {
    let (code, out, _) = compare(&[B, "samples/childrens-home-reading-gap.json", "--lang", "en"]);
    assert_eq!(code, 1);
    assert!(out.contains("No layout complies"), "{out}");
}

#[test]
fn layouts_of_different_levels_are_refused() {
    let (code, out, err) = compare(&[A, "samples/town-station-short.yaml", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("different levels"), "{err}");
    assert!(
        err.contains("childrens_home") && err.contains("town_station"),
        "{err}"
    );
    let (_, _, err) = compare(&[A, "samples/town-station-short.yaml", "--lang", "zh"]);
    assert!(err.contains("层级不同"), "{err}");
}

#[test]
fn an_invalid_layout_or_a_single_one_is_an_error() {
    let (code, out, err) = compare(&[A, "tests/fixtures/bad/negative-area.yaml"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("negative-area.yaml"), "{err}");
    let (code, _, _) = compare(&[A]);
    assert_eq!(code, 2);
}

#[test]
fn output_writes_the_file_and_help_shows_an_example() {
    let dir = tmp();
    let path = dir.path().join("layouts.md");
    let (code, out, _) = compare(&[
        A,
        B,
        "--format",
        "markdown",
        "--output",
        &path.to_string_lossy(),
    ]);
    assert_eq!((code, out.as_str()), (0, ""));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("≠"));
    let help = sitecheck()
        .args(["compare", "--help"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("Examples:") && help.contains("sitecheck compare"));
}

/// Issue 15: a layout's "to comply" list holds required items only; an encouragement it does
/// not meet is advice, listed apart, never drawn as a failure.
#[test]
fn advice_is_apart_from_what_a_layout_needs_to_comply() {
    let (_, out, err) = compare(&[
        "samples/layouts/dongshan-plan-a.yaml",
        "samples/layouts/dongshan-plan-b.yaml",
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    let b = &doc["layouts"][1];
    let shortfall = b["shortfall"].as_array().cloned().unwrap_or_default();
    assert!(!shortfall.is_empty(), "{b}");
    assert!(shortfall.iter().all(|f| f["severity"] == "error"), "{b}");
    let advice = b["advice"].as_array().cloned().unwrap_or_default();
    assert!(advice.iter().any(|f| f["clause"] == "第十六条"), "{b}");
    let (_, human, _) = compare(&[
        "samples/layouts/dongshan-plan-a.yaml",
        "samples/layouts/dongshan-plan-b.yaml",
        "--lang",
        "zh",
    ]);
    let advice_line = human
        .lines()
        .find(|l| l.contains("[第十六条]"))
        .unwrap_or_else(|| panic!("{human}"));
    assert!(!advice_line.contains('✘'), "{advice_line}");
    assert!(human.contains("建议改进"), "{human}");
}
