//! Deployment items on small repositories: replicas or an autoscaler, non-root containers and
//! disruption budgets.

use super::*;

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
        r.evidence.summary.contains(
            "Deployment/api (deploy/app.yaml:1): `spec['replicas','minReplicas']` is missing"
        ),
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
