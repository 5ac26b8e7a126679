//! Properties of the whole pipeline over generated inventories. The inventories are drawn from
//! the built-in standard's own vocabulary and requirements (levels, zones, items, roles,
//! qualifications, services, topics, age bands, operation modes; counts and areas around the
//! thresholds), so that every one of them loads and each property is tested on real verdicts:
//!
//! - adding equipment, staff or area never turns a passing requirement into one that does not
//!   pass (monotonicity);
//! - the JSON report parses, re-serializes to the same value, and has the contract's structure
//!   (its verdict follows from its findings);
//! - the order of an inventory's keys changes no verdict and no finding's status;
//! - the same inputs always give byte-identical output, in every format.

// `Surveyed` is a set of independent yes/no answers: bools are the clearest.
#![allow(clippy::unwrap_used, clippy::panic, clippy::struct_excessive_bools)]

use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use serde_json::Value;
use sitecheck::check::{Status, assess};
use sitecheck::i18n::Lang;
use sitecheck::input::{StandardChoice, load};
use sitecheck::model::standard::{Check, Standard};
use sitecheck::report::human::Style;
use sitecheck::report::{Entry, Outcome, RunInfo, Summary};
use sitecheck::source::SourceText;

use crate::util::DATE;

fn standard() -> &'static Arc<Standard> {
    static CELL: OnceLock<Arc<Standard>> = OnceLock::new();
    CELL.get_or_init(|| sitecheck::registry::find_builtin("huancui", None).unwrap())
}

fn ids(terms: &sitecheck::model::standard::Terms) -> Vec<String> {
    terms.ids().map(str::to_owned).collect()
}

// ---------------------------------------------------------------------------------------------
// A generated inventory, and how it is written.

/// An item's value: a bare count, or the long form (each part may be left out: not surveyed).
#[derive(Clone, Debug)]
enum ItemValue {
    Count(u64),
    Long {
        count: Option<u64>,
        kinds: Option<u64>,
        topics: Option<Vec<String>>,
    },
}

#[derive(Clone, Debug)]
struct Zone {
    id: String,
    area: Option<f64>,
    /// None: the equipment was not surveyed.
    equipment: Option<Vec<(String, ItemValue)>>,
    age_bands: Option<Vec<String>>,
}

#[derive(Clone, Debug)]
struct Person {
    role: String,
    qualifications: Vec<String>,
}

/// An inventory. `None` fields are left out (not surveyed).
#[derive(Clone, Debug)]
struct Inv {
    level: String,
    floor_area: Option<f64>,
    staff: Option<Vec<Person>>,
    zones: Option<Vec<Zone>>,
    services: Option<Vec<String>>,
    mode: Option<String>,
    co_located: bool,
    children_served: Option<u64>,
}

/// A YAML-or-JSON tree whose mappings keep the order they are written in.
#[derive(Clone, Debug)]
enum Tree {
    Map(Vec<(String, Tree)>),
    Seq(Vec<Tree>),
    Str(String),
    Int(u64),
    Num(f64),
}

fn map(entries: Vec<(&str, Tree)>) -> Tree {
    Tree::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

fn strs(v: &[String]) -> Tree {
    Tree::Seq(v.iter().cloned().map(Tree::Str).collect())
}

impl Inv {
    fn tree(&self) -> Tree {
        let mut facility = vec![
            ("id", Tree::Str("generated".into())),
            ("name", Tree::Str("生成的设施".into())),
            ("level", Tree::Str(self.level.clone())),
        ];
        if self.co_located {
            facility.push(("co_located_with", Tree::Str("社会工作站".into())));
        }
        let mut top = vec![
            ("facility", map(facility)),
            (
                "survey",
                map(vec![
                    ("kind", Tree::Str("site_survey".into())),
                    ("date", Tree::Str("2026-10-12".into())),
                ]),
            ),
        ];
        if let Some(mode) = &self.mode {
            top.push(("operation", map(vec![("mode", Tree::Str(mode.clone()))])));
        }
        if let Some(a) = self.floor_area {
            top.push(("floor_area_m2", Tree::Num(a)));
        }
        if let Some(staff) = &self.staff {
            top.push((
                "staff",
                Tree::Seq(
                    staff
                        .iter()
                        .map(|p| {
                            map(vec![
                                ("role", Tree::Str(p.role.clone())),
                                ("qualifications", strs(&p.qualifications)),
                            ])
                        })
                        .collect(),
                ),
            ));
        }
        if let Some(zones) = &self.zones {
            let zones = zones
                .iter()
                .map(|z| {
                    let mut e = Vec::new();
                    if let Some(a) = z.area {
                        e.push(("area_m2", Tree::Num(a)));
                    }
                    if let Some(items) = &z.equipment {
                        let items = items
                            .iter()
                            .map(|(id, v)| {
                                let v = match v {
                                    ItemValue::Count(n) => Tree::Int(*n),
                                    ItemValue::Long {
                                        count,
                                        kinds,
                                        topics,
                                    } => {
                                        let mut l = Vec::new();
                                        if let Some(n) = count {
                                            l.push(("count", Tree::Int(*n)));
                                        }
                                        if let Some(k) = kinds {
                                            l.push(("kinds", Tree::Int(*k)));
                                        }
                                        if let Some(t) = topics {
                                            l.push(("topics", strs(t)));
                                        }
                                        map(l)
                                    }
                                };
                                (id.clone(), v)
                            })
                            .collect();
                        e.push(("equipment", Tree::Map(items)));
                    }
                    if let Some(b) = &z.age_bands {
                        e.push(("age_bands", strs(b)));
                    }
                    (z.id.clone(), map(e))
                })
                .collect();
            top.push(("zones", Tree::Map(zones)));
        }
        if let Some(s) = &self.services {
            top.push(("services", strs(s)));
        }
        if let Some(n) = self.children_served {
            top.push(("capacity", map(vec![("children_served", Tree::Int(n))])));
        }
        map(top)
    }
}

impl Tree {
    /// The same tree with every mapping's keys in another order: `seed` picks a rotation and
    /// a reversal per mapping.
    fn reordered(&self, seed: &mut u64) -> Tree {
        match self {
            Tree::Map(entries) => {
                let mut e: Vec<(String, Tree)> = entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.reordered(seed)))
                    .collect();
                *seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                if !e.is_empty() {
                    let by = (*seed >> 33) as usize % e.len();
                    e.rotate_left(by);
                }
                if (*seed >> 40) & 1 == 1 {
                    e.reverse();
                }
                Tree::Map(e)
            }
            Tree::Seq(items) => Tree::Seq(items.iter().map(|v| v.reordered(seed)).collect()),
            other => other.clone(),
        }
    }

    /// Block-style YAML.
    fn yaml(&self) -> String {
        let mut out = String::new();
        self.write_yaml(&mut out, 0);
        out
    }

    fn scalar(&self) -> Option<String> {
        match self {
            Tree::Str(s) => Some(serde_json::to_string(s).unwrap()),
            Tree::Int(n) => Some(n.to_string()),
            Tree::Num(x) => Some(format!("{x:?}")),
            Tree::Map(m) if m.is_empty() => Some("{}".into()),
            Tree::Seq(s) if s.is_empty() => Some("[]".into()),
            _ => None,
        }
    }

    fn write_yaml(&self, out: &mut String, indent: usize) {
        let pad = " ".repeat(indent);
        match self {
            Tree::Map(entries) => {
                for (k, v) in entries {
                    match v.scalar() {
                        Some(s) => {
                            let _ = writeln!(out, "{pad}{k}: {s}");
                        }
                        None => {
                            let _ = writeln!(out, "{pad}{k}:");
                            v.write_yaml(out, indent + 2);
                        }
                    }
                }
            }
            Tree::Seq(items) => {
                for v in items {
                    match v.scalar() {
                        Some(s) => {
                            let _ = writeln!(out, "{pad}- {s}");
                        }
                        None => {
                            // The first line of the item goes after the dash.
                            let mut inner = String::new();
                            v.write_yaml(&mut inner, indent + 2);
                            let inner = inner.trim_start();
                            let _ = write!(out, "{pad}- {inner}");
                        }
                    }
                }
            }
            scalar => {
                let _ = writeln!(out, "{pad}{}", scalar.scalar().unwrap_or_default());
            }
        }
    }

    /// Pretty JSON.
    fn json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out, 0);
        out.push('\n');
        out
    }

    fn write_json(&self, out: &mut String, indent: usize) {
        let pad = " ".repeat(indent + 2);
        match self {
            Tree::Map(entries) if !entries.is_empty() => {
                out.push_str("{\n");
                for (i, (k, v)) in entries.iter().enumerate() {
                    let _ = write!(out, "{pad}{}: ", serde_json::to_string(k).unwrap());
                    v.write_json(out, indent + 2);
                    out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
                }
                let _ = write!(out, "{}}}", " ".repeat(indent));
            }
            Tree::Seq(items) if !items.is_empty() => {
                out.push_str("[\n");
                for (i, v) in items.iter().enumerate() {
                    out.push_str(&pad);
                    v.write_json(out, indent + 2);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                let _ = write!(out, "{}]", " ".repeat(indent));
            }
            scalar => out.push_str(&scalar.scalar().unwrap_or_default()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies.

/// How a generated inventory answers one requirement: it meets it (most often), falls short,
/// or leaves its evidence unsurveyed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    Meet,
    Short,
    Unsurveyed,
}

fn answer() -> impl Strategy<Value = Answer> {
    prop_oneof![12 => Just(Answer::Meet), 2 => Just(Answer::Short), 1 => Just(Answer::Unsurveyed)]
}

/// An item being built: count, kinds and topics, each possibly unsurveyed.
#[derive(Clone, Debug, Default)]
struct ItemDraft {
    count: Option<u64>,
    kinds: Option<u64>,
    topics: Option<Vec<String>>,
    long: bool,
}

#[derive(Clone, Debug, Default)]
struct ZoneDraft {
    equipment_unsurveyed: bool,
    items: Vec<(String, ItemDraft)>,
    age_bands: Option<Vec<String>>,
    missing: bool,
}

/// What is surveyed at all: each false means the whole key is left out.
#[derive(Clone, Copy, Debug)]
struct Surveyed {
    floor_area: bool,
    staff: bool,
    zones: bool,
    services: bool,
}

fn surveyed() -> impl Strategy<Value = Surveyed> {
    let often = || prop::bool::weighted(0.93);
    (often(), often(), often(), often()).prop_map(|(floor_area, staff, zones, services)| Surveyed {
        floor_area,
        staff,
        zones,
        services,
    })
}

fn minimum(t: &sitecheck::model::standard::Threshold, children: Option<u64>) -> f64 {
    t.resolve(&|_| children.map(|c| c as f64)).unwrap_or(1.0)
}

/// The zone being built with this id (added when new).
fn zone<'a>(zones: &'a mut Vec<(String, ZoneDraft)>, id: &str) -> &'a mut ZoneDraft {
    if let Some(i) = zones.iter().position(|(z, _)| z == id) {
        return &mut zones[i].1;
    }
    zones.push((id.to_owned(), ZoneDraft::default()));
    &mut zones.last_mut().unwrap().1
}

/// The item being built with this id (added when new).
fn item<'a>(z: &'a mut ZoneDraft, id: &str) -> &'a mut ItemDraft {
    if let Some(i) = z.items.iter().position(|(x, _)| x == id) {
        return &mut z.items[i].1;
    }
    z.items.push((id.to_owned(), ItemDraft::default()));
    &mut z.items.last_mut().unwrap().1
}

/// Builds an inventory that answers each requirement of `level` as `answers` say (`extra`
/// adds to each amount met; `noise` adds staff and items the level does not ask for).
fn build(
    level: &str,
    answers: &[Answer],
    extra: &[u8],
    surveyed: Surveyed,
    children: Option<u64>,
    noise: (Vec<Person>, Vec<(String, u64)>),
) -> Inv {
    let st = standard();
    let reqs = &st.level(level).unwrap().requirements;
    let mut d = Draft {
        zones: Vec::new(),
        staff: noise.0,
        services: Vec::new(),
        services_unsurveyed: false,
        mode: Some(ids(&st.vocabulary.operation_modes)[0].clone()),
        floor_area: None,
        co_located: false,
    };
    for (i, (r, &a)) in reqs.iter().zip(answers).enumerate() {
        let plus = u64::from(extra.get(i).copied().unwrap_or(0) % 4);
        d.answer(st, r, a, i, plus, children);
    }
    let zones = zones_of(d.zones, noise.1);
    Inv {
        level: level.to_owned(),
        floor_area: d.floor_area.filter(|_| surveyed.floor_area),
        staff: surveyed.staff.then_some(d.staff),
        zones: surveyed.zones.then_some(zones),
        services: (surveyed.services && !d.services_unsurveyed).then_some(d.services),
        mode: d.mode,
        co_located: d.co_located,
        children_served: children,
    }
}

/// The inventory being built, before its zones are finished.
struct Draft {
    zones: Vec<(String, ZoneDraft)>,
    staff: Vec<Person>,
    services: Vec<String>,
    services_unsurveyed: bool,
    mode: Option<String>,
    floor_area: Option<f64>,
    co_located: bool,
}

impl Draft {
    /// Answers requirement `r` (the `i`th) as `a` says, `plus` above the minimum when met.
    fn answer(
        &mut self,
        st: &Standard,
        r: &sitecheck::model::standard::Requirement,
        a: Answer,
        i: usize,
        plus: u64,
        children: Option<u64>,
    ) {
        let amount = |min: f64| -> Option<u64> {
            let min = min.ceil().max(0.0) as u64;
            match a {
                Answer::Meet => Some(min + plus),
                Answer::Short => Some(min.saturating_sub(1 + plus)),
                Answer::Unsurveyed => None,
            }
        };
        match &r.check {
            Check::FloorArea { min } => {
                self.floor_area = amount(minimum(min, children)).map(|n| n as f64 + 0.5);
            }
            Check::Zone { zone: z } => {
                let d = zone(&mut self.zones, z);
                d.missing |= a == Answer::Short;
            }
            Check::Equipment {
                zone: z,
                item: it,
                min,
            } => {
                let n = amount(minimum(min, children));
                item(zone(&mut self.zones, z), it).count = n;
            }
            Check::Kinds {
                zone: z,
                item: it,
                min,
            } => {
                let n = amount(minimum(min, children));
                let d = item(zone(&mut self.zones, z), it);
                d.kinds = n;
                d.long = true;
            }
            Check::Topics {
                zone: z,
                item: it,
                topics,
            } => {
                let d = item(zone(&mut self.zones, z), it);
                d.long = true;
                d.topics = match a {
                    Answer::Meet => Some(topics.clone()),
                    Answer::Short => Some(topics.iter().skip(1).cloned().collect()),
                    Answer::Unsurveyed => None,
                };
            }
            Check::AgeBands { zone: z, bands } => {
                let bands: Vec<String> = bands.iter().map(ToString::to_string).collect();
                zone(&mut self.zones, z).age_bands = match a {
                    Answer::Meet => Some(bands),
                    Answer::Short => Some(bands.into_iter().skip(1).collect()),
                    Answer::Unsurveyed => None,
                };
            }
            Check::StaffCount {
                role,
                qualification,
                min,
                ..
            } => {
                // Without a role, any staffing role counts: the first of the vocabulary.
                let role = role.clone().unwrap_or_else(|| first_staffing_role(st));
                let qualifications: Vec<String> = qualification.iter().cloned().collect();
                self.hire(&role, &qualifications, amount(minimum(min, children)));
            }
            Check::StaffAny { roles, min, .. } => {
                self.hire(&roles[i % roles.len()], &[], amount(minimum(min, children)));
            }
            Check::Operation { modes } => {
                self.mode = match a {
                    Answer::Meet => Some(modes[0].clone()),
                    Answer::Short => ids(&st.vocabulary.operation_modes)
                        .into_iter()
                        .find(|m| !modes.contains(m)),
                    Answer::Unsurveyed => None,
                };
            }
            Check::Service { service, .. } => match a {
                Answer::Meet => self.services.push(service.clone()),
                Answer::Short => {}
                Answer::Unsurveyed => self.services_unsurveyed = true,
            },
            Check::Option { .. } => self.co_located = a == Answer::Meet,
        }
        // An unsurveyed answer to a zone's requirement sometimes leaves the whole equipment
        // list unsurveyed.
        if a == Answer::Unsurveyed
            && plus == 3
            && let Check::Equipment { zone: z, .. } = &r.check
        {
            zone(&mut self.zones, z).equipment_unsurveyed = true;
        }
    }

    /// `n` people in `role` with `qualifications` (none when unsurveyed).
    fn hire(&mut self, role: &str, qualifications: &[String], n: Option<u64>) {
        for _ in 0..n.unwrap_or(0) {
            self.staff.push(Person {
                role: role.to_owned(),
                qualifications: qualifications.to_vec(),
            });
        }
    }
}

/// The first role of the vocabulary that counts as staffing.
fn first_staffing_role(st: &Standard) -> String {
    st.vocabulary
        .roles
        .terms
        .iter()
        .find(|t| t.staffing)
        .map(|t| t.id.clone())
        .unwrap_or_default()
}

/// The drafted zones as the inventory writes them: the `noise` items added to the first, the
/// missing zones left out, each item a count or a long form.
fn zones_of(mut zones: Vec<(String, ZoneDraft)>, noise: Vec<(String, u64)>) -> Vec<Zone> {
    // Noise: items the level does not ask for, in its first zone.
    if let Some((_, z)) = zones.first_mut() {
        for (id, n) in noise {
            if z.items.iter().all(|(x, _)| *x != id) {
                z.items.push((
                    id,
                    ItemDraft {
                        count: Some(n),
                        ..ItemDraft::default()
                    },
                ));
            }
        }
    }
    zones
        .into_iter()
        .filter(|(_, d)| !d.missing)
        .enumerate()
        .map(|(k, (id, d))| Zone {
            id,
            area: (k % 2 == 0).then_some(12.0 + k as f64),
            equipment: (!d.equipment_unsurveyed).then(|| {
                d.items
                    .into_iter()
                    .filter(|(_, it)| it.count.is_some() || it.long)
                    .map(|(id, it)| {
                        let v = match (it.long, it.count) {
                            (false, Some(n)) => ItemValue::Count(n),
                            _ => ItemValue::Long {
                                count: it.count,
                                // More kinds than pieces is refused: a drafted shortfall of
                                // the count takes the kinds down with it.
                                kinds: match (it.count, it.kinds) {
                                    (Some(c), Some(k)) => Some(k.min(c)),
                                    (_, k) => k,
                                },
                                topics: it.topics,
                            },
                        };
                        (id, v)
                    })
                    .collect()
            }),
            age_bands: d.age_bands,
        })
        .collect()
}

fn inventory() -> impl Strategy<Value = Inv> {
    let st = standard();
    let levels: Vec<(String, usize)> = st
        .levels
        .iter()
        .map(|l| (l.id.clone(), l.requirements.len()))
        .collect();
    let roles = ids(&st.vocabulary.roles);
    let quals = ids(&st.vocabulary.qualifications);
    let items = ids(&st.vocabulary.items);
    prop::sample::select(levels).prop_flat_map(move |(level, n)| {
        let person = (
            prop::sample::select(roles.clone()),
            prop::sample::subsequence(quals.clone(), 0..=quals.len()),
        )
            .prop_map(|(role, qualifications)| Person {
                role,
                qualifications,
            });
        (
            Just(level),
            prop::collection::vec(answer(), n),
            prop::collection::vec(any::<u8>(), n),
            surveyed(),
            prop::option::weighted(0.3, 0u64..2000),
            prop::collection::vec(person, 0..3),
            prop::collection::vec((prop::sample::select(items.clone()), 0u64..5), 0..3),
        )
            .prop_map(
                |(level, answers, extra, surveyed, children, people, items)| {
                    build(
                        &level,
                        &answers,
                        &extra,
                        surveyed,
                        children,
                        (people, items),
                    )
                },
            )
    })
}

fn area() -> impl Strategy<Value = f64> {
    prop_oneof![0u32..40, 0u32..400].prop_map(f64::from)
}

/// Something added to an inventory: more of what is there, never less.
#[derive(Clone, Debug)]
enum Addition {
    /// More floor area (or some, where none was surveyed).
    FloorArea(f64),
    /// Another member of staff.
    Staff(Person),
    /// More of an item in a surveyed zone (the item is added when absent).
    Equipment {
        zone: usize,
        item: String,
        more: u64,
    },
    /// More kinds of an item in a surveyed zone.
    Kinds {
        zone: usize,
        item: String,
        more: u64,
    },
    /// More area in a zone.
    ZoneArea { zone: usize, more: f64 },
}

fn addition() -> impl Strategy<Value = Addition> {
    let all_roles = ids(&standard().vocabulary.roles);
    let quals = ids(&standard().vocabulary.qualifications);
    let items: Vec<String> = ids(&standard().vocabulary.items);
    prop_oneof![
        area().prop_map(|a| Addition::FloorArea(a + 1.0)),
        (
            prop::sample::select(all_roles),
            prop::sample::subsequence(quals.clone(), 0..=quals.len())
        )
            .prop_map(|(role, qualifications)| Addition::Staff(Person {
                role,
                qualifications
            })),
        (0usize..8, prop::sample::select(items.clone()), 1u64..70)
            .prop_map(|(zone, item, more)| Addition::Equipment { zone, item, more }),
        (0usize..8, prop::sample::select(items.clone()), 1u64..20)
            .prop_map(|(zone, item, more)| Addition::Kinds { zone, item, more }),
        (0usize..8, area()).prop_map(|(zone, a)| Addition::ZoneArea {
            zone,
            more: a + 1.0
        }),
    ]
}

impl Inv {
    /// This inventory with `add` applied to what it surveyed (an addition to something not
    /// surveyed surveys it, which never makes a pass).
    fn with(&self, add: &Addition) -> Inv {
        let mut inv = self.clone();
        match add {
            Addition::FloorArea(a) => inv.floor_area = Some(inv.floor_area.unwrap_or(0.0) + a),
            Addition::Staff(p) => inv.staff.get_or_insert_with(Vec::new).push(p.clone()),
            Addition::Equipment { zone, item, more } => {
                if let Some(z) = zone_mut(&mut inv, *zone) {
                    let items = z.equipment.get_or_insert_with(Vec::new);
                    match items.iter_mut().find(|(id, _)| id == item) {
                        Some((_, ItemValue::Count(n))) => *n += more,
                        Some((_, ItemValue::Long { count, .. })) => {
                            *count = Some(count.unwrap_or(0) + more);
                        }
                        None => items.push((item.clone(), ItemValue::Count(*more))),
                    }
                }
            }
            Addition::Kinds { zone, item, more } => {
                if let Some(z) = zone_mut(&mut inv, *zone)
                    && let Some(items) = &mut z.equipment
                {
                    for (id, v) in items.iter_mut() {
                        if id == item
                            && let ItemValue::Long { kinds, count, .. } = v
                        {
                            let k = kinds.unwrap_or(0) + more;
                            *kinds = Some(k);
                            // More kinds than pieces is refused: new kinds come with their
                            // pieces (still only an addition).
                            if let Some(c) = count {
                                *c = (*c).max(k);
                            }
                        }
                    }
                }
            }
            Addition::ZoneArea { zone, more } => {
                if let Some(z) = zone_mut(&mut inv, *zone) {
                    z.area = Some(z.area.unwrap_or(0.0) + more);
                }
            }
        }
        inv
    }
}

fn zone_mut(inv: &mut Inv, i: usize) -> Option<&mut Zone> {
    let zones = inv.zones.as_mut()?;
    let n = zones.len();
    if n == 0 { None } else { zones.get_mut(i % n) }
}

// ---------------------------------------------------------------------------------------------
// Running the pipeline.

fn date() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(DATE, "%Y-%m-%d").unwrap()
}

/// Loads and assesses a text as the CLI does; panics (failing the property) when a generated
/// inventory does not load, since every one is meant to be valid.
fn entry(name: &str, text: &str) -> Entry {
    let src = SourceText::new(name, text);
    let outcome = match load(&src, &StandardChoice::AUTO) {
        Ok((inv, st)) => Outcome::Checked(Box::new(assess(inv, st, &[], date()))),
        Err(problems) => panic!(
            "a generated inventory does not load: {:?}\n{text}",
            problems
                .iter()
                .map(|p| (p.message.en.clone(), p.location.map(|l| (l.line, l.column))))
                .collect::<Vec<_>>()
        ),
    };
    Entry {
        source: name.to_owned(),
        text: Some(src),
        outcome,
    }
}

/// (requirement, status) of every finding, and the verdict.
fn statuses(e: &Entry) -> (String, Vec<(String, Status)>) {
    match &e.outcome {
        Outcome::Checked(a) => (
            a.verdict.as_str().to_owned(),
            a.findings
                .iter()
                .map(|f| (f.requirement.clone(), f.status))
                .collect(),
        ),
        Outcome::Failed { .. } => unreachable!("checked above"),
    }
}

fn info(lang: Lang) -> RunInfo {
    RunInfo {
        explain: false,
        fail_on: sitecheck::report::FailOn::Error,
        lang,
        omit_passes: false,
        date: DATE.to_owned(),
        tool_version: "test".to_owned(),
        waivers: None,
        style: Style::default(),
    }
}

const FORMATS: [&str; 6] = ["human", "json", "markdown", "html", "sarif", "junit"];

fn render(format: &str, entries: &[Entry], lang: Lang) -> Vec<u8> {
    use clap::ValueEnum as _;
    let summary = Summary::of(entries);
    let info = info(lang);
    let mut out = Vec::new();
    sitecheck::report::Format::from_str(format, false)
        .unwrap()
        .renderer()
        .render(&mut out, entries, &summary, &info)
        .unwrap();
    out
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn adding_equipment_staff_or_area_never_turns_a_pass_into_anything_else(
        inv in inventory(),
        adds in prop::collection::vec(addition(), 1..4),
    ) {
        let before = entry("before.yaml", &inv.tree().yaml());
        let mut more = inv.clone();
        for a in &adds {
            more = more.with(a);
        }
        let after = entry("after.yaml", &more.tree().yaml());
        let (_, b) = statuses(&before);
        let (_, a) = statuses(&after);
        prop_assert_eq!(b.len(), a.len());
        for ((id, was), (id2, now)) in b.iter().zip(&a) {
            prop_assert_eq!(id, id2);
            if *was == Status::Pass {
                prop_assert_eq!(
                    *now, Status::Pass,
                    "{} passed, then {:?} after {:?}", id, now, adds
                );
            }
        }
    }

    #[test]
    fn reordering_the_keys_changes_no_verdict_and_no_finding(
        inv in inventory(),
        seed in any::<u64>(),
        json in any::<bool>(),
    ) {
        let tree = inv.tree();
        let mut s = seed;
        let shuffled = tree.reordered(&mut s);
        let (a, b) = if json {
            (tree.json(), shuffled.json())
        } else {
            (tree.yaml(), shuffled.yaml())
        };
        let name = if json { "inv.json" } else { "inv.yaml" };
        prop_assert_eq!(statuses(&entry(name, &a)), statuses(&entry(name, &b)));
    }

    #[test]
    fn yaml_and_json_spellings_of_one_inventory_agree(inv in inventory()) {
        let tree = inv.tree();
        prop_assert_eq!(
            statuses(&entry("inv.yaml", &tree.yaml())),
            statuses(&entry("inv.json", &tree.json()))
        );
    }

}

proptest! {
    // Rendering every format is the slow part: fewer cases, each a batch.
    #![proptest_config(config(40))]

    #[test]
    fn the_json_report_round_trips_and_keeps_the_contract_structure(
        invs in prop::collection::vec(inventory(), 1..4),
        zh in any::<bool>(),
    ) {
        let entries: Vec<Entry> = invs
            .iter()
            .enumerate()
            .map(|(i, inv)| entry(&format!("inv{i}.yaml"), &inv.tree().yaml()))
            .collect();
        let lang = if zh { Lang::Zh } else { Lang::En };
        let bytes = render("json", &entries, lang);
        let doc: Value = serde_json::from_slice(&bytes).unwrap();
        // Re-serialized, compact or pretty, and parsed again: the same value.
        let again: Value = serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap();
        prop_assert_eq!(&doc, &again);
        let pretty: Value =
            serde_json::from_str(&serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        prop_assert_eq!(&doc, &pretty);
        check_structure(&doc, &entries)?;
    }

}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn the_same_inputs_give_byte_identical_output_in_every_format(
        invs in prop::collection::vec(inventory(), 1..3),
        zh in any::<bool>(),
    ) {
        let lang = if zh { Lang::Zh } else { Lang::En };
        let texts: Vec<String> = invs.iter().map(|i| i.tree().yaml()).collect();
        let load_all = || -> Vec<Entry> {
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| entry(&format!("inv{i}.yaml"), t))
                .collect()
        };
        let (first, second) = (load_all(), load_all());
        for format in FORMATS {
            let a = render(format, &first, lang);
            let b = render(format, &second, lang);
            prop_assert!(a == b, "{} differs between two runs", format);
        }
    }
}

/// The contract's JSON report: `schema_version`, one report per input in input order with
/// `source`, `facility`, `standard`, `status` and `findings` (each finding with its id, clause,
/// status, severity, message, expected, actual and location), a summary that counts them, and
/// each status following from the findings.
fn check_structure(doc: &Value, entries: &[Entry]) -> Result<(), TestCaseError> {
    prop_assert!(doc["schema_version"].is_string());
    let reports = doc["reports"].as_array().unwrap();
    prop_assert_eq!(reports.len(), entries.len());
    // Each facility once: an id met again is listed (duplicates, conflicts), not counted.
    let repeats: u64 = ["duplicates", "conflicts"]
        .iter()
        .map(|k| doc["summary"][k].as_array().map_or(0, |a| a.len() as u64))
        .sum();
    prop_assert_eq!(
        doc["summary"]["total"].as_u64().unwrap_or_default() + repeats,
        entries.len() as u64
    );
    let mut counted = 0;
    for (r, e) in reports.iter().zip(entries) {
        prop_assert_eq!(r["source"].as_str(), Some(e.source.as_str()));
        for k in ["id", "name", "level"] {
            prop_assert!(r["facility"].get(k).is_some(), "facility.{} missing", k);
        }
        prop_assert!(r["standard"]["id"].is_string() && r["standard"]["version"].is_string());
        let findings = r["findings"].as_array().unwrap();
        let (verdict, statuses) = statuses(e);
        prop_assert_eq!(findings.len(), statuses.len());
        let mut fails = false;
        let mut open = false;
        for (f, (id, status)) in findings.iter().zip(&statuses) {
            for k in [
                "requirement",
                "clause",
                "status",
                "severity",
                "message",
                "expected",
                "actual",
                "location",
            ] {
                prop_assert!(f.get(k).is_some(), "finding {} has no {}", id, k);
            }
            prop_assert_eq!(f["requirement"].as_str(), Some(id.as_str()));
            prop_assert_eq!(f["status"].as_str(), Some(status.as_str()));
            let loc = &f["location"];
            prop_assert!(
                loc.is_null()
                    || (loc["line"].as_u64() >= Some(1) && loc["column"].as_u64() >= Some(1)),
                "{}: location {}",
                id,
                loc
            );
            if f["severity"] == "error" {
                fails |= f["status"] == "fail";
                open |= f["status"] == "not_assessed";
            }
        }
        let expected = if fails {
            "non_compliant"
        } else if open {
            "incomplete"
        } else {
            "compliant"
        };
        prop_assert_eq!(r["status"].as_str(), Some(expected));
        prop_assert_eq!(verdict.as_str(), expected);
        counted += 1;
    }
    let s = &doc["summary"];
    let sum: u64 = ["compliant", "non_compliant", "incomplete", "error"]
        .iter()
        .map(|k| s[k].as_u64().unwrap_or(0))
        .sum();
    prop_assert_eq!(sum + repeats, counted);
    Ok(())
}

/// The generator is worth its name: across many inventories, every status shows up, and so
/// does every verdict — a property over inventories that all pass (or all fail) would prove
/// little.
#[test]
fn generated_inventories_reach_every_verdict_and_status() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = inventory();
    let mut verdicts = std::collections::BTreeSet::new();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..300 {
        let inv = strategy.new_tree(&mut runner).unwrap().current();
        let (verdict, statuses) = statuses(&entry("inv.yaml", &inv.tree().yaml()));
        verdicts.insert(verdict);
        seen.extend(statuses.into_iter().map(|(_, s)| s.as_str()));
    }
    assert_eq!(
        verdicts.into_iter().collect::<Vec<_>>(),
        ["compliant", "incomplete", "non_compliant"]
    );
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        ["fail", "not_assessed", "pass"]
    );
}
