//! Report: one renderer per output format over the one assessment. Renderers format; they
//! never evaluate.

pub mod audit;
pub mod compare;
pub mod district;
pub mod escape;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod standard;
pub mod text;
pub mod width;

use std::collections::BTreeMap;

use serde::Serialize;

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
/// most shortfalls). Gathered entry by entry; its size does not grow with the run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Overall.
    #[serde(flatten)]
    pub counts: Counts,
    /// By level id (inputs whose level is unknown are not in any).
    pub by_level: BTreeMap<String, Counts>,
    /// The district summary.
    #[serde(flatten)]
    pub district: district::District,
}

impl Summary {
    /// Adds an entry (entries are added in input order).
    pub fn add(&mut self, e: &Entry) {
        let v = e.verdict();
        self.counts.add(v);
        if let Some(l) = e.level() {
            self.by_level.entry(l.to_owned()).or_default().add(v);
        }
        self.district.add(e);
    }
}

/// A renderer that writes a run as it goes: a header, then each entry (rendered on any worker
/// thread, written in input order), then a footer with the run's summary and audit record.
/// Memory stays flat however many inputs a run has.
pub trait Stream: Sync {
    /// Writes what comes before the first entry.
    ///
    /// # Errors
    /// When the writer fails.
    fn begin(&self, out: &mut dyn std::io::Write, info: &RunInfo) -> std::io::Result<()>;
    /// Renders one entry; `index` is its position in the run (0 for the first).
    fn entry(&self, out: &mut Vec<u8>, index: usize, e: &Entry, info: &RunInfo);
    /// Writes what comes after the last entry.
    ///
    /// # Errors
    /// When the writer fails.
    fn end(
        &self,
        out: &mut dyn std::io::Write,
        summary: &Summary,
        audit: &audit::Audit,
        info: &RunInfo,
    ) -> std::io::Result<()>;
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
}
