//! `staff_count`: at least `min` distinct people hold the role (any staffing role when none is
//! named) and the qualification, if one is named; `distinct_from` another staff requirement
//! of the level, its people are not counted again.

use super::form::{self, Draft};
use super::words::{num, staff_who};
use super::{Build, Context, Entry, Kind, eval};
use crate::i18n::Lang;
use crate::model::finding::{Finding, Gap, Need, NeedKey};
use crate::model::inventory::StaffMember;
use crate::model::standard::{Check, Requirement, Standard, Terms, Threshold};

/// The table's line.
pub const KIND: Entry = Entry {
    name: "staff_count",
    keys: &["role", "qualification", "min", "distinct_from"],
    build,
};

fn build(b: &mut Build<'_>) -> Option<Check> {
    let (r, v) = (b.raw, b.vocabulary);
    // Without a role: every staffing role, so the qualification is what counts.
    if r.role.is_none() && r.qualification.is_none() {
        b.need("role", None);
        return None;
    }
    let role = match &r.role {
        Some(x) => Some(b.term(&v.roles, "roles", Some(x))?),
        None => None,
    };
    let q = match &r.qualification {
        Some(q) => Some(b.term(&v.qualifications, "qualifications", Some(q))?),
        None => None,
    };
    let m = b.threshold();
    Some(Check::StaffCount {
        role,
        qualification: q,
        min: m?,
        distinct_from: r.distinct_from.as_ref().map(|d| d.value.clone()),
    })
}

/// The data of a `staff_count` requirement.
pub struct StaffCount<'a> {
    /// Role id; `None`: every role that counts as staffing.
    pub role: &'a Option<String>,
    /// Qualification id.
    pub qualification: &'a Option<String>,
    /// Minimum.
    pub min: &'a Threshold,
    /// The requirement whose people are not counted again here.
    pub distinct_from: &'a Option<String>,
}

impl Kind for StaffCount<'_> {
    fn entry(&self) -> &'static Entry {
        &KIND
    }

    fn min(&self) -> Option<&Threshold> {
        Some(self.min)
    }

    fn item(&self) -> Option<(&str, &str)> {
        None
    }

    fn distinct_from(&self) -> Option<&str> {
        self.distinct_from.as_deref()
    }

    fn restate(&self, b: &mut Build<'_>) -> Option<Check> {
        let (r, v) = (b.raw, b.vocabulary);
        let role = match &r.role {
            Some(x) => Some(b.term(&v.roles, "roles", Some(x))?),
            None => self.role.clone(),
        };
        let qualification = match &r.qualification {
            Some(q) => Some(b.term(&v.qualifications, "qualifications", Some(q))?),
            None => self.qualification.clone(),
        };
        let m = b.min_or(self.min);
        Some(Check::StaffCount {
            role,
            qualification,
            min: m?,
            distinct_from: r
                .distinct_from
                .as_ref()
                .map(|d| d.value.clone())
                .or_else(|| self.distinct_from.clone()),
        })
    }

    fn evaluate(&self, cx: &Context<'_>, r: &Requirement, f: &mut Finding) {
        eval::staff(cx, r, self.min, f);
    }

    fn needs(&self, f: &Finding) -> Vec<Need> {
        eval::short_by(
            f,
            NeedKey::Staff {
                role: self.role.clone(),
                qualification: self.qualification.clone(),
            },
        )
    }

    fn counts(&self, roles: &Terms, m: &StaffMember) -> bool {
        let in_role = match self.role {
            Some(role) => m.has_role(role),
            // Any role that is staffing (人员配备): a volunteer is not.
            None => m
                .roles
                .iter()
                .any(|r| roles.get(r).is_none_or(|t| t.staffing)),
        };
        in_role
            && self
                .qualification
                .as_ref()
                .is_none_or(|q| m.qualifications.contains(q))
    }

    fn unit(&self, _: &Standard, lang: Lang) -> String {
        lang.pick("人", "people").to_owned()
    }

    fn shortfall(&self, st: &Standard, f: &Finding, lang: Lang) -> Option<String> {
        let Gap::Short { amount } = f.gap else {
            return None;
        };
        let who = staff_who(
            &st.vocabulary,
            self.role.as_deref(),
            self.qualification.as_deref(),
            lang,
        );
        Some(match lang {
            Lang::Zh => format!("配备 {} 名{who}", num(amount)),
            Lang::En => format!("appoint {} {who}", num(amount)),
        })
    }

    fn template(&self, st: &Standard, r: &Requirement, d: &mut Draft) {
        // Counted by qualification whatever the role: the template offers the first staffing
        // role of the vocabulary.
        let role = self.role.as_deref().or_else(|| {
            st.vocabulary
                .roles
                .terms
                .iter()
                .find(|t| t.staffing)
                .map(|t| t.id.as_str())
        });
        form::staff_row(d, r, self.min, role, self.qualification.clone());
    }
}
