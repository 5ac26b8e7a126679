//! `topics`: a wall display (an item of a zone) shows each of the topics.

use serde_json::{Value, json};

use super::eval::{self, NoItem};
use super::form::Draft;
use super::words::names;
use super::{Build, Context, Entry, Kind};
use crate::i18n::Lang;
use crate::i18n::Text;
use crate::model::finding::{Finding, Gap, Need, NeedKey, Status};
use crate::model::inventory::Inventory;
use crate::model::standard::{Check, Requirement, Standard, Threshold};
use crate::model::template::{Row, RowKind};

/// The table's line.
pub const KIND: Entry = Entry {
    name: "topics",
    keys: &["zone", "item", "topics"],
    build,
};

fn build(b: &mut Build<'_>) -> Option<Check> {
    let v = b.vocabulary;
    let (z, i) = (b.zone(), b.item());
    let t = b.names("topics", b.raw.topics.as_ref(), &v.topics, "topics");
    Some(Check::Topics {
        zone: z?,
        item: i?,
        topics: t?,
    })
}

/// The data of a `topics` requirement.
pub struct Topics<'a> {
    /// Zone id.
    pub zone: &'a str,
    /// Item id.
    pub item: &'a str,
    /// Topic ids.
    pub topics: &'a [String],
}

impl Kind for Topics<'_> {
    fn entry(&self) -> &'static Entry {
        &KIND
    }

    fn min(&self) -> Option<&Threshold> {
        None
    }

    fn item(&self) -> Option<(&str, &str)> {
        Some((self.zone, self.item))
    }

    fn distinct_from(&self) -> Option<&str> {
        None
    }

    fn restate(&self, b: &mut Build<'_>) -> Option<Check> {
        let v = b.vocabulary;
        let (z, i) = (b.zone_or(self.zone), b.item_or(self.item));
        let t = b.names_or(b.raw.topics.as_ref(), &v.topics, "topics", self.topics);
        Some(Check::Topics {
            zone: z?,
            item: i?,
            topics: t?,
        })
    }

    fn evaluate(&self, cx: &Context<'_>, _: &Requirement, f: &mut Finding) {
        let (zone, item) = (self.zone, self.item);
        f.expected = json!(self.topics);
        let have: &[String] = match eval::find_item(cx.inv, zone, item, f) {
            Ok(i) => match &i.topics.value {
                Some(t) => {
                    f.location = i.topics.loc.or(i.key_loc);
                    t
                }
                None => {
                    return eval::not_surveyed(
                        f,
                        format!("zones.{zone}.equipment.{item}.topics"),
                        i.topics.loc.or(i.key_loc),
                    );
                }
            },
            Err(NoItem::Zero(loc)) => {
                f.location = loc;
                &[]
            }
            Err(NoItem::NotSurveyed) => return,
        };
        f.actual = json!(have);
        let missing: Vec<String> = self
            .topics
            .iter()
            .filter(|t| !have.contains(t))
            .cloned()
            .collect();
        if missing.is_empty() {
            f.status = Status::Pass;
        } else {
            f.status = Status::Fail;
            f.gap = Gap::Missing { names: missing };
        }
    }

    fn needs(&self, f: &Finding) -> Vec<Need> {
        let Gap::Missing { names } = &f.gap else {
            return Vec::new();
        };
        names
            .iter()
            .map(|t| Need {
                key: NeedKey::Topic { topic: t.clone() },
                amount: 1.0,
            })
            .collect()
    }

    fn expected(&self, st: &Standard, _: &Finding, lang: Lang) -> Option<String> {
        Some(names(Some(&st.vocabulary.topics), self.topics, lang))
    }

    fn actual(&self, st: &Standard, _: &Inventory, f: &Finding, lang: Lang) -> Option<String> {
        // An empty list is the plain "none".
        let Value::Array(v) = &f.actual else {
            return None;
        };
        if v.is_empty() {
            return None;
        }
        let ids: Vec<String> = v
            .iter()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect();
        Some(names(Some(&st.vocabulary.topics), &ids, lang))
    }

    fn shortfall(&self, st: &Standard, f: &Finding, lang: Lang) -> Option<String> {
        let Gap::Missing { names: missing } = &f.gap else {
            return None;
        };
        let list = names(Some(&st.vocabulary.topics), missing, lang);
        let list = match lang {
            Lang::Zh => format!("补充：{list}"),
            Lang::En => format!("add: {list}"),
        };
        Some(match guesses(st, f, missing, lang) {
            Some(g) => format!("{list}{g}"),
            None => list,
        })
    }

    fn template(&self, st: &Standard, r: &Requirement, d: &mut Draft) {
        let v = &st.vocabulary;
        let names = |lang: Lang, sep: &str| {
            self.topics
                .iter()
                .map(|x| v.topics.name(x, lang))
                .collect::<Vec<_>>()
                .join(sep)
        };
        let row = Row {
            required: Some(Text::new(
                format!("须含 {}", names(Lang::Zh, "、")),
                format!("must include {}", names(Lang::En, ", ")),
            )),
            clause: Some(r.clause.clone()),
            ..Row::new(
                &["zones", self.zone, "equipment", self.item, "topics"],
                Text::new("上墙内容", "topics"),
                RowKind::Topics {
                    topics: self.topics.to_vec(),
                },
            )
        };
        d.zone(v, self.zone, &r.clause).rows.push(row);
    }
}

/// Wall-display topics are an open list (any text is accepted): the written topics that the
/// standard does not know but that are near a missing one (疏散路线 → 紧急疏散路线), likely the
/// same topic named another way. `None` when there is none.
fn guesses(st: &Standard, f: &Finding, missing: &[String], lang: Lang) -> Option<String> {
    let topics = &st.vocabulary.topics;
    let wanted: Vec<(&str, &str)> = missing
        .iter()
        .filter_map(|id| topics.get(id))
        .flat_map(|t| {
            std::iter::once((t.name.zh.as_str(), t.id.as_str()))
                .chain(std::iter::once((t.name.en.as_str(), t.id.as_str())))
                .chain(t.aliases.iter().map(|al| (al.as_str(), t.id.as_str())))
        })
        .collect();
    let guesses: Vec<String> = f
        .actual
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .filter(|w| topics.get(w).is_none())
        .filter_map(|w| {
            let near = crate::diagnostic::nearest(w, wanted.iter().map(|(n, _)| *n))?;
            let id = wanted.iter().find(|(n, _)| *n == near)?.1;
            let name = topics.name(id, lang);
            Some(match lang {
                Lang::Zh => format!("已填写的“{w}”是否即“{name}”？"),
                Lang::En => format!("is “{w}”, as written, the {name}?"),
            })
        })
        .collect();
    if guesses.is_empty() {
        return None;
    }
    Some(match lang {
        Lang::Zh => format!("（{}）", guesses.join("")),
        Lang::En => format!(" ({})", guesses.join(" ")),
    })
}
