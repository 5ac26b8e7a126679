//! One function per requirement kind.

use serde_json::{Value, json};

use super::{Finding, Gap, Status};
use crate::model::inventory::{Inventory, Item, Zone};
use crate::model::standard::{AgeBand, Check, OptionEvidence, Requirement, Threshold};
use crate::source::Location;

/// Evaluates one requirement (the `index`-th of its level) against an inventory.
#[must_use]
pub fn evaluate_requirement(inv: &Inventory, r: &Requirement, index: usize) -> Finding {
    let mut f = Finding {
        requirement: r.id.clone(),
        index,
        clause: r.clause.clone(),
        status: Status::Pass,
        severity: r.severity,
        expected: Value::Null,
        actual: Value::Null,
        gap: Gap::None,
        margin: None,
        location: None,
        waiver: None,
        waiver_expired: false,
    };
    match &r.check {
        Check::FloorArea { min } => floor_area(inv, min, &mut f),
        Check::Zone { zone } => zone_present(inv, zone, &mut f),
        Check::Equipment { zone, item, min } => {
            item_number(inv, zone, item, min, Number::Count, &mut f);
        }
        Check::Kinds { zone, item, min } => {
            item_number(inv, zone, item, min, Number::Kinds, &mut f);
        }
        Check::Topics { zone, item, topics } => item_topics(inv, zone, item, topics, &mut f),
        Check::AgeBands { zone, bands } => age_bands(inv, zone, bands, &mut f),
        Check::StaffCount {
            role,
            qualification,
            min,
        } => {
            staff(
                inv,
                min,
                |m| {
                    m.role == *role
                        && qualification
                            .as_ref()
                            .is_none_or(|q| m.qualifications.contains(q))
                },
                &mut f,
            );
        }
        Check::StaffAny { roles, min } => staff(inv, min, |m| roles.contains(&m.role), &mut f),
        Check::Operation { modes } => operation(inv, modes, &mut f),
        Check::Service { service } => service_provided(inv, service, &mut f),
        Check::Option { evidence } => option(inv, *evidence, &mut f),
    }
    f
}

fn not_surveyed(f: &mut Finding, key: impl Into<String>, loc: Option<Location>) {
    f.status = Status::NotAssessed;
    f.gap = Gap::NotSurveyed { key: key.into() };
    f.location = loc;
    f.actual = Value::Null;
}

fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        // Whole numbers print without a fraction (200, not 200.0).
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// Resolves a threshold; on a missing capacity marks the finding not assessed.
fn resolve(inv: &Inventory, min: &Threshold, f: &mut Finding, integral: bool) -> Option<f64> {
    match min.resolve(&|name| inv.capacity(name)) {
        Ok(v) => {
            let v = if integral { v.ceil() } else { v };
            f.expected = number(v);
            Some(v)
        }
        Err(name) => {
            f.status = Status::NotAssessed;
            f.gap = Gap::NoCapacity {
                capacity: name.to_owned(),
            };
            None
        }
    }
}

fn compare(f: &mut Finding, actual: f64, min: f64) {
    f.actual = number(actual);
    f.margin = Some(actual - min);
    if actual >= min {
        f.status = Status::Pass;
        f.gap = Gap::None;
    } else {
        f.status = Status::Fail;
        f.gap = Gap::Short {
            amount: min - actual,
        };
    }
}

fn floor_area(inv: &Inventory, min: &Threshold, f: &mut Finding) {
    let Some(min) = resolve(inv, min, f, false) else {
        f.location = inv.floor_area.loc;
        return;
    };
    match inv.floor_area.value {
        Some(a) => {
            f.location = inv.floor_area.loc;
            compare(f, a, min);
        }
        None => not_surveyed(f, "floor_area_m2", inv.floor_area.loc),
    }
}

/// The zone, or the finding's outcome when it is absent or not surveyed: `Err(true)` when the
/// zones were surveyed and the zone is missing (a fail, located in `f`), `Err(false)` when not
/// surveyed. On a survey form, only a zone whose sheet says 无 is missing; one left blank, or
/// without a sheet, was not surveyed.
fn find_zone<'a>(inv: &'a Inventory, zone: &str, f: &mut Finding) -> Result<&'a Zone, bool> {
    let Some(zones) = &inv.zones.value else {
        not_surveyed(f, "zones", inv.zones.loc);
        return Err(false);
    };
    if let Some(z) = zones.iter().find(|z| z.id == zone) {
        return Ok(z);
    }
    let Some(form) = &inv.form_zones else {
        f.location = inv.zones.loc;
        return Err(true);
    };
    if let Some((_, loc)) = form.absent.iter().find(|(id, _)| id == zone) {
        f.location = *loc;
        return Err(true);
    }
    let loc = form
        .blank
        .iter()
        .find(|(id, _)| id == zone)
        .map_or(inv.zones.loc, |(_, loc)| *loc);
    not_surveyed(f, format!("zones.{zone}"), loc);
    Err(false)
}

fn zone_present(inv: &Inventory, zone: &str, f: &mut Finding) {
    f.expected = json!(true);
    match find_zone(inv, zone, f) {
        Ok(z) => {
            f.actual = json!(true);
            f.location = z.key_loc;
        }
        Err(true) => {
            f.status = Status::Fail;
            f.actual = json!(false);
            f.gap = Gap::ZoneMissing;
        }
        Err(false) => {}
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Number {
    Count,
    Kinds,
}

/// Why an item was not found.
enum NoItem {
    /// Surveyed and absent (it, or its zone): counts as zero, at this location.
    Zero(Option<Location>),
    /// Not surveyed: the finding is already marked not assessed.
    NotSurveyed,
}

/// The item in a surveyed zone's surveyed equipment, or why there is none.
fn find_item<'a>(
    inv: &'a Inventory,
    zone: &str,
    item: &str,
    f: &mut Finding,
) -> Result<&'a Item, NoItem> {
    let z = match find_zone(inv, zone, f) {
        Ok(z) => z,
        Err(true) => return Err(NoItem::Zero(f.location)),
        Err(false) => return Err(NoItem::NotSurveyed),
    };
    let Some(items) = &z.equipment.value else {
        not_surveyed(
            f,
            format!("zones.{zone}.equipment"),
            z.equipment.loc.or(z.key_loc),
        );
        return Err(NoItem::NotSurveyed);
    };
    items
        .iter()
        .find(|i| i.id == item)
        .ok_or(NoItem::Zero(z.key_loc.or(z.equipment.loc)))
}

fn item_number(
    inv: &Inventory,
    zone: &str,
    item: &str,
    min: &Threshold,
    which: Number,
    f: &mut Finding,
) {
    let Some(min) = resolve(inv, min, f, true) else {
        return;
    };
    match find_item(inv, zone, item, f) {
        Ok(i) => {
            let field = if which == Number::Count {
                &i.count
            } else {
                &i.kinds
            };
            match field.value {
                // Counts are far below 2^53: exact in f64.
                #[allow(clippy::cast_precision_loss)]
                Some(n) => {
                    f.location = field.loc.or(i.key_loc);
                    compare(f, n as f64, min);
                }
                None => {
                    let key = if which == Number::Count { "" } else { ".kinds" };
                    not_surveyed(
                        f,
                        format!("zones.{zone}.equipment.{item}{key}"),
                        field.loc.or(i.key_loc),
                    );
                }
            }
        }
        Err(NoItem::Zero(loc)) => {
            f.location = loc;
            compare(f, 0.0, min);
        }
        Err(NoItem::NotSurveyed) => {}
    }
}

fn item_topics(inv: &Inventory, zone: &str, item: &str, topics: &[String], f: &mut Finding) {
    f.expected = json!(topics);
    let have: &[String] = match find_item(inv, zone, item, f) {
        Ok(i) => match &i.topics.value {
            Some(t) => {
                f.location = i.topics.loc.or(i.key_loc);
                t
            }
            None => {
                return not_surveyed(
                    f,
                    format!("zones.{zone}.equipment.{item}.topics"),
                    i.topics.loc.or(i.key_loc),
                );
            }
        },
        Err(NoItem::Zero(loc)) => {
            f.location = loc;
            &[]
        }
        Err(NoItem::NotSurveyed) => return,
    };
    f.actual = json!(have);
    let missing: Vec<String> = topics
        .iter()
        .filter(|t| !have.contains(t))
        .cloned()
        .collect();
    if missing.is_empty() {
        f.status = Status::Pass;
    } else {
        f.status = Status::Fail;
        f.gap = Gap::Missing { names: missing };
    }
}

fn age_bands(inv: &Inventory, zone: &str, bands: &[AgeBand], f: &mut Finding) {
    f.expected = json!(bands.iter().map(ToString::to_string).collect::<Vec<_>>());
    let have: &[AgeBand] = match find_zone(inv, zone, f) {
        Ok(z) => match &z.age_bands.value {
            Some(b) => {
                f.location = z.age_bands.loc.or(z.key_loc);
                b
            }
            None => {
                return not_surveyed(
                    f,
                    format!("zones.{zone}.age_bands"),
                    z.age_bands.loc.or(z.key_loc),
                );
            }
        },
        Err(true) => &[],
        Err(false) => return,
    };
    f.actual = json!(have.iter().map(ToString::to_string).collect::<Vec<_>>());
    let missing: Vec<String> = bands
        .iter()
        .filter(|b| !have.contains(b))
        .map(ToString::to_string)
        .collect();
    if missing.is_empty() {
        f.status = Status::Pass;
    } else {
        f.status = Status::Fail;
        f.gap = Gap::Missing { names: missing };
    }
}

fn staff(
    inv: &Inventory,
    min: &Threshold,
    counts: impl Fn(&crate::model::inventory::StaffMember) -> bool,
    f: &mut Finding,
) {
    let Some(min) = resolve(inv, min, f, true) else {
        return;
    };
    match &inv.staff.value {
        Some(list) => {
            f.location = inv.staff.loc;
            #[allow(clippy::cast_precision_loss)]
            compare(f, list.iter().filter(|m| counts(m)).count() as f64, min);
        }
        None => not_surveyed(f, "staff", inv.staff.loc),
    }
}

fn operation(inv: &Inventory, modes: &[String], f: &mut Finding) {
    f.expected = json!(modes);
    match &inv.operation_mode.value {
        Some(m) => {
            f.actual = json!(m);
            f.location = inv.operation_mode.loc;
            if modes.contains(m) {
                f.status = Status::Pass;
            } else {
                f.status = Status::Fail;
                f.gap = Gap::WrongMode;
            }
        }
        None => not_surveyed(
            f,
            if inv.operation_loc.is_some() {
                "operation.mode"
            } else {
                "operation"
            },
            inv.operation_mode.loc,
        ),
    }
}

fn service_provided(inv: &Inventory, service: &str, f: &mut Finding) {
    f.expected = json!(true);
    match &inv.services.value {
        Some(list) => match list.iter().find(|(s, _)| s == service) {
            Some((_, loc)) => {
                f.actual = json!(true);
                f.location = *loc;
            }
            None => {
                f.actual = json!(false);
                f.status = Status::Fail;
                f.gap = Gap::ServiceMissing;
                f.location = inv.services.loc;
            }
        },
        None => not_surveyed(f, "services", inv.services.loc),
    }
}

fn option(inv: &Inventory, evidence: OptionEvidence, f: &mut Finding) {
    // A permitted option (可) is met either way: the finding records whether it is used.
    f.status = Status::Pass;
    match evidence {
        OptionEvidence::CoLocatedWith => {
            f.actual = inv
                .facility
                .co_located_with
                .value
                .as_ref()
                .map_or(Value::Null, |v| json!(v));
            f.location = inv.facility.co_located_with.loc;
        }
        OptionEvidence::Operation => {
            f.actual = inv
                .operation_mode
                .value
                .as_ref()
                .map_or(Value::Null, |v| json!(v));
            f.location = inv.operation_mode.loc;
        }
    }
}
