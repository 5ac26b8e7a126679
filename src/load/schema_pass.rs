//! The slow path: when an input does not load into the typed structs, validate its generic
//! tree against the JSON Schema and report *every* violation at its line and column, with the
//! nearest valid name for unknown keys and names.

use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::Sp;
use super::node::Node;
use crate::diagnostic::{Problem, suggestion};
use crate::i18n::Text;

/// Every violation of `schema` in `tree`, located. An invalid schema yields one problem.
#[must_use]
pub fn validate(tree: &Sp<Node>, schema: &Value) -> Vec<Problem> {
    let validator = match jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
    {
        Ok(v) => v,
        Err(e) => {
            return vec![Problem::new(
                crate::diagnostic::Code::Internal,
                Text::new(
                    format!("内部错误：模式无效：{e}"),
                    format!("internal error: invalid schema: {e}"),
                ),
                None,
            )];
        }
    };
    let instance = tree.to_json();
    let mut problems: Vec<Problem> = Vec::new();
    for err in validator.iter_errors(&instance) {
        explain(tree, schema, &err, &mut problems);
    }
    problems.sort_by_key(|p| p.location.map(|l| (l.line, l.column)));
    problems.dedup_by(|a, b| a.location == b.location && a.message == b.message);
    problems
}

/// The branch of an `anyOf` that the instance was meant for: the one without a type error at
/// the instance itself (`null | Zone` for a mapping → the Zone branch).
fn meant_branch<'e>(
    err: &jsonschema::ValidationError<'_>,
    context: &'e [Vec<jsonschema::ValidationError<'static>>],
) -> Option<&'e [jsonschema::ValidationError<'static>]> {
    let here = err.instance_path().as_str();
    let mut candidates = context.iter().filter(|branch| {
        !branch.iter().any(|e| {
            e.instance_path().as_str() == here
                && matches!(e.kind(), ValidationErrorKind::Type { .. })
        })
    });
    let first = candidates.next()?;
    // Ambiguous (several branches fit the type): no single explanation.
    if candidates.next().is_some() {
        return None;
    }
    Some(first.as_slice())
}

/// Keys a mapping does not allow, each with the nearest allowed one.
fn unknown_keys(
    tree: &Sp<Node>,
    schema: &Value,
    err: &jsonschema::ValidationError<'_>,
    (path, key_loc, at): (&str, Option<crate::source::Location>, &Text),
    unexpected: &[String],
    problems: &mut Vec<Problem>,
) {
    let allowed = allowed_properties(schema, err.schema_path().as_str());
    for k in unexpected {
        let loc = tree.key_location(path, k).or(key_loc);
        let help = suggestion(k, allowed.iter().map(String::as_str));
        let allowed_list = allowed.join(", ");
        let allowed_zh = allowed.join("、");
        problems.push(
            Problem::new(
                crate::diagnostic::Code::UnknownKey,
                Text::new(
                    format!(
                        "{}中有未知的键 `{k}`（允许的键：{allowed_zh}）",
                        subject_zh(at, path)
                    ),
                    format!("unknown key `{k}` in {} (allowed: {allowed_list})", at.en),
                ),
                loc,
            )
            .with_help(help),
        );
    }
}

/// A value that is not one of the names a closed list allows, with the nearest one.
fn unknown_enum_name(
    err: &jsonschema::ValidationError<'_>,
    options: &Value,
    at: &Text,
    loc: Option<crate::source::Location>,
) -> Problem {
    let got = err
        .instance()
        .as_str()
        .map_or_else(|| err.instance().to_string(), str::to_owned);
    let opts: Vec<String> = options
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let help = suggestion(&got, opts.iter().map(String::as_str));
    Problem::new(
        crate::diagnostic::Code::UnknownName,
        Text::new(
            format!("{}：未知的名称 `{got}`", at.zh),
            format!("{}: unknown name `{got}`", at.en),
        ),
        loc,
    )
    .with_help(help)
}

fn explain(
    tree: &Sp<Node>,
    schema: &Value,
    err: &jsonschema::ValidationError<'_>,
    problems: &mut Vec<Problem>,
) {
    {
        let path = err.instance_path().as_str().to_owned();
        let (key_loc, value_loc) = tree.locate(&path);
        let at = display_path(&path, schema);
        match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                unknown_keys(
                    tree,
                    schema,
                    err,
                    (&path, key_loc, &at),
                    unexpected,
                    problems,
                );
            }
            ValidationErrorKind::PropertyNames { error } => {
                let name = error.instance().as_str().unwrap_or_default().to_owned();
                let loc = tree.key_location(&path, &name).or(key_loc);
                let options = enum_options(error.kind());
                let help = suggestion(&name, options.iter().map(String::as_str));
                problems.push(
                    Problem::new(
                        crate::diagnostic::Code::UnknownName,
                        Text::new(
                            format!("{}中有未知的名称 `{name}`", subject_zh(&at, &path)),
                            format!("unknown name `{name}` in {}", at.en),
                        ),
                        loc,
                    )
                    .with_help(help),
                );
            }
            ValidationErrorKind::Enum { options } => {
                problems.push(unknown_enum_name(err, options, &at, value_loc.or(key_loc)));
            }
            ValidationErrorKind::Required { property } => {
                let p = property.as_str().unwrap_or_default();
                problems.push(Problem::new(
                    crate::diagnostic::Code::MissingKey,
                    Text::new(
                        format!("{}缺少必填的键 `{p}`", subject_zh(&at, &path)),
                        format!("{} is missing the required key `{p}`", at.en),
                    ),
                    value_loc.or(key_loc),
                ));
            }
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context }
                if meant_branch(err, context).is_some() =>
            {
                for e in meant_branch(err, context).unwrap_or_default() {
                    explain(tree, schema, e, problems);
                }
            }
            ValidationErrorKind::Minimum { limit } => {
                problems.push(Problem::new(
                    crate::diagnostic::Code::Negative,
                    Text::new(
                        format!(
                            "{}：{} 小于 {limit}：数量和面积不能为负数",
                            at.zh,
                            err.instance()
                        ),
                        format!(
                            "{}: {} is less than {limit}: counts and areas cannot be negative",
                            at.en,
                            err.instance()
                        ),
                    ),
                    value_loc.or(key_loc),
                ));
            }
            // The typed loader reads a plain number or boolean where text is expected as that
            // text (`id: 2026001`): the slow path agrees, so that another problem in the file
            // does not bring a spurious one with it.
            ValidationErrorKind::Type { kind }
                if wants_text(kind)
                    && (err.instance().is_number() || err.instance().is_boolean()) => {}
            _ => {
                let (zh, en) = expected_text(err.kind(), err.instance(), &at.en);
                problems.push(Problem::new(
                    crate::diagnostic::Code::WrongType,
                    Text::new(format!("{}：{zh}", at.zh), format!("{}: {en}", at.en)),
                    value_loc.or(key_loc),
                ));
            }
        }
    }
}

fn wants_text(kind: &jsonschema::error::TypeKind) -> bool {
    match kind {
        jsonschema::error::TypeKind::Single(t) => t.to_string() == "string",
        jsonschema::error::TypeKind::Multiple(set) => set.iter().any(|t| t.to_string() == "string"),
    }
}

/// A place as the subject of a Chinese sentence: 清单 (the whole file, `path` empty: no space
/// before the verb), or a path followed by a space (`facility 缺少…`).
fn subject_zh(at: &Text, path: &str) -> String {
    if path.is_empty() {
        at.zh.clone()
    } else {
        format!("{} ", at.zh)
    }
}

/// Where a problem is, as the reports name it: the key path (`zones.reading_area`), or the
/// whole file in each language.
fn display_path(p: &str, schema: &Value) -> Text {
    if p.is_empty() {
        let standard = schema
            .get("$id")
            .and_then(Value::as_str)
            .is_some_and(|id| id.contains("/standard"));
        if standard {
            Text::new("标准文件", "the standard")
        } else {
            Text::new("清单", "the inventory")
        }
    } else {
        let path = p.trim_start_matches('/').replace('/', ".");
        Text::new(path.clone(), path)
    }
}

fn enum_options(kind: &ValidationErrorKind) -> Vec<String> {
    match kind {
        ValidationErrorKind::Enum { options } => options
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The property names the schema at `schema_path` (ending in `/additionalProperties`) allows.
fn allowed_properties(schema: &Value, schema_path: &str) -> Vec<String> {
    let parent = schema_path
        .strip_suffix("/additionalProperties")
        .unwrap_or(schema_path);
    let mut node = schema;
    for part in parent.split('/').skip(1) {
        let part = part.replace("~1", "/").replace("~0", "~");
        if part == "$ref" {
            continue;
        }
        node = match node {
            Value::Object(o) => match o.get(&part) {
                Some(n) => n,
                None => return Vec::new(),
            },
            Value::Array(a) => match part.parse::<usize>().ok().and_then(|i| a.get(i)) {
                Some(n) => n,
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        // Follow a $ref into $defs.
        while let Some(r) = node.get("$ref").and_then(Value::as_str) {
            match r.strip_prefix("#").and_then(|p| schema.pointer(p)) {
                Some(n) => node = n,
                None => break,
            }
        }
    }
    node.get("properties")
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn expected_text(kind: &ValidationErrorKind, instance: &Value, at: &str) -> (String, String) {
    let got = match instance {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    };
    let got_zh = match instance {
        Value::Null => "空值",
        Value::Bool(_) => "布尔值",
        Value::Number(_) => "数字",
        Value::String(_) => "文本",
        Value::Array(_) => "列表",
        Value::Object(_) => "映射",
    };
    match kind {
        ValidationErrorKind::Type { kind } => {
            let types: Vec<String> = match kind {
                jsonschema::error::TypeKind::Single(t) => vec![t.to_string()],
                jsonschema::error::TypeKind::Multiple(set) => {
                    set.iter().map(|t| t.to_string()).collect()
                }
            };
            let wanted: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
            let zh: Vec<&str> = wanted.iter().map(|t| type_zh(t)).collect();
            let en: Vec<&str> = wanted.iter().map(|t| type_en(t)).collect();
            // A null is named, not shown twice (`found null null`).
            let shown = if instance.is_null() {
                String::new()
            } else {
                format!(" {instance}")
            };
            (
                format!("应为{}，实际是{got_zh}{shown}", zh.join("或")),
                format!("expected {}, found {got}{shown}", en.join(" or ")),
            )
        }
        // What may stand in one place, by the place: a duty (`services.work_planning: 1`) is
        // not a count.
        ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. }
            if at == "services" =>
        {
            (
                format!(
                    "值 {instance} 的形式不对：服务应写成所开展服务的列表，或每项服务写 true、false 或 {{provided, record, last_done}} 的映射"
                ),
                format!(
                    "{instance} has the wrong shape: services are a list of the duties performed, or a mapping from each duty to true, false or {{provided, record, last_done}}"
                ),
            )
        }
        ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. }
            if at.starts_with("services.") =>
        {
            (
                format!(
                    "值 {instance} 的形式不对：服务应写 true（已开展）、false（未开展），或 {{provided, record, last_done}}，或留空表示未核查"
                ),
                format!(
                    "{instance} has the wrong shape: a duty is true (performed), false (not performed), {{provided, record, last_done}}, or empty for not surveyed"
                ),
            )
        }
        ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. } => (
            format!(
                "值 {instance} 的形式不对：数量应为非负整数，或 {{count, kinds, topics}}，或留空表示未核查"
            ),
            format!(
                "{instance} has the wrong shape: a count is a whole number ≥ 0, or {{count, kinds, topics}}, or empty for not surveyed"
            ),
        ),
        ValidationErrorKind::Format { format } => (
            format!("{instance} 不是有效的 {format}（YYYY-MM-DD）"),
            format!("{instance} is not a valid {format} (YYYY-MM-DD)"),
        ),
        ValidationErrorKind::Pattern { .. } => (
            format!("{instance} 的写法不对（年龄段写作 0-3 或 0-3岁）"),
            format!("{instance} is not written as expected (age bands: 0-3 or 0-3岁)"),
        ),
        other => {
            let s = format!("{other:?}");
            (format!("{instance}: {s}"), format!("{instance}: {s}"))
        }
    }
}

fn type_en(t: &str) -> &'static str {
    match t {
        "number" => "a number",
        "integer" => "a whole number",
        "string" => "text",
        "array" => "a list",
        "object" => "a mapping",
        "boolean" => "true or false",
        _ => "null",
    }
}

fn type_zh(t: &str) -> &'static str {
    match t {
        "number" => "数字",
        "integer" => "整数",
        "string" => "文本",
        "array" => "列表",
        "object" => "映射",
        "boolean" => "布尔值",
        _ => "空值",
    }
}
