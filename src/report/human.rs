//! The terminal report an inspector reads: per facility a verdict line, then every failing or
//! unassessed requirement with its clause, expected vs actual, what would fix it, and the
//! inventory line it is about (a miette snippet). One summary line per run.

use std::fmt::Write as _;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, Severity as MSeverity,
};

use super::{Entry, Outcome, RunInfo, Summary, escape, recheck, text};
use crate::check::{Assessment, Finding, Status, Verdict};
use crate::diagnostic::Problem;
use crate::i18n::Lang;
use crate::model::standard::Severity;
use crate::source::{Location, SourceText};

/// Terminal options.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// ANSI colour.
    pub color: bool,
    /// Width to wrap snippets at.
    pub width: usize,
}

impl Default for Style {
    /// No colour, 100 columns.
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
        }
    }
}

#[derive(Debug)]
struct Snippet {
    message: String,
    code: Option<String>,
    severity: MSeverity,
    help: Option<String>,
    /// Chinese: the help is written by us after this word (整改建议 for a finding, 修改建议 for
    /// a problem in a file), not labelled `help:` by miette.
    advice_zh: Option<&'static str>,
    labels: Vec<LabeledSpan>,
    src: Excerpt,
    /// Further snippets shown after this one (the standard side of a finding), rendered as
    /// snippets of their own rather than as miette "related" reports, which add a bare
    /// severity line.
    related: Vec<Snippet>,
}

/// The few lines a snippet shows (the located line, one before and one after), neutralised,
/// with the line number of the first: a snippet costs the lines it shows, never the size of
/// its file, so that many problems in one large file render in linear time.
#[derive(Debug, Default)]
struct Excerpt {
    name: String,
    text: String,
    /// The 0-based line number of the excerpt's first line in its file.
    first_line: usize,
    /// The located line when it is too long to show whole (minified JSON, one huge value):
    /// a cropped view of it with a caret, and its `line:column`.
    cropped: Option<(String, Location)>,
    /// Where the located span starts in `text`, and its 0-based column in Unicode characters
    /// as every other report gives it (miette's heading would count bytes: 6:41 for what the
    /// JSON report calls column 27 on a line of Chinese).
    at: usize,
    column: usize,
}

impl Excerpt {
    /// The lines around `loc` in `text`, and the span of `loc` in them (clamped to its line).
    fn around(name: &str, text: &str, loc: Location) -> (Self, (usize, usize)) {
        let offset = floor_char_boundary(text, loc.offset.min(text.len()));
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let line = &text[start..end];
        let name = escape::line(name);
        let (_, n) = span(text, loc);
        let o = offset;
        if line.trim_end_matches(['\n', '\r']).len() > MAX_SNIPPET_LINE {
            let cropped = cropped(text, offset, (start, end));
            let this = Self {
                name,
                cropped: Some((cropped, loc)),
                ..Self::default()
            };
            return (this, (0, 0));
        }
        let mut out = String::new();
        let mut first_line = (loc.line as usize).saturating_sub(1);
        if start > 0 {
            let before = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
            out.push_str(&context_line(&text[before..start]));
            first_line = first_line.saturating_sub(1);
        }
        let at = out.len() + (o - start);
        out.push_str(&escape::snippet(line));
        if end < text.len() {
            let after = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            out.push_str(&context_line(&text[end..after]));
        }
        // Underline no further than the located line's end (a mapping's span covers more).
        let len = n.min(end.saturating_sub(o));
        let this = Self {
            name,
            text: out,
            first_line,
            cropped: None,
            at,
            column: (loc.column as usize).saturating_sub(1),
        };
        (this, (at, len))
    }
}

/// A context line (before or after the located one) as shown: neutralised, and cut with a
/// marker when longer than a snippet line may be.
fn context_line(l: &str) -> String {
    let body = l.trim_end_matches(['\n', '\r']);
    if body.len() <= MAX_SNIPPET_LINE {
        return escape::snippet(l);
    }
    let cut = floor_char_boundary(body, MAX_SNIPPET_LINE);
    let mut s = escape::snippet(&body[..cut]);
    s.push_str("…\n");
    s
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        // The heading's `line:column` is read from the located span alone.
        let column = if before == 0 && after == 0 && inner.span().offset() == self.at {
            self.column
        } else {
            inner.column()
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

impl std::fmt::Display for Snippet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Snippet {}
impl Diagnostic for Snippet {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn std::fmt::Display>)
    }
    fn severity(&self) -> Option<MSeverity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .filter(|_| self.advice_zh.is_none())
            .map(|c| Box::new(c) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        if self.labels.is_empty() {
            None
        } else {
            Some(&self.src)
        }
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_context_lines(1)
}

fn span(text: &str, loc: Location) -> (usize, usize) {
    let offset = loc.offset.min(text.len());
    let len = if loc.len > 0 && offset + loc.len <= text.len() {
        loc.len
    } else {
        text[offset..].chars().next().map_or(0, char::len_utf8)
    };
    (offset, len)
}

/// Longest source line shown in a snippet; a longer one (minified JSON, hostile nesting) is
/// shown as a cropped excerpt instead.
const MAX_SNIPPET_LINE: usize = 240;

fn cropped(text: &str, offset: usize, (start, end): (usize, usize)) -> String {
    let mut a = offset.saturating_sub(40).max(start);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (offset + 40).min(end);
    while !text.is_char_boundary(b) {
        b += 1;
    }
    let pre: String = escape::line(&text[a..offset.min(b)]);
    let caret = " ".repeat(pre.chars().count() + 6);
    format!(
        "    …{}{}…\n{caret}^\n",
        pre,
        escape::line(&text[offset.min(b)..b])
    )
}

fn render_snippet(out: &mut String, h: &GraphicalReportHandler, s: &Snippet) {
    if let Some((cropped, loc)) = &s.src.cropped {
        let plain = Snippet {
            labels: Vec::new(),
            message: s.message.clone(),
            code: None,
            severity: s.severity,
            help: s.help.clone(),
            advice_zh: s.advice_zh,
            src: Excerpt::default(),
            related: Vec::new(),
        };
        let mut buf = String::new();
        let _ = h.render_report(&mut buf, &plain);
        let _ = write!(
            out,
            "  {}:{}:{}\n{}{}",
            s.src.name, loc.line, loc.column, cropped, buf
        );
    } else {
        let mut buf = String::new();
        if h.render_report(&mut buf, s).is_ok() {
            out.push_str(&buf);
        } else {
            let _ = writeln!(out, "{}", s.message);
        }
    }
    if let Some(word) = s.advice_zh
        && let Some(help) = &s.help
    {
        let _ = writeln!(out, "  {word}：{help}");
    }
    for r in &s.related {
        render_snippet(out, h, r);
    }
}

fn paint(style: Style, code: &str, s: &str) -> String {
    if style.color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_owned()
    }
}

fn verdict_mark(v: Verdict, style: Style, lang: Lang) -> String {
    let (mark, code) = match v {
        Verdict::Compliant => ("✔", "1;32"),
        Verdict::NonCompliant => ("✘", "1;31"),
        Verdict::Incomplete => ("?", "1;33"),
        Verdict::Error => ("!", "1;35"),
    };
    paint(style, code, &format!("{mark} {}", text::verdict(v, lang)))
}

fn finding_snippet(
    a: &Assessment,
    f: &Finding,
    source: &str,
    text_src: &str,
    lang: Lang,
    explain: bool,
) -> Snippet {
    let severity = match (f.status, f.severity) {
        (Status::Fail, Severity::Error) => MSeverity::Error,
        (Status::Fail | Status::Waived, Severity::Warning) | (Status::NotAssessed, _) => {
            MSeverity::Warning
        }
        _ => MSeverity::Advice,
    };
    let name = a
        .requirement(f)
        .map_or(f.requirement.as_str(), |r| r.name.get(lang));
    // Something not surveyed is not "measured": it is said as it is (未核查).
    let label_text = if f.status == Status::NotAssessed {
        format!(
            "{} · {} {}",
            text::actual(a, f, lang),
            lang.pick("要求", "required"),
            text::expected(a, f, lang)
        )
    } else {
        format!(
            "{} {} · {} {}",
            lang.pick("实测", "found"),
            text::actual(a, f, lang),
            lang.pick("要求", "required"),
            text::expected(a, f, lang)
        )
    };
    let (src, labels) = match f.location {
        Some(l) => {
            let (src, at) = Excerpt::around(source, text_src, l);
            let label = LabeledSpan::new_with_span(Some(escape::line(&label_text)), at);
            (src, vec![label])
        }
        None => (Excerpt::default(), Vec::new()),
    };
    let mut help = text::shortfall(a, f, lang).unwrap_or_default();
    if let Some(d) = text::detail(a, f, lang) {
        if !help.is_empty() {
            help.push_str(lang.pick("；", "; "));
        }
        help.push_str(&escape::terminal(&d));
    }
    if let Some(w) = &f.waiver {
        help = waiver_help(w, lang);
    } else if f.waiver_expired {
        help.push_str(lang.pick(
            "（豁免已过期，不再有效）",
            " (the waiver has expired and no longer applies)",
        ));
    }
    Snippet {
        // The requirement's id is for the machine formats and English readers; a Chinese
        // inspector reads the article and the name.
        message: snippet_title(f, name, lang),
        code: None,
        severity,
        help: (!help.is_empty()).then(|| escape::line(&help)),
        advice_zh: (lang == Lang::Zh).then_some("整改建议"),
        labels,
        src,
        related: if explain {
            standard_side(a, f, lang).into_iter().collect()
        } else {
            Vec::new()
        },
    }
}

/// A finding's title: its article, its name, its status and what became of it since the
/// baseline. The requirement's id is for the machine formats and English readers; a Chinese
/// inspector reads the article and the name.
fn snippet_title(f: &Finding, name: &str, lang: Lang) -> String {
    let tag = recheck::tag(f, lang)
        .map(|t| format!(" · {t}"))
        .unwrap_or_default();
    match lang {
        Lang::Zh => format!(
            "[{}] {} — {}{tag}",
            escape::line(&f.clause),
            escape::line(name),
            text::finding_status(f, lang),
        ),
        Lang::En => format!(
            "[{}] {} — {}{tag} ({})",
            escape::line(&f.clause),
            escape::line(name),
            text::finding_status(f, lang),
            escape::line(&f.requirement)
        ),
    }
}

/// The help line of a waived finding: the reason, who approved it until when, its evidence.
fn waiver_help(w: &crate::check::AppliedWaiver, lang: Lang) -> String {
    let mut help = format!(
        "{}{}{}",
        lang.pick("已豁免：", "waived: "),
        escape::line(&w.reason),
        lang.paren(&format!(
            "{}{}{} {}",
            escape::line(&w.approver),
            lang.comma(),
            lang.pick("有效期至", "valid through"),
            w.expires
        ))
    );
    if let Some(e) = &w.evidence {
        let _ = write!(
            help,
            "{}{} {}",
            lang.semicolon(),
            lang.pick("依据", "evidence"),
            escape::line(e)
        );
    }
    if w.expiring_soon {
        help.push_str(lang.pick(
            " — 30 天内到期，请及时续期",
            " — expires within 30 days: renew it in time",
        ));
    }
    help
}

/// The other end of a finding: the requirement's line in the standard file it comes from.
fn standard_side(a: &Assessment, f: &Finding, lang: Lang) -> Option<Snippet> {
    let (src, loc) = a.requirement_source(f)?;
    let r = a.requirement(f)?;
    // The requirement's first line is underlined (its span covers the whole mapping).
    let (excerpt, (at, _)) = Excerpt::around(&src.name, &src.text, loc);
    let rest = excerpt.text.get(at..).unwrap_or_default();
    let len = rest.find(['\r', '\n']).unwrap_or(rest.len());
    let origin = a
        .foreign_origin(f)
        .map_or_else(String::new, |o| lang.paren(&escape::line(o)));
    let wording = r.text.get(lang).trim();
    let label = if wording.chars().count() > 60 {
        format!("{}…", wording.chars().take(60).collect::<String>())
    } else {
        wording.to_owned()
    };
    Some(Snippet {
        message: format!(
            "{} {}{origin}",
            lang.pick("依据", "required by"),
            escape::line(&r.clause)
        ),
        code: None,
        severity: MSeverity::Advice,
        help: None,
        advice_zh: None,
        labels: vec![LabeledSpan::new_with_span(
            Some(escape::line(&label)),
            (at, len),
        )],
        src: excerpt,
        related: Vec::new(),
    })
}

/// A load problem as a snippet (shared with the CLI's error output).
#[must_use]
pub fn problem_text(
    p: &Problem,
    source: &str,
    text_src: Option<&str>,
    lang: Lang,
    style: Style,
) -> String {
    located_text(p, source, text_src, lang, style, MSeverity::Error)
}

/// A problem of an inventory as a snippet. A survey form has no text to show: a problem at one
/// of its cells names the cell instead (`form.xlsx!行政办公区域!C7: …`).
#[must_use]
pub fn entry_problem_text(
    p: &Problem,
    source: &str,
    src: Option<&SourceText>,
    lang: Lang,
    style: Style,
) -> String {
    match p.location {
        Some(l) if l.sheet.is_some() => {
            let mut at_cell = p.clone();
            at_cell.location = None;
            let name = crate::source::located(source, src, l);
            problem_text(&at_cell, &name, None, lang, style)
        }
        _ => problem_text(p, source, src.map(|s| &*s.text), lang, style),
    }
}

/// A finding at a spreadsheet cell: the cell named (`form.xlsx!行政办公区域!C7`) in place of a
/// snippet, with what the snippet's label said.
fn at_cell(
    mut s: Snippet,
    source: &str,
    src: Option<&SourceText>,
    loc: Option<Location>,
    lang: Lang,
) -> Snippet {
    let Some(l) = loc.filter(|l| l.sheet.is_some()) else {
        return s;
    };
    let label = s.labels.first().and_then(|x| x.label()).map(str::to_owned);
    s.labels.clear();
    let at = escape::line(&crate::source::located(source, src, l));
    s.message = match label {
        Some(t) => format!("{}\n    {at}{}{t}", s.message, lang.colon()),
        None => format!("{}\n    {at}", s.message),
    };
    s
}

/// A problem that is only worth a warning (a stale or expiring waiver), as a snippet.
#[must_use]
pub fn notice_text(
    p: &Problem,
    source: &str,
    text_src: Option<&str>,
    lang: Lang,
    style: Style,
) -> String {
    located_text(p, source, text_src, lang, style, MSeverity::Warning)
}

fn located_text(
    p: &Problem,
    source: &str,
    text_src: Option<&str>,
    lang: Lang,
    style: Style,
    severity: MSeverity,
) -> String {
    let h = handler(style);
    let source = escape::line(source);
    let (src, labels) = match (p.location, text_src) {
        (Some(l), Some(t)) => {
            let (src, at) = Excerpt::around(&source, t, l);
            (src, vec![LabeledSpan::new_with_span(None, at)])
        }
        _ => (Excerpt::default(), Vec::new()),
    };
    let mut message = escape::line(p.message(lang));
    if labels.is_empty() {
        message = match p.location {
            Some(l) => format!("{source}:{}:{}: {message}", l.line, l.column),
            None => format!("{source}: {message}"),
        };
    }
    let s = Snippet {
        message,
        code: None,
        severity,
        help: p.help.as_ref().map(|h| escape::line(h.get(lang))),
        advice_zh: (lang == Lang::Zh).then_some(text::word(text::Word::Help, lang)),
        labels,
        src,
        related: Vec::new(),
    };
    let mut out = String::new();
    render_snippet(&mut out, &h, &s);
    out
}

/// A facility's first lines: its verdict (and advice apart), name, id, level, standard and
/// file; a proposed layout's note; warnings on its identity; the standard it names when
/// another judged it.
fn entry_header(out: &mut String, e: &Entry, a: &Assessment, info: &RunInfo, style: Style) {
    let lang = info.lang;
    let source = escape::line(&e.source);
    let fac = &a.inventory.facility;
    let name = fac.name.as_deref().map(escape::line).unwrap_or_default();
    let level = text::level_name(&a.standard, &fac.level, lang);
    let advice = a
        .findings
        .iter()
        .filter(|f| f.status == Status::Fail && f.severity == Severity::Warning)
        .count();
    let mut mark = verdict_mark(a.verdict, style, lang);
    if a.verdict == Verdict::Compliant && advice > 0 {
        let _ = match lang {
            Lang::Zh => write!(mark, "（另有 {advice} 项建议）"),
            Lang::En => write!(
                mark,
                " (and {advice} advisor{})",
                if advice == 1 { "y" } else { "ies" }
            ),
        };
    }
    let _ = writeln!(
        out,
        "{} {} {}{} — {}",
        mark,
        paint(style, "1", &name),
        escape::line(&fac.id),
        lang.paren(&format!(
            "{}{}{}",
            escape::line(level),
            lang.comma(),
            escape::line(&a.standard.label())
        )),
        source
    );
    if a.inventory.is_proposed_layout() {
        let _ = writeln!(out, "  {}", text::layout_note(lang));
    }
    for w in a.inventory.facility.identity_warnings() {
        let _ = writeln!(
            out,
            "  ⚠ {}{}",
            escape::line(w.message(lang)),
            w.help
                .as_ref()
                .map(|h| format!(" — {}", escape::line(h.get(lang))))
                .unwrap_or_default()
        );
    }
    if let Some(named) = a.named_standard() {
        let _ = writeln!(
            out,
            "  ⚠ {}",
            escape::line(&text::judged_by(&named, &a.standard.label(), lang))
        );
    }
    if let Some(c) = &a.baseline {
        let _ = writeln!(out, "  ↻ {}", escape::line(&recheck::facility(c, lang)));
        if let Some(fixed) = recheck::fixed_line(a, lang) {
            let _ = writeln!(
                out,
                "  {} {}",
                paint(style, "32", "✔"),
                escape::line(&fixed)
            );
        }
    }
}

/// Renders one entry.
#[must_use]
pub fn entry(e: &Entry, info: &RunInfo, style: Style) -> String {
    let lang = info.lang;
    let mut out = String::new();
    let source = escape::line(&e.source);
    match &e.outcome {
        Outcome::Checked(a) => {
            entry_header(&mut out, e, a, info, style);
            let counts = |s: Status| a.findings.iter().filter(|f| f.status == s).count();
            let failing = |sev: Severity| {
                a.findings
                    .iter()
                    .filter(|f| f.status == Status::Fail && f.severity == sev)
                    .count()
            };
            let _ = writeln!(
                out,
                "  {} {} · {} · {} {} · {} {}",
                counts(Status::Pass),
                text::status(Status::Pass, lang),
                text::failing_counts(failing(Severity::Error), failing(Severity::Warning), lang),
                counts(Status::NotAssessed),
                text::status(Status::NotAssessed, lang),
                counts(Status::Waived),
                text::status(Status::Waived, lang)
            );
            let h = handler(style);
            let src_text = e.text.as_ref().map_or("", |t| &*t.text);
            // Errors get a snippet of the inventory line; warnings one line each.
            for f in a
                .findings
                .iter()
                .filter(|f| f.status != Status::Pass && f.severity == Severity::Error)
            {
                render_snippet(
                    &mut out,
                    &h,
                    &at_cell(
                        finding_snippet(a, f, &e.source, src_text, lang, info.explain),
                        &e.source,
                        e.text.as_ref(),
                        f.location,
                        lang,
                    ),
                );
                if let Some(o) = &f.order {
                    let _ = writeln!(out, "  {}", escape::line(&text::order(o, lang)));
                }
            }
            warning_lines(&mut out, e, a, lang, style);
            done_orders(&mut out, a, lang, style);
            let not_checked = a.not_checked();
            if !not_checked.is_empty() {
                let words: Vec<String> = not_checked
                    .iter()
                    .map(|p| text::recorded(a, p, lang))
                    .collect();
                let _ = writeln!(
                    out,
                    "  {}{}",
                    lang.pick(
                        "另有记录（本层级不检查）：",
                        "also recorded (not checked at this level): "
                    ),
                    escape::line(&words.join(lang.pick("、", ", ")))
                );
            }
        }
        Outcome::Failed { problems } => {
            let src = &e.text;
            let n = crate::diagnostic::total(problems);
            let _ = writeln!(
                out,
                "{} {} — {} {}",
                verdict_mark(Verdict::Error, style, lang),
                source,
                n,
                lang.pick("个问题", if n == 1 { "problem" } else { "problems" })
            );
            for p in problems {
                out.push_str(&entry_problem_text(p, &e.source, src.as_ref(), lang, style));
            }
        }
    }
    out
}

/// The warnings (failing advisories, unassessed ones), one line each.
fn warning_lines(out: &mut String, e: &Entry, a: &Assessment, lang: Lang, style: Style) {
    for f in a
        .findings
        .iter()
        .filter(|f| f.status != Status::Pass && f.severity == Severity::Warning)
    {
        let at = f.location.map_or(String::new(), |l| {
            lang.paren(&escape::line(&crate::source::located(
                &e.source,
                e.text.as_ref(),
                l,
            )))
        });
        let mark = paint(style, "33", "⚠");
        let tag = recheck::tag(f, lang)
            .map(|t| format!("{}{t}{}", lang.pick("【", "["), lang.pick("】", "] ")))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {mark} [{}] {tag}{}{at}",
            escape::line(&f.clause),
            escape::line(&text::message(a, f, lang))
        );
        if let Some(o) = &f.order {
            let _ = writeln!(out, "    {}", escape::line(&text::order(o, lang)));
        }
    }
}

/// The rectification orders whose requirements now pass, one line per order.
fn done_orders(out: &mut String, a: &Assessment, lang: Lang, style: Style) {
    let mut seen: Vec<usize> = Vec::new();
    for f in &a.findings {
        let Some(o) = f
            .order
            .as_ref()
            .filter(|o| o.state == crate::check::OrderState::Done)
        else {
            continue;
        };
        if seen.contains(&o.index) {
            continue;
        }
        // A zone's order is done only when nothing in the zone is still open.
        let open = a.findings.iter().any(|g| {
            g.order
                .as_ref()
                .is_some_and(|p| p.index == o.index && p.state != o.state)
        });
        if open {
            continue;
        }
        seen.push(o.index);
        let named = a
            .standard
            .level(&a.inventory.facility.level)
            .and_then(|l| l.requirements.iter().find(|r| r.id == o.requirement));
        let (clause, name) = named.map_or((f.clause.as_str(), o.requirement.as_str()), |r| {
            (r.clause.as_str(), r.name.get(lang))
        });
        let _ = writeln!(
            out,
            "  {} [{}] {} — {}",
            paint(style, "32", "✔"),
            escape::line(clause),
            escape::line(name),
            escape::line(&text::order(o, lang))
        );
    }
}

/// The one-line summary of a run.
#[must_use]
pub fn summary_line(s: &Summary, info: &RunInfo, style: Style) -> String {
    let lang = info.lang;
    let c = &s.counts;
    let layouts = s.proposed_layouts.count;
    let mut line = match lang {
        Lang::Zh => format!(
            "共核查 {} 处设施：合格 {}，不合格 {}，待补充核查 {}，无法检查 {}（评估日期 {}）",
            c.total, c.compliant, c.non_compliant, c.incomplete, c.error, info.date
        ),
        Lang::En => format!(
            "{} facilities checked: {} compliant, {} non-compliant, {} incomplete, {} error (evaluated {})",
            c.total, c.compliant, c.non_compliant, c.incomplete, c.error, info.date
        ),
    };
    let repeats = s.tally.duplicate_count + s.tally.conflict_count;
    if repeats > 0 {
        let _ = match lang {
            Lang::Zh => write!(line, "；另有重复提交 {repeats} 份，每处设施只计一次"),
            Lang::En => write!(
                line,
                "; {repeats} more input{} of a facility already counted, counted once",
                if repeats == 1 { "" } else { "s" }
            ),
        };
    }
    if let Some(t) = &s.baseline {
        let counts = recheck::counts(t.fixed, t.new, t.persisting, t.regressed, lang);
        let _ = match lang {
            Lang::Zh => write!(line, "；复查：{counts}"),
            Lang::En => write!(line, "; re-inspection: {counts}"),
        };
    }
    if layouts > 0 {
        let _ = match lang {
            Lang::Zh => write!(line, "；另有规划方案 {layouts} 份，不计入"),
            Lang::En => write!(
                line,
                "; and {layouts} proposed layout{}, not counted",
                if layouts == 1 { "" } else { "s" }
            ),
        };
    }
    paint(style, "1", &line) + "\n"
}

/// The terminal report, streamed entry by entry (the style is [`RunInfo::style`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Human;

impl super::Renderer for Human {
    fn streams(&self) -> bool {
        true
    }

    fn is_terminal_report(&self) -> bool {
        true
    }

    fn entry(&self, out: &mut Vec<u8>, _index: usize, e: &Entry, info: &RunInfo) {
        out.extend_from_slice(entry(e, info, info.style).as_bytes());
        out.push(b'\n');
    }

    fn finish(
        &self,
        out: &mut dyn std::io::Write,
        run: &super::Run<'_>,
        info: &RunInfo,
    ) -> std::io::Result<()> {
        out.write_all(summary_line(run.summary, info, info.style).as_bytes())?;
        out.write_all(super::district::human(run.summary, info).as_bytes())
    }

    fn compares(&self) -> Option<&'static str> {
        Some("A table for a terminal (about 100 columns)")
    }

    fn compare(&self, c: &crate::check::compare::Comparison, info: &RunInfo) -> Option<String> {
        Some(super::compare::human::render(c, info))
    }
}
