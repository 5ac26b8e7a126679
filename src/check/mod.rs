//! Check: pure evaluation of an inventory against a standard, each requirement evaluated by
//! its kind's module in `kinds`. No text is formatted here: a [`Finding`] is plain data
//! that the renderers in `report` put into words.

pub mod baseline;
pub mod cases;
pub mod compare;
pub mod coverage;
pub mod orders;
mod evaluate;
pub mod shortfall;
pub mod waivers;

use std::sync::Arc;

use serde::Serialize;

use crate::model::inventory::Inventory;
use crate::model::standard::{Requirement, Severity, Standard};
use crate::model::waivers::Waiver;
use crate::source::Location;

pub use evaluate::{Context, evaluate_requirement};

pub use crate::model::finding::{
    AppliedOrder, AppliedWaiver, CountedElsewhere, Detail, Finding, Gap, MergedBand, OrderState,
    Status,
};

/// A facility's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every error-severity requirement passes (or is waived).
    Compliant,
    /// An error-severity requirement fails.
    NonCompliant,
    /// None fails, but an error-severity requirement was not assessed.
    Incomplete,
    /// The input could not be checked.
    Error,
}

impl Verdict {
    /// The contract's name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Compliant => "compliant",
            Verdict::NonCompliant => "non_compliant",
            Verdict::Incomplete => "incomplete",
            Verdict::Error => "error",
        }
    }
    /// All verdicts in summary order.
    pub const ALL: [Verdict; 4] = [
        Verdict::Compliant,
        Verdict::NonCompliant,
        Verdict::Incomplete,
        Verdict::Error,
    ];
}

/// The assessment of one inventory.
#[derive(Clone, Debug)]
pub struct Assessment {
    /// The inventory.
    pub inventory: Inventory,
    /// The standard it was checked against.
    pub standard: Arc<Standard>,
    /// Verdict.
    pub verdict: Verdict,
    /// One finding per requirement of the level, in the standard's order.
    pub findings: Vec<Finding>,
    /// The comparison with the facility's earlier survey (`--baseline`), when it has one.
    pub baseline: Option<baseline::Compared>,
}

impl Assessment {
    /// The standard the inventory names, when another judged it (`--override-standard`).
    #[must_use]
    pub fn named_standard(&self) -> Option<String> {
        self.inventory.names_other_than(&self.standard)
    }
    /// What the inventory records that no requirement of its level checks: zones and items the
    /// standard knows but does not ask for here (a `desk` in an office), and the free-form
    /// `other_zones` / `other_equipment`. Shown in reports, never checked.
    #[must_use]
    pub fn not_checked(&self) -> Vec<String> {
        let reqs = self
            .standard
            .level(&self.inventory.facility.level)
            .map_or(&[][..], |l| l.requirements.as_slice());
        // The level's requirements by the zone they concern, gathered once: an inventory lists
        // tens of items, each of which was looked up among every requirement of the level.
        let mut by_zone: foldhash::HashMap<&str, Vec<&crate::model::standard::Requirement>> =
            foldhash::HashMap::default();
        for r in reqs {
            if let Some(z) = r.check.zone() {
                by_zone.entry(z).or_default().push(r);
            }
        }
        let zone_checked = |z: &str| by_zone.contains_key(z);
        // An item's requirement concerns the item's zone (`Check::zone` of every item kind).
        let item_checked = |z: &str, i: &str| {
            by_zone.get(z).is_some_and(|rs| {
                rs.iter()
                    .any(|r| crate::kinds::with(&r.check, |k| k.item() == Some((z, i))))
            })
        };
        let mut out = Vec::new();
        for z in self.inventory.zones.value.iter().flatten() {
            if !zone_checked(&z.id) {
                out.push(format!("zones.{}", z.id));
                continue;
            }
            for i in z.equipment.value.iter().flatten() {
                if !item_checked(&z.id, &i.id) {
                    out.push(format!("zones.{}.equipment.{}", z.id, i.id));
                }
            }
            for o in &z.other_equipment {
                out.push(format!("zones.{}.other_equipment.{o}", z.id));
            }
        }
        for o in &self.inventory.other_zones {
            out.push(format!("other_zones.{o}"));
        }
        out
    }

    /// The requirement behind a finding.
    #[must_use]
    pub fn requirement(&self, f: &Finding) -> Option<&Requirement> {
        self.standard
            .level(&self.inventory.facility.level)
            .and_then(|l| l.requirements.get(f.index))
    }
    /// The standard side of a finding: the file its requirement is written in (the variant's,
    /// or the base's for an inherited requirement) and where.
    #[must_use]
    pub fn requirement_source(
        &self,
        f: &Finding,
    ) -> Option<(&crate::source::SourceText, Location)> {
        self.requirement(f)
            .and_then(|r| self.standard.requirement_source(r))
    }
    /// The standard (`id@version`) a finding's requirement comes from, when it is not the
    /// standard of the report (an inherited requirement of a variant).
    #[must_use]
    pub fn foreign_origin(&self, f: &Finding) -> Option<&str> {
        self.requirement(f)
            .map(|r| r.origin.as_str())
            .filter(|o| !self.standard.is(o))
    }
    /// Whether any finding of at least `severity` fails.
    #[must_use]
    pub fn fails_at(&self, severity: Severity) -> bool {
        self.findings
            .iter()
            .any(|f| f.status == Status::Fail && f.severity >= severity)
    }
}

/// Checks an inventory against its standard on an evaluation date (YYYY-MM-DD), applying the
/// waivers that name its facility.
#[must_use]
pub fn assess(
    inventory: Inventory,
    standard: Arc<Standard>,
    waivers: &[Waiver],
    date: chrono::NaiveDate,
) -> Assessment {
    let findings: Vec<Finding> = standard
        .level(&inventory.facility.level)
        .map(|level| {
            let ctx = evaluate::Context {
                inv: &inventory,
                roles: &standard.vocabulary.roles,
                level,
                date,
            };
            level
                .requirements
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let mut f = evaluate_requirement(&ctx, r, i);
                    apply_waiver(&mut f, r, level, &inventory.facility.id, waivers, date);
                    f
                })
                .collect()
        })
        .unwrap_or_default();
    let verdict = verdict_of(&findings);
    Assessment {
        inventory,
        standard,
        verdict,
        findings,
        baseline: None,
    }
}

/// The verdict the contract derives from findings.
#[must_use]
pub fn verdict_of(findings: &[Finding]) -> Verdict {
    let errors = findings.iter().filter(|f| f.severity == Severity::Error);
    let mut incomplete = false;
    for f in errors {
        match f.status {
            Status::Fail => return Verdict::NonCompliant,
            Status::NotAssessed => incomplete = true,
            Status::Pass | Status::Waived => {}
        }
    }
    if incomplete {
        Verdict::Incomplete
    } else {
        Verdict::Compliant
    }
}

/// Whether a waiver of requirement `waived` covers requirement `r` of the level: the
/// requirement itself, or, for a waiver of a zone, everything in that zone (its items, kinds,
/// topics and age bands).
#[must_use]
pub fn waiver_covers(level: &crate::model::standard::Level, waived: &str, r: &Requirement) -> bool {
    if waived == r.id {
        return true;
    }
    // A zone waiver covers the zone's contents only when the zone requirement itself may be
    // waived: a waiver the audit refuses excuses nothing.
    level.requirements.iter().any(|z| {
        z.id == waived && z.waivable && crate::kinds::with(&z.check, |k| k.covers(&r.check))
    })
}

fn apply_waiver(
    f: &mut Finding,
    r: &Requirement,
    level: &crate::model::standard::Level,
    facility: &str,
    waivers: &[Waiver],
    date: chrono::NaiveDate,
) {
    if f.status != Status::Fail || !r.waivable {
        return;
    }
    // The requirement's own waiver first, then its zone's.
    let Some(w) = waivers
        .iter()
        .find(|w| w.facility == facility && w.requirement == r.id)
        .or_else(|| {
            waivers
                .iter()
                .find(|w| w.facility == facility && waiver_covers(level, &w.requirement, r))
        })
    else {
        return;
    };
    if w.expires < date || w.granted > date {
        f.waiver_expired = w.expires < date;
        return;
    }
    f.status = Status::Waived;
    f.waiver = Some(Box::new(AppliedWaiver {
        reason: w.reason.clone(),
        approver: w.approver.clone(),
        expires: w.expires.to_string(),
        evidence: w.evidence.clone(),
        expiring_soon: (w.expires - date).num_days() <= waivers::EXPIRY_WARNING_DAYS,
    }));
}
