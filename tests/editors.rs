//! Editors and hooks, tried with their real clients:
//!
//! - the real `yaml-language-server`, driven over stdio by `scripts/test-yaml-language-server.mjs`
//!   against the committed `schemas/inventory.schema.json`, reports a misspelt key and a
//!   misspelt zone, accepts a good inventory, and completes and explains zones;
//! - the real `pre-commit` runs the README's `.pre-commit-config.yaml` (`rev: main`, no tag)
//!   against a git copy of the repository's `.pre-commit-hooks.yaml` in a temporary repository
//!   of inventories: it fails on the bad one, passes once it is gone, and passes again once
//!   `pre-commit autoupdate --bleeding-edge` has pinned the commit.
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

/// A git repository standing in for this one, as pre-commit clones it: the repository's
/// `.pre-commit-hooks.yaml` on branch `main`, with the hook's `sitecheck` being the binary built
/// for this test (`language: system`; the published hook has pre-commit build sitecheck with
/// cargo, which a test need not repeat). Everything else — id, name, files, exclusions — is the
/// file's own.
fn hooks_repository(dir: &Path) -> PathBuf {
    let hooks = std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert!(hooks.contains("  entry: sitecheck check\n") && hooks.contains("  language: rust\n"));
    let hooks = hooks
        .replace(
            "  entry: sitecheck check\n",
            &format!("  entry: {} check\n", env!("CARGO_BIN_EXE_sitecheck")),
        )
        .replace("  language: rust\n", "  language: system\n");
    let repo = dir.join("sitecheck");
    std::fs::create_dir(&repo).unwrap_or_else(|e| panic!("{e}"));
    git(&repo, &["init", "-q", "-b", "main"]);
    std::fs::write(repo.join(".pre-commit-hooks.yaml"), hooks).unwrap_or_else(|e| panic!("{e}"));
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "hooks"]);
    repo
}

/// The README's `.pre-commit-config.yaml`, exactly as written, with this repository's URL
/// being `url`.
fn readme_pre_commit_config(url: &Path) -> String {
    let readme = std::fs::read_to_string("README.md").unwrap_or_else(|e| panic!("{e}"));
    let block = readme
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split("\n```").next())
        .find(|b| b.starts_with("# .pre-commit-config.yaml"))
        .unwrap_or_else(|| panic!("README.md has no .pre-commit-config.yaml block"));
    assert!(block.contains("<this repository's URL>"), "{block}");
    format!(
        "{}\n",
        block.replace("<this repository's URL>", &url.to_string_lossy())
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
    let repo = &dir.path().join("inventories-repo");
    std::fs::create_dir(repo).unwrap_or_else(|e| panic!("{e}"));
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
    let hooks = hooks_repository(dir.path());
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        readme_pre_commit_config(&hooks),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    git(repo, &["add", "."]);
    let pre_commit = |args: &[&str]| {
        Command::new("pre-commit")
            .args(args)
            .args(["--color", "never"])
            .current_dir(repo)
            .env("PRE_COMMIT_HOME", dir.path().join(".cache"))
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let run = || pre_commit(&["run", "--all-files"]);
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

    // As the README says: `autoupdate --bleeding-edge` pins the branch's commit, and the hook
    // still runs from it.
    let out = pre_commit(&["autoupdate", "--bleeding-edge"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = std::fs::read_to_string(repo.join(".pre-commit-config.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let rev = config
        .lines()
        .find_map(|l| l.trim().strip_prefix("rev: "))
        .unwrap_or_default();
    assert!(
        rev.len() == 40 && rev.chars().all(|c| c.is_ascii_hexdigit()),
        "autoupdate pins a commit: {config}"
    );
    git(repo, &["add", "-A"]);
    let out = run();
    assert_eq!(
        out.status.code(),
        Some(0),
        "the pinned hook passes:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
