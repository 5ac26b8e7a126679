//! The pages `serve` draws around the reports: the upload page, the comparison page, the bar
//! of links laid over a report, and the language a request is answered in. Plain HTML forms:
//! everything works without JavaScript, and nothing is fetched from the network (the one
//! stylesheet is served by the binary).

use std::fmt::Write as _;

use axum::http::HeaderMap;

use crate::i18n::Lang;
use crate::report::escape::html;

/// The stylesheet of the pages and of the bar over a report (`/static/serve.css`).
pub(super) const CSS: &str = include_str!("serve.css");

/// The language of a request: `?lang=` first (the switch link, then remembered in a cookie),
/// then the `lang` cookie, then the browser's preferred language (Chinese when it prefers
/// `zh`), else the server's default (`--lang` or the locale).
pub(super) fn lang(query: Option<&str>, headers: &HeaderMap, default: Lang) -> Lang {
    if let Some(l) = query.and_then(parse_lang) {
        return l;
    }
    let cookie = headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == "lang").then(|| parse_lang(v)).flatten()
        });
    if let Some(l) = cookie {
        return l;
    }
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(preferred)
        .unwrap_or(default)
}

fn parse_lang(s: &str) -> Option<Lang> {
    match s {
        "zh" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The language an `Accept-Language` header prefers, by its weights (`zh-CN,zh;q=0.9,en;q=0.8`
/// is Chinese, `en-US,en;q=0.9,zh;q=0.5` English); None when it names neither.
fn preferred(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for item in header.split(',').take(32) {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let lang = if tag == "zh" || tag.starts_with("zh-") {
            Lang::Zh
        } else if tag == "en" || tag.starts_with("en-") || tag == "*" {
            Lang::En
        } else {
            // Another language: English is what this tool offers in its stead.
            Lang::En
        };
        if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

/// The other language, for the switch link: its code and its name in itself.
fn other(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Zh => ("en", "English"),
        Lang::En => ("zh", "中文"),
    }
}

/// A whole page of the tool (not a report): title, the bar, the body.
pub(super) fn page(lang: Lang, title: &str, bar: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"stylesheet\" href=\"/static/serve.css\">\n</head>\n<body class=\"sc-page\">\n{bar}<main>\n{body}</main>\n</body>\n</html>\n",
        lang.tag(),
        html(title),
    )
}

/// A link in the bar.
fn link(href: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", html(href), html(text))
}

/// The bar over every page: the tool, upload, compare, and the language switch (to the same
/// page in the other language). `extra` goes between (a report's downloads).
pub(super) fn bar(lang: Lang, here: &str, extra: &str) -> String {
    let (code, name) = other(lang);
    let sep = if here.contains('?') { '&' } else { '?' };
    format!(
        "<nav class=\"sc-bar\"><span class=\"sc-brand\">sitecheck</span>{}{}{extra}<span class=\"sc-lang\">{}</span></nav>\n",
        link("/", lang.pick("上传核查", "Upload and check")),
        link("/compare", lang.pick("方案对比", "Compare layouts")),
        link(&format!("{here}{sep}lang={code}"), name),
    )
}

/// The downloads of a report, in the bar over it.
pub(super) fn report_downloads(lang: Lang, id: &str, deadline: &str) -> String {
    let base = format!("/report/{id}");
    let mut formats = String::new();
    for (ext, name) in [
        ("html", "HTML"),
        ("md", "Markdown"),
        ("json", "JSON"),
        ("sarif", "SARIF"),
    ] {
        let _ = write!(
            formats,
            "<a download href=\"{base}/report.{ext}\" id=\"download-{ext}\">{name}</a>"
        );
    }
    format!(
        "<span class=\"sc-group\"><span>{}</span>{formats}</span><form class=\"sc-group\" method=\"get\" action=\"{base}/orders.xlsx\"><label>{} <input type=\"date\" name=\"deadline\" value=\"{}\" required></label><button type=\"submit\">{}</button></form>",
        lang.pick("下载报告：", "Download the report:"),
        lang.pick("整改期限", "Deadline"),
        html(deadline),
        lang.pick("下载整改通知（草稿）", "Draft rectification orders"),
    )
}

/// Lays the bar over a report the renderer drew (its bytes untouched otherwise): the
/// stylesheet link before `</head>`, the bar after `<body>`.
pub(super) fn over_report(report: &str, bar: &str) -> String {
    let link = "<link rel=\"stylesheet\" href=\"/static/serve.css\">\n";
    let mut out = String::with_capacity(report.len() + bar.len() + link.len());
    match (report.find("</head>"), report.find("<body>")) {
        (Some(h), Some(b)) if h < b => {
            let b = b + "<body>".len();
            out.push_str(&report[..h]);
            out.push_str(link);
            out.push_str(&report[h..b]);
            out.push('\n');
            out.push_str(bar);
            out.push_str(&report[b..]);
        }
        _ => {
            out.push_str(bar);
            out.push_str(report);
        }
    }
    out
}

/// A level of the standard, for its blank form: id and name.
pub(super) struct Level {
    pub id: String,
    pub name: crate::i18n::Text,
}

/// The upload page (and, with `error`, the same page saying what went wrong).
pub(super) fn upload(
    lang: Lang,
    levels: &[Level],
    error: Option<&str>,
    shared: &str,
    account: &str,
) -> String {
    let error = error.map_or_else(String::new, |e| {
        format!("<p class=\"sc-error\" role=\"alert\">{}</p>\n", html(e))
    });
    let mut forms = String::new();
    for l in levels {
        let _ = write!(
            forms,
            "<li><a download href=\"/form/{}.xlsx\">{}</a></li>",
            html(&l.id),
            html(l.name.get(lang))
        );
    }
    let _ = write!(
        forms,
        "<li><a download href=\"/form/roster.xlsx\">{}</a></li>",
        lang.pick(
            "空白辖区镇村名册（用于统计三级网络覆盖情况）",
            "A blank district roster of towns and villages (for the network's coverage)"
        )
    );
    let compare_link = format!(
        "<a href=\"/compare\">{}</a>",
        lang.pick(
            "上传两个或多个同一层级的设计方案，逐项对比。",
            "Upload two or more proposed layouts of one level and see them side by side."
        )
    );
    let body = format!(
        "<h1>{}</h1>\n<p class=\"lead\">{}</p>\n{error}<form class=\"sc-upload\" method=\"post\" action=\"/check\" enctype=\"multipart/form-data\">\n{shared}<fieldset><label class=\"sc-pick\" for=\"files\">{}</label><input type=\"file\" id=\"files\" name=\"files\" multiple accept=\".xlsx,.yaml,.yml,.json\"><span class=\"sc-hint\">{}</span></fieldset>\n<fieldset><label class=\"sc-pick\" for=\"folder\">{}</label><input type=\"file\" id=\"folder\" name=\"folder\" multiple webkitdirectory><span class=\"sc-hint\">{}</span></fieldset>\n<button type=\"submit\" id=\"check\">{}</button>\n</form>\n<h2>{}</h2>\n<p>{}</p>\n<ul class=\"sc-links\">{forms}</ul>\n<h2>{}</h2>\n<p>{}</p>\n",
        lang.pick("设施核查", "Check facilities"),
        lang.pick(
            "上传填好的调查表（xlsx）或清单文件（YAML、JSON），按标准逐项核查，生成核查报告。文件只在本机处理，不会上传到网络。",
            "Upload filled survey forms (xlsx) or inventories (YAML, JSON): each is checked against the standard, item by item, and the inspection report is shown. Files are handled on this computer only; nothing is sent over the network.",
        ),
        lang.pick("选择文件（可多选）", "Choose files (one or many)"),
        lang.pick(
            "调查表 .xlsx，清单 .yaml、.yml、.json",
            "survey forms .xlsx, inventories .yaml, .yml, .json",
        ),
        lang.pick("或选择整个文件夹", "Or choose a whole folder"),
        lang.pick(
            "文件夹内的调查表和清单逐个核查（以“.”开头的文件和其他类型的文件不计）",
            "every survey form and inventory in it is checked (files whose name starts with “.” and other kinds of file are left out)",
        ),
        lang.pick("开始核查", "Check"),
        lang.pick("空白调查表", "Blank survey forms"),
        lang.pick(
            "按设施层级下载空白调查表，填好后在上面上传。",
            "A blank survey form for each level of facility: fill it in, then upload it above.",
        ),
        lang.pick("方案对比", "Compare layouts"),
        compare_link,
    );
    page(
        lang,
        lang.pick("sitecheck 设施核查", "sitecheck: check facilities"),
        &bar(lang, "/", account),
        &body,
    )
}

/// The comparison page's form (and, with `error`, what went wrong).
pub(super) fn compare(
    lang: Lang,
    error: Option<&str>,
    problems: &str,
    shared: &str,
    account: &str,
) -> String {
    let error = error.map_or_else(String::new, |e| {
        format!(
            "<div class=\"sc-error\" role=\"alert\"><p>{}</p>{problems}</div>\n",
            html(e)
        )
    });
    let body = format!(
        "<h1>{}</h1>\n<p class=\"lead\">{}</p>\n{error}<form class=\"sc-upload\" method=\"post\" action=\"/compare\" enctype=\"multipart/form-data\">\n{shared}<fieldset><label class=\"sc-pick\" for=\"layouts\">{}</label><input type=\"file\" id=\"layouts\" name=\"files\" multiple accept=\".xlsx,.yaml,.yml,.json\" required><span class=\"sc-hint\">{}</span></fieldset>\n<button type=\"submit\" id=\"compare\">{}</button>\n</form>\n",
        lang.pick("方案对比", "Compare layouts"),
        lang.pick(
            "把同一层级的几个设计方案与标准逐项对比：哪个方案合格，各项高出或差多少。",
            "Proposed layouts of one level side by side against the standard: which complies, and by how much each is above or below each threshold.",
        ),
        lang.pick("选择两个或多个方案", "Choose two or more layouts"),
        lang.pick(
            "调查表 .xlsx，清单 .yaml、.yml、.json",
            "survey forms .xlsx, inventories .yaml, .yml, .json",
        ),
        lang.pick("开始对比", "Compare"),
    );
    page(
        lang,
        lang.pick("sitecheck 方案对比", "sitecheck: compare layouts"),
        &bar(lang, "/compare", account),
        &body,
    )
}

/// A page that only says what went wrong (an unknown report, a refused request).
pub(super) fn message(lang: Lang, title: &str, text: &str) -> String {
    let body = format!(
        "<h1>{}</h1>\n<p class=\"sc-error\" role=\"alert\">{}</p>\n<p><a class=\"sc-button\" href=\"/\">{}</a></p>\n",
        html(title),
        html(text),
        lang.pick("返回上传页", "Back to the upload page"),
    );
    page(lang, title, &bar(lang, "/", ""), &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_language_is_read_by_its_weights() {
        assert_eq!(preferred("zh-CN,zh;q=0.9,en;q=0.8"), Some(Lang::Zh));
        assert_eq!(preferred("en-US,en;q=0.9,zh;q=0.5"), Some(Lang::En));
        assert_eq!(preferred("fr;q=0.4,zh-TW;q=0.8"), Some(Lang::Zh));
        assert_eq!(preferred("de"), Some(Lang::En));
        assert_eq!(preferred(""), Some(Lang::En));
    }

    #[test]
    fn the_bar_goes_after_body_and_leaves_the_report_whole() {
        let report = "<html><head><style>x</style></head>\n<body>\n<main>R</main></body></html>";
        let shown = over_report(report, "<nav>N</nav>");
        assert!(
            shown.contains("<body>\n<nav>N</nav>\n<main>R</main>"),
            "{shown}"
        );
        let without = shown
            .replace("<link rel=\"stylesheet\" href=\"/static/serve.css\">\n", "")
            .replace("\n<nav>N</nav>", "");
        assert_eq!(without, report);
    }
}
