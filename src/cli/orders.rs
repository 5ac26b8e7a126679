//! `sitecheck orders draft REPORT.json --deadline DATE`: drafts a rectification order
//! (整改通知) per failing required item of a JSON report, for the supervisor to edit and sign,
//! as YAML or as the workbook `check --orders` reads back. Exit 0, or 2 on errors (a file that
//! is not a sitecheck report, an existing output without `--force`).

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

use super::output::{Replace, emit};
use super::{LangArg, eprint_problems, lang_of, read_file, source_of};
use crate::i18n::Lang;

pub(super) const EXAMPLES: &str = "Examples:
  sitecheck check inventories/ --format json --lang zh --output report.json
  sitecheck orders draft report.json --deadline 2027-03-31 --output orders.xlsx
  sitecheck orders draft report.json --deadline 2027-03-31 --output orders.yaml
  sitecheck check inventories/ --orders orders.xlsx     each failure under an order shows its deadline

The responsible unit is left blank: `check --orders` refuses an order until it is filled in.
An existing --output file is never replaced unless --force is given.";

/// The `orders` subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum OrdersCommand {
    /// Draft a rectification order per failing required item of a JSON report.
    #[command(after_help = EXAMPLES)]
    Draft(DraftArgs),
}

/// Draft formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum DraftFormat {
    /// YAML, with the problem found in a comment above each order.
    Yaml,
    /// A workbook, one row per order (needs --output, or a redirected standard output).
    Xlsx,
}

#[derive(Debug, Args)]
pub(super) struct DraftArgs {
    /// A sitecheck JSON report (`check --format json`).
    #[arg(value_name = "REPORT.json")]
    report: PathBuf,
    /// The deadline of every order drafted (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_date)]
    deadline: chrono::NaiveDate,
    /// Write the orders to FILE instead of standard output (`.xlsx`: a workbook). An
    /// existing file is never replaced (it may hold signed orders) unless --force is given.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The format (default: from the --output name, else YAML).
    #[arg(long, value_enum)]
    format: Option<DraftFormat>,
    /// Replace the --output file if it exists.
    #[arg(long, requires = "output")]
    force: bool,
    /// Language of the messages.
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
}

pub(super) fn run(cmd: &OrdersCommand) -> ExitCode {
    match cmd {
        OrdersCommand::Draft(args) => draft(args),
    }
}

fn draft(args: &DraftArgs) -> ExitCode {
    let lang = lang_of(args.lang);
    if let Err(code) = super::guard_inputs(
        "sitecheck orders",
        args.output.as_deref(),
        &[args.report.as_path()],
        false,
        lang,
    ) {
        return code;
    }
    let name = args.report.display().to_string();
    let src = match read_file(&args.report).and_then(|b| source_of(name.clone(), b)) {
        Ok(s) => s,
        Err(p) => {
            eprint_problems(&name, None, &[p], lang);
            return ExitCode::from(2);
        }
    };
    let drafts = crate::load::orders::parse_report(&src.text)
        .and_then(|r| crate::model::orders::draft(&r, args.deadline));
    let drafts = match drafts {
        Ok(d) => d,
        Err(p) => {
            eprint_problems(&name, Some(&src.text), &[p], lang);
            return ExitCode::from(2);
        }
    };
    let format = args.format.unwrap_or_else(|| {
        let xlsx = args
            .output
            .as_deref()
            .and_then(Path::extension)
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if xlsx {
            DraftFormat::Xlsx
        } else {
            DraftFormat::Yaml
        }
    });
    let bytes = match format {
        DraftFormat::Yaml => crate::form::orders::yaml(&drafts).into_bytes(),
        DraftFormat::Xlsx => {
            if args.output.is_none() && std::io::stdout().is_terminal() {
                say!(
                    "sitecheck orders: {}",
                    lang.pick(
                        "xlsx 表格是二进制文件：请用 --output 文件.xlsx 写入文件",
                        "an xlsx workbook is a binary file: write it with --output FILE.xlsx"
                    )
                );
                return ExitCode::from(2);
            }
            match crate::form::orders::xlsx(&drafts) {
                Ok(b) => b,
                Err(e) => {
                    say!(
                        "sitecheck orders: {}: {e}",
                        lang.pick("无法生成表格", "cannot make the workbook")
                    );
                    return ExitCode::from(2);
                }
            }
        }
    };
    write(args, &bytes, drafts.len(), lang)
}

/// Writes the drafts to --output (never replacing a file without --force) or stdout.
fn write(args: &DraftArgs, bytes: &[u8], count: usize, lang: Lang) -> ExitCode {
    let replace = if args.force {
        Replace::Yes
    } else {
        Replace::No
    };
    let shown = || {
        crate::report::escape::terminal(
            &args
                .output
                .as_deref()
                .unwrap_or(Path::new(""))
                .display()
                .to_string(),
        )
    };
    match emit(bytes, args.output.as_deref(), replace) {
        Ok(()) => {
            if args.output.is_some() {
                say!(
                    "sitecheck orders: {}",
                    match lang {
                        Lang::Zh => format!(
                            "已起草 {count} 条整改通知，写入 {}；请填写责任单位后签发",
                            shown()
                        ),
                        Lang::En => format!(
                            "{count} orders drafted in {}: fill in the responsible units before issuing them",
                            shown()
                        ),
                    }
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            say!(
                "sitecheck orders: {}",
                match lang {
                    Lang::Zh => format!(
                        "{} 已存在，可能是已签发的整改通知，未覆盖。请换一个文件名；确需覆盖时加 --force。",
                        shown()
                    ),
                    Lang::En => format!(
                        "{} exists and may hold signed orders: not replaced. Choose another name, or add --force to replace it.",
                        shown()
                    ),
                }
            );
            ExitCode::from(2)
        }
        Err(e) => super::output::failed(
            lang,
            "sitecheck orders",
            ("整改通知", "orders"),
            args.output.as_deref(),
            &e,
        ),
    }
}
