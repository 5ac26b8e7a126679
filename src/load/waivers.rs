//! The operator's waiver file as written.

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Ev, Sp};

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
