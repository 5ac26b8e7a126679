//! `sitecheck history DB [FACILITY]`: a facility's surveys over time (verdict, failing count,
//! fixed and new per survey), and the district's compliance rate per round.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::history::{RoundRow, SurveyRow, read};
use super::output::{Output, Replace};
use super::{LangArg, lang_of};
use crate::i18n::Lang;
use crate::report::escape;
use crate::report::text;

pub(super) const EXAMPLES: &str = "Examples:
  sitecheck check forms/ --record history.db           record a round
  sitecheck history history.db                         every round's compliance rate, every facility
  sitecheck history history.db qiaotou-ts --lang zh    one facility's surveys over time
  sitecheck history history.db --format html --output history.html";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum HistoryFormat {
    Human,
    Json,
    Html,
}

#[derive(Debug, Args)]
pub(super) struct HistoryArgs {
    /// The history database (`check --record DB`).
    #[arg(value_name = "DB")]
    db: PathBuf,
    /// One facility's id (default: every facility).
    #[arg(value_name = "FACILITY")]
    facility: Option<String>,
    /// Report format.
    #[arg(long, value_enum, default_value = "human")]
    format: HistoryFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Language (default: from the locale).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
}

fn rate(r: &RoundRow) -> String {
    text::percent(
        usize::try_from(r.compliant).unwrap_or_default(),
        usize::try_from(r.facilities).unwrap_or_default(),
    )
}

fn verdict_word(v: &str, lang: Lang) -> &str {
    match v {
        "compliant" => lang.pick("合格", "compliant"),
        "non_compliant" => lang.pick("不合格", "non-compliant"),
        "incomplete" => lang.pick("待补充核查", "incomplete"),
        other => other,
    }
}

fn opt(n: Option<i64>) -> String {
    n.map_or_else(|| "—".to_owned(), |n| n.to_string())
}

fn human(rounds: &[RoundRow], surveys: &[SurveyRow], lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        lang.pick("各轮核查合格率", "Compliance rate per round")
    );
    for r in rounds {
        let _ = writeln!(
            out,
            "  {} {:>3}  {}  {}/{}  {}",
            lang.pick("第", "round"),
            r.run,
            escape::terminal(&r.evaluated),
            r.compliant,
            r.facilities,
            rate(r)
        );
    }
    let mut current: Option<&str> = None;
    for s in surveys {
        if current != Some(s.facility.as_str()) {
            let _ = writeln!(
                out,
                "\n{} {}",
                escape::terminal(s.name.as_deref().unwrap_or(&s.facility)),
                escape::terminal(&s.facility)
            );
            current = Some(&s.facility);
        }
        let _ = writeln!(
            out,
            "  {}  {}  {}  {}",
            escape::terminal(s.survey_date.as_deref().unwrap_or(&s.evaluated)),
            verdict_word(&s.verdict, lang),
            match lang {
                Lang::Zh => format!(
                    "不达标 {} 项；建议改进 {} 项",
                    s.failing_required, s.failing_advisory
                ),
                Lang::En => format!(
                    "{} required, {} advisory failing",
                    s.failing_required, s.failing_advisory
                ),
            },
            match lang {
                Lang::Zh => format!("已整改 {} · 新增问题 {}", opt(s.fixed), opt(s.new)),
                Lang::En => format!("{} fixed · {} new", opt(s.fixed), opt(s.new)),
            }
        );
    }
    out
}

fn html(rounds: &[RoundRow], surveys: &[SurveyRow], lang: Lang) -> String {
    let mut p = String::new();
    let title = lang.pick("核查历史", "Survey history");
    let _ = write!(
        p,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #ccc;padding:.2em .5em}}.bar{{fill:#1a7f37}}</style></head><body>\n<h1>{title}</h1>\n",
        lang.tag()
    );
    let _ = writeln!(
        p,
        "<h2>{}</h2>",
        lang.pick("各轮核查合格率", "Compliance rate per round")
    );
    // One bar per round, its height the rate.
    let width = 60 * rounds.len().max(1);
    let _ = write!(
        p,
        "<svg role=\"img\" width=\"{width}\" height=\"140\" viewBox=\"0 0 {width} 140\">"
    );
    for (i, r) in rounds.iter().enumerate() {
        let share = if r.facilities > 0 {
            r.compliant as f64 / r.facilities as f64
        } else {
            0.0
        };
        let h = (share * 100.0).round();
        let _ = write!(
            p,
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"40\" height=\"{h}\"></rect>\
             <text x=\"{}\" y=\"135\" font-size=\"11\">{}</text>",
            i * 60 + 10,
            110.0 - h,
            i * 60 + 10,
            escape::html(&rate(r))
        );
    }
    let _ = writeln!(p, "</svg>");
    let _ = writeln!(
        p,
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        lang.pick("轮次", "Round"),
        lang.pick("评估日期", "Evaluated"),
        lang.pick("合格 / 设施", "Compliant / facilities"),
        lang.pick("合格率", "Rate")
    );
    for r in rounds {
        let _ = writeln!(
            p,
            "<tr><td>{}</td><td>{}</td><td>{}/{}</td><td>{}</td></tr>",
            r.run,
            escape::html(&r.evaluated),
            r.compliant,
            r.facilities,
            escape::html(&rate(r))
        );
    }
    let _ = writeln!(p, "</table>");
    let _ = writeln!(
        p,
        "<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        lang.pick("各设施的核查", "Surveys by facility"),
        lang.pick("设施", "Facility"),
        lang.pick("核查日期", "Surveyed"),
        lang.pick("结论", "Verdict"),
        lang.pick("不达标 / 建议改进", "Required / advisory failing"),
        lang.pick("已整改", "Fixed"),
        lang.pick("新增问题", "New")
    );
    for s in surveys {
        let _ = writeln!(
            p,
            "<tr><td>{} ({})</td><td>{}</td><td>{}</td><td>{} / {}</td><td>{}</td><td>{}</td></tr>",
            escape::html(s.name.as_deref().unwrap_or(&s.facility)),
            escape::html(&s.facility),
            escape::html(s.survey_date.as_deref().unwrap_or(&s.evaluated)),
            verdict_word(&s.verdict, lang),
            s.failing_required,
            s.failing_advisory,
            opt(s.fixed),
            opt(s.new)
        );
    }
    p.push_str("</table>\n</body></html>\n");
    p
}

/// Runs `history`.
pub(super) fn run(args: &HistoryArgs) -> ExitCode {
    let lang = lang_of(args.lang);
    let (rounds, surveys) = match read(&args.db, args.facility.as_deref()) {
        Ok(x) => x,
        Err(p) => {
            super::eprint_problems(&args.db.display().to_string(), None, &[p], lang);
            return ExitCode::from(2);
        }
    };
    let text = match args.format {
        HistoryFormat::Human => human(&rounds, &surveys, lang),
        HistoryFormat::Html => html(&rounds, &surveys, lang),
        HistoryFormat::Json => {
            let doc = serde_json::json!({"rounds": rounds, "surveys": surveys});
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
    };
    let written = Output::open(args.output.as_deref(), Replace::Yes).and_then(|mut out| {
        out.writer().write_all(text.as_bytes())?;
        out.finish()
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::output::failed(
            lang,
            "sitecheck",
            ("历史", "history"),
            args.output.as_deref(),
            &e,
        ),
    }
}
