//! Editors and hooks, tried with their real clients:
//!
//! - the real `yaml-language-server`, driven over stdio by `scripts/test-yaml-language-server.mjs`
//!   against the committed `schemas/inventory.schema.json`, reports a misspelt key and a
//!   misspelt zone, accepts a good inventory, and completes and explains zones;
//! - the real `pre-commit` runs the repository's `.pre-commit-hooks.yaml` in a temporary git
//!   repository of inventories: it fails on the bad one and passes once it is gone.
//!
//! Each fails under CI (`CI=true`) when its client is missing, and locally skips with a notice
//! on standard error (`.ci/run` installs both: `npm install --prefix … yaml-language-server`
//! with `YAML_LANGUAGE_SERVER` pointing at it, and `pip install pre-commit`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{require_tool, tmp};

/// `program`, if `program arg` runs and succeeds.
fn works<'a>(program: &'a str, arg: &str) -> Option<&'a str> {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(program)
}

/// The yaml-language-server's bin: `YAML_LANGUAGE_SERVER`, else one installed with
/// `npm install --prefix /tmp/yls yaml-language-server`.
fn language_server() -> Option<PathBuf> {
    let candidates = std::env::var_os("YAML_LANGUAGE_SERVER")
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from(
            "/tmp/yls/node_modules/yaml-language-server/bin/yaml-language-server",
        )]);
    candidates.into_iter().find(|p| p.is_file())
}

#[test]
fn yaml_language_server_reports_the_typo_and_accepts_a_good_inventory() {
    if require_tool("node", works("node", "--version"), "install Node.js").is_none() {
        return;
    }
    let Some(server) = require_tool(
        "yaml-language-server",
        language_server(),
        "npm install --prefix /tmp/yls yaml-language-server, or set YAML_LANGUAGE_SERVER",
    ) else {
        return;
    };
    let out = Command::new("node")
        .arg("scripts/test-yaml-language-server.mjs")
        .arg(&server)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "yaml-language-server:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("0 failed"), "{text}");
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The repository's hook as a local hook of a repository of inventories: the same name,
/// entry, files and exclusions, with the entry's `sitecheck` being the binary built for this
/// test (the published hook has pre-commit build sitecheck with cargo, which a test need not
/// repeat).
fn hook_config() -> String {
    let hooks: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let hook = hooks
        .as_array()
        .and_then(|a| a.iter().find(|h| h["id"] == "sitecheck"))
        .unwrap_or_else(|| panic!("no sitecheck hook in .pre-commit-hooks.yaml"));
    let field = |k: &str| hook[k].as_str().unwrap_or_default().replace('\'', "''");
    let entry = field("entry");
    let command = entry
        .strip_prefix("sitecheck")
        .unwrap_or_else(|| panic!("the hook's entry runs sitecheck: {entry}"));
    format!(
        "repos:\n  - repo: local\n    hooks:\n      - id: sitecheck\n        name: '{}'\n        entry: '{}{command}'\n        language: system\n        files: '{}'\n        exclude: '{}'\n",
        field("name"),
        env!("CARGO_BIN_EXE_sitecheck"),
        field("files"),
        field("exclude"),
    )
}

#[test]
fn pre_commit_runs_the_hook_on_a_repository_of_inventories() {
    let found = works("pre-commit", "--version");
    if require_tool("pre-commit", found, "pip install pre-commit").is_none() {
        return;
    }
    if require_tool("git", works("git", "--version"), "install git").is_none() {
        return;
    }
    let dir = tmp();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    std::fs::create_dir(repo.join("inventories")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        "samples/town-station-compliant.yaml",
        repo.join("inventories/good.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        "tests/fixtures/bad/unknown-zone.yaml",
        repo.join("inventories/bad.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(repo.join(".pre-commit-config.yaml"), hook_config())
        .unwrap_or_else(|e| panic!("{e}"));
    git(repo, &["add", "."]);
    let run = || {
        Command::new("pre-commit")
            .args(["run", "--all-files", "--color", "never"])
            .current_dir(repo)
            .env("PRE_COMMIT_HOME", dir.path().join(".cache"))
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let out = run();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the bad inventory fails the hook:\n{text}"
    );
    assert!(
        text.contains("bad.yaml"),
        "the hook names the bad file:\n{text}"
    );
    assert!(text.contains("Failed"), "{text}");

    std::fs::remove_file(repo.join("inventories/bad.yaml")).unwrap_or_else(|e| panic!("{e}"));
    git(repo, &["add", "-A"]);
    let out = run();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "the good inventory passes:\n{text}"
    );
    assert!(text.contains("Passed"), "{text}");
}
