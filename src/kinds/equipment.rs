//! `equipment`: an item's count in a zone is at least `min`.

use super::eval::{self, Number};
use super::{Build, Context, Entry, Kind};
use crate::model::finding::{Finding, Need, NeedKey};
use crate::model::standard::{Check, Requirement, Threshold};

/// The table's line.
pub const KIND: Entry = Entry {
    name: "equipment",
    keys: &["zone", "item", "min"],
    build,
};

fn build(b: &mut Build<'_>) -> Option<Check> {
    let (z, i, m) = (b.zone(), b.item(), b.threshold());
    Some(Check::Equipment {
        zone: z?,
        item: i?,
        min: m?,
    })
}

/// The data of an `equipment` requirement.
pub struct Equipment<'a> {
    /// Zone id.
    pub zone: &'a str,
    /// Item id.
    pub item: &'a str,
    /// Minimum count.
    pub min: &'a Threshold,
}

impl Kind for Equipment<'_> {
    fn restate(&self, b: &mut Build<'_>) -> Option<Check> {
        let (z, i, m) = (
            b.zone_or(self.zone),
            b.item_or(self.item),
            b.min_or(self.min),
        );
        Some(Check::Equipment {
            zone: z?,
            item: i?,
            min: m?,
        })
    }

    fn evaluate(&self, cx: &Context<'_>, _: &Requirement, f: &mut Finding) {
        eval::item_number(cx.inv, self.zone, self.item, self.min, Number::Count, f);
    }

    fn needs(&self, f: &Finding) -> Vec<Need> {
        eval::short_by(
            f,
            NeedKey::Item {
                item: self.item.to_owned(),
            },
        )
    }
}
