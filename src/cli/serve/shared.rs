//! Shared mode (`serve --shared --data DIR --roster FILE`): accounts, sessions and CSRF tokens;
//! each upload recorded into the history database `--record` writes (`DIR/history.db`), with
//! its files, so that a supervisor sees every round; a town's account sees and submits its
//! own town's facilities only, as the roster places them (`check::coverage::town_of`).
//!
//! Sessions are in an HttpOnly, SameSite=Strict cookie, Secure unless the server binds a
//! loopback address (a test or a single machine: a browser sends no Secure cookie over plain
//! HTTP, and the bureau's TLS reverse proxy is in front of any other binding). Every form
//! carries the session's CSRF token (the login form a double-submitted one); a POST without
//! it is refused (403).

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OptionalExtension as _, params};

use super::upload::{self, Upload};
use super::{App, Batch, page};
use crate::cli::accounts::{self, User};
use crate::cli::history::Recorder;
use crate::i18n::Lang;
use crate::report::escape::html;
use crate::report::{Format, Outcome};

/// The session cookie's name.
const SESSION: &str = "sc_session";
/// The login form's double-submitted CSRF cookie.
const LOGIN_CSRF: &str = "sc_login";

/// What shared mode adds to the server.
pub(super) struct Shared {
    /// The data folder (its `history.db`).
    pub data: std::path::PathBuf,
    /// Cookies are Secure (the server binds a non-loopback address).
    pub secure: bool,
}

/// A logged-in account: who, its session's CSRF token, and its town in the roster (None:
/// the district's).
#[derive(Clone)]
pub(super) struct Account {
    pub user: User,
    pub csrf: String,
    /// The town's name as the roster writes it.
    pub town: Option<String>,
}

impl Account {
    /// Whether this account may see a facility placed in `town` (None: placed nowhere).
    fn sees(&self, town: Option<&str>) -> bool {
        match &self.town {
            None => true,
            Some(mine) => town == Some(mine.as_str()),
        }
    }
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
}

/// Runs blocking work (the database, Argon2) off the async workers.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

fn connect(app: &App) -> Option<Connection> {
    let shared = app.shared.as_ref()?;
    accounts::open_data(&shared.data).ok()
}

/// The roster town of a town account (by name or code), None for the district's; `Err` when
/// the account's town is not in the roster (it then sees nothing).
fn town_of_account(app: &App, user: &User) -> Result<Option<String>, ()> {
    let Some(t) = &user.town else { return Ok(None) };
    let roster = app.roster.as_ref().ok_or(())?;
    roster
        .towns
        .iter()
        .find(|x| x.name == *t || x.code == *t)
        .map(|x| Some(x.name.clone()))
        .ok_or(())
}

/// The account of a request's session, if any.
pub(super) async fn account(app: &Arc<App>, headers: &HeaderMap) -> Option<Account> {
    let token = cookie(headers, SESSION)?;
    let a = Arc::clone(app);
    let found = blocking(move || accounts::session(&connect(&a)?, &token).ok().flatten())
        .await
        .flatten()?;
    let (user, csrf) = found;
    let town = town_of_account(app, &user).ok()?;
    Some(Account { user, csrf, town })
}

/// Whether a submitted token is the session's (compared in constant time).
pub(super) fn csrf_ok(account: &Account, sent: Option<&str>) -> bool {
    use subtle::ConstantTimeEq as _;
    sent.is_some_and(|s| bool::from(s.as_bytes().ct_eq(account.csrf.as_bytes())))
}

/// For an upload form's fields: the refusal (403) when a session's form came without its CSRF
/// token; None when it carries it, or when there is no session (local mode).
pub(super) fn csrf_refused(
    account: Option<&Account>,
    fields: &[(String, String)],
    lang: Lang,
) -> Option<Response> {
    let a = account?;
    let sent = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str());
    (!csrf_ok(a, sent)).then(|| forbidden(lang))
}

/// The hidden field every form of a session carries.
pub(super) fn csrf_field(account: &Account) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        html(&account.csrf)
    )
}

/// The refusal of a POST without the session's CSRF token.
pub(super) fn forbidden(lang: Lang) -> Response {
    super::html_page(
        StatusCode::FORBIDDEN,
        page::message(
            lang,
            lang.pick("请求被拒绝", "Request refused"),
            lang.pick(
                "表单已失效或来源不明（缺少校验码），请返回页面重新提交。",
                "the form is stale or did not come from this site (its check token is missing); go back and send it again.",
            ),
        ),
        None,
    )
}

/// Where a request without a login goes.
pub(super) fn to_login() -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    r.headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static("/login"));
    r
}

/// The links of a logged-in account in the bar: the facilities, who, log out.
pub(super) fn bar_extra(lang: Lang, a: &Account) -> String {
    let who = match &a.town {
        Some(t) => format!("{}{}", a.user.name, lang.paren(t)),
        None => format!(
            "{}{}",
            a.user.name,
            lang.paren(lang.pick("区级", "district"))
        ),
    };
    format!(
        "<a href=\"/district\">{}</a><span class=\"sc-group\"><span>{}</span><form method=\"post\" action=\"/logout\">{}<button type=\"submit\">{}</button></form></span>",
        lang.pick("设施一览", "Facilities"),
        html(&who),
        csrf_field(a),
        lang.pick("退出登录", "Log out"),
    )
}

fn session_cookie(app: &App, value: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = app.shared.as_ref().is_some_and(|s| s.secure);
    HeaderValue::from_str(&format!(
        "{SESSION}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    ))
    .ok()
}

/// The login page, with a fresh double-submitted token (cookie and field).
pub(super) fn login_page(
    app: &App,
    lang: Lang,
    status: StatusCode,
    error: Option<&str>,
) -> Response {
    let Some(token) = accounts::random_token() else {
        return super::refused(lang, StatusCode::INTERNAL_SERVER_ERROR, "", None);
    };
    let error = error.map_or_else(String::new, |e| {
        format!("<p class=\"sc-error\" role=\"alert\">{}</p>\n", html(e))
    });
    let body = format!(
        "<h1>{}</h1>\n<p class=\"lead\">{}</p>\n{error}<form class=\"sc-upload\" method=\"post\" action=\"/login\">\n<input type=\"hidden\" name=\"csrf\" value=\"{token}\">\n<fieldset><label class=\"sc-pick\" for=\"name\">{}</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required></fieldset>\n<fieldset><label class=\"sc-pick\" for=\"password\">{}</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></fieldset>\n<button type=\"submit\" id=\"login\">{}</button>\n</form>\n",
        lang.pick("登录", "Log in"),
        lang.pick(
            "区级账号可查看全区各镇（街道）的设施；镇（街道）账号只能查看和提交本镇（街道）的设施。",
            "A district account sees every town's facilities; a town's account sees and submits its own town's only.",
        ),
        lang.pick("登录名", "Login name"),
        lang.pick("密码", "Password"),
        lang.pick("登录", "Log in"),
    );
    let mut r = super::html_page(
        status,
        page::page(
            lang,
            lang.pick("sitecheck 登录", "sitecheck: log in"),
            &page::bar(lang, "/login", ""),
            &body,
        ),
        None,
    );
    let secure = app.shared.as_ref().is_some_and(|s| s.secure);
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{LOGIN_CSRF}={token}; Path=/login; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// The login form's fields.
#[derive(serde::Deserialize)]
pub(super) struct LoginForm {
    name: Option<String>,
    password: Option<String>,
    csrf: Option<String>,
}

/// Logs in: the double-submitted token first (403 without it), then the name and password
/// (401 when wrong, saying no more than that).
pub(super) async fn login(
    app: Arc<App>,
    lang: Lang,
    headers: &HeaderMap,
    form: LoginForm,
) -> Response {
    use subtle::ConstantTimeEq as _;
    let expected = cookie(headers, LOGIN_CSRF).unwrap_or_default();
    let sent = form.csrf.unwrap_or_default();
    if expected.is_empty() || !bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) {
        return forbidden(lang);
    }
    let (name, password) = (
        form.name.unwrap_or_default(),
        form.password.unwrap_or_default(),
    );
    let a = Arc::clone(&app);
    let done = blocking(move || {
        let conn = connect(&a)?;
        let user = accounts::login(&conn, name.trim(), &password).ok()??;
        // A town account whose town the roster does not list would see nothing: said.
        if town_of_account(&a, &user).is_err() {
            return Some(Err(user.town.unwrap_or_default()));
        }
        accounts::begin_session(&conn, user.id)
            .ok()
            .flatten()
            .map(Ok)
    })
    .await
    .flatten();
    if let Some(Err(town)) = &done {
        return super::refused(
            lang,
            StatusCode::FORBIDDEN,
            &match lang {
                Lang::Zh => format!(
                    "本账号所属的镇（街道）“{town}”不在名册中，无法使用。请管理员核对名册或重新设置账号。"
                ),
                Lang::En => format!(
                    "this account's town, “{town}”, is not in the roster, so it can see nothing. Ask the administrator to check the roster or the account."
                ),
            },
            None,
        );
    }
    let Some(Ok((token, _))) = done else {
        return login_page(
            &app,
            lang,
            StatusCode::UNAUTHORIZED,
            Some(lang.pick(
                "登录名或密码不正确，或账号已停用。",
                "wrong login name or password, or the account is disabled.",
            )),
        );
    };
    let mut r = StatusCode::SEE_OTHER.into_response();
    r.headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static("/"));
    if let Some(c) = session_cookie(&app, &token, accounts::SESSION_SECONDS) {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

/// Logs out (the session's token required).
pub(super) async fn logout(
    app: Arc<App>,
    lang: Lang,
    headers: &HeaderMap,
    csrf: Option<&str>,
) -> Response {
    let Some(account) = account(&app, headers).await else {
        return to_login();
    };
    if !csrf_ok(&account, csrf) {
        return forbidden(lang);
    }
    if let Some(token) = cookie(headers, SESSION) {
        let a = Arc::clone(&app);
        let _ = blocking(move || connect(&a).map(|c| accounts::end_session(&c, &token))).await;
    }
    let mut r = to_login();
    if let Some(c) = session_cookie(&app, "", 0) {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

/// A submission: the files kept (its town's), and the names of those refused (another
/// town's facility).
pub(super) struct Submitted {
    pub key: String,
    pub refused: Vec<String>,
}

/// Why a submission was not kept.
pub(super) enum NotKept {
    /// Every file is another town's.
    AllRefused(Vec<String>),
    /// The database failed.
    Failed,
}

/// Checks an upload as `check --record` does and records it, with its files, for `account`:
/// a town's account keeps only its town's facilities (a file that cannot be read or checked
/// is kept: its submitter sees why). Runs on a blocking thread.
pub(super) fn submit(
    app: &App,
    account: &Account,
    files: &[Upload],
    date: chrono::NaiveDate,
) -> Result<Submitted, NotKept> {
    let shared = app.shared.as_ref().ok_or(NotKept::Failed)?;
    let orders = crate::model::orders::Orders::default();
    // Which files are the account's: each checked once to find its facility and place it.
    let mut kept = Vec::new();
    let mut refused = Vec::new();
    let mut towns: Vec<(String, Option<String>)> = Vec::new();
    for u in upload::ordered(files) {
        let input = upload::held(u);
        let entry = crate::cli::check_one(&input, None, &app.choice, &[], &orders, None, date);
        let town = match &entry.outcome {
            Outcome::Checked(a) => {
                let f = &a.inventory.facility;
                let town = app.roster.as_ref().and_then(|r| {
                    crate::check::coverage::town_of(r, &f.id, f.region.as_deref())
                        .and_then(|i| r.towns.get(i))
                        .map(|t| t.name.clone())
                });
                Some((f.id.clone(), town))
            }
            Outcome::Failed { .. } => None,
        };
        match town {
            Some((id, town)) if !account.sees(town.as_deref()) => {
                refused.push(format!("{}（{id}）", u.name));
            }
            Some((id, town)) => {
                towns.push((id, town));
                kept.push(u.clone());
            }
            None => kept.push(u.clone()),
        }
    }
    if kept.is_empty() {
        return Err(NotKept::AllRefused(refused));
    }
    let key = super::random_id().ok_or(NotKept::Failed)?;
    let db = accounts::database(&shared.data);
    let recorder = Recorder::begin(&db, &date.to_string()).map_err(|_| NotKept::Failed)?;
    let submitted = chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string();
    {
        let mut r = recorder.lock().map_err(|_| NotKept::Failed)?;
        r.within(|conn, run| {
            conn.execute(
                "INSERT INTO submissions (key, run_id, user_id, submitted) VALUES (?1, ?2, ?3, ?4)",
                params![key, run, account.user.id, submitted],
            )?;
            let id = conn.last_insert_rowid();
            for (seq, f) in kept.iter().enumerate() {
                conn.execute(
                    "INSERT INTO submission_files (submission_id, seq, name, in_folder, bytes) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        id,
                        i64::try_from(seq).unwrap_or(i64::MAX),
                        f.name,
                        f.in_folder,
                        &f.bytes[..]
                    ],
                )?;
            }
            for (facility, town) in &towns {
                conn.execute(
                    "INSERT OR REPLACE INTO facility_towns (facility, town) VALUES (?1, ?2)",
                    params![facility, town],
                )?;
            }
            Ok(())
        })
        .ok_or(NotKept::Failed)?;
    }
    // The run itself, through the function `check` draws with; recorded as `--record` does.
    let batch = Batch { files: kept, date };
    let mut sink = Vec::new();
    super::render_into(
        app,
        &batch,
        Format::Json,
        Lang::En,
        Some(&recorder),
        &mut sink,
    )
    .map_err(|_| NotKept::Failed)?;
    recorder
        .into_inner()
        .map_err(|_| NotKept::Failed)?
        .finish()
        .map_err(|_| NotKept::Failed)?;
    Ok(Submitted { key, refused })
}

/// A submission's files and date, when `account` may see it (its own, or any for the
/// district's).
pub(super) fn submission(app: &App, account: &Account, key: &str) -> Option<Batch> {
    let conn = connect(app)?;
    let (id, user, evaluated): (i64, i64, String) = conn
        .query_row(
            "SELECT s.id, s.user_id, r.evaluated FROM submissions s JOIN runs r ON r.id = s.run_id \
             WHERE s.key = ?1",
            params![key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .ok()??;
    if account.town.is_some() && user != account.user.id {
        return None;
    }
    let files = conn
        .prepare(
            "SELECT name, in_folder, bytes FROM submission_files WHERE submission_id = ?1 ORDER BY seq",
        )
        .ok()?
        .query_map(params![id], |r| {
            let bytes: Vec<u8> = r.get(2)?;
            Ok(Upload {
                name: r.get(0)?,
                in_folder: r.get(1)?,
                bytes: bytes.into(),
            })
        })
        .ok()?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ok()?;
    let date = chrono::NaiveDate::parse_from_str(&evaluated, "%Y-%m-%d").ok()?;
    Some(Batch { files, date })
}

/// One facility's latest survey, as the facilities page lists it.
struct Latest {
    facility: String,
    name: Option<String>,
    level: String,
    town: Option<String>,
    verdict: String,
    date: String,
    failing_required: i64,
}

const LATEST: &str = "SELECT s.facility, s.name, s.level, ft.town, s.verdict, \
     COALESCE(s.survey_date, r.evaluated), s.failing_required \
     FROM surveys s JOIN runs r ON r.id = s.run_id \
     LEFT JOIN facility_towns ft ON ft.facility = s.facility \
     WHERE s.id = (SELECT s2.id FROM surveys s2 JOIN runs r2 ON r2.id = s2.run_id \
       WHERE s2.facility = s.facility \
       ORDER BY COALESCE(s2.survey_date, r2.evaluated) DESC, s2.run_id DESC, s2.id DESC LIMIT 1) \
     AND (?1 IS NULL OR ft.town = ?1) \
     ORDER BY ft.town, s.facility";

fn latest(conn: &Connection, town: Option<&str>) -> rusqlite::Result<Vec<Latest>> {
    conn.prepare(LATEST)?
        .query_map(params![town], |r| {
            Ok(Latest {
                facility: r.get(0)?,
                name: r.get(1)?,
                level: r.get(2)?,
                town: r.get(3)?,
                verdict: r.get(4)?,
                date: r.get(5)?,
                failing_required: r.get(6)?,
            })
        })?
        .collect()
}

fn verdict_words(lang: Lang, v: &str) -> &'static str {
    match v {
        "compliant" => lang.pick("合格", "compliant"),
        "non_compliant" => lang.pick("不合格", "non-compliant"),
        "incomplete" => lang.pick("待补充核查", "incomplete"),
        _ => lang.pick("无法核查", "error"),
    }
}

/// A path segment, percent-encoded (a facility id in a link).
fn segment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn level_name(app: &App, lang: Lang, id: &str) -> String {
    app.levels
        .iter()
        .find(|l| l.id == id)
        .map_or_else(|| id.to_owned(), |l| l.name.get(lang).to_owned())
}

/// The facilities page: each facility's latest survey (a town's only, for its account), and
/// for the district every round's compliance.
pub(super) fn district(app: &App, account: &Account, lang: Lang) -> Option<String> {
    let conn = connect(app)?;
    let rows = latest(&conn, account.town.as_deref()).ok()?;
    let mut body = format!(
        "<h1>{}</h1>\n<p class=\"lead\">{}</p>\n",
        lang.pick("设施一览", "Facilities"),
        html(&match (&account.town, lang) {
            (Some(t), Lang::Zh) => format!("{t}各设施最近一次核查的结论。"),
            (Some(t), Lang::En) => format!("The latest survey of each facility of {t}."),
            (None, Lang::Zh) => "全区各设施最近一次核查的结论。".to_owned(),
            (None, Lang::En) => "The latest survey of each facility of the district.".to_owned(),
        }),
    );
    if rows.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            lang.pick("还没有提交过核查。", "Nothing has been submitted yet.")
        );
    } else {
        let _ = writeln!(
            body,
            "<table class=\"sc-table\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            lang.pick("设施", "Facility"),
            lang.pick("层级", "Level"),
            lang.pick("镇（街道）", "Town"),
            lang.pick("结论", "Verdict"),
            lang.pick("核查日期", "Surveyed"),
            lang.pick("必改项不符合", "Required failing"),
        );
        for r in &rows {
            let name = r.name.as_deref().unwrap_or(&r.facility);
            let _ = writeln!(
                body,
                "<tr><td><a href=\"/facility/{}\">{}</a><br><small>{}</small></td><td>{}</td><td>{}</td><td class=\"sc-{}\">{}</td><td>{}</td><td>{}</td></tr>",
                segment(&r.facility),
                html(name),
                html(&r.facility),
                html(&level_name(app, lang, &r.level)),
                html(r.town.as_deref().unwrap_or("—")),
                html(&r.verdict),
                verdict_words(lang, &r.verdict),
                html(&r.date),
                r.failing_required,
            );
        }
        body.push_str("</tbody></table>\n");
    }
    if account.town.is_none() {
        let db = accounts::database(&app.shared.as_ref()?.data);
        if let Ok((rounds, _)) = crate::cli::history::read(&db, None) {
            let _ = writeln!(
                body,
                "<h2>{}</h2>\n<table class=\"sc-table\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                lang.pick("历次提交", "Every submission"),
                lang.pick("轮次", "Round"),
                lang.pick("评估日期", "Evaluated"),
                lang.pick("设施数", "Facilities"),
                lang.pick("合格", "Compliant"),
            );
            for r in &rounds {
                let _ = writeln!(
                    body,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    r.run,
                    html(&r.evaluated),
                    r.facilities,
                    r.compliant
                );
            }
            body.push_str("</tbody></table>\n");
        }
    }
    Some(page::page(
        lang,
        lang.pick("sitecheck 设施一览", "sitecheck: facilities"),
        &page::bar(lang, "/district", &bar_extra(lang, account)),
        &body,
    ))
}

/// One facility's surveys and its latest findings, when `account` may see it; None (a 404,
/// naming nothing) otherwise.
pub(super) fn facility(app: &App, account: &Account, id: &str, lang: Lang) -> Option<String> {
    let conn = connect(app)?;
    let town: Option<Option<String>> = conn
        .query_row(
            "SELECT town FROM facility_towns WHERE facility = ?1",
            params![id],
            |r| r.get(0),
        )
        .optional()
        .ok()?;
    if !account.sees(town.clone().flatten().as_deref()) {
        return None;
    }
    let db = accounts::database(&app.shared.as_ref()?.data);
    let (_, surveys) = crate::cli::history::read(&db, Some(id)).ok()?;
    let last = surveys.last()?;
    let name = last.name.clone().unwrap_or_else(|| id.to_owned());
    let mut body = format!(
        "<h1>{}</h1>\n<p class=\"lead\">{} · {}</p>\n<h2>{}</h2>\n<table class=\"sc-table\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        html(&name),
        html(id),
        html(town.flatten().as_deref().unwrap_or("—")),
        lang.pick("历次核查", "Every survey"),
        lang.pick("核查日期", "Surveyed"),
        lang.pick("结论", "Verdict"),
        lang.pick("必改项不符合", "Required failing"),
        lang.pick("建议项不符合", "Advisories failing"),
        lang.pick("标准", "Standard"),
    );
    for s in &surveys {
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td class=\"sc-{}\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            html(s.survey_date.as_deref().unwrap_or(&s.evaluated)),
            html(&s.verdict),
            verdict_words(lang, &s.verdict),
            s.failing_required,
            s.failing_advisory,
            html(&s.standard),
        );
    }
    body.push_str("</tbody></table>\n");
    body.push_str(&wanting(app, &conn, id, lang)?);
    Some(page::page(
        lang,
        &name,
        &page::bar(
            lang,
            &format!("/facility/{}", segment(id)),
            &bar_extra(lang, account),
        ),
        &body,
    ))
}

/// What a facility's latest survey found wanting (its findings that are not passes), as HTML.
fn wanting(app: &App, conn: &Connection, id: &str, lang: Lang) -> Option<String> {
    let mut body = String::new();
    let findings = conn
        .prepare(
            "SELECT f.clause, f.requirement, f.status, f.actual FROM findings f \
             WHERE f.survey_id = (SELECT s.id FROM surveys s JOIN runs r ON r.id = s.run_id \
               WHERE s.facility = ?1 ORDER BY COALESCE(s.survey_date, r.evaluated) DESC, \
               s.run_id DESC, s.id DESC LIMIT 1) AND f.status <> 'pass' ORDER BY f.requirement",
        )
        .ok()?
        .query_map(params![id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .ok()?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ok()?;
    let _ = writeln!(
        body,
        "<h2>{}</h2>",
        lang.pick("最近一次核查的问题", "What the latest survey found wanting")
    );
    if findings.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", lang.pick("无。", "Nothing."));
    } else {
        let _ = writeln!(
            body,
            "<table class=\"sc-table\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            lang.pick("条款", "Article"),
            lang.pick("要求", "Requirement"),
            lang.pick("结果", "Result"),
            lang.pick("实测", "Found"),
        );
        for (clause, req, status, actual) in &findings {
            let status_words = match status.as_str() {
                "fail" => lang.pick("不符合", "fail"),
                "not_assessed" => lang.pick("未核查", "not assessed"),
                "waived" => lang.pick("已豁免", "waived"),
                _ => lang.pick("其他", "other"),
            };
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{status_words}</td><td>{}</td></tr>",
                html(clause),
                html(&requirement_name(app, req, lang)),
                html(&found(actual.as_deref(), lang)),
            );
        }
        body.push_str("</tbody></table>\n");
    }
    Some(body)
}

/// A requirement's name in the standard the page draws forms with (its id when that
/// standard has no such requirement: another edition's).
fn requirement_name(app: &App, id: &str, lang: Lang) -> String {
    app.standard
        .levels
        .iter()
        .flat_map(|l| &l.requirements)
        .find(|r| r.id == id)
        .map_or_else(|| id.to_owned(), |r| r.name.get(lang).to_owned())
}

/// A measured value as recorded (JSON), in words: text without quotes, yes or no.
fn found(actual: Option<&str>, lang: Lang) -> String {
    match actual.and_then(|a| serde_json::from_str::<serde_json::Value>(a).ok()) {
        None | Some(serde_json::Value::Null) => "—".to_owned(),
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Bool(b)) => lang
            .pick(if b { "有" } else { "无" }, if b { "yes" } else { "no" })
            .to_owned(),
        Some(v) => v.to_string(),
    }
}

/// Whether the data folder's database opens (created and brought up to date): checked once
/// at start, so that a bad `--data` is said before the address is printed.
pub(super) fn check_data(data: &Path) -> Result<(), crate::diagnostic::Problem> {
    if let Err(e) = std::fs::create_dir_all(data) {
        return Err(crate::diagnostic::Problem::new(
            crate::diagnostic::Code::Unreadable,
            crate::i18n::Text::new(
                format!("无法创建数据文件夹：{e}"),
                format!("cannot create the data folder: {e}"),
            ),
            None,
        ));
    }
    accounts::open_data(data).map(|_| ())
}
