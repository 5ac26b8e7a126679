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

use crate::i18n::{Lang, Text};
use crate::kinds::form::Draft;
use crate::model::standard::{Requirement, Standard};

pub use crate::model::template::{Row, RowKind, Section, SectionKind, Template};

fn t(zh: &str, en: &str) -> Text {
    Text::new(zh, en)
}

fn row(key: &[&str], label: Text, kind: RowKind) -> Row {
    Row::new(key, label, kind)
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
    let facility = facility_section(st, level, &level_name);
    let operation = operation_section(st);
    let survey = survey_section();
    let floor = Section {
        kind: SectionKind::FloorArea,
        key: Vec::new(),
        title: t("建筑面积", "floor area"),
        clause: None,
        rows: Vec::new(),
    };
    let staff = Section {
        kind: SectionKind::Staff,
        key: vec!["staff".into()],
        title: t("人员配备（每人一项）", "staff (one entry per person)"),
        clause: None,
        rows: Vec::new(),
    };
    let services = Section {
        kind: SectionKind::Services,
        key: vec!["services".into()],
        title: t(
            "实际履行的职能：列出名称，或写成 职能: {record: 台账, last_done: 最近记录日期}",
            "duties performed: list them, or write duty: {record: …, last_done: YYYY-MM-DD}",
        ),
        clause: None,
        rows: Vec::new(),
    };

    let mut d = Draft {
        facility,
        operation,
        floor,
        staff,
        zones: Vec::new(),
        services,
        capacities: Vec::new(),
    };
    for r in reqs {
        crate::kinds::with(&r.check, |k| k.template(st, r, &mut d));
    }
    let capacity = Section {
        kind: SectionKind::Capacity,
        key: vec!["capacity".into()],
        title: t(
            "规模（标准按此折算门槛）",
            "capacity (thresholds scale with it)",
        ),
        clause: None,
        rows: d
            .capacities
            .iter()
            .map(|c| row(&["capacity", c], Text::new(c, c), RowKind::Capacity))
            .collect(),
    };
    let mut sections = vec![d.facility, survey, d.operation, d.floor, d.staff];
    sections.extend(d.zones);
    sections.push(d.services);
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

/// `facility:` — identity, the level filled in.
fn facility_section(st: &Standard, level: &str, level_name: &Text) -> Section {
    let v = &st.vocabulary;
    Section {
        kind: SectionKind::Facility,
        key: vec!["facility".into()],
        title: t("设施", "facility"),
        clause: None,
        rows: vec![
            Row {
                value: Some(crate::model::inventory::placeholder_id(level)),
                ..row(
                    &["facility", "id"],
                    t("设施唯一编号（请修改）", "unique id (change it)"),
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
    }
}

/// `operation:` — how it is run.
fn operation_section(st: &Standard) -> Section {
    let v = &st.vocabulary;
    Section {
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
    }
}

/// `survey:` — who surveyed, when, and how.
fn survey_section() -> Section {
    Section {
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
        // A Chinese parenthesis takes no space before it.
        Some(req) if req.zh.starts_with('（') => c.pair(
            format!("{}{}", r.label.zh, req.zh).trim(),
            format!("{} {}", r.label.en, req.en).trim(),
        ),
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
    yaml_head(&mut o, tpl, c, schema, write_schema);
    let mut zones_open = false;
    for s in &tpl.sections {
        match s.kind {
            SectionKind::Facility | SectionKind::Survey | SectionKind::Operation => {
                mapping_yaml(&mut o, tpl, s, c);
            }
            SectionKind::FloorArea => {
                o.push('\n');
                for r in &s.rows {
                    line(&mut o, "floor_area_m2:", &note(r, c));
                }
            }
            SectionKind::Staff => staff_yaml(&mut o, s, c),
            SectionKind::Zone => {
                if !zones_open {
                    o.push('\n');
                    line(&mut o, "zones:", &c.pair("功能区", "zones"));
                    zones_open = true;
                }
                zone_yaml(&mut o, s, c);
            }
            SectionKind::Services => services_yaml(&mut o, s, c),
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

/// The file's head: the schema line, the title, the standard and how to fill it in.
fn yaml_head(o: &mut String, tpl: &Template, c: Comments, schema: &str, write_schema: bool) {
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
            &format!("依据 {}（{}）", tpl.standard_title.zh, tpl.standard),
            &format!("after {} ({})", tpl.standard_title.en, tpl.standard)
        )
    );
    for (zh, en) in [
        (
            "填写说明：留空表示“未核查”，相关条款记为“未评估”；核查后确实没有的，请填 0（或 []）。",
            "How to fill in: a value left empty is “not surveyed” and its requirements are not assessed; write 0 (or []) for what was surveyed and found absent.",
        ),
        (
            "某功能区不存在时，删除该功能区整段（缺少的功能区及其设备按 0 计）。",
            "Delete the block of a zone that does not exist (a missing zone and its items count as 0).",
        ),
        (
            "人员和服务：去掉行首的 # 并填写，每人一项；其余注释可删除。",
            "Staff and services: remove the leading # and fill in, one entry per person; other comments may be deleted.",
        ),
        (
            "检查：sitecheck check 本文件",
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
}

/// A mapping of values (`facility:`, `survey:`, `operation:`), and after the facility the
/// inventory's `standard:`.
fn mapping_yaml(o: &mut String, tpl: &Template, s: &Section, c: Comments) {
    o.push('\n');
    line(o, &format!("{}:", s.key.join(".")), &c.say(&s.title));
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
        line(o, &code, &comment);
    }
    if s.kind == SectionKind::Facility {
        o.push('\n');
        line(
            o,
            &format!("standard: {}", yaml_str(&tpl.standard)),
            &c.pair(
                "适用标准：本模板依据的标准，请勿改动",
                "the standard this template was made from; leave it as is",
            ),
        );
        line(
            o,
            &format!("standard_sha256: {}", yaml_str(&tpl.standard_sha256)),
            &c.pair(
                "标准校验码，请勿改动",
                "the standard's checksum; leave it as is",
            ),
        );
    }
}

/// `staff:`, with a commented entry per person the standard asks for.
fn staff_yaml(o: &mut String, s: &Section, c: Comments) {
    o.push('\n');
    line(o, "staff:", &c.say(&s.title));
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

/// `services:`, a commented entry per duty.
fn services_yaml(o: &mut String, s: &Section, c: Comments) {
    if s.rows.is_empty() {
        return;
    }
    o.push('\n');
    let title = match &s.clause {
        Some(cl) => format!("{cl} {}", c.say(&s.title)),
        None => c.say(&s.title),
    };
    line(o, "services:", &title);
    for r in &s.rows {
        if let RowKind::Service { service } = &r.kind {
            let label = match &r.clause {
                Some(cl) => format!("{cl} {}", c.say(&r.label)),
                None => c.say(&r.label),
            };
            line(o, &format!("  # - {}", yaml_str(service)), &label);
        }
    }
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
