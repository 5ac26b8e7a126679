//! The inputs of a run, found lazily: each path as given, and directories walked recursively
//! for inventories in byte order of their path (entries whose name starts with `.` skipped,
//! symlink loops and unreadable entries reported). Only the directories on the current path are
//! held in memory, however many files a tree has. The run's own output file, when a walk meets
//! it (a report written into the folder being checked), is where the report goes, not an input:
//! it is left out, with a note. A district roster kept among the inventories (a file named
//! `roster.yaml`, `roster.yml` or `roster.xlsx`) is left out too: it is given with `--roster`.

use std::path::{Path, PathBuf};

use super::output::FileId;
use super::{Input, directory_not_file, is_inventory_name};
use crate::diagnostic::Problem;
use crate::i18n::{Lang, Text};

/// Deepest directory nesting walked.
const MAX_DEPTH: usize = crate::limits::MAX_FOLDER_DEPTH;

/// The run's report file, as a walk may meet it.
#[derive(Clone, Debug)]
pub(super) struct ReportFile {
    /// Which file it is.
    pub id: FileId,
    /// Set when a walk met it and it is an inventory, not a report sitecheck wrote (a survey
    /// named as the output by a slip, by any path or link): the report must not replace it.
    pub survey_met: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl ReportFile {
    /// The report file `id`, not met yet.
    pub fn new(id: FileId) -> Self {
        Self {
            id,
            survey_met: std::sync::Arc::default(),
        }
    }

    /// Whether a walk met it as an inventory.
    pub fn is_survey(&self) -> bool {
        self.survey_met.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// The inputs named by the command line's paths, in order; directories are walked leaving out
/// the file `output` (the run's report).
pub(super) fn inputs(
    paths: &[String],
    output: Option<ReportFile>,
    lang: Lang,
) -> impl Iterator<Item = Input> + '_ {
    paths
        .iter()
        .flat_map(move |p| -> Box<dyn Iterator<Item = Input>> {
            if p == "-" {
                return Box::new(std::iter::once(Input::Stdin));
            }
            let path = PathBuf::from(p);
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() && is_inventory_name(&path) => {
                    Box::new(std::iter::once(Input::Broken {
                        shown: p.clone(),
                        problem: directory_not_file(),
                    }))
                }
                Ok(m) if m.is_dir() => Box::new(Walk::new(path, p.clone(), output.clone(), lang)),
                Ok(_) => Box::new(std::iter::once(Input::File {
                    shown: p.clone(),
                    path,
                    listed: None,
                })),
                Err(e) => {
                    let why = super::io_reason(&e);
                    let en = if e.kind() == std::io::ErrorKind::NotFound {
                        "no such file or directory".to_owned()
                    } else {
                        why.en
                    };
                    Box::new(std::iter::once(broken(
                        p.clone(),
                        format!("无法读取：{}", why.zh),
                        format!("cannot read: {en}"),
                    )))
                }
            }
        })
}

fn broken(shown: String, zh: String, en: String) -> Input {
    Input::Broken {
        shown,
        problem: Problem::new(crate::diagnostic::Code::Unreadable, Text::new(zh, en), None),
    }
}

/// A child of a directory, sorted so that walking in order gives byte order of full paths.
struct Child {
    /// The shown path; a directory's ends in `/`, which is how it sorts among full paths.
    key: String,
    what: What,
}

enum What {
    Dir(PathBuf),
    Item(Input),
}

struct Frame {
    children: std::vec::IntoIter<Child>,
    /// The directory's canonical path (for loop detection), when it could be resolved.
    canon: Option<PathBuf>,
}

/// A district roster's reserved file name (`roster.yaml`, `.yml`, `.xlsx`): a walk leaves it
/// out; `--roster` names it.
pub(super) fn is_roster_name(p: &Path) -> bool {
    p.file_stem()
        .is_some_and(|s| s.eq_ignore_ascii_case("roster"))
        && is_inventory_name(p)
}

/// A lazy, ordered walk of one directory tree.
pub(super) struct Walk {
    root: PathBuf,
    shown: String,
    stack: Vec<Frame>,
    started: bool,
    /// The run's output file, left out.
    output: Option<ReportFile>,
    /// The language of the note saying so.
    lang: Lang,
    /// The walked folder's canonical path, once opened (where links lead is compared with it).
    root_canon: Option<PathBuf>,
}

impl Walk {
    fn new(root: PathBuf, shown: String, output: Option<ReportFile>, lang: Lang) -> Self {
        Self {
            root,
            shown,
            stack: Vec::new(),
            started: false,
            output,
            lang,
            root_canon: None,
        }
    }

    fn shown_for(&self, p: &Path) -> String {
        let rel = p.strip_prefix(&self.root).unwrap_or(p).to_string_lossy();
        if rel.is_empty() {
            self.shown.clone()
        } else if self.shown.ends_with('/') {
            format!("{}{rel}", self.shown)
        } else {
            format!("{}/{rel}", self.shown)
        }
    }

    /// Where a link found in the walk leads, as shown, when that is a place the walk reaches
    /// anyway (inside the folder walked, not under a dot-folder): checked there, it is not
    /// checked again through the link (each facility of a linked sub-folder would otherwise be
    /// met twice and flagged as a conflict with itself). A link leading out of the folder is
    /// followed.
    fn walked_anyway(&self, link: &Path, listing: Option<&Path>) -> Option<String> {
        let root = self.root_canon.as_ref()?;
        let target = std::fs::canonicalize(link).ok()?;
        // A link back to the folder being listed or above it is a loop, reported as one.
        if listing.is_some_and(|l| l.starts_with(&target)) {
            return None;
        }
        let rel = target.strip_prefix(root).ok()?;
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        (!hidden).then(|| self.shown_for(&self.root.join(rel)))
    }

    /// The run's output file met in the walk: left out, with a note, when it is where the
    /// report goes; an input that failed, and the report not to be written, when it is an
    /// inventory (a survey named as the output by a slip).
    fn output_met(&self, path: &Path, shown: &str) -> Option<Child> {
        if is_inventory_name(path) && !super::written_by_sitecheck(path) {
            if let Some(o) = &self.output {
                o.survey_met
                    .store(true, std::sync::atomic::Ordering::Relaxed);
            }
            return Some(Child {
                key: shown.to_owned(),
                what: What::Item(broken(
                    shown.to_owned(),
                    "这是所核查文件夹中的清单文件，又被指定为报告输出文件（--output）：报告不会写入，以免覆盖它".into(),
                    "this inventory is also the run's --output file: the report is not written, so as not to replace it".into(),
                )),
            });
        }
        let shown = crate::report::escape::terminal(shown);
        say!(
            "sitecheck: {}",
            match self.lang {
                Lang::Zh => format!("{shown} 是本次检查的报告输出文件，不作为清单读取"),
                Lang::En =>
                    format!("{shown} is where this run's report goes: not read as an inventory"),
            }
        );
        None
    }

    /// Says that the link `shown` is not followed, as `target` is checked already.
    fn note_link(&self, shown: &str, target: &str) {
        let (shown, target) = (
            crate::report::escape::terminal(shown),
            crate::report::escape::terminal(target),
        );
        say!(
            "sitecheck: {}",
            match self.lang {
                Lang::Zh => format!("{shown} 链接到本次已在核查的 {target}，不重复核查"),
                Lang::En => format!(
                    "{shown} links to {target}, which this run checks already: not checked twice"
                ),
            }
        );
    }

    /// Why the walk does not go into `dir` (canonically `canon`), as an input that failed: a
    /// loop of links, or a folder deeper than the limit.
    fn not_to_enter(&self, dir: &Path, canon: Option<&Path>) -> Option<Input> {
        if canon.is_some_and(|c| self.stack.iter().any(|f| f.canon.as_deref() == Some(c))) {
            return Some(broken(
                self.shown_for(dir),
                "文件夹形成符号链接循环，已跳过".into(),
                "symlink loop: this directory is already being walked; skipped".into(),
            ));
        }
        // The stack holds the named folder and the folders below it down to this one's parent.
        if self.stack.len() > MAX_DEPTH {
            return Some(broken(
                self.shown_for(dir),
                format!("文件夹嵌套超过 {MAX_DEPTH} 层，其中的内容已跳过"),
                format!("folders nested more than {MAX_DEPTH} deep: its contents are skipped"),
            ));
        }
        None
    }

    /// Opens a directory: its children sorted, or the input that reports why it cannot be.
    fn open(&mut self, dir: &Path) -> Option<Input> {
        let canon = std::fs::canonicalize(dir).ok();
        if self.stack.is_empty() {
            self.root_canon.clone_from(&canon);
        }
        if let Some(refused) = self.not_to_enter(dir, canon.as_deref()) {
            return Some(refused);
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                let why = super::io_reason(&e);
                return Some(broken(
                    self.shown_for(dir),
                    format!("无法读取文件夹：{}", why.zh),
                    format!("cannot read the directory: {}", why.en),
                ));
            }
        };
        let mut children = Vec::new();
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let shown = self.shown_for(&path);
            let item = |i: Input| {
                Some(Child {
                    key: shown.clone(),
                    what: What::Item(i),
                })
            };
            // Looked up in the directory being listed (one name, not the whole path again); a
            // link is followed to what it names.
            let meta = match entry.metadata() {
                Ok(m) if !m.file_type().is_symlink() => Ok(m),
                _ => std::fs::metadata(&path),
            };
            if entry.file_type().is_ok_and(|t| t.is_symlink())
                && meta.is_ok()
                && let Some(target) = self.walked_anyway(&path, canon.as_deref())
            {
                self.note_link(&shown, &target);
                continue;
            }
            if let Ok(m) = &meta
                && m.is_file()
                && self.output.as_ref().is_some_and(|o| o.id == FileId::of(m))
            {
                children.extend(self.output_met(&path, &shown));
                continue;
            }
            let child = match meta {
                // The district roster kept beside the inventories (`samples/roster.yaml`) is
                // not one of them: it is given with --roster.
                Ok(m) if m.is_file() && is_roster_name(&path) => None,
                Ok(m) if m.is_dir() && is_inventory_name(&path) => item(Input::Broken {
                    shown: shown.clone(),
                    problem: directory_not_file(),
                }),
                Ok(m) if m.is_dir() => Some(Child {
                    key: format!("{shown}/"),
                    what: What::Dir(path),
                }),
                // A FIFO, socket or device found by the walk: reading it could wait for ever.
                // (Given by name, it is read: `sitecheck check <(generate)` is a FIFO too.)
                Ok(m) if !m.is_file() && is_inventory_name(&path) => item(broken(
                    shown.clone(),
                    "无法读取：这不是普通文件（而是管道、套接字或设备）".into(),
                    "cannot read: not a regular file (a FIFO, socket or device)".into(),
                )),
                Ok(m) if is_inventory_name(&path) => item(Input::File {
                    shown: shown.clone(),
                    path,
                    listed: Some(m.len()),
                }),
                Err(e) if is_inventory_name(&path) => {
                    let why = super::io_reason(&e);
                    item(broken(
                        shown.clone(),
                        format!("无法读取：{}", why.zh),
                        format!("cannot read: {}", why.en),
                    ))
                }
                Ok(_) | Err(_) => None,
            };
            children.extend(child);
        }
        children.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
        self.stack.push(Frame {
            children: children.into_iter(),
            canon,
        });
        None
    }
}

impl Iterator for Walk {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        if !self.started {
            self.started = true;
            let root = self.root.clone();
            if let Some(problem) = self.open(&root) {
                return Some(problem);
            }
        }
        loop {
            let frame = self.stack.last_mut()?;
            match frame.children.next() {
                None => {
                    self.stack.pop();
                }
                Some(Child {
                    what: What::Item(i),
                    ..
                }) => return Some(i),
                Some(Child {
                    what: What::Dir(d), ..
                }) => {
                    if let Some(problem) = self.open(&d) {
                        return Some(problem);
                    }
                }
            }
        }
    }
}
