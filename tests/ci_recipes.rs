//! The README's CI recipes, run exactly as written: the GitHub Actions and GitLab CI files are
//! taken out of README.md, and each `sitecheck` command in them runs in a shell, in a directory
//! whose `inventories/` holds the samples, with the built binary first on `PATH`. The SARIF it
//! writes validates against the 2.1.0 schema and is the file the upload step names; the JUnit
//! XML reads back and is the file the artifact names; the exit codes are the documented ones.
//! (The CI services themselves are out of reach of a test.)

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::util::{sarif_validator, tmp};

/// The fenced YAML block of the README whose first line is `# NAME`, parsed.
fn recipe(name: &str) -> Value {
    let readme = std::fs::read_to_string("README.md").unwrap_or_else(|e| panic!("{e}"));
    let block = readme
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split("\n```").next())
        .find(|b| b.lines().next() == Some(&format!("# {name}")))
        .unwrap_or_else(|| panic!("README.md has no ```yaml block starting with `# {name}`"));
    serde_saphyr::from_str(block).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The shell commands of a list of steps or script lines that run sitecheck.
fn sitecheck_commands<'a>(lines: impl Iterator<Item = &'a Value>) -> Vec<String> {
    lines
        .filter_map(Value::as_str)
        .filter(|l| l.trim_start().starts_with("sitecheck "))
        .map(str::to_owned)
        .collect()
}

/// Runs a command line from the README in `dir`, with the built sitecheck first on PATH.
fn run(dir: &Path, command: &str) -> i32 {
    let bin = Path::new(env!("CARGO_BIN_EXE_sitecheck"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap_or(Path::new(".")).display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path)
        .env("LANG", "C")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    out.status.code().unwrap_or(-1)
}

/// A directory with `inventories/` holding these files of the repository.
fn workspace(files: &[&str]) -> tempfile::TempDir {
    let dir = tmp();
    let inv = dir.path().join("inventories");
    std::fs::create_dir(&inv).unwrap_or_else(|e| panic!("{e}"));
    for f in files {
        let name = Path::new(f).file_name().unwrap_or_default();
        std::fs::copy(f, inv.join(name)).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    dir
}

/// The output file a command writes (`--output FILE`).
fn output_of(command: &str) -> String {
    let words: Vec<&str> = command.split_whitespace().collect();
    words.windows(2).find(|w| w[0] == "--output").map_or_else(
        || panic!("`{command}` writes no --output file"),
        |w| w[1].to_owned(),
    )
}

const SAMPLES: &[&str] = &[
    "samples/huancui-district-center.yaml",
    "samples/town-station-compliant.yaml",
    "samples/town-station-short.yaml",
];

#[test]
fn the_github_actions_recipe_writes_valid_sarif_for_the_upload_step() {
    let wf = recipe(".github/workflows/sitecheck.yml");
    let steps = wf["jobs"]["check"]["steps"]
        .as_array()
        .unwrap_or_else(|| panic!("no jobs.check.steps"));
    let commands = sitecheck_commands(steps.iter().map(|s| &s["run"]));
    assert_eq!(commands.len(), 1, "{commands:?}");
    let command = &commands[0];
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .unwrap_or_else(|| panic!("no upload-sarif step"));
    assert_eq!(
        upload["if"], "always()",
        "the findings are uploaded when the check fails too"
    );
    let sarif_file = upload["with"]["sarif_file"].as_str().unwrap_or_default();
    assert_eq!(
        output_of(command),
        sarif_file,
        "the upload step uploads what the check wrote"
    );
    assert_eq!(wf["permissions"]["security-events"], "write");

    let validator = sarif_validator();
    for (files, code) in [
        (SAMPLES, 1),
        (&SAMPLES[..2], 0),
        (
            &[
                "samples/town-station-compliant.yaml",
                "tests/fixtures/bad/unknown-zone.yaml",
            ][..],
            2,
        ),
    ] {
        let dir = workspace(files);
        assert_eq!(run(dir.path(), command), code, "`{command}` on {files:?}");
        let text = std::fs::read_to_string(dir.path().join(sarif_file))
            .unwrap_or_else(|e| panic!("{sarif_file}: {e}"));
        let sarif: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let results = sarif["runs"][0]["results"].as_array().map_or(0, Vec::len);
        assert_eq!(results > 0, code != 0, "{files:?}: {results} results");
    }
}

#[test]
fn the_gitlab_recipe_writes_the_junit_report_its_artifact_names() {
    let ci = recipe(".gitlab-ci.yml");
    let job = &ci["sitecheck"];
    let script = job["script"]
        .as_array()
        .unwrap_or_else(|| panic!("no sitecheck.script"));
    let commands = sitecheck_commands(script.iter());
    assert_eq!(commands.len(), 1, "{commands:?}");
    let command = &commands[0];
    let junit = job["artifacts"]["reports"]["junit"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(
        output_of(command),
        junit,
        "the artifact is what the check wrote"
    );
    assert_eq!(
        job["artifacts"]["when"], "always",
        "the report is kept when the check fails too"
    );

    for (files, code, failures) in [(SAMPLES, 1, true), (&SAMPLES[..2], 0, false)] {
        let dir = workspace(files);
        assert_eq!(run(dir.path(), command), code, "`{command}` on {files:?}");
        let xml = std::fs::read_to_string(dir.path().join(junit))
            .unwrap_or_else(|e| panic!("{junit}: {e}"));
        let report = quick_junit::Report::deserialize_from_str(&xml)
            .unwrap_or_else(|e| panic!("{e}\n{xml}"));
        assert!(
            report.test_suites.len() >= files.len(),
            "a suite per facility"
        );
        assert_eq!(report.failures > 0, failures, "{files:?}");
    }
}
