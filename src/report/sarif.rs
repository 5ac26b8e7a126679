//! The SARIF 2.1.0 report, for code scanning in CI. The rules are the requirements of every
//! standard used in the run (id `standard/level/requirement`, names in both languages, the
//! clause, the standard's wording as help) and, generated from [`Code`], one rule per problem
//! code the run's inputs have (id `sitecheck::…`, its summary in both languages). One result
//! per requirement that fails or could not be assessed, at the evidence in the inventory, with
//! a related location at the requirement in the standard file; a waived requirement is a
//! result with an external suppression carrying the waiver; every problem of an input that
//! could not be checked is a result of its code's rule at its position.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Entry, Outcome, RunInfo};
use super::{escape, text};
use crate::check::{Assessment, Finding, Status};
use crate::diagnostic::{Code, Problem};
use crate::i18n::Lang;
use crate::model::standard::{Requirement, Severity, Standard};
use crate::source::Location;

/// The SARIF version written.
pub const VERSION: &str = "2.1.0";
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A result's stable fingerprint: the SHA-256 of its facility id and requirement id, so that
/// its size does not grow with a (hostile) id's.
fn fingerprint(facility: &str, requirement: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(facility.as_bytes());
    h.update([0]);
    h.update(requirement.as_bytes());
    h.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// A name from an input repeated in every result (a facility's id and name): neutralised, and
/// cut with `…` at [`MAX_REPEATED_NAME_CHARS`](crate::limits::MAX_REPEATED_NAME_CHARS).
fn repeated(s: &str) -> String {
    let s = escape::terminal(s);
    crate::diagnostic::cut(&s, crate::limits::MAX_REPEATED_NAME_CHARS).unwrap_or(s)
}

/// Neutralises every string of a SARIF tree (control and bidirectional characters shown as
/// `?`): rule properties, result properties and messages carry a standard's names and
/// wording, and an inventory's values, and a viewer shows them all.
fn neutralise(v: &mut Value) {
    match v {
        Value::String(s) => *s = escape::terminal(s),
        Value::Array(a) => a.iter_mut().for_each(neutralise),
        Value::Object(o) => o.values_mut().for_each(neutralise),
        _ => {}
    }
}

fn rule_id(st: &Standard, level: &str, requirement: &str) -> String {
    format!("{}/{level}/{requirement}", st.id)
}

fn level_of(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Not assessed: a warning where it leaves the facility incomplete, else a note.
fn result_level(f: &Finding) -> &'static str {
    match (f.status, f.severity) {
        (Status::NotAssessed, Severity::Error) => "warning",
        (Status::NotAssessed, _) => "note",
        // A fix since the baseline, shown as an absent result.
        (Status::Pass, _) => "none",
        (_, s) => level_of(s),
    }
}

fn rule(st: &Standard, level: &str, r: &Requirement, lang: Lang) -> Value {
    let strength = st
        .strengths
        .get(&r.strength)
        .map_or_else(|| r.strength.clone(), |s| s.name.get(lang).to_owned());
    json!({
        "id": rule_id(st, level, &r.id),
        "name": escape::sarif(r.name.get(lang)),
        "shortDescription": {"text": escape::sarif(&format!("{} {}", r.clause, r.name.get(lang)))},
        "fullDescription": {"text": escape::sarif(r.text.get(lang))},
        "help": {"text": escape::sarif(r.text.get(lang))},
        "defaultConfiguration": {"level": level_of(r.severity)},
        "properties": {
            "standard": st.label(),
            "level": level,
            "requirement": r.id,
            "clause": r.clause,
            "strength": strength,
            "waivable": r.waivable,
            "names": {"zh": r.name.zh, "en": r.name.en},
            "wording": {"zh": r.text.zh, "en": r.text.en},
            "tags": ["compliance", level],
        }
    })
}

/// The rule of a problem code: its summary in both languages, and what to do about it.
fn code_rule(code: Code, lang: Lang) -> Value {
    let summary = code.summary();
    let help = lang.pick(
        "清单无法读取或内容无效（语法、未知名称、负数等），因此未检查。请按提示修改后重新检查。",
        "The inventory could not be read or is invalid (syntax, an unknown name, a negative number…), so it was not checked. Fix it as the message says and check it again.",
    );
    json!({
        "id": code.as_str(),
        "name": escape::sarif(summary.get(lang)),
        "shortDescription": {"text": escape::sarif(summary.get(lang))},
        "fullDescription": {"text": help},
        "help": {"text": help},
        "defaultConfiguration": {"level": "error"},
        "properties": {"names": {"zh": summary.zh, "en": summary.en}, "tags": ["input"]},
    })
}

fn region(loc: Option<Location>) -> Value {
    match loc {
        Some(l) => json!({"startLine": l.line.max(1), "startColumn": l.column.max(1)}),
        None => json!({"startLine": 1}),
    }
}

fn physical(path: &str, loc: Option<Location>) -> Value {
    json!({"physicalLocation": {"artifactLocation": {"uri": escape::uri(path)}, "region": region(loc)}})
}

/// A place in an input. A survey form's cell has no text region: the file, and the cell
/// (`行政办公区域!C7`) as a logical location.
fn input_location(e: &Entry, loc: Option<Location>) -> Value {
    match loc.filter(|l| l.sheet.is_some()) {
        Some(l) => json!({
            "physicalLocation": {"artifactLocation": {"uri": escape::uri(&e.source)}},
            "logicalLocations": [{"fullyQualifiedName": escape::sarif(&crate::source::position(e.text.as_ref(), l)), "kind": "element"}],
        }),
        None => physical(&e.source, loc),
    }
}

/// The rules of the run, in the order of the standards' first use, and the index of each id.
struct Rules {
    list: Vec<Value>,
    ids: Vec<String>,
}

impl Rules {
    fn new(entries: &[Entry], lang: Lang) -> Self {
        let mut rules = Rules {
            list: Vec::new(),
            ids: Vec::new(),
        };
        let mut seen: Vec<String> = Vec::new();
        for e in entries {
            let Outcome::Checked(a) = &e.outcome else {
                continue;
            };
            let st = &a.standard;
            if seen.contains(&st.label()) {
                continue;
            }
            seen.push(st.label());
            for (level, r) in st.all_requirements() {
                let id = rule_id(st, &level.id, &r.id);
                // A second edition of the same standard keeps the first edition's rule.
                if !rules.ids.contains(&id) {
                    rules.list.push(rule(st, &level.id, r, lang));
                    rules.ids.push(id);
                }
            }
        }
        // Every code an input's problems have, in the order of [`Code::ALL`].
        let used: BTreeSet<Code> = entries
            .iter()
            .filter_map(|e| match &e.outcome {
                Outcome::Failed { problems } => Some(problems.iter().map(|p| p.code)),
                Outcome::Checked(_) => None,
            })
            .flatten()
            .collect();
        for code in Code::ALL.iter().filter(|c| used.contains(c)) {
            rules.list.push(code_rule(*code, lang));
            rules.ids.push(code.as_str().to_owned());
        }
        rules
    }
    fn index(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|x| x == id)
    }
}

fn finding_result(e: &Entry, a: &Assessment, f: &Finding, rules: &Rules, lang: Lang) -> Value {
    let st = &a.standard;
    let fac = &a.inventory.facility;
    let id = rule_id(st, &fac.level, &f.requirement);
    let (message, shortfall) = text::message_and_shortfall(a, f, lang);
    let mut result = json!({
        "ruleId": id,
        "kind": match f.status {
            Status::NotAssessed => "open",
            Status::Pass => "pass",
            _ => "fail",
        },
        "level": result_level(f),
        "message": {"text": escape::sarif(&format!("{} {message}", f.clause))},
        "locations": [input_location(e, f.location)],
        "partialFingerprints": {"facilityRequirement/v1": fingerprint(&fac.id, &f.requirement)},
        "properties": {
            "facility": {
                "id": repeated(&fac.id),
                "name": fac.name.as_deref().map(repeated),
                "level": fac.level,
            },
            "standard": st.label(),
            "survey_kind": a.inventory.kind().as_str(),
            "requirement": f.requirement,
            "clause": f.clause,
            "status": f.status.as_str(),
            "severity": f.severity.as_str(),
            "expected": f.expected,
            "actual": f.actual,
            "shortfall": shortfall,
        }
    });
    if let Some(i) = rules.index(&id) {
        result["ruleIndex"] = json!(i);
    }
    if let Some(named) = a.named_standard() {
        result["properties"]["standard_named"] = json!(escape::sarif(&named));
        result["properties"]["standard_note"] =
            json!(escape::sarif(&text::judged_by(&named, &st.label(), lang)));
    }
    if let Some(r) = a.requirement(f) {
        let wording = format!("{} {}: {}", r.clause, r.name.get(lang), r.text.get(lang));
        let mut related = physical(&st.source.name, r.location);
        related["id"] = json!(1);
        related["message"] = json!({"text": escape::sarif(&format!("{} — {wording}", text::word(text::Word::RequirementInStandard, lang)))});
        result["relatedLocations"] = json!([related]);
    }
    if let Some(o) = &f.order {
        result["properties"]["order"] = json!({
            "requirement": escape::sarif(&o.requirement),
            "action": escape::sarif(&o.action),
            "responsible": escape::sarif(&o.responsible),
            "issued": o.issued,
            "deadline": o.deadline,
            "days_left": o.days_left,
            "state": o.state.as_str(),
            "text": escape::sarif(&text::order(o, lang)),
        });
    }
    if let Some(state) = f.baseline {
        use crate::check::baseline::BaselineState as B;
        // SARIF's own words: a dashboard shows only what is new.
        result["baselineState"] = json!(match state {
            B::New | B::Regressed => "new",
            B::Persisting if f.baseline_changed => "updated",
            B::Fixed => "absent",
            B::Persisting | B::Unchanged => "unchanged",
        });
        result["properties"]["baseline_state"] = json!(state.as_str());
    }
    if let Some(w) = &f.waiver {
        result["suppressions"] = json!([{"kind": "external", "status": "accepted", "justification": escape::sarif(&text::waiver(w, lang))}]);
    }
    result
}

/// The summary as a JSON value, the rectification orders' strings (units and actions from
/// the orders file) neutralised as SARIF text is.
fn summary_value(summary: &super::Summary) -> Value {
    let mut v = serde_json::to_value(summary).unwrap_or_default();
    if let Some(o) = v.get_mut("orders") {
        *o = neutral(o.take());
    }
    v
}

/// A JSON value with every string neutralised as SARIF text is ([`escape::terminal`]:
/// control and bidirectional characters shown as `?`).
fn neutral(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(escape::terminal(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(neutral).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, neutral(v))).collect()),
        v => v,
    }
}

fn problem_result(e: &Entry, p: &Problem, rules: &Rules, lang: Lang) -> Value {
    let mut message = p.message(lang).to_owned();
    if let Some(h) = &p.help {
        let (word, help) = (text::word(text::Word::Help, lang), h.get(lang));
        message = match lang {
            Lang::Zh => format!("{message}（{word}：{help}）"),
            Lang::En => format!("{message} ({word}: {help})"),
        };
    }
    json!({
        "ruleId": p.code.as_str(),
        "ruleIndex": rules.index(p.code.as_str()),
        "kind": "fail",
        "level": "error",
        "message": {"text": escape::sarif(&message)},
        "locations": [input_location(e, p.location)],
        "properties": {"code": p.code},
    })
}

/// The SARIF log: one document for the whole run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sarif;

impl super::Renderer for Sarif {
    fn streams(&self) -> bool {
        false
    }

    fn finish(
        &self,
        out: &mut dyn std::io::Write,
        run: &super::Run<'_>,
        info: &RunInfo,
    ) -> std::io::Result<()> {
        let lang = info.lang;
        let rules = Rules::new(run.entries, lang);
        let mut results = Vec::new();
        for e in run.entries {
            match &e.outcome {
                Outcome::Checked(a) => {
                    for f in a.findings.iter().filter(|f| {
                        matches!(
                            f.status,
                            Status::Fail | Status::NotAssessed | Status::Waived
                        ) || f.is_fixed()
                    }) {
                        results.push(finding_result(e, a, f, &rules, lang));
                    }
                }
                Outcome::Failed { problems } => {
                    for p in problems {
                        results.push(problem_result(e, p, &rules, lang));
                    }
                }
            }
        }
        // SARIF asks for a baseline state on every result once one has it: what the baseline
        // could not hold (an input error, a proposed layout) is new to it.
        if run.summary.baseline.is_some() {
            for r in &mut results {
                if r.get("baselineState").is_none() {
                    r["baselineState"] = json!("new");
                }
            }
        }
        let mut rules_list = rules.list;
        rules_list.iter_mut().for_each(neutralise);
        results.iter_mut().for_each(neutralise);
        let doc = json!({
            "$schema": SCHEMA,
            "version": VERSION,
            "runs": [{
                "tool": {"driver": {
                    "name": "sitecheck",
                    "version": info.tool_version,
                    "semanticVersion": info.tool_version,
                    "rules": rules_list,
                }},
                "language": lang.tag(),
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {"evaluationDate": info.date, "summary": summary_value(run.summary)},
            }]
        });
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
        out.write_all(b"\n")
    }
}
