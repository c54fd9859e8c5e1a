//! `orrery check --server`: what the CI job asks a running Orrery — the services of the
//! repository, each service's repository checks and settings, and the verdict on the change.

use crate::domain::catalog::{Monitoring, Tier};
use crate::domain::change::{Annotation, AnnotationLevel};
use crate::domain::repo_subdir::RepoSubdir;
use crate::domain::template::CheckSpec;
use crate::services::pr_check::SideInput;
use crate::verify::CheckOutcome;
use anyhow::{Context, bail};
use serde_json::{Value, json};

/// A GraphQL endpoint and how to authenticate to it.
pub struct Server {
    url: String,
    token: Option<String>,
    http: reqwest::Client,
}

/// What the server says about one service.
pub struct ServiceSetup {
    /// Slug.
    pub slug: String,
    /// Directory inside the repository.
    pub dir: Option<RepoSubdir>,
    /// Monitoring selector (for check placeholders).
    pub monitoring: Monitoring,
    /// The per-commit repository checks of its current review's template.
    pub checks: Vec<(String, CheckSpec)>,
}

/// The server's verdict, ready to print.
pub struct Verdict {
    pub title: String,
    pub conclusion: String,
    pub reason: String,
    pub markdown: String,
    pub annotations: Vec<Annotation>,
}

const SERVICE: &str = "query($s: String!) { service(slug: $s) { slug tier repositoryPath \
    monitoring { job namespace matchers } currentReview { template { categories { items { \
    key tiers check } } } } } }";

const BY_REPOSITORY: &str = "query($r: String!) { servicesByRepository(repository: $r) { slug } }";

const EVALUATE: &str = "query($s: String!, $b: ChangeSideInput!, $h: ChangeSideInput!) { \
    evaluateChange(service: $s, base: $b, head: $h) { title conclusion conclusionReason \
    summaryMarkdown annotations { path line level title message } } }";

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

impl Server {
    /// The server at `base` (e.g. `https://orrery.example`).
    pub fn new(base: &str, token: Option<&str>) -> Self {
        Self {
            url: format!("{}/graphql", base.trim_end_matches('/')),
            token: token
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned),
            http: reqwest::Client::new(),
        }
    }

    async fn query(&self, query: &str, variables: Value) -> anyhow::Result<Value> {
        let mut request = self
            .http
            .post(&self.url)
            .json(&json!({"query": query, "variables": variables}));
        request = match &self.token {
            Some(token) => request.bearer_auth(token),
            // A local-mode server records reads under this name; others answer 401.
            None => request.header("x-orrery-actor", "orrery-check"),
        };
        let response = request
            .send()
            .await
            .with_context(|| format!("cannot reach {}", self.url))?;
        let status = response.status();
        let body: Value = response
            .json()
            .await
            .with_context(|| format!("the answer of {} ({status}) is not JSON", self.url))?;
        if let Some(err) = body["errors"].get(0) {
            let field = err["extensions"]["field"]
                .as_str()
                .map(|f| format!(" [{f}]"))
                .unwrap_or_default();
            bail!(
                "{}{field} ({})",
                err["message"].as_str().unwrap_or("error"),
                err["extensions"]["code"].as_str().unwrap_or("?")
            );
        }
        if !status.is_success() {
            bail!("{} answered {status}", self.url);
        }
        Ok(body["data"].clone())
    }

    /// Slugs of the services whose repository is `owner/name`.
    pub async fn services_of(&self, repository: &str) -> anyhow::Result<Vec<String>> {
        let data = self.query(BY_REPOSITORY, json!({"r": repository})).await?;
        Ok(data["servicesByRepository"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| text(&s["slug"]))
            .collect())
    }

    /// A service's settings and its per-commit repository checks.
    pub async fn setup(&self, slug: &str) -> anyhow::Result<ServiceSetup> {
        let data = self.query(SERVICE, json!({"s": slug})).await?;
        let s = &data["service"];
        if s.is_null() {
            bail!("the server knows no service `{slug}`");
        }
        let tier_text = text(&s["tier"]);
        // Items are matched by the tier's GraphQL spelling; refuse one Orrery does not know.
        Tier::parse("tier", &tier_text.to_ascii_lowercase()).map_err(|e| anyhow::anyhow!("{e}"))?;
        let dir = RepoSubdir::parse("repositoryPath", s["repositoryPath"].as_str().unwrap_or(""))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let m = &s["monitoring"];
        let matchers: Vec<String> = m["matchers"]
            .as_array()
            .into_iter()
            .flatten()
            .map(text)
            .collect();
        let monitoring = if m.is_null() {
            Monitoring::default()
        } else {
            Monitoring::parse(
                "monitoring",
                m["job"].as_str(),
                m["namespace"].as_str(),
                &matchers,
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?
        };
        let template = &s["currentReview"]["template"];
        if template.is_null() {
            bail!("service `{slug}` has no current review to judge a change against");
        }
        let mut checks = Vec::new();
        for item in template["categories"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["items"].as_array().into_iter().flatten())
        {
            let applies = item["tiers"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|t| t.as_str() == Some(tier_text.as_str()));
            if !applies || item["check"].is_null() {
                continue;
            }
            let key = text(&item["key"]);
            let spec: CheckSpec = serde_json::from_value(item["check"].clone())
                .with_context(|| format!("the check of item `{key}` is not one Orrery knows"))?;
            if crate::verify::repo::is_repo_check(&spec)
                && !matches!(spec, CheckSpec::RepoBranchProtection { .. })
            {
                checks.push((key, spec));
            }
        }
        Ok(ServiceSetup {
            slug: text(&s["slug"]),
            dir,
            monitoring,
            checks,
        })
    }

    /// The server's verdict on the change.
    pub async fn evaluate(
        &self,
        slug: &str,
        base: &SideInput,
        head: &SideInput,
    ) -> anyhow::Result<Verdict> {
        let data = self
            .query(
                EVALUATE,
                json!({"s": slug, "b": side(base), "h": side(head)}),
            )
            .await?;
        let e = &data["evaluateChange"];
        let annotations = e["annotations"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| Annotation {
                path: text(&a["path"]),
                line: a["line"]
                    .as_u64()
                    .and_then(|l| u32::try_from(l).ok())
                    .unwrap_or(1),
                level: match a["level"].as_str() {
                    Some("FAILURE") => AnnotationLevel::Failure,
                    Some("WARNING") => AnnotationLevel::Warning,
                    _ => AnnotationLevel::Notice,
                },
                title: text(&a["title"]),
                message: text(&a["message"]),
            })
            .collect();
        Ok(Verdict {
            title: text(&e["title"]),
            conclusion: text(&e["conclusion"]).to_ascii_lowercase(),
            reason: text(&e["conclusionReason"]),
            markdown: text(&e["summaryMarkdown"]),
            annotations,
        })
    }
}

/// A side of the change as the API takes it.
fn side(s: &SideInput) -> Value {
    let results: Vec<Value> = s
        .results
        .iter()
        .map(|(key, r)| {
            let outcome = match r.outcome {
                CheckOutcome::Pass => "PASS",
                CheckOutcome::Fail => "FAIL",
                CheckOutcome::Error => "ERROR",
                CheckOutcome::NotApplicable => "NOT_APPLICABLE",
            };
            let summary: String = r.evidence.summary.chars().take(2_000).collect();
            json!({
                "itemKey": key,
                "outcome": outcome,
                "summary": summary,
                "path": r.evidence.path,
                "line": r.evidence.line,
            })
        })
        .collect();
    json!({"commit": s.commit, "results": results, "sloCount": s.slo_count})
}
