//! A standard in words, for people (`sitecheck standards list` and `show`): its editions, and
//! every requirement of every level with its article, strength, threshold and wording, in the
//! chosen language. For a variant, each requirement says which standard it comes from.

use std::fmt::Write as _;

use super::text::{num, unit};
use crate::i18n::Lang;
use crate::model::standard::{
    Check, Level, OptionEvidence, Requirement, Severity, Standard, Threshold,
};

/// When a standard is in force, in words.
#[must_use]
pub fn effective(s: &Standard, lang: Lang) -> String {
    match &s.effective {
        Some(d) => format!("{}{d}", lang.pick("自 ", "from ")),
        None => lang
            .pick(
                "自发布之日起试行",
                "from publication (no effective date given)",
            )
            .to_owned(),
    }
}

/// One line per built-in edition: id, edition, in force from, title.
#[must_use]
pub fn list(standards: &[std::sync::Arc<Standard>], lang: Lang) -> String {
    let one = super::escape::line;
    let mut rows: Vec<[String; 4]> = vec![[
        lang.pick("编号", "id").to_owned(),
        lang.pick("版本", "edition").to_owned(),
        lang.pick("生效", "in force").to_owned(),
        lang.pick("标题", "title").to_owned(),
    ]];
    for s in standards {
        let eff = s
            .effective
            .clone()
            .unwrap_or_else(|| lang.pick("不限", "always").to_owned());
        rows.push([s.id.clone(), s.version.clone(), eff, one(s.title.get(lang))]);
    }
    // Padded by display width: a CJK character takes two columns of a terminal.
    let width = |i: usize| {
        rows.iter()
            .map(|r| crate::report::width::width(&r[i]))
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    let mut out = String::new();
    for r in &rows {
        for (cell, w) in r.iter().zip(widths) {
            out.push_str(cell);
            out.push_str(&" ".repeat(w - crate::report::width::width(cell) + 2));
        }
        out.push_str(&r[3]);
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\n{}",
        lang.pick("未指定 --standard 时，使用清单核查日期（survey.date）当日有效的版本；用 --standard ID@VERSION 指定版本。", "Without --standard, the edition in force on the inventory's survey.date is used; --standard ID@VERSION picks one.")
    );
    out
}

/// A threshold in words: `≥ 200 m²`, `≥ 0.25 sets per children_served`, or a size-class table.
#[must_use]
pub fn threshold(t: &Threshold, unit: &str, lang: Lang) -> String {
    let with_unit = |n: f64| {
        if unit.is_empty() {
            num(n)
        } else {
            format!("{} {unit}", num(n))
        }
    };
    match t {
        Threshold::Const(v) => format!("≥ {}", with_unit(*v)),
        Threshold::PerUnit { per, rate } => match lang {
            Lang::Zh => format!("≥ 规模 capacity.{per} × {}", with_unit(*rate)),
            Lang::En => format!("≥ {} × capacity.{per}", with_unit(*rate)),
        },
        Threshold::Table { per, rows } => {
            let classes: Vec<String> = rows
                .iter()
                .map(|(upto, min)| match upto {
                    Some(u) => format!("≤ {} → {}", num(*u), with_unit(*min)),
                    None => format!("{} → {}", lang.pick("更大", "larger"), with_unit(*min)),
                })
                .collect();
            format!(
                "{} capacity.{per}{}{}",
                lang.pick("按规模", "by"),
                lang.colon(),
                classes.join(lang.semicolon())
            )
        }
    }
}

/// What a requirement asks for, in words (names from the standard's vocabulary).
#[must_use]
pub fn requires(s: &Standard, r: &Requirement, lang: Lang) -> String {
    let v = &s.vocabulary;
    let u = unit(s, r, lang);
    let sep = lang.pick("、", ", ");
    let join = |ids: &[String], t: &crate::model::standard::Terms| {
        ids.iter()
            .map(|i| t.name(i, lang))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match &r.check {
        Check::Equipment {
            min: Threshold::Const(n),
            ..
        } => super::text::at_least(r, *n, &u, lang),
        Check::FloorArea { min } | Check::Equipment { min, .. } | Check::Kinds { min, .. } => {
            threshold(min, &u, lang)
        }
        Check::Zone { zone } => match lang {
            Lang::Zh => format!("设置{}", v.zones.name(zone, lang)),
            Lang::En => format!("the {} is present", v.zones.name(zone, lang)),
        },
        Check::Topics { topics, .. } => format!(
            "{}{}",
            lang.pick("包括", "includes: "),
            join(topics, &v.topics)
        ),
        Check::AgeBands { bands, .. } => format!(
            "{}{}",
            lang.pick("覆盖年龄段 ", "covers the age bands "),
            bands
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(sep)
        ),
        Check::StaffCount {
            role,
            qualification,
            min,
            distinct_from,
        } => {
            let who =
                crate::report::text::staff_who(v, role.as_deref(), qualification.as_deref(), lang);
            format!(
                "{who} {}{}",
                threshold(min, &u, lang),
                distinct_note(s, distinct_from.as_deref(), lang)
            )
        }
        Check::StaffAny {
            roles,
            min,
            distinct_from,
        } => format!(
            "{} {}{}",
            roles
                .iter()
                .map(|x| v.roles.name(x, lang))
                .collect::<Vec<_>>()
                .join(lang.pick("或", " or ")),
            threshold(min, &u, lang),
            distinct_note(s, distinct_from.as_deref(), lang)
        ),
        Check::Operation { modes } => format!(
            "{}{}",
            lang.pick("运营方式为", "operated as: "),
            join(modes, &v.operation_modes)
        ),
        Check::Service { max_age_days, .. } => match (max_age_days, lang) {
            (None, _) => lang.pick("履行该职能", "the duty is performed").to_owned(),
            (Some(d), Lang::Zh) => format!("履行该职能，台账最近记录不超过 {d} 天"),
            (Some(d), Lang::En) => {
                format!("the duty is performed, its latest record at most {d} days old")
            }
        },
        Check::Option { evidence } => {
            // A Chinese reader is told what the inventory records it under in words.
            let key = match (evidence, lang) {
                (OptionEvidence::CoLocatedWith, Lang::Zh) => "记录于：共用场所的已有设施",
                (OptionEvidence::Operation, Lang::Zh) => "记录于：运营方式",
                (OptionEvidence::CoLocatedWith, Lang::En) => "facility.co_located_with",
                (OptionEvidence::Operation, Lang::En) => "operation",
            };
            format!(
                "{}{}",
                lang.pick("可选，不作要求", "permitted, not required"),
                lang.paren(key)
            )
        }
    }
}

/// The whole standard, resolved: header, then each level's requirements in report order.
#[must_use]
pub fn show(s: &Standard, lang: Lang) -> String {
    // Every name and text of the standard file on one line, neutralised: a line break in one
    // would print a line of its own.
    let one = super::escape::line;
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", s.label(), one(s.title.get(lang)));
    if let Some(a) = &s.authority {
        let _ = writeln!(
            out,
            "  {}{}",
            lang.pick("解释机关：", "authority: "),
            one(a.get(lang))
        );
    }
    if !s.basis.is_empty() {
        let _ = writeln!(
            out,
            "  {}{}",
            lang.pick("依据：", "basis: "),
            one(&s.basis.join(lang.semicolon()))
        );
    }
    let _ = writeln!(
        out,
        "  {}{}",
        lang.pick("生效：", "in force: "),
        effective(s, lang)
    );
    let _ = writeln!(
        out,
        "  {}{}",
        lang.pick("文件：", "file: "),
        one(&s.source.name)
    );
    if let Some(b) = &s.base {
        let _ = writeln!(
            out,
            "  {}{}{}",
            lang.pick("继承：", "extends: "),
            b.label(),
            lang.paren(&one(&b.source.name))
        );
    }
    let _ = writeln!(out, "  {}{}", lang.pick("示例：", "cases: "), s.cases.len());
    let strengths: Vec<String> = s
        .strengths
        .values()
        .map(|st| {
            let class = strength_class(st.severity, st.waivable, lang);
            match lang {
                // A Chinese reader is given the norm's word, not the key the file spells it by.
                Lang::Zh => format!("{}{class}", one(st.name.get(lang))),
                Lang::En => format!("{} = {}{class}", st.id, one(st.name.get(lang))),
            }
        })
        .collect();
    let _ = writeln!(
        out,
        "  {}{}",
        lang.pick("规范用语：", "strengths: "),
        strengths.join(lang.semicolon())
    );
    for level in &s.levels {
        level_requirements(&mut out, s, level, lang);
    }
    out
}

/// A level's requirements, each with its id, file, origin and wording.
fn level_requirements(out: &mut String, s: &Standard, level: &Level, lang: Lang) {
    let one = super::escape::line;
    let _ = writeln!(
        out,
        "\n{}{} — {} {}",
        one(s.vocabulary.levels.name(&level.id, lang)),
        lang.paren(&level.id),
        level.requirements.len(),
        lang.pick("项要求", "requirements")
    );
    for r in &level.requirements {
        let strength = one(s
            .strengths
            .get(&r.strength)
            .map_or(r.strength.as_str(), |st| st.name.get(lang)));
        let _ = writeln!(
            out,
            "  {} {}{}{} — {strength}{}",
            one(&r.clause),
            one(r.name.get(lang)),
            lang.colon(),
            one(&requires(s, r, lang)),
            strength_class(r.severity, r.waivable, lang)
        );
        let origin = s.origin_of(r).unwrap_or(s);
        let at = r.location.map_or(String::new(), |l| format!(":{}", l.line));
        let from = if origin.label() == s.label() {
            String::new()
        } else {
            format!(" · {} {}", lang.pick("来自", "from"), origin.label())
        };
        let _ = writeln!(
            out,
            "      {} · {}{at}{from}",
            r.id,
            one(&origin.source.name)
        );
        let text = r.text.get(lang);
        if !text.is_empty() {
            let _ = writeln!(out, "      {}", one(text.trim()));
        }
    }
}

/// A strength's class in parentheses: `（必改项，可豁免）` in Chinese — the report's words, not
/// a software severity — and `(error, waivable)` in English, as the file's `severity` spells it.
fn strength_class(severity: Severity, waivable: bool, lang: Lang) -> String {
    let class = match lang {
        Lang::Zh => crate::report::text::severity(severity, lang),
        Lang::En => severity.as_str(),
    };
    let waivable = if waivable {
        lang.pick("，可豁免", ", waivable")
    } else {
        ""
    };
    lang.paren(&format!("{class}{waivable}"))
}

/// `distinct_from` in words: the people another requirement counts are not counted again. A
/// Chinese reader is given that requirement's name, not its id.
fn distinct_note(s: &Standard, other: Option<&str>, lang: Lang) -> String {
    match (other, lang) {
        (None, _) => String::new(),
        (Some(o), Lang::Zh) => {
            let name = s
                .levels
                .iter()
                .flat_map(|l| &l.requirements)
                .find(|r| r.id == o)
                .map_or(o, |r| r.name.get(lang));
            format!("（另行配备，不与“{name}”重复计人）")
        }
        (Some(o), Lang::En) => format!(" (in addition to, and never counted among, {o})"),
    }
}
