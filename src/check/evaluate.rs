//! One function per requirement kind.

use serde_json::{Value, json};

use chrono::NaiveDate;

use super::{CountedElsewhere, Detail, Finding, Gap, MergedBand, Status};
use crate::model::inventory::{Inventory, Item, StaffMember, Zone};
use crate::model::standard::{
    AgeBand, Check, Level, OptionEvidence, Requirement, Terms, Threshold,
};
use crate::source::Location;

/// What evaluating a requirement may look at besides the requirement itself.
pub struct Context<'a> {
    /// The inventory.
    pub inv: &'a Inventory,
    /// The standard's roles (which count as staffing).
    pub roles: &'a Terms,
    /// The facility's level, for requirements that relate to one another (`distinct_from`).
    pub level: &'a Level,
    /// The evaluation date (how old a duty's record is).
    pub date: NaiveDate,
}

/// Evaluates one requirement (the `index`-th of its level) against an inventory.
#[must_use]
pub fn evaluate_requirement(cx: &Context<'_>, r: &Requirement, index: usize) -> Finding {
    let inv = cx.inv;
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
        detail: Detail::None,
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
        Check::StaffCount { min, .. } | Check::StaffAny { min, .. } => staff(cx, r, min, &mut f),
        Check::Operation { modes } => operation(inv, modes, &mut f),
        Check::Service {
            service,
            max_age_days,
        } => service_provided(cx, service, *max_age_days, &mut f),
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
    let (missing, merged) = band_coverage(bands, have);
    if missing.is_empty() && merged.is_empty() {
        f.status = Status::Pass;
    } else if merged.is_empty() {
        f.status = Status::Fail;
        f.gap = Gap::Missing { names: missing };
    } else {
        f.status = Status::Fail;
        f.gap = Gap::BandsMerged { merged, missing };
    }
}

/// Art. 17(3)'s reading of 围绕0-3岁、3-6岁、6-12岁、12-18岁等: the declared bands must together
/// cover each listed band, and none may cross a boundary between two listed bands (finer bands
/// pass: 6-9 and 9-12 cover 6-12). Returns the listed bands not covered and the declared bands
/// that merge listed ones.
fn band_coverage(listed: &[AgeBand], declared: &[AgeBand]) -> (Vec<String>, Vec<MergedBand>) {
    // Boundaries between two listed bands: where one ends and another begins.
    let boundaries: Vec<u32> = listed
        .iter()
        .map(|b| b.hi)
        .filter(|x| listed.iter().any(|c| c.lo == *x))
        .collect();
    let mut merged = Vec::new();
    for d in declared {
        if boundaries.iter().any(|x| d.lo < *x && *x < d.hi) {
            let spans: Vec<String> = listed
                .iter()
                .filter(|b| d.lo < b.hi && b.lo < d.hi)
                .map(ToString::to_string)
                .collect();
            let m = MergedBand {
                declared: d.to_string(),
                bands: spans,
            };
            if !merged.contains(&m) {
                merged.push(m);
            }
        }
    }
    let missing = listed
        .iter()
        .filter(|b| !covered(**b, declared))
        .map(ToString::to_string)
        .collect();
    (missing, merged)
}

/// Whether the declared bands together cover `[b.lo, b.hi]`.
fn covered(b: AgeBand, declared: &[AgeBand]) -> bool {
    let mut parts: Vec<(u32, u32)> = declared
        .iter()
        .filter(|d| d.lo < b.hi && b.lo < d.hi)
        .map(|d| (d.lo.max(b.lo), d.hi.min(b.hi)))
        .collect();
    parts.sort_unstable();
    let mut reach = b.lo;
    for (lo, hi) in parts {
        if lo > reach {
            return false;
        }
        reach = reach.max(hi);
    }
    reach >= b.hi
}

/// Whether a person counts toward a staff requirement, apart from `distinct_from`.
fn eligible(check: &Check, roles: &Terms, m: &StaffMember) -> bool {
    match check {
        Check::StaffCount {
            role,
            qualification,
            ..
        } => {
            let in_role = match role {
                Some(role) => m.has_role(role),
                // Any role that is staffing (人员配备): a volunteer is not.
                None => m
                    .roles
                    .iter()
                    .any(|r| roles.get(r).is_none_or(|t| t.staffing)),
            };
            in_role
                && qualification
                    .as_ref()
                    .is_none_or(|q| m.qualifications.contains(q))
        }
        Check::StaffAny { roles: any, .. } => any.iter().any(|r| m.has_role(r)),
        Check::FloorArea { .. }
        | Check::Zone { .. }
        | Check::Equipment { .. }
        | Check::Kinds { .. }
        | Check::Topics { .. }
        | Check::AgeBands { .. }
        | Check::Operation { .. }
        | Check::Service { .. }
        | Check::Option { .. } => false,
    }
}

/// The people a requirement that is `distinct_from` another takes: first those only it can
/// count, then, of those both could count, only as many as it still needs (so the other keeps
/// the rest), each in the inventory's order.
fn taken_by(
    cx: &Context<'_>,
    r: &Requirement,
    other: &Requirement,
    list: &[StaffMember],
) -> Vec<usize> {
    let need = r.check.staff_min().map_or(0, |min| {
        min.resolve(&|name| cx.inv.capacity(name))
            .map_or(1, |v| v.ceil().max(0.0) as usize)
    });
    let mine: Vec<usize> = (0..list.len())
        .filter(|&i| eligible(&r.check, cx.roles, &list[i]))
        .collect();
    let (only, both): (Vec<usize>, Vec<usize>) = mine
        .into_iter()
        .partition(|&i| !eligible(&other.check, cx.roles, &list[i]));
    let extra = need.saturating_sub(only.len());
    let mut taken = only;
    taken.extend(both.into_iter().take(extra));
    taken.sort_unstable();
    taken
}

fn staff(cx: &Context<'_>, r: &Requirement, min: &Threshold, f: &mut Finding) {
    let inv = cx.inv;
    let Some(min) = resolve(inv, min, f, true) else {
        return;
    };
    let Some(list) = &inv.staff.value else {
        return not_surveyed(f, "staff", inv.staff.loc);
    };
    f.location = inv.staff.loc;
    let mut counted: Vec<usize> = (0..list.len())
        .filter(|&i| eligible(&r.check, cx.roles, &list[i]))
        .collect();
    let mut elsewhere = Vec::new();
    // This requirement is in addition to another: it takes only what it needs of the people
    // both could count.
    if let Some(other) = r
        .check
        .distinct_from()
        .and_then(|id| cx.level.requirements.iter().find(|x| x.id == id))
    {
        let taken = taken_by(cx, r, other, list);
        for i in counted.iter().filter(|i| !taken.contains(i)) {
            elsewhere.push(CountedElsewhere {
                person: list[*i].label(),
                requirement: other.id.clone(),
            });
        }
        counted = taken;
    }
    // Another requirement is in addition to this one: the people it takes are not counted here.
    for other in cx
        .level
        .requirements
        .iter()
        .filter(|x| x.check.distinct_from() == Some(r.id.as_str()))
    {
        let taken = taken_by(cx, other, r, list);
        counted.retain(|i| {
            let keep = !taken.contains(i);
            if !keep {
                elsewhere.push(CountedElsewhere {
                    person: list[*i].label(),
                    requirement: other.id.clone(),
                });
            }
            keep
        });
    }
    #[allow(clippy::cast_precision_loss)]
    compare(f, counted.len() as f64, min);
    f.detail = Detail::Staff {
        counted: counted.iter().map(|&i| list[i].label()).collect(),
        counted_elsewhere: elsewhere,
    };
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

fn service_provided(cx: &Context<'_>, service: &str, max_age_days: Option<u32>, f: &mut Finding) {
    let inv = cx.inv;
    f.expected = json!(true);
    let Some(list) = &inv.services.value else {
        return not_surveyed(f, "services", inv.services.loc);
    };
    let Some(rec) = list.iter().find(|s| s.id == service) else {
        f.actual = json!(false);
        f.status = Status::Fail;
        f.gap = Gap::ServiceMissing;
        f.location = inv.services.loc;
        return;
    };
    f.location = rec.loc;
    if rec.record.is_some() || rec.last_done.is_some() {
        f.detail = Detail::Record {
            record: rec.record.clone(),
            last_done: rec.last_done.clone(),
        };
    }
    match rec.provided {
        None => not_surveyed(f, format!("services.{service}"), rec.loc),
        Some(false) => {
            f.actual = json!(false);
            f.status = Status::Fail;
            f.gap = Gap::ServiceMissing;
        }
        Some(true) => {
            f.actual = json!(true);
            let Some(max) = max_age_days else { return };
            let done = rec
                .last_done
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            match done {
                None => not_surveyed(
                    f,
                    format!("services.{service}.last_done"),
                    rec.last_done_loc.or(rec.loc),
                ),
                // A record dated after the evaluation date cannot be judged: not assessed.
                Some(d) if d > cx.date => not_surveyed(
                    f,
                    format!("services.{service}.last_done"),
                    rec.last_done_loc.or(rec.loc),
                ),
                Some(d) => {
                    let days = (cx.date - d).num_days();
                    f.location = rec.last_done_loc.or(rec.loc);
                    if days > i64::from(max) {
                        f.status = Status::Fail;
                        f.gap = Gap::Stale { days, max };
                    }
                }
            }
        }
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
