//! Renderers of a [`Comparison`]: proposed layouts side by side, one renderer per format
//! (terminal, JSON, Markdown, HTML), called through [`Renderer::compare`](super::Renderer::compare).
//! They put the comparison into words; they never evaluate.
//! The words of a cell are here, so that every format says the same thing.

pub mod html;
pub mod human;
pub mod json;
pub mod markdown;

use crate::check::compare::{Comparison, Layout, Row};
use crate::check::{Finding, Gap, Status};
use crate::i18n::Lang;
use crate::model::standard::{Check, Requirement};
use crate::report::text;

/// A status as a mark: ✔ ✘ ? ⚐.
#[must_use]
pub fn mark(s: Status) -> &'static str {
    match s {
        Status::Pass => "✔",
        Status::Fail => "✘",
        Status::NotAssessed => "?",
        Status::Waived => "⚐",
    }
}

/// The layout's label: `name (id)` (`name（id）` in Chinese), or the id.
#[must_use]
pub fn layout_name(l: &Layout, lang: Lang) -> String {
    let f = &l.assessment.inventory.facility;
    f.name
        .as_deref()
        .map_or_else(|| f.id.clone(), |n| format!("{n}{}", lang.paren(&f.id)))
}

/// The requirement's name in a row, without its zone's name in front when `short` (a heading
/// row names the zone): `children's reading area: bookshelf` → `bookshelf`.
#[must_use]
pub fn row_name(c: &Comparison, r: &Requirement, lang: Lang, short: bool) -> String {
    let name = r.name.get(lang);
    let zone = match &r.check {
        Check::Equipment { zone, .. }
        | Check::Kinds { zone, .. }
        | Check::Topics { zone, .. }
        | Check::AgeBands { zone, .. } => Some(zone),
        Check::FloorArea { .. }
        | Check::Zone { .. }
        | Check::StaffCount { .. }
        | Check::StaffAny { .. }
        | Check::Operation { .. }
        | Check::Service { .. }
        | Check::Option { .. } => None,
    };
    if !short {
        return name.to_owned();
    }
    zone.map(|z| c.standard.vocabulary.zones.name(z, lang))
        .and_then(|z| name.strip_prefix(z))
        .map(|rest| rest.trim_start_matches([':', '：', '·', '・', ' ', '-', '—']))
        .filter(|rest| !rest.is_empty())
        .map_or_else(|| name.to_owned(), |rest| format!("  {rest}"))
}

/// What a row requires: the threshold of the first layout (and of the others, where a
/// threshold that scales with a capacity differs).
#[must_use]
pub fn required(c: &Comparison, row: &Row, lang: Lang) -> String {
    // Short words where the standard's are a sentence: a table column is narrow.
    match c.requirement(row).map(|r| &r.check) {
        Some(Check::Zone { .. }) => return lang.pick("设置", "present").to_owned(),
        Some(Check::Service { .. }) => return lang.pick("提供", "provided").to_owned(),
        Some(Check::Option { .. }) => return lang.pick("可选", "optional").to_owned(),
        Some(
            Check::FloorArea { .. }
            | Check::Equipment { .. }
            | Check::Kinds { .. }
            | Check::Topics { .. }
            | Check::AgeBands { .. }
            | Check::StaffCount { .. }
            | Check::StaffAny { .. }
            | Check::Operation { .. },
        )
        | None => {}
    }
    let mut seen: Vec<String> = Vec::new();
    for (j, l) in c.layouts.iter().enumerate() {
        if let Some(f) = c.cell(row, j) {
            let e = text::expected(&l.assessment, f, lang);
            if !seen.contains(&e) {
                seen.push(e);
            }
        }
    }
    seen.join(" / ")
}

/// One cell: what the layout has and, for a numeric threshold, its margin — `128 (+28)` on
/// the terminal (the unit is in the Required column), `128 m² (+28 m²)` with `units`.
#[must_use]
pub fn cell(l: &Layout, f: &Finding, lang: Lang, units: bool) -> String {
    let a = &l.assessment;
    let Some(r) = a.requirement(f) else {
        return String::new();
    };
    if f.status == Status::NotAssessed {
        return text::actual(a, f, lang);
    }
    let unit = if units {
        text::unit(&a.standard, r, lang)
    } else {
        String::new()
    };
    if let (Some(m), Some(actual)) = (f.margin, f.actual.as_f64()) {
        return format!(
            "{}{}",
            text::amount(actual, &unit),
            lang.paren(&text::signed(m, &unit))
        );
    }
    match (&f.gap, &r.check) {
        (Gap::Missing { names }, Check::AgeBands { .. }) => {
            format!(
                "{}{}",
                lang.pick("缺 ", "lacks "),
                names.join(lang.pick("、", ", "))
            )
        }
        (Gap::Missing { names }, _) => {
            let topics = &a.standard.vocabulary.topics;
            let names: Vec<&str> = names.iter().map(|t| topics.name(t, lang)).collect();
            format!(
                "{}{}",
                lang.pick("缺 ", "lacks "),
                names.join(lang.pick("、", ", "))
            )
        }
        (_, Check::AgeBands { .. } | Check::Topics { .. }) if f.status == Status::Pass => {
            lang.pick("齐全", "all").to_owned()
        }
        _ => text::actual(a, f, lang),
    }
}

/// A line of a layout's shortfall list: what would make the requirement pass, named —
/// `floor area 92 m²: short by 8 m²`, `administrative office: add 1 printer`.
#[must_use]
pub fn shortfall_line(l: &Layout, f: &Finding, lang: Lang) -> String {
    let a = &l.assessment;
    let short = text::shortfall(a, f, lang).unwrap_or_default();
    match a.requirement(f).map(|r| (r, &r.check)) {
        Some((r, Check::FloorArea { .. })) if f.status == Status::Fail => {
            format!(
                "{} {}{}{short}",
                r.name.get(lang),
                text::actual(a, f, lang),
                lang.colon()
            )
        }
        Some((r, _)) if f.status == Status::NotAssessed => {
            format!("{}{}{short}", r.name.get(lang), lang.colon())
        }
        _ => short,
    }
}

/// A layout's status counts: pass, fail, not assessed, waived.
#[must_use]
pub fn counts(l: &Layout) -> [usize; 4] {
    let n = |s: Status| {
        l.assessment
            .findings
            .iter()
            .filter(|f| f.status == s)
            .count()
    };
    [
        n(Status::Pass),
        n(Status::Fail),
        n(Status::NotAssessed),
        n(Status::Waived),
    ]
}

/// Comparing layouts in words: `3 layouts of a children's home against huancui@2021-trial`.
#[must_use]
pub fn title(c: &Comparison, lang: Lang) -> String {
    let level = text::level_name(&c.standard, &c.level, lang);
    match lang {
        Lang::Zh => format!(
            "{} 个方案对比：{level}，依据 {}",
            c.layouts.len(),
            c.standard.label()
        ),
        Lang::En => format!(
            "{} layouts compared: {level}, against {}",
            c.layouts.len(),
            c.standard.label()
        ),
    }
}
