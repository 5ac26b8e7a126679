//! The survey template of a level as data: sections of rows, each row a value for the surveyor
//! to fill in, with what the standard requires there. The requirement kinds (`kinds`) each add
//! their rows; `form` renders the template as an inventory file or a workbook.

use crate::i18n::Text;

/// A survey template for one level of one standard.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// The standard (`id@version`).
    pub standard: String,
    /// The SHA-256 of the standard's resolved text
    /// ([`Standard::digest`](crate::model::standard::Standard::digest)), for the inventory's
    /// `standard_sha256:` key: the form is judged against that very text.
    pub standard_sha256: String,
    /// The standard's title.
    pub standard_title: Text,
    /// Level id.
    pub level: String,
    /// The level's name.
    pub level_name: Text,
    /// Sections in inventory order: facility, survey, operation, floor area, staff, one per
    /// zone, services, capacity.
    pub sections: Vec<Section>,
}

/// A group of rows: a mapping of the inventory (`facility`, `zones.reading_area`, …).
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// What kind of section it is.
    pub kind: SectionKind,
    /// The key path of the mapping its rows live in (`["zones", "reading_area"]`; empty for
    /// top-level rows).
    pub key: Vec<String>,
    /// Its title.
    pub title: Text,
    /// The article that asks for it (a zone's), when there is one.
    pub clause: Option<String>,
    /// Its rows.
    pub rows: Vec<Row>,
}

/// The kinds of section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    /// `facility:` — identity.
    Facility,
    /// `survey:` — who, when.
    Survey,
    /// `operation:` — how it is run.
    Operation,
    /// `floor_area_m2`.
    FloorArea,
    /// `staff:` — one row per role the standard counts.
    Staff,
    /// A zone under `zones:` (absent from the facility: delete it, it then counts as 0).
    Zone,
    /// `services:` — one row per service (duty).
    Services,
    /// `capacity:` — sizes a threshold scales by.
    Capacity,
}

/// One value for the surveyor to fill in.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Its key path in the inventory (`["zones", "reading_area", "equipment", "bookshelf"]`;
    /// `["staff", ROLE]` and `["services", SERVICE]` name a list entry). A count is the item's
    /// value, or its `count` when the item also has kinds or topics (`[…, ITEM, "kinds"]`).
    pub key: Vec<String>,
    /// What it is.
    pub label: Text,
    /// What is written there.
    pub kind: RowKind,
    /// What the standard requires, in words (`≥ 4 组` / `≥ 4 sets`).
    pub required: Option<Text>,
    /// The constant minimum of a numeric requirement (None when it scales with a capacity).
    pub min: Option<f64>,
    /// The unit.
    pub unit: Option<Text>,
    /// The article.
    pub clause: Option<String>,
    /// A value the template fills in (the level, the standard, the survey kind, the id).
    pub value: Option<String>,
}

/// What a row holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// Free text.
    Text,
    /// A date, YYYY-MM-DD.
    Date,
    /// One of these ids.
    Choice {
        /// The ids.
        options: Vec<String>,
        /// The ones the standard asks for (empty: any).
        accepted: Vec<String>,
    },
    /// An area in m².
    Area,
    /// An item's count.
    Count,
    /// An item's number of kinds.
    Kinds,
    /// An item's topics, which must include these.
    Topics {
        /// Topic ids.
        topics: Vec<String>,
    },
    /// A zone's age bands, which must include these.
    AgeBands {
        /// Bands (`0-3`).
        bands: Vec<String>,
    },
    /// Staff of a role (holding a qualification): one list entry per person.
    Staff {
        /// Role id.
        role: String,
        /// Qualification id.
        qualification: Option<String>,
    },
    /// A service provided (an entry of `services`).
    Service {
        /// Service id.
        service: String,
    },
    /// A capacity (a named size) a threshold scales by.
    Capacity,
}

impl Row {
    /// A row at a key path, with nothing required and nothing filled in.
    #[must_use]
    pub fn new(key: &[&str], label: Text, kind: RowKind) -> Self {
        Row {
            key: key.iter().map(|k| (*k).to_owned()).collect(),
            label,
            kind,
            required: None,
            min: None,
            unit: None,
            clause: None,
            value: None,
        }
    }
}
