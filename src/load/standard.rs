//! The standard file as written (see `docs/standard-format.md`): raw structs with spans, and
//! the source of the standard JSON Schema.

use schemars::JsonSchema;
use serde::Deserialize;

use super::node::Node;
use super::{Ev, Sp, SpannedMap};
use crate::i18n::Text;

/// A facility standard.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sitecheck facility standard / 设施标准")]
pub struct RawStandard {
    /// 标准编号 — the id inventories and `--standard` use.
    pub id: Sp<String>,
    /// 版本 — the edition.
    pub version: Sp<String>,
    /// 生效日期 YYYY-MM-DD; null: in force for any date.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub effective: Ev<String>,
    /// 继承 — a built-in standard (`id` or `id@version`) or a file this one varies.
    #[serde(default)]
    pub extends: Ev<String>,
    /// 标题.
    #[serde(default)]
    pub title: Option<Text>,
    /// 解释机关.
    #[serde(default)]
    pub authority: Option<Text>,
    /// 依据 — documents the standard is based on.
    #[serde(default)]
    pub basis: Vec<String>,
    /// 规范用语 — normative wording → severity.
    #[serde(default)]
    pub strengths: SpannedMap<Sp<RawStrength>>,
    /// 词汇 — every name an inventory may use.
    #[serde(default)]
    pub vocabulary: RawVocabulary,
    /// 各层级要求 — the requirements of each level, in report order.
    #[serde(default)]
    pub levels: SpannedMap<Sp<Vec<Sp<RawRequirement>>>>,
    /// 删除 — (variants) requirement ids of the base standard to drop, per level.
    #[serde(default)]
    pub remove: SpannedMap<Vec<Sp<String>>>,
    /// 三级网络覆盖 — the articles that make coverage a requirement: every town (镇/街道) a
    /// level, every village (村/居) a level (`check --roster`). A variant that states none
    /// inherits its base's.
    #[serde(default)]
    pub network: Vec<Sp<RawNetworkRule>>,
    /// 示例 — example inventories and the verdict each must get (`standards test`).
    #[serde(default)]
    pub cases: Vec<Sp<RawCase>>,
}

/// A normative strength.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStrength {
    /// 中文用语 (应, 一般应, 可, 鼓励).
    pub zh: String,
    /// English wording.
    pub en: String,
    /// error | warning | info.
    pub severity: Sp<String>,
    /// Whether an operator's waiver may excuse it (一般应).
    #[serde(default)]
    pub waivable: bool,
}

/// The seven closed lists of names.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawVocabulary {
    /// 层级.
    #[serde(default)]
    pub levels: SpannedMap<Sp<RawTerm>>,
    /// 功能区.
    #[serde(default)]
    pub zones: SpannedMap<Sp<RawTerm>>,
    /// 设施设备.
    #[serde(default)]
    pub items: SpannedMap<Sp<RawTerm>>,
    /// 岗位.
    #[serde(default)]
    pub roles: SpannedMap<Sp<RawTerm>>,
    /// 资质.
    #[serde(default)]
    pub qualifications: SpannedMap<Sp<RawTerm>>,
    /// 服务(职能).
    #[serde(default)]
    pub services: SpannedMap<Sp<RawTerm>>,
    /// 上墙内容.
    #[serde(default)]
    pub topics: SpannedMap<Sp<RawTerm>>,
    /// 运营方式.
    #[serde(default)]
    pub operation_modes: SpannedMap<Sp<RawTerm>>,
}

/// One name of the vocabulary.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    /// 中文名 (always accepted as an alias).
    pub zh: String,
    /// English name.
    pub en: String,
    /// 计量单位 (items).
    #[serde(default)]
    pub unit: Option<Text>,
    /// 别名 — other names users may type.
    #[serde(default)]
    pub aliases: Vec<Sp<String>>,
    /// 计入人员配备 — roles only: `false` for a role that is not staffing (志愿者).
    #[serde(default)]
    pub staffing: Option<bool>,
}

/// One requirement. Which keys apply depends on `kind` (see `docs/standard-format.md`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRequirement {
    /// Stable id (`floor_area`, `equipment:archive_room:filing_cabinet`…).
    pub id: Sp<String>,
    /// 条款 as the source cites it (`第九条(五)`).
    #[serde(default)]
    pub clause: Option<Sp<String>>,
    /// A key of `strengths`.
    #[serde(default)]
    pub strength: Option<Sp<String>>,
    /// 名称.
    #[serde(default)]
    pub name: Option<Text>,
    /// 原文 — the standard's own wording.
    #[serde(default)]
    pub text: Option<Text>,
    /// floor_area | zone | equipment | kinds | topics | age_bands | staff_count | staff_any |
    /// operation | service | option.
    #[serde(default)]
    pub kind: Option<Sp<String>>,
    /// Threshold: a number, `{per, rate}` or `{per, table}`.
    #[serde(default)]
    pub min: Option<Sp<RawThreshold>>,
    /// Zone id.
    #[serde(default)]
    pub zone: Option<Sp<String>>,
    /// Item id.
    #[serde(default)]
    pub item: Option<Sp<String>>,
    /// Role id.
    #[serde(default)]
    pub role: Option<Sp<String>>,
    /// Role ids (`staff_any`).
    #[serde(default)]
    pub roles: Option<Vec<Sp<String>>>,
    /// Qualification id.
    #[serde(default)]
    pub qualification: Option<Sp<String>>,
    /// Topic ids (`topics`).
    #[serde(default)]
    pub topics: Option<Vec<Sp<String>>>,
    /// Age bands (`age_bands`), such as `"0-3"`.
    #[serde(default)]
    pub bands: Option<Vec<Sp<String>>>,
    /// Service id.
    #[serde(default)]
    pub service: Option<Sp<String>>,
    /// Operation mode ids (`operation`).
    #[serde(default)]
    pub modes: Option<Vec<Sp<String>>>,
    /// `co_located_with` or `operation` (`option`).
    #[serde(default)]
    pub evidence: Option<Sp<String>>,
    /// 不重复计人 — (`staff_count`, `staff_any`) the id of a requirement of the same level
    /// whose people this one does not count again.
    #[serde(default)]
    pub distinct_from: Option<Sp<String>>,
    /// 台账时效 — (`service`) the oldest a duty's latest record may be, in days.
    #[serde(default)]
    pub max_age_days: Option<Sp<u32>>,
}

/// A threshold as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RawThreshold {
    /// A constant.
    Const(f64),
    /// Scaled by a capacity.
    Scaled(RawScaled),
    /// Anything else: kept (not refused by the parser) so that `model::standard::build` reports
    /// it at its line together with every other problem of the file.
    #[schemars(skip)]
    Wrong(Node),
}

/// A scaled threshold: `{per, rate}` or `{per, table}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScaled {
    /// The capacity name (`beds`, `children_served`).
    pub per: String,
    /// Units of threshold per unit of capacity.
    #[serde(default)]
    pub rate: Option<f64>,
    /// Size classes: the first row whose `upto` ≥ the capacity gives `min`.
    #[serde(default)]
    pub table: Option<Vec<RawRow>>,
}

/// A size-class row.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRow {
    /// Upper bound of the class (inclusive); absent: the last, open class.
    #[serde(default)]
    pub upto: Option<f64>,
    /// The minimum for the class.
    pub min: f64,
}

/// An example case: an inventory and the verdict it must get (`sitecheck standards test`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    /// 名称 — the case's name, unique in the file.
    pub name: Sp<String>,
    /// 清单 — the inventory, inline (a mapping in the inventory format).
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub inventory: Sp<Node>,
    /// 预期结论 — compliant | non_compliant | incomplete.
    pub expect: Sp<String>,
    /// 不符合的条款 — exactly the clauses of the failing error-severity requirements.
    #[serde(default)]
    pub failing: Option<Vec<Sp<String>>>,
    /// 须不符合的要求 — requirement ids that must fail (at least these; any severity).
    #[serde(default)]
    pub fails: Option<Vec<Sp<String>>>,
}

/// One article of the network's coverage.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNetworkRule {
    /// The level every unit must have (a level id).
    pub level: Sp<String>,
    /// The roster's unit: `town` (镇/街道) or `village` (村/居).
    pub of: Sp<String>,
    /// The clause (`第十条`).
    pub clause: String,
    /// The article's words.
    pub text: Text,
}
