//! sitecheck's integration tests, as one test binary (one link, one run): a module per
//! behaviour, each in its own `tests/<behaviour>.rs` and described at its top.
//!
//! Run one module or one test by its path: `cargo test --test integration hostile::`,
//! `cargo test --test integration cli::exit_codes_follow_the_verdicts`. Cargo runs the tests
//! with the crate root as the working directory, so fixture paths are relative to it.
//!
//! `Cargo.toml` sets `autotests = false`, so a new `tests/<behaviour>.rs` is compiled only once
//! it is declared below; `every_test_file_is_a_module_of_this_binary` fails until it is.

mod util;

mod architecture;
mod browser;
mod ci_recipes;
mod cli;
mod compare;
mod editors;
mod fast_loader;
mod files;
mod forms;
mod fuzz_replay;
mod hostile;
mod hostile_output;
mod history;
mod init;
mod kinds;
mod network;
mod orders;
mod loader_paths;
mod properties;
mod recheck;
mod report_formats;
mod requirements;
mod serve;
mod shell;
mod snapshots;
mod standard_binding;
mod standards;
mod summary;
mod wording;
mod xlsx_hostile;

/// Every `tests/*.rs` file is declared as a module here: with `autotests = false` a file that
/// is not would silently never run.
#[test]
fn every_test_file_is_a_module_of_this_binary() {
    let this = include_str!("integration.rs");
    let declared: Vec<&str> = this
        .lines()
        .filter_map(|l| l.strip_prefix("mod ")?.strip_suffix(';'))
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut missing = Vec::new();
    for entry in entries {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if stem != "integration" && !declared.contains(&stem) {
            missing.push(stem.to_owned());
        }
    }
    assert!(
        missing.is_empty(),
        "tests/{{{}}}.rs not declared as `mod` in tests/integration.rs, so never compiled",
        missing.join(",")
    );
}
