//! The shell side of the command line: completions for every shell, the manual page, an
//! example in every command's `--help`, and `--version` naming the built-in editions.

use clap::CommandFactory as _;

use crate::util::{sitecheck, tmp};

fn stdout(args: &[&str]) -> String {
    let out = sitecheck()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn completions_for_every_shell_name_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout(&["completions", shell]);
        for word in ["sitecheck", "check", "standards", "format"] {
            assert!(script.contains(word), "{shell}: no `{word}`");
        }
    }
    // The bash script is valid bash.
    let dir = tmp();
    let path = dir.path().join("sitecheck.bash");
    std::fs::write(&path, stdout(&["completions", "bash"])).unwrap_or_else(|e| panic!("{e}"));
    if let Ok(out) = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = sitecheck()
        .args(["completions", "tcsh"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn the_manual_page_is_roff_with_every_command() {
    // roff escapes a hyphen as `\-`.
    let page = stdout(&["man"]).replace("\\-", "-");
    assert!(page.contains(".TH sitecheck 1"), "{page}");
    for word in ["check", "standards", "completions", "huancui@2021-trial"] {
        assert!(page.contains(word), "no `{word}` in the manual page");
    }
    let dir = tmp();
    let pages = dir.path().join("man1");
    stdout(&["man", "--dir", &pages.to_string_lossy()]);
    for name in [
        "sitecheck.1",
        "sitecheck-check.1",
        "sitecheck-standards-show.1",
    ] {
        let text =
            std::fs::read_to_string(pages.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(text.starts_with(".ie") || text.contains(".TH"), "{name}");
    }
}

#[test]
fn init_level_completes_the_level_names() {
    let bash = stdout(&["completions", "bash"]);
    let after = bash
        .split_once("--level)")
        .map_or("", |(_, rest)| rest.split(";;").next().unwrap_or_default());
    for level in ["district_center", "town_station", "childrens_home"] {
        assert!(
            after.contains(level),
            "bash does not complete --level {level}: {after}"
        );
    }
    let fish = stdout(&["completions", "fish"]);
    assert!(
        fish.lines()
            .any(|l| l.contains("-l level") && l.contains("district_center\\t")),
        "fish does not complete --level with the levels' names"
    );
}

/// The last line of a manual page as `groff -man -Tutf8` lays it out: its footer.
fn footer(page: &std::path::Path) -> Option<String> {
    let groff = crate::util::require_tool(
        "groff",
        std::env::var_os("PATH").and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("groff"))
                .find(|p| p.is_file())
        }),
        "install groff-base",
    )?;
    let out = std::process::Command::new(groff)
        .args(["-man", "-Tutf8", "-rLL=80n"])
        .arg(page)
        .output()
        .unwrap_or_else(|e| panic!("groff: {e}"));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(str::to_owned)
}

#[test]
fn the_manual_page_s_footer_does_not_overlap() {
    let dir = tmp();
    let one = dir.path().join("sitecheck.1");
    std::fs::write(&one, stdout(&["man"])).unwrap_or_else(|e| panic!("{e}"));
    let pages = dir.path().join("man1");
    stdout(&["man", "--dir", &pages.to_string_lossy()]);
    for (page, title) in [
        (one, "sitecheck(1)"),
        (pages.join("sitecheck-check.1"), "sitecheck-check(1)"),
    ] {
        let Some(footer) = footer(&page) else {
            return;
        };
        // The source (left) and the title (right) each whole, with space between them.
        let words: Vec<&str> = footer.split_whitespace().collect();
        assert!(
            words.first() == Some(&"sitecheck")
                && words.get(1) == Some(&env!("CARGO_PKG_VERSION"))
                && words.last() == Some(&title),
            "{}: the footer overlaps: {footer:?}",
            page.display()
        );
    }
}

/// Every command path, `sitecheck` itself included (`help` left out: it is clap's own).
fn paths(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
    out.push(prefix.to_vec());
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut p = prefix.to_vec();
        p.push(sub.get_name().to_owned());
        paths(sub, &p, out);
    }
}

#[test]
fn every_command_shows_an_example_in_its_help() {
    let mut all = Vec::new();
    paths(&sitecheck::cli::Cli::command(), &[], &mut all);
    assert!(all.len() > 8, "{all:?}");
    for p in all {
        let mut args: Vec<&str> = p.iter().map(String::as_str).collect();
        args.push("--help");
        let help = stdout(&args);
        assert!(
            help.contains("Example") && help.contains("sitecheck "),
            "`sitecheck {}` shows no example:\n{help}",
            args.join(" ")
        );
    }
}

#[test]
fn version_names_the_builtin_editions() {
    let v = stdout(&["--version"]);
    assert!(
        v.contains(env!("CARGO_PKG_VERSION")) && v.contains("huancui@2021-trial"),
        "{v}"
    );
}
