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
use crate::model::roster::Roster;
use crate::model::standard::Standard;
use crate::model::waivers::Waiver;
use crate::source::{Location, SourceText};

/// Which standard an inventory is checked against: the one it names (a built-in, or a local
/// standard the operator supplied), or the operator's `--standard`, which must be that same
/// standard unless the operator overrides it.
#[derive(Clone, Debug, Default)]
pub struct StandardChoice {
    /// The operator's `--standard`, if given.
    pub given: Option<Given>,
    /// Local standards the operator supplied (`--standards DIR`, `SITECHECK_STANDARDS`): an
    /// inventory may name one by id and version.
    pub local: Vec<Arc<Standard>>,
    /// `--override-standard`: the operator's standard judges an inventory that names another
    /// (a planner asking how a facility would fare under it); reports say so.
    pub override_named: bool,
}

/// The operator's `--standard`.
#[derive(Clone, Debug)]
pub enum Given {
    /// A standard file, or a built-in `id@version`.
    Fixed(Arc<Standard>),
    /// A built-in id without a version: the edition in force on the survey date.
    Builtin(String),
}

impl StandardChoice {
    /// No `--standard`: each inventory's own standard, else the default built-in.
    pub const AUTO: Self = Self {
        given: None,
        local: Vec::new(),
        override_named: false,
    };

    /// `--standard` naming a standard file or a built-in `id@version`.
    #[must_use]
    pub fn fixed(standard: Arc<Standard>) -> Self {
        Self {
            given: Some(Given::Fixed(standard)),
            ..Self::AUTO
        }
    }

    /// `--standard ID`: a built-in standard, in the edition in force on each survey date.
    #[must_use]
    pub fn builtin(id: impl Into<String>) -> Self {
        Self {
            given: Some(Given::Builtin(id.into())),
            ..Self::AUTO
        }
    }

    /// With local standards an inventory may name.
    #[must_use]
    pub fn with_local(mut self, local: Vec<Arc<Standard>>) -> Self {
        self.local = local;
        self
    }

    /// `--override-standard`.
    #[must_use]
    pub fn overriding(mut self, yes: bool) -> Self {
        self.override_named = yes;
        self
    }
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
    let sha256 = raw
        .standard_sha256
        .0
        .as_ref()
        .and_then(|s| s.value.as_deref());
    let date = raw
        .survey
        .value()
        .and_then(|s| s.date.value())
        .map(String::as_str);
    let standard = choose(choice, named, sha256, date)?;
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
    let named = named.as_ref().map(|(s, l)| (s.as_str(), *l));
    let standard = match choose(&choice.clone().overriding(true), named, None, None) {
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
            "文件是空的（只有空行或注释）：没有清单可检查",
            "the file is empty (only blank lines or comments): there is no inventory to check",
        ),
        Some(Location::at_offset("", 0)),
    )
    .with_help(Text::new(
        "清单以 facility: 开头；`sitecheck init --level town_station` 可生成填写模板",
        "an inventory starts with `facility:`; `sitecheck init --level town_station` writes a template to fill in",
    ))
}

/// The standard an inventory is judged against (see [`StandardChoice`]).
fn choose(
    choice: &StandardChoice,
    named: Option<(&str, Option<Location>)>,
    sha256: Option<&str>,
    date: Option<&str>,
) -> Result<Arc<Standard>, Vec<Problem>> {
    if let Some(p) = named.and_then(|(spec, loc)| inventory::standard_path_problem(spec, loc)) {
        return Err(vec![p]);
    }
    let date = date.filter(|d| crate::model::is_date(d));
    let Some(given) = &choice.given else {
        let (spec, loc) = named.unwrap_or((crate::registry::DEFAULT_ID, None));
        let st = find_named(spec, &choice.local, date).map_err(|p| vec![p.with_location(loc)])?;
        // With no `standard:` the default is only a guess: a recorded checksum of another
        // standard's text says the form was made from that one.
        if named.is_none() {
            return match inventory::standard_differs(&st.label(), sha256, &st) {
                Some(_) => Err(vec![unnamed_checksum(sha256.unwrap_or_default(), &st)]),
                None => Ok(st),
            };
        }
        return match inventory::standard_differs(spec, sha256, &st) {
            Some(_) => Err(vec![mismatch(spec, sha256, &st, loc, false)]),
            None => Ok(st),
        };
    };
    let st = match given {
        Given::Fixed(s) => Arc::clone(s),
        Given::Builtin(id) => {
            // The edition the inventory names, when it names this standard with one.
            let spec = named
                .map(|(n, _)| n.trim())
                .filter(|n| n.split_once('@').is_some_and(|(i, _)| i.trim() == id))
                .unwrap_or(id);
            crate::registry::find_builtin(spec, date).map_err(|p| vec![p])?
        }
    };
    if choice.override_named {
        return Ok(st);
    }
    match named {
        Some((spec, loc)) => match inventory::standard_differs(spec, sha256, &st) {
            Some(_) => Err(vec![mismatch(spec, sha256, &st, loc, true)]),
            None => Ok(st),
        },
        // No `standard:` but a checksum: it must be the given standard's text.
        None => match inventory::standard_differs(&st.label(), sha256, &st) {
            Some(_) => Err(vec![mismatch(&st.label(), sha256, &st, None, true)]),
            None => Ok(st),
        },
    }
}

/// The standard an inventory names, among the built-ins and the local standards supplied.
fn find_named(
    spec: &str,
    local: &[Arc<Standard>],
    date: Option<&str>,
) -> Result<Arc<Standard>, Problem> {
    let builtin = crate::registry::find_builtin(spec, date);
    if builtin.is_ok() || local.is_empty() {
        return builtin.map_err(|p| not_supplied(spec, &p));
    }
    let mut all: Vec<Arc<Standard>> = crate::registry::builtin().to_vec();
    all.extend(local.iter().cloned());
    crate::registry::find_in(&all, spec, date).map_err(|p| not_supplied(spec, &p))
}

/// An inventory names a standard that is neither built in nor supplied: say which, and how to
/// supply it (its file, or a folder of standards).
fn not_supplied(spec: &str, found: &Problem) -> Problem {
    let spec = spec.trim();
    let help = Text::new(
        format!(
            "清单依据的标准是 {spec}。请提供该标准文件：--standard 文件；或标准目录：--standards 目录（也可设环境变量 SITECHECK_STANDARDS）。{}",
            found.help.as_ref().map_or("", |h| h.zh.as_str())
        ),
        format!(
            "the inventory names the standard {spec}: supply its file with --standard FILE, or a folder of standards with --standards DIR (or the SITECHECK_STANDARDS environment variable). {}",
            found.help.as_ref().map_or("", |h| h.en.as_str())
        ),
    );
    Problem::new(
        crate::diagnostic::Code::UnknownStandard,
        Text::new(
            format!("{}：清单依据的标准 {spec} 既非内置标准，也未提供", found.message.zh),
            format!(
                "{}: the inventory names the standard {spec}, which is not built in and was not supplied",
                found.message.en
            ),
        ),
        None,
    )
    .with_help(help)
}

/// A form that records a standard's checksum but names no standard: the default is not the
/// text it was made from.
fn unnamed_checksum(sha256: &str, st: &Standard) -> Problem {
    let (sha, label) = (sha256.trim(), st.label());
    Problem::new(
        crate::diagnostic::Code::StandardMismatch,
        Text::new(
            format!(
                "清单未写明所依据的标准，但记录的标准校验码（SHA-256 {sha}）不是 {label} 的文本"
            ),
            format!(
                "the inventory names no standard, but the checksum it records (SHA-256 {sha}) is not that of {label}"
            ),
        ),
        None,
    )
    .with_help(Text::new(
        "请补写 standard（生成本表时所用标准的编号），并用 --standard 文件 或 --standards 目录 提供该标准",
        "write back its standard: line (the id of the standard the form was made from) and supply that standard with --standard FILE or --standards DIR",
    ))
}

/// The standard found or given is not the one the inventory names (another standard or
/// edition, or another text of that edition).
fn mismatch(
    spec: &str,
    sha256: Option<&str>,
    st: &Standard,
    loc: Option<Location>,
    given: bool,
) -> Problem {
    let spec = spec.trim();
    let label = st.label();
    let (msg, help) = match inventory::standard_differs(spec, sha256, st) {
        Some(inventory::StandardDiffers::Text) => {
            let named = sha256.unwrap_or_default().trim();
            let found = st.digest();
            let which = if st.builtin {
                format!("built-in {}", st.label())
            } else {
                st.source.name.clone()
            };
            (
                Text::new(
                    format!(
                        "清单依据的标准是 {spec}（校验码 SHA-256 {named}），所用标准（{}）的校验码为 {found}，与生成本表时所用文本不一致",
                        which.replace("built-in ", "内置 ")
                    ),
                    format!(
                        "the inventory was made from {spec} with SHA-256 {named}, but the standard used ({which}) has SHA-256 {found}: another text of that edition",
                    ),
                ),
                Text::new(
                    "请提供生成本表时所用的标准文件；如确需按此文本评判，用 --standard 指定该文件并加 --override-standard",
                    "supply the standard file the form was made from; to judge it against this text anyway, name the file with --standard and add --override-standard",
                ),
            )
        }
        _ if given => (
            Text::new(
                format!("清单依据的标准是 {spec}，命令行 --standard 指定的是 {label}"),
                format!("the inventory names the standard {spec}, but --standard gives {label}"),
            ),
            Text::new(
                "去掉 --standard，按清单依据的标准核查；如需了解按另一标准的结果（规划比较），加 --override-standard",
                "drop --standard to judge it against the standard it names; to see how it fares under another (a planner's question), add --override-standard",
            ),
        ),
        _ => (
            Text::new(
                format!("清单依据的标准是 {spec}，找到的是 {label}"),
                format!("the inventory names the standard {spec}, but the one found is {label}"),
            ),
            Text::new(
                "请提供清单依据的标准文件：--standard 文件，或 --standards 目录",
                "supply the standard the inventory names: --standard FILE or --standards DIR",
            ),
        ),
    };
    Problem::new(crate::diagnostic::Code::StandardMismatch, msg, loc).with_help(help)
}

/// A waiver file's text → its waivers, every problem located.
///
/// # Errors
/// The parse problem, or every malformed waiver.
pub fn waivers(src: &SourceText) -> Result<Vec<Waiver>, Vec<Problem>> {
    let raw = crate::load::waivers::parse(&src.text).map_err(|p| vec![p])?;
    crate::model::waivers::build(&raw)
}

/// An orders file's text → its rectification orders, every problem located. An `.xlsx`
/// orders workbook is read by `form::orders` into the same raw structs.
///
/// # Errors
/// The parse problem, or every malformed order.
pub fn orders(src: &SourceText) -> Result<crate::model::orders::Orders, Vec<Problem>> {
    let raw = crate::load::orders::parse(&src.text).map_err(|p| vec![p])?;
    crate::model::orders::build(&raw)
}

/// A district roster's text → the roster, every problem located. An `.xlsx` roster is read by
/// `form::roster` into the same raw structs.
///
/// # Errors
/// The parse problem, or every malformed entry.
pub fn roster(src: &SourceText) -> Result<Roster, Vec<Problem>> {
    if is_blank(&src.text) {
        return Err(vec![Problem::new(
            crate::diagnostic::Code::Empty,
            Text::new(
                "名册文件是空的（只有空行或注释）",
                "the roster is empty (only blank lines or comments)",
            ),
            Some(Location::at_offset("", 0)),
        )
        .with_help(Text::new(
            "名册按 towns: 逐个列出镇（街道）及其村（居）；sitecheck init --roster 可生成模板",
            "a roster lists the towns under `towns:`, each with its villages; `sitecheck init --roster` writes a template",
        ))]);
    }
    let raw =
        crate::load::parse::<crate::load::roster::RawRoster>(&src.text).map_err(|p| vec![p])?;
    crate::model::roster::build(&raw)
}
