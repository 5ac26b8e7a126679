//! Rectification orders (整改通知, issue 16): `check --orders FILE` puts each order on the
//! findings it names with its deadline counted from `--date` (open, overdue, done), warns of
//! stale and repeated orders, refuses orders naming what was not checked; the district summary
//! lists overdue orders first per responsible unit; `orders draft` writes the YAML and the
//! workbook that `--orders` reads back.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use serde_json::Value;

use crate::util::{DATE, finding, json_of, output, sitecheck, tmp, write};

const SHORT: &str = "samples/town-station-short.yaml";
const COMPLIANT: &str = "samples/town-station-compliant.yaml";
/// The evaluation date of these tests: 30 days before 2026-12-31, 5 days after 2026-11-26.
const ON: &str = "2026-12-01";

/// One order in YAML.
fn order(
    facility: &str,
    requirement: &str,
    responsible: &str,
    issued: &str,
    deadline: &str,
) -> String {
    format!(
        "  - facility: {facility}\n    requirement: {requirement}\n    action: 整改到位\n    responsible: {responsible}\n    issued: {issued}\n    deadline: {deadline}\n"
    )
}

fn orders_file(dir: &Path, orders: &[String]) -> String {
    write(dir, "orders.yaml", format!("orders:\n{}", orders.concat()))
        .display()
        .to_string()
}

/// `check paths… --orders FILE --date ON --format FORMAT --lang LANG`: (code, stdout, stderr).
fn check(paths: &[&str], orders: &str, format: &str, lang: &str) -> (i32, String, String) {
    output(sitecheck().arg("check").args(paths).args([
        "--orders", orders, "--date", ON, "--format", format, "--lang", lang,
    ]))
}

/// The qiaotou-ts orders: floor area due in 30 days, the administrative office (a zone) 5
/// days overdue.
fn qiaotou(dir: &Path) -> String {
    orders_file(
        dir,
        &[
            order(
                "qiaotou-ts",
                "floor_area",
                "桥头镇人民政府",
                "2026-09-20",
                "2026-12-31",
            ),
            order(
                "qiaotou-ts",
                "zone:administrative_office",
                "桥头镇民政办",
                "2026-09-20",
                "2026-11-26",
            ),
        ],
    )
}

#[test]
fn a_failure_under_an_order_carries_its_deadline_and_the_exact_days_left_or_overdue() {
    let dir = tmp();
    let orders = qiaotou(dir.path());
    let (code, out, err) = check(&[SHORT], &orders, "json", "en");
    assert_eq!(code, 1, "{err}");
    let doc = json_of(&out, &err);
    let r = &doc["reports"][0];
    let floor = &finding(r, "floor_area")["order"];
    assert_eq!(floor["deadline"], "2026-12-31");
    assert_eq!(floor["days_left"], 30);
    assert_eq!(floor["state"], "open");
    assert_eq!(floor["responsible"], "桥头镇人民政府");
    assert_eq!(floor["issued"], "2026-09-20");
    // A zone's order covers what is in the zone.
    let printer = &finding(r, "equipment:administrative_office:printer")["order"];
    assert_eq!(printer["requirement"], "zone:administrative_office");
    assert_eq!(printer["days_left"], -5);
    assert_eq!(printer["state"], "overdue");
    // What no order names has none.
    assert!(
        finding(r, "staff:child_welfare_supervisor")
            .get("order")
            .is_none()
    );
    // The audit record names the orders file and its SHA-256.
    assert_eq!(doc["audit"]["orders"]["source"], orders.as_str());
    assert_eq!(
        doc["audit"]["orders"]["sha256"].as_str().map(str::len),
        Some(64)
    );
}

#[test]
fn the_deadline_is_worded_in_english_and_in_chinese_under_the_finding() {
    let dir = tmp();
    let orders = qiaotou(dir.path());
    let (_, en, _) = check(&[SHORT], &orders, "human", "en");
    assert!(
        en.contains("rectify by 2026-12-31, 30 days left; responsible: 桥头镇人民政府"),
        "{en}"
    );
    assert!(en.contains("rectify by 2026-11-26, 5 days overdue"), "{en}");
    let (_, zh, _) = check(&[SHORT], &orders, "human", "zh");
    assert!(
        zh.contains("整改期限 2026-12-31，剩 30 天；责任单位：桥头镇人民政府；整改措施：整改到位"),
        "{zh}"
    );
    assert!(zh.contains("整改期限 2026-11-26，已逾期 5 天"), "{zh}");
}

#[test]
fn an_order_whose_requirement_now_passes_is_done() {
    let dir = tmp();
    // Issued before the survey of 2026-09-17, which found the floor area enough.
    let orders = orders_file(
        dir.path(),
        &[order(
            "zhangcun-ts",
            "floor_area",
            "张村镇人民政府",
            "2026-08-01",
            "2026-10-31",
        )],
    );
    let (code, out, err) = check(&[COMPLIANT], &orders, "json", "en");
    assert_eq!(code, 0, "{err}");
    let doc = json_of(&out, &err);
    let o = &finding(&doc["reports"][0], "floor_area")["order"];
    assert_eq!(o["state"], "done");
    assert!(!err.contains("stale"), "{err}");
    let (_, en, _) = check(&[COMPLIANT], &orders, "human", "en");
    assert!(en.contains("rectified (deadline 2026-10-31)"), "{en}");
    let (_, zh, _) = check(&[COMPLIANT], &orders, "human", "zh");
    assert!(zh.contains("已完成整改（整改期限 2026-10-31）"), "{zh}");
}

#[test]
fn an_order_on_what_passed_when_it_was_issued_or_on_an_option_is_a_stale_warning() {
    let dir = tmp();
    let orders = orders_file(
        dir.path(),
        &[
            // Issued after the survey of 2026-09-17, which found it passing.
            order(
                "zhangcun-ts",
                "floor_area",
                "张村镇人民政府",
                "2026-10-01",
                "2026-12-31",
            ),
            // 可: an option, nothing to rectify.
            order(
                "zhangcun-ts",
                "co_location",
                "张村镇人民政府",
                "2026-08-01",
                "2026-12-31",
            ),
        ],
    );
    let (code, out, err) = check(&[COMPLIANT], &orders, "json", "en");
    assert_eq!(code, 0, "a stale order is a warning, not an error: {err}");
    assert_eq!(err.matches("is stale").count(), 2, "{err}");
    assert!(err.contains("orders.yaml:3"), "{err}");
    assert!(err.contains("orders.yaml:9"), "{err}");
    let doc = json_of(&out, &err);
    let r = &doc["reports"][0];
    assert!(finding(r, "floor_area").get("order").is_none());
    assert!(finding(r, "co_location").get("order").is_none());
}

#[test]
fn orders_naming_an_unknown_facility_requirement_or_zone_are_located_errors_with_the_nearest_name()
{
    let dir = tmp();
    let orders = orders_file(
        dir.path(),
        &[
            order(
                "qiaotou-st",
                "floor_area",
                "桥头镇人民政府",
                "2026-09-20",
                "2026-12-31",
            ),
            order(
                "qiaotou-ts",
                "flor_area",
                "桥头镇人民政府",
                "2026-09-20",
                "2026-12-31",
            ),
            order(
                "qiaotou-ts",
                "zone:administrative_ofice",
                "桥头镇人民政府",
                "2026-09-20",
                "2026-12-31",
            ),
        ],
    );
    let (code, _, err) = check(&[SHORT], &orders, "json", "en");
    assert_eq!(code, 2, "{err}");
    for (what, line, text, nearest) in [
        (
            "not among the inventories checked",
            2,
            "qiaotou-st",
            "qiaotou-ts",
        ),
        ("has no requirement", 9, "flor_area", "floor_area"),
        (
            "has no zone",
            15,
            "zone:administrative_ofice",
            "zone:administrative_office",
        ),
    ] {
        assert!(
            err.contains(&format!("orders.yaml:{line}:")),
            "{line}: {err}"
        );
        assert!(err.contains(&format!("`{text}`")), "{text}: {err}");
        assert!(
            err.contains(&format!("did you mean `{nearest}`")),
            "{nearest}: {err}"
        );
        assert!(err.contains(what), "{what}: {err}");
    }
}

#[test]
fn malformed_dates_a_deadline_before_the_issue_and_a_blank_unit_are_located_errors() {
    let dir = tmp();
    let orders = orders_file(
        dir.path(),
        &[
            order(
                "qiaotou-ts",
                "floor_area",
                "桥头镇人民政府",
                "2026-02-30",
                "2026-12-31",
            ),
            order(
                "qiaotou-ts",
                "floor_area",
                "桥头镇人民政府",
                "2026-09-20",
                "2026-09-01",
            ),
            order(
                "qiaotou-ts",
                "floor_area",
                "\"\"",
                "2026-09-20",
                "2026-12-31",
            ),
        ],
    );
    let (code, _, err) = check(&[SHORT], &orders, "json", "en");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("orders.yaml:6:13") && err.contains("`2026-02-30` is not a valid"),
        "{err}"
    );
    assert!(
        err.contains("orders.yaml:13:15") && err.contains("before the order was issued"),
        "{err}"
    );
    assert!(
        err.contains("orders.yaml:17:18") && err.contains("responsible unit is blank"),
        "{err}"
    );
}

#[test]
fn the_district_summary_lists_overdue_orders_first_per_unit_by_days_overdue_then_open_then_done() {
    let dir = tmp();
    let orders = orders_file(
        dir.path(),
        &[
            order(
                "qiaotou-ts",
                "floor_area",
                "桥头镇人民政府",
                "2026-09-20",
                "2026-11-30",
            ),
            order(
                "qiaotou-ts",
                "staff:child_welfare_supervisor",
                "桥头镇民政办",
                "2026-09-20",
                "2026-11-21",
            ),
            order(
                "qiaotou-ts",
                "zone:administrative_office",
                "桥头镇人民政府",
                "2026-09-20",
                "2026-11-11",
            ),
            order(
                "shanhou-ch",
                "floor_area",
                "温泉镇人民政府",
                "2026-09-20",
                "2027-01-31",
            ),
            order(
                "zhangcun-ts",
                "floor_area",
                "张村镇人民政府",
                "2026-08-01",
                "2026-10-31",
            ),
        ],
    );
    let paths = [SHORT, COMPLIANT, "samples/childrens-home-reading-gap.json"];
    let (_, out, err) = check(&paths, &orders, "json", "en");
    let s = &json_of(&out, &err)["summary"]["orders"];
    assert_eq!(
        (
            s["overdue_count"].as_u64(),
            s["open_count"].as_u64(),
            s["done_count"].as_u64()
        ),
        (Some(3), Some(1), Some(1)),
        "{s}"
    );
    let units: Vec<(&str, Vec<i64>)> = s["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["responsible"].as_str().unwrap(),
                u["orders"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| -o["days_left"].as_i64().unwrap())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        units,
        vec![("桥头镇人民政府", vec![20, 1]), ("桥头镇民政办", vec![10])]
    );
    assert_eq!(s["open"][0]["facility"], "shanhou-ch");
    assert_eq!(s["open"][0]["days_left"], 61);
    let (_, zh, _) = check(&paths, &orders, "human", "zh");
    let at = |t: &str| zh.find(t).unwrap_or_else(|| panic!("no {t} in {zh}"));
    assert!(
        zh.contains("整改通知：逾期未整改 3 项 · 整改中 1 项 · 已完成整改 1 项"),
        "{zh}"
    );
    assert!(
        at("桥头镇人民政府（2 项，最长逾期 20 天）") < at("桥头镇民政办（1 项，最长逾期 10 天）")
    );
    assert!(at("桥头镇民政办（1 项") < at("整改中\n"));
    let (_, en, _) = check(&paths, &orders, "human", "en");
    assert!(
        en.contains("Rectification orders: 3 overdue · 1 open · 1 done"),
        "{en}"
    );
    assert!(
        en.contains("桥头镇人民政府 (2 orders, up to 20 days overdue)"),
        "{en}"
    );
    for format in ["markdown", "html"] {
        let (_, doc, _) = check(&paths, &orders, format, "zh");
        assert!(doc.contains("整改通知：逾期未整改 3 项"), "{format}: {doc}");
        assert!(doc.contains("已逾期 20 天"), "{format}: {doc}");
    }
}

#[test]
fn sarif_junit_markdown_and_html_show_the_order_under_the_finding() {
    let dir = tmp();
    let orders = qiaotou(dir.path());
    let (_, sarif, _) = check(&[SHORT], &orders, "sarif", "en");
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    assert!(crate::util::sarif_validator().is_valid(&sarif));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let floor = results
        .iter()
        .find(|r| r["properties"]["order"]["requirement"] == "floor_area")
        .unwrap_or_else(|| panic!("no order in {sarif}"));
    assert_eq!(floor["properties"]["order"]["days_left"], 30);
    assert_eq!(floor["properties"]["order"]["state"], "open");
    let (_, junit, _) = check(&[SHORT], &orders, "junit", "en");
    assert!(
        junit.contains("rectify by 2026-12-31, 30 days left"),
        "{junit}"
    );
    for format in ["markdown", "html"] {
        let (_, doc, _) = check(&[SHORT], &orders, format, "en");
        assert!(
            doc.contains("rectify by 2026-11-26, 5 days overdue"),
            "{format}: {doc}"
        );
    }
}

/// A JSON report of the samples, evaluated on DATE.
fn samples_report(dir: &Path) -> (String, Value) {
    let (_, out, err) = output(sitecheck().args([
        "check", "samples", "--format", "json", "--lang", "zh", "--date", DATE,
    ]));
    let doc = json_of(&out, &err);
    (write(dir, "report.json", &out).display().to_string(), doc)
}

#[test]
fn a_draft_from_a_real_report_has_one_order_per_failing_required_item_of_a_site_survey() {
    let dir = tmp();
    let (report, doc) = samples_report(dir.path());
    let mut expected: Vec<(String, String)> = Vec::new();
    for r in doc["reports"].as_array().unwrap() {
        if r["survey"]["kind"] != "site_survey" {
            continue;
        }
        for f in r["findings"].as_array().unwrap() {
            if f["status"] == "fail" && f["severity"] == "error" {
                expected.push((
                    r["facility"]["id"].as_str().unwrap().to_owned(),
                    f["requirement"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    assert!(expected.len() >= 8, "{expected:?}");
    let yaml = dir.path().join("orders.yaml");
    let (code, _, err) = output(
        sitecheck()
            .args([
                "orders",
                "draft",
                &report,
                "--deadline",
                "2027-03-31",
                "--output",
            ])
            .arg(&yaml),
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let drafted: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- facility: "))
        .zip(
            text.lines()
                .filter_map(|l| l.trim().strip_prefix("requirement: ")),
        )
        .map(|(f, r)| {
            (
                f.trim_matches('"').to_owned(),
                r.trim_matches('"').to_owned(),
            )
        })
        .collect();
    assert_eq!(drafted, expected);
    assert_eq!(
        text.matches("issued: \"2026-11-29\"").count(),
        expected.len()
    );
    assert_eq!(
        text.matches("deadline: \"2027-03-31\"").count(),
        expected.len()
    );
    assert!(text.contains("action: \"面积不足，差 6 平方米\""), "{text}");
    // The responsible unit is the supervisor's to fill: a blank one is refused, saying so.
    let (code, _, err) = output(
        sitecheck()
            .args(["check", "samples", "--date", DATE, "--orders"])
            .arg(&yaml),
    );
    assert_eq!(code, 2);
    assert_eq!(
        err.matches("responsible unit is blank").count(),
        expected.len(),
        "{err}"
    );
    // Filled in, it is accepted and every drafted order is on its finding.
    std::fs::write(
        &yaml,
        text.replace("responsible: \"\"", "responsible: 区民政局"),
    )
    .unwrap();
    let (code, out, err) = output(
        sitecheck()
            .args([
                "check", "samples", "--format", "json", "--date", DATE, "--orders",
            ])
            .arg(&yaml),
    );
    assert_eq!(code, 1, "{err}");
    let doc = json_of(&out, &err);
    let mut on: Vec<(String, String)> = Vec::new();
    for r in doc["reports"].as_array().unwrap() {
        for f in r["findings"].as_array().unwrap() {
            if f["order"]["requirement"] == f["requirement"] {
                assert_eq!(f["order"]["state"], "open");
                assert_eq!(f["order"]["days_left"], 122);
                on.push((
                    r["facility"]["id"].as_str().unwrap().to_owned(),
                    f["requirement"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    assert_eq!(on, expected);
}

#[test]
fn the_drafted_workbook_is_read_back_by_check_orders() {
    let dir = tmp();
    let (report, _) = samples_report(dir.path());
    let xlsx = dir.path().join("orders.xlsx");
    let (code, _, err) = output(
        sitecheck()
            .args([
                "orders",
                "draft",
                &report,
                "--deadline",
                "2027-03-31",
                "--output",
            ])
            .arg(&xlsx),
    );
    assert_eq!(code, 0, "{err}");
    // Read back: its blank responsible units are refused at their cells.
    let (code, _, err) = output(
        sitecheck()
            .args(["check", "samples", "--date", DATE, "--orders"])
            .arg(&xlsx),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("orders.xlsx!整改通知!G2: the order's responsible unit is blank"),
        "{err}"
    );
    // Filled in (the library's writer, as a spreadsheet program would save it): the same
    // orders come back.
    let bytes = std::fs::read(&xlsx).unwrap();
    let (raw, _) = sitecheck::form::orders::read(&bytes).unwrap();
    let drafts: Vec<sitecheck::model::orders::Draft> = raw
        .orders
        .iter()
        .map(|o| sitecheck::model::orders::Draft {
            facility: o.value.facility.value.clone(),
            facility_name: String::new(),
            requirement: o.value.requirement.value.clone(),
            requirement_name: String::new(),
            problem: String::new(),
            action: o.value.action.value.clone(),
            responsible: "区民政局".to_owned(),
            issued: o.value.issued.value.clone(),
            deadline: o.value.deadline.value.clone(),
        })
        .collect();
    assert!(drafts.len() >= 8);
    let filled = sitecheck::form::orders::xlsx(&drafts).unwrap();
    let (raw, _) = sitecheck::form::orders::read(&filled).unwrap();
    let orders = sitecheck::model::orders::build(&raw).unwrap();
    assert_eq!(orders.list.len(), drafts.len());
    for (o, d) in orders.list.iter().zip(&drafts) {
        assert_eq!(
            (
                o.facility.as_str(),
                o.requirement.as_str(),
                o.action.as_str()
            ),
            (
                d.facility.as_str(),
                d.requirement.as_str(),
                d.action.as_str()
            )
        );
        assert_eq!(o.responsible, "区民政局");
        assert_eq!(o.issued.to_string(), "2026-11-29");
        assert_eq!(o.deadline.to_string(), "2027-03-31");
    }
    // A survey form given as orders is refused as what it is.
    let (code, _, err) = output(sitecheck().args([
        "check",
        SHORT,
        "--date",
        DATE,
        "--orders",
        "tests/fixtures/forms/town-station-libreoffice.xlsx",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("not an orders workbook"), "{err}");
    let filled_path = write(dir.path(), "filled.xlsx", &filled);
    let (code, out, err) = output(
        sitecheck()
            .args([
                "check", "samples", "--format", "json", "--date", DATE, "--orders",
            ])
            .arg(&filled_path),
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        json_of(&out, &err)["summary"]["orders"]["open_count"].as_u64(),
        Some(drafts.len() as u64)
    );
}

#[test]
fn orders_draft_refuses_what_is_not_a_sitecheck_report_and_never_replaces_a_file_unasked() {
    let dir = tmp();
    let other = write(dir.path(), "other.json", "{\n  \"reports\": []\n}\n");
    let (code, _, err) = output(
        sitecheck()
            .args(["orders", "draft"])
            .arg(&other)
            .args(["--deadline", "2027-03-31"]),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("not a sitecheck JSON report") && err.contains("other.json:"),
        "{err}"
    );
    let (code, _, err) = output(sitecheck().args(["orders", "draft"]).arg(&other).args([
        "--deadline",
        "2027-03-31",
        "--lang",
        "zh",
    ]));
    assert_eq!(code, 2);
    assert!(
        err.contains("这不是 sitecheck 生成的 JSON 检查报告：缺少检查报告应有的内容"),
        "{err}"
    );
    let (report, _) = samples_report(dir.path());
    let signed = write(dir.path(), "signed.yaml", "orders: []\n");
    let (code, _, err) = output(
        sitecheck()
            .args([
                "orders",
                "draft",
                &report,
                "--deadline",
                "2027-03-31",
                "--output",
            ])
            .arg(&signed),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&signed).unwrap(), "orders: []\n");
    let (code, _, err) = output(
        sitecheck()
            .args([
                "orders",
                "draft",
                &report,
                "--deadline",
                "2027-03-31",
                "--force",
                "--output",
            ])
            .arg(&signed),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(&signed)
            .unwrap()
            .contains("- facility:")
    );
}

#[test]
fn the_committed_orders_schema_is_the_generated_one() {
    let (code, generated, _) = output(sitecheck().args(["schema", "orders"]));
    assert_eq!(code, 0);
    let committed = std::fs::read_to_string("schemas/orders.schema.json").unwrap();
    assert!(
        committed == generated,
        "run `sitecheck schema orders > schemas/orders.schema.json`"
    );
}

#[test]
fn more_orders_than_the_limit_are_refused_at_the_first_one_over() {
    use sitecheck::load::Sp;
    use sitecheck::load::orders::{RawOrder, RawOrders};
    let limit = sitecheck::load::limits::MAX_ORDERS;
    let sp = |s: &str, line: usize| Sp {
        value: s.to_owned(),
        loc: Some(sitecheck::source::Location {
            line: u32::try_from(line).unwrap(),
            column: 5,
            offset: 0,
            len: 0,
            sheet: None,
        }),
    };
    let orders: Vec<Sp<RawOrder>> = (0..=limit)
        .map(|i| Sp {
            value: RawOrder {
                facility: sp("qiaotou-ts", i + 2),
                requirement: sp("floor_area", i + 2),
                action: sp("整改", i + 2),
                responsible: sp("镇政府", i + 2),
                issued: sp("2026-09-20", i + 2),
                deadline: sp("2026-12-31", i + 2),
            },
            loc: sp("", i + 2).loc,
        })
        .collect();
    let mut raw = RawOrders { orders };
    let problems = sitecheck::model::orders::build(&raw).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, sitecheck::diagnostic::Code::TooLarge);
    assert_eq!(
        problems[0].location.map(|l| l.line),
        Some(u32::try_from(limit + 2).unwrap())
    );
    raw.orders.pop();
    assert_eq!(
        sitecheck::model::orders::build(&raw).unwrap().list.len(),
        limit
    );
}

#[test]
fn orders_at_the_limit_on_one_facility_are_applied_and_audited_in_bounded_time() {
    use sitecheck::model::orders::{Order, Orders};
    let limit = sitecheck::load::limits::MAX_ORDERS;
    let text = std::fs::read_to_string(SHORT).unwrap();
    let src = sitecheck::source::SourceText::new(SHORT, text);
    let (inv, standard) =
        sitecheck::input::load(&src, &sitecheck::input::StandardChoice::AUTO).unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let mut a = sitecheck::check::assess(inv, standard, &[], date);
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    // Every order a zone's (the costliest to match), all but the first repeats.
    let orders = Orders::new(
        (0..limit)
            .map(|index| Order {
                index,
                facility: "qiaotou-ts".to_owned(),
                requirement: "zone:administrative_office".to_owned(),
                action: format!("整改{index}"),
                responsible: "镇政府".to_owned(),
                issued: day(9, 20),
                deadline: day(12, 31),
                location: None,
                facility_loc: None,
                requirement_loc: None,
            })
            .collect(),
    );
    let start = std::time::Instant::now();
    sitecheck::check::orders::apply(&mut a, &orders, date);
    let mut auditor = sitecheck::check::orders::OrderAuditor::default();
    auditor.add(&orders, &a);
    let audit = auditor.finish(&orders, &["qiaotou-ts"]);
    let took = start.elapsed();
    assert!(took < crate::util::TIME_LIMIT, "took {took:?}");
    assert!(audit.errors.is_empty());
    assert_eq!(audit.warnings.len(), limit - 1);
    let printer = a
        .findings
        .iter()
        .find(|f| f.requirement == "equipment:administrative_office:printer")
        .and_then(|f| f.order.as_ref())
        .unwrap();
    assert_eq!(printer.action, "整改0");
}

/// A string that, printed raw, would start lines of its own, colour the terminal, reverse the
/// text after it, or open markup.
const FORGING: &str = "名\n✔ compliant\nforged: 1 \u{1b}[31m <script>|x</script> \u{202e}x";

/// A character that must never reach a reader raw (as `tests/hostile_output.rs` has it).
fn unsafe_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[test]
fn an_orders_action_and_unit_reach_every_format_and_the_draft_neutralised() {
    let dir = tmp();
    let h = serde_json::to_string(FORGING).unwrap();
    let orders = orders_file(
        dir.path(),
        &[format!(
            "  - facility: qiaotou-ts\n    requirement: floor_area\n    action: {h}\n    responsible: {h}\n    issued: 2026-09-20\n    deadline: 2026-11-26\n"
        )],
    );
    let paths = [SHORT, COMPLIANT];
    for format in ["human", "markdown", "html", "sarif", "junit", "json"] {
        for lang in ["en", "zh"] {
            let (code, out, err) = check(&paths, &orders, format, lang);
            assert_eq!(code, 1, "{format}: {err}");
            // JSON is data: it keeps the strings as written (its encoder escapes controls).
            if let Some(c) = out.chars().find(|&c| unsafe_char(c) && format != "json") {
                panic!("{format} {lang} passes {c:?} raw:\n{out}");
            }
            // HTML folds a line break into a space: no line of its own there.
            if format != "html" {
                assert!(
                    !out.lines().any(|l| l.starts_with("forged")),
                    "{format}:\n{out}"
                );
            }
            if matches!(format, "html" | "markdown") {
                assert!(!out.contains("<script>"), "{format}:\n{out}");
            }
            if format == "human" {
                let verdicts = out
                    .lines()
                    .filter(|l| l.starts_with("✔ ") || l.starts_with("✘ "))
                    .count();
                assert_eq!(verdicts, 2, "{out}");
            }
        }
    }
    // A facility name that forges lines stays inside the draft's comment.
    let (_, report, _) =
        output(sitecheck().args(["check", SHORT, "--format", "json", "--date", DATE]));
    let report = report.replace("桥头镇未成年人保护工作站", &h[1..h.len() - 1]);
    let report = write(dir.path(), "report.json", report);
    let (code, yaml, err) = output(
        sitecheck()
            .args(["orders", "draft"])
            .arg(&report)
            .args(["--deadline", "2027-03-31"]),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        !yaml
            .lines()
            .any(|l| l.starts_with("forged") || l.starts_with("✔")),
        "{yaml}"
    );
    if let Some(c) = yaml.chars().find(|&c| unsafe_char(c)) {
        panic!("the draft passes {c:?} raw:\n{yaml}");
    }
}

#[test]
fn the_readmes_orders_example_is_read_and_gives_the_days_it_says() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let block = readme
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .find(|b| b.starts_with("orders:"))
        .expect("README.md has a ```yaml block of orders");
    let dir = tmp();
    let path = write(dir.path(), "orders.yaml", block);
    let (code, out, err) = check(&[SHORT], path.to_str().unwrap(), "json", "en");
    assert_eq!(code, 1, "{err}");
    let doc = json_of(&out, &err);
    let o = &finding(&doc["reports"][0], "floor_area")["order"];
    assert_eq!(
        (o["deadline"].as_str(), o["days_left"].as_i64()),
        (Some("2026-12-31"), Some(30))
    );
    assert!(readme.contains("rectify by 2026-12-31, 30 days left"));
    assert!(readme.contains("整改期限 2026-12-31，剩 30 天"));
}
