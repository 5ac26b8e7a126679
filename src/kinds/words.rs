//! The words every kind shares: a number without a needless fraction, a number with its unit,
//! a list of names in a language, and who a staff requirement counts. `report` uses them too.

use crate::i18n::Lang;
use crate::model::standard::{Terms, Vocabulary};

/// Formats a number without a needless fraction: two decimals, or as many more as it takes to
/// show the number as it is (up to floating-point noise), so that a value below a threshold
/// never prints as the threshold (29.995 m² is not "30 m²", and a shortfall is never "0").
#[must_use]
pub fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let tolerance = 1e-9 * x.abs().max(1.0);
    let mut s = format!("{x:.2}");
    for digits in 3..=15 {
        if s.parse::<f64>().is_ok_and(|y| (y - x).abs() <= tolerance) {
            break;
        }
        s = format!("{x:.digits$}");
    }
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// A number with its unit (`200 m²`); the bare number when there is no unit.
#[must_use]
pub fn with_unit(n: &str, unit: &str) -> String {
    if unit.is_empty() {
        n.to_owned()
    } else if n.trim_start_matches(['+', '−', '-']) == "1" {
        format!("{n} {}", singular(unit))
    } else {
        format!("{n} {unit}")
    }
}

/// An English unit for one: `1 set`, `1 person`, `1 unit` (the standard writes units as
/// plurals); a unit that is not an English plural (`m²`, 平方米, 组) is left as it is.
fn singular(unit: &str) -> std::borrow::Cow<'_, str> {
    match unit {
        "people" => "person".into(),
        u if u.is_ascii() && u.ends_with('s') && !u.ends_with("ss") && u.len() > 2 => {
            u[..u.len() - 1].to_owned().into()
        }
        u => u.into(),
    }
}

/// Ids as their names in `terms` (the ids themselves without a list), joined in the language.
#[must_use]
pub fn names(terms: Option<&Terms>, ids: &[String], lang: Lang) -> String {
    let sep = lang.pick("、", ", ");
    ids.iter()
        .map(|i| terms.map_or(i.as_str(), |t| t.name(i, lang)))
        .collect::<Vec<_>>()
        .join(sep)
}

/// Who a staff requirement counts: a role, a role holding a qualification, or anyone on the
/// staff (not a volunteer) holding it (具备社会工作专业资质的人员).
#[must_use]
pub fn staff_who(
    v: &Vocabulary,
    role: Option<&str>,
    qualification: Option<&str>,
    lang: Lang,
) -> String {
    match (role, qualification, lang) {
        (Some(r), Some(q), Lang::Zh) => format!(
            "具备{}的{}",
            v.qualifications.name(q, lang),
            v.roles.name(r, lang)
        ),
        (Some(r), Some(q), Lang::En) => format!(
            "{} holding the {}",
            v.roles.name(r, lang),
            v.qualifications.name(q, lang)
        ),
        (Some(r), None, _) => v.roles.name(r, lang).to_owned(),
        (None, Some(q), Lang::Zh) => format!("具备{}的人员", v.qualifications.name(q, lang)),
        (None, Some(q), Lang::En) => {
            format!("staff holding the {}", v.qualifications.name(q, lang))
        }
        (None, None, Lang::Zh) => "工作人员".to_owned(),
        (None, None, Lang::En) => "staff".to_owned(),
    }
}

/// More kinds of an item, as a shortfall line names it: `图书种类` / `kinds of books`.
#[must_use]
pub fn kinds_of(v: &Vocabulary, item: &str, lang: Lang) -> String {
    let item = v.items.name(item, lang);
    match lang {
        Lang::Zh => format!("{item}种类"),
        Lang::En => format!("kinds of {item}"),
    }
}
