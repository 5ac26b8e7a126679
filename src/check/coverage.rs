//! The three-level network's coverage (三级网络覆盖): Art. 10 (镇(街道)应当设立未成年人保护工作站)
//! and Art. 14 (村(居)应当设置儿童之家) make coverage itself a requirement. Given the district's
//! roster and the facilities surveyed this round, which towns have no workstation, which
//! villages no children's home, which facilities the roster expects were not surveyed, and which
//! surveyed facilities are in no roster entry.
//!
//! A facility belongs to a roster entry by the `facility` id the entry expects, else by its
//! `region` ending in the entry's name (a children's home whose region ends in a village name
//! two towns share goes to the one whose town name the region also holds). Only site surveys
//! count: a proposed layout is not a facility yet.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::roster::Roster;
use crate::model::standard::normalize_name;

/// What the coverage needs of one facility surveyed this round: kept for every input of a run
/// (a few short strings each), never its report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Surveyed {
    /// Facility id.
    pub id: String,
    /// Level id.
    pub level: String,
    /// Its `facility.region`.
    pub region: Option<String>,
    /// The input it comes from.
    pub source: String,
}

/// Coverage of one town.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TownCoverage {
    /// Administrative code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The workstations surveyed there (ids); empty: the town has none.
    pub stations: Vec<String>,
    /// How many villages the roster lists in it.
    pub villages: usize,
    /// Of which with a children's home surveyed this round.
    pub villages_with_home: usize,
    /// The villages without one: (code, name).
    pub villages_without_home: Vec<Place>,
    /// `villages_with_home / villages` (None for a town with no villages listed).
    pub rate: Option<f64>,
}

/// A town or village of the roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    /// Administrative code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// A facility the roster expects that no input of this run surveyed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Expected {
    /// The facility id the roster names.
    pub facility: String,
    /// Where: the town, or the village (with its town).
    pub place: String,
    /// Its level: the workstation's or the children's home's.
    pub level: String,
}

/// A surveyed facility that is in no roster entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unplaced {
    /// Facility id.
    pub facility: String,
    /// Its level.
    pub level: String,
    /// Its region as written (None: it gives none).
    pub region: Option<String>,
    /// The input.
    pub source: String,
    /// Whether its region matches villages of more than one town (it is then not placed).
    pub ambiguous: bool,
}

/// An article that makes coverage a requirement, as the standard words it (`network:`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Article {
    /// The level every town (or village) must have.
    pub level: String,
    /// `town` or `village`.
    pub of: String,
    /// Its clause (`第十条`).
    pub clause: String,
    /// Its words.
    pub text: crate::i18n::Text,
}

/// The network's coverage over a roster.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coverage {
    /// The articles that require it (Art. 10, Art. 14), from the standard.
    pub articles: Vec<Article>,
    /// The district's name.
    pub district: Option<String>,
    /// The level a town must have (Art. 10: the workstation).
    pub town_level: String,
    /// The level a village must have (Art. 14: the children's home).
    pub village_level: String,
    /// Towns listed.
    pub towns: usize,
    /// Of which with a workstation surveyed this round.
    pub towns_with_station: usize,
    /// Villages listed.
    pub villages: usize,
    /// Of which with a children's home surveyed this round.
    pub villages_with_home: usize,
    /// `towns_with_station / towns`.
    pub town_rate: Option<f64>,
    /// `villages_with_home / villages`.
    pub village_rate: Option<f64>,
    /// The towns without a workstation.
    pub towns_without_station: Vec<Place>,
    /// Every town, with its villages' coverage.
    pub by_town: Vec<TownCoverage>,
    /// Facilities the roster expects that were not surveyed this round.
    pub not_surveyed: Vec<Expected>,
    /// Surveyed workstations and children's homes in no roster entry.
    pub not_in_roster: Vec<Unplaced>,
    /// Facilities the roster expects by id at a place of another level (a workstation's id
    /// given for a village): not counted there.
    pub wrong_level: Vec<Expected>,
}

/// The articles of a standard that make coverage a requirement (its `network:`).
#[must_use]
pub fn articles(st: &crate::model::standard::Standard) -> Vec<Article> {
    st.network
        .iter()
        .map(|n| Article {
            level: n.level.clone(),
            of: n.of.as_str().to_owned(),
            clause: n.clause.clone(),
            text: n.text.clone(),
        })
        .collect()
}

fn rate(n: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| n as f64 / of as f64)
}

/// Whether a region ends in a place's name (both folded as names are).
fn in_place(region: &str, name: &str) -> bool {
    let name = normalize_name(name);
    !name.is_empty() && normalize_name(region).ends_with(&name)
}

/// Measures the coverage of `roster` by the facilities surveyed (site surveys only; the
/// caller leaves proposed layouts out). `town_level` and `village_level` are the levels Art. 10
/// and Art. 14 require of a town and of a village; facilities of other levels are not placed.
#[must_use]
pub fn measure(roster: &Roster, surveyed: &[Surveyed], articles: &[Article]) -> Coverage {
    let level_of = |of: &str| {
        articles
            .iter()
            .find(|a| a.of == of)
            .map_or("", |a| a.level.as_str())
    };
    let (town_level, village_level) = (level_of("town"), level_of("village"));
    let Placed {
        mut station_of,
        home_of,
        not_in_roster,
        wrong_level,
    } = place(roster, surveyed, town_level, village_level);
    let surveyed_ids: BTreeSet<&str> = surveyed.iter().map(|s| s.id.as_str()).collect();
    let mut by_town = Vec::with_capacity(roster.towns.len());
    let mut towns_without_station = Vec::new();
    let mut not_surveyed = Vec::new();
    for (ti, t) in roster.towns.iter().enumerate() {
        let stations = station_of.remove(&ti).unwrap_or_default();
        if stations.is_empty() {
            towns_without_station.push(Place {
                code: t.code.clone(),
                name: t.name.clone(),
            });
        }
        if let Some(id) = &t.facility
            && !surveyed_ids.contains(id.as_str())
        {
            not_surveyed.push(Expected {
                facility: id.clone(),
                place: t.name.clone(),
                level: town_level.to_owned(),
            });
        }
        let mut without = Vec::new();
        for (vi, v) in t.villages.iter().enumerate() {
            if !home_of.contains(&(ti, vi)) {
                without.push(Place {
                    code: v.code.clone(),
                    name: v.name.clone(),
                });
            }
            if let Some(id) = &v.facility
                && !surveyed_ids.contains(id.as_str())
            {
                not_surveyed.push(Expected {
                    facility: id.clone(),
                    place: format!("{}{}", t.name, v.name),
                    level: village_level.to_owned(),
                });
            }
        }
        let with = t.villages.len() - without.len();
        by_town.push(TownCoverage {
            code: t.code.clone(),
            name: t.name.clone(),
            stations,
            villages: t.villages.len(),
            villages_with_home: with,
            villages_without_home: without,
            rate: rate(with, t.villages.len()),
        });
    }
    let towns = roster.towns.len();
    let villages = roster.villages();
    let towns_with_station = towns - towns_without_station.len();
    let villages_with_home = by_town.iter().map(|t| t.villages_with_home).sum();
    Coverage {
        articles: articles.to_vec(),
        district: roster.district.clone(),
        town_level: town_level.to_owned(),
        village_level: village_level.to_owned(),
        towns,
        towns_with_station,
        villages,
        villages_with_home,
        town_rate: rate(towns_with_station, towns),
        village_rate: rate(villages_with_home, villages),
        towns_without_station,
        by_town,
        not_surveyed,
        not_in_roster,
        wrong_level,
    }
}

/// Where the surveyed facilities stand in the roster.
struct Placed {
    /// The stations found in each town, by town index.
    station_of: BTreeMap<usize, Vec<String>>,
    /// The villages with a children's home: (town index, village index).
    home_of: BTreeSet<(usize, usize)>,
    /// The facilities of a placed level that no roster entry takes.
    not_in_roster: Vec<Unplaced>,
    /// The facilities the roster expects by id at a place of the other level.
    wrong_level: Vec<Expected>,
}

/// Places each surveyed facility of the town or the village level in its roster entry: by the
/// id the roster expects there, else by its region.
fn place(roster: &Roster, surveyed: &[Surveyed], town_level: &str, village_level: &str) -> Placed {
    let mut station_of: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut home_of: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut not_in_roster = Vec::new();
    let mut wrong_level = Vec::new();
    let expected = expected_ids(roster);
    for f in surveyed {
        let region = f.region.as_deref().unwrap_or_default();
        let is_station = !town_level.is_empty() && f.level == town_level;
        let is_home = !village_level.is_empty() && f.level == village_level;
        // Expected by id at a place of the other level: said, and not counted anywhere.
        if let Some(&(ti, vi)) = expected.get(f.id.as_str())
            && (is_station || is_home)
            && vi.is_some() == is_station
        {
            let t = &roster.towns[ti];
            wrong_level.push(Expected {
                facility: f.id.clone(),
                place: vi
                    .and_then(|v| t.villages.get(v))
                    .map_or_else(|| t.name.clone(), |v| format!("{}{}", t.name, v.name)),
                level: f.level.clone(),
            });
        } else if is_station {
            let by_id = roster
                .towns
                .iter()
                .position(|t| t.facility.as_deref() == Some(f.id.as_str()));
            let at = by_id.or_else(|| roster.towns.iter().position(|t| in_place(region, &t.name)));
            match at {
                Some(t) => station_of.entry(t).or_default().push(f.id.clone()),
                None => not_in_roster.push(unplaced(f, false)),
            }
        } else if is_home {
            match place_home(roster, f, region) {
                Ok(at) => {
                    home_of.insert(at);
                }
                Err(ambiguous) => not_in_roster.push(unplaced(f, ambiguous)),
            }
        }
    }
    Placed {
        station_of,
        home_of,
        not_in_roster,
        wrong_level,
    }
}

/// The roster town a facility belongs to (its index in `roster.towns`), by the rules that
/// place it for the coverage: the id a town or village expects, else its `region` ending in a
/// town's name, else in a village's name (a village name two towns share goes to the town the
/// region also names). None when the roster does not place it.
#[must_use]
pub fn town_of(roster: &Roster, id: &str, region: Option<&str>) -> Option<usize> {
    if let Some(&(ti, _)) = expected_ids(roster).get(id) {
        return Some(ti);
    }
    let region = region.unwrap_or_default();
    if let Some(ti) = roster.towns.iter().position(|t| in_place(region, &t.name)) {
        return Some(ti);
    }
    let f = Surveyed {
        id: id.to_owned(),
        level: String::new(),
        region: Some(region.to_owned()),
        source: String::new(),
    };
    place_home(roster, &f, region).ok().map(|(ti, _)| ti)
}

/// The ids the roster expects, and where: (town index, village index for a village).
fn expected_ids(roster: &Roster) -> BTreeMap<&str, (usize, Option<usize>)> {
    let mut expected = BTreeMap::new();
    for (ti, t) in roster.towns.iter().enumerate() {
        if let Some(id) = &t.facility {
            expected.insert(id.as_str(), (ti, None));
        }
        for (vi, v) in t.villages.iter().enumerate() {
            if let Some(id) = &v.facility {
                expected.insert(id.as_str(), (ti, Some(vi)));
            }
        }
    }
    expected
}

/// The village a children's home belongs to: by the id the roster expects there, else by its
/// region; `Err(true)` when the region matches villages of several towns and names none of
/// them, `Err(false)` when it matches none.
fn place_home(roster: &Roster, f: &Surveyed, region: &str) -> Result<(usize, usize), bool> {
    let mut by_region = Vec::new();
    for (ti, t) in roster.towns.iter().enumerate() {
        for (vi, v) in t.villages.iter().enumerate() {
            if v.facility.as_deref() == Some(f.id.as_str()) {
                return Ok((ti, vi));
            }
            if in_place(region, &v.name) {
                by_region.push((ti, vi));
            }
        }
    }
    match by_region.as_slice() {
        [] => Err(false),
        [one] => Ok(*one),
        several => {
            let folded = normalize_name(region);
            let named: Vec<&(usize, usize)> = several
                .iter()
                .filter(|(ti, _)| {
                    roster
                        .towns
                        .get(*ti)
                        .is_some_and(|t| folded.contains(&normalize_name(&t.name)))
                })
                .collect();
            match named.as_slice() {
                [one] => Ok(**one),
                _ => Err(true),
            }
        }
    }
}

fn unplaced(f: &Surveyed, ambiguous: bool) -> Unplaced {
    Unplaced {
        facility: f.id.clone(),
        level: f.level.clone(),
        region: f.region.clone(),
        source: f.source.clone(),
        ambiguous,
    }
}
