//! `sitecheck serve`, end to end: the binary is started with `--no-open --port 0` (it prints the
//! address it bound), and driven over plain HTTP (ureq) and through a real headless Chromium
//! (its DevTools protocol, by hand over a WebSocket). An upload's report downloads byte for byte
//! as `check FILES --format html` draws it, and the page shows that same report; a bad file
//! gets its located message and stops no other; the language follows the browser, then the
//! switch and its cookie; uploads beyond the limits are refused with a page saying so; uploaded
//! names are labels, escaped, never paths.
//!
//! Without Chromium the browser test fails under CI (`CI=true`); locally it prints a notice and
//! passes. `.ci/run` installs Debian's `chromium`.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::forms::{fill, form, town_station_survey};
use crate::util::{DATE, bin, require_tool, tmp, write};

/// A running `sitecheck serve`, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The server's peak resident memory so far, in KiB (Linux: `VmHWM`).
    pub(crate) fn peak_kb(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// Starts `sitecheck serve --no-open --port 0 --date DATE ARGS` and reads the address from
    /// the line it prints (within 20 s).
    pub(crate) fn start(args: &[&str]) -> Self {
        // `SITECHECK_SERVE_BIN=target/release/sitecheck` measures another build (the load
        // test's figures for the release binary); the tests' own build otherwise.
        let exe = std::env::var_os("SITECHECK_SERVE_BIN").map_or_else(bin, PathBuf::from);
        let mut child = Command::new(exe)
            .args(["serve", "--no-open", "--port", "0", "--date", DATE])
            .args(args)
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let mut server = Self {
            child,
            url: String::new(),
        };
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("serve printed no address within 20 s"));
        let at = line
            .find("http://")
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        line[at..]
            .trim_end()
            .trim_end_matches('/')
            .clone_into(&mut server.url);
        server
    }
}

/// An HTTP client that reports every status (no error on 4xx) and follows no redirect.
pub(crate) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .timeout_global(Some(Duration::from_mins(2)))
        .build()
        .into()
}

/// A response: status, headers we look at, body.
pub(crate) struct Got {
    pub status: u16,
    pub location: Option<String>,
    pub set_cookie: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Got {
    pub(crate) fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

fn got(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Got {
    let mut r = r.unwrap_or_else(|e| panic!("{e}"));
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (location, set_cookie, content_type) = (
        header("location"),
        header("set-cookie"),
        header("content-type"),
    );
    let body = r
        .body_mut()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_vec()
        .unwrap_or_else(|e| panic!("{e}"));
    Got {
        status: r.status().as_u16(),
        location,
        set_cookie,
        content_type,
        body,
    }
}

/// GET with these headers.
pub(crate) fn get(url: &str, headers: &[(&str, &str)]) -> Got {
    let mut req = agent().get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    got(req.call())
}

/// A multipart form: (part name, file name, bytes) of each file.
pub(crate) fn multipart(parts: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----sitecheck-test-boundary-7f3a9c";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// POST a multipart form with these headers.
pub(crate) fn post(url: &str, parts: &[(&str, &str, &[u8])], headers: &[(&str, &str)]) -> Got {
    let (kind, body) = multipart(parts);
    let mut req = agent().post(url).header("Content-Type", &kind);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    got(req.send(&body[..]))
}

/// `sitecheck ARGS` run in `dir`: its standard output.
fn cli(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(bin())
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A survey batch on disk as a surveyor has it: a filled form, and a folder of inventories
/// holding a bad file, a dot-file and a note (neither checked by a walk).
struct Batch {
    dir: tempfile::TempDir,
    form: Vec<u8>,
    folder: Vec<(String, Vec<u8>)>,
}

fn batch() -> Batch {
    let dir = tmp();
    let blank = form(dir.path(), "town_station");
    let filled = fill(&blank, &town_station_survey());
    write(dir.path(), "qiaotou.xlsx", &filled);
    let mut folder = Vec::new();
    for (name, bytes) in [
        (
            "town/zhangcun.yaml",
            std::fs::read("samples/town-station-compliant.yaml").unwrap(),
        ),
        (
            "town/homes/shanhou.json",
            std::fs::read("samples/childrens-home-reading-gap.json").unwrap(),
        ),
        (
            "town/broken.yaml",
            b"facility:\n  id: broken\n  level: town_station\nfloor_area_m2: -3\n".to_vec(),
        ),
        ("town/.draft.yaml", b"not: [checked".to_vec()),
        ("town/notes.txt", b"not an inventory".to_vec()),
    ] {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        write(dir.path(), name, &bytes);
        folder.push((name.to_owned(), bytes));
    }
    Batch {
        dir,
        form: filled,
        folder,
    }
}

impl Batch {
    /// The upload's parts, as a browser sends the two inputs.
    fn parts(&self) -> Vec<(&str, &str, &[u8])> {
        let mut parts = vec![("files", "qiaotou.xlsx", &self.form[..])];
        for (name, bytes) in &self.folder {
            parts.push(("folder", name, &bytes[..]));
        }
        parts
    }
}

/// The report page with the bar laid over it taken off again: the report as drawn.
fn without_bar(page: &str) -> String {
    let page = page.replacen(
        "<link rel=\"stylesheet\" href=\"/static/serve.css\">\n",
        "",
        1,
    );
    let start = page.find("\n<nav class=\"sc-bar\">").unwrap();
    let end = start + page[start..].find("</nav>\n").unwrap() + "</nav>\n".len();
    format!("{}{}", &page[..start], &page[end..])
}

#[test]
fn an_upload_s_report_is_what_check_draws_and_downloads_byte_for_byte_in_every_format() {
    let b = batch();
    let server = Server::start(&[]);
    for lang in ["en", "zh"] {
        let accept = if lang == "zh" {
            "zh-CN,zh;q=0.9"
        } else {
            "en-GB"
        };
        let up = post(
            &format!("{}/check", server.url),
            &b.parts(),
            &[("Accept-Language", accept)],
        );
        assert_eq!(up.status, 303, "{}", up.text());
        let report = up.location.unwrap();
        let page = get(
            &format!("{}{report}", server.url),
            &[("Accept-Language", accept)],
        );
        assert_eq!(page.status, 200);
        let cli_html = cli(
            b.dir.path(),
            &[
                "check",
                "qiaotou.xlsx",
                "town",
                "--format",
                "html",
                "--date",
                DATE,
                "--lang",
                lang,
            ],
        );
        assert_eq!(
            without_bar(&page.text()),
            String::from_utf8(cli_html).unwrap(),
            "the page is the report check --format html draws ({lang})"
        );
        for (file, format) in [
            ("report.html", "html"),
            ("report.md", "markdown"),
            ("report.json", "json"),
            ("report.sarif", "sarif"),
        ] {
            let down = get(
                &format!("{}{report}/{file}", server.url),
                &[("Accept-Language", accept)],
            );
            assert_eq!(down.status, 200, "{file}");
            let want = cli(
                b.dir.path(),
                &[
                    "check",
                    "qiaotou.xlsx",
                    "town",
                    "--format",
                    format,
                    "--date",
                    DATE,
                    "--lang",
                    lang,
                ],
            );
            assert!(
                down.body == want,
                "{file} ({lang}) differs from check --format {format}"
            );
        }
    }
}

#[test]
fn a_bad_file_gets_its_located_message_and_the_others_their_verdicts() {
    let b = batch();
    let server = Server::start(&["--lang", "en"]);
    let up = post(&format!("{}/check", server.url), &b.parts(), &[]);
    let report = up.location.unwrap();
    let json = get(&format!("{}{report}/report.json", server.url), &[]);
    let doc: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
    let by_source = |s: &str| {
        doc["reports"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["source"] == s)
            .unwrap_or_else(|| panic!("no report of {s} in {doc}"))
            .clone()
    };
    assert_eq!(by_source("qiaotou.xlsx")["status"], "non_compliant");
    assert_eq!(by_source("town/zhangcun.yaml")["status"], "compliant");
    assert_eq!(
        by_source("town/homes/shanhou.json")["status"],
        "non_compliant"
    );
    let broken = by_source("town/broken.yaml");
    assert_eq!(broken["status"], "error");
    assert_eq!(broken["error"]["line"], 4, "{broken}");
    // The walk's order and what it leaves out: the dot-file and the note are not inputs.
    let sources: Vec<&str> = doc["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        [
            "qiaotou.xlsx",
            "town/broken.yaml",
            "town/homes/shanhou.json",
            "town/zhangcun.yaml"
        ]
    );
    let page = get(&format!("{}{report}", server.url), &[]).text();
    assert!(page.contains("town/broken.yaml"), "{page}");
    assert!(
        page.contains("floor_area_m2: -3"),
        "the offending line is shown"
    );
}

#[test]
fn the_language_follows_the_browser_then_the_switch_and_its_cookie() {
    let server = Server::start(&[]);
    let home =
        |headers: &[(&str, &str)], query: &str| get(&format!("{}/{query}", server.url), headers);
    let zh = home(&[("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")], "");
    assert!(zh.text().contains("<html lang=\"zh"), "{}", zh.text());
    assert!(zh.text().contains("开始核查"), "{}", zh.text());
    let en = home(&[("Accept-Language", "en-US,en;q=0.9,zh;q=0.5")], "");
    assert!(en.text().contains(">Check</button>"), "{}", en.text());
    assert!(!en.text().contains("开始核查"));
    // The switch link wins over the browser, and sets the cookie.
    let switched = home(&[("Accept-Language", "zh-CN")], "?lang=en");
    assert!(switched.text().contains(">Check</button>"));
    let cookie = switched.set_cookie.unwrap();
    assert!(cookie.starts_with("lang=en"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    // The cookie is remembered over the browser's language.
    let remembered = home(&[("Accept-Language", "zh-CN"), ("Cookie", "lang=en")], "");
    assert!(remembered.text().contains(">Check</button>"));
    // The switch link names the other language.
    assert!(zh.text().contains("href=\"/?lang=en\""), "{}", zh.text());
    assert!(en.text().contains("href=\"/?lang=zh\""));
}

#[test]
fn uploads_beyond_the_limits_are_refused_with_a_page_saying_so() {
    let server = Server::start(&["--lang", "en"]);
    let url = format!("{}/check", server.url);
    // Too many files: one more than the limit, each tiny.
    let many: Vec<(String, Vec<u8>)> = (0..=sitecheck::limits::MAX_UPLOAD_FILES)
        .map(|i| (format!("f/{i}.yaml"), b"x: 1\n".to_vec()))
        .collect();
    let parts: Vec<(&str, &str, &[u8])> = many
        .iter()
        .map(|(n, b)| ("folder", n.as_str(), &b[..]))
        .collect();
    let r = post(&url, &parts, &[]);
    assert_eq!(r.status, 413);
    assert!(r.text().contains("too many files"), "{}", r.text());
    // Too large: a body past the byte limit.
    let big = vec![b'#'; sitecheck::limits::MAX_UPLOAD_BYTES + 1024];
    let r = post(&url, &[("files", "big.yaml", &big[..])], &[]);
    assert_eq!(r.status, 413);
    assert!(r.text().contains("too large"), "{}", r.text());
    // Nothing to check.
    let r = post(&url, &[("folder", "f/notes.txt", b"x")], &[]);
    assert_eq!(r.status, 422);
    assert!(r.text().contains("no file to check"), "{}", r.text());
    // The server is still there.
    assert_eq!(get(&format!("{}/", server.url), &[]).status, 200);
}

#[test]
fn uploaded_names_are_escaped_labels_never_paths() {
    let server = Server::start(&["--lang", "en"]);
    let inventory = std::fs::read("samples/town-station-short.yaml").unwrap();
    let up = post(
        &format!("{}/check", server.url),
        &[
            ("files", "<img src=x onerror=alert(1)>.yaml", &inventory[..]),
            ("files", "../../../../etc/passwd", &inventory[..]),
        ],
        &[],
    );
    let report = up.location.unwrap();
    let page = get(&format!("{}{report}", server.url), &[]).text();
    assert!(!page.contains("<img src=x"), "a name is text, not markup");
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;.yaml"));
    assert!(!page.contains("../"), "no way up is kept in a name");
    assert!(page.contains("passwd"));
    let json = get(&format!("{}{report}/report.json", server.url), &[]);
    let doc: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
    assert_eq!(doc["reports"][1]["source"], "passwd");
    assert_eq!(
        doc["reports"][1]["status"], "non_compliant",
        "read from the upload, not from /etc"
    );
}

#[test]
fn every_page_runs_no_script_and_fetches_nothing_from_the_network() {
    let b = batch();
    let server = Server::start(&["--lang", "zh"]);
    let up = post(&format!("{}/check", server.url), &b.parts(), &[]);
    let report = up.location.unwrap();
    for path in ["/", "/compare", &report, "/no-such-page"] {
        let r = agent().get(format!("{}{path}", server.url)).call().unwrap();
        let csp = r
            .headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        let text = got(Ok(r)).text();
        assert!(!text.contains("<script"), "{path}");
        for attr in ["src=\"http", "href=\"http", "url(http", "@import"] {
            assert!(!text.contains(attr), "{path}: {attr}");
        }
    }
    let css = get(&format!("{}/static/serve.css", server.url), &[]);
    assert_eq!(css.status, 200);
    assert!(!css.text().contains("http"));
}

#[test]
fn blank_forms_and_draft_orders_download_as_workbooks() {
    let b = batch();
    let server = Server::start(&["--lang", "zh"]);
    let home = get(&format!("{}/", server.url), &[]).text();
    for level in ["district_center", "town_station", "childrens_home"] {
        let href = format!("/form/{level}.xlsx");
        assert!(home.contains(&href), "{home}");
        let form = get(&format!("{}{href}", server.url), &[]);
        assert_eq!(form.status, 200);
        assert!(form.body.starts_with(b"PK"), "{level}: an xlsx workbook");
        assert_eq!(
            form.content_type.as_deref(),
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        );
        // The blank form checks as `init`'s does: not surveyed, so incomplete.
        let dir = tmp();
        let path = write(dir.path(), "blank.xlsx", &form.body);
        let out = cli(
            dir.path(),
            &[
                "check",
                path.to_str().unwrap(),
                "--format",
                "json",
                "--date",
                DATE,
            ],
        );
        let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(doc["reports"][0]["status"], "incomplete", "{level}: {doc}");
    }
    let roster = get(&format!("{}/form/roster.xlsx", server.url), &[]);
    assert!(home.contains("/form/roster.xlsx"));
    assert_eq!(roster.status, 200);
    assert!(roster.body.starts_with(b"PK"), "the blank roster workbook");
    let up = post(&format!("{}/check", server.url), &b.parts(), &[]);
    let report = up.location.unwrap();
    let orders = get(
        &format!("{}{report}/orders.xlsx?deadline=2027-03-31", server.url),
        &[],
    );
    assert_eq!(orders.status, 200);
    assert!(orders.body.starts_with(b"PK"));
    let no_deadline = get(&format!("{}{report}/orders.xlsx", server.url), &[]);
    assert_eq!(no_deadline.status, 400);
    assert_eq!(
        get(&format!("{}/form/nope.xlsx", server.url), &[]).status,
        404
    );
    assert_eq!(
        get(&format!("{}/report/0123/report.html", server.url), &[]).status,
        404
    );
}

#[test]
fn compare_shows_the_matrix_compare_format_html_draws() {
    let server = Server::start(&["--lang", "en"]);
    let a = std::fs::read("samples/layouts/dongshan-plan-a.yaml").unwrap();
    let bb = std::fs::read("samples/layouts/dongshan-plan-b.yaml").unwrap();
    let r = post(
        &format!("{}/compare", server.url),
        &[
            ("files", "dongshan-plan-a.yaml", &a[..]),
            ("files", "dongshan-plan-b.yaml", &bb[..]),
        ],
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let want = cli(
        Path::new("samples/layouts"),
        &[
            "compare",
            "dongshan-plan-a.yaml",
            "dongshan-plan-b.yaml",
            "--format",
            "html",
            "--date",
            DATE,
            "--lang",
            "en",
        ],
    );
    assert_eq!(without_bar(&r.text()), String::from_utf8(want).unwrap());
    // Layouts of two levels: refused, saying why.
    let town = std::fs::read("samples/town-station-short.yaml").unwrap();
    let r = post(
        &format!("{}/compare", server.url),
        &[
            ("files", "a.yaml", &a[..]),
            ("files", "town.yaml", &town[..]),
        ],
        &[],
    );
    assert_eq!(r.status, 422);
    assert!(r.text().contains("different levels"), "{}", r.text());
}

#[test]
fn without_accounts_the_page_answers_only_requests_addressed_to_this_computer() {
    let server = Server::start(&["--lang", "en"]);
    let port = server.url.rsplit(':').next().unwrap().to_owned();
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        assert_eq!(
            get(&format!("{}/", server.url), &[("Host", &host)]).status,
            200,
            "{host}"
        );
    }
    // Another site's name resolved to this computer (DNS rebinding): refused.
    for host in [format!("evil.example:{port}"), "evil.example".to_owned()] {
        assert_eq!(
            get(&format!("{}/", server.url), &[("Host", &host)]).status,
            403,
            "{host}"
        );
    }
}

#[test]
fn without_accounts_the_page_binds_this_computer_only() {
    let out = Command::new(bin())
        .args(["serve", "--no-open", "--bind", "0.0.0.0", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("127.0.0.1"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// A real browser: headless Chromium driven over its DevTools protocol.

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

/// A headless Chromium and a DevTools session on its page; killed when dropped.
pub(crate) struct Browser {
    child: Child,
    ws: tungstenite::WebSocket<std::net::TcpStream>,
    next: u64,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    pub(crate) fn start(exe: &Path) -> Self {
        let profile = tmp();
        let mut child = Command::new(exe)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
                "--window-size=1280,900",
                // A Chinese browser: the page answers in Chinese.
                "--accept-lang=zh-CN,zh",
                "--lang=zh-CN",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(at) = line.find("ws://") {
                    let _ = tx.send(line[at..].trim().to_owned());
                }
            }
        });
        let browser_ws = rx
            .recv_timeout(Duration::from_mins(1))
            .unwrap_or_else(|_| panic!("Chromium printed no DevTools address within 60 s"));
        // ws://127.0.0.1:PORT/devtools/browser/ID: the page's own socket is listed over HTTP.
        let host = browser_ws
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let start = Instant::now();
        let page_ws = loop {
            let list = get(&format!("http://{host}/json/list"), &[]);
            let pages: serde_json::Value = serde_json::from_slice(&list.body).unwrap();
            if let Some(ws) = pages.as_array().and_then(|ps| {
                ps.iter()
                    .find(|p| p["type"] == "page")
                    .and_then(|p| p["webSocketDebuggerUrl"].as_str())
            }) {
                break ws.to_owned();
            }
            assert!(start.elapsed() < Duration::from_secs(30), "no page target");
            std::thread::sleep(Duration::from_millis(100));
        };
        let stream = std::net::TcpStream::connect(&host).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_mins(1)))
            .unwrap();
        let (ws, _) = tungstenite::client(page_ws.as_str(), stream).unwrap();
        let mut b = Self {
            child,
            ws,
            next: 0,
            _profile: profile,
        };
        b.call("Page.enable", &serde_json::json!({}));
        b
    }

    /// Calls a DevTools method and returns its result (events in between are skipped).
    pub(crate) fn call(&mut self, method: &str, params: &serde_json::Value) -> serde_json::Value {
        self.next += 1;
        let id = self.next;
        let msg = serde_json::json!({"id": id, "method": method, "params": params});
        self.ws
            .send(tungstenite::Message::text(msg.to_string()))
            .unwrap();
        loop {
            let m = self.ws.read().unwrap_or_else(|e| panic!("{method}: {e}"));
            let tungstenite::Message::Text(t) = m else {
                continue;
            };
            let v: serde_json::Value = serde_json::from_str(t.as_str()).unwrap();
            if v["id"] == id {
                assert!(v.get("error").is_none(), "{method}: {v}");
                return v["result"].clone();
            }
        }
    }

    /// Evaluates an expression in the page: its value.
    pub(crate) fn eval(&mut self, expr: &str) -> serde_json::Value {
        let r = self.call(
            "Runtime.evaluate",
            &serde_json::json!({"expression": expr, "returnByValue": true}),
        );
        r["result"]["value"].clone()
    }

    /// Waits (up to 60 s) until the page at a URL containing `part` has loaded.
    pub(crate) fn wait_for(&mut self, part: &str) {
        let start = Instant::now();
        loop {
            let state = self.eval("document.readyState + ' ' + location.href");
            let s = state.as_str().unwrap_or_default();
            if s.starts_with("complete ") && s.contains(part) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_mins(1),
                "page {part} not loaded: {s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub(crate) fn goto(&mut self, url: &str) {
        self.call("Page.navigate", &serde_json::json!({"url": url}));
        self.wait_for(url);
    }

    /// Sets the files of a file input (`#id`), as choosing them in the dialog does.
    pub(crate) fn choose(&mut self, selector: &str, files: &[&Path]) {
        let doc = self.call("DOM.getDocument", &serde_json::json!({}));
        let node = self.call(
            "DOM.querySelector",
            &serde_json::json!({"nodeId": doc["root"]["nodeId"], "selector": selector}),
        );
        let files: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        self.call(
            "DOM.setFileInputFiles",
            &serde_json::json!({"nodeId": node["nodeId"], "files": files}),
        );
    }

    /// Clicks an element and waits for the page it leads to (whose URL contains `to`).
    pub(crate) fn click(&mut self, selector: &str, to: &str) {
        let sel = serde_json::to_string(selector).unwrap();
        self.eval(&format!(
            "window.__left = true; document.querySelector({sel}).click()"
        ));
        let start = Instant::now();
        // The old page is gone once its marker is.
        while self.eval("window.__left === true") == serde_json::Value::Bool(true) {
            assert!(
                start.elapsed() < Duration::from_mins(1),
                "{selector}: no navigation"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        self.wait_for(to);
    }

    pub(crate) fn text(&mut self) -> String {
        self.eval("document.body.innerText")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

#[test]
fn in_a_real_browser_a_form_and_a_folder_are_checked_and_the_report_downloads_as_check_draws_it() {
    let Some(exe) = require_tool("chromium", chromium(), "apt-get install chromium") else {
        return;
    };
    let b = batch();
    // The server's own default is English: the Chinese comes from the browser's language.
    let server = Server::start(&["--lang", "en"]);
    let mut browser = Browser::start(&exe);
    browser.goto(&format!("{}/", server.url));
    let text = browser.text();
    assert!(text.contains("开始核查"), "{text}");
    let form_path = b.dir.path().join("qiaotou.xlsx");
    let folder = b.dir.path().join("town");
    browser.choose("#files", &[&form_path]);
    browser.choose("#folder", &[&folder]);
    // The browser lists a chosen folder's files asynchronously: wait (bounded) until it has.
    let start = Instant::now();
    let picked = loop {
        let picked = browser.eval(
            "Array.from(document.querySelector('#folder').files).map(f => f.webkitRelativePath).sort().join(',')",
        );
        if picked.as_str().is_some_and(|p| !p.is_empty())
            || start.elapsed() > Duration::from_secs(20)
        {
            break picked;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        picked
            .as_str()
            .unwrap_or_default()
            .contains("town/zhangcun.yaml"),
        "the folder's files carry their path: {picked}"
    );
    browser.click("#check", "/report/");
    let text = browser.text();
    for words in [
        "桥头镇未成年人保护工作站",
        "张村镇未成年人保护工作站",
        "温泉镇山后村儿童之家",
        "不合格",
        "town/broken.yaml",
    ] {
        assert!(
            text.contains(words),
            "`{words}` not on the report page:\n{text}"
        );
    }
    // Download the HTML report as the browser does, into a folder, and compare it.
    let downloads = tmp();
    browser.call(
        "Browser.setDownloadBehavior",
        &serde_json::json!({"behavior": "allow", "downloadPath": downloads.path().display().to_string()}),
    );
    browser.eval("document.querySelector('#download-html').click()");
    let saved = downloads.path().join("report.html");
    let start = Instant::now();
    while !saved.is_file() {
        assert!(start.elapsed() < Duration::from_mins(1), "no download");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    let want = cli(
        b.dir.path(),
        &[
            "check",
            "qiaotou.xlsx",
            "town",
            "--format",
            "html",
            "--date",
            DATE,
            "--lang",
            "zh",
        ],
    );
    assert!(
        std::fs::read(&saved).unwrap() == want,
        "the downloaded report is check --format html's, byte for byte"
    );
    // Switch the language: the same report in English, and the choice is remembered.
    browser.click("a[href$='lang=en']", "lang=en");
    let text = browser.text();
    assert!(text.contains("non-compliant"), "{text}");
    assert!(!text.contains("不合格"));
    browser.goto(&format!("{}/", server.url));
    assert!(browser.text().contains("Choose files"));
}

// ---------------------------------------------------------------------------------------------
// Shared mode: accounts by town, sessions, CSRF tokens, the history database.

/// `sitecheck users add NAME (--town T | --district) --data DIR`, the password on stdin.
fn add_user(data: &Path, name: &str, scope: &[&str], password: &str) {
    use std::io::Write as _;
    let mut child = Command::new(bin())
        .args(["users", "add", name, "--data"])
        .arg(data)
        .args(scope)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The value of a `Set-Cookie` (`name=value; …` → `name=value`).
fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

/// The value of the first hidden `csrf` field of a page.
fn csrf_of(page: &str) -> String {
    let at = page
        .find("name=\"csrf\" value=\"")
        .unwrap_or_else(|| panic!("no csrf field in\n{page}"));
    let rest = &page[at + "name=\"csrf\" value=\"".len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// A login: the session cookie (`sc_session=…`) and the session's CSRF token.
pub(crate) struct Login {
    pub cookie: String,
    pub csrf: String,
}

/// POSTs the login form; the response.
fn try_login(server: &Server, name: &str, password: &str) -> Got {
    let form = get(&format!("{}/login", server.url), &[]);
    let pre = cookie_pair(&form.set_cookie.clone().unwrap());
    let csrf = csrf_of(&form.text());
    got(agent()
        .post(format!("{}/login", server.url))
        .header("Cookie", &pre)
        .send_form([("name", name), ("password", password), ("csrf", &csrf)]))
}

pub(crate) fn login(server: &Server, name: &str, password: &str) -> Login {
    let r = try_login(server, name, password);
    assert_eq!(r.status, 303, "{}", r.text());
    let set = r.set_cookie.unwrap();
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Strict"), "{set}");
    let cookie = cookie_pair(&set);
    let home = get(&format!("{}/", server.url), &[("Cookie", &cookie)]);
    assert_eq!(home.status, 200);
    Login {
        cookie,
        csrf: csrf_of(&home.text()),
    }
}

/// A district's shared server: a town account for 张村镇, one for 桥头镇, a district account.
pub(crate) fn shared_server(data: &Path) -> Server {
    add_user(data, "wang", &["--town", "张村镇"], "zhangcun-password");
    add_user(data, "zhao", &["--town", "371002101"], "qiaotou-password");
    add_user(data, "li", &["--district"], "district-password");
    Server::start(&[
        "--shared",
        "--data",
        data.to_str().unwrap(),
        "--roster",
        "samples/roster.yaml",
        "--lang",
        "en",
    ])
}

fn submit(server: &Server, who: &Login, files: &[(&str, &[u8])]) -> Got {
    let mut parts: Vec<(&str, &str, &[u8])> = Vec::new();
    for (name, bytes) in files {
        parts.push(("files", name, bytes));
    }
    let (kind, mut body) = multipart(&parts);
    // The token as the form's first field, as the page sends it.
    let boundary = kind.split("boundary=").nth(1).unwrap().to_owned();
    let field = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n",
        who.csrf
    );
    body.splice(0..0, field.into_bytes());
    got(agent()
        .post(format!("{}/check", server.url))
        .header("Content-Type", &kind)
        .header("Cookie", &who.cookie)
        .send(&body[..]))
}

#[test]
fn a_town_account_sees_and_submits_its_own_town_only() {
    let data = tmp();
    let server = shared_server(data.path());
    let zhangcun = std::fs::read("samples/town-station-compliant.yaml").unwrap();
    let qiaotou = std::fs::read("samples/town-station-short.yaml").unwrap();
    let wang = login(&server, "wang", "zhangcun-password");
    let zhao = login(&server, "zhao", "qiaotou-password");
    // 张村镇's account submits its station; 桥头镇's file in the same upload is not taken.
    let r = submit(
        &server,
        &wang,
        &[("zhangcun.yaml", &zhangcun), ("qiaotou.yaml", &qiaotou)],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.text().contains("not your town"), "{}", r.text());
    // 桥头镇's account submits its own.
    let r = submit(&server, &zhao, &[("qiaotou.yaml", &qiaotou)]);
    assert_eq!(r.status, 303, "{}", r.text());
    let zhao_report = r.location.unwrap();
    // Only another town's facilities: nothing taken, refused.
    let r = submit(&server, &wang, &[("qiaotou.yaml", &qiaotou)]);
    assert_eq!(r.status, 403, "{}", r.text());
    let as_wang = |path: &str| {
        get(
            &format!("{}{path}", server.url),
            &[("Cookie", &wang.cookie)],
        )
    };
    // The facilities page lists its town's facility and nothing of the other's.
    let list = as_wang("/district").text();
    assert!(list.contains("zhangcun-ts"), "{list}");
    for other in ["qiaotou-ts", "桥头镇"] {
        assert!(!list.contains(other), "`{other}` on 张村镇's page:\n{list}");
    }
    // The other town's facility and report: not found, and nothing of them in the page.
    for path in ["/facility/qiaotou-ts", zhao_report.as_str()] {
        let r = as_wang(path);
        assert!(matches!(r.status, 403 | 404), "{path}: {}", r.status);
        for other in ["qiaotou", "桥头镇", "town-station-short"] {
            assert!(
                !r.text().contains(other),
                "{path}: `{other}` in\n{}",
                r.text()
            );
        }
    }
    let down = as_wang(&format!("{zhao_report}/report.json"));
    assert_eq!(down.status, 404);
    // Its own facility's page shows its surveys.
    let own = as_wang("/facility/zhangcun-ts");
    assert_eq!(own.status, 200);
    assert!(own.text().contains("compliant"), "{}", own.text());
    // The district's account sees both towns' facilities, and every round.
    let li = login(&server, "li", "district-password");
    let all = get(
        &format!("{}/district", server.url),
        &[("Cookie", &li.cookie)],
    )
    .text();
    for id in ["zhangcun-ts", "qiaotou-ts"] {
        assert!(all.contains(id), "{id} not on the district's page:\n{all}");
    }
    let r = get(
        &format!("{}{zhao_report}", server.url),
        &[("Cookie", &li.cookie)],
    );
    assert_eq!(r.status, 200);
}

#[test]
fn every_post_without_its_csrf_token_is_refused() {
    let data = tmp();
    let server = shared_server(data.path());
    let wang = login(&server, "wang", "zhangcun-password");
    let inventory = std::fs::read("samples/town-station-compliant.yaml").unwrap();
    for csrf in ["", "0000", &wang.csrf[..wang.csrf.len() - 1]] {
        let forged = Login {
            cookie: wang.cookie.clone(),
            csrf: csrf.to_owned(),
        };
        let r = submit(&server, &forged, &[("z.yaml", &inventory)]);
        assert_eq!(r.status, 403, "upload with token {csrf:?}");
    }
    // No field at all.
    let r = post(
        &format!("{}/check", server.url),
        &[("files", "z.yaml", &inventory[..])],
        &[("Cookie", &wang.cookie)],
    );
    assert_eq!(r.status, 403);
    let r = post(
        &format!("{}/compare", server.url),
        &[("files", "z.yaml", &inventory[..])],
        &[("Cookie", &wang.cookie)],
    );
    assert_eq!(r.status, 403);
    let r = got(agent()
        .post(format!("{}/logout", server.url))
        .header("Cookie", &wang.cookie)
        .send_form([("x", "y")]));
    assert_eq!(r.status, 403);
    // The login form's own token: without it, no login even with the right password.
    let r = got(agent()
        .post(format!("{}/login", server.url))
        .send_form([("name", "wang"), ("password", "zhangcun-password")]));
    assert_eq!(r.status, 403);
    // Nothing was recorded.
    let conn = rusqlite_count(data.path(), "SELECT COUNT(*) FROM submissions");
    assert_eq!(conn, 0);
    // With the token, the upload goes through, and logging out ends the session.
    let r = submit(&server, &wang, &[("z.yaml", &inventory)]);
    assert_eq!(r.status, 303, "{}", r.text());
    let r = got(agent()
        .post(format!("{}/logout", server.url))
        .header("Cookie", &wang.cookie)
        .send_form([("csrf", wang.csrf.as_str())]));
    assert_eq!(r.status, 303);
    let r = get(&format!("{}/", server.url), &[("Cookie", &wang.cookie)]);
    assert_eq!(r.status, 303, "the session ended");
}

#[test]
fn a_bad_password_an_unknown_name_and_a_disabled_account_are_refused() {
    let data = tmp();
    let server = shared_server(data.path());
    for (name, password) in [
        ("wang", "not-the-password"),
        ("nobody", "zhangcun-password"),
        ("wang", ""),
    ] {
        let r = try_login(&server, name, password);
        assert_eq!(r.status, 401, "{name}/{password}");
        assert!(
            r.set_cookie
                .as_deref()
                .is_none_or(|c| !c.starts_with("sc_session"))
        );
        assert!(r.text().contains("wrong login name or password"));
    }
    // A town the roster does not list: refused at the login, saying why.
    add_user(
        data.path(),
        "nowhere",
        &["--town", "不存在镇"],
        "nowhere-password",
    );
    let r = try_login(&server, "nowhere", "nowhere-password");
    assert_eq!(r.status, 403);
    assert!(r.text().contains("not in the roster"), "{}", r.text());
    // Without a login every page leads to the login page, and nothing else is shown.
    for path in [
        "/",
        "/district",
        "/facility/zhangcun-ts",
        "/compare",
        "/form/town_station.xlsx",
    ] {
        let r = get(&format!("{}{path}", server.url), &[]);
        assert_eq!(r.status, 303, "{path}");
        assert_eq!(r.location.as_deref(), Some("/login"));
    }
    let wang = login(&server, "wang", "zhangcun-password");
    let out = Command::new(bin())
        .args(["users", "disable", "wang", "--data"])
        .arg(data.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let r = get(&format!("{}/", server.url), &[("Cookie", &wang.cookie)]);
    assert_eq!(r.status, 303, "a disabled account's session ends");
    assert_eq!(try_login(&server, "wang", "zhangcun-password").status, 401);
    // Passwords are stored as Argon2id hashes, never as given.
    let db = std::fs::read(data.path().join("history.db")).unwrap();
    assert!(!db.windows(17).any(|w| w == b"zhangcun-password"));
    assert!(db.windows(9).any(|w| w == b"$argon2id"));
}

#[test]
fn submissions_go_to_the_history_check_record_writes() {
    let data = tmp();
    let server = shared_server(data.path());
    let li = login(&server, "li", "district-password");
    let samples: Vec<(String, Vec<u8>)> = [
        "town-station-compliant.yaml",
        "town-station-short.yaml",
        "huancui-district-center.yaml",
    ]
    .iter()
    .map(|n| {
        (
            (*n).to_owned(),
            std::fs::read(format!("samples/{n}")).unwrap(),
        )
    })
    .collect();
    let files: Vec<(&str, &[u8])> = samples.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    let r = submit(&server, &li, &files);
    assert_eq!(r.status, 303, "{}", r.text());
    // `sitecheck history` reads the same database: one round, three facilities.
    let out = Command::new(bin())
        .args(["history"])
        .arg(data.path().join("history.db"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rounds = doc["rounds"].as_array().unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(rounds.len(), 1, "{doc}");
    assert_eq!(rounds[0]["facilities"], 3, "{doc}");
    assert_eq!(
        rusqlite_count(data.path(), "SELECT COUNT(*) FROM surveys"),
        3
    );
}

/// A count from the data folder's database.
fn rusqlite_count(data: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(data.join("history.db")).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Uploads at once in the load test.
const LOAD_UPLOADS: usize = 50;

#[test]
fn fifty_concurrent_uploads_are_all_recorded_in_bounded_time_and_memory() {
    let data = tmp();
    let server = shared_server(data.path());
    let li = login(&server, "li", "district-password");
    let dir = tmp();
    let form = fill(&form(dir.path(), "town_station"), &town_station_survey());
    let start = Instant::now();
    let results: Vec<(u16, Duration)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..LOAD_UPLOADS)
            .map(|i| {
                let (server, li, form) = (&server, &li, &form);
                scope.spawn(move || {
                    let t = Instant::now();
                    let name = format!("qiaotou-{i}.xlsx");
                    let r = submit(server, li, &[(name.as_str(), form.as_slice())]);
                    (r.status, t.elapsed())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let wall = start.elapsed();
    let errors: Vec<u16> = results.iter().map(|r| r.0).filter(|s| *s != 303).collect();
    assert!(errors.is_empty(), "statuses other than 303: {errors:?}");
    // No submission lost: one run, one submission and one survey each.
    for (table, want) in [
        ("runs", 50),
        ("submissions", 50),
        ("surveys", 50),
        ("submission_files", 50),
    ] {
        let n = rusqlite_count(data.path(), &format!("SELECT COUNT(*) FROM {table}"));
        assert_eq!(n, want, "{table}");
    }
    let mut times: Vec<Duration> = results.iter().map(|r| r.1).collect();
    times.sort();
    let peak = server.peak_kb();
    // The figures, for the note (`cargo test … -- --nocapture`).
    println!(
        "load: {LOAD_UPLOADS} concurrent uploads of a filled form in {:.2} s; per upload median {:.0} ms, slowest {:.0} ms; server peak RSS {} MiB",
        wall.as_secs_f64(),
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
        peak.map_or_else(|| "?".to_owned(), |k| (k / 1024).to_string()),
    );
    assert!(
        wall < Duration::from_mins(3),
        "{LOAD_UPLOADS} uploads took {wall:?}"
    );
    if let Some(kb) = peak {
        assert!(kb < 512 * 1024, "server peak RSS {kb} KiB");
    }
}

/// Decodes standard base64 (DevTools sends screenshots so).
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

impl Browser {
    /// A PNG of the viewport, written to `path`.
    fn screenshot(&mut self, path: &Path) {
        let shot = self.call(
            "Page.captureScreenshot",
            &serde_json::json!({"format": "png"}),
        );
        std::fs::write(path, base64(shot["data"].as_str().unwrap())).unwrap();
    }

    /// Logs in through the form.
    fn log_in(&mut self, url: &str, name: &str, password: &str) {
        self.goto(&format!("{url}/login"));
        let (n, p) = (
            serde_json::to_string(name).unwrap(),
            serde_json::to_string(password).unwrap(),
        );
        self.eval(&format!(
            "document.querySelector('#name').value = {n}; document.querySelector('#password').value = {p}"
        ));
        self.click("#login", url);
    }
}

/// The screenshots of the pages, in both languages, into `target/screenshots/` (copied by hand
/// to `docs/screenshots/`): `cargo test --test integration serve::screenshots -- --ignored`.
#[test]
#[ignore = "writes the screenshots for the documentation; run by hand"]
fn screenshots() {
    let Some(exe) = require_tool("chromium", chromium(), "apt-get install chromium") else {
        return;
    };
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let b = batch();
    let local = Server::start(&[]);
    let mut browser = Browser::start(&exe);
    for lang in ["zh", "en"] {
        browser.goto(&format!("{}/?lang={lang}", local.url));
        browser.screenshot(&out.join(format!("upload-{lang}.png")));
        browser.choose("#files", &[&b.dir.path().join("qiaotou.xlsx")]);
        browser.choose("#folder", &[&b.dir.path().join("town")]);
        browser.click("#check", "/report/");
        browser.screenshot(&out.join(format!("report-{lang}.png")));
    }
    let data = tmp();
    let shared = shared_server(data.path());
    for lang in ["zh", "en"] {
        browser.goto(&format!("{}/login?lang={lang}", shared.url));
        browser.screenshot(&out.join(format!("login-{lang}.png")));
    }
    browser.log_in(&shared.url, "li", "district-password");
    browser.choose("#files", &[&b.dir.path().join("qiaotou.xlsx")]);
    browser.choose("#folder", &[&b.dir.path().join("town")]);
    browser.click("#check", "/report/");
    for lang in ["zh", "en"] {
        browser.goto(&format!("{}/district?lang={lang}", shared.url));
        browser.screenshot(&out.join(format!("district-{lang}.png")));
        browser.goto(&format!("{}/facility/qiaotou-ts?lang={lang}", shared.url));
        browser.screenshot(&out.join(format!("facility-{lang}.png")));
    }
}
