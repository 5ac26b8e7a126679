//! Rectification orders (整改通知) against the assessments of a run: [`apply`] puts each order
//! on the findings it names, with where it stands on the evaluation date (open, overdue or
//! done); [`audit`] finds the orders that are errors (an unknown facility, requirement or
//! zone) and those that deserve a warning (stale, repeated). Pure: the CLI prints the problems
//! with the orders file's lines.

use chrono::NaiveDate;

use super::{AppliedOrder, Assessment, OrderState, Status};
use crate::diagnostic::{Code, Problem, suggestion};
use crate::i18n::Text;
use crate::model::orders::{Order, Orders};
use crate::model::standard::{Level, Requirement, Severity};

/// Whether an order naming `target` (a requirement id, or a zone requirement's id
/// `zone:<zone>`) covers requirement `r` of the level: the requirement itself, or everything
/// in the zone.
#[must_use]
pub fn covers(level: &Level, target: &str, r: &Requirement) -> bool {
    target == r.id
        || level
            .requirements
            .iter()
            .any(|z| z.id == target && crate::kinds::with(&z.check, |k| k.covers(&r.check)))
}

/// Why an order has nothing to rectify, when it has not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stale {
    /// It names an option (可): nothing there is required.
    Option,
    /// What it names already passed on a survey made on or before the day it was issued.
    NeverFailing,
}

/// The findings (their indices) an order covers, and whether it is stale. Options (可) are
/// never under an order.
fn judge(a: &Assessment, level: &Level, o: &Order) -> (Vec<usize>, Option<Stale>) {
    let covered: Vec<usize> = a
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.severity != Severity::Info)
        .filter(|(_, f)| {
            level
                .requirements
                .get(f.index)
                .is_some_and(|r| covers(level, &o.requirement, r))
        })
        .map(|(i, _)| i)
        .collect();
    if covered.is_empty() {
        return (covered, Some(Stale::Option));
    }
    let surveyed_before = a
        .inventory
        .survey_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .is_some_and(|d| d <= o.issued);
    let all_pass = covered
        .iter()
        .all(|i| a.findings.get(*i).is_some_and(|f| f.status == Status::Pass));
    let stale = (surveyed_before && all_pass).then_some(Stale::NeverFailing);
    (covered, stale)
}

/// Puts the orders that name the assessed facility on the findings they cover: a
/// requirement's own order before its zone's. A finding that passes is done (已完成整改);
/// one that does not (failing, waived or not assessed) is open until its deadline and
/// overdue after it. A stale order (see [`audit`]) is put on nothing.
pub fn apply(a: &mut Assessment, orders: &Orders, date: NaiveDate) {
    if orders.is_empty() {
        return;
    }
    let standard = std::sync::Arc::clone(&a.standard);
    let Some(level) = standard.level(&a.inventory.facility.level) else {
        return;
    };
    let facility = a.inventory.facility.id.clone();
    for o in orders.of(&facility) {
        let (covered, judged) = judge(a, level, o);
        if judged.is_some() {
            continue;
        }
        for i in covered {
            let Some(f) = a.findings.get_mut(i) else {
                continue;
            };
            let replaces = match &f.order {
                None => true,
                // A zone's order gives way to the requirement's own.
                Some(had) => had.requirement != f.requirement && o.requirement == f.requirement,
            };
            if !replaces {
                continue;
            }
            let days_left = (o.deadline - date).num_days();
            let state = if f.status == Status::Pass {
                OrderState::Done
            } else if days_left < 0 {
                OrderState::Overdue
            } else {
                OrderState::Open
            };
            f.order = Some(AppliedOrder {
                requirement: o.requirement.clone(),
                action: o.action.clone(),
                responsible: o.responsible.clone(),
                issued: o.issued.to_string(),
                deadline: o.deadline.to_string(),
                days_left,
                state,
                index: o.index,
            });
        }
    }
}

/// What the orders file's audit found.
#[derive(Clone, Debug, Default)]
pub struct OrderAudit {
    /// Orders that name nothing checked: the run exits with 2.
    pub errors: Vec<Problem>,
    /// Orders worth a warning: stale or repeated.
    pub warnings: Vec<Problem>,
}

/// Audits the orders against the assessments of a run: `assessments` holds (at least) those
/// of the facilities the orders name, `known_ids` every facility id checked (for the
/// nearest-name suggestion).
#[must_use]
pub fn audit(orders: &Orders, assessments: &[&Assessment], known_ids: &[&str]) -> OrderAudit {
    let mut out = OrderAudit::default();
    let mut firsts: std::collections::HashMap<(&str, &str), &Order> =
        std::collections::HashMap::new();
    for o in &orders.list {
        let first = *firsts
            .entry((o.facility.as_str(), o.requirement.as_str()))
            .or_insert(o);
        if !std::ptr::eq(first, o) {
            let line = first.location.map_or(0, |l| l.line);
            out.warnings.push(Problem::new(
                Code::OrderRepeated,
                Text::new(
                    format!("设施 `{}` 的要求 `{}` 已在第 {line} 行下达整改通知，此条不起作用", o.facility, o.requirement),
                    format!("requirement `{}` of facility `{}` is already under the order on line {line}: this one has no effect", o.requirement, o.facility),
                ),
                o.location,
            ));
            continue;
        }
        match target(o, assessments, known_ids) {
            Ok((a, level)) => out.warnings.extend(stale_warning(a, level, o)),
            Err(p) => out.errors.push(*p),
        }
    }
    out
}

/// The facility's assessment and level an order names, or the error that it names no
/// facility checked, or no requirement or zone of the facility's level.
fn target<'a>(
    o: &Order,
    assessments: &[&'a Assessment],
    known_ids: &[&str],
) -> Result<(&'a Assessment, &'a Level), Box<Problem>> {
    let Some(a) = assessments
        .iter()
        .copied()
        .find(|a| a.inventory.facility.id == o.facility)
    else {
        return Err(Box::new(
            Problem::new(
                Code::OrderUnknownFacility,
                Text::new(
                    format!("整改通知指向的设施 `{}` 不在本次检查的清单中", o.facility),
                    format!(
                        "the order names facility `{}`, which is not among the inventories checked",
                        o.facility
                    ),
                ),
                o.facility_loc.or(o.location),
            )
            .with_help(suggestion(&o.facility, known_ids.iter().copied())),
        ));
    };
    let level = a.standard.level(&a.inventory.facility.level);
    if let Some(level) = level.filter(|l| l.requirements.iter().any(|r| r.id == o.requirement)) {
        return Ok((a, level));
    }
    let ids: Vec<&str> = level
        .map(|l| l.requirements.iter().map(|r| r.id.as_str()).collect())
        .unwrap_or_default();
    let what = if o.requirement.starts_with("zone:") {
        ("功能区", "zone")
    } else {
        ("要求", "requirement")
    };
    Err(Box::new(
        Problem::new(
            Code::OrderUnknownRequirement,
            Text::new(
                format!(
                    "设施 `{}`（{}）没有{} `{}`",
                    o.facility,
                    a.standard.label(),
                    what.0,
                    o.requirement
                ),
                format!(
                    "facility `{}` ({}) has no {} `{}`",
                    o.facility,
                    a.standard.label(),
                    what.1,
                    o.requirement
                ),
            ),
            o.requirement_loc.or(o.location),
        )
        .with_help(suggestion(&o.requirement, ids.iter().copied())),
    ))
}

/// The warning an order deserves when it has nothing to rectify.
fn stale_warning(a: &Assessment, level: &Level, o: &Order) -> Option<Problem> {
    let (_, stale) = judge(a, level, o);
    let (zh, en) = match stale? {
        Stale::Option => (
            "所指为可选项（可），不属于必须整改的内容".to_owned(),
            "names an option (可): nothing there is required".to_owned(),
        ),
        Stale::NeverFailing => (
            format!("下达（{}）时该项已经符合要求，无须整改", o.issued),
            format!(
                "names what already passed when it was issued ({})",
                o.issued
            ),
        ),
    };
    Some(
        Problem::new(
            Code::OrderStale,
            Text::new(
                format!(
                    "设施 `{}` 要求 `{}` 的整改通知无须执行：{zh}",
                    o.facility, o.requirement
                ),
                format!(
                    "the order on requirement `{}` of facility `{}` is stale: it {en}",
                    o.requirement, o.facility
                ),
            ),
            o.requirement_loc.or(o.location),
        )
        .with_help(Text::new(
            "核实后删除这条整改通知",
            "check it, then remove the order",
        )),
    )
}
