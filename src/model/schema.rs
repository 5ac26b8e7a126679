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
    value
}

/// The standard-file schema.
#[must_use]
pub fn standard_schema() -> Value {
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
        let kinds: Vec<&str> = crate::model::standard::KINDS.to_vec();
        if let Some(defs) = obj.get_mut("$defs").and_then(Value::as_object_mut)
            && let Some(kind) = defs
                .get_mut("RawRequirement")
                .and_then(|r| r.pointer_mut("/properties/kind"))
        {
            *kind = json!({"type": ["string", "null"], "enum": kinds.iter().map(|k| json!(k)).chain([Value::Null]).collect::<Vec<_>>(), "description": "requirement kind / 要求类型"});
        }
    }
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
    json!({"type": "string", "enum": names(t), "description": described(t)})
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
            obj.insert("enum".into(), Value::Array(e));
            obj.insert("description".into(), json!(described(t)));
        }
        "roles" => {
            obj.insert("enum".into(), Value::Array(names(&v.roles)));
            obj.insert("description".into(), json!(described(&v.roles)));
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
        }
        "items" => {
            obj.insert("propertyNames".into(), enum_of(&v.items));
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
