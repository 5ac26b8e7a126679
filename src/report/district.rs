//! The district summary: what a supervisor of a whole district reads after the facilities —
//! facilities by level and verdict, the compliance rate per level, the requirements that fail
//! most often (with their article), the shortfall totals over all facilities (a procurement
//! list: m², printers, staff to appoint) and the facilities with the most shortfalls.
//!
//! [`District`] is gathered entry by entry in [`super::Summary::add`], in input order, and
//! stays small whatever the number of facilities: its maps are keyed by level, requirement and
//! item (bounded by the standard's vocabulary), and it keeps only the top
//! [`TOP_FACILITIES`] facilities. What a format shows of it is one [`View`], computed once
//! from the summary in the run's language; each format's function here only lays the view out
//! and escapes it for its sink, so that the block reads the same everywhere. A format shows it
//! only for a run of two inputs or more.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::{SerializeMap as _, Serializer};

use super::text::{self, Word};
use super::{Counts, RunInfo, Summary};
use super::{escape, width};
use crate::check::Verdict;
use crate::check::shortfall::NeedKey;
use crate::i18n::{Lang, Text};
use crate::model::standard::Severity;

/// How many facilities the summary ranks by their shortfalls.
pub const TOP_FACILITIES: usize = 10;
/// How many requirements the formats for people list as failing most often.
pub const TOP_REQUIREMENTS: usize = 10;
/// The terminal's line width the district block fits in.
const LINE: usize = 100;

/// Facilities of one level.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LevelTally {
    /// The level's name.
    pub name: Text,
    /// Facilities of the level.
    pub total: usize,
    /// Of which compliant.
    pub compliant: usize,
}

/// How often one requirement fails.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequirementTally {
    /// Level id.
    pub level: String,
    /// Requirement id.
    pub requirement: String,
    /// Its clause (`第十七条(三)`).
    pub clause: String,
    /// Its name.
    pub name: Text,
    /// Its severity.
    pub severity: Severity,
    /// How many facilities fail it.
    pub facilities: usize,
    #[serde(skip)]
    index: usize,
}

impl RequirementTally {
    /// A requirement of a level that fails somewhere (counted by the caller).
    #[must_use]
    pub fn new(level: &str, r: &crate::model::standard::Requirement, index: usize) -> Self {
        Self {
            level: level.to_owned(),
            requirement: r.id.clone(),
            clause: r.clause.clone(),
            name: r.name.clone(),
            severity: r.severity,
            facilities: 0,
            index,
        }
    }
}

/// One line of the shortfall totals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NeedTotal {
    /// What is short.
    #[serde(flatten)]
    pub key: NeedKey,
    /// What it is, in words.
    pub name: Text,
    /// The unit of `amount` (empty for lines counted in facilities).
    pub unit: Text,
    /// How much is short over all facilities (for lines counted in facilities: how many).
    pub amount: f64,
    /// How many facilities are short of it.
    pub facilities: usize,
}

/// A facility ranked by its shortfalls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FacilityTally {
    /// Position in the run (0 for the first input).
    pub index: usize,
    /// The inventory file.
    pub source: String,
    /// Facility id.
    pub id: String,
    /// Facility name.
    pub name: Option<String>,
    /// Level id.
    pub level: String,
    /// Verdict.
    pub status: Verdict,
    /// How many requirements fail (any severity).
    pub failing: usize,
    /// Of which error severity (the ones that make it non-compliant).
    pub failing_errors: usize,
}

/// The district summary's aggregates (see the module docs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct District {
    /// By level id.
    pub levels: BTreeMap<String, LevelTally>,
    /// By (level, requirement id); only requirements that fail somewhere.
    pub requirements: BTreeMap<(String, String), RequirementTally>,
    /// Shortfall totals.
    pub totals: BTreeMap<NeedKey, NeedTotal>,
    /// The facilities with the most failing requirements, most first (at most
    /// [`TOP_FACILITIES`]).
    pub top: Vec<FacilityTally>,
    /// Inputs added.
    pub inputs: usize,
}

impl District {
    /// The failing requirements, most often failing first (then by level and the standard's
    /// order).
    #[must_use]
    pub fn most_failed(&self) -> Vec<&RequirementTally> {
        let mut v: Vec<&RequirementTally> = self.requirements.values().collect();
        v.sort_by(|a, b| {
            b.facilities
                .cmp(&a.facilities)
                .then_with(|| a.level.cmp(&b.level))
                .then_with(|| a.index.cmp(&b.index))
        });
        v
    }

    /// The compliance rate of a level (None when it has no facility).
    #[must_use]
    pub fn rate(&self, level: &str) -> Option<f64> {
        self.levels
            .get(level)
            .filter(|t| t.total > 0)
            .map(|t| t.compliant as f64 / t.total as f64)
    }

    /// A level's name in `lang` (its id when unknown).
    #[must_use]
    pub fn level_name<'a>(&'a self, level: &'a str, lang: Lang) -> &'a str {
        self.levels.get(level).map_or(level, |t| t.name.get(lang))
    }
}

/// The district summary's keys in the JSON `summary` object (next to `total`, `compliant`,
/// `non_compliant`, `incomplete`, `error` and `by_level`).
impl Serialize for District {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let compliant: usize = self.levels.values().map(|t| t.compliant).sum();
        let rates: BTreeMap<&str, Option<f64>> = self
            .levels
            .keys()
            .map(|l| (l.as_str(), self.rate(l)))
            .collect();
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry(
            "compliance_rate",
            &(self.inputs > 0).then(|| compliant as f64 / self.inputs as f64),
        )?;
        m.serialize_entry("compliance_rate_by_level", &rates)?;
        m.serialize_entry("failing_requirements", &self.most_failed())?;
        m.serialize_entry(
            "shortfall_totals",
            &self.totals.values().collect::<Vec<_>>(),
        )?;
        m.serialize_entry("most_shortfalls", &self.top)?;
        m.end()
    }
}

/// The district block as every format shows it, computed once from the run's summary in one
/// language: the words and numbers, neutral of any format. Each format lays it out and
/// escapes it for its sink ([`human`], [`markdown`], [`html`], [`junit_suite`]).
#[derive(Clone, Debug)]
pub struct View<'a> {
    /// The language of the words.
    pub lang: Lang,
    /// Overall: facilities, of which compliant, and the rate (`75%`).
    pub total: usize,
    /// Of which compliant.
    pub compliant: usize,
    /// The compliance rate.
    pub rate: String,
    /// Facilities by level.
    pub levels: Vec<LevelRow<'a>>,
    /// The requirements that fail most often, most first (at most [`TOP_REQUIREMENTS`]).
    pub failed: Vec<FailedRow<'a>>,
    /// The shortfall totals (the procurement list).
    pub totals: Vec<TotalRow<'a>>,
    /// The facilities with the most shortfalls, most first.
    pub top: Vec<TopRow<'a>>,
    /// Coverage, proposed layouts, facilities met twice: shown first.
    pub sections: Vec<super::network::Section>,
    /// Whether the numbers are shown (a run of two facilities or more).
    pub stats: bool,
}

/// Facilities of one level.
#[derive(Clone, Debug)]
pub struct LevelRow<'a> {
    /// Level id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Facilities by verdict.
    pub counts: &'a Counts,
    /// The compliance rate.
    pub rate: String,
}

/// A requirement that fails often.
#[derive(Clone, Debug)]
pub struct FailedRow<'a> {
    /// The tally (ids, severity, count of facilities).
    pub tally: &'a RequirementTally,
    /// Its clause.
    pub clause: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its level's name.
    pub level: &'a str,
    /// Its severity in words.
    pub severity: &'static str,
    /// How many facilities fail it, in words (`3 facilities`).
    pub facilities: String,
}

/// One line of the shortfall totals.
#[derive(Clone, Debug)]
pub struct TotalRow<'a> {
    /// The total.
    pub total: &'a NeedTotal,
    /// What is short.
    pub name: &'a str,
    /// How much, with its unit (`46 m²`); empty for a line counted in facilities.
    pub amount: String,
    /// How many facilities are short of it, in words.
    pub facilities: String,
}

/// A facility ranked by its shortfalls.
#[derive(Clone, Debug)]
pub struct TopRow<'a> {
    /// The tally (position in the run, source, verdict, counts).
    pub tally: &'a FacilityTally,
    /// `name (id)`, or the id.
    pub name: String,
    /// Its level's name.
    pub level: &'a str,
    /// Its verdict in words.
    pub verdict: &'static str,
    /// `5 failing (2 errors)`.
    pub failing: String,
}

impl<'a> View<'a> {
    /// The block of a run; None for a run of fewer than two inputs, which shows none.
    #[must_use]
    pub fn of(summary: &'a Summary, lang: Lang) -> Option<Self> {
        let c = &summary.counts;
        let sections = super::network::sections(summary, lang);
        if c.total < 2 && sections.is_empty() {
            return None;
        }
        let d = &summary.district;
        let levels = summary
            .by_level
            .iter()
            .map(|(id, counts)| LevelRow {
                id,
                name: d.level_name(id, lang),
                counts,
                rate: text::percent(counts.compliant, counts.total),
            })
            .collect();
        let failed = d
            .most_failed()
            .into_iter()
            .take(TOP_REQUIREMENTS)
            .map(|t| FailedRow {
                tally: t,
                clause: &t.clause,
                name: t.name.get(lang),
                level: d.level_name(&t.level, lang),
                severity: text::severity(t.severity, lang),
                facilities: text::facilities(t.facilities, lang),
            })
            .collect();
        let totals = d
            .totals
            .values()
            .map(|t| TotalRow {
                total: t,
                name: t.name.get(lang),
                amount: amount(t, lang),
                facilities: text::facilities(t.facilities, lang),
            })
            .collect();
        let top = d
            .top
            .iter()
            .map(|t| TopRow {
                tally: t,
                name: facility_name(t, lang),
                level: d.level_name(&t.level, lang),
                verdict: text::verdict(t.status, lang),
                failing: failing_words(t, lang),
            })
            .collect();
        Some(Self {
            lang,
            total: c.total,
            compliant: c.compliant,
            rate: text::percent(c.compliant, c.total),
            levels,
            failed,
            totals,
            top,
            sections,
            stats: c.total >= 2,
        })
    }

    fn word(&self, w: Word) -> &'static str {
        text::word(w, self.lang)
    }
}

fn facility_name(t: &FacilityTally, lang: Lang) -> String {
    t.name
        .as_deref()
        .map_or_else(|| t.id.clone(), |n| format!("{n}{}", lang.paren(&t.id)))
}

fn failing_words(t: &FacilityTally, lang: Lang) -> String {
    text::failing_counts(t.failing_errors, t.failing - t.failing_errors, lang)
}

/// The amount of a total with its unit (`46 m²`) or, for a line counted in facilities, blank.
fn amount(t: &NeedTotal, lang: Lang) -> String {
    if t.key.is_quantity() {
        text::amount(t.amount, t.unit.get(lang))
    } else {
        String::new()
    }
}

/// The terminal's district block: empty for a run of fewer than two inputs.
#[must_use]
pub fn human(summary: &Summary, info: &RunInfo) -> String {
    let mut out = String::new();
    if let Some(v) = View::of(summary, info.lang) {
        human_view(&mut out, &v, summary);
    }
    out
}

fn human_view(out: &mut String, v: &View<'_>, summary: &Summary) {
    let _ = writeln!(out, "\n{}", v.word(Word::DistrictSummary));
    for s in &v.sections {
        let _ = writeln!(out, "  {}", escape::line(&s.title));
        for l in &s.lines {
            let _ = writeln!(out, "    {}", escape::line(l));
        }
    }
    if let Some(o) = &summary.orders {
        out.push_str(&super::orders::human(o, v.lang));
    }
    if !v.stats {
        return;
    }
    let _ = writeln!(
        out,
        "  {}{}{}{}",
        v.word(Word::ComplianceRate),
        v.lang.colon(),
        v.rate,
        v.lang.paren(&format!("{}/{}", v.compliant, v.total))
    );
    human_levels(out, v);
    // The requirements that fail most often.
    let _ = writeln!(out, "  {}", v.word(Word::MostFailed));
    if v.failed.is_empty() {
        let _ = writeln!(out, "    {}", v.word(Word::NothingFails));
    }
    for t in &v.failed {
        let line = format!(
            "    {:>4}  {}  [{}] {} · {}",
            t.tally.facilities,
            width::left(t.severity, 8),
            escape::line(t.clause),
            escape::line(t.name),
            escape::line(t.level),
        );
        let _ = writeln!(out, "{}", width::cut(&line, LINE));
    }
    human_totals(out, v);
    // The facilities with the most shortfalls.
    if !v.top.is_empty() {
        let _ = writeln!(out, "  {}", v.word(Word::MostShortfalls));
        for (i, t) in v.top.iter().enumerate() {
            let _ = writeln!(
                out,
                "    {:>2}. {} — {} · {} · {}",
                i + 1,
                escape::line(&t.name),
                t.verdict,
                t.failing,
                escape::line(&t.tally.source)
            );
        }
    }
}

/// Facilities by level and verdict: the numbers first, the level's name last (cut to the
/// line). An input that could not be checked has no level, so there is no error column.
fn human_levels(out: &mut String, v: &View<'_>) {
    let lang = v.lang;
    let heads = [
        v.word(Word::Total),
        text::verdict(Verdict::Compliant, lang),
        text::verdict(Verdict::NonCompliant, lang),
        text::verdict(Verdict::Incomplete, lang),
        v.word(Word::Rate),
    ];
    let widths: Vec<usize> = heads.iter().map(|h| width::width(h).max(6)).collect();
    let used: usize = 3 + widths.iter().map(|w| w + 1).sum::<usize>();
    let name_w = LINE.saturating_sub(used).max(16);
    let mut line = String::from(" ");
    for (h, w) in heads.iter().zip(&widths) {
        let _ = write!(line, " {}", width::right(h, *w));
    }
    let _ = writeln!(out, "{line}  {}", v.word(Word::Level));
    for l in &v.levels {
        let c = l.counts;
        let cells = [
            c.total.to_string(),
            c.compliant.to_string(),
            c.non_compliant.to_string(),
            c.incomplete.to_string(),
            l.rate.clone(),
        ];
        let mut line = String::from(" ");
        for (c, w) in cells.iter().zip(&widths) {
            let _ = write!(line, " {}", width::right(c, *w));
        }
        let _ = writeln!(out, "{line}  {}", width::cut(&escape::line(l.name), name_w));
    }
}

/// The procurement list, in aligned columns.
fn human_totals(out: &mut String, v: &View<'_>) {
    if v.totals.is_empty() {
        return;
    }
    let _ = writeln!(out, "  {}", v.word(Word::ShortfallTotals));
    let widest = |f: &dyn Fn(&TotalRow<'_>) -> usize| v.totals.iter().map(f).max().unwrap_or(0);
    let amount_w = widest(&|t| width::width(&t.amount));
    let count_w = widest(&|t| width::width(&t.facilities));
    let need_w =
        widest(&|t| width::width(t.name)).min(LINE.saturating_sub(8 + amount_w + count_w).max(16));
    for t in &v.totals {
        let _ = writeln!(
            out,
            "    {}  {}  {}",
            width::left(&escape::line(t.name), need_w),
            width::right(&t.amount, amount_w),
            t.facilities
        );
    }
}

/// The Markdown district block (tables): empty for a run of fewer than two inputs.
#[must_use]
pub fn markdown(summary: &Summary, info: &RunInfo) -> String {
    let mut m = String::new();
    let Some(v) = View::of(summary, info.lang) else {
        return m;
    };
    let _ = writeln!(m, "\n### {}\n", v.word(Word::DistrictSummary));
    for s in &v.sections {
        let _ = writeln!(m, "#### {}\n", escape::markdown(&s.title));
        for l in &s.lines {
            let _ = writeln!(m, "- {}", escape::markdown(l));
        }
        let _ = writeln!(m);
    }
    if let Some(o) = &summary.orders {
        m.push_str(&super::orders::markdown(o, v.lang));
    }
    if !v.stats {
        return m;
    }
    let _ = writeln!(
        m,
        "**{}**{}{}{}\n",
        v.word(Word::ComplianceRate),
        v.lang.colon(),
        v.rate,
        v.lang.paren(&format!("{}/{}", v.compliant, v.total))
    );
    let _ = write!(m, "| {} |", v.word(Word::Level));
    for verdict in Verdict::ALL {
        let _ = write!(m, " {} |", text::verdict(verdict, v.lang));
    }
    let _ = writeln!(
        m,
        " {} | {} |\n|---|---:|---:|---:|---:|---:|---:|",
        v.word(Word::Total),
        v.word(Word::ComplianceRate)
    );
    for l in &v.levels {
        let _ = write!(m, "| {} |", escape::markdown(l.name));
        for verdict in Verdict::ALL {
            let _ = write!(m, " {} |", l.counts.of(verdict));
        }
        let _ = writeln!(m, " {} | {} |", l.counts.total, l.rate);
    }
    markdown_failed(&mut m, &v);
    markdown_totals(&mut m, &v);
    markdown_top(&mut m, &v);
    m
}

fn markdown_failed(m: &mut String, v: &View<'_>) {
    let _ = writeln!(m, "\n#### {}\n", v.word(Word::MostFailed));
    if v.failed.is_empty() {
        let _ = writeln!(m, "{}", v.word(Word::NothingFails));
        return;
    }
    let _ = writeln!(
        m,
        "| {} | {} | {} | {} | {} |\n|---|---|---|---|---:|",
        v.word(Word::Clause),
        v.word(Word::Requirement),
        v.word(Word::Level),
        v.word(Word::Severity),
        v.word(Word::FailingFacilityCount)
    );
    for t in &v.failed {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} |",
            escape::markdown(t.clause),
            escape::markdown(t.name),
            escape::markdown(t.level),
            t.severity,
            t.tally.facilities
        );
    }
}

fn markdown_totals(m: &mut String, v: &View<'_>) {
    if v.totals.is_empty() {
        return;
    }
    let _ = writeln!(
        m,
        "\n#### {}\n\n| {} | {} | {} |\n|---|---:|---:|",
        v.word(Word::ShortfallTotals),
        v.word(Word::Need),
        v.word(Word::ShortInAll),
        v.word(Word::Facilities)
    );
    for t in &v.totals {
        let _ = writeln!(
            m,
            "| {} | {} | {} |",
            escape::markdown(t.name),
            escape::markdown(&t.amount),
            t.total.facilities
        );
    }
}

fn markdown_top(m: &mut String, v: &View<'_>) {
    if v.top.is_empty() {
        return;
    }
    let _ = writeln!(
        m,
        "\n#### {}\n\n| # | {} | {} | {} | {} | {} |\n|---:|---|---|---|---:|---|",
        v.word(Word::MostShortfalls),
        v.word(Word::Facility),
        v.word(Word::Level),
        v.word(Word::Verdict),
        v.word(Word::FailingCount),
        v.word(Word::Source)
    );
    for (i, t) in v.top.iter().enumerate() {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} | {} |",
            i + 1,
            escape::markdown(&t.name),
            escape::markdown(t.level),
            t.verdict,
            t.tally.failing,
            escape::markdown(&t.tally.source)
        );
    }
}

/// The HTML district section, with inline SVG bar charts (no scripts): empty for a run of
/// fewer than two inputs.
#[must_use]
pub fn html(summary: &Summary, info: &RunInfo) -> String {
    let mut p = String::new();
    let Some(v) = View::of(summary, info.lang) else {
        return p;
    };
    let _ = writeln!(
        p,
        "<section class=\"district\">\n<h2>{}</h2>",
        v.word(Word::DistrictSummary)
    );
    for s in &v.sections {
        let _ = writeln!(p, "<h3>{}</h3>\n<ul>", escape::html(&s.title));
        for l in &s.lines {
            let _ = writeln!(p, "<li>{}</li>", escape::html(l));
        }
        let _ = writeln!(p, "</ul>");
    }
    if let Some(o) = &summary.orders {
        p.push_str(&super::orders::html(o, v.lang));
    }
    if !v.stats {
        let _ = writeln!(p, "</section>");
        return p;
    }
    let _ = writeln!(
        p,
        "<p><b>{}{}{}</b>{}</p>",
        v.word(Word::ComplianceRate),
        v.lang.colon(),
        v.rate,
        v.lang.paren(&format!("{}/{}", v.compliant, v.total))
    );
    level_chart(&mut p, &v);
    let _ = writeln!(p, "<h3>{}</h3>", v.word(Word::MostFailed));
    if v.failed.is_empty() {
        let _ = writeln!(p, "<p class=\"empty\">{}</p>", v.word(Word::NothingFails));
    } else {
        failed_chart(&mut p, &v);
    }
    html_totals(&mut p, &v);
    html_top(&mut p, &v);
    let _ = writeln!(p, "</section>");
    p
}

fn html_totals(p: &mut String, v: &View<'_>) {
    if v.totals.is_empty() {
        return;
    }
    let _ = writeln!(
        p,
        "<h3>{}</h3>\n<table class=\"totals\">\n<thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead>\n<tbody>",
        v.word(Word::ShortfallTotals),
        v.word(Word::Need),
        v.word(Word::ShortInAll),
        v.word(Word::Facilities)
    );
    for t in &v.totals {
        let _ = writeln!(
            p,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape::html(t.name),
            escape::html(&t.amount),
            t.total.facilities
        );
    }
    let _ = writeln!(p, "</tbody>\n</table>");
}

fn html_top(p: &mut String, v: &View<'_>) {
    if v.top.is_empty() {
        return;
    }
    let _ = writeln!(
        p,
        "<h3>{}</h3>\n<p class=\"note\">{}</p>\n<table class=\"top\">\n<thead><tr><th class=\"n\">#</th><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th></tr></thead>\n<tbody>",
        v.word(Word::MostShortfalls),
        v.word(Word::MostShortfallsOrder),
        v.word(Word::Facility),
        v.word(Word::Level),
        v.word(Word::Verdict),
        v.word(Word::FailingCount)
    );
    for (i, t) in v.top.iter().enumerate() {
        let _ = writeln!(
            p,
            "<tr><td class=\"n\">{}</td><td><a href=\"#facility-{}\">{}</a><span class=\"rid\">{}</span></td><td>{}</td><td><span class=\"badge v-{}\">{}</span></td><td class=\"n\">{}</td></tr>",
            i + 1,
            t.tally.index + 1,
            escape::html(&t.name),
            escape::html(&t.tally.source),
            escape::html(t.level),
            t.tally.status.as_str(),
            t.verdict,
            t.tally.failing
        );
    }
    let _ = writeln!(p, "</tbody>\n</table>");
}

/// Facilities by level, one stacked bar per level (compliant, non-compliant, incomplete), with
/// the compliance rate at its end.
fn level_chart(p: &mut String, v: &View<'_>) {
    const LABEL: f64 = 300.0;
    const BAR: f64 = 360.0;
    const ROW: f64 = 24.0;
    const COLORS: [(Verdict, &str); 4] = [
        (Verdict::Compliant, "#1a7f37"),
        (Verdict::NonCompliant, "#b42318"),
        (Verdict::Incomplete, "#8c959f"),
        (Verdict::Error, "#6e40c9"),
    ];
    let lang = v.lang;
    if v.levels.is_empty() {
        return;
    }
    let max = v
        .levels
        .iter()
        .map(|l| l.counts.total)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let h = ROW * v.levels.len() as f64 + 28.0;
    let _ = writeln!(
        p,
        "<figure class=\"chart\"><figcaption>{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 {h}\" role=\"img\" aria-label=\"{}\" font-size=\"12\">",
        v.word(Word::ByLevel),
        v.word(Word::ByLevel)
    );
    for (i, l) in v.levels.iter().enumerate() {
        let y = ROW * i as f64 + 4.0;
        let _ = write!(
            p,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1f2328\">{}</text>",
            LABEL - 8.0,
            y + 13.0,
            escape::html(l.name)
        );
        let mut x = LABEL;
        for (verdict, color) in COLORS {
            let n = l.counts.of(verdict);
            if n == 0 {
                continue;
            }
            let w = BAR * n as f64 / max;
            let _ = write!(
                p,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"16\" fill=\"{color}\"><title>{}{}{n}</title></rect>",
                text::verdict(verdict, lang),
                lang.colon()
            );
            x += w;
        }
        let _ = writeln!(
            p,
            "<text x=\"{:.1}\" y=\"{}\" fill=\"#1f2328\">{} · {}</text>",
            x + 6.0,
            y + 13.0,
            l.counts.total,
            l.rate
        );
    }
    let mut x = LABEL;
    let y = ROW * v.levels.len() as f64 + 10.0;
    for (verdict, color) in COLORS {
        let _ = write!(
            p,
            "<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\" fill=\"#59636e\">{}</text>",
            x + 14.0,
            y + 9.0,
            text::verdict(verdict, lang)
        );
        x += 110.0;
    }
    let _ = writeln!(p, "\n</svg></figure>");
}

/// The requirements that fail most often, a bar each, as long as the count of facilities: the
/// label on a line of its own above its bar, so that a long English name is not cut, and a
/// legend for the bars' two colours (required, advisory).
fn failed_chart(p: &mut String, v: &View<'_>) {
    const BAR: f64 = 560.0;
    const ROW: f64 = 34.0;
    /// Display columns of a label the chart's width holds at its font size (CJK two each).
    const LABEL_COLUMNS: usize = 112;
    const COLORS: [(Severity, &str); 2] =
        [(Severity::Error, "#b42318"), (Severity::Warning, "#c98a00")];
    let max = v
        .failed
        .iter()
        .map(|t| t.tally.facilities)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let legend_y = ROW * v.failed.len() as f64 + 4.0;
    let h = legend_y + 16.0;
    let _ = writeln!(
        p,
        "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 {h}\" role=\"img\" aria-label=\"{}\" font-size=\"12\">",
        v.word(Word::MostFailed)
    );
    for (i, t) in v.failed.iter().enumerate() {
        let y = ROW * i as f64;
        let label = format!("{} {}", t.clause, t.name);
        let w = BAR * t.tally.facilities as f64 / max;
        let color = COLORS
            .iter()
            .find(|(s, _)| *s == t.tally.severity)
            .map_or("#c98a00", |(_, c)| c);
        let _ = writeln!(
            p,
            "<g><title>{} — {}{}</title><text x=\"0\" y=\"{}\" fill=\"#1f2328\">{}</text><rect x=\"0\" y=\"{}\" width=\"{w:.1}\" height=\"12\" fill=\"{color}\"/><text x=\"{:.1}\" y=\"{}\" fill=\"#1f2328\">{}</text></g>",
            escape::html(&label),
            escape::html(t.level),
            v.lang.paren(t.severity),
            y + 12.0,
            escape::html(&width::cut(&label, LABEL_COLUMNS)),
            y + 16.0,
            w + 6.0,
            y + 26.0,
            t.facilities
        );
    }
    let mut x = 0.0;
    for (severity, color) in COLORS {
        let _ = write!(
            p,
            "<rect x=\"{x}\" y=\"{legend_y}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\" fill=\"#59636e\">{}</text>",
            x + 14.0,
            legend_y + 9.0,
            text::severity(severity, v.lang)
        );
        x += 110.0;
    }
    let _ = writeln!(p, "\n</svg></figure>");
}

/// The JUnit district suite: no test cases, the summary as properties and as text in
/// `<system-out>`. None for a run of fewer than two inputs.
#[must_use]
pub fn junit_suite(summary: &Summary, info: &RunInfo) -> Option<quick_junit::TestSuite> {
    use quick_junit::{Property, TestSuite};
    let v = View::of(summary, info.lang)?;
    let c = &summary.counts;
    let mut suite = TestSuite::new(v.word(Word::DistrictSummary));
    let mut props = vec![
        Property::new("summary.total", c.total.to_string()),
        Property::new("summary.compliant", c.compliant.to_string()),
        Property::new("summary.non_compliant", c.non_compliant.to_string()),
        Property::new("summary.incomplete", c.incomplete.to_string()),
        Property::new("summary.error", c.error.to_string()),
        Property::new("summary.compliance_rate", v.rate.clone()),
    ];
    for l in &v.levels {
        props.push(Property::new(
            format!("summary.by_level.{}.compliance_rate", l.id),
            l.rate.clone(),
        ));
    }
    for t in &v.failed {
        props.push(Property::new(
            format!("summary.failing.{}.{}", t.tally.level, t.tally.requirement),
            format!(
                "{} {}{}{}",
                t.clause,
                t.name,
                info.lang.colon(),
                t.tally.facilities
            ),
        ));
    }
    for t in &v.totals {
        props.push(Property::new(
            format!("summary.shortfall.{}", t.total.name.get(Lang::En)),
            if t.amount.is_empty() {
                t.facilities.clone()
            } else {
                format!("{}{}", t.amount, info.lang.paren(&t.facilities))
            },
        ));
    }
    for (i, t) in v.top.iter().enumerate() {
        props.push(Property::new(
            format!("summary.most_shortfalls.{}", i + 1),
            format!("{} — {}", t.name, t.failing),
        ));
    }
    suite.add_properties(props);
    let mut out = String::new();
    human_view(&mut out, &v, summary);
    suite.set_system_out(out.trim_start_matches('\n'));
    Some(suite)
}
