//! The standards sitecheck knows: the built-in ones (embedded in the binary, parsed once on
//! first use) and standard files, with `extends` resolved and editions chosen by date.

use std::sync::{Arc, OnceLock};

use crate::diagnostic::{Problem, suggestion};
use crate::i18n::Text;
use crate::load::standard::RawStandard;
use crate::model::standard::Standard;

mod build;
use crate::source::SourceText;
use build::build;

/// One built-in standard: its file, embedded, and its form precompiled at build time (see
/// `build.rs`): compact JSON of the YAML, and where each requirement is in the YAML (`level,
/// index, line, column, byte offset, byte length`, tab-separated). One table, so that a
/// standard cannot be listed without its precompiled form, nor the other way round.
pub struct Builtin {
    /// The file's path in the repository (how reports name it).
    pub file: &'static str,
    /// The YAML text.
    pub yaml: &'static str,
    /// `id@version`, read from the file at build time (`--version` names the built-in
    /// standards without loading them).
    pub label: &'static str,
    /// The SHA-256 of the file, hex, computed at build time (every report's audit record
    /// names it; hashing 85 KB on every start cost more than checking a file).
    sha256: &'static str,
    json: &'static str,
    locations: &'static str,
}

impl Builtin {
    /// The file as a source text, its SHA-256 already known.
    fn source(&self) -> SourceText {
        let mut source = SourceText::embedded(self.file, self.yaml);
        source.bytes_sha256 = Some(self.sha256.to_owned());
        source
    }
}

/// Declares a built-in standard by its file stem under `standards/`.
macro_rules! builtin {
    ($stem:literal) => {
        Builtin {
            file: concat!("standards/", $stem, ".yaml"),
            yaml: include_str!(concat!("../standards/", $stem, ".yaml")),
            label: include_str!(concat!(env!("OUT_DIR"), "/", $stem, ".label")),
            sha256: include_str!(concat!(env!("OUT_DIR"), "/", $stem, ".sha256")),
            json: include_str!(concat!(env!("OUT_DIR"), "/", $stem, ".json")),
            locations: include_str!(concat!(env!("OUT_DIR"), "/", $stem, ".locations")),
        }
    };
}

/// A standard marked as embedded in the binary.
fn embedded(s: Arc<Standard>) -> Arc<Standard> {
    let mut s = Arc::unwrap_or_clone(s);
    s.builtin = true;
    Arc::new(s)
}

/// The built-in standards (build.rs precompiles the same stems).
pub const BUILTINS: &[Builtin] = &[builtin!("huancui-2021")];

/// The default built-in standard id.
pub const DEFAULT_ID: &str = "huancui";

/// Problems of a standard file that do not depend on the standard it extends.
const BASE_INDEPENDENT: &[crate::diagnostic::Code] = &[
    crate::diagnostic::Code::StandardId,
    crate::diagnostic::Code::BadDate,
    crate::diagnostic::Code::BadSeverity,
    crate::diagnostic::Code::DuplicateRequirement,
    crate::diagnostic::Code::BadThreshold,
    crate::diagnostic::Code::BadCase,
    crate::diagnostic::Code::DuplicateCase,
    crate::diagnostic::Code::BadAgeBand,
    crate::diagnostic::Code::UnknownKind,
];

/// A standard and, when it could not be loaded, every problem in it.
pub type Loaded = Result<Arc<Standard>, (SourceText, Vec<Problem>)>;

fn builtins() -> &'static [Arc<Standard>] {
    static CELL: OnceLock<Vec<Arc<Standard>>> = OnceLock::new();
    CELL.get_or_init(|| {
        BUILTINS
            .iter()
            // A built-in standard that does not load is a build defect caught by the tests
            // (`builtin_standards_load`); it is left out rather than panicking here. The
            // precompiled form is tried first; the YAML itself is the fallback.
            .filter_map(|b| precompiled(b).or_else(|| load_text(b.source(), &|_| None).ok()))
            .map(embedded)
            .collect()
    })
}

/// A built-in standard from its precompiled JSON: the same raw structs and the same `build` as
/// the YAML path, without the YAML parse on every start (a single-file check stays fast). The
/// requirements' locations in the YAML come from the build-time table; the example cases are
/// left out (see [`builtin_from_yaml`]).
fn precompiled(b: &Builtin) -> Option<Arc<Standard>> {
    let raw: RawStandard = crate::load::without_locations(b.json).ok()?;
    let mut standard = build(raw, b.source(), None).ok()?;
    for row in b.locations.lines() {
        let f: Vec<&str> = row.split('\t').collect();
        let [level, index, line, column, offset, len] = f.as_slice() else {
            return None;
        };
        let level = standard.levels.iter_mut().find(|l| l.id == *level)?;
        let r = level.requirements.get_mut(index.parse::<usize>().ok()?)?;
        r.location = Some(crate::source::Location {
            line: line.parse().ok()?,
            column: column.parse().ok()?,
            offset: offset.parse().ok()?,
            len: len.parse().ok()?,
            sheet: None,
        });
    }
    Some(Arc::new(standard))
}

/// The built-in standards from their precompiled form only (no fallback), to prove it equal
/// to the YAML.
#[must_use]
pub fn builtin_precompiled() -> Vec<Arc<Standard>> {
    BUILTINS
        .iter()
        .filter_map(precompiled)
        .map(embedded)
        .collect()
}

/// The built-in standards parsed from their YAML, with their example cases and every
/// location: what the `standards` commands show, check and test (parsed once, on first use).
#[must_use]
pub fn builtin_from_yaml() -> &'static [Arc<Standard>] {
    static CELL: OnceLock<Vec<Arc<Standard>>> = OnceLock::new();
    CELL.get_or_init(|| {
        BUILTINS
            .iter()
            .filter_map(|b| load_text(b.source(), &|_| None).ok())
            .map(embedded)
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
            if let Ok(tree) =
                crate::load::parse::<crate::load::Sp<crate::load::node::Node>>(&source.text)
            {
                let more = crate::load::schema_pass::validate(
                    &tree,
                    &crate::model::schema::standard_schema(crate::kinds::names()),
                );
                if !more.is_empty() {
                    problems = more;
                }
            }
            return Err((source, problems));
        }
    };
    let base = match raw.extends.value() {
        None => None,
        Some(ext) => match resolve_base(&source, ext, &raw, resolve_extends) {
            Ok(b) => Some(b),
            Err(mut problems) => {
                // Without its base, the file's vocabulary and restated requirements cannot be
                // checked; what does not depend on the base still can, and is reported too.
                if let Err(more) = build(raw, source.clone(), None) {
                    problems.extend(
                        more.into_iter()
                            .filter(|p| BASE_INDEPENDENT.contains(&p.code)),
                    );
                }
                problems.sort_by_key(|p| p.location.map(|l| (l.line, l.column)));
                return Err((source, problems));
            }
        },
    };
    let mut standard = build(raw, source.clone(), base.as_deref()).map_err(|ps| (source, ps))?;
    let problems = threshold_problems(&standard);
    if !problems.is_empty() {
        return Err((standard.source.clone(), problems));
    }
    standard.base = base;
    Ok(Arc::new(standard))
}

/// The thresholds of a standard's own requirements that no report could state finitely: a
/// minimum, a rate or a table row above [`MAX_THRESHOLD`] (times a capacity, `1e308` is
/// infinite: "short by inf"), and a `per` that is not a capacity name.
///
/// [`MAX_THRESHOLD`]: crate::limits::MAX_THRESHOLD
fn threshold_problems(st: &Standard) -> Vec<Problem> {
    use crate::model::standard::Threshold;
    // A threshold's capacity and every number in it.
    let parts = |min: &Threshold| -> (Option<String>, Vec<f64>) {
        match min {
            Threshold::Const(v) => (None, vec![*v]),
            Threshold::PerUnit { per, rate } => (Some(per.clone()), vec![*rate]),
            Threshold::Table { per, rows } => (
                Some(per.clone()),
                rows.iter()
                    .flat_map(|(upto, min)| upto.iter().copied().chain([*min]))
                    .collect(),
            ),
        }
    };
    let max = crate::limits::MAX_THRESHOLD;
    let own = st.label();
    let mut out = Vec::new();
    for r in st.levels.iter().flat_map(|l| &l.requirements) {
        if r.origin != own {
            continue;
        }
        let Some((per, values)) = crate::kinds::with(&r.check, |k| k.min().map(parts)) else {
            continue;
        };
        if let Some(v) = values.into_iter().find(|v| v.is_nan() || v.abs() > max) {
            out.push(
                Problem::new(
                    crate::diagnostic::Code::BadThreshold,
                    Text::new(
                        format!("要求 `{}` 的阈值 {v:e} 过大，上限为 {max}", r.id),
                        format!(
                            "requirement `{}`: the threshold {v:e} is above the limit of {max}",
                            r.id
                        ),
                    ),
                    r.location,
                )
                .with_help(Text::new(
                    "阈值、比率和分级表中的数值都不能超过上限：请检查数值是否多写了位数",
                    "minimums, rates and table rows are bounded: check the number for extra digits",
                )),
            );
        }
        if let Some(per) = per.filter(|p| !is_capacity_name(p)) {
            out.push(
                Problem::new(
                    crate::diagnostic::Code::BadThreshold,
                    Text::new(
                        format!("要求 `{}` 的 `per` 不是规模名称：{per}", r.id),
                        format!("requirement `{}`: `per` is not a capacity name: {per}", r.id),
                    ),
                    r.location,
                )
                .with_help(Text::new(
                    "规模名称由字母、数字、_ 或 - 组成，最长 64 个字符，例如 children_served",
                    "a capacity name is letters, digits, _ or -, at most 64 characters, such as children_served",
                )),
            );
        }
    }
    out
}

/// Whether `s` can be a capacity name of an inventory (`capacity: {children_served: 320}`):
/// an identifier of letters (Chinese among them), digits, `_` and `-`, at most 64 characters.
fn is_capacity_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= 64
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The standard a variant extends: a file (through `resolve_extends`) or a built-in id, whose
/// edition is the one in force on the variant's effective date. Built-in standards may not
/// extend one another (they are loaded together, once).
fn resolve_base(
    source: &SourceText,
    ext: &str,
    raw: &RawStandard,
    resolve_extends: &dyn Fn(&str) -> Option<Loaded>,
) -> Result<Arc<Standard>, Vec<Problem>> {
    let at = raw.extends.loc();
    let unresolved = |help: Option<Text>| {
        let p = Problem::new(
            crate::diagnostic::Code::BadExtends,
            Text::new(
                format!("无法解析 extends `{ext}`"),
                format!("`extends: {ext}` does not resolve"),
            ),
            at,
        );
        match help {
            Some(h) => p.with_help(h),
            None => p,
        }
    };
    if BUILTINS.iter().any(|b| source.name == b.file) {
        return Err(vec![unresolved(Some(Text::new(
            "内置标准不能继承其他标准",
            "a built-in standard cannot extend another",
        )))]);
    }
    match resolve_extends(ext) {
        Some(Ok(b)) => Ok(b),
        // The base file has problems of its own: each is named with its file and line (they
        // are not in this file's text), at this file's `extends:`.
        Some(Err((base_src, ps))) => Err(std::iter::once(unresolved(Some(Text::new(
            format!("基础标准 {} 有 {} 个问题", base_src.name, ps.len()),
            format!(
                "the base standard {} has {} problem(s)",
                base_src.name,
                ps.len()
            ),
        ))))
        .chain(ps.into_iter().map(|p| {
            let pos = p
                .location
                .map_or(String::new(), |l| format!(":{}:{}", l.line, l.column));
            let message = Text::new(
                format!("{}{pos}: {}", base_src.name, p.message.zh),
                format!("{}{pos}: {}", base_src.name, p.message.en),
            );
            Problem {
                message,
                location: at,
                ..p
            }
        }))
        .collect()),
        None if crate::source::is_yaml_name(ext) => Err(vec![unresolved(Some(Text::new(
            format!("找不到文件 `{ext}`（相对于本标准文件所在目录）"),
            format!("no file `{ext}` (relative to this standard file's directory)"),
        )))]),
        None => find_builtin(ext, raw.effective.value().map(String::as_str))
            .map_err(|p| vec![unresolved(p.help)]),
    }
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
    find_in(builtins(), spec, date)
}

/// Finds a standard by `id` or `id@version` among `all` (the built-ins, or any list of
/// editions): without a version, the edition in force on `date`, or the latest when no date is
/// given.
///
/// # Errors
/// An unknown id or version, with the nearest known one.
pub fn find_in(
    all: &[Arc<Standard>],
    spec: &str,
    date: Option<&str>,
) -> Result<Arc<Standard>, Problem> {
    let (id, version) = match spec.split_once('@') {
        Some((i, v)) => (i.trim(), Some(v.trim())),
        None => (spec.trim(), None),
    };
    let editions: Vec<&Arc<Standard>> = all.iter().filter(|s| s.id == id).collect();
    if editions.is_empty() {
        let help = suggestion(id, all.iter().map(|s| s.id.as_str()));
        return Err(Problem::new(
            crate::diagnostic::Code::UnknownStandard,
            Text::new(
                format!("未知的标准 `{id}`"),
                format!("unknown standard `{id}`"),
            ),
            None,
        )
        .with_help(help));
    }
    if let Some(v) = version {
        return editions
            .iter()
            .find(|s| s.version == v)
            .map(|s| Arc::clone(s))
            .ok_or_else(|| {
                let help = suggestion(v, editions.iter().map(|s| s.version.as_str()));
                Problem::new(
                    crate::diagnostic::Code::UnknownStandard,
                    Text::new(
                        format!("标准 `{id}` 没有版本 `{v}`"),
                        format!("standard `{id}` has no edition `{v}`"),
                    ),
                    None,
                )
                .with_help(help)
            });
    }
    Ok(edition_in_force(&editions, date))
}

/// The edition in force on `date`: the latest whose effective date is not after it (an
/// edition with no effective date is in force from the beginning).
fn edition_in_force(editions: &[&Arc<Standard>], date: Option<&str>) -> Arc<Standard> {
    let mut sorted: Vec<&Arc<Standard>> = editions.to_vec();
    sorted.sort_by(|a, b| {
        a.effective
            .as_deref()
            .unwrap_or("")
            .cmp(b.effective.as_deref().unwrap_or(""))
    });
    let pick = match date {
        Some(d) => sorted
            .iter()
            .rev()
            .find(|s| s.effective.as_deref().is_none_or(|e| e <= d))
            .or(sorted.first()),
        None => sorted.last(),
    };
    // `editions` is never empty here (checked by the caller).
    Arc::clone(pick.copied().unwrap_or(editions[0]))
}
