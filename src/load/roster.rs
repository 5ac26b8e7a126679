//! The district roster (花名册) as written: the district's towns (镇/街道) and their villages
//! (村/居), each with its administrative code and, optionally, the id of the facility expected
//! there. `model::roster` validates it; `check::coverage` measures the three-level network's
//! coverage with it.

use schemars::JsonSchema;
use serde::Deserialize;

use super::Sp;

/// A roster file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sitecheck district roster / 辖区镇村名册")]
pub struct RawRoster {
    /// 区(县)名称 — the district.
    #[serde(default)]
    pub district: Option<Sp<String>>,
    /// 镇(街道) — the towns and sub-districts.
    pub towns: Vec<Sp<RawTown>>,
}

/// One town (镇/街道).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTown {
    /// 区划代码 — the administrative code (text: quote it).
    pub code: Sp<String>,
    /// 名称 — the town's name as a facility's region ends with it (张村镇).
    pub name: Sp<String>,
    /// 工作站编号 — the id of the workstation expected here (optional).
    #[serde(default)]
    pub facility: Option<Sp<String>>,
    /// 村(居) — its villages and residents' committees.
    #[serde(default)]
    pub villages: Vec<Sp<RawVillage>>,
}

/// One village (村/居).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawVillage {
    /// 区划代码 — the administrative code (text: quote it).
    pub code: Sp<String>,
    /// 名称 — the village's name as a facility's region ends with it (东山村).
    pub name: Sp<String>,
    /// 儿童之家编号 — the id of the children's home expected here (optional).
    #[serde(default)]
    pub facility: Option<Sp<String>>,
}
