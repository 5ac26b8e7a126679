//! A generic YAML tree with a location on every node: the slow path's view of an input that
//! did not load into the typed structs. It converts to `serde_json::Value` for JSON Schema
//! validation and answers "where is the node at this JSON pointer?".

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::Sp;
use crate::source::Location;

/// A YAML node.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `~`, `null` or an empty value.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A float.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Sp<Node>>),
    /// A mapping, in document order.
    Map(Vec<(Sp<String>, Sp<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
                Ok(Node::Int(v))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
                Ok(i128::try_from(v).map_or(Node::Float(v as f64), Node::Int))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Str(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
                Ok(Node::Str(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Node, D2::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<Sp<Node>>()? {
                    out.push(v);
                }
                Ok(Node::Seq(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<Sp<KeyText>>()? {
                    let v = map.next_value::<Sp<Node>>()?;
                    out.push((
                        Sp {
                            value: k.value.0,
                            loc: k.loc,
                        },
                        v,
                    ));
                }
                Ok(Node::Map(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A mapping key of any scalar type, as text.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Node::deserialize(d)? {
            Node::Str(s) => Ok(KeyText(s)),
            Node::Int(i) => Ok(KeyText(i.to_string())),
            Node::Float(f) => Ok(KeyText(f.to_string())),
            Node::Bool(b) => Ok(KeyText(b.to_string())),
            Node::Null => Ok(KeyText("null".into())),
            Node::Seq(_) | Node::Map(_) => {
                Err(de::Error::custom("a mapping key must be a plain value"))
            }
        }
    }
}

impl Sp<Node> {
    /// The tree as JSON.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.value {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Int(i) => i64::try_from(*i)
                .map(Value::from)
                .or_else(|_| u64::try_from(*i).map(Value::from))
                .unwrap_or_else(|_| {
                    serde_json::Number::from_f64(*i as f64).map_or(Value::Null, Value::Number)
                }),
            Node::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Node::Str(s) => Value::String(s.clone()),
            Node::Seq(v) => Value::Array(v.iter().map(Sp::to_json).collect()),
            Node::Map(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| (k.value.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// The node at a JSON pointer (`/zones/reading_area`), with the location of its key when it
    /// is a mapping value (that is where a user looks for it).
    #[must_use]
    pub fn locate(&self, pointer: &str) -> (Option<Location>, Option<Location>) {
        let mut node = self;
        let mut key_loc = None;
        for raw in pointer.split('/').skip(1) {
            let part = raw.replace("~1", "/").replace("~0", "~");
            let next = match &node.value {
                Node::Map(m) => m
                    .iter()
                    .find(|(k, _)| k.value == part)
                    .map(|(k, v)| (k.loc, v)),
                Node::Seq(v) => part
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| v.get(i))
                    .map(|v| (v.loc, v)),
                _ => None,
            };
            match next {
                Some((k, v)) => {
                    key_loc = k;
                    node = v;
                }
                None => break,
            }
        }
        (key_loc, node.loc)
    }

    /// The location of key `name` in the mapping at `pointer`.
    #[must_use]
    pub fn key_location(&self, pointer: &str, name: &str) -> Option<Location> {
        let mut node = self;
        for raw in pointer.split('/').skip(1) {
            let part = raw.replace("~1", "/").replace("~0", "~");
            node = match &node.value {
                Node::Map(m) => m.iter().find(|(k, _)| k.value == part).map(|(_, v)| v)?,
                Node::Seq(v) => part.parse::<usize>().ok().and_then(|i| v.get(i))?,
                _ => return None,
            };
        }
        match &node.value {
            Node::Map(m) => m
                .iter()
                .find(|(k, _)| k.value == name)
                .and_then(|(k, _)| k.loc),
            _ => None,
        }
    }
}
