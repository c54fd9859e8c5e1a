//! Declaring and removing a service's dependencies: `GET`/`POST
//! /services/{slug}/dependencies/new` (a catalog service picked by name or slug from a
//! list, or an external system; hard or soft; timeout, retries and fallback) and `POST
//! /services/{slug}/dependencies/{id}/remove`.

use super::super::error::WebError;
use super::super::form_errors::FormErrors;
use super::super::identity::WebActor;
use super::super::page::{Chrome, Nav, render};
use super::super::posted::{LastValueForm, PostedForm};
use super::super::service::form_page::SummaryItem;
use super::common::{blank_is_none, may_edit, number, posted_version, see_other, summary};
use crate::domain::catalog::DependencyKind;
use crate::domain::records;
use crate::edge::AppState;
use crate::error::AppError;
use crate::services::Services;
use crate::services::catalog::dependencies::NewDependency;
use crate::services::catalog::portfolio::{ServiceFilter, ServiceOrder};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

/// Catalog services offered in the pick list.
const PICK_LIMIT: u64 = 2000;

/// The form's fields, in order.
const FIELDS: [&str; 6] = [
    "target",
    "external_name",
    "kind",
    "timeout_ms",
    "retry_policy",
    "fallback",
];

fn label(field: &str) -> String {
    match field {
        "target" => "Service in the catalog",
        "external_name" => "External system",
        "kind" => "Hard or soft",
        "timeout_ms" => "Timeout",
        "retry_policy" => "Retries",
        "fallback" => "Fallback",
        _ => "Form",
    }
    .to_owned()
}

/// The form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DependencyForm {
    /// A catalog service's slug or name.
    pub target: String,
    pub external_name: String,
    /// `hard` or `soft`.
    pub kind: String,
    pub timeout_ms: String,
    pub retry_policy: String,
    pub fallback: String,
}

/// A service offered in the pick list.
#[derive(Debug, Clone)]
pub struct Pick {
    slug: String,
    name: String,
}

#[derive(Template)]
#[template(path = "dependency_form.html", config = "web/askama.toml")]
struct DependencyPage {
    page: Chrome,
    slug: String,
    service_name: String,
    form: DependencyForm,
    errors: FormErrors,
    summary: Vec<SummaryItem>,
    picks: Vec<Pick>,
    may_edit: bool,
    why_not: String,
}

async fn picks(s: &Services, except: i64) -> Result<Vec<records::Service>, WebError> {
    let (listed, _) = s
        .list_services(
            &ServiceFilter::default(),
            ServiceOrder::Slug,
            None,
            PICK_LIMIT,
        )
        .await?;
    Ok(listed
        .into_iter()
        .map(|(_, m)| m)
        .filter(|m| m.id != except)
        .collect())
}

async fn form_page(
    s: &Services,
    svc: &records::Service,
    form: DependencyForm,
    errors: FormErrors,
) -> Result<DependencyPage, WebError> {
    let (may_edit, why_not) = may_edit(s, svc).await?;
    Ok(DependencyPage {
        page: Chrome::new(format!("Add a dependency · {}", svc.name), Nav::None),
        slug: svc.slug.clone(),
        service_name: svc.name.clone(),
        summary: summary(&errors, &FIELDS, label),
        form,
        errors,
        picks: picks(s, svc.id)
            .await?
            .into_iter()
            .map(|m| Pick {
                slug: m.slug,
                name: m.name,
            })
            .collect(),
        may_edit,
        why_not,
    })
}

/// `GET /services/{slug}/dependencies/new`.
pub async fn new_form(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let svc = s.service(&slug).await?;
    let form = DependencyForm {
        kind: "hard".into(),
        ..DependencyForm::default()
    };
    let page = form_page(s, &svc, form, FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &page))
}

/// The catalog service `typed` names, by slug or (unambiguous) name.
fn resolve<'a>(
    typed: &str,
    services: &'a [records::Service],
) -> Result<&'a records::Service, String> {
    let t = typed.trim();
    if let Some(m) = services.iter().find(|m| m.slug == t) {
        return Ok(m);
    }
    let named: Vec<&records::Service> = services
        .iter()
        .filter(|m| m.name.eq_ignore_ascii_case(t))
        .collect();
    match named.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "no other service in the catalog is named or has the slug “{t}”; pick one from the \
             list, or describe it as an external system instead"
        )),
        _ => Err(format!(
            "{} services are named “{t}”; type the slug of the one you mean",
            named.len()
        )),
    }
}

/// `POST /services/{slug}/dependencies/new`.
pub async fn create(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    WebActor(actor): WebActor,
    PostedForm(form): LastValueForm<DependencyForm>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let svc = s.service(&slug).await?;
    let mut errors = FormErrors::default();
    let external = blank_is_none(&form.external_name);
    let mut target = None;
    match (blank_is_none(&form.target), &external) {
        (Some(_), Some(_)) => errors.add(
            "target",
            "fill either a service in the catalog or an external system, not both",
        ),
        (None, None) => errors.add(
            "target",
            "pick a service from the catalog, or name an external system below",
        ),
        (Some(t), None) if t == svc.slug || t.eq_ignore_ascii_case(&svc.name) => {
            errors.add("target", "a service cannot depend on itself");
        }
        (Some(t), None) => match resolve(&t, &picks(s, svc.id).await?) {
            Ok(m) => target = Some(m.slug.clone()),
            Err(e) => errors.add("target", e),
        },
        (None, Some(_)) => {}
    }
    let kind = match form.kind.as_str() {
        "hard" => Some(DependencyKind::Hard),
        "soft" => Some(DependencyKind::Soft),
        _ => {
            errors.add("kind", "choose hard or soft");
            None
        }
    };
    let timeout_ms = number::<i64>(&mut errors, "timeout_ms", &form.timeout_ms, "800");
    if let (Some(kind), true) = (kind, errors.is_empty()) {
        let input = NewDependency {
            service_slug: svc.slug.clone(),
            target_service_slug: target,
            external_name: external,
            kind,
            timeout_ms,
            retry_policy: blank_is_none(&form.retry_policy),
            fallback: blank_is_none(&form.fallback),
        };
        match s.add_dependency(&actor, input).await {
            Ok(_) => {
                return Ok(see_other(format!(
                    "/services/{slug}?saved=dependency#deps-title"
                )));
            }
            Err(AppError::Validation(e)) => {
                let field = match e.field.as_str() {
                    "target_service_slug" => "target",
                    f => f,
                };
                errors.add_error(
                    &crate::domain::FieldError::new(field, plain(&e.message)),
                    &FIELDS,
                );
            }
            Err(e @ AppError::Conflict { .. }) => {
                errors.add("target", super::common::sentence(&e.public_message()))
            }
            Err(AppError::Forbidden(why)) => errors.add("form", super::common::sentence(&why)),
            Err(e) => return Err(e.into()),
        }
    }
    let page = form_page(s, &svc, form, errors).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// A service message for people: no API field names.
fn plain(message: &str) -> String {
    let text = message.replace(
        "give exactly one of targetServiceSlug (a service in the catalog) or externalName",
        "fill either a service in the catalog or an external system",
    );
    crate::web::format::plain(&text)
}

/// The remove button's post.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemovePost {
    version: String,
}

/// `POST /services/{slug}/dependencies/{id}/remove`.
pub async fn remove(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    WebActor(actor): WebActor,
    PostedForm(post): PostedForm<RemovePost>,
) -> Result<Response, WebError> {
    let s = &state.services;
    let mut errors = FormErrors::default();
    let Some(version) = posted_version(&mut errors, &post.version) else {
        return Err(WebError::BadRequest(
            "The remove button lost track of the dependency's version; reload the service page \
             and try again."
                .into(),
        ));
    };
    match s.remove_dependency(&actor, id, version).await {
        Ok(_) => Ok(see_other(format!(
            "/services/{slug}?saved=dependency-removed#deps-title"
        ))),
        Err(AppError::Conflict { .. }) => Ok(see_other(format!(
            "/services/{slug}?saved=dependency-stale#deps-title"
        ))),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(id: i64, slug: &str, name: &str) -> records::Service {
        let now = chrono::Utc::now();
        records::Service {
            id,
            slug: slug.into(),
            name: name.into(),
            description: String::new(),
            team_id: 1,
            tier: crate::domain::catalog::Tier::Tier3,
            lifecycle: crate::domain::catalog::Lifecycle::Development,
            repository: None,
            monitoring: None,
            links: serde_json::json!([]),
            launch_target: None,
            repository_path: None,
            pr_check_policy: Default::default(),
            archived_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn services_are_picked_by_slug_or_unambiguous_name() {
        let all = [
            svc(1, "ledger", "Ledger"),
            svc(2, "auth", "Auth"),
            svc(3, "auth-eu", "Auth"),
        ];
        assert_eq!(resolve("ledger", &all).unwrap().id, 1);
        assert_eq!(resolve(" LEDGER ", &all).unwrap().id, 1);
        assert!(resolve("Auth", &all).unwrap_err().contains("2 services"));
        assert!(
            resolve("nope", &all)
                .unwrap_err()
                .contains("external system")
        );
    }
}
