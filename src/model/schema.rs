//! JSON Schemas of the file kinds, generated from the raw Rust types (schemars) and completed
//! with a standard's vocabulary: one source of truth for the loader, the slow validation pass
//! and editors.

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::load::inventory::RawInventory;
use crate::load::standard::RawStandard;
use crate::model::standard::{Terms, Vocabulary};

/// The inventory schema for a standard's vocabulary.
#[must_use]
pub fn inventory_schema(v: &Vocabulary, standard_label: &str) -> Value {
    let schema = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<RawInventory>();
    let mut value = schema.to_value();
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "$id".into(),
            json!(format!(
                "https://sitecheck.invalid/schemas/inventory/{standard_label}.json"
            )),
        );
        obj.insert(
            "description".into(),
            json!(format!(
                "设施清单 — facility inventory, vocabulary of {standard_label}"
            )),
        );
    }
    inject(&mut value, v);
    annotate(&mut value, INVENTORY_KEYS);
    value
}

/// The district roster's schema (`--roster`).
#[must_use]
pub fn roster_schema() -> Value {
    let schema = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<crate::load::roster::RawRoster>();
    let mut value = schema.to_value();
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "$id".into(),
            json!("https://sitecheck.invalid/schemas/roster.json"),
        );
    }
    value
}

/// The orders-file schema (`check --orders`).
#[must_use]
pub fn orders_schema() -> Value {
    let schema = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<crate::load::orders::RawOrders>();
    let mut value = schema.to_value();
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "$id".into(),
            json!("https://sitecheck.invalid/schemas/orders.json"),
        );
    }
    value
}

/// The standard-file schema; `kinds` are the requirement kinds' names (`kinds::names`).
#[must_use]
pub fn standard_schema<'a>(kinds: impl IntoIterator<Item = &'a str>) -> Value {
    let schema = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<RawStandard>();
    let mut value = schema.to_value();
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "$id".into(),
            json!("https://sitecheck.invalid/schemas/standard.json"),
        );
        let kinds: Vec<&str> = kinds.into_iter().collect();
        if let Some(defs) = obj.get_mut("$defs").and_then(Value::as_object_mut)
            && let Some(kind) = defs
                .get_mut("RawRequirement")
                .and_then(|r| r.pointer_mut("/properties/kind"))
        {
            *kind = json!({"type": ["string", "null"], "enum": kinds.iter().map(|k| json!(k)).chain([Value::Null]).collect::<Vec<_>>(), "description": "requirement kind / 要求类型"});
        }
    }
    annotate(&mut value, STANDARD_KEYS);
    value
}

fn names(t: &Terms) -> Vec<Value> {
    t.spellings().map(|s| json!(s)).collect()
}

fn described(t: &Terms) -> String {
    t.terms
        .iter()
        .map(|x| format!("{} ({}, {})", x.id, x.name.zh, x.name.en))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Replaces every `"x-sitecheck": "<list>"` marker with the matching vocabulary constraint.
fn inject(value: &mut Value, v: &Vocabulary) {
    match value {
        Value::Object(obj) => {
            if let Some(Value::String(marker)) = obj.remove("x-sitecheck") {
                apply(obj, &marker, v);
            }
            for (_, child) in obj.iter_mut() {
                inject(child, v);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|c| inject(c, v)),
        _ => {}
    }
}

fn enum_of(t: &Terms) -> Value {
    json!({"type": "string", "enum": names(t), "enumDescriptions": explained(t), "description": described(t)})
}

/// One explanation per spelling of `names(t)`, in both languages (`enumDescriptions`, which
/// editors show beside each completion).
fn explained(t: &Terms) -> Vec<Value> {
    t.spellings()
        .map(|s| json!(t.resolve(s).map_or_else(String::new, term_text)))
        .collect()
}

fn term_text(x: &crate::model::standard::Term) -> String {
    use std::fmt::Write as _;
    let mut out = format!("{} / {} (`{}`)", x.name.zh, x.name.en, x.id);
    if let Some(u) = &x.unit {
        let _ = write!(out, " — 单位 {} / unit: {}", u.zh, u.en);
    }
    if !x.aliases.is_empty() {
        let _ = write!(out, " — 也可写作 / also written: {}", x.aliases.join(", "));
    }
    out
}

/// A property per spelling (id, Chinese name, alias), each with the value schema of the map
/// and the term's names in both languages: editors complete the keys and explain each.
fn spelled_properties(obj: &mut Map<String, Value>, t: &Terms) {
    let value = obj
        .get("additionalProperties")
        .cloned()
        .unwrap_or(json!({}));
    let mut props = Map::new();
    for s in t.spellings() {
        let Some(x) = t.resolve(s) else { continue };
        let mut p = value.clone();
        if let Some(o) = p.as_object_mut() {
            o.insert(
                "title".into(),
                json!(format!("{} / {}", x.name.zh, x.name.en)),
            );
            o.insert("description".into(), json!(term_text(x)));
        }
        props.insert(s.to_owned(), p);
    }
    obj.insert("properties".into(), Value::Object(props));
}

fn apply(obj: &mut Map<String, Value>, marker: &str, v: &Vocabulary) {
    match marker {
        "levels" | "operation_modes" => {
            let t = if marker == "levels" {
                &v.levels
            } else {
                &v.operation_modes
            };
            let nullable = obj
                .get("type")
                .is_some_and(|t| t.as_array().is_some_and(|a| a.contains(&json!("null"))));
            let mut e = names(t);
            if nullable {
                e.push(Value::Null);
            }
            let mut why = explained(t);
            if nullable {
                why.push(json!("空 = 未核查 / empty: not surveyed"));
            }
            obj.insert("enum".into(), Value::Array(e));
            obj.insert("enumDescriptions".into(), Value::Array(why));
            obj.insert("description".into(), json!(described(t)));
        }
        "roles" => {
            obj.insert("enum".into(), Value::Array(names(&v.roles)));
            obj.insert("enumDescriptions".into(), Value::Array(explained(&v.roles)));
            obj.insert("description".into(), json!(described(&v.roles)));
        }
        "role_list" => {
            obj.insert("items".into(), enum_of(&v.roles));
        }
        "service_map" => {
            obj.insert("propertyNames".into(), enum_of(&v.services));
        }
        "qualifications" | "services" => {
            let t = if marker == "services" {
                &v.services
            } else {
                &v.qualifications
            };
            obj.insert("items".into(), enum_of(t));
        }
        "zones" => {
            obj.insert("propertyNames".into(), enum_of(&v.zones));
            spelled_properties(obj, &v.zones);
        }
        "items" => {
            obj.insert("propertyNames".into(), enum_of(&v.items));
            spelled_properties(obj, &v.items);
        }
        "topics" => {
            obj.insert("items".into(), json!({"type": "string", "examples": names(&v.topics), "description": format!("open list (等): {}", described(&v.topics))}));
        }
        "age_bands" => {
            obj.insert("items".into(), json!({"type": "string", "pattern": "^\\s*[0-9]+\\s*-\\s*[0-9]+\\s*岁?\\s*$", "examples": ["0-3", "3-6", "6-12", "12-18", "0-3岁"]}));
        }
        "area" => {
            obj.insert("minimum".into(), json!(0));
        }
        "capacity" => {
            obj.insert(
                "additionalProperties".into(),
                json!({"type": "number", "minimum": 0}),
            );
        }
        _ => {}
    }
}

/// Titles and descriptions in both languages, by definition and key: (definition — `""` for
/// the root, a path below `$defs` for a nested one —, key, Chinese title, English title,
/// Chinese description, English description).
type Keys = &'static [(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
)];

/// The inventory's keys, explained.
const INVENTORY_KEYS: Keys = &[
    (
        "",
        "facility",
        "设施",
        "facility",
        "被核查的设施：编号、名称、层级。",
        "The facility surveyed: its id, name and level.",
    ),
    (
        "",
        "standard",
        "适用标准",
        "standard",
        "标准的编号，可带 @版本（如 huancui@2021-trial）；不能是文件路径。内置标准直接使用；本地标准由检查人员以 --standard 文件 或 --standards 目录 提供。命令行指定其他标准须加 --override-standard。",
        "A standard's id, optionally @VERSION (huancui@2021-trial); never a path. A built-in one is used as is; a local one is supplied by the operator with --standard FILE or --standards DIR. Judging the inventory against another standard takes --override-standard.",
    ),
    (
        "",
        "standard_sha256",
        "标准校验码",
        "standard checksum",
        "生成模板时所依据标准文本的 SHA-256 校验码（由 sitecheck init 写入，请勿改动）；本地标准须与之一致。",
        "The SHA-256 of the standard's text the template was made from (written by sitecheck init; leave it as is): a local standard must match it.",
    ),
    (
        "",
        "survey",
        "核查",
        "survey",
        "核查类型、日期和核查人。",
        "Whether this is a site survey or a proposed layout, when, and by whom.",
    ),
    (
        "",
        "operation",
        "运营",
        "operation",
        "设施的运营方式和运营主体（第五条）。留空 = 未核查。",
        "How the facility is run, and by whom (Art. 5). Absent: not surveyed.",
    ),
    (
        "",
        "floor_area_m2",
        "建筑面积（平方米）",
        "floor area (m²)",
        "建筑面积，平方米，不小于 0。留空 = 未核查。",
        "Floor area in m², ≥ 0. Absent or null: not surveyed.",
    ),
    (
        "",
        "staff",
        "人员配备",
        "staff",
        "每人一项（一人兼任多个岗位时用 roles 列出）：姓名、岗位、资质。[] = 核查后没有人员；留空 = 未核查。",
        "One entry per person (roles: [..] for one person with several duties): name, role, qualifications. [] means surveyed and none; absent means not surveyed.",
    ),
    (
        "",
        "zones",
        "功能区",
        "zones",
        "按功能区编号或中文名。{} = 核查后一个功能区也没有；缺少的功能区判为不合格；留空 = 未核查。",
        "Zones by id or Chinese name. {} means surveyed and none; a zone left out of a surveyed map fails; absent means not surveyed.",
    ),
    (
        "",
        "other_zones",
        "其他用房",
        "other rooms",
        "标准词汇之外的用房：列出，不检查。",
        "Rooms outside the standard's vocabulary: shown, not checked.",
    ),
    (
        "",
        "services",
        "履行的职能",
        "services",
        "设施实际履行的职能，按编号或中文名列出；或写成 职能: {provided, record, last_done} 附上台账。留空 = 未核查。",
        "Duties the facility performs, by id or Chinese name; or a mapping duty: {provided, record, last_done} with its record. Absent: not surveyed.",
    ),
    (
        "",
        "capacity",
        "规模",
        "capacity",
        "标准据以折算门槛的规模，如 children_served（服务儿童数）。",
        "Named sizes a standard may scale its thresholds by, such as children_served.",
    ),
    (
        "RawFacility",
        "id",
        "设施编号",
        "facility id",
        "设施的唯一编号，如 huancui-dc。",
        "The facility's unique id, such as huancui-dc.",
    ),
    (
        "RawFacility",
        "name",
        "名称",
        "name",
        "设施名称。",
        "The facility's name.",
    ),
    (
        "RawFacility",
        "level",
        "层级",
        "level",
        "设施层级：编号或中文名。",
        "The facility's level: an id or a Chinese name.",
    ),
    (
        "RawFacility",
        "region",
        "所在地区",
        "region",
        "如 山东省威海市环翠区。",
        "Where it is, such as 山东省威海市环翠区.",
    ),
    (
        "RawFacility",
        "co_located_with",
        "综合设置",
        "co-located with",
        "与之共用场所的已有设施（可）。",
        "The facility it shares premises with (may).",
    ),
    (
        "RawSurvey",
        "kind",
        "核查类型",
        "survey kind",
        "site_survey 现场核查，或 proposed_layout 规划方案。",
        "site_survey (an existing facility) or proposed_layout (a planner's layout).",
    ),
    (
        "RawSurvey",
        "date",
        "核查日期",
        "survey date",
        "YYYY-MM-DD；决定适用标准的版本。",
        "YYYY-MM-DD; picks the edition of the standard in force.",
    ),
    (
        "RawSurvey",
        "surveyor",
        "核查人",
        "surveyor",
        "核查人姓名。",
        "Who surveyed.",
    ),
    (
        "RawOperation",
        "mode",
        "运营方式",
        "operation mode",
        "运营方式：编号或中文名。",
        "How it is run: an id or a Chinese name.",
    ),
    (
        "RawOperation",
        "operator",
        "运营主体",
        "operator",
        "运营单位名称。",
        "The operating organisation.",
    ),
    (
        "RawStaff",
        "name",
        "姓名",
        "name",
        "工作人员姓名。",
        "The person's name.",
    ),
    (
        "RawStaff",
        "role",
        "岗位",
        "role",
        "岗位：编号或中文名。",
        "The role: an id or a Chinese name.",
    ),
    (
        "RawStaff",
        "qualifications",
        "资质",
        "qualifications",
        "所持资质：编号或中文名。具备社会工作专业资质的工作人员（志愿者除外）计入第八条的人员配备。",
        "Qualifications held: ids or Chinese names. Every staff member (not a volunteer) holding social_work counts toward Art. 8's staffing.",
    ),
    (
        "RawStaff",
        "id",
        "编号",
        "staff number",
        "工号或身份证号后几位，可不填；同一清单中不得重复。",
        "A staff number or ID-card suffix, optional; unique in the inventory.",
    ),
    (
        "RawStaff",
        "roles",
        "岗位（多个）",
        "roles",
        "一人兼任多个岗位时列出各岗位；每人只写一项。",
        "The roles of one person holding several duties; each person is written once.",
    ),
    (
        "RawStaff",
        "title",
        "职务",
        "title",
        "花名册上的职务（如中心主任、会计），岗位为 other（其他）时填写。",
        "The title on the roster (centre director, accountant…); give it with role other.",
    ),
    (
        "RawZone",
        "area_m2",
        "面积（平方米）",
        "area (m²)",
        "功能区面积，平方米。留空 = 未核查。",
        "The zone's area in m². Absent: not surveyed.",
    ),
    (
        "RawZone",
        "equipment",
        "设施设备",
        "equipment",
        "设备编号或中文名 → 数量。{} = 空房间；缺少的设备按 0 计；留空 = 未核查。",
        "Item id or Chinese name → count. {} means an empty room; an item left out counts 0; absent means not surveyed.",
    ),
    (
        "RawZone",
        "age_bands",
        "年龄段",
        "age bands",
        "阅读区覆盖的年龄段，如 0-3、3-6 或 0-3岁。",
        "The age bands a reading area serves, such as 0-3, 3-6 or 0-3岁.",
    ),
    (
        "RawZone",
        "other_equipment",
        "其他设备",
        "other equipment",
        "标准词汇之外的设备：列出，不检查。",
        "Items outside the vocabulary: shown, not checked.",
    ),
    (
        "Item/anyOf/2",
        "count",
        "数量",
        "count",
        "数量，不小于 0 的整数；空 = 未核查。",
        "How many: a whole number ≥ 0; null: not surveyed.",
    ),
    (
        "Item/anyOf/2",
        "kinds",
        "种类数",
        "kinds",
        "种类数（如沙具的种类）。",
        "How many kinds (of sand toys, say).",
    ),
    (
        "Item/anyOf/2",
        "topics",
        "上墙内容",
        "topics",
        "上墙材料的内容，编号或中文名。",
        "Wall-display topics, by id or Chinese name.",
    ),
];

/// The standard file's keys, explained.
const STANDARD_KEYS: Keys = &[
    (
        "",
        "id",
        "标准编号",
        "id",
        "清单和 --standard 使用的编号。",
        "The id inventories and --standard use.",
    ),
    (
        "",
        "version",
        "版本",
        "version",
        "版本号，如 2021-trial。",
        "The edition, such as 2021-trial.",
    ),
    (
        "",
        "effective",
        "生效日期",
        "in force from",
        "YYYY-MM-DD；空 = 任何日期都适用。",
        "YYYY-MM-DD; null: in force for any date.",
    ),
    (
        "",
        "extends",
        "继承",
        "extends",
        "继承的标准：内置编号（可带 @版本）或文件；只需写出不同之处。",
        "The standard it varies: a built-in id (optionally @version) or a file; restate only what differs.",
    ),
    (
        "",
        "title",
        "标题",
        "title",
        "标准的中英文标题。",
        "The standard's title in both languages.",
    ),
    (
        "",
        "authority",
        "解释机关",
        "authority",
        "负责解释标准的机关。",
        "The body that interprets the standard.",
    ),
    (
        "",
        "basis",
        "依据",
        "basis",
        "标准所依据的文件。",
        "The documents the standard is based on.",
    ),
    (
        "",
        "strengths",
        "规范用语",
        "normative wording",
        "应、一般应、可、鼓励 → 严重程度，以及能否豁免。",
        "应, 一般应, 可, 鼓励 → severity, and whether a waiver may excuse it.",
    ),
    (
        "",
        "vocabulary",
        "词汇",
        "vocabulary",
        "清单可用的全部名称：层级、功能区、设备、岗位、资质、服务及其别名。",
        "Every name an inventory may use: levels, zones, items, roles, qualifications, services, with their aliases.",
    ),
    (
        "",
        "levels",
        "各层级要求",
        "requirements by level",
        "每个层级的要求，按报告顺序。",
        "The requirements of each level, in report order.",
    ),
    (
        "",
        "remove",
        "删除",
        "remove",
        "（变体）删去的基础标准要求编号。",
        "(Variants) requirement ids of the base standard to drop.",
    ),
    (
        "",
        "cases",
        "示例",
        "example cases",
        "示例清单及其应得结论，由 standards test 运行。",
        "Example inventories and the verdict each must get, run by `standards test`.",
    ),
    (
        "RawRequirement",
        "id",
        "要求编号",
        "requirement id",
        "稳定的编号，报告和豁免引用它。",
        "A stable id that reports and waivers refer to.",
    ),
    (
        "RawRequirement",
        "clause",
        "条款",
        "clause",
        "按原文引用的条款，如 第九条（五）。",
        "The clause as the source cites it, such as 第九条(五).",
    ),
    (
        "RawRequirement",
        "strength",
        "规范用语",
        "strength",
        "strengths 中的一个键（应、一般应、可、鼓励）。",
        "A key of strengths (应, 一般应, 可, 鼓励).",
    ),
    (
        "RawRequirement",
        "name",
        "名称",
        "name",
        "要求的中英文名称。",
        "The requirement's name in both languages.",
    ),
    (
        "RawRequirement",
        "text",
        "原文",
        "wording",
        "标准原文及英文译文。",
        "The standard's own wording, and its English.",
    ),
    (
        "RawRequirement",
        "kind",
        "要求类型",
        "kind",
        "检查的类型：floor_area、zone、equipment、kinds、topics、age_bands、staff_count、staff_any、operation、service、option。",
        "What is checked: floor_area, zone, equipment, kinds, topics, age_bands, staff_count, staff_any, operation, service, option.",
    ),
    (
        "RawRequirement",
        "min",
        "门槛",
        "threshold",
        "数字，或按规模折算 {per, rate} / {per, table}。",
        "A number, or scaled by a capacity: {per, rate} or {per, table}.",
    ),
    (
        "RawRequirement",
        "zone",
        "功能区",
        "zone",
        "功能区编号。",
        "A zone id.",
    ),
    (
        "RawRequirement",
        "item",
        "设备",
        "item",
        "设备编号。",
        "An item id.",
    ),
    (
        "RawRequirement",
        "role",
        "岗位",
        "role",
        "岗位编号。",
        "A role id.",
    ),
    (
        "RawRequirement",
        "roles",
        "岗位",
        "roles",
        "任一岗位均可计入（staff_any）。",
        "Role ids, any of which counts (staff_any).",
    ),
    (
        "RawRequirement",
        "qualification",
        "资质",
        "qualification",
        "须持有的资质编号。",
        "The qualification id the staff must hold.",
    ),
    (
        "RawRequirement",
        "service",
        "服务",
        "service",
        "服务编号。",
        "A service id.",
    ),
    (
        "RawRequirement",
        "modes",
        "运营方式",
        "operation modes",
        "符合要求的运营方式编号。",
        "The operation mode ids that meet it.",
    ),
    (
        "RawRequirement",
        "topics",
        "上墙内容",
        "topics",
        "上墙材料须含的内容编号。",
        "Topic ids the wall display must include.",
    ),
    (
        "RawRequirement",
        "bands",
        "年龄段",
        "age bands",
        "须覆盖的年龄段，如 \"0-3\"。",
        "Age bands to cover, such as \"0-3\".",
    ),
    (
        "RawRequirement",
        "evidence",
        "依据",
        "evidence",
        "可选项的依据：co_located_with 或 operation。",
        "What shows a 可 option is used: co_located_with or operation.",
    ),
    (
        "RawCase",
        "name",
        "名称",
        "name",
        "示例名称，文件内唯一。",
        "The case's name, unique in the file.",
    ),
    (
        "RawCase",
        "inventory",
        "清单",
        "inventory",
        "内联的清单。",
        "The inventory, inline.",
    ),
    (
        "RawCase",
        "expect",
        "预期结论",
        "expected verdict",
        "compliant、non_compliant 或 incomplete。",
        "compliant, non_compliant or incomplete.",
    ),
    (
        "RawCase",
        "failing",
        "不符合的条款",
        "failing clauses",
        "恰好这些错误级条款不符合。",
        "Exactly the error-severity clauses that fail.",
    ),
    (
        "RawCase",
        "fails",
        "须不符合的要求",
        "requirements that fail",
        "至少这些要求编号不符合。",
        "Requirement ids that must fail, at least.",
    ),
    (
        "RawTerm",
        "zh",
        "中文名",
        "Chinese name",
        "中文名（总可作为别名使用）。",
        "The Chinese name (always accepted as an alias).",
    ),
    (
        "RawTerm",
        "en",
        "英文名",
        "English name",
        "报告中使用的英文名。",
        "The English name reports use.",
    ),
    (
        "RawTerm",
        "aliases",
        "别名",
        "aliases",
        "用户可以写的其他名称。",
        "Other names users may type.",
    ),
    (
        "RawTerm",
        "unit",
        "计量单位",
        "unit",
        "设备的计量单位（台、套、组）。",
        "What an item's count counts (台, 套, 组).",
    ),
    (
        "RawVocabulary",
        "levels",
        "层级",
        "levels",
        "设施层级及其中英文名、别名。",
        "Facility levels, with their names and aliases.",
    ),
    (
        "RawVocabulary",
        "zones",
        "功能区",
        "zones",
        "功能区及其中英文名、别名。",
        "Functional zones, with their names and aliases.",
    ),
    (
        "RawVocabulary",
        "items",
        "设施设备",
        "items",
        "设施设备及其名称、别名和计量单位。",
        "Equipment items, with their names, aliases and units.",
    ),
    (
        "RawVocabulary",
        "roles",
        "岗位",
        "roles",
        "工作人员岗位。",
        "Staff roles.",
    ),
    (
        "RawVocabulary",
        "qualifications",
        "资质",
        "qualifications",
        "工作人员资质。",
        "Staff qualifications.",
    ),
    (
        "RawVocabulary",
        "services",
        "服务（职能）",
        "services (duties)",
        "设施开展的服务（职能）。",
        "Services (duties) a facility provides.",
    ),
    (
        "RawVocabulary",
        "topics",
        "上墙内容",
        "wall-display topics",
        "上墙材料的内容（开放列表：原文以“等”结尾）。",
        "Wall-display topics (an open list: the source's list ends in 等).",
    ),
    (
        "RawVocabulary",
        "operation_modes",
        "运营方式",
        "operation modes",
        "设施的运营方式。",
        "How a facility may be run.",
    ),
    (
        "RawStrength",
        "zh",
        "中文用语",
        "Chinese wording",
        "应、一般应、可、鼓励。",
        "应、一般应、可、鼓励。",
    ),
    (
        "RawStrength",
        "en",
        "英文用语",
        "English wording",
        "报告中使用的英文用语。",
        "The English wording reports use.",
    ),
    (
        "RawStrength",
        "severity",
        "严重程度",
        "severity",
        "error、warning 或 info。",
        "error, warning or info.",
    ),
    (
        "RawStrength",
        "waivable",
        "可豁免",
        "waivable",
        "运营方的豁免能否免除此要求（一般应）。",
        "Whether an operator's waiver may excuse it (一般应).",
    ),
    (
        "RawScaled",
        "per",
        "按规模",
        "per capacity",
        "门槛所依据的规模名称，如 children_served。",
        "The capacity the threshold scales with, such as children_served.",
    ),
    (
        "RawScaled",
        "rate",
        "比例",
        "rate",
        "每单位规模对应的门槛。",
        "Threshold units per unit of capacity.",
    ),
    (
        "RawScaled",
        "table",
        "分档",
        "size classes",
        "规模分档：取第一个 upto ≥ 规模的档。",
        "Size classes: the first row whose upto ≥ the capacity applies.",
    ),
    (
        "RawRow",
        "upto",
        "上限",
        "up to",
        "本档规模上限（含）；省略 = 无上限。",
        "The class's upper bound (inclusive); absent: no bound.",
    ),
    (
        "RawRow",
        "min",
        "门槛",
        "minimum",
        "本档的门槛。",
        "The minimum for the class.",
    ),
    (
        "Text",
        "zh",
        "中文",
        "Chinese",
        "中文文本。",
        "The Chinese text.",
    ),
    (
        "Text",
        "en",
        "英文",
        "English",
        "英文文本。",
        "The English text.",
    ),
];

/// Sets the title and description of every key in `keys`, in both languages.
fn annotate(value: &mut Value, keys: Keys) {
    for &(def, key, zh, en, zh_d, en_d) in keys {
        let pointer = if def.is_empty() {
            format!("/properties/{key}")
        } else {
            format!("/$defs/{def}/properties/{key}")
        };
        if let Some(Value::Object(p)) = value.pointer_mut(&pointer) {
            p.insert("title".into(), json!(format!("{zh} / {en}")));
            p.insert("description".into(), json!(format!("{zh_d} {en_d}")));
        }
    }
}
