//! The district roster (辖区镇村名册) as a template to fill: YAML with comments, or a workbook
//! with one sheet, one row per village (the town's cells may be left blank under the town's
//! first row), which [`read`] turns into the same raw roster the YAML loader gives.

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, XlsxError};

use crate::diagnostic::{Code, Problem};
use crate::i18n::Text;
use crate::load::Sp;
use crate::load::roster::{RawRoster, RawTown, RawVillage};
use crate::source::Location;

/// The roster's sheet.
pub const SHEET: &str = "镇村名册";
/// The sheet with the template's example, which [`read`] never reads: an untouched workbook
/// holds no roster, so its example cannot be counted as one.
pub const EXAMPLE_SHEET: &str = "填写示例";
/// The rows of the roster sheet laid out (bordered, as text) below the header for filling in;
/// rows past them take the columns' text format as well.
const BLANK_ROWS: u32 = 200;
/// Its columns: the town's code, name and expected workstation; the village's code, name and
/// expected children's home.
pub const COLUMNS: [(&str, &str); 6] = [
    ("镇（街道）区划代码", "Town code"),
    ("镇（街道）名称", "Town name"),
    ("工作站编号（可不填）", "Workstation id (optional)"),
    ("村（居）区划代码", "Village code"),
    ("村（居）名称", "Village name"),
    ("儿童之家编号（可不填）", "Children's home id (optional)"),
];

/// The YAML roster template (comments in both languages).
#[must_use]
pub fn yaml() -> String {
    "\
# 辖区镇村名册 / the district's roster of towns and villages
# 用法 / use: sitecheck check 清单目录/ --roster 本文件
# 每个镇（街道）一项，其下列出全部村（居）。名称须与设施清单 facility.region 的结尾一致（如 region: 环翠区张村镇东山村）。
# One entry per town (sub-district), listing all its villages. A name is what facility regions end with.
# 区划代码请加引号 / quote the codes. facility: 该处应有设施的编号，可不填 / the id of the facility expected there (optional).

district: 环翠区                   # 区（县）名称 / the district
towns:
  - code: \"371002001\"             # 镇（街道）区划代码 / the town's code
    name: 张村镇                   # 镇（街道）名称 / the town's name
    facility: zhangcun-ts          # 工作站编号（可不填） / the workstation's id (optional)
    villages:                      # 村（居） / villages
      - {code: \"371002001201\", name: 东山村, facility: dongshan-ch}
      - {code: \"371002001202\", name: 大河村}
"
    .to_owned()
}

/// The roster workbook: the roster sheet, its rows blank to fill in, and the YAML template's
/// example on a sheet of its own.
///
/// # Errors
/// When the workbook library fails.
pub fn xlsx() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    sheet_layout(ws)?;
    for r in 1..=BLANK_ROWS {
        for c in 0..COLUMNS.len() {
            ws.write_blank(r, c as u16, &text_cell())?;
        }
    }
    let ex = wb.add_worksheet();
    ex.set_name(EXAMPLE_SHEET)?;
    sheet_layout(ex)?;
    let example = [
        [
            "371002001",
            "张村镇",
            "zhangcun-ts",
            "371002001201",
            "东山村",
            "dongshan-ch",
        ],
        ["", "", "", "371002001202", "大河村", ""],
    ];
    for (r, row) in example.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ex.write_string_with_format(r as u32 + 1, c as u16, *v, &text_cell())?;
            }
        }
    }
    ex.write_string(
        4,
        0,
        "示例：在“镇村名册”工作表中填写，本表不会读取。/ An example: fill in the “镇村名册” sheet; this sheet is never read.",
    )?;
    wb.save_to_buffer()
}

/// A cell to fill: text (so that codes keep their leading digits), bordered.
fn text_cell() -> Format {
    Format::new()
        .set_num_format("@")
        .set_border(FormatBorder::Thin)
}

/// A roster sheet's header and columns, the header frozen.
fn sheet_layout(ws: &mut rust_xlsxwriter::Worksheet) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0x00F2_F2F2));
    ws.set_row_height(0, 36)?;
    for (c, (zh, en)) in COLUMNS.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, 22)?;
        ws.set_column_format(c, &text_cell())?;
        ws.write_string_with_format(0, c, format!("{zh}\n{en}"), &header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A roster workbook → the raw roster: every row below the header is a village of the town
/// on it, or of the town above when its town cells are blank; a row with only town cells is a
/// town. The sheet is [`SHEET`], else the workbook's first.
///
/// # Errors
/// The workbook's problem when it cannot be read, or every row that is not a town or village:
/// a village before any town, a code without a name or a name without a code.
pub fn read(bytes: &[u8]) -> Result<(RawRoster, Vec<String>), Refused> {
    let wb =
        super::read::read_workbook(bytes).map_err(|u| (u.sheet_names.clone(), vec![u.problem]))?;
    let Some(sheet) = wb
        .sheets
        .iter()
        .find(|s| s.name.trim() == SHEET)
        .or_else(|| wb.sheets.first())
    else {
        return Err((
            wb.names.clone(),
            vec![Problem::new(
                Code::MissingValue,
                Text::new("名册工作簿中没有工作表", "the roster workbook has no sheet"),
                None,
            )],
        ));
    };
    let cell = |row: u32, col: u32| -> Option<Sp<String>> {
        sheet.text(row, col).map(|t| Sp {
            value: t.trim().to_owned(),
            loc: Some(sheet.loc(row, col)),
        })
    };
    let mut towns: Vec<Sp<RawTown>> = Vec::new();
    let mut problems = Vec::new();
    let mut rows: Vec<u32> = sheet
        .cells
        .keys()
        .map(|(r, _)| *r)
        .filter(|r| *r > 0)
        .collect();
    rows.dedup();
    for row in rows {
        let at = sheet.loc(row, 0);
        let town = [cell(row, 0), cell(row, 1)];
        let village = [cell(row, 3), cell(row, 4)];
        match town {
            [Some(code), Some(name)] => {
                let same = towns
                    .last()
                    .is_some_and(|t| t.value.code.value == code.value);
                if !same {
                    towns.push(Sp {
                        value: RawTown {
                            code,
                            name,
                            facility: cell(row, 2),
                            villages: Vec::new(),
                        },
                        loc: Some(at),
                    });
                }
            }
            [None, None] => {}
            [code, name] => {
                problems.push(half(code.is_some(), code.or(name).and_then(|c| c.loc)));
                continue;
            }
        }
        match village {
            [Some(code), Some(name)] => match towns.last_mut() {
                Some(t) => t.value.villages.push(Sp {
                    value: RawVillage {
                        code,
                        name,
                        facility: cell(row, 5),
                    },
                    loc: Some(sheet.loc(row, 3)),
                }),
                None => problems.push(Problem::new(
                    Code::MissingValue,
                    Text::new(
                        format!("村（居） {} 之前没有镇（街道）：请在该行或其上方填写镇（街道）的代码和名称", name.value),
                        format!("the village {} comes before any town: give the town's code and name on its row or above", name.value),
                    ),
                    name.loc,
                )),
            },
            [None, None] => {}
            [code, name] => problems.push(half(code.is_some(), code.or(name).and_then(|c| c.loc))),
        }
    }
    if problems.is_empty() && towns.is_empty() {
        // An untouched template (its example is on a sheet never read), or a sheet emptied.
        problems.push(unfilled(sheet.name.trim(), sheet.loc(1, 0)));
    }
    if problems.is_empty() {
        Ok((
            RawRoster {
                district: None,
                towns,
            },
            wb.names.clone(),
        ))
    } else {
        Err((wb.names.clone(), problems))
    }
}

/// Why a roster workbook was refused: its sheet names (for locations) and the problems.
pub type Refused = (Vec<String>, Vec<Problem>);

/// A roster sheet with no town on it, at its first row to fill.
fn unfilled(sheet: &str, at: Location) -> Problem {
    Problem::new(
        Code::MissingValue,
        Text::new(
            format!("名册还没有填写：“{sheet}”工作表中没有任何镇（街道）"),
            format!("the roster lists no town yet: the “{sheet}” sheet is empty"),
        ),
        Some(at),
    )
    .with_help(Text::new(
        format!("从第 2 行起，每行填写一个村（居）及其所属镇（街道）的代码和名称；“{EXAMPLE_SHEET}”工作表只是示例，不会读取"),
        format!("from row 2, give each village (residents' committee) with its town's code and name, a row each; the “{EXAMPLE_SHEET}” sheet is an example and is never read"),
    ))
}

/// A code without a name, or a name without a code.
fn half(has_code: bool, loc: Option<Location>) -> Problem {
    let (zh, en) = if has_code {
        ("有区划代码但缺名称", "a code without a name")
    } else {
        ("有名称但缺区划代码", "a name without a code")
    };
    Problem::new(Code::MissingValue, Text::new(zh, en), loc).with_help(Text::new(
        "代码和名称须成对填写",
        "a code and a name go together",
    ))
}
