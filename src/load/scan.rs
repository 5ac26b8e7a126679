//! A scanner for the YAML an inventory is written in, and nothing more.
//!
//! The event-level loader ([`super::events`]) needs a stream of events: scalars and the starts
//! and ends of collections, each with the place it was written. A general YAML parser finds them
//! character by character, ready for every construct YAML has; this scanner reads lines and
//! knows a small subset — block mappings and sequences (a sequence may sit at its key's
//! indentation), one-line flow sequences and mappings of scalars, plain, single- and
//! double-quoted one-line scalars without escapes, comments and blank lines — and gives up
//! ([`Off`]) on everything else, however legal: anchors, aliases, tags, block scalars, escapes,
//! scalars over several lines, explicit keys, document markers, directives, tabs, carriage
//! returns, a byte order mark, characters YAML does not print, an empty sequence entry, a key
//! with a space before its colon. The general loader then reads the text and decides.
//!
//! Where it does not give up, its events are the YAML parser's (granit-parser, as serde-saphyr
//! drives it) event for event, text for text and place for place: `tests/fast_loader.rs`
//! compares the two streams on every sample, fixture and hand-written edge, and on random
//! documents, and the `inventory` fuzz target compares them on every input it makes.
//!
//! It gives up on what a YAML parser would refuse as well, whatever the reason: the general
//! loader words the diagnostic.

use std::borrow::Cow;

use super::events::Off;
use super::limits;

/// One event: a scalar (its text, and whether it was plain) or a collection's start or end.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ev<'a> {
    Scalar(Cow<'a, str>, bool),
    MapStart,
    MapEnd,
    SeqStart,
    SeqEnd,
}

/// Where an event was written: its line (from 1), the byte offset the line starts at, and its
/// own byte offset and length. The column is counted in characters when it is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct At {
    pub line: u32,
    pub line_start: usize,
    pub offset: usize,
    pub len: usize,
}

impl At {
    /// The column, counted from 1 in characters, as the YAML parser counts it.
    pub(crate) fn column(&self, text: &str) -> usize {
        text.get(self.line_start..self.offset)
            .map_or(0, |s| s.chars().count())
            + 1
    }
}

/// Half of each documented limit: far above any real inventory, and far enough below the limit
/// that no difference in counting can let through what the general loader would refuse. Events
/// are held (64 bytes each) until the loader reads them, so their count is also held to a million
/// (64 MiB, reached only by a file of tens of megabytes of tiny nodes): past it the general
/// loader, which does not hold them, reads the file.
const MAX_DEPTH: usize = limits::MAX_DEPTH / 2;
const MAX_EVENTS: usize = {
    let half = if limits::MAX_NODES < limits::MAX_EVENTS {
        limits::MAX_NODES / 2
    } else {
        limits::MAX_EVENTS / 2
    };
    if half < 1_000_000 { half } else { 1_000_000 }
};
const MAX_SCALAR_BYTES: usize = limits::MAX_SCALAR_BYTES / 2;

/// A plain key longer than this is left to the general loader, whose parser looks at most 1,024
/// characters ahead for a key's colon.
const MAX_KEY_BYTES: usize = 512;

/// The events of `text`, a single block mapping, or [`Off`].
pub(crate) fn scan(text: &str) -> Result<Vec<(Ev<'_>, At)>, Off> {
    printable(text.as_bytes())?;
    let mut s = Scanner {
        text,
        b: text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
        events: Vec::with_capacity(text.len() / 24),
        depth: 0,
        scalar_bytes: 0,
        multiline: false,
    };
    let Some(indent) = s.next_content_line()? else {
        // No document: the general loader's to word.
        return Err(Off);
    };
    if matches!(s.byte(s.pos), b'{' | b'[') {
        // One flow collection (JSON among them), over as many lines as it takes.
        s.multiline = true;
        let end = s.flow_node(s.pos)?;
        s.multiline = false;
        s.end_of_line(end)?;
    } else if s.entry_at(s.pos) {
        return Err(Off);
    } else {
        s.block_mapping(indent, s.pos)?;
    }
    if s.next_content_line()?.is_some() {
        return Err(Off);
    }
    Ok(s.events)
}

/// Gives up on any character a YAML parser treats otherwise than as text or a line end: control
/// characters (tab and carriage return included), DEL, the C1 controls (NEL among them), the
/// byte order mark, the Unicode line and paragraph separators and the two non-characters.
///
/// Eight bytes are looked at together first (about 40 % of the scanner's instructions went to
/// this check, byte by byte): a word with no byte below a space, no DEL and none of the three
/// lead bytes those characters begin with (`C2`, `E2`, `EF`) holds none of them, and nearly
/// every word of an inventory is such. A word with one is looked at byte by byte.
fn printable(b: &[u8]) -> Result<(), Off> {
    let mut i = 0;
    while i < b.len() {
        let end = (i + 8).min(b.len());
        if let Some(word) = b.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok())
            && plain_word(u64::from_le_bytes(word))
        {
            i = end;
            continue;
        }
        while i < end {
            if refused(b, i) {
                return Err(Off);
            }
            i += 1;
        }
    }
    Ok(())
}

/// Whether none of the eight bytes of `x` is below a space, DEL, `C2`, `E2` or `EF`. Exact: a
/// byte below `n` (n ≤ 128) anywhere sets some high bit of `(x − n·01…01) & ¬x & 80…80`, and
/// no such bit is set otherwise.
fn plain_word(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH != 0;
    let has = |c: u8| below(x ^ (ONES * u64::from(c)), 1);
    !(below(x, 0x20) || has(0x7F) || has(0xC2) || has(0xE2) || has(0xEF))
}

/// Whether the character that begins at byte `i` is one [`printable`] gives up on.
fn refused(b: &[u8], i: usize) -> bool {
    let c = b[i];
    // Printable ASCII and the line end: nearly every byte, decided first.
    if (0x20..0x7F).contains(&c) || c == b'\n' {
        return false;
    }
    let next = b.get(i + 1);
    match c {
        0xC2 => next.is_some_and(|&n| n < 0xA0),
        0xE2 => next == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)),
        0xEF => matches!(
            (next, b.get(i + 2)),
            (Some(0xBB), Some(0xBF)) | (Some(0xBF), Some(0xBE | 0xBF))
        ),
        0x80.. => false,
        _ => true,
    }
}

/// The characters that cannot begin a plain scalar in this subset: YAML's indicators (and `-`,
/// `?`, `:`, which YAML allows before a non-space, but which also begin numbers and keys this
/// scanner leaves alone).
fn indicator(c: u8) -> bool {
    matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

fn flow_indicator(c: u8) -> bool {
    matches!(c, b',' | b'[' | b']' | b'{' | b'}')
}

struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    /// The next byte to read.
    pos: usize,
    /// The line `pos` is on (from 1) and the offset that line starts at.
    line: u32,
    line_start: usize,
    events: Vec<(Ev<'a>, At)>,
    depth: usize,
    scalar_bytes: usize,
    /// Inside a flow collection that is the whole document: line ends are spaces.
    multiline: bool,
}

impl<'a> Scanner<'a> {
    fn at(&self, offset: usize, len: usize) -> At {
        At {
            line: self.line,
            line_start: self.line_start,
            offset,
            len,
        }
    }

    fn push(&mut self, ev: Ev<'a>, at: At) -> Result<(), Off> {
        if self.events.len() >= MAX_EVENTS {
            return Err(Off);
        }
        self.events.push((ev, at));
        Ok(())
    }

    fn open(&mut self, ev: Ev<'a>, at: At) -> Result<(), Off> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Off);
        }
        self.push(ev, at)
    }

    fn close(&mut self, ev: Ev<'a>) -> Result<(), Off> {
        self.depth -= 1;
        let at = self.at(self.pos, 0);
        self.push(ev, at)
    }

    fn scalar(&mut self, text: Cow<'a, str>, plain: bool, at: At) -> Result<(), Off> {
        self.scalar_bytes += text.len();
        if self.scalar_bytes > MAX_SCALAR_BYTES {
            return Err(Off);
        }
        self.push(Ev::Scalar(text, plain), at)
    }

    fn byte(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(b'\n')
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while self.b.get(i) == Some(&b' ') {
            i += 1;
        }
        i
    }

    /// The end of the line `i` is on (the offset of its `\n`, or of the end of the text).
    fn line_end(&self, i: usize) -> usize {
        memchr::memchr(b'\n', &self.b[i..]).map_or(self.b.len(), |n| i + n)
    }

    /// Moves to the start of the line after the one `i` is on.
    fn next_line(&mut self, i: usize) {
        let end = self.line_end(i);
        self.pos = (end + 1).min(self.b.len());
        if end < self.b.len() {
            self.line += 1;
            self.line_start = self.pos;
        }
    }

    /// From the start of a line (or its content), past blank and comment lines to the next line with content;
    /// its indentation, `pos` at its first character. `None` at the end of the text. A document
    /// marker at the start of a line gives up.
    fn next_content_line(&mut self) -> Result<Option<usize>, Off> {
        loop {
            if self.pos >= self.b.len() {
                return Ok(None);
            }
            // `pos` is at a line's start, or already at its content (read once before).
            let first = self.skip_spaces(self.pos);
            match self.byte(first) {
                b'\n' | b'#' => self.next_line(first),
                _ => {
                    let indent = first - self.line_start;
                    if indent == 0
                        && (self.b[first..].starts_with(b"---")
                            || self.b[first..].starts_with(b"..."))
                    {
                        return Err(Off);
                    }
                    self.pos = first;
                    return Ok(Some(indent));
                }
            }
        }
    }

    /// Whether a block sequence entry (`-` then a space or the line's end) starts at `i`.
    fn entry_at(&self, i: usize) -> bool {
        self.byte(i) == b'-' && matches!(self.byte(i + 1), b' ' | b'\n')
    }

    /// After a node that ended its line's content at `i`: only spaces and a comment may follow.
    /// Moves to the next line.
    fn end_of_line(&mut self, i: usize) -> Result<(), Off> {
        let j = self.skip_spaces(i);
        match self.byte(j) {
            b'\n' => {}
            b'#' if j > i => {}
            _ => return Err(Off),
        }
        self.next_line(j);
        Ok(())
    }

    /// A block mapping whose keys stand at column `indent`, the first at `first`.
    fn block_mapping(&mut self, indent: usize, first: usize) -> Result<(), Off> {
        let at = self.at(first, 0);
        self.open(Ev::MapStart, at)?;
        self.pos = first;
        loop {
            self.entry(indent)?;
            match self.next_content_line()? {
                Some(n) if n == indent && !self.entry_at(self.pos) => {}
                Some(n) if n > indent => return Err(Off),
                _ => break,
            }
        }
        self.close(Ev::MapEnd)
    }

    /// One `key: value` of a block mapping at column `indent`, the key at `pos`.
    fn entry(&mut self, indent: usize) -> Result<(), Off> {
        let key = self.pos;
        let colon = if matches!(self.byte(key), b'"' | b'\'') {
            let colon = self.quoted(key)?;
            if self.byte(colon) != b':' || !matches!(self.byte(colon + 1), b' ' | b'\n') {
                return Err(Off);
            }
            colon
        } else {
            let colon = self.plain_key(key)?;
            let at = self.at(key, colon - key);
            self.scalar(Cow::Borrowed(&self.text[key..colon]), true, at)?;
            colon
        };
        let value = self.skip_spaces(colon + 1);
        if !matches!(self.byte(value), b'\n' | b'#') {
            return self.inline_value(value);
        }
        // Nothing after the colon: the value is on the lines below, or empty.
        let null = self.at(colon, 0);
        self.next_line(value);
        match self.next_content_line()? {
            Some(n) if n > indent => self.block_node(n),
            Some(n) if n == indent && self.entry_at(self.pos) => self.block_sequence(indent, true),
            _ => self.scalar(Cow::Borrowed("~"), true, null),
        }
    }

    /// A plain key starting at `i`: the offset of its colon (followed by a space or the line's
    /// end). Anything else gives up.
    fn plain_key(&self, i: usize) -> Result<usize, Off> {
        if !self.plain_starts(i) {
            return Err(Off);
        }
        let mut j = i;
        loop {
            match self.byte(j) {
                b'\n' => return Err(Off),
                b':' if matches!(self.byte(j + 1), b' ' | b'\n') => break,
                b' ' if self.byte(j + 1) == b'#' => return Err(Off),
                _ => j += 1,
            }
            if j - i > MAX_KEY_BYTES {
                return Err(Off);
            }
        }
        if self.byte(j - 1) == b' ' {
            return Err(Off);
        }
        Ok(j)
    }

    /// A block collection whose first line has content at column `indent` (`pos` there).
    fn block_node(&mut self, indent: usize) -> Result<(), Off> {
        if self.entry_at(self.pos) {
            self.block_sequence(indent, false)
        } else {
            self.block_mapping(indent, self.pos)
        }
    }

    /// A block sequence whose `-` stand at column `indent`, the first at `pos`. One at its key's
    /// indentation (`at_key`) starts, as YAML places it, where its first entry's content does.
    fn block_sequence(&mut self, indent: usize, at_key: bool) -> Result<(), Off> {
        let at = if at_key {
            // Where its first entry's content starts, or (none on the line) where the line ends.
            let content = self.skip_spaces(self.pos + 1);
            if matches!(self.byte(content), b'\n' | b'#') {
                self.at(self.line_end(content), 0)
            } else {
                self.at(content, 0)
            }
        } else {
            self.at(self.pos, 0)
        };
        self.open(Ev::SeqStart, at)?;
        loop {
            self.sequence_entry(indent)?;
            match self.next_content_line()? {
                Some(n) if n == indent && self.entry_at(self.pos) => {}
                Some(n) if n > indent || (n == indent && !at_key) => return Err(Off),
                _ => break,
            }
        }
        self.close(Ev::SeqEnd)
    }

    /// One `- …` entry of a block sequence at column `indent`, its `-` at `pos`.
    fn sequence_entry(&mut self, indent: usize) -> Result<(), Off> {
        let content = self.skip_spaces(self.pos + 1);
        match self.byte(content) {
            b'\n' | b'#' => {
                // The entry's node is on the lines below; an empty entry is left alone.
                self.next_line(content);
                match self.next_content_line()? {
                    Some(n) if n > indent => self.block_node(n),
                    _ => Err(Off),
                }
            }
            b'-' if matches!(self.byte(content + 1), b' ' | b'\n') => Err(Off),
            _ if self.is_key(content) => {
                let column = content - self.line_start;
                self.block_mapping(column, content)
            }
            _ => self.inline_value(content),
        }
    }

    /// Whether a plain scalar may start at `i` in block context: not at an indicator, except a
    /// `-` before a character that is not a space (`-2`, `-x`).
    fn plain_starts(&self, i: usize) -> bool {
        match self.byte(i) {
            b'-' => !matches!(self.byte(i + 1), b' ' | b'\n'),
            c => !indicator(c),
        }
    }

    /// Whether a key (and its colon) starts at `i`: a plain one, or a quoted one on one line.
    fn is_key(&self, i: usize) -> bool {
        let quote = self.byte(i);
        if !matches!(quote, b'"' | b'\'') {
            return self.plain_key(i).is_ok();
        }
        let mut j = i + 1;
        loop {
            match self.byte(j) {
                b'\n' => return false,
                b'\\' if quote == b'"' => j += 2,
                b'\'' if quote == b'\'' && self.byte(j + 1) == b'\'' => j += 2,
                c if c == quote => break,
                _ => j += 1,
            }
        }
        self.byte(j + 1) == b':' && matches!(self.byte(j + 2), b' ' | b'\n')
    }

    /// A value on its key's (or its `-`'s) line, starting at `i`: a flow collection, a quoted
    /// scalar or a plain one; then the line must end.
    fn inline_value(&mut self, i: usize) -> Result<(), Off> {
        let end = match self.byte(i) {
            b'[' => self.flow_sequence(i)?,
            b'{' => self.flow_mapping(i)?,
            b'"' | b'\'' => self.quoted(i)?,
            _ if self.plain_starts(i) => self.block_plain(i)?,
            _ => return Err(Off),
        };
        self.end_of_line(end)
    }

    /// A plain scalar in block context from `i` to its line's end or comment. A `: ` or a final
    /// `:` in it (a mapping where none may start) gives up.
    fn block_plain(&mut self, i: usize) -> Result<usize, Off> {
        let mut j = i;
        let mut end = i;
        loop {
            match self.byte(j) {
                b'\n' => break,
                b' ' if self.byte(j + 1) == b'#' => break,
                b':' if matches!(self.byte(j + 1), b' ' | b'\n') => return Err(Off),
                b' ' => j += 1,
                _ => {
                    j += 1;
                    end = j;
                }
            }
        }
        self.plain(i, end)
    }

    /// The plain scalar `text[i..end]` (found by the caller's rules for its context): the offset
    /// after it.
    fn plain(&mut self, i: usize, end: usize) -> Result<usize, Off> {
        let at = self.at(i, end - i);
        self.scalar(Cow::Borrowed(&self.text[i..end]), true, at)?;
        Ok(end)
    }

    /// A quoted scalar on one line, starting at its quote `i`: the offset after its closing
    /// quote. A line end inside, or an escape YAML would refuse or that makes a surrogate, gives
    /// up.
    fn quoted(&mut self, i: usize) -> Result<usize, Off> {
        let quote = self.b[i];
        let mut owned: Option<String> = None;
        let mut from = i + 1;
        let mut j = i + 1;
        let end = loop {
            match self.byte(j) {
                b'\n' => return Err(Off),
                b'\\' if quote == b'"' => {
                    let (c, len) = escape(&self.b[j + 1..]).ok_or(Off)?;
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[from..j]);
                    s.push(c);
                    j += 1 + len;
                    from = j;
                }
                b'\'' if quote == b'\'' && self.byte(j + 1) == b'\'' => {
                    // `''` is one quote.
                    owned
                        .get_or_insert_with(String::new)
                        .push_str(&self.text[from..=j]);
                    j += 2;
                    from = j;
                }
                c if c == quote => break j,
                _ => j += 1,
            }
        };
        let text = match owned {
            Some(mut s) => {
                s.push_str(&self.text[from..end]);
                Cow::Owned(s)
            }
            None => Cow::Borrowed(&self.text[from..end]),
        };
        let at = self.at(i, end + 1 - i);
        self.scalar(text, false, at)?;
        Ok(end + 1)
    }

    /// Past spaces inside a flow collection from `i`; in a document that is one flow collection
    /// (`multiline`), past line ends and comments too. Elsewhere it stops at a line end, where
    /// its callers give up (a flow collection inside a block one is read on one line only).
    fn flow_space(&mut self, mut i: usize) -> usize {
        loop {
            match self.byte(i) {
                b' ' => i += 1,
                b'#' if i > 0 && matches!(self.b[i - 1], b' ' | b'\n') => {
                    i = self.line_end(i);
                }
                b'\n' if self.multiline && i < self.b.len() => {
                    i += 1;
                    self.line += 1;
                    self.line_start = i;
                }
                _ => return i,
            }
        }
    }

    /// A node inside a flow collection, at `i`: the offset after it.
    fn flow_node(&mut self, i: usize) -> Result<usize, Off> {
        match self.byte(i) {
            b'[' => self.flow_sequence(i),
            b'{' => self.flow_mapping(i),
            _ => self.flow_scalar(i, false),
        }
    }

    /// A scalar inside a flow collection, starting at `i`: quoted, or plain up to a flow
    /// indicator, a comment or the line's end; the offset after it. A colon a flow collection
    /// could read as a value indicator gives up unless `key` asks for one right after the
    /// scalar.
    fn flow_scalar(&mut self, i: usize, key: bool) -> Result<usize, Off> {
        match self.byte(i) {
            b'"' | b'\'' => return self.quoted(i),
            b'-' if !matches!(self.byte(i + 1), b' ' | b'\n')
                && !flow_indicator(self.byte(i + 1)) => {}
            c if indicator(c) => return Err(Off),
            _ => {}
        }
        let mut j = i;
        let mut end = i;
        loop {
            match self.byte(j) {
                b'\n' if self.multiline && j < self.b.len() => break,
                b'\n' => return Err(Off),
                b' ' if self.byte(j + 1) == b'#' => break,
                b':' if matches!(self.byte(j + 1), b' ' | b'\n')
                    || flow_indicator(self.byte(j + 1)) =>
                {
                    if !key || end != j {
                        return Err(Off);
                    }
                    break;
                }
                c if flow_indicator(c) => break,
                b' ' => j += 1,
                _ => {
                    j += 1;
                    end = j;
                }
            }
        }
        self.plain(i, end)
    }

    /// After an entry of a flow collection closed by `close`, at `i`: the offset of the next
    /// entry, or `None` at the closing bracket (`pos` left on it). A trailing comma, an empty
    /// entry or anything else gives up.
    fn flow_next(&mut self, i: usize, close: u8) -> Result<Option<usize>, Off> {
        let j = self.flow_space(i);
        match self.byte(j) {
            c if c == close => {
                self.pos = j;
                Ok(None)
            }
            b',' => {
                let k = self.flow_space(j + 1);
                if matches!(self.byte(k), b']' | b'}' | b',') {
                    return Err(Off);
                }
                Ok(Some(k))
            }
            _ => Err(Off),
        }
    }

    /// A flow sequence, its `[` at `i`: the offset after its `]`.
    fn flow_sequence(&mut self, i: usize) -> Result<usize, Off> {
        let at = self.at(i, 1);
        self.open(Ev::SeqStart, at)?;
        let mut j = self.flow_space(i + 1);
        if self.byte(j) == b']' {
            self.pos = j;
        } else {
            loop {
                let end = self.flow_node(j)?;
                match self.flow_next(end, b']')? {
                    Some(next) => j = next,
                    None => break,
                }
            }
        }
        let close = self.pos;
        self.close(Ev::SeqEnd)?;
        Ok(close + 1)
    }

    /// A flow mapping with scalar keys, its `{` at `i`: the offset after its `}`.
    fn flow_mapping(&mut self, i: usize) -> Result<usize, Off> {
        let at = self.at(i, 1);
        self.open(Ev::MapStart, at)?;
        let mut j = self.flow_space(i + 1);
        if self.byte(j) == b'}' {
            self.pos = j;
        } else {
            loop {
                let end = self.flow_scalar(j, true)?;
                if self.byte(end) != b':' {
                    return Err(Off);
                }
                // After a plain key, `:` is the value indicator only before a space or a line
                // end: `{d:[e]}` is an error to the YAML parser (only a quoted key may have
                // its value straight after the colon). Left to it.
                if !matches!(self.byte(j), b'"' | b'\'')
                    && !matches!(self.byte(end + 1), b' ' | b'\n')
                {
                    return Err(Off);
                }
                let value = self.flow_space(end + 1);
                if matches!(self.byte(value), b',' | b'}' | b']' | b'\n') {
                    return Err(Off);
                }
                let end = self.flow_node(value)?;
                match self.flow_next(end, b'}')? {
                    Some(next) => j = next,
                    None => break,
                }
            }
        }
        let close = self.pos;
        self.close(Ev::MapEnd)?;
        Ok(close + 1)
    }
}

/// A double-quoted scalar's escape, `b` just after its backslash: the character and the bytes
/// after the backslash it took. `None` for a line-end escape (the scalar goes on over lines),
/// an escape YAML does not know, and a code point that is a surrogate or not one at all.
fn escape(b: &[u8]) -> Option<(char, usize)> {
    let hex = |n: usize| -> Option<(char, usize)> {
        let digits = std::str::from_utf8(b.get(1..=n)?).ok()?;
        if !digits.bytes().all(|d| d.is_ascii_hexdigit()) {
            return None;
        }
        let code = u32::from_str_radix(digits, 16).ok()?;
        Some((char::from_u32(code)?, n + 1))
    };
    let c = match *b.first()? {
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' => '\t',
        b'n' => '\n',
        b'v' => '\u{b}',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'e' => '\u{1b}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' => return hex(2),
        b'u' => return hex(4),
        b'U' => return hex(8),
        _ => return None,
    };
    Some((c, 1))
}

/// The events of `text` as lines (`scalar plain|quoted "text" line:column +offset len`,
/// `map`/`seq` with the same place, `/map`, `/seq`), or `None` where the scanner gives up: for
/// the tests that compare it with the YAML parser ([`parser_trace`]).
pub(crate) fn trace(text: &str) -> Option<Vec<String>> {
    let events = scan(text).ok()?;
    let place = |at: &At| format!("{}:{} +{} {}", at.line, at.column(text), at.offset, at.len);
    Some(
        events
            .iter()
            .map(|(ev, at)| match ev {
                Ev::Scalar(t, plain) => {
                    let style = if *plain { "plain" } else { "quoted" };
                    format!("scalar {style} {t:?} {}", place(at))
                }
                Ev::MapStart => format!("map {}", place(at)),
                Ev::SeqStart => format!("seq {}", place(at)),
                Ev::MapEnd => "/map".to_owned(),
                Ev::SeqEnd => "/seq".to_owned(),
            })
            .collect(),
    )
}

/// The options serde-saphyr's budget gives the YAML parser (`Budget::parser_options`), with the
/// project's limits.
pub(crate) fn parser_options() -> granit_parser::Options {
    granit_parser::options! {
        simple_key_max_lookahead: 1024,
        flow_nesting_limit: limits::MAX_DEPTH,
        block_nesting_limit: granit_parser::Options::default()
            .block_nesting_limit
            .max(limits::MAX_DEPTH.saturating_add(1)),
    }
}

/// The YAML parser's events of `text` (granit-parser, with the options serde-saphyr gives it),
/// written as [`trace`] writes the scanner's; `None` on an error. Stream and document events
/// are left out; an anchor, a tag or any other event is written so that it matches nothing.
pub(crate) fn parser_trace(text: &str) -> Option<Vec<String>> {
    use granit_parser::{Event, ScalarStyle, Span};
    let place = |span: &Span| {
        let start = span.start.byte_offset().unwrap_or(0);
        let end = span.end.byte_offset().unwrap_or(start);
        format!(
            "{}:{} +{start} {}",
            span.start.line(),
            span.start.col() + 1,
            end.saturating_sub(start)
        )
    };
    let mut out = Vec::new();
    for event in granit_parser::Parser::new_from_str_with_options(text, parser_options()) {
        let (ev, span) = event.ok()?;
        out.push(match ev {
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(false, None)
            | Event::DocumentEnd => continue,
            Event::Scalar(t, style, 0, None) => {
                let style = if style == ScalarStyle::Plain {
                    "plain"
                } else {
                    "quoted"
                };
                format!("scalar {style} {t:?} {}", place(&span))
            }
            Event::MappingStart(_, 0, None) => format!("map {}", place(&span)),
            Event::SequenceStart(_, 0, None) => format!("seq {}", place(&span)),
            Event::MappingEnd => "/map".to_owned(),
            Event::SequenceEnd => "/seq".to_owned(),
            other => format!("other {other:?}"),
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The check as it was written before the word-at-a-time road: every byte in turn.
    fn printable_bytewise(b: &[u8]) -> bool {
        (0..b.len()).all(|i| !refused(b, i))
    }

    #[test]
    fn each_refused_character_is_found_at_every_place_of_a_word() {
        let refused: &[&[u8]] = &[
            b"\t",
            b"\r",
            b"\x00",
            b"\x1b",
            b"\x7f",
            "\u{85}".as_bytes(),
            "\u{9f}".as_bytes(),
            "\u{2028}".as_bytes(),
            "\u{2029}".as_bytes(),
            "\u{feff}".as_bytes(),
            "\u{fffe}".as_bytes(),
            "\u{ffff}".as_bytes(),
        ];
        // Neighbours of the refused ones, sharing their lead bytes, and plain text.
        let allowed: &[&[u8]] = &[
            b"a",
            b"\n",
            "\u{a0}".as_bytes(),
            "\u{e9}".as_bytes(),
            "\u{2014}".as_bytes(),
            "\u{201c}".as_bytes(),
            "\u{ff0c}".as_bytes(),
            "\u{fffd}".as_bytes(),
            "中".as_bytes(),
        ];
        for pad in 0..17 {
            for (chars, want) in [(refused, false), (allowed, true)] {
                for c in chars {
                    let mut text = "x".repeat(pad).into_bytes();
                    text.extend_from_slice(c);
                    text.extend_from_slice(b"yz");
                    assert_eq!(printable(&text).is_ok(), want, "{c:?} after {pad} bytes");
                    // At the very end too, where no whole word is left.
                    text.truncate(text.len() - 2);
                    assert_eq!(printable(&text).is_ok(), want, "{c:?} ending {pad} bytes");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn the_word_road_agrees_with_the_byte_road(b in proptest::collection::vec(
            prop_oneof![
                4 => 0x20u8..0x7f,
                1 => Just(b'\n'),
                1 => any::<u8>(),
                1 => prop::sample::select(vec![0xC2u8, 0xE2, 0xEF, 0x80, 0x85, 0xA8, 0xA9, 0xBB, 0xBE, 0xBF]),
            ],
            0..64,
        )) {
            prop_assert_eq!(printable(&b).is_ok(), printable_bytewise(&b));
        }

        #[test]
        fn any_text_agrees(s in any::<String>()) {
            prop_assert_eq!(printable(s.as_bytes()).is_ok(), printable_bytewise(s.as_bytes()));
        }
    }
}
