//! Reading a requirement's keys, for the kinds' builders: a key that must be given, a name
//! that must be in the vocabulary, a list of them, a threshold — each problem collected with
//! its location, in the order the keys are read.

use crate::diagnostic::{Code, Problem, suggestion};
use crate::i18n::Text;
use crate::load::Sp;
use crate::load::standard::{RawRequirement, RawThreshold};
use crate::model::standard::{Terms, Threshold, Vocabulary};
use crate::source::Location;

/// One requirement being built: its raw form, the vocabulary its names must be in, and the
/// problems of the standard file found so far.
pub struct Build<'a> {
    /// Where problems go.
    pub problems: &'a mut Vec<Problem>,
    /// The requirement as written.
    pub raw: &'a RawRequirement,
    /// The standard's vocabulary.
    pub vocabulary: &'a Vocabulary,
}

impl<'a> Build<'a> {
    /// Records a problem.
    pub fn err(&mut self, code: Code, message: Text, loc: Option<Location>) {
        self.problems.push(Problem::new(code, message, loc));
    }

    /// `v`, or a missing-key problem naming the kind when it is not given.
    pub fn need(&mut self, key: &str, v: Option<&'a Sp<String>>) -> Option<&'a Sp<String>> {
        if v.is_none() {
            let r = self.raw;
            let kind = r.kind.as_ref().map_or("", |k| k.value.as_str());
            self.err(
                Code::MissingKey,
                Text::new(
                    format!("要求 `{}`（kind {kind}）缺少 `{key}`", r.id.value),
                    format!("requirement `{}` (kind {kind}) needs `{key}`", r.id.value),
                ),
                r.id.loc,
            );
        }
        v
    }

    /// The id `v` names when it is in `terms` (the vocabulary list `list`).
    pub fn term(&mut self, terms: &Terms, list: &str, v: Option<&Sp<String>>) -> Option<String> {
        let v = v?;
        if terms.get(&v.value).is_some() {
            return Some(v.value.clone());
        }
        let help = suggestion(&v.value, terms.ids());
        self.problems.push(
            Problem::new(
                Code::UnknownName,
                Text::new(
                    format!("`{}` 不在 vocabulary.{list} 中", v.value),
                    format!("`{}` is not in vocabulary.{list}", v.value),
                ),
                v.loc,
            )
            .with_help(help),
        );
        None
    }

    /// The required `zone`, a zone of the vocabulary.
    pub fn zone(&mut self) -> Option<String> {
        let v = self.vocabulary;
        let z = self.need("zone", self.raw.zone.as_ref());
        self.term(&v.zones, "zones", z)
    }

    /// The required `item`, an item of the vocabulary.
    pub fn item(&mut self) -> Option<String> {
        let v = self.vocabulary;
        let i = self.need("item", self.raw.item.as_ref());
        self.term(&v.items, "items", i)
    }

    /// A required list of names of `terms` (the vocabulary list `list`), given as `key`.
    pub fn names(
        &mut self,
        key: &str,
        vals: Option<&Vec<Sp<String>>>,
        terms: &Terms,
        list: &str,
    ) -> Option<Vec<String>> {
        let Some(vals) = vals else {
            let r = self.raw;
            self.err(
                Code::MissingKey,
                Text::new(
                    format!("要求 `{}` 缺少 `{key}`", r.id.value),
                    format!("requirement `{}` needs `{key}`", r.id.value),
                ),
                r.id.loc,
            );
            return None;
        };
        let mut out = Vec::new();
        for x in vals {
            out.push(self.term(terms, list, Some(x))?);
        }
        Some(out)
    }

    /// A restated `zone`, or the base's.
    pub fn zone_or(&mut self, old: &str) -> Option<String> {
        let v = self.vocabulary;
        match &self.raw.zone {
            Some(z) => self.term(&v.zones, "zones", Some(z)),
            None => Some(old.to_owned()),
        }
    }

    /// A restated `item`, or the base's.
    pub fn item_or(&mut self, old: &str) -> Option<String> {
        let v = self.vocabulary;
        match &self.raw.item {
            Some(i) => self.term(&v.items, "items", Some(i)),
            None => Some(old.to_owned()),
        }
    }

    /// A restated `min`, or the base's.
    pub fn min_or(&mut self, old: &Threshold) -> Option<Threshold> {
        if self.raw.min.is_some() {
            self.threshold()
        } else {
            Some(old.clone())
        }
    }

    /// A restated list of names of `terms`, or the base's.
    pub fn names_or(
        &mut self,
        new: Option<&Vec<Sp<String>>>,
        terms: &Terms,
        list: &str,
        old: &[String],
    ) -> Option<Vec<String>> {
        match new {
            Some(xs) => xs
                .iter()
                .map(|x| self.term(terms, list, Some(x)))
                .collect::<Option<Vec<String>>>(),
            None => Some(old.to_vec()),
        }
    }

    /// The required threshold `min`: a non-negative number, `{per, rate}` or `{per, table}`.
    pub fn threshold(&mut self) -> Option<Threshold> {
        let r = self.raw;
        let Some(m) = &r.min else {
            self.err(
                Code::MissingKey,
                Text::new(
                    format!("要求 `{}` 缺少阈值 `min`", r.id.value),
                    format!("requirement `{}` needs a threshold `min`", r.id.value),
                ),
                r.id.loc,
            );
            return None;
        };
        match &m.value {
            RawThreshold::Const(v) if v.is_finite() && *v >= 0.0 => Some(Threshold::Const(*v)),
            RawThreshold::Const(v) => {
                self.err(
                    Code::BadThreshold,
                    Text::new(
                        format!("阈值 {v} 应为非负数"),
                        format!("threshold {v} must be a non-negative number"),
                    ),
                    m.loc,
                );
                None
            }
            RawThreshold::Wrong(node) => {
                let got = match node {
                    crate::load::node::Node::Str(t) => format!("\"{t}\""),
                    crate::load::node::Node::Bool(x) => x.to_string(),
                    crate::load::node::Node::Seq(_) => "a list".to_owned(),
                    crate::load::node::Node::Map(_) => {
                        "a mapping without `per` and `rate` or `table`".to_owned()
                    }
                    _ => "null".to_owned(),
                };
                let got_zh = match node {
                    crate::load::node::Node::Str(t) => format!("文本 \"{t}\""),
                    crate::load::node::Node::Bool(x) => format!("布尔值 {x}"),
                    crate::load::node::Node::Seq(_) => "列表".to_owned(),
                    crate::load::node::Node::Map(_) => {
                        "缺少 `per` 及 `rate` 或 `table` 的映射".to_owned()
                    }
                    _ => "空值".to_owned(),
                };
                self.problems.push(
                    Problem::new(Code::BadThreshold, Text::new(format!("要求 `{}` 的阈值类型错误：应为数字、{{per, rate}} 或 {{per, table}}，实际是{got_zh}", r.id.value), format!("requirement `{}`: the threshold has the wrong type: expected a number, {{per, rate}} or {{per, table}}, found {got}", r.id.value)), m.loc)
                        .with_help(Text::new("例如 `min: 200`、`min: {per: beds, rate: 4.5}`；数字不要加引号", "for example `min: 200` or `min: {per: beds, rate: 4.5}`; do not quote numbers")),
                );
                None
            }
            RawThreshold::Scaled(s) => match (&s.rate, &s.table) {
                (Some(rate), None) if rate.is_finite() && *rate >= 0.0 => {
                    Some(Threshold::PerUnit {
                        per: s.per.clone(),
                        rate: *rate,
                    })
                }
                (None, Some(rows)) if !rows.is_empty() => {
                    // Rows are size classes: bounds increase, and only the last may be open.
                    let ordered = rows.windows(2).all(|w| {
                        matches!((w[0].upto, w[1].upto), (Some(a), Some(b)) if a < b)
                            || matches!((w[0].upto, w[1].upto), (Some(_), None))
                    });
                    let finite = rows.iter().all(|r| {
                        r.min.is_finite() && r.min >= 0.0 && r.upto.is_none_or(f64::is_finite)
                    });
                    if !ordered || !finite {
                        self.err(Code::BadThreshold, Text::new("`table` 的各行应按 `upto` 递增排列，只有最后一行可以省略 `upto`，`min` 应为非负数", "`table` rows must have increasing `upto`, only the last row may leave `upto` out, and each `min` must be ≥ 0"), m.loc);
                        return None;
                    }
                    Some(Threshold::Table {
                        per: s.per.clone(),
                        rows: rows.iter().map(|r| (r.upto, r.min)).collect(),
                    })
                }
                _ => {
                    self.err(Code::BadThreshold, Text::new("按规模的阈值需要 `rate`（非负数）或非空的 `table` 之一", "a scaled threshold needs exactly one of `rate` (≥ 0) or a non-empty `table`"), m.loc);
                    None
                }
            },
        }
    }
}
