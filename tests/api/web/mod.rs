//! The web UI through plain HTTP, as a browser without JavaScript uses it.

pub(crate) mod html;

mod audit;
mod badge;
mod catalog_authority;
mod catalog_forms;
mod catalog_pages;
mod forms;
mod identity;
mod meeting;
mod my_work;
mod pages;
mod pr_settings;
mod review;
mod review_fold;
mod review_quick;
mod review_start;
mod review_submit;
mod review_verify;
mod slo;
mod slo_probe;
mod team_form;
