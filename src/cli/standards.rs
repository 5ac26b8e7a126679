//! `sitecheck standards list|show|check|test`: the built-in standards, a standard in words,
//! the validation of a standard file, and its example cases. Also the loader of standard
//! files that every command uses (with `extends` resolved, files relative to the file).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};

use super::{LangArg, eprint_problems, lang_of, read_file};
use crate::check::cases::{self, CaseOutcome};
use crate::diagnostic::Problem;
use crate::i18n::{Lang, Text};
use crate::model::standard::Standard;
use crate::registry::Loaded;
use crate::report::escape::{line as sanitize_line, terminal as sanitize};
use crate::source::SourceText;

/// How many files deep `extends` may chain (a cycle stops here too).
const MAX_EXTENDS_DEPTH: usize = 8;

const EXAMPLES_LIST: &str = "Examples:
  sitecheck standards list               the built-in standards: id, edition, in force from
  sitecheck standards list --lang zh";
const EXAMPLES_SHOW: &str = "Examples:
  sitecheck standards show huancui                       its latest edition, resolved
  sitecheck standards show huancui@2021-trial --lang zh  one edition, in Chinese
  sitecheck standards show standards/examples/second-district.yaml   a variant, with what it inherits";
const EXAMPLES_CHECK: &str = "Examples:
  sitecheck standards check my-district.yaml    every problem with its line; exit 0 valid, 2 invalid";
const EXAMPLES_TEST: &str = "Examples:
  sitecheck standards test standards/huancui-2021.yaml   run the example cases the standard carries
  sitecheck standards test huancui                       the same, for a built-in standard
Exit: 0 every case holds, 1 some case fails, 2 the standard or a case is invalid";

/// The `standards` subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum StandardsCommand {
    /// List the built-in standards with their edition and effective date.
    #[command(after_help = EXAMPLES_LIST)]
    List(LangOnly),
    /// Print a standard, resolved: every requirement of every level with its article.
    #[command(after_help = EXAMPLES_SHOW)]
    Show(Target),
    /// Validate a standard file and report every problem with its line.
    #[command(after_help = EXAMPLES_CHECK)]
    Check(Target),
    /// Run the example cases a standard carries (`cases:`).
    #[command(after_help = EXAMPLES_TEST)]
    Test(Target),
}

#[derive(Debug, Args)]
pub(super) struct LangOnly {
    /// Language (default: from LC_ALL, LC_MESSAGES, LANG; else English).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
}

#[derive(Debug, Args)]
pub(super) struct Target {
    /// A built-in id (`huancui`), `id@version`, or a standard file.
    #[arg(value_name = "ID[@VERSION]|FILE")]
    standard: String,
    /// Language (default: from LC_ALL, LC_MESSAGES, LANG; else English).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
}

/// Runs a `standards` subcommand.
pub(super) fn run(cmd: &StandardsCommand) -> ExitCode {
    match cmd {
        StandardsCommand::List(a) => {
            let lang = lang_of(a.lang);
            print(
                lang,
                &crate::report::standard::list(crate::registry::builtin_from_yaml(), lang),
            )
        }
        StandardsCommand::Show(t) => {
            let lang = lang_of(t.lang);
            match load(&t.standard, lang) {
                Ok(s) => print(lang, &crate::report::standard::show(&s, lang)),
                Err(code) => code,
            }
        }
        StandardsCommand::Check(t) => check(t),
        StandardsCommand::Test(t) => test(t),
    }
}

fn print(lang: Lang, text: &str) -> ExitCode {
    super::output::print(sanitize(text).as_bytes(), lang, ("结果", "output"))
}

/// Whether a `--standard` value names a file rather than a built-in id.
pub(super) fn is_file_spec(spec: &str) -> bool {
    Path::new(spec).exists() || crate::source::is_yaml_name(spec)
}

/// Loads a standard file, resolving `extends` (files relative to the file's directory, or a
/// built-in id) to at most [`MAX_EXTENDS_DEPTH`] files deep.
pub(super) fn load_file(path: &Path) -> Loaded {
    load_file_in(path, &[])
}

/// Loads `path`, which `chain` (the files that led to it, outermost first) extends.
fn load_file_in(path: &Path, chain: &[PathBuf]) -> Loaded {
    let name = path.display().to_string();
    let src = read_file(path)
        .and_then(|b| SourceText::from_bytes(name.clone(), b).map_err(Problem::from))
        .map_err(|p| (SourceText::new(name, ""), vec![p]))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut chain = chain.to_vec();
    chain.push(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()));
    let resolve = move |ext: &str| -> Option<Loaded> {
        let p = dir.join(ext);
        if !crate::source::is_yaml_name(ext) {
            return None;
        }
        // A folder, FIFO or device is there, not no file: say what it is (and never read a
        // FIFO, which could wait for ever).
        match std::fs::metadata(&p) {
            Err(_) => return None,
            Ok(m) => {
                if let Some(problem) = super::not_a_file(m.file_type(), false) {
                    return Some(Err((
                        SourceText::new(p.display().to_string(), ""),
                        vec![problem],
                    )));
                }
            }
        }
        let canonical = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
        let problem = if chain.contains(&canonical) {
            let names: Vec<String> = chain
                .iter()
                .chain(std::iter::once(&canonical))
                .filter_map(|c| c.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect();
            let names = names.join(" → ");
            Some(Problem::new(
                crate::diagnostic::Code::ExtendsCycle,
                Text::new(
                    format!("extends 形成循环：{names}"),
                    format!("the extends chain loops: {names}"),
                ),
                None,
            ))
        } else if chain.len() >= MAX_EXTENDS_DEPTH {
            Some(Problem::new(
                crate::diagnostic::Code::ExtendsTooDeep,
                Text::new(
                    format!("extends 链超过 {MAX_EXTENDS_DEPTH} 层"),
                    format!("the extends chain is more than {MAX_EXTENDS_DEPTH} files deep"),
                ),
                None,
            ))
        } else {
            None
        };
        Some(match problem {
            Some(pr) => Err((SourceText::new(p.display().to_string(), ""), vec![pr])),
            None => load_file_in(&p, &chain),
        })
    };
    crate::registry::load_text(src, &resolve)
}

/// The standards in the folders an inventory's standard is looked up in (`--standards DIR`,
/// then the folders of `SITECHECK_STANDARDS`): every `.yaml`/`.yml` file directly in each,
/// loaded with its `extends` resolved, at most [`MAX_LOCAL_STANDARDS`] in all. A folder that
/// cannot be read, or a file in it that is not a valid standard, stops the run (exit 2): an
/// inventory could otherwise be judged against the wrong one.
///
/// [`MAX_LOCAL_STANDARDS`]: crate::limits::MAX_LOCAL_STANDARDS
pub(super) fn load_folders(dirs: &[PathBuf], lang: Lang) -> Result<Vec<Arc<Standard>>, ExitCode> {
    use crate::limits::MAX_LOCAL_STANDARDS;
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        let name = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|e| {
            let why = super::io_reason(&e);
            let p = Problem::new(
                crate::diagnostic::Code::Unreadable,
                Text::new(
                    format!("标准文件夹无法读取：{}", why.zh),
                    format!("the standards folder cannot be read: {}", why.en),
                ),
                None,
            )
            .with_help(Text::new(
                "--standards 和 SITECHECK_STANDARDS 指向存放标准文件（.yaml）的文件夹",
                "--standards and SITECHECK_STANDARDS name folders holding standard files (.yaml)",
            ));
            eprint_problems(&name, None, &[p], lang);
            ExitCode::from(2)
        })?;
        let mut here: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(crate::source::is_yaml_name)
                    && p.is_file()
            })
            .take(MAX_LOCAL_STANDARDS + 1)
            .collect();
        here.sort();
        files.extend(here);
        if files.len() > MAX_LOCAL_STANDARDS {
            let p = Problem::new(
                crate::diagnostic::Code::TooLarge,
                Text::new(
                    format!("标准文件夹中的标准文件超过 {MAX_LOCAL_STANDARDS} 个"),
                    format!(
                        "the standards folders hold more than {MAX_LOCAL_STANDARDS} standard files"
                    ),
                ),
                None,
            );
            eprint_problems(&name, None, &[p], lang);
            return Err(ExitCode::from(2));
        }
    }
    let mut out = Vec::with_capacity(files.len());
    for f in &files {
        match load_file(f) {
            Ok(s) => out.push(s),
            Err((s, ps)) => {
                eprint_problems(&s.name, Some(&s.text), &sorted(ps), lang);
                return Err(ExitCode::from(2));
            }
        }
    }
    Ok(out)
}

/// A standard by built-in id, `id@version` or file; problems go to stderr.
pub(super) fn load(spec: &str, lang: Lang) -> Result<Arc<Standard>, ExitCode> {
    if is_file_spec(spec) {
        return load_file(Path::new(spec)).map_err(|(s, ps)| {
            eprint_problems(&s.name, Some(&s.text), &sorted(ps), lang);
            ExitCode::from(2)
        });
    }
    crate::registry::find_in(crate::registry::builtin_from_yaml(), spec, None).map_err(|p| {
        eprint_problems(spec, None, &[p], lang);
        ExitCode::from(2)
    })
}

fn sorted(mut ps: Vec<Problem>) -> Vec<Problem> {
    ps.sort_by_key(|p| p.location.map(|l| (l.line, l.column)));
    ps
}

fn summary_line(s: &Standard, lang: Lang) -> String {
    let requirements: usize = s.levels.iter().map(|l| l.requirements.len()).sum();
    match lang {
        Lang::Zh => format!(
            "{}：{} 个层级，{} 项要求，{} 个示例",
            s.label(),
            s.levels.len(),
            requirements,
            s.cases.len()
        ),
        Lang::En => format!(
            "{}: {} levels, {} requirements, {} cases",
            s.label(),
            s.levels.len(),
            requirements,
            s.cases.len()
        ),
    }
}

/// `standards check`: the file's problems, then its cases' (an inventory that does not load,
/// a requirement id or clause the level does not have), all of them, each at its line.
fn check(t: &Target) -> ExitCode {
    let lang = lang_of(t.lang);
    let standard = match load(&t.standard, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let problems = sorted(cases::problems(&cases::run(&standard)));
    let name = sanitize_line(&standard.source.name);
    if problems.is_empty() {
        return print(
            lang,
            &format!(
                "✔ {name}: {} — {}\n",
                lang.pick("有效", "valid"),
                summary_line(&standard, lang)
            ),
        );
    }
    eprint_problems(
        &standard.source.name,
        Some(&standard.source.text),
        &problems,
        lang,
    );
    say!(
        "✘ {name}: {} {}",
        problems.len(),
        lang.pick(
            "个问题",
            if problems.len() == 1 {
                "problem"
            } else {
                "problems"
            }
        )
    );
    ExitCode::from(2)
}

/// `standards test`: every case, whether it holds, and how it does not.
fn test(t: &Target) -> ExitCode {
    let lang = lang_of(t.lang);
    let standard = match load(&t.standard, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let results = cases::run(&standard);
    let name = &standard.source.name;
    let mut out = String::new();
    let (mut holds, mut fails, mut invalid) = (0usize, 0usize, 0usize);
    for r in &results {
        let at = r
            .location
            .map_or_else(String::new, |l| format!(" ({name}:{})", l.line));
        match &r.outcome {
            CaseOutcome::Holds => {
                holds += 1;
                let verdict = r
                    .verdict
                    .map_or("", |v| crate::report::text::verdict(v, lang));
                let _ = writeln!(out, "  ✔ {} — {verdict}", r.name);
            }
            CaseOutcome::Fails(diffs) => {
                fails += 1;
                let _ = writeln!(out, "  ✘ {}{at}", r.name);
                for d in diffs {
                    let _ = writeln!(out, "      {}", d.get(lang));
                }
            }
            CaseOutcome::Invalid(ps) => {
                invalid += 1;
                let n = ps.len();
                let _ = match lang {
                    Lang::Zh => writeln!(
                        out,
                        "  ! {}{at}：示例无效，{n} 个问题（见标准错误输出）",
                        r.name
                    ),
                    Lang::En => writeln!(
                        out,
                        "  ! {}{at}: invalid case, {n} problem{} (on standard error)",
                        r.name,
                        if n == 1 { "" } else { "s" }
                    ),
                };
                eprint_problems(name, Some(&standard.source.text), ps, lang);
            }
        }
    }
    let total = results.len();
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "{}：{total} 个示例，{holds} 个成立，{fails} 个不成立，{invalid} 个无效",
            standard.label()
        ),
        Lang::En => writeln!(
            out,
            "{}: {total} cases, {holds} hold, {fails} fail, {invalid} invalid",
            standard.label()
        ),
    };
    if total == 0 {
        out.push_str(lang.pick(
            "  （该标准没有示例：在 cases: 中添加）\n",
            "  (the standard carries no cases: add them under cases:)\n",
        ));
    }
    let code = print(lang, &out);
    if code != ExitCode::SUCCESS {
        return code;
    }
    if invalid > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::from(u8::from(fails > 0))
    }
}
