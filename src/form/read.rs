//! Load: a survey form workbook (`.xlsx`) → the same raw inventory a YAML file gives, every
//! value located at its sheet and cell. Names stay as the surveyor wrote them: the model
//! resolves them exactly as it resolves a YAML file's, so aliases and typos behave the same.
//!
//! The layout the reader expects is the one `sitecheck init --format xlsx` writes
//! ([`layout`]); the reader finds rows by their labels (column A), not by their numbers, so a
//! surveyor may insert rows and reorder sheets. What an empty cell means:
//!
//! - an empty value cell is *not surveyed* (null); `0` is *surveyed, none*;
//! - a zone sheet's 设置情况 (zone present) cell says 有 (there) or 无 (surveyed, not there); a
//!   zone sheet left wholly blank was not surveyed; a zone sheet of the level's form that was
//!   deleted is an error (`form::load` knows the level's zones);
//! - the staff sheet's 配备情况 (staff present) cell says 无 for *no staff*; left blank with no
//!   rows, the staff were not surveyed;
//! - services: 是 or 否 for each; all left blank, the services were not surveyed.
//!
//! The workbook's archive is taken apart and made safe before calamine sees it (module `archive`),
//! then read cell by cell (calamine's streaming reader) with bounds on its cells and their
//! text ([`crate::limits`]), so that no workbook within the file-size limit can exhaust
//! memory or time.

mod archive;

use std::collections::BTreeMap;

use calamine::{DataRef, Reader as _, Xlsx};

use crate::diagnostic::Problem;
use crate::i18n::Text;
use crate::limits;
use crate::load::inventory::{
    RawFacility, RawInventory, RawItem, RawOperation, RawService, RawServices, RawStaff, RawSurvey,
};
use crate::load::inventory::{RawZone, SurveyKind};
use crate::load::{Anything, Ev, Number, Sp, SpannedMap};
use crate::source::Location;

use super::layout;

/// A non-empty cell's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Text (trimmed, never empty).
    Text(String),
    /// A number.
    Number(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date: Excel's serial day number (1900 system).
    Date(f64),
    /// A formula error such as `#DIV/0!`.
    Error(String),
}

impl Value {
    /// The value as text (numbers without a needless fraction).
    #[must_use]
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) | Value::Error(s) => s.clone(),
            Value::Number(n) => number_text(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Value::Date(d) => date_text(*d).unwrap_or_else(|| number_text(*d)),
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Excel's serial day number as `YYYY-MM-DD` (the 1900 system: day 1 is 1900-01-01, and the
/// fictitious 1900-02-29 is day 60, so day 61 onward counts from 1899-12-30).
fn date_text(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = if days < 60 { days + 1 } else { days };
    let d = epoch.checked_add_signed(chrono::TimeDelta::try_days(days)?)?;
    Some(d.format("%Y-%m-%d").to_string())
}

/// One sheet's non-empty cells.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    /// Its index among the workbook's sheets.
    pub index: u16,
    /// Its name.
    pub name: String,
    /// Non-empty cells by 0-based (row, column).
    pub cells: BTreeMap<(u32, u32), Value>,
}

impl Sheet {
    /// The cell at a 0-based row and column.
    #[must_use]
    pub fn get(&self, row: u32, col: u32) -> Option<&Value> {
        self.cells.get(&(row, col))
    }
    /// The cell's text, when it is not empty.
    #[must_use]
    pub fn text(&self, row: u32, col: u32) -> Option<String> {
        self.get(row, col).map(Value::text)
    }
    /// Where a 0-based cell is.
    #[must_use]
    pub fn loc(&self, row: u32, col: u32) -> Location {
        Location::cell(self.index, row + 1, col + 1)
    }
    /// The rows that have a cell, in order.
    fn rows(&self) -> Vec<u32> {
        let mut rows: Vec<u32> = self.cells.keys().map(|(r, _)| *r).collect();
        rows.dedup();
        rows
    }
    /// The first row whose column A (or B) is this label.
    fn row_of(&self, label: layout::Label) -> Option<u32> {
        self.rows()
            .into_iter()
            .find(|&r| self.is_label_row(r, label))
    }
    fn is_label_row(&self, row: u32, label: layout::Label) -> bool {
        [layout::LABEL, layout::ENGLISH].iter().any(|&c| {
            self.text(row, c)
                .is_some_and(|t| layout::is_label(&t, label))
        })
    }
    /// Whether any cell in these columns of these rows holds something.
    fn any_in(&self, rows: &[u32], cols: &[u32]) -> Option<(u32, u32)> {
        rows.iter()
            .flat_map(|&r| cols.iter().map(move |&c| (r, c)))
            .find(|&(r, c)| self.get(r, c).is_some())
    }
}

/// The cells of a workbook, read with bounds.
#[derive(Clone, Debug, Default)]
pub struct Workbook {
    /// Every sheet's name, in workbook order (what [`Location::sheet`] indexes).
    pub names: Vec<String>,
    /// The sheets read (every sheet but the ignored ones).
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name.trim() == name)
    }
}

fn problem(
    code: crate::diagnostic::Code,
    zh: String,
    en: String,
    loc: Option<Location>,
) -> Problem {
    Problem::new(code, Text::new(zh, en), loc)
}

fn unreadable(why: &str) -> Problem {
    problem(
        crate::diagnostic::Code::Unreadable,
        format!("无法读取 xlsx 工作簿：{why}"),
        format!("cannot read the xlsx workbook: {why}"),
        None,
    )
    .with_help(Text::new(
        "请用 Excel、WPS 或 LibreOffice 打开后另存为 .xlsx（Excel 工作簿）",
        "open it in Excel, WPS or LibreOffice and save it as .xlsx (Excel workbook)",
    ))
}

/// Whether bytes look like a zip archive, as every `.xlsx` is.
#[must_use]
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A workbook that could not be read: the problem, and the sheet names known by then (so that
/// a problem at a cell can name its sheet).
#[derive(Debug)]
pub struct Unreadable {
    /// What is wrong.
    pub problem: Problem,
    /// The workbook's sheet names, in order (empty when the archive was refused).
    pub sheet_names: Vec<String>,
}

impl From<Problem> for Unreadable {
    fn from(problem: Problem) -> Self {
        Self {
            problem,
            sheet_names: Vec::new(),
        }
    }
}

/// A refusal of the archive, or of a bound, as a problem.
fn refused(r: &archive::Refusal, at: Option<Location>) -> Problem {
    let (zh, en) = (&r.why.zh, &r.why.en);
    if r.limit {
        problem(
            crate::diagnostic::Code::TooLarge,
            format!("无法读取该 xlsx 工作簿：{zh}"),
            format!("cannot read the xlsx workbook: {en}"),
            at,
        )
        .with_help(Text::new(
            "核查表远用不到这么多内容：请用 sitecheck init --format xlsx 生成的表格重新填写",
            "no survey form comes near this: fill in a form made by sitecheck init --format xlsx",
        ))
    } else {
        problem(
            crate::diagnostic::Code::Unreadable,
            format!("无法读取该 xlsx 工作簿：{zh}"),
            format!("cannot read the xlsx workbook: {en}"),
            at,
        )
        .with_help(Text::new(
            "请用 Excel、WPS 或 LibreOffice 打开后另存为 .xlsx（Excel 工作簿）",
            "open it in Excel, WPS or LibreOffice and save it as .xlsx (Excel workbook)",
        ))
    }
}

fn bound(zh: String, en: String) -> archive::Refusal {
    archive::Refusal {
        why: Text::new(zh, en),
        limit: true,
    }
}

/// Reads a workbook's cells, every sheet but the ignored ones.
///
/// # Errors
/// The problem when the bytes are not an xlsx workbook (or a password-protected one), or the
/// workbook crosses a bound of [`limits`]; a bound crossed at a cell is located there.
pub fn read_workbook(bytes: &[u8]) -> Result<Workbook, Unreadable> {
    let rebuilt = archive::rebuild(bytes).map_err(|r| refused(&r, None))?;
    let (reader, left) = archive::Budget::new(rebuilt);
    // calamine's error, unless it came from running out of the read budget.
    let failed = |e: calamine::XlsxError| {
        if left.get() == 0 {
            refused(&archive::parsed_too_much(), None)
        } else {
            unreadable(&e.to_string())
        }
    };
    let mut xlsx: Xlsx<_> = Xlsx::new(reader).map_err(failed)?;
    let names = xlsx.sheet_names();
    if names.len() > limits::MAX_SHEETS {
        let (n, max) = (names.len(), limits::MAX_SHEETS);
        return Err(refused(
            &bound(
                format!("工作簿中有 {n} 个工作表（上限 {max}）"),
                format!("{n} sheets (at most {max})"),
            ),
            None,
        )
        .into());
    }
    let mut sheets = Vec::new();
    let mut cells_read = 0usize;
    let mut text_bytes = 0usize;
    for (i, name) in names.iter().enumerate() {
        if layout::is_ignored(name) {
            continue;
        }
        let index = u16::try_from(i).unwrap_or(u16::MAX);
        let mut sheet = Sheet {
            index,
            name: name.clone(),
            cells: BTreeMap::new(),
        };
        let stop = |r: archive::Refusal, (row, col): (u32, u32)| Unreadable {
            problem: refused(&r, Some(Location::cell(index, row + 1, col + 1))),
            sheet_names: names.clone(),
        };
        let mut cells = xlsx.worksheet_cells_reader(name).map_err(failed)?;
        while let Some(cell) = cells.next_cell().map_err(failed)? {
            let at = cell.get_position();
            // Every cell costs reading, an empty one too: each counts.
            cells_read += 1;
            if cells_read > limits::MAX_CELLS {
                let max = limits::MAX_CELLS;
                return Err(stop(
                    bound(
                        format!("单元格超过 {max} 个（含空单元格，上限）"),
                        format!("more than {max} cells, empty ones included (the limit)"),
                    ),
                    at,
                ));
            }
            // Text is copied per cell (a shared string once per cell that shows it): the
            // bytes are counted before any work on them.
            let raw = raw_text(cell.get_value()).unwrap_or_default();
            text_bytes = text_bytes.saturating_add(raw.len());
            if text_bytes > limits::MAX_CELL_TEXT_BYTES {
                let m = limits::MAX_CELL_TEXT_BYTES / 1024 / 1024;
                return Err(stop(
                    bound(
                        format!("单元格中的文字合计超过 {m} MiB（上限）"),
                        format!("the cells hold more than {m} MiB of text in all (the limit)"),
                    ),
                    at,
                ));
            }
            if raw.len() > limits::MAX_CELL_CHARS {
                let chars = raw.chars().count();
                if chars > limits::MAX_CELL_CHARS {
                    let max = limits::MAX_CELL_CHARS;
                    return Err(stop(
                        bound(
                            format!("一个单元格中有 {chars} 个字符（上限 {max}）"),
                            format!("a cell holds {chars} characters (at most {max})"),
                        ),
                        at,
                    ));
                }
            }
            if let Some(v) = value(cell.get_value()) {
                sheet.cells.insert(at, v);
            }
        }
        sheets.push(sheet);
    }
    Ok(Workbook { names, sheets })
}

/// A cell's text, before it is trimmed or copied.
fn raw_text<'a>(d: &'a DataRef<'_>) -> Option<&'a str> {
    match d {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Some(s),
        DataRef::SharedString(s) => Some(s),
        _ => None,
    }
}

fn value(d: &DataRef<'_>) -> Option<Value> {
    let text = |s: &str| {
        let t = s.trim();
        (!t.is_empty()).then(|| Value::Text(t.to_owned()))
    };
    match d {
        DataRef::Empty => None,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Int(i) => Some(Value::Number(*i as f64)),
        DataRef::Float(f) => Some(Value::Number(*f)),
        DataRef::Bool(b) => Some(Value::Bool(*b)),
        DataRef::DateTime(dt) if dt.is_datetime() => Some(Value::Date(dt.as_f64())),
        DataRef::DateTime(dt) => Some(Value::Number(dt.as_f64())),
        DataRef::Error(e) => Some(Value::Error(e.to_string())),
    }
}

/// What a zone sheet says about its zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// There: the sheet's values are the zone's.
    Present,
    /// Marked 无: surveyed, not there.
    Absent,
    /// Left blank: not surveyed.
    Blank,
}

/// A workbook read as an inventory: the raw inventory (every zone sheet in `zones`, those
/// marked absent or left blank with a null value) and what each zone sheet says.
#[derive(Debug)]
pub struct RawForm {
    /// The inventory, as a YAML file would give it.
    pub raw: RawInventory,
    /// Per entry of `raw.zones`, in order: what its sheet says, and the cell that says it.
    pub zones: Vec<(Presence, Location)>,
    /// The workbook's sheet names (for locations).
    pub sheet_names: Vec<String>,
}

/// A row's value: `None` when the row is not on the sheet, else the value (`None`: the cell
/// is empty) and the cell.
type Slot<T> = Option<(Option<T>, Location)>;

/// A field that is an `Option<T>` in some raw structs and an [`Ev<T>`] in others: filled
/// from a cell (value and where), or left absent.
trait Fill<T> {
    fn fill(slot: Slot<T>) -> Self;
}

impl<T> Fill<T> for Option<T> {
    fn fill(slot: Slot<T>) -> Self {
        slot.and_then(|(v, _)| v)
    }
}

impl<T> Fill<T> for Ev<T> {
    fn fill(slot: Slot<T>) -> Self {
        Ev(slot.map(|(value, loc)| Sp {
            value,
            loc: Some(loc),
        }))
    }
}

/// Reads a workbook's cells as an inventory, collecting every problem of a cell (text in a
/// count, a negative count, a missing facility id …), each at its sheet and cell, beside
/// whatever could be read. Names are resolved later, by the model.
pub fn read(wb: &Workbook) -> (RawForm, Vec<Problem>) {
    let mut r = FormReader {
        problems: Vec::new(),
    };
    let facility_sheet = wb.sheet(layout::FACILITY);
    let f = facility_sheet.map_or_else(FacilityPart::empty, |s| r.facility_sheet(s));
    if facility_sheet.is_none() {
        r.problems.push(
            problem(
                crate::diagnostic::Code::MissingKey,
                format!(
                    "工作簿中没有“{}”工作表（设施的编号、名称和层级）",
                    layout::FACILITY
                ),
                format!(
                    "the workbook has no “{}” sheet (the facility's id, name and level)",
                    layout::FACILITY
                ),
                None,
            )
            .with_help(Text::new(
                "请使用 sitecheck init --format xlsx 生成的表格填写",
                "fill in a form made by sitecheck init --format xlsx",
            )),
        );
    }
    let staff = wb
        .sheet(layout::STAFF)
        .map_or_else(Ev::default, |s| r.staff_sheet(s));
    let other_zones = wb
        .sheet(layout::OTHER_ZONES)
        .map_or_else(Ev::default, other_zones_sheet);
    let mut zone_map = Vec::new();
    let mut marks = Vec::new();
    for s in &wb.sheets {
        let name = s.name.trim();
        if [layout::FACILITY, layout::STAFF, layout::OTHER_ZONES].contains(&name) {
            continue;
        }
        let (zone, presence, at) = r.zone_sheet(s);
        zone_map.push((
            Sp {
                value: name.to_owned(),
                loc: Some(s.loc(0, 0)),
            },
            Sp {
                value: zone,
                loc: Some(at),
            },
        ));
        marks.push((presence, at));
    }
    let zones_loc = marks.first().map(|(_, at)| *at);
    let zones = if zone_map.is_empty() {
        Ev::default()
    } else {
        Ev(Some(Sp {
            value: Some(SpannedMap(zone_map)),
            loc: zones_loc,
        }))
    };
    let raw = RawInventory {
        facility: Sp {
            value: f.facility,
            loc: facility_sheet.map(|s| s.loc(0, 0)),
        },
        standard: f.standard,
        standard_sha256: f.standard_sha256,
        survey: f.survey,
        operation: f.operation,
        floor_area_m2: f.floor_area,
        staff,
        zones,
        other_zones,
        services: f.services,
        capacity: f.capacity,
    };
    (
        RawForm {
            raw,
            zones: marks,
            sheet_names: wb.names.clone(),
        },
        r.problems,
    )
}

/// One row of the facility sheet's duties section.
struct ServiceRow {
    name: Sp<String>,
    answer: Option<bool>,
    at: Location,
    record: Option<String>,
    last_done: Option<Sp<String>>,
}

struct FacilityPart {
    facility: RawFacility,
    standard: Ev<String>,
    standard_sha256: Ev<String>,
    survey: Ev<RawSurvey>,
    operation: Ev<RawOperation>,
    floor_area: Ev<Number>,
    services: Ev<RawServices>,
    capacity: Ev<SpannedMap<Sp<Number>>>,
}

fn empty_facility() -> RawFacility {
    RawFacility {
        id: Sp {
            value: String::new(),
            loc: None,
        },
        name: Fill::fill(None),
        level: Sp {
            value: String::new(),
            loc: None,
        },
        region: Fill::fill(None),
        co_located_with: Ev::default(),
    }
}

impl FacilityPart {
    fn empty() -> Self {
        Self {
            facility: empty_facility(),
            standard: Ev::default(),
            standard_sha256: Ev::default(),
            survey: Ev::default(),
            operation: Ev::default(),
            floor_area: Ev::default(),
            services: Ev::default(),
            capacity: Ev::default(),
        }
    }
}

/// Which part of the facility sheet a row is in.
#[derive(PartialEq)]
enum Section {
    Fields,
    Services,
    Capacity,
}

/// The facility sheet's rows, read but not yet checked as a whole.
struct FacilityRows<'s> {
    /// Each field's cell as text, by the field's key (the first row of a key wins).
    text: BTreeMap<&'static str, (Option<String>, Location)>,
    /// Each field's cell as it is, by the field's key.
    raw: BTreeMap<&'static str, (Option<&'s Value>, Location)>,
    services: Vec<ServiceRow>,
    services_loc: Option<Location>,
    capacity: Vec<(Sp<String>, Option<Number>, Location)>,
    capacity_loc: Option<Location>,
}

/// The operation, when its mode or its operator is there.
fn operation(rows: &FacilityRows) -> Ev<RawOperation> {
    let t = |k: &str| rows.text.get(k).cloned();
    match (t("operation.mode"), t("operation.operator")) {
        (None, None) => Ev::default(),
        (mode, operator) => {
            let loc = mode.as_ref().or(operator.as_ref()).map(|(_, at)| *at);
            Ev(Some(Sp {
                value: Some(RawOperation {
                    mode: Fill::fill(mode),
                    operator: Fill::fill(operator),
                }),
                loc,
            }))
        }
    }
}

/// The capacity rows that hold a number, under the capacity heading; none → not surveyed.
fn capacity(
    capacity: Vec<(Sp<String>, Option<Number>, Location)>,
    heading: Option<Location>,
) -> Ev<SpannedMap<Sp<Number>>> {
    if capacity.iter().any(|(_, n, _)| n.is_some()) {
        Ev(Some(Sp {
            value: Some(SpannedMap(
                capacity
                    .into_iter()
                    .filter_map(|(k, n, at)| {
                        n.map(|n| {
                            (
                                k,
                                Sp {
                                    value: n,
                                    loc: Some(at),
                                },
                            )
                        })
                    })
                    .collect(),
            )),
            loc: heading,
        }))
    } else {
        Ev::default()
    }
}

/// The age bands a zone serves, one cell split like a list.
fn age_bands(s: &Sheet, bands_row: Option<u32>) -> Ev<Vec<Sp<String>>> {
    match bands_row {
        None => Ev::default(),
        Some(r) => {
            let cell = s.loc(r, layout::VALUE);
            let bands = s.text(r, layout::VALUE).map(|t| {
                split_list(&t)
                    .into_iter()
                    .map(|b| Sp {
                        value: b,
                        loc: Some(cell),
                    })
                    .collect()
            });
            Fill::fill(Some((bands, cell)))
        }
    }
}

/// The equipment written below the other-equipment heading, by name only.
fn other_equipment(s: &Sheet, other: Option<u32>, other_rows: &[u32]) -> Ev<SpannedMap<Anything>> {
    if other_rows.is_empty() {
        Ev::default()
    } else {
        Ev(Some(Sp {
            value: Some(SpannedMap(
                other_rows
                    .iter()
                    .filter_map(|&r| {
                        s.text(r, layout::LABEL).map(|n| {
                            (
                                Sp {
                                    value: n,
                                    loc: Some(s.loc(r, layout::LABEL)),
                                },
                                Anything,
                            )
                        })
                    })
                    .collect(),
            )),
            loc: other.map(|o| s.loc(o, layout::LABEL)),
        }))
    }
}

struct FormReader {
    problems: Vec<Problem>,
}

impl FormReader {
    fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }

    fn facility_sheet(&mut self, s: &Sheet) -> FacilityPart {
        let rows = self.facility_rows(s);
        let t = |k: &str| rows.text.get(k).cloned();
        let facility = self.identity(&rows, s);
        let standard = Fill::fill(t("standard"));
        let standard_sha256 = Fill::fill(t("standard_sha256"));
        let survey = self.survey(&rows);
        let operation = operation(&rows);
        let floor_area = self.floor_area(&rows);
        let services = self.services(rows.services, rows.services_loc);
        let capacity = capacity(rows.capacity, rows.capacity_loc);
        FacilityPart {
            facility,
            standard,
            standard_sha256,
            survey,
            operation,
            floor_area,
            services,
            capacity,
        }
    }

    /// Reads the facility sheet's rows: each field's cell under its key, and the service and
    /// capacity rows under their headings; a service answer that is not 是 or 否 and a capacity
    /// that is not a number are reported here.
    fn facility_rows<'s>(&mut self, s: &'s Sheet) -> FacilityRows<'s> {
        let mut text: BTreeMap<&'static str, (Option<String>, Location)> = BTreeMap::new();
        let mut raw: BTreeMap<&'static str, (Option<&'s Value>, Location)> = BTreeMap::new();
        let mut services: Vec<ServiceRow> = Vec::new();
        let mut capacity: Vec<(Sp<String>, Option<Number>, Location)> = Vec::new();
        let mut capacity_loc = None;
        let mut services_loc = None;
        let mut section = Section::Fields;
        for row in s.rows() {
            if s.is_label_row(row, layout::SERVICES) || s.is_label_row(row, layout::SERVICES_BEFORE)
            {
                section = Section::Services;
                services_loc = Some(s.loc(row, layout::LABEL));
                continue;
            }
            if s.is_label_row(row, layout::CAPACITY) {
                section = Section::Capacity;
                capacity_loc = Some(s.loc(row, layout::LABEL));
                continue;
            }
            let field = layout::FACILITY_FIELDS
                .iter()
                .find(|f| s.is_label_row(row, (f.zh, f.en)));
            if let Some(f) = field {
                section = Section::Fields;
                let at = s.loc(row, layout::VALUE);
                let v = s.get(row, layout::VALUE);
                raw.entry(f.key).or_insert((v, at));
                text.entry(f.key).or_insert((v.map(Value::text), at));
                if f.key == "standard" {
                    let at = s.loc(row, layout::STANDARD_SHA256);
                    let v = s.get(row, layout::STANDARD_SHA256).map(Value::text);
                    text.entry("standard_sha256").or_insert((v, at));
                }
                continue;
            }
            let Some(name) = s.text(row, layout::LABEL) else {
                continue;
            };
            let at = s.loc(row, layout::VALUE);
            let key = Sp {
                value: name.clone(),
                loc: Some(s.loc(row, layout::LABEL)),
            };
            match section {
                Section::Fields => {}
                Section::Services => {
                    let answer = match s.get(row, layout::VALUE) {
                        None => None,
                        Some(v) => match yes_no_value(v) {
                            Some(b) => Some(b),
                            None => {
                                self.push(yes_no_problem(&name, v, at, true));
                                continue;
                            }
                        },
                    };
                    let record = s.text(row, layout::RECORD);
                    let last_done = s.get(row, layout::LAST_DONE).map(|v| Sp {
                        value: date_value(v),
                        loc: Some(s.loc(row, layout::LAST_DONE)),
                    });
                    services.push(ServiceRow {
                        name: key,
                        answer,
                        at,
                        record,
                        last_done,
                    });
                }
                Section::Capacity => {
                    let n = s
                        .get(row, layout::VALUE)
                        .and_then(|v| self.number(&name, v, at));
                    capacity.push((key, n, at));
                }
            }
        }
        FacilityRows {
            text,
            raw,
            services,
            services_loc,
            capacity,
            capacity_loc,
        }
    }

    /// The facility's id and level (both required) and its name, region and co-location.
    fn identity(&mut self, rows: &FacilityRows, s: &Sheet) -> RawFacility {
        let t = |k: &str| rows.text.get(k).cloned();
        let id = t("facility.id");
        let level = t("facility.level");
        let mut facility = empty_facility();
        match id {
            Some((Some(v), at)) => {
                facility.id = Sp {
                    value: v,
                    loc: Some(at),
                };
            }
            other => self.push(required(
                "设施编号",
                "facility id",
                other.map(|(_, at)| at),
                s,
            )),
        }
        match level {
            Some((Some(v), at)) => {
                facility.level = Sp {
                    value: v,
                    loc: Some(at),
                };
            }
            other => self.push(required("层级", "level", other.map(|(_, at)| at), s)),
        }
        facility.name = Fill::fill(t("facility.name"));
        facility.region = Fill::fill(t("facility.region"));
        facility.co_located_with = Fill::fill(t("facility.co_located_with"));
        facility.name = Fill::fill(t("facility.name"));
        facility.region = Fill::fill(t("facility.region"));
        facility.co_located_with = Fill::fill(t("facility.co_located_with"));
        facility
    }

    /// The survey, when any of its rows is there; an unknown survey kind is reported.
    fn survey(&mut self, rows: &FacilityRows) -> Ev<RawSurvey> {
        let t = |k: &str| rows.text.get(k).cloned();
        let survey_rows = ["survey.kind", "survey.date", "survey.surveyor"];
        if survey_rows.iter().any(|k| rows.text.contains_key(k)) {
            let kind = match t("survey.kind") {
                Some((Some(v), at)) => {
                    let k = survey_kind(&v);
                    if k.is_none() {
                        self.push(
                            problem(
                                crate::diagnostic::Code::UnknownName,
                                format!("未知的核查类型“{v}”"),
                                format!("unknown survey kind “{v}”"),
                                Some(at),
                            )
                            .with_help(Text::new(
                                "填写 现场核查 或 规划方案",
                                "write 现场核查 (site_survey) or 规划方案 (proposed_layout)",
                            )),
                        );
                    }
                    Some((k, at))
                }
                other => other.map(|(_, at)| (None, at)),
            };
            let date = match rows.raw.get("survey.date") {
                Some((Some(v), at)) => Some((Some(date_value(v)), *at)),
                Some((None, at)) => Some((None, *at)),
                None => None,
            };
            let loc = rows
                .text
                .iter()
                .filter(|(k, _)| survey_rows.contains(k))
                .map(|(_, (_, at))| *at)
                .min();
            Ev(Some(Sp {
                value: Some(RawSurvey {
                    kind: Fill::fill(kind),
                    date: Fill::fill(date),
                    surveyor: Fill::fill(t("survey.surveyor")),
                }),
                loc,
            }))
        } else {
            Ev::default()
        }
    }

    /// The floor area; a value that is not a number is reported and left out.
    fn floor_area(&mut self, rows: &FacilityRows) -> Ev<Number> {
        match rows.raw.get("floor_area_m2") {
            Some((Some(v), at)) => {
                let n = self.number("建筑面积 floor_area_m2", v, *at);
                match n {
                    Some(n) => Fill::fill(Some((Some(n), *at))),
                    None => Ev::default(),
                }
            }
            Some((None, at)) => Fill::fill(Some((None, *at))),
            None => Ev::default(),
        }
    }

    /// Services: all blank → not surveyed; all answered → each marked 是 or 否 at its answer
    /// cell (a 否 fails there); some blank among answers → an error at each blank (the
    /// inventory cannot say "this one not surveyed").
    fn services(&mut self, rows: Vec<ServiceRow>, header: Option<Location>) -> Ev<RawServices> {
        if rows.is_empty() {
            return Ev::default();
        }
        if rows.iter().all(|r| r.answer.is_none()) {
            return Ev(Some(Sp {
                value: None,
                loc: header.or(rows.first().map(|r| r.at)),
            }));
        }
        let mut provided = Vec::new();
        for ServiceRow {
            name,
            answer,
            at,
            record,
            last_done,
        } in rows
        {
            match answer {
                Some(answer) => provided.push((
                    Sp {
                        value: name.value,
                        loc: Some(at),
                    },
                    Sp {
                        value: RawService {
                            provided: Some(answer),
                            record,
                            last_done,
                            null: false,
                        },
                        loc: Some(at),
                    },
                )),
                None => self.push(
                    problem(
                        crate::diagnostic::Code::MissingValue,
                        format!("服务“{}”未填写是否提供", name.value),
                        format!("service “{}”: provided or not is left blank", name.value),
                        Some(at),
                    )
                    .with_help(Text::new(
                        "每项服务填写 是 或 否；若未核查服务，则全部留空",
                        "write 是 (yes) or 否 (no) for every service; leave them all blank if the services were not surveyed",
                    )),
                ),
            }
        }
        Ev(Some(Sp {
            value: Some(RawServices::Map(SpannedMap(provided))),
            loc: header,
        }))
    }

    fn staff_sheet(&mut self, s: &Sheet) -> Ev<Vec<Sp<RawStaff>>> {
        let presence_row = s.row_of(layout::STAFF_PRESENT);
        let header = s.row_of(layout::STAFF_HEADER[0]);
        let presence_at = presence_row.map(|r| s.loc(r, layout::VALUE));
        let presence = match presence_row.and_then(|r| s.get(r, layout::VALUE).map(|v| (r, v))) {
            None => None,
            Some((r, v)) => match yes_no_value(v) {
                Some(b) => Some(b),
                None => {
                    self.push(yes_no_problem(
                        layout::STAFF_PRESENT.0,
                        v,
                        s.loc(r, layout::VALUE),
                        false,
                    ));
                    None
                }
            },
        };
        let first = header.map_or(0, |h| h + 1);
        let rows: Vec<u32> = s
            .rows()
            .into_iter()
            .filter(|&r| r >= first && Some(r) != presence_row && Some(r) != header)
            .filter(|&r| {
                s.any_in(
                    &[r],
                    &[
                        layout::LABEL,
                        layout::ENGLISH,
                        layout::QUALIFICATIONS,
                        layout::TITLE,
                    ],
                )
                .is_some()
            })
            .collect();
        let table_at = header.map_or_else(|| s.loc(0, 0), |h| s.loc(h, layout::LABEL));
        if presence == Some(false) {
            if let Some(&r) = rows.first() {
                self.push(contradiction(
                    layout::STAFF_PRESENT.0,
                    presence_at,
                    s.loc(r, 0),
                ));
            }
            return Ev(Some(Sp {
                value: Some(Vec::new()),
                loc: presence_at.or(Some(table_at)),
            }));
        }
        if rows.is_empty() {
            // 有 with no rows, or nothing at all: the staff were not surveyed.
            return Ev(Some(Sp {
                value: None,
                loc: presence_at.or(Some(table_at)),
            }));
        }
        let staff = rows
            .into_iter()
            .filter_map(|r| self.staff_row(s, r))
            .collect();
        Ev(Some(Sp {
            value: Some(staff),
            loc: Some(table_at),
        }))
    }

    /// One person of the staff table: the name, the role or roles (one cell, split like a
    /// list), the title and the qualifications; `None`, reported, when the row has no role.
    fn staff_row(&mut self, s: &Sheet, r: u32) -> Option<Sp<RawStaff>> {
        let role_at = s.loc(r, layout::ENGLISH);
        let Some(role) = s.text(r, layout::ENGLISH) else {
            self.push(
                problem(
                    crate::diagnostic::Code::MissingKey,
                    "这一行没有填写岗位".to_owned(),
                    "this row has no role".to_owned(),
                    Some(role_at),
                )
                .with_help(Text::new(
                    "从下拉列表中选择岗位，或删除这一行",
                    "pick a role from the list, or delete the row",
                )),
            );
            return None;
        };
        let q_at = s.loc(r, layout::QUALIFICATIONS);
        let qualifications = match s.text(r, layout::QUALIFICATIONS) {
            Some(q) => Ev(Some(Sp {
                value: Some(
                    split_list(&q)
                        .into_iter()
                        .map(|v| Sp {
                            value: v,
                            loc: Some(q_at),
                        })
                        .collect(),
                ),
                loc: Some(q_at),
            })),
            None => Ev::default(),
        };
        // One person with several duties names them all in the role cell, split like a
        // list of qualifications.
        let mut named: Vec<Sp<String>> = split_list(&role)
            .into_iter()
            .map(|v| Sp {
                value: v,
                loc: Some(role_at),
            })
            .collect();
        let (role, roles) = match named.len() {
            // Only separators: the cell as written, refused as an unknown role.
            0 => (
                Some(Sp {
                    value: role,
                    loc: Some(role_at),
                }),
                None,
            ),
            1 => (named.pop(), None),
            _ => (
                None,
                Some(Sp {
                    value: named,
                    loc: Some(role_at),
                }),
            ),
        };
        Some(Sp {
            value: RawStaff {
                name: Fill::fill(Some((s.text(r, layout::LABEL), s.loc(r, layout::LABEL)))),
                role,
                roles,
                title: s.text(r, layout::TITLE),
                qualifications,
                ..RawStaff::default()
            },
            loc: Some(s.loc(r, layout::LABEL)),
        })
    }

    /// A zone sheet: the zone's raw value (None unless present), what the sheet says, and the
    /// cell that says it (the presence cell; else the sheet's first cell).
    fn zone_sheet(&mut self, s: &Sheet) -> (Option<RawZone>, Presence, Location) {
        let presence_row = s.row_of(layout::PRESENT);
        let area_row = s.row_of(layout::AREA);
        let bands_row = s.row_of(layout::AGE_BANDS);
        let header = s.row_of(layout::ITEMS);
        let other = s.row_of(layout::OTHER_EQUIPMENT);
        let at = presence_row.map_or_else(|| s.loc(0, 0), |r| s.loc(r, layout::VALUE));
        let said = match presence_row.and_then(|r| s.get(r, layout::VALUE)) {
            None => None,
            Some(v) => match yes_no_value(v) {
                Some(b) => Some(b),
                None => {
                    self.push(yes_no_problem(layout::PRESENT.0, v, at, false));
                    None
                }
            },
        };
        let item_rows: Vec<u32> = header.map_or_else(Vec::new, |h| {
            s.rows()
                .into_iter()
                .filter(|&r| r > h && other.is_none_or(|o| r < o))
                .filter(|&r| s.text(r, layout::LABEL).is_some())
                .filter(|&r| Some(r) != presence_row && Some(r) != area_row && Some(r) != bands_row)
                .collect()
        });
        let other_rows: Vec<u32> = other.map_or_else(Vec::new, |o| {
            s.rows()
                .into_iter()
                .filter(|&r| r > o && s.text(r, layout::LABEL).is_some())
                .collect()
        });
        let value_rows: Vec<u32> = [area_row, bands_row].into_iter().flatten().collect();
        let filled = s
            .any_in(&value_rows, &[layout::VALUE])
            .or_else(|| s.any_in(&item_rows, &[layout::VALUE, layout::KINDS, layout::TOPICS]))
            .or_else(|| other_rows.first().map(|&r| (r, layout::LABEL)));
        match (said, filled) {
            (Some(false), Some((r, c))) => {
                self.push(contradiction(layout::PRESENT.0, Some(at), s.loc(r, c)));
                return (None, Presence::Absent, at);
            }
            (Some(false), None) => return (None, Presence::Absent, at),
            (None, None) => return (None, Presence::Blank, at),
            _ => {}
        }
        let area_m2 = self.zone_area(s, area_row);
        let age_bands = age_bands(s, bands_row);
        let mut items = Vec::new();
        for r in item_rows {
            let Some(name) = s.text(r, layout::LABEL) else {
                continue;
            };
            let item = self.item(s, r, &name);
            items.push((
                Sp {
                    value: name,
                    loc: Some(s.loc(r, layout::LABEL)),
                },
                Sp {
                    value: item,
                    loc: Some(s.loc(r, layout::VALUE)),
                },
            ));
        }
        let equipment = match header {
            None => Ev::default(),
            Some(h) => Ev(Some(Sp {
                value: Some(SpannedMap(items)),
                loc: Some(s.loc(h, layout::LABEL)),
            })),
        };
        let other_equipment = other_equipment(s, other, &other_rows);
        (
            Some(RawZone {
                area_m2,
                equipment,
                age_bands,
                other_equipment,
            }),
            Presence::Present,
            at,
        )
    }

    /// The zone's area: blank → not surveyed; a value that is not a number is reported.
    fn zone_area(&mut self, s: &Sheet, area_row: Option<u32>) -> Ev<Number> {
        match area_row {
            None => Ev::default(),
            Some(r) => {
                let cell = s.loc(r, layout::VALUE);
                match s.get(r, layout::VALUE) {
                    None => Fill::fill(Some((None, cell))),
                    Some(v) => match self.number(layout::AREA.0, v, cell) {
                        Some(n) => Fill::fill(Some((Some(n), cell))),
                        None => Ev::default(),
                    },
                }
            }
        }
    }

    fn item(&mut self, s: &Sheet, r: u32, name: &str) -> RawItem {
        let mut item = RawItem::default();
        if let Some(v) = s.get(r, layout::VALUE) {
            let at = s.loc(r, layout::VALUE);
            item.count = self.count(name, v, at).map(|n| Sp {
                value: n,
                loc: Some(at),
            });
        }
        if let Some(v) = s.get(r, layout::KINDS) {
            let at = s.loc(r, layout::KINDS);
            item.kinds = self.count(name, v, at).map(|n| Sp {
                value: n,
                loc: Some(at),
            });
        }
        if let Some(t) = s.text(r, layout::TOPICS) {
            let at = s.loc(r, layout::TOPICS);
            item.topics = Some(Sp {
                value: split_list(&t)
                    .into_iter()
                    .map(|v| Sp {
                        value: v,
                        loc: Some(at),
                    })
                    .collect(),
                loc: Some(at),
            });
        }
        item
    }

    /// A count cell: a whole number ≥ 0 (a number, or text that is one).
    fn count(&mut self, what: &str, v: &Value, at: Location) -> Option<u64> {
        let n = match v {
            Value::Number(n) => Some(*n),
            Value::Text(t) => parse_number(t),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n < 9e15 => Some(n as u64),
            Some(n) if n < 0.0 => {
                let t = v.text();
                self.push(
                    problem(
                        crate::diagnostic::Code::Negative,
                        format!("“{what}”的数量不能为负数：{t}"),
                        format!("the count of “{what}” cannot be negative: {t}"),
                        Some(at),
                    )
                    .with_help(count_help()),
                );
                None
            }
            _ => {
                let t = v.text();
                self.push(
                    problem(
                        crate::diagnostic::Code::WrongType,
                        format!("“{what}”的数量应为不小于 0 的整数，而不是“{t}”"),
                        format!("the count of “{what}” must be a whole number ≥ 0, not “{t}”"),
                        Some(at),
                    )
                    .with_help(count_help()),
                );
                None
            }
        }
    }

    /// An area or a capacity: a number (negative ones are the model's to refuse, as in YAML).
    fn number(&mut self, what: &str, v: &Value, at: Location) -> Option<Number> {
        let n = match v {
            Value::Number(n) => Some(*n),
            Value::Text(t) => parse_number(t),
            _ => None,
        };
        if let Some(n) = n.filter(|n| n.is_finite()) {
            return Some(Number(n));
        }
        let t = v.text();
        self.push(
            problem(
                crate::diagnostic::Code::WrongType,
                format!("“{what}”应为数字，而不是“{t}”"),
                format!("“{what}” must be a number, not “{t}”"),
                Some(at),
            )
            .with_help(Text::new(
                "填写阿拉伯数字，例如 45 或 45.5（不要写单位）；未核查就留空",
                "write a number such as 45 or 45.5 (no unit); leave it empty if not surveyed",
            )),
        );
        None
    }
}

fn other_zones_sheet(s: &Sheet) -> Ev<SpannedMap<Anything>> {
    let header = s.row_of(layout::OTHER_ZONES_HEADER);
    let first = header.map_or(0, |h| h + 1);
    let names: Vec<(Sp<String>, Anything)> = s
        .rows()
        .into_iter()
        .filter(|&r| r >= first)
        .filter_map(|r| {
            s.text(r, layout::LABEL).map(|n| {
                (
                    Sp {
                        value: n,
                        loc: Some(s.loc(r, layout::LABEL)),
                    },
                    Anything,
                )
            })
        })
        .collect();
    if names.is_empty() {
        Ev::default()
    } else {
        Ev(Some(Sp {
            value: Some(SpannedMap(names)),
            loc: Some(s.loc(first, layout::LABEL)),
        }))
    }
}

fn yes_no_problem(what: &str, v: &Value, at: Location, service: bool) -> Problem {
    let t = v.text();
    let (zh_opts, en_opts) = if service {
        ("是 或 否", "是 (yes) or 否 (no)")
    } else {
        ("有 或 无", "有 (yes) or 无 (no)")
    };
    problem(
        crate::diagnostic::Code::WrongType,
        format!("“{what}”应填写 {zh_opts}，而不是“{t}”"),
        format!("“{what}” takes {en_opts}, not “{t}”"),
        Some(at),
    )
    .with_help(Text::new(
        format!("从下拉列表中选择 {zh_opts}；未核查就留空"),
        format!("pick {en_opts} from the list; leave it empty if not surveyed"),
    ))
}

fn contradiction(what: &str, at: Option<Location>, filled: Location) -> Problem {
    let cell = filled.cell_name().unwrap_or_default();
    problem(
        crate::diagnostic::Code::Contradiction,
        format!("“{what}”填写为 无，但 {cell} 填写了内容"),
        format!("“{what}” says 无 (none), but {cell} is filled in"),
        at,
    )
    .with_help(Text::new(
        "若确实没有，清空填写的内容；否则改为 有",
        "if there is none, clear what is filled in; otherwise change it to 有 (yes)",
    ))
}

fn required(zh: &str, en: &str, at: Option<Location>, s: &Sheet) -> Problem {
    problem(
        crate::diagnostic::Code::MissingKey,
        format!("“{}”工作表缺少必填的{zh}", s.name),
        format!("the “{}” sheet is missing the {en}", s.name),
        Some(at.unwrap_or_else(|| s.loc(0, 0))),
    )
    .with_help(Text::new(
        format!("在{zh}一行的 C 列填写"),
        format!("fill in column C of the {en} row"),
    ))
}

fn count_help() -> Text {
    Text::new(
        "填写阿拉伯数字，例如 3；没有就填 0；未核查就留空",
        "write a number such as 3; 0 if there are none; leave it empty if not surveyed",
    )
}

fn yes_no_value(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Text(t) => layout::yes_no(t),
        _ => None,
    }
}

fn parse_number(t: &str) -> Option<f64> {
    let t: String = t
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            '．' => '.',
            c => c,
        })
        .collect();
    t.parse::<f64>().ok()
}

pub(crate) fn date_value(v: &Value) -> String {
    match v {
        Value::Date(d) | Value::Number(d) => date_text(*d).unwrap_or_else(|| v.text()),
        _ => v.text(),
    }
}

fn survey_kind(v: &str) -> Option<SurveyKind> {
    match layout::fold(v).as_str() {
        "现场核查" | "site_survey" | "sitesurvey" => Some(SurveyKind::SiteSurvey),
        "规划方案" | "proposed_layout" | "proposedlayout" => Some(SurveyKind::ProposedLayout),
        _ => None,
    }
}

/// Splits a cell listing several names: `社会工作专业资质、心理咨询`, `0-3, 3-6`.
fn split_list(t: &str) -> Vec<String> {
    t.split([',', '，', '、', ';', '；', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_days_are_dates() {
        assert_eq!(date_text(46307.0).as_deref(), Some("2026-10-12"));
        assert_eq!(date_text(1.0).as_deref(), Some("1900-01-01"));
        assert_eq!(date_text(0.0), None);
    }

    #[test]
    fn columns_are_letters() {
        assert_eq!(crate::source::column_letters(3), "C");
        assert_eq!(crate::source::column_letters(27), "AA");
        assert_eq!(Location::cell(0, 7, 3).cell_name().as_deref(), Some("C7"));
    }

    #[test]
    fn lists_split_on_chinese_and_latin_separators() {
        assert_eq!(
            split_list("0-3、3-6, 6-12；12-18"),
            ["0-3", "3-6", "6-12", "12-18"]
        );
    }
}
