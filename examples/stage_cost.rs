//! One stage of the per-file path, repeated, for counting instructions under callgrind (stable
//! where wall time on a shared machine is not): `scripts/callgrind.sh` runs each stage with N and
//! with 0 repetitions and reports the difference divided by N, per file.
//!
//! usage: cargo run --release --example stage_cost -- STAGE FILE N
//!   STAGE: events (the YAML parser's events alone), scan (the subset scanner's events alone),
//!   parse (the typed raw structs: the loader's floor), general (the same with serde-saphyr
//!   alone), load (parse, resolve names, pick the standard), whole (load, check, JSON entry)

use std::hint::black_box;

use sitecheck::check::assess;
use sitecheck::input::{StandardChoice, load};
use sitecheck::report::{Entry, Outcome, Renderer, RunInfo};
use sitecheck::source::SourceText;

fn main() {
    let mut args = std::env::args().skip(1);
    let stage = args.next().unwrap_or_default();
    let file = args.next().unwrap_or_default();
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
    let info = RunInfo {
        omit_passes: true,
        date: date.to_string(),
        ..RunInfo::default()
    };
    // The built-in standard is loaded once per run, as `check` does, outside the counted loop.
    let _ = sitecheck::registry::builtin();
    let mut sink = 0usize;
    for _ in 0..n {
        sink += match stage.as_str() {
            "events" => sitecheck::load::count_events(black_box(&text)),
            "scan" => sitecheck::load::count_scanned(black_box(&text)),
            "parse" => usize::from(
                sitecheck::load::parse::<sitecheck::load::inventory::RawInventory>(black_box(
                    &text,
                ))
                .is_ok(),
            ),
            "general" => usize::from(
                sitecheck::load::parse_general::<sitecheck::load::inventory::RawInventory>(
                    black_box(&text),
                )
                .is_ok(),
            ),
            "load" => usize::from(
                load(
                    &SourceText::new("x.yaml", text.clone()),
                    &StandardChoice::AUTO,
                )
                .is_ok(),
            ),
            _ => {
                let src = SourceText::new("x.yaml", text.clone());
                let outcome = match load(&src, &StandardChoice::AUTO) {
                    Ok((inv, st)) => Outcome::Checked(Box::new(assess(inv, st, &[], date))),
                    Err(problems) => Outcome::Failed { problems },
                };
                let e = Entry {
                    source: "x.yaml".into(),
                    text: Some(src),
                    outcome,
                };
                let mut out = Vec::new();
                sitecheck::report::json::Json.entry(&mut out, 0, &e, &info);
                out.len()
            }
        };
    }
    println!("{sink}");
}
