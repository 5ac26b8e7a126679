//! # sitecheck
//!
//! Checks children's protection facilities against declarative facility standards.
//!
//! Data flows one way, and the modules are listed in that order; each uses only those before
//! it (`tests/architecture.rs` keeps it so; `docs/architecture.md` draws the picture):
//!
//! 1. [`limits`] — every bound on an input, named once;
//! 2. [`i18n`] — the two languages;
//! 3. [`source`] — loaded texts and positions in them;
//! 4. [`diagnostic`] — a [`diagnostic::Problem`]: plain bilingual data with a location;
//! 5. [`load`] — text → raw structs with spans (YAML/JSON), the parser's limits, the schema pass;
//! 6. [`model`] — the validated [`model::standard::Standard`], [`model::inventory::Inventory`]
//!    and waivers, and the [`model::finding::Finding`] an evaluation produces;
//! 7. [`kinds`] — the requirement kinds: one module each (keys, building, evaluation, needs)
//!    and one table;
//! 8. [`registry`] — the built-in standards and standard files, building a standard,
//!    `extends`, editions;
//! 9. [`input`] — an inventory (or waiver file) with the standard it is checked against;
//! 10. [`check`] — pure evaluation: standard × inventory → [`check::Assessment`];
//! 11. [`report`] — one renderer per output format;
//! 12. [`form`] — survey forms: the template, the `.xlsx` writer and reader;
//! 13. [`cli`] — the only module that touches files, stdout, the environment and exit codes.
//!
//! The library never prints and never exits.

pub mod limits;
pub mod i18n;
pub mod source;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod kinds;
pub mod registry;
pub mod input;
pub mod check;
pub mod report;
pub mod form;
pub mod cli;
