//! The API integration tests: one binary, every test boots the real app on port 0 with a
//! fresh database, on SQLite and on PostgreSQL. The tests sit in folders by feature; the
//! harness (`helpers`, `github_fake`) stays at the top.

mod dual;
mod github_fake;
mod helpers;

mod access;
mod audit;
mod auth;
mod catalog;
mod change;
mod concurrency;
mod e2e;
mod fuzz;
mod hardening;
mod manifest;
mod platform;
mod pr_checks;
mod prom;
mod report;
mod rescore;
mod reviews;
mod snapshots;
mod verification;
mod web;
