//! Problems with a submitted form, keyed by the form field they belong to, so each can be
//! shown next to its field and listed in a summary at the top.

use crate::domain::FieldError;
use std::collections::BTreeMap;

/// Problems by form field (`slug`, `link_url_2`, … or `form` for the form as a whole).
#[derive(Debug, Clone, Default)]
pub struct FormErrors(BTreeMap<String, String>);

impl FormErrors {
    /// The problem with `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// Records a problem (the first one per field wins).
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        let message = super::format::plain(&message.into());
        self.0.entry(field.into()).or_insert(message);
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every problem, in the order the fields appear on the form.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut all: Vec<(&str, &str)> = self
            .0
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        all.sort_by_key(|(field, _)| form_position(field));
        all.into_iter()
    }

    /// Records a validation error on the form field its domain field belongs to (see
    /// [`form_field`]); a field this form does not show (not in `shown`) goes to the form
    /// as a whole.
    pub fn add_error(&mut self, e: &FieldError, shown: &[&str]) {
        let field = form_field(&e.field);
        let field = if shown.contains(&field) {
            field
        } else {
            "form"
        };
        self.add(field, e.message.clone());
    }

    /// Records an error from the service form, where links and matchers are lists:
    /// `link_rows[i]` is the form row of the `i`-th link submitted.
    pub fn add_service_error(&mut self, e: &FieldError, link_rows: &[usize]) {
        let indexed = |prefix: &str| -> Option<(usize, String)> {
            let rest = e.field.strip_prefix(prefix)?.strip_prefix('[')?;
            let (n, tail) = rest.split_once(']')?;
            Some((n.parse().ok()?, tail.trim_start_matches('.').to_owned()))
        };
        match (indexed("links"), indexed("monitoring.matchers")) {
            (Some((i, part)), _) if part == "title" || part == "url" => {
                let row = link_rows.get(i).copied().unwrap_or(i);
                self.add(format!("link_{part}_{row}"), e.message.clone());
            }
            (_, Some((i, _))) => {
                self.add(
                    "monitoring_matchers",
                    format!("line {}: {}", i + 1, e.message),
                );
            }
            _ => self.add_error(e, &SERVICE_FIELDS),
        }
    }
}

/// The one table from domain fields (as services and the domain name them) to the web's
/// form fields, for every form; a domain field missing here is its own form field.
const FORM_FIELDS: &[(&str, &str)] = &[
    ("team_slug", "team"),
    ("repositoryPath", "repository_path"),
    ("monitoring.job", "monitoring_job"),
    ("monitoring.namespace", "monitoring_namespace"),
    ("compensating_control", "control"),
    ("expires_at", "expires"),
];

/// The form field of a domain field.
pub fn form_field(domain: &str) -> &str {
    FORM_FIELDS
        .iter()
        .find(|(d, _)| *d == domain)
        .map_or(domain, |(_, form)| form)
}

/// The service form's fixed fields.
const SERVICE_FIELDS: [&str; 14] = [
    "slug",
    "name",
    "description",
    "team",
    "tier",
    "lifecycle",
    "launch_target",
    "repository",
    "repository_path",
    "pr_check_policy",
    "monitoring_job",
    "monitoring_namespace",
    "monitoring_matchers",
    "links",
];

/// Where a field sits on the form: fixed fields in order, then link rows, then the rest.
fn form_position(field: &str) -> (usize, usize, usize) {
    const ORDER: [&str; 14] = SERVICE_FIELDS;
    if let Some(i) = ORDER.iter().position(|f| *f == field) {
        return (i, 0, 0);
    }
    for (part, prefix) in ["link_kind_", "link_title_", "link_url_"]
        .iter()
        .enumerate()
    {
        if let Some(row) = field.strip_prefix(prefix).and_then(|n| n.parse().ok()) {
            return (ORDER.len(), row, part);
        }
    }
    (ORDER.len() + 1, 0, 0)
}

/// The label of a form field, for the error summary.
pub fn field_label(field: &str) -> String {
    let fixed = match field {
        "slug" => "Slug",
        "name" => "Name",
        "description" => "Description",
        "team" => "Owning team",
        "tier" => "Tier",
        "lifecycle" => "Lifecycle",
        "repository" => "Repository",
        "repository_path" => "Directory in the repository",
        "pr_check_policy" => "Pull request checks",
        "monitoring_job" => "Prometheus job",
        "monitoring_namespace" => "Namespace",
        "monitoring_matchers" => "Extra label matchers",
        "launch_target" => "Launch target",
        "links" => "Links",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.into();
    }
    for (prefix, what) in [
        ("link_title_", "title"),
        ("link_url_", "URL"),
        ("link_kind_", "kind"),
    ] {
        if let Some(n) = field
            .strip_prefix(prefix)
            .and_then(|n| n.parse::<usize>().ok())
        {
            return format!("Link {} {what}", n + 1);
        }
    }
    "Form".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_fields_map_to_form_fields() {
        let mut e = FormErrors::default();
        let rows = [0, 2];
        for (path, msg) in [
            ("slug", "bad slug"),
            ("team_slug", "no team"),
            ("links[1].url", "bad url"),
            ("links[0].title", "no title"),
            ("monitoring.matchers[1]", "bad matcher"),
            ("monitoring.job", "quotes"),
            ("expected_version", "stale"),
        ] {
            e.add_service_error(&FieldError::new(path, msg), &rows);
        }
        assert_eq!(e.get("slug"), Some("bad slug"));
        assert_eq!(e.get("team"), Some("no team"));
        assert_eq!(
            e.get("link_url_2"),
            Some("bad url"),
            "second link is form row 2"
        );
        assert_eq!(e.get("link_title_0"), Some("no title"));
        assert_eq!(e.get("monitoring_matchers"), Some("line 2: bad matcher"));
        assert_eq!(e.get("monitoring_job"), Some("quotes"));
        assert_eq!(e.get("form"), Some("stale"));
        e.add("slug", "second problem");
        assert_eq!(e.get("slug"), Some("bad slug"), "the first problem wins");
    }

    #[test]
    fn labels_name_fields_and_link_rows() {
        assert_eq!(field_label("team"), "Owning team");
        assert_eq!(field_label("link_url_0"), "Link 1 URL");
        assert_eq!(field_label("link_title_3"), "Link 4 title");
        assert_eq!(field_label("whatever"), "Form");
    }
}
