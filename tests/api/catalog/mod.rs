//! The catalog: teams and services, their dependencies, capacity plans and SLOs, and the
//! numbers they hold.

mod numbers;
mod ordering;
mod relations;
mod teams_and_services;
