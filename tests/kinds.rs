//! One test per requirement kind, on a small standard of another (made-up) district written
//! here: the engine holds no threshold, name or clause of its own. Each kind passes at its
//! threshold, fails below it, and is not assessed when its evidence was not surveyed.

use std::sync::Arc;

use sitecheck::check::{Status, assess};
use sitecheck::input::{StandardChoice, load};
use sitecheck::model::standard::Standard;
use sitecheck::source::SourceText;

const STANDARD: &str = r#"
id: testdistrict
version: "1"
strengths:
  must: {zh: 应, en: shall, severity: error}
  may: {zh: 可, en: may, severity: info}
  encouraged: {zh: 鼓励, en: encouraged, severity: warning}
vocabulary:
  levels: {home: {zh: 之家, en: home}}
  zones: {room: {zh: 活动室, en: room}}
  items:
    table: {zh: 桌子, en: table, unit: {zh: 张, en: tables}}
    board: {zh: 展板, en: board}
    toys: {zh: 玩具, en: toys}
  roles: {director: {zh: 主任, en: director}, helper: {zh: 助手, en: helper}}
  qualifications: {cert: {zh: 证书, en: certificate}}
  services: {reading: {zh: 阅读, en: reading}}
  topics: {exits: {zh: 出口, en: exits}, rules: {zh: 规则, en: rules}}
  operation_modes: {ngo: {zh: 社会组织, en: NGO}, state: {zh: 政府, en: state}}
levels:
  home:
    - {id: area, clause: 第一条, strength: must, kind: floor_area, min: 50}
    - {id: area_per_child, clause: 第一条(二), strength: must, kind: floor_area, min: {per: children, rate: 2.5}}
    - {id: area_by_class, clause: 第一条(三), strength: must, kind: floor_area, min: {per: children, table: [{upto: 10, min: 20}, {upto: 40, min: 60}, {min: 120}]}}
    - {id: room, clause: 第二条, strength: must, kind: zone, zone: room}
    - {id: tables, clause: 第二条, strength: must, kind: equipment, zone: room, item: table, min: 4}
    - {id: toy_kinds, clause: 第二条, strength: must, kind: kinds, zone: room, item: toys, min: 3}
    - {id: board_topics, clause: 第二条, strength: must, kind: topics, zone: room, item: board, topics: [exits, rules]}
    - {id: bands, clause: 第二条, strength: must, kind: age_bands, zone: room, bands: ["0-6", "6-12"]}
    - {id: certified_directors, clause: 第三条, strength: must, kind: staff_count, role: director, qualification: cert, min: 2}
    - {id: helpers, clause: 第三条, strength: encouraged, kind: staff_any, roles: [helper, director], min: 3}
    - {id: operation, clause: 第四条, strength: encouraged, kind: operation, modes: [ngo]}
    - {id: reading, clause: 第五条, strength: encouraged, kind: service, service: reading}
    - {id: shared, clause: 第六条, strength: may, kind: option, evidence: co_located_with}
"#;

const PASSING: &str = r#"
facility: {id: h1, level: home, co_located_with: 村委会}
floor_area_m2: 60
capacity: {children: 24}
staff:
  - {role: director, qualifications: [cert]}
  - {role: 主任, qualifications: [证书]}
  - {role: helper}
operation: {mode: ngo}
zones:
  room:
    age_bands: ["0-6岁", "6-12"]
    equipment:
      table: 4
      toys: {count: 10, kinds: 3}
      board: {count: 1, topics: [exits, 规则, weather]}
services: [reading]
"#;

fn standard() -> Arc<Standard> {
    sitecheck::registry::load_text(SourceText::new("test-district.yaml", STANDARD), &|_| None)
        .unwrap_or_else(|(_, p)| panic!("{p:?}"))
}

/// The status of requirement `id` for the inventory `PASSING` with `from` replaced by `to`.
fn status(from: &str, to: &str, id: &str) -> Status {
    assert!(
        from.is_empty() || PASSING.contains(from),
        "`{from}` is not in the inventory"
    );
    let text = if from.is_empty() {
        PASSING.to_owned()
    } else {
        PASSING.replacen(from, to, 1)
    };
    let (inv, st) = load(
        &SourceText::new("inv.yaml", text),
        &StandardChoice::fixed(standard()),
    )
    .unwrap_or_else(|p| panic!("{p:?}"));
    let a = assess(inv, st, &[], chrono::NaiveDate::default());
    a.findings
        .iter()
        .find(|f| f.requirement == id)
        .map_or_else(|| panic!("no finding {id}"), |f| f.status)
}

#[test]
fn floor_area_passes_at_the_minimum_and_fails_below() {
    assert_eq!(
        status("floor_area_m2: 60", "floor_area_m2: 50", "area"),
        Status::Pass
    );
    assert_eq!(
        status("floor_area_m2: 60", "floor_area_m2: 49.9", "area"),
        Status::Fail
    );
    assert_eq!(
        status("floor_area_m2: 60", "floor_area_m2: ~", "area"),
        Status::NotAssessed
    );
}

#[test]
fn a_per_unit_threshold_scales_with_the_capacity() {
    // 24 children × 2.5 m² = 60 m².
    assert_eq!(status("", "", "area_per_child"), Status::Pass);
    assert_eq!(
        status("children: 24", "children: 25", "area_per_child"),
        Status::Fail
    );
    assert_eq!(
        status("capacity: {children: 24}", "capacity: {}", "area_per_child"),
        Status::NotAssessed
    );
}

#[test]
fn a_table_threshold_picks_the_size_class() {
    assert_eq!(
        status("", "", "area_by_class"),
        Status::Pass,
        "24 children: class up to 40, 60 m²"
    );
    assert_eq!(
        status("children: 24", "children: 41", "area_by_class"),
        Status::Fail,
        "41 children: open class, 120 m²"
    );
    assert_eq!(
        status("children: 24", "children: 10", "area_by_class"),
        Status::Pass
    );
}

#[test]
fn zone_presence() {
    assert_eq!(status("", "", "room"), Status::Pass);
    assert_eq!(
        status(
            "zones:\n  room:",
            "zones: {}\nother_zones:\n  room:",
            "room"
        ),
        Status::Fail
    );
    assert_eq!(
        status("zones:\n  room:", "zones: ~\nother_zones:\n  room:", "room"),
        Status::NotAssessed
    );
}

#[test]
fn equipment_counts() {
    assert_eq!(status("table: 4", "table: 3", "tables"), Status::Fail);
    assert_eq!(status("table: 4", "桌子: 4", "tables"), Status::Pass);
    assert_eq!(
        status("table: 4", "table: ~", "tables"),
        Status::NotAssessed
    );
    assert_eq!(
        status("      table: 4\n", "", "tables"),
        Status::Fail,
        "left out of a surveyed list: zero"
    );
}

#[test]
fn kinds_of_an_item() {
    assert_eq!(status("kinds: 3", "kinds: 2", "toy_kinds"), Status::Fail);
    assert_eq!(
        status("{count: 10, kinds: 3}", "10", "toy_kinds"),
        Status::NotAssessed
    );
}

#[test]
fn topics_of_a_display_allow_others() {
    assert_eq!(status("", "", "board_topics"), Status::Pass);
    assert_eq!(
        status("[exits, 规则, weather]", "[exits, weather]", "board_topics"),
        Status::Fail
    );
    assert_eq!(
        status(
            "{count: 1, topics: [exits, 规则, weather]}",
            "1",
            "board_topics"
        ),
        Status::NotAssessed
    );
}

#[test]
fn age_bands_cover_every_band() {
    assert_eq!(status("", "", "bands"), Status::Pass);
    assert_eq!(
        status("[\"0-6岁\", \"6-12\"]", "[\"0-6\"]", "bands"),
        Status::Fail
    );
    assert_eq!(
        status("    age_bands: [\"0-6岁\", \"6-12\"]\n", "", "bands"),
        Status::NotAssessed
    );
}

#[test]
fn staff_count_needs_role_and_qualification() {
    assert_eq!(status("", "", "certified_directors"), Status::Pass);
    assert_eq!(
        status(
            "{role: 主任, qualifications: [证书]}",
            "{role: 主任}",
            "certified_directors"
        ),
        Status::Fail
    );
    assert_eq!(
        status(
            "{role: director, qualifications: [cert]}",
            "{role: helper, qualifications: [cert]}",
            "certified_directors"
        ),
        Status::Fail
    );
}

#[test]
fn staff_any_counts_any_of_the_roles() {
    assert_eq!(status("", "", "helpers"), Status::Pass);
    assert_eq!(status("  - {role: helper}\n", "", "helpers"), Status::Fail);
}

#[test]
fn operation_mode() {
    assert_eq!(status("", "", "operation"), Status::Pass);
    assert_eq!(status("mode: ngo", "mode: 政府", "operation"), Status::Fail);
    assert_eq!(
        status("operation: {mode: ngo}", "", "operation"),
        Status::NotAssessed
    );
}

#[test]
fn service_provided() {
    assert_eq!(status("", "", "reading"), Status::Pass);
    assert_eq!(
        status("services: [reading]", "services: []", "reading"),
        Status::Fail
    );
    assert_eq!(
        status("services: [reading]", "", "reading"),
        Status::NotAssessed
    );
}

#[test]
fn an_option_passes_either_way() {
    assert_eq!(status("", "", "shared"), Status::Pass);
    assert_eq!(
        status(", co_located_with: 村委会", "", "shared"),
        Status::Pass
    );
}
