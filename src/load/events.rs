//! The event-level loader: the YAML parser's events driven straight into the raw structs.
//!
//! serde-saphyr's general deserializer pays, on every node, for what an inventory never uses:
//! anchor recording, replay buffers, tag resolution, property interpolation, budget accounting
//! per event, and a synthesized map for every span. This loader reads the same parser
//! (granit-parser, with the options serde-saphyr gives it) and takes only the common road:
//! plain and quoted scalars, block and flow collections, no anchors, aliases, tags, directives
//! or merge keys, one document.
//!
//! Anything off that road, and every error, is not this loader's to judge: it gives up
//! ([`Off`]) and [`super::parse`] reads the text again with serde-saphyr, which then decides —
//! so every diagnostic, every limit and every edge of YAML stays exactly what it was. When this
//! loader succeeds, its value is the one serde-saphyr would have built, span for span: the
//! agreement is tested on every sample and fixture (`tests/loader_paths.rs`) and fuzzed.
//!
//! To stay on the safe side of that promise, it gives up early rather than late: a plain scalar
//! that YAML could read as anything but text where text or a number is asked (`0x1F`, `1e3`,
//! `True`, `.inf`, `012`), a key that is not text, a repeated key, and counts of depth, events
//! and bytes beyond half of the documented limits all send the file to the general loader.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use granit_parser::{Event, Parser, ScalarStyle, Span, StrInput};
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use super::limits;
use crate::source::Location;

/// This loader gives up: the general loader decides.
#[derive(Debug)]
pub(crate) struct Off;

impl fmt::Display for Off {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to the general loader")
    }
}

impl std::error::Error for Off {}

impl de::Error for Off {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Off
    }
}

/// The name [`super::Sp`] asks its deserializer for; this loader answers it by leaving the
/// node's location in [`SPAN`] for the visitor to take.
pub(crate) const SP_MARKER: &str = "__sitecheck_span";

thread_local! {
    /// The location of the node a [`super::Sp`] is about to read, set by this loader just before
    /// it hands the node over, and taken at once by `Sp`'s visitor (so never stale: nothing
    /// runs between the two). Empty under serde-saphyr, which answers with its own `Spanned`.
    static SPAN: Cell<Option<Location>> = const { Cell::new(None) };
}

/// Takes the location this loader left for a [`super::Sp`] (None under serde-saphyr).
pub(crate) fn take_span() -> Option<Location> {
    SPAN.with(Cell::take)
}

/// Half of each documented limit: far above any real inventory, and far enough below the limit
/// that counting events a little differently from serde-saphyr's budget can never let through
/// what it would refuse.
const MAX_DEPTH: usize = limits::MAX_DEPTH / 2;
const MAX_EVENTS: usize = limits::MAX_EVENTS / 2;
const MAX_SCALAR_BYTES: usize = limits::MAX_SCALAR_BYTES / 2;

/// Keys of one mapping compared one by one up to this many; a longer mapping is left to the
/// general loader (whose duplicate-key check is hashed).
const MAX_KEYS_SCANNED: usize = 256;

/// Reads `text` into `T` on the common road, or gives up.
pub(crate) fn parse<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T, Off> {
    let mut d = Loader::new(text);
    match d.next()?.0 {
        Event::StreamStart => {}
        _ => return Err(Off),
    }
    match d.next()?.0 {
        // A `%YAML` directive, or no document at all: the general loader's.
        Event::DocumentStart(_, None) => {}
        _ => return Err(Off),
    }
    let value = T::deserialize(&mut d)?;
    match d.next()?.0 {
        Event::DocumentEnd => {}
        _ => return Err(Off),
    }
    match d.next()?.0 {
        // A second document is an error the general loader words.
        Event::StreamEnd => Ok(value),
        _ => Err(Off),
    }
}

struct Loader<'de> {
    parser: Parser<'de, StrInput<'de>>,
    peeked: Option<(Event<'de>, Span)>,
    depth: usize,
    events: usize,
    scalar_bytes: usize,
}

impl<'de> Loader<'de> {
    fn new(text: &'de str) -> Self {
        // The options serde-saphyr's budget gives the parser (`Budget::parser_options`), with
        // the project's limits: the same text is accepted or refused alike.
        let options = granit_parser::options! {
            simple_key_max_lookahead: 1024,
            flow_nesting_limit: limits::MAX_DEPTH,
            block_nesting_limit: granit_parser::Options::default()
                .block_nesting_limit
                .max(limits::MAX_DEPTH.saturating_add(1)),
        };
        Loader {
            parser: Parser::new_from_str_with_options(text, options),
            peeked: None,
            depth: 0,
            events: 0,
            scalar_bytes: 0,
        }
    }

    /// The next event, counted; anything with an anchor, a tag or an alias gives up.
    fn pull(&mut self) -> Result<(Event<'de>, Span), Off> {
        let (ev, span) = self.parser.next_event().ok_or(Off)?.map_err(|_| Off)?;
        self.events += 1;
        if self.events > MAX_EVENTS {
            return Err(Off);
        }
        match &ev {
            Event::Scalar(text, _, anchor, tag) => {
                self.scalar_bytes += text.len();
                if *anchor != 0 || tag.is_some() || self.scalar_bytes > MAX_SCALAR_BYTES {
                    return Err(Off);
                }
            }
            Event::SequenceStart(_, anchor, tag) | Event::MappingStart(_, anchor, tag) => {
                self.depth += 1;
                if *anchor != 0 || tag.is_some() || self.depth > MAX_DEPTH {
                    return Err(Off);
                }
            }
            Event::SequenceEnd | Event::MappingEnd => self.depth = self.depth.saturating_sub(1),
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(..)
            | Event::DocumentEnd => {}
            // Aliases, anchors' own events, comments: not the common road.
            _ => return Err(Off),
        }
        Ok((ev, span))
    }

    fn next(&mut self) -> Result<(Event<'de>, Span), Off> {
        match self.peeked.take() {
            Some(e) => Ok(e),
            None => self.pull(),
        }
    }

    fn peek(&mut self) -> Result<&(Event<'de>, Span), Off> {
        if self.peeked.is_none() {
            self.peeked = Some(self.pull()?);
        }
        self.peeked.as_ref().ok_or(Off)
    }

    /// The next event as a scalar's text and style; anything else gives up.
    fn scalar(&mut self) -> Result<(Cow<'de, str>, ScalarStyle), Off> {
        match self.next()?.0 {
            Event::Scalar(text, style, _, _) => Ok((text, style)),
            _ => Err(Off),
        }
    }

    /// The next event as a scalar YAML reads as text (not null), visited as a string.
    fn text<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Off> {
        let (text, style) = self.scalar()?;
        if style == ScalarStyle::Plain && is_null(&text) {
            return Err(Off);
        }
        visit_text(text, visitor)
    }

    /// The next event as a plain scalar of the given reading; anything else gives up.
    fn plain(&mut self) -> Result<Plain, Off> {
        match self.scalar()? {
            (text, ScalarStyle::Plain) => Ok(Plain::of(&text)),
            _ => Err(Off),
        }
    }

    fn enter(&mut self, mapping: bool) -> Result<(), Off> {
        match (self.next()?.0, mapping) {
            (Event::MappingStart(..), true) | (Event::SequenceStart(..), false) => Ok(()),
            _ => Err(Off),
        }
    }
}

fn visit_text<'de, V: Visitor<'de>>(text: Cow<'de, str>, visitor: V) -> Result<V::Value, Off> {
    match text {
        Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
        Cow::Owned(s) => visitor.visit_string(s),
    }
}

/// A granit span as a location, as serde-saphyr makes one (`location_from_span`): 1-based
/// line, column counted from 1, the byte offset and length.
fn location(span: &Span) -> Location {
    let offset = span.start.byte_offset().unwrap_or(0);
    let len = span
        .end
        .byte_offset()
        .unwrap_or(offset)
        .saturating_sub(offset);
    Location {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        offset,
        len,
        sheet: None,
    }
}

/// YAML 1.2's null spellings for a plain scalar.
fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// What a plain scalar reads as, where a value of any type is asked. `Unsure` is everything
/// YAML could read as other than text that this loader does not read itself.
#[derive(Debug, PartialEq)]
enum Plain {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text,
    Unsure,
}

impl Plain {
    fn of(s: &str) -> Plain {
        if is_null(s) {
            return Plain::Null;
        }
        match s {
            "true" => return Plain::Bool(true),
            "false" => return Plain::Bool(false),
            _ => {}
        }
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (whole, fraction) = match digits.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (digits, None),
        };
        let decimal = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
        // At most 15 digits: exactly held both as an integer and as a float, so no rounding
        // rule of either parser can differ.
        let plain_number = decimal(whole)
            && (whole.len() == 1 || !whole.starts_with('0'))
            && fraction.is_none_or(decimal)
            && digits.len() <= 16;
        if plain_number {
            return match (fraction, negative) {
                (Some(_), _) => s.parse().map_or(Plain::Unsure, Plain::Float),
                (None, false) => whole.parse().map_or(Plain::Unsure, Plain::Unsigned),
                (None, true) => s.parse().map_or(Plain::Unsure, Plain::Signed),
            };
        }
        let first = s.as_bytes()[0];
        let maybe_special = matches!(first, b'0'..=b'9' | b'+' | b'-' | b'.')
            || matches!(s, "True" | "TRUE" | "False" | "FALSE");
        if maybe_special {
            Plain::Unsure
        } else {
            Plain::Text
        }
    }
}

macro_rules! off {
    ($($name:ident)*) => {
        $(fn $name<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Off> {
            Err(Off)
        })*
    };
}

macro_rules! integer {
    ($($name:ident $visit:ident $ty:ty,)*) => {
        $(fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Off> {
            match self.plain()? {
                Plain::Unsigned(u) => visitor.$visit(<$ty>::try_from(u).map_err(|_| Off)?),
                Plain::Signed(i) => visitor.$visit(<$ty>::try_from(i).map_err(|_| Off)?),
                _ => Err(Off),
            }
        })*
    };
}

impl<'de> Deserializer<'de> for &mut Loader<'de> {
    type Error = Off;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Off> {
        match &self.peek()?.0 {
            Event::MappingStart(..) => return self.deserialize_map(visitor),
            Event::SequenceStart(..) => return self.deserialize_seq(visitor),
            Event::Scalar(..) => {}
            _ => return Err(Off),
        }
        let (text, style) = self.scalar()?;
        if style != ScalarStyle::Plain {
            return visit_text(text, visitor);
        }
        match Plain::of(&text) {
            Plain::Null => visitor.visit_unit(),
            Plain::Bool(b) => visitor.visit_bool(b),
            Plain::Unsigned(u) => visitor.visit_u64(u),
            Plain::Signed(i) => visitor.visit_i64(i),
            Plain::Float(f) => visitor.visit_f64(f),
            Plain::Text => visit_text(text, visitor),
            Plain::Unsure => Err(Off),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Off> {
        match self.plain()? {
            Plain::Bool(b) => visitor.visit_bool(b),
            _ => Err(Off),
        }
    }

    integer! {
        deserialize_u8 visit_u8 u8,
        deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32,
        deserialize_u64 visit_u64 u64,
        deserialize_i8 visit_i8 i8,
        deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32,
        deserialize_i64 visit_i64 i64,
    }

    off! {
        deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes deserialize_byte_buf
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Off> {
        self.text(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Off> {
        self.text(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Off> {
        self.text(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Off> {
        match &self.peek()?.0 {
            Event::Scalar(text, ScalarStyle::Plain, _, _) if is_null(text) => {
                self.next()?;
                visitor.visit_none()
            }
            Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) => {
                visitor.visit_some(self)
            }
            _ => Err(Off),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Off> {
        match self.plain()? {
            Plain::Null => visitor.visit_unit(),
            _ => Err(Off),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _visitor: V,
    ) -> Result<V::Value, Off> {
        Err(Off)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Off> {
        if name == SP_MARKER {
            let at = location(&self.peek()?.1);
            SPAN.with(|s| s.set(Some(at)));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Off> {
        self.enter(false)?;
        let value = visitor.visit_seq(Items { de: &mut *self })?;
        match self.next()?.0 {
            Event::SequenceEnd => Ok(value),
            _ => Err(Off),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, Off> {
        Err(Off)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, Off> {
        Err(Off)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Off> {
        self.enter(true)?;
        let value = visitor.visit_map(Entries {
            de: &mut *self,
            keys: Vec::new(),
        })?;
        match self.next()?.0 {
            Event::MappingEnd => Ok(value),
            _ => Err(Off),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Off> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Off> {
        // A unit variant written as its name; any other shape is the general loader's.
        let (text, style) = self.scalar()?;
        if style == ScalarStyle::Plain && Plain::of(&text) != Plain::Text {
            return Err(Off);
        }
        visitor.visit_enum(text.into_owned().into_deserializer())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Off> {
        // Skipped node by node, every event still counted and checked.
        let mut open = 0usize;
        loop {
            match self.next()?.0 {
                Event::MappingStart(..) | Event::SequenceStart(..) => open += 1,
                Event::MappingEnd | Event::SequenceEnd => open = open.checked_sub(1).ok_or(Off)?,
                Event::Scalar(..) => {}
                _ => return Err(Off),
            }
            if open == 0 {
                return visitor.visit_unit();
            }
        }
    }
}

struct Items<'a, 'de> {
    de: &'a mut Loader<'de>,
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Off;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Off> {
        if matches!(self.de.peek()?.0, Event::SequenceEnd) {
            return Ok(None);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }
}

struct Entries<'a, 'de> {
    de: &'a mut Loader<'de>,
    /// The keys read so far, for the duplicate-key rule.
    keys: Vec<Cow<'de, str>>,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Off;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Off> {
        let key = match &self.de.peek()?.0 {
            Event::MappingEnd => return Ok(None),
            Event::Scalar(text, style, _, _) => {
                // A key YAML could read as other than text (a number, null, `<<`) is compared by
                // value in the general loader: its to judge.
                let plain_text = *style != ScalarStyle::Plain
                    || (Plain::of(text) == Plain::Text && text != "<<");
                if !plain_text || self.keys.len() >= MAX_KEYS_SCANNED {
                    return Err(Off);
                }
                text.clone()
            }
            _ => return Err(Off),
        };
        if self.keys.contains(&key) {
            return Err(Off);
        }
        self.keys.push(key);
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Off> {
        seed.deserialize(&mut *self.de)
    }
}

#[cfg(test)]
mod tests {
    use super::Plain;

    #[test]
    fn plain_scalars_read_only_what_cannot_be_read_otherwise() {
        assert_eq!(Plain::of("30"), Plain::Unsigned(30));
        assert_eq!(Plain::of("0"), Plain::Unsigned(0));
        assert_eq!(Plain::of("-4"), Plain::Signed(-4));
        assert_eq!(Plain::of("12.5"), Plain::Float(12.5));
        assert_eq!(Plain::of("true"), Plain::Bool(true));
        assert_eq!(Plain::of("~"), Plain::Null);
        assert_eq!(Plain::of("活动室"), Plain::Text);
        for unsure in [
            "012",
            "0x1F",
            "0o17",
            "1e3",
            "+3",
            ".inf",
            "-.inf",
            ".nan",
            "True",
            "FALSE",
            "1_000",
            "3.",
            ".5",
            "12345678901234567890",
            "1号楼",
        ] {
            assert_eq!(Plain::of(unsure), Plain::Unsure, "{unsure}");
        }
    }
}
