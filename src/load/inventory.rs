//! The inventory file as written: raw structs with spans, straight from serde. Names are still
//! as the user typed them (ids or Chinese aliases); `model::inventory` resolves them.
//!
//! These types are also the source of the inventory JSON Schema (`schemars`), which
//! `model::schema` completes with the standard's vocabulary.

use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::{Anything, Count, Ev, Number, Sp, SpannedMap};

/// A facility inventory: a site survey or a proposed layout.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "sitecheck facility inventory / 设施清单")]
pub struct RawInventory {
    /// 设施 — the facility surveyed: id, name, level.
    pub facility: Sp<RawFacility>,
    /// 适用标准 — a standard's id, optionally `@VERSION` (never a path): a built-in one, or a
    /// local one the operator supplies (`--standard FILE`, `--standards DIR`).
    #[serde(default)]
    pub standard: Ev<String>,
    /// 标准校验码 — the SHA-256 of the standard's text the form was made from (written by
    /// `sitecheck init`): a local standard must be that very text.
    #[serde(default)]
    pub standard_sha256: Ev<String>,
    /// 核查 — who surveyed, when, and whether this is a site survey or a proposed layout.
    #[serde(default)]
    pub survey: Ev<RawSurvey>,
    /// 运营方式 — how the facility is run (Art. 5).
    #[serde(default)]
    pub operation: Ev<RawOperation>,
    /// 建筑面积(平方米) — floor area in m². Absent or null: not surveyed.
    #[serde(default)]
    #[schemars(extend("x-sitecheck" = "area"))]
    pub floor_area_m2: Ev<Number>,
    /// 人员配备 — the staff. `[]` means surveyed and none; absent means not surveyed.
    #[serde(default)]
    pub staff: Ev<Vec<Sp<RawStaff>>>,
    /// 功能区 — zones by id or Chinese name. `{}` means surveyed and none.
    #[serde(default)]
    #[schemars(extend("x-sitecheck" = "zones"))]
    pub zones: Ev<SpannedMap<Sp<Option<RawZone>>>>,
    /// 其他用房 — rooms outside the standard's vocabulary: shown, not checked.
    #[serde(default)]
    pub other_zones: Ev<SpannedMap<Anything>>,
    /// 履行的职能 — the duties (services) the facility performs: a list of ids or Chinese names,
    /// or a mapping from each to its evidence (台账) `{provided, record, last_done}`.
    #[serde(default)]
    pub services: Ev<RawServices>,
    /// 规模 — named sizes a standard may scale its thresholds by (beds, children_served…).
    #[serde(default)]
    #[schemars(extend("x-sitecheck" = "capacity"))]
    pub capacity: Ev<SpannedMap<Sp<Number>>>,
}

/// The facility's identity.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFacility {
    /// 设施编号 — unique id.
    pub id: Sp<String>,
    /// 名称.
    #[serde(default)]
    pub name: Option<String>,
    /// 层级 — district_center | town_station | childrens_home (or a Chinese name).
    #[schemars(extend("x-sitecheck" = "levels"))]
    pub level: Sp<String>,
    /// 所在地区.
    #[serde(default)]
    pub region: Option<String>,
    /// 综合设置 — shared premises (可).
    #[serde(default)]
    pub co_located_with: Ev<String>,
}

/// Who surveyed, and when.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSurvey {
    /// site_survey (现场核查) | proposed_layout (规划方案).
    #[serde(default)]
    pub kind: Option<SurveyKind>,
    /// 核查日期 YYYY-MM-DD.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub date: Ev<String>,
    /// 核查人.
    #[serde(default)]
    pub surveyor: Option<String>,
}

/// A site survey of an existing facility, or a planner's proposed layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// 现场核查.
    SiteSurvey,
    /// 规划方案.
    ProposedLayout,
}

impl SurveyKind {
    /// `site_survey` or `proposed_layout`, as the inventory and the reports write it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyKind::SiteSurvey => "site_survey",
            SurveyKind::ProposedLayout => "proposed_layout",
        }
    }
}

/// How the facility is operated.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOperation {
    /// 运营方式 — social_organization | government | mixed (or a Chinese name).
    #[serde(default)]
    #[schemars(extend("x-sitecheck" = "operation_modes"))]
    pub mode: Ev<String>,
    /// 运营主体.
    #[serde(default)]
    pub operator: Option<String>,
}

/// One member of staff: one entry per person, however many duties they hold.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{"required": ["role"]}, {"required": ["roles"]}]))]
pub struct RawStaff {
    /// 姓名 — unique in the inventory (a person is written once).
    #[serde(default)]
    pub name: Option<String>,
    /// 编号 — an optional staff number or ID-card suffix, unique in the inventory.
    #[serde(default)]
    pub id: Option<Sp<String>>,
    /// 岗位 — a role id or Chinese name (one role; `roles` for several).
    #[serde(default)]
    #[schemars(extend("x-sitecheck" = "roles"))]
    pub role: Option<Sp<String>>,
    /// 岗位(多个) — the roles of a person who holds several duties.
    #[serde(default)]
    #[schemars(extend("x-sitecheck" = "role_list"))]
    pub roles: Option<Sp<Vec<Sp<String>>>>,
    /// 职务 — the title on the roster (中心主任, 会计…), free text; needed with role `other`.
    #[serde(default)]
    pub title: Option<String>,
    /// 资质 — qualification ids or Chinese names.
    #[serde(default)]
    #[schemars(extend("x-sitecheck" = "qualifications"))]
    pub qualifications: Ev<Vec<Sp<String>>>,
}

/// One functional zone.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawZone {
    /// 面积(平方米).
    #[serde(default)]
    #[schemars(extend("x-sitecheck" = "area"))]
    pub area_m2: Ev<Number>,
    /// 设施设备 — item id or Chinese name → count. `{}` means an empty room.
    #[serde(default)]
    #[schemars(extend("x-sitecheck" = "items"))]
    pub equipment: Ev<SpannedMap<Sp<RawItem>>>,
    /// 年龄段 — age bands such as `0-3` or `0-3岁`.
    #[serde(default)]
    #[schemars(extend("x-sitecheck" = "age_bands"))]
    pub age_bands: Ev<Vec<Sp<String>>>,
    /// 其他设备 — items outside the vocabulary: shown, not checked.
    #[serde(default)]
    pub other_equipment: Ev<SpannedMap<Anything>>,
}

/// An item's value: a count, `{count, kinds, topics}`, or null (not surveyed).
#[derive(Debug, Default, PartialEq)]
pub struct RawItem {
    /// How many (None: not surveyed).
    pub count: Option<Sp<u64>>,
    /// How many kinds (sand toys).
    pub kinds: Option<Sp<u64>>,
    /// Wall-display topics.
    pub topics: Option<Sp<Vec<Sp<String>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItemMap {
    #[serde(default)]
    count: Option<Sp<Count>>,
    #[serde(default)]
    kinds: Option<Sp<Count>>,
    #[serde(default)]
    topics: Option<Sp<Vec<Sp<String>>>>,
}

impl<'de> Deserialize<'de> for RawItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a count (a whole number ≥ 0), a mapping {count, kinds, topics}, or null",
                )
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawItem, E> {
                Ok(RawItem {
                    count: Some(Sp {
                        value: v,
                        loc: None,
                    }),
                    ..RawItem::default()
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawItem, E> {
                u64::try_from(v)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &"a count ≥ 0"))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawItem, E> {
                if v.fract() == 0.0 && (0.0..9.0e15).contains(&v) {
                    self.visit_u64(v as u64)
                } else {
                    Err(E::invalid_value(
                        de::Unexpected::Float(v),
                        &"a whole number ≥ 0",
                    ))
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawItem, E> {
                Ok(RawItem::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<RawItem, E> {
                Ok(RawItem::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawItem, A::Error> {
                let m = RawItemMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawItem {
                    count: m.count.map(|c| Sp {
                        value: c.value.0,
                        loc: c.loc,
                    }),
                    kinds: m.kinds.map(|c| Sp {
                        value: c.value.0,
                        loc: c.loc,
                    }),
                    topics: m.topics,
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for RawItem {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Item".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "数量，或 {count, kinds, topics}；空值表示未核查 — a count, or {count, kinds, topics}; null: not surveyed",
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "null"},
                {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "count": {"type": ["integer", "null"], "minimum": 0, "description": "数量 — how many"},
                        "kinds": {"type": ["integer", "null"], "minimum": 0, "description": "种类数 — how many kinds"},
                        "topics": {"type": ["array", "null"], "items": {"type": "string"}, "x-sitecheck": "topics", "description": "上墙内容 — wall-display topics"}
                    }
                }
            ]
        })
    }
}

/// The duties a facility performs, as a list or as a mapping to their evidence.
#[derive(Debug)]
pub enum RawServices {
    /// `[id, …]`: each listed duty is performed (no record given).
    List(Vec<Sp<String>>),
    /// `{id: evidence, …}`.
    Map(SpannedMap<Sp<RawService>>),
}

impl Default for RawServices {
    fn default() -> Self {
        Self::List(Vec::new())
    }
}

impl<'de> Deserialize<'de> for RawServices {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawServices;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of duties, or a mapping from each duty to its record")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<RawServices, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(RawServices::List)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawServices, A::Error> {
                SpannedMap::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawServices::Map)
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for RawServices {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Services".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "履行的职能：职能名称的列表，或 职能 → 台账 {provided, record, last_done} — the duties performed: a list, or a mapping to each one's record",
            "anyOf": [
                {"type": "array", "items": {"type": "string"}, "x-sitecheck": "services"},
                {
                    "type": "object",
                    "x-sitecheck": "service_map",
                    "additionalProperties": {
                        "anyOf": [
                            {"type": "boolean"},
                            {"type": "null"},
                            {
                                "type": "object",
                                "additionalProperties": false,
                                "properties": {
                                    "provided": {"type": ["boolean", "null"], "description": "是否履行 — performed (true) or not (false)"},
                                    "record": {"type": ["string", "null"], "description": "台账 — the record that shows it (会商纪要3份…)"},
                                    "last_done": {"type": ["string", "null"], "format": "date", "description": "最近记录日期 YYYY-MM-DD"}
                                }
                            }
                        ]
                    }
                }
            ]
        })
    }
}

/// One duty's evidence: `true`/`false`, null (not surveyed), or `{provided, record, last_done}`.
#[derive(Debug, Default, PartialEq)]
pub struct RawService {
    /// Performed (None: not said; a mapping with a record means performed).
    pub provided: Option<bool>,
    /// Whether the value was null: not surveyed.
    pub null: bool,
    /// 台账 — what record shows it.
    pub record: Option<String>,
    /// 最近记录日期, as written.
    pub last_done: Option<Sp<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServiceMap {
    #[serde(default)]
    provided: Option<bool>,
    #[serde(default)]
    record: Option<String>,
    #[serde(default)]
    last_done: Option<Sp<String>>,
}

impl<'de> Deserialize<'de> for RawService {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawService;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, false, null, or a mapping {provided, record, last_done}")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawService, E> {
                Ok(RawService {
                    provided: Some(v),
                    ..RawService::default()
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawService, E> {
                Ok(RawService {
                    null: true,
                    ..RawService::default()
                })
            }
            fn visit_none<E: de::Error>(self) -> Result<RawService, E> {
                self.visit_unit()
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawService, A::Error> {
                let m = RawServiceMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawService {
                    provided: m.provided,
                    null: false,
                    record: m.record,
                    last_done: m.last_done,
                })
            }
        }
        d.deserialize_any(V)
    }
}
