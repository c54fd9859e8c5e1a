//! Regression tests for the holes an outside probe found (issue 10), each on SQLite and
//! PostgreSQL: local checkouts confined to their roots, the `Host` pinned, control
//! characters refused in every text input, no open redirect, case-insensitive logins.

mod control_chars;
mod hosts;
mod local_repos;
mod logins;
mod redirects;
