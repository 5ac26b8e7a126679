//! The parts of the district block about which facilities count: the three-level network's
//! coverage (with a roster), the proposed layouts left out, and the facilities met twice. Each
//! is a [`Section`] of plain lines in one language, computed once; every format lays the
//! sections out and escapes them for its sink.

use super::Summary;
use super::text::percent;
use crate::check::coverage::Coverage;
use crate::i18n::Lang;

/// A heading and its lines, in words (not yet escaped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The heading.
    pub title: String,
    /// The lines.
    pub lines: Vec<String>,
}

/// The sections of a run's summary, in the order a supervisor reads them: coverage first.
#[must_use]
pub fn sections(s: &Summary, lang: Lang) -> Vec<Section> {
    let mut out = Vec::new();
    // A re-inspection leads with what was fixed and what is new.
    if let Some(t) = &s.baseline {
        out.push(super::recheck::section(t, lang));
    }
    if let Some(c) = &s.coverage {
        out.push(coverage(c, lang));
    }
    if s.proposed_layouts.count > 0 {
        out.push(layouts(s, lang));
    }
    if !s.duplicates.is_empty() {
        out.push(duplicates(s, lang));
    }
    if !s.conflicts.is_empty() {
        out.push(conflicts(s, lang));
    }
    out
}

fn zh_list(items: &[String]) -> String {
    items.join("、")
}

/// The network's coverage: the rates Art. 10 and Art. 14 ask for, the places short of them, and
/// where the roster and the survey disagree.
fn coverage(c: &Coverage, lang: Lang) -> Section {
    let mut lines = rates(c, lang);
    lines.extend(gaps(c, lang));
    lines.extend(roster_mismatches(c, lang));
    Section {
        title: coverage_title(c, lang),
        lines,
    }
}

/// The heading: the district and the articles the coverage cites.
fn coverage_title(c: &Coverage, lang: Lang) -> String {
    let clauses: Vec<&str> = c.articles.iter().map(|a| a.clause.as_str()).collect();
    let district = c.district.as_deref().unwrap_or_default();
    match lang {
        Lang::Zh => format!(
            "三级网络覆盖{}{}",
            if district.is_empty() {
                String::new()
            } else {
                format!("（{district}）")
            },
            if clauses.is_empty() {
                String::new()
            } else {
                format!("，依据{}", clauses.join("、"))
            }
        ),
        Lang::En => format!(
            "Coverage of the three-level network{}{}",
            if district.is_empty() {
                String::new()
            } else {
                format!(" ({district})")
            },
            if clauses.is_empty() {
                String::new()
            } else {
                format!(", after {}", clauses.join(", "))
            }
        ),
    }
}

/// The two rates, each with the article that asks for it.
fn rates(c: &Coverage, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    let article = |of: &str| {
        c.articles
            .iter()
            .find(|a| a.of == of)
            .map(|a| match lang {
                Lang::Zh => format!("（{}：{}）", a.clause, a.text.zh.trim_end_matches('。')),
                Lang::En => format!(" ({}: {})", a.clause, a.text.en.trim_end_matches('.')),
            })
            .unwrap_or_default()
    };
    lines.push(match lang {
        Lang::Zh => format!(
            "已设立工作站的镇（街道）：{}/{}，覆盖率 {}{}",
            c.towns_with_station,
            c.towns,
            percent(c.towns_with_station, c.towns),
            article("town")
        ),
        Lang::En => format!(
            "Towns with a workstation: {} of {}, {}{}",
            c.towns_with_station,
            c.towns,
            percent(c.towns_with_station, c.towns),
            article("town")
        ),
    });
    lines.push(match lang {
        Lang::Zh => format!(
            "已设置儿童之家的村（居）：{}/{}，覆盖率 {}{}",
            c.villages_with_home,
            c.villages,
            percent(c.villages_with_home, c.villages),
            article("village")
        ),
        Lang::En => format!(
            "Villages with a children's home: {} of {}, {}{}",
            c.villages_with_home,
            c.villages,
            percent(c.villages_with_home, c.villages),
            article("village")
        ),
    });
    lines
}

/// The towns without a workstation, the villages without a children's home, and each town's rate.
fn gaps(c: &Coverage, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    let towns: Vec<String> = c
        .towns_without_station
        .iter()
        .map(|p| p.name.clone())
        .collect();
    if !towns.is_empty() {
        lines.push(match lang {
            Lang::Zh => format!("未设立工作站的镇（街道）：{}", zh_list(&towns)),
            Lang::En => format!("Towns without a workstation: {}", towns.join(", ")),
        });
    }
    let villages: Vec<String> = c
        .by_town
        .iter()
        .flat_map(|t| {
            t.villages_without_home
                .iter()
                .map(move |v| format!("{}{}", t.name, v.name))
        })
        .collect();
    if !villages.is_empty() {
        lines.push(match lang {
            Lang::Zh => format!("未设置儿童之家的村（居）：{}", zh_list(&villages)),
            Lang::En => format!(
                "Villages without a children's home: {}",
                villages.join(", ")
            ),
        });
    }
    let by_town: Vec<String> = c
        .by_town
        .iter()
        .filter(|t| t.villages > 0)
        .map(|t| {
            format!(
                "{} {}/{} {}",
                t.name,
                t.villages_with_home,
                t.villages,
                percent(t.villages_with_home, t.villages)
            )
        })
        .collect();
    if !by_town.is_empty() {
        lines.push(match lang {
            Lang::Zh => format!("各镇（街道）儿童之家覆盖率：{}", by_town.join("；")),
            Lang::En => format!("Children's homes by town: {}", by_town.join("; ")),
        });
    }
    lines
}

/// The roster's facilities not surveyed, and the surveyed facilities the roster does not place.
fn roster_mismatches(c: &Coverage, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    let unsurveyed: Vec<String> = c
        .not_surveyed
        .iter()
        .map(|e| format!("{}（{}）", e.facility, e.place))
        .collect();
    if !unsurveyed.is_empty() {
        lines.push(match lang {
            Lang::Zh => format!("名册所列设施本轮未核查：{}", zh_list(&unsurveyed)),
            Lang::En => format!(
                "Facilities in the roster not surveyed this round: {}",
                unsurveyed.join(", ").replace('（', " (").replace('）', ")")
            ),
        });
    }
    let unplaced: Vec<String> = c
        .not_in_roster
        .iter()
        .map(|u| {
            let region = u.region.as_deref().unwrap_or("—");
            match (lang, u.ambiguous) {
                (Lang::Zh, true) => format!(
                    "{}（{}，对应多个村（居），{}）",
                    u.facility, region, u.source
                ),
                (Lang::Zh, false) => format!("{}（{}，{}）", u.facility, region, u.source),
                (Lang::En, true) => format!(
                    "{} ({region}, matches villages of several towns, {})",
                    u.facility, u.source
                ),
                (Lang::En, false) => format!("{} ({region}, {})", u.facility, u.source),
            }
        })
        .collect();
    if !unplaced.is_empty() {
        lines.push(match lang {
            Lang::Zh => format!("所在地区不在名册中的设施：{}", zh_list(&unplaced)),
            Lang::En => format!(
                "Facilities whose region is in no roster entry: {}",
                unplaced.join(", ")
            ),
        });
    }
    let wrong: Vec<String> = c
        .wrong_level
        .iter()
        .map(|e| format!("{}（{}）", e.facility, e.place))
        .collect();
    if !wrong.is_empty() {
        lines.push(match lang {
            Lang::Zh => format!(
                "名册中编号对应的层级与清单不符，未计入：{}",
                zh_list(&wrong)
            ),
            Lang::En => format!(
                "Facilities the roster expects at a place of another level, not counted: {}",
                wrong.join(", ").replace('（', " (").replace('）', ")")
            ),
        });
    }
    lines
}

fn layouts(s: &Summary, lang: Lang) -> Section {
    let l = &s.proposed_layouts;
    let title = match lang {
        Lang::Zh => format!(
            "规划方案（{} 份，不计入合格率、层级统计和缺口汇总）",
            l.count
        ),
        Lang::En => format!(
            "Proposed layouts ({}, left out of the rates, the level table and the shortfall totals)",
            l.count
        ),
    };
    let mut lines: Vec<String> = l
        .facilities
        .iter()
        .map(|f| match &f.name {
            Some(n) => format!("{n}{} · {}", lang.paren(&f.id), f.source),
            None => format!("{} · {}", f.id, f.source),
        })
        .collect();
    if l.count > l.facilities.len() {
        lines.push(match lang {
            Lang::Zh => format!("另有 {} 份未列出", l.count - l.facilities.len()),
            Lang::En => format!("and {} more", l.count - l.facilities.len()),
        });
    }
    Section { title, lines }
}

fn duplicates(s: &Summary, lang: Lang) -> Section {
    let title = match lang {
        Lang::Zh => "重复提交的设施（按核查日期较新的一份计入）".to_owned(),
        Lang::En => "Facilities in two inputs (the later survey counted)".to_owned(),
    };
    let lines = s
        .duplicates
        .iter()
        .map(|d| match lang {
            Lang::Zh => format!("{}：计入 {}，未计入 {}", d.facility, d.kept, d.dropped),
            Lang::En => format!("{}: counted {}, left out {}", d.facility, d.kept, d.dropped),
        })
        .collect();
    Section { title, lines }
}

fn conflicts(s: &Summary, lang: Lang) -> Section {
    let title = match lang {
        Lang::Zh => {
            "冲突：同一设施的两份清单核查日期相同（或未填写），汇总只计入先列出的一份，请核实以哪一份为准".to_owned()
        }
        Lang::En => {
            "Conflicts: one facility in two inputs of one survey date (or none): the summary counts the first; settle which one stands"
                .to_owned()
        }
    };
    let lines = s
        .conflicts
        .iter()
        .map(|c| {
            let date = c
                .date
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            match lang {
                Lang::Zh => format!(
                    "{}：计入 {}，未计入 {}{}",
                    c.facility, c.sources[0], c.sources[1], date
                ),
                Lang::En => format!(
                    "{}: counted {}, left out {}{}",
                    c.facility, c.sources[0], c.sources[1], date
                ),
            }
        })
        .collect();
    Section { title, lines }
}
