//! What failing requirements are short of, as quantities that add up across facilities: the
//! lines of a district's procurement list (m² of floor area, printers, staff to appoint, age
//! bands to add). Pure data: `report` puts it into words.

use super::{Assessment, Finding, Gap, Status};
use crate::model::standard::{Check, Requirement};

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

/// The needs of one failing finding (none when it does not fail).
#[must_use]
pub fn needs_of(r: &Requirement, f: &Finding) -> Vec<Need> {
    if f.status != Status::Fail {
        return Vec::new();
    }
    let one = |key| vec![Need { key, amount: 1.0 }];
    match (&f.gap, &r.check) {
        (Gap::Short { amount }, check) => {
            let key = match check {
                Check::FloorArea { .. } => NeedKey::FloorArea,
                Check::Equipment { item, .. } => NeedKey::Item { item: item.clone() },
                Check::Kinds { item, .. } => NeedKey::Kinds { item: item.clone() },
                Check::StaffCount {
                    role,
                    qualification,
                    ..
                } => NeedKey::Staff {
                    role: role.clone(),
                    qualification: qualification.clone(),
                },
                Check::StaffAny { roles, .. } => NeedKey::StaffAny {
                    roles: roles.clone(),
                },
                Check::Zone { .. }
                | Check::Topics { .. }
                | Check::AgeBands { .. }
                | Check::Operation { .. }
                | Check::Service { .. }
                | Check::Option { .. } => return Vec::new(),
            };
            vec![Need {
                key,
                amount: *amount,
            }]
        }
        (Gap::Missing { names }, Check::AgeBands { zone, .. }) => names
            .iter()
            .map(|b| Need {
                key: NeedKey::AgeBand {
                    zone: zone.clone(),
                    band: b.clone(),
                },
                amount: 1.0,
            })
            .collect(),
        (Gap::Missing { names }, Check::Topics { .. }) => names
            .iter()
            .map(|t| Need {
                key: NeedKey::Topic { topic: t.clone() },
                amount: 1.0,
            })
            .collect(),
        (Gap::ZoneMissing, Check::Zone { zone }) => one(NeedKey::Zone { zone: zone.clone() }),
        (Gap::BandsMerged { merged, missing }, Check::AgeBands { zone, .. }) => {
            let mut bands: Vec<&String> = merged.iter().flat_map(|m| &m.bands).collect();
            bands.extend(missing);
            bands.sort();
            bands.dedup();
            bands
                .into_iter()
                .map(|b| Need {
                    key: NeedKey::AgeBand {
                        zone: zone.clone(),
                        band: b.clone(),
                    },
                    amount: 1.0,
                })
                .collect()
        }
        (Gap::ServiceMissing, Check::Service { service, .. }) => one(NeedKey::Service {
            service: service.clone(),
        }),
        (Gap::WrongMode, Check::Operation { .. }) => one(NeedKey::Operation),
        _ => Vec::new(),
    }
}

/// Every need of a facility, finding by finding, in the standard's order.
#[must_use]
pub fn needs(a: &Assessment) -> Vec<(&Finding, Need)> {
    a.findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .filter_map(|f| a.requirement(f).map(|r| (f, r)))
        .flat_map(|(f, r)| needs_of(r, f).into_iter().map(move |n| (f, n)))
        .collect()
}
