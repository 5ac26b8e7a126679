//! `sitecheck compare A B [C…]`: proposed layouts side by side against the standard. Exit 0
//! when at least one layout complies, 1 when none does, 2 on errors (a layout that cannot be
//! read or checked, layouts of different levels or standards).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};

use super::{CommonArgs, Input, Output, Replace, check_one, lang_of, parse_date};
use crate::check::compare::{CompareError, Comparison, Layout};
use crate::i18n::Lang;
use crate::report::{Format, Outcome, RunInfo};

pub(super) const EXAMPLES: &str = "Examples:
  sitecheck compare samples/layouts/dongshan-plan-a.yaml samples/layouts/dongshan-plan-b.yaml
  sitecheck compare plan-a.yaml plan-b.xlsx plan-c.yaml --lang zh
  sitecheck compare plan-*.yaml --format html --output layouts.html
  sitecheck compare plan-a.yaml plan-b.yaml --format json --date 2026-11-29

Exit codes: 0 at least one layout complies, 1 none does, 2 an error (a layout that cannot be
read or checked, layouts of different levels or standards).";

/// The formats that render a comparison (their renderer [`compares`]), as clap's choices.
///
/// [`compares`]: crate::report::Renderer::compares
fn compare_formats() -> impl TypedValueParser<Value = Format> {
    let values = Format::value_variants().iter().filter_map(|f| {
        let help = f.renderer().compares()?;
        Some(f.to_possible_value()?.help(help))
    });
    PossibleValuesParser::new(values).try_map(|s| Format::from_str(&s, false))
}

#[derive(Debug, Args)]
pub(super) struct CompareArgs {
    /// Two or more layouts of the same level: inventories (.yaml, .yml, .json) or survey forms
    /// (.xlsx).
    #[arg(required = true, num_args = 2.., value_name = "PATH")]
    paths: Vec<String>,
    #[command(flatten)]
    common: CommonArgs,
    /// Output format.
    #[arg(long, default_value = "human", value_parser = compare_formats())]
    format: Format,
    /// Write the comparison to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Evaluation date YYYY-MM-DD (default: today), for reproducible output.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<chrono::NaiveDate>,
}

fn refuse(lang: Lang, zh: &str, en: &str) -> ExitCode {
    say!("sitecheck compare: {}", lang.pick(zh, en));
    ExitCode::from(2)
}

pub(super) fn run(args: &CompareArgs) -> ExitCode {
    let lang = lang_of(args.common.lang);
    let choice = match super::standard_choice(&args.common, lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let date = args
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let files: Vec<&std::path::Path> = args
        .paths
        .iter()
        .map(std::path::Path::new)
        .chain(args.common.standard.as_deref().map(std::path::Path::new))
        .collect();
    let output_id = match super::guard_inputs(
        "sitecheck compare",
        args.output.as_deref(),
        &files,
        false,
        lang,
    ) {
        Ok(id) => id,
        Err(code) => return code,
    };
    let inputs: Vec<Input> = super::walk::inputs(
        &args.paths,
        output_id.map(super::walk::ReportFile::new),
        lang,
    )
    .collect();
    if inputs.iter().any(|i| matches!(i, Input::Stdin)) {
        return refuse(
            lang,
            "方案须为文件，不能从标准输入读取",
            "layouts must be files, not standard input",
        );
    }
    let (layouts, failed) = check_layouts(&inputs, &choice, date);
    for entry in &failed {
        if let Outcome::Failed { problems } = &entry.outcome {
            let text = entry.text.as_ref().map(|t| &*t.text);
            super::eprint_problems(&entry.source, text, problems, lang);
        }
    }
    if !failed.is_empty() {
        return ExitCode::from(2);
    }
    let comparison = match Comparison::new(layouts) {
        Ok(c) => c,
        Err(e) => return refused(&e, lang),
    };
    let info = RunInfo {
        lang,
        date: date.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        style: super::stdout_style(args.output.as_deref()),
        ..RunInfo::default()
    };
    let text = args
        .format
        .renderer()
        .compare(&comparison, &info)
        .unwrap_or_default();
    let written = Output::open(args.output.as_deref(), Replace::Yes).and_then(|mut out| {
        out.writer().write_all(text.as_bytes())?;
        out.finish()
    });
    if let Err(e) = written {
        return super::output::failed(
            lang,
            "sitecheck compare",
            ("对比结果", "comparison"),
            args.output.as_deref(),
            &e,
        );
    }
    if let Some(path) = &args.output {
        // The comparison went to a file: a CI log still shows the outcome, in one line.
        let (n, ok) = (comparison.layouts.len(), comparison.complying().len());
        let shown = crate::report::escape::terminal(&path.display().to_string());
        super::output::stderr(&match lang {
            Lang::Zh => format!("共对比 {n} 个方案，{ok} 个合格；结果已写入 {shown}\n"),
            Lang::En => format!(
                "{n} layouts compared, {ok} {}; comparison written to {shown}\n",
                if ok == 1 { "complies" } else { "comply" }
            ),
        });
    }
    ExitCode::from(u8::from(comparison.complying().is_empty()))
}

/// Checks each layout as `check` would: the layouts checked, and the entries of those that
/// could not be (their problems in them). `compare` and `serve`'s comparison page both use it.
pub(super) fn check_layouts(
    inputs: &[Input],
    choice: &crate::input::StandardChoice,
    date: chrono::NaiveDate,
) -> (Vec<Layout>, Vec<crate::report::Entry>) {
    let mut layouts = Vec::new();
    let mut failed = Vec::new();
    for input in inputs {
        let entry = check_one(
            input,
            None,
            choice,
            &[],
            &crate::model::orders::Orders::default(),
            None,
            date,
        );
        match entry.outcome {
            Outcome::Checked(a) => layouts.push(Layout {
                source: entry.source,
                assessment: *a,
            }),
            Outcome::Failed { .. } => failed.push(entry),
        }
    }
    (layouts, failed)
}

fn refused(e: &CompareError, lang: Lang) -> ExitCode {
    refuse(lang, &refusal(e, Lang::Zh), &refusal(e, Lang::En))
}

/// Why layouts cannot be compared, in words (with what to do).
pub(super) fn refusal(e: &CompareError, lang: Lang) -> String {
    let list = |pairs: &[(String, String)]| {
        pairs
            .iter()
            .map(|(s, x)| format!("  {s}: {x}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match e {
        CompareError::TooFew => lang
            .pick(
                "至少需要两个方案才能对比",
                "compare needs at least two layouts",
            )
            .to_owned(),
        CompareError::Levels(pairs) => match lang {
            Lang::Zh => format!(
                "只能对比同一层级的方案，这些方案的层级不同：\n{}\n请分别对比各层级的方案。",
                list(pairs)
            ),
            Lang::En => format!(
                "layouts of different levels cannot be compared:\n{}\nCompare the layouts of each level on their own.",
                list(pairs)
            ),
        },
        CompareError::Standards(pairs) => match lang {
            Lang::Zh => format!(
                "这些方案适用的标准（或版本）不同，无法逐项对比：\n{}\n请用 --standard 指定同一标准。",
                list(pairs)
            ),
            Lang::En => format!(
                "the layouts are checked against different standards (or editions):\n{}\nChoose one with --standard.",
                list(pairs)
            ),
        },
    }
}
