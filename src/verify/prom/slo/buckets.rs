//! Histogram bucket boundaries: the `le` matcher for a threshold and the boundaries nearest it.

/// How many `le` values [`SloError::BucketMissing`](super::SloError::BucketMissing) lists
/// at most.
const NEARBY_BUCKETS: usize = 6;

/// The `le` values closest to `threshold`, in ascending order.
pub(super) fn nearest_bounds(les: impl Iterator<Item = String>, threshold: f64) -> Vec<String> {
    let mut bounds: Vec<(f64, String)> = les
        .filter_map(|le| {
            let v = match le.as_str() {
                "+Inf" | "Inf" => f64::INFINITY,
                other => other.parse().ok()?,
            };
            Some((v, le))
        })
        .collect();
    bounds.sort_by(|a, b| a.0.total_cmp(&b.0));
    bounds.dedup_by(|a, b| a.0 == b.0);
    // The NEARBY_BUCKETS values around the threshold's position.
    let split = bounds.partition_point(|(v, _)| *v < threshold);
    let start = split
        .saturating_sub(NEARBY_BUCKETS / 2)
        .min(bounds.len().saturating_sub(NEARBY_BUCKETS));
    bounds
        .into_iter()
        .skip(start)
        .take(NEARBY_BUCKETS)
        .map(|(_, le)| le)
        .collect()
}

/// The `le` matcher for a threshold: every spelling exporters and Prometheus versions use for
/// that boundary (`0.25`; `1` and `1.0`; `1e-05` for Go's exponent form of tiny values).
pub(super) fn le_matcher(threshold: f64) -> String {
    let spellings = le_spellings(threshold);
    if let [only] = spellings.as_slice() {
        format!("le=\"{only}\"")
    } else {
        let alternatives: Vec<String> = spellings
            .iter()
            .map(|s| s.replace('.', "\\\\.").replace('+', "\\\\+"))
            .collect();
        format!("le=~\"{}\"", alternatives.join("|"))
    }
}

pub(super) fn le_spellings(threshold: f64) -> Vec<String> {
    let plain = format!("{threshold}");
    let mut out = vec![plain.clone()];
    if threshold.fract() == 0.0 {
        out.push(format!("{plain}.0"));
    }
    // Go's strconv 'g' (client_golang) switches to an exponent below 1e-4: 1e-05, 2.5e-07.
    if threshold < 1e-4 {
        let sci = format!("{threshold:e}");
        if let Some((mantissa, exp)) = sci.split_once('e') {
            let exp: i32 = exp.parse().unwrap_or(0);
            let sign = if exp < 0 { '-' } else { '+' };
            out.push(format!("{mantissa}e{sign}{:02}", exp.abs()));
        }
    }
    out
}
