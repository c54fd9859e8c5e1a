//! Reading the YAML files a check names, the way a repository holds them: rendered
//! manifests beside Helm charts, templated files and Kustomize patches.
//!
//! - A file under a Helm chart's `templates/` (a directory beside `Chart.yaml`) is a
//!   template `helm` renders at install time; it is not read, and the chart is reported.
//! - A file named as a template (`values.tpl.yaml`, `x.yaml.j2`) is not read.
//! - A document that does not parse but holds template syntax (`{{ … }}`) is skipped as a
//!   template; any other that does not parse is reported with its line and column. The
//!   other documents of the file are still read.
//! - A file a `kustomization.yaml` lists as a patch holds part of an object, not a whole
//!   one; it is set aside and reported, so it is never judged as an incomplete object.

use super::source::{RepoFile, RepoSource, RepoTree};
use super::yaml_docs::{Broken, Document, Position, parse_file};
use serde_json::Value;
use std::collections::BTreeMap;

/// A parsed document and the file it came from.
#[derive(Debug)]
pub struct Sourced {
    /// Repository-relative path of the file.
    pub path: String,
    /// The document.
    pub document: Document,
}

/// Why a file or document was not read as YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Named as a template.
    TemplateName,
    /// A document holding template syntax that is not YAML until rendered.
    TemplateSyntax(Position),
    /// A patch listed by this kustomization file.
    KustomizePatch(String),
}

/// Everything read for one check.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Documents that parsed, in file order.
    pub documents: Vec<Sourced>,
    /// Documents that do not parse: (file, what the parser said).
    pub broken: Vec<(String, Broken)>,
    /// Files or documents set aside, with the reason.
    pub skipped: Vec<(String, Skip)>,
    /// Helm charts (directories) holding matched files, with the number of templates.
    pub charts: BTreeMap<String, usize>,
}

/// Reads and parses `files`; `Err` when a file cannot be read at all (the source failed).
pub async fn read_corpus(
    source: &dyn RepoSource,
    tree: &RepoTree,
    files: &[&RepoFile],
) -> Result<Corpus, String> {
    let charts = chart_dirs(tree);
    let mut corpus = Corpus::default();
    for file in files {
        if let Some(chart) = charts.iter().find(|c| in_templates(c, &file.path)) {
            *corpus.charts.entry(chart.clone()).or_default() += 1;
            continue;
        }
        if named_as_template(&file.path) {
            corpus.skipped.push((file.path.clone(), Skip::TemplateName));
            continue;
        }
        let text = source.read(tree, &file.path).await.map_err(|e| e.message)?;
        let parsed = parse_file(&file.path, &text);
        for broken in parsed.broken {
            if broken.templated {
                let skip = Skip::TemplateSyntax(broken.at);
                corpus.skipped.push((file.path.clone(), skip));
            } else {
                corpus.broken.push((file.path.clone(), broken));
            }
        }
        corpus
            .documents
            .extend(parsed.documents.into_iter().map(|document| Sourced {
                path: file.path.clone(),
                document,
            }));
    }
    set_aside_patches(&mut corpus);
    Ok(corpus)
}

/// Directories holding a `Chart.yaml` ("" for the repository root).
fn chart_dirs(tree: &RepoTree) -> Vec<String> {
    tree.files
        .iter()
        .filter_map(|f| match f.path.rsplit_once('/') {
            Some((dir, "Chart.yaml")) => Some(dir.to_owned()),
            None if f.path == "Chart.yaml" => Some(String::new()),
            _ => None,
        })
        .collect()
}

fn in_templates(chart: &str, path: &str) -> bool {
    let templates = if chart.is_empty() {
        "templates/".to_owned()
    } else {
        format!("{chart}/templates/")
    };
    path.starts_with(&templates)
}

/// `values.tpl.yaml`, `deploy.yaml.j2`, `x.gotmpl.yaml`: a name part saying "template".
fn named_as_template(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split('.').skip(1).any(|part| {
        matches!(
            part.to_ascii_lowercase().as_str(),
            "tpl" | "tmpl" | "gotmpl" | "j2" | "jinja" | "jinja2" | "template"
        )
    })
}

/// Removes the documents of files listed as patches by a kustomization among the documents.
fn set_aside_patches(corpus: &mut Corpus) {
    let mut patches: BTreeMap<String, String> = BTreeMap::new();
    for sourced in &corpus.documents {
        let name = sourced.path.rsplit('/').next().unwrap_or_default();
        let value = &sourced.document.value;
        let is_kustomization = matches!(name, "kustomization.yaml" | "kustomization.yml")
            || value.get("kind").and_then(Value::as_str) == Some("Kustomization");
        if !is_kustomization {
            continue;
        }
        let dir = sourced.path.rsplit_once('/').map_or("", |(d, _)| d);
        for listed in patch_paths(value) {
            if let Some(path) = join_relative(dir, listed) {
                patches.entry(path).or_insert_with(|| sourced.path.clone());
            }
        }
    }
    if patches.is_empty() {
        return;
    }
    let mut reported = std::collections::BTreeSet::new();
    corpus.documents.retain(|s| match patches.get(&s.path) {
        Some(kustomization) => {
            if reported.insert(s.path.clone()) {
                let skip = Skip::KustomizePatch(kustomization.clone());
                corpus.skipped.push((s.path.clone(), skip));
            }
            false
        }
        None => true,
    });
}

/// The files a kustomization names as patches (inline patches are not files).
fn patch_paths(kustomization: &Value) -> Vec<&str> {
    let list = |key: &str| {
        kustomization
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    };
    let merge = list("patchesStrategicMerge").filter_map(Value::as_str);
    let objects = list("patches")
        .chain(list("patchesJson6902"))
        .filter_map(|p| p.get("path").and_then(Value::as_str).or_else(|| p.as_str()));
    merge.chain(objects).filter(|p| !p.contains('\n')).collect()
}

/// `dir` joined with a relative path, `.` and `..` resolved; `None` if it leaves the root.
fn join_relative(dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::{join_relative, named_as_template};

    #[test]
    fn template_names_are_recognised() {
        assert!(named_as_template("deploy/k8s/values.tpl.yaml"));
        assert!(named_as_template("deploy/app.yaml.j2"));
        assert!(!named_as_template("deploy/templates.yaml"));
        assert!(!named_as_template("deploy/tpl/app.yaml"));
    }

    #[test]
    fn patch_paths_resolve_inside_the_repository_only() {
        assert_eq!(
            join_relative("deploy/overlays/prod", "../../base/patch.yaml").as_deref(),
            Some("deploy/base/patch.yaml")
        );
        assert_eq!(
            join_relative("", "./replicas.yaml").as_deref(),
            Some("replicas.yaml")
        );
        assert_eq!(join_relative("deploy", "../../x.yaml"), None);
    }
}
