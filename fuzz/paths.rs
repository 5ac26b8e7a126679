//! The three paths the fuzz targets drive, shared with `tests/fuzz_replay.rs`, which replays
//! the committed corpus (`fuzz/regressions/`) through the very same functions in CI.
//!
//! Each path panics when a promise of the contract breaks — so that libFuzzer keeps the input
//! as a crash — not only when the library itself panics:
//!
//! - a refused input has at least one problem, and every location points into its text;
//! - every finding's location points into the inventory;
//! - the JSON and SARIF reports are JSON, with one report and a summary that counts it;
//! - the terminal report (without colour) and the JUnit XML hold no control character but a
//!   line break or a tab, and no bidirectional control, whatever the input says;
//! - the HTML and Markdown reports never pass an input's `<script` through.

#![allow(dead_code, clippy::panic)]

use std::sync::{Arc, OnceLock};

use sitecheck::check::assess;
use sitecheck::diagnostic::Problem;
use sitecheck::i18n::Lang;
use sitecheck::input::{StandardChoice, load};
use sitecheck::model::standard::Standard;
use sitecheck::model::waivers::Waiver;
use sitecheck::report::human::Style;
use sitecheck::report::{Entry, Format, Outcome, RunInfo, Summary};
use sitecheck::source::{Location, SourceText};

/// The file name the inputs are checked under: hostile too, so that every renderer's handling
/// of file names is fuzzed along with the contents.
pub const NAME: &str = "in<&>\"'|`]]>\u{1b}[31m\u{202e}.yaml";

/// The evaluation date (fixed, so that a replay is reproducible).
pub const DATE: &str = "2026-11-29";

/// The second-district example variant (extends the built-in standard).
fn second_district() -> Option<Arc<Standard>> {
    static CELL: OnceLock<Option<Arc<Standard>>> = OnceLock::new();
    CELL.get_or_init(|| {
        let text = include_str!("../standards/examples/second-district.yaml");
        let src = SourceText::new("standards/examples/second-district.yaml", text);
        sitecheck::registry::load_text(src, &|_| None).ok()
    })
    .clone()
}

/// The operator waivers every assessment is made with (the report fixtures' waiver file plus
/// waivers for the sample facilities), so that waived findings are rendered too.
fn waivers() -> &'static [Waiver] {
    static CELL: OnceLock<Vec<Waiver>> = OnceLock::new();
    CELL.get_or_init(|| {
        let text = include_str!("waivers.yaml");
        sitecheck::load::parse::<sitecheck::load::waivers::RawWaivers>(text)
            .ok()
            .and_then(|raw| sitecheck::model::waivers::build(&raw).ok())
            .unwrap_or_default()
    })
}

/// Which standard an input is checked against: chosen by its length, so that the same input
/// always takes the same way.
fn choice_for(data: &[u8]) -> StandardChoice {
    match data.len() % 3 {
        0 => StandardChoice::AUTO,
        1 => StandardChoice::builtin("huancui".to_owned()),
        _ => second_district().map_or(StandardChoice::AUTO, |s| {
            StandardChoice::fixed(s).overriding(true)
        }),
    }
}

fn date() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(DATE, "%Y-%m-%d").unwrap_or_default()
}

/// A location must point into the text it is about: a line and column from 1, a byte offset
/// on a character boundary, a span that ends inside the text, and the line/column of that
/// offset.
pub fn assert_in_text(loc: Option<Location>, text: &str, what: &str) {
    let Some(l) = loc else { return };
    assert!(l.line >= 1 && l.column >= 1, "{what}: {l:?} is not 1-based");
    assert!(
        l.offset <= text.len() && text.is_char_boundary(l.offset),
        "{what}: offset {} is outside the text ({} bytes) or inside a character",
        l.offset,
        text.len()
    );
    assert!(
        l.offset.saturating_add(l.len) <= text.len(),
        "{what}: span {}+{} runs past the text ({} bytes)",
        l.offset,
        l.len,
        text.len()
    );
    let lines = text.split('\n').count();
    assert!(
        l.line as usize <= lines,
        "{what}: line {} past the last line {lines}",
        l.line
    );
}

fn assert_problems(problems: &[Problem], text: Option<&str>, what: &str) {
    assert!(!problems.is_empty(), "{what}: refused without a problem");
    for p in problems {
        assert!(
            !p.message.en.is_empty() && !p.message.zh.is_empty(),
            "{what}: empty message {p:?}"
        );
        match text {
            Some(t) => assert_in_text(p.location, t, what),
            None => assert!(p.location.is_none() || p.code == "sitecheck::not-utf8"),
        }
    }
}

/// Path 1, the inventory loader: the bytes through `SourceText::from_bytes` (UTF-8 check, BOM,
/// size limit) and `load`; and, when the bytes are UTF-8, the text as given (a BOM kept).
pub fn inventory(data: &[u8]) {
    let choice = choice_for(data);
    let _ = load_entry(data, &choice);
    if let Ok(text) = std::str::from_utf8(data) {
        loaders_agree(text);
        let src = SourceText::new(NAME, text);
        match load(&src, &choice) {
            Ok((inv, _)) => assert_in_text(inv.facility.level_loc, text, "level"),
            Err(problems) => assert_problems(&problems, Some(text), "inventory (text)"),
        }
    }
}

/// Where the subset scanner reads a text, its events are the YAML parser's, text and place; where
/// the event-level loader reads it, the general loader (serde-saphyr) reads the very same value
/// from it, span for span: as the typed inventory and as the generic tree.
pub fn loaders_agree(text: &str) {
    use sitecheck::load::inventory::RawInventory;
    use sitecheck::load::node::Node;
    use sitecheck::load::{Sp, parse_fast, parse_general, parser_trace, scan_trace};
    if let Some(scanned) = scan_trace(text) {
        assert_eq!(
            Some(scanned),
            parser_trace(text),
            "the scanner's events are not the YAML parser's: {text:?}"
        );
    }
    if let Some(fast) = parse_fast::<RawInventory>(text) {
        let general = parse_general::<RawInventory>(text);
        assert_eq!(
            Some(format!("{fast:?}")),
            general.ok().map(|g| format!("{g:?}")),
            "the loaders read this inventory differently: {text:?}"
        );
    }
    if let Some(fast) = parse_fast::<Sp<Node>>(text) {
        let general = parse_general::<Sp<Node>>(text);
        assert_eq!(
            Some(fast),
            general.ok(),
            "the loaders read this YAML differently: {text:?}"
        );
    }
}

/// Loads and assesses one input as the CLI does, checking the invariants of a refused input.
fn load_entry(data: &[u8], choice: &StandardChoice) -> Entry {
    match SourceText::from_bytes(NAME, data.to_vec()).map_err(sitecheck::diagnostic::Problem::from)
    {
        Err(p) => {
            assert_problems(std::slice::from_ref(&p), None, "bytes");
            Entry {
                source: NAME.to_owned(),
                text: None,
                outcome: Outcome::Failed { problems: vec![p] },
            }
        }
        Ok(src) => {
            let outcome = match load(&src, choice) {
                Ok((inv, standard)) => {
                    let a = assess(inv, standard, waivers(), date());
                    for f in &a.findings {
                        assert_in_text(f.location, &src.text, &f.requirement);
                    }
                    Outcome::Checked(Box::new(a))
                }
                Err(problems) => {
                    assert_problems(&problems, Some(&src.text), "inventory");
                    Outcome::Failed { problems }
                }
            };
            Entry {
                source: NAME.to_owned(),
                text: Some(src),
                outcome,
            }
        }
    }
}

/// Path 2, the standard loader: `registry::load_text` (a variant's built-in base resolved);
/// a standard that loads is shown, has its example cases run, and checks the built-in
/// standard's minimal inventories.
pub fn standard(data: &[u8]) {
    let Ok(src) = SourceText::from_bytes("fuzz-standard.yaml", data.to_vec()) else {
        return;
    };
    match sitecheck::registry::load_text(src, &|_| None) {
        Err((src, problems)) => assert_problems(&problems, Some(&src.text), "standard"),
        Ok(st) => {
            let _ = sitecheck::report::standard::show(&st, Lang::En);
            let _ = sitecheck::report::standard::show(&st, Lang::Zh);
            let results = sitecheck::check::cases::run(&st);
            let _ = sitecheck::check::cases::problems(&results);
            for (name, text) in AT_MINIMUM {
                let src = SourceText::new(*name, *text);
                if let Ok((inv, standard)) = load(
                    &src,
                    &StandardChoice::fixed(Arc::clone(&st)).overriding(true),
                ) {
                    let a = assess(inv, standard, &[], date());
                    for f in &a.findings {
                        let _ = sitecheck::report::text::message(&a, f, Lang::En);
                        let _ = sitecheck::report::text::shortfall(&a, f, Lang::Zh);
                    }
                }
            }
        }
    }
}

const AT_MINIMUM: &[(&str, &str)] = &[
    (
        "district-center.yaml",
        include_str!("../tests/fixtures/at-minimum/district-center.yaml"),
    ),
    (
        "town-station.yaml",
        include_str!("../tests/fixtures/at-minimum/town-station.yaml"),
    ),
    (
        "childrens-home.yaml",
        include_str!("../tests/fixtures/at-minimum/childrens-home.yaml"),
    ),
];

/// The bidirectional controls that can make text read differently from what it is
/// ("Trojan Source"): none may reach a terminal or a report raw.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Path 3, the whole pipeline: load → check → render through every format, as the CLI does.
pub fn pipeline(data: &[u8]) {
    render_every_format(&[load_entry(data, &choice_for(data))], data);
}

/// Renders entries through every format, checking each format's promises; `data` picks the
/// language and options.
fn render_every_format(entries: &[Entry], data: &[u8]) {
    let summary = Summary::of(entries);
    let info = RunInfo {
        explain: false,
        fail_on: sitecheck::report::FailOn::Error,
        lang: if data.len().is_multiple_of(2) {
            Lang::Zh
        } else {
            Lang::En
        },
        omit_passes: data.len() % 4 >= 2,
        date: DATE.to_owned(),
        tool_version: "fuzz".to_owned(),
        waivers: None,
        style: Style::default(),
    };
    let render = |f: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| -> String {
        let mut buf = Vec::new();
        f(&mut buf).unwrap_or_else(|e| panic!("rendering into memory failed: {e}"));
        String::from_utf8(buf).unwrap_or_else(|e| panic!("a report is not UTF-8: {e}"))
    };

    let terminal = render(&|b| Format::Human.renderer().render(b, entries, &summary, &info));
    if let Some(c) = terminal
        .chars()
        .find(|&c| (c.is_control() && !matches!(c, '\n' | '\t')) || is_bidi_control(c))
    {
        panic!("the terminal report passes {c:?} through raw:\n{terminal}");
    }
    if data.len().is_multiple_of(5) {
        let color = RunInfo {
            style: Style {
                color: true,
                width: 80,
            },
            ..info.clone()
        };
        let _ = render(&|b| {
            Format::Human
                .renderer()
                .render(b, entries, &summary, &color)
        });
    }

    let doc = render(&|b| Format::Json.renderer().render(b, entries, &summary, &info));
    let v: serde_json::Value =
        serde_json::from_str(&doc).unwrap_or_else(|e| panic!("the JSON report is not JSON: {e}"));
    assert_eq!(v["reports"].as_array().map(Vec::len), Some(1), "{doc}");
    assert_eq!(v["summary"]["total"], 1, "{doc}");

    let doc = render(&|b| Format::Sarif.renderer().render(b, entries, &summary, &info));
    let v: serde_json::Value =
        serde_json::from_str(&doc).unwrap_or_else(|e| panic!("the SARIF report is not JSON: {e}"));
    assert_eq!(v["version"], "2.1.0");

    let xml = render(&|b| Format::Junit.renderer().render(b, entries, &summary, &info));
    if let Some(c) = xml.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{fffe}' | '\u{ffff}')
            || is_bidi_control(c)
    }) {
        panic!(
            "the JUnit XML holds {c:?}, which XML 1.0 forbids or which must not reach a reader raw"
        );
    }

    for (format, out) in [
        (
            "html",
            render(&|b| Format::Html.renderer().render(b, entries, &summary, &info)),
        ),
        (
            "markdown",
            render(&|b| {
                Format::Markdown
                    .renderer()
                    .render(b, entries, &summary, &info)
            }),
        ),
    ] {
        // Markdown escapes `<` as `\<`; HTML as `&lt;`.
        let lower = out.to_lowercase();
        assert!(
            lower
                .match_indices("<script")
                .all(|(i, _)| lower[..i].ends_with('\\')),
            "the {format} report passes <script through"
        );
        if let Some(c) = out
            .chars()
            .find(|&c| (c.is_control() && !matches!(c, '\n' | '\t')) || is_bidi_control(c))
        {
            panic!("the {format} report passes {c:?} through raw");
        }
    }
}

/// A workbook's zip parts: name and bytes, in archive order.
type Parts = Vec<(String, Vec<u8>)>;

/// The forms `init --format xlsx` writes for each level of the built-in standard, as their
/// zip parts: the base the `xlsx` path mutates.
fn base_forms() -> &'static [Parts] {
    static CELL: OnceLock<Vec<Parts>> = OnceLock::new();
    CELL.get_or_init(|| {
        let Some(st) = sitecheck::registry::builtin().first() else {
            return Vec::new();
        };
        ["town_station", "childrens_home", "district_center"]
            .iter()
            .filter_map(|level| {
                let tpl = sitecheck::form::template::build(st, level);
                let bytes = sitecheck::form::write::xlsx(&tpl, &st.vocabulary).ok()?;
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
                let mut parts = Vec::new();
                for i in 0..zip.len() {
                    let mut f = zip.by_index(i).ok()?;
                    let name = f.name().ok()?.into_owned();
                    let mut buf = Vec::new();
                    std::io::Read::read_to_end(&mut f, &mut buf).ok()?;
                    parts.push((name, buf));
                }
                Some(parts)
            })
            .collect()
    })
}

/// Reads a little-endian number of `n` bytes from the front of `data` (zeros past its end).
fn take_number(data: &mut &[u8], n: usize) -> usize {
    let mut v = 0usize;
    for i in 0..n {
        v |= usize::from(data.first().copied().unwrap_or(0)) << (8 * i);
        *data = data.get(1..).unwrap_or_default();
    }
    v
}

/// A workbook made from `data`, structure-aware: a valid zip of a real form's parts with
/// edits applied. `data` is a list of edits, each `[op][part][len: 2 bytes][len bytes]`:
/// op % 5 is 0 replace the part, 1 insert the bytes at a position (2 more bytes), 2 append
/// them, 3 add a part named by the bytes before a NUL and holding those after, 4 repeat the
/// bytes (count: 2 more bytes, at most 1 MiB in all) at a position — the amplifier a bomb
/// needs. The first byte picks the base form and whether parts are deflated or stored.
pub fn mutated_workbook(mut data: &[u8]) -> Vec<u8> {
    let forms = base_forms();
    let head = take_number(&mut data, 1);
    let Some(base) = forms.get(head % forms.len().max(1)) else {
        return Vec::new();
    };
    let mut parts = base.clone();
    while !data.is_empty() {
        let op = take_number(&mut data, 1) % 5;
        let index = take_number(&mut data, 1) % parts.len().max(1);
        let len = take_number(&mut data, 2).min(data.len());
        let (bytes, rest) = data.split_at(len);
        data = rest;
        let Some((_, part)) = parts.get_mut(index) else {
            break;
        };
        match op {
            0 => *part = bytes.to_vec(),
            1 => {
                let at = take_number(&mut data, 2).min(part.len());
                part.splice(at..at, bytes.iter().copied());
            }
            2 => part.extend_from_slice(bytes),
            3 => {
                let cut = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
                let name = String::from_utf8_lossy(&bytes[..cut]).into_owned();
                parts.push((name, bytes.get(cut + 1..).unwrap_or_default().to_vec()));
            }
            _ => {
                let count = take_number(&mut data, 2);
                let at = take_number(&mut data, 2).min(part.len());
                let total = bytes.len().saturating_mul(count).min(1024 * 1024);
                let repeated: Vec<u8> = bytes.iter().copied().cycle().take(total).collect();
                part.splice(at..at, repeated);
            }
        }
    }
    let method = if head & 0x80 == 0 {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(true);
    for (name, bytes) in &parts {
        // A name the writer refuses (a duplicate, say) leaves that part out.
        if out.start_file(name.as_str(), options).is_ok() {
            let _ = std::io::Write::write_all(&mut out, bytes);
        }
    }
    out.finish()
        .map(std::io::Cursor::into_inner)
        .unwrap_or_default()
}

/// Path 4, the survey form reader: a workbook (the bytes as they are when they are a zip
/// archive, else [`mutated_workbook`]) through `form::load`, the function the CLI
/// calls, then the assessment and every renderer. A refused workbook has a problem with
/// both messages, and a problem at a cell names a sheet the workbook has.
pub fn xlsx(data: &[u8]) {
    let bytes = if data.starts_with(b"PK\x03\x04") {
        data.to_vec()
    } else {
        mutated_workbook(data)
    };
    let name = "in<&>\"'|`]]>\u{1b}[31m\u{202e}.xlsx";
    let (src, loaded) = sitecheck::form::load(name, &bytes, &choice_for(data));
    let outcome = match loaded {
        Ok((inv, standard)) => Outcome::Checked(Box::new(assess(inv, standard, waivers(), date()))),
        Err(problems) => {
            assert!(!problems.is_empty(), "xlsx: refused without a problem");
            for p in &problems {
                assert!(
                    !p.message.en.is_empty() && !p.message.zh.is_empty(),
                    "xlsx: empty message {p:?}"
                );
                if let Some(sheet) = p.location.and_then(|l| l.sheet) {
                    assert!(
                        usize::from(sheet) < src.sheets.len(),
                        "xlsx: a problem on sheet {sheet} of {} ({p:?})",
                        src.sheets.len()
                    );
                }
            }
            Outcome::Failed { problems }
        }
    };
    let entry = Entry {
        source: name.to_owned(),
        text: Some(src),
        outcome,
    };
    render_every_format(&[entry], data);
}
