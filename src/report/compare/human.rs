//! The terminal comparison: a legend of the layouts (A, B, …) with their verdicts, a table of
//! requirement × layout that fits the terminal's width (a CJK character is two columns), the
//! rows whose outcomes differ marked `≠`, which layouts comply, and each layout's shortfall.

use std::fmt::Write as _;

use super::{cell, layout_name, mark, required, row_name, shortfall_line, title};
use crate::check::compare::Comparison;
use crate::check::{Status, Verdict};
use crate::i18n::Lang;
use crate::model::standard::Severity;
use crate::report::RunInfo;
use crate::report::escape::line as sanitize;
use crate::report::human::Style;
use crate::report::text::{self, Word};
use crate::report::width::{cut, left, width};

/// Widest a layout's column gets.
const CELL_MAX: usize = 16;
/// Narrowest the requirement column gets before the layout columns are cut further.
const NAME_MIN: usize = 22;

fn paint(style: Style, code: &str, s: &str) -> String {
    if style.color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_owned()
    }
}

fn verdict_mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Compliant => "✔",
        Verdict::NonCompliant => "✘",
        Verdict::Incomplete => "?",
        Verdict::Error => "!",
    }
}

fn color_of(s: Status) -> &'static str {
    match s {
        Status::Pass => "32",
        Status::Fail => "31",
        Status::NotAssessed => "33",
        Status::Waived => "36",
    }
}

/// Renders the comparison for a terminal `info.style.width` columns wide.
#[must_use]
pub fn render(c: &Comparison, info: &RunInfo) -> String {
    let lang = info.lang;
    let style = info.style;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n{}{}{}",
        paint(style, "1", &sanitize(&title(c, lang))),
        text::word(Word::EvaluationDate, lang),
        lang.colon(),
        info.date
    );
    legend(&mut out, c, lang, style);
    table(&mut out, c, lang, style);
    differences(&mut out, c, lang, style);
    shortfalls(&mut out, c, lang, style);
    out
}

/// The layouts (A, B, …) with their verdicts.
fn legend(out: &mut String, c: &Comparison, lang: Lang, style: Style) {
    let verdict_w = c
        .layouts
        .iter()
        .map(|l| width(text::verdict(l.assessment.verdict, lang)) + 2)
        .max()
        .unwrap_or(0);
    for (j, l) in c.layouts.iter().enumerate() {
        let v = l.assessment.verdict;
        let _ = writeln!(
            out,
            "  {}  {}  {} — {}",
            paint(style, "1", &Comparison::key(j)),
            left(
                &format!("{} {}", verdict_mark(v), text::verdict(v, lang)),
                verdict_w
            ),
            sanitize(&layout_name(l, lang)),
            sanitize(&l.source)
        );
    }
    out.push('\n');
}

/// The table of requirement × layout, fitted to the terminal's width.
fn table(out: &mut String, c: &Comparison, lang: Lang, style: Style) {
    // Column widths: clause and required fit their longest entry; each layout's column fits
    // its cells up to CELL_MAX; the requirement's name gets the rest of the line.
    let n = c.layouts.len();
    let rows: Vec<_> = c
        .rows
        .iter()
        .filter_map(|row| c.requirement(row).map(|r| (row, r)))
        .collect();
    let clause_w = rows
        .iter()
        .map(|(_, r)| width(&r.clause))
        .chain([width(text::word(Word::Clause, lang))])
        .max()
        .unwrap_or(0)
        .min(16);
    let required_w = rows
        .iter()
        .map(|(row, _)| width(&required(c, row, lang)))
        .chain([width(text::word(Word::Required, lang))])
        .max()
        .unwrap_or(0)
        // `若干（至少 1 本）`, the norm's 若干 with the minimum checked, fits whole in Chinese;
        // in English a long requirement (`run by a social organisation`) is cut instead.
        .min(match lang {
            Lang::Zh => 18,
            Lang::En => 14,
        });
    let mut cell_w = (0..n)
        .flat_map(|j| {
            rows.iter().filter_map(move |(row, _)| {
                c.cell(row, j)
                    .map(|f| width(&cell(&c.layouts[j], f, lang, false)) + 2)
            })
        })
        .max()
        .unwrap_or(3)
        .clamp(3, CELL_MAX);
    // Indent, clause, the gaps around the name, required, the layouts, then `  ≠`.
    let fixed = |cw: usize| 2 + clause_w + 2 + 2 + required_w + n * (2 + cw) + 3;
    while cell_w > 8 && style.width.saturating_sub(fixed(cell_w)) < NAME_MIN {
        cell_w -= 1;
    }
    let name_w = style.width.saturating_sub(fixed(cell_w)).max(12);

    let mut head = format!(
        "  {}  {}  {}",
        left(text::word(Word::Clause, lang), clause_w),
        left(text::word(Word::Requirement, lang), name_w),
        left(text::word(Word::Required, lang), required_w)
    );
    for j in 0..n {
        let _ = write!(head, "  {}", left(&Comparison::key(j), cell_w));
    }
    let _ = writeln!(out, "{}", paint(style, "1", head.trim_end()));
    let _ = writeln!(out, "  {}", "─".repeat(fixed(cell_w) + name_w - 2));
    let mut clause_shown: Option<&str> = None;
    for (row, r) in &rows {
        let clause = if clause_shown == Some(r.clause.as_str()) {
            ""
        } else {
            r.clause.as_str()
        };
        clause_shown = Some(r.clause.as_str());
        let mut line = format!(
            "  {}  {}  {}",
            left(&sanitize(clause), clause_w),
            left(&sanitize(&row_name(c, r, lang, true)), name_w),
            left(&sanitize(&required(c, row, lang)), required_w)
        );
        for (j, l) in c.layouts.iter().enumerate() {
            let Some(f) = c.cell(row, j) else { continue };
            let text = cut(
                &format!("{} {}", mark(f.status), sanitize(&cell(l, f, lang, false))),
                cell_w,
            );
            let padded = left(&text, cell_w);
            let _ = write!(line, "  {}", paint(style, color_of(f.status), &padded));
        }
        if row.outcome_differs {
            let _ = write!(line, "  {}", paint(style, "1;33", "≠"));
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out.push('\n');
}

/// Where the layouts differ, and which comply.
fn differences(out: &mut String, c: &Comparison, lang: Lang, style: Style) {
    // Where they differ, which comply, and what each lacks.
    let differing: Vec<String> = c
        .differing()
        .filter_map(|row| c.requirement(row))
        .map(|r| format!("{} {}", r.clause, r.name.get(lang)))
        .collect();
    if differing.is_empty() {
        let _ = writeln!(out, "{}", text::word(Word::NoDifferences, lang));
    } else {
        let _ = writeln!(
            out,
            "≠ {}{}{}",
            text::word(Word::WhereTheyDiffer, lang),
            lang.paren(&differing.len().to_string()),
            lang.pick("：", ":")
        );
        for d in &differing {
            let _ = writeln!(
                out,
                "    {}",
                cut(&sanitize(d), style.width.saturating_sub(4))
            );
        }
    }
    let complying = c.complying();
    if complying.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            paint(style, "1;31", text::word(Word::NoLayoutComplies, lang))
        );
    } else {
        let names: Vec<String> = complying
            .iter()
            .map(|&j| {
                format!(
                    "{} — {}",
                    Comparison::key(j),
                    sanitize(&layout_name(&c.layouts[j], lang))
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "{}{}{}",
            paint(style, "1;32", text::word(Word::LayoutsThatComply, lang)),
            lang.colon(),
            names.join(lang.pick("、", ", "))
        );
    }
}

/// What each layout lacks.
fn shortfalls(out: &mut String, c: &Comparison, lang: Lang, style: Style) {
    for (j, l) in c.layouts.iter().enumerate() {
        for (word, lines) in [
            (Word::LayoutShortfall, l.shortfall().collect::<Vec<_>>()),
            (Word::LayoutAdvice, l.advice().collect()),
        ] {
            layout_list(out, (j, l), word, &lines, lang, style);
        }
    }
}

/// One list of a layout's findings under its heading.
fn layout_list(
    out: &mut String,
    (j, l): (usize, &crate::check::compare::Layout),
    word: Word,
    lines: &[&crate::check::Finding],
    lang: Lang,
    style: Style,
) {
    {
        if lines.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "\n{} {} — {}{}{}",
            paint(style, "1", &Comparison::key(j)),
            sanitize(&layout_name(l, lang)),
            text::word(word, lang),
            lang.paren(&lines.len().to_string()),
            lang.pick("：", ":")
        );
        for f in lines {
            let m = match (f.status, f.severity) {
                (Status::Fail, Severity::Error) => paint(style, "31", "✘"),
                (Status::Fail, _) => paint(style, "33", "💡"),
                _ => paint(style, "33", "?"),
            };
            let _ = writeln!(
                out,
                "  {m} [{}] {}",
                sanitize(&f.clause),
                sanitize(&shortfall_line(l, f, lang))
            );
        }
    }
}
