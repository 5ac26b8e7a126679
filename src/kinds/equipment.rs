//! `equipment`: an item's count in a zone is at least `min`.

use super::eval::{self, Number};
use super::form::{self, Draft};
use super::words::{num, with_unit};
use super::{Build, Context, Entry, Kind};
use crate::i18n::Lang;
use crate::model::finding::{Finding, Gap, Need, NeedKey};
use crate::model::standard::{Check, Requirement, Standard, Threshold};

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
    fn entry(&self) -> &'static Entry {
        &KIND
    }

    fn min(&self) -> Option<&Threshold> {
        Some(self.min)
    }

    fn item(&self) -> Option<(&str, &str)> {
        Some((self.zone, self.item))
    }

    fn distinct_from(&self) -> Option<&str> {
        None
    }

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

    fn unit(&self, st: &Standard, lang: Lang) -> String {
        st.vocabulary
            .items
            .get(self.item)
            .and_then(|t| t.unit.as_ref())
            .map_or_else(String::new, |u| u.get(lang).to_owned())
    }

    fn shortfall(&self, st: &Standard, f: &Finding, lang: Lang) -> Option<String> {
        let Gap::Short { amount } = f.gap else {
            return None;
        };
        let zone = st.vocabulary.zones.name(self.zone, lang);
        let item = st.vocabulary.items.name(self.item, lang);
        Some(match lang {
            Lang::Zh => format!(
                "{zone}：增配{item} {}",
                with_unit(&num(amount), &self.unit(st, lang))
            ),
            Lang::En => format!("{zone}: add {} {item}", num(amount)),
        })
    }

    fn template(&self, st: &Standard, r: &Requirement, d: &mut Draft) {
        form::item_row(d, st, r, (self.zone, self.item, self.min), false);
    }
}
