//! The JSON comparison: the layouts (key, source, facility, status, counts, shortfall), which
//! comply, and per requirement its threshold, whether the layouts differ, and one cell per
//! layout (status, actual, margin, shortfall). Stable key order; identical inputs give
//! identical bytes.

use serde::Serialize;
use serde_json::Value;

use super::{cell, counts};
use crate::check::compare::Comparison;
use crate::report::RunInfo;
use crate::report::text;

/// The version of this document's shape.
pub const SCHEMA_VERSION: &str = "1.0";

#[derive(Serialize)]
struct Doc<'a> {
    schema_version: &'static str,
    kind: &'static str,
    tool: Tool<'a>,
    evaluation_date: &'a str,
    standard: StandardOut,
    level: LevelOut,
    layouts: Vec<LayoutOut>,
    complying: Vec<String>,
    differing: Vec<String>,
    requirements: Vec<RowOut>,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct StandardOut {
    id: String,
    version: String,
}

#[derive(Serialize)]
struct LevelOut {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct LayoutOut {
    key: String,
    source: String,
    facility: FacilityOut,
    status: &'static str,
    pass: usize,
    fail: usize,
    not_assessed: usize,
    waived: usize,
    shortfall: Vec<ShortOut>,
    /// The advisories it does not meet (never needed to comply).
    advice: Vec<ShortOut>,
}

#[derive(Serialize)]
struct FacilityOut {
    id: String,
    name: Option<String>,
}

#[derive(Serialize)]
struct ShortOut {
    requirement: String,
    clause: String,
    severity: &'static str,
    status: &'static str,
    shortfall: Option<String>,
}

#[derive(Serialize)]
struct RowOut {
    requirement: String,
    clause: String,
    name: String,
    severity: &'static str,
    outcome_differs: bool,
    value_differs: bool,
    cells: Vec<CellOut>,
}

#[derive(Serialize)]
struct CellOut {
    layout: String,
    status: &'static str,
    expected: Value,
    actual: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    margin: Option<f64>,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    shortfall: Option<String>,
}

/// Renders the comparison as one JSON document (pretty-printed, ending in a newline).
#[must_use]
pub fn render(c: &Comparison, info: &RunInfo) -> String {
    let lang = info.lang;
    let layouts = c
        .layouts
        .iter()
        .enumerate()
        .map(|(j, l)| {
            let [pass, fail, not_assessed, waived] = counts(l);
            let a = &l.assessment;
            LayoutOut {
                key: Comparison::key(j),
                source: l.source.clone(),
                facility: FacilityOut {
                    id: a.inventory.facility.id.clone(),
                    name: a.inventory.facility.name.clone(),
                },
                status: a.verdict.as_str(),
                pass,
                fail,
                not_assessed,
                waived,
                shortfall: l.shortfall().map(|f| short_out(a, f, lang)).collect(),
                advice: l.advice().map(|f| short_out(a, f, lang)).collect(),
            }
        })
        .collect();
    let requirements = c
        .rows
        .iter()
        .filter_map(|row| c.requirement(row).map(|r| (row, r)))
        .map(|(row, r)| RowOut {
            requirement: r.id.clone(),
            clause: r.clause.clone(),
            name: r.name.get(lang).to_owned(),
            severity: r.severity.as_str(),
            outcome_differs: row.outcome_differs,
            value_differs: row.value_differs,
            cells: c
                .layouts
                .iter()
                .enumerate()
                .filter_map(|(j, l)| c.cell(row, j).map(|f| (j, l, f)))
                .map(|(j, l, f)| CellOut {
                    layout: Comparison::key(j),
                    status: f.status.as_str(),
                    expected: f.expected.clone(),
                    actual: f.actual.clone(),
                    margin: f.margin,
                    text: cell(l, f, lang, true),
                    shortfall: text::shortfall(&l.assessment, f, lang),
                })
                .collect(),
        })
        .collect();
    let doc = Doc {
        schema_version: SCHEMA_VERSION,
        kind: "comparison",
        tool: Tool {
            name: "sitecheck",
            version: &info.tool_version,
        },
        evaluation_date: &info.date,
        standard: StandardOut {
            id: c.standard.id.clone(),
            version: c.standard.version.clone(),
        },
        level: LevelOut {
            id: c.level.clone(),
            name: text::level_name(&c.standard, &c.level, lang).to_owned(),
        },
        layouts,
        complying: c.complying().into_iter().map(Comparison::key).collect(),
        differing: c
            .differing()
            .filter_map(|row| c.requirement(row))
            .map(|r| r.id.clone())
            .collect(),
        requirements,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn short_out(
    a: &crate::check::Assessment,
    f: &crate::check::Finding,
    lang: crate::i18n::Lang,
) -> ShortOut {
    ShortOut {
        requirement: f.requirement.clone(),
        clause: f.clause.clone(),
        severity: f.severity.as_str(),
        status: f.status.as_str(),
        shortfall: text::shortfall(a, f, lang),
    }
}
