//! `age_bands`: a zone's declared age bands (`age_bands`) cover each listed band, none merging
//! two of them (Art. 17(3)).

use serde_json::json;

use super::form::Draft;
use super::{Build, Context, Entry, Kind, eval};
use crate::diagnostic::Code;
use crate::i18n::{Lang, Text};
use crate::load::Sp;
use crate::model::finding::{Finding, Gap, MergedBand, Need, NeedKey, Status};
use crate::model::standard::{AgeBand, Check, Requirement, Standard, Threshold};
use crate::model::template::{Row, RowKind};

/// The table's line.
pub const KIND: Entry = Entry {
    name: "age_bands",
    keys: &["zone", "bands"],
    build,
};

fn build(b: &mut Build<'_>) -> Option<Check> {
    let z = b.zone();
    let Some(raw) = &b.raw.bands else {
        b.need("bands", None);
        return None;
    };
    let zone = z?;
    Some(Check::AgeBands {
        zone,
        bands: parse(b, raw)?,
    })
}

/// The bands as written (`0-3`), each one that is not a band a problem.
fn parse(b: &mut Build<'_>, raw: &[Sp<String>]) -> Option<Vec<AgeBand>> {
    let before = b.problems.len();
    let mut parsed = Vec::new();
    for x in raw {
        match AgeBand::parse(&x.value) {
            Some(a) => parsed.push(a),
            None => b.err(
                Code::BadAgeBand,
                Text::new(
                    format!("年龄段 `{}` 应写作 `0-3` 的形式", x.value),
                    format!("age band `{}` should look like `0-3`", x.value),
                ),
                x.loc,
            ),
        }
    }
    (b.problems.len() == before).then_some(parsed)
}

/// The data of an `age_bands` requirement.
pub struct AgeBands<'a> {
    /// Zone id.
    pub zone: &'a str,
    /// Required bands.
    pub bands: &'a [AgeBand],
}

impl Kind for AgeBands<'_> {
    fn entry(&self) -> &'static Entry {
        &KIND
    }

    fn min(&self) -> Option<&Threshold> {
        None
    }

    fn item(&self) -> Option<(&str, &str)> {
        None
    }

    fn distinct_from(&self) -> Option<&str> {
        None
    }

    fn restate(&self, b: &mut Build<'_>) -> Option<Check> {
        let z = b.zone_or(self.zone);
        let bands = match &b.raw.bands {
            Some(raw) => parse(b, raw)?,
            None => self.bands.to_vec(),
        };
        Some(Check::AgeBands { zone: z?, bands })
    }

    fn evaluate(&self, cx: &Context<'_>, _: &Requirement, f: &mut Finding) {
        let (zone, bands) = (self.zone, self.bands);
        f.expected = json!(bands.iter().map(ToString::to_string).collect::<Vec<_>>());
        let have: &[AgeBand] = match eval::find_zone(cx.inv, zone, f) {
            Ok(z) => match &z.age_bands.value {
                Some(b) => {
                    f.location = z.age_bands.loc.or(z.key_loc);
                    b
                }
                None => {
                    return eval::not_surveyed(
                        f,
                        format!("zones.{zone}.age_bands"),
                        z.age_bands.loc.or(z.key_loc),
                    );
                }
            },
            Err(true) => &[],
            Err(false) => return,
        };
        f.actual = json!(have.iter().map(ToString::to_string).collect::<Vec<_>>());
        let (missing, merged) = band_coverage(bands, have);
        if missing.is_empty() && merged.is_empty() {
            f.status = Status::Pass;
        } else if merged.is_empty() {
            f.status = Status::Fail;
            f.gap = Gap::Missing { names: missing };
        } else {
            f.status = Status::Fail;
            f.gap = Gap::BandsMerged { merged, missing };
        }
    }

    fn needs(&self, f: &Finding) -> Vec<Need> {
        let bands: Vec<&String> = match &f.gap {
            Gap::Missing { names } => names.iter().collect(),
            Gap::BandsMerged { merged, missing } => {
                let mut bands: Vec<&String> = merged.iter().flat_map(|m| &m.bands).collect();
                bands.extend(missing);
                bands.sort();
                bands.dedup();
                bands
            }
            _ => return Vec::new(),
        };
        bands
            .into_iter()
            .map(|b| Need {
                key: NeedKey::AgeBand {
                    zone: self.zone.to_owned(),
                    band: b.clone(),
                },
                amount: 1.0,
            })
            .collect()
    }

    fn shortfall(&self, st: &Standard, f: &Finding, lang: Lang) -> Option<String> {
        let zone = st.vocabulary.zones.name(self.zone, lang);
        match &f.gap {
            Gap::Missing { names: missing } => Some(match lang {
                Lang::Zh => format!("{zone}：增设 {} 岁年龄段", missing.join("、")),
                Lang::En => format!(
                    "{zone}: add the {} age band{}",
                    missing.join(", "),
                    if missing.len() > 1 { "s" } else { "" }
                ),
            }),
            Gap::BandsMerged { merged, missing } => Some(merged_words(zone, merged, missing, lang)),
            _ => None,
        }
    }

    fn template(&self, st: &Standard, r: &Requirement, d: &mut Draft) {
        let bands: Vec<String> = self.bands.iter().map(ToString::to_string).collect();
        let row = Row {
            required: Some(Text::new(
                format!("须含 {} 岁", bands.join("、")),
                format!("must include {}", bands.join(", ")),
            )),
            clause: Some(r.clause.clone()),
            ..Row::new(
                &["zones", self.zone, "age_bands"],
                Text::new("年龄段", "age bands"),
                RowKind::AgeBands { bands },
            )
        };
        d.zone(&st.vocabulary, self.zone, &r.clause).rows.push(row);
    }
}

/// What to do about bands that merge listed ones (and listed ones missing), in a zone.
fn merged_words(zone: &str, merged: &[MergedBand], missing: &[String], lang: Lang) -> String {
    let mut parts: Vec<String> = merged
        .iter()
        .map(|m| match lang {
            Lang::Zh => format!(
                "{} 岁年龄段合并了 {} 岁，应分别设置",
                m.declared,
                m.bands.join("、")
            ),
            Lang::En => format!(
                "the {} band merges {}: set them up apart",
                m.declared,
                m.bands.join(" and ")
            ),
        })
        .collect();
    if !missing.is_empty() {
        parts.push(match lang {
            Lang::Zh => format!("增设 {} 岁年龄段", missing.join("、")),
            Lang::En => format!("add the {} age band(s)", missing.join(", ")),
        });
    }
    match lang {
        Lang::Zh => format!("{zone}：{}", parts.join("；")),
        Lang::En => format!("{zone}: {}", parts.join("; ")),
    }
}

/// Art. 17(3)'s reading of 围绕0-3岁、3-6岁、6-12岁、12-18岁等: the declared bands must together
/// cover each listed band, and none may cross a boundary between two listed bands (finer bands
/// pass: 6-9 and 9-12 cover 6-12). Returns the listed bands not covered and the declared bands
/// that merge listed ones.
fn band_coverage(listed: &[AgeBand], declared: &[AgeBand]) -> (Vec<String>, Vec<MergedBand>) {
    // Boundaries between two listed bands: where one ends and another begins.
    let boundaries: Vec<u32> = listed
        .iter()
        .map(|b| b.hi)
        .filter(|x| listed.iter().any(|c| c.lo == *x))
        .collect();
    let mut merged = Vec::new();
    for d in declared {
        if boundaries.iter().any(|x| d.lo < *x && *x < d.hi) {
            let spans: Vec<String> = listed
                .iter()
                .filter(|b| d.lo < b.hi && b.lo < d.hi)
                .map(ToString::to_string)
                .collect();
            let m = MergedBand {
                declared: d.to_string(),
                bands: spans,
            };
            if !merged.contains(&m) {
                merged.push(m);
            }
        }
    }
    let missing = listed
        .iter()
        .filter(|b| !covered(**b, declared))
        .map(ToString::to_string)
        .collect();
    (missing, merged)
}

/// Whether the declared bands together cover `[b.lo, b.hi]`.
fn covered(b: AgeBand, declared: &[AgeBand]) -> bool {
    let mut parts: Vec<(u32, u32)> = declared
        .iter()
        .filter(|d| d.lo < b.hi && b.lo < d.hi)
        .map(|d| (d.lo.max(b.lo), d.hi.min(b.hi)))
        .collect();
    parts.sort_unstable();
    let mut reach = b.lo;
    for (lo, hi) in parts {
        if lo > reach {
            return false;
        }
        reach = reach.max(hi);
    }
    reach >= b.hi
}
