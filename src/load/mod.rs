//! Load: text → raw structs with spans. YAML (and JSON, which the YAML loader reads as the
//! subset of YAML it is) goes through serde-saphyr with explicit limits; every failure becomes
//! a located [`Problem`]. The choice of YAML library stays inside this module.

pub mod inventory;
pub mod node;
pub mod schema_pass;
pub mod standard;
pub mod waivers;
pub mod xlsx;

use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use crate::diagnostic::Problem;
use crate::i18n::Text;
use crate::source::Location;

/// Input limits, documented in the README. A file over `MAX_FILE_BYTES` is refused before it
/// is parsed; the others bound the parser's work on hostile YAML.
pub mod limits {
    /// Largest input file accepted (32 MiB; the contract asks for at least 16 MiB).
    pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
    /// Deepest nesting of mappings and sequences.
    pub const MAX_DEPTH: usize = 64;
    /// Most YAML nodes in one document.
    pub const MAX_NODES: usize = 4_000_000;
    /// Most parser events in one document.
    pub const MAX_EVENTS: usize = 16_000_000;
    /// Most alias (`*ref`) uses in one document.
    pub const MAX_ALIASES: usize = 10_000;
    /// Most events an alias may replay in all (bounds alias-bomb expansion).
    pub const MAX_REPLAYED_EVENTS: usize = 100_000;
}

/// The parser settings every input is read with.
pub(crate) fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: limits::MAX_DEPTH,
            max_nodes: limits::MAX_NODES,
            max_events: limits::MAX_EVENTS,
            max_aliases: limits::MAX_ALIASES,
            max_total_scalar_bytes: 64 * 1024 * 1024,
            flow_nesting_limit: limits::MAX_DEPTH,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: limits::MAX_REPLAYED_EVENTS,
            max_replay_stack_depth: 16,
        },
        with_snippet: false,
    }
}

/// Deserializes `text` into `T` with the project's limits.
///
/// # Errors
/// A located problem for the first thing that stops the parse.
pub fn parse<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Problem> {
    serde_saphyr::from_str_with_options(text, yaml_options()).map_err(|e| yaml_problem(text, &e))
}

/// A serde-saphyr error as a problem.
pub(crate) fn yaml_problem(text: &str, err: &serde_saphyr::Error) -> Problem {
    let inner = err.without_snippet();
    let msg = inner.to_string();
    let msg = strip_location_suffix(&msg)
        .replace(", set DuplicateKeyPolicy in Options if acceptable", "");
    let msg = msg.as_str();
    let location = err.location().and_then(|l| convert(text, l));
    let code = classify(msg);
    let zh = match code {
        "sitecheck::duplicate-key" => format!("重复的键: {msg}"),
        "sitecheck::too-deep" => format!("嵌套过深(上限 {} 层): {msg}", limits::MAX_DEPTH),
        "sitecheck::alias-limit" => format!("YAML 别名展开超出上限: {msg}"),
        "sitecheck::unknown-key" => format!("未知的键: {msg}"),
        "sitecheck::wrong-type" => format!("类型错误: {msg}"),
        _ => format!("YAML 格式错误: {msg}"),
    };
    let mut p = Problem::new(code, Text::new(zh, msg.to_string()), location);
    match code {
        "sitecheck::duplicate-key" => {
            p = p.with_help(Text::new(
                "每个键在同一层只能出现一次: 删除或合并重复的项",
                "each key may appear once per mapping: remove or merge the repeated entry",
            ));
        }
        "sitecheck::too-deep" => {
            p = p.with_help(Text::new(
                format!(
                    "清单的嵌套不应超过 {} 层: 检查括号是否配对",
                    limits::MAX_DEPTH
                ),
                format!(
                    "an inventory nests at most {} levels deep: check that brackets are balanced",
                    limits::MAX_DEPTH
                ),
            ));
        }
        "sitecheck::alias-limit" => {
            p = p.with_help(Text::new(format!("YAML 别名(*name)的展开超过上限({} 个事件): 请直接写出内容", limits::MAX_REPLAYED_EVENTS), format!("YAML aliases (*name) expand beyond the limit ({} events): write the content out instead", limits::MAX_REPLAYED_EVENTS)));
        }
        _ => {}
    }
    p
}

fn strip_location_suffix(msg: &str) -> &str {
    // serde-saphyr appends " at line N, column M" to plain messages; reports carry the location
    // separately.
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains("column") => msg[..i].trim_end_matches(','),
        _ => msg,
    }
}

fn classify(msg: &str) -> &'static str {
    let m = msg.to_lowercase();
    if m.contains("duplicate") {
        "sitecheck::duplicate-key"
    } else if m.contains("depth") || m.contains("nesting") || m.contains("recursion") {
        "sitecheck::too-deep"
    } else if m.contains("alias") || m.contains("replay") || m.contains("anchor") {
        "sitecheck::alias-limit"
    } else if m.contains("unknown field") {
        "sitecheck::unknown-key"
    } else if m.contains("invalid type") || m.contains("invalid value") || m.contains("expected") {
        "sitecheck::wrong-type"
    } else {
        "sitecheck::syntax"
    }
}

/// A serde-saphyr location as ours (None for the unknown location).
pub(crate) fn convert(text: &str, l: serde_saphyr::Location) -> Option<Location> {
    let line = u32::try_from(l.line()).ok()?;
    let column = u32::try_from(l.column()).ok()?;
    if line == 0 {
        return None;
    }
    let span = l.span();
    let loc = match span.byte_offset().and_then(|o| usize::try_from(o).ok()) {
        Some(offset) if offset <= text.len() => Location {
            line,
            column,
            offset,
            len: 0,
            sheet: None,
        },
        _ => Location::at_line_column(text, line, column),
    };
    let len = span
        .byte_len()
        .and_then(|l| usize::try_from(l).ok())
        .unwrap_or(0);
    Some(loc.with_len(len))
}

/// A value with the location it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where it was written (for an alias: where it is used).
    pub loc: Option<Location>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let l = s.referenced;
        let loc = (l.line() > 0).then(|| {
            let span = l.span();
            Location {
                line: u32::try_from(l.line()).unwrap_or(u32::MAX),
                column: u32::try_from(l.column()).unwrap_or(u32::MAX),
                offset: span
                    .byte_offset()
                    .and_then(|o| usize::try_from(o).ok())
                    .unwrap_or(0),
                len: span
                    .byte_len()
                    .and_then(|o| usize::try_from(o).ok())
                    .unwrap_or(0),
                sheet: None,
            }
        });
        Ok(Sp {
            value: s.value,
            loc,
        })
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

/// A key that may be absent (`None`), present with a null value, or present with a value:
/// *absent or null means not surveyed*, and a null still has a location to point at.
#[derive(Clone, Debug, PartialEq)]
pub struct Ev<T>(pub Option<Sp<Option<T>>>);

impl<T> Default for Ev<T> {
    fn default() -> Self {
        Ev(None)
    }
}

impl<T> Ev<T> {
    /// The value, when the key is present and not null.
    #[must_use]
    pub fn value(&self) -> Option<&T> {
        self.0.as_ref().and_then(|s| s.value.as_ref())
    }
    /// Where the key's value is (also for a null value); `None` when the key is absent.
    #[must_use]
    pub fn loc(&self) -> Option<Location> {
        self.0.as_ref().and_then(|s| s.loc)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ev<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Ev(Some(Sp::<Option<T>>::deserialize(d)?)))
    }
}

impl<T: JsonSchema> JsonSchema for Ev<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Option<T>>::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Option<T>>::json_schema(generator)
    }
    fn inline_schema() -> bool {
        true
    }
}

/// A mapping kept in document order, each key with its location.
#[derive(Clone, Debug, PartialEq)]
pub struct SpannedMap<V>(pub Vec<(Sp<String>, V)>);

impl<V> Default for SpannedMap<V> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V2<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
            type Value = SpannedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<Sp<String>>()? {
                    let v = map.next_value::<V>()?;
                    out.push((k, v));
                }
                Ok(SpannedMap(out))
            }
        }
        d.deserialize_map(V2(PhantomData))
    }
}

impl<V: JsonSchema> JsonSchema for SpannedMap<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let v = generator.subschema_for::<V>();
        json_schema!({"type": "object", "additionalProperties": v})
    }
    fn inline_schema() -> bool {
        true
    }
}

/// Ignores any value, whatever its shape (free-form `other_zones`, `other_equipment`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Anything;

impl<'de> Deserialize<'de> for Anything {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::IgnoredAny::deserialize(d).map(|_| Anything)
    }
}

impl JsonSchema for Anything {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Anything".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"description": "free-form: shown in reports, not checked"})
    }
    fn inline_schema() -> bool {
        true
    }
}

/// A number as YAML writes one: `30`, `30.5` — not the text `"30"`, which the JSON Schema (and
/// so an editor) would refuse too.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Number(pub f64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Ok(Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number(v as f64))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Number {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "number"})
    }
    fn inline_schema() -> bool {
        true
    }
}

/// A count: a whole number ≥ 0 written as a number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count(pub u64);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number ≥ 0")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                Ok(Count(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                u64::try_from(v)
                    .map(Count)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
                // JSON Schema's `integer` accepts 3.0; so does this.
                if v.fract() == 0.0 && (0.0..9.0e15).contains(&v) {
                    Ok(Count(v as u64))
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(v), &self))
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Count {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Count".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "integer", "minimum": 0})
    }
    fn inline_schema() -> bool {
        true
    }
}
