//! `promtool` for tests: checking rule files and backfilling history into a data directory.

use super::{promtool_binary, unique_dir};
use std::path::Path;
use std::process::Command;

/// Validates a rule file with `promtool check rules`; `Err` carries promtool's output.
pub fn promtool_check_rules(content: &str) -> Result<(), String> {
    let dir = unique_dir("orrery-promtool");
    std::fs::create_dir_all(&dir).expect("create temp dir");
    let file = dir.join("rules.yml");
    std::fs::write(&file, content).expect("write rules");
    let out = Command::new(promtool_binary())
        .arg("check")
        .arg("rules")
        .arg(&file)
        .output()
        .expect("run promtool");
    let _ = std::fs::remove_dir_all(&dir);
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Writes TSDB blocks for `openmetrics` (OpenMetrics text ending in `# EOF`, timestamps in
/// seconds) into `data_dir` with `promtool tsdb create-blocks-from openmetrics`, blocks of at
/// most 240 h. Start Prometheus on `data_dir` with a long retention afterwards.
pub fn backfill_openmetrics(openmetrics: &str, data_dir: &Path) {
    std::fs::create_dir_all(data_dir).expect("create data dir");
    let file = data_dir.with_extension("om.txt");
    std::fs::write(&file, openmetrics).expect("write OpenMetrics input");
    let out = Command::new(promtool_binary())
        .args(["tsdb", "create-blocks-from", "openmetrics"])
        .arg("--max-block-duration=240h")
        .arg(&file)
        .arg(data_dir)
        .output()
        .expect("run promtool");
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "promtool could not backfill {}: {}{}",
        data_dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
