//! Unit tests of the Prometheus source: parsing the API's answers, the base URL, the HTTP
//! client against a fake API, and label selectors.

mod answers;
mod base_url;
mod client;
mod fake_api;
mod rules_and_targets;
mod selector;
