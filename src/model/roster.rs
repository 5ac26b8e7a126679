//! The district roster, validated: every town and village with a code and a name, no code
//! twice, no facility id expected in two places.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Problem};
use crate::i18n::Text;
use crate::limits::MAX_ROSTER_ENTRIES;
use crate::load::Sp;
use crate::load::roster::RawRoster;
use crate::source::Location;

/// The district's towns and villages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roster {
    /// The district's name, if given.
    pub district: Option<String>,
    /// Its towns (镇/街道), in file order.
    pub towns: Vec<Town>,
}

/// One town (镇/街道).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Town {
    /// Administrative code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The workstation expected here.
    pub facility: Option<String>,
    /// Its villages (村/居), in file order.
    pub villages: Vec<Village>,
    /// Where it is in the roster.
    pub location: Option<Location>,
}

/// One village (村/居).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Village {
    /// Administrative code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The children's home expected here.
    pub facility: Option<String>,
    /// Where it is in the roster.
    pub location: Option<Location>,
}

impl Roster {
    /// How many villages the roster lists.
    #[must_use]
    pub fn villages(&self) -> usize {
        self.towns.iter().map(|t| t.villages.len()).sum()
    }
}

/// Builds the roster, checking it.
///
/// # Errors
/// Every empty name or code, code given twice, facility expected in two places, and a roster
/// beyond [`MAX_ROSTER_ENTRIES`].
pub fn build(raw: &RawRoster) -> Result<Roster, Vec<Problem>> {
    let mut problems = Vec::new();
    let entries = raw.towns.len()
        + raw
            .towns
            .iter()
            .map(|t| t.value.villages.len())
            .sum::<usize>();
    if entries > MAX_ROSTER_ENTRIES {
        return Err(vec![Problem::new(
            Code::TooLarge,
            Text::new(
                format!("名册共 {entries} 个镇村，超过上限 {MAX_ROSTER_ENTRIES} 个"),
                format!(
                    "the roster lists {entries} towns and villages, more than {MAX_ROSTER_ENTRIES}"
                ),
            ),
            raw.towns.first().and_then(|t| t.loc),
        )]);
    }
    let mut codes: BTreeMap<String, Option<Location>> = BTreeMap::new();
    let mut facilities: BTreeMap<String, Option<Location>> = BTreeMap::new();
    let mut towns = Vec::with_capacity(raw.towns.len());
    for t in &raw.towns {
        let town = &t.value;
        let code = text(&town.code, "区划代码", "code", &mut problems);
        let name = text(&town.name, "名称", "name", &mut problems);
        unique(&code, town.code.loc, &mut codes, Kind::Code, &mut problems);
        let facility = town.facility.as_ref().map(|f| {
            unique(
                &f.value,
                f.loc,
                &mut facilities,
                Kind::Facility,
                &mut problems,
            );
            f.value.trim().to_owned()
        });
        let mut villages = Vec::with_capacity(town.villages.len());
        for v in &town.villages {
            let village = &v.value;
            let code = text(&village.code, "区划代码", "code", &mut problems);
            let name = text(&village.name, "名称", "name", &mut problems);
            unique(
                &code,
                village.code.loc,
                &mut codes,
                Kind::Code,
                &mut problems,
            );
            let facility = village.facility.as_ref().map(|f| {
                unique(
                    &f.value,
                    f.loc,
                    &mut facilities,
                    Kind::Facility,
                    &mut problems,
                );
                f.value.trim().to_owned()
            });
            villages.push(Village {
                code,
                name,
                facility,
                location: v.loc,
            });
        }
        towns.push(Town {
            code,
            name,
            facility,
            villages,
            location: t.loc,
        });
    }
    if problems.is_empty() {
        Ok(Roster {
            district: raw
                .district
                .as_ref()
                .map(|d| d.value.trim().to_owned())
                .filter(|d| !d.is_empty()),
            towns,
        })
    } else {
        Err(problems)
    }
}

/// A code or a name: trimmed, not empty.
fn text(s: &Sp<String>, zh: &str, en: &str, problems: &mut Vec<Problem>) -> String {
    let t = s.value.trim();
    if t.is_empty() {
        problems.push(Problem::new(
            Code::MissingValue,
            Text::new(format!("{zh}为空"), format!("the {en} is empty")),
            s.loc,
        ));
    }
    t.to_owned()
}

#[derive(Clone, Copy)]
enum Kind {
    Code,
    Facility,
}

/// A code, or an expected facility id, is given once in the whole roster.
fn unique(
    value: &str,
    loc: Option<Location>,
    seen: &mut BTreeMap<String, Option<Location>>,
    kind: Kind,
    problems: &mut Vec<Problem>,
) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    if let Some(first) = seen.get(value) {
        let line = first.map_or(0, |l| l.line);
        let (zh, en) = match kind {
            Kind::Code => (
                format!("区划代码 {value} 在名册中重复（第 {line} 行已有）"),
                format!("the code {value} is given twice (first on line {line})"),
            ),
            Kind::Facility => (
                format!("设施编号 {value} 在名册中对应了两处（第 {line} 行已有）"),
                format!("the facility {value} is expected in two places (first on line {line})"),
            ),
        };
        problems.push(Problem::new(
            Code::DuplicateRosterEntry,
            Text::new(zh, en),
            loc,
        ));
    } else {
        seen.insert(value.to_owned(), loc);
    }
}
