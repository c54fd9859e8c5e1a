use super::*;
#[tokio::test]
async fn dump() {
    for f in ["well-prepared", "hpa-worker", "neglected"] {
        for (k, r) in run_all(&fixture(f)).await {
            eprintln!("{f} {k} {:?} {:?}:{:?} [{:?}] {}", r.outcome, r.evidence.path, r.evidence.line, r.evidence.object, r.evidence.summary);
        }
    }
}
