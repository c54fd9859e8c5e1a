//! Runs schemathesis (from PyPI, installed by `.ci/run`) against `/graphql`: it loads the
//! schema by the standard introspection query, then fuzzes every query and mutation for a
//! fixed time with a fixed seed. Seeded slugs, ids and item keys are offered to it as
//! dictionaries so that part of its requests reach existing entities.

use super::seed::Seeded;
use super::server::ACTOR;
use serde_json::{Value, json};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Seconds schemathesis fuzzes (`ORRERY_TEST_FUZZ_SECONDS` overrides, e.g. for long runs).
const FUZZ_SECONDS: u64 = 90;
/// Seconds beyond the budget after which a run is killed as hung.
const GRACE_SECONDS: u64 = 30;
/// The fixed seed, so a failing run can be replayed with the same inputs.
pub const SEED: u64 = 20_261_206;

/// What one run did.
pub struct Outcome {
    /// Exit status; `None` when the run was killed after the hard time limit.
    pub status: Option<ExitStatus>,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    /// Everything schemathesis printed.
    pub output: String,
    /// The JSON run report (`Value::Null` when none was written).
    pub report: Value,
}

/// The schemathesis executable: `ORRERY_TEST_SCHEMATHESIS`, else where `.ci/run` installs
/// it. Fails the test (never skips it) when there is none.
pub fn executable() -> PathBuf {
    let path = std::env::var_os("ORRERY_TEST_SCHEMATHESIS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    Path::new(&std::env::var("HOME").unwrap_or_default()).join(".cache")
                });
            cache.join("orrery-ci/schemathesis/bin/st")
        });
    assert!(
        path.is_file(),
        "schemathesis not found at {}: run `.ci/run` once (it installs the pinned version into a \
         venv) or set ORRERY_TEST_SCHEMATHESIS to a schemathesis 4 `st` executable",
        path.display()
    );
    path
}

/// Fuzzes `endpoint` with `st`, writing its configuration, output and report into `dir`;
/// kills it when it overruns the budget by [`GRACE_SECONDS`].
pub async fn run(st: &Path, dir: &Path, endpoint: &str, seeded: &Seeded) -> Outcome {
    let seconds = std::env::var("ORRERY_TEST_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(FUZZ_SECONDS);
    let config = dir.join("schemathesis.toml");
    std::fs::write(&config, config_toml(seeded)).unwrap();
    let report = dir.join("schemathesis-report.json");
    let _ = std::fs::remove_file(&report);
    let log = dir.join("schemathesis.log");
    let out = File::create(&log).unwrap();
    let hooks = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api/fuzz/hooks.py");
    let start = Instant::now();
    let mut child = Command::new(st)
        .current_dir(dir)
        .env("SCHEMATHESIS_HOOKS", &hooks)
        .arg("--config-file")
        .arg(&config)
        .args([
            "run",
            endpoint,
            "--header",
            &format!("X-Orrery-Actor: {ACTOR}"),
        ])
        .args(["--checks", "orrery_no_internal_error"])
        .args([
            "--max-time",
            &seconds.to_string(),
            "--seed",
            &SEED.to_string(),
        ])
        .args([
            "--generation-database",
            "none",
            "--no-color",
            "--report",
            "json",
        ])
        .arg("--report-json-path")
        .arg(&report)
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", st.display()));
    let limit = Duration::from_secs(seconds + GRACE_SECONDS);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    Outcome {
        status,
        elapsed: start.elapsed(),
        output: String::from_utf8_lossy(&std::fs::read(&log).unwrap_or_default()).into_owned(),
        report: std::fs::read(&report)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or(Value::Null),
    }
}

/// The configuration: dictionaries of seeded values, each offered for the arguments that
/// name such a value half of the time.
fn config_toml(seeded: &Seeded) -> String {
    let entity_ids: Vec<&String> = seeded.slugs.iter().chain(&seeded.ids).collect();
    let dictionaries = [
        ("slugs", json!(seeded.slugs)),
        ("ids", json!(seeded.ids)),
        ("item_keys", json!(seeded.item_keys)),
        ("roles", json!(["service_owner", "sre", "security"])),
        ("versions", json!([0, 1, 2, 3])),
        ("templates", json!(["orr-standard"])),
        (
            "entity_types",
            json!([
                "service",
                "team",
                "review",
                "waiver",
                "slo",
                "dependency",
                "capacity_plan",
                "action_item",
                "item_response",
                "sign_off",
                "checklist_template"
            ]),
        ),
        ("entity_ids", json!(entity_ids)),
    ];
    let parameters = [
        (
            "slugs",
            &[
                "slug",
                "serviceSlug",
                "input.serviceSlug",
                "input.targetServiceSlug",
                "input.teamSlug",
            ][..],
        ),
        ("ids", &["id", "reviewId", "input.reviewId"]),
        ("item_keys", &["itemKey", "input.itemKey"]),
        ("roles", &["role"]),
        (
            "versions",
            &["expectedVersion", "input.expectedVersion", "version"],
        ),
        ("templates", &["key", "templateKey"]),
        ("entity_types", &["entityType"]),
        ("entity_ids", &["entityId"]),
    ];
    // JSON arrays of strings and numbers are valid TOML arrays.
    let mut toml = String::new();
    for (name, values) in dictionaries {
        toml.push_str(&format!("[dictionaries.{name}]\nvalues = {values}\n\n"));
    }
    toml.push_str("[parameters]\n");
    for (dictionary, arguments) in parameters {
        for argument in arguments {
            toml.push_str(&format!(
                "\"*.*.{argument}\" = {{ dictionary = \"{dictionary}\", probability = 0.5 }}\n"
            ));
        }
    }
    toml
}
