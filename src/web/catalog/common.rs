//! What the catalog forms share: the redirect after a good post, the error summary, reading
//! numbers typed into text boxes, and who may make the change.

use super::super::error::WebError;
use super::super::form_errors::FormErrors;
use super::super::permits;
use super::super::service::form_page::SummaryItem;
use crate::domain::records;
use crate::services::Services;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::str::FromStr;

/// `303 See Other` to `to`.
pub fn see_other(to: String) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

/// The error summary: one entry per problem, in the order of `order`, labelled by `label`.
pub fn summary(errors: &FormErrors, order: &[&str], label: fn(&str) -> String) -> Vec<SummaryItem> {
    let mut items: Vec<(usize, SummaryItem)> = errors
        .iter()
        .map(|(field, message)| {
            let pos = order
                .iter()
                .position(|o| *o == field)
                .unwrap_or(order.len());
            let href = if field == "form" {
                "#form-error".to_owned()
            } else {
                format!("#f-{field}")
            };
            (
                pos,
                SummaryItem {
                    href,
                    text: if field == "form" {
                        message.to_owned()
                    } else {
                        format!("{}: {message}", label(field))
                    },
                },
            )
        })
        .collect();
    items.sort_by_key(|(p, _)| *p);
    items.into_iter().map(|(_, s)| s).collect()
}

/// A number typed into `field`: `None` when blank; a problem recorded when it is not a
/// number (`example` shows one that is).
pub fn number<T: FromStr>(
    errors: &mut FormErrors,
    field: &str,
    value: &str,
    example: &str,
) -> Option<T> {
    let v = value.trim().replace([',', '_', ' '], "");
    if v.is_empty() {
        return None;
    }
    match v.trim_end_matches('%').parse::<T>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.add(
                field,
                format!(
                    "“{}” is not a number; write digits only, e.g. {example}",
                    value.trim()
                ),
            );
            None
        }
    }
}

/// A number that must be given.
pub fn required_number<T: FromStr>(
    errors: &mut FormErrors,
    field: &str,
    value: &str,
    example: &str,
) -> Option<T> {
    if value.trim().is_empty() {
        errors.add(field, format!("is required, e.g. {example}"));
        return None;
    }
    number(errors, field, value, example)
}

/// Text typed into a box, `None` when blank.
pub fn blank_is_none(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Whether the person looking may change `service`'s catalog entries, and why not.
pub async fn may_edit(
    s: &Services,
    service: &records::Service,
) -> Result<(bool, String), WebError> {
    let p = permits::on(s, service, &[]).await?;
    let (ok, why) = permits::split(&p.own);
    Ok((ok, if ok { why } else { sentence(&why) }))
}

/// A reason as a sentence: capital first letter, full stop, values in typographic quotes.
pub fn sentence(text: &str) -> String {
    let text = crate::web::format::plain(text);
    let mut c = text.trim().chars();
    let Some(first) = c.next() else {
        return String::new();
    };
    let mut s: String = first.to_uppercase().chain(c).collect();
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

/// The version a form posted back, or a problem on the form when it is missing.
pub fn posted_version(errors: &mut FormErrors, value: &str) -> Option<i64> {
    let v = value.trim().parse::<i64>().ok();
    if v.is_none() {
        errors.add(
            "form",
            "the form lost track of the version it edits; reload the page and try again",
        );
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_or_explained() {
        let mut e = FormErrors::default();
        assert_eq!(number::<f64>(&mut e, "a", " 99.9% ", "99.9"), Some(99.9));
        assert_eq!(number::<i64>(&mut e, "b", "1 000", "5"), Some(1000));
        assert_eq!(number::<f64>(&mut e, "c", "", "1"), None);
        assert!(e.is_empty());
        assert_eq!(number::<f64>(&mut e, "d", "lots", "1.5"), None);
        assert!(e.get("d").unwrap().contains("not a number"));
        assert_eq!(required_number::<f64>(&mut e, "r", " ", "1"), None);
        assert!(e.get("r").unwrap().starts_with("is required"));
    }

    #[test]
    fn reasons_read_as_sentences() {
        assert_eq!(sentence("sign in first"), "Sign in first.");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence(""), "");
        assert_eq!(
            sentence("only owners of team `payments` (or an admin) may edit the team"),
            "Only owners of team “payments” (or an admin) may edit the team."
        );
    }
}
