//! Bounded in-memory caches shared by every repository of one [`super::GitHub`].
//!
//! Trees are keyed by commit SHA and file bodies by blob SHA: both name immutable content,
//! so entries never go stale and are only dropped to stay within the memory bound. Only
//! successful responses are stored, so a failed request never leaves anything behind.

use crate::verify::repo::RepoTree;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

/// Memory kept for trees, in approximate bytes.
const MAX_TREE_BYTES: usize = 64 * 1024 * 1024;
/// Memory kept for file bodies, in bytes.
const MAX_BLOB_BYTES: usize = 64 * 1024 * 1024;
/// Memory kept for bodies of conditional requests, in bytes.
const MAX_ETAG_BYTES: usize = 8 * 1024 * 1024;
/// Approximate bytes per listed file beyond its path (size, blob SHA, bookkeeping).
const BYTES_PER_FILE: usize = 96;

/// A repository tree at one commit and the blob behind each file.
#[derive(Debug)]
pub(super) struct Snapshot {
    /// The listing checks see.
    pub tree: Arc<RepoTree>,
    /// Blob SHA of each listed path.
    pub blobs: HashMap<String, String>,
}

impl Snapshot {
    fn weight(&self) -> usize {
        self.tree
            .files
            .iter()
            .map(|f| 2 * f.path.len() + BYTES_PER_FILE)
            .sum()
    }
}

/// A response body kept for conditional requests.
#[derive(Debug, Clone)]
pub(super) struct Tagged {
    /// The `ETag` GitHub sent with it.
    pub etag: String,
    /// The body of the `200` response.
    pub body: Arc<str>,
}

/// Every cache of one connection.
#[derive(Debug)]
pub(super) struct Caches {
    trees: Mutex<Bounded<Arc<Snapshot>>>,
    blobs: Mutex<Bounded<Arc<str>>>,
    etags: Mutex<Bounded<Tagged>>,
}

impl Default for Caches {
    fn default() -> Self {
        Self {
            trees: Mutex::new(Bounded::new(MAX_TREE_BYTES)),
            blobs: Mutex::new(Bounded::new(MAX_BLOB_BYTES)),
            etags: Mutex::new(Bounded::new(MAX_ETAG_BYTES)),
        }
    }
}

impl Caches {
    /// The snapshot of `commit`, if cached.
    pub fn tree(&self, commit: &str) -> Option<Arc<Snapshot>> {
        lock(&self.trees).get(commit)
    }

    /// Keeps the snapshot of `commit`.
    pub fn put_tree(&self, commit: &str, snapshot: Arc<Snapshot>) {
        let weight = snapshot.weight();
        lock(&self.trees).insert(commit, snapshot, weight);
    }

    /// The text of blob `sha`, if cached.
    pub fn blob(&self, sha: &str) -> Option<Arc<str>> {
        lock(&self.blobs).get(sha)
    }

    /// Keeps the text of blob `sha`.
    pub fn put_blob(&self, sha: &str, text: Arc<str>) {
        let weight = text.len() + sha.len();
        lock(&self.blobs).insert(sha, text, weight);
    }

    /// The last `200` body of the request `key`, with its `ETag`.
    pub fn tagged(&self, key: &str) -> Option<Tagged> {
        lock(&self.etags).get(key)
    }

    /// Keeps the body of the request `key` for conditional requests.
    pub fn put_tagged(&self, key: &str, tagged: Tagged) {
        let weight = tagged.body.len() + tagged.etag.len() + key.len();
        lock(&self.etags).insert(key, tagged, weight);
    }
}

/// Locks a cache, recovering it if a panicking thread poisoned the lock (every write is a
/// single insert, so the data stays consistent).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A map bounded by the total weight of its values; when full, the oldest entries go first.
#[derive(Debug)]
pub(super) struct Bounded<V> {
    entries: HashMap<String, (V, usize)>,
    order: VecDeque<String>,
    weight: usize,
    max_weight: usize,
}

impl<V: Clone> Bounded<V> {
    /// An empty map holding at most `max_weight`.
    pub fn new(max_weight: usize) -> Self {
        Self {
            entries: HashMap::new(),
            order: VecDeque::new(),
            weight: 0,
            max_weight,
        }
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<V> {
        self.entries.get(key).map(|(v, _)| v.clone())
    }

    /// Stores `value` under `key`, dropping the oldest entries to make room. A value heavier
    /// than the whole bound is not stored.
    pub fn insert(&mut self, key: &str, value: V, weight: usize) {
        if let Some((_, old)) = self.entries.remove(key) {
            self.weight -= old;
            self.order.retain(|k| k != key);
        }
        if weight > self.max_weight {
            return;
        }
        while self.weight + weight > self.max_weight {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if let Some((_, w)) = self.entries.remove(&oldest) {
                self.weight -= w;
            }
        }
        self.weight += weight;
        self.entries.insert(key.to_owned(), (value, weight));
        self.order.push_back(key.to_owned());
    }

    /// Number of entries.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::Bounded;

    #[test]
    fn oldest_entries_make_room_and_oversized_values_are_not_kept() {
        let mut m = Bounded::new(10);
        m.insert("a", 1, 4);
        m.insert("b", 2, 4);
        m.insert("c", 3, 4);
        assert_eq!(
            (m.get("a"), m.get("b"), m.get("c")),
            (None, Some(2), Some(3))
        );
        m.insert("b", 5, 2);
        assert_eq!(m.get("b"), Some(5));
        m.insert("d", 4, 4);
        assert_eq!(
            (m.get("b"), m.get("c"), m.get("d")),
            (Some(5), Some(3), Some(4))
        );
        m.insert("huge", 9, 11);
        assert_eq!(m.get("huge"), None);
        assert_eq!(m.len(), 3);
    }
}
