//! An upload's files: read from the multipart body under the upload limits, held in memory
//! (nothing is written to disk, and no uploaded name is ever used as a path), and turned into
//! the inputs `check` would have for the same files: the files picked one by one in the order
//! sent, then a folder's inventories in byte order of their path, dot-files, other kinds of
//! file and a roster left out, as the walk of a directory leaves them.

use std::sync::Arc;

use axum::extract::Multipart;

use crate::cli::Input;
use crate::i18n::Text;
use crate::limits::{MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES};

/// One uploaded file: its name as the report shows it, and its bytes.
#[derive(Clone, Debug)]
pub(super) struct Upload {
    pub name: String,
    pub bytes: Arc<[u8]>,
    /// Sent as part of a folder (walked), not picked by itself.
    pub in_folder: bool,
}

/// Why an upload was refused as a whole.
#[derive(Debug)]
pub(super) enum Refused {
    /// The body is larger than [`MAX_UPLOAD_BYTES`].
    TooLarge,
    /// More than [`MAX_UPLOAD_FILES`] files.
    TooMany,
    /// The body is not a well-formed multipart form.
    Malformed(String),
}

impl Refused {
    /// What the page says.
    pub(super) fn text(&self) -> Text {
        match self {
            Self::TooLarge => Text::new(
                format!(
                    "上传的文件过大：一次最多上传 {} MiB，请分批上传",
                    MAX_UPLOAD_BYTES / 1024 / 1024
                ),
                format!(
                    "the upload is too large: at most {} MiB at once; upload the files in several batches",
                    MAX_UPLOAD_BYTES / 1024 / 1024
                ),
            ),
            Self::TooMany => Text::new(
                format!("上传的文件过多：一次最多 {MAX_UPLOAD_FILES} 个，请分批上传"),
                format!(
                    "too many files: at most {MAX_UPLOAD_FILES} at once; upload them in several batches"
                ),
            ),
            Self::Malformed(why) => Text::new(
                format!("上传的内容无法读取：{why}"),
                format!("the upload could not be read: {why}"),
            ),
        }
    }
}

/// Reads the files of a multipart form: the parts named `files` (picked one by one) and
/// `folder` (a folder's files, each named by its path below the folder's parent). Other parts
/// are returned as fields (name, text) when short. Empty file inputs are left out.
pub(super) async fn read(
    mut form: Multipart,
) -> Result<(Vec<Upload>, Vec<(String, String)>), Refused> {
    let mut files = Vec::new();
    let mut fields = Vec::new();
    let mut total = 0usize;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(refused(&e)),
        };
        let part = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let mut field = field;
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    total = total.saturating_add(chunk.len());
                    if total > MAX_UPLOAD_BYTES {
                        return Err(Refused::TooLarge);
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(refused(&e)),
            }
        }
        match (part.as_str(), file_name) {
            ("files" | "folder", Some(name)) => {
                if name.is_empty() && bytes.is_empty() {
                    continue; // a file input left empty
                }
                if files.len() == MAX_UPLOAD_FILES {
                    return Err(Refused::TooMany);
                }
                let in_folder = part == "folder";
                files.push(Upload {
                    name: shown_name(&name, in_folder),
                    bytes: bytes.into(),
                    in_folder,
                });
            }
            (_, None) if bytes.len() <= 4096 => {
                fields.push((part, String::from_utf8_lossy(&bytes).into_owned()));
            }
            _ => {}
        }
    }
    Ok((files, fields))
}

fn refused(e: &axum::extract::multipart::MultipartError) -> Refused {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        Refused::TooLarge
    } else {
        Refused::Malformed(e.body_text())
    }
}

/// The name a report shows for an uploaded file: for a file picked by itself its last
/// component (a browser sends no more), for a folder's file its path below the folder's parent
/// (`镇街/桥头镇.xlsx`), with `\` read as `/` and empty, `.` and `..` components dropped. It is
/// only ever a label: the reports neutralise it like any name from an input.
fn shown_name(sent: &str, in_folder: bool) -> String {
    let parts: Vec<&str> = sent
        .split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != "." && *c != "..")
        .collect();
    let name = if in_folder {
        parts.join("/")
    } else {
        parts.last().copied().unwrap_or_default().to_owned()
    };
    if name.is_empty() {
        "upload".to_owned()
    } else {
        name
    }
}

/// Whether a walk of the folder would check this file: no component starting with `.`, an
/// inventory's extension, not a roster.
fn walked(name: &str) -> bool {
    let path = std::path::Path::new(name);
    !name.split('/').any(|c| c.starts_with('.'))
        && crate::cli::is_inventory_name(path)
        && !crate::cli::walk::is_roster_name(path)
}

/// The files in the order `check` would take them (see the module's documentation), those a
/// folder's walk leaves out left out.
pub(super) fn ordered(files: &[Upload]) -> Vec<&Upload> {
    let mut folder: Vec<&Upload> = files
        .iter()
        .filter(|u| u.in_folder && walked(&u.name))
        .collect();
    folder.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    files
        .iter()
        .filter(|u| !u.in_folder)
        .chain(folder)
        .collect()
}

/// An uploaded file as an input (held in memory, named by its label).
pub(super) fn held(u: &Upload) -> Input {
    Input::Held {
        shown: u.name.clone(),
        bytes: Arc::clone(&u.bytes),
    }
}

/// The inputs `check` would have for these files.
pub(super) fn inputs(files: &[Upload]) -> Vec<Input> {
    ordered(files).into_iter().map(held).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_uploaded_name_is_a_label_with_no_way_up_or_out() {
        assert_eq!(shown_name("../../etc/passwd", false), "passwd");
        assert_eq!(shown_name("/abs/x.yaml", false), "x.yaml");
        assert_eq!(shown_name("a\\..\\..\\b.yaml", true), "a/b.yaml");
        assert_eq!(shown_name("town/../../x.yaml", true), "town/x.yaml");
        assert_eq!(shown_name("..", false), "upload");
    }

    #[test]
    fn a_folder_is_taken_as_its_walk_would_take_it() {
        let u = |name: &str, in_folder| Upload {
            name: name.to_owned(),
            bytes: Arc::from(&b""[..]),
            in_folder,
        };
        let files = [
            u("t/b.yaml", true),
            u("z.yaml", false),
            u("t/.hidden.yaml", true),
            u("t/notes.txt", true),
            u("t/roster.yaml", true),
            u("t/a/c.yaml", true),
            u("t/a.yaml", true),
            u("picked.txt", false),
        ];
        let names: Vec<String> = inputs(&files)
            .into_iter()
            .map(|i| match i {
                Input::Held { shown, .. } => shown,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            names,
            ["z.yaml", "picked.txt", "t/a.yaml", "t/a/c.yaml", "t/b.yaml"]
        );
    }
}
