//! `zone`: the functional zone is present.

use serde_json::{Value, json};

use super::form::Draft;
use super::{Build, Context, Entry, Kind, eval};
use crate::i18n::Lang;
use crate::model::finding::{Finding, Gap, Need, NeedKey, Status};
use crate::model::inventory::Inventory;
use crate::model::standard::{Check, Requirement, Standard, Threshold};

/// The table's line.
pub const KIND: Entry = Entry {
    name: "zone",
    keys: &["zone"],
    build,
};

fn build(b: &mut Build<'_>) -> Option<Check> {
    Some(Check::Zone { zone: b.zone()? })
}

/// The data of a `zone` requirement.
pub struct Zone<'a> {
    /// Zone id.
    pub zone: &'a str,
}

impl Kind for Zone<'_> {
    fn entry(&self) -> &'static Entry {
        &KIND
    }

    fn min(&self) -> Option<&Threshold> {
        None
    }

    fn item(&self) -> Option<(&str, &str)> {
        None
    }

    fn distinct_from(&self) -> Option<&str> {
        None
    }

    fn restate(&self, b: &mut Build<'_>) -> Option<Check> {
        Some(Check::Zone {
            zone: b.zone_or(self.zone)?,
        })
    }

    fn evaluate(&self, cx: &Context<'_>, _: &Requirement, f: &mut Finding) {
        f.expected = json!(true);
        match eval::find_zone(cx.inv, self.zone, f) {
            Ok(z) => {
                f.actual = json!(true);
                f.location = z.key_loc;
            }
            Err(true) => {
                f.status = Status::Fail;
                f.actual = json!(false);
                f.gap = Gap::ZoneMissing;
            }
            Err(false) => {}
        }
    }

    fn needs(&self, f: &Finding) -> Vec<Need> {
        eval::one_if(f, &Gap::ZoneMissing, || NeedKey::Zone {
            zone: self.zone.to_owned(),
        })
    }

    fn expected(&self, _: &Standard, _: &Finding, lang: Lang) -> Option<String> {
        Some(lang.pick("设置该功能区", "the zone is present").to_owned())
    }

    fn actual(&self, _: &Standard, _: &Inventory, f: &Finding, lang: Lang) -> Option<String> {
        let Value::Bool(b) = f.actual else {
            return None;
        };
        Some(
            if b {
                lang.pick("已设置", "present")
            } else {
                lang.pick("未设置", "missing")
            }
            .to_owned(),
        )
    }

    fn shortfall(&self, st: &Standard, f: &Finding, lang: Lang) -> Option<String> {
        if f.gap != Gap::ZoneMissing {
            return None;
        }
        let z = st.vocabulary.zones.name(self.zone, lang);
        Some(match lang {
            Lang::Zh => format!("设置{z}"),
            Lang::En => format!("set up the {z}"),
        })
    }

    fn covers(&self, other: &Check) -> bool {
        other.zone() == Some(self.zone)
    }

    fn template(&self, st: &Standard, r: &Requirement, d: &mut Draft) {
        d.zone(&st.vocabulary, self.zone, &r.clause);
    }
}
