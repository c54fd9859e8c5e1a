//! The `orrery` binary's offline commands.

use std::path::PathBuf;
use std::process::Command;

fn orrery() -> Command {
    Command::new(env!("CARGO_BIN_EXE_orrery"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn checklists_validate_passes_on_shipped_templates() {
    let out = orrery()
        .arg("checklists")
        .arg("validate")
        .arg(repo().join("checklists"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("orr-standard"), "{stdout}");
}

#[test]
fn checklists_validate_fails_usefully_on_a_broken_copy() {
    let dir = std::env::temp_dir().join(format!("orrery-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = std::fs::read_to_string(repo().join("checklists/orr-standard.yaml")).unwrap();
    let bad = good.replacen("weight: 10", "weight: 11", 1);
    let line = bad.lines().position(|l| l.contains("weight: 11")).unwrap() + 1;
    let file = dir.join("broken.yaml");
    std::fs::write(&file, bad).unwrap();
    let out = orrery()
        .arg("checklists")
        .arg("validate")
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    std::fs::remove_dir_all(&dir).ok();
    assert!(!out.status.success());
    let expected = format!("broken.yaml:{line}:17: ");
    assert!(
        stderr.contains(&expected),
        "expected `{expected}` in:\n{stderr}"
    );
    assert!(stderr.contains("rule: maximum"), "{stderr}");
    assert!(stderr.contains("/weight"), "{stderr}");
}

#[test]
fn export_schema_prints_the_sdl() {
    let out = orrery().arg("export-schema").output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), orrery::graphql::sdl());
}
