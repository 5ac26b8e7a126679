//! `service`: the duty is performed and, with `max_age_days`, its latest record is no older
//! than that on the evaluation date.

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::eval::not_surveyed;
use super::form::Draft;
use super::{Build, Context, Entry, Kind, eval};
use crate::i18n::Lang;
use crate::i18n::Text;
use crate::model::finding::{Detail, Finding, Gap, Need, NeedKey, Status};
use crate::model::inventory::Inventory;
use crate::model::standard::{Check, Requirement, Standard, Threshold};
use crate::model::template::{Row, RowKind};

/// The table's line.
pub const KIND: Entry = Entry {
    name: "service",
    keys: &["service", "max_age_days"],
    build,
};

fn build(b: &mut Build<'_>) -> Option<Check> {
    let (r, v) = (b.raw, b.vocabulary);
    let s = b.need("service", r.service.as_ref());
    Some(Check::Service {
        service: b.term(&v.services, "services", s)?,
        max_age_days: r.max_age_days.as_ref().map(|d| d.value),
    })
}

/// The data of a `service` requirement.
pub struct Service<'a> {
    /// Service id.
    pub service: &'a str,
    /// The oldest a record may be, in days.
    pub max_age_days: Option<u32>,
}

impl Kind for Service<'_> {
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
        let (r, v) = (b.raw, b.vocabulary);
        Some(Check::Service {
            service: match &r.service {
                Some(x) => b.term(&v.services, "services", Some(x))?,
                None => self.service.to_owned(),
            },
            max_age_days: r
                .max_age_days
                .as_ref()
                .map(|d| d.value)
                .or(self.max_age_days),
        })
    }

    fn evaluate(&self, cx: &Context<'_>, _: &Requirement, f: &mut Finding) {
        let (service, max_age_days) = (self.service, self.max_age_days);
        let inv = cx.inv;
        f.expected = json!(true);
        let Some(list) = &inv.services.value else {
            return not_surveyed(f, "services", inv.services.loc);
        };
        let Some(rec) = list.iter().find(|s| s.id == service) else {
            f.actual = json!(false);
            f.status = Status::Fail;
            f.gap = Gap::ServiceMissing;
            f.location = inv.services.loc;
            return;
        };
        f.location = rec.loc;
        if rec.record.is_some() || rec.last_done.is_some() {
            f.detail = Detail::Record {
                record: rec.record.clone(),
                last_done: rec.last_done.clone(),
            };
        }
        match rec.provided {
            None => not_surveyed(f, format!("services.{service}"), rec.loc),
            Some(false) => {
                f.actual = json!(false);
                f.status = Status::Fail;
                f.gap = Gap::ServiceMissing;
            }
            Some(true) => {
                f.actual = json!(true);
                let Some(max) = max_age_days else { return };
                let done = rec
                    .last_done
                    .as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                match done {
                    None => not_surveyed(
                        f,
                        format!("services.{service}.last_done"),
                        rec.last_done_loc.or(rec.loc),
                    ),
                    // A record dated after the evaluation date cannot be judged: not assessed.
                    Some(d) if d > cx.date => not_surveyed(
                        f,
                        format!("services.{service}.last_done"),
                        rec.last_done_loc.or(rec.loc),
                    ),
                    Some(d) => {
                        let days = (cx.date - d).num_days();
                        f.location = rec.last_done_loc.or(rec.loc);
                        if days > i64::from(max) {
                            f.status = Status::Fail;
                            f.gap = Gap::Stale { days, max };
                        }
                    }
                }
            }
        }
    }

    fn needs(&self, f: &Finding) -> Vec<Need> {
        eval::one_if(f, &Gap::ServiceMissing, || NeedKey::Service {
            service: self.service.to_owned(),
        })
    }

    fn expected(&self, _: &Standard, _: &Finding, lang: Lang) -> Option<String> {
        Some(
            lang.pick("履行该职能", "the service is provided")
                .to_owned(),
        )
    }

    fn actual(&self, _: &Standard, inv: &Inventory, f: &Finding, lang: Lang) -> Option<String> {
        let Value::Bool(b) = f.actual else {
            return None;
        };
        Some(
            if b {
                lang.pick("已提供", "provided")
            } else if inv.form_cell(f.location).is_some() {
                // On a form the duty's row was answered 否: say so, at that cell.
                lang.pick("填写为 否", "answered 否 (no)")
            } else {
                lang.pick("未记录", "not recorded")
            }
            .to_owned(),
        )
    }

    fn shortfall(&self, st: &Standard, f: &Finding, lang: Lang) -> Option<String> {
        if f.gap != Gap::ServiceMissing {
            return None;
        }
        let s = st.vocabulary.services.name(self.service, lang);
        Some(match lang {
            Lang::Zh => format!("履行职能并建立台账：{s}"),
            Lang::En => format!("provide and record the service: {s}"),
        })
    }

    fn template(&self, st: &Standard, r: &Requirement, d: &mut Draft) {
        // Each duty cites its own item (第六条第4项): the section has no one article.
        d.services.rows.push(Row {
            clause: Some(r.clause.clone()),
            label: st
                .vocabulary
                .services
                .get(self.service)
                .map_or_else(|| r.name.clone(), |s| s.name.clone()),
            ..Row::new(
                &["services", self.service],
                Text::default(),
                RowKind::Service {
                    service: self.service.to_owned(),
                },
            )
        });
    }
}
