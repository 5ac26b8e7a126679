//! The survey form: a [`Template`] rendered as an `.xlsx` workbook for an inspector to fill in
//! a spreadsheet program. One sheet per part — the facility, the staff, each zone with its
//! items — Chinese headings with English beside them, the required count and the article next
//! to each item, drop-down lists on the level, role, qualification and yes/no cells, and
//! yellow cells left for the surveyor. `load::xlsx` reads it back ([`layout`] is shared).
//!
//! The same template gives the same bytes (the document's creation date is fixed).

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use super::layout::{self, Label};
use super::template::{Row, RowKind, Section, SectionKind, Template};
use crate::i18n::Text;
use crate::model::standard::Vocabulary;

/// Rows left for staff on the staff sheet.
const STAFF_ROWS: u32 = 30;
/// Rows left for other equipment on a zone sheet, and for rooms on the other-rooms sheet.
const OTHER_ROWS: u32 = 5;
/// A zone sheet's header row (0-based): the first item is on row 7, as `行政办公区域!C7`.
const ZONE_HEADER: u32 = 5;

struct Styles {
    title: Format,
    label: Format,
    header: Format,
    input: Format,
    date: Format,
    given: Format,
    info: Format,
    note: Format,
    hint: Format,
}

impl Styles {
    fn new() -> Self {
        let border = |f: Format| f.set_border(FormatBorder::Thin);
        Self {
            title: Format::new().set_bold().set_font_size(14).set_text_wrap(),
            label: border(
                Format::new()
                    .set_text_wrap()
                    .set_align(FormatAlign::Top)
                    .set_background_color(Color::RGB(0x00F2_F2F2)),
            ),
            header: border(
                Format::new()
                    .set_bold()
                    .set_text_wrap()
                    .set_align(FormatAlign::Center)
                    .set_background_color(Color::RGB(0x00D9_E1F2)),
            ),
            input: border(
                Format::new()
                    .set_unlocked()
                    .set_align(FormatAlign::Top)
                    .set_background_color(Color::RGB(0x00FF_F2CC)),
            ),
            date: border(
                Format::new()
                    .set_unlocked()
                    .set_align(FormatAlign::Top)
                    .set_num_format("yyyy-mm-dd")
                    .set_background_color(Color::RGB(0x00FF_F2CC)),
            ),
            given: border(
                Format::new()
                    .set_unlocked()
                    .set_align(FormatAlign::Top)
                    .set_background_color(Color::RGB(0x00E2_EFDA)),
            ),
            info: border(
                Format::new()
                    .set_font_color(Color::RGB(0x0059_5959))
                    .set_align(FormatAlign::Top)
                    .set_text_wrap(),
            ),
            note: Format::new()
                .set_font_color(Color::RGB(0x0059_5959))
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            hint: Format::new()
                .set_font_color(Color::RGB(0x0059_5959))
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
        }
    }
}

/// Both languages in one cell: `中文 / English`.
fn both(t: &Text) -> String {
    if t.en.is_empty() || t.zh == t.en {
        t.zh.clone()
    } else {
        format!("{} / {}", t.zh, t.en)
    }
}

/// A header cell: Chinese over English.
fn header_text(l: Label) -> String {
    format!("{}\n{}", l.0, l.1)
}

/// A sheet name Excel accepts: the zone's Chinese name, or its id when the name cannot be one.
fn sheet_name(zh: &str, id: &str, taken: &[String]) -> String {
    let ok = |n: &str| {
        !n.is_empty()
            && n.chars().count() <= 31
            && !n.contains(['[', ']', ':', '*', '?', '/', '\\'])
            && !n.starts_with('\'')
            && !taken.iter().any(|t| t == n)
            && !layout::is_ignored(n)
    };
    if ok(zh) {
        zh.to_owned()
    } else {
        id.chars().take(31).collect()
    }
}

/// The validation lists, on a hidden sheet: (column letter, values).
struct Lists {
    levels: Vec<String>,
    roles: Vec<String>,
    qualifications: Vec<String>,
    modes: Vec<String>,
}

impl Lists {
    fn new(v: &Vocabulary) -> Self {
        let zh = |t: &crate::model::standard::Terms| -> Vec<String> {
            t.terms.iter().map(|x| x.name.zh.clone()).collect()
        };
        Self {
            levels: zh(&v.levels),
            roles: zh(&v.roles),
            qualifications: zh(&v.qualifications),
            modes: zh(&v.operation_modes),
        }
    }
    fn columns(&self) -> [&[String]; 4] {
        [&self.levels, &self.roles, &self.qualifications, &self.modes]
    }
    /// The range of list `i` on the lists sheet, for a validation.
    fn formula(&self, i: u16) -> Formula {
        let n = self.columns()[usize::from(i)].len().max(1);
        let col = crate::source::column_letters(u32::from(i) + 1);
        Formula::new(format!("='{}'!${col}$1:${col}${n}", layout::LISTS))
    }
}

const LEVELS: u16 = 0;
const ROLES: u16 = 1;
const QUALIFICATIONS: u16 = 2;
const MODES: u16 = 3;

fn list_validation(f: Formula, title: &str, message: &str, strict: bool) -> DataValidation {
    let dv = DataValidation::new()
        .allow_list_formula(f)
        .set_error_style(if strict {
            DataValidationErrorStyle::Stop
        } else {
            DataValidationErrorStyle::Warning
        });
    with_messages(dv, title, message)
}

fn with_messages(dv: DataValidation, title: &str, message: &str) -> DataValidation {
    let title: String = title.chars().take(32).collect();
    let message: String = message.chars().take(255).collect();
    let dv = match dv.clone().set_input_title(title.clone()) {
        Ok(d) => d,
        Err(_) => dv,
    };
    let dv = match dv.clone().set_input_message(message.clone()) {
        Ok(d) => d,
        Err(_) => dv,
    };
    let dv = match dv.clone().set_error_title(title) {
        Ok(d) => d,
        Err(_) => dv,
    };
    match dv.clone().set_error_message(message) {
        Ok(d) => d,
        Err(_) => dv,
    }
}

fn yes_no_validation(yes: &str, no: &str, title: &str) -> DataValidation {
    let dv = DataValidation::new()
        .allow_list_strings(&[yes, no])
        .unwrap_or_else(|_| DataValidation::new());
    with_messages(
        dv,
        title,
        &format!(
            "{yes}：有 / yes；{no}：核查后确认没有 / surveyed, none；留空：未核查 / blank: not surveyed"
        ),
    )
}

fn count_validation() -> DataValidation {
    with_messages(
        DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
        "数量 Count",
        "不小于 0 的整数；没有填 0；留空 = 未核查 / a whole number ≥ 0; 0 if none; blank = not surveyed",
    )
}

fn number_validation() -> DataValidation {
    with_messages(
        DataValidation::new().allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
        "面积 Area (m²)",
        "平方米，不小于 0；留空 = 未核查 / square metres ≥ 0; blank = not surveyed",
    )
}

/// The duties section's article column: the facility sheet's wide note column, inside the
/// table's print width.
const DUTY_ARTICLE: u16 = 5;

/// Renders a template as a survey form workbook.
///
/// # Errors
/// When the workbook cannot be assembled (an over-long name Excel refuses, say).
pub fn xlsx(tpl: &Template, v: &Vocabulary) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let lists = Lists::new(v);
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} 现场核查表 / site survey form",
                tpl.level_name.zh
            ))
            .set_subject(tpl.standard.clone())
            .set_author("sitecheck")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    instructions(wb.add_worksheet(), tpl, &st)?;
    facility(wb.add_worksheet(), tpl, v, &lists, &st)?;
    staff(wb.add_worksheet(), tpl, v, &lists, &st)?;
    let mut taken: Vec<String> = [
        layout::INSTRUCTIONS,
        layout::FACILITY,
        layout::STAFF,
        layout::OTHER_ZONES,
        layout::LISTS,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for s in tpl.sections.iter().filter(|s| s.kind == SectionKind::Zone) {
        let id = s.key.get(1).map_or("", String::as_str);
        let name = sheet_name(&s.title.zh, id, &taken);
        taken.push(name.clone());
        zone(wb.add_worksheet(), &name, s, v, &st)?;
    }
    other_zones(wb.add_worksheet(), &st)?;
    let ls = wb.add_worksheet();
    ls.set_name(layout::LISTS)?;
    for (c, values) in lists.columns().iter().enumerate() {
        for (r, value) in values.iter().enumerate() {
            ls.write_string(r as u32, c as u16, value)?;
        }
    }
    ls.set_hidden(true);
    wb.save_to_buffer()
}

fn instructions(ws: &mut Worksheet, tpl: &Template, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(layout::INSTRUCTIONS)?;
    let mut fit = widths(ws, &[110.0])?;
    fit.title(
        ws,
        0,
        0,
        format!(
            "{} 现场核查表 / Site survey form: {}",
            tpl.level_name.zh, tpl.level_name.en
        ),
        &st.title,
    )?;
    fit.text(
        ws,
        1,
        0,
        format!(
            "依据 {} / after {} ({})",
            tpl.standard_title.zh, tpl.standard_title.en, tpl.standard
        ),
        &st.note,
    )?;
    let lines: [(&str, &str); 9] = [
        (
            "在黄色单元格中填写。不要改动 A 列的项目名称和工作表名称：sitecheck 据此读取本表。",
            "Fill in the yellow cells. Keep the labels in column A and the sheet names: sitecheck reads the form by them.",
        ),
        (
            "留空 = 未核查：相关条款记为“未评估”，不会判为合格。",
            "Left blank = not surveyed: the requirements that depend on it are “not assessed”, never passed.",
        ),
        (
            "0 = 已核查，没有。例如没有打印机，在打印机一行填 0。",
            "0 = surveyed, none. No printer? Write 0 in the printer row.",
        ),
        (
            "每个功能区一张工作表：“设置情况”填 有 或 无。填 无 表示核查后确认没有该功能区（判为不合格）；整张表留空表示未核查。不要删除功能区工作表。",
            "One sheet per zone: its “zone present” cell takes 有 (yes) or 无 (no). 无 means surveyed and not there (it fails); a sheet left wholly blank was not surveyed. Do not delete a zone's sheet.",
        ),
        (
            "人员配备：每人一行（同一人只写一行），从下拉列表选择岗位和资质；一人兼任多个岗位、持有多个资质时用、分隔；名单外的职务选“其他”并在“职务”栏写明。没有任何工作人员时，“配备情况”填 无。",
            "Staff: one row per person (each person once); pick the role and qualification from the lists, several separated by 、; a title outside the list: role 其他 (other) and the title in “Title”. No staff at all: write 无 in “staff present”.",
        ),
        (
            "履行职能：每项填 是 或 否，有台账的填写台账名称和最近一次记录日期；未核查职能时全部留空。",
            "Duties: 是 (yes) or 否 (no) for each, with the record (台账) and the latest record's date where there is one; leave them all blank if the duties were not surveyed.",
        ),
        (
            "标准之外的用房和设备，写在“其他用房”工作表和各功能区的“其他设备”下：会列出，不检查。",
            "Rooms and items outside the standard go on the “其他用房” (other rooms) sheet and under each zone's “other equipment”: shown, not checked.",
        ),
        (
            "检查：sitecheck check 本文件.xlsx —— 问题会指出工作表和单元格，例如 行政办公区域!C7。",
            "Check it: sitecheck check THIS_FILE.xlsx — each finding names its sheet and cell, such as 行政办公区域!C7.",
        ),
        (
            "可用 Excel、WPS 或 LibreOffice 填写，保存为 .xlsx。",
            "Excel, WPS or LibreOffice will do; save as .xlsx.",
        ),
    ];
    let mut r = 3;
    for (zh, en) in lines {
        fit.text(ws, r, 0, zh, &st.note)?;
        fit.text(ws, r + 1, 0, en, &st.note)?;
        r += 3;
    }
    fit.apply(ws)?;
    Ok(())
}

/// Column widths, and a print layout that fits a sheet's width on A4 landscape: a surveyor may
/// print the form and fill it on paper first. The widths are kept to fit rows to their text.
fn widths(ws: &mut Worksheet, w: &[f64]) -> Result<Fit, XlsxError> {
    for (c, width) in w.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
    }
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    Ok(Fit {
        widths: w.to_vec(),
        lines: std::collections::BTreeMap::new(),
    })
}

/// Points per line of 11-point text as LibreOffice and Excel lay out Chinese (a CJK font's
/// line is taller than Calibri's 15-point row).
const LINE_POINTS: f64 = 16.0;
/// Points per line of a 14-point title.
const TITLE_LINE_POINTS: f64 = 21.0;
/// Room above and below a row's text, in points.
const ROW_PADDING: f64 = 4.0;
/// The tallest row a spreadsheet program allows, in points.
const MAX_ROW_POINTS: f64 = 409.0;
/// Display columns of wrapped text per unit of column width (the width of `0`), less a unit
/// for the cell's margins: LibreOffice draws a display column in about 0.8 of a unit (measured
/// from its PDF), Excel's CJK fonts in about 1.05, so one column per unit fits both.
const USABLE_WIDTH: f64 = 1.0;

/// Rows fitted to their wrapped text: every text written through it is counted in lines of
/// its column's width (a CJK character takes two columns, a word is not split), and each row
/// is made as tall as its tallest cell, so that no two lines of a printed form overlap.
struct Fit {
    widths: Vec<f64>,
    /// Per row: the points its tallest cell needs.
    lines: std::collections::BTreeMap<u32, f64>,
}

impl Fit {
    /// Writes text in a cell and counts its lines.
    fn text(
        &mut self,
        ws: &mut Worksheet,
        r: u32,
        c: u16,
        text: impl AsRef<str>,
        f: &Format,
    ) -> Result<(), XlsxError> {
        let text = text.as_ref();
        ws.write_string_with_format(r, c, text, f)?;
        self.count(r, c, c, text, LINE_POINTS, 1.0);
        Ok(())
    }
    /// Writes a title (14 points): its row is made tall enough for its lines.
    fn title(
        &mut self,
        ws: &mut Worksheet,
        r: u32,
        c: u16,
        text: impl AsRef<str>,
        f: &Format,
    ) -> Result<(), XlsxError> {
        let text = text.as_ref();
        ws.write_string_with_format(r, c, text, f)?;
        // Bold 14-point letters are wider than 11-point ones by more than 14/11.
        self.count(r, c, c, text, TITLE_LINE_POINTS, 14.0 / 11.0 * 1.2);
        Ok(())
    }
    /// Writes text across the cells `c..=last` of a row (merged), and counts its lines in
    /// their joint width: a note kept beside its cell, inside the table.
    fn span(
        &mut self,
        ws: &mut Worksheet,
        r: u32,
        c: u16,
        last: u16,
        text: &str,
        f: &Format,
    ) -> Result<(), XlsxError> {
        ws.merge_range(r, c, r, last, text, f)?;
        self.count(r, c, last, text, LINE_POINTS, 1.0);
        Ok(())
    }
    fn count(&mut self, r: u32, c: u16, last: u16, text: &str, line: f64, scale: f64) {
        let width: f64 = (c..=last)
            .map(|i| self.widths.get(usize::from(i)).copied().unwrap_or(8.43))
            .sum();
        let columns = ((width - 1.0) * USABLE_WIDTH / scale).max(1.0);
        let points = f64::from(lines(text, columns)) * line + ROW_PADDING;
        let e = self.lines.entry(r).or_insert(0.0);
        *e = e.max(points);
    }
    /// Sets the height of every row whose text needs more than one plain line.
    fn apply(self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (r, points) in self.lines {
            if points > LINE_POINTS + ROW_PADDING {
                ws.set_row_height(r, points.min(MAX_ROW_POINTS))?;
            }
        }
        Ok(())
    }
}

/// How many lines a text takes wrapped at `columns` display columns (a CJK character is two;
/// a line breaks at a space, or between CJK characters, and at each `\n`).
fn lines(text: &str, columns: f64) -> u32 {
    use unicode_width::UnicodeWidthChar as _;
    let mut count = 0u32;
    for para in text.split('\n') {
        count = count.saturating_add(1);
        let mut used = 0.0;
        // The word being laid, and its width.
        let mut word = 0.0;
        let place = |used: &mut f64, word: f64, count: &mut u32| {
            if *used > 0.0 && *used + word > columns {
                *count = count.saturating_add(1);
                *used = 0.0;
            }
            // A word wider than a line is broken across lines.
            let mut w = word;
            while w > columns {
                *count = count.saturating_add(1);
                w -= columns;
            }
            *used += w;
        };
        for ch in para.chars() {
            let cw = ch.width().unwrap_or(0) as f64;
            if ch == ' ' {
                place(&mut used, word, &mut count);
                word = 0.0;
                // A space at the end of a line takes no room on it.
                if used + 1.0 <= columns {
                    used += 1.0;
                }
            } else if cw >= 2.0 {
                place(&mut used, word, &mut count);
                word = 0.0;
                place(&mut used, cw, &mut count);
            } else {
                word += cw;
            }
        }
        place(&mut used, word, &mut count);
    }
    count.max(1)
}

/// The facility sheet's row of a template row (its key), with the layout's labels.
fn field_of(r: &Row) -> Option<&'static layout::Field> {
    let key = r.key.join(".");
    layout::FACILITY_FIELDS.iter().find(|f| f.key == key)
}

fn facility(
    ws: &mut Worksheet,
    tpl: &Template,
    v: &Vocabulary,
    lists: &Lists,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(layout::FACILITY)?;
    let mut fit = widths(ws, &[22.0, 22.0, 30.0, 26.0, 14.0, 44.0])?;
    fit.title(ws, 0, 0, layout::FACILITY, &st.title)?;
    fit.title(ws, 0, 1, "Facility", &st.title)?;
    ws.write_string(
        0,
        2,
        format!("{} — {}", both(&tpl.level_name), tpl.standard),
    )?;
    for (c, l) in [
        ("项目", "Item"),
        ("", ""),
        ("填写", "Value"),
        ("要求", "Required"),
        ("条款", "Article"),
        ("说明", "Note"),
    ]
    .iter()
    .enumerate()
    {
        let text = if l.0.is_empty() {
            String::new()
        } else {
            header_text(*l)
        };
        fit.text(ws, 1, c as u16, text, &st.header)?;
    }
    let rows = facility_fields(tpl);
    let mut r = 2;
    for (f, row) in rows {
        fit.text(ws, r, layout::LABEL as u16, f.zh, &st.label)?;
        fit.text(ws, r, layout::ENGLISH as u16, f.en, &st.label)?;
        let value = field_value(f, row, tpl, v);
        let c = layout::VALUE as u16;
        match (&value, f.key) {
            (Some(text), _) => fit.text(ws, r, c, text, &st.given)?,
            (None, "survey.date") => {
                ws.write_blank(r, c, &st.date)?;
            }
            (None, _) => {
                ws.write_blank(r, c, &st.input)?;
            }
        }
        if f.key == "standard" {
            ws.write_string_with_format(
                r,
                layout::STANDARD_SHA256 as u16,
                &tpl.standard_sha256,
                &st.info,
            )?;
        }
        if let Some(row) = row {
            if let Some(req) = &row.required {
                fit.text(ws, r, 3, both(req), &st.info)?;
            }
            if let Some(cl) = &row.clause {
                fit.text(ws, r, 4, cl, &st.info)?;
            }
        }
        let note = field_note(f.key);
        if let Some(n) = note {
            fit.text(ws, r, 5, n, &st.note)?;
        }
        field_validation(ws, r, f.key, lists)?;
        r += 1;
    }
    r = services_table(ws, &mut fit, r, tpl, v, st)?;
    capacity_table(ws, &mut fit, r, tpl, st)?;
    ws.set_freeze_panes(2, 0)?;
    fit.apply(ws)?;
    Ok(())
}

/// The facility sheet's fields: each the template asks for, and the standard's own, in the
/// layout's order.
fn facility_fields(tpl: &Template) -> Vec<(&'static layout::Field, Option<&Row>)> {
    let mut rows: Vec<(&'static layout::Field, Option<&Row>)> = Vec::new();
    for s in &tpl.sections {
        if matches!(
            s.kind,
            SectionKind::Facility
                | SectionKind::Survey
                | SectionKind::Operation
                | SectionKind::FloorArea
        ) {
            for r in &s.rows {
                if let Some(f) = field_of(r) {
                    rows.push((f, Some(r)));
                }
            }
        }
    }
    if let Some(f) = layout::FACILITY_FIELDS.iter().find(|f| f.key == "standard") {
        rows.push((f, None));
    }
    // In the layout's order, whatever order the template lists them in.
    rows.sort_by_key(|(f, _)| {
        layout::FACILITY_FIELDS
            .iter()
            .position(|x| x.key == f.key)
            .unwrap_or(usize::MAX)
    });
    rows
}

/// What the form writes in a field's value cell: the standard, or what the template gives
/// (a level and a survey kind in the words the reader reads back).
fn field_value(
    f: &layout::Field,
    row: Option<&Row>,
    tpl: &Template,
    v: &Vocabulary,
) -> Option<String> {
    match (f.key, row) {
        ("standard", _) => Some(tpl.standard.clone()),
        ("facility.level", Some(row)) => row.value.as_deref().map(|id| {
            v.levels
                .get(id)
                .map_or_else(|| id.to_owned(), |t| t.name.zh.clone())
        }),
        ("survey.kind", Some(row)) => row.value.as_deref().map(|k| {
            match k {
                "proposed_layout" => "规划方案",
                _ => "现场核查",
            }
            .to_owned()
        }),
        (_, Some(row)) => row.value.clone(),
        (_, None) => None,
    }
}

/// The hint beside a field, in both languages.
fn field_note(key: &str) -> Option<&'static str> {
    match key {
        "facility.id" => Some("请改为本设施的唯一编号 / change to the facility's unique id"),
        "facility.level" | "operation.mode" => Some("从下拉列表选择 / pick from the list"),
        "survey.kind" => Some("现场核查 (site survey) 或 / or 规划方案 (proposed layout)"),
        "survey.date" => Some("YYYY-MM-DD"),
        "floor_area_m2" => Some("平方米，只填数字 / m², a number only"),
        "standard" => Some(
            "本表依据的标准及其校验码（SHA-256），请勿改动 / the form's standard and its checksum (SHA-256); leave as is",
        ),
        _ => None,
    }
}

/// The list or number check on a field's value cell, where the field has one.
fn field_validation(ws: &mut Worksheet, r: u32, key: &str, lists: &Lists) -> Result<(), XlsxError> {
    let c = layout::VALUE as u16;
    match key {
        "facility.level" => {
            ws.add_data_validation(
                r,
                c,
                r,
                c,
                &list_validation(
                    lists.formula(LEVELS),
                    "层级 Level",
                    "从列表选择层级 / pick the level",
                    true,
                ),
            )?;
        }
        "operation.mode" => {
            ws.add_data_validation(
                r,
                c,
                r,
                c,
                &list_validation(
                    lists.formula(MODES),
                    "运营方式 Operation mode",
                    "从列表选择 / pick from the list",
                    true,
                ),
            )?;
        }
        "survey.kind" => {
            let dv = DataValidation::new()
                .allow_list_strings(&["现场核查", "规划方案"])
                .unwrap_or_else(|_| DataValidation::new());
            ws.add_data_validation(
                r,
                c,
                r,
                c,
                &with_messages(
                    dv,
                    "核查类型 Survey kind",
                    "现场核查 = site survey; 规划方案 = proposed layout",
                ),
            )?;
        }
        "floor_area_m2" => {
            ws.add_data_validation(r, c, r, c, &number_validation())?;
        }
        _ => {}
    }
    Ok(())
}

/// The duties table below the fields, when the standard asks for duties; returns the row
/// after it.
fn services_table(
    ws: &mut Worksheet,
    fit: &mut Fit,
    mut r: u32,
    tpl: &Template,
    v: &Vocabulary,
    st: &Styles,
) -> Result<u32, XlsxError> {
    if let Some(s) = section(tpl, SectionKind::Services).filter(|s| !s.rows.is_empty()) {
        r += 1;
        fit.text(ws, r, 0, layout::SERVICES.0, &st.header)?;
        fit.text(ws, r, 1, layout::SERVICES.1, &st.header)?;
        fit.text(ws, r, 2, header_text(("是/否", "Yes/No")), &st.header)?;
        // The duty's evidence (台账): what record shows it, and the latest record's date.
        fit.text(
            ws,
            r,
            layout::RECORD as u16,
            header_text(layout::RECORD_HEADER),
            &st.header,
        )?;
        fit.text(
            ws,
            r,
            layout::LAST_DONE as u16,
            header_text(layout::LAST_DONE_HEADER),
            &st.header,
        )?;
        fit.text(
            ws,
            r,
            DUTY_ARTICLE,
            header_text(("条款", "Article")),
            &st.header,
        )?;
        r += 1;
        for row in &s.rows {
            let RowKind::Service { service } = &row.kind else {
                continue;
            };
            let name = v
                .services
                .get(service)
                .map_or_else(|| row.label.clone(), |t| t.name.clone());
            fit.text(ws, r, 0, &name.zh, &st.label)?;
            fit.text(ws, r, 1, &name.en, &st.label)?;
            ws.write_blank(r, 2, &st.input)?;
            ws.write_blank(r, layout::RECORD as u16, &st.input)?;
            ws.write_blank(r, layout::LAST_DONE as u16, &st.date)?;
            if let Some(cl) = &row.clause {
                fit.text(ws, r, DUTY_ARTICLE, cl, &st.info)?;
            }
            ws.add_data_validation(
                r,
                2,
                r,
                2,
                &yes_no_validation(layout::PROVIDED, layout::NOT_PROVIDED, "履行职能 Performed"),
            )?;

            r += 1;
        }
    }
    Ok(r)
}

/// The capacity table below the duties, when the standard asks for capacities.
fn capacity_table(
    ws: &mut Worksheet,
    fit: &mut Fit,
    mut r: u32,
    tpl: &Template,
    st: &Styles,
) -> Result<(), XlsxError> {
    if let Some(s) = section(tpl, SectionKind::Capacity).filter(|s| !s.rows.is_empty()) {
        r += 1;
        fit.text(ws, r, 0, layout::CAPACITY.0, &st.header)?;
        fit.text(ws, r, 1, layout::CAPACITY.1, &st.header)?;
        fit.text(ws, r, 5, both(&s.title), &st.note)?;
        r += 1;
        for row in &s.rows {
            let Some(k) = row.key.last() else { continue };
            fit.text(ws, r, 0, k, &st.label)?;
            ws.write_blank(r, 1, &st.label)?;
            ws.write_blank(r, 2, &st.input)?;
            ws.add_data_validation(r, 2, r, 2, &number_validation())?;
            r += 1;
        }
    }
    Ok(())
}

fn section(tpl: &Template, kind: SectionKind) -> Option<&Section> {
    tpl.sections.iter().find(|s| s.kind == kind)
}

fn staff(
    ws: &mut Worksheet,
    tpl: &Template,
    v: &Vocabulary,
    lists: &Lists,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(layout::STAFF)?;
    let mut fit = widths(ws, &[18.0, 22.0, 26.0, 16.0, 4.0, 44.0, 12.0])?;
    fit.title(ws, 0, 0, layout::STAFF, &st.title)?;
    fit.title(ws, 0, 1, "Staff", &st.title)?;
    fit.text(ws, 1, 0, layout::STAFF_PRESENT.0, &st.label)?;
    fit.text(ws, 1, 1, layout::STAFF_PRESENT.1, &st.label)?;
    ws.write_blank(1, 2, &st.input)?;
    ws.add_data_validation(
        1,
        2,
        1,
        2,
        &yes_no_validation(layout::YES, layout::NO, "配备情况 Staff present"),
    )?;
    fit.text(
        ws,
        1,
        5,
        "无 = 没有任何工作人员；留空且不填人员 = 未核查 / 无 = no staff at all; blank with no rows = not surveyed",
        &st.hint,
    )?;
    let header = 3;
    for (c, l) in layout::STAFF_HEADER.iter().enumerate() {
        fit.text(ws, header, c as u16, header_text(*l), &st.header)?;
    }
    for r in header + 1..=header + STAFF_ROWS {
        for c in 0..layout::STAFF_HEADER.len() as u16 {
            ws.write_blank(r, c, &st.input)?;
        }
    }
    let (first, last) = (header + 1, header + STAFF_ROWS);
    let role_names = v
        .roles
        .terms
        .iter()
        .map(|t| format!("{} {}", t.name.zh, t.name.en))
        .collect::<Vec<_>>()
        .join("; ");
    ws.add_data_validation(
        first,
        layout::ENGLISH as u16,
        last,
        layout::ENGLISH as u16,
        // Not strict: one person with several duties names them all, separated by 、.
        &list_validation(
            lists.formula(ROLES),
            "岗位 Role",
            &format!("{role_names}；一人兼任多个岗位用、分隔 / several roles separated by 、"),
            false,
        ),
    )?;
    ws.add_data_validation(
        first,
        layout::QUALIFICATIONS as u16,
        last,
        layout::QUALIFICATIONS as u16,
        &list_validation(
            lists.formula(QUALIFICATIONS),
            "资质 Qualifications",
            "从列表选择；多个用、分隔 / pick from the list; several separated by 、",
            false,
        ),
    )?;
    // What the standard requires, beside the table.
    fit.text(
        ws,
        header,
        5,
        header_text(("标准要求", "Required")),
        &st.header,
    )?;
    fit.text(ws, header, 6, header_text(("条款", "Article")), &st.header)?;
    let mut r = header + 1;
    if let Some(s) = section(tpl, SectionKind::Staff) {
        for row in &s.rows {
            let req = row
                .required
                .as_ref()
                .map_or_else(String::new, |q| format!(" {}", q.zh));
            let req_en = row
                .required
                .as_ref()
                .map_or_else(String::new, |q| format!(" {}", q.en));
            fit.text(
                ws,
                r,
                5,
                format!("{}{req} / {}{req_en}", row.label.zh, row.label.en),
                &st.info,
            )?;
            if let Some(cl) = &row.clause {
                fit.text(ws, r, 6, cl, &st.info)?;
            }
            r += 1;
        }
    }
    ws.set_freeze_panes(header + 1, 0)?;
    fit.apply(ws)?;
    Ok(())
}

fn zone(
    ws: &mut Worksheet,
    name: &str,
    s: &Section,
    v: &Vocabulary,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let mut fit = widths(ws, &[22.0, 30.0, 12.0, 12.0, 26.0, 30.0, 14.0])?;
    fit.title(ws, 0, 0, &s.title.zh, &st.title)?;
    fit.title(ws, 0, 1, &s.title.en, &st.title)?;
    if let Some(cl) = &s.clause {
        fit.text(ws, 0, 6, cl, &st.info)?;
    }
    let c = layout::VALUE as u16;
    fit.text(ws, 1, 0, layout::PRESENT.0, &st.label)?;
    fit.text(ws, 1, 1, layout::PRESENT.1, &st.label)?;
    ws.write_blank(1, c, &st.input)?;
    ws.add_data_validation(
        1,
        c,
        1,
        c,
        &yes_no_validation(layout::YES, layout::NO, "设置情况 Zone present"),
    )?;
    fit.span(
        ws,
        1,
        3,
        layout::ARTICLE as u16,
        "有 = 设有；无 = 核查后确认没有；整表留空 = 未核查 / 有 = there; 无 = surveyed, not there; sheet left blank = not surveyed",
        &st.hint,
    )?;
    fit.text(ws, 2, 0, layout::AREA.0, &st.label)?;
    fit.text(ws, 2, 1, layout::AREA.1, &st.label)?;
    ws.write_blank(2, c, &st.input)?;
    ws.add_data_validation(2, c, 2, c, &number_validation())?;
    let in_zone = |k: &'static str| {
        s.rows
            .iter()
            .filter(move |r| r.key.get(2).map(String::as_str) == Some(k))
    };
    if let Some(row) = in_zone("age_bands").next() {
        age_band_row(ws, &mut fit, row, st)?;
    }
    let h = ZONE_HEADER;
    for (col, l) in [
        layout::ITEMS,
        ("", ""),
        ("数量", "Count"),
        ("种类数", "Kinds"),
        ("上墙内容", "Topics"),
        ("标准要求", "Required"),
        ("条款", "Article"),
    ]
    .iter()
    .enumerate()
    {
        let text = match col {
            0 => l.0.to_owned(),
            1 => layout::ITEMS.1.to_owned(),
            _ => header_text(*l),
        };
        fit.text(ws, h, col as u16, text, &st.header)?;
    }
    // Items in the order the standard first names them.
    let mut items: Vec<&str> = Vec::new();
    for row in in_zone("equipment") {
        if let Some(i) = row.key.get(3)
            && !items.contains(&i.as_str())
        {
            items.push(i);
        }
    }
    let mut r = h + 1;
    for item in &items {
        let rows: Vec<&Row> = in_zone("equipment")
            .filter(|x| x.key.get(3).map(String::as_str) == Some(*item))
            .collect();
        item_row(ws, &mut fit, r, item, &rows, v, st)?;
        r += 1;
    }
    r += 1;
    fit.text(ws, r, 0, layout::OTHER_EQUIPMENT.0, &st.header)?;
    fit.text(ws, r, 1, layout::OTHER_EQUIPMENT.1, &st.header)?;
    fit.span(
        ws,
        r,
        3,
        layout::ARTICLE as u16,
        "标准之外的设备：列出，不检查 / items outside the standard: shown, not checked",
        &st.hint,
    )?;
    for k in 1..=OTHER_ROWS {
        ws.write_blank(r + k, 0, &st.input)?;
    }
    ws.set_freeze_panes(h + 1, 0)?;
    fit.apply(ws)?;
    Ok(())
}

/// The age-band row of a zone that serves ages, with what the standard requires.
fn age_band_row(
    ws: &mut Worksheet,
    fit: &mut Fit,
    row: &Row,
    st: &Styles,
) -> Result<(), XlsxError> {
    let c = layout::VALUE as u16;
    fit.text(ws, 3, 0, layout::AGE_BANDS.0, &st.label)?;
    fit.text(ws, 3, 1, layout::AGE_BANDS.1, &st.label)?;
    ws.write_blank(3, c, &st.input)?;
    fit.span(
        ws,
        3,
        3,
        layout::TOPICS as u16,
        "如 / e.g. 0-3、3-6",
        &st.hint,
    )?;
    if let Some(req) = &row.required {
        fit.text(ws, 3, 5, both(req), &st.info)?;
    }
    if let Some(cl) = &row.clause {
        fit.text(ws, 3, 6, cl, &st.info)?;
    }
    Ok(())
}

/// One item of a zone's equipment table: its name, the cells its requirements ask for (count;
/// kinds and topics where asked), and what the standard requires of it, with the articles.
fn item_row(
    ws: &mut Worksheet,
    fit: &mut Fit,
    r: u32,
    item: &str,
    rows: &[&Row],
    v: &Vocabulary,
    st: &Styles,
) -> Result<(), XlsxError> {
    let c = layout::VALUE as u16;
    let name = v
        .items
        .get(item)
        .map_or_else(|| Text::new(item, item), |t| t.name.clone());
    fit.text(ws, r, 0, &name.zh, &st.label)?;
    fit.text(ws, r, 1, &name.en, &st.label)?;
    ws.write_blank(r, c, &st.input)?;
    ws.add_data_validation(r, c, r, c, &count_validation())?;
    let mut required: Vec<String> = Vec::new();
    let mut clauses: Vec<&str> = Vec::new();
    for x in rows {
        match x.kind {
            RowKind::Kinds => {
                ws.write_blank(r, layout::KINDS as u16, &st.input)?;
                ws.add_data_validation(
                    r,
                    layout::KINDS as u16,
                    r,
                    layout::KINDS as u16,
                    &count_validation(),
                )?;
            }
            RowKind::Topics { .. } => {
                ws.write_blank(r, layout::TOPICS as u16, &st.input)?;
            }
            _ => {}
        }
        if let Some(q) = &x.required {
            let what = match x.kind {
                RowKind::Kinds => Text::new(format!("种类 {}", q.zh), format!("kinds {}", q.en)),
                _ => q.clone(),
            };
            required.push(both(&what));
        }
        if let Some(cl) = &x.clause
            && !clauses.contains(&cl.as_str())
        {
            clauses.push(cl);
        }
    }
    if !required.is_empty() {
        fit.text(
            ws,
            r,
            layout::REQUIRED as u16,
            required.join("\n"),
            &st.info,
        )?;
    }
    if !clauses.is_empty() {
        fit.text(ws, r, layout::ARTICLE as u16, clauses.join("\n"), &st.info)?;
    }
    Ok(())
}

fn other_zones(ws: &mut Worksheet, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(layout::OTHER_ZONES)?;
    let mut fit = widths(ws, &[26.0, 60.0])?;
    fit.title(ws, 0, 0, layout::OTHER_ZONES, &st.title)?;
    fit.title(ws, 0, 1, "Other rooms", &st.title)?;
    fit.text(
        ws,
        1,
        1,
        "标准之外的用房：列出，不检查 / rooms outside the standard: shown, not checked",
        &st.hint,
    )?;
    fit.text(ws, 2, 0, layout::OTHER_ZONES_HEADER.0, &st.header)?;
    fit.text(ws, 2, 1, layout::OTHER_ZONES_HEADER.1, &st.header)?;
    for r in 3..3 + OTHER_ROWS * 2 {
        ws.write_blank(r, 0, &st.input)?;
    }
    fit.apply(ws)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::lines;

    #[test]
    fn wrapped_lines_count_cjk_as_two_columns_and_keep_words_whole() {
        assert_eq!(lines("", 10.0), 1);
        assert_eq!(lines("abcde fghij", 11.0), 1);
        // A word that does not fit goes to the next line whole.
        assert_eq!(lines("abcde fghij", 8.0), 2);
        // Ten CJK characters are twenty columns.
        assert_eq!(lines("儿童之家儿童之家儿童", 20.0), 1);
        assert_eq!(lines("儿童之家儿童之家儿童", 19.0), 2);
        // Each explicit line break starts a line.
        assert_eq!(lines("项目\nItem", 40.0), 2);
        // A word longer than a line is broken across lines.
        assert_eq!(lines(&"x".repeat(25), 10.0), 3);
    }
}
