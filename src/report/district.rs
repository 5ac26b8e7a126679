//! The district summary: what a supervisor of a whole district reads after the facilities —
//! facilities by level and verdict, the compliance rate per level, the requirements that fail
//! most often (with their article), the shortfall totals over all facilities (a procurement
//! list: m², printers, staff to appoint) and the facilities with the most shortfalls.
//!
//! [`District`] is gathered entry by entry in [`super::Summary::add`], in input order, and
//! stays small whatever the number of facilities: its maps are keyed by level, requirement and
//! item (bounded by the standard's vocabulary), and it keeps only the top
//! [`TOP_FACILITIES`] facilities. Each format has its function here, so that the block reads
//! the same everywhere; a format shows it only for a run of two inputs or more.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::{SerializeMap as _, Serializer};

use super::text::{self, Word};
use super::{Entry, Outcome, RunInfo, Summary};
use super::{escape, width};
use crate::check::shortfall::{NeedKey, needs};
use crate::check::{Status, Verdict};
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
    /// Adds the next entry of the run.
    pub fn add(&mut self, e: &Entry) {
        let index = self.inputs;
        self.inputs += 1;
        let Outcome::Checked(a) = &e.outcome else {
            return;
        };
        let st = &a.standard;
        let level = &a.inventory.facility.level;
        let tally = self
            .levels
            .entry(level.clone())
            .or_insert_with(|| LevelTally {
                name: st
                    .vocabulary
                    .levels
                    .get(level)
                    .map_or_else(|| Text::new(level, level), |t| t.name.clone()),
                ..LevelTally::default()
            });
        tally.total += 1;
        tally.compliant += usize::from(a.verdict == Verdict::Compliant);

        let mut failing = 0;
        let mut failing_errors = 0;
        for f in a.findings.iter().filter(|f| f.status == Status::Fail) {
            failing += 1;
            failing_errors += usize::from(f.severity == Severity::Error);
            let Some(r) = a.requirement(f) else { continue };
            self.requirements
                .entry((level.clone(), r.id.clone()))
                .or_insert_with(|| RequirementTally {
                    level: level.clone(),
                    requirement: r.id.clone(),
                    clause: r.clause.clone(),
                    name: r.name.clone(),
                    severity: r.severity,
                    facilities: 0,
                    index: f.index,
                })
                .facilities += 1;
        }
        let mut keys: BTreeSet<&NeedKey> = BTreeSet::new();
        let found = needs(a);
        for (_, n) in &found {
            let total = self
                .totals
                .entry(n.key.clone())
                .or_insert_with(|| NeedTotal {
                    key: n.key.clone(),
                    name: Text::new(
                        text::need(st, &n.key, Lang::Zh),
                        text::need(st, &n.key, Lang::En),
                    ),
                    unit: Text::new(
                        text::need_unit(st, &n.key, Lang::Zh),
                        text::need_unit(st, &n.key, Lang::En),
                    ),
                    amount: 0.0,
                    facilities: 0,
                });
            total.amount += n.amount;
            if keys.insert(&n.key) {
                total.facilities += 1;
            }
        }
        if failing > 0 {
            self.rank(FacilityTally {
                index,
                source: e.source.clone(),
                id: a.inventory.facility.id.clone(),
                name: a.inventory.facility.name.clone(),
                level: level.clone(),
                status: a.verdict,
                failing,
                failing_errors,
            });
        }
    }

    /// Keeps a facility among the top ones if it has more shortfalls than the last of them
    /// (earlier inputs first on a tie).
    fn rank(&mut self, t: FacilityTally) {
        let better = |a: &FacilityTally, b: &FacilityTally| {
            (b.failing_errors, b.failing, a.index) < (a.failing_errors, a.failing, b.index)
        };
        if self.top.len() >= TOP_FACILITIES && self.top.last().is_some_and(|l| !better(&t, l)) {
            return;
        }
        let at = self
            .top
            .iter()
            .position(|x| better(&t, x))
            .unwrap_or(self.top.len());
        self.top.insert(at, t);
        self.top.truncate(TOP_FACILITIES);
    }

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

fn shown(summary: &Summary) -> bool {
    summary.counts.total >= 2
}

fn facility_name(t: &FacilityTally) -> String {
    t.name
        .as_deref()
        .map_or_else(|| t.id.clone(), |n| format!("{n} ({})", t.id))
}

fn failing_words(t: &FacilityTally, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{} 项不符合(其中 {} 项为错误)", t.failing, t.failing_errors),
        Lang::En => format!("{} failing ({} errors)", t.failing, t.failing_errors),
    }
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
    let d = &summary.district;
    let lang = info.lang;
    let mut out = String::new();
    if !shown(summary) {
        return out;
    }
    let c = &summary.counts;
    let _ = writeln!(
        out,
        "\n{}\n  {}: {} ({}/{})",
        text::word(Word::DistrictSummary, lang),
        text::word(Word::ComplianceRate, lang),
        text::percent(c.compliant, c.total),
        c.compliant,
        c.total
    );
    // Facilities by level and verdict: the numbers first, the level's name last (cut to the
    // line). An input that could not be checked has no level, so there is no error column.
    let heads = [
        text::word(Word::Total, lang),
        text::verdict(Verdict::Compliant, lang),
        text::verdict(Verdict::NonCompliant, lang),
        text::verdict(Verdict::Incomplete, lang),
        text::word(Word::Rate, lang),
    ];
    let widths: Vec<usize> = heads.iter().map(|h| width::width(h).max(6)).collect();
    let used: usize = 3 + widths.iter().map(|w| w + 1).sum::<usize>();
    let name_w = LINE.saturating_sub(used).max(16);
    let mut line = String::from(" ");
    for (h, w) in heads.iter().zip(&widths) {
        let _ = write!(line, " {}", width::right(h, *w));
    }
    let _ = writeln!(out, "{line}  {}", text::word(Word::Level, lang));
    for (level, counts) in &summary.by_level {
        let cells = [
            counts.total.to_string(),
            counts.compliant.to_string(),
            counts.non_compliant.to_string(),
            counts.incomplete.to_string(),
            text::percent(counts.compliant, counts.total),
        ];
        let mut line = String::from(" ");
        for (c, w) in cells.iter().zip(&widths) {
            let _ = write!(line, " {}", width::right(c, *w));
        }
        let _ = writeln!(
            out,
            "{line}  {}",
            width::cut(&escape::line(d.level_name(level, lang)), name_w)
        );
    }
    // The requirements that fail most often.
    let failed = d.most_failed();
    let _ = writeln!(out, "  {}", text::word(Word::MostFailed, lang));
    if failed.is_empty() {
        let _ = writeln!(out, "    {}", text::word(Word::NothingFails, lang));
    }
    for t in failed.iter().take(TOP_REQUIREMENTS) {
        let line = format!(
            "    {:>4}  {}  [{}] {} · {}",
            t.facilities,
            width::left(text::severity(t.severity, lang), 7),
            escape::line(&t.clause),
            escape::line(t.name.get(lang)),
            escape::line(d.level_name(&t.level, lang)),
        );
        let _ = writeln!(out, "{}", width::cut(&line, LINE));
    }
    // The procurement list.
    if !d.totals.is_empty() {
        let _ = writeln!(out, "  {}", text::word(Word::ShortfallTotals, lang));
        let amount_w = d
            .totals
            .values()
            .map(|t| width::width(&amount(t, lang)))
            .max()
            .unwrap_or(0);
        let count_w = d
            .totals
            .values()
            .map(|t| width::width(&text::facilities(t.facilities, lang)))
            .max()
            .unwrap_or(0);
        let need_w = d
            .totals
            .values()
            .map(|t| width::width(t.name.get(lang)))
            .max()
            .unwrap_or(0)
            .min(LINE.saturating_sub(8 + amount_w + count_w).max(16));
        for t in d.totals.values() {
            let _ = writeln!(
                out,
                "    {}  {}  {}",
                width::left(&escape::line(t.name.get(lang)), need_w),
                width::right(&amount(t, lang), amount_w),
                text::facilities(t.facilities, lang)
            );
        }
    }
    // The facilities with the most shortfalls.
    if !d.top.is_empty() {
        let _ = writeln!(out, "  {}", text::word(Word::MostShortfalls, lang));
        for (i, t) in d.top.iter().enumerate() {
            let _ = writeln!(
                out,
                "    {:>2}. {} — {} · {} · {}",
                i + 1,
                escape::line(&facility_name(t)),
                text::verdict(t.status, lang),
                failing_words(t, lang),
                escape::line(&t.source)
            );
        }
    }
    out
}

/// The Markdown district block (tables): empty for a run of fewer than two inputs.
#[must_use]
pub fn markdown(summary: &Summary, info: &RunInfo) -> String {
    let escape = escape::markdown;
    let d = &summary.district;
    let lang = info.lang;
    let mut m = String::new();
    if !shown(summary) {
        return m;
    }
    let c = &summary.counts;
    let _ = writeln!(
        m,
        "\n### {}\n\n**{}**: {} ({}/{})\n",
        text::word(Word::DistrictSummary, lang),
        text::word(Word::ComplianceRate, lang),
        text::percent(c.compliant, c.total),
        c.compliant,
        c.total
    );
    let _ = write!(m, "| {} |", text::word(Word::Level, lang));
    for v in Verdict::ALL {
        let _ = write!(m, " {} |", text::verdict(v, lang));
    }
    let _ = writeln!(
        m,
        " {} | {} |\n|---|---:|---:|---:|---:|---:|---:|",
        text::word(Word::Total, lang),
        text::word(Word::ComplianceRate, lang)
    );
    for (level, counts) in &summary.by_level {
        let _ = write!(m, "| {} |", escape(d.level_name(level, lang)));
        for v in Verdict::ALL {
            let _ = write!(m, " {} |", counts.of(v));
        }
        let _ = writeln!(
            m,
            " {} | {} |",
            counts.total,
            text::percent(counts.compliant, counts.total)
        );
    }
    let _ = writeln!(m, "\n#### {}\n", text::word(Word::MostFailed, lang));
    let failed = d.most_failed();
    if failed.is_empty() {
        let _ = writeln!(m, "{}", text::word(Word::NothingFails, lang));
    } else {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} |\n|---|---|---|---|---:|",
            text::word(Word::Clause, lang),
            text::word(Word::Requirement, lang),
            text::word(Word::Level, lang),
            text::word(Word::Severity, lang),
            text::word(Word::FailingFacilityCount, lang)
        );
        for t in failed.iter().take(TOP_REQUIREMENTS) {
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} |",
                escape(&t.clause),
                escape(t.name.get(lang)),
                escape(d.level_name(&t.level, lang)),
                text::severity(t.severity, lang),
                t.facilities
            );
        }
    }
    if !d.totals.is_empty() {
        let _ = writeln!(
            m,
            "\n#### {}\n\n| {} | {} | {} |\n|---|---:|---:|",
            text::word(Word::ShortfallTotals, lang),
            text::word(Word::Need, lang),
            text::word(Word::ShortInAll, lang),
            text::word(Word::Facilities, lang)
        );
        for t in d.totals.values() {
            let _ = writeln!(
                m,
                "| {} | {} | {} |",
                escape(t.name.get(lang)),
                escape(&amount(t, lang)),
                t.facilities
            );
        }
    }
    if !d.top.is_empty() {
        let _ = writeln!(
            m,
            "\n#### {}\n\n| # | {} | {} | {} | {} | {} |\n|---:|---|---|---|---:|---|",
            text::word(Word::MostShortfalls, lang),
            text::word(Word::Facility, lang),
            text::word(Word::Level, lang),
            text::word(Word::Verdict, lang),
            text::word(Word::FailingCount, lang),
            text::word(Word::Source, lang)
        );
        for (i, t) in d.top.iter().enumerate() {
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} | {} |",
                i + 1,
                escape(&facility_name(t)),
                escape(d.level_name(&t.level, lang)),
                text::verdict(t.status, lang),
                t.failing,
                escape(&t.source)
            );
        }
    }
    m
}

/// The HTML district section, with inline SVG bar charts (no scripts): empty for a run of
/// fewer than two inputs.
#[must_use]
pub fn html(summary: &Summary, info: &RunInfo) -> String {
    let escape = escape::html;
    let d = &summary.district;
    let lang = info.lang;
    let mut p = String::new();
    if !shown(summary) {
        return p;
    }
    let c = &summary.counts;
    let _ = writeln!(
        p,
        "<section class=\"district\">\n<h2>{}</h2>\n<p><b>{}: {}</b> ({}/{})</p>",
        text::word(Word::DistrictSummary, lang),
        text::word(Word::ComplianceRate, lang),
        text::percent(c.compliant, c.total),
        c.compliant,
        c.total
    );
    level_chart(&mut p, summary, lang);
    let failed = d.most_failed();
    let _ = writeln!(p, "<h3>{}</h3>", text::word(Word::MostFailed, lang));
    if failed.is_empty() {
        let _ = writeln!(
            p,
            "<p class=\"empty\">{}</p>",
            text::word(Word::NothingFails, lang)
        );
    } else {
        failed_chart(&mut p, &failed, d, lang);
    }
    if !d.totals.is_empty() {
        let _ = writeln!(
            p,
            "<h3>{}</h3>\n<table class=\"totals\">\n<thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead>\n<tbody>",
            text::word(Word::ShortfallTotals, lang),
            text::word(Word::Need, lang),
            text::word(Word::ShortInAll, lang),
            text::word(Word::Facilities, lang)
        );
        for t in d.totals.values() {
            let _ = writeln!(
                p,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(t.name.get(lang)),
                escape(&amount(t, lang)),
                t.facilities
            );
        }
        let _ = writeln!(p, "</tbody>\n</table>");
    }
    if !d.top.is_empty() {
        let _ = writeln!(
            p,
            "<h3>{}</h3>\n<table class=\"top\">\n<thead><tr><th class=\"n\">#</th><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th></tr></thead>\n<tbody>",
            text::word(Word::MostShortfalls, lang),
            text::word(Word::Facility, lang),
            text::word(Word::Level, lang),
            text::word(Word::Verdict, lang),
            text::word(Word::FailingCount, lang)
        );
        for (i, t) in d.top.iter().enumerate() {
            let _ = writeln!(
                p,
                "<tr><td class=\"n\">{}</td><td><a href=\"#facility-{}\">{}</a><span class=\"rid\">{}</span></td><td>{}</td><td><span class=\"badge v-{}\">{}</span></td><td class=\"n\">{}</td></tr>",
                i + 1,
                t.index + 1,
                escape(&facility_name(t)),
                escape(&t.source),
                escape(d.level_name(&t.level, lang)),
                t.status.as_str(),
                text::verdict(t.status, lang),
                t.failing
            );
        }
        let _ = writeln!(p, "</tbody>\n</table>");
    }
    let _ = writeln!(p, "</section>");
    p
}

/// Facilities by level, one stacked bar per level (compliant, non-compliant, incomplete), with
/// the compliance rate at its end.
fn level_chart(p: &mut String, summary: &Summary, lang: Lang) {
    const LABEL: f64 = 300.0;
    const BAR: f64 = 360.0;
    const ROW: f64 = 24.0;
    let d = &summary.district;
    let levels: Vec<(&String, &super::Counts)> = summary.by_level.iter().collect();
    if levels.is_empty() {
        return;
    }
    let max = levels
        .iter()
        .map(|(_, c)| c.total)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let h = ROW * levels.len() as f64 + 28.0;
    let _ = writeln!(
        p,
        "<figure class=\"chart\"><figcaption>{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 {h}\" role=\"img\" aria-label=\"{}\" font-size=\"12\">",
        text::word(Word::ByLevel, lang),
        text::word(Word::ByLevel, lang)
    );
    let colors = [
        (Verdict::Compliant, "#1a7f37"),
        (Verdict::NonCompliant, "#b42318"),
        (Verdict::Incomplete, "#8c959f"),
        (Verdict::Error, "#6e40c9"),
    ];
    for (i, (level, c)) in levels.iter().enumerate() {
        let y = ROW * i as f64 + 4.0;
        let _ = write!(
            p,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1f2328\">{}</text>",
            LABEL - 8.0,
            y + 13.0,
            escape::html(d.level_name(level, lang))
        );
        let mut x = LABEL;
        for (v, color) in colors {
            let n = c.of(v);
            if n == 0 {
                continue;
            }
            let w = BAR * n as f64 / max;
            let _ = write!(
                p,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"16\" fill=\"{color}\"><title>{}: {n}</title></rect>",
                text::verdict(v, lang)
            );
            x += w;
        }
        let _ = writeln!(
            p,
            "<text x=\"{:.1}\" y=\"{}\" fill=\"#1f2328\">{} · {}</text>",
            x + 6.0,
            y + 13.0,
            c.total,
            text::percent(c.compliant, c.total)
        );
    }
    let mut x = LABEL;
    let y = ROW * levels.len() as f64 + 10.0;
    for (v, color) in colors {
        let _ = write!(
            p,
            "<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\" fill=\"#59636e\">{}</text>",
            x + 14.0,
            y + 9.0,
            text::verdict(v, lang)
        );
        x += 110.0;
    }
    let _ = writeln!(p, "\n</svg></figure>");
}

/// The requirements that fail most often, a bar each, as long as the count of facilities.
fn failed_chart(p: &mut String, failed: &[&RequirementTally], d: &District, lang: Lang) {
    const LABEL: f64 = 420.0;
    const BAR: f64 = 280.0;
    const ROW: f64 = 20.0;
    let shown: Vec<&&RequirementTally> = failed.iter().take(TOP_REQUIREMENTS).collect();
    let max = shown.iter().map(|t| t.facilities).max().unwrap_or(1).max(1) as f64;
    let h = ROW * shown.len() as f64 + 6.0;
    let _ = writeln!(
        p,
        "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 {h}\" role=\"img\" aria-label=\"{}\" font-size=\"12\">",
        text::word(Word::MostFailed, lang)
    );
    for (i, t) in shown.iter().enumerate() {
        let y = ROW * i as f64 + 3.0;
        let label = format!("{} {}", t.clause, t.name.get(lang));
        let label = width::cut(&label, 64);
        let w = BAR * t.facilities as f64 / max;
        let _ = writeln!(
            p,
            "<g><title>{} — {} ({})</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1f2328\">{}</text><rect x=\"{LABEL}\" y=\"{y}\" width=\"{w:.1}\" height=\"14\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{}\" fill=\"#1f2328\">{}</text></g>",
            escape::html(&format!("{} {}", t.clause, t.name.get(lang))),
            escape::html(d.level_name(&t.level, lang)),
            text::severity(t.severity, lang),
            LABEL - 8.0,
            y + 11.0,
            escape::html(&label),
            if t.severity == Severity::Error {
                "#b42318"
            } else {
                "#c98a00"
            },
            LABEL + w + 6.0,
            y + 11.0,
            text::facilities(t.facilities, lang)
        );
    }
    let _ = writeln!(p, "</svg></figure>");
}

/// The JUnit district suite: no test cases, the summary as properties and as text in
/// `<system-out>`. None for a run of fewer than two inputs.
#[must_use]
pub fn junit_suite(summary: &Summary, info: &RunInfo) -> Option<quick_junit::TestSuite> {
    use quick_junit::{Property, TestSuite};
    if !shown(summary) {
        return None;
    }
    let d = &summary.district;
    let lang = info.lang;
    let c = &summary.counts;
    let mut suite = TestSuite::new(text::word(Word::DistrictSummary, lang));
    let mut props = vec![
        Property::new("summary.total", c.total.to_string()),
        Property::new("summary.compliant", c.compliant.to_string()),
        Property::new("summary.non_compliant", c.non_compliant.to_string()),
        Property::new("summary.incomplete", c.incomplete.to_string()),
        Property::new("summary.error", c.error.to_string()),
        Property::new(
            "summary.compliance_rate",
            text::percent(c.compliant, c.total),
        ),
    ];
    for (level, counts) in &summary.by_level {
        props.push(Property::new(
            format!("summary.by_level.{level}.compliance_rate"),
            text::percent(counts.compliant, counts.total),
        ));
    }
    for t in d.most_failed().iter().take(TOP_REQUIREMENTS) {
        props.push(Property::new(
            format!("summary.failing.{}.{}", t.level, t.requirement),
            format!("{} {}: {}", t.clause, t.name.get(lang), t.facilities),
        ));
    }
    for t in d.totals.values() {
        let amount = amount(t, lang);
        props.push(Property::new(
            format!("summary.shortfall.{}", t.name.get(Lang::En)),
            if amount.is_empty() {
                text::facilities(t.facilities, lang)
            } else {
                format!("{amount} ({})", text::facilities(t.facilities, lang))
            },
        ));
    }
    for (i, t) in d.top.iter().enumerate() {
        props.push(Property::new(
            format!("summary.most_shortfalls.{}", i + 1),
            format!("{} — {}", facility_name(t), failing_words(t, lang)),
        ));
    }
    suite.add_properties(props);
    suite.set_system_out(human(summary, info).trim_start_matches('\n'));
    Some(suite)
}
