//! Orrery: operational readiness reviews and reliability scorecards.
//!
//! Layers, inner to outer: [`domain`] (pure rules) ← [`services`] (use cases, with
//! [`store`] for persistence) ← [`graphql`], [`web`], [`http`] and [`cli`].

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod graphql;
pub mod http;
pub mod services;
pub mod store;
pub mod verify;
pub mod web;
