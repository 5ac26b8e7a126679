//! The standards sitecheck knows: the built-in ones (embedded in the binary, parsed once on
//! first use) and standard files, with `extends` resolved and editions chosen by date.

use std::sync::{Arc, OnceLock};

use crate::diagnostic::{Problem, suggestion};
use crate::i18n::Text;
use crate::load::standard::RawStandard;
use crate::model::standard::{Standard, build};
use crate::source::SourceText;

/// The built-in standard files: (file name, text).
pub const BUILTIN_FILES: &[(&str, &str)] = &[("standards/huancui-2021.yaml", include_str!("../standards/huancui-2021.yaml"))];

/// The default built-in standard id.
pub const DEFAULT_ID: &str = "huancui";

/// A standard and, when it could not be loaded, every problem in it.
pub type Loaded = Result<Arc<Standard>, (SourceText, Vec<Problem>)>;

fn builtins() -> &'static [Arc<Standard>] {
    static CELL: OnceLock<Vec<Arc<Standard>>> = OnceLock::new();
    CELL.get_or_init(|| {
        BUILTIN_FILES
            .iter()
            // A built-in standard that does not load is a build defect caught by the tests
            // (`builtin_standards_load`); it is left out rather than panicking here.
            .filter_map(|(name, text)| load_text(SourceText::new(*name, *text), &|_| None).ok())
            .collect()
    })
}

/// Every built-in standard (all editions), in file order.
#[must_use]
pub fn builtin() -> &'static [Arc<Standard>] {
    builtins()
}

/// Parses and builds a standard from its text. `resolve_extends` finds a file-based base
/// (built-in ids are resolved here).
///
/// # Errors
/// The text and every problem in it.
pub fn load_text(source: SourceText, resolve_extends: &dyn Fn(&str) -> Option<Loaded>) -> Loaded {
    let raw: RawStandard = match crate::load::parse(&source.text) {
        Ok(r) => r,
        Err(p) => {
            let mut problems = vec![p];
            if let Ok(tree) = crate::load::parse::<crate::load::Sp<crate::load::node::Node>>(&source.text) {
                let more = crate::load::schema_pass::validate(&tree, &crate::model::schema::standard_schema());
                if !more.is_empty() {
                    problems = more;
                }
            }
            return Err((source, problems));
        }
    };
    let base = match raw.extends.value() {
        None => None,
        Some(ext) => {
            let found = if BUILTIN_FILES.iter().any(|(n, _)| source.name == *n) {
                None
            } else {
                resolve_extends(ext).or_else(|| Some(find_builtin(ext, None).map_err(|p| (source.clone(), vec![p.with_location(raw.extends.loc())]))))
            };
            match found {
                Some(Ok(b)) => Some(b),
                Some(Err((_, mut ps))) => {
                    for p in &mut ps {
                        if p.location.is_none() {
                            p.location = raw.extends.loc();
                        }
                    }
                    let msg = Problem::new("sitecheck::bad-extends", Text::new(format!("无法解析 extends `{ext}`"), format!("`extends: {ext}` does not resolve")), raw.extends.loc());
                    return Err((source, std::iter::once(msg).chain(ps.into_iter().filter(|p| p.code != "sitecheck::unknown-standard")).collect()));
                }
                None => return Err((source.clone(), vec![Problem::new("sitecheck::bad-extends", Text::new(format!("无法解析 extends `{ext}`"), format!("`extends: {ext}` does not resolve")), raw.extends.loc())])),
            }
        }
    };
    build(raw, source.clone(), base.as_deref()).map(Arc::new).map_err(|ps| (source, ps))
}

impl Problem {
    /// The same problem at a location, when it has none.
    #[must_use]
    pub fn with_location(mut self, loc: Option<crate::source::Location>) -> Self {
        if self.location.is_none() {
            self.location = loc;
        }
        self
    }
}

/// Finds a built-in standard by `id` or `id@version`; without a version, the edition in force
/// on `date` (YYYY-MM-DD), or the latest when no date is given.
///
/// # Errors
/// An unknown id or version, with the nearest known one.
pub fn find_builtin(spec: &str, date: Option<&str>) -> Result<Arc<Standard>, Problem> {
    let (id, version) = match spec.split_once('@') {
        Some((i, v)) => (i.trim(), Some(v.trim())),
        None => (spec.trim(), None),
    };
    let all = builtins();
    let editions: Vec<&Arc<Standard>> = all.iter().filter(|s| s.id == id).collect();
    if editions.is_empty() {
        let help = suggestion(id, all.iter().map(|s| s.id.as_str()));
        return Err(Problem::new("sitecheck::unknown-standard", Text::new(format!("未知的标准 `{id}`"), format!("unknown standard `{id}`")), None).with_help(help));
    }
    if let Some(v) = version {
        return editions.iter().find(|s| s.version == v).map(|s| Arc::clone(s)).ok_or_else(|| {
            let help = suggestion(v, editions.iter().map(|s| s.version.as_str()));
            Problem::new("sitecheck::unknown-standard", Text::new(format!("标准 `{id}` 没有版本 `{v}`"), format!("standard `{id}` has no edition `{v}`")), None).with_help(help)
        });
    }
    Ok(edition_in_force(&editions, date))
}

/// The edition in force on `date`: the latest whose effective date is not after it (an
/// edition with no effective date is in force from the beginning).
fn edition_in_force(editions: &[&Arc<Standard>], date: Option<&str>) -> Arc<Standard> {
    let mut sorted: Vec<&Arc<Standard>> = editions.to_vec();
    sorted.sort_by(|a, b| a.effective.as_deref().unwrap_or("").cmp(b.effective.as_deref().unwrap_or("")));
    let pick = match date {
        Some(d) => sorted.iter().rev().find(|s| s.effective.as_deref().is_none_or(|e| e <= d)).or(sorted.first()),
        None => sorted.last(),
    };
    // `editions` is never empty here (checked by the caller).
    Arc::clone(pick.copied().unwrap_or(editions[0]))
}
