//! The JUnit XML report, for CI dashboards: a test suite per facility and a test case per
//! requirement — a failing requirement is a `<failure>`, one not assessed is `<skipped>`, a
//! waived one passes with its waiver in `<system-out>`. An input that could not be checked is
//! a suite whose test cases are `<error>`s, one per problem. Written with `quick-junit`, which
//! escapes text for XML and drops control characters; no timestamps, so the bytes are
//! reproducible.

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::escape;
use super::text::{self, Word};
use super::{Entry, Outcome, RunInfo};
use crate::check::{Assessment, Finding, Status};
use crate::diagnostic::Problem;
use crate::i18n::Lang;

/// Where in an input: `survey.yaml:12:3`, or `form.xlsx!行政办公区域!C7` in a survey form.
fn at(e: &Entry, loc: Option<crate::source::Location>) -> String {
    loc.map_or_else(
        || e.source.clone(),
        |l| crate::source::located(&e.source, e.text.as_ref(), l),
    )
}

fn details(e: &Entry, a: &Assessment, f: &Finding, lang: Lang) -> String {
    let mut s = format!(
        "{}{c}{}\n{}{c}{}\n{}{c}{}\n{}{c}{}",
        text::word(Word::Clause, lang),
        f.clause,
        text::word(Word::Expected, lang),
        text::expected(a, f, lang),
        text::word(Word::Actual, lang),
        text::actual(a, f, lang),
        text::word(Word::Source, lang),
        at(e, f.location),
        c = lang.colon()
    );
    if let Some(short) = text::shortfall(a, f, lang) {
        s = format!(
            "{s}\n{}{}{short}",
            text::word(Word::Shortfall, lang),
            lang.colon()
        );
    }
    if f.waiver_expired {
        s = format!("{s}\n{}", text::word(Word::WaiverExpired, lang));
    }
    if let Some(o) = &f.order {
        s = format!("{s}\n{}", escape::line(&text::order(o, lang)));
    }
    if let Some(t) = super::recheck::tag(f, lang) {
        s = format!("{s}\n{}{t}", lang.pick("复查：", "re-inspection: "));
    }
    s
}

/// One finding as a test case. A failing advisory (建议项) is a `<failure>` only when it fails
/// the run (`--fail-on warning`); otherwise it passes, its advice in `<system-out>`, so that a
/// CI dashboard agrees with the exit code.
fn case(e: &Entry, a: &Assessment, f: &Finding, info: &RunInfo) -> TestCase {
    let lang = info.lang;
    // Under --fail-on new, a failure the baseline already had does not fail the run either.
    let known = info.fail_on == super::FailOn::New
        && !f
            .baseline
            .is_some_and(crate::check::baseline::BaselineState::is_new_failure);
    let advisory_passes = (f.is_advice() && info.fail_on != super::FailOn::Warning) || known;
    let name = a
        .requirement(f)
        .map_or(f.requirement.as_str(), |r| r.name.get(lang));
    let mut message = match super::recheck::tag(f, lang) {
        Some(t) => format!(
            "{}{t}{} {}",
            lang.pick("【", "["),
            lang.pick("】", "]"),
            text::message(a, f, lang)
        ),
        None => text::message(a, f, lang),
    };
    if let Some(o) = f.order.as_ref().filter(|_| f.status != Status::Pass) {
        message = format!(
            "{message}{}",
            lang.paren(&escape::line(&text::order(o, lang)))
        );
    }
    let advice = advisory_passes.then(|| message.clone());
    let status = match f.status {
        Status::Pass | Status::Waived => TestCaseStatus::success(),
        Status::Fail if advisory_passes => TestCaseStatus::success(),
        Status::Fail => {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            s.set_message(message)
                .set_type(f.severity.as_str())
                .set_description(details(e, a, f, lang));
            s
        }
        Status::NotAssessed => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(message)
                .set_type("not_assessed")
                .set_description(details(e, a, f, lang));
            s
        }
    };
    let mut c = TestCase::new(format!("{} {} [{}]", f.clause, name, f.requirement), status);
    c.set_classname(repeated(&a.inventory.facility.id));
    if let Some(w) = &f.waiver {
        c.set_system_out(text::waiver(w, lang));
    } else if f.status == Status::Pass
        && (f.order.is_some() || super::recheck::tag(f, lang).is_some())
    {
        let notes: Vec<String> = super::recheck::tag(f, lang)
            .into_iter()
            .chain(
                f.order
                    .as_ref()
                    .map(|o| escape::line(&text::order(o, lang))),
            )
            .collect();
        c.set_system_out(notes.join("\n"));
    } else if let Some(advice) = advice {
        c.set_system_out(format!("{}：{advice}", text::finding_status(f, lang)));
    }
    c
}

/// A name repeated in every test case (the class name): cut with `…` at
/// [`MAX_REPEATED_NAME_CHARS`](crate::limits::MAX_REPEATED_NAME_CHARS), so that a huge
/// facility id is not copied into every case.
fn repeated(s: &str) -> String {
    crate::diagnostic::cut(s, crate::limits::MAX_REPEATED_NAME_CHARS)
        .unwrap_or_else(|| s.to_owned())
}

fn facility_suite(e: &Entry, a: &Assessment, info: &RunInfo) -> TestSuite {
    let lang = info.lang;
    let fac = &a.inventory.facility;
    let name = fac
        .name
        .as_deref()
        .map_or_else(|| fac.id.clone(), |n| format!("{n}{}", lang.paren(&fac.id)));
    // Control characters shown as `?`, as in every other format (quick-junit would drop them).
    let mut suite = TestSuite::new(escape::terminal(&name));
    suite.add_properties([
        Property::new("source", &e.source),
        Property::new("facility.id", &fac.id),
        Property::new("facility.level", &fac.level),
        Property::new("survey.kind", a.inventory.kind().as_str()),
        Property::new("standard", a.standard.label()),
    ]);
    if let Some(named) = a.named_standard() {
        suite.add_property(Property::new(
            "standard.named",
            escape::terminal(&text::judged_by(&named, &a.standard.label(), lang)),
        ));
    }
    suite.add_properties([
        Property::new("verdict", a.verdict.as_str()),
        Property::new("evaluation_date", &info.date),
    ]);
    suite.add_test_cases(
        a.findings
            .iter()
            .filter(|f| info.shows(f))
            .map(|f| case(e, a, f, info)),
    );
    suite
}

fn error_suite(e: &Entry, problems: &[Problem], lang: Lang) -> TestSuite {
    let mut suite = TestSuite::new(&e.source);
    suite.add_properties([
        Property::new("source", &e.source),
        Property::new("verdict", "error"),
    ]);
    for p in problems {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
        let mut description = at(e, p.location);
        if let (Some(l), Some(t)) = (p.location.filter(|l| l.sheet.is_none()), e.text.as_ref()) {
            // The line as context, cut like a snippet's (one line may be the whole file).
            let line = t.line(l.line);
            let line = crate::diagnostic::cut(line, crate::limits::MAX_MESSAGE_CHARS)
                .unwrap_or_else(|| line.to_owned());
            description = format!("{description}\n{:>4} | {line}", l.line);
        }
        if let Some(h) = &p.help {
            description = format!(
                "{description}\n{}{}{}",
                text::word(Word::Help, lang),
                lang.colon(),
                h.get(lang)
            );
        }
        s.set_message(p.message(lang))
            .set_type(p.code.as_str())
            .set_description(description);
        let mut c = TestCase::new(
            format!(
                "{}{}{}",
                text::word(Word::InputError, lang),
                lang.colon(),
                at(e, p.location)
            ),
            s,
        );
        c.set_classname(repeated(&e.source));
        suite.add_test_case(c);
    }
    suite
}

/// The JUnit XML report: one document for the whole run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Junit;

impl super::Renderer for Junit {
    fn streams(&self) -> bool {
        false
    }

    fn finish(
        &self,
        out: &mut dyn std::io::Write,
        run: &super::Run<'_>,
        info: &RunInfo,
    ) -> std::io::Result<()> {
        let mut report = Report::new("sitecheck");
        for e in run.entries {
            let suite = match &e.outcome {
                Outcome::Checked(a) => facility_suite(e, a, info),
                Outcome::Failed { problems } => error_suite(e, problems, info.lang),
            };
            report.add_test_suite(suite);
        }
        if let Some(suite) = super::district::junit_suite(run.summary, info) {
            report.add_test_suite(suite);
        }
        let mut xml = Vec::new();
        report.serialize(&mut xml).map_err(std::io::Error::other)?;
        // quick-junit drops control characters but passes bidirectional controls (U+202E …)
        // through: every one is shown as `?`, as in every other format. XML markup holds none.
        let xml = escape::xml(&String::from_utf8_lossy(&xml));
        out.write_all(xml.as_bytes())?;
        out.write_all(b"\n")
    }
}
