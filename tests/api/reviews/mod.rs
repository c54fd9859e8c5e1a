//! Reviews over GraphQL: from start to decision, action items, scoring and the gate, and the
//! checklist templates they are pinned to, and the review sheet GraphQL and the page share.

mod action_items;
mod carry_over;
pub(crate) mod gate;
mod lifecycle;
mod scoring;
mod sheet;
mod templates;
