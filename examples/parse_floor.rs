//! The parse-only floor for the benchmark: read every inventory under a directory and
//! deserialize it into the typed raw structs with the project's own YAML loader, on all cores,
//! doing nothing else. `sitecheck check` is measured against this.
//!
//! usage: cargo run --release --example parse_floor -- DIR

use rayon::prelude::*;

fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
        {
            out.push(p);
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut files = Vec::new();
    walk(std::path::Path::new(&dir), &mut files);
    files.sort();
    let ok: usize = files
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            usize::from(
                sitecheck::load::parse::<sitecheck::load::inventory::RawInventory>(&text).is_ok(),
            )
        })
        .sum();
    println!("{ok}/{} files parsed", files.len());
}
