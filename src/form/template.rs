//! The fill-in survey template of a level: every zone, item, staff role and service the
//! standard asks for there, each with its article and required count, the values left for the
//! surveyor. [`Template`] is the model, built from the standard's data alone (no threshold in
//! code); [`yaml`] renders it as an inventory file with Chinese and English comments. Another
//! renderer (a spreadsheet form) renders the same model.
//!
//! Left empty, a value is *not surveyed* (null): an untouched template checks `incomplete`,
//! never an error; filled with the minimums it checks `compliant`.

use crate::report::escape::line as sanitize_line;
use std::fmt::Write as _;

use crate::check::shortfall::NeedKey;
use crate::i18n::{Lang, Text};
use crate::model::standard::{Check, OptionEvidence, Requirement, Standard, Threshold};
use crate::report::text;

/// A survey template for one level of one standard.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// The standard (`id@version`).
    pub standard: String,
    /// The SHA-256 of the standard's resolved text ([`Standard::digest`]), for the
    /// inventory's `standard_sha256:` key: the form is judged against that very text.
    pub standard_sha256: String,
    /// The standard's title.
    pub standard_title: Text,
    /// Level id.
    pub level: String,
    /// The level's name.
    pub level_name: Text,
    /// Sections in inventory order: facility, survey, operation, floor area, staff, one per
    /// zone, services, capacity.
    pub sections: Vec<Section>,
}

/// A group of rows: a mapping of the inventory (`facility`, `zones.reading_area`, …).
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// What kind of section it is.
    pub kind: SectionKind,
    /// The key path of the mapping its rows live in (`["zones", "reading_area"]`; empty for
    /// top-level rows).
    pub key: Vec<String>,
    /// Its title.
    pub title: Text,
    /// The article that asks for it (a zone's), when there is one.
    pub clause: Option<String>,
    /// Its rows.
    pub rows: Vec<Row>,
}

/// The kinds of section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    /// `facility:` — identity.
    Facility,
    /// `survey:` — who, when.
    Survey,
    /// `operation:` — how it is run.
    Operation,
    /// `floor_area_m2`.
    FloorArea,
    /// `staff:` — one row per role the standard counts.
    Staff,
    /// A zone under `zones:` (absent from the facility: delete it, it then counts as 0).
    Zone,
    /// `services:` — one row per service (duty).
    Services,
    /// `capacity:` — sizes a threshold scales by.
    Capacity,
}

/// One value for the surveyor to fill in.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Its key path in the inventory (`["zones", "reading_area", "equipment", "bookshelf"]`;
    /// `["staff", ROLE]` and `["services", SERVICE]` name a list entry). A count is the item's
    /// value, or its `count` when the item also has kinds or topics (`[…, ITEM, "kinds"]`).
    pub key: Vec<String>,
    /// What it is.
    pub label: Text,
    /// What is written there.
    pub kind: RowKind,
    /// What the standard requires, in words (`≥ 4 组` / `≥ 4 sets`).
    pub required: Option<Text>,
    /// The constant minimum of a numeric requirement (None when it scales with a capacity).
    pub min: Option<f64>,
    /// The unit.
    pub unit: Option<Text>,
    /// The article.
    pub clause: Option<String>,
    /// A value the template fills in (the level, the standard, the survey kind, the id).
    pub value: Option<String>,
}

/// What a row holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// Free text.
    Text,
    /// A date, YYYY-MM-DD.
    Date,
    /// One of these ids.
    Choice {
        /// The ids.
        options: Vec<String>,
        /// The ones the standard asks for (empty: any).
        accepted: Vec<String>,
    },
    /// An area in m².
    Area,
    /// An item's count.
    Count,
    /// An item's number of kinds.
    Kinds,
    /// An item's topics, which must include these.
    Topics {
        /// Topic ids.
        topics: Vec<String>,
    },
    /// A zone's age bands, which must include these.
    AgeBands {
        /// Bands (`0-3`).
        bands: Vec<String>,
    },
    /// Staff of a role (holding a qualification): one list entry per person.
    Staff {
        /// Role id.
        role: String,
        /// Qualification id.
        qualification: Option<String>,
    },
    /// A service provided (an entry of `services`).
    Service {
        /// Service id.
        service: String,
    },
    /// A capacity (a named size) a threshold scales by.
    Capacity,
}

fn threshold(t: &Threshold) -> (Option<f64>, Option<String>) {
    match t {
        Threshold::Const(v) => (Some(*v), None),
        Threshold::PerUnit { per, .. } | Threshold::Table { per, .. } => (None, Some(per.clone())),
    }
}

fn required_words(min: Option<f64>, capacity: Option<&str>, unit: &Text) -> Option<Text> {
    match (min, capacity) {
        (Some(m), _) => Some(Text::new(
            format!("≥ {}", text::amount(m, &unit.zh)),
            format!("≥ {}", text::amount(m, &unit.en)),
        )),
        (None, Some(c)) => Some(Text::new(
            format!("按规模 `{c}` 折算"),
            format!("scales with the capacity `{c}`"),
        )),
        (None, None) => None,
    }
}

/// The normative strength of a requirement in words (可 / may), for options and encouragements.
fn strength(st: &Standard, r: &Requirement) -> Option<Text> {
    st.strengths.get(&r.strength).map(|s| s.name.clone())
}

fn t(zh: &str, en: &str) -> Text {
    Text::new(zh, en)
}

fn row(key: &[&str], label: Text, kind: RowKind) -> Row {
    Row {
        key: key.iter().map(|k| (*k).to_owned()).collect(),
        label,
        kind,
        required: None,
        min: None,
        unit: None,
        clause: None,
        value: None,
    }
}

/// Builds the template of a level from the standard. `level` is a canonical level id.
#[must_use]
pub fn build(st: &Standard, level: &str) -> Template {
    let v = &st.vocabulary;
    let reqs: &[Requirement] = st.level(level).map_or(&[], |l| &l.requirements);
    let level_name = v
        .levels
        .get(level)
        .map_or_else(|| Text::new(level, level), |l| l.name.clone());
    let mut capacities: Vec<String> = Vec::new();
    let mut need_capacity = |c: Option<String>| {
        if let Some(c) = c
            && !capacities.contains(&c)
        {
            capacities.push(c);
        }
    };

    // Facility, survey, operation.
    let mut facility = Section {
        kind: SectionKind::Facility,
        key: vec!["facility".into()],
        title: t("设施", "facility"),
        clause: None,
        rows: vec![
            Row {
                value: Some(crate::model::inventory::placeholder_id(level)),
                ..row(
                    &["facility", "id"],
                    t("设施唯一编号(请修改)", "unique id (change it)"),
                    RowKind::Text,
                )
            },
            row(&["facility", "name"], t("名称", "name"), RowKind::Text),
            Row {
                value: Some(level.to_owned()),
                ..row(
                    &["facility", "level"],
                    level_name.clone(),
                    RowKind::Choice {
                        options: v.levels.ids().map(str::to_owned).collect(),
                        accepted: Vec::new(),
                    },
                )
            },
            row(
                &["facility", "region"],
                t("所在地区", "region"),
                RowKind::Text,
            ),
        ],
    };
    let mut operation = Section {
        kind: SectionKind::Operation,
        key: vec!["operation".into()],
        title: t("运营", "operation"),
        clause: None,
        rows: vec![
            row(
                &["operation", "mode"],
                t("运营方式", "operation mode"),
                RowKind::Choice {
                    options: v.operation_modes.ids().map(str::to_owned).collect(),
                    accepted: Vec::new(),
                },
            ),
            row(
                &["operation", "operator"],
                t("运营主体", "operator"),
                RowKind::Text,
            ),
        ],
    };
    let survey = Section {
        kind: SectionKind::Survey,
        key: vec!["survey".into()],
        title: t("核查", "survey"),
        clause: None,
        rows: vec![
            Row {
                value: Some("site_survey".into()),
                ..row(
                    &["survey", "kind"],
                    t(
                        "site_survey 现场核查 | proposed_layout 规划方案",
                        "site_survey | proposed_layout",
                    ),
                    RowKind::Choice {
                        options: vec!["site_survey".into(), "proposed_layout".into()],
                        accepted: Vec::new(),
                    },
                )
            },
            row(
                &["survey", "date"],
                t("核查日期 YYYY-MM-DD", "date YYYY-MM-DD"),
                RowKind::Date,
            ),
            row(
                &["survey", "surveyor"],
                t("核查人", "surveyor"),
                RowKind::Text,
            ),
        ],
    };
    let mut floor = Section {
        kind: SectionKind::FloorArea,
        key: Vec::new(),
        title: t("建筑面积", "floor area"),
        clause: None,
        rows: Vec::new(),
    };
    let mut staff = Section {
        kind: SectionKind::Staff,
        key: vec!["staff".into()],
        title: t("人员配备(每人一项)", "staff (one entry per person)"),
        clause: None,
        rows: Vec::new(),
    };
    let mut zones: Vec<Section> = Vec::new();
    let mut services = Section {
        kind: SectionKind::Services,
        key: vec!["services".into()],
        title: t(
            "实际履行的职能：列出名称，或写成 职能: {record: 台账, last_done: 最近记录日期}",
            "duties performed: list them, or write duty: {record: …, last_done: YYYY-MM-DD}",
        ),
        clause: None,
        rows: Vec::new(),
    };

    let zone_section = |zones: &mut Vec<Section>, zone: &str, clause: &str| -> usize {
        if let Some(i) = zones
            .iter()
            .position(|s| s.key.get(1).map(String::as_str) == Some(zone))
        {
            return i;
        }
        zones.push(Section {
            kind: SectionKind::Zone,
            key: vec!["zones".into(), zone.to_owned()],
            title: v
                .zones
                .get(zone)
                .map_or_else(|| Text::new(zone, zone), |z| z.name.clone()),
            clause: Some(clause.to_owned()),
            rows: vec![row(
                &["zones", zone, "area_m2"],
                t("面积(平方米)", "area (m²)"),
                RowKind::Area,
            )],
        });
        zones.len() - 1
    };
    let item_unit = |item: &str| {
        v.items
            .get(item)
            .and_then(|i| i.unit.clone())
            .unwrap_or_default()
    };

    for r in reqs {
        let clause = Some(r.clause.clone());
        match &r.check {
            Check::FloorArea { min } => {
                let (m, c) = threshold(min);
                let unit = t("平方米", "m²");
                floor.clause.clone_from(&clause);
                floor.rows.push(Row {
                    required: required_words(m, c.as_deref(), &unit),
                    min: m,
                    unit: Some(unit),
                    clause,
                    ..row(&["floor_area_m2"], r.name.clone(), RowKind::Area)
                });
                need_capacity(c);
            }
            Check::Option {
                evidence: OptionEvidence::CoLocatedWith,
            } => {
                facility.rows.push(Row {
                    clause,
                    required: strength(st, r)
                        .map(|s| Text::new(format!("({})", s.zh), format!("({})", s.en))),
                    ..row(
                        &["facility", "co_located_with"],
                        t(
                            "综合设置: 共用场所的已有设施",
                            "co-location: the facility it shares premises with",
                        ),
                        RowKind::Text,
                    )
                });
            }
            Check::Option {
                evidence: OptionEvidence::Operation,
            } => {}
            Check::Operation { modes } => {
                if let Some(mode) = operation.rows.first_mut() {
                    mode.clause.clone_from(&clause);
                    if let RowKind::Choice { accepted, .. } = &mut mode.kind {
                        accepted.clone_from(modes);
                    }
                    let s = strength(st, r).unwrap_or_default();
                    mode.required = Some(Text::new(
                        format!(
                            "({}: {})",
                            s.zh,
                            modes
                                .iter()
                                .map(|m| v.operation_modes.name(m, Lang::Zh))
                                .collect::<Vec<_>>()
                                .join("、")
                        ),
                        format!(
                            "({}: {})",
                            s.en,
                            modes
                                .iter()
                                .map(|m| v.operation_modes.name(m, Lang::En))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
            }
            Check::StaffCount { min, .. } | Check::StaffAny { min, .. } => {
                // Any of a `staff_any`'s roles counts: the template offers the first.
                let (role, qualification) = match &r.check {
                    Check::StaffCount {
                        role,
                        qualification,
                        ..
                    } => (
                        // Counted by qualification whatever the role: the template offers the
                        // first staffing role of the vocabulary.
                        role.as_deref().or_else(|| {
                            v.roles
                                .terms
                                .iter()
                                .find(|t| t.staffing)
                                .map(|t| t.id.as_str())
                        }),
                        qualification.clone(),
                    ),
                    Check::StaffAny { roles, .. } => (roles.first().map(String::as_str), None),
                    Check::FloorArea { .. }
                    | Check::Zone { .. }
                    | Check::Equipment { .. }
                    | Check::Kinds { .. }
                    | Check::Topics { .. }
                    | Check::AgeBands { .. }
                    | Check::Operation { .. }
                    | Check::Service { .. }
                    | Check::Option { .. } => (None, None),
                };
                let (m, c) = threshold(min);
                let unit = t("人", "people");
                if let Some(role) = role {
                    staff.rows.push(Row {
                        required: required_words(m, c.as_deref(), &unit),
                        min: m,
                        unit: Some(unit),
                        clause,
                        ..row(
                            &["staff", role],
                            r.name.clone(),
                            RowKind::Staff {
                                role: role.to_owned(),
                                qualification,
                            },
                        )
                    });
                }
                need_capacity(c);
            }
            Check::Zone { zone } => {
                zone_section(&mut zones, zone, &r.clause);
            }
            Check::Equipment { zone, item, min } | Check::Kinds { zone, item, min } => {
                let i = zone_section(&mut zones, zone, &r.clause);
                let kinds = matches!(r.check, Check::Kinds { .. });
                let (m, c) = threshold(min);
                let unit = if kinds {
                    t("种", "kinds")
                } else {
                    item_unit(item)
                };
                let mut key = vec!["zones", zone.as_str(), "equipment", item.as_str()];
                if kinds {
                    key.push("kinds");
                }
                // The zone's heading names the zone: the row names the item.
                let need = if kinds {
                    NeedKey::Kinds { item: item.clone() }
                } else {
                    NeedKey::Item { item: item.clone() }
                };
                // The requirement's own name for the item, without its zone (the source calls
                // a case-work room's wall display 相关上墙材料), else the item's name.
                let own = |name: &str, sep: &str| {
                    name.split_once(sep).map(|(_, item)| item.trim().to_owned())
                };
                let label = match (kinds, own(&r.name.zh, "·"), own(&r.name.en, ": ")) {
                    (false, Some(zh), Some(en)) => Text::new(zh, en),
                    _ => Text::new(
                        text::need(st, &need, Lang::Zh),
                        text::need(st, &need, Lang::En),
                    ),
                };
                zones[i].rows.push(Row {
                    required: required_words(m, c.as_deref(), &unit),
                    min: m,
                    unit: Some(unit),
                    clause,
                    ..row(
                        &key,
                        label,
                        if kinds {
                            RowKind::Kinds
                        } else {
                            RowKind::Count
                        },
                    )
                });
                need_capacity(c);
            }
            Check::Topics { zone, item, topics } => {
                let i = zone_section(&mut zones, zone, &r.clause);
                zones[i].rows.push(Row {
                    required: Some(Text::new(
                        format!(
                            "须含 {}",
                            topics
                                .iter()
                                .map(|x| v.topics.name(x, Lang::Zh))
                                .collect::<Vec<_>>()
                                .join("、")
                        ),
                        format!(
                            "must include {}",
                            topics
                                .iter()
                                .map(|x| v.topics.name(x, Lang::En))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )),
                    clause,
                    ..row(
                        &["zones", zone, "equipment", item, "topics"],
                        t("上墙内容", "topics"),
                        RowKind::Topics {
                            topics: topics.clone(),
                        },
                    )
                });
            }
            Check::AgeBands { zone, bands } => {
                let i = zone_section(&mut zones, zone, &r.clause);
                let bands: Vec<String> = bands.iter().map(ToString::to_string).collect();
                zones[i].rows.push(Row {
                    required: Some(Text::new(
                        format!("须含 {} 岁", bands.join("、")),
                        format!("must include {}", bands.join(", ")),
                    )),
                    clause,
                    ..row(
                        &["zones", zone, "age_bands"],
                        t("年龄段", "age bands"),
                        RowKind::AgeBands { bands },
                    )
                });
            }
            Check::Service { service, .. } => {
                // Each duty cites its own item (第六条第4项): the section has no one article.
                services.rows.push(Row {
                    clause,
                    label: v
                        .services
                        .get(service)
                        .map_or_else(|| r.name.clone(), |s| s.name.clone()),
                    ..row(
                        &["services", service],
                        Text::default(),
                        RowKind::Service {
                            service: service.clone(),
                        },
                    )
                });
            }
        }
    }
    let capacity = Section {
        kind: SectionKind::Capacity,
        key: vec!["capacity".into()],
        title: t(
            "规模(标准按此折算门槛)",
            "capacity (thresholds scale with it)",
        ),
        clause: None,
        rows: capacities
            .iter()
            .map(|c| row(&["capacity", c], Text::new(c, c), RowKind::Capacity))
            .collect(),
    };
    let mut sections = vec![facility, survey, operation, floor, staff];
    sections.extend(zones);
    sections.push(services);
    sections.push(capacity);
    Template {
        standard: st.label(),
        standard_sha256: st.digest(),
        standard_title: st.title.clone(),
        level: level.to_owned(),
        level_name,
        sections,
    }
}

/// Which languages the comments are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comments {
    /// Chinese, then English.
    Both,
    /// One language.
    Only(Lang),
}

impl Comments {
    fn say(self, t: &Text) -> String {
        self.pair(&t.zh, &t.en)
    }
    /// Comment text in the chosen languages, on one line: a line break from a standard's name
    /// would end the comment and turn the rest into a live YAML value.
    fn pair(self, zh: &str, en: &str) -> String {
        sanitize_line(&match self {
            Comments::Both if zh == en || en.is_empty() => zh.to_owned(),
            Comments::Both if zh.is_empty() => en.to_owned(),
            Comments::Both => format!("{zh} / {en}"),
            Comments::Only(l) => l.pick(zh, en).to_owned(),
        })
    }
}

/// Column the comments start at.
const COMMENT_AT: usize = 34;

fn line(out: &mut String, code: &str, comment: &str) {
    if comment.is_empty() {
        let _ = writeln!(out, "{code}");
    } else {
        let pad = COMMENT_AT.saturating_sub(code.chars().count()).max(1);
        let _ = writeln!(out, "{code}{}# {}", " ".repeat(pad), sanitize_line(comment));
    }
}

/// A row's comment: article, what, what is required.
fn note(r: &Row, c: Comments) -> String {
    let mut parts = Vec::new();
    if let Some(cl) = &r.clause {
        parts.push(cl.clone());
    }
    let what = match &r.required {
        Some(req) => c.pair(
            format!("{} {}", r.label.zh, req.zh).trim(),
            format!("{} {}", r.label.en, req.en).trim(),
        ),
        None => c.say(&r.label),
    };
    parts.push(what);
    parts.join(" ")
}

fn yaml_str(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '@'));
    if plain {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// Renders a template as a YAML inventory: every value left empty (not surveyed) but the
/// level, the standard, the survey kind and a placeholder id; comments name the article and
/// the required count in the chosen languages. `schema` is written in the
/// `yaml-language-server` line (a path relative to the file, or a URL), so that editors
/// complete and check the file; with `write_schema`, a comment says how to write that file.
#[must_use]
pub fn yaml(tpl: &Template, comments: Comments, schema: &str, write_schema: bool) -> String {
    let c = comments;
    let mut o = String::new();
    let _ = writeln!(o, "# yaml-language-server: $schema={schema}");
    if write_schema {
        let _ = writeln!(
            o,
            "# {}: sitecheck schema inventory > {schema}",
            c.pair(
                "编辑器补全与检查所用的 JSON Schema",
                "the JSON Schema editors complete and check with"
            )
        );
    }
    let _ = writeln!(
        o,
        "# {}",
        c.pair(
            &format!("{} 现场核查清单", tpl.level_name.zh),
            &format!("site survey of a {}", tpl.level_name.en)
        )
    );
    let _ = writeln!(
        o,
        "# {}",
        c.pair(
            &format!("依据 {} ({})", tpl.standard_title.zh, tpl.standard),
            &format!("after {} ({})", tpl.standard_title.en, tpl.standard)
        )
    );
    for (zh, en) in [
        (
            "填写说明: 留空表示“未核查”, 相关条款记为“未评估”; 核查后确实没有的, 请填 0(或 [])。",
            "How to fill in: a value left empty is “not surveyed” and its requirements are not assessed; write 0 (or []) for what was surveyed and found absent.",
        ),
        (
            "某功能区不存在时, 删除该功能区整段(缺少的功能区及其设备按 0 计)。",
            "Delete the block of a zone that does not exist (a missing zone and its items count as 0).",
        ),
        (
            "人员和服务: 去掉行首的 # 并填写, 每人一项; 其余注释可删除。",
            "Staff and services: remove the leading # and fill in, one entry per person; other comments may be deleted.",
        ),
        (
            "检查: sitecheck check 本文件",
            "Check it: sitecheck check THIS_FILE",
        ),
    ] {
        match c {
            Comments::Both => {
                let _ = writeln!(o, "# {zh}\n# {en}");
            }
            Comments::Only(l) => {
                let _ = writeln!(o, "# {}", l.pick(zh, en));
            }
        }
    }
    let mut zones_open = false;
    for s in &tpl.sections {
        match s.kind {
            SectionKind::Facility | SectionKind::Survey | SectionKind::Operation => {
                o.push('\n');
                line(&mut o, &format!("{}:", s.key.join(".")), &c.say(&s.title));
                for r in &s.rows {
                    let key = r.key.last().map_or("", String::as_str);
                    let code = match &r.value {
                        Some(v) => format!("  {key}: {}", yaml_str(v)),
                        None => format!("  {key}:"),
                    };
                    let mut comment = note(r, c);
                    if let RowKind::Choice { options, .. } = &r.kind
                        && r.value.is_none()
                    {
                        comment = format!("{comment} — {}", options.join(" | "));
                    }
                    line(&mut o, &code, &comment);
                }
                if s.kind == SectionKind::Facility {
                    o.push('\n');
                    line(
                        &mut o,
                        &format!("standard: {}", yaml_str(&tpl.standard)),
                        &c.pair(
                            "适用标准: 本模板依据的标准, 请勿改动",
                            "the standard this template was made from; leave it as is",
                        ),
                    );
                    line(
                        &mut o,
                        &format!("standard_sha256: {}", yaml_str(&tpl.standard_sha256)),
                        &c.pair(
                            "标准校验码, 请勿改动",
                            "the standard's checksum; leave it as is",
                        ),
                    );
                }
            }
            SectionKind::FloorArea => {
                o.push('\n');
                for r in &s.rows {
                    line(&mut o, "floor_area_m2:", &note(r, c));
                }
            }
            SectionKind::Staff => {
                o.push('\n');
                line(&mut o, "staff:", &c.say(&s.title));
                let _ = writeln!(
                    o,
                    "  # {}",
                    c.pair(
                        "每人只写一项；一人兼任多个岗位时写 roles: [岗位一, 岗位二]；名单外的职务写 role: other 和 title",
                        "one entry per person; one person with several duties: roles: [a, b]; a title outside the list: role: other with title"
                    )
                );
                for r in &s.rows {
                    let _ = writeln!(o, "  # {}", note(r, c));
                    let RowKind::Staff {
                        role,
                        qualification,
                    } = &r.kind
                    else {
                        continue;
                    };
                    let n = r.min.unwrap_or(1.0).clamp(1.0, 12.0) as usize;
                    for _ in 0..n {
                        let _ = writeln!(o, "  # - role: {}", yaml_str(role));
                        if let Some(q) = qualification {
                            let _ = writeln!(o, "  #   qualifications: [{}]", yaml_str(q));
                        }
                        let _ = writeln!(o, "  #   name:");
                    }
                }
            }
            SectionKind::Zone => {
                if !zones_open {
                    o.push('\n');
                    line(&mut o, "zones:", &c.pair("功能区", "zones"));
                    zones_open = true;
                }
                zone_yaml(&mut o, s, c);
            }
            SectionKind::Services => {
                if s.rows.is_empty() {
                    continue;
                }
                o.push('\n');
                let title = match &s.clause {
                    Some(cl) => format!("{cl} {}", c.say(&s.title)),
                    None => c.say(&s.title),
                };
                line(&mut o, "services:", &title);
                for r in &s.rows {
                    if let RowKind::Service { service } = &r.kind {
                        let label = match &r.clause {
                            Some(cl) => format!("{cl} {}", c.say(&r.label)),
                            None => c.say(&r.label),
                        };
                        line(&mut o, &format!("  # - {}", yaml_str(service)), &label);
                    }
                }
            }
            SectionKind::Capacity => {
                if s.rows.is_empty() {
                    continue;
                }
                o.push('\n');
                line(&mut o, "capacity:", &c.say(&s.title));
                for r in &s.rows {
                    if let Some(k) = r.key.last() {
                        let _ = writeln!(o, "  # {}:", yaml_str(k));
                    }
                }
            }
        }
    }
    o
}

/// A zone's rows under one key (`area_m2`, `equipment`, `age_bands`).
fn at<'s>(s: &'s Section, k: &'static str) -> impl Iterator<Item = &'s Row> {
    s.rows
        .iter()
        .filter(move |r| r.key.get(2).map(String::as_str) == Some(k))
}

fn zone_yaml(o: &mut String, s: &Section, c: Comments) {
    let Some(zone) = s.key.get(1) else { return };
    let head = match &s.clause {
        Some(cl) => format!("{cl} {}", c.say(&s.title)),
        None => c.say(&s.title),
    };
    let head = sanitize_line(&head);
    let _ = writeln!(
        o,
        "  # {head} — {}",
        c.pair("不存在则删除本段", "delete this block if it does not exist")
    );
    let _ = writeln!(o, "  {}:", yaml_str(zone));
    for r in at(s, "area_m2") {
        line(o, "    area_m2:", &note(r, c));
    }
    // Items in the order the standard first names them; an item with kinds or topics is a
    // mapping {count, kinds, topics}.
    let mut items: Vec<&str> = Vec::new();
    for r in at(s, "equipment") {
        if let Some(i) = r.key.get(3)
            && !items.contains(&i.as_str())
        {
            items.push(i);
        }
    }
    if !items.is_empty() {
        line(o, "    equipment:", "");
    }
    for item in items {
        let rows: Vec<&Row> = at(s, "equipment")
            .filter(|r| r.key.get(3).map(String::as_str) == Some(item))
            .collect();
        if rows.iter().any(|r| r.key.len() > 4) {
            let _ = writeln!(o, "      {}:", yaml_str(item));
            for r in rows {
                let field = r.key.get(4).map_or("count", String::as_str);
                line(o, &format!("        {field}:"), &note(r, c));
            }
        } else {
            for r in rows {
                line(o, &format!("      {}:", yaml_str(item)), &note(r, c));
            }
        }
    }
    for r in at(s, "age_bands") {
        let comment = format!(
            "{}, {} [\"0-3\", \"3-6\"]",
            note(r, c),
            c.pair("如", "e.g.")
        );
        line(o, "    age_bands:", &comment);
    }
}
