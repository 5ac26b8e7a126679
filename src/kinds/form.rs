//! The survey template, for the kinds' rows: the sections of a level's template being filled
//! in ([`Draft`]), a threshold as a constant or the capacity it scales by, what a row requires
//! in words, and the rows the staff and item kinds share.

use super::words::{num, with_unit};
use crate::i18n::{Lang, Text};
use crate::model::standard::{Requirement, Standard, Threshold, Vocabulary};
use crate::model::template::{Row, RowKind, Section, SectionKind};

/// The sections of a level's template that requirements add rows to, and the capacities its
/// thresholds scale by, in the order first met.
pub struct Draft {
    /// `facility:`.
    pub facility: Section,
    /// `operation:`.
    pub operation: Section,
    /// `floor_area_m2`.
    pub floor: Section,
    /// `staff:`.
    pub staff: Section,
    /// One per zone, in the order the requirements name them.
    pub zones: Vec<Section>,
    /// `services:`.
    pub services: Section,
    /// Capacities a threshold scales by.
    pub capacities: Vec<String>,
}

impl Draft {
    /// The section of a zone, added (with its area row) the first time a requirement names it.
    pub fn zone(&mut self, v: &Vocabulary, zone: &str, clause: &str) -> &mut Section {
        let i = match self
            .zones
            .iter()
            .position(|s| s.key.get(1).map(String::as_str) == Some(zone))
        {
            Some(i) => i,
            None => {
                self.zones.push(Section {
                    kind: SectionKind::Zone,
                    key: vec!["zones".into(), zone.to_owned()],
                    title: v
                        .zones
                        .get(zone)
                        .map_or_else(|| Text::new(zone, zone), |z| z.name.clone()),
                    clause: Some(clause.to_owned()),
                    rows: vec![Row::new(
                        &["zones", zone, "area_m2"],
                        Text::new("面积（平方米）", "area (m²)"),
                        RowKind::Area,
                    )],
                });
                self.zones.len() - 1
            }
        };
        &mut self.zones[i]
    }

    /// Notes a capacity a threshold scales by.
    pub fn need_capacity(&mut self, c: Option<String>) {
        if let Some(c) = c
            && !self.capacities.contains(&c)
        {
            self.capacities.push(c);
        }
    }
}

/// A threshold as its constant minimum, or the capacity it scales by.
#[must_use]
pub fn threshold(t: &Threshold) -> (Option<f64>, Option<String>) {
    match t {
        Threshold::Const(v) => (Some(*v), None),
        Threshold::PerUnit { per, .. } | Threshold::Table { per, .. } => (None, Some(per.clone())),
    }
}

/// What a numeric row requires, in words (`≥ 4 组`, or scaled by a capacity).
#[must_use]
pub fn required(min: Option<f64>, capacity: Option<&str>, unit: &Text) -> Option<Text> {
    match (min, capacity) {
        (Some(m), _) => Some(Text::new(
            format!("≥ {}", with_unit(&num(m), &unit.zh)),
            format!("≥ {}", with_unit(&num(m), &unit.en)),
        )),
        (None, Some(c)) => Some(Text::new(
            format!("按规模 `{c}` 折算"),
            format!("scales with the capacity `{c}`"),
        )),
        (None, None) => None,
    }
}

/// The normative strength of a requirement in words (可 / may), for options and encouragements.
#[must_use]
pub fn strength(st: &Standard, r: &Requirement) -> Option<Text> {
    st.strengths.get(&r.strength).map(|s| s.name.clone())
}

/// The row of a staff requirement: people of `role` (holding `qualification`), at least `min`.
pub fn staff_row(
    d: &mut Draft,
    r: &Requirement,
    min: &Threshold,
    role: Option<&str>,
    qualification: Option<String>,
) {
    let (m, c) = threshold(min);
    let unit = Text::new("人", "people");
    if let Some(role) = role {
        d.staff.rows.push(Row {
            required: required(m, c.as_deref(), &unit),
            min: m,
            unit: Some(unit),
            clause: Some(r.clause.clone()),
            ..Row::new(
                &["staff", role],
                r.name.clone(),
                RowKind::Staff {
                    role: role.to_owned(),
                    qualification,
                },
            )
        });
    }
    d.need_capacity(c);
}

/// The row of an item's count (`equipment`) or of its kinds (`kinds`, with `kinds_of`) in a
/// zone's section.
pub fn item_row(
    d: &mut Draft,
    st: &Standard,
    r: &Requirement,
    (zone, item, min): (&str, &str, &Threshold),
    kinds: bool,
) {
    let v = &st.vocabulary;
    let (m, c) = threshold(min);
    let unit = if kinds {
        Text::new("种", "kinds")
    } else {
        v.items
            .get(item)
            .and_then(|i| i.unit.clone())
            .unwrap_or_default()
    };
    let mut key = vec!["zones", zone, "equipment", item];
    if kinds {
        key.push("kinds");
    }
    // The zone's heading names the zone: the row names the item. The requirement's own name
    // for the item, without its zone (the source calls a case-work room's wall display
    // 相关上墙材料), else the item's name.
    let own = |name: &str, sep: &str| name.split_once(sep).map(|(_, item)| item.trim().to_owned());
    let label = match (kinds, own(&r.name.zh, "·"), own(&r.name.en, ": ")) {
        (false, Some(zh), Some(en)) => Text::new(zh, en),
        (true, _, _) => Text::new(
            super::words::kinds_of(v, item, Lang::Zh),
            super::words::kinds_of(v, item, Lang::En),
        ),
        _ => Text::new(v.items.name(item, Lang::Zh), v.items.name(item, Lang::En)),
    };
    let row = Row {
        required: required(m, c.as_deref(), &unit),
        min: m,
        unit: Some(unit),
        clause: Some(r.clause.clone()),
        ..Row::new(
            &key,
            label,
            if kinds {
                RowKind::Kinds
            } else {
                RowKind::Count
            },
        )
    };
    d.zone(v, zone, &r.clause).rows.push(row);
    d.need_capacity(c);
}
