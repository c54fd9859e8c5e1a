//! What one verification run has learned from GitHub, failures included.
//!
//! A [`super::GitHubRepo`] lives for one run. Each fact it reads (the default branch, a
//! branch's head, the listing, a file, a branch's protection) is asked for once and the
//! answer — a value or the error — is kept for the rest of the run, so a repository that
//! answers `404` costs one request however many checks need it, and a later check can never
//! see a different answer than an earlier one. The next run asks again (through the
//! connection's ETag cache when it can).

use crate::verify::repo::SourceError;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::OnceCell;

/// One remembered answer; askers arriving while it is being fetched wait for it.
type Cell<T> = Arc<OnceCell<Result<T, SourceError>>>;

/// Answers by key, each fetched at most once. A fetch that is cancelled (its future
/// dropped) leaves nothing behind, so the next asker fetches again.
pub(super) struct Memo<T> {
    cells: Mutex<HashMap<String, Cell<T>>>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Self {
            cells: Mutex::new(HashMap::new()),
        }
    }
}

impl<T: Clone> Memo<T> {
    /// The answer under `key`: remembered, or fetched now with `fetch` and remembered
    /// (values and errors alike).
    pub async fn get_or_fetch<F, Fut>(&self, key: &str, fetch: F) -> Result<T, SourceError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, SourceError>>,
    {
        let cell = lock(&self.cells).entry(key.to_owned()).or_default().clone();
        cell.get_or_init(fetch).await.clone()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::Memo;
    use crate::verify::repo::SourceError;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn values_and_errors_are_fetched_once_per_key() {
        let memo: Memo<u32> = Memo::default();
        let fetches = AtomicUsize::new(0);
        let fetch = |answer: Result<u32, SourceError>| {
            fetches.fetch_add(1, Ordering::SeqCst);
            std::future::ready(answer)
        };
        for _ in 0..3 {
            assert_eq!(memo.get_or_fetch("a", || fetch(Ok(1))).await, Ok(1));
            let e = memo
                .get_or_fetch("b", || fetch(Err(SourceError::new("404"))))
                .await;
            assert_eq!(e, Err(SourceError::new("404")));
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
        // Concurrent askers of one key share one fetch.
        let (x, y) = tokio::join!(
            memo.get_or_fetch("c", || fetch(Ok(3))),
            memo.get_or_fetch("c", || fetch(Ok(4)))
        );
        assert_eq!((x, y), (Ok(3), Ok(3)));
        assert_eq!(fetches.load(Ordering::SeqCst), 3);
    }
}
