//! The JSON report: the contract's shape, `{schema_version, reports, summary}` plus an audit
//! record. Stable key order; identical inputs give identical bytes.

use serde::Serialize;
use serde_json::Value;

use super::{Entry, Outcome, RunInfo, text};
use crate::check::Detail;
use crate::check::{Assessment, Finding};
use crate::diagnostic::Problem;
use crate::i18n::Lang;
use crate::source::{Location, SourceText};

/// The version of this report's shape.
pub const SCHEMA_VERSION: &str = "1.0";

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

/// One input's report.
#[derive(Serialize)]
pub struct Report {
    source: String,
    /// SHA-256 of the input as read (the audit record of this input).
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<String>,
    facility: FacilityOut,
    /// The survey: its kind (`site_survey` | `proposed_layout`), date and surveyor.
    #[serde(skip_serializing_if = "Option::is_none")]
    survey: Option<SurveyOut>,
    standard: Option<StandardOut>,
    status: &'static str,
    /// Warnings on the facility itself (an id still the template's, no name, a record that
    /// contradicts itself).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<ErrorOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<Vec<ErrorOut>>,
    /// The comparison with the facility's earlier survey (`--baseline`).
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<crate::check::baseline::Compared>,
    findings: Vec<FindingOut>,
    /// What the inventory records that no requirement checks (shown, not checked).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not_checked: Vec<String>,
}

#[derive(Serialize)]
struct FacilityOut {
    id: Option<String>,
    name: Option<String>,
    level: Option<String>,
}

#[derive(Serialize)]
struct SurveyOut {
    kind: crate::load::inventory::SurveyKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    surveyor: Option<String>,
}

#[derive(Serialize)]
struct StandardOut {
    id: String,
    version: String,
    /// The standard the inventory names (as written), when another judged it
    /// (`--override-standard`).
    #[serde(skip_serializing_if = "Option::is_none")]
    named: Option<String>,
}

#[derive(Serialize)]
struct ErrorOut {
    code: crate::diagnostic::Code,
    message: String,
    line: Option<u32>,
    column: Option<u32>,
    /// A spreadsheet input's sheet (its row is `line`, its column `column`).
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<String>,
    /// A spreadsheet input's cell, `C7`.
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
}

#[derive(Serialize)]
struct FindingOut {
    requirement: String,
    clause: String,
    status: &'static str,
    severity: &'static str,
    name: String,
    message: String,
    expected: Value,
    actual: Value,
    location: Option<LocOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shortfall: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    margin: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver: Option<crate::check::AppliedWaiver>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    waiver_expired: bool,
    /// The rectification order that names it: its deadline and where it stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<crate::check::AppliedOrder>,
    /// What became of it since the baseline (`--baseline`).
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<crate::check::baseline::BaselineState>,
    /// A persisting failure whose measured value changed since the baseline.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    baseline_changed: bool,
    /// A staff requirement: the people counted, as the inventory names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    counted: Option<Vec<String>>,
    /// People who would count here but are counted toward another requirement.
    #[serde(skip_serializing_if = "Option::is_none")]
    counted_elsewhere: Option<Vec<crate::check::CountedElsewhere>>,
    /// A duty's record (台账).
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<String>,
    /// A duty's latest record date.
    #[serde(skip_serializing_if = "Option::is_none")]
    last_done: Option<String>,
    /// The standard (`id@version`) the requirement comes from, when it is not the report's
    /// (an inherited requirement of a variant).
    #[serde(skip_serializing_if = "Option::is_none")]
    standard: Option<String>,
    /// Where the requirement is written: the standard side of the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    standard_location: Option<FileLocOut>,
}

#[derive(Serialize)]
struct FileLocOut {
    file: String,
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct LocOut {
    line: u32,
    column: u32,
    /// A spreadsheet input's sheet (its row is `line`, its column `column`).
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<String>,
    /// A spreadsheet input's cell, `C7`.
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
}

fn loc(l: Option<Location>, src: Option<&SourceText>) -> Option<LocOut> {
    l.map(|l| LocOut {
        line: l.line,
        column: l.column,
        sheet: src.and_then(|s| s.sheet(l)).map(str::to_owned),
        cell: l.cell_name(),
    })
}

fn error_out(p: &Problem, lang: Lang, src: Option<&SourceText>) -> ErrorOut {
    let at = loc(p.location, src);
    ErrorOut {
        code: p.code,
        message: p.message(lang).to_owned(),
        line: p.location.map(|l| l.line),
        column: p.location.map(|l| l.column),
        sheet: at.as_ref().and_then(|a| a.sheet.clone()),
        cell: at.and_then(|a| a.cell),
        help: p.help.as_ref().map(|h| h.get(lang).to_owned()),
    }
}

fn finding_out(a: &Assessment, f: &Finding, lang: Lang, src: Option<&SourceText>) -> FindingOut {
    // The detail's fields, each present only where the finding has it.
    let (counted, counted_elsewhere, record, last_done) = match &f.detail {
        Detail::None => (None, None, None, None),
        Detail::Staff {
            counted,
            counted_elsewhere,
        } => (
            Some(counted.clone()),
            (!counted_elsewhere.is_empty()).then(|| counted_elsewhere.clone()),
            None,
            None,
        ),
        Detail::Record { record, last_done } => (None, None, record.clone(), last_done.clone()),
    };
    let (message, shortfall) = text::message_and_shortfall(a, f, lang);
    FindingOut {
        requirement: f.requirement.clone(),
        clause: f.clause.clone(),
        status: f.status.as_str(),
        severity: f.severity.as_str(),
        name: a
            .requirement(f)
            .map_or_else(String::new, |r| r.name.get(lang).to_owned()),
        message,
        expected: f.expected.clone(),
        actual: f.actual.clone(),
        location: loc(f.location, src),
        shortfall,
        margin: f.margin,
        waiver: f.waiver.clone(),
        waiver_expired: f.waiver_expired,
        order: f.order.clone(),
        baseline_state: f.baseline,
        baseline_changed: f.baseline_changed,
        counted,
        counted_elsewhere,
        record,
        last_done,
        standard: a.foreign_origin(f).map(str::to_owned),
        standard_location: a.requirement_source(f).map(|(src, l)| FileLocOut {
            file: src.name.clone(),
            line: l.line,
            column: l.column,
        }),
    }
}

/// The report of one entry.
#[must_use]
pub fn report(e: &Entry, info: &RunInfo) -> Report {
    match &e.outcome {
        Outcome::Checked(a) => Report {
            source: e.source.clone(),
            sha256: e.text.as_ref().map(crate::source::SourceText::sha256),
            facility: FacilityOut {
                id: Some(a.inventory.facility.id.clone()),
                name: a.inventory.facility.name.clone(),
                level: Some(a.inventory.facility.level.clone()),
            },
            survey: Some(SurveyOut {
                kind: a.inventory.kind(),
                date: a.inventory.survey_date.clone(),
                surveyor: a.inventory.surveyor.clone(),
            }),
            warnings: a
                .inventory
                .facility
                .identity_warnings()
                .iter()
                .map(|p| error_out(p, info.lang, e.text.as_ref()))
                .collect(),
            standard: Some(StandardOut {
                id: a.standard.id.clone(),
                version: a.standard.version.clone(),
                named: a.named_standard(),
            }),
            status: a.verdict.as_str(),
            error: None,
            errors: None,
            baseline: a.baseline.clone(),
            findings: a
                .findings
                .iter()
                .filter(|f| info.shows(f))
                .map(|f| finding_out(a, f, info.lang, e.text.as_ref()))
                .collect(),
            not_checked: a.not_checked(),
        },
        Outcome::Failed { problems, .. } => {
            let errors: Vec<ErrorOut> = problems
                .iter()
                .map(|p| error_out(p, info.lang, e.text.as_ref()))
                .collect();
            Report {
                source: e.source.clone(),
                sha256: e.text.as_ref().map(crate::source::SourceText::sha256),
                facility: FacilityOut {
                    id: None,
                    name: None,
                    level: None,
                },
                survey: None,
                warnings: Vec::new(),
                standard: None,
                status: "error",
                error: problems
                    .first()
                    .map(|p| error_out(p, info.lang, e.text.as_ref())),
                errors: Some(errors),
                baseline: None,
                findings: Vec::new(),
                not_checked: Vec::new(),
            }
        }
    }
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
        // Serializing plain data into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, &report(e, info));
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
