//! What users see on the shipped samples, snapshot-tested: the human report in both languages
//! and the JSON report. Run with a fixed `--date` so the output is reproducible.

use crate::util::{DATE, output, sitecheck};

fn run(args: &[&str]) -> String {
    let (code, out, _) = output(
        sitecheck()
            .args(["check", "samples", "--date", DATE])
            .args(args),
    );
    assert_eq!(
        code, 1,
        "the samples hold non-compliant and incomplete facilities"
    );
    out
}

#[test]
fn human_report_on_the_samples_in_english() {
    insta::assert_snapshot!(run(&["--lang", "en"]));
}

#[test]
fn human_report_on_the_samples_in_chinese() {
    insta::assert_snapshot!(run(&["--lang", "zh"]));
}

#[test]
fn json_report_on_the_samples() {
    // The report is one line per facility; the snapshot shows it pretty-printed to review.
    let doc: serde_json::Value = serde_json::from_str(&run(&["--format", "json", "--lang", "en"]))
        .unwrap_or_else(|e| panic!("not JSON: {e}"));
    insta::assert_snapshot!(serde_json::to_string_pretty(&doc).unwrap_or_default());
}
