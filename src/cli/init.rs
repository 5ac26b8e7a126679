//! `sitecheck init --level LEVEL`: writes a fill-in site-survey template for a level of the
//! standard. Exit 0, or 2 on errors (an unknown level or standard, an unwritable output, an
//! existing file without `--force`: a template must never replace a filled survey).

use std::io::IsTerminal as _;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::LangArg;
use super::output::{Replace, emit};
use crate::form::template::{self, Comments};
use crate::i18n::Lang;

pub(super) const EXAMPLES: &str = "Examples:
  sitecheck init --level childrens_home --output survey.yaml
  sitecheck init --level 儿童之家 --lang zh > 新庄村.yaml
  sitecheck init --level town_station --standard standards/examples/second-district.yaml
  sitecheck init --level district_center --schema https://example.org/inventory.schema.json
  sitecheck init --level town_station --format xlsx --output 桥头镇.xlsx   a survey form to fill in

Values are left empty (not surveyed): an untouched template checks `incomplete`. Without
--schema, the `yaml-language-server` line points at the nearest schemas/inventory.schema.json
above the output file (relative), else at inventory.schema.json beside it
(`sitecheck schema inventory > inventory.schema.json` writes it).";

/// Template formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum InitFormat {
    /// A YAML inventory with comments.
    Yaml,
    /// A survey form workbook to fill in a spreadsheet program (needs --output, or a
    /// redirected standard output).
    Xlsx,
}

/// `--level`: any text (a file-based standard has its own levels, and the level is resolved
/// against the chosen standard later), offering the built-in standards' level ids to shell
/// completion.
#[derive(Clone, Copy, Debug)]
struct LevelName;

impl clap::builder::TypedValueParser for LevelName {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        // The ids, which a shell takes as they are (a Chinese name such as 镇(街道)… would
        // need quoting), each described by its Chinese name. The built-in standards live as
        // long as the program, and so do their names.
        let mut names: Vec<(&'static str, &'static str)> = Vec::new();
        for st in crate::registry::builtin() {
            for t in &st.vocabulary.levels.terms {
                if !names.iter().any(|(n, _)| *n == t.id) {
                    names.push((t.id.as_str(), t.name.zh.as_str()));
                }
            }
        }
        Some(Box::new(names.into_iter().map(|(name, help)| {
            clap::builder::PossibleValue::new(name).help(help)
        })))
    }
}

#[derive(Debug, Args)]
pub(super) struct InitArgs {
    /// The level: an id (`childrens_home`) or a Chinese name (`儿童之家`).
    #[arg(
        long,
        value_name = "LEVEL",
        value_parser = LevelName,
        hide_possible_values = true,
        required_unless_present = "roster"
    )]
    level: Option<String>,
    /// Write a district roster to fill in instead (辖区镇村名册: the towns and villages, for
    /// `check --roster`), as YAML or, with --format xlsx, a workbook.
    #[arg(long, conflicts_with_all = ["level", "standard", "schema"])]
    roster: bool,
    /// The standard: a built-in id (`huancui`), `id@version`, or a standard file.
    #[arg(long, value_name = "ID[@VERSION]|FILE")]
    standard: Option<String>,
    /// Language of the comments (default: both Chinese and English).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Template format.
    #[arg(long, value_enum, default_value = "yaml")]
    format: InitFormat,
    /// Write the template to FILE (atomically) instead of standard output. An existing file
    /// is never replaced (it may be a filled survey) unless --force is given.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace the --output file if it exists.
    #[arg(long, requires = "output")]
    force: bool,
    /// The JSON Schema editors check the file with: a URL or a path relative to the file.
    #[arg(long, value_name = "URL|PATH")]
    schema: Option<String>,
}

pub(super) fn run(args: &InitArgs) -> ExitCode {
    let lang = super::lang_of(args.lang);
    if args.roster {
        return roster(args, lang);
    }
    let level_arg = args.level.as_deref().unwrap_or_default();
    let standard = match &args.standard {
        Some(spec) => match super::load_standard(spec, lang) {
            Ok(s) => s,
            Err(code) => return code,
        },
        None => match crate::registry::find_builtin(crate::registry::DEFAULT_ID, None) {
            Ok(s) => s,
            Err(p) => {
                super::eprint_problems("sitecheck", None, &[p], lang);
                return ExitCode::from(2);
            }
        },
    };
    let levels = &standard.vocabulary.levels;
    let Some(level) = levels.resolve(level_arg) else {
        let help = levels.suggest(level_arg);
        let known = levels.ids().collect::<Vec<_>>();
        say!(
            "sitecheck init: {}\n  {}",
            match lang {
                Lang::Zh => format!("未知的层级 `{level_arg}`（可选：{}）", known.join("、")),
                Lang::En => format!("unknown level `{level_arg}` (one of: {})", known.join(", ")),
            },
            help.get(lang)
        );
        return ExitCode::from(2);
    };
    let comments = match args.lang {
        None => Comments::Both,
        Some(_) => Comments::Only(lang),
    };
    let tpl = template::build(&standard, &level.id);
    let bytes = match args.format {
        InitFormat::Yaml => {
            let (schema, missing) = match &args.schema {
                Some(s) => (s.clone(), false),
                None => default_schema(args.output.as_deref()),
            };
            template::yaml(&tpl, comments, &schema, missing).into_bytes()
        }
        InitFormat::Xlsx => match workbook(
            args,
            lang,
            || crate::form::write::xlsx(&tpl, &standard.vocabulary),
            ("无法生成表格", "cannot make the form"),
        ) {
            Ok(b) => b,
            Err(code) => return code,
        },
    };
    write(args, &bytes, lang)
}

/// `init --roster`: the district roster template.
fn roster(args: &InitArgs, lang: Lang) -> ExitCode {
    let bytes = match args.format {
        InitFormat::Yaml => crate::form::roster::yaml().into_bytes(),
        InitFormat::Xlsx => match workbook(
            args,
            lang,
            crate::form::roster::xlsx,
            ("无法生成名册表格", "cannot make the roster workbook"),
        ) {
            Ok(b) => b,
            Err(code) => return code,
        },
    };
    write(args, &bytes, lang)
}

/// A workbook's bytes, refused when they would go to a terminal (a binary file: --output).
fn workbook(
    args: &InitArgs,
    lang: Lang,
    make: impl FnOnce() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError>,
    what: (&str, &str),
) -> Result<Vec<u8>, ExitCode> {
    if args.output.is_none() && std::io::stdout().is_terminal() {
        say!(
            "sitecheck init: {}",
            lang.pick(
                "xlsx 表格是二进制文件：请用 --output 文件.xlsx 写入文件",
                "an xlsx form is a binary file: write it with --output FILE.xlsx"
            )
        );
        return Err(ExitCode::from(2));
    }
    make().map_err(|e| {
        say!("sitecheck init: {}: {e}", lang.pick(what.0, what.1));
        ExitCode::from(2)
    })
}

/// Writes the template to --output (never replacing a file without --force) or stdout.
fn write(args: &InitArgs, bytes: &[u8], lang: Lang) -> ExitCode {
    let replace = if args.force {
        Replace::Yes
    } else {
        Replace::No
    };
    match emit(bytes, args.output.as_deref(), replace) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let shown = args
                .output
                .as_deref()
                .unwrap_or(Path::new(""))
                .display()
                .to_string();
            let shown = crate::report::escape::terminal(&shown);
            say!(
                "sitecheck init: {}",
                match lang {
                    Lang::Zh => format!(
                        "{shown} 已存在，可能是已填写的调查表，未覆盖。请换一个文件名；确需覆盖时加 --force。"
                    ),
                    Lang::En => format!(
                        "{shown} exists and may be a filled survey: not replaced. Choose another name, or add --force to replace it."
                    ),
                }
            );
            ExitCode::from(2)
        }
        Err(e) => super::output::failed(
            lang,
            "sitecheck init",
            ("模板", "template"),
            args.output.as_deref(),
            &e,
        ),
    }
}

/// The committed schema nearest above where the template goes (`schemas/inventory.schema.json`
/// in this directory or a parent), as a path relative to the template; else
/// `inventory.schema.json` beside it, which is still to be written (true).
fn default_schema(output: Option<&Path>) -> (String, bool) {
    let cwd = std::env::current_dir().unwrap_or_default();
    let dir = output
        .and_then(Path::parent)
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| cwd.clone(), |d| cwd.join(d));
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    let found = dir
        .ancestors()
        .map(|a| a.join("schemas").join("inventory.schema.json"))
        .find(|p| p.is_file());
    match found {
        Some(schema) => (relative(&dir, &schema), false),
        None => ("inventory.schema.json".to_owned(), true),
    }
}

/// `to` as a path relative to the directory `from` (both absolute), with `/` separators.
fn relative(from: &Path, to: &Path) -> String {
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_then_descend() {
        assert_eq!(
            relative(
                Path::new("/r/samples"),
                Path::new("/r/schemas/inventory.schema.json")
            ),
            "../schemas/inventory.schema.json"
        );
        assert_eq!(
            relative(Path::new("/r"), Path::new("/r/schemas/x.json")),
            "schemas/x.json"
        );
    }
}
