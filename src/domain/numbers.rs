//! How numbers are echoed in messages and rounded for display.

/// A number as a person typed it, for error messages: plain decimals, or an exponent when
/// it is tiny or huge (`1e-320` rather than 320 zeros).
pub fn echo(v: f64) -> String {
    let size = v.abs();
    if v.is_finite() && v != 0.0 && !(1e-6..1e15).contains(&size) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// A percentage rounded to `decimals` for display: to the nearest, except that it never
/// rounds up to a whole number it has not reached, so 69.697 reads 69.7 but 79.96 reads
/// 79.9 (not the 80 a launch threshold asks for) and 99.97 reads 99.9 (not 100).
pub fn display_percent(v: f64, decimals: u8) -> f64 {
    let scale = 10f64.powi(i32::from(decimals));
    let nearest = (v * scale).round() / scale;
    if nearest > v && nearest.fract() == 0.0 {
        // Cut instead; the small allowance keeps 70.1 (stored as 70.0999…) reading 70.1.
        (v * scale + 1e-9).floor() / scale
    } else {
        nearest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn echoes_tiny_and_huge_numbers_readably() {
        assert_eq!(echo(1e-320), "1e-320");
        assert_eq!(echo(5e-324), "5e-324");
        assert_eq!(echo(1.5), "1.5");
        assert_eq!(echo(0.0), "0");
        assert_eq!(echo(99.99999999999999), "99.99999999999999");
        assert_eq!(echo(1e300), "1e300");
        assert_eq!(echo(f64::NAN), "NaN");
    }

    #[test]
    fn percentages_round_to_nearest_but_not_up_to_a_whole_number() {
        assert_eq!(display_percent(69.697, 1), 69.7);
        assert_eq!(display_percent(66.666, 1), 66.7);
        assert_eq!(display_percent(66.64, 1), 66.6);
        assert_eq!(display_percent(70.1, 1), 70.1);
        assert_eq!(display_percent(79.96, 1), 79.9);
        assert_eq!(display_percent(99.99, 1), 99.9);
        assert_eq!(display_percent(80.04, 1), 80.0);
        assert_eq!(display_percent(100.0, 1), 100.0);
        assert_eq!(display_percent(0.0, 1), 0.0);
    }

    proptest! {
        /// Never more than one step away, and never reaching a whole number from below.
        #[test]
        fn close_and_honest_about_whole_numbers(v in 0.0..100.0f64, decimals in 0u8..4) {
            let shown = display_percent(v, decimals);
            let step = 10f64.powi(-i32::from(decimals));
            prop_assert!((shown - v).abs() <= step / 2.0 + 1e-9 || shown < v);
            prop_assert!((shown - v).abs() < step + 1e-9);
            if shown.fract() == 0.0 {
                prop_assert!(shown <= v + 1e-9, "{v} shown as {shown}");
            }
        }
    }
}
