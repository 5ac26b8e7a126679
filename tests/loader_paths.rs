//! The fast typed loader and the JSON Schema pass accept and reject the same inputs, so that
//! running the schema pass only when typed loading fails loses nothing.

use sitecheck::input::{StandardChoice, load_typed, schema_problems};
use sitecheck::source::SourceText;

fn inputs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["samples", "tests/fixtures/at-minimum", "tests/fixtures/bad"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.sort();
        for p in paths {
            let name = p.display().to_string();
            // Known, documented difference: JSON Schema cannot say that two spellings of one name
            // (`computer` and `电脑`) are a duplicate; the typed loader reports it, and `load`
            // runs both, so it is still refused.
            if name.contains("two-spellings") || name.contains("not-utf8") {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(&p) {
                out.push((name, text));
            }
        }
    }
    // Edge cases of the contract's shapes.
    let base = "facility: {id: x, level: town_station}\n";
    for extra in [
        "",
        "floor_area_m2: ~\n",
        "floor_area_m2:\n",
        "floor_area_m2: 30.5\n",
        "floor_area_m2: \"30\"\n",
        "staff: []\n",
        "staff:\n  - {role: 儿童督导员}\n",
        "staff:\n  - {name: 王敏}\n",
        "zones: {}\n",
        "zones: {行政办公区域: ~}\n",
        "zones: {administrative_office: {equipment: {computer: ~, printer: {count: 1}}}}\n",
        "zones: {administrative_office: {equipment: {computer: 1.5}}}\n",
        "zones: {administrative_office: {equipment: {computer: {count: 1, colour: red}}}}\n",
        "zones: {reading_area: {age_bands: [\"0-3岁\", 3-6]}}\n",
        "services: [hotline, 个案会商]\n",
        "services: hotline\n",
        "operation: {mode: 政府运营}\n",
        "operation: {mode: privately}\n",
        "survey: {kind: site_survey, date: 2026-10-12}\n",
        "survey: {kind: inspection}\n",
        "survey: {date: 2026-02-30}\n",
        "capacity: {beds: 12}\n",
        "capacity: {beds: -1}\n",
        "other_zones: {临时照护室: {area_m2: 36}}\n",
        "standard: huancui\n",
        "standard: huancui@2021-trial\n",
        "standard: nosuch\n",
        "unknown: 1\n",
    ] {
        out.push((format!("edge: {extra:?}"), format!("{base}{extra}")));
    }
    out.push(("edge: no facility".into(), "floor_area_m2: 30\n".into()));
    out.push((
        "edge: facility without level".into(),
        "facility: {id: x}\n".into(),
    ));
    out
}

#[test]
fn both_paths_accept_and_reject_the_same_inputs() {
    let mut accepted = 0;
    for (name, text) in inputs() {
        let src = SourceText::new(name.clone(), text);
        let typed = load_typed(&src, &StandardChoice::AUTO).is_ok();
        let schema = schema_problems(&src, &StandardChoice::AUTO);
        assert_eq!(
            typed,
            schema.is_empty(),
            "{name}: typed loader {} but the schema pass found {schema:?}",
            if typed { "accepts" } else { "rejects" }
        );
        accepted += usize::from(typed);
    }
    assert!(
        accepted >= 10,
        "the set must hold valid inputs too ({accepted})"
    );
}
