//! Precompiles the built-in standards: each YAML file under `standards/` that the binary embeds
//! is converted at build time to compact JSON (read at run time by serde_json, far faster than
//! parsing YAML on every start) plus a table of where each requirement is written in the YAML,
//! so that findings still point at the standard's line. The YAML file stays the source of truth
//! and is embedded too, for snippets, its SHA-256, and the `standards` commands (which read it
//! with its example cases and every location). Two facts every run asks for are written here
//! too, so that a start need not load the standard for them: its label (`id@version`, for
//! `--version`) and the SHA-256 of its file (for the audit record of every report).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::Spanned;
use sha2::Digest as _;

const BUILTIN: &[&str] = &["huancui-2021"];

#[derive(Deserialize)]
struct Levels {
    #[serde(default)]
    levels: BTreeMap<String, Vec<Spanned<IgnoredAny>>>,
}

fn main() {
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    for name in BUILTIN {
        let src = format!("standards/{name}.yaml");
        println!("cargo:rerun-if-changed={src}");
        let text = std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("{src}: {e}"));
        // An invalid built-in standard fails the build here, with the parser's message; the
        // full diagnostics are one `sitecheck standards check` away.
        let mut value: serde_json::Value =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{src}: {e}"));
        // The example cases are for `sitecheck standards test`, which reads the YAML itself.
        if let Some(top) = value.as_object_mut() {
            top.remove("cases");
        }
        let field = |k: &str| {
            value
                .get(k)
                .and_then(serde_json::Value::as_str)
                .unwrap_or_else(|| panic!("{src}: no `{k}`"))
                .to_owned()
        };
        let label = format!("{}@{}", field("id"), field("version"));
        std::fs::write(Path::new(&out).join(format!("{name}.label")), label)
            .unwrap_or_else(|e| panic!("{e}"));
        let sha256 = sha2::Sha256::digest(text.as_bytes()).iter().fold(
            String::with_capacity(64),
            |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            },
        );
        std::fs::write(Path::new(&out).join(format!("{name}.sha256")), sha256)
            .unwrap_or_else(|e| panic!("{e}"));
        let json = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{src}: {e}"));
        std::fs::write(Path::new(&out).join(format!("{name}.json")), json)
            .unwrap_or_else(|e| panic!("{e}"));
        let levels: Levels = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{src}: {e}"));
        // level \t index \t line \t column \t byte offset \t byte length
        let mut table = String::new();
        for (level, reqs) in &levels.levels {
            for (i, r) in reqs.iter().enumerate() {
                let l = r.referenced;
                let span = l.span();
                let _ = writeln!(
                    table,
                    "{level}\t{i}\t{}\t{}\t{}\t{}",
                    l.line(),
                    l.column(),
                    span.byte_offset().unwrap_or(0),
                    span.byte_len().unwrap_or(0)
                );
            }
        }
        std::fs::write(Path::new(&out).join(format!("{name}.locations")), table)
            .unwrap_or_else(|e| panic!("{e}"));
    }
}
