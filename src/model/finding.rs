//! What evaluating one requirement produces: a [`Finding`] with its [`Status`], its [`Gap`]
//! and its [`Detail`]. Plain data, defined here so that the requirement kinds (`kinds`) that
//! fill it in and the checks (`check`) that collect it share one definition.

use serde::Serialize;
use serde_json::Value;

use crate::model::standard::Severity;
use crate::source::Location;

/// The outcome of one requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Met.
    Pass,
    /// Not met.
    Fail,
    /// The evidence was not surveyed.
    NotAssessed,
    /// Not met, excused by a valid waiver.
    Waived,
}

impl Status {
    /// The contract's name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotAssessed => "not_assessed",
            Status::Waived => "waived",
        }
    }
}

/// What is missing for a requirement to pass (or why it could not be assessed).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Gap {
    /// Nothing: it passes.
    None,
    /// Short by an amount, in the requirement's unit (m², items, kinds, staff).
    Short {
        /// How much more is needed.
        amount: f64,
    },
    /// These names are missing (topics, age bands).
    Missing {
        /// Canonical ids or bands.
        names: Vec<String>,
    },
    /// The zone is missing altogether.
    ZoneMissing,
    /// The service is not recorded.
    ServiceMissing,
    /// The operation mode is not one of the accepted ones.
    WrongMode,
    /// The evidence was not surveyed: the inventory key that would hold it.
    NotSurveyed {
        /// Dotted key path (`zones.reading_area.equipment`).
        key: String,
    },
    /// A scaled threshold whose capacity is not given.
    NoCapacity {
        /// The capacity name.
        capacity: String,
    },
    /// Declared age bands that each span two or more of the listed bands (0-6 merges 0-3 and
    /// 3-6), and listed bands no declared band covers.
    BandsMerged {
        /// Each declared band that crosses a boundary, with the listed bands it merges.
        merged: Vec<MergedBand>,
        /// Listed bands not covered.
        missing: Vec<String>,
    },
    /// A duty's latest record is older than the standard allows.
    Stale {
        /// Days since the latest record, on the evaluation date.
        days: i64,
        /// The most the standard allows.
        max: u32,
    },
}

/// A declared age band that crosses a boundary between listed bands.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MergedBand {
    /// As declared (`0-6`).
    pub declared: String,
    /// The listed bands it spans (`0-3`, `3-6`).
    pub bands: Vec<String>,
}

/// What a finding says beyond its numbers: who was counted, or the record behind a duty.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Detail {
    /// Nothing more.
    #[default]
    None,
    /// A staff requirement: the people counted, and those left out because another
    /// requirement counts them (`distinct_from`).
    Staff {
        /// The people counted, as the inventory names them.
        counted: Vec<String>,
        /// People who would count here but are counted toward another requirement.
        counted_elsewhere: Vec<CountedElsewhere>,
    },
    /// A duty's evidence (台账).
    Record {
        /// The record.
        record: Option<String>,
        /// The latest record's date.
        last_done: Option<String>,
    },
}

/// A person counted toward another requirement and so not here.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CountedElsewhere {
    /// The person, as the inventory names them.
    pub person: String,
    /// The requirement that counts them.
    pub requirement: String,
}

/// A waiver applied to a finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AppliedWaiver {
    /// Reason.
    pub reason: String,
    /// Approver.
    pub approver: String,
    /// Valid through.
    pub expires: String,
    /// Evidence reference.
    pub evidence: Option<String>,
    /// Expires within 30 days of the evaluation date.
    pub expiring_soon: bool,
}

/// Where a rectification order stands on the evaluation date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// Past its deadline and not rectified (逾期未整改).
    Overdue,
    /// Not rectified, the deadline still to come (整改中).
    Open,
    /// The requirement now passes (已完成整改).
    Done,
}

impl OrderState {
    /// The contract's name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::Overdue => "overdue",
            OrderState::Open => "open",
            OrderState::Done => "done",
        }
    }
}

/// A rectification order that names a finding's requirement (or its zone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppliedOrder {
    /// What the order names: this requirement, or its zone's (`zone:<zone>`).
    pub requirement: String,
    /// What is to be done.
    pub action: String,
    /// Who answers for it.
    pub responsible: String,
    /// Issued on (YYYY-MM-DD).
    pub issued: String,
    /// To be done by (YYYY-MM-DD, inclusive).
    pub deadline: String,
    /// Days from the evaluation date to the deadline: negative once overdue.
    pub days_left: i64,
    /// Where it stands.
    pub state: OrderState,
    /// Its place in the orders file.
    #[serde(skip)]
    pub index: usize,
}

/// One requirement's outcome for one facility: plain data.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Requirement id.
    pub requirement: String,
    /// Index of the requirement in its level (to find names and wording in the standard).
    pub index: usize,
    /// Clause.
    pub clause: String,
    /// Outcome.
    pub status: Status,
    /// Severity.
    pub severity: Severity,
    /// What the standard asks for (a number, a list, `true`).
    pub expected: Value,
    /// What the inventory shows (null: not surveyed).
    pub actual: Value,
    /// What is missing.
    pub gap: Gap,
    /// Actual minus expected, for numeric thresholds (compare's margin).
    pub margin: Option<f64>,
    /// Where the evidence (or the place for it) is in the inventory.
    pub location: Option<Location>,
    /// A waiver that excuses it, or an expired one that did not (boxed, as `order`: few
    /// findings have one, and every finding is moved and freed).
    pub waiver: Option<Box<AppliedWaiver>>,
    /// An expired waiver matched but did not excuse it.
    pub waiver_expired: bool,
    /// A rectification order that names it.
    pub order: Option<Box<AppliedOrder>>,
    /// What became of it since the baseline (`--baseline`), when there is one.
    pub baseline: Option<BaselineState>,
    /// A persisting failure whose measured value changed since the baseline.
    pub baseline_changed: bool,
    /// Who was counted, or a duty's record.
    pub detail: Detail,
}

impl Finding {
    /// A failing advisory (建议项: an encouragement or a duty): shown as advice, never drawn as
    /// a failure.
    #[must_use]
    pub fn is_advice(&self) -> bool {
        self.status == Status::Fail && self.severity != crate::model::standard::Severity::Error
    }

    /// Whether it passes now after failing in the baseline (`--baseline`): news even where
    /// passes are left out.
    #[must_use]
    pub fn is_fixed(&self) -> bool {
        self.baseline == Some(BaselineState::Fixed)
    }
}

/// What one line of a shortfall list counts. Ids only; keys are ordered so that totals come out
/// in a stable order (floor area, then items, staff, zones, bands, topics, services).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NeedKey {
    /// Floor area, in m².
    FloorArea,
    /// Pieces of an item (in the item's unit), summed over the zones that lack it.
    Item {
        /// Item id.
        item: String,
    },
    /// More kinds of an item.
    Kinds {
        /// Item id.
        item: String,
    },
    /// Staff of a role (holding a qualification, when the requirement names one).
    Staff {
        /// Role id (`None`: any staffing role).
        role: Option<String>,
        /// Qualification id.
        qualification: Option<String>,
    },
    /// Staff of any of these roles.
    StaffAny {
        /// Role ids.
        roles: Vec<String>,
    },
    /// A zone to set up (counted in facilities).
    Zone {
        /// Zone id.
        zone: String,
    },
    /// An age band to add to a zone (counted in facilities).
    AgeBand {
        /// Zone id.
        zone: String,
        /// The band, `12-18`.
        band: String,
    },
    /// A wall-display topic to add (counted in facilities).
    Topic {
        /// Topic id.
        topic: String,
    },
    /// A service to provide and record (counted in facilities).
    Service {
        /// Service id.
        service: String,
    },
    /// An operation mode to move to (counted in facilities).
    Operation,
}

impl NeedKey {
    /// Whether the amount is a measured quantity (m², pieces, people, kinds) rather than a count
    /// of facilities.
    #[must_use]
    pub fn is_quantity(&self) -> bool {
        matches!(
            self,
            NeedKey::FloorArea
                | NeedKey::Item { .. }
                | NeedKey::Kinds { .. }
                | NeedKey::Staff { .. }
                | NeedKey::StaffAny { .. }
        )
    }
}

/// One thing a failing requirement needs, and how much of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Need {
    /// What.
    pub key: NeedKey,
    /// How much: in the requirement's unit for a quantity, else 1.
    pub amount: f64,
}

/// What became of a requirement since the baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BaselineState {
    /// Fails now; passed, or was not there, before.
    New,
    /// Passes now; failed before.
    Fixed,
    /// Failed before and fails now.
    Persisting,
    /// Fails now, after it failed once and was fixed.
    Regressed,
    /// Passes now as before, or was not judged either time.
    Unchanged,
}

impl BaselineState {
    /// The contract's name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Fixed => "fixed",
            Self::Persisting => "persisting",
            Self::Regressed => "regressed",
            Self::Unchanged => "unchanged",
        }
    }

    /// Whether it is a failure the baseline did not have (what `--fail-on new` fails on).
    #[must_use]
    pub fn is_new_failure(self) -> bool {
        matches!(self, Self::New | Self::Regressed)
    }
}
