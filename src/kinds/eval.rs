//! Reading an inventory, for the kinds' evaluations: what evaluating may look at, a
//! threshold resolved, a number compared, a zone or an item found (or why not), and the
//! counting of people that the staff kinds share.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::model::finding::{CountedElsewhere, Detail, Finding, Gap, Need, NeedKey, Status};
use crate::model::inventory::{Inventory, Item, StaffMember, Zone};
use crate::model::standard::{Check, Level, Requirement, Terms, Threshold};
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

/// Marks the finding not assessed: the inventory key that would hold the evidence, and where.
pub fn not_surveyed(f: &mut Finding, key: impl Into<String>, loc: Option<Location>) {
    f.status = Status::NotAssessed;
    f.gap = Gap::NotSurveyed { key: key.into() };
    f.location = loc;
    f.actual = Value::Null;
}

/// A number as the JSON report writes it.
pub fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        // Whole numbers print without a fraction (200, not 200.0).
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// Resolves a threshold; on a missing capacity marks the finding not assessed.
pub fn resolve(inv: &Inventory, min: &Threshold, f: &mut Finding, integral: bool) -> Option<f64> {
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

/// Compares what the inventory shows with the minimum: a pass, or a fail short by the rest.
pub fn compare(f: &mut Finding, actual: f64, min: f64) {
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

/// The zone, or the finding's outcome when it is absent or not surveyed: `Err(true)` when the
/// zones were surveyed and the zone is missing (a fail, located in `f`), `Err(false)` when not
/// surveyed. On a survey form, only a zone whose sheet says 无 is missing; one left blank, or
/// without a sheet, was not surveyed.
///
/// # Errors
/// Whether the zone is missing (`true`) or not surveyed (`false`).
pub fn find_zone<'a>(inv: &'a Inventory, zone: &str, f: &mut Finding) -> Result<&'a Zone, bool> {
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

/// Which number of an item a requirement compares.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Number {
    /// How many pieces.
    Count,
    /// How many kinds.
    Kinds,
}

/// Why an item was not found.
pub enum NoItem {
    /// Surveyed and absent (it, or its zone): counts as zero, at this location.
    Zero(Option<Location>),
    /// Not surveyed: the finding is already marked not assessed.
    NotSurveyed,
}

/// The item in a surveyed zone's surveyed equipment, or why there is none.
///
/// # Errors
/// Why there is no item: absent (zero), or not surveyed.
pub fn find_item<'a>(
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

/// Compares an item's count or kinds in a zone with `min` (an absent item counts zero).
pub fn item_number(
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

/// Whether a person counts toward a staff requirement, apart from `distinct_from`.
fn eligible(check: &Check, roles: &Terms, m: &StaffMember) -> bool {
    super::with(check, |k| k.counts(roles, m))
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
    let need = super::with(&r.check, |k| {
        k.min().map_or(0, |min| {
            min.resolve(&|name| cx.inv.capacity(name))
                .map_or(1, |v| v.ceil().max(0.0) as usize)
        })
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

/// Counts the people toward a staff requirement (those another requirement takes by
/// `distinct_from` left out) and compares the count with `min`.
pub fn staff(cx: &Context<'_>, r: &Requirement, min: &Threshold, f: &mut Finding) {
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
    let target = super::with(&r.check, |k| k.distinct_from().map(str::to_owned));
    if let Some(other) = target.and_then(|id| cx.level.requirements.iter().find(|x| x.id == id)) {
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
        .filter(|x| super::with(&x.check, |k| k.distinct_from() == Some(r.id.as_str())))
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

/// The need of a finding short by an amount: `key`, that much of it (none otherwise).
pub fn short_by(f: &Finding, key: NeedKey) -> Vec<Need> {
    match f.gap {
        Gap::Short { amount } => vec![Need { key, amount }],
        _ => Vec::new(),
    }
}

/// The need of a finding with the gap `gap`: one `key` (none otherwise).
pub fn one_if(f: &Finding, gap: &Gap, key: impl FnOnce() -> NeedKey) -> Vec<Need> {
    if &f.gap == gap {
        vec![Need {
            key: key(),
            amount: 1.0,
        }]
    } else {
        Vec::new()
    }
}
