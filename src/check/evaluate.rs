//! Evaluating one requirement: a finding that starts as a pass with nothing expected or found,
//! filled in by the requirement's kind (`kinds`).

use serde_json::Value;

use super::{Detail, Finding, Gap, Status};
use crate::model::standard::Requirement;

pub use crate::kinds::Context;

/// Evaluates one requirement (the `index`-th of its level) against an inventory.
#[must_use]
pub fn evaluate_requirement(cx: &Context<'_>, r: &Requirement, index: usize) -> Finding {
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
        order: None,
        baseline: None,
        baseline_changed: false,
        detail: Detail::None,
    };
    crate::kinds::with(&r.check, |k| k.evaluate(cx, r, &mut f));
    f
}
