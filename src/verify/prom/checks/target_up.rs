//! `prometheus.target_up`: enough of the service's scrape targets are up.

use super::{EQUALS_TOLERANCE, Early, format_value, service_matchers, value_json};
use crate::verify::listing::{MAX_LISTED, list_some};
use crate::verify::placeholders::ServiceFields;
use crate::verify::prom::selector::{format_matchers, matches_all};
use crate::verify::prom::source::{MetricsSource, Target};
use crate::verify::{CheckOutcome, CheckResult, Evidence};
use serde_json::json;

/// `prometheus.target_up`.
pub(super) async fn target_up_check(
    min_up_ratio: Option<f64>,
    fields: &ServiceFields,
    source: &dyn MetricsSource,
) -> Early<CheckResult> {
    let min = min_up_ratio.unwrap_or(1.0);
    if !(0.0..=1.0).contains(&min) {
        return Err(Box::new(CheckResult::error(
            format!(
                "`min_up_ratio` must be between 0 and 1, not {}",
                format_value(min)
            ),
            json!({ "min_up_ratio": value_json(min) }),
        )));
    }
    let Some(matchers) = service_matchers(fields)? else {
        return Ok(CheckResult::fail(Evidence::new(
            "The service has no monitoring selector, so no scrape target can be attributed to \
             it; set its monitoring job, namespace or matchers",
            json!({ "selector": null, "min_up_ratio": min }),
        )));
    };
    let selector = format_matchers(&matchers);
    let targets = source.targets().await.map_err(|e| {
        Box::new(CheckResult::error(
            format!("Could not read the scrape targets: {e}"),
            json!({ "selector": selector, "source": source.describe() }),
        ))
    })?;
    let matched: Vec<&Target> = targets
        .iter()
        .filter(|t| matches_all(&matchers, &t.labels))
        .collect();
    let target_json = |t: &Target| {
        json!({
            "scrape_url": t.scrape_url,
            "health": t.health,
            "last_error": t.last_error,
            "job": t.labels.get("job"),
            "instance": t.labels.get("instance"),
        })
    };
    let up = matched.iter().filter(|t| t.health == "up").count();
    let down: Vec<&&Target> = matched.iter().filter(|t| t.health == "down").collect();
    let unknown = matched.len() - up - down.len();
    let mut observed = json!({
        "selector": selector,
        "min_up_ratio": min,
        "active_targets": targets.len(),
        "matched": matched.len(),
        "up": up,
        "down": down.len(),
        "unknown": unknown,
        "targets": matched.iter().take(MAX_LISTED * 2).map(|t| target_json(t)).collect::<Vec<_>>(),
        "down_targets": down.iter().take(MAX_LISTED).map(|t| target_json(t)).collect::<Vec<_>>(),
    });
    if matched.is_empty() {
        let mut jobs: Vec<String> = targets
            .iter()
            .filter_map(|t| t.labels.get("job").cloned())
            .collect();
        jobs.sort();
        jobs.dedup();
        if let Some(o) = observed.as_object_mut() {
            o.insert(
                "jobs_seen".into(),
                json!(jobs.iter().take(MAX_LISTED).collect::<Vec<_>>()),
            );
        }
        return Ok(CheckResult::fail(Evidence::new(
            format!(
                "No scrape targets match {selector} ({} active targets{})",
                targets.len(),
                if jobs.is_empty() {
                    String::new()
                } else {
                    format!(", jobs {}", list_some(&jobs, 5))
                }
            ),
            observed,
        )));
    }
    #[allow(clippy::cast_precision_loss)]
    let ratio = |n: usize| n as f64 / matched.len() as f64;
    if let Some(o) = observed.as_object_mut() {
        o.insert("up_ratio".into(), json!(ratio(up)));
    }
    let share = format!(
        "{up} of {} scrape targets matching {selector} are up",
        matched.len()
    );
    let required = format!("at least {}% required", format_value(min * 100.0));
    if ratio(up) + EQUALS_TOLERANCE >= min {
        return Ok(CheckResult::pass(Evidence::new(
            format!("{share} ({required})"),
            observed,
        )));
    }
    let down_text: Vec<String> = down
        .iter()
        .map(|t| match &t.last_error {
            Some(e) => format!("{} ({e})", t.scrape_url),
            None => t.scrape_url.clone(),
        })
        .collect();
    if ratio(up + unknown) + EQUALS_TOLERANCE >= min {
        return Ok(CheckResult::new(
            CheckOutcome::Error,
            Evidence::new(
                format!(
                    "{share} and {unknown} not scraped yet, so whether {required} holds is not \
                     known yet"
                ),
                observed,
            ),
        ));
    }
    let down_note = if down_text.is_empty() {
        String::new()
    } else {
        format!("; down: {}", list_some(&down_text, 3))
    };
    Ok(CheckResult::fail(Evidence::new(
        format!("{share}, below the {required}{down_note}"),
        observed,
    )))
}
