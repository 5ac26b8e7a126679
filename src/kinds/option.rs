//! `option`: a permitted option (可), informational: met either way, the finding records
//! whether the facility uses it.

use serde_json::{Value, json};

use super::{Build, Context, Entry, Kind};
use crate::diagnostic::{Code, Problem, suggestion};
use crate::i18n::Text;
use crate::load::Sp;
use crate::model::finding::{Finding, Need, Status};
use crate::model::standard::{Check, OptionEvidence, Requirement};

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
}
