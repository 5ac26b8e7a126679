//! Writing files safely, and messages that tell the true cause, end to end through the binary:
//! `--output` writes through a device, a FIFO or a symlink instead of replacing it; never
//! overwrites an input of the same run; `init` never overwrites a file unless `--force`; every
//! failed write (standard output, standard error, a file) ends in exit 2; a report keeps the
//! permissions of the file it replaces and respects the umask when new. And a file that is not
//! what it claims to be (an encrypted or old Excel file, an empty waiver file, a folder, FIFO or
//! device where a file is expected) is named for what it is.
//!
//! Every run is bounded in time (killed after a minute) and, where `/usr/bin/time` exists, in
//! memory, as in `tests/hostile.rs`. Real device nodes are only ever read or written through
//! (`/dev/null`, `/dev/full`, `/dev/zero`), and checked to be still devices afterwards.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::Read;
use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{
    DATE, Run, TIME_LIMIT, TOWN_STATION, assert_bounded, bin, peak_kb, plain, time_available, tmp,
};

const WAIVERS: &str = "tests/fixtures/waivers/valid.yaml";

/// Where a stream of the child goes.
#[derive(Clone, Copy)]
enum To {
    Captured,
    /// `/dev/full`: every write fails with "no space left on device".
    Full,
}

/// Runs `sh -c 'umask …; exec sitecheck args…'` (English, no colour) with standard output and
/// error captured or sent to `/dev/full`, bounded in time and (with `/usr/bin/time`) memory.
fn run_full(
    args: &[&str],
    stdout: To,
    stderr: To,
    umask: Option<&str>,
    stdin: Option<&Path>,
) -> Run {
    let peak = tempfile::NamedTempFile::new().unwrap();
    let timed = time_available();
    let script = match umask {
        Some(m) => format!("umask {m}; exec \"$@\""),
        None => "exec \"$@\"".to_owned(),
    };
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(script).arg("sh");
    if timed {
        cmd.arg("/usr/bin/time")
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(peak.path());
    }
    plain(cmd.arg(bin()).args(args));
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    cmd.stdout(match stdout {
        To::Captured => Stdio::piped(),
        To::Full => full().into(),
    });
    cmd.stderr(match stderr {
        To::Captured => Stdio::piped(),
        To::Full => full().into(),
    });
    cmd.stdin(match stdin {
        Some(p) => std::fs::File::open(p).unwrap().into(),
        None => Stdio::null(),
    });
    let start = Instant::now();
    let mut child = cmd.spawn().unwrap();
    // Drain the pipes on threads, so that a large report never blocks the child.
    let drain = |s: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut s) = s {
                let _ = s.read_to_end(&mut buf);
            }
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} took more than {TIME_LIMIT:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let run = Run {
        code: status.code(),
        elapsed: start.elapsed(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        peak_kb: peak_kb(peak.path()),
    };
    assert_bounded(args, &run);
    run
}

fn run(args: &[&str]) -> Run {
    run_full(args, To::Captured, To::Captured, None, None)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn copy_inventory(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::copy(TOWN_STATION, &p).unwrap();
    p
}

fn mkfifo(p: &Path) -> bool {
    Command::new("mkfifo")
        .arg(p)
        .status()
        .is_ok_and(|s| s.success())
}

fn is_char_device(p: &str) -> bool {
    std::fs::metadata(p).unwrap().file_type().is_char_device()
}

/// A null device to write to. As root (who could replace `/dev/null` itself, were the bug
/// back), a private node made with `mknod` in `dir`; else `/dev/null`, which only root could
/// replace.
fn null_device(dir: &Path) -> String {
    let node = dir.join("null");
    let made = Command::new("mknod")
        .arg("-m")
        .arg("666")
        .arg(&node)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if made {
        return node.to_str().unwrap().to_owned();
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    assert!(
        !root,
        "as root, a private device node is needed, not /dev/null"
    );
    "/dev/null".to_owned()
}

// ---------------------------------------------------------------------------------------------
// `--output` onto what is not a regular file.

#[test]
fn output_onto_a_device_writes_through_it_and_leaves_the_device_in_place() {
    let dir = tmp();
    let null = null_device(dir.path());
    for args in [
        vec!["check", TOWN_STATION, "--format", "json", "--output", &null],
        vec!["compare", TOWN_STATION, TOWN_STATION, "--output", &null],
        vec!["init", "--level", "town_station", "--output", &null],
    ] {
        let r = run(&args);
        assert!(is_char_device(&null), "{args:?} replaced {null}");
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.out());
    }
}

#[test]
fn output_onto_a_fifo_writes_the_whole_report_into_it() {
    let dir = tmp();
    let fifo = dir.path().join("report.json");
    if !mkfifo(&fifo) {
        return;
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = fifo.clone();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::fs::File::open(&reader).and_then(|mut f| f.read_to_string(&mut text));
        let _ = tx.send(text);
    });
    let r = run(&[
        "check",
        TOWN_STATION,
        "--format",
        "json",
        "--date",
        DATE,
        "--output",
        s(&fifo),
    ]);
    let still_fifo = std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo();
    assert!(still_fifo, "the FIFO was replaced by a file: {}", r.out());
    let Ok(text) = rx.recv_timeout(Duration::from_secs(10)) else {
        // Unblock the reader before failing.
        let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
        panic!("nothing was written into the FIFO: {}", r.out());
    };
    assert_eq!(r.code, Some(0), "{}", r.out());
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["summary"]["total"], 1);
}

#[test]
fn output_through_a_symlink_writes_the_file_it_points_at_and_keeps_the_link() {
    let dir = tmp();
    let real = dir.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("real.json", &link).unwrap();
    // A link to a file that does not exist yet: the file is created where it points.
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let dangling = dir.path().join("dangling.json");
    std::os::unix::fs::symlink("sub/new.json", &dangling).unwrap();
    for (l, target) in [(&link, &real), (&dangling, &sub.join("new.json"))] {
        let r = run(&["check", TOWN_STATION, "--format", "json", "--output", s(l)]);
        assert_eq!(r.code, Some(0), "{}", r.out());
        assert!(
            std::fs::symlink_metadata(l)
                .unwrap()
                .file_type()
                .is_symlink(),
            "{} was replaced by a file",
            l.display()
        );
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(target).unwrap()).unwrap();
        assert_eq!(doc["summary"]["total"], 1);
    }
}

// ---------------------------------------------------------------------------------------------
// Never overwrite an input, nor a survey.

#[test]
fn output_onto_an_input_of_the_same_run_is_refused_and_the_input_kept() {
    let dir = tmp();
    let inv = copy_inventory(dir.path(), "self.yaml");
    let before = std::fs::read(&inv).unwrap();
    let link = dir.path().join("alias.yaml");
    std::os::unix::fs::symlink("self.yaml", &link).unwrap();
    let dotted = format!("{}/./self.yaml", s(dir.path()));
    let waivers = dir.path().join("waivers.yaml");
    std::fs::copy(WAIVERS, &waivers).unwrap();
    let waivers_before = std::fs::read(&waivers).unwrap();
    for args in [
        // The same file, by the same name, another spelling, or a link.
        vec!["check", s(&inv), "--output", s(&inv)],
        vec!["check", s(&inv), "--output", &dotted],
        vec!["check", s(&link), "--format", "json", "--output", s(&inv)],
        vec!["check", s(&inv), "--output", s(&link)],
        // Another command.
        vec!["compare", s(&inv), TOWN_STATION, "--output", s(&inv)],
        // The waiver file is an input too.
        vec![
            "check",
            s(&inv),
            "--waivers",
            s(&waivers),
            "--output",
            s(&waivers),
        ],
    ] {
        let r = run(&args);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.out());
        assert!(r.stderr.contains("input"), "{args:?}: {}", r.stderr);
        assert_eq!(
            std::fs::read(&inv).unwrap(),
            before,
            "{args:?} overwrote the input"
        );
        assert_eq!(std::fs::read(&waivers).unwrap(), waivers_before, "{args:?}");
    }
    // Standard input read from the output file.
    let r = run_full(
        &["check", "-", "--output", s(&inv)],
        To::Captured,
        To::Captured,
        None,
        Some(&inv),
    );
    assert_eq!(r.code, Some(2), "{}", r.out());
    assert_eq!(std::fs::read(&inv).unwrap(), before);
}

#[test]
fn a_report_written_into_a_scanned_folder_is_not_read_as_an_inventory() {
    let dir = tmp();
    copy_inventory(dir.path(), "a.yaml");
    let report = dir.path().join("report.json");
    for round in 0..2 {
        let r = run(&[
            "check",
            s(dir.path()),
            "--format",
            "json",
            "--output",
            s(&report),
        ]);
        assert_eq!(r.code, Some(0), "round {round}: {}", r.out());
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert_eq!(doc["summary"]["total"], 1, "round {round}: {doc}");
    }
}

#[test]
fn init_never_overwrites_an_existing_file_unless_forced() {
    let dir = tmp();
    let yaml = copy_inventory(dir.path(), "survey.yaml");
    let filled = std::fs::read(&yaml).unwrap();
    let xlsx = dir.path().join("form.xlsx");
    let r = run(&[
        "init",
        "--level",
        "town_station",
        "--format",
        "xlsx",
        "--output",
        s(&xlsx),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.out());
    let form = std::fs::read(&xlsx).unwrap();
    std::fs::write(&xlsx, b"a filled form").unwrap();
    for (path, format, before) in [
        (&yaml, "yaml", filled.clone()),
        (&xlsx, "xlsx", b"a filled form".to_vec()),
    ] {
        let r = run(&[
            "init",
            "--level",
            "town_station",
            "--format",
            format,
            "--output",
            s(path),
        ]);
        assert_eq!(r.code, Some(2), "{}", r.out());
        assert!(r.stderr.contains("--force"), "{}", r.stderr);
        assert_eq!(std::fs::read(path).unwrap(), before, "{format} overwritten");
        let r = run(&[
            "init",
            "--level",
            "town_station",
            "--format",
            format,
            "--output",
            s(path),
            "--force",
        ]);
        assert_eq!(r.code, Some(0), "{}", r.out());
        assert_ne!(
            std::fs::read(path).unwrap(),
            before,
            "--force did not write"
        );
    }
    assert_eq!(std::fs::read(&xlsx).unwrap().len(), form.len());
    // --force is documented where people look.
    let r = run(&["init", "--help"]);
    assert!(r.stdout.contains("--force"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------------------------
// Write errors.

#[test]
fn a_failed_write_to_standard_output_ends_in_exit_2_with_a_message() {
    for args in [
        vec!["check", TOWN_STATION],
        vec!["check", TOWN_STATION, "--format", "json"],
        vec!["check", TOWN_STATION, "--format", "html"],
        vec!["compare", TOWN_STATION, TOWN_STATION],
        vec!["init", "--level", "town_station"],
        vec!["schema", "inventory"],
        vec!["standards", "list"],
        vec!["standards", "show", "huancui"],
        vec!["completions", "bash"],
        vec!["man"],
        vec!["--help"],
        vec!["check", "--help"],
        vec!["--version"],
    ] {
        let r = run_full(&args, To::Full, To::Captured, None, None);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("No space left"), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn a_failed_write_to_standard_error_ends_in_exit_2_never_a_panic() {
    let dir = tmp();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "facility: [\n").unwrap();
    for args in [
        // A batch whose problems also go to stderr (machine formats).
        vec!["check", TOWN_STATION, s(&bad), "--format", "json"],
        vec!["check", s(&bad), "--format", "sarif"],
        vec!["check", "missing.yaml", "--format", "junit"],
        // Problems of a standard or waiver file, usage errors.
        vec!["check", TOWN_STATION, "--standard", s(&bad)],
        vec!["check", TOWN_STATION, "--waivers", s(&bad)],
        vec!["init", "--level", "nowhere"],
        vec!["check"],
        vec!["compare", s(&bad), TOWN_STATION],
    ] {
        let r = run_full(&args, To::Captured, To::Full, None, None);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stdout);
    }
    // With nothing to say on stderr, a compliant run is still 0.
    let r = run_full(&["check", TOWN_STATION], To::Captured, To::Full, None, None);
    assert_eq!(r.code, Some(0));
}

#[test]
fn write_error_messages_never_name_the_temporary_file() {
    // (Not under a directory named `.tmp…`, which the message rightly shows.)
    let dir = tempfile::Builder::new().prefix("files-").tempdir().unwrap();
    let out = dir.path().join("no-such-dir").join("report.json");
    for args in [
        vec!["check", TOWN_STATION, "--output", s(&out)],
        vec!["init", "--level", "town_station", "--output", s(&out)],
        vec!["compare", TOWN_STATION, TOWN_STATION, "--output", s(&out)],
    ] {
        let r = run(&args);
        assert_eq!(r.code, Some(2), "{args:?}");
        assert!(r.stderr.contains("report.json"), "{args:?}: {}", r.stderr);
        assert!(
            !r.stderr.contains(".sitecheck-") && !r.stderr.contains(".tmp"),
            "{args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn a_report_keeps_the_permissions_it_replaces_and_respects_the_umask_when_new() {
    let dir = tmp();
    let old = dir.path().join("old.json");
    std::fs::write(&old, "{}").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o600)).unwrap();
    let r = run(&[
        "check",
        TOWN_STATION,
        "--format",
        "json",
        "--output",
        s(&old),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.out());
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&old), 0o600);
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o664)).unwrap();
    let r = run_full(
        &["check", TOWN_STATION, "--output", s(&old)],
        To::Captured,
        To::Captured,
        Some("077"),
        None,
    );
    assert_eq!(r.code, Some(0), "{}", r.out());
    assert_eq!(
        mode(&old),
        0o664,
        "an existing file's mode is kept whatever the umask"
    );
    for (umask, expected) in [("027", 0o640), ("022", 0o644), ("002", 0o664)] {
        let new = dir.path().join(format!("new-{umask}.json"));
        let r = run_full(
            &["init", "--level", "town_station", "--output", s(&new)],
            To::Captured,
            To::Captured,
            Some(umask),
            None,
        );
        assert_eq!(r.code, Some(0), "{}", r.out());
        assert_eq!(mode(&new), expected, "umask {umask}");
    }
}

// ---------------------------------------------------------------------------------------------
// Messages that tell the true cause.

/// The first problem of the only report of `check PATH --format json --lang LANG`.
fn first_problem(path: &str, lang: &str) -> String {
    let r = run(&[
        "check", path, "--format", "json", "--date", DATE, "--lang", lang,
    ]);
    assert_eq!(r.code, Some(2), "{}", r.out());
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let e = &doc["reports"][0]["error"];
    format!("{} {}", e["message"], e["help"])
}

#[test]
fn an_encrypted_workbook_or_an_old_xls_file_is_named_as_such() {
    // Both are OLE compound files: an encrypted .xlsx is wrapped in one, an old .xls is one.
    let dir = tmp();
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend((0..4096u32).map(|i| (i * 7 % 251) as u8));
    for name in ["encrypted.xlsx", "old.xls", "renamed.yaml"] {
        let p = dir.path().join(name);
        std::fs::write(&p, &ole).unwrap();
        let en = first_problem(s(&p), "en");
        assert!(
            en.contains("encrypted") && en.contains(".xls"),
            "{name}: {en}"
        );
        assert!(!en.contains("UTF-8"), "{name}: {en}");
        let zh = first_problem(s(&p), "zh");
        assert!(zh.contains("加密") && zh.contains("另存为"), "{name}: {zh}");
    }
}

#[test]
fn an_empty_waiver_file_says_it_is_empty() {
    let dir = tmp();
    for text in ["", "\n  \n", "# 豁免清单\n"] {
        let p = dir.path().join("waivers.yaml");
        std::fs::write(&p, text).unwrap();
        let r = run(&["check", TOWN_STATION, "--waivers", s(&p), "--lang", "en"]);
        assert_eq!(r.code, Some(2), "{}", r.out());
        assert!(r.stderr.contains("empty"), "{:?}: {}", text, r.stderr);
        assert!(!r.stderr.contains("end of input"), "{}", r.stderr);
        let r = run(&["check", TOWN_STATION, "--waivers", s(&p), "--lang", "zh"]);
        assert!(r.stderr.contains("空"), "{}", r.stderr);
    }
}

#[test]
fn extends_pointing_at_a_fifo_a_folder_or_a_device_says_what_it_is() {
    let dir = tmp();
    std::fs::create_dir(dir.path().join("folder.yaml")).unwrap();
    let fifo = mkfifo(&dir.path().join("pipe.yaml"));
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.yaml")).unwrap();
    let mut cases = vec![("folder.yaml", "directory"), ("zero.yaml", "device")];
    if fifo {
        cases.push(("pipe.yaml", "FIFO"));
    }
    for (base, what) in cases {
        let p = dir.path().join("variant.yaml");
        std::fs::write(
            &p,
            format!("id: v\nversion: \"1\"\nextends: {base}\nlevels: {{}}\n"),
        )
        .unwrap();
        let r = run(&["standards", "check", s(&p), "--lang", "en"]);
        assert_eq!(r.code, Some(2), "{}", r.out());
        assert!(r.stderr.contains(what), "{base}: {}", r.stderr);
        assert!(!r.stderr.contains("no file"), "{base}: {}", r.stderr);
    }
}

#[test]
fn a_device_given_as_an_input_is_not_a_regular_file_and_is_not_read() {
    let en = first_problem("/dev/zero", "en");
    assert!(
        en.contains("not a regular file") && en.contains("device"),
        "{en}"
    );
    assert!(!en.contains("too large"), "{en}");
    let zh = first_problem("/dev/zero", "zh");
    assert!(zh.contains("设备"), "{zh}");
    for flag in ["--waivers", "--standard"] {
        let r = run(&["check", TOWN_STATION, flag, "/dev/zero"]);
        assert_eq!(r.code, Some(2), "{}", r.out());
        assert!(r.stderr.contains("device"), "{flag}: {}", r.stderr);
    }
    assert!(is_char_device("/dev/zero"));
}
