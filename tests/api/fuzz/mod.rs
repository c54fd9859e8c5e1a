//! Fuzzing `/graphql` with schemathesis on seeded data, on SQLite and on PostgreSQL: the real
//! `orrery serve` binary must answer every generated request without a 5xx, without an
//! `INTERNAL` or unmapped (`NONE`) error, and without a panic in its log. The run's files
//! (server log, schemathesis output, configuration, JSON report, final metrics) stay in
//! `target/tmp/fuzz-<database>/`. Needs schemathesis (see [`schemathesis::executable`]).

mod schemathesis;
mod seed;
mod server;

use crate::helpers::Backend;
use server::FuzzServer;
use std::path::PathBuf;

/// How much of schemathesis's output and of the server log a failure quotes.
const QUOTE_CHARS: usize = 12_000;
/// Fewer test cases than this means the run did not really fuzz.
const MIN_TEST_CASES: u64 = 300;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_sqlite() {
    fuzz(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_postgres() {
    fuzz(Backend::Postgres).await;
}

async fn fuzz(backend: Backend) {
    let st = schemathesis::executable();
    let name = format!("{backend:?}").to_lowercase();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let server = FuzzServer::start(backend, &dir).await;
    let seeded = seed::seed(&server).await;
    let endpoint = format!("{}/graphql", server.base);
    let run = schemathesis::run(&st, &dir, &endpoint, &seeded).await;
    let metrics = server.metrics().await;
    std::fs::write(dir.join("metrics.txt"), &metrics).unwrap();
    let log = server.log();
    let cases = run.report["test_cases"]["generated"].as_u64().unwrap_or(0);
    eprintln!(
        "fuzz {name}: {cases} test cases in {:.1} s (seed {}), files in {}",
        run.elapsed.as_secs_f64(),
        schemathesis::SEED,
        dir.display()
    );

    let mut problems = Vec::new();
    match run.status {
        None => problems.push(format!(
            "schemathesis overran its time budget and was killed after {:.0} s:\n{}",
            run.elapsed.as_secs_f64(),
            tail(&run.output)
        )),
        Some(status) if !status.success() => problems.push(format!(
            "schemathesis reported failures or errors ({status}):\n{}",
            findings(&run.output)
        )),
        Some(_) => {}
    }
    if run.status.is_some() && cases < MIN_TEST_CASES {
        problems.push(format!(
            "schemathesis ran only {cases} test cases (at least {MIN_TEST_CASES} expected):\n{}",
            tail(&run.output)
        ));
    }
    let errors = samples(&metrics, "orrery_graphql_errors_total");
    for code in ["INTERNAL", "NONE"] {
        let count: f64 = errors
            .iter()
            .filter(|(labels, _)| labels.contains(&format!("code=\"{code}\"")))
            .map(|(_, v)| v)
            .sum();
        if count > 0.0 {
            problems.push(format!("{count} GraphQL errors with code {code}"));
        }
    }
    // The fuzzer reached the resolvers, and the error counter works.
    if !errors
        .iter()
        .any(|(labels, _)| labels.contains("code=\"NOT_FOUND\""))
    {
        problems.push(format!(
            "no NOT_FOUND in orrery_graphql_errors_total: {errors:?}"
        ));
    }
    let server_errors: Vec<_> = samples(&metrics, "http_requests_total")
        .into_iter()
        .filter(|(labels, _)| labels.contains("status=\"5"))
        .collect();
    if !server_errors.is_empty() {
        problems.push(format!("5xx responses in /metrics: {server_errors:?}"));
    }
    if log.contains("panicked") {
        problems.push("the server panicked".to_owned());
    }
    if !problems.is_empty() {
        problems.push(format!(
            "server log (panics and errors):\n{}",
            quote_lines(&log, |l| l.contains("panicked") || l.contains("ERROR"))
        ));
    }
    assert!(
        problems.is_empty(),
        "fuzzing /graphql on {name} found problems (files in {}):\n\n{}",
        dir.display(),
        problems.join("\n\n")
    );
}

/// The samples of the Prometheus metric `name`: its labels (`{...}`) and value.
fn samples(metrics: &str, name: &str) -> Vec<(String, f64)> {
    metrics
        .lines()
        .filter_map(|l| l.strip_prefix(name))
        .filter(|rest| rest.starts_with('{') || rest.starts_with(' '))
        .filter_map(|rest| {
            let (labels, value) = rest.rsplit_once(' ')?;
            Some((labels.to_owned(), value.parse().ok()?))
        })
        .collect()
}

/// Schemathesis's account of its failures and errors (from its ERRORS or FAILURES section
/// on), bounded.
fn findings(output: &str) -> String {
    let start = [" ERRORS =", " FAILURES ="]
        .iter()
        .filter_map(|heading| output.find(heading))
        .min()
        .map_or(0, |i| output[..i].rfind('\n').map_or(0, |n| n + 1));
    bounded(&output[start..])
}

/// The end of `output`, bounded.
fn tail(output: &str) -> String {
    bounded(&output[floor(output, output.len().saturating_sub(QUOTE_CHARS))..])
}

/// The lines of `log` that `keep` selects (each cut to 400 characters), bounded.
fn quote_lines(log: &str, keep: impl Fn(&str) -> bool) -> String {
    let lines: Vec<String> = log
        .lines()
        .filter(|l| keep(l))
        .map(|l| l.chars().take(400).collect())
        .collect();
    bounded(&lines.join("\n"))
}

fn bounded(text: &str) -> String {
    if text.len() <= QUOTE_CHARS {
        return text.to_owned();
    }
    let cut = floor(text, QUOTE_CHARS);
    format!("{}\n... ({} more bytes)", &text[..cut], text.len() - cut)
}

/// The largest char boundary of `text` at or below `i`.
fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
