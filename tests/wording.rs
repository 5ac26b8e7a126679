//! In the inspector's own words (issue 15): a Chinese report or message carries no backtick, no
//! YAML key, no `help:` and no software severity (错误/警告) as a label; the norm's strength
//! words (必改项, 建议项) are used instead, and counts never mix the two.

use crate::util::{DATE, output, sitecheck};

/// The inventory keys a surveyor never needs to read in a Chinese report.
const KEYS: &[&str] = &[
    "facility",
    "staff",
    "zones",
    "services",
    "equipment",
    "floor_area_m2",
    "other_zones",
    "other_equipment",
    "age_bands",
    "topics",
    "capacity",
    "operation",
    "survey",
    "qualifications",
    "roles",
];

/// The lines of a report that are its own words: not a quoted line of the inventory file
/// (` 23 │ floor_area_m2: 24`), and with file names and standard labels taken out.
fn own_words(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| {
            !l.trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
        .filter(|l| !l.contains(" │ ") && !l.trim_start().starts_with('·'))
        .map(|l| {
            l.split_whitespace()
                .filter(|w| !w.contains("samples/") && !w.contains('@') && !w.contains(".yaml"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn is_key_word(w: &str, key: &str) -> bool {
    w.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|part| part == key)
}

#[test]
fn a_chinese_report_has_no_backtick_yaml_key_help_label_or_software_severity() {
    for extra in [
        &["--explain"][..],
        &[],
        &["--roster", "samples/roster.yaml"],
        &["--format", "markdown"],
    ] {
        let (_, out, err) = output(
            sitecheck()
                .args(["check", "samples/", "--lang", "zh", "--date", DATE])
                .args(extra),
        );
        for line in own_words(&format!("{out}\n{err}")) {
            assert!(!line.contains('`'), "{extra:?}: a backtick in: {line}");
            assert!(!line.contains("help:"), "{extra:?}: `help:` in: {line}");
            for label in ["错误", "警告"] {
                assert!(
                    !line.contains(label),
                    "{extra:?}: {label} as a label in: {line}"
                );
            }
            for key in KEYS {
                assert!(
                    !line.split_whitespace().any(|w| is_key_word(w, key)),
                    "{extra:?}: the YAML key `{key}` in: {line}"
                );
            }
        }
    }
}

#[test]
fn strengths_are_named_and_counted_apart() {
    let (_, out, _) = output(sitecheck().args([
        "check",
        "samples/town-station-short.yaml",
        "samples/town-station-compliant.yaml",
        "--lang",
        "zh",
        "--date",
        DATE,
    ]));
    assert!(out.contains("不达标 4 项；建议改进 7 项"), "{out}");
    assert!(out.contains("必改项") && out.contains("建议项"), "{out}");
    assert!(out.contains("整改建议："), "{out}");
    assert!(out.contains("全区汇总"), "{out}");
    assert!(!out.contains("项不符合(其中"), "{out}");
}

#[test]
fn a_compliant_facility_with_advice_says_so_apart() {
    let (_, out, _) = output(sitecheck().args([
        "check",
        "tests/fixtures/reports/fail-on/compliant-with-a-duty-missing.yaml",
        "--lang",
        "zh",
        "--date",
        DATE,
    ]));
    let verdict = out.lines().next().unwrap_or_default();
    assert!(
        verdict.starts_with("✔ 合格（另有 ") && verdict.contains("项建议）"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------------------------
// Chinese punctuation: a Chinese sentence takes ，：；（） — never an ASCII ", ", ": ", ";" or
// "(" beside a Chinese word.

/// Whether `c` is a Chinese character (CJK ideograph).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// The Chinese words the standard files themselves give (names, clauses, the norm's text),
/// which a report quotes as the standard spells them, longest first. Read from the files'
/// lines: every double-quoted value, and every plain value between YAML's `{ } [ ] , :`
/// delimiters.
fn standard_words() -> Vec<String> {
    let text: String = ["standards", "standards/examples"]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| std::fs::read_to_string(p).unwrap_or_default() + "\n")
        .collect();
    let mut words = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let line = line.split(" #").next().unwrap_or_default();
        let mut plain = String::new();
        for (i, part) in line.split('"').enumerate() {
            if i % 2 == 1 {
                words.push(part.to_owned());
            } else {
                plain.push_str(part);
                plain.push(',');
            }
        }
        for part in plain.split(['{', '}', '[', ']']) {
            for part in part.split(", ").flat_map(|p| p.split(": ")) {
                words.push(part.trim().trim_end_matches(',').to_owned());
            }
        }
    }
    // A sentence is quoted without its full stop as often as with it, and a long one cut to
    // its first 60 characters and `…` (the human report's `--explain`).
    let quoted: Vec<String> = words
        .iter()
        .flat_map(|w| {
            let cut = (w.chars().count() > 60)
                .then(|| format!("{}…", w.chars().take(60).collect::<String>()));
            w.strip_suffix('。')
                .map(str::to_owned)
                .into_iter()
                .chain(cut)
        })
        .collect();
    words.extend(quoted);
    words.retain(|w| w.chars().any(is_cjk));
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.dedup();
    words
}

/// The facility names the inventories of a run give: the user's own words.
fn facility_names(args: &[&str]) -> Vec<String> {
    let (_, out, _) = output(
        sitecheck()
            .args(["check", "--format", "json", "--date", DATE])
            .args(args),
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    let names: Vec<String> = json["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["facility"]["name"].as_str().map(str::to_owned))
        .collect();
    names
}

/// Whether a word is code or a location, not prose: a file path, a standard label
/// (`huancui@2021-trial`), a requirement or key id (`staff:participation`,
/// `facility.co_located_with`), a cell (`基本信息!C12`) or a line:column.
fn is_code(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let ascii = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_');
    word.contains(['/', '@', '`'])
        || chars
            .windows(2)
            .any(|w| w[0] == '!' && w[1].is_ascii_uppercase())
        || (1..chars.len().saturating_sub(1)).any(|i| {
            matches!(chars[i], '.' | ':') && ascii(chars.get(i - 1)) && ascii(chars.get(i + 1))
        })
}

/// The first ASCII `,` `:` `;` `(` `)` beside a Chinese character (one space between allowed)
/// in a line of Chinese output, once the standard's and the user's own words are taken out
/// (each becomes one Chinese character, so that the punctuation around them is still judged)
/// and code and locations are taken out (each becomes `x`).
fn ascii_punctuation_in_chinese(line: &str, quoted: &[String]) -> Option<String> {
    // A message's `sitecheck init: ` prefix names the program, in every language.
    let line = match line.trim_start().split_once(": ") {
        Some((prog, rest))
            if prog.starts_with("sitecheck")
                && prog
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-') =>
        {
            rest
        }
        _ => line,
    };
    let mut line = line.to_owned();
    for q in quoted {
        line = line.replace(q.as_str(), "甲");
    }
    let line = line
        .split(' ')
        .map(|w| {
            let core = w.trim_matches(|c: char| "(),:;，：；（）".contains(c));
            // A diagnostic's `file:line:column:` prefix is the convention editors parse,
            // in every language.
            if core.contains('/') && w.ends_with(':') && !w.starts_with('(') {
                "x".to_owned()
            } else if is_code(core) {
                w.replace(core, "x")
            } else {
                w.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let chars: Vec<char> = line.chars().collect();
    let beside = |i: usize, back: bool| -> bool {
        let step = |j: usize| if back { j.checked_sub(1) } else { Some(j + 1) };
        let mut j = step(i);
        if let Some(k) = j
            && chars.get(k) == Some(&' ')
        {
            j = step(k);
        }
        j.and_then(|k| chars.get(k)).is_some_and(|c| is_cjk(*c))
    };
    (0..chars.len())
        .find(|&i| {
            matches!(chars[i], ',' | ':' | ';' | '(' | ')') && (beside(i, true) || beside(i, false))
        })
        .map(|_| line.clone())
}

/// The lines a person reads in an output: HTML and XML without their markup (attribute
/// values kept), a report without the quoted lines of the inventory (` 23 │ floor_area_m2: 24`).
fn readable_lines(out: &str) -> Vec<String> {
    let text = if out.trim_start().starts_with('<') {
        let body = out.split("</style>").last().unwrap_or(out);
        body.replace(['<', '>', '"'], "\n")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
    } else {
        out.to_owned()
    };
    text.lines()
        .filter(|l| {
            let t = l.trim_start();
            let quoted = t.split_once('│').is_some_and(|(n, _)| {
                !n.trim().is_empty() && n.trim().chars().all(|c| c.is_ascii_digit())
            });
            !quoted
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn chinese_output_uses_chinese_punctuation_beside_chinese_words() {
    let form = "tests/fixtures/forms/town-station-libreoffice.xlsx";
    let layouts = [
        "samples/layouts/dongshan-plan-a.yaml",
        "samples/layouts/dongshan-plan-b.yaml",
    ];
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", "samples/"],
        vec!["check", "samples/", "--explain"],
        vec!["check", "samples/", "--roster", "samples/roster.yaml"],
        vec!["check", "samples/", "--format", "markdown"],
        vec!["check", "samples/", "--format", "html"],
        vec!["check", "samples/", "--format", "junit"],
        vec![
            "check",
            "samples/",
            "--roster",
            "samples/roster.yaml",
            "--format",
            "html",
        ],
        vec![
            "check",
            "samples/",
            "--roster",
            "samples/roster.yaml",
            "--format",
            "markdown",
        ],
        vec![
            "check",
            "samples/town-station-short.yaml",
            "--format",
            "html",
        ],
        vec!["check", form],
        vec!["check", form, "--format", "markdown"],
        vec!["check", "tests/fixtures/bad/"],
        vec!["compare", layouts[0], layouts[1]],
        vec!["compare", layouts[0], layouts[1], "--format", "html"],
        vec!["compare", layouts[0], layouts[1], "--format", "markdown"],
        vec!["standards", "show", "huancui"],
        vec![
            "standards",
            "show",
            "standards/examples/second-district.yaml",
        ],
        vec!["init", "--level", "no-such-level"],
        vec!["--help"],
        vec!["check", "--help"],
        vec!["compare", "--help"],
        vec!["standards", "--help"],
    ];
    let mut quoted = standard_words();
    quoted.extend(facility_names(&["samples/", form]));
    quoted.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let mut offending = Vec::new();
    for run in &runs {
        let mut cmd = sitecheck();
        cmd.args(run).args(["--lang", "zh"]);
        if matches!(run[0], "check" | "compare") && !run.contains(&"--help") {
            cmd.args(["--date", DATE]);
        }
        let (_, out, err) = output(&mut cmd);
        for line in readable_lines(&out).iter().chain(&readable_lines(&err)) {
            if let Some(judged) = ascii_punctuation_in_chinese(line, &quoted) {
                offending.push(format!(
                    "{}: {line}\n    judged as: {judged}",
                    run.join(" ")
                ));
            }
        }
    }
    assert!(
        offending.is_empty(),
        "ASCII punctuation beside Chinese words ({}):\n{}",
        offending.len(),
        offending.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// 若干: where the norm asks only for "several" of an item, the Chinese keeps its word.

/// The line of `standards show` for a requirement named `name` (the Chinese name).
fn requirement_line<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find(|l| l.contains(&format!(" {name}：")) || l.contains(&format!(" {name}: ")))
        .unwrap_or_else(|| panic!("no line for {name} in:\n{out}"))
}

#[test]
fn where_the_norm_says_several_the_chinese_says_so_with_the_minimum_it_is_checked_against() {
    let (_, zh, _) = output(sitecheck().args(["standards", "show", "huancui", "--lang", "zh"]));
    // 各类绘本若干, 儿童图书若干, 各种运动设施若干: the norm's word and the minimum checked.
    for (name, words) in [
        ("儿童阅读区·绘本", "若干（至少 1 本）"),
        ("儿童阅读区·儿童图书", "若干（至少 1 本）"),
        ("儿童活动区·运动设施", "若干（至少 1 件）"),
    ] {
        let line = requirement_line(&zh, name);
        assert!(line.contains(words) && !line.contains('≥'), "{line}");
    }
    // 书架4组: a number the norm gives stays a threshold.
    assert!(requirement_line(&zh, "儿童阅读区·书架").contains("≥ 4 组"));
    // English keeps the threshold.
    let (_, en, _) = output(sitecheck().args(["standards", "show", "huancui", "--lang", "en"]));
    assert!(requirement_line(&en, "children's reading area: picture books").contains("≥ 1 book"));
    // A report and a comparison say it the same way, whole.
    let (_, out, _) = output(sitecheck().args([
        "check",
        "samples/childrens-home-reading-gap.json",
        "--format",
        "html",
        "--lang",
        "zh",
        "--date",
        DATE,
    ]));
    assert!(out.contains("若干（至少 1 本）"), "{out}");
    let (_, out, _) = output(sitecheck().args([
        "compare",
        "samples/layouts/dongshan-plan-a.yaml",
        "samples/layouts/dongshan-plan-b.yaml",
        "--lang",
        "zh",
        "--date",
        DATE,
    ]));
    let books = out
        .lines()
        .find(|l| l.contains(" 绘本 "))
        .unwrap_or_default();
    assert!(books.contains("若干（至少 1 本）"), "{out}");
}

#[test]
fn several_is_read_from_the_norm_s_text_not_from_the_item() {
    // A variant whose norm gives bookshelves as 若干 and picture books as a number.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("variant.yaml");
    std::fs::write(
        &path,
        "id: several\nversion: \"1\"\nextends: huancui@2021-trial\n\
         title: {zh: 若干测试, en: several test}\n\
         levels:\n  childrens_home:\n\
         \x20   - id: equipment:reading_area:bookshelf\n      text: {zh: \"书架若干\", en: \"several bookshelves\"}\n\
         \x20   - id: equipment:reading_area:picture_books\n      text: {zh: \"绘本10本\", en: \"10 picture books\"}\n      min: 10\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (code, zh, err) = output(
        sitecheck()
            .arg("standards")
            .arg("show")
            .arg(&path)
            .args(["--lang", "zh"]),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        requirement_line(&zh, "儿童阅读区·书架").contains("若干（至少 4 组）"),
        "{zh}"
    );
    assert!(
        requirement_line(&zh, "儿童阅读区·绘本").contains("≥ 10 本"),
        "{zh}"
    );
}

#[test]
fn a_chinese_help_s_usage_and_headings_are_chinese() {
    for cmd in [
        &["check"][..],
        &["compare"],
        &["standards", "show"],
        &["init"],
    ] {
        let (_, out, _) = output(sitecheck().args(cmd).args(["--help", "--lang", "zh"]));
        let usage = out
            .lines()
            .find(|l| l.starts_with("用法："))
            .unwrap_or_default();
        assert!(
            usage.contains("[选项]") && !usage.contains("OPTIONS"),
            "{cmd:?}: {usage}"
        );
        assert!(out.lines().any(|l| l == "选项："), "{cmd:?}: {out}");
    }
}
