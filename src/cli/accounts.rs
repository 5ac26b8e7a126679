//! The accounts of `serve --shared`, kept in the history database (`DIR/history.db`, schema
//! version 2): `sitecheck users add|list|disable --data DIR` manages them, the server logs them
//! in. A password is hashed with Argon2id (memory-hard) and read from standard input or a
//! prompt, never from the command line; a session's cookie value is stored only as its SHA-256.

use std::fmt::Write as _;
use std::io::{BufRead as _, IsTerminal as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use rusqlite::{Connection, OptionalExtension as _, params};

use super::history::{open, sql_problem};
use super::{LangArg, lang_of};
use crate::diagnostic::Problem;
use crate::i18n::Lang;

pub(super) const EXAMPLES: &str = "Examples:
  sitecheck users add wangmin --town 张村镇 --data /var/lib/sitecheck    a town's account
  sitecheck users add liqiang --district --data /var/lib/sitecheck        sees every town
  printf '%s\\n' \"$PASSWORD\" | sitecheck users add zhao --town 桥头镇 --data DIR
  sitecheck users list --data /var/lib/sitecheck
  sitecheck users disable wangmin --data /var/lib/sitecheck

The password is read from standard input (its first line) or, at a terminal, asked for twice
without echo; never from the command line, where other users of the machine could see it.";

/// The history database of a data folder.
pub(super) fn database(data: &Path) -> PathBuf {
    data.join("history.db")
}

/// Shortest password accepted.
const MIN_PASSWORD_CHARS: usize = 10;
/// How long a login lasts, in seconds (a working day and a half).
pub(super) const SESSION_SECONDS: i64 = 12 * 60 * 60;

#[derive(Debug, Subcommand)]
pub(super) enum UsersCommand {
    /// Add an account: a town's (sees and submits its town's facilities) or the district's.
    #[command(
        after_help = "Examples:\n  sitecheck users add wangmin --town 张村镇 --data /var/lib/sitecheck\n  printf '%s\\n' \"$PASSWORD\" | sitecheck users add liqiang --district --data /var/lib/sitecheck\n\nThe password is read from standard input (its first line) or, at a terminal, asked for twice\nwithout echo; never from the command line."
    )]
    Add(AddArgs),
    /// List the accounts.
    #[command(after_help = "Examples:\n  sitecheck users list --data /var/lib/sitecheck")]
    List(DataArgs),
    /// Disable an account (its logins end at once).
    #[command(
        after_help = "Examples:\n  sitecheck users disable wangmin --data /var/lib/sitecheck"
    )]
    Disable(DisableArgs),
}

#[derive(Debug, Args)]
pub(super) struct DataArgs {
    /// The data folder of `serve --shared` (its history.db).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Language of the messages.
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
}

#[derive(Debug, Args)]
pub(super) struct AddArgs {
    /// The login name.
    name: String,
    /// The town (镇/街道) the account belongs to, by its name or code in the roster.
    #[arg(
        long,
        value_name = "TOWN",
        required_unless_present = "district",
        conflicts_with = "district"
    )]
    town: Option<String>,
    /// The account is the district's: it sees every town.
    #[arg(long)]
    district: bool,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Debug, Args)]
pub(super) struct DisableArgs {
    /// The login name.
    name: String,
    #[command(flatten)]
    data: DataArgs,
}

/// An account.
#[derive(Clone, Debug)]
pub(super) struct User {
    pub id: i64,
    pub name: String,
    /// The town, as given at `users add` (None: the district's).
    pub town: Option<String>,
    pub disabled: bool,
    pub created: String,
}

pub(super) fn run(cmd: &UsersCommand) -> ExitCode {
    let result = match cmd {
        UsersCommand::Add(a) => add(a),
        UsersCommand::List(d) => list(d),
        UsersCommand::Disable(d) => disable(d),
    };
    result.unwrap_or_else(|c| c)
}

fn fail(lang: Lang, zh: &str, en: &str) -> ExitCode {
    say!("sitecheck users: {}", lang.pick(zh, en));
    ExitCode::from(2)
}

/// Opens (creating) the data folder's database; its problem shown.
fn connect(data: &Path, lang: Lang) -> Result<Connection, ExitCode> {
    if let Err(e) = std::fs::create_dir_all(data) {
        say!(
            "sitecheck users: {} {}: {e}",
            lang.pick("无法创建数据文件夹", "cannot create the data folder"),
            crate::report::escape::terminal(&data.display().to_string())
        );
        return Err(ExitCode::from(2));
    }
    let db = database(data);
    open(&db, true).map_err(|p| {
        super::eprint_problems(&db.display().to_string(), None, &[p], lang);
        ExitCode::from(2)
    })
}

/// The password: the first line of standard input, or at a terminal asked twice without echo.
fn read_password(lang: Lang) -> Result<String, ExitCode> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(lang.pick("密码：", "Password: "));
        let again = rpassword::prompt_password(lang.pick("再次输入密码：", "Password again: "));
        match (first, again) {
            (Ok(a), Ok(b)) if a == b => a,
            (Ok(_), Ok(_)) => {
                return Err(fail(lang, "两次输入的密码不一致", "the passwords differ"));
            }
            _ => return Err(fail(lang, "无法读取密码", "cannot read the password")),
        }
    } else {
        let mut line = String::new();
        let mut stdin = std::io::stdin().lock();
        if std::io::Read::take(&mut stdin, 4096)
            .read_line(&mut line)
            .is_err()
        {
            return Err(fail(lang, "无法读取密码", "cannot read the password"));
        }
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(fail(
            lang,
            &format!("密码太短：至少 {MIN_PASSWORD_CHARS} 个字符"),
            &format!("the password is too short: at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(password)
}

/// Argon2id's PHC string of a password, with a fresh salt.
pub(super) fn hash(password: &str) -> Option<String> {
    use argon2::password_hash::{PasswordHasher as _, SaltString};
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).ok()?;
    let salt = SaltString::encode_b64(&salt).ok()?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .ok()
        .map(|h| h.to_string())
}

/// Whether a password is the one hashed in a PHC string.
fn verify(password: &str, phc: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier as _};
    PasswordHash::new(phc).is_ok_and(|h| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash no password matches, checked when the name is unknown: a login takes as long for an
/// unknown name as for a wrong password.
fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("sitecheck decoy, matched by no login").unwrap_or_default())
}

fn add(a: &AddArgs) -> Result<ExitCode, ExitCode> {
    let lang = lang_of(a.data.lang);
    let name = a.name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(fail(
            lang,
            "登录名须为 1 至 64 个字符，不含控制字符",
            "a login name is 1 to 64 characters, with no control characters",
        ));
    }
    let conn = connect(&a.data.data, lang)?;
    let password = read_password(lang)?;
    let Some(phc) = hash(&password) else {
        return Err(fail(lang, "无法生成密码散列", "cannot hash the password"));
    };
    let town = a.town.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let created = chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
    let db = database(&a.data.data);
    match conn.execute(
        "INSERT INTO users (name, password, town, created) VALUES (?1, ?2, ?3, ?4)",
        params![name, phc, town, created],
    ) {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            return Err(fail(
                lang,
                &format!("已有名为 {} 的账号", crate::report::escape::terminal(name)),
                &format!(
                    "there is already an account named {}",
                    crate::report::escape::terminal(name)
                ),
            ));
        }
        Err(e) => {
            let p = sql_problem(&db, &e);
            super::eprint_problems(&db.display().to_string(), None, &[p], lang);
            return Err(ExitCode::from(2));
        }
    }
    let shown = crate::report::escape::terminal(name);
    say!(
        "{}",
        match (lang, town) {
            (Lang::Zh, Some(t)) => format!(
                "已添加账号 {shown}（{}）",
                crate::report::escape::terminal(t)
            ),
            (Lang::Zh, None) => format!("已添加账号 {shown}（区级，可查看全部镇街）"),
            (Lang::En, Some(t)) => format!(
                "account {shown} added (town: {})",
                crate::report::escape::terminal(t)
            ),
            (Lang::En, None) => format!("account {shown} added (the district's: sees every town)"),
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Every account, by name.
pub(super) fn users(conn: &Connection) -> rusqlite::Result<Vec<User>> {
    conn.prepare("SELECT id, name, town, disabled, created FROM users ORDER BY name")?
        .query_map([], |r| {
            Ok(User {
                id: r.get(0)?,
                name: r.get(1)?,
                town: r.get(2)?,
                disabled: r.get(3)?,
                created: r.get(4)?,
            })
        })?
        .collect()
}

fn list(d: &DataArgs) -> Result<ExitCode, ExitCode> {
    let lang = lang_of(d.lang);
    let conn = connect(&d.data, lang)?;
    let db = database(&d.data);
    let all = users(&conn).map_err(|e| {
        super::eprint_problems(
            &db.display().to_string(),
            None,
            &[sql_problem(&db, &e)],
            lang,
        );
        ExitCode::from(2)
    })?;
    let mut out = String::new();
    for u in &all {
        let scope = u.town.as_deref().map_or_else(
            || lang.pick("区级", "district").to_owned(),
            crate::report::escape::terminal,
        );
        let state = if u.disabled {
            lang.pick("已停用", "disabled")
        } else {
            lang.pick("可用", "active")
        };
        let _ = writeln!(
            out,
            "{}\t{scope}\t{state}\t{}",
            crate::report::escape::terminal(&u.name),
            u.created
        );
    }
    if all.is_empty() {
        say!("{}", lang.pick("还没有账号", "no accounts yet"));
    }
    Ok(super::output::print(
        out.as_bytes(),
        lang,
        ("账号列表", "accounts"),
    ))
}

fn disable(d: &DisableArgs) -> Result<ExitCode, ExitCode> {
    let lang = lang_of(d.data.lang);
    let conn = connect(&d.data.data, lang)?;
    let db = database(&d.data.data);
    let done = conn
        .execute(
            "UPDATE users SET disabled = 1 WHERE name = ?1",
            params![d.name],
        )
        .and_then(|n| {
            conn.execute(
                "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE name = ?1)",
                params![d.name],
            )?;
            Ok(n)
        });
    let shown = crate::report::escape::terminal(&d.name);
    match done {
        Ok(0) => Err(fail(
            lang,
            &format!("没有名为 {shown} 的账号"),
            &format!("no account named {shown}"),
        )),
        Ok(_) => {
            say!(
                "{}",
                match lang {
                    Lang::Zh => format!("已停用账号 {shown}，其登录已全部失效"),
                    Lang::En => format!("account {shown} disabled; its logins have ended"),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            super::eprint_problems(
                &db.display().to_string(),
                None,
                &[sql_problem(&db, &e)],
                lang,
            );
            Err(ExitCode::from(2))
        }
    }
}

/// The SHA-256 of a session's cookie value, as stored.
fn token_hash(token: &str) -> String {
    use sha2::Digest as _;
    let d = sha2::Sha256::digest(token.as_bytes());
    let mut s = String::with_capacity(64);
    for b in d {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// A random token (256 bits, hex).
pub(super) fn random_token() -> Option<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).ok()?;
    let mut s = String::with_capacity(64);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    Some(s)
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Logs in: the account, when the name is known, enabled and the password right. Every
/// refusal takes one Argon2 verification, so that none tells which part was wrong.
pub(super) fn login(
    conn: &Connection,
    name: &str,
    password: &str,
) -> rusqlite::Result<Option<User>> {
    let row: Option<(User, String)> = conn
        .query_row(
            "SELECT id, name, town, disabled, created, password FROM users WHERE name = ?1",
            params![name],
            |r| {
                Ok((
                    User {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        town: r.get(2)?,
                        disabled: r.get(3)?,
                        created: r.get(4)?,
                    },
                    r.get(5)?,
                ))
            },
        )
        .optional()?;
    Ok(match row {
        Some((u, phc)) => (verify(password, &phc) && !u.disabled).then_some(u),
        None => {
            let _ = verify(password, decoy());
            None
        }
    })
}

/// Begins a session: its cookie value and its CSRF token.
pub(super) fn begin_session(
    conn: &Connection,
    user: i64,
) -> rusqlite::Result<Option<(String, String)>> {
    let (Some(token), Some(csrf)) = (random_token(), random_token()) else {
        return Ok(None);
    };
    conn.execute("DELETE FROM sessions WHERE expires < ?1", params![now()])?;
    conn.execute(
        "INSERT INTO sessions (token, user_id, csrf, expires) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash(&token), user, csrf, now() + SESSION_SECONDS],
    )?;
    Ok(Some((token, csrf)))
}

/// The account and CSRF token of a live session (an enabled account's, not expired).
pub(super) fn session(conn: &Connection, token: &str) -> rusqlite::Result<Option<(User, String)>> {
    conn.query_row(
        "SELECT u.id, u.name, u.town, u.disabled, u.created, s.csrf FROM sessions s \
         JOIN users u ON u.id = s.user_id \
         WHERE s.token = ?1 AND s.expires >= ?2 AND u.disabled = 0",
        params![token_hash(token), now()],
        |r| {
            Ok((
                User {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    town: r.get(2)?,
                    disabled: r.get(3)?,
                    created: r.get(4)?,
                },
                r.get(5)?,
            ))
        },
    )
    .optional()
}

/// Ends a session.
pub(super) fn end_session(conn: &Connection, token: &str) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM sessions WHERE token = ?1",
        params![token_hash(token)],
    )
    .map(|_| ())
}

/// Opens the data folder's database for the server (created and brought up to date).
pub(super) fn open_data(data: &Path) -> Result<Connection, Problem> {
    open(&database(data), true)
}
