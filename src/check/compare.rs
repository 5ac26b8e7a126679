//! Compare: proposed layouts of one facility side by side against the standard. The model is a
//! matrix of requirement × layout whose cells are the layouts' own findings (the margin, the
//! shortfall), with the rows where the layouts differ marked. Pure: no words, no files.

use std::sync::Arc;

use super::{Assessment, Finding, Status, Verdict};
use crate::model::standard::{Requirement, Standard};

/// One layout: where it was read from and its assessment.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The path as given.
    pub source: String,
    /// Its assessment.
    pub assessment: Assessment,
}

impl Layout {
    /// Whether it complies.
    #[must_use]
    pub fn complies(&self) -> bool {
        self.assessment.verdict == Verdict::Compliant
    }
    /// What it lacks to comply: the required findings (必改项) that fail or could not be
    /// assessed, in the standard's order. Advice is apart ([`Layout::advice`]).
    pub fn shortfall(&self) -> impl Iterator<Item = &Finding> {
        self.assessment.findings.iter().filter(|f| {
            f.severity == crate::model::standard::Severity::Error
                && matches!(f.status, Status::Fail | Status::NotAssessed)
        })
    }
    /// The advisories (建议项: encouragements and duties) it does not meet: never a reason it
    /// does not comply.
    pub fn advice(&self) -> impl Iterator<Item = &Finding> {
        self.assessment.findings.iter().filter(|f| {
            f.status == Status::Fail && f.severity == crate::model::standard::Severity::Warning
        })
    }
}

/// One requirement of the level, across the layouts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Index of the requirement in its level (and of the finding in each assessment).
    pub index: usize,
    /// The layouts get different outcomes (one passes, another fails).
    pub outcome_differs: bool,
    /// The layouts show different values (240 m² against 210 m²), whatever the outcome.
    pub value_differs: bool,
}

/// Layouts side by side: every requirement of their level, in the standard's order.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The standard all layouts were checked against.
    pub standard: Arc<Standard>,
    /// Their level.
    pub level: String,
    /// The layouts, in the order given.
    pub layouts: Vec<Layout>,
    /// One row per requirement.
    pub rows: Vec<Row>,
}

/// Why layouts cannot be compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompareError {
    /// Fewer than two layouts.
    TooFew,
    /// They are of different levels: each layout's source and level.
    Levels(Vec<(String, String)>),
    /// They were checked against different standards (or editions): each source and label.
    Standards(Vec<(String, String)>),
}

impl Comparison {
    /// Puts layouts side by side.
    ///
    /// # Errors
    /// Fewer than two layouts, layouts of different levels, or of different standards.
    pub fn new(layouts: Vec<Layout>) -> Result<Self, CompareError> {
        let Some(first) = layouts.first() else {
            return Err(CompareError::TooFew);
        };
        if layouts.len() < 2 {
            return Err(CompareError::TooFew);
        }
        let level = first.assessment.inventory.facility.level.clone();
        if layouts
            .iter()
            .any(|l| l.assessment.inventory.facility.level != level)
        {
            return Err(CompareError::Levels(
                layouts
                    .iter()
                    .map(|l| {
                        (
                            l.source.clone(),
                            l.assessment.inventory.facility.level.clone(),
                        )
                    })
                    .collect(),
            ));
        }
        let standard = Arc::clone(&first.assessment.standard);
        let label = standard.label();
        if layouts.iter().any(|l| {
            l.assessment.standard.label() != label
                || l.assessment.findings.len() != first.assessment.findings.len()
        }) {
            return Err(CompareError::Standards(
                layouts
                    .iter()
                    .map(|l| (l.source.clone(), l.assessment.standard.label()))
                    .collect(),
            ));
        }
        let rows = (0..first.assessment.findings.len())
            .map(|index| {
                let cells: Vec<&Finding> = layouts
                    .iter()
                    .map(|l| &l.assessment.findings[index])
                    .collect();
                let f0 = cells[0];
                Row {
                    index,
                    outcome_differs: cells.iter().any(|f| f.status != f0.status),
                    value_differs: cells.iter().any(|f| f.actual != f0.actual),
                }
            })
            .collect();
        Ok(Comparison {
            standard,
            level,
            layouts,
            rows,
        })
    }

    /// The finding of a layout on a row.
    #[must_use]
    pub fn cell(&self, row: &Row, layout: usize) -> Option<&Finding> {
        self.layouts
            .get(layout)
            .and_then(|l| l.assessment.findings.get(row.index))
    }

    /// The requirement of a row.
    #[must_use]
    pub fn requirement(&self, row: &Row) -> Option<&Requirement> {
        self.standard
            .level(&self.level)
            .and_then(|l| l.requirements.get(row.index))
    }

    /// The layouts that comply, by position.
    #[must_use]
    pub fn complying(&self) -> Vec<usize> {
        self.layouts
            .iter()
            .enumerate()
            .filter(|(_, l)| l.complies())
            .map(|(i, _)| i)
            .collect()
    }

    /// The rows where the outcomes differ.
    pub fn differing(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.outcome_differs)
    }

    /// A layout's short key in tables: `A`, `B`, … (`L27` past `Z`).
    #[must_use]
    pub fn key(index: usize) -> String {
        match u8::try_from(index) {
            Ok(i) if i < 26 => char::from(b'A' + i).to_string(),
            _ => format!("L{}", index + 1),
        }
    }
}
