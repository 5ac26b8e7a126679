//! The validated inventory: every name resolved to its canonical id, every value with the
//! location of its evidence, *absent or null* kept apart from *zero*.

use crate::diagnostic::Problem;
use crate::i18n::Text;
use foldhash::{HashMap, HashMapExt as _};

use crate::load::inventory::{RawInventory, RawItem, RawServices, RawZone, SurveyKind};
use crate::load::{Ev, Sp};
use crate::model::standard::{AgeBand, Terms, Vocabulary, normalize_name};
use crate::source::Location;

/// Evidence for one key: `value` is None when the key is absent or null (not surveyed);
/// `loc` is where the key's value is written (None when the key is absent).
#[derive(Clone, Debug, PartialEq)]
pub struct Field<T> {
    /// The value, when surveyed.
    pub value: Option<T>,
    /// Where it is (or where the null is).
    pub loc: Option<Location>,
}

impl<T> Default for Field<T> {
    fn default() -> Self {
        Self {
            value: None,
            loc: None,
        }
    }
}

impl<T> Field<T> {
    fn from_ev<R>(ev: &Ev<R>, f: impl FnOnce(&R) -> T) -> Self {
        Self {
            value: ev.value().map(f),
            loc: ev.loc(),
        }
    }
}

/// The facility's identity.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Facility {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Where `id:` is written.
    pub id_loc: Option<Location>,
    /// Canonical level id.
    pub level: String,
    /// Where `level:` is written.
    pub level_loc: Option<Location>,
    /// Region.
    pub region: Option<String>,
    /// Shared premises.
    pub co_located_with: Field<String>,
    /// Records that contradict themselves (more kinds of an item than pieces): shown with the
    /// facility's warnings; what they would decide is not assessed, and everything else is.
    pub record_warnings: Vec<Problem>,
}

/// A member of staff: one person, with every role they hold.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffMember {
    /// Name.
    pub name: Option<String>,
    /// Staff number.
    pub id: Option<String>,
    /// Canonical role ids (one or more).
    pub roles: Vec<String>,
    /// Title on the roster (free text).
    pub title: Option<String>,
    /// Canonical qualification ids.
    pub qualifications: Vec<String>,
    /// Where the entry is.
    pub loc: Option<Location>,
}

impl StaffMember {
    /// Whether the person holds this role.
    #[must_use]
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
    /// How a report names the person: the name, else the staff number, else the entry's line.
    #[must_use]
    pub fn label(&self) -> String {
        match (&self.name, &self.id, self.loc) {
            (Some(n), _, _) if !n.trim().is_empty() => n.trim().to_owned(),
            (_, Some(i), _) => i.clone(),
            (_, _, Some(l)) => format!("#{}", l.line),
            _ => "?".to_owned(),
        }
    }
}

/// One duty as the inventory records it, with its evidence (台账).
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceRecord {
    /// Canonical service id.
    pub id: String,
    /// Where it is written.
    pub loc: Option<Location>,
    /// Performed (`None`: left null, not surveyed).
    pub provided: Option<bool>,
    /// The record that shows it.
    pub record: Option<String>,
    /// The latest record's date, YYYY-MM-DD.
    pub last_done: Option<String>,
    /// Where `last_done` is written.
    pub last_done_loc: Option<Location>,
}

/// An equipment item in a zone.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Canonical id.
    pub id: String,
    /// Where its key is written.
    pub key_loc: Option<Location>,
    /// Count (None: not surveyed).
    pub count: Field<u64>,
    /// Kinds (None: not surveyed).
    pub kinds: Field<u64>,
    /// Canonical topic ids (unknown topics kept as written).
    pub topics: Field<Vec<String>>,
}

/// A zone.
#[derive(Clone, Debug, PartialEq)]
pub struct Zone {
    /// Canonical id.
    pub id: String,
    /// Where its key is written.
    pub key_loc: Option<Location>,
    /// Area m².
    pub area_m2: Field<f64>,
    /// Equipment (None: not surveyed; Some(empty): an empty room).
    pub equipment: Field<Vec<Item>>,
    /// Age bands.
    pub age_bands: Field<Vec<AgeBand>>,
    /// Items outside the vocabulary.
    pub other_equipment: Vec<String>,
}

impl Zone {
    /// The item with this id.
    #[must_use]
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.equipment
            .value
            .as_ref()
            .and_then(|v| v.iter().find(|i| i.id == id))
    }
}

/// A validated inventory.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Inventory {
    /// Identity.
    pub facility: Facility,
    /// Its own `standard:` key (a standard's id, optionally @VERSION).
    pub standard: Option<Sp<String>>,
    /// Its `standard_sha256:` key: the digest of the standard's text it was made from.
    pub standard_sha256: Option<Sp<String>>,
    /// Survey kind.
    pub survey_kind: Option<SurveyKind>,
    /// Survey date YYYY-MM-DD.
    pub survey_date: Option<String>,
    /// Surveyor.
    pub surveyor: Option<String>,
    /// Canonical operation mode.
    pub operation_mode: Field<String>,
    /// Where `operation:` is (None: absent).
    pub operation_loc: Option<Location>,
    /// Operator.
    pub operator: Option<String>,
    /// Floor area m².
    pub floor_area: Field<f64>,
    /// Staff.
    pub staff: Field<Vec<StaffMember>>,
    /// Zones.
    pub zones: Field<Vec<Zone>>,
    /// Rooms outside the vocabulary.
    pub other_zones: Vec<String>,
    /// The duties recorded, each with its evidence and location.
    pub services: Field<Vec<ServiceRecord>>,
    /// Named capacities.
    pub capacity: Vec<(String, f64)>,
    /// A survey form's word on the zones it does not have in `zones` (`None` for an inventory
    /// file, where a zone left out of a surveyed `zones` is absent).
    pub form_zones: Option<FormZones>,
}

/// On a survey form every zone has a sheet, which says 有 (there), 无 (surveyed, not there) or
/// nothing (not surveyed): the zones not in `zones`, apart.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FormZones {
    /// Zones whose sheet says 无: each fails, at that cell.
    pub absent: Vec<(String, Option<Location>)>,
    /// Zones whose sheet was left blank: not surveyed, at its presence cell. (A zone sheet of
    /// the level's form that was deleted is an error when the form is loaded.)
    pub blank: Vec<(String, Option<Location>)>,
    /// The form's sheet names in workbook order, which a cell's [`Location::sheet`] indexes:
    /// a form-filler is told the cell to fill (`儿童阅读区!C9`), never an inventory key.
    pub sheets: Vec<String>,
}

impl Inventory {
    /// The zone with this id.
    #[must_use]
    pub fn zone(&self, id: &str) -> Option<&Zone> {
        self.zones
            .value
            .as_ref()
            .and_then(|z| z.iter().find(|z| z.id == id))
    }
    /// The cell a location names on a survey form (`儿童阅读区!C9`); `None` for an inventory
    /// file, or a location that is not a cell.
    #[must_use]
    pub fn form_cell(&self, loc: Option<Location>) -> Option<String> {
        let sheets = &self.form_zones.as_ref()?.sheets;
        let loc = loc?;
        let sheet = sheets.get(usize::from(loc.sheet?))?;
        Some(format!("{sheet}!{}", loc.cell_name()?))
    }
    /// A named capacity.
    #[must_use]
    pub fn capacity(&self, name: &str) -> Option<f64> {
        self.capacity
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
    }
}

/// Resolves a raw inventory against a vocabulary, collecting every problem.
///
/// # Errors
/// Every unknown name (with the nearest valid one), negative number, bad date, or name given
/// twice under two spellings.
pub fn resolve(
    raw: &RawInventory,
    standard: &crate::model::standard::Standard,
    text: &str,
) -> Result<Inventory, Vec<Problem>> {
    let v = &standard.vocabulary;
    let mut r = Resolver {
        problems: Vec::new(),
        warnings: Vec::new(),
        text,
        level: None,
    };
    let f = &raw.facility.value;
    let level = r.name(&v.levels, "level", &f.level);
    r.level = level.as_deref().and_then(|l| standard.level(l));
    let mut facility = Facility {
        id: f.id.value.clone(),
        id_loc: f.id.loc,
        name: f.name.clone(),
        level: level.unwrap_or_default(),
        level_loc: f.level.loc,
        region: f.region.clone(),
        co_located_with: Field::from_ev(&f.co_located_with, Clone::clone),
        record_warnings: Vec::new(),
    };
    let (survey_kind, survey_date, surveyor) = r.survey(raw);
    let (operation_mode, operator) = r.operation(raw, v);
    let mut floor_area = Field::from_ev(&raw.floor_area_m2, |a| a.0);
    if floor_area.value.is_none() {
        floor_area.loc = r.key(floor_area.loc, "floor_area_m2");
    }
    if let Some(a) = floor_area.value {
        r.area(a, floor_area.loc, "floor_area_m2");
    }
    let staff = Field {
        value: raw.staff.value().map(|list| {
            let members: Vec<StaffMember> = list.iter().map(|m| r.staff(m, v)).collect();
            r.same_person(&members);
            members
        }),
        loc: r.key(raw.staff.loc(), "staff"),
    };
    let zones = Field {
        value: raw.zones.value().map(|m| r.zones(m, v)),
        loc: r.key(raw.zones.loc(), "zones"),
    };
    let services = Field {
        value: raw.services.value().map(|s| r.services(s, v)),
        loc: r.key(raw.services.loc(), "services"),
    };
    let capacity = r.capacity(raw);
    let other_zones = raw
        .other_zones
        .value()
        .map(|m| m.0.iter().map(|(k, _)| k.value.clone()).collect())
        .unwrap_or_default();
    // Even when the operator's --standard overrides it, an inventory may not name a file.
    if let Some(p) = raw
        .standard
        .value()
        .and_then(|s| standard_path_problem(s, raw.standard.loc()))
    {
        r.problems.push(p);
    }
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    facility.record_warnings = r.warnings;
    Ok(Inventory {
        facility,
        standard: raw.standard.0.as_ref().and_then(|s| {
            s.value.clone().map(|v| Sp {
                value: v,
                loc: s.loc,
            })
        }),
        standard_sha256: raw.standard_sha256.0.as_ref().and_then(|s| {
            s.value.clone().map(|v| Sp {
                value: v,
                loc: s.loc,
            })
        }),
        survey_kind,
        survey_date,
        surveyor,
        operation_mode,
        operation_loc: raw.operation.loc(),
        operator,
        floor_area,
        staff,
        zones,
        other_zones,
        services,
        capacity,
        form_zones: None,
    })
}

struct Resolver<'t> {
    problems: Vec<Problem>,
    /// Contradictions in a record that leave only what they decide unassessed.
    warnings: Vec<Problem>,
    text: &'t str,
    /// The facility's level: a zone name several zones share (办公室) means its zone there.
    level: Option<&'t crate::model::standard::Level>,
}

impl Resolver<'_> {
    /// The survey's kind, date (a problem when it is not a date) and surveyor.
    fn survey(
        &mut self,
        raw: &RawInventory,
    ) -> (Option<SurveyKind>, Option<String>, Option<String>) {
        match raw.survey.value() {
            Some(s) => {
                if let Some(d) = s.date.value()
                    && !crate::model::is_date(d)
                {
                    self.problems.push(
                        Problem::new(
                            crate::diagnostic::Code::BadDate,
                            Text::new(
                                format!("日期“{d}”不是 YYYY-MM-DD 格式的有效日期"),
                                format!("“{d}” is not a valid YYYY-MM-DD date"),
                            ),
                            s.date.loc(),
                        )
                        .with_help(Text::new("例如 2026-10-12", "for example 2026-10-12")),
                    );
                }
                (s.kind, s.date.value().cloned(), s.surveyor.clone())
            }
            None => (None, None, None),
        }
    }

    /// The operation mode (a name of the vocabulary) and the operator.
    fn operation(
        &mut self,
        raw: &RawInventory,
        v: &crate::model::standard::Vocabulary,
    ) -> (Field<String>, Option<String>) {
        match raw.operation.value() {
            Some(op) => {
                let mode = match op.mode.0.as_ref() {
                    Some(sp) => match &sp.value {
                        Some(m) => Field {
                            value: self.name(
                                &v.operation_modes,
                                "operation mode",
                                &Sp {
                                    value: m.clone(),
                                    loc: sp.loc,
                                },
                            ),
                            loc: sp.loc,
                        },
                        None => Field {
                            value: None,
                            loc: sp.loc,
                        },
                    },
                    None => Field {
                        value: None,
                        loc: raw.operation.loc(),
                    },
                };
                (mode, op.operator.clone())
            }
            None => (
                Field {
                    value: None,
                    loc: raw.operation.loc(),
                },
                None,
            ),
        }
    }

    /// The capacities, each a number ≥ 0.
    fn capacity(&mut self, raw: &RawInventory) -> Vec<(String, f64)> {
        let mut capacity = Vec::new();
        if let Some(m) = raw.capacity.value() {
            for (k, val) in &m.0 {
                let v = val.value.0;
                if !v.is_finite() || v < 0.0 {
                    self.problems.push(Problem::new(
                        crate::diagnostic::Code::Negative,
                        Text::new(
                            format!("规模 `{}` 应为非负数，而不是 {v}", k.value),
                            format!("capacity `{}` must be a number ≥ 0, not {v}", k.value),
                        ),
                        val.loc,
                    ));
                }
                capacity.push((k.value.clone(), v));
            }
        }
        capacity
    }

    /// Where a collection-valued (or null) key is: at its key, not its first child.
    fn key(&self, loc: Option<Location>, key: &str) -> Option<Location> {
        loc.map(|l| crate::source::key_before(self.text, l, key).unwrap_or(l))
    }

    fn name(&mut self, terms: &Terms, what: &str, s: &Sp<String>) -> Option<String> {
        if let Some(t) = terms.resolve(&s.value) {
            return Some(t.id.clone());
        }
        let (zh, en) = what_names(what);
        let (message, help) = if in_form(s.loc) {
            (
                Text::new(
                    format!("未知的{zh}“{}”", s.value),
                    format!("unknown {en} “{}”", s.value),
                ),
                terms.suggest_for_form(&s.value),
            )
        } else {
            (
                Text::new(
                    format!("未知的{zh} `{}`", s.value),
                    format!("unknown {en} `{}`", s.value),
                ),
                terms.suggest(&s.value),
            )
        };
        self.problems.push(
            Problem::new(crate::diagnostic::Code::UnknownName, message, s.loc).with_help(help),
        );
        None
    }

    fn area(&mut self, a: f64, loc: Option<Location>, key: &str) {
        if !a.is_finite() || a < 0.0 {
            // A form-filler is shown the cell (the location), never the inventory key.
            let text = if in_form(loc) {
                Text::new(
                    format!("面积应为不小于 0 的数（平方米），而不是 {a}"),
                    format!("the area must be a number of m² ≥ 0, not {a}"),
                )
            } else {
                Text::new(
                    format!("`{key}` 应为非负数（平方米），而不是 {a}"),
                    format!("`{key}` must be a number of m² ≥ 0, not {a}"),
                )
            };
            self.problems
                .push(Problem::new(crate::diagnostic::Code::Negative, text, loc));
        }
    }

    fn staff(&mut self, m: &Sp<crate::load::inventory::RawStaff>, v: &Vocabulary) -> StaffMember {
        let raw = &m.value;
        let written: Vec<&Sp<String>> = match (&raw.role, &raw.roles) {
            (Some(one), None) => vec![one],
            (None, Some(list)) if !list.value.is_empty() => list.value.iter().collect(),
            (Some(one), Some(_)) => {
                self.problems.push(
                    Problem::new(
                        crate::diagnostic::Code::StaffRoles,
                        Text::new(
                            "同一人员不能同时写 role 和 roles",
                            "a staff entry has both `role` and `roles`",
                        ),
                        one.loc.or(m.loc),
                    )
                    .with_help(Text::new(
                        "只担任一个岗位写 role，兼任多个岗位写 roles: [岗位一, 岗位二]",
                        "write `role` for one role, or `roles: [a, b]` for several",
                    )),
                );
                Vec::new()
            }
            (None, _) => {
                let loc = raw.roles.as_ref().and_then(|r| r.loc).or(m.loc);
                self.problems.push(
                    Problem::new(
                        crate::diagnostic::Code::StaffRoles,
                        Text::new("该人员没有写明岗位", "this staff entry has no role"),
                        loc,
                    )
                    .with_help(if in_form(loc) {
                        Text::new(
                            "在岗位列从下拉列表选择岗位；名单之外的职务，岗位填 其他，并在职务列写明",
                            "pick a role from the Role column's list; a title outside the list: role 其他 (other) with the title in the Title column",
                        )
                    } else {
                        Text::new(
                            "写明岗位，例如 role: 社会工作者；名单之外的职务写 role: 其他，并在 title 中写明职务",
                            "give a role, e.g. `role: social_worker`; a title outside the list is `role: other` with `title: …`",
                        )
                    }),
                );
                Vec::new()
            }
        };
        let mut roles: Vec<String> = Vec::new();
        for w in written {
            if let Some(id) = self.role(&v.roles, w)
                && !roles.contains(&id)
            {
                roles.push(id);
            }
        }
        let qualifications = m
            .value
            .qualifications
            .value()
            .map(|qs| {
                qs.iter()
                    .filter_map(|q| self.name(&v.qualifications, "qualification", q))
                    .collect()
            })
            .unwrap_or_default();
        StaffMember {
            name: raw.name.clone(),
            id: raw.id.as_ref().map(|i| i.value.clone()),
            roles,
            title: raw.title.clone(),
            qualifications,
            loc: m.loc,
        }
    }

    /// A role name, resolved; an unknown one is an error whose help names `other`.
    fn role(&mut self, roles: &Terms, s: &Sp<String>) -> Option<String> {
        let before = self.problems.len();
        let id = self.name(roles, "role", s);
        if id.is_none()
            && let Some(p) = self.problems.get_mut(before)
            && let Some(other) = roles.get("other")
        {
            let help = p.help.clone().unwrap_or_default();
            p.help = Some(if in_form(s.loc) {
                Text::new(
                    format!(
                        "{}；名单之外的职务，岗位填 {}，并在职务列写明",
                        help.zh, other.name.zh
                    ),
                    format!(
                        "{}; a title outside the list: role {} with the title in the Title column",
                        help.en, other.name.zh
                    ),
                )
            } else {
                Text::new(
                    format!(
                        "{}；名单之外的职务写作 {}，并在 title 中写明职务",
                        help.zh, other.name.zh
                    ),
                    format!(
                        "{}; a title outside the list is role `other` with `title: …`",
                        help.en
                    ),
                )
            });
        }
        id
    }

    /// Two entries for one person (the same name as [`fold_person`] compares names, or the
    /// same staff number): a person is written once.
    fn same_person(&mut self, members: &[StaffMember]) {
        let mut names: HashMap<String, usize> = HashMap::default();
        let mut ids: HashMap<String, usize> = HashMap::default();
        for (i, m) in members.iter().enumerate() {
            // Each later entry names the first one of the same person.
            let first = |map: &mut HashMap<String, usize>, key: Option<&str>| {
                let key = key.map(fold_person).filter(|n| !n.is_empty())?;
                match map.get(&key) {
                    Some(&j) => Some(j),
                    None => {
                        map.insert(key, i);
                        None
                    }
                }
            };
            let by_name = first(&mut names, m.name.as_deref()).map(|j| (j, true));
            let by_id = first(&mut ids, m.id.as_deref()).map(|j| (j, false));
            let Some((j, by_person_name)) = by_name.or(by_id) else {
                continue;
            };
            let first = members[j].loc.map_or(0, |l| l.line);
            let who = if by_person_name {
                m.name.clone().unwrap_or_default()
            } else {
                m.id.clone().unwrap_or_default()
            };
            let (what_zh, what_en) = if by_person_name {
                ("姓名", "name")
            } else {
                ("编号", "staff number")
            };
            self.problems.push(
                Problem::new(
                    crate::diagnostic::Code::DuplicatePerson,
                    Text::new(
                        format!("此项与第 {first} 行是同一人（{what_zh}“{who}”）：每人只能写一项"),
                        if in_form(m.loc) {
                            format!(
                                "this row is the same person as row {first} ({what_en} “{who}”): a person is written once"
                            )
                        } else {
                            format!(
                                "this entry is the same person as the one on line {first} ({what_en} `{who}`): a person is written once"
                            )
                        },
                    ),
                    m.loc,
                )
                .with_help(if in_form(m.loc) {
                    Text::new(
                        "合并为一行；一人兼任多个岗位时，在岗位列用、分隔，如 社会工作者、儿童主任",
                        "merge the two rows; one person with several duties is one row, the roles separated by 、 in the Role column",
                    )
                } else {
                    Text::new(
                        "合并为一项；一人兼任多个岗位时写 roles: [岗位一, 岗位二]",
                        "merge the two entries; one person with several duties is written once with `roles: [a, b]`",
                    )
                }),
            );
        }
    }

    fn services(&mut self, raw: &RawServices, v: &Vocabulary) -> Vec<ServiceRecord> {
        let mut seen: HashMap<String, Option<Location>> = HashMap::default();
        let mut out = Vec::new();
        let mut add = |r: &mut Self, s: &Sp<String>, rec: ServiceRecord| {
            let Some(id) = r.name(&v.services, "service", s) else {
                return;
            };
            if let Some(first) = seen.get(&id) {
                r.duplicate(&s.value, &s.value, &id, *first, s.loc);
                return;
            }
            seen.insert(id.clone(), s.loc);
            out.push(ServiceRecord { id, ..rec });
        };
        match raw {
            RawServices::List(list) => {
                for s in list {
                    let rec = ServiceRecord {
                        id: String::new(),
                        loc: s.loc,
                        provided: Some(true),
                        record: None,
                        last_done: None,
                        last_done_loc: None,
                    };
                    add(self, s, rec);
                }
            }
            RawServices::Map(map) => {
                for (k, e) in &map.0 {
                    let x = &e.value;
                    if let Some(d) = &x.last_done
                        && !crate::model::is_date(&d.value)
                    {
                        self.problems.push(
                            Problem::new(
                                crate::diagnostic::Code::BadDate,
                                Text::new(
                                    format!("日期“{}”不是 YYYY-MM-DD 格式的有效日期", d.value),
                                    format!("“{}” is not a valid YYYY-MM-DD date", d.value),
                                ),
                                d.loc,
                            )
                            .with_help(Text::new("例如 2026-10-12", "for example 2026-10-12")),
                        );
                    }
                    let evidence = x.record.is_some() || x.last_done.is_some();
                    let rec = ServiceRecord {
                        id: String::new(),
                        loc: k.loc,
                        provided: if x.null {
                            None
                        } else {
                            x.provided.or(evidence.then_some(true))
                        },
                        record: x.record.clone(),
                        last_done: x.last_done.as_ref().map(|d| d.value.clone()),
                        last_done_loc: x.last_done.as_ref().and_then(|d| d.loc),
                    };
                    add(self, k, rec);
                }
            }
        }
        out
    }

    fn zones(
        &mut self,
        m: &crate::load::SpannedMap<Sp<Option<RawZone>>>,
        v: &Vocabulary,
    ) -> Vec<Zone> {
        let mut out: Vec<Zone> = Vec::with_capacity(m.0.len());
        let mut seen: HashMap<String, (String, Option<Location>)> =
            HashMap::with_capacity(m.0.len());
        for (k, z) in &m.0 {
            let level = self.level;
            // Without a known level a shared name (办公室) cannot be told apart: the level's
            // own error says what to fix, so the zone adds none.
            if level.is_none() && v.zones.is_shared(&k.value) {
                continue;
            }
            let shared = level.and_then(|l| v.zones.resolve_among(&k.value, &|z| l.has_zone(z)));
            let Some(id) = shared
                .map(|t| t.id.clone())
                .or_else(|| self.name(&v.zones, "zone", k))
            else {
                continue;
            };
            if let Some((first, loc)) = seen.get(&id) {
                self.duplicate(&k.value, first, &id, *loc, k.loc);
                continue;
            }
            seen.insert(id.clone(), (k.value.clone(), k.loc));
            let zone = match &z.value {
                Some(raw) => self.zone(id, k.loc, raw, v),
                None => Zone {
                    id,
                    key_loc: k.loc,
                    area_m2: Field::default(),
                    equipment: Field {
                        value: None,
                        loc: z.loc.or(k.loc),
                    },
                    age_bands: Field {
                        value: None,
                        loc: z.loc.or(k.loc),
                    },
                    other_equipment: Vec::new(),
                },
            };
            out.push(zone);
        }
        out
    }

    fn duplicate(
        &mut self,
        spelled: &str,
        first: &str,
        id: &str,
        first_loc: Option<Location>,
        loc: Option<Location>,
    ) {
        let line = first_loc.map_or(String::new(), |l| l.line.to_string());
        self.problems.push(
            Problem::new(
                crate::diagnostic::Code::DuplicateKey,
                if in_form(loc) {
                    Text::new(
                        format!("“{spelled}”与第 {line} 行的“{first}”是同一项"),
                        format!("“{spelled}” is the same as “{first}” on row {line}"),
                    )
                } else {
                    Text::new(
                        format!("`{spelled}` 与第 {line} 行的 `{first}` 是同一项（`{id}`）"),
                        format!("`{spelled}` is the same as `{first}` on line {line} (`{id}`)"),
                    )
                },
                loc,
            )
            .with_help(Text::new(
                "每项只写一次：合并两处的内容",
                "write each once: merge the two entries",
            )),
        );
    }

    fn zone(
        &mut self,
        id: String,
        key_loc: Option<Location>,
        raw: &RawZone,
        v: &Vocabulary,
    ) -> Zone {
        let area_m2 = Field::from_ev(&raw.area_m2, |a| a.0);
        if let Some(a) = area_m2.value {
            self.area(a, area_m2.loc, "area_m2");
        }
        let equipment = Field {
            value: raw.equipment.value().map(|m| {
                let mut items: Vec<Item> = Vec::with_capacity(m.0.len());
                let mut seen: HashMap<String, (String, Option<Location>)> =
                    HashMap::with_capacity(m.0.len());
                for (k, val) in &m.0 {
                    let Some(iid) = self.name(&v.items, "item", k) else {
                        continue;
                    };
                    if let Some((first, loc)) = seen.get(&iid) {
                        self.duplicate(&k.value, first, &iid, *loc, k.loc);
                        continue;
                    }
                    seen.insert(iid.clone(), (k.value.clone(), k.loc));
                    items.push(self.item(iid, k.loc, val, v));
                }
                items
            }),
            loc: self.key(raw.equipment.loc(), "equipment"),
        };
        let age_bands = Field {
            value: raw.age_bands.value().map(|bands| {
                bands
                    .iter()
                    .filter_map(|b| {
                        let parsed = AgeBand::parse(&b.value);
                        if parsed.is_none() {
                            self.problems.push(Problem::new(
                                crate::diagnostic::Code::BadAgeBand,
                                if in_form(b.loc) {
                                    Text::new(
                                        format!("年龄段“{}”应写作 0-3 或 0-3岁，多个用、分隔", b.value),
                                        format!(
                                            "age band “{}” should be written 0-3 or 0-3岁, several separated by 、",
                                            b.value
                                        ),
                                    )
                                } else {
                                    Text::new(
                                        format!("年龄段 `{}` 应写作 `0-3` 或 `0-3岁`", b.value),
                                        format!(
                                            "age band `{}` should be written `0-3` or `0-3岁`",
                                            b.value
                                        ),
                                    )
                                },
                                b.loc,
                            ));
                        }
                        parsed
                    })
                    .collect()
            }),
            loc: self.key(raw.age_bands.loc(), "age_bands"),
        };
        let other_equipment = raw
            .other_equipment
            .value()
            .map(|m| m.0.iter().map(|(k, _)| k.value.clone()).collect())
            .unwrap_or_default();
        Zone {
            id,
            key_loc,
            area_m2,
            equipment,
            age_bands,
            other_equipment,
        }
    }

    fn item(
        &mut self,
        id: String,
        key_loc: Option<Location>,
        val: &Sp<RawItem>,
        v: &Vocabulary,
    ) -> Item {
        let raw = &val.value;
        let count = Field {
            value: raw.count.as_ref().map(|c| c.value),
            loc: raw.count.as_ref().and_then(|c| c.loc).or(val.loc),
        };
        let mut kinds = Field {
            value: raw.kinds.as_ref().map(|c| c.value),
            loc: raw.kinds.as_ref().and_then(|c| c.loc).or(val.loc),
        };
        if let (Some(c), Some(k)) = (count.value, kinds.value)
            && k > c
        {
            // The count is judged as written; the kinds, which cannot be right as written, are
            // not assessed until the record is corrected (the facility is still judged: with
            // no pieces it fails the count whatever the kinds).
            let name = v.items.name(&id, crate::i18n::Lang::Zh).to_owned();
            let name_en = v.items.name(&id, crate::i18n::Lang::En).to_owned();
            self.warnings.push(
                Problem::new(
                    crate::diagnostic::Code::KindsExceedCount,
                    Text::new(
                        format!("{name}共 {c} 件，却写了 {k} 个种类：种类数不能多于件数，种类暂不评估"),
                        format!("{name_en}: {k} kinds among {c} pieces is impossible: kinds cannot exceed the count; the kinds are not assessed"),
                    ),
                    kinds.loc,
                )
                .with_help(Text::new(
                    "核对件数和种类数后更正",
                    "check the count and the number of kinds, and correct them",
                )),
            );
            kinds.value = None;
        }
        let topics = Field {
            value: raw.topics.as_ref().map(|ts| {
                ts.value
                    .iter()
                    .map(|t| {
                        v.topics
                            .resolve(&t.value)
                            .map_or_else(|| normalize_name(&t.value), |t| t.id.clone())
                    })
                    .collect()
            }),
            loc: self
                .key(raw.topics.as_ref().and_then(|t| t.loc), "topics")
                .or(val.loc),
        };
        Item {
            id,
            key_loc,
            count,
            kinds,
            topics,
        }
    }
}

fn what_names(what: &str) -> (&'static str, &'static str) {
    match what {
        "level" => ("层级", "level"),
        "zone" => ("功能区", "zone"),
        "item" => ("设施设备", "item"),
        "role" => ("岗位", "role"),
        "qualification" => ("资质", "qualification"),
        "service" => ("服务", "service"),
        "operation mode" => ("运营方式", "operation mode"),
        _ => ("名称", "name"),
    }
}

/// The facility id a survey template of `level` starts with (`new-town-station`), which the
/// surveyor is to change.
#[must_use]
pub fn placeholder_id(level: &str) -> String {
    format!("new-{}", level.replace('_', "-"))
}

impl Facility {
    /// Warnings on the facility's identity: an id still the template's placeholder, or no
    /// name. A summary counts facilities by id, so two forms left so would be one facility.
    #[must_use]
    pub fn identity_warnings(&self) -> Vec<Problem> {
        let mut out = self.record_warnings.clone();
        if self.id.trim() == placeholder_id(&self.level) {
            out.push(
                Problem::new(
                    crate::diagnostic::Code::PlaceholderIdentity,
                    Text::new(
                        format!("设施编号仍为模板默认的 {}", self.id),
                        format!("the facility id is still the template's {}", self.id),
                    ),
                    self.id_loc,
                )
                .with_help(Text::new(
                    "请改为本设施在全区唯一的编号；编号相同的清单在汇总中视为同一设施",
                    "change it to the facility's own id, unique in the district: the summary counts inputs with one id as one facility",
                )),
            );
        }
        if self.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
            out.push(
                Problem::new(
                    crate::diagnostic::Code::PlaceholderIdentity,
                    Text::new("设施名称未填写", "the facility has no name"),
                    self.id_loc,
                )
                .with_help(Text::new("请填写设施名称", "write the facility's name")),
            );
        }
        out
    }
}

/// How a standard differs from the one an inventory names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StandardDiffers {
    /// Another standard, or another edition of it.
    Other,
    /// The same edition, but not the text the form was made from (its recorded SHA-256).
    Text,
}

/// Whether `st` is the standard an inventory names (`spec`: `id` or `id@version`; `sha256`: the
/// digest the form recorded). The id must be equal, the version too when the inventory gives
/// one, and the text's digest whenever the form recorded one, built-in standard or file: a
/// form is judged against the very text it was made from.
#[must_use]
pub fn standard_differs(
    spec: &str,
    sha256: Option<&str>,
    st: &crate::model::standard::Standard,
) -> Option<StandardDiffers> {
    let (id, version) = match spec.split_once('@') {
        Some((i, v)) => (i.trim(), Some(v.trim())),
        None => (spec.trim(), None),
    };
    if id != st.id || version.is_some_and(|v| v != st.version) {
        return Some(StandardDiffers::Other);
    }
    match sha256 {
        Some(h) if !h.trim().eq_ignore_ascii_case(&st.digest()) => Some(StandardDiffers::Text),
        _ => None,
    }
}

impl Inventory {
    /// Its survey kind: a site survey unless it says it is a proposed layout.
    #[must_use]
    pub fn kind(&self) -> SurveyKind {
        self.survey_kind.unwrap_or(SurveyKind::SiteSurvey)
    }

    /// Whether it is a planner's proposed layout (not a facility yet: left out of summaries).
    #[must_use]
    pub fn is_proposed_layout(&self) -> bool {
        self.kind() == SurveyKind::ProposedLayout
    }

    /// The standard this inventory names, as written, when `st` is not it (a planner's
    /// `--override-standard`): reports say which standard the form names and which judged it.
    #[must_use]
    pub fn names_other_than(&self, st: &crate::model::standard::Standard) -> Option<String> {
        let sha = self.standard_sha256.as_ref().map(|s| s.value.trim());
        let spec = match &self.standard {
            Some(s) => s.value.trim().to_owned(),
            // A form that records only a checksum names the text it was made from.
            None if sha.is_some() => String::new(),
            None => return None,
        };
        let differs = if spec.is_empty() {
            sha.is_some_and(|h| !h.eq_ignore_ascii_case(&st.digest()))
                .then_some(StandardDiffers::Text)
        } else {
            standard_differs(&spec, sha, st)
        };
        differs.map(|d| match (d, sha) {
            (StandardDiffers::Text, Some(h)) => {
                let short: String = h.chars().take(12).collect();
                if spec.is_empty() {
                    format!("SHA-256 {short}…")
                } else {
                    format!("{spec} (SHA-256 {short}…)")
                }
            }
            _ => spec,
        })
    }
}

/// An inventory's `standard:` may name only a standard's id: a path is the operator's to give.
pub fn standard_path_problem(spec: &str, loc: Option<Location>) -> Option<Problem> {
    (spec.contains('/') || spec.contains('\\') || crate::source::is_yaml_name(spec)).then(|| {
        let msg = Text::new(
            format!("清单只能写标准的编号，不能写文件路径 `{spec}`"),
            format!("an inventory may name only a standard's id, not a path `{spec}`"),
        );
        let help = Text::new(
            "改写为标准编号（如 huancui@2021-trial）；本地标准文件由检查人员以 --standard 文件 或 --standards 目录 提供",
            "write the standard's id (huancui@2021-trial); the operator supplies a local standard's file with --standard FILE or --standards DIR",
        );
        Problem::new(crate::diagnostic::Code::StandardPath, msg, loc).with_help(help)
    })
}

/// A person's name or number as compared for "the same person": folded as every name is
/// (full-width letters and digits to ASCII, NFC), every white space (张　三 is 张三) and every
/// invisible character left out, the dots between a name's parts made one (阿依•买买提 is
/// 阿依·买买提), letters in lower case (Zhang San is zhang san).
fn fold_person(s: &str) -> String {
    let name = normalize_name(s);
    // A name of Chinese characters and lower-case ASCII alone (nearly every one) has nothing
    // to fold: no white space, no case, no other dot, nothing invisible.
    let settled = |c: char| {
        if c.is_ascii() {
            !c.is_ascii_uppercase() && !c.is_whitespace() && c != '.'
        } else {
            matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '·')
        }
    };
    if name.chars().all(settled) {
        return name;
    }
    let mut folded = String::with_capacity(name.len());
    folded.extend(
        name.chars()
            .filter(|&c| !c.is_whitespace() && !invisible(c))
            .map(|c| if is_name_dot(c) { '·' } else { c })
            .flat_map(char::to_lowercase),
    );
    folded
}

/// A character Unicode says to show as nothing (Default_Ignorable_Code_Point: zero-width
/// spaces and joiners, the soft hyphen, direction marks, variation selectors, the BOM): typed
/// into a name, it makes another name that looks the same.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// The dots a name's parts are separated by (阿依·买买提), as typed on one keyboard or
/// another: the middle dot, the bullet, the hyphenation point, the katakana middle dot, the
/// full stop (the full-width one is folded to it by `normalize_name` before).
fn is_name_dot(c: char) -> bool {
    matches!(
        c,
        '·' | '.'
            | '\u{387}'
            | '\u{2022}'
            | '\u{2027}'
            | '\u{2219}'
            | '\u{22C5}'
            | '\u{2E31}'
            | '\u{30FB}'
            | '\u{FF65}'
    )
}

/// Whether a location is a cell of a survey form: its problems then speak of cells and
/// columns, never of inventory keys or YAML syntax.
fn in_form(loc: Option<Location>) -> bool {
    loc.is_some_and(|l| l.sheet.is_some())
}

#[cfg(test)]
mod tests {
    use super::fold_person;

    #[test]
    fn a_person_is_compared_without_white_space_or_case_and_a_chinese_name_as_written() {
        assert_eq!(fold_person("林悦"), "林悦");
        assert_eq!(fold_person("张　三"), "张三");
        assert_eq!(fold_person(" Zhang San "), "zhangsan");
        assert_eq!(fold_person("ＺＨＡＮＧ"), "zhang");
        assert_eq!(fold_person("阿依·买买提"), "阿依·买买提");
        // Title-case letters are not upper case, yet fold.
        assert_eq!(fold_person("ǅ"), "ǆ");
        assert_eq!(fold_person("ab12"), "ab12");
        assert_eq!(fold_person("李\u{b}四"), "李四");
    }

    #[test]
    fn a_name_with_an_invisible_character_or_another_dot_is_the_same_person() {
        // What looks the same on screen is one person: a zero-width space, a soft hyphen or a
        // word joiner typed into a name, or the separator of a minority name written with
        // another dot (• ‧ ・ ．).
        for spelled in ["李\u{200b}华", "李\u{ad}华", "李\u{2060}华", "\u{feff}李华"] {
            assert_eq!(fold_person(spelled), fold_person("李华"), "{spelled:?}");
        }
        for spelled in [
            "阿依•买买提",
            "阿依‧买买提",
            "阿依・买买提",
            "阿依．买买提",
            "阿依.买买提",
            "阿依･买买提",
        ] {
            assert_eq!(
                fold_person(spelled),
                fold_person("阿依·买买提"),
                "{spelled}"
            );
        }
        assert_ne!(fold_person("李华"), fold_person("李桦"));
    }
}
