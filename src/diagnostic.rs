//! A problem found in an input (an inventory, a standard or a waiver file): what is wrong, in
//! both languages, where, and how to fix it. The CLI renders problems with miette; reports
//! carry them as data.

use crate::i18n::{Lang, Text};
use crate::source::Location;

/// Every kind of problem, one stable code each (`sitecheck::<kind>`): the one list the
/// README's table of codes is checked against (`tests/cli.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// One name stands for two vocabulary entries (一个名称指向两个词汇).
    AliasClash,
    /// YAML aliases beyond their limit (YAML 别名超出上限).
    AliasLimit,
    /// An age band not written like 0-3 (年龄段写法有误).
    BadAgeBand,
    /// A standard's example case is malformed or does not hold (标准示例有误或不成立).
    BadCase,
    /// A date that is not a valid YYYY-MM-DD (日期不是有效的 YYYY-MM-DD).
    BadDate,
    /// Distinct_from names no other staff requirement of the level (不重复计人的指向有误).
    BadDistinctFrom,
    /// An option's evidence is not co_located_with or operation (可选项的依据有误).
    BadEvidence,
    /// What a standard extends cannot be resolved (继承的标准无法解析).
    BadExtends,
    /// A severity other than error, warning or info (严重程度有误).
    BadSeverity,
    /// A threshold that is not a number ≥ 0, a rate or a size table (阈值有误).
    BadThreshold,
    /// A form says 无 and lists entries (表格内容自相矛盾).
    Contradiction,
    /// Two example cases with one name (示例名称重复).
    DuplicateCase,
    /// One key (or two spellings of one name) written twice (同一项写了两次).
    DuplicateKey,
    /// One person written as two staff entries (同一人写了两项).
    DuplicatePerson,
    /// Two requirements with one id in a level (要求编号重复).
    DuplicateRequirement,
    /// A facility id in two inputs of one run (同一设施重复提交).
    DuplicateFacility,
    /// A roster code, or an expected facility, given twice (名册条目重复).
    DuplicateRosterEntry,
    /// A facility id still the template's, or an empty name (设施编号或名称未填写).
    PlaceholderIdentity,
    /// An empty file (文件是空的).
    Empty,
    /// An encrypted workbook or an old .xls file (加密或旧版 Excel 文件).
    EncryptedOrXls,
    /// Standards that extend each other in a loop (标准循环继承).
    ExtendsCycle,
    /// A chain of extends beyond its limit (继承层数过多).
    ExtendsTooDeep,
    /// A key the requirement's kind does not use (该类要求不使用此键).
    InapplicableKey,
    /// An internal error (a defect to report) (内部错误).
    Internal,
    /// More kinds than pieces of an item (种类数多于件数).
    KindsExceedCount,
    /// A required key is missing (缺少必填内容).
    MissingKey,
    /// A survey form's zone sheet was deleted (核查表缺少功能区工作表).
    MissingSheet,
    /// A value left blank where one is needed (缺少填写内容).
    MissingValue,
    /// The count of problems not listed (其余问题的计数).
    MoreProblems,
    /// A negative or invalid number (数值为负或无效).
    Negative,
    /// A standard with no levels (标准没有任何层级).
    NoLevels,
    /// A baseline, or the report `orders draft` reads, that is not a sitecheck report (基线或报告不是
    /// sitecheck 的报告).
    NotAReport,
    /// A file that is not UTF-8 (文件不是 UTF-8 编码).
    NotUtf8,
    /// A rectification order repeated (整改通知重复).
    OrderRepeated,
    /// A rectification order with nothing to rectify (整改通知无须整改).
    OrderStale,
    /// A rectification order naming a facility not checked (整改通知指向未检查的设施).
    OrderUnknownFacility,
    /// A rectification order naming an unknown requirement or zone (整改通知指向未知的要求).
    OrderUnknownRequirement,
    /// A staff entry with no role, or with both role and roles (人员的岗位写法有误).
    StaffRoles,
    /// An input judged against a standard other than the one it names, or another text of
    /// that edition (标准与清单所依据的不一致).
    StandardMismatch,
    /// A standard id with characters other than a-z, 0-9, - and _ (标准编号写法有误).
    StandardId,
    /// An inventory naming a standard by path (清单指定了文件路径).
    StandardPath,
    /// YAML or JSON syntax (YAML/JSON 语法错误).
    Syntax,
    /// Nesting beyond its limit (嵌套层数过多).
    TooDeep,
    /// A file or its content beyond a size limit (文件或内容过大).
    TooLarge,
    /// A key the format does not have (未知的键).
    UnknownKey,
    /// An unknown requirement kind (未知的要求类型).
    UnknownKind,
    /// An unknown level (未知的层级).
    UnknownLevel,
    /// A name not in the standard's vocabulary (未知的名称).
    UnknownName,
    /// An unknown requirement id (未知的要求).
    UnknownRequirement,
    /// An unknown standard id or edition (未知的标准).
    UnknownStandard,
    /// An unknown strength (未知的规范用语).
    UnknownStrength,
    /// A file that cannot be read (文件无法读取).
    Unreadable,
    /// An expired waiver (豁免已过期).
    WaiverExpired,
    /// A waiver expiring within 30 days (豁免即将到期).
    WaiverExpiring,
    /// A waiver of a requirement that cannot be waived (该要求不能豁免).
    WaiverNotWaivable,
    /// A waiver granted after the evaluation date (豁免尚未生效).
    WaiverNotYetGranted,
    /// A waiver repeated (豁免重复).
    WaiverRepeated,
    /// A waiver of a requirement that does not fail (豁免未起作用).
    WaiverStale,
    /// A waiver naming a facility not checked (豁免指向未检查的设施).
    WaiverUnknownFacility,
    /// A waiver naming an unknown requirement (豁免指向未知的要求).
    WaiverUnknownRequirement,
    /// A value of the wrong type (类型错误).
    WrongType,
}

impl Code {
    /// Every code, in the order of their names.
    pub const ALL: &'static [Code] = &[
        Code::AliasClash,
        Code::AliasLimit,
        Code::BadAgeBand,
        Code::BadCase,
        Code::BadDate,
        Code::BadDistinctFrom,
        Code::BadEvidence,
        Code::BadExtends,
        Code::BadSeverity,
        Code::BadThreshold,
        Code::Contradiction,
        Code::DuplicateCase,
        Code::DuplicateFacility,
        Code::DuplicateKey,
        Code::DuplicatePerson,
        Code::DuplicateRequirement,
        Code::DuplicateRosterEntry,
        Code::Empty,
        Code::EncryptedOrXls,
        Code::ExtendsCycle,
        Code::ExtendsTooDeep,
        Code::InapplicableKey,
        Code::Internal,
        Code::KindsExceedCount,
        Code::MissingKey,
        Code::MissingSheet,
        Code::MissingValue,
        Code::MoreProblems,
        Code::Negative,
        Code::NoLevels,
        Code::NotAReport,
        Code::NotUtf8,
        Code::OrderRepeated,
        Code::OrderStale,
        Code::OrderUnknownFacility,
        Code::OrderUnknownRequirement,
        Code::PlaceholderIdentity,
        Code::StaffRoles,
        Code::StandardId,
        Code::StandardMismatch,
        Code::StandardPath,
        Code::Syntax,
        Code::TooDeep,
        Code::TooLarge,
        Code::UnknownKey,
        Code::UnknownKind,
        Code::UnknownLevel,
        Code::UnknownName,
        Code::UnknownRequirement,
        Code::UnknownStandard,
        Code::UnknownStrength,
        Code::Unreadable,
        Code::WaiverExpired,
        Code::WaiverExpiring,
        Code::WaiverNotWaivable,
        Code::WaiverNotYetGranted,
        Code::WaiverRepeated,
        Code::WaiverStale,
        Code::WaiverUnknownFacility,
        Code::WaiverUnknownRequirement,
        Code::WrongType,
    ];

    /// The stable code, `sitecheck::<kind>`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Code::AliasClash => "sitecheck::alias-clash",
            Code::AliasLimit => "sitecheck::alias-limit",
            Code::BadAgeBand => "sitecheck::bad-age-band",
            Code::BadCase => "sitecheck::bad-case",
            Code::BadDate => "sitecheck::bad-date",
            Code::BadDistinctFrom => "sitecheck::bad-distinct-from",
            Code::BadEvidence => "sitecheck::bad-evidence",
            Code::BadExtends => "sitecheck::bad-extends",
            Code::BadSeverity => "sitecheck::bad-severity",
            Code::BadThreshold => "sitecheck::bad-threshold",
            Code::Contradiction => "sitecheck::contradiction",
            Code::DuplicateCase => "sitecheck::duplicate-case",
            Code::DuplicateKey => "sitecheck::duplicate-key",
            Code::DuplicatePerson => "sitecheck::duplicate-person",
            Code::DuplicateRequirement => "sitecheck::duplicate-requirement",
            Code::PlaceholderIdentity => "sitecheck::placeholder-identity",
            Code::DuplicateRosterEntry => "sitecheck::duplicate-roster-entry",
            Code::DuplicateFacility => "sitecheck::duplicate-facility",
            Code::Empty => "sitecheck::empty",
            Code::EncryptedOrXls => "sitecheck::encrypted-or-xls",
            Code::ExtendsCycle => "sitecheck::extends-cycle",
            Code::ExtendsTooDeep => "sitecheck::extends-too-deep",
            Code::InapplicableKey => "sitecheck::inapplicable-key",
            Code::Internal => "sitecheck::internal",
            Code::KindsExceedCount => "sitecheck::kinds-exceed-count",
            Code::MissingKey => "sitecheck::missing-key",
            Code::MissingSheet => "sitecheck::missing-sheet",
            Code::MissingValue => "sitecheck::missing-value",
            Code::MoreProblems => "sitecheck::more-problems",
            Code::Negative => "sitecheck::negative",
            Code::NoLevels => "sitecheck::no-levels",
            Code::NotAReport => "sitecheck::not-a-report",
            Code::NotUtf8 => "sitecheck::not-utf8",
            Code::OrderRepeated => "sitecheck::order-repeated",
            Code::OrderStale => "sitecheck::order-stale",
            Code::OrderUnknownFacility => "sitecheck::order-unknown-facility",
            Code::OrderUnknownRequirement => "sitecheck::order-unknown-requirement",
            Code::StaffRoles => "sitecheck::staff-roles",
            Code::StandardId => "sitecheck::standard-id",
            Code::StandardMismatch => "sitecheck::standard-mismatch",
            Code::StandardPath => "sitecheck::standard-path",
            Code::Syntax => "sitecheck::syntax",
            Code::TooDeep => "sitecheck::too-deep",
            Code::TooLarge => "sitecheck::too-large",
            Code::UnknownKey => "sitecheck::unknown-key",
            Code::UnknownKind => "sitecheck::unknown-kind",
            Code::UnknownLevel => "sitecheck::unknown-level",
            Code::UnknownName => "sitecheck::unknown-name",
            Code::UnknownRequirement => "sitecheck::unknown-requirement",
            Code::UnknownStandard => "sitecheck::unknown-standard",
            Code::UnknownStrength => "sitecheck::unknown-strength",
            Code::Unreadable => "sitecheck::unreadable",
            Code::WaiverExpired => "sitecheck::waiver-expired",
            Code::WaiverExpiring => "sitecheck::waiver-expiring",
            Code::WaiverNotWaivable => "sitecheck::waiver-not-waivable",
            Code::WaiverNotYetGranted => "sitecheck::waiver-not-yet-granted",
            Code::WaiverRepeated => "sitecheck::waiver-repeated",
            Code::WaiverStale => "sitecheck::waiver-stale",
            Code::WaiverUnknownFacility => "sitecheck::waiver-unknown-facility",
            Code::WaiverUnknownRequirement => "sitecheck::waiver-unknown-requirement",
            Code::WrongType => "sitecheck::wrong-type",
        }
    }

    /// What the code means, as an inspector and as a developer would say it.
    #[must_use]
    #[expect(
        clippy::too_many_lines,
        reason = "a table: one arm per code, so the compiler names a code without a summary"
    )]
    pub fn summary(self) -> Text {
        let (zh, en) = match self {
            Code::AliasClash => (
                "一个名称指向两个词汇",
                "one name stands for two vocabulary entries",
            ),
            Code::AliasLimit => ("YAML 别名超出上限", "YAML aliases beyond their limit"),
            Code::BadAgeBand => ("年龄段写法有误", "an age band not written like 0-3"),
            Code::BadCase => (
                "标准示例有误或不成立",
                "a standard's example case is malformed or does not hold",
            ),
            Code::BadDate => (
                "日期不是有效的 YYYY-MM-DD",
                "a date that is not a valid YYYY-MM-DD",
            ),
            Code::BadDistinctFrom => (
                "不重复计人的指向有误",
                "distinct_from names no other staff requirement of the level",
            ),
            Code::BadEvidence => (
                "可选项的依据有误",
                "an option's evidence is not co_located_with or operation",
            ),
            Code::BadExtends => (
                "继承的标准无法解析",
                "what a standard extends cannot be resolved",
            ),
            Code::BadSeverity => (
                "严重程度有误",
                "a severity other than error, warning or info",
            ),
            Code::BadThreshold => (
                "阈值有误",
                "a threshold that is not a number ≥ 0, a rate or a size table",
            ),
            Code::Contradiction => ("表格内容自相矛盾", "a form says 无 and lists entries"),
            Code::DuplicateCase => ("示例名称重复", "two example cases with one name"),
            Code::PlaceholderIdentity => (
                "设施编号或名称未填写",
                "a facility id still the template's placeholder, or an empty name",
            ),
            Code::DuplicateRosterEntry => (
                "名册条目重复",
                "a roster code, or an expected facility, given twice",
            ),
            Code::DuplicateFacility => (
                "同一设施重复提交",
                "one facility id in two inputs of one run",
            ),
            Code::DuplicateKey => (
                "同一项写了两次",
                "one key (or two spellings of one name) written twice",
            ),
            Code::DuplicatePerson => ("同一人写了两项", "one person written as two staff entries"),
            Code::DuplicateRequirement => {
                ("要求编号重复", "two requirements with one id in a level")
            }
            Code::Empty => ("文件是空的", "an empty file"),
            Code::EncryptedOrXls => (
                "加密或旧版 Excel 文件",
                "an encrypted workbook or an old .xls file",
            ),
            Code::ExtendsCycle => ("标准循环继承", "standards that extend each other in a loop"),
            Code::ExtendsTooDeep => ("继承层数过多", "a chain of extends beyond its limit"),
            Code::InapplicableKey => (
                "该类要求不使用此键",
                "a key the requirement's kind does not use",
            ),
            Code::Internal => ("内部错误", "an internal error (a defect to report)"),
            Code::KindsExceedCount => ("种类数多于件数", "more kinds than pieces of an item"),
            Code::MissingKey => ("缺少必填内容", "a required key is missing"),
            Code::MissingSheet => (
                "核查表缺少功能区工作表",
                "a survey form's zone sheet was deleted",
            ),
            Code::MissingValue => ("缺少填写内容", "a value left blank where one is needed"),
            Code::MoreProblems => ("其余问题的计数", "the count of problems not listed"),
            Code::Negative => ("数值为负或无效", "a negative or invalid number"),
            Code::NoLevels => ("标准没有任何层级", "a standard with no levels"),
            Code::NotAReport => (
                "基线或报告不是 sitecheck 的报告",
                "a baseline or report that is not a sitecheck report",
            ),
            Code::NotUtf8 => ("文件不是 UTF-8 编码", "a file that is not UTF-8"),
            Code::OrderRepeated => ("整改通知重复", "a rectification order repeated"),
            Code::OrderStale => (
                "整改通知无须整改",
                "a rectification order with nothing to rectify",
            ),
            Code::OrderUnknownFacility => (
                "整改通知指向未检查的设施",
                "a rectification order naming a facility not checked",
            ),
            Code::OrderUnknownRequirement => (
                "整改通知指向未知的要求",
                "a rectification order naming an unknown requirement or zone",
            ),
            Code::StaffRoles => (
                "人员的岗位写法有误",
                "a staff entry with no role, or with both role and roles",
            ),
            Code::StandardId => (
                "标准编号写法有误",
                "a standard id with characters other than a-z, 0-9, - and _",
            ),
            Code::StandardMismatch => (
                "所用标准与清单依据的标准不一致",
                "an input judged against a standard other than the one it names",
            ),
            Code::StandardPath => (
                "清单指定了文件路径",
                "an inventory naming a standard by path",
            ),
            Code::Syntax => ("YAML/JSON 语法错误", "YAML or JSON syntax"),
            Code::TooDeep => ("嵌套层数过多", "nesting beyond its limit"),
            Code::TooLarge => (
                "文件或内容过大",
                "a file or its content beyond a size limit",
            ),
            Code::UnknownKey => ("未知的键", "a key the format does not have"),
            Code::UnknownKind => ("未知的要求类型", "an unknown requirement kind"),
            Code::UnknownLevel => ("未知的层级", "an unknown level"),
            Code::UnknownName => ("未知的名称", "a name not in the standard's vocabulary"),
            Code::UnknownRequirement => ("未知的要求", "an unknown requirement id"),
            Code::UnknownStandard => ("未知的标准", "an unknown standard id or edition"),
            Code::UnknownStrength => ("未知的规范用语", "an unknown strength"),
            Code::Unreadable => ("文件无法读取", "a file that cannot be read"),
            Code::WaiverExpired => ("豁免已过期", "an expired waiver"),
            Code::WaiverExpiring => ("豁免即将到期", "a waiver expiring within 30 days"),
            Code::WaiverNotWaivable => (
                "该要求不能豁免",
                "a waiver of a requirement that cannot be waived",
            ),
            Code::WaiverNotYetGranted => {
                ("豁免尚未生效", "a waiver granted after the evaluation date")
            }
            Code::WaiverRepeated => ("豁免重复", "a waiver repeated"),
            Code::WaiverStale => (
                "豁免未起作用",
                "a waiver of a requirement that does not fail",
            ),
            Code::WaiverUnknownFacility => (
                "豁免指向未检查的设施",
                "a waiver naming a facility not checked",
            ),
            Code::WaiverUnknownRequirement => (
                "豁免指向未知的要求",
                "a waiver naming an unknown requirement",
            ),
            Code::WrongType => ("类型错误", "a value of the wrong type"),
        };
        Text::new(zh, en)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One problem in one input.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Its kind: a stable code (`sitecheck::unknown-key`).
    pub code: Code,
    /// What is wrong.
    pub message: Text,
    /// How to fix it, when there is something to say.
    pub help: Option<Text>,
    /// Where: `None` when the problem concerns the whole input (an unreadable file).
    pub location: Option<Location>,
    /// For the one problem that stands for those not listed (see [`capped`]): how many it
    /// stands for; 0 for any other problem.
    pub omitted: usize,
}

impl Problem {
    /// A problem at a location.
    #[must_use]
    pub fn new(code: Code, message: Text, location: Option<Location>) -> Self {
        Self {
            code,
            message,
            help: None,
            location,
            omitted: 0,
        }
    }

    /// The same problem with advice.
    #[must_use]
    pub fn with_help(mut self, help: Text) -> Self {
        self.help = Some(help);
        self
    }

    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

/// Longest word a suggestion is looked for (names in a vocabulary are far shorter).
const MAX_SUGGESTED_WORD_BYTES: usize = 256;

/// The nearest of `candidates` to `word`, when one is near enough to be a likely typo.
#[must_use]
pub fn nearest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    // A word far longer than any name is no typo of one, and comparing it would cost its
    // length times each name's.
    if word.len() > MAX_SUGGESTED_WORD_BYTES {
        return None;
    }
    let w = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&w, &c.to_lowercase());
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.75).map(|(_, c)| c)
}

/// How many valid names advice lists (the closest first) before it cuts the list short.
const LISTED_NAMES: usize = 12;

/// Advice naming the nearest valid name, or listing the valid ones when none is near, closest
/// first.
#[must_use]
pub fn suggestion<'a, I>(word: &str, candidates: I) -> Text
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    suggest(word, candidates, false)
}

/// [`suggestion`] in a form-filler's words: the name in quotation marks, as it is typed into
/// a cell.
#[must_use]
pub fn suggestion_for_form<'a, I>(word: &str, candidates: I) -> Text
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    suggest(word, candidates, true)
}

fn suggest<'a, I>(word: &str, candidates: I, form: bool) -> Text
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    if let Some(n) = nearest(word, candidates.clone()) {
        if form {
            Text::new(format!("是否想写“{n}”？"), format!("did you mean “{n}”?"))
        } else {
            Text::new(format!("是否想写 `{n}`？"), format!("did you mean `{n}`?"))
        }
    } else {
        let mut all: Vec<&str> = candidates.into_iter().collect();
        if word.len() <= MAX_SUGGESTED_WORD_BYTES {
            // The names closest to what was written come first, so that a list cut short
            // never leaves out the one that was meant (督导 → 专业督导, 儿童督导员 first).
            let w = word.to_lowercase();
            let closeness = |c: &str| {
                let c = c.to_lowercase();
                let shared = w
                    .chars()
                    .any(|ch| !ch.is_ascii_punctuation() && c.contains(ch));
                (shared, strsim::jaro_winkler(&w, &c))
            };
            let mut scored: Vec<((bool, f64), &str)> =
                all.iter().map(|c| (closeness(c), *c)).collect();
            scored.sort_by(|(a, _), (b, _)| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
            all = scored.into_iter().map(|(_, c)| c).collect();
        }
        let shown = if all.len() > LISTED_NAMES {
            format!("{}, …", all[..LISTED_NAMES].join(", "))
        } else {
            all.join(", ")
        };
        if form {
            let shown = shown.replace(", ", "、");
            Text::new(format!("可填写：{shown}"), format!("valid names: {shown}"))
        } else {
            // A name may hold a 、 (分析评估、制定工作计划): in Chinese they are set apart by ，.
            Text::new(
                format!("可用的名称：{}", shown.replace(", ", "，")),
                format!("valid names: {shown}"),
            )
        }
    }
}

/// The problems of one input as reported: the first [`MAX_PROBLEMS_PER_INPUT`] in full (each
/// message and advice cut at [`MAX_MESSAGE_CHARS`]), then, when there are more, one problem
/// that counts the rest by code. Reporting stays linear in what is shown, however many
/// problems a hostile file holds.
///
/// [`MAX_PROBLEMS_PER_INPUT`]: crate::limits::MAX_PROBLEMS_PER_INPUT
/// [`MAX_MESSAGE_CHARS`]: crate::limits::MAX_MESSAGE_CHARS
#[must_use]
pub fn capped(mut problems: Vec<Problem>) -> Vec<Problem> {
    use crate::limits::{MAX_MESSAGE_CHARS, MAX_PROBLEMS_PER_INPUT};
    let rest = if problems.len() > MAX_PROBLEMS_PER_INPUT {
        problems.split_off(MAX_PROBLEMS_PER_INPUT)
    } else {
        Vec::new()
    };
    for p in &mut problems {
        cut_text(&mut p.message, MAX_MESSAGE_CHARS);
        if let Some(h) = &mut p.help {
            cut_text(h, MAX_MESSAGE_CHARS);
        }
    }
    if !rest.is_empty() {
        problems.push(more_problems(&rest));
    }
    problems
}

/// One problem standing for `rest`: how many, by code, in the order the codes first occur.
fn more_problems(rest: &[Problem]) -> Problem {
    let mut counts: Vec<(Code, usize)> = Vec::new();
    for p in rest {
        match counts.iter_mut().find(|(c, _)| *c == p.code) {
            Some((_, n)) => *n += 1,
            None => counts.push((p.code, 1)),
        }
    }
    let zh: Vec<String> = counts
        .iter()
        .map(|(c, n)| format!("{}{n} 个", code_name_zh(*c)))
        .collect();
    let en: Vec<String> = counts
        .iter()
        .map(|(c, n)| format!("{}: {n}", c.as_str().trim_start_matches("sitecheck::")))
        .collect();
    let mut p = Problem::new(
        Code::MoreProblems,
        Text::new(
            format!(
                "另有 {} 个同类问题未逐一列出（{}）",
                rest.len(),
                zh.join("，")
            ),
            format!(
                "and {} more of the same kinds ({})",
                rest.len(),
                en.join(", ")
            ),
        ),
        None,
    )
    .with_help(Text::new(
        format!(
            "每个文件最多列出 {} 个问题：请先改正以上问题，再重新检查",
            crate::limits::MAX_PROBLEMS_PER_INPUT
        ),
        format!(
            "at most {} problems are listed per file: fix those shown, then check again",
            crate::limits::MAX_PROBLEMS_PER_INPUT
        ),
    ));
    p.omitted = rest.len();
    p
}

/// How many problems a list stands for: those listed, plus those a [`capped`] list only
/// counts.
#[must_use]
pub fn total(problems: &[Problem]) -> usize {
    problems
        .iter()
        .map(|p| if p.omitted > 0 { p.omitted } else { 1 })
        .sum()
}

/// A kind of problem as an inspector would name it (for the count of problems not listed).
fn code_name_zh(code: Code) -> &'static str {
    match code.as_str().trim_start_matches("sitecheck::") {
        "unknown-name"
        | "unknown-level"
        | "unknown-key"
        | "unknown-kind"
        | "unknown-requirement"
        | "unknown-standard"
        | "unknown-strength" => "未知名称",
        "missing-key" | "missing-value" => "缺少内容",
        "wrong-type" => "类型错误",
        "negative" => "数值为负",
        "duplicate-key" | "duplicate-requirement" | "duplicate-case" | "alias-clash" => "重复",
        "bad-case" => "示例不成立",
        "bad-threshold" => "阈值有误",
        "bad-date" => "日期有误",
        "bad-age-band" => "年龄段有误",
        c if c.starts_with("waiver-") => "豁免有误",
        c if c.starts_with("order-") => "整改通知有误",
        _ => "其他问题",
    }
}

/// Cuts both spellings of a text to `max` characters, marking the cut with `…`.
pub fn cut_text(t: &mut Text, max: usize) {
    for s in [&mut t.zh, &mut t.en] {
        if let Some(s2) = cut(s, max) {
            *s = s2;
        }
    }
}

/// `s` cut to `max` characters with a `…` marker, or `None` when it is short enough.
#[must_use]
pub fn cut(s: &str, max: usize) -> Option<String> {
    let (end, _) = s.char_indices().nth(max)?;
    let mut out = String::with_capacity(end + 3);
    out.push_str(&s[..end]);
    out.push('…');
    Some(out)
}

impl From<crate::source::Unreadable> for Problem {
    fn from(u: crate::source::Unreadable) -> Self {
        use crate::source::Unreadable;
        match u {
            Unreadable::TooLarge { bytes, limit } => Problem::new(
                Code::TooLarge,
                Text::new(
                    format!("文件过大：{bytes} 字节，上限为 {} MiB", limit / 1024 / 1024),
                    format!(
                        "file too large: {bytes} bytes, the limit is {} MiB",
                        limit / 1024 / 1024
                    ),
                ),
                None,
            ),
            Unreadable::NotUtf8 { offset, at } => Problem::new(
                Code::NotUtf8,
                Text::new(
                    format!("文件不是 UTF-8 编码：第 {} 个字节无效", offset + 1),
                    format!("the file is not UTF-8: invalid byte at offset {offset}"),
                ),
                Some(at),
            )
            .with_help(Text::new(
                "请另存为 UTF-8 编码（例如在 WPS、Excel 或记事本中选择 UTF-8）",
                "save the file as UTF-8 (for example: Save As… → Encoding: UTF-8)",
            )),
        }
    }
}
