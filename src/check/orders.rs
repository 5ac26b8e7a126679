//! Rectification orders (整改通知) against the assessments of a run: [`apply`] puts each order
//! on the findings it names, with where it stands on the evaluation date (open, overdue or
//! done); [`audit`] finds the orders that are errors (an unknown facility, requirement or
//! zone) and those that deserve a warning (stale, repeated). Pure: the CLI prints the problems
//! with the orders file's lines.

use chrono::NaiveDate;

use super::{AppliedOrder, Assessment, Finding, OrderState, Status};
use crate::diagnostic::{Code, Problem, suggestion};
use crate::i18n::Text;
use crate::model::orders::{Order, Orders};
use crate::model::standard::{Level, Severity};

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
    // What the order names, found once: the findings are then each compared with it alone
    // (a file of many orders costs the findings times the orders, not times the level too).
    let named = level.requirements.iter().find(|z| z.id == o.requirement);
    let covered: Vec<usize> = a
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.severity != Severity::Info)
        .filter(|(_, f)| {
            f.requirement == o.requirement
                || named
                    .zip(level.requirements.get(f.index))
                    .is_some_and(|(z, r)| crate::kinds::with(&z.check, |k| k.covers(&r.check)))
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
    // A fix the baseline saw (it failed before) is the order carried out, never stale.
    let fixed = covered
        .iter()
        .any(|i| a.findings.get(*i).is_some_and(Finding::is_fixed));
    let stale = (surveyed_before && all_pass && !fixed).then_some(Stale::NeverFailing);
    (covered, stale)
}

/// Puts the orders that name the assessed facility on the findings they cover: a
/// requirement's own order before its zone's. A finding that passes is done (已完成整改);
/// one that does not (failing, waived or not assessed) is open until its deadline and
/// overdue after it. A stale order (see [`OrderAuditor`]) is put on nothing.
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
            f.order = Some(Box::new(AppliedOrder {
                requirement: o.requirement.clone(),
                action: o.action.clone(),
                responsible: o.responsible.clone(),
                issued: o.issued.to_string(),
                deadline: o.deadline.to_string(),
                days_left,
                state,
                index: o.index,
            }));
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

/// The audit of the orders as the run goes: each order is judged on the first assessment of
/// the facility it names (see [`OrderAuditor::add`]), so that no assessment is kept; the
/// orders whose facility was never met are errors at the end ([`OrderAuditor::finish`]).
#[derive(Clone, Debug, Default)]
pub struct OrderAuditor {
    /// Whether each order's facility was met.
    met: Vec<bool>,
    /// What the orders judged so far deserve.
    audit: OrderAudit,
}

impl OrderAuditor {
    /// Judges the orders that name the assessed facility, when it is the first assessment of
    /// that facility: an order naming a requirement or zone its level does not have is an
    /// error; one with nothing to rectify a warning.
    pub fn add(&mut self, orders: &Orders, a: &Assessment) {
        for o in orders.of(&a.inventory.facility.id) {
            if self.met.len() <= o.index {
                self.met.resize(orders.list.len().max(o.index + 1), false);
            }
            let Some(met) = self.met.get_mut(o.index) else {
                continue;
            };
            if std::mem::replace(met, true) {
                continue;
            }
            let many = self.audit.errors.len() >= crate::limits::MAX_PROBLEMS_PER_INPUT;
            match level_of(o, a, many) {
                Ok(level) => self.audit.warnings.extend(stale_warning(a, level, o)),
                Err(p) => self.audit.errors.push(*p),
            }
        }
    }

    /// The audit: the orders judged, the orders of facilities never met (errors, with the
    /// nearest of `known_ids`, every facility id checked), and repeated orders (warnings),
    /// each list in the file's order.
    #[must_use]
    pub fn finish(mut self, orders: &Orders, known_ids: &[&str]) -> OrderAudit {
        let mut firsts: std::collections::HashMap<(&str, &str), &Order> =
            std::collections::HashMap::new();
        for o in &orders.list {
            let first = *firsts
                .entry((o.facility.as_str(), o.requirement.as_str()))
                .or_insert(o);
            if !std::ptr::eq(first, o) {
                let line = first.location.map_or(0, |l| l.line);
                self.audit.warnings.push(Problem::new(
                    Code::OrderRepeated,
                    Text::new(
                        format!("设施 {} 的要求 {} 已在第 {line} 行下达整改通知，此条不起作用", o.facility, o.requirement),
                        format!("requirement `{}` of facility `{}` is already under the order on line {line}: this one has no effect", o.requirement, o.facility),
                    ),
                    o.location,
                ));
            }
            if self.met.get(o.index).copied().unwrap_or(false) {
                continue;
            }
            let mut p = Problem::new(
                Code::OrderUnknownFacility,
                Text::new(
                    format!("整改通知指向的设施 {} 不在本次检查的清单中", o.facility),
                    format!(
                        "the order names facility `{}`, which is not among the inventories checked",
                        o.facility
                    ),
                ),
                o.facility_loc.or(o.location),
            );
            // The nearest name is sought for the problems listed, not for those only counted.
            if self.audit.errors.len() < crate::limits::MAX_PROBLEMS_PER_INPUT {
                p = p.with_help(suggestion(&o.facility, known_ids.iter().copied()));
            }
            self.audit.errors.push(p);
        }
        let line = |p: &Problem| p.location.map(|l| (l.sheet, l.line, l.column));
        self.audit.errors.sort_by_key(line);
        self.audit.warnings.sort_by_key(line);
        self.audit
    }
}

/// Audits the orders against the assessments of a run, held at once: `assessments` holds (at
/// least) those of the facilities the orders name, `known_ids` every facility id checked.
#[must_use]
pub fn audit(orders: &Orders, assessments: &[&Assessment], known_ids: &[&str]) -> OrderAudit {
    let mut auditor = OrderAuditor::default();
    for a in assessments {
        auditor.add(orders, a);
    }
    auditor.finish(orders, known_ids)
}

/// The level of the facility an order names, or the error that the level has no requirement
/// or zone of that id (with the nearest unless `many` problems are listed already).
fn level_of<'a>(o: &Order, a: &'a Assessment, many: bool) -> Result<&'a Level, Box<Problem>> {
    let level = a.standard.level(&a.inventory.facility.level);
    if let Some(level) = level.filter(|l| l.requirements.iter().any(|r| r.id == o.requirement)) {
        return Ok(level);
    }
    let ids: Vec<&str> = level
        .map(|l| l.requirements.iter().map(|r| r.id.as_str()).collect())
        .unwrap_or_default();
    let what = if o.requirement.starts_with("zone:") {
        ("功能区", "zone")
    } else {
        ("要求", "requirement")
    };
    let p = Problem::new(
        Code::OrderUnknownRequirement,
        Text::new(
            format!(
                "设施 {}（{}）没有{} {}",
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
    );
    Err(Box::new(if many {
        p
    } else {
        p.with_help(suggestion(&o.requirement, ids.iter().copied()))
    }))
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
                    "设施 {} 要求 {} 的整改通知无须执行：{zh}",
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
