//! The district summary and the shortfall list: on a generated district of 50 inventories with
//! known shortfalls, the totals of the procurement list equal both the shortfalls the
//! generator put in and the sum of the per-facility shortfalls of the reports; every format
//! shows the summary for a batch and leaves it out for one inventory; every format says what
//! would make each failing requirement pass.

// A test fails by panicking; the totals must add up exactly, so floats are compared exactly
// (the areas are halves and wholes, exact in binary).
#![allow(clippy::panic, clippy::float_cmp)]

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::util::{DATE, output, sitecheck, tmp};

fn run(args: &[&str]) -> (i32, String) {
    let (code, out, _) = output(sitecheck().args(args).args(["--date", DATE]));
    (code, out)
}

/// What the generator took away from facility `i`: the shortfalls it must be reported with.
#[derive(Default)]
struct Known {
    floor_m2: f64,
    printers: u64,
    bookshelves: u64,
    child_tables: u64,
    directors: u64,
    missing_12_18: u64,
    missing_reading_area: u64,
}

/// A children's home (four in five) or a town station, each short of something different
/// according to `i`; the shortfalls are added to `k`.
fn inventory(i: u64, k: &mut Known) -> String {
    if i % 5 == 4 {
        // A town station: floor area 30 − 2·(i mod 4) m², printer missing every other one.
        let floor = 30 - 2 * (i % 4);
        let printer = u64::from(i.is_multiple_of(2));
        k.floor_m2 += (30 - floor) as f64;
        k.printers += 1 - printer;
        return format!(
            "facility: {{id: ts-{i:02}, name: 工作站{i:02}, level: town_station}}\n\
             operation: {{mode: mixed}}\n\
             floor_area_m2: {floor}\n\
             staff: [{{role: child_welfare_supervisor}}, {{role: volunteer}}]\n\
             zones:\n  administrative_office:\n    equipment: {{computer: 1, desk_chair_set: 1, filing_cabinet: 1, printer: {printer}, wall_display: 1}}\n\
             services: [work_planning, children_director_management, registry_update, visit_guidance, venue_guidance, policy_publicity, social_force_cultivation, care_services]\n"
        );
    }
    // A children's home: floor area 100 − 3·(i mod 7) m² (half a metre short when i mod 7 is
    // 6), printers, bookshelves and table sets short by turns, the 12-18 band missing in every
    // sixth, the director in every eighth, the reading area in every eleventh.
    let mut floor = 100.0 - 3.0 * (i % 7) as f64;
    if i % 7 == 6 {
        floor += 0.5;
    }
    k.floor_m2 += 100.0 - floor;
    let printer = u64::from(!i.is_multiple_of(3));
    k.printers += 1 - printer;
    let tables = 20 - (i % 3) * 2;
    k.child_tables += 20 - tables;
    let director = if i % 8 == 3 {
        k.directors += 1;
        ""
    } else {
        "{role: children_director}"
    };
    let reading = if i % 11 == 7 {
        // The zone is missing: its items count as zero, so that the totals are complete.
        k.missing_reading_area += 1;
        k.bookshelves += 4;
        String::new()
    } else {
        let shelves = 4 - (i % 4).min(2);
        k.bookshelves += 4 - shelves;
        let bands = if i % 6 == 1 {
            k.missing_12_18 += 1;
            "[\"0-3\", \"3-6\", \"6-12\"]"
        } else {
            "[\"0-3\", \"3-6\", \"6-12\", \"12-18\"]"
        };
        format!(
            "  reading_area:\n    age_bands: {bands}\n    equipment: {{picture_books: 10, childrens_books: 10, bookshelf: {shelves}, desk: 10, chair: 10, wall_display: 1}}\n"
        )
    };
    format!(
        "facility: {{id: ch-{i:02}, name: 儿童之家{i:02}, level: childrens_home}}\n\
         operation: {{mode: social_organization}}\n\
         floor_area_m2: {floor}\n\
         staff: [{director}]\n\
         zones:\n  admin_case_office:\n    equipment: {{computer: 1, desk_chair_set: 1, filing_cabinet: 1, printer: {printer}, movable_screen: 1, cartoon_round_sofa: 1, wall_display: 1}}\n  \
         activity_area:\n    equipment:\n      child_table_chair_set: {tables}\n      multimedia_equipment: 1\n      height_weight_scale: 1\n      toys: 1\n      sports_equipment: 1\n      music_instruments: 1\n      wall_display: {{count: 1, topics: [activity_rules, safety_notice, evacuation_route]}}\n\
         {reading}\
         services: [child_assessment, child_development_services, guardianship_guidance, child_protection_services]\n"
    )
}

/// Writes the district into `dir`; returns what it is short of.
fn district(dir: &Path, n: u64) -> Known {
    let mut k = Known::default();
    for i in 0..n {
        let text = inventory(i, &mut k);
        std::fs::write(dir.join(format!("facility-{i:02}.yaml")), text)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    k
}

fn json_of(dir: &Path) -> Value {
    let path = dir.to_string_lossy().into_owned();
    let (code, out) = run(&["check", &path, "--format", "json", "--lang", "en"]);
    assert_eq!(code, 1, "the district has non-compliant facilities");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON: {e}"))
}

/// The per-facility shortfalls of the reports, summed: for each failing numeric requirement,
/// required minus found, by requirement kind and item.
fn per_facility_sums(doc: &Value) -> BTreeMap<String, f64> {
    let mut sums = BTreeMap::new();
    for r in doc["reports"].as_array().into_iter().flatten() {
        for f in r["findings"].as_array().into_iter().flatten() {
            if f["status"] != "fail" {
                continue;
            }
            let id = f["requirement"].as_str().unwrap_or_default();
            let key = match id.split(':').collect::<Vec<_>>().as_slice() {
                ["equipment", _zone, item] => format!("item:{item}"),
                ["floor_area"] => "floor_area".to_owned(),
                ["staff", role] => format!("staff:{role}"),
                _ => continue,
            };
            let short = f["expected"].as_f64().unwrap_or(0.0) - f["actual"].as_f64().unwrap_or(0.0);
            // The margin is the same shortfall, negated.
            assert_eq!(f["margin"].as_f64(), Some(-short), "{id}: margin");
            *sums.entry(key).or_insert(0.0) += short;
        }
    }
    sums
}

fn total(summary: &Value, pred: impl Fn(&Value) -> bool) -> &Value {
    summary["shortfall_totals"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| pred(t))
        .unwrap_or_else(|| panic!("no such total in {}", summary["shortfall_totals"]))
}

#[test]
fn shortfall_totals_of_a_generated_district_add_up_exactly() {
    let dir = tmp();
    let known = district(dir.path(), 50);
    let doc = json_of(dir.path());
    let summary = &doc["summary"];
    assert_eq!(summary["total"], 50);
    let sums = per_facility_sums(&doc);

    let item = |name: &str| total(summary, |t| t["kind"] == "item" && t["item"] == name);
    let amount = |t: &Value| t["amount"].as_f64().unwrap_or(-1.0);

    let floor = total(summary, |t| t["kind"] == "floor_area");
    assert_eq!(amount(floor), known.floor_m2);
    assert_eq!(amount(floor), sums["floor_area"]);
    assert_eq!(floor["unit"]["en"], "m²");

    for (name, known) in [
        ("printer", known.printers),
        ("bookshelf", known.bookshelves),
        ("child_table_chair_set", known.child_tables),
    ] {
        assert_eq!(amount(item(name)), known as f64, "{name}: generated");
        assert_eq!(
            amount(item(name)),
            sums[&format!("item:{name}")],
            "{name}: per facility"
        );
    }
    let directors = total(summary, |t| {
        t["kind"] == "staff" && t["role"] == "children_director"
    });
    assert_eq!(amount(directors), known.directors as f64);
    assert_eq!(amount(directors), sums["staff:children_director"]);

    // Lines counted in facilities: a zone to set up, a band to add.
    let zone = total(summary, |t| {
        t["kind"] == "zone" && t["zone"] == "reading_area"
    });
    assert_eq!(zone["facilities"], known.missing_reading_area);
    // A missing reading area lacks every band too.
    let band = total(summary, |t| t["kind"] == "age_band" && t["band"] == "12-18");
    assert_eq!(
        band["facilities"],
        known.missing_12_18 + known.missing_reading_area
    );

    // Every total is the sum of the lines the facilities have of it.
    for t in summary["shortfall_totals"].as_array().into_iter().flatten() {
        assert!(
            amount(t) > 0.0 && t["facilities"].as_u64().unwrap_or(0) > 0,
            "{t}"
        );
    }

    // The facilities with the most shortfalls: ten at most, most first.
    let top = summary["most_shortfalls"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(top.len(), 10);
    let keys: Vec<(u64, u64)> = top
        .iter()
        .map(|t| {
            (
                t["failing_errors"].as_u64().unwrap_or(0),
                t["failing"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] >= w[1]), "{keys:?}");

    // The requirements that fail most often, counted in facilities.
    let failing = summary["failing_requirements"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let printer_fails = failing
        .iter()
        .filter(|t| {
            t["requirement"]
                .as_str()
                .is_some_and(|r| r.ends_with(":printer"))
        })
        .map(|t| t["facilities"].as_u64().unwrap_or(0))
        .sum::<u64>();
    assert_eq!(printer_fails, known.printers);
    assert!(
        failing
            .windows(2)
            .all(|w| w[0]["facilities"].as_u64() >= w[1]["facilities"].as_u64())
    );

    // Compliance rates, overall and by level; the contract's keys are unchanged.
    for key in [
        "total",
        "compliant",
        "non_compliant",
        "incomplete",
        "error",
        "by_level",
    ] {
        assert!(summary.get(key).is_some(), "summary.{key}");
    }
    let compliant = summary["compliant"].as_f64().unwrap_or(0.0);
    assert_eq!(summary["compliance_rate"].as_f64(), Some(compliant / 50.0));
    assert!(summary["compliance_rate_by_level"]["town_station"].is_number());
}

#[test]
fn the_district_summary_reads_the_same_in_a_snapshot() {
    let dir = tmp();
    district(dir.path(), 50);
    let path = dir.path().to_string_lossy().into_owned();
    for lang in ["en", "zh"] {
        let (_, out) = run(&["check", &path, "--lang", lang]);
        let at = out
            .find(if lang == "en" {
                "\nDistrict summary"
            } else {
                "\n全区汇总"
            })
            .unwrap_or_else(|| panic!("no district summary:\n{out}"));
        // The sources are in a temporary directory: show them relative to it.
        let block = out[at..].replace(&format!("{path}/"), "");
        insta::assert_snapshot!(format!("district_summary_{lang}"), block);
    }
}

#[test]
fn every_format_shows_the_district_summary_for_a_batch_only() {
    let dir = tmp();
    district(dir.path(), 12);
    let batch = dir.path().to_string_lossy().into_owned();
    let one = "samples/town-station-short.yaml";
    let markers: [(&str, &str); 5] = [
        ("human", "District summary"),
        ("markdown", "### District summary"),
        ("html", "<section class=\"district\">"),
        ("junit", "name=\"District summary\""),
        ("sarif", "\"shortfall_totals\""),
    ];
    for (format, marker) in markers {
        let (_, out) = run(&["check", &batch, "--format", format, "--lang", "en"]);
        assert!(out.contains(marker), "{format}: batch without `{marker}`");
        let (_, out) = run(&["check", one, "--format", format, "--lang", "en"]);
        if format != "sarif" {
            assert!(
                !out.contains(marker),
                "{format}: one inventory with `{marker}`"
            );
        }
    }
    let (_, html) = run(&["check", &batch, "--format", "html", "--lang", "en"]);
    let district = &html[html.find("<section class=\"district\">").unwrap_or(0)..];
    assert!(
        district.contains("<svg"),
        "the HTML summary has a bar chart"
    );
    assert!(
        html.find("<section class=\"district\">") < html.find("<section class=\"facility\""),
        "the HTML summary is at the top"
    );
    let (_, junit) = run(&["check", &batch, "--format", "junit", "--lang", "en"]);
    assert!(junit.contains("summary.shortfall.printer"), "{junit}");
}

#[test]
fn every_format_says_what_would_make_each_failing_requirement_pass() {
    // samples/town-station-short.yaml fails floor area (24 of 30 m²), lacks a printer and a
    // child welfare supervisor.
    let one = "samples/town-station-short.yaml";
    for format in ["human", "json", "markdown", "html", "sarif", "junit"] {
        let (_, out) = run(&["check", one, "--format", format, "--lang", "en"]);
        for short in [
            "short by 6 m²",
            "administrative office: add 1 printer",
            "appoint 1 child welfare supervisor",
        ] {
            assert!(out.contains(short), "{format}: no `{short}`");
        }
        let (_, out) = run(&["check", one, "--format", format, "--lang", "zh"]);
        for short in [
            "面积不足，差 6 平方米",
            "增配打印机 1 台",
            "配备 1 名儿童督导员",
        ] {
            assert!(out.contains(short), "{format} (zh): no `{short}`");
        }
    }
}
