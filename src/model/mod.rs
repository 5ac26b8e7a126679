//! Model: the validated standard, inventory and waivers that the checks work on, and the
//! JSON Schemas of the files.

pub mod cases;
pub mod finding;
pub mod inventory;
pub mod orders;
pub mod roster;
pub mod schema;
pub mod standard;
pub mod template;
pub mod waivers;

/// Whether `s` is a real calendar date written `YYYY-MM-DD`.
#[must_use]
pub fn is_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}
