//! Building a [`Standard`] from its raw form: strengths, vocabulary (with the aliases it
//! shares or refuses), levels with their requirements (a variant's restated, added and removed
//! ones), the checks of each kind, and the example cases — every problem in the file
//! collected, each with its location.

use std::collections::BTreeMap;

use foldhash::HashMap;

use crate::diagnostic::{Problem, suggestion};
use crate::i18n::Text;
use crate::kinds::Build;
use crate::load::Sp;
use crate::load::standard::{RawCase, RawRequirement, RawStandard, RawTerm};
use crate::model::standard::{
    Case, Check, Level, Requirement, Severity, Standard, Strength, Term, Terms, Vocabulary,
    normalize_name,
};
use crate::source::{Location, SourceText};

/// Builds a [`Standard`] from its raw form, or every problem in it. `base` is the standard it
/// extends, already resolved, when it has `extends`.
///
/// # Errors
/// Every problem found, each with its location.
pub fn build(
    raw: RawStandard,
    source: SourceText,
    base: Option<&Standard>,
) -> Result<Standard, Vec<Problem>> {
    let mut b = Builder {
        problems: Vec::new(),
    };
    let id = raw.id.value.clone();
    b.header(&raw);
    let origin = format!("{}@{}", id, raw.version.value);
    let strengths = b.strengths(&raw, base);
    let vocabulary = b.vocabulary(&raw, base);
    // Levels: the base's (minus removals, with overrides by id), then this file's additions.
    let mut levels: Vec<Level> = base.map(|s| s.levels.clone()).unwrap_or_default();
    b.removals(&raw, &mut levels);
    b.additions(&raw, base, (&strengths, &vocabulary), &origin, &mut levels);
    b.level_problems(&raw, &vocabulary, &levels);
    let cases = b.cases(&raw);
    let network = b.network(&raw, &vocabulary);

    if !b.problems.is_empty() {
        return Err(b.problems);
    }
    Ok(Standard {
        id,
        version: raw.version.value,
        effective: raw.effective.value().cloned(),
        extends: raw.extends.value().cloned(),
        title: raw
            .title
            .or_else(|| base.map(|s| s.title.clone()))
            .unwrap_or_default(),
        authority: raw
            .authority
            .or_else(|| base.and_then(|s| s.authority.clone())),
        basis: if raw.basis.is_empty() {
            base.map(|s| s.basis.clone()).unwrap_or_default()
        } else {
            raw.basis
        },
        network: if raw.network.is_empty() {
            base.map(|s| s.network.clone()).unwrap_or_default()
        } else {
            network
        },
        strengths,
        vocabulary,
        levels,
        cases,
        source,
        base: None,
        builtin: false,
    })
}

struct Builder {
    problems: Vec<Problem>,
}

impl Builder {
    /// The network's articles: a known level, a unit of `town` or `village`, each unit once.
    fn network(
        &mut self,
        raw: &RawStandard,
        vocabulary: &crate::model::standard::Vocabulary,
    ) -> Vec<crate::model::standard::NetworkRule> {
        use crate::model::standard::{NetworkRule, NetworkUnit};
        let mut out: Vec<NetworkRule> = Vec::new();
        for r in &raw.network {
            let v = &r.value;
            if vocabulary.levels.get(&v.level.value).is_none() {
                let help = vocabulary.levels.suggest(&v.level.value);
                self.problems.push(
                    Problem::new(
                        crate::diagnostic::Code::UnknownLevel,
                        Text::new(
                            format!("层级 `{}` 不在 vocabulary.levels 中", v.level.value),
                            format!("level `{}` is not in vocabulary.levels", v.level.value),
                        ),
                        v.level.loc,
                    )
                    .with_help(help),
                );
                continue;
            }
            let of = match v.of.value.as_str() {
                "town" => NetworkUnit::Town,
                "village" => NetworkUnit::Village,
                other => {
                    self.err(
                        crate::diagnostic::Code::UnknownName,
                        Text::new(
                            format!(
                                "`{other}` 不是名册单位：应为 town（镇/街道）或 village（村/居）"
                            ),
                            format!("`{other}` is not a roster unit: write town or village"),
                        ),
                        v.of.loc,
                    );
                    continue;
                }
            };
            if out.iter().any(|n| n.of == of) {
                self.err(
                    crate::diagnostic::Code::DuplicateKey,
                    Text::new(
                        format!("network 中 {} 写了两次", of.as_str()),
                        format!("network states {} twice", of.as_str()),
                    ),
                    v.of.loc,
                );
                continue;
            }
            out.push(NetworkRule {
                level: v.level.value.clone(),
                of,
                clause: v.clause.clone(),
                text: v.text.clone(),
            });
        }
        out
    }

    fn err(&mut self, code: crate::diagnostic::Code, message: Text, loc: Option<Location>) {
        self.problems.push(Problem::new(code, message, loc));
    }

    /// The id's spelling and the effective date's form.
    fn header(&mut self, raw: &RawStandard) {
        let id = &raw.id.value;
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            self.err(
                crate::diagnostic::Code::StandardId,
                Text::new(
                    "标准编号只能包含小写字母、数字、- 和 _",
                    "a standard id may contain only a-z, 0-9, - and _",
                ),
                raw.id.loc,
            );
        }
        if let Some(d) = raw.effective.value()
            && !crate::model::is_date(d)
        {
            self.err(
                crate::diagnostic::Code::BadDate,
                Text::new(
                    format!("生效日期 `{d}` 不是 YYYY-MM-DD 格式的日期"),
                    format!("effective date `{d}` is not a YYYY-MM-DD date"),
                ),
                raw.effective.loc(),
            );
        }
    }

    /// The strengths: the base's, overridden by this file's.
    fn strengths(
        &mut self,
        raw: &RawStandard,
        base: Option<&Standard>,
    ) -> BTreeMap<String, Strength> {
        let mut strengths = base.map(|s| s.strengths.clone()).unwrap_or_default();
        for (k, v) in &raw.strengths.0 {
            let sev = Severity::parse(&v.value.severity.value);
            if sev.is_none() {
                self.err(
                    crate::diagnostic::Code::BadSeverity,
                    Text::new(
                        format!(
                            "未知的严重程度 `{}`：应为 error、warning 或 info",
                            v.value.severity.value
                        ),
                        format!(
                            "unknown severity `{}`: expected error, warning or info",
                            v.value.severity.value
                        ),
                    ),
                    v.value.severity.loc,
                );
            }
            strengths.insert(
                k.value.clone(),
                Strength {
                    id: k.value.clone(),
                    name: Text::new(v.value.zh.clone(), v.value.en.clone()),
                    severity: sev.unwrap_or(Severity::Error),
                    waivable: v.value.waivable,
                },
            );
        }

        strengths
    }

    /// The vocabulary: each list the base's, extended and overridden by this file's.
    fn vocabulary(&mut self, raw: &RawStandard, base: Option<&Standard>) -> Vocabulary {
        let base_vocab = base.map(|s| &s.vocabulary);
        let rv = &raw.vocabulary;
        Vocabulary {
            levels: self.terms("levels", &rv.levels, base_vocab.map(|v| &v.levels)),
            zones: self.terms("zones", &rv.zones, base_vocab.map(|v| &v.zones)),
            items: self.terms("items", &rv.items, base_vocab.map(|v| &v.items)),
            roles: self.terms("roles", &rv.roles, base_vocab.map(|v| &v.roles)),
            qualifications: self.terms(
                "qualifications",
                &rv.qualifications,
                base_vocab.map(|v| &v.qualifications),
            ),
            services: self.terms("services", &rv.services, base_vocab.map(|v| &v.services)),
            topics: self.terms("topics", &rv.topics, base_vocab.map(|v| &v.topics)),
            operation_modes: self.terms(
                "operation_modes",
                &rv.operation_modes,
                base_vocab.map(|v| &v.operation_modes),
            ),
        }
    }

    /// A variant's removals of its base's requirements.
    fn removals(&mut self, raw: &RawStandard, levels: &mut [Level]) {
        for (lvl, ids) in &raw.remove.0 {
            match levels.iter_mut().find(|l| l.id == lvl.value) {
                Some(level) => {
                    for rid in ids {
                        let before = level.requirements.len();
                        level.requirements.retain(|r| r.id != rid.value);
                        if level.requirements.len() == before {
                            self.err(
                                crate::diagnostic::Code::UnknownRequirement,
                                Text::new(
                                    format!(
                                        "要删除的要求 `{}` 不在层级 `{}` 中",
                                        rid.value, lvl.value
                                    ),
                                    format!(
                                        "requirement `{}` to remove is not in level `{}`",
                                        rid.value, lvl.value
                                    ),
                                ),
                                rid.loc,
                            );
                        }
                    }
                }
                None => self.err(
                    crate::diagnostic::Code::UnknownLevel,
                    Text::new(
                        format!("未知的层级 `{}`", lvl.value),
                        format!("unknown level `{}`", lvl.value),
                    ),
                    lvl.loc,
                ),
            }
        }
    }

    /// This file's requirements, level by level: a base's requirement of the same id is
    /// replaced, a new one added.
    fn additions(
        &mut self,
        raw: &RawStandard,
        base: Option<&Standard>,
        (strengths, vocabulary): (&BTreeMap<String, Strength>, &Vocabulary),
        origin: &str,
        levels: &mut Vec<Level>,
    ) {
        for (lvl, reqs) in &raw.levels.0 {
            if vocabulary.levels.get(&lvl.value).is_none() {
                let help = vocabulary.levels.suggest(&lvl.value);
                self.problems.push(
                    Problem::new(
                        crate::diagnostic::Code::UnknownLevel,
                        Text::new(
                            format!("层级 `{}` 不在 vocabulary.levels 中", lvl.value),
                            format!("level `{}` is not in vocabulary.levels", lvl.value),
                        ),
                        lvl.loc,
                    )
                    .with_help(help),
                );
            }
            let idx = match levels.iter().position(|l| l.id == lvl.value) {
                Some(i) => i,
                None => {
                    levels.push(Level {
                        id: lvl.value.clone(),
                        requirements: Vec::new(),
                    });
                    levels.len() - 1
                }
            };
            let mut seen: HashMap<String, Option<Location>> = HashMap::default();
            for r in &reqs.value {
                if let Some(prev) = seen.get(&r.value.id.value) {
                    let at = prev.map_or(String::new(), |l| format!(" (line {})", l.line));
                    let at_zh = prev.map_or(String::new(), |l| format!("（第 {} 行）", l.line));
                    self.err(
                        crate::diagnostic::Code::DuplicateRequirement,
                        Text::new(
                            format!(
                                "要求编号 `{}` 在层级 `{}` 中重复{at_zh}",
                                r.value.id.value, lvl.value
                            ),
                            format!(
                                "requirement id `{}` repeats in level `{}`{at}",
                                r.value.id.value, lvl.value
                            ),
                        ),
                        r.value.id.loc,
                    );
                    continue;
                }
                seen.insert(r.value.id.value.clone(), r.value.id.loc);
                if let Some(req) = self.requirement(
                    r,
                    strengths,
                    vocabulary,
                    base.and_then(|s| s.level(&lvl.value))
                        .and_then(|l| l.requirements.iter().find(|x| x.id == r.value.id.value)),
                    origin,
                ) {
                    let level = &mut levels[idx];
                    match level.requirements.iter_mut().find(|x| x.id == req.id) {
                        Some(existing) => *existing = req,
                        None => level.requirements.push(req),
                    }
                }
            }
        }
    }

    /// What is wrong across a level's requirements: `distinct_from` targets, a shared zone name
    /// standing for two zones of one level, and no level at all.
    fn level_problems(&mut self, raw: &RawStandard, vocabulary: &Vocabulary, levels: &[Level]) {
        for level in levels {
            self.distinct_targets(level, raw);
            for (name, zones) in vocabulary.zones.shared_names() {
                let used: Vec<&str> = zones.into_iter().filter(|z| level.has_zone(z)).collect();
                if used.len() > 1 {
                    self.err(
                        crate::diagnostic::Code::AliasClash,
                        Text::new(
                            format!(
                                "vocabulary.zones：名称 `{name}` 在层级 `{}` 中同时指向 {}",
                                level.id,
                                used.join("、")
                            ),
                            format!(
                                "vocabulary.zones: the name `{name}` stands for {} in level `{}`",
                                used.join(" and "),
                                level.id
                            ),
                        ),
                        None,
                    );
                }
            }
        }
        if levels.is_empty() {
            self.err(
                crate::diagnostic::Code::NoLevels,
                Text::new(
                    "标准没有任何层级的要求（levels）",
                    "the standard has no requirements (levels)",
                ),
                None,
            );
        }
    }

    /// The example cases, each name once.
    fn cases(&mut self, raw: &RawStandard) -> Vec<Case> {
        // A variant's cases are its own: the base's cases prove the base, whose thresholds the
        // variant may have changed.
        let mut cases: Vec<Case> = Vec::new();
        // Names seen, each with the index of its case: a hostile file's thousands of cases are
        // compared in linear time.
        let mut named: HashMap<&str, usize> = HashMap::default();
        for c in &raw.cases {
            if let Some(&prev) = named.get(c.value.name.value.as_str()) {
                let line = cases[prev].location.map_or(0, |l| l.line);
                self.err(
                    crate::diagnostic::Code::DuplicateCase,
                    Text::new(
                        format!("示例名称 `{}` 重复（第 {line} 行已有）", c.value.name.value),
                        format!(
                            "case name `{}` repeats (already on line {line})",
                            c.value.name.value
                        ),
                    ),
                    c.value.name.loc,
                );
                continue;
            }
            named.insert(&c.value.name.value, cases.len());
            cases.push(self.case(c));
        }

        cases
    }

    fn terms(
        &mut self,
        list: &str,
        raw: &crate::load::SpannedMap<Sp<RawTerm>>,
        base: Option<&Terms>,
    ) -> Terms {
        let mut terms: Vec<Term> = base.map(|t| t.terms.clone()).unwrap_or_default();
        for (k, v) in &raw.0 {
            let t = Term {
                id: k.value.clone(),
                name: Text::new(v.value.zh.clone(), v.value.en.clone()),
                unit: v.value.unit.clone(),
                staffing: v.value.staffing.unwrap_or(true),
                aliases: v
                    .value
                    .aliases
                    .iter()
                    .map(|a| normalize_name(&a.value))
                    .collect(),
            };
            match terms.iter_mut().find(|x| x.id == t.id) {
                // A variant adding aliases to a base term keeps the base's.
                Some(existing) => {
                    let mut aliases = existing.aliases.clone();
                    for a in t.aliases {
                        if !aliases.contains(&a) {
                            aliases.push(a);
                        }
                    }
                    *existing = Term { aliases, ..t };
                }
                None => terms.push(t),
            }
        }
        let mut index: HashMap<String, usize> = HashMap::default();
        let mut shared: HashMap<String, Vec<usize>> = HashMap::default();
        let mut owner: HashMap<String, String> = HashMap::default();
        // Each term's id and Chinese name, normalised once (ids too are compared normalised:
        // two ids that look alike are one name twice). Loading the built-in standard on every
        // start normalised each of them three times.
        let normal: Vec<[String; 2]> = terms
            .iter()
            .map(|t| [normalize_name(&t.id), normalize_name(&t.name.zh)])
            .collect();
        // A name that is some term's id or Chinese name is never shared.
        let proper: std::collections::HashSet<&str> =
            normal.iter().flatten().map(String::as_str).collect();
        // Where this file writes each name (the last place, as the later of two spellings is
        // the one to change), gathered only when a name clashes, and then once: a standard
        // without a clash, the built-in one loaded on every start, needs none of it.
        let mut locs: Option<HashMap<String, Option<Location>>> = None;
        let gather_locs = || -> HashMap<String, Option<Location>> {
            raw.0
                .iter()
                .flat_map(|(k, v)| {
                    std::iter::once((normalize_name(&k.value), k.loc)).chain(
                        v.value
                            .aliases
                            .iter()
                            .map(|a| (normalize_name(&a.value), a.loc)),
                    )
                })
                .collect()
        };
        for (i, (t, [id, zh])) in terms.iter().zip(&normal).enumerate() {
            let spellings = [id, zh].into_iter().chain(&t.aliases).cloned();
            for s in spellings {
                if s.is_empty() {
                    continue;
                }
                if let Some(prev) = owner.get(&s) {
                    // Zones may share an alias (办公室) that is neither an id nor a zh name of
                    // another zone: the facility's level tells which it means, and a level that
                    // has two zones sharing one is refused once the levels are known.
                    if *prev != t.id && list == "zones" && !proper.contains(s.as_str()) {
                        let first = index.remove(&s);
                        let entry = shared.entry(s.clone()).or_default();
                        entry.extend(first);
                        if !entry.contains(&i) {
                            entry.push(i);
                        }
                        continue;
                    }
                    if *prev != t.id {
                        let loc = locs
                            .get_or_insert_with(gather_locs)
                            .get(s.as_str())
                            .copied()
                            .flatten();
                        self.err(crate::diagnostic::Code::AliasClash, Text::new(format!("vocabulary.{list}：名称 `{s}` 同时指向 `{prev}` 和 `{}`", t.id), format!("vocabulary.{list}: the name `{s}` stands for both `{prev}` and `{}`", t.id)), loc);
                    }
                    continue;
                }
                owner.insert(s.clone(), t.id.clone());
                index.insert(s, i);
            }
        }
        Terms::from_parts(terms, index, shared)
    }

    /// Every `distinct_from` names a staff requirement of the same level, and no two
    /// requirements name each other.
    fn distinct_targets(&mut self, level: &Level, raw: &RawStandard) {
        let target = |c: &Check| crate::kinds::with(c, |k| k.distinct_from().map(str::to_owned));
        for r in &level.requirements {
            let Some(t) = target(&r.check) else { continue };
            let loc = raw
                .levels
                .0
                .iter()
                .filter(|(l, _)| l.value == level.id)
                .flat_map(|(_, rs)| rs.value.iter())
                .find(|x| x.value.id.value == r.id)
                .and_then(|x| x.value.distinct_from.as_ref().and_then(|d| d.loc))
                .or(r.location);
            match level.requirements.iter().find(|x| x.id == t) {
                Some(other)
                    if crate::kinds::counts_people(&other.check) && target(&other.check).as_deref() != Some(r.id.as_str())
                        && other.id != r.id => {}
                Some(_) => self.err(
                    crate::diagnostic::Code::BadDistinctFrom,
                    Text::new(
                        format!("要求 `{}` 的 distinct_from `{t}` 应指向同一层级中另一条人员要求（staff_count 或 staff_any），且两条要求不能互相指向", r.id),
                        format!("requirement `{}`: distinct_from `{t}` must name another staff requirement (staff_count or staff_any) of the same level, and two requirements may not name each other", r.id),
                    ),
                    loc,
                ),
                None => {
                    let help = suggestion(&t, level.requirements.iter().map(|x| x.id.as_str()));
                    self.problems.push(
                        Problem::new(
                            crate::diagnostic::Code::UnknownRequirement,
                            Text::new(
                                format!("distinct_from 指向的要求 `{t}` 不在层级 `{}` 中", level.id),
                                format!("distinct_from names `{t}`, which is not a requirement of level `{}`", level.id),
                            ),
                            loc,
                        )
                        .with_help(help),
                    );
                }
            }
        }
    }

    fn requirement(
        &mut self,
        r: &Sp<RawRequirement>,
        strengths: &BTreeMap<String, Strength>,
        v: &Vocabulary,
        base: Option<&Requirement>,
        origin: &str,
    ) -> Option<Requirement> {
        let raw = &r.value;
        let before = self.problems.len();
        let strength_id = raw
            .strength
            .as_ref()
            .map(|s| s.value.clone())
            .or_else(|| base.map(|b| b.strength.clone()));
        let strength = match &strength_id {
            Some(s) => match strengths.get(s) {
                Some(st) => Some(st.clone()),
                None => {
                    let help = suggestion(s, strengths.keys().map(String::as_str));
                    self.problems.push(
                        Problem::new(
                            crate::diagnostic::Code::UnknownStrength,
                            Text::new(
                                format!("未知的规范用语 `{s}`"),
                                format!("unknown strength `{s}`"),
                            ),
                            raw.strength.as_ref().and_then(|x| x.loc),
                        )
                        .with_help(help),
                    );
                    None
                }
            },
            None => {
                self.err(
                    crate::diagnostic::Code::MissingKey,
                    Text::new(
                        format!("要求 `{}` 缺少 `strength`", raw.id.value),
                        format!("requirement `{}` needs `strength`", raw.id.value),
                    ),
                    raw.id.loc,
                );
                None
            }
        };
        let clause = raw
            .clause
            .as_ref()
            .map(|c| c.value.clone())
            .or_else(|| base.map(|b| b.clause.clone()));
        if clause.is_none() {
            self.err(
                crate::diagnostic::Code::MissingKey,
                Text::new(
                    format!("要求 `{}` 缺少 `clause`", raw.id.value),
                    format!("requirement `{}` needs `clause`", raw.id.value),
                ),
                raw.id.loc,
            );
        }
        let kind = raw
            .kind
            .as_ref()
            .map(|k| k.value.as_str())
            .or_else(|| base.map(|b| crate::kinds::name_of(&b.check)));
        if let Some(kind) = kind {
            self.inapplicable_keys(raw, kind);
        }
        let check = match (raw.kind.is_none(), base) {
            // A variant may restate only what it changes: the base's kind and keys stay, and
            // the keys it gives replace theirs.
            (true, Some(b)) => self.restated(raw, &b.check, v),
            (true, None) => {
                self.err(
                    crate::diagnostic::Code::MissingKey,
                    Text::new(
                        format!("要求 `{}` 缺少 `kind`", raw.id.value),
                        format!("requirement `{}` needs `kind`", raw.id.value),
                    ),
                    raw.id.loc,
                );
                None
            }
            (false, _) => self.check(raw, v),
        };
        if self.problems.len() > before {
            return None;
        }
        let strength = strength?;
        Some(Requirement {
            id: raw.id.value.clone(),
            clause: clause?,
            strength: strength.id.clone(),
            severity: strength.severity,
            waivable: strength.waivable,
            name: raw
                .name
                .clone()
                .or_else(|| base.map(|b| b.name.clone()))
                .unwrap_or_else(|| Text::new(raw.id.value.clone(), raw.id.value.clone())),
            text: raw
                .text
                .clone()
                .or_else(|| base.map(|b| b.text.clone()))
                .unwrap_or_default(),
            check: check?,
            location: r.loc.or(raw.id.loc),
            origin: origin.to_owned(),
        })
    }

    /// Keys given that the requirement's kind does not use: an error rather than silently
    /// ignored (a `bands:` on a floor-area requirement is a mistake worth a line number).
    fn inapplicable_keys(&mut self, r: &RawRequirement, kind: &str) {
        let first = |v: Option<&Vec<Sp<String>>>| v.map(|xs| xs.first().and_then(|x| x.loc));
        let given: [(&str, Option<Option<Location>>); 13] = [
            ("min", r.min.as_ref().map(|m| m.loc)),
            ("zone", r.zone.as_ref().map(|x| x.loc)),
            ("item", r.item.as_ref().map(|x| x.loc)),
            ("role", r.role.as_ref().map(|x| x.loc)),
            ("roles", first(r.roles.as_ref())),
            ("qualification", r.qualification.as_ref().map(|x| x.loc)),
            ("topics", first(r.topics.as_ref())),
            ("bands", first(r.bands.as_ref())),
            ("service", r.service.as_ref().map(|x| x.loc)),
            ("modes", first(r.modes.as_ref())),
            ("evidence", r.evidence.as_ref().map(|x| x.loc)),
            ("distinct_from", r.distinct_from.as_ref().map(|x| x.loc)),
            ("max_age_days", r.max_age_days.as_ref().map(|x| x.loc)),
        ];
        let Some(allowed) = crate::kinds::named(kind).map(|k| k.keys) else {
            return;
        };
        for (key, at) in given {
            if let Some(at) = at
                && !allowed.contains(&key)
            {
                self.problems.push(
                    Problem::new(
                        crate::diagnostic::Code::InapplicableKey,
                        Text::new(
                            format!("要求 `{}`（kind {kind}）不使用 `{key}`", r.id.value),
                            format!(
                                "requirement `{}` (kind {kind}) does not use `{key}`",
                                r.id.value
                            ),
                        ),
                        at.or(r.id.loc),
                    )
                    .with_help(Text::new(
                        format!("kind {kind} 的键：{}", allowed.join(", ")),
                        format!("the keys of kind {kind}: {}", allowed.join(", ")),
                    )),
                );
            }
        }
    }

    /// A requirement a variant restates without `kind`: the base's check with the keys given
    /// replaced.
    fn restated(&mut self, r: &RawRequirement, base: &Check, v: &Vocabulary) -> Option<Check> {
        let mut b = self.kind_build(r, v);
        crate::kinds::with(base, |k| k.restate(&mut b))
    }

    /// The check of a requirement that names its kind.
    fn check(&mut self, r: &RawRequirement, v: &Vocabulary) -> Option<Check> {
        let kind = r.kind.as_ref()?;
        let Some(entry) = crate::kinds::named(&kind.value) else {
            let help = suggestion(&kind.value, crate::kinds::names());
            self.problems.push(
                Problem::new(
                    crate::diagnostic::Code::UnknownKind,
                    Text::new(
                        format!("未知的要求类型 `{}`", kind.value),
                        format!("unknown requirement kind `{}`", kind.value),
                    ),
                    kind.loc,
                )
                .with_help(help),
            );
            return None;
        };
        (entry.build)(&mut self.kind_build(r, v))
    }

    /// What a kind's builder reads: the requirement, the vocabulary and where problems go.
    fn kind_build<'a>(&'a mut self, r: &'a RawRequirement, v: &'a Vocabulary) -> Build<'a> {
        Build {
            problems: &mut self.problems,
            raw: r,
            vocabulary: v,
        }
    }

    fn case(&mut self, c: &Sp<RawCase>) -> Case {
        let v = &c.value;
        if !["compliant", "non_compliant", "incomplete"].contains(&v.expect.value.as_str()) {
            let help = suggestion(
                &v.expect.value,
                ["compliant", "non_compliant", "incomplete"],
            );
            self.problems.push(
                Problem::new(crate::diagnostic::Code::BadCase, Text::new(format!("示例 `{}`：expect 应为 compliant、non_compliant 或 incomplete，而不是 `{}`", v.name.value, v.expect.value), format!("case `{}`: expect must be compliant, non_compliant or incomplete, not `{}`", v.name.value, v.expect.value)), v.expect.loc)
                    .with_help(help),
            );
        }
        if !matches!(v.inventory.value, crate::load::node::Node::Map(_)) {
            self.err(
                crate::diagnostic::Code::BadCase,
                Text::new(
                    format!(
                        "示例 `{}`：inventory 应为清单映射（facility、zones…）",
                        v.name.value
                    ),
                    format!(
                        "case `{}`: inventory must be an inventory mapping (facility, zones…)",
                        v.name.value
                    ),
                ),
                v.inventory.loc,
            );
        }
        let listed = |l: &Option<Vec<Sp<String>>>| {
            l.as_ref()
                .map(|xs| xs.iter().map(|x| (x.value.clone(), x.loc)).collect())
        };
        Case {
            name: v.name.value.clone(),
            inventory: crate::model::cases::LocatedJson::from_node(&v.inventory),
            expect: v.expect.value.clone(),
            failing: listed(&v.failing),
            fails: listed(&v.fails),
            location: c.loc.or(v.name.loc),
        }
    }
}
