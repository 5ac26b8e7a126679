//! Waivers: an operator's documented exceptions to excusable (一般应) requirements.

use chrono::NaiveDate;

use crate::diagnostic::Problem;
use crate::i18n::Text;
use crate::load::waivers::RawWaivers;
use crate::source::Location;

/// One waiver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiver {
    /// Facility id.
    pub facility: String,
    /// Requirement id.
    pub requirement: String,
    /// Reason.
    pub reason: String,
    /// Approver.
    pub approver: String,
    /// Granted on.
    pub granted: NaiveDate,
    /// Valid through this day.
    pub expires: NaiveDate,
    /// Evidence reference.
    pub evidence: Option<String>,
    /// Where it is in the waiver file.
    pub location: Option<Location>,
    /// Where its `facility:` value is.
    pub facility_loc: Option<Location>,
    /// Where its `requirement:` value is.
    pub requirement_loc: Option<Location>,
    /// Where its `expires:` value is.
    pub expires_loc: Option<Location>,
}

/// Builds the waivers, checking dates.
///
/// # Errors
/// Every malformed date, and an expiry before the grant.
pub fn build(raw: &RawWaivers) -> Result<Vec<Waiver>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for w in &raw.waivers {
        let v = &w.value;
        let date = |s: &crate::load::Sp<String>, problems: &mut Vec<Problem>| {
            let d = NaiveDate::parse_from_str(&s.value, "%Y-%m-%d")
                .ok()
                .filter(|_| s.value.len() == 10);
            if d.is_none() {
                problems.push(Problem::new(
                    crate::diagnostic::Code::BadDate,
                    Text::new(
                        format!("`{}` 不是 YYYY-MM-DD 格式的有效日期", s.value),
                        format!("`{}` is not a valid YYYY-MM-DD date", s.value),
                    ),
                    s.loc,
                ));
            }
            d
        };
        let (g, e) = (
            date(&v.granted, &mut problems),
            date(&v.expires, &mut problems),
        );
        if let (Some(granted), Some(expires)) = (g, e) {
            if expires < granted {
                problems.push(Problem::new(
                    crate::diagnostic::Code::BadDate,
                    Text::new(
                        "有效期截止日期早于批准日期",
                        "the waiver expires before it is granted",
                    ),
                    v.expires.loc,
                ));
            }
            out.push(Waiver {
                facility: v.facility.value.clone(),
                requirement: v.requirement.value.clone(),
                reason: v.reason.value.clone(),
                approver: v.approver.value.clone(),
                granted,
                expires,
                evidence: v.evidence.value().cloned(),
                location: w.loc,
                facility_loc: v.facility.loc,
                requirement_loc: v.requirement.loc,
                expires_loc: v.expires.loc,
            });
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}
