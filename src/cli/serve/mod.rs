//! `sitecheck serve`: the same engine behind a web page, for people who never open a
//! terminal. Local mode (the default) binds 127.0.0.1 on a free port, prints the address and
//! opens the browser; uploads are held in memory and checked exactly as `check` checks files
//! (one function, [`render_run`](super::render_run), draws both), so that a report downloaded
//! here is byte for byte `sitecheck check FILES --format html --date D`.
//!
//! Shared mode (`--shared --data DIR --roster FILE`, [`shared`]) puts accounts by town in front
//! of the same pages and records every upload in the history database `check --record` writes.
//!
//! The library never touches the network: the server lives here, under `src/cli`.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use clap::Args;

use super::{CommonArgs, RunExtras, lang_of, parse_date};
use crate::i18n::Lang;
use crate::input::StandardChoice;
use crate::limits::{MAX_CONCURRENT_UPLOADS, MAX_HELD_BATCHES, MAX_HELD_BYTES, MAX_UPLOAD_BYTES};
use crate::report::{Format, RunInfo};

mod page;
mod shared;
mod upload;

use shared::Account;
use upload::Upload;

pub(super) const EXAMPLES: &str = "Examples:
  sitecheck serve                               a page on this computer; the browser opens it
  sitecheck serve --lang zh --port 8080 --no-open
  sitecheck serve --date 2026-11-29             reports dated as `check --date` dates them

The page binds 127.0.0.1 only: nothing leaves the machine, and no account is needed.";

#[derive(Debug, Args)]
pub(super) struct ServeArgs {
    /// The port to listen on (default: a free one, printed).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The address to listen on. Without --shared (no accounts) the page answers this
    /// computer only: a loopback address (127.0.0.1, ::1).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Do not open the browser (scripts, tests); the address is printed either way.
    #[arg(long)]
    no_open: bool,
    #[command(flatten)]
    common: CommonArgs,
    /// The district's roster (YAML, or the workbook `init --roster` writes): every report's
    /// summary then gives the network's coverage, as `check --roster` does.
    #[arg(long, value_name = "FILE")]
    roster: Option<PathBuf>,
    /// Shared mode, for a district's intranet: accounts by town (`sitecheck users`), every
    /// upload recorded in DIR's history database; needs --data and --roster.
    #[arg(long, requires_all = ["data", "roster"])]
    shared: bool,
    /// The data folder of shared mode: its history.db (the database `check --record` writes:
    /// surveys, and the accounts, sessions and submitted files).
    #[arg(long, value_name = "DIR", requires = "shared")]
    data: Option<PathBuf>,
    /// Evaluation date YYYY-MM-DD of every report (default: the day of each upload).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<chrono::NaiveDate>,
}

/// One upload: its files (in memory) and the day it was checked.
struct Batch {
    files: Vec<Upload>,
    date: chrono::NaiveDate,
}

impl Batch {
    fn bytes(&self) -> usize {
        self.files.iter().map(|f| f.bytes.len()).sum()
    }
}

/// The uploads held for their report and downloads, oldest first, within
/// [`MAX_HELD_BATCHES`] and [`MAX_HELD_BYTES`].
#[derive(Default)]
struct Held {
    batches: VecDeque<(String, Arc<Batch>)>,
    bytes: usize,
}

impl Held {
    fn add(&mut self, id: String, batch: Arc<Batch>) {
        self.bytes += batch.bytes();
        self.batches.push_back((id, batch));
        while self.batches.len() > MAX_HELD_BATCHES
            || (self.bytes > MAX_HELD_BYTES && self.batches.len() > 1)
        {
            if let Some((_, old)) = self.batches.pop_front() {
                self.bytes -= old.bytes();
            }
        }
    }

    fn get(&self, id: &str) -> Option<Arc<Batch>> {
        self.batches
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, b)| Arc::clone(b))
    }
}

/// What every request shares.
struct App {
    choice: StandardChoice,
    roster: Option<crate::model::roster::Roster>,
    /// `--date`, else each upload's day.
    date: Option<chrono::NaiveDate>,
    /// The pages' language when neither the request nor the browser says.
    lang: Lang,
    /// The levels with a blank form, and the standard that draws it.
    levels: Vec<page::Level>,
    standard: Arc<crate::model::standard::Standard>,
    held: Mutex<Held>,
    /// Uploads read or checked at once.
    slots: tokio::sync::Semaphore,
    /// Shared mode: the data folder, the cookies' flags.
    shared: Option<shared::Shared>,
    /// Local mode: the `Host` names this computer's browser uses for the page (a page of
    /// another site that rebinds its name to 127.0.0.1 is refused).
    hosts: std::sync::OnceLock<Vec<String>>,
}

pub(super) fn run(args: &ServeArgs) -> ExitCode {
    let lang = lang_of(args.common.lang);
    if !args.shared && !args.bind.is_loopback() {
        say!(
            "sitecheck serve: {}",
            match lang {
                Lang::Zh => format!(
                    "本地模式只能绑定本机地址（127.0.0.1 或 ::1），不能绑定 {}：没有账号，网络上的任何人都能上传和查看。供全区共用请加 --shared。",
                    args.bind
                ),
                Lang::En => format!(
                    "without accounts the page binds this computer only (127.0.0.1 or ::1), not {}: anyone on the network could upload and read. For a district's intranet, use --shared.",
                    args.bind
                ),
            }
        );
        return ExitCode::from(2);
    }
    let choice = match super::standard_choice(&args.common, lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let roster = match &args.roster {
        Some(p) => match super::load_roster(p, lang) {
            Ok(r) => Some(r),
            Err(code) => return code,
        },
        None => None,
    };
    let standard = match &args.common.standard {
        Some(spec) => match super::load_standard(spec, lang) {
            Ok(s) => s,
            Err(code) => return code,
        },
        None => match crate::registry::find_builtin(crate::registry::DEFAULT_ID, None) {
            Ok(s) => s,
            Err(p) => {
                super::eprint_problems("sitecheck", None, &[p], lang);
                return ExitCode::from(2);
            }
        },
    };
    let levels = standard
        .vocabulary
        .levels
        .terms
        .iter()
        .map(|t| page::Level {
            id: t.id.clone(),
            name: t.name.clone(),
        })
        .collect();
    let shared = match (&args.data, args.shared) {
        (Some(data), true) => {
            if let Err(p) = shared::check_data(data) {
                super::eprint_problems(&data.display().to_string(), None, &[p], lang);
                return ExitCode::from(2);
            }
            Some(shared::Shared {
                data: data.clone(),
                secure: !args.bind.is_loopback(),
            })
        }
        _ => None,
    };
    let app = Arc::new(App {
        hosts: std::sync::OnceLock::new(),
        shared,
        choice,
        roster,
        date: args.date,
        lang,
        levels,
        standard,
        held: Mutex::new(Held::default()),
        slots: tokio::sync::Semaphore::new(MAX_CONCURRENT_UPLOADS),
    });
    // Uploads are checked on the runtime's blocking threads: stacks for the deepest nesting.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(super::WORKER_STACK)
        .enable_io()
        .enable_time()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            say!(
                "sitecheck serve: {}: {e}",
                lang.pick("无法启动", "cannot start")
            );
            return ExitCode::from(2);
        }
    };
    runtime.block_on(serve(
        app,
        SocketAddr::new(args.bind, args.port),
        !args.no_open,
    ))
}

async fn serve(app: Arc<App>, addr: SocketAddr, open: bool) -> ExitCode {
    let lang = app.lang;
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            say!(
                "sitecheck serve: {} {addr}: {e}",
                lang.pick("无法监听", "cannot listen on")
            );
            return ExitCode::from(2);
        }
    };
    let bound = listener.local_addr().unwrap_or(addr);
    let url = format!("http://{bound}/");
    let port = bound.port();
    let _ = app.hosts.set(vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        bound.to_string(),
    ]);
    // The address on standard output, on a line of its own that ends with it (tests and
    // scripts read it there).
    super::output::print(
        match lang {
            Lang::Zh => {
                format!("sitecheck 网页已启动（按 Ctrl+C 停止），请在浏览器中打开：{url}\n")
            }
            Lang::En => {
                format!("sitecheck page running (Ctrl+C to stop); open in a browser: {url}\n")
            }
        }
        .as_bytes(),
        lang,
        ("地址", "address"),
    );
    if open {
        open_browser(&url, lang);
    }
    if let Err(e) = axum::serve(listener, router(app)).await {
        say!("sitecheck serve: {e}");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// Asks the desktop to open the page; when it cannot, says to open it by hand.
fn open_browser(url: &str, lang: Lang) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let started = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if started.is_err() {
        say!(
            "sitecheck serve: {}",
            match lang {
                Lang::Zh => format!("无法自动打开浏览器，请手动打开 {url}"),
                Lang::En => format!("could not open a browser; open {url} by hand"),
            }
        );
    }
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/check", axum::routing::post(check))
        .route("/report/{id}", get(report))
        .route("/report/{id}/{file}", get(download))
        .route("/form/{file}", get(form))
        .route("/compare", get(compare_page).post(compare))
        .route("/login", get(login_page).post(login))
        .route("/logout", axum::routing::post(logout))
        .route("/district", get(district))
        .route("/facility/{id}", get(facility))
        .route("/static/serve.css", get(css))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            this_computer_only,
        ))
        .with_state(app)
}

/// Local mode answers only requests addressed to this computer by its own names: a web page
/// of another site whose name is made to resolve to 127.0.0.1 (DNS rebinding) gets 403.
async fn this_computer_only(
    State(app): State<Arc<App>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if app.shared.is_none() {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default();
        let ok = app
            .hosts
            .get()
            .is_some_and(|hosts| hosts.iter().any(|h| h.eq_ignore_ascii_case(host)));
        if !ok {
            return (
                StatusCode::FORBIDDEN,
                "sitecheck: this page answers this computer only\n",
            )
                .into_response();
        }
    }
    next.run(request).await
}

/// `?lang=` on any page.
#[derive(serde::Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

/// The language of a request, and the cookie that remembers a switch.
fn lang(app: &App, q: &LangQuery, headers: &HeaderMap) -> (Lang, Option<HeaderValue>) {
    let lang = page::lang(q.lang.as_deref(), headers, app.lang);
    let cookie = q
        .lang
        .as_deref()
        .filter(|l| matches!(*l, "zh" | "en"))
        .and_then(|l| {
            HeaderValue::from_str(&format!(
                "lang={l}; Path=/; Max-Age=31536000; SameSite=Strict"
            ))
            .ok()
        });
    (lang, cookie)
}

/// An HTML page with the headers every page has: no script may run, nothing is fetched
/// from elsewhere, the page is never framed.
fn html_page(status: StatusCode, body: String, cookie: Option<HeaderValue>) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    secure_headers(h);
    if let Some(c) = cookie {
        h.insert(header::SET_COOKIE, c);
    }
    r
}

fn secure_headers(h: &mut HeaderMap) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// The media type of an `.xlsx` workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file to save: its type and a plain ASCII name.
fn attachment(bytes: Vec<u8>, mime: &'static str, name: &str) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    secure_headers(h);
    r
}

async fn home(
    State(app): State<Arc<App>>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let (lang, cookie) = lang(&app, &q, &headers);
    let account = match gate(&app, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    html_page(
        StatusCode::OK,
        upload_page(&app, lang, account.as_ref(), None),
        cookie,
    )
}

/// In shared mode, the request's account, or the way to the login page; in local mode, None.
async fn gate(app: &Arc<App>, headers: &HeaderMap) -> Result<Option<Account>, Response> {
    if app.shared.is_none() {
        return Ok(None);
    }
    shared::account(app, headers)
        .await
        .map(Some)
        .ok_or_else(shared::to_login)
}

/// The account's links in the bar (none in local mode).
fn account_bar(lang: Lang, account: Option<&Account>) -> String {
    account.map_or_else(String::new, |a| shared::bar_extra(lang, a))
}

/// The upload page, with the account's links and token in shared mode.
fn upload_page(app: &App, lang: Lang, account: Option<&Account>, error: Option<&str>) -> String {
    page::upload(
        lang,
        &app.levels,
        error,
        &account.map_or_else(String::new, shared::csrf_field),
        &account_bar(lang, account),
    )
}

async fn css() -> Response {
    let mut r = page::CSS.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    r
}

async fn not_found(
    State(app): State<Arc<App>>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let (lang, cookie) = lang(&app, &q, &headers);
    html_page(
        StatusCode::NOT_FOUND,
        page::message(
            lang,
            lang.pick("找不到该页面", "Page not found"),
            lang.pick(
                "没有这个页面。核查报告只保留在本次运行期间，重新上传即可。",
                "There is no such page. Reports are kept only while the page runs: upload the files again.",
            ),
        ),
        cookie,
    )
}

/// A random id (128 bits, hex): a batch's name in its links, never guessable.
fn random_id() -> Option<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).ok()?;
    let mut id = String::with_capacity(32);
    for x in b {
        let _ = write!(id, "{x:02x}");
    }
    Some(id)
}

fn today(app: &App) -> chrono::NaiveDate {
    app.date
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

async fn check(
    State(app): State<Arc<App>>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let (lang, cookie) = lang(&app, &q, &headers);
    let account = match gate(&app, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Ok(_slot) = app.slots.acquire().await else {
        return refused(lang, StatusCode::SERVICE_UNAVAILABLE, "", cookie);
    };
    let (files, fields) = match upload::read(form).await {
        Ok(read) => read,
        Err(e) => {
            let status = match e {
                upload::Refused::TooLarge | upload::Refused::TooMany => {
                    StatusCode::PAYLOAD_TOO_LARGE
                }
                upload::Refused::Malformed(_) => StatusCode::BAD_REQUEST,
            };
            return html_page(
                status,
                upload_page(&app, lang, account.as_ref(), Some(e.text().get(lang))),
                cookie,
            );
        }
    };
    if let Some(refused) = shared::csrf_refused(account.as_ref(), &fields, lang) {
        return refused;
    }
    if upload::inputs(&files).is_empty() {
        return html_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            upload_page(
                &app,
                lang,
                account.as_ref(),
                Some(lang.pick(
                    "没有找到可核查的文件：请选择调查表（.xlsx）或清单文件（.yaml、.yml、.json），或含有这些文件的文件夹。",
                    "no file to check: choose survey forms (.xlsx) or inventories (.yaml, .yml, .json), or a folder holding them.",
                )),
            ),
            cookie,
        );
    }
    if let Some(a) = account {
        return submit(Arc::clone(&app), a, files, lang, cookie).await;
    }
    let Some(id) = random_id() else {
        return refused(lang, StatusCode::INTERNAL_SERVER_ERROR, "", cookie);
    };
    let batch = Arc::new(Batch {
        files,
        date: today(&app),
    });
    if let Ok(mut held) = app.held.lock() {
        held.add(id.clone(), batch);
    }
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(to) = HeaderValue::from_str(&format!("/report/{id}")) {
        r.headers_mut().insert(header::LOCATION, to);
    }
    if let Some(c) = cookie {
        r.headers_mut().insert(header::SET_COOKIE, c);
    }
    r
}

/// Shared mode's upload: recorded for the account (its town's files), then its report.
async fn submit(
    app: Arc<App>,
    account: Account,
    files: Vec<Upload>,
    lang: Lang,
    cookie: Option<HeaderValue>,
) -> Response {
    let date = today(&app);
    let worker = Arc::clone(&app);
    let who = account.clone();
    let done =
        tokio::task::spawn_blocking(move || shared::submit(&worker, &who, &files, date)).await;
    match done {
        Ok(Ok(s)) if s.refused.is_empty() => {
            let mut r = StatusCode::SEE_OTHER.into_response();
            if let Ok(to) = HeaderValue::from_str(&format!("/report/{}", s.key)) {
                r.headers_mut().insert(header::LOCATION, to);
            }
            r
        }
        Ok(Ok(s)) => {
            let mut list = String::new();
            for n in &s.refused {
                let _ = write!(list, "<li>{}</li>", crate::report::escape::html(n));
            }
            let body = format!(
                "<h1>{}</h1>\n<p class=\"sc-error\" role=\"alert\">{}</p>\n<ul>{list}</ul>\n<p><a class=\"sc-button\" href=\"/report/{}\">{}</a></p>\n",
                lang.pick("已提交", "Submitted"),
                lang.pick(
                    "以下文件不是本镇（街道）的设施，未予接收：",
                    "these files are not your town's facilities and were not taken:",
                ),
                s.key,
                lang.pick("查看核查报告", "See the report"),
            );
            html_page(
                StatusCode::OK,
                page::page(
                    lang,
                    lang.pick("已提交", "Submitted"),
                    &page::bar(lang, "/", &shared::bar_extra(lang, &account)),
                    &body,
                ),
                cookie,
            )
        }
        Ok(Err(shared::NotKept::AllRefused(names))) => html_page(
            StatusCode::FORBIDDEN,
            upload_page(
                &app,
                lang,
                Some(&account),
                Some(&format!(
                    "{}{}",
                    lang.pick(
                        "这些文件都不是本镇（街道）的设施，未予接收：",
                        "none of these files is your town's facility; nothing was taken: ",
                    ),
                    names.join(lang.pick("、", ", "))
                )),
            ),
            cookie,
        ),
        _ => refused(lang, StatusCode::INTERNAL_SERVER_ERROR, "", cookie),
    }
}

fn refused(lang: Lang, status: StatusCode, why: &str, cookie: Option<HeaderValue>) -> Response {
    let text = if why.is_empty() {
        lang.pick(
            "服务器暂时无法处理，请稍后重试。",
            "The server cannot handle this now; try again in a moment.",
        )
    } else {
        why
    };
    html_page(
        status,
        page::message(lang, lang.pick("无法完成", "Not done"), text),
        cookie,
    )
}

/// Renders a batch's report in a format, as `check FILES --format F --date D --lang L` writes
/// it: through the same function.
fn render(app: &App, batch: &Batch, format: Format, lang: Lang) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    render_into(app, batch, format, lang, None, &mut out)?;
    Ok(out)
}

/// As [`render`], into `out`, recording the run when `record` is given (shared mode's
/// submissions, as `check --record` records).
fn render_into(
    app: &App,
    batch: &Batch,
    format: Format,
    lang: Lang,
    record: Option<&Mutex<super::history::Recorder>>,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let info = RunInfo {
        lang,
        date: batch.date.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        style: super::stdout_style(Some(std::path::Path::new(""))),
        ..RunInfo::default()
    };
    let orders = crate::model::orders::Orders::default();
    let job = super::batch::Job {
        lang,
        keep_regions: app.roster.is_some(),
        stdin: None,
        choice: &app.choice,
        waivers: &[],
        orders: &orders,
        baseline: None,
        record,
        date: batch.date,
        problems_to_stderr: None,
        // A request's thread: its stack is the server's to choose.
        deep_stack: false,
    };
    let extras = RunExtras {
        roster: app.roster.as_ref(),
        ..RunExtras::default()
    };
    let mut inputs = upload::inputs(&batch.files).into_iter();
    super::render_run(&mut inputs, &job, format.renderer(), &info, &extras, out)?;
    Ok(())
}

/// A batch: held in memory (local mode), or a submission the account may see (shared mode).
async fn batch_of(app: &Arc<App>, account: Option<&Account>, id: &str) -> Option<Arc<Batch>> {
    match account {
        None => app.held.lock().ok()?.get(id),
        Some(a) => {
            let (worker, who, key) = (Arc::clone(app), a.clone(), id.to_owned());
            tokio::task::spawn_blocking(move || shared::submission(&worker, &who, &key))
                .await
                .ok()
                .flatten()
                .map(Arc::new)
        }
    }
}

async fn report(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let (lang, cookie) = lang(&app, &q, &headers);
    let account = match gate(&app, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Some(batch) = batch_of(&app, account.as_ref(), &id).await else {
        return not_found(State(app), Query(q), headers).await;
    };
    let Ok(_slot) = app.slots.acquire().await else {
        return refused(lang, StatusCode::SERVICE_UNAVAILABLE, "", cookie);
    };
    let worker = Arc::clone(&app);
    let b = Arc::clone(&batch);
    let rendered =
        tokio::task::spawn_blocking(move || render(&worker, &b, Format::Html, lang)).await;
    let Ok(Ok(bytes)) = rendered else {
        return refused(lang, StatusCode::INTERNAL_SERVER_ERROR, "", cookie);
    };
    let text = String::from_utf8_lossy(&bytes);
    let deadline = batch.date + chrono::Duration::days(30);
    let here = format!("/report/{id}");
    let bar = page::bar(
        lang,
        &here,
        &format!(
            "{}{}",
            account_bar(lang, account.as_ref()),
            page::report_downloads(lang, &id, &deadline.to_string())
        ),
    );
    html_page(StatusCode::OK, page::over_report(&text, &bar), cookie)
}

/// `?deadline=` of the draft orders.
#[derive(serde::Deserialize)]
struct DownloadQuery {
    lang: Option<String>,
    deadline: Option<String>,
}

async fn download(
    State(app): State<Arc<App>>,
    UrlPath((id, file)): UrlPath<(String, String)>,
    Query(q): Query<DownloadQuery>,
    headers: HeaderMap,
) -> Response {
    let lq = LangQuery {
        lang: q.lang.clone(),
    };
    let (lang, cookie) = lang(&app, &lq, &headers);
    let account = match gate(&app, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Some(batch) = batch_of(&app, account.as_ref(), &id).await else {
        return not_found(State(app), Query(lq), headers).await;
    };
    let (format, mime) = match file.as_str() {
        "report.html" => (Format::Html, "text/html; charset=utf-8"),
        "report.md" => (Format::Markdown, "text/markdown; charset=utf-8"),
        "report.json" => (Format::Json, "application/json"),
        "report.sarif" => (Format::Sarif, "application/sarif+json"),
        "orders.xlsx" => return orders(&app, &batch, q.deadline.as_deref(), lang, cookie).await,
        _ => return not_found(State(app), Query(lq), headers).await,
    };
    let Ok(_slot) = app.slots.acquire().await else {
        return refused(lang, StatusCode::SERVICE_UNAVAILABLE, "", cookie);
    };
    let worker = Arc::clone(&app);
    let rendered = tokio::task::spawn_blocking(move || render(&worker, &batch, format, lang)).await;
    match rendered {
        Ok(Ok(bytes)) => attachment(bytes, mime, &file),
        _ => refused(lang, StatusCode::INTERNAL_SERVER_ERROR, "", cookie),
    }
}

/// The draft rectification orders of a batch (`orders draft` of its JSON report).
async fn orders(
    app: &Arc<App>,
    batch: &Arc<Batch>,
    deadline: Option<&str>,
    lang: Lang,
    cookie: Option<HeaderValue>,
) -> Response {
    let Some(deadline) = deadline.and_then(|d| parse_date(d).ok()) else {
        return refused(
            lang,
            StatusCode::BAD_REQUEST,
            lang.pick(
                "请填写整改期限（年-月-日）。",
                "Give the deadline of the orders (YYYY-MM-DD).",
            ),
            cookie,
        );
    };
    let Ok(_slot) = app.slots.acquire().await else {
        return refused(lang, StatusCode::SERVICE_UNAVAILABLE, "", cookie);
    };
    let (worker, b) = (Arc::clone(app), Arc::clone(batch));
    let drafted = tokio::task::spawn_blocking(move || {
        let json = render(&worker, &b, Format::Json, lang).ok()?;
        let text = String::from_utf8(json).ok()?;
        let drafts = crate::load::orders::parse_report(&text)
            .and_then(|r| crate::model::orders::draft(&r, deadline))
            .ok()?;
        crate::form::orders::xlsx(&drafts).ok()
    })
    .await;
    match drafted {
        Ok(Some(bytes)) => attachment(bytes, XLSX, "orders.xlsx"),
        _ => refused(lang, StatusCode::INTERNAL_SERVER_ERROR, "", cookie),
    }
}

/// A blank survey form of a level (`init --level L --format xlsx`).
async fn form(
    State(app): State<Arc<App>>,
    UrlPath(file): UrlPath<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let (lang, cookie) = lang(&app, &q, &headers);
    if let Err(r) = gate(&app, &headers).await {
        return r;
    }
    if file == "roster.xlsx" {
        // The district's blank roster (`init --roster --format xlsx`).
        return match crate::form::roster::xlsx() {
            Ok(bytes) => attachment(bytes, XLSX, &file),
            Err(_) => refused(lang, StatusCode::INTERNAL_SERVER_ERROR, "", cookie),
        };
    }
    let Some(level) = file
        .strip_suffix(".xlsx")
        .and_then(|l| app.levels.iter().find(|x| x.id == l))
    else {
        return not_found(State(app), Query(q), headers).await;
    };
    let tpl = crate::form::template::build(&app.standard, &level.id);
    match crate::form::write::xlsx(&tpl, &app.standard.vocabulary) {
        Ok(bytes) => attachment(bytes, XLSX, &file),
        Err(_) => refused(lang, StatusCode::INTERNAL_SERVER_ERROR, "", cookie),
    }
}

async fn compare_page(
    State(app): State<Arc<App>>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let (lang, cookie) = lang(&app, &q, &headers);
    let account = match gate(&app, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    html_page(
        StatusCode::OK,
        compare_form(lang, account.as_ref(), None, ""),
        cookie,
    )
}

fn compare_form(
    lang: Lang,
    account: Option<&Account>,
    error: Option<&str>,
    problems: &str,
) -> String {
    page::compare(
        lang,
        error,
        problems,
        &account.map_or_else(String::new, shared::csrf_field),
        &account_bar(lang, account),
    )
}

/// The comparison of the uploaded layouts, as `compare --format html` draws it; or the form
/// again with what went wrong (a layout that could not be checked, with its located problems;
/// layouts of different levels).
async fn compare(
    State(app): State<Arc<App>>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let (lang, cookie) = lang(&app, &q, &headers);
    let account = match gate(&app, &headers).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let Ok(_slot) = app.slots.acquire().await else {
        return refused(lang, StatusCode::SERVICE_UNAVAILABLE, "", cookie);
    };
    let (files, fields) = match upload::read(form).await {
        Ok(read) => read,
        Err(e) => {
            return html_page(
                StatusCode::PAYLOAD_TOO_LARGE,
                compare_form(lang, account.as_ref(), Some(e.text().get(lang)), ""),
                cookie,
            );
        }
    };
    if let Some(refused) = shared::csrf_refused(account.as_ref(), &fields, lang) {
        return refused;
    }
    let worker = Arc::clone(&app);
    let date = today(&app);
    let done = tokio::task::spawn_blocking(move || compared(&worker, &files, date, lang)).await;
    match done {
        Ok(Ok(text)) => {
            let bar = page::bar(lang, "/compare", &account_bar(lang, account.as_ref()));
            html_page(StatusCode::OK, page::over_report(&text, &bar), cookie)
        }
        Ok(Err((why, problems))) => html_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            compare_form(lang, account.as_ref(), Some(&why), &problems),
            cookie,
        ),
        Err(_) => refused(lang, StatusCode::INTERNAL_SERVER_ERROR, "", cookie),
    }
}

/// The comparison's HTML, or why there is none (in words, and the problems as HTML).
fn compared(
    app: &App,
    files: &[Upload],
    date: chrono::NaiveDate,
    lang: Lang,
) -> Result<String, (String, String)> {
    let inputs = upload::inputs(files);
    let (layouts, failed) = super::compare::check_layouts(&inputs, &app.choice, date);
    if !failed.is_empty() {
        let style = super::stdout_style(Some(std::path::Path::new("")));
        let mut problems = String::new();
        for e in &failed {
            let _ = write!(
                problems,
                "<pre>{}</pre>",
                crate::report::escape::html(&super::problems_text(e, lang, style))
            );
        }
        return Err((
            lang.pick(
                "有方案无法读取或核查，请改正后重新上传：",
                "some layouts could not be read or checked; correct them and upload again:",
            )
            .to_owned(),
            problems,
        ));
    }
    let comparison = crate::check::compare::Comparison::new(layouts)
        .map_err(|e| (super::compare::refusal(&e, lang), String::new()))?;
    let info = RunInfo {
        lang,
        date: date.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        style: super::stdout_style(Some(std::path::Path::new(""))),
        ..RunInfo::default()
    };
    Ok(Format::Html
        .renderer()
        .compare(&comparison, &info)
        .unwrap_or_default())
}

async fn login_page(
    State(app): State<Arc<App>>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let (lang, _) = lang(&app, &q, &headers);
    if app.shared.is_none() {
        return not_found(State(app), Query(q), headers).await;
    }
    shared::login_page(&app, lang, StatusCode::OK, None)
}

async fn login(
    State(app): State<Arc<App>>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<shared::LoginForm>,
) -> Response {
    let (lang, _) = lang(&app, &q, &headers);
    if app.shared.is_none() {
        return not_found(State(app), Query(q), headers).await;
    }
    shared::login(app, lang, &headers, form).await
}

/// The logout form's field.
#[derive(serde::Deserialize)]
struct CsrfForm {
    csrf: Option<String>,
}

async fn logout(
    State(app): State<Arc<App>>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Response {
    let (lang, _) = lang(&app, &q, &headers);
    if app.shared.is_none() {
        return not_found(State(app), Query(q), headers).await;
    }
    shared::logout(app, lang, &headers, form.csrf.as_deref()).await
}

/// The facilities page (shared mode).
async fn district(
    State(app): State<Arc<App>>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let (lang, cookie) = lang(&app, &q, &headers);
    let account = match gate(&app, &headers).await {
        Ok(Some(a)) => a,
        Ok(None) => return not_found(State(app), Query(q), headers).await,
        Err(r) => return r,
    };
    let worker = Arc::clone(&app);
    let page = tokio::task::spawn_blocking(move || shared::district(&worker, &account, lang))
        .await
        .ok()
        .flatten();
    match page {
        Some(p) => html_page(StatusCode::OK, p, cookie),
        None => refused(lang, StatusCode::INTERNAL_SERVER_ERROR, "", cookie),
    }
}

/// One facility's page (shared mode): 404 for a facility the account may not see.
async fn facility(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let (lang, cookie) = lang(&app, &q, &headers);
    let account = match gate(&app, &headers).await {
        Ok(Some(a)) => a,
        Ok(None) => return not_found(State(app), Query(q), headers).await,
        Err(r) => return r,
    };
    let worker = Arc::clone(&app);
    let page = tokio::task::spawn_blocking(move || shared::facility(&worker, &account, &id, lang))
        .await
        .ok()
        .flatten();
    match page {
        Some(p) => html_page(StatusCode::OK, p, cookie),
        None => not_found(State(app), Query(q), headers).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(bytes: usize) -> Arc<Batch> {
        Arc::new(Batch {
            files: vec![Upload {
                name: "a.yaml".to_owned(),
                bytes: vec![0u8; bytes].into(),
                in_folder: false,
            }],
            date: chrono::NaiveDate::MIN,
        })
    }

    #[test]
    fn the_held_uploads_stay_within_their_count_and_bytes_the_oldest_let_go_first() {
        let mut held = Held::default();
        for i in 0..=MAX_HELD_BATCHES {
            held.add(format!("b{i}"), batch(1));
        }
        assert_eq!(held.batches.len(), MAX_HELD_BATCHES);
        assert!(held.get("b0").is_none(), "the oldest is let go");
        assert!(held.get(&format!("b{MAX_HELD_BATCHES}")).is_some());
        let big = MAX_HELD_BYTES / 2 + 1;
        held.add("big1".to_owned(), batch(big));
        held.add("big2".to_owned(), batch(big));
        assert!(held.bytes <= MAX_HELD_BYTES, "{}", held.bytes);
        assert!(held.get("big2").is_some() && held.get("big1").is_none());
        assert_eq!(
            held.bytes,
            held.batches.iter().map(|(_, b)| b.bytes()).sum::<usize>()
        );
    }
}
