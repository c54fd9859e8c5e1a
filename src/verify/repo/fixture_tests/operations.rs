//! Operational items on small repositories: runbook URLs, alert rules, a CI test step and
//! design docs.

use super::*;

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
