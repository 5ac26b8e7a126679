//! The HTML comparison: one self-contained page (inline CSS; no scripts, fonts or images to
//! fetch) with the layouts and their verdicts, the requirement × layout table with the rows
//! whose outcomes differ highlighted, and each layout's shortfall. Every string is escaped.

use std::fmt::Write as _;

use super::{cell, counts, layout_name, required, row_name, shortfall_line, title};
use crate::check::compare::Comparison;
use crate::check::{Status, Verdict};
use crate::i18n::Lang;
use crate::report::RunInfo;
use crate::report::escape::html as escape;
use crate::report::text::{self, Word};

const CSS: &str = r"
body { margin: 0; background: #eef1f4; color: #1f2328; font: 14px/1.5 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans', 'Segoe UI', Arial, sans-serif; }
main { max-width: 1180px; margin: 24px auto; background: #fff; padding: 28px 36px; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 24px 0 8px; }
.meta { color: #59636e; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 3px 8px; border-bottom: 1px solid #d0d7de; }
thead th { background: #f6f8fa; border-bottom: 2px solid #d0d7de; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.clause { white-space: nowrap; color: #59636e; }
.rid { display: block; color: #59636e; font-size: 11px; font-family: ui-monospace, monospace; }
.badge { display: inline-block; white-space: nowrap; border-radius: 3px; padding: 0 6px; font-weight: 600; font-size: 12.5px; border: 1px solid currentColor; }
.v-compliant, .s-pass { color: #1a7f37; } .v-non_compliant, .s-fail { color: #b42318; }
.v-incomplete, .s-not_assessed { color: #4b5a6b; } .v-error { color: #6e40c9; } .s-waived { color: #8a5a00; }
td.s-fail { background: #fdecea; } td.s-not_assessed { background: #eef1f5; } td.s-waived { background: #fdf4dc; }
tr.differs td.req { font-weight: 600; } tr.differs td { border-bottom-color: #c98a00; }
tr.differs td.mark { background: #fff3c4; color: #8a5a00; font-weight: 700; text-align: center; }
.complies { font-weight: 600; color: #1a7f37; } .none { font-weight: 600; color: #b42318; }
ul.short { margin: 4px 0 12px; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { background: none; font-size: 9.5pt; } main { box-shadow: none; margin: 0; padding: 0; max-width: none; } tr { break-inside: avoid; } }
";

fn status_badge(s: Status, lang: crate::i18n::Lang) -> String {
    format!(
        "<span class=\"badge s-{}\">{} {}</span>",
        s.as_str(),
        super::mark(s),
        text::status(s, lang)
    )
}

fn verdict_badge(v: Verdict, lang: crate::i18n::Lang) -> String {
    format!(
        "<span class=\"badge v-{}\">{}</span>",
        v.as_str(),
        text::verdict(v, lang)
    )
}

/// Renders the comparison as one HTML page.
#[must_use]
pub fn render(c: &Comparison, info: &RunInfo) -> String {
    let lang = info.lang;
    let mut p = String::new();
    let t = title(c, lang);
    let _ = write!(
        p,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"sitecheck {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<p class=\"meta\">{}{}{}</p>\n",
        lang.tag(),
        escape(&info.tool_version),
        escape(&t),
        escape(&t),
        text::word(Word::EvaluationDate, lang),
        lang.colon(),
        escape(&info.date)
    );
    layouts(&mut p, c, lang);
    verdicts(&mut p, c, lang);
    matrix(&mut p, c, lang);
    shortfalls(&mut p, c, lang);
    let _ = write!(
        p,
        "<footer class=\"meta\">{} sitecheck {}</footer>\n</main>\n</body>\n</html>\n",
        text::word(Word::GeneratedBy, lang),
        escape(&info.tool_version)
    );
    p
}

/// The layouts with their verdicts and counts.
fn layouts(p: &mut String, c: &Comparison, lang: Lang) {
    let _ = writeln!(
        p,
        "<table class=\"layouts\">\n<thead><tr><th></th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead>\n<tbody>",
        text::word(Word::Layout, lang),
        text::word(Word::Verdict, lang),
        text::status(Status::Pass, lang),
        text::status(Status::Fail, lang),
        text::status(Status::NotAssessed, lang),
        text::status(Status::Waived, lang),
        text::word(Word::Source, lang)
    );
    for (j, l) in c.layouts.iter().enumerate() {
        let [pa, fa, na, wa] = counts(l);
        let _ = writeln!(
            p,
            "<tr><th>{}</th><td>{}</td><td>{}</td><td class=\"n\">{pa}</td><td class=\"n\">{fa}</td><td class=\"n\">{na}</td><td class=\"n\">{wa}</td><td>{}</td></tr>",
            Comparison::key(j),
            escape(&layout_name(l, lang)),
            verdict_badge(l.assessment.verdict, lang),
            escape(&l.source)
        );
    }
    let _ = writeln!(p, "</tbody>\n</table>");
}

/// Which layouts comply, and whether they differ.
fn verdicts(p: &mut String, c: &Comparison, lang: Lang) {
    let complying = c.complying();
    if complying.is_empty() {
        let _ = writeln!(
            p,
            "<p class=\"none\">{}</p>",
            text::word(Word::NoLayoutComplies, lang)
        );
    } else {
        let keys: Vec<String> = complying
            .iter()
            .map(|&j| {
                format!(
                    "{}{}",
                    Comparison::key(j),
                    lang.paren(&escape(&layout_name(&c.layouts[j], lang)))
                )
            })
            .collect();
        let _ = writeln!(
            p,
            "<p class=\"complies\">{}{}{}</p>",
            text::word(Word::LayoutsThatComply, lang),
            lang.colon(),
            keys.join(lang.pick("、", ", "))
        );
    }
    let differing = c.differing().count();
    let _ = writeln!(
        p,
        "<p>{}</p>",
        if differing == 0 {
            text::word(Word::NoDifferences, lang).to_owned()
        } else {
            format!(
                "≠ {}{}{differing}",
                text::word(Word::WhereTheyDiffer, lang),
                lang.colon()
            )
        }
    );
}

/// The table of requirement × layout, the rows whose outcomes differ marked.
fn matrix(p: &mut String, c: &Comparison, lang: Lang) {
    let _ = write!(
        p,
        "<h2>{}</h2>\n<table class=\"matrix\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th>",
        text::word(Word::ComparisonTitle, lang),
        text::word(Word::Clause, lang),
        text::word(Word::Requirement, lang),
        text::word(Word::Required, lang)
    );
    for j in 0..c.layouts.len() {
        let _ = write!(p, "<th>{}</th>", Comparison::key(j));
    }
    let _ = writeln!(p, "<th></th></tr></thead>\n<tbody>");
    for row in &c.rows {
        let Some(r) = c.requirement(row) else {
            continue;
        };
        let _ = write!(
            p,
            "<tr{}><td class=\"clause\">{}</td><td class=\"req\">{}<span class=\"rid\">{}</span></td><td>{}</td>",
            if row.outcome_differs {
                " class=\"differs\""
            } else {
                ""
            },
            escape(&r.clause),
            escape(&row_name(c, r, lang, false)),
            escape(&r.id),
            escape(&required(c, row, lang))
        );
        for (j, l) in c.layouts.iter().enumerate() {
            match c.cell(row, j) {
                Some(f) => {
                    let _ = write!(
                        p,
                        "<td class=\"s-{}\">{}<br>{}</td>",
                        f.status.as_str(),
                        status_badge(f.status, lang),
                        escape(&cell(l, f, lang, true))
                    );
                }
                None => p.push_str("<td></td>"),
            }
        }
        let _ = writeln!(
            p,
            "<td class=\"mark\">{}</td></tr>",
            if row.outcome_differs { "≠" } else { "" }
        );
    }
    let _ = writeln!(p, "</tbody>\n</table>");
}

/// Each layout's shortfall.
fn shortfalls(p: &mut String, c: &Comparison, lang: Lang) {
    for (j, l) in c.layouts.iter().enumerate() {
        for (word, lines) in [
            (Word::LayoutShortfall, l.shortfall().collect::<Vec<_>>()),
            (Word::LayoutAdvice, l.advice().collect()),
        ] {
            if lines.is_empty() {
                continue;
            }
            let advice = word == Word::LayoutAdvice;
            let _ = writeln!(
                p,
                "<h2>{} {} — {}</h2>\n<ul class=\"short\">",
                Comparison::key(j),
                escape(&layout_name(l, lang)),
                text::word(word, lang)
            );
            for f in lines {
                let _ = writeln!(
                    p,
                    "<li><span class=\"s-{}\">{}</span> <span class=\"clause\">{}</span> {}</li>",
                    if advice { "advice" } else { f.status.as_str() },
                    if advice {
                        "💡"
                    } else {
                        super::mark(f.status)
                    },
                    escape(&f.clause),
                    escape(&shortfall_line(l, f, lang))
                );
            }
            let _ = writeln!(p, "</ul>");
        }
    }
}
