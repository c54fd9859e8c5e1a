//! TLS on every Ingress (and only Ingresses) and secret-like variables in manifests.

use super::*;

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
