//! Whole-template behaviour: the latest answer for an item counts, an empty template assesses
//! nothing, and the shipped template evaluates.

use super::*;

#[test]
fn the_latest_answer_for_an_item_counts() {
    let mut case = Case::new(Tier::Tier4).all(Outcome::Pass);
    case.answers.push(AnswerFact {
        item_key: "obs.alerts".into(),
        outcome: Outcome::Fail,
        source: ResponseSource::Manual,
        recorded_at: now() - Duration::hours(1),
        note: None,
        responded_by: "alice".into(),
        na_review: None,
    });
    assert_eq!(state(&case.eval(), "obs.alerts"), ItemState::Pass);
    case.answers.last_mut().unwrap().recorded_at = now() + Duration::hours(1);
    assert_eq!(state(&case.eval(), "obs.alerts"), ItemState::Fail);
}

#[test]
fn an_empty_template_assesses_nothing() {
    let mut case = Case::new(Tier::Tier4);
    case.template.categories.clear();
    let card = case.eval();
    assert_eq!(card.score, None);
    assert_eq!(card.decision, Decision::NoGo);
    assert_eq!(card.level.number, 0);
    let r = only(&card, ReasonCode::NothingAssessed);
    assert!(r.blocking);
    assert!(r.message.contains("no item"), "{}", r.message);
}

#[test]
fn the_shipped_template_evaluates() {
    let template = crate::domain::template::TemplateSchema::compile(include_str!(
        "../../../../checklists/schema.json"
    ))
    .unwrap()
    .parse(
        "x",
        include_str!("../../../../checklists/orr-standard.yaml"),
    )
    .unwrap();
    let input = |answers: &[AnswerFact], sign_offs: &[SignOffFact]| {
        evaluate(&ScoringInput {
            template: &template,
            tier: Tier::Tier1,
            answers,
            waivers: &[],
            sign_offs,
            slo_count: 1,
            dependencies: &[],
            now: now(),
        })
    };
    let card = input(&[], &[]);
    assert_eq!(card.score, Some(0.0));
    assert_eq!(card.decision, Decision::NoGo);
    assert_eq!(card.level.number, 0);
    let blockers = template
        .items()
        .filter(|(_, i)| i.severity == Severity::Blocker && i.applies_to(Tier::Tier1))
        .count();
    assert_eq!(
        card.reasons
            .iter()
            .filter(|r| r.code == ReasonCode::BlockerFailing)
            .count(),
        blockers
    );
    assert_eq!(card.categories.len(), template.categories.len());

    let answers: Vec<AnswerFact> = template
        .items()
        .map(|(_, i)| AnswerFact {
            item_key: i.key.clone(),
            outcome: Outcome::Pass,
            source: ResponseSource::Automated,
            recorded_at: now(),
            note: None,
            responded_by: "orrery".into(),
            na_review: None,
        })
        .collect();
    let sign_offs: Vec<SignOffFact> = template
        .signoffs
        .get(Tier::Tier1)
        .iter()
        .map(|r| SignOffFact {
            role: r.clone(),
            signer: "carol".into(),
            decision: SignOffDecision::Approve,
        })
        .collect();
    let card = input(&answers, &sign_offs);
    assert_eq!(card.decision, Decision::Go, "{:#?}", card.reasons);
    assert_eq!(card.score, Some(100.0));
    assert_eq!(card.level.name, "Gold");
}
