//! The district summary's rectification orders (整改通知): overdue orders first, grouped per
//! responsible unit and by days overdue, then the open ones, then how many are done. The run
//! keeps one compact line per order of the orders file (bounded by
//! [`crate::limits::MAX_ORDERS`]), from the latest survey of its facility; never a finding.

use std::fmt::Write as _;

use serde::Serialize;

use super::escape;
use crate::check::{Assessment, OrderState};
use crate::i18n::{Lang, Text};

/// One order where it stands, as the summary keeps it.
#[derive(Clone, Debug, Serialize)]
pub struct OrderLine {
    /// Facility id.
    pub facility: String,
    /// Facility name.
    pub facility_name: Option<String>,
    /// What the order names (a requirement id, or `zone:<zone>`).
    pub requirement: String,
    /// The clause of what it names.
    pub clause: String,
    /// The name of what it names.
    #[serde(skip)]
    pub name: Text,
    /// What is to be done.
    pub action: String,
    /// Who answers for it.
    pub responsible: String,
    /// The deadline (YYYY-MM-DD).
    pub deadline: String,
    /// Days from the evaluation date to the deadline: negative once overdue.
    pub days_left: i64,
    /// Where it stands: the worst of what it covers (a zone's order is done only when all of
    /// the zone is).
    pub state: OrderState,
    /// The summary record of the survey it was judged on.
    #[serde(skip)]
    record: u32,
}

/// The orders met in a run, one slot per order of the file.
#[derive(Clone, Debug, Default)]
pub struct OrderTally {
    slots: Vec<Option<OrderLine>>,
}

impl OrderTally {
    /// Keeps the orders a facility's assessment carries, judged on it (`record` is its place
    /// among the summary's records, which must be the facility's latest survey so far).
    pub fn add(&mut self, record: u32, a: &Assessment) {
        let level = a.standard.level(&a.inventory.facility.level);
        for f in &a.findings {
            let Some(o) = &f.order else { continue };
            if o.index >= crate::limits::MAX_ORDERS {
                continue;
            }
            if self.slots.len() <= o.index {
                self.slots.resize(o.index + 1, None);
            }
            let Some(slot) = self.slots.get_mut(o.index) else {
                continue;
            };
            match slot {
                Some(line) if line.record == record => {
                    line.state = line.state.min(o.state);
                }
                _ => {
                    let target =
                        level.and_then(|l| l.requirements.iter().find(|r| r.id == o.requirement));
                    *slot = Some(OrderLine {
                        facility: a.inventory.facility.id.clone(),
                        facility_name: a.inventory.facility.name.clone(),
                        requirement: o.requirement.clone(),
                        clause: target.map_or_else(|| f.clause.clone(), |r| r.clause.clone()),
                        name: target.map_or_else(
                            || Text::new(o.requirement.clone(), o.requirement.clone()),
                            |r| r.name.clone(),
                        ),
                        action: o.action.clone(),
                        responsible: o.responsible.clone(),
                        deadline: o.deadline.clone(),
                        days_left: o.days_left,
                        state: o.state,
                        record,
                    });
                }
            }
        }
    }

    /// The summary of the orders whose survey still counts (`live`); `None` when no order
    /// was met.
    #[must_use]
    pub fn summary(&self, live: impl Fn(u32) -> bool) -> Option<OrdersSummary> {
        let lines: Vec<&OrderLine> = self
            .slots
            .iter()
            .flatten()
            .filter(|l| live(l.record))
            .collect();
        if lines.is_empty() {
            return None;
        }
        let of = |s: OrderState| lines.iter().filter(move |l| l.state == s).copied();
        let mut overdue: Vec<&OrderLine> = of(OrderState::Overdue).collect();
        overdue.sort_by(|a, b| {
            (a.days_left, &a.facility, &a.requirement).cmp(&(
                b.days_left,
                &b.facility,
                &b.requirement,
            ))
        });
        let mut units: Vec<Unit> = Vec::new();
        for l in overdue {
            match units.iter_mut().find(|u| u.responsible == l.responsible) {
                Some(u) => u.orders.push(l.clone()),
                None => units.push(Unit {
                    responsible: l.responsible.clone(),
                    most_days_overdue: -l.days_left,
                    orders: vec![l.clone()],
                }),
            }
        }
        let mut open: Vec<OrderLine> = of(OrderState::Open).cloned().collect();
        open.sort_by(|a, b| {
            (a.days_left, &a.facility, &a.requirement).cmp(&(
                b.days_left,
                &b.facility,
                &b.requirement,
            ))
        });
        Some(OrdersSummary {
            overdue_count: units.iter().map(|u| u.orders.len()).sum(),
            open_count: open.len(),
            done_count: of(OrderState::Done).count(),
            overdue: units,
            open,
        })
    }
}

/// A responsible unit's overdue orders, the most overdue first.
#[derive(Clone, Debug, Serialize)]
pub struct Unit {
    /// Who answers for them.
    pub responsible: String,
    /// Days past the deadline of its most overdue order.
    pub most_days_overdue: i64,
    /// Its overdue orders.
    pub orders: Vec<OrderLine>,
}

/// The district's rectification orders (`summary.orders`).
#[derive(Clone, Debug, Serialize)]
pub struct OrdersSummary {
    /// Orders past their deadline and not rectified.
    pub overdue_count: usize,
    /// Orders not rectified, the deadline still to come.
    pub open_count: usize,
    /// Orders whose requirements now pass.
    pub done_count: usize,
    /// The overdue orders per responsible unit, the unit with the most overdue order first.
    pub overdue: Vec<Unit>,
    /// The open orders, the nearest deadline first.
    pub open: Vec<OrderLine>,
}

fn facility(l: &OrderLine) -> String {
    match &l.facility_name {
        Some(n) => format!("{n}（{}）", l.facility),
        None => l.facility.clone(),
    }
}

fn counts(s: &OrdersSummary, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "整改通知：逾期未整改 {} 项 · 整改中 {} 项 · 已完成整改 {} 项",
            s.overdue_count, s.open_count, s.done_count
        ),
        Lang::En => format!(
            "Rectification orders: {} overdue · {} open · {} done",
            s.overdue_count, s.open_count, s.done_count
        ),
    }
}

fn unit_head(u: &Unit, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{}（{} 项，最长逾期 {} 天）",
            u.responsible,
            u.orders.len(),
            u.most_days_overdue
        ),
        Lang::En => format!(
            "{} ({} {}, up to {} {} overdue)",
            u.responsible,
            u.orders.len(),
            if u.orders.len() == 1 {
                "order"
            } else {
                "orders"
            },
            u.most_days_overdue,
            if u.most_days_overdue == 1 {
                "day"
            } else {
                "days"
            }
        ),
    }
}

/// How long is left, or how long overdue, in words.
fn days(l: &OrderLine, lang: Lang) -> String {
    let n = l.days_left.abs();
    let unit = if n == 1 { "day" } else { "days" };
    match (l.days_left < 0, lang) {
        (true, Lang::Zh) => format!("已逾期 {n} 天"),
        (true, Lang::En) => format!("{n} {unit} overdue"),
        (false, Lang::Zh) if n == 0 => "今日到期".to_owned(),
        (false, Lang::En) if n == 0 => "due today".to_owned(),
        (false, Lang::Zh) => format!("剩 {n} 天"),
        (false, Lang::En) => format!("{n} {unit} left"),
    }
}

fn line(l: &OrderLine, lang: Lang, with_unit: bool) -> String {
    let unit = if with_unit {
        match lang {
            Lang::Zh => format!("；责任单位：{}", l.responsible),
            Lang::En => format!("; responsible: {}", l.responsible),
        }
    } else {
        String::new()
    };
    match lang {
        Lang::Zh => format!(
            "{}[{}] {} — {}（整改期限 {}）：{}{unit}",
            facility(l),
            l.clause,
            l.name.get(lang),
            days(l, lang),
            l.deadline,
            l.action
        ),
        Lang::En => format!(
            "{} [{}] {} — {} (deadline {}): {}{unit}",
            facility(l),
            l.clause,
            l.name.get(lang),
            days(l, lang),
            l.deadline,
            l.action
        ),
    }
}

/// The terminal's block.
#[must_use]
pub fn human(s: &OrdersSummary, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "  {}", counts(s, lang));
    if !s.overdue.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            lang.pick("逾期未整改（按责任单位）", "Overdue, by responsible unit")
        );
        for u in &s.overdue {
            let _ = writeln!(out, "    {}", escape::line(&unit_head(u, lang)));
            for l in &u.orders {
                let _ = writeln!(out, "      {}", escape::line(&line(l, lang, false)));
            }
        }
    }
    if !s.open.is_empty() {
        let _ = writeln!(out, "  {}", lang.pick("整改中", "Open"));
        for l in &s.open {
            let _ = writeln!(out, "    {}", escape::line(&line(l, lang, true)));
        }
    }
    out
}

/// The columns of the orders table (Markdown and HTML).
fn heads(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Zh => [
            "责任单位",
            "设施",
            "要求",
            "整改期限",
            "期限状况",
            "整改措施",
        ],
        Lang::En => [
            "Responsible",
            "Facility",
            "Requirement",
            "Deadline",
            "Days",
            "Action",
        ],
    }
}

/// The orders a table lists: the overdue ones, unit by unit, then the open ones.
fn rows(s: &OrdersSummary) -> Vec<&OrderLine> {
    s.overdue
        .iter()
        .flat_map(|u| &u.orders)
        .chain(&s.open)
        .collect()
}

/// The Markdown block.
#[must_use]
pub fn markdown(s: &OrdersSummary, lang: Lang) -> String {
    let mut m = String::new();
    let _ = writeln!(m, "#### {}\n", counts(s, lang));
    let heads = heads(lang);
    let rows = rows(s);
    if rows.is_empty() {
        return m;
    }
    let _ = writeln!(m, "| {} |\n|---|---|---|---|---|---|", heads.join(" | "));
    for l in rows {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {}{} | {} |",
            escape::markdown(&l.responsible),
            escape::markdown(&facility(l)),
            escape::markdown(&format!("[{}] {}", l.clause, l.name.get(lang))),
            l.deadline,
            if l.state == OrderState::Overdue {
                "⚠ "
            } else {
                ""
            },
            days(l, lang),
            escape::markdown(&l.action)
        );
    }
    let _ = writeln!(m);
    m
}

/// The HTML block.
#[must_use]
pub fn html(s: &OrdersSummary, lang: Lang) -> String {
    let mut p = String::new();
    let _ = writeln!(p, "<h3>{}</h3>", escape::html(&counts(s, lang)));
    let rows = rows(s);
    if rows.is_empty() {
        return p;
    }
    let heads = heads(lang);
    let _ = write!(p, "<table class=\"orders\">\n<thead><tr>");
    for h in heads {
        let _ = write!(p, "<th>{h}</th>");
    }
    let _ = writeln!(p, "</tr></thead>\n<tbody>");
    for l in rows {
        let _ = writeln!(
            p,
            "<tr class=\"order-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            l.state.as_str(),
            escape::html(&l.responsible),
            escape::html(&facility(l)),
            escape::html(&format!("[{}] {}", l.clause, l.name.get(lang))),
            l.deadline,
            escape::html(&days(l, lang)),
            escape::html(&l.action)
        );
    }
    let _ = writeln!(p, "</tbody>\n</table>");
    p
}
