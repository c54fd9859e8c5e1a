//! A team's pages: the index of teams, the team page, creating and editing a team.

pub(super) mod edit;
pub(super) mod index;
pub(super) mod new;
pub(super) mod page;
