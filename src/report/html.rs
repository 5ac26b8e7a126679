//! The HTML report: one self-contained page (inline CSS and SVG; no scripts, fonts or images to
//! fetch) that an inspector prints on A4 and a district office opens in a browser. The run's
//! summary first — verdicts overall and by level, and the facilities that fail — then per
//! facility its verdict, a chart of measured against required, and every requirement grouped
//! by article. Every string from an inventory or a standard is escaped.

use std::fmt::Write as _;

use super::text::{self, Word};
use super::{Entry, Outcome, RunInfo, Summary, escape};
use crate::check::{Assessment, Finding, Status, Verdict};
use crate::diagnostic::Problem;
use crate::i18n::Lang;
use crate::model::standard::Check;
use crate::source::SourceText;

/// The article a clause belongs to: `第九条(三)` → `第九条`; clauses without 条 are cut at
/// their first parenthesis (`Art. 9(3)` → `Art. 9`).
fn article(clause: &str) -> &str {
    if let Some(i) = clause.find('条') {
        return &clause[..i + '条'.len_utf8()];
    }
    clause
        .find(['(', '（'])
        .map_or(clause, |i| clause[..i].trim_end())
}

/// The page's style sheet, a file of its own (`src/report/html.css`) included at build time.
const CSS: &str = include_str!("html.css");

/// The HTML report: one page for the whole run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Html;

impl super::Renderer for Html {
    fn streams(&self) -> bool {
        false
    }

    fn finish(
        &self,
        out: &mut dyn std::io::Write,
        run: &super::Run<'_>,
        info: &RunInfo,
    ) -> std::io::Result<()> {
        let mut p = String::new();
        page(&mut p, run.entries, run.summary, info);
        out.write_all(p.as_bytes())
    }

    fn compares(&self) -> Option<&'static str> {
        Some("One self-contained HTML page")
    }

    fn compare(&self, c: &crate::check::compare::Comparison, info: &RunInfo) -> Option<String> {
        Some(super::compare::html::render(c, info))
    }
}

/// What the page is about, for its title and heading: the facility of a single report, the
/// district of a batch checked against its roster, else the report's name alone.
fn page_title(entries: &[Entry], summary: &Summary, lang: Lang) -> String {
    let report = text::word(Word::ReportTitle, lang);
    let about = match entries {
        [e] => match &e.outcome {
            Outcome::Checked(a) => {
                let f = &a.inventory.facility;
                Some(f.name.clone().unwrap_or_else(|| f.id.clone()))
            }
            Outcome::Failed { .. } => None,
        },
        _ => summary.coverage.as_ref().and_then(|c| c.district.clone()),
    };
    match about {
        Some(about) => format!("{} — {report}", escape::line(&about)),
        None => report.to_owned(),
    }
}

fn page(p: &mut String, entries: &[Entry], summary: &Summary, info: &RunInfo) {
    let lang = info.lang;
    let title = page_title(entries, summary, lang);
    let title = title.as_str();
    let _ = write!(
        p,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"sitecheck {}\">\n<title>{} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        lang.tag(),
        escape::html(&info.tool_version),
        escape::html(title),
        escape::html(&info.date)
    );
    let _ = writeln!(p, "<header>\n<h1>{}</h1>", escape::html(title));
    let mut standards: Vec<String> = Vec::new();
    for e in entries {
        if let Outcome::Checked(a) = &e.outcome {
            let s = format!(
                "{}{}",
                a.standard.title.get(lang),
                lang.paren(&a.standard.label())
            );
            if !standards.contains(&s) {
                standards.push(s);
            }
        }
    }
    let _ = write!(
        p,
        "<p class=\"meta\"><span>{}{}{}</span>",
        text::word(Word::EvaluationDate, lang),
        lang.colon(),
        escape::html(&info.date)
    );
    for s in &standards {
        let _ = write!(
            p,
            "<span>{}{}{}</span>",
            text::word(Word::Standard, lang),
            lang.colon(),
            escape::html(s)
        );
    }
    let _ = writeln!(p, "</p>\n</header>");
    summary_section(p, entries, summary, info);
    p.push_str(&super::district::html(summary, info));
    for (i, e) in entries.iter().enumerate() {
        match &e.outcome {
            Outcome::Checked(a) => facility_section(p, i, e, a, info),
            Outcome::Failed { problems } => error_section(p, i, e, problems, lang),
        }
    }
    let _ = write!(
        p,
        "<footer>{} sitecheck {} · {} {}</footer>\n</main>\n</body>\n</html>\n",
        text::word(Word::GeneratedBy, lang),
        escape::html(&info.tool_version),
        text::word(Word::EvaluationDate, lang),
        escape::html(&info.date)
    );
}

fn verdict_badge(v: Verdict, lang: Lang) -> String {
    let mark = match v {
        Verdict::Compliant => "✓",
        Verdict::NonCompliant => "✗",
        Verdict::Incomplete => "?",
        Verdict::Error => "!",
    };
    format!(
        "<span class=\"badge v-{}\">{mark} {}</span>",
        v.as_str(),
        text::verdict(v, lang)
    )
}

/// A finding's badge: an advisory that fails is drawn as advice (💡 建议改进), never as a
/// failure.
fn status_badge(f: &Finding, lang: Lang) -> String {
    let advisory = f.is_advice();
    let (mark, class) = match f.status {
        Status::Pass => ("✓", "pass"),
        Status::Fail if advisory => ("💡", "advice"),
        Status::Fail => ("✗", "fail"),
        Status::NotAssessed => ("?", "not_assessed"),
        Status::Waived => ("⚐", "waived"),
    };
    format!(
        "<span class=\"badge s-{class}\">{mark} {}</span>",
        text::finding_status(f, lang)
    )
}

fn facility_label(e: &Entry) -> (String, Option<String>) {
    match &e.outcome {
        Outcome::Checked(a) => {
            let f = &a.inventory.facility;
            (
                f.name.clone().unwrap_or_else(|| f.id.clone()),
                Some(f.id.clone()),
            )
        }
        Outcome::Failed { .. } => (e.source.clone(), None),
    }
}

fn level_name(entries: &[Entry], level: &str, lang: Lang) -> String {
    entries
        .iter()
        .find_map(|e| match &e.outcome {
            Outcome::Checked(a) if a.inventory.facility.level == level => {
                Some(text::level_name(&a.standard, level, lang).to_owned())
            }
            _ => None,
        })
        .unwrap_or_else(|| level.to_owned())
}

fn count(a: &Assessment, s: Status) -> usize {
    a.findings.iter().filter(|f| f.status == s).count()
}

fn summary_section(p: &mut String, entries: &[Entry], summary: &Summary, info: &RunInfo) {
    let lang = info.lang;
    let _ = writeln!(
        p,
        "<section class=\"summary\">\n<h2>{}</h2>\n<div class=\"tiles\">",
        text::word(Word::Summary, lang)
    );
    for v in Verdict::ALL {
        let _ = writeln!(
            p,
            "<div class=\"tile v-{}\"><b>{}</b>{}</div>",
            v.as_str(),
            summary.counts.of(v),
            text::verdict(v, lang)
        );
    }
    let _ = writeln!(
        p,
        "</div>\n<h3>{}</h3>\n<table class=\"levels\">\n<thead><tr><th>{}</th>",
        text::word(Word::ByLevel, lang),
        text::word(Word::Level, lang)
    );
    for v in Verdict::ALL {
        let _ = write!(p, "<th class=\"n\">{}</th>", text::verdict(v, lang));
    }
    let _ = writeln!(
        p,
        "<th class=\"n\">{}</th></tr></thead>\n<tbody>",
        text::word(Word::Total, lang)
    );
    let row = |p: &mut String, name: &str, c: &super::Counts, tag: &str| {
        let _ = write!(p, "<tr><{tag}>{}</{tag}>", escape::html(name));
        for v in Verdict::ALL {
            let _ = write!(p, "<td class=\"n\">{}</td>", c.of(v));
        }
        let _ = writeln!(p, "<td class=\"n\">{}</td></tr>", c.total);
    };
    for (level, c) in &summary.by_level {
        row(p, &level_name(entries, level, lang), c, "td");
    }
    row(p, text::word(Word::Total, lang), &summary.counts, "th");
    let _ = writeln!(
        p,
        "</tbody>\n</table>\n<h3>{}</h3>",
        text::word(Word::FailingFacilities, lang)
    );
    let failing: Vec<(usize, &Entry)> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.verdict() != Verdict::Compliant)
        .collect();
    if failing.is_empty() {
        let _ = writeln!(
            p,
            "<p class=\"empty\">{}</p>",
            text::word(Word::AllComply, lang)
        );
    } else {
        let _ = writeln!(
            p,
            "<table class=\"failing\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead>\n<tbody>",
            text::word(Word::Facility, lang),
            text::word(Word::Level, lang),
            text::word(Word::Verdict, lang),
            text::status(Status::Fail, lang),
            text::status(Status::NotAssessed, lang)
        );
        for (i, e) in failing {
            let (name, id) = facility_label(e);
            let (fail, na) = match &e.outcome {
                Outcome::Checked(a) => (
                    count(a, Status::Fail).to_string(),
                    count(a, Status::NotAssessed).to_string(),
                ),
                Outcome::Failed { .. } => ("–".to_owned(), "–".to_owned()),
            };
            let id = id.map_or_else(String::new, |id| {
                format!("<span class=\"rid\">{}</span>", escape::html(&id))
            });
            let level = e
                .level()
                .map_or_else(String::new, |l| level_name(entries, l, lang));
            let _ = writeln!(
                p,
                "<tr><td><a href=\"#facility-{}\">{}</a>{id}</td><td>{}</td><td>{}</td><td class=\"n\">{fail}</td><td class=\"n\">{na}</td></tr>",
                i + 1,
                escape::html(&name),
                escape::html(&level),
                verdict_badge(e.verdict(), lang)
            );
        }
        let _ = writeln!(p, "</tbody>\n</table>");
    }
    let _ = writeln!(p, "</section>");
}

fn facility_section(p: &mut String, i: usize, e: &Entry, a: &Assessment, info: &RunInfo) {
    let lang = info.lang;
    let fac = &a.inventory.facility;
    let name = fac.name.as_deref().unwrap_or(&fac.id);
    let _ = writeln!(
        p,
        "<section class=\"facility\" id=\"facility-{}\">\n<div class=\"fac-head\">{}<h2>{}</h2></div>",
        i + 1,
        verdict_badge(a.verdict, lang),
        escape::html(name)
    );
    // A re-inspection leads with what was fixed and what is new.
    if let Some(c) = &a.baseline {
        let _ = writeln!(
            p,
            "<p class=\"recheck\">↻ {}</p>",
            escape::html(&super::recheck::facility(c, lang))
        );
        if let Some(fixed) = super::recheck::fixed_line(a, lang) {
            let _ = writeln!(
                p,
                "<p class=\"recheck fixed\">✔ {}</p>",
                escape::html(&fixed)
            );
        }
    }
    let _ = write!(p, "<dl class=\"facts\">");
    let mut fact = |k: Word, v: &str| {
        let _ = write!(
            p,
            "<dt>{}</dt><dd>{}</dd>",
            text::word(k, lang),
            escape::html(v)
        );
    };
    fact(Word::Id, &fac.id);
    fact(Word::Level, text::level_name(&a.standard, &fac.level, lang));
    if a.inventory.is_proposed_layout() {
        fact(Word::Survey, text::layout_note(lang));
    }
    for w in a.inventory.facility.identity_warnings() {
        fact(Word::Id, &format!("⚠ {}", w.message(lang)));
    }
    let judged = format!(
        "{}{}",
        a.standard.title.get(lang),
        lang.paren(&a.standard.label())
    );
    match a.named_standard() {
        Some(named) => fact(
            Word::Standard,
            &format!(
                "{judged} — ⚠ {}",
                text::judged_by(&named, &a.standard.label(), lang)
            ),
        ),
        None => fact(Word::Standard, &judged),
    }
    fact(Word::Source, &e.source);
    let survey: Vec<&str> = [
        a.inventory.survey_date.as_deref(),
        a.inventory.surveyor.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !survey.is_empty() {
        fact(Word::Survey, &survey.join(" · "));
    }
    if !a.inventory.other_zones.is_empty() {
        fact(
            Word::AlsoRecorded,
            &a.inventory.other_zones.join(lang.pick("、", ", ")),
        );
    }
    let _ = writeln!(p, "</dl>");
    let _ = write!(p, "<p class=\"tally\">");
    for s in [
        Status::Pass,
        Status::Fail,
        Status::NotAssessed,
        Status::Waived,
    ] {
        let _ = write!(
            p,
            "<span class=\"s-{}\">{} {}</span>",
            s.as_str(),
            count(a, s),
            text::status(s, lang)
        );
    }
    let _ = writeln!(p, "</p>");
    chart(p, i, a, lang);
    findings_table(p, a, info);
    let _ = writeln!(p, "</section>");
}

/// A finding's note (HTML): its shortfall, who was counted, its waiver and its rectification
/// order.
fn finding_note(a: &Assessment, f: &Finding, lang: Lang) -> String {
    let mut note = text::shortfall(a, f, lang).map_or_else(String::new, |s| escape::html(&s));
    if let Some(d) = text::detail(a, f, lang) {
        let _ = write!(note, "<span class=\"note\">{}</span>", escape::html(&d));
    }
    if let Some(w) = &f.waiver {
        let _ = write!(
            note,
            "<span class=\"note waiver\">{}</span>",
            escape::html(&text::waiver(w, lang))
        );
    } else if f.waiver_expired {
        let _ = write!(
            note,
            "<span class=\"note expired\">{}</span>",
            text::word(Word::WaiverExpired, lang)
        );
    }
    if let Some(o) = &f.order {
        let _ = write!(
            note,
            "<span class=\"note order order-{}\">{}</span>",
            o.state.as_str(),
            escape::html(&text::order(o, lang))
        );
    }
    note
}

fn findings_table(p: &mut String, a: &Assessment, info: &RunInfo) {
    let lang = info.lang;
    let shown: Vec<&Finding> = a.findings.iter().filter(|f| info.shows(f)).collect();
    if info.omit_passes {
        let _ = writeln!(
            p,
            "<p class=\"empty\">{}</p>",
            text::word(Word::PassesOmitted, lang)
        );
    }
    if shown.is_empty() {
        return;
    }
    let _ = write!(
        p,
        "<table class=\"findings\">\n<colgroup><col class=\"c-clause\"><col class=\"c-req\"><col class=\"c-sev\"><col class=\"c-status\"><col class=\"c-exp\"><col class=\"c-act\"><col class=\"c-short\"></colgroup>\n<thead><tr>"
    );
    for w in [
        Word::Clause,
        Word::Requirement,
        Word::Severity,
        Word::Status,
        Word::Expected,
        Word::Actual,
        Word::Shortfall,
    ] {
        let _ = write!(p, "<th>{}</th>", text::word(w, lang));
    }
    let _ = writeln!(p, "</tr></thead>");
    let mut current: Option<&str> = None;
    for f in shown {
        let art = article(&f.clause);
        if current != Some(art) {
            if current.is_some() {
                let _ = writeln!(p, "</tbody>");
            }
            let _ = writeln!(
                p,
                "<tbody>\n<tr class=\"article\"><th colspan=\"7\">{}</th></tr>",
                escape::html(art)
            );
            current = Some(art);
        }
        let name = a
            .requirement(f)
            .map_or(f.requirement.as_str(), |r| r.name.get(lang));
        let note = finding_note(a, f, lang);
        let _ = writeln!(
            p,
            "<tr class=\"s-{}\"><td class=\"clause\">{}</td><td>{}<span class=\"rid\">{}</span></td><td class=\"sev sev-{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{note}</td></tr>",
            if f.is_advice() {
                "advice"
            } else {
                f.status.as_str()
            },
            escape::html(&f.clause),
            escape::html(name),
            escape::html(&f.requirement),
            f.severity.as_str(),
            text::severity(f.severity, lang),
            status_badge(f, lang)
                + &super::recheck::tag(f, lang)
                    .map(|t| format!(
                        " <span class=\"bstate b-{}\">{}</span>",
                        f.baseline
                            .map_or("", crate::check::baseline::BaselineState::as_str),
                        escape::html(&t)
                    ))
                    .unwrap_or_default(),
            escape::html(&text::expected(a, f, lang)),
            escape::html(&text::actual(a, f, lang)),
        );
    }
    let _ = writeln!(p, "</tbody>\n</table>");
}

/// Width of a label in the chart, in units of the font size: CJK and other wide characters
/// count 1, the rest about 0.55. Enough to decide where to cut a label with `…`.
fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.56 })
        .sum()
}

fn fit(s: &str, em: f64) -> String {
    if text_width(s) <= em {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = text_width(c.encode_utf8(&mut [0; 4]));
        if w + cw > em - 1.0 {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// The zone a requirement is about, for grouping the chart's rows.
fn zone_of(a: &Assessment, f: &Finding) -> Option<String> {
    match a.requirement(f).map(|r| &r.check) {
        Some(Check::Equipment { zone, .. } | Check::Kinds { zone, .. }) => Some(zone.clone()),
        Some(
            Check::FloorArea { .. }
            | Check::Zone { .. }
            | Check::Topics { .. }
            | Check::AgeBands { .. }
            | Check::StaffCount { .. }
            | Check::StaffAny { .. }
            | Check::Operation { .. }
            | Check::Service { .. }
            | Check::Option { .. },
        )
        | None => None,
    }
}

/// A chart row's label: the requirement's name without its zone's name in front (the group
/// heading says it), cut to fit.
fn chart_label(name: &str, zone: Option<&str>) -> String {
    let short = zone
        .and_then(|z| name.strip_prefix(z))
        .map(|rest| rest.trim_start_matches([':', '：', '·', '・', ' ', '-', '—']))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(name);
    short.to_owned()
}

enum Row<'a> {
    Group(String),
    Bar {
        f: &'a Finding,
        required: f64,
        label: String,
    },
}

/// The geometry of the measured-against-required chart, in SVG user units.
mod geometry {
    /// The chart's width.
    pub const W: f64 = 760.0;
    /// Where the labels end: room for an English name of some 50 characters
    /// (`participation of social workers and volunteers`) before it is cut.
    pub const LABEL: f64 = 330.0;
    /// Where the bars start.
    pub const BAR0: f64 = 340.0;
    /// The bars' width at the largest share shown.
    pub const BARW: f64 = 290.0;
    /// The largest share shown (a bar beyond it is cut, marked `»`).
    pub const MAX: f64 = 1.5;
    /// A row's height.
    pub const ROW: f64 = 20.0;
    /// The scale's height above the first row.
    pub const TOP: f64 = 22.0;
    /// The font size.
    pub const FONT: f64 = 12.0;

    /// Where a share of the requirement ends on the chart.
    pub fn x_of(share: f64) -> f64 {
        BAR0 + BARW * share.clamp(0.0, MAX) / MAX
    }
}

/// Measured against required for every numeric threshold (floor area, staff, equipment
/// counts and kinds), as a share of the requirement: a bar per requirement, grouped by zone,
/// and a line at 100%.
fn chart(p: &mut String, idx: usize, a: &Assessment, lang: Lang) {
    use geometry::{BAR0, BARW, FONT, MAX, ROW, TOP, W, x_of};
    let rows = chart_rows(a, lang);
    if rows.is_empty() {
        return;
    }
    let h = TOP + ROW * rows.len() as f64 + 6.0;
    let _ = writeln!(
        p,
        "<figure class=\"chart\"><figcaption>{}<small>{}</small></figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h}\" role=\"img\" aria-label=\"{}\" font-size=\"{FONT}\">",
        text::word(Word::Chart, lang),
        text::word(Word::ChartScale, lang),
        text::word(Word::Chart, lang)
    );
    let hatch = format!("hatch-{}", idx + 1);
    let _ = writeln!(
        p,
        "<defs><pattern id=\"{hatch}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#eef1f5\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9aa5b1\" stroke-width=\"2\"/></pattern></defs>"
    );
    for (share, label) in [(0.0, "0"), (0.5, "50%"), (1.0, "100%"), (MAX, "150%")] {
        let x = x_of(share);
        let _ = writeln!(
            p,
            "<text x=\"{x}\" y=\"12\" text-anchor=\"middle\" fill=\"#59636e\" font-size=\"10\">{label}</text><line x1=\"{x}\" y1=\"16\" x2=\"{x}\" y2=\"{}\" stroke=\"#d0d7de\"/>",
            h - 4.0
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        match row {
            Row::Group(name) => {
                let _ = writeln!(
                    p,
                    "<text x=\"4\" y=\"{}\" font-weight=\"bold\" fill=\"#59636e\">{}</text>",
                    y + 14.0,
                    escape::html(&fit(name, (BAR0 + BARW) / FONT))
                );
            }
            Row::Bar { f, required, label } => {
                let bar = Bar {
                    f,
                    required: *required,
                    label,
                    y,
                    hatch: &hatch,
                };
                chart_bar(p, a, &bar, lang);
            }
        }
    }
    let x = x_of(1.0);
    let _ = writeln!(
        p,
        "<line x1=\"{x}\" y1=\"16\" x2=\"{x}\" y2=\"{}\" stroke=\"#1f2328\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n</svg></figure>",
        h - 4.0
    );
}

/// The chart's rows: a bar per finding with a numeric threshold, a group heading where the
/// zone changes.
fn chart_rows(a: &Assessment, lang: Lang) -> Vec<Row<'_>> {
    use geometry::{FONT, LABEL};
    let mut rows: Vec<Row> = Vec::new();
    let mut current: Option<String> = None;
    for f in &a.findings {
        let Some(required) = f.expected.as_f64().filter(|x| *x > 0.0) else {
            continue;
        };
        let zone = zone_of(a, f);
        let zone_name = zone
            .as_deref()
            .map(|z| a.standard.vocabulary.zones.name(z, lang).to_owned());
        if zone != current {
            if let Some(z) = &zone_name {
                rows.push(Row::Group(z.clone()));
            }
            current.clone_from(&zone);
        }
        let name = a
            .requirement(f)
            .map_or(f.requirement.as_str(), |r| r.name.get(lang));
        rows.push(Row::Bar {
            f,
            required,
            label: fit(
                &chart_label(name, zone_name.as_deref()),
                (LABEL - 16.0) / FONT,
            ),
        });
    }
    rows
}

/// One bar of the chart and where it goes.
struct Bar<'a> {
    f: &'a Finding,
    required: f64,
    label: &'a str,
    /// The row's top.
    y: f64,
    /// The id of the hatch pattern of a value not surveyed.
    hatch: &'a str,
}

/// A bar: its label, then the measured share (or a hatch where nothing was surveyed) and the
/// numbers.
fn chart_bar(p: &mut String, a: &Assessment, bar: &Bar<'_>, lang: Lang) {
    use geometry::{BAR0, BARW, LABEL, MAX, x_of};
    let Bar {
        f,
        required,
        label,
        y,
        hatch,
    } = *bar;
    let _ = write!(
        p,
        "<g class=\"s-{}\"><title>{}</title>",
        f.status.as_str(),
        escape::html(&text::message(a, f, lang))
    );
    let _ = write!(
        p,
        "<text x=\"{LABEL}\" y=\"{}\" text-anchor=\"end\" fill=\"#1f2328\">{}</text>",
        y + 14.0,
        escape::html(label)
    );
    match (f.status, f.actual.as_f64()) {
        (Status::NotAssessed, _) | (_, None) => {
            let _ = write!(
                p,
                "<rect x=\"{BAR0}\" y=\"{}\" width=\"{}\" height=\"12\" fill=\"url(#{hatch})\"/>",
                y + 4.0,
                x_of(1.0) - BAR0
            );
            let _ = write!(
                p,
                "<text x=\"{}\" y=\"{}\" fill=\"#4b5a6b\">{}</text>",
                x_of(MAX) + 6.0,
                y + 14.0,
                text::word(Word::NotSurveyed, lang)
            );
        }
        (status, Some(actual)) => {
            let share = actual / required;
            let color = match status {
                Status::Pass => "#1a7f37",
                Status::Waived => "#c98a00",
                _ => "#b42318",
            };
            let _ = write!(
                p,
                "<rect x=\"{BAR0}\" y=\"{}\" width=\"{BARW}\" height=\"12\" fill=\"#f3f4f6\"/>",
                y + 4.0
            );
            let _ = write!(
                p,
                "<rect x=\"{BAR0}\" y=\"{}\" width=\"{:.1}\" height=\"12\" fill=\"{color}\"/>",
                y + 4.0,
                x_of(share) - BAR0
            );
            if share > MAX {
                let _ = write!(
                    p,
                    "<text x=\"{}\" y=\"{}\" fill=\"#ffffff\" font-weight=\"bold\" text-anchor=\"end\">»</text>",
                    x_of(MAX) - 3.0,
                    y + 14.0
                );
            }
            let unit = a
                .requirement(f)
                .map_or_else(String::new, |r| text::unit(&a.standard, r, lang));
            let _ = write!(
                p,
                "<text x=\"{}\" y=\"{}\" fill=\"{}\">{} / {}</text>",
                x_of(MAX) + 6.0,
                y + 14.0,
                if status == Status::Pass {
                    "#1f2328"
                } else {
                    color
                },
                text::num(actual),
                // The unit agrees with the number it follows: `1 / 1 unit`, `10 / 10 desks`.
                escape::html(&crate::kinds::words::with_unit(&text::num(required), &unit))
            );
        }
    }
    let _ = writeln!(p, "</g>");
}

fn error_section(p: &mut String, i: usize, e: &Entry, problems: &[Problem], lang: Lang) {
    let _ = writeln!(
        p,
        "<section class=\"facility\" id=\"facility-{}\">\n<div class=\"fac-head\">{}<h2>{}</h2></div>\n<dl class=\"facts\"><dt>{}</dt><dd>{}</dd></dl>\n<h3>{}{}</h3>\n<ol class=\"problems\">",
        i + 1,
        verdict_badge(Verdict::Error, lang),
        escape::html(&e.source),
        text::word(Word::Source, lang),
        escape::html(&e.source),
        text::word(Word::Problems, lang),
        lang.paren(&crate::diagnostic::total(problems).to_string())
    );
    for pr in problems {
        let _ = write!(p, "<li>");
        if let Some(l) = pr.location {
            let at = match l.sheet {
                Some(_) => escape::html(&crate::source::position(e.text.as_ref(), l)),
                None => text::line_column(l.line, l.column, lang),
            };
            let _ = write!(p, "<span class=\"loc\">{at}</span>");
        }
        let _ = write!(
            p,
            "{} <span class=\"rid\">{}</span>",
            escape::html(pr.message(lang)),
            escape::html(pr.code.as_str())
        );
        if let (Some(l), Some(t)) = (pr.location.filter(|l| l.sheet.is_none()), e.text.as_ref()) {
            let _ = write!(p, "<pre>{}</pre>", snippet(t, l.line, l.column));
        }
        if let Some(h) = &pr.help {
            let _ = write!(
                p,
                "<span class=\"help\">{}{}{}</span>",
                text::word(Word::Help, lang),
                lang.colon(),
                escape::html(h.get(lang))
            );
        }
        let _ = writeln!(p, "</li>");
    }
    let _ = writeln!(p, "</ol>\n</section>");
}

/// The offending line with a caret under the column (escaped; long lines cropped).
fn snippet(t: &SourceText, line: u32, column: u32) -> String {
    let text: String = t.line(line).chars().take(200).collect();
    let before: String = text
        .chars()
        .take((column as usize).saturating_sub(1))
        .map(|c| {
            if c == '\t' {
                '\t'
            } else if (c as u32) >= 0x2E80 {
                '　'
            } else {
                ' '
            }
        })
        .collect();
    format!(
        "{:>4} | {}\n     | {}^",
        line,
        escape::html(&text),
        escape::html(&before)
    )
}
