//! Rectification orders as a workbook: `orders draft` writes one sheet, one row per order,
//! for the supervisor to edit and sign; [`read`] turns it back into the raw orders the YAML
//! loader gives. The facility's name, the requirement's name and the problem found are shown
//! for the reader and not read back.

use std::fmt::Write as _;

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, XlsxError};

use crate::diagnostic::{Code, Problem};
use crate::i18n::Text;
use crate::load::Sp;
use crate::load::orders::{RawOrder, RawOrders};
use crate::model::orders::Draft;

/// The orders' sheet.
pub const SHEET: &str = "整改通知";

/// Its columns, Chinese and English heads.
pub const COLUMNS: [(&str, &str); 9] = [
    ("设施编号", "Facility id"),
    ("设施名称", "Facility"),
    ("要求编号", "Requirement id"),
    ("要求", "Requirement"),
    ("存在问题", "Problem found"),
    ("整改措施", "Action"),
    ("责任单位(必填)", "Responsible unit (required)"),
    ("下达日期", "Issued"),
    ("整改期限", "Deadline"),
];

/// The columns read back: facility id, requirement id, action, responsible, issued, deadline.
const READ: [u32; 6] = [0, 2, 5, 6, 7, 8];

/// A draft's cells, in the order of [`COLUMNS`].
fn cells(d: &Draft) -> [&str; 9] {
    [
        &d.facility,
        &d.facility_name,
        &d.requirement,
        &d.requirement_name,
        &d.problem,
        &d.action,
        &d.responsible,
        &d.issued,
        &d.deadline,
    ]
}

/// The orders workbook.
///
/// # Errors
/// When the workbook library fails.
pub fn xlsx(drafts: &[Draft]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0x00F2_F2F2));
    let text = Format::new()
        .set_num_format("@")
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let to_fill = Format::new()
        .set_num_format("@")
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0x00FF_F2CC));
    ws.set_row_height(0, 36)?;
    let widths = [16, 28, 30, 30, 36, 36, 24, 12, 12];
    for (c, ((zh, en), w)) in COLUMNS.iter().zip(widths).enumerate() {
        let c = c as u16;
        ws.set_column_width(c, w)?;
        ws.set_column_format(c, &text)?;
        ws.write_string_with_format(0, c, format!("{zh}\n{en}"), &header)?;
    }
    for (r, d) in drafts.iter().enumerate() {
        let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, v) in cells(d).iter().enumerate() {
            let f = if c == 6 { &to_fill } else { &text };
            ws.write_string_with_format(row, c as u16, *v, f)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}

/// An orders workbook → the raw orders: every row below the header with a value in a column
/// read back is an order; a blank cell reads as an empty value, which the orders' checks
/// report at that cell. A workbook without the sheet [`SHEET`] (a survey form, say) is
/// refused.
///
/// # Errors
/// The workbook's problem when it cannot be read, with its sheet names.
pub fn read(bytes: &[u8]) -> Result<(RawOrders, Vec<String>), super::roster::Refused> {
    let wb =
        super::read::read_workbook(bytes).map_err(|u| (u.sheet_names.clone(), vec![u.problem]))?;
    let Some(sheet) = wb.sheets.iter().find(|s| s.name.trim() == SHEET) else {
        return Err((
            wb.names.clone(),
            vec![
                Problem::new(
                    Code::MissingSheet,
                    Text::new(
                        format!("这不是整改通知表格：其中没有“{SHEET}”工作表"),
                        format!("this is not an orders workbook: it has no sheet named {SHEET}"),
                    ),
                    None,
                )
                .with_help(Text::new(
                    "整改通知表格由 sitecheck orders draft --output 文件.xlsx 生成",
                    "an orders workbook is written by `sitecheck orders draft --output FILE.xlsx`",
                )),
            ],
        ));
    };
    let cell = |row: u32, col: u32| -> Sp<String> {
        Sp {
            value: sheet
                .get(row, col)
                .map(|v| {
                    if col >= 7 {
                        super::read::date_value(v)
                    } else {
                        v.text()
                    }
                })
                .unwrap_or_default()
                .trim()
                .to_owned(),
            loc: Some(sheet.loc(row, col)),
        }
    };
    let mut rows: Vec<u32> = sheet
        .cells
        .keys()
        .filter(|(r, c)| *r > 0 && READ.contains(c))
        .map(|(r, _)| *r)
        .collect();
    rows.dedup();
    let orders = rows
        .into_iter()
        .map(|row| Sp {
            value: RawOrder {
                facility: cell(row, 0),
                requirement: cell(row, 2),
                action: cell(row, 5),
                responsible: cell(row, 6),
                issued: cell(row, 7),
                deadline: cell(row, 8),
            },
            loc: Some(sheet.loc(row, 0)),
        })
        .collect();
    Ok((RawOrders { orders }, wb.names.clone()))
}

/// Text for a YAML comment: on one line (a line break shows as `␤`), control and
/// bidirectional characters shown as `?`.
fn comment(s: &str) -> String {
    crate::report::escape::line(s)
}

/// A YAML string: double-quoted, escaped as JSON (which YAML reads alike), bidirectional
/// controls escaped too, so that the file reads as what it holds.
fn quoted(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if crate::report::escape::is_unsafe(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// The orders as YAML, for the supervisor to edit and sign: each order with the facility,
/// requirement and problem found in a comment above it, and its blank responsible unit.
#[must_use]
pub fn yaml(drafts: &[Draft]) -> String {
    let mut y = String::from(
        "\
# 整改通知（草稿）/ rectification orders (draft), by `sitecheck orders draft`
# 请逐条核对整改措施和整改期限，填写责任单位（必填）后签发。
# Check each action and deadline, and fill in the responsible unit (required) before issuing.
# 使用 / use: sitecheck check 清单目录/ --orders 本文件
orders:
",
    );
    if drafts.is_empty() {
        y = y.replace(
            "orders:\n",
            "orders: []   # 报告中没有不符合的必改项 / nothing required fails\n",
        );
    }
    for d in drafts {
        let _ = write!(
            y,
            "  # {} · {} — {}\n  - facility: {}\n    requirement: {}\n    action: {}\n    responsible: {}   # 责任单位（必填）/ responsible unit (required)\n    issued: {}\n    deadline: {}\n",
            comment(&d.facility_name),
            comment(&d.requirement_name),
            comment(&d.problem),
            quoted(&d.facility),
            quoted(&d.requirement),
            quoted(&d.action),
            quoted(&d.responsible),
            quoted(&d.issued),
            quoted(&d.deadline),
        );
    }
    y
}
