use super::*;
use proptest::prelude::*;

fn person(login: &str) -> Grants {
    Grants {
        login: login.into(),
        ..Grants::default()
    }
}

fn with_roles(login: &str, roles: &[&str]) -> Grants {
    Grants {
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        ..person(login)
    }
}

fn owner_of(login: &str, team: i64) -> Grants {
    Grants {
        owned_teams: [team].into(),
        ..person(login)
    }
}

fn admin(login: &str) -> Grants {
    Grants {
        admin: true,
        ..person(login)
    }
}

fn own(team_id: i64) -> Act<'static> {
    Act::Own {
        team_id,
        team: "payments",
        what: "edit its services",
    }
}

#[test]
fn owners_and_admins_edit_a_team_others_are_told_who_may() {
    assert!(check(&owner_of("o", 7), own(7)).is_ok());
    assert!(check(&admin("a"), own(7)).is_ok());
    let e = check(&owner_of("o", 8), own(7)).unwrap_err();
    assert_eq!(
        e.0,
        "only owners of team `payments` (or an admin) may edit its services"
    );
    assert!(check(&with_roles("s", &["sre"]), own(7)).is_err());
}

#[test]
fn a_role_is_signed_only_by_its_holders() {
    let sre = with_roles("s", &["sre"]);
    assert!(
        check(
            &sre,
            Act::Sign {
                role: "sre",
                team_id: 1
            }
        )
        .is_ok()
    );
    let e = check(
        &sre,
        Act::Sign {
            role: "security",
            team_id: 1,
        },
    )
    .unwrap_err();
    assert_eq!(e.0, "only the security role may sign as security");
    // service_owner follows from owning the service's team.
    assert!(
        check(
            &owner_of("o", 1),
            Act::Sign {
                role: SERVICE_OWNER,
                team_id: 1
            }
        )
        .is_ok()
    );
    assert!(
        check(
            &owner_of("o", 2),
            Act::Sign {
                role: SERVICE_OWNER,
                team_id: 1
            }
        )
        .is_err()
    );
    assert!(
        check(
            &sre,
            Act::Sign {
                role: SERVICE_OWNER,
                team_id: 1
            }
        )
        .is_err()
    );
    assert!(
        check(
            &admin("a"),
            Act::Sign {
                role: "sre",
                team_id: 1
            }
        )
        .is_ok()
    );
}

#[test]
fn nobody_decides_their_own_waiver_not_even_an_admin() {
    let e = check(&admin("a"), Act::DecideWaiver { requester: "a" }).unwrap_err();
    assert!(e.0.contains("cannot decide it"), "{e}");
    assert!(check(&admin("a"), Act::DecideWaiver { requester: "b" }).is_ok());
    assert!(
        check(
            &with_roles("s", &["sre"]),
            Act::DecideWaiver { requester: "b" }
        )
        .is_ok()
    );
    // An owner is not a reviewer.
    let owner = Grants {
        roles: [SERVICE_OWNER.to_owned()].into(),
        ..owner_of("o", 1)
    };
    assert!(check(&owner, Act::DecideWaiver { requester: "b" }).is_err());
}

#[test]
fn not_applicable_is_accepted_by_another_reviewer() {
    let sre = with_roles("s", &["sre"]);
    assert!(check(&sre, Act::AcceptNotApplicable { answerer: "o" }).is_ok());
    let e = check(&sre, Act::AcceptNotApplicable { answerer: "s" }).unwrap_err();
    assert!(e.0.starts_with("the person who marked an item not applicable"));
    assert!(
        check(
            &owner_of("o", 1),
            Act::AcceptNotApplicable { answerer: "x" }
        )
        .is_err()
    );
}

#[test]
fn reviews_are_decided_by_reviewers_or_admins() {
    assert!(check(&with_roles("s", &["sre"]), Act::DecideReview).is_ok());
    assert!(check(&admin("a"), Act::DecideReview).is_ok());
    let e = check(&owner_of("o", 1), Act::DecideReview).unwrap_err();
    assert!(e.0.contains("other than service_owner"), "{e}");
}

#[test]
fn overrides_need_an_admin_or_an_outside_reviewer() {
    let over = Act::Override {
        team_id: 1,
        team: "payments",
    };
    assert!(check(&admin("a"), over).is_ok());
    assert!(check(&with_roles("s", &["sre"]), over).is_ok());
    let inside = Grants {
        owned_teams: [1].into(),
        ..with_roles("s", &["sre"])
    };
    let e = check(&inside, over).unwrap_err();
    assert!(e.0.contains("outside the owning team `payments`"), "{e}");
    assert!(check(&owner_of("o", 1), over).is_err());
}

#[test]
fn action_items_are_for_owners_reviewers_and_assignees() {
    let follow = |assignee| Act::Contribute {
        team_id: 1,
        team: "payments",
        what: "complete action items",
        assignee,
    };
    assert!(check(&owner_of("o", 1), follow(None)).is_ok());
    assert!(check(&with_roles("s", &["sre"]), follow(None)).is_ok());
    assert!(check(&person("dana"), follow(Some("dana"))).is_ok());
    let e = check(&person("dana"), follow(Some("eve"))).unwrap_err();
    assert_eq!(
        e.0,
        "only owners of team `payments`, the person it is assigned to and reviewers may complete action items"
    );
}

#[test]
fn administration_is_for_admins() {
    let e = check(
        &with_roles("s", &["sre"]),
        Act::Administer {
            what: "grant roles",
        },
    )
    .unwrap_err();
    assert_eq!(e.0, "only admins may grant roles");
    assert!(
        check(
            &admin("a"),
            Act::Administer {
                what: "grant roles"
            }
        )
        .is_ok()
    );
}

#[test]
fn one_signer_one_role() {
    assert!(check_one_role_per_signer("sre", &[]).is_ok());
    assert!(check_one_role_per_signer("sre", &["sre".into()]).is_ok());
    let e = check_one_role_per_signer("security", &["sre".into()]).unwrap_err();
    assert_eq!(
        e.0,
        "you already signed this review as sre; one person cannot sign two roles"
    );
}

#[test]
fn subjects_parse_logins_and_groups() {
    assert_eq!(
        Subject::parse("s", " Alice ").unwrap(),
        Subject::Login("alice".into())
    );
    assert_eq!(
        Subject::parse("s", "group:SRE Team").unwrap(),
        Subject::Group("SRE Team".into())
    );
    assert_eq!(Subject::Group("sre".into()).stored(), "group:sre");
    assert!(Subject::parse("s", "group:").is_err());
    assert!(Subject::parse("s", "group:a,b").is_err());
    assert!(Subject::parse("s", "bad name").is_err());
    assert_eq!(
        Subject::spellings_for("al", &["sre".into()]),
        vec!["al".to_owned(), "group:sre".to_owned()]
    );
}

fn grants() -> impl Strategy<Value = Grants> {
    (
        any::<bool>(),
        proptest::collection::btree_set(0i64..4, 0..3),
        proptest::collection::btree_set(
            prop_oneof![Just("sre"), Just("security"), Just(SERVICE_OWNER)].prop_map(String::from),
            0..3,
        ),
        prop_oneof![Just("a"), Just("b")],
    )
        .prop_map(|(admin, owned_teams, roles, login)| Grants {
            login: login.into(),
            admin,
            owned_teams,
            roles,
        })
}

proptest! {
    /// Separation of duties holds for every combination of grants, admins included.
    #[test]
    fn nobody_reviews_their_own_work(g in grants()) {
        let me = g.login.clone();
        let refused = check(&g, Act::DecideWaiver { requester: &me }).is_err();
        prop_assert!(refused);
        let refused = check(&g, Act::AcceptNotApplicable { answerer: &me }).is_err();
        prop_assert!(refused);
    }

    /// Whatever a non-admin may do, an admin with the same grants may do too.
    #[test]
    fn admin_is_a_superset(g in grants(), team in 0i64..4) {
        let a = Grants { admin: true, ..g.clone() };
        let acts = [
            own(team),
            Act::Sign { role: "sre", team_id: team },
            Act::DecideWaiver { requester: "z" },
            Act::DecideReview,
            Act::Override { team_id: team, team: "t" },
            Act::Administer { what: "x" },
        ];
        for act in acts {
            let allowed = check(&a, act).is_ok();
            if check(&g, act).is_ok() {
                prop_assert!(allowed);
            }
        }
    }
}
