//! The event-level loader: the events of the subset scanner driven straight into the raw
//! structs.
//!
//! serde-saphyr's general deserializer pays, on every node, for what an inventory never uses:
//! anchor recording, replay buffers, tag resolution, property interpolation, budget accounting
//! per event, and a synthesized map for every span; and the YAML parser under it reads
//! character by character, ready for all of YAML. This loader reads the events of
//! [`super::scan`], which knows only the YAML inventories are written in (block and flow
//! collections, plain and quoted scalars, comments, one document), and gives up on the rest.
//!
//! Anything off that road, and every error, is not this loader's to judge: it gives up
//! ([`Off`]) and [`super::parse`] reads the text again with serde-saphyr, which then decides —
//! so every diagnostic, every limit and every edge of YAML stays exactly what it was. When this
//! loader succeeds, its value is the one serde-saphyr would have built, span for span: the
//! agreement is tested on every sample and fixture, on random documents
//! (`tests/fast_loader.rs`, `tests/loader_paths.rs`) and fuzzed.
//!
//! To stay on the safe side of that promise, it gives up early rather than late: a plain scalar
//! that YAML could read as anything but text where text or a number is asked (`0x1F`, `1e3`,
//! `True`, `.inf`, `012`), a key that is not text, a repeated key, and (in the scanner) counts of
//! depth, events and bytes beyond half of the documented limits all send the file to the general
//! loader.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use super::scan::{self, At, Ev};
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

/// Keys of one mapping compared one by one up to this many; a longer mapping is left to the
/// general loader (whose duplicate-key check is hashed).
const MAX_KEYS_SCANNED: usize = 256;

/// Reads `text` into `T` on the common road, or gives up.
pub(crate) fn parse<'de, T: de::Deserialize<'de>>(text: &'de str) -> Result<T, Off> {
    let mut d = Loader {
        text,
        events: scan::scan(text)?.into_iter(),
        peeked: None,
    };
    let value = T::deserialize(&mut d)?;
    match d.next() {
        // Every event read: the value is the whole document.
        Err(Off) => Ok(value),
        Ok(_) => Err(Off),
    }
}

struct Loader<'de> {
    text: &'de str,
    events: std::vec::IntoIter<(Ev<'de>, At)>,
    peeked: Option<(Ev<'de>, At)>,
}

impl<'de> Loader<'de> {
    fn next(&mut self) -> Result<(Ev<'de>, At), Off> {
        match self.peeked.take() {
            Some(e) => Ok(e),
            None => self.events.next().ok_or(Off),
        }
    }

    fn peek(&mut self) -> Result<&(Ev<'de>, At), Off> {
        if self.peeked.is_none() {
            self.peeked = Some(self.events.next().ok_or(Off)?);
        }
        self.peeked.as_ref().ok_or(Off)
    }

    /// The next event as a scalar's text and whether it was plain; anything else gives up.
    fn scalar(&mut self) -> Result<(Cow<'de, str>, bool), Off> {
        match self.next()?.0 {
            Ev::Scalar(text, plain) => Ok((text, plain)),
            _ => Err(Off),
        }
    }

    /// The next event as a scalar YAML reads as text (not null), visited as a string.
    fn text<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Off> {
        let (text, plain) = self.scalar()?;
        if plain && is_null(&text) {
            return Err(Off);
        }
        visit_text(text, visitor)
    }

    /// The next event as a plain scalar of the given reading; anything else gives up.
    fn plain(&mut self) -> Result<Plain, Off> {
        match self.scalar()? {
            (text, true) => Ok(Plain::of(&text)),
            _ => Err(Off),
        }
    }

    fn enter(&mut self, mapping: bool) -> Result<(), Off> {
        match (self.next()?.0, mapping) {
            (Ev::MapStart, true) | (Ev::SeqStart, false) => Ok(()),
            _ => Err(Off),
        }
    }

    /// A place as serde-saphyr gives one (`location_from_span`): 1-based line, column counted
    /// from 1 in characters, the byte offset and length.
    fn location(&self, at: &At) -> Location {
        Location {
            line: at.line,
            column: u32::try_from(at.column(self.text)).unwrap_or(u32::MAX),
            offset: at.offset,
            len: at.len,
            sheet: None,
        }
    }
}

fn visit_text<'de, V: Visitor<'de>>(text: Cow<'de, str>, visitor: V) -> Result<V::Value, Off> {
    match text {
        Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
        Cow::Owned(s) => visitor.visit_string(s),
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
        // A number begins with a digit or a sign, and a special value with one of those, a
        // dot or a capital T or F: any other first byte is text (most values, names among
        // them), decided without looking for a dot along the whole value.
        let Some(&first) = s.as_bytes().first() else {
            return Plain::Null;
        };
        if !matches!(first, b'0'..=b'9' | b'+' | b'-' | b'.' | b'T' | b'F') {
            return Plain::Text;
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
            Ev::MapStart => return self.deserialize_map(visitor),
            Ev::SeqStart => return self.deserialize_seq(visitor),
            Ev::Scalar(..) => {}
            _ => return Err(Off),
        }
        let (text, plain) = self.scalar()?;
        if !plain {
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
            Ev::Scalar(text, true) if is_null(text) => {
                self.next()?;
                visitor.visit_none()
            }
            Ev::Scalar(..) | Ev::MapStart | Ev::SeqStart => visitor.visit_some(self),
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
            let at = self.peek()?.1;
            let at = self.location(&at);
            SPAN.with(|s| s.set(Some(at)));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Off> {
        self.enter(false)?;
        let value = visitor.visit_seq(Items { de: &mut *self })?;
        match self.next()?.0 {
            Ev::SeqEnd => Ok(value),
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
            // Room for the keys of most mappings of an inventory (a facility's, a zone's, a
            // person's) at once: grown from empty, the list was reallocated twice a mapping.
            keys: Vec::with_capacity(8),
        })?;
        match self.next()?.0 {
            Ev::MapEnd => Ok(value),
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
        let (text, plain) = self.scalar()?;
        if plain && Plain::of(&text) != Plain::Text {
            return Err(Off);
        }
        visitor.visit_enum(text.into_owned().into_deserializer())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Off> {
        // Skipped node by node, every event still counted and checked.
        let mut open = 0usize;
        loop {
            match self.next()?.0 {
                Ev::MapStart | Ev::SeqStart => open += 1,
                Ev::MapEnd | Ev::SeqEnd => open = open.checked_sub(1).ok_or(Off)?,
                Ev::Scalar(..) => {}
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
        if matches!(self.de.peek()?.0, Ev::SeqEnd) {
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
            Ev::MapEnd => return Ok(None),
            Ev::Scalar(text, plain) => {
                // A key YAML could read as other than text (a number, null, `<<`) is compared by
                // value in the general loader: its to judge.
                let plain_text = !*plain || (Plain::of(text) == Plain::Text && text != "<<");
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

    #[test]
    fn text_that_does_not_begin_as_a_number_is_text_whatever_dots_and_digits_follow() {
        for text in [
            "办公室2.5",
            "v1.0",
            "a-1",
            "x.5",
            "N/A",
            "nullish",
            "true.",
            "Falsey",
        ] {
            assert_eq!(Plain::of(text), Plain::Text, "{text}");
        }
    }
}
