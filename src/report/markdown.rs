//! The Markdown report, for a pull-request comment on a repository of inventories: a summary
//! table of every input, then per facility that does not comply the requirements that fail or
//! could not be assessed (waived ones with their waiver). Every string from an inventory or a
//! standard is escaped, so that a facility name cannot break a table or inject markup.

use std::fmt::Write as _;

use super::text::{self, Word};
use super::{Entry, Outcome, RunInfo, Summary, escape};
use crate::check::{Status, Verdict};
use crate::i18n::Lang;
use crate::model::standard::Severity;

fn verdict_mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Compliant => "✅",
        Verdict::NonCompliant => "❌",
        Verdict::Incomplete => "❔",
        Verdict::Error => "⛔",
    }
}

fn status_mark(s: Status) -> &'static str {
    match s {
        Status::Pass => "✅",
        Status::Fail => "❌",
        Status::NotAssessed => "❔",
        Status::Waived => "⚐",
    }
}

fn verdict_cell(v: Verdict, lang: Lang) -> String {
    format!("{} {}", verdict_mark(v), text::verdict(v, lang))
}

/// The Markdown report: one document for the whole run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Markdown;

impl super::Renderer for Markdown {
    fn streams(&self) -> bool {
        false
    }

    fn finish(
        &self,
        out: &mut dyn std::io::Write,
        run: &super::Run<'_>,
        info: &RunInfo,
    ) -> std::io::Result<()> {
        let mut m = String::new();
        document(&mut m, run.entries, run.summary, info);
        out.write_all(m.as_bytes())
    }

    fn compares(&self) -> Option<&'static str> {
        Some("Markdown, for a pull request or a planning note")
    }

    fn compare(&self, c: &crate::check::compare::Comparison, info: &RunInfo) -> Option<String> {
        Some(super::compare::markdown::render(c, info))
    }
}

/// A facility's name and id, `name (id)` (`name（id）` in Chinese), or its id.
fn facility_label(fac: &crate::model::inventory::Facility, lang: Lang) -> String {
    fac.name.as_deref().map_or_else(
        || escape::markdown(&fac.id),
        |n| {
            format!(
                "{}{}",
                escape::markdown(n),
                lang.paren(&escape::markdown(&fac.id))
            )
        },
    )
}

fn document(m: &mut String, entries: &[Entry], summary: &Summary, info: &RunInfo) {
    let lang = info.lang;
    let _ = writeln!(m, "## {}\n", text::word(Word::ReportTitle, lang));
    let c = &summary.counts;
    let _ = write!(
        m,
        "**{}**{}{}",
        text::word(Word::Total, lang),
        lang.colon(),
        c.total
    );
    for v in Verdict::ALL {
        let _ = write!(m, " · {} {}", verdict_cell(v, lang), c.of(v));
    }
    let _ = writeln!(
        m,
        " · {} {}\n",
        text::word(Word::EvaluationDate, lang),
        escape::markdown(&info.date)
    );

    let statuses = [
        Status::Pass,
        Status::Fail,
        Status::NotAssessed,
        Status::Waived,
    ];
    let _ = write!(
        m,
        "| {} | {} | {} |",
        text::word(Word::Facility, lang),
        text::word(Word::Level, lang),
        text::word(Word::Verdict, lang)
    );
    // Required failures and advice counted apart, never as one "fail" count.
    for s in statuses {
        match s {
            Status::Fail => {
                let _ = write!(
                    m,
                    " {} | {} |",
                    lang.pick("不达标", "required failing"),
                    lang.pick("建议改进", "advisory")
                );
            }
            s => {
                let _ = write!(m, " {} |", text::status(s, lang));
            }
        }
    }
    let _ = writeln!(m, " {} |", text::word(Word::Source, lang));
    let _ = writeln!(m, "|---|---|---|---:|---:|---:|---:|---:|---|");
    for e in entries {
        match &e.outcome {
            Outcome::Checked(a) => {
                let fac = &a.inventory.facility;
                let name = facility_label(fac, lang);
                let _ = write!(
                    m,
                    "| {name} | {} | {} |",
                    escape::markdown(text::level_name(&a.standard, &fac.level, lang)),
                    verdict_cell(a.verdict, lang)
                );
                for s in statuses {
                    let count = |required: Option<bool>| {
                        a.findings
                            .iter()
                            .filter(|f| f.status == s)
                            .filter(|f| {
                                required.is_none_or(|r| (f.severity == Severity::Error) == r)
                            })
                            .count()
                    };
                    let _ = match s {
                        Status::Fail => {
                            write!(m, " {} | {} |", count(Some(true)), count(Some(false)))
                        }
                        _ => write!(m, " {} |", count(None)),
                    };
                }
                let _ = writeln!(m, " {} |", escape::markdown(&e.source));
            }
            Outcome::Failed { .. } => {
                let _ = writeln!(
                    m,
                    "| — | | {} | | | | | | {} |",
                    verdict_cell(Verdict::Error, lang),
                    escape::markdown(&e.source)
                );
            }
        }
    }
    m.push_str(&super::district::markdown(summary, info));
    for e in entries
        .iter()
        .filter(|e| e.verdict() != Verdict::Compliant || has_notes(e))
    {
        facility(m, e, lang);
    }
}

/// Whether a compliant facility still has something to show (a failing warning, a waiver).
fn has_notes(e: &Entry) -> bool {
    match &e.outcome {
        Outcome::Checked(a) => a
            .findings
            .iter()
            .any(|f| f.status != Status::Pass || f.order.is_some()),
        Outcome::Failed { .. } => true,
    }
}

/// The notes above a facility's table: a proposed layout, warnings on its identity, the
/// standard it names when another judged it.
fn notices(m: &mut String, a: &crate::check::Assessment, lang: Lang) {
    if a.inventory.is_proposed_layout() {
        let _ = writeln!(
            m,
            "> {}\n",
            lang.pick(
                "规划方案：不计入合格率和汇总",
                "Proposed layout: left out of the rates and totals"
            )
        );
    }
    for w in a.inventory.facility.identity_warnings() {
        let _ = writeln!(m, "> ⚠ {}\n", escape::markdown(w.message(lang)));
    }
    if let Some(named) = a.named_standard() {
        let _ = writeln!(
            m,
            "> ⚠ {}\n",
            escape::markdown(&text::judged_by(&named, &a.standard.label(), lang))
        );
    }
    if let Some(c) = &a.baseline {
        let _ = writeln!(
            m,
            "> ↻ {}\n",
            escape::markdown(&super::recheck::facility(c, lang))
        );
        if let Some(fixed) = super::recheck::fixed_line(a, lang) {
            let _ = writeln!(m, "> ✔ {}\n", escape::markdown(&fixed));
        }
    }
}

/// A finding's note: its shortfall, its detail, its waiver.
fn finding_note(a: &crate::check::Assessment, f: &crate::check::Finding, lang: Lang) -> String {
    let mut note = text::shortfall(a, f, lang).unwrap_or_default();
    if let Some(d) = text::detail(a, f, lang) {
        note = format!("{note}\n{d}");
    }
    if let Some(w) = &f.waiver {
        note = format!("{note}\n{}", text::waiver(w, lang));
    } else if f.waiver_expired {
        note = format!("{note}\n{}", text::word(Word::WaiverExpired, lang));
    }
    if let Some(o) = &f.order {
        note = format!("{note}\n{}", text::order(o, lang));
    }
    note
}

fn facility(m: &mut String, e: &Entry, lang: Lang) {
    match &e.outcome {
        Outcome::Checked(a) => {
            let fac = &a.inventory.facility;
            let name = fac.name.as_deref().unwrap_or(&fac.id);
            let _ = writeln!(
                m,
                "\n### {} {}{} — {}\n",
                verdict_mark(a.verdict),
                escape::markdown(name),
                lang.paren(&escape::markdown(&fac.id)),
                text::verdict(a.verdict, lang)
            );
            let _ = writeln!(
                m,
                "{}{}{} · {}{}{}\n",
                text::word(Word::Source, lang),
                lang.colon(),
                escape::markdown(&e.source),
                text::word(Word::Standard, lang),
                lang.colon(),
                escape::markdown(&a.standard.label())
            );
            notices(m, a, lang);
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|---|---|",
                text::word(Word::Clause, lang),
                text::word(Word::Requirement, lang),
                text::word(Word::Position, lang),
                text::word(Word::Severity, lang),
                text::word(Word::Status, lang),
                text::word(Word::Expected, lang),
                text::word(Word::Actual, lang),
                text::word(Word::Shortfall, lang)
            );
            // Passes are left out, save those under a rectification order (done).
            for f in a
                .findings
                .iter()
                .filter(|f| f.status != Status::Pass || f.order.is_some())
            {
                let name = a
                    .requirement(f)
                    .map_or(f.requirement.as_str(), |r| r.name.get(lang));
                let note = finding_note(a, f, lang);
                let at = f
                    .location
                    .map_or_else(String::new, |l| crate::source::position(e.text.as_ref(), l));
                let _ = writeln!(
                    m,
                    "| {} | {} | {at} | {} | {} {}{} | {} | {} | {} |",
                    escape::markdown(&f.clause),
                    escape::markdown(name),
                    text::severity(f.severity, lang),
                    if f.is_advice() {
                        "💡"
                    } else {
                        status_mark(f.status)
                    },
                    text::finding_status(f, lang),
                    super::recheck::tag(f, lang)
                        .map(|t| format!(" · {}", escape::markdown(&t)))
                        .unwrap_or_default(),
                    escape::markdown(&text::expected(a, f, lang)),
                    escape::markdown(&text::actual(a, f, lang)),
                    escape::markdown(&note)
                );
            }
        }
        Outcome::Failed { problems } => {
            let _ = writeln!(
                m,
                "\n### {} {} — {}\n",
                verdict_mark(Verdict::Error),
                escape::markdown(&e.source),
                text::word(Word::InputError, lang)
            );
            let _ = writeln!(
                m,
                "| {} | {} | {} |\n|---|---|---|",
                text::word(Word::Position, lang),
                text::word(Word::Problems, lang),
                text::word(Word::Help, lang)
            );
            for p in problems {
                let at = p
                    .location
                    .map_or_else(String::new, |l| crate::source::position(e.text.as_ref(), l));
                let help = p.help.as_ref().map_or("", |h| h.get(lang));
                let _ = writeln!(
                    m,
                    "| {} | {} | {} |",
                    escape::markdown(&at),
                    escape::markdown(p.message(lang)),
                    escape::markdown(help)
                );
            }
        }
    }
}
