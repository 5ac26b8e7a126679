//! `option`: a permitted option (可), informational: met either way, the finding records
//! whether the facility uses it.

use serde_json::{Value, json};

use super::form::{self, Draft};
use super::{Build, Context, Entry, Kind};
use crate::diagnostic::{Code, Problem, suggestion};
use crate::i18n::{Lang, Text};
use crate::load::Sp;
use crate::model::finding::{Finding, Need, Status};
use crate::model::inventory::Inventory;
use crate::model::standard::{Check, OptionEvidence, Requirement, Standard, Threshold};
use crate::model::template::{Row, RowKind};

/// The table's line.
pub const KIND: Entry = Entry {
    name: "option",
    keys: &["evidence"],
    build,
};

fn build(b: &mut Build<'_>) -> Option<Check> {
    let e = b.need("evidence", b.raw.evidence.as_ref())?;
    Some(Check::Option {
        evidence: evidence(b, e)?,
    })
}

/// What shows whether the option is used, as written.
fn evidence(b: &mut Build<'_>, e: &Sp<String>) -> Option<OptionEvidence> {
    match e.value.as_str() {
        "co_located_with" => Some(OptionEvidence::CoLocatedWith),
        "operation" => Some(OptionEvidence::Operation),
        other => {
            let help = suggestion(other, ["co_located_with", "operation"]);
            b.problems.push(
                Problem::new(
                    Code::BadEvidence,
                    Text::new(
                        format!("未知的 evidence `{other}`"),
                        format!("unknown evidence `{other}`"),
                    ),
                    e.loc,
                )
                .with_help(help),
            );
            None
        }
    }
}

/// The data of an `option` requirement.
pub struct OptionKind {
    /// What shows whether it is used.
    pub evidence: OptionEvidence,
}

impl Kind for OptionKind {
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
        Some(match &b.raw.evidence {
            Some(e) => Check::Option {
                evidence: evidence(b, e)?,
            },
            None => Check::Option {
                evidence: self.evidence,
            },
        })
    }

    fn evaluate(&self, cx: &Context<'_>, _: &Requirement, f: &mut Finding) {
        let inv = cx.inv;
        // A permitted option (可) is met either way: the finding records whether it is used.
        f.status = Status::Pass;
        match self.evidence {
            OptionEvidence::CoLocatedWith => {
                f.actual = inv
                    .facility
                    .co_located_with
                    .value
                    .as_ref()
                    .map_or(Value::Null, |v| json!(v));
                f.location = inv.facility.co_located_with.loc;
            }
            OptionEvidence::Operation => {
                f.actual = inv
                    .operation_mode
                    .value
                    .as_ref()
                    .map_or(Value::Null, |v| json!(v));
                f.location = inv.operation_mode.loc;
            }
        }
    }

    fn needs(&self, _: &Finding) -> Vec<Need> {
        Vec::new()
    }

    fn expected(&self, _: &Standard, _: &Finding, lang: Lang) -> Option<String> {
        Some(
            lang.pick("可选（不作要求）", "optional (permitted, not required)")
                .to_owned(),
        )
    }

    fn actual(&self, st: &Standard, _: &Inventory, f: &Finding, lang: Lang) -> Option<String> {
        Some(match (self.evidence, &f.actual) {
            (_, Value::Null) => lang.pick("未采用", "not used").to_owned(),
            (OptionEvidence::Operation, Value::String(s)) => {
                st.vocabulary.operation_modes.name(s, lang).to_owned()
            }
            (_, Value::String(s)) => s.clone(),
            (_, v) => v.to_string(),
        })
    }

    fn passing_note(&self, lang: Lang) -> Option<&'static str> {
        Some(lang.pick("可选，不作要求", "permitted, not required"))
    }

    fn template(&self, st: &Standard, r: &Requirement, d: &mut Draft) {
        match self.evidence {
            OptionEvidence::CoLocatedWith => d.facility.rows.push(Row {
                clause: Some(r.clause.clone()),
                required: form::strength(st, r)
                    .map(|s| Text::new(format!("（{}）", s.zh), format!("({})", s.en))),
                ..Row::new(
                    &["facility", "co_located_with"],
                    Text::new(
                        "综合设置：共用场所的已有设施",
                        "co-location: the facility it shares premises with",
                    ),
                    RowKind::Text,
                )
            }),
            // The operation section's mode row is there for every level.
            OptionEvidence::Operation => {}
        }
    }
}
