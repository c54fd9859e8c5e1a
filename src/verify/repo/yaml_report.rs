//! How `repo.yaml_path` evidence names things: the object a node belongs to
//! (`Deployment/api, container worker`, `alert HighErrorRate`), a node's path in dotted
//! form, and what was left unread and why.

use super::yaml_docs::Step;
use super::yaml_files::{Corpus, Skip};
use crate::verify::listing::list_some_by;
use serde_json::{Value, json};

/// Most entries of one kind listed in a summary.
const LISTED: usize = 3;

/// What the node at `path` in `root` is about, outermost first, e.g.
/// `Deployment/api, container worker` or `alert HighErrorRate`; `None` if nothing on the
/// way has a name.
pub fn object_label(root: &Value, path: &[Step]) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(describe(root, None, true));
    let (mut node, mut list_key) = (root, None::<&str>);
    for step in path {
        let next = match step {
            Step::Key(k) => node.get(k),
            Step::Index(i) => node.get(i),
        };
        let Some(next) = next else { break };
        let in_list = match step {
            Step::Index(_) => list_key,
            Step::Key(_) => None,
        };
        parts.extend(describe(next, in_list, false));
        list_key = match step {
            Step::Key(k) => Some(k.as_str()),
            Step::Index(_) => None,
        };
        node = next;
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// A name for one node: a Kubernetes object, an alerting or recording rule, a container.
fn describe(node: &Value, in_list: Option<&str>, root: bool) -> Option<String> {
    let object = node.as_object()?;
    let text = |key: &str| object.get(key).and_then(Value::as_str);
    // Below the root, `kind` alone also names references (`scaleTargetRef`).
    if let Some(kind) = text("kind").filter(|_| root || object.contains_key("apiVersion")) {
        let name = node.pointer("/metadata/name").and_then(Value::as_str);
        return Some(match name {
            Some(name) => format!("{kind}/{name}"),
            None => kind.to_owned(),
        });
    }
    if let Some(alert) = text("alert") {
        return Some(format!("alert {alert}"));
    }
    if let Some(record) = text("record") {
        return Some(format!("recording rule {record}"));
    }
    let what = match in_list? {
        "containers" => "container",
        "initContainers" => "init container",
        "ephemeralContainers" => "ephemeral container",
        "env" => "environment variable",
        "volumes" => "volume",
        _ => return None,
    };
    Some(format!("{what} {}", text("name")?))
}

/// A path relative to a node, as an owner reads it: `spec.template.spec.containers[1]`.
pub fn dotted(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(k) if is_identifier(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Key(k) => out.push_str(&format!("['{}']", k.replace('\'', "\\'"))),
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn is_identifier(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
}

/// A JSONPath for display without its leading `$.`.
pub fn bare_path(path: &str) -> &str {
    path.strip_prefix("$.").unwrap_or(path)
}

/// What was not read, as a sentence to append to a summary ("" when everything was).
pub fn reading_notes(corpus: &Corpus) -> String {
    let mut not_read: Vec<String> = corpus
        .charts
        .iter()
        .map(|(chart, n)| {
            let at = if chart.is_empty() { "." } else { chart };
            let templates = if *n == 1 { "template" } else { "templates" };
            format!(
                "the Helm chart {at} ({n} {templates}, rendered only at install; commit the \
                 output of `helm template` to have it checked)"
            )
        })
        .collect();
    not_read.extend(corpus.skipped.iter().map(|(path, skip)| match skip {
        Skip::TemplateName => format!("{path} (named as a template)"),
        Skip::TemplateSyntax(at) => format!(
            "{path}:{} (a document with template syntax, not YAML until rendered)",
            at.line
        ),
        Skip::KustomizePatch(k) => format!("{path} (a patch listed in {k})"),
    }));
    let broken: Vec<String> = corpus
        .broken
        .iter()
        .map(|(path, b)| {
            format!(
                "{path}:{}:{} ({})",
                b.at.line,
                b.at.column,
                if b.message.is_empty() {
                    "not valid YAML"
                } else {
                    &b.message
                }
            )
        })
        .collect();
    let mut notes = String::new();
    if !not_read.is_empty() {
        notes.push_str(&format!(
            " Not read: {}.",
            list_some_by(&not_read, LISTED, "; ")
        ));
    }
    if !broken.is_empty() {
        notes.push_str(&format!(
            " Could not parse, so left out: {}.",
            list_some_by(&broken, LISTED, "; ")
        ));
    }
    notes
}

/// The unread files and documents, for `observed`.
pub fn reading_observed(corpus: &Corpus) -> Value {
    json!({
        "helm_charts": corpus.charts.iter()
            .map(|(chart, n)| json!({ "path": chart, "templates": n }))
            .collect::<Vec<_>>(),
        "skipped": corpus.skipped.iter().take(20).map(|(path, skip)| match skip {
            Skip::TemplateName => json!({ "path": path, "reason": "template_name" }),
            Skip::TemplateSyntax(at) =>
                json!({ "path": path, "line": at.line, "reason": "template_syntax" }),
            Skip::KustomizePatch(k) =>
                json!({ "path": path, "reason": "kustomize_patch", "kustomization": k }),
        }).collect::<Vec<_>>(),
        "unparseable": corpus.broken.iter().take(20).map(|(path, b)| json!({
            "path": path, "line": b.at.line, "column": b.at.column, "message": b.message,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::{Step, dotted, object_label};
    use serde_json::json;

    fn steps(path: &[&str]) -> Vec<Step> {
        path.iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Key((*s).to_owned()),
            })
            .collect()
    }

    #[test]
    fn objects_are_named_from_the_outside_in() {
        let deployment = json!({"kind": "Deployment", "metadata": {"name": "api"},
            "spec": {"template": {"spec": {"containers": [{"name": "web"}, {"name": "worker"}]}}}});
        let path = steps(&[
            "spec",
            "template",
            "spec",
            "containers",
            "1",
            "readinessProbe",
        ]);
        assert_eq!(
            object_label(&deployment, &path).as_deref(),
            Some("Deployment/api, container worker")
        );
        let rules = json!({"groups": [{"name": "g", "rules": [{"alert": "Down"}]}]});
        assert_eq!(
            object_label(&rules, &steps(&["groups", "0", "rules", "0"])).as_deref(),
            Some("alert Down")
        );
        let hpa = json!({"kind": "HorizontalPodAutoscaler",
            "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "api"}}});
        assert_eq!(
            object_label(&hpa, &steps(&["spec", "scaleTargetRef", "kind"])).as_deref(),
            Some("HorizontalPodAutoscaler")
        );
        assert_eq!(object_label(&json!({"a": 1}), &steps(&["a"])), None);
    }

    #[test]
    fn paths_read_as_dotted_keys() {
        let path = steps(&["spec", "containers", "1", "app.kubernetes.io/name"]);
        assert_eq!(
            dotted(&path),
            "spec.containers[1]['app.kubernetes.io/name']"
        );
    }
}
