use super::*;
use async_graphql::parser::parse_query;

/// The standard introspection query of graphql-js 16 with every option on.
const STANDARD_INTROSPECTION: &str =
    include_str!("../../tests/fixtures/graphql/introspection-query.graphql");

fn checked(query: &str) -> Result<(), String> {
    let doc = parse_query(query).expect("test documents parse");
    check(&doc).map_err(|e| e.message)
}

/// `{ f { f { … leaf } } }` with `levels` nested fields in all.
fn nested(field: &str, levels: usize, leaf: &str) -> String {
    let mut q = String::new();
    for _ in 1..levels {
        q.push_str(field);
        q.push_str(" { ");
    }
    q.push_str(leaf);
    q.push_str(&" }".repeat(levels - 1));
    q
}

#[test]
fn user_fields_may_nest_twelve_levels_not_thirteen() {
    assert_eq!(checked(&format!("{{ {} }}", nested("a", 12, "b"))), Ok(()));
    let refused = checked(&format!("{{ {} }}", nested("a", 13, "b"))).unwrap_err();
    assert!(refused.contains("nested too deep"), "{refused}");
    assert!(refused.contains("13 levels"), "{refused}");
    assert!(refused.contains("the limit is 12"), "{refused}");
}

#[test]
fn fragments_add_no_level_but_their_fields_do() {
    // 6 fields in the operation + 7 in the fragment = 13.
    let deep = format!(
        "{{ {} }} fragment F on T {{ {} }}",
        nested("a", 7, "...F"),
        nested("b", 7, "c")
    );
    assert!(checked(&deep).unwrap_err().contains("13 levels"));
    let fits = format!(
        "{{ {} }} fragment F on T {{ {} }}",
        nested("a", 7, "...F"),
        nested("b", 6, "c")
    );
    assert_eq!(checked(&fits), Ok(()));
}

#[test]
fn inline_fragments_add_no_level() {
    let inline = format!("{{ {} }}", nested("a", 13, "... on T { ... on U { b } }"));
    assert!(checked(&inline).unwrap_err().contains("13 levels"));
    let fits = format!("{{ {} }}", nested("a", 12, "... on T { ... { b } }"));
    assert_eq!(checked(&fits), Ok(()));
}

#[test]
fn every_operation_is_measured() {
    let doc = format!(
        "query Shallow {{ a }} query Deep {{ {} }}",
        nested("a", 13, "b")
    );
    assert!(checked(&doc).unwrap_err().contains("13 levels"));
}

#[test]
fn the_standard_introspection_query_passes() {
    assert_eq!(checked(STANDARD_INTROSPECTION), Ok(()));
}

#[test]
fn introspection_has_its_own_bound() {
    // __type, fields, type, then `of_types` ofType and a name.
    let chain = |of_types: usize| {
        format!(
            "{{ __type(name: \"Query\") {{ fields {{ type {{ {} }} }} }} }}",
            nested("ofType", of_types + 1, "name")
        )
    };
    assert_eq!(checked(&chain(16)) /* 20 levels */, Ok(()));
    let refused = checked(&chain(17)).unwrap_err();
    assert!(
        refused.contains("Introspection is nested too deep"),
        "{refused}"
    );
    assert!(refused.contains("21 levels"), "{refused}");
    assert!(
        refused.contains("limit for __schema and __type is 20"),
        "{refused}"
    );
}

#[test]
fn introspection_through_a_fragment_is_bounded_too() {
    let doc = format!(
        "{{ __schema {{ types {{ ...T }} }} }} fragment T on __Type {{ {} }}",
        nested("ofType", 19, "name")
    );
    assert!(checked(&doc).unwrap_err().contains("21 levels"));
}

#[test]
fn an_introspection_subtree_under_user_fields_counts_from_the_root() {
    // 3 user fields, then __type and 15 more: the user depth is 3, the subtree reaches 19.
    let fits = format!(
        "{{ a {{ b {{ c {{ __type(name: \"Q\") {{ {} }} }} }} }} }}",
        nested("ofType", 15, "name")
    );
    assert_eq!(checked(&fits), Ok(()));
    // The same subtree under 5 user fields reaches 21.
    let deep = format!(
        "{{ a {{ b {{ c {{ d {{ e {{ __type(name: \"Q\") {{ {} }} }} }} }} }} }} }}",
        nested("ofType", 15, "name")
    );
    assert!(checked(&deep).unwrap_err().contains("21 levels"));
    // User fields beside the subtree still have the user limit.
    let beside = format!(
        "{{ __schema {{ types {{ name }} }} {} }}",
        nested("a", 13, "b")
    );
    assert!(checked(&beside).unwrap_err().contains("the limit is 12"));
}

#[test]
fn fragment_cycles_are_refused_not_followed() {
    let itself = "{ ...A } fragment A on Q { a { ...A } }";
    assert!(
        checked(itself)
            .unwrap_err()
            .contains("Fragment \"A\" spreads itself")
    );
    let through_others =
        "{ a { ...A } } fragment A on Q { b { ...B } } fragment B on Q { ... on Q { ...A } }";
    assert!(
        checked(through_others)
            .unwrap_err()
            .contains("spreads itself")
    );
}

#[test]
fn a_fragment_spread_many_times_is_measured_once() {
    // Each fragment spreads the next twice: 2^40 paths, but 41 fragments to measure.
    let mut doc = String::from("{ ...F0 }");
    for i in 0..40 {
        doc.push_str(&format!(
            " fragment F{i} on Q {{ ...F{n} ... on Q {{ ...F{n} }} }}",
            n = i + 1
        ));
    }
    doc.push_str(" fragment F40 on Q { a { b } }");
    assert_eq!(checked(&doc), Ok(()));
}

#[test]
fn unknown_fragments_are_left_to_validation() {
    assert_eq!(checked("{ a { ...Missing } }"), Ok(()));
}
