//! The audit record of a run: what a verdict was derived from, so that it can be derived
//! again later — the tool's version, the evaluation date, every standard used (with the ones
//! it extends) and the SHA-256 of its file, and the SHA-256 of every input and of the waiver
//! file. Every renderer reaches it through [`audit`].

use serde::Serialize;

use super::{Entry, Outcome, RunInfo};
use crate::model::standard::Standard;
use crate::source::SourceText;

/// A file's name and the SHA-256 of its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Digest {
    /// The name shown in reports (the path as given, `-` for standard input).
    pub source: String,
    /// Lowercase hex SHA-256 of the bytes as read; None when the input could not be read.
    pub sha256: Option<String>,
}

impl Digest {
    /// The digest of a loaded text.
    #[must_use]
    pub fn of(text: &SourceText) -> Self {
        Self {
            source: text.name.clone(),
            sha256: Some(text.sha256()),
        }
    }
}

/// A standard that was used, directly or as the base of a variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StandardUsed {
    /// Id.
    pub id: String,
    /// Edition.
    pub version: String,
    /// In force from (None: always).
    pub effective: Option<String>,
    /// The standard it extends (`id@version`), for a variant.
    pub extends: Option<String>,
    /// The file it was read from (built-ins: their path in the source tree).
    pub source: String,
    /// SHA-256 of that file.
    pub sha256: String,
}

/// The audit record of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Audit {
    /// `sitecheck`.
    pub tool: &'static str,
    /// The tool's version.
    pub tool_version: String,
    /// The evaluation date (YYYY-MM-DD): waivers are valid or expired on this day.
    pub evaluation_date: String,
    /// Every standard used, with the ones they extend; ordered by id and version.
    pub standards: Vec<StandardUsed>,
    /// Every input, in input order (whole-run formats; the streamed JSON report carries each
    /// input's SHA-256 in its own report instead, so that memory stays flat).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Digest>,
    /// The operator's waiver file, when one was given.
    pub waivers: Option<Digest>,
    /// The supervisor's rectification orders (`--orders`), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orders: Option<Digest>,
}

fn used(s: &Standard) -> StandardUsed {
    StandardUsed {
        id: s.id.clone(),
        version: s.version.clone(),
        effective: s.effective.clone(),
        extends: s.base.as_ref().map(|b| b.label()),
        source: s.source.name.clone(),
        sha256: s.source.sha256(),
    }
}

/// The standards a run used, gathered entry by entry (a handful, however many inputs).
#[derive(Clone, Debug, Default)]
pub struct StandardsUsed(Vec<StandardUsed>);

impl StandardsUsed {
    /// Notes the standard of an entry (and the ones it extends).
    pub fn add(&mut self, standard: &Standard) {
        for s in standard.chain() {
            // The same standard is shared by many inputs: hash it once.
            if !self
                .0
                .iter()
                .any(|u| u.id == s.id && u.version == s.version && u.source == s.source.name)
            {
                self.0.push(used(s));
            }
        }
    }

    /// The audit record of a run with these standards; `inputs` may be empty (streamed runs).
    #[must_use]
    pub fn into_audit(mut self, inputs: Vec<Digest>, info: &RunInfo) -> Audit {
        self.0
            .sort_by(|a, b| (&a.id, &a.version, &a.source).cmp(&(&b.id, &b.version, &b.source)));
        Audit {
            tool: "sitecheck",
            tool_version: info.tool_version.clone(),
            evaluation_date: info.date.clone(),
            standards: self.0,
            inputs,
            waivers: info.waivers.clone(),
            orders: None,
        }
    }
}

/// The audit record of a run: computed from the entries, so every renderer gets the same one.
#[must_use]
pub fn audit(entries: &[Entry], info: &RunInfo) -> Audit {
    let mut standards = StandardsUsed::default();
    for e in entries {
        if let Outcome::Checked(a) = &e.outcome {
            standards.add(&a.standard);
        }
    }
    let inputs = entries
        .iter()
        .map(|e| {
            e.text.as_ref().map_or_else(
                || Digest {
                    source: e.source.clone(),
                    sha256: None,
                },
                |t| Digest {
                    source: e.source.clone(),
                    sha256: Some(t.sha256()),
                },
            )
        })
        .collect();
    standards.into_audit(inputs, info)
}
