//! The command line: clap arguments, file walking, output files, the environment and exit
//! codes. The only module that touches the outside world.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::check::assess;
use crate::diagnostic::Problem;
use crate::i18n::{Lang, Text};
use crate::model::inventory::{StandardChoice, load};
use crate::model::standard::Standard;
use crate::model::waivers::Waiver;
use crate::report::human::Style;
use crate::report::{Entry, Outcome, RunInfo};
use crate::source::SourceText;

mod batch;
mod walk;
mod compare;
mod init;
mod shell;
mod standards;

const EXAMPLES_MAIN: &str = "Examples:
  sitecheck check samples/                      check every inventory under samples/
  sitecheck init --level town_station --format xlsx --output form.xlsx
  sitecheck check form.xlsx                     check a filled survey form
  sitecheck standards list                      the built-in standards and their editions
  sitecheck completions bash                    shell completions; `sitecheck man` the manual page

Exit codes of check: 0 compliant, 1 non-compliant or incomplete, 2 usage or input error.";

const EXAMPLES_CHECK: &str = "Examples:
  sitecheck check samples/                      check every inventory under samples/
  sitecheck check survey.yaml --lang zh         one survey, report in Chinese
  sitecheck check inventories/ --format json --omit-passes --output report.json
  cat survey.yaml | sitecheck check -           read standard input";

/// Checks children's protection facilities against declarative facility standards.
#[derive(Debug, Parser)]
#[command(name = "sitecheck", version = version_text(), about, long_about = None, propagate_version = true, after_help = EXAMPLES_MAIN)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

fn version_text() -> &'static str {
    static V: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        let eds: Vec<String> = crate::registry::builtin()
            .iter()
            .map(|s| s.label())
            .collect();
        format!(
            "{} (built-in standards: {})",
            env!("CARGO_PKG_VERSION"),
            eds.join(", ")
        )
    })
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check inventories (files, directories, or - for standard input) against the standard.
    #[command(after_help = EXAMPLES_CHECK)]
    Check(CheckArgs),
    /// Compare proposed layouts side by side against the standard.
    #[command(after_help = compare::EXAMPLES)]
    Compare(compare::CompareArgs),
    /// Write a fill-in site-survey template for a level.
    #[command(after_help = init::EXAMPLES)]
    Init(init::InitArgs),
    /// Print the JSON Schema of an inventory or a standard file.
    #[command(
        after_help = "Examples:\n  sitecheck schema inventory > schemas/inventory.schema.json\n  sitecheck schema standard"
    )]
    Schema(SchemaArgs),
    /// The built-in standards; show, validate or test a standard.
    #[command(
        subcommand,
        after_help = "Examples:\n  sitecheck standards list\n  sitecheck standards show huancui --lang zh\n  sitecheck standards check my-district.yaml\n  sitecheck standards test standards/huancui-2021.yaml"
    )]
    Standards(standards::StandardsCommand),
    /// Print shell completions (bash, zsh, fish, powershell, elvish).
    #[command(after_help = shell::EXAMPLES_COMPLETIONS)]
    Completions(shell::CompletionsArgs),
    /// Print the manual page (roff), or write a page per command into a directory.
    #[command(after_help = shell::EXAMPLES_MAN)]
    Man(shell::ManArgs),
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people at a terminal.
    Human,
    /// The contract's JSON report.
    Json,
    /// Markdown, for a pull-request comment.
    Markdown,
    /// One self-contained HTML page, printable on A4.
    Html,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI dashboards.
    Junit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
}

#[derive(Debug, Args)]
struct CommonArgs {
    /// The standard: a built-in id (`huancui`), `id@version`, or a standard file.
    #[arg(long, value_name = "ID[@VERSION]|FILE")]
    standard: Option<String>,
    /// Language of the report (default: from LC_ALL, LC_MESSAGES, LANG; else English).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Inventory files (.yaml, .yml, .json) or survey forms (.xlsx), directories (searched
    /// recursively) or - for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    #[command(flatten)]
    common: CommonArgs,
    /// Report format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The operator's waiver file (YAML).
    #[arg(long, value_name = "FILE")]
    waivers: Option<PathBuf>,
    /// Leave passing findings out of the report.
    #[arg(long)]
    omit_passes: bool,
    /// Which severity of failure makes the exit code 1.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Evaluation date YYYY-MM-DD (default: today), for reproducible reports.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// Which file kind.
    #[arg(value_enum)]
    kind: SchemaKind,
    /// The standard whose vocabulary the inventory schema lists.
    #[arg(long, value_name = "ID[@VERSION]|FILE")]
    standard: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SchemaKind {
    Inventory,
    Standard,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a YYYY-MM-DD date"))
}

/// The language from the command line or the locale.
fn lang_of(arg: Option<LangArg>) -> Lang {
    match arg {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .and_then(|v| Lang::from_locale(&v))
            .unwrap_or(Lang::En),
    }
}

fn stderr_style() -> Style {
    Style {
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        width: 100,
    }
}

/// Prints problems of a file that is not an inventory (a standard, waivers) to stderr.
fn eprint_problems(name: &str, text: Option<&str>, problems: &[Problem], lang: Lang) {
    let style = stderr_style();
    let mut err = std::io::stderr().lock();
    for p in &crate::diagnostic::capped(problems.to_vec()) {
        let _ = err
            .write_all(crate::report::human::problem_text(p, name, text, lang, style).as_bytes());
    }
}

/// Prints warnings about a file that is not an inventory (stale or expiring waivers) to stderr.
fn eprint_notices(name: &str, text: Option<&str>, problems: &[Problem], lang: Lang) {
    let style = stderr_style();
    let mut err = std::io::stderr().lock();
    for p in &crate::diagnostic::capped(problems.to_vec()) {
        let _ =
            err.write_all(crate::report::human::notice_text(p, name, text, lang, style).as_bytes());
    }
}

/// Stack of the threads that check inputs: 16 MiB, several times what the deepest nesting
/// the limits allow takes in a debug build.
const WORKER_STACK: usize = 16 * 1024 * 1024;

/// Runs the command line and returns the process exit code.
#[must_use]
pub fn main() -> ExitCode {
    // Inputs are checked on rayon's threads. Parsing, validating and dropping a tree recurse
    // once per level of nesting, up to `limits::MAX_DEPTH`; unoptimised, a level takes tens of
    // KiB, more than the 2 MiB a thread gets by default (the stack is reserved, not used).
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .build_global();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Schema(args) => schema(&args),
        Command::Standards(cmd) => standards::run(&cmd),
        Command::Completions(args) => shell::completions(&args),
        Command::Man(args) => shell::man(&args),
    }
}

/// Resolves `--standard`: a built-in id (`id@version`) or a file (with its `extends`).
fn load_standard(spec: &str, lang: Lang) -> Result<Arc<Standard>, ExitCode> {
    standards::load(spec, lang)
}

/// Reads a file with the size limit, as a located problem on failure.
fn read_file(path: &Path) -> Result<Vec<u8>, Problem> {
    let unreadable = |why: String| {
        Problem::new(
            "sitecheck::unreadable",
            Text::new(
                format!("无法读取文件: {why}"),
                format!("cannot read the file: {why}"),
            ),
            None,
        )
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    if meta.is_dir() {
        return Err(unreadable("it is a directory".into()));
    }
    let limit = crate::load::limits::MAX_FILE_BYTES;
    if meta.len() > limit {
        return Err(Problem::new(
            "sitecheck::too-large",
            Text::new(
                format!(
                    "文件过大: {} 字节, 上限为 {} MiB",
                    meta.len(),
                    limit / 1024 / 1024
                ),
                format!(
                    "file too large: {} bytes, the limit is {} MiB",
                    meta.len(),
                    limit / 1024 / 1024
                ),
            ),
            None,
        ));
    }
    let f = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let mut buf = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    f.take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| unreadable(e.to_string()))?;
    Ok(buf)
}

/// One input to check: a file found, standard input, or a path that could not be walked.
#[derive(Debug)]
enum Input {
    File { shown: String, path: PathBuf },
    Stdin,
    Broken { shown: String, problem: Problem },
}

fn is_inventory_name(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json" | "xlsx")
    )
}

/// A directory named like an inventory (`survey.yaml/`) is an input that cannot be read as one.
fn directory_not_file() -> Problem {
    Problem::new(
        "sitecheck::unreadable",
        Text::new(
            "无法读取: 这是一个目录, 不是清单文件",
            "cannot read: this is a directory, not an inventory file",
        ),
        None,
    )
}

fn check_one(
    input: &Input,
    stdin: Option<&[u8]>,
    choice: &StandardChoice,
    waivers: &[Waiver],
    date: chrono::NaiveDate,
) -> Entry {
    let (shown, bytes) = match input {
        Input::Broken { shown, problem } => {
            return Entry {
                source: shown.clone(),
                text: None,
                outcome: Outcome::Failed {
                    problems: vec![problem.clone()],
                },
            };
        }
        Input::Stdin => ("-".to_owned(), Ok(stdin.unwrap_or_default().to_vec())),
        Input::File { shown, path } => (shown.clone(), read_file(path)),
    };
    // A survey form (an .xlsx workbook, by its bytes: also on standard input).
    if let Ok(b) = &bytes
        && crate::load::xlsx::is_workbook(b)
    {
        let (src, loaded) = crate::model::form::load(&shown, b, choice);
        let outcome = match loaded {
            Ok((inv, standard)) => Outcome::Checked(Box::new(assess(inv, standard, waivers, date))),
            Err(problems) => Outcome::Failed {
                problems: crate::diagnostic::capped(problems),
            },
        };
        return Entry {
            source: shown,
            text: Some(src),
            outcome,
        };
    }
    let src = match bytes.and_then(|b| SourceText::from_bytes(shown.clone(), b)) {
        Ok(s) => s,
        Err(p) => {
            return Entry {
                source: shown,
                text: None,
                outcome: Outcome::Failed { problems: vec![p] },
            };
        }
    };
    let outcome = match load(&src, choice) {
        Ok((inv, standard)) => Outcome::Checked(Box::new(assess(inv, standard, waivers, date))),
        Err(mut problems) => {
            problems.sort_by_key(|p| p.location.map(|l| (l.line, l.column)));
            Outcome::Failed {
                problems: crate::diagnostic::capped(problems),
            }
        }
    };
    Entry {
        source: shown,
        text: Some(src),
        outcome,
    }
}

fn load_waivers(path: &Path, lang: Lang) -> Result<(Vec<Waiver>, SourceText), ExitCode> {
    let name = path.display().to_string();
    let src = match read_file(path).and_then(|b| SourceText::from_bytes(name.clone(), b)) {
        Ok(s) => s,
        Err(p) => {
            eprint_problems(&name, None, &[p], lang);
            return Err(ExitCode::from(2));
        }
    };
    let raw: crate::load::waivers::RawWaivers = match crate::load::parse(&src.text) {
        Ok(r) => r,
        Err(p) => {
            eprint_problems(&name, Some(&src.text), &[p], lang);
            return Err(ExitCode::from(2));
        }
    };
    match crate::model::waivers::build(&raw) {
        Ok(w) => Ok((w, src)),
        Err(ps) => {
            eprint_problems(&name, Some(&src.text), &ps, lang);
            Err(ExitCode::from(2))
        }
    }
}

/// Resolves `--standard` into how each inventory's standard is chosen.
fn standard_choice(spec: Option<&str>, lang: Lang) -> Result<StandardChoice, ExitCode> {
    Ok(match spec {
        // A built-in id without a version: each inventory gets the edition in force on its
        // survey date (the id is checked once, here).
        Some(spec) if !spec.contains('@') && !standards::is_file_spec(spec) => {
            StandardChoice::Builtin(load_standard(spec, lang)?.id.clone())
        }
        Some(spec) => StandardChoice::Fixed(load_standard(spec, lang)?),
        None => StandardChoice::Auto,
    })
}

fn check(args: &CheckArgs) -> ExitCode {
    let lang = lang_of(args.common.lang);
    let choice = match standard_choice(args.common.standard.as_deref(), lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let (waivers, waiver_src) = match &args.waivers {
        Some(p) => match load_waivers(p, lang) {
            Ok((w, src)) => (w, Some(src)),
            Err(code) => return code,
        },
        None => (Vec::new(), None),
    };
    let date = args
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut inputs = walk::inputs(&args.paths).peekable();
    if inputs.peek().is_none() {
        eprintln!(
            "{}",
            lang.pick(
                "sitecheck: 没有找到清单文件(*.yaml, *.yml, *.json, *.xlsx)",
                "sitecheck: no inventory found (*.yaml, *.yml, *.json, *.xlsx)"
            )
        );
        return ExitCode::from(2);
    }
    let stdin = if args.paths.iter().any(|p| p == "-") {
        let mut buf = Vec::new();
        let _ = std::io::stdin()
            .lock()
            .take(crate::load::limits::MAX_FILE_BYTES + 1)
            .read_to_end(&mut buf);
        Some(buf)
    } else {
        None
    };
    let info = RunInfo {
        lang,
        omit_passes: args.omit_passes,
        date: date.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        waivers: waiver_src.as_ref().map(crate::report::audit::Digest::of),
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let out_style = Style {
        color: to_terminal && std::env::var_os("NO_COLOR").is_none(),
        width: 100,
    };
    let human = crate::report::human::Human(out_style);
    let stream: Option<&dyn crate::report::Stream> = match args.format {
        Format::Human => Some(&human),
        Format::Json => Some(&crate::report::json::Json),
        _ => None,
    };
    // In machine formats the report carries the problems; people also see them on stderr.
    let err_style = stderr_style();
    let to_stderr = move |e: &Entry| -> String {
        let mut s = String::new();
        if let Outcome::Failed { problems } = &e.outcome {
            for p in problems {
                s.push_str(&crate::report::human::entry_problem_text(
                    p,
                    &e.source,
                    e.text.as_ref(),
                    lang,
                    err_style,
                ));
            }
        }
        s
    };
    let job = batch::Job {
        stdin: stdin.as_deref(),
        choice: &choice,
        waivers: &waivers,
        date,
        problems_to_stderr: (args.format != Format::Human)
            .then_some(&to_stderr as &(dyn Fn(&Entry) -> String + Sync)),
    };
    let written = Output::open(args.output.as_deref()).and_then(|mut out| {
        if let Some(s) = stream {
            s.begin(out.writer(), &info)?;
        }
        let o = batch::run(&mut inputs, &job, stream, &info, out.writer())?;
        match (stream, args.format) {
            (Some(s), _) => s.end(
                out.writer(),
                &o.summary,
                &o.standards.clone().into_audit(Vec::new(), &info),
                &info,
            )?,
            (None, Format::Markdown) => {
                crate::report::markdown::render(out.writer(), &o.kept, &o.summary, &info)?;
            }
            (None, Format::Html) => {
                crate::report::html::render(out.writer(), &o.kept, &o.summary, &info)?;
            }
            (None, Format::Sarif) => {
                crate::report::sarif::render(out.writer(), &o.kept, &o.summary, &info)?;
            }
            (None, _) => crate::report::junit::render(out.writer(), &o.kept, &o.summary, &info)?,
        }
        out.finish()?;
        Ok(o)
    });
    let o = match written {
        Ok(o) => o,
        Err(e) => {
            eprintln!(
                "sitecheck: {}: {e}",
                lang.pick("无法写出报告", "cannot write the report")
            );
            return ExitCode::from(2);
        }
    };
    let named: Vec<&crate::check::Assessment> = o.named.iter().collect();
    let ids: Vec<&str> = o.ids.iter().map(String::as_str).collect();
    let waiver_audit = crate::check::waivers::audit(&waivers, &named, &ids, date);
    if let Some(src) = &waiver_src {
        eprint_notices(&src.name, Some(&src.text), &waiver_audit.warnings, lang);
        eprint_problems(&src.name, Some(&src.text), &waiver_audit.errors, lang);
    }
    if !waiver_audit.errors.is_empty() || o.any_error {
        return ExitCode::from(2);
    }
    ExitCode::from(u8::from(
        o.any_failing || (args.fail_on == FailOn::Warning && o.any_warning_fails),
    ))
}

/// Where a report goes: standard output, or a file written atomically — a temporary file in the
/// same directory, renamed over the target only when complete, so an interrupted run never
/// leaves half a report.
enum Output {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    File(std::io::BufWriter<tempfile::NamedTempFile>, PathBuf),
}

impl Output {
    fn open(path: Option<&Path>) -> std::io::Result<Self> {
        Ok(match path {
            None => Output::Stdout(std::io::BufWriter::with_capacity(
                1 << 16,
                std::io::stdout().lock(),
            )),
            Some(path) => {
                let dir = path
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let tmp = tempfile::Builder::new()
                    .prefix(".sitecheck-")
                    .suffix(".tmp")
                    .tempfile_in(dir)?;
                Output::File(
                    std::io::BufWriter::with_capacity(1 << 16, tmp),
                    path.to_path_buf(),
                )
            }
        })
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(w) => w,
            Output::File(w, _) => w,
        }
    }

    fn finish(self) -> std::io::Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush(),
            Output::File(w, path) => {
                let tmp = w
                    .into_inner()
                    .map_err(std::io::IntoInnerError::into_error)?;
                tmp.as_file().sync_all()?;
                // A report is for others to read: not the temporary file's private 0600.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt as _;
                    tmp.as_file()
                        .set_permissions(std::fs::Permissions::from_mode(0o644))?;
                }
                tmp.persist(&path).map(|_| ()).map_err(|e| e.error)
            }
        }
    }
}

/// Writes bytes to standard output or, atomically, to a file.
fn emit(bytes: &[u8], output: Option<&Path>) -> std::io::Result<()> {
    let mut out = Output::open(output)?;
    out.writer().write_all(bytes)?;
    out.finish()
}

fn schema(args: &SchemaArgs) -> ExitCode {
    let lang = lang_of(None);
    let value = match args.kind {
        SchemaKind::Standard => crate::model::schema::standard_schema(),
        SchemaKind::Inventory => {
            let st = match &args.standard {
                Some(s) => match load_standard(s, lang) {
                    Ok(s) => s,
                    Err(c) => return c,
                },
                None => match crate::registry::find_builtin(crate::registry::DEFAULT_ID, None) {
                    Ok(s) => s,
                    Err(p) => {
                        eprint_problems("sitecheck", None, &[p], lang);
                        return ExitCode::from(2);
                    }
                },
            };
            crate::model::schema::inventory_schema(&st.vocabulary, &st.label())
        }
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    match emit(text.as_bytes(), None) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}
