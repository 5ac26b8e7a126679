//! A workbook's zip archive, made safe to hand to calamine. calamine trusts what a workbook
//! declares: it reserves room for the `uniqueCount` the shared-strings part states, clones a
//! cell format's font into every format that names it, and inflates a worksheet part once per
//! sheet that points at it. So the archive is taken apart first, under the bounds of
//! [`limits`]:
//!
//! - every XML part is inflated once, with the bytes it really gives counted against
//!   [`limits::MAX_INFLATED_BYTES`] (a part that declares less than it holds is stopped too);
//!   other entries (images, binaries) are not inflated at all;
//! - each part calamine reads is kept as it is or rewritten to what calamine needs from it:
//!   the shared-strings root loses its counts, the styles part keeps only its number formats
//!   and cell formats (no font, fill or border to clone), the workbook part only its sheets,
//!   a relationships part only its relationships; every count is bounded;
//! - two sheets stored in one part are refused (each part is read once);
//! - what is left is stored, uncompressed, in a new archive in memory: calamine reads it
//!   through [`Budget`], which stops at [`limits::MAX_PARSED_BYTES`] whatever calamine does.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Cursor, Read, Seek, SeekFrom, Write as _};
use std::rc::Rc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::i18n::Text;
use crate::load::limits;

/// Why an archive is refused, and whether a bound (rather than a malformed file) is the cause.
#[derive(Debug)]
pub struct Refusal {
    /// What is wrong, in both languages.
    pub why: Text,
    /// Whether a limit of [`limits`] was crossed.
    pub limit: bool,
}

fn malformed(zh: impl Into<String>, en: impl Into<String>) -> Refusal {
    Refusal {
        why: Text::new(zh, en),
        limit: false,
    }
}

fn over(zh: impl Into<String>, en: impl Into<String>) -> Refusal {
    Refusal {
        why: Text::new(zh, en),
        limit: true,
    }
}

fn mib(bytes: u64) -> u64 {
    bytes / 1024 / 1024
}

/// What a part is, by its root element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Relationships,
    Workbook,
    SharedStrings,
    Styles,
    Worksheet,
    /// Anything else calamine never needs for cell values (theme, drawings, properties …).
    Other,
    /// Not well-formed before its root: kept as it is, for calamine to report.
    Unknown,
}

/// A relationship: its id, type and target, as written.
struct Relationship {
    id: String,
    kind: String,
    target: String,
}

/// A sheet of the workbook part: its name and relationship id, as written.
struct SheetRef {
    name: String,
    rel: String,
    state: Option<String>,
}

/// The rebuilt archive: every part calamine may need, stored uncompressed.
pub struct Rebuilt {
    /// The new archive's bytes.
    pub bytes: Vec<u8>,
}

/// A part's normalised name, as calamine looks parts up (case-insensitively, `/` for `\`).
fn normal(name: &str) -> String {
    name.replace('\\', "/").to_ascii_lowercase()
}

fn xml_reader(text: &str) -> Reader<&[u8]> {
    let mut r = Reader::from_str(text);
    let c = r.config_mut();
    c.check_end_names = false;
    c.check_comments = false;
    c.expand_empty_elements = false;
    c.trim_text(false);
    r
}

/// Takes the archive apart and builds the one calamine reads.
///
/// # Errors
/// A refusal when the bytes are not a zip archive, an entry cannot be inflated, or a bound
/// is crossed.
pub fn rebuild(bytes: &[u8]) -> Result<Rebuilt, Refusal> {
    let mut zip = open(bytes)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut left = limits::MAX_INFLATED_BYTES;
    let mut names = BTreeSet::new();
    let mut rels: BTreeMap<String, Vec<Relationship>> = BTreeMap::new();
    let mut workbooks: BTreeMap<String, Vec<SheetRef>> = BTreeMap::new();
    for i in 0..zip.len() {
        let (name, declared) = {
            let f = zip.by_index_raw(i).map_err(|e| entry_error("?", &e))?;
            if f.is_dir() {
                continue;
            }
            let name = f.name().map_err(|e| entry_error("?", &e))?.into_owned();
            (name, f.size())
        };
        // `normal` lowers the case: the comparison is case-insensitive.
        let lower = normal(&name);
        #[allow(clippy::case_sensitive_file_extension_comparisons)]
        if !(lower.ends_with(".xml") || lower.ends_with(".rels")) {
            continue;
        }
        if !names.insert(lower.clone()) {
            return Err(malformed(
                format!("压缩包中有两个名为 {name} 的部件"),
                format!("the archive holds two parts named {name}"),
            ));
        }
        let data = inflate(&mut zip, i, &name, declared, &mut left)?;
        let text = match String::from_utf8(data) {
            Ok(text) => text,
            Err(e) => {
                // Not UTF-8: kept as it is, for calamine to refuse if it reads it.
                let raw = e.into_bytes();
                out.start_file(name.as_str(), stored)
                    .and_then(|()| out.write_all(&raw).map_err(Into::into))
                    .map_err(|e| entry_error(&name, &e))?;
                continue;
            }
        };
        let kept = match kind(&text) {
            Kind::Other => continue,
            Kind::Unknown | Kind::Worksheet => text,
            Kind::SharedStrings => shared_strings(&text, &name)?,
            Kind::Styles => styles(&text, &name)?,
            Kind::Relationships => {
                let list = relationships(&text, &name)?;
                let part = relationships_part(&list);
                rels.insert(lower, list);
                part
            }
            Kind::Workbook => {
                let (sheets, date1904) = workbook(&text, &name)?;
                let part = workbook_part(&sheets, date1904.as_deref());
                workbooks.insert(lower, sheets);
                part
            }
        };
        out.start_file(name.as_str(), stored)
            .and_then(|()| out.write_all(kept.as_bytes()).map_err(Into::into))
            .map_err(|e| entry_error(&name, &e))?;
    }
    one_part_per_sheet(&rels, &workbooks)?;
    let bytes = out.finish().map_err(|e| entry_error("?", &e))?.into_inner();
    Ok(Rebuilt { bytes })
}

/// Opens the archive, refusing one that is not a zip or holds too many entries.
fn open(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, Refusal> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        malformed(
            format!("这不是 zip 压缩包，而每个 .xlsx 文件都是（{e}）"),
            format!("not a zip archive, as every .xlsx file is ({e})"),
        )
    })?;
    if zip.len() > limits::MAX_ENTRIES {
        return Err(over(
            format!(
                "压缩包中有 {} 个条目（上限 {}）",
                zip.len(),
                limits::MAX_ENTRIES
            ),
            format!(
                "{} archive entries (at most {})",
                zip.len(),
                limits::MAX_ENTRIES
            ),
        ));
    }
    Ok(zip)
}

/// Inflates entry `i` within the `left` bytes the whole archive may still inflate to, and
/// takes what it used from `left`. The declared size is checked first, then the bytes read,
/// since a declared size can lie.
fn inflate(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    i: usize,
    name: &str,
    declared: u64,
    left: &mut u64,
) -> Result<Vec<u8>, Refusal> {
    if declared > *left {
        return Err(inflated_too_much());
    }
    let mut data = Vec::new();
    {
        let f = zip.by_index(i).map_err(|e| entry_error(name, &e))?;
        f.take(*left + 1)
            .read_to_end(&mut data)
            .map_err(|e| entry_error(name, &e))?;
    }
    let got = data.len() as u64;
    if got > *left {
        return Err(inflated_too_much());
    }
    *left -= got;
    Ok(data)
}

fn entry_error(name: &str, e: &dyn std::fmt::Display) -> Refusal {
    malformed(
        format!("压缩包中的 {name} 无法解压（{e}）"),
        format!("the archive's {name} cannot be inflated ({e})"),
    )
}

fn inflated_too_much() -> Refusal {
    let m = mib(limits::MAX_INFLATED_BYTES);
    over(
        format!("工作簿解压后超过 {m} MiB（上限 {m} MiB）"),
        format!("it inflates to more than {m} MiB (at most {m} MiB)"),
    )
}

/// A part's kind, by the local name of its root element.
fn kind(text: &str) -> Kind {
    let mut r = xml_reader(text);
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return match e.local_name().as_ref() {
                    "Relationships" => Kind::Relationships,
                    "workbook" => Kind::Workbook,
                    "sst" => Kind::SharedStrings,
                    "styleSheet" => Kind::Styles,
                    "worksheet" => Kind::Worksheet,
                    _ => Kind::Other,
                };
            }
            Ok(Event::Eof) | Err(_) => return Kind::Unknown,
            Ok(_) => {}
        }
    }
}

fn xml_error(name: &str, e: &quick_xml::Error, at: u64) -> Refusal {
    malformed(
        format!("部件 {name} 不是有效的 XML（第 {at} 字节：{e}）"),
        format!("the part {name} is not well-formed XML (byte {at}: {e})"),
    )
}

/// The shared-strings part with its root's attributes (`count`, `uniqueCount`: calamine
/// reserves room for the latter, whatever it says) dropped; at most
/// [`limits::MAX_SHARED_STRINGS`] strings.
fn shared_strings(text: &str, name: &str) -> Result<String, Refusal> {
    let mut r = xml_reader(text);
    // The root's start tag: where it is, and its name.
    let mut root: Option<(usize, usize, String)> = None;
    let mut strings = 0usize;
    loop {
        let before = r.buffer_position() as usize;
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if root.is_none() => {
                let tag = e.name().as_ref().to_owned();
                root = Some((before, r.buffer_position() as usize, tag));
            }
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "si" => {
                strings += 1;
                if strings > limits::MAX_SHARED_STRINGS {
                    return Err(over(
                        format!(
                            "部件 {name} 中的共享字符串超过 {} 个（上限）",
                            limits::MAX_SHARED_STRINGS
                        ),
                        format!(
                            "the part {name} holds more than {} shared strings (the limit)",
                            limits::MAX_SHARED_STRINGS
                        ),
                    ));
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(xml_error(name, &e, r.error_position())),
            Ok(_) => {}
        }
    }
    let Some((start, end, root)) = root else {
        return Ok(text.to_owned());
    };
    let close = if text[start..end].ends_with("/>") {
        "/>"
    } else {
        ">"
    };
    Ok(format!("{}<{root}{close}{}", &text[..start], &text[end..]))
}

/// An attribute's raw (still escaped) value by its local name; the last one wins, as in
/// calamine.
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    let mut found = None;
    for a in e.attributes().with_checks(false).flatten() {
        let key: &str = a.key.as_ref();
        let key_local = key.rsplit(':').next().unwrap_or(key);
        if key_local == local {
            found = Some(a.value.into_owned());
        }
    }
    found
}

/// A raw attribute value, quoted for a generated part.
fn quoted(raw: &str) -> String {
    format!("\"{}\"", raw.replace('"', "&quot;").replace('<', "&lt;"))
}

/// The styles part reduced to what calamine needs for cell values: the number formats and
/// the cell formats' number format ids. Fonts, fills and borders (which calamine clones into
/// every cell format that names them) are left out, and so is all else.
fn styles(text: &str, name: &str) -> Result<String, Refusal> {
    let bound = |what_zh: &str, what_en: &str, max: usize| {
        over(
            format!("部件 {name} 中的{what_zh}超过 {max} 个（上限）"),
            format!("the part {name} holds more than {max} {what_en} (the limit)"),
        )
    };
    let mut r = xml_reader(text);
    let mut formats = String::new();
    let mut xfs = String::new();
    let (mut n_formats, mut n_xfs) = (0usize, 0usize);
    let (mut in_formats, mut in_xfs) = (0usize, 0usize);
    loop {
        let (e, start) = match r.read_event() {
            Ok(Event::Start(e)) => (e, true),
            Ok(Event::Empty(e)) => (e, false),
            Ok(Event::End(e)) => {
                match e.local_name().as_ref() {
                    "numFmts" => in_formats = in_formats.saturating_sub(1),
                    "cellXfs" => in_xfs = in_xfs.saturating_sub(1),
                    _ => {}
                }
                continue;
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(xml_error(name, &e, r.error_position())),
            Ok(_) => continue,
        };
        match e.local_name().as_ref() {
            "numFmts" if start => in_formats += 1,
            "cellXfs" if start => in_xfs += 1,
            "numFmt" if in_formats > 0 => {
                n_formats += 1;
                if n_formats > limits::MAX_NUMBER_FORMATS {
                    return Err(bound(
                        "数字格式",
                        "number formats",
                        limits::MAX_NUMBER_FORMATS,
                    ));
                }
                let (Some(id), Some(code)) = (attr(&e, "numFmtId"), attr(&e, "formatCode")) else {
                    continue;
                };
                if code.len() > limits::MAX_NUMBER_FORMAT_BYTES {
                    let max = limits::MAX_NUMBER_FORMAT_BYTES;
                    return Err(over(
                        format!(
                            "部件 {name} 中有长达 {} 字节的数字格式（上限 {max}）",
                            code.len()
                        ),
                        format!(
                            "the part {name} holds a number format {} bytes long (at most {max})",
                            code.len()
                        ),
                    ));
                }
                let _ = write!(
                    formats,
                    "<numFmt numFmtId={} formatCode={}/>",
                    quoted(&id),
                    quoted(&code)
                );
            }
            "xf" if in_xfs > 0 => {
                n_xfs += 1;
                if n_xfs > limits::MAX_CELL_FORMATS {
                    return Err(bound(
                        "单元格格式",
                        "cell formats",
                        limits::MAX_CELL_FORMATS,
                    ));
                }
                match attr(&e, "numFmtId") {
                    Some(id) => {
                        let _ = write!(xfs, "<xf numFmtId={}/>", quoted(&id));
                    }
                    None => xfs.push_str("<xf/>"),
                }
            }
            _ => {}
        }
    }
    Ok(format!(
        "<styleSheet><numFmts>{formats}</numFmts><cellXfs>{xfs}</cellXfs></styleSheet>"
    ))
}

/// A relationships part's relationships (at most [`limits::MAX_RELATIONSHIPS`]).
fn relationships(text: &str, name: &str) -> Result<Vec<Relationship>, Refusal> {
    let mut r = xml_reader(text);
    let mut list = Vec::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                if list.len() == limits::MAX_RELATIONSHIPS {
                    let max = limits::MAX_RELATIONSHIPS;
                    return Err(over(
                        format!("部件 {name} 中的关系超过 {max} 个（上限）"),
                        format!("the part {name} holds more than {max} relationships (the limit)"),
                    ));
                }
                list.push(Relationship {
                    id: attr(&e, "Id").unwrap_or_default(),
                    kind: attr(&e, "Type").unwrap_or_default(),
                    target: attr(&e, "Target").unwrap_or_default(),
                });
            }
            Ok(Event::Eof) => return Ok(list),
            Err(e) => return Err(xml_error(name, &e, r.error_position())),
            Ok(_) => {}
        }
    }
}

fn relationships_part(list: &[Relationship]) -> String {
    let mut out = String::from("<Relationships>");
    for rel in list {
        let _ = write!(
            out,
            "<Relationship Id={} Type={} Target={}/>",
            quoted(&rel.id),
            quoted(&rel.kind),
            quoted(&rel.target)
        );
    }
    out.push_str("</Relationships>");
    out
}

/// The workbook part's sheets (at most [`limits::MAX_SHEETS`]) and its 1904 date flag.
fn workbook(text: &str, name: &str) -> Result<(Vec<SheetRef>, Option<String>), Refusal> {
    let mut r = xml_reader(text);
    let mut sheets = Vec::new();
    let mut date1904 = None;
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "sheet" => {
                    if sheets.len() == limits::MAX_SHEETS {
                        let max = limits::MAX_SHEETS;
                        return Err(over(
                            format!("工作簿中的工作表超过 {max} 个（上限）"),
                            format!("the workbook has more than {max} sheets (the limit)"),
                        ));
                    }
                    sheets.push(SheetRef {
                        name: attr(&e, "name").unwrap_or_default(),
                        rel: attr(&e, "id").unwrap_or_default(),
                        state: attr(&e, "state"),
                    });
                }
                "workbookPr" => {
                    if let Some(v) = attr(&e, "date1904") {
                        date1904 = Some(v);
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) => return Ok((sheets, date1904)),
            Err(e) => return Err(xml_error(name, &e, r.error_position())),
            Ok(_) => {}
        }
    }
}

fn workbook_part(sheets: &[SheetRef], date1904: Option<&str>) -> String {
    let mut out = String::from("<workbook>");
    if let Some(v) = date1904 {
        let _ = write!(out, "<workbookPr date1904={}/>", quoted(v));
    }
    out.push_str("<sheets>");
    for s in sheets {
        let _ = write!(
            out,
            "<sheet name={} r:id={}",
            quoted(&s.name),
            quoted(&s.rel)
        );
        if let Some(state) = &s.state {
            let _ = write!(out, " state={}", quoted(state));
        }
        out.push_str("/>");
    }
    out.push_str("</sheets></workbook>");
    out
}

fn unescaped(raw: &str) -> String {
    quick_xml::escape::unescape(raw).map_or_else(|_| raw.to_owned(), std::borrow::Cow::into_owned)
}

/// Refuses two sheets stored in one part (calamine would inflate and read it once per
/// sheet). Parts are found as calamine finds them: the package's relationships name the
/// workbook part, the workbook's relationships each sheet's part. Where that chain is broken,
/// calamine refuses the workbook itself.
fn one_part_per_sheet(
    rels: &BTreeMap<String, Vec<Relationship>>,
    workbooks: &BTreeMap<String, Vec<SheetRef>>,
) -> Result<(), Refusal> {
    let Some(target) = rels.get("_rels/.rels").and_then(|list| {
        list.iter()
            .rfind(|r| r.kind.ends_with("/relationships/officeDocument"))
            .map(|r| unescaped(&r.target))
    }) else {
        return Ok(());
    };
    let (dir, file) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    let dir = dir.strip_prefix('/').unwrap_or(dir);
    let (Some(sheets), Some(wb_rels)) = (
        workbooks.get(&normal(&format!("{dir}{file}"))),
        rels.get(&normal(&format!("{dir}_rels/{file}.rels"))),
    ) else {
        return Ok(());
    };
    let targets: BTreeMap<&str, &str> = wb_rels
        .iter()
        .map(|r| (r.id.as_str(), r.target.as_str()))
        .collect();
    let mut parts: BTreeMap<String, &str> = BTreeMap::new();
    for s in sheets {
        let Some(t) = targets.get(s.rel.as_str()) else {
            continue;
        };
        let path = match t.strip_prefix('/') {
            Some(abs) => abs.to_owned(),
            None => format!("{dir}{t}"),
        };
        if let Some(first) = parts.insert(normal(&path), &s.name) {
            let (a, b) = (unescaped(first), unescaped(&s.name));
            return Err(malformed(
                format!("工作表 `{a}` 和 `{b}` 指向同一个部件 {path}：每个工作表应有自己的部件"),
                format!(
                    "the sheets `{a}` and `{b}` are stored in one part, {path}: each sheet needs its own"
                ),
            ));
        }
    }
    Ok(())
}

/// What calamine reads the rebuilt archive through: at most [`limits::MAX_PARSED_BYTES`],
/// then an error. The budget left is shared, so that the reader can tell this error from
/// calamine's own.
pub struct Budget {
    inner: Cursor<Vec<u8>>,
    left: Rc<Cell<u64>>,
}

impl Budget {
    /// The rebuilt archive behind a fresh budget, and a handle on what is left of it.
    pub fn new(rebuilt: Rebuilt) -> (Self, Rc<Cell<u64>>) {
        let left = Rc::new(Cell::new(limits::MAX_PARSED_BYTES));
        (
            Self {
                inner: Cursor::new(rebuilt.bytes),
                left: Rc::clone(&left),
            },
            left,
        )
    }
}

impl Read for Budget {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.left.get();
        if left == 0 && !buf.is_empty() {
            return Err(io::Error::other("the read budget is spent"));
        }
        let max = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..max])?;
        self.left.set(left - n as u64);
        Ok(n)
    }
}

impl Seek for Budget {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// The refusal when calamine ran out of [`Budget`].
pub fn parsed_too_much() -> Refusal {
    let m = mib(limits::MAX_PARSED_BYTES);
    over(
        format!("读取该工作簿需要解析超过 {m} MiB 的内容（上限）"),
        format!("reading it takes parsing more than {m} MiB (the limit)"),
    )
}
