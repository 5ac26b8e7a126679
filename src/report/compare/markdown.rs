//! The Markdown comparison, for a pull request or a planning note: the layouts with their
//! verdicts, which comply, a table of requirement × layout (rows whose outcomes differ in bold
//! and marked ≠), and each layout's shortfall as a list. Every string is escaped.

use std::fmt::Write as _;

use super::{cell, counts, layout_name, required, row_name, shortfall_line, title};
use crate::check::compare::Comparison;
use crate::check::{Status, Verdict};
use crate::i18n::Lang;
use crate::report::RunInfo;
use crate::report::escape::markdown as escape;
use crate::report::text::{self, Word};

fn status_mark(s: Status) -> &'static str {
    match s {
        Status::Pass => "✅",
        Status::Fail => "❌",
        Status::NotAssessed => "❔",
        Status::Waived => "⚐",
    }
}

fn verdict_mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Compliant => "✅",
        Verdict::NonCompliant => "❌",
        Verdict::Incomplete => "❔",
        Verdict::Error => "⛔",
    }
}

/// Renders the comparison as Markdown.
#[must_use]
pub fn render(c: &Comparison, info: &RunInfo) -> String {
    let lang = info.lang;
    let mut m = String::new();
    let _ = writeln!(
        m,
        "## {}\n\n{}{}{}\n",
        escape(&title(c, lang)),
        text::word(Word::EvaluationDate, lang),
        lang.colon(),
        escape(&info.date)
    );
    let _ = writeln!(
        m,
        "| | {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---:|---:|---:|---:|---|",
        text::word(Word::Layout, lang),
        text::word(Word::Verdict, lang),
        text::status(Status::Pass, lang),
        text::status(Status::Fail, lang),
        text::status(Status::NotAssessed, lang),
        text::status(Status::Waived, lang),
        text::word(Word::Source, lang)
    );
    for (j, l) in c.layouts.iter().enumerate() {
        let v = l.assessment.verdict;
        let [p, f, n, w] = counts(l);
        let _ = writeln!(
            m,
            "| **{}** | {} | {} {} | {p} | {f} | {n} | {w} | {} |",
            Comparison::key(j),
            escape(&layout_name(l, lang)),
            verdict_mark(v),
            text::verdict(v, lang),
            escape(&l.source)
        );
    }
    verdicts(&mut m, c, lang);
    matrix(&mut m, c, lang);
    shortfalls(&mut m, c, lang);
    m
}

/// Which layouts comply, and whether they differ.
fn verdicts(m: &mut String, c: &Comparison, lang: Lang) {
    let complying = c.complying();
    if complying.is_empty() {
        let _ = writeln!(m, "\n**{}**\n", text::word(Word::NoLayoutComplies, lang));
    } else {
        let keys: Vec<String> = complying
            .iter()
            .map(|&j| {
                format!(
                    "**{}**{}",
                    Comparison::key(j),
                    lang.paren(&escape(&layout_name(&c.layouts[j], lang)))
                )
            })
            .collect();
        let _ = writeln!(
            m,
            "\n{}{}{}\n",
            text::word(Word::LayoutsThatComply, lang),
            lang.colon(),
            keys.join(lang.pick("、", ", "))
        );
    }
    let differing = c.differing().count();
    if differing == 0 {
        let _ = writeln!(m, "{}\n", text::word(Word::NoDifferences, lang));
    } else {
        let _ = writeln!(
            m,
            "≠ {}{}{differing}\n",
            text::word(Word::WhereTheyDiffer, lang),
            lang.colon()
        );
    }
}

/// The table of requirement × layout, the rows whose outcomes differ in bold and marked.
fn matrix(m: &mut String, c: &Comparison, lang: Lang) {
    let _ = write!(
        m,
        "| {} | {} | {} |",
        text::word(Word::Clause, lang),
        text::word(Word::Requirement, lang),
        text::word(Word::Required, lang)
    );
    for j in 0..c.layouts.len() {
        let _ = write!(m, " {} |", Comparison::key(j));
    }
    let _ = writeln!(m, " |\n|---|---|---|{}---|", "---|".repeat(c.layouts.len()));
    for row in &c.rows {
        let Some(r) = c.requirement(row) else {
            continue;
        };
        let name = escape(&row_name(c, r, lang, false));
        let name = if row.outcome_differs {
            format!("**{name}**")
        } else {
            name
        };
        let _ = write!(
            m,
            "| {} | {name} | {} |",
            escape(&r.clause),
            escape(&required(c, row, lang))
        );
        for (j, l) in c.layouts.iter().enumerate() {
            match c.cell(row, j) {
                Some(f) => {
                    let _ = write!(
                        m,
                        " {} {} |",
                        status_mark(f.status),
                        escape(&cell(l, f, lang, true))
                    );
                }
                None => m.push_str(" |"),
            }
        }
        let _ = writeln!(m, " {} |", if row.outcome_differs { "≠" } else { "" });
    }
}

/// Each layout's shortfall, as a list.
fn shortfalls(m: &mut String, c: &Comparison, lang: Lang) {
    for (j, l) in c.layouts.iter().enumerate() {
        for (word, lines) in [
            (Word::LayoutShortfall, l.shortfall().collect::<Vec<_>>()),
            (Word::LayoutAdvice, l.advice().collect()),
        ] {
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(
                m,
                "\n### {} {} — {}\n",
                Comparison::key(j),
                escape(&layout_name(l, lang)),
                text::word(word, lang)
            );
            for f in lines {
                let _ = writeln!(
                    m,
                    "- {} {} {}",
                    if word == Word::LayoutAdvice {
                        "💡"
                    } else {
                        status_mark(f.status)
                    },
                    escape(&f.clause),
                    escape(&shortfall_line(l, f, lang))
                );
            }
        }
    }
}
