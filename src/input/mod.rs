//! Reading inputs: an inventory's text or a survey form → its validated [`Inventory`] and the
//! [`Standard`] it is checked against (the operator's, the one the inventory names, or the
//! default built-in, in the edition in force on its survey date), and a waiver file → its
//! waivers. It joins `load` (text → raw structs), `model` (validation) and `registry`
//! (standards), so that none of those needs another to its right.

use std::sync::Arc;

use crate::diagnostic::Problem;
use crate::i18n::Text;
use crate::load::Sp;
use crate::load::inventory::RawInventory;
use crate::model::inventory::{self, Inventory};
use crate::model::standard::Standard;
use crate::model::waivers::Waiver;
use crate::source::{Location, SourceText};

/// Which standard an inventory is checked against.
#[derive(Clone, Debug)]
pub enum StandardChoice {
    /// The operator's `--standard`: overrides the inventory's own `standard:` key.
    Fixed(Arc<Standard>),
    /// The inventory's `standard:` key if any, else the default built-in; the edition in force
    /// on the survey date.
    Auto,
    /// The operator's `--standard ID` naming a built-in standard without a version: that
    /// standard (the inventory's `standard:` key is overridden), in the edition in force on the
    /// survey date.
    Builtin(String),
}

/// Why the fast path refused an input.
#[derive(Debug)]
pub enum TypedError {
    /// The text did not deserialize into the typed structs (the first problem only).
    Parse(Problem),
    /// It deserialized, and these are all the problems resolving it against the vocabulary.
    Invalid(Vec<Problem>),
}

/// The fast path: text → typed structs → resolved inventory, with no schema validation.
///
/// # Errors
/// The first parse problem, or every resolution problem.
pub fn load_typed(
    src: &SourceText,
    choice: &StandardChoice,
) -> Result<(Inventory, Arc<Standard>), TypedError> {
    let raw = crate::load::parse::<RawInventory>(&src.text).map_err(TypedError::Parse)?;
    load_raw(&raw, &src.text, choice).map_err(TypedError::Invalid)
}

/// A raw inventory (from a file or a survey form) → the validated inventory and its standard:
/// the standard chosen as for any input, every name resolved against its vocabulary.
///
/// # Errors
/// Every resolution problem, or the one that stops choosing a standard.
pub fn load_raw(
    raw: &RawInventory,
    text: &str,
    choice: &StandardChoice,
) -> Result<(Inventory, Arc<Standard>), Vec<Problem>> {
    let named = raw
        .standard
        .0
        .as_ref()
        .and_then(|s| s.value.as_ref().map(|v| (v.as_str(), s.loc)));
    let date = raw
        .survey
        .value()
        .and_then(|s| s.date.value())
        .map(String::as_str);
    let standard = choose(choice, named, date)?;
    let inv = inventory::resolve(raw, &standard, text)?;
    if standard.level(&inv.facility.level).is_none() {
        let msg = Text::new(
            format!(
                "标准 {} 没有层级 `{}` 的要求",
                standard.label(),
                inv.facility.level
            ),
            format!(
                "standard {} has no requirements for level `{}`",
                standard.label(),
                inv.facility.level
            ),
        );
        return Err(vec![Problem::new(
            crate::diagnostic::Code::UnknownLevel,
            msg,
            inv.facility.level_loc,
        )]);
    }
    Ok((inv, standard))
}

/// The slow path: every violation of the inventory JSON Schema (with the chosen standard's
/// vocabulary), located. Text that is not YAML at all (syntax, duplicate keys, limits) gives
/// that one problem.
#[must_use]
pub fn schema_problems(src: &SourceText, choice: &StandardChoice) -> Vec<Problem> {
    use crate::load::node::Node;
    let tree = match crate::load::parse::<Sp<Node>>(&src.text) {
        Ok(t) => t,
        Err(p) => return vec![p],
    };
    let named = match &tree.value {
        Node::Map(m) => m
            .iter()
            .find(|(k, _)| k.value == "standard")
            .and_then(|(_, v)| match &v.value {
                Node::Str(s) => Some((s.clone(), v.loc)),
                _ => None,
            }),
        _ => None,
    };
    let standard = match choose(choice, named.as_ref().map(|(s, l)| (s.as_str(), *l)), None) {
        Ok(s) => s,
        Err(ps) => return ps,
    };
    let schema = crate::model::schema::inventory_schema(&standard.vocabulary, &standard.label());
    crate::load::schema_pass::validate(&tree, &schema)
}

/// Text → validated inventory and the standard it is checked against. The fast path loads the
/// typed structs directly; only when that fails does the JSON Schema pass run, to report every
/// violation at once: clean files pay nothing for it.
///
/// # Errors
/// Every problem found, located.
pub fn load(
    src: &SourceText,
    choice: &StandardChoice,
) -> Result<(Inventory, Arc<Standard>), Vec<Problem>> {
    match load_typed(src, choice) {
        Ok(ok) => Ok(ok),
        Err(TypedError::Invalid(problems)) => Err(problems),
        Err(TypedError::Parse(_)) if is_blank(&src.text) => Err(vec![empty_problem()]),
        Err(TypedError::Parse(first)) => {
            let mut problems = schema_problems(src, choice);
            if problems.is_empty() {
                // The schema accepts what the typed loader refused: report the loader's reason.
                problems.push(first);
            }
            Err(problems)
        }
    }
}

/// Whether a text holds no YAML at all: only blank lines and comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim_start();
        l.is_empty() || l.starts_with('#')
    })
}

fn empty_problem() -> Problem {
    Problem::new(
        crate::diagnostic::Code::Empty,
        Text::new(
            "文件是空的(只有空行或注释): 没有清单可检查",
            "the file is empty (only blank lines or comments): there is no inventory to check",
        ),
        Some(Location::at_offset("", 0)),
    )
    .with_help(Text::new(
        "清单以 facility: 开头; `sitecheck init --level town_station` 可生成填写模板",
        "an inventory starts with `facility:`; `sitecheck init --level town_station` writes a template to fill in",
    ))
}

fn choose(
    choice: &StandardChoice,
    named: Option<(&str, Option<Location>)>,
    date: Option<&str>,
) -> Result<Arc<Standard>, Vec<Problem>> {
    match choice {
        StandardChoice::Fixed(s) => Ok(Arc::clone(s)),
        StandardChoice::Auto => {
            let (spec, loc) = named.unwrap_or((crate::registry::DEFAULT_ID, None));
            if let Some(p) = inventory::standard_path_problem(spec, loc) {
                return Err(vec![p]);
            }
            crate::registry::find_builtin(spec, date.filter(|d| crate::model::is_date(d)))
                .map_err(|p| vec![p.with_location(loc)])
        }
        StandardChoice::Builtin(id) => {
            crate::registry::find_builtin(id, date.filter(|d| crate::model::is_date(d)))
                .map_err(|p| vec![p])
        }
    }
}

/// A waiver file's text → its waivers, every problem located.
///
/// # Errors
/// The parse problem, or every malformed waiver.
pub fn waivers(src: &SourceText) -> Result<Vec<Waiver>, Vec<Problem>> {
    let raw = crate::load::waivers::parse(&src.text).map_err(|p| vec![p])?;
    crate::model::waivers::build(&raw)
}
