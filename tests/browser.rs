//! The HTML report in a real browser: headless Chromium renders the samples' report (with the
//! hostile-name fixture and its waiver) in both languages, and the test checks that the page
//! logs nothing to the console, that the hostile name is text and no script runs, and that
//! the print stylesheet breaks pages between facilities. It leaves the rendered pages in
//! `target/` for CI to keep as artifacts: `report-{zh,en}.html`, `report-screenshot.png`
//! (Chinese), `report-screenshot-en.png`, `report-zh.pdf`, and the comparison of the sample
//! layouts: `compare-{zh,en}.html`, `compare-screenshot-{zh,en}.png`.
//!
//! Without Chromium (`chromium` or `chromium-browser` on PATH, or `$CHROMIUM`) the test fails
//! under CI (`CI=true`); locally it prints a notice to stderr and passes. `.ci/run` installs
//! Debian's `chromium`.

// A test fails by panicking.
#![allow(clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{DATE, require_tool, tmp};

const HOSTILE: &str = "tests/fixtures/reports/inventories/every-status-hostile-name.yaml";
const WAIVERS: &str = "tests/fixtures/reports/every-status-waivers.yaml";

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

fn target() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// Runs a command, killing it after `limit` (a browser that hangs must not hang CI). Output
/// goes through files, so that a large DOM cannot fill a pipe while we wait.
fn run(cmd: &mut Command, limit: Duration) -> Output {
    let dir = tmp();
    let (out_path, err_path) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let file =
        |p: &Path| std::fs::File::create(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(file(&out_path))
        .stderr(file(&err_path))
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let read = |p: &Path| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    Output {
        status,
        stdout: read(&out_path),
        stderr: read(&err_path),
    }
}

/// Headless Chromium with the flags CI needs (root in a container, no network chatter, a
/// throw-away profile), logging the page's console to stderr.
fn browser(exe: &Path, profile: &Path, args: &[String], page: &Path) -> Output {
    let mut cmd = Command::new(exe);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
        // Offline: any attempt to reach the network fails (and would be logged).
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .arg(format!("file://{}", page.display()));
    run(&mut cmd, Duration::from_mins(2))
}

/// The page's console messages (`CONSOLE` log lines) and uncaught errors.
fn console_messages(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .map(str::to_owned)
        .collect()
}

fn render_html(lang: &str, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_sitecheck"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "samples/",
            HOSTILE,
            "--waivers",
            WAIVERS,
            "--date",
            DATE,
        ])
        .args(["--format", "html", "--lang", lang, "--output"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        status.code(),
        Some(1),
        "the samples hold non-compliant facilities"
    );
}

#[test]
fn html_report_renders_in_chromium() {
    let Some(exe) = require_tool(
        "chromium",
        chromium(),
        "install it, e.g. `apt-get install chromium fonts-noto-cjk`, or set CHROMIUM",
    ) else {
        return;
    };
    let target = target();
    let profile = tmp();
    console_scan_catches_a_throwing_page(&exe, profile.path());
    for (lang, shot) in [
        ("zh", "report-screenshot.png"),
        ("en", "report-screenshot-en.png"),
    ] {
        let page = target.join(format!("report-{lang}.html"));
        render_html(lang, &page);
        dom_is_quiet_and_inert(&exe, profile.path(), lang, &page);
        screenshot_is_painted(&exe, profile.path(), lang, &page, &target.join(shot));
    }
    prints_a_page_per_facility(&exe, profile.path(), &target);
    for lang in ["zh", "en"] {
        let page = target.join(format!("compare-{lang}.html"));
        render_compare_html(lang, &page);
        let out = browser(
            &exe,
            &profile.path().join(format!("compare-dom-{lang}")),
            &["--dump-dom".into()],
            &page,
        );
        let messages = console_messages(&out.stderr);
        assert!(
            messages.is_empty(),
            "console messages in compare {lang}: {messages:#?}"
        );
        screenshot_is_painted(
            &exe,
            profile.path(),
            &format!("compare-{lang}"),
            &page,
            &target.join(format!("compare-screenshot-{lang}.png")),
        );
    }
}

/// `compare` of the two sample layouts as HTML in `lang`, written to `out`.
fn render_compare_html(lang: &str, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_sitecheck"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "compare",
            "samples/layouts/dongshan-plan-a.yaml",
            "samples/layouts/dongshan-plan-b.yaml",
            "--date",
            DATE,
        ])
        .args(["--format", "html", "--lang", lang, "--output"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "compare failed: {status}"
    );
}

/// The console scan can fail: a page that logs and throws is caught.
fn console_scan_catches_a_throwing_page(exe: &Path, profile: &Path) {
    let bad = profile.join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><p>x</p><script>console.error('boom'); undefined_fn();</script>",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = browser(exe, &profile.join("p0"), &["--dump-dom".into()], &bad);
    assert!(
        console_messages(&out.stderr).len() >= 2,
        "the console scan sees nothing: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The rendered DOM: no console message, the hostile name as text, no script element, the
/// page's language, and a section per facility.
fn dom_is_quiet_and_inert(exe: &Path, profile: &Path, lang: &str, page: &Path) {
    let out = browser(
        exe,
        &profile.join(format!("dom-{lang}")),
        &["--dump-dom".into()],
        page,
    );
    assert!(
        out.status.success(),
        "chromium --dump-dom failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let messages = console_messages(&out.stderr);
    assert!(
        messages.is_empty(),
        "console messages in {lang}: {messages:#?}"
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains("<h2>&lt;script&gt;alert(1)&lt;/script&gt; | *x* &amp; \"q\" ?[31m</h2>"),
        "the hostile name is not plain text in the DOM"
    );
    assert!(
        !dom.to_lowercase().contains("<script"),
        "a script element made it into the DOM"
    );
    assert!(dom.contains(&format!(
        "<html lang=\"{}\"",
        if lang == "zh" { "zh-CN" } else { "en" }
    )));
    assert!(
        dom.matches("<section class=\"facility\"").count() >= 7,
        "a section per facility"
    );
}

/// The page paints without console messages into a real screenshot at `png`.
fn screenshot_is_painted(exe: &Path, profile: &Path, lang: &str, page: &Path, png: &Path) {
    let _ = std::fs::remove_file(png);
    let args = [
        format!("--screenshot={}", png.display()),
        "--window-size=1240,1754".into(),
        "--hide-scrollbars".into(),
    ];
    let out = browser(exe, &profile.join(format!("shot-{lang}")), &args, page);
    assert!(
        console_messages(&out.stderr).is_empty(),
        "console messages while painting"
    );
    let bytes =
        std::fs::read(png).unwrap_or_else(|e| panic!("no screenshot {}: {e}", png.display()));
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 50_000,
        "the screenshot is not a painted page"
    );
}

/// Printed on A4: a page for the summary, then every facility starts a new page.
fn prints_a_page_per_facility(exe: &Path, profile: &Path, target: &Path) {
    let page = target.join("report-zh.html");
    let pdf = target.join("report-zh.pdf");
    let _ = std::fs::remove_file(&pdf);
    let args = [
        format!("--print-to-pdf={}", pdf.display()),
        "--no-pdf-header-footer".into(),
    ];
    browser(exe, &profile.join("pdf"), &args, &page);
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF {}: {e}", pdf.display()));
    let text = String::from_utf8_lossy(&bytes);
    let pages = text
        .match_indices("/Type /Page")
        .filter(|(i, _)| !text[i + 11..].starts_with('s'))
        .count();
    assert!(
        pages >= 8,
        "{pages} printed pages for a summary and 7 facilities"
    );
}
