//! A standard's example cases (`sitecheck standards test`): each inline inventory is checked
//! against the standard that carries it, and the verdict, the failing clauses and the failing
//! requirements are compared with what the case says they must be. Pure: the caller prints.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{Assessment, Status, Verdict, assess};
use crate::diagnostic::{Problem, suggestion};
use crate::i18n::Text;
use crate::input::{StandardChoice, load};
use crate::model::standard::{Case, Severity, Standard};
use crate::source::{Location, SourceText};

/// What running one case gave.
#[derive(Clone, Debug)]
pub enum CaseOutcome {
    /// The verdict, the failing clauses and the failing requirements are as the case says.
    Holds,
    /// The standard does not do what the case says: each difference, in words.
    Fails(Vec<Text>),
    /// The case itself is wrong (its inventory does not load, or it names a requirement or a
    /// clause the level does not have): every problem, located in the standard file.
    Invalid(Vec<Problem>),
}

/// One case and its outcome.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// Where the case is in the standard file.
    pub location: Option<Location>,
    /// The verdict the standard gave (None when the case is invalid).
    pub verdict: Option<Verdict>,
    /// The outcome.
    pub outcome: CaseOutcome,
}

/// Runs every case of a standard, in file order.
#[must_use]
pub fn run(standard: &Arc<Standard>) -> Vec<CaseResult> {
    standard
        .cases
        .iter()
        .map(|c| run_one(standard, c))
        .collect()
}

/// The problems of every case that is invalid (for `sitecheck standards check`).
#[must_use]
pub fn problems(results: &[CaseResult]) -> Vec<Problem> {
    results
        .iter()
        .flat_map(|r| match &r.outcome {
            CaseOutcome::Invalid(ps) => ps.clone(),
            CaseOutcome::Holds | CaseOutcome::Fails(_) => Vec::new(),
        })
        .collect()
}

fn in_case(case: &Case, p: Problem) -> Problem {
    let location = p
        .location
        .and_then(|l| case.inventory.original(l))
        .or(case.location);
    let message = Text::new(
        format!("示例 `{}`：{}", case.name, p.message.zh),
        format!("case `{}`: {}", case.name, p.message.en),
    );
    Problem {
        message,
        location,
        ..p
    }
}

fn run_one(standard: &Arc<Standard>, case: &Case) -> CaseResult {
    let result = |verdict, outcome| CaseResult {
        name: case.name.clone(),
        location: case.location,
        verdict,
        outcome,
    };
    let src = SourceText::new(standard.source.name.clone(), case.inventory.text.clone());
    let (inventory, st) = match load(
        &src,
        &StandardChoice::fixed(Arc::clone(standard)).overriding(true),
    ) {
        Ok(x) => x,
        Err(ps) => {
            let mut problems: Vec<Problem> = ps.into_iter().map(|p| in_case(case, p)).collect();
            problems.extend(unknown_anywhere(standard, case));
            return result(None, CaseOutcome::Invalid(problems));
        }
    };
    // No waivers in a case; a case is evaluated on its survey date (how old a duty's record
    // is), or on a fixed day when it gives none, so that a case's outcome never depends on
    // the day it is run.
    let date = inventory
        .survey_date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or_default();
    let a = assess(inventory, st, &[], date);
    let invalid = unknown_names(&a, case);
    if !invalid.is_empty() {
        return result(Some(a.verdict), CaseOutcome::Invalid(invalid));
    }
    let differences = differences(&a, case);
    result(
        Some(a.verdict),
        if differences.is_empty() {
            CaseOutcome::Holds
        } else {
            CaseOutcome::Fails(differences)
        },
    )
}

/// `fails` ids and `failing` clauses that no level has (when the inventory does not load, its
/// level is not known).
fn unknown_anywhere(standard: &Standard, case: &Case) -> Vec<Problem> {
    let mut out = Vec::new();
    for (id, loc) in case.fails.iter().flatten() {
        if !standard.all_requirements().any(|(_, r)| r.id == *id) {
            let help = suggestion(
                id,
                standard
                    .all_requirements()
                    .map(|(_, r)| r.id.as_str())
                    .collect::<BTreeSet<_>>(),
            );
            out.push(
                Problem::new(
                    crate::diagnostic::Code::BadCase,
                    Text::new(
                        format!("示例 `{}`：标准中没有要求 `{id}`", case.name),
                        format!(
                            "case `{}`: the standard has no requirement `{id}`",
                            case.name
                        ),
                    ),
                    loc.or(case.location),
                )
                .with_help(help),
            );
        }
    }
    for (clause, loc) in case.failing.iter().flatten() {
        if !standard
            .all_requirements()
            .any(|(_, r)| r.clause == *clause && r.severity == Severity::Error)
        {
            out.push(Problem::new(
                crate::diagnostic::Code::BadCase,
                Text::new(
                    format!("示例 `{}`：标准中没有错误级别的条款 `{clause}`", case.name),
                    format!(
                        "case `{}`: the standard has no error-severity clause `{clause}`",
                        case.name
                    ),
                ),
                loc.or(case.location),
            ));
        }
    }
    out
}

/// `fails` ids and `failing` clauses that the inventory's level does not have.
fn unknown_names(a: &Assessment, case: &Case) -> Vec<Problem> {
    let mut out = Vec::new();
    let ids: Vec<&str> = a.findings.iter().map(|f| f.requirement.as_str()).collect();
    for (id, loc) in case.fails.iter().flatten() {
        if !ids.contains(&id.as_str()) {
            let help = suggestion(id, ids.iter().copied());
            out.push(
                Problem::new(
                    crate::diagnostic::Code::BadCase,
                    Text::new(
                        format!(
                            "示例 `{}`：层级 `{}` 没有要求 `{id}`",
                            case.name, a.inventory.facility.level
                        ),
                        format!(
                            "case `{}`: level `{}` has no requirement `{id}`",
                            case.name, a.inventory.facility.level
                        ),
                    ),
                    loc.or(case.location),
                )
                .with_help(help),
            );
        }
    }
    let clauses: BTreeSet<&str> = a
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.clause.as_str())
        .collect();
    for (clause, loc) in case.failing.iter().flatten() {
        if !clauses.contains(clause.as_str()) {
            let help = suggestion(clause, clauses.iter().copied());
            out.push(
                Problem::new(
                    crate::diagnostic::Code::BadCase,
                    Text::new(
                        format!(
                            "示例 `{}`：层级 `{}` 没有错误级别的条款 `{clause}`",
                            case.name, a.inventory.facility.level
                        ),
                        format!(
                            "case `{}`: level `{}` has no error-severity clause `{clause}`",
                            case.name, a.inventory.facility.level
                        ),
                    ),
                    loc.or(case.location),
                )
                .with_help(help),
            );
        }
    }
    out
}

fn list(items: &BTreeSet<&str>) -> String {
    if items.is_empty() {
        "—".to_owned()
    } else {
        items.iter().copied().collect::<Vec<_>>().join(", ")
    }
}

/// How the assessment differs from what the case says.
fn differences(a: &Assessment, case: &Case) -> Vec<Text> {
    let mut out = Vec::new();
    if a.verdict.as_str() != case.expect {
        out.push(Text::new(
            format!("结论应为 {}，实际为 {}", case.expect, a.verdict.as_str()),
            format!(
                "the verdict must be {}, it is {}",
                case.expect,
                a.verdict.as_str()
            ),
        ));
    }
    if let Some(expected) = &case.failing {
        let want: BTreeSet<&str> = expected.iter().map(|(c, _)| c.as_str()).collect();
        let got: BTreeSet<&str> = a
            .findings
            .iter()
            .filter(|f| f.status == Status::Fail && f.severity == Severity::Error)
            .map(|f| f.clause.as_str())
            .collect();
        if want != got {
            let missing: BTreeSet<&str> = want.difference(&got).copied().collect();
            let extra: BTreeSet<&str> = got.difference(&want).copied().collect();
            out.push(Text::new(
                format!("不符合的条款应为 [{}]，实际为 [{}]（未不符合：{}；多出：{}）", list(&want), list(&got), list(&missing), list(&extra)),
                format!("the failing clauses must be [{}], they are [{}] (not failing: {}; unexpected: {})", list(&want), list(&got), list(&missing), list(&extra)),
            ));
        }
    }
    for (id, _) in case.fails.iter().flatten() {
        if let Some(f) = a.findings.iter().find(|f| f.requirement == *id)
            && f.status != Status::Fail
        {
            out.push(Text::new(
                format!(
                    "要求 `{id}`（{}）应不符合，实际为 {}",
                    f.clause,
                    f.status.as_str()
                ),
                format!(
                    "requirement `{id}` ({}) must fail, it is {}",
                    f.clause,
                    f.status.as_str()
                ),
            ));
        }
    }
    out
}
