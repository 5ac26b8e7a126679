//! Hostile inputs, end to end through the binary: each ends in bounded time (seconds) and
//! memory (peak RSS under 512 MB, measured with `/usr/bin/time` where it exists) with exit 2
//! and a located, plain-language diagnostic — or, where the input is valid, with the right
//! verdict. Big inputs are generated into a temporary directory at test time.
//!
//! Bad-input kinds that `tests/cli.rs` already shows located (the committed fixtures, a
//! dangling symlink, a directory named like an inventory, a 33 MiB file) are not repeated
//! here, except that every committed bad fixture is run once more under the time and memory
//! bounds.
//!
//! Also here: strings from inventories, standards, waivers and file names come out escaped or
//! neutralised in every format; nothing is lost in a batch (every input once, counts equal to
//! the inputs given), even while files change under the run; an interrupted `--output` never
//! leaves a partial report.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::util::{DATE, Run, TOWN_STATION, bin, run, run_with, time_available, tmp, write};

/// `check FILE --format json` of one input: its report.
fn check_json(path: &Path) -> (Option<i32>, Value) {
    let r = run(&[
        "check",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--date",
        DATE,
        "--lang",
        "en",
    ]);
    let doc = r.json();
    assert_eq!(doc["summary"]["total"], 1, "{}", r.stdout);
    (r.code, doc["reports"][0].clone())
}

/// The report of an input that could not be checked: exit 2, status error, its first problem
/// at `line`:`column`, and a message (with its help) holding each of `words`.
fn assert_refused(path: &Path, line: u64, column: u64, words: &[&str]) -> Value {
    let (code, report) = check_json(path);
    assert_eq!(code, Some(2), "{report}");
    assert_eq!(report["status"], "error", "{report}");
    let e = &report["error"];
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(line), Some(column)),
        "{e}"
    );
    let text = format!("{} {}", e["message"], e["help"]);
    for w in words {
        assert!(text.contains(w), "`{w}` not in {text}");
    }
    report
}

/// The human report of a file: it names the file, the position, and shows the line.
fn assert_human_shows(path: &Path, position: &str, line_text: &str) {
    let r = run(&["check", path.to_str().unwrap(), "--date", DATE]);
    assert_eq!(r.code, Some(2), "{}", r.stdout);
    let name = path.file_name().unwrap().to_str().unwrap();
    assert!(
        r.stdout.contains(&format!("{name}:{position}")),
        "`{name}:{position}` not in\n{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(line_text),
        "`{line_text}` not in\n{}",
        r.stdout
    );
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(path).unwrap()
}

const SHORT: &str = "samples/town-station-short.yaml";

// ---------------------------------------------------------------------------------------------
// Resource bounds.

#[test]
fn every_committed_bad_fixture_ends_in_bounded_time_and_memory() {
    let mut n = 0;
    for entry in std::fs::read_dir("tests/fixtures/bad").unwrap() {
        let path = entry.unwrap().path();
        let r = run(&["check", path.to_str().unwrap(), "--format", "json"]);
        assert_eq!(r.code, Some(2), "{}", path.display());
        n += 1;
    }
    assert!(n >= 10);
}

#[test]
fn the_memory_bound_is_measured() {
    // The bounds above are only as good as the measurement: on a machine with GNU time, every
    // run reports its peak.
    if !time_available() {
        return;
    }
    let r = run(&["check", TOWN_STATION]);
    assert_eq!(r.code, Some(0));
    assert!(
        r.peak_kb.is_some_and(|kb| kb > 0),
        "/usr/bin/time gave no peak RSS"
    );
}

#[test]
fn a_billion_laughs_alias_bomb_is_stopped_at_its_line() {
    // Nine levels of ten aliases each: 10⁹ values if expanded.
    let dir = tmp();
    let mut text = String::from("facility: {id: laughs, level: town_station}\nother_zones:\n");
    text.push_str("  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*l{}", i - 1); 10].join(", ");
        let _ = writeln!(text, "  l{i}: &l{i} [{refs}]");
    }
    let path = write(dir.path(), "laughs.yaml", text);
    let report = assert_refused(&path, 7, 47, &["alias bomb", "100000"]);
    assert!(report["error"]["help"].as_str().unwrap().contains("write"));
}

#[test]
fn too_many_alias_uses_are_stopped_and_ordinary_anchors_are_fine() {
    let dir = tmp();
    let mut text = fixture(TOWN_STATION);
    text.push_str("other_zones:\n  spare: &spare {chairs: 2}\n");
    for i in 0..20_000 {
        let _ = writeln!(text, "  copy{i}: *spare");
    }
    let path = write(dir.path(), "aliases.yaml", &text);
    let lines = fixture(TOWN_STATION).lines().count() as u64;
    // The 10,001st use is the one refused.
    assert_refused(
        &path,
        lines + 2 + 10_001,
        14,
        &["more than 10000 times", "at most 10000 times"],
    );

    // An ordinary anchor, used a few times, checks as written.
    let mut ok = fixture(TOWN_STATION);
    ok.push_str("other_zones:\n  spare: &spare {chairs: 2}\n  copy: *spare\n  again: *spare\n");
    let path = write(dir.path(), "anchors.yaml", ok);
    let (code, report) = check_json(&path);
    assert_eq!(
        (code, report["status"].as_str()),
        (Some(0), Some("compliant"))
    );
}

#[test]
fn aliases_of_one_long_string_are_stopped_before_they_fill_memory() {
    // 1 MB of text, named 9,000 times (within the alias count): 9 GB if every use were kept.
    let dir = tmp();
    let mut text = format!(
        "facility: {{id: fat, level: town_station}}\nsurvey: {{surveyor: &big \"{}\"}}\nstaff:\n",
        "x".repeat(1_000_000)
    );
    for _ in 0..9_000 {
        text.push_str("  - {name: *big, role: volunteer}\n");
    }
    let path = write(dir.path(), "fat.yaml", text);
    // The 67th use (67 MB with the first) goes over 64 MiB.
    assert_refused(&path, 3 + 67, 12, &["aliases expanded", "64 MiB"]);
}

#[test]
fn nesting_200000_deep_is_stopped_in_flow_mappings_and_in_block_style() {
    let dir = tmp();
    let head = "facility: {id: deep, level: town_station}\n";
    // Flow mappings (flow sequences: tests/fixtures/bad/deep-nesting.yaml).
    let flow = write(
        dir.path(),
        "flow-maps.yaml",
        format!("{head}zones: {}\n", "{a: ".repeat(200_000)),
    );
    assert_refused(&flow, 2, 260, &["more than 64 levels"]);
    // Block sequences, compact: `- - - - …`, 200,000 deep on one line.
    let block = write(
        dir.path(),
        "block-seqs.yaml",
        format!("{head}zones:\n  {}x\n", "- ".repeat(200_000)),
    );
    assert_refused(&block, 3, 129, &["more than 64 levels"]);
    // Block mappings, each indented one more space (deep enough to pass the limit; 200,000
    // would take 20 GB of indentation).
    let mut text = format!("{head}other_zones:\n");
    for i in 0..2_000 {
        text.push_str(&" ".repeat(i + 1));
        let _ = writeln!(text, "k{i}:");
    }
    let maps = write(dir.path(), "block-maps.yaml", text);
    let report = assert_refused(&maps, 66, 65, &["more than 64 levels", "64 levels deep"]);
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(1));
    assert_human_shows(&maps, "66:65", "k63:");
}

#[test]
fn nesting_right_at_the_limit_is_checked_in_a_batch_and_alone_without_overflowing_a_stack() {
    // 64 levels (the inventory, `other_zones`, 62 more) are allowed. Unoptimised, that much
    // recursion took more than a worker thread's default 2 MiB stack: the run aborted.
    let dir = tmp();
    let base = fixture(TOWN_STATION);
    let n = 62;
    let styles = [
        format!("{}{}", "[".repeat(n), "]".repeat(n)),
        format!("{}x{}", "{a: ".repeat(n), "}".repeat(n)),
        format!("\n    {}x", "- ".repeat(n)),
    ];
    for (i, deep) in styles.iter().enumerate() {
        for copy in 0..3 {
            write(
                dir.path(),
                &format!("deep{i}-{copy}.yaml"),
                format!("{base}other_zones:\n  deep: {deep}\n"),
            );
        }
    }
    let r = run(&["check", dir.path().to_str().unwrap(), "--format", "json"]);
    let doc = r.json();
    let statuses: Vec<(String, String)> = sources(&doc);
    assert_eq!(statuses.len(), 9);
    assert!(
        statuses.iter().all(|(_, s)| s == "compliant"),
        "{statuses:?}"
    );
    assert_eq!(r.code, Some(0));
    // Alone, a file is checked on the main thread when `ulimit -s` leaves it deep enough, and
    // on a worker's stack when it does not (1 MiB here: too little for an unoptimised build at
    // the limit), and under the default limit (8 MiB).
    for (i, kib) in (0..styles.len()).flat_map(|i| [(i, 1024), (i, 8192)]) {
        let one = dir.path().join(format!("deep{i}-0.yaml"));
        let (code, out, err) = crate::util::output(
            assert_cmd::Command::new("sh")
                .arg("-c")
                .arg(format!(
                    r#"ulimit -s {kib} && exec "$0" check "$1" --format json"#
                ))
                .arg(bin())
                .arg(&one),
        );
        assert_eq!(code, 0, "{out}{err}");
        let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
        assert_eq!(
            sources(&doc),
            [(one.display().to_string(), "compliant".to_owned())]
        );
    }
    // One level more is refused.
    let over = write(
        dir.path(),
        "over.yaml",
        format!(
            "{base}other_zones:\n  deep: {}{}\n",
            "[".repeat(n + 1),
            "]".repeat(n + 1)
        ),
    );
    let lines = base.lines().count() as u64 + 2;
    assert_refused(&over, lines, 71, &["more than 64 levels"]);
}

#[test]
fn a_50_mb_file_is_refused_without_being_read() {
    let dir = tmp();
    let path = dir.path().join("huge.yaml");
    let f = std::fs::File::create(&path).unwrap();
    // A sparse file: 50 MB of NUL bytes that cost no disk, and would cost 50 MB of memory
    // (and more to parse) if it were read.
    f.set_len(50 * 1000 * 1000).unwrap();
    let r = run(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.code, Some(2));
    let e = &r.json()["reports"][0]["error"];
    let message = e["message"].as_str().unwrap();
    assert!(
        message.contains("too large") && message.contains("50000000 bytes"),
        "{e}"
    );
    assert!(message.contains("32 MiB"), "the limit is named: {e}");
    if let Some(kb) = r.peak_kb {
        assert!(kb < 48 * 1024, "the file was read: {} MiB peak", kb / 1024);
    }
}

#[test]
fn a_50_mb_standard_input_is_refused_after_the_limit() {
    let r = run_with(
        &["check", "-", "--format", "json"],
        Some(vec![b'#'; 50 * 1000 * 1000]),
        None,
    );
    assert_eq!(r.code, Some(2));
    let doc = r.json();
    assert_eq!(doc["reports"][0]["source"], "-");
    let message = doc["reports"][0]["error"]["message"].as_str().unwrap();
    assert!(message.contains("too large"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// Encodings and bytes.

#[test]
fn invalid_utf8_is_located_in_a_chinese_line_on_standard_input_and_in_binary_garbage() {
    // A GBK-encoded name after valid UTF-8 Chinese: the column counts characters.
    let mut bytes = b"facility:\n  id: gbk\n  name: \xe7\x8e\xaf\xe7\xbf\xa0".to_vec();
    bytes.extend_from_slice(b"\xbb\xb7\xb4\xe4\n  level: town_station\n");
    let dir = tmp();
    let path = write(dir.path(), "gbk.yaml", &bytes);
    assert_refused(&path, 3, 11, &["not UTF-8", "UTF-8"]);
    // A truncated character at the very end.
    let mut cut = fixture(TOWN_STATION).into_bytes();
    cut.extend_from_slice("# 环".as_bytes().split_last().unwrap().1);
    let path = write(dir.path(), "cut.yaml", &cut);
    let lines = fixture(TOWN_STATION).lines().count() as u64;
    assert_refused(&path, lines + 1, 3, &["not UTF-8"]);
    // On standard input, the same.
    let r = run_with(&["check", "-", "--format", "json"], Some(bytes), None);
    assert_eq!(r.code, Some(2));
    let e = &r.json()["reports"][0]["error"];
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(3), Some(11))
    );
    // A megabyte of pseudo-random bytes.
    let mut x: u32 = 0x2545_f491;
    let garbage: Vec<u8> = (0..1_000_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x.to_le_bytes()[0]
        })
        .collect();
    let path = write(dir.path(), "garbage.json", garbage);
    let (code, report) = check_json(&path);
    assert_eq!(code, Some(2));
    assert!(report["error"]["line"].as_u64().is_some(), "{report}");
}

/// The findings of a report, without what names the file: (requirement, status, line, column).
fn findings(report: &Value) -> Vec<(String, String, Value, Value)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["requirement"].as_str().unwrap().to_owned(),
                f["status"].as_str().unwrap().to_owned(),
                f["location"]["line"].clone(),
                f["location"]["column"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_utf8_bom_is_accepted_and_every_location_stays_where_it_is() {
    let dir = tmp();
    for (name, want) in [(SHORT, "non_compliant"), (TOWN_STATION, "compliant")] {
        let plain = write(dir.path(), "plain.yaml", fixture(name));
        let bom = write(dir.path(), "bom.yaml", format!("\u{feff}{}", fixture(name)));
        let (code, a) = check_json(&plain);
        let (bom_code, b) = check_json(&bom);
        assert_eq!(code, bom_code, "{name}");
        assert_eq!(b["status"], want, "{name}");
        assert_eq!(findings(&a), findings(&b), "{name}: a BOM moves no finding");
    }
    // The README's example: the floor area at 23:16.
    let bom = write(
        dir.path(),
        "bom.yaml",
        format!("\u{feff}{}", fixture(SHORT)),
    );
    let (_, b) = check_json(&bom);
    let floor = findings(&b)
        .into_iter()
        .find(|f| f.0 == "floor_area")
        .unwrap();
    assert_eq!((floor.2, floor.3), (Value::from(23), Value::from(16)));
    // A problem in a BOM file is located as in the file without one.
    let bad = write(
        dir.path(),
        "bom-bad.yaml",
        format!("\u{feff}{}", fixture("tests/fixtures/bad/unknown-key.yaml")),
    );
    let (_, plain) = check_json(Path::new("tests/fixtures/bad/unknown-key.yaml"));
    let (_, with_bom) = check_json(&bad);
    assert_eq!(plain["errors"], with_bom["errors"]);
}

#[test]
fn crlf_line_ends_give_the_same_verdicts_and_the_same_lines() {
    let dir = tmp();
    for name in [
        SHORT,
        TOWN_STATION,
        "samples/childrens-home-reading-gap.json",
    ] {
        let crlf = write(dir.path(), "crlf.yaml", fixture(name).replace('\n', "\r\n"));
        let (code, a) = check_json(Path::new(name));
        let (crlf_code, b) = check_json(&crlf);
        assert_eq!((code, &a["status"]), (crlf_code, &b["status"]), "{name}");
        assert_eq!(findings(&a), findings(&b), "{name}: CRLF moves no finding");
    }
    // Problems too, and the human report shows the line without its carriage return.
    for bad in [
        "many-problems.yaml",
        "unknown-zone.yaml",
        "duplicate-key.yaml",
    ] {
        let name = format!("tests/fixtures/bad/{bad}");
        let crlf = write(dir.path(), bad, fixture(&name).replace('\n', "\r\n"));
        let (_, a) = check_json(Path::new(&name));
        let (_, b) = check_json(&crlf);
        assert_eq!(a["errors"], b["errors"], "{bad}");
    }
    let crlf = write(
        dir.path(),
        "unknown-key.yaml",
        fixture("tests/fixtures/bad/unknown-key.yaml").replace('\n', "\r\n"),
    );
    let r = run(&["check", crlf.to_str().unwrap()]);
    assert!(!r.stdout.contains('\r'), "{:?}", r.stdout);
}

#[test]
fn a_lone_carriage_return_is_refused_where_it_is() {
    // YAML reads a lone CR as a line break; editors and reports count lines by LF, so the
    // file is refused at the CR rather than mislocated.
    let dir = tmp();
    let text = fixture(TOWN_STATION).replacen('\n', "\r", 1);
    let path = write(dir.path(), "cr.yaml", text);
    let first = fixture(TOWN_STATION)
        .lines()
        .next()
        .unwrap()
        .chars()
        .count() as u64;
    assert_refused(&path, 1, first + 1, &["carriage return", "CRLF"]);
}

#[test]
fn tabs_in_indentation_are_refused_at_the_tab() {
    let dir = tmp();
    let text = fixture(TOWN_STATION).replacen("\n  id:", "\n\tid:", 1);
    let line = text.lines().position(|l| l.starts_with('\t')).unwrap() as u64 + 1;
    let path = write(dir.path(), "tabs.yaml", text);
    assert_refused(&path, line, 1, &["tab", "indent with spaces"]);
    assert_human_shows(&path, &format!("{line}:1"), "id:");
}

#[test]
fn nul_bytes_are_refused_where_they_are() {
    let dir = tmp();
    let text = fixture(TOWN_STATION).replacen("id: ", "id: a\0b", 1);
    let line = text.lines().position(|l| l.contains('\0')).unwrap() as u64 + 1;
    let column = text
        .lines()
        .nth(line as usize - 1)
        .unwrap()
        .find('\0')
        .unwrap() as u64
        + 1;
    let path = write(dir.path(), "nul.yaml", text);
    assert_refused(&path, line, column, &["\\u{0}", "control character"]);
    // The human report shows the line with the NUL made visible, never raw.
    let r = run(&["check", path.to_str().unwrap()]);
    assert!(r.stdout.contains("id: a?b"), "{}", r.stdout);
    assert!(!r.stdout.contains('\0'));
    // A file of nothing but NUL bytes.
    let zeros = write(dir.path(), "zeros.yaml", vec![0u8; 4096]);
    assert_refused(&zeros, 1, 1, &["control character"]);
}

#[test]
fn plain_scalars_that_look_like_booleans_or_numbers_are_text_where_text_is_expected() {
    // `no`, `on`, `y` are YAML 1.1 booleans; `2026001` is a number. Where the inventory wants
    // text they are that text, on both loader paths: another problem in the file (the quoted
    // area) is the only one reported.
    let dir = tmp();
    for (id, name) in [
        ("no", "on"),
        ("y", "off"),
        ("2026001", "1.5"),
        ("n", "true"),
    ] {
        let path = write(
            dir.path(),
            "scalars.yaml",
            format!(
                "facility: {{id: {id}, name: {name}, level: town_station}}\nfloor_area_m2: \"30\"\n"
            ),
        );
        let report = assert_refused(&path, 2, 16, &["expected a number"]);
        assert_eq!(
            report["errors"].as_array().map(Vec::len),
            Some(1),
            "{report}"
        );
        let ok = write(
            dir.path(),
            "scalars-ok.yaml",
            fixture(TOWN_STATION).replacen("id: ", &format!("id: {id} #"), 1),
        );
        let (code, report) = check_json(&ok);
        assert_eq!(code, Some(0), "{report}");
        assert_eq!(report["facility"]["id"], id);
    }
}

#[test]
fn age_bands_as_people_write_them_are_read_and_odd_documents_are_refused_in_plain_words() {
    let dir = tmp();
    // Full-width digits, other dashes, 岁 and 周岁.
    let home = fixture("tests/fixtures/at-minimum/childrens-home.yaml").replace(
        r#"["0-3", "3-6", "6-12", "12-18"]"#,
        r#"["0～3岁", "３-６岁", "6至12", "12-18周岁"]"#,
    );
    let path = write(dir.path(), "home.yaml", home);
    let (code, report) = check_json(&path);
    assert_eq!(
        (code, report["status"].as_str()),
        (Some(0), Some("compliant")),
        "{report}"
    );
    // Two documents in one file; a number that is not finite.
    let two = write(
        dir.path(),
        "two.yaml",
        format!("{}---\nfacility: {{id: b}}\n", fixture(TOWN_STATION)),
    );
    let line = fixture(TOWN_STATION).lines().count() as u64 + 1;
    assert_refused(&two, line, 1, &["more than one YAML document"]);
    let nan = write(
        dir.path(),
        "nan.yaml",
        "facility: {id: n, level: town_station}\nfloor_area_m2: .nan\n",
    );
    let report = assert_refused(&nan, 2, 16, &["`.nan` is not a finite number"]);
    assert!(!report.to_string().contains("policy"), "{report}");
}

#[test]
fn a_message_quoting_the_file_is_not_mistaken_for_a_limit() {
    // The parser's message quotes the key; a key that reads like a limit's name (found by
    // fuzzing the standard loader) or like "duplicate" is still just an unknown key.
    let dir = tmp();
    for key in [
        "budget breached: Nodes {",
        "duplicate",
        "Depth {",
        "alias replay",
    ] {
        let text = format!("{}{key:?}: 1\n", fixture(TOWN_STATION));
        let path = write(dir.path(), "odd-key.yaml", text);
        let (code, report) = check_json(&path);
        assert_eq!(code, Some(2));
        let e = &report["error"];
        assert_eq!(e["code"], "sitecheck::unknown-key", "{key}: {e}");
        assert!(!e["message"].as_str().unwrap().contains("4000000"), "{e}");
    }
    // The standard the fuzzer wrote: its only problem was read as "more than 4000000 values".
    let path = write(
        dir.path(),
        "standard.yaml",
        "# A ct\n  Nodes {  fails:\n       : \"202-ooflr_aera\n 0  inent: {}}\n",
    );
    let r = run(&["standards", "check", path.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(r.code, Some(2));
    let out = format!("{}{}", r.stdout, r.stderr);
    assert!(out.contains("unknown field `Nodes {  fails`"), "{out}");
    assert!(!out.contains("4000000"), "{out}");
}

#[test]
fn an_empty_file_says_it_is_empty() {
    let dir = tmp();
    for (name, text) in [
        ("empty.yaml", ""),
        ("blank.yaml", "\n\n   \n"),
        ("comments.yaml", "# 清单\n# (to be filled in)\n"),
        ("empty.json", ""),
    ] {
        let path = write(dir.path(), name, text);
        assert_refused(&path, 1, 1, &["empty", "facility:"]);
    }
    let r = run_with(&["check", "-", "--format", "json"], Some(Vec::new()), None);
    assert_eq!(r.code, Some(2));
    assert!(
        r.json()["reports"][0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("empty")
    );
}

#[test]
fn a_broken_standard_file_is_described_in_plain_words() {
    // Fuzzed standard files: the parser's words for them spoke of Rust types and parser
    // states, and a standard's problems were said to be the inventory's.
    let dir = tmp();
    for (text, words) in [
        ("- just\n- a list\n", "the standard: expected a mapping"),
        (
            "vocabulary: {}\n",
            "the standard is missing the required key `id`",
        ),
        (
            "extends: huancu2@i201-trial\ncases:\n  - name: ---nt\n    : {}}\n",
            "text is required here",
        ),
        (
            "A # x\n}in\n",
            "a mapping (key: value lines) is required here",
        ),
    ] {
        let path = write(dir.path(), "standard.yaml", text);
        let r = run(&["standards", "check", path.to_str().unwrap(), "--lang", "en"]);
        assert_eq!(r.code, Some(2), "{text}");
        let out = format!("{}{}", r.stdout, r.stderr);
        assert!(out.contains(words), "`{words}` not in\n{out}");
        for jargon in ["Option<", "deserialize", "scalar", "the inventory"] {
            assert!(!out.contains(jargon), "`{jargon}` in\n{out}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Files that are not files.

#[test]
fn a_directory_given_where_a_file_is_expected_is_a_usage_error() {
    // As an inventory: tests/cli.rs. As the waiver file, the standard file or the output:
    let dir = tmp();
    let d = dir.path().join("waivers.yaml");
    std::fs::create_dir(&d).unwrap();
    let d = d.to_str().unwrap();
    let r = run(&["check", TOWN_STATION, "--waivers", d]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("waivers.yaml") && r.stderr.contains("directory"),
        "{}",
        r.stderr
    );
    let r = run(&["check", TOWN_STATION, "--standard", d]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("waivers.yaml"), "{}", r.stderr);
    let r = run(&["check", TOWN_STATION, "--output", d]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("cannot write the report"), "{}", r.stderr);
    assert!(
        std::fs::read_dir(d).unwrap().next().is_none(),
        "nothing left in the directory"
    );
}

/// (source, status) of every report of a JSON document.
fn sources(doc: &Value) -> Vec<(String, String)> {
    doc["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["source"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// A folder `inv` holding the compliant town station as `inv/<sub>/a.yaml`.
/// Asserts that a run's report lists exactly these files under `root`, each compliant.
fn assert_compliant(r: &Run, root: &Path, files: &[&str]) {
    let root = root.to_str().unwrap();
    let expected: Vec<(String, String)> = files
        .iter()
        .map(|f| (format!("{root}/{f}"), "compliant".to_owned()))
        .collect();
    assert_eq!(sources(&r.json()), expected);
}

fn folder_with_a_station_in(sub: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tmp();
    let root = dir.path().join("inv");
    std::fs::create_dir_all(root.join(sub)).unwrap();
    std::fs::copy(TOWN_STATION, root.join(sub).join("a.yaml")).unwrap();
    (dir, root)
}

#[test]
fn folders_nested_past_the_limit_are_reported_as_too_deep_not_as_a_loop() {
    // A survey 64 folders below the folder named is checked (the limit is 64); the folder one
    // deeper is reported as too deep, not as a symlink loop (there is no link anywhere).
    let dir = tmp();
    let root = dir.path().join("inv");
    let mut deep = root.clone();
    for i in 1..=64 {
        deep = deep.join(format!("d{i}"));
    }
    std::fs::create_dir_all(deep.join("d65")).unwrap();
    std::fs::copy(TOWN_STATION, deep.join("a.yaml")).unwrap();
    std::fs::copy(TOWN_STATION, deep.join("d65/b.yaml")).unwrap();
    for (lang, said) in [
        ("en", "nested more than 64 deep"),
        ("zh", "文件夹嵌套超过 64 层"),
    ] {
        let r = run(&[
            "check",
            root.to_str().unwrap(),
            "--format",
            "json",
            "--lang",
            lang,
        ]);
        assert_eq!(r.code, Some(2), "{}", r.stderr);
        let doc = r.json();
        let got = sources(&doc);
        let deep = deep.to_str().unwrap();
        assert_eq!(
            got,
            [
                (format!("{deep}/a.yaml"), "compliant".to_owned()),
                (format!("{deep}/d65"), "error".to_owned())
            ]
        );
        let e = &doc["reports"][1]["error"];
        let message = e["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(said) && !message.contains("loop") && !message.contains("循环"),
            "{e}"
        );
    }
}

#[test]
fn symlink_loops_in_a_scanned_directory_end_and_are_reported() {
    let (_dir, root) = folder_with_a_station_in("sub");
    // A directory that links back to its parent, and a file that links to itself.
    std::os::unix::fs::symlink(&root, root.join("sub/back")).unwrap();
    std::os::unix::fs::symlink("self.yaml", root.join("self.yaml")).unwrap();
    let r = run(&["check", root.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.code, Some(2), "{}", r.stdout);
    let root = root.to_str().unwrap();
    let got = sources(&r.json());
    assert_eq!(
        got,
        vec![
            (format!("{root}/self.yaml"), "error".to_owned()),
            (format!("{root}/sub/a.yaml"), "compliant".to_owned()),
            (format!("{root}/sub/back"), "error".to_owned()),
        ]
    );
    let doc = r.json();
    assert!(
        doc["reports"][2]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("symlink loop")
    );
}

#[test]
fn a_fifo_named_like_an_inventory_does_not_hang_the_walk() {
    // Nothing ever writes to it: opening it to read would wait for ever.
    let dir = tmp();
    std::fs::copy(TOWN_STATION, dir.path().join("a.yaml")).unwrap();
    let fifo = dir.path().join("b.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        return;
    }
    let r = run(&["check", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.code, Some(2), "{}", r.stdout);
    let doc = r.json();
    let got = sources(&doc);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].1, "compliant");
    assert_eq!(got[1].1, "error");
    assert!(
        doc["reports"][1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a regular file"),
        "{}",
        doc["reports"][1]
    );
}

#[test]
fn links_out_of_a_walked_folder_are_followed_to_the_file_or_folder_they_name() {
    // The walk looks each entry up in the directory it lists, which does not follow links; a
    // link must still be followed, so that a linked inventory is read and a linked folder walked.
    let (dir, root) = folder_with_a_station_in("real");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(outside.join("folder")).unwrap();
    std::fs::copy(TOWN_STATION, outside.join("b.yaml")).unwrap();
    std::fs::copy(TOWN_STATION, outside.join("folder/c.yaml")).unwrap();
    std::os::unix::fs::symlink(outside.join("b.yaml"), root.join("linked.yaml")).unwrap();
    std::os::unix::fs::symlink(outside.join("folder"), root.join("linked-folder")).unwrap();
    let r = run(&[
        "check",
        root.to_str().unwrap(),
        "--format",
        "json",
        "--date",
        DATE,
    ]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert_compliant(
        &r,
        &root,
        &["linked-folder/c.yaml", "linked.yaml", "real/a.yaml"],
    );
}

#[test]
fn links_into_the_walked_folder_are_not_checked_a_second_time() {
    // `inv/latest -> 2026`, `inv/this.yaml -> 2026/a.yaml`: the surveys are checked where they
    // are, once; through the link each facility was met twice and flagged as a conflict with
    // itself, which a supervisor would have to settle for nothing.
    let (_dir, root) = folder_with_a_station_in("2026");
    std::os::unix::fs::symlink(root.join("2026"), root.join("latest")).unwrap();
    std::os::unix::fs::symlink("2026/a.yaml", root.join("this.yaml")).unwrap();
    for (lang, said) in [
        ("en", "which this run checks already"),
        ("zh", "不重复核查"),
    ] {
        let r = run(&[
            "check",
            root.to_str().unwrap(),
            "--format",
            "json",
            "--date",
            DATE,
            "--lang",
            lang,
        ]);
        assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
        let doc = r.json();
        let root = root.to_str().unwrap();
        assert_eq!(
            sources(&doc),
            [(format!("{root}/2026/a.yaml"), "compliant".to_owned())]
        );
        assert_eq!(r.stderr.matches(said).count(), 2, "{}", r.stderr);
        assert!(
            !r.stderr.contains("conflict") && !r.stderr.contains("冲突"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn a_walk_checks_inventories_whatever_the_letter_case_of_their_extension() {
    // Survey files saved by other tools or copied from a USB stick may end in `.YAML` or
    // `.Yml`: left out, their facilities would drop from the district's count without a word.
    let (_dir, root) = folder_with_a_station_in("sub");
    std::fs::copy(TOWN_STATION, root.join("SURVEY.YAML")).unwrap();
    std::fs::copy(TOWN_STATION, root.join("sub/Plan.Yml")).unwrap();
    std::fs::write(root.join("NOTES.TXT"), "not an inventory").unwrap();
    std::fs::copy(TOWN_STATION, root.join("ROSTER.YAML")).unwrap();
    let r = run(&[
        "check",
        root.to_str().unwrap(),
        "--format",
        "json",
        "--date",
        DATE,
    ]);
    assert_compliant(&r, &root, &["SURVEY.YAML", "sub/Plan.Yml", "sub/a.yaml"]);
}

#[test]
fn a_survey_in_the_walked_folder_is_never_overwritten_by_the_report() {
    // `check inv --output inv/b.yaml`, b.yaml being a survey (a slip for `b.json`, or for
    // another folder): the walk would leave it out as where the report goes, and the report
    // would then replace it. A named input is refused so; a walked one must be too.
    let (dir, root) = folder_with_a_station_in("sub");
    let survey = root.join("b.yaml");
    std::fs::copy(TOWN_STATION, &survey).unwrap();
    let before = std::fs::read(&survey).unwrap();
    for lang in ["zh", "en"] {
        let r = run(&[
            "check",
            root.to_str().unwrap(),
            "--format",
            "json",
            "--lang",
            lang,
            "--output",
            survey.to_str().unwrap(),
        ]);
        assert_eq!(r.code, Some(2), "{}{}", r.stdout, r.stderr);
        let said = if lang == "zh" {
            "它是所核查文件夹中的清单文件"
        } else {
            "it is an inventory in a folder this run checks"
        };
        assert!(r.stderr.contains(said), "{}", r.stderr);
        assert_eq!(
            std::fs::read(&survey).unwrap(),
            before,
            "the survey was replaced"
        );
    }
    // Nor by another name: a link named `.txt`, or the survey reached through a link that
    // leads out of the folder (met by the walk only, the report then dropped unwritten).
    let elsewhere = dir.path().join("other");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let other = elsewhere.join("c.yaml");
    std::fs::copy(TOWN_STATION, &other).unwrap();
    std::os::unix::fs::symlink(&elsewhere, root.join("ext")).unwrap();
    let note = dir.path().join("notes.txt");
    std::os::unix::fs::symlink(&survey, &note).unwrap();
    for out in [&note, &other] {
        let r = run(&[
            "check",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, Some(2), "{}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("refusing to write over"), "{}", r.stderr);
    }
    assert_eq!(
        std::fs::read(&survey).unwrap(),
        before,
        "the survey was replaced"
    );
    assert_eq!(
        std::fs::read(&other).unwrap(),
        before,
        "the survey was replaced"
    );
    std::fs::remove_file(root.join("ext")).unwrap();
    // Its own report from an earlier run is replaced as before.
    let report = root.join("report.json");
    for _ in 0..2 {
        let r = run(&[
            "check",
            root.to_str().unwrap(),
            "--format",
            "sarif",
            "--output",
            report.to_str().unwrap(),
        ]);
        assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    }
}

#[test]
fn a_report_written_into_the_walked_folder_is_not_read_as_an_inventory() {
    // `check inv --output inv/report.json` run twice: the second walk meets the first report.
    let dir = tmp();
    let root = dir.path().join("inv");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(TOWN_STATION, root.join("a.yaml")).unwrap();
    let out = root.join("report.json");
    let args = [
        "check",
        root.to_str().unwrap(),
        "--format",
        "json",
        "--date",
        DATE,
        "--lang",
        "en",
        "--output",
        out.to_str().unwrap(),
    ];
    for _ in 0..2 {
        let r = run(&args);
        assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
        let doc: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        let root = root.to_str().unwrap();
        assert_eq!(
            sources(&doc),
            vec![(format!("{root}/a.yaml"), "compliant".to_owned())]
        );
    }
    let r = run(&args);
    assert!(
        r.stderr
            .contains("report.json is where this run's report goes"),
        "{}",
        r.stderr
    );
}

#[test]
fn why_a_path_cannot_be_read_is_said_in_chinese_and_standard_input_is_no_exception() {
    // The system's reasons are English (`Not a directory (os error 20)`); the Chinese report
    // says them in Chinese. Standard input that cannot be read (a folder redirected into it)
    // is an input that failed, not an empty one.
    let dir = tmp();
    let file = write(dir.path(), "plain.yaml", fixture(TOWN_STATION));
    let through = file.join("x.yaml");
    let looped = dir.path().join("loop.yaml");
    std::os::unix::fs::symlink("loop.yaml", &looped).unwrap();
    for (path, said) in [
        (&through, "路径中有一段不是文件夹"),
        (&looped, "符号链接构成了循环"),
    ] {
        let r = run(&[
            "check",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--lang",
            "zh",
        ]);
        assert_eq!(r.code, Some(2));
        let message = r.json()["reports"][0]["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(message.contains(said), "{message}");
        assert!(!message.contains("os error"), "{message}");
    }
    for (lang, said) in [
        ("zh", "无法读取标准输入：这是一个文件夹，不是文件"),
        ("en", "cannot read standard input"),
    ] {
        let (code, out, err) = crate::util::output(
            assert_cmd::Command::new("sh")
                .arg("-c")
                .arg(r#"exec "$0" check - --format json --lang "$1" < "$2""#)
                .arg(bin())
                .arg(lang)
                .arg(dir.path()),
        );
        assert_eq!(code, 2, "{out}{err}");
        let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
        let e = &doc["reports"][0]["error"];
        assert_eq!(e["code"], "sitecheck::unreadable", "{e}");
        assert!(
            e["message"].as_str().unwrap_or_default().contains(said),
            "{e}"
        );
    }
}

#[test]
fn a_path_through_a_file_is_an_unreadable_input() {
    let dir = tmp();
    let file = write(dir.path(), "plain.yaml", fixture(TOWN_STATION));
    let inside = file.join("x.yaml");
    let r = run(&[
        "check",
        inside.to_str().unwrap(),
        TOWN_STATION,
        "--format",
        "json",
    ]);
    assert_eq!(r.code, Some(2));
    let doc = r.json();
    assert_eq!(
        sources(&doc),
        vec![
            (inside.to_str().unwrap().to_owned(), "error".to_owned()),
            (TOWN_STATION.to_owned(), "compliant".to_owned()),
        ]
    );
    assert!(
        doc["reports"][0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot read")
    );
}

// ---------------------------------------------------------------------------------------------
// Nothing lost.

#[test]
fn every_input_appears_exactly_once_and_the_counts_equal_the_inputs_given() {
    let dir = tmp();
    let d = dir.path();
    std::fs::create_dir(d.join("walk")).unwrap();
    for i in 0..5 {
        std::fs::copy(TOWN_STATION, d.join(format!("walk/ok{i}.yaml"))).unwrap();
    }
    std::fs::copy(SHORT, d.join("walk/short.yaml")).unwrap();
    std::fs::copy(
        "tests/fixtures/bad/unknown-zone.yaml",
        d.join("walk/bad.yaml"),
    )
    .unwrap();
    std::fs::create_dir(d.join("walk/dir.yaml")).unwrap();
    write(d, "walk/notes.txt", "not an inventory: not an input");
    write(d, "walk/.hidden.yaml", "skipped: a dot entry");
    let walk = d.join("walk");
    let walk = walk.to_str().unwrap();
    let missing = d.join("missing.yaml");
    let inputs = [
        walk,
        TOWN_STATION,
        "-",
        missing.to_str().unwrap(),
        TOWN_STATION, // given twice: two inputs
    ];
    let expected = 8 + 1 + 1 + 1 + 1;
    for format in ["json", "junit", "markdown", "human", "sarif", "html"] {
        let args: Vec<&str> = ["check"]
            .into_iter()
            .chain(inputs)
            .chain(["--format", format, "--date", DATE, "--lang", "en"])
            .collect();
        let r = run_with(&args, Some(fixture(SHORT).into_bytes()), None);
        assert_eq!(r.code, Some(2), "{format}");
        match format {
            "json" => {
                json_lists_every_input_once(&r.json(), walk, missing.to_str().unwrap(), expected);
            }
            "junit" => {
                let report = quick_junit::Report::deserialize_from_str(&r.stdout).unwrap();
                let suites: Vec<_> = report
                    .test_suites
                    .iter()
                    .filter(|s| s.properties.iter().any(|p| p.name.as_str() == "source"))
                    .collect();
                assert_eq!(suites.len(), expected, "{format}");
            }
            "markdown" => {
                // The summary table: one row per input.
                let rows = r
                    .stdout
                    .lines()
                    .skip_while(|l| !l.starts_with("| "))
                    .skip(2)
                    .take_while(|l| l.starts_with('|'))
                    .count();
                assert_eq!(rows, expected, "{}", r.stdout);
            }
            "human" => {
                let verdicts = r
                    .stdout
                    .lines()
                    .filter(|l| ["✔ ", "✘ ", "? ", "! "].iter().any(|m| l.starts_with(m)))
                    .count();
                assert_eq!(verdicts, expected, "{}", r.stdout);
                // The summary line counts facilities, each once, and says how many inputs
                // were another survey of one already counted.
                assert!(r.stdout.contains("facilities checked"), "{}", r.stdout);
            }
            "sarif" => {
                // SARIF has results only for what fails: every input that does is named.
                for f in ["bad.yaml", "dir.yaml", "short.yaml", "missing.yaml"] {
                    assert!(r.stdout.contains(f), "{format}: {f}");
                }
            }
            _ => {
                // HTML names every input file.
                for f in [
                    "bad.yaml",
                    "dir.yaml",
                    "ok4.yaml",
                    "short.yaml",
                    "missing.yaml",
                ] {
                    assert!(r.stdout.contains(f), "{format}: {f}");
                }
            }
        }
    }
}

/// The JSON report of the walk in the test above: every input once, in the order given (a directory's
/// entries sorted), and the summary's counts add up to them.
fn json_lists_every_input_once(doc: &Value, walk: &str, missing: &str, expected: usize) {
    let got = sources(doc);
    assert_eq!(got.len(), expected);
    // The summary counts each facility once: an id met again is listed, not counted.
    assert_eq!(
        doc["summary"]["total"].as_u64().unwrap_or_default() + repeats(&doc["summary"]),
        expected as u64
    );
    let s = &doc["summary"];
    let sum: u64 = ["compliant", "non_compliant", "incomplete", "error"]
        .iter()
        .map(|k| s[k].as_u64().unwrap())
        .sum();
    assert_eq!(sum + repeats(s), expected as u64);
    let names: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        names,
        vec![
            format!("{walk}/bad.yaml").as_str(),
            &format!("{walk}/dir.yaml"),
            &format!("{walk}/ok0.yaml"),
            &format!("{walk}/ok1.yaml"),
            &format!("{walk}/ok2.yaml"),
            &format!("{walk}/ok3.yaml"),
            &format!("{walk}/ok4.yaml"),
            &format!("{walk}/short.yaml"),
            TOWN_STATION,
            "-",
            missing,
            TOWN_STATION,
        ]
    );
    assert_eq!(s["error"], 3);
}

#[test]
fn files_deleted_or_rewritten_during_a_run_each_still_appear_exactly_once() {
    let dir = tmp();
    let root = dir.path().join("many");
    std::fs::create_dir(&root).unwrap();
    let n = 1500;
    let text = fixture(TOWN_STATION);
    let names: Vec<String> = (0..n).map(|i| format!("f{i:05}.yaml")).collect();
    for name in &names {
        std::fs::write(root.join(name), &text).unwrap();
    }
    // Meddle while the run goes: delete every third file, truncate every third, rewrite
    // every third as something else, over and over, until the run ends.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let meddler = {
        let stop = std::sync::Arc::clone(&stop);
        let root = root.clone();
        let names = names.clone();
        let text = text.clone();
        std::thread::spawn(move || {
            let mut round = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for (i, name) in names.iter().enumerate() {
                    let p = root.join(name);
                    match (i + round) % 3 {
                        0 => {
                            let _ = std::fs::remove_file(&p);
                        }
                        1 => {
                            let _ = std::fs::write(&p, &text[..text.len() / 2]);
                        }
                        _ => {
                            let _ = std::fs::write(&p, &text);
                        }
                    }
                }
                round += 1;
            }
        })
    };
    let r = run(&["check", root.to_str().unwrap(), "--format", "json"]);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    meddler.join().unwrap();
    let doc = r.json();
    let got = sources(&doc);
    let root = root.to_str().unwrap();
    // Files deleted before the walk saw them are not inputs; every input the walk found is
    // in the report once, in byte order, with a verdict or an error.
    let shown: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
    let mut sorted = shown.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(shown, sorted, "in byte order, each once");
    assert!(shown.len() >= n / 3, "{} of {n} inputs", shown.len());
    for (s, status) in &got {
        let name = s.strip_prefix(&format!("{root}/")).unwrap();
        assert!(names.iter().any(|n| n == name), "{s} was never written");
        assert!(
            ["compliant", "non_compliant", "incomplete", "error"].contains(&status.as_str()),
            "{s}: {status}"
        );
    }
    assert_eq!(
        doc["summary"]["total"].as_u64().unwrap_or_default() + repeats(&doc["summary"]),
        got.len() as u64
    );
    let expected_code = if got.iter().any(|(_, s)| s == "error") {
        2
    } else {
        i32::from(got.iter().any(|(_, s)| s != "compliant"))
    };
    assert_eq!(r.code, Some(expected_code));
}

#[test]
fn a_killed_run_never_leaves_a_partial_report() {
    let dir = tmp();
    let inv = dir.path().join("inv");
    std::fs::create_dir(&inv).unwrap();
    let short = fixture(SHORT);
    for i in 0..3000 {
        std::fs::write(inv.join(format!("s{i:05}.yaml")), &short).unwrap();
    }
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("out.json");
    // A complete report from before: a killed run must leave it whole (or replace it whole).
    std::fs::write(&out, "{\"previous\": true}\n").unwrap();
    let mut killed_while_running = 0;
    for delay_ms in [5, 20, 50, 100, 200, 400, 700, 1000, 1500, 2500] {
        let mut child = std::process::Command::new(bin())
            .args([
                "check",
                inv.to_str().unwrap(),
                "--format",
                "json",
                "--output",
            ])
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            killed_while_running += 1;
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let text = std::fs::read_to_string(&out).unwrap();
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("after {delay_ms} ms: a partial report ({e})"));
        assert!(
            doc.get("previous").is_some() || doc["summary"]["total"] == 3000,
            "after {delay_ms} ms"
        );
        // Whatever else is left is a hidden temporary file, never a report.
        for e in std::fs::read_dir(&out_dir).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            assert!(
                name == "out.json"
                    || (name.starts_with(".sitecheck-")
                        && Path::new(&name).extension().is_some_and(|e| e == "tmp")),
                "after {delay_ms} ms: a stray {name}"
            );
        }
    }
    assert!(killed_while_running > 0, "no run was interrupted");
    // A stray temporary file is not taken for an input by a later run over the directory.
    let mut f = std::fs::File::create(out_dir.join(".sitecheck-stray.tmp")).unwrap();
    f.write_all(b"{").unwrap();
    std::fs::copy(TOWN_STATION, out_dir.join("a.yaml")).unwrap();
    std::fs::remove_file(&out).unwrap();
    let r = run(&["check", out_dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(r.json()["summary"]["total"], 1);
}

// ---------------------------------------------------------------------------------------------
// Output safety.

/// A name that is markup in HTML and XML, syntax in Markdown tables and code, a CDATA end, an
/// entity, quotes, a line break, an ANSI colour, a bidirectional override and a bell.
const HOSTILE: &str = "<script>alert(1)</script> | `tick` ]]> &amp; \"q\" 'a'\nnext \u{1b}[31mred \u{202e}txt.exe \u{7}";

/// The same as a YAML double-quoted scalar.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A character that must never reach a reader raw: a control character other than a line
/// break or a tab, or a bidirectional control.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Every string in a JSON value.
fn strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

#[test]
fn hostile_strings_come_out_escaped_or_neutralised_in_every_format() {
    let dir = tmp();
    // The file name carries an escape and an override too.
    let file_name = "in \u{1b}[31m\u{202e}<b>&.yaml";
    let inventory = format!(
        "facility:\n  id: hostile-ts\n  name: {name}\n  level: town_station\n\
         floor_area_m2: 24        # waived below; \u{202e} <script> in a comment\n\
         staff: []                # \u{202e}</td><script>x</script> ]]> | `c`\n\
         zones:\n  administrative_office:   # {plain}\n    equipment: {{computer: 1}}\n\
         other_zones:\n  {name}: {{}}\n",
        name = yaml_quoted(HOSTILE),
        plain = "<img src=x> | ]]> `x` \u{202e}"
    );
    let path = write(dir.path(), file_name, inventory);
    let waivers = write(
        dir.path(),
        "waivers.yaml",
        format!(
            "waivers:\n  - facility: hostile-ts\n    requirement: floor_area\n    reason: {r}\n    \
             approver: {r}\n    granted: 2026-01-01\n    expires: 2027-12-31\n    evidence: {r}\n",
            r = yaml_quoted(HOSTILE)
        ),
    );
    // A file that cannot be checked, with raw control characters and an override on the line
    // its problem is shown with.
    let broken = write(
        dir.path(),
        "broken \u{202e}\u{1b}[2J.yaml",
        "facility:\n  id: x\u{1b}[2J\u{7}\u{202e}<script>\n  level: town_station\n",
    );
    let args = |format: &'static str| -> Vec<String> {
        [
            "check",
            path.to_str().unwrap(),
            broken.to_str().unwrap(),
            "--waivers",
            waivers.to_str().unwrap(),
            "--date",
            DATE,
            "--lang",
            "en",
            "--format",
            format,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
    };
    let render = |format: &'static str| -> Run {
        let a = args(format);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let r = run(&a);
        assert_eq!(r.code, Some(2), "{format}: {}", r.stderr);
        r
    };

    // JSON is data: the name comes back exactly as written.
    let doc = render("json").json();
    assert_eq!(doc["reports"][0]["facility"]["name"], HOSTILE);
    assert_eq!(doc["reports"][0]["source"], path.to_str().unwrap());

    // The terminal, and stderr (where machine formats also show problems).
    let human = render("human");
    for (what, out) in [("stdout", &human.stdout), ("stderr", &human.stderr)] {
        if let Some(c) = out.chars().find(|&c| unsafe_char(c)) {
            panic!("human {what} passes {c:?} raw:\n{out}");
        }
    }
    assert!(
        human.stdout.contains("?[31mred ?txt.exe ?"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("in ?[31m?<b>&.yaml"),
        "the file name, neutralised"
    );
    // Each replaced character is as many `?` as it has bytes (spans stay valid).
    assert!(
        human.stdout.contains("x?[2J????<script>"),
        "the bad line, neutralised"
    );
    let sarif_stderr = render("sarif").stderr;
    if let Some(c) = sarif_stderr.chars().find(|&c| unsafe_char(c)) {
        panic!("stderr passes {c:?} raw:\n{sarif_stderr}");
    }

    html_is_escaped(&render("html").stdout);
    markdown_keeps_its_cells(&render("markdown").stdout);
    sarif_strings_are_neutralised(&render("sarif").stdout);

    // JUnit: well-formed XML that reads back, markup escaped, no raw controls.
    let xml = render("junit").stdout;
    quick_junit::Report::deserialize_from_str(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert!(!xml.contains("<script"), "raw <script in the XML");
    assert!(xml.contains("]]&gt;"), "a CDATA end, escaped");
    if let Some(c) = xml.chars().find(|&c| unsafe_char(c) && c != '\r') {
        panic!("the JUnit XML passes {c:?} raw");
    }
}

/// HTML: markup escaped, controls neutralised.
fn html_is_escaped(html: &str) {
    assert!(!html.contains("<script"), "raw <script in the HTML");
    assert!(!html.contains("<img"), "raw <img in the HTML");
    assert!(!html.contains("<b>&"), "raw file name in the HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        html.contains("&amp;amp;"),
        "an entity is shown, not decoded"
    );
    assert!(html.contains("&quot;q&quot;"));
    if let Some(c) = html.chars().find(|&c| unsafe_char(c)) {
        panic!("the HTML passes {c:?} raw");
    }
}

/// Markdown: every table row keeps its cells; nothing reads as markup.
fn markdown_keeps_its_cells(md: &str) {
    assert!(
        md.match_indices('<')
            .all(|(i, _)| md[..i].ends_with('\\') || md[i..].starts_with("<br>")),
        "a raw `<` in the Markdown (only the renderer's own <br> may be)"
    );
    assert!(md.contains("\\<script\\>"));
    assert!(md.contains("\\`tick\\`"));
    assert!(md.contains("\\]\\]\\>"));
    assert!(md.contains("\\&amp;"));
    if let Some(c) = md.chars().find(|&c| unsafe_char(c)) {
        panic!("the Markdown passes {c:?} raw");
    }
    let cells = |l: &str| {
        let mut n = 0;
        let mut escaped = false;
        for c in l.chars() {
            if c == '|' && !escaped {
                n += 1;
            }
            escaped = c == '\\' && !escaped;
        }
        n
    };
    let mut header = None;
    for l in md.lines() {
        if l.starts_with('|') {
            let n = cells(l);
            match header {
                None => header = Some(n),
                Some(h) => assert_eq!(n, h, "a row with the wrong number of cells: {l}"),
            }
        } else {
            header = None;
        }
    }
}

/// SARIF: JSON whose every string is free of raw controls; message text escapes `[` `]`.
fn sarif_strings_are_neutralised(sarif: &str) {
    let v: Value = serde_json::from_str(sarif).unwrap();
    // Every string a SARIF viewer shows or links: the run's property bag `summary` is the JSON
    // report's summary, data like the JSON report (JSON-escaped, not rewritten).
    let mut all = Vec::new();
    strings(&v["runs"][0]["tool"], &mut all);
    strings(&v["runs"][0]["results"], &mut all);
    assert!(all.len() > 50, "{sarif}");
    for s in &all {
        if let Some(c) = s.chars().find(|&c| unsafe_char(c)) {
            panic!("SARIF string passes {c:?} raw: {s:?}");
        }
    }
    assert!(
        all.iter().any(|s| s.contains("\\]\\]>")),
        "the waiver's `]]>` in a message, its brackets escaped"
    );
    assert!(
        all.iter()
            .any(|s| s.contains("in%20%1B%5B31m%E2%80%AE%3Cb%3E%26.yaml")),
        "the file name as a percent-encoded URI"
    );
}

/// How many inputs the summary leaves out as another survey of a facility already counted.
fn repeats(summary: &Value) -> u64 {
    ["duplicates", "conflicts"]
        .iter()
        .map(|k| summary[k].as_array().map_or(0, |a| a.len() as u64))
        .sum()
}
