//! The accepted ranges of capacity figures, and the error that names the field and the range.

use crate::domain::numbers::echo;
use crate::domain::{FieldError, FieldResult};

/// The accepted range of one capacity figure. Besides `min..=max`, a figure other than 0
/// must be at least `smallest` in size: a subnormal such as 1e-320 is a typo or a probe, and
/// would read as "0" while its arithmetic says otherwise.
pub(super) struct Bound {
    min: f64,
    max: f64,
    smallest: f64,
    unit: &'static str,
}

/// Requests per second: from 0.01 (about one request a minute and a half) to a billion.
pub(super) const RPS: Bound = Bound {
    min: 0.01,
    max: 1e9,
    smallest: 0.01,
    unit: " rps",
};
/// Monthly growth: demand may vanish (−100%) or grow elevenfold (+1000%) a month.
pub(super) const GROWTH_PCT: Bound = Bound {
    min: -100.0,
    max: 1000.0,
    smallest: 0.01,
    unit: "%",
};
/// Headroom target: none to 99% of capacity.
pub(super) const HEADROOM_PCT: Bound = Bound {
    min: 0.0,
    max: 99.0,
    smallest: 0.01,
    unit: "%",
};
/// A planned event's peak: 1× to 1000× today's.
pub(super) const MULTIPLIER: Bound = Bound {
    min: 1.0,
    max: 1000.0,
    smallest: 1.0,
    unit: "×",
};

impl Bound {
    pub(super) fn check(&self, field: &str, v: f64) -> FieldResult<f64> {
        let in_range = (self.min..=self.max).contains(&v);
        if in_range && (v == 0.0 || v.abs() >= self.smallest) {
            return Ok(v);
        }
        let (min, max, unit) = (self.min, self.max, self.unit);
        let zero = if self.min <= 0.0 {
            format!(", and 0 or at least {} in size", self.smallest)
        } else {
            String::new()
        };
        Err(FieldError::new(
            field,
            format!(
                "must be a number from {min}{unit} to {max}{unit}{zero} (got {})",
                echo(v)
            ),
        ))
    }
}
