//! `orrery check`: the pull request check in a CI job, without a GitHub App. It reads the
//! base and head commits from the job's git checkout, runs the services' repository checks
//! at both, and judges the change — with the rest of the scorecard from `--server`, or, with
//! no server, the repository checks alone against the template built into the binary.
//! Exit 0: nothing blocks; 1: the policy blocks the change; 2: it could not be evaluated.

mod server;
mod workflow;

use crate::domain::catalog::{Monitoring, Tier};
use crate::domain::change::{self, ChangeInput, PrCheckPolicy, Side};
use crate::domain::repo_subdir::RepoSubdir;
use crate::services::pr_check::{SideInput, checks};
use crate::services::templates::{EMBEDDED_DEFAULT, EMBEDDED_SCHEMA};
use crate::verify::placeholders::ServiceFields;
use crate::verify::repo::GitCommit;
use anyhow::Context;
use clap::Args;
use server::Server;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Flags of `orrery check`.
#[derive(Args)]
pub struct CheckArgs {
    /// The git checkout holding both commits.
    #[arg(long, default_value = ".")]
    repo: PathBuf,
    /// The pull request's base (default: `origin/$GITHUB_BASE_REF` in a pull request job,
    /// else `HEAD~1`). The change is judged from the merge base of base and head.
    #[arg(long)]
    base: Option<String>,
    /// The change's head.
    #[arg(long, default_value = "HEAD")]
    head: String,
    /// Service to judge (repeatable). With `--server`, the default is every service whose
    /// repository is `$GITHUB_REPOSITORY`; without, the checkout's directory name.
    #[arg(long = "service")]
    services: Vec<String>,
    /// A running Orrery (e.g. `https://orrery.example`) for the rest of the scorecard.
    #[arg(long, env = "ORRERY_SERVER")]
    server: Option<String>,
    /// API token for `--server` (a READ token is enough). Prefer the environment variable.
    #[arg(long, env = "ORRERY_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Without a server: the service's tier, which decides the items that apply.
    #[arg(long, value_parser = parse_tier, default_value = "tier1")]
    tier: Tier,
    /// Without a server: the policy (`block_regressions`, `informational`, `block_no_go`).
    #[arg(long, value_parser = parse_policy, default_value = "block_regressions")]
    policy: PrCheckPolicy,
    /// Without a server: the service's directory inside the repository (monorepos).
    #[arg(long)]
    path: Option<String>,
}

/// Never prints the token.
impl std::fmt::Debug for CheckArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckArgs")
            .field("repo", &self.repo)
            .field("base", &self.base)
            .field("head", &self.head)
            .field("services", &self.services)
            .field("server", &self.server)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

fn parse_tier(s: &str) -> Result<Tier, String> {
    Tier::parse("--tier", &s.to_ascii_lowercase()).map_err(|e| e.message)
}

fn parse_policy(s: &str) -> Result<PrCheckPolicy, String> {
    PrCheckPolicy::parse("--policy", &s.to_ascii_lowercase().replace('-', "_"))
        .map_err(|e| e.message)
}

/// What one service's check came to, ready to print.
struct Checked {
    slug: String,
    title: String,
    conclusion: change::Conclusion,
    reason: String,
    markdown: String,
    annotations: Vec<change::Annotation>,
}

/// Base and head as full SHAs: the head, and the merge base of base and head.
async fn commits(args: &CheckArgs) -> anyhow::Result<(String, String)> {
    let base = match &args.base {
        Some(b) => b.clone(),
        None => match std::env::var("GITHUB_BASE_REF")
            .ok()
            .filter(|b| !b.is_empty())
        {
            Some(b) => format!("origin/{b}"),
            None => "HEAD~1".to_owned(),
        },
    };
    let head = GitCommit::resolve(&args.repo, &args.head).await?;
    let base = GitCommit::resolve(&args.repo, &base).await?;
    let base = GitCommit::merge_base(&args.repo, &base, &head)
        .await
        .unwrap_or(base);
    Ok((base, head))
}

async fn run_checks(
    repo: &Path,
    commit: &str,
    specs: &[(String, crate::domain::template::CheckSpec)],
    fields: &ServiceFields,
    dir: Option<&RepoSubdir>,
) -> SideInput {
    let source = GitCommit::new(repo, commit);
    SideInput {
        commit: commit.to_owned(),
        results: checks::run_at_commit(specs, fields, dir, &source).await,
        slo_count: None,
    }
}

async fn with_server(
    server: &Server,
    args: &CheckArgs,
    slug: &str,
    (base, head): (&str, &str),
) -> anyhow::Result<Checked> {
    let setup = server.setup(slug).await?;
    let fields = ServiceFields::new(&setup.slug, &setup.monitoring);
    let dir = setup.dir.as_ref();
    let b = run_checks(&args.repo, base, &setup.checks, &fields, dir).await;
    let h = run_checks(&args.repo, head, &setup.checks, &fields, dir).await;
    let v = server.evaluate(&setup.slug, &b, &h).await?;
    let conclusion = match v.conclusion.as_str() {
        "failure" => change::Conclusion::Failure,
        "success" => change::Conclusion::Success,
        _ => change::Conclusion::Neutral,
    };
    Ok(Checked {
        slug: setup.slug,
        title: v.title,
        conclusion,
        reason: v.reason,
        markdown: v.markdown,
        annotations: v.annotations,
    })
}

async fn offline(
    args: &CheckArgs,
    slug: &str,
    (base, head): (&str, &str),
) -> anyhow::Result<Checked> {
    let schema = crate::domain::template::TemplateSchema::compile(EMBEDDED_SCHEMA)
        .map_err(anyhow::Error::msg)?;
    let template = schema
        .parse("orr-standard.yaml (embedded)", EMBEDDED_DEFAULT)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let dir = RepoSubdir::parse("--path", args.path.as_deref().unwrap_or(""))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let specs = checks::per_commit_checks(&template, args.tier);
    let fields = ServiceFields::new(slug, &Monitoring::default());
    let b = run_checks(&args.repo, base, &specs, &fields, dir.as_ref()).await;
    let h = run_checks(&args.repo, head, &specs, &fields, dir.as_ref()).await;
    let side = |s: &SideInput| Side {
        commit: s.commit.clone(),
        findings: s
            .results
            .iter()
            .map(|(k, r)| (k.clone(), checks::finding(r)))
            .collect(),
    };
    let report = change::judge(ChangeInput {
        template: &template,
        policy: args.policy,
        base: &side(&b),
        head: &side(&h),
        before: None,
        after: None,
        waivers: vec![],
    });
    Ok(Checked {
        slug: slug.to_owned(),
        title: report.title(),
        conclusion: report.conclusion,
        reason: report.conclusion_reason.clone(),
        markdown: report.summary_markdown(&change::Links::default()),
        annotations: report.annotations(),
    })
}

/// The services to judge.
async fn slugs(args: &CheckArgs, server: Option<&Server>) -> anyhow::Result<Vec<String>> {
    if !args.services.is_empty() {
        return Ok(args.services.clone());
    }
    match server {
        Some(server) => {
            let repository = std::env::var("GITHUB_REPOSITORY")
                .ok()
                .filter(|r| !r.is_empty())
                .context("name the service with --service (or run in GitHub Actions, where GITHUB_REPOSITORY names the repository)")?;
            let found = server.services_of(&repository).await?;
            if found.is_empty() {
                anyhow::bail!("no service on the server has `{repository}` as its repository");
            }
            Ok(found)
        }
        None => {
            let dir = std::fs::canonicalize(&args.repo)
                .with_context(|| format!("cannot open {}", args.repo.display()))?;
            let name = dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("service")
                .to_owned();
            Ok(vec![name])
        }
    }
}

/// Runs the check and prints, per service, the title, the reason, the workflow commands
/// and the Markdown summary (also appended to `$GITHUB_STEP_SUMMARY`).
pub async fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let server = args
        .server
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| Server::new(s, args.token.as_deref()));
    let prepared = async {
        let commits = commits(&args).await?;
        let slugs = slugs(&args, server.as_ref()).await?;
        anyhow::Ok((commits, slugs))
    };
    let ((base, head), slugs) = match prepared.await {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot check the change: {e:#}");
            return Ok(ExitCode::from(2));
        }
    };
    let mut code = 0u8;
    for slug in &slugs {
        let checked = match &server {
            Some(server) => with_server(server, &args, slug, (&base, &head)).await,
            None => offline(&args, slug, (&base, &head)).await,
        };
        match checked {
            Ok(c) => {
                print(&c);
                code = code.max(c.conclusion.exit_code());
            }
            Err(e) => {
                eprintln!("error: cannot check `{slug}`: {e:#}");
                code = 2;
            }
        }
    }
    Ok(ExitCode::from(code))
}

fn print(c: &Checked) {
    println!(
        "Orrery readiness: {}: {} [{}]",
        c.slug,
        c.title,
        c.conclusion.as_github()
    );
    println!("{}", c.reason);
    for line in workflow::commands(&c.annotations) {
        println!("{line}");
    }
    let markdown = format!(
        "## Orrery readiness: {}\n\n**{}** ({})\n\n{}",
        c.slug,
        c.title,
        c.conclusion.as_github(),
        c.markdown
    );
    println!("\n{markdown}");
    if let Err(e) = workflow::append_step_summary(&markdown) {
        eprintln!("warning: cannot write the step summary: {e}");
    }
}
