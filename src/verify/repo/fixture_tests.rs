//! The shipped template's repository checks against the fixture repositories in
//! `tests/fixtures/repos`: a well-prepared service passes all of them, and so does a
//! differently shaped one (a queue worker without Ingress whose autoscaler owns its
//! replicas); a neglected one fails nearly all, with evidence pointing at the right files.
//! Then single items of the shipped template against small in-memory repositories: the
//! cases a review found judged wrongly, next to the cases they must still catch.

use super::tests::MemRepo;
use super::{LocalRepo, RepoSource, is_repo_check, run_repo_check};
use crate::domain::template::{CheckSpec, Template, TemplateSchema};
use crate::verify::{CheckOutcome, CheckResult};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn template() -> Template {
    let schema = TemplateSchema::compile(include_str!("../../../checklists/schema.json"))
        .expect("schema compiles");
    schema
        .parse(
            "orr-standard.yaml",
            include_str!("../../../checklists/orr-standard.yaml"),
        )
        .expect("shipped template parses")
}

fn fixture(name: &str) -> LocalRepo {
    LocalRepo::new(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/repos")
            .join(name),
    )
}

/// Runs every repository check of the shipped template, keyed by item.
async fn run_all(repo: &dyn RepoSource) -> BTreeMap<String, CheckResult> {
    let mut results = BTreeMap::new();
    for (_, item) in template().items() {
        if let Some(spec) = item.check.as_ref().filter(|s| is_repo_check(s)) {
            results.insert(item.key.clone(), run_repo_check(spec, repo).await);
        }
    }
    results
}

fn get<'a>(results: &'a BTreeMap<String, CheckResult>, key: &str) -> &'a CheckResult {
    results
        .get(key)
        .unwrap_or_else(|| panic!("no result for {key}"))
}

/// The outcome every repository check of a well-run fixture must reach.
fn expected_on_a_well_run_repo(key: &str) -> CheckOutcome {
    if key == "change_management.code_review" {
        CheckOutcome::NotApplicable
    } else {
        CheckOutcome::Pass
    }
}

#[tokio::test]
async fn well_prepared_repository_passes_every_repo_check() {
    let results = run_all(&fixture("well-prepared")).await;
    assert_eq!(results.len(), 27, "repo checks in the shipped template");
    for (key, r) in &results {
        let expected = expected_on_a_well_run_repo(key);
        assert_eq!(r.outcome, expected, "{key}: {}", r.evidence.summary);
        assert_eq!(r.evidence.commit, None, "fixtures are not git checkouts");
    }
    let at = |key: &str| {
        let r = get(&results, key);
        (r.evidence.path.as_deref(), r.evidence.line)
    };
    assert_eq!(at("ownership.owner"), (Some(".github/CODEOWNERS"), Some(2)));
    assert_eq!(
        at("ownership.security_contact"),
        (Some("SECURITY.md"), Some(4))
    );
    assert_eq!(
        at("security.vulnerability_scanning"),
        (Some(".github/workflows/ci.yml"), Some(17))
    );
    assert_eq!(at("ownership.readme"), (Some("README.md"), None));
    assert_eq!(
        at("ownership.design_doc"),
        (Some("docs/architecture.md"), None)
    );
    assert_eq!(at("security.tls"), (Some("deploy/service.yaml"), None));
    assert_eq!(
        get(&results, "security.tls").evidence.observed["selected"],
        1,
        "with an Ingress, only Ingresses are judged"
    );
    assert_eq!(
        at("change_management.ci"),
        (Some(".github/workflows/ci.yml"), Some(12))
    );
    assert_eq!(
        get(&results, "change_management.ci").evidence.observed["matched_line"],
        "- run: cargo test --locked"
    );
    assert_eq!(at("security.non_root"), (Some("Dockerfile"), Some(8)));
    assert_eq!(
        get(&results, "security.non_root").evidence.observed["matched_line"],
        "USER 10001:10001"
    );
    assert_eq!(
        at("resilience.replicas"),
        (Some("deploy/deployment.yaml"), None)
    );
    assert_eq!(
        get(&results, "resilience.replicas").evidence.observed["selected"],
        2,
        "the Deployment, by its replicas, and the autoscaler, by its minimum"
    );
    assert_eq!(
        at("incident_response.runbook_links"),
        (Some("prometheus/alerts.yaml"), None)
    );
    let alerts = &get(&results, "incident_response.runbook_links")
        .evidence
        .observed;
    assert_eq!(alerts["selected"], 3, "the recording rule is not an alert");
}

#[tokio::test]
async fn a_queue_worker_with_an_autoscaler_and_no_ingress_passes_every_repo_check() {
    let results = run_all(&fixture("hpa-worker")).await;
    assert_eq!(results.len(), 27);
    for (key, r) in &results {
        let expected = expected_on_a_well_run_repo(key);
        assert_eq!(r.outcome, expected, "{key}: {}", r.evidence.summary);
    }
    let at = |key: &str| {
        let r = get(&results, key);
        (r.evidence.path.as_deref(), r.evidence.line)
    };
    let summary = |key: &str| get(&results, key).evidence.summary.clone();
    // The Deployment leaves its replicas to the autoscaler, which keeps two.
    assert_eq!(at("resilience.replicas"), (Some("deploy/hpa.yaml"), None));
    assert!(
        summary("resilience.replicas").starts_with("The selected object satisfies"),
        "{}",
        summary("resilience.replicas")
    );
    // Non-root through the Dockerfile alone.
    assert_eq!(at("security.non_root"), (Some("Dockerfile"), Some(9)));
    // No Ingress: every manifest is selected and none is an Ingress without TLS.
    assert_eq!(
        get(&results, "security.tls").evidence.observed["selected"],
        6
    );
    // "0%" is zero.
    assert_eq!(
        at("change_management.zero_downtime"),
        (Some("deploy/deployment.yaml"), None)
    );
    // Alerts in a PrometheusRule whose file name does not say "rule".
    assert_eq!(
        at("incident_response.runbook_links"),
        (Some("deploy/monitoring.yaml"), None)
    );
    assert_eq!(
        at("incident_response.alert_severity"),
        (Some("deploy/monitoring.yaml"), None)
    );
    assert_eq!(
        at("ownership.design_doc"),
        (Some("docs/architecture/overview.md"), None)
    );
    assert_eq!(
        at("change_management.ci"),
        (Some(".github/workflows/ci.yml"), Some(16)),
        "the test step, not the build before it"
    );
    assert!(
        summary("security.secrets").starts_with("The selected object satisfies"),
        "lower-case names from a Secret and envFrom of a Secret are fine: {}",
        summary("security.secrets")
    );
}

#[tokio::test]
async fn neglected_repository_fails_with_evidence() {
    let results = run_all(&fixture("neglected")).await;
    let outcome = |key: &str| get(&results, key).outcome;
    assert_eq!(
        outcome("change_management.code_review"),
        CheckOutcome::NotApplicable
    );
    let failing: Vec<&str> = results
        .iter()
        .filter(|(_, r)| r.outcome == CheckOutcome::Fail)
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        failing.len(),
        results.len() - 1,
        "everything else fails: {failing:?}"
    );

    let check = |key: &str, path: &str, line: Option<u32>, text: &str| {
        let r = get(&results, key);
        assert_eq!(
            r.evidence.path.as_deref(),
            Some(path),
            "{key}: {}",
            r.evidence.summary
        );
        assert_eq!(r.evidence.line, line, "{key}");
        assert!(
            r.evidence.summary.contains(text),
            "{key}: {}",
            r.evidence.summary
        );
    };
    check(
        "ownership.readme",
        "README.md",
        None,
        "smaller than the 500 bytes required",
    );
    check(
        "incident_response.runbooks",
        "RUNBOOK.md",
        None,
        "RUNBOOK.md (",
    );
    check(
        "resilience.replicas",
        "deploy/deployment.yaml",
        None,
        "document 1 (found 1)",
    );
    check(
        "change_management.immutable_images",
        "deploy/deployment.yaml",
        None,
        "orders-worker:latest",
    );
    // The literal token, the password from a ConfigMap key and the secret-named ConfigMap
    // imported whole.
    check(
        "security.secrets",
        "deploy/deployment.yaml",
        None,
        "['env'][1]",
    );
    check(
        "security.secrets",
        "deploy/deployment.yaml",
        None,
        "['env'][2]",
    );
    check(
        "security.secrets",
        "deploy/deployment.yaml",
        None,
        "['envFrom'][0]",
    );
    check(
        "security.tls",
        "deploy/ingress.yaml",
        None,
        "(found \"$['spec']['rules']\")",
    );
    // The empty runbook_url does not count, and the PrometheusRule under deploy/ is read.
    check(
        "incident_response.runbook_links",
        "prometheus/alerts.yaml",
        None,
        "3 of 3",
    );
    check(
        "incident_response.runbook_links",
        "prometheus/alerts.yaml",
        None,
        "(found \"\")",
    );
    check(
        "incident_response.alert_severity",
        "prometheus/alerts.yaml",
        None,
        "\"page\"",
    );
    check(
        "change_management.zero_downtime",
        "deploy/deployment.yaml",
        None,
        "nothing there",
    );
    let summary = |key: &str| get(&results, key).evidence.summary.clone();
    assert!(summary("ownership.owner").starts_with("No CODEOWNERS file"));
    assert!(summary("ownership.security_contact").ends_with("in SECURITY.md"));
    assert!(
        summary("change_management.ci").ends_with("in .github/workflows/build.yml"),
        "it builds but never tests: {}",
        summary("change_management.ci")
    );
    assert!(
        summary("security.non_root").contains("in Dockerfile, deploy/"),
        "USER root does not count: {}",
        summary("security.non_root")
    );
    assert!(
        summary("ownership.design_doc").starts_with("No file matches"),
        "{}",
        summary("ownership.design_doc")
    );
    let pdb = get(&results, "resilience.pod_disruption_budget");
    assert!(
        pdb.evidence
            .summary
            .starts_with("No matching documents/objects")
    );
    assert_eq!(
        pdb.evidence.observed["documents"], 5,
        "both budgets were read, 0 and \"0%\", and neither counts"
    );
    assert!(summary("capacity.autoscaling").starts_with("No matching documents/objects"));
    assert!(
        !serde_json::to_string(&results)
            .unwrap_or_default()
            .contains("s3cr3t")
    );
}

/// The shipped template's check of item `key`.
fn item_check(key: &str) -> CheckSpec {
    template()
        .item(key)
        .and_then(|(_, i)| i.check.clone())
        .unwrap_or_else(|| panic!("{key} has a check"))
}

/// An in-memory repository (path, text), the outcome expected and why.
type Case<'a> = (&'a [(&'a str, &'a str)], CheckOutcome, &'a str);

/// Runs the shipped check of `key` on each in-memory repository and compares outcomes.
async fn expect_outcomes(key: &str, cases: &[Case<'_>]) {
    let spec = item_check(key);
    for (files, expected, why) in cases {
        let r = run_repo_check(&spec, &MemRepo::new(files)).await;
        assert_eq!(r.outcome, *expected, "{key}, {why}: {}", r.evidence.summary);
    }
}

const DEPLOYMENT: &str = "kind: Deployment\nmetadata: {name: api}\nspec: {template: {spec: {containers: [{name: api, image: api:1}]}}}\n";
const DEPLOYMENT_2: &str = "kind: Deployment\nmetadata: {name: api}\nspec: {replicas: 2}\n";
const DEPLOYMENT_1: &str = "kind: Deployment\nmetadata: {name: api}\nspec: {replicas: 1}\n";
const HPA_3: &str = "kind: HorizontalPodAutoscaler\nspec: {scaleTargetRef: {kind: Deployment, name: api}, minReplicas: 3, maxReplicas: 9}\n";
const HPA_1: &str = "kind: HorizontalPodAutoscaler\nspec: {scaleTargetRef: {kind: Deployment, name: api}, minReplicas: 1, maxReplicas: 9}\n";

#[tokio::test]
async fn replicas_may_be_left_to_an_autoscaler_with_a_minimum_of_two() {
    use CheckOutcome::{Fail, Pass};
    let both = format!("{DEPLOYMENT}---\n{HPA_3}");
    let one_of_two = format!(
        "{DEPLOYMENT_2}---\nkind: StatefulSet\nmetadata: {{name: db}}\nspec: {{replicas: 1}}\n"
    );
    expect_outcomes(
        "resilience.replicas",
        &[
            (
                &[("deploy/app.yaml", DEPLOYMENT), ("k8s/hpa.yaml", HPA_3)],
                Pass,
                "no replicas, an autoscaler with minReplicas 3 in another file",
            ),
            (&[("deploy/app.yaml", &both)], Pass, "the same in one file"),
            (&[("deploy/app.yaml", DEPLOYMENT_2)], Pass, "replicas: 2"),
            (
                &[("deploy/app.yaml", DEPLOYMENT)],
                Fail,
                "no replicas and no autoscaler: one pod",
            ),
            (
                &[("deploy/app.yaml", DEPLOYMENT), ("deploy/hpa.yaml", HPA_1)],
                Fail,
                "an autoscaler that may scale down to one",
            ),
            (
                &[
                    ("deploy/app.yaml", DEPLOYMENT_2),
                    ("deploy/hpa.yaml", HPA_1),
                ],
                Fail,
                "replicas: 2 but the autoscaler owns them and may go down to one",
            ),
            (
                &[
                    ("deploy/app.yaml", DEPLOYMENT_1),
                    ("deploy/hpa.yaml", HPA_3),
                ],
                Fail,
                "an explicit replicas: 1 is judged as written",
            ),
            (
                &[("deploy/app.yaml", &one_of_two)],
                Fail,
                "one of two workloads has one replica",
            ),
            (&[("deploy/hpa.yaml", HPA_3)], Pass, "an autoscaler alone"),
            (&[("README.md", "no manifests")], Fail, "nothing to judge"),
        ],
    )
    .await;
    let r = run_repo_check(
        &item_check("resilience.replicas"),
        &MemRepo::new(&[("deploy/app.yaml", DEPLOYMENT)]),
    )
    .await;
    assert!(
        r.evidence.summary.contains("(nothing there)"),
        "{}",
        r.evidence.summary
    );
}

#[tokio::test]
async fn non_root_accepts_a_dockerfile_user_or_run_as_non_root() {
    use CheckOutcome::{Fail, Pass};
    let dockerfile =
        |user: &str| format!("FROM scratch\nCOPY app /app\n{user}\nENTRYPOINT [\"/app\"]\n");
    let mut cases: Vec<(String, CheckOutcome)> = [
        ("USER app", Pass),
        ("USER 10001:10001", Pass),
        ("user nonroot:nonroot", Pass),
        ("  USER ${APP_UID}", Pass),
        ("USER r", Pass),
        ("USER rooter", Pass),
        ("USER roo", Pass),
        ("USER root", Fail),
        ("USER root:root", Fail),
        ("USER 0", Fail),
        ("USER 0:0", Fail),
        ("# USER app", Fail),
        ("", Fail),
    ]
    .into_iter()
    .map(|(u, o)| (dockerfile(u), o))
    .collect();
    cases.push(("FROM scratch".into(), Fail));
    let spec = item_check("security.non_root");
    for (text, expected) in &cases {
        for path in ["Dockerfile", "build/worker/Dockerfile", "Dockerfile.prod"] {
            let r = run_repo_check(&spec, &MemRepo::new(&[(path, text)])).await;
            assert_eq!(r.outcome, *expected, "{path}: {text}");
        }
    }
    let manifest = |context: &str| {
        format!(
            "kind: Deployment\nspec:\n  template:\n    spec:\n      securityContext:\n        {context}\n"
        )
    };
    expect_outcomes(
        "security.non_root",
        &[
            (
                &[("deploy/app.yaml", &manifest("runAsNonRoot: true"))],
                Pass,
                "runAsNonRoot without a Dockerfile (a third-party image)",
            ),
            (
                &[
                    ("Dockerfile", &dockerfile("USER root")),
                    (
                        "k8s/app.yaml",
                        &manifest("{runAsNonRoot: true, runAsUser: 1000}"),
                    ),
                ],
                Pass,
                "runAsNonRoot refuses the image's root user",
            ),
            (
                &[("deploy/app.yaml", &manifest("runAsNonRoot: false"))],
                Fail,
                "runAsNonRoot: false",
            ),
            (
                &[("deploy/app.yaml", &manifest("# runAsNonRoot: true"))],
                Fail,
                "commented out",
            ),
        ],
    )
    .await;
}

const INGRESS_TLS: &str = "kind: Ingress\nmetadata: {name: web}\nspec:\n  tls: [{hosts: [a.example], secretName: a}]\n  rules: [{host: a.example}]\n";
const INGRESS_PLAIN: &str =
    "kind: Ingress\nmetadata: {name: admin}\nspec:\n  rules: [{host: admin.example}]\n";

#[tokio::test]
async fn tls_is_required_on_every_ingress_and_only_on_ingresses() {
    use CheckOutcome::{Fail, Pass};
    let service = "kind: Service\nmetadata: {name: api}\nspec: {ports: [{port: 80}]}\n";
    let empty_tls = "kind: Ingress\nspec:\n  tls: []\n  rules: [{host: a.example}]\n";
    let backend_only = "kind: Ingress\nspec: {defaultBackend: {service: {name: api}}}\n";
    expect_outcomes(
        "security.tls",
        &[
            (
                &[
                    ("deploy/app.yaml", DEPLOYMENT),
                    ("deploy/svc.yaml", service),
                ],
                Pass,
                "no Ingress at all",
            ),
            (
                &[
                    ("deploy/app.yaml", DEPLOYMENT),
                    ("k8s/ingress.yaml", INGRESS_TLS),
                ],
                Pass,
                "an Ingress with TLS",
            ),
            (
                &[
                    ("deploy/app.yaml", DEPLOYMENT),
                    ("k8s/ingress.yaml", INGRESS_PLAIN),
                ],
                Fail,
                "an Ingress without TLS",
            ),
            (
                &[
                    ("deploy/a.yaml", INGRESS_TLS),
                    ("deploy/b.yaml", INGRESS_PLAIN),
                ],
                Fail,
                "one of two Ingresses without TLS",
            ),
            (&[("deploy/a.yaml", empty_tls)], Fail, "an empty tls list"),
            (
                &[("deploy/a.yaml", backend_only)],
                Fail,
                "a default backend without TLS",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn zero_disruption_is_zero_however_it_is_spelled() {
    use CheckOutcome::{Fail, Pass};
    let pdb = |spec: &str| {
        format!(
            "kind: PodDisruptionBudget\nspec: {{{spec}, selector: {{matchLabels: {{app: a}}}}}}\n"
        )
    };
    for (spec, expected) in [
        ("maxUnavailable: 0", Fail),
        ("maxUnavailable: '0'", Fail),
        ("maxUnavailable: 0%", Fail),
        ("maxUnavailable: '0%'", Fail),
        ("minAvailable: 100%", Fail),
        ("maxUnavailable: 1", Pass),
        ("maxUnavailable: 10%", Pass),
        ("maxUnavailable: '20%'", Pass),
        ("minAvailable: 1", Pass),
        ("minAvailable: 50%", Pass),
    ] {
        expect_outcomes(
            "resilience.pod_disruption_budget",
            &[(&[("deploy/pdb.yaml", &pdb(spec))], expected, spec)],
        )
        .await;
    }
    let deployment = |strategy: &str| {
        format!(
            "kind: Deployment\nspec:\n  strategy: {strategy}\n  template: {{spec: {{containers: []}}}}\n"
        )
    };
    for (strategy, expected) in [
        ("{rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}", Pass),
        ("{rollingUpdate: {maxUnavailable: '0'}}", Pass),
        ("{rollingUpdate: {maxUnavailable: 0%}}", Pass),
        (
            "{rollingUpdate: {maxUnavailable: \"0%\", maxSurge: 25%}}",
            Pass,
        ),
        ("{rollingUpdate: {maxUnavailable: 1, maxSurge: 0}}", Fail),
        ("{rollingUpdate: {maxUnavailable: 10%}}", Fail),
        ("{rollingUpdate: {maxUnavailable: '100%'}}", Fail),
        ("{rollingUpdate: {maxSurge: 0}}", Fail),
        ("{type: Recreate}", Fail),
    ] {
        expect_outcomes(
            "change_management.zero_downtime",
            &[(
                &[("deploy/app.yaml", &deployment(strategy))],
                expected,
                strategy,
            )],
        )
        .await;
    }
}

#[tokio::test]
async fn secret_like_variables_are_found_in_any_case_and_through_config_maps() {
    use CheckOutcome::{Fail, Pass};
    let pod =
        |containers: &str| format!("kind: Deployment\nspec:\n  template:\n    spec:\n{containers}");
    let cases = [
        (
            "      containers:\n        - env: [{name: db_password, value: hunter2}]\n",
            Fail,
            "a lower-case name with a literal value",
        ),
        (
            "      containers:\n        - env: [{name: Stripe_Api_Key, value: sk_live}]\n",
            Fail,
            "a mixed-case name",
        ),
        (
            "      initContainers:\n        - env: [{name: MIGRATE_TOKEN, value: abc}]\n      containers: [{name: a}]\n",
            Fail,
            "an init container",
        ),
        (
            "      containers:\n        - env: [{name: DB_PASSWORD, valueFrom: {configMapKeyRef: {name: db, key: password}}}]\n",
            Fail,
            "a secret-like variable from a ConfigMap",
        ),
        (
            "      containers:\n        - envFrom: [{configMapRef: {name: app-secrets}}]\n",
            Fail,
            "envFrom of a ConfigMap named like a secret",
        ),
        (
            "      containers:\n        - envFrom: [{configMapRef: {name: App-Credentials}}]\n",
            Fail,
            "the same in mixed case",
        ),
        (
            "      containers:\n        - env: [{name: db_password, valueFrom: {secretKeyRef: {name: db, key: password}}}]\n",
            Pass,
            "from a Secret",
        ),
        (
            "      containers:\n        - envFrom: [{secretRef: {name: app-secrets}}, {configMapRef: {name: app-config}}]\n",
            Pass,
            "envFrom of a Secret and of an ordinary ConfigMap",
        ),
        (
            "      containers:\n        - env: [{name: LOG_LEVEL, value: info}]\n",
            Pass,
            "a literal that is no secret",
        ),
    ];
    for (containers, expected, why) in cases {
        expect_outcomes(
            "security.secrets",
            &[(&[("deploy/app.yaml", &pod(containers))], expected, why)],
        )
        .await;
    }
}

#[tokio::test]
async fn an_empty_runbook_url_does_not_count() {
    use CheckOutcome::{Fail, Pass};
    let rules = |annotations: &str| {
        format!(
            "groups:\n  - name: g\n    rules:\n      - alert: A\n        labels: {{severity: critical}}\n        annotations: {annotations}\n"
        )
    };
    for (annotations, expected) in [
        ("{runbook_url: 'https://runbooks.example/a'}", Pass),
        ("{runbook_url: docs/runbook.md#a}", Pass),
        ("{runbook_url: ''}", Fail),
        ("{runbook_url: '  '}", Fail),
        ("{runbook_url: }", Fail),
        ("{summary: s}", Fail),
    ] {
        expect_outcomes(
            "incident_response.runbook_links",
            &[(
                &[("alerts/a.yaml", &rules(annotations))],
                expected,
                annotations,
            )],
        )
        .await;
    }
}

#[tokio::test]
async fn alert_rules_are_read_from_any_yaml_with_rule_groups() {
    use CheckOutcome::{Fail, Pass};
    let good = "groups: [{name: g, rules: [{alert: A, labels: {severity: warning}, annotations: {runbook_url: 'https://r'}}]}]\n";
    let bad = "groups: [{name: g, rules: [{alert: B, labels: {severity: page}}]}]\n";
    let operator = |groups: &str| {
        format!("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  {groups}")
    };
    for key in [
        "incident_response.runbook_links",
        "incident_response.alert_severity",
    ] {
        expect_outcomes(
            key,
            &[
                (
                    &[
                        ("deploy/app.yaml", DEPLOYMENT),
                        ("deploy/monitoring.yaml", &operator(good)),
                    ],
                    Pass,
                    "a PrometheusRule under deploy/ named without 'rule'",
                ),
                (
                    &[
                        ("deploy/app.yaml", DEPLOYMENT),
                        ("deploy/monitoring.yaml", &operator(bad)),
                    ],
                    Fail,
                    "the same file with a bad alert is judged",
                ),
                (
                    &[
                        ("manifests/alerts.yml", good),
                        ("prometheus/more.yaml", good),
                    ],
                    Pass,
                    "plain rule files among the manifests",
                ),
                (
                    &[
                        ("kubernetes/alerts.yml", bad),
                        ("prometheus/more.yaml", good),
                    ],
                    Fail,
                    "a bad one among the manifests is not missed",
                ),
                (
                    &[("deploy/app.yaml", DEPLOYMENT)],
                    Fail,
                    "manifests without rules: nothing selected",
                ),
            ],
        )
        .await;
    }
}

#[tokio::test]
async fn ci_needs_a_test_step_not_only_a_build() {
    use CheckOutcome::{Fail, Pass};
    let workflow = |step: &str| {
        format!(
            "on: [pull_request]\njobs:\n  ci:\n    steps:\n      - uses: actions/checkout@v4\n      {step}\n"
        )
    };
    let mut cases: Vec<(&str, CheckOutcome)> = [
        "- run: cargo test --locked",
        "- run: cargo +nightly test",
        "- run: cargo nextest run",
        "- run: go test -race ./...",
        "- run: npm test",
        "- run: npm ci && npm run test:unit",
        "- run: yarn test",
        "- run: pytest -q",
        "- run: python -m pytest tests/",
        "- run: tox -e py312",
        "- run: make test",
        "- run: make -C server lint test",
        "- run: mvn -B verify",
        "- run: ./mvnw test",
        "- run: ./gradlew build test",
        "- run: gradle check",
        "- run: dotnet test",
        "- run: bundle exec rspec",
        "- run: mix test",
        "- run: |\n          go build ./...\n          go test ./...",
        "- uses: cypress-io/github-action@v6",
        "- uses: actions-rs/cargo@v1\n        with:\n          command: test",
    ]
    .into_iter()
    .map(|s| (s, Pass))
    .collect();
    cases.extend(
        [
            "- run: cargo build --release",
            "- run: go build ./... && go vet ./...",
            "- run: npm ci && npm run build",
            "- run: make build check-format",
            "- run: mvn -B package -DskipTests",
            "- run: ./gradlew assemble",
            "# - run: go test ./...",
            "- name: Test\n        run: echo tests are for later",
            "- run: docker build -t app:test .",
        ]
        .into_iter()
        .map(|s| (s, Fail)),
    );
    for (step, expected) in cases {
        expect_outcomes(
            "change_management.ci",
            &[(
                &[(".github/workflows/ci.yml", &workflow(step))],
                expected,
                step,
            )],
        )
        .await;
    }
    expect_outcomes(
        "change_management.ci",
        &[
            (
                &[(".gitlab-ci.yml", "test:\n  script:\n    - pytest\n")],
                Pass,
                "GitLab",
            ),
            (
                &[(
                    "Jenkinsfile",
                    "pipeline { stages { stage('t') { steps { sh 'make test' } } } }\n",
                )],
                Pass,
                "Jenkins",
            ),
            (
                &[("ci.yml", "- run: cargo test")],
                Fail,
                "not a CI definition",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn design_docs_are_found_in_common_locations() {
    use CheckOutcome::{Fail, Pass};
    for (path, expected) in [
        ("ARCHITECTURE.md", Pass),
        ("docs/ARCHITECTURE.md", Pass),
        ("docs/architecture.md", Pass),
        ("docs/architecture/overview.md", Pass),
        ("docs/architecture/diagrams/context.svg", Pass),
        ("doc/architecture/overview.adoc", Pass),
        ("docs/adr/0001-record-architecture-decisions.md", Pass),
        ("docs/adr/accepted/0002-queues.md", Pass),
        ("doc/adr/0001-use-postgres.md", Pass),
        ("docs/decisions/0001-x.md", Pass),
        ("docs/design.md", Pass),
        ("docs/design/storage.md", Pass),
        ("docs/notes.md", Fail),
        ("src/architecture.rs", Fail),
        ("README.md", Fail),
    ] {
        expect_outcomes(
            "ownership.design_doc",
            &[(&[(path, "# doc\n")], expected, path)],
        )
        .await;
    }
}
