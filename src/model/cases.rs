//! The inventories of a standard's example cases, written inline in the standard file: turned
//! into JSON inventory texts that remember, for every key and value, where it is written in the
//! standard file, so that a problem in a case is reported at its line there.

use std::fmt::Write as _;

use crate::load::Sp;
use crate::load::node::Node;
use crate::source::Location;

/// A case's inventory as JSON text, and where its pieces are in the standard file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocatedJson {
    /// The inventory as JSON (a subset of YAML: the inventory loader reads it as it is).
    pub text: String,
    /// `(byte offset in text, location in the standard file)`, in increasing offset order.
    pub spans: Vec<(usize, Location)>,
}

impl LocatedJson {
    /// Writes a YAML tree as JSON, recording the location of every key and value.
    #[must_use]
    pub fn from_node(node: &Sp<Node>) -> Self {
        let mut out = Self::default();
        out.value(node);
        out
    }

    fn mark(&mut self, loc: Option<Location>) {
        if let Some(l) = loc {
            self.spans.push((self.text.len(), l));
        }
    }

    fn string(&mut self, s: &str) {
        // serde_json escapes exactly as JSON needs; a string always serializes.
        self.text
            .push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned()));
    }

    fn value(&mut self, node: &Sp<Node>) {
        self.mark(node.loc);
        match &node.value {
            Node::Null => self.text.push_str("null"),
            Node::Bool(b) => self.text.push_str(if *b { "true" } else { "false" }),
            Node::Int(i) => {
                let _ = write!(self.text, "{i}");
            }
            Node::Float(f) => self
                .text
                .push_str(&serde_json::to_string(f).unwrap_or_else(|_| "null".to_owned())),
            Node::Str(s) => self.string(s),
            Node::Seq(items) => {
                self.text.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.text.push_str(", ");
                    }
                    self.value(item);
                }
                self.text.push(']');
            }
            Node::Map(entries) => {
                self.text.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        self.text.push_str(", ");
                    }
                    self.mark(k.loc);
                    self.string(&k.value);
                    self.text.push_str(": ");
                    self.value(v);
                }
                self.text.push('}');
            }
        }
    }

    /// The location in the standard file of a location in [`LocatedJson::text`]: that of the
    /// nearest key or value written at or before it.
    #[must_use]
    pub fn original(&self, at: Location) -> Option<Location> {
        let i = self.spans.partition_point(|(o, _)| *o <= at.offset);
        i.checked_sub(1)
            .and_then(|i| self.spans.get(i))
            .map(|(_, l)| *l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::panic)]
    fn locations_map_back_to_the_yaml() {
        let yaml = "a:\n  b: 1\n  c: [x, \"y\"]\n";
        let node: Sp<Node> = crate::load::parse(yaml).unwrap_or_else(|p| panic!("{p:?}"));
        let j = LocatedJson::from_node(&node);
        assert_eq!(j.text, r#"{"a": {"b": 1, "c": ["x", "y"]}}"#);
        let at = j.text.find("\"c\"").unwrap_or_default();
        let back = j
            .original(Location::at_offset(&j.text, at))
            .map(|l| (l.line, l.column));
        assert_eq!(back, Some((3, 3)));
    }
}
