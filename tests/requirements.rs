//! Every requirement of the built-in standard, at all three levels, fails when and only when its
//! evidence falls short, passes at exactly its threshold, and is `not_assessed` when its
//! evidence is not surveyed.
//!
//! The baselines are hand-written from the brief (tests/fixtures/at-minimum/), each meeting
//! every requirement exactly at its minimum; each case below changes one requirement's evidence
//! and checks that exactly the expected requirements change.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use sitecheck::check::{Assessment, Status, Verdict, assess};
use sitecheck::model::inventory::{StandardChoice, load};
use sitecheck::model::standard::{Check, Requirement, Threshold};
use sitecheck::source::SourceText;

const LEVELS: [(&str, &str); 3] = [
    (
        "district_center",
        "tests/fixtures/at-minimum/district-center.yaml",
    ),
    (
        "town_station",
        "tests/fixtures/at-minimum/town-station.yaml",
    ),
    (
        "childrens_home",
        "tests/fixtures/at-minimum/childrens-home.yaml",
    ),
];

fn date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default()
}

fn baseline(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn check(v: &Value) -> Assessment {
    let src = SourceText::new(
        "case.json",
        serde_json::to_string_pretty(v).unwrap_or_default(),
    );
    let (inv, standard) = load(&src, &StandardChoice::Auto)
        .unwrap_or_else(|p| panic!("does not load: {p:?}\n{}", src.text));
    assess(inv, standard, &[], date())
}

fn failing(a: &Assessment) -> BTreeSet<String> {
    a.findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .map(|f| f.requirement.clone())
        .collect()
}

fn status_of(a: &Assessment, id: &str) -> Status {
    a.findings
        .iter()
        .find(|f| f.requirement == id)
        .map_or_else(|| panic!("no finding {id}"), |f| f.status)
}

fn min_of(t: &Threshold) -> i64 {
    match t {
        Threshold::Const(v) => *v as i64,
        other => panic!("the built-in standard has only constant thresholds, not {other:?}"),
    }
}

fn requirements(level: &str) -> Vec<Requirement> {
    let st = sitecheck::registry::find_builtin("huancui", None).unwrap_or_else(|p| panic!("{p:?}"));
    st.level(level)
        .map(|l| l.requirements.clone())
        .unwrap_or_default()
}

/// Requirements that depend on a zone (its presence, items, kinds, topics, bands).
fn of_zone(level: &str, zone: &str) -> BTreeSet<String> {
    requirements(level)
        .iter()
        .filter(|r| match &r.check {
            Check::Zone { zone: z }
            | Check::Equipment { zone: z, .. }
            | Check::Kinds { zone: z, .. }
            | Check::Topics { zone: z, .. }
            | Check::AgeBands { zone: z, .. } => z == zone,
            _ => false,
        })
        .map(|r| r.id.clone())
        .collect()
}

fn item_value(v: &mut Value, zone: &str, item: &str) -> Value {
    v["zones"][zone]["equipment"][item].clone()
}

fn set_count(v: &mut Value, zone: &str, item: &str, n: i64) {
    let slot = &mut v["zones"][zone]["equipment"][item];
    if slot.is_object() {
        slot["count"] = json!(n);
    } else {
        *slot = json!(n);
    }
}

/// The staff list with every member matching `counts` removed, then `n` matching added.
fn with_staff(v: &mut Value, matching: &Value, counts: &dyn Fn(&Value) -> bool, n: i64) {
    let mut staff: Vec<Value> = v["staff"].as_array().cloned().unwrap_or_default();
    staff.retain(|m| !counts(m));
    for _ in 0..n {
        staff.push(matching.clone());
    }
    v["staff"] = Value::Array(staff);
}

/// (what changes, the inventory just short of the requirement, the requirements expected to fail).
fn short_cases(
    level: &str,
    base: &Value,
    r: &Requirement,
) -> Vec<(String, Value, BTreeSet<String>)> {
    let only = |ids: &[&str]| ids.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>();
    let mut cases = Vec::new();
    let mut v = base.clone();
    match &r.check {
        Check::FloorArea { min } => {
            v["floor_area_m2"] = json!(min_of(min) as f64 - 0.5);
            cases.push((
                "floor area 0.5 m² below the minimum".into(),
                v,
                only(&[&r.id]),
            ));
        }
        Check::Zone { zone } => {
            v["zones"].as_object_mut().map(|m| m.remove(zone));
            cases.push((format!("zone {zone} removed"), v, of_zone(level, zone)));
        }
        Check::Equipment { zone, item, min } => {
            set_count(&mut v, zone, item, min_of(min) - 1);
            cases.push((format!("{zone}.{item} one below"), v, only(&[&r.id])));
            let mut w = base.clone();
            w["zones"][zone]["equipment"]
                .as_object_mut()
                .map(|m| m.remove(item));
            let mut expected = only(&[&r.id]);
            // Kinds and topics of the removed item fail with it (the item counts as zero).
            for other in requirements(level) {
                if let Check::Kinds {
                    zone: z, item: i, ..
                }
                | Check::Topics {
                    zone: z, item: i, ..
                } = &other.check
                    && z == zone
                    && i == item
                {
                    expected.insert(other.id.clone());
                }
            }
            cases.push((
                format!("{zone}.{item} left out of a surveyed equipment list"),
                w,
                expected,
            ));
        }
        Check::Kinds { zone, item, min } => {
            let mut it = item_value(&mut v, zone, item);
            it["kinds"] = json!(min_of(min) - 1);
            v["zones"][zone]["equipment"][item] = it;
            cases.push((format!("{zone}.{item} one kind short"), v, only(&[&r.id])));
        }
        Check::Topics { zone, item, topics } => {
            for t in topics {
                let mut w = base.clone();
                let mut it = item_value(&mut w, zone, item);
                let kept: Vec<Value> = it["topics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|x| x != &json!(t))
                    .collect();
                it["topics"] = Value::Array(kept);
                w["zones"][zone]["equipment"][item] = it;
                cases.push((format!("topic {t} missing"), w, only(&[&r.id])));
            }
        }
        Check::AgeBands { zone, bands } => {
            for b in bands {
                let mut w = base.clone();
                let kept: Vec<Value> = w["zones"][zone]["age_bands"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|x| x != &json!(b.to_string()))
                    .collect();
                w["zones"][zone]["age_bands"] = Value::Array(kept);
                cases.push((format!("age band {b} missing"), w, only(&[&r.id])));
            }
        }
        Check::StaffCount {
            role,
            qualification,
            min,
        } => {
            let member = match qualification {
                Some(q) => json!({"role": role, "qualifications": [q]}),
                None => json!({"role": role}),
            };
            let (role, q) = (role.clone(), qualification.clone());
            let counts = move |m: &Value| {
                m["role"] == json!(role)
                    && q.as_ref().is_none_or(|q| {
                        m["qualifications"]
                            .as_array()
                            .is_some_and(|a| a.contains(&json!(q)))
                    })
            };
            with_staff(&mut v, &member, &counts, min_of(min) - 1);
            cases.push((format!("one {} short", r.id), v, only(&[&r.id])));
        }
        Check::StaffAny { roles, min } => {
            let roles2 = roles.clone();
            let counts = move |m: &Value| roles2.iter().any(|x| m["role"] == json!(x));
            with_staff(&mut v, &json!({"role": roles[0]}), &counts, min_of(min) - 1);
            cases.push(("participation one short".into(), v, only(&[&r.id])));
        }
        Check::Operation { .. } => {
            v["operation"]["mode"] = json!("government");
            cases.push(("run by the government".into(), v, only(&[&r.id])));
        }
        Check::Service { service } => {
            let kept: Vec<Value> = v["services"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter(|x| x != &json!(service))
                .collect();
            v["services"] = Value::Array(kept);
            cases.push((format!("service {service} not recorded"), v, only(&[&r.id])));
        }
        Check::Option { .. } => {}
    }
    cases
}

/// Where the requirement's evidence lives, removed: it must become `not_assessed`.
fn unsurveyed(base: &Value, r: &Requirement) -> Option<Value> {
    let mut v = base.clone();
    match &r.check {
        Check::FloorArea { .. } => v.as_object_mut()?.remove("floor_area_m2").map(|_| ()),
        Check::Zone { .. } => v.as_object_mut()?.remove("zones").map(|_| ()),
        Check::Equipment { zone, item, .. } => {
            v["zones"][zone]["equipment"][item] = Value::Null;
            Some(())
        }
        Check::Kinds { zone, item, .. } => v["zones"][zone]["equipment"][item]
            .as_object_mut()?
            .remove("kinds")
            .map(|_| ()),
        Check::Topics { zone, item, .. } => v["zones"][zone]["equipment"][item]
            .as_object_mut()?
            .remove("topics")
            .map(|_| ()),
        Check::AgeBands { zone, .. } => v["zones"][zone]
            .as_object_mut()?
            .remove("age_bands")
            .map(|_| ()),
        Check::StaffCount { .. } | Check::StaffAny { .. } => {
            v.as_object_mut()?.remove("staff").map(|_| ())
        }
        Check::Operation { .. } => v.as_object_mut()?.remove("operation").map(|_| ()),
        Check::Service { .. } => v.as_object_mut()?.remove("services").map(|_| ()),
        Check::Option { .. } => None,
    }?;
    Some(v)
}

#[test]
fn at_minimum_baselines_pass_every_requirement() {
    for (level, path) in LEVELS {
        let a = check(&baseline(path));
        assert_eq!(a.verdict, Verdict::Compliant, "{level}");
        let not_pass: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.status != Status::Pass)
            .map(|f| (&f.requirement, f.status))
            .collect();
        assert!(not_pass.is_empty(), "{level}: {not_pass:?}");
        assert_eq!(
            a.findings.len(),
            requirements(level).len(),
            "{level}: one finding per requirement"
        );
    }
}

#[test]
fn every_requirement_fails_when_and_only_when_its_evidence_falls_short() {
    let mut checked = 0;
    for (level, path) in LEVELS {
        let base = baseline(path);
        for r in requirements(level) {
            for (what, inv, expected) in short_cases(level, &base, &r) {
                let a = check(&inv);
                assert_eq!(
                    failing(&a),
                    expected,
                    "{level} / {} ({}): {what}",
                    r.id,
                    r.clause
                );
                let verdict = if expected.iter().any(|id| {
                    a.findings.iter().any(|f| {
                        &f.requirement == id
                            && f.severity == sitecheck::model::standard::Severity::Error
                    })
                }) {
                    Verdict::NonCompliant
                } else {
                    Verdict::Compliant
                };
                assert_eq!(a.verdict, verdict, "{level} / {}: {what}", r.id);
                checked += 1;
            }
        }
    }
    // Every requirement kind but the 可 options has at least one short case per requirement.
    assert!(checked >= 95 - 6, "only {checked} cases ran");
}

#[test]
fn every_requirement_is_not_assessed_when_its_evidence_is_not_surveyed() {
    for (level, path) in LEVELS {
        let base = baseline(path);
        for r in requirements(level) {
            let Some(inv) = unsurveyed(&base, &r) else {
                continue;
            };
            let a = check(&inv);
            assert_eq!(
                status_of(&a, &r.id),
                Status::NotAssessed,
                "{level} / {} ({})",
                r.id,
                r.clause
            );
            assert!(
                failing(&a).is_empty(),
                "{level} / {}: not surveyed must never fail: {:?}",
                r.id,
                failing(&a)
            );
        }
    }
}

#[test]
fn options_never_fail_either_way() {
    for (level, path) in LEVELS {
        let mut base = baseline(path);
        base["facility"]
            .as_object_mut()
            .map(|m| m.remove("co_located_with"));
        let a = check(&base);
        for r in requirements(level)
            .iter()
            .filter(|r| matches!(r.check, Check::Option { .. }))
        {
            assert_eq!(status_of(&a, &r.id), Status::Pass, "{level} / {}", r.id);
            let f = a
                .findings
                .iter()
                .find(|f| f.requirement == r.id)
                .map(|f| f.severity);
            assert_eq!(f, Some(sitecheck::model::standard::Severity::Info));
        }
    }
}

#[test]
fn the_professional_supervisor_is_never_counted_among_the_social_workers() {
    let mut v = baseline(LEVELS[0].1);
    // Two qualified social workers plus a supervisor who holds the qualification: still short.
    with_staff(
        &mut v,
        &json!({"role": "social_worker", "qualifications": ["social_work"]}),
        &|m| m["role"] == json!("social_worker"),
        2,
    );
    if let Some(s) = v["staff"].as_array_mut() {
        s.push(json!({"role": "professional_supervisor", "qualifications": ["social_work"]}));
    }
    let a = check(&v);
    assert_eq!(
        status_of(&a, "staff:qualified_social_workers"),
        Status::Fail
    );
    let f = a
        .findings
        .iter()
        .find(|f| f.requirement == "staff:qualified_social_workers");
    assert_eq!(f.map(|f| f.actual.clone()), Some(json!(2)));
}

#[test]
fn social_workers_without_the_qualification_do_not_count() {
    let mut v = baseline(LEVELS[0].1);
    with_staff(
        &mut v,
        &json!({"role": "social_worker", "qualifications": []}),
        &|m| m["role"] == json!("social_worker"),
        5,
    );
    let a = check(&v);
    assert_eq!(
        status_of(&a, "staff:qualified_social_workers"),
        Status::Fail
    );
}

#[test]
fn a_missing_zone_fails_with_each_of_its_items_at_zero() {
    let mut v = baseline(LEVELS[0].1);
    v["zones"].as_object_mut().map(|m| m.remove("archive_room"));
    let a = check(&v);
    let f = a
        .findings
        .iter()
        .find(|f| f.requirement == "equipment:archive_room:filing_cabinet");
    assert_eq!(
        f.map(|f| (f.status, f.actual.clone())),
        Some((Status::Fail, json!(0)))
    );
}

#[test]
fn an_empty_zone_is_surveyed_and_its_items_are_zero() {
    let mut v = baseline(LEVELS[1].1);
    v["zones"]["administrative_office"]["equipment"] = json!({});
    let a = check(&v);
    assert_eq!(failing(&a).len(), 5, "{:?}", failing(&a));
    assert_eq!(status_of(&a, "zone:administrative_office"), Status::Pass);
}
