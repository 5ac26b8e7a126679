//! Escaping at every output sink, in one place: a string from an input (an inventory, a
//! standard, a waiver, a file name) reaches a terminal, a Markdown table, an HTML page, a
//! SARIF message or a JUnit document only through one of these functions. Each first shows
//! control characters (ANSI escapes among them) and bidirectional controls as a visible `?`,
//! then escapes the sink's markup.

use std::fmt::Write as _;

/// Whether a character must not reach a terminal or a report raw: a control character (ANSI
/// escapes among them) or a bidirectional control, which makes text read differently from
/// what it is ("Trojan Source": U+202E turns `exe.txt` into `txt.exe`).
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// For a terminal: control characters (ANSI escapes among them) and bidirectional controls
/// become a visible `?`; line breaks and tabs stay.
#[must_use]
pub fn terminal(s: &str) -> String {
    s.chars()
        .map(|c| {
            if is_unsafe(c) && c != '\n' && c != '\t' {
                '?'
            } else {
                c
            }
        })
        .collect()
}

/// [`terminal`] for a single-line field (a name, an id, a file name, a message): a line break
/// (`\n`, `\r`, U+2028, U+2029) becomes a visible `␤` and a tab a space, so that no input can
/// start a line of its own — a forged `✔ compliant` under the real verdict.
#[must_use]
pub fn line(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => '␤',
            '\t' => ' ',
            c if is_unsafe(c) => '?',
            c => c,
        })
        .collect()
}

/// [`terminal`] for the source lines of a snippet: each replaced character becomes as many
/// `?` as it has bytes, so that spans into the text stay valid. A carriage return is kept only
/// as part of a CRLF line end: alone, it would move the terminal's cursor back over what was
/// printed.
#[must_use]
pub fn snippet(s: &str) -> String {
    let mut next = s.chars().skip(1);
    s.chars()
        .flat_map(|c| {
            let after = next.next();
            let line_end = c == '\r' && after == Some('\n');
            let n = if is_unsafe(c) && c != '\n' && c != '\t' && !line_end {
                c.len_utf8()
            } else {
                0
            };
            let keep = if n == 0 { Some(c) } else { None };
            keep.into_iter().chain(std::iter::repeat_n('?', n))
        })
        .collect()
}

/// For a Markdown table cell or heading (never at the start of a line): every character that
/// GitHub-flavoured Markdown could read as markup inline — emphasis, code, links, HTML,
/// entities, strikethrough, math, the cell separator `|`, issue references and @-mentions —
/// gets a backslash; line breaks become `<br>`; control characters (ANSI escapes) become `?`.
#[must_use]
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let clean = terminal(s);
    let mut lines = clean.lines().peekable();
    while let Some(line) = lines.next() {
        for c in line.chars() {
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '$' | '#'
                | '@' => {
                    out.push('\\');
                    out.push(c);
                }
                '\t' => out.push(' '),
                c => out.push(c),
            }
        }
        if lines.peek().is_some() {
            out.push_str("<br>");
        }
    }
    out
}

/// For HTML element content and quoted attribute values. Control characters (ANSI escapes
/// among them) become a visible `?` first, as on the terminal.
#[must_use]
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in terminal(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// For a SARIF plain-text message: control characters become `?`, and `\`, `[` and `]` are
/// escaped so that no inventory text reads as an embedded link (SARIF §3.11.6).
#[must_use]
pub fn sarif(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in terminal(s).chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// For an XML document whose markup is already escaped (quick-junit escapes text and drops
/// control characters, but passes bidirectional controls through): every unsafe character
/// is shown as `?`, as in every other format. XML markup holds none.
#[must_use]
pub fn xml(s: &str) -> String {
    terminal(s)
}

/// A path as a relative URI reference: bytes outside the unreserved set and `/` are
/// percent-encoded (a Chinese file name, a space, a `#`), backslashes become `/`.
#[must_use]
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
