//! The per-file path, measured side by side and per stage, so that a regression is seen where it
//! is: the YAML parser's events alone (granit-parser, what serde-saphyr reads), the subset
//! scanner's events alone (what the event-level loader reads), the project's loader alone (the
//! event-level loader, with serde-saphyr behind it), serde-saphyr's general loader alone (what
//! the event-level loader is measured against), loading (parse, resolve names, pick the
//! standard), checking a loaded inventory alone, and the whole of what `check` does per file
//! (load, check, render as JSON). `scripts/callgrind.sh` counts the same stages in instructions.
//!
//! `cargo bench --bench per_file`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sitecheck::check::assess;
use sitecheck::input::{StandardChoice, load};
use sitecheck::report::{Entry, Outcome, Renderer, RunInfo};
use sitecheck::source::SourceText;

const INPUTS: &[(&str, &str)] = &[
    (
        "district-center",
        include_str!("../samples/huancui-district-center.yaml"),
    ),
    (
        "town-station",
        include_str!("../samples/town-station-short.yaml"),
    ),
    (
        "childrens-home",
        include_str!("../samples/childrens-home-zh-aliases.yaml"),
    ),
];

fn per_file(c: &mut Criterion) {
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
    let info = RunInfo {
        omit_passes: true,
        date: date.to_string(),
        ..RunInfo::default()
    };
    // Load the built-in standard once, as a run does.
    let _ = sitecheck::registry::builtin();
    for (name, text) in INPUTS {
        let mut g = c.benchmark_group(*name);
        g.bench_function("YAML parser's events alone", |b| {
            b.iter(|| black_box(sitecheck::load::count_events(black_box(text))));
        });
        g.bench_function("subset scanner's events alone", |b| {
            b.iter(|| black_box(sitecheck::load::count_scanned(black_box(text))));
        });
        g.bench_function("loader alone (parse)", |b| {
            b.iter(|| {
                black_box(
                    sitecheck::load::parse::<sitecheck::load::inventory::RawInventory>(black_box(
                        text,
                    ))
                    .is_ok(),
                )
            });
        });
        g.bench_function("general loader alone (serde-saphyr)", |b| {
            b.iter(|| {
                black_box(
                    sitecheck::load::parse_general::<sitecheck::load::inventory::RawInventory>(
                        black_box(text),
                    )
                    .is_ok(),
                )
            });
        });
        g.bench_function("load", |b| {
            b.iter(|| {
                let src = SourceText::new("x.yaml", *text);
                black_box(load(&src, &StandardChoice::AUTO).is_ok())
            });
        });
        // The inventory loaded once; each iteration checks a copy (the copy is in the timing,
        // as small beside the check as a run's move of it).
        let loaded = load(&SourceText::new("x.yaml", *text), &StandardChoice::AUTO).ok();
        if let Some((inv, st)) = loaded {
            g.bench_function("check only", |b| {
                b.iter(|| {
                    let a = assess(inv.clone(), std::sync::Arc::clone(&st), &[], date);
                    black_box(a.findings.len())
                });
            });
        }
        g.bench_function("load + check + JSON", |b| {
            b.iter(|| {
                let src = SourceText::new("x.yaml", *text);
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
                black_box(out.len())
            });
        });
        g.finish();
    }
}

criterion_group!(benches, per_file);
criterion_main!(benches);
