//! The validated standard: levels, requirements, vocabulary with aliases, strengths. Data
//! only: `registry` builds it from a [`RawStandard`](crate::load::standard::RawStandard)
//! (with each requirement kind's module in `kinds`), collecting every problem in the file
//! with its location.

use std::collections::BTreeMap;

use foldhash::HashMap;

use serde::Serialize;

use crate::diagnostic::suggestion;
use crate::i18n::Text;
use crate::source::{Location, SourceText};

/// How serious an unmet requirement is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Shown, never changes the verdict (可).
    Info,
    /// Shown as a warning (鼓励, duties); changes the exit code only with `--fail-on warning`.
    Warning,
    /// A failure makes the facility non-compliant (应, 一般应).
    Error,
}

impl Severity {
    /// The severity named `s` (`error`, `warning`, `info`).
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "error" => Some(Self::Error),
            "warning" => Some(Self::Warning),
            "info" => Some(Self::Info),
            _ => None,
        }
    }
    /// The lowercase name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// A normative strength (应, 一般应, 可, 鼓励…).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Strength {
    /// Its key in the file (`mandatory`, `generally`…).
    pub id: String,
    /// The wording (应 / shall).
    pub name: Text,
    /// Severity of an unmet requirement.
    pub severity: Severity,
    /// Whether a waiver may excuse it.
    pub waivable: bool,
}

/// One name of a vocabulary list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Term {
    /// Canonical id.
    pub id: String,
    /// Chinese and English names.
    pub name: Text,
    /// What a count counts (items).
    pub unit: Option<Text>,
    /// Other accepted spellings (the Chinese name is always one).
    pub aliases: Vec<String>,
    /// Roles only: whether a person in this role is staffing (人员配备); volunteers are not.
    pub staffing: bool,
}

/// A closed list of names with their aliases.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Terms {
    /// In file order.
    pub terms: Vec<Term>,
    #[serde(skip)]
    index: HashMap<String, usize>,
    /// Names that stand for more than one term (only zones may share one, such as 办公室 for
    /// each level's office): resolved by the facility's level.
    #[serde(skip)]
    shared: HashMap<String, Vec<usize>>,
}

/// Folds the spellings users type into one: Unicode NFC (a precomposed and a decomposed
/// accent are one letter), full-width ASCII and the ideographic space folded to their
/// half-width forms (`（`, `ａ`, `１` → `(`, `a`, `1`), surrounding white space trimmed.
#[must_use]
pub fn normalize_name(s: &str) -> String {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    // Most names need neither: nothing full-width, and already NFC by the quick check (true of
    // ASCII and of nearly all Chinese text). Composing them anyway was over a third of loading
    // the built-in standard at every start (issue 17).
    if s.chars().all(|c| half_width(c) == c) && is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return s.trim().to_owned();
    }
    normalize_name_composing(s)
}

/// A full-width ASCII character or the ideographic space as its half-width form; any other
/// character as it is.
fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        c => c,
    }
}

/// [`normalize_name`] the long way: every character folded and composed.
fn normalize_name_composing(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let folded: String = s.chars().map(half_width).nfc().collect();
    folded.trim().to_owned()
}

impl Terms {
    /// The terms with their index: each spelling (normalised) → its term, and the names
    /// several zones share → theirs (positions in `terms`).
    #[must_use]
    pub fn from_parts(
        terms: Vec<Term>,
        index: HashMap<String, usize>,
        shared: HashMap<String, Vec<usize>>,
    ) -> Self {
        Self {
            terms,
            index,
            shared,
        }
    }
    /// The term a name (id, Chinese name or alias) stands for.
    #[must_use]
    pub fn resolve(&self, name: &str) -> Option<&Term> {
        self.index
            .get(name)
            .or_else(|| self.index.get(&normalize_name(name)))
            .map(|&i| &self.terms[i])
    }
    /// The term a name stands for among those `allowed` (the zones of a facility's level): a
    /// shared name (办公室) resolves to the one term it can mean there.
    #[must_use]
    pub fn resolve_among(&self, name: &str, allowed: &dyn Fn(&str) -> bool) -> Option<&Term> {
        if let Some(t) = self.resolve(name) {
            return Some(t);
        }
        let candidates = self
            .shared
            .get(name)
            .or_else(|| self.shared.get(&normalize_name(name)))?;
        let mut fitting = candidates
            .iter()
            .map(|&i| &self.terms[i])
            .filter(|t| allowed(&t.id));
        let first = fitting.next()?;
        fitting.next().is_none().then_some(first)
    }
    /// Whether a name is one that several terms share (resolved only with a level).
    #[must_use]
    pub fn is_shared(&self, name: &str) -> bool {
        self.shared.contains_key(name) || self.shared.contains_key(&normalize_name(name))
    }
    /// Names shared by several terms, each with the ids it may stand for.
    pub fn shared_names(&self) -> impl Iterator<Item = (&str, Vec<&str>)> {
        let mut v: Vec<_> = self
            .shared
            .iter()
            .map(|(k, is)| {
                (
                    k.as_str(),
                    is.iter().map(|&i| self.terms[i].id.as_str()).collect(),
                )
            })
            .collect();
        v.sort();
        v.into_iter()
    }
    /// The term with this canonical id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }
    /// Every accepted spelling: ids first, then names and aliases.
    pub fn spellings(&self) -> impl Iterator<Item = &str> + Clone {
        self.terms
            .iter()
            .map(|t| t.id.as_str())
            .chain(self.terms.iter().flat_map(|t| {
                std::iter::once(t.name.zh.as_str()).chain(t.aliases.iter().map(String::as_str))
            }))
    }
    /// The canonical ids.
    pub fn ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.terms.iter().map(|t| t.id.as_str())
    }
    /// Advice for a name that resolves to nothing.
    #[must_use]
    pub fn suggest(&self, name: &str) -> Text {
        suggestion(name, self.spellings())
    }
    /// Advice for a name typed into a survey form's cell: the names and aliases a form-filler
    /// writes, never the ids.
    #[must_use]
    pub fn suggest_for_form(&self, name: &str) -> Text {
        let written = self.terms.iter().flat_map(|t| {
            std::iter::once(t.name.zh.as_str()).chain(t.aliases.iter().map(String::as_str))
        });
        crate::diagnostic::suggestion_for_form(name, written)
    }
    /// The display name of an id in a language (the id itself when unknown).
    #[must_use]
    pub fn name<'a>(&'a self, id: &'a str, lang: crate::i18n::Lang) -> &'a str {
        self.get(id).map_or(id, |t| t.name.get(lang))
    }
}

/// Every name an inventory may use.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Vocabulary {
    /// 层级.
    pub levels: Terms,
    /// 功能区.
    pub zones: Terms,
    /// 设施设备.
    pub items: Terms,
    /// 岗位.
    pub roles: Terms,
    /// 资质.
    pub qualifications: Terms,
    /// 服务.
    pub services: Terms,
    /// 上墙内容 (open list).
    pub topics: Terms,
    /// 运营方式.
    pub operation_modes: Terms,
}

/// A threshold: constant, or scaled by a named capacity of the inventory.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Threshold {
    /// A fixed minimum.
    Const(f64),
    /// `rate` × capacity `per`.
    PerUnit {
        /// Capacity name.
        per: String,
        /// Rate.
        rate: f64,
    },
    /// The first row whose `upto` ≥ capacity `per`.
    Table {
        /// Capacity name.
        per: String,
        /// `(upto, min)`; `upto` None: open class.
        rows: Vec<(Option<f64>, f64)>,
    },
}

impl Threshold {
    /// The minimum for an inventory's capacities; `Err(name)` when the capacity it scales by
    /// is not given.
    ///
    /// # Errors
    /// The missing capacity's name.
    pub fn resolve<'a>(&'a self, capacity: &dyn Fn(&str) -> Option<f64>) -> Result<f64, &'a str> {
        match self {
            Threshold::Const(v) => Ok(*v),
            Threshold::PerUnit { per, rate } => capacity(per).map(|c| c * rate).ok_or(per),
            Threshold::Table { per, rows } => {
                let c = capacity(per).ok_or(per.as_str())?;
                Ok(rows
                    .iter()
                    .find(|(upto, _)| upto.is_none_or(|u| c <= u))
                    .or(rows.last())
                    .map_or(0.0, |r| r.1))
            }
        }
    }
}

/// An age band `lo-hi` in years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AgeBand {
    /// From (years).
    pub lo: u32,
    /// To (years).
    pub hi: u32,
}

impl AgeBand {
    /// Parses `0-3`, `0-3岁`, `0–3`, `0~3`, full-width digits allowed.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let s: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '–' | '—' | '~' | '～' | '－' | '至' => '-',
                c => c,
            })
            .collect();
        // `周岁` before `岁`: trimming `岁` first would leave `12-18周`.
        let s = s.trim_end_matches("周岁").trim_end_matches('岁').trim();
        let (a, b) = s.split_once('-')?;
        let lo = a.trim().parse().ok()?;
        let hi = b.trim().trim_end_matches('岁').parse().ok()?;
        (lo < hi).then_some(AgeBand { lo, hi })
    }
}

impl std::fmt::Display for AgeBand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.lo, self.hi)
    }
}

/// What a requirement checks: the closed vocabulary of requirement kinds.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    /// `floor_area_m2` ≥ min.
    FloorArea {
        /// Minimum m².
        min: Threshold,
    },
    /// The zone is present.
    Zone {
        /// Zone id.
        zone: String,
    },
    /// An item's count in a zone ≥ min.
    Equipment {
        /// Zone id.
        zone: String,
        /// Item id.
        item: String,
        /// Minimum count.
        min: Threshold,
    },
    /// An item's `kinds` ≥ min.
    Kinds {
        /// Zone id.
        zone: String,
        /// Item id.
        item: String,
        /// Minimum kinds.
        min: Threshold,
    },
    /// An item's `topics` include each topic.
    Topics {
        /// Zone id.
        zone: String,
        /// Item id.
        item: String,
        /// Topic ids.
        topics: Vec<String>,
    },
    /// A zone's `age_bands` include each band.
    AgeBands {
        /// Zone id.
        zone: String,
        /// Required bands.
        bands: Vec<AgeBand>,
    },
    /// At least `min` distinct people with the role (any staffing role when `None`), holding
    /// the qualification, if given.
    StaffCount {
        /// Role id; `None`: every role that counts as staffing (not volunteers).
        role: Option<String>,
        /// Qualification id.
        qualification: Option<String>,
        /// Minimum.
        min: Threshold,
        /// A requirement of the same level whose people are not counted again here (Art. 8:
        /// the supervisor is in addition to the three).
        distinct_from: Option<String>,
    },
    /// At least `min` distinct people with any of the roles.
    StaffAny {
        /// Role ids.
        roles: Vec<String>,
        /// Minimum.
        min: Threshold,
        /// As for `StaffCount`.
        distinct_from: Option<String>,
    },
    /// `operation.mode` is one of these.
    Operation {
        /// Mode ids.
        modes: Vec<String>,
    },
    /// The service (duty) is performed, and, with `max_age_days`, its latest record is no
    /// older than that on the evaluation date.
    Service {
        /// Service id.
        service: String,
        /// The oldest a record may be, in days.
        max_age_days: Option<u32>,
    },
    /// A permitted option (可): informational.
    Option {
        /// What shows whether it is used.
        evidence: OptionEvidence,
    },
}

/// The evidence of a 可 option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionEvidence {
    /// `facility.co_located_with`.
    CoLocatedWith,
    /// `operation`.
    Operation,
}

impl Check {
    /// The zone a requirement concerns: its presence, an item in it, or its age bands.
    #[must_use]
    pub fn zone(&self) -> Option<&str> {
        match self {
            Check::Zone { zone }
            | Check::Equipment { zone, .. }
            | Check::Kinds { zone, .. }
            | Check::Topics { zone, .. }
            | Check::AgeBands { zone, .. } => Some(zone),
            Check::FloorArea { .. }
            | Check::StaffCount { .. }
            | Check::StaffAny { .. }
            | Check::Operation { .. }
            | Check::Service { .. }
            | Check::Option { .. } => None,
        }
    }
}

/// One requirement of one level.
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    /// Stable id.
    pub id: String,
    /// 条款 (`第九条(三)`).
    pub clause: String,
    /// Strength id.
    pub strength: String,
    /// Severity of an unmet requirement.
    pub severity: Severity,
    /// Whether a waiver may excuse it.
    pub waivable: bool,
    /// Name.
    pub name: Text,
    /// The standard's wording.
    pub text: Text,
    /// What is checked.
    pub check: Check,
    /// Where it is written in the standard file.
    pub location: Option<Location>,
    /// The standard (id@version) whose file it comes from (differs in a variant).
    pub origin: String,
}

impl Requirement {
    /// Whether the norm asks for an item only as 若干 ("several": 各类绘本若干, 沙具若干) — an
    /// equipment count whose Chinese text gives no number — so that the minimum checked
    /// (`min: 1`) is the tool's reading of the word, and the report keeps the norm's word.
    #[must_use]
    pub fn asks_for_several(&self) -> bool {
        matches!(self.check, Check::Equipment { .. }) && self.text.zh.contains("若干")
    }
}

/// One level with its requirements.
#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    /// Level id.
    pub id: String,
    /// Requirements in report order.
    pub requirements: Vec<Requirement>,
}

impl Level {
    /// Whether a requirement of this level concerns the zone (its presence or its contents).
    #[must_use]
    pub fn has_zone(&self, zone: &str) -> bool {
        self.requirements
            .iter()
            .any(|r| r.check.zone() == Some(zone))
    }
}

/// An example case carried by a standard: an inventory and the verdict it must get.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    /// Name.
    pub name: String,
    /// The inventory, as JSON text that remembers where each piece is in the standard file.
    pub inventory: crate::model::cases::LocatedJson,
    /// Expected verdict (`compliant`, `non_compliant` or `incomplete`).
    pub expect: String,
    /// Failing clauses of error severity, exactly (when given), each where it is written.
    pub failing: Option<Vec<(String, Option<Location>)>>,
    /// Requirement ids that must fail, at least (when given), each where it is written.
    pub fails: Option<Vec<(String, Option<Location>)>>,
    /// Where the case is in the file.
    pub location: Option<Location>,
}

/// A validated standard.
#[derive(Clone, Debug)]
pub struct Standard {
    /// Id.
    pub id: String,
    /// Edition.
    pub version: String,
    /// In force from (YYYY-MM-DD); None: always.
    pub effective: Option<String>,
    /// What it extends, as written.
    pub extends: Option<String>,
    /// Title.
    pub title: Text,
    /// Interpreting authority.
    pub authority: Option<Text>,
    /// Documents it is based on.
    pub basis: Vec<String>,
    /// Strengths by id.
    pub strengths: BTreeMap<String, Strength>,
    /// Vocabulary.
    pub vocabulary: Vocabulary,
    /// Levels in file order.
    pub levels: Vec<Level>,
    /// Example cases (this file's own: a variant does not inherit its base's).
    pub cases: Vec<Case>,
    /// The file it was read from (name and text), for two-ended locations.
    pub source: SourceText,
    /// The standard it extends, resolved (a variant's inherited requirements come from there).
    pub base: Option<std::sync::Arc<Standard>>,
    /// Embedded in the binary (the registry says so): an inventory may name it by id.
    pub builtin: bool,
    /// The articles that make the three-level network's coverage a requirement (`network:`):
    /// every town a level, every village a level. Inherited by a variant that states none.
    pub network: Vec<NetworkRule>,
}

/// What a roster's unit must have (`network:` in the standard file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkRule {
    /// The level every such unit must have.
    pub level: String,
    /// The roster's unit: a town (镇/街道) or a village (村/居).
    pub of: NetworkUnit,
    /// The clause (`第十条`).
    pub clause: String,
    /// The article's words.
    pub text: Text,
}

/// A roster's unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkUnit {
    /// 镇(街道).
    Town,
    /// 村(居).
    Village,
}

impl NetworkUnit {
    /// `town` or `village`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            NetworkUnit::Town => "town",
            NetworkUnit::Village => "village",
        }
    }
}

impl Standard {
    /// The level with this id.
    #[must_use]
    pub fn level(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.id == id)
    }
    /// `id@version`.
    #[must_use]
    pub fn label(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }
    /// Every requirement of every level, with its level.
    pub fn all_requirements(&self) -> impl Iterator<Item = (&Level, &Requirement)> {
        self.levels
            .iter()
            .flat_map(|l| l.requirements.iter().map(move |r| (l, r)))
    }
    /// The SHA-256 of the standard's resolved text, in lowercase hex: that of its file's text
    /// (a byte-order mark left out) for a standard that extends none; for a variant, that of its
    /// text's hash and its base's digest, so that a change anywhere in the chain changes it. A
    /// survey form records it (`standard_sha256`), so that it is judged against the very text
    /// it was made from.
    #[must_use]
    pub fn digest(&self) -> String {
        let own = crate::source::sha256_hex(&[self.source.text.as_bytes()]);
        match &self.base {
            None => own,
            Some(base) => {
                crate::source::sha256_hex(&[own.as_bytes(), b"\n", base.digest().as_bytes()])
            }
        }
    }
    /// This standard and the ones it extends, nearest first.
    pub fn chain(&self) -> impl Iterator<Item = &Standard> {
        std::iter::successors(Some(self), |s| s.base.as_deref())
    }
    /// The standard (this one or one it extends) whose file a requirement is written in.
    #[must_use]
    pub fn origin_of(&self, r: &Requirement) -> Option<&Standard> {
        self.chain().find(|s| s.is(&r.origin))
    }
    /// Whether `label` (`id@version`) names this standard (without building its label).
    #[must_use]
    pub fn is(&self, label: &str) -> bool {
        label.split_once('@') == Some((self.id.as_str(), self.version.as_str()))
    }
    /// The file a requirement is written in, and where: the standard side of a finding.
    #[must_use]
    pub fn requirement_source(&self, r: &Requirement) -> Option<(&SourceText, Location)> {
        Some((&self.origin_of(r)?.source, r.location?))
    }
}

#[cfg(test)]
mod normalize_tests {
    use proptest::prelude::*;

    #[test]
    fn names_that_fold_or_compose_are_folded_and_composed() {
        for (name, folded) in [
            ("（阅览室）", "(阅览室)"),
            ("ａｂ１", "ab1"),
            ("\u{3000}办公室\u{3000}", "办公室"),
            ("cafe\u{301}", "caf\u{e9}"),
            // A CJK compatibility ideograph: NFC maps it to its unified form.
            ("\u{f900}", "\u{8c48}"),
            ("  reading room ", "reading room"),
        ] {
            assert_eq!(super::normalize_name(name), folded, "{name:?}");
        }
    }

    proptest! {
        #[test]
        fn the_quick_road_gives_what_folding_and_composing_give(s in any::<String>()) {
            prop_assert_eq!(super::normalize_name(&s), super::normalize_name_composing(&s));
        }

        #[test]
        fn the_quick_road_gives_what_folding_and_composing_give_on_cjk_and_marks(
            s in "[ a-z汉字阅览室\u{3000}\u{ff01}-\u{ff5e}\u{300}-\u{36f}\u{f900}-\u{f90f}\u{1100}-\u{1112}\u{1161}-\u{1175}]{0,12}"
        ) {
            prop_assert_eq!(super::normalize_name(&s), super::normalize_name_composing(&s));
        }
    }
}
