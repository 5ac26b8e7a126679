//! What the test modules share: the binary run the way a user in a plain English terminal runs
//! it, runs bounded in time and memory, temporary files, and the rule for a test that needs a
//! tool from outside the repository.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The date every check runs on, so that reports are reproducible.
pub const DATE: &str = "2026-11-29";
/// A town station with exactly the minimum of everything: compliant.
pub const TOWN_STATION: &str = "tests/fixtures/at-minimum/town-station.yaml";
/// Longest any one bounded run may take (a debug build, on a busy CI machine).
pub const TIME_LIMIT: Duration = Duration::from_mins(1);
/// Most memory any one bounded run may use.
pub const MEMORY_LIMIT_KB: u64 = 512 * 1024;

/// The built `sitecheck` binary.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_sitecheck"))
}

/// Gives `cmd` the environment of a plain terminal: English (`LANG=C`, no `LC_ALL` or
/// `LC_MESSAGES` from the caller) and no colour.
pub fn plain(cmd: &mut Command) -> &mut Command {
    cmd.env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
}

/// `sitecheck`, to be given its arguments, in a plain terminal's environment.
pub fn sitecheck() -> assert_cmd::Command {
    let mut cmd = Command::new(bin());
    plain(&mut cmd);
    assert_cmd::Command::from_std(cmd)
}

/// Runs `cmd`: (exit code, or -1 when killed; standard output; standard error).
pub fn output(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Parses a run's standard output as JSON, showing both streams when it is not.
pub fn json_of(stdout: &str, stderr: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{stderr}"))
}

/// Runs `check args… --format json --date DATE`: (exit code, the whole JSON document).
pub fn check_json(args: &[&str]) -> (i32, Value) {
    let (code, out, err) = output(
        sitecheck()
            .arg("check")
            .args(args)
            .args(["--format", "json", "--date", DATE]),
    );
    (code, json_of(&out, &err))
}

/// The finding of `requirement` in a report.
pub fn finding<'a>(report: &'a Value, requirement: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["requirement"] == requirement))
        .unwrap_or_else(|| panic!("no finding {requirement} in {report}"))
}

/// A validator for SARIF 2.1.0 (the committed OASIS schema), formats included.
pub fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string("tests/fixtures/sarif-schema-2.1.0.json")
        .unwrap_or_else(|e| panic!("{e}"));
    let schema: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the SARIF schema: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Runs bounded in time and memory.

/// What a bounded run of the binary did, and what it cost.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// Peak resident set size in KiB, when `/usr/bin/time` could measure it.
    pub peak_kb: Option<u64>,
    pub elapsed: Duration,
}

impl Run {
    /// Standard output as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }

    /// Standard output then standard error.
    pub fn out(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Whether `/usr/bin/time` can measure a run's peak memory.
pub fn time_available() -> bool {
    Path::new("/usr/bin/time").exists()
}

/// The peak RSS `/usr/bin/time` wrote into `stats`, if it did.
pub fn peak_kb(stats: &Path) -> Option<u64> {
    std::fs::read_to_string(stats)
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()))
}

/// Asserts the time and memory bounds of a finished run.
pub fn assert_bounded(args: &[&str], run: &Run) {
    assert!(
        run.elapsed < TIME_LIMIT,
        "{args:?} took {:?} (killed?)",
        run.elapsed
    );
    if let Some(kb) = run.peak_kb {
        assert!(
            kb < MEMORY_LIMIT_KB,
            "{args:?} peaked at {} MiB of memory",
            kb / 1024
        );
    }
}

/// Runs `sitecheck args…` (plain terminal), with `stdin` if given and in `cwd` if given, under
/// `/usr/bin/time` when available, killed after [`TIME_LIMIT`], and asserts the time and
/// memory bounds.
pub fn run_with(args: &[&str], stdin: Option<Vec<u8>>, cwd: Option<&Path>) -> Run {
    let stats = tempfile::NamedTempFile::new().unwrap();
    let mut cmd = if time_available() {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M", "-o"]).arg(stats.path());
        // `timeout` kills sitecheck itself at the limit (killing `time` would leave it running,
        // holding the pipes open); `time` reports the peak of the processes it waited for.
        if Path::new("/usr/bin/timeout").exists() {
            c.args(["/usr/bin/timeout", "--signal=KILL"])
                .arg(TIME_LIMIT.as_secs().to_string());
        }
        c.arg(bin());
        c
    } else {
        Command::new(bin())
    };
    plain(cmd.args(args));
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let mut cmd = assert_cmd::Command::from_std(cmd);
    cmd.timeout(TIME_LIMIT);
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes);
    }
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let run = Run {
        // `/usr/bin/time` exits with the command's code.
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: start.elapsed(),
        peak_kb: peak_kb(stats.path()),
    };
    assert_bounded(args, &run);
    run
}

/// [`run_with`] without standard input, in the crate root.
pub fn run(args: &[&str]) -> Run {
    run_with(args, None, None)
}

// ---------------------------------------------------------------------------------------------
// Temporary files.

/// A fresh temporary directory, removed when dropped.
pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Writes `bytes` to `dir/name`: its path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    p
}

// ---------------------------------------------------------------------------------------------
// Tools from outside the repository.

/// The tool a test needs (Chromium, yaml-language-server, pre-commit, …), if `found`. When it
/// is missing under CI (`CI=true`, or `1`), the test fails: a CI machine without the tool must
/// not pass by skipping. When it is missing locally, a NOTICE on standard error says so and
/// how to install it, and the caller skips (returns).
pub fn require_tool<T>(tool: &str, found: Option<T>, how_to_install: &str) -> Option<T> {
    let ci = std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    // Straight to stderr, not `eprintln!`: the test harness captures the macros, and the
    // notice must be seen in a plain `cargo test`.
    require_tool_under(ci, tool, found, how_to_install, &mut std::io::stderr())
}

fn require_tool_under<T>(
    ci: bool,
    tool: &str,
    found: Option<T>,
    how: &str,
    notice: &mut dyn Write,
) -> Option<T> {
    if found.is_some() {
        return found;
    }
    assert!(
        !ci,
        "{tool} not found, and CI=true: a test that needs it fails rather than skips ({how})"
    );
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let _ = writeln!(
        notice,
        "NOTICE: skipped {test}: {tool} not found ({how}); with CI=true it fails"
    );
    None
}

#[test]
fn a_missing_tool_fails_the_test_under_ci_and_skips_it_locally_with_a_notice() {
    let mut notice = Vec::new();
    for ci in [true, false] {
        assert_eq!(
            require_tool_under(ci, "tool", Some(7), "-", &mut notice),
            Some(7)
        );
    }
    assert!(notice.is_empty(), "a tool that is there needs no notice");
    let local = require_tool_under(false, "tool", None::<u8>, "how", &mut notice);
    assert_eq!(local, None);
    let notice = String::from_utf8_lossy(&notice);
    assert!(
        notice.starts_with("NOTICE: skipped ") && notice.contains("tool not found (how)"),
        "{notice}"
    );
    let under_ci = std::panic::catch_unwind(|| {
        require_tool_under(true, "tool", None::<u8>, "how", &mut Vec::new())
    });
    assert!(
        under_ci.is_err(),
        "a missing tool under CI=true must fail the test"
    );
}
