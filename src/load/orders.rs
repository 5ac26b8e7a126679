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
            "请逐条填写整改通知（设施、要求、整改措施、责任单位、下达日期、整改期限）；`sitecheck orders draft` 可从检查报告生成草稿",
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
