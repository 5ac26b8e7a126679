//! Every renderer on one shared assessment, snapshot-tested: a district center whose report
//! holds every status (pass, fail, not assessed, waived) and every severity (error, warning,
//! info) under a hostile name (markup, Markdown, quotes and an ANSI escape), alone and in a
//! batch with a compliant facility and an input that cannot be checked. The evaluation date
//! is fixed, so the output is reproducible. Beside the snapshots, each format's own promises:
//! HTML escapes and fetches nothing, Markdown tables keep their shape, SARIF validates against
//! the 2.1.0 schema, JUnit XML reads back with the right counts.

// A test fails by panicking.
#![allow(clippy::panic)]

use std::path::Path;
use std::sync::Arc;

use sitecheck::check::{Status, assess};
use sitecheck::i18n::Lang;
use sitecheck::input::{StandardChoice, load};
use sitecheck::model::standard::Severity;
use sitecheck::model::waivers::Waiver;
use sitecheck::report::{Entry, Format, Outcome, RunInfo, Summary};
use sitecheck::source::SourceText;

use crate::util::{self, DATE, sarif_validator, tmp};

const HOSTILE: &str = "tests/fixtures/reports/inventories/every-status-hostile-name.yaml";
const COMPLIANT: &str = "tests/fixtures/reports/inventories/compliant-town-station.yaml";
const INVALID: &str = "tests/fixtures/reports/inventories/unknown-zone-cannot-be-checked.yaml";

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The operator's waivers: tests/fixtures/reports/every-status-waivers.yaml, built as the CLI
/// builds them.
fn waivers() -> Vec<Waiver> {
    let path = "tests/fixtures/reports/every-status-waivers.yaml";
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let raw: sitecheck::load::waivers::RawWaivers =
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    sitecheck::model::waivers::build(&raw).unwrap_or_else(|p| panic!("{path}: {p:?}"))
}

fn entry(path: &str) -> Entry {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let src = SourceText::from_bytes(path, bytes).unwrap_or_else(|p| panic!("{path}: {p:?}"));
    let outcome = match load(&src, &StandardChoice::AUTO) {
        Ok((inv, standard)) => Outcome::Checked(Box::new(assess(
            inv,
            Arc::clone(&standard),
            &waivers(),
            date(DATE),
        ))),
        Err(problems) => Outcome::Failed { problems },
    };
    Entry {
        source: path.to_owned(),
        text: Some(src),
        outcome,
    }
}

fn single() -> Vec<Entry> {
    vec![entry(HOSTILE)]
}

fn batch() -> Vec<Entry> {
    vec![entry(COMPLIANT), entry(HOSTILE), entry(INVALID)]
}

fn render(format: Format, entries: &[Entry], lang: Lang) -> String {
    let summary = Summary::of(entries);
    let info = RunInfo {
        lang,
        omit_passes: false,
        date: DATE.into(),
        tool_version: "0.0.0-test".into(),
        ..RunInfo::default()
    };
    let mut out = Vec::new();
    let r = format.renderer().render(&mut out, entries, &summary, &info);
    r.unwrap_or_else(|e| panic!("render: {e}"));
    String::from_utf8(out).unwrap_or_else(|e| panic!("not UTF-8: {e}"))
}

fn hostile_findings() -> Vec<(Status, Severity)> {
    match &single()[0].outcome {
        Outcome::Checked(a) => a.findings.iter().map(|f| (f.status, f.severity)).collect(),
        Outcome::Failed { problems } => panic!("the hostile fixture must load: {problems:?}"),
    }
}

#[test]
fn the_shared_assessment_holds_every_status_and_severity() {
    let found = hostile_findings();
    for s in [
        Status::Pass,
        Status::Fail,
        Status::NotAssessed,
        Status::Waived,
    ] {
        assert!(found.iter().any(|(st, _)| *st == s), "no {s:?} finding");
    }
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        assert!(found.iter().any(|(_, sev)| *sev == s), "no {s:?} finding");
    }
    assert!(
        found.contains(&(Status::Fail, Severity::Warning)),
        "no failing warning"
    );
    let b = batch();
    assert!(matches!(b[0].outcome, Outcome::Checked(_)));
    assert!(
        matches!(b[2].outcome, Outcome::Failed { .. }),
        "the invalid input must fail"
    );
}

macro_rules! snapshots {
    ($($name:ident: $format:expr, $entries:expr, $lang:expr;)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(render($format, &$entries, $lang));
            }
        )*
    };
}

snapshots! {
    html_single_en: Format::Html, single(), Lang::En;
    html_batch_en: Format::Html, batch(), Lang::En;
    html_batch_zh: Format::Html, batch(), Lang::Zh;
    markdown_single_en: Format::Markdown, single(), Lang::En;
    markdown_batch_en: Format::Markdown, batch(), Lang::En;
    markdown_batch_zh: Format::Markdown, batch(), Lang::Zh;
    sarif_single_en: Format::Sarif, single(), Lang::En;
    sarif_batch_en: Format::Sarif, batch(), Lang::En;
    sarif_batch_zh: Format::Sarif, batch(), Lang::Zh;
    junit_single_en: Format::Junit, single(), Lang::En;
    junit_batch_en: Format::Junit, batch(), Lang::En;
    junit_batch_zh: Format::Junit, batch(), Lang::Zh;
    human_single_en: Format::Human, single(), Lang::En;
    json_single_en: Format::Json, single(), Lang::En;
}

#[test]
fn every_format_is_reproducible() {
    for f in [
        Format::Human,
        Format::Json,
        Format::Markdown,
        Format::Html,
        Format::Sarif,
        Format::Junit,
    ] {
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(render(f, &batch(), lang), render(f, &batch(), lang));
        }
    }
}

#[test]
fn html_escapes_the_hostile_name_and_fetches_nothing() {
    for lang in [Lang::Zh, Lang::En] {
        let html = render(Format::Html, &batch(), lang);
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; | *x* &amp; &quot;q&quot; ?[31m"),
            "{html}"
        );
        assert!(!html.to_lowercase().contains("<script"), "a script element");
        assert!(!html.contains('\u{1b}'), "a raw ANSI escape");
        assert!(
            html.contains("&lt;b&gt;|&lt;/b&gt;"),
            "the waiver's reason is escaped"
        );
        for external in [
            "<link",
            "<img",
            "src=",
            "@import",
            "url(http",
            "@font-face",
            "<iframe",
            "<object",
        ] {
            assert!(
                !html.contains(external),
                "HTML refers to something outside the page: {external}"
            );
        }
        let urls: Vec<&str> = html
            .match_indices("http")
            .map(|(i, _)| &html[i..html.len().min(i + 35)])
            .collect();
        assert!(
            urls.iter()
                .all(|u| u.starts_with("http://www.w3.org/2000/svg")),
            "{urls:?}"
        );
        assert!(
            html.contains("@media print") && html.contains("break-before: page"),
            "no print stylesheet"
        );
        assert!(html.contains("Noto Sans CJK SC"), "no CJK font stack");
        let facilities = &html[html.find("<section class=\"facility\"").unwrap_or(0)..];
        assert_eq!(
            facilities.matches("<svg").count(),
            2,
            "one chart per checked facility"
        );
    }
}

#[test]
fn html_shows_waived_and_not_assessed_apart_from_pass() {
    let html = render(Format::Html, &single(), Lang::En);
    for class in ["s-pass", "s-fail", "s-not_assessed", "s-waived"] {
        assert!(
            html.contains(&format!("<tr class=\"{class}\">")),
            "no row of {class}"
        );
    }
    assert!(
        html.contains("approved by 环翠区民政局"),
        "the waiver's approver"
    );
    assert!(
        html.contains("依托社会工作站综合设置"),
        "the waiver's reason"
    );
}

/// The number of cell separators in a Markdown table row: `|` not escaped by a backslash.
fn separators(row: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in row.chars() {
        match (c, escaped) {
            ('\\', false) => escaped = true,
            ('|', false) => n += 1,
            _ => escaped = false,
        }
    }
    n
}

#[test]
fn markdown_tables_keep_their_shape_around_hostile_text() {
    for lang in [Lang::Zh, Lang::En] {
        let md = render(Format::Markdown, &batch(), lang);
        assert!(
            md.contains(r"\<script\>alert(1)\</script\> \| \*x\* \& "),
            "{md}"
        );
        assert!(!md.contains('\u{1b}'), "a raw ANSI escape");
        let mut header: Option<usize> = None;
        for line in md.lines() {
            if !line.starts_with('|') {
                header = None;
                continue;
            }
            let n = separators(line);
            match header {
                None => header = Some(n),
                Some(h) => assert_eq!(n, h, "a row with another number of cells: {line}"),
            }
        }
    }
}

#[test]
fn markdown_escapes_markup_characters() {
    let s = sitecheck::report::escape::markdown("a|b *c* _d_ `e` [f](g) <h> & $i$ @j #1 ~k~\nl");
    assert_eq!(
        s,
        r"a\|b \*c\* \_d\_ \`e\` \[f\](g) \<h\> \& \$i\$ \@j \#1 \~k\~<br>l"
    );
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let validator = sarif_validator();
    for entries in [single(), batch()] {
        for lang in [Lang::Zh, Lang::En] {
            let out = render(Format::Sarif, &entries, lang);
            let doc: serde_json::Value =
                serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
            let errors: Vec<String> = validator
                .iter_errors(&doc)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{errors:#?}");
        }
    }
    // The validator can fail: a level SARIF does not know is refused.
    let mut broken: serde_json::Value =
        serde_json::from_str(&render(Format::Sarif, &single(), Lang::En))
            .unwrap_or_else(|e| panic!("{e}"));
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_has_a_result_per_unmet_requirement_and_per_input_problem() {
    let out = render(Format::Sarif, &batch(), Lang::En);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    let run = &doc["runs"][0];
    let results = run["results"].as_array().cloned().unwrap_or_default();
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let unmet = hostile_findings()
        .iter()
        .filter(|(s, _)| *s != Status::Pass)
        .count();
    let problems = match &batch()[2].outcome {
        Outcome::Failed { problems } => problems.len(),
        Outcome::Checked(_) => 0,
    };
    assert_eq!(results.len(), unmet + problems);
    for r in &results {
        let id = r["ruleId"].as_str().unwrap_or_default();
        let index = r["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(
            rules.get(index).map(|x| x["id"].as_str()),
            Some(Some(id)),
            "ruleIndex of {id}"
        );
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap_or(0) >= 1, "{r}");
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or_default();
        if id.starts_with("sitecheck::") {
            assert_eq!(uri, INVALID);
            assert_eq!(r["level"], "error");
        } else {
            assert_eq!(uri, HOSTILE);
            let related = &r["relatedLocations"][0]["physicalLocation"];
            assert_eq!(
                related["artifactLocation"]["uri"],
                "standards/huancui-2021.yaml"
            );
            assert!(
                related["region"]["startLine"].as_u64().unwrap_or(0) > 1,
                "{r}"
            );
        }
    }
    let levels = |status: &str| -> Vec<String> {
        results
            .iter()
            .filter(|r| r["properties"]["status"] == status)
            .map(|r| r["level"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert!(
        levels("fail").contains(&"error".to_owned())
            && levels("fail").contains(&"warning".to_owned())
    );
    assert!(
        levels("not_assessed").iter().all(|l| l == "warning"),
        "error-severity not assessed is a warning"
    );
    let waived: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r["properties"]["status"] == "waived")
        .collect();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["suppressions"][0]["kind"], "external");
    let floor = rules
        .iter()
        .find(|r| r["id"] == "huancui/district_center/floor_area")
        .cloned()
        .unwrap_or_default();
    assert_eq!(floor["properties"]["names"]["zh"], "建筑面积");
    assert_eq!(floor["properties"]["names"]["en"], "floor area");
    assert_eq!(floor["properties"]["clause"], "第七条");
    assert_eq!(
        floor["help"]["text"],
        "The floor area should generally be at least 200 m²."
    );
}

#[test]
fn junit_reads_back_with_a_suite_per_facility() {
    let xml = render(Format::Junit, &batch(), Lang::En);
    let report =
        quick_junit::Report::deserialize_from_str(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    // Three inputs, then the district summary: properties, no test case.
    assert_eq!(report.test_suites.len(), 4);
    assert_eq!(report.test_suites[3].tests, 0);
    let count = |status: Status| {
        hostile_findings()
            .iter()
            .filter(|(s, _)| *s == status)
            .count()
    };
    let hostile = &report.test_suites[1];
    assert_eq!(hostile.tests, hostile_findings().len());
    // A failing advisory is a failure only under --fail-on warning (not given here).
    let required_failing = hostile_findings()
        .iter()
        .filter(|(s, sev)| *s == Status::Fail && *sev == Severity::Error)
        .count();
    assert_eq!(hostile.failures, required_failing);
    assert_eq!(hostile.skipped, count(Status::NotAssessed));
    assert!(
        hostile
            .name
            .as_str()
            .starts_with("<script>alert(1)</script>"),
        "the name, unescaped on reading back: {}",
        hostile.name.as_str()
    );
    assert!(!xml.contains('\u{1b}'), "a raw ANSI escape");
    let invalid = &report.test_suites[2];
    assert!(
        invalid.errors >= 1 && invalid.errors == invalid.tests,
        "every case of the invalid input is an error"
    );
    assert_eq!(
        report.test_suites[0].failures + report.test_suites[0].errors,
        0
    );
}

const FORMATS: [&str; 6] = ["human", "json", "markdown", "html", "sarif", "junit"];

fn sitecheck(args: &[&str]) -> std::process::Output {
    util::sitecheck()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// What each format's output starts with.
fn looks_like(format: &str, out: &str) -> bool {
    match format {
        "json" | "sarif" => out.starts_with('{'),
        "markdown" => out.starts_with("## "),
        "html" => out.starts_with("<!DOCTYPE html>"),
        "junit" => out.starts_with("<?xml"),
        _ => !out.is_empty(),
    }
}

#[test]
fn every_format_writes_to_output_and_honours_fail_on() {
    let fixture = "tests/fixtures/reports/fail-on/compliant-with-a-duty-missing.yaml";
    let dir = tmp();
    for format in FORMATS {
        let file = dir.path().join(format!("report.{format}"));
        let file_arg = file.to_string_lossy().into_owned();
        let base = ["check", fixture, "--date", DATE, "--format", format];
        let out = sitecheck(&[&base[..], &["--output", &file_arg]].concat());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: a failing warning alone passes"
        );
        assert!(
            out.stdout.is_empty(),
            "{format}: with --output, nothing on stdout"
        );
        let written = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{format}: {e}"));
        assert!(looks_like(format, &written), "{format}: {written}");
        let out = sitecheck(&[&base[..], &["--fail-on", "warning"]].concat());
        assert_eq!(out.status.code(), Some(1), "{format}: --fail-on warning");
        assert!(
            looks_like(format, &String::from_utf8_lossy(&out.stdout)),
            "{format} on stdout"
        );
    }
}

#[test]
fn every_format_reports_an_input_that_cannot_be_checked_with_exit_2() {
    for format in FORMATS {
        let out = sitecheck(&[
            "check",
            "tests/fixtures/reports/inventories/",
            "--date",
            DATE,
            "--format",
            format,
        ]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("unknown-zone-cannot-be-checked.yaml"),
            "{format}: the bad input is in the report"
        );
        assert!(
            stdout.contains("hostile-dc"),
            "{format}: the other inputs are still checked"
        );
    }
}

#[test]
fn lang_switches_the_words_of_every_format() {
    for format in ["markdown", "html", "sarif", "junit"] {
        let zh = sitecheck(&[
            "check", HOSTILE, "--date", DATE, "--format", format, "--lang", "zh",
        ]);
        let en = sitecheck(&[
            "check", HOSTILE, "--date", DATE, "--format", format, "--lang", "en",
        ]);
        let (zh, en) = (
            String::from_utf8_lossy(&zh.stdout),
            String::from_utf8_lossy(&en.stdout),
        );
        assert!(
            zh.contains("面积不足") && !zh.contains("short by"),
            "{format} in Chinese"
        );
        assert!(
            en.contains("short by") && !en.contains("面积不足"),
            "{format} in English"
        );
    }
}

#[test]
fn sarif_input_problems_are_results_of_their_own_code_rule_with_its_bilingual_summary() {
    let problems = match &batch()[2].outcome {
        Outcome::Failed { problems } => problems.clone(),
        Outcome::Checked(_) => panic!("the invalid input must fail"),
    };
    assert!(!problems.is_empty());
    for lang in [Lang::Zh, Lang::En] {
        let out = render(Format::Sarif, &batch(), lang);
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
        let run = &doc["runs"][0];
        let rules = run["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let results: Vec<&serde_json::Value> = run["results"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == INVALID)
            .collect();
        assert_eq!(results.len(), problems.len());
        for (r, p) in results.iter().zip(&problems) {
            let code = p.code.as_str();
            assert_eq!(r["ruleId"], code, "{r}");
            let index = r["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
            let rule = rules
                .get(index)
                .unwrap_or_else(|| panic!("no rule {index}"));
            assert_eq!(rule["id"], code);
            let summary = p.code.summary();
            assert_eq!(rule["properties"]["names"]["zh"], summary.zh.as_str());
            assert_eq!(rule["properties"]["names"]["en"], summary.en.as_str());
            assert_eq!(rule["shortDescription"]["text"], summary.get(lang));
        }
        // One rule per code, and none for a code no input has.
        let code_rules: Vec<&str> = rules
            .iter()
            .filter_map(|r| r["id"].as_str())
            .filter(|id| id.starts_with("sitecheck::"))
            .collect();
        let mut used: Vec<&str> = problems.iter().map(|p| p.code.as_str()).collect();
        used.sort_unstable();
        used.dedup();
        let mut listed = code_rules.clone();
        listed.sort_unstable();
        assert_eq!(listed, used);
        assert!(!rules.iter().any(|r| r["id"] == "input-error"));
    }
}

#[test]
fn sarif_uris_are_percent_encoded_relative_references() {
    use sitecheck::report::escape::uri;
    assert_eq!(
        uri("samples/town-station-short.yaml"),
        "samples/town-station-short.yaml"
    );
    assert_eq!(uri("清单/a b#1.yaml"), "%E6%B8%85%E5%8D%95/a%20b%231.yaml");
    assert_eq!(uri(r"dir\file.yaml"), "dir/file.yaml");
}

/// Adding a format is one renderer module and one line in `Format::renderer`: the CLI never
/// names a format to decide what to do with it, for `check` or `compare`.
#[test]
fn the_cli_names_no_format_and_asks_the_table_for_its_renderer() {
    use clap::ValueEnum as _;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
    let mut offenders = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|d| d.ok().map(|d| d.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for f in Format::value_variants() {
            let variant = format!("Format::{f:?}");
            for (n, line) in text.lines().enumerate() {
                let named = line.match_indices(&variant).any(|(i, _)| {
                    let before = line[..i].chars().next_back();
                    let after = line[i + variant.len()..].chars().next();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                        && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
                });
                if named {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
    for f in Format::value_variants() {
        let r = f.renderer();
        assert_eq!(
            r.compares().is_some(),
            r.compare(&comparison(), &RunInfo::default()).is_some(),
            "{f:?}: compares() and compare() disagree"
        );
    }
}

/// Two copies of the compliant facility, compared.
fn comparison() -> sitecheck::check::compare::Comparison {
    use sitecheck::check::compare::{Comparison, Layout};
    let layout = || match entry(COMPLIANT).outcome {
        Outcome::Checked(a) => Layout {
            source: COMPLIANT.to_owned(),
            assessment: *a,
        },
        Outcome::Failed { problems } => panic!("the compliant fixture must load: {problems:?}"),
    };
    Comparison::new(vec![layout(), layout()]).unwrap_or_else(|e| panic!("{e:?}"))
}

// ---- the HTML page a person opens: its title, its charts' legends, its ranking's order ----

/// `check ARGS --format html --lang LANG`: the page.
fn html_page(args: &[&str], lang: &str) -> String {
    let out = sitecheck(
        &[
            &["check"],
            args,
            &["--format", "html", "--lang", lang, "--date", DATE],
        ]
        .concat(),
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of the page's `<title>`.
fn page_title(page: &str) -> &str {
    page.split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map_or("", |(t, _)| t)
}

#[test]
fn an_html_page_s_title_names_the_facility_or_the_district() {
    let one = html_page(&["samples/town-station-short.yaml"], "zh");
    assert!(
        page_title(&one).starts_with("桥头镇未成年人保护工作站"),
        "{}",
        page_title(&one)
    );
    let one = html_page(&["samples/town-station-short.yaml"], "en");
    assert!(
        page_title(&one).starts_with("桥头镇未成年人保护工作站")
            && page_title(&one).contains("report"),
        "{}",
        page_title(&one)
    );
    // A batch with a roster: the roster's district.
    for lang in ["zh", "en"] {
        let batch = html_page(&["samples/", "--roster", "samples/roster.yaml"], lang);
        assert!(
            page_title(&batch).starts_with("环翠区"),
            "{}",
            page_title(&batch)
        );
        let h1 = batch.split_once("<h1>").map_or("", |(_, r)| r);
        assert!(
            h1.starts_with("环翠区"),
            "the heading names the district too"
        );
    }
}

#[test]
fn the_most_failed_chart_has_a_legend_and_the_ranking_states_its_order() {
    for (lang, required, advisory, order) in [
        ("zh", "必改项", "建议项", "相同时按"),
        ("en", "required", "advisory", "ties"),
    ] {
        let page = html_page(&["samples/"], lang);
        let (_, chart) = page
            .split_once("aria-label=\"")
            .and_then(|(_, r)| r.split_once("aria-label=\""))
            .unwrap_or_else(|| panic!("no second chart in {lang}"));
        let chart = chart.split("</figure>").next().unwrap_or_default();
        for (word, color) in [(required, "#b42318"), (advisory, "#c98a00")] {
            assert!(
                chart.contains(&format!("fill=\"{color}\"/><text"))
                    && chart.contains(&format!(">{word}</text>")),
                "{lang}: no legend entry {word} for {color} in {chart}"
            );
        }
        let ranking = page
            .split_once("<table class=\"top\">")
            .map_or("", |(before, _)| {
                before.rsplit("<h3>").next().unwrap_or_default()
            });
        assert!(
            ranking.contains(order),
            "{lang}: the ranking's order is not stated: {ranking}"
        );
    }
}

#[test]
fn a_long_english_requirement_name_is_not_cut_in_the_most_failed_chart() {
    let page = html_page(&["samples/"], "en");
    // 第十条第4项 duty: guidance on visits, checks, mandatory reporting and referral
    assert!(
        page.contains(
            ">第十条第4项 duty: guidance on visits, checks, mandatory reporting and referral</text>"
        ),
        "the label is cut"
    );
}

#[test]
fn the_html_chart_says_one_unit_not_one_units() {
    let page = html_page(&["samples/childrens-home-reading-gap.json"], "en");
    for (one, wrong) in [
        ("1 / 1 unit<", "1 / 1 units<"),
        ("1 / 1 person<", "1 / 1 people<"),
    ] {
        assert!(page.contains(one) && !page.contains(wrong), "{one}");
    }
    assert!(page.contains("10 / 10 desks<"), "a plural stays a plural");
}

#[test]
fn an_english_chart_label_of_some_fifty_characters_is_not_cut() {
    let page = html_page(&["samples/town-station-short.yaml"], "en");
    assert!(
        page.contains(">participation of social workers and volunteers</text>"),
        "the label is cut"
    );
}
