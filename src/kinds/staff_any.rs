//! `staff_any`: at least `min` distinct people hold any of the roles; `distinct_from` another
//! staff requirement of the level, its people are not counted again.

use super::form::{self, Draft};
use super::words::num;
use super::{Build, Context, Entry, Kind, eval};
use crate::i18n::Lang;
use crate::model::finding::{Finding, Gap, Need, NeedKey};
use crate::model::inventory::StaffMember;
use crate::model::standard::{Check, Requirement, Standard, Terms, Threshold};

/// The table's line.
pub const KIND: Entry = Entry {
    name: "staff_any",
    keys: &["roles", "min", "distinct_from"],
    build,
};

fn build(b: &mut Build<'_>) -> Option<Check> {
    let (r, v) = (b.raw, b.vocabulary);
    let roles = b.names("roles", r.roles.as_ref(), &v.roles, "roles");
    let m = b.threshold();
    Some(Check::StaffAny {
        roles: roles?,
        min: m?,
        distinct_from: r.distinct_from.as_ref().map(|d| d.value.clone()),
    })
}

/// The data of a `staff_any` requirement.
pub struct StaffAny<'a> {
    /// Role ids.
    pub roles: &'a [String],
    /// Minimum.
    pub min: &'a Threshold,
    /// The requirement whose people are not counted again here.
    pub distinct_from: &'a Option<String>,
}

impl Kind for StaffAny<'_> {
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
        let roles = b.names_or(r.roles.as_ref(), &v.roles, "roles", self.roles);
        let m = b.min_or(self.min);
        Some(Check::StaffAny {
            roles: roles?,
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
            NeedKey::StaffAny {
                roles: self.roles.to_vec(),
            },
        )
    }

    fn counts(&self, _: &Terms, m: &StaffMember) -> bool {
        self.roles.iter().any(|r| m.has_role(r))
    }

    fn unit(&self, _: &Standard, lang: Lang) -> String {
        lang.pick("人", "people").to_owned()
    }

    fn shortfall(&self, st: &Standard, f: &Finding, lang: Lang) -> Option<String> {
        let Gap::Short { amount } = f.gap else {
            return None;
        };
        let names: Vec<&str> = self
            .roles
            .iter()
            .map(|x| st.vocabulary.roles.name(x, lang))
            .collect();
        Some(match lang {
            Lang::Zh => format!("吸纳 {} 名{}参与", num(amount), names.join("或")),
            Lang::En => format!("involve {} {}", num(amount), names.join(" or ")),
        })
    }

    fn template(&self, _: &Standard, r: &Requirement, d: &mut Draft) {
        // Any of the roles counts: the template offers the first.
        form::staff_row(d, r, self.min, self.roles.first().map(String::as_str), None);
    }
}
