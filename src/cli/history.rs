//! The survey history (`check --record DB`, `check --baseline DB`, `sitecheck history DB`): every
//! run appended to one SQLite file, so a supervisor sees every round and a re-inspection finds
//! what regressed.
//!
//! The schema is versioned (`PRAGMA user_version`) and marked as sitecheck's
//! (`PRAGMA application_id`); each version's migration runs once, in order, in a transaction. A
//! database written by a newer sitecheck is refused. A run is recorded in one transaction, so a
//! run stopped half way leaves the database as it was.
//!
//! Tables (version 1):
//!
//! - `runs(id, evaluated, tool_version)`: one row per recorded run.
//! - `surveys(id, run_id, facility, name, level, source, survey_date, standard, verdict,
//!   failing_required, failing_advisory, fixed, new, persisting, regressed)`: one row per facility
//!   of a run (proposed layouts and inputs that could not be checked are not surveys).
//! - `findings(survey_id, requirement, clause, severity, status, actual, baseline_state)`: one
//!   row per requirement of a survey; `actual` is the measured value as JSON.
//!
//! Version 2 adds what `serve --shared` keeps (a history recorded by `--record` alone has these
//! tables empty):
//!
//! - `users(id, name, password, town, disabled, created)`: the accounts (`sitecheck users`);
//!   `password` is an Argon2id PHC string, `town` the roster town of a town account (NULL: the
//!   district's).
//! - `sessions(token, user_id, csrf, expires)`: logins; `token` is the SHA-256 of the cookie's
//!   value (a stolen database holds no live session), `csrf` the token every form carries.
//! - `submissions(id, key, run_id, user_id, submitted)` and `submission_files(submission_id,
//!   seq, name, in_folder, bytes)`: each upload, its run and its files (to draw its report again).
//! - `facility_towns(facility, town)`: the roster town each facility submitted belongs to.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension as _, params};

use crate::check::baseline::{Baseline, BaselineState, Before, Prior, digest};
use crate::check::{Assessment, Status};
use crate::diagnostic::{Code, Problem};
use crate::i18n::Text;
use crate::model::standard::Severity;

/// `application_id` of a sitecheck history ("SChk").
const APPLICATION_ID: i64 = 0x5343_686B;

/// The migrations, one per schema version, in order.
const MIGRATIONS: &[&str] = &[
    "
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    evaluated TEXT NOT NULL,
    tool_version TEXT NOT NULL
);
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    facility TEXT NOT NULL,
    name TEXT,
    level TEXT NOT NULL,
    source TEXT NOT NULL,
    survey_date TEXT,
    standard TEXT NOT NULL,
    verdict TEXT NOT NULL,
    failing_required INTEGER NOT NULL,
    failing_advisory INTEGER NOT NULL,
    fixed INTEGER,
    new INTEGER,
    persisting INTEGER,
    regressed INTEGER
);
CREATE INDEX surveys_by_facility ON surveys(facility, survey_date, run_id);
CREATE TABLE findings (
    survey_id INTEGER NOT NULL REFERENCES surveys(id),
    requirement TEXT NOT NULL,
    clause TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    actual TEXT,
    baseline_state TEXT,
    PRIMARY KEY (survey_id, requirement)
) WITHOUT ROWID;
",
    "
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password TEXT NOT NULL,
    town TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
);
CREATE TABLE sessions (
    token TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf TEXT NOT NULL,
    expires INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    submitted TEXT NOT NULL
);
CREATE TABLE submission_files (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    in_folder INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (submission_id, seq)
) WITHOUT ROWID;
CREATE TABLE facility_towns (
    facility TEXT PRIMARY KEY,
    town TEXT
) WITHOUT ROWID;
",
];

/// The schema version this sitecheck writes.
pub const SCHEMA_VERSION: i64 = 2;

/// Whether a file is an SQLite database (its first 16 bytes).
pub(super) fn is_database(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok()
        && &head == b"SQLite format 3\0"
}

fn problem(path: &Path, zh: &str, en: &str, why: &dyn std::fmt::Display) -> Problem {
    let shown = crate::report::escape::line(&path.display().to_string());
    let why = crate::report::escape::line(&why.to_string());
    let (zh, en) = if why.is_empty() {
        (format!("{zh}：{shown}"), format!("{en}: {shown}"))
    } else {
        (
            format!("{zh} {shown}：{why}"),
            format!("{en} {shown}: {why}"),
        )
    };
    Problem::new(Code::Unreadable, Text::new(zh, en), None)
}

pub(super) fn sql_problem(path: &Path, e: &rusqlite::Error) -> Problem {
    problem(path, "历史记录库出错", "the history database failed", e)
}

/// Opens a history, creating it (or bringing its schema up to date) when `create`; refuses a
/// file that is not a sitecheck history or was written by a newer sitecheck.
pub(super) fn open(path: &Path, create: bool) -> Result<Connection, Problem> {
    if !create && !path.exists() {
        return Err(problem(
            path,
            "找不到历史记录库",
            "no history database at",
            &"",
        ));
    }
    let fresh = !path.exists() || std::fs::metadata(path).is_ok_and(|m| m.len() == 0);
    if !fresh && !is_database(path) {
        return Err(problem(
            path,
            "不是 SQLite 历史记录库",
            "not an SQLite history database",
            &"",
        ));
    }
    let mut conn = Connection::open(path).map_err(|e| sql_problem(path, &e))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(|e| sql_problem(path, &e))?;
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| sql_problem(path, &e))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| sql_problem(path, &e))?;
    // Version 0 is a database sitecheck has not written: only an empty one becomes a history
    // (when recording), never another program's file.
    let foreign = if version == 0 {
        let objects: i64 = conn
            .query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| sql_problem(path, &e))?;
        objects > 0 || !create
    } else {
        app != APPLICATION_ID
    };
    if foreign {
        return Err(problem(
            path,
            "这个 SQLite 文件不是 sitecheck 的历史记录库",
            "this SQLite file is not a sitecheck history",
            &"",
        ));
    }
    if version > SCHEMA_VERSION {
        return Err(problem(
            path,
            &format!(
                "历史记录库的结构版本为 {version}，比本程序支持的 {SCHEMA_VERSION} 新，请升级 sitecheck"
            ),
            &format!(
                "the history's schema is version {version}, newer than this sitecheck's {SCHEMA_VERSION}; upgrade sitecheck"
            ),
            &"",
        ));
    }
    // Reading never writes: an older history is brought up to date by the next --record.
    if version < SCHEMA_VERSION && !create {
        return Err(problem(
            path,
            &format!("历史记录库的结构版本为 {version}，较旧；下次用 --record 记录时会自动升级"),
            &format!(
                "the history's schema is version {version}, older than this sitecheck's {SCHEMA_VERSION}; the next --record brings it up to date"
            ),
            &"",
        ));
    }
    if version < SCHEMA_VERSION {
        let tx = conn.transaction().map_err(|e| sql_problem(path, &e))?;
        for (i, m) in MIGRATIONS
            .iter()
            .enumerate()
            .skip(usize::try_from(version).unwrap_or(0))
        {
            tx.execute_batch(m).map_err(|e| sql_problem(path, &e))?;
            tx.pragma_update(
                None,
                "user_version",
                i64::try_from(i + 1).unwrap_or(i64::MAX),
            )
            .map_err(|e| sql_problem(path, &e))?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(|e| sql_problem(path, &e))?;
        tx.commit().map_err(|e| sql_problem(path, &e))?;
    }
    Ok(conn)
}

/// A run being recorded: one transaction, committed at the end.
pub(super) struct Recorder {
    conn: Connection,
    run: i64,
    path: std::path::PathBuf,
    /// The first failure (the run is then not committed).
    failed: Option<Problem>,
}

impl Recorder {
    /// Opens (or creates) the history and begins the run.
    pub(super) fn begin(path: &Path, evaluated: &str) -> Result<Mutex<Self>, Problem> {
        let conn = open(path, true)?;
        conn.execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| sql_problem(path, &e))?;
        conn.execute(
            "INSERT INTO runs (evaluated, tool_version) VALUES (?1, ?2)",
            params![evaluated, env!("CARGO_PKG_VERSION")],
        )
        .map_err(|e| sql_problem(path, &e))?;
        let run = conn.last_insert_rowid();
        Ok(Mutex::new(Self {
            conn,
            run,
            path: path.to_path_buf(),
            failed: None,
        }))
    }

    /// Records one facility's survey (proposed layouts are not surveys).
    pub(super) fn add(&mut self, source: &str, a: &Assessment) {
        if self.failed.is_some() || a.inventory.is_proposed_layout() {
            return;
        }
        if let Err(e) = self.insert(source, a) {
            self.failed = Some(sql_problem(&self.path, &e));
        }
    }

    fn insert(&self, source: &str, a: &Assessment) -> rusqlite::Result<()> {
        let fac = &a.inventory.facility;
        let failing = |sev: Severity| {
            a.findings
                .iter()
                .filter(|f| f.status == Status::Fail && f.severity == sev)
                .count()
        };
        let c = a.baseline.as_ref();
        let count = |n: Option<usize>| n.and_then(|n| i64::try_from(n).ok());
        self.conn.execute(
            "INSERT INTO surveys (run_id, facility, name, level, source, survey_date, standard, \
             verdict, failing_required, failing_advisory, fixed, new, persisting, regressed) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                self.run,
                fac.id,
                fac.name,
                fac.level,
                source,
                a.inventory.survey_date,
                a.standard.label(),
                a.verdict.as_str(),
                i64::try_from(failing(Severity::Error)).unwrap_or(i64::MAX),
                i64::try_from(failing(Severity::Warning)).unwrap_or(i64::MAX),
                count(c.map(|c| c.fixed)),
                count(c.map(|c| c.new)),
                count(c.map(|c| c.persisting)),
                count(c.map(|c| c.regressed)),
            ],
        )?;
        let survey = self.conn.last_insert_rowid();
        let mut stmt = self.conn.prepare_cached(
            "INSERT OR REPLACE INTO findings (survey_id, requirement, clause, severity, status, \
             actual, baseline_state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for f in &a.findings {
            stmt.execute(params![
                survey,
                f.requirement,
                f.clause,
                f.severity.as_str(),
                f.status.as_str(),
                (!f.actual.is_null()).then(|| f.actual.to_string()),
                f.baseline.map(BaselineState::as_str),
            ])?;
        }
        Ok(())
    }

    /// Runs `f` on the run's connection, inside its transaction, with the run's id: what
    /// `serve --shared` keeps of a submission is committed with its run, or not at all.
    pub(super) fn within<T>(
        &mut self,
        f: impl FnOnce(&Connection, i64) -> rusqlite::Result<T>,
    ) -> Option<T> {
        if self.failed.is_some() {
            return None;
        }
        match f(&self.conn, self.run) {
            Ok(t) => Some(t),
            Err(e) => {
                self.failed = Some(sql_problem(&self.path, &e));
                None
            }
        }
    }

    /// Commits the run; a failure on the way (or at the commit) leaves the history as it was.
    pub(super) fn finish(self) -> Result<(), Problem> {
        if let Some(p) = self.failed {
            return Err(p);
        }
        self.conn
            .execute_batch("COMMIT")
            .map_err(|e| sql_problem(&self.path, &e))
    }
}

/// Reads the history as a baseline: each facility's latest survey, and for each requirement
/// that passed there whether it had failed before it (so that failing again is a regression).
pub(super) fn baseline(path: &Path, into: &mut Baseline) -> Result<(), Problem> {
    let conn = open(path, false)?;
    let err = |e: rusqlite::Error| sql_problem(path, &e);
    // The latest survey of each facility: by survey date, then by run.
    let mut latest = conn
        .prepare(
            "SELECT s.id, s.facility, s.source, s.standard, COALESCE(s.survey_date, r.evaluated) \
             FROM surveys s JOIN runs r ON r.id = s.run_id \
             WHERE s.id = (SELECT s2.id FROM surveys s2 JOIN runs r2 ON r2.id = s2.run_id \
               WHERE s2.facility = s.facility \
               ORDER BY COALESCE(s2.survey_date, r2.evaluated) DESC, s2.run_id DESC, s2.id DESC LIMIT 1)",
        )
        .map_err(err)?;
    let rows: Vec<(i64, String, String, String, Option<String>)> = latest
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .map_err(err)?
        .collect::<rusqlite::Result<_>>()
        .map_err(err)?;
    let mut failed = conn
        .prepare(
            "SELECT requirement, actual FROM findings WHERE survey_id = ?1 AND status = 'fail'",
        )
        .map_err(err)?;
    // Requirements that failed in an earlier survey of the facility and passed in the latest.
    let mut fixed = conn
        .prepare(
            "SELECT DISTINCT f.requirement FROM findings f \
             JOIN surveys s ON s.id = f.survey_id \
             WHERE s.facility = ?1 AND s.id <> ?2 AND f.status = 'fail' \
             AND f.requirement IN (SELECT requirement FROM findings \
               WHERE survey_id = ?2 AND status IN ('pass', 'waived'))",
        )
        .map_err(err)?;
    for (survey, facility, source, standard, date) in rows {
        let mut requirements = Vec::new();
        let fails: Vec<(String, Option<String>)> = failed
            .query_map(params![survey], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(err)?;
        for (req, actual) in fails {
            let value: serde_json::Value = actual
                .as_deref()
                .and_then(|a| serde_json::from_str(a).ok())
                .unwrap_or(serde_json::Value::Null);
            let prior = Prior {
                failed: true,
                fixed_once: false,
                actual: digest(&value),
            };
            requirements.push((into.name(req), prior));
        }
        let once: Vec<String> = fixed
            .query_map(params![facility, survey], |r| r.get(0))
            .map_err(err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(err)?;
        for req in once {
            let prior = Prior {
                failed: false,
                fixed_once: true,
                actual: 0,
            };
            requirements.push((into.name(req), prior));
        }
        into.add(
            facility,
            Before {
                source,
                standard,
                date,
                requirements,
            },
        );
    }
    Ok(())
}

/// One survey of a facility, as `history` shows it.
#[derive(Clone, Debug, serde::Serialize)]
pub(super) struct SurveyRow {
    pub run: i64,
    pub evaluated: String,
    pub facility: String,
    pub name: Option<String>,
    pub survey_date: Option<String>,
    pub standard: String,
    pub verdict: String,
    pub failing_required: i64,
    pub failing_advisory: i64,
    pub fixed: Option<i64>,
    pub new: Option<i64>,
}

/// One round (a recorded run) of the district, as `history` shows it.
#[derive(Clone, Debug, serde::Serialize)]
pub(super) struct RoundRow {
    pub run: i64,
    pub evaluated: String,
    pub facilities: i64,
    pub compliant: i64,
}

/// A history's rounds, and the surveys of one facility (or of all, by facility).
pub(super) fn read(
    path: &Path,
    facility: Option<&str>,
) -> Result<(Vec<RoundRow>, Vec<SurveyRow>), Problem> {
    let conn = open(path, false)?;
    let err = |e: rusqlite::Error| sql_problem(path, &e);
    let rounds = conn
        .prepare(
            "SELECT r.id, r.evaluated, COUNT(s.id), \
             COALESCE(SUM(s.verdict = 'compliant'), 0) \
             FROM runs r LEFT JOIN surveys s ON s.run_id = r.id GROUP BY r.id ORDER BY r.id",
        )
        .map_err(err)?
        .query_map([], |r| {
            Ok(RoundRow {
                run: r.get(0)?,
                evaluated: r.get(1)?,
                facilities: r.get(2)?,
                compliant: r.get(3)?,
            })
        })
        .map_err(err)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(err)?;
    let surveys = conn
        .prepare(
            "SELECT s.run_id, r.evaluated, s.facility, s.name, s.survey_date, s.standard, \
             s.verdict, s.failing_required, s.failing_advisory, s.fixed, s.new \
             FROM surveys s JOIN runs r ON r.id = s.run_id \
             WHERE ?1 IS NULL OR s.facility = ?1 \
             ORDER BY s.facility, COALESCE(s.survey_date, r.evaluated), s.run_id, s.id",
        )
        .map_err(err)?
        .query_map(params![facility], |r| {
            Ok(SurveyRow {
                run: r.get(0)?,
                evaluated: r.get(1)?,
                facility: r.get(2)?,
                name: r.get(3)?,
                survey_date: r.get(4)?,
                standard: r.get(5)?,
                verdict: r.get(6)?,
                failing_required: r.get(7)?,
                failing_advisory: r.get(8)?,
                fixed: r.get(9)?,
                new: r.get(10)?,
            })
        })
        .map_err(err)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(err)?;
    let known: Option<i64> = match facility {
        Some(f) => conn
            .query_row(
                "SELECT COUNT(*) FROM surveys WHERE facility = ?1",
                params![f],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?,
        None => None,
    };
    if known == Some(0) {
        return Err(problem(
            path,
            &format!(
                "历史记录中没有设施 {}",
                crate::report::escape::line(facility.unwrap_or_default())
            ),
            &format!(
                "no facility {} in the history",
                crate::report::escape::line(facility.unwrap_or_default())
            ),
            &"",
        ));
    }
    Ok((rounds, surveys))
}
