//! Short lists in evidence: the first few items, then how many more there are.

/// Most items (paths, series, rules, targets) listed in evidence.
pub(crate) const MAX_LISTED: usize = 10;

/// `items` joined with `, `, at most `max` of them, then `and N more`.
pub(crate) fn list_some<S: AsRef<str>>(items: &[S], max: usize) -> String {
    list_some_by(items, max, ", ")
}

/// Like [`list_some`] with another separator (`; ` where items hold commas themselves).
pub(crate) fn list_some_by<S: AsRef<str>>(items: &[S], max: usize, separator: &str) -> String {
    let mut out = items
        .iter()
        .take(max)
        .map(|s| s.as_ref())
        .collect::<Vec<_>>()
        .join(separator);
    if items.len() > max {
        out.push_str(&format!(" and {} more", items.len() - max));
    }
    out
}
