//! Where output goes, and what a failed write does. A report to a regular file is written
//! atomically (a temporary file beside it, renamed over it when complete, with the permissions
//! of the file it replaces, or the umask's when new); a device or a FIFO is written in place
//! (renaming over `/dev/null` would replace the device); a symlink is followed to the file it
//! points at. Every failed write, to a file, standard output or standard error, ends the run
//! in exit 2, with a message where one can still be written, and never names the temporary
//! file.

use std::fs::{File, Metadata};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::i18n::Lang;

/// Set when a write to standard error failed: the run then ends in exit 2.
static STDERR_FAILED: AtomicBool = AtomicBool::new(false);

/// Writes `text` to standard error; a failure (a closed or full stream) is remembered, not a
/// panic as `eprint!` would make it.
pub(super) fn stderr(text: &str) {
    if std::io::stderr().lock().write_all(text.as_bytes()).is_err() {
        STDERR_FAILED.store(true, Ordering::Relaxed);
    }
}

/// The exit code of a run, made 2 when a write to standard error failed along the way.
pub(super) fn exit(code: ExitCode) -> ExitCode {
    if STDERR_FAILED.load(Ordering::Relaxed) && code != ExitCode::from(2) {
        return ExitCode::from(2);
    }
    code
}

/// A write error in plain words, without the path the I/O layer may have attached (a
/// temporary file's name means nothing to the user).
pub(super) fn describe(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let mut code = e.raw_os_error();
    let mut source: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|r| r as _);
    while code.is_none() {
        let Some(s) = source else { break };
        code = s
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::raw_os_error);
        source = s.source();
    }
    let (zh, en) = match e.kind() {
        K::NotFound => ("所在文件夹不存在", "the folder does not exist"),
        K::PermissionDenied => ("没有写入权限", "permission denied"),
        K::StorageFull => ("磁盘空间已满", "no space left on the device"),
        K::QuotaExceeded => ("超出磁盘配额", "disk quota exceeded"),
        K::ReadOnlyFilesystem => ("磁盘为只读", "read-only file system"),
        K::IsADirectory => ("这是一个文件夹", "it is a directory"),
        K::NotADirectory => (
            "路径中有一段不是文件夹",
            "a part of the path is not a directory",
        ),
        K::AlreadyExists => ("文件已存在", "the file already exists"),
        K::BrokenPipe => (
            "接收输出的程序已关闭",
            "the program reading the output has closed",
        ),
        K::FileTooLarge => (
            "文件超出系统允许的大小",
            "the file is too large for the system",
        ),
        _ => ("写入失败", "the write failed"),
    };
    match (lang, code) {
        (Lang::Zh, Some(c)) => format!("{zh}（系统错误 {c}）"),
        (Lang::Zh, None) => zh.to_owned(),
        // The system's own words, which people search for, when there are some.
        (Lang::En, Some(c)) => std::io::Error::from_raw_os_error(c).to_string(),
        (Lang::En, None) => en.to_owned(),
    }
}

/// Says on standard error that `what` could not be written to `path` (standard output when
/// none), and gives exit 2.
pub(super) fn failed(
    lang: Lang,
    command: &str,
    what: (&str, &str),
    path: Option<&Path>,
    e: &std::io::Error,
) -> ExitCode {
    let path = path.map(|p| crate::report::escape::terminal(&p.display().to_string()));
    let line = match (lang, path) {
        (Lang::Zh, Some(p)) => format!("{command}：无法将{}写入 {p}：", what.0),
        (Lang::Zh, None) => format!("{command}：无法将{}写到标准输出：", what.0),
        (Lang::En, Some(p)) => format!("{command}: cannot write the {} to {p}: ", what.1),
        (Lang::En, None) => format!(
            "{command}: cannot write the {} to standard output: ",
            what.1
        ),
    };
    stderr(&format!("{line}{}\n", describe(e, lang)));
    ExitCode::from(2)
}

/// A file's identity (device and inode), to tell that two paths name one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct FileId(u64, u64);

impl FileId {
    /// The identity of a file's metadata.
    #[cfg(unix)]
    pub(super) fn of(m: &Metadata) -> Self {
        use std::os::unix::fs::MetadataExt as _;
        Self(m.dev(), m.ino())
    }

    /// Without inodes, files are never the same (the check is a Unix safety net).
    #[cfg(not(unix))]
    pub(super) fn of(_: &Metadata) -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Self(u64::MAX, NEXT.fetch_add(1, Ordering::Relaxed))
    }

    /// The regular file `path` names (through symlinks), if any.
    pub(super) fn of_file(path: &Path) -> Option<Self> {
        std::fs::metadata(path)
            .ok()
            .filter(Metadata::is_file)
            .map(|m| Self::of(&m))
    }

    /// The regular file standard input is redirected from, if it is one.
    #[cfg(unix)]
    pub(super) fn of_stdin() -> Option<Self> {
        use std::os::fd::AsFd as _;
        let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
        File::from(fd)
            .metadata()
            .ok()
            .filter(Metadata::is_file)
            .map(|m| Self::of(&m))
    }

    /// The regular file standard input is redirected from, if it is one.
    #[cfg(not(unix))]
    pub(super) fn of_stdin() -> Option<Self> {
        None
    }
}

/// What an output path names, once symlinks are followed.
enum Target {
    /// Nothing yet: a new file is made there.
    New(PathBuf),
    /// A regular file, replaced whole.
    Regular(PathBuf, Metadata),
    /// A device, a FIFO or a socket: written in place.
    Special,
}

/// Follows `path` through symlinks to what it names.
fn resolve(path: &Path) -> std::io::Result<Target> {
    let mut p = path.to_path_buf();
    for _ in 0..=crate::limits::MAX_OUTPUT_SYMLINKS {
        let m = match std::fs::symlink_metadata(&p) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::New(p)),
            Err(e) => return Err(e),
        };
        if m.file_type().is_symlink() {
            let to = std::fs::read_link(&p)?;
            p = match p.parent() {
                Some(dir) if to.is_relative() => dir.join(to),
                _ => to,
            };
        } else if m.is_dir() {
            return Err(std::io::ErrorKind::IsADirectory.into());
        } else if m.is_file() {
            return Ok(Target::Regular(p, m));
        } else {
            return Ok(Target::Special);
        }
    }
    Err(std::io::Error::from_raw_os_error(40)) // ELOOP
}

/// Whether an output may replace an existing regular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Replace {
    /// Yes (a report).
    Yes,
    /// No: an existing file is an `AlreadyExists` error (a template over a filled survey).
    No,
}

/// Where output goes: standard output, a file written atomically, or a device or FIFO
/// written in place.
pub(super) enum Output {
    /// Standard output.
    Stdout(BufWriter<std::io::StdoutLock<'static>>),
    /// A regular file: a temporary file beside it, renamed over it by [`Output::finish`].
    File(BufWriter<tempfile::NamedTempFile>, PathBuf, Replace),
    /// Not a regular file: written where it is.
    InPlace(BufWriter<File>),
}

impl Output {
    /// Opens standard output (`None`) or the file at `path`.
    ///
    /// # Errors
    /// An output that cannot be made, or (with [`Replace::No`]) a file already there.
    pub(super) fn open(path: Option<&Path>, replace: Replace) -> std::io::Result<Self> {
        let Some(path) = path else {
            return Ok(Output::Stdout(BufWriter::with_capacity(
                1 << 16,
                std::io::stdout().lock(),
            )));
        };
        let (target, existing) = match resolve(path)? {
            Target::Special => {
                let f = std::fs::OpenOptions::new().write(true).open(path)?;
                return Ok(Output::InPlace(BufWriter::with_capacity(1 << 16, f)));
            }
            Target::Regular(_, _) if replace == Replace::No => {
                return Err(std::io::ErrorKind::AlreadyExists.into());
            }
            Target::Regular(p, m) => (p, Some(m)),
            Target::New(p) => (p, None),
        };
        let dir = target
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut builder = tempfile::Builder::new();
        builder.prefix(".sitecheck-").suffix(".tmp");
        // A new report is made as any program makes a file: 0666 less the umask.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder.tempfile_in(dir)?;
        if let Some(m) = existing {
            keep_owner_and_mode(tmp.as_file(), &m)?;
        }
        Ok(Output::File(
            BufWriter::with_capacity(1 << 16, tmp),
            target,
            replace,
        ))
    }

    /// Where to write.
    pub(super) fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(w) => w,
            Output::File(w, _, _) => w,
            Output::InPlace(w) => w,
        }
    }

    /// Flushes, and puts a file in place.
    ///
    /// # Errors
    /// A write, sync or rename that failed (the target is then left as it was).
    pub(super) fn finish(self) -> std::io::Result<()> {
        match self {
            Output::Stdout(mut w) => w.flush(),
            Output::InPlace(w) => {
                w.into_inner()
                    .map_err(std::io::IntoInnerError::into_error)?;
                Ok(())
            }
            Output::File(w, path, replace) => {
                let tmp = w
                    .into_inner()
                    .map_err(std::io::IntoInnerError::into_error)?;
                tmp.as_file().sync_all()?;
                match replace {
                    Replace::Yes => tmp.persist(&path).map(|_| ()).map_err(|e| e.error),
                    // Atomic refusal too: a file made since `open` is not replaced.
                    Replace::No => tmp
                        .persist_noclobber(&path)
                        .map(|_| ())
                        .map_err(|e| e.error),
                }
            }
        }
    }
}

/// Gives the temporary file the mode (and, where allowed, the owner) of the file it replaces.
#[cfg(unix)]
fn keep_owner_and_mode(f: &File, m: &Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt as _;
    // Only root may give a file away; anyone else's report stays theirs, as with `cp`.
    let _ = std::os::unix::fs::fchown(f, Some(m.uid()), Some(m.gid()));
    f.set_permissions(m.permissions())
}

#[cfg(not(unix))]
fn keep_owner_and_mode(f: &File, m: &Metadata) -> std::io::Result<()> {
    f.set_permissions(m.permissions())
}

/// Writes bytes to standard output or to a file (see [`Output`]).
///
/// # Errors
/// As [`Output::open`] and [`Output::finish`].
pub(super) fn emit(bytes: &[u8], output: Option<&Path>, replace: Replace) -> std::io::Result<()> {
    let mut out = Output::open(output, replace)?;
    out.writer().write_all(bytes)?;
    out.finish()
}

/// Writes bytes to standard output: exit 0, or 2 with a message.
pub(super) fn print(bytes: &[u8], lang: Lang, what: (&str, &str)) -> ExitCode {
    match emit(bytes, None, Replace::Yes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => failed(lang, "sitecheck", what, None, &e),
    }
}
