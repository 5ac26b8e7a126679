//! Survey forms end to end: `init --format xlsx` writes a workbook; the tests fill it as a
//! surveyor would (values written into the generated workbook's cells) and check it. Every
//! finding and every bad cell points at its sheet and cell; a form filled and saved in
//! LibreOffice reads the same as the one filled here (`tests/fixtures/forms/`, made by
//! `scripts/regen-libreoffice-fixture.sh`).

use std::io::{Read as _, Write as _};
use std::path::Path;

use serde_json::Value;
use sitecheck::form::layout;
use sitecheck::form::template::{self, RowKind, SectionKind};

use crate::util::{self, DATE, finding, sitecheck, tmp, write};

/// A fresh form for a level (replacing the one made before, if any).
pub(crate) fn form(dir: &Path, level: &str) -> Vec<u8> {
    let path = dir.join(format!("{level}-blank.xlsx"));
    sitecheck()
        .args([
            "init", "--level", level, "--format", "xlsx", "--force", "--output",
        ])
        .arg(&path)
        .assert()
        .success();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// A value a surveyor types.
#[derive(Clone, Debug)]
pub(crate) enum V {
    N(f64),
    T(String),
}

pub(crate) fn t(s: &str) -> V {
    V::T(s.to_owned())
}

/// A file of a zip archive, as text.
fn text(files: &[(String, Vec<u8>)], name: &str) -> String {
    files.iter().find(|(n, _)| n == name).map_or_else(
        || panic!("no {name}"),
        |(_, b)| String::from_utf8_lossy(b).into_owned(),
    )
}

/// Writes values into cells of a workbook, as a spreadsheet program would: the generated
/// form has every input cell (with its style), so each value replaces an empty `<c>`.
pub(crate) fn fill(form: &[u8], cells: &[(String, String, V)]) -> Vec<u8> {
    let mut files = unzip(form);
    // rust_xlsxwriter writes sheet N of the workbook as xl/worksheets/sheetN.xml.
    let workbook = text(&files, "xl/workbook.xml");
    let sheets: Vec<String> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or_default().to_owned())
        .collect();
    for (sheet, cell, value) in cells {
        let i = sheets
            .iter()
            .position(|s| s == sheet)
            .unwrap_or_else(|| panic!("no sheet {sheet} in {sheets:?}"));
        let path = format!("xl/worksheets/sheet{}.xml", i + 1);
        let xml = text(&files, &path);
        let start = xml
            .find(&format!("<c r=\"{cell}\""))
            .unwrap_or_else(|| panic!("{sheet}!{cell} is not an input cell of the form"));
        let open_end = start + xml[start..].find('>').unwrap_or_default();
        let end = if xml.as_bytes()[open_end - 1] == b'/' {
            open_end + 1
        } else {
            open_end + xml[open_end..].find("</c>").unwrap_or_default() + 4
        };
        let style = xml[start..open_end]
            .split(" s=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .map_or_else(String::new, |s| format!(" s=\"{s}\""));
        let element = match value {
            V::N(n) => format!("<c r=\"{cell}\"{style}><v>{n}</v></c>"),
            V::T(s) => format!(
                "<c r=\"{cell}\"{style} t=\"inlineStr\"><is><t>{}</t></is></c>",
                s.replace('&', "&amp;").replace('<', "&lt;")
            ),
        };
        let new = format!("{}{element}{}", &xml[..start], &xml[end..]);
        if let Some(f) = files.iter_mut().find(|(n, _)| *n == path) {
            f.1 = new.into_bytes();
        }
    }
    zip_up(&files)
}

/// The files of a zip archive: (name, bytes), in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap_or_else(|e| panic!("{e}"));
        let name = f
            .name()
            .map_or_else(|e| panic!("{e}"), std::borrow::Cow::into_owned);
        files.push((name, buf));
    }
    files
}

/// Deletes a sheet from a workbook, as a spreadsheet program's "delete sheet" does: it is no
/// longer listed in the workbook.
fn delete_sheet(form: &[u8], sheet: &str) -> Vec<u8> {
    let mut files = unzip(form);
    let xml = text(&files, "xl/workbook.xml");
    let start = xml
        .find(&format!("<sheet name=\"{sheet}\""))
        .unwrap_or_else(|| panic!("no sheet {sheet}"));
    let end = start + xml[start..].find("/>").unwrap_or_default() + 2;
    let new = format!("{}{}", &xml[..start], &xml[end..]);
    if let Some(f) = files.iter_mut().find(|(n, _)| n == "xl/workbook.xml") {
        f.1 = new.into_bytes();
    }
    zip_up(&files)
}

/// A zip archive of these files, stored.
fn zip_up(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        out.start_file(name.as_str(), options)
            .unwrap_or_else(|e| panic!("{e}"));
        out.write_all(bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    out.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

fn cells(list: &[(&str, &str, V)]) -> Vec<(String, String, V)> {
    list.iter()
        .map(|(s, c, v)| ((*s).to_owned(), (*c).to_owned(), v.clone()))
        .collect()
}

/// Checks files with the JSON format: (exit code, the document).
fn check_json(paths: &[&Path]) -> (i32, Value) {
    let mut args: Vec<&str> = paths
        .iter()
        .map(|p| p.to_str().unwrap_or_else(|| panic!("{}", p.display())))
        .collect();
    args.extend(["--lang", "en"]);
    util::check_json(&args)
}

fn at(v: &Value) -> (String, String) {
    (
        v["sheet"].as_str().unwrap_or_default().to_owned(),
        v["cell"].as_str().unwrap_or_default().to_owned(),
    )
}

/// The town-station survey that the LibreOffice fixture holds too: a short floor area, no
/// computer (0), a supervisor and a volunteer, one service not provided.
pub(crate) fn town_station_survey() -> Vec<(String, String, V)> {
    let text = std::fs::read_to_string("tests/fixtures/forms/town-station-fill.json")
        .unwrap_or_else(|e| panic!("{e}"));
    let list: Vec<(String, String, Value)> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    list.into_iter()
        .map(|(s, c, v)| {
            let v = match v {
                Value::Number(n) => V::N(n.as_f64().unwrap_or_default()),
                Value::String(s) => V::T(s),
                other => panic!("{other}"),
            };
            (s, c, v)
        })
        .collect()
}

#[test]
fn a_filled_form_is_checked_and_its_findings_point_at_sheet_and_cell() {
    let dir = tmp();
    let filled = fill(&form(dir.path(), "town_station"), &town_station_survey());
    let path = write(dir.path(), "form.xlsx", &filled);
    let (code, doc) = check_json(&[&path]);
    let r = &doc["reports"][0];
    assert_eq!(code, 1, "{r}");
    assert_eq!(r["status"], "non_compliant", "{r}");
    assert_eq!(r["facility"]["id"], "qiaotou-ts");
    assert_eq!(r["facility"]["level"], "town_station");
    let floor = finding(r, "floor_area");
    assert_eq!(floor["status"], "fail");
    assert_eq!(floor["actual"], 24);
    assert_eq!(at(&floor["location"]), ("基本信息".into(), "C14".into()));
    assert_eq!(
        (&floor["location"]["line"], &floor["location"]["column"]),
        (&Value::from(14), &Value::from(3)),
        "a cell's row and column are its line and column"
    );
    let computer = r["findings"]
        .as_array()
        .and_then(|fs| {
            fs.iter().find(|f| {
                f["requirement"]
                    .as_str()
                    .is_some_and(|s| s.contains("computer"))
            })
        })
        .unwrap_or_else(|| panic!("no computer finding in {r}"));
    assert_eq!(computer["status"], "fail");
    assert_eq!(
        at(&computer["location"]),
        ("行政办公区域".into(), "C7".into())
    );
    // The survey date (typed 2026-10-12) picks the edition in force then.
    assert_eq!(r["standard"]["version"], "2021-trial");

    let out = sitecheck()
        .arg("check")
        .arg(&path)
        .args(["--date", DATE, "--lang", "en"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(
        human.contains("form.xlsx!行政办公区域!C7"),
        "the terminal report names sheet and cell:\n{human}"
    );
    assert!(human.contains("form.xlsx!基本信息!C14"), "{human}");
}

#[test]
fn a_form_saved_by_libreoffice_reads_the_same() {
    let fixture = Path::new("tests/fixtures/forms/town-station-libreoffice.xlsx");
    let dir = tmp();
    let ours = write(
        dir.path(),
        "ours.xlsx",
        fill(&form(dir.path(), "town_station"), &town_station_survey()),
    );
    let (code_lo, lo) = check_json(&[fixture]);
    let (code_ours, ours) = check_json(&[&ours]);
    assert_eq!(code_lo, code_ours);
    let strip = |doc: &Value| -> Value {
        let mut r = doc["reports"][0].clone();
        if let Some(o) = r.as_object_mut() {
            o.remove("source");
            o.remove("sha256");
        }
        r
    };
    assert_eq!(
        strip(&lo),
        strip(&ours),
        "the LibreOffice-saved form gives another report: run scripts/regen-libreoffice-fixture.sh if the form's layout changed"
    );
}

/// Fills a fresh form of a level with what the standard asks for, exactly: every row of the
/// template model at its cell, as `layout` and the writer place them (`facility` maps the
/// facility sheet's keys to their value cells, read back from the form).
fn minimum(level: &str, facility: &[(String, String)]) -> Vec<(String, String, V)> {
    let st = sitecheck::registry::find_builtin("huancui", None).unwrap_or_else(|p| panic!("{p:?}"));
    let v = &st.vocabulary;
    let tpl = template::build(&st, level);
    let cell_of = |key: &str| {
        facility
            .iter()
            .find(|(k, _)| k == key)
            .map_or_else(|| panic!("no facility row {key}"), |(_, c)| c.clone())
    };
    let mut out = vec![
        (
            layout::FACILITY.to_owned(),
            cell_of("facility.id"),
            t("min-form"),
        ),
        (
            layout::FACILITY.to_owned(),
            cell_of("facility.name"),
            t("最低配置"),
        ),
    ];
    let mut staff_row = 5u32;
    for s in &tpl.sections {
        match s.kind {
            SectionKind::Facility
            | SectionKind::Survey
            | SectionKind::Operation
            | SectionKind::FloorArea => {
                for r in &s.rows {
                    let key = r.key.join(".");
                    let value = match (&r.kind, key.as_str()) {
                        (RowKind::Area, _) => Some(V::N(r.min.unwrap_or(0.0))),
                        (RowKind::Choice { accepted, .. }, "operation.mode") => {
                            accepted.first().map(|m| V::T(zh(&v.operation_modes, m)))
                        }
                        _ => None,
                    };
                    if let Some(value) = value {
                        out.push((layout::FACILITY.to_owned(), cell_of(&key), value));
                    }
                }
            }
            SectionKind::Staff => out.extend(minimum_staff(s, v, &mut staff_row)),
            SectionKind::Zone => out.extend(minimum_zone(s, v)),
            SectionKind::Services | SectionKind::Capacity => {}
        }
    }
    out
}

/// The staff sheet filled with what a staff section asks for: a person per required head, each
/// with a name, the role and the qualification, from `staff_row` on.
fn minimum_staff(
    s: &template::Section,
    v: &sitecheck::model::standard::Vocabulary,
    staff_row: &mut u32,
) -> Vec<(String, String, V)> {
    let mut out = Vec::new();
    out.push((layout::STAFF.to_owned(), "C2".to_owned(), t("有")));
    for r in &s.rows {
        let RowKind::Staff {
            role,
            qualification,
        } = &r.kind
        else {
            continue;
        };
        for _ in 0..r.min.unwrap_or(1.0).ceil() as u32 {
            let staff = |col: &str, value: String| {
                (
                    layout::STAFF.to_owned(),
                    format!("{col}{}", *staff_row),
                    V::T(value),
                )
            };
            // A staff row is a person: each has a name of their own.
            out.push(staff("A", format!("某某{}", *staff_row)));
            out.push(staff("B", zh(&v.roles, role)));
            if let Some(q) = qualification {
                out.push(staff("C", zh(&v.qualifications, q)));
            }
            *staff_row += 1;
        }
    }
    out
}

/// A zone's sheet filled with what its section asks for: present, the age bands, and each
/// item's count (at least its kinds), kinds and topics at the item's row.
fn minimum_zone(
    s: &template::Section,
    v: &sitecheck::model::standard::Vocabulary,
) -> Vec<(String, String, V)> {
    let mut out = Vec::new();
    let sheet = s.title.zh.clone();
    out.push((sheet.clone(), "C2".to_owned(), t("有")));
    let mut items: Vec<&str> = Vec::new();
    for r in &s.rows {
        if r.key.get(2).map(String::as_str) == Some("equipment")
            && let Some(i) = r.key.get(3)
            && !items.contains(&i.as_str())
        {
            items.push(i);
        }
    }
    for r in &s.rows {
        let item = r.key.get(3).map_or("", String::as_str);
        let row = 7 + items.iter().position(|i| *i == item).unwrap_or(0) as u32;
        let mut min = r.min.unwrap_or(0.0).ceil();
        // More kinds than pieces is refused: a count is at least the item's kinds.
        if matches!(r.kind, RowKind::Count) {
            for k in &s.rows {
                if matches!(k.kind, RowKind::Kinds) && k.key.get(3) == r.key.get(3) {
                    min = min.max(k.min.unwrap_or(0.0).ceil());
                }
            }
        }
        let min = V::N(min);
        let (cell, value) = match &r.kind {
            RowKind::AgeBands { bands } => ("C4".to_owned(), V::T(bands.join("、"))),
            RowKind::Count => (format!("C{row}"), min),
            RowKind::Kinds => (format!("D{row}"), min),
            RowKind::Topics { topics } => (
                format!("E{row}"),
                V::T(
                    topics
                        .iter()
                        .map(|x| zh(&v.topics, x))
                        .collect::<Vec<_>>()
                        .join("、"),
                ),
            ),
            _ => continue,
        };
        out.push((sheet.clone(), cell, value));
    }
    out
}

/// A term's Chinese name, or the id when the vocabulary lacks it.
fn zh(t: &sitecheck::model::standard::Terms, id: &str) -> String {
    t.get(id)
        .map_or_else(|| id.to_owned(), |x| x.name.zh.clone())
}

/// The facility sheet's value cell of each key, and the service cells, as the writer placed
/// them (read back from the generated form with the library's own reader).
pub(crate) fn facility_cells(form: &[u8]) -> (Vec<(String, String)>, Vec<String>) {
    let wb =
        sitecheck::form::read::read_workbook(form).unwrap_or_else(|e| panic!("{:?}", e.problem));
    let s = wb
        .sheets
        .iter()
        .find(|s| s.name == layout::FACILITY)
        .unwrap_or_else(|| panic!("no facility sheet"));
    let mut keys = Vec::new();
    let mut services = Vec::new();
    let mut in_services = false;
    for (&(r, c), v) in &s.cells {
        if c != layout::LABEL {
            continue;
        }
        let text = v.text();
        if layout::is_label(&text, layout::SERVICES) {
            in_services = true;
            continue;
        }
        if layout::is_label(&text, layout::CAPACITY) {
            in_services = false;
            continue;
        }
        if let Some(f) = layout::FACILITY_FIELDS
            .iter()
            .find(|f| layout::is_label(&text, (f.zh, f.en)))
        {
            keys.push((f.key.to_owned(), format!("C{}", r + 1)));
        } else if in_services {
            services.push(format!("C{}", r + 1));
        }
    }
    (keys, services)
}

#[test]
fn a_form_filled_with_the_minimum_of_every_level_is_compliant() {
    let dir = tmp();
    for level in ["district_center", "town_station", "childrens_home"] {
        let blank = form(dir.path(), level);
        let (keys, services) = facility_cells(&blank);
        let mut values = minimum(level, &keys);
        values.extend(
            services
                .iter()
                .map(|c| (layout::FACILITY.to_owned(), c.clone(), t("是"))),
        );
        let path = write(dir.path(), &format!("{level}.xlsx"), fill(&blank, &values));
        let (code, doc) = check_json(&[&path]);
        let r = &doc["reports"][0];
        let open: Vec<String> = r["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["severity"] == "error" && f["status"] != "pass")
            .map(|f| format!("{} {} {}", f["requirement"], f["status"], f["location"]))
            .collect();
        assert_eq!(r["status"], "compliant", "{level}: {open:#?}\n{r}");
        assert_eq!(code, 0, "{level}");
    }
}

#[test]
fn an_untouched_form_is_incomplete_not_an_error() {
    let dir = tmp();
    for level in ["district_center", "town_station", "childrens_home"] {
        let path = write(
            dir.path(),
            &format!("{level}.xlsx"),
            form(dir.path(), level),
        );
        let (code, doc) = check_json(&[&path]);
        let r = &doc["reports"][0];
        assert_eq!(r["status"], "incomplete", "{level}: {r}");
        assert_eq!(code, 1);
        assert!(
            r["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .all(|f| f["status"] != "fail"),
            "{level}: nothing fails on a blank form: {r}"
        );
    }
}

#[test]
fn the_same_level_gives_the_same_form_bytes() {
    let dir = tmp();
    let a = form(dir.path(), "childrens_home");
    let b = form(dir.path(), "childrens_home");
    assert!(a == b, "init --format xlsx is deterministic");
}

#[test]
fn bad_cells_are_located_errors_with_sheet_and_cell() {
    let dir = tmp();
    let bad = fill(
        &form(dir.path(), "town_station"),
        &cells(&[
            ("基本信息", "C3", t("bad-ts")),
            ("基本信息", "C14", t("三十")),
            ("人员配备", "A5", t("林悦")),
            ("人员配备", "B5", t("社工者")),
            ("行政办公区域", "C2", t("有")),
            ("行政办公区域", "C7", t("三")),
            ("行政办公区域", "C8", V::N(-2.0)),
            ("行政办公区域", "C9", V::N(1.5)),
        ]),
    );
    let path = write(dir.path(), "bad.xlsx", &bad);
    let (code, doc) = check_json(&[&path]);
    let r = &doc["reports"][0];
    assert_eq!(code, 2, "{r}");
    assert_eq!(r["status"], "error");
    let errors: Vec<(String, String, String)> = r["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            let (s, c) = at(e);
            (s, c, e["code"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    let expect = [
        ("基本信息", "C14", "sitecheck::wrong-type"),
        ("人员配备", "B5", "sitecheck::unknown-name"),
        ("行政办公区域", "C7", "sitecheck::wrong-type"),
        ("行政办公区域", "C8", "sitecheck::negative"),
        ("行政办公区域", "C9", "sitecheck::wrong-type"),
    ];
    for (s, c, code) in expect {
        assert!(
            errors.iter().any(|e| e.0 == s && e.1 == c && e.2 == code),
            "{s}!{c} {code} not in {errors:?}"
        );
    }
    // Every error has its row and column too, and the role's error says what to pick.
    assert!(
        r["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|e| e["line"].is_u64())
    );
    let role = r["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["cell"] == "B5")
        .unwrap_or_else(|| panic!("{r}"));
    assert!(
        role["help"]
            .as_str()
            .is_some_and(|h| h.contains("社会工作者")),
        "{role}"
    );
    let out = sitecheck()
        .arg("check")
        .arg(&path)
        .args(["--lang", "zh"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains("bad.xlsx!行政办公区域!C7"), "{human}");
    assert!(human.contains("不小于 0 的整数"), "{human}");
}

#[test]
fn a_zone_marked_absent_fails_at_that_cell_and_a_blank_zone_is_not_assessed() {
    let dir = tmp();
    let blank = form(dir.path(), "district_center");
    let absent = fill(
        &blank,
        &cells(&[
            ("行政办公区域", "C2", t("无")),
            ("个案工作室", "C2", t("有")),
            ("个案工作室", "C7", V::N(1.0)),
        ]),
    );
    let path = write(dir.path(), "absent.xlsx", &absent);
    let (_, doc) = check_json(&[&path]);
    let r = &doc["reports"][0];
    let office = finding(r, "zone:administrative_office");
    assert_eq!(office["status"], "fail", "{office}");
    assert_eq!(
        at(&office["location"]),
        ("行政办公区域".into(), "C2".into())
    );
    let items: Vec<&Value> = r["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| {
            f["requirement"].as_str().is_some_and(|s| {
                s.contains("administrative_office") && s != "zone:administrative_office"
            })
        })
        .collect();
    assert!(!items.is_empty());
    for f in items {
        assert_eq!(f["status"], "fail", "{f}");
        assert_eq!(f["actual"], 0, "{f}");
        assert_eq!(at(&f["location"]).1, "C2", "{f}");
    }
    // A zone sheet nobody touched: not assessed, at its presence cell.
    let other = r["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| {
            f["requirement"].as_str().is_some_and(|s| {
                s.starts_with("zone:")
                    && !s.contains("administrative_office")
                    && !s.contains("case_work")
            })
        })
        .unwrap_or_else(|| panic!("{r}"));
    assert_eq!(other["status"], "not_assessed", "{other}");
    assert_eq!(at(&other["location"]).1, "C2");

    // 无 with a count filled in is a contradiction, at the presence cell.
    let both = fill(
        &blank,
        &cells(&[
            ("行政办公区域", "C2", t("无")),
            ("行政办公区域", "C7", V::N(2.0)),
        ]),
    );
    let path = write(dir.path(), "both.xlsx", &both);
    let (code, doc) = check_json(&[&path]);
    assert_eq!(code, 2);
    let e = &doc["reports"][0]["error"];
    assert_eq!(e["code"], "sitecheck::contradiction", "{e}");
    assert_eq!(at(e), ("行政办公区域".into(), "C2".into()));
}

#[test]
fn a_directory_walk_includes_forms_and_standard_input_takes_one() {
    let dir = tmp();
    let forms = dir.path().join("forms");
    std::fs::create_dir(&forms).unwrap_or_else(|e| panic!("{e}"));
    let blank = form(dir.path(), "childrens_home");
    write(&forms, "b.xlsx", &blank);
    std::fs::copy("samples/town-station-compliant.yaml", forms.join("a.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, doc) = check_json(&[&forms]);
    let sources: Vec<&str> = doc["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["source"].as_str())
        .collect();
    assert_eq!(sources.len(), 2, "{sources:?}");
    assert!(
        sources[0].ends_with("a.yaml") && sources[1].ends_with("b.xlsx"),
        "{sources:?}"
    );

    let out = sitecheck()
        .args(["check", "-", "--format", "json"])
        .write_stdin(blank)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["reports"][0]["status"], "incomplete");
}

#[test]
fn a_file_that_is_not_a_workbook_is_an_error_not_a_panic() {
    let dir = tmp();
    let mut zipped = b"PK\x03\x04".to_vec();
    zipped.extend_from_slice(&[0u8; 64]);
    for (name, bytes) in [
        ("broken.xlsx", zipped),
        ("text.xlsx", b"facility: {}".to_vec()),
    ] {
        let path = write(dir.path(), name, &bytes);
        let (code, doc) = check_json(&[&path]);
        assert_eq!(code, 2, "{name}: {doc}");
        assert_eq!(doc["reports"][0]["status"], "error", "{name}");
    }
}

#[test]
fn init_refuses_to_write_a_form_to_a_terminal_and_names_the_output_option() {
    // Without --output and with standard output redirected (as here), the bytes are written.
    let out = sitecheck()
        .args(["init", "--level", "town_station", "--format", "xlsx"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0));
    assert!(sitecheck::form::read::is_workbook(&out.stdout));
}

#[test]
fn every_format_names_a_form_s_cells() {
    let dir = tmp();
    let filled = fill(&form(dir.path(), "town_station"), &town_station_survey());
    let path = write(dir.path(), "form.xlsx", &filled);
    let render = |format: &str| {
        let out = sitecheck()
            .arg("check")
            .arg(&path)
            .args(["--format", format, "--date", DATE, "--lang", "en"])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.status.code(), Some(1), "{format}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(render("markdown").contains("| 行政办公区域!C7 |"));
    assert!(render("junit").contains("form.xlsx!行政办公区域!C7"));
    let sarif: Value = serde_json::from_str(&render("sarif")).unwrap_or_else(|e| panic!("{e}"));
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/sarif-schema-2.1.0.json")
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let validator = jsonschema::draft4::options()
        .build(&schema)
        .unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let cells: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].as_str())
        .collect();
    assert!(cells.contains(&"行政办公区域!C7"), "{cells:?}");
    assert!(render("html").contains("<html"));
}

#[test]
fn a_far_off_cell_costs_no_memory() {
    // A cell at the sheet's last row and column: read cell by cell, nothing is allocated for
    // the rows and columns in between.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(layout::FACILITY)
        .unwrap_or_else(|e| panic!("{e}"));
    ws.write_string(2, 0, "设施编号")
        .unwrap_or_else(|e| panic!("{e}"));
    ws.write_string(2, 2, "far")
        .unwrap_or_else(|e| panic!("{e}"));
    ws.write_string(1_048_575, 16_383, "x")
        .unwrap_or_else(|e| panic!("{e}"));
    let bytes = wb.save_to_buffer().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp();
    let path = write(dir.path(), "far.xlsx", &bytes);
    let started = std::time::Instant::now();
    let (code, doc) = check_json(&[&path]);
    assert_eq!(code, 2, "no level: {doc}");
    assert_eq!(
        doc["reports"][0]["error"]["cell"], "A1",
        "the missing level, at the sheet's first cell: {doc}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

/// The row (1-based) whose first cell on the facility sheet is `label`.
fn facility_row(form: &[u8], label: &str) -> u32 {
    let wb = sitecheck::form::read::read_workbook(form).unwrap_or_else(|p| panic!("{p:?}"));
    let s = wb
        .sheets
        .iter()
        .find(|s| s.name == layout::FACILITY)
        .unwrap_or_else(|| panic!("no facility sheet"));
    s.cells
        .iter()
        .find(|(k, v)| k.1 == layout::LABEL && v.text() == label)
        .map_or_else(|| panic!("no row {label}"), |(k, _)| k.0 + 1)
}

#[test]
fn a_duty_s_record_and_date_are_read_from_its_row_and_a_no_fails_at_its_answer_cell() {
    // Issue 11: the form gains a record (台账) and a date column for each duty.
    let dir = tmp();
    let blank = form(dir.path(), "district_center");
    let (keys, services) = facility_cells(&blank);
    let mut values = minimum("district_center", &keys);
    values.extend(
        services
            .iter()
            .map(|c| (layout::FACILITY.to_owned(), c.clone(), t("是"))),
    );
    let consult = facility_row(&blank, "个案会商、部门会商");
    let hotline = facility_row(&blank, "救助保护专线");
    values.extend([
        (
            layout::FACILITY.to_owned(),
            format!("D{consult}"),
            t("2026年会商纪要3份"),
        ),
        (
            layout::FACILITY.to_owned(),
            format!("E{consult}"),
            t("2026-10-12"),
        ),
        (layout::FACILITY.to_owned(), format!("C{hotline}"), t("否")),
    ]);
    let path = write(dir.path(), "dc.xlsx", fill(&blank, &values));
    let (_, doc) = check_json(&[&path]);
    let r = &doc["reports"][0];
    let f = finding(r, "service:case_consultation");
    assert_eq!(f["status"], "pass", "{f}");
    assert_eq!(f["record"], "2026年会商纪要3份");
    assert_eq!(f["last_done"], "2026-10-12");
    let h = finding(r, "service:hotline");
    assert_eq!(h["status"], "fail", "{h}");
    assert!(
        h["message"]
            .as_str()
            .is_some_and(|m| m.contains("answered 否") && !m.contains("not recorded")),
        "a duty answered 否 says so: {h}"
    );
    assert_eq!(
        at(&h["location"]),
        (layout::FACILITY.to_owned(), format!("C{hotline}"))
    );
    // Still compliant: a duty is advisory.
    assert_eq!(r["status"], "compliant");
}

#[test]
fn a_form_row_may_name_several_roles_and_a_title() {
    // One person with several duties is one row, the roles separated by 、; a title outside the
    // list is role 其他 with the title in its own column.
    let dir = tmp();
    let blank = form(dir.path(), "district_center");
    let (keys, _) = facility_cells(&blank);
    // The minimum fills staff rows from row 5; these two people replace them.
    let mut values: Vec<(String, String, V)> = minimum("district_center", &keys)
        .into_iter()
        .filter(|(sheet, _, _)| sheet != layout::STAFF)
        .collect();
    let staff = |cell: &str, value: &str| (layout::STAFF.to_owned(), cell.to_owned(), t(value));
    values.extend([
        staff("C2", "有"),
        staff("A5", "甲"),
        staff("B5", "社会工作者、专业督导"),
        staff("C5", "社会工作师"),
        staff("A6", "赵"),
        staff("B6", "其他"),
        staff("C6", "社会工作师"),
        staff("D6", "会计"),
    ]);
    let path = write(dir.path(), "dc.xlsx", fill(&blank, &values));
    let (_, doc) = check_json(&[&path]);
    let r = &doc["reports"][0];
    assert_ne!(r["status"], "error", "{r}");
    assert_eq!(
        finding(r, "staff:professional_supervisor")["status"],
        "pass"
    );
    let sw = finding(r, "staff:qualified_social_workers");
    assert_eq!(sw["counted"], serde_json::json!(["赵"]), "{sw}");
    assert_eq!(sw["counted_elsewhere"][0]["person"], "甲", "{sw}");
}

/// Whether a text reads as an inventory key or YAML syntax: a backtick, a dotted key path
/// (`zones.reading_area`), a snake_case key (`floor_area_m2`) or a `key: [..]` list.
fn speaks_of_keys(text: &str) -> bool {
    let word_runs = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .filter(|w| !w.is_empty());
    text.contains('`')
        || text.contains(": [")
        || word_runs.into_iter().any(|w| {
            w.contains('_') || (w.contains('.') && w.chars().any(|c| c.is_ascii_alphabetic()))
        })
}

#[test]
fn a_form_filler_is_shown_cells_never_inventory_keys() {
    // Issue 15: every not-surveyed message and hint of a form names its sheet and cell.
    let dir = tmp();
    for level in ["district_center", "town_station", "childrens_home"] {
        let path = write(
            dir.path(),
            &format!("{level}.xlsx"),
            form(dir.path(), level),
        );
        for lang in ["zh", "en"] {
            let (_, doc) = util::check_json(&[path.to_str().unwrap_or_default(), "--lang", lang]);
            let r = &doc["reports"][0];
            let open: Vec<&Value> = r["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|f| f["status"] == "not_assessed")
                .collect();
            assert!(!open.is_empty(), "{level}: {r}");
            for f in open {
                let (sheet, cell) = at(&f["location"]);
                let place = format!("{sheet}!{cell}");
                for key in ["message", "shortfall"] {
                    let text = f[key].as_str().unwrap_or_default();
                    assert!(
                        text.contains(&place),
                        "{level} {lang}: the {key} names the cell {place}: {f}"
                    );
                    assert!(
                        !speaks_of_keys(text),
                        "{level} {lang}: the {key} names an inventory key: {f}"
                    );
                }
            }
        }
    }
    // A threshold that scales with a capacity the form leaves blank names the form's section.
    let path = dir.path().join("scaled.xlsx");
    let standard = "standards/examples/second-district.yaml";
    sitecheck()
        .args([
            "init",
            "--level",
            "town_station",
            "--format",
            "xlsx",
            "--standard",
            standard,
        ])
        .arg("--output")
        .arg(&path)
        .assert()
        .success();
    let (_, doc) = util::check_json(&[
        path.to_str().unwrap_or_default(),
        "--standard",
        standard,
        "--lang",
        "zh",
    ]);
    let f = finding(&doc["reports"][0], "floor_area");
    assert_eq!(f["status"], "not_assessed", "{f}");
    for key in ["message", "shortfall"] {
        let text = f[key].as_str().unwrap_or_default();
        assert!(!text.contains('`') && text.contains("规模"), "{key}: {f}");
    }
    // A YAML inventory keeps its key path: there the key is what the surveyor edits.
    let yaml = write(
        dir.path(),
        "open.yaml",
        "facility: {id: a, name: A, level: town_station}\nzones: {administrative_office: {}}\n",
    );
    let (_, doc) = check_json(&[&yaml]);
    let f = finding(&doc["reports"][0], "floor_area");
    assert!(
        f["shortfall"]
            .as_str()
            .is_some_and(|s| s.contains("`floor_area_m2`")),
        "{f}"
    );
}

#[test]
fn bad_cells_are_explained_in_the_form_s_words() {
    // Staff rows and areas on a form: advice speaks of columns and cells, not YAML keys.
    let dir = tmp();
    let blank = form(dir.path(), "town_station");
    let (keys, _) = facility_cells(&blank);
    let floor = keys
        .iter()
        .find(|(k, _)| k == "floor_area_m2")
        .map_or_else(|| panic!("{keys:?}"), |(_, c)| c.clone());
    let bad = fill(
        &blank,
        &[
            (layout::FACILITY.to_owned(), floor, V::N(-3.0)),
            (layout::STAFF.to_owned(), "A5".to_owned(), t("王敏")),
            (layout::STAFF.to_owned(), "B5".to_owned(), t("督导")),
            (layout::STAFF.to_owned(), "A6".to_owned(), t("王敏")),
            (layout::STAFF.to_owned(), "B6".to_owned(), t("儿童督导员")),
            (layout::STAFF.to_owned(), "A7".to_owned(), t("李华")),
        ],
    );
    let path = write(dir.path(), "bad.xlsx", bad);
    for lang in ["zh", "en"] {
        let (code, doc) = util::check_json(&[path.to_str().unwrap_or_default(), "--lang", lang]);
        assert_eq!(code, 2);
        let errors = doc["reports"][0]["errors"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(errors.len() >= 4, "{errors:?}");
        for e in &errors {
            for key in ["message", "help"] {
                let text = e[key].as_str().unwrap_or_default();
                assert!(!speaks_of_keys(text), "{lang}: the {key} names a key: {e}");
            }
        }
        // A role that is no name: the list of names starts with the ones it resembles.
        let role = errors
            .iter()
            .find(|e| e["code"] == "sitecheck::unknown-name")
            .unwrap_or_else(|| panic!("{errors:?}"));
        let help = role["help"].as_str().unwrap_or_default();
        assert!(help.contains("儿童督导员"), "{help}");
    }
    // An age band written another way.
    let blank = form(dir.path(), "childrens_home");
    let bad = fill(
        &blank,
        &cells(&[
            ("儿童阅读区", "C2", t("有")),
            ("儿童阅读区", "C4", t("零到三岁")),
            ("儿童阅读区", "C7", V::N(3.0)),
        ]),
    );
    let path = write(dir.path(), "bad-ch.xlsx", bad);
    for lang in ["zh", "en"] {
        let (code, doc) = util::check_json(&[path.to_str().unwrap_or_default(), "--lang", lang]);
        assert_eq!(code, 2, "{doc}");
        let errors = doc["reports"][0]["errors"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(!errors.is_empty(), "{errors:?}");
        for e in &errors {
            for key in ["message", "help"] {
                let text = e[key].as_str().unwrap_or_default();
                assert!(!speaks_of_keys(text), "{lang}: the {key} names a key: {e}");
            }
        }
    }
}

#[test]
fn a_deleted_zone_sheet_is_a_located_error_that_says_how_to_say_none() {
    // Issue 15: deleting a zone's sheet cannot mean both 无 and not surveyed.
    let dir = tmp();
    for (level, zone) in [
        ("town_station", "行政办公区域"),
        ("childrens_home", "儿童阅读区"),
    ] {
        let blank = form(dir.path(), level);
        let (keys, _) = facility_cells(&blank);
        let level_cell = keys
            .iter()
            .find(|(k, _)| k == "facility.level")
            .map_or_else(|| panic!("{keys:?}"), |(_, c)| c.clone());
        let path = write(
            dir.path(),
            &format!("{level}-deleted.xlsx"),
            delete_sheet(&blank, zone),
        );
        for lang in ["zh", "en"] {
            let (code, doc) =
                util::check_json(&[path.to_str().unwrap_or_default(), "--lang", lang]);
            assert_eq!(code, 2, "{level}: {doc}");
            let errors = doc["reports"][0]["errors"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert_eq!(errors.len(), 1, "{errors:?}");
            let e = &errors[0];
            assert_eq!(e["code"], "sitecheck::missing-sheet", "{e}");
            assert_eq!(at(e), (layout::FACILITY.to_owned(), level_cell.clone()));
            let message = e["message"].as_str().unwrap_or_default();
            assert!(message.contains(zone), "{message}");
            let help = e["help"].as_str().unwrap_or_default();
            assert!(
                help.contains(layout::NO),
                "the help says to write 无: {help}"
            );
        }
    }
}

/// Runs a program to its end, killed after `util::TIME_LIMIT` (its output goes to files it
/// is told of, so that no pipe fills while it is waited for).
fn run_bounded(cmd: &mut std::process::Command) -> Result<(), String> {
    use std::process::Stdio;
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return if status.success() {
                Ok(())
            } else {
                Err(format!("{cmd:?}: {status}"))
            };
        }
        if start.elapsed() > util::TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{cmd:?} ran past {:?}", util::TIME_LIMIT));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Whether a program runs with this argument.
fn runs(program: &'static str, arg: &str) -> Option<&'static str> {
    std::process::Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(program)
}

/// One line of text on a PDF page, as `pdftotext -bbox-layout` gives it: its y-range and words.
#[derive(Debug)]
struct PdfLine {
    page: usize,
    top: f64,
    bottom: f64,
    left: f64,
    right: f64,
    text: String,
}

/// The text lines of a PDF, from `pdftotext -bbox-layout`'s XHTML.
fn pdf_lines(xhtml: &str) -> Vec<PdfLine> {
    let attr = |tag: &str, name: &str| -> f64 {
        tag.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {tag}"))
    };
    let mut out = Vec::new();
    for (page, body) in xhtml.split("<page ").skip(1).enumerate() {
        for line in body.split("<line ").skip(1) {
            let tag = line.split('>').next().unwrap_or_default();
            let text: Vec<&str> = line
                .split("<word ")
                .skip(1)
                .filter_map(|w| w.split('>').nth(1)?.split('<').next())
                .collect();
            out.push(PdfLine {
                page: page + 1,
                top: attr(tag, "yMin"),
                bottom: attr(tag, "yMax"),
                left: attr(tag, "xMin"),
                right: attr(tag, "xMax"),
                text: text.join(" "),
            });
        }
    }
    out
}

#[test]
fn every_level_s_form_prints_without_overlapping_lines() {
    // Issue 15: rendered by LibreOffice, wrapped text had rows too short for it, and the
    // Chinese and English lines of a cell were drawn over each other.
    let how = "apt-get install libreoffice-calc-nogui poppler-utils";
    let Some(soffice) = util::require_tool("soffice", runs("soffice", "--version"), how) else {
        return;
    };
    let Some(pdftotext) = util::require_tool("pdftotext", runs("pdftotext", "-v"), how) else {
        return;
    };
    let dir = tmp();
    let levels = ["district_center", "town_station", "childrens_home"];
    let mut cmd = std::process::Command::new(soffice);
    cmd.arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(dir.path());
    for level in levels {
        form(dir.path(), level);
        cmd.arg(dir.path().join(format!("{level}-blank.xlsx")));
    }
    run_bounded(&mut cmd).unwrap_or_else(|e| panic!("{e}"));
    for level in levels {
        let pdf = dir.path().join(format!("{level}-blank.pdf"));
        let boxes = dir.path().join(format!("{level}.html"));
        run_bounded(
            std::process::Command::new(pdftotext)
                .arg("-bbox-layout")
                .arg(&pdf)
                .arg(&boxes),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let xhtml = std::fs::read_to_string(&boxes).unwrap_or_else(|e| panic!("{e}"));
        let lines = pdf_lines(&xhtml);
        assert!(
            lines.iter().any(|l| l.text.contains("现场核查表")),
            "{level}: the PDF holds the form's text: {lines:?}"
        );
        // Two lines overlap when they share more than a third of the shorter one's height and
        // some width: consecutive lines of a paragraph touch by a point or so, lines drawn
        // over each other share most of it.
        for (i, a) in lines.iter().enumerate() {
            for b in &lines[i + 1..] {
                if a.page != b.page || a.right <= b.left || b.right <= a.left {
                    continue;
                }
                let shared = a.bottom.min(b.bottom) - a.top.max(b.top);
                let height = (a.bottom - a.top).min(b.bottom - b.top);
                assert!(
                    shared <= height / 3.0,
                    "{level}, page {}: “{}” and “{}” overlap",
                    a.page,
                    a.text,
                    b.text
                );
            }
        }
    }
}
