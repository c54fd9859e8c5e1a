//! Reloading checklist templates from disk.

use crate::graphql::error::GqlResult;
use crate::graphql::{actor, svc};
use async_graphql::{Context, Object, Result, SimpleObject};

/// One template accepted by a reload.
#[derive(SimpleObject)]
pub struct LoadedTemplate {
    /// File.
    pub file: String,
    /// Template key.
    pub key: String,
    /// Version in force.
    pub version: i32,
    /// Whether this reload stored a new version.
    pub created: bool,
}

/// One problem in a rejected template file.
#[derive(SimpleObject)]
pub struct TemplateProblem {
    /// File.
    pub file: String,
    /// 1-based line.
    pub line: Option<i32>,
    /// 1-based column.
    pub column: Option<i32>,
    /// JSON pointer of the offending node.
    pub pointer: String,
    /// Rule broken.
    pub rule: String,
    /// What is wrong.
    pub message: String,
}

/// Result of a reload: what is in force and what was rejected (and therefore left as it was).
#[derive(SimpleObject)]
pub struct ReloadReport {
    /// Templates in force.
    pub loaded: Vec<LoadedTemplate>,
    /// Problems in rejected files.
    pub problems: Vec<TemplateProblem>,
}

/// Template mutations.
#[derive(Default)]
pub struct TemplateMutation;

#[Object]
impl TemplateMutation {
    /// Re-reads the checklist directory. Changed templates become new versions; files with
    /// errors are reported and the previous version stays in force.
    async fn reload_checklists(&self, ctx: &Context<'_>) -> Result<ReloadReport> {
        let s = svc(ctx);
        let report = s.reload_templates(actor(ctx)).await.gql()?;
        Ok(ReloadReport {
            loaded: report
                .loaded
                .into_iter()
                .map(|l| LoadedTemplate {
                    file: l.file,
                    key: l.key,
                    version: l.version,
                    created: l.created,
                })
                .collect(),
            problems: report
                .errors
                .into_iter()
                .flat_map(|e| {
                    let file = e.source;
                    e.issues.into_iter().map(move |i| TemplateProblem {
                        file: file.clone(),
                        line: i.line.map(|l| l as i32),
                        column: i.column.map(|c| c as i32),
                        pointer: i.pointer,
                        rule: i.rule,
                        message: i.message,
                    })
                })
                .collect(),
        })
    }
}
