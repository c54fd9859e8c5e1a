//! A team's pages: the team page and creating a team.

pub(super) mod new;
pub(super) mod page;
