//! The fixture's history as TSDB blocks: written out as OpenMetrics and turned into blocks by
//! `promtool tsdb create-blocks-from openmetrics`, in a directory removed on drop.

use super::fixture::Fixture;
use crate::prom::server::promtool_binary;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A directory removed on drop.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new(prefix: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        Self(dir)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Whether this promtool knows `--max-block-duration` (added after Debian's 2.42).
fn promtool_has_max_block_duration() -> bool {
    let out = Command::new(promtool_binary())
        .arg("--help-long")
        .output()
        .expect("run promtool --help-long");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.contains("--max-block-duration")
}

fn promtool_backfill(input: &Path, data_dir: &Path, flags: &[&str]) {
    let out = Command::new(promtool_binary())
        .args(["tsdb", "create-blocks-from", "openmetrics", "--quiet"])
        .args(flags)
        .arg(input)
        .arg(data_dir)
        .output()
        .expect("run promtool");
    assert!(
        out.status.success(),
        "promtool could not backfill {}: {}{}",
        input.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Writes the blocks of one OpenMetrics document (ending in `# EOF`) into `data_dir`. Keep it
/// to a few days: an old promtool re-reads the whole input once per 2 h block.
pub(crate) fn backfill_text(text: &str, data_dir: &Path) {
    let inputs = TempDir::new("orrery-slo-openmetrics");
    let file = inputs.path().join("history.om.txt");
    std::fs::write(&file, text).expect("write OpenMetrics");
    let flags: &[&str] = if promtool_has_max_block_duration() {
        &["--max-block-duration=240h"]
    } else {
        &[]
    };
    promtool_backfill(&file, data_dir, flags);
}

/// Writes the fixture's blocks into `data_dir`.
///
/// A promtool with `--max-block-duration` gets one input and 240 h blocks. Older ones (such as
/// Debian's 2.42) always write 2 h blocks and re-read the whole input once per block, which for
/// five weeks in one file takes minutes; one input per day keeps that linear (seconds).
/// (The harness's `backfill_openmetrics` always passes the flag, which 2.42 rejects.)
pub(super) fn backfill(fixture: &Fixture, data_dir: &Path) {
    let inputs = TempDir::new("orrery-slo-openmetrics");
    if promtool_has_max_block_duration() {
        let file = inputs.path().join("history.om.txt");
        std::fs::write(&file, fixture.openmetrics_all()).expect("write OpenMetrics");
        promtool_backfill(&file, data_dir, &["--max-block-duration=240h"]);
    } else {
        for (day, text) in fixture.openmetrics_by_day().iter().enumerate() {
            let file = inputs.path().join(format!("day-{day:02}.om.txt"));
            std::fs::write(&file, text).expect("write OpenMetrics");
            promtool_backfill(&file, data_dir, &[]);
        }
    }
}
