//! Loaded texts and positions in them: 1-based line and column (in Unicode characters), plus
//! the byte offset that diagnostics need to underline the right place.

use std::borrow::Cow;

use serde::Serialize;

/// A position in a loaded text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in Unicode characters.
    pub column: u32,
    /// Byte offset of the position in the text (not serialized: reports carry line/column).
    #[serde(skip)]
    pub offset: usize,
    /// Length in bytes of the thing located (0 when unknown).
    #[serde(skip)]
    pub len: usize,
    /// For a spreadsheet cell: the index of its sheet in [`SourceText::sheets`]; `line` and
    /// `column` are then the cell's row and column number (1-based), and `offset` is 0.
    #[serde(skip)]
    pub sheet: Option<u16>,
}

impl Location {
    /// The location of a spreadsheet cell: sheet index (into [`SourceText::sheets`]), 1-based
    /// row and column.
    #[must_use]
    pub fn cell(sheet: u16, row: u32, column: u32) -> Self {
        Self {
            line: row,
            column,
            offset: 0,
            len: 0,
            sheet: Some(sheet),
        }
    }

    /// A spreadsheet cell's name in A1 notation (`C7`); `None` for a place in a text.
    #[must_use]
    pub fn cell_name(&self) -> Option<String> {
        self.sheet
            .map(|_| format!("{}{}", column_letters(self.column), self.line))
    }

    /// The location of a byte offset in `text`.
    #[must_use]
    pub fn at_offset(text: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
        let column = before[line_start..].chars().count() + 1;
        Self {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset,
            len: 0,
            sheet: None,
        }
    }

    /// The location of a 1-based line and character column in `text` (byte offset computed).
    #[must_use]
    pub fn at_line_column(text: &str, line: u32, column: u32) -> Self {
        let mut offset = 0usize;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i + 1 == line as usize {
                let col = (column as usize).saturating_sub(1);
                offset += l.char_indices().nth(col).map_or(l.len(), |(b, _)| b);
                return Self {
                    line,
                    column,
                    offset,
                    len: 0,
                    sheet: None,
                };
            }
            offset += l.len();
        }
        Self {
            line,
            column,
            offset: text.len(),
            len: 0,
            sheet: None,
        }
    }

    /// The location of an earlier byte offset, counted back from this one (cheaper than
    /// [`Location::at_offset`] from the start of a long text).
    #[must_use]
    pub fn earlier(self, text: &str, offset: usize) -> Self {
        let here = self.offset.min(text.len());
        if offset > here || !text.is_char_boundary(offset) || !text.is_char_boundary(here) {
            return Location::at_offset(text, offset);
        }
        let newlines = text[offset..here].bytes().filter(|b| *b == b'\n').count();
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        Self {
            line: self
                .line
                .saturating_sub(u32::try_from(newlines).unwrap_or(u32::MAX)),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset,
            len: 0,
            sheet: self.sheet,
        }
    }

    /// This location with a length (bytes), for underlining.
    #[must_use]
    pub fn with_len(mut self, len: usize) -> Self {
        self.len = len;
        self
    }
}

/// A 1-based column number as spreadsheet letters (1 → `A`, 27 → `AA`).
#[must_use]
pub fn column_letters(column: u32) -> String {
    let mut n = column;
    let mut out = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        out.push(char::from(b'A' + d as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A text that was loaded from a file, standard input or the binary itself.
#[derive(Clone, Debug)]
pub struct SourceText {
    /// The name shown to users: the path as given, `-` for standard input.
    pub name: String,
    /// The text, BOM removed: borrowed when it is the binary's own (a built-in standard's file,
    /// not copied at every start), owned when it was read.
    pub text: Cow<'static, str>,
    /// Whether the bytes began with a UTF-8 BOM (so that [`SourceText::sha256`] is that of the
    /// bytes as read).
    pub bom: bool,
    /// A spreadsheet input's sheet names, which [`Location::sheet`] indexes (empty for a text;
    /// the `text` of a spreadsheet is empty).
    pub sheets: Vec<String>,
    /// The SHA-256 of the bytes when it is known beforehand: a spreadsheet input's, a built-in
    /// standard's file (hashed at build time). Otherwise it is computed from `text`.
    pub bytes_sha256: Option<String>,
}

impl SourceText {
    /// A named text.
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: Cow::Owned(text.into()),
            bom: false,
            sheets: Vec::new(),
            bytes_sha256: None,
        }
    }

    /// A text embedded in the binary (a built-in standard's file): borrowed, not copied.
    #[must_use]
    pub fn embedded(name: impl Into<String>, text: &'static str) -> Self {
        Self {
            text: Cow::Borrowed(text),
            ..Self::new(name, String::new())
        }
    }

    /// A spreadsheet input: no text, its sheet names, and the SHA-256 of its bytes.
    #[must_use]
    pub fn spreadsheet(name: impl Into<String>, sheets: Vec<String>, bytes: &[u8]) -> Self {
        Self {
            name: name.into(),
            text: Cow::Borrowed(""),
            bom: false,
            sheets,
            bytes_sha256: Some(hex_sha256(&[bytes])),
        }
    }

    /// The sheet of a spreadsheet location.
    #[must_use]
    pub fn sheet(&self, loc: Location) -> Option<&str> {
        loc.sheet
            .and_then(|i| self.sheets.get(usize::from(i)))
            .map(String::as_str)
    }

    /// Where a location is, as people write it: `12:3` (line:column) in a text,
    /// `行政办公区域!C7` (sheet!cell) in a spreadsheet.
    #[must_use]
    pub fn position(&self, loc: Location) -> String {
        position(Some(self), loc)
    }

    /// The SHA-256 of the bytes the text was read from, in lowercase hex (the audit record).
    #[must_use]
    pub fn sha256(&self) -> String {
        if let Some(h) = &self.bytes_sha256 {
            return h.clone();
        }
        let bom: &[u8] = if self.bom { &[0xEF, 0xBB, 0xBF] } else { &[] };
        hex_sha256(&[bom, self.text.as_bytes()])
    }

    /// The text of a 1-based line, without its line ending.
    #[must_use]
    pub fn line(&self, line: u32) -> &str {
        self.text
            .lines()
            .nth((line as usize).saturating_sub(1))
            .unwrap_or("")
    }
}

/// Why an input's bytes are not a text sitecheck reads: plain data that
/// `diagnostic` puts into words (`Problem::from`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Over the size limit.
    TooLarge {
        /// The input's size.
        bytes: u64,
        /// The limit ([`crate::limits::MAX_FILE_BYTES`]).
        limit: u64,
    },
    /// Not UTF-8: the first bad byte.
    NotUtf8 {
        /// Its offset in the input as read (a BOM included).
        offset: usize,
        /// Where it is (line and column of the text before it).
        at: Location,
    },
}

impl SourceText {
    /// Decodes an input's bytes: UTF-8 required (a UTF-8 BOM is dropped), size bounded.
    ///
    /// # Errors
    /// Invalid UTF-8 (where the first bad byte is), or a file over the size limit.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Result<Self, Unreadable> {
        let name = name.into();
        let limit = crate::limits::MAX_FILE_BYTES;
        if bytes.len() as u64 > limit {
            return Err(Unreadable::TooLarge {
                bytes: bytes.len() as u64,
                limit,
            });
        }
        let bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
        let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            Some(rest) => rest.to_vec(),
            None => bytes,
        };
        // Checked sixteen or thirty-two bytes at a time (simdutf8: the standard library's
        // check goes byte by byte through Chinese text, 3 % of a batch's instructions; issue
        // 17), then copied out, since that check hands back a borrowed text. Where it fails,
        // the standard library's check decides, and says where.
        let text = match simdutf8::basic::from_utf8(&bytes) {
            Ok(text) => Ok(text.to_owned()),
            Err(_) => String::from_utf8(bytes),
        };
        match text {
            Ok(text) => Ok(Self {
                name,
                text: text.into(),
                bom,
                sheets: Vec::new(),
                bytes_sha256: None,
            }),
            Err(e) => {
                let good = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..good]);
                Err(Unreadable::NotUtf8 {
                    // In the file as saved, whose BOM (dropped from the text) comes first.
                    offset: good + if bom { 3 } else { 0 },
                    at: Location::at_offset(&prefix, prefix.len()),
                })
            }
        }
    }
}

/// The SHA-256 of the concatenated parts, in lowercase hex.
#[must_use]
pub fn sha256_hex(parts: &[&[u8]]) -> String {
    hex_sha256(parts)
}

fn hex_sha256(parts: &[&[u8]]) -> String {
    use sha2::{Digest, Sha256};
    // Two hex digits a byte from a table: formatting each byte with `{:02x}` cost as much as
    // hashing a 2 KB inventory.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize()
        .iter()
        .flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])
        .map(char::from)
        .collect()
}

/// Where a location is, as people write it: `12:3` (line:column), or `行政办公区域!C7`
/// (sheet!cell) for a spreadsheet cell, whose sheet name comes from `src`.
#[must_use]
pub fn position(src: Option<&SourceText>, loc: Location) -> String {
    match (loc.cell_name(), src.and_then(|s| s.sheet(loc))) {
        (Some(cell), Some(sheet)) => format!("{sheet}!{cell}"),
        (Some(cell), None) => cell,
        _ => format!("{}:{}", loc.line, loc.column),
    }
}

/// A location after the input's name: `survey.yaml:12:3`, or `form.xlsx!行政办公区域!C7`.
#[must_use]
pub fn located(name: &str, src: Option<&SourceText>, loc: Location) -> String {
    let sep = if loc.sheet.is_some() { '!' } else { ':' };
    format!("{name}{sep}{}", position(src, loc))
}

/// The location of the key whose value starts at `value`: the last `key:` (or `"key":`) before
/// it. Block collections start on the line after their key, and that key is what a user looks
/// for ("the key under which missing evidence belongs").
#[must_use]
pub fn key_before(text: &str, value: Location, key: &str) -> Option<Location> {
    let end = value.offset.min(text.len());
    let hay = text.get(..end)?;
    let mut search = hay;
    // One searcher for every step back (`str::rfind` set one up anew each time: issue 17).
    let finder = memchr::memmem::FinderRev::new(key.as_bytes());
    // A match of the key (UTF-8) begins on a character boundary of the text.
    while let Some(i) = finder.rfind(search.as_bytes()) {
        // What follows the key, read in the whole text: a null value's location may be the
        // colon itself, where `hay` ends.
        let after = text.get(i + key.len()..).unwrap_or_default();
        let after = after
            .strip_prefix('"')
            .or_else(|| after.strip_prefix('\''))
            .unwrap_or(after);
        let before_ok = i == 0 || !hay[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        // A key is never inside a comment (`# Staff and services: …` in a template's head).
        let line_start = hay[..i].rfind('\n').map_or(0, |n| n + 1);
        let in_comment = hay[line_start..i].contains('#');
        if before_ok && !in_comment && after.trim_start_matches([' ', '\t']).starts_with(':') {
            let start = if hay[..i].ends_with(['"', '\'']) {
                i - 1
            } else {
                i
            };
            let quoted = usize::from(start < i) * 2;
            return Some(value.earlier(text, start).with_len(key.len() + quoted));
        }
        search = &hay[..i];
    }
    None
}

/// Whether a path or name ends in a YAML extension (`.yaml`, `.yml`, any case).
#[must_use]
pub fn is_yaml_name(s: &str) -> bool {
    std::path::Path::new(s)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Location, SourceText, Unreadable, key_before};

    /// What `from_bytes` makes of some bytes: the text, or the offset of the first bad byte.
    fn read(bytes: &[u8]) -> Result<String, usize> {
        match SourceText::from_bytes("t", bytes.to_vec()) {
            Ok(s) => Ok(s.text.into_owned()),
            Err(Unreadable::NotUtf8 { offset, .. }) => Err(offset),
            Err(Unreadable::TooLarge { .. }) => Err(usize::MAX),
        }
    }

    proptest! {
        #[test]
        fn text_is_read_as_the_standard_library_reads_it(
            // Chinese, ASCII and stray bytes mixed: truncated and lone continuation bytes,
            // overlong forms, surrogates, bytes past U+10FFFF.
            parts in proptest::collection::vec(prop_oneof![
                Just(&b"\xe4\xb8\xad"[..]), Just(&b"name: "[..]), Just(&b"\n"[..]),
                Just(&b"\xe4\xb8"[..]), Just(&b"\x80"[..]), Just(&b"\xc0\xaf"[..]),
                Just(&b"\xed\xa0\x80"[..]), Just(&b"\xf4\x90\x80\x80"[..]),
                Just(&b"\xf0\x9f\x98\x80"[..]), Just(&b"\xff"[..]),
            ], 0..200),
        ) {
            let bytes = parts.concat();
            let expected = std::str::from_utf8(&bytes)
                .map(str::to_owned)
                .map_err(|e| e.valid_up_to());
            prop_assert_eq!(read(&bytes), expected);
        }
    }

    #[test]
    fn the_first_bad_byte_is_counted_from_the_start_of_the_file_bom_included() {
        // "第 N 个字节无效": N as a hex editor shows it, in the file as saved: a BOM is three
        // bytes of the file, though not of the text.
        let mut bytes = b"\xef\xbb\xbfa: 1\n".to_vec();
        bytes.push(0xff);
        assert_eq!(read(&bytes), Err(8));
        assert_eq!(read(&bytes[3..]), Err(5));
    }

    /// Where `key_before` finds `key` for the value at `value` (a byte offset), as (line,
    /// column, length).
    fn key_at(text: &str, value: usize, key: &str) -> Option<(u32, u32, usize)> {
        let l = key_before(text, Location::at_offset(text, value), key)?;
        Some((l.line, l.column, l.len))
    }

    #[test]
    fn a_collection_is_located_at_its_key_not_at_a_word_a_comment_or_a_longer_key() {
        // "the key under which missing evidence belongs": the nearest `staff:` before the
        // value, written as a key — not inside a comment, not the end of a longer key.
        let text = "# 人员 staff: 见下\nmy_staff: 1\nstaff:\n  - name: 林悦\n";
        let value = text.find("  - name").unwrap_or(0);
        assert_eq!(key_at(text, value, "staff"), Some((3, 1, 5)));
        // Quoted, the quotes are part of what is pointed at.
        let text = "名称: 甲\n\"zones\":\n  reading_area: {}\n";
        let value = text.find("  reading").unwrap_or(0);
        assert_eq!(key_at(text, value, "zones"), Some((2, 1, 7)));
        // Only in a comment and as the end of another key: not found.
        let text = "# staff: 无\nmy_staff:\n  - a\n";
        let value = text.find("  - a").unwrap_or(0);
        assert_eq!(key_at(text, value, "staff"), None);
        // A key after the value is not the value's key.
        let text = "a:\n  - x\nstaff: []\n";
        assert_eq!(key_at(text, text.find("  - x").unwrap_or(0), "staff"), None);
    }

    #[test]
    fn the_digest_is_sha256_in_lowercase_hex() {
        // FIPS 180-2, appendix B.1 and B.2; the empty message.
        let cases: [(&[u8], &str); 3] = [
            (
                b"abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            ),
            (
                b"",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
        ];
        for (message, digest) in cases {
            assert_eq!(super::sha256_hex(&[message]), digest);
        }
        // Parts are hashed as one message.
        assert_eq!(super::sha256_hex(&[b"a", b"", b"bc"]), cases[0].1);
    }
}
