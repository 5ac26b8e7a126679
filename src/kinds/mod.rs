//! The requirement kinds: one module each, holding everything about that kind — its keys,
//! how a requirement of the kind is built from the standard file (and restated by a variant),
//! how it is evaluated against an inventory, what a failing one needs, and the words that say
//! what it asks, what was found and what is short (and its row on a survey form) — and one table,
//! [`KINDS`], naming them in the order the standard format lists them.
//!
//! The data of a kind is one variant of [`Check`] (in `model`, which holds data only);
//! [`with`] is the one `match` that turns a variant into its kind's [`Kind`] view. Adding a
//! kind is a module here, its line in [`KINDS`], its variant of [`Check`] and that variant's
//! arm in [`with`] (the compiler points at the last; `tests/architecture.rs` at the table).
//! Four helper modules serve every kind: [`build`] (reading keys), [`eval`] (reading an
//! inventory), [`words`] and [`form`] (the survey template).

pub mod build;
pub mod eval;
pub mod form;
pub mod words;

pub mod age_bands;
pub mod equipment;
pub mod floor_area;
pub mod item_kinds;
pub mod operation;
pub mod option;
pub mod service;
pub mod staff_any;
pub mod staff_count;
pub mod topics;
pub mod zone;

pub use build::Build;
pub use eval::Context;

use crate::i18n::Lang;
use crate::model::finding::{Finding, Need};
use crate::model::inventory::{Inventory, StaffMember};
use crate::model::standard::{Check, Requirement, Standard, Terms, Threshold};

/// One requirement kind in the table: its name in the standard file, the keys it uses and how
/// a requirement that names it is built.
pub struct Entry {
    /// The kind's name as the standard file writes it (`floor_area`).
    pub name: &'static str,
    /// The keys it uses (besides id, clause, strength, name, text, kind).
    pub keys: &'static [&'static str],
    /// Builds the check from a requirement that gives `kind: <name>`.
    pub build: fn(&mut Build<'_>) -> Option<Check>,
}

/// Every requirement kind, in the order the standard format lists them.
pub const KINDS: &[Entry] = &[
    floor_area::KIND,
    zone::KIND,
    equipment::KIND,
    item_kinds::KIND,
    topics::KIND,
    age_bands::KIND,
    staff_count::KIND,
    staff_any::KIND,
    operation::KIND,
    service::KIND,
    option::KIND,
];

/// The kind called `name` in a standard file.
#[must_use]
pub fn named(name: &str) -> Option<&'static Entry> {
    KINDS.iter().find(|k| k.name == name)
}

/// The kind's name of a check, as the standard file writes it.
#[must_use]
pub fn name_of(check: &Check) -> &'static str {
    with(check, |k| k.entry().name)
}

/// Whether a check counts people that another requirement may keep for itself: the kinds that
/// take `distinct_from` (`staff_count`, `staff_any`).
#[must_use]
pub fn counts_people(check: &Check) -> bool {
    with(check, |k| k.entry().keys.contains(&"distinct_from"))
}

/// The kinds' names, in table order.
pub fn names() -> impl Iterator<Item = &'static str> + Clone {
    KINDS.iter().map(|k| k.name)
}

/// What a kind does with its data: a view of one [`Check`] variant (see [`with`]).
pub trait Kind {
    /// The kind's line in [`KINDS`].
    fn entry(&self) -> &'static Entry;
    /// Its threshold, when it has one.
    fn min(&self) -> Option<&Threshold>;
    /// The zone and item it concerns, when it concerns an item.
    fn item(&self) -> Option<(&str, &str)>;
    /// The requirement of the same level whose people it does not count again (staff kinds).
    fn distinct_from(&self) -> Option<&str>;
    /// A variant's restatement of a base requirement of this kind: the keys it gives replace
    /// the base's, the others stay.
    fn restate(&self, b: &mut Build<'_>) -> Option<Check>;
    /// Evaluates the requirement `r` (whose check this is) into `f`, which comes in as a pass
    /// with nothing expected or found.
    fn evaluate(&self, cx: &Context<'_>, r: &Requirement, f: &mut Finding);
    /// What a failing finding of this kind needs, as quantities that add up across facilities.
    fn needs(&self, f: &Finding) -> Vec<Need>;
    /// Adds the requirement's row (or section) to a level's survey template.
    fn template(&self, st: &Standard, r: &Requirement, d: &mut form::Draft);
    /// Whether a person counts toward this requirement, apart from `distinct_from` (staff
    /// kinds; no one counts toward the others).
    fn counts(&self, _roles: &Terms, _person: &StaffMember) -> bool {
        false
    }
    /// Whether a waiver of this requirement also excuses a requirement with the check `other`
    /// (a zone's waiver covers what is in the zone).
    fn covers(&self, _other: &Check) -> bool {
        false
    }
    /// The unit of the kind's threshold (m², the item's unit, people); empty without one.
    fn unit(&self, _st: &Standard, _lang: Lang) -> String {
        String::new()
    }
    /// What the requirement asks, in words, when that is not a number (`None`: the words of
    /// the finding's `expected` value say it).
    fn expected(&self, _st: &Standard, _f: &Finding, _lang: Lang) -> Option<String> {
        None
    }
    /// What the inventory shows, in words, when that is not a number (`None`: the words of
    /// the finding's `actual` value say it).
    fn actual(
        &self,
        _st: &Standard,
        _inv: &Inventory,
        _f: &Finding,
        _lang: Lang,
    ) -> Option<String> {
        None
    }
    /// What would make the failing finding pass, in words, for the gaps the kind words itself
    /// (`None`: the gap's own words).
    fn shortfall(&self, _st: &Standard, _f: &Finding, _lang: Lang) -> Option<String> {
        None
    }
    /// What a passing finding says in place of "found …, required …" (an option's "permitted,
    /// not required").
    fn passing_note(&self, _lang: Lang) -> Option<&'static str> {
        None
    }
}

/// Calls `f` with the kind view of a check: the one place a [`Check`] variant meets its module.
pub fn with<R>(check: &Check, f: impl FnOnce(&dyn Kind) -> R) -> R {
    match check {
        Check::FloorArea { min } => f(&floor_area::FloorArea { min }),
        Check::Zone { zone } => f(&zone::Zone { zone }),
        Check::Equipment { zone, item, min } => f(&equipment::Equipment { zone, item, min }),
        Check::Kinds { zone, item, min } => f(&item_kinds::ItemKinds { zone, item, min }),
        Check::Topics { zone, item, topics } => f(&topics::Topics { zone, item, topics }),
        Check::AgeBands { zone, bands } => f(&age_bands::AgeBands { zone, bands }),
        Check::StaffCount {
            role,
            qualification,
            min,
            distinct_from,
        } => f(&staff_count::StaffCount {
            role,
            qualification,
            min,
            distinct_from,
        }),
        Check::StaffAny {
            roles,
            min,
            distinct_from,
        } => f(&staff_any::StaffAny {
            roles,
            min,
            distinct_from,
        }),
        Check::Operation { modes } => f(&operation::Operation { modes }),
        Check::Service {
            service,
            max_age_days,
        } => f(&service::Service {
            service,
            max_age_days: *max_age_days,
        }),
        Check::Option { evidence } => f(&option::OptionKind {
            evidence: *evidence,
        }),
    }
}
