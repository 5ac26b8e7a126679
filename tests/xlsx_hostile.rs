//! Hostile survey forms (`.xlsx`), end to end through the binary. Each class of workbook that
//! tricks a spreadsheet library into allocating, copying or re-reading far more than the file
//! holds is built here from a real form (`sitecheck init --format xlsx`) with one part
//! patched, then checked in a batch after a good form: the run ends in bounded time and memory
//! (as `tests/hostile.rs` measures it), the hostile form gets a plain, located error (exit 2)
//! or, where its content is sound, its ordinary verdict, and the good form still gets its
//! report. The limits are `sitecheck::load::limits`.

#![allow(clippy::unwrap_used, clippy::panic)]
// Test workbooks are built by appending formatted XML: clarity over the last allocation.
#![allow(clippy::format_push_string, clippy::format_collect)]

use std::io::{Read as _, Write as _};

use serde_json::Value;
use sitecheck::load::limits;

/// Runs `sitecheck args…` bounded in time and memory (`util::run`): its exit code and
/// standard output.
fn run(args: &[&str]) -> (Option<i32>, String) {
    let r = crate::util::run(args);
    (r.code, r.stdout)
}

/// A fresh town-station form, as `init` writes it.
fn form() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.xlsx");
    let (code, _) = run(&[
        "init",
        "--level",
        "town_station",
        "--format",
        "xlsx",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0));
    std::fs::read(path).unwrap()
}

/// A workbook's parts, in archive order.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut buf = Vec::new();
            f.read_to_end(&mut buf).unwrap();
            (f.name().unwrap().into_owned(), buf)
        })
        .collect()
}

/// Parts zipped, deflated as spreadsheet programs do (so that a big part is a small file).
fn zipped(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, bytes) in parts {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn part(parts: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, b) = parts.iter().find(|(n, _)| n == name).unwrap();
    String::from_utf8(b.clone()).unwrap()
}

/// The form with one part's text changed by `edit`.
fn patched(form: &[u8], name: &str, edit: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut p = parts(form);
    let new = edit(part(&p, name));
    for (n, b) in &mut p {
        if n == name {
            *b = new.clone().into_bytes();
        }
    }
    zipped(&p)
}

/// The facility sheet's part (sheet 2 of the form: 基本信息).
const FACILITY: &str = "xl/worksheets/sheet2.xml";
const SHARED: &str = "xl/sharedStrings.xml";

/// Rows of cells in column H from row 1001 on, each cell's XML made by `cell(reference)`,
/// added to the end of a worksheet's data.
fn with_rows(sheet: &str, rows: usize, cell: impl Fn(&str) -> String) -> String {
    let mut add = String::new();
    for r in 1001..1001 + rows {
        add.push_str(&format!("<row r=\"{r}\">{}</row>", cell(&format!("H{r}"))));
    }
    sheet.replacen("</sheetData>", &format!("{add}</sheetData>"), 1)
}

/// A shared string added to the end of the shared-strings part: the part, and its index.
fn with_shared_string(sst: &str, text: &str) -> (String, usize) {
    let index = sst.matches("<si>").count();
    (
        sst.replacen("</sst>", &format!("<si><t>{text}</t></si></sst>"), 1),
        index,
    )
}

/// What became of the hostile form in a batch after a good one.
enum Expect<'a> {
    /// Read as the blank form it is: incomplete, like the good one.
    Read,
    /// Refused (exit 2): its first problem's message holds each word, at this cell when given.
    Refused(&'a [&'a str], Option<&'a str>),
}

/// Checks [good form, hostile form] as one batch; asserts the good form's report, the
/// hostile one's outcome, and the exit code the contract gives the batch.
fn batch(hostile: &[u8], expect: &Expect<'_>) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.xlsx");
    let bad = dir.path().join("hostile.xlsx");
    std::fs::write(&good, form()).unwrap();
    std::fs::write(&bad, hostile).unwrap();
    let (code, out) = run(&[
        "check",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--format",
        "json",
        "--lang",
        "en",
        "--date",
        "2026-11-29",
    ]);
    let doc: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("exit {code:?}, not JSON ({e})"));
    assert_eq!(doc["reports"][0]["status"], "incomplete", "the good form");
    let report = doc["reports"][1].clone();
    match expect {
        Expect::Read => {
            assert_eq!(code, Some(1), "{report}");
            assert_eq!(report["status"], "incomplete", "{report}");
        }
        Expect::Refused(words, cell) => {
            assert_eq!(code, Some(2), "{report}");
            assert_eq!(report["status"], "error", "{report}");
            let message = report["error"]["message"].as_str().unwrap_or_default();
            for w in *words {
                assert!(message.contains(w), "{w:?} not in {message:?}");
            }
            if let Some(cell) = cell {
                assert_eq!(report["error"]["cell"], *cell, "{report}");
            }
        }
    }
    report
}

#[test]
fn absurd_counts_declared_by_the_shared_strings_part_neither_abort_nor_allocate() {
    let form = form();
    for n in [
        "18446744073709551615",
        "9223372036854775807",
        "4294967295",
        "99999999999999999999999999",
        "-1",
    ] {
        let hostile = patched(&form, SHARED, |sst| {
            let start = sst.find("<sst ").unwrap();
            let end = start + sst[start..].find('>').unwrap();
            format!(
                "{}<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{n}\" uniqueCount=\"{n}\"{}",
                &sst[..start],
                &sst[end..]
            )
        });
        batch(&hostile, &Expect::Read);
    }
}

#[test]
fn a_styles_part_cloning_one_large_font_into_many_formats_costs_no_copies() {
    let form = form();
    // One 8 MiB font name, named by 3,000 more cell formats: 24 GB of clones, in a small file.
    let name = "A".repeat(8 * 1024 * 1024);
    let hostile = patched(&form, "xl/styles.xml", |styles| {
        let xfs = "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            .repeat(3_000);
        styles
            .replacen(
                "<name val=\"Calibri\"/>",
                &format!("<name val=\"{name}\"/>"),
                1,
            )
            .replacen("</cellXfs>", &format!("{xfs}</cellXfs>"), 1)
    });
    assert!(hostile.len() < 100 * 1024, "{} bytes", hostile.len());
    batch(&hostile, &Expect::Read);
    // More cell formats than any workbook has: refused, naming the bound.
    let hostile = patched(&form, "xl/styles.xml", |styles| {
        let xfs = "<xf numFmtId=\"0\"/>".repeat(limits::MAX_CELL_FORMATS + 1);
        styles.replacen("</cellXfs>", &format!("{xfs}</cellXfs>"), 1)
    });
    batch(&hostile, &Expect::Refused(&["cell formats"], None));
}

#[test]
fn one_large_shared_string_shown_by_many_cells_is_refused_where_the_text_runs_out() {
    let form = form();
    // A string just under the per-cell bound, shown by 20,000 cells: 600 MB of copies.
    let text = "x".repeat(limits::MAX_CELL_CHARS - 1);
    let mut p = parts(&form);
    let (sst, index) = with_shared_string(&part(&p, SHARED), &text);
    let sheet = with_rows(&part(&p, FACILITY), 20_000, |r| {
        format!("<c r=\"{r}\" t=\"s\"><v>{index}</v></c>")
    });
    for (n, b) in &mut p {
        if n == SHARED {
            *b = sst.clone().into_bytes();
        } else if n == FACILITY {
            *b = sheet.clone().into_bytes();
        }
    }
    let hostile = zipped(&p);
    // The text budget runs out at the cell whose copy would cross it (the form's own text,
    // a few KB, counts too: one cell earlier at most).
    let report = batch(&hostile, &Expect::Refused(&["MiB of text"], None));
    assert_eq!(report["error"]["sheet"], "基本信息", "{report}");
    let last = 1001 + limits::MAX_CELL_TEXT_BYTES / text.len();
    let cell = report["error"]["cell"].as_str().unwrap_or_default();
    assert!(
        [format!("H{last}"), format!("H{}", last - 1)].contains(&cell.to_owned()),
        "{cell}, not H{last}"
    );
    // One cell longer than a spreadsheet cell may be: refused at that cell.
    let mut p = parts(&form);
    let (sst, index) = with_shared_string(&part(&p, SHARED), &"y".repeat(100_000));
    let sheet = with_rows(&part(&p, FACILITY), 1, |r| {
        format!("<c r=\"{r}\" t=\"s\"><v>{index}</v></c>")
    });
    for (n, b) in &mut p {
        if n == SHARED {
            *b = sst.clone().into_bytes();
        } else if n == FACILITY {
            *b = sheet.clone().into_bytes();
        }
    }
    batch(
        &zipped(&p),
        &Expect::Refused(&["100000 characters"], Some("H1001")),
    );
}

#[test]
fn a_part_of_many_tiny_shared_strings_is_refused_before_it_costs_memory() {
    let form = form();
    // Past the count of strings, within the inflated bytes.
    let tiny = "<si><t>a</t></si>".repeat(limits::MAX_SHARED_STRINGS + 1);
    let hostile = patched(&form, SHARED, |sst| {
        sst.replacen("</sst>", &format!("{tiny}</sst>"), 1)
    });
    batch(&hostile, &Expect::Refused(&["shared strings"], None));
    // Past the inflated bytes too (~850 MB of strings, in a small file).
    let tiny = "<si><t>a</t></si>".repeat(6_000_000);
    let hostile = patched(&form, SHARED, |sst| {
        sst.replacen("</sst>", &format!("{tiny}</sst>"), 1)
    });
    assert!(hostile.len() < 1024 * 1024, "{} bytes", hostile.len());
    batch(&hostile, &Expect::Refused(&["inflates to more than"], None));
}

#[test]
fn sheets_stored_in_one_part_are_refused_however_they_point_at_it() {
    let form = form();
    let rels = "xl/_rels/workbook.xml.rels";
    // The zone sheet's part (sheet 4) padded with 20 MB of empty rows, honestly declared.
    let padding: String = (2000..300_000)
        .map(|r| format!("<row r=\"{r}\"/>"))
        .collect();
    let big = |p: &mut Vec<(String, Vec<u8>)>| {
        let sheet = part(p, "xl/worksheets/sheet4.xml").replacen(
            "</sheetData>",
            &format!("{padding}</sheetData>"),
            1,
        );
        for (n, b) in p.iter_mut() {
            if n == "xl/worksheets/sheet4.xml" {
                *b = sheet.clone().into_bytes();
            }
        }
    };
    // 150 sheets through one relationship; then through relationships of their own whose
    // targets differ only in case and in being absolute.
    for (target, per_sheet_rel) in [(None, false), (Some("/xl/Worksheets/SHEET4.xml"), true)] {
        let mut p = parts(&form);
        big(&mut p);
        let mut sheets = String::new();
        let mut more_rels = String::new();
        for i in 0..150 {
            let rel = if per_sheet_rel {
                format!("rIdX{i}")
            } else {
                "rId4".to_owned()
            };
            sheets.push_str(&format!(
                "<sheet name=\"copy{i}\" sheetId=\"{}\" r:id=\"{rel}\"/>",
                100 + i
            ));
            if let Some(t) = target {
                more_rels.push_str(&format!(
                    "<Relationship Id=\"{rel}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"{t}\"/>"
                ));
            }
        }
        let wb =
            part(&p, "xl/workbook.xml").replacen("</sheets>", &format!("{sheets}</sheets>"), 1);
        let r = part(&p, rels).replacen(
            "</Relationships>",
            &format!("{more_rels}</Relationships>"),
            1,
        );
        for (n, b) in &mut p {
            if n == "xl/workbook.xml" {
                *b = wb.clone().into_bytes();
            } else if n == rels {
                *b = r.clone().into_bytes();
            }
        }
        batch(&zipped(&p), &Expect::Refused(&["stored in one part"], None));
    }
}

#[test]
fn empty_cells_count_toward_the_cell_limit() {
    let form = form();
    let hostile = patched(&form, FACILITY, |sheet| {
        with_rows(&sheet, limits::MAX_CELLS + 1, |r| format!("<c r=\"{r}\"/>"))
    });
    batch(&hostile, &Expect::Refused(&["empty ones included"], None));
}
