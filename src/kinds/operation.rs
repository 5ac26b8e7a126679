//! `operation`: the facility's operation mode (`operation.mode`) is one of `modes`.

use serde_json::{Value, json};

use super::form::{self, Draft};
use super::words::names;
use super::{Build, Context, Entry, Kind, eval};
use crate::i18n::Lang;
use crate::i18n::Text;
use crate::model::finding::{Finding, Gap, Need, NeedKey, Status};
use crate::model::inventory::Inventory;
use crate::model::standard::{Check, Requirement, Standard, Threshold};
use crate::model::template::RowKind;

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

    fn expected(&self, st: &Standard, _: &Finding, lang: Lang) -> Option<String> {
        Some(names(
            Some(&st.vocabulary.operation_modes),
            self.modes,
            lang,
        ))
    }

    fn actual(&self, st: &Standard, _: &Inventory, f: &Finding, lang: Lang) -> Option<String> {
        let Value::String(s) = &f.actual else {
            return None;
        };
        Some(st.vocabulary.operation_modes.name(s, lang).to_owned())
    }

    fn shortfall(&self, st: &Standard, f: &Finding, lang: Lang) -> Option<String> {
        if f.gap != Gap::WrongMode {
            return None;
        }
        let m = names(Some(&st.vocabulary.operation_modes), self.modes, lang);
        Some(match lang {
            Lang::Zh => format!("推动社会化运营（{m}）"),
            Lang::En => format!("move to socialised operation ({m})"),
        })
    }

    fn template(&self, st: &Standard, r: &Requirement, d: &mut Draft) {
        let v = &st.vocabulary;
        let Some(mode) = d.operation.rows.first_mut() else {
            return;
        };
        mode.clause = Some(r.clause.clone());
        if let RowKind::Choice { accepted, .. } = &mut mode.kind {
            *accepted = self.modes.to_vec();
        }
        let s = form::strength(st, r).unwrap_or_default();
        let names = |lang: Lang, sep: &str| {
            self.modes
                .iter()
                .map(|m| v.operation_modes.name(m, lang))
                .collect::<Vec<_>>()
                .join(sep)
        };
        mode.required = Some(Text::new(
            format!("（{}：{}）", s.zh, names(Lang::Zh, "、")),
            format!("({}: {})", s.en, names(Lang::En, ", ")),
        ));
    }
}
