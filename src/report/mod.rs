//! Report: one renderer per output format over the one assessment. Renderers format; they
//! never evaluate.

pub mod audit;
pub mod compare;
pub mod district;
pub mod escape;
pub mod html;
pub mod human;
pub mod json;
mod json_write;
pub mod junit;
pub mod markdown;
pub mod network;
pub mod orders;
pub mod sarif;
pub mod standard;
pub mod recheck;
pub mod tally;
pub mod text;
pub mod width;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::check::compare::Comparison;
use crate::check::{Assessment, Verdict};
use crate::diagnostic::Problem;
use crate::i18n::Lang;
use crate::source::SourceText;

/// The outcome for one input.
#[derive(Debug)]
pub enum Outcome {
    /// Checked.
    Checked(Box<Assessment>),
    /// Could not be checked: every problem, in order of position.
    Failed {
        /// The problems.
        problems: Vec<Problem>,
    },
}

/// One input of a run and its outcome.
#[derive(Debug)]
pub struct Entry {
    /// The path as given joined with the file's path below it (`-` for standard input).
    pub source: String,
    /// The text, when the input could be read (for snippets).
    pub text: Option<SourceText>,
    /// The outcome.
    pub outcome: Outcome,
}

impl Entry {
    /// The verdict (error for an input that could not be checked).
    #[must_use]
    pub fn verdict(&self) -> Verdict {
        match &self.outcome {
            Outcome::Checked(a) => a.verdict,
            Outcome::Failed { .. } => Verdict::Error,
        }
    }
    /// The facility level, when known.
    #[must_use]
    pub fn level(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Checked(a) => Some(a.inventory.facility.level.as_str()),
            Outcome::Failed { .. } => None,
        }
    }
}

/// Counts of verdicts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Inputs.
    pub total: usize,
    /// Compliant.
    pub compliant: usize,
    /// Non-compliant.
    pub non_compliant: usize,
    /// Incomplete.
    pub incomplete: usize,
    /// Could not be checked.
    pub error: usize,
}

impl Counts {
    /// Counts one verdict.
    pub fn add(&mut self, v: Verdict) {
        self.total += 1;
        match v {
            Verdict::Compliant => self.compliant += 1,
            Verdict::NonCompliant => self.non_compliant += 1,
            Verdict::Incomplete => self.incomplete += 1,
            Verdict::Error => self.error += 1,
        }
    }
    /// The count of one verdict.
    #[must_use]
    pub fn of(&self, v: Verdict) -> usize {
        match v {
            Verdict::Compliant => self.compliant,
            Verdict::NonCompliant => self.non_compliant,
            Verdict::Incomplete => self.incomplete,
            Verdict::Error => self.error,
        }
    }
}

/// The run's summary: counts overall and by level, and the district summary (compliance
/// rates, the requirements that fail most often, shortfall totals, the facilities with the
/// most shortfalls), of the facilities counted: each facility once (see [`tally`]), proposed
/// layouts apart. Each entry is added as the run goes ([`Summary::add`], a few numbers and
/// strings kept per facility, never its report); [`Summary::finish`] makes the numbers.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Overall.
    #[serde(flatten)]
    pub counts: Counts,
    /// By level id (inputs whose level is unknown are not in any).
    pub by_level: BTreeMap<String, Counts>,
    /// The district summary.
    #[serde(flatten)]
    pub district: district::District,
    /// The proposed layouts, left out of every number above.
    pub proposed_layouts: tally::Layouts,
    /// Facilities met in two inputs, the later survey counted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<tally::Duplicate>,
    /// Facilities met in two inputs of one date (or none), both counted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<tally::Conflict>,
    /// The rectification orders: overdue first, per responsible unit (with `--orders`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orders: Option<orders::OrdersSummary>,
    /// The three-level network's coverage, with a roster.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<crate::check::coverage::Coverage>,
    /// The comparison with an earlier run (`--baseline`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<crate::check::baseline::Totals>,
    /// What is kept of each facility until the run ends.
    #[serde(skip)]
    pub tally: tally::Tally,
}

impl Summary {
    /// Adds an entry (entries are added in input order); says when its facility was met in an
    /// earlier input.
    pub fn add(&mut self, e: &Entry) -> Option<tally::Seen> {
        self.tally.add(e)
    }

    /// The summary of these entries, with no roster.
    #[must_use]
    pub fn of(entries: &[Entry]) -> Self {
        let mut s = Self::default();
        for e in entries {
            s.add(e);
        }
        s.finish(None);
        s
    }

    /// Makes the numbers from the entries added, with the district's roster and the
    /// articles that require coverage when a roster was given.
    pub fn finish(
        &mut self,
        roster: Option<(
            &crate::model::roster::Roster,
            &[crate::check::coverage::Article],
        )>,
    ) {
        let (counts, by_level) = self.tally.counts();
        self.counts = counts;
        self.by_level = by_level;
        self.district = self.tally.district();
        self.proposed_layouts = self.tally.layouts.clone();
        self.duplicates = self.tally.duplicates.clone();
        self.conflicts = self.tally.conflicts.clone();
        self.orders = self.tally.orders_summary();
        self.coverage = roster.map(|(r, articles)| {
            crate::check::coverage::measure(r, &self.tally.surveyed(), articles)
        });
    }

    /// Adds the comparison with the baseline the run's facilities were marked against: its
    /// counts, and the facilities of the baseline not surveyed again.
    pub fn compare_with(&mut self, baseline: &crate::check::baseline::Baseline, edition: &str) {
        let ([fixed, new, persisting, regressed], compared) = self.tally.compared();
        let missing = baseline.not_resurveyed(|id| self.tally.has_id(id));
        let counted = self.counts.total - self.counts.error;
        self.baseline = Some(crate::check::baseline::Totals {
            compared,
            not_in_baseline: counted.saturating_sub(compared),
            fixed,
            new,
            persisting,
            regressed,
            other_editions: baseline
                .editions
                .iter()
                .filter(|e| *e != edition)
                .cloned()
                .collect(),
            not_resurveyed_count: missing.len(),
            not_resurveyed: missing.into_iter().take(tally::LISTED).collect(),
        });
    }
}

/// The output formats. [`Format::renderer`] is the one table from a format to its renderer,
/// for `check` and `compare` alike; adding a format is a module with a [`Renderer`], a variant
/// here and its line in that table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people at a terminal.
    Human,
    /// The contract's JSON report.
    Json,
    /// Markdown, for a pull-request comment.
    Markdown,
    /// One self-contained HTML page, printable on A4.
    Html,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI dashboards.
    Junit,
}

impl Format {
    /// The format's renderer.
    #[must_use]
    pub fn renderer(self) -> &'static dyn Renderer {
        match self {
            Format::Human => &human::Human,
            Format::Json => &json::Json,
            Format::Markdown => &markdown::Markdown,
            Format::Html => &html::Html,
            Format::Sarif => &sarif::Sarif,
            Format::Junit => &junit::Junit,
        }
    }
}

/// What a renderer gets once every entry is checked.
#[derive(Clone, Copy, Debug)]
pub struct Run<'a> {
    /// The entries, in input order, for a renderer that does not stream (empty for one that
    /// does: it has written them already).
    pub entries: &'a [Entry],
    /// The run's summary.
    pub summary: &'a Summary,
    /// The run's audit record.
    pub audit: &'a audit::Audit,
}

/// The one renderer contract. A check run is written as it goes: [`begin`](Self::begin), then
/// each entry (rendered on any worker thread, written in input order), then
/// [`finish`](Self::finish) with the summary and audit record. A renderer that
/// [`streams`](Self::streams) renders each entry on its own, so memory stays flat however
/// many inputs a run has; one that does not (a whole document: HTML, Markdown, SARIF, JUnit)
/// gets every entry in `finish`. A comparison of layouts is [`compare`](Self::compare).
pub trait Renderer: Sync {
    /// Whether entries are rendered one by one as they are checked; otherwise the run keeps
    /// them and hands them to [`finish`](Self::finish).
    fn streams(&self) -> bool;

    /// Whether this is the terminal report, which shows each input's problems with snippets
    /// itself. For every other format, the report carries the problems as data and the CLI
    /// also writes them to standard error, where people see them.
    fn is_terminal_report(&self) -> bool {
        false
    }

    /// Writes what comes before the first entry.
    ///
    /// # Errors
    /// When the writer fails.
    fn begin(&self, _out: &mut dyn std::io::Write, _info: &RunInfo) -> std::io::Result<()> {
        Ok(())
    }

    /// Renders one entry of a streamed run; `index` is its position in the run (0 for the
    /// first).
    fn entry(&self, _out: &mut Vec<u8>, _index: usize, _e: &Entry, _info: &RunInfo) {}

    /// Writes what comes after the last entry (for a renderer that does not stream: all of
    /// it).
    ///
    /// # Errors
    /// When the writer fails.
    fn finish(
        &self,
        out: &mut dyn std::io::Write,
        run: &Run<'_>,
        info: &RunInfo,
    ) -> std::io::Result<()>;

    /// What the format's comparison of layouts is, in a few words for `compare --help`; None
    /// when the format renders no comparison (then [`compare`](Self::compare) gives None).
    fn compares(&self) -> Option<&'static str> {
        None
    }

    /// Renders a comparison of layouts; None when the format has none.
    fn compare(&self, _c: &Comparison, _info: &RunInfo) -> Option<String> {
        None
    }

    /// Renders a whole run held in memory: [`begin`](Self::begin), every entry,
    /// [`finish`](Self::finish), as a streamed run would write it.
    ///
    /// # Errors
    /// When the writer fails.
    fn render(
        &self,
        out: &mut dyn std::io::Write,
        entries: &[Entry],
        summary: &Summary,
        info: &RunInfo,
    ) -> std::io::Result<()> {
        self.begin(out, info)?;
        let mut standards = audit::StandardsUsed::default();
        for (i, e) in entries.iter().enumerate() {
            if let Outcome::Checked(a) = &e.outcome {
                standards.add(&a.standard);
            }
            if self.streams() {
                let mut buf = Vec::new();
                self.entry(&mut buf, i, e, info);
                out.write_all(&buf)?;
            }
        }
        let run = Run {
            entries: if self.streams() { &[] } else { entries },
            summary,
            audit: &standards.into_audit(Vec::new(), info),
        };
        self.finish(out, &run, info)
    }
}

/// What every renderer needs to know about the run besides the entries.
#[derive(Clone, Debug, Default)]
pub struct RunInfo {
    /// Language.
    pub lang: Lang,
    /// Leave passing findings out.
    pub omit_passes: bool,
    /// Evaluation date (YYYY-MM-DD).
    pub date: String,
    /// The tool's version.
    pub tool_version: String,
    /// The operator's waiver file and its SHA-256, when one was given (for the audit record).
    pub waivers: Option<audit::Digest>,
    /// The terminal's options (colour, width), for the terminal format.
    pub style: human::Style,
    /// Show, under each failure, the article of the standard it comes from (`--explain`).
    pub explain: bool,
    /// Which failures fail the run (`--fail-on`): JUnit reports as `<failure>` only those, so
    /// that a CI dashboard agrees with the exit code.
    pub fail_on: FailOn,
}

impl RunInfo {
    /// Whether a report lists a finding: every one, or under `--omit-passes` all but the
    /// passes — except a fix since the baseline, which is news.
    #[must_use]
    pub fn shows(&self, f: &crate::check::Finding) -> bool {
        !(self.omit_passes && f.status == crate::check::Status::Pass && !f.is_fixed())
    }
}

/// Which failures make a run's exit code 1 (`--fail-on`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// A required failure (必改项).
    #[default]
    Error,
    /// Any failure, advisories (建议项) too.
    Warning,
    /// Only a required failure the baseline did not have (with `--baseline`).
    New,
}
