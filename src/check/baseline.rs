//! Re-inspection (复查): an earlier run's results, and what became of each requirement of each
//! facility since. Facilities are matched by id and requirements by id, so a baseline made with
//! another edition of the standard still compares (the report says the editions differ).
//!
//! A baseline is read from earlier JSON reports ([`Baseline::read_report`]) or from the
//! history a run recorded (the CLI's `--record` database), which also knows what was fixed
//! before and so finds what regressed.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::{Assessment, Status};
use crate::diagnostic::{Code, Problem};
use crate::i18n::Text;
use crate::model::standard::Severity;
use crate::source::Location;

pub use crate::model::finding::BaselineState;

/// What an earlier survey said of one requirement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prior {
    /// It failed.
    pub failed: bool,
    /// It had failed in an earlier survey still, and was fixed since (from the history, or an
    /// earlier report that was itself compared).
    pub fixed_once: bool,
    /// A digest of what was measured, to tell a failure that changed from one that did not.
    pub actual: u64,
}

/// A facility's earlier survey.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Before {
    /// Where it was read from (the earlier input, as that report names it).
    pub source: String,
    /// The standard that judged it, `id@version`.
    pub standard: String,
    /// Its survey date (else the earlier run's evaluation date).
    pub date: Option<String>,
    /// The requirements that failed, or had been fixed: (index in [`Baseline`]'s names,
    /// what it said), by index. A requirement not here passed or was not judged.
    pub requirements: Vec<(u32, Prior)>,
}

/// The comparison of one facility with its earlier survey.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Compared {
    /// The baseline holds no earlier survey of the facility: every failure is new.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub first: bool,
    /// The earlier survey's date.
    pub date: Option<String>,
    /// The standard that judged the earlier survey, when it is another edition than today's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_edition: Option<String>,
    /// Requirements fixed since.
    pub fixed: usize,
    /// Failures new since.
    pub new: usize,
    /// Failures still there.
    pub persisting: usize,
    /// Failures back after a fix.
    pub regressed: usize,
}

impl Compared {
    /// Every failure now that the baseline did not have.
    #[must_use]
    pub fn new_failures(&self) -> usize {
        self.new + self.regressed
    }
}

/// The earlier results a run is compared with.
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    facilities: HashMap<String, Before>,
    /// Requirement ids, each once.
    names: HashMap<String, u32>,
    /// The editions (`id@version`) that judged the earlier surveys.
    pub editions: BTreeSet<String>,
}

/// A facility of the baseline not in this run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotResurveyed {
    /// Facility id.
    pub facility: String,
    /// The earlier input.
    pub source: String,
    /// The earlier survey's date.
    pub date: Option<String>,
}

/// The run's comparison with the baseline, of the facilities the summary counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Facilities compared with an earlier survey of theirs.
    pub compared: usize,
    /// Facilities of this run the baseline does not hold (every failure of theirs is new).
    pub not_in_baseline: usize,
    /// Required items fixed since.
    pub fixed: usize,
    /// Required failures new since.
    pub new: usize,
    /// Required failures still there.
    pub persisting: usize,
    /// Required failures back after a fix.
    pub regressed: usize,
    /// The editions that judged the earlier surveys, when one differs from this run's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_editions: Vec<String>,
    /// How many facilities of the baseline this run did not survey again.
    pub not_resurveyed_count: usize,
    /// The first [`crate::report::tally::LISTED`] of them, by id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_resurveyed: Vec<NotResurveyed>,
}

/// A digest of a measured value, stable across runs (FNV-1a of its JSON text).
#[must_use]
pub fn digest(v: &serde_json::Value) -> u64 {
    let text = v.to_string();
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

// The part of a sitecheck JSON report a baseline reads; the rest is read past unkept, and the
// reports are taken one at a time (a national report is a gigabyte).
struct ReportIn<'b> {
    baseline: &'b mut Baseline,
    tool: Option<String>,
    evaluation_date: Option<String>,
}

impl<'de> serde::de::Visitor<'de> for &mut ReportIn<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a sitecheck JSON report")
    }
    fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        use serde::de::Error as _;
        let mut reports = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "tool" => self.tool = Some(map.next_value::<ToolIn>()?.name),
                "evaluation_date" => self.evaluation_date = map.next_value()?,
                "reports" => {
                    if self.tool.as_deref() != Some("sitecheck") {
                        return Err(M::Error::custom(
                            "no `tool: {name: sitecheck}` before its reports",
                        ));
                    }
                    map.next_value_seed(Entries(self))?;
                    reports = true;
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        if !reports {
            return Err(M::Error::missing_field("reports"));
        }
        Ok(())
    }
}

struct Entries<'r, 'b>(&'r mut ReportIn<'b>);

impl<'de> serde::de::DeserializeSeed<'de> for Entries<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Entries<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of reports")
    }
    fn visit_seq<S: serde::de::SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        use serde::de::Error as _;
        while let Some(e) = seq.next_element::<EntryIn>()? {
            let date = self.0.evaluation_date.clone();
            self.0
                .baseline
                .add_entry(e, date)
                .map_err(S::Error::custom)?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct ToolIn {
    name: String,
}

#[derive(Deserialize)]
struct EntryIn {
    source: String,
    facility: FacilityIn,
    #[serde(default)]
    survey: Option<SurveyIn>,
    #[serde(default)]
    standard: Option<StandardIn>,
    #[serde(default)]
    findings: Vec<FindingIn>,
}

#[derive(Deserialize)]
struct FacilityIn {
    id: Option<String>,
}

#[derive(Deserialize)]
struct SurveyIn {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

#[derive(Deserialize)]
struct StandardIn {
    id: String,
    version: String,
}

#[derive(Deserialize)]
struct FindingIn {
    requirement: String,
    status: String,
    #[serde(default)]
    actual: serde_json::Value,
    #[serde(default)]
    baseline_state: Option<BaselineState>,
}

fn not_a_report(message: Text, location: Option<Location>) -> Problem {
    Problem::new(Code::NotAReport, message, location).with_help(Text::new(
        "基线应为 sitecheck check --format json 写出的报告（或其所在文件夹）",
        "a baseline is a report written by `sitecheck check --format json` (or a folder of them)",
    ))
}

impl Baseline {
    /// Reads an earlier JSON report and adds its facilities (a facility met again keeps its
    /// latest survey). Only what a comparison needs is kept; the rest is read past.
    ///
    /// # Errors
    /// A file that is not JSON, or not a sitecheck report: located where the reading stopped.
    pub fn read_report(&mut self, reader: impl std::io::Read) -> Result<(), Problem> {
        use serde::Deserializer as _;
        let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
        let mut report = ReportIn {
            baseline: self,
            tool: None,
            evaluation_date: None,
        };
        let read = de.deserialize_map(&mut report).and_then(|()| de.end());
        read.map_err(|e| {
            let at = Location {
                line: u32::try_from(e.line()).unwrap_or(u32::MAX),
                column: u32::try_from(e.column()).unwrap_or(u32::MAX),
                offset: 0,
                len: 0,
                sheet: None,
            };
            let detail = e.to_string();
            not_a_report(
                Text::new(
                    format!("不是 sitecheck 的 JSON 报告：{detail}"),
                    format!("not a sitecheck JSON report: {detail}"),
                ),
                (e.line() > 0).then_some(at),
            )
        })
    }

    /// Adds one facility's report (none for an input with no facility or a proposed layout).
    fn add_entry(&mut self, e: EntryIn, evaluation_date: Option<String>) -> Result<(), String> {
        use crate::limits::{
            MAX_BASELINE_FACILITIES, MAX_BASELINE_FINDINGS, MAX_BASELINE_REQUIREMENTS,
        };
        let Some(id) = e.facility.id else {
            return Ok(());
        };
        // A proposed layout is not a survey of the facility.
        if e.survey.as_ref().and_then(|s| s.kind.as_deref()) == Some("proposed_layout") {
            return Ok(());
        }
        if e.findings.len() > MAX_BASELINE_FINDINGS {
            return Err(format!(
                "a facility with {} findings, more than the {MAX_BASELINE_FINDINGS} a baseline reads",
                e.findings.len()
            ));
        }
        if self.facilities.len() >= MAX_BASELINE_FACILITIES && !self.facilities.contains_key(&id) {
            return Err(format!(
                "more than {MAX_BASELINE_FACILITIES} facilities, the most a baseline holds"
            ));
        }
        let mut requirements = Vec::new();
        for f in e.findings {
            let failed = f.status == "fail";
            let fixed_once = f.baseline_state == Some(BaselineState::Fixed);
            if !(failed || fixed_once) {
                continue;
            }
            if self.names.len() >= MAX_BASELINE_REQUIREMENTS
                && !self.names.contains_key(&f.requirement)
            {
                return Err(format!(
                    "more than {MAX_BASELINE_REQUIREMENTS} requirement ids, the most a baseline names"
                ));
            }
            let prior = Prior {
                failed,
                fixed_once,
                actual: if failed { digest(&f.actual) } else { 0 },
            };
            requirements.push((self.name(f.requirement), prior));
        }
        let before = Before {
            source: e.source,
            standard: e
                .standard
                .map(|s| format!("{}@{}", s.id, s.version))
                .unwrap_or_default(),
            date: e.survey.and_then(|s| s.date).or(evaluation_date),
            requirements,
        };
        self.add(id, before);
        Ok(())
    }

    /// A requirement id's index among the names (added when new).
    pub fn name(&mut self, requirement: String) -> u32 {
        let next = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        *self.names.entry(requirement).or_insert(next)
    }

    /// Adds a facility's earlier survey; of two, the later survey is kept.
    pub fn add(&mut self, id: String, before: Before) {
        if !before.standard.is_empty() {
            self.editions.insert(before.standard.clone());
        }
        let mut before = before;
        before.requirements.sort_by_key(|(ix, _)| *ix);
        match self.facilities.get(&id) {
            Some(b) if b.date >= before.date => {}
            _ => {
                self.facilities.insert(id, before);
            }
        }
    }

    /// Marks each finding of an assessment with what became of it since the facility's earlier
    /// survey, and says what the comparison found; nothing when the facility is not in the
    /// baseline (every failure is then new to it) or is a proposed layout.
    pub fn mark(&self, a: &mut Assessment) {
        if a.inventory.is_proposed_layout() {
            return;
        }
        let before = self.facilities.get(&a.inventory.facility.id);
        let edition = format!("{}@{}", a.standard.id, a.standard.version);
        let mut c = Compared {
            first: before.is_none(),
            date: before.and_then(|b| b.date.clone()),
            other_edition: before
                .map(|b| b.standard.clone())
                .filter(|s| !s.is_empty() && *s != edition),
            ..Compared::default()
        };
        for f in &mut a.findings {
            let prior = before
                .zip(self.names.get(&f.requirement))
                .and_then(|(b, ix)| {
                    b.requirements
                        .binary_search_by_key(ix, |(i, _)| *i)
                        .ok()
                        .map(|k| b.requirements[k].1)
                })
                .unwrap_or_default();
            let state = match f.status {
                Status::Fail if prior.failed => BaselineState::Persisting,
                Status::Fail if prior.fixed_once => BaselineState::Regressed,
                Status::Fail => BaselineState::New,
                Status::Pass | Status::Waived if prior.failed => BaselineState::Fixed,
                _ => BaselineState::Unchanged,
            };
            // The counts a supervisor reads are of required items, as the verdict is.
            if f.severity == Severity::Error {
                match state {
                    BaselineState::New => c.new += 1,
                    BaselineState::Fixed => c.fixed += 1,
                    BaselineState::Persisting => c.persisting += 1,
                    BaselineState::Regressed => c.regressed += 1,
                    BaselineState::Unchanged => {}
                }
            }
            f.baseline = Some(state);
            f.baseline_changed =
                state == BaselineState::Persisting && prior.actual != digest(&f.actual);
        }
        a.baseline = Some(c);
    }

    /// The facilities of the baseline this run did not survey again, in id order.
    #[must_use]
    pub fn not_resurveyed(&self, surveyed: impl Fn(&str) -> bool) -> Vec<NotResurveyed> {
        let mut out: Vec<NotResurveyed> = self
            .facilities
            .iter()
            .filter(|(id, _)| !surveyed(id))
            .map(|(id, b)| NotResurveyed {
                facility: id.clone(),
                source: b.source.clone(),
                date: b.date.clone(),
            })
            .collect();
        out.sort_by(|a, b| a.facility.cmp(&b.facility));
        out
    }
}
