//! The words of a re-inspection (复查): what became of each requirement since the baseline,
//! for a finding, a facility and the district, in every format's words.

use std::fmt::Write as _;

use crate::check::baseline::{BaselineState, Compared, Totals};
use crate::check::{Assessment, Finding, Status};
use crate::i18n::Lang;
use crate::model::standard::Severity;

use super::network::Section;

/// What became of a requirement, in a word.
#[must_use]
pub fn state(s: BaselineState, lang: Lang) -> &'static str {
    match s {
        BaselineState::New => lang.pick("新增问题", "new"),
        BaselineState::Fixed => lang.pick("已整改", "fixed"),
        BaselineState::Persisting => lang.pick("仍未整改", "persisting"),
        BaselineState::Regressed => lang.pick("整改后复发", "regressed"),
        BaselineState::Unchanged => lang.pick("无变化", "unchanged"),
    }
}

/// A finding's tag, when the comparison has news of it (not for what did not change).
#[must_use]
pub fn tag(f: &Finding, lang: Lang) -> Option<String> {
    let s = f.baseline.filter(|s| *s != BaselineState::Unchanged)?;
    let changed = if f.baseline_changed {
        lang.pick("（实测值有变化）", " (measured value changed)")
    } else {
        ""
    };
    Some(format!("{}{changed}", state(s, lang)))
}

/// The counts of a comparison: "已整改 N 项 · 新增问题 M 项 · 仍未整改 K 项" (and regressions, when
/// there are).
#[must_use]
pub fn counts(fixed: usize, new: usize, persisting: usize, regressed: usize, lang: Lang) -> String {
    let mut s = match lang {
        Lang::Zh => format!("已整改 {fixed} 项 · 新增问题 {new} 项 · 仍未整改 {persisting} 项"),
        Lang::En => format!("{fixed} fixed · {new} new · {persisting} persisting"),
    };
    if regressed > 0 {
        let _ = match lang {
            Lang::Zh => write!(s, " · 整改后复发 {regressed} 项"),
            Lang::En => write!(s, " · {regressed} regressed"),
        };
    }
    s
}

/// A facility's line: against which survey it was compared, and the counts (of required
/// items, as the verdict counts them).
#[must_use]
pub fn facility(c: &Compared, lang: Lang) -> String {
    if c.first {
        return match lang {
            Lang::Zh => format!(
                "复查：上一轮没有该设施的核查记录，本次必改项均为新增问题（{} 项）",
                c.new + c.regressed
            ),
            Lang::En => format!(
                "re-inspection: the baseline has no earlier survey of this facility; its {} required failure{} are new",
                c.new + c.regressed,
                if c.new + c.regressed == 1 { "" } else { "s" }
            ),
        };
    }
    let when = c
        .date
        .as_deref()
        .unwrap_or(lang.pick("日期未填", "undated"));
    let mut s = match lang {
        Lang::Zh => format!(
            "复查（对照 {when} 的核查）：{}",
            counts(c.fixed, c.new, c.persisting, c.regressed, lang)
        ),
        Lang::En => format!(
            "re-inspection (against the survey of {when}): {}",
            counts(c.fixed, c.new, c.persisting, c.regressed, lang)
        ),
    };
    if let Some(e) = &c.other_edition {
        s.push_str(&edition_note(e, lang));
    }
    s
}

fn edition_note(edition: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("；上一轮按 {edition} 核查，标准版本不同，按要求编号对照"),
        Lang::En => format!(
            "; the earlier survey was judged by {edition}, another edition: compared by requirement id"
        ),
    }
}

/// The required items fixed since the baseline, by name: for formats that leave passes out.
#[must_use]
pub fn fixed_names(a: &Assessment, lang: Lang) -> Vec<String> {
    a.findings
        .iter()
        .filter(|f| {
            f.is_fixed()
                && f.severity == Severity::Error
                && matches!(f.status, Status::Pass | Status::Waived)
        })
        .map(|f| {
            a.requirement(f)
                .map_or_else(|| f.requirement.clone(), |r| r.name.get(lang).to_owned())
        })
        .collect()
}

/// The line of fixed items under a facility, when there are.
#[must_use]
pub fn fixed_line(a: &Assessment, lang: Lang) -> Option<String> {
    let names = fixed_names(a, lang);
    (!names.is_empty()).then(|| match lang {
        Lang::Zh => format!("已整改：{}", names.join("、")),
        Lang::En => format!("fixed: {}", names.join(", ")),
    })
}

/// The district's section: the counts, the editions, the facilities not surveyed again.
#[must_use]
pub fn section(t: &Totals, lang: Lang) -> Section {
    let mut lines = vec![counts(t.fixed, t.new, t.persisting, t.regressed, lang)];
    lines.push(match lang {
        Lang::Zh => format!(
            "对照上一轮核查 {} 处设施；上一轮没有记录的 {} 处",
            t.compared, t.not_in_baseline
        ),
        Lang::En => format!(
            "{} facilities compared with their earlier survey; {} not in the baseline",
            t.compared, t.not_in_baseline
        ),
    });
    for e in &t.other_editions {
        lines.push(match lang {
            Lang::Zh => format!("上一轮有按 {e} 核查的，标准版本不同，按要求编号对照"),
            Lang::En => format!(
                "some earlier surveys were judged by {e}, another edition: compared by requirement id"
            ),
        });
    }
    if t.not_resurveyed_count > 0 {
        lines.push(match lang {
            Lang::Zh => format!(
                "未复查 {} 处（上一轮有、本次没有）：",
                t.not_resurveyed_count
            ),
            Lang::En => format!(
                "{} not surveyed again (in the baseline, not in this run):",
                t.not_resurveyed_count
            ),
        });
        for m in &t.not_resurveyed {
            lines.push(format!(
                "  {} — {}{}",
                m.facility,
                m.source,
                m.date
                    .as_deref()
                    .map(|d| match lang {
                        Lang::Zh => format!("（{d} 核查）"),
                        Lang::En => format!(" (surveyed {d})"),
                    })
                    .unwrap_or_default()
            ));
        }
        if t.not_resurveyed_count > t.not_resurveyed.len() {
            lines.push(match lang {
                Lang::Zh => format!(
                    "  另有 {} 处未列出",
                    t.not_resurveyed_count - t.not_resurveyed.len()
                ),
                Lang::En => format!(
                    "  and {} more",
                    t.not_resurveyed_count - t.not_resurveyed.len()
                ),
            });
        }
    }
    Section {
        title: lang.pick("复查", "Re-inspection").to_owned(),
        lines,
    }
}
