//! The audit of an operator's waiver file against the assessments of a run: which waivers are
//! errors (an unknown facility or requirement, a mandatory 应 requirement), and which deserve
//! a warning (expired, expiring within 30 days, not yet granted, stale, repeated). Pure: the
//! CLI prints the problems with the waiver file's lines.

use chrono::NaiveDate;

use super::{Assessment, Status};
use crate::diagnostic::{Problem, suggestion};
use crate::i18n::{Lang, Text};
use crate::model::standard::{Level, Requirement};
use crate::model::waivers::Waiver;

/// How many days ahead an expiry is announced.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// What the waiver file's audit found.
#[derive(Clone, Debug, Default)]
pub struct WaiverAudit {
    /// Waivers that may not be applied: the run exits with 2.
    pub errors: Vec<Problem>,
    /// Waivers worth a warning: expired, expiring soon, not yet granted, stale, repeated.
    pub warnings: Vec<Problem>,
}

/// Audits `waivers` against the assessments of a run evaluated on `date`: `assessments` holds
/// (at least) those of the facilities the waivers name, `known_ids` every facility id checked
/// (for the nearest-name suggestion).
#[must_use]
pub fn audit(
    waivers: &[Waiver],
    assessments: &[&Assessment],
    known_ids: &[&str],
    date: NaiveDate,
) -> WaiverAudit {
    let mut out = WaiverAudit::default();
    // The first waiver of each (facility, requirement): a lookup, so that a file of many
    // repeated waivers is audited in linear time.
    let mut firsts: std::collections::HashMap<(&str, &str), &Waiver> =
        std::collections::HashMap::new();
    for w in waivers {
        let first = *firsts
            .entry((w.facility.as_str(), w.requirement.as_str()))
            .or_insert(w);
        if !std::ptr::eq(first, w) {
            let line = first.location.map_or(0, |l| l.line);
            out.warnings.push(Problem::new(
                crate::diagnostic::Code::WaiverRepeated,
                Text::new(format!("设施 `{}` 的要求 `{}` 已在第 {line} 行豁免，此条不起作用", w.facility, w.requirement), format!("requirement `{}` of facility `{}` is already waived on line {line}: this waiver has no effect", w.requirement, w.facility)),
                w.location,
            ));
            continue;
        }
        let (a, level, r) = match target(w, assessments, known_ids) {
            Ok(t) => t,
            Err(p) => {
                out.errors.push(*p);
                continue;
            }
        };
        if !r.waivable {
            out.errors.push(not_waivable(a, r, w));
            continue;
        }
        let status = covered_status(a, level, w);
        out.warnings.extend(timing(w, status, date));
    }
    out
}

/// The facility's assessment, its level and the requirement a waiver names, or the error that
/// it names none of them.
fn target<'a>(
    w: &Waiver,
    assessments: &[&'a Assessment],
    known_ids: &[&str],
) -> Result<(&'a Assessment, &'a Level, &'a Requirement), Box<Problem>> {
    let Some(a) = assessments
        .iter()
        .copied()
        .find(|a| a.inventory.facility.id == w.facility)
    else {
        let help = suggestion(&w.facility, known_ids.iter().copied());
        return Err(Box::new(
            Problem::new(crate::diagnostic::Code::WaiverUnknownFacility, Text::new(format!("豁免指向的设施 `{}` 不在本次检查的清单中", w.facility), format!("the waiver names facility `{}`, which is not among the inventories checked", w.facility)), w.facility_loc.or(w.location))
                .with_help(help),
        ));
    };
    let level = a.standard.level(&a.inventory.facility.level);
    let Some((l, r)) = level.and_then(|l| {
        l.requirements
            .iter()
            .find(|r| r.id == w.requirement)
            .map(|r| (l, r))
    }) else {
        let ids: Vec<&str> = level
            .map(|l| l.requirements.iter().map(|r| r.id.as_str()).collect())
            .unwrap_or_default();
        let help = suggestion(&w.requirement, ids.iter().copied());
        return Err(Box::new(
            Problem::new(
                crate::diagnostic::Code::WaiverUnknownRequirement,
                Text::new(
                    format!(
                        "设施 `{}`（{}）没有要求 `{}`",
                        w.facility,
                        a.standard.label(),
                        w.requirement
                    ),
                    format!(
                        "facility `{}` ({}) has no requirement `{}`",
                        w.facility,
                        a.standard.label(),
                        w.requirement
                    ),
                ),
                w.requirement_loc.or(w.location),
            )
            .with_help(help),
        ));
    };
    Ok((a, l, r))
}

/// The error of a waiver of a requirement that may not be waived.
fn not_waivable(a: &Assessment, r: &Requirement, w: &Waiver) -> Problem {
    let st = a.standard.strengths.get(&r.strength).map_or_else(
        || Text::new(r.strength.clone(), r.strength.clone()),
        |s| s.name.clone(),
    );
    Problem::new(
            crate::diagnostic::Code::WaiverNotWaivable,
            Text::new(format!("要求 `{}`（{}，{}）不能豁免：只有“一般应”的要求和原文未写“应”字的列明要求可以豁免", r.id, r.clause, st.get(Lang::Zh)), format!("requirement `{}` ({}, {}) cannot be waived: only 一般应 (generally shall) requirements and those the text lists without a modal word can", r.id, r.clause, st.get(Lang::En))),
            w.requirement_loc.or(w.location),
        )
        .with_help(if r.severity == crate::model::standard::Severity::Error {
            Text::new("删除这条豁免；“应”字要求必须整改到位", "remove this waiver: a 应 (shall) requirement must be met")
        } else {
            Text::new("删除这条豁免；该项为建议项或可选项，不影响合格结论，无需豁免", "remove this waiver: the requirement is advisory or optional and never changes the verdict")
        })
}

/// The status of what a waiver covers: a zone waiver is in use when anything it covers is
/// waived.
fn covered_status(a: &Assessment, level: &Level, w: &Waiver) -> Option<Status> {
    match a
        .findings
        .iter()
        .filter(|f| {
            level
                .requirements
                .get(f.index)
                .is_some_and(|x| super::waiver_covers(level, &w.requirement, x))
        })
        .map(|f| f.status)
        .max_by_key(|s| match s {
            Status::Waived => 3,
            Status::Fail => 2,
            Status::NotAssessed => 1,
            Status::Pass => 0,
        }) {
        Some(s) => Some(s),
        None => a
            .findings
            .iter()
            .find(|f| f.requirement == w.requirement)
            .map(|f| f.status),
    }
}

/// The warning a valid waiver deserves on `date`, if any: not yet granted, expired, expiring
/// soon, or stale.
fn timing(w: &Waiver, status: Option<Status>, date: NaiveDate) -> Option<Problem> {
    let waiver_of = |zh: &str, en: &str| {
        Text::new(
            format!("设施 `{}` 要求 `{}` 的豁免{zh}", w.facility, w.requirement),
            format!(
                "the waiver of requirement `{}` for facility `{}` {en}",
                w.requirement, w.facility
            ),
        )
    };
    if w.granted > date {
        Some(Problem::new(
            crate::diagnostic::Code::WaiverNotYetGranted,
            waiver_of(
                &format!("自 {} 起才生效，评估日期 {date} 时不起作用", w.granted),
                &format!(
                    "is granted only from {}: it does not apply on {date}",
                    w.granted
                ),
            ),
            w.location,
        ))
    } else if w.expires < date {
        let note = if status == Some(Status::Fail) {
            ("；该要求仍不符合", "; the requirement fails")
        } else {
            ("", "")
        };
        Some(
            Problem::new(
                crate::diagnostic::Code::WaiverExpired,
                waiver_of(
                    &format!("已于 {} 过期，不再有效{}", w.expires, note.0),
                    &format!("expired on {} and no longer applies{}", w.expires, note.1),
                ),
                w.expires_loc.or(w.location),
            )
            .with_help(Text::new(
                "续期（由批准机关重新批准）或整改后删除该豁免",
                "renew it (a new approval) or, once the facility complies, remove it",
            )),
        )
    } else if status == Some(Status::Waived) {
        let left = (w.expires - date).num_days();
        (left <= EXPIRY_WARNING_DAYS).then(|| {
            Problem::new(
                crate::diagnostic::Code::WaiverExpiring,
                waiver_of(
                    &format!("将于 {} 到期（还有 {left} 天）", w.expires),
                    &format!("expires on {} ({left} days left)", w.expires),
                ),
                w.expires_loc.or(w.location),
            )
            .with_help(Text::new(
                "到期前续期，或完成整改",
                "renew it before it expires, or bring the facility into compliance",
            ))
        })
    } else {
        Some(
            Problem::new(
                crate::diagnostic::Code::WaiverStale,
                waiver_of(
                    "未起作用：该要求并未不符合（可删除该豁免）",
                    "is stale: the requirement does not fail (the waiver can be removed)",
                ),
                w.location,
            )
            .with_help(Text::new(
                format!("该要求的结果：{}", status.map_or("—", |s| s.as_str())),
                format!("the requirement is: {}", status.map_or("—", |s| s.as_str())),
            )),
        )
    }
}
