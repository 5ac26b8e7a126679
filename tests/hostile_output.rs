//! Hostile inputs against the reporting side: error reporting that must stay linear however
//! many problems a file holds, repeated names that must not multiply a huge value, and strings
//! from any input file (inventory, standard, waivers, file names) that must not forge or
//! colour what a reader sees. Each run is bounded in time and memory the way
//! `tests/hostile.rs` bounds its runs.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Longest any one run may take (a debug build, on a busy CI machine).
const TIME_LIMIT: Duration = Duration::from_mins(1);
/// Most memory any one run may use.
const MEMORY_LIMIT_KB: u64 = 512 * 1024;
const DATE: &str = "2026-11-29";
/// Problems listed per input before the rest are counted (`limits::MAX_PROBLEMS_PER_INPUT`).
const LISTED: usize = sitecheck::load::limits::MAX_PROBLEMS_PER_INPUT;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `sitecheck args…` (English, no colour) under `/usr/bin/time` when available, and
/// asserts the time and memory bounds.
fn run(args: &[&str]) -> Run {
    let stats = tempfile::NamedTempFile::new().unwrap();
    let timed = Path::new("/usr/bin/time").exists();
    let mut cmd = if timed {
        let mut c = assert_cmd::Command::new("/usr/bin/time");
        c.arg("-f").arg("%M").arg("-o").arg(stats.path());
        c.arg(assert_cmd::cargo::cargo_bin("sitecheck"));
        c
    } else {
        assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("sitecheck"))
    };
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .timeout(TIME_LIMIT);
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let elapsed = start.elapsed();
    assert!(elapsed < TIME_LIMIT, "{args:?} took {elapsed:?} (killed?)");
    let peak: Option<u64> = std::fs::read_to_string(stats.path())
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()));
    if let Some(kb) = peak {
        assert!(kb < MEMORY_LIMIT_KB, "{args:?} peaked at {} MiB", kb / 1024);
    }
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn sample(name: &str) -> String {
    format!("{}/samples/{name}", env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------------------
// Error reporting stays linear.

/// The listed problems and the last line counting the rest: `and N more of the same kinds`.
fn assert_capped(out: &str, more: usize, code: &str) {
    let shown = out.matches("  × ").count() + out.matches("  ⚠ ").count();
    assert_eq!(shown, LISTED + 1, "{shown} snippets shown");
    let line = format!("and {more} more of the same kinds ({code}: {more})");
    assert!(out.contains(&line), "no `{line}` in:\n{}", tail(out));
}

fn tail(s: &str) -> &str {
    &s[s.len().saturating_sub(2000)..]
}

#[test]
fn many_problems_in_one_inventory_are_listed_up_to_the_cap_then_counted_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let mut yaml = String::from(
        "facility:\n  id: x\n  level: town_station\nfloor_area_m2: 40\nzones:\n  \
         administrative_office:\n    equipment:\n",
    );
    for i in 0..n {
        let _ = writeln!(yaml, "      bogus_{i}: 1");
    }
    let path = write(dir.path(), "many.yaml", yaml);
    let r = run(&["check", path.to_str().unwrap(), "--date", DATE]);
    assert_eq!(r.code, Some(2));
    assert_capped(&r.stdout, n - LISTED, "unknown-name");
    // The machine formats carry the same capped list.
    let r = run(&["check", path.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let errors = doc["reports"][0]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), LISTED + 1);
    assert_eq!(errors[LISTED]["code"], "sitecheck::more-problems");
}

#[test]
fn many_repeated_waivers_are_audited_in_linear_time_and_listed_up_to_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let mut yaml = String::from("waivers:\n");
    for _ in 0..n {
        yaml.push_str(
            "  - facility: qiaotou-ts\n    requirement: floor_area\n    reason: r\n    \
             approver: a\n    granted: 2026-01-01\n    expires: 2027-12-31\n",
        );
    }
    let waivers = write(dir.path(), "waivers.yaml", yaml);
    let r = run(&[
        "check",
        &sample("town-station-short.yaml"),
        "--waivers",
        waivers.to_str().unwrap(),
        "--date",
        DATE,
    ]);
    assert_eq!(r.code, Some(1), "{}", tail(&r.stderr));
    assert_capped(&r.stderr, n - 1 - LISTED, "waiver-repeated");
}

#[test]
fn a_standard_with_many_bad_cases_is_checked_in_bounded_time_and_listed_up_to_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let n = 3_000;
    let mut yaml = String::from(
        "id: many-cases\nversion: \"1\"\nextends: huancui\ntitle: {zh: 测试, en: test}\ncases:\n",
    );
    for i in 0..n {
        let _ = write!(
            yaml,
            "  - name: c{i}\n    expect: compliant\n    inventory:\n      \
             facility: {{id: t{i}, level: bogus}}\n      floor_area_m2: 10\n"
        );
    }
    let path = write(dir.path(), "many-cases.yaml", yaml);
    let r = run(&["standards", "check", path.to_str().unwrap()]);
    assert_eq!(r.code, Some(2));
    assert_capped(&r.stderr, n - LISTED, "unknown-name");
}
