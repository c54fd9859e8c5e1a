//! Who may do what: the pure rules behind every `FORBIDDEN`.
//!
//! A person's [`Grants`] are worked out once per change (from the configured admins, the
//! stored role grants and the groups their identity provider reports); [`check`] then
//! decides one [`Act`] against them and, when it refuses, says why in words the person can
//! act on ("only the sre role may sign as sre"). Separation of duties is part of the same
//! rules and holds for everyone, admins included, and in local mode on the names people give.

mod permits;

pub use permits::{Permit, Permits};

use std::collections::BTreeSet;

/// The sign-off role every owning team's owners hold on their own services.
pub const SERVICE_OWNER: &str = "service_owner";

/// The stored role that makes a subject an admin.
pub const ADMIN_ROLE: &str = "admin";

/// The stored role that makes a subject an owner of one team.
pub const OWNER_ROLE: &str = "owner";

/// What one person may do, as far as roles go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grants {
    /// The person's login.
    pub login: String,
    /// An admin: configured with `--admin`, granted by an admin, or anyone in local mode.
    pub admin: bool,
    /// Teams (by id) the person owns.
    pub owned_teams: BTreeSet<i64>,
    /// Sign-off roles the person holds directly or through a group (never `service_owner`,
    /// which follows from owning the service's team).
    pub roles: BTreeSet<String>,
}

impl Grants {
    /// Whether the person owns team `team_id` (admins count as owners of every team).
    pub fn owns(&self, team_id: i64) -> bool {
        self.admin || self.owned_teams.contains(&team_id)
    }

    /// Whether the person holds sign-off `role` on a service owned by team `team_id`.
    pub fn holds(&self, role: &str, team_id: i64) -> bool {
        self.admin
            || self.roles.contains(role)
            || (role == SERVICE_OWNER && self.owned_teams.contains(&team_id))
    }

    /// Whether the person may review others' work: an admin, or someone holding a sign-off
    /// role other than `service_owner`.
    pub fn is_reviewer(&self) -> bool {
        self.admin || self.roles.iter().any(|r| r != SERVICE_OWNER)
    }
}

/// One thing a person tries to do.
#[derive(Debug, Clone, Copy)]
pub enum Act<'a> {
    /// Change a team, its owners or one of its services (catalog edits, answers, waiver
    /// requests, starting and submitting reviews, verification).
    Own {
        /// The team.
        team_id: i64,
        /// Its slug, for the reason.
        team: &'a str,
        /// What is being done, e.g. `answer checklist items`.
        what: &'a str,
    },
    /// Sign a review as `role`.
    Sign {
        /// The role signed.
        role: &'a str,
        /// Owning team of the reviewed service.
        team_id: i64,
    },
    /// Approve or reject a waiver someone requested.
    DecideWaiver {
        /// Who requested it.
        requester: &'a str,
    },
    /// Accept or reject an item someone marked not applicable.
    AcceptNotApplicable {
        /// Who answered the item.
        answerer: &'a str,
    },
    /// Approve or reject a review.
    DecideReview,
    /// Approve a review whose gate is NO-GO.
    Override {
        /// Owning team of the reviewed service.
        team_id: i64,
        /// Its slug, for the reason.
        team: &'a str,
    },
    /// Work on a review alongside its owners (record or complete action items, re-run the
    /// automated checks): the team's owners, reviewers, and the person an item is assigned to.
    Contribute {
        /// Owning team of the reviewed service.
        team_id: i64,
        /// Its slug, for the reason.
        team: &'a str,
        /// What is being done, e.g. `add action items`.
        what: &'a str,
        /// Who the action item is assigned to (when completing one).
        assignee: Option<&'a str>,
    },
    /// Something only admins may do, e.g. `assign sign-off roles`.
    Administer {
        /// What is being done.
        what: &'a str,
    },
}

/// Why an act was refused: a sentence for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn refuse(reason: String) -> Result<(), Refusal> {
    Err(Refusal(reason))
}

/// Decides whether the person with `g` may perform `act`.
pub fn check(g: &Grants, act: Act<'_>) -> Result<(), Refusal> {
    match act {
        Act::Own {
            team_id,
            team,
            what,
        } => {
            if g.owns(team_id) {
                return Ok(());
            }
            refuse(format!(
                "only owners of team `{team}` (or an admin) may {what}"
            ))
        }
        Act::Sign { role, team_id } => {
            if g.holds(role, team_id) {
                return Ok(());
            }
            if role == SERVICE_OWNER {
                return refuse(
                    "only owners of the service's team may sign as service_owner".into(),
                );
            }
            refuse(format!("only the {role} role may sign as {role}"))
        }
        Act::DecideWaiver { requester } => {
            if requester == g.login {
                return refuse(format!(
                    "{requester} requested this waiver and cannot decide it; another person must"
                ));
            }
            if g.is_reviewer() {
                return Ok(());
            }
            refuse("only a reviewer (someone holding a sign-off role other than service_owner) or an admin may decide waivers".into())
        }
        Act::AcceptNotApplicable { answerer } => {
            if answerer == g.login {
                return refuse(
                    "the person who marked an item not applicable cannot accept or reject it; another reviewer must"
                        .into(),
                );
            }
            if g.is_reviewer() {
                return Ok(());
            }
            refuse("only a reviewer (someone holding a sign-off role other than service_owner) or an admin may accept or reject not-applicable answers".into())
        }
        Act::DecideReview => {
            if g.is_reviewer() {
                return Ok(());
            }
            refuse("a review is decided by someone holding a sign-off role other than service_owner, or by an admin".into())
        }
        Act::Override { team_id, team } => {
            if g.admin || (g.is_reviewer() && !g.owned_teams.contains(&team_id)) {
                return Ok(());
            }
            refuse(format!(
                "approving over a NO-GO needs an admin or a reviewer outside the owning team `{team}`"
            ))
        }
        Act::Contribute {
            team_id,
            team,
            what,
            assignee,
        } => {
            if g.owns(team_id) || g.is_reviewer() || assignee == Some(g.login.as_str()) {
                return Ok(());
            }
            let assignee = if assignee.is_some() {
                ", the person it is assigned to"
            } else {
                ""
            };
            refuse(format!(
                "only owners of team `{team}`{assignee} and reviewers may {what}"
            ))
        }
        Act::Administer { what } => {
            if g.admin {
                return Ok(());
            }
            refuse(format!("only admins may {what}"))
        }
    }
}

/// Separation of duties on sign-offs: one person signs at most one role of a review.
/// `signed` lists the roles `login` has already signed on it.
pub fn check_one_role_per_signer(role: &str, signed: &[String]) -> Result<(), Refusal> {
    match signed.iter().find(|r| r.as_str() != role) {
        Some(other) => refuse(format!(
            "you already signed this review as {other}; one person cannot sign two roles"
        )),
        None => Ok(()),
    }
}

/// A subject a role is granted to: a login, or every member of a provider group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// One person (canonical login).
    Login(String),
    /// Members of a group the identity provider reports.
    Group(String),
}

impl Subject {
    /// Parses `alice` or `group:NAME`.
    pub fn parse(field: &str, raw: &str) -> super::FieldResult<Self> {
        let raw = raw.trim();
        match raw.strip_prefix("group:") {
            Some(name) => {
                let name = name.trim();
                if name.is_empty()
                    || name.len() > 128
                    || name.chars().any(|c| c.is_control() || c == ',')
                {
                    return Err(super::FieldError::new(
                        field,
                        "a group is `group:NAME`, with a name of 1-128 characters and no commas or control characters",
                    ));
                }
                Ok(Self::Group(name.to_owned()))
            }
            None => super::ids::Login::parse(field, raw).map(|l| Self::Login(l.as_str().into())),
        }
    }

    /// The stored spelling: the login, or `group:NAME`.
    pub fn stored(&self) -> String {
        match self {
            Self::Login(l) => l.clone(),
            Self::Group(g) => format!("group:{g}"),
        }
    }

    /// The stored spellings that match a person with `login` and `groups`.
    pub fn spellings_for(login: &str, groups: &[String]) -> Vec<String> {
        std::iter::once(login.to_owned())
            .chain(groups.iter().map(|g| format!("group:{g}")))
            .collect()
    }
}

#[cfg(test)]
mod tests;
