//! The checklist template registry: loads `checklists/*.yaml`, stores every distinct version,
//! and serves templates by key (latest) or by stored id (pinned by reviews).

mod use_cases;

use crate::domain::template::{Template, TemplateError, TemplateIssue, TemplateSchema};
use crate::error::{AppError, AppResult};
use crate::services::Actor;
use crate::services::write::{Change, Write};
use crate::store::Database;
use crate::store::entities::checklist_template as row;
use crate::store::unique::insert_unless_taken;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, NotSet, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// A template version as stored.
#[derive(Debug, Clone)]
pub struct StoredTemplate {
    /// Row id; reviews pin it.
    pub id: i64,
    /// Version number within the key, from 1.
    pub version: i32,
    /// SHA-256 of the canonical JSON form; equal hashes mean equal content.
    pub content_hash: String,
    /// File it was loaded from, if any.
    pub source_path: Option<String>,
    /// When this version was first stored.
    pub created_at: DateTime<Utc>,
    /// The parsed template.
    pub template: Template,
}

/// What a (re)load did, file by file.
#[derive(Debug, Default, Clone)]
pub struct LoadReport {
    /// Templates now in force: key, version, and whether this load created the version.
    pub loaded: Vec<LoadedTemplate>,
    /// Files rejected; the previous version of their template (if any) stays in force.
    pub errors: Vec<TemplateError>,
}

/// One template accepted by a load.
#[derive(Debug, Clone)]
pub struct LoadedTemplate {
    /// File it came from.
    pub file: String,
    /// Template key.
    pub key: String,
    /// Version in force.
    pub version: i32,
    /// True when the load stored a new version.
    pub created: bool,
}

/// Loaded templates, shared by every request.
pub struct TemplateRegistry {
    schema: TemplateSchema,
    dir: Option<PathBuf>,
    default_key: String,
    latest: RwLock<HashMap<String, Arc<StoredTemplate>>>,
    by_id: RwLock<HashMap<i64, Arc<StoredTemplate>>>,
}

/// The JSON Schema shipped with the binary (also on disk as `checklists/schema.json`).
pub const EMBEDDED_SCHEMA: &str = include_str!("../../../checklists/schema.json");

/// The default template shipped with the binary, used when no checklist directory exists.
pub const EMBEDDED_DEFAULT: &str = include_str!("../../../checklists/orr-standard.yaml");

/// Parses every `*.yaml`/`*.yml` file under `paths` (files or directories) without storing
/// anything: the `orrery checklists validate` command.
pub fn validate_paths(
    schema: &TemplateSchema,
    paths: &[PathBuf],
) -> (Vec<(String, Template)>, Vec<TemplateError>) {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for file in template_files(paths, &mut errors) {
        let name = file.display().to_string();
        match std::fs::read_to_string(&file) {
            Ok(text) => match schema.parse(&name, &text) {
                Ok(t) => ok.push((name, t)),
                Err(e) => errors.push(e),
            },
            Err(e) => errors.push(io_error(&name, &e)),
        }
    }
    (ok, errors)
}

fn io_error(name: &str, e: &std::io::Error) -> TemplateError {
    TemplateError {
        source: name.to_owned(),
        issues: vec![TemplateIssue {
            line: None,
            column: None,
            pointer: String::new(),
            rule: "io".into(),
            message: format!("cannot read: {e}"),
        }],
    }
}

fn template_files(paths: &[PathBuf], errors: &mut Vec<TemplateError>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            match std::fs::read_dir(path) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(e) => errors.push(io_error(&path.display().to_string(), &e)),
            }
        } else {
            files.push(path.clone());
        }
    }
    files
}

impl TemplateRegistry {
    /// A registry reading `dir` (or only the embedded default template when `None`).
    pub fn new(dir: Option<PathBuf>, default_key: impl Into<String>) -> Result<Self, String> {
        Ok(Self {
            schema: TemplateSchema::compile(EMBEDDED_SCHEMA)?,
            dir,
            default_key: default_key.into(),
            latest: RwLock::default(),
            by_id: RwLock::default(),
        })
    }

    /// Key of the template new services are reviewed against.
    pub fn default_key(&self) -> &str {
        &self.default_key
    }

    /// The compiled schema.
    pub fn schema(&self) -> &TemplateSchema {
        &self.schema
    }

    /// (Re)loads the checklist directory, storing new versions of changed templates. Files
    /// that fail to parse are reported and change nothing.
    pub async fn reload(
        &self,
        db: &Database,
        actor: &crate::services::Actor,
        now: DateTime<Utc>,
    ) -> AppResult<LoadReport> {
        let mut report = LoadReport::default();
        let sources: Vec<(String, Template)> = match &self.dir {
            Some(dir) => {
                let (ok, errors) = validate_paths(&self.schema, std::slice::from_ref(dir));
                report.errors = errors;
                ok
            }
            None => match self
                .schema
                .parse("orr-standard.yaml (embedded)", EMBEDDED_DEFAULT)
            {
                Ok(t) => vec![("orr-standard.yaml (embedded)".into(), t)],
                Err(e) => {
                    report.errors.push(e);
                    Vec::new()
                }
            },
        };
        for (file, template) in sources {
            let (stored, created) = self.store(db, actor, &file, template, now).await?;
            report.loaded.push(LoadedTemplate {
                file,
                key: stored.template.key.clone(),
                version: stored.version,
                created,
            });
            self.remember(stored, true);
        }
        for e in &report.errors {
            tracing::warn!(error = %e, "checklist template rejected; the previous version stays in force");
        }
        Ok(report)
    }

    async fn store(
        &self,
        db: &Database,
        actor: &Actor,
        file: &str,
        template: Template,
        now: DateTime<Utc>,
    ) -> AppResult<(Arc<StoredTemplate>, bool)> {
        let hash = template.content_hash();
        let w = Write::open(db, actor, now).await?;
        let latest = row::Entity::find()
            .filter(row::Column::Key.eq(&template.key))
            .order_by_desc(row::Column::Version)
            .one(w.txn())
            .await?;
        let next = match latest {
            Some(l) if l.content_hash == hash => {
                w.commit().await?;
                return Ok((Arc::new(stored_from_row(l, template)), false));
            }
            Some(l) => l.version + 1,
            None => 1,
        };
        let new_row = row::ActiveModel {
            id: NotSet,
            key: Set(template.key.clone()),
            version: Set(next),
            name: Set(template.name.clone()),
            content_hash: Set(hash.clone()),
            definition: Set(serde_json::to_value(&template)?),
            source_path: Set(Some(file.to_owned())),
            created_at: Set(now),
        };
        // Replicas starting together race to store the same new version: one inserts it,
        // the others find it (or, if its content differs, report the clash).
        let key_cols = [row::Column::Key, row::Column::Version];
        let Some(inserted) = insert_unless_taken(w.txn(), new_row, key_cols).await? else {
            let winner = row::Entity::find()
                .filter(row::Column::Key.eq(&template.key))
                .filter(row::Column::Version.eq(next))
                .one(w.txn())
                .await?;
            w.commit().await?;
            return match winner {
                Some(w) if w.content_hash == hash => {
                    Ok((Arc::new(stored_from_row(w, template)), false))
                }
                _ => Err(AppError::conflict(format!(
                    "checklist template `{}` version {next} was stored concurrently with other content; restart to load the newest",
                    template.key
                ))),
            };
        };
        let summary = serde_json::json!({"key": inserted.key, "version": inserted.version, "hash": inserted.content_hash, "file": file});
        let change = Change::new("template.version", ("checklist_template", inserted.id));
        w.done(change.after(&summary), None).await?;
        tracing::info!(key = %template.key, version = next, file, "stored new checklist template version");
        Ok((Arc::new(stored_from_row(inserted, template)), true))
    }

    fn remember(&self, stored: Arc<StoredTemplate>, as_latest: bool) {
        if as_latest {
            let mut latest = self.latest.write().unwrap_or_else(|p| p.into_inner());
            latest.insert(stored.template.key.clone(), stored.clone());
        }
        self.by_id
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(stored.id, stored);
    }

    /// The version in force for `key`.
    pub fn latest(&self, key: &str) -> Option<Arc<StoredTemplate>> {
        self.latest
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
    }

    /// Every template in force, by key.
    pub fn all_latest(&self) -> Vec<Arc<StoredTemplate>> {
        let mut all: Vec<_> = self
            .latest
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect();
        all.sort_by(|a, b| a.template.key.cmp(&b.template.key));
        all
    }

    /// A stored version by row id (cached after the first read).
    pub async fn by_id(&self, db: &Database, id: i64) -> AppResult<Arc<StoredTemplate>> {
        if let Some(t) = self
            .by_id
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
        {
            return Ok(t.clone());
        }
        let r = row::Entity::find_by_id(id)
            .one(db.conn())
            .await?
            .ok_or_else(|| AppError::not_found("checklist template", id.to_string()))?;
        let stored = Arc::new(stored_from_db(r)?);
        self.remember(stored.clone(), false);
        Ok(stored)
    }

    /// A stored version already in memory (see [`TemplateRegistry::by_id`] to load one).
    pub fn cached(&self, id: i64) -> Option<Arc<StoredTemplate>> {
        self.by_id
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
            .cloned()
    }

    /// A stored version by key and version number.
    pub async fn by_version(
        &self,
        db: &Database,
        key: &str,
        version: i32,
    ) -> AppResult<Arc<StoredTemplate>> {
        let r = row::Entity::find()
            .filter(row::Column::Key.eq(key))
            .filter(row::Column::Version.eq(version))
            .one(db.conn())
            .await?
            .ok_or_else(|| AppError::not_found("checklist template", format!("{key}@{version}")))?;
        self.by_id(db, r.id).await
    }

    /// Directory the registry reads, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }
}

fn stored_from_row(r: row::Model, template: Template) -> StoredTemplate {
    StoredTemplate {
        id: r.id,
        version: r.version,
        content_hash: r.content_hash,
        source_path: r.source_path,
        created_at: r.created_at,
        template,
    }
}

fn stored_from_db(r: row::Model) -> AppResult<StoredTemplate> {
    let template: Template = serde_json::from_value(r.definition.clone())?;
    Ok(stored_from_row(r, template))
}
