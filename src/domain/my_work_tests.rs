use super::*;
use chrono::TimeZone;

fn grants(login: &str, owned: &[i64], roles: &[&str]) -> Grants {
    Grants {
        login: login.into(),
        admin: false,
        owned_teams: owned.iter().copied().collect(),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
    }
}

fn review(id: i64, team_id: i64, state: ReviewState, target: Option<u32>) -> OpenReview {
    OpenReview {
        id,
        service: format!("svc-{id}"),
        service_name: format!("Service {id}"),
        team_id,
        team: format!("Team {team_id}"),
        state,
        target_date: target.map(|d| NaiveDate::from_ymd_opt(2027, 1, d).unwrap()),
        required_roles: vec!["service_owner".into(), "sre".into(), "security".into()],
        signed_roles: vec!["service_owner".into()],
        answered_by_me: false,
    }
}

fn ask(key: &str, by: &str, day: u32) -> PendingDecision {
    PendingDecision {
        review_id: 1,
        service: "svc-1".into(),
        item_key: key.into(),
        item_title: key.into(),
        asked_by: by.into(),
        asked_at: Utc.with_ymd_and_hms(2026, 12, day, 9, 0, 0).unwrap(),
    }
}

fn action(id: i64, owner: &str, due_day: u32) -> ActionRow {
    ActionRow {
        review_id: 1,
        service: "svc-1".into(),
        id,
        title: format!("action {id}"),
        owner: owner.into(),
        due_date: NaiveDate::from_ymd_opt(2026, 12, due_day).unwrap(),
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 10).unwrap()
}

#[test]
fn owners_see_their_teams_open_reviews_soonest_first() {
    let mut answered = review(4, 9, ReviewState::Draft, None);
    answered.answered_by_me = true;
    let open = vec![
        review(1, 1, ReviewState::Draft, Some(20)),
        review(2, 1, ReviewState::InReview, Some(5)),
        review(3, 2, ReviewState::Draft, Some(1)),
        answered,
    ];
    let w = my_work(
        &grants("ann", &[1], &[]),
        today(),
        open,
        vec![],
        vec![],
        vec![],
    );
    let ids: Vec<i64> = w.reviews.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [2, 1, 4],
        "team 1's, soonest first, then the one ann answered"
    );
}

#[test]
fn sign_requests_name_the_unsigned_roles_the_person_holds() {
    let mut signed = review(2, 1, ReviewState::InReview, Some(3));
    signed.signed_roles.push("sre".into());
    let open = vec![
        review(1, 1, ReviewState::InReview, Some(9)),
        signed,
        review(3, 1, ReviewState::Draft, Some(1)),
    ];
    let w = my_work(
        &grants("sam", &[], &["sre"]),
        today(),
        open.clone(),
        vec![],
        vec![],
        vec![],
    );
    assert_eq!(
        w.to_sign.len(),
        1,
        "drafts and reviews with sre signed are not asked"
    );
    assert_eq!(w.to_sign[0].review.id, 1);
    assert_eq!(w.to_sign[0].roles, ["sre"]);
    assert!(w.reviews.is_empty(), "sam owns no team");

    // An owner of the team is not asked for service_owner once it is signed.
    let w = my_work(
        &grants("ann", &[1], &[]),
        today(),
        open,
        vec![],
        vec![],
        vec![],
    );
    assert!(w.to_sign.is_empty());
}

#[test]
fn nobody_is_asked_to_decide_their_own_request() {
    let asks = vec![ask("b", "bob", 3), ask("a", "sam", 2), ask("c", "ann", 1)];
    let reviewer = grants("sam", &[], &["sre"]);
    let w = my_work(
        &reviewer,
        today(),
        vec![],
        asks.clone(),
        asks.clone(),
        vec![],
    );
    let keys: Vec<&str> = w.waivers.iter().map(|d| d.item_key.as_str()).collect();
    assert_eq!(keys, ["c", "b"], "oldest first, sam's own left out");
    assert_eq!(w.waivers, w.not_applicable);

    let owner_only = grants("ann", &[1], &[]);
    let w = my_work(&owner_only, today(), vec![], asks.clone(), asks, vec![]);
    assert!(
        w.waivers.is_empty() && w.not_applicable.is_empty(),
        "not a reviewer"
    );
}

#[test]
fn action_items_are_the_persons_own_overdue_first() {
    let actions = vec![
        action(1, "ann", 20),
        action(2, "ann", 9),
        action(3, "bob", 1),
        action(4, "ann", 2),
        action(5, "ann", 10),
    ];
    let w = my_work(
        &grants("ann", &[], &[]),
        today(),
        vec![],
        vec![],
        vec![],
        actions,
    );
    let got: Vec<(i64, bool)> = w
        .action_items
        .iter()
        .map(|a| (a.item.id, a.overdue))
        .collect();
    assert_eq!(
        got,
        [(4, true), (2, true), (5, false), (1, false)],
        "due today is not overdue"
    );
    assert!(!w.is_empty());
    assert!(MyWork::default().is_empty());
}
