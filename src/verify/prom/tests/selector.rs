//! Matcher parsing, Prometheus-style matching and finding matchers in expressions.

use crate::verify::prom::selector::*;
use std::collections::BTreeMap;

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn triple(m: &Matcher) -> (&str, MatchOp, &str) {
    (m.name.as_str(), m.op, m.value.as_str())
}

#[test]
fn parses_every_operator_with_spacing_braces_and_trailing_comma() {
    let ms = parse_matchers(r#" { job = "checkout", env!="dev",ns=~"shop|cart" , app!~'x.*', } "#)
        .unwrap();
    let got: Vec<_> = ms.iter().map(triple).collect();
    assert_eq!(
        got,
        vec![
            ("job", MatchOp::Equal, "checkout"),
            ("env", MatchOp::NotEqual, "dev"),
            ("ns", MatchOp::Regex, "shop|cart"),
            ("app", MatchOp::NotRegex, "x.*"),
        ]
    );
    assert_eq!(
        format_matchers(&ms),
        r#"job="checkout",env!="dev",ns=~"shop|cart",app!~"x.*""#
    );
    assert!(parse_matchers("").unwrap().is_empty());
    assert!(parse_matchers("{}").unwrap().is_empty());
}

#[test]
fn unescapes_quoted_values_and_keeps_raw_strings() {
    let ms = parse_matchers(r#"a="x\"y\\z\n", b='it\'s', c=`\d+`, d="\x41\u00e9\101""#).unwrap();
    assert_eq!(ms[0].value, "x\"y\\z\n");
    assert_eq!(ms[1].value, "it's");
    assert_eq!(ms[2].value, r"\d+");
    assert_eq!(ms[3].value, "AéA");
    // The normalised form re-escapes, so it parses back to the same matcher.
    let again = parse_matchers(&ms[0].to_string()).unwrap();
    assert_eq!(again[0], ms[0]);
}

#[test]
fn rejects_malformed_lists_saying_where() {
    for (text, needle) in [
        (r#"job"checkout""#, "expected =, !=, =~ or !~"),
        (r#"1job="x""#, "expected a label name"),
        (r#"job="x"#, "unterminated string"),
        (r#"job=x"#, "expected a quoted value"),
        (r#"job="x" ns="y""#, "expected `,`"),
        (r#"job=~"(""#, "invalid regex"),
        (r#"{job="x""#, "missing closing"),
        (r#"job="\q""#, "unknown escape"),
    ] {
        let e = parse_matchers(text).unwrap_err();
        assert!(e.contains(needle), "{text}: {e}");
    }
}

#[test]
fn matches_like_prometheus_with_anchored_regexes_and_absent_labels_as_empty() {
    let set = labels(&[("job", "checkout"), ("namespace", "shop")]);
    let m = |t: &str| parse_matchers(t).unwrap();
    assert!(matches_all(&m(r#"job="checkout""#), &set));
    assert!(!matches_all(&m(r#"job="check""#), &set));
    assert!(matches_all(&m(r#"job!="cart""#), &set));
    assert!(!matches_all(&m(r#"job!="checkout""#), &set));
    assert!(matches_all(&m(r#"job=~"check.*""#), &set));
    // Anchored at both ends: a substring match is not enough.
    assert!(!matches_all(&m(r#"job=~"heck""#), &set));
    assert!(!matches_all(&m(r#"job=~"check""#), &set));
    assert!(matches_all(&m(r#"job=~"cart|checkout""#), &set));
    assert!(matches_all(&m(r#"job!~"cart|pay.*""#), &set));
    assert!(!matches_all(&m(r#"job!~"check.*""#), &set));
    // A missing label has the empty value.
    assert!(matches_all(&m(r#"team="""#), &set));
    assert!(matches_all(&m(r#"team!="x""#), &set));
    assert!(!matches_all(&m(r#"team=~".+""#), &set));
    assert!(matches_all(
        &m(r#"job="checkout",namespace=~"shop|cart""#),
        &set
    ));
    assert!(!matches_all(&m(r#"job="checkout",namespace="cart""#), &set));
}

#[test]
fn finds_matchers_in_every_selector_but_not_in_strings_or_comments() {
    let expr = r#"sum(rate(http_requests_total{ job = "checkout" , code=~"5.."}[5m]))
        / sum(rate(http_requests_total{namespace='shop'}[5m])) # {team="x"}
        + on() label_replace(vector(1), "x", "{fake=\"1\"}", "", "")"#;
    let found: Vec<String> = expr_matchers(expr)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        found,
        vec![r#"job="checkout""#, r#"code=~"5..""#, r#"namespace="shop""#]
    );
}

#[test]
fn an_expression_uses_the_selector_only_with_every_matcher_exactly() {
    let want = parse_matchers(r#"job="checkout",namespace="shop""#).unwrap();
    assert!(expr_uses_all(
        r#"up{namespace = "shop",job="checkout"} == 0"#,
        &want
    ));
    assert!(expr_uses_all(
        r#"a{job='checkout'} / b{namespace=`shop`}"#,
        &want
    ));
    // Another job, a longer job name, a differently named label, a regex: not the service.
    for other in [
        r#"up{job="cart",namespace="shop"} == 0"#,
        r#"up{job="checkout-api",namespace="shop"} == 0"#,
        r#"up{myjob="checkout",namespace="shop"} == 0"#,
        r#"up{job=~"checkout",namespace="shop"} == 0"#,
        r#"up{job="checkout"} == 0"#,
    ] {
        assert!(!expr_uses_all(other, &want), "{other}");
    }
    assert!(expr_uses_all("vector(1)", &[]));
}
