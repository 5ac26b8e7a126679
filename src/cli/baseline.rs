//! `check --baseline`: the earlier run a re-inspection is compared with, read from a JSON
//! report, a folder of them, or the history database `--record` writes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::check::baseline::Baseline;
use crate::diagnostic::{Code, Problem};
use crate::i18n::{Lang, Text};
use crate::limits::{MAX_BASELINE_BYTES, MAX_BASELINE_FILES};

/// The JSON reports of a folder, searched recursively, in name order (at most
/// [`MAX_BASELINE_FILES`]).
fn reports_in(dir: &Path) -> Result<Vec<PathBuf>, Problem> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| unreadable(&d, &e))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                todo.push(path);
            } else if kind.is_file()
                && path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            {
                out.push(path);
                if out.len() > MAX_BASELINE_FILES {
                    return Err(Problem::new(
                        Code::TooLarge,
                        Text::new(
                            format!("基线文件夹中的报告超过 {MAX_BASELINE_FILES} 份"),
                            format!(
                                "more than {MAX_BASELINE_FILES} reports in the baseline folder"
                            ),
                        ),
                        None,
                    ));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

fn unreadable(path: &Path, e: &std::io::Error) -> Problem {
    let shown = crate::report::escape::line(&path.display().to_string());
    let why = super::io_reason(e);
    Problem::new(
        Code::Unreadable,
        Text::new(
            format!("无法读取基线 {shown}：{}", why.zh),
            format!(
                "cannot read the baseline {shown}: {}",
                crate::report::escape::line(&why.en)
            ),
        ),
        None,
    )
}

/// Reads one earlier JSON report into the baseline.
fn read_one(baseline: &mut Baseline, path: &Path) -> Result<(), Problem> {
    let file = std::fs::File::open(path).map_err(|e| unreadable(path, &e))?;
    let len = file.metadata().map_or(0, |m| m.len());
    if len > MAX_BASELINE_BYTES {
        return Err(Problem::new(
            Code::TooLarge,
            Text::new(
                format!(
                    "基线报告过大：{len} 字节，上限为 {} GiB",
                    MAX_BASELINE_BYTES >> 30
                ),
                format!(
                    "baseline report too large: {len} bytes, the limit is {} GiB",
                    MAX_BASELINE_BYTES >> 30
                ),
            ),
            None,
        ));
    }
    // A file that grows while read stops at the limit too.
    baseline.read_report(std::io::Read::take(file, MAX_BASELINE_BYTES + 1))?;
    Ok(())
}

/// The baseline at `path` (a report, a folder of reports, or a history database); a problem is
/// shown on standard error, located, and the run ends with exit code 2.
pub(super) fn load(path: &Path, lang: Lang) -> Result<Baseline, ExitCode> {
    let mut baseline = Baseline::default();
    let fail = |name: &Path, p: Problem| {
        super::eprint_problems(&name.display().to_string(), None, &[p], lang);
        ExitCode::from(2)
    };
    if path.is_dir() {
        let files = reports_in(path).map_err(|p| fail(path, p))?;
        for f in &files {
            read_one(&mut baseline, f).map_err(|p| fail(f, p))?;
        }
    } else if super::history::is_database(path) {
        super::history::baseline(path, &mut baseline).map_err(|p| fail(path, p))?;
    } else {
        read_one(&mut baseline, path).map_err(|p| fail(path, p))?;
    }
    Ok(baseline)
}
