//! The service around the features: health and metrics, the audit log's guarantees, the
//! GraphQL schema contract and introspection, and the offline CLI.

mod audit_log;
mod cli;
mod introspection;
mod operations;
mod schema;
