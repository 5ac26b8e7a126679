//! The survey history (issue 16): `check --record DB` appends each run to an SQLite file in one
//! transaction; `--baseline DB` compares with each facility's latest earlier survey in it, which
//! is how a regression (failed, fixed, fails again) is found; `history DB [FACILITY]` shows the
//! surveys over time and each round's compliance rate. A newer schema is refused; a run killed
//! while recording leaves a database that opens and holds only whole runs.

use std::path::Path;

use crate::util::{json_of, output, sitecheck, tmp};

fn floor_area(file: &Path, m2: u32) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("floor_area_m2:") {
                format!("floor_area_m2: {m2}")
            } else {
                l.to_owned()
            }
        })
        .collect();
    std::fs::write(file, out.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
}

fn record(input: &Path, db: &Path, date: &str, baseline: bool) -> (i32, String, String) {
    let mut cmd = sitecheck();
    cmd.arg("check").arg(input).arg("--record").arg(db);
    if baseline {
        cmd.arg("--baseline").arg(db);
    }
    cmd.args(["--format", "json", "--date", date]);
    output(&mut cmd)
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap_or_else(|e| panic!("{e}"));
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn three_recorded_rounds_find_the_regression_and_history_shows_them() {
    let dir = tmp();
    let db = dir.path().join("history.db");
    let station = dir.path().join("qiaotou.yaml");
    std::fs::copy("samples/town-station-short.yaml", &station).unwrap_or_else(|e| panic!("{e}"));
    // Round 1 as shipped (24 m², short of Art. 11's 30), round 2 fixed, round 3 short again.
    let (code, _, err) = record(&station, &db, "2026-09-01", false);
    assert_eq!(code, 1, "{err}");
    floor_area(&station, 34);
    let (_, out, err) = record(&station, &db, "2026-10-01", true);
    let doc = json_of(&out, &err);
    let state = |doc: &serde_json::Value| {
        doc["reports"][0]["findings"]
            .as_array()
            .and_then(|fs| fs.iter().find(|f| f["requirement"] == "floor_area"))
            .map(|f| f["baseline_state"].clone())
            .unwrap_or_default()
    };
    assert_eq!(state(&doc), "fixed");
    floor_area(&station, 24);
    let (_, out, err) = record(&station, &db, "2026-11-01", true);
    let doc = json_of(&out, &err);
    assert_eq!(state(&doc), "regressed", "failed, was fixed, fails again");
    assert_eq!(doc["summary"]["baseline"]["regressed"], 1);
    // Three whole runs, one survey each, every requirement's status and measured value.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM runs"), 3);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM surveys"), 3);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM findings WHERE requirement = 'floor_area' AND status = 'fail'"
        ),
        2
    );
    let (code, out, err) = output(
        sitecheck()
            .args(["history", "--format", "json"])
            .arg(&db)
            .arg("qiaotou-ts"),
    );
    assert_eq!(code, 0, "{err}");
    let h = json_of(&out, &err);
    let surveys = h["surveys"].as_array().cloned().unwrap_or_default();
    assert_eq!(surveys.len(), 3);
    assert_eq!(surveys[1]["fixed"], 1);
    assert_eq!(
        surveys[2]["failing_required"],
        surveys[0]["failing_required"]
    );
    assert_eq!(h["rounds"].as_array().map(Vec::len), Some(3));
    let (_, zh, _) = output(sitecheck().args(["history", "--lang", "zh"]).arg(&db));
    assert!(zh.contains("各轮核查合格率"), "{zh}");
    assert!(zh.contains("已整改 1"), "{zh}");
    let (code, html, _) = output(sitecheck().args(["history", "--format", "html"]).arg(&db));
    assert_eq!(code, 0);
    assert!(
        html.contains("<svg") && html.contains("qiaotou-ts"),
        "{html}"
    );
    // An unknown facility is an error, not an empty history.
    let (code, _, err) = output(sitecheck().arg("history").arg(&db).arg("nowhere-ts"));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_history_written_by_a_newer_sitecheck_is_refused() {
    let dir = tmp();
    let db = dir.path().join("h.db");
    let (_, _, err) = record(
        Path::new("samples/town-station-compliant.yaml"),
        &db,
        "2026-09-01",
        false,
    );
    assert!(db.exists(), "{err}");
    {
        let conn = rusqlite::Connection::open(&db).unwrap_or_else(|e| panic!("{e}"));
        conn.pragma_update(None, "user_version", 99)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let (code, _, err) = record(
        Path::new("samples/town-station-compliant.yaml"),
        &db,
        "2026-10-01",
        false,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("99"), "names the version: {err}");
    let (code, _, err) = output(sitecheck().arg("history").arg(&db));
    assert_eq!(code, 2, "{err}");
    // Nothing was added.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM runs"), 1);
    // A file that is not a history is refused too.
    let other = crate::util::write(dir.path(), "other.db", "not sqlite");
    let (code, _, err) = output(sitecheck().arg("history").arg(&other));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_run_killed_while_recording_leaves_only_whole_runs() {
    let dir = tmp();
    let db = dir.path().join("h.db");
    let (_, _, err) = record(
        Path::new("samples/town-station-short.yaml"),
        &db,
        "2026-09-01",
        false,
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM runs"), 1, "{err}");
    // A run long enough to be killed half way: many copies of one inventory.
    let many = dir.path().join("many");
    std::fs::create_dir(&many).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string("samples/town-station-short.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    for i in 0..4000 {
        let t = text.replacen("id: qiaotou-ts", &format!("id: qiaotou-{i}"), 1);
        std::fs::write(many.join(format!("{i:05}.yaml")), t).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut child = std::process::Command::new(crate::util::bin())
        .arg("check")
        .arg(&many)
        .arg("--record")
        .arg(&db)
        .args(["--format", "json", "--omit-passes", "--date", "2026-10-01"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // Wait until the run has begun writing (its journal exists), then kill it.
    let journal = dir.path().join("h.db-journal");
    let start = std::time::Instant::now();
    while !journal.exists() && start.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    let finished = child.try_wait().ok().flatten().is_some();
    let _ = child.kill();
    let _ = child.wait();
    let integrity: String = rusqlite::Connection::open(&db)
        .and_then(|c| c.query_row("PRAGMA integrity_check", [], |r| r.get(0)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(integrity, "ok");
    let runs = count(&db, "SELECT COUNT(*) FROM runs");
    let surveys = count(&db, "SELECT COUNT(*) FROM surveys");
    if finished {
        // The machine was fast enough to finish first: then the whole run is there.
        assert_eq!((runs, surveys), (2, 4001));
    } else {
        assert_eq!(
            (runs, surveys),
            (1, 1),
            "a half run was left in the history"
        );
    }
    // And the history still opens and reads.
    let (code, _, err) = output(sitecheck().arg("history").arg(&db));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn another_programs_sqlite_file_is_refused_and_left_as_it_was() {
    // A file the user did not name as output is never written: an SQLite database of another
    // program, given as --record, --baseline or to history, is refused byte for byte untouched.
    let dir = tmp();
    let db = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('x');")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let before = std::fs::read(&db).unwrap_or_else(|e| panic!("{e}"));
    let sample = Path::new("samples/town-station-short.yaml");
    for baseline in [false, true] {
        let mut cmd = sitecheck();
        cmd.arg("check").arg(sample);
        cmd.arg(if baseline { "--baseline" } else { "--record" })
            .arg(&db);
        let (code, _, err) = output(&mut cmd);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("not a sitecheck history"), "{err}");
    }
    let (code, _, err) = output(sitecheck().arg("history").arg(&db));
    assert_eq!(code, 2, "{err}");
    assert_eq!(std::fs::read(&db).unwrap_or_else(|e| panic!("{e}")), before);
}
