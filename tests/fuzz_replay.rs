//! Replays the committed fuzz corpus (`fuzz/regressions/<target>/`: interesting small inputs
//! and every minimized crash the fuzzers found) through the same four paths the fuzz targets
//! drive (`fuzz/paths.rs`), so that CI keeps every bug fuzzing found fixed without running a
//! fuzzer. A path panics when a promise breaks (a refused input without a located problem, a
//! location outside the text, a report that is not JSON, a control character or a
//! bidirectional override reaching the terminal, …); see `fuzz/paths.rs`.
//!
//! `SITECHECK_REPLAY=<file>` replays one more file through all three paths (for triage).

#![allow(clippy::unwrap_used, clippy::panic)]

#[path = "../fuzz/paths.rs"]
pub(crate) mod paths;

use std::path::{Path, PathBuf};

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `path` on `data` on a thread with the stack the CLI's workers have (16 MiB): nesting
/// at the limit recurses deeper, unoptimised, than a test thread's 2 MiB allow. A panic comes
/// back as `false`.
fn holds(path: fn(&[u8]), data: Vec<u8>) -> bool {
    std::thread::Builder::new()
        .stack_size(16 * 1024 * 1024)
        .spawn(move || path(&data))
        .unwrap()
        .join()
        .is_ok()
}

/// Runs `path` on every file of the target's corpus, naming the file that fails.
fn replay(target: &str, path: fn(&[u8])) {
    let files = corpus(target);
    assert!(
        files.len() >= 5,
        "fuzz/regressions/{target} holds only {} inputs",
        files.len()
    );
    for f in files {
        let data = std::fs::read(&f).unwrap();
        assert!(
            holds(path, data),
            "{target}: {} breaks a promise",
            f.display()
        );
    }
}

#[test]
fn the_inventory_loader_keeps_its_promises_on_the_replay_corpus() {
    replay("inventory", paths::inventory);
}

#[test]
fn the_standard_loader_keeps_its_promises_on_the_replay_corpus() {
    replay("standard", paths::standard);
}

#[test]
fn load_check_and_every_renderer_keep_their_promises_on_the_replay_corpus() {
    replay("pipeline", paths::pipeline);
}

#[test]
fn the_survey_form_reader_keeps_its_promises_on_the_replay_corpus() {
    replay("xlsx", paths::xlsx);
}

/// Inputs that reached the pipeline also go through the loader alone, and the loader's
/// through the pipeline: each corpus exercises the other path's promises too.
#[test]
fn each_corpus_also_holds_through_the_other_inventory_path() {
    for f in corpus("inventory") {
        let data = std::fs::read(&f).unwrap();
        assert!(
            holds(paths::pipeline, data),
            "pipeline: {} breaks a promise",
            f.display()
        );
    }
    for f in corpus("pipeline") {
        let data = std::fs::read(&f).unwrap();
        assert!(
            holds(paths::inventory, data),
            "inventory: {} breaks a promise",
            f.display()
        );
    }
}

#[test]
fn one_more_file_from_the_environment() {
    let Some(f) = std::env::var_os("SITECHECK_REPLAY") else {
        return;
    };
    let data = std::fs::read(&f).unwrap();
    assert!(holds(paths::inventory, data.clone()), "inventory");
    assert!(holds(paths::pipeline, data.clone()), "pipeline");
    assert!(holds(paths::standard, data.clone()), "standard");
    assert!(holds(paths::xlsx, data), "xlsx");
}
