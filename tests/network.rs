//! Numbers a supervisor can report upward (issue 14): a summary counts facilities once and only
//! real ones (proposed layouts apart, one facility id once), and, with a district roster, the
//! three-level network's coverage (Art. 10: every town a workstation; Art. 14: every village a
//! children's home) before any single facility's verdict.

use std::path::Path;

use serde_json::Value;

use crate::util::{DATE, check_json, json_of, output, sitecheck, tmp, write};

const ROSTER: &str = "samples/roster.yaml";

fn summary(args: &[&str]) -> Value {
    let (code, doc) = check_json(args);
    assert_ne!(code, 2, "{doc}");
    doc["summary"].clone()
}

fn names(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|x| x[key].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn every_report_says_whether_it_is_a_site_survey_or_a_proposed_layout() {
    let (_, doc) = check_json(&["samples/"]);
    for r in doc["reports"].as_array().into_iter().flatten() {
        let kind = r["survey"]["kind"].as_str().unwrap_or_default();
        let layout = r["source"]
            .as_str()
            .unwrap_or_default()
            .contains("layouts/");
        assert_eq!(
            kind,
            if layout {
                "proposed_layout"
            } else {
                "site_survey"
            },
            "{r}"
        );
    }
}

#[test]
fn proposed_layouts_are_left_out_of_rates_levels_and_totals_and_listed_apart() {
    let all = summary(&["samples/"]);
    let surveys_only = {
        let dir = tmp();
        for f in std::fs::read_dir("samples").into_iter().flatten().flatten() {
            let p = f.path();
            if p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "json") {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                if name != "roster.yaml" {
                    std::fs::copy(&p, dir.path().join(name)).unwrap_or_else(|e| panic!("{e}"));
                }
            }
        }
        summary(&[dir.path().to_str().unwrap_or_default()])
    };
    // The six site surveys: the rate, the level table and the procurement totals are theirs.
    assert_eq!(all["total"], 6, "{all}");
    for key in [
        "total",
        "compliant",
        "compliance_rate",
        "by_level",
        "compliance_rate_by_level",
        "failing_requirements",
        "shortfall_totals",
    ] {
        assert_eq!(all[key], surveys_only[key], "{key}");
    }
    assert_eq!(
        names(&all["most_shortfalls"], "id"),
        names(&surveys_only["most_shortfalls"], "id")
    );
    let layouts = &all["proposed_layouts"];
    assert_eq!(layouts["count"], 2, "{all}");
    assert_eq!(
        names(&layouts["facilities"], "source"),
        [
            "samples/layouts/dongshan-plan-a.yaml",
            "samples/layouts/dongshan-plan-b.yaml"
        ]
    );
    // In words too, in a section of its own.
    let (_, human, _) =
        output(sitecheck().args(["check", "samples/", "--date", DATE, "--lang", "zh"]));
    assert!(human.contains("规划方案"), "{human}");
    assert!(
        !human.contains("合规率：50%") && !human.contains("(4/8)"),
        "{human}"
    );
}

/// A filled form, copied: the same facility twice.
fn twice(dir: &Path, dates: (&str, &str)) -> (std::path::PathBuf, std::path::PathBuf) {
    let text = std::fs::read_to_string("samples/town-station-short.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let a = write(dir, "a.yaml", text.replacen("2026-09-18", dates.0, 1));
    let b = write(dir, "b.yaml", text.replacen("2026-09-18", dates.1, 1));
    (a, b)
}

#[test]
fn one_facility_in_two_inputs_is_a_warning_naming_both_and_is_counted_once() {
    let dir = tmp();
    let (a, b) = twice(dir.path(), ("2026-09-18", "2026-10-18"));
    let (a, b) = (
        a.to_str().unwrap_or_default(),
        b.to_str().unwrap_or_default(),
    );
    let (_, out, err) = output(sitecheck().args([
        "check", a, b, "--format", "json", "--date", DATE, "--lang", "en",
    ]));
    assert!(
        err.contains(a) && err.contains(b),
        "the warning names both files: {err}"
    );
    assert!(err.contains("qiaotou-ts"), "{err}");
    let doc = json_of(&out, &err);
    let s = &doc["summary"];
    assert_eq!(s["total"], 1, "counted once: {s}");
    // The later survey wins; its shortfall is counted once in the procurement totals.
    let single = summary(&[b]);
    assert_eq!(s["shortfall_totals"], single["shortfall_totals"]);
    assert_eq!(names(&s["duplicates"], "kept"), [b], "{s}");
    // Both reports are still there, each its own verdict.
    assert_eq!(doc["reports"].as_array().map(Vec::len), Some(2));
}

#[test]
fn two_surveys_of_one_facility_on_one_day_are_counted_once_and_flagged_as_a_conflict() {
    let dir = tmp();
    // The same day, and no date at all.
    for (k, dates) in [("2026-09-18", "2026-09-18"), ("", "")]
        .into_iter()
        .enumerate()
    {
        let sub = dir.path().join(k.to_string());
        std::fs::create_dir_all(&sub).unwrap_or_else(|e| panic!("{e}"));
        let (a, b) = twice(&sub, dates);
        let (a, b) = (
            a.to_str().unwrap_or_default(),
            b.to_str().unwrap_or_default(),
        );
        let s = summary(&[a, b]);
        // Counted once (the first), its shortfall once; both reports stay.
        assert_eq!(s["total"], 1, "{s}");
        assert_eq!(s["shortfall_totals"], summary(&[a])["shortfall_totals"]);
        let conflicts = s["conflicts"].as_array().cloned().unwrap_or_default();
        assert_eq!(conflicts.len(), 1, "{s}");
        assert_eq!(conflicts[0]["facility"], "qiaotou-ts");
        let (_, human, _) =
            output(sitecheck().args(["check", a, b, "--date", DATE, "--lang", "zh"]));
        assert!(
            human.contains("qiaotou-ts") && human.contains("冲突"),
            "{human}"
        );
    }
}

#[test]
fn an_id_left_as_the_template_s_or_an_empty_name_is_a_warning_on_that_facility() {
    let (code, template, err) = output(sitecheck().args(["init", "--level", "town_station"]));
    assert_eq!(code, 0, "{err}");
    let dir = tmp();
    let path = write(dir.path(), "new.yaml", template);
    let (_, doc) = check_json(&[path.to_str().unwrap_or_default(), "--lang", "en"]);
    let r = &doc["reports"][0];
    let warnings = names(&r["warnings"], "code");
    assert!(
        warnings
            .iter()
            .any(|c| c == "sitecheck::placeholder-identity"),
        "{r}"
    );
    let (_, human, _) = output(
        sitecheck()
            .arg("check")
            .arg(&path)
            .args(["--date", DATE, "--lang", "zh"]),
    );
    assert!(human.contains("new-town-station"), "{human}");
}

#[test]
fn a_roster_gives_the_network_s_coverage_summed_exactly() {
    let s = summary(&["samples/", "--roster", ROSTER]);
    let c = &s["coverage"];
    // samples/roster.yaml: five towns, six villages; stations surveyed in 张村镇 and 桥头镇; homes
    // in 新庄村, 山后村 and 港湾社区; 东山村 has only proposed layouts, 大河村 and 桥头村 nothing.
    assert_eq!(
        (c["towns"].as_u64(), c["towns_with_station"].as_u64()),
        (Some(5), Some(2)),
        "{c}"
    );
    assert_eq!(
        (c["villages"].as_u64(), c["villages_with_home"].as_u64()),
        (Some(6), Some(3)),
        "{c}"
    );
    assert_eq!(
        names(&c["towns_without_station"], "name"),
        ["羊亭镇", "温泉镇", "孙家疃街道"]
    );
    let without: Vec<String> = c["by_town"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|t| names(&t["villages_without_home"], "name"))
        .collect();
    assert_eq!(without, ["东山村", "大河村", "桥头村"], "{c}");
    assert_eq!(
        names(&c["not_surveyed"], "facility"),
        ["dongshan-ch"],
        "{c}"
    );
    assert!(
        c["not_in_roster"].as_array().is_some_and(Vec::is_empty),
        "{c}"
    );
    assert_eq!(c["town_rate"].as_f64(), Some(0.4));
    assert_eq!(c["village_rate"].as_f64(), Some(0.5));
    let articles: Vec<&str> = c["articles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["clause"].as_str())
        .collect();
    assert_eq!(articles, ["第十条", "第十四条"], "{c}");
}

#[test]
fn a_facility_whose_region_is_in_no_roster_entry_is_listed() {
    let dir = tmp();
    let roster = write(
        dir.path(),
        "roster.yaml",
        "district: 环翠区\ntowns:\n  - code: \"1\"\n    name: 张村镇\n    villages:\n      - {code: \"11\", name: 东山村}\n",
    );
    let s = summary(&[
        "samples/town-station-short.yaml",
        "samples/town-station-compliant.yaml",
        "--roster",
        roster.to_str().unwrap_or_default(),
    ]);
    let c = &s["coverage"];
    assert_eq!(
        names(&c["not_in_roster"], "facility"),
        ["qiaotou-ts"],
        "{c}"
    );
    assert_eq!(c["towns_with_station"], 1);
}

#[test]
fn coverage_is_in_every_format_and_cites_the_articles() {
    for (format, lang, words) in [
        (
            "human",
            "zh",
            vec!["第十条", "第十四条", "温泉镇", "大河村", "40%"],
        ),
        ("human", "en", vec!["第十条", "温泉镇", "大河村", "40%"]),
        ("markdown", "zh", vec!["第十条", "温泉镇", "大河村"]),
        ("html", "zh", vec!["第十条", "温泉镇", "大河村"]),
        ("junit", "en", vec!["温泉镇", "大河村"]),
        ("sarif", "en", vec!["温泉镇", "大河村"]),
    ] {
        let (_, out, err) = output(sitecheck().args([
            "check", "samples/", "--roster", ROSTER, "--format", format, "--lang", lang, "--date",
            DATE,
        ]));
        for w in words {
            assert!(
                out.contains(w),
                "{format} {lang}: `{w}` missing:\n{out}\n{err}"
            );
        }
    }
}

/// `init --roster --format xlsx`: the blank roster workbook.
fn roster_workbook(dir: &Path) -> Vec<u8> {
    let path = dir.join("blank-roster.xlsx");
    let (code, _, err) = output(
        sitecheck()
            .args([
                "init", "--roster", "--format", "xlsx", "--force", "--output",
            ])
            .arg(&path),
    );
    assert_eq!(code, 0, "{err}");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_roster_is_also_a_workbook_that_init_writes_and_check_reads() {
    use crate::forms::{fill, t};
    let dir = tmp();
    // The YAML template's example, typed into the workbook's rows: 张村镇 with 东山村 and 大河村.
    let cells: Vec<(String, String, crate::forms::V)> = [
        ("A2", "371002001"),
        ("B2", "张村镇"),
        ("C2", "zhangcun-ts"),
        ("D2", "371002001201"),
        ("E2", "东山村"),
        ("F2", "dongshan-ch"),
        ("D3", "371002001202"),
        ("E3", "大河村"),
    ]
    .iter()
    .map(|(cell, v)| ("镇村名册".to_owned(), (*cell).to_owned(), t(v)))
    .collect();
    let path = dir.path().join("roster.xlsx");
    std::fs::write(&path, fill(&roster_workbook(dir.path()), &cells))
        .unwrap_or_else(|e| panic!("{e}"));
    let s = summary(&["samples/", "--roster", path.to_str().unwrap_or_default()]);
    let c = &s["coverage"];
    assert_eq!(
        (c["towns"].as_u64(), c["villages"].as_u64()),
        (Some(1), Some(2)),
        "{c}"
    );
    assert_eq!(c["towns_with_station"], 1, "{c}");
    let (code, yaml, _) = output(sitecheck().args(["init", "--roster"]));
    assert_eq!(code, 0);
    let y = write(dir.path(), "roster.yaml", yaml);
    let mut from_yaml =
        summary(&["samples/", "--roster", y.to_str().unwrap_or_default()])["coverage"].clone();
    // The workbook has no cell for the district's name; all else is the same.
    from_yaml["district"] = Value::Null;
    assert_eq!(from_yaml, *c);
}

#[test]
fn an_untouched_roster_workbook_is_not_read_as_a_roster() {
    let dir = tmp();
    let path = dir.path().join("roster.xlsx");
    std::fs::write(&path, roster_workbook(dir.path())).unwrap_or_else(|e| panic!("{e}"));
    for (lang, words) in [("zh", "还没有填写"), ("en", "no town")] {
        let (code, out, err) = output(sitecheck().args([
            "check",
            "samples/",
            "--roster",
            path.to_str().unwrap_or_default(),
            "--lang",
            lang,
            "--date",
            DATE,
        ]));
        assert_eq!(
            code, 2,
            "{lang}: an unfilled roster is an input error:\n{out}\n{err}"
        );
        assert!(
            err.contains("roster.xlsx!镇村名册!A2") && err.contains(words),
            "{lang}: located at the first row to fill: {err}"
        );
        assert!(
            !out.contains("张村镇") && !err.contains("张村镇"),
            "{lang}: the example is not counted"
        );
    }
}

#[test]
fn a_roster_that_does_not_load_is_a_located_error() {
    let dir = tmp();
    for (name, text, line) in [
        (
            "dup.yaml",
            "towns:\n  - {code: \"1\", name: 甲镇}\n  - {code: \"1\", name: 乙镇}\n",
            3,
        ),
        (
            "key.yaml",
            "towns:\n  - {code: \"1\", name: 甲镇, villagez: []}\n",
            2,
        ),
        ("empty.yaml", "towns:\n  - {code: \"1\", name: \"\"}\n", 2),
    ] {
        let p = write(dir.path(), name, text);
        let (code, _, err) = output(sitecheck().args([
            "check",
            "samples/",
            "--roster",
            p.to_str().unwrap_or_default(),
            "--lang",
            "en",
        ]));
        assert_eq!(code, 2, "{name}: {err}");
        assert!(
            err.contains(&format!("{name}:{line}")),
            "{name}: located at line {line}: {err}"
        );
    }
    let (code, _, _) = output(sitecheck().args(["check", "samples/", "--roster", "no-such.yaml"]));
    assert_eq!(code, 2);
}

#[test]
fn a_form_that_keeps_a_variant_s_checksum_but_loses_its_standard_key_is_not_judged_by_the_default()
{
    let dir = tmp();
    let (code, text, err) = output(sitecheck().args([
        "init",
        "--level",
        "district_center",
        "--standard",
        "standards/examples/second-district.yaml",
    ]));
    assert_eq!(code, 0, "{err}");
    let without = text
        .lines()
        .filter(|l| !l.starts_with("standard:"))
        .collect::<Vec<_>>()
        .join("\n")
        .replacen("floor_area_m2:", "floor_area_m2: 240", 1);
    let path = write(dir.path(), "f.yaml", without);
    let (code, out, _) = output(sitecheck().arg("check").arg(&path).args(["--lang", "en"]));
    assert_eq!(code, 2, "judged against Huancui's 200 m² instead: {out}");
    assert!(
        out.contains("names no standard") && out.contains("SHA-256"),
        "{out}"
    );
}

#[test]
fn a_roster_id_at_a_place_of_another_level_is_said_and_not_counted() {
    let dir = tmp();
    let roster = write(
        dir.path(),
        "roster.yaml",
        "towns:\n  - code: \"1\"\n    name: 桥头镇\n    villages:\n      - {code: \"11\", name: 桥头村, facility: qiaotou-ts}\n",
    );
    let s = summary(&[
        "samples/town-station-short.yaml",
        "--roster",
        roster.to_str().unwrap_or_default(),
    ]);
    let c = &s["coverage"];
    assert_eq!(names(&c["wrong_level"], "facility"), ["qiaotou-ts"], "{c}");
    assert_eq!(c["towns_with_station"], 0, "{c}");
    assert_eq!(c["villages_with_home"], 0, "{c}");
}

#[test]
fn without_a_roster_the_summary_has_no_coverage() {
    let s = summary(&["samples/"]);
    assert!(s.get("coverage").is_none_or(Value::is_null), "{s}");
}
