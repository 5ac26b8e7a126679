//! # sitecheck
//!
//! Checks children's protection facilities against declarative facility standards.
//!
//! Data flows one way, and the modules are listed in that order:
//!
//! 1. [`source`] — loaded texts and positions in them;
//! 2. [`load`] — text → raw structs with spans (YAML/JSON), load errors as [`diagnostic::Problem`]s;
//! 3. [`model`] — the validated [`model::standard::Standard`], [`model::inventory::Inventory`] and waivers;
//! 4. [`registry`] — the built-in standards and standard files;
//! 5. [`check`] — pure evaluation: standard × inventory → [`check::Assessment`];
//! 6. [`report`] — one renderer per output format;
//! 7. [`cli`] — the only module that touches files, stdout, the environment and exit codes.
//!
//! The library never prints and never exits.

pub mod limits;
pub mod source;
pub mod i18n;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod registry;
pub mod input;
pub mod check;
pub mod report;
pub mod cli;
