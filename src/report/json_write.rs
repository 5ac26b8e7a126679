//! JSON written straight into a byte buffer, for the per-input reports a run of hundreds of
//! thousands of files writes (issue 17): no owned copy of each string, no serde machinery, and a
//! string escaper that looks at eight bytes at a time. The bytes are serde_json's, string for
//! string (the tests below hold them to it); nested values the report rarely carries are
//! handed to serde_json itself.

use serde::Serialize;

/// Writes `s` as a JSON string: quoted, with `"`, `\` and the control characters escaped as
/// serde_json escapes them (`\n`, `\u001f`, …; everything else, DEL and non-ASCII included, as
/// is).
pub fn string(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut start = 0;
    while let Some(at) = next_special(b, start) {
        out.extend_from_slice(&b[start..at]);
        escape(out, b[at]);
        start = at + 1;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

/// Whether a byte must be escaped in a JSON string.
fn special(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

/// The first byte at or after `from` that must be escaped: eight bytes at a time while none of
/// them is (the common case: whole messages have none), then byte by byte.
fn next_special(b: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte of `v` is zero (exact as a whole: no false alarm when none is).
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    let mut i = from;
    let rest = b.get(from..)?;
    let mut words = rest.chunks_exact(8);
    for w in words.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        let x = u64::from_le_bytes(word);
        // A byte below 0x20 (exact for a bound at most 0x80), a quote, a backslash.
        let below = x.wrapping_sub(ONES * 0x20) & !x & HIGHS != 0;
        if below || zero(x ^ (ONES * u64::from(b'"'))) || zero(x ^ (ONES * u64::from(b'\\'))) {
            break;
        }
        i += 8;
    }
    b.get(i..)?.iter().position(|&c| special(c)).map(|p| p + i)
}

fn escape(out: &mut Vec<u8>, c: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match c {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        _ => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(c >> 4)],
            HEX[usize::from(c & 0xf)],
        ]),
    }
}

/// `[a,b,…]`, each item written by `item`.
pub fn array<T>(out: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, t) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, t);
    }
    out.push(b']');
}

/// A JSON object being written: `{`, then each member as it is given, then `}` at
/// [`end`](Self::end).
pub struct Object<'o> {
    out: &'o mut Vec<u8>,
    empty: bool,
}

impl<'o> Object<'o> {
    /// Opens an object.
    pub fn new(out: &'o mut Vec<u8>) -> Self {
        out.push(b'{');
        Self { out, empty: true }
    }

    /// Writes `"key":` (a key of the report's own, which needs no escaping) and returns the
    /// buffer for its value.
    pub fn key(&mut self, key: &'static str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    /// A member `null`.
    pub fn null(&mut self, key: &'static str) {
        self.key(key).extend_from_slice(b"null");
    }

    /// A string member.
    pub fn str(&mut self, key: &'static str, value: &str) {
        string(self.key(key), value);
    }

    /// A string member, `null` when absent.
    pub fn str_or_null(&mut self, key: &'static str, value: Option<&str>) {
        match value {
            Some(v) => self.str(key, v),
            None => self.null(key),
        }
    }

    /// A string member written only when present.
    pub fn str_if(&mut self, key: &'static str, value: Option<&str>) {
        if let Some(v) = value {
            self.str(key, v);
        }
    }

    /// A whole-number member.
    pub fn u32(&mut self, key: &'static str, value: u32) {
        let mut b = itoa::Buffer::new();
        self.key(key).extend_from_slice(b.format(value).as_bytes());
    }

    /// A whole-number member, `null` when absent.
    pub fn u32_or_null(&mut self, key: &'static str, value: Option<u32>) {
        match value {
            Some(v) => self.u32(key, v),
            None => self.null(key),
        }
    }

    /// A member `true`, written only when it is.
    pub fn true_if(&mut self, key: &'static str, value: bool) {
        if value {
            self.key(key).extend_from_slice(b"true");
        }
    }

    /// An array of strings.
    pub fn strings(&mut self, key: &'static str, values: &[String]) {
        array(self.key(key), values, |out, v| string(out, v));
    }

    /// Any other value, as serde_json writes it (numbers with a fraction, the rarer nested
    /// records).
    pub fn serde(&mut self, key: &'static str, value: &impl Serialize) {
        // Serializing plain data into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *self.key(key), value);
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    fn ours(s: &str) -> String {
        let mut out = Vec::new();
        super::string(&mut out, s);
        String::from_utf8(out).unwrap_or_default()
    }

    fn serde_json(s: &str) -> String {
        serde_json::to_string(s).unwrap_or_default()
    }

    #[test]
    fn every_character_a_json_string_must_escape_is_escaped_as_serde_json_escapes_it() {
        // Each control character, the quote and the backslash, alone and at every place of an
        // eight-byte word (the escaper reads eight bytes at a time), and DEL, which is not
        // escaped.
        for c in (0u8..0x20).chain([b'"', b'\\', 0x7f]) {
            let c = char::from(c);
            for before in 0..17 {
                let s = format!("{}{c}{}", "a".repeat(before), "汉".repeat(3));
                assert_eq!(ours(&s), serde_json(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn text_with_nothing_to_escape_is_written_as_is_between_quotes() {
        for s in [
            "",
            "a",
            "行政办公区域",
            "12345678",
            "123456789",
            "—“”…",
            "😀 emoji",
        ] {
            assert_eq!(ours(s), format!("\"{s}\""));
        }
    }

    proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(s in any::<String>()) {
            prop_assert_eq!(ours(&s), serde_json(&s));
        }

        #[test]
        fn any_string_of_control_and_plain_characters_is_written_as_serde_json_writes_it(
            s in "[\\x00-\\x1f\"\\\\a-z汉\\x7f]{0,40}"
        ) {
            prop_assert_eq!(ours(&s), serde_json(&s));
        }
    }
}
