//! The JSON report: the contract's shape, `{schema_version, reports, summary}` plus an audit
//! record. Stable key order; identical inputs give identical bytes.

use super::json_write::{Object, array};
use super::{Entry, Outcome, RunInfo, text};
use crate::check::Detail;
use crate::check::{Assessment, Finding};
use crate::diagnostic::Problem;
use crate::i18n::Lang;
use crate::source::{Location, SourceText};
use serde::Serialize;

/// The version of this report's shape.
pub const SCHEMA_VERSION: &str = "1.0";

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

/// Writes one input's report: `source`, `sha256`, `facility`, `survey`, `standard`, `status`,
/// `warnings`, `error`, `errors`, `baseline`, `findings`, `not_checked`, in that order, each
/// optional member left out when it has nothing (the contract's shape: the README's JSON report).
pub fn write_report(out: &mut Vec<u8>, e: &Entry, info: &RunInfo) {
    let src = e.text.as_ref();
    let mut o = Object::new(out);
    o.str("source", &e.source);
    if let Some(t) = src {
        o.str("sha256", &t.sha256());
    }
    match &e.outcome {
        Outcome::Checked(a) => {
            let inv = &a.inventory;
            let fac = &inv.facility;
            let mut f = Object::new(o.key("facility"));
            f.str("id", &fac.id);
            f.str_or_null("name", fac.name.as_deref());
            f.str("level", &fac.level);
            f.end();
            let mut s = Object::new(o.key("survey"));
            s.str("kind", inv.kind().as_str());
            s.str_if("date", inv.survey_date.as_deref());
            s.str_if("surveyor", inv.surveyor.as_deref());
            s.end();
            let mut s = Object::new(o.key("standard"));
            s.str("id", &a.standard.id);
            s.str("version", &a.standard.version);
            s.str_if("named", a.named_standard().as_deref());
            s.end();
            o.str("status", a.verdict.as_str());
            let warnings = fac.identity_warnings();
            if !warnings.is_empty() {
                array(o.key("warnings"), &warnings, |out, p| {
                    write_error(out, p, info.lang, src);
                });
            }
            if let Some(b) = &a.baseline {
                o.serde("baseline", b);
            }
            let shown: Vec<&Finding> = a.findings.iter().filter(|f| info.shows(f)).collect();
            array(o.key("findings"), &shown, |out, f| {
                write_finding(out, a, f, info.lang, src);
            });
            let not_checked = a.not_checked();
            if !not_checked.is_empty() {
                o.strings("not_checked", &not_checked);
            }
        }
        Outcome::Failed { problems, .. } => {
            let mut f = Object::new(o.key("facility"));
            f.null("id");
            f.null("name");
            f.null("level");
            f.end();
            o.null("standard");
            o.str("status", "error");
            if let Some(p) = problems.first() {
                write_error(o.key("error"), p, info.lang, src);
            }
            array(o.key("errors"), problems, |out, p| {
                write_error(out, p, info.lang, src);
            });
            o.key("findings").extend_from_slice(b"[]");
        }
    }
    o.end();
}

/// A place in the input: `{line, column}`, and a spreadsheet's sheet and cell.
fn write_location(out: &mut Vec<u8>, l: Location, src: Option<&SourceText>) {
    let mut o = Object::new(out);
    o.u32("line", l.line);
    o.u32("column", l.column);
    o.str_if("sheet", src.and_then(|s| s.sheet(l)));
    o.str_if("cell", l.cell_name().as_deref());
    o.end();
}

/// A problem: `{code, message, line, column, sheet?, cell?, help?}`.
fn write_error(out: &mut Vec<u8>, p: &Problem, lang: Lang, src: Option<&SourceText>) {
    let mut o = Object::new(out);
    o.str("code", p.code.as_str());
    o.str("message", p.message(lang));
    o.u32_or_null("line", p.location.map(|l| l.line));
    o.u32_or_null("column", p.location.map(|l| l.column));
    if let Some(l) = p.location {
        o.str_if("sheet", src.and_then(|s| s.sheet(l)));
        o.str_if("cell", l.cell_name().as_deref());
    }
    o.str_if("help", p.help.as_ref().map(|h| h.get(lang)));
    o.end();
}

/// A finding, in the contract's member order.
fn write_finding(
    out: &mut Vec<u8>,
    a: &Assessment,
    f: &Finding,
    lang: Lang,
    src: Option<&SourceText>,
) {
    let (message, shortfall) = text::message_and_shortfall(a, f, lang);
    let mut o = Object::new(out);
    o.str("requirement", &f.requirement);
    o.str("clause", &f.clause);
    o.str("status", f.status.as_str());
    o.str("severity", f.severity.as_str());
    o.str("name", a.requirement(f).map_or("", |r| r.name.get(lang)));
    o.str("message", &message);
    o.serde("expected", &f.expected);
    o.serde("actual", &f.actual);
    match f.location {
        Some(l) => write_location(o.key("location"), l, src),
        None => o.null("location"),
    }
    o.str_if("shortfall", shortfall.as_deref());
    if let Some(m) = f.margin {
        o.serde("margin", &m);
    }
    if let Some(w) = &f.waiver {
        o.serde("waiver", w);
    }
    o.true_if("waiver_expired", f.waiver_expired);
    if let Some(order) = &f.order {
        o.serde("order", order);
    }
    if let Some(b) = &f.baseline {
        o.serde("baseline_state", b);
    }
    o.true_if("baseline_changed", f.baseline_changed);
    match &f.detail {
        Detail::None => {}
        Detail::Staff {
            counted,
            counted_elsewhere,
        } => {
            o.strings("counted", counted);
            if !counted_elsewhere.is_empty() {
                o.serde("counted_elsewhere", counted_elsewhere);
            }
        }
        Detail::Record { record, last_done } => {
            o.str_if("record", record.as_deref());
            o.str_if("last_done", last_done.as_deref());
        }
    }
    o.str_if("standard", a.foreign_origin(f));
    if let Some((file, l)) = a.requirement_source(f) {
        let mut s = Object::new(o.key("standard_location"));
        s.str("file", &file.name);
        s.u32("line", l.line);
        s.u32("column", l.column);
        s.end();
    }
    o.end();
}

/// The JSON report, streamed: one report per line inside the `reports` array, then the
/// summary and the audit record. Each input's SHA-256 is in its own report.
#[derive(Clone, Copy, Debug, Default)]
pub struct Json;

impl super::Renderer for Json {
    fn streams(&self) -> bool {
        true
    }

    fn begin(&self, out: &mut dyn std::io::Write, info: &RunInfo) -> std::io::Result<()> {
        #[derive(Serialize)]
        struct Head<'a> {
            schema_version: &'static str,
            tool: Tool<'a>,
            evaluation_date: &'a str,
        }
        let head = Head {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "sitecheck",
                version: &info.tool_version,
            },
            evaluation_date: &info.date,
        };
        let mut text = serde_json::to_string(&head).map_err(std::io::Error::other)?;
        // Reopen the object to append the reports array.
        text.pop();
        out.write_all(text.as_bytes())?;
        out.write_all(b",\"reports\":[")
    }

    fn entry(&self, out: &mut Vec<u8>, index: usize, e: &Entry, info: &RunInfo) {
        out.extend_from_slice(if index == 0 { b"\n" } else { b",\n" });
        write_report(out, e, info);
    }

    fn finish(
        &self,
        out: &mut dyn std::io::Write,
        run: &super::Run<'_>,
        _info: &RunInfo,
    ) -> std::io::Result<()> {
        out.write_all(b"\n],\"summary\":")?;
        serde_json::to_writer(&mut *out, run.summary).map_err(std::io::Error::other)?;
        out.write_all(b",\"audit\":")?;
        serde_json::to_writer(&mut *out, run.audit).map_err(std::io::Error::other)?;
        out.write_all(b"}\n")
    }

    fn compares(&self) -> Option<&'static str> {
        Some("One JSON document")
    }

    fn compare(&self, c: &crate::check::compare::Comparison, info: &RunInfo) -> Option<String> {
        Some(super::compare::json::render(c, info))
    }
}
