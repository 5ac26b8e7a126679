//! The pipeline is the layout (docs/architecture.md): data flows one way, so a module of
//! `src/` may use only the modules before it in [`ORDER`]. This test reads the sources and
//! fails on any `crate::…` path that points to a module further down the pipeline, so the
//! picture stays true as code is added.

use std::path::{Path, PathBuf};

/// The top-level modules of `src/`, in pipeline order.
const ORDER: &[&str] = &[
    "limits",
    "i18n",
    "source",
    "diagnostic",
    "load",
    "model",
    "kinds",
    "registry",
    "input",
    "check",
    "report",
    "form",
    "cli",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.unwrap_or_else(|e| panic!("{e}")).path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module a file of `src/` belongs to (`src/check/evaluate.rs` → `check`).
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix("src").ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    Some(first.trim_end_matches(".rs").to_owned())
}

/// Every `crate::NAME` a text refers to outside comments, with its line.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.push((n + 1, name));
        }
        // `use crate::{a, b}` names several modules at once.
        if code.contains("crate::{") {
            out.push((n + 1, "{".to_owned()));
        }
    }
    out
}

#[test]
fn no_module_uses_one_further_down_the_pipeline() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for f in &files {
        let Some(module) = module_of(f) else { continue };
        let Some(me) = ORDER.iter().position(|m| *m == module) else {
            // main.rs and lib.rs hold the crate together; they may name every module.
            assert!(
                ["main", "lib"].contains(&module.as_str()),
                "{} belongs to no module of the pipeline: add it to ORDER and to docs/architecture.md",
                f.display()
            );
            continue;
        };
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{e}"));
        for (line, name) in crate_paths(&text) {
            if name == "{" {
                wrong.push(format!(
                    "{}:{line}: `use crate::{{…}}` hides which modules it uses: name each path",
                    f.display()
                ));
                continue;
            }
            if let Some(them) = ORDER.iter().position(|m| *m == name)
                && them > me
            {
                wrong.push(format!(
                    "{}:{line}: `{module}` uses `{name}`, which comes after it",
                    f.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the pipeline:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_module_of_the_pipeline_exists_and_lib_declares_them_in_order() {
    let lib = std::fs::read_to_string("src/lib.rs").unwrap_or_else(|e| panic!("{e}"));
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert_eq!(
        declared, ORDER,
        "src/lib.rs declares the modules in pipeline order"
    );
}

#[test]
fn the_check_catches_an_edge_against_the_pipeline() {
    // The scanner itself: a path to a later module is found, a comment is not.
    let found = crate_paths("use crate::registry::find;\n// crate::cli is only named here\n");
    assert_eq!(found, vec![(1, "registry".to_owned())]);
}

/// The `match` a `_ =>` arm at `line` belongs to: the nearest line above it, less indented,
/// that opens one.
fn governing_match(lines: &[&str], line: usize) -> Option<usize> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let me = indent(lines[line]);
    (0..line)
        .rev()
        .find(|&j| indent(lines[j]) < me && lines[j].contains("match "))
}

#[test]
fn no_match_on_a_requirement_kind_ends_in_a_wildcard() {
    // A new requirement kind must be handled everywhere a kind is matched: with every variant
    // of `Check` named, the compiler points at each place. (A match on a tuple, such as a gap
    // with its kind, may still end in `_`: its other half decides.)
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut wrong = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{e}"));
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if !l.trim_start().starts_with("_ =>") {
                continue;
            }
            let Some(m) = governing_match(&lines, i) else {
                continue;
            };
            let head = lines[m];
            let arms = lines[m..i].join("\n");
            let tuple = head.contains("match (") || head.contains("|r| (r,");
            let on_kind = arms.contains("Check::") && !tuple;
            if on_kind {
                wrong.push(format!(
                    "{}:{}: `_ =>` in a match on Check",
                    f.display(),
                    i + 1
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The modules `src/kinds/mod.rs` lists in its table `KINDS` (`floor_area::KIND,` → `floor_area`).
fn table_modules(mod_rs: &str) -> Vec<String> {
    mod_rs
        .lines()
        .skip_while(|l| !l.starts_with("pub const KINDS"))
        .skip(1)
        .take_while(|l| !l.starts_with("];"))
        .filter_map(|l| l.trim().strip_suffix("::KIND,"))
        .map(str::to_owned)
        .collect()
}

/// The files of `src/kinds/` that are not a kind: the table, and the helpers every kind shares.
const KIND_HELPERS: &[&str] = &["mod", "build", "eval", "form", "words"];

#[test]
fn every_kind_module_is_in_the_table_and_every_table_line_has_a_module() {
    // A new kind is one module in src/kinds/ plus its line in `KINDS`: a module the table
    // forgets is never built from a standard file, so a missing line must fail here.
    let mod_rs = std::fs::read_to_string("src/kinds/mod.rs").unwrap_or_else(|e| panic!("{e}"));
    let mut table = table_modules(&mod_rs);
    assert!(
        table.len() > 1,
        "the table of kinds was not found in src/kinds/mod.rs"
    );
    let mut modules: Vec<String> = std::fs::read_dir("src/kinds")
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|e| e.unwrap_or_else(|e| panic!("{e}")).path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .filter_map(|p| Some(p.file_stem()?.to_string_lossy().into_owned()))
        .filter(|m| !KIND_HELPERS.contains(&m.as_str()))
        .collect();
    let listed = table.clone();
    table.sort();
    modules.sort();
    assert_eq!(
        table, modules,
        "src/kinds/: the modules and the lines of `KINDS` differ"
    );
    let mut unique = listed.clone();
    unique.dedup();
    assert_eq!(unique.len(), listed.len(), "a kind is in `KINDS` twice");
    for m in &listed {
        assert!(
            mod_rs.contains(&format!("pub mod {m};")),
            "src/kinds/mod.rs does not declare `pub mod {m};`"
        );
    }
}

#[test]
fn the_kinds_check_sees_a_missing_table_line() {
    let text = "pub const KINDS: &[Entry] = &[\n    zone::KIND,\n    option::KIND,\n];\n";
    assert_eq!(table_modules(text), ["zone", "option"]);
    let forgotten = "pub const KINDS: &[Entry] = &[\n    zone::KIND,\n];\n";
    assert_ne!(table_modules(forgotten), ["zone", "option"]);
}
