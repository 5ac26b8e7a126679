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
use crate::input::{StandardChoice, load};
use crate::model::standard::Standard;
use crate::model::waivers::Waiver;
use crate::report::human::Style;
use crate::report::{Entry, Outcome, RunInfo};
use crate::source::SourceText;

/// `eprintln!` that never panics: a failed write to standard error is remembered and ends the
/// run in exit 2 (see [`output::stderr`]).
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::output::stderr(&format!("{}\n", format_args!($($arg)*)))
    };
}

mod accounts;
mod baseline;
mod batch;
mod history;
mod history_cmd;
mod walk;
mod compare;
mod help_zh;
mod init;
mod orders;
mod output;
mod serve;
mod shell;
mod standards;

use output::{FileId, Output, Replace};

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
        let eds: Vec<&str> = crate::registry::BUILTINS.iter().map(|b| b.label).collect();
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
    /// Rectification orders (整改通知): draft them from a JSON report.
    #[command(subcommand, after_help = orders::EXAMPLES)]
    Orders(orders::OrdersCommand),
    /// A history database's surveys over time: one facility's, or every round's compliance rate.
    #[command(after_help = history_cmd::EXAMPLES)]
    History(history_cmd::HistoryArgs),
    /// A web page for checking, comparing and downloading reports, on this computer.
    #[command(after_help = serve::EXAMPLES)]
    Serve(serve::ServeArgs),
    /// The accounts of `serve --shared`: add, list, disable.
    #[command(subcommand, after_help = accounts::EXAMPLES)]
    Users(accounts::UsersCommand),
    /// Print shell completions (bash, zsh, fish, powershell, elvish).
    #[command(after_help = shell::EXAMPLES_COMPLETIONS)]
    Completions(shell::CompletionsArgs),
    /// Print the manual page (roff), or write a page per command into a directory.
    #[command(after_help = shell::EXAMPLES_MAN)]
    Man(shell::ManArgs),
}

pub use crate::report::Format;

use crate::report::FailOn;

#[derive(Debug, Args)]
struct CommonArgs {
    /// The standard: a built-in id (`huancui`), `id@version`, or a standard file.
    #[arg(long, value_name = "ID[@VERSION]|FILE")]
    standard: Option<String>,
    /// A folder of local standards an inventory may name by id (`standard: wendeng@2025`);
    /// repeatable. The folders in SITECHECK_STANDARDS are searched after these.
    #[arg(long = "standards", value_name = "DIR")]
    standards_dirs: Vec<PathBuf>,
    /// Judge each inventory against --standard even when it names another standard (a planner
    /// asking how a facility would fare under it); every report says which standard the
    /// inventory names and which judged it.
    #[arg(long, requires = "standard")]
    override_standard: bool,
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
    /// The supervisor's rectification orders (YAML, or the workbook `orders draft` writes):
    /// each failing requirement under an order shows its deadline, and the summary lists the
    /// overdue ones.
    #[arg(long, value_name = "FILE")]
    orders: Option<PathBuf>,
    /// The district's roster of towns and villages (YAML, or the workbook `init --roster`
    /// writes): the summary then gives the three-level network's coverage (Art. 10, Art. 14).
    #[arg(long, value_name = "FILE")]
    roster: Option<PathBuf>,
    /// An earlier run to compare with (复查): its JSON report, a folder of reports, or the
    /// history database --record writes. Each requirement of each facility is marked new,
    /// fixed, persisting, regressed or unchanged.
    #[arg(long, value_name = "REPORT.json|DIR|DB")]
    baseline: Option<PathBuf>,
    /// Append this run (each facility's verdict, each requirement's status and measured value)
    /// to the history database DB (SQLite, created when absent), in one transaction.
    #[arg(long, value_name = "DB")]
    record: Option<PathBuf>,
    /// Leave passing findings out of the report.
    #[arg(long)]
    omit_passes: bool,
    /// Show under each failure the article of the standard it comes from, as the standard
    /// words it (the terminal report; other formats always carry it).
    #[arg(long)]
    explain: bool,
    /// Which failures make the exit code 1: a required one (error), any (warning), or only a
    /// required one the baseline did not have (new, with --baseline).
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
    /// A folder of local standards an inventory may name by id (`standard: wendeng@2025`);
    /// repeatable. The folders in SITECHECK_STANDARDS are searched after these.
    #[arg(long = "standards", value_name = "DIR")]
    standards_dirs: Vec<PathBuf>,
    /// Judge each inventory against --standard even when it names another standard (a planner
    /// asking how a facility would fare under it); every report says which standard the
    /// inventory names and which judged it.
    #[arg(long, requires = "standard")]
    override_standard: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SchemaKind {
    Inventory,
    Standard,
    /// The district roster (`check --roster`).
    Roster,
    /// Rectification orders (`check --orders`).
    Orders,
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
    for p in &crate::diagnostic::capped(problems.to_vec()) {
        output::stderr(&crate::report::human::problem_text(
            p, name, text, lang, style,
        ));
    }
}

/// Prints problems of a spreadsheet that is not an inventory (a roster) to stderr, each at its
/// sheet and cell (`roster.xlsx!镇村名册!E3`).
fn eprint_problems_in(src: &SourceText, problems: &[Problem], lang: Lang) {
    for p in &crate::diagnostic::capped(problems.to_vec()) {
        let at = p.location.map_or_else(
            || src.name.clone(),
            |l| format!("{}!{}", src.name, src.position(l)),
        );
        let mut p = p.clone();
        p.location = None;
        eprint_problems(&at, None, &[p], lang);
    }
}

/// Prints warnings about a file that is not an inventory (stale or expiring waivers) to stderr.
fn eprint_notices(name: &str, text: Option<&str>, problems: &[Problem], lang: Lang) {
    let style = stderr_style();
    for p in &crate::diagnostic::capped(problems.to_vec()) {
        output::stderr(&crate::report::human::notice_text(
            p, name, text, lang, style,
        ));
    }
}

/// Prints problems (or, with `notice`, warnings) of an operator's file: a YAML file with
/// snippets, a workbook at its sheet and cell.
fn eprint_file_problems(src: &SourceText, problems: &[Problem], notice: bool, lang: Lang) {
    if !src.sheets.is_empty() {
        for p in &crate::diagnostic::capped(problems.to_vec()) {
            let at = p.location.map_or_else(
                || src.name.clone(),
                |l| format!("{}!{}", src.name, src.position(l)),
            );
            let mut p = p.clone();
            p.location = None;
            if notice {
                eprint_notices(&at, None, &[p], lang);
            } else {
                eprint_problems(&at, None, &[p], lang);
            }
        }
    } else if notice {
        eprint_notices(&src.name, Some(&src.text), problems, lang);
    } else {
        eprint_problems(&src.name, Some(&src.text), problems, lang);
    }
}

/// Stack of the threads that check inputs: 16 MiB, several times what the deepest nesting
/// the limits allow takes in a debug build. Parsing, validating and dropping a tree recurse once
/// per level of nesting, up to `limits::MAX_DEPTH`; unoptimised, a level takes tens of KiB, more
/// than the 2 MiB a thread gets by default (the stack is reserved, not used). Inputs are checked
/// on threads started with it (`batch`), or one input alone on the main thread when its stack
/// is deep enough ([`main_stack_is_deep`]).
const WORKER_STACK: usize = 16 * 1024 * 1024;

/// The main thread's stack may grow to `ulimit -s` (8 MiB unless lowered): a check needs at
/// most a few MiB of it unoptimised at the deepest nesting allowed (over 1 and under 2 MiB
/// measured on x86-64), a fraction of that optimised. A limit of at least this many bytes, or
/// none, lets a one-file check run on it; a lower one starts a worker as for a batch.
const MAIN_STACK_ENOUGH: u64 = 8 * 1024 * 1024;

/// Whether the main thread's stack is deep enough to check an input on ([`MAIN_STACK_ENOUGH`]).
/// Asked on the main thread only: another thread's stack is its own size, not `ulimit -s`.
#[cfg(unix)]
fn main_stack_is_deep() -> bool {
    use rustix::process::{Resource, getrlimit};
    getrlimit(Resource::Stack)
        .current
        .is_none_or(|bytes| bytes >= MAIN_STACK_ENOUGH)
}

/// Elsewhere the main thread's stack is fixed when the binary is linked (1 MiB on Windows):
/// checks run on workers.
#[cfg(not(unix))]
fn main_stack_is_deep() -> bool {
    false
}

/// Runs the command line and returns the process exit code.
#[must_use]
pub fn main() -> ExitCode {
    output::exit(run())
}

fn run() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let command = <Cli as clap::CommandFactory>::command();
    let command = if help_zh::wants_chinese(&args, lang_of(None)) {
        help_zh::localize(command)
    } else {
        command
    };
    let parsed = command
        .try_get_matches_from(args)
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) if e.use_stderr() && help_zh::wants_chinese(&args_again(), lang_of(None)) => {
            match help_zh::usage_error(&e) {
                Some(text) => output::stderr(&text),
                None => {
                    let _ = e.print();
                }
            }
            return ExitCode::from(2);
        }
        Err(e) => {
            // Help and version go to standard output, usage errors to standard error.
            let printed = e.print().and_then(|()| std::io::stdout().flush());
            return match printed {
                _ if e.use_stderr() => ExitCode::from(2),
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    output::failed(lang_of(None), "sitecheck", ("帮助", "help"), None, &err)
                }
            };
        }
    };
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Schema(args) => schema(&args),
        Command::Standards(cmd) => standards::run(&cmd),
        Command::Orders(cmd) => orders::run(&cmd),
        Command::History(args) => history_cmd::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Users(cmd) => accounts::run(&cmd),
        Command::Completions(args) => shell::completions(&args),
        Command::Man(args) => shell::man(&args),
    }
}

/// The command line, read again (the first reading went to clap).
fn args_again() -> Vec<std::ffi::OsString> {
    std::env::args_os().collect()
}

/// Resolves `--standard`: a built-in id (`id@version`) or a file (with its `extends`).
fn load_standard(spec: &str, lang: Lang) -> Result<Arc<Standard>, ExitCode> {
    standards::load(spec, lang)
}

/// What a path that is not a regular file is, in words: `None` for a regular file, and for a
/// FIFO when `fifo_ok` (a file given by name may be a pipe: `sitecheck check <(generate)`).
fn not_a_file(ft: std::fs::FileType, fifo_ok: bool) -> Option<Problem> {
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt as _;
    let (zh, en) = if ft.is_file() {
        return None;
    } else if ft.is_dir() {
        ("这是一个文件夹，不是文件", "it is a directory, not a file")
    } else {
        #[cfg(unix)]
        let words = if ft.is_fifo() {
            if fifo_ok {
                return None;
            }
            (
                "这是一个管道，不是普通文件",
                "not a regular file: it is a FIFO (named pipe)",
            )
        } else if ft.is_char_device() || ft.is_block_device() {
            (
                "这是一个设备，不是普通文件",
                "not a regular file: it is a device",
            )
        } else if ft.is_socket() {
            (
                "这是一个套接字，不是普通文件",
                "not a regular file: it is a socket",
            )
        } else {
            ("这不是普通文件", "not a regular file")
        };
        #[cfg(not(unix))]
        let words = ("这不是普通文件", "not a regular file");
        words
    };
    Some(Problem::new(
        crate::diagnostic::Code::Unreadable,
        Text::new(format!("无法读取：{zh}"), format!("cannot read: {en}")),
        None,
    ))
}

/// An OLE compound file (an encrypted `.xlsx` is wrapped in one; an old `.xls` is one).
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The text of a file, or why it is not text: an encrypted or old Excel file is named as such
/// rather than as a text that is not UTF-8.
fn source_of(name: String, bytes: Vec<u8>) -> Result<SourceText, Problem> {
    if bytes.starts_with(OLE_MAGIC) {
        return Err(Problem::new(
            crate::diagnostic::Code::EncryptedOrXls,
            Text::new(
                "该文件是加密的或旧版 Excel（.xls）文件，无法读取",
                "this is an encrypted workbook or an old Excel (.xls) file, which cannot be read",
            ),
            None,
        )
        .with_help(Text::new(
            "请在 Excel 中取消密码保护，另存为 .xlsx 后再检查",
            "in Excel, remove the password (if any) and save it as an .xlsx workbook, then check it again",
        )));
    }
    SourceText::from_bytes(name, bytes).map_err(Problem::from)
}

/// A file over [`MAX_FILE_BYTES`](crate::limits::MAX_FILE_BYTES), by its size: the same
/// words for a file named on the command line and one uploaded to `serve`.
fn too_large(len: u64) -> Problem {
    let limit = crate::limits::MAX_FILE_BYTES;
    Problem::new(
        crate::diagnostic::Code::TooLarge,
        Text::new(
            format!("文件过大：{len} 字节，上限为 {} MiB", limit / 1024 / 1024),
            format!(
                "file too large: {len} bytes, the limit is {} MiB",
                limit / 1024 / 1024
            ),
        ),
        None,
    )
}

/// Reads a file with the size limit, as a located problem on failure.
///
/// The path is looked at before it is opened: a device or socket is refused unopened (opening
/// some devices acts on them), and a FIFO is read (a file given by name may be a pipe:
/// `sitecheck check <(generate)`).
fn read_file(path: &Path) -> Result<Vec<u8>, Problem> {
    let meta = std::fs::metadata(path).map_err(|e| unreadable(&e))?;
    if let Some(p) = not_a_file(meta.file_type(), true) {
        return Err(p);
    }
    if meta.len() > crate::limits::MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let f = std::fs::File::open(path).map_err(|e| unreadable(&e))?;
    read_opened(f, true)
}

/// Reads a file a walk listed as a regular file, with the size limit: opened without looking
/// the path up first (the listing did), and without waiting should a FIFO have taken its place
/// since (`O_NONBLOCK`, which reading a regular file ignores); what was opened is then looked
/// at before it is read. Saves two of a walked file's three path lookups (issue 17).
fn read_listed(path: &Path) -> Result<Vec<u8>, Problem> {
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut open, libc::O_NONBLOCK);
    let f = open.open(path).map_err(|e| unreadable(&e))?;
    read_opened(f, false)
}

/// Reads an opened file with the size limit, when it is a regular file (or a FIFO when
/// `fifo_ok`): what was opened may not be what was looked at (the path changed in between).
fn read_opened(f: std::fs::File, fifo_ok: bool) -> Result<Vec<u8>, Problem> {
    let opened = f.metadata().map_err(|e| unreadable(&e))?;
    if let Some(p) = not_a_file(opened.file_type(), fifo_ok) {
        return Err(p);
    }
    let limit = crate::limits::MAX_FILE_BYTES;
    if opened.len() > limit {
        return Err(too_large(opened.len()));
    }
    let mut buf = Vec::with_capacity(usize::try_from(opened.len()).unwrap_or(0));
    f.take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| unreadable(&e))?;
    Ok(buf)
}

/// A file that could not be read, saying why.
fn unreadable(why: &std::io::Error) -> Problem {
    let why = io_reason(why);
    Problem::new(
        crate::diagnostic::Code::Unreadable,
        Text::new(
            format!("无法读取文件：{}", why.zh),
            format!("cannot read the file: {}", why.en),
        ),
        None,
    )
}

/// Why the system could not read or list a path, in both languages: the Chinese in the words
/// of the report (the system's own text is English, `Permission denied (os error 13)`), the
/// English as the system gives it.
pub(super) fn io_reason(e: &std::io::Error) -> Text {
    use std::io::ErrorKind as K;
    let zh = match e.kind() {
        K::NotFound => "文件不存在".to_owned(),
        K::PermissionDenied => "没有读取权限".to_owned(),
        K::IsADirectory => "这是一个文件夹，不是文件".to_owned(),
        K::NotADirectory => "路径中有一段不是文件夹".to_owned(),
        K::InvalidFilename => "文件名过长或无效".to_owned(),
        K::UnexpectedEof => "文件在读完之前中断".to_owned(),
        K::OutOfMemory => "内存不足".to_owned(),
        K::TimedOut | K::WouldBlock | K::Interrupted => "暂时无法读取，请重试".to_owned(),
        K::StaleNetworkFileHandle | K::NotConnected | K::ConnectionReset => {
            "网络磁盘连接中断".to_owned()
        }
        _ => match e.raw_os_error() {
            // ELOOP and EIO on Linux (their kinds are not stable in Rust yet).
            Some(40) if cfg!(target_os = "linux") => "符号链接构成了循环".to_owned(),
            Some(5) => "磁盘读写出错".to_owned(),
            Some(code) => format!("系统错误（错误码 {code}）"),
            None => "系统未说明原因".to_owned(),
        },
    };
    Text::new(zh, e.to_string())
}

/// One input to check: a file found, standard input, or a path that could not be walked.
#[derive(Debug)]
enum Input {
    File {
        shown: String,
        path: PathBuf,
        /// Found by walking a folder, whose listing said it was a regular file of this size;
        /// `None` for a path given by name (looked at when it is read).
        listed: Option<u64>,
    },
    /// A file held in memory (uploaded to `serve`): its name shown, never a path read.
    Held {
        shown: String,
        bytes: Arc<[u8]>,
    },
    Stdin,
    Broken {
        shown: String,
        problem: Problem,
    },
}

/// Named like an inventory: `.yaml`, `.yml`, `.json` or `.xlsx`, in any letter case (`SURVEY.YAML`
/// from another tool is a survey too; left out, its facility would drop from a folder's count).
fn is_inventory_name(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["yaml", "yml", "json", "xlsx"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// A directory named like an inventory (`survey.yaml/`) is an input that cannot be read as one.
fn directory_not_file() -> Problem {
    Problem::new(
        crate::diagnostic::Code::Unreadable,
        Text::new(
            "无法读取：这是一个文件夹，不是清单文件",
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
    orders: &crate::model::orders::Orders,
    baseline: Option<&crate::check::baseline::Baseline>,
    date: chrono::NaiveDate,
) -> Entry {
    let assess = |inv, standard| {
        let mut a = assess(inv, standard, waivers, date);
        // The comparison first: an order on what was fixed since is done, never stale.
        if let Some(b) = baseline {
            b.mark(&mut a);
        }
        crate::check::orders::apply(&mut a, orders, date);
        Outcome::Checked(Box::new(a))
    };
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
        Input::File {
            shown,
            path,
            listed: None,
        } => (shown.clone(), read_file(path)),
        Input::File { shown, path, .. } => (shown.clone(), read_listed(path)),
        Input::Held { shown, bytes } => (
            shown.clone(),
            if bytes.len() as u64 > crate::limits::MAX_FILE_BYTES {
                Err(too_large(bytes.len() as u64))
            } else {
                Ok(bytes.to_vec())
            },
        ),
    };
    // A survey form (an .xlsx workbook, by its bytes: also on standard input).
    if let Ok(b) = &bytes
        && crate::form::read::is_workbook(b)
    {
        let (src, loaded) = crate::form::load(&shown, b, choice);
        let outcome = match loaded {
            Ok((inv, standard)) => assess(inv, standard),
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
    let src = match bytes.and_then(|b| source_of(shown.clone(), b)) {
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
        Ok((inv, standard)) => assess(inv, standard),
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

/// A file's bytes, or its problem shown on stderr (exit 2).
fn bytes_of(path: &Path, name: &str, lang: Lang) -> Result<Vec<u8>, ExitCode> {
    read_file(path).map_err(|p| {
        eprint_problems(name, None, &[p], lang);
        ExitCode::from(2)
    })
}

/// A text file's source (UTF-8, line ends checked), or its problem shown on stderr (exit 2).
fn text_of(name: &str, bytes: Vec<u8>, lang: Lang) -> Result<SourceText, ExitCode> {
    source_of(name.to_owned(), bytes).map_err(|p| {
        eprint_problems(name, None, &[p], lang);
        ExitCode::from(2)
    })
}

fn load_waivers(path: &Path, lang: Lang) -> Result<(Vec<Waiver>, SourceText), ExitCode> {
    let name = path.display().to_string();
    let src = text_of(&name, bytes_of(path, &name, lang)?, lang)?;
    match crate::input::waivers(&src) {
        Ok(w) => Ok((w, src)),
        Err(ps) => {
            eprint_problems(&name, Some(&src.text), &ps, lang);
            Err(ExitCode::from(2))
        }
    }
}

/// Reads the rectification orders: a workbook (by its bytes) or YAML; problems go to stderr.
fn load_orders(
    path: &Path,
    lang: Lang,
) -> Result<(crate::model::orders::Orders, SourceText), ExitCode> {
    let name = path.display().to_string();
    let bytes = bytes_of(path, &name, lang)?;
    if crate::form::read::is_workbook(&bytes) {
        let (built, sheets) = match crate::form::orders::read(&bytes) {
            Ok((raw, sheets)) => (crate::model::orders::build(&raw), sheets),
            Err((sheets, ps)) => (Err(ps), sheets),
        };
        let src = SourceText::spreadsheet(name.clone(), sheets, &bytes);
        return match built {
            Ok(o) => Ok((o, src)),
            Err(ps) => {
                eprint_problems_in(&src, &ps, lang);
                Err(ExitCode::from(2))
            }
        };
    }
    let src = text_of(&name, bytes, lang)?;
    match crate::input::orders(&src) {
        Ok(o) => Ok((o, src)),
        Err(ps) => {
            eprint_problems(&name, Some(&src.text), &ps, lang);
            Err(ExitCode::from(2))
        }
    }
}

/// Reads the district roster: a workbook (by its bytes) or YAML; problems go to stderr.
fn load_roster(path: &Path, lang: Lang) -> Result<crate::model::roster::Roster, ExitCode> {
    let name = path.display().to_string();
    let bytes = bytes_of(path, &name, lang)?;
    if crate::form::read::is_workbook(&bytes) {
        let raw = crate::form::roster::read(&bytes)
            .and_then(|(raw, sheets)| crate::model::roster::build(&raw).map_err(|ps| (sheets, ps)));
        return raw.map_err(|(sheets, ps)| {
            let src = SourceText::spreadsheet(name.clone(), sheets, &bytes);
            eprint_problems_in(&src, &ps, lang);
            ExitCode::from(2)
        });
    }
    let src = text_of(&name, bytes, lang)?;
    crate::input::roster(&src).map_err(|ps| {
        eprint_problems(&name, Some(&src.text), &ps, lang);
        ExitCode::from(2)
    })
}

/// Resolves `--standard`, `--standards`, `SITECHECK_STANDARDS` and `--override-standard` into
/// how each inventory's standard is chosen.
fn standard_choice(common: &CommonArgs, lang: Lang) -> Result<StandardChoice, ExitCode> {
    let choice = match common.standard.as_deref() {
        // A built-in id without a version: each inventory gets the edition in force on its
        // survey date (the id is checked once, here).
        Some(spec) if !spec.contains('@') && !standards::is_file_spec(spec) => {
            StandardChoice::builtin(load_standard(spec, lang)?.id.clone())
        }
        Some(spec) => StandardChoice::fixed(load_standard(spec, lang)?),
        None => StandardChoice::AUTO,
    };
    let mut dirs = common.standards_dirs.clone();
    if let Some(env) = std::env::var_os("SITECHECK_STANDARDS") {
        dirs.extend(std::env::split_paths(&env).filter(|p| !p.as_os_str().is_empty()));
    }
    let local = standards::load_folders(&dirs, lang)?;
    Ok(choice
        .with_local(local)
        .overriding(common.override_standard))
}

/// The output's identity when it is not one of the run's input files (named on the command
/// line, the waiver or standard file, or standard input redirected from it); else a refusal,
/// since the report would replace the input. Inputs found by walking are not refused: the walk
/// leaves the output out instead (see [`walk::inputs`]).
fn guard_inputs(
    command: &str,
    output: Option<&Path>,
    files: &[&Path],
    stdin: bool,
    lang: Lang,
) -> Result<Option<FileId>, ExitCode> {
    let Some(out) = output else { return Ok(None) };
    let Some(id) = FileId::of_file(out) else {
        return Ok(None);
    };
    let clash = files.iter().any(|f| FileId::of_file(f) == Some(id))
        || (stdin && FileId::of_stdin() == Some(id));
    if !clash {
        return Ok(Some(id));
    }
    Err(refuse_output(
        command,
        out,
        lang,
        ("它是本次检查的输入文件", "it is an input of this run"),
    ))
}

/// Says that the report will not be written over `out`, a survey in a folder the run checks.
fn refuse_survey_output(out: Option<&Path>, lang: Lang) -> ExitCode {
    refuse_output(
        "sitecheck",
        out.unwrap_or(Path::new("-")),
        lang,
        (
            "它是所核查文件夹中的清单文件",
            "it is an inventory in a folder this run checks",
        ),
    )
}

/// Says that the report will not be written over `out`, and why (`what` it is, in both
/// languages): exit 2, before anything is written.
fn refuse_output(command: &str, out: &Path, lang: Lang, what: (&str, &str)) -> ExitCode {
    let shown = crate::report::escape::terminal(&out.display().to_string());
    say!(
        "{command}: {}",
        match lang {
            Lang::Zh => format!(
                "不能把结果写到 {shown}：{}，写入会覆盖它。请换一个输出文件名。",
                what.0
            ),
            Lang::En => format!(
                "refusing to write over {shown}: {} and would be replaced. Choose another --output file.",
                what.1
            ),
        }
    );
    ExitCode::from(2)
}

/// Refuses an `--output` that is one of the run's inputs (see [`guard_inputs`]).
fn guard_check_inputs(args: &CheckArgs, lang: Lang) -> Result<Option<FileId>, ExitCode> {
    let mut files: Vec<&Path> = args
        .paths
        .iter()
        .filter(|p| *p != "-")
        .map(Path::new)
        .collect();
    files.extend(args.waivers.as_deref());
    files.extend(args.orders.as_deref());
    files.extend(args.roster.as_deref());
    files.extend(args.common.standard.as_deref().map(Path::new));
    let stdin_named = args.paths.iter().any(|p| p == "-");
    let id = guard_inputs(
        "sitecheck",
        args.output.as_deref(),
        &files,
        stdin_named,
        lang,
    )?;
    if let Some(out) = args.output.as_deref()
        && id.is_some()
        && is_survey_in_walked_folder(out, &args.paths)
    {
        return Err(refuse_survey_output(Some(out), lang));
    }
    Ok(id)
}

/// Whether an existing `--output` file is an inventory inside a folder the run walks: named
/// like one, under one of the folders given, and not a report sitecheck wrote
/// ([`written_by_sitecheck`]). Refused so, before any input is read; a survey reached only
/// through a link is caught by the walk itself, which knows the output by its identity
/// (`walk::ReportFile`), and the report is then dropped unwritten.
fn is_survey_in_walked_folder(out: &Path, inputs: &[String]) -> bool {
    let Ok(real) = std::fs::canonicalize(out) else {
        return false;
    };
    // Named like an inventory by the path given or by the file a link leads to.
    if !is_inventory_name(out) && !is_inventory_name(&real) {
        return false;
    }
    let walked = inputs.iter().filter(|p| *p != "-").any(|p| {
        let p = Path::new(p);
        p.is_dir() && std::fs::canonicalize(p).is_ok_and(|dir| real.starts_with(dir))
    });
    walked && !written_by_sitecheck(&real)
}

/// Whether a file begins as the reports sitecheck writes that an inventory could be named like
/// do (JSON, SARIF, JUnit, HTML): one such may be replaced by the next run's report.
pub(super) fn written_by_sitecheck(path: &Path) -> bool {
    const REPORTS: &[&[u8]] = &[
        b"{\"schema_version\":\"1.0\",\"tool\":{\"name\":\"sitecheck\"",
        b"{\n  \"$schema\": \"https://json.schemastore.org/sarif",
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sitecheck",
        b"<!DOCTYPE html>",
    ];
    let mut head = [0u8; 128];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = &head[..n];
    REPORTS.iter().any(|r| head.starts_with(r))
}

/// Standard input's bytes when `-` is among the paths, and the inputs the paths name (folders
/// walked, leaving `report` out); standard input that could not be read is among them as an
/// input that failed, as an unreadable file is.
fn inputs_of(
    paths: &[String],
    report: Option<walk::ReportFile>,
    lang: Lang,
) -> (Option<Vec<u8>>, impl Iterator<Item = Input> + '_) {
    let stdin = paths.iter().any(|p| p == "-").then(read_stdin);
    let failed = stdin.as_ref().and_then(|r| r.as_ref().err()).cloned();
    let inputs = walk::inputs(paths, report, lang).map(move |i| match (i, &failed) {
        (Input::Stdin, Some(problem)) => Input::Broken {
            shown: "-".to_owned(),
            problem: problem.clone(),
        },
        (i, _) => i,
    });
    (stdin.and_then(Result::ok), inputs)
}

/// Standard input's bytes, up to one more than the file size limit (so that the limit is
/// seen); or why they could not be read (`check - < folder/`), as the problem of input `-`.
fn read_stdin() -> Result<Vec<u8>, Problem> {
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .take(crate::limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| {
            let why = io_reason(&e);
            Problem::new(
                crate::diagnostic::Code::Unreadable,
                Text::new(
                    format!("无法读取标准输入：{}", why.zh),
                    format!("cannot read standard input: {}", why.en),
                ),
                None,
            )
        })?;
    Ok(buf)
}

/// The terminal style of a report: colour when it goes to a terminal and `NO_COLOR` is not
/// set, 100 columns.
pub(super) fn stdout_style(output: Option<&Path>) -> Style {
    let to_terminal = output.is_none() && std::io::stdout().is_terminal();
    Style {
        color: to_terminal && std::env::var_os("NO_COLOR").is_none(),
        width: 100,
    }
}

/// An entry's load problems as the terminal shows them (for stderr).
fn problems_text(e: &Entry, lang: Lang, style: Style) -> String {
    let mut s = String::new();
    if let Outcome::Failed { problems } = &e.outcome {
        for p in problems {
            s.push_str(&crate::report::human::entry_problem_text(
                p,
                &e.source,
                e.text.as_ref(),
                lang,
                style,
            ));
        }
    }
    s
}

fn check(args: &CheckArgs) -> ExitCode {
    let lang = lang_of(args.common.lang);
    let report = match guard_check_inputs(args, lang) {
        Ok(id) => id.map(walk::ReportFile::new),
        Err(code) => return code,
    };
    let choice = match standard_choice(&args.common, lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let Extras {
        waivers,
        waiver_src,
        orders,
        orders_src,
        roster,
        baseline,
    } = match extras(args, lang) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let date = args
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let (stdin, inputs) = inputs_of(&args.paths, report.clone(), lang);
    let mut inputs = inputs.peekable();
    if inputs.peek().is_none() {
        return no_inventory(lang);
    }
    let info = RunInfo {
        lang,
        omit_passes: args.omit_passes,
        date: date.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        waivers: waiver_src.as_ref().map(crate::report::audit::Digest::of),
        style: stdout_style(args.output.as_deref()),
        explain: args.explain,
        fail_on: args.fail_on,
    };
    let recorder = match begin_record(args, &info.date, lang) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let renderer = args.format.renderer();
    // In machine formats the report carries the problems; people also see them on stderr.
    let err_style = stderr_style();
    let to_stderr = move |e: &Entry| -> String { problems_text(e, lang, err_style) };
    let job = batch::Job {
        lang,
        keep_regions: roster.is_some(),
        stdin: stdin.as_deref(),
        choice: &choice,
        waivers: &waivers,
        orders: &orders,
        baseline: baseline.as_ref(),
        record: recorder.as_ref(),
        date,
        problems_to_stderr: (!renderer.is_terminal_report())
            .then_some(&to_stderr as &(dyn Fn(&Entry) -> String + Sync)),
        deep_stack: main_stack_is_deep(),
    };
    let extras = RunExtras {
        roster: roster.as_ref(),
        baseline: baseline.as_ref(),
        orders_src: orders_src.as_ref(),
    };
    let written = Output::open(args.output.as_deref(), Replace::Yes).and_then(|mut out| {
        let o = render_run(&mut inputs, &job, renderer, &info, &extras, out.writer())?;
        // The walk met the output file as a survey (by a link or another path): the report
        // is dropped unwritten rather than put in its place.
        if report.as_ref().is_some_and(walk::ReportFile::is_survey) {
            return Ok(None);
        }
        out.finish()?;
        Ok(Some(o))
    });
    let o = match written {
        Ok(Some(o)) => o,
        Ok(None) => return refuse_survey_output(args.output.as_deref(), lang),
        Err(e) => {
            return output::failed(
                lang,
                "sitecheck",
                ("报告", "report"),
                args.output.as_deref(),
                &e,
            );
        }
    };
    if let Some(path) = &args.output {
        announce_report_file(path, &o, &info, err_style);
    }
    if let Err(code) = finish_record(recorder, args, lang) {
        return code;
    }
    verdict(
        args,
        (&waivers, waiver_src.as_ref()),
        (&orders, orders_src.as_ref()),
        &o,
        date,
        lang,
    )
}

/// What a run's summary and audit take besides its inputs.
#[derive(Clone, Copy, Default)]
struct RunExtras<'a> {
    roster: Option<&'a crate::model::roster::Roster>,
    baseline: Option<&'a crate::check::baseline::Baseline>,
    orders_src: Option<&'a SourceText>,
}

/// Checks the inputs and writes the whole report in `renderer`'s format: the one function
/// behind `check` and the reports `serve` shows and downloads, so that the two never differ.
///
/// # Errors
/// When writing fails.
fn render_run(
    inputs: &mut dyn Iterator<Item = Input>,
    job: &batch::Job<'_>,
    renderer: &dyn crate::report::Renderer,
    info: &RunInfo,
    extras: &RunExtras<'_>,
    out: &mut dyn Write,
) -> std::io::Result<batch::Outcomes> {
    renderer.begin(out, info)?;
    let mut o = batch::run(inputs, job, renderer, info, out)?;
    finish_summary(&mut o, extras.roster, extras.baseline);
    let mut audit = o.standards.clone().into_audit(Vec::new(), info);
    audit.orders = extras.orders_src.map(crate::report::audit::Digest::of);
    let run = crate::report::Run {
        entries: &o.kept,
        summary: &o.summary,
        audit: &audit,
    };
    renderer.finish(out, &run, info)?;
    Ok(o)
}

/// Makes the run's summary: the coverage with a roster, the comparison with a baseline.
fn finish_summary(
    o: &mut batch::Outcomes,
    roster: Option<&crate::model::roster::Roster>,
    baseline: Option<&crate::check::baseline::Baseline>,
) {
    let articles = o
        .standard
        .as_deref()
        .map(crate::check::coverage::articles)
        .unwrap_or_default();
    o.summary.finish(roster.map(|r| (r, articles.as_slice())));
    if let Some(b) = baseline {
        let edition = o
            .standard
            .as_deref()
            .map(Standard::label)
            .unwrap_or_default();
        o.summary.compare_with(b, &edition);
    }
}

/// Begins recording the run into `--record DB`, when given.
fn begin_record(
    args: &CheckArgs,
    date: &str,
    lang: Lang,
) -> Result<Option<std::sync::Mutex<history::Recorder>>, ExitCode> {
    let Some(db) = &args.record else {
        return Ok(None);
    };
    history::Recorder::begin(db, date).map(Some).map_err(|p| {
        eprint_problems(&db.display().to_string(), None, &[p], lang);
        ExitCode::from(2)
    })
}

/// Commits the recorded run: it is in the history only once it is whole.
fn finish_record(
    recorder: Option<std::sync::Mutex<history::Recorder>>,
    args: &CheckArgs,
    lang: Lang,
) -> Result<(), ExitCode> {
    let (Some(r), Some(db)) = (recorder, &args.record) else {
        return Ok(());
    };
    r.into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .finish()
        .map_err(|p| {
            eprint_problems(&db.display().to_string(), None, &[p], lang);
            ExitCode::from(2)
        })
}

/// Nothing to check was found: exit 2.
fn no_inventory(lang: Lang) -> ExitCode {
    say!(
        "{}",
        lang.pick(
            "sitecheck: 没有找到清单文件（*.yaml、*.yml、*.json、*.xlsx）",
            "sitecheck: no inventory found (*.yaml, *.yml, *.json, *.xlsx)"
        )
    );
    ExitCode::from(2)
}

/// What a check reads besides its inputs: the waivers, the roster, the baseline.
struct Extras {
    waivers: Vec<Waiver>,
    waiver_src: Option<SourceText>,
    orders: crate::model::orders::Orders,
    orders_src: Option<SourceText>,
    roster: Option<crate::model::roster::Roster>,
    baseline: Option<crate::check::baseline::Baseline>,
}

/// Reads the files a check reads besides its inputs; a problem in one is shown and ends the
/// run (exit 2) before any input is read.
fn extras(args: &CheckArgs, lang: Lang) -> Result<Extras, ExitCode> {
    let (waivers, waiver_src) = match &args.waivers {
        Some(p) => {
            let (w, src) = load_waivers(p, lang)?;
            (w, Some(src))
        }
        None => (Vec::new(), None),
    };
    let (orders, orders_src) = match &args.orders {
        Some(p) => {
            let (o, src) = load_orders(p, lang)?;
            (o, Some(src))
        }
        None => (crate::model::orders::Orders::default(), None),
    };
    let roster = match &args.roster {
        Some(p) => Some(load_roster(p, lang)?),
        None => None,
    };
    Ok(Extras {
        waivers,
        waiver_src,
        orders,
        orders_src,
        roster,
        baseline: baseline_of(args, lang)?,
    })
}

/// The baseline of `--baseline`, when given; `--fail-on new` without one is refused.
fn baseline_of(
    args: &CheckArgs,
    lang: Lang,
) -> Result<Option<crate::check::baseline::Baseline>, ExitCode> {
    match &args.baseline {
        Some(p) => match baseline::load(p, lang) {
            Ok(b) => Ok(Some(b)),
            Err(code) => Err(code),
        },
        None if args.fail_on == FailOn::New => {
            say!(
                "{}",
                lang.pick(
                    "sitecheck: --fail-on new 需要与 --baseline 一起使用（对照的上一轮报告）",
                    "sitecheck: --fail-on new needs --baseline (the earlier run to compare with)"
                )
            );
            Err(ExitCode::from(2))
        }
        None => Ok(None),
    }
}

/// The report went to a file: a CI log still shows what the run found, in one line.
fn announce_report_file(path: &Path, o: &batch::Outcomes, info: &RunInfo, style: Style) {
    let lang = info.lang;
    let line = crate::report::human::summary_line(&o.summary, info, style);
    let shown = crate::report::escape::terminal(&path.display().to_string());
    say!(
        "{}{}",
        line.trim_end(),
        match lang {
            Lang::Zh => format!("；报告已写入 {shown}"),
            Lang::En => format!("; report written to {shown}"),
        }
    );
}

/// The run's exit code, once the waivers are audited against what the run assessed (their
/// warnings and errors shown): 2 for an error in an input or a waiver; 1 when an inventory is
/// non-compliant or incomplete (under `--fail-on warning`, also when a warning fails); else 0.
fn verdict(
    args: &CheckArgs,
    (waivers, waiver_src): (&[Waiver], Option<&SourceText>),
    (orders, orders_src): (&crate::model::orders::Orders, Option<&SourceText>),
    o: &batch::Outcomes,
    date: chrono::NaiveDate,
    lang: Lang,
) -> ExitCode {
    let named: Vec<&crate::check::Assessment> = o.named.iter().collect();
    let ids: Vec<&str> = o.ids.iter().map(String::as_str).collect();
    let waiver_audit = crate::check::waivers::audit(waivers, &named, &ids, date);
    if let Some(src) = waiver_src {
        eprint_notices(&src.name, Some(&src.text), &waiver_audit.warnings, lang);
        eprint_problems(&src.name, Some(&src.text), &waiver_audit.errors, lang);
    }
    let order_audit = o.orders_audit.clone().finish(orders, &ids);
    if let Some(src) = orders_src {
        eprint_file_problems(src, &order_audit.warnings, true, lang);
        eprint_file_problems(src, &order_audit.errors, false, lang);
    }
    if !waiver_audit.errors.is_empty() || !order_audit.errors.is_empty() || o.any_error {
        return ExitCode::from(2);
    }
    ExitCode::from(u8::from(o.fails.under(args.fail_on)))
}

fn schema(args: &SchemaArgs) -> ExitCode {
    let lang = lang_of(None);
    let value = match args.kind {
        SchemaKind::Standard => crate::model::schema::standard_schema(crate::kinds::names()),
        SchemaKind::Roster => crate::model::schema::roster_schema(),
        SchemaKind::Orders => crate::model::schema::orders_schema(),
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
    output::print(text.as_bytes(), lang, ("结构定义", "schema"))
}
