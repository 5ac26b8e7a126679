//! The event-level loader (issue 17) reads an inventory straight from the YAML parser's events
//! and leaves everything off the common road to the general loader (serde-saphyr). The promise:
//! wherever it reads a text, it reads the value the general loader reads, span for span; and it
//! does read the inventories people write, or it would be no faster.

#![allow(clippy::unwrap_used, clippy::panic)]

use proptest::prelude::*;
use sitecheck::load::inventory::RawInventory;
use sitecheck::load::node::Node;
use sitecheck::load::{Sp, parse_fast, parse_general};

use crate::fuzz_replay::paths::loaders_agree;

fn files_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
        {
            out.push(p);
        }
    }
}

fn texts(dirs: &[&str]) -> Vec<(String, String)> {
    let mut paths = Vec::new();
    for d in dirs {
        files_under(std::path::Path::new(d), &mut paths);
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
        .collect()
}

#[test]
fn the_loaders_agree_on_every_sample_fixture_standard_and_fuzz_input() {
    let all = texts(&["samples", "tests/fixtures", "standards", "fuzz/regressions"]);
    assert!(all.len() > 100, "only {} inputs found", all.len());
    for (name, text) in &all {
        let result = std::panic::catch_unwind(|| loaders_agree(text));
        assert!(result.is_ok(), "{name}: the loaders disagree");
    }
}

#[test]
fn every_sample_inventory_is_read_by_the_event_level_loader() {
    let mut read = 0;
    for (name, text) in texts(&["samples"]) {
        if parse_general::<RawInventory>(&text).is_err() {
            continue;
        }
        assert!(
            parse_fast::<RawInventory>(&text).is_some(),
            "{name} was left to the general loader"
        );
        read += 1;
    }
    assert!(read >= 5, "only {read} sample inventories");
}

/// Texts that take every road through YAML an inventory may take: each pair of loaders must
/// agree on each, whoever reads it.
const EDGES: &[&str] = &[
    // Scalars of every style.
    "a: plain text\nb: 'single ''quoted'''\nc: \"double \\u0041 \\n\"\nd: |\n  block\n  text\ne: >\n  folded\n  text\n",
    "a: 30\nb: -4\nc: 12.5\nd: 0\ne: -0\nf: 0.0\ng: 123456789012345\nh: 1234567890123456789\n",
    "a: 012\nb: 0x1F\nc: 0o17\nd: 1e3\ne: +3\nf: .inf\ng: -.inf\nh: .nan\ni: 1_000\nj: 3.\nk: .5\n",
    "a: true\nb: false\nc: True\nd: FALSE\ne: yes\nf: no\ng: on\nh: off\ni: y\n",
    "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: ''\ng: \"\"\nh: '~'\n",
    "a: 1号楼\nb: 3-6岁\nc: 2026-10-12\nd: 12:30\ne: -\nf: --x\ng: .hidden\n",
    // Collections, block and flow, empty and nested.
    "a: []\nb: {}\nc: [1, two, {three: 3}]\nd:\n  - x\n  - - y\n    - z\ne: {f: [g, {h: i}]}\n",
    "- a\n- b: c\n  d: e\n-\n- ~\n",
    "a:\n  b:\n    c:\n      d: [e]\n",
    // Comments, document markers, line ends, byte-order mark.
    "# leading\na: 1 # trailing\n# between\nb: 2\n",
    "---\na: 1\n...\n",
    "--- \na: 1\n",
    "a: 1\r\nb: two\r\n",
    "\u{feff}a: 1\n",
    // Keys.
    "\"quoted key\": 1\n'single': 2\n中文键: 3\n",
    "1: one\n",
    "true: yes\n",
    "~: null key\n",
    "? complex\n: key\n",
    "[a, b]: flow key\n",
    "a: 1\na: 2\n",
    "a: 1\n\"a\": 2\n",
    "a: 1\nb: 2\nA: 3\n",
    // Anchors, aliases, tags, merge keys, directives, several documents.
    "a: &x 1\nb: *x\n",
    "base: &b {c: 1}\nd:\n  <<: *b\n  e: 2\n",
    "a: !!str 30\nb: !!int \"3\"\nc: !custom x\n",
    "%YAML 1.2\n---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "",
    "# only a comment\n",
    "just a scalar\n",
    // Broken texts: both refuse.
    "a: [1, 2\n",
    "a: b: c\n",
    "\ta: 1\n",
    "a: \"unterminated\n",
    // Inventory shapes.
    "facility: {id: x, level: town_station}\nfloor_area_m2: 30.5\nstaff: []\nzones: {}\n",
    "facility: {id: x, level: town_station}\nzones: {administrative_office: {equipment: {computer: ~, printer: {count: 1}}}}\n",
    "facility: {id: x, level: 乡镇（街道）未成年人保护工作站}\nservices: {hotline: true, 个案会商: {provided: false, record: 会商纪要3份, last_done: 2026-10-12}}\n",
    "facility: {id: x, level: town_station}\nsurvey: {kind: proposed_layout, date: 2026-10-12, surveyor: 李}\n",
    "facility: {id: x, level: town_station}\nsurvey: {kind: 'site_survey'}\n",
    "facility: {id: x, level: town_station}\nsurvey: {kind: ~}\n",
    "facility: {id: x, level: town_station}\nstaff:\n  - {name: 王敏, roles: [儿童督导员, 社工], qualifications: [社会工作者证书]}\n",
    "facility: {id: x, level: town_station}\ncapacity: {beds: 12, children_served: 40.0}\n",
    "facility: {id: x, level: town_station}\nother_zones: {临时照护室: {area_m2: 36, x: [1, {y: &a z}]}}\n",
    "{\"facility\": {\"id\": \"x\", \"level\": \"town_station\"}, \"floor_area_m2\": 30, \"staff\": [{\"role\": \"社工\"}]}\n",
];

#[test]
fn the_loaders_agree_on_every_road_through_yaml() {
    for text in EDGES {
        let result = std::panic::catch_unwind(|| loaders_agree(text));
        assert!(result.is_ok(), "the loaders disagree on {text:?}");
    }
}

#[test]
fn what_the_event_level_loader_is_unsure_of_is_left_to_the_general_loader() {
    // Each of these the general loader reads in a way of its own (an alias resolved, a tag, a
    // merge, a number in another base, a YAML 1.1 word): the event-level loader must not guess.
    for text in [
        "a: &x 1\nb: *x\n",
        "base: &b {c: 1}\nd:\n  <<: *b\n",
        "a: !!str 30\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\na: 2\n",
        "a: 0x1F\n",
        "a: 1e3\n",
        "a: .inf\n",
        "a: True\n",
        "a: 012\n",
        "1: one\n",
        "? [a]\n: b\n",
    ] {
        assert!(
            parse_fast::<Sp<Node>>(text).is_none(),
            "the event-level loader read {text:?} itself"
        );
    }
}

/// Pieces of YAML put together at random: scalars of every kind and style, keys good and
/// repeated, collections in both notations.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("30".to_owned()),
        Just("-4".to_owned()),
        Just("12.50".to_owned()),
        Just("0".to_owned()),
        Just("007".to_owned()),
        Just("1e3".to_owned()),
        Just("0x10".to_owned()),
        Just("true".to_owned()),
        Just("True".to_owned()),
        Just("no".to_owned()),
        Just("~".to_owned()),
        Just(String::new()),
        Just("'it''s'".to_owned()),
        Just("\"\\t\\u00e9\"".to_owned()),
        Just("活动室".to_owned()),
        Just("3-6岁".to_owned()),
        Just("&a x".to_owned()),
        Just("*a".to_owned()),
        Just("!!str 5".to_owned()),
        "[a-z]{1,6}",
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_owned()),
        Just("b".to_owned()),
        Just("\"a\"".to_owned()),
        Just("名称".to_owned()),
        Just("1".to_owned()),
        Just("<<".to_owned()),
        "[a-z]{1,3}",
    ]
}

fn flow() -> impl Strategy<Value = String> {
    let leaf = scalar().prop_map(|s| if s.is_empty() { "~".to_owned() } else { s });
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((key(), inner), 0..4).prop_map(|v| {
                let parts: Vec<String> = v.into_iter().map(|(k, x)| format!("{k}: {x}")).collect();
                format!("{{{}}}", parts.join(", "))
            }),
        ]
    })
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec((key(), prop_oneof![scalar(), flow()]), 0..6).prop_map(|entries| {
        let mut text = String::new();
        for (k, v) in entries {
            text.push_str(&k);
            text.push_str(": ");
            text.push_str(&v);
            text.push('\n');
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_loaders_agree_on_random_yaml(text in document()) {
        let fast = parse_fast::<Sp<Node>>(&text);
        if let Some(fast) = fast {
            prop_assert_eq!(Some(fast), parse_general::<Sp<Node>>(&text).ok(), "{:?}", text);
        }
    }
}
