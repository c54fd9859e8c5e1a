//! `orrery gate`: the launch gate for pipelines. Exit 0 for GO, 1 for NO_GO, 0 with a
//! warning for GO_WITH_CONDITIONS (1 with `--strict`), 2 when the gate cannot be evaluated.

use crate::app::redact;
use crate::domain::scoring::{Decision, Scorecard};
use crate::services::templates::TemplateRegistry;
use crate::services::{Services, SystemClock};
use crate::store::Database;
use anyhow::{Context, bail};
use clap::Args;
use serde_json::{Value, json};
use std::process::ExitCode;
use std::sync::Arc;

/// Flags of `orrery gate`.
#[derive(Args)]
pub struct GateArgs {
    /// Slug of the service to judge.
    #[arg(long)]
    service: String,
    /// Ask a running Orrery server (e.g. `https://orrery.example`) instead of the database.
    #[arg(long, env = "ORRERY_SERVER", conflicts_with = "database_url")]
    server: Option<String>,
    /// API token for `--server` (needed when it signs people in: `--auth oidc` or `proxy`).
    /// Prefer the environment variable to the flag.
    #[arg(long, env = "ORRERY_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Read the database directly.
    #[arg(
        long,
        env = "ORRERY_DATABASE_URL",
        default_value = "sqlite://orrery.db?mode=rwc"
    )]
    database_url: String,
    /// Treat GO_WITH_CONDITIONS as a failure.
    #[arg(long)]
    strict: bool,
}

/// Never prints the token.
impl std::fmt::Debug for GateArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GateArgs")
            .field("service", &self.service)
            .field("server", &self.server)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("strict", &self.strict)
            .finish_non_exhaustive()
    }
}

/// What the gate printed about, independent of where it came from.
struct Verdict {
    decision: String,
    score: f64,
    level: String,
    reasons: Vec<(String, String, bool)>,
    next_steps: Vec<String>,
}

impl From<Scorecard> for Verdict {
    fn from(c: Scorecard) -> Self {
        Self {
            decision: c.decision.as_str().into(),
            score: c.score,
            level: format!("{} {}", c.level.number, c.level.name),
            reasons: c
                .reasons
                .into_iter()
                .map(|r| (r.code.as_str().to_owned(), r.message, r.blocking))
                .collect(),
            next_steps: c.next_steps,
        }
    }
}

const QUERY: &str =
    "query($s: String!) { service(slug: $s) { scorecard { score level { number name } nextSteps
    gate { decision reasons { code message blocking } } } } }";

async fn from_server(server: &str, token: Option<&str>, slug: &str) -> anyhow::Result<Verdict> {
    let url = format!("{}/graphql", server.trim_end_matches('/'));
    let mut request = reqwest::Client::new()
        .post(&url)
        .json(&json!({"query": QUERY, "variables": {"s": slug}}));
    request = match token.map(str::trim).filter(|t| !t.is_empty()) {
        Some(token) => request.bearer_auth(token),
        // A local-mode server records reads under this name; others answer 401.
        None => request.header("x-orrery-actor", "orrery-gate"),
    };
    let body: Value = request
        .send()
        .await
        .with_context(|| format!("cannot reach {url}"))?
        .json()
        .await
        .context("the server's answer is not JSON")?;
    if let Some(err) = body["errors"].get(0) {
        bail!(
            "{} ({})",
            err["message"].as_str().unwrap_or("error"),
            err["extensions"]["code"].as_str().unwrap_or("?")
        );
    }
    let c = &body["data"]["service"]["scorecard"];
    if c.is_null() {
        bail!("service `{slug}` has no current review to judge");
    }
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    Ok(Verdict {
        decision: text(&c["gate"]["decision"]),
        score: c["score"].as_f64().unwrap_or_default(),
        level: format!("{} {}", c["level"]["number"], text(&c["level"]["name"])),
        reasons: c["gate"]["reasons"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                (
                    text(&r["code"]),
                    text(&r["message"]),
                    r["blocking"].as_bool().unwrap_or(false),
                )
            })
            .collect(),
        next_steps: c["nextSteps"]
            .as_array()
            .into_iter()
            .flatten()
            .map(text)
            .collect(),
    })
}

async fn from_database(url: &str, slug: &str) -> anyhow::Result<Verdict> {
    let db = Database::connect(url)
        .await
        .with_context(|| format!("cannot open database {}", redact(url)))?;
    // Templates come from the database (reviews pin stored versions); nothing is written.
    let templates =
        Arc::new(TemplateRegistry::new(None, "orr-standard").map_err(anyhow::Error::msg)?);
    let services = Services::new(db, templates, Arc::new(SystemClock));
    let service = services
        .service(slug)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut cards = services
        .scorecards_for_services(&[service.id])
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    match cards.remove(&service.id) {
        Some(c) => Ok(c.into()),
        None => bail!("service `{slug}` has no current review to judge"),
    }
}

/// Runs the gate.
pub async fn run(args: GateArgs) -> anyhow::Result<ExitCode> {
    let verdict = match &args.server {
        Some(server) => from_server(server, args.token.as_deref(), &args.service).await,
        None => from_database(&args.database_url, &args.service).await,
    };
    let v = match verdict {
        Ok(v) => v,
        Err(e) => {
            eprintln!(
                "error: cannot evaluate the launch gate of `{}`: {e:#}",
                args.service
            );
            return Ok(ExitCode::from(2));
        }
    };
    println!(
        "{}: {} (score {:.1}, level {})",
        args.service, v.decision, v.score, v.level
    );
    for (code, message, blocking) in &v.reasons {
        println!("  {} {code}: {message}", if *blocking { "✗" } else { "!" });
    }
    if !v.next_steps.is_empty() {
        println!("next steps: {}", v.next_steps.join(", "));
    }
    Ok(match Decision::parse(&v.decision) {
        Some(Decision::Go) => ExitCode::SUCCESS,
        Some(Decision::GoWithConditions) if args.strict => {
            println!("GO_WITH_CONDITIONS fails the gate because of --strict");
            ExitCode::FAILURE
        }
        Some(Decision::GoWithConditions) => {
            println!("warning: launching with conditions; see the reasons above");
            ExitCode::SUCCESS
        }
        Some(Decision::NoGo) => ExitCode::FAILURE,
        None => {
            eprintln!("error: unknown gate decision `{}`", v.decision);
            ExitCode::from(2)
        }
    })
}
