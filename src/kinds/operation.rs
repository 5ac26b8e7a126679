//! `operation`: the facility's operation mode (`operation.mode`) is one of `modes`.

use serde_json::json;

use super::{Build, Context, Entry, Kind, eval};
use crate::model::finding::{Finding, Gap, Need, NeedKey, Status};
use crate::model::standard::{Check, Requirement};

/// The table's line.
pub const KIND: Entry = Entry {
    name: "operation",
    keys: &["modes"],
    build,
};

fn build(b: &mut Build<'_>) -> Option<Check> {
    let v = b.vocabulary;
    Some(Check::Operation {
        modes: b.names(
            "modes",
            b.raw.modes.as_ref(),
            &v.operation_modes,
            "operation_modes",
        )?,
    })
}

/// The data of an `operation` requirement.
pub struct Operation<'a> {
    /// Mode ids.
    pub modes: &'a [String],
}

impl Kind for Operation<'_> {
    fn restate(&self, b: &mut Build<'_>) -> Option<Check> {
        let v = b.vocabulary;
        Some(Check::Operation {
            modes: b.names_or(
                b.raw.modes.as_ref(),
                &v.operation_modes,
                "operation_modes",
                self.modes,
            )?,
        })
    }

    fn evaluate(&self, cx: &Context<'_>, _: &Requirement, f: &mut Finding) {
        let inv = cx.inv;
        f.expected = json!(self.modes);
        match &inv.operation_mode.value {
            Some(m) => {
                f.actual = json!(m);
                f.location = inv.operation_mode.loc;
                if self.modes.contains(m) {
                    f.status = Status::Pass;
                } else {
                    f.status = Status::Fail;
                    f.gap = Gap::WrongMode;
                }
            }
            None => eval::not_surveyed(
                f,
                if inv.operation_loc.is_some() {
                    "operation.mode"
                } else {
                    "operation"
                },
                inv.operation_mode.loc,
            ),
        }
    }

    fn needs(&self, f: &Finding) -> Vec<Need> {
        eval::one_if(f, &Gap::WrongMode, || NeedKey::Operation)
    }
}
