//! The operator's waiver file as written.

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Ev, Sp};
use crate::diagnostic::Problem;
use crate::i18n::Text;
use crate::source::Location;

/// Parses a waiver file. A file with no YAML in it (empty, blank lines or comments only) is
/// said to be empty, not "unexpected end of input".
///
/// # Errors
/// A located problem for the first thing that stops the parse.
pub fn parse(text: &str) -> Result<RawWaivers, Problem> {
    let blank = text.lines().all(|l| {
        let l = l.trim_start();
        l.is_empty() || l.starts_with('#')
    });
    if blank {
        return Err(Problem::new(
            crate::diagnostic::Code::Empty,
            Text::new(
                "豁免文件是空的（只有空行或注释），其中没有任何豁免",
                "the waiver file is empty (only blank lines or comments): it holds no waiver",
            ),
            Some(Location::at_offset("", 0)),
        )
        .with_help(Text::new(
            "请逐条填写豁免（设施、要求、理由、批准机关、批准日期、有效期至）；没有豁免时不要指定豁免文件",
            "a waiver file lists its waivers under `waivers:` (facility, requirement, reason, approver, granted, expires); with no waivers, leave out --waivers",
        )));
    }
    super::parse(text)
}

/// A waiver file: `waivers: [...]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWaivers {
    /// The waivers.
    pub waivers: Vec<Sp<RawWaiver>>,
}

/// One waiver.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWaiver {
    /// Facility id.
    pub facility: Sp<String>,
    /// Requirement id.
    pub requirement: Sp<String>,
    /// 理由.
    pub reason: Sp<String>,
    /// 批准机关.
    pub approver: Sp<String>,
    /// 批准日期 YYYY-MM-DD.
    pub granted: Sp<String>,
    /// 有效期至 YYYY-MM-DD (inclusive).
    pub expires: Sp<String>,
    /// 依据文件.
    #[serde(default)]
    pub evidence: Ev<String>,
}
