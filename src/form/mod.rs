//! Survey forms, one concept in one place: the layout both sides share ([`layout`]), the
//! model of a level's fill-in form built from the standard ([`template`]: the YAML template and
//! the workbook are two renderings of it), the `.xlsx` writer (module [`self::write`]) and reader
//! ([`read`]), and [`load`]: a filled form → its validated inventory.
//!
//! Loading: the validated inventory of a survey form (`.xlsx`): the workbook read by [`read`]
//! and resolved by the same path as an inventory file ([`crate::input::load_raw`]), so that
//! aliases, typos and vocabulary errors behave alike; then what its zone sheets say about the
//! zones that are not there (无) or were not surveyed (left blank). A zone sheet deleted from
//! the level's form is an error: a deletion cannot tell 无 from not surveyed.

pub mod layout;
pub mod orders;
pub mod read;
pub mod roster;
pub mod template;
pub mod write;

use std::sync::Arc;

use crate::diagnostic::Problem;
use crate::input::StandardChoice;
use crate::model::inventory::{FormZones, Inventory};
use crate::model::standard::Standard;
use crate::source::SourceText;
use read::Presence;

/// What loading a form gives: its source (sheet names, for locations) and the inventory with
/// its standard, or every problem.
pub type Loaded = (SourceText, Result<(Inventory, Arc<Standard>), Vec<Problem>>);

/// A survey form's bytes → its source and validated inventory.
pub fn load(name: &str, bytes: &[u8], choice: &StandardChoice) -> Loaded {
    let wb = match read::read_workbook(bytes) {
        Ok(wb) => wb,
        Err(e) => {
            return (
                SourceText::spreadsheet(name, e.sheet_names, bytes),
                Err(vec![e.problem]),
            );
        }
    };
    let (form, mut problems) = read::read(&wb);
    let src = SourceText::spreadsheet(name, form.sheet_names.clone(), bytes);
    let f = &form.raw.facility.value;
    if f.id.value.is_empty() || f.level.value.is_empty() {
        // Without a level there is no standard to resolve names against.
        return (src, Err(sorted(problems)));
    }
    match crate::input::load_raw(&form.raw, "", choice) {
        Ok((mut inv, standard)) => {
            problems.extend(deleted_zone_sheets(&inv, &standard));
            if !problems.is_empty() {
                return (src, Err(sorted(problems)));
            }
            apply_zone_sheets(&mut inv, &form.zones, form.sheet_names.clone());
            (src, Ok((inv, standard)))
        }
        Err(more) => {
            problems.extend(more);
            (src, Err(sorted(problems)))
        }
    }
}

/// A zone sheet of the level's form that is not in the workbook: an error at the level cell.
/// Deleting a sheet would otherwise say one thing on a form (not surveyed) and the opposite
/// in a YAML template (a zone deleted from `zones:` is missing), so the inspector is told to
/// say which: 无 in its presence cell, or its cells left blank. `inv.zones` holds every zone
/// sheet read, before [`apply_zone_sheets`] sorts them.
fn deleted_zone_sheets(inv: &Inventory, standard: &Standard) -> Vec<Problem> {
    use crate::diagnostic::Code;
    use crate::i18n::Text;
    let level = &inv.facility.level;
    let have: Vec<&str> = inv
        .zones
        .value
        .iter()
        .flatten()
        .map(|z| z.id.as_str())
        .collect();
    let level_name = standard
        .vocabulary
        .levels
        .name(level, crate::i18n::Lang::Zh);
    let level_en = standard
        .vocabulary
        .levels
        .name(level, crate::i18n::Lang::En);
    template::build(standard, level)
        .sections
        .iter()
        .filter(|s| s.kind == template::SectionKind::Zone)
        .filter_map(|s| s.key.get(1).map(|id| (id, &s.title)))
        .filter(|(id, _)| !have.contains(&id.as_str()))
        .map(|(_, title)| {
            Problem::new(
                Code::MissingSheet,
                Text::new(
                    format!(
                        "{level_name}核查表缺少“{}”工作表：删除工作表不能表示没有该功能区",
                        title.zh
                    ),
                    format!(
                        "the {level_en} form has no “{}” ({}) sheet: deleting a zone's sheet does not say the zone is not there",
                        title.zh, title.en
                    ),
                ),
                inv.facility.level_loc,
            )
            .with_help(Text::new(
                "请恢复该工作表（可重新用 sitecheck init --format xlsx 生成）：没有该功能区时在“设置情况”填 无，未核查时整表留空",
                "put the sheet back (sitecheck init --format xlsx writes it): write 无 in its Zone present cell if the zone is not there, or leave its cells blank if it was not surveyed",
            ))
        })
        .collect()
}

/// Every problem in the order of the workbook: by sheet, then row, then column.
fn sorted(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort_by_key(|p| p.location.map(|l| (l.sheet, l.line, l.column)));
    problems
}

/// Takes the zones whose sheet says 无 or was left blank out of `zones` (the reader listed
/// every zone sheet there, so that its name was resolved like any zone key); when no sheet
/// says anything, the zones were not surveyed at all.
fn apply_zone_sheets(
    inv: &mut Inventory,
    marks: &[(Presence, crate::source::Location)],
    sheets: Vec<String>,
) {
    let mut form = FormZones {
        sheets,
        ..FormZones::default()
    };
    if let Some(zones) = inv.zones.value.take() {
        // Resolution succeeded, so every sheet gave exactly one zone, in order.
        let mut kept = Vec::new();
        for (z, (presence, at)) in zones.into_iter().zip(marks) {
            match presence {
                Presence::Present => kept.push(z),
                Presence::Absent => form.absent.push((z.id, Some(*at))),
                Presence::Blank => form.blank.push((z.id, Some(*at))),
            }
        }
        let surveyed = marks.iter().any(|(p, _)| *p != Presence::Blank);
        if surveyed {
            inv.zones.value = Some(kept);
        } else {
            inv.zones.loc = form.blank.first().and_then(|(_, at)| *at);
        }
    }
    inv.form_zones = Some(form);
}
