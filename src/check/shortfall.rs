//! What failing requirements are short of, as quantities that add up across facilities: the
//! lines of a district's procurement list (m² of floor area, printers, staff to appoint, age
//! bands to add). Pure data: `report` puts it into words.

use super::{Assessment, Finding, Status};
use crate::model::standard::Requirement;

pub use crate::model::finding::{Need, NeedKey};

/// The needs of one failing finding (none when it does not fail).
#[must_use]
pub fn needs_of(r: &Requirement, f: &Finding) -> Vec<Need> {
    if f.status != Status::Fail {
        return Vec::new();
    }
    crate::kinds::with(&r.check, |k| k.needs(f))
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
