//! Load: text → raw structs with spans. YAML (and JSON, which the YAML loader reads as the
//! subset of YAML it is) goes through serde-saphyr with explicit limits; every failure becomes
//! a located [`Problem`]. The choice of YAML library stays inside this module.

pub(crate) mod events;
pub mod inventory;
pub mod node;
pub mod orders;
pub mod roster;
mod scan;
pub mod schema_pass;
pub mod standard;
pub mod waivers;

use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use crate::diagnostic::Problem;
use crate::i18n::Text;
use crate::source::Location;

/// The input limits (see [`crate::limits`]), kept at their documented path.
pub use crate::limits;

/// The parser settings every input is read with.
pub(crate) fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: limits::MAX_DEPTH,
            max_nodes: limits::MAX_NODES,
            max_events: limits::MAX_EVENTS,
            max_aliases: limits::MAX_ALIASES,
            max_total_scalar_bytes: limits::MAX_SCALAR_BYTES,
            flow_nesting_limit: limits::MAX_DEPTH,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: limits::MAX_REPLAYED_EVENTS,
            max_replay_stack_depth: limits::MAX_ALIAS_NESTING,
        },
        // YAML 1.2 booleans only: `no`, `on`, `y` are text (a facility id `no` is not false).
        strict_booleans: true,
        with_snippet: false,
    }
}

/// Deserializes `text` into `T` with the project's limits.
///
/// # Errors
/// A located problem for the first thing that stops the parse.
pub fn parse<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Problem> {
    match parse_fast(text) {
        Some(value) => Ok(value),
        None => parse_general(text),
    }
}

/// Deserializes `text` with the general loader alone (serde-saphyr), which decides every input
/// the event-level loader leaves to it: for the tests that prove the two agree, and for the
/// benchmarks that measure one against the other.
///
/// # Errors
/// A located problem for the first thing that stops the parse.
#[doc(hidden)]
pub fn parse_general<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, Problem> {
    if let Some(p) = lone_carriage_return(text) {
        return Err(p);
    }
    serde_saphyr::from_str_with_options(text, yaml_options()).map_err(|e| yaml_problem(text, &e))
}

/// Deserializes `text` with the event-level loader alone: `None` where it leaves the input to
/// the general loader (see [`parse`]).
#[doc(hidden)]
pub fn parse_fast<'de, T: Deserialize<'de>>(text: &'de str) -> Option<T> {
    if lone_carriage_return(text).is_some() {
        return None;
    }
    events::parse(text).ok()
}

/// A carriage return that does not end a CRLF line end. YAML reads it as a line break of its
/// own, so the parser's line numbers would part from the file's as editors (and our snippets)
/// count them, by `\n`: such a file is refused, at the first one, rather than mislocated.
fn lone_carriage_return(text: &str) -> Option<Problem> {
    let at = memchr::memchr_iter(b'\r', text.as_bytes())
        .find(|&i| text.as_bytes().get(i + 1) != Some(&b'\n'))?;
    Some(
        Problem::new(
            crate::diagnostic::Code::Syntax,
            Text::new(
                "单独的回车符（CR）：换行只能是 LF 或 CRLF",
                "a carriage return (CR) on its own: line ends must be LF or CRLF",
            ),
            Some(Location::at_offset(text, at).with_len(1)),
        )
        .with_help(Text::new(
            "请以 LF（Unix）或 CRLF（Windows）换行另存此文件",
            "save the file with LF (Unix) or CRLF (Windows) line ends",
        )),
    )
}

/// A serde-saphyr error as a problem.
pub(crate) fn yaml_problem(text: &str, err: &serde_saphyr::Error) -> Problem {
    let inner = err.without_snippet();
    let msg = inner.to_string();
    let msg = strip_location_suffix(&msg)
        .replace(", set DuplicateKeyPolicy in Options if acceptable", "");
    let msg = msg.as_str();
    let mut location = err.location().and_then(|l| convert(text, l));
    let code = classify(msg);
    let zh = match code {
        crate::diagnostic::Code::DuplicateKey => {
            match msg.strip_prefix("duplicate mapping key: ") {
                Some(key) => format!("键 `{}` 在同一层重复出现", key.trim()),
                None => "同一层有重复的键".to_owned(),
            }
        }
        crate::diagnostic::Code::TooDeep => {
            format!("嵌套过深（上限 {} 层）：{msg}", limits::MAX_DEPTH)
        }
        crate::diagnostic::Code::AliasLimit => format!("YAML 别名展开超出上限：{msg}"),
        crate::diagnostic::Code::UnknownKey => format!("未知的键：{msg}"),
        crate::diagnostic::Code::WrongType => format!("类型错误：{msg}"),
        _ => format!("YAML 格式错误：{}", syntax_zh(msg)),
    };
    let message = limit_message(msg).unwrap_or_else(|| Text::new(zh, msg.to_string()));
    if msg.starts_with("tabs disallowed") {
        location = location.map(|l| at_first_tab(text, l));
    }
    if msg.starts_with("multiple YAML documents") {
        location = location.map(|l| at_document_marker(text, l));
    }
    let mut p = Problem::new(code, message, location);
    if let Some(help) = full_width_colon(text, location, code).or_else(|| syntax_help(msg)) {
        p = p.with_help(help);
    }
    match code {
        crate::diagnostic::Code::DuplicateKey => {
            p = p.with_help(Text::new(
                "每个键在同一层只能出现一次：删除或合并重复的项",
                "each key may appear once per mapping: remove or merge the repeated entry",
            ));
        }
        crate::diagnostic::Code::TooDeep => {
            p = p.with_help(Text::new(
                format!(
                    "清单的嵌套不应超过 {} 层：检查括号是否配对",
                    limits::MAX_DEPTH
                ),
                format!(
                    "an inventory nests at most {} levels deep: check that brackets are balanced",
                    limits::MAX_DEPTH
                ),
            ));
        }
        crate::diagnostic::Code::AliasLimit if msg.starts_with("alias replay stack") => {
            p = p.with_help(Text::new(
                "请直接写出内容，不要让别名的内容再引用别名",
                "write the content out instead of aliases whose content holds aliases",
            ));
        }
        crate::diagnostic::Code::AliasLimit if msg.starts_with("budget breached: Aliases {") => {
            p = p.with_help(Text::new(
                format!(
                    "一个文件最多使用 {} 次别名：请直接写出内容",
                    limits::MAX_ALIASES
                ),
                format!(
                    "a file may use aliases at most {} times: write the content out instead",
                    limits::MAX_ALIASES
                ),
            ));
        }
        crate::diagnostic::Code::AliasLimit => {
            p = p.with_help(Text::new(format!("YAML 别名（*name）的展开超过上限（{} 个事件）：请直接写出内容", limits::MAX_REPLAYED_EVENTS), format!("YAML aliases (*name) expand beyond the limit ({} events): write the content out instead", limits::MAX_REPLAYED_EVENTS)));
        }
        _ => {}
    }
    p
}

/// The parser's message for a breached limit (`budget breached: Depth { depth: 65 }`, `alias
/// replay limit exceeded: total_replayed_events=…`) in plain words, naming the limit.
fn limit_message(msg: &str) -> Option<Text> {
    let (zh, en) = if msg.starts_with("budget breached: Depth {")
        || msg.starts_with("recursion limit")
    {
        (
            format!("嵌套超过 {} 层", limits::MAX_DEPTH),
            format!("nested more than {} levels deep", limits::MAX_DEPTH),
        )
    } else if msg.starts_with("budget breached: Aliases {") {
        (
            format!("YAML 别名（*name）使用超过 {} 次", limits::MAX_ALIASES),
            format!(
                "YAML aliases (*name) are used more than {} times",
                limits::MAX_ALIASES
            ),
        )
    } else if msg.starts_with("alias replay stack") {
        (
            format!(
                "YAML 别名（*name）嵌套超过 {} 层",
                limits::MAX_ALIAS_NESTING
            ),
            format!(
                "YAML aliases (*name) within aliases nest more than {} deep",
                limits::MAX_ALIAS_NESTING
            ),
        )
    } else if msg.starts_with("alias replay limit") {
        (
            format!(
                "YAML 别名（*name）展开超过 {} 个解析事件：疑似“别名炸弹”",
                limits::MAX_REPLAYED_EVENTS
            ),
            format!(
                "YAML aliases (*name) expand to more than {} parser events: an alias bomb",
                limits::MAX_REPLAYED_EVENTS
            ),
        )
    } else if msg.starts_with("recursive references") {
        (
            "YAML 别名（*name）引用了包含它自身的节点".to_owned(),
            "a YAML alias (*name) refers to a node that contains it".to_owned(),
        )
    } else if let Some((zh, en)) = plain_words(msg) {
        (zh.to_owned(), en.to_owned())
    } else if let Some(rest) = msg.strip_prefix("non-finite float ") {
        let value = rest.split(' ').next().unwrap_or(rest);
        (
            format!("{value} 不是有限的数：面积和数量写作 30 或 12.5 这样的数"),
            format!("{value} is not a finite number: areas and counts are numbers like 30 or 12.5"),
        )
    } else if msg.starts_with("budget breached: Nodes {") {
        (
            format!("文档中的值超过 {} 个", limits::MAX_NODES),
            format!("the document holds more than {} values", limits::MAX_NODES),
        )
    } else if msg.starts_with("budget breached: ScalarBytes {") {
        (
            format!(
                "文档中的文本（别名展开后）超过 {} MiB",
                limits::MAX_SCALAR_BYTES / 1024 / 1024
            ),
            format!(
                "the document's text, aliases expanded, is over {} MiB",
                limits::MAX_SCALAR_BYTES / 1024 / 1024
            ),
        )
    } else if msg.starts_with("budget breached: Events {") {
        (
            format!("文档超过 {} 个解析事件", limits::MAX_EVENTS),
            format!("the document is over {} parser events", limits::MAX_EVENTS),
        )
    } else if msg.starts_with("budget breached") {
        // Events, scalar bytes, anchors, merge keys: far beyond any inventory.
        (
            format!("文档超出解析上限（{msg}）"),
            format!("the document exceeds a parser limit ({msg})"),
        )
    } else {
        return None;
    };
    Some(Text::new(zh, en))
}

/// The parser's messages that speak of Rust or parser internals, in the words of the file.
fn plain_words(msg: &str) -> Option<(&'static str, &'static str)> {
    let m = msg.to_lowercase();
    Some(if m.starts_with("cannot deserialize null into string") {
        (
            "此处需要文本，实际为空",
            "text is required here, and the value is empty (null)",
        )
    } else if m.starts_with("cannot deserialize tagged scalar into string") {
        (
            "此处需要文本，实际是带标签（!!…）的值",
            "text is required here, not a tagged (!!…) value",
        )
    } else if m.starts_with("expected mapping start") {
        (
            "此处需要映射（键: 值）",
            "a mapping (key: value lines) is required here",
        )
    } else if m.starts_with("expected sequence start") {
        ("此处需要列表", "a list is required here")
    } else if [
        "invalid u64",
        "invalid i64",
        "invalid f64",
        "invalid u128",
        "invalid i128",
    ]
    .iter()
    .any(|p| m.starts_with(p))
    {
        (
            "标为数字（!!int、!!float）的值不是数字",
            "a value tagged as a number (!!int, !!float) is not a number",
        )
    } else if m.starts_with("multiple yaml documents") {
        (
            "文件中有多个 YAML 文档（以 --- 分隔）：一个文件只写一份清单",
            "the file holds more than one YAML document (separated by ---): one file holds one inventory",
        )
    } else if m.starts_with("expected string scalar") {
        ("此处需要文本", "text is required here")
    } else {
        return None;
    })
}

/// Advice for syntax errors whose fix is not obvious from the parser's words.
fn syntax_help(msg: &str) -> Option<Text> {
    if msg.starts_with("tabs disallowed") {
        Some(Text::new(
            "YAML 不允许用制表符（Tab）缩进：请改用空格",
            "YAML does not allow tabs in indentation: indent with spaces",
        ))
    } else if [
        "reserved directive",
        "while scanning a directive",
        "while scanning a YAML directive",
        "missing explicit document end marker before directive",
    ]
    .iter()
    .any(|p| msg.starts_with(p))
    {
        Some(Text::new(
            "以 % 开头的行是 YAML 指令：删除该行，或把内容写在键后面",
            "a line that starts with % is a YAML directive: remove it, or write the text after a key",
        ))
    } else if msg.starts_with("mapping values are not allowed") {
        Some(Text::new(
            "一行只写一个“键: 值”：值里有冒号时请给值加引号，下一层的项请另起一行并缩进",
            "one `key: value` a line: quote a value that holds a colon, and put the next level's entries on lines of their own, indented",
        ))
    } else if msg.starts_with("recursive references") {
        Some(Text::new(
            "别名不能引用包含它的节点：请直接写出内容",
            "an alias cannot refer to the node it is inside: write the content out",
        ))
    } else if msg.starts_with("unexpected character: `\\u{") {
        Some(Text::new(
            "文件中有 YAML 不允许的控制字符（如 NUL）：请删除；若这类字符很多，这可能不是文本文件",
            "the file holds a control character YAML does not allow (such as NUL): remove it; \
             if there are many, this is probably not a text file",
        ))
    } else {
        None
    }
}

/// A syntax error on a line that has a full-width colon (`level：town_station`, typed with a
/// Chinese input method), or just after one: the colon is the likely cause, and is named.
fn full_width_colon(
    text: &str,
    at: Option<Location>,
    code: crate::diagnostic::Code,
) -> Option<Text> {
    if code != crate::diagnostic::Code::Syntax {
        return None;
    }
    let line = at?.line as usize;
    let found = (line.saturating_sub(1).max(1)..=line)
        .find(|&n| text.lines().nth(n - 1).is_some_and(|l| l.contains('：')))?;
    Some(Text::new(
        format!("第 {found} 行的“：”是中文冒号：键后的冒号应为半角“:”，后加一个空格"),
        format!(
            "line {found} has a full-width colon “：”: the colon after a key is the ASCII “:”, followed by a space"
        ),
    ))
}

/// What the YAML parser's message says, in the words of the Chinese report (the English
/// report keeps the parser's own). Matched by how the message begins; the bracket or the
/// character it names is quoted from the file. A message not listed here (tags, directives,
/// the parser's internals) is told as a place that is not YAML, at its line and column.
fn syntax_zh(msg: &str) -> String {
    /// The character the message quotes between the given marks (`'['`, `` `@' ``).
    fn quoted(msg: &str, open: char, close: char) -> Option<&str> {
        let start = msg.find(open)? + open.len_utf8();
        let len = msg[start..].find(close)?;
        Some(&msg[start..start + len])
    }
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| msg.starts_with(p));
    if msg.starts_with("unclosed bracket") {
        let b = quoted(msg, '\'', '\'').unwrap_or("");
        format!("括号 `{b}` 没有闭合")
    } else if msg.starts_with("mismatched bracket") {
        let mut parts = msg.split('\'').skip(1).step_by(2);
        let (open, close) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        format!("括号 `{open}` 与 `{close}` 不配对")
    } else if msg.starts_with("misplaced bracket") {
        "多出了一个右括号".to_owned()
    } else if msg.starts_with("unclosed quote") {
        "引号没有闭合".to_owned()
    } else if starts(&[
        "tabs disallowed",
        "tab cannot be used as indentation",
        "while scanning a plain scalar, found a tab",
        "a block scalar content cannot start with a tab",
    ]) {
        "此处有制表符，缩进只能用空格".to_owned()
    } else if msg.starts_with("mapping values are not allowed") {
        "此处不能再写“键: 值”".to_owned()
    } else if msg.starts_with("mapping keys are not allowed") {
        "此处不能写键".to_owned()
    } else if msg.starts_with("block sequence entries are not allowed") {
        "此处不能写以 - 开头的列表项".to_owned()
    } else if msg.starts_with("while parsing a block mapping, did not find expected key") {
        "缩进不对齐：同一层的键应从同一列开始".to_owned()
    } else if msg.starts_with("while parsing a block collection") {
        "缩进不对齐：同一列表的项都应以 - 开头，且从同一列开始".to_owned()
    } else if starts(&["invalid indentation", "wrongly indented line"]) {
        "缩进不正确".to_owned()
    } else if msg.starts_with("while parsing a flow mapping") {
        "花括号 { } 中的各项应以逗号分隔，并以 } 结束".to_owned()
    } else if msg.starts_with("while parsing a flow sequence") {
        "方括号 [ ] 中的各项应以逗号分隔，并以 ] 结束".to_owned()
    } else if starts(&["unexpected eof", "unexpected EOF", "unexpected end of"]) {
        "文件在括号、引号或列表写完之前就结束了".to_owned()
    } else if starts(&["':' may not precede", "illegal placement of ':'"]) {
        "冒号“:”的位置不对：键后的冒号之后应有一个空格".to_owned()
    } else if starts(&["simple key expected ':'", "simple key is no longer valid"]) {
        "这一行缺少冒号“:”：应写成“键: 值”".to_owned()
    } else if starts(&[
        "alias references unknown anchor",
        "while parsing node, found unknown anchor",
    ]) {
        "引用了没有定义的锚点：*名称 之前应先有 &名称".to_owned()
    } else if starts(&["invalid trailing content after"]) {
        "引号结束后还有多余的文字：整段文字应都写在引号内".to_owned()
    } else if msg.starts_with("while parsing a quoted scalar") {
        "双引号中的转义写法不正确（反斜杠 \\ 后的字符）：不需要转义时请改用单引号".to_owned()
    } else if msg.starts_with("comments must be separated") {
        "注释符号 # 之前应有空格".to_owned()
    } else if msg.starts_with("comment intercepting") {
        "多行文字中间不能插入注释".to_owned()
    } else if msg.starts_with("expected whitespace") {
        "此处应有一个空格".to_owned()
    } else if msg.starts_with("plain scalar cannot start with '-'") {
        "以 - 开头的文字请加引号".to_owned()
    } else if msg.starts_with("a BOM must not appear") {
        "文件中间出现了字节顺序标记（BOM）".to_owned()
    } else if msg.starts_with("unexpected character") {
        // The parser quotes it escaped (`\u{b}`, `\t`): a control character is named by its
        // code point, as an editor shows it.
        let c = quoted(msg, '`', '\'').unwrap_or("");
        let code = match c {
            "\\t" => Some(0x09),
            "\\r" => Some(0x0d),
            "\\n" => Some(0x0a),
            _ => c
                .strip_prefix("\\u{")
                .and_then(|h| h.strip_suffix('}'))
                .and_then(|h| u32::from_str_radix(h, 16).ok()),
        };
        match code {
            Some(n) => format!("此处不能出现控制字符 U+{n:04X}"),
            None => format!("此处不能出现字符 `{c}`"),
        }
    } else if starts(&[
        "invalid content after document end",
        "did not find expected <document start>",
    ]) {
        "文档结束标记之后还有内容".to_owned()
    } else {
        "此处不符合 YAML 的写法".to_owned()
    }
}

/// The first tab of the indentation of the line `l` is on (the parser points after it).
fn at_first_tab(text: &str, l: Location) -> Location {
    let offset = l.offset.min(text.len());
    let Some(before) = text.get(..offset) else {
        return l;
    };
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    match before[start..].find('\t') {
        Some(i) => Location::at_offset(text, start + i).with_len(1),
        None => l,
    }
}

/// The `---` that starts the document `l` is in (the parser points at its first value).
fn at_document_marker(text: &str, l: Location) -> Location {
    let Some(before) = text.get(..l.offset.min(text.len())) else {
        return l;
    };
    match before.rfind("\n---") {
        Some(i) => Location::at_offset(text, i + 1).with_len(3),
        None if before.starts_with("---") => Location::at_offset(text, 0).with_len(3),
        None => l,
    }
}

fn strip_location_suffix(msg: &str) -> &str {
    // serde-saphyr appends " at line N, column M" to plain messages; reports carry the location
    // separately.
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains("column") => msg[..i].trim_end_matches(','),
        _ => msg,
    }
}

fn classify(msg: &str) -> crate::diagnostic::Code {
    // By how the parser's message begins: the rest may quote the file (a key named
    // `duplicate` is not a duplicate key).
    let m = msg.to_lowercase();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| m.starts_with(p));
    if starts(&["duplicate mapping key"]) {
        crate::diagnostic::Code::DuplicateKey
    } else if starts(&[
        "budget breached: aliases {",
        "budget breached: anchors {",
        "budget breached: scalarbytes {",
        "alias replay",
    ]) {
        // The limits on aliases and on what they expand to.
        crate::diagnostic::Code::AliasLimit
    } else if starts(&["budget breached: depth {", "recursion limit"]) {
        crate::diagnostic::Code::TooDeep
    } else if starts(&["unknown field"]) {
        crate::diagnostic::Code::UnknownKey
    } else if starts(&["invalid type", "invalid value", "invalid length"]) {
        crate::diagnostic::Code::WrongType
    } else {
        // Everything else stops the parse: `unexpected character`, `did not find expected
        // ':'`, an alias to an unknown anchor, …
        crate::diagnostic::Code::Syntax
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
        // Asked by a name only the event-level loader answers: it leaves the node's location
        // for the visitor; serde-saphyr passes the name by, and its own `Spanned` answers.
        d.deserialize_newtype_struct(events::SP_MARKER, SpVisitor(PhantomData))
    }
}

struct SpVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SpVisitor<T> {
    type Value = Sp<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Sp<T>, D::Error> {
        if WITHOUT_LOCATIONS.get() {
            return Ok(Sp {
                value: T::deserialize(d)?,
                loc: None,
            });
        }
        if let Some(loc) = events::take_span() {
            return Ok(Sp {
                value: T::deserialize(d)?,
                loc: Some(loc),
            });
        }
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
                // A facility's zones, its capacities: a few entries, each moved on every growth.
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(8).min(8));
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

thread_local! {
    /// Set while [`without_locations`] reads: each [`Sp`] then reads its value alone.
    static WITHOUT_LOCATIONS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Reads JSON that has no locations to give (a built-in standard precompiled at build time,
/// whose requirements' places in the YAML come from a table): each [`Sp`] reads its value
/// straight, with no location, instead of asking serde-saphyr's `Spanned` (which finds none
/// in JSON, after a detour through `deserialize_any` and a copy of each mapping's first key:
/// a fifth of a one-file check's instructions; issue 17).
///
/// # Errors
/// serde_json's, for JSON that does not read as `T`.
pub(crate) fn without_locations<'de, T: Deserialize<'de>>(json: &'de str) -> serde_json::Result<T> {
    /// Clears the flag however the read ends.
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            WITHOUT_LOCATIONS.set(false);
        }
    }
    WITHOUT_LOCATIONS.set(true);
    let _reset = Reset;
    serde_json::from_str(json)
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

/// What a number too large to be held exactly was expected to be.
const EXACT: &str = "a whole number of at most 9007199254740992 (2^53), the largest held exactly";

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
                if v.is_finite() {
                    Ok(Number(v))
                } else {
                    Err(E::invalid_value(
                        de::Unexpected::Float(v),
                        &"a finite number",
                    ))
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                if v.unsigned_abs() <= limits::MAX_EXACT_INTEGER {
                    Ok(Number(v as f64))
                } else {
                    Err(E::invalid_value(de::Unexpected::Signed(v), &EXACT))
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                if v <= limits::MAX_EXACT_INTEGER {
                    Ok(Number(v as f64))
                } else {
                    Err(E::invalid_value(de::Unexpected::Unsigned(v), &EXACT))
                }
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
                if v <= limits::MAX_EXACT_INTEGER {
                    Ok(Count(v))
                } else {
                    Err(E::invalid_value(de::Unexpected::Unsigned(v), &EXACT))
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                match u64::try_from(v) {
                    Ok(u) => self.visit_u64(u),
                    Err(_) => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
                // JSON Schema's `integer` accepts 3.0; so does this.
                if v.fract() == 0.0 && (0.0..=limits::MAX_EXACT_INTEGER as f64).contains(&v) {
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

/// The subset scanner's events of `text`, one line each, or `None` where it leaves the text to
/// the general loader: for the tests that hold it to the YAML parser's events.
#[doc(hidden)]
#[must_use]
pub fn scan_trace(text: &str) -> Option<Vec<String>> {
    scan::trace(text)
}

/// The YAML parser's events of `text`, written as [`scan_trace`] writes the scanner's, or `None`
/// on an error.
#[doc(hidden)]
#[must_use]
pub fn parser_trace(text: &str) -> Option<Vec<String>> {
    scan::parser_trace(text)
}

/// The number of events the subset scanner makes of `text` (0 where it gives up), doing
/// nothing else: the event-level loader's floor, for the stage benchmarks.
#[doc(hidden)]
#[must_use]
pub fn count_scanned(text: &str) -> usize {
    scan::scan(text).map_or(0, |events| events.len())
}

/// The number of events the YAML parser makes of `text`, doing nothing else: the floor under
/// every loader, for the stage benchmarks.
#[doc(hidden)]
pub fn count_events(text: &str) -> usize {
    granit_parser::Parser::new_from_str_with_options(text, scan::parser_options())
        .take_while(Result::is_ok)
        .count()
}
