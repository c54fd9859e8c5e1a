//! Orrery: operational readiness reviews and reliability scorecards.
//!
//! Layers, inner to outer: [`domain`] (pure rules) ← [`services`] (use cases, with
//! [`store`] for persistence) ← [`graphql`], [`web`], [`http`] and [`cli`];
//! [`export`] renders reports as files for [`web`] and [`cli`]. The two HTTP
//! adapters, [`web`] and [`http`], share [`edge`] (state, acting person, hosts and origins)
//! and never import each other; [`app`] composes them.

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod edge;
pub mod error;
pub mod export;
pub mod graphql;
pub mod http;
pub mod services;
pub mod store;
pub mod verify;
pub mod web;
