//! The event-level loader (issue 17) reads an inventory from the events of a scanner that knows
//! only the YAML inventories are written in, and leaves everything else to the general loader
//! (serde-saphyr). The promises: wherever the scanner reads a text, its events are the YAML
//! parser's, text and place; wherever the loader reads a text, it reads the value the general
//! loader reads, span for span; and it does read the inventories people write, or it would be no
//! faster.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::fmt::Write as _;

use proptest::prelude::*;
use sitecheck::load::inventory::RawInventory;
use sitecheck::load::node::Node;
use sitecheck::load::{Sp, parse_fast, parse_general, parser_trace, scan_trace};

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

/// Block-structure roads the scanner takes itself: each must be read by it (not left to the
/// general loader), and its events must be the parser's (`loaders_agree` compares both).
const SCANNED: &[&str] = &[
    // Keys and values, comments at every indentation, blank lines, trailing spaces.
    "# c\na: 1\nb:\n  c: x y  # z\n  d: \"q\"\n  e: 'it''s'\n\n    # deeper comment\n  f: [a, \"b\", c]\n  g: {count: 1, kinds: 2}\n",
    "a:   # nothing\nb: \nc:\n  # only a comment below\nd: v   \n",
    // Sequences: indented, at their key's indentation, of mappings, of flows, of quoted.
    "list:\n  - x\n  - k: v\n    k2: v2\n  -\n    z: 1\nsame:\n- a\n- b\nend: \"x\" # c\n",
    "a:\n- k: v\n  k2: [x]\n- y\nb:\n- [p]\nc:\n- {q: 1}\nd:\n- \"s\"\ne:\n  - k: v\n    j: w\n",
    "a:\n  - k:\n    - x\n    - y\n    j: 1\n",
    "staff:\n  - name: 邱洋涵\n    role: children_director       # 儿童主任\n  - name: 李浩曦\n    role: volunteer\n",
    // Flow collections nested on one line, with spaces inside.
    "a: [ a , b ]\nb: { k: v }\nc: []\nd: {}\ne: {count: 1, topics: [rules, safety]}\nf: [{role: x}, {role: y, q: [z]}]\n",
    // Scalars: negative numbers, colons and hashes inside, CJK columns, escapes.
    "a: -2\nb: -x\nc: x:y\nd: a,b]c\ne: a#b\nf: 中文 值 # c\ng: \"中\"\nh: [中, \"文\"]\n",
    "a: \"<script> \\\"q\\\" \\e[31m \\u00e9 \\x41 \\/ \\\\\"\nb: 'single '' quote'\n",
    "区域:\n  活动区: {面积: 30, 设备: [桌, 椅]}\n  阅读区:\n    - 绘本\n",
    // Indentation of four, one, mixed between siblings' children.
    "a:\n    b:\n        c: 1\n    d: 2\ne:\n f:\n  g: 3\n",
    // Quoted keys; a sequence at its key's indentation whose first entry starts below.
    "\"quoted key\": 1\n'single': {\"a\": [1]}\nlist:\n- \"k\": v\n  'j': w\n",
    "a:\n-\n  a: 30\nb:\n- # c\n\n  # d\n  a: 30\nc:\n-\n  - x\n",
    // No line end at the end of the file.
    "a: 1\nb: [x]",
    // A document that is one flow collection: JSON over many lines.
    "{\n  \"facility\": {\"id\": \"x\", \"level\": \"town_station\"},\n  \"floor_area_m2\": 30.5,\n  \"staff\": [\n    {\"role\": \"social_worker\"}\n  ]\n}\n",
    "{\"a\": \"\\u5b59\\u5bb6\", \"b\": [1, 2], \"c\": null, \"d\": true}",
    "{ # a comment in a flow document\n  a: 1, b: [x,\n  y]\n}\n",
];

#[test]
fn the_scanner_reads_the_block_yaml_inventories_are_written_in_as_the_parser_does() {
    for text in SCANNED {
        assert!(
            scan_trace(text).is_some(),
            "the scanner left {text:?} to the general loader"
        );
        let result = std::panic::catch_unwind(|| loaders_agree(text));
        assert!(
            result.is_ok(),
            "the scanner or loader disagrees on {text:?}"
        );
    }
}

#[test]
fn the_scanner_leaves_what_it_does_not_know_to_the_general_loader() {
    // Legal YAML off the scanner's road, and broken YAML: neither is the scanner's to judge.
    for text in [
        "a: |\n  block\n",
        "a: >\n  folded\n",
        "a: plain\n  continued\n",
        "a: \"quoted\n  continued\"\n",
        "a: [x,\n  y]\n",
        "a: &x 1\n",
        "a: *x\n",
        "a: !!str 1\n",
        "? a\n: b\n",
        "a : 1\n",
        "- a\n- b\n",
        "a:\n- \n- b\n",
        "a: \"\\ud800\"\n",
        "a: \"\\q\"\n",
        "a: 1\r\n",
        "\u{feff}a: 1\n",
        "\ta: 1\n",
        "a: x\u{85}y\n",
        "a: x\u{2028}y\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "a: [x, ]\n",
        "a: {x}\n",
        // A plain key's colon straight before a flow collection: an error to the YAML parser
        // (found by the fuzzer, 2026-12-02).
        "a: {d:[e]}\n",
        "a: {d:{e: 1}}\n",
        "a: [{d:[e]}]\n",
        "a: b: c\n",
        "a: 1\n b: 2\n",
        "a:\n  b: 1\n c: 2\n",
        "",
        "# only\n",
    ] {
        assert!(
            scan_trace(text).is_none(),
            "the scanner read {text:?} itself"
        );
        let result = std::panic::catch_unwind(|| loaders_agree(text));
        assert!(result.is_ok(), "the loaders disagree on {text:?}");
    }
}

/// A block document put together at random: mappings and sequences nested at random
/// indentations (a sequence indented or at its key's), comments and blank lines between and
/// after entries, trailing spaces, and leaves of every kind, good and bad.
#[derive(Debug, Clone)]
enum Block {
    Leaf(String),
    Map(Vec<(String, Block)>),
    Seq(Vec<Block>),
}

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        scalar(),
        flow(),
        Just("-2".to_owned()),
        Just("-".to_owned()),
        Just("x:y".to_owned()),
        Just("a #b".to_owned()),
        Just("a#b".to_owned()),
        Just("a: b".to_owned()),
        Just("- x".to_owned()),
        Just("\"\\\" \\e \\u4e2d \\x41\"".to_owned()),
        Just("\"\\ud800\"".to_owned()),
        Just("'a'' b'".to_owned()),
        Just("中 文 ".to_owned()),
        Just("[a, {b: [c]}]".to_owned()),
        Just("{a: 1, b: [x, y]}".to_owned()),
        Just("{a: }".to_owned()),
        Just("|".to_owned()),
        Just("# not a value".to_owned()),
    ]
}

/// Leaves the scanner reads itself.
fn good_leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("30".to_owned()),
        Just("-2".to_owned()),
        Just("12.5".to_owned()),
        Just("x:y".to_owned()),
        Just("a#b".to_owned()),
        Just("a b  # c".to_owned()),
        Just("活动室".to_owned()),
        Just("3-6岁".to_owned()),
        Just("'it''s'".to_owned()),
        Just("\"\\\" \\e \\u4e2d \\x41\"".to_owned()),
        Just("[a, {b: [c]}]".to_owned()),
        Just("{count: 1, topics: [规则, 安全]}".to_owned()),
        Just("[]".to_owned()),
        "[a-z]{1,6}",
    ]
}

fn block() -> impl Strategy<Value = Block> {
    tree(leaf())
}

fn tree(leaf: impl Strategy<Value = String> + 'static) -> impl Strategy<Value = Block> {
    leaf.prop_map(Block::Leaf)
        .prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                prop::collection::vec((key(), inner.clone()), 1..5).prop_map(Block::Map),
                prop::collection::vec(inner, 1..5).prop_map(Block::Seq),
            ]
        })
}

/// How a block document is laid out: per level, an indentation step, whether sequences sit at
/// their key's indentation, and what follows lines.
#[derive(Debug, Clone)]
struct Layout {
    step: usize,
    at_key: bool,
    comments: bool,
    trailing: &'static str,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        1usize..5,
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(""), Just("  "), Just(" # t")],
    )
        .prop_map(|(step, at_key, comments, trailing)| Layout {
            step,
            at_key,
            comments,
            trailing,
        })
}

fn render(node: &Block, indent: usize, lay: &Layout, out: &mut String) {
    let pad = " ".repeat(indent);
    match node {
        Block::Leaf(_) => {}
        Block::Map(entries) => {
            for (k, v) in entries {
                if lay.comments {
                    let _ = write!(out, "{pad}# 核查记录: {k}\n\n");
                }
                let _ = write!(out, "{pad}{k}:");
                render_value(v, indent, lay, out, true);
            }
        }
        Block::Seq(items) => {
            for item in items {
                let _ = write!(out, "{pad}-");
                render_value(item, indent, lay, out, false);
            }
        }
    }
}

fn render_value(v: &Block, indent: usize, lay: &Layout, out: &mut String, in_map: bool) {
    match v {
        Block::Leaf(s) => {
            out.push(' ');
            out.push_str(s);
            out.push_str(lay.trailing);
            out.push('\n');
        }
        Block::Seq(_) if in_map && lay.at_key => {
            out.push_str(lay.trailing);
            out.push('\n');
            render(v, indent, lay, out);
        }
        _ => {
            out.push_str(lay.trailing);
            out.push('\n');
            render(
                v,
                indent + lay.step.max(if in_map { 1 } else { 2 }),
                lay,
                out,
            );
        }
    }
}

fn block_document() -> impl Strategy<Value = String> {
    document_of(block())
}

fn document_of(tree: impl Strategy<Value = Block> + 'static) -> impl Strategy<Value = String> {
    (prop::collection::vec((key(), tree), 1..6), layout()).prop_map(|(entries, lay)| {
        let mut text = String::new();
        render(&Block::Map(entries), 0, &lay, &mut text);
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_scanner_and_the_parser_agree_on_random_block_yaml(text in block_document()) {
        if let Some(scanned) = scan_trace(&text) {
            prop_assert_eq!(Some(scanned), parser_trace(&text), "{:?}", text);
        }
        let result = std::panic::catch_unwind(|| loaders_agree(&text));
        prop_assert!(result.is_ok(), "the loaders disagree on {:?}", text);
    }

    #[test]
    fn the_scanner_reads_every_random_block_document_of_leaves_it_knows(
        text in document_of(tree(good_leaf()))
    ) {
        // Keys repeat at random; a repeated key is the general loader's to word.
        let scanned = scan_trace(&text);
        prop_assert!(scanned.is_some(), "left to the general loader: {:?}", text);
        prop_assert_eq!(scanned, parser_trace(&text), "{:?}", text);
    }
}
