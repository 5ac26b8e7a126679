//! The words of a finding, in either language: what a requirement asks, what the inventory
//! shows and what would make it pass. Names and units come from the standard; only the
//! connecting words are the tool's.

use serde_json::Value;

use crate::check::{Assessment, Finding, Gap, Status, Verdict};
use crate::i18n::Lang;
use crate::model::standard::{Requirement, Standard};

/// A verdict in words.
#[must_use]
pub fn verdict(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Compliant => lang.pick("合格", "compliant"),
        Verdict::NonCompliant => lang.pick("不合格", "non-compliant"),
        Verdict::Incomplete => lang.pick("待补充核查", "incomplete"),
        Verdict::Error => lang.pick("无法检查", "error"),
    }
}

/// A status in words.
#[must_use]
pub fn status(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Pass => lang.pick("符合", "pass"),
        Status::Fail => lang.pick("不符合", "fail"),
        Status::NotAssessed => lang.pick("未评估", "not assessed"),
        Status::Waived => lang.pick("已豁免", "waived"),
    }
}

/// A requirement's class in the norm's words, for the reports people read (JSON and SARIF keep
/// `severity`): 必改项 (应, 一般应 or unmarked), 建议项 (鼓励 and duties), 说明 (可, never judged).
#[must_use]
pub fn severity(s: crate::model::standard::Severity, lang: Lang) -> &'static str {
    use crate::model::standard::Severity;
    match s {
        Severity::Error => lang.pick("必改项", "required"),
        Severity::Warning => lang.pick("建议项", "advisory"),
        Severity::Info => lang.pick("说明", "note"),
    }
}

/// A finding's status in words that never call an advisory a failure: a failing 建议项 is
/// 建议改进, a 可 option is 可选，不评判.
#[must_use]
pub fn finding_status(f: &Finding, lang: Lang) -> &'static str {
    use crate::model::standard::Severity;
    match (f.status, f.severity) {
        (_, Severity::Info) => lang.pick("可选，不评判", "optional, not judged"),
        (Status::Fail, Severity::Warning) => lang.pick("建议改进", "to improve"),
        (Status::Fail, Severity::Error) => lang.pick("不达标", "fail"),
        (s, _) => status(s, lang),
    }
}

/// A facility's findings counted apart by class: `不达标 4 项；建议改进 5 项`.
#[must_use]
pub fn failing_counts(required: usize, advisory: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("不达标 {required} 项；建议改进 {advisory} 项"),
        Lang::En => format!(
            "{required} required failing; {advisory} advisor{}",
            if advisory == 1 { "y" } else { "ies" }
        ),
    }
}

/// A level's name (the id when unknown).
#[must_use]
pub fn level_name<'a>(standard: &'a Standard, level: &'a str, lang: Lang) -> &'a str {
    standard.vocabulary.levels.name(level, lang)
}

pub use crate::kinds::words::{num, staff_who};

/// The unit of a requirement's threshold.
#[must_use]
pub fn unit(standard: &Standard, r: &Requirement, lang: Lang) -> String {
    crate::kinds::with(&r.check, |k| k.unit(standard, lang))
}

fn with_unit(n: &str, unit: &str, lang: Lang) -> String {
    let _ = lang;
    crate::kinds::words::with_unit(n, unit)
}

/// A minimum in words: `≥ 4 组`. Where the norm asks only for 若干 of an item (各类绘本若干),
/// the Chinese keeps the norm's word and names the minimum it is checked against:
/// `若干（至少 1 本）`; the unit is the standard vocabulary's, as everywhere.
#[must_use]
pub fn at_least(r: &Requirement, n: f64, unit: &str, lang: Lang) -> String {
    let amount = with_unit(&num(n), unit, lang);
    if lang == Lang::Zh && r.asks_for_several() {
        format!("若干（至少 {amount}）")
    } else {
        format!("≥ {amount}")
    }
}

/// What the requirement expects, in words ("≥ 200 m²", "present", "0-3, 3-6, …").
#[must_use]
pub fn expected(a: &Assessment, f: &Finding, lang: Lang) -> String {
    let Some(r) = a.requirement(f) else {
        return f.expected.to_string();
    };
    let u = unit(&a.standard, r, lang);
    match &f.expected {
        Value::Number(n) => at_least(r, n.as_f64().unwrap_or(0.0), &u, lang),
        v => crate::kinds::with(&r.check, |k| k.expected(&a.standard, f, lang)).unwrap_or_else(
            || match v {
                Value::Array(v) => v
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(lang.pick("、", ", ")),
                Value::Null => lang.pick("按规模确定", "scaled by capacity").to_owned(),
                other => other.to_string(),
            },
        ),
    }
}

/// What the inventory shows, in words.
#[must_use]
pub fn actual(a: &Assessment, f: &Finding, lang: Lang) -> String {
    let Some(r) = a.requirement(f) else {
        return f.actual.to_string();
    };
    if f.status == Status::NotAssessed {
        return lang.pick("未核查", "not surveyed").to_owned();
    }
    let u = unit(&a.standard, r, lang);
    match &f.actual {
        Value::Number(n) => with_unit(&num(n.as_f64().unwrap_or(0.0)), &u, lang),
        v => crate::kinds::with(&r.check, |k| k.actual(&a.standard, &a.inventory, f, lang))
            .unwrap_or_else(|| match v {
                Value::Array(v) if v.is_empty() => lang.pick("无", "none").to_owned(),
                Value::Array(v) => v
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(lang.pick("、", ", ")),
                Value::Null => lang.pick("无", "none").to_owned(),
                other => other.to_string(),
            }),
    }
}

/// What a finding says beyond its numbers, in words: people counted toward another
/// requirement and so not here (Art. 8's supervisor is in addition to the three), and the
/// record (台账) behind a duty. Raw text from the inventory: each sink neutralises it.
#[must_use]
pub fn detail(a: &Assessment, f: &Finding, lang: Lang) -> Option<String> {
    match &f.detail {
        crate::check::Detail::None => None,
        crate::check::Detail::Staff {
            counted_elsewhere, ..
        } => {
            if counted_elsewhere.is_empty() {
                return None;
            }
            let level = a.standard.level(&a.inventory.facility.level);
            let parts: Vec<String> = counted_elsewhere
                .iter()
                .map(|c| {
                    let other = level
                        .and_then(|l| l.requirements.iter().find(|r| r.id == c.requirement))
                        .map_or(c.requirement.as_str(), |r| r.name.get(lang));
                    match lang {
                        Lang::Zh => format!("{}已计入{other}，不重复计入本项", c.person),
                        Lang::En => format!("{} is counted as {other}, not again here", c.person),
                    }
                })
                .collect();
            Some(parts.join(lang.pick("；", "; ")))
        }
        crate::check::Detail::Record { record, last_done } => {
            let mut out = String::new();
            if let Some(r) = record {
                out.push_str(lang.pick("台账：", "record: "));
                out.push_str(r);
            }
            if let Some(d) = last_done {
                if !out.is_empty() {
                    out.push_str(lang.pick("，", ", "));
                }
                out.push_str(lang.pick("最近记录 ", "latest "));
                out.push_str(d);
            }
            Some(out)
        }
    }
}

/// What would make a failing requirement pass, in the standard's units ("short by 18 m²",
/// "add 1 printer", "add the 12-18 age band"); None when it passes.
#[must_use]
pub fn shortfall(a: &Assessment, f: &Finding, lang: Lang) -> Option<String> {
    let r = a.requirement(f)?;
    if f.gap == Gap::None {
        return None;
    }
    if let Some(words) = crate::kinds::with(&r.check, |k| k.shortfall(&a.standard, f, lang)) {
        return Some(words);
    }
    Some(match &f.gap {
        Gap::Short { amount } => format!("{}{}", lang.pick("差 ", "short by "), num(*amount)),
        Gap::Missing { names } => {
            let list = crate::kinds::words::names(None, names, lang);
            match lang {
                Lang::Zh => format!("补充：{list}"),
                Lang::En => format!("add: {list}"),
            }
        }
        Gap::Stale { days, max } => match lang {
            Lang::Zh => format!("台账最近记录已超过 {max} 天（距今 {days} 天），请补充近期记录"),
            Lang::En => format!(
                "the latest record is more than {max} days old ({days} days): bring the records up to date"
            ),
        },
        Gap::NotSurveyed { key } => match (a.inventory.form_cell(f.location), lang) {
            (Some(cell), Lang::Zh) => format!("请核查后填写 {cell}"),
            (Some(cell), Lang::En) => format!("survey it and fill in {cell}"),
            (None, Lang::Zh) => format!("请补充核查：{}", key_words(a, key)),
            (None, Lang::En) => format!("survey and record `{key}`"),
        },
        Gap::NoCapacity { capacity } => {
            match (a.inventory.form_zones.is_some(), lang) {
                // A form's capacities are rows of the facility sheet's 规模 section.
                (true, Lang::Zh) => format!("请在“基本信息”工作表的“规模”部分填写 {capacity}"),
                (true, Lang::En) => format!(
                    "fill in {capacity} in the capacity (规模) section of the “基本信息” sheet"
                ),
                (false, Lang::Zh) => format!("填写规模 `capacity.{capacity}`"),
                (false, Lang::En) => format!("record the capacity `capacity.{capacity}`"),
            }
        }
        Gap::None
        | Gap::ZoneMissing
        | Gap::ServiceMissing
        | Gap::WrongMode
        | Gap::BandsMerged { .. } => lang.pick("不符合", "not met").to_owned(),
    })
}

/// The one-line message of a finding: the requirement's name, then what was found.
#[must_use]
pub fn message(a: &Assessment, f: &Finding, lang: Lang) -> String {
    message_and_shortfall(a, f, lang).0
}

/// The finding's [`message`] and its [`shortfall`], the shortfall worded once for both.
#[must_use]
pub fn message_and_shortfall(a: &Assessment, f: &Finding, lang: Lang) -> (String, Option<String>) {
    let short = shortfall(a, f, lang);
    (message_with(a, f, lang, short.as_deref()), short)
}

fn message_with(a: &Assessment, f: &Finding, lang: Lang, short: Option<&str>) -> String {
    let Some(r) = a.requirement(f) else {
        return f.requirement.clone();
    };
    let name = r.name.get(lang);
    let exp = expected(a, f, lang);
    let act = actual(a, f, lang);
    let (sep, comma, req, has) = (
        lang.colon(),
        lang.comma(),
        lang.pick("要求", "required"),
        lang.pick("实测", "found"),
    );
    // "name: found A, required E — shortfall", joined rather than `format!`ted: the message of
    // every finding of every file of a run (issue 17).
    let found_required = [name, sep, has, " ", &act, comma, req, " ", &exp];
    let out = match f.status {
        Status::Pass => match crate::kinds::with(&r.check, |k| k.passing_note(lang)) {
            Some(note) => format!("{name}{sep}{act}{}", lang.paren(note)),
            None => found_required.concat(),
        },
        Status::Fail | Status::Waived => {
            let mut m = found_required.concat();
            m.push_str(" — ");
            m.push_str(short.unwrap_or_default());
            m
        }
        Status::NotAssessed => match &f.gap {
            Gap::NoCapacity { capacity } => match (a.inventory.form_zones.is_some(), lang) {
                (true, Lang::Zh) => {
                    format!("{name}：阈值按规模“{capacity}”确定，表中未填写，未评估")
                }
                (true, Lang::En) => format!(
                    "{name}: the threshold scales with “{capacity}”, which the form does not give: not assessed"
                ),
                (false, Lang::Zh) => {
                    format!("{name}：阈值按规模“{capacity}”确定，清单未填写，未评估")
                }
                (false, Lang::En) => format!(
                    "{name}{sep}the threshold scales with `{capacity}`, which the inventory does not give: not assessed"
                ),
            },
            Gap::NotSurveyed { key } => match (a.inventory.form_cell(f.location), lang) {
                (Some(cell), Lang::Zh) => format!("{name}：{cell} 未填写，未评估"),
                (Some(cell), Lang::En) => format!("{name}: {cell} is blank: not assessed"),
                (None, Lang::Zh) => format!("{name}：{}未核查，未评估", key_words(a, key)),
                (None, Lang::En) => {
                    format!("{name}{sep}`{key}` was not surveyed (absent or empty): not assessed")
                }
            },
            _ => format!("{name}{sep}{}", lang.pick("未评估", "not assessed")),
        },
    };
    match detail(a, f, lang) {
        Some(d) => format!("{out}{}{d}", lang.pick("；", "; ")),
        None => out,
    }
}

/// The tool's own words in report headings, labels and notes (the words of a finding are the
/// functions above). One enum so that every format says the same thing the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    /// The report's title.
    ReportTitle,
    /// Evaluation date.
    EvaluationDate,
    /// Standard.
    Standard,
    /// Summary.
    Summary,
    /// By level.
    ByLevel,
    /// Level.
    Level,
    /// Total.
    Total,
    /// Facilities that fail.
    FailingFacilities,
    /// Every facility complies.
    AllComply,
    /// Facility.
    Facility,
    /// Id.
    Id,
    /// Source file.
    Source,
    /// Survey.
    Survey,
    /// Verdict.
    Verdict,
    /// Clause.
    Clause,
    /// Requirement.
    Requirement,
    /// Severity.
    Severity,
    /// Status.
    Status,
    /// Expected.
    Expected,
    /// Actual.
    Actual,
    /// Shortfall.
    Shortfall,
    /// Waived by.
    WaiverReason,
    /// Approved by.
    ApprovedBy,
    /// Valid through.
    ValidThrough,
    /// Evidence.
    WaiverEvidence,
    /// Expires within 30 days.
    ExpiringSoon,
    /// The waiver has expired.
    WaiverExpired,
    /// Measured vs required.
    Chart,
    /// 100% = the requirement.
    ChartScale,
    /// Not surveyed.
    NotSurveyed,
    /// Could not be checked.
    InputError,
    /// Problems.
    Problems,
    /// Help.
    Help,
    /// Line:column.
    Position,
    /// Also recorded (not checked).
    AlsoRecorded,
    /// Generated by.
    GeneratedBy,
    /// Failing requirements.
    FailingRequirements,
    /// The standard's wording.
    Wording,
    /// The requirement in the standard.
    RequirementInStandard,
    /// Findings not listed (passes omitted).
    PassesOmitted,
    /// The district summary's heading.
    DistrictSummary,
    /// Compliance rate.
    ComplianceRate,
    /// Requirements that fail most often.
    MostFailed,
    /// Facilities that fail it.
    FailingFacilityCount,
    /// Shortfall totals over all facilities.
    ShortfallTotals,
    /// What is short (a line of the shortfall totals).
    Need,
    /// How much is short in all.
    ShortInAll,
    /// Facilities with the most shortfalls.
    MostShortfalls,
    /// How the facilities with the most shortfalls are ranked, ties included.
    MostShortfallsOrder,
    /// Failing requirements (a count).
    FailingCount,
    /// Nothing fails.
    NothingFails,
    /// A requirement × layout comparison.
    ComparisonTitle,
    /// Layout.
    Layout,
    /// Required (the threshold).
    Required,
    /// Layouts that comply.
    LayoutsThatComply,
    /// No layout complies.
    NoLayoutComplies,
    /// Requirements where the layouts differ.
    WhereTheyDiffer,
    /// The layouts agree on every requirement.
    NoDifferences,
    /// What a layout lacks to comply.
    LayoutShortfall,
    /// Advice for a layout (compare).
    LayoutAdvice,
    /// Facilities (a count).
    Facilities,
    /// Rate (a table column of compliance rates).
    Rate,
}

/// A word of the tool in `lang`.
#[must_use]
pub fn word(w: Word, lang: Lang) -> &'static str {
    match w {
        Word::ReportTitle => lang.pick(
            "未成年人保护设施合规检查报告",
            "Children's protection facility compliance report",
        ),
        Word::EvaluationDate => lang.pick("评估日期", "Evaluation date"),
        Word::Standard => lang.pick("标准", "Standard"),
        Word::Summary => lang.pick("概要", "Summary"),
        Word::ByLevel => lang.pick("按层级", "By level"),
        Word::Level => lang.pick("层级", "Level"),
        Word::Total => lang.pick("合计", "Total"),
        Word::FailingFacilities => lang.pick("未达标的设施", "Facilities that fail"),
        Word::AllComply => lang.pick("全部设施合格。", "Every facility complies."),
        Word::Facility => lang.pick("设施", "Facility"),
        Word::Id => lang.pick("编号", "ID"),
        Word::Source => lang.pick("清单文件", "Inventory file"),
        Word::Survey => lang.pick("核查", "Survey"),
        Word::Verdict => lang.pick("结论", "Verdict"),
        Word::Clause => lang.pick("条款", "Clause"),
        Word::Requirement => lang.pick("要求", "Requirement"),
        Word::Severity => lang.pick("类别", "Class"),
        Word::Status => lang.pick("状态", "Status"),
        Word::Expected => lang.pick("要求值", "Expected"),
        Word::Actual => lang.pick("实测", "Actual"),
        Word::Shortfall => lang.pick("差距与整改", "Shortfall"),
        Word::WaiverReason => lang.pick("豁免理由", "Waiver"),
        Word::ApprovedBy => lang.pick("批准机关", "approved by"),
        Word::ValidThrough => lang.pick("有效期至", "valid through"),
        Word::WaiverEvidence => lang.pick("依据", "evidence"),
        Word::ExpiringSoon => lang.pick("30 天内到期", "expires within 30 days"),
        Word::WaiverExpired => lang.pick(
            "豁免已过期，不再有效",
            "the waiver has expired and no longer applies",
        ),
        Word::Chart => lang.pick("实测与要求对比", "Measured against required"),
        Word::ChartScale => lang.pick("竖线 = 要求值（100%）", "line = the requirement (100%)"),
        Word::NotSurveyed => lang.pick("未核查", "not surveyed"),
        Word::InputError => lang.pick("无法检查的输入", "Input that could not be checked"),
        Word::Problems => lang.pick("问题", "Problems"),
        Word::Help => lang.pick("修改建议", "How to fix"),
        Word::Position => lang.pick("位置", "Line:column"),
        Word::AlsoRecorded => lang.pick("另有（不检查）", "Also recorded (not checked)"),
        Word::GeneratedBy => lang.pick("生成工具", "Generated by"),
        Word::FailingRequirements => lang.pick(
            "不符合及未评估的要求",
            "Failing and unassessed requirements",
        ),
        Word::Wording => lang.pick("标准原文", "The standard's wording"),
        Word::RequirementInStandard => {
            lang.pick("标准中的该项要求", "the requirement in the standard")
        }
        Word::PassesOmitted => lang.pick("（已省略符合项）", "(passing requirements omitted)"),
        Word::DistrictSummary => lang.pick("全区汇总", "District summary"),
        Word::ComplianceRate => lang.pick("合格率", "Compliance rate"),
        Word::MostFailed => lang.pick("最常见的不符合项", "Requirements that fail most often"),
        Word::FailingFacilityCount => lang.pick("不符合的设施数", "Facilities failing it"),
        Word::ShortfallTotals => lang.pick(
            "全部设施的差距合计（采购与整改清单）",
            "Shortfall totals over all facilities (procurement list)",
        ),
        Word::Need => lang.pick("差距项目", "What is short"),
        Word::ShortInAll => lang.pick("合计缺口", "Short in all"),
        Word::MostShortfalls => lang.pick("差距最多的设施", "Facilities with the most shortfalls"),
        Word::MostShortfallsOrder => lang.pick(
            "按必改项不达标数排序，其次按全部不达标数；相同时按清单读入的顺序",
            "Ranked by required shortfalls, then by all shortfalls; ties in the order the inventories were read",
        ),
        Word::FailingCount => lang.pick("不符合项数", "Failing requirements"),
        Word::NothingFails => lang.pick("没有不符合的要求。", "No requirement fails."),
        Word::ComparisonTitle => lang.pick("方案对比", "Layouts compared"),
        Word::Layout => lang.pick("方案", "Layout"),
        Word::Required => lang.pick("要求值", "Required"),
        Word::LayoutsThatComply => lang.pick("合格的方案", "Layouts that comply"),
        Word::NoLayoutComplies => lang.pick("没有合格的方案", "No layout complies"),
        Word::WhereTheyDiffer => lang.pick("方案之间结论不同的要求", "Where the layouts differ"),
        Word::NoDifferences => lang.pick(
            "各方案在每项要求上的结论相同。",
            "The layouts get the same outcome on every requirement.",
        ),
        Word::LayoutShortfall => lang.pick("达标还需", "To comply, it needs"),
        Word::LayoutAdvice => lang.pick("建议改进（不影响达标）", "Advice (not needed to comply)"),
        Word::Facilities => lang.pick("设施数", "Facilities"),
        Word::Rate => lang.pick("合格率", "rate"),
    }
}

/// A position in words: `第 3 行第 5 列` / `line 3, column 5`.
#[must_use]
pub fn line_column(line: u32, column: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第 {line} 行第 {column} 列"),
        Lang::En => format!("line {line}, column {column}"),
    }
}

/// Where a rectification order stands, in words: its deadline and the days left or overdue
/// (or that it is done), then who answers for it and what is to be done.
#[must_use]
pub fn order(o: &crate::check::AppliedOrder, lang: Lang) -> String {
    use crate::check::OrderState;
    let days = |n: i64| if n == 1 { "day" } else { "days" };
    let when = match (o.state, lang) {
        (OrderState::Done, Lang::Zh) => format!("已完成整改（整改期限 {}）", o.deadline),
        (OrderState::Done, Lang::En) => format!("rectified (deadline {})", o.deadline),
        (OrderState::Overdue, Lang::Zh) => {
            format!("整改期限 {}，已逾期 {} 天", o.deadline, -o.days_left)
        }
        (OrderState::Overdue, Lang::En) => format!(
            "rectify by {}, {} {} overdue",
            o.deadline,
            -o.days_left,
            days(-o.days_left)
        ),
        (OrderState::Open, Lang::Zh) if o.days_left == 0 => {
            format!("整改期限 {}，今日到期", o.deadline)
        }
        (OrderState::Open, Lang::En) if o.days_left == 0 => {
            format!("rectify by {}, due today", o.deadline)
        }
        (OrderState::Open, Lang::Zh) => {
            format!("整改期限 {}，剩 {} 天", o.deadline, o.days_left)
        }
        (OrderState::Open, Lang::En) => format!(
            "rectify by {}, {} {} left",
            o.deadline,
            o.days_left,
            days(o.days_left)
        ),
    };
    match lang {
        Lang::Zh => format!(
            "{when}；责任单位：{}；整改措施：{}",
            o.responsible, o.action
        ),
        Lang::En => format!(
            "{when}; responsible: {}; action: {}",
            o.responsible, o.action
        ),
    }
}

/// A waiver in words: reason, approver, validity and evidence.
#[must_use]
pub fn waiver(w: &crate::check::AppliedWaiver, lang: Lang) -> String {
    let (colon, semicolon) = (lang.colon(), lang.semicolon());
    let mut s = format!(
        "{}{colon}{}{semicolon}{} {}{semicolon}{} {}",
        word(Word::WaiverReason, lang),
        w.reason,
        word(Word::ApprovedBy, lang),
        w.approver,
        word(Word::ValidThrough, lang),
        w.expires
    );
    if let Some(e) = &w.evidence {
        s = format!("{s}{semicolon}{} {e}", word(Word::WaiverEvidence, lang));
    }
    if w.expiring_soon {
        s.push_str(&lang.paren(word(Word::ExpiringSoon, lang)));
    }
    s
}

/// What a line of the shortfall totals counts, in words: "floor area", "printer", "social
/// worker with the social-work qualification", "set up the reading area", "reading area: the
/// 12-18 age band".
#[must_use]
pub fn need(standard: &Standard, key: &crate::check::shortfall::NeedKey, lang: Lang) -> String {
    use crate::check::shortfall::NeedKey;
    let v = &standard.vocabulary;
    match key {
        NeedKey::FloorArea => lang.pick("建筑面积", "floor area").to_owned(),
        NeedKey::Item { item } => v.items.name(item, lang).to_owned(),
        NeedKey::Kinds { item } => crate::kinds::words::kinds_of(v, item, lang),
        NeedKey::Staff {
            role,
            qualification,
        } => staff_who(v, role.as_deref(), qualification.as_deref(), lang),
        NeedKey::StaffAny { roles } => roles
            .iter()
            .map(|r| v.roles.name(r, lang))
            .collect::<Vec<_>>()
            .join(lang.pick("或", " or ")),
        NeedKey::Zone { zone } => {
            let z = v.zones.name(zone, lang);
            match lang {
                Lang::Zh => format!("设置{z}"),
                Lang::En => format!("set up the {z}"),
            }
        }
        NeedKey::AgeBand { zone, band } => {
            let z = v.zones.name(zone, lang);
            match lang {
                Lang::Zh => format!("{z}：增设 {band} 岁年龄段"),
                Lang::En => format!("{z}: add the {band} age band"),
            }
        }
        NeedKey::Topic { topic } => {
            let t = v.topics.name(topic, lang);
            match lang {
                Lang::Zh => format!("上墙内容：{t}"),
                Lang::En => format!("wall-display topic: {t}"),
            }
        }
        NeedKey::Service { service } => {
            let s = v.services.name(service, lang);
            match lang {
                Lang::Zh => format!("履行职能并建立台账：{s}"),
                Lang::En => format!("provide and record the service: {s}"),
            }
        }
        NeedKey::Operation => lang
            .pick("推动社会化运营", "move to socialised operation")
            .to_owned(),
    }
}

/// The unit a line of the shortfall totals is counted in: the requirement's (m², the item's
/// unit, people, kinds); empty for lines counted in facilities.
#[must_use]
pub fn need_unit(
    standard: &Standard,
    key: &crate::check::shortfall::NeedKey,
    lang: Lang,
) -> String {
    use crate::check::shortfall::NeedKey;
    match key {
        NeedKey::FloorArea => lang.pick("平方米", "m²").to_owned(),
        NeedKey::Item { item } => standard
            .vocabulary
            .items
            .get(item)
            .and_then(|t| t.unit.as_ref())
            .map_or_else(String::new, |u| u.get(lang).to_owned()),
        NeedKey::Kinds { .. } => lang.pick("种", "kinds").to_owned(),
        NeedKey::Staff { .. } | NeedKey::StaffAny { .. } => lang.pick("人", "people").to_owned(),
        _ => String::new(),
    }
}

/// An amount with its unit: `46 m²`, `7 units`; a bare number when there is no unit.
#[must_use]
pub fn amount(x: f64, unit: &str) -> String {
    with_unit(&num(x), unit, Lang::En)
}

/// A margin above or below a threshold, signed: `+10 m²`, `−1 units`, `±0 units`.
#[must_use]
pub fn signed(x: f64, unit: &str) -> String {
    let n = if x > 0.0 {
        format!("+{}", num(x))
    } else if x < 0.0 {
        format!("−{}", num(-x))
    } else {
        "±0".to_owned()
    };
    with_unit(&n, unit, Lang::En)
}

/// A share as a percentage with one decimal at most: `66.7%`.
#[must_use]
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    format!(
        "{}%",
        num((part as f64 * 1000.0 / whole as f64).round() / 10.0)
    )
}

/// `N facilities` / `N 个设施`.
#[must_use]
pub fn facilities(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{n} 个设施"),
        Lang::En if n == 1 => "1 facility".to_owned(),
        Lang::En => format!("{n} facilities"),
    }
}

/// An inventory judged against another standard than the one it names (`--override-standard`).
#[must_use]
pub fn judged_by(named: &str, judged: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("清单依据的标准为 {named}，本次按检查人员指定的 {judged} 评判"),
        Lang::En => format!(
            "the inventory names the standard {named}; judged against {judged} at the operator's request (--override-standard)"
        ),
    }
}

/// An inventory key as a Chinese inspector names what is to be surveyed: `staff` is 人员配备,
/// `zones.reading_area.equipment` is 儿童阅读区的设施设备 (no YAML key in Chinese words).
fn key_words(a: &Assessment, key: &str) -> String {
    let v = &a.standard.vocabulary;
    let parts: Vec<&str> = key.split('.').collect();
    match parts.as_slice() {
        ["staff", ..] => "人员配备".to_owned(),
        ["services", ..] => "履行的职能".to_owned(),
        ["floor_area_m2"] => "建筑面积".to_owned(),
        ["operation", ..] => "运营方式".to_owned(),
        ["capacity", c, ..] => format!("规模“{c}”"),
        ["zones"] => "功能区".to_owned(),
        ["zones", zone, rest @ ..] => {
            let zone = v.zones.name(zone, Lang::Zh);
            match rest {
                ["equipment"] => format!("{zone}的设施设备"),
                ["equipment", item, ..] => format!("{zone}·{}", v.items.name(item, Lang::Zh)),
                ["age_bands"] => format!("{zone}的年龄段"),
                _ => zone.to_owned(),
            }
        }
        _ => "相关内容".to_owned(),
    }
}

/// Something an inventory records that no requirement of its level checks
/// ([`Assessment::not_checked`]'s path), in words: in Chinese by the standard's names
/// (儿童阅读区·书桌, 饮水机（其他设备）, 临时照护室（其他用房）); in English the path.
#[must_use]
pub fn recorded(a: &Assessment, path: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return path.to_owned();
    }
    let v = &a.standard.vocabulary;
    let parts: Vec<&str> = path.splitn(4, '.').collect();
    match parts.as_slice() {
        ["zones", zone] => v.zones.name(zone, Lang::Zh).to_owned(),
        ["zones", zone, "equipment", item] => format!(
            "{}·{}",
            v.zones.name(zone, Lang::Zh),
            v.items.name(item, Lang::Zh)
        ),
        ["zones", zone, "other_equipment", other] => {
            format!("{}·{other}（其他设备）", v.zones.name(zone, Lang::Zh))
        }
        ["other_zones", rest @ ..] => format!("{}（其他用房）", rest.join(".")),
        _ => path.to_owned(),
    }
}

/// The note on a proposed layout's report.
#[must_use]
pub fn layout_note(lang: Lang) -> &'static str {
    lang.pick(
        "规划方案：不计入合格率和汇总",
        "proposed layout: left out of the rates and totals",
    )
}
