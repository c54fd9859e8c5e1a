//! What one person may do on one service's pages, worked out from their [`Grants`] with the
//! same [`check`] the use cases run, so a page offers exactly the actions that would succeed
//! and says why the others are missing.

use super::{Act, Grants, check};

/// Allowed, or the reason not.
pub type Permit = Result<(), String>;

fn permit(g: &Grants, act: Act<'_>) -> Permit {
    check(g, act).map_err(|r| r.0)
}

/// The actions a page about one service may offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permits {
    /// The person's login (separation of duties compares it with requesters and answerers).
    pub login: String,
    /// Edit the service, answer its checklist, request waivers, start and submit reviews.
    pub own: Permit,
    /// Decide a review.
    pub decide: Permit,
    /// Add action items and re-run automated checks.
    pub contribute: Permit,
    /// Decide waivers requested by others (the requester is checked per waiver).
    pub review: Permit,
    /// Approve over a NO-GO (an admin, or a reviewer outside the owning team).
    pub override_no_go: Permit,
    /// Accept or reject not-applicable answers given by others (the answerer is checked
    /// per item).
    pub accept_na: Permit,
    /// Sign each role, in the order given.
    pub sign: Vec<(String, Permit)>,
}

impl Permits {
    /// The permits of `g` on a service owned by team `team_id` (`team` its slug), for the
    /// sign-off `roles` its review needs.
    pub fn on(g: &Grants, team_id: i64, team: &str, roles: &[String]) -> Self {
        let contribute = Act::Contribute {
            team_id,
            team,
            what: "add action items or re-run checks",
            assignee: None,
        };
        Self {
            login: g.login.clone(),
            own: permit(
                g,
                Act::Own {
                    team_id,
                    team,
                    what: "change this service or answer its checklist",
                },
            ),
            decide: permit(g, Act::DecideReview),
            contribute: permit(g, contribute),
            // Anyone else's waiver: the requester is checked where each waiver is shown.
            review: permit(g, Act::DecideWaiver { requester: "" }),
            override_no_go: permit(g, Act::Override { team_id, team }),
            accept_na: permit(g, Act::AcceptNotApplicable { answerer: "" }),
            sign: roles
                .iter()
                .map(|role| (role.clone(), permit(g, Act::Sign { role, team_id })))
                .collect(),
        }
    }

    /// Whether the person may decide a waiver `requester` asked for, or why not.
    pub fn decide_waiver(&self, requester: &str) -> Permit {
        if requester == self.login {
            return Err(format!(
                "{requester} requested this waiver and cannot decide it; another person must"
            ));
        }
        self.review.clone()
    }

    /// Whether the person may accept or reject a not-applicable answer `answerer` gave.
    pub fn accept_not_applicable(&self, answerer: &str) -> Permit {
        if answerer == self.login {
            return Err(
                "the person who marked an item not applicable cannot accept or reject it; another reviewer must"
                    .into(),
            );
        }
        self.accept_na.clone()
    }

    /// Whether the person may sign `role`, or why not.
    pub fn sign(&self, role: &str) -> Permit {
        self.sign.iter().find(|(r, _)| r == role).map_or_else(
            || Err(format!("{role} is not a sign-off role of this review")),
            |(_, p)| p.clone(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::SERVICE_OWNER;

    #[test]
    fn pages_offer_what_the_use_cases_allow() {
        let owner = Grants {
            login: "olivia".into(),
            owned_teams: [3].into(),
            ..Grants::default()
        };
        let roles = [SERVICE_OWNER.to_owned(), "sre".to_owned()];
        let p = Permits::on(&owner, 3, "payments", &roles);
        assert!(p.own.is_ok() && p.contribute.is_ok());
        assert!(p.decide.is_err() && p.review.is_err());
        assert!(p.sign(SERVICE_OWNER).is_ok());
        assert_eq!(
            p.sign("sre").unwrap_err(),
            "only the sre role may sign as sre"
        );
        assert!(p.sign("security").is_err());

        let sre = Grants {
            login: "sam".into(),
            roles: ["sre".to_owned()].into(),
            ..Grants::default()
        };
        let p = Permits::on(&sre, 3, "payments", &roles);
        assert!(
            p.own
                .clone()
                .unwrap_err()
                .contains("only owners of team `payments`")
        );
        assert!(p.decide.is_ok() && p.decide_waiver("olivia").is_ok());
        assert!(
            p.decide_waiver("sam")
                .unwrap_err()
                .contains("cannot decide it")
        );
    }
}
