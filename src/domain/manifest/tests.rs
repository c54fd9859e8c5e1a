use super::*;
use crate::domain::slo::SliKind;

const EXAMPLE: &str = include_str!("../../../tests/fixtures/manifest/orrery.yaml");

const MINIMAL: &str = "apiVersion: orrery.dev/v1
kind: Service
service:
  slug: checkout
  name: Checkout
  team: payments
  tier: tier3
  lifecycle: beta
";

fn errors(text: &str) -> Vec<ManifestError> {
    parse("orrery.yaml", text).expect_err("the manifest should be refused")
}

/// The only error for `text`, checked to sit at `line`:`column` under `path`.
fn one_error(text: &str, line: usize, column: usize, path: &str) -> ManifestError {
    let errs = errors(text);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let e = errs.into_iter().next().unwrap();
    assert_eq!(
        (e.line, e.column, e.path.as_str()),
        (line, column, path),
        "{e}"
    );
    e
}

#[test]
fn the_example_parses_into_validated_values() {
    let m = parse("orrery.yaml", EXAMPLE).unwrap();
    assert_eq!(m.service.slug.as_str(), "checkout");
    assert_eq!(m.service.team.as_str(), "payments");
    assert_eq!(m.service.links.len(), 2);
    assert_eq!(
        m.service.monitoring.as_ref().unwrap().selector(),
        "job=\"checkout\",namespace=\"shop\",app=\"checkout\""
    );
    assert_eq!(m.slos.len(), 2);
    assert_eq!(m.slos[0].objective.percent(), 99.9);
    assert_eq!(m.slos[1].sli.kind(), SliKind::Latency);
    assert_eq!(
        m.slos[1].window.days(),
        28,
        "the window defaults to 28 days"
    );
    assert_eq!(
        m.dependencies[1].target,
        DependencyTarget::External("Stripe API".into())
    );
    let cap = m.capacity.as_ref().unwrap();
    assert_eq!(cap.plan.replicas, 8);
    assert_eq!(cap.plan.planned_events.len(), 1);
    assert_eq!(
        m.attestations[1].item.as_str(),
        "incident_response.game_day"
    );
    assert!(m.attestations[1].note.is_some());
}

#[test]
fn facts_count_slos_and_list_attestations() {
    let m = parse("orrery.yaml", EXAMPLE).unwrap();
    let f = manifest_facts(&m);
    assert_eq!(f.slo_count, 2);
    assert_eq!(f.attestations.len(), 2);
    assert_eq!(f.attestations[0].0, "capacity.load_test");
    assert_eq!(
        f.attestations[0].2,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    );
    let minimal = parse("orrery.yaml", MINIMAL).unwrap();
    assert_eq!(manifest_facts(&minimal), ManifestFacts::default());
}

#[test]
fn a_minimal_manifest_has_defaults() {
    let m = parse("orrery.yaml", MINIMAL).unwrap();
    assert_eq!(m.service.description, "");
    assert!(m.service.links.is_empty() && m.service.monitoring.is_none());
    assert!(m.slos.is_empty() && m.dependencies.is_empty() && m.capacity.is_none());
}

#[test]
fn yaml_syntax_errors_name_file_line_and_column() {
    let e = one_error(&format!("{MINIMAL}slos: [\n  - oops: : :\n"), 10, 3, "");
    assert!(
        e.to_string()
            .starts_with("orrery.yaml:10:3: not valid YAML: "),
        "{e}"
    );
    assert!(
        !e.message.contains("line 10"),
        "the location is not repeated: {e}"
    );
}

#[test]
fn duplicate_keys_are_refused() {
    let e = errors(&format!("{MINIMAL}  tier: tier1\n"));
    assert!(e[0].message.contains("not valid YAML"), "{:?}", e[0]);
}

#[test]
fn the_header_is_checked() {
    let text = MINIMAL.replace("orrery.dev/v1", "orrery.dev/v2");
    let e = one_error(&text, 1, 13, "apiVersion");
    assert!(e.message.contains("orrery.dev/v1"), "{e}");
    let text = MINIMAL.replace("kind: Service", "kind: Team");
    one_error(&text, 2, 7, "kind");
    let e = errors("kind: Service\n");
    assert!(e.iter().any(|e| e.message.contains("apiVersion")), "{e:?}");
}

#[test]
fn unknown_keys_and_bad_enums_are_located() {
    let e = one_error(
        &MINIMAL.replace("tier: tier3", "tier: gold"),
        7,
        9,
        "service.tier",
    );
    assert!(e.message.contains("tier1"), "{e}");
    let e = one_error(&format!("{MINIMAL}  owner: bob\n"), 9, 10, "service.owner");
    assert!(e.message.contains("unknown key `owner`"), "{e}");
}

#[test]
fn field_rules_are_the_apis() {
    let text = format!(
        "{MINIMAL}slos:\n  - name: a\n    sli: {{kind: ratio, good_query: x}}\n    objective_percent: 99.12345\n"
    );
    let errs = errors(&text);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!(
        (errs[0].line, errs[0].path.as_str()),
        (11, "slos[0].sli.total_query")
    );
    assert!(
        errs[0].message.contains("required for a ratio SLI"),
        "{}",
        errs[0]
    );
    assert_eq!(
        (errs[1].line, errs[1].path.as_str()),
        (12, "slos[0].objective_percent")
    );
    assert!(
        errs[1].message.contains("at most 4 decimals"),
        "{}",
        errs[1]
    );
    let text = MINIMAL.replace("team: payments", "team: Payments Team");
    let e = one_error(&text, 6, 9, "service.team");
    assert!(e.message.contains("not a valid slug"), "{e}");
}

#[test]
fn links_monitoring_and_capacity_are_checked() {
    let text = format!(
        "{MINIMAL}  links:\n    - kind: runbook\n      title: Runbook\n      url: https://\n"
    );
    let e = one_error(&text, 12, 12, "service.links[0].url");
    assert!(e.message.contains("URL"), "{e}");
    let text = format!("{MINIMAL}  monitoring:\n    matchers: [nonsense]\n");
    one_error(&text, 10, 16, "service.monitoring.matchers[0]");
    let text = format!(
        "{MINIMAL}capacity:\n  peak_rps: 10\n  unit_capacity_rps: 5\n  replicas: 2\n  growth_pct_per_month: 1\n  headroom_target_pct: 30\n  planned_events:\n    - {{name: Sale, date: 2026-02-30, peak_multiplier: 2}}\n"
    );
    let e = one_error(&text, 16, 26, "capacity.planned_events[0].date");
    assert!(e.message.contains("YYYY-MM-DD"), "{e}");
    let text = text
        .replace("2026-02-30", "2026-02-20")
        .replace("peak_multiplier: 2", "peak_multiplier: 5000");
    one_error(&text, 16, 55, "capacity.planned_events[0].peak_multiplier");
}

#[test]
fn dependencies_need_one_target_once_and_not_self() {
    let deps = "dependencies:\n  - {service: checkout, kind: hard}\n  - {kind: soft}\n  - {service: db, external: Postgres, kind: soft}\n  - {external: Stripe, kind: soft}\n  - {external: Stripe, kind: hard}\n";
    let errs = errors(&format!("{MINIMAL}{deps}"));
    let paths: Vec<_> = errs.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "dependencies[0].service",
            "dependencies[1]",
            "dependencies[2]",
            "dependencies[4]"
        ],
        "{errs:#?}"
    );
    assert!(errs[0].message.contains("itself"));
    assert!(errs[3].message.contains("more than once"));
    let e = one_error(
        &format!("{MINIMAL}dependencies:\n  - {{external: x, kind: soft, timeout_ms: 0}}\n"),
        10,
        43,
        "dependencies[0].timeout_ms",
    );
    assert!(e.message.contains("1"), "{e}");
}

#[test]
fn attestations_are_unique_with_links_and_dates() {
    let text = format!(
        "{MINIMAL}attestations:\n  - item: capacity.load_test\n    evidence: https://ci/1\n    date: 2026-11-20\n  - item: capacity.load_test\n    evidence: see wiki\n    date: 2026-11-20\n"
    );
    let errs = errors(&text);
    let found: Vec<_> = errs.iter().map(|e| (e.line, e.path.as_str())).collect();
    assert_eq!(
        found,
        [
            (13, "attestations[1].item"),
            (14, "attestations[1].evidence")
        ],
        "{errs:#?}"
    );
    assert!(errs[1].message.contains("http"), "{}", errs[1]);
    let text = text.replace("see wiki", "https://ci/2");
    let e = one_error(&text, 13, 11, "attestations[1].item");
    assert!(e.message.contains("more than once"), "{e}");
    let text = format!(
        "{MINIMAL}attestations:\n  - item: Not A Key\n    evidence: https://ci/1\n    date: 2026-11-20\n"
    );
    one_error(&text, 10, 11, "attestations[0].item");
}

#[test]
fn oversized_files_are_refused_before_parsing() {
    let text = format!("{MINIMAL}# {}\n", "x".repeat(MAX_BYTES));
    let e = one_error(&text, 1, 1, "");
    assert!(e.message.contains("at most 256 KiB"), "{e}");
}

#[test]
fn deep_nesting_is_refused() {
    let deep = format!("{MINIMAL}x: {}{}\n", "[".repeat(200), "]".repeat(200));
    let e = errors(&deep);
    assert!(e[0].message.contains("not valid YAML"), "{e:?}");
}

#[test]
fn alias_bombs_are_refused() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = (b'a' + i - 1) as char;
        let this = (b'a' + i) as char;
        bomb.push_str(&format!(
            "{this}: &{this} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    let e = errors(&bomb);
    assert!(e[0].message.contains("not valid YAML"), "{e:?}");
}

#[test]
fn only_one_document_is_read() {
    let e = errors(&format!("{MINIMAL}---\n{MINIMAL}"));
    assert!(e[0].message.contains("not valid YAML"), "{e:?}");
}

#[test]
fn the_schema_is_valid_json_schema_and_accepts_the_example() {
    let schema: serde_json::Value = serde_json::from_str(schema_json()).unwrap();
    assert!(jsonschema::meta::is_valid(&schema));
    let example: serde_json::Value = serde_saphyr::from_str(EXAMPLE).unwrap();
    assert!(jsonschema::draft202012::is_valid(&schema, &example));
}

#[test]
fn readme_shows_the_example() {
    let readme = include_str!("../../../README.md");
    assert!(
        readme.contains(EXAMPLE),
        "README.md must contain tests/fixtures/manifest/orrery.yaml verbatim"
    );
}

#[test]
fn pointers_from_parser_fields() {
    use super::problems::pointer;
    assert_eq!(pointer("/service", "links[2].url"), "/service/links/2/url");
    assert_eq!(
        pointer("/capacity", "planned_events[0].name"),
        "/capacity/planned_events/0/name"
    );
    assert_eq!(
        pointer("/slos/1/sli", "good_query"),
        "/slos/1/sli/good_query"
    );
}
