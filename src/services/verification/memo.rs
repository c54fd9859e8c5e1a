//! One verification asks Prometheus for its rules and targets once, however many checks
//! read them (the shipped template has six rule checks per service).

use crate::verify::SourceError;
use crate::verify::prom::{MetricsSource, QueryValue, RuleGroup, Target};
use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use tokio::sync::OnceCell;

/// A [`MetricsSource`] that remembers `rules()` and `targets()` for its lifetime (one
/// verification). Queries are passed through; errors are remembered too, so an unreachable
/// server costs one timeout per run, not one per check.
pub(super) struct PerRun<'a> {
    inner: &'a dyn MetricsSource,
    rules: OnceCell<Result<Vec<RuleGroup>, SourceError>>,
    targets: OnceCell<Result<Vec<Target>, SourceError>>,
}

impl<'a> PerRun<'a> {
    pub(super) fn new(inner: &'a dyn MetricsSource) -> Self {
        Self {
            inner,
            rules: OnceCell::new(),
            targets: OnceCell::new(),
        }
    }
}

impl MetricsSource for PerRun<'_> {
    fn describe(&self) -> String {
        self.inner.describe()
    }

    fn query<'b>(
        &'b self,
        promql: &'b str,
        at: Option<DateTime<Utc>>,
    ) -> BoxFuture<'b, Result<QueryValue, SourceError>> {
        self.inner.query(promql, at)
    }

    fn rules(&self) -> BoxFuture<'_, Result<Vec<RuleGroup>, SourceError>> {
        Box::pin(async move { self.rules.get_or_init(|| self.inner.rules()).await.clone() })
    }

    fn targets(&self) -> BoxFuture<'_, Result<Vec<Target>, SourceError>> {
        Box::pin(async move {
            self.targets
                .get_or_init(|| self.inner.targets())
                .await
                .clone()
        })
    }
}
