//! A problem found in an input (an inventory, a standard or a waiver file): what is wrong, in
//! both languages, where, and how to fix it. The CLI renders problems with miette; reports
//! carry them as data.

use crate::i18n::{Lang, Text};
use crate::source::Location;

/// One problem in one input.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// A stable code, `sitecheck::<kind>` (for example `sitecheck::unknown-key`).
    pub code: &'static str,
    /// What is wrong.
    pub message: Text,
    /// How to fix it, when there is something to say.
    pub help: Option<Text>,
    /// Where: `None` when the problem concerns the whole input (an unreadable file).
    pub location: Option<Location>,
    /// For the one problem that stands for those not listed (see [`capped`]): how many it
    /// stands for; 0 for any other problem.
    pub omitted: usize,
}

impl Problem {
    /// A problem at a location.
    #[must_use]
    pub fn new(code: &'static str, message: Text, location: Option<Location>) -> Self {
        Self {
            code,
            message,
            help: None,
            location,
            omitted: 0,
        }
    }

    /// The same problem with advice.
    #[must_use]
    pub fn with_help(mut self, help: Text) -> Self {
        self.help = Some(help);
        self
    }

    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

/// Longest word a suggestion is looked for (names in a vocabulary are far shorter).
const MAX_SUGGESTED_WORD_BYTES: usize = 256;

/// The nearest of `candidates` to `word`, when one is near enough to be a likely typo.
#[must_use]
pub fn nearest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    // A word far longer than any name is no typo of one, and comparing it would cost its
    // length times each name's.
    if word.len() > MAX_SUGGESTED_WORD_BYTES {
        return None;
    }
    let w = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&w, &c.to_lowercase());
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.75).map(|(_, c)| c)
}

/// Advice naming the nearest valid name, or listing the valid ones when none is near.
#[must_use]
pub fn suggestion<'a, I>(word: &str, candidates: I) -> Text
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    if let Some(n) = nearest(word, candidates.clone()) {
        Text::new(format!("是否想写 `{n}`?"), format!("did you mean `{n}`?"))
    } else {
        let all: Vec<&str> = candidates.into_iter().collect();
        let shown = if all.len() > 12 {
            format!("{}, …", all[..12].join(", "))
        } else {
            all.join(", ")
        };
        Text::new(
            format!("可用的名称: {shown}"),
            format!("valid names: {shown}"),
        )
    }
}

/// The problems of one input as reported: the first [`MAX_PROBLEMS_PER_INPUT`] in full (each
/// message and advice cut at [`MAX_MESSAGE_CHARS`]), then, when there are more, one problem
/// that counts the rest by code. Reporting stays linear in what is shown, however many
/// problems a hostile file holds.
///
/// [`MAX_PROBLEMS_PER_INPUT`]: crate::limits::MAX_PROBLEMS_PER_INPUT
/// [`MAX_MESSAGE_CHARS`]: crate::limits::MAX_MESSAGE_CHARS
#[must_use]
pub fn capped(mut problems: Vec<Problem>) -> Vec<Problem> {
    use crate::limits::{MAX_MESSAGE_CHARS, MAX_PROBLEMS_PER_INPUT};
    let rest = if problems.len() > MAX_PROBLEMS_PER_INPUT {
        problems.split_off(MAX_PROBLEMS_PER_INPUT)
    } else {
        Vec::new()
    };
    for p in &mut problems {
        cut_text(&mut p.message, MAX_MESSAGE_CHARS);
        if let Some(h) = &mut p.help {
            cut_text(h, MAX_MESSAGE_CHARS);
        }
    }
    if !rest.is_empty() {
        problems.push(more_problems(&rest));
    }
    problems
}

/// One problem standing for `rest`: how many, by code, in the order the codes first occur.
fn more_problems(rest: &[Problem]) -> Problem {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for p in rest {
        match counts.iter_mut().find(|(c, _)| *c == p.code) {
            Some((_, n)) => *n += 1,
            None => counts.push((p.code, 1)),
        }
    }
    let zh: Vec<String> = counts
        .iter()
        .map(|(c, n)| format!("{}{n} 个", code_name_zh(c)))
        .collect();
    let en: Vec<String> = counts
        .iter()
        .map(|(c, n)| format!("{}: {n}", c.trim_start_matches("sitecheck::")))
        .collect();
    let mut p = Problem::new(
        "sitecheck::more-problems",
        Text::new(
            format!(
                "另有 {} 个同类问题未逐一列出（{}）",
                rest.len(),
                zh.join("，")
            ),
            format!(
                "and {} more of the same kinds ({})",
                rest.len(),
                en.join(", ")
            ),
        ),
        None,
    )
    .with_help(Text::new(
        format!(
            "每个文件最多列出 {} 个问题：请先改正以上问题，再重新检查",
            crate::limits::MAX_PROBLEMS_PER_INPUT
        ),
        format!(
            "at most {} problems are listed per file: fix those shown, then check again",
            crate::limits::MAX_PROBLEMS_PER_INPUT
        ),
    ));
    p.omitted = rest.len();
    p
}

/// How many problems a list stands for: those listed, plus those a [`capped`] list only
/// counts.
#[must_use]
pub fn total(problems: &[Problem]) -> usize {
    problems
        .iter()
        .map(|p| if p.omitted > 0 { p.omitted } else { 1 })
        .sum()
}

/// A kind of problem as an inspector would name it (for the count of problems not listed).
fn code_name_zh(code: &str) -> &'static str {
    match code.trim_start_matches("sitecheck::") {
        "unknown-name"
        | "unknown-level"
        | "unknown-key"
        | "unknown-kind"
        | "unknown-requirement"
        | "unknown-standard"
        | "unknown-strength" => "未知名称",
        "missing-key" | "missing-value" => "缺少内容",
        "wrong-type" => "类型错误",
        "negative" => "数值为负",
        "duplicate-key" | "duplicate-requirement" | "duplicate-case" | "alias-clash" => "重复",
        "bad-case" => "示例不成立",
        "bad-threshold" => "阈值有误",
        "bad-date" => "日期有误",
        "bad-age-band" => "年龄段有误",
        c if c.starts_with("waiver-") => "豁免有误",
        _ => "其他问题",
    }
}

/// Cuts both spellings of a text to `max` characters, marking the cut with `…`.
pub fn cut_text(t: &mut Text, max: usize) {
    for s in [&mut t.zh, &mut t.en] {
        if let Some(s2) = cut(s, max) {
            *s = s2;
        }
    }
}

/// `s` cut to `max` characters with a `…` marker, or `None` when it is short enough.
#[must_use]
pub fn cut(s: &str, max: usize) -> Option<String> {
    let (end, _) = s.char_indices().nth(max)?;
    let mut out = String::with_capacity(end + 3);
    out.push_str(&s[..end]);
    out.push('…');
    Some(out)
}

impl From<crate::source::Unreadable> for Problem {
    fn from(u: crate::source::Unreadable) -> Self {
        use crate::source::Unreadable;
        match u {
            Unreadable::TooLarge { bytes, limit } => Problem::new(
                "sitecheck::too-large",
                Text::new(
                    format!("文件过大：{bytes} 字节，上限为 {} MiB", limit / 1024 / 1024),
                    format!(
                        "file too large: {bytes} bytes, the limit is {} MiB",
                        limit / 1024 / 1024
                    ),
                ),
                None,
            ),
            Unreadable::NotUtf8 { offset, at } => Problem::new(
                "sitecheck::not-utf8",
                Text::new(
                    format!("文件不是 UTF-8 编码：第 {} 个字节无效", offset + 1),
                    format!("the file is not UTF-8: invalid byte at offset {offset}"),
                ),
                Some(at),
            )
            .with_help(Text::new(
                "请另存为 UTF-8 编码（例如在 WPS、Excel 或记事本中选择 UTF-8）",
                "save the file as UTF-8 (for example: Save As… → Encoding: UTF-8)",
            )),
        }
    }
}
