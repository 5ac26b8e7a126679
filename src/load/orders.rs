//! The supervisor's rectification orders (整改通知) as written: YAML, or the workbook that
//! `orders draft` writes (read by `form::orders` into the same raw structs).

use schemars::JsonSchema;
use serde::Deserialize;

use super::Sp;
use crate::diagnostic::{Code, Problem};
use crate::i18n::Text;
use crate::source::Location;

/// Parses an orders file. A file with no YAML in it (empty, blank lines or comments only) is
/// said to be empty.
///
/// # Errors
/// A located problem for the first thing that stops the parse.
pub fn parse(text: &str) -> Result<RawOrders, Problem> {
    let blank = text.lines().all(|l| {
        let l = l.trim_start();
        l.is_empty() || l.starts_with('#')
    });
    if blank {
        return Err(Problem::new(
            Code::Empty,
            Text::new(
                "整改通知文件是空的（只有空行或注释），其中没有任何整改通知",
                "the orders file is empty (only blank lines or comments): it holds no order",
            ),
            Some(Location::at_offset("", 0)),
        )
        .with_help(Text::new(
            "请逐条填写整改通知（设施、要求、整改措施、责任单位、下达日期、整改期限）；sitecheck orders draft 可从检查报告生成草稿",
            "an orders file lists its orders under `orders:` (facility, requirement, action, responsible, issued, deadline); `sitecheck orders draft` drafts one from a report",
        )));
    }
    super::parse(text)
}

/// An orders file: `orders: [...]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sitecheck rectification orders / 整改通知")]
pub struct RawOrders {
    /// 整改通知 — the orders.
    pub orders: Vec<Sp<RawOrder>>,
}

/// One rectification order (限时整改).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOrder {
    /// 设施编号 — the facility id.
    pub facility: Sp<String>,
    /// 要求编号 — a requirement id (`floor_area`), or `zone:<zone>` for everything in a zone.
    pub requirement: Sp<String>,
    /// 整改措施 — what is to be done.
    pub action: Sp<String>,
    /// 责任单位 — who answers for it (must be filled in).
    pub responsible: Sp<String>,
    /// 下达日期 YYYY-MM-DD.
    pub issued: Sp<String>,
    /// 整改期限 YYYY-MM-DD (inclusive).
    pub deadline: Sp<String>,
}

/// A sitecheck JSON report, as far as drafting orders reads it (every other key is ignored).
#[derive(Debug, Deserialize)]
pub struct RawReport {
    /// The tool that wrote it: `sitecheck`.
    pub tool: ReportTool,
    /// The evaluation date (YYYY-MM-DD).
    pub evaluation_date: String,
    /// One report per input.
    pub reports: Vec<ReportEntry>,
}

/// The tool of a report.
#[derive(Debug, Deserialize)]
pub struct ReportTool {
    /// Its name.
    pub name: String,
}

/// One input's report.
#[derive(Debug, Deserialize)]
pub struct ReportEntry {
    /// The facility.
    pub facility: ReportFacility,
    /// The survey (absent for an input that could not be checked).
    #[serde(default)]
    pub survey: Option<ReportSurvey>,
    /// The findings.
    #[serde(default)]
    pub findings: Vec<ReportFinding>,
}

/// A report's facility.
#[derive(Debug, Deserialize)]
pub struct ReportFacility {
    /// Its id (null for an input that could not be checked).
    pub id: Option<String>,
    /// Its name.
    pub name: Option<String>,
}

/// A report's survey.
#[derive(Debug, Deserialize)]
pub struct ReportSurvey {
    /// `site_survey` or `proposed_layout`.
    pub kind: String,
}

/// One finding of a report.
#[derive(Debug, Deserialize)]
pub struct ReportFinding {
    /// Requirement id.
    pub requirement: String,
    /// Clause.
    #[serde(default)]
    pub clause: String,
    /// `pass`, `fail`, `not_assessed`, `waived`.
    pub status: String,
    /// `error`, `warning`, `info`.
    pub severity: String,
    /// The requirement's name.
    #[serde(default)]
    pub name: String,
    /// The finding in words.
    #[serde(default)]
    pub message: String,
    /// What would make it pass.
    #[serde(default)]
    pub shortfall: Option<String>,
}

/// Reads a sitecheck JSON report (`check --format json`).
///
/// # Errors
/// A located problem when the text is not JSON, or not a sitecheck report.
pub fn parse_report(text: &str) -> Result<RawReport, Problem> {
    let not_report = |zh: &str, en: String, loc: Option<Location>| {
        Problem::new(
            Code::NotAReport,
            Text::new(
                format!("这不是 sitecheck 生成的 JSON 检查报告：{zh}"),
                format!("this is not a sitecheck JSON report: {en}"),
            ),
            loc,
        )
        .with_help(Text::new(
            "请用 sitecheck check 清单目录/ --format json --output 报告.json 生成检查报告",
            "make the report with `sitecheck check INVENTORIES --format json --output report.json`",
        ))
    };
    let report: RawReport = serde_json::from_str(text).map_err(|e| {
        let line = u32::try_from(e.line()).unwrap_or(u32::MAX);
        let column = u32::try_from(e.column()).unwrap_or(u32::MAX);
        let loc = (line > 0).then(|| Location::at_line_column(text, line, column));
        let zh = if e.is_syntax() || e.is_eof() {
            "不是有效的 JSON"
        } else {
            "缺少检查报告应有的内容，或内容类型不符"
        };
        not_report(zh, e.to_string(), loc)
    })?;
    if report.tool.name != "sitecheck" {
        return Err(not_report(
            "生成工具不是 sitecheck",
            format!("it was written by {:?}", report.tool.name),
            None,
        ));
    }
    Ok(report)
}
