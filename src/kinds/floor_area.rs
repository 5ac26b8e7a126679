//! `floor_area`: the facility's floor area (`floor_area_m2`) is at least `min` m².

use super::form::{self, Draft};
use super::words::{num, with_unit};
use super::{Build, Context, Entry, Kind, eval};
use crate::i18n::Lang;
use crate::i18n::Text;
use crate::model::finding::{Finding, Gap, Need, NeedKey};
use crate::model::standard::{Check, Requirement, Standard, Threshold};
use crate::model::template::{Row, RowKind};

/// The table's line.
pub const KIND: Entry = Entry {
    name: "floor_area",
    keys: &["min"],
    build,
};

fn build(b: &mut Build<'_>) -> Option<Check> {
    Some(Check::FloorArea {
        min: b.threshold()?,
    })
}

/// The data of a `floor_area` requirement.
pub struct FloorArea<'a> {
    /// Minimum m².
    pub min: &'a Threshold,
}

impl Kind for FloorArea<'_> {
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
        None
    }

    fn restate(&self, b: &mut Build<'_>) -> Option<Check> {
        Some(Check::FloorArea {
            min: b.min_or(self.min)?,
        })
    }

    fn evaluate(&self, cx: &Context<'_>, _: &Requirement, f: &mut Finding) {
        let inv = cx.inv;
        let Some(min) = eval::resolve(inv, self.min, f, false) else {
            f.location = inv.floor_area.loc;
            return;
        };
        match inv.floor_area.value {
            Some(a) => {
                f.location = inv.floor_area.loc;
                eval::compare(f, a, min);
            }
            None => eval::not_surveyed(f, "floor_area_m2", inv.floor_area.loc),
        }
    }

    fn needs(&self, f: &Finding) -> Vec<Need> {
        eval::short_by(f, NeedKey::FloorArea)
    }

    fn unit(&self, _: &Standard, lang: Lang) -> String {
        lang.pick("平方米", "m²").to_owned()
    }

    fn shortfall(&self, st: &Standard, f: &Finding, lang: Lang) -> Option<String> {
        let Gap::Short { amount } = f.gap else {
            return None;
        };
        Some(format!(
            "{}{}",
            lang.pick("面积不足，差 ", "short by "),
            with_unit(&num(amount), &self.unit(st, lang))
        ))
    }

    fn template(&self, _: &Standard, r: &Requirement, d: &mut Draft) {
        let clause = Some(r.clause.clone());
        let (m, c) = form::threshold(self.min);
        let unit = Text::new("平方米", "m²");
        d.floor.clause.clone_from(&clause);
        d.floor.rows.push(Row {
            required: form::required(m, c.as_deref(), &unit),
            min: m,
            unit: Some(unit),
            clause,
            ..Row::new(&["floor_area_m2"], r.name.clone(), RowKind::Area)
        });
        d.need_capacity(c);
    }
}
