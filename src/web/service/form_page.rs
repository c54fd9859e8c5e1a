//! The register/edit page's view: the form as typed, its problems next to each field and in
//! a summary, and — after a stale save — what the saved service looks like now.

use super::super::form_errors::{FormErrors, field_label};
use super::super::format;
use super::super::page::{Chrome, Nav, Opt, options};
use super::form::{ServiceForm, link_kinds};
use crate::domain::catalog::{Lifecycle, Tier};
use crate::domain::change::PrCheckPolicy;
use crate::domain::records;
use askama::Template;

/// One entry of the error summary.
#[derive(Debug, Clone)]
pub struct SummaryItem {
    /// Anchor of the field.
    pub href: String,
    /// "Field: message".
    pub text: String,
}

/// A link row with its options and problems.
#[derive(Debug, Clone)]
pub struct LinkRowView {
    /// 0-based row.
    pub index: usize,
    /// 1-based row, for labels.
    pub number: usize,
    /// Kind options.
    pub kinds: Vec<Opt>,
    /// Typed title.
    pub title: String,
    /// Typed URL.
    pub url: String,
    /// Problem with the kind.
    pub kind_error: Option<String>,
    /// Problem with the title.
    pub title_error: Option<String>,
    /// Problem with the URL.
    pub url_error: Option<String>,
}

/// A field whose saved value differs from what the user typed.
#[derive(Debug, Clone)]
pub struct Diff {
    /// Field label.
    pub label: String,
    /// The saved value.
    pub saved: String,
}

/// Why a save was refused as stale, and what is saved now.
#[derive(Debug, Clone)]
pub struct ConflictView {
    /// Who changed it and when, in a sentence.
    pub message: String,
    /// Fields where the saved value differs from the form.
    pub diffs: Vec<Diff>,
}

/// The form page.
#[derive(Template)]
#[template(path = "service_form.html", config = "web/askama.toml")]
pub struct FormPage {
    pub page: Chrome,
    pub editing: bool,
    pub heading: String,
    pub action: String,
    pub submit: &'static str,
    pub cancel: String,
    pub form: ServiceForm,
    pub errors: FormErrors,
    pub summary: Vec<SummaryItem>,
    pub teams: Vec<Opt>,
    pub tiers: Vec<Opt>,
    pub lifecycles: Vec<Opt>,
    /// Pull request check policies, in words.
    pub pr_policies: Vec<Opt>,
    /// What each policy does: `(name, explanation)`, in the select's order.
    pub pr_policy_help: Vec<(&'static str, &'static str)>,
    pub links: Vec<LinkRowView>,
    pub conflict: Option<ConflictView>,
}

impl FormPage {
    /// The page for `form` with `errors`; `editing` names the service being edited.
    pub fn new(
        form: ServiceForm,
        errors: FormErrors,
        teams: &[records::Team],
        editing: Option<(&str, &str)>,
    ) -> Self {
        let summary = errors
            .iter()
            .map(|(field, message)| SummaryItem {
                href: match field {
                    "form" | "links" => "#links".into(),
                    f => format!("#f-{f}"),
                },
                text: format!("{}: {message}", field_label(field)),
            })
            .collect();
        let links = form
            .rows_to_show()
            .into_iter()
            .enumerate()
            .map(|(i, r)| LinkRowView {
                index: i,
                number: i + 1,
                kinds: options(
                    link_kinds(),
                    if r.kind.is_empty() {
                        "runbook"
                    } else {
                        &r.kind
                    },
                ),
                kind_error: errors.get(&format!("link_kind_{i}")).map(str::to_owned),
                title_error: errors.get(&format!("link_title_{i}")).map(str::to_owned),
                url_error: errors.get(&format!("link_url_{i}")).map(str::to_owned),
                title: r.title,
                url: r.url,
            })
            .collect();
        let (heading, action, submit, cancel, title) = match editing {
            Some((slug, name)) => (
                format!("Edit {name}"),
                format!("/services/{slug}/edit"),
                "Save changes",
                format!("/services/{slug}"),
                format!("Edit {name}"),
            ),
            None => (
                "Register a service".to_owned(),
                "/services/new".to_owned(),
                "Register service",
                "/".to_owned(),
                "Register a service".to_owned(),
            ),
        };
        Self {
            page: Chrome::new(
                title,
                if editing.is_some() {
                    Nav::None
                } else {
                    Nav::Register
                },
            ),
            editing: editing.is_some(),
            heading,
            action,
            submit,
            cancel,
            teams: options(
                teams.iter().map(|t| (t.slug.as_str(), t.name.as_str())),
                &form.team,
            ),
            tiers: options(
                Tier::ALL.iter().map(|t| (t.as_str(), format::tier(*t))),
                &form.tier,
            ),
            lifecycles: options(
                Lifecycle::ALL
                    .iter()
                    .map(|l| (l.as_str(), format::lifecycle(*l))),
                &form.lifecycle,
            ),
            pr_policies: options(
                PrCheckPolicy::ALL
                    .iter()
                    .map(|p| (p.as_str(), format::pr_check_policy(*p).0)),
                form.pr_check_policy_value(),
            ),
            pr_policy_help: PrCheckPolicy::ALL
                .iter()
                .map(|p| format::pr_check_policy(*p))
                .collect(),
            links,
            summary,
            errors,
            form,
            conflict: None,
        }
    }
}

/// The fields where `saved` differs from `typed`, with the saved values.
pub fn diffs(saved: &ServiceForm, typed: &ServiceForm) -> Vec<Diff> {
    let mut out = Vec::new();
    let mut cmp = |field: &str, a: &str, b: &str| {
        if a.trim() != b.trim() {
            let saved = if a.trim().is_empty() {
                "(empty)".to_owned()
            } else {
                a.trim().to_owned()
            };
            out.push(Diff {
                label: field_label(field),
                saved,
            });
        }
    };
    cmp("name", &saved.name, &typed.name);
    cmp("description", &saved.description, &typed.description);
    cmp("team", &saved.team, &typed.team);
    cmp("tier", &saved.tier, &typed.tier);
    cmp("lifecycle", &saved.lifecycle, &typed.lifecycle);
    cmp("repository", &saved.repository, &typed.repository);
    cmp(
        "repository_path",
        saved.repository_path_value(),
        typed.repository_path_value(),
    );
    let policy = |f: &ServiceForm| {
        PrCheckPolicy::parse("pr_check_policy", f.pr_check_policy_value())
            .map_or("", |p| format::pr_check_policy(p).0)
    };
    cmp("pr_check_policy", policy(saved), policy(typed));
    cmp(
        "monitoring_job",
        &saved.monitoring_job,
        &typed.monitoring_job,
    );
    cmp(
        "monitoring_namespace",
        &saved.monitoring_namespace,
        &typed.monitoring_namespace,
    );
    cmp(
        "monitoring_matchers",
        &saved.monitoring_matchers,
        &typed.monitoring_matchers,
    );
    cmp("launch_target", &saved.launch_target, &typed.launch_target);
    let links = |f: &ServiceForm| {
        f.links
            .iter()
            .map(|l| format!("{} {}", l.title.trim(), l.url.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    cmp("links", &links(saved), &links(typed));
    out
}
