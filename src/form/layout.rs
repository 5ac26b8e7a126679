//! The survey form's layout, written once and read back: sheet names, columns, row labels
//! and answer words shared by the writer (`form::write`) and the reader (`form::read`).
//!
//! The survey form's layout, shared by the reader and the writer (`report::form`).

/// A label: Chinese, then English.
pub type Label = (&'static str, &'static str);

/// The instructions sheet (not read).
pub const INSTRUCTIONS: &str = "填写说明";
/// The facility sheet: identity, survey, operation, floor area, services, capacity.
pub const FACILITY: &str = "基本信息";
/// The staff sheet.
pub const STAFF: &str = "人员配备";
/// Rooms outside the standard's vocabulary (shown, not checked).
pub const OTHER_ZONES: &str = "其他用房";
/// The hidden sheet holding the lists the validated cells offer (not read).
pub const LISTS: &str = "选项";

/// Column A: the Chinese label, or the item's name.
pub const LABEL: u32 = 0;
/// Column B: the English label.
pub const ENGLISH: u32 = 1;
/// Column C: the surveyor's value (a zone's count column).
pub const VALUE: u32 = 2;
/// Column D: an item's number of kinds.
pub const KINDS: u32 = 3;
/// Column E: an item's wall-display topics.
pub const TOPICS: u32 = 4;
/// Column F: what the standard requires (not read).
pub const REQUIRED: u32 = 5;
/// Column G: the article (not read).
pub const ARTICLE: u32 = 6;
/// Column C of the staff sheet: qualifications (A: name, B: role).
pub const QUALIFICATIONS: u32 = 2;

/// One row of the facility sheet: the inventory key it fills and its labels.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The inventory key (`facility.id`, `floor_area_m2` …).
    pub key: &'static str,
    /// Chinese label.
    pub zh: &'static str,
    /// English label.
    pub en: &'static str,
}

/// On the facility sheet's 适用标准 row, the column of the standard's checksum (its SHA-256,
/// [`crate::model::standard::Standard::digest`]); the value column holds its `id@version`.
pub const STANDARD_SHA256: u32 = 3;

/// The facility sheet's rows, in the order the form writes them.
pub const FACILITY_FIELDS: &[Field] = &[
    Field {
        key: "facility.id",
        zh: "设施编号",
        en: "Facility id",
    },
    Field {
        key: "facility.name",
        zh: "设施名称",
        en: "Facility name",
    },
    Field {
        key: "facility.level",
        zh: "层级",
        en: "Level",
    },
    Field {
        key: "facility.region",
        zh: "所在地区",
        en: "Region",
    },
    Field {
        key: "facility.co_located_with",
        zh: "综合设置",
        en: "Co-located with",
    },
    Field {
        key: "standard",
        zh: "适用标准",
        en: "Standard",
    },
    Field {
        key: "survey.kind",
        zh: "核查类型",
        en: "Survey kind",
    },
    Field {
        key: "survey.date",
        zh: "核查日期",
        en: "Survey date",
    },
    Field {
        key: "survey.surveyor",
        zh: "核查人",
        en: "Surveyor",
    },
    Field {
        key: "operation.mode",
        zh: "运营方式",
        en: "Operation mode",
    },
    Field {
        key: "operation.operator",
        zh: "运营主体",
        en: "Operator",
    },
    Field {
        key: "floor_area_m2",
        zh: "建筑面积（平方米）",
        en: "Floor area (m²)",
    },
];

/// The facility sheet's services section: one row per service, 是/否 in column C.
pub const SERVICES: Label = ("履行职能", "Duties performed");
/// The duties section's heading in forms written before it had record columns.
pub const SERVICES_BEFORE: Label = ("提供服务", "Services provided");
/// The duties section's column for the record (台账) that shows a duty.
pub const RECORD: u32 = 3;
/// Its heading.
pub const RECORD_HEADER: Label = ("台账", "Record");
/// The duties section's column for the latest record's date.
pub const LAST_DONE: u32 = 4;
/// Its heading.
pub const LAST_DONE_HEADER: Label = ("最近记录日期", "Latest record");
/// The facility sheet's capacity section: one row per named size, the number in column C.
pub const CAPACITY: Label = ("规模", "Capacity");
/// A zone sheet's presence row.
pub const PRESENT: Label = ("设置情况", "Zone present");
/// A zone sheet's area row.
pub const AREA: Label = ("面积（平方米）", "Area (m²)");
/// A zone sheet's age-band row.
pub const AGE_BANDS: Label = ("年龄段", "Age bands");
/// A zone sheet's header row above the items.
pub const ITEMS: Label = ("设施设备", "Item");
/// A zone sheet's section of items outside the vocabulary.
pub const OTHER_EQUIPMENT: Label = ("其他设备", "Other equipment");
/// The staff sheet's presence row.
pub const STAFF_PRESENT: Label = ("配备情况", "Staff present");
/// The staff sheet's header row: name, role, qualifications.
pub const STAFF_HEADER: [Label; 4] = [
    ("姓名", "Name"),
    ("岗位", "Role"),
    ("资质", "Qualifications"),
    ("职务", "Title"),
];
/// Column D of the staff sheet: the title on the roster (free text).
pub const TITLE: u32 = 3;
/// The header row of the other-rooms sheet.
pub const OTHER_ZONES_HEADER: Label = ("用房名称", "Room");

/// What a presence cell offers: there.
pub const YES: &str = "有";
/// What a presence cell offers: surveyed, not there.
pub const NO: &str = "无";
/// What a service cell offers: provided.
pub const PROVIDED: &str = "是";
/// What a service cell offers: not provided.
pub const NOT_PROVIDED: &str = "否";

/// Whether the reader passes over a sheet: the instructions, the lists, and notes (a
/// sheet whose name starts with `备注`, `notes` or `#`).
#[must_use]
pub fn is_ignored(name: &str) -> bool {
    let n = name.trim();
    n == INSTRUCTIONS
        || n == LISTS
        || n.starts_with("备注")
        || n.starts_with('#')
        || n.to_lowercase().starts_with("notes")
}

/// Whether a cell's text is a label: its Chinese or English wording, or both (a header's
/// `姓名\nName`), case, spaces and full-width parentheses aside.
#[must_use]
pub fn is_label(text: &str, label: Label) -> bool {
    let t = fold(text);
    let (zh, en) = (fold(label.0), fold(label.1));
    t == zh || t == en || t.strip_prefix(&zh).is_some_and(|rest| rest == en)
}

/// A label folded for comparison.
#[must_use]
pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A yes/no cell's answer: `Some(true)` for 有/是/yes, `Some(false)` for 无/否/no.
#[must_use]
pub fn yes_no(text: &str) -> Option<bool> {
    match fold(text).as_str() {
        "有" | "是" | "yes" | "y" | "true" | "✓" | "√" => Some(true),
        "无" | "否" | "没有" | "no" | "n" | "false" | "✗" | "×" => Some(false),
        _ => None,
    }
}
