//! Rectification orders (整改通知 / 限时整改): what a supervisor ordered a facility to put
//! right, by whom and by when.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Problem};
use crate::i18n::Text;
use crate::load::Sp;
use crate::load::orders::RawOrders;
use crate::source::Location;

/// One order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    /// Its place in the file (0 for the first).
    pub index: usize,
    /// Facility id.
    pub facility: String,
    /// Requirement id, or `zone:<zone>` (a zone requirement's id) for the whole zone.
    pub requirement: String,
    /// What is to be done.
    pub action: String,
    /// Who answers for it.
    pub responsible: String,
    /// Issued on.
    pub issued: NaiveDate,
    /// To be done by this day (inclusive).
    pub deadline: NaiveDate,
    /// Where it is in the file.
    pub location: Option<Location>,
    /// Where its `facility:` value is.
    pub facility_loc: Option<Location>,
    /// Where its `requirement:` value is.
    pub requirement_loc: Option<Location>,
}

/// The orders of a file, found by facility.
#[derive(Clone, Debug, Default)]
pub struct Orders {
    /// In file order.
    pub list: Vec<Order>,
    by_facility: HashMap<String, Vec<usize>>,
}

impl Orders {
    /// The orders, indexed by facility.
    #[must_use]
    pub fn new(list: Vec<Order>) -> Self {
        let mut by_facility: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, o) in list.iter().enumerate() {
            by_facility.entry(o.facility.clone()).or_default().push(i);
        }
        Orders { list, by_facility }
    }
    /// The orders that name a facility, in file order.
    pub fn of<'a>(&'a self, facility: &str) -> impl Iterator<Item = &'a Order> + 'a {
        self.by_facility
            .get(facility)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|i| self.list.get(*i))
    }
    /// Whether an order names the facility.
    #[must_use]
    pub fn names(&self, facility: &str) -> bool {
        self.by_facility.contains_key(facility)
    }
    /// Whether there is no order.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A YYYY-MM-DD date, or the problem at its value.
fn date(s: &Sp<String>, problems: &mut Vec<Problem>) -> Option<NaiveDate> {
    let v = s.value.trim();
    let d = NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .ok()
        .filter(|_| v.len() == 10);
    if d.is_none() {
        problems.push(
            Problem::new(
                Code::BadDate,
                Text::new(
                    format!("{} 不是 YYYY-MM-DD 格式的有效日期", s.value),
                    format!("`{}` is not a valid YYYY-MM-DD date", s.value),
                ),
                s.loc,
            )
            .with_help(Text::new(
                "日期按“年-月-日”填写，如 2026-12-31",
                "write the date as YYYY-MM-DD, e.g. 2026-12-31",
            )),
        );
    }
    d
}

/// A value that must not be blank, or the problem at it.
fn filled(s: &Sp<String>, what: (&str, &str), help: Text, problems: &mut Vec<Problem>) -> bool {
    if s.value.trim().is_empty() {
        problems.push(
            Problem::new(
                Code::MissingValue,
                Text::new(
                    format!("整改通知的{}未填写", what.0),
                    format!("the order's {} is blank", what.1),
                ),
                s.loc,
            )
            .with_help(help),
        );
        return false;
    }
    true
}

/// Builds the orders, checking dates and the values that must be filled in.
///
/// # Errors
/// Every malformed date, a deadline before the issue date, a blank value, and more orders
/// than [`crate::limits::MAX_ORDERS`].
pub fn build(raw: &RawOrders) -> Result<Orders, Vec<Problem>> {
    let mut problems = Vec::new();
    if raw.orders.len() > crate::limits::MAX_ORDERS {
        let at = raw
            .orders
            .get(crate::limits::MAX_ORDERS)
            .and_then(|o| o.loc);
        return Err(vec![Problem::new(
            Code::TooLarge,
            Text::new(
                format!("整改通知超过 {} 条的上限", crate::limits::MAX_ORDERS),
                format!("more than {} orders in one file", crate::limits::MAX_ORDERS),
            ),
            at,
        )]);
    }
    let mut out = Vec::new();
    for (index, o) in raw.orders.iter().enumerate() {
        let v = &o.value;
        let mut ok = filled(
            &v.facility,
            ("设施编号", "facility"),
            Text::new(
                "填写设施编号，如 qiaotou-ts",
                "give the facility id, e.g. qiaotou-ts",
            ),
            &mut problems,
        );
        ok &= filled(
            &v.requirement,
            ("要求编号", "requirement"),
            Text::new(
                "填写要求编号（如 floor_area），整个功能区写 zone:功能区编号",
                "give a requirement id (floor_area), or zone:<zone> for a whole zone",
            ),
            &mut problems,
        );
        ok &= filled(
            &v.action,
            ("整改措施", "action"),
            Text::new("写明须采取的整改措施", "say what is to be done"),
            &mut problems,
        );
        ok &= filled(
            &v.responsible,
            ("责任单位", "responsible unit"),
            Text::new(
                "请督导人员填写负责整改的单位（如 桥头镇人民政府）后再使用",
                "the supervisor fills in the unit that answers for the rectification (e.g. 桥头镇人民政府) before the orders are used",
            ),
            &mut problems,
        );
        let (issued, deadline) = (
            date(&v.issued, &mut problems),
            date(&v.deadline, &mut problems),
        );
        let (Some(issued), Some(deadline)) = (issued, deadline) else {
            continue;
        };
        if deadline < issued {
            problems.push(Problem::new(
                Code::BadDate,
                Text::new(
                    format!("整改期限 {deadline} 早于下达日期 {issued}"),
                    format!("the deadline {deadline} is before the order was issued ({issued})"),
                ),
                v.deadline.loc,
            ));
            continue;
        }
        if ok {
            out.push(Order {
                index,
                facility: v.facility.value.trim().to_owned(),
                requirement: v.requirement.value.trim().to_owned(),
                action: v.action.value.trim().to_owned(),
                responsible: v.responsible.value.trim().to_owned(),
                issued,
                deadline,
                location: o.loc,
                facility_loc: v.facility.loc,
                requirement_loc: v.requirement.loc,
            });
        }
    }
    if problems.is_empty() {
        Ok(Orders::new(out))
    } else {
        Err(problems)
    }
}

/// One drafted order, with what the reader needs to judge it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// Facility id.
    pub facility: String,
    /// Facility name (shown).
    pub facility_name: String,
    /// Requirement id.
    pub requirement: String,
    /// The requirement's clause and name (shown).
    pub requirement_name: String,
    /// What the report found (shown).
    pub problem: String,
    /// The suggested action.
    pub action: String,
    /// Who answers for it: left blank for the supervisor.
    pub responsible: String,
    /// Issued on (YYYY-MM-DD).
    pub issued: String,
    /// Deadline (YYYY-MM-DD).
    pub deadline: String,
}

/// Drafts an order per failing required item (an error-severity finding that fails) of every
/// site survey in a report, each facility and requirement once: the action suggested from
/// the finding's shortfall, the responsible unit left blank for the supervisor, issued on the
/// report's evaluation date, due on `deadline`.
///
/// # Errors
/// A deadline before the report's evaluation date, or more drafts than
/// [`crate::limits::MAX_ORDERS`].
pub fn draft(
    report: &crate::load::orders::RawReport,
    deadline: NaiveDate,
) -> Result<Vec<Draft>, Problem> {
    let issued = report.evaluation_date.clone();
    if let Ok(d) = NaiveDate::parse_from_str(&issued, "%Y-%m-%d")
        && deadline < d
    {
        return Err(Problem::new(
            Code::BadDate,
            Text::new(
                format!("整改期限 {deadline} 早于报告的评估日期 {d}"),
                format!("the deadline {deadline} is before the report's evaluation date {d}"),
            ),
            None,
        ));
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for r in &report.reports {
        let Some(id) = &r.facility.id else { continue };
        if r.survey
            .as_ref()
            .is_some_and(|s| s.kind == "proposed_layout")
        {
            continue;
        }
        for f in &r.findings {
            if f.status != "fail" || f.severity != "error" {
                continue;
            }
            if !seen.insert((id.as_str(), f.requirement.as_str())) {
                continue;
            }
            if out.len() == crate::limits::MAX_ORDERS {
                return Err(Problem::new(
                    Code::TooLarge,
                    Text::new(
                        format!(
                            "报告中不符合的必改项超过 {} 项，超出一份整改通知的上限",
                            crate::limits::MAX_ORDERS
                        ),
                        format!(
                            "the report fails more than {} required items: more than one orders file may hold",
                            crate::limits::MAX_ORDERS
                        ),
                    ),
                    None,
                ));
            }
            let problem = if f.message.is_empty() {
                f.shortfall.clone().unwrap_or_default()
            } else {
                f.message.clone()
            };
            out.push(Draft {
                facility: id.clone(),
                facility_name: r.facility.name.clone().unwrap_or_default(),
                requirement: f.requirement.clone(),
                requirement_name: format!("{} {}", f.clause, f.name).trim().to_owned(),
                action: f.shortfall.clone().unwrap_or_else(|| f.message.clone()),
                problem,
                responsible: String::new(),
                issued: issued.clone(),
                deadline: deadline.to_string(),
            });
        }
    }
    Ok(out)
}
