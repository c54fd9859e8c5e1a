//! `orrery manifest schema` and `orrery manifest validate FILE`.

use super::EXAMPLE;
use std::process::{Command, Output};

fn orrery(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orrery"))
        .args(args)
        .output()
        .unwrap()
}

fn fixture() -> String {
    format!(
        "{}/tests/fixtures/manifest/orrery.yaml",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn schema_is_a_json_schema_the_example_passes() {
    let out = orrery(&["manifest", "schema"]);
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(jsonschema::meta::is_valid(&schema), "a valid JSON Schema");
    let example: serde_json::Value = serde_saphyr::from_str(EXAMPLE).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&example)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let readme =
        std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    assert!(
        readme.contains(EXAMPLE),
        "the README shows the fixture verbatim"
    );
}

#[test]
fn validate_accepts_the_example_and_locates_problems() {
    let out = orrery(&["manifest", "validate", &fixture()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("valid manifest for service `checkout`"),
        "{stdout}"
    );

    let dir = std::env::temp_dir().join(format!("orrery-manifest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = EXAMPLE
        .replace("objective_percent: 99.9\n", "objective_percent: 100\n")
        .replace(
            "  - external: Stripe API\n",
            "  - external: Stripe API\n    service: stripe\n",
        );
    let file = dir.join("orrery.yaml");
    std::fs::write(&file, &bad).unwrap();
    let out = orrery(&["manifest", "validate", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let line = bad
        .lines()
        .position(|l| l.contains("objective_percent: 100"))
        .unwrap()
        + 1;
    let name = file.display();
    assert!(
        stdout.contains(&format!("{name}:{line}:24: slos[0].objective_percent: ")),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).ok();
    print!("{stdout}");
}
